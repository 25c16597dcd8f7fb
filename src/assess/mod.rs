//! Pure judgements over bytes and metadata: what a file is, what it claims to be, and
//! how many stars it can earn.
//!
//! Nothing here does I/O, so everything here can be tested and fuzzed on plain byte
//! slices; the crawler hands in what it fetched and gets verdicts with reasons back.

mod declared;
mod format;
mod freshness;
mod licence;
mod personal;
mod schema;
mod sniff;
mod standard;
mod stars;
mod table;
pub(crate) mod text;
mod workbook;

pub use declared::{
    Claim, Declared, Source, claim_of_media_type, claim_of_name, format_of_extension,
};
pub use format::{Container, Format, UnknownFormatCode};
pub use freshness::{
    Frequency, Freshness, FreshnessClass, ModifiedSource, best_modified, judge_freshness,
    parse_date, parse_frequency,
};
pub use licence::{LicenceClass, LicenceVerdict, judge_licence};
pub use personal::{PersonalData, PersonalHit, PersonalKind, Publisher};
pub use sniff::{Sample, Sniffed, guess_legacy_encoding, mostly_utf8, sniff};
pub use standard::{StandardError, StandardVerdict, ValueKind, known_standards};
pub use stars::Stars;
pub use workbook::{WorkbookUnread, XML_CAP};

use serde::Serialize;

/// The version of the judgement this build makes on a file (its format, stars, claims,
/// licence reading). Each verdict is stored with it, and a verdict of another version is
/// never reused on a `304 Not Modified`: the file is downloaded and judged again.
/// Bump it whenever a change to `assess/`, the licence reading of pages or the rating
/// would give a different verdict on the same bytes.
///
/// - 1 (implicit, stored as NULL): every verdict before versions were stored;
/// - 2: a claim stands unless the bytes contradict it (a one-column CSV is CSV; JSON
///   with trailing garbage or nested deeper than the scanner's frames is JSON; a UTF-8
///   file with a few invalid bytes stays UTF-8), and licences are read from links,
///   badges, metadata and section statements.
/// - 3: the cells of XLSX and ODS files read whole are scanned for personal data and
///   checked against the Walloon standards.
pub const JUDGEMENT_VERSION: u32 = 3;

/// The full verdict on one file, as `odaudit classify` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The format of the data, by its bytes.
    pub format: Format,
    /// The archive or compressed stream it sits in.
    pub container: Option<Container>,
    /// The highest rating the content allows (licence is judged later, by the audit).
    pub stars: Stars,
    /// Machine-readable per the EU metadata-quality vocabularies.
    pub machine_readable: bool,
    /// Non-proprietary per the EU metadata-quality vocabularies.
    pub non_proprietary: bool,
    /// What the name and Content-Type claimed.
    pub declared: Declared,
    /// True when a claim contradicts the bytes.
    pub mismatch: bool,
    /// The text encoding, for text formats.
    pub encoding: Option<&'static str>,
    /// The field delimiter, for delimited text.
    pub delimiter: Option<char>,
    /// How many bytes were judged.
    pub bytes_read: usize,
    /// True when the bytes judged were only the start of the file.
    pub truncated: bool,
    /// Sentences a person can check.
    pub reasons: Vec<String>,
    /// Personal data found in the rows read (tabular formats only; values masked).
    pub personal_data: Option<PersonalData>,
    /// The Walloon standard the table claims, and whether the rows read conform.
    pub standard: Option<StandardVerdict>,
}

/// Judge a sample together with what its name and Content-Type claim.
pub fn classify(sample: Sample<'_>, declared: Declared) -> Classification {
    let mut sniffed = sniff(sample);
    if let Some(refined) = declared.refine(sniffed.format) {
        sniffed.reasons.push(format!(
            "{} is also valid {refined}, which the name claims",
            sniffed.format
        ));
        sniffed.format = refined;
    }
    // A claim stands unless the bytes contradict it: plain text with one value per line
    // named or served as CSV is a one-column CSV.
    if let Some(claimed) = declared.standing_claim(sniffed.format, sniffed.consistent_with) {
        sniffed.reasons.push(format!(
            "{claimed} as claimed: the bytes are consistent with it and contradict nothing"
        ));
        sniffed.format = claimed;
        sniffed.stars = claimed.star_ceiling();
    }
    let contradictions =
        declared.contradictions(sniffed.format, sniffed.container, sniffed.consistent_with);
    let mismatch = !contradictions.is_empty();
    sniffed.reasons.extend(contradictions);
    let data_format = sniffed.format;
    let mut rows = check_rows(
        sample,
        data_format,
        sniffed.encoding,
        sniffed.delimiter,
        &Publisher::default(),
    );
    if let Some(unread) = rows.unread.take() {
        sniffed.reasons.push(format!("cells not checked: {unread}"));
    }
    Classification {
        format: sniffed.format,
        container: sniffed.container,
        stars: sniffed.stars,
        machine_readable: data_format.machine_readable(),
        non_proprietary: data_format.non_proprietary(),
        declared,
        mismatch,
        encoding: sniffed.encoding,
        delimiter: sniffed.delimiter,
        bytes_read: sample.bytes.len(),
        truncated: !sample.complete,
        reasons: sniffed.reasons,
        personal_data: rows.personal_data,
        standard: rows.standard,
    }
}

