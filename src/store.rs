//! The audit's memory: an embedded SQLite history of every run (default
//! `reports/odaudit.sqlite`, chosen by the caller).
//!
//! Why a database and not only the report folders: a monthly cron job must (1) send
//! conditional requests with the validators of the previous run, so an unchanged world
//! costs almost no bytes, and reuse the previous verdict when the answer is 304;
//! (2) resume a run killed part-way without redoing the communes already audited; and
//! (3) say what changed since last month. All three need the past, queryable.
//!
//! Layout (its version is [`SCHEMA_VERSION`], the one place it is written):
//! - `schema_version` — one row; [`Store::open`] migrates older files step by step and
//!   refuses newer ones, so an old binary never scribbles over a newer layout;
//! - `runs` — one row per run: start, end (NULL while running or after a crash),
//!   `invalid` (why, when the auditor's own connectivity failed: never compared with),
//!   version, configuration, targets fingerprint, totals, per-host statistics (JSON);
//! - `run_hosts` — per-host statistics of a run, as columns;
//! - `communes` — one row per commune per run, with the whole [`CommuneAudit`] as JSON
//!   in `audit`: reports are re-rendered from that column exactly, while the tables below
//!   are the same facts normalised for SQL (e.g. a distribution's stars over runs). The
//!   JSON is streamed in and out through SQLite's incremental blob I/O, so it is stored
//!   as a BLOB (`CAST(audit AS TEXT)` shows it; rows saved before 2026-12-03 hold TEXT,
//!   read the same way): a commune of 20,000 datasets is tens of megabytes of JSON, never
//!   held whole in memory beside its audit;
//! - `datasets`, `distributions`, `findings` — per run and commune;
//! - `validators` — the latest ETag / Last-Modified per distribution URL, and the date
//!   the site's own index listed it with (a table,
//!   because it is read once per run for every URL and must not scan all history);
//! - `judgement` (on `distributions` and `validators`) — the
//!   [`JUDGEMENT_VERSION`](crate::assess::JUDGEMENT_VERSION) that made a verdict. A
//!   verdict of another version is never reused: no conditional request is sent for its
//!   URL, so the file is downloaded and judged again (NULL: made before versions were
//!   stored);
//! - `observations` — a view: every rating of a URL with its run's start time.
//!
//! Durability: WAL journal with `synchronous = FULL`, foreign keys on, and each commune
//! written in its own transaction. A process killed at any point leaves every commune
//! already saved intact and no half-written one; readers (`odaudit diff`, a report) may
//! open the file while a run writes to it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::{Deserialize, Serialize};

use crate::assess::{FreshnessClass, JUDGEMENT_VERSION, Stars};
use crate::audit::diff::DatasetRef;
use crate::audit::{CommuneAudit, Finding, RatedDistribution};
use crate::fetch::{CachedPage, HostStats, Validators};
use crate::targets::NisCode;

/// What changed between two runs is the audit's to say (`crate::audit::diff`); named here
/// too for the code that still imports it from the store.
pub use crate::audit::diff::RunDiff;

/// The schema this build writes. Files at a lower version are migrated on open.
pub const SCHEMA_VERSION: i64 = 6;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (not a database, disk full, locked too long...).
    #[error("history store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A commune's audit could not be streamed into its row.
    #[error("history store: cannot write {what}: {source}")]
    Write {
        /// Which record.
        what: String,
        /// The I/O error of the blob.
        source: std::io::Error,
    },
    /// A JSON column could not be written or read back.
    #[error("history store: bad JSON in {what}: {source}")]
    Json {
        /// Which record.
        what: String,
        /// The serde error.
        source: serde_json::Error,
    },
    /// The file was written by a newer odaudit.
    #[error(
        "history store: schema version {found} is newer than this odaudit understands ({SCHEMA_VERSION}); upgrade odaudit"
    )]
    TooNew {
        /// The version found in the file.
        found: i64,
    },
    /// A read-only open of a file that needs migrating (or is not a store at all).
    #[error(
        "history store: schema version {found}, expected {SCHEMA_VERSION}; open it once read-write to migrate"
    )]
    NeedsMigration {
        /// The version found in the file (0: no store here).
        found: i64,
    },
    /// No run with this id.
    #[error("history store: no run {0}")]
    NoSuchRun(String),
    /// A finished run is history: its communes cannot be rewritten.
    #[error("history store: run {0} is finished; its communes cannot be changed")]
    RunFinished(RunId),
    /// A value the store refuses (explained).
    #[error("history store: {0}")]
    Invalid(String),
}

