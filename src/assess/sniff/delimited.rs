//! Delimited text (CSV, TSV): which delimiter, if any, turns the text into a table.
//!
//! Each candidate delimiter (`,` `;` tab `|`) is scored by how consistent the number of
//! fields per record is and by how much the cells look like data (numbers, dates, codes,
//! short labels) rather than sentences. Prose with commas fails both: its lines split
//! into varying numbers of long, wordy fields.

use super::{Sniffed, floor_char_boundary};
use crate::assess::Format;

const CANDIDATES: [char; 4] = [',', ';', '\t', '|'];
/// How much text the scorer reads.
const SAMPLE: usize = 64 * 1024;
/// How many records it reads at most.
const MAX_RECORDS: usize = 400;

#[derive(Clone, Debug)]
struct Dialect {
    delimiter: char,
    records: usize,
    fields: usize,
    consistency: f64,
    datalike: f64,
    /// The first record (the header, usually) has the modal number of fields.
    header_fits: bool,
}

impl Dialect {
    fn score(&self) -> f64 {
        let header = if self.header_fits { 1.0 } else { 0.5 };
        header * self.consistency * self.datalike * (1.0 + (self.fields as f64).ln())
    }
}

pub(super) fn sniff(text: &str, complete: bool) -> Option<Sniffed> {
    let mut sample = &text[..floor_char_boundary(text, SAMPLE)];
    if !complete || sample.len() < text.len() {
        // The last line may be cut in the middle: judge whole lines only.
        if let Some(nl) = sample.rfind('\n') {
            sample = &sample[..nl + 1];
        }
    }
    if reads_like_prose(sample) {
        return None;
    }
    let best = CANDIDATES
        .iter()
        .filter_map(|&d| dialect(sample, d))
        .filter(|d| d.fields >= 2 && d.records >= 2)
        .filter(|d| d.consistency >= if d.records >= 10 { 0.9 } else { 1.0 })
        .filter(|d| d.datalike >= 0.6)
        .max_by(|a, b| a.score().total_cmp(&b.score()))?;
    let (format, name) = if best.delimiter == '\t' {
        (Format::Tsv, "tab".to_owned())
    } else {
        (Format::Csv, format!("'{}'", best.delimiter))
    };
    let mut found = Sniffed::of(
        format,
        format!(
            "delimited text: {name} splits {:.0}% of {} records into {} fields; {:.0}% of cells look like data",
            best.consistency * 100.0,
            best.records,
            best.fields,
            best.datalike * 100.0
        ),
    );
    found.delimiter = Some(best.delimiter);
    Some(found)
}

/// One value per line, each short and data-like (a list of streets, of codes): a
/// one-column table as much as plain text. Returns the sentence saying so. The bytes
/// prove no delimiter, so this is not a verdict of its own: it lets a CSV claim stand.
pub(super) fn one_column(text: &str, complete: bool) -> Option<String> {
    let mut sample = &text[..floor_char_boundary(text, SAMPLE)];
    if (!complete || sample.len() < text.len())
        && let Some(nl) = sample.rfind('\n')
    {
        sample = &sample[..nl + 1];
    }
    if reads_like_prose(sample) {
        return None;
    }
    let lines: Vec<&str> = sample
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_RECORDS)
        .collect();
    if lines.len() < 2 || lines.iter().any(|l| l.chars().count() > 200) {
        return None;
    }
    let datalike = lines.iter().filter(|l| is_datalike(l, &[])).count();
    (datalike * 10 >= lines.len() * 9).then(|| {
        format!(
            "one short value on each of {} lines: consistent with a one-column table",
            lines.len()
        )
    })
}

/// Most lines end like sentences: prose, whatever its commas say.
fn reads_like_prose(sample: &str) -> bool {
    let mut lines = 0;
    let mut sentences = 0;
    for line in sample
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(200)
    {
        lines += 1;
        let mut tail = line.chars().rev();
        let last = tail.next();
        let ends_a_word = matches!(last, Some('.' | '!' | '?' | ':'))
            && tail.next().is_some_and(char::is_alphabetic);
        // A line that starts with a capital, ends with a full stop and runs on for
        // words is a sentence, whatever its commas.
        let sentence = matches!(last, Some('.' | '!' | '?'))
            && line.trim_start().starts_with(char::is_uppercase)
            && line.split_whitespace().count() >= 6
            && !line.contains('\t');
        if ends_a_word || sentence {
            sentences += 1;
        }
    }
    lines > 0 && sentences * 2 >= lines
}

