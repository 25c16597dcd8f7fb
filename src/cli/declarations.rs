//! `odaudit declarations`: turn the survey tool's export into the declarations file,
//! and write the form staff fill.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};

use super::{BadInput, Exit};
use crate::declarations::import::{
    Communes, Imported, IssueKind, Mapping, declarations_csv, import_file, issues_tsv,
};
use crate::declarations::template::{TemplateFormat, template_csv, template_xlsx};
use crate::declarations::{carry_to_successors, load_declarations, parse_declarations};
use crate::mergers::{load_mergers, mergers_beside, region_on};
use crate::targets::{Commune, NisCode, load_communes};

/// `odaudit declarations`.
#[derive(Debug, Args)]
pub struct DeclarationsArgs {
    #[command(subcommand)]
    command: DeclarationsCommand,
}

#[derive(Debug, Subcommand)]
enum DeclarationsCommand {
    /// Read the questionnaire's export (CSV, XLSX, XLS, ODS) into a declarations file.
    Import(ImportArgs),
    /// Write a form to fill: one row per commune, the survey's questions as columns.
    Template(TemplateArgs),
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The survey tool's export.
    survey: PathBuf,
    /// The survey year (written on every row).
    #[arg(long)]
    year: u16,
    /// The communes (codes and names are looked up here).
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    targets: PathBuf,
    /// The merger table (default: mergers.csv beside the targets, when there is one).
    #[arg(long, value_name = "FILE")]
    mergers: Option<PathBuf>,
    /// Where to write the declarations (default: targets/declarations-<year>.csv).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write every cell, row or column not imported as it was, as TSV.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Columns named differently: CSV `column,field[,answer]`.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Any unknown answer, unknown commune, duplicate, contradiction or missing answer
    /// is an error (exit 2) and nothing is written but the report.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// The survey year (in the file name and the sheet's name).
    #[arg(long)]
    year: u16,
    /// The form's format.
    #[arg(long, value_enum, default_value = "xlsx")]
    format: TemplateFormat,
    /// The communes (one row each, as the region is on --as-of).
    #[arg(long, value_name = "FILE", default_value = "targets/wallonia.csv")]
    targets: PathBuf,
    /// The merger table (default: mergers.csv beside the targets, when there is one).
    #[arg(long, value_name = "FILE")]
    mergers: Option<PathBuf>,
    /// The region of this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: Option<jiff::civil::Date>,
    /// Prefill the answers from this declarations file.
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// Where to write (default: targets/survey-<year>.<format>).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Run `odaudit declarations`.
pub fn run(args: DeclarationsArgs, quiet: bool) -> anyhow::Result<Exit> {
    match args.command {
        DeclarationsCommand::Import(a) => import(a, quiet),
        DeclarationsCommand::Template(a) => template(a),
    }
}

fn inputs(
    targets: &Path,
    mergers: Option<&Path>,
) -> anyhow::Result<(Vec<Commune>, Vec<crate::mergers::Merger>)> {
    let communes = load_communes(targets).map_err(|e| BadInput(e.to_string()))?;
    let mergers = match mergers {
        Some(p) => load_mergers(p),
        None => mergers_beside(targets),
    }
    .map_err(|e| BadInput(e.to_string()))?;
    Ok((communes, mergers))
}

fn import(args: ImportArgs, quiet: bool) -> anyhow::Result<Exit> {
    let (communes, mergers) = inputs(&args.targets, args.mergers.as_deref())?;
    let mapping = match &args.mapping {
        Some(p) => Mapping::load(p).map_err(|e| BadInput(e.to_string()))?,
        None => Mapping::default(),
    };
    let lookup = Communes::new(&communes, &mergers);
    let imported = import_file(&args.survey, &lookup, args.year, &mapping)
        .map_err(|e| BadInput(e.to_string()))?;
    let file = args.survey.display().to_string();
    if let Some(path) = &args.report {
        std::fs::write(path, issues_tsv(&file, &imported.issues))
            .with_context(|| format!("{}: cannot write the report", path.display()))?;
    }
    print_issues(&file, &imported);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("targets/declarations-{}.csv", args.year)));
    let refused = args.strict && imported.problems() > 0;
    if !refused {
        let text = declarations_csv(&imported.declarations);
        // What is written must read back: the audit will load it.
        let mut known: HashSet<NisCode> = communes.iter().map(|c| c.nis_code).collect();
        known.extend(mergers.iter().map(|m| m.old_nis_code));
        parse_declarations(&text, &out.display().to_string(), &known)
            .context("the declarations written do not read back (a bug)")?;
        std::fs::write(&out, text).with_context(|| format!("{}: cannot write", out.display()))?;
    }
    if !quiet {
        summary(&imported, &out, refused);
    }
    Ok(if refused { Exit::BadInput } else { Exit::Ok })
}

