//! Communes merge: the region audited is the region of the run's date.
//!
//! `targets/wallonia.csv` lists the communes as they were surveyed (2020); the merger
//! table (`targets/mergers.csv`, one row per commune that ceased to exist) says which
//! commune succeeded which, and from when. Applying the table for a date gives that
//! date's region (from 2024-12-02, Bastogne 82003 and Bertogne 82005 are Bastogne 82039:
//! 261 communes), and carries the survey answers of a merged commune to its successor,
//! saying so, so that a claim made in 2020 is still checked against the web of today.
//!
//! Keeping the surveyed communes in the targets file (rather than rewriting it) keeps the
//! websites and aliases of the former communes for an audit `--as-of` an earlier date.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use jiff::civil::Date;

use crate::targets::{Commune, CsvInput, InputError, NisCode, cell, read_input};

/// One commune that ceased to exist, merged into a successor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merger {
    /// The former commune.
    pub old_nis_code: NisCode,
    /// Its name.
    pub old_name: String,
    /// Its province.
    pub province: String,
    /// Its population as surveyed.
    pub population: u32,
    /// The successor.
    pub new_nis_code: NisCode,
    /// The successor's name.
    pub new_name: String,
    /// The day the merger took legal effect (the successor exists from that day).
    pub effective: Date,
}

const MERGER_COLUMNS: &[&str] = &[
    "old_nis_code",
    "old_name",
    "province",
    "population_2020",
    "new_nis_code",
    "new_name",
    "legally_effective",
];

/// Read a merger table.
pub fn load_mergers(path: &Path) -> Result<Vec<Merger>, InputError> {
    let (file, text) = read_input(path)?;
    parse_mergers(&text, &file)
}

/// The merger table beside a targets file (`mergers.csv` in its folder), empty when there is none.
pub fn mergers_beside(targets: &Path) -> Result<Vec<Merger>, InputError> {
    let path = targets
        .parent()
        .unwrap_or(Path::new("."))
        .join("mergers.csv");
    if path.exists() {
        load_mergers(&path)
    } else {
        Ok(Vec::new())
    }
}

/// Parse a merger table's text; `file` names it in errors.
pub fn parse_mergers(text: &str, file: &str) -> Result<Vec<Merger>, InputError> {
    let mut input = CsvInput::new(text, file)?;
    let columns = input.columns(MERGER_COLUMNS, &[])?;
    let rows: Vec<_> = input.rows().collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for row in rows {
        let (line, record) = row?;
        let err = |problem: String| input.error(line, problem);
        let cell = |i: usize| cell(&record, columns[i]);
        let nis = |i: usize| -> Result<NisCode, InputError> {
            cell(i)
                .parse()
                .map_err(|e| err(format!("column {}: {e}", MERGER_COLUMNS[i])))
        };
        let old_nis_code = nis(0)?;
        if !seen.insert(old_nis_code) {
            return Err(err(format!(
                "column old_nis_code: {old_nis_code} appears twice"
            )));
        }
        let population = cell(3).parse().map_err(|_| {
            err(format!(
                "column population_2020: {:?} is not a whole number",
                cell(3)
            ))
        })?;
        let effective: Date = cell(6).parse().map_err(|_| {
            err(format!(
                "column legally_effective: {:?} is not a date (YYYY-MM-DD)",
                cell(6)
            ))
        })?;
        out.push(Merger {
            old_nis_code,
            old_name: cell(1).to_owned(),
            province: cell(2).to_owned(),
            population,
            new_nis_code: nis(4)?,
            new_name: cell(5).to_owned(),
            effective,
        });
    }
    Ok(out)
}

/// The region on `date`: the communes of `communes` that still existed then, and the
/// successors that did (a successor absent from `communes` is made from its
/// predecessors: the successor's name, their population summed, the website and
/// portal of the predecessor bearing its name, else of the first; all their aliases).
/// A successor that did not exist yet is left out. Order: the file's, a successor in
/// its first predecessor's place.
pub fn region_on(communes: &[Commune], mergers: &[Merger], date: Date) -> Vec<Commune> {
    let mut successors: BTreeMap<NisCode, Vec<&Merger>> = BTreeMap::new();
    for m in mergers {
        successors.entry(m.new_nis_code).or_default().push(m);
    }
    let in_effect = |m: &Merger| m.effective <= date;
    let mut out = Vec::with_capacity(communes.len());
    let mut placed = HashSet::new();
    for c in communes {
        if let Some(group) = successors.get(&c.nis_code) {
            // The successor is in the file: it exists from its merger on.
            if group.iter().all(|m| in_effect(m)) && placed.insert(c.nis_code) {
                out.push(c.clone());
            }
            continue;
        }
        match mergers.iter().find(|m| m.old_nis_code == c.nis_code) {
            Some(m) if in_effect(m) => {
                if placed.insert(m.new_nis_code) {
                    let listed = communes.iter().find(|x| x.nis_code == m.new_nis_code);
                    out.push(match listed {
                        Some(s) => s.clone(),
                        None => successor_of(communes, &successors[&m.new_nis_code]),
                    });
                }
            }
            _ => out.push(c.clone()),
        }
    }
    out
}

