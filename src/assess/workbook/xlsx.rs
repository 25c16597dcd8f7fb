//! The first sheet of an XLSX workbook, read here rather than with calamine because a probe
//! needs only the first rows. calamine parses every shared string when it opens a
//! workbook: 4.4 ms of the 7.8 ms the checks of a 128 KiB register of about 3,000 rows
//! cost with it (`cargo bench --bench rows`, 2026-12-03), for strings no checked row
//! uses; 1.1–1.4 ms now. Here the sheet is inflated and walked only as far as the rows
//! the checks need, then the shared strings up to the highest index those rows use, and
//! the styles only when a number may be a date. The two big parts go through
//! [`super::scan`], like the small ones. Every part is streamed from the
//! archive; the caller has already bounded what its XML parts may inflate to.
//!
//! What is read of SpreadsheetML (ECMA-376 part 1, §18.3 sheets, §18.4 shared strings,
//! §18.8 styles): cells `<c r t s>` with `<v>` or inline `<is>`; their types `s` (shared),
//! `str`, `inlineStr`, `d` (ISO date), `b`, `e` (an error: empty), `n` (a number, a date
//! when its style's number format is a date); `<rPh>` phonetic runs left out.

use std::io::{Cursor, Read};

use super::scan::{Scanner, Token, attributes, unescape};

use super::super::table::{MAX_COLUMNS, Table};
use super::{Rows, WorkbookUnread, number_text};

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The longest text kept of one cell.
const MAX_CELL: usize = 64 * 1024;

/// The first sheet of the workbook in `archive`, its first `limit` rows under the header.
pub(super) fn read(archive: &mut Archive<'_>, limit: usize) -> Result<Table, WorkbookUnread> {
    let book = Book::read(archive)?;
    let sheet = entry(archive, &book.sheet)?
        .map(|e| read_sheet(Scanner::new(e), limit))
        .ok_or(WorkbookUnread::Unreadable("its first sheet is missing"))??;
    let strings = match (sheet.max_shared(), &book.strings) {
        (Some(max), Some(path)) => entry(archive, path)?
            .map(|e| shared_strings(Scanner::new(e), max))
            .transpose()?
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let styles = match (&book.styles, sheet.styled_numbers) {
        (Some(path), true) => number_styles(archive, path)?,
        _ => Vec::new(),
    };
    let mut rows = Rows::new(limit);
    for cell in sheet.cells {
        let text = cell.value.text(&strings, &styles, book.date1904);
        if !rows.put(cell.row, cell.col, text) {
            break;
        }
    }
    rows.more |= sheet.more;
    let mut table = rows.table()?;
    table.complete &= book.sheets == 1;
    Ok(table)
}

/// The part `name`, inflating as it is read; `None` when the archive has no such part.
fn entry<'a, 'b>(
    archive: &'a mut Archive<'b>,
    name: &str,
) -> Result<Option<zip::read::ZipFile<'a, Cursor<&'b [u8]>>>, WorkbookUnread> {
    match archive.by_name(name) {
        Ok(entry) => Ok(Some(entry)),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(_) => Err(WorkbookUnread::Unreadable("a zip entry is damaged")),
    }
}

/// Walk the tokens of the small part `name` until `f` says stop; `Ok(false)` when the
/// archive has no such part.
fn tokens(
    archive: &mut Archive<'_>,
    name: &str,
    damaged: &'static str,
    mut f: impl FnMut(Token<'_>) -> bool,
) -> Result<bool, WorkbookUnread> {
    let Some(part) = entry(archive, name)? else {
        return Ok(false);
    };
    let mut scan = Scanner::new(part);
    loop {
        match scan.next() {
            Ok(Some(token)) => {
                if !f(token) {
                    return Ok(true);
                }
            }
            Ok(None) => return Ok(true),
            Err(_) => return Err(WorkbookUnread::Unreadable(damaged)),
        }
    }
}

/// The unescaped value of the attribute `name` (a local name) among `attrs`.
fn attr(attrs: &[u8], name: &[u8]) -> Option<String> {
    let (_, value) = attributes(attrs).find(|(k, _)| *k == name)?;
    Some(unescape(value).into_owned())
}

fn push_capped(text: &mut String, s: &str) {
    if text.len() < MAX_CELL {
        text.push_str(s);
    }
}

/// Where the first sheet, the shared strings and the styles are (`xl/workbook.xml` and
/// its relationships), and how the workbook counts its dates.
#[derive(Debug, Default)]
struct Book {
    sheet: String,
    sheets: usize,
    strings: Option<String>,
    styles: Option<String>,
    date1904: bool,
}

impl Book {
    fn read(archive: &mut Archive<'_>) -> Result<Book, WorkbookUnread> {
        let (first, sheets, date1904) = workbook(archive)?;
        let rels = relationships(archive)?;
        let target = |pick: &dyn Fn(&Relationship) -> bool| {
            rels.iter().find(|r| pick(r)).map(|r| part_path(&r.target))
        };
        let sheet = first
            .and_then(|id| target(&|r| r.id == id))
            .unwrap_or_else(|| "xl/worksheets/sheet1.xml".to_owned());
        let strings = target(&|r| r.kind.ends_with("/sharedStrings"))
            .or_else(|| Some("xl/sharedStrings.xml".to_owned()));
        let styles =
            target(&|r| r.kind.ends_with("/styles")).or_else(|| Some("xl/styles.xml".to_owned()));
        Ok(Book {
            sheet,
            sheets,
            strings,
            styles,
            date1904,
        })
    }
}

/// A relationship's target as a path in the archive (relative to `xl/`, or absolute).
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
}

/// The relationship id of the first sheet, how many sheets, and the 1904 date system.
fn workbook(archive: &mut Archive<'_>) -> Result<(Option<String>, usize, bool), WorkbookUnread> {
    let (mut first, mut sheets, mut date1904) = (None, 0, false);
    let found = tokens(
        archive,
        "xl/workbook.xml",
        "its workbook.xml is not XML",
        |t| {
            if let Token::Open { name, attrs, .. } = t {
                match name {
                    b"sheet" => {
                        sheets += 1;
                        if first.is_none() {
                            first = attr(attrs, b"id");
                        }
                    }
                    b"workbookPr" => {
                        date1904 =
                            matches!(attr(attrs, b"date1904").as_deref(), Some("1" | "true"));
                    }
                    _ => {}
                }
            }
            true
        },
    )?;
    if !found {
        return Err(WorkbookUnread::Unreadable("not a readable XLSX workbook"));
    }
    Ok((first, sheets, date1904))
}

#[derive(Debug, Default)]
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(archive: &mut Archive<'_>) -> Result<Vec<Relationship>, WorkbookUnread> {
    let mut found = Vec::new();
    let rels = "xl/_rels/workbook.xml.rels";
    tokens(archive, rels, "its relationships are not XML", |t| {
        if let Token::Open {
            name: b"Relationship",
            attrs,
            ..
        } = t
        {
            found.push(Relationship {
                id: attr(attrs, b"Id").unwrap_or_default(),
                kind: attr(attrs, b"Type").unwrap_or_default(),
                target: attr(attrs, b"Target").unwrap_or_default(),
            });
        }
        true
    })?;
    Ok(found)
}

/// A cell's type (its `t` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    Shared,
    Text,
    Bool,
    Error,
    #[default]
    Number,
}

