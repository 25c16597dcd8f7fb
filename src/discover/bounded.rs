//! Reading one page at a bounded cost, whatever it holds.
//!
//! The HTML parser's work grows with the square of the nesting depth (each start tag
//! scans the stack of open elements): 10k nested `<div>` took 0.9 s, 400k over 25 min,
//! and it ran on the async workers, starving every other host. So before parsing:
//!
//! - a linear pre-scan blanks start tags (and their end tags) nested deeper than
//!   [`MAX_DEPTH`], so the tree the parser builds is never deeper than that (their
//!   content stays; links are never blanked);
//! - NUL bytes, which the parser drops one character at a time, become spaces.
//!
//! Pages over [`INLINE_LIMIT`] are parsed on the blocking pool under a deadline
//! ([`PARSE_DEADLINE`]), holding a share of a global budget of bytes being parsed
//! ([`BUDGET_BYTES`]), so parses in flight cannot together exhaust memory or cores. A page that
//! misses its deadline is a [`PageParseError`] for that page only; the parse goes on in
//! the background (a thread cannot be stopped) holding its budget until it ends.

use std::borrow::Cow;
use std::time::Duration;

use tokio::sync::Semaphore;
use url::Url;

use super::page::{ParsedPage, parse_html};

/// Deepest element nesting the parser is given (real pages stay under ~60).
pub const MAX_DEPTH: usize = 256;
/// Pages up to this size are parsed in place (bounded, they cost milliseconds).
pub const INLINE_LIMIT: usize = 256 * 1024;
/// How long a big page may take to parse.
pub const PARSE_DEADLINE: Duration = Duration::from_secs(10);
/// Bytes of page being parsed at once, all hosts together: two pages at the 2 MiB cap,
/// so big parses never take more than two cores from the crawl (measured with 16
/// hostile sites: 8 parses at once left an innocent site 3.5x slower).
pub const BUDGET_BYTES: usize = 4 * 1024 * 1024;
/// The budget is counted in KiB (a semaphore counts in u32 permits).
const BUDGET_UNIT: usize = 1024;

static BUDGET: Semaphore = Semaphore::const_new(BUDGET_BYTES / BUDGET_UNIT);

/// Why a page was not read.
#[derive(Debug, thiserror::Error)]
pub enum PageParseError {
    /// Parsing took longer than the deadline.
    #[error("page not read: parsing {bytes} bytes took longer than {}s", deadline.as_secs())]
    Deadline {
        /// The page's size.
        bytes: usize,
        /// The deadline.
        deadline: Duration,
    },
    /// The parse failed (a bug, reported rather than propagated).
    #[error("page not read: the HTML parser failed")]
    Failed,
}

/// Parse a page of `url` at a bounded cost: in place when small, else off the async
/// workers, within the global budget and the deadline.
pub async fn parse_page(body: String, url: Url) -> Result<ParsedPage, PageParseError> {
    if body.len() <= INLINE_LIMIT {
        return Ok(parse_html(&bounded(&body), &url));
    }
    let bytes = body.len();
    let units = bytes.div_ceil(BUDGET_UNIT).min(BUDGET_BYTES / BUDGET_UNIT) as u32;
    let permit = BUDGET
        .acquire_many(units)
        .await
        .map_err(|_| PageParseError::Failed)?;
    let task = tokio::task::spawn_blocking(move || {
        let parsed = parse_html(&bounded(&body), &url);
        drop(permit);
        parsed
    });
    match tokio::time::timeout(PARSE_DEADLINE, task).await {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(_)) => Err(PageParseError::Failed),
        Err(_) => Err(PageParseError::Deadline {
            bytes,
            deadline: PARSE_DEADLINE,
        }),
    }
}

/// `html` with NUL bytes as spaces and start tags deeper than [`MAX_DEPTH`] blanked.
pub fn bounded(html: &str) -> Cow<'_, str> {
    let mut scan = Scan {
        bytes: html.as_bytes(),
        blank: Vec::new(),
        depth: 0,
        foreign: 0,
    };
    scan.run();
    let has_nul = memchr::memchr(0, html.as_bytes()).is_some();
    if scan.blank.is_empty() && !has_nul {
        return Cow::Borrowed(html);
    }
    let mut out = html.as_bytes().to_vec();
    for (start, end) in scan.blank {
        out[start..end].fill(b' ');
    }
    for b in out.iter_mut().filter(|b| **b == 0) {
        *b = b' ';
    }
    // Only whole tags (ASCII `<` to `>`) and NUL bytes were replaced by ASCII spaces.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// Elements that never hold others.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param", b"keygen", b"frame",
];
/// Elements whose content is text up to their end tag.
const RAW: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];
/// Elements the parser closes by itself when the next one opens (never nested): not
/// counted, so sloppy pages with thousands of unclosed `<li>`, `<p>` or `<a>` lose nothing.
const SELF_CLOSING: &[&[u8]] = &[
    b"a",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"rb",
    b"rt",
    b"rp",
    b"tbody",
    b"thead",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"html",
    b"head",
    b"body",
];

