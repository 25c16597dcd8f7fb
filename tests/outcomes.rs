//! Whose fault a failure is, end to end: a host that asks us to wait, a robots.txt that
//! throttles, a link redirected to a dead host, and a run where nothing answers at all.
//! Each runs the `odaudit` binary against a small server on loopback (one server, one
//! site per `Host` name), and reads what the run wrote.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode, Uri};
use common::{assert_exit, read_csv, run_folder};

/// One request the server saw: (host name, path).
type Log = Arc<Mutex<Vec<(String, String)>>>;

/// Serve the test sites on loopback in a thread of their own; the port and the log.
fn serve() -> (u16, Log) {
    let log: Log = Arc::default();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = log.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = axum::Router::new().fallback(move |headers: HeaderMap, uri: Uri| {
                let seen = seen.clone();
                async move {
                    let host = headers
                        .get("host")
                        .and_then(|h| h.to_str().ok())
                        .unwrap_or("")
                        .split(':')
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    seen.lock()
                        .unwrap()
                        .push((host.clone(), uri.path().to_owned()));
                    answer(&host, uri.path())
                }
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    (port, log)
}

const ALLOW_ALL: &str = "User-agent: *\nAllow: /\n";

/// A homepage linking two CSV files from an open-data page.
fn home(files: &[&str]) -> String {
    let links: String = files
        .iter()
        .map(|f| format!("<li><a href=\"{f}\">{f}</a></li>"))
        .collect();
    format!(
        "<!doctype html><html><head><title>Commune</title></head><body><h1>Données ouvertes</h1><p>Open data de la commune.</p><ul>{links}</ul></body></html>"
    )
}

fn response(status: u16, headers: &[(&str, &str)], body: String) -> Response<Body> {
    let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body)).unwrap()
}

/// What each test site answers.
fn answer(host: &str, path: &str) -> Response<Body> {
    let html = [("content-type", "text/html; charset=utf-8")];
    let wait = [("retry-after", "3600")];
    match (host, path) {
        (_, "/robots.txt") if host.starts_with("robots429") => response(429, &wait, String::new()),
        (_, "/robots.txt") => response(200, &[], ALLOW_ALL.into()),
        (_, "/") if host.starts_with("throttle") => response(
            200,
            &html,
            home(&["/opendata/budget-2024.csv", "/opendata/population.csv"]),
        ),
        (_, p) if host.starts_with("throttle") && p.starts_with("/opendata/") => {
            response(429, &wait, "slow down".into())
        }
        (_, "/") if host.starts_with("robots429") => {
            response(200, &html, home(&["/opendata/budget-2024.csv"]))
        }
        (_, "/") if host.starts_with("redirect") => response(
            200,
            &html,
            home(&[
                "/opendata/gone.csv",
                "/opendata/private.csv",
                "/opendata/fine.csv",
            ]),
        ),
        (_, "/opendata/gone.csv") => response(
            302,
            &[("location", "http://dead.test:9/gone.csv")],
            String::new(),
        ),
        (_, "/opendata/private.csv") => response(
            302,
            &[("location", "http://10.255.255.1/private.csv")],
            String::new(),
        ),
        (_, "/opendata/fine.csv") => response(
            200,
            &[("content-type", "text/csv")],
            "annee,montant\n2024,12\n2023,11\n".into(),
        ),
        _ => response(404, &html, "<html><title>Introuvable</title></html>".into()),
    }
}

/// Inputs for `communes` = (nis, name, host) served on `port`, each declaring open data
/// on its website; `portals` rows as given.
fn inputs(dir: &Path, port: u16, communes: &[(&str, &str, &str)], portals: &[String]) {
    let mut targets =
        String::from("nis_code,name,province,population,website,own_portal,aliases\n");
    let mut declared = String::from(
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n",
    );
    let mut resolve = String::new();
    for (nis, name, host) in communes {
        targets.push_str(&format!(
            "{nis},{name},Namur,5000,http://{host}:{port}/,,\n"
        ));
        declared.push_str(&format!(
            "{nis},2020,oui,site_web,structure_ouvert,,site_web,\n"
        ));
        resolve.push_str(&format!("{host}:{port}:127.0.0.1\n"));
    }
    // The dead host: a loopback port nobody listens on (9, discard, is closed here).
    resolve.push_str("dead.test:9:127.0.0.1\n");
    let mut portal_rows = String::from("id,kind,url,name\n");
    for p in portals {
        portal_rows.push_str(p);
        portal_rows.push('\n');
    }
    std::fs::write(dir.join("wallonia.csv"), targets).unwrap();
    std::fs::write(dir.join("declarations-2020.csv"), declared).unwrap();
    std::fs::write(dir.join("resolve"), resolve).unwrap();
    std::fs::write(dir.join("portals.csv"), portal_rows).unwrap();
}

