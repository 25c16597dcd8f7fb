//! `odaudit plan` against the simulated world: per host the Crawl-delay its robots.txt
//! really asks (iMio's shared 120 s, a home-made site's 10 s), the platform it shows, the
//! hosts that will refuse (robots.txt closing the site, an hour-long Crawl-delay, a dead
//! host), the portals' catalogue sizes, and one request per host read to learn it.

#[path = "common/faulty.rs"]
mod faulty;

use std::collections::BTreeMap;
use std::process::{Command, Output};

use faulty::world_with;
use odaudit_sim::{Fault, PortalKind, SiteKind};
use serde_json::Value;

fn plan(dir: &std::path::Path, extra: &[&str]) -> Output {
    let path = |f: &str| dir.join(f).to_str().unwrap().to_owned();
    Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args([
            "plan",
            "--targets",
            &path("wallonia.csv"),
            "--portals",
            &path("portals.csv"),
            "--resolve-file",
            &path("resolve"),
            "--min-delay",
            "0.5",
            "--retries",
            "0",
            "--timeout",
            "5",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn site_key(url: &str) -> String {
    let host = url::Url::parse(url).unwrap().host_str().unwrap().to_owned();
    host.strip_prefix("www.").unwrap_or(&host).to_owned()
}

#[test]
fn the_plan_reads_the_worlds_delays_refusals_and_catalogues() {
    let (server, _thread, dir) = world_with(
        &[
            Fault::RobotsDisallowAll,
            Fault::LargeCrawlDelay,
            Fault::Reset,
        ],
        None,
    );
    let manifest = server.manifest();
    let out = plan(dir.path(), &["--output", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let hosts: BTreeMap<String, &Value> = doc["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["host"].as_str().unwrap().to_owned(), h))
        .collect();
    let faulty: BTreeMap<String, &str> = manifest
        .faults
        .iter()
        .map(|f| (site_key(&format!("http://{}/", f.host)), f.fault.as_str()))
        .collect();
    let mut seen = BTreeMap::new();
    for t in &manifest.communes {
        let Some(website) = &t.website else { continue };
        let key = site_key(website);
        let h = hosts
            .get(&key)
            .unwrap_or_else(|| panic!("no host {key} in the plan"));
        let refusal = h["refusal"].as_str();
        let robots = t.robots.as_ref().unwrap();
        let kind = match faulty.get(&key).copied() {
            _ if !t.website_reachable => {
                assert_eq!(refusal, Some("unreachable"), "{h}");
                "unreachable"
            }
            Some("robots_disallow_all") => {
                assert_eq!(refusal, Some("robots"), "{h}");
                "robots"
            }
            Some("large_crawl_delay") => {
                assert_eq!(refusal, Some("crawl_delay"), "{h}");
                assert_eq!(h["crawl_delay"].as_f64(), Some(3600.0), "{h}");
                "crawl_delay"
            }
            _ => {
                assert_eq!(refusal, None, "{h}");
                assert_eq!(h["crawl_delay"].as_f64(), robots.crawl_delay, "{h}");
                let delay = robots.crawl_delay.unwrap_or(0.0).max(0.5);
                assert_eq!(h["delay"].as_f64(), Some(delay), "{h}");
                let requests = h["requests"].as_f64().unwrap();
                assert_eq!(h["bound_seconds"].as_f64(), Some(requests * delay), "{h}");
                let (platform, strategy) = match t.site_kind.unwrap() {
                    SiteKind::Imio => ("imio_plone", "plone_listing"),
                    SiteKind::Wordpress => ("wordpress", "wordpress_media"),
                    SiteKind::Custom => ("unknown", "crawl"),
                };
                assert_eq!(h["platform"], platform, "{h}");
                assert_eq!(h["strategy"], strategy, "{h}");
                strategy
            }
        };
        *seen.entry(kind).or_insert(0) += 1;
    }
    for kind in [
        "unreachable",
        "robots",
        "crawl_delay",
        "plone_listing",
        "wordpress_media",
        "crawl",
    ] {
        assert!(seen.contains_key(kind), "the world has no {kind}: {seen:?}");
    }
    assert_eq!(doc["refusing_hosts"], 3, "{seen:?}");
    // A home-made site asking 10 s, iMio's 120 s: both read, not assumed.
    assert!(
        hosts
            .values()
            .any(|h| h["crawl_delay"].as_f64() == Some(10.0))
    );
    // The run is as long as its slowest host, an iMio site at 120 s a request.
    let slowest = hosts[doc["slowest_host"].as_str().unwrap()];
    assert_eq!(slowest["delay"].as_f64(), Some(120.0), "{slowest}");
    assert!(
        doc["expected_seconds"].as_f64().unwrap() >= slowest["bound_seconds"].as_f64().unwrap()
    );

    // Every portal's size is the world's.
    let portals = doc["portals"].as_array().unwrap();
    assert_eq!(portals.len(), manifest.portals.len(), "{portals:?}");
    for p in &manifest.portals {
        let q = portals
            .iter()
            .find(|q| q["url"] == p.url.as_str())
            .unwrap_or_else(|| panic!("no quota for {}", p.url));
        assert_eq!(q["datasets"].as_u64(), Some(p.datasets as u64), "{q}");
        let api = match p.kind {
            PortalKind::Opendatasoft => "ods-v2.1",
            PortalKind::OpendatasoftV1 => "ods-v1",
            PortalKind::Ckan => "ckan",
        };
        assert_eq!(q["api"], api, "{q}");
        assert!(q["quota_calls_max"].as_u64().unwrap() >= q["listing_calls"].as_u64().unwrap());
    }

    // Learnt from one robots.txt per host (iMio's shared file once) and, per portal, the
    // calls that ask for its size: never a page, never a file.
    let log = server.request_log();
    for r in &log {
        let portal = manifest
            .portals
            .iter()
            .any(|p| site_key(&p.url) == site_key(&format!("http://{}/", r.host)));
        assert!(
            r.path == "/robots.txt" || (portal && r.path.starts_with("/api/")),
            "{} {}",
            r.host,
            r.path
        );
    }
    let imio_robots = log
        .iter()
        .filter(|r| r.host == "static.imio.be" && r.path == "/robots.txt")
        .count();
    assert_eq!(imio_robots, 1);
}

#[test]
fn the_table_says_its_figures_are_estimates() {
    let (_server, _thread, dir) = world_with(&[Fault::LargeCrawlDelay], Some(2.0));
    let out = plan(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("HOST"), "{text}");
    assert!(text.contains("1 will refuse the run"), "{text}");
    assert!(text.contains("Crawl-delay of 3600 s"), "{text}");
    assert!(text.contains("Estimates:"), "{text}");
    assert!(text.contains("portal odwb (ods-v2.1)"), "{text}");
}
