//! Every claim of the manifest is true of what the server serves: each distribution and
//! landing page is fetched through odaudit's own client, and its status, format and
//! container checked; decoys are served; iMio robots.txt redirects with a Crawl-delay.
//! The files faults serve (an endless CSV, a gzip bomb) are read capped, as a crawler
//! reads them, and are what the manifest says of their prefix.

#[path = "common/convert.rs"]
mod convert;

use odaudit::assess::{Declared, Sample, classify};
use odaudit::fetch::{FetchConfig, Fetcher};
use odaudit_sim::{self as sim, Config, DistributionTruth, FaultProfile, SiteKind, World};
use url::Url;

/// The world of `config`, served, and a client that reaches it.
async fn served(config: Config) -> (sim::Server, Fetcher) {
    let world = World::generate(&config).unwrap();
    let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
    let fetcher = Fetcher::new(&FetchConfig {
        resolve: convert::resolve(&server),
        ..FetchConfig::default()
    })
    .unwrap();
    (server, fetcher)
}

/// The classifier, given what was served, says what the manifest says of the file:
/// format, container, stars, and whether its name or type lies.
fn judged_as_the_manifest_says(
    body: &[u8],
    complete: bool,
    name: &str,
    content_type: Option<&str>,
    d: &DistributionTruth,
) {
    let v = classify(
        Sample {
            bytes: body,
            complete,
        },
        Declared::from_sources(Some(name), content_type),
    );
    assert_eq!(
        (Some(v.format), v.container, v.stars),
        (
            d.format.map(convert::format),
            d.container.map(convert::container),
            convert::stars(d.stars_format)
        ),
        "{}: {:?}",
        d.url,
        v.reasons
    );
    assert_eq!(
        v.mismatch,
        d.mislabelled || d.content_type_wrong,
        "{}: {:?}",
        d.url,
        v.reasons
    );
}

