//! Import the questionnaire tool's export into a declarations file.
//!
//! The barometer publishes counts; the people running odaudit hold the survey tool's
//! export: one row per respondent, one column per question (all chosen options in one
//! cell) or per option (`Question [Option]` ticked with `Oui`, `Y`, `1`, `X`), as CSV
//! (any delimiter, UTF-8 or Windows-1252), XLSX, XLS or ODS. Columns are recognised by
//! the question's text, answers by the barometer's answer texts ([`super::questions`]),
//! communes by NIS code, else by name through the targets file.
//!
//! Nothing is dropped silently: every cell that cannot be mapped, every row that cannot
//! be imported (unknown commune, duplicate, no answer to the opening question) and every
//! contradiction (channels given by a commune answering "Non") becomes an [`Issue`] with
//! its sheet, row, column and value. Answers are still kept as given when they only look
//! inconsistent: that is the audit's business.

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::path::Path;

use calamine::Reader;

use super::questions::{Answer, Question, Tick, fold, tick};
use super::{
    Communication, DECLARATION_COLUMNS, Declaration, DeclaredChannel, FormatClass, PlannedOpening,
    Token, UpdateRegime,
};
use crate::mergers::Merger;
use crate::targets::{Commune, NisCode};

/// Why an export could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A spreadsheet the reader refused.
    #[error("{file}: not a readable spreadsheet: {message}")]
    Workbook {
        /// The file.
        file: String,
        /// What the reader said.
        message: String,
    },
    /// No sheet has a column naming a survey question.
    #[error(
        "{file}: no column names a survey question (expected headers such as {example:?}; name them with --mapping)"
    )]
    NoQuestions {
        /// The file.
        file: String,
        /// A question text.
        example: &'static str,
    },
    /// No column identifies the commune.
    #[error(
        "{file}: no column holds the commune's NIS code or name (headers such as \"Code INS\", \"Commune\"; name them with --mapping)"
    )]
    NoCommune {
        /// The file.
        file: String,
    },
    /// A bad mapping file.
    #[error("{file}:{line}: {problem}")]
    Mapping {
        /// The mapping file.
        file: String,
        /// The line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
}

/// One sheet of an export (a CSV file is one sheet with no name).
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The sheet's name (empty for CSV).
    pub sheet: String,
    /// The rows with their 1-based row (CSV: line) number.
    pub rows: Vec<(u32, Vec<String>)>,
}

/// What a problem found while importing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IssueKind {
    /// A cell whose answer is not one of the question's.
    UnknownAnswer,
    /// A row whose commune is not in the targets.
    UnknownCommune,
    /// A second row for a commune already imported.
    Duplicate,
    /// Answers that contradict each other.
    Contradiction,
    /// A row without an answer the declarations file needs.
    Missing,
    /// A column that names no question odaudit reads (kept for the record; not a problem).
    IgnoredColumn,
    /// Mapped, but worth a look (a commune matched by an approximate name, a merged commune).
    Note,
}

impl IssueKind {
    /// Whether `--strict` refuses it.
    pub fn is_problem(self) -> bool {
        !matches!(self, IssueKind::IgnoredColumn | IssueKind::Note)
    }
}

/// A cell, row or column the import could not take as it is, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// The sheet (empty for CSV).
    pub sheet: String,
    /// The 1-based row (CSV: line); 0 for a whole column.
    pub row: u32,
    /// The column: its letter and header.
    pub column: String,
    /// The cell's value.
    pub value: String,
    /// What kind of problem.
    pub kind: IssueKind,
    /// Why, in a sentence.
    pub why: String,
}

/// The result of an import.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// The declarations, in the targets' order.
    pub declarations: Vec<Declaration>,
    /// Everything not imported as it was.
    pub issues: Vec<Issue>,
    /// The sheet read.
    pub sheet: String,
    /// Rows read below the header (empty rows left out).
    pub rows: usize,
    /// Non-empty cells of the columns read.
    pub cells: usize,
    /// Those mapped to a commune or a token.
    pub cells_mapped: usize,
    /// Rows naming a commune but holding no answer (communes that did not take part).
    pub unanswered: usize,
}