fn audit(dir: &Path, out: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .arg("audit")
        .arg("--targets")
        .arg(dir.join("wallonia.csv"))
        .arg("--portals")
        .arg(dir.join("portals.csv"))
        .arg("--declarations")
        .arg(dir.join("declarations-2020.csv"))
        .arg("--resolve-file")
        .arg(dir.join("resolve"))
        .arg("--out")
        .arg(dir.join(out))
        .args(["--min-delay", "0", "--timeout", "5", "-q"])
        .output()
        .unwrap()
}

/// The rows of a CSV as header-name → value maps.
fn rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let (bytes, _) = read_csv(path);
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn a_host_that_asks_to_wait_is_left_alone_and_blamed_for_nothing() {
    let (port, log) = serve();
    let dir = tempfile::tempdir().unwrap();
    inputs(
        dir.path(),
        port,
        &[
            ("92001", "Throttle", "throttle.test"),
            ("92002", "Robots", "robots429.test"),
            ("92003", "Redirect", "redirect.test"),
        ],
        &[],
    );
    let out = audit(dir.path(), "reports");
    assert_exit(&out, 0);
    let run = run_folder(&dir.path().join("reports"));
    let datasets = rows(&run.join("datasets.csv"));
    let findings = rows(&run.join("findings.csv"));
    let communes = rows(&run.join("communes.csv"));
    let log = log.lock().unwrap().clone();

    // 1. Files answering 429 Retry-After: 3600: not verifiable, no accusation, and
    // nothing more asked of the host after the first 429.
    let throttled: Vec<_> = datasets
        .iter()
        .filter(|d| d["nis_code"] == "92001")
        .collect();
    assert_eq!(throttled.len(), 2, "{datasets:#?}");
    for d in &throttled {
        assert_eq!(d["outcome"], "not_verifiable", "{d:?}");
        assert!(d["outcome_reason"].starts_with("throttled"), "{d:?}");
    }
    let blamed = |nis: &str| {
        findings
            .iter()
            .filter(|f| f["nis_code"] == nis && f["severity"] != "info")
            .map(|f| f["code"].clone())
            .collect::<Vec<_>>()
    };
    assert!(blamed("92001").is_empty(), "{findings:#?}");
    let to_throttle: Vec<&str> = log
        .iter()
        .filter(|(h, _)| h == "throttle.test")
        .map(|(_, p)| p.as_str())
        .collect();
    let first_429 = to_throttle
        .iter()
        .position(|p| p.starts_with("/opendata/"))
        .expect("a file was asked for");
    assert_eq!(
        to_throttle.len(),
        first_429 + 1,
        "requests after the 429: {to_throttle:?}"
    );

    // 2. robots.txt answering 429: the site is closed, not crawled, and not blamed.
    let robots: Vec<&str> = log
        .iter()
        .filter(|(h, _)| h == "robots429.test")
        .map(|(_, p)| p.as_str())
        .collect();
    assert!(robots.iter().all(|p| *p == "/robots.txt"), "{robots:?}");
    let site = communes.iter().find(|c| c["nis_code"] == "92002").unwrap();
    assert_eq!(site["website_status"], "closed", "{site:?}");
    assert!(blamed("92002").is_empty(), "{findings:#?}");

    // 3. A link redirected to a dead host keeps its row, broken, beside the good one.
    let redirected: Vec<_> = datasets
        .iter()
        .filter(|d| d["nis_code"] == "92003")
        .collect();
    let gone = redirected
        .iter()
        .find(|d| d["url"].ends_with("/opendata/gone.csv"))
        .unwrap_or_else(|| panic!("the redirected link vanished: {redirected:#?}"));
    assert_eq!(gone["outcome"], "broken", "{gone:?}");
    assert_eq!(gone["outcome_reason"], "connection_refused", "{gone:?}");
    // One redirected to an address our guard refuses: kept, not verifiable.
    let private = redirected
        .iter()
        .find(|d| d["url"].ends_with("/opendata/private.csv"))
        .unwrap_or_else(|| panic!("the redirected link vanished: {redirected:#?}"));
    assert_eq!(private["outcome"], "not_verifiable", "{private:?}");
    assert_eq!(private["outcome_reason"], "address_guard", "{private:?}");
    assert!(
        redirected
            .iter()
            .any(|d| d["url"].ends_with("/opendata/fine.csv") && d["outcome"] == "ok"),
        "{redirected:#?}"
    );
}

