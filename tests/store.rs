//! The history store: runs round-trip exactly, a crashed run resumes, validators and
//! last observations feed conditional requests, and diffs report exactly what changed.

use std::collections::{BTreeSet, HashMap};

use odaudit::assess::{Format, FreshnessClass, LicenceClass, Stars};
use odaudit::audit::model::{Evidence, Facts, Subject};
use odaudit::audit::{
    CommuneAudit, Finding, FindingCode, RatedDistribution, Severity, WebsiteSummary,
};
use odaudit::declarations::{Declaration, DeclaredChannel, FormatClass, UpdateRegime};
use odaudit::discover::Channel;
use odaudit::discover::problem::{Problem, ProblemKind};
use odaudit::fetch::{Broken, Outcome};
use odaudit::fetch::{HostStats, Validators};
use odaudit::store::{RunId, RunInfo, Store, StoreError};
use odaudit::targets::{Commune, NisCode};

fn nis(s: &str) -> NisCode {
    s.parse().expect("test NIS code")
}

fn info(started: &str) -> RunInfo {
    RunInfo {
        started: started.to_owned(),
        version: "0.1.0".to_owned(),
        config: serde_json::json!({"budget": 500, "only": null}),
        targets_fingerprint: "sha256:abc".to_owned(),
    }
}

fn dist(code: &str, title: &str, url: &str, stars: u8, fresh: FreshnessClass) -> RatedDistribution {
    RatedDistribution {
        nis_code: nis(code),
        dataset_title: title.to_owned(),
        channel: Channel::Odwb,
        portal: Some("odwb".to_owned()),
        landing_page: Some(format!("https://www.odwb.be/explore/dataset/{title}/")),
        url: url.to_owned(),
        status: Some(200),
        error: None,
        outcome: odaudit::fetch::Outcome::Ok,
        format: Some(Format::Csv),
        container: None,
        stars_format: Stars::new(3),
        licence: LicenceClass::Open,
        licence_name: Some("CC BY 4.0".to_owned()),
        stars: Stars::new(stars),
        stars_reason: format!("{stars} étoiles"),
        last_modified: Some("2026-10-01T00:00:00Z".to_owned()),
        modified_source: Some("data_processed".to_owned()),
        frequency: Some("monthly".to_owned()),
        freshness: fresh,
        age_days: Some(59),
        linked_from_website: true,
        mislabelled: false,
        claimed: None,
        bytes_read: 4096,
        validators: Validators {
            etag: Some(format!("\"{url}-v1\"")),
            last_modified: Some("Wed, 01 Oct 2026 00:00:00 GMT".to_owned()),
            listed: None,
        },
        reasons: vec!["CSV: delimiter ';'".to_owned()],
        personal_data: None,
        standard: None,
    }
}

fn finding(code: &str, fc: FindingCode, evidence: &[&str]) -> Finding {
    Finding {
        nis_code: nis(code),
        code: fc,
        subject: None,
        severity: Severity::Warning,
        facts: Facts::Files {
            files: evidence.len(),
            not_verifiable: 0,
        },
        evidence: evidence.iter().map(|s| Evidence::url(*s)).collect(),
    }
}

/// A plausible commune audit with two datasets (three distributions) and one finding.
fn commune(code: &str, name: &str) -> CommuneAudit {
    let u = |f: &str| format!("https://www.odwb.be/api/{code}/{f}");
    CommuneAudit {
        commune: Commune {
            nis_code: nis(code),
            name: name.to_owned(),
            province: "Namur".to_owned(),
            population: 12_345,
            website: Some(
                format!("https://www.{}.be/", name.to_lowercase())
                    .parse()
                    .expect("url"),
            ),
            own_portal: None,
            aliases: vec![format!("Commune de {name}")],
        },
        declaration: Some(Declaration {
            nis_code: nis(code),
            year: 2020,
            opens_data: true,
            channels: BTreeSet::from([DeclaredChannel::Odwb, DeclaredChannel::SiteWeb]),
            formats: BTreeSet::from([FormatClass::StructureProprietaire]),
            update: Some(UpdateRegime::ManuelRegulier),
            communication: BTreeSet::new(),
            planned_opening: None,
            line: 0,
            carried_from: Vec::new(),
        }),
        website: WebsiteSummary {
            url: Some(format!("https://www.{}.be/", name.to_lowercase())),
            status: odaudit::audit::WebsiteState::Ok,
            why: None,
            throttled: false,
            pages: 12,
            requests: 14,
            portal_links: vec![],
            platform: Some("imio_smartweb".into()),
            index: None,
        },
        datasets: 2,
        distributions: vec![
            dist(code, "budget", &u("budget.csv"), 3, FreshnessClass::OnTime),
            dist(code, "budget", &u("budget.json"), 3, FreshnessClass::OnTime),
            dist(
                code,
                "cimetieres",
                &u("cimetieres.csv"),
                3,
                FreshnessClass::OnTime,
            ),
        ],
        findings: vec![finding(code, FindingCode::ChannelNotFound, &[])],
        errors: vec![],
        unharvested: Default::default(),
    }
}