/// Every kind of file the world writes (generated CSV, JSON, GeoJSON, PDF, and the
/// real-software assets), classified by odaudit under the name the world gives it, is
/// what the world says it wrote; a name the world chose to lie is caught.
#[test]
fn the_classifier_reads_every_kind_of_file_the_world_writes() {
    let specimens = sim::specimens();
    assert!(specimens.len() > 20, "{}", specimens.len());
    for s in specimens {
        let v = classify(
            Sample::whole(&s.bytes),
            Declared::from_sources(Some(&s.name), None),
        );
        assert_eq!(
            (v.format, v.container, v.stars),
            (
                convert::format(s.format),
                s.container.map(convert::container),
                convert::stars(s.stars)
            ),
            "{}: {:?}",
            s.name,
            v.reasons
        );
        assert_eq!(v.mismatch, s.mislabelled, "{}: {:?}", s.name, v.reasons);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_claim_of_the_manifest_is_served() {
    let (server, fetcher) = served(Config {
        seed: 11,
        communes: Some(40),
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .await;
    let m = server.manifest().clone();
    let mut checked = 0;
    for (ds, d) in m.distributions() {
        if d.fault.is_some() {
            // Endless or a bomb: `fault_files_are_capped_and_what_the_manifest_says`.
            continue;
        }
        let p = fetcher
            .probe(&Url::parse(&d.url).unwrap(), 4 << 20)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", d.url));
        assert_eq!(
            p.status == 206 || p.status == 200,
            d.status == 200,
            "{}: status {}",
            d.url,
            p.status
        );
        if d.broken {
            // A 404, or a soft 404: the site's "page not found" page with 200.
            assert_eq!(p.status, d.status, "{}", d.url);
            if p.status == 200 {
                assert!(
                    String::from_utf8_lossy(&p.body).contains("Page introuvable"),
                    "{}",
                    d.url
                );
            }
            continue;
        }
        assert!(p.complete, "{}: not read whole", d.url);
        assert_eq!(p.content_type, d.content_type, "{}", d.url);
        assert_eq!(p.last_modified, d.last_modified, "{}", d.url);
        let name = p
            .disposition_name
            .clone()
            .unwrap_or_else(|| p.final_url.path().to_owned());
        assert_eq!(name.rsplit('/').next().unwrap(), d.file_name, "{}", d.url);
        judged_as_the_manifest_says(&p.body, true, &name, p.content_type.as_deref(), d);
        if !ds.licence.as_ref().is_some_and(|l| l.open) {
            assert_eq!(d.stars, 0, "{}", d.url);
        }
        if let Some(link) = &d.linked_as {
            let view = fetcher
                .probe(&Url::parse(link).unwrap(), 1 << 20)
                .await
                .unwrap();
            assert!(view.status < 300, "{link}");
        }
        checked += 1;
    }
    assert!(checked > 60, "only {checked} distributions");
    // Landing pages, and reachability: a reachable website dataset's landing page links its files.
    for c in &m.communes {
        for ds in &c.datasets {
            let Some(page) = &ds.landing_page else {
                assert!(
                    !ds.reachable_from_homepage || ds.channel != sim::Channel::Website,
                    "{}",
                    ds.id
                );
                continue;
            };
            let p = fetcher
                .probe(&Url::parse(page).unwrap(), 1 << 20)
                .await
                .unwrap();
            assert!(p.status == 200 || p.status == 206, "{page}: {}", p.status);
            if ds.channel == sim::Channel::Website {
                let html = String::from_utf8_lossy(&p.body);
                for d in &ds.distributions {
                    assert!(
                        html.contains(d.linked_as.as_deref().unwrap_or(&d.url)),
                        "{page} does not link {}",
                        d.url
                    );
                }
            }
        }
        // Decoys are served and are what the manifest says.
        for d in c.decoys.iter().step_by(5) {
            let p = fetcher
                .probe(&Url::parse(&d.url).unwrap(), 1 << 20)
                .await
                .unwrap();
            let v = classify(
                Sample {
                    bytes: &p.body,
                    complete: p.complete,
                },
                Declared::default(),
            );
            assert_eq!(v.format, convert::format(d.format), "{}", d.url);
        }
        // An unreachable site fails; a reachable one answers.
        if let Some(home) = &c.website {
            let got = fetcher.probe(&Url::parse(home).unwrap(), 1 << 16).await;
            assert_eq!(
                got.as_ref()
                    .is_ok_and(|p| p.status == 200 || p.status == 206),
                c.website_reachable,
                "{home}"
            );
        }
        if let (Some(r), Some(SiteKind::Imio), true) = (&c.robots, c.site_kind, c.website_reachable)
        {
            let p = fetcher
                .probe(&Url::parse(&r.url).unwrap(), 1 << 16)
                .await
                .unwrap();
            assert_eq!(Some(p.final_url.as_str()), r.redirects_to.as_deref());
            let text = String::from_utf8_lossy(&p.body);
            assert!(text.contains("User-agent: *\nCrawl-delay: 0\n"), "{text}");
            assert_eq!(r.crawl_delay, Some(0.0));
            assert!(text.contains("Disallow: /*login_form*"));
        }
    }
    // The request log saw all of it, with our User-Agent.
    let log = server.request_log();
    assert!(log.len() > checked);
    assert!(log.iter().all(|r| {
        r.user_agent
            .as_deref()
            .is_some_and(|ua| ua.starts_with("odaudit/"))
    }));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_files_are_capped_and_what_the_manifest_says() {
    let (server, fetcher) = served(Config {
        seed: 77,
        communes: Some(40),
        faults: FaultProfile::Hostile,
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .await;
    let m = server.manifest().clone();
    let mut seen = Vec::new();
    for c in &m.communes {
        for ds in &c.datasets {
            for d in ds.distributions.iter().filter(|d| d.fault.is_some()) {
                let fault = d.fault.clone().unwrap();
                // Linked from the homepage, as the manifest says.
                let home = fetcher
                    .probe(
                        &Url::parse(ds.landing_page.as_deref().unwrap()).unwrap(),
                        1 << 20,
                    )
                    .await
                    .unwrap();
                assert_eq!(ds.landing_page, c.website, "{}", d.url);
                assert!(
                    String::from_utf8_lossy(&home.body).contains(&d.url),
                    "{} does not link {}",
                    home.url,
                    d.url
                );
                // Endless, or inflating far past the cap: only a prefix is read.
                let p = fetcher
                    .probe(&Url::parse(&d.url).unwrap(), 1 << 20)
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}", d.url));
                assert_eq!(p.status, d.status, "{}", d.url);
                assert!(!p.complete, "{}: read whole", d.url);
                assert_eq!(p.body.len(), 1 << 20, "{}", d.url);
                assert_eq!(p.content_type, d.content_type, "{}", d.url);
                assert_eq!(p.last_modified, d.last_modified, "{}", d.url);
                assert_eq!(ds.modified, None, "{}", d.url);
                assert_eq!(ds.licence, None, "{}: the homepage states none", d.url);
                judged_as_the_manifest_says(
                    &p.body,
                    false,
                    &d.file_name,
                    p.content_type.as_deref(),
                    d,
                );
                assert!(
                    m.faults
                        .iter()
                        .any(|f| f.fault == fault && f.url.as_deref() == Some(d.url.as_str()))
                );
                seen.push(fault);
            }
        }
    }
    // Every such fault on a live commune site shows as a file of that commune.
    let live: Vec<&str> = m
        .communes
        .iter()
        .filter(|c| c.website_reachable)
        .filter_map(|c| c.website.as_deref())
        .collect();
    let expected = m
        .faults
        .iter()
        .filter(|f| matches!(f.fault.as_str(), "endless_body" | "gzip_bomb"))
        .filter(|f| live.iter().any(|w| w.contains(&format!("//{}:", f.host))))
        .count();
    assert_eq!(seen.len(), expected, "{seen:?}");
    assert!(seen.iter().any(|f| f == "endless_body"), "{seen:?}");
    assert!(seen.iter().any(|f| f == "gzip_bomb"), "{seen:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imio_listings_page_by_twenty_and_robots_default_to_120() {
    let (server, fetcher) = served(Config {
        seed: 2,
        communes: Some(40),
        ..Config::default()
    })
    .await;
    let robots = fetcher
        .probe(&server.url("static.imio.be", "/robots.txt"), 1 << 16)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&robots.body).contains("User-agent: *\nCrawl-delay: 120\n"));
    let c = server
        .manifest()
        .communes
        .iter()
        .find(|c| {
            c.site_kind == Some(SiteKind::Imio)
                && c.website_reachable
                && c.decoys
                    .iter()
                    .filter(|d| d.kind == "council_minutes")
                    .count()
                    > 20
        })
        .expect("an iMio commune with more than 20 minutes")
        .clone();
    let first_minutes = c
        .decoys
        .iter()
        .find(|d| d.kind == "council_minutes")
        .unwrap();
    let listing = first_minutes.url.rsplit_once('/').unwrap().0.to_owned();
    let page1 = fetcher
        .probe(&Url::parse(&listing).unwrap(), 1 << 20)
        .await
        .unwrap();
    let html = String::from_utf8_lossy(&page1.body);
    assert_eq!(html.matches(".pdf/view\"").count(), 20);
    assert!(html.contains("?b_start=20"));
    assert!(html.contains("<meta name=\"generator\" content=\"Plone"));
    let all = fetcher
        .probe(
            &Url::parse(&format!("{listing}/@@folder_listing")).unwrap(),
            1 << 20,
        )
        .await
        .unwrap();
    let n = c
        .decoys
        .iter()
        .filter(|d| d.kind == "council_minutes")
        .count();
    assert_eq!(
        String::from_utf8_lossy(&all.body)
            .matches(".pdf/view\"")
            .count(),
        n
    );
    let dl = fetcher
        .probe(
            &Url::parse(&format!("{}/@@download/file", first_minutes.url)).unwrap(),
            1 << 20,
        )
        .await
        .unwrap();
    assert!(dl.body.starts_with(b"%PDF-"));
    assert_eq!(
        dl.disposition_name.as_deref(),
        first_minutes.url.rsplit('/').next()
    );
    server.shutdown().await;
}
