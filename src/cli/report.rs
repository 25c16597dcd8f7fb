//! `odaudit report [RUN]`: re-render a stored run as HTML (overview, one page per
//! commune, the runs index) without crawling anything.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::{BadInput, Exit};
use crate::report::{Baseline, Lang, ReportOptions, render_run};

/// The baseline used when `--baseline` is not given and this file exists.
pub const DEFAULT_BASELINE: &str = "targets/baseline-2020.csv";

/// Arguments of `odaudit report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The run (id, or its folder name under reports/); default: the latest finished run.
    pub run: Option<String>,
    /// The history database.
    #[arg(long, value_name = "FILE", default_value = "reports/odaudit.sqlite")]
    pub store: PathBuf,
    /// Where to write `<run-id>/index.html`, `<run-id>/communes/` and `index.html`.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    #[command(flatten)]
    pub html: HtmlArgs,
}

/// How the HTML report is written (`report` and `audit`).
#[derive(Debug, Args)]
pub struct HtmlArgs {
    /// The HTML report's language: fr or en.
    #[arg(long, value_name = "fr|en", default_value = "fr")]
    pub lang: Lang,
    /// Figures shown beside the measures (default: targets/baseline-2020.csv when present).
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline")]
    pub baseline: Option<PathBuf>,
    /// Show no baseline, even the default one.
    #[arg(long)]
    pub no_baseline: bool,
}

impl HtmlArgs {
    /// The options, the baseline read (a bad one is bad input).
    pub fn options(&self) -> anyhow::Result<ReportOptions> {
        Ok(ReportOptions {
            lang: self.lang,
            baseline: baseline_option(self.baseline.as_deref(), self.no_baseline)?,
        })
    }
}

/// The baseline to show: the file given, else the default one when it exists.
fn baseline_option(given: Option<&Path>, none: bool) -> anyhow::Result<Option<Baseline>> {
    if none {
        return Ok(None);
    }
    let path = match given {
        Some(p) => p.to_owned(),
        None if Path::new(DEFAULT_BASELINE).is_file() => PathBuf::from(DEFAULT_BASELINE),
        None => return Ok(None),
    };
    Baseline::load(&path)
        .map(Some)
        .map_err(|e| BadInput(e.to_string()).into())
}

pub fn run(args: ReportArgs) -> anyhow::Result<Exit> {
    let options = args.html.options()?;
    let store = super::open_history(&args.store)?;
    let run = match &args.run {
        Some(text) => store.find_run(text).map_err(|e| BadInput(e.to_string()))?,
        None => store
            .runs()?
            .into_iter()
            .filter(|r| r.finished.is_some())
            .map(|r| r.id)
            .max()
            .ok_or_else(|| BadInput("no finished run in the history".into()))?,
    };
    let dir = render_run(&store, run, &args.out, &options)
        .with_context(|| format!("{}: cannot write the report", args.out.display()))?;
    println!("{}", dir.join("index.html").display());
    Ok(Exit::Ok)
}
