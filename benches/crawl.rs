//! Discovery on the simulated 262-commune world, with a Crawl-delay on every host.
//! Run: `cargo bench --bench crawl [-- DELAY_SECONDS]` (default 0.1 s, so the run takes
//! about a minute instead of the hours a real 120 s delay would).
//!
//! The world runs in a child process (`odaudit simulate`), so the peak RSS printed is
//! discovery's own. Printed: wall time against the politeness lower bound (per host,
//! (requests − 1) × delay, the largest), requests against the fewest that could find what
//! was found, bytes read per probe, peak RSS, and recall per channel.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use odaudit::discover::portals::{Portal, PortalKind};
use odaudit::discover::run::{DiscoverOptions, discover};
use odaudit::fetch::{FetchConfig, Http, PoliteConfig, ResolveRule};
use odaudit::targets::{load_communes, load_portals};
use odaudit_sim::{Channel, Manifest, RequestRecord};

struct Sim(Child);
impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let delay: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(0.1);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let _sim = Sim(Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args([
            "simulate",
            "--seed",
            "1",
            "--crawl-delay",
            &delay.to_string(),
        ])
        .arg("--write-inputs")
        .arg(d)
        .arg("--resolve-file")
        .arg(d.join("resolve"))
        .arg("--manifest")
        .arg(d.join("manifest.json"))
        .arg("--request-log")
        .arg(d.join("requests.jsonl"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start odaudit simulate"));
    let ready = Instant::now();
    while !(d.join("manifest.json").exists()
        && d.join("resolve").exists()
        && d.join("portals.csv").exists())
    {
        assert!(
            ready.elapsed() < Duration::from_secs(30),
            "the simulated world did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(d.join("manifest.json")).unwrap()).unwrap();
    let resolve: Vec<ResolveRule> = std::fs::read_to_string(d.join("resolve"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.parse().unwrap())
        .collect();
    let communes = load_communes(&d.join("wallonia.csv")).unwrap();
    let portals: Vec<Portal> = load_portals(&d.join("portals.csv"))
        .unwrap()
        .into_iter()
        .map(|p| Portal {
            kind: p.kind.parse::<PortalKind>().unwrap(),
            id: p.id,
            url: p.url,
            name: p.name,
        })
        .collect();
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve,
            ..FetchConfig::default()
        },
        min_delay: Duration::from_secs_f64(delay),
        ..PoliteConfig::default()
    })
    .unwrap();
    let options = DiscoverOptions::default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let found = runtime.block_on(discover(&http, &communes, &portals, &options));
    let wall = started.elapsed();
    let rss = peak_rss_kib();

    let log = read_log(&d.join("requests.jsonl"));
    let mut per_host: HashMap<&str, u64> = HashMap::new();
    for r in &log {
        *per_host.entry(r.host.as_str()).or_default() += 1;
    }
    let (slowest, n) = per_host
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(h, n)| (*h, *n))
        .unwrap_or(("-", 0));
    let bound = Duration::from_secs_f64(n.saturating_sub(1) as f64 * delay);

    // What was expected, and the fewest requests that could find it.
    let mut expected: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut fewest: u64 = 0;
    for c in &manifest.communes {
        let mut pages = HashSet::new();
        let mut site_files = 0;
        for ds in &c.datasets {
            let ch = match ds.channel {
                Channel::Website => "website",
                Channel::Odwb => "odwb",
                Channel::OwnPortal => "own_portal",
            };
            if ds.channel == Channel::Website {
                if !ds.reachable_from_homepage {
                    continue;
                }
                if let Some(p) = &ds.landing_page {
                    pages.insert(p.as_str());
                }
                site_files += ds.distributions.len() as u64;
            }
            for x in &ds.distributions {
                expected.entry(ch).or_default().insert(x.url.as_str());
            }
        }
        if c.website.is_some() && c.website_reachable {
            // robots.txt, the homepage, each page linking data, each file.
            fewest += 2
                + pages
                    .iter()
                    .filter(|p| Some(**p) != c.website.as_deref())
                    .count() as u64
                + site_files;
        }
    }
    for p in &manifest.portals {
        let files: u64 = manifest
            .communes
            .iter()
            .flat_map(|c| &c.datasets)
            .chain(&manifest.other_datasets)
            .filter(|ds| ds.portal.as_deref() == Some(p.id.as_str()))
            .map(|ds| ds.distributions.len() as u64)
            .sum();
        fewest += 1 + (p.datasets as u64).div_ceil(100) + files;
    }
    let requests: u64 = found.hosts.iter().map(|h| h.requests).sum();
    let mut got: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut probe_bytes = 0u64;
    let mut probes = 0u64;
    let mut datasets = 0u64;
    for c in &found.communes {
        for ds in &c.datasets {
            datasets += 1;
            let ch = match ds.channel {
                Some(odaudit::discover::Channel::Website) => "website",
                Some(odaudit::discover::Channel::Odwb) => "odwb",
                _ => "own_portal",
            };
            for x in &ds.distributions {
                got.entry(ch).or_default().insert(x.url.to_string());
                if let Some(p) = &x.probe {
                    probes += 1;
                    probe_bytes += p.bytes_read as u64;
                }
            }
        }
    }
    println!(
        "discovery on the simulated world: {} communes, Crawl-delay {delay} s on every host",
        communes.len()
    );
    println!("{:<44} {:>14}", "measure", "value");
    println!("{:<44} {:>12.1} s", "wall time", wall.as_secs_f64());
    println!(
        "{:<44} {:>12.1} s",
        format!("politeness lower bound ({slowest}: {n} req)"),
        bound.as_secs_f64()
    );
    println!(
        "{:<44} {:>14.2}",
        "wall / bound",
        wall.as_secs_f64() / bound.as_secs_f64().max(1e-9)
    );
    println!(
        "{:<44} {:>14}",
        "requests (all hosts, robots.txt included)", requests
    );
    println!(
        "{:<44} {:>14}",
        "fewest requests that could find the same", fewest
    );
    println!(
        "{:<44} {:>14.2}",
        "requests per dataset found",
        requests as f64 / datasets.max(1) as f64
    );
    println!(
        "{:<44} {:>14.2}",
        "fewest requests per dataset",
        fewest as f64 / datasets.max(1) as f64
    );
    println!(
        "{:<44} {:>14.0}",
        "bytes read per probe",
        probe_bytes as f64 / probes.max(1) as f64
    );
    println!(
        "{:<44} {:>12.1} MiB",
        "peak RSS (discovery process)",
        rss as f64 / 1024.0
    );
    for ch in ["website", "odwb", "own_portal"] {
        let e = expected.get(ch).map_or(0, HashSet::len);
        let hit = expected.get(ch).map_or(0, |e| {
            e.iter()
                .filter(|u| got.get(ch).is_some_and(|g| g.contains(**u)))
                .count()
        });
        let g = got.get(ch).map_or(0, HashSet::len);
        println!(
            "{:<44} {:>14}",
            format!("{ch}: recall / precision"),
            format!(
                "{:.3} / {:.3}",
                hit as f64 / e.max(1) as f64,
                hit as f64 / g.max(1) as f64
            )
        );
    }
}

fn read_log(path: &Path) -> Vec<RequestRecord> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
