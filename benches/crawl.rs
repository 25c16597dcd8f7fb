//! Discovery on the simulated 262-commune world whose sites run on the platforms they
//! really run on (`odaudit simulate --platforms`: iMio smartweb with plone.restapi, older
//! Plone with `sitemap.xml.gz`, WordPress media, sites that refuse their API), run twice:
//! listing-first (the default) and crawl-only (`--no-listings`), each against a fresh
//! world. Run: `cargo bench --bench crawl [-- SCALE]`: the world asks its real
//! Crawl-delays (120 s on iMio hosts) and the auditor decides on them, but waits SCALE of
//! each (default 0.001), so a run takes a minute or two instead of hours.
//!
//! Printed per mode: requests, requests to ODWB (its quota), the most requests any iMio
//! host got besides one probe per data file it hosts, the politeness lower bound at the
//! REAL figures (largest over hosts of requests × delay, with 120 s on iMio hosts and 1 s
//! elsewhere: that is what the real run would take at least), recall and precision per
//! channel, requests per distribution found, peak RSS.

#[path = "common/wait.rs"]
mod wait;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use odaudit::discover::portals::{Portal, PortalKind};
use odaudit::discover::run::{DiscoverOptions, Discovery, discover};
use odaudit::fetch::{FetchConfig, Http, PoliteConfig, ResolveRule};
use odaudit::targets::{load_communes, load_portals};
use odaudit_sim::{Channel, Manifest, PlatformKind, RequestRecord};

struct Sim(Child);
impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Delay a real run waits between two requests to a host: iMio asks 120 s.
const IMIO_DELAY_S: f64 = 120.0;
const OTHER_DELAY_S: f64 = 1.0;

fn main() {
    let delay: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(0.001);
    let rows = [("listing-first", true), ("crawl-only", false)]
        .map(|(name, listings)| (name, run_mode(delay, listings)));
    println!(
        "discovery on the simulated world (--platforms, seed 1) at its real Crawl-delays, \
         waited at {delay} of their length; bounds at the real figures ({IMIO_DELAY_S} s on \
         iMio hosts, {OTHER_DELAY_S} s elsewhere)"
    );
    let measures = [
        "wall time (s)",
        "requests (all hosts, robots.txt included)",
        "requests to ODWB (quota used)",
        "most requests to one iMio host beyond its data probes",
        "iMio hosts over 10 requests beyond data probes",
        "politeness lower bound at real delays (min)",
        "  ...on host",
        "requests per distribution found",
        "website: recall / precision",
        "odwb: recall / precision",
        "own_portal: recall / precision",
        "peak RSS of the bench process (MiB)",
    ];
    println!("{:<56} {:>18} {:>18}", "measure", rows[0].0, rows[1].0);
    for (i, m) in measures.iter().enumerate() {
        println!("{:<56} {:>18} {:>18}", m, rows[0].1[i], rows[1].1[i]);
    }
}

/// One discovery over a fresh simulated world; the table's cells, in `main`'s order.
fn run_mode(delay: f64, listings: bool) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let _sim = start_sim(d);
    let manifest: Manifest =
        serde_json::from_str(&std::fs::read_to_string(d.join("manifest.json")).unwrap()).unwrap();
    let http = client(d, delay);
    let communes = load_communes(&d.join("wallonia.csv")).unwrap();
    let portals = portals(d);
    let mut options = DiscoverOptions::default();
    options.crawl.listings = listings;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let found = runtime.block_on(discover(&http, &communes, &portals, &options));
    let wall = started.elapsed();
    let log = read_log(&d.join("requests.jsonl"));
    let mut cells = vec![
        format!("{:.1}", wall.as_secs_f64()),
        log.len().to_string(),
        log.iter()
            .filter(|r| r.host == "www.odwb.be")
            .count()
            .to_string(),
    ];
    cells.extend(imio_and_bound(&manifest, &log));
    cells.extend(recall(&manifest, &found, log.len()));
    cells.push(format!("{:.1}", peak_rss_kib() as f64 / 1024.0));
    cells
}

fn start_sim(d: &Path) -> Sim {
    let sim = Sim(Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args(["simulate", "--seed", "1", "--platforms"])
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
    wait::for_files(d, &["manifest.json", "resolve", "portals.csv"]);
    sim
}

fn client(d: &Path, delay: f64) -> Http {
    let resolve: Vec<ResolveRule> = std::fs::read_to_string(d.join("resolve"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.parse().unwrap())
        .collect();
    Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve,
            ..FetchConfig::default()
        },
        delay_scale: delay,
        ..PoliteConfig::default()
    })
    .unwrap()
}

fn portals(d: &Path) -> Vec<Portal> {
    load_portals(&d.join("portals.csv"))
        .unwrap()
        .into_iter()
        .map(|p| Portal {
            kind: p.kind.parse::<PortalKind>().unwrap(),
            id: p.id,
            url: p.url,
            name: p.name,
        })
        .collect()
}

