//! Audit a simulated world with the real `odaudit audit` and score its `findings.csv`
//! against the oracle's findings (`odaudit::sim::oracle`). Shared by `tests/audit_truth.rs`
//! and `benches/findings.rs`. With `ODAUDIT_KEEP_TRUTH` set, each world's folder (inputs,
//! reports, `manifest.json`) is kept and its path printed.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use odaudit::audit::FindingCode;
use odaudit::sim::oracle::{FindingKey, OracleOptions, Scorecard, expected_findings};
use odaudit::sim::{self, Config, FaultProfile};

/// One world audited and scored.
pub struct WorldRun {
    /// The world's seed.
    pub seed: u64,
    /// Its fault profile.
    pub faults: FaultProfile,
    /// Its communes.
    pub communes: usize,
    /// Findings against the oracle.
    pub score: Scorecard,
    /// Seconds the audit took.
    pub secs: f64,
}

impl WorldRun {
    /// One line: the world and its overall figure.
    pub fn summary(&self) -> String {
        let t = self.score.total();
        format!(
            "seed {} faults {:?} ({} communes): {:.1}% findings right — {} expected, {} found, {} missed, {} invented — audit {:.1} s",
            self.seed,
            self.faults,
            self.communes,
            100.0 * t.ratio(),
            t.expected,
            t.found,
            t.missed,
            t.invented,
            self.secs
        )
    }
}

/// Generate, serve, audit (`--min-delay 0`, robots.txt delays 0) and score one world.
pub fn audit_world(bin: &str, seed: u64, communes: usize, faults: FaultProfile) -> WorldRun {
    let world = sim::World::generate(&Config {
        seed,
        communes: Some(communes),
        faults,
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .expect("world");
    let (server, thread) =
        sim::serve_in_thread(world, "127.0.0.1:0", sim::ServeOptions::default()).expect("serve");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    server
        .world()
        .write_inputs(d, server.port())
        .expect("inputs");
    let rules: String = server
        .resolve_rules()
        .iter()
        .map(|r| format!("{r}\n"))
        .collect();
    std::fs::write(d.join("resolve"), rules).expect("resolve file");
    let now = jiff::Timestamp::now();
    let started = Instant::now();
    let out = Command::new(bin)
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
        .arg(d.join("reports"))
        .args(["--min-delay", "0", "-q"])
        .output()
        .expect("odaudit runs");
    let secs = started.elapsed().as_secs_f64();
    assert!(
        out.status.code() == Some(0),
        "odaudit audit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = std::fs::read_dir(d.join("reports"))
        .expect("reports")
        .map(|e| e.expect("entry").path())
        .find(|p| p.is_dir())
        .expect("a run folder");
    let found = read_findings(&run.join("findings.csv"));
    let expected = expected_findings(server.manifest(), &OracleOptions::at(now));
    let score = Scorecard::new(&expected, &found);
    if std::env::var_os("ODAUDIT_KEEP_TRUTH").is_some() {
        let json = serde_json::to_vec_pretty(server.manifest()).expect("manifest json");
        std::fs::write(d.join("manifest.json"), json).expect("manifest written");
    }
    drop(server);
    drop(thread);
    if std::env::var_os("ODAUDIT_KEEP_TRUTH").is_some() {
        // For a person investigating: the inputs, the reports and the manifest stay.
        let kept = dir.keep();
        eprintln!("seed {seed} faults {faults:?}: kept {}", kept.display());
    }
    WorldRun {
        seed,
        faults,
        communes,
        score,
        secs,
    }
}

/// Audit one world in-process (`audit::run_audit`, the pipeline `odaudit audit` runs)
/// at the world's own clock, so freshness is judged as the world's dates intend, and
/// score it at that clock. `odaudit audit` reads the wall clock, which ages the world.
pub fn audit_world_at_its_clock(seed: u64, communes: usize, faults: FaultProfile) -> WorldRun {
    use odaudit::discover::run::DiscoverOptions;
    use odaudit::fetch::{FetchConfig, Http, PoliteConfig};

    let world = sim::World::generate(&Config {
        seed,
        communes: Some(communes),
        faults,
        crawl_delay: Some(0.0),
        ..Config::default()
    })
    .expect("world");
    let (server, thread) =
        sim::serve_in_thread(world, "127.0.0.1:0", sim::ServeOptions::default()).expect("serve");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    server
        .world()
        .write_inputs(d, server.port())
        .expect("inputs");
    let targets = odaudit::targets::load_communes(&d.join("wallonia.csv")).expect("targets");
    let known = targets.iter().map(|c| c.nis_code).collect();
    let declarations =
        odaudit::declarations::load_declarations(&d.join("declarations-2020.csv"), &known)
            .expect("declarations");
    let portals: Vec<odaudit::discover::portals::Portal> =
        odaudit::targets::load_portals(&d.join("portals.csv"))
            .expect("portals file")
            .into_iter()
            .map(|p| p.try_into().expect("a portal"))
            .collect();
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: server.resolve_rules(),
            ..FetchConfig::default()
        },
        min_delay: std::time::Duration::ZERO,
        ..PoliteConfig::default()
    })
    .expect("http");
    let now: jiff::Timestamp = server.manifest().now.parse().expect("the world's clock");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    let (audits, _) = runtime.block_on(odaudit::audit::run_audit(
        &http,
        &targets,
        &portals,
        &declarations,
        &DiscoverOptions::default(),
        now,
        &|_| None,
    ));
    let secs = started.elapsed().as_secs_f64();
    let found: BTreeSet<FindingKey> = audits
        .iter()
        .flat_map(|a| &a.findings)
        .map(|f| FindingKey {
            nis_code: f.nis_code.to_string(),
            code: f.code,
            subject: f.subject.clone(),
        })
        .collect();
    let expected = expected_findings(server.manifest(), &OracleOptions::at(now));
    let score = Scorecard::new(&expected, &found);
    drop(server);
    drop(thread);
    WorldRun {
        seed,
        faults,
        communes,
        score,
        secs,
    }
}

