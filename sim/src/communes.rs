//! The communes a world is built from, read from a communes file
//! (`nis_code,name,province,population,website,own_portal,aliases`, the format of
//! odaudit's `targets/wallonia.csv`).
//!
//! The sim reads the file itself rather than through odaudit's loader: the world must be
//! buildable without the auditor, and a world only needs names, sizes and URLs. A file
//! odaudit refuses should be refused here too (same columns, same checks), with the file and
//! line of the problem.

use std::collections::HashSet;
use std::path::Path;

use url::Url;

/// One commune of the communes file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Commune {
    /// Its NIS code, five digits.
    pub nis_code: String,
    pub name: String,
    pub province: String,
    pub population: u32,
    pub website: Option<Url>,
    pub own_portal: Option<Url>,
    /// Other names it publishes under (ODWB publisher strings).
    pub aliases: Vec<String>,
}

/// A problem in a communes file, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct CommunesError {
    /// The file.
    pub file: String,
    /// The 1-based line (0: the file as a whole).
    pub line: u64,
    /// What is wrong, naming the column and the value.
    pub problem: String,
}

const COLUMNS: &[&str] = &[
    "nis_code",
    "name",
    "province",
    "population",
    "website",
    "own_portal",
    "aliases",
];
const OPTIONAL: &[&str] = &["own_portal", "aliases"];

/// Read a communes file.
pub(crate) fn load_communes(path: &Path) -> Result<Vec<Commune>, CommunesError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| CommunesError {
        file: file.clone(),
        line: 0,
        problem: format!("cannot read: {e}"),
    })?;
    parse_communes(&text, &file)
}

/// Parse a communes file's text; `file` names it in errors.
pub(crate) fn parse_communes(text: &str, file: &str) -> Result<Vec<Commune>, CommunesError> {
    let err = |line: u64, problem: String| CommunesError {
        file: file.to_owned(),
        line,
        problem,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::None)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .map_err(|e| err(1, format!("malformed CSV header: {e}")))?
        .clone();
    let mut columns = Vec::new();
    for name in COLUMNS {
        let found = header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name));
        if found.is_none() && !OPTIONAL.contains(name) {
            let expected = COLUMNS.join(",");
            return Err(err(
                1,
                format!("missing column {name:?} (expected: {expected})"),
            ));
        }
        columns.push(found);
    }
    let mut seen = HashSet::new();
    let mut communes = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, format!("malformed CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| columns[i].and_then(|c| record.get(c)).unwrap_or("").trim();
        let commune = commune(cell).map_err(|problem| err(line, problem))?;
        if !seen.insert(commune.nis_code.clone()) {
            let problem = format!("column nis_code: {} appears twice", commune.nis_code);
            return Err(err(line, problem));
        }
        communes.push(commune);
    }
    Ok(communes)
}

/// One row, from its cells by column index (in [`COLUMNS`] order).
fn commune<'r>(cell: impl Fn(usize) -> &'r str) -> Result<Commune, String> {
    let nis_code = cell(0);
    let five_digits = nis_code.len() == 5
        && nis_code.bytes().all(|b| b.is_ascii_digit())
        && !nis_code.starts_with('0');
    if !five_digits {
        return Err(format!(
            "column nis_code: {nis_code:?} is not a NIS code (five digits, e.g. 92094)"
        ));
    }
    let name = cell(1);
    if name.is_empty() {
        return Err("column name: empty".into());
    }
    let population = cell(3)
        .parse::<u32>()
        .map_err(|_| format!("column population: {:?} is not a whole number", cell(3)))?;
    let url = |col: usize| -> Result<Option<Url>, String> {
        let v = cell(col);
        if v.is_empty() {
            return Ok(None);
        }
        match Url::parse(v) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(Some(u)),
            _ => Err(format!(
                "column {}: {v:?} is not an http(s) URL",
                COLUMNS[col]
            )),
        }
    };
    Ok(Commune {
        nis_code: nis_code.to_owned(),
        name: name.to_owned(),
        province: cell(2).to_owned(),
        population,
        website: url(4)?,
        own_portal: url(5)?,
        aliases: cell(6)
            .split('|')
            .filter(|a| !a.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "nis_code,name,province,population,website,own_portal,aliases\n";

    #[test]
    fn reads_rows_and_optional_columns() {
        let text = format!(
            "\u{feff}{HEADER}92094,Namur,Namur,112000,https://www.namur.be,https://data.namur.be,Ville de Namur|Namur\n"
        );
        let c = parse_communes(&text, "t.csv").unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].nis_code, "92094");
        assert_eq!(
            c[0].own_portal.as_ref().unwrap().host_str(),
            Some("data.namur.be")
        );
        assert_eq!(c[0].aliases, ["Ville de Namur", "Namur"]);
        let short = "nis_code,name,province,population,website\n25005,Beauvechain,BW,7205,\n";
        let c = parse_communes(short, "t.csv").unwrap();
        assert_eq!((c[0].website.clone(), c[0].aliases.len()), (None, 0));
    }

    #[test]
    fn problems_name_file_line_and_column() {
        let bad = |row: &str| parse_communes(&format!("{HEADER}{row}\n"), "t.csv").unwrap_err();
        assert_eq!(bad("9209,Namur,Namur,1,,,").line, 2);
        assert!(bad("92094,,Namur,1,,,").problem.contains("name"));
        assert!(
            bad("92094,Namur,Namur,many,,,")
                .problem
                .contains("population")
        );
        assert!(
            bad("92094,Namur,Namur,1,ftp://x,,")
                .problem
                .contains("website")
        );
        let twice = format!("{HEADER}92094,A,P,1,,,\n92094,B,P,1,,,\n");
        assert!(
            parse_communes(&twice, "t.csv")
                .unwrap_err()
                .problem
                .contains("twice")
        );
        let e = parse_communes("nis_code,name\n", "t.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:1: missing column \"province\" (expected: nis_code,name,province,population,website,own_portal,aliases)"
        );
    }
}
