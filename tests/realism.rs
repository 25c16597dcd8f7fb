//! The blind realism corpus: commune websites written independently of the auditor
//! (see `tests/realism/README.md`), each with the reading a careful human makes of it.
//!
//! Why: the simulator and its manifest were written with the auditor and share its blind
//! spots. This test serves every case of `tests/realism/cases/` from one loopback server,
//! runs the real `odaudit audit` over all of them once, and scores `datasets.csv` and
//! `findings.csv` against each `case.json`, printing a table. It also counts politeness
//! violations seen by the server. The floors below are a ratchet: raise them as the
//! auditor improves; a regression fails the test.
//!
//! `REALISM_DETAIL=1 cargo test --test realism -- --nocapture` (or the ignored test
//! `realism_details`) prints every mismatch, expected against got.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Ratchet floors: the scores measured on 2026-12-03 after the first fixes of issue 10
/// (before them: licence 0.260, findings 0.278, 4 politeness violations), rounded down.
/// Raise them as the auditor is fixed, never lower them. Politeness violations: none.
const MIN_RECALL: f64 = 0.98;
const MIN_PRECISION: f64 = 0.99;
const MIN_FORMAT_ACCURACY: f64 = 0.99;
const MIN_LICENCE_ACCURACY: f64 = 0.96;
const MIN_DATE_ACCURACY: f64 = 0.15;
const MIN_FINDINGS_ACCURACY: f64 = 0.77;
/// Issue 11: requests an iMio host may get besides one probe per data file it hosts.
const IMIO_REQUEST_LIMIT: usize = 10;
/// Ratchet ceiling on the first corpus's iMio hosts (requests beyond data probes): 16
/// measured on 2026-12-03 before issue 11 (tubize, huy, nivelles, thuin, braine-lalleud);
/// 17 since the auditor asks each Plone site for its index first: these older cases'
/// sites answer that request 404 and are crawled as before (one request more).
const MAX_IMIO_EXTRA_REQUESTS: usize = 17;
/// Ceiling on the platform cases' iMio hosts (61 before issue 11, beauraing).
const MAX_PLATFORM_IMIO_EXTRA_REQUESTS: usize = 11;
/// Floors of the platform cases (issue 11), a ratchet like the first corpus's: measured
/// after the auditor learnt to read the platforms' indexes (before: recall 0.629,
/// licence 0.500, date 0.000, findings 0.412).
const PLATFORM_FLOORS: [(&str, f64); 6] = [
    ("recall", 0.99),
    ("precision", 0.99),
    ("format", 0.99),
    ("licence", 0.85),
    ("date", 0.99),
    ("findings", 0.79),
];
/// The date the corpus is judged at (its pages' dates are written relative to it).
const AS_OF: &str = "2026-11-30T00:00:00Z";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realism/cases")
}

// ---------------------------------------------------------------- cases

/// One served host: a commune site (scored) or a support host (`nis_code` null).
struct Case {
    slug: String,
    dir: PathBuf,
    json: Value,
}

impl Case {
    fn host(&self) -> &str {
        self.json["host"].as_str().expect("case.json: host")
    }
    fn nis(&self) -> Option<&str> {
        self.json["nis_code"].as_str()
    }
    fn routes(&self) -> Option<&serde_json::Map<String, Value>> {
        self.json["routes"].as_object()
    }
    /// A case of issue 11's platform suite (`"suite": "platforms"`), scored on its own line.
    fn is_platform(&self) -> bool {
        self.json["suite"].as_str() == Some("platforms")
    }
}

fn load_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/realism/cases")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("case.json").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("case.json")).expect("read case.json");
        let json: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: bad case.json: {e}", dir.display()));
        let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
        cases.push(Case { slug, dir, json });
    }
    cases
}

// ---------------------------------------------------------------- server

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Hit {
    at: f64,
    method: String,
    host: String,
    path: String,
    status: u16,
    /// Seconds asked by a `Retry-After` sent with this answer.
    retry_after: Option<f64>,
}

struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Hit>>>,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
}

fn start_server(cases: Arc<Vec<Case>>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let log2 = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let cases = Arc::clone(&cases);
            let log = Arc::clone(&log2);
            std::thread::spawn(move || {
                let _ = serve_one(stream, &cases, port, start, &log);
            });
        }
    });
    Server { port, log }
}

