//! The barometer's Open Data tables (section 4 of the 2020 survey), counted twice: from
//! what communes declared, and from what the audit measured on the web.
//!
//! Pure functions of the audits: no I/O, no language. Each row holds counts with their own
//! base, so a percentage always says "of whom": declared shares are of the communes asked
//! the question (the seed's way: channels are asked of the communes that open data);
//! measured shares are of the communes where the same condition was measured.
//!
//! Three measured views sit beside the declared one: the respondents (the same communes
//! as the declared column, so the two can be compared directly), every audited commune,
//! and every audited commune in the previous run. A baseline (e.g. the 2020 barometer's
//! published figures) can be laid beside them.
//!
//! Two tables go beyond what the survey could check: anonymisation (the survey asked how
//! communes anonymise; the files read answer whether opened data hold personal data,
//! counted from the `PERSONAL_DATA_SUSPECTED` findings) and the Walloon standards (who
//! publishes which, conforming or not), which did not exist in 2020.

use std::collections::BTreeSet;

use crate::audit::{CommuneAudit, FindingCode};
use crate::declarations::{
    Communication, Declaration, DeclaredChannel, FormatClass, PlannedOpening, UpdateRegime,
};
use crate::targets::{NisCode, PopulationClass};

use super::baseline::Baseline;
use super::measure::{Measured, UpdateState, measure};

/// A count and what it is a count of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// How many.
    pub n: u64,
    /// Out of how many.
    pub base: u64,
}

impl Cell {
    /// `n` out of `base`.
    pub fn of(n: u64, base: u64) -> Cell {
        Cell { n, base }
    }

    /// The share in percent, or `None` without a base.
    pub fn percent(self) -> Option<f64> {
        (self.base > 0).then(|| self.n as f64 * 100.0 / self.base as f64)
    }
}

/// The overview tables, one per survey question that the web can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableKey {
    /// "Est-ce que les communes offrent déjà certaines de leurs données en accès ouvert ?"
    OpensData,
    /// "Sur quel support ces communes publient-elles leurs données ?"
    Channels,
    /// "Dans quels formats ces communes publient-elles leurs données ?"
    Formats,
    /// "Ces communes maintiennent-elles leurs données à jour ?"
    Update,
    /// "Quelles mesures ces communes adoptent-elles pour garantir l'anonymisation de leurs
    /// données ouvertes ?": the files read answer whether opened data hold personal data.
    Anonymisation,
    /// "Comment ces communes communiquent-elles ... concernant les données qui sont ouvertes ?"
    Communication,
    /// Not a survey question: licences, the condition of the first star.
    Licences,
    /// "Ces communes envisagent-elles d'ouvrir leurs données prochainement ?"
    Plans,
}

impl TableKey {
    /// Every table, in the order of the survey.
    pub const ALL: &'static [TableKey] = &[
        TableKey::OpensData,
        TableKey::Channels,
        TableKey::Update,
        TableKey::Anonymisation,
        TableKey::Formats,
        TableKey::Communication,
        TableKey::Licences,
        TableKey::Plans,
    ];

    /// The token used in baseline files (`opens_data`).
    pub fn token(self) -> &'static str {
        match self {
            TableKey::OpensData => "opens_data",
            TableKey::Channels => "channels",
            TableKey::Formats => "formats",
            TableKey::Update => "update",
            TableKey::Anonymisation => "anonymisation",
            TableKey::Communication => "communication",
            TableKey::Licences => "licences",
            TableKey::Plans => "plans",
        }
    }

    /// The table of a token.
    pub fn of_token(s: &str) -> Option<TableKey> {
        TableKey::ALL
            .iter()
            .copied()
            .find(|t| t.token().eq_ignore_ascii_case(s.trim()))
    }

    /// The HTML id of the table (`t-opens-data`).
    pub fn html_id(self) -> &'static str {
        match self {
            TableKey::OpensData => "t-opens-data",
            TableKey::Channels => "t-channels",
            TableKey::Formats => "t-formats",
            TableKey::Update => "t-update",
            TableKey::Anonymisation => "t-anonymisation",
            TableKey::Communication => "t-communication",
            TableKey::Licences => "t-licences",
            TableKey::Plans => "t-plans",
        }
    }

    /// The row tokens of the table, in order.
    pub fn rows(self) -> &'static [&'static str] {
        match self {
            TableKey::OpensData => &["oui", "non", "open_licence"],
            TableKey::Channels => &["site_web", "odwb", "portail_propre"],
            TableKey::Formats => &[
                "non_structure",
                "structure_proprietaire",
                "structure_ouvert",
                "uri",
                "lie",
            ],
            TableKey::Update => &[
                "automatique",
                "manuel_regulier",
                "oui",
                "partiel",
                "non",
                "sans_reponse",
                "non_verifiable",
            ],
            TableKey::Anonymisation => &[
                "sans_donnees_personnelles",
                "donnees_personnelles",
                "non_verifiable",
            ],
            TableKey::Communication => &[
                "aucune",
                "site_web",
                "reseaux_sociaux",
                "presse",
                "reseau_interne",
                "plateforme_open_data",
            ],
            TableKey::Licences => &["open", "all_open", "not_open", "unknown"],
            TableKey::Plans => &["2020", "2021", "fin_mandature", "non", "sans_reponse"],
        }
    }
}

