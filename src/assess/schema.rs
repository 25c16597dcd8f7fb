//! The subset of Frictionless Table Schema that the Walloon data standards use, and the
//! nine standards themselves, embedded.
//!
//! No maintained Rust implementation of Table Schema exists, and the standards use a
//! small part of it (see `assets/walloon-standards/`): eight field types with their
//! default formats, five constraints and a one-field primary key. This module reads a
//! `schema.json` into a table of fields, each with a type and the constraints a cell must
//! meet, and checks one cell at a time, with the rules of frictionless-py 4.x, the
//! validator the standards' own CI runs. The schemas are compiled into the binary: the
//! product never reads them from disk.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

/// The standards, by short name, with their schema as published.
const SOURCES: [(&str, &str); 9] = [
    (
        "stationnements-velos",
        include_str!("../../assets/walloon-standards/stationnements-velos/schema.json"),
    ),
    (
        "defibrillateurs",
        include_str!("../../assets/walloon-standards/defibrillateurs/schema.json"),
    ),
    (
        "emplacements-pmr",
        include_str!("../../assets/walloon-standards/emplacements-pmr/schema.json"),
    ),
    (
        "marches",
        include_str!("../../assets/walloon-standards/marches/schema.json"),
    ),
    (
        "patrimoine-naturel-ou-materiel",
        include_str!("../../assets/walloon-standards/patrimoine-naturel-ou-materiel/schema.json"),
    ),
    (
        "circuits-touristiques",
        include_str!("../../assets/walloon-standards/circuits-touristiques/schema.json"),
    ),
    (
        "equipements-collectifs",
        include_str!("../../assets/walloon-standards/equipements-collectifs/schema.json"),
    ),
    (
        "travaux-voiries",
        include_str!("../../assets/walloon-standards/travaux-voiries/schema.json"),
    ),
    (
        "aires-loisirs",
        include_str!("../../assets/walloon-standards/aires-loisirs/schema.json"),
    ),
];

/// The nine Walloon standards, parsed once.
pub(crate) static STANDARDS: LazyLock<Vec<Schema>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(name, json)| Schema::parse(name, json).expect("embedded schemas are valid"))
        .collect()
});

/// A field type of Table Schema (those the standards use; any other is read as `string`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    String,
    Number,
    Integer,
    Boolean,
    Date,
    Datetime,
    Year,
    Geojson,
}

impl FieldType {
    fn of(name: &str) -> FieldType {
        match name {
            "number" => FieldType::Number,
            "integer" => FieldType::Integer,
            "boolean" => FieldType::Boolean,
            "date" => FieldType::Date,
            "datetime" => FieldType::Datetime,
            "year" => FieldType::Year,
            "geojson" => FieldType::Geojson,
            _ => FieldType::String,
        }
    }

    /// The Table Schema name, as rules are named (`type:date`).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Number => "number",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Datetime => "datetime",
            FieldType::Year => "year",
            FieldType::Geojson => "geojson",
        }
    }
}

/// A rule a cell can break, named as in Table Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rule {
    Type(FieldType),
    Pattern,
    Enum,
    MinLength,
    MaxLength,
    Minimum,
    Maximum,
}