impl Imported {
    /// How many issues `--strict` refuses.
    pub fn problems(&self) -> usize {
        self.issues.iter().filter(|i| i.kind.is_problem()).count()
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Nis,
    Name,
    /// All the chosen answers of a question.
    Answers(Question),
    /// One option of a question, ticked or not; `None`: an option odaudit does not know.
    Option(Question, Option<&'static Answer>),
}

/// Columns named by the user (`--mapping`): header → role.
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    roles: Vec<(String, Role)>,
}

impl Mapping {
    /// Read a mapping file: CSV `column,field[,answer]`, where `field` is `nis_code`,
    /// `name` or a declarations column (`opens_data`, `channels`, …) and `answer`, for a
    /// column holding one option, that option's token or text.
    pub fn load(path: &Path) -> Result<Mapping, ImportError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
            file: file.clone(),
            source,
        })?;
        Mapping::parse(&decode(&bytes), &file)
    }

    /// Parse a mapping file's text.
    pub fn parse(text: &str, file: &str) -> Result<Mapping, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut roles = Vec::new();
        for record in reader.records() {
            let bad = |line: u64, problem: String| ImportError::Mapping {
                file: file.to_owned(),
                line,
                problem,
            };
            let record = record.map_err(|e| bad(0, format!("malformed CSV: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            let field = record.get(1).unwrap_or("").trim();
            let role = match (field, Question::of_column(field)) {
                ("nis_code", _) => Role::Nis,
                ("name", _) => Role::Name,
                (_, Some(q)) => match record.get(2).map(str::trim).filter(|s| !s.is_empty()) {
                    None => Role::Answers(q),
                    Some(ans) => Role::Option(
                        q,
                        Some(q.answer(ans).ok_or_else(|| {
                            bad(line, format!("{ans:?} is not an answer of {field}"))
                        })?),
                    ),
                },
                _ => {
                    return Err(bad(
                        line,
                        format!(
                            "{field:?} is not nis_code, name or one of {}",
                            DECLARATION_COLUMNS[2..].join(", ")
                        ),
                    ));
                }
            };
            roles.push((fold(record.get(0).unwrap_or("")), role));
        }
        Ok(Mapping { roles })
    }

    fn role(&self, header: &str) -> Option<Role> {
        let h = fold(header);
        self.roles.iter().find(|(c, _)| *c == h).map(|(_, r)| *r)
    }
}

/// Decode a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Read every sheet of an export (CSV: one table, its delimiter guessed).
pub fn read_tables(path: &Path) -> Result<Vec<Table>, ImportError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        file: file.clone(),
        source,
    })?;
    let workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if !workbook {
        return Ok(vec![csv_table(&decode(&bytes))]);
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        ImportError::Workbook {
            file: file.clone(),
            message: e.to_string(),
        }
    })?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| ImportError::Workbook {
                file: file.clone(),
                message: format!("sheet {sheet:?}: {e}"),
            })?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![String::new(); left as usize];
                cells.extend(row.iter().map(cell_text));
                (top + i as u32 + 1, cells)
            })
            .collect();
        tables.push(Table { sheet, rows });
    }
    Ok(tables)
}