/// One row of an overview table. `None` cells are questions the survey did not ask, or
/// that the web cannot answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// The row's token (see [`TableKey::rows`]).
    pub key: &'static str,
    /// From the survey answers.
    pub declared: Option<Cell>,
    /// Measured, on the communes that answered the survey.
    pub respondents: Option<Cell>,
    /// Measured, on every audited commune.
    pub all: Option<Cell>,
    /// `all` in the previous run.
    pub previous: Option<Cell>,
    /// The baseline's figure.
    pub baseline: Option<Cell>,
}

/// One overview table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Which question.
    pub key: TableKey,
    /// Its rows, in [`TableKey::rows`] order.
    pub rows: Vec<Row>,
}

/// A group of communes in a breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Group {
    /// A population class.
    Class(PopulationClass),
    /// A province, by name.
    Province(String),
    /// Every commune.
    All,
}

/// One group (population class, province) of a breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRow {
    /// Which communes.
    pub group: Group,
    /// Communes audited.
    pub audited: u64,
    /// Respondents, of the audited.
    pub respondents: Cell,
    /// Declaring they open data, of the respondents.
    pub declared_open: Cell,
    /// Found publishing, of the respondents.
    pub found_respondents: Cell,
    /// Found publishing, of the audited.
    pub found_all: Cell,
    /// Found publishing under an open licence, of the audited.
    pub open_all: Cell,
    /// `found_all` in the previous run.
    pub previous: Option<Cell>,
}

/// Communes publishing data, per population class or per province.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// One row per group.
    pub rows: Vec<GroupRow>,
    /// All groups together.
    pub total: GroupRow,
}

/// What a distribution chart counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counts {
    /// This run, per bucket.
    pub this: Vec<u64>,
    /// The previous run, per bucket.
    pub previous: Option<Vec<u64>>,
}

/// A commune publishing files in a Walloon standard's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardUse {
    /// The commune.
    pub nis_code: NisCode,
    /// Its name.
    pub name: String,
    /// Its downloadable files claiming the standard.
    pub files: u64,
    /// Of which conform in the rows read.
    pub conforming_files: u64,
}

impl StandardUse {
    /// Every file of the commune claiming the standard conforms.
    pub fn conforms(&self) -> bool {
        self.files == self.conforming_files
    }
}

/// One Walloon standard: which communes publish data in its shape, and whether it conforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardRow {
    /// Its short name (`stationnements-velos`).
    pub standard: String,
    /// Its title.
    pub title: String,
    /// The schema version checked against.
    pub version: String,
    /// Communes publishing it, of the communes publishing anything.
    pub publishing: Cell,
    /// Communes whose files of it all conform, of those publishing it.
    pub conforming: Cell,
    /// The communes publishing it, in audit order.
    pub communes: Vec<StandardUse>,
}

/// Every overview table of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    /// The survey-question tables, in [`TableKey::ALL`] order.
    pub tables: Vec<Table>,
    /// Publishing by population class (largest first, as the seed lists them).
    pub by_class: Breakdown,
    /// Publishing by province (by name).
    pub by_province: Breakdown,
    /// The Walloon standards, every known one first (in catalogue order), then any other
    /// a verdict names.
    pub standards: Vec<StandardRow>,
    /// Downloadable files per stars earned, 0 to 5.
    pub stars: Counts,
    /// Downloadable files per freshness: on time, late, undated, no frequency.
    pub freshness: Counts,
}

/// A commune's declaration and measure, side by side.
struct Fact<'a> {
    audit: &'a CommuneAudit,
    declared: Option<&'a Declaration>,
    measured: Measured,
}

fn facts(audits: &[CommuneAudit]) -> Vec<Fact<'_>> {
    audits
        .iter()
        .map(|a| Fact {
            audit: a,
            declared: a.declaration.as_ref(),
            measured: measure(a),
        })
        .collect()
}

