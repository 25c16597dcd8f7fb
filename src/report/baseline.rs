//! A baseline laid beside the measures: published figures of another source, typically
//! the 2020 barometer's declared counts (`targets/baseline-2020.csv`), so staff see the
//! survey's own table next to what the web shows today.
//!
//! The file is CSV with a header, one row per table cell:
//!
//! | column | meaning |
//! |---|---|
//! | `edition` | the baseline's name, shown as the column heading (the same on every row) |
//! | `table` | an overview table: `opens_data`, `channels`, `formats`, `update`, `anonymisation`, `communication`, `licences`, `plans` |
//! | `row` | a row of that table (the survey's answer tokens, e.g. `oui`, `site_web`, `structure_ouvert`) |
//! | `count` | how many communes gave that answer |
//! | `base` | out of how many (the percentage is `count / base`) |
//! | `source` | where the figure comes from (page, table), for the reader |
//!
//! As for every input, a bad row is an error naming the file, the line, the column and
//! the value; nothing is skipped.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::targets::{CsvInput, InputError, cell};

use super::tables::{Cell, TableKey};

const COLUMNS: &[&str] = &["edition", "table", "row", "count", "base", "source"];

/// Figures to show beside the measures, by table and row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Baseline {
    /// Its name (`Baromètre 2020 — déclaré`).
    pub edition: String,
    cells: BTreeMap<(TableKey, String), (Cell, String)>,
}

impl Baseline {
    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, InputError> {
        let (file, text) = crate::targets::read_input(path)?;
        Baseline::parse(&text, &file)
    }

    /// Parse a baseline file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Baseline, InputError> {
        let mut input = CsvInput::new(text, file)?;
        let columns = input.columns(COLUMNS, &["source"])?;
        let mut edition: Option<(String, u64)> = None;
        let mut cells = BTreeMap::new();
        let mut seen: HashMap<(TableKey, String), u64> = HashMap::new();
        let rows: Vec<_> = input.rows().collect();
        for row in rows {
            let (line, record) = row?;
            let err = |problem: String| input.error(line, problem);
            let cell = |i: usize| cell(&record, columns[i]);
            let name = cell(0);
            if name.is_empty() {
                return Err(err("column edition: empty".into()));
            }
            match &edition {
                None => edition = Some((name.to_owned(), line)),
                Some((first, at)) if first != name => {
                    return Err(err(format!(
                        "column edition: {name:?} differs from {first:?} (line {at}); one file holds one baseline"
                    )));
                }
                Some(_) => {}
            }
            let table = TableKey::of_token(cell(1)).ok_or_else(|| {
                err(format!(
                    "column table: {:?} is not one of {}",
                    cell(1),
                    TableKey::ALL
                        .iter()
                        .map(|t| t.token())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let row_token = cell(2).to_ascii_lowercase();
            if !table.rows().contains(&row_token.as_str()) {
                return Err(err(format!(
                    "column row: {:?} is not a row of table {} ({})",
                    cell(2),
                    table.token(),
                    table.rows().join(", ")
                )));
            }
            let number = |i: usize, label: &str| {
                cell(i).parse::<u64>().map_err(|_| {
                    err(format!(
                        "column {label}: {:?} is not a whole number",
                        cell(i)
                    ))
                })
            };
            let count = number(3, "count")?;
            let base = number(4, "base")?;
            if base == 0 {
                return Err(err(
                    "column base: 0 (a share needs a base of 1 or more)".into()
                ));
            }
            if count > base {
                return Err(err(format!(
                    "column count: {count} is more than the base {base}"
                )));
            }
            let key = (table, row_token);
            if let Some(first) = seen.insert(key.clone(), line) {
                return Err(err(format!(
                    "table {} row {} appears twice (first on line {first})",
                    table.token(),
                    key.1
                )));
            }
            cells.insert(key, (Cell::of(count, base), cell(5).to_owned()));
        }
        let Some((edition, _)) = edition else {
            return Err(input.error(1, "no rows: a baseline needs at least one figure".into()));
        };
        Ok(Baseline { edition, cells })
    }

    /// The figure for a row of a table, if the baseline has one.
    pub fn get(&self, table: TableKey, row: &str) -> Option<Cell> {
        self.cells
            .get(&(table, row.to_owned()))
            .map(|(cell, _)| *cell)
    }

    /// Where the figure comes from, as the file says.
    pub fn source(&self, table: TableKey, row: &str) -> Option<&str> {
        self.cells
            .get(&(table, row.to_owned()))
            .map(|(_, s)| s.as_str())
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "edition,table,row,count,base,source\n";

    #[test]
    fn the_shipped_2020_baseline_parses_and_matches_the_seed() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/baseline-2020.csv");
        let b = Baseline::load(&path).unwrap();
        assert_eq!(b.get(TableKey::OpensData, "oui"), Some(Cell::of(13, 75)));
        assert_eq!(b.get(TableKey::Channels, "odwb"), Some(Cell::of(3, 13)));
        assert_eq!(
            b.get(TableKey::Formats, "structure_ouvert"),
            Some(Cell::of(9, 13))
        );
        assert_eq!(b.get(TableKey::Plans, "non"), Some(Cell::of(46, 62)));
        assert!(b.source(TableKey::OpensData, "oui").is_some());
        assert_eq!(b.get(TableKey::Licences, "open"), None, "not asked in 2020");
    }

    #[test]
    fn bad_rows_name_file_line_column_and_value() {
        let e = Baseline::parse(&format!("{HEADER}B,opens_data,peut-être,1,2,\n"), "b.csv")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("b.csv:2: column row: \"peut-être\" is not a row of table opens_data"),
            "{e}"
        );
        let e = Baseline::parse(&format!("{HEADER}B,opens_data,oui,13,x,\n"), "b.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.csv:2: column base: \"x\" is not a whole number"
        );
        let e = Baseline::parse(&format!("{HEADER}B,opens_data,oui,13,7,\n"), "b.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.csv:2: column count: 13 is more than the base 7"
        );
        let e = Baseline::parse(&format!("{HEADER}B,stars,oui,1,2,\n"), "b.csv").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("b.csv:2: column table: \"stars\"")
        );
        let e = Baseline::parse(
            &format!("{HEADER}B,opens_data,oui,1,2,\nB,opens_data,OUI,1,2,\n"),
            "b.csv",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("b.csv:3: table opens_data row oui appears twice")
        );
        let e = Baseline::parse(
            &format!("{HEADER}B,opens_data,oui,1,2,\nC,opens_data,non,1,2,\n"),
            "b.csv",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("b.csv:3: column edition"), "{e}");
        assert!(Baseline::parse(HEADER, "b.csv").is_err());
        let e = Baseline::parse("table,row\n", "b.csv").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("b.csv:1: missing column \"edition\"")
        );
    }
}