fn host(name: &str) -> HostStats {
    HostStats {
        host: name.to_owned(),
        requests: 10,
        status_2xx: 9,
        status_4xx: 1,
        bytes: 123_456,
        delay_seconds: 1.0,
        ..HostStats::default()
    }
}

#[test]
fn a_run_round_trips_exactly() {
    let mut store = Store::open_in_memory().expect("store");
    assert_eq!(
        store.schema_version().expect("version"),
        odaudit::store::SCHEMA_VERSION
    );
    let run = store
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    let mut saved = vec![commune("92094", "Namur"), commune("25005", "Beauvechain")];
    saved[1].declaration = None;
    saved[1].distributions[0].format = Some(Format::Xlsx);
    saved[1].distributions[0].status = None;
    saved[1].distributions[0].error = Some("timeout".to_owned());
    saved[1].errors.push(
        Problem::new(
            ProblemKind::RegionalPortalUnharvested {
                portal: "odwb".to_owned(),
            },
            "https://www.odwb.be/api: HTTP 503",
        )
        .at("https://www.odwb.be/")
        .with_outcome(Outcome::Broken(Broken::Status(503))),
    );
    for c in &saved {
        store.save_commune(run, c).expect("save");
    }
    let hosts = [host("www.odwb.be:443"), host("www.namur.be:443")];
    let totals = serde_json::json!({"communes": 2, "distributions": 6});
    store
        .finish_run(run, "2026-11-29T11:00:00Z", &hosts, totals.clone())
        .expect("finish");

    let (record, loaded) = store.load_run(run).expect("load");
    saved.sort_by_key(|c| c.commune.nis_code);
    assert_eq!(loaded, saved);
    assert_eq!(record.info, info("2026-11-29T10:00:00Z"));
    assert_eq!(record.totals, Some(totals));
    assert_eq!(
        record.hosts,
        Some(serde_json::to_value(hosts).expect("json"))
    );
    assert_eq!(
        record.summary.finished.as_deref(),
        Some("2026-11-29T11:00:00Z")
    );
    assert_eq!(
        (
            record.summary.communes,
            record.summary.distributions,
            record.summary.findings
        ),
        (2, 6, 2)
    );
    assert_eq!(record.summary.name, "2026-11-29T10-00-00Z-0001");
    assert_eq!(store.runs().expect("runs"), vec![record.summary.clone()]);
    assert_eq!(store.run_record(run).expect("record"), record);
    assert_eq!(store.unfinished_run().expect("unfinished"), None);
    // A finished run is history.
    assert!(matches!(
        store.save_commune(run, &saved[0]),
        Err(StoreError::RunFinished(r)) if r == run
    ));
    assert!(matches!(
        store.save_commune(RunId(99), &saved[0]),
        Err(StoreError::NoSuchRun(_))
    ));
}

#[test]
fn run_ids_parse_from_numbers_and_folder_names() {
    let name = RunId(7).folder_name("2026-11-29T11:00:00+01:00");
    assert_eq!(name, "2026-11-29T10-00-00Z-0007");
    for ok in ["7", "0007", "run-0007", &name, &format!("reports/{name}/")] {
        assert_eq!(ok.parse::<RunId>(), Ok(RunId(7)), "{ok}");
    }
    assert_eq!(RunId(3).folder_name("not a date"), "run-0003");
    for bad in [
        "",
        "0",
        "-3",
        "2026-11-29",
        "abc",
        "x-7",
        "7a",
        "99999999999999999999",
    ] {
        assert!(bad.parse::<RunId>().is_err(), "{bad}");
    }
    assert_eq!(RunId(12).to_string(), "12");
}