/// The store's result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A run's number: positive, allocated in increasing order, so later runs have larger ids.
///
/// It displays as the bare number (`42`). The folder name of a run is
/// [`RunSummary::name`] (`2026-11-29T10-00-00Z-0042`: start time in UTC, then the
/// number), which sorts by time and is safe on every file system; [`RunId::from_str`]
/// accepts either form (and `run-0042`, used when the start time is not RFC 3339).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RunId(pub i64);

impl RunId {
    /// The folder name of this run, given its start time (RFC 3339).
    pub fn folder_name(self, started: &str) -> String {
        match started.trim().parse::<jiff::Timestamp>() {
            Ok(ts) => format!("{}-{:04}", ts.strftime("%Y-%m-%dT%H-%M-%SZ"), self.0),
            Err(_) => format!("run-{:04}", self.0),
        }
    }
}

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for RunId {
    type Err = String;

    /// `42`, `0042`, `run-0042` or a folder name `2026-11-29T10-00-00Z-0042` (a trailing
    /// `/` and leading directories are ignored, so `reports/<name>/` works too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not a run id (a number, or a run folder name like 2026-11-29T10-00-00Z-0001)"
            )
        };
        let t = s.trim().trim_end_matches(['/', '\\']);
        let t = t.rsplit(['/', '\\']).next().unwrap_or(t);
        let digits = match t.rsplit_once('-') {
            None => t,
            Some((prefix, digits))
                if prefix == "run" || (prefix.len() > 1 && prefix.ends_with('Z')) =>
            {
                digits
            }
            Some(_) => return Err(bad()),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Ok(RunId(n)),
            _ => Err(bad()),
        }
    }
}

/// What is known of a run when it starts (the `run.json` header).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Start, RFC 3339.
    pub started: String,
    /// odaudit's version.
    pub version: String,
    /// The effective configuration.
    pub config: serde_json::Value,
    /// A digest of the inputs (targets, portals, declarations), so a resume can check
    /// it audits the same communes against the same answers.
    pub targets_fingerprint: String,
}

/// A run at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Its id.
    pub id: RunId,
    /// Its folder name (`reports/<name>/`), see [`RunId`].
    pub name: String,
    /// Start, RFC 3339.
    pub started: String,
    /// End, RFC 3339; `None` while running or after a crash.
    pub finished: Option<String>,
    /// Why the run is invalid (the auditor's own connectivity failed): such a run is
    /// kept for the record, but never compared with (`diff`, the report's previous run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
    /// Communes saved.
    pub communes: u64,
    /// Distributions saved.
    pub distributions: u64,
    /// Findings saved.
    pub findings: u64,
}

/// A run as stored: summary, header and what [`Store::finish_run`] recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The summary.
    pub summary: RunSummary,
    /// The header given to [`Store::begin_run`].
    pub info: RunInfo,
    /// Per-host statistics (a JSON array of `HostStats`): so far while the run goes on,
    /// all of them once it finished.
    pub hosts: Option<serde_json::Value>,
    /// Totals, once finished.
    pub totals: Option<serde_json::Value>,
}

/// One rating of a URL in one run (a row of the `observations` view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// The run.
    pub run: RunId,
    /// The run's start.
    pub started: String,
    /// The commune it was found for.
    pub nis_code: NisCode,
    /// HTTP status.
    pub status: Option<u16>,
    /// Stars earned.
    pub stars: Stars,
    /// Freshness verdict.
    pub freshness: FreshnessClass,
    /// Last modification.
    pub last_modified: Option<String>,
}

