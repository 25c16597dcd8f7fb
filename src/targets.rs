//! The communes to audit (`targets/wallonia.csv`): who they are and where they publish.
//!
//! Bad input is never skipped: every problem is an [`InputError`] naming the file, the
//! line, the column and the value, and the run does not start.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

/// Leading words that name a commune's administration rather than the place, as they
/// appear in publisher strings and survey answers once folded (lower case, apostrophes
/// and hyphens as spaces). Longest first: the first that matches is taken off.
pub const COMMUNE_NAME_PREFIXES: &[&str] = &[
    "administration communale de la ville de ",
    "administration communale de ",
    "administration communale d ",
    "administration communale ",
    "ville et commune de ",
    "commune de ",
    "commune d ",
    "ville de ",
    "ville d ",
    "gemeinde ",
    "stadt ",
    "ac de ",
    "ac d ",
];

/// A Belgian NIS (REFNIS) municipality code: five digits, the first the province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NisCode(u32);

impl NisCode {
    /// The code as a number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl FromStr for NisCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0') {
            Ok(NisCode(
                t.parse().map_err(|_| format!("{s:?} is not a NIS code"))?,
            ))
        } else {
            Err(format!("{s:?} is not a NIS code (five digits, e.g. 92094)"))
        }
    }
}

impl TryFrom<String> for NisCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<NisCode> for String {
    fn from(n: NisCode) -> String {
        n.to_string()
    }
}

impl fmt::Display for NisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The survey's population classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PopulationClass {
    /// Fewer than 5 000 inhabitants.
    #[serde(rename = "<5000")]
    Under5k,
    /// 5 000 to 20 000.
    #[serde(rename = "5000-20000")]
    From5kTo20k,
    /// 20 000 to 50 000.
    #[serde(rename = "20000-50000")]
    From20kTo50k,
    /// More than 50 000.
    #[serde(rename = ">50000")]
    Over50k,
}

impl PopulationClass {
    /// The class of a population.
    pub fn of(population: u32) -> Self {
        match population {
            0..5_000 => PopulationClass::Under5k,
            5_000..20_000 => PopulationClass::From5kTo20k,
            20_000..=50_000 => PopulationClass::From20kTo50k,
            _ => PopulationClass::Over50k,
        }
    }

    /// The label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            PopulationClass::Under5k => "< 5 000",
            PopulationClass::From5kTo20k => "5 000 – 20 000",
            PopulationClass::From20kTo50k => "20 000 – 50 000",
            PopulationClass::Over50k => "> 50 000",
        }
    }
}

/// One commune to audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commune {
    /// Its NIS code.
    pub nis_code: NisCode,
    /// Its French (or German) name.
    pub name: String,
    /// Its province.
    pub province: String,
    /// Inhabitants on the reference date.
    pub population: u32,
    /// Its official website, if known.
    pub website: Option<Url>,
    /// Its own open-data portal, if any.
    pub own_portal: Option<Url>,
    /// Other names it publishes under (ODWB publisher strings).
    pub aliases: Vec<String>,
}

impl Commune {
    /// The survey's population class.
    pub fn population_class(&self) -> PopulationClass {
        PopulationClass::of(self.population)
    }
}

/// A problem in a user-supplied file, located precisely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct InputError {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: u64,
    /// What is wrong, naming the column and the value.
    pub problem: String,
}

/// Put `items` back in the order of `communes` (results arrive in completion order).
pub fn sort_in_commune_order<T>(
    communes: &[Commune],
    items: &mut [T],
    nis: impl Fn(&T) -> NisCode,
) {
    let order: std::collections::HashMap<NisCode, usize> = communes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.nis_code, i))
        .collect();
    items.sort_by_key(|x| order.get(&nis(x)).copied().unwrap_or(usize::MAX));
}

