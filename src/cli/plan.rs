//! `odaudit plan`: the expected duration of a full run, the hosts that will refuse it and
//! the portals' quota, from robots.txt alone (see [`crate::plan`]; this file only reads
//! flags and prints).

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::{BadInput, Exit, NetArgs, PolitenessArgs};
use crate::fetch::Http;
use crate::plan::{Plan, PlanSettings, human_duration, plan};

/// Arguments of `odaudit plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The communes file.
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    pub targets: PathBuf,
    /// The regional portals file (`id,kind,url,name`).
    #[arg(long, value_name = "FILE", default_value = "targets/portals.csv")]
    pub portals: PathBuf,
    /// The merger table (default: mergers.csv beside the targets, when there is one).
    #[arg(long, value_name = "FILE")]
    pub mergers: Option<PathBuf>,
    /// Only these communes (NIS codes, comma-separated).
    #[arg(long, value_name = "NIS,...", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub output: Output,
    #[command(flatten)]
    pub politeness: PolitenessArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

/// How the plan is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// A table for people.
    Table,
    /// One JSON document.
    Json,
}

pub fn run(args: PlanArgs) -> anyhow::Result<Exit> {
    let listed =
        crate::targets::load_communes(&args.targets).map_err(|e| BadInput(e.to_string()))?;
    let mergers = match &args.mergers {
        Some(p) => crate::mergers::load_mergers(p),
        None => crate::mergers::mergers_beside(&args.targets),
    }
    .map_err(|e| BadInput(e.to_string()))?;
    let today = crate::mergers::day_of(jiff::Timestamp::now());
    let region = crate::mergers::region_on(&listed, &mergers, today);
    let communes = super::discover::select(region, &args.only)?;
    let portals =
        super::discover::regional_portals(super::discover::portal_list(&args.portals)?, &communes);
    let config = args.politeness.polite_config(&args.net)?;
    let settings = PlanSettings {
        min_delay: config.min_delay.as_secs_f64(),
        max_crawl_delay: config.max_crawl_delay.as_secs_f64(),
        site_budget: args.politeness.site_budget as u64,
        concurrency: config.concurrency,
    };
    let http = Http::new(config).context("cannot build the HTTP client")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let made = runtime.block_on(plan(&http, &communes, &portals, settings));
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.output {
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &made)?;
            writeln!(out)?;
        }
        Output::Table => write_table(&mut out, &made)?,
    }
    out.flush()?;
    Ok(Exit::Ok)
}

fn write_table(out: &mut impl Write, p: &Plan) -> io::Result<()> {
    writeln!(
        out,
        "{:<32} {:<16} {:>6} {:>8} {:>12}  {:<12} REFUSES",
        "HOST", "STRATEGY", "REQ", "DELAY", "EXPECTED", "PLATFORM"
    )?;
    for h in &p.hosts {
        let host: String = h.host.chars().take(32).collect();
        writeln!(
            out,
            "{host:<32} {:<16} {:>6} {:>7}s {:>12}  {:<12} {}",
            h.strategy.as_str(),
            h.requests,
            h.delay,
            human_duration(h.expected_seconds),
            h.platform.map_or("-", |p| p.as_str()),
            h.why.as_deref().map(one_line).unwrap_or_default(),
        )?;
    }
    writeln!(out)?;
    for q in &p.portals {
        let size = q
            .datasets
            .map_or_else(|| "unknown size".to_owned(), |n| format!("{n} datasets"));
        writeln!(
            out,
            "portal {} ({}): {size}; at most {} API calls ({} catalogue calls, {} per-dataset calls, {} file probes){}{}",
            q.id,
            q.api.unwrap_or("no API answered"),
            q.quota_calls_max,
            q.listing_calls,
            q.dataset_calls,
            q.file_probes_max,
            q.ratelimit_remaining
                .map(|r| format!("; the portal says {r} calls are left"))
                .unwrap_or_default(),
            q.error
                .as_deref()
                .map(|e| format!("; {}", one_line(e)))
                .unwrap_or_default(),
        )?;
    }
    writeln!(
        out,
        "{} hosts, {} requests; {} will refuse the run. Expected duration: {} (bounded by {}).",
        p.hosts.len(),
        p.total_requests,
        p.refusing_hosts,
        human_duration(p.expected_seconds),
        p.slowest_host.as_deref().unwrap_or("-"),
    )?;
    let a = &p.assumptions;
    writeln!(
        out,
        "Estimates: {}. Model: Plone {} listing requests, WordPress {}, {} data files per listed site, other sites the --site-budget ({}), {} files per portal dataset, {} s per response.",
        a.note,
        a.plone_listing_requests,
        a.wordpress_listing_requests,
        a.expected_site_files,
        p.settings.site_budget,
        a.files_per_portal_dataset,
        a.seconds_per_response
    )
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(120)
        .collect()
}
