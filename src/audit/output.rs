//! The audit's files for staff: `communes.csv`, `datasets.csv`, `findings.csv`, `run.json`.
//!
//! CSV opens cleanly in Excel and LibreOffice (UTF-8 with a BOM, `;` on request), and
//! every cell that a spreadsheet would read as a formula (`= + - @`) is neutralised:
//! titles and URLs come from sites we do not control.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::model::{CommuneAudit, Severity};
use super::rate::{is_broken, is_published};
use crate::assess::FreshnessClass;
use crate::declarations::FormatClass;
use crate::report::Lang;

/// Make a cell safe for spreadsheets: a leading `= + - @` (or tab, CR) becomes text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

fn writer(path: &Path, delimiter: u8) -> std::io::Result<csv::Writer<std::fs::File>> {
    let mut file = std::fs::File::create(path)?;
    file.write_all("\u{feff}".as_bytes())?;
    Ok(csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(file))
}

fn row<W: Write>(w: &mut csv::Writer<W>, cells: &[String]) -> std::io::Result<()> {
    w.write_record(cells.iter().map(|c| neutralise(c)))?;
    Ok(())
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("|")
}

/// Write the three CSV files and `run.json` into `dir`; `findings.csv`'s `message` is
/// worded in `lang`.
pub fn write_reports(
    dir: &Path,
    run: &impl Serialize,
    audits: &[CommuneAudit],
    delimiter: u8,
    lang: Lang,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut w = writer(&dir.join("communes.csv"), delimiter)?;
    row(
        &mut w,
        &[
            "nis_code",
            "name",
            "province",
            "population",
            "population_class",
            "website",
            "website_status",
            "platform",
            "datasets",
            "distributions",
            "stars_0",
            "stars_1",
            "stars_2",
            "stars_3",
            "stars_4",
            "stars_5",
            "channels_found",
            "format_classes_found",
            "on_time",
            "late",
            "undated",
            "no_frequency",
            "broken",
            "declared_opens_data",
            "declared_channels",
            "declared_formats",
            "declared_update",
            "declared_communication",
            "findings",
            "not_verifiable",
        ]
        .map(str::to_owned),
    )?;
    for a in audits {
        let published: Vec<_> = a.distributions.iter().filter(|r| is_published(r)).collect();
        let mut stars = [0usize; 6];
        for r in &published {
            stars[r.stars.get() as usize] += 1;
        }
        let count = |c: FreshnessClass| {
            published
                .iter()
                .filter(|r| r.freshness == c)
                .count()
                .to_string()
        };
        let channels: BTreeSet<&str> = published.iter().map(|r| channel_token(r.channel)).collect();
        let classes: BTreeSet<&str> = published
            .iter()
            .filter_map(|r| FormatClass::of_stars(r.stars_format))
            .map(|c| c.as_str())
            .collect();
        let d = a.declaration.as_ref();
        let mut cells = vec![
            a.commune.nis_code.to_string(),
            a.commune.name.clone(),
            a.commune.province.clone(),
            a.commune.population.to_string(),
            a.commune.population_class().label().to_owned(),
            a.website.url.clone().unwrap_or_default(),
            a.website.status.as_str().to_owned(),
            a.website.platform.clone().unwrap_or_default(),
            a.datasets.to_string(),
            a.distributions.len().to_string(),
        ];
        cells.extend(stars.iter().map(|n| n.to_string()));
        cells.extend([
            join(channels),
            join(classes),
            count(FreshnessClass::OnTime),
            count(FreshnessClass::Late),
            count(FreshnessClass::Undated),
            count(FreshnessClass::NoFrequency),
            a.distributions
                .iter()
                .filter(|r| is_broken(r))
                .count()
                .to_string(),
            d.map_or(String::new(), |d| {
                if d.opens_data { "oui" } else { "non" }.to_owned()
            }),
            d.map_or(String::new(), |d| {
                join(d.channels.iter().map(|c| c.as_str()))
            }),
            d.map_or(String::new(), |d| {
                join(d.formats.iter().map(|c| c.as_str()))
            }),
            d.and_then(|d| d.update)
                .map_or(String::new(), |u| u.as_str().to_owned()),
            d.map_or(String::new(), |d| {
                join(d.communication.iter().map(|c| c.as_str()))
            }),
            a.findings.len().to_string(),
            a.distributions
                .iter()
                .filter(|r| r.outcome.is_not_verifiable())
                .count()
                .to_string(),
        ]);
        row(&mut w, &cells)?;
    }
    w.flush()?;

    let mut w = writer(&dir.join("datasets.csv"), delimiter)?;
    row(
        &mut w,
        &[
            "nis_code",
            "dataset_title",
            "channel",
            "landing_page",
            "url",
            "http_status",
            "format",
            "container",
            "stars_format",
            "licence",
            "licence_name",
            "stars",
            "last_modified",
            "modified_source",
            "frequency",
            "freshness",
            "age_days",
            "linked_from_website",
            "mislabelled",
            "error",
            "outcome",
            "outcome_reason",
            "personal_data",
            "standard",
            "standard_conforms",
        ]
        .map(str::to_owned),
    )?;
    for a in audits {
        for r in &a.distributions {
            row(
                &mut w,
                &[
                    r.nis_code.to_string(),
                    r.dataset_title.clone(),
                    channel_token(r.channel).to_owned(),
                    r.landing_page.clone().unwrap_or_default(),
                    r.url.clone(),
                    r.status.map(|s| s.to_string()).unwrap_or_default(),
                    r.format.map(|f| f.code().to_owned()).unwrap_or_default(),
                    r.container.map(|c| c.code().to_owned()).unwrap_or_default(),
                    r.stars_format.to_string(),
                    r.licence.as_str().to_owned(),
                    r.licence_name.clone().unwrap_or_default(),
                    r.stars.to_string(),
                    r.last_modified.clone().unwrap_or_default(),
                    r.modified_source.clone().unwrap_or_default(),
                    r.frequency.clone().unwrap_or_default(),
                    r.freshness.as_str().to_owned(),
                    r.age_days.map(|d| d.to_string()).unwrap_or_default(),
                    r.linked_from_website.to_string(),
                    r.mislabelled.to_string(),
                    r.error.clone().unwrap_or_default(),
                    r.outcome.class().to_owned(),
                    r.outcome.reason(),
                    r.personal_data
                        .as_ref()
                        .map(|p| p.kinds_code())
                        .unwrap_or_default(),
                    r.standard
                        .as_ref()
                        .map(|s| format!("{} {}", s.standard, s.version))
                        .unwrap_or_default(),
                    r.standard
                        .as_ref()
                        .map(|s| s.conforms.to_string())
                        .unwrap_or_default(),
                ],
            )?;
        }
    }
    w.flush()?;

    let mut w = writer(&dir.join("findings.csv"), delimiter)?;
    row(
        &mut w,
        &[
            "nis_code",
            "code",
            "severity",
            "message",
            "evidence",
            "subject",
            "count",
            "not_verifiable",
            "evidence_seen",
        ]
        .map(str::to_owned),
    )?;
    for a in audits {
        for f in &a.findings {
            row(
                &mut w,
                &[
                    f.nis_code.to_string(),
                    f.code.as_str().to_owned(),
                    f.severity.as_str().to_owned(),
                    lang.finding_message(f),
                    join_with(f.evidence.iter().map(|e| e.url.as_str()), " "),
                    f.subject.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    f.facts.count().map(|n| n.to_string()).unwrap_or_default(),
                    f.facts
                        .not_verifiable()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    evidence_seen(f),
                ],
            )?;
        }
    }
    w.flush()?;
    let json = serde_json::to_vec_pretty(run).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("run.json"), json)?;
    Ok(())
}

/// The text seen for each evidence URL, in the same order, ` | `-separated; empty when
/// none was seen.
fn evidence_seen(f: &super::model::Finding) -> String {
    if f.evidence.iter().all(|e| e.seen.is_none()) {
        return String::new();
    }
    join_with(
        f.evidence.iter().map(|e| e.seen.as_deref().unwrap_or("")),
        " | ",
    )
}

fn join_with<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

fn channel_token(c: crate::discover::Channel) -> &'static str {
    match c {
        crate::discover::Channel::Website => "website",
        crate::discover::Channel::Odwb => "odwb",
        crate::discover::Channel::OwnPortal => "own_portal",
        crate::discover::Channel::RegionalPortal => "regional_portal",
    }
}

/// The most severe finding of a run.
pub fn worst(audits: &[CommuneAudit]) -> Option<Severity> {
    audits
        .iter()
        .flat_map(|a| &a.findings)
        .map(|f| f.severity)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+32 81 24 60 00"), "'+32 81 24 60 00");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Budget 2024"), "Budget 2024");
    }
}
