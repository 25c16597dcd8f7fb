//! What each commune declared in the survey (`targets/declarations-<year>.csv`): the
//! claims the audit checks against what it finds.
//!
//! One row per commune, with the survey's own answer options as tokens (case does not
//! matter; lists are `|`-separated):
//!
//! | column | values |
//! |---|---|
//! | `nis_code` | a commune of the targets file |
//! | `year` | the survey year (four digits; the file name's year when it has one) |
//! | `opens_data` | `oui` \| `non` |
//! | `channels` | `site_web`, `odwb`, `portail_propre` |
//! | `formats` | `non_structure`, `structure_proprietaire`, `structure_ouvert`, `uri`, `lie` (1★ to 5★) |
//! | `update` | `automatique` \| `manuel_regulier` \| `partiel` \| `non`, or empty |
//! | `communication` | `aucune`, `site_web`, `reseaux_sociaux`, `presse`, `reseau_interne`, `plateforme_open_data` |
//! | `planned_opening` | `2020` \| `2021` \| `fin_mandature` \| `non`, or empty |
//!
//! The list columns, `update` and `planned_opening` may be empty: the survey only asked
//! them of some communes (the follow-up questions of those that open data; the plans of
//! those that do not). Answers are kept as given, even when they look inconsistent (a
//! `planned_opening` next to `oui`): they are what the commune said, and comparing claims
//! with reality is the audit's job, not the reader's.
//!
//! Bad input is never skipped: an unknown NIS code, an unknown token, a duplicate
//! commune, a malformed year, malformed CSV or a missing column is an
//! [`InputError`] naming the file, the line, the column and the value, and the run does
//! not start. Communes without a row are still audited.

pub mod import;
pub mod questions;
pub mod template;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::assess::Stars;
use crate::discover::Channel;
use crate::targets::{CsvInput, InputError, NisCode, cell};

/// The columns of a declarations file, in order.
pub const DECLARATION_COLUMNS: &[&str] = &[
    "nis_code",
    "year",
    "opens_data",
    "channels",
    "formats",
    "update",
    "communication",
    "planned_opening",
];

/// A survey answer type whose values are tokens.
pub(crate) trait Token: Sized + Copy + 'static {
    /// Every value with its token.
    const ALL: &'static [(&'static str, Self)];

    fn parse_token(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(s))
            .map(|(_, v)| *v)
    }

    fn choices() -> String {
        Self::ALL
            .iter()
            .map(|(t, _)| *t)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! token_impls {
    ($ty:ty) => {
        impl $ty {
            /// The survey token.
            pub fn as_str(self) -> &'static str {
                <$ty as Token>::ALL
                    .iter()
                    .find(|(_, v)| *v == self)
                    .map_or("", |(t, _)| *t)
            }

            /// The value of a survey token (case aside).
            pub fn from_token(s: &str) -> Option<Self> {
                <$ty as Token>::parse_token(s.trim())
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Where a commune says it publishes ("Sur quel support ces communes publient-elles
/// leurs données ?").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredChannel {
    /// "Une page du site web communal dédiée au téléchargement de données".
    SiteWeb,
    /// "Portail Open Data Wallonie Bruxelles".
    Odwb,
    /// "Portail Open Data propre à la commune".
    PortailPropre,
}

impl Token for DeclaredChannel {
    const ALL: &'static [(&'static str, Self)] = &[
        ("site_web", DeclaredChannel::SiteWeb),
        ("odwb", DeclaredChannel::Odwb),
        ("portail_propre", DeclaredChannel::PortailPropre),
    ];
}
token_impls!(DeclaredChannel);

impl DeclaredChannel {
    /// The channel discovery reports for it.
    pub fn channel(self) -> Channel {
        match self {
            DeclaredChannel::SiteWeb => Channel::Website,
            DeclaredChannel::Odwb => Channel::Odwb,
            DeclaredChannel::PortailPropre => Channel::OwnPortal,
        }
    }

    /// The declared channel of a discovered one; `None` for a regional portal other
    /// than ODWB, which the survey does not offer.
    pub fn of_channel(channel: Channel) -> Option<Self> {
        match channel {
            Channel::Website => Some(DeclaredChannel::SiteWeb),
            Channel::Odwb => Some(DeclaredChannel::Odwb),
            Channel::OwnPortal => Some(DeclaredChannel::PortailPropre),
            Channel::RegionalPortal => None,
        }
    }
}

/// The survey's five format classes ("Dans quels formats ces communes publient-elles
/// leurs données ?"), which are the five star levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatClass {
    /// "Données non structurées : PDF, DOC(X)..." — 1★.
    NonStructure,
    /// "Données structurées, dans un format propriétaire : XLS(X)..." — 2★.
    StructureProprietaire,
    /// "Données structurées, dans un format non propriétaire : CSV, XML, JSON..." — 3★.
    StructureOuvert,
    /// "Données avec des URI : RDF..." — 4★.
    Uri,
    /// "Données liées à d'autres données pour y ajouter du contexte" — 5★.
    Lie,
}

impl Token for FormatClass {
    const ALL: &'static [(&'static str, Self)] = &[
        ("non_structure", FormatClass::NonStructure),
        ("structure_proprietaire", FormatClass::StructureProprietaire),
        ("structure_ouvert", FormatClass::StructureOuvert),
        ("uri", FormatClass::Uri),
        ("lie", FormatClass::Lie),
    ];
}
token_impls!(FormatClass);

