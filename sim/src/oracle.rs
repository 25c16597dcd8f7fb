//! The findings an audit of a simulated world must report, computed from the [`Manifest`]
//! alone, and the score of an audit's findings against them.
//!
//! This is the yardstick for `odaudit audit`, so it must never call the audit's own
//! comparison (`audit::compare`), rating or classifier: a test of the code against itself
//! proves nothing. It reads the world's truth (true formats and stars, served statuses,
//! stated licences, dates and frequencies, which datasets the commune's pages link to) and
//! applies the rules of the issue, written out below one code at a time. It lives in a crate
//! that does not depend on odaudit, so it cannot call them: only the finding codes are
//! shared with the audit, as the stable strings of the README's findings table ([`code`]).
//!
//! # What counts as published
//!
//! A distribution is *published* when anybody can download it by following links: it
//! answers 200 with real bytes (not a 404, not broken) and its dataset is either
//! - on a portal (ODWB, whatever the publisher string says, or the commune's own portal), or
//! - on the commune's website, with the site up and the dataset's page reachable from the
//!   homepage by links (a file on the server that no page links to is not published).
//!
//! That includes the files a hostile world's faults link from a homepage: a CSV that
//! streams forever and a gzip bomb named `.csv`. A crawler reads a capped prefix of each
//! and finds a file like any other, so the manifest lists them among the commune's website
//! datasets (marked with their fault), judged on that prefix: endless CSV rows are CSV 3★;
//! the bomb's `0`s are plain text 1★, mislabelled by its name and Content-Type. The
//! homepage states no licence, date or frequency for them.
//!
//! A website that is down (every request fails) links nothing that downloads, but a
//! commune's site being down on the day of the audit is no proof that it publishes
//! nothing there. A website that is up but closed to a polite crawler — robots.txt
//! disallows its pages, or asks for a `Crawl-delay` above the run's limit — may well
//! publish data, but no audit that obeys robots.txt can see it. For either commune the
//! audit must say why (`WEBSITE_UNREACHABLE`) and must not conclude what only the site
//! could tell:
//! no `DECLARED_OPEN_NOTHING_FOUND`, no `CHANNEL_NOT_FOUND` for `site_web`, no
//! `FORMAT_CLASS_NOT_FOUND`, no `NOT_LINKED_FROM_WEBSITE`. Accusing a commune of an empty
//! claim when we did not look would be the worst error a staff user could meet.
//!
//! # One rule per code
//!
//! | code | expected when (per commune) | subject |
//! |---|---|---|
//! | `WEBSITE_UNREACHABLE` | it has a website that is down or closed to crawlers | — |
//! | `DECLARED_OPEN_NOTHING_FOUND` | declared `oui`, nothing published, site neither closed nor down | — |
//! | `UNDECLARED_OPEN_DATA_FOUND` | declared `non`, something published | — |
//! | `CHANNEL_NOT_FOUND` | declared `oui`, something published, a declared channel has nothing published (`site_web` not judged on a closed or down site) | channel |
//! | `CHANNEL_UNDECLARED` | declared `oui`, something published on a channel it did not declare | channel |
//! | `FORMAT_CLASS_NOT_FOUND` | declared `oui`, something published, no published file of a declared class (not judged on a closed or down site) | class |
//! | `FORMAT_CLASS_UNDECLARED` | declared `oui`, a published file of a class it did not declare | class |
//! | `UPDATE_CLAIM_CONTRADICTED` | declared `automatique` or `manuel_regulier` updates, and a published file is late for the frequency its dataset states | — |
//! | `NOT_LINKED_FROM_WEBSITE` | its site is up and open, and a portal dataset with published files is not reachable from its homepage | — |
//! | `BROKEN_DISTRIBUTION` | a linked file (portal, or website page reachable from the homepage) does not download, or answers an HTML error page in its place (a soft 404) | — |
//! | `NO_OPEN_LICENCE` | a published file with at least one star for its format has no open licence (none stated, or a closed one) | — |
//! | `FORMAT_MISLABELLED` | a published file's name or Content-Type claims another format than its bytes | — |
//! | `PERSONAL_DATA_SUSPECTED` | a published file's rows hold personal data as the world wrote them (`personal_data` not empty; look-alikes are not) | — |
//!
//! The format class of a file is its format's stars (1★ non structuré … 5★ lié), licence
//! aside: the survey asked about formats, licences are `NO_OPEN_LICENCE`'s business.
//!
//! **Late** follows the rule the README documents: a dataset is late once `now` is past
//! its last modification plus one period plus a grace of a tenth of the period (at least
//! one day under four weeks, seven days from monthly up). Irregular data and data without a
//! stated frequency are never late; a frequency that is not stated where people can read it
//! is not stated. `now` is the moment the audit ran: the world's files carry fixed dates,
//! so the same world judged a year later has more late files, for the audit and the oracle
//! alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::Timestamp;

