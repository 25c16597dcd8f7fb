//! How heavy the simulated web is: time to generate the 262-commune world, peak RSS
//! after generating it and after serving every manifest URL once, and requests/s.
//!
//! Run: `cargo bench --bench sim`

#[path = "../tests/common/convert.rs"]
mod convert;

use std::time::Instant;

use futures_util::StreamExt;
use odaudit::fetch::{FetchConfig, Fetcher};
use odaudit_sim::{self as sim, Config, World};
use url::Url;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn main() {
    let started = Instant::now();
    let world = World::generate(&Config {
        seed: 1,
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .expect("world");
    let generate = started.elapsed();
    let rss_generated = peak_rss_mib();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (requests, secs, rss_served) = runtime.block_on(async {
        let server = sim::serve(world, "127.0.0.1:0").await.expect("serve");
        let fetcher = Fetcher::new(&FetchConfig {
            resolve: convert::resolve(&server),
            ..FetchConfig::default()
        })
        .expect("client");
        let m = server.manifest();
        let mut urls: Vec<String> = m.distributions().map(|(_, d)| d.url.clone()).collect();
        for c in &m.communes {
            urls.extend(c.website.iter().filter(|_| c.website_reachable).cloned());
            urls.extend(c.decoys.iter().map(|d| d.url.clone()));
            urls.extend(c.datasets.iter().filter_map(|d| d.landing_page.clone()));
        }
        let n = urls.len();
        let t = Instant::now();
        let ok = futures_util::stream::iter(urls)
            .map(|u| {
                let f = &fetcher;
                async move {
                    f.probe(&Url::parse(&u).expect("url"), 8 << 20)
                        .await
                        .is_ok()
                }
            })
            .buffer_unordered(16)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await;
        let secs = t.elapsed().as_secs_f64();
        assert!(ok > n * 9 / 10, "{ok} of {n} answered");
        let rss = peak_rss_mib();
        server.shutdown().await;
        (n, secs, rss)
    });
    println!("| measure (262 communes, seed 1)          | value |");
    println!("|------------------------------------------|-------|");
    println!(
        "| generate world                           | {:.1} ms |",
        generate.as_secs_f64() * 1000.0
    );
    println!("| peak RSS after generating                | {rss_generated:.1} MiB |");
    println!("| URLs served once (files, pages, decoys)  | {requests} |");
    println!("| peak RSS after serving them              | {rss_served:.1} MiB |");
    println!(
        "| requests/s (16 concurrent, same process) | {:.0} |",
        requests as f64 / secs
    );
}
