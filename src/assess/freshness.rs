//! Is a dataset kept up to date as its publisher says?
//!
//! The survey asked communes whether they keep their open data up to date; portals
//! state a frequency ("Annuelle", an EU frequency URI...) and a last-modification date.
//! This module reads both as publishers really write them and compares them with a
//! clock reading handed in by the caller (nothing here reads the clock, so every
//! judgement is reproducible in tests).
//!
//! **Periods** use mean Gregorian lengths: a year is 365.2425 days, a month a twelfth of
//! that (30.44 days), a quarter three months. Continuous data is expected at least
//! hourly.
//!
//! **Grace.** Publishing a day late is not neglect, so a dataset is only `late` once
//! `now > modified + period + grace`, where grace is a tenth of the period but at least
//! one day for periods under four weeks (continuous, daily, weekly) and at least seven
//! days for monthly and longer: daily data is late after 2 days, weekly after 8,
//! monthly after about 37, quarterly after about 100, annual after about 402.
//!
//! **No schedule.** Irregular and "never updated" data cannot be late: they are judged
//! like data without a frequency (`no_frequency`), with their age in days for the
//! reader. The EU `OTHER` code names no period and is read as irregular; a frequency
//! with a known period that has no name here (every two weeks, three years...) is
//! [`Frequency::Other`] and is judged against that period.

use std::fmt;
use std::time::Duration;

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::text::Words;
use Cue::{Exact, Phrases, Stems};

const MINUTE: u64 = 60;
const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;
const WEEK: u64 = 7 * DAY;
/// 365.2425 days.
const YEAR: u64 = 31_556_952;
/// A twelfth of a mean year.
const MONTH: u64 = YEAR / 12;

/// A declared update frequency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// Continuously or in real time (expected at least hourly).
    Continuous,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    Semiannual,
    /// Every year.
    Annual,
    /// Every two years.
    Biennial,
    /// Updated now and then, without a schedule.
    Irregular,
    /// Not updated (historical data, or no updates planned).
    Never,
    /// Another regular period (every two weeks, hourly, three years...).
    Other(Duration),
}

impl Frequency {
    /// How long one period lasts; `None` when there is no schedule.
    pub fn period(self) -> Option<Duration> {
        let secs = match self {
            Frequency::Continuous => HOUR,
            Frequency::Daily => DAY,
            Frequency::Weekly => WEEK,
            Frequency::Monthly => MONTH,
            Frequency::Quarterly => 3 * MONTH,
            Frequency::Semiannual => 6 * MONTH,
            Frequency::Annual => YEAR,
            Frequency::Biennial => 2 * YEAR,
            Frequency::Irregular | Frequency::Never => return None,
            Frequency::Other(d) => return Some(d),
        };
        Some(Duration::from_secs(secs))
    }

    /// How long after a missed period a dataset still counts as on time.
    pub fn grace(self) -> Option<Duration> {
        let period = self.period()?.as_secs();
        let floor = if period >= 4 * WEEK { 7 * DAY } else { DAY };
        Some(Duration::from_secs((period / 10).max(floor)))
    }

    /// The frequency of a period in seconds, by name when it has one.
    fn of_secs(secs: u64) -> Option<Frequency> {
        Some(match secs {
            0 => return None,
            1 => Frequency::Continuous,
            DAY => Frequency::Daily,
            WEEK => Frequency::Weekly,
            MONTH => Frequency::Monthly,
            s if s == 3 * MONTH => Frequency::Quarterly,
            s if s == 6 * MONTH => Frequency::Semiannual,
            YEAR => Frequency::Annual,
            s if s == 2 * YEAR => Frequency::Biennial,
            s => Frequency::Other(Duration::from_secs(s)),
        })
    }
}

/// `annual`, `monthly`..., or an ISO 8601 duration (`P14D`, `PT12H`) for [`Frequency::Other`].
impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Frequency::Continuous => "continuous",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Semiannual => "semiannual",
            Frequency::Annual => "annual",
            Frequency::Biennial => "biennial",
            Frequency::Irregular => "irregular",
            Frequency::Never => "never",
            Frequency::Other(d) => {
                let s = d.as_secs();
                return if s > 0 && s % DAY == 0 {
                    write!(f, "P{}D", s / DAY)
                } else if s > 0 && s % HOUR == 0 {
                    write!(f, "PT{}H", s / HOUR)
                } else if s > 0 && s % MINUTE == 0 {
                    write!(f, "PT{}M", s / MINUTE)
                } else {
                    write!(f, "PT{s}S")
                };
            }
        };
        f.write_str(name)
    }
}

impl Serialize for Frequency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Frequency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        parse_frequency(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("{s:?} is not a frequency")))
    }
}