impl Kind {
    fn of(t: &[u8]) -> Kind {
        match t {
            b"s" => Kind::Shared,
            b"str" | b"inlineStr" | b"d" => Kind::Text,
            b"b" => Kind::Bool,
            b"e" => Kind::Error,
            _ => Kind::Number,
        }
    }
}

/// A cell's value as the sheet holds it, before shared strings and styles are known.
#[derive(Debug)]
enum Raw {
    Shared(u32),
    Text(String),
    Number { value: f64, style: u32 },
    Bool(bool),
}

#[derive(Debug)]
struct RawCell {
    row: u32,
    col: u32,
    value: Raw,
}

/// The cells of the first rows of a sheet.
#[derive(Debug, Default)]
struct Sheet {
    cells: Vec<RawCell>,
    /// A row past the last one read exists.
    more: bool,
    /// A number cell has a style: it may be a date.
    styled_numbers: bool,
}

impl Sheet {
    fn max_shared(&self) -> Option<u32> {
        self.cells
            .iter()
            .filter_map(|c| match c.value {
                Raw::Shared(i) => Some(i),
                _ => None,
            })
            .max()
    }
}

/// Where the walk of a sheet is.
#[derive(Default)]
struct SheetCursor {
    /// The most rows read under the header.
    limit: u32,
    sheet: Sheet,
    /// The first row with a value: the header.
    first: Option<u32>,
    row: Option<u32>,
    col: Option<u32>,
    kind: Kind,
    style: u32,
    /// Inside a `<v>` or an inline `<t>`, whose text is the value.
    inside: bool,
    value: String,
    phonetic: bool,
}

fn read_sheet(mut scan: Scanner<impl Read>, limit: usize) -> Result<Sheet, WorkbookUnread> {
    let mut at = SheetCursor {
        limit: u32::try_from(limit).unwrap_or(u32::MAX),
        ..SheetCursor::default()
    };
    loop {
        let going = match scan.next() {
            Ok(Some(Token::Open { name, attrs, empty })) => at.open(name, attrs, empty),
            Ok(Some(Token::Text(t))) => at.push(&t),
            Ok(Some(Token::Close { name })) => at.end(name),
            Ok(None) => false,
            Err(_) => return Err(WorkbookUnread::Unreadable("its first sheet is damaged")),
        };
        if !going {
            return Ok(at.sheet);
        }
    }
}