fn cell_text(data: &calamine::Data) -> String {
    match data {
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// A CSV text as a table, its delimiter the one that splits its first rows most evenly.
pub fn csv_table(text: &str) -> Table {
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| delimiter_score(text, *d))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .enumerate()
        .map(|(i, r)| (i as u32 + 1, r.iter().map(str::to_owned).collect()))
        .collect();
    Table {
        sheet: String::new(),
        rows,
    }
}

/// (rows with the header's width, header width) for a delimiter, over the first rows.
fn delimiter_score(text: &str, delimiter: u8) -> (usize, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let widths: Vec<usize> = reader
        .records()
        .take(50)
        .map(|r| r.map_or(0, |r| r.len()))
        .collect();
    let header = widths.first().copied().unwrap_or(0);
    if header < 2 {
        return (0, header);
    }
    (widths.iter().filter(|w| **w == header).count(), header)
}

/// The communes an export may name, by code and by folded name.
pub struct Communes {
    known: HashMap<NisCode, String>,
    names: HashMap<String, NisCode>,
    merged: HashMap<NisCode, String>,
}

impl Communes {
    /// The targets, and the communes that merged into one of them (their answers are
    /// kept under their own code, carried to the successor by the audit).
    pub fn new(targets: &[Commune], mergers: &[Merger]) -> Self {
        let mut known = HashMap::new();
        let mut names = HashMap::new();
        for c in targets {
            known.insert(c.nis_code, c.name.clone());
            names.insert(commune_key(&c.name), c.nis_code);
        }
        let mut merged = HashMap::new();
        for m in mergers {
            // A successor answers under its own code (a survey made after the merger).
            known
                .entry(m.new_nis_code)
                .or_insert_with(|| m.new_name.clone());
            known
                .entry(m.old_nis_code)
                .or_insert_with(|| m.old_name.clone());
            merged.insert(m.old_nis_code, format!("{} {}", m.new_nis_code, m.new_name));
            names
                .entry(commune_key(&m.old_name))
                .or_insert(m.old_nis_code);
        }
        // Aliases last: a commune's own name wins.
        for c in targets {
            for alias in &c.aliases {
                names.entry(commune_key(alias)).or_insert(c.nis_code);
            }
        }
        Communes {
            known,
            names,
            merged,
        }
    }

    /// The commune's name.
    pub fn name(&self, nis: NisCode) -> &str {
        self.known.get(&nis).map_or("", String::as_str)
    }

    fn by_name(&self, name: &str) -> Option<(NisCode, bool)> {
        let key = commune_key(name);
        if key.is_empty() {
            return None;
        }
        if let Some(n) = self.names.get(&key) {
            return Some((*n, true));
        }
        // "Namur (5000)", "5000 Namur": the postal code and brackets dropped.
        let bare: String = fold(
            &name
                .split('(')
                .next()
                .unwrap_or(name)
                .replace(|c: char| c.is_ascii_digit(), " "),
        );
        if let Some(n) = self.names.get(&commune_key(&bare)) {
            return Some((*n, true));
        }
        let mut scored: Vec<(f64, NisCode)> = self
            .names
            .iter()
            .map(|(k, n)| (strsim::normalized_levenshtein(k, &key), *n))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (top, nis) = *scored.first()?;
        let second = scored.iter().find(|s| s.1 != nis).map_or(0.0, |s| s.0);
        (key.len() >= 4 && top >= 0.85 && top - second >= 0.1).then_some((nis, false))
    }
}

/// A commune's name folded, without "Ville de", "Commune de", "Administration communale de".
fn commune_key(name: &str) -> String {
    let f = fold(name);
    crate::targets::COMMUNE_NAME_PREFIXES
        .iter()
        .find_map(|p| f.strip_prefix(p))
        .map_or(f.clone(), str::to_owned)
}

/// A column's letter (0 → A, 26 → AA).
fn letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The role a header names, if any.
fn role_of(header: &str, mapping: &Mapping) -> Option<Role> {
    if let Some(r) = mapping.role(header) {
        return Some(r);
    }
    let h = fold(header);
    let words: Vec<&str> = h.split(' ').collect();
    let nis_words = ["nis", "ins", "refnis", "niscode"];
    if words.len() <= 5 && words.iter().any(|w| nis_words.contains(w)) {
        return Some(Role::Nis);
    }
    let name_words = [
        "commune",
        "ville",
        "entite",
        "administration",
        "organisation",
        "gemeinde",
    ];
    // Not "Nom" alone: Microsoft Forms names the respondent so.
    let is_name = h == "pouvoir local"
        || (words.len() <= 4 && words.iter().any(|w| name_words.contains(w)))
        || (words.len() <= 8 && words.contains(&"nom") && words.contains(&"commune"));
    if is_name {
        return Some(Role::Name);
    }
    // One option of a question: "Question [Option]" (or "Question - Option").
    let split = header
        .trim_end()
        .strip_suffix(']')
        .and_then(|s| s.rsplit_once('['))
        .or_else(|| header.rsplit_once(" - "));
    if let Some((question, option)) = split
        && let Some(q) = best_question(question)
    {
        return Some(Role::Option(q, q.answer(option)));
    }
    best_question(header).map(Role::Answers)
}

/// The question a header names best, if one does more than the others.
fn best_question(header: &str) -> Option<Question> {
    let mut scored: Vec<(u8, Question)> = Question::ALL
        .into_iter()
        .map(|q| (q.header_score(header), q))
        .filter(|(s, _)| *s > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [] => None,
        [(_, q)] => Some(*q),
        [(a, q), (b, _), ..] => (a > b).then_some(*q),
    }
}

/// A sheet's header: its row index in the table and the role of each column.
struct Header {
    index: usize,
    roles: Vec<Option<Role>>,
    /// The first data row's index.
    data: usize,
    /// Each column's label in messages.
    labels: Vec<String>,
}

impl Header {
    fn score(&self) -> usize {
        self.roles
            .iter()
            .filter(|r| matches!(r, Some(Role::Answers(_) | Role::Option(..))))
            .count()
    }
}

/// The header among the first rows of a table that names the most questions.
fn find_header(table: &Table, mapping: &Mapping) -> Option<Header> {
    table
        .rows
        .iter()
        .take(10)
        .enumerate()
        .map(|(index, (_, cells))| Header {
            index,
            roles: cells.iter().map(|h| role_of(h, mapping)).collect(),
            data: index + 1,
            labels: cells.iter().map(|h| h.trim().to_owned()).collect(),
        })
        .max_by_key(|h| (h.score(), usize::MAX - h.index))
        .filter(|h| h.score() > 0)
        .map(|h| with_sub_header(table, h))
}

/// A second header row (SurveyMonkey's): under a question, each column's option, or
/// "Response" for the column holding the answer. Used when at least one such cell is found.
fn with_sub_header(table: &Table, header: Header) -> Header {
    let Some((_, below)) = table.rows.get(header.index + 1) else {
        return header;
    };
    let width = header.labels.len().max(below.len());
    let mut roles = header.roles.clone();
    roles.resize(width, None);
    let mut labels = header.labels.clone();
    labels.resize(width, String::new());
    let mut current = None;
    let mut hits = 0;
    for i in 0..width {
        match header.roles.get(i).copied().flatten() {
            Some(Role::Answers(q)) => current = Some(q),
            Some(_) => current = None,
            None if !labels[i].is_empty() => current = None,
            None => {}
        }
        let sub = below.get(i).map_or("", |s| s.trim());
        let Some(q) = current.filter(|_| !sub.is_empty()) else {
            continue;
        };
        let (role, evidence) = match fold(sub).as_str() {
            "response" | "reponse" | "open ended response" | "reponse ouverte" => {
                (Role::Answers(q), true)
            }
            // An option under a column without a header of its own, continuing the question.
            _ => (Role::Option(q, q.answer(sub)), labels[i].is_empty()),
        };
        hits += usize::from(evidence);
        roles[i] = Some(role);
        labels[i] = format!("{} [{sub}]", q.text());
    }
    if hits == 0 {
        return header;
    }
    Header {
        roles,
        data: header.index + 2,
        labels,
        ..header
    }
}

/// Import an export's tables.
pub fn import(
    file: &str,
    tables: &[Table],
    communes: &Communes,
    year: u16,
    mapping: &Mapping,
) -> Result<Imported, ImportError> {
    let best = tables
        .iter()
        .filter_map(|t| find_header(t, mapping).map(|h| (t, h)))
        .max_by_key(|(_, h)| h.score());
    let Some((table, header)) = best else {
        return Err(ImportError::NoQuestions {
            file: file.to_owned(),
            example: Question::OpensData.text(),
        });
    };
    if !header
        .roles
        .iter()
        .any(|r| matches!(r, Some(Role::Nis | Role::Name)))
    {
        return Err(ImportError::NoCommune {
            file: file.to_owned(),
        });
    }
    let mut sheet = SheetImport {
        table,
        headers: &header.labels,
        roles: &header.roles,
        communes,
        year,
        out: Imported {
            sheet: table.sheet.clone(),
            ..Imported::default()
        },
        seen: HashMap::new(),
    };
    let data = table.rows.get(header.data..).unwrap_or_default();
    sheet.ignored_columns(data);
    for (row, cells) in data {
        sheet.row(*row, cells);
    }
    let mut out = sheet.out;
    out.declarations.sort_by_key(|d| d.line);
    Ok(out)
}

/// The state of one sheet's import.
struct SheetImport<'a> {
    table: &'a Table,
    headers: &'a [String],
    roles: &'a [Option<Role>],
    communes: &'a Communes,
    year: u16,
    out: Imported,
    /// Commune → the row that declared it.
    seen: HashMap<NisCode, u32>,
}