use super::manifest::{Channel, CommuneTruth, DatasetTruth, DistributionTruth, Manifest};

/// The finding codes, as `findings.csv` and the README's findings table write them.
pub mod code {
    /// Declared opening data; nothing found anywhere.
    pub const DECLARED_OPEN_NOTHING_FOUND: &str = "DECLARED_OPEN_NOTHING_FOUND";
    /// Declared not opening data; open data found.
    pub const UNDECLARED_OPEN_DATA_FOUND: &str = "UNDECLARED_OPEN_DATA_FOUND";
    /// A declared channel has nothing on it.
    pub const CHANNEL_NOT_FOUND: &str = "CHANNEL_NOT_FOUND";
    /// Data found on a channel not declared.
    pub const CHANNEL_UNDECLARED: &str = "CHANNEL_UNDECLARED";
    /// A declared format class has no distribution.
    pub const FORMAT_CLASS_NOT_FOUND: &str = "FORMAT_CLASS_NOT_FOUND";
    /// Distributions of a format class not declared.
    pub const FORMAT_CLASS_UNDECLARED: &str = "FORMAT_CLASS_UNDECLARED";
    /// Declared kept up to date; late data found.
    pub const UPDATE_CLAIM_CONTRADICTED: &str = "UPDATE_CLAIM_CONTRADICTED";
    /// Published, but the commune's site does not point to it.
    pub const NOT_LINKED_FROM_WEBSITE: &str = "NOT_LINKED_FROM_WEBSITE";
    /// A distribution that does not download.
    pub const BROKEN_DISTRIBUTION: &str = "BROKEN_DISTRIBUTION";
    /// Data without an open licence.
    pub const NO_OPEN_LICENCE: &str = "NO_OPEN_LICENCE";
    /// A file whose name or Content-Type lies about its format.
    pub const FORMAT_MISLABELLED: &str = "FORMAT_MISLABELLED";
    /// A published file seems to hold personal data.
    pub const PERSONAL_DATA_SUSPECTED: &str = "PERSONAL_DATA_SUSPECTED";
    /// The commune's website could not be read: down, or closed to crawlers.
    pub const WEBSITE_UNREACHABLE: &str = "WEBSITE_UNREACHABLE";

    /// Every code the oracle can expect.
    pub const ALL: &[&str] = &[
        DECLARED_OPEN_NOTHING_FOUND,
        UNDECLARED_OPEN_DATA_FOUND,
        CHANNEL_NOT_FOUND,
        CHANNEL_UNDECLARED,
        FORMAT_CLASS_NOT_FOUND,
        FORMAT_CLASS_UNDECLARED,
        UPDATE_CLAIM_CONTRADICTED,
        NOT_LINKED_FROM_WEBSITE,
        BROKEN_DISTRIBUTION,
        NO_OPEN_LICENCE,
        FORMAT_MISLABELLED,
        WEBSITE_UNREACHABLE,
        PERSONAL_DATA_SUSPECTED,
    ];
}

/// One finding, by identity: the commune, the code and, for `CHANNEL_*` and
/// `FORMAT_CLASS_*`, the survey token it is about (as `findings.csv`'s `subject` column).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingKey {
    /// NIS code.
    pub nis_code: String,
    /// The stable code (one of [`code::ALL`] when the oracle expects it; an audit may
    /// report others, which then count as invented).
    pub code: String,
    /// The channel or format class token, when the code has one.
    pub subject: Option<String>,
}

impl fmt::Display for FindingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.nis_code, self.code)?;
        if let Some(s) = &self.subject {
            write!(f, "({s})")?;
        }
        Ok(())
    }
}

/// What the oracle needs besides the manifest.
#[derive(Clone, Copy, Debug)]
pub struct OracleOptions {
    /// The moment the audit judged freshness.
    pub now: Timestamp,
    /// The audit's `--max-crawl-delay`: a site asking for more is closed to it.
    pub max_crawl_delay: f64,
}