impl FormatClass {
    /// The stars of the class (1 to 5).
    pub fn stars(self) -> Stars {
        Stars::new(match self {
            FormatClass::NonStructure => 1,
            FormatClass::StructureProprietaire => 2,
            FormatClass::StructureOuvert => 3,
            FormatClass::Uri => 4,
            FormatClass::Lie => 5,
        })
    }

    /// The class of a star rating; `None` for 0 stars (nothing usable).
    pub fn of_stars(stars: Stars) -> Option<Self> {
        Some(match stars.get() {
            1 => FormatClass::NonStructure,
            2 => FormatClass::StructureProprietaire,
            3 => FormatClass::StructureOuvert,
            4 => FormatClass::Uri,
            5 => FormatClass::Lie,
            _ => return None,
        })
    }
}

/// How a commune says it keeps its open data up to date ("Ces communes maintiennent-elles
/// leurs données à jour ?").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateRegime {
    /// "Oui, c'est automatique".
    Automatique,
    /// "Oui, régulièrement mais de façon manuelle".
    ManuelRegulier,
    /// "Partiellement".
    Partiel,
    /// "Non".
    Non,
}

impl Token for UpdateRegime {
    const ALL: &'static [(&'static str, Self)] = &[
        ("automatique", UpdateRegime::Automatique),
        ("manuel_regulier", UpdateRegime::ManuelRegulier),
        ("partiel", UpdateRegime::Partiel),
        ("non", UpdateRegime::Non),
    ];
}
token_impls!(UpdateRegime);

/// How a commune says it tells people about its open data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Communication {
    /// "Elles ne communiquent pas".
    Aucune,
    /// "Via leur site internet".
    SiteWeb,
    /// "Via les réseaux sociaux".
    ReseauxSociaux,
    /// "Via la presse".
    Presse,
    /// "Via leur réseau interne".
    ReseauInterne,
    /// "Via leur plateforme Open Data".
    PlateformeOpenData,
}

impl Token for Communication {
    const ALL: &'static [(&'static str, Self)] = &[
        ("aucune", Communication::Aucune),
        ("site_web", Communication::SiteWeb),
        ("reseaux_sociaux", Communication::ReseauxSociaux),
        ("presse", Communication::Presse),
        ("reseau_interne", Communication::ReseauInterne),
        ("plateforme_open_data", Communication::PlateformeOpenData),
    ];
}
token_impls!(Communication);

/// When a commune that does not open data plans to ("Ces communes envisagent-elles
/// d'ouvrir leurs données prochainement ?").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PlannedOpening {
    /// "Oui, c'est prévu en 2020".
    #[serde(rename = "2020")]
    In2020,
    /// "Oui, c'est prévu en 2021".
    #[serde(rename = "2021")]
    In2021,
    /// "Oui, c'est prévu d'ici la fin de la mandature".
    #[serde(rename = "fin_mandature")]
    FinMandature,
    /// "Non, ce n'est pas à l'ordre du jour".
    #[serde(rename = "non")]
    Non,
}