/// The tokens a row gave to one question, with the cells they came from.
#[derive(Default)]
struct Given {
    tokens: BTreeSet<&'static str>,
    cells: Vec<usize>,
}

impl SheetImport<'_> {
    fn column(&self, i: usize) -> String {
        format!(
            "{}: {}",
            letter(i),
            self.headers.get(i).map_or("", |s| s.trim())
        )
    }

    fn issue(&mut self, row: u32, col: Option<usize>, value: &str, kind: IssueKind, why: String) {
        let column = col.map(|c| self.column(c)).unwrap_or_default();
        self.out.issues.push(Issue {
            sheet: self.table.sheet.clone(),
            row,
            column,
            value: value.trim().to_owned(),
            kind,
            why,
        });
    }

    /// Columns with a header naming nothing odaudit reads, columns without a header but
    /// with cells, and options it does not know.
    fn ignored_columns(&mut self, data: &[(u32, Vec<String>)]) {
        let width = data.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        for i in 0..width.max(self.headers.len()) {
            let header = self.headers.get(i).map_or("", |h| h.trim()).to_owned();
            let filled = data
                .iter()
                .filter(|(_, c)| c.get(i).is_some_and(|v| !v.trim().is_empty()))
                .count();
            match self.roles.get(i).copied().flatten() {
                None if header.is_empty() && filled > 0 => self.issue(
                    0,
                    Some(i),
                    "",
                    IssueKind::UnknownAnswer,
                    format!("a column without a header: its {filled} filled cells are not read"),
                ),
                None if !header.is_empty() => self.issue(
                    0,
                    Some(i),
                    "",
                    IssueKind::IgnoredColumn,
                    "not a question odaudit reads".into(),
                ),
                Some(Role::Option(q, None)) => self.issue(
                    0,
                    Some(i),
                    "",
                    IssueKind::IgnoredColumn,
                    format!(
                        "not an answer of {}: its ticked cells are listed",
                        q.column()
                    ),
                ),
                _ => {}
            }
        }
    }

    /// Import one row.
    fn row(&mut self, row: u32, cells: &[String]) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        // Qualtrics' third header row.
        if cells
            .iter()
            .filter(|c| !c.trim().is_empty())
            .all(|c| c.trim_start().starts_with("{\"ImportId\""))
        {
            return;
        }
        self.out.rows += 1;
        let Some(nis) = self.commune(row, cells) else {
            return;
        };
        let mut given: HashMap<Question, Given> = HashMap::new();
        for (i, value) in cells.iter().enumerate() {
            match self.roles.get(i).copied().flatten() {
                Some(Role::Answers(q)) => self.answers(row, i, value, q, &mut given),
                Some(Role::Option(q, ans)) => self.option(row, i, value, q, ans, &mut given),
                _ => {}
            }
        }
        if given.is_empty() && !self.any_answer_cell(cells) {
            // A commune that did not take part (an unfilled row of the form): nothing to import.
            self.out.unanswered += 1;
            return;
        }
        if let Some(first) = self.seen.get(&nis).copied() {
            let name = self.communes.name(nis).to_owned();
            let col = self.id_column();
            self.issue(
                row,
                col,
                &name,
                IssueKind::Duplicate,
                format!(
                    "{nis} {name} was already declared on row {first}: this row is not imported"
                ),
            );
            return;
        }
        if let Some(d) = self.declaration(row, nis, given) {
            self.seen.insert(nis, row);
            self.out.declarations.push(d);
        }
    }

    /// Whether any answer cell of the row holds something.
    fn any_answer_cell(&self, cells: &[String]) -> bool {
        cells.iter().enumerate().any(|(i, v)| {
            matches!(
                self.roles.get(i),
                Some(Some(Role::Answers(_) | Role::Option(..)))
            ) && !v.trim().is_empty()
        })
    }

    fn id_column(&self) -> Option<usize> {
        self.roles
            .iter()
            .position(|r| matches!(r, Some(Role::Nis)))
            .or_else(|| {
                self.roles
                    .iter()
                    .position(|r| matches!(r, Some(Role::Name)))
            })
    }

    /// The row's commune: by NIS code, else by name.
    fn commune(&mut self, row: u32, cells: &[String]) -> Option<NisCode> {
        let col = |role: Role| self.roles.iter().position(|r| *r == Some(role));
        let value = |c: Option<usize>| c.and_then(|c| cells.get(c)).map_or("", |v| v.trim());
        let (nis_col, name_col) = (col(Role::Nis), col(Role::Name));
        let (nis_text, name_text) = (value(nis_col), value(name_col));
        let id_cells = [nis_col, name_col]
            .into_iter()
            .flatten()
            .filter(|c| !value(Some(*c)).is_empty())
            .count();
        self.out.cells += id_cells;
        let by_code = nis_text
            .parse::<NisCode>()
            .ok()
            .filter(|n| self.communes.known.contains_key(n));
        let found = match by_code {
            Some(n) => {
                if let Some((other, _)) = self.communes.by_name(name_text)
                    && other != n
                {
                    self.issue(
                        row,
                        name_col,
                        name_text,
                        IssueKind::Note,
                        format!(
                            "the name is {other} {}, the code {n} {}: the code is kept",
                            self.communes.name(other),
                            self.communes.name(n)
                        ),
                    );
                }
                n
            }
            None => self.commune_by_name(row, (nis_col, nis_text), (name_col, name_text))?,
        };
        // The cells naming the commune are accounted for: used, or listed above.
        self.out.cells_mapped += id_cells;
        if let Some(successor) = self.communes.merged.get(&found) {
            let why = format!(
                "{found} {} merged into {successor} since: its answers are kept under {found}, and the audit carries them to {successor}",
                self.communes.name(found)
            );
            self.issue(row, name_col.or(nis_col), name_text, IssueKind::Note, why);
        }
        Some(found)
    }

    fn commune_by_name(
        &mut self,
        row: u32,
        (nis_col, nis_text): (Option<usize>, &str),
        (name_col, name_text): (Option<usize>, &str),
    ) -> Option<NisCode> {
        let found = self.communes.by_name(name_text);
        if !nis_text.is_empty() && found.is_some() {
            let why = format!(
                "{nis_text:?} is not the NIS code of a commune of the targets: the name is used"
            );
            self.issue(row, nis_col, nis_text, IssueKind::Note, why);
        }
        match found {
            Some((n, exact)) => {
                if !exact {
                    let why = format!("name matched approximately: {n} {}", self.communes.name(n));
                    self.issue(row, name_col, name_text, IssueKind::Note, why);
                }
                Some(n)
            }
            None => {
                let value = [nis_text, name_text]
                    .into_iter()
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let why = "no commune of the targets has this code or name: row not imported";
                let col = if nis_text.is_empty() {
                    name_col.or(nis_col)
                } else {
                    nis_col
                };
                self.issue(row, col, &value, IssueKind::UnknownCommune, why.into());
                None
            }
        }
    }

    /// A cell holding all the chosen answers of `q`.
    fn answers(
        &mut self,
        row: u32,
        i: usize,
        value: &str,
        q: Question,
        given: &mut HashMap<Question, Given>,
    ) {
        if value.trim().is_empty() {
            return;
        }
        self.out.cells += 1;
        let (found, unknown) = split_answers(q, value);
        let g = given.entry(q).or_default();
        g.cells.push(i);
        g.tokens.extend(found.iter().map(|a| a.token));
        if unknown.is_empty() {
            self.out.cells_mapped += 1;
        } else {
            let why = format!(
                "not an answer of {} ({}){}",
                q.column(),
                answer_list(q),
                if found.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; kept: {}",
                        found.iter().map(|a| a.token).collect::<Vec<_>>().join("|")
                    )
                }
            );
            self.issue(
                row,
                Some(i),
                &unknown.join(" ; "),
                IssueKind::UnknownAnswer,
                why,
            );
        }
    }

    /// A cell of a one-column-per-option export.
    fn option(
        &mut self,
        row: u32,
        i: usize,
        value: &str,
        q: Question,
        ans: Option<&'static Answer>,
        given: &mut HashMap<Question, Given>,
    ) {
        if value.trim().is_empty() {
            return;
        }
        self.out.cells += 1;
        let option_text = ans.map_or("", |a| a.text);
        match (ans, tick(value, option_text)) {
            (_, Tick::NotChosen) => self.out.cells_mapped += 1,
            (Some(a), Tick::Chosen) => {
                self.out.cells_mapped += 1;
                let g = given.entry(q).or_default();
                g.tokens.insert(a.token);
                g.cells.push(i);
            }
            (None, _) => self.issue(
                row,
                Some(i),
                value,
                IssueKind::UnknownAnswer,
                format!(
                    "an option of {} odaudit does not know ({})",
                    q.column(),
                    answer_list(q)
                ),
            ),
            (Some(_), Tick::Unclear) => self.issue(
                row,
                Some(i),
                value,
                IssueKind::UnknownAnswer,
                "neither ticked (Oui, Y, 1, X) nor not (empty, Non, N, 0)".into(),
            ),
        }
    }
}