/// Read a declared frequency as portals give it: French (or English, Dutch, German)
/// free text, an EU frequency authority URI or code, a Dublin Core `cld:freq` URI, or
/// an ISO 8601 duration (`P1Y`, `R/P1M`). `None` when it says nothing usable
/// (empty, "unknown", unrecognised).
pub fn parse_frequency(s: &str) -> Option<Frequency> {
    let s = s.trim();
    if s.is_empty() || s.len() > 1_000 {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("/authority/frequency/") {
        let code = s.rsplit(['/', '#']).next().unwrap_or("");
        return eu_code(&code.to_ascii_uppercase())?;
    }
    if lower.contains("purl.org/cld/freq/") {
        let code = lower.rsplit(['/', '#']).next().unwrap_or("");
        return cld_code(code);
    }
    if let Some(secs) = iso_duration(s) {
        return Frequency::of_secs(secs);
    }
    if let Some(found) = eu_code(&s.to_ascii_uppercase()) {
        return found;
    }
    free_text(s)
}

/// The EU Publications Office frequency authority table (all codes). `Some(None)` for
/// codes that name no frequency (`UNKNOWN`, `OP_DATPRO`), `None` for unknown codes.
fn eu_code(code: &str) -> Option<Option<Frequency>> {
    use Frequency::*;
    let other = |secs: u64| Some(Other(Duration::from_secs(secs)));
    Some(match code {
        "1MIN" => other(MINUTE),
        "5MIN" => other(5 * MINUTE),
        "10MIN" => other(10 * MINUTE),
        "15MIN" => other(15 * MINUTE),
        "30MIN" => other(30 * MINUTE),
        "HOURLY" => other(HOUR),
        "BIHOURLY" => other(2 * HOUR),
        "TRIHOURLY" => other(3 * HOUR),
        "12HRS" => other(12 * HOUR),
        "CONT" | "UPDATE_CONT" => Some(Continuous),
        "DAILY" => Some(Daily),
        "DAILY_2" => other(12 * HOUR),
        "WEEKLY" => Some(Weekly),
        "WEEKLY_2" => other(WEEK / 2),
        "WEEKLY_3" => other(WEEK / 3),
        "WEEKLY_5" => other(WEEK / 5),
        "BIWEEKLY" => other(2 * WEEK),
        "MONTHLY" => Some(Monthly),
        "MONTHLY_2" => other(MONTH / 2),
        "MONTHLY_3" => other(MONTH / 3),
        "BIMONTHLY" => other(2 * MONTH),
        "QUARTERLY" => Some(Quarterly),
        "ANNUAL_2" => Some(Semiannual),
        "ANNUAL_3" => other(4 * MONTH),
        "ANNUAL" => Some(Annual),
        "BIENNIAL" => Some(Biennial),
        "TRIENNIAL" => other(3 * YEAR),
        "QUADRENNIAL" => other(4 * YEAR),
        "QUINQUENNIAL" => other(5 * YEAR),
        "SEXENNIAL" => other(6 * YEAR),
        "DECENNIAL" => other(10 * YEAR),
        "BIDECENNIAL" => other(20 * YEAR),
        "TRIDECENNIAL" => other(30 * YEAR),
        "IRREG" | "AS_NEEDED" | "OTHER" => Some(Irregular),
        "NEVER" | "NOT_PLANNED" => Some(Never),
        "UNKNOWN" | "OP_DATPRO" => None,
        _ => return None,
    })
}

/// The Dublin Core Collection Description frequency vocabulary.
fn cld_code(code: &str) -> Option<Frequency> {
    use Frequency::*;
    let other = |secs: u64| Some(Other(Duration::from_secs(secs)));
    match code {
        "triennial" => other(3 * YEAR),
        "biennial" => Some(Biennial),
        "annual" => Some(Annual),
        "semiannual" => Some(Semiannual),
        "threetimesayear" => other(4 * MONTH),
        "quarterly" => Some(Quarterly),
        "bimonthly" => other(2 * MONTH),
        "monthly" => Some(Monthly),
        "semimonthly" => other(MONTH / 2),
        "threetimesamonth" => other(MONTH / 3),
        "biweekly" => other(2 * WEEK),
        "weekly" => Some(Weekly),
        "semiweekly" => other(WEEK / 2),
        "threetimesaweek" => other(WEEK / 3),
        "daily" => Some(Daily),
        "continuous" => Some(Continuous),
        "irregular" => Some(Irregular),
        _ => None,
    }
}

/// An ISO 8601 duration or repeating interval (`P1Y`, `P1Y2M10DT2H`, `R/P1M`,
/// `R5/2008-03-01T13:00:00Z/P1Y`), in seconds. Fractions are allowed (`P0.5M`).
fn iso_duration(s: &str) -> Option<u64> {
    let upper = s.to_ascii_uppercase();
    let first = upper.as_bytes().first()?;
    if *first != b'P' && *first != b'R' {
        return None;
    }
    let part = upper.split('/').find(|p| p.starts_with('P'))?;
    let mut total = 0f64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in part[1..].chars() {
        match c {
            '0'..='9' => number.push(c),
            '.' | ',' => number.push('.'),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                let secs = match (unit, in_time) {
                    ('Y', false) => YEAR,
                    ('M', false) => MONTH,
                    ('W', false) => WEEK,
                    ('D', false) => DAY,
                    ('H', true) => HOUR,
                    ('M', true) => MINUTE,
                    ('S', true) => 1,
                    _ => return None,
                };
                total += n * secs as f64;
                any = true;
            }
        }
    }
    // A thousand years is not an update frequency; it also keeps the cast exact.
    (any && number.is_empty() && total.is_finite() && total <= 1_000.0 * YEAR as f64)
        .then(|| total.round() as u64)
}

/// How a [`FREE_TEXT`] row recognises a frequency in the words of a text.
#[derive(Clone, Copy)]
enum Cue {
    /// One of these whole words or phrases (`temps reel`).
    Phrases(&'static [&'static str]),
    /// A word starting with one of these (`mensuel` for `mensuelle`).
    Stems(&'static [&'static str]),
    /// One of these exact words.
    Exact(&'static [&'static str]),
}

const fn every(secs: u64) -> Frequency {
    Frequency::Other(Duration::from_secs(secs))
}