impl Token for PlannedOpening {
    const ALL: &'static [(&'static str, Self)] = &[
        ("2020", PlannedOpening::In2020),
        ("2021", PlannedOpening::In2021),
        ("fin_mandature", PlannedOpening::FinMandature),
        ("non", PlannedOpening::Non),
    ];
}
token_impls!(PlannedOpening);

/// One commune's survey answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    /// The commune.
    pub nis_code: NisCode,
    /// The survey year.
    pub year: u16,
    /// "Oui": it says it already opens some of its data.
    #[serde(with = "oui_non")]
    pub opens_data: bool,
    /// Where it says it publishes.
    pub channels: BTreeSet<DeclaredChannel>,
    /// The format classes it says it publishes.
    pub formats: BTreeSet<FormatClass>,
    /// How it says it keeps them up to date.
    pub update: Option<UpdateRegime>,
    /// How it says it communicates about them.
    pub communication: BTreeSet<Communication>,
    /// When it plans to open data (asked of communes answering `non`).
    pub planned_opening: Option<PlannedOpening>,
    /// The line of the file it came from, for messages.
    #[serde(skip)]
    pub line: u64,
    /// The communes that made these answers when the commune audited is their successor
    /// (a merger after the survey); empty when the commune answered itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_from: Vec<Predecessor>,
}

/// A commune whose survey answers were carried to its successor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Predecessor {
    /// The commune that answered.
    pub nis_code: NisCode,
    /// Its name.
    pub name: String,
    /// The day it merged into the commune audited.
    pub merged_on: jiff::civil::Date,
}

impl Declaration {
    /// Carry this declaration of a commune that merged to its successor.
    fn carried(mut self, merger: &crate::mergers::Merger) -> Self {
        self.carried_from.push(Predecessor {
            nis_code: merger.old_nis_code,
            name: merger.old_name.clone(),
            merged_on: merger.effective,
        });
        self.nis_code = merger.new_nis_code;
        self
    }

    /// Join the answers of a second predecessor of the same successor: the successor
    /// opens data if either did; lists are joined; a single answer is the first one given.
    fn join(mut self, other: Declaration) -> Self {
        self.opens_data |= other.opens_data;
        self.channels.extend(other.channels);
        self.formats.extend(other.formats);
        self.communication.extend(other.communication);
        self.update = self.update.or(other.update);
        self.planned_opening = self.planned_opening.or(other.planned_opening);
        self.carried_from.extend(other.carried_from);
        self
    }
}

/// Read a declarations file for the region of `date`: a row may name a commune of
/// `region` or one that merged into one of them by then; its answers are carried to the
/// successor ([`Declaration::carried_from`] says from whom). A commune answering itself
/// and through a predecessor is an error, as is any code outside both.
pub fn load_declarations_in_region(
    path: &Path,
    region: &HashSet<NisCode>,
    mergers: &[crate::mergers::Merger],
    date: jiff::civil::Date,
) -> Result<Vec<Declaration>, InputError> {
    let (file, text) = crate::targets::read_input(path)?;
    let mut known = region.clone();
    known.extend(
        mergers
            .iter()
            .filter(|m| m.effective <= date && region.contains(&m.new_nis_code))
            .map(|m| m.old_nis_code),
    );
    let parsed = parse_declarations(&text, &file, &known)?;
    carry_to_successors(parsed, mergers, date).map_err(|(line, problem)| InputError {
        file,
        line,
        problem,
    })
}

/// Carry the declarations of communes merged by `date` to their successors.
pub fn carry_to_successors(
    declarations: Vec<Declaration>,
    mergers: &[crate::mergers::Merger],
    date: jiff::civil::Date,
) -> Result<Vec<Declaration>, (u64, String)> {
    let mut out: Vec<Declaration> = Vec::with_capacity(declarations.len());
    for d in declarations {
        let d = match crate::mergers::successor(mergers, d.nis_code, date) {
            Some(m) => d.carried(m),
            None => d,
        };
        match out.iter().position(|x| x.nis_code == d.nis_code) {
            Some(i) if !out[i].carried_from.is_empty() && !d.carried_from.is_empty() => {
                let first = std::mem::replace(&mut out[i], d.clone());
                out[i] = first.join(d);
            }
            Some(i) => {
                return Err((
                    d.line,
                    format!(
                        "column nis_code: {} answers both itself and through a commune that merged into it (line {})",
                        d.nis_code, out[i].line
                    ),
                ));
            }
            None => out.push(d),
        }
    }
    Ok(out)
}

