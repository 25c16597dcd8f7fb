//! `odaudit diff [RUN_A] [RUN_B]`: what changed between two audits (default: the last
//! two finished runs) — datasets new and vanished, stars and freshness, findings opened
//! and closed.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{BadInput, Exit};
use crate::audit::RunDiff;
use crate::report::Lang;

/// Arguments of `odaudit diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run (id, or its folder name under reports/).
    pub from: Option<String>,
    /// The later run.
    pub to: Option<String>,
    /// The history database.
    #[arg(long, value_name = "FILE", default_value = "reports/odaudit.sqlite")]
    pub store: PathBuf,
    /// Output: a summary for people, or JSON.
    #[arg(long, value_enum, default_value = "text")]
    pub output: Output,
}

/// How the diff is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Lines for people.
    Text,
    /// The whole diff as JSON.
    Json,
}

pub fn run(args: DiffArgs) -> anyhow::Result<Exit> {
    let store = super::open_history(&args.store)?;
    let (a, b) = match (&args.from, &args.to) {
        (Some(a), Some(b)) => (
            store.find_run(a).map_err(|e| BadInput(e.to_string()))?,
            store.find_run(b).map_err(|e| BadInput(e.to_string()))?,
        ),
        (Some(_), None) | (None, Some(_)) => {
            return Err(BadInput("give two runs, or none for the last two".into()).into());
        }
        (None, None) => store
            .latest_two()?
            .ok_or_else(|| BadInput("fewer than two finished runs in the history".into()))?,
    };
    let diff = crate::audit::diff_runs(&store, a, b)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &diff)?;
            writeln!(out)?;
        }
        Output::Text => write_text(&mut out, &diff)?,
    }
    Ok(Exit::Ok)
}

fn write_text(out: &mut impl Write, d: &RunDiff) -> io::Result<()> {
    if d.is_empty() {
        return writeln!(out, "no change");
    }
    for x in &d.datasets_new {
        writeln!(
            out,
            "+ dataset   {} {:?}: {}",
            x.nis_code, x.channel, x.title
        )?;
    }
    for x in &d.datasets_vanished {
        writeln!(
            out,
            "- dataset   {} {:?}: {}",
            x.nis_code, x.channel, x.title
        )?;
    }
    for x in &d.distributions_new {
        writeln!(out, "+ file      {} {} ({}★)", x.nis_code, x.url, x.stars)?;
    }
    for x in &d.distributions_vanished {
        writeln!(out, "- file      {} {}", x.nis_code, x.url)?;
    }
    for x in &d.star_changes {
        writeln!(
            out,
            "~ stars     {} {}: {}★ → {}★",
            x.nis_code, x.url, x.from, x.to
        )?;
    }
    for x in &d.freshness_changes {
        writeln!(
            out,
            "~ freshness {} {}: {} → {}",
            x.nis_code,
            x.url,
            x.from.as_str(),
            x.to.as_str()
        )?;
    }
    for x in &d.findings_opened {
        writeln!(
            out,
            "+ finding   {} {} ({}): {}",
            x.nis_code,
            x.code,
            x.severity,
            Lang::En.finding_text(x.code, x.subject, &x.facts)
        )?;
    }
    for x in &d.findings_closed {
        writeln!(
            out,
            "- finding   {} {}: {}",
            x.nis_code,
            x.code,
            Lang::En.finding_text(x.code, x.subject, &x.facts)
        )?;
    }
    Ok(())
}
