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
