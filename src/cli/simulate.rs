//! `odaudit simulate`: serve a generated Walloon open-data web on loopback until Ctrl-C,
//! and tell how to reach it (`--resolve` rules, a curl example).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use odaudit_sim::{self as sim, FaultProfile, ServeOptions};

use super::{BadInput, Exit};

/// Arguments of `odaudit simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Everything random in the world is drawn from this.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Keep only this many communes (portal cities and ODWB publishers first).
    #[arg(long, value_name = "N", conflicts_with = "targets")]
    pub communes: Option<usize>,
    /// The communes file (default: targets/wallonia.csv).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// The port to listen on, on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Write the ground truth (JSON) here.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Faults to inject: none, some or hostile.
    #[arg(long, default_value = "none", value_name = "PROFILE")]
    pub faults: FaultProfile,
    /// Replace every robots.txt Crawl-delay with this many seconds (e.g. 0 for tests).
    #[arg(long, value_name = "SECONDS")]
    pub crawl_delay: Option<f64>,
    /// Append every request as a JSON line to this file.
    #[arg(long, value_name = "FILE")]
    pub request_log: Option<PathBuf>,
    /// Write wallonia.csv, portals.csv and declarations-2020.csv for this world here.
    #[arg(long, value_name = "DIR")]
    pub write_inputs: Option<PathBuf>,
    /// Where to write the --resolve rules (default: a file in the temporary directory).
    #[arg(long, value_name = "FILE")]
    pub resolve_file: Option<PathBuf>,
    /// Model the platforms as they really answer: iMio smartweb `@search`, older Plone
    /// `sitemap.xml.gz`, the WordPress media endpoint, API refusers, three big sites.
    #[arg(long)]
    pub platforms: bool,
    /// Enforce this daily API quota on every OpenDataSoft portal (429 beyond it).
    #[arg(long, value_name = "N")]
    pub ods_daily_quota: Option<u64>,
}

pub fn run(args: SimulateArgs) -> anyhow::Result<Exit> {
    if args.crawl_delay.is_some_and(|d| !d.is_finite() || d < 0.0) {
        return Err(BadInput("--crawl-delay must be a number of seconds, 0 or more".into()).into());
    }
    if args.communes == Some(0) {
        return Err(BadInput("--communes must be at least 1".into()).into());
    }
    let config = sim::Config {
        seed: args.seed,
        communes: args.communes,
        targets: args.targets.clone(),
        faults: args.faults,
        crawl_delay: args.crawl_delay,
        platforms: args.platforms,
        ods_daily_quota: args.ods_daily_quota,
        ..sim::Config::default()
    };
    let world = sim::World::generate(&config).map_err(|e| match e {
        sim::SimError::Communes(t) => anyhow::Error::new(BadInput(t.to_string())),
        other => other.into(),
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let options = ServeOptions {
            request_log: args.request_log.clone(),
            ..ServeOptions::default()
        };
        let server = sim::serve_with(world, &format!("127.0.0.1:{}", args.port), options).await?;
        let port = server.port();
        if let Some(path) = &args.manifest {
            let json = serde_json::to_vec_pretty(server.manifest())?;
            std::fs::write(path, json).with_context(|| format!("{}: cannot write the manifest", path.display()))?;
        }
        if let Some(dir) = &args.write_inputs {
            server.world().write_inputs(dir, port)?;
        }
        let resolve_path = args
            .resolve_file
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join(format!("odaudit-sim-{port}.resolve")));
        let rules = server.resolve_rules();
        std::fs::write(&resolve_path, rules.join("\n") + "\n")
            .with_context(|| format!("{}: cannot write the resolve rules", resolve_path.display()))?;
        let m = server.manifest();
        let example = m.communes.iter().find_map(|c| c.website.clone().filter(|_| c.website_reachable));
        let mut out = std::io::stdout().lock();
        writeln!(out, "odaudit simulate: {} communes, {} hosts, seed {}, faults {}", m.communes.len(), m.hosts.len(), m.seed, m.faults_profile)?;
        writeln!(out, "listening on 127.0.0.1:{port}")?;
        writeln!(out, "resolve rules: {}", resolve_path.display())?;
        if let Some(site) = example {
            let host = url::Url::parse(&site).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
            writeln!(out, "try:  curl --resolve {host}:{port}:127.0.0.1 {site}")?;
        }
        writeln!(out, "      curl --resolve www.odwb.be:{port}:127.0.0.1 'http://www.odwb.be:{port}/api/explore/v2.1/catalog/datasets?limit=5'")?;
        writeln!(out, "      odaudit classify --resolve-file {} URL", resolve_path.display())?;
        writeln!(out, "Ctrl-C stops.")?;
        out.flush()?;
        drop(out);
        tokio::signal::ctrl_c().await.context("cannot wait for Ctrl-C")?;
        server.shutdown().await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(Exit::Ok)
}
