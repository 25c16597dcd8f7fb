//! Waiting for `odaudit simulate` to write its inputs, shared by the benches that start it.

use std::path::Path;
use std::time::{Duration, Instant};

/// Block until every file of `names` exists in `dir`, then a little more so the server
/// listens; panics after a minute.
pub fn for_files(dir: &Path, names: &[&str]) {
    let ready = Instant::now();
    while !names.iter().all(|n| dir.join(n).exists()) {
        assert!(
            ready.elapsed() < Duration::from_secs(60),
            "the simulated world did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
}
