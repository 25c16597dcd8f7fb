//! `odaudit audit` on the simulated world: findings against the ground truth, the files
//! staff open, and the exit codes cron sees.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{assert_exit, read_csv, run_folder, run_folders, small_world};
use odaudit_sim as sim;

#[test]
fn declared_open_data_that_cannot_be_found_is_caught_and_never_invented() {
    let w = small_world(3, 80);
    let out = w.audit(&["--fail-on", "error"]);
    let manifest = &w.server.manifest().clone();
    let run = run_folder(&w.dir.path().join("reports"));
    let (bytes, findings) = read_csv(&run.join("findings.csv"));
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "CSV files start with a BOM for Excel"
    );
    let got: BTreeSet<String> = findings
        .iter()
        .filter(|r| &r[1] == "DECLARED_OPEN_NOTHING_FOUND")
        .map(|r| r[0].to_owned())
        .collect();
    // Ground truth: declared "oui", and nothing downloadable on any channel the crawler
    // can reach (website files reachable from a live homepage, portal files).
    let expected: BTreeSet<String> = manifest
        .communes
        .iter()
        .filter(|c| c.declared.opens_data == "oui")
        .filter(|c| {
            !c.datasets.iter().any(|d| {
                let reachable = d.channel != sim::Channel::Website
                    || (d.reachable_from_homepage && c.website_reachable);
                reachable && d.distributions.iter().any(|x| !x.broken && x.status == 200)
            })
        })
        .map(|c| c.nis_code.clone())
        .collect();
    assert!(!expected.is_empty(), "the world has over-claiming communes");
    assert_eq!(got, expected);
    // An error-level finding exists, so --fail-on error exits 3.
    assert_exit(&out, 3);
    let (_, communes) = read_csv(&run.join("communes.csv"));
    assert_eq!(communes.len(), manifest.communes.len());
    let (_, datasets) = read_csv(&run.join("datasets.csv"));
    assert!(datasets.len() > 50);
    let run_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("run.json")).unwrap()).unwrap();
    assert_eq!(run_json["totals"]["communes"], manifest.communes.len());
    assert!(run_json["hosts"].as_array().unwrap().len() > 10);
}

#[test]
fn bad_declarations_stop_the_run_with_file_and_line() {
    let w = small_world(2, 12);
    let path = w.dir.path().join("declarations-2020.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("99999,2020,oui,site_web,structure_ouvert,automatique,site_web,\n");
    std::fs::write(&path, text).unwrap();
    let out = w.audit(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("declarations-2020.csv:") && err.contains("99999"),
        "{err}"
    );
    assert!(
        !w.dir.path().join("reports").exists(),
        "the run did not start"
    );
}

#[test]
fn a_second_run_asks_conditionally_and_finds_nothing_changed() {
    let w = small_world(4, 40);
    assert_eq!(w.audit(&[]).status.code(), Some(0));
    let out = w.audit(&[]);
    assert_exit(&out, 0);
    let runs = run_folders(&w.dir.path().join("reports"));
    assert_eq!(runs.len(), 2);
    let stats = |run: &std::path::Path| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.join("run.json")).unwrap()).unwrap();
        let hosts = v["hosts"].as_array().unwrap().clone();
        let sum = |k: &str| hosts.iter().map(|h| h[k].as_u64().unwrap()).sum::<u64>();
        (sum("bytes"), sum("not_modified"))
    };
    let (bytes1, nm1) = stats(&runs[0]);
    let (bytes2, nm2) = stats(&runs[1]);
    assert_eq!(nm1, 0);
    assert!(
        nm2 > 20,
        "the second run sent conditional requests ({nm2} answered 304)"
    );
    eprintln!("bytes: first run {bytes1}, second run {bytes2}; 304 answers: {nm2}");
    // Unchanged pages, API answers and files cost their headers only.
    assert!(
        bytes2 * 10 <= bytes1,
        "{bytes2} bytes the second time, {bytes1} the first"
    );
    // The same world: the 304 answers kept every verdict, so nothing changed.
    let diff = Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args(["diff", "--output", "json", "--store"])
        .arg(w.dir.path().join("reports/odaudit.sqlite"))
        .output()
        .unwrap();
    assert_exit(&diff, 0);
    let d: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    for k in [
        "star_changes",
        "findings_opened",
        "findings_closed",
        "distributions_new",
        "distributions_vanished",
    ] {
        assert_eq!(d[k].as_array().map(Vec::len), Some(0), "{k}: {}", d[k]);
    }
}

#[test]
fn a_run_killed_part_way_resumes_to_the_reports_of_an_uninterrupted_run() {
    let w = small_world(5, 40);
    // Paced a little, so the run lasts long enough to be killed in the middle; judged as
    // of one instant, so ages in days cannot differ between runs made seconds apart.
    let as_of = jiff::Timestamp::now().to_string();
    let paced = ["--min-delay", "0.02", "--as-of", as_of.as_str()];
    let reference = w.audit_command("uninterrupted", &paced).output().unwrap();
    assert_exit(&reference, 0);

    let out = w.dir.path().join("killed");
    let db = out.join("odaudit.sqlite");
    let mut child = w.audit_command("killed", &paced).spawn().unwrap();
    // Wait until some communes are saved, then kill -9.
    let saved = |db: &std::path::Path| -> usize {
        let Ok(store) = odaudit::store::Store::open_read_only(db) else {
            return 0;
        };
        let Ok(Some(run)) = store.unfinished_run() else {
            return 0;
        };
        store.finished_communes(run).map_or(0, |s| s.len())
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let mut before_kill = 0;
    while before_kill < 5 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed ({before_kill} communes saved)"
        );
        assert!(std::time::Instant::now() < deadline, "no commune saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
        before_kill = saved(&db);
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = saved(&db);
    eprintln!("killed with {after_kill} of 40 communes saved");
    assert!(
        (5..40).contains(&after_kill),
        "killed part-way: {after_kill} of 40 communes saved"
    );
    assert!(
        !std::fs::read_dir(&out)
            .unwrap()
            .any(|e| e.unwrap().path().is_dir()),
        "a killed run writes no half reports"
    );

    let resumed = w
        .audit_command("killed", &[&paced[..], &["--resume"]].concat())
        .output()
        .unwrap();
    assert_exit(&resumed, 0);
    // The resumed run continued the killed one (one run folder, one run in the store)...
    let store = odaudit::store::Store::open_read_only(&db).unwrap();
    assert_eq!(store.runs().unwrap().len(), 1);
    // ...and its reports are those of the uninterrupted run, byte for byte.
    let (a, b) = (
        run_folder(&w.dir.path().join("uninterrupted")),
        run_folder(&out),
    );
    for file in ["communes.csv", "datasets.csv", "findings.csv"] {
        let (x, y) = (
            std::fs::read_to_string(a.join(file)).unwrap(),
            std::fs::read_to_string(b.join(file)).unwrap(),
        );
        assert!(x.lines().count() > 40, "{file} has rows");
        assert_eq!(x, y, "{file} differs after kill -9 and --resume");
    }
    // run.json counts the requests of both parts: at least what one run takes.
    let requests = |run: &std::path::Path| {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.join("run.json")).unwrap()).unwrap();
        let hosts = v["hosts"].as_array().unwrap().clone();
        hosts
            .iter()
            .map(|h| h["requests"].as_u64().unwrap())
            .sum::<u64>()
    };
    let (once, twice) = (requests(&a), requests(&b));
    eprintln!("requests: uninterrupted {once}, killed and resumed {twice}");
    assert!(twice >= once, "{twice} requests counted, {once} in one run");
}
