//! The cells of a workbook (XLSX, ODS) in the bytes already read, as a [`Table`] for the
//! cell checks (personal data, Walloon standards).
//!
//! A workbook is a zip, and a zip is hostile input twice over: its directory sits at the
//! end, so a cut file cannot be read at all (a prefix is "not verifiable", never clean),
//! and 128 KiB of deflate can inflate to gigabytes. So the archive is opened first with
//! the `zip` crate, and the workbook is refused when the declared inflated size of its XML
//! parts passes [`XML_CAP`]; the `zip` crate fails any entry that inflates past its
//! declared size, so the declaration bounds what the readers below can allocate. Only the
//! first sheet is read, and only its first rows (as many as the checks need, at most
//! [`MAX_ROWS`]) and [`MAX_COLUMNS`] columns.
//! Both are walked with the tokenizer in [`scan`], not with calamine: XLSX in [`xlsx`],
//! inflating only the first rows and the shared strings they use (calamine parses every
//! shared string on opening); ODS `content.xml` below, streamed and left once its rows
//! are read, because calamine expands `number-rows-repeated` into up to 10^8 cells.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::table::{MAX_COLUMNS, MAX_ROWS, Table};
use super::{Format, Sample};

mod scan;
mod xlsx;

use scan::{Scanner, Token};

/// The most bytes the XML parts of a workbook may declare once inflated.
pub const XML_CAP: u64 = 16 * 1024 * 1024;

/// Why the cells of a workbook were not checked: the file stays "not verifiable".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookUnread {
    /// Only a prefix was read: a zip's directory is at its end.
    #[error(
        "truncated workbook: not verifiable (only its first {read} bytes were read, and a zip's directory is at its end)"
    )]
    Truncated {
        /// Bytes read.
        read: usize,
    },
    /// The XML parts declare more than [`XML_CAP`] bytes once inflated.
    #[error(
        "workbook not verifiable: its XML parts declare {declared} bytes once inflated, over the {cap}-byte cap"
    )]
    TooLarge {
        /// Declared inflated size of the XML parts.
        declared: u64,
        /// The cap.
        cap: u64,
    },
    /// The archive or its sheets could not be read.
    #[error("workbook not verifiable: {0}")]
    Unreadable(&'static str),
}

/// The first sheet of a workbook sample, its first `limit` rows (at most [`MAX_ROWS`])
/// under the header, or why it was not read; `None` for other formats.
pub(crate) fn read(
    sample: Sample<'_>,
    format: Format,
    limit: usize,
) -> Option<Result<Table, WorkbookUnread>> {
    if !matches!(format, Format::Xlsx | Format::Ods) {
        return None;
    }
    if !sample.complete {
        return Some(Err(WorkbookUnread::Truncated {
            read: sample.bytes.len(),
        }));
    }
    let read = catch_unwind(AssertUnwindSafe(|| {
        read_zip(sample.bytes, format, limit.min(MAX_ROWS))
    }));
    Some(read.unwrap_or(Err(WorkbookUnread::Unreadable("its reader failed"))))
}

fn read_zip(bytes: &[u8], format: Format, limit: usize) -> Result<Table, WorkbookUnread> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| WorkbookUnread::Unreadable("its zip directory is damaged"))?;
    let mut declared = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|_| WorkbookUnread::Unreadable("a zip entry is damaged"))?;
        let xml = entry
            .name()
            .map_or(true, |n| n.ends_with(".xml") || n.ends_with(".rels"));
        if xml {
            declared = declared.saturating_add(entry.size());
        }
    }
    if declared > XML_CAP {
        return Err(WorkbookUnread::TooLarge {
            declared,
            cap: XML_CAP,
        });
    }
    match format {
        Format::Ods => read_ods(&mut archive, limit),
        _ => xlsx::read(&mut archive, limit),
    }
}

/// Rows being filled in, by sheet row index; the first non-empty row is the header.
struct Rows {
    /// The most rows kept under the header.
    limit: usize,
    first: Option<u32>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The workbook goes on beyond what was read (rows past the cap, other sheets).
    more: bool,
}

impl Rows {
    fn new(limit: usize) -> Rows {
        Rows {
            limit,
            first: None,
            header: Vec::new(),
            rows: Vec::new(),
            more: false,
        }
    }

