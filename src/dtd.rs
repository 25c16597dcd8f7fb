//! Document type declarations blanked out before any XML or RDF/XML parse.
//!
//! A DTD's internal subset can declare entities that expand into one another ("billion
//! laughs"): a 1 KB file becomes gigabytes once expanded. quick-xml never expands them,
//! but the RDF/XML parser does, even entities no element uses. Nothing odaudit reads
//! needs a DTD, so every `<!DOCTYPE …>` is replaced by spaces of the same length before
//! parsing: byte offsets stay true, the text stays valid UTF-8 (only whole characters
//! between two ASCII delimiters are replaced), and references to the removed entities are
//! then plain syntax errors, which the lenient parsers skip. One linear pass, no
//! allocation when there is no DOCTYPE.

use std::borrow::Cow;

/// What blanking found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Blanked {
    /// DOCTYPE declarations blanked.
    pub doctypes: usize,
    /// Of them, those whose internal subset declared entities.
    pub with_entities: usize,
}

impl Blanked {
    /// A sentence for a reason or warning, when something was removed.
    pub fn note(&self) -> Option<String> {
        (self.with_entities > 0).then(|| {
            "its DTD declares entities; they were not expanded (the DTD is ignored)".to_owned()
        })
    }
}

/// `bytes` with every `<!DOCTYPE …>` (internal subset included) replaced by spaces.
pub fn blank(bytes: &[u8]) -> (Cow<'_, [u8]>, Blanked) {
    let mut found = Blanked::default();
    let mut out: Option<Vec<u8>> = None;
    let mut from = 0;
    while let Some(at) = find_doctype(bytes, from) {
        let end = doctype_end(bytes, at);
        let declaration = &bytes[at..end];
        found.doctypes += 1;
        if memchr::memmem::find(declaration, b"<!ENTITY").is_some() {
            found.with_entities += 1;
        }
        out.get_or_insert_with(|| bytes.to_vec())[at..end].fill(b' ');
        from = end;
    }
    match out {
        Some(v) => (Cow::Owned(v), found),
        None => (Cow::Borrowed(bytes), found),
    }
}

/// [`blank`] for text: the result is still valid UTF-8.
pub fn blank_str(text: &str) -> (Cow<'_, str>, Blanked) {
    match blank(text.as_bytes()) {
        (Cow::Borrowed(_), found) => (Cow::Borrowed(text), found),
        (Cow::Owned(v), found) => (
            // Only whole runs between ASCII `<` and `>` are replaced by ASCII spaces.
            Cow::Owned(
                String::from_utf8(v)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
            found,
        ),
    }
}

/// The next `<!DOCTYPE` (any case) at or after `from`.
fn find_doctype(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&bytes[at..], b"<!") {
        let start = at + i;
        let word = bytes.get(start + 2..start + 9)?;
        if word.eq_ignore_ascii_case(b"DOCTYPE") {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// Where the declaration starting at `start` ends (exclusive): its closing `>` outside
/// quotes, comments and the `[…]` internal subset; the end of the input if unterminated.
fn doctype_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 2;
    let mut quote: Option<u8> = None;
    let mut subset = false;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if bytes[i..].starts_with(b"<!--") => {
                i = memchr::memmem::find(&bytes[i + 4..], b"-->")
                    .map_or(bytes.len(), |e| i + 4 + e + 3);
                continue;
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'[' => subset = true,
                b']' => subset = false,
                b'>' if !subset => return i + 1,
                _ => {}
            },
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctype_with_subset_is_blanked_and_offsets_kept() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n <!ENTITY a \"x>y\">\n <!-- ] > -->\n]>\n<r>&a;é</r>";
        let (out, found) = blank_str(xml);
        assert_eq!(out.len(), xml.len());
        assert!(!out.contains("DOCTYPE") && !out.contains("ENTITY"), "{out}");
        assert!(out.ends_with("<r>&a;é</r>"), "{out}");
        assert_eq!(
            found,
            Blanked {
                doctypes: 1,
                with_entities: 1
            }
        );
        assert!(found.note().is_some());
    }

    #[test]
    fn no_doctype_borrows() {
        let (out, found) = blank(b"<r><!-- x --><![CDATA[a]]></r>");
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(found, Blanked::default());
        let (out, _) = blank(b"<!doctype html><p>");
        assert_eq!(&out[..], b"               <p>");
        let (out, _) = blank(b"<!DOCTYPE r [ <!ENTITY a 'b'");
        assert!(out.iter().all(|b| *b == b' '));
    }
}
