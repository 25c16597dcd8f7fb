//! `odaudit audit`: the job staff run (monthly, by cron) — declared versus found, for
//! every commune, written under `reports/<run-id>/`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::discover::select;
use super::{BadInput, Exit, NetArgs, PolitenessArgs};
use crate::audit::{RunInfo, Severity, output, run_audit, totals};
use crate::declarations::load_declarations;
use crate::discover::portals::Portal;
use crate::discover::run::DiscoverOptions;
use crate::fetch::Http;
use crate::targets::{load_communes, load_portals};

/// Arguments of `odaudit audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The communes file.
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    pub targets: PathBuf,
    /// The regional portals file (`id,kind,url,name`).
    #[arg(long, value_name = "FILE", default_value = "targets/portals.csv")]
    pub portals: PathBuf,
    /// The survey answers (`declarations-<year>.csv`).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "targets/declarations-2020.csv"
    )]
    pub declarations: PathBuf,
    /// Where to write `<run-id>/`.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Only these communes (NIS codes, comma-separated).
    #[arg(long, value_name = "NIS,...", value_delimiter = ',')]
    pub only: Vec<String>,
    /// The CSV field delimiter (`;` suits Excel in French).
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub csv_delimiter: char,
    /// Exit with code 3 when a finding of this severity (or worse) exists: info, warning, error.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    #[command(flatten)]
    pub politeness: PolitenessArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(args: AuditArgs) -> anyhow::Result<Exit> {
    if !args.csv_delimiter.is_ascii()
        || args.csv_delimiter.is_ascii_alphanumeric()
        || args.csv_delimiter == '"'
    {
        return Err(BadInput(format!(
            "--csv-delimiter {:?}: use an ASCII punctuation character such as , or ;",
            args.csv_delimiter
        ))
        .into());
    }
    let communes = select(
        load_communes(&args.targets).map_err(|e| BadInput(e.to_string()))?,
        &args.only,
    )?;
    let known = load_communes(&args.targets)
        .map_err(|e| BadInput(e.to_string()))?
        .iter()
        .map(|c| c.nis_code)
        .collect();
    let declarations =
        load_declarations(&args.declarations, &known).map_err(|e| BadInput(e.to_string()))?;
    let portals: Vec<Portal> = load_portals(&args.portals)
        .map_err(|e| BadInput(e.to_string()))?
        .into_iter()
        .map(|p| Portal {
            kind: p.kind.parse().expect("kind validated by load_portals"),
            id: p.id,
            url: p.url,
            name: p.name,
        })
        .collect();
    let polite = args.politeness.polite_config(&args.net)?;
    let http = Http::new(polite.clone()).context("cannot build the HTTP client")?;
    let options = DiscoverOptions {
        crawl: args.politeness.crawl_config(),
        probe_cap: args.politeness.probe_bytes,
        ..DiscoverOptions::default()
    };
    let now = jiff::Timestamp::now();
    let run_id = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let dir = args.out.join(&run_id);
    tracing::info!(communes = communes.len(), run = %run_id, "audit starting");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (audits, found) = runtime.block_on(run_audit(
        &http,
        &communes,
        &portals,
        &declarations,
        &options,
        now,
        &|_| None,
    ));
    let info = RunInfo {
        run_id: run_id.clone(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started: now.to_string(),
        finished: Some(jiff::Timestamp::now().to_string()),
        config: serde_json::json!({
            "targets": args.targets, "portals": args.portals, "declarations": args.declarations,
            "only": args.only, "min_delay_s": args.politeness.min_delay, "max_crawl_delay_s": args.politeness.max_crawl_delay,
            "concurrency": args.politeness.concurrency, "retries": args.politeness.retries,
            "site_budget": args.politeness.site_budget, "max_depth": args.politeness.max_depth,
            "probe_bytes": args.politeness.probe_bytes, "user_agent": args.net.user_agent,
        }),
        hosts: found.hosts.clone(),
        portals: found.portals.clone(),
        unmatched_publishers: found.unmatched_publishers.clone(),
        totals: totals(&audits),
    };
    output::write_reports(&dir, &info, &audits, args.csv_delimiter as u8)
        .with_context(|| format!("{}: cannot write the reports", dir.display()))?;
    println!("{}", dir.display());
    eprintln!(
        "odaudit audit: {} communes, {} distributions, {} findings; reports in {}",
        audits.len(),
        audits.iter().map(|a| a.distributions.len()).sum::<usize>(),
        audits.iter().map(|a| a.findings.len()).sum::<usize>(),
        dir.display()
    );
    match (args.fail_on, output::worst(&audits)) {
        (Some(threshold), Some(worst)) if worst >= threshold => Ok(Exit::Threshold),
        _ => Ok(Exit::Ok),
    }
}
