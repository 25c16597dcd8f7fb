//! The HTML report of a simulated audit, opened in headless Chromium: it loads with no
//! console message (no script error, no blocked resource), every overview table is there,
//! and a hostile dataset title shows as text and runs nothing. The overview's screenshot
//! is kept in `target/test-artefacts/report-overview.png`.
//!
//! Chromium is Debian's `chromium` (`.ci/run` installs it). Without it this test fails:
//! a report nobody opened in a browser is not tested.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{World, assert_exit};
use odaudit::report::OVERVIEW_IDS;
use odaudit_sim::Config;

const HOSTILE: &str =
    r#"<script>document.title='PWNED'</script><img src=x onerror="document.body.dataset.pwned=1">"#;

/// A world whose first commune-owned portal dataset has the hostile title.
fn world(seed: u64, communes: usize) -> World {
    common::world(Config {
        seed,
        communes: Some(communes),
        dataset_title: Some(HOSTILE.to_owned()),
        ..Config::default()
    })
}

fn odaudit(args: &[&str], extra: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

fn audit(w: &World) {
    let out = w.audit(&[]);
    assert_exit(&out, 0);
}

fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return debian;
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file());
    on_path.unwrap_or_else(|| {
        panic!(
            "headless Chromium is needed to test the HTML report and was not found \
             (/usr/bin/chromium, or chromium on PATH, or $CHROMIUM). \
             Install it: apt-get install -y chromium (.ci/run does this)"
        )
    })
}

/// Run headless Chromium on `url` with `args`; returns (stdout, stderr).
fn browse(url: &str, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Drain both pipes while waiting: a DOM larger than a pipe's buffer (64 KiB) would
    // otherwise block Chromium on its write, and the wait below would never end.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish on {url} within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (stdout.join().unwrap(), stderr.join().unwrap())
}

/// Every console message the page produced (script errors, CSP violations, logs).
fn console_messages(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Open `page`, check it is quiet and untouched, return its DOM after scripts ran.
fn open_quietly(page: &Path) -> String {
    let url = format!("file://{}", page.display());
    let (dom, log) = browse(&url, &["--dump-dom".to_owned()]);
    let console = console_messages(&log);
    assert!(
        console.is_empty(),
        "{url} logged to the console:\n{}",
        console.join("\n")
    );
    assert!(dom.contains("</html>"), "no DOM for {url}: {log}");
    assert!(
        !dom.contains("data-pwned"),
        "a hostile handler ran on {url}"
    );
    assert!(
        !dom.contains("<title>PWNED</title>"),
        "a hostile script ran on {url}"
    );
    dom
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(html_files(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_report_opens_in_chromium_quietly_with_every_table_and_hostile_text_as_text() {
    let browser = chromium();
    let w = world(11, 20);
    audit(&w);
    audit(&w);
    let d = w.dir.path();
    let store = d.join("reports/odaudit.sqlite");
    let html = d.join("html");
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/baseline-2020.csv");
    let out = odaudit(
        &["report", "--store"],
        &[
            &store,
            Path::new("--out"),
            &html,
            Path::new("--baseline"),
            &baseline,
        ],
    );
    assert_exit(&out, 0);
    let overview = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(overview.ends_with("index.html"), "{overview:?}");
    let run_dir = overview.parent().unwrap().to_owned();
    assert!(
        run_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("-0002"),
        "the latest run by default: {run_dir:?}"
    );
    let pages = html_files(&run_dir.join("communes"));
    assert_eq!(pages.len(), 20, "one page per commune");

    // Escaped in the files: the hostile markup is never written raw.
    for f in html_files(&html) {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(!text.contains(HOSTILE), "{f:?} holds the hostile title raw");
        assert!(!text.contains("<script>document.title"), "{f:?}");
    }
    let hostile_page = pages
        .iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("&#60;script&#62;document.title=&#39;PWNED&#39;")
        })
        .expect("the hostile dataset reached a commune page");

    // The overview: quiet, every table, the baseline and the previous run beside.
    let dom = open_quietly(&overview);
    for id in OVERVIEW_IDS {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "no #{id} in the overview"
        );
    }
    assert!(dom.contains("Baromètre 2020"), "the baseline column");
    assert!(
        dom.contains("Exécution précédente"),
        "the previous run column"
    );
    assert!(dom.contains("<html lang=\"fr\""));
    let file = std::fs::read_to_string(&overview).unwrap();
    for external in [
        "<script src",
        "<link rel=\"stylesheet\"",
        "@import",
        "url(",
        "<img src",
    ] {
        assert!(
            !file.contains(external),
            "the overview loads something: {external}"
        );
    }

    // The commune page: the title shows as text.
    let dom = open_quietly(hostile_page);
    assert!(
        dom.contains(
            r#"&lt;script&gt;document.title='PWNED'&lt;/script&gt;&lt;img src=x onerror="document.body.dataset.pwned=1"&gt;"#
        ),
        "the hostile title is shown as text on {hostile_page:?}"
    );
    for id in ["glance", "t-datasets"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "no #{id}");
    }

    // The runs index lists both runs: the rendered one linked, the other with the
    // command that renders it.
    let dom = open_quietly(&html.join("index.html"));
    assert_eq!(dom.matches("/index.html\"").count(), 1, "{dom}");
    assert!(dom.contains("odaudit report 1"), "{dom}");

    // The screenshot staff would see, kept for people to look at.
    let artefacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let shot = artefacts.join("report-overview.png");
    let _ = std::fs::remove_file(&shot);
    let (_, log) = browse(
        &format!("file://{}", overview.display()),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".to_owned(),
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {log}"));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!(
        "overview screenshot: {} (browser {})",
        shot.display(),
        browser.display()
    );
}

#[test]
fn english_on_request_and_a_bad_baseline_is_named() {
    let w = world(12, 6);
    let out = w.audit(&["--as-of", "2025-06-02T08:00:00Z"]);
    assert_eq!(out.status.code(), Some(0));
    let d = w.dir.path();
    let store = d.join("reports/odaudit.sqlite");
    let html = d.join("html-en");
    let out = odaudit(
        &["report", "1", "--lang", "en", "--no-baseline", "--store"],
        &[&store, Path::new("--out"), &html],
    );
    assert_exit(&out, 0);
    let overview = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let text = std::fs::read_to_string(&overview).unwrap();
    assert!(text.contains("<html lang=\"en\">"));
    assert!(text.contains("Do communes already offer some of their data openly?"));
    assert!(!text.contains("Baromètre 2020"), "--no-baseline");
    assert!(
        text.contains("ages and freshness judged as of"),
        "--as-of is said"
    );
    assert!(
        text.contains("First run: nothing to compare with."),
        "one run only"
    );

    let bad = d.join("baseline.csv");
    std::fs::write(
        &bad,
        "edition,table,row,count,base,source\nB,opens_data,oui,13,75,x\nB,channels,fax,1,13,y\n",
    )
    .unwrap();
    let out = odaudit(
        &["report", "--store"],
        &[
            &store,
            Path::new("--out"),
            &html,
            Path::new("--baseline"),
            &bad,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("baseline.csv:3: column row: \"fax\""), "{err}");

    let out = odaudit(
        &["report", "7", "--store"],
        &[&store, Path::new("--out"), &html],
    );
    assert_eq!(out.status.code(), Some(2), "no run 7");
}
