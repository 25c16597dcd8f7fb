//! The command line: flags are parsed into plain values here, checked, then handed to
//! the library. Every exit code a user meets is defined in [`Exit`].

mod audit;
mod classify;
mod declarations;
mod demo;
mod diff;
mod discover;
mod net;
mod plan;
mod progress;
mod report;
mod simulate;
mod targets;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use net::{NetArgs, PolitenessArgs};

/// The exit codes, documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The command completed (whatever it found).
    Ok = 0,
    /// The command failed, or some inputs could not be read.
    Failure = 1,
    /// Bad user input: flags, targets, declarations.
    BadInput = 2,
    /// `--fail-on` threshold met.
    Threshold = 3,
    /// The auditor's own network failed (nearly nothing answered): the run is invalid.
    Outage = 4,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Checks whether Walloon communes really publish the open data they declare.
#[derive(Debug, Parser)]
#[command(name = "odaudit", version, propagate_version = true)]
pub struct Cli {
    /// More log lines on stderr (-v: debug, -vv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tell what files really are, from their bytes, and how many stars they can earn.
    Classify(classify::ClassifyArgs),
    /// Audit communes: what they declared against what they publish, with reports.
    Audit(audit::AuditArgs),
    /// What changed between two audits (default: the last two).
    Diff(diff::DiffArgs),
    /// Find what communes publish: their websites, ODWB, their own portals.
    Discover(discover::DiscoverArgs),
    /// Serve a simulated Walloon open-data web on loopback, with its ground truth.
    Simulate(simulate::SimulateArgs),
    /// See odaudit work offline: audit a small simulated world and write the reports.
    Demo(demo::DemoArgs),
    /// Import the survey's answers from the questionnaire's export, or write a form to fill.
    Declarations(declarations::DeclarationsArgs),
    /// Re-render a stored run as HTML (overview and a page per commune), without crawling.
    Report(report::ReportArgs),
    /// Check the communes file against the web: moved, dead and closed sites.
    Targets(targets::TargetsArgs),
    /// Before a run: its expected duration, the hosts that will refuse it, the portals' quota.
    Plan(plan::PlanArgs),
}

/// Parse the command line, run, and return the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    init_logging(cli.verbose, cli.quiet);
    let outcome = match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Audit(args) => audit::run(args, cli.quiet),
        Command::Diff(args) => diff::run(args),
        Command::Discover(args) => discover::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Report(args) => report::run(args),
        Command::Declarations(args) => declarations::run(args, cli.quiet),
        Command::Targets(args) => targets::run(args),
        Command::Plan(args) => plan::run(args),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(e) => {
            if is_broken_pipe(&e) {
                return Exit::Ok.into();
            }
            let code = if e.downcast_ref::<BadInput>().is_some() {
                Exit::BadInput
            } else {
                Exit::Failure
            };
            eprintln!("odaudit: error: {e:#}");
            code.into()
        }
    }
}

/// The history, read-only; a missing file is bad input (no audit ran yet).
fn open_history(path: &std::path::Path) -> anyhow::Result<crate::store::Store> {
    use anyhow::Context;
    if !path.exists() {
        return Err(BadInput(format!(
            "{}: no history yet (run odaudit audit first)",
            path.display()
        ))
        .into());
    }
    crate::store::Store::open_read_only(path)
        .with_context(|| format!("{}: cannot open", path.display()))
}

/// An error in what the user gave (flags, files): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ODAUDIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("odaudit={level},warn")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(progress::LogWriter::make)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Parse a byte size: `1048576`, `512k`, `1M`, `2MiB`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: usize = n
        .parse()
        .map_err(|_| format!("{s:?} is not a size like 1048576, 512k or 1M"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return Err(format!("{s:?} has an unknown unit (use k, M or G)")),
    };
    let size = n
        .checked_mul(factor)
        .ok_or_else(|| format!("{s:?} is too large"))?;
    if size == 0 {
        return Err(format!("{s:?}: the size must be at least one byte"));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1M"), Ok(1 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