/// The history store. Writes take `&mut self` (one transaction at a time); share it
/// across tasks behind a `Mutex`, or open a second [`Store`] on the same file to read.
pub struct Store {
    conn: Connection,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

const MIGRATIONS: &[&str] = &[
    // 0 -> 1
    r#"
CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT UNIQUE,
    started             TEXT NOT NULL,
    finished            TEXT,
    version             TEXT NOT NULL,
    config              TEXT NOT NULL,
    targets_fingerprint TEXT NOT NULL,
    hosts               TEXT,
    totals              TEXT
);
CREATE TABLE run_hosts (
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    host          TEXT NOT NULL,
    requests      INTEGER NOT NULL,
    status_2xx    INTEGER NOT NULL,
    status_3xx    INTEGER NOT NULL,
    status_4xx    INTEGER NOT NULL,
    status_5xx    INTEGER NOT NULL,
    not_modified  INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    retries       INTEGER NOT NULL,
    disallowed    INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    delay_seconds REAL NOT NULL,
    PRIMARY KEY (run_id, host)
);
CREATE TABLE communes (
    run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    nis_code       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    website_status TEXT NOT NULL,
    datasets       INTEGER NOT NULL,
    distributions  INTEGER NOT NULL,
    findings       INTEGER NOT NULL,
    audit          TEXT NOT NULL,
    PRIMARY KEY (run_id, nis_code)
);
CREATE TABLE datasets (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL,
    nis_code     INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    portal       TEXT,
    landing_page TEXT,
    title        TEXT NOT NULL,
    FOREIGN KEY (run_id, nis_code) REFERENCES communes(run_id, nis_code) ON DELETE CASCADE
);
CREATE INDEX datasets_commune ON datasets(run_id, nis_code);
CREATE TABLE distributions (
    run_id              INTEGER NOT NULL,
    nis_code            INTEGER NOT NULL,
    ord                 INTEGER NOT NULL,
    dataset_id          INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    url                 TEXT NOT NULL,
    status              INTEGER,
    error               TEXT,
    format              TEXT,
    container           TEXT,
    stars_format        INTEGER NOT NULL,
    licence             TEXT NOT NULL,
    licence_name        TEXT,
    stars               INTEGER NOT NULL,
    last_modified       TEXT,
    modified_source     TEXT,
    frequency           TEXT,
    freshness           TEXT NOT NULL,
    age_days            INTEGER,
    linked_from_website INTEGER NOT NULL,
    mislabelled         INTEGER NOT NULL,
    bytes_read          INTEGER NOT NULL,
    etag                TEXT,
    http_last_modified  TEXT,
    record              TEXT NOT NULL,
    PRIMARY KEY (run_id, nis_code, ord),
    FOREIGN KEY (run_id, nis_code) REFERENCES communes(run_id, nis_code) ON DELETE CASCADE
);
CREATE INDEX distributions_url ON distributions(url, run_id);
CREATE INDEX distributions_dataset ON distributions(dataset_id);
CREATE TABLE findings (
    run_id         INTEGER NOT NULL,
    nis_code       INTEGER NOT NULL,
    ord            INTEGER NOT NULL,
    code           TEXT NOT NULL,
    severity       TEXT NOT NULL,
    message        TEXT NOT NULL,
    first_evidence TEXT,
    evidence       TEXT NOT NULL,
    PRIMARY KEY (run_id, nis_code, ord),
    FOREIGN KEY (run_id, nis_code) REFERENCES communes(run_id, nis_code) ON DELETE CASCADE
);
CREATE INDEX findings_code ON findings(code, run_id);
CREATE TABLE validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE
);
CREATE VIEW observations AS
    SELECT d.url, d.run_id, r.started, d.nis_code, d.status, d.stars, d.stars_format,
           d.licence, d.format, d.freshness, d.last_modified, d.bytes_read
    FROM distributions d JOIN runs r ON r.id = d.run_id;
"#,
    // 1 -> 2: pages and API answers kept for conditional requests on the next run.
    r#"
CREATE TABLE page_cache (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    body          BLOB NOT NULL,
    seen          TEXT NOT NULL
);
"#,
    // 2 -> 3: findings are data. Their subject and facts (JSON) get columns; `message`
    // keeps the French wording for SQL readers; `evidence` holds objects (url, seen) from
    // now on, bare URLs before. Older rows keep their message and get no facts; the
    // audits saved as JSON read as before (a saved sentence becomes a legacy fact).
    r#"
ALTER TABLE findings ADD COLUMN subject TEXT;
ALTER TABLE findings ADD COLUMN facts TEXT;
"#,
    // 3 -> 4: the judgement version of each verdict; older rows stay NULL (re-judged).
    r#"