/// French (and English, Dutch, German, Portuguese, Spanish) words for frequencies, read
/// in order: the first row with a cue the text shows gives the frequency. Prefixed forms
/// come before their base ("bimensuel" is not "mensuel").
const FREE_TEXT: &[(&[Cue], Frequency)] = &[
    (
        &[
            Phrases(&["temps reel", "real time", "en direct", "en continu"]),
            Stems(&[
                "continu",
                "realtime",
                "kontinuierlich",
                "doorlopend",
                "live",
            ]),
        ],
        Frequency::Continuous,
    ),
    (
        &[Phrases(&["semi annual", "half yearly", "semi annually"])],
        Frequency::Semiannual,
    ),
    (&[Stems(&["bihebdomadaire", "semiweekly"])], every(WEEK / 2)),
    (
        &[Stems(&["biweekly", "fortnightly", "tweewekelijks"])],
        every(2 * WEEK),
    ),
    (&[Stems(&["bimensuel", "semimonthly"])], every(MONTH / 2)),
    (
        &[Stems(&["bimestriel", "bimonthly", "tweemaandelijks"])],
        every(2 * MONTH),
    ),
    (&[Stems(&["quadrimestriel"])], every(4 * MONTH)),
    (&[Stems(&["triennal", "triennial"])], every(3 * YEAR)),
    (&[Stems(&["quinquennal", "quinquennial"])], every(5 * YEAR)),
    (&[Stems(&["decennal", "decennial"])], every(10 * YEAR)),
    (&[Stems(&["hourly", "stundlich"])], every(HOUR)),
    (
        &[Stems(&[
            "quotidien",
            "journali",
            "daily",
            "dagelijks",
            "taglich",
            "diari",
            "diario",
        ])],
        Frequency::Daily,
    ),
    (
        &[Stems(&[
            "hebdomadaire",
            "hebdo",
            "weekly",
            "wekelijks",
            "wochentlich",
            "semanal",
        ])],
        Frequency::Weekly,
    ),
    (
        &[Stems(&[
            "trimestriel",
            "quarterly",
            "driemaandelijks",
            "vierteljahrlich",
            "trimestral",
        ])],
        Frequency::Quarterly,
    ),
    (
        &[Stems(&[
            "semestriel",
            "semiannual",
            "biannual",
            "halfjaarlijks",
            "halbjahrlich",
            "semestral",
        ])],
        Frequency::Semiannual,
    ),
    (
        &[Stems(&[
            "mensuel",
            "monthly",
            "maandelijks",
            "monatlich",
            "mensal",
            "mensual",
        ])],
        Frequency::Monthly,
    ),
    (
        &[Stems(&["biennal", "biennial", "tweejaarlijks"])],
        Frequency::Biennial,
    ),
    (
        &[Stems(&[
            "annuel",
            "annual",
            "yearly",
            "jaarlijks",
            "jahrlich",
            "anual",
        ])],
        Frequency::Annual,
    ),
    (
        &[
            Phrases(&[
                "ad hoc",
                "au besoin",
                "selon les besoins",
                "si necessaire",
                "as needed",
                "when needed",
                "on demand",
                "a la demande",
                "des que disponible",
                "when available",
            ]),
            Stems(&[
                "irreg",
                "ponctuel",
                "occasion",
                "sporadi",
                "onregelmatig",
                "unregelmassig",
                "variable",
                "eventual",
            ]),
        ],
        Frequency::Irregular,
    ),
    (
        &[
            Phrases(&[
                "pas de mise a jour",
                "sans mise a jour",
                "not planned",
                "non planifie",
                "no update",
                "no updates",
                "pas prevu",
            ]),
            Exact(&[
                "aucune", "aucun", "jamais", "never", "none", "nooit", "niemals", "nunca",
            ]),
        ],
        Frequency::Never,
    ),
];

/// Frequencies in words: a counted period ("tous les 2 ans") first, then [`FREE_TEXT`].
fn free_text(s: &str) -> Option<Frequency> {
    let text = Words::of(s);
    if let Some(secs) = counted(&text.list()) {
        return Frequency::of_secs(secs);
    }
    let shows = |cue: &Cue| match *cue {
        Phrases(phrases) => text.any(phrases),
        Stems(stems) => text.stem(stems),
        Exact(words) => text.word(words),
    };
    FREE_TEXT
        .iter()
        .find(|(cues, _)| cues.iter().any(shows))
        .map(|(_, frequency)| *frequency)
}

/// "tous les 2 ans", "toutes les semaines", "every 3 months", "deux fois par an",
/// "twice a month", "1x par mois": the period in seconds.
fn counted(words: &[&str]) -> Option<u64> {
    let number = |w: &str| -> Option<u64> {
        if let Ok(n) = w.trim_end_matches('x').parse::<u64>() {
            return (n > 0 && n <= 1_000).then_some(n);
        }
        Some(match w {
            "un" | "une" | "one" | "once" | "een" | "ein" | "eine" => 1,
            "deux" | "two" | "twice" | "twee" | "zwei" => 2,
            "trois" | "three" | "drie" | "drei" => 3,
            "quatre" | "four" | "vier" => 4,
            "cinq" | "five" | "vijf" | "funf" => 5,
            "six" | "zes" | "sechs" => 6,
            "dix" | "ten" | "tien" | "zehn" => 10,
            "douze" | "twelve" | "twaalf" | "zwolf" => 12,
            "quinze" | "fifteen" | "vijftien" => 15,
            _ => return None,
        })
    };
    let unit = |w: &str| -> Option<u64> {
        Some(match w {
            "minute" | "minutes" | "min" | "minuten" | "minuut" => MINUTE,
            "heure" | "heures" | "hour" | "hours" | "uur" | "stunde" | "stunden" | "h" => HOUR,
            "jour" | "jours" | "day" | "days" | "dag" | "dagen" | "tag" | "tage" => DAY,
            "semaine" | "semaines" | "week" | "weeks" | "weken" | "woche" | "wochen" => WEEK,
            "mois" | "month" | "months" | "maand" | "maanden" | "monat" | "monate" => MONTH,
            "trimestre" | "trimestres" | "quarter" | "quarters" => 3 * MONTH,
            "semestre" | "semestres" => 6 * MONTH,
            "an" | "ans" | "annee" | "annees" | "year" | "years" | "jaar" | "jahr" | "jahre" => {
                YEAR
            }
            _ => return None,
        })
    };
    for i in 0..words.len() {
        // "tous les [N] UNIT", "every [N] UNIT", "chaque UNIT", "om de [N] UNIT", "alle N UNIT".
        let after = match (words[i], words.get(i + 1)) {
            ("tous" | "toutes", Some(&"les")) => Some(i + 2),
            ("every" | "chaque" | "elke" | "jede" | "jeden" | "jedes" | "alle", _) => Some(i + 1),
            ("om", Some(&"de")) => Some(i + 2),
            _ => None,
        };
        if let Some(j) = after {
            let (n, k) = match words.get(j).and_then(|w| number(w)) {
                Some(n) => (n, j + 1),
                None => (1, j),
            };
            if let Some(u) = words.get(k).and_then(|w| unit(w)) {
                return Some(n * u);
            }
        }
        // "N fois par UNIT", "N times a UNIT", "twice a UNIT", "N keer per UNIT", "N mal pro UNIT".
        if let Some(n) = number(words[i]) {
            let rest = &words[i + 1..];
            let k = match rest {
                [
                    "fois" | "times" | "keer" | "mal",
                    "par" | "a" | "per" | "pro" | "l" | "in",
                    ..,
                ] => 2,
                ["x", "par" | "per" | "a" | "pro", ..] => 2,
                ["par" | "per" | "a" | "pro", ..]
                    if words[i] == "twice" || words[i] == "once" || words[i].ends_with('x') =>
                {
                    1
                }
                _ => continue,
            };
            if let Some(u) = rest.get(k).and_then(|w| unit(w)) {
                return Some(u / n);
            }
        }
    }
    None
}