    /// Put a cell; false once the rows past the limit are reached.
    fn put(&mut self, row: u32, col: u32, text: String) -> bool {
        let col = col as usize;
        if text.trim().is_empty() || col >= MAX_COLUMNS {
            return true;
        }
        let first = *self.first.get_or_insert(row);
        let Some(at) = row.checked_sub(first) else {
            return true; // out-of-order cell above the header: ignored
        };
        let cells = if at == 0 {
            &mut self.header
        } else {
            let i = at as usize - 1;
            if i >= self.limit {
                self.more = true;
                return false;
            }
            if self.rows.len() <= i {
                self.rows.resize_with(i + 1, Vec::new);
            }
            &mut self.rows[i]
        };
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        true
    }

    fn table(self) -> Result<Table, WorkbookUnread> {
        if self.header.is_empty() {
            return Err(WorkbookUnread::Unreadable("its first sheet is empty"));
        }
        Ok(Table {
            header: self.header.iter().map(|h| h.trim().to_owned()).collect(),
            rows: self.rows,
            complete: !self.more,
        })
    }
}

fn read_ods(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limit: usize,
) -> Result<Table, WorkbookUnread> {
    let entry = archive
        .by_name("content.xml")
        .map_err(|_| WorkbookUnread::Unreadable("its content.xml is missing"))?;
    // Streamed: the zip crate fails an entry inflating past its declared size, itself
    // capped, and the walk stops after the rows it needs.
    ods_first_sheet(Scanner::new(entry), limit)
}

/// A number as text: whole numbers without a fraction.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The value an ODS cell holds when it is typed (OpenDocument 1.3 part 3, §19.385–19.389):
/// a number as a number (`12.5`, where the cell shows `12,5` in French), a date as its
/// ISO date, a boolean as `true`/`false`; `None` for text, whose value is what it shows.
fn ods_value(attrs: &[u8]) -> Option<String> {
    let mut kind = None;
    let (mut value, mut date, mut boolean) = (None, None, None);
    for (key, v) in scan::attributes(attrs) {
        match key {
            b"value-type" if kind.is_none() => kind = Some(v),
            b"value" => value = Some(v),
            b"date-value" => date = Some(v),
            b"boolean-value" => boolean = Some(v),
            _ => {}
        }
    }
    let text = |v: &[u8]| String::from_utf8_lossy(v).trim().to_owned();
    match kind? {
        b"float" | b"percentage" | b"currency" => {
            let n: f64 = text(value?).parse().ok()?;
            Some(number_text(n))
        }
        b"date" => Some(text(date?)),
        b"boolean" => Some(text(boolean?)),
        _ => None,
    }
}

/// Where the walk of the first ODS table is.
struct OdsCursor {
    rows: Rows,
    row: u32,
    col: u32,
    /// Repeats of the current row and cell.
    row_repeat: u32,
    col_repeat: u32,
    /// The current cell's text, when inside one.
    text: Option<String>,
    /// The current cell's typed value, when it has one (it wins over the text).
    value: Option<String>,
    /// The current row had a non-empty cell.
    row_used: bool,
}