impl OracleOptions {
    /// Judged at `now`, with the audit's default `--max-crawl-delay` (600 s).
    pub fn at(now: Timestamp) -> Self {
        OracleOptions {
            now,
            max_crawl_delay: 600.0,
        }
    }
}

/// How a commune's website stands for a polite auditor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Site {
    /// No website.
    None,
    /// Every request fails: nothing is published there.
    Down,
    /// Up, but robots.txt keeps crawlers out (Disallow or Crawl-delay).
    Closed,
    /// Up and crawlable.
    Open,
}

fn site_of(c: &CommuneTruth, o: &OracleOptions) -> Site {
    let Some(home) = &c.website else {
        return Site::None;
    };
    if !c.website_reachable {
        return Site::Down;
    }
    let closed = c.robots.as_ref().is_some_and(|r| {
        r.crawl_delay.is_some_and(|d| d > o.max_crawl_delay) || disallowed(home, &r.disallow)
    });
    if closed { Site::Closed } else { Site::Open }
}

/// The URL's path starts with one of the `Disallow` rules.
fn disallowed(url: &str, rules: &[String]) -> bool {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_owned())
        .unwrap_or_default();
    rules
        .iter()
        .any(|r| !r.is_empty() && path.starts_with(r.as_str()))
}

/// The survey token of a channel.
fn channel_token(c: Channel) -> &'static str {
    match c {
        Channel::Website => "site_web",
        Channel::Odwb => "odwb",
        Channel::OwnPortal => "portail_propre",
    }
}

/// The survey's format class of a file, by its format's stars.
fn class_token(d: &DistributionTruth) -> Option<&'static str> {
    super::world::format_class(d.stars_format)
}

fn downloads(d: &DistributionTruth) -> bool {
    d.status == 200 && !d.broken && d.format.is_some() && !error_page(d)
}

/// The link answers an HTML error page ("404 Not Found" with status 200) where a file
/// was promised: a soft 404, broken for anyone who follows it.
fn error_page(d: &DistributionTruth) -> bool {
    d.format == Some(crate::format::Format::Html)
}

/// The dataset can be reached by people (and so by a polite crawler).
fn linked(c: &CommuneTruth, site: Site, ds: &DatasetTruth) -> bool {
    match ds.channel {
        Channel::Odwb | Channel::OwnPortal => true,
        Channel::Website => {
            let rules = c
                .robots
                .as_ref()
                .map(|r| r.disallow.as_slice())
                .unwrap_or_default();
            site == Site::Open
                && ds.reachable_from_homepage
                && !ds
                    .landing_page
                    .as_deref()
                    .is_some_and(|p| disallowed(p, rules))
        }
    }
}

const DAY: u64 = 86_400;
/// 365.2425 days.
const YEAR: u64 = 31_556_952;
const MONTH: u64 = YEAR / 12;

/// The period a frequency states, in seconds, for the wordings publishers use (French
/// text, EU frequency URIs); `None` for irregular data, no frequency, or words not known.
fn period_of(frequency: &str) -> Option<u64> {
    let f = frequency.trim().to_lowercase();
    let f = f.rsplit('/').next().unwrap_or(&f);
    let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
    if has(&["irr", "never", "jamais", "other"]) {
        None
    } else if has(&["quotid", "daily", "journ"]) {
        Some(DAY)
    } else if has(&["hebdo", "weekly"]) {
        Some(7 * DAY)
    } else if has(&["mensu", "monthly"]) {
        Some(MONTH)
    } else if has(&["trimes", "quarterly"]) {
        Some(3 * MONTH)
    } else if has(&["semest", "annual_2"]) {
        Some(6 * MONTH)
    } else if has(&["annu", "annual"]) {
        Some(YEAR)
    } else {
        None
    }
}

/// Late: past one period plus the grace since the last modification.
fn late(ds: &DatasetTruth, now: Timestamp) -> bool {
    let Some(period) = ds.frequency.as_deref().and_then(period_of) else {
        return false;
    };
    let floor = if period >= 28 * DAY { 7 * DAY } else { DAY };
    let grace = (period / 10).max(floor);
    let modified = ds
        .modified
        .as_deref()
        .and_then(|m| m.parse::<Timestamp>().ok());
    modified.is_some_and(|m| now.as_second() > m.as_second() + (period + grace) as i64)
}

/// Every finding the audit of this world must report, by identity.
pub fn expected_findings(m: &Manifest, o: &OracleOptions) -> BTreeSet<FindingKey> {
    let mut out = BTreeSet::new();
    for c in &m.communes {
        commune_findings(c, o, &mut out);
    }
    out
}