ALTER TABLE distributions ADD COLUMN judgement INTEGER;
ALTER TABLE validators ADD COLUMN judgement INTEGER;
"#,
    // 4 -> 5: whose fault a failure is, per distribution (`ok`, `broken:http_404`,
    // `not_verifiable:throttled`...; NULL for rows written before); runs made invalid by
    // the auditor's own outage.
    r#"
ALTER TABLE distributions ADD COLUMN outcome TEXT;
ALTER TABLE runs ADD COLUMN invalid TEXT;
"#,
    // 5 -> 6: the date a site's own index gave a file when it was fetched: the same date
    // listed again spares the request.
    r#"
ALTER TABLE validators ADD COLUMN listed TEXT;
"#,
];

fn json<T: Serialize + ?Sized>(what: &str, v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|source| StoreError::Json {
        what: what.to_owned(),
        source,
    })
}

/// The length of `v` as JSON, counted without holding the text.
fn json_size<T: Serialize + ?Sized>(what: &str, v: &T) -> Result<i64> {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, v).map_err(|source| StoreError::Json {
        what: what.to_owned(),
        source,
    })?;
    Ok(sat(count.0))
}

/// A commune's audit written as JSON straight into the `zeroblob` its row was given, so
/// neither odaudit nor SQLite holds the whole text (tens of megabytes for a commune of
/// 20,000 datasets) beside the audit.
fn write_json_blob(tx: &Transaction<'_>, rowid: i64, audit: &CommuneAudit) -> Result<()> {
    let blob = tx.blob_open(rusqlite::MAIN_DB, "communes", "audit", rowid, false)?;
    let what = || format!("commune audit {}", audit.commune.nis_code);
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, blob);
    serde_json::to_writer(&mut out, audit).map_err(|source| StoreError::Json {
        what: what(),
        source,
    })?;
    let blob = out.into_inner().map_err(|e| StoreError::Write {
        what: what(),
        source: e.into_error(),
    })?;
    blob.close()?;
    Ok(())
}

/// A commune's audit read from its row as a stream (a BLOB written by
/// [`write_json_blob`], or the TEXT of a run saved before it).
fn read_json_blob(conn: &Connection, rowid: i64, what: &str) -> Result<CommuneAudit> {
    let blob = conn.blob_open(rusqlite::MAIN_DB, "communes", "audit", rowid, true)?;
    let reader = std::io::BufReader::with_capacity(64 * 1024, blob);
    serde_json::from_reader(reader).map_err(|source| StoreError::Json {
        what: what.to_owned(),
        source,
    })
}

fn unjson<T: for<'de> Deserialize<'de>>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|source| StoreError::Json {
        what: what.to_owned(),
        source,
    })
}

/// A serde unit-variant token (`website`, `on_time`), for the normalised columns.
fn token<T: Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        Ok(other) => Some(other.to_string()),
        Err(_) => None,
    }
}

