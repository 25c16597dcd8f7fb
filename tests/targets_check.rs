//! `odaudit targets check` against the simulated world (dead sites, robots.txt that closes
//! a site, an hour-long Crawl-delay, platforms) and against a tiny local server for what
//! the world does not serve (a site that moved to another host, homepages answering 404,
//! 403, 503); `--write` and its `.bak`; a bad targets file.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

#[path = "common/faulty.rs"]
mod faulty;

use faulty::world_with;
use odaudit_sim::{Fault, SiteKind};
use serde_json::Value;

fn odaudit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args(args)
        .output()
        .unwrap()
}

fn check_json(dir: &Path, targets: &Path, extra: &[&str]) -> (Output, Value) {
    let resolve = dir.join("resolve");
    let out = odaudit(
        &[
            &[
                "targets",
                "check",
                "--targets",
                targets.to_str().unwrap(),
                "--resolve-file",
                resolve.to_str().unwrap(),
                "--min-delay",
                "0",
                "--retries",
                "0",
                "--timeout",
                "5",
                "--output",
                "json",
            ],
            extra,
        ]
        .concat(),
    );
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, doc)
}

#[test]
fn the_check_says_of_each_site_what_the_manifest_says() {
    let (server, _thread, dir) = world_with(
        &[
            Fault::RobotsDisallowAll,
            Fault::LargeCrawlDelay,
            Fault::Reset,
        ],
        Some(0.25),
    );
    let manifest = server.manifest();
    let targets = dir.path().join("wallonia.csv");
    let before = std::fs::read(&targets).unwrap();
    let (out, doc) = check_json(dir.path(), &targets, &["--write"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let faulty: BTreeMap<&str, &str> = manifest
        .faults
        .iter()
        .map(|f| (f.host.as_str(), f.fault.as_str()))
        .collect();
    let checks = doc["communes"].as_array().unwrap();
    assert_eq!(checks.len(), manifest.communes.len());
    let (mut dead, mut closed, mut ok) = (0, 0, 0);
    for (c, t) in checks.iter().zip(&manifest.communes) {
        assert_eq!(c["nis_code"], t.nis_code.as_str());
        let state = c["state"].as_str().unwrap();
        let Some(website) = &t.website else {
            assert_eq!(state, "no_website", "{c}");
            continue;
        };
        let host = url::Url::parse(website)
            .unwrap()
            .host_str()
            .unwrap()
            .to_owned();
        let robots = t.robots.as_ref().unwrap();
        match faulty.get(host.as_str()).copied() {
            _ if !t.website_reachable => {
                assert_eq!(state, "dead", "{c}");
                dead += 1;
            }
            Some("robots_disallow_all") => {
                assert_eq!(state, "closed", "{c}");
                assert!(c["why"].as_str().unwrap().contains("disallows"), "{c}");
                closed += 1;
            }
            Some("large_crawl_delay") => {
                assert_eq!(state, "closed", "{c}");
                assert_eq!(c["crawl_delay"].as_f64(), Some(3600.0), "{c}");
                assert!(c["why"].as_str().unwrap().contains("Crawl-delay"), "{c}");
                closed += 1;
            }
            _ => {
                assert_eq!(state, "ok", "{c}");
                ok += 1;
                assert_eq!(c["crawl_delay"].as_f64(), robots.crawl_delay, "{c}");
                let platform = c["platform"].as_str().unwrap();
                let expected: &[&str] = match t.site_kind.unwrap() {
                    SiteKind::Imio => &["plone", "imio_plone", "imio_smartweb"],
                    SiteKind::Wordpress => &["wordpress"],
                    SiteKind::Custom => &["unknown"],
                };
                assert!(expected.contains(&platform), "{c} {:?}", t.site_kind);
            }
        }
    }
    assert!(
        dead >= 1 && closed == 2 && ok >= 10,
        "{dead} dead, {closed} closed, {ok} ok"
    );
    assert_eq!(doc["counts"]["dead"], dead);
    assert_eq!(doc["counts"]["moved"], 0);
    // Nothing moved: --write leaves the file alone and keeps no backup.
    assert_eq!(std::fs::read(&targets).unwrap(), before);
    assert!(!dir.path().join("wallonia.csv.bak").exists());
}

/// A web server on loopback answering by Host: `old.example` moved (301) to
/// `www.new.example`, which runs WordPress; `gone.example` answers 404, `private.example`
/// 403, `broken.example` 503 and `busy.example` 429.
fn tiny_web() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let mut host = String::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("host:") {
                    host = v.trim().split(':').next().unwrap_or("").to_owned();
                }
            }
            let (status, extra, body) = answer(&host, &path, port);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
        }
    });
    port
}