/// A successor made from its predecessors' rows.
fn successor_of(communes: &[Commune], group: &[&Merger]) -> Commune {
    let first = group[0];
    let rows: Vec<&Commune> = group
        .iter()
        .filter_map(|m| communes.iter().find(|c| c.nis_code == m.old_nis_code))
        .collect();
    let namesake = rows
        .iter()
        .find(|c| c.name == first.new_name)
        .or(rows.first());
    Commune {
        nis_code: first.new_nis_code,
        name: first.new_name.clone(),
        province: first.province.clone(),
        population: group.iter().map(|m| m.population).sum(),
        website: namesake.and_then(|c| c.website.clone()),
        own_portal: namesake.and_then(|c| c.own_portal.clone()),
        aliases: rows.iter().flat_map(|c| c.aliases.clone()).collect(),
    }
}

/// The UTC day of a time (the region of a run is the region of its day).
pub fn day_of(t: jiff::Timestamp) -> Date {
    jiff::tz::Offset::UTC.to_datetime(t).date()
}

/// The commune that `nis` became by `date`, with the merger, when it merged by then.
pub fn successor(mergers: &[Merger], nis: NisCode, date: Date) -> Option<&Merger> {
    mergers
        .iter()
        .find(|m| m.old_nis_code == nis && m.effective <= date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::load_communes;

    fn shipped() -> (Vec<Commune>, Vec<Merger>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets");
        (
            load_communes(&root.join("wallonia.csv")).unwrap(),
            load_mergers(&root.join("mergers.csv")).unwrap(),
        )
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn the_region_of_2025_has_261_communes() {
        let (communes, mergers) = shipped();
        assert_eq!(mergers.len(), 2);
        let before = region_on(&communes, &mergers, date("2024-12-01"));
        assert_eq!(before.len(), 262);
        assert!(before.iter().any(|c| c.nis_code.get() == 82005));
        let after = region_on(&communes, &mergers, date("2024-12-02"));
        assert_eq!(after.len(), 261);
        let codes: HashSet<u32> = after.iter().map(|c| c.nis_code.get()).collect();
        assert!(!codes.contains(&82003) && !codes.contains(&82005));
        let bastogne = after.iter().find(|c| c.nis_code.get() == 82039).unwrap();
        assert_eq!(bastogne.name, "Bastogne");
        assert_eq!(bastogne.population, 16276 + 3656);
        let old = communes.iter().find(|c| c.nis_code.get() == 82003).unwrap();
        assert_eq!(bastogne.website, old.website);
        // In the place of the first predecessor, not at the end.
        let at = after
            .iter()
            .position(|c| c.nis_code.get() == 82039)
            .unwrap();
        let was = communes
            .iter()
            .position(|c| c.nis_code.get() == 82003)
            .unwrap();
        assert_eq!(at, was);
    }

    #[test]
    fn a_listed_successor_is_used_and_only_once_it_exists() {
        let (mut communes, mergers) = shipped();
        let mut listed = communes[0].clone();
        listed.nis_code = "82039".parse().unwrap();
        listed.name = "Bastogne (nouvelle)".into();
        communes.push(listed);
        let after = region_on(&communes, &mergers, date("2025-01-01"));
        assert_eq!(after.len(), 261);
        assert!(after.iter().any(|c| c.name == "Bastogne (nouvelle)"));
        let before = region_on(&communes, &mergers, date("2020-06-01"));
        assert_eq!(before.len(), 262);
        assert!(before.iter().all(|c| c.nis_code.get() != 82039));
    }

    #[test]
    fn bad_rows_are_located() {
        let head = MERGER_COLUMNS.join(",");
        let e = parse_mergers(
            &format!("{head}\n82003,B,L,1,82039,B,2024-13-02\n"),
            "m.csv",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.csv:2: column legally_effective: \"2024-13-02\" is not a date (YYYY-MM-DD)"
        );
        let (_, mergers) = shipped();
        let old: NisCode = "82005".parse().unwrap();
        assert_eq!(
            successor(&mergers, old, date("2025-03-01")).map(|m| m.new_nis_code.get()),
            Some(82039)
        );
        assert!(successor(&mergers, old, date("2024-01-01")).is_none());
    }
}
