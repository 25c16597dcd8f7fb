//! A run is finished only when every report file is in place, one writer at a time uses a
//! history, and an unwritable `--out` stops the run before any request.

mod common;

use common::{assert_exit, run_folder, small_world};

#[test]
fn a_run_whose_reports_failed_stays_unfinished_and_resume_completes_it() {
    let w = small_world(11, 6);
    let reference = w
        .audit_command("uninterrupted", &["--min-delay", "0"])
        .output()
        .unwrap();
    assert_exit(&reference, 0);

    // The runs index cannot be written (a folder stands where it goes): the crawl is
    // done, the reports are not all in place.
    let out = w.path().join("broken");
    std::fs::create_dir_all(out.join("index.html")).unwrap();
    let failed = w
        .audit_command("broken", &["--min-delay", "0"])
        .output()
        .unwrap();
    assert_exit(&failed, 1);
    let db = out.join("odaudit.sqlite");
    {
        let store = odaudit::store::Store::open_read_only(&db).unwrap();
        let runs = store.runs().unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(
            runs[0].finished, None,
            "a run without its reports is not finished"
        );
        assert_eq!(runs[0].communes, 6);
    }

    std::fs::remove_dir(out.join("index.html")).unwrap();
    let resumed = w
        .audit_command("broken", &["--min-delay", "0", "--resume"])
        .output()
        .unwrap();
    assert_exit(&resumed, 0);
    let store = odaudit::store::Store::open_read_only(&db).unwrap();
    let runs = store.runs().unwrap();
    assert_eq!(
        runs.len(),
        1,
        "--resume completed the run, it did not start another"
    );
    assert!(runs[0].finished.is_some());
    let (a, b) = (
        run_folder(&w.path().join("uninterrupted")),
        run_folder(&out),
    );
    for file in ["communes.csv", "datasets.csv", "findings.csv"] {
        assert_eq!(
            std::fs::read_to_string(a.join(file)).unwrap(),
            std::fs::read_to_string(b.join(file)).unwrap(),
            "{file}"
        );
    }
    let pages = |dir: &std::path::Path| std::fs::read_dir(dir.join("communes")).unwrap().count();
    assert_eq!(pages(&b), 6);
    assert!(b.join("index.html").is_file() && out.join("index.html").is_file());
    assert!(
        std::fs::read_dir(&out).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")),
        "no scratch folder left"
    );
}

#[test]
fn a_second_writer_of_a_history_is_refused_with_exit_2() {
    let w = small_world(12, 2);
    let out = w.path().join("reports");
    let _held = odaudit::run_lock::RunLock::acquire(&out.join("odaudit.sqlite")).unwrap();
    let second = w.audit(&[]);
    assert_exit(&second, 2);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another odaudit audit"), "{stderr}");
    assert!(
        !out.join("odaudit.sqlite").exists(),
        "the history was not touched"
    );
}

#[test]
fn an_unwritable_out_stops_the_run_before_any_request() {
    let w = small_world(13, 2);
    std::fs::write(w.path().join("not-a-folder"), b"").unwrap();
    // The history elsewhere: only the reports would fail, after the whole crawl.
    let history = w.path().join("history.sqlite");
    let out = w
        .audit_command(
            "not-a-folder",
            &["--min-delay", "0", "--store", history.to_str().unwrap()],
        )
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--out") && stderr.contains("not-a-folder"),
        "{stderr}"
    );
    assert!(
        w.server.request_log().is_empty(),
        "no request before the check"
    );
}