impl PartialOrd for FieldType {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for FieldType {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl Rule {
    /// `required`, `pattern`, `type:date`, …
    pub fn code(self) -> String {
        match self {
            Rule::Type(t) => format!("type:{}", t.name()),
            Rule::Pattern => "pattern".into(),
            Rule::Enum => "enum".into(),
            Rule::MinLength => "minLength".into(),
            Rule::MaxLength => "maxLength".into(),
            Rule::Minimum => "minimum".into(),
            Rule::Maximum => "maximum".into(),
        }
    }
}

/// One field of a schema: its name, type and constraints.
#[derive(Debug)]
pub(crate) struct Field {
    pub name: String,
    pub kind: FieldType,
    pub required: bool,
    pub unique: bool,
    pattern: Option<Regex>,
    allowed: Option<Vec<String>>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

/// A standard's schema.
#[derive(Debug)]
pub(crate) struct Schema {
    /// Short name, e.g. `travaux-voiries`.
    pub name: &'static str,
    pub title: String,
    pub version: String,
    pub fields: Vec<Field>,
    /// Indexes of the primary-key fields.
    pub primary_key: Vec<usize>,
}

#[derive(Deserialize)]
struct RawSchema {
    #[serde(default)]
    title: String,
    #[serde(default)]
    version: String,
    fields: Vec<RawField>,
    #[serde(default, rename = "primaryKey")]
    primary_key: Option<Value>,
}

#[derive(Deserialize)]
struct RawField {
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    constraints: RawConstraints,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConstraints {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    unique: bool,
    pattern: Option<String>,
    #[serde(rename = "enum")]
    allowed: Option<Vec<Value>>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    minimum: Option<Value>,
    maximum: Option<Value>,
}

/// Why an embedded schema cannot be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SchemaError {
    #[error("schema {0}: {1}")]
    Json(&'static str, serde_json::Error),
    #[error("schema {0}: field {1}: bad pattern: {2}")]
    Pattern(&'static str, String, regex::Error),
    #[error("schema {0}: primary key {1} is not a field")]
    PrimaryKey(&'static str, String),
}

impl Schema {
    pub fn parse(name: &'static str, json: &str) -> Result<Schema, SchemaError> {
        let raw: RawSchema = serde_json::from_str(json).map_err(|e| SchemaError::Json(name, e))?;
        let mut fields = Vec::with_capacity(raw.fields.len());
        for f in raw.fields {
            let c = f.constraints;
            let pattern = c
                .pattern
                .map(|p| Regex::new(&format!("^(?:{p})$")))
                .transpose()
                .map_err(|e| SchemaError::Pattern(name, f.name.clone(), e))?;
            let text = |v: Value| match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            let bound =
                |v: Option<Value>| v.and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()));
            fields.push(Field {
                kind: FieldType::of(f.kind.as_deref().unwrap_or("string")),
                required: c.required,
                unique: c.unique,
                pattern,
                allowed: c.allowed.map(|vs| vs.into_iter().map(text).collect()),
                min_length: c.min_length,
                max_length: c.max_length,
                minimum: bound(c.minimum),
                maximum: bound(c.maximum),
                name: f.name,
            });
        }
        let keys: Vec<String> = match raw.primary_key {
            Some(Value::String(k)) => vec![k],
            Some(Value::Array(ks)) => ks
                .into_iter()
                .filter_map(|k| k.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        };
        let primary_key = keys
            .into_iter()
            .map(|k| {
                fields
                    .iter()
                    .position(|f| f.name == k)
                    .ok_or(SchemaError::PrimaryKey(name, k))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Schema {
            name,
            title: raw.title,
            version: raw.version,
            fields,
            primary_key,
        })
    }
}

impl Field {
    /// The first rule a non-missing cell breaks, if any. `cell` is as read (not trimmed).
    pub fn check(&self, cell: &str) -> Option<Rule> {
        if !type_ok(self.kind, cell) {
            return Some(Rule::Type(self.kind));
        }
        if self.pattern.as_ref().is_some_and(|p| !p.is_match(cell)) {
            return Some(Rule::Pattern);
        }
        if self
            .allowed
            .as_ref()
            .is_some_and(|a| !a.iter().any(|v| v == cell))
        {
            return Some(Rule::Enum);
        }
        let chars = || cell.chars().count();
        if self.min_length.is_some_and(|m| chars() < m) {
            return Some(Rule::MinLength);
        }
        if self.max_length.is_some_and(|m| chars() > m) {
            return Some(Rule::MaxLength);
        }
        let value = || cell.trim().parse::<f64>().ok();
        if self.minimum.is_some_and(|m| value().is_some_and(|v| v < m)) {
            return Some(Rule::Minimum);
        }
        if self.maximum.is_some_and(|m| value().is_some_and(|v| v > m)) {
            return Some(Rule::Maximum);
        }
        None
    }
}

/// Whether a cell is a value of the type in its default format (frictionless-py 4.x rules).
fn type_ok(kind: FieldType, cell: &str) -> bool {
    match kind {
        FieldType::String => true,
        FieldType::Number => is_number(cell),
        FieldType::Integer => {
            let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        FieldType::Boolean => {
            matches!(
                cell,
                "true" | "True" | "TRUE" | "1" | "false" | "False" | "FALSE" | "0"
            )
        }
        FieldType::Date => date_ok(cell),
        FieldType::Datetime => datetime_ok(cell),
        FieldType::Year => cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()),
        FieldType::Geojson => serde_json::from_str::<Value>(cell).is_ok_and(|v| geojson_ok(&v)),
    }
}

/// A bare number with `.` as the decimal mark and no grouping (Python `Decimal` syntax).
fn is_number(cell: &str) -> bool {
    let s = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let lower = s.to_ascii_lowercase();
    if ["nan", "inf", "infinity"].contains(&lower.as_str()) {
        return true;
    }
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (lower.as_str(), None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() || !frac.is_empty())
        && digits(int)
        && digits(frac)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// `%Y-%m-%d` as Python's `strptime` reads it: month and day may have one digit.
fn date_ok(cell: &str) -> bool {
    let mut parts = cell.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let num = |s: &str, min_len: usize, max_len: usize| {
        (s.len() >= min_len && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    match (num(y, 4, 4), num(m, 1, 2), num(d, 1, 2)) {
        (Some(y), Some(m), Some(d)) if y > 0 => i8::try_from(m)
            .ok()
            .zip(i8::try_from(d).ok())
            .is_some_and(|(m, d)| jiff::civil::Date::new(y, m, d).is_ok()),
        _ => false,
    }
}

/// frictionless-py 4.x: at least `YYYY-MM-DDThh:mm:ss`, then `dateutil.isoparse`
/// (fractions of a second, `Z` or an offset allowed).
fn datetime_ok(cell: &str) -> bool {
    let b = cell.as_bytes();
    if b.len() < 19 || b[16] != b':' || !b[..19].is_ascii() {
        return false;
    }
    if !date_ok(&cell[..10]) {
        return false;
    }
    let rest = &cell[11..];
    let two = |s: &str, max: u8| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u8>().is_ok_and(|v| v <= max)
    };
    if !(two(&rest[0..2], 24)
        && &rest[2..3] == ":"
        && two(&rest[3..5], 59)
        && &rest[5..6] == ":"
        && two(&rest[6..8], 59))
    {
        return false;
    }
    let mut tail = &rest[8..];
    if let Some(frac) = tail.strip_prefix(['.', ',']) {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        tail = &frac[n..];
    }
    match tail {
        "" | "Z" => true,
        _ => {
            let Some(off) = tail.strip_prefix(['+', '-']) else {
                return false;
            };
            let off = off.replace(':', "");
            off.is_ascii()
                && (off.len() == 2 || off.len() == 4)
                && two(&off[..2], 23)
                && (off.len() == 2 || two(&off[2..], 59))
        }
    }
}

/// A GeoJSON object: a geometry, a Feature or a FeatureCollection, with well-formed coordinates.
fn geojson_ok(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    let coords = o.get("coordinates");
    let is_pos = |p: &Value| {
        p.as_array()
            .is_some_and(|a| a.len() >= 2 && a.iter().all(Value::is_number))
    };
    let line = |l: &Value, min: usize| {
        l.as_array()
            .is_some_and(|a| a.len() >= min && a.iter().all(is_pos))
    };
    let poly = |p: &Value| {
        p.as_array()
            .is_some_and(|rings| rings.iter().all(|r| line(r, 4)))
    };
    let all = |c: Option<&Value>, f: &dyn Fn(&Value) -> bool| {
        c.and_then(Value::as_array).is_some_and(|a| a.iter().all(f))
    };
    match o.get("type").and_then(Value::as_str) {
        Some("Point") => coords.is_some_and(is_pos),
        Some("MultiPoint") => all(coords, &is_pos),
        Some("LineString") => coords.is_some_and(|c| line(c, 2)),
        Some("MultiLineString") => all(coords, &|l| line(l, 2)),
        Some("Polygon") => coords.is_some_and(poly),
        Some("MultiPolygon") => all(coords, &poly),
        Some("GeometryCollection") => all(o.get("geometries"), &geojson_ok),
        Some("Feature") => o
            .get("geometry")
            .is_some_and(|g| g.is_null() || geojson_ok(g)),
        Some("FeatureCollection") => all(o.get("features"), &geojson_ok),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nine_embedded_schemas_parse_with_the_published_counts() {
        let fields: Vec<(&str, usize)> =
            STANDARDS.iter().map(|s| (s.name, s.fields.len())).collect();
        assert_eq!(
            fields,
            [
                ("stationnements-velos", 27),
                ("defibrillateurs", 37),
                ("emplacements-pmr", 19),
                ("marches", 27),
                ("patrimoine-naturel-ou-materiel", 25),
                ("circuits-touristiques", 26),
                ("equipements-collectifs", 27),
                ("travaux-voiries", 31),
                ("aires-loisirs", 42),
            ]
        );
        let required: usize = STANDARDS
            .iter()
            .flat_map(|s| &s.fields)
            .filter(|f| f.required)
            .count();
        assert_eq!(required, 82);
        assert!(
            STANDARDS
                .iter()
                .all(|s| s.primary_key.len() == 1 && s.fields[s.primary_key[0]].name == "id")
        );
    }

    #[test]
    fn types_in_their_default_format() {
        use FieldType::*;
        let cases: &[(FieldType, &str, bool)] = &[
            (Number, "11.5", true),
            (Number, "-3e2", true),
            (Number, "11,5", false),
            (Number, "1 000", false),
            (Integer, "12", true),
            (Integer, "1.0", false),
            (Boolean, "true", true),
            (Boolean, "oui", false),
            (Date, "2022-10-25", true),
            (Date, "2022-2-5", true),
            (Date, "25/10/2022", false),
            (Date, "2022-02-30", false),
            (Datetime, "2022-02-05T08:45:03+02:00", true),
            (Datetime, "2022-02-05T08:45:03Z", true),
            (Datetime, "2022-02-05T08:45:03.250", true),
            (Datetime, "2022-02-05T08:45", false),
            (Datetime, "2022-02-05", false),
            (Year, "2015", true),
            (Year, "15", false),
            (
                Geojson,
                r#"{"coordinates": [4.82, 50.47], "type": "Point"}"#,
                true,
            ),
            (
                Geojson,
                r#"{"type": "LineString", "coordinates": [[4.8, 50.4], [4.9, 50.5]]} "#,
                true,
            ),
            (Geojson, r#"{"type": "Point"}"#, false),
            (Geojson, "50.47, 4.82", false),
        ];
        for &(kind, cell, ok) in cases {
            assert_eq!(type_ok(kind, cell), ok, "{kind:?} {cell:?}");
        }
    }
}
