//! `odaudit classify FILE|URL...`: one verdict per input, as JSON lines or a table.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;
use url::Url;

use super::{BadInput, Exit, NetArgs, parse_size};
use crate::assess::{Classification, Declared, Sample, classify};
use crate::fetch::Fetcher;

/// Arguments of `odaudit classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Files or http(s) URLs to classify; `-` reads standard input.
    #[arg(required = true, value_name = "FILE|URL")]
    pub inputs: Vec<String>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub output: Option<Output>,
    /// Read at most this many bytes of each input (e.g. 1M, 512k).
    #[arg(long, value_name = "SIZE", default_value = "1M", value_parser = parse_size)]
    pub max_bytes: usize,
    #[command(flatten)]
    pub net: NetArgs,
}

/// How verdicts are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// One JSON object per input, one per line.
    Jsonl,
    /// A table for people.
    Table,
}

/// One line of output: the verdict, or why there is none.
#[derive(Serialize)]
struct Line<'a> {
    input: &'a str,
    #[serde(flatten)]
    verdict: Option<&'a Classification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub fn run(args: ClassifyArgs) -> anyhow::Result<Exit> {
    let output = args.output.unwrap_or(if io::stdout().is_terminal() {
        Output::Table
    } else {
        Output::Jsonl
    });
    let needs_network = args.inputs.iter().any(|i| is_url(i));
    let fetcher = if needs_network {
        let config = args.net.fetch_config()?;
        Some(Fetcher::new(&config).context("cannot build the HTTP client")?)
    } else {
        None
    };
    let runtime = if needs_network {
        Some(
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?,
        )
    } else {
        None
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if output == Output::Table {
        writeln!(
            out,
            "{:<40} {:<14} {:<5} {:>5} {:<8} {:<13} {:<20} {:<26} REASON",
            "INPUT", "FORMAT", "IN", "STARS", "MISMATCH", "ENCODING", "PERSONAL", "STANDARD"
        )?;
    }
    let mut failures = 0;
    let mut stdin_used = false;
    for input in &args.inputs {
        let result = match (&fetcher, &runtime) {
            (Some(fetcher), Some(rt)) if is_url(input) => {
                rt.block_on(classify_url(fetcher, input, args.max_bytes))
            }
            _ if input == "-" => {
                if stdin_used {
                    Err(BadInput("`-` (standard input) can be given once".into()).into())
                } else {
                    stdin_used = true;
                    classify_reader(io::stdin().lock(), None, args.max_bytes).map(|c| (c, None))
                }
            }
            _ => classify_file(Path::new(input), args.max_bytes).map(|c| (c, None)),
        };
        let (verdict, status, error) = match &result {
            Ok((c, status)) => (Some(c), *status, None),
            Err(e) => {
                failures += 1;
                (None, None, Some(format!("{e:#}")))
            }
        };
        let line = Line {
            input,
            verdict,
            status,
            error,
        };
        match output {
            Output::Jsonl => {
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            }
            Output::Table => write_row(&mut out, &line)?,
        }
    }
    out.flush()?;
    Ok(if failures == 0 {
        Exit::Ok
    } else {
        Exit::Failure
    })
}

fn is_url(input: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn classify_file(path: &Path, cap: usize) -> anyhow::Result<Classification> {
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str());
    classify_reader(file, name, cap).with_context(|| format!("{}: cannot read", path.display()))
}

/// Read up to `cap` bytes (and one more, to know whether the file goes on).
fn classify_reader(
    reader: impl Read,
    name: Option<&str>,
    cap: usize,
) -> anyhow::Result<Classification> {
    let mut bytes = Vec::new();
    reader.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    let complete = bytes.len() <= cap;
    bytes.truncate(cap);
    let sample = Sample {
        bytes: &bytes,
        complete,
    };
    Ok(classify(sample, Declared::from_sources(name, None)))
}

async fn classify_url(
    fetcher: &Fetcher,
    input: &str,
    cap: usize,
) -> anyhow::Result<(Classification, Option<u16>)> {
    let url = Url::parse(input).map_err(|e| BadInput(format!("{input}: not a URL: {e}")))?;
    let probe = fetcher.probe(&url, cap).await?;
    let name = probe
        .disposition_name
        .clone()
        .unwrap_or_else(|| probe.final_url.path().to_owned());
    let name = match probe.final_url.query() {
        Some(q) if probe.disposition_name.is_none() => format!("{name}?{q}"),
        _ => name,
    };
    let sample = Sample {
        bytes: &probe.body,
        complete: probe.complete,
    };
    let mut verdict = classify(
        sample,
        Declared::from_sources(Some(&name), probe.content_type.as_deref()),
    );
    if !(200..300).contains(&probe.status) {
        verdict
            .reasons
            .insert(0, format!("the server answered HTTP {}", probe.status));
    }
    Ok((verdict, Some(probe.status)))
}

fn write_row(out: &mut impl Write, line: &Line<'_>) -> io::Result<()> {
    let input = shorten(line.input, 40);
    match (line.verdict, &line.error) {
        (Some(c), _) => writeln!(
            out,
            "{input:<40} {:<14} {:<5} {:>5} {:<8} {:<13} {:<20} {:<26} {}",
            c.format.code(),
            c.container.map_or("-", |k| k.code()),
            "★".repeat(c.stars.get() as usize) + &"☆".repeat(5 - c.stars.get() as usize),
            if c.mismatch { "yes" } else { "no" },
            c.encoding.unwrap_or("-"),
            personal_cell(c),
            standard_cell(c),
            c.reasons.first().map(String::as_str).unwrap_or("")
        ),
        (None, error) => writeln!(out, "{input:<40} ERROR  {}", error.as_deref().unwrap_or("")),
    }
}

/// `national_number+email`, `none` when scanned and clean, `-` when not tabular.
fn personal_cell(c: &Classification) -> String {
    match &c.personal_data {
        Some(p) if p.suspected() => p.kinds_code(),
        Some(_) => "none".to_owned(),
        None => "-".to_owned(),
    }
}

/// `travaux-voiries ok`, `marches 3 errors`, `-` when no standard is claimed.
fn standard_cell(c: &Classification) -> String {
    match &c.standard {
        Some(s) if s.conforms => format!("{} ok", s.standard),
        Some(s) => format!("{} {} err", s.standard, s.error_count),
        None => "-".to_owned(),
    }
}

fn shorten(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let tail: String = s
        .chars()
        .rev()
        .take(width - 1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}