/// Count the facts where `when` holds, out of those where `base` holds.
fn count<'f, 'd: 'f>(
    facts: impl Iterator<Item = &'f Fact<'d>>,
    base: impl Fn(&Fact<'_>) -> bool,
    when: impl Fn(&Fact<'_>) -> bool,
) -> Cell {
    let of: Vec<&Fact<'_>> = facts.filter(|f| base(f)).collect();
    Cell::of(
        of.iter().filter(|f| when(f)).count() as u64,
        of.len() as u64,
    )
}

/// Compute the overview of `audits`, with the previous run's and the baseline's figures.
pub fn overview(
    audits: &[CommuneAudit],
    previous: Option<&[CommuneAudit]>,
    baseline: Option<&Baseline>,
) -> Overview {
    let now = facts(audits);
    let before = previous.map(facts);
    let mut tables: Vec<Table> = TableKey::ALL.iter().map(|&k| table(k, &now)).collect();
    for t in &mut tables {
        let earlier = before.as_ref().map(|b| table(t.key, b));
        for row in &mut t.rows {
            row.previous = earlier
                .as_ref()
                .and_then(|e| e.rows.iter().find(|r| r.key == row.key))
                .and_then(|r| r.all);
            row.baseline = baseline.and_then(|b| b.get(t.key, row.key));
        }
    }
    let mut classes = vec![
        PopulationClass::Over50k,
        PopulationClass::From20kTo50k,
        PopulationClass::From5kTo20k,
        PopulationClass::Under5k,
    ];
    classes.retain(|c| now.iter().any(|f| f.audit.commune.population_class() == *c));
    let by_class = breakdown(
        &now,
        before.as_deref(),
        classes.into_iter().map(Group::Class),
    );
    let provinces: BTreeSet<&str> = now
        .iter()
        .map(|f| f.audit.commune.province.as_str())
        .collect();
    let by_province = breakdown(
        &now,
        before.as_deref(),
        provinces.into_iter().map(|p| Group::Province(p.to_owned())),
    );
    Overview {
        tables,
        by_class,
        by_province,
        standards: standards(&now),
        stars: Counts {
            this: star_counts(&now),
            previous: before.as_deref().map(star_counts),
        },
        freshness: Counts {
            this: freshness_counts(&now),
            previous: before.as_deref().map(freshness_counts),
        },
    }
}

/// Who publishes which standard: per known standard (and any other a verdict names), the
/// communes with downloadable files claiming it and how many of those conform.
fn standards(facts: &[Fact<'_>]) -> Vec<StandardRow> {
    let mut rows: Vec<StandardRow> = crate::assess::known_standards()
        .map(|(name, title, version)| StandardRow {
            standard: name.to_owned(),
            title: title.to_owned(),
            version: version.to_owned(),
            publishing: Cell::default(),
            conforming: Cell::default(),
            communes: Vec::new(),
        })
        .collect();
    for f in facts {
        for r in super::measure::published(f.audit) {
            let Some(v) = &r.standard else { continue };
            let i = match rows.iter().position(|row| row.standard == v.standard) {
                Some(i) => i,
                None => {
                    rows.push(StandardRow {
                        standard: v.standard.clone(),
                        title: v.title.clone(),
                        version: v.version.clone(),
                        publishing: Cell::default(),
                        conforming: Cell::default(),
                        communes: Vec::new(),
                    });
                    rows.len() - 1
                }
            };
            let communes = &mut rows[i].communes;
            let nis = f.audit.commune.nis_code;
            if communes.last().is_none_or(|u| u.nis_code != nis) {
                communes.push(StandardUse {
                    nis_code: nis,
                    name: f.audit.commune.name.clone(),
                    files: 0,
                    conforming_files: 0,
                });
            }
            let u = communes.last_mut().expect("pushed above");
            u.files += 1;
            u.conforming_files += u64::from(v.conforms);
        }
    }
    let publishing = facts.iter().filter(|f| publishes(f)).count() as u64;
    for row in &mut rows {
        let n = row.communes.len() as u64;
        row.publishing = Cell::of(n, publishing);
        row.conforming = Cell::of(
            row.communes.iter().filter(|u| u.conforms()).count() as u64,
            n,
        );
    }
    rows
}

fn star_counts(facts: &[Fact<'_>]) -> Vec<u64> {
    let mut out = vec![0; 6];
    for f in facts {
        for r in super::measure::published(f.audit) {
            out[usize::from(r.stars.get()).min(5)] += 1;
        }
    }
    out
}

fn freshness_counts(facts: &[Fact<'_>]) -> Vec<u64> {
    let mut out = vec![0; FRESHNESS_ORDER.len()];
    for f in facts {
        for r in super::measure::published(f.audit) {
            if let Some(i) = FRESHNESS_ORDER.iter().position(|c| *c == r.freshness) {
                out[i] += 1;
            }
        }
    }
    out
}

/// The order of the freshness buckets.
pub const FRESHNESS_ORDER: [crate::assess::FreshnessClass; 4] = [
    crate::assess::FreshnessClass::OnTime,
    crate::assess::FreshnessClass::Late,
    crate::assess::FreshnessClass::Undated,
    crate::assess::FreshnessClass::NoFrequency,
];

impl Group {
    /// Whether a commune belongs to the group.
    fn holds(&self, f: &Fact<'_>) -> bool {
        match self {
            Group::Class(c) => f.audit.commune.population_class() == *c,
            Group::Province(p) => f.audit.commune.province == *p,
            Group::All => true,
        }
    }
}

fn breakdown(
    now: &[Fact<'_>],
    before: Option<&[Fact<'_>]>,
    groups: impl Iterator<Item = Group>,
) -> Breakdown {
    let rows = groups.map(|g| group_row(g, now, before)).collect();
    let total = group_row(Group::All, now, before);
    Breakdown { rows, total }
}

fn group_row(group: Group, now: &[Fact<'_>], before: Option<&[Fact<'_>]>) -> GroupRow {
    let is_in = |f: &Fact<'_>| group.holds(f);
    let members = || now.iter().filter(|f| is_in(f));
    GroupRow {
        audited: members().count() as u64,
        respondents: count(members(), |_| true, responded),
        declared_open: count(members(), responded, declares_open),
        found_respondents: count(members(), responded, |f| f.measured.publishes),
        found_all: count(members(), |_| true, |f| f.measured.publishes),
        open_all: count(members(), |_| true, |f| f.measured.open_data),
        previous: before.map(|b| count(b.iter().filter(|f| is_in(f)), |_| true, publishes)),
        group,
    }
}

fn publishes(f: &Fact<'_>) -> bool {
    f.measured.publishes
}

fn responded(f: &Fact<'_>) -> bool {
    f.declared.is_some()
}

fn declares_open(f: &Fact<'_>) -> bool {
    f.declared.is_some_and(|d| d.opens_data)
}

fn declares_closed(f: &Fact<'_>) -> bool {
    f.declared.is_some_and(|d| !d.opens_data)
}

/// The commune has a finding `PERSONAL_DATA_SUSPECTED` (the report counts findings, it
/// does not judge files again).
fn personal_suspected(f: &Fact<'_>) -> bool {
    f.audit
        .findings
        .iter()
        .any(|x| x.code == FindingCode::PersonalDataSuspected)
}

/// At least one downloadable file of the commune was read as a table and scanned.
fn personal_checked(f: &Fact<'_>) -> bool {
    super::measure::published(f.audit).any(|r| r.personal_data.is_some())
}

fn site_read(f: &Fact<'_>) -> bool {
    f.measured.publishes && f.measured.linked_from_site.is_some()
}

/// One table: declared shares among those asked, measured among the respondents and
/// among all audited communes.
fn table(key: TableKey, facts: &[Fact<'_>]) -> Table {
    let c = Tally { facts };
    let rows = match key {
        TableKey::OpensData => opens_data_rows(&c),
        TableKey::Channels => channel_rows(&c),
        TableKey::Formats => format_rows(&c),
        TableKey::Update => update_rows(&c),
        TableKey::Anonymisation => anonymisation_rows(&c),
        TableKey::Communication => communication_rows(&c),
        TableKey::Licences => licence_rows(&c),
        TableKey::Plans => plan_rows(&c),
    };
    Table { key, rows }
}

/// The audited communes, and the cells every table's rows are made of.
struct Tally<'a, 'd> {
    facts: &'a [Fact<'d>],
}

/// A row's measured cells: among the respondents, among all audited communes.
type Measures = (Option<Cell>, Option<Cell>);

impl Tally<'_, '_> {
    /// Measured on a subset `base` of communes: `when` among them, respondents and all.
    fn measured(
        &self,
        base: &dyn Fn(&Fact<'_>) -> bool,
        when: &dyn Fn(&Fact<'_>) -> bool,
    ) -> Measures {
        let respondents = self.facts.iter().filter(|f| responded(f));
        (
            Some(count(respondents, base, when)),
            Some(count(self.facts.iter(), base, when)),
        )
    }

    /// Declared by the communes of `base`: `when` among their answers.
    fn declared(
        &self,
        base: &dyn Fn(&Fact<'_>) -> bool,
        when: &dyn Fn(&Declaration) -> bool,
    ) -> Option<Cell> {
        Some(count(self.facts.iter(), base, |f| {
            f.declared.is_some_and(when)
        }))
    }
}

fn row(key: &'static str, declared: Option<Cell>, (respondents, all): Measures) -> Row {
    Row {
        key,
        declared,
        respondents,
        all,
        ..Row::default()
    }
}

/// Q: does the commune open data? Measured: it publishes; with an open licence.
fn opens_data_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    let everyone = |_: &Fact<'_>| true;
    vec![
        row(
            "oui",
            c.declared(&responded, &|d| d.opens_data),
            c.measured(&everyone, &publishes),
        ),
        row(
            "non",
            c.declared(&responded, &|d| !d.opens_data),
            c.measured(&everyone, &|f| !f.measured.publishes),
        ),
        row(
            "open_licence",
            None,
            c.measured(&everyone, &|f| f.measured.open_data),
        ),
    ]
}

/// Q: where does it publish? Among those who open / who publish.
fn channel_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    [
        DeclaredChannel::SiteWeb,
        DeclaredChannel::Odwb,
        DeclaredChannel::PortailPropre,
    ]
    .into_iter()
    .map(|ch| {
        row(
            ch.as_str(),
            c.declared(&declares_open, &|d| d.channels.contains(&ch)),
            c.measured(&publishes, &|f| f.measured.channels.contains(&ch.channel())),
        )
    })
    .collect()
}

/// Q: in which formats?
fn format_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    [
        FormatClass::NonStructure,
        FormatClass::StructureProprietaire,
        FormatClass::StructureOuvert,
        FormatClass::Uri,
        FormatClass::Lie,
    ]
    .into_iter()
    .map(|fc| {
        row(
            fc.as_str(),
            c.declared(&declares_open, &|d| d.formats.contains(&fc)),
            c.measured(&publishes, &|f| f.measured.formats.contains(&fc)),
        )
    })
    .collect()
}

/// Q: is it kept up to date? How (automatic, manual) cannot be seen, only whether.
fn update_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    let state = |s: UpdateState| move |f: &Fact<'_>| f.measured.update == Some(s);
    let regime = |u: UpdateRegime| move |d: &Declaration| d.update == Some(u);
    let kept = |d: &Declaration| {
        matches!(
            d.update,
            Some(UpdateRegime::Automatique | UpdateRegime::ManuelRegulier)
        )
    };
    vec![
        row(
            "automatique",
            c.declared(&declares_open, &regime(UpdateRegime::Automatique)),
            (None, None),
        ),
        row(
            "manuel_regulier",
            c.declared(&declares_open, &regime(UpdateRegime::ManuelRegulier)),
            (None, None),
        ),
        row(
            "oui",
            c.declared(&declares_open, &kept),
            c.measured(&publishes, &state(UpdateState::UpToDate)),
        ),
        row(
            "partiel",
            c.declared(&declares_open, &regime(UpdateRegime::Partiel)),
            c.measured(&publishes, &state(UpdateState::Partial)),
        ),
        row(
            "non",
            c.declared(&declares_open, &regime(UpdateRegime::Non)),
            c.measured(&publishes, &state(UpdateState::NotUpToDate)),
        ),
        row(
            "sans_reponse",
            c.declared(&declares_open, &|d| d.update.is_none()),
            (None, None),
        ),
        row(
            "non_verifiable",
            None,
            c.measured(&publishes, &state(UpdateState::Unverifiable)),
        ),
    ]
}

/// Q: are personal data anonymised? The survey's answers per commune are not in the
/// declarations file: its figure comes from the baseline.
fn anonymisation_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    vec![
        row(
            "sans_donnees_personnelles",
            None,
            c.measured(&publishes, &|f| {
                personal_checked(f) && !personal_suspected(f)
            }),
        ),
        row(
            "donnees_personnelles",
            None,
            c.measured(&publishes, &personal_suspected),
        ),
        row(
            "non_verifiable",
            None,
            c.measured(&publishes, &|f| {
                !personal_checked(f) && !personal_suspected(f)
            }),
        ),
    ]
}

/// Q: how is it made known? Only the website and the open-data platform can be seen.
fn communication_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    [
        Communication::Aucune,
        Communication::SiteWeb,
        Communication::ReseauxSociaux,
        Communication::Presse,
        Communication::ReseauInterne,
        Communication::PlateformeOpenData,
    ]
    .into_iter()
    .map(|way| {
        let m = match way {
            Communication::Aucune => {
                c.measured(&site_read, &|f| f.measured.linked_from_site == Some(false))
            }
            Communication::SiteWeb => {
                c.measured(&site_read, &|f| f.measured.linked_from_site == Some(true))
            }
            Communication::PlateformeOpenData => c.measured(&publishes, &|f| f.measured.on_portal),
            _ => (None, None),
        };
        row(
            way.as_str(),
            c.declared(&declares_open, &|d| d.communication.contains(&way)),
            m,
        )
    })
    .collect()
}

/// Measured only: the licences of what is published.
fn licence_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    use crate::assess::LicenceClass as L;
    let has = |l: L| move |f: &Fact<'_>| f.measured.licences.contains(&l);
    vec![
        row("open", None, c.measured(&publishes, &has(L::Open))),
        row(
            "all_open",
            None,
            c.measured(&publishes, &|f| {
                f.measured.licences.iter().all(|l| *l == L::Open)
            }),
        ),
        row("not_open", None, c.measured(&publishes, &has(L::NotOpen))),
        row("unknown", None, c.measured(&publishes, &has(L::Unknown))),
    ]
}

/// Q (to those who do not open): when do they plan to? Measured: they publish now.
fn plan_rows(c: &Tally<'_, '_>) -> Vec<Row> {
    let plans: [(&'static str, Option<PlannedOpening>); 5] = [
        ("2020", Some(PlannedOpening::In2020)),
        ("2021", Some(PlannedOpening::In2021)),
        ("fin_mandature", Some(PlannedOpening::FinMandature)),
        ("non", Some(PlannedOpening::Non)),
        ("sans_reponse", None),
    ];
    plans
        .into_iter()
        .map(|(token, plan)| {
            let planned = move |f: &Fact<'_>| {
                declares_closed(f) && f.declared.unwrap().planned_opening == plan
            };
            // Only respondents declared plans: both measured views are theirs.
            let now = Some(count(c.facts.iter(), planned, publishes));
            row(
                token,
                c.declared(&declares_closed, &|d| d.planned_opening == plan),
                (now, now),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::FreshnessClass;
    use crate::discover::Channel;
    use crate::report::measure::tests::{commune, declaration, file};

    fn row(o: &Overview, t: TableKey, key: &str) -> Row {
        o.tables
            .iter()
            .find(|x| x.key == t)
            .unwrap()
            .rows
            .iter()
            .find(|r| r.key == key)
            .unwrap()
            .clone()
    }

    /// Four communes: A declares open and publishes on ODWB (CSV, open, on time);
    /// B declares open, publishes nothing; C declares closed, plans 2021, publishes a
    /// PDF on its website; D did not answer and publishes nothing.
    fn world() -> Vec<CommuneAudit> {
        let mut a = commune("92094", "Namur", 110_000);
        let mut d = declaration(a.commune.nis_code, true);
        d.channels = [DeclaredChannel::Odwb, DeclaredChannel::SiteWeb]
            .into_iter()
            .collect();
        d.formats = [FormatClass::StructureOuvert].into_iter().collect();
        d.update = Some(UpdateRegime::Automatique);
        d.communication = [Communication::SiteWeb].into_iter().collect();
        a.declaration = Some(d);
        let mut f = file(
            a.commune.nis_code,
            Channel::Odwb,
            3,
            true,
            FreshnessClass::OnTime,
        );
        f.linked_from_website = true;
        a.distributions = vec![f];

        let mut b = commune("92003", "Namur", 12_000);
        let mut d = declaration(b.commune.nis_code, true);
        d.channels = [DeclaredChannel::SiteWeb].into_iter().collect();
        d.formats = [FormatClass::NonStructure].into_iter().collect();
        d.update = Some(UpdateRegime::Partiel);
        d.communication = [Communication::Aucune].into_iter().collect();
        b.declaration = Some(d);

        let mut c = commune("57081", "Hainaut", 3_000);
        let mut d = declaration(c.commune.nis_code, false);
        d.planned_opening = Some(PlannedOpening::In2021);
        c.declaration = Some(d);
        c.distributions = vec![file(
            c.commune.nis_code,
            Channel::Website,
            1,
            false,
            FreshnessClass::Undated,
        )];

        let d = commune("57093", "Hainaut", 25_000);
        vec![a, b, c, d]
    }

    #[test]
    fn opens_data_declared_and_measured_with_their_bases() {
        let o = overview(&world(), None, None);
        let r = row(&o, TableKey::OpensData, "oui");
        assert_eq!(r.declared, Some(Cell::of(2, 3)), "A and B of 3 respondents");
        assert_eq!(r.respondents, Some(Cell::of(2, 3)), "A and C publish");
        assert_eq!(r.all, Some(Cell::of(2, 4)));
        assert_eq!(r.previous, None);
        let r = row(&o, TableKey::OpensData, "open_licence");
        assert_eq!(r.declared, None);
        assert_eq!(r.all, Some(Cell::of(1, 4)), "C's PDF has no licence");
        assert_eq!(Cell::of(2, 3).percent().map(f64::round), Some(67.0));
        assert_eq!(Cell::of(0, 0).percent(), None);
    }

    #[test]
    fn follow_up_questions_count_among_those_who_open() {
        let o = overview(&world(), None, None);
        let r = row(&o, TableKey::Channels, "site_web");
        assert_eq!(r.declared, Some(Cell::of(2, 2)));
        assert_eq!(r.all, Some(Cell::of(1, 2)), "C's website PDF");
        let r = row(&o, TableKey::Channels, "odwb");
        assert_eq!(r.declared, Some(Cell::of(1, 2)));
        assert_eq!(r.respondents, Some(Cell::of(1, 2)));
        let r = row(&o, TableKey::Formats, "non_structure");
        assert_eq!(r.declared, Some(Cell::of(1, 2)));
        assert_eq!(r.all, Some(Cell::of(1, 2)));
        let r = row(&o, TableKey::Formats, "structure_ouvert");
        assert_eq!(r.all, Some(Cell::of(1, 2)));
        let r = row(&o, TableKey::Update, "automatique");
        assert_eq!(
            (r.declared, r.all),
            (Some(Cell::of(1, 2)), None),
            "automatic cannot be seen"
        );
        let r = row(&o, TableKey::Update, "oui");
        assert_eq!(r.all, Some(Cell::of(1, 2)), "A on time");
        let r = row(&o, TableKey::Update, "non_verifiable");
        assert_eq!(r.all, Some(Cell::of(1, 2)), "C undated");
        let r = row(&o, TableKey::Communication, "site_web");
        assert_eq!(r.declared, Some(Cell::of(1, 2)));
        assert_eq!(
            r.all,
            Some(Cell::of(2, 2)),
            "A's ODWB is linked, C is on its site"
        );
        let r = row(&o, TableKey::Communication, "presse");
        assert_eq!(r.all, None, "the press is not measured");
        let r = row(&o, TableKey::Licences, "unknown");
        assert_eq!(r.all, Some(Cell::of(1, 2)));
        let r = row(&o, TableKey::Plans, "2021");
        assert_eq!(r.declared, Some(Cell::of(1, 1)));
        assert_eq!(
            r.respondents,
            Some(Cell::of(1, 1)),
            "C planned 2021 and publishes"
        );
    }

    #[test]
    fn breakdowns_by_population_class_and_province() {
        let o = overview(&world(), None, None);
        let groups: Vec<&Group> = o.by_class.rows.iter().map(|g| &g.group).collect();
        use PopulationClass as P;
        assert_eq!(
            groups,
            [
                &Group::Class(P::Over50k),
                &Group::Class(P::From20kTo50k),
                &Group::Class(P::From5kTo20k),
                &Group::Class(P::Under5k)
            ]
        );
        let big = &o.by_class.rows[0];
        assert_eq!(big.audited, 1);
        assert_eq!(big.declared_open, Cell::of(1, 1));
        assert_eq!(big.found_all, Cell::of(1, 1));
        let provinces: Vec<&Group> = o.by_province.rows.iter().map(|g| &g.group).collect();
        assert_eq!(
            provinces,
            [
                &Group::Province("Hainaut".into()),
                &Group::Province("Namur".into())
            ]
        );
        let hainaut = &o.by_province.rows[0];
        assert_eq!(hainaut.respondents, Cell::of(1, 2));
        assert_eq!(hainaut.found_respondents, Cell::of(1, 1));
        assert_eq!(hainaut.found_all, Cell::of(1, 2));
        assert_eq!(hainaut.open_all, Cell::of(0, 2));
        assert_eq!(o.by_province.total.found_all, Cell::of(2, 4));
    }

    #[test]
    fn previous_run_and_baseline_sit_beside_the_measures() {
        let now = world();
        let mut before = world();
        before[0].distributions.clear();
        let baseline = Baseline::parse(
            "edition,table,row,count,base,source\nBaromètre 2020,opens_data,oui,13,75,p. 45\n",
            "b.csv",
        )
        .unwrap();
        let o = overview(&now, Some(&before), Some(&baseline));
        let r = row(&o, TableKey::OpensData, "oui");
        assert_eq!(r.previous, Some(Cell::of(1, 4)));
        assert_eq!(r.baseline, Some(Cell::of(13, 75)));
        assert_eq!(o.by_province.rows[1].previous, Some(Cell::of(0, 2)));
        assert_eq!(o.stars.this, vec![1, 0, 0, 1, 0, 0]);
        assert_eq!(o.stars.previous, Some(vec![1, 0, 0, 0, 0, 0]));
        assert_eq!(o.freshness.this, vec![1, 0, 1, 0]);
    }

    fn scanned(
        mut r: crate::audit::RatedDistribution,
        suspected: bool,
    ) -> crate::audit::RatedDistribution {
        use crate::assess::{PersonalData, PersonalHit, PersonalKind};
        r.personal_data = Some(PersonalData {
            found: suspected
                .then(|| PersonalHit {
                    kind: PersonalKind::Iban,
                    columns: vec!["compte".into()],
                    count: 2,
                    first_row: 2,
                    masked: Some("BE68 **** **** **14".into()),
                })
                .into_iter()
                .collect(),
            rows_scanned: 2,
            complete: true,
        });
        r
    }

    fn with_privacy(mut audits: Vec<CommuneAudit>) -> Vec<CommuneAudit> {
        for a in &mut audits {
            a.findings = crate::audit::privacy::findings(a.commune.nis_code, &a.distributions);
        }
        audits
    }

    #[test]
    fn anonymisation_counts_publishing_communes_clean_suspected_and_unchecked() {
        let mut w = world();
        // A: its CSV was scanned, nothing found. C: only a PDF, nothing read as a table.
        w[0].distributions[0] = scanned(w[0].distributions[0].clone(), false);
        // E publishes a file with IBANs; F's file was scanned but its fetch failed (not published).
        let mut e = commune("63001", "Liège", 8_000);
        e.distributions = vec![scanned(
            file(
                e.commune.nis_code,
                Channel::Odwb,
                3,
                true,
                FreshnessClass::OnTime,
            ),
            true,
        )];
        let mut f = commune("63003", "Liège", 8_000);
        let mut gone = scanned(
            file(
                f.commune.nis_code,
                Channel::Odwb,
                3,
                true,
                FreshnessClass::OnTime,
            ),
            false,
        );
        gone.outcome = crate::fetch::Outcome::Broken(crate::fetch::Broken::Status(404));
        gone.status = Some(404);
        f.distributions = vec![gone];
        w.push(e);
        w.push(f);
        let o = overview(&with_privacy(w), None, None);
        let r = row(&o, TableKey::Anonymisation, "sans_donnees_personnelles");
        assert_eq!(r.declared, None, "not in the per-commune answers");
        assert_eq!(r.all, Some(Cell::of(1, 3)), "A, of A, C and E publishing");
        assert_eq!(
            r.respondents,
            Some(Cell::of(1, 2)),
            "A, of respondents A and C"
        );
        let r = row(&o, TableKey::Anonymisation, "donnees_personnelles");
        assert_eq!(r.all, Some(Cell::of(1, 3)), "E");
        assert_eq!(r.respondents, Some(Cell::of(0, 2)));
        let r = row(&o, TableKey::Anonymisation, "non_verifiable");
        assert_eq!(r.all, Some(Cell::of(1, 3)), "C: no table read");
        let baseline = Baseline::parse(
            "edition,table,row,count,base,source\nB,anonymisation,sans_donnees_personnelles,9,13,p. 47\n",
            "b.csv",
        )
        .unwrap();
        let o = overview(&world(), None, Some(&baseline));
        let r = row(&o, TableKey::Anonymisation, "sans_donnees_personnelles");
        assert_eq!(r.baseline, Some(Cell::of(9, 13)));
    }

    fn claiming(
        mut r: crate::audit::RatedDistribution,
        standard: &str,
        conforms: bool,
    ) -> crate::audit::RatedDistribution {
        r.standard = Some(crate::assess::StandardVerdict {
            standard: standard.into(),
            title: standard.into(),
            version: "1.0".into(),
            conforms,
            rows_checked: 3,
            complete: true,
            error_count: usize::from(!conforms),
            errors: Vec::new(),
        });
        r.url = format!("{}/{standard}/{conforms}", r.url);
        r
    }

    #[test]
    fn standards_table_lists_every_standard_and_who_conforms() {
        let mut w = world();
        let nis = w[0].commune.nis_code;
        let base = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        w[0].distributions
            .push(claiming(base.clone(), "stationnements-velos", true));
        w[0].distributions
            .push(claiming(base.clone(), "defibrillateurs", true));
        w[0].distributions
            .push(claiming(base, "defibrillateurs", false));
        let nis = w[2].commune.nis_code;
        let base = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        w[2].distributions
            .push(claiming(base, "stationnements-velos", false));
        let o = overview(&w, None, None);
        let known: Vec<&str> = crate::assess::known_standards()
            .map(|(n, _, _)| n)
            .collect();
        assert_eq!(known.len(), 9);
        let names: Vec<&str> = o.standards.iter().map(|s| s.standard.as_str()).collect();
        assert_eq!(names, known, "every known standard, in catalogue order");
        let get = |name: &str| o.standards.iter().find(|s| s.standard == name).unwrap();
        let velos = get("stationnements-velos");
        assert_eq!(
            velos.publishing,
            Cell::of(2, 2),
            "A and C, of A and C publishing"
        );
        assert_eq!(velos.conforming, Cell::of(1, 2), "A conforms, C does not");
        assert!(velos.communes[0].conforms() && !velos.communes[1].conforms());
        let dea = get("defibrillateurs");
        assert_eq!(dea.communes.len(), 1);
        assert_eq!(
            (dea.communes[0].files, dea.communes[0].conforming_files),
            (2, 1)
        );
        assert_eq!(
            dea.conforming,
            Cell::of(0, 1),
            "one file of two breaks the rules"
        );
        assert_eq!(get("marches").publishing, Cell::of(0, 2));
        assert!(!get("marches").version.is_empty());
    }

    #[test]
    fn every_table_has_its_rows_in_order() {
        let o = overview(&world(), None, None);
        for t in &o.tables {
            let keys: Vec<&str> = t.rows.iter().map(|r| r.key).collect();
            assert_eq!(keys, t.key.rows(), "{:?}", t.key);
        }
        assert_eq!(o.tables.len(), TableKey::ALL.len());
    }
}
