//! How right `odaudit audit`'s findings are: per finding code, expected / found / right /
//! missed / invented against the oracle (`odaudit::sim::oracle`, the manifest's truth),
//! and overall |expected ∩ found| / |expected ∪ found|, per world and for all together.
//!
//! Run: `cargo bench --bench findings` (seeds 3, 5, 8 with faults none and some, 80
//! communes), or `cargo bench --bench findings -- 11:none:120,12:some:60`; then one world
//! audited in-process at the world's own clock (freshness as the world's dates intend).

#[path = "../tests/common/truth.rs"]
mod truth;

use odaudit::sim::FaultProfile;

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let worlds = match arg
        .map(|a| truth::parse_worlds(&a))
        .or_else(truth::worlds_from_env)
    {
        Some(worlds) => worlds,
        None => [3, 5, 8]
            .into_iter()
            .flat_map(|seed| {
                [
                    (seed, FaultProfile::None, 80),
                    (seed, FaultProfile::Some, 80),
                ]
            })
            .collect(),
    };
    truth::evaluate(env!("CARGO_BIN_EXE_odaudit"), &worlds);
    // `odaudit audit` judges freshness at the wall clock, which ages the world; the same
    // pipeline in-process at the world's own clock puts UPDATE_CLAIM_CONTRADICTED to a
    // real test.
    let run = truth::audit_world_at_its_clock(5, 80, FaultProfile::None);
    eprintln!(
        "at the world's clock (in-process): {}\n{}",
        run.summary(),
        run.score
    );
}
