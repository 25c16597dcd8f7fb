//! The kit of the tests that run the `odaudit` binary against a simulated world: the
//! world served on loopback in its own thread, its input files and `--resolve` rules in
//! a temporary folder, and readers for what a run writes.

#![allow(dead_code)] // each test file uses part of the kit

use std::path::{Path, PathBuf};
use std::process::Command;

use odaudit_sim as sim;

/// A simulated world, served, with its inputs written.
pub struct World {
    _thread: sim::ServerThread,
    /// The server (its manifest is the ground truth).
    pub server: sim::Server,
    /// Holds `wallonia.csv`, `portals.csv`, `declarations-2020.csv`, `resolve`, and
    /// whatever the runs write.
    pub dir: tempfile::TempDir,
}

/// Generate the world of `config` (crawl delays set to 0) and serve it.
pub fn world(config: sim::Config) -> World {
    let w = sim::World::generate(&sim::Config {
        crawl_delay: Some(0.0),
        ..config
    })
    .unwrap();
    let (server, thread) =
        sim::serve_in_thread(w, "127.0.0.1:0", sim::ServeOptions::default()).unwrap();
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
    World {
        _thread: thread,
        server,
        dir,
    }
}

/// The world of `seed` with `communes` communes, no faults.
pub fn small_world(seed: u64, communes: usize) -> World {
    world(sim::Config {
        seed,
        communes: Some(communes),
        ..sim::Config::default()
    })
}

impl World {
    /// The folder of inputs and outputs.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `odaudit audit -q` on the world, writing under `<dir>/<out>` (with its own
    /// history there).
    pub fn audit_command(&self, out: &str, extra: &[&str]) -> Command {
        let d = self.path();
        let mut command = Command::new(env!("CARGO_BIN_EXE_odaudit"));
        command
            .arg("audit")
            .arg("--targets")
            .arg(d.join("wallonia.csv"))
            .arg("--portals")
            .arg(d.join("portals.csv"))
            .arg("--declarations")
            .arg(d.join("declarations-2020.csv"))
            .arg("--resolve-file")
            .arg(d.join("resolve"))
            .arg("--out")
            .arg(d.join(out))
            .arg("-q")
            .args(extra);
        command
    }

    /// `odaudit audit` unpaced into `<dir>/reports`; its output.
    pub fn audit(&self, extra: &[&str]) -> std::process::Output {
        self.audit_command("reports", &[&["--min-delay", "0"], extra].concat())
            .output()
            .unwrap()
    }
}

/// `odaudit` ended with `code`; its stderr otherwise.
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The one run folder under `out`.
pub fn run_folder(out: &Path) -> PathBuf {
    let runs = run_folders(out);
    assert_eq!(runs.len(), 1, "{runs:?}");
    runs[0].clone()
}

/// The run folders under `out`, oldest first.
pub fn run_folders(out: &Path) -> Vec<PathBuf> {
    let mut runs: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    runs.sort();
    runs
}

/// A CSV report: its bytes (BOM included) and its rows (header excluded).
pub fn read_csv(path: &Path) -> (Vec<u8>, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let rows = csv::Reader::from_reader(body)
        .records()
        .map(Result::unwrap)
        .collect();
    (bytes, rows)
}
