//! Workbooks read by odaudit's own readers and by calamine, an independent reader: the
//! same cells, laid out the same way.

use std::io::Cursor;

use super::super::table::MAX_ROWS;
use super::{Format, read_zip};

/// Every file under `dir` whose extension is `ext`, recursively.
fn files(dir: &std::path::Path, ext: &str, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, found);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            found.push(path);
        }
    }
}

/// The first sheet as calamine reads it, laid out as [`super::Table`] lays it out:
/// absolute columns from A, the first row with a value as the header, trailing empty
/// cells left out; numbers, dates and booleans as their values.
pub(super) fn calamine_table(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let (_, c0) = range.start().unwrap_or((0, 0));
    let text = |d: &Data| match d {
        Data::DateTime(t) => {
            let (y, mo, day, h, mi, s, _) = t.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::Float(f) => super::number_text(*f),
        Data::Error(_) => String::new(),
        other => other.to_string(),
    };
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            let mut cells: Vec<String> = vec![String::new(); c0 as usize];
            cells.extend(r.iter().map(text));
            while cells.last().is_some_and(|c| c.trim().is_empty()) {
                cells.pop();
            }
            cells
        })
        .collect();
    let first = rows.iter().position(|r| !r.is_empty()).unwrap_or(0);
    rows.drain(..first);
    let header = rows.remove(0).iter().map(|h| h.trim().to_owned()).collect();
    rows.truncate(MAX_ROWS);
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    (header, rows)
}

/// The workbooks of the blind corpus (written by helpers who never read these readers)
/// and the simulator's survey workbook read as calamine reads them.
#[test]
fn every_workbook_of_the_corpus_reads_as_calamine_reads_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (ext, format, at_least) in [("xlsx", Format::Xlsx, 10), ("ods", Format::Ods, 3)] {
        let mut found = Vec::new();
        files(&root.join("tests/realism/cases"), ext, &mut found);
        files(&root.join("sim/assets"), ext, &mut found);
        assert!(
            found.len() >= at_least,
            "the corpus has workbooks: {found:?}"
        );
        for path in found {
            let bytes = std::fs::read(&path).unwrap();
            let ours = read_zip(&bytes, format, MAX_ROWS).unwrap();
            assert_eq!(
                (ours.header, ours.rows),
                calamine_table(&bytes),
                "{}",
                path.display()
            );
        }
    }
}
