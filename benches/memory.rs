//! Peak memory of a whole `odaudit audit`, the real binary in a child process, on
//! (a) the simulated 262-commune world (`odaudit simulate`, another child), and
//! (b) one commune whose own OpenDataSoft portal lists 20,000 datasets, served by this
//! bench on loopback (Explore v2.1: 100 pages up to the 10,000 window, then the
//! `catalog/exports/json` export, one `exports` list per dataset and its files).
//!
//! Printed for each: the child's peak RSS (`VmHWM` of `/proc/PID/status`, polled while it
//! runs), wall time, and what the audit wrote. Issue 15's targets: ≤ 150 MB for (a),
//! ≤ 300 MB for (b). Politeness delays are cut to zero (`--min-delay 0`, the world's
//! Crawl-delay 0), as in the other benches, so only the work is measured.
//!
//! Run: `cargo bench --bench memory [-- world|portal] [-- --datasets N] [-- --formats N]
//! [-- --runs N]` (the portal is audited `--runs` times, 2 by default, on one history: the
//! second run is the monthly one, with ETags sent back and last verdicts read)
//! (`--profile dev` for a quick look: the debug binary's heap is the same data, its
//! speed is not).
//!
//! Measured with `--profile dev` on 2 shared cores (2026-12-03, issue 15): (a) 58.4 MiB,
//! 62 s; (b) 495 MiB, 527–618 s, over the 300 MB target. In (b) the RSS is ~195 MiB once
//! the catalogue is harvested, ~330 MiB once the 40,000 probes are under way, and peaks
//! after the crawl, when the one commune's audit is rated, saved and read back.
//!
//! Release build, later that day (`cargo bench --bench memory -- portal`), run 1 / run 2:
//! - the audit saved as one JSON string (which SQLite copied again): 315–318 MiB / —;
//! - the findings dropped before the save, the JSON streamed in and out of SQLite as a
//!   blob: 262.6–264.3 MiB / 294.3 MiB;
//! - the last verdicts read when needed, not all at the start: 263.7 / 304.5 MiB (no
//!   gain here: the second run's peak is while its reports are written);
//! - the page cache saved and dropped before the reports, each HTML page rendered
//!   straight into its file: 210.7 / 254.9 MiB, 134 s each.
//!
//! RSS sampled every 0.1 s: ~80 MiB through the crawl (~95 in run 2, which holds the
//! last run's pages), ~185 while the audit is saved, the peak while the reports load the
//! run (and, in run 2, the run before) back and render them.

#[path = "common/wait.rs"]
mod wait;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

const ODAUDIT: &str = env!("CARGO_BIN_EXE_odaudit");
const MB: f64 = 1024.0 * 1024.0;

/// A child killed and reaped when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The peak resident set of process `pid` so far, in bytes (`VmHWM`).
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// What one audit cost.
struct Measured {
    peak: u64,
    wall: Duration,
    exit: Option<i32>,
}

