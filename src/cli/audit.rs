//! `odaudit audit`: the job staff run (monthly, by cron) — declared versus found, for
//! every commune, written under `reports/<run-id>/`.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use super::discover::{portal_list, regional_portals, select};
use super::progress::Progress;
use super::report::HtmlArgs;
use super::{BadInput, Exit, NetArgs, PolitenessArgs};
use crate::audit::{CommuneAudit, Inputs, RunInfo, Severity, output, run_audit_each, totals};
use crate::declarations::load_declarations_in_region;
use crate::discover::run::{DiscoverOptions, DiscoveryReport};
use crate::discover::website::CrawlConfig;
use crate::fetch::{HostStats, Http, PageCache, PoliteConfig};
use crate::store::{RunId, Store};
use crate::targets::{NisCode, load_communes};

/// Arguments of `odaudit audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The communes file.
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    pub targets: PathBuf,
    /// The regional portals file (`id,kind,url,name`).
    #[arg(long, value_name = "FILE", default_value = "targets/portals.csv")]
    pub portals: PathBuf,
    /// The survey answers (`declarations-<year>.csv`).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "targets/declarations-2020.csv"
    )]
    pub declarations: PathBuf,
    /// The merger table (default: `mergers.csv` beside the targets, when there is one):
    /// the communes audited are the region on the run's day (or `--as-of`'s), and the
    /// answers of a commune merged since are carried to its successor.
    #[arg(long, value_name = "FILE")]
    pub mergers: Option<PathBuf>,
    /// Where to write `<run-id>/`.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Only these communes (NIS codes, comma-separated).
    #[arg(long, value_name = "NIS,...", value_delimiter = ',')]
    pub only: Vec<String>,
    /// The CSV field delimiter (`;` suits Excel in French).
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub csv_delimiter: char,
    /// Exit with code 3 when a finding of this severity (or worse) exists: info, warning, error.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// The history database (default: `<out>/odaudit.sqlite`).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// Continue the last run if it was interrupted, without redoing the communes it finished.
    #[arg(long)]
    pub resume: bool,
    /// Judge ages and freshness as of this time (RFC 3339) instead of the run's start: to
    /// audit a simulated or archived web at its own date.
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<jiff::Timestamp>,
    #[command(flatten)]
    pub html: HtmlArgs,
    #[command(flatten)]
    pub politeness: PolitenessArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

pub fn run(args: AuditArgs, quiet: bool) -> anyhow::Result<Exit> {
    check_delimiter(args.csv_delimiter)?;
    let loaded = Loaded::read(&args)?;
    let store_path = args
        .store
        .clone()
        .unwrap_or_else(|| args.out.join("odaudit.sqlite"));
    // Before any request: the reports can be written, and no other run writes here.
    check_writable(&args.out)?;
    let _lock = crate::run_lock::RunLock::acquire(&store_path).map_err(|e| match e {
        held @ crate::run_lock::LockError::Held { .. } => {
            anyhow::Error::new(BadInput(held.to_string()))
        }
        other => anyhow::Error::new(other),
    })?;
    let mut store = Store::open(&store_path)
        .with_context(|| format!("{}: cannot open the history", store_path.display()))?;
    let started = begin_or_resume(
        &mut store,
        args.resume,
        loaded.fingerprint.clone(),
        &loaded.config,
        jiff::Timestamp::now(),
    )?;
    tracing::info!(
        run = %started.run.folder_name(&started.started),
        done = started.done.len(),
        left = loaded.communes.len().saturating_sub(started.done.len()),
        "audit starting"
    );
    let crawled = crawl(&mut store, &store_path, &args, &loaded, &started, quiet)?;
    let written = Written {
        store_path: &store_path,
        dir: args.out.join(started.run.folder_name(&started.started)),
        args: &args,
        loaded,
        started,
    };
    written.finish(&mut store, crawled, quiet)
}

/// The CSV delimiter is one ASCII punctuation character other than the quote.
fn check_delimiter(c: char) -> Result<(), BadInput> {
    if !c.is_ascii() || c.is_ascii_alphanumeric() || c == '"' {
        return Err(BadInput(format!(
            "--csv-delimiter {c:?}: use an ASCII punctuation character such as , or ;"
        )));
    }
    Ok(())
}

/// The inputs of a run, read and checked before anything is crawled.
struct Loaded {
    communes: Vec<crate::targets::Commune>,
    portals: Vec<crate::discover::portals::Portal>,
    declarations: Vec<crate::declarations::Declaration>,
    report_options: crate::report::ReportOptions,
    /// The options, as `run.json` records them.
    config: serde_json::Value,
    /// What `--resume` checks it continues the same audit with.
    fingerprint: String,
}