/// Runs saved when a commune's problems were text still load: each string is a problem
/// of kind `other` whose detail is that string, and nothing else of the audit changes.
#[test]
fn a_run_saved_with_problems_as_text_still_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("odaudit.sqlite");
    let saved = commune("92094", "Namur");
    let run = {
        let mut store = Store::open(&path).expect("create");
        let run = store
            .begin_run(&info("2026-11-29T10:00:00Z"))
            .expect("begin");
        store.save_commune(run, &saved).expect("save");
        store
            .finish_run(run, "2026-11-29T11:00:00Z", &[], serde_json::json!({}))
            .expect("finish");
        run
    };
    // What an older version wrote: `errors` as an array of strings.
    let old_errors = [
        "own portal https://data.namur.be/: https://data.namur.be/api: HTTP 500",
        "website crawl failed: task 12 panicked",
    ];
    {
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        let text: String = conn
            .query_row("SELECT CAST(audit AS TEXT) FROM communes", [], |r| r.get(0))
            .expect("audit");
        let mut audit: serde_json::Value = serde_json::from_str(&text).expect("json");
        audit["errors"] = serde_json::json!(old_errors);
        let changed = conn
            .execute(
                "UPDATE communes SET audit = ?1",
                [serde_json::to_string(&audit).expect("json")],
            )
            .expect("update");
        assert_eq!(changed, 1);
    }
    let store = Store::open(&path).expect("reopen");
    let (_, loaded) = store.load_run(run).expect("an old run loads");
    let mut expected = saved;
    expected.errors = old_errors
        .iter()
        .map(|e| Problem::new(ProblemKind::Other, e))
        .collect();
    assert_eq!(loaded, vec![expected]);
}

#[test]
fn a_crashed_run_resumes_with_what_was_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reports/odaudit.sqlite");
    let communes = [
        commune("92094", "Namur"),
        commune("25005", "Beauvechain"),
        commune("62063", "Liege"),
    ];
    let run = {
        let mut store = Store::open(&path).expect("create");
        let run = store
            .begin_run(&info("2026-11-29T10:00:00Z"))
            .expect("begin");
        store.save_commune(run, &communes[0]).expect("save");
        store.save_commune(run, &communes[1]).expect("save");
        run
        // Dropped without finish_run: the crash.
    };
    let mut store = Store::open(&path).expect("reopen");
    assert_eq!(store.unfinished_run().expect("unfinished"), Some(run));
    assert_eq!(
        store.finished_communes(run).expect("finished communes"),
        BTreeSet::from([nis("92094"), nis("25005")])
    );
    store
        .save_commune(run, &communes[2])
        .expect("save the rest");
    store
        .finish_run(run, "2026-11-29T12:00:00Z", &[], serde_json::json!({}))
        .expect("finish");
    assert_eq!(store.unfinished_run().expect("unfinished"), None);
    let (_, loaded) = store.load_run(run).expect("load");
    assert_eq!(loaded.len(), 3);

    // A later crash is resumable; an older crash superseded by a finished run is not.
    let crashed = store
        .begin_run(&info("2026-12-29T10:00:00Z"))
        .expect("begin");
    assert_eq!(store.unfinished_run().expect("unfinished"), Some(crashed));
    let done = store
        .begin_run(&info("2026-12-30T10:00:00Z"))
        .expect("begin");
    store
        .finish_run(done, "2026-12-30T11:00:00Z", &[], serde_json::json!({}))
        .expect("finish");
    assert_eq!(store.unfinished_run().expect("unfinished"), None);
    assert_eq!(store.latest_two().expect("latest two"), Some((run, done)));
}

#[test]
fn saving_a_commune_again_replaces_it() {
    let mut store = Store::open_in_memory().expect("store");
    let run = store
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    let first = commune("92094", "Namur");
    store.save_commune(run, &first).expect("save");
    let mut second = first.clone();
    second.distributions.truncate(1);
    second.findings.clear();
    store.save_commune(run, &second).expect("save again");
    let (record, loaded) = store.load_run(run).expect("load");
    assert_eq!(loaded, vec![second]);
    assert_eq!(
        (
            record.summary.communes,
            record.summary.distributions,
            record.summary.findings
        ),
        (1, 1, 0)
    );
    let url = &first.distributions[2].url;
    assert!(
        store.history(url).expect("history").is_empty(),
        "orphan rows left"
    );
}

