//! Listing first (issue 11) on the simulated platforms world (`Config::platforms`), whose
//! truth says per site which platform it runs, which index answers and which files each
//! index lists — written from how the platforms answer, never by calling the auditor.
//! Checked: every data file an index lists is found, a site whose index answered costs at
//! most 10 requests besides one probe per data file, a site whose index refuses is
//! crawled, its linked files found and each refusal said as a typed problem, and a re-run spends no request on files the index
//! lists unchanged.

#[path = "common/convert.rs"]
mod convert;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use odaudit::discover::problem::ProblemKind;
use odaudit::discover::site_index::indexes_of;
use odaudit::discover::website::{CrawlConfig, SiteReport, crawl};
use odaudit::fetch::{FetchConfig, Http, Outcome, PoliteConfig, Validators};
use odaudit_sim::{self as sim, Config};
use url::Url;

fn http(server: &sim::Server) -> Http {
    Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: convert::resolve(server),
            ..FetchConfig::default()
        },
        min_delay: Duration::ZERO,
        // The world asks iMio's real 120 s: waited at a ten-thousandth, decided on whole.
        delay_scale: 0.0001,
        backoff_base: Duration::from_millis(10),
        ..PoliteConfig::default()
    })
    .unwrap()
}

/// One file whatever form its link takes.
fn key(url: &str) -> String {
    let path = Url::parse(url).map_or_else(|_| url.to_owned(), |u| u.path().to_owned());
    let path = match path.find("/@@download/") {
        Some(i) => path[..i].to_owned(),
        None => path.strip_suffix("/view").unwrap_or(&path).to_owned(),
    };
    path.trim_end_matches('/').to_owned()
}

fn found(report: &SiteReport) -> HashSet<String> {
    report
        .datasets
        .iter()
        .flat_map(|d| &d.distributions)
        .map(|x| key(x.url.as_str()))
        .collect()
}

/// A site whose indexes all refuse says so, per index, as a typed problem: the URL
/// asked and what became of it (the world refuses by robots.txt or 401/403: nobody's
/// fault that we know).
fn refusals_said(site: &sim::PlatformTruth, report: &SiteReport) {
    for &index in indexes_of(report.platform) {
        let said = report.errors.iter().find(|p| {
            matches!(p.kind, ProblemKind::IndexRefused { index: i } | ProblemKind::IndexEmpty { index: i } if i == index)
        });
        let said = said.unwrap_or_else(|| panic!("{}: {index:?} refused unsaid", site.host));
        let asked = said.url.as_deref().unwrap_or_default();
        assert!(asked.contains(&site.host), "{}: {said}", site.host);
        assert!(
            said.outcome.is_some_and(Outcome::is_not_verifiable),
            "{}: {said}",
            site.host
        );
    }
}

fn home_of(manifest: &sim::Manifest, nis: &str) -> Url {
    let website = manifest.commune(nis).and_then(|c| c.website.clone());
    website.expect("a website").parse().unwrap()
}

async fn world() -> sim::Server {
    let world = sim::World::generate(&Config {
        seed: 5,
        communes: Some(40),
        platforms: true,
        ..Config::default()
    })
    .unwrap();
    sim::serve(world, "127.0.0.1:0").await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexes_give_every_listed_file_for_a_handful_of_requests() {
    let server = world().await;
    let manifest = server.manifest().clone();
    let (mut indexed, mut refusing) = (0, 0);
    for site in &manifest.platforms {
        let http = http(&server);
        let home = home_of(&manifest, &site.nis_code);
        let report = crawl(&http, &home, None, &CrawlConfig::default()).await;
        let got = found(&report);
        let data: Vec<_> = site.files.iter().filter(|f| f.data).collect();
        let must: Vec<_> = if site.indexes.is_empty() {
            refusing += 1;
            refusals_said(site, &report);
            data.iter().filter(|f| f.linked).collect()
        } else {
            indexed += 1;
            assert!(report.index.is_some(), "{}: no index read", site.host);
            data.iter().filter(|f| f.listed).collect()
        };
        for f in must {
            assert!(
                got.contains(&key(&f.url)),
                "{}: {} not found",
                site.host,
                f.url
            );
        }
        if !site.indexes.is_empty() {
            let probes = data.iter().filter(|f| got.contains(&key(&f.url))).count();
            let sent = http.requests_to(&home) as usize;
            assert!(
                sent <= 10 + probes,
                "{}: {sent} requests for {probes} data files",
                site.host
            );
        }
    }
    assert!(
        indexed >= 5 && refusing >= 2,
        "{indexed} indexed, {refusing} without index"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_spends_nothing_on_files_listed_unchanged() {
    let server = world().await;
    let manifest = server.manifest().clone();
    let site = manifest
        .platforms
        .iter()
        .find(|p| {
            !p.indexes.is_empty() && p.files.iter().filter(|f| f.data && f.listed).count() >= 2
        })
        .expect("an indexed site with data files");
    let home = home_of(&manifest, &site.nis_code);
    let first = crawl(&http(&server), &home, None, &CrawlConfig::default()).await;
    let validators: HashMap<String, Validators> = first
        .datasets
        .iter()
        .flat_map(|d| &d.distributions)
        .filter_map(|x| Some((x.url.to_string(), x.probe.as_ref()?.validators.clone())))
        .collect();
    assert!(
        validators.values().any(|v| v.listed.is_some()),
        "no listing date kept"
    );
    let config = CrawlConfig {
        validators: Arc::new(validators),
        ..CrawlConfig::default()
    };
    let http = http(&server);
    let second = crawl(&http, &home, None, &config).await;
    assert_eq!(found(&second), found(&first));
    let listed: HashSet<String> = site
        .files
        .iter()
        .filter(|f| f.listed)
        .map(|f| key(&f.url))
        .collect();
    let asked_again: Vec<String> = second
        .datasets
        .iter()
        .flat_map(|d| &d.distributions)
        .filter(|x| listed.contains(&key(x.url.as_str())))
        .filter(|x| x.probe.as_ref().is_none_or(|p| !p.reused))
        .map(|x| x.url.to_string())
        .collect();
    assert!(second.reused >= 2, "{} files reused", second.reused);
    assert!(asked_again.is_empty(), "asked again: {asked_again:?}");
    assert!(second.requests + second.reused <= first.requests);
}