/// A `number-…-repeated` attribute (1 when absent or unreadable).
fn repeat(attrs: &[u8], name: &[u8]) -> u32 {
    scan::attributes(attrs)
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| std::str::from_utf8(v).ok()?.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Where the walk is: before the first table, in it, or past it (looking for another).
#[derive(Clone, Copy, PartialEq, Eq)]
enum OdsPlace {
    Before,
    In,
    After,
}

fn ods_first_sheet(mut scan: Scanner<impl Read>, limit: usize) -> Result<Table, WorkbookUnread> {
    let mut at = OdsCursor {
        rows: Rows::new(limit),
        row: 0,
        col: 0,
        row_repeat: 0,
        col_repeat: 0,
        text: None,
        value: None,
        row_used: false,
    };
    let mut place = OdsPlace::Before;
    loop {
        let going = match scan.next() {
            Ok(Some(Token::Open { name, attrs, empty })) => at.open(&mut place, name, attrs, empty),
            Ok(Some(Token::Text(t))) => {
                at.push(&t);
                true
            }
            Ok(Some(Token::Close { name })) => at.close(&mut place, name),
            Ok(None) => false,
            // Damage past the first table only leaves the rest of the workbook unknown.
            Err(_) if place == OdsPlace::After => {
                at.rows.more = true;
                false
            }
            Err(scan::Damaged::Unreadable) => {
                return Err(WorkbookUnread::Unreadable("its content.xml is damaged"));
            }
            Err(scan::Damaged::NotXml) => {
                return Err(WorkbookUnread::Unreadable("its content.xml is not XML"));
            }
        };
        if !going {
            return at.rows.table();
        }
    }
}

impl OdsCursor {
    /// An opening tag; false when the walk is over (a second table: the workbook goes on).
    fn open(&mut self, place: &mut OdsPlace, name: &[u8], attrs: &[u8], empty: bool) -> bool {
        match (name, *place) {
            (b"table", OdsPlace::After) => {
                self.rows.more = true;
                return false;
            }
            (b"table", OdsPlace::Before) if !empty => *place = OdsPlace::In,
            (b"table-row", OdsPlace::In) => {
                self.start_row(repeat(attrs, b"number-rows-repeated"));
                if empty {
                    return self.end_row();
                }
            }
            (b"table-cell" | b"covered-table-cell", OdsPlace::In) => {
                let repeated = repeat(attrs, b"number-columns-repeated");
                if empty {
                    self.col = self.col.saturating_add(repeated);
                } else {
                    self.col_repeat = repeated;
                    self.text = Some(String::new());
                    self.value = ods_value(attrs);
                }
            }
            (b"p", _) if !empty => self.new_paragraph(),
            (b"s" | b"tab", _) if empty => self.push(" "),
            _ => {}
        }
        true
    }

    /// A closing tag; false once the rows are full.
    fn close(&mut self, place: &mut OdsPlace, name: &[u8]) -> bool {
        match (name, *place) {
            (b"table", OdsPlace::In) => *place = OdsPlace::After,
            (b"table-cell" | b"covered-table-cell", OdsPlace::In) => self.end_cell(),
            (b"table-row", OdsPlace::In) => return self.end_row(),
            _ => {}
        }
        true
    }

    fn start_row(&mut self, repeat: u32) {
        self.row_repeat = repeat;
        self.col = 0;
        self.row_used = false;
    }

    fn new_paragraph(&mut self) {
        if let Some(text) = &mut self.text
            && !text.is_empty()
        {
            text.push('\n');
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(text) = &mut self.text
            && text.len() < 64 * 1024
        {
            text.push_str(s);
        }
    }

    fn end_cell(&mut self) {
        let shown = self.text.take().unwrap_or_default();
        let text = self.value.take().unwrap_or(shown);
        let repeat = self.col_repeat.max(1);
        if !text.trim().is_empty() {
            self.row_used = true;
            let last = self.col.saturating_add(repeat).min(MAX_COLUMNS as u32);
            for col in self.col..last {
                self.rows.put(self.row, col, text.clone());
            }
        }
        self.col = self.col.saturating_add(repeat);
    }

    /// Close a row (repeating a used row, bounded); false once the rows are full.
    fn end_row(&mut self) -> bool {
        let mut going = true;
        if self.row_used && self.row_repeat > 1 {
            let cells: Vec<(u32, String)> = match self.row.checked_sub(self.rows.first.unwrap_or(0))
            {
                Some(0) => self
                    .rows
                    .header
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(c, t)| (c as u32, t))
                    .collect(),
                Some(at) => self
                    .rows
                    .rows
                    .get(at as usize - 1)
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .map(|(c, t)| (c as u32, t))
                    .collect(),
                None => Vec::new(),
            };
            let copies = (self.row_repeat - 1).min(self.rows.limit as u32 + 1);
            'copies: for k in 1..=copies {
                for (c, t) in &cells {
                    if !self.rows.put(self.row + k, *c, t.clone()) {
                        going = false;
                        break 'copies;
                    }
                }
            }
        }
        self.row = self.row.saturating_add(self.row_repeat);
        going && !self.rows.more
    }
}

#[cfg(test)]
mod tests;
