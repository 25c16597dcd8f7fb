//! The HTML report staff read: per run, the 2020 barometer's Open Data tables with
//! declared and measured figures side by side, and a page per commune a DPO can open,
//! check and print.
//!
//! Written under `<out>/`:
//! - `<run-folder>/index.html` — the overview (tables, breakdowns, charts, changes since
//!   the previous run, the list of communes);
//! - `<run-folder>/communes/<nis>.html` — one page per commune;
//! - `<run-folder>/report.json` — what the runs index needs to list this run;
//! - `index.html` — every run.
//!
//! The pages are self-contained: inline CSS, one inline script (sorting and filtering
//! tables), SVG charts; no font, CDN or network request, so they work from `file://` and
//! print. A Content-Security-Policy lets nothing load and only our script run, and
//! everything that came from the web is escaped, so a hostile dataset title is text.
//!
//! This module only reads audits (from the store, or given by the caller); it never
//! crawls and never writes to the store.

pub mod baseline;
pub mod charts;
pub mod lang;
pub mod measure;
pub mod pages;
pub mod tables;
pub mod view;

use std::path::{Path, PathBuf};

use askama::Template;
use serde::{Deserialize, Serialize};

use crate::audit::CommuneAudit;
use crate::audit::RunDiff;
use crate::store::{RunId, RunRecord, Store, StoreError};
use crate::targets::InputError;

pub use baseline::Baseline;
pub use lang::Lang;

/// The ids of the overview's tables and charts, one per measured table of the survey's
/// section 4 (plus breakdowns, changes and the list of communes). Tests check them.
pub const OVERVIEW_IDS: &[&str] = &[
    "t-opens-data",
    "t-opens-by-class",
    "t-opens-by-province",
    "t-channels",
    "t-update",
    "t-anonymisation",
    "t-formats",
    "t-communication",
    "t-licences",
    "t-plans",
    "t-standards",
    "c-stars",
    "c-freshness",
    "t-changes",
    "t-communes",
];

/// The files an audit writes next to the report, linked when present.
const RAW_FILES: &[&str] = &["communes.csv", "datasets.csv", "findings.csv", "run.json"];

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The history could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file could not be written.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A template failed (a bug, not an input problem).
    #[error("cannot render {what}: {source}")]
    Template {
        /// Which page.
        what: String,
        /// Askama's error.
        source: askama::Error,
    },
    /// The baseline file is bad.
    #[error(transparent)]
    Baseline(#[from] InputError),
}

/// How to render.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// The language (French by default).
    pub lang: Lang,
    /// Figures to show beside the measures (e.g. the 2020 barometer's).
    pub baseline: Option<Baseline>,
}

/// A run as the report names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunMeta {
    /// The folder name (`2026-11-29T11-38-25Z-0001`, or `demo-...`).
    pub name: String,
    /// The store's id, when the run is in a store.
    pub id: Option<RunId>,
    /// Start (RFC 3339).
    pub started: String,
    /// End (RFC 3339), if it finished.
    pub finished: Option<String>,
    /// The time ages and freshness were judged at, when not the start (`--as-of`).
    pub as_of: Option<String>,
    /// odaudit's version that ran it.
    pub version: String,
}

impl RunMeta {
    /// The report's view of a stored run.
    pub fn of_record(r: &RunRecord) -> RunMeta {
        RunMeta {
            name: r.summary.name.clone(),
            id: Some(r.summary.id),
            started: r.summary.started.clone(),
            finished: r.summary.finished.clone(),
            as_of: r.info.config["as_of"].as_str().map(str::to_owned),
            version: r.info.version.clone(),
        }
    }
}

/// What `<run-folder>/report.json` holds: enough to list the run in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedRun {
    /// The folder name.
    pub name: String,
    /// The store's id, if any.
    pub id: Option<i64>,
    /// Start (RFC 3339).
    pub started: String,
    /// End (RFC 3339).
    pub finished: Option<String>,
    /// Communes audited.
    pub communes: u64,
    /// Distributions rated.
    pub distributions: u64,
    /// Findings.
    pub findings: u64,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A page rendered straight into its file: the page of a commune with 40,000 files is
/// tens of megabytes of HTML, never held as one string.
fn write_page(path: &Path, page: &impl Template, what: &str) -> Result<(), ReportError> {
    let file = std::fs::File::create(path).map_err(io(path))?;
    let mut out = FileText {
        out: std::io::BufWriter::with_capacity(64 * 1024, file),
        failed: None,
    };
    if let Err(source) = page.render_into(&mut out) {
        return Err(match out.failed {
            Some(e) => io(path)(e),
            None => ReportError::Template {
                what: what.to_owned(),
                source,
            },
        });
    }
    std::io::Write::flush(&mut out.out).map_err(io(path))
}

