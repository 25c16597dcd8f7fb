//! Progress of a long run, for the person or the cron job watching it.
//!
//! On a terminal: one bar (communes done, requests, datasets), with log lines printed
//! above it rather than through it. Elsewhere (cron, a pipe, a log file): one plain line
//! per finished commune, which reads well in a mail or a journal. `--quiet` silences
//! both.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::audit::CommuneAudit;

/// The bar on screen, if any: log lines are written around it.
static BAR: OnceLock<Mutex<Option<ProgressBar>>> = OnceLock::new();

fn bar_slot() -> &'static Mutex<Option<ProgressBar>> {
    BAR.get_or_init(|| Mutex::new(None))
}

/// How a run's progress is shown.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: usize,
    done: usize,
    datasets: Arc<AtomicU64>,
}

impl Progress {
    /// Progress over `total` communes, `done` of them already finished (a resumed run).
    pub fn new(total: usize, done: usize, quiet: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            if let Ok(style) =
                ProgressStyle::with_template("{elapsed} [{wide_bar}] {pos}/{len} communes · {msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_position(done as u64);
            bar.enable_steady_tick(Duration::from_millis(250));
            if let Ok(mut slot) = bar_slot().lock() {
                *slot = Some(bar.clone());
            }
            bar
        });
        Progress {
            bar,
            plain: !quiet && !terminal,
            total,
            done,
            datasets: Arc::default(),
        }
    }

    /// A commune is finished.
    pub fn commune(&mut self, audit: &CommuneAudit, requests: u64) {
        self.done += 1;
        self.datasets.fetch_add(audit.datasets, Ordering::Relaxed);
        let message = message(requests, &self.datasets);
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(message);
        } else if self.plain {
            eprintln!(
                "odaudit audit: {}/{} {} {}: {} datasets, {} distributions, {} findings ({})",
                self.done,
                self.total,
                audit.commune.nis_code,
                audit.commune.name,
                audit.datasets,
                audit.distributions.len(),
                audit.findings.len(),
                message,
            );
        }
    }

    /// A function to call now and then with the requests made so far.
    pub fn ticker(&self) -> impl Fn(u64) + Send + 'static {
        let bar = self.bar.clone();
        let datasets = self.datasets.clone();
        move |requests| {
            if let Some(bar) = &bar {
                bar.set_message(message(requests, &datasets));
            }
        }
    }

    /// The run is over: clear the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            if let Ok(mut slot) = bar_slot().lock() {
                *slot = None;
            }
        }
    }
}

fn message(requests: u64, datasets: &AtomicU64) -> String {
    format!(
        "{requests} requests · {} datasets",
        datasets.load(Ordering::Relaxed)
    )
}

/// A log line's writer: the line is written above the bar when one is shown.
pub struct LogWriter {
    line: Vec<u8>,
}

impl LogWriter {
    /// A writer for one log event (see `tracing_subscriber::fmt::MakeWriter`).
    pub fn make() -> LogWriter {
        LogWriter { line: Vec::new() }
    }
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        let line = std::mem::take(&mut self.line);
        let bar = bar_slot().lock().ok().and_then(|b| b.clone());
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(&line)),
            None => std::io::stderr().write_all(&line),
        }
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