/// Counts are `u64`; SQLite integers are `i64`. The JSON keeps the exact value.
fn sat(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn nis_of(n: i64) -> Result<NisCode> {
    n.to_string()
        .parse()
        .map_err(|e: String| StoreError::Invalid(format!("stored NIS code: {e}")))
}

impl Store {
    /// Open (creating if needed, with its folder) the store at `path`, and migrate it
    /// to [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Invalid(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let conn = Connection::open(path)?;
        Store::setup(conn, true)
    }

    /// Open an existing store for reading only (`odaudit diff`, reports), safe while a
    /// run writes to it. Fails if there is no store there or it needs migrating.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Store::setup(conn, false)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, true)
    }

    fn setup(mut conn: Connection, write: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if write {
            // Returns the mode ("wal", or "memory" in memory), hence query_row.
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            migrate(&mut conn)?;
        } else {
            let v = read_version(&conn)?;
            if v > SCHEMA_VERSION {
                return Err(StoreError::TooNew { found: v });
            }
            if v < SCHEMA_VERSION {
                return Err(StoreError::NeedsMigration { found: v });
            }
        }
        Ok(Store { conn })
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        read_version(&self.conn)
    }

    /// Record the start of a run and allocate its id.
    pub fn begin_run(&mut self, info: &RunInfo) -> Result<RunId> {
        let config = json("run configuration", &info.config)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO runs (started, version, config, targets_fingerprint) VALUES (?1, ?2, ?3, ?4)",
            params![info.started, info.version, config, info.targets_fingerprint],
        )?;
        let id = RunId(tx.last_insert_rowid());
        tx.execute(
            "UPDATE runs SET name = ?1 WHERE id = ?2",
            params![id.folder_name(&info.started), id.0],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Save one commune's audit in `run`, in its own transaction, replacing what an
    /// earlier save of the same commune in the same run wrote.
    pub fn save_commune(&mut self, run: RunId, audit: &CommuneAudit) -> Result<()> {
        let nis = i64::from(audit.commune.nis_code.get());
        let size = json_size("commune audit", audit)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let finished: Option<Option<String>> = tx
            .query_row("SELECT finished FROM runs WHERE id = ?1", [run.0], |r| {
                r.get(0)
            })
            .optional()?;
        match finished {
            None => return Err(StoreError::NoSuchRun(run.to_string())),
            Some(Some(_)) => return Err(StoreError::RunFinished(run)),
            Some(None) => {}
        }
        tx.execute(
            "DELETE FROM communes WHERE run_id = ?1 AND nis_code = ?2",
            params![run.0, nis],
        )?;
        tx.execute(
            "INSERT INTO communes (run_id, nis_code, name, website_status, datasets, distributions, findings, audit)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, zeroblob(?8))",
            params![
                run.0,
                nis,
                audit.commune.name,
                audit.website.status.as_str(),
                sat(audit.datasets),
                sat(audit.distributions.len() as u64),
                sat(audit.findings.len() as u64),
                size,
            ],
        )?;
        write_json_blob(&tx, tx.last_insert_rowid(), audit)?;
        insert_distributions(&tx, run, nis, &audit.distributions)?;
        insert_findings(&tx, run, nis, &audit.findings)?;
        tx.commit()?;
        Ok(())
    }

    /// Record the end of a run with its per-host statistics and totals.
    pub fn finish_run(
        &mut self,
        run: RunId,
        finished: &str,
        hosts: &[HostStats],
        totals: serde_json::Value,
    ) -> Result<()> {
        let hosts_json = json("host statistics", hosts)?;
        let totals_json = json("totals", &totals)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE runs SET finished = ?1, hosts = ?2, totals = ?3 WHERE id = ?4",
            params![finished, hosts_json, totals_json, run.0],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchRun(run.to_string()));
        }
        tx.execute("DELETE FROM run_hosts WHERE run_id = ?1", [run.0])?;
        {
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO run_hosts (run_id, host, requests, status_2xx, status_3xx, status_4xx,
                   status_5xx, not_modified, errors, retries, disallowed, bytes, delay_seconds)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for h in hosts {
                let delay = if h.delay_seconds.is_finite() {
                    h.delay_seconds
                } else {
                    0.0
                };
                st.execute(params![
                    run.0,
                    h.host,
                    sat(h.requests),
                    sat(h.status_2xx),
                    sat(h.status_3xx),
                    sat(h.status_4xx),
                    sat(h.status_5xx),
                    sat(h.not_modified),
                    sat(h.errors),
                    sat(h.retries),
                    sat(h.disallowed),
                    sat(h.bytes),
                    delay,
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Mark a run invalid: the auditor's own connectivity failed, so what it found says
    /// nothing of the communes. It stays in the history, out of every comparison.
    pub fn invalidate_run(&mut self, run: RunId, why: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE runs SET invalid = ?1 WHERE id = ?2",
            params![why, run.0],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchRun(run.to_string()));
        }
        Ok(())
    }

    /// Record the per-host statistics of an unfinished run so far, so a resumed run
    /// counts the requests of its interrupted part too.
    pub fn save_hosts(&mut self, run: RunId, hosts: &[HostStats]) -> Result<()> {
        let hosts_json = json("host statistics", hosts)?;
        self.conn.execute(
            "UPDATE runs SET hosts = ?1 WHERE id = ?2 AND finished IS NULL",
            params![hosts_json, run.0],
        )?;
        Ok(())
    }

    /// The most recent run, if it never finished: the one `--resume` continues. An
    /// older unfinished run followed by a finished one is abandoned, not resumed.
    pub fn unfinished_run(&self) -> Result<Option<RunId>> {
        let latest: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, finished FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match latest {
            Some((id, None)) => Some(RunId(id)),
            _ => None,
        })
    }

    /// The communes already saved in `run` (to skip on `--resume`).
    pub fn finished_communes(&self, run: RunId) -> Result<BTreeSet<NisCode>> {
        let mut st = self
            .conn
            .prepare("SELECT nis_code FROM communes WHERE run_id = ?1")?;
        let rows = st.query_map([run.0], |r| r.get::<_, i64>(0))?;
        let mut out = BTreeSet::new();
        for n in rows {
            out.insert(nis_of(n?)?);
        }
        Ok(out)
    }

    /// Pages and API answers kept by the last run, by URL.
    pub fn page_cache(&self) -> Result<HashMap<String, CachedPage>> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, etag, last_modified, content_type, body FROM page_cache")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                CachedPage {
                    validators: Validators {
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        listed: None,
                    },
                    content_type: r.get(3)?,
                    body: r.get(4)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (url, page) = row?;
            out.insert(url, page);
        }
        Ok(out)
    }

    /// Replace the kept answers with this run's (`seen`: RFC 3339 time of the run).
    pub fn save_page_cache<'a, U: AsRef<str>>(
        &mut self,
        pages: impl IntoIterator<Item = (U, &'a CachedPage)>,
        seen: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM page_cache", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO page_cache (url, etag, last_modified, content_type, body, seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (url, p) in pages {
                insert.execute(rusqlite::params![
                    url.as_ref(),
                    p.validators.etag,
                    p.validators.last_modified,
                    p.content_type,
                    p.body,
                    seen
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The validators of each distribution URL's latest answered probe (any run), for
    /// conditional requests. URLs whose latest answer had no validator are left out, and
    /// so are those judged by another [`JUDGEMENT_VERSION`]: a 304 would reuse a verdict
    /// this version may not give, so their files are downloaded and judged again.
    pub fn validators(&self) -> Result<HashMap<String, Validators>> {
        let mut st = self.conn.prepare(
            "SELECT url, etag, last_modified, listed FROM validators
             WHERE (etag IS NOT NULL OR last_modified IS NOT NULL OR listed IS NOT NULL)
               AND judgement = ?1",
        )?;
        let rows = st.query_map([JUDGEMENT_VERSION], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Validators {
                    etag: r.get(1)?,
                    last_modified: r.get(2)?,
                    listed: r.get(3)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (url, v) = row?;
            out.insert(url, v);
        }
        Ok(out)
    }

    /// The latest rating of `url` that came with an HTTP answer (the same one whose
    /// validators [`Store::validators`] returns), so a 304 can reuse its verdict; `None`
    /// when that rating was made by another [`JUDGEMENT_VERSION`].
    pub fn last_observation(&self, url: &str) -> Result<Option<RatedDistribution>> {
        let rec: Option<(String, Option<u32>)> = self
            .conn
            .query_row(
                "SELECT record, judgement FROM distributions WHERE url = ?1 AND status IS NOT NULL
                 ORDER BY run_id DESC, rowid DESC LIMIT 1",
                [url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        rec.filter(|(_, judgement)| *judgement == Some(JUDGEMENT_VERSION))
            .map(|(s, _)| unjson("distribution record", &s))
            .transpose()
    }

    /// Every rating of `url`, oldest run first (e.g. its stars over time).
    pub fn history(&self, url: &str) -> Result<Vec<Observation>> {
        let mut st = self.conn.prepare(
            "SELECT run_id, started, nis_code, status, stars, freshness, last_modified
             FROM observations WHERE url = ?1 ORDER BY run_id, nis_code",
        )?;
        let rows = st.query_map([url], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (run, started, nis, status, stars, freshness, last_modified) = row?;
            let stars = u8::try_from(stars)
                .ok()
                .and_then(|s| Stars::try_from(s).ok())
                .ok_or_else(|| StoreError::Invalid(format!("stored stars {stars}")))?;
            out.push(Observation {
                run: RunId(run),
                started,
                nis_code: nis_of(nis)?,
                status: status.and_then(|s| u16::try_from(s).ok()),
                stars,
                freshness: unjson("freshness", &json("freshness", &freshness)?)?,
                last_modified,
            });
        }
        Ok(out)
    }

    /// All runs, oldest first.
    pub fn runs(&self) -> Result<Vec<RunSummary>> {
        let mut st = self.conn.prepare(&format!("{SUMMARY_SQL} ORDER BY r.id"))?;
        let rows = st.query_map([], summary_row)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?);
        }
        Ok(out)
    }

    /// A run's summary, or [`StoreError::NoSuchRun`].
    pub fn run_summary(&self, run: RunId) -> Result<RunSummary> {
        self.conn
            .query_row(
                &format!("{SUMMARY_SQL} WHERE r.id = ?1"),
                [run.0],
                summary_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchRun(run.to_string()))
    }

    /// Resolve what a user typed (a number or a folder name, see [`RunId::from_str`])
    /// to an existing run; a folder name must match the run's.
    pub fn find_run(&self, text: &str) -> Result<RunId> {
        let id: RunId = text.parse().map_err(StoreError::Invalid)?;
        let s = self.run_summary(id)?;
        let t = text.trim().trim_end_matches(['/', '\\']);
        let t = t.rsplit(['/', '\\']).next().unwrap_or(t);
        if t.contains('-') && t != s.name {
            return Err(StoreError::NoSuchRun(text.to_owned()));
        }
        Ok(id)
    }

    /// A run's header and end record without its communes (e.g. for `--resume` to
    /// check the targets fingerprint).
    pub fn run_record(&self, run: RunId) -> Result<RunRecord> {
        let summary = self.run_summary(run)?;
        let (version, config, fingerprint, hosts, totals): (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
        ) = self.conn.query_row(
            "SELECT version, config, targets_fingerprint, hosts, totals FROM runs WHERE id = ?1",
            [run.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let record = RunRecord {
            info: RunInfo {
                started: summary.started.clone(),
                version,
                config: unjson("run configuration", &config)?,
                targets_fingerprint: fingerprint,
            },
            summary,
            hosts: hosts.map(|h| unjson("host statistics", &h)).transpose()?,
            totals: totals.map(|t| unjson("totals", &t)).transpose()?,
        };
        Ok(record)
    }

    /// A run with every commune audit, in NIS-code order, exactly as saved.
    pub fn load_run(&self, run: RunId) -> Result<(RunRecord, Vec<CommuneAudit>)> {
        let record = self.run_record(run)?;
        let mut st = self
            .conn
            .prepare("SELECT rowid, nis_code FROM communes WHERE run_id = ?1 ORDER BY nis_code")?;
        let rows: Vec<(i64, i64)> = st
            .query_map([run.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut communes = Vec::new();
        for (rowid, nis) in rows {
            communes.push(read_json_blob(
                &self.conn,
                rowid,
                &format!("commune {nis} of run {run}"),
            )?);
        }
        Ok((record, communes))
    }

    /// The two most recent finished runs, earlier first (`odaudit diff`'s default);
    /// invalid runs are left out.
    pub fn latest_two(&self) -> Result<Option<(RunId, RunId)>> {
        let mut st = self
            .conn
            .prepare("SELECT id FROM runs WHERE finished IS NOT NULL AND invalid IS NULL ORDER BY id DESC LIMIT 2")?;
        let ids: Vec<i64> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(match ids.as_slice() {
            [later, earlier] => Some((RunId(*earlier), RunId(*later))),
            _ => None,
        })
    }
}

const SUMMARY_SQL: &str = "SELECT r.id, r.name, r.started, r.finished,
    (SELECT COUNT(*) FROM communes c WHERE c.run_id = r.id),
    (SELECT COUNT(*) FROM distributions d WHERE d.run_id = r.id),
    (SELECT COUNT(*) FROM findings f WHERE f.run_id = r.id),
    r.invalid
    FROM runs r";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunSummary> {
    let id = RunId(r.get(0)?);
    let started: String = r.get(2)?;
    let name: Option<String> = r.get(1)?;
    Ok(RunSummary {
        id,
        name: name.unwrap_or_else(|| id.folder_name(&started)),
        started,
        finished: r.get(3)?,
        communes: count(r.get(4)?),
        distributions: count(r.get(5)?),
        findings: count(r.get(6)?),
        invalid: r.get(7)?,
    })
}

fn read_version(conn: &Connection) -> Result<i64> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    Ok(conn
        .query_row("SELECT MAX(version) FROM schema_version", [], |r| {
            r.get::<_, Option<i64>>(0)
        })?
        .unwrap_or(0))
}

fn migrate(conn: &mut Connection) -> Result<()> {
    // IMMEDIATE: two processes opening a fresh file cannot both migrate it.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let found = read_version(&tx)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew { found });
    }
    let start = usize::try_from(found.max(0)).unwrap_or(0);
    for (i, step) in MIGRATIONS.iter().enumerate().skip(start) {
        tx.execute_batch(step)?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [i64::try_from(i + 1).unwrap_or(i64::MAX)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

const INSERT_DATASET: &str =
    "INSERT INTO datasets (run_id, nis_code, channel, portal, landing_page, title)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

const INSERT_DISTRIBUTION: &str =
    "INSERT INTO distributions (run_id, nis_code, ord, dataset_id, url, status, error, format,
       container, stars_format, licence, licence_name, stars, last_modified, modified_source,
       frequency, freshness, age_days, linked_from_website, mislabelled, bytes_read, etag,
       http_last_modified, record, judgement, outcome)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
       ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";

/// Only an answered probe says anything about validators; the latest run wins.
const UPSERT_VALIDATORS: &str =
    "INSERT INTO validators (url, etag, last_modified, run_id, judgement, listed)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,
       last_modified = excluded.last_modified, listed = excluded.listed,
       run_id = excluded.run_id,
       judgement = excluded.judgement
     WHERE excluded.run_id >= validators.run_id";

fn insert_distributions(
    tx: &Transaction<'_>,
    run: RunId,
    nis: i64,
    dists: &[RatedDistribution],
) -> Result<()> {
    let mut datasets: BTreeMap<DatasetRef, i64> = BTreeMap::new();
    let mut ins_ds = tx.prepare(INSERT_DATASET)?;
    let mut ins = tx.prepare(INSERT_DISTRIBUTION)?;
    let mut val = tx.prepare(UPSERT_VALIDATORS)?;
    for (ord, d) in dists.iter().enumerate() {
        let key = DatasetRef::of(d);
        let dataset_id = match datasets.get(&key) {
            Some(id) => *id,
            None => {
                ins_ds.execute(params![
                    run.0,
                    nis,
                    token(&key.channel),
                    key.portal,
                    key.landing_page,
                    key.title
                ])?;
                let id = tx.last_insert_rowid();
                datasets.insert(key, id);
                id
            }
        };
        insert_distribution(&mut ins, (run, nis, ord, dataset_id), d)?;
        if d.status.is_some() {
            val.execute(params![
                d.url,
                d.validators.etag,
                d.validators.last_modified,
                run.0,
                JUDGEMENT_VERSION,
                d.validators.listed,
            ])?;
        }
    }
    Ok(())
}

/// One row of `distributions`: its run, commune, order and dataset row, then the file.
fn insert_distribution(
    ins: &mut rusqlite::Statement<'_>,
    (run, nis, ord, dataset_id): (RunId, i64, usize, i64),
    d: &RatedDistribution,
) -> Result<()> {
    ins.execute(params![
        run.0,
        nis,
        sat(ord as u64),
        dataset_id,
        d.url,
        d.status,
        d.error,
        d.format.map(|f| f.code()),
        d.container.map(|c| c.code()),
        d.stars_format.get(),
        d.licence.as_str(),
        d.licence_name,
        d.stars.get(),
        d.last_modified,
        d.modified_source,
        d.frequency,
        d.freshness.as_str(),
        d.age_days,
        d.linked_from_website,
        d.mislabelled,
        sat(d.bytes_read),
        d.validators.etag,
        d.validators.last_modified,
        json("distribution record", d)?,
        JUDGEMENT_VERSION,
        d.outcome.to_string(),
    ])?;
    Ok(())
}

fn insert_findings(tx: &Transaction<'_>, run: RunId, nis: i64, findings: &[Finding]) -> Result<()> {
    let mut ins = tx.prepare(
        "INSERT INTO findings (run_id, nis_code, ord, code, severity, message, first_evidence,
           evidence, subject, facts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (ord, f) in findings.iter().enumerate() {
        ins.execute(params![
            run.0,
            nis,
            sat(ord as u64),
            f.code.as_str(),
            f.severity.as_str(),
            crate::report::Lang::Fr.finding_message(f),
            f.evidence.first().map(|e| e.url.as_str()),
            json("finding evidence", &f.evidence)?,
            f.subject.map(|s| s.as_str()),
            json("finding facts", &f.facts)?,
        ])?;
    }
    Ok(())
}