/// A file as a `fmt::Write`, keeping the I/O error a template cannot carry.
struct FileText {
    out: std::io::BufWriter<std::fs::File>,
    failed: Option<std::io::Error>,
}

impl std::fmt::Write for FileText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        std::io::Write::write_all(&mut self.out, s.as_bytes()).map_err(|e| {
            self.failed = Some(e);
            std::fmt::Error
        })
    }
}

/// Render a stored run into `out/<run-folder>/`, compared with the previous finished run,
/// and refresh `out/index.html`. Returns the run's folder.
pub fn render_run(
    store: &Store,
    run: RunId,
    out: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    let dir = render_run_folder(store, run, None, out, options)?;
    render_index(store, None, out, options.lang)?;
    Ok(dir)
}

/// Render the HTML of a run the store does not yet mark finished into
/// `scratch/<run name>/` (where its CSV files already are), showing `finished` as its
/// end: the audit assembles the whole folder there, puts it in place, refreshes the
/// index with [`render_index`], and only then marks the run finished, so a run killed
/// while rendering stays unfinished and `--resume` renders it again.
pub fn render_finishing_run(
    store: &Store,
    run: RunId,
    finished: &str,
    scratch: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    render_run_folder(store, run, Some(finished), scratch, options)
}

/// The run's folder `out/<name>/`, compared with the last finished run before it.
fn render_run_folder(
    store: &Store,
    run: RunId,
    finishing: Option<&str>,
    out: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    let (mut record, audits) = store.load_run(run)?;
    if let Some(f) = finishing {
        record.summary.finished = Some(f.to_owned());
    }
    let previous = store
        .runs()?
        .iter()
        // An invalid run (the auditor's own outage) is no "previous run".
        .filter(|r| r.id < run && r.finished.is_some() && r.invalid.is_none())
        .map(|r| r.id)
        .max();
    let previous = previous.map(|p| store.load_run(p)).transpose()?;
    let meta = RunMeta::of_record(&record);
    let before = previous
        .as_ref()
        .map(|(r, a)| (RunMeta::of_record(r), a.as_slice()));
    write_run(
        &meta,
        &audits,
        before.as_ref().map(|(m, a)| (m, *a)),
        out,
        options,
    )
}

/// Refresh `out/index.html` from the store's runs and the run folders found in `out`;
/// `finishing` is a run about to be marked finished at that time.
pub fn render_index(
    store: &Store,
    finishing: Option<(RunId, &str)>,
    out: &Path,
    lang: Lang,
) -> Result<(), ReportError> {
    let mut runs: Vec<(RenderedRun, bool)> = store
        .runs()?
        .into_iter()
        .map(|s| {
            let rendered = out.join(&s.name).join("index.html").is_file();
            let finished = match finishing {
                Some((id, f)) if id == s.id => Some(f.to_owned()),
                _ => s.finished,
            };
            (
                RenderedRun {
                    name: s.name,
                    id: Some(s.id.0),
                    started: s.started,
                    finished,
                    communes: s.communes,
                    distributions: s.distributions,
                    findings: s.findings,
                },
                rendered,
            )
        })
        .collect();
    for r in scan_rendered(out) {
        if !runs.iter().any(|(s, _)| s.name == r.name) {
            runs.push((r, true));
        }
    }
    write_index(out, lang, &runs)
}

/// Render audits that are not in a store (e.g. the demo's) into `out/<run.name>/`,
/// compared with `previous` if given, and refresh `out/index.html` from the runs
/// rendered there. Returns the run's folder.
pub fn render_audits(
    run: &RunMeta,
    audits: &[CommuneAudit],
    previous: Option<(&RunMeta, &[CommuneAudit])>,
    out: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    let dir = write_run(run, audits, previous, out, options)?;
    let runs: Vec<(RenderedRun, bool)> =
        scan_rendered(out).into_iter().map(|r| (r, true)).collect();
    write_index(out, options.lang, &runs)?;
    Ok(dir)
}

/// The runs rendered under `out` (those with a `report.json`).
fn scan_rendered(out: &Path) -> Vec<RenderedRun> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("report.json")).ok())
        .filter_map(|bytes| serde_json::from_slice::<RenderedRun>(&bytes).ok())
        .collect()
}

fn write_index(out: &Path, lang: Lang, runs: &[(RenderedRun, bool)]) -> Result<(), ReportError> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    write_page(
        &out.join("index.html"),
        &pages::runs_page(lang, runs),
        "the runs index",
    )
}

