//! `odaudit targets check`: is the communes file still true of the web? (See
//! [`crate::targets_check`]; this file only reads flags and prints.)

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{BadInput, Exit, NetArgs, PolitenessArgs};
use crate::fetch::Http;
use crate::targets::{load_communes, read_input};
use crate::targets_check::{SiteCheck, SiteState, check_all, rewrite_websites, write_with_backup};

/// `odaudit targets`.
#[derive(Debug, Args)]
pub struct TargetsArgs {
    #[command(subcommand)]
    command: TargetsCommand,
}

#[derive(Debug, Subcommand)]
enum TargetsCommand {
    /// Visit each commune's robots.txt and homepage once: moved, dead and closed sites,
    /// Crawl-delay, platform.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The communes file.
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    targets: PathBuf,
    /// Only these communes (NIS codes, comma-separated).
    #[arg(long, value_name = "NIS,...", value_delimiter = ',')]
    only: Vec<String>,
    /// Write the new website of every site that moved into the targets file (the old
    /// file kept as FILE.bak; nothing else in it changes).
    #[arg(long)]
    write: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    output: Output,
    #[command(flatten)]
    politeness: PolitenessArgs,
    #[command(flatten)]
    net: NetArgs,
}

/// How the checks are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// A table for people.
    Table,
    /// One JSON document: every commune's check and the counts.
    Json,
}

pub fn run(args: TargetsArgs) -> anyhow::Result<Exit> {
    match args.command {
        TargetsCommand::Check(a) => check(a),
    }
}

fn check(args: CheckArgs) -> anyhow::Result<Exit> {
    let all = load_communes(&args.targets).map_err(|e| BadInput(e.to_string()))?;
    let communes = super::discover::select(all, &args.only)?;
    let http = Http::new(args.politeness.polite_config(&args.net)?)
        .context("cannot build the HTTP client")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let checks = runtime.block_on(check_all(&http, &communes));
    let moves: Vec<_> = checks
        .iter()
        .filter_map(|c| Some((c.nis_code, c.suggested_website.clone()?)))
        .collect();
    let written = if args.write && !moves.is_empty() {
        let (file, text) = read_input(&args.targets).map_err(|e| BadInput(e.to_string()))?;
        let new = rewrite_websites(&text, &file, &moves).map_err(|e| BadInput(e.to_string()))?;
        let bak = write_with_backup(&args.targets, &new)
            .with_context(|| format!("{}: cannot write", args.targets.display()))?;
        Some(bak)
    } else {
        None
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.output {
        Output::Json => {
            let doc = serde_json::json!({
                "targets": args.targets,
                "communes": checks,
                "counts": counts(&checks),
                "written": written.is_some(),
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Output::Table => write_table(&mut out, &checks)?,
    }
    out.flush()?;
    if let Some(bak) = &written {
        eprintln!(
            "odaudit: {}: {} website(s) updated; the old file is {}",
            args.targets.display(),
            moves.len(),
            bak.display()
        );
    } else if !moves.is_empty() {
        eprintln!(
            "odaudit: {} site(s) moved; --write puts their new address in {}",
            moves.len(),
            args.targets.display()
        );
    }
    Ok(if looks_like_outage(&checks) {
        eprintln!("odaudit: no site answered at all: is this machine's network down?");
        Exit::Outage
    } else {
        Exit::Ok
    })
}

/// Every site (three or more) dead for want of any answer: our network, not theirs.
fn looks_like_outage(checks: &[SiteCheck]) -> bool {
    let sites: Vec<_> = checks.iter().filter(|c| c.website.is_some()).collect();
    sites.len() >= 3
        && sites
            .iter()
            .all(|c| c.state == SiteState::Dead && c.status.is_none())
}

fn counts(checks: &[SiteCheck]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for state in [
        SiteState::Ok,
        SiteState::Moved,
        SiteState::Dead,
        SiteState::Closed,
        SiteState::NoWebsite,
    ] {
        let n = checks.iter().filter(|c| c.state == state).count();
        m.insert(state.as_str().to_owned(), n.into());
    }
    m.into()
}

fn write_table(out: &mut impl Write, checks: &[SiteCheck]) -> io::Result<()> {
    writeln!(
        out,
        "{:<6} {:<24} {:<10} {:>7} {:<14} DETAIL",
        "NIS", "COMMUNE", "STATE", "DELAY", "PLATFORM"
    )?;
    for c in checks {
        let name: String = c.name.chars().take(24).collect();
        let delay = c
            .crawl_delay
            .map_or_else(|| "-".to_owned(), |d| format!("{d} s"));
        let platform = c.platform.map_or("-", |p| p.as_str());
        let detail = match (&c.suggested_website, &c.why) {
            (Some(new), _) => format!("new website: {new}"),
            (None, Some(why)) => one_line(why),
            (None, None) => c
                .website
                .as_ref()
                .map_or_else(String::new, |u| u.to_string()),
        };
        writeln!(
            out,
            "{:<6} {name:<24} {:<10} {delay:>7} {platform:<14} {detail}",
            c.nis_code,
            c.state.as_str(),
        )?;
    }
    let n = |s: SiteState| checks.iter().filter(|c| c.state == s).count();
    writeln!(
        out,
        "{} communes: {} ok, {} moved, {} dead, {} closed to crawlers, {} without a website",
        checks.len(),
        n(SiteState::Ok),
        n(SiteState::Moved),
        n(SiteState::Dead),
        n(SiteState::Closed),
        n(SiteState::NoWebsite)
    )
}

/// Remote text on one line, control characters out, at most 160 characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect()
}
