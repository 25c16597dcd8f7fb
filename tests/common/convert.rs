//! The simulated world's words in the auditor's types, for the tests that compare the two.
//!
//! `odaudit_sim` does not depend on odaudit (its ground truth must not call the code it
//! grades), so it states formats as EU file-type codes, stars as numbers and `--resolve`
//! rules as `HOST:PORT:ADDR` strings. Converting here, by those public codes, also checks
//! that both sides name things alike: a code odaudit does not know fails the test.

#![allow(dead_code)] // each test file uses part of it

use odaudit::assess::{Container, Format, Stars};
use odaudit::fetch::ResolveRule;

/// The auditor's format of the sim's, by EU file-type code.
pub fn format(f: odaudit_sim::Format) -> Format {
    f.code()
        .parse()
        .unwrap_or_else(|e| panic!("the sim's format {f:?}: {e}"))
}

/// The auditor's container of the sim's, by code.
pub fn container(c: odaudit_sim::Container) -> Container {
    match c.code() {
        "ZIP" => Container::Zip,
        "GZIP" => Container::Gzip,
        other => panic!("the sim's container {other} is not odaudit's"),
    }
}

/// A star count of the manifest as the auditor's rating.
pub fn stars(n: u8) -> Stars {
    Stars::try_from(n).unwrap_or_else(|e| panic!("the manifest's stars: {e}"))
}

/// A server's `HOST:PORT:ADDR` rules, parsed as `--resolve` parses them.
pub fn resolve(server: &odaudit_sim::Server) -> Vec<ResolveRule> {
    server
        .resolve_rules()
        .iter()
        .map(|r| r.parse().unwrap_or_else(|e| panic!("{r}: {e}")))
        .collect()
}