/// Read a date as metadata, HTTP headers and web pages give it: RFC 3339 / ISO 8601
/// with or without time, fraction or offset (`2024-05-01`, `2024-05-01T10:00:00+02:00`,
/// `2024-05-01T08:00:00.123Z`; no offset means UTC, as CKAN writes it), a year and
/// month (`2024-05`, sitemap style: the first of the month), an HTTP date (`Wed, 21 Oct
/// 2015 07:28:00 GMT`), or a Belgian `dd/mm/yyyy` (also with `-` or `.`, optionally
/// followed by `hh:mm[:ss]`, read as UTC).
pub fn parse_date(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    let utc = |dt: DateTime| Offset::UTC.to_timestamp(dt).ok();
    if let Ok(dt) = s.parse::<DateTime>() {
        return utc(dt);
    }
    if let Ok(d) = s.parse::<Date>() {
        return utc(d.to_datetime(jiff::civil::Time::midnight()));
    }
    if let Ok(t) = httpdate::parse_http_date(s) {
        return Timestamp::try_from(t).ok();
    }
    if let Some(t) = year_month(s) {
        return Some(t);
    }
    day_month_year(s)
}

fn year_month(s: &str) -> Option<Timestamp> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
    Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .ok()
}

fn day_month_year(s: &str) -> Option<Timestamp> {
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let sep = date.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = date.split(sep).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, min: usize, max: usize| {
        p.len() >= min && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4)) {
        return None;
    }
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    let time = match time {
        None | Some("") => jiff::civil::Time::midnight(),
        Some(t) => {
            let mut it = t.split(':');
            let h: i8 = it.next()?.parse().ok()?;
            let mi: i8 = it.next()?.parse().ok()?;
            let se: i8 = match it.next() {
                Some(x) => x.parse().ok()?,
                None => 0,
            };
            if it.next().is_some() {
                return None;
            }
            jiff::civil::Time::new(h, mi, se, 0).ok()?
        }
    };
    Offset::UTC.to_timestamp(date.to_datetime(time)).ok()
}

/// Where a last-modification date came from. The tokens are discover's
/// `modified_field` values in snake case (see [`ModifiedSource::from_field`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModifiedSource {
    /// OpenDataSoft `data_processed`: when the records last changed.
    #[serde(rename = "data_processed")]
    PortalDataProcessed,
    /// OpenDataSoft `modified` (set by the publisher or on data change).
    #[serde(rename = "modified")]
    PortalModified,
    /// DCAT `dct:modified`.
    #[serde(rename = "dct_modified")]
    DcatModified,
    /// CKAN resource `last_modified` (the newest file upload).
    #[serde(rename = "resource_last_modified")]
    CkanResourceLastModified,
    /// The website platform's modification date of the file object (plone.restapi
    /// `modified`, WordPress media `modified_gmt`, a Plone sitemap's `lastmod` of the
    /// file's own entry): when the file was last uploaded or edited.
    #[serde(rename = "platform_modified")]
    PlatformModified,
    /// HTTP `Last-Modified` of the file itself.
    HttpLastModified,
    /// CKAN package `metadata_modified` (any metadata edit).
    #[serde(rename = "metadata_modified")]
    CkanMetadataModified,
    /// OpenDataSoft `metadata_processed` (any metadata reprocessing).
    #[serde(rename = "metadata_processed")]
    PortalMetadataProcessed,
    /// Sitemap `lastmod` of the page linking the file.
    SitemapLastmod,
    /// DCAT `dct:issued`: first publication, a lower bound only.
    #[serde(rename = "dct_issued")]
    DcatIssued,
}

impl ModifiedSource {
    /// Every source, most trusted first: the order [`best_modified`] prefers them in.
    ///
    /// Dates that track the data come before dates that track metadata: ODS
    /// `data_processed` moves only when records change; `modified` and `dct:modified`
    /// are what the publisher says; a CKAN resource's `last_modified` is the file
    /// upload, as is the website platform's date of a file object; HTTP `Last-Modified` is the file on disk (but generated exports say
    /// "now", so it ranks below the portal's own word); CKAN `metadata_modified` and
    /// ODS `metadata_processed` move on any metadata edit or harvest, overstating
    /// freshness; a sitemap `lastmod` dates the page, not the file; `dct:issued` is
    /// only when it first appeared.
    pub const PREFERENCE: [ModifiedSource; 10] = [
        ModifiedSource::PortalDataProcessed,
        ModifiedSource::PortalModified,
        ModifiedSource::DcatModified,
        ModifiedSource::CkanResourceLastModified,
        ModifiedSource::PlatformModified,
        ModifiedSource::HttpLastModified,
        ModifiedSource::CkanMetadataModified,
        ModifiedSource::PortalMetadataProcessed,
        ModifiedSource::SitemapLastmod,
        ModifiedSource::DcatIssued,
    ];

    /// The source of a `Dataset::modified_field` as discover sets it (`data_processed`,
    /// `modified`, `metadata_processed`, `metadata_modified`, `resource.last_modified`,
    /// `dct:modified`, `dct:issued`), or a token of this enum.
    pub fn from_field(field: &str) -> Option<ModifiedSource> {
        let f = field
            .trim()
            .to_ascii_lowercase()
            .replace([':', '.', '-'], "_");
        Self::PREFERENCE.into_iter().find(|s| s.as_str() == f)
    }