fn commune_findings(c: &CommuneTruth, o: &OracleOptions, out: &mut BTreeSet<FindingKey>) {
    let mut add = |code: &str, subject: Option<&str>| {
        out.insert(FindingKey {
            nis_code: c.nis_code.clone(),
            code: code.to_owned(),
            subject: subject.map(str::to_owned),
        });
    };
    let site = site_of(c, o);
    let linked: Vec<&DatasetTruth> = c.datasets.iter().filter(|ds| linked(c, site, ds)).collect();
    let published: Vec<(&DatasetTruth, &DistributionTruth)> = linked
        .iter()
        .flat_map(|ds| ds.distributions.iter().map(move |d| (*ds, d)))
        .filter(|(_, d)| downloads(d))
        .collect();
    let d = &c.declared;

    // The homepage could not be read: down, or closed to crawlers.
    if matches!(site, Site::Down | Site::Closed) {
        add(code::WEBSITE_UNREACHABLE, None);
    }

    let declares_open = d.opens_data == "oui";
    // A site we could not read (down or closed) proves nothing absent.
    let unread = matches!(site, Site::Down | Site::Closed);
    if declares_open && published.is_empty() && !unread {
        add(code::DECLARED_OPEN_NOTHING_FOUND, None);
    }
    if d.opens_data == "non" && !published.is_empty() {
        add(code::UNDECLARED_OPEN_DATA_FOUND, None);
    }
    if declares_open && !published.is_empty() {
        // Channels: compared only when open data is both declared and found (when nothing
        // is found, DECLARED_OPEN_NOTHING_FOUND says it all).
        let found: BTreeSet<&str> = published
            .iter()
            .map(|(ds, _)| channel_token(ds.channel))
            .collect();
        for ch in &d.channels {
            let unverifiable = ch == "site_web" && unread;
            if !found.contains(ch.as_str()) && !unverifiable {
                add(code::CHANNEL_NOT_FOUND, Some(ch));
            }
        }
        for ch in &found {
            if !d.channels.iter().any(|x| x == ch) {
                add(code::CHANNEL_UNDECLARED, Some(ch));
            }
        }
        // Format classes, likewise.
        let classes: BTreeSet<&str> = published
            .iter()
            .filter_map(|(_, x)| class_token(x))
            .collect();
        for class in &d.formats {
            if !classes.contains(class.as_str()) && !unread {
                add(code::FORMAT_CLASS_NOT_FOUND, Some(class));
            }
        }
        for class in &classes {
            if !d.formats.iter().any(|x| x == class) {
                add(code::FORMAT_CLASS_UNDECLARED, Some(class));
            }
        }
    }
    // Declared kept up to date, and late data published.
    let claims_updates = matches!(d.update.as_str(), "automatique" | "manuel_regulier");
    if claims_updates && published.iter().any(|(ds, _)| late(ds, o.now)) {
        add(code::UPDATE_CLAIM_CONTRADICTED, None);
    }
    // "Ne communiquent pas": published on a portal, and the (readable) site does not lead there.
    if site == Site::Open
        && linked.iter().any(|ds| {
            ds.channel != Channel::Website
                && !ds.reachable_from_homepage
                && ds.distributions.iter().any(downloads)
        })
    {
        add(code::NOT_LINKED_FROM_WEBSITE, None);
    }
    if linked
        .iter()
        .flat_map(|ds| &ds.distributions)
        .any(|x| x.broken || x.status >= 400 || error_page(x))
    {
        add(code::BROKEN_DISTRIBUTION, None);
    }
    if published
        .iter()
        .any(|(ds, x)| x.stars_format > 0 && !ds.licence.as_ref().is_some_and(|l| l.open))
    {
        add(code::NO_OPEN_LICENCE, None);
    }
    if published
        .iter()
        .any(|(_, x)| x.mislabelled || x.content_type_wrong)
    {
        add(code::FORMAT_MISLABELLED, None);
    }
    if published.iter().any(|(_, x)| !x.personal_data.is_empty()) {
        add(code::PERSONAL_DATA_SUSPECTED, None);
    }
}

/// Expected against found, for one code (or all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Findings the oracle expects.
    pub expected: usize,
    /// Findings the audit reported.
    pub found: usize,
    /// In both.
    pub right: usize,
    /// Expected, not reported.
    pub missed: usize,
    /// Reported, not expected.
    pub invented: usize,
}