fn serve_one(
    mut stream: TcpStream,
    cases: &[Case],
    port: u16,
    start: Instant,
    log: &Mutex<Vec<Hit>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut host = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("host")
        {
            host = v
                .trim()
                .split(':')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
        }
    }
    let at = start.elapsed().as_secs_f64();
    let reply = match cases.iter().find(|c| c.host() == host) {
        Some(case) => answer(case, &target, port),
        None => plain(404, "unknown host"),
    };
    let retry_after = if matches!(reply.status, 429 | 503) {
        reply
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| v.trim().parse::<f64>().ok())
    } else {
        None
    };
    log.lock().unwrap().push(Hit {
        at,
        method: method.clone(),
        host,
        path: target,
        status: reply.status,
        retry_after,
    });
    std::thread::sleep(reply.delay);
    write_reply(&mut stream, &method, &reply)
}

fn write_reply(stream: &mut TcpStream, method: &str, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} X\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

fn plain(status: u16, text: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
        body: text.as_bytes().to_vec(),
        delay: Duration::ZERO,
    }
}

/// The route of `case.json` for a target: exact (with query), a `path?k=v` key whose
/// parameters the target's query all carries (in any order, among others: the auditor
/// builds its own `@search`, `wp/v2/media` or `?rest_route=` queries), exact path, then the
/// longest `prefix*`.
fn route<'a>(case: &'a Case, target: &str) -> Option<&'a Value> {
    let routes = case.routes()?;
    let path = target.split('?').next().unwrap_or(target);
    if let Some(r) = routes
        .get(target)
        .or_else(|| query_subset_route(routes, target))
        .or_else(|| routes.get(path))
    {
        return Some(r);
    }
    routes
        .iter()
        .filter_map(|(k, v)| k.strip_suffix('*').map(|p| (p, v)))
        .filter(|(p, _)| target.starts_with(p))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, v)| v)
}

/// The `path?k=v[&k=v]` route whose parameters are all in the target's query (decoded),
/// the one with the most parameters first.
fn query_subset_route<'a>(
    routes: &'a serde_json::Map<String, Value>,
    target: &str,
) -> Option<&'a Value> {
    let (path, query) = target.split_once('?')?;
    let params = |q: &str| -> BTreeSet<(String, String)> {
        url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    };
    let have = params(query);
    routes
        .iter()
        .filter(|(k, _)| !k.ends_with('*'))
        .filter_map(|(k, v)| k.split_once('?').map(|(p, q)| (p, params(q), v)))
        .filter(|(p, want, _)| *p == path && !want.is_empty() && want.is_subset(&have))
        .max_by_key(|(_, want, _)| want.len())
        .map(|(_, _, v)| v)
}

fn content_type_of(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" => "text/csv",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "xml" | "rdf" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "css" => "text/css",
        "js" => "application/javascript",
        "kml" => "application/vnd.google-earth.kml+xml",
        _ => "text/html; charset=utf-8",
    }
}

/// The file a path maps to under `site/`: the file itself, else the folder's index.html.
fn site_file(case: &Case, path: &str) -> Option<PathBuf> {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|s| s == "..") {
        return None;
    }
    let p = case.dir.join("site").join(rel);
    if p.is_file() {
        Some(p)
    } else if p.join("index.html").is_file() {
        Some(p.join("index.html"))
    } else {
        None
    }
}

/// Requests seen per host and target, for routes that fail their first `fail_times` answers.
static SEEN: std::sync::LazyLock<Mutex<HashMap<String, u64>>> =
    std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));

/// The failure a route gives to its first `fail_times` requests (e.g. 429 then 200).
fn failing_first(case: &Case, target: &str, r: Option<&Value>) -> Option<Reply> {
    let r = r?;
    let times = r["fail_times"].as_u64()?;
    let mut seen = SEEN.lock().unwrap();
    let n = seen.entry(format!("{} {target}", case.host())).or_insert(0);
    *n += 1;
    if *n > times {
        return None;
    }
    let mut reply = plain(
        r["fail_status"].as_u64().unwrap_or(429) as u16,
        "Too Many Requests",
    );
    for (k, v) in r["fail_headers"].as_object().into_iter().flatten() {
        reply
            .headers
            .push((k.clone(), v.as_str().unwrap_or("").to_string()));
    }
    Some(reply)
}