/// The answers of `q` listed, for messages.
fn answer_list(q: Question) -> String {
    q.answers()
        .iter()
        .map(|a| a.text)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Split a cell holding one or more answers (`;`, `,`, `|` or new lines between them;
/// answers may hold commas themselves): the answers found, and the pieces left over.
pub fn split_answers(q: Question, value: &str) -> (Vec<&'static Answer>, Vec<String>) {
    if !q.multiple()
        && let Some(a) = q.single_answer(value)
    {
        return (vec![a], Vec::new());
    }
    let pieces: Vec<&str> = value.split([';', ',', '|', '\n']).collect();
    let mut found: Vec<&'static Answer> = Vec::new();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        if fold(pieces[i]).is_empty() {
            i += 1;
            continue;
        }
        // The longest run of pieces that is one answer.
        // Typos are forgiven in one piece, or in a run none of whose pieces is an answer
        // by itself (else "Portail ODWB, Une page du site web…" would be taken as one).
        let hit = (i + 1..=pieces.len()).rev().find_map(|j| {
            let text = pieces[i..j].join(",");
            let pieces_are_answers =
                j > i + 1 && pieces[i..j].iter().any(|p| q.answer_exact(p).is_some());
            let found = if pieces_are_answers {
                q.answer_exact(&text)
            } else {
                q.answer(&text)
            };
            found.map(|a| (a, j))
        });
        match hit {
            Some((a, j)) => {
                if !found.iter().any(|f| f.token == a.token) {
                    found.push(a);
                }
                i = j;
            }
            None => {
                unknown.push(pieces[i].trim().to_owned());
                i += 1;
            }
        }
    }
    if !q.multiple() && found.len() > 1 {
        unknown.push(value.trim().to_owned());
        found.clear();
    }
    (found, unknown)
}