/// The pre-scan: an approximate tokenizer that counts open elements.
struct Scan<'a> {
    bytes: &'a [u8],
    /// Byte ranges of tags to blank.
    blank: Vec<(usize, usize)>,
    /// Open counted elements, blanked ones included.
    depth: usize,
    /// Depth at which `<svg>`/`<math>` opened (where `/>` closes an element), or 0.
    foreign: usize,
}

impl Scan<'_> {
    fn run(&mut self) {
        let b = self.bytes;
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'<', &b[i..]) {
            let at = i + off;
            i = match b.get(at + 1) {
                Some(b'!') if b[at..].starts_with(b"<!--") => {
                    find(b, at + 4, b"-->").map_or(b.len(), |e| e + 3)
                }
                Some(b'!' | b'?') => memchr::memchr(b'>', &b[at..]).map_or(b.len(), |e| at + e + 1),
                Some(b'/') => self.end_tag(at),
                Some(c) if c.is_ascii_alphabetic() => self.start_tag(at),
                _ => at + 1,
            };
        }
    }

    fn start_tag(&mut self, at: usize) -> usize {
        let (name, end, self_closed) = tag(self.bytes, at + 1);
        let lower = name.to_ascii_lowercase();
        let name = lower.as_slice();
        if RAW.contains(&name) {
            let mut close = b"</".to_vec();
            close.extend_from_slice(name);
            return find_ignore_case(self.bytes, end, &close).unwrap_or(self.bytes.len());
        }
        if VOID.contains(&name) || SELF_CLOSING.contains(&name) || (self_closed && self.foreign > 0)
        {
            return end;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.blank.push((at, end));
        } else if self.foreign == 0 && (name == b"svg" || name == b"math") {
            self.foreign = self.depth;
        }
        end
    }

    fn end_tag(&mut self, at: usize) -> usize {
        let (name, end, _) = tag(self.bytes, at + 2);
        let lower = name.to_ascii_lowercase();
        let name = lower.as_slice();
        if name.is_empty() || VOID.contains(&name) || SELF_CLOSING.contains(&name) {
            return end;
        }
        if self.depth > MAX_DEPTH {
            self.blank.push((at, end));
        }
        if self.foreign == self.depth {
            self.foreign = 0;
        }
        self.depth = self.depth.saturating_sub(1);
        end
    }
}

/// The tag name starting at `from`, the end of the tag (after its `>`), and whether it
/// ends with `/>`. Quoted attribute values may hold `>`.
fn tag(b: &[u8], from: usize) -> (&[u8], usize, bool) {
    let name_end = b[from..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        .map_or(b.len(), |p| from + p);
    let name = &b[from..name_end];
    let mut i = name_end;
    let mut after_equals = false;
    while i < b.len() {
        match b[i] {
            b'>' => return (name, i + 1, i > 0 && b[i - 1] == b'/'),
            b'=' => after_equals = true,
            q @ (b'"' | b'\'') if after_equals => {
                i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                after_equals = false;
            }
            c if c.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    (name, b.len(), false)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], needle).map(|p| from + p)
}

fn find_ignore_case(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(p) = find(b, i, b"</") {
        if b.len() >= p + needle.len() && b[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        i = p + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let doc = scraper::Html::parse_document(html);
        doc.tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn nesting_is_capped_and_links_kept() {
        let deep = format!(
            "{}<a href=/deep.csv>x</a>{}",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        let out = bounded(&deep);
        assert_eq!(out.len(), deep.len());
        assert!(depth_of(&out) <= MAX_DEPTH + 8, "{}", depth_of(&out));
        assert!(depth_of(&deep) > 1_500);
        let url = Url::parse("http://a.be/").unwrap();
        let parsed = parse_html(&out, &url);
        assert_eq!(parsed.links.len(), 1);
        assert_eq!(parsed.links[0].url.path(), "/deep.csv");
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = format!(
            "<!DOCTYPE html><html><head><title>a > b</title><script>if (a<b) {{ x = '<div>' }}</script></head><body>{}<svg>{}</svg><div title='>'><p>{}</div></body></html>",
            "<ul><li><a href=x.csv>x</a></ul>".repeat(400),
            "<path d='M0'/>".repeat(1000),
            "<p>unclosed".repeat(1000),
        );
        assert!(matches!(bounded(&page), Cow::Borrowed(_)));
        let nul = bounded("a\0b");
        assert_eq!(nul, "a b");
    }
}
