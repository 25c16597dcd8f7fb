//! `odaudit classify` as a user runs it: files and URLs in, JSON lines or a table out,
//! exit codes as documented. URLs are served by a server this test starts on 127.0.0.1.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Output};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use serde_json::Value;

fn odaudit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args(args)
        .output()
        .expect("run odaudit")
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn files_give_one_json_line_each() {
    let csv = fixture("py/communes_pointvirgule_cp1252.csv");
    let xls = fixture("mislabel/communes.xls");
    let out = odaudit(&["classify", "--output", "jsonl", &csv, &xls]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["input"], csv.as_str());
    assert_eq!(got[0]["format"], "CSV");
    assert_eq!(got[0]["container"], Value::Null);
    assert_eq!(got[0]["stars"], 3);
    assert_eq!(got[0]["machine_readable"], true);
    assert_eq!(got[0]["non_proprietary"], true);
    assert_eq!(got[0]["encoding"], "windows-1252");
    assert_eq!(got[0]["delimiter"], ";");
    assert_eq!(got[0]["mismatch"], false);
    assert_eq!(got[0]["truncated"], false);
    assert!(got[0]["bytes_read"].as_u64().unwrap() > 0);
    assert!(!got[0]["reasons"].as_array().unwrap().is_empty());
    // A CSV named .xls: the name's claim is kept as evidence and contradicted.
    assert_eq!(got[1]["format"], "CSV");
    assert_eq!(got[1]["declared"]["name"]["format"], "XLS");
    assert_eq!(got[1]["mismatch"], true);
}

