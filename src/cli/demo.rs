//! `odaudit demo`: the offline way to see odaudit work. Starts a small simulated world
//! in-process, runs what exists of the pipeline on it (for now: fetch and classify every
//! published file the ground truth lists) and writes the results under `reports/`.
//!
//! Deliberately thin: once discovery and the audit exist, they replace the probe loop.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use futures_util::StreamExt;
use serde::Serialize;
use url::Url;

use super::Exit;
use crate::assess::{Classification, Declared, Sample, classify};
use crate::fetch::{FetchConfig, Fetcher};
use crate::sim;

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
}

#[derive(Serialize)]
struct Line<'a> {
    commune: &'a str,
    dataset: &'a str,
    channel: sim::Channel,
    url: &'a str,
    status: Option<u16>,
    expected_format: Option<crate::assess::Format>,
    #[serde(flatten)]
    verdict: Option<&'a Classification>,
    error: Option<String>,
}

pub fn run(args: DemoArgs) -> anyhow::Result<Exit> {
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
    let stamp = sim::dates::compact_utc(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    );
    let dir = args.out.join(format!("demo-{stamp}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    runtime.block_on(async {
        let server = sim::serve(world, "127.0.0.1:0").await?;
        let fetcher = Fetcher::new(&FetchConfig {
            resolve: server.resolve_rules(),
            ..FetchConfig::default()
        })?;
        let manifest = server.manifest().clone();
        let jobs: Vec<_> = manifest
            .communes
            .iter()
            .flat_map(|c| c.datasets.iter().map(move |d| (c, d)))
            .flat_map(|(c, d)| d.distributions.iter().map(move |x| (c, d, x)))
            .collect();
        let results: Vec<_> = futures_util::stream::iter(jobs)
            .map(|(c, d, x)| {
                let fetcher = &fetcher;
                async move {
                    let url = Url::parse(&x.url).ok();
                    let probe = match url {
                        Some(u) => fetcher.probe(&u, 1 << 20).await.map_err(|e| e.to_string()),
                        None => Err("bad URL".to_owned()),
                    };
                    (c, d, x, probe)
                }
            })
            .buffer_unordered(8)
            .collect()
            .await;
        let mut jsonl = std::io::BufWriter::new(std::fs::File::create(dir.join("classified.jsonl"))?);
        let mut per_format: BTreeMap<String, usize> = BTreeMap::new();
        let mut per_stars: BTreeMap<u8, usize> = BTreeMap::new();
        let (mut mislabels, mut agree, mut judged) = (0, 0, 0);
        for (c, d, x, probe) in &results {
            let (verdict, status, error) = match probe {
                Ok(p) => {
                    let name = p.disposition_name.clone().unwrap_or_else(|| p.final_url.path().to_owned());
                    let v = classify(
                        Sample { bytes: &p.body, complete: p.complete },
                        Declared::from_sources(Some(&name), p.content_type.as_deref()),
                    );
                    (Some(v), Some(p.status), None)
                }
                Err(e) => (None, None, Some(e.clone())),
            };
            if let (Some(v), Some(200..=299)) = (&verdict, status) {
                judged += 1;
                *per_format.entry(v.format.code().to_owned()).or_default() += 1;
                *per_stars.entry(v.stars.get()).or_default() += 1;
                mislabels += usize::from(v.mismatch);
                agree += usize::from(Some(v.format) == x.format);
            }
            let line = Line {
                commune: &c.name,
                dataset: &d.title,
                channel: d.channel,
                url: &x.url,
                status,
                expected_format: x.format,
                verdict: verdict.as_ref(),
                error,
            };
            serde_json::to_writer(&mut jsonl, &line)?;
            writeln!(jsonl)?;
        }
        jsonl.flush()?;
        let mut summary = format!(
            "odaudit demo — seed {}, {} communes, {} files listed, {} fetched and judged\n\nFiles per format:\n",
            manifest.seed,
            manifest.communes.len(),
            results.len(),
            judged
        );
        for (f, n) in &per_format {
            let _ = writeln!(summary, "  {f:<14} {n}");
        }
        summary.push_str("\nFiles per stars (format only, before licence):\n");
        for (s, n) in &per_stars {
            let _ = writeln!(summary, "  {s}★ {n}");
        }
        let _ = writeln!(summary, "\nName or Content-Type contradicting the bytes: {mislabels}");
        let _ = writeln!(summary, "Format agreeing with the ground truth: {agree} of {judged}");
        std::fs::write(dir.join("summary.txt"), &summary)?;
        server.shutdown().await;
        print!("{summary}");
        println!("\nReports written to {}", dir.display());
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(Exit::Ok)
}