impl Loaded {
    fn read(args: &AuditArgs) -> anyhow::Result<Loaded> {
        let (all, mergers) = region(args)?;
        let known = all.iter().map(|c| c.nis_code).collect();
        let communes = select(all, &args.only)?;
        let day = crate::mergers::day_of(args.as_of.unwrap_or_else(jiff::Timestamp::now));
        let declarations = load_declarations_in_region(&args.declarations, &known, &mergers, day)
            .map_err(|e| BadInput(e.to_string()))?;
        let portals = regional_portals(portal_list(&args.portals)?, &communes);
        // A bad baseline stops the run before any crawl, not after.
        let report_options = args.html.options()?;
        let mergers_file = args.mergers.clone().unwrap_or_else(|| {
            args.targets
                .parent()
                .unwrap_or(Path::new("."))
                .join("mergers.csv")
        });
        let inputs: [&Path; 4] = [
            &args.targets,
            &args.portals,
            &args.declarations,
            &mergers_file,
        ];
        Ok(Loaded {
            communes,
            portals,
            declarations,
            report_options,
            config: run_config(args),
            fingerprint: fingerprint(&inputs, &args.only, args.as_of),
        })
    }
}

/// The options `run.json` records.
fn run_config(args: &AuditArgs) -> serde_json::Value {
    serde_json::json!({
        "targets": args.targets, "portals": args.portals, "declarations": args.declarations,
        "only": args.only, "min_delay_s": args.politeness.min_delay, "max_crawl_delay_s": args.politeness.max_crawl_delay,
        "concurrency": args.politeness.concurrency, "retries": args.politeness.retries,
        "site_budget": args.politeness.site_budget, "max_depth": args.politeness.max_depth,
        "listings": !args.politeness.no_listings, "pages_after_index": args.politeness.pages_after_index, "site_time_s": args.politeness.site_time,
        "probe_bytes": args.politeness.probe_bytes, "user_agent": args.net.user_agent,
        "as_of": args.as_of,
    })
}

/// What the crawl left: what was found, and whether the history took every commune.
struct Crawled {
    found: DiscoveryReport,
    /// The page cache the run read and refreshed, saved when the run finishes.
    pages: Arc<PageCache>,
    /// The first failure to save a commune; the communes after it are in `unsaved`.
    save_error: Option<crate::store::StoreError>,
    unsaved: Vec<CommuneAudit>,
}

/// The HTTP client, with the last run's pages and file validators for conditional
/// requests, and the discovery options.
fn http_and_options(
    store: &Store,
    args: &AuditArgs,
) -> anyhow::Result<(Http, Arc<PageCache>, DiscoverOptions)> {
    let pages = Arc::new(PageCache::new(store.page_cache()?));
    let polite = PoliteConfig {
        page_cache: Some(pages.clone()),
        ..args.politeness.polite_config(&args.net)?
    };
    let http = Http::new(polite).context("cannot build the HTTP client")?;
    let options = DiscoverOptions {
        crawl: CrawlConfig {
            validators: Arc::new(store.validators()?),
            ..args.politeness.crawl_config()
        },
        probe_cap: args.politeness.probe_bytes,
        ..DiscoverOptions::default()
    };
    Ok((http, pages, options))
}

/// The last verdict on every file with validators, for `304 Not Modified` answers.
/// The last verdict of a URL the history holds validators for, read from the history
/// when rating needs it (after a 304, or for a file the site's index lists unchanged):
/// never all of them in memory at once, which for a portal of 20,000 datasets is about
/// 100 MB. A connection of its own, since the writer thread holds the other.
struct PreviousVerdicts<'a> {
    history: std::sync::Mutex<Store>,
    validators: &'a HashMap<String, crate::fetch::Validators>,
}

impl PreviousVerdicts<'_> {
    fn open<'a>(path: &Path, options: &'a DiscoverOptions) -> anyhow::Result<PreviousVerdicts<'a>> {
        let history = Store::open_read_only(path)
            .with_context(|| format!("{}: cannot read the history", path.display()))?;
        Ok(PreviousVerdicts {
            history: std::sync::Mutex::new(history),
            validators: &options.crawl.validators,
        })
    }

    fn get(&self, url: &str) -> Option<crate::audit::RatedDistribution> {
        if !self.validators.contains_key(url) {
            return None;
        }
        let history = self.history.lock().ok()?;
        match history.last_observation(url) {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(url, error = %e, "cannot read the last verdict from the history");
                None
            }
        }
    }
}