    /// The token used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ModifiedSource::PortalDataProcessed => "data_processed",
            ModifiedSource::PortalModified => "modified",
            ModifiedSource::DcatModified => "dct_modified",
            ModifiedSource::CkanResourceLastModified => "resource_last_modified",
            ModifiedSource::PlatformModified => "platform_modified",
            ModifiedSource::HttpLastModified => "http_last_modified",
            ModifiedSource::CkanMetadataModified => "metadata_modified",
            ModifiedSource::PortalMetadataProcessed => "metadata_processed",
            ModifiedSource::SitemapLastmod => "sitemap_lastmod",
            ModifiedSource::DcatIssued => "dct_issued",
        }
    }

    fn rank(self) -> usize {
        Self::PREFERENCE
            .iter()
            .position(|s| *s == self)
            .unwrap_or(usize::MAX)
    }
}

impl fmt::Display for ModifiedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most trustworthy last-modification date among candidates: by
/// [`ModifiedSource::PREFERENCE`], and within one source the newest (a dataset is as
/// fresh as its freshest file). Unparseable dates and dates more than a day after
/// `now` (clock skew is tolerated, the future is not) are skipped.
pub fn best_modified(
    candidates: &[(ModifiedSource, &str)],
    now: Timestamp,
) -> Option<(ModifiedSource, Timestamp)> {
    let limit = now
        .checked_add(SignedDuration::from_secs(DAY as i64))
        .unwrap_or(Timestamp::MAX);
    candidates
        .iter()
        .filter_map(|(source, text)| Some((*source, parse_date(text)?)))
        .filter(|(_, t)| *t <= limit)
        .min_by(|(a, ta), (b, tb)| a.rank().cmp(&b.rank()).then(tb.cmp(ta)))
}

/// How fresh a dataset is against its declared frequency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreshnessClass {
    /// Updated within its period plus grace.
    OnTime,
    /// Not updated within its period plus grace.
    Late,
    /// No modification date at all.
    Undated,
    /// Dated, but no schedule to hold it to (none declared, irregular, never).
    NoFrequency,
}

impl FreshnessClass {
    /// The token used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FreshnessClass::OnTime => "on_time",
            FreshnessClass::Late => "late",
            FreshnessClass::Undated => "undated",
            FreshnessClass::NoFrequency => "no_frequency",
        }
    }
}

/// The freshness verdict on one dataset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freshness {
    /// On time, late, undated or without a frequency.
    pub class: FreshnessClass,
    /// Whole days since the last modification (negative when dated in the future).
    pub age_days: Option<i64>,
    /// The deadline: last modification plus one period plus the grace.
    pub expected_by: Option<Timestamp>,
    /// A sentence a person can check.
    pub reason: String,
}

/// Judge freshness at `now` from the last modification and the declared frequency.
pub fn judge_freshness(
    modified: Option<Timestamp>,
    frequency: Option<Frequency>,
    now: Timestamp,
) -> Freshness {
    let Some(modified) = modified else {
        return Freshness {
            class: FreshnessClass::Undated,
            age_days: None,
            expected_by: None,
            reason: match frequency {
                Some(f) => format!("declared {f}, but no modification date to check it against"),
                None => "no modification date".to_owned(),
            },
        };
    };
    let age = now
        .duration_since(modified)
        .as_secs()
        .div_euclid(DAY as i64);
    let dated = if age < 0 {
        format!("dated {} days in the future", -age)
    } else {
        format!(
            "last modified {} ({age} days ago)",
            modified.strftime("%Y-%m-%d")
        )
    };
    let unscheduled = |reason: String| Freshness {
        class: FreshnessClass::NoFrequency,
        age_days: Some(age),
        expected_by: None,
        reason,
    };
    let Some(frequency) = frequency else {
        return unscheduled(format!("{dated}; no update frequency declared"));
    };
    let (Some(period), Some(grace)) = (frequency.period(), frequency.grace()) else {
        return unscheduled(format!(
            "{dated}; declared {frequency}, so there is no schedule to be late against"
        ));
    };
    let deadline = SignedDuration::try_from(period.saturating_add(grace))
        .ok()
        .and_then(|d| modified.checked_add(d).ok());
    let Some(deadline) = deadline else {
        return Freshness {
            class: FreshnessClass::OnTime,
            age_days: Some(age),
            expected_by: None,
            reason: format!("{dated}; declared {frequency}: not due within the calendar"),
        };
    };
    let due = Due {
        deadline,
        grace_days: grace.as_secs().div_ceil(DAY),
    };
    due.judge(now, age, &format!("{dated}; declared {frequency}"))
}

/// When a dated, scheduled dataset is due: one period plus the grace after its date.
struct Due {
    deadline: Timestamp,
    grace_days: u64,
}