impl SheetImport<'_> {
    /// The declaration of a row's answers; `None` (listed) without an answer to the
    /// opening question.
    fn declaration(
        &mut self,
        row: u32,
        nis: NisCode,
        mut given: HashMap<Question, Given>,
    ) -> Option<Declaration> {
        let single = |this: &mut Self, q: Question| -> Option<&'static str> {
            let g = given.get(&q)?;
            match g.tokens.len() {
                0 => None,
                1 => g.tokens.first().copied(),
                _ => {
                    let why = format!(
                        "{} takes one answer, {} ticked: none kept",
                        q.column(),
                        g.tokens.iter().copied().collect::<Vec<_>>().join("|")
                    );
                    this.issue(
                        row,
                        g.cells.first().copied(),
                        "",
                        IssueKind::Contradiction,
                        why,
                    );
                    None
                }
            }
        };
        let Some(opens) = single(self, Question::OpensData) else {
            let name = self.communes.name(nis).to_owned();
            let col = self.roles.iter().position(|r| {
                matches!(
                    r,
                    Some(Role::Answers(Question::OpensData) | Role::Option(Question::OpensData, _))
                )
            });
            self.issue(
                row,
                col,
                &name,
                IssueKind::Missing,
                format!("{nis} {name}: answers given but none to opens_data: row not imported"),
            );
            return None;
        };
        let update = single(self, Question::Update);
        let planned = single(self, Question::PlannedOpening);
        let mut take = |q: Question| given.remove(&q).map(|g| g.tokens).unwrap_or_default();
        let d = Declaration {
            nis_code: nis,
            year: self.year,
            opens_data: opens == "oui",
            channels: tokens::<DeclaredChannel>(take(Question::Channels)),
            formats: tokens::<FormatClass>(take(Question::Formats)),
            update: update.and_then(UpdateRegime::parse_token),
            communication: tokens::<Communication>(take(Question::Communication)),
            planned_opening: planned.and_then(PlannedOpening::parse_token),
            line: u64::from(row),
            carried_from: Vec::new(),
        };
        self.contradictions(row, &d);
        Some(d)
    }

    /// Answers that do not fit together: listed, kept as given.
    fn contradictions(&mut self, row: u32, d: &Declaration) {
        let first_col = |q: Question| {
            self.roles
                .iter()
                .position(|r| matches!(r, Some(Role::Answers(x) | Role::Option(x, _)) if *x == q))
        };
        let mut found = Vec::new();
        if !d.opens_data {
            let follow_ups = [
                (Question::Channels, !d.channels.is_empty()),
                (Question::Formats, !d.formats.is_empty()),
                (Question::Update, d.update.is_some()),
            ];
            for (q, given) in follow_ups {
                if given {
                    found.push((q, format!("{} given by a commune answering \"Non\" to opening data: kept as given", q.column())));
                }
            }
        } else if d.planned_opening.is_some() {
            found.push((Question::PlannedOpening, "a plan to open data given by a commune answering \"Oui\" (it already does): kept as given".to_owned()));
        }
        if d.communication.contains(&Communication::Aucune) && d.communication.len() > 1 {
            found.push((
                Question::Communication,
                "\"Elles ne communiquent pas\" with a way of communicating: kept as given"
                    .to_owned(),
            ));
        }
        for (q, why) in found {
            let col = first_col(q);
            let value = match q {
                Question::Channels => join(&d.channels),
                Question::Formats => join(&d.formats),
                Question::Update => d.update.map(|u| u.to_string()).unwrap_or_default(),
                Question::Communication => join(&d.communication),
                _ => d.planned_opening.map(|p| p.to_string()).unwrap_or_default(),
            };
            self.issue(row, col, &value, IssueKind::Contradiction, why);
        }
    }
}

