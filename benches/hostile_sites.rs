//! Sixteen hostile commune sites and one innocent one crawled at once on loopback, as in
//! issue 14: each hostile homepage is a 2 MiB page of NUL bytes, a flood of `<`, a
//! gzip bomb inflating to the page cap, or deeply nested `<div>` (when `--nested`), and
//! links to a small page. Printed: the process's peak RSS (server included, its bodies are
//! shared), each crawl's time and errors, and how long the innocent site took, alone and
//! alongside the hostile ones. Run: `cargo bench --bench hostile_sites [-- --nested]`
//! (`--profile dev` for a quick look; debug parsing is ~10x slower).
//!
//! Measured with `--profile dev` on 2 shared cores (issue 14): parsing on the async
//! workers, peak RSS 416.2 MiB and the innocent site 1.39 s alone, 81.65 s alongside
//! (its requests timed out); with `discover::bounded`, 131.2 MiB and 2.72 s.

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use odaudit::discover::website::{CrawlConfig, crawl};
use odaudit::fetch::{FetchConfig, Http, PoliteConfig};
use url::Url;

const MIB: usize = 1024 * 1024;
const HOSTILE: usize = 16;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn app(nested: bool) -> Router {
    let link = "<a href=\"/ok.html\">données ouvertes</a>";
    let nul: &'static [u8] =
        Vec::leak(format!("<html>{link}{}", "\0".repeat(2 * MIB - 64)).into_bytes());
    let lt: &'static [u8] =
        Vec::leak(format!("<html>{link}<p>{}", "<".repeat(2 * MIB - 64)).into_bytes());
    let deep: &'static [u8] =
        Vec::leak(format!("<html>{link}{}", "<div>".repeat((2 * MIB - 64) / 5)).into_bytes());
    let bomb: &'static [u8] = Vec::leak(gzip(
        format!("<html>{link}{}", "\0".repeat(2 * MIB - 64)).as_bytes(),
    ));
    fn html() -> [(header::HeaderName, &'static str); 1] {
        [(header::CONTENT_TYPE, "text/html")]
    }
    Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route(
            "/0",
            get(move || async move { (html(), nul).into_response() }),
        )
        .route(
            "/1",
            get(move || async move { (html(), lt).into_response() }),
        )
        .route(
            "/2",
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/html"),
                        (header::CONTENT_ENCODING, "gzip"),
                    ],
                    bomb,
                )
                    .into_response()
            }),
        )
        .route(
            "/3",
            get(move || async move {
                let body: &'static [u8] = if nested { deep } else { nul };
                (html(), body).into_response()
            }),
        )
        .route(
            "/",
            get(|| async {
                let links: String = (0..20)
                    .map(|i| {
                        format!("<li><a href=\"/p{i}.html\">page {i} données ouvertes</a></li>")
                    })
                    .collect();
                (
                    [(header::CONTENT_TYPE, "text/html")],
                    format!("<html><title>Calme</title><ul>{links}</ul></html>"),
                )
            }),
        )
        .route(
            "/{page}",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html")],
                    "<html><title>ok</title><a href=\"/data.csv\">data.csv</a></html>",
                )
            }),
        )
        .route("/data.csv", get(|| async { "a,b\n1,2\n" }))
}

async fn innocent(http: &Http, port: u16, config: &CrawlConfig) -> Duration {
    let started = Instant::now();
    let home: Url = format!("http://calm.test:{port}/").parse().unwrap();
    let report = crawl(http, &home, None, config).await;
    assert!(report.pages > 1, "{:?}", report.status);
    started.elapsed()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let nested = std::env::args().any(|a| a == "--nested");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = app(nested);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let mut resolve: Vec<_> = (0..HOSTILE)
        .map(|i| format!("h{i}.test:{port}:127.0.0.1").parse().unwrap())
        .collect();
    resolve.push(format!("calm.test:{port}:127.0.0.1").parse().unwrap());
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve,
            ..FetchConfig::default()
        },
        min_delay: Duration::from_millis(50),
        retries: 0,
        ..PoliteConfig::default()
    })
    .unwrap();
    let config = CrawlConfig::default();
    let alone = innocent(&http, port, &config).await;
    let base = peak_rss_mib();
    let started = Instant::now();
    let hostile = (0..HOSTILE).map(|i| {
        let (http, config) = (http.clone(), config.clone());
        tokio::spawn(async move {
            let home: Url = format!("http://h{i}.test:{port}/{}", i % 4)
                .parse()
                .unwrap();
            let t = Instant::now();
            let report = crawl(&http, &home, None, &config).await;
            (i, t.elapsed(), report.pages, report.errors)
        })
    });
    let hostile: Vec<_> = hostile.collect();
    let together = innocent(&http, port, &config).await;
    for h in hostile {
        let (i, took, pages, errors) = h.await.unwrap();
        println!(
            "h{i:<2} /{} {:>8.2} s  pages {pages}  errors {errors:?}",
            i % 4,
            took.as_secs_f64()
        );
    }
    println!(
        "all crawls {:.2} s; innocent site alone {:.2} s, alongside 16 hostile {:.2} s",
        started.elapsed().as_secs_f64(),
        alone.as_secs_f64(),
        together.as_secs_f64()
    );
    println!(
        "peak RSS {:.1} MiB (before the hostile crawls: {base:.1} MiB)",
        peak_rss_mib()
    );
}