#[test]
fn validators_and_observations_are_the_latest_answered_ones() {
    let mut store = Store::open_in_memory().expect("store");
    let r1 = store
        .begin_run(&info("2026-10-29T10:00:00Z"))
        .expect("begin");
    let c1 = commune("92094", "Namur");
    store.save_commune(r1, &c1).expect("save");
    store
        .finish_run(r1, "2026-10-29T11:00:00Z", &[], serde_json::json!({}))
        .expect("finish");

    let r2 = store
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    let mut c2 = c1.clone();
    // budget.csv: new validators, 2 stars now.
    c2.distributions[0].validators.etag = Some("\"v2\"".to_owned());
    c2.distributions[0].stars = Stars::new(2);
    // budget.json: no answer this time (timeout): the old validators still apply.
    c2.distributions[1].status = None;
    c2.distributions[1].error = Some("timeout".to_owned());
    c2.distributions[1].validators = Validators::default();
    // cimetieres.csv: answered without validators: none to send.
    c2.distributions[2].validators = Validators::default();
    store.save_commune(r2, &c2).expect("save");

    let v = store.validators().expect("validators");
    let expected: HashMap<String, Validators> = HashMap::from([
        (
            c2.distributions[0].url.clone(),
            c2.distributions[0].validators.clone(),
        ),
        (
            c1.distributions[1].url.clone(),
            c1.distributions[1].validators.clone(),
        ),
    ]);
    assert_eq!(v, expected);

    assert_eq!(
        store
            .last_observation(&c2.distributions[0].url)
            .expect("obs"),
        Some(c2.distributions[0].clone())
    );
    assert_eq!(
        store
            .last_observation(&c1.distributions[1].url)
            .expect("obs"),
        Some(c1.distributions[1].clone()),
        "the answered observation whose validators are sent"
    );
    assert_eq!(
        store.last_observation("https://nowhere/").expect("obs"),
        None
    );

    let stars: Vec<(RunId, u8)> = store
        .history(&c1.distributions[0].url)
        .expect("history")
        .iter()
        .map(|o| (o.run, o.stars.get()))
        .collect();
    assert_eq!(stars, vec![(r1, 3), (r2, 2)]);
}