/// Zero-based column and row of a reference such as `AB12`.
fn cell_ref(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r.iter().take(letters).fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = number(r.get(letters..)?)?;
    Some((col.checked_sub(1)?, row.checked_sub(1)?))
}

/// A decimal number written in ASCII.
fn number(digits: &[u8]) -> Option<u32> {
    std::str::from_utf8(digits).ok()?.trim().parse().ok()
}

impl SheetCursor {
    /// False once the row past the last one read begins.
    fn open(&mut self, name: &[u8], attrs: &[u8], empty: bool) -> bool {
        match name {
            b"row" => return self.start_row(attrs),
            b"c" => self.start_cell(attrs),
            b"v" | b"t" if !self.phonetic && !empty => self.inside = true,
            b"rPh" if !empty => self.phonetic = true,
            _ => {}
        }
        true
    }

    fn start_row(&mut self, attrs: &[u8]) -> bool {
        let next = self.row.map_or(0, |r| r.saturating_add(1));
        let row = attributes(attrs)
            .find(|(k, _)| *k == b"r")
            .and_then(|(_, v)| number(v)?.checked_sub(1))
            .unwrap_or(next);
        self.row = Some(row);
        self.col = None;
        if let Some(first) = self.first
            && row > first.saturating_add(self.limit)
        {
            self.sheet.more = true;
            return false;
        }
        true
    }

    fn start_cell(&mut self, attrs: &[u8]) {
        let next = self.col.map_or(0, |c| c.saturating_add(1));
        let (mut at, mut kind, mut style) = (None, Kind::Number, 0);
        for (key, value) in attributes(attrs) {
            match key {
                b"r" => at = cell_ref(value),
                b"t" => kind = Kind::of(value),
                b"s" => style = number(value).unwrap_or(0),
                _ => {}
            }
        }
        if let Some((_, row)) = at
            && self.row.is_none()
        {
            self.row = Some(row);
        }
        self.col = Some(at.map_or(next, |(col, _)| col));
        (self.kind, self.style) = (kind, style);
        self.value.clear();
    }

    fn push(&mut self, s: &str) -> bool {
        if self.inside {
            push_capped(&mut self.value, s);
        }
        true
    }

    fn end(&mut self, name: &[u8]) -> bool {
        match name {
            b"v" | b"t" => self.inside = false,
            b"rPh" => self.phonetic = false,
            b"c" => self.end_cell(),
            b"sheetData" => return false,
            _ => {}
        }
        true
    }

    fn end_cell(&mut self) {
        let (Some(row), Some(col)) = (self.row, self.col) else {
            return;
        };
        if self.value.is_empty() || col as usize >= MAX_COLUMNS {
            return;
        }
        let text = self.value.trim();
        let value = match self.kind {
            Kind::Shared => match text.parse() {
                Ok(i) => Raw::Shared(i),
                Err(_) => return,
            },
            Kind::Text => Raw::Text(std::mem::take(&mut self.value)),
            Kind::Bool => Raw::Bool(text == "1" || text == "true"),
            Kind::Error => return,
            Kind::Number => match text.parse() {
                Ok(value) => {
                    self.sheet.styled_numbers |= self.style != 0;
                    Raw::Number {
                        value,
                        style: self.style,
                    }
                }
                Err(_) => Raw::Text(std::mem::take(&mut self.value)),
            },
        };
        self.first.get_or_insert(row);
        self.sheet.cells.push(RawCell { row, col, value });
    }
}

/// The shared strings up to index `max` (the rest of the part is never inflated).
fn shared_strings(mut scan: Scanner<impl Read>, max: u32) -> Result<Vec<String>, WorkbookUnread> {
    let mut strings: Vec<String> = Vec::new();
    let (mut item, mut inside, mut phonetic) = (None::<String>, false, false);
    while strings.len() <= max as usize {
        match scan.next() {
            Ok(Some(Token::Open { name, empty, .. })) => match name {
                b"si" if empty => strings.push(String::new()),
                b"si" => item = Some(String::new()),
                b"t" => inside = !phonetic && !empty,
                b"rPh" => phonetic = !empty,
                _ => {}
            },
            Ok(Some(Token::Text(t))) if inside => {
                if let Some(s) = &mut item {
                    push_capped(s, &t);
                }
            }
            Ok(Some(Token::Close { name })) => match name {
                b"si" => strings.push(item.take().unwrap_or_default()),
                b"t" => inside = false,
                b"rPh" => phonetic = false,
                _ => {}
            },
            Ok(Some(Token::Text(_))) => {}
            Ok(None) => break,
            Err(_) => {
                return Err(WorkbookUnread::Unreadable("its shared strings are damaged"));
            }
        }
    }
    Ok(strings)
}

