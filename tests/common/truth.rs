//! Audit a simulated world with the real `odaudit audit` and score its `findings.csv`
//! against the oracle's findings (`odaudit_sim::oracle`). Shared by `tests/audit_truth.rs`
//! and `benches/findings.rs`. With `ODAUDIT_KEEP_TRUTH` set, each world's folder (inputs,
//! reports, `manifest.json`) is kept and its path printed.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use odaudit::audit::FindingCode;
use odaudit_sim::oracle::{FindingKey, OracleOptions, Scorecard, expected_findings};
use odaudit_sim::{Config, FaultProfile};

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

/// Generate, serve, audit (`--min-delay 0`, robots.txt delays 0, `--as-of` the world's
/// clock, so freshness is judged as the world's dates intend) and score one world.
pub fn audit_world(seed: u64, communes: usize, faults: FaultProfile) -> WorldRun {
    let w = crate::common::world(Config {
        seed,
        communes: Some(communes),
        faults,
        ..Config::default()
    });
    let now: jiff::Timestamp = w.server.manifest().now.parse().expect("the world's clock");
    let started = Instant::now();
    let out = w.audit(&["--as-of", &now.to_string()]);
    let secs = started.elapsed().as_secs_f64();
    crate::common::assert_exit(&out, 0);
    let run = crate::common::run_folder(&w.path().join("reports"));
    let found = read_findings(&run.join("findings.csv"));
    let expected = expected_findings(w.server.manifest(), &OracleOptions::at(now));
    let score = Scorecard::new(&expected, &found);
    if std::env::var_os("ODAUDIT_KEEP_TRUTH").is_some() {
        // For a person investigating: the inputs, the reports and the manifest stay.
        let json = serde_json::to_vec_pretty(w.server.manifest()).expect("manifest json");
        std::fs::write(w.path().join("manifest.json"), json).expect("manifest written");
        let kept = w.dir.keep();
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

/// Audit `worlds` (two at a time: most of a faulty world's audit is spent waiting on
/// `Retry-After`), printing each world's table and its misses, then all worlds together.
pub fn evaluate(worlds: &[(u64, FaultProfile, usize)]) -> (Vec<WorldRun>, Scorecard) {
    let mut runs: Vec<WorldRun> = Vec::new();
    for pair in worlds.chunks(2) {
        let done: Vec<WorldRun> = std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|&(seed, faults, communes)| {
                    s.spawn(move || audit_world(seed, communes, faults))
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

/// The worlds of the findings table (the ignored test and the bench): seeds 3, 5 and 8
/// with faults `none` and `some`, and seed 77 `hostile` (endless bodies, gzip bombs, hangs,
/// resets, non-UTF-8 pages), 80 communes each. A hostile world alone takes about 90 s
/// (its hanging page costs a read timeout per try), too long for the default test.
pub fn table_worlds() -> Vec<(u64, FaultProfile, usize)> {
    [3, 5, 8]
        .into_iter()
        .flat_map(|seed| {
            [
                (seed, FaultProfile::None, 80),
                (seed, FaultProfile::Some, 80),
            ]
        })
        .chain([(77, FaultProfile::Hostile, 80)])
        .collect()
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
                // A code odaudit knows, compared with the oracle's as the stable string.
                code: rec[code]
                    .parse::<FindingCode>()
                    .expect("a known code")
                    .as_str()
                    .to_owned(),
                subject: Some(rec[subject].to_owned()).filter(|s| !s.is_empty()),
            }
        })
        .collect()
}
