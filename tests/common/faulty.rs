//! A small simulated world with chosen faults on chosen commune hosts and real-looking
//! Crawl-delays, served, with its inputs and `--resolve` rules written: for the commands
//! that only read robots.txt and homepages (`targets check`, `plan`).

#![allow(dead_code)] // each test file uses part of it

use std::collections::BTreeMap;

use odaudit_sim::{self as sim, Fault};

/// The world of seed 3 with 24 communes, every Crawl-delay set to `delay` (`None`: as
/// generated, iMio's 120 s), and the `i`-th fault on the `2i`-th commune host.
pub fn world_with(
    faults: &[Fault],
    delay: Option<f64>,
) -> (sim::Server, sim::ServerThread, tempfile::TempDir) {
    let base = sim::Config {
        seed: 3,
        communes: Some(24),
        crawl_delay: delay,
        ..sim::Config::default()
    };
    let plain = sim::World::generate(&base).unwrap();
    let hosts: Vec<String> = plain
        .hosts()
        .into_iter()
        .filter(|h| h.starts_with("www.") && h != "www.odwb.be")
        .collect();
    let mut host_faults = BTreeMap::new();
    for (i, f) in faults.iter().enumerate() {
        host_faults.insert(hosts[i * 2].clone(), vec![*f]);
    }
    let world = sim::World::generate(&sim::Config {
        host_faults,
        ..base
    })
    .unwrap();
    let (server, thread) =
        sim::serve_in_thread(world, "127.0.0.1:0", sim::ServeOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    server
        .world()
        .write_inputs(dir.path(), server.port())
        .unwrap();
    let rules: String = server
        .resolve_rules()
        .iter()
        .map(|r| format!("{r}\n"))
        .collect();
    std::fs::write(dir.path().join("resolve"), rules).unwrap();
    (server, thread, dir)
}