impl Due {
    /// On time or late at `now`; `said` is what was seen (date and frequency).
    fn judge(&self, now: Timestamp, age: i64, said: &str) -> Freshness {
        let by = self.deadline.strftime("%Y-%m-%d");
        let grace_days = self.grace_days;
        let (class, reason) = if now > self.deadline {
            let late = now
                .duration_since(self.deadline)
                .as_secs()
                .div_euclid(DAY as i64);
            (
                FreshnessClass::Late,
                format!(
                    "{said}: expected by {by} (one period plus {grace_days} days' grace), late by {late} days"
                ),
            )
        } else {
            (
                FreshnessClass::OnTime,
                format!("{said}: on time until {by} (one period plus {grace_days} days' grace)"),
            )
        };
        Freshness {
            class,
            age_days: Some(age),
            expected_by: Some(self.deadline),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Frequency::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    const EU: &str = "http://publications.europa.eu/resource/authority/frequency/";

    #[test]
    fn the_simulated_worlds_frequencies() {
        // the simulated world's frequencies (odaudit_sim, sim/src/world.rs FREQUENCIES), every one.
        for (s, f) in [
            ("Annuelle", Annual),
            ("Mensuelle", Monthly),
            ("Quotidienne", Daily),
            ("Trimestrielle", Quarterly),
            ("Hebdomadaire", Weekly),
            ("Irrégulière", Irregular),
        ] {
            assert_eq!(parse_frequency(s), Some(f), "{s}");
        }
        assert_eq!(parse_frequency(&format!("{EU}ANNUAL")), Some(Annual));
        assert_eq!(parse_frequency(&format!("{EU}MONTHLY")), Some(Monthly));
        assert_eq!(parse_frequency(&format!("{EU}IRREG")), Some(Irregular));
    }

    #[test]
    fn french_free_text_as_portals_write_it() {
        for (s, f) in [
            ("Semestrielle", Semiannual),
            ("Temps réel", Continuous),
            ("temps reel", Continuous),
            ("En continu", Continuous),
            ("Ponctuelle", Irregular),
            ("Aucune", Never),
            ("Tous les ans", Annual),
            ("Mise à jour annuelle", Annual),
            ("  ANNUELLE  ", Annual),
            ("annuelle\n", Annual),
            ("Mensuel", Monthly),
            ("Journalière", Daily),
            ("Bimensuelle", Other(Duration::from_secs(MONTH / 2))),
            ("Bimestrielle", Other(Duration::from_secs(2 * MONTH))),
            ("Tous les 2 ans", Biennial),
            (
                "Toutes les deux semaines",
                Other(Duration::from_secs(2 * WEEK)),
            ),
            ("Toutes les heures", Other(Duration::from_secs(HOUR))),
            ("Deux fois par an", Semiannual),
            ("Une fois par mois", Monthly),
            ("1x par semaine", Weekly),
            ("Chaque année", Annual),
            ("Au besoin", Irregular),
            ("Pas de mise à jour", Never),
            ("Jamais", Never),
            ("Mensal", Monthly), // the Portuguese ODS fixture
            ("Jaarlijks", Annual),
            ("Jährlich", Annual),
            ("Halbjährlich", Semiannual),
            ("Unregelmäßig", Irregular),
        ] {
            assert_eq!(parse_frequency(s), Some(f), "{s}");
        }
    }

    #[test]
    fn english_free_text() {
        for (s, f) in [
            ("annual", Annual),
            ("Annually", Annual),
            ("yearly", Annual),
            ("monthly", Monthly),
            ("daily", Daily),
            ("weekly", Weekly),
            ("quarterly", Quarterly),
            ("semi-annual", Semiannual),
            ("biennial", Biennial),
            ("irregular", Irregular),
            ("as needed", Irregular),
            ("never", Never),
            ("continuous", Continuous),
            ("real-time", Continuous),
            ("every 3 months", Quarterly),
            ("twice a year", Semiannual),
            ("every two weeks", Other(Duration::from_secs(2 * WEEK))),
        ] {
            assert_eq!(parse_frequency(s), Some(f), "{s}");
        }
    }

    #[test]
    fn eu_frequency_authority() {
        for (code, f) in [
            ("ANNUAL", Annual),
            ("ANNUAL_2", Semiannual),
            ("ANNUAL_3", Other(Duration::from_secs(4 * MONTH))),
            ("MONTHLY", Monthly),
            ("MONTHLY_2", Other(Duration::from_secs(MONTH / 2))),
            ("MONTHLY_3", Other(Duration::from_secs(MONTH / 3))),
            ("BIMONTHLY", Other(Duration::from_secs(2 * MONTH))),
            ("DAILY", Daily),
            ("DAILY_2", Other(Duration::from_secs(12 * HOUR))),
            ("WEEKLY", Weekly),
            ("WEEKLY_2", Other(Duration::from_secs(WEEK / 2))),
            ("WEEKLY_3", Other(Duration::from_secs(WEEK / 3))),
            ("BIWEEKLY", Other(Duration::from_secs(2 * WEEK))),
            ("QUARTERLY", Quarterly),
            ("BIENNIAL", Biennial),
            ("TRIENNIAL", Other(Duration::from_secs(3 * YEAR))),
            ("QUADRENNIAL", Other(Duration::from_secs(4 * YEAR))),
            ("QUINQUENNIAL", Other(Duration::from_secs(5 * YEAR))),
            ("DECENNIAL", Other(Duration::from_secs(10 * YEAR))),
            ("HOURLY", Other(Duration::from_secs(HOUR))),
            ("1MIN", Other(Duration::from_secs(MINUTE))),
            ("15MIN", Other(Duration::from_secs(15 * MINUTE))),
            ("12HRS", Other(Duration::from_secs(12 * HOUR))),
            ("IRREG", Irregular),
            ("AS_NEEDED", Irregular),
            ("OTHER", Irregular),
            ("CONT", Continuous),
            ("UPDATE_CONT", Continuous),
            ("NEVER", Never),
            ("NOT_PLANNED", Never),
        ] {
            assert_eq!(parse_frequency(&format!("{EU}{code}")), Some(f), "{code}");
            assert_eq!(
                parse_frequency(&format!(
                    "https://publications.europa.eu/resource/authority/frequency/{code}"
                )),
                Some(f),
                "https {code}"
            );
        }
        assert_eq!(parse_frequency(&format!("{EU}UNKNOWN")), None);
        assert_eq!(parse_frequency(&format!("{EU}OP_DATPRO")), None);
        assert_eq!(parse_frequency(&format!("{EU}NONSENSE")), None);
        // Bare codes, as some CKAN extras carry them.
        assert_eq!(parse_frequency("IRREG"), Some(Irregular));
        assert_eq!(parse_frequency("ANNUAL_2"), Some(Semiannual));
    }

    #[test]
    fn dublin_core_and_iso_durations() {
        assert_eq!(
            parse_frequency("http://purl.org/cld/freq/annual"),
            Some(Annual)
        );
        assert_eq!(
            parse_frequency("http://purl.org/cld/freq/semiannual"),
            Some(Semiannual)
        );
        assert_eq!(
            parse_frequency("http://purl.org/cld/freq/threeTimesAYear"),
            Some(Other(Duration::from_secs(4 * MONTH)))
        );
        assert_eq!(
            parse_frequency("http://purl.org/cld/freq/irregular"),
            Some(Irregular)
        );
        assert_eq!(
            parse_frequency("http://purl.org/cld/freq/continuous"),
            Some(Continuous)
        );
        for (s, f) in [
            ("P1Y", Annual),
            ("R/P1Y", Annual),
            ("P12M", Annual),
            ("R/P1M", Monthly),
            ("P3M", Quarterly),
            ("R/P6M", Semiannual),
            ("P2Y", Biennial),
            ("P1W", Weekly),
            ("P7D", Weekly),
            ("R/P1D", Daily),
            ("PT24H", Daily),
            ("R/PT1S", Continuous),
            ("R/PT1H", Other(Duration::from_secs(HOUR))),
            ("R/P0.5M", Other(Duration::from_secs(MONTH / 2))),
            ("R5/2008-03-01T13:00:00Z/P1Y", Annual),
            ("p1y", Annual),
        ] {
            assert_eq!(parse_frequency(s), Some(f), "{s}");
        }
        for s in [
            "P", "PT", "P1", "P1X", "PT1D", "P1Y1", "R/", "P0D", "P99999Y", "Pomme",
        ] {
            assert_eq!(parse_frequency(s), None, "{s}");
        }
    }

    #[test]
    fn nothing_usable_is_none() {
        for s in [
            "",
            "   ",
            "Inconnue",
            "unknown",
            "Voir description",
            "🙂",
            "horaires d'ouverture",
        ] {
            assert_eq!(parse_frequency(s), None, "{s:?}");
        }
    }

    #[test]
    fn display_and_serde_round_trip() {
        for f in [
            Continuous,
            Daily,
            Weekly,
            Monthly,
            Quarterly,
            Semiannual,
            Annual,
            Biennial,
            Irregular,
            Never,
            Other(Duration::from_secs(2 * WEEK)),
            Other(Duration::from_secs(12 * HOUR)),
            Other(Duration::from_secs(15 * MINUTE)),
        ] {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(
                serde_json::from_str::<Frequency>(&json).unwrap(),
                f,
                "{json}"
            );
        }
        assert_eq!(Other(Duration::from_secs(2 * WEEK)).to_string(), "P14D");
        assert_eq!(Annual.to_string(), "annual");
    }

    #[test]
    fn dates_in_every_shape() {
        let may1 = ts("2024-05-01T00:00:00Z");
        assert_eq!(parse_date("2024-05-01"), Some(may1));
        assert_eq!(
            parse_date("2024-05-01T10:00:00+02:00"),
            Some(ts("2024-05-01T08:00:00Z"))
        );
        assert_eq!(
            parse_date("2024-05-01T08:00:00Z"),
            Some(ts("2024-05-01T08:00:00Z"))
        );
        assert_eq!(
            parse_date("2024-05-01T08:00:00.123Z"),
            Some(ts("2024-05-01T08:00:00.123Z"))
        );
        // ODS fixtures: microseconds and +00:00.
        assert_eq!(
            parse_date("2021-06-23T14:49:23.198000+00:00"),
            Some(ts("2021-06-23T14:49:23.198Z"))
        );
        // CKAN: no offset, UTC.
        assert_eq!(
            parse_date("2025-01-02T03:04:05"),
            Some(ts("2025-01-02T03:04:05Z"))
        );
        assert_eq!(
            parse_date("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(ts("2015-10-21T07:28:00Z"))
        );
        assert_eq!(parse_date("01/05/2024"), Some(may1));
        assert_eq!(parse_date("1/5/2024"), Some(may1));
        assert_eq!(parse_date("01-05-2024"), Some(may1));
        assert_eq!(
            parse_date("01.05.2024 14:30"),
            Some(ts("2024-05-01T14:30:00Z"))
        );
        assert_eq!(parse_date("2024-05"), Some(may1));
        assert_eq!(parse_date(" 2024-05-01 "), Some(may1));
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "31/02/2024",
            "2024/05/01x",
            "32/01/2024",
            "1/5/24",
            "01/05/2024 25:00",
            "99999-01-01",
            "2024-05-01T10:00:00+99:00",
            "🙂",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn best_modified_prefers_data_dates_and_skips_bad_ones() {
        let now = ts("2025-06-01T00:00:00Z");
        use ModifiedSource::*;
        let c = [
            (CkanMetadataModified, "2025-05-30T00:00:00"),
            (HttpLastModified, "Wed, 21 May 2025 07:28:00 GMT"),
            (PortalDataProcessed, "not a date"),
            (DcatModified, "2030-01-01"),
            (SitemapLastmod, "2025-05-31"),
        ];
        // data_processed is unparseable, dct:modified in the future: HTTP wins.
        assert_eq!(
            best_modified(&c, now),
            Some((HttpLastModified, ts("2025-05-21T07:28:00Z")))
        );
        // Within a source, the newest.
        let c = [
            (HttpLastModified, "2025-01-01"),
            (HttpLastModified, "2025-03-01"),
            (HttpLastModified, "2025-02-01"),
        ];
        assert_eq!(
            best_modified(&c, now),
            Some((HttpLastModified, ts("2025-03-01T00:00:00Z")))
        );
        // Less than a day ahead is clock skew, kept.
        let c = [(PortalModified, "2025-06-01T20:00:00Z")];
        assert!(best_modified(&c, now).is_some());
        assert_eq!(best_modified(&[], now), None);
        assert_eq!(best_modified(&[(DcatIssued, "")], now), None);
    }

    #[test]
    fn modified_sources_match_discovers_fields() {
        for (field, source) in [
            ("data_processed", ModifiedSource::PortalDataProcessed),
            ("modified", ModifiedSource::PortalModified),
            (
                "metadata_processed",
                ModifiedSource::PortalMetadataProcessed,
            ),
            ("metadata_modified", ModifiedSource::CkanMetadataModified),
            (
                "resource.last_modified",
                ModifiedSource::CkanResourceLastModified,
            ),
            ("dct:modified", ModifiedSource::DcatModified),
            ("dct:issued", ModifiedSource::DcatIssued),
            ("http_last_modified", ModifiedSource::HttpLastModified),
            ("sitemap_lastmod", ModifiedSource::SitemapLastmod),
            ("platform_modified", ModifiedSource::PlatformModified),
        ] {
            assert_eq!(ModifiedSource::from_field(field), Some(source), "{field}");
            let json = serde_json::to_string(&source).unwrap();
            assert_eq!(json, format!("\"{}\"", source.as_str()));
        }
        assert_eq!(ModifiedSource::from_field("created"), None);
        assert_eq!(ModifiedSource::PREFERENCE.len(), 10);
    }

    #[test]
    fn grace_periods() {
        let days = |f: Frequency| f.period().unwrap().as_secs() / DAY;
        let grace = |f: Frequency| f.grace().unwrap().as_secs();
        assert_eq!(grace(Daily), DAY);
        assert_eq!(grace(Continuous), DAY);
        assert_eq!(grace(Weekly), DAY);
        assert_eq!(grace(Monthly), 7 * DAY);
        assert_eq!(grace(Quarterly), 3 * MONTH / 10);
        assert_eq!(grace(Annual), YEAR / 10);
        assert_eq!(days(Annual), 365);
        assert_eq!(Irregular.grace(), None);
        assert_eq!(Never.period(), None);
    }

    #[test]
    fn judging_freshness() {
        let now = ts("2025-06-01T00:00:00Z");
        // Monthly, 30 days old: on time. 40 days old: late (period 30.4 + 7 days).
        let f = judge_freshness(Some(ts("2025-05-02T00:00:00Z")), Some(Monthly), now);
        assert_eq!(f.class, FreshnessClass::OnTime, "{}", f.reason);
        assert_eq!(f.age_days, Some(30));
        let f = judge_freshness(Some(ts("2025-04-22T00:00:00Z")), Some(Monthly), now);
        assert_eq!(f.class, FreshnessClass::Late, "{}", f.reason);
        assert_eq!(f.age_days, Some(40));
        assert!(f.expected_by.unwrap() < now);
        assert!(f.reason.contains("late by 2 days"), "{}", f.reason);
        // Daily: late after two days, not after one and a half.
        let f = judge_freshness(Some(ts("2025-05-30T11:00:00Z")), Some(Daily), now);
        assert_eq!(f.class, FreshnessClass::OnTime, "{}", f.reason);
        let f = judge_freshness(Some(ts("2025-05-29T23:00:00Z")), Some(Daily), now);
        assert_eq!(f.class, FreshnessClass::Late, "{}", f.reason);
        // Annual, 13 months: on time within the 36-day grace; 14 months: late.
        let f = judge_freshness(Some(ts("2024-05-01T00:00:00Z")), Some(Annual), now);
        assert_eq!(f.class, FreshnessClass::OnTime, "{}", f.reason);
        let f = judge_freshness(Some(ts("2024-04-01T00:00:00Z")), Some(Annual), now);
        assert_eq!(f.class, FreshnessClass::Late, "{}", f.reason);
        // Irregular and no frequency: no schedule, but the age is given.
        let f = judge_freshness(Some(ts("2020-06-01T00:00:00Z")), Some(Irregular), now);
        assert_eq!(f.class, FreshnessClass::NoFrequency);
        assert_eq!(f.age_days, Some(1826));
        assert!(f.reason.contains("irregular"), "{}", f.reason);
        let f = judge_freshness(Some(ts("2025-05-31T00:00:00Z")), None, now);
        assert_eq!(
            (f.class, f.age_days, f.expected_by),
            (FreshnessClass::NoFrequency, Some(1), None)
        );
        // No date: undated whatever the frequency.
        let f = judge_freshness(None, Some(Daily), now);
        assert_eq!((f.class, f.age_days), (FreshnessClass::Undated, None));
        assert_eq!(
            judge_freshness(None, None, now).class,
            FreshnessClass::Undated
        );
        // The future is not late.
        let f = judge_freshness(Some(ts("2025-06-10T00:00:00Z")), Some(Daily), now);
        assert_eq!(f.class, FreshnessClass::OnTime);
        assert_eq!(f.age_days, Some(-9));
        // Extreme inputs do not panic.
        let f = judge_freshness(
            Some(Timestamp::MAX),
            Some(Other(Duration::from_secs(u64::MAX))),
            Timestamp::MIN,
        );
        assert_eq!(f.class, FreshnessClass::OnTime);
        let f = judge_freshness(Some(Timestamp::MIN), Some(Biennial), Timestamp::MAX);
        assert_eq!(f.class, FreshnessClass::Late);
    }

    #[test]
    fn class_tokens() {
        assert_eq!(
            serde_json::to_string(&FreshnessClass::OnTime).unwrap(),
            "\"on_time\""
        );
        assert_eq!(
            serde_json::to_string(&FreshnessClass::NoFrequency).unwrap(),
            "\"no_frequency\""
        );
        assert_eq!(FreshnessClass::Undated.as_str(), "undated");
    }

    proptest::proptest! {
        #[test]
        fn no_string_panics(s in "\\PC{0,80}", n in proptest::num::i64::ANY) {
            let _ = parse_frequency(&s);
            let when = parse_date(&s);
            let now = Timestamp::from_second(n.rem_euclid(200_000_000_000) - 100_000_000_000)
                .unwrap_or(Timestamp::UNIX_EPOCH);
            let _ = best_modified(&[(ModifiedSource::HttpLastModified, s.as_str())], now);
            let _ = judge_freshness(when, parse_frequency(&s), now);
        }

        #[test]
        fn durations_never_panic(s in "R?[0-9]{0,3}/?P[0-9.,]{0,12}[YMWD]?T?[0-9.]{0,12}[HMS]?") {
            if let Some(f) = parse_frequency(&s) {
                let _ = judge_freshness(Some(Timestamp::UNIX_EPOCH), Some(f), Timestamp::MAX);
            }
        }
    }
}
