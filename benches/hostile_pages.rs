//! What one hostile page costs to read: time and peak memory of parsing deeply nested
//! HTML, a page of NUL bytes and a flood of `<`, each 2 MiB (the page cap) or as stated.
//! Run: `cargo bench --bench hostile_pages` (or `--profile dev` for a quick look).
//!
//! Each case runs in a child process (this binary again, with `ODAUDIT_BENCH_CASE`), so
//! the peak RSS printed (`VmHWM`) is that one parse's, on top of the process's baseline
//! (printed as `baseline`).

use std::process::Command;
use std::time::Instant;

const MIB: usize = 1024 * 1024;

fn page(case: &str) -> String {
    match case {
        "baseline" => String::from("<html><title>t</title><a href=/x>x</a></html>"),
        "nested-div-10k" => format!("<title>t</title>{}<a href=/x>x</a>", "<div>".repeat(10_000)),
        "nested-div-30k" => format!("<title>t</title>{}<a href=/x>x</a>", "<div>".repeat(30_000)),
        "nested-div-400k" => format!("<title>t</title>{}", "<div>".repeat(400_000)),
        "nul-2MiB" => format!("<a href=/x>x</a>{}", "\0".repeat(2 * MIB)),
        "lt-2MiB" => format!("<p>{}", "<".repeat(2 * MIB)),
        "links-2MiB" => "<li><a href=/x>x</a>".repeat(2 * MIB / 20),
        _ => panic!("unknown case {case}"),
    }
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn run_case(case: &str) {
    let url = url::Url::parse("http://www.example.be/").unwrap();
    let body = page(case);
    let before = peak_rss_mib();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let outcome = runtime.block_on(odaudit::discover::bounded::parse_page(body, url));
    // A parse past its deadline goes on in the background: do not wait for it.
    runtime.shutdown_background();
    let links = match &outcome {
        Ok(p) => p.links.len().to_string(),
        Err(e) => format!("refused ({e})"),
    };
    println!(
        "{case:16} {:>9.1} ms  peak RSS {:>7.1} MiB (input built: {before:.1} MiB)  links {links}",
        started.elapsed().as_secs_f64() * 1000.0,
        peak_rss_mib(),
    );
}

fn main() {
    if let Ok(case) = std::env::var("ODAUDIT_BENCH_CASE") {
        run_case(&case);
        return;
    }
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let cases = [
        "baseline",
        "nested-div-10k",
        "nested-div-30k",
        "nested-div-400k",
        "nul-2MiB",
        "lt-2MiB",
        "links-2MiB",
    ];
    let me = std::env::current_exe().unwrap();
    for case in cases
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| o == *c))
    {
        let out = Command::new(&me)
            .env("ODAUDIT_BENCH_CASE", case)
            .output()
            .unwrap();
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            println!("{case:16} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