/// Audit every commune not done yet. Each commune is saved as soon as it is complete, in
/// its own transaction: a run killed part-way keeps what it finished, and `--resume`
/// skips it.
fn crawl(
    store: &mut Store,
    store_path: &Path,
    args: &AuditArgs,
    loaded: &Loaded,
    started: &Started,
    quiet: bool,
) -> anyhow::Result<Crawled> {
    // Ages are counted from the run's start (also when it is resumed days later), or
    // from --as-of (part of the fingerprint, so the same on resume).
    let now: jiff::Timestamp = match args.as_of {
        Some(t) => t,
        None => started
            .started
            .parse()
            .with_context(|| format!("run start {:?} is not a timestamp", started.started))?,
    };
    let (http, pages, options) = http_and_options(store, args)?;
    let previous = PreviousVerdicts::open(store_path, &options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let lookup = |url: &str| previous.get(url);
    let mut progress = Progress::new(loaded.communes.len(), started.done.len(), quiet);
    let saving = Saving {
        store,
        started,
        error: None,
        unsaved: Vec::new(),
    };
    // The history is written on a thread of its own, so saving a big commune (tens of
    // megabytes of JSON and rows) never holds up the crawl of the others.
    let (found, saving) = std::thread::scope(|scope| {
        let (to_writer, audits) = std::sync::mpsc::channel();
        let writer = scope.spawn(move || saving.all(audits));
        let crawling = Crawling {
            http: &http,
            loaded,
            started,
            options: &options,
            now,
            lookup: &lookup,
        };
        let found = runtime.block_on(crawling.run(&mut progress, &to_writer));
        drop(to_writer);
        match writer.join() {
            Ok(saving) => (found, saving),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    progress.finish();
    Ok(Crawled {
        found: DiscoveryReport {
            hosts: HostStats::combine(&started.earlier_hosts, &found.hosts),
            ..found
        },
        pages,
        save_error: saving.error,
        unsaved: saving.unsaved,
    })
}

/// What the crawl of the communes left to audit needs.
struct Crawling<'a> {
    http: &'a Http,
    loaded: &'a Loaded,
    started: &'a Started,
    options: &'a DiscoverOptions,
    now: jiff::Timestamp,
    lookup: &'a (dyn Fn(&str) -> Option<crate::audit::RatedDistribution> + Sync),
}

/// An audited commune and the requests so far, on their way to the writer thread.
type ToWriter = std::sync::mpsc::Sender<(CommuneAudit, Vec<HostStats>)>;

impl Crawling<'_> {
    /// Crawl and audit, each complete commune shown and sent to the writer.
    async fn run(self, progress: &mut Progress, to_writer: &ToWriter) -> DiscoveryReport {
        let ticker = {
            let http = self.http.clone();
            let bar = progress.ticker();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    bar(requests(&http.host_stats()));
                }
            })
        };
        let inputs = Inputs {
            communes: &self.loaded.communes,
            portals: &self.loaded.portals,
            declarations: &self.loaded.declarations,
        };
        let mut save = |audit: CommuneAudit| {
            let hosts = self.http.host_stats();
            progress.commune(&audit, requests(&hosts));
            // Fails only when the writer has died; its panic is raised when it is joined.
            let _ = to_writer.send((audit, hosts));
        };
        let found = run_audit_each(
            self.http,
            &inputs,
            &self.started.done,
            self.options,
            self.now,
            self.lookup,
            &mut save,
        )
        .await;
        ticker.abort();
        found
    }
}

/// Each complete commune into the history; after a failed save, the rest in memory for
/// the reports.
struct Saving<'a> {
    store: &'a mut Store,
    started: &'a Started,
    error: Option<crate::store::StoreError>,
    unsaved: Vec<CommuneAudit>,
}

impl Saving<'_> {
    /// Save every audit the crawl sends, until it ends.
    fn all(mut self, audits: std::sync::mpsc::Receiver<(CommuneAudit, Vec<HostStats>)>) -> Self {
        for (audit, hosts) in audits {
            self.save(audit, &hosts);
        }
        self
    }

    fn save(&mut self, audit: CommuneAudit, hosts: &[HostStats]) {
        if self.error.is_some() {
            self.unsaved.push(audit);
        } else if let Err(e) = self.store.save_commune(self.started.run, &audit) {
            self.error = Some(e);
            self.unsaved.push(audit);
        } else {
            // Requests so far, so a resumed run's run.json counts them all.
            let hosts = HostStats::combine(&self.started.earlier_hosts, hosts);
            if let Err(e) = self.store.save_hosts(self.started.run, &hosts) {
                tracing::warn!(error = %e, "cannot save the host statistics so far");
            }
        }
    }
}