fn answer(host: &str, path: &str, port: u16) -> (&'static str, String, String) {
    let page = |generator: &str| {
        format!(
            "<html><head><meta name=\"generator\" content=\"{generator}\"><title>Accueil</title></head><body>Bienvenue</body></html>"
        )
    };
    match (host, path) {
        (_, "/robots.txt") => ("404 Not Found", String::new(), String::new()),
        ("old.example", _) => (
            "301 Moved Permanently",
            format!("Location: https://www.new.example:{port}/fr/accueil\r\n")
                .replace("https", "http"),
            String::new(),
        ),
        ("www.new.example", "/fr/accueil") => ("200 OK", String::new(), page("WordPress 6.5")),
        ("gone.example", _) => ("404 Not Found", String::new(), page("")),
        ("private.example", _) => ("403 Forbidden", String::new(), page("")),
        ("broken.example", _) => ("503 Service Unavailable", String::new(), page("")),
        ("busy.example", _) => (
            "429 Too Many Requests",
            "Retry-After: 3600\r\n".into(),
            page(""),
        ),
        _ => ("200 OK", String::new(), page("Drupal 10")),
    }
}

const HEADER: &str = "nis_code,name,province,population,website,own_portal,aliases\r\n";

#[test]
fn a_site_that_moved_is_written_back_and_the_rest_is_kept_byte_for_byte() {
    let port = tiny_web();
    let dir = tempfile::tempdir().unwrap();
    let hosts = [
        "old.example",
        "www.new.example",
        "gone.example",
        "private.example",
        "broken.example",
        "busy.example",
        "fine.example",
    ];
    let rules: String = hosts
        .iter()
        .map(|h| format!("{h}:{port}:127.0.0.1\n"))
        .collect();
    std::fs::write(dir.path().join("resolve"), rules).unwrap();
    let rows = [
        format!(
            "25005,Ancienne,Brabant wallon,7205,http://old.example:{port},,\"Ville d'Ancienne, service|AC\"\r\n"
        ),
        format!("25014,Disparue,Brabant wallon,40170,http://gone.example:{port}/,,\r\n"),
        format!("25015,Privée,Brabant wallon,10548,http://private.example:{port}/,,\r\n"),
        format!("25018,Cassée,Brabant wallon,11631,http://broken.example:{port}/,,\r\n"),
        format!("25019,Occupée,Brabant wallon,1,http://busy.example:{port}/,,\r\n"),
        format!("25020,Fine,Brabant wallon,1,http://fine.example:{port}/,,\r\n"),
        "25021,Sans site,Brabant wallon,1,,,\r\n".to_owned(),
    ];
    let original = format!("\u{feff}{HEADER}{}", rows.concat());
    let targets = dir.path().join("targets.csv");
    std::fs::write(&targets, &original).unwrap();
    let (out, doc) = check_json(dir.path(), &targets, &["--write"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let by_nis = |nis: &str| {
        doc["communes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["nis_code"] == nis)
            .unwrap()
            .clone()
    };
    let moved = by_nis("25005");
    assert_eq!(moved["state"], "moved", "{moved}");
    let new_site = format!("http://www.new.example:{port}/");
    assert_eq!(moved["suggested_website"], new_site.as_str(), "{moved}");
    assert_eq!(moved["platform"], "wordpress", "{moved}");
    for (nis, state, words) in [
        ("25014", "dead", "404"),
        ("25015", "closed", "403"),
        ("25018", "dead", "503"),
        ("25019", "closed", "429"),
    ] {
        let c = by_nis(nis);
        assert_eq!(c["state"], state, "{c}");
        assert!(c["why"].as_str().unwrap().contains(words), "{c}");
    }
    assert_eq!(by_nis("25020")["state"], "ok");
    assert_eq!(by_nis("25020")["platform"], "drupal");
    assert_eq!(by_nis("25021")["state"], "no_website");

    // The file: the moved row's website replaced, nothing else touched; the old one kept.
    let expected = original.replace(
        &format!("http://old.example:{port},"),
        &format!("http://www.new.example:{port},"),
    );
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&targets).unwrap(), expected);
    let bak = dir.path().join("targets.csv.bak");
    assert_eq!(std::fs::read_to_string(bak).unwrap(), original);
    // The new file is a targets file, and checking it again finds the site where it is.
    let (_, again) = check_json(dir.path(), &targets, &["--only", "25005"]);
    assert_eq!(again["communes"][0]["state"], "ok", "{again}");
}

#[test]
fn a_bad_targets_file_names_file_line_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("bad.csv");
    std::fs::write(
        &targets,
        format!("{}\n25005,Beauvechain,Brabant wallon,7205,https://www.beauvechain.eu,,\n25014,Braine,Brabant wallon,many,,,\n", HEADER.trim_end()),
    )
    .unwrap();
    for command in [&["targets", "check"][..], &["plan"][..]] {
        let out = odaudit(&[command, &["--targets", targets.to_str().unwrap()]].concat());
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("bad.csv:3: column population: \"many\""),
            "{command:?}: {err}"
        );
    }
}
