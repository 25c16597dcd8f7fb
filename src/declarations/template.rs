//! A form staff can fill or send: one row per commune of the targets, the barometer's
//! questions as columns, with their allowed answers.
//!
//! In XLSX a single-answer question is one column whose cells offer the barometer's
//! answer texts in a drop-down list (a data-validation list reading a second sheet,
//! since the texts hold commas); a several-answer question is one column per option,
//! `Question [Option]`, offering `Oui`/`Non`. A CSV cannot offer lists, so every
//! question but the opening one is one column per option there, the options visible in
//! the headers. Both shapes are what `declarations import` reads, so a filled template
//! imports to exactly the answers typed (tested both ways).

use std::collections::HashMap;

use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook, XlsxError};

use super::Declaration;
use super::questions::{Answer, Question};
use crate::targets::{Commune, NisCode};

/// The template's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// A workbook with drop-down lists.
    Xlsx,
    /// A CSV file (`,`-separated, UTF-8 with a BOM).
    Csv,
}

/// The header of the NIS code column.
pub const NIS_HEADER: &str = "Code INS";
/// The header of the commune name column.
pub const NAME_HEADER: &str = "Commune";

/// What a column of the template holds.
#[derive(Clone, Copy, Debug)]
enum Col {
    Nis,
    Name,
    Single(Question),
    Option(Question, &'static Answer),
}

impl Col {
    fn header(self) -> String {
        match self {
            Col::Nis => NIS_HEADER.to_owned(),
            Col::Name => NAME_HEADER.to_owned(),
            Col::Single(q) => q.text().to_owned(),
            Col::Option(q, a) => format!("{} [{}]", q.text(), a.text),
        }
    }

    /// The cell for a commune, from its declaration if any.
    fn value(self, c: &Commune, d: Option<&Declaration>) -> String {
        match (self, d) {
            (Col::Nis, _) => c.nis_code.to_string(),
            (Col::Name, _) => c.name.clone(),
            (Col::Single(q), Some(d)) => {
                let token = tokens(d, q).into_iter().next();
                q.answers()
                    .iter()
                    .find(|a| Some(a.token) == token)
                    .map_or(String::new(), |a| a.text.to_owned())
            }
            (Col::Option(q, a), Some(d)) if tokens(d, q).contains(&a.token) => "Oui".to_owned(),
            _ => String::new(),
        }
    }
}

/// A declaration's tokens for a question.
fn tokens(d: &Declaration, q: Question) -> Vec<&'static str> {
    match q {
        Question::OpensData => vec![if d.opens_data { "oui" } else { "non" }],
        Question::Channels => d.channels.iter().map(|c| c.as_str()).collect(),
        Question::Formats => d.formats.iter().map(|c| c.as_str()).collect(),
        Question::Update => d.update.iter().map(|c| c.as_str()).collect(),
        Question::Communication => d.communication.iter().map(|c| c.as_str()).collect(),
        Question::PlannedOpening => d.planned_opening.iter().map(|c| c.as_str()).collect(),
    }
}

fn columns(format: TemplateFormat) -> Vec<Col> {
    let mut cols = vec![Col::Nis, Col::Name];
    for q in Question::ALL {
        let single = q == Question::OpensData || (format == TemplateFormat::Xlsx && !q.multiple());
        if single {
            cols.push(Col::Single(q));
        } else {
            cols.extend(q.answers().iter().map(|a| Col::Option(q, a)));
        }
    }
    cols
}

/// The rows of the template: the header, then one per commune (prefilled from
/// `declarations` where a commune has one).
fn rows(
    format: TemplateFormat,
    communes: &[Commune],
    declarations: &[Declaration],
) -> (Vec<Col>, Vec<Vec<String>>) {
    let cols = columns(format);
    let by_nis: HashMap<NisCode, &Declaration> =
        declarations.iter().map(|d| (d.nis_code, d)).collect();
    let mut out = vec![cols.iter().map(|c| c.header()).collect()];
    for c in communes {
        let d = by_nis.get(&c.nis_code).copied();
        out.push(cols.iter().map(|col| col.value(c, d)).collect());
    }
    (cols, out)
}

/// The CSV template (UTF-8 with a BOM, so that Excel reads the accents).
pub fn template_csv(communes: &[Commune], declarations: &[Declaration]) -> String {
    let (_, rows) = rows(TemplateFormat::Csv, communes, declarations);
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in &rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The XLSX template, with a drop-down list of the allowed answers in every answer cell.
pub fn template_xlsx(
    communes: &[Commune],
    declarations: &[Declaration],
    year: u16,
) -> Result<Vec<u8>, XlsxError> {
    let (cols, rows) = rows(TemplateFormat::Xlsx, communes, declarations);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(format!("Enquête {year}"))?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match r {
                0 => sheet.write_string_with_format(r, c, value, &bold)?,
                _ if value.is_empty() => sheet,
                _ => sheet.write_string(r, c, value)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(1, 24)?;
    let last = communes.len().max(1) as u32;
    let mut list_col = 0u16;
    for (c, col) in cols.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c.max(2), 28)?;
        let validation = match col {
            Col::Single(q) => {
                let column = letter(list_col);
                list_col += 1;
                let n = q.answers().len() + 1;
                DataValidation::new()
                    .allow_list_formula(Formula::new(format!("=Listes!${column}$2:${column}${n}")))
            }
            Col::Option(..) => DataValidation::new().allow_list_strings(&["Oui", "Non"])?,
            _ => continue,
        };
        let message: String = col.header().chars().take(250).collect();
        let validation = validation.set_input_message(message)?;
        sheet.add_data_validation(1, c, last, c, &validation)?;
    }
    lists_sheet(&mut book, &cols)?;
    book.save_to_buffer()
}

/// The second sheet: the answers of each single-answer question, read by the lists.
fn lists_sheet(book: &mut Workbook, cols: &[Col]) -> Result<(), XlsxError> {
    let lists = book.add_worksheet();
    lists.set_name("Listes")?;
    let singles = cols.iter().filter_map(|c| match c {
        Col::Single(q) => Some(*q),
        _ => None,
    });
    for (i, q) in singles.enumerate() {
        let i = i as u16;
        lists.write_string(0, i, q.column())?;
        for (r, a) in q.answers().iter().enumerate() {
            lists.write_string(r as u32 + 1, i, a.text)?;
        }
        lists.set_column_width(i, 40)?;
    }
    Ok(())
}

fn letter(i: u16) -> char {
    char::from(b'A' + (i % 26) as u8)
}