fn requests(hosts: &[HostStats]) -> u64 {
    hosts.iter().map(|h| h.requests).sum()
}

/// A crawled run, its reports to write.
struct Written<'a> {
    store_path: &'a Path,
    /// `<out>/<run-id>/`.
    dir: PathBuf,
    args: &'a AuditArgs,
    loaded: Loaded,
    started: Started,
}

impl Written<'_> {
    /// The reports, then the run marked finished (or invalid); the exit code.
    fn finish(self, store: &mut Store, crawled: Crawled, quiet: bool) -> anyhow::Result<Exit> {
        let Crawled {
            found,
            pages,
            save_error,
            unsaved,
        } = crawled;
        if let Some(e) = save_error {
            return Err(self.after_failed_save(store, &found, unsaved, e));
        }
        let run = self.started.run;
        let (_, audits) = store.load_run(run)?;
        let finished = jiff::Timestamp::now().to_string();
        let outage = crate::audit::outage::outage(&found);
        let mut info = self.info(Some(finished.clone()), &found, &audits);
        info.invalid = outage.as_ref().map(ToString::to_string);
        if let Some(outage) = outage {
            // Kept for the record (CSV, run.json), out of every comparison; no HTML, no
            // page cache from it.
            self.csv_only(&info, &audits)?;
            store.finish_run(run, &finished, &found.hosts, totals(&audits))?;
            store.invalidate_run(run, &outage.to_string())?;
            eprintln!(
                "odaudit audit: run invalid: {outage}. The reports in {} are kept for the record; `diff` and later reports ignore this run.",
                self.dir.display()
            );
            return Ok(Exit::Outage);
        }
        // Every report file first (CSV and HTML, assembled aside and put in place), the
        // run marked finished last: a run killed in between stays unfinished, and
        // `--resume` (with nothing left to crawl) writes them all again.
        let finishing = Finishing {
            run,
            finished: &finished,
            out: &self.args.out,
            options: &self.loaded.report_options,
        };
        let delimiter = self.args.csv_delimiter as u8;
        let (counts, worst) = (Counts::of(&audits), output::worst(&audits));
        // The answers this run saw go to the history, and out of memory, before the
        // reports load the run (and the one before) back: for a portal of 20,000 datasets
        // they are tens of megabytes. A run killed while writing its reports stays
        // unfinished either way.
        pages.with_seen(|seen| store.save_page_cache(seen, &finished))?;
        drop(pages);
        finishing.write(store, &self.dir, &info, audits, delimiter)?;
        store.finish_run(run, &finished, &found.hosts, info.totals.clone())?;
        self.say_done(&counts, quiet);
        match (self.args.fail_on, worst) {
            (Some(threshold), Some(worst)) if worst >= threshold => Ok(Exit::Threshold),
            _ => Ok(Exit::Ok),
        }
    }

    /// The history failed: the reports still get what this run found, and the run stays
    /// unfinished.
    fn after_failed_save(
        &self,
        store: &Store,
        found: &DiscoveryReport,
        unsaved: Vec<CommuneAudit>,
        e: crate::store::StoreError,
    ) -> anyhow::Error {
        let mut all = store
            .load_run(self.started.run)
            .map(|(_, a)| a)
            .unwrap_or_default();
        all.extend(unsaved);
        all.sort_by_key(|a| a.commune.nis_code);
        let info = self.info(None, found, &all);
        if let Err(written) = self.csv_only(&info, &all) {
            return written;
        }
        anyhow::Error::new(e).context(format!(
            "{}: cannot save to the history; the reports in {} hold what was found, and the run stays unfinished (--resume continues it)",
            self.store_path.display(),
            self.dir.display()
        ))
    }

    fn info(
        &self,
        finished: Option<String>,
        found: &DiscoveryReport,
        audits: &[CommuneAudit],
    ) -> RunInfo {
        run_info(
            &self.started.run.folder_name(&self.started.started),
            self.started.started.clone(),
            finished,
            self.loaded.config.clone(),
            found,
            audits,
        )
    }

    fn csv_only(&self, info: &RunInfo, audits: &[CommuneAudit]) -> anyhow::Result<()> {
        write_reports(
            &self.dir,
            info,
            audits,
            self.args.csv_delimiter as u8,
            self.args.html.lang,
        )
    }

    fn say_done(&self, counts: &Counts, quiet: bool) {
        println!("{}", self.dir.display());
        if !quiet {
            eprintln!(
                "odaudit audit: {} communes, {} distributions, {} findings; reports in {}",
                counts.communes,
                counts.distributions,
                counts.findings,
                self.dir.display()
            );
        }
    }
}

