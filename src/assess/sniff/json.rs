//! JSON, GeoJSON, JSON-LD and JSON Lines, told apart by a single pass over the text.
//!
//! A capped download ends mid-value, so a full parser would call every large JSON file
//! invalid. This scanner checks the grammar as far as the text goes and remembers the
//! few facts the verdict needs: the root's keys, its `type`, its `@context`, and the
//! `@id`s of JSON-LD nodes (for the 4/5-star question).

use super::{Sniffed, rdf};
use crate::assess::{Format, Stars};

/// How much of the text is checked; beyond this the grammar is taken as established.
const SCAN_LIMIT: usize = 256 * 1024;
/// Keys are remembered for this many levels; deeper frames are still checked (the text
/// checked is capped, so the stack is too), only their keys are not read.
const MAX_NESTING: usize = 512;
/// How many `@id` values are kept for the link analysis.
const MAX_IDS: usize = 20_000;

const GEOJSON_TYPES: &[&str] = &[
    "FeatureCollection",
    "Feature",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

pub(super) fn sniff(text: &str, complete: bool) -> Option<Sniffed> {
    let shape = Scanner::new(text).run();
    let how = match how_well_formed(&shape, text, complete) {
        Ok(how) => how,
        Err(verdict) => return verdict,
    };
    let lines = shape.values > 1;
    let kind = if lines { "JSON Lines" } else { "JSON" };
    if shape.has_context || shape.keys.iter().any(|k| k == "@id" || k == "@graph") {
        return Some(json_ld(&shape, &how, kind));
    }
    let ty = shape.root_type.as_deref();
    if let Some(t) = ty.filter(|t| GEOJSON_TYPES.contains(t)) {
        let what = if lines {
            "GeoJSON text sequence"
        } else {
            "GeoJSON"
        };
        return Some(Sniffed::of(
            Format::GeoJson,
            format!("{how}; root \"type\": \"{t}\": {what}"),
        ));
    }
    if ty.is_none() && shape.feature_geometry {
        return Some(Sniffed::of(
            Format::GeoJson,
            format!("{how}; a root \"features\" array whose members have a \"geometry\": GeoJSON"),
        ));
    }
    let keys = if shape.keys.is_empty() {
        String::new()
    } else {
        let shown: Vec<&str> = shape.keys.iter().take(5).map(String::as_str).collect();
        format!(" (keys: {})", shown.join(", "))
    };
    let root = if shape.root_is_array {
        "array"
    } else {
        "object"
    };
    Some(
        Sniffed::of(
            Format::Json,
            format!("{how}; {kind} with a root {root}{keys}"),
        )
        .with_stars(Stars::new(3), "structured, open, without IRIs"),
    )
}

/// How far the text is JSON, said for the verdict; or, when it is not JSON enough to be
/// one, the verdict itself (`Err`).
fn how_well_formed(shape: &Shape, text: &str, complete: bool) -> Result<String, Option<Sniffed>> {
    Ok(match shape.end {
        // Whole JSON values, then text that is not JSON (a PHP notice appended by the
        // server): JSON, broken by what follows it.
        End::Bad(at) if shape.values >= 1 && (at >= 64 || appended_markup(text, at)) => format!(
            "well-formed JSON up to byte {at}, followed by text that is not JSON (e.g. a \
             server's error notice appended to the data)"
        ),
        // A short value then words ("[1] Il était une fois"): text, not JSON.
        End::Bad(at) if shape.values >= 1 => {
            return Err(Some(Sniffed::of(
                Format::Txt,
                format!("starts as JSON but is not valid JSON at byte {at}"),
            )));
        }
        // Long valid JSON that breaks inside a value: not known, but consistent with the
        // JSON it starts as (never a table, prose or a mislabelled file).
        End::Bad(at) if at >= 1024 => {
            let mut found = Sniffed::of(
                Format::Unknown,
                format!("starts as JSON but is not valid JSON at byte {at}"),
            );
            found.consistent_with = &[Format::Json, Format::GeoJson, Format::JsonLd];
            return Err(Some(found));
        }
        End::Bad(_) => return Err(None),
        End::Eof if complete && shape.values == 0 => return Err(None),
        End::Eof => "valid JSON as far as it was read (the file goes on)".to_owned(),
        End::Limit => format!("valid JSON for the first {} KiB checked", SCAN_LIMIT / 1024),
        End::Done => "well-formed JSON".to_owned(),
    })
}

/// JSON-LD, rated by the links its node `@id`s make.
fn json_ld(shape: &Shape, how: &str, kind: &str) -> Sniffed {
    let (stars, why) = rdf::link_verdict(
        shape
            .ids
            .iter()
            .filter(|(_, top)| *top)
            .map(|(s, _)| s.as_str()),
        shape
            .ids
            .iter()
            .filter(|(_, top)| !*top)
            .map(|(s, _)| s.as_str()),
        shape.ids.len() >= MAX_IDS,
    );
    Sniffed::of(
        Format::JsonLd,
        format!("{how}; {kind} with an @context: JSON-LD"),
    )
    .with_stars(stars, why)
}

/// What follows the JSON at byte `at` is markup (`<br />\n<b>Notice</b>: …`).
fn appended_markup(text: &str, at: usize) -> bool {
    text.get(at..)
        .is_some_and(|rest| rest.trim_start().starts_with('<'))
}

#[derive(Debug, PartialEq, Eq)]
enum End {
    /// Every value ended and nothing but whitespace follows.
    Done,
    /// The text ran out inside a value.
    Eof,
    /// The scan stopped at [`SCAN_LIMIT`] with no error so far.
    Limit,
    /// Not JSON at this byte.
    Bad(usize),
}

#[derive(Debug)]
struct Shape {
    end: End,
    values: usize,
    root_is_array: bool,
    keys: Vec<String>,
    root_type: Option<String>,
    has_context: bool,
    /// A member of a root "features" array has a "geometry".
    feature_geometry: bool,
    /// JSON-LD `@id` values, with whether they name a top-level node (a subject).
    ids: Vec<(String, bool)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// An object; `top` when its node is a subject (root, root array element, @graph element).
    Object { top: bool, described: bool },
    /// An array; `nodes` when its elements are top-level nodes.
    Array { nodes: bool },
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    stack: Vec<Frame>,
    /// The key just read in each object frame.
    /// (as a byte range of the text, so scanning allocates nothing).
    last_key: Vec<Option<(usize, usize)>>,
    shape: Shape,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            b: text.as_bytes(),
            i: 0,
            stack: Vec::new(),
            last_key: Vec::new(),
            shape: Shape {
                end: End::Done,
                values: 0,
                root_is_array: false,
                keys: Vec::new(),
                root_type: None,
                has_context: false,
                feature_geometry: false,
                ids: Vec::new(),
            },
        }
    }

    fn run(mut self) -> Shape {
        self.shape.end = match self.values() {
            Ok(()) => End::Done,
            Err(e) => e,
        };
        self.shape
    }

    fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x1E) {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Result<u8, End> {
        if self.i >= SCAN_LIMIT {
            return Err(End::Limit);
        }
        self.b.get(self.i).copied().ok_or(End::Eof)
    }

    /// One or more top-level values separated by whitespace (JSON Lines).
    fn values(&mut self) -> Result<(), End> {
        loop {
            self.skip_ws();
            if self.i >= self.b.len() {
                return if self.shape.values == 0 {
                    Err(End::Eof)
                } else {
                    Ok(())
                };
            }
            let first = self.shape.values == 0;
            if first {
                self.shape.root_is_array = self.b[self.i] == b'[';
            }
            self.value(first)?;
            self.shape.values += 1;
        }
    }

    /// One value, iteratively (no recursion, so no stack overflow on deep nesting).
    fn value(&mut self, first: bool) -> Result<(), End> {
        let base = self.stack.len();
        let mut top_context = first;
        loop {
            self.skip_ws();
            let c = self.peek()?;
            match c {
                b'{' => {
                    self.i += 1;
                    let top = self.element_is_node() || top_context;
                    // The root object, or an element of the root array, describes the file.
                    let described = top_context
                        || (self.shape.values == 0
                            && self.shape.root_is_array
                            && self.stack.len() == 1);
                    self.open(Frame::Object { top, described })?;
                    top_context = false;
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        self.i += 1;
                        self.close();
                    } else {
                        self.key()?;
                        continue;
                    }
                }
                b'[' => {
                    self.i += 1;
                    let nodes = top_context || self.key_is("@graph");
                    self.open(Frame::Array { nodes })?;
                    top_context = false;
                    self.skip_ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        self.close();
                    } else {
                        continue;
                    }
                }
                b'"' => {
                    let s = self.string()?;
                    self.scalar_string(s);
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(End::Bad(self.i)),
            }
            // After a value: commas and closers until the next value is due.
            loop {
                if self.stack.len() == base {
                    return Ok(());
                }
                self.skip_ws();
                let c = self.peek()?;
                let frame = *self.stack.last().expect("non-empty");
                match (frame, c) {
                    (Frame::Object { .. }, b'}') | (Frame::Array { .. }, b']') => {
                        self.i += 1;
                        self.close();
                    }
                    (Frame::Object { .. }, b',') => {
                        self.i += 1;
                        self.key()?;
                        break;
                    }
                    (Frame::Array { .. }, b',') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(End::Bad(self.i)),
                }
            }
        }
    }

    fn open(&mut self, frame: Frame) -> Result<(), End> {
        if self.stack.len() < MAX_NESTING {
            self.last_key.push(None);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self) {
        if self.last_key.len() == self.stack.len() {
            self.last_key.pop();
        }
        self.stack.pop();
    }

    /// The key slot of the innermost frame, when its keys are remembered.
    fn key_slot(&mut self) -> Option<&mut Option<(usize, usize)>> {
        if self.last_key.len() == self.stack.len() {
            self.last_key.last_mut()
        } else {
            None
        }
    }

    /// Is the value about to start an element of an array of nodes?
    fn element_is_node(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Array { nodes: true }))
    }

    fn key_is(&self, key: &str) -> bool {
        self.last_key.len() == self.stack.len()
            && matches!(self.last_key.last(), Some(Some(k)) if self.text(*k) == key)
    }

    /// The text of a string's byte range (quotes are ASCII, so the range is on char boundaries).
    fn text(&self, (start, end): (usize, usize)) -> &'a str {
        std::str::from_utf8(&self.b[start..end]).unwrap_or("")
    }

    /// Read `"key" :` inside an object.
    fn key(&mut self) -> Result<(), End> {
        self.skip_ws();
        if self.peek()? != b'"' {
            return Err(End::Bad(self.i));
        }
        let range = self.string()?;
        let key = self.text(range);
        self.skip_ws();
        if self.peek()? != b':' {
            return Err(End::Bad(self.i));
        }
        self.i += 1;
        // root object → "features" array → feature object with a geometry: GeoJSON,
        // even when the root's "type" comes after a long feature list.
        if key == "geometry"
            && self.stack.len() == 3
            && matches!(self.last_key.first(), Some(Some(k)) if self.text(*k) == "features")
        {
            self.shape.feature_geometry = true;
        }
        if let Some(Frame::Object {
            described: true, ..
        }) = self.stack.last()
        {
            if key == "@context" {
                self.shape.has_context = true;
            }
            if self.shape.keys.len() < 32 {
                self.shape.keys.push(key.to_owned());
            }
        }
        if let Some(slot) = self.key_slot() {
            *slot = Some(range);
        }
        Ok(())
    }

    fn scalar_string(&mut self, s: (usize, usize)) {
        let Some(Frame::Object { top, described }) = self.stack.last().copied() else {
            return;
        };
        let root_object = described && self.stack.len() == 1;
        if self.key_is("type") && root_object && self.shape.root_type.is_none() {
            self.shape.root_type = Some(self.text(s).to_owned());
        } else if self.key_is("@id") && self.shape.ids.len() < MAX_IDS {
            self.shape.ids.push((self.text(s).to_owned(), top));
        }
    }

    /// A string; returns its raw content (escapes kept, enough for keys and IRIs).
    fn string(&mut self) -> Result<(usize, usize), End> {
        self.i += 1;
        let start = self.i;
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    let range = (start, self.i);
                    self.i += 1;
                    return Ok(range);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    if !matches!(
                        e,
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' | b'u'
                    ) {
                        return Err(End::Bad(self.i));
                    }
                    self.i += 1;
                }
                0..=0x1F => return Err(End::Bad(self.i)),
                _ => {
                    // Jump to the next quote or backslash.
                    match memchr::memchr2(b'"', b'\\', &self.b[self.i..]) {
                        Some(n) => {
                            if self.b[self.i..self.i + n].iter().any(|&c| c < 0x20) {
                                return Err(End::Bad(self.i));
                            }
                            self.i += n;
                        }
                        None => {
                            self.i = self.b.len();
                        }
                    }
                }
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), End> {
        for &w in word {
            if self.peek()? != w {
                return Err(End::Bad(self.i));
            }
            self.i += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), End> {
        let start = self.i;
        while let Some(&c) = self.b.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let n = &self.b[start..self.i];
        if self.i == self.b.len() {
            return Err(End::Eof);
        }
        let valid = std::str::from_utf8(n).ok().is_some_and(|s| {
            s.parse::<f64>().is_ok() && !s.starts_with('+') && !s.starts_with('.')
        });
        if valid { Ok(()) } else { Err(End::Bad(start)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_of(text: &str, complete: bool) -> Option<Format> {
        sniff(text, complete).map(|s| s.format)
    }

    #[test]
    fn kinds_of_json() {
        assert_eq!(
            format_of(r#"{"a": [1, 2.5e3, -0.1], "b": null}"#, true),
            Some(Format::Json)
        );
        assert_eq!(
            format_of(r#"{"type": "FeatureCollection", "features": []}"#, true),
            Some(Format::GeoJson)
        );
        assert_eq!(
            format_of(
                "{\"type\":\"Feature\",\"geometry\":null}\n{\"type\":\"Feature\",\"geometry\":null}\n",
                true
            ),
            Some(Format::GeoJson)
        );
        assert_eq!(
            format_of("{\"a\":1}\n{\"a\":2}\n", true),
            Some(Format::Json)
        );
        assert_eq!(
            format_of(
                r#"{"@context": "https://schema.org", "@id": "http://x.be/a"}"#,
                true
            ),
            Some(Format::JsonLd)
        );
        // Nested "type" keys do not make GeoJSON.
        assert_eq!(
            format_of(r#"{"data": {"type": "Feature"}}"#, true),
            Some(Format::Json)
        );
    }

    #[test]
    fn truncated_json_is_json_but_broken_json_is_not() {
        assert_eq!(
            format_of(r#"{"type": "FeatureCollection", "features": [{"ty"#, false),
            Some(Format::GeoJson)
        );
        assert_eq!(format_of("{nom: 1}", true), None);
        assert_eq!(format_of("[Chapitre 1] Il était une fois", true), None);
        assert_eq!(
            format_of("[1] Il était une fois une commune.", true),
            Some(Format::Txt)
        );
        assert_eq!(
            format_of("[1]\n<br /><b>Warning</b>: x", true),
            Some(Format::Json)
        );
    }

    #[test]
    fn json_ld_links_decide_four_or_five_stars() {
        let four = r#"{"@context": {}, "@graph": [{"@id": "http://data.namur.be/id/1", "http://ex.org/p": {"@id": "http://data.namur.be/id/2"}}]}"#;
        let five = r#"[{"@context": {}, "@id": "http://data.namur.be/id/1", "http://www.w3.org/2002/07/owl#sameAs": [{"@id": "http://www.wikidata.org/entity/Q1"}]}]"#;
        assert_eq!(sniff(four, true).unwrap().stars.get(), 4);
        assert_eq!(sniff(five, true).unwrap().stars.get(), 5);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(format_of(&deep, true), None);
    }

    #[test]
    fn valid_json_nested_deeper_than_the_key_frames_is_json() {
        let deep = format!("{}{{\"a\": 1}}{}", "[".repeat(5_000), "]".repeat(5_000));
        let got = sniff(&deep, true).expect("JSON");
        assert_eq!(got.format, Format::Json, "{:?}", got.reasons);
        let deep_objects = format!("{}1{}", "{\"k\": ".repeat(2_000), "}".repeat(2_000));
        assert_eq!(format_of(&deep_objects, true), Some(Format::Json));
        // Unbalanced deep closers are still caught.
        let bad = format!("{}1{}", "[".repeat(2_000), "}".repeat(2_000));
        assert_ne!(format_of(&bad, true), Some(Format::Json));
    }

    #[test]
    fn json_with_a_php_notice_after_it_is_json() {
        let text = "[{\"nom\": \"Namur\", \"code\": 92094}, {\"nom\": \"Ath\", \"code\": 51004}]\n<br />\n<b>Notice</b>:  Undefined index: page in <b>/var/www/api.php</b> on line <b>12</b><br />\n";
        let got = sniff(text, true).expect("JSON");
        assert_eq!(got.format, Format::Json);
        assert!(got.reasons[0].contains("not JSON"), "{:?}", got.reasons);
        // Broken deep inside a long value: unknown, and consistent with the JSON claim.
        let long = format!("[{}\"x\": }}]", "{\"a\": 1}, ".repeat(200));
        let got = sniff(&long, true).expect("broken JSON");
        assert_eq!(got.format, Format::Unknown);
        assert!(got.consistent_with.contains(&Format::Json));
    }
}