fn answer(case: &Case, target: &str, port: u16) -> Reply {
    let path = target.split('?').next().unwrap_or(target);
    let r = route(case, target);
    if let Some(reply) = failing_first(case, target, r) {
        return reply;
    }
    let file = match r.and_then(|r| r["file"].as_str()) {
        Some(f) => Some(case.dir.join(f)),
        None => site_file(case, path),
    };
    let mut status = r.and_then(|r| r["status"].as_u64()).map(|s| s as u16);
    let body = match (&file, r.and_then(|r| r["body"].as_str())) {
        (_, Some(b)) => Some(b.as_bytes().to_vec()),
        (Some(f), None) => std::fs::read(f).ok(),
        (None, None) => None,
    };
    let (body, ctype_from) = match body {
        Some(b) => (
            b,
            file.as_ref()
                .map_or(path.to_string(), |f| f.display().to_string()),
        ),
        None => {
            status.get_or_insert(404);
            let nf = case.dir.join("site/404.html");
            (
                std::fs::read(nf).unwrap_or_else(|_| b"Not Found".to_vec()),
                "404.html".into(),
            )
        }
    };
    let origin = format!("http://{}:{port}", case.host());
    let body = substitute(&body, "{{ORIGIN}}", &origin);
    let body = substitute(&body, "{{PORT}}", &port.to_string());
    // `"gzip": true`: the body is gzipped once the origin is in (Plone's sitemap.xml.gz).
    let body = if r.and_then(|r| r["gzip"].as_bool()).unwrap_or(false) {
        gzip(&body)
    } else {
        body
    };
    let mut headers = vec![(
        "Content-Type".to_string(),
        content_type_of(&ctype_from).to_string(),
    )];
    if let Some(h) = r.and_then(|r| r["headers"].as_object()) {
        for (k, v) in h {
            let v = v.as_str().unwrap_or("").replace("{{ORIGIN}}", &origin);
            let v = v.replace("{{PORT}}", &port.to_string());
            headers.retain(|(old, _)| !old.eq_ignore_ascii_case(k));
            headers.push((k.clone(), v));
        }
    }
    let delay = Duration::from_millis(r.and_then(|r| r["delay_ms"].as_u64()).unwrap_or(0));
    Reply {
        status: status.unwrap_or(200),
        headers,
        body,
        delay,
    }
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(body).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

fn substitute(body: &[u8], from: &str, to: &str) -> Vec<u8> {
    let from = from.as_bytes();
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(from) {
            out.extend_from_slice(to.as_bytes());
            i += from.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------- inputs and run

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_inputs(cases: &[Case], port: u16, dir: &Path) {
    let mut targets =
        String::from("nis_code,name,province,population,website,own_portal,aliases\n");
    let mut decl = String::from(
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n",
    );
    let mut resolve = String::new();
    let mut external = BTreeSet::new();
    for case in cases {
        resolve.push_str(&format!("{}:{port}:127.0.0.1\n", case.host()));
        for h in case.json["external_hosts"].as_array().into_iter().flatten() {
            external.insert(h.as_str().unwrap_or("").to_string());
        }
        let Some(nis) = case.nis() else { continue };
        let j = &case.json;
        let s = |k: &str| j[k].as_str().unwrap_or("").to_string();
        let site = match j["website"].as_str() {
            Some(w) => w.replace("{{ORIGIN}}", &format!("http://{}:{port}", case.host())),
            None => format!("http://{}:{port}/", case.host()),
        };
        targets.push_str(&format!(
            "{nis},{},{},{},{},,\n",
            csv_cell(&s("name")),
            csv_cell(&s("province")),
            j["population"].as_u64().unwrap_or(0),
            site
        ));
        let d = &j["declaration"];
        if d.is_object() {
            let f = |k: &str| csv_cell(d[k].as_str().unwrap_or(""));
            decl.push_str(&format!(
                "{nis},2020,{},{},{},{},{},{}\n",
                f("opens_data"),
                f("channels"),
                f("formats"),
                f("update"),
                f("communication"),
                f("planned_opening")
            ));
        }
    }
    // Hosts the pages link to outside the corpus (licences, portals): refused locally,
    // so nothing leaves the machine.
    for h in external.iter().filter(|h| !h.is_empty()) {
        resolve.push_str(&format!("{h}:80:127.0.0.1\n{h}:443:127.0.0.1\n"));
    }
    std::fs::write(dir.join("targets.csv"), targets).unwrap();
    std::fs::write(dir.join("portals.csv"), "id,kind,url,name\n").unwrap();
    std::fs::write(dir.join("declarations.csv"), decl).unwrap();
    std::fs::write(dir.join("resolve.txt"), resolve).unwrap();
}

/// Runs the real binary once over the corpus; returns the run folder.
fn run_audit(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .arg("audit")
        .args(["--targets", dir.join("targets.csv").to_str().unwrap()])
        .args(["--portals", dir.join("portals.csv").to_str().unwrap()])
        .args([
            "--declarations",
            dir.join("declarations.csv").to_str().unwrap(),
        ])
        .args(["--resolve-file", dir.join("resolve.txt").to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .args([
            "--as-of",
            AS_OF,
            "--no-baseline",
            "--allow-private-addresses",
        ])
        .args(["--min-delay", "0", "--timeout", "5", "--retries", "1"])
        .arg("-q")
        .env("ODAUDIT_USER_AGENT", "odaudit-realism-test")
        .output()
        .expect("run odaudit");
    println!(
        "odaudit audit: {:?}, {:.1} s",
        output.status,
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "odaudit audit failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let folder = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let p = PathBuf::from(folder);
    if p.join("datasets.csv").is_file() {
        return p;
    }
    // Else the only run folder under out/.
    std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("datasets.csv").is_file())
        .expect("a run folder with datasets.csv")
}

/// Rows of a CSV written by odaudit (UTF-8 with a BOM), as header → value maps.
fn read_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut text = String::new();
    std::fs::File::open(path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(|v| v.trim_start_matches('\'').to_string()))
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- scoring

/// The identity of a file link: its path and query, without origin, Plone `/view` or
/// `@@download/file[/name]` (all name the same file).
fn file_key(url: &str) -> String {
    let mut s = url.trim().to_string();
    if let Some(i) = s.find("://") {
        let rest = &s[i + 3..];
        s = rest
            .find('/')
            .map_or("/".to_string(), |j| rest[j..].to_string());
    }
    s = s.split('#').next().unwrap_or("").to_string();
    if let Some(i) = s.find("/@@download/file") {
        s.truncate(i);
    }
    for suffix in ["/view", "/download"] {
        if s.ends_with(suffix) && s.len() > suffix.len() {
            s.truncate(s.len() - suffix.len());
        }
    }
    s
}

#[derive(Default, Clone)]
struct Score {
    expected: usize,
    found: usize,
    matched: usize,
    format_total: usize,
    format_right: usize,
    licence_total: usize,
    licence_right: usize,
    date_total: usize,
    date_right: usize,
    findings_expected: usize,
    findings_right: usize,
    findings_wrong: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.expected += o.expected;
        self.found += o.found;
        self.matched += o.matched;
        self.format_total += o.format_total;
        self.format_right += o.format_right;
        self.licence_total += o.licence_total;
        self.licence_right += o.licence_right;
        self.date_total += o.date_total;
        self.date_right += o.date_right;
        self.findings_expected += o.findings_expected;
        self.findings_right += o.findings_right;
        self.findings_wrong += o.findings_wrong;
    }
    fn recall(&self) -> f64 {
        ratio(self.matched, self.expected)
    }
    fn precision(&self) -> f64 {
        ratio(self.matched, self.found)
    }
    fn format(&self) -> f64 {
        ratio(self.format_right, self.format_total)
    }
    fn licence(&self) -> f64 {
        ratio(self.licence_right, self.licence_total)
    }
    fn date(&self) -> f64 {
        ratio(self.date_right, self.date_total)
    }
    fn findings(&self) -> f64 {
        ratio(
            self.findings_right,
            self.findings_expected + self.findings_wrong,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn col<'a>(row: &'a HashMap<String, String>, names: &[&str]) -> &'a str {
    names
        .iter()
        .find_map(|n| row.get(*n))
        .map_or("", String::as_str)
}

/// Scores one case; mismatches go to `notes`.
fn score_case(
    case: &Case,
    datasets: &[&HashMap<String, String>],
    findings: &[&HashMap<String, String>],
    notes: &mut Vec<String>,
) -> Score {
    let mut s = Score::default();
    let exp = &case.json["expected"];
    let mut got: BTreeMap<String, &HashMap<String, String>> = BTreeMap::new();
    for row in datasets {
        if col(row, &["channel"]) == "website" || col(row, &["channel"]).is_empty() {
            got.entry(file_key(col(row, &["url"]))).or_insert(row);
        }
    }
    s.found = got.len();
    let mut expected_keys = BTreeSet::new();
    for d in exp["distributions"].as_array().into_iter().flatten() {
        let key = file_key(d["url"].as_str().unwrap_or(""));
        expected_keys.insert(key.clone());
        s.expected += 1;
        let Some(row) = got.get(&key) else {
            notes.push(format!("missed file {key}"));
            continue;
        };
        s.matched += 1;
        score_file(d, row, &key, &mut s, notes);
    }
    for key in got.keys().filter(|k| !expected_keys.contains(*k)) {
        notes.push(format!(
            "invented file {key} ({})",
            col(got[key], &["format"])
        ));
    }
    score_findings(exp, findings, &mut s, notes);
    s
}

fn score_file(
    d: &Value,
    row: &HashMap<String, String>,
    key: &str,
    s: &mut Score,
    notes: &mut Vec<String>,
) {
    let verifiable =
        d["verifiable"].as_bool().unwrap_or(true) && !d["broken"].as_bool().unwrap_or(false);
    let formats: Vec<&str> = match &d["format"] {
        Value::String(f) => vec![f.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if verifiable && !formats.is_empty() {
        s.format_total += 1;
        let got_f = col(row, &["format"]);
        let want_c = d["container"].as_str().unwrap_or("");
        let got_c = col(row, &["container"]);
        let f = formats.join("|");
        if formats.contains(&got_f) && (want_c.is_empty() || want_c == got_c) {
            s.format_right += 1;
        } else {
            notes.push(format!(
                "format of {key}: expected {f} {want_c}, got {got_f} {got_c}"
            ));
        }
    }
    let licences: Vec<&str> = match &d["licence"] {
        Value::String(l) => vec![l.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !licences.is_empty() {
        s.licence_total += 1;
        let got_l = col(row, &["licence"]);
        let l = licences.join("|");
        if licences.contains(&got_l) {
            s.licence_right += 1;
        } else {
            notes.push(format!(
                "licence of {key}: expected {l}, got {got_l} ({})",
                col(row, &["licence_name"])
            ));
        }
    }
    if let Some(m) = d["modified"].as_str() {
        s.date_total += 1;
        let got_m = col(row, &["last_modified"]);
        if got_m.starts_with(m) {
            s.date_right += 1;
        } else {
            notes.push(format!("modified of {key}: expected {m}, got {got_m:?}"));
        }
    }
}

fn score_findings(
    exp: &Value,
    findings: &[&HashMap<String, String>],
    s: &mut Score,
    notes: &mut Vec<String>,
) {
    let want: BTreeSet<(String, String)> = exp["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let code = f["code"].as_str().unwrap_or("").to_string();
            (code, f["subject"].as_str().unwrap_or("").to_string())
        })
        .collect();
    let got: BTreeSet<(String, String)> = findings
        .iter()
        .map(|r| {
            (
                col(r, &["code"]).to_string(),
                col(r, &["subject"]).to_string(),
            )
        })
        .collect();
    s.findings_expected = want.len();
    s.findings_right = want.intersection(&got).count();
    s.findings_wrong = got.difference(&want).count();
    for (c, sub) in want.difference(&got) {
        notes.push(format!("missing finding {c} {sub}"));
    }
    for (c, sub) in got.difference(&want) {
        let msg = findings
            .iter()
            .find(|r| col(r, &["code"]) == c && col(r, &["subject"]) == sub)
            .map_or("", |r| col(r, &["message"]));
        notes.push(format!("wrong finding {c} {sub}: {msg}"));
    }
}

// ---------------------------------------------------------------- politeness

/// What a case's robots.txt asks of crawlers (the `*` group): delay and disallowed prefixes.
fn robots_rules(case: &Case) -> (f64, Vec<String>) {
    let text = match (
        case.json["robots_txt"].as_str(),
        site_file(case, "/robots.txt"),
    ) {
        (Some(shared), _) => std::fs::read_to_string(corpus_dir().join(shared)).unwrap_or_default(),
        (None, Some(file)) => std::fs::read_to_string(file).unwrap_or_default(),
        (None, None) => String::new(),
    };
    let (mut delay, mut disallow, mut in_star) = (0.0, Vec::new(), false);
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        match k.as_str() {
            "user-agent" => in_star = v == "*",
            "crawl-delay" if in_star => delay = v.parse().unwrap_or(0.0),
            "disallow" if in_star && !v.is_empty() => disallow.push(v.to_string()),
            _ => {}
        }
    }
    (delay, disallow)
}

fn disallowed(path: &str, rules: &[String]) -> bool {
    rules
        .iter()
        .any(|r| robots_match(r.as_bytes(), path.as_bytes()))
}

/// RFC 9309 path matching: a prefix match where `*` is any run of characters and a final
/// `$` anchors the end.
fn robots_match(pattern: &[u8], path: &[u8]) -> bool {
    match pattern.split_first() {
        None => true,
        Some((b'$', [])) => path.is_empty(),
        Some((b'*', rest)) => (0..=path.len()).any(|i| robots_match(rest, &path[i..])),
        Some((c, rest)) => path.first() == Some(c) && robots_match(rest, &path[1..]),
    }
}

/// Politeness violations per host, with a line each.
fn politeness(cases: &[Case], log: &[Hit]) -> Vec<String> {
    let mut out = Vec::new();
    for case in cases {
        let hits: Vec<&Hit> = log.iter().filter(|h| h.host == case.host()).collect();
        let (delay, disallow) = robots_rules(case);
        for w in hits.windows(2) {
            if delay > 0.0 && w[1].at - w[0].at < delay - 0.02 {
                out.push(format!(
                    "{}: {} then {} {:.2} s apart (Crawl-delay {delay})",
                    case.host(),
                    w[0].path,
                    w[1].path,
                    w[1].at - w[0].at
                ));
            }
        }
        for (i, h) in hits.iter().enumerate() {
            if let Some(ra) = h.retry_after
                && let Some(next) = hits[i + 1..].iter().find(|n| n.at < h.at + ra - 0.02)
            {
                out.push(format!(
                    "{}: {} at {:.2} s despite Retry-After {ra} at {:.2} s ({})",
                    case.host(),
                    next.path,
                    next.at,
                    h.at,
                    h.path
                ));
            }
            if h.path != "/robots.txt" && disallowed(&h.path, &disallow) {
                out.push(format!(
                    "{}: {} is disallowed by robots.txt",
                    case.host(),
                    h.path
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------- the test

fn run_corpus(detail: bool) {
    let cases = Arc::new(load_cases());
    let scored = cases.iter().filter(|c| c.nis().is_some()).count();
    assert!(scored >= 3, "the corpus has {scored} cases");
    let server = start_server(Arc::clone(&cases));
    let tmp = tempfile::tempdir().unwrap();
    if std::env::var_os("REALISM_KEEP").is_some() {
        println!("inputs and reports kept in {}", tmp.path().display());
    }
    write_inputs(&cases, server.port, tmp.path());
    let run = run_audit(tmp.path());
    let datasets = read_rows(&run.join("datasets.csv"));
    let findings = read_rows(&run.join("findings.csv"));
    let mut total = Score::default();
    let mut platforms = Score::default();
    let mut failing = Vec::new();
    println!(
        "{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9}",
        "case", "recall", "prec.", "format", "licence", "date", "findings"
    );
    for case in cases.iter().filter(|c| c.nis().is_some()) {
        let nis = case.nis().unwrap();
        let ds: Vec<_> = datasets
            .iter()
            .filter(|r| col(r, &["nis_code"]) == nis)
            .collect();
        let fs: Vec<_> = findings
            .iter()
            .filter(|r| col(r, &["nis_code"]) == nis)
            .collect();
        let mut notes = Vec::new();
        let s = score_case(case, &ds, &fs, &mut notes);
        println!(
            "{:<28} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>9.2}",
            case.slug,
            s.recall(),
            s.precision(),
            s.format(),
            s.licence(),
            s.date(),
            s.findings()
        );
        if !notes.is_empty() {
            failing.push((case.slug.clone(), notes));
        }
        if case.is_platform() {
            platforms.add(&s);
        } else {
            total.add(&s);
        }
    }
    let log = server.log.lock().unwrap().clone();
    let lines: Vec<String> = log
        .iter()
        .map(|h| {
            format!(
                "{:8.3} {} {} {} {}",
                h.at, h.status, h.method, h.host, h.path
            )
        })
        .collect();
    std::fs::write(tmp.path().join("requests.log"), lines.join("\n")).unwrap();
    let violations = politeness(&cases, &log);
    print_summary(&total, &violations, log.len(), &failing, detail);
    print_platforms(&platforms);
    let imio = imio_requests(&cases, &log);
    let worst_base = print_imio_requests(&imio, false, detail);
    let worst_platform = print_imio_requests(&imio, true, detail);
    if std::env::var_os("REALISM_KEEP").is_some() {
        let _ = tmp.keep();
    }
    assert_floors(&total, violations.len());
    assert_platform_floors(&platforms);
    assert!(
        worst_platform <= MAX_PLATFORM_IMIO_EXTRA_REQUESTS,
        "an iMio host of the platform cases got {worst_platform} requests beyond its data \
         probes (ceiling {MAX_PLATFORM_IMIO_EXTRA_REQUESTS})"
    );
    assert!(
        worst_base <= MAX_IMIO_EXTRA_REQUESTS,
        "an iMio host of the first corpus got {worst_base} requests beyond its data probes \
         (ceiling {MAX_IMIO_EXTRA_REQUESTS})"
    );
}

fn assert_platform_floors(p: &Score) {
    let got = [
        p.recall(),
        p.precision(),
        p.format(),
        p.licence(),
        p.date(),
        p.findings(),
    ];
    for ((name, floor), value) in PLATFORM_FLOORS.iter().zip(got) {
        assert!(
            value >= *floor,
            "platform cases: {name} {value:.3} below its floor {floor}"
        );
    }
}

/// The platform cases' line (issue 11), with its own floors ([`PLATFORM_FLOORS`]).
fn print_platforms(p: &Score) {
    println!(
        "{:<28} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>9.3}",
        "PLATFORMS (issue 11)",
        p.recall(),
        p.precision(),
        p.format(),
        p.licence(),
        p.date(),
        p.findings()
    );
    println!(
        "platform files: {} expected, {} found, {} matched; formats {}/{}; licences {}/{}; \
         dates {}/{}; findings {} right / ({} expected + {} wrongly reported)",
        p.expected,
        p.found,
        p.matched,
        p.format_right,
        p.format_total,
        p.licence_right,
        p.licence_total,
        p.date_right,
        p.date_total,
        p.findings_right,
        p.findings_expected,
        p.findings_wrong
    );
}

// ---------------------------------------------------------------- requests per iMio host

/// Issue 11: "at most 10 requests to any iMio host besides one probe per data file it
/// hosts". Per iMio host (a case whose `cms` is `plone*`): the requests that are not the
/// first GET of a file its expected reading lists (robots.txt, pages, sitemaps, listings,
/// a second probe of the same file all count).
struct ImioRequests {
    slug: String,
    platform: bool,
    extra: usize,
    probes: usize,
}

fn imio_requests(cases: &[Case], log: &[Hit]) -> Vec<ImioRequests> {
    let mut out = Vec::new();
    for case in cases.iter().filter(|c| c.nis().is_some()) {
        if !case.json["cms"].as_str().unwrap_or("").starts_with("plone") {
            continue;
        }
        let files: BTreeSet<String> = case.json["expected"]["distributions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| file_key(d["url"].as_str().unwrap_or("")))
            .collect();
        let mut probed = BTreeSet::new();
        let (mut extra, mut probes) = (0, 0);
        for h in log.iter().filter(|h| h.host == case.host()) {
            let key = file_key(&h.path);
            if h.method == "GET" && files.contains(&key) && probed.insert(key) {
                probes += 1;
            } else {
                extra += 1;
            }
        }
        out.push(ImioRequests {
            slug: case.slug.clone(),
            platform: case.is_platform(),
            extra,
            probes,
        });
    }
    out
}

/// Prints one suite's figures; returns the largest count beyond data probes.
fn print_imio_requests(all: &[ImioRequests], platform: bool, detail: bool) -> usize {
    let rows: Vec<&ImioRequests> = all.iter().filter(|r| r.platform == platform).collect();
    let worst = rows.iter().max_by_key(|r| r.extra);
    let over = rows.iter().filter(|r| r.extra > IMIO_REQUEST_LIMIT).count();
    println!(
        "iMio hosts ({}): {}; requests beyond data probes: at most {} ({}), {} hosts over {IMIO_REQUEST_LIMIT}",
        if platform {
            "platforms"
        } else {
            "first corpus"
        },
        rows.len(),
        worst.map_or(0, |r| r.extra),
        worst.map_or("-", |r| r.slug.as_str()),
        over
    );
    if detail {
        for r in &rows {
            println!(
                "    {:<28} {:>4} beyond {:>3} data probes",
                r.slug, r.extra, r.probes
            );
        }
    }
    worst.map_or(0, |r| r.extra)
}

fn print_summary(
    t: &Score,
    violations: &[String],
    requests: usize,
    failing: &[(String, Vec<String>)],
    detail: bool,
) {
    println!(
        "{:<28} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>9.3}",
        "OVERALL",
        t.recall(),
        t.precision(),
        t.format(),
        t.licence(),
        t.date(),
        t.findings()
    );
    println!(
        "files: {} expected, {} found, {} matched; formats {}/{}; licences {}/{}; dates {}/{}",
        t.expected,
        t.found,
        t.matched,
        t.format_right,
        t.format_total,
        t.licence_right,
        t.licence_total,
        t.date_right,
        t.date_total
    );
    println!(
        "findings: {} right / ({} expected + {} wrongly reported)",
        t.findings_right, t.findings_expected, t.findings_wrong
    );
    println!(
        "requests served: {requests}; politeness violations: {}",
        violations.len()
    );
    println!("cases with a mismatch: {}", failing.len());
    for (slug, notes) in failing {
        if detail {
            println!("--- {slug}");
            for n in notes {
                println!("    {n}");
            }
        } else {
            println!("  {slug}: {}", notes[0]);
        }
    }
    if detail {
        for v in violations {
            println!("politeness: {v}");
        }
    }
}

fn assert_floors(t: &Score, violations: usize) {
    let checks = [
        ("recall", t.recall(), MIN_RECALL),
        ("precision", t.precision(), MIN_PRECISION),
        ("format accuracy", t.format(), MIN_FORMAT_ACCURACY),
        ("licence accuracy", t.licence(), MIN_LICENCE_ACCURACY),
        ("date accuracy", t.date(), MIN_DATE_ACCURACY),
        ("findings accuracy", t.findings(), MIN_FINDINGS_ACCURACY),
    ];
    for (name, got, floor) in checks {
        assert!(got >= floor, "{name} fell to {got:.3} (floor {floor})");
    }
    assert_eq!(violations, 0, "politeness violations");
}

#[test]
fn realism_corpus_scores() {
    run_corpus(std::env::var_os("REALISM_DETAIL").is_some());
}

/// Every mismatch, expected against got: `cargo test --test realism -- --ignored --nocapture`.
#[test]
#[ignore]
fn realism_details() {
    run_corpus(true);
}

#[test]
fn routes_match_query_parameters_in_any_order() {
    let routes: serde_json::Map<String, Value> = serde_json::from_str(
        r#"{"/@search*": {"file": "p1"}, "/@search?b_start=100": {"file": "p2"},
            "/wp-json/wp/v2/media?page=2": {"file": "m2"}, "/x?b_start:int=20": {"file": "l2"}}"#,
    )
    .unwrap();
    let hit = |t: &str| query_subset_route(&routes, t).map(|r| r["file"].as_str().unwrap());
    assert_eq!(
        hit("/@search?portal_type=File&b_start=100&b_size=100"),
        Some("p2")
    );
    assert_eq!(hit("/@search?b_start=1000"), None);
    assert_eq!(hit("/wp-json/wp/v2/media?per_page=100&page=2"), Some("m2"));
    assert_eq!(hit("/wp-json/wp/v2/media?page=22"), None);
    assert_eq!(hit("/x?b_start%3Aint=20"), Some("l2"));
    assert_eq!(hit("/y?page=2"), None);
    // Before the exact path: `/?rest_route=…` is not the homepage.
    let case = Case {
        slug: "lens".into(),
        dir: PathBuf::new(),
        json: serde_json::json!({"routes": {"/": {"file": "home"},
            "/?rest_route=/wp/v2/media": {"file": "m1"}}}),
    };
    let file = |t: &str| route(&case, t).map(|r| r["file"].as_str().unwrap());
    assert_eq!(
        file("/?rest_route=%2Fwp%2Fv2%2Fmedia&per_page=100"),
        Some("m1")
    );
    assert_eq!(file("/?page_id=2"), Some("home"));
    assert_eq!(file("/"), Some("home"));
}

#[test]
fn robots_patterns_match_like_rfc_9309() {
    assert!(robots_match(b"/fichiers/", b"/fichiers/opendata/a.csv"));
    assert!(!robots_match(b"/fichiers/", b"/fr/fichiers"));
    assert!(robots_match(b"/*login_form", b"/fr/login_form?came_from=x"));
    assert!(!robots_match(
        b"/*login_form",
        b"/vie-communale/donnees-ouvertes"
    ));
    assert!(robots_match(b"/*.pdf$", b"/a/b.pdf"));
    assert!(!robots_match(b"/*.pdf$", b"/a/b.pdf/view"));
}