/// How much a run audited, for its last line.
struct Counts {
    communes: usize,
    distributions: usize,
    findings: usize,
}

impl Counts {
    fn of(audits: &[CommuneAudit]) -> Counts {
        Counts {
            communes: audits.len(),
            distributions: audits.iter().map(|a| a.distributions.len()).sum(),
            findings: audits.iter().map(|a| a.findings.len()).sum(),
        }
    }
}

/// The run this invocation works on: a new one, or the interrupted one it resumes.
struct Started {
    run: RunId,
    /// When the run started (RFC 3339).
    started: String,
    /// Communes the interrupted part saved.
    done: BTreeSet<NisCode>,
    /// Requests the interrupted part made, per host.
    earlier_hosts: Vec<HostStats>,
}

/// With `resume`, continue the last run if it never finished (and audited the same
/// inputs); otherwise begin a new one.
fn begin_or_resume(
    store: &mut Store,
    resume: bool,
    fingerprint: String,
    config: &serde_json::Value,
    now: jiff::Timestamp,
) -> anyhow::Result<Started> {
    if let Some(run) = resume
        .then(|| store.unfinished_run())
        .transpose()?
        .flatten()
    {
        let (record, _) = store.load_run(run)?;
        if record.info.targets_fingerprint != fingerprint {
            return Err(BadInput(format!(
                "--resume: run {} audited other inputs (targets, portals, declarations, --only or --as-of differ)",
                record.summary.name
            ))
            .into());
        }
        return Ok(Started {
            run,
            started: record.info.started,
            done: store.finished_communes(run)?,
            earlier_hosts: record
                .hosts
                .and_then(|h| serde_json::from_value(h).ok())
                .unwrap_or_default(),
        });
    }
    let info = crate::store::RunInfo {
        started: now.to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        config: config.clone(),
        targets_fingerprint: fingerprint,
    };
    Ok(Started {
        run: store.begin_run(&info)?,
        started: info.started,
        done: BTreeSet::new(),
        earlier_hosts: Vec::new(),
    })
}

/// Build a run's report folder aside and put it in place: `build` writes into
/// `<dir>.partial/<name>/` (and may write beside it, in `<dir>.partial/`); only a complete
/// folder is renamed to `dir`, so a reader never sees half a report and a rerun replaces
/// the whole folder.
fn assemble_in_place(
    dir: &Path,
    build: impl FnOnce(&Path, &Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut scratch = dir.as_os_str().to_owned();
    scratch.push(".partial");
    let scratch = PathBuf::from(scratch);
    let assembled = scratch.join(dir.file_name().context("a run folder has a name")?);
    let fail = || format!("{}: cannot write the reports", dir.display());
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch).with_context(fail)?;
    }
    build(&scratch, &assembled)?;
    (|| {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::rename(&assembled, dir)?;
        std::fs::remove_dir_all(&scratch)
    })()
    .with_context(fail)
}

/// The CSV files and `run.json` alone, put in place (an invalid run writes no HTML).
fn write_reports(
    dir: &Path,
    info: &RunInfo,
    audits: &[CommuneAudit],
    delimiter: u8,
    lang: crate::report::Lang,
) -> anyhow::Result<()> {
    assemble_in_place(dir, |_, assembled| {
        output::write_reports(assembled, info, audits, delimiter, lang)
            .with_context(|| format!("{}: cannot write the reports", dir.display()))
    })
}

/// `--out` exists (or is created) and accepts a file: found now, not after the crawl.
fn check_writable(out: &Path) -> anyhow::Result<()> {
    let probe = out.join(format!(".odaudit-write-check-{}", std::process::id()));
    let tried = std::fs::create_dir_all(out)
        .and_then(|()| std::fs::write(&probe, b""))
        .and_then(|()| std::fs::remove_file(&probe));
    tried.map_err(|e| {
        BadInput(format!(
            "--out {}: cannot write the reports there ({e}); choose a writable folder",
            out.display()
        ))
        .into()
    })
}

