//! Discovery in a hostile world: resets, hangs, 5xx, 429s, redirect loops, endless
//! calendars, endless bodies, gzip bombs, robots.txt that forbids, an hour-long
//! Crawl-delay. Each costs the affected commune a clear status, never the run; and the
//! server's log shows robots.txt obeyed and every Crawl-delay kept.

#[path = "common/convert.rs"]
mod convert;

use std::collections::HashMap;
use std::time::Duration;

use odaudit::discover::portals::{Portal, PortalKind};
use odaudit::discover::run::{DiscoverOptions, discover};
use odaudit::discover::website::SiteStatus;
use odaudit::fetch::{FetchConfig, Http, PoliteConfig};
use odaudit::targets::load_communes;
use odaudit_sim::{self as sim, Config, FaultProfile};

// One thread for the crawler, one for the server: on two cores neither waits for the
// other, so the server's log stamps arrivals when they happen.
#[tokio::test(flavor = "current_thread")]
async fn faults_cost_the_affected_commune_a_status_never_the_run() {
    let delay = 0.3;
    let world = sim::World::generate(&Config {
        seed: 5,
        communes: Some(36),
        faults: FaultProfile::Hostile,
        crawl_delay: Some(delay),
        ..Config::default()
    })
    .unwrap();
    // The server on a thread of its own, so its log tells arrival times truly.
    let (server, _thread) =
        sim::serve_in_thread(world, "127.0.0.1:0", sim::ServeOptions::default()).unwrap();
    let manifest = server.manifest().clone();
    let dir = tempfile::tempdir().unwrap();
    server
        .world()
        .write_inputs(dir.path(), server.port())
        .unwrap();
    let communes = load_communes(&dir.path().join("wallonia.csv")).unwrap();
    let odwb = &manifest.portals[0];
    let portals = vec![Portal {
        id: odwb.id.clone(),
        kind: PortalKind::OpenDataSoft,
        url: odwb.url.parse().unwrap(),
        name: odwb.name.clone(),
    }];
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: convert::resolve(&server),
            connect_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(1),
            total_timeout: Duration::from_secs(3),
            ..FetchConfig::default()
        },
        min_delay: Duration::from_secs_f64(delay),
        max_crawl_delay: Duration::from_secs(60),
        retries: 1,
        backoff_base: Duration::from_millis(50),
        backoff_max: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(5),
        ..PoliteConfig::default()
    })
    .unwrap();
    // Websites only: the portals' faults (429 quotas) are the portal tests' business,
    // and here they would only make the run long.
    let options = DiscoverOptions {
        portals: false,
        ..DiscoverOptions::default()
    };
    let started = std::time::Instant::now();
    let found = discover(&http, &communes, &portals, &options).await;
    eprintln!("discovery took {:?}", started.elapsed());
    for h in found
        .hosts
        .iter()
        .filter(|h| h.requests > 20 || h.errors > 0)
    {
        eprintln!(
            "{:<32} {:>4} req {:>3} err {:>3} retries",
            h.host, h.requests, h.errors, h.retries
        );
    }

    // The run completed for every commune.
    assert_eq!(found.communes.len(), communes.len());
    let faults: Vec<_> = manifest.faults.iter().map(|f| f.fault.as_str()).collect();
    for wanted in [
        "reset",
        "gzip_bomb",
        "endless_body",
        "robots_disallow_all",
        "large_crawl_delay",
        "spider_trap",
    ] {
        assert!(
            faults.contains(&wanted),
            "the hostile world has no {wanted}: {faults:?}"
        );
    }
    let by_host: HashMap<String, Vec<&str>> =
        manifest.faults.iter().fold(HashMap::new(), |mut m, f| {
            m.entry(f.host.clone()).or_default().push(f.fault.as_str());
            m
        });
    for c in &found.communes {
        let Some(site) = &c.website else { continue };
        let host = site.home.host_str().unwrap_or("").to_owned();
        let host_faults = by_host.get(&host).cloned().unwrap_or_default();
        if host_faults
            .iter()
            .any(|f| matches!(*f, "reset" | "robots_disallow_all" | "large_crawl_delay"))
        {
            let closing = |f: &&str| matches!(*f, "robots_disallow_all" | "large_crawl_delay");
            match &site.status {
                SiteStatus::Unreachable { why } => {
                    assert!(
                        host_faults.contains(&"reset"),
                        "{host}: {host_faults:?}: {why}"
                    );
                    assert!(!why.is_empty());
                }
                SiteStatus::Closed { why } => {
                    assert!(
                        host_faults.iter().any(closing),
                        "{host}: {host_faults:?}: {why}"
                    );
                    assert!(
                        why.contains("robots.txt") || why.contains("Crawl-delay"),
                        "{why}"
                    );
                    assert_eq!(site.pages, 0, "{host}: pages fetched despite robots.txt");
                }
                SiteStatus::Reachable => panic!("{host}: {host_faults:?} yet reachable"),
            }
        }
        // No probe read more than the cap, whatever the server sent.
        for d in &c.datasets {
            for x in &d.distributions {
                if let Some(p) = &x.probe {
                    assert!(
                        p.bytes_read <= options.probe_cap,
                        "{}: {} bytes",
                        x.url,
                        p.bytes_read
                    );
                }
            }
        }
    }

    // The server's log: robots.txt obeyed, Crawl-delay kept between requests to a host.
    let log = server.request_log();
    let mut last: HashMap<&str, u64> = HashMap::new();
    let mut gaps: HashMap<&str, Vec<u64>> = HashMap::new();
    for r in &log {
        if let Some(hf) = by_host.get(&r.host)
            && hf.contains(&"robots_disallow_all")
        {
            assert_eq!(
                r.path, "/robots.txt",
                "{} fetched despite Disallow: /",
                r.path
            );
        }
        if r.path.contains("/calendar") || r.path.starts_with("/search") {
            panic!("disallowed path fetched: {} {}", r.host, r.path);
        }
        if let Some(prev) = last.insert(r.host.as_str(), r.t_ms) {
            gaps.entry(r.host.as_str()).or_default().push(r.t_ms - prev);
        }
    }
    // The log has millisecond resolution: allow one tick.
    let delay_ms = (delay * 1000.0) as u64;
    let mut all = 0;
    for (host, g) in &gaps {
        for gap in g {
            all += 1;
            assert!(
                *gap + 1 >= delay_ms,
                "{host}: requests {gap} ms apart, Crawl-delay is {delay_ms} ms"
            );
        }
    }
    assert!(all > 100, "only {all} gaps measured");
    let spider_pages = log.iter().filter(|r| r.path.contains("month=")).count();
    assert!(
        spider_pages <= 2,
        "{spider_pages} calendar pages fetched: the trap was followed"
    );
    server.shutdown().await;
}
