//! HTTP semantics of the simulated web (validators, 304, ranges) and the hostile faults,
//! with odaudit's client caps holding against them.

#[path = "common/convert.rs"]
mod convert;

use std::time::{Duration, Instant};

use odaudit::fetch::{FetchConfig, FetchError, Fetcher};
use odaudit_sim::{self as sim, Config, FaultProfile, World};
use reqwest::header;
use url::Url;

fn client(server: &sim::Server) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut b = reqwest::Client::builder()
        .no_proxy()
        .no_gzip()
        .redirect(reqwest::redirect::Policy::none());
    for r in convert::resolve(server) {
        b = b.resolve(&r.host, std::net::SocketAddr::new(r.addr, r.port));
    }
    b.build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validators_conditional_requests_and_ranges() {
    let world = World::generate(&Config {
        seed: 8,
        communes: Some(20),
        ..Config::default()
    })
    .unwrap();
    let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
    let http = client(&server);
    let (_, d) = server
        .manifest()
        .distributions()
        .find(|(_, d)| !d.broken && d.url.contains("/exports/csv"))
        .unwrap();
    let url = d.url.clone();
    let full = http.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    let etag = full.headers()[header::ETAG].to_str().unwrap().to_owned();
    let lm = full.headers()[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(Some(&lm), d.last_modified.as_ref());
    let body = full.bytes().await.unwrap();
    assert!(body.len() > 100);

    let r = http
        .get(&url)
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert!(r.bytes().await.unwrap().is_empty());
    let r = http
        .get(&url)
        .header(header::IF_NONE_MATCH, "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(&url)
        .header(header::IF_MODIFIED_SINCE, &lm)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = http
        .get(&url)
        .header(header::IF_MODIFIED_SINCE, "Mon, 01 Jan 2001 00:00:00 GMT")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = http
        .get(&url)
        .header(header::RANGE, "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(
        r.headers()[header::CONTENT_RANGE].to_str().unwrap(),
        format!("bytes 10-19/{}", body.len())
    );
    assert_eq!(r.bytes().await.unwrap(), body.slice(10..20));
    let r = http
        .get(&url)
        .header(header::RANGE, format!("bytes={}-", body.len() + 5))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 416);

    // Unknown host: 404; soft 404 where the manifest says so.
    let r = http
        .get(format!("http://127.0.0.1:{}/", server.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    for c in server
        .manifest()
        .communes
        .iter()
        .filter(|c| c.website_reachable)
    {
        let site = c.website.as_ref().unwrap();
        let r = http
            .get(format!(
                "{}no-such-page-42",
                site.trim_end_matches("index.php")
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status() == 200, c.soft_404, "{site}");
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_faults_are_served_and_the_client_caps_hold() {
    let world = World::generate(&Config {
        seed: 3,
        communes: Some(30),
        faults: FaultProfile::Hostile,
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .unwrap();
    let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
    let m = server.manifest().clone();
    let fault_url = |name: &str| {
        m.faults
            .iter()
            .find(|f| f.fault == name && f.url.is_some())
            .and_then(|f| f.url.clone())
            .unwrap_or_else(|| panic!("no {name} fault"))
    };
    let fetcher = Fetcher::new(&FetchConfig {
        resolve: convert::resolve(&server),
        read_timeout: Duration::from_secs(1),
        total_timeout: Duration::from_secs(2),
        ..FetchConfig::default()
    })
    .unwrap();
    let cap = 64 * 1024;

    let bomb = fault_url("gzip_bomb");
    let raw = client(&server)
        .get(&bomb)
        .header(header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.headers()[header::CONTENT_ENCODING], "gzip");
    let compressed = raw.bytes().await.unwrap();
    assert!(
        compressed.len() < 2 << 20 && sim::GZIP_BOMB_INFLATED > 200 * compressed.len(),
        "{} bytes",
        compressed.len()
    );
    let mut inflated = 0u64;
    let mut decoder = flate2::read::MultiGzDecoder::new(&compressed[..]);
    let mut buf = vec![0; 1 << 16];
    while let Ok(n) = std::io::Read::read(&mut decoder, &mut buf) {
        if n == 0 {
            break;
        }
        inflated += n as u64;
    }
    assert_eq!(inflated, sim::GZIP_BOMB_INFLATED as u64);
    let p = fetcher
        .probe(&Url::parse(&bomb).unwrap(), cap)
        .await
        .unwrap();
    assert!(p.body.len() <= cap);
    assert!(!p.complete);

    let endless = fault_url("endless_body");
    let started = Instant::now();
    let p = fetcher
        .probe(&Url::parse(&endless).unwrap(), cap)
        .await
        .unwrap();
    assert_eq!(p.body.len(), cap);
    assert!(!p.complete);
    assert!(started.elapsed() < Duration::from_secs(3));

    let hang = fault_url("hang");
    match fetcher.probe(&Url::parse(&hang).unwrap(), cap).await {
        Err(FetchError::Timeout(_)) => {}
        other => panic!("a hanging page must time out, got {other:?}"),
    }
    let looping = fault_url("redirect_loop");
    assert!(matches!(
        fetcher.probe(&Url::parse(&looping).unwrap(), cap).await,
        Err(FetchError::Redirect(_))
    ));

    let reset_host = m
        .faults
        .iter()
        .find(|f| f.fault == "reset")
        .map(|f| f.host.clone())
        .unwrap();
    assert!(
        fetcher
            .probe(&server.url(&reset_host, "/"), cap)
            .await
            .is_err()
    );

    let disallow = m
        .faults
        .iter()
        .find(|f| f.fault == "robots_disallow_all")
        .map(|f| f.host.clone())
        .unwrap();
    let robots = fetcher
        .probe(&server.url(&disallow, "/robots.txt"), cap)
        .await
        .unwrap();
    assert_eq!(robots.body, b"User-agent: *\nDisallow: /\n");

    let non_utf8 = m
        .faults
        .iter()
        .find(|f| f.fault == "non_utf8_html")
        .map(|f| f.host.clone())
        .unwrap();
    let c = m
        .communes
        .iter()
        .find(|c| c.website.as_deref().is_some_and(|w| w.contains(&non_utf8)))
        .unwrap();
    let page = fetcher
        .probe(&Url::parse(c.website.as_ref().unwrap()).unwrap(), 1 << 20)
        .await
        .unwrap();
    let page = if page.status == 302 {
        unreachable!()
    } else {
        page
    };
    assert!(
        std::str::from_utf8(&page.body).is_err(),
        "the page should not be UTF-8"
    );

    let trap = m
        .faults
        .iter()
        .find(|f| f.fault == "spider_trap")
        .map(|f| f.host.clone())
        .unwrap();
    let c = m
        .communes
        .iter()
        .find(|c| c.website.as_deref().is_some_and(|w| w.contains(&trap)))
        .unwrap();
    let home = fetcher
        .probe(&Url::parse(c.website.as_ref().unwrap()).unwrap(), 1 << 20)
        .await
        .unwrap();
    let html = String::from_utf8_lossy(&home.body).into_owned();
    let agenda = html
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.contains("agenda"))
        .unwrap()
        .to_owned();
    let far = fetcher
        .probe(
            &Url::parse(&format!(
                "{}?month=2031-01",
                agenda.split('?').next().unwrap()
            ))
            .unwrap(),
            1 << 20,
        )
        .await
        .unwrap();
    assert!(far.status == 200 || far.status == 206, "{}", far.status);
    assert!(String::from_utf8_lossy(&far.body).contains("month=2031-02"));

    let started = Instant::now();
    server.shutdown().await;
    eprintln!("shutdown took {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(6));
}