fn dialect(sample: &str, delimiter: char) -> Option<Dialect> {
    if !sample.contains(delimiter) {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(sample.as_bytes());
    let mut counts: Vec<usize> = Vec::new();
    let mut rows: Vec<csv::StringRecord> = Vec::new();
    for record in reader.records().take(MAX_RECORDS) {
        let record = record.ok()?;
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        counts.push(record.len());
        rows.push(record);
    }
    let (fields, modal) = modal(&counts)?;
    let consistency = modal as f64 / counts.len() as f64;
    let others: Vec<char> = CANDIDATES.into_iter().filter(|&c| c != delimiter).collect();
    let mut cells = 0usize;
    let mut datalike = 0usize;
    for row in rows.iter().filter(|r| r.len() == fields) {
        for cell in row.iter() {
            cells += 1;
            if is_datalike(cell, &others) {
                datalike += 1;
            }
        }
    }
    Some(Dialect {
        delimiter,
        records: counts.len(),
        fields,
        consistency,
        header_fits: counts.first() == Some(&fields),
        datalike: if cells == 0 {
            0.0
        } else {
            datalike as f64 / cells as f64
        },
    })
}

/// The most common field count and how often it occurs.
fn modal(counts: &[usize]) -> Option<(usize, usize)> {
    let mut tally: Vec<(usize, usize)> = Vec::new();
    for &c in counts {
        match tally.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => tally.push((c, 1)),
        }
    }
    tally.into_iter().max_by_key(|&(k, n)| (n, k))
}

/// A cell that looks like a value in a table rather than part of a sentence.
/// `others` are the candidate delimiters not in use: a non-numeric cell holding one
/// hints that the text was split on the wrong delimiter.
fn is_datalike(cell: &str, others: &[char]) -> bool {
    let c = cell.trim();
    if c.is_empty() || c.len() <= 3 {
        return true;
    }
    if c.chars()
        .all(|ch| ch.is_ascii_digit() || " .,:-+/%€$eETZ'".contains(ch))
    {
        return true;
    }
    if c.contains(others) {
        return false;
    }
    let words = c.split_whitespace().count();
    let sentence_end = c.ends_with(['.', '!', '?']) && words > 2;
    let sentence_inside = c.contains(". ") && words > 4;
    if sentence_end || sentence_inside {
        return false;
    }
    words <= 8 && c.chars().count() <= 80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delimiter_of(text: &str) -> Option<char> {
        sniff(text, true).and_then(|s| s.delimiter)
    }

    #[test]
    fn real_dialects() {
        assert_eq!(delimiter_of("a,b,c\n1,2,3\n4,5,6\n"), Some(','));
        assert_eq!(
            delimiter_of("nom;montant\nÉcole;1,5\nCrèche;2,25\nVoirie;3\n"),
            Some(';')
        );
        assert_eq!(delimiter_of("x\ty\n1\t2\n3\t4\n"), Some('\t'));
        assert_eq!(delimiter_of("x|y\n1|2\n3|4\n"), Some('|'));
        assert_eq!(
            delimiter_of("id,adresse\n1,\"Rue de Fer, 12\"\n2,\"Place d'Armes, 1\"\n"),
            Some(',')
        );
    }

    #[test]
    fn prose_with_commas_is_not_a_table() {
        let prose = "Le conseil communal, réuni ce lundi, a approuvé le budget.\n\
                     Les travaux de voirie, prévus depuis longtemps, commenceront en mars.\n\
                     Pour toute question, contactez l'administration.\n";
        assert_eq!(delimiter_of(prose), None);
        assert_eq!(delimiter_of("Bonjour, monde.\nAu revoir, monde.\n"), None);
    }

    #[test]
    fn one_line_is_not_a_table() {
        assert_eq!(delimiter_of("a,b,c\n"), None);
    }
}