/// The largest input file read (the 262 communes' files are a few hundred KiB): a
/// bigger one is refused before it is read, so a stray 200 MB file costs nothing.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;
/// The largest cell of an input file.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// Read a user-supplied file whole: its name for error messages, and its text. A file
/// over [`MAX_INPUT_BYTES`] or not in UTF-8 is refused, the latter naming the first
/// line that is not and the encoding the bytes look like.
pub fn read_input(path: &Path) -> Result<(String, String), InputError> {
    use std::io::Read;
    let file = path.display().to_string();
    let error = |line, problem| InputError {
        file: file.clone(),
        line,
        problem,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| error(0, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(error(
            0,
            format!(
                "more than {} MiB: not an input file odaudit reads",
                MAX_INPUT_BYTES >> 20
            ),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((file, text)),
        Err(e) => Err(not_utf8(e.as_bytes(), e.utf8_error().valid_up_to(), &file)),
    }
}

/// The error for bytes that stop being UTF-8 at `at`.
fn not_utf8(bytes: &[u8], at: usize, file: &str) -> InputError {
    let line_start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    let guess = crate::assess::guess_legacy_encoding(bytes, true).name();
    InputError {
        file: file.to_owned(),
        line,
        problem: format!(
            "not UTF-8: byte 0x{:02X} at column {column}; the file looks like {guess}: save it as UTF-8",
            bytes[at]
        ),
    }
}

/// A CSV input file read by column name, every problem located by file and line.
///
/// Shared by the communes, portals and declarations files, so that all three treat a BOM,
/// a missing column or malformed CSV the same way.
pub(crate) struct CsvInput<'t> {
    file: String,
    reader: csv::Reader<&'t [u8]>,
    header: csv::StringRecord,
}

impl<'t> CsvInput<'t> {
    /// Read the header of `text`; `file` names it in errors.
    pub(crate) fn new(text: &'t str, file: &str) -> Result<Self, InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::None)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let error = |problem| InputError {
            file: file.to_owned(),
            line: 1,
            problem,
        };
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(error(format!("malformed CSV header: {e}"))),
        };
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            let twice = header
                .iter()
                .skip(i + 1)
                .any(|other| !name.is_empty() && other.trim().eq_ignore_ascii_case(name));
            if twice {
                return Err(error(format!(
                    "column {name:?} appears twice in the header"
                )));
            }
        }
        Ok(CsvInput {
            file: file.to_owned(),
            reader,
            header,
        })
    }

    /// An error at `line` of this file.
    pub(crate) fn error(&self, line: u64, problem: String) -> InputError {
        InputError {
            file: self.file.clone(),
            line,
            problem,
        }
    }

    /// When the header is one column holding another delimiter, what it seems to be.
    fn delimiter_hint(&self) -> String {
        let only = match self.header.len() {
            1 => &self.header[0],
            _ => return String::new(),
        };
        [(';', "';'"), ('\t', "a tab"), ('|', "'|'")]
            .iter()
            .find(|(d, _)| only.contains(*d))
            .map(|(_, name)| {
                format!("; the header is one column delimited by {name}, and odaudit reads files delimited by ','")
            })
            .unwrap_or_default()
    }

    /// The index of each of `names` (case-insensitive); those in `optional` may be absent.
    pub(crate) fn columns(
        &self,
        names: &[&str],
        optional: &[&str],
    ) -> Result<Vec<Option<usize>>, InputError> {
        names
            .iter()
            .map(|name| {
                let found = self
                    .header
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(name));
                match found {
                    None if !optional.contains(name) => Err(self.error(
                        1,
                        format!(
                            "missing column {name:?} (expected: {}){}",
                            names.join(","),
                            self.delimiter_hint()
                        ),
                    )),
                    other => Ok(other),
                }
            })
            .collect()
    }

    /// The records, each with its line.
    pub(crate) fn rows(
        &mut self,
    ) -> impl Iterator<Item = Result<(u64, csv::StringRecord), InputError>> + '_ {
        let file = self.file.clone();
        let header = self.header.clone();
        self.reader.records().map(move |r| match r {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                match record.iter().position(|c| c.len() > MAX_CELL_BYTES) {
                    Some(i) => Err(InputError {
                        file: file.clone(),
                        line,
                        problem: format!(
                            "column {:?}: a cell of {} bytes (at most {MAX_CELL_BYTES})",
                            header.get(i).unwrap_or("?"),
                            record[i].len()
                        ),
                    }),
                    None => Ok((line, record)),
                }
            }
            Err(e) => Err(InputError {
                file: file.clone(),
                line: e.position().map_or(0, |p| p.line()),
                problem: format!("malformed CSV: {e}"),
            }),
        })
    }
}

/// The trimmed cell of an optional column ("" when the column or the cell is absent).
pub(crate) fn cell(record: &csv::StringRecord, column: Option<usize>) -> &str {
    column.and_then(|i| record.get(i)).unwrap_or("").trim()
}