/// Audit `worlds` (two at a time: most of a faulty world's audit is spent waiting on
/// `Retry-After`), printing each world's table and its misses, then all worlds together.
pub fn evaluate(bin: &str, worlds: &[(u64, FaultProfile, usize)]) -> (Vec<WorldRun>, Scorecard) {
    let mut runs: Vec<WorldRun> = Vec::new();
    for pair in worlds.chunks(2) {
        let done: Vec<WorldRun> = std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|&(seed, faults, communes)| {
                    s.spawn(move || audit_world(bin, seed, communes, faults))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("an audited world"))
                .collect()
        });
        for run in done {
            eprintln!("{}\n{}", run.summary(), run.score);
            for k in &run.score.missed {
                eprintln!("  missed   {k}");
            }
            for k in &run.score.invented {
                eprintln!("  invented {k}");
            }
            eprintln!();
            runs.push(run);
        }
    }
    let mut all = Scorecard::default();
    for run in &runs {
        all.merge(&run.score);
    }
    let t = all.total();
    eprintln!(
        "all {} worlds: {:.1}% findings right ({} expected, {} found, {} right, {} missed, {} invented)\n{all}",
        runs.len(),
        100.0 * t.ratio(),
        t.expected,
        t.found,
        t.right,
        t.missed,
        t.invented
    );
    (runs, all)
}

/// Worlds named in `ODAUDIT_TRUTH_WORLDS` as `seed:faults:communes`, comma-separated.
pub fn worlds_from_env() -> Option<Vec<(u64, FaultProfile, usize)>> {
    let spec = std::env::var("ODAUDIT_TRUTH_WORLDS").ok()?;
    Some(parse_worlds(&spec))
}

/// `3:none:80,8:some:80` (faults default to `none`, communes to 80).
pub fn parse_worlds(spec: &str) -> Vec<(u64, FaultProfile, usize)> {
    spec.split(',')
        .filter(|w| !w.trim().is_empty())
        .map(|w| {
            let mut parts = w.trim().split(':');
            let seed = parts.next().and_then(|s| s.parse().ok()).expect("a seed");
            let faults = parts.next().map_or(FaultProfile::None, |f| {
                f.parse().expect("none, some or hostile")
            });
            let communes = parts.next().map_or(80, |n| n.parse().expect("a count"));
            (seed, faults, communes)
        })
        .collect()
}

/// `findings.csv` as finding identities.
pub fn read_findings(path: &Path) -> BTreeSet<FindingKey> {
    let bytes = std::fs::read(path).expect("findings.csv");
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(body);
    let headers = r.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("findings.csv has no {name} column"))
    };
    let (nis, code, subject) = (col("nis_code"), col("code"), col("subject"));
    r.records()
        .map(|rec| {
            let rec = rec.expect("a findings.csv row");
            FindingKey {
                nis_code: rec[nis].to_owned(),
                code: rec[code].parse::<FindingCode>().expect("a known code"),
                subject: Some(rec[subject].to_owned()).filter(|s| !s.is_empty()),
            }
        })
        .collect()
}
