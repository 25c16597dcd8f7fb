//! Decide what a file is from its bytes alone.
//!
//! Names and Content-Type headers lie on commune websites (an HTML error page saved as
//! `.csv`, an Excel file named `.csv`), so this module never looks at them: it gets a
//! prefix of the bytes and whether that prefix is the whole file, and answers with a
//! [`Sniffed`] verdict carrying the sentences a person needs to check it.
//!
//! It is pure and bounded: no I/O, no entity expansion, no remote contexts, a fixed cap
//! on what any archive may inflate, and no input may make it panic.

mod archive;
mod binary;
mod delimited;
mod json;
mod markup;
mod rdf;
mod text;

pub use text::{guess_legacy_encoding, mostly_utf8};

use super::{Container, Format, Stars};

/// How deep archives may nest (a zip in a gzip in a zip...) before we stop looking.
const MAX_DEPTH: u8 = 3;

/// What the bytes are, with the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// The format of the data (inside its container, if any).
    pub format: Format,
    /// The archive or compressed stream the data sits in.
    pub container: Option<Container>,
    /// The stars the content allows (format ceiling, refined for HTML and RDF).
    pub stars: Stars,
    /// The character encoding, for text.
    pub encoding: Option<&'static str>,
    /// The field delimiter, for delimited text.
    pub delimiter: Option<char>,
    /// Short sentences a person can check.
    pub reasons: Vec<String>,
    /// Formats the bytes are consistent with without proving them (one value per line
    /// is a one-column CSV as well as plain text): a name or Content-Type claiming one
    /// of them is not contradicted, and for plain text the claim stands.
    pub consistent_with: &'static [Format],
}

impl Sniffed {
    /// A verdict with the format's own star ceiling.
    pub(crate) fn of(format: Format, reason: impl Into<String>) -> Sniffed {
        Sniffed {
            format,
            container: None,
            stars: format.star_ceiling(),
            encoding: None,
            delimiter: None,
            reasons: vec![reason.into()],
            consistent_with: &[],
        }
    }

    /// A verdict with stars set by the content rather than the format's ceiling.
    pub(crate) fn with_stars(mut self, stars: Stars, reason: impl Into<String>) -> Sniffed {
        self.stars = stars;
        self.reasons.push(reason.into());
        self
    }

    fn unknown(reason: impl Into<String>) -> Sniffed {
        Sniffed::of(Format::Unknown, reason)
    }
}

/// The bytes to judge: a prefix of a file, and whether it is the whole file.
#[derive(Clone, Copy, Debug)]
pub struct Sample<'a> {
    /// The bytes read, from the start of the file.
    pub bytes: &'a [u8],
    /// False when the file goes on beyond `bytes` (a capped read).
    pub complete: bool,
}

impl<'a> Sample<'a> {
    /// The whole of a file.
    pub fn whole(bytes: &'a [u8]) -> Self {
        Sample {
            bytes,
            complete: true,
        }
    }

    /// The first bytes of a longer file.
    pub fn prefix(bytes: &'a [u8]) -> Self {
        Sample {
            bytes,
            complete: false,
        }
    }
}

/// Classify a sample by its content.
pub fn sniff(sample: Sample<'_>) -> Sniffed {
    sniff_at(sample, 0)
}

fn sniff_at(sample: Sample<'_>, depth: u8) -> Sniffed {
    if sample.bytes.is_empty() {
        return Sniffed::unknown(if sample.complete {
            "the file is empty"
        } else {
            "no bytes could be read"
        });
    }
    if let Some(found) = archive::sniff(sample, depth) {
        return found;
    }
    if let Some(found) = binary::sniff(sample) {
        return found;
    }
    text::sniff(sample)
}

/// The largest char boundary of `s` at or below `i`: where to cut text without splitting a character.
fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