const COMMUNE_COLUMNS: &[&str] = &[
    "nis_code",
    "name",
    "province",
    "population",
    "website",
    "own_portal",
    "aliases",
];

/// Read a communes file.
pub fn load_communes(path: &Path) -> Result<Vec<Commune>, InputError> {
    let (file, text) = read_input(path)?;
    parse_communes(&text, &file)
}

/// Parse a communes file's text; `file` names it in errors.
pub fn parse_communes(text: &str, file: &str) -> Result<Vec<Commune>, InputError> {
    let mut input = CsvInput::new(text, file)?;
    let columns = input.columns(COMMUNE_COLUMNS, &["own_portal", "aliases"])?;
    let mut seen = HashSet::new();
    let mut communes = Vec::new();
    let rows: Vec<_> = input.rows().collect();
    for row in rows {
        let (line, record) = row?;
        let err = |line: u64, problem: String| input.error(line, problem);
        let cell = |i: usize| cell(&record, columns[i]);
        let nis_code: NisCode = cell(0)
            .parse()
            .map_err(|e| err(line, format!("column nis_code: {e}")))?;
        if !seen.insert(nis_code) {
            return Err(err(
                line,
                format!("column nis_code: {nis_code} appears twice"),
            ));
        }
        let name = cell(1);
        if name.is_empty() {
            return Err(err(line, "column name: empty".into()));
        }
        let population = cell(3).parse::<u32>().map_err(|_| {
            err(
                line,
                format!("column population: {:?} is not a whole number", cell(3)),
            )
        })?;
        let url = |col: usize, label: &str| -> Result<Option<Url>, InputError> {
            let v = cell(col);
            if v.is_empty() {
                return Ok(None);
            }
            match Url::parse(v) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    Ok(Some(u))
                }
                _ => Err(err(
                    line,
                    format!("column {label}: {v:?} is not an http(s) URL"),
                )),
            }
        };
        communes.push(Commune {
            nis_code,
            name: name.to_owned(),
            province: cell(2).to_owned(),
            population,
            website: url(4, "website")?,
            own_portal: url(5, "own_portal")?,
            aliases: cell(6)
                .split('|')
                .filter(|a| !a.trim().is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    if communes.is_empty() {
        return Err(input.error(
            2,
            "no commune: the file has a header and no rows, so there is nothing to audit".into(),
        ));
    }
    Ok(communes)
}

/// One regional portal searched for every commune (`targets/portals.csv`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalEntry {
    /// Short id (`odwb`).
    pub id: String,
    /// API family token: `opendatasoft` (or `ods`), `ckan`, `dcat`.
    pub kind: String,
    /// Base URL (for `dcat`, the catalogue file).
    pub url: Url,
    /// Display name.
    pub name: String,
}

/// The portal kinds odaudit speaks.
pub const PORTAL_KINDS: &[&str] = &["opendatasoft", "ods", "ckan", "dcat", "dcat-ap"];

/// Read a portals file (`id,kind,url,name`).
pub fn load_portals(path: &Path) -> Result<Vec<PortalEntry>, InputError> {
    let (file, text) = read_input(path)?;
    parse_portals(&text, &file)
}

/// Parse a portals file's text; `file` names it in errors.
pub fn parse_portals(text: &str, file: &str) -> Result<Vec<PortalEntry>, InputError> {
    let mut input = CsvInput::new(text, file)?;
    let columns = input.columns(&["id", "kind", "url", "name"], &[])?;
    let (id, kind, url, name) = (columns[0], columns[1], columns[2], columns[3]);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let rows: Vec<_> = input.rows().collect();
    for row in rows {
        let (line, record) = row?;
        let err = |line: u64, problem: String| input.error(line, problem);
        let cell = |i: Option<usize>| cell(&record, i);
        if cell(id).is_empty() {
            return Err(err(line, "column id: empty".into()));
        }
        if !seen.insert(cell(id).to_owned()) {
            return Err(err(
                line,
                format!("column id: {:?} appears twice", cell(id)),
            ));
        }
        let k = cell(kind).to_ascii_lowercase();
        if !PORTAL_KINDS.contains(&k.as_str()) {
            return Err(err(
                line,
                format!(
                    "column kind: {:?} is not one of {}",
                    cell(kind),
                    PORTAL_KINDS.join(", ")
                ),
            ));
        }
        let u = match Url::parse(cell(url)) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
            _ => {
                return Err(err(
                    line,
                    format!("column url: {:?} is not an http(s) URL", cell(url)),
                ));
            }
        };
        out.push(PortalEntry {
            id: cell(id).to_owned(),
            kind: k,
            url: u,
            name: cell(name).to_owned(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "nis_code,name,province,population,website,own_portal,aliases\n";

    #[test]
    fn the_shipped_targets_parse() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/wallonia.csv");
        let communes = load_communes(&path).unwrap();
        assert_eq!(communes.len(), 262);
        let namur = communes.iter().find(|c| c.nis_code.get() == 92094).unwrap();
        assert_eq!(
            namur.own_portal.as_ref().map(Url::as_str),
            Some("https://data.namur.be/")
        );
        assert!(
            namur
                .aliases
                .iter()
                .any(|a| a == "Ville de Namur - Mobilité")
        );
    }

    #[test]
    fn hostile_inputs_are_refused_with_their_reason() {
        let e = parse_communes(HEADER, "t.csv").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.problem.contains("no commune"), "{e}");

        let e = parse_communes(&HEADER.replace(',', ";"), "t.csv").unwrap_err();
        assert!(e.problem.contains("delimited by ';'"), "{e}");

        let e = parse_communes(&HEADER.replace("province", "NAME"), "t.csv").unwrap_err();
        assert!(
            e.problem.contains("\"name\" appears twice in the header"),
            "{e}"
        );

        let big = format!(
            "{HEADER}92094,{},Namur,1,,,\n",
            "x".repeat(MAX_CELL_BYTES + 1)
        );
        let e = parse_communes(&big, "t.csv").unwrap_err();
        assert!(e.problem.contains("column \"name\"") && e.line == 2, "{e}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.csv");
        let mut bytes = format!("{HEADER}92094,Namur,Namur,1,,,\n").into_bytes();
        bytes.extend_from_slice(b"62063,Li\xE8ge,Li\xE8ge,1,,,\n");
        std::fs::write(&path, &bytes).unwrap();
        let e = load_communes(&path).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(
            e.problem.contains("column 9") && e.problem.contains("windows-1252"),
            "{e}"
        );

        let f = std::fs::File::create(dir.path().join("huge.csv")).unwrap();
        f.set_len(MAX_INPUT_BYTES + 1).unwrap();
        let e = load_communes(&dir.path().join("huge.csv")).unwrap_err();
        assert!(e.problem.contains("MiB"), "{e}");
    }

    #[test]
    fn errors_name_file_line_column_and_value() {
        let text = format!(
            "{HEADER}92094,Namur,Namur,112000,https://www.namur.be,,\n62063,Liège,Liège,x,,,\n"
        );
        let e = parse_communes(&text, "t.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:3: column population: \"x\" is not a whole number"
        );

        let text = format!("{HEADER}92094,Namur,Namur,1,htp:/x,,\n");
        let e = parse_communes(&text, "t.csv").unwrap_err();
        assert!(
            e.to_string()
                .contains("t.csv:2: column website: \"htp:/x\""),
            "{e}"
        );

        let text = format!("{HEADER}92094,Namur,Namur,1,,,\n92094,Namur,Namur,1,,,\n");
        assert!(
            parse_communes(&text, "t.csv")
                .unwrap_err()
                .to_string()
                .contains("appears twice")
        );

        let e = parse_communes("nis,name\n", "t.csv").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.csv:1: missing column \"nis_code\"")
        );
    }

    #[test]
    fn portals_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/portals.csv");
        let portals = load_portals(&path).unwrap();
        assert_eq!(portals[0].id, "odwb");
        let e = parse_portals("id,kind,url,name\nx,socrata,https://x.be,X\n", "p.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv:2: column kind: \"socrata\" is not one of opendatasoft, ods, ckan, dcat, dcat-ap"
        );
    }

    #[test]
    fn population_classes() {
        assert_eq!(PopulationClass::of(4_999), PopulationClass::Under5k);
        assert_eq!(PopulationClass::of(5_000), PopulationClass::From5kTo20k);
        assert_eq!(PopulationClass::of(50_000), PopulationClass::From20kTo50k);
        assert_eq!(PopulationClass::of(50_001), PopulationClass::Over50k);
    }
}