/// A run whose crawl is done, its reports about to be written.
struct Finishing<'a> {
    run: RunId,
    /// The end time the store will record.
    finished: &'a str,
    out: &'a Path,
    options: &'a crate::report::ReportOptions,
}

impl Finishing<'_> {
    /// CSV files and HTML into `<dir>.partial/<name>/`, renamed to `dir` once complete,
    /// then the runs index. The audits are dropped once the CSV files are written: the
    /// HTML report reads the run (and the one before) from the history itself, so a large
    /// audit is not held twice.
    fn write(
        &self,
        store: &Store,
        dir: &Path,
        info: &RunInfo,
        audits: Vec<CommuneAudit>,
        delimiter: u8,
    ) -> anyhow::Result<()> {
        let fail = |what: &str| format!("{}: cannot write the {what}", dir.display());
        assemble_in_place(dir, |scratch, assembled| {
            output::write_reports(assembled, info, &audits, delimiter, self.options.lang)
                .with_context(|| fail("reports"))?;
            drop(audits);
            crate::report::render_finishing_run(
                store,
                self.run,
                self.finished,
                scratch,
                self.options,
            )
            .with_context(|| fail("HTML report"))?;
            Ok(())
        })?;
        crate::report::render_index(
            store,
            Some((self.run, self.finished)),
            self.out,
            self.options.lang,
        )
        .with_context(|| fail("HTML index"))
    }
}

/// What `run.json` says of the run.
fn run_info(
    run_name: &str,
    started: String,
    finished: Option<String>,
    config: serde_json::Value,
    found: &DiscoveryReport,
    audits: &[CommuneAudit],
) -> RunInfo {
    RunInfo {
        run_id: run_name.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        started,
        finished,
        config,
        hosts: found.hosts.clone(),
        portals: found.portals.clone(),
        unmatched_publishers: found.unmatched_publishers.clone(),
        totals: totals(audits),
        invalid: None,
    }
}

/// The communes of the region on the run's day (`--as-of`'s), and the merger table.
fn region(
    args: &AuditArgs,
) -> anyhow::Result<(Vec<crate::targets::Commune>, Vec<crate::mergers::Merger>)> {
    let listed = load_communes(&args.targets).map_err(|e| BadInput(e.to_string()))?;
    let mergers = match &args.mergers {
        Some(p) => crate::mergers::load_mergers(p),
        None => crate::mergers::mergers_beside(&args.targets),
    }
    .map_err(|e| BadInput(e.to_string()))?;
    let day = crate::mergers::day_of(args.as_of.unwrap_or_else(jiff::Timestamp::now));
    Ok((crate::mergers::region_on(&listed, &mergers, day), mergers))
}

/// A digest of the input files, the selection and `--as-of`, so `--resume` continues the
/// same audit. SHA-256 over a documented layout (never `DefaultHasher`, whose output Rust
/// may change between releases), so a run recorded by this version is resumable after a
/// toolchain upgrade. An unreadable file counts as empty: reading it fails later, clearly.
fn fingerprint(files: &[&Path], only: &[String], as_of: Option<jiff::Timestamp>) -> String {
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let as_of = as_of.map(|t| t.to_string());
    let mut parts: Vec<&[u8]> = contents.iter().map(Vec::as_slice).collect();
    parts.extend(only.iter().map(|s| s.as_bytes()));
    parts.push(as_of.as_deref().unwrap_or("").as_bytes());
    digest_parts(&parts)
}

/// `v1:` and the hex SHA-256 of `odaudit-resume-v1`, then each part as its length (u64,
/// little-endian) and its bytes.
fn digest_parts(parts: &[&[u8]]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"odaudit-resume-v1");
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("v1:{hex}")
}

#[cfg(test)]
mod fingerprint_tests {
    use super::digest_parts;

    /// The expected value was computed outside Rust, with Python's hashlib over the same
    /// layout: `sha256(b"odaudit-resume-v1" + b"".join(len(p).to_bytes(8, "little") + p
    /// for p in parts))`. It must never change: runs recorded with it are resumed by later
    /// builds.
    #[test]
    fn fingerprint_is_stable_across_builds() {
        let parts: [&[u8]; 3] = [b"nis_code,name\n57081,Tournai\n", b"57081", b""];
        assert_eq!(digest_parts(&parts), EXPECTED);
    }

    const EXPECTED: &str = "v1:e4b3bf70932ed8c6ba68ec9e12f15df203402f8a21119f56e7cf476e7d8d19e9";
}
