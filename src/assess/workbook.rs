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
//! Both are walked with quick-xml here, not with calamine: XLSX in [`xlsx`], inflating
//! only the first rows and the shared strings they use (calamine parses every shared
//! string on opening); ODS `content.xml` below, because calamine expands
//! `number-rows-repeated` into up to 10^8 cells.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use quick_xml::events::{BytesStart, Event};

use super::table::{MAX_COLUMNS, MAX_ROWS, Table};
use super::{Format, Sample};

mod scan;
mod xlsx;

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
    let mut entry = archive
        .by_name("content.xml")
        .map_err(|_| WorkbookUnread::Unreadable("its content.xml is missing"))?;
    let mut xml = Vec::new();
    // The zip crate fails an entry inflating past its declared size, itself capped.
    entry
        .read_to_end(&mut xml)
        .map_err(|_| WorkbookUnread::Unreadable("its content.xml is damaged"))?;
    let xml = String::from_utf8_lossy(&xml);
    ods_first_sheet(&xml, limit)
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
    /// The current row had a non-empty cell.
    row_used: bool,
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn ods_first_sheet(xml: &str, limit: usize) -> Result<Table, WorkbookUnread> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut at = OdsCursor {
        rows: Rows::new(limit),
        row: 0,
        col: 0,
        row_repeat: 0,
        col_repeat: 0,
        text: None,
        row_used: false,
    };
    let mut in_table = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "table" => in_table = true,
                "table-row" if in_table => at.start_row(repeat(&e, "table:number-rows-repeated")),
                "table-cell" | "covered-table-cell" if in_table => {
                    at.col_repeat = repeat(&e, "table:number-columns-repeated");
                    at.text = Some(String::new());
                }
                "p" => at.new_paragraph(),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "table-cell" | "covered-table-cell" if in_table => {
                    at.col = at
                        .col
                        .saturating_add(repeat(&e, "table:number-columns-repeated"));
                }
                "s" | "tab" => at.push(" "),
                _ => {}
            },
            Ok(Event::Text(t)) => at.push(t.as_ref()),
            Ok(Event::GeneralRef(r)) => at.push(match r.as_ref() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ => "",
            }),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "table" => {
                    let rest = xml.get(reader.buffer_position() as usize..).unwrap_or("");
                    at.rows.more |= rest.contains("<table:table ");
                    break;
                }
                "table-cell" | "covered-table-cell" if in_table => at.end_cell(),
                "table-row" if in_table && !at.end_row() => break,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(WorkbookUnread::Unreadable("its content.xml is not XML")),
            _ => {}
        }
    }
    at.rows.table()
}

impl OdsCursor {
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
        let text = self.text.take().unwrap_or_default();
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
