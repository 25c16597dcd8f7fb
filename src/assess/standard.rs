//! Conformity of a published table to the Walloon data standards (FuturoCité).
//!
//! A commune that publishes bike parking in the standard's shape makes it reusable across
//! the region; one that does not, does not. This module first decides whether a table
//! claims a standard, above all by its column names (a name shared by most standards,
//! such as `id` or `municipality`, says little; `parking_type` or `roadworks_type` says
//! which), then checks the rows read against the schema as frictionless-py 4.x, the
//! validator of the standards' own CI, would: labels (by name, so that a dropped column
//! is named), then each cell's required,
//! type, pattern, enum, length and range rules, then unique values and the primary key.
//! Errors name the field, the row and the kind of value, never the value itself.
//! A table that does not claim a standard gets no verdict: it is never called one.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::schema::{STANDARDS, Schema};
use super::table::Table;

/// How many errors a verdict lists (all are counted).
const MAX_ERRORS: usize = 20;

/// The verdict on a table that claims a Walloon standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardVerdict {
    /// The standard's short name, e.g. `travaux-voiries`.
    pub standard: String,
    /// Its title, e.g. `Travaux de voirie`.
    pub title: String,
    /// The schema version checked against.
    pub version: String,
    /// True when the rows read break no rule of the schema.
    pub conforms: bool,
    /// How many data rows were checked.
    pub rows_checked: usize,
    /// False when the file goes on beyond the rows checked.
    pub complete: bool,
    /// How many errors were found in all.
    pub error_count: usize,
    /// The first errors, in reading order.
    pub errors: Vec<StandardError>,
}

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardError {
    /// The schema field (or, for an extra column, the column's label).
    pub field: String,
    /// The spreadsheet row (the header is row 1); none for label errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// What kind of value broke the rule.
    pub value: ValueKind,
    /// The rule, as Table Schema names it: `missing-label`, `required`, `type:date`, `enum`, …
    pub rule: String,
}

/// The kind of an offending value (the value itself is not shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A column label.
    Label,
    /// No cell at all, or an empty one.
    Empty,
    /// Digits (with a sign, a decimal point or a comma).
    Number,
    /// Something written like a date.
    Date,
    /// `true`, `false`, `oui`, `non`, …
    Boolean,
    /// A JSON object or array.
    Json,
    /// Any other text.
    Text,
}

impl ValueKind {
    fn of(cell: &str) -> ValueKind {
        let c = cell.trim();
        let lower = c.to_lowercase();
        if c.is_empty() {
            ValueKind::Empty
        } else if c.starts_with(['{', '[']) {
            ValueKind::Json
        } else if ["true", "false", "oui", "non", "yes", "no", "vrai", "faux"]
            .contains(&lower.as_str())
        {
            ValueKind::Boolean
        } else if c
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.,eE ".contains(&b))
            && c.bytes().any(|b| b.is_ascii_digit())
        {
            if c.bytes().filter(|&b| b == b'-').count() == 2 {
                ValueKind::Date
            } else {
                ValueKind::Number
            }
        } else if c
            .bytes()
            .all(|b| b.is_ascii_digit() || b"/-.:T +Z".contains(&b))
        {
            ValueKind::Date
        } else {
            ValueKind::Text
        }
    }
}

/// The Walloon standards known, as (short name, title, version), in catalogue order: the
/// overview lists them all, so a standard no commune follows shows as such.
pub fn known_standards() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    STANDARDS
        .iter()
        .map(|s| (s.name, s.title.as_str(), s.version.as_str()))
}

/// Words of a file name or title that name each standard (accents folded, lower case).
const HINTS: [(&str, &[&str]); 9] = [
    ("stationnements-velos", &["velo"]),
    ("defibrillateurs", &["defibrillat", "dea"]),
    ("emplacements-pmr", &["pmr"]),
    ("marches", &["marche"]),
    ("patrimoine-naturel-ou-materiel", &["patrimoine"]),
    ("circuits-touristiques", &["circuit", "promenade", "balade"]),
    ("equipements-collectifs", &["equipement"]),
    ("travaux-voiries", &["travaux", "chantier"]),
    ("aires-loisirs", &["aire", "loisir", "jeux"]),
];

/// The standard a table's columns claim, if any. `hint`: a file name or title.
pub(crate) fn recognise(header: &[String], hint: Option<&str>) -> Option<&'static Schema> {
    let labels: HashSet<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut shared: HashMap<String, usize> = HashMap::new();
    for schema in STANDARDS.iter() {
        for f in &schema.fields {
            *shared.entry(f.name.to_lowercase()).or_default() += 1;
        }
    }
    let hint = hint.map(fold).unwrap_or_default();
    let mut best: Option<(&Schema, (usize, usize))> = None;
    for schema in STANDARDS.iter() {
        let matched: Vec<&super::schema::Field> = schema
            .fields
            .iter()
            .filter(|f| labels.contains(&f.name.to_lowercase()))
            .collect();
        let distinct = matched
            .iter()
            .filter(|f| shared[&f.name.to_lowercase()] <= 2)
            .count();
        let required = schema.fields.iter().filter(|f| f.required).count();
        let required_matched = matched.iter().filter(|f| f.required).count();
        let hinted = HINTS
            .iter()
            .any(|(name, words)| *name == schema.name && words.iter().any(|w| hint.contains(w)));
        let claims = (distinct >= 2
            && (matched.len() * 2 >= schema.fields.len() || required_matched * 4 >= required * 3))
            || (distinct >= 1 && required_matched == required)
            || (hinted && distinct >= 2 && matched.len() * 3 >= schema.fields.len());
        let score = (distinct, matched.len());
        if claims && best.is_none_or(|(_, s)| score > s) {
            best = Some((schema, score));
        }
    }
    best.map(|(schema, _)| schema)
}

fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// The errors of one validation, counted and capped.
struct Errors {
    kept: Vec<StandardError>,
    count: usize,
}

impl Errors {
    fn push(&mut self, field: &str, row: Option<usize>, value: ValueKind, rule: impl Into<String>) {
        self.count += 1;
        if self.kept.len() < MAX_ERRORS {
            self.kept.push(StandardError {
                field: field.chars().take(80).collect(),
                row,
                value,
                rule: rule.into(),
            });
        }
    }
}

/// Check the rows read against a schema.
pub(crate) fn validate(schema: &'static Schema, table: &Table) -> StandardVerdict {
    let mut errors = Errors {
        kept: Vec::new(),
        count: 0,
    };
    check_labels(schema, &table.header, &mut errors);
    // Cells are checked by name, so that one missing column does not make every later cell wrong.
    let columns: Vec<Option<usize>> = schema
        .fields
        .iter()
        .map(|f| table.header.iter().position(|h| h.trim() == f.name))
        .collect();
    let mut seen: Vec<HashSet<u64>> = vec![HashSet::new(); schema.fields.len()];
    let mut keys: HashSet<u64> = HashSet::new();
    for (i, row) in table.rows.iter().enumerate() {
        let row_no = Some(Table::row_number(i));
        if row.len() > table.header.len() {
            errors.push(
                &format!("(column {})", table.header.len() + 1),
                row_no,
                ValueKind::Text,
                "extra-cell",
            );
        }
        for (f, field) in schema.fields.iter().enumerate() {
            let Some(col) = columns[f] else { continue };
            let Some(cell) = row.get(col) else {
                errors.push(&field.name, row_no, ValueKind::Empty, "missing-cell");
                continue;
            };
            if cell.is_empty() {
                if field.required || schema.primary_key.contains(&f) {
                    errors.push(&field.name, row_no, ValueKind::Empty, "required");
                }
                continue;
            }
            if let Some(rule) = field.check(cell) {
                errors.push(&field.name, row_no, ValueKind::of(cell), rule.code());
            } else if field.unique && !seen[f].insert(hash(cell)) {
                errors.push(&field.name, row_no, ValueKind::of(cell), "unique");
            }
        }
        check_primary_key(schema, &columns, row, row_no, &mut keys, &mut errors);
    }
    StandardVerdict {
        standard: schema.name.to_owned(),
        title: schema.title.clone(),
        version: schema.version.clone(),
        conforms: errors.count == 0,
        rows_checked: table.rows.len(),
        complete: table.complete,
        error_count: errors.count,
        errors: errors.kept,
    }
}

/// Labels against the schema's fields, by name: each missing field, each label that is
/// no field, then the first field out of the schema's order. (frictionless compares
/// position by position, so one dropped column makes it blame the last field and every
/// label after the gap; naming the dropped field is what a commune can act on.)
fn check_labels(schema: &Schema, header: &[String], errors: &mut Errors) {
    let labels: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    for field in &schema.fields {
        if !labels.contains(&field.name.as_str()) {
            errors.push(&field.name, None, ValueKind::Label, "missing-label");
        }
    }
    let mut order: Vec<usize> = Vec::new();
    for label in &labels {
        match schema.fields.iter().position(|f| f.name == *label) {
            Some(i) => order.push(i),
            None => errors.push(label, None, ValueKind::Label, "extra-label"),
        }
    }
    if let Some(w) = order.windows(2).find(|w| w[1] < w[0]) {
        errors.push(
            &schema.fields[w[1]].name,
            None,
            ValueKind::Label,
            "incorrect-label",
        );
    }
}

fn check_primary_key(
    schema: &Schema,
    columns: &[Option<usize>],
    row: &[String],
    row_no: Option<usize>,
    keys: &mut HashSet<u64>,
    errors: &mut Errors,
) {
    let mut h = DefaultHasher::new();
    for &f in &schema.primary_key {
        match columns[f].and_then(|c| row.get(c)) {
            Some(cell) if !cell.is_empty() => cell.hash(&mut h),
            _ => return,
        }
    }
    if !schema.primary_key.is_empty() && !keys.insert(h.finish()) {
        let field = &schema.fields[schema.primary_key[0]].name;
        errors.push(field, row_no, ValueKind::Text, "primary-key");
    }
}

fn hash(cell: &str) -> u64 {
    let mut h = DefaultHasher::new();
    cell.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests;