/// What a number format makes of a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Shown {
    #[default]
    Number,
    Date,
    DateTime,
    Time,
}

impl Shown {
    /// The built-in formats (ECMA-376 §18.8.30) that show dates or times.
    fn of_builtin(id: u32) -> Shown {
        match id {
            14..=17 => Shown::Date,
            22 => Shown::DateTime,
            18..=21 | 45..=47 => Shown::Time,
            _ => Shown::Number,
        }
    }

    /// A custom format code: date letters outside quoted text, `[…]` and escapes.
    fn of_code(code: &str) -> Shown {
        let (mut quoted, mut bracket, mut escaped) = (false, false, false);
        let (mut date, mut time) = (false, false);
        for c in code.chars() {
            match c {
                _ if escaped => escaped = false,
                '"' => quoted = !quoted,
                _ if quoted => {}
                '[' => bracket = true,
                ']' => bracket = false,
                _ if bracket => {}
                '\\' | '_' | '*' => escaped = true,
                'y' | 'Y' | 'd' | 'D' => date = true,
                'h' | 'H' | 's' | 'S' => time = true,
                _ => {}
            }
        }
        match (date, time) {
            (true, true) => Shown::DateTime,
            (true, false) => Shown::Date,
            (false, true) => Shown::Time,
            (false, false) => Shown::Number,
        }
    }
}

/// How each cell style (`cellXfs`, by index) shows a number.
fn number_styles(archive: &mut Archive<'_>, path: &str) -> Result<Vec<Shown>, WorkbookUnread> {
    let mut custom: Vec<(u32, Shown)> = Vec::new();
    let mut xfs: Vec<u32> = Vec::new();
    let mut in_xfs = false;
    let id = |attrs: &[u8]| attr(attrs, b"numFmtId").and_then(|i| i.trim().parse().ok());
    tokens(archive, path, "its styles are not XML", |t| {
        match t {
            Token::Open { name, attrs, .. } => match name {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (id(attrs), attr(attrs, b"formatCode")) {
                        custom.push((id, Shown::of_code(&code)));
                    }
                }
                b"cellXfs" => in_xfs = true,
                b"xf" if in_xfs => xfs.push(id(attrs).unwrap_or(0)),
                _ => {}
            },
            Token::Close { name: b"cellXfs" } => return false,
            _ => {}
        }
        true
    })?;
    let shown = |id: u32| {
        custom
            .iter()
            .find(|(c, _)| *c == id)
            .map_or_else(|| Shown::of_builtin(id), |(_, s)| *s)
    };
    Ok(xfs.into_iter().map(shown).collect())
}

impl Raw {
    fn text(self, strings: &[String], styles: &[Shown], date1904: bool) -> String {
        match self {
            Raw::Shared(i) => strings.get(i as usize).cloned().unwrap_or_default(),
            Raw::Text(t) => t,
            Raw::Bool(b) => b.to_string(),
            Raw::Number { value, style } => {
                let shown = styles.get(style as usize).copied().unwrap_or_default();
                serial_text(value, shown, date1904).unwrap_or_else(|| number_text(value))
            }
        }
    }
}

/// A date serial as an ISO date, date-time or time; `None` when `shown` is a number or
/// the serial is out of range.
fn serial_text(n: f64, shown: Shown, date1904: bool) -> Option<String> {
    if shown == Shown::Number || !(0.0..2_958_466.0).contains(&n) {
        return None;
    }
    let mut days = n.trunc() as i64;
    let mut seconds = ((n - n.trunc()) * 86_400.0).round() as i64;
    if seconds == 86_400 {
        (days, seconds) = (days + 1, 0);
    }
    let time = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if shown == Shown::Time {
        return (days == 0).then_some(time);
    }
    // Serial 1 is 1900-01-01; Lotus counted a 29 February 1900, so from serial 61 on
    // day 0 is 1899-12-30.
    let (base, days) = match (date1904, days) {
        (true, d) => (jiff::civil::date(1904, 1, 1), d),
        (false, d) if d < 61 => (jiff::civil::date(1899, 12, 31), d),
        (false, d) => (jiff::civil::date(1899, 12, 30), d),
    };
    let date = base
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()?;
    Some(match shown {
        Shown::DateTime if seconds != 0 => format!("{date}T{time}"),
        _ => date.to_string(),
    })
}

#[cfg(test)]
mod tests;