/// Run `command` to its end, polling its peak RSS every 20 ms.
fn measure(mut command: Command) -> Measured {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start odaudit audit");
    let pid = child.id();
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut peak = 0;
    let status = loop {
        if let Some(p) = peak_rss(pid) {
            peak = peak.max(p);
        }
        if let Some(status) = child.try_wait().expect("wait for odaudit") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let errors = errors.join().unwrap_or_default();
    if !errors.trim().is_empty() {
        eprintln!("{}", tail(&errors, 15));
    }
    Measured {
        peak,
        wall: started.elapsed(),
        exit: status.code(),
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// `odaudit audit` unpaced, quiet, on the inputs in `d`, writing under `d/reports`.
fn audit(d: &Path) -> Command {
    let mut c = Command::new(ODAUDIT);
    c.arg("audit")
        .arg("--targets")
        .arg(d.join("wallonia.csv"))
        .arg("--portals")
        .arg(d.join("portals.csv"))
        .arg("--declarations")
        .arg(d.join("declarations-2020.csv"))
        .arg("--resolve-file")
        .arg(d.join("resolve"))
        .arg("--out")
        .arg(d.join("reports"))
        .args(["--min-delay", "0", "-q"]);
    c
}

/// Lines of the CSV files the run wrote (header excluded).
fn written(d: &Path) -> String {
    let run = std::fs::read_dir(d.join("reports"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("datasets.csv").exists())
        .max();
    let Some(run) = run else {
        return "no report folder".to_owned();
    };
    let rows = |f: &str| {
        std::fs::read_to_string(run.join(f))
            .map(|t| t.lines().count().saturating_sub(1))
            .unwrap_or(0)
    };
    format!(
        "{} communes, {} distributions, {} findings",
        rows("communes.csv"),
        rows("datasets.csv"),
        rows("findings.csv")
    )
}

fn report(what: &str, target_mb: f64, m: &Measured, d: &Path) {
    let peak = m.peak as f64 / MB;
    println!(
        "{what}: peak RSS {peak:.1} MiB (target ≤ {target_mb:.0} MB: {}), {:.1} s, exit {:?}; {}",
        if m.peak as f64 <= target_mb * 1e6 {
            "met"
        } else {
            "NOT met"
        },
        m.wall.as_secs_f64(),
        m.exit,
        written(d)
    );
}

/// (a) The simulated 262-commune world, served by `odaudit simulate`.
fn world() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let _sim = Killed(
        Command::new(ODAUDIT)
            .args(["simulate", "--seed", "1", "--crawl-delay", "0", "-q"])
            .arg("--write-inputs")
            .arg(d)
            .arg("--resolve-file")
            .arg(d.join("resolve"))
            .arg("--manifest")
            .arg(d.join("manifest.json"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start odaudit simulate"),
    );
    wait::for_files(d, &["manifest.json", "resolve", "declarations-2020.csv"]);
    let m = measure(audit(d));
    report("262-commune simulated world", 150.0, &m, d);
}

/// One dataset object of the Explore v2.1 listing.
fn dataset_object(i: usize) -> serde_json::Value {
    serde_json::json!({
        "dataset_id": format!("jeu-{i:05}"),
        "has_records": true,
        "features": ["analyze", "timeserie"],
        "fields": [
            {"name": "date", "type": "date"},
            {"name": "valeur", "type": "double"},
            {"name": "commentaire", "type": "text"}
        ],
        "attachments": [],
        "metas": {
            "default": {
                "title": format!("Jeu de données n° {i} — relevés communaux"),
                "description": "<p>Relevés publiés par le service communal, mis à jour chaque mois.</p>",
                "publisher": "Ville de Namur",
                "license": "CC BY 4.0",
                "license_url": "https://creativecommons.org/licenses/by/4.0/",
                "modified": "2026-10-01T08:00:00+00:00",
                "data_processed": "2026-10-01T08:00:00+00:00",
                "metadata_processed": "2026-10-02T08:00:00+00:00",
                "keyword": ["commune", "relevés", format!("thème {}", i % 40)],
                "theme": ["Administration"],
                "records_count": 120
            },
            "dcat": {"accrualperiodicity": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"}
        }
    })
}

/// The generated portal: every dataset object, serialised once.
struct Catalogue {
    /// `http://data.bench.test:PORT/`.
    base: String,
    objects: Vec<serde_json::Value>,
    export_json: Vec<u8>,
    formats: Vec<&'static str>,
}

#[derive(serde::Deserialize)]
struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn listing(State(c): State<Arc<Catalogue>>, Query(p): Query<Page>) -> impl IntoResponse {
    let limit = p.limit.unwrap_or(10).min(100);
    let offset = p.offset.unwrap_or(0);
    if offset + limit > 10_000 {
        return (
            axum::http::StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"error_code":"InvalidRESTParameterError","message":"offset + limit > 10000"}"#
                .to_owned(),
        );
    }
    let results: Vec<&serde_json::Value> = c.objects.iter().skip(offset).take(limit).collect();
    let body = serde_json::json!({"total_count": c.objects.len(), "results": results});
    (
        axum::http::StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
}

async fn exports(
    State(c): State<Arc<Catalogue>>,
    UrlPath(id): UrlPath<String>,
) -> impl IntoResponse {
    let url = |f: &str| {
        format!(
            "{}api/explore/v2.1/catalog/datasets/{id}/exports/{f}",
            c.base
        )
    };
    let mut links = vec![serde_json::json!({"rel": "self", "href": url("")})];
    links.extend(
        c.formats
            .iter()
            .map(|f| serde_json::json!({"rel": f, "href": url(f)})),
    );
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::json!({ "links": links }).to_string(),
    )
}

/// An export with an ETag, as OpenDataSoft serves them; 304 when the client has it.
async fn export_file(
    UrlPath((id, format)): UrlPath<(String, String)>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let etag = format!("\"{id}-{format}-1\"");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (axum::http::StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let rows = (0..40).map(|r| format!("2026-{:02}-01;{r}.5;relevé {id}", r % 12 + 1));
    let (kind, body) = match format.as_str() {
        "json" => (
            "application/json",
            format!(
                "[{}]",
                (0..40)
                    .map(|r| format!(r#"{{"date":"2026-{:02}-01","valeur":{r}.5}}"#, r % 12 + 1))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        _ => (
            "text/csv; charset=utf-8",
            std::iter::once("date;valeur;commentaire".to_owned())
                .chain(rows)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::ETAG, etag),
        ],
        body,
    )
        .into_response()
}

/// Serve `datasets` datasets with `formats` exports each on a free loopback port; the
/// port.
fn serve_portal(datasets: usize, formats: usize) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let objects: Vec<serde_json::Value> = (0..datasets).map(dataset_object).collect();
    let export_json = serde_json::to_vec(&objects).unwrap();
    let catalogue = Arc::new(Catalogue {
        base: format!("http://data.bench.test:{port}/"),
        objects,
        export_json,
        formats: ["csv", "json", "xlsx", "geojson", "parquet"][..formats.clamp(1, 5)].to_vec(),
    });
    let app = Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route(
            "/",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    "<html><head><title>Ville de Namur</title></head><body><h1>Bienvenue</h1>\
                     <a href=\"/contact\">Contact</a></body></html>",
                )
            }),
        )
        .route("/api/explore/v2.1/catalog/datasets", get(listing))
        .route(
            "/api/explore/v2.1/catalog/exports/json",
            get(|State(c): State<Arc<Catalogue>>| async move {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    c.export_json.clone(),
                )
            }),
        )
        .route(
            "/api/explore/v2.1/catalog/datasets/{id}/exports",
            get(exports),
        )
        .route(
            "/api/explore/v2.1/catalog/datasets/{id}/exports/{format}",
            get(export_file),
        )
        .with_state(catalogue);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    port
}

/// (b) One commune whose own ODS portal lists `datasets` datasets.
fn portal(datasets: usize, formats: usize, runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let port = serve_portal(datasets, formats);
    let write = |name: &str, text: String| {
        let mut f = std::fs::File::create(d.join(name)).unwrap();
        f.write_all(text.as_bytes()).unwrap();
    };
    write(
        "wallonia.csv",
        format!(
            "nis_code,name,province,population,website,own_portal,aliases\n\
             92094,Namur,Namur,113000,http://www.bench.test:{port}/,http://data.bench.test:{port}/,\n"
        ),
    );
    write("portals.csv", "id,kind,url,name\n".to_owned());
    write(
        "declarations-2020.csv",
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n"
            .to_owned(),
    );
    write(
        "resolve",
        format!("www.bench.test:{port}:127.0.0.1\ndata.bench.test:{port}:127.0.0.1\n"),
    );
    // The second run and after: the history of the first (ETags sent back, 304s
    // answered, last verdicts read), as a monthly cron job runs it.
    for run in 1..=runs {
        let m = measure(audit(d));
        report(
            &format!(
                "own ODS portal of {datasets} datasets × {formats} exports, run {run} of {runs}"
            ),
            300.0,
            &m,
            d,
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let only = |what: &str| {
        !args.iter().any(|a| a == "world" || a == "portal") || args.iter().any(|a| a == what)
    };
    println!("odaudit: {}", PathBuf::from(ODAUDIT).display());
    if only("world") {
        world();
    }
    if only("portal") {
        portal(
            value("--datasets", 20_000),
            value("--formats", 2),
            value("--runs", 2),
        );
    }
}
