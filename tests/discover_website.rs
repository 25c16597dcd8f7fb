//! The website crawler on the simulated commune web: it finds what communes publish on
//! their sites (recall), counts nothing that is not published data (precision), and
//! never breaks robots.txt, per the server's own request log.

#[path = "common/convert.rs"]
mod convert;

use std::collections::HashSet;
use std::time::Duration;

use odaudit::discover::website::{CrawlConfig, SiteStatus, crawl};
use odaudit::fetch::{FetchConfig, Http, PoliteConfig};
use odaudit_sim::{self as sim, Channel, Config};
use url::Url;

fn http(server: &sim::Server) -> Http {
    Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: convert::resolve(server),
            ..FetchConfig::default()
        },
        min_delay: Duration::ZERO,
        backoff_base: Duration::from_millis(10),
        ..PoliteConfig::default()
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websites_give_up_their_published_files_and_nothing_else() {
    let world = sim::World::generate(&Config {
        seed: 11,
        communes: Some(40),
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .unwrap();
    let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
    let http = http(&server);
    let manifest = server.manifest().clone();
    let config = CrawlConfig::default();

    let mut expected = HashSet::new();
    let mut decoys = HashSet::new();
    let mut found = HashSet::new();
    let mut reports = Vec::new();
    for c in &manifest.communes {
        for d in c
            .datasets
            .iter()
            .filter(|d| d.channel == Channel::Website && d.reachable_from_homepage)
        {
            for x in &d.distributions {
                expected.insert(x.url.clone());
            }
        }
        for d in &c.decoys {
            decoys.insert(d.url.clone());
        }
    }
    let jobs = manifest.communes.iter().filter_map(|c| {
        let home: Url = c.website.as_deref()?.parse().ok()?;
        let own = c.own_portal.as_deref().and_then(|p| p.parse::<Url>().ok());
        let http = http.clone();
        let config = config.clone();
        let reachable = c.website_reachable;
        Some(async move { (reachable, crawl(&http, &home, own.as_ref(), &config).await) })
    });
    for (reachable, report) in futures_util::future::join_all(jobs).await {
        assert_eq!(
            matches!(report.status, SiteStatus::Reachable),
            reachable,
            "{}: {:?}",
            report.home,
            report.status
        );
        for d in &report.datasets {
            for x in &d.distributions {
                found.insert(x.url.to_string());
            }
        }
        reports.push(report);
    }
    let hit = expected.intersection(&found).count();
    let recall = hit as f64 / expected.len() as f64;
    let precision = hit as f64 / found.len().max(1) as f64;
    let missed: Vec<_> = expected.difference(&found).take(10).collect();
    let extra: Vec<_> = found.difference(&expected).take(10).collect();
    eprintln!(
        "website recall {recall:.3} ({hit}/{}), precision {precision:.3} ({} found)",
        expected.len(),
        found.len()
    );
    assert!(expected.len() > 20, "the world publishes on websites");
    assert!(
        recall >= 0.98,
        "recall {recall:.3} ({hit}/{}); missed e.g. {missed:?}",
        expected.len()
    );
    assert!(
        precision >= 0.98,
        "precision {precision:.3}; extra e.g. {extra:?}"
    );
    assert!(
        found.is_disjoint(&decoys),
        "decoys counted: {:?}",
        found.intersection(&decoys).collect::<Vec<_>>()
    );

    // Robots: no request to a path the host's robots.txt disallows.
    let log = server.request_log();
    assert!(!log.is_empty());
    for r in &log {
        let p = r.path.split('?').next().unwrap_or("");
        assert!(
            !(p.starts_with("/search") || p.contains("login_form") || p.contains("/calendar")),
            "disallowed path requested: {} {}",
            r.host,
            r.path
        );
    }
    // Portal links are recorded where the sites make them.
    let linking: usize = manifest
        .communes
        .iter()
        .filter(|c| c.website_reachable && (c.links_to_odwb || c.links_to_own_portal))
        .count();
    let recorded = reports
        .iter()
        .filter(|r| !r.portal_links.is_empty())
        .count();
    assert!(
        recorded >= linking,
        "{recorded} sites with portal links recorded, {linking} expected"
    );
    server.shutdown().await;
}

/// A site whose robots.txt answers 503 (its homepage would answer) is closed to us, not
/// down: nothing is concluded of it. A host that does not answer at all is down.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_robots_txt_closes_the_site_and_silence_means_down() {
    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = Router::new()
        .route(
            "/robots.txt",
            get(|| async { (StatusCode::SERVICE_UNAVAILABLE, "busy") }),
        )
        .route("/", get(|| async { "<html><body>Accueil</body></html>" }));
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    // A port nothing listens on: bind one, then let it go.
    let silent = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: vec![
                format!("www.busy.test:{port}:127.0.0.1").parse().unwrap(),
                format!("www.down.test:{silent}:127.0.0.1").parse().unwrap(),
            ],
            ..FetchConfig::default()
        },
        min_delay: Duration::ZERO,
        retries: 0,
        ..PoliteConfig::default()
    })
    .unwrap();
    let config = CrawlConfig::default();
    let busy: Url = format!("http://www.busy.test:{port}/").parse().unwrap();
    let report = crawl(&http, &busy, None, &config).await;
    match &report.status {
        SiteStatus::Closed { why } => assert!(why.contains("503"), "{why}"),
        other => panic!("a 503 robots.txt: {other:?}"),
    }
    assert_eq!(report.pages, 0, "nothing is crawled without robots.txt");
    let down: Url = format!("http://www.down.test:{silent}/").parse().unwrap();
    let report = crawl(&http, &down, None, &config).await;
    assert!(
        matches!(report.status, SiteStatus::Unreachable { .. }),
        "{:?}",
        report.status
    );
    server.abort();
}