/// One file whatever form its link takes (Plone's `/view`, `@@download/file[/name]`).
fn file_key(url: &str) -> String {
    let u = url.split('#').next().unwrap_or(url);
    let u = match u.find("/@@download/") {
        Some(i) => &u[..i],
        None => u.strip_suffix("/view").unwrap_or(u),
    };
    u.trim_end_matches('/').to_owned()
}

/// Requests per iMio host beyond its data probes, and the politeness lower bound.
fn imio_and_bound(manifest: &Manifest, log: &[RequestRecord]) -> Vec<String> {
    let mut per_host: BTreeMap<&str, u64> = BTreeMap::new();
    for r in log {
        *per_host.entry(r.host.as_str()).or_default() += 1;
    }
    let mut data: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut imio: HashSet<&str> = HashSet::new();
    for p in &manifest.platforms {
        if matches!(
            p.platform,
            PlatformKind::ImioSmartweb | PlatformKind::ImioPlone
        ) {
            imio.insert(p.host.as_str());
        }
        let files = p.files.iter().filter(|f| f.data);
        data.entry(p.host.as_str())
            .or_default()
            .extend(files.map(|f| {
                file_key(
                    &url::Url::parse(&f.url)
                        .map_or_else(|_| String::new(), |u| u.path().to_owned()),
                )
            }));
    }
    let mut probes: HashMap<&str, HashSet<String>> = HashMap::new();
    for r in log.iter().filter(|r| imio.contains(r.host.as_str())) {
        let key = file_key(&r.path);
        if data.get(r.host.as_str()).is_some_and(|d| d.contains(&key)) {
            probes.entry(r.host.as_str()).or_default().insert(key);
        }
    }
    let beyond = |h: &str| {
        per_host.get(h).copied().unwrap_or(0) - probes.get(h).map_or(0, |p| p.len() as u64)
    };
    let worst = imio.iter().map(|h| beyond(h)).max().unwrap_or(0);
    let over = imio.iter().filter(|h| beyond(h) > 10).count();
    let delays = manifest.crawl_delays();
    let real = |h: &str| {
        let asked = delays.get(h).copied().unwrap_or(0.0);
        let floor = if imio.contains(h) {
            IMIO_DELAY_S
        } else {
            OTHER_DELAY_S
        };
        asked.max(floor)
    };
    let (host, bound) = per_host
        .iter()
        .map(|(h, n)| (*h, *n as f64 * real(h)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or(("-", 0.0));
    vec![
        worst.to_string(),
        format!("{over} of {}", imio.len()),
        format!("{:.1}", bound / 60.0),
        host.to_owned(),
    ]
}

/// Requests per distribution found, recall and precision per channel.
fn recall(manifest: &Manifest, found: &Discovery, requests: usize) -> Vec<String> {
    // A website file no link reaches and no index lists cannot be found by anybody.
    let listed: HashSet<String> = manifest
        .platforms
        .iter()
        .flat_map(|p| &p.files)
        .filter(|f| f.listed)
        .map(|f| file_key(&f.url))
        .collect();
    let mut expected: HashMap<&str, HashSet<String>> = HashMap::new();
    for c in &manifest.communes {
        for ds in &c.datasets {
            let ch = match ds.channel {
                Channel::Website => "website",
                Channel::Odwb => "odwb",
                Channel::OwnPortal => "own_portal",
            };
            for x in &ds.distributions {
                let findable = ds.reachable_from_homepage || listed.contains(&file_key(&x.url));
                if ds.channel == Channel::Website && !findable {
                    continue;
                }
                expected.entry(ch).or_default().insert(file_key(&x.url));
            }
        }
    }
    let mut got: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut distributions = 0usize;
    for c in &found.communes {
        for ds in &c.datasets {
            let ch = match ds.channel {
                Some(odaudit::discover::Channel::Website) => "website",
                Some(odaudit::discover::Channel::Odwb) => "odwb",
                _ => "own_portal",
            };
            for x in &ds.distributions {
                distributions += 1;
                got.entry(ch).or_default().insert(file_key(x.url.as_str()));
            }
        }
    }
    let mut cells = vec![format!(
        "{:.2}",
        requests as f64 / distributions.max(1) as f64
    )];
    for ch in ["website", "odwb", "own_portal"] {
        let e = expected.get(ch).map_or(0, HashSet::len);
        let g = got.get(ch).map_or(0, HashSet::len);
        let hit = expected.get(ch).map_or(0, |e| {
            e.iter()
                .filter(|u| got.get(ch).is_some_and(|g| g.contains(*u)))
                .count()
        });
        cells.push(format!(
            "{:.3} / {:.3}",
            hit as f64 / e.max(1) as f64,
            hit as f64 / g.max(1) as f64
        ));
    }
    cells
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