#[test]
fn diff_reports_exactly_the_changes_made() {
    let mut store = Store::open_in_memory().expect("store");
    let a = commune("92094", "Namur");
    let untouched = commune("25005", "Beauvechain");
    let gone = commune("62063", "Liege");
    let r1 = store
        .begin_run(&info("2026-10-29T10:00:00Z"))
        .expect("begin");
    for c in [&a, &untouched, &gone] {
        store.save_commune(r1, c).expect("save");
    }
    store
        .finish_run(r1, "2026-10-29T11:00:00Z", &[], serde_json::json!({}))
        .expect("finish");

    let mut b = a.clone();
    let vanished = b.distributions.remove(2); // the whole "cimetieres" dataset
    let mut added = dist(
        "92094",
        "budget",
        "https://www.odwb.be/api/92094/budget.xlsx",
        2,
        FreshnessClass::OnTime,
    );
    added.format = Some(Format::Xlsx);
    b.distributions.push(added.clone());
    b.distributions[0].stars = Stars::new(0);
    b.distributions[0].stars_reason = "licence fermée".to_owned();
    b.distributions[1].freshness = FreshnessClass::Late;
    let closed = b.findings.remove(0);
    let opened = finding(
        "92094",
        FindingCode::BrokenDistribution,
        &["https://x/broken.csv"],
    );
    b.findings.push(opened.clone());
    let new_commune = commune("57081", "Tournai");

    let r2 = store
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    for c in [&b, &untouched, &new_commune] {
        store.save_commune(r2, c).expect("save");
    }
    store
        .finish_run(r2, "2026-11-29T11:00:00Z", &[], serde_json::json!({}))
        .expect("finish");

    assert_eq!(store.latest_two().expect("latest"), Some((r1, r2)));
    let d = odaudit::audit::diff_runs(&store, r1, r2).expect("diff");
    assert!(!d.is_empty());
    assert_eq!((d.from, d.to), (Some(r1), Some(r2)));
    assert_eq!(d.communes_only_in_from, vec![nis("62063")]);
    assert_eq!(d.communes_only_in_to, vec![nis("57081")]);
    let titles = |v: &[odaudit::audit::diff::DatasetRef]| {
        v.iter().map(|d| d.title.clone()).collect::<Vec<_>>()
    };
    assert_eq!(titles(&d.datasets_new), Vec::<String>::new());
    assert_eq!(titles(&d.datasets_vanished), vec!["cimetieres"]);
    let urls = |v: &[odaudit::audit::diff::DistributionRef]| {
        v.iter().map(|d| d.url.clone()).collect::<Vec<_>>()
    };
    assert_eq!(urls(&d.distributions_new), vec![added.url.clone()]);
    assert_eq!(urls(&d.distributions_vanished), vec![vanished.url.clone()]);
    assert_eq!(d.star_changes.len(), 1);
    let s = &d.star_changes[0];
    assert_eq!(
        (
            s.nis_code,
            s.url.as_str(),
            s.from.get(),
            s.to.get(),
            s.reason.as_str()
        ),
        (
            nis("92094"),
            a.distributions[0].url.as_str(),
            3,
            0,
            "licence fermée"
        )
    );
    assert_eq!(d.freshness_changes.len(), 1);
    let f = &d.freshness_changes[0];
    assert_eq!(
        (f.url.as_str(), f.from, f.to),
        (
            a.distributions[1].url.as_str(),
            FreshnessClass::OnTime,
            FreshnessClass::Late
        )
    );
    assert_eq!(d.findings_opened.len(), 1);
    assert_eq!(
        (
            d.findings_opened[0].code,
            d.findings_opened[0].first_evidence.as_deref()
        ),
        (opened.code, Some("https://x/broken.csv"))
    );
    assert_eq!(d.findings_closed.len(), 1);
    assert_eq!(d.findings_closed[0].code, closed.code);

    // A run compared with itself, or with an identical one, is empty.
    assert!(
        odaudit::audit::diff_runs(&store, r2, r2)
            .expect("diff")
            .is_empty()
    );
    let r3 = store
        .begin_run(&info("2026-12-29T10:00:00Z"))
        .expect("begin");
    for c in [&b, &untouched, &new_commune] {
        store.save_commune(r3, c).expect("save");
    }
    assert!(
        odaudit::audit::diff_runs(&store, r2, r3)
            .expect("diff")
            .is_empty()
    );
    // Unfinished runs are not diffed by default.
    assert_eq!(store.latest_two().expect("latest"), Some((r1, r2)));
}