impl Tally {
    /// |expected ∩ found| / |expected ∪ found| (1 when both are empty).
    pub fn ratio(&self) -> f64 {
        let union = self.right + self.missed + self.invented;
        if union == 0 {
            1.0
        } else {
            self.right as f64 / union as f64
        }
    }

    fn add(&mut self, other: &Tally) {
        self.expected += other.expected;
        self.found += other.found;
        self.right += other.right;
        self.missed += other.missed;
        self.invented += other.invented;
    }
}

/// An audit's findings scored against the oracle's.
#[derive(Clone, Debug, Default)]
pub struct Scorecard {
    /// Per code.
    pub by_code: BTreeMap<String, Tally>,
    /// Expected findings the audit did not report.
    pub missed: Vec<FindingKey>,
    /// Reported findings the oracle does not expect.
    pub invented: Vec<FindingKey>,
}

impl Scorecard {
    /// Compare.
    pub fn new(expected: &BTreeSet<FindingKey>, found: &BTreeSet<FindingKey>) -> Self {
        let mut s = Scorecard::default();
        for k in expected.union(found) {
            let t = s.by_code.entry(k.code.clone()).or_default();
            match (expected.contains(k), found.contains(k)) {
                (true, true) => {
                    t.expected += 1;
                    t.found += 1;
                    t.right += 1;
                }
                (true, false) => {
                    t.expected += 1;
                    t.missed += 1;
                    s.missed.push(k.clone());
                }
                _ => {
                    t.found += 1;
                    t.invented += 1;
                    s.invented.push(k.clone());
                }
            }
        }
        s
    }

    /// All codes together.
    pub fn total(&self) -> Tally {
        let mut t = Tally::default();
        for v in self.by_code.values() {
            t.add(v);
        }
        t
    }

    /// Add another world's scores.
    pub fn merge(&mut self, other: &Scorecard) {
        for (code, t) in &other.by_code {
            self.by_code.entry(code.clone()).or_default().add(t);
        }
        self.missed.extend(other.missed.iter().cloned());
        self.invented.extend(other.invented.iter().cloned());
    }

    /// The tally of one code.
    pub fn of(&self, code: &str) -> Tally {
        self.by_code.get(code).copied().unwrap_or_default()
    }
}

/// The table: one row per code, then the total.
impl fmt::Display for Scorecard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<28} {:>8} {:>6} {:>6} {:>7} {:>8} {:>7}",
            "code", "expected", "found", "right", "missed", "invented", "right%"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, t: &Tally| {
            writeln!(
                f,
                "{:<28} {:>8} {:>6} {:>6} {:>7} {:>8} {:>6.1}%",
                name,
                t.expected,
                t.found,
                t.right,
                t.missed,
                t.invented,
                100.0 * t.ratio()
            )
        };
        for (code, t) in &self.by_code {
            row(f, code, t)?;
        }
        row(f, "TOTAL", &self.total())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_as_publishers_write_them() {
        assert_eq!(period_of("Annuelle"), Some(YEAR));
        assert_eq!(period_of("Mensuelle"), Some(MONTH));
        assert_eq!(period_of("Quotidienne"), Some(DAY));
        assert_eq!(period_of("Trimestrielle"), Some(3 * MONTH));
        assert_eq!(period_of("Hebdomadaire"), Some(7 * DAY));
        assert_eq!(period_of("Irrégulière"), None);
        assert_eq!(
            period_of("http://publications.europa.eu/resource/authority/frequency/ANNUAL"),
            Some(YEAR)
        );
        assert_eq!(
            period_of("http://publications.europa.eu/resource/authority/frequency/IRREG"),
            None
        );
    }

    #[test]
    fn scores_count_the_union() {
        let k = |n: &str, code: &str| FindingKey {
            nis_code: n.to_owned(),
            code: code.to_owned(),
            subject: None,
        };
        let expected = BTreeSet::from([
            k("1", code::DECLARED_OPEN_NOTHING_FOUND),
            k("2", code::NO_OPEN_LICENCE),
        ]);
        let found = BTreeSet::from([
            k("1", code::DECLARED_OPEN_NOTHING_FOUND),
            k("3", code::NO_OPEN_LICENCE),
        ]);
        let s = Scorecard::new(&expected, &found);
        let t = s.total();
        assert_eq!((t.right, t.missed, t.invented), (1, 1, 1));
        assert!((t.ratio() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.of(code::NO_OPEN_LICENCE).expected, 1);
    }
}