fn print_issues(file: &str, imported: &Imported) {
    let mut ignored = Vec::new();
    for i in &imported.issues {
        if i.kind == IssueKind::IgnoredColumn {
            ignored.push(i.column.split(':').next().unwrap_or("").to_owned());
            continue;
        }
        let sheet = if i.sheet.is_empty() {
            String::new()
        } else {
            format!("[{}]", i.sheet)
        };
        let row = if i.row == 0 {
            String::new()
        } else {
            format!(" row {}", i.row)
        };
        eprintln!(
            "{file}{sheet}{row}, column {}: {:?}: {:?}: {}",
            i.column, i.value, i.kind, i.why
        );
    }
    if !ignored.is_empty() {
        eprintln!(
            "{file}: {} columns name no question odaudit reads and were not read: {}",
            ignored.len(),
            ignored.join(", ")
        );
    }
}

fn summary(imported: &Imported, out: &Path, refused: bool) {
    let notes = imported
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Note)
        .count();
    let share = if imported.cells == 0 {
        100.0
    } else {
        100.0 * imported.cells_mapped as f64 / imported.cells as f64
    };
    let carried = imported
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::Note && i.why.contains("merged into"))
        .count();
    eprintln!(
        "odaudit declarations import: {} communes imported from {} rows{} ({} without answers); {} of {} cells mapped ({share:.1}%); {} problems and {notes} notes listed{}; {}",
        imported.declarations.len(),
        imported.rows,
        if imported.sheet.is_empty() {
            String::new()
        } else {
            format!(" of sheet {:?}", imported.sheet)
        },
        imported.unanswered,
        imported.cells_mapped,
        imported.cells,
        imported.problems(),
        if carried > 0 {
            format!(" ({carried} communes merged since: carried to their successor by the audit)")
        } else {
            String::new()
        },
        if refused {
            format!("--strict: {} not written", out.display())
        } else {
            format!("wrote {}", out.display())
        }
    );
}

fn template(args: TemplateArgs) -> anyhow::Result<Exit> {
    let (communes, mergers) = inputs(&args.targets, args.mergers.as_deref())?;
    let date = args
        .as_of
        .unwrap_or_else(|| crate::mergers::day_of(jiff::Timestamp::now()));
    let region = region_on(&communes, &mergers, date);
    let declarations = match &args.from {
        Some(p) => {
            let mut known: HashSet<NisCode> = region.iter().map(|c| c.nis_code).collect();
            known.extend(communes.iter().map(|c| c.nis_code));
            let own = load_declarations(p, &known).map_err(|e| BadInput(e.to_string()))?;
            carry_to_successors(own, &mergers, date)
                .map_err(|(line, e)| BadInput(format!("{}:{line}: {e}", p.display())))?
        }
        None => Vec::new(),
    };
    let ext = match args.format {
        TemplateFormat::Xlsx => "xlsx",
        TemplateFormat::Csv => "csv",
    };
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from(format!("targets/survey-{}.{ext}", args.year)));
    let bytes = match args.format {
        TemplateFormat::Xlsx => template_xlsx(&region, &declarations, args.year)?,
        TemplateFormat::Csv => template_csv(&region, &declarations).into_bytes(),
    };
    std::fs::write(&out, bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    println!("{}", out.display());
    eprintln!(
        "odaudit declarations template: {} communes (the region on {date}) written to {}",
        region.len(),
        out.display()
    );
    Ok(Exit::Ok)
}