mod oui_non {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *v { "oui" } else { "non" })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let s = String::deserialize(d)?;
        match s.to_ascii_lowercase().as_str() {
            "oui" => Ok(true),
            "non" => Ok(false),
            _ => Err(serde::de::Error::custom(format!(
                "{s:?} is not one of oui, non"
            ))),
        }
    }
}

/// Read a declarations file; every NIS code must be in `known` (the targets).
pub fn load_declarations(
    path: &Path,
    known: &HashSet<NisCode>,
) -> Result<Vec<Declaration>, InputError> {
    let (file, text) = crate::targets::read_input(path)?;
    parse_declarations(&text, &file, known)
}

/// The year in a file name like `declarations-2020.csv`.
fn year_of_file(file: &str) -> Option<u16> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let rest = name.strip_prefix("declarations-")?;
    let digits = rest.get(..4)?;
    let after = rest.get(4..)?;
    (digits.bytes().all(|b| b.is_ascii_digit()) && (after.is_empty() || after.starts_with('.')))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Parse a declarations file's text; `file` names it in errors (and, when it reads
/// `declarations-<year>...`, fixes the year every row must have).
pub fn parse_declarations(
    text: &str,
    file: &str,
    known: &HashSet<NisCode>,
) -> Result<Vec<Declaration>, InputError> {
    let mut input = CsvInput::new(text, file)?;
    let columns = input.columns(DECLARATION_COLUMNS, &[])?;
    let mut year_expected = year_of_file(file).map(|y| (y, "the file name's"));
    let mut seen: HashMap<NisCode, u64> = HashMap::new();
    let mut out = Vec::new();
    let rows: Vec<_> = input.rows().collect();
    for row in rows {
        let (line, record) = row?;
        let err = |line: u64, problem: String| input.error(line, problem);
        let cell = |i: usize| cell(&record, columns[i]);

        let nis_code = nis_cell(cell(0), line, known, &mut seen, &err)?;
        let year = year_cell(cell(1), line, &mut year_expected, &err)?;
        let opens_data = opens_data_cell(cell(2), line, &err)?;
        let update: Option<UpdateRegime> = single(cell(5), line, 5, &err)?;
        let planned_opening: Option<PlannedOpening> = single(cell(7), line, 7, &err)?;
        out.push(Declaration {
            nis_code,
            year,
            opens_data,
            channels: list(cell(3), line, 3, &err)?,
            formats: list(cell(4), line, 4, &err)?,
            update,
            communication: list(cell(6), line, 6, &err)?,
            planned_opening,
            line,
            carried_from: Vec::new(),
        });
    }
    Ok(out)
}

/// A commune of the targets, on one line only.
fn nis_cell(
    value: &str,
    line: u64,
    known: &HashSet<NisCode>,
    seen: &mut HashMap<NisCode, u64>,
    err: &impl Fn(u64, String) -> InputError,
) -> Result<NisCode, InputError> {
    let nis_code: NisCode = value
        .parse()
        .map_err(|e| err(line, format!("column nis_code: {e}")))?;
    if !known.contains(&nis_code) {
        return Err(err(
            line,
            format!("column nis_code: {nis_code} is not a commune of the targets"),
        ));
    }
    if let Some(first) = seen.insert(nis_code, line) {
        return Err(err(
            line,
            format!("column nis_code: {nis_code} appears twice (first on line {first})"),
        ));
    }
    Ok(nis_code)
}

