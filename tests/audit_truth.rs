//! `odaudit audit`'s findings against the ground truth of simulated worlds: every finding
//! code, per commune, scored against `odaudit_sim::oracle` (which reads the manifest
//! only, never the audit's comparison).
//!
//! `cargo test --test audit_truth -- --nocapture` prints the table of two worlds;
//! `-- --ignored --nocapture` prints it for seven (seeds 3, 5, 8 with faults none and
//! some; seed 77 hostile);
//! `ODAUDIT_TRUTH_WORLDS=5:none:80,9:some:60` audits other worlds (seed:faults:communes).

mod common;
#[path = "common/truth.rs"]
mod truth;

use odaudit::audit::FindingCode;
use odaudit_sim::FaultProfile;

#[test]
fn findings_match_the_ground_truth() {
    let worlds = truth::worlds_from_env()
        .unwrap_or_else(|| vec![(3, FaultProfile::None, 80), (8, FaultProfile::Some, 80)]);
    let (runs, all) = truth::evaluate(&worlds);
    // Audited at the worlds' own clock, files are a mix of on time and late: update
    // claims are put to a real test.
    assert!(
        all.of(FindingCode::UpdateClaimContradicted.as_str())
            .expected
            > 0,
        "some update claims are contradicted"
    );
    for run in &runs {
        let dn = run.score.of(FindingCode::DeclaredOpenNothingFound.as_str());
        assert!(
            dn.expected > 0,
            "{}: no over-claiming commune",
            run.summary()
        );
        assert_eq!(
            (dn.missed, dn.invented),
            (0, 0),
            "{}: every DECLARED_OPEN_NOTHING_FOUND caught, none invented",
            run.summary()
        );
        assert!(
            run.score.total().ratio() >= 0.98,
            "{}: at least 98% of findings right",
            run.summary()
        );
    }
}

/// Per file, the personal data and the Walloon standard `datasets.csv` reports are those
/// the world wrote: every file with personal data flagged with its kinds, no look-alike
/// flagged, every standard file named with its conformity, no other file called one.
#[test]
fn personal_data_and_standards_per_file_match_the_ground_truth() {
    let w = common::world(odaudit_sim::Config {
        seed: 3,
        communes: Some(80),
        faults: FaultProfile::None,
        ..odaudit_sim::Config::default()
    });
    let out = w.audit(&[]);
    common::assert_exit(&out, 0);
    let run = common::run_folder(&w.path().join("reports"));
    let bytes = std::fs::read(run.join("datasets.csv")).unwrap();
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(body);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (url, outcome, personal, standard, conforms) = (
        col("url"),
        col("outcome"),
        col("personal_data"),
        col("standard"),
        col("standard_conforms"),
    );
    let rows: std::collections::HashMap<String, csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[outcome] == "ok")
        .map(|r| (r[url].to_owned(), r))
        .collect();
    let (mut checked, mut with_personal, mut with_standard) = (0, 0, 0);
    let manifest = w.server.manifest();
    for d in manifest
        .communes
        .iter()
        .flat_map(|c| &c.datasets)
        .flat_map(|ds| &ds.distributions)
    {
        let Some(r) = rows.get(&d.url) else { continue };
        if d.fault.is_some() {
            continue;
        }
        checked += 1;
        let mut kinds: Vec<&str> = r[personal].split('+').filter(|k| !k.is_empty()).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, d.personal_data, "{}", d.url);
        let named = r[standard].split(' ').next().filter(|s| !s.is_empty());
        assert_eq!(named, d.standard.as_deref(), "{}", d.url);
        let verdict = (!r[conforms].is_empty()).then(|| &r[conforms] == "true");
        assert_eq!(verdict, d.standard_conforms, "{}", d.url);
        with_personal += usize::from(!d.personal_data.is_empty());
        with_standard += usize::from(d.standard.is_some());
    }
    eprintln!(
        "{checked} files checked: {with_personal} with personal data, {with_standard} standard"
    );
    assert!(checked > 100, "{checked}");
    assert!(with_personal >= 1 && with_standard >= 1 && with_personal + with_standard >= 3);
}

/// The oracle speaks the audit's codes: every code it can expect is one `findings.csv`
/// can carry, spelt alike.
#[test]
fn the_oracles_codes_are_the_audits() {
    for code in odaudit_sim::oracle::code::ALL {
        let parsed: FindingCode = code.parse().expect("a code odaudit knows");
        assert_eq!(parsed.as_str(), *code);
    }
}

/// The evaluation over more worlds, a hostile one among them (also `cargo bench --bench
/// findings`).
#[test]
#[ignore = "a few minutes: run with --ignored --nocapture for the table"]
fn findings_table_over_seven_worlds() {
    let (_, all) = truth::evaluate(&truth::table_worlds());
    assert!(all.total().ratio() >= 0.98);
}