#[test]
fn a_finding_on_other_facts_is_neither_opened_nor_closed() {
    let a = commune("92094", "Namur");
    let mut b = a.clone();
    b.findings[0].facts = Facts::Files {
        files: 7,
        not_verifiable: 1,
    };
    let d = odaudit::audit::RunDiff::between(&[a], &[b]);
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn a_finding_is_known_by_its_code_and_subject_not_by_its_evidence() {
    let a = commune("92094", "Namur");
    let mut b = a.clone();
    // Another broken link comes first: the same finding, with more evidence.
    b.findings[0]
        .evidence
        .insert(0, Evidence::url("https://www.namur.be/autre.csv"));
    let d = odaudit::audit::RunDiff::between(std::slice::from_ref(&a), &[b]);
    assert!(d.is_empty(), "{d:?}");

    // One channel found, another one lost: one finding closed, one opened.
    let channel = |subject: DeclaredChannel| Finding {
        subject: Some(Subject::Channel(subject)),
        facts: Facts::NoneFound,
        ..finding("92094", FindingCode::ChannelNotFound, &[])
    };
    let mut c = a.clone();
    c.findings.push(channel(DeclaredChannel::Odwb));
    let mut e = a;
    e.findings.push(channel(DeclaredChannel::SiteWeb));
    let d = odaudit::audit::RunDiff::between(&[c], &[e]);
    let subjects = |f: &[odaudit::audit::diff::FindingRef]| {
        f.iter()
            .map(|r| r.subject.map(|s| s.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(subjects(&d.findings_closed), [Some("odwb")]);
    assert_eq!(subjects(&d.findings_opened), [Some("site_web")]);
}

#[test]
fn two_readers_and_a_writer_share_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("odaudit.sqlite");
    let mut writer = Store::open(&path).expect("create");
    let run = writer
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    writer
        .save_commune(run, &commune("92094", "Namur"))
        .expect("save");

    let r1 = Store::open_read_only(&path).expect("reader 1");
    let r2 = Store::open(&path).expect("reader 2");
    assert_eq!(
        r1.finished_communes(run).expect("read"),
        BTreeSet::from([nis("92094")])
    );
    assert_eq!(
        r2.finished_communes(run).expect("read"),
        BTreeSet::from([nis("92094")])
    );
    // The writer goes on while both are open; they see each commit.
    writer
        .save_commune(run, &commune("25005", "Beauvechain"))
        .expect("save");
    assert_eq!(r1.runs().expect("runs")[0].communes, 2);
    assert_eq!(r2.load_run(run).expect("load").1.len(), 2);
    let journal: String = rusqlite_journal_mode(&path);
    assert_eq!(journal, "wal");
}

fn rusqlite_journal_mode(path: &std::path::Path) -> String {
    let c = rusqlite::Connection::open(path).expect("open");
    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma")
}

#[test]
fn bad_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let garbage = dir.path().join("garbage.sqlite");
    std::fs::write(&garbage, b"this is not a database, just some bytes....................................................................................").expect("write");
    assert!(Store::open(&garbage).is_err());
    assert!(Store::open_read_only(&dir.path().join("missing.sqlite")).is_err());

    // A file from a newer odaudit is refused, read-write and read-only.
    let newer = dir.path().join("newer.sqlite");
    drop(Store::open(&newer).expect("create"));
    {
        let c = rusqlite::Connection::open(&newer).expect("open");
        c.execute("UPDATE schema_version SET version = 99", [])
            .expect("bump");
    }
    assert!(matches!(
        Store::open(&newer),
        Err(StoreError::TooNew { found: 99 })
    ));
    assert!(matches!(
        Store::open_read_only(&newer),
        Err(StoreError::TooNew { found: 99 })
    ));

    // A corrupted JSON column is an error on load.
    let path = dir.path().join("ok.sqlite");
    let mut s = Store::open(&path).expect("create");
    let run = s.begin_run(&info("2026-11-29T10:00:00Z")).expect("begin");
    s.save_commune(run, &commune("92094", "Namur"))
        .expect("save");
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute("UPDATE communes SET audit = '{not json'", [])
            .expect("corrupt");
    }
    assert!(matches!(s.load_run(run), Err(StoreError::Json { .. })));
    assert!(matches!(
        s.load_run(RunId(42)),
        Err(StoreError::NoSuchRun(_))
    ));
    assert!(s.find_run("1").is_ok());
    assert!(s.find_run("2026-11-29T10-00-00Z-0001").is_ok());
    assert!(s.find_run("2026-11-30T10-00-00Z-0001").is_err());
    assert!(s.find_run("2").is_err());
}

#[test]
fn the_page_cache_is_replaced_by_each_run() {
    use odaudit::fetch::{CachedPage, Validators};
    let mut store = Store::open_in_memory().expect("store");
    assert!(store.page_cache().expect("read").is_empty());
    let page = |etag: &str| CachedPage {
        validators: Validators {
            etag: Some(etag.to_owned()),
            last_modified: None,
            listed: None,
        },
        content_type: Some("text/html".into()),
        body: b"<html></html>".to_vec(),
    };
    let mut first = std::collections::HashMap::new();
    first.insert("http://www.x.be/".to_owned(), page("\"a\""));
    first.insert("http://www.x.be/old".to_owned(), page("\"b\""));
    store
        .save_page_cache(&first, "2026-11-29T10:00:00Z")
        .expect("save");
    assert_eq!(store.page_cache().expect("read"), first);
    let mut second = std::collections::HashMap::new();
    second.insert("http://www.x.be/".to_owned(), page("\"c\""));
    store
        .save_page_cache(&second, "2026-12-29T10:00:00Z")
        .expect("save");
    assert_eq!(
        store.page_cache().expect("read"),
        second,
        "pages not seen again are dropped"
    );
}

/// A history written before findings were data (schema 2: a French `message`, evidence as
/// bare URLs, no `subject`/`facts` columns) opens, migrates, and reads: each old finding
/// keeps its sentence as a legacy fact, its subject typed, its URLs as evidence.
#[test]
fn a_history_of_sentences_migrates_and_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.sqlite");
    let mut s = Store::open(&path).expect("create");
    let run = s.begin_run(&info("2026-11-29T10:00:00Z")).expect("begin");
    s.save_commune(run, &commune("92094", "Namur"))
        .expect("save");
    drop(s);
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        let text: String = c
            .query_row("SELECT CAST(audit AS TEXT) FROM communes", [], |r| r.get(0))
            .expect("audit");
        let mut audit: serde_json::Value = serde_json::from_str(&text).expect("json");
        audit["findings"] = serde_json::json!([{
            "nis_code": "92094",
            "code": "CHANNEL_NOT_FOUND",
            "subject": "odwb",
            "severity": "warning",
            "message": "Canal déclaré sans données trouvées : ODWB.",
            "evidence": ["https://www.namur.be/"]
        }]);
        c.execute(
            "UPDATE communes SET audit = ?1",
            [serde_json::to_string(&audit).expect("json")],
        )
        .expect("old audit");
        c.execute_batch(
            "DELETE FROM findings;
             ALTER TABLE findings DROP COLUMN subject;
             ALTER TABLE findings DROP COLUMN facts;
             ALTER TABLE distributions DROP COLUMN judgement;
             ALTER TABLE validators DROP COLUMN judgement;
             ALTER TABLE validators DROP COLUMN listed;
             ALTER TABLE distributions DROP COLUMN outcome;
             ALTER TABLE runs DROP COLUMN invalid;
             UPDATE schema_version SET version = 2;",
        )
        .expect("back to schema 2");
    }
    assert!(matches!(
        Store::open_read_only(&path),
        Err(StoreError::NeedsMigration { .. })
    ));
    let mut s = Store::open(&path).expect("migrate");
    assert_eq!(
        s.schema_version().expect("version"),
        odaudit::store::SCHEMA_VERSION
    );
    let (_, audits) = s.load_run(run).expect("load");
    let f = &audits[0].findings[0];
    assert_eq!(f.subject, Some(Subject::Channel(DeclaredChannel::Odwb)));
    assert_eq!(
        f.facts,
        Facts::Legacy {
            message: "Canal déclaré sans données trouvées : ODWB.".to_owned()
        }
    );
    assert_eq!(f.evidence, [Evidence::url("https://www.namur.be/")]);
    // The migrated file takes new runs, findings as data.
    let run2 = s.begin_run(&info("2026-12-29T10:00:00Z")).expect("begin");
    s.save_commune(run2, &commune("92094", "Namur"))
        .expect("save after migration");
    let (_, audits) = s.load_run(run2).expect("load");
    assert!(matches!(audits[0].findings[0].facts, Facts::Files { .. }));
}