#[test]
fn a_run_where_nothing_answers_is_invalid_and_never_compared_with() {
    let (port, _log) = serve();
    let dir = tempfile::tempdir().unwrap();
    // A valid run first, into the same history.
    inputs(
        dir.path(),
        port,
        &[("92003", "Redirect", "redirect.test")],
        &[],
    );
    assert_exit(&audit(dir.path(), "reports"), 0);
    // Then the auditor's network "goes down": every site and the portal refuse.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let communes: Vec<(String, String, String)> = (1..=5)
        .map(|i| (format!("9201{i}"), format!("C{i}"), format!("down{i}.test")))
        .collect();
    let refs: Vec<(&str, &str, &str)> = communes
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    inputs(
        dir.path(),
        closed,
        &refs,
        &[format!(
            "odwb,opendatasoft,http://portal.test:{closed}/,ODWB"
        )],
    );
    let mut resolve = std::fs::read_to_string(dir.path().join("resolve")).unwrap();
    resolve.push_str(&format!("portal.test:{closed}:127.0.0.1\n"));
    std::fs::write(dir.path().join("resolve"), resolve).unwrap();
    let out = audit(dir.path(), "reports");
    assert_exit(&out, 4);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("run invalid"), "{stderr}");
    // run.json says so too.
    let runs = common::run_folders(&dir.path().join("reports"));
    let last = runs.last().unwrap();
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(last.join("run.json")).unwrap()).unwrap();
    assert!(info["invalid"].is_string(), "{info}");
    // diff sees one valid run only: nothing "vanished".
    let diff = std::process::Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .arg("diff")
        .arg("--store")
        .arg(dir.path().join("reports/odaudit.sqlite"))
        .output()
        .unwrap();
    assert_exit(&diff, 2);
    assert!(
        String::from_utf8_lossy(&diff.stderr).contains("fewer than two"),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
}

/// A raw server answering every connection with `reply`; the connections it accepted.
fn raw_server(reply: Vec<u8>) -> (u16, Arc<Mutex<usize>>) {
    use std::io::{Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count: Arc<Mutex<usize>> = Arc::default();
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            *seen.lock().unwrap() += 1;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&reply);
        }
    });
    (port, count)
}

fn client(retries: u32, resolve: Vec<odaudit::fetch::ResolveRule>) -> odaudit::fetch::Http {
    use std::time::Duration;
    odaudit::fetch::Http::new(odaudit::fetch::PoliteConfig {
        fetch: odaudit::fetch::FetchConfig {
            resolve,
            total_timeout: Duration::from_secs(5),
            ..odaudit::fetch::FetchConfig::default()
        },
        min_delay: Duration::ZERO,
        retries,
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(20),
        ..odaudit::fetch::PoliteConfig::default()
    })
    .unwrap()
}

#[tokio::test]
async fn errors_that_cannot_change_are_asked_once() {
    use odaudit::fetch::{FetchError, Outcome, Request, Unverifiable};
    // A response header of 1 MiB: refused by the client, and not asked again.
    let mut reply = b"HTTP/1.1 200 OK\r\nX-Big: ".to_vec();
    reply.extend(std::iter::repeat_n(b'a', 1 << 20));
    reply.extend(b"\r\nContent-Length: 0\r\n\r\n");
    let (port, connections) = raw_server(reply);
    let rule = format!("big.test:{port}:127.0.0.1").parse().unwrap();
    let http = client(3, vec![rule]);
    // robots.txt meets the same header: the host's failure is the reason given.
    let url = format!("http://big.test:{port}/data.csv").parse().unwrap();
    let err = http.get(&url, &Request::page(1024)).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge(_)), "{err:?}");
    assert_eq!(
        err.outcome(),
        Outcome::NotVerifiable(Unverifiable::TooLarge)
    );
    assert_eq!(
        *connections.lock().unwrap(),
        1,
        "retried a header too large"
    );

    // A name that resolves only to a private address: refused by the guard at DNS
    // time, never connected to, and not retried.
    let (port, connections) = raw_server(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".to_vec());
    let http = client(3, Vec::new());
    let url = format!("http://localhost:{port}/data.csv").parse().unwrap();
    let err = http.get(&url, &Request::page(1024)).await.unwrap_err();
    assert!(matches!(err, FetchError::Refused(_)), "{err:?}");
    assert_eq!(
        err.outcome(),
        Outcome::NotVerifiable(Unverifiable::AddressGuard)
    );
    assert_eq!(*connections.lock().unwrap(), 0);
    let robots_tries: u64 = http.host_stats().iter().map(|h| h.requests).sum();
    assert_eq!(robots_tries, 1, "{:?}", http.host_stats());
}