/// What the rows of a tabular sample hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowChecks {
    /// The personal-data scan (CSV, TSV, JSON, GeoJSON, XLSX, ODS).
    pub personal_data: Option<PersonalData>,
    /// The Walloon standard claimed (CSV, TSV, XLSX, ODS).
    pub standard: Option<StandardVerdict>,
    /// Why the cells of a workbook were not checked (a prefix, a bomb, a damaged zip).
    pub unread: Option<WorkbookUnread>,
}

impl RowChecks {
    fn unread(why: WorkbookUnread) -> RowChecks {
        RowChecks {
            unread: Some(why),
            ..RowChecks::default()
        }
    }
}

/// Scan the rows of a sample already sniffed (`format`, `encoding`, `delimiter` as the
/// sniffer said) for personal data and a Walloon standard. `publisher`: its own contact
/// numbers, never counted as a person's.
pub fn check_rows(
    sample: Sample<'_>,
    format: Format,
    encoding: Option<&str>,
    delimiter: Option<char>,
    publisher: &Publisher,
) -> RowChecks {
    let tabular = matches!(
        format,
        Format::Csv | Format::Tsv | Format::Xlsx | Format::Ods
    );
    let recognise = |t: &table::Table| {
        tabular
            .then(|| standard::recognise(&t.header, None))
            .flatten()
    };
    // A workbook's header is read first: its rows are read as far as the personal-data
    // scan goes, or, when the header names a standard, as far as its validation goes.
    let workbook = |limit| workbook::read(sample, format, limit);
    let (claimed, table) = match workbook(0) {
        Some(Ok(header)) => {
            let claimed = recognise(&header);
            let limit = claimed.map_or(personal::MAX_SCAN_ROWS, |_| table::MAX_ROWS);
            match workbook(limit) {
                Some(Ok(table)) => (claimed, Some(table)),
                Some(Err(unread)) => return RowChecks::unread(unread),
                None => (claimed, None),
            }
        }
        Some(Err(unread)) => return RowChecks::unread(unread),
        None => {
            let table = table::read(sample, format, encoding, delimiter);
            (table.as_ref().and_then(recognise), table)
        }
    };
    let Some(table) = table else {
        return RowChecks::default();
    };
    let standard = claimed.map(|s| standard::validate(s, &table));
    RowChecks {
        personal_data: Some(personal::scan(&table, publisher)),
        standard,
        unread: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(bytes: &[u8], name: &str, content_type: Option<&str>) -> Classification {
        classify(
            Sample::whole(bytes),
            Declared::from_sources(Some(name), content_type),
        )
    }

    #[test]
    fn a_one_column_csv_is_csv_as_claimed() {
        let list = b"rue\nRue de Fer\nPlace d'Armes\nAvenue Cardinal Mercier\nRue du Lombard\n";
        for (name, ct) in [
            ("rues.csv", None),
            ("rues", Some("text/csv; charset=utf-8")),
            ("rues.csv", Some("text/plain")),
        ] {
            let c = judged(list, name, ct);
            assert_eq!(c.format, Format::Csv, "{name} {ct:?}: {:?}", c.reasons);
            assert!(!c.mismatch, "{:?}", c.reasons);
            assert_eq!(c.stars.get(), 3);
        }
        // Not claimed as CSV: plain text.
        assert_eq!(judged(list, "rues.txt", None).format, Format::Txt);
        // A claim is still contradicted by what the bytes are.
        let html =
            b"<!DOCTYPE html><html><head><title>Erreur</title></head><body>404</body></html>";
        assert!(judged(html, "rues.csv", None).mismatch);
    }

    #[test]
    fn broken_json_is_never_mislabelled_text() {
        let notice = b"[{\"a\": 1}, {\"a\": 2}]\n<br />\n<b>Notice</b>: Undefined variable in <b>/srv/x.php</b>\n";
        let c = judged(notice, "data.json", Some("application/json"));
        assert_eq!(c.format, Format::Json, "{:?}", c.reasons);
        assert!(!c.mismatch, "{:?}", c.reasons);
        let broken = format!("[{}\"x\": }}]", "{\"a\": 1}, ".repeat(200));
        let c = judged(broken.as_bytes(), "data.json", None);
        assert_eq!(c.format, Format::Unknown, "{:?}", c.reasons);
        assert!(!c.mismatch, "{:?}", c.reasons);
        let deep = format!("{}1{}", "[".repeat(3_000), "]".repeat(3_000));
        let c = judged(deep.as_bytes(), "deep.json", None);
        assert_eq!(
            (c.format, c.mismatch),
            (Format::Json, false),
            "{:?}",
            c.reasons
        );
    }
}