#[test]
fn verdicts_of_another_judgement_version_are_judged_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("history.sqlite");
    let c1 = commune("92094", "Namur");
    let url = c1.distributions[0].url.clone();
    let before = {
        let mut store = Store::open(&path).expect("store");
        let r1 = store
            .begin_run(&info("2026-10-29T10:00:00Z"))
            .expect("begin");
        store.save_commune(r1, &c1).expect("save");
        store
            .finish_run(r1, "2026-10-29T11:00:00Z", &[], serde_json::json!({}))
            .expect("finish");
        let v = store.validators().expect("validators");
        assert!(!v.is_empty());
        assert!(store.last_observation(&url).expect("obs").is_some());
        v
    };
    // The same history as an odaudit of schema 3 left it: verdicts without a version.
    {
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "ALTER TABLE distributions DROP COLUMN judgement;
             ALTER TABLE validators DROP COLUMN judgement;
             ALTER TABLE validators DROP COLUMN listed;
             ALTER TABLE distributions DROP COLUMN outcome;
             ALTER TABLE runs DROP COLUMN invalid;
             UPDATE schema_version SET version = 3;",
        )
        .expect("downgrade");
    }
    let mut store = Store::open(&path).expect("migrated");
    assert_eq!(
        store.schema_version().expect("version"),
        odaudit::store::SCHEMA_VERSION
    );
    // Old verdicts are kept as history but never reused: no conditional request, no 304.
    assert!(store.validators().expect("validators").is_empty());
    assert_eq!(store.last_observation(&url).expect("obs"), None);
    assert_eq!(store.history(&url).expect("history").len(), 1);
    // Judged again by this version: its validators and verdict serve the next run.
    let r2 = store
        .begin_run(&info("2026-11-29T10:00:00Z"))
        .expect("begin");
    store.save_commune(r2, &c1).expect("save");
    assert_eq!(store.validators().expect("validators"), before);
    assert_eq!(
        store.last_observation(&url).expect("obs"),
        Some(c1.distributions[0].clone())
    );
}