#[test]
fn unreadable_inputs_are_reported_and_exit_1() {
    let csv = fixture("py/communes_tab.tsv");
    let out = odaudit(&[
        "classify",
        "--output",
        "jsonl",
        "/nonexistent/budget.csv",
        &csv,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert!(
        got[0]["error"]
            .as_str()
            .unwrap()
            .contains("/nonexistent/budget.csv")
    );
    assert_eq!(got[1]["format"], "TSV", "later inputs are still classified");
}

#[test]
fn bad_flags_exit_2() {
    let out = odaudit(&["classify", "--max-bytes", "lots", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lots"));
    assert_eq!(odaudit(&["classify"]).status.code(), Some(2));
    assert_eq!(
        odaudit(&["classify", "--resolve", "nohost", "http://x.be/"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_table_is_for_people() {
    let out = odaudit(&[
        "classify",
        "--output",
        "table",
        &fixture("rdf/communes_lie.ttl"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("INPUT"), "{text}");
    assert!(
        text.contains("RDF_TURTLE") && text.contains("★★★★★"),
        "{text}"
    );
}

#[test]
fn a_prefix_cap_is_honoured_for_files() {
    let big = fixture("lo/impress/budget_presentation.ppt");
    let out = odaudit(&["classify", "--max-bytes", "4k", &big]);
    let got = lines(&out);
    assert_eq!(got[0]["bytes_read"], 4096);
    assert_eq!(got[0]["truncated"], true);
}

/// A tiny commune file server: mislabelled files, Range support, an endless body.
async fn serve() -> SocketAddr {
    let xlsx = std::fs::read(fixture("lo/calc/communes.xlsx")).unwrap();
    let big: Vec<u8> = std::iter::once("id;valeur\n".to_owned())
        .chain((0..200_000).map(|i| format!("{i};{}\n", i * 7)))
        .collect::<String>()
        .into_bytes();
    let app = Router::new()
        .route(
            "/budget.csv",
            get(move || {
                let body = xlsx.clone();
                async move { ([(header::CONTENT_TYPE, "text/csv")], body) }
            }),
        )
        .route(
            "/big.csv",
            get(move |headers: HeaderMap| {
                let big = big.clone();
                async move { ranged(&headers, big) }
            }),
        )
        .route(
            "/endless.csv",
            get(|| async {
                let chunks = futures_util::stream::repeat_with(|| {
                    Ok::<_, Infallible>(Bytes::from_static(b"1;2;3\n4;5;6\n"))
                });
                (
                    [(header::CONTENT_TYPE, "text/csv")],
                    Body::from_stream(chunks),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn ranged(headers: &HeaderMap, body: Vec<u8>) -> Response {
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes=0-"))
        .and_then(|v| v.parse::<usize>().ok());
    match range {
        Some(last) if last + 1 < body.len() => {
            let total = body.len();
            (
                StatusCode::PARTIAL_CONTENT,
                [(header::CONTENT_RANGE, format!("bytes 0-{last}/{total}"))],
                body[..=last].to_vec(),
            )
                .into_response()
        }
        _ => body.into_response(),
    }
}

#[test]
fn urls_are_probed_with_a_capped_range_request() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(serve());
    let port = addr.port();
    let resolve = format!("files.commune.be:{port}:127.0.0.1");
    let base = format!("http://files.commune.be:{port}");
    let out = odaudit(&[
        "classify",
        "--resolve",
        &resolve,
        "--max-bytes",
        "64k",
        &format!("{base}/budget.csv"),
        &format!("{base}/big.csv"),
        &format!("{base}/endless.csv"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    // An Excel file named and served as CSV.
    assert_eq!(got[0]["format"], "XLSX");
    assert_eq!(got[0]["status"], 200);
    assert_eq!(got[0]["declared"]["content_type_header"], "text/csv");
    assert_eq!(got[0]["mismatch"], true);
    // A big file: the server answered the Range request with its first 64 KiB.
    assert_eq!(got[1]["status"], 206);
    assert_eq!(got[1]["bytes_read"], 65536);
    assert_eq!(got[1]["truncated"], true);
    assert_eq!(got[1]["format"], "CSV");
    // An endless body: read up to the cap and no further.
    assert_eq!(got[2]["bytes_read"], 65536);
    assert_eq!(got[2]["truncated"], true);
    assert_eq!(got[2]["format"], "CSV");
}

#[test]
fn private_addresses_are_refused_unless_allowed() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(serve());
    let url = format!("http://{addr}/budget.csv");
    let out = odaudit(&["classify", &url]);
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert!(
        got[0]["error"].as_str().unwrap().contains("address guard"),
        "{:?}",
        got[0]
    );
    // A name that resolves to loopback is refused the same way.
    let by_name = format!("http://localhost:{}/budget.csv", addr.port());
    let out = odaudit(&["classify", &by_name]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        lines(&out)[0]["error"]
            .as_str()
            .unwrap()
            .contains("address guard")
    );
    let out = odaudit(&["classify", "--allow-private-addresses", &url]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out)[0]["format"], "XLSX");
}

#[test]
fn personal_data_and_standards_are_shown_masked() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("inscriptions.csv");
    std::fs::write(
        &register,
        "nom;prénom;NISS;gsm\nDupont;Jean;85.07.30-033.28;0475 12 34 56\nLambert;Marie;91.02.15-478.27;\n",
    )
    .unwrap();
    let standard = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/walloon-standards/travaux-voiries/exemple-valide.csv");
    let standard = standard.display().to_string();
    let out = odaudit(&[
        "classify",
        "--output",
        "jsonl",
        register.to_str().unwrap(),
        &standard,
    ]);
    let got = lines(&out);
    let kinds: Vec<&str> = got[0]["personal_data"]["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["national_number", "phone", "identifying_columns"]);
    assert_eq!(
        got[0]["personal_data"]["found"][0]["masked"],
        "85.07.30-***.**"
    );
    assert_eq!(got[0]["standard"], Value::Null);
    assert_eq!(got[1]["standard"]["standard"], "travaux-voiries");
    assert_eq!(got[1]["standard"]["conforms"], true);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for secret in ["033.28", "12 34 56", "Dupont", "478.27"] {
        assert!(!stdout.contains(secret), "{secret} leaked: {stdout}");
    }
    let table = odaudit(&[
        "classify",
        "--output",
        "table",
        register.to_str().unwrap(),
        &standard,
    ]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("national_number+phone"), "{text}");
    assert!(text.contains("travaux-voiries ok"), "{text}");
}