fn write_run(
    run: &RunMeta,
    audits: &[CommuneAudit],
    previous: Option<(&RunMeta, &[CommuneAudit])>,
    out: &Path,
    options: &ReportOptions,
) -> Result<PathBuf, ReportError> {
    let lang = options.lang;
    let dir = out.join(&run.name);
    let communes_dir = dir.join("communes");
    std::fs::create_dir_all(&communes_dir).map_err(io(&communes_dir))?;
    let overview = tables::overview(audits, previous.map(|(_, a)| a), options.baseline.as_ref());
    let diff: Option<RunDiff> = previous.map(|(_, before)| RunDiff::between(before, audits));
    let raw_files = RAW_FILES
        .iter()
        .copied()
        .filter(|f| dir.join(f).is_file())
        .collect();
    let page = pages::overview_page(pages::OverviewInput {
        lang,
        run,
        audits,
        overview: &overview,
        previous: previous.map(|(m, _)| m),
        diff: diff.as_ref(),
        baseline: options.baseline.as_ref(),
        raw_files,
    });
    write_page(&dir.join("index.html"), &page, "the overview")?;
    for a in audits {
        let page = pages::commune_page(lang, run, a, diff.as_ref());
        let path = communes_dir.join(format!("{}.html", a.commune.nis_code));
        write_page(&path, &page, &format!("commune {}", a.commune.nis_code))?;
    }
    let marker = RenderedRun {
        name: run.name.clone(),
        id: run.id.map(|i| i.0),
        started: run.started.clone(),
        finished: run.finished.clone(),
        communes: audits.len() as u64,
        distributions: audits.iter().map(|a| a.distributions.len() as u64).sum(),
        findings: audits.iter().map(|a| a.findings.len() as u64).sum(),
    };
    let path = dir.join("report.json");
    let json = serde_json::to_vec_pretty(&marker).map_err(|e| ReportError::Io {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    std::fs::write(&path, json).map_err(io(&path))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::FreshnessClass;
    use crate::audit::compare::compare;
    use crate::audit::{FindingCode, WebsiteState};
    use crate::declarations::{DeclaredChannel, FormatClass, UpdateRegime};
    use crate::discover::Channel;
    use crate::report::measure::tests::{commune, declaration, file};

    /// Communes whose comparison makes every finding code, findings computed by the audit.
    fn audits() -> Vec<CommuneAudit> {
        let mut out = Vec::new();
        let mut a = commune("57081", "Hainaut", 70_000);
        let nis = a.commune.nis_code;
        let mut d = declaration(nis, true);
        d.channels = [DeclaredChannel::SiteWeb, DeclaredChannel::Odwb].into();
        d.formats = [FormatClass::NonStructure, FormatClass::StructureOuvert].into();
        d.update = Some(UpdateRegime::Automatique);
        a.declaration = Some(d);
        let mut late = file(nis, Channel::OwnPortal, 3, true, FreshnessClass::Late);
        late.linked_from_website = false;
        let mut closed = file(nis, Channel::Website, 2, false, FreshnessClass::OnTime);
        closed.mislabelled = true;
        let mut gone = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        gone.url = "https://x.be/gone.csv".into();
        gone.status = Some(404);
        gone.format = None;
        gone.outcome = crate::fetch::Outcome::Broken(crate::fetch::Broken::Status(404));
        a.distributions = vec![late, closed, gone];
        out.push(a);
        let mut b = commune("92094", "Namur", 110_000);
        let nis = b.commune.nis_code;
        b.declaration = Some(declaration(nis, true));
        out.push(b);
        let mut c = commune("64074", "Liège", 9_000);
        let nis = c.commune.nis_code;
        c.declaration = Some(declaration(nis, false));
        c.website.status = WebsiteState::Unreachable;
        c.website.why = Some("connection refused".into());
        let mut listed = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        listed.personal_data = Some(crate::assess::PersonalData {
            found: vec![crate::assess::PersonalHit {
                kind: crate::assess::PersonalKind::Email,
                columns: vec!["courriel".into()],
                count: 3,
                first_row: 2,
                masked: Some("j***@***.com".into()),
            }],
            rows_scanned: 3,
            complete: true,
        });
        c.distributions = vec![listed];
        out.push(c);
        for a in &mut out {
            a.findings = compare(
                a.commune.nis_code,
                a.declaration.as_ref(),
                &a.website,
                &a.distributions,
                &a.unharvested,
            );
            a.findings.extend(crate::audit::privacy::findings(
                a.commune.nis_code,
                &a.distributions,
            ));
        }
        out
    }

    /// French a finding's wording would show: the headlines and sentences of `report::lang`.
    fn french(audits: &[CommuneAudit]) -> Vec<String> {
        let mut out: Vec<String> = FindingCode::ALL
            .iter()
            .map(|c| Lang::Fr.finding_title(*c).to_owned())
            .collect();
        for f in audits.iter().flat_map(|a| &a.findings) {
            out.push(Lang::Fr.finding_message(f));
        }
        out.extend(
            [
                "La commune déclare",
                "fichier(s)",
                "données",
                "Canal déclaré",
                "Classe de format",
                "non déclaré",
                "licence ouverte",
                "ne correspond pas",
                "jeu(x)",
                "site web communal",
                "n'a pas pu",
                "en retard",
                "portail propre",
                "non structuré",
                "personnelles",
                "anonymiser",
                "Pour progresser",
                "Standards wallons",
                "non conforme",
                "pas de réponse par commune",
                "Retirer les données personnelles",
            ]
            .map(str::to_owned),
        );
        out
    }

    fn every_file(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                every_file(&p, out);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((p, text));
            }
        }
    }

    #[test]
    fn commune_pages_advise_in_both_languages_and_leak_no_personal_value() {
        let now = audits();
        for (lang, heading, step) in [
            (
                Lang::Fr,
                "Pour progresser",
                "Retirer les données personnelles",
            ),
            (Lang::En, "Next steps", "Remove the personal data"),
        ] {
            let out = tempfile::tempdir().unwrap();
            let meta = RunMeta {
                name: "run".into(),
                id: None,
                started: "2026-11-29T11:38:25Z".into(),
                finished: None,
                as_of: None,
                version: "test".into(),
            };
            let options = ReportOptions {
                lang,
                baseline: None,
            };
            let dir = render_audits(&meta, &now, None, out.path(), &options).unwrap();
            crate::audit::output::write_reports(&dir, &serde_json::json!({}), &now, b',', lang)
                .unwrap();
            let page = std::fs::read_to_string(dir.join("communes/64074.html")).unwrap();
            assert!(page.contains(heading) && page.contains(step), "{lang}");
            let overview = std::fs::read_to_string(dir.join("index.html")).unwrap();
            assert!(overview.contains("id=\"t-anonymisation\""));
            assert!(overview.contains("id=\"t-standards\""));
            let mut files = Vec::new();
            every_file(&dir, &mut files);
            for (path, text) in &files {
                assert!(
                    !text.contains("j***@"),
                    "{}: a masked value",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn an_english_report_has_no_french_finding_text() {
        let now = audits();
        let codes: std::collections::BTreeSet<FindingCode> = now
            .iter()
            .flat_map(|a| &a.findings)
            .map(|f| f.code)
            .collect();
        assert_eq!(codes.len(), FindingCode::ALL.len(), "{codes:?}");
        // A previous run without the findings, so the changes list every one of them.
        let mut before = now.clone();
        for a in &mut before {
            a.findings.clear();
        }
        let meta = |name: &str| RunMeta {
            name: name.to_owned(),
            id: None,
            started: "2026-11-29T11:38:25Z".into(),
            finished: Some("2026-11-29T12:00:00Z".into()),
            as_of: None,
            version: "test".into(),
        };
        let out = tempfile::tempdir().unwrap();
        let options = ReportOptions {
            lang: Lang::En,
            baseline: None,
        };
        let (this, previous) = (meta("this"), meta("previous"));
        let dir = render_audits(
            &this,
            &now,
            Some((&previous, &before)),
            out.path(),
            &options,
        )
        .unwrap();
        crate::audit::output::write_reports(&dir, &serde_json::json!({}), &now, b',', Lang::En)
            .unwrap();
        let mut files = Vec::new();
        every_file(&dir, &mut files);
        let french = french(&now);
        let mut checked = 0;
        for (path, text) in &files {
            if path.extension().is_some_and(|e| e == "json") {
                continue;
            }
            for phrase in &french {
                let escaped = askama::filters::escape(phrase, askama::filters::Html)
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                assert!(
                    !text.contains(phrase.as_str()) && !text.contains(&escaped),
                    "{}: French {phrase:?}",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 5, "{checked} files checked");
        // The same findings in French say them.
        let csv = std::fs::read_to_string(dir.join("findings.csv")).unwrap();
        assert!(csv.contains("link(s) to files do not work"), "{csv}");
        crate::audit::output::write_reports(&dir, &serde_json::json!({}), &now, b',', Lang::Fr)
            .unwrap();
        let csv = std::fs::read_to_string(dir.join("findings.csv")).unwrap();
        assert!(csv.contains("lien(s) vers des fichiers"), "{csv}");
    }
}
