//! The rows of a tabular sample, for the checks that look at cells (personal data,
//! Walloon standards).
//!
//! The sniffer has already said what the bytes are (format, encoding, delimiter); this
//! module only turns the bytes already read into a header and rows, so that the cell
//! checks cost no extra request and no second guess at the dialect. A capped read ends
//! in the middle of a record: that last, partial record is dropped, never judged.
//! XLSX and ODS are read in `workbook`, only when the probe holds the whole file.

use encoding_rs::Encoding;
use serde_json::Value;

use super::{Format, Sample};

/// How many data rows are read at most.
pub(super) const MAX_ROWS: usize = 1_000;
/// How many columns are kept at most.
pub(super) const MAX_COLUMNS: usize = 500;

/// A header and the data rows read below it.
#[derive(Clone, Default)]
pub(crate) struct Table {
    /// Column names, as written.
    pub header: Vec<String>,
    /// Data rows; a row may be shorter or longer than the header.
    pub rows: Vec<Vec<String>>,
    /// False when the table goes on beyond the rows read.
    pub complete: bool,
}

// Cells may hold personal data: never print them.
impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("header", &self.header)
            .field("rows", &self.rows.len())
            .field("complete", &self.complete)
            .finish()
    }
}

impl Table {
    /// The spreadsheet row number of data row `i` (the header is row 1).
    pub fn row_number(i: usize) -> usize {
        i + 2
    }
}

/// The table in a sample the sniffer judged tabular, or `None` for other formats.
pub(crate) fn read(
    sample: Sample<'_>,
    format: Format,
    encoding: Option<&str>,
    delimiter: Option<char>,
) -> Option<Table> {
    match format {
        Format::Csv | Format::Tsv => {
            let text = decode(sample.bytes, encoding)?;
            read_delimited(&text, delimiter?, sample.complete)
        }
        Format::Json | Format::GeoJson => {
            let text = decode(sample.bytes, encoding)?;
            read_json(&text, sample.complete)
        }
        _ => None,
    }
}

fn decode<'a>(bytes: &'a [u8], encoding: Option<&str>) -> Option<std::borrow::Cow<'a, str>> {
    let encoding = Encoding::for_label(encoding?.as_bytes())?;
    let (text, _, _) = encoding.decode(bytes);
    Some(text)
}

fn read_delimited(text: &str, delimiter: char, complete: bool) -> Option<Table> {
    let delimiter = u8::try_from(delimiter).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = records.next()?.ok()?;
    let header: Vec<String> = header
        .iter()
        .take(MAX_COLUMNS)
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    let mut read_all = true;
    for record in records {
        let Ok(record) = record else {
            read_all = false;
            break;
        };
        if rows.len() == MAX_ROWS {
            read_all = false;
            break;
        }
        rows.push(record.iter().take(MAX_COLUMNS).map(str::to_owned).collect());
    }
    let mut table = Table {
        header,
        rows,
        complete: complete && read_all,
    };
    if !complete && !text.ends_with('\n') {
        // The last record was cut by the read cap.
        table.rows.pop();
    }
    Some(table)
}

/// An array of objects, a GeoJSON FeatureCollection (its features' properties), or an
/// OpenDataSoft export (its records' `fields`): one row per object, columns by key.
fn read_json(text: &str, complete: bool) -> Option<Table> {
    let (start, path) = array_start(text)?;
    let mut objects = Vec::new();
    let mut rest = &text[start..];
    let mut read_all = false;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.starts_with(']') {
            read_all = true;
            break;
        }
        if objects.len() == MAX_ROWS || rest.is_empty() {
            break;
        }
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let Some(Ok(value)) = stream.next() else {
            break;
        };
        let used = stream.byte_offset();
        rest = &rest[used..];
        if let Value::Object(map) = value {
            objects.push(flatten(map, path));
        }
    }
    let mut header: Vec<String> = Vec::new();
    for object in &objects {
        for (key, _) in object {
            if header.len() < MAX_COLUMNS && !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    if header.is_empty() {
        return None;
    }
    let rows = objects
        .into_iter()
        .map(|object| {
            let mut row = vec![String::new(); header.len()];
            for (key, value) in object {
                if let Some(i) = header.iter().position(|h| *h == key) {
                    row[i] = value;
                }
            }
            row
        })
        .collect();
    Some(Table {
        header,
        rows,
        complete: complete && read_all,
    })
}

/// Where the records' array starts (just after its `[`), and which member holds a record's cells.
fn array_start(text: &str) -> Option<(usize, Option<&'static str>)> {
    let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let offset = text.len() - body.len();
    if body.starts_with('[') {
        return Some((offset + 1, Some("fields")));
    }
    for (key, member) in [("\"features\"", "properties"), ("\"records\"", "fields")] {
        if let Some(at) = body.find(key) {
            let after = &body[at + key.len()..];
            let after_colon = after.trim_start().strip_prefix(':')?.trim_start();
            if after_colon.starts_with('[') {
                let start = body.len() - after_colon.len() + 1;
                return Some((offset + start, Some(member)));
            }
        }
    }
    None
}

/// The record's scalar members as text; the members of `inner` (a GeoJSON feature's
/// `properties`, an ODS record's `fields`) are lifted to the top.
fn flatten(
    map: serde_json::Map<String, Value>,
    inner: Option<&'static str>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(nested) if Some(key.as_str()) == inner => {
                out.extend(flatten(nested, None));
            }
            Value::Null => out.push((key, String::new())),
            Value::String(s) => out.push((key, s)),
            Value::Bool(_) | Value::Number(_) => out.push((key, value.to_string())),
            Value::Array(_) | Value::Object(_) => out.push((key, value.to_string())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str, complete: bool) -> Table {
        read_delimited(text, ',', complete).unwrap()
    }

    #[test]
    fn a_cut_last_record_is_dropped() {
        let t = csv("a,b\n1,2\n3,4\n5,", false);
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(t.rows, [["1", "2"], ["3", "4"]]);
        assert!(!t.complete);
        let t = csv("a,b\n1,2\n3,4\n", true);
        assert_eq!(t.rows.len(), 2);
        assert!(t.complete);
    }

    #[test]
    fn geojson_features_give_their_properties() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":null,"properties":{"nom":"A","n":1}},
            {"type":"Feature","geometry":null,"properties":{"nom":"B","x":true}}]}"#;
        let t = read_json(text, true).unwrap();
        for column in ["nom", "n", "x"] {
            assert!(t.header.iter().any(|h| h == column), "{:?}", t.header);
        }
        let nom = t.header.iter().position(|h| h == "nom").unwrap();
        assert_eq!(t.rows[1][nom], "B");
        assert!(t.complete);
    }

    #[test]
    fn a_cut_json_array_keeps_the_whole_objects() {
        let text = r#"[{"a":"1","b":2},{"a":"3","b":4},{"a":"5","#;
        let t = read_json(text, false).unwrap();
        assert_eq!(t.rows, [["1", "2"], ["3", "4"]]);
        assert!(!t.complete);
    }
}