fn tokens<T: Token + Ord>(found: BTreeSet<&'static str>) -> BTreeSet<T> {
    found.into_iter().filter_map(T::parse_token).collect()
}

fn join<T: std::fmt::Display>(set: &BTreeSet<T>) -> String {
    set.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("|")
}

/// Import an export file (CSV, XLSX, XLS or ODS).
pub fn import_file(
    path: &Path,
    communes: &Communes,
    year: u16,
    mapping: &Mapping,
) -> Result<Imported, ImportError> {
    let tables = read_tables(path)?;
    import(
        &path.display().to_string(),
        &tables,
        communes,
        year,
        mapping,
    )
}

/// The declarations file's text (UTF-8, `,`-separated, lists `|`-joined).
pub fn declarations_csv(declarations: &[Declaration]) -> String {
    let mut out = DECLARATION_COLUMNS.join(",");
    out.push('\n');
    for d in declarations {
        let line = [
            d.nis_code.to_string(),
            d.year.to_string(),
            if d.opens_data { "oui" } else { "non" }.to_owned(),
            join(&d.channels),
            join(&d.formats),
            d.update.map(|u| u.to_string()).unwrap_or_default(),
            join(&d.communication),
            d.planned_opening.map(|p| p.to_string()).unwrap_or_default(),
        ];
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The issues as TSV: `file, sheet, row, column, value, why` (tabs and new lines in
/// values become spaces).
pub fn issues_tsv(file: &str, issues: &[Issue]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("file\tsheet\trow\tcolumn\tvalue\tkind\twhy\n");
    for i in issues {
        let row = if i.row == 0 {
            String::new()
        } else {
            i.row.to_string()
        };
        let fields = [
            clean(file),
            clean(&i.sheet),
            row,
            clean(&i.column),
            clean(&i.value),
            format!("{:?}", i.kind),
            clean(&i.why),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}
