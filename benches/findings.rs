//! How right `odaudit audit`'s findings are: per finding code, expected / found / right /
//! missed / invented against the oracle (`odaudit_sim::oracle`, the manifest's truth),
//! and overall |expected ∩ found| / |expected ∪ found|, per world and for all together.
//!
//! Run: `cargo bench --bench findings` (seeds 3, 5, 8 with faults none and some, and seed
//! 77 hostile; 80 communes), or `cargo bench --bench findings -- 11:none:120,12:some:60`.
//! Each world is audited at its own clock (`--as-of`), so freshness is judged as its dates
//! intend.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/truth.rs"]
mod truth;

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let worlds = match arg
        .map(|a| truth::parse_worlds(&a))
        .or_else(truth::worlds_from_env)
    {
        Some(worlds) => worlds,
        None => truth::table_worlds(),
    };
    truth::evaluate(&worlds);
}
