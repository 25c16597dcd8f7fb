//! `odaudit discover`: what each commune publishes, where, for debugging and for staff.

use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{BadInput, Exit, NetArgs, PolitenessArgs};
use crate::audit::WebsiteState;
use crate::discover::Channel;
use crate::discover::portals::Portal;
use crate::discover::run::{CommuneFindings, DiscoverOptions, discover, per_channel};
use crate::fetch::Http;
use crate::targets::{Commune, NisCode, load_communes, load_portals};

/// Arguments of `odaudit discover`.
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// The communes file.
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    pub targets: PathBuf,
    /// The regional portals file (`id,kind,url,name`).
    #[arg(long, value_name = "FILE", default_value = "targets/portals.csv")]
    pub portals: PathBuf,
    /// Only these communes (NIS codes, comma-separated).
    #[arg(long, value_name = "NIS,...", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Do not crawl websites.
    #[arg(long)]
    pub no_websites: bool,
    /// Do not harvest portals.
    #[arg(long)]
    pub no_portals: bool,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub output: Option<Output>,
    #[command(flatten)]
    pub politeness: PolitenessArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// One JSON object per commune, per line (every dataset, distribution and probe).
    Jsonl,
    /// A summary table for people.
    Table,
}

pub fn run(args: DiscoverArgs) -> anyhow::Result<Exit> {
    let communes = select(
        load_communes(&args.targets).map_err(|e| BadInput(e.to_string()))?,
        &args.only,
    )?;
    let portals = regional_portals(portal_list(&args.portals)?, &communes);
    let http = Http::new(args.politeness.polite_config(&args.net)?)
        .context("cannot build the HTTP client")?;
    let options = DiscoverOptions {
        crawl: args.politeness.crawl_config(),
        probe_cap: args.politeness.probe_bytes,
        websites: !args.no_websites,
        portals: !args.no_portals,
        probe_portal_files: true,
        sample_generated_exports: true,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let found = runtime.block_on(discover(&http, &communes, &portals, &options));
    let output = args.output.unwrap_or(if io::stdout().is_terminal() {
        Output::Table
    } else {
        Output::Jsonl
    });
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match output {
        Output::Jsonl => {
            for c in &found.communes {
                serde_json::to_writer(&mut out, c)?;
                writeln!(out)?;
            }
        }
        Output::Table => {
            writeln!(
                out,
                "{:<6} {:<24} {:<12} {:>5} {:>5} {:>5} {:>5} {:>6}  PORTAL LINKS",
                "NIS", "COMMUNE", "WEBSITE", "REQ", "SITE", "ODWB", "OWN", "FILES"
            )?;
            for c in &found.communes {
                write_row(&mut out, c)?;
            }
            for p in &found.portals {
                writeln!(
                    out,
                    "portal {}: {} datasets, {} requests{}",
                    p.id,
                    p.datasets,
                    p.requests,
                    p.error
                        .as_ref()
                        .map(|e| format!(", error: {e}"))
                        .unwrap_or_default()
                )?;
            }
            for u in &found.unmatched_publishers {
                writeln!(
                    out,
                    "unmatched publisher {:?}: {} datasets",
                    u.publisher, u.datasets
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Ok)
}

/// Read a portals file into portals to harvest.
pub fn portal_list(path: &std::path::Path) -> Result<Vec<Portal>, BadInput> {
    load_portals(path)
        .map_err(|e| BadInput(e.to_string()))?
        .into_iter()
        .map(|p| Portal::try_from(p).map_err(|e| BadInput(format!("{}: {e}", path.display()))))
        .collect()
}

/// The portals to harvest as regional ones: a commune's own portal listed there too is
/// said once, as a warning, and left to that commune (harvested once, as its own).
pub fn regional_portals(portals: Vec<Portal>, communes: &[Commune]) -> Vec<Portal> {
    let (kept, overlaps) = crate::discover::run::own_portals_win(&portals, communes);
    for o in &overlaps {
        tracing::warn!(portal = %o.portal_id, nis = %o.nis_code, "{o}");
        if !tracing::enabled!(tracing::Level::WARN) {
            eprintln!("odaudit: warning: {o}");
        }
    }
    kept
}

/// Keep the communes `--only` names; every code given must exist.
pub fn select(communes: Vec<Commune>, only: &[String]) -> Result<Vec<Commune>, BadInput> {
    if only.is_empty() {
        return Ok(communes);
    }
    let mut wanted = HashSet::new();
    for code in only {
        let nis: NisCode = code.parse().map_err(|e| BadInput(format!("--only: {e}")))?;
        if !communes.iter().any(|c| c.nis_code == nis) {
            return Err(BadInput(format!(
                "--only: no commune has NIS code {nis} in the targets file"
            )));
        }
        wanted.insert(nis);
    }
    Ok(communes
        .into_iter()
        .filter(|c| wanted.contains(&c.nis_code))
        .collect())
}

fn write_row(out: &mut impl Write, c: &CommuneFindings) -> io::Result<()> {
    let channels = per_channel(&c.datasets);
    let files: usize = c.datasets.iter().map(|d| d.distributions.len()).sum();
    let (status, requests, links) = match &c.website {
        None => (WebsiteState::None, 0, 0),
        Some(w) => (
            WebsiteState::of(&w.status),
            w.requests,
            w.portal_links.len(),
        ),
    };
    let name: String = c.name.chars().take(24).collect();
    writeln!(
        out,
        "{:<6} {name:<24} {:<12} {requests:>5} {:>5} {:>5} {:>5} {files:>6}  {links}",
        c.nis_code,
        status.as_str(),
        channels.get(&Channel::Website).unwrap_or(&0),
        channels.get(&Channel::Odwb).unwrap_or(&0),
        channels.get(&Channel::OwnPortal).unwrap_or(&0),
    )
}