/// A survey year, the same on every line (and the file name's, when it names one);
/// `expected` is that year and whose it is, set by the first row when the name has none.
fn year_cell(
    value: &str,
    line: u64,
    expected: &mut Option<(u16, &'static str)>,
    err: &impl Fn(u64, String) -> InputError,
) -> Result<u16, InputError> {
    let year = value
        .parse::<u16>()
        .ok()
        .filter(|y| value.len() == 4 && (2000..=2100).contains(y))
        .ok_or_else(|| {
            err(
                line,
                format!("column year: {value:?} is not a survey year (e.g. 2020)"),
            )
        })?;
    match *expected {
        Some((y, whose)) if y != year => {
            return Err(err(
                line,
                format!("column year: {year} differs from {whose} year {y}"),
            ));
        }
        Some(_) => {}
        None => *expected = Some((year, "the first row's")),
    }
    Ok(year)
}

/// `oui` or `non`, in any case.
fn opens_data_cell(
    value: &str,
    line: u64,
    err: &impl Fn(u64, String) -> InputError,
) -> Result<bool, InputError> {
    match value.to_ascii_lowercase().as_str() {
        "oui" => Ok(true),
        "non" => Ok(false),
        _ => Err(err(
            line,
            format!("column opens_data: {value:?} is not one of oui, non"),
        )),
    }
}

/// An optional single token.
fn single<T: Token>(
    value: &str,
    line: u64,
    column: usize,
    err: &impl Fn(u64, String) -> InputError,
) -> Result<Option<T>, InputError> {
    if value.is_empty() {
        return Ok(None);
    }
    T::parse_token(value).map(Some).ok_or_else(|| {
        err(
            line,
            format!(
                "column {}: {value:?} is not one of {}",
                DECLARATION_COLUMNS[column],
                T::choices()
            ),
        )
    })
}

/// A `|`-separated list of tokens; empty items are ignored.
fn list<T: Token + Ord>(
    value: &str,
    line: u64,
    column: usize,
    err: &impl Fn(u64, String) -> InputError,
) -> Result<BTreeSet<T>, InputError> {
    value
        .split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            T::parse_token(t).ok_or_else(|| {
                err(
                    line,
                    format!(
                        "column {}: {t:?} is not one of {}",
                        DECLARATION_COLUMNS[column],
                        T::choices()
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n";

    fn known() -> HashSet<NisCode> {
        ["92094", "62063", "25072"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect()
    }

    fn parse(rows: &str) -> Result<Vec<Declaration>, InputError> {
        parse_declarations(
            &format!("{HEADER}{rows}"),
            "declarations-2020.csv",
            &known(),
        )
    }

    fn error(rows: &str) -> String {
        parse(rows).unwrap_err().to_string()
    }

    #[test]
    fn parses_answers_case_insensitively() {
        let d = parse(
            "92094,2020,OUI,Site_Web|odwb,structure_ouvert|NON_STRUCTURE,Automatique,site_web|presse,\n\
             62063,2020,non,,,,aucune,fin_mandature\n\
             25072,2020,non,,,,,\n",
        )
        .unwrap();
        assert_eq!(d.len(), 3);
        assert!(d[0].opens_data);
        assert_eq!(
            d[0].channels.iter().copied().collect::<Vec<_>>(),
            [DeclaredChannel::SiteWeb, DeclaredChannel::Odwb]
        );
        assert_eq!(
            d[0].formats.iter().copied().collect::<Vec<_>>(),
            [FormatClass::NonStructure, FormatClass::StructureOuvert]
        );
        assert_eq!(d[0].update, Some(UpdateRegime::Automatique));
        assert_eq!(d[0].planned_opening, None);
        assert_eq!(d[0].line, 2);
        assert!(!d[1].opens_data);
        assert!(d[1].channels.is_empty());
        assert_eq!(d[1].planned_opening, Some(PlannedOpening::FinMandature));
        assert_eq!(
            d[1].communication.iter().copied().collect::<Vec<_>>(),
            [Communication::Aucune]
        );
        assert_eq!((d[2].update, d[2].planned_opening), (None, None));
    }

    #[test]
    fn errors_name_file_line_column_and_value() {
        assert_eq!(
            error("92094,2020,oui,site_web,,,,\n92094,2020,oui,odwb,,,,\n"),
            "declarations-2020.csv:3: column nis_code: 92094 appears twice (first on line 2)"
        );
        assert_eq!(
            error("92094,2020,oui,site_web,,,,\n62063,2020,oui,facebook,,,,\n"),
            "declarations-2020.csv:3: column channels: \"facebook\" is not one of site_web, odwb, portail_propre"
        );
        assert_eq!(
            error("11111,2020,oui,,,,,\n"),
            "declarations-2020.csv:2: column nis_code: 11111 is not a commune of the targets"
        );
        assert!(
            error("9209,2020,oui,,,,,\n")
                .starts_with("declarations-2020.csv:2: column nis_code: \"9209\"")
        );
        assert_eq!(
            error("92094,2020,peut-être,,,,,\n"),
            "declarations-2020.csv:2: column opens_data: \"peut-être\" is not one of oui, non"
        );
        assert_eq!(
            error("92094,2020,oui,,pdf,,,\n"),
            "declarations-2020.csv:2: column formats: \"pdf\" is not one of non_structure, structure_proprietaire, structure_ouvert, uri, lie"
        );
        assert_eq!(
            error("92094,2020,oui,,,souvent,,\n"),
            "declarations-2020.csv:2: column update: \"souvent\" is not one of automatique, manuel_regulier, partiel, non"
        );
        assert_eq!(
            error("92094,2020,oui,,,,twitter,\n"),
            "declarations-2020.csv:2: column communication: \"twitter\" is not one of aucune, site_web, reseaux_sociaux, presse, reseau_interne, plateforme_open_data"
        );
        assert_eq!(
            error("92094,2020,non,,,,,2022\n"),
            "declarations-2020.csv:2: column planned_opening: \"2022\" is not one of 2020, 2021, fin_mandature, non"
        );
        assert_eq!(
            error("92094,deux mille,oui,,,,,\n"),
            "declarations-2020.csv:2: column year: \"deux mille\" is not a survey year (e.g. 2020)"
        );
        assert_eq!(
            error("92094,2021,oui,,,,,\n"),
            "declarations-2020.csv:2: column year: 2021 differs from the file name's year 2020"
        );
        assert!(
            error("92094,2020,oui,\"site_web,,,,\n").contains("malformed CSV"),
            "{}",
            error("92094,2020,oui,\"site_web,,,,\n")
        );
        assert!(error("92094,2020,oui\n").contains("declarations-2020.csv:2: malformed CSV"));
        let e = parse_declarations("nis_code,year,opens_data\n", "d.csv", &known()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "d.csv:1: missing column \"channels\" (expected: nis_code,year,opens_data,channels,formats,update,communication,planned_opening)"
        );
    }

    #[test]
    fn without_a_year_in_the_name_rows_agree_with_the_first() {
        let text = format!("{HEADER}92094,2020,oui,,,,,\n62063,2018,non,,,,,\n");
        let e = parse_declarations(&text, "answers.csv", &known()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "answers.csv:3: column year: 2018 differs from the first row's year 2020"
        );
        assert_eq!(
            year_of_file("targets/declarations-2020.example.csv"),
            Some(2020)
        );
        assert_eq!(year_of_file("declarations-20201.csv"), None);
        assert_eq!(year_of_file("x/declarations-2018.csv"), Some(2018));
    }

    #[test]
    fn header_only_bom_and_column_order() {
        assert!(parse("").unwrap().is_empty());
        let text = "\u{feff}planned_opening,communication,update,formats,channels,opens_data,year,nis_code\n,,,lie,portail_propre,oui,2020,92094\n";
        let d = parse_declarations(text, "declarations-2020.csv", &known()).unwrap();
        assert_eq!(d[0].formats.iter().next(), Some(&FormatClass::Lie));
        assert!(d[0].channels.contains(&DeclaredChannel::PortailPropre));
    }

    #[test]
    fn format_classes_are_stars() {
        for n in 1..=5 {
            let class = FormatClass::of_stars(Stars::new(n)).unwrap();
            assert_eq!(class.stars().get(), n);
        }
        assert_eq!(FormatClass::of_stars(Stars::ZERO), None);
        assert_eq!(FormatClass::StructureOuvert.stars(), Stars::new(3));
        assert_eq!(FormatClass::Lie.as_str(), "lie");
    }

    #[test]
    fn serde_uses_the_tokens() {
        let d = parse("92094,2020,non,,,non,aucune,2021\n")
            .unwrap()
            .remove(0);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["opens_data"], "non");
        assert_eq!(json["planned_opening"], "2021");
        assert_eq!(json["update"], "non");
        assert_eq!(json["communication"][0], "aucune");
        assert_eq!(json["nis_code"], "92094");
        let back: Declaration = serde_json::from_value(json).unwrap();
        assert_eq!(back, Declaration { line: 0, ..d });
        for c in [
            DeclaredChannel::SiteWeb,
            DeclaredChannel::Odwb,
            DeclaredChannel::PortailPropre,
        ] {
            assert_eq!(DeclaredChannel::of_channel(c.channel()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }

    #[test]
    fn a_merged_communes_answers_reach_its_successor() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets");
        let communes = crate::targets::load_communes(&root.join("wallonia.csv")).unwrap();
        let mergers = crate::mergers::load_mergers(&root.join("mergers.csv")).unwrap();
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let region = |d| -> HashSet<NisCode> {
            crate::mergers::region_on(&communes, &mergers, d)
                .iter()
                .map(|c| c.nis_code)
                .collect()
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("declarations-2020.csv");
        std::fs::write(
            &file,
            format!(
                "{HEADER}82003,2020,non,,,,,2021\n82005,2020,oui,odwb,structure_ouvert,partiel,site_web,\n92094,2020,non,,,,,non\n"
            ),
        )
        .unwrap();
        let after = load_declarations_in_region(
            &file,
            &region(day("2025-01-01")),
            &mergers,
            day("2025-01-01"),
        )
        .unwrap();
        assert_eq!(after.len(), 2);
        let bastogne = &after[0];
        assert_eq!(bastogne.nis_code.get(), 82039);
        assert!(
            bastogne.opens_data,
            "Bertogne opened data: so does the new Bastogne"
        );
        assert_eq!(
            bastogne.channels.iter().next(),
            Some(&DeclaredChannel::Odwb)
        );
        assert_eq!(bastogne.planned_opening, Some(PlannedOpening::In2021));
        let from: Vec<(u32, &str)> = bastogne
            .carried_from
            .iter()
            .map(|p| (p.nis_code.get(), p.name.as_str()))
            .collect();
        assert_eq!(from, [(82003, "Bastogne"), (82005, "Bertogne")]);
        assert_eq!(bastogne.carried_from[0].merged_on, day("2024-12-02"));
        let json = serde_json::to_value(bastogne).unwrap();
        assert_eq!(json["carried_from"][1]["name"], "Bertogne");
        assert!(after[1].carried_from.is_empty());
        assert!(
            serde_json::to_value(&after[1])
                .unwrap()
                .get("carried_from")
                .is_none()
        );

        // Before the merger, each answers for itself.
        let before = load_declarations_in_region(
            &file,
            &region(day("2024-06-01")),
            &mergers,
            day("2024-06-01"),
        )
        .unwrap();
        assert_eq!(before.len(), 3);
        assert!(before.iter().all(|d| d.carried_from.is_empty()));

        // The successor answering too is a contradiction the user must settle.
        std::fs::write(
            &file,
            format!("{HEADER}82005,2020,oui,,,,,\n82039,2020,non,,,,,\n"),
        )
        .unwrap();
        let e = load_declarations_in_region(
            &file,
            &region(day("2025-01-01")),
            &mergers,
            day("2025-01-01"),
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.problem
                .contains("82039 answers both itself and through a commune that merged into it"),
            "{e}"
        );
    }

    #[test]
    fn the_shipped_template_and_example() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let communes = crate::targets::load_communes(&root.join("targets/wallonia.csv")).unwrap();
        let known: HashSet<NisCode> = communes.iter().map(|c| c.nis_code).collect();
        let d = load_declarations(&root.join("targets/declarations-2020.csv"), &known).unwrap();
        assert!(d.is_empty(), "the template holds no invented answers");
        // The example's communes are fictitious: it cannot be mistaken for real answers.
        let example = root.join("targets/declarations-2020.example.csv");
        let e = load_declarations(&example, &known).unwrap_err();
        assert!(e.problem.contains("is not a commune of the targets"), "{e}");
        let fictitious: HashSet<NisCode> = ["99991", "99992", "99993"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(load_declarations(&example, &fictitious).unwrap().len(), 3);
    }
}
