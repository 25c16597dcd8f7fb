//! `odaudit demo`: the offline way to see odaudit do its main job. Starts a small
//! simulated world in-process, audits it with the real pipeline (discovery, rating,
//! comparison with the world's declarations) and writes the reports under `reports/`:
//! the CSV files and the HTML report (no history store: the demo leaves none).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use odaudit_sim as sim;

use super::Exit;
use super::report::HtmlArgs;
use crate::audit::{Inputs, RunInfo, output, run_audit, totals};
use crate::declarations::load_declarations;
use crate::discover::run::DiscoverOptions;
use crate::fetch::{FetchConfig, Http, PoliteConfig};
use crate::report::{RunMeta, render_audits};
use crate::targets::load_communes;

/// Arguments of `odaudit demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the reports.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// How many communes the demo world has.
    #[arg(long, default_value_t = 30)]
    pub communes: usize,
    /// The world's seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub html: HtmlArgs,
}

pub fn run(args: DemoArgs) -> anyhow::Result<Exit> {
    let options = args.html.options()?;
    let config = sim::Config {
        seed: args.seed,
        communes: Some(args.communes.max(1)),
        crawl_delay: Some(0.0),
        ..sim::Config::default()
    };
    let world = sim::World::generate(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let inputs = tempfile_dir()?;
    let now = jiff::Timestamp::now();
    let run_id = format!("demo-{}", now.strftime("%Y%m%dT%H%M%SZ"));
    let dir = args.out.join(&run_id);
    let audited = runtime.block_on(audit_world(world, &inputs));
    let _ = std::fs::remove_dir_all(&inputs);
    let Audited {
        audits,
        found,
        as_of,
    } = audited?;
    let info = RunInfo {
        run_id: run_id.clone(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started: now.to_string(),
        finished: Some(jiff::Timestamp::now().to_string()),
        config: serde_json::json!({ "demo": true, "seed": args.seed, "communes": args.communes, "as_of": as_of }),
        hosts: found.hosts,
        portals: found.portals,
        unmatched_publishers: found.unmatched_publishers,
        totals: totals(&audits),
        invalid: None,
    };
    output::write_reports(&dir, &info, &audits, b',', crate::report::Lang::Fr)
        .with_context(|| format!("{}: cannot write the reports", dir.display()))?;
    let meta = RunMeta {
        name: run_id.clone(),
        id: None,
        started: info.started.clone(),
        finished: info.finished.clone(),
        as_of: Some(as_of.to_string()),
        version: info.version.clone(),
    };
    render_audits(&meta, &audits, None, &args.out, &options)
        .with_context(|| format!("{}: cannot write the HTML report", dir.display()))?;
    say_done(&audits, args.seed, &dir);
    Ok(Exit::Ok)
}

/// A simulated world, audited.
struct Audited {
    audits: Vec<crate::audit::CommuneAudit>,
    found: crate::discover::run::DiscoveryReport,
    /// The world's own date, freshness is judged at.
    as_of: jiff::Timestamp,
}

/// Serve the world on loopback, write its input files into `inputs`, and audit it with
/// the real pipeline.
async fn audit_world(world: sim::World, inputs: &std::path::Path) -> anyhow::Result<Audited> {
    let server = sim::serve(world, "127.0.0.1:0").await?;
    server.world().write_inputs(inputs, server.port())?;
    let communes = load_communes(&inputs.join("wallonia.csv"))?;
    let known = communes.iter().map(|c| c.nis_code).collect();
    let declarations = load_declarations(&inputs.join("declarations-2020.csv"), &known)?;
    let portals = super::discover::portal_list(&inputs.join("portals.csv"))?;
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: server
                .resolve_rules()
                .iter()
                .map(|r| r.parse())
                .collect::<Result<_, _>>()?,
            ..FetchConfig::default()
        },
        min_delay: Duration::ZERO,
        ..PoliteConfig::default()
    })?;
    let options = DiscoverOptions::default();
    let inputs = Inputs {
        communes: &communes,
        portals: &portals,
        declarations: &declarations,
    };
    // Freshness as of the world's own date, as `audit --as-of` would judge it: at
    // today's date every simulated file would look late.
    let as_of: jiff::Timestamp = server.manifest().now.parse()?;
    let (audits, found) = run_audit(&http, &inputs, &options, as_of, &|_| None).await;
    server.shutdown().await;
    Ok(Audited {
        audits,
        found,
        as_of,
    })
}

fn say_done(audits: &[crate::audit::CommuneAudit], seed: u64, dir: &std::path::Path) {
    println!(
        "odaudit demo: a simulated world of {} communes (seed {}), audited: {} distributions, {} findings.",
        audits.len(),
        seed,
        audits.iter().map(|a| a.distributions.len()).sum::<usize>(),
        audits.iter().map(|a| a.findings.len()).sum::<usize>()
    );
    println!("Reports: {}", dir.display());
    for f in [
        "index.html",
        "communes.csv",
        "datasets.csv",
        "findings.csv",
        "run.json",
    ] {
        println!("  {}", dir.join(f).display());
    }
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("odaudit-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    Ok(dir)
}
