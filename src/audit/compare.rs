//! Declared versus found, the one engine for both: each commune's files restated in the
//! survey's terms ([`Measured`]), a verdict per survey question ([`Verdicts`]: conforme,
//! écart, non vérifiable), and one finding per discrepancy with a stable code, a
//! severity, its facts and the URLs that show it.
//!
//! Findings are data, never sentences: the reports word them in their language
//! (`report::lang`). The report's "declared / found / verdict" table and its overview
//! counts read [`measure`] and [`Verdicts`] from here, so a page never contradicts its
//! findings.
//!
//! Identity of a finding is (commune, code, subject): per channel for channel codes, per
//! format class for format codes, else one per commune with every URL as evidence — so a
//! finding opened in one run can be found closed in the next.
//!
//! What a fetch could not tell (neither published nor broken, see [`not_verifiable`])
//! never supports an accusation: it is counted in the facts and makes "declares opening
//! data, nothing found" unverifiable.

use std::collections::BTreeSet;

use super::model::{
    Evidence, Facts, Finding, FindingCode, RatedDistribution, Severity, Subject, WebsiteState,
    WebsiteSummary,
};
use super::rate::{is_broken, is_published, is_stale};
use crate::assess::{FreshnessClass, LicenceClass, Stars};
use crate::declarations::{Communication, Declaration, DeclaredChannel, FormatClass, UpdateRegime};
use crate::discover::Channel;
use crate::targets::NisCode;

/// Evidence URLs listed per finding at most.
const MAX_EVIDENCE: usize = 20;

/// A file whose fetch said nothing either way: it neither downloads nor is broken (no
/// answer, an answer that could not be judged). The seam where typed fetch outcomes
/// plug in: whatever `is_published` and `is_broken` both refuse lands here.
pub fn not_verifiable(r: &RatedDistribution) -> bool {
    !is_published(r) && !is_broken(r)
}

/// How up to date a commune's files are, from their freshness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateState {
    /// Every dated file with a frequency is on time.
    UpToDate,
    /// Some are late, some on time.
    Partial,
    /// Every one is late.
    NotUpToDate,
    /// No file is both dated and given a frequency.
    Unverifiable,
}

/// Whether a measure agrees with a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Agreement {
    /// The web shows what was declared.
    Agrees,
    /// It does not.
    Differs,
    /// The web cannot tell.
    Unverifiable,
    /// Nothing was declared on this question.
    NotDeclared,
}

impl Agreement {
    /// A CSS class token.
    pub fn css(self) -> &'static str {
        match self {
            Agreement::Agrees => "ok",
            Agreement::Differs => "ko",
            Agreement::Unverifiable => "unk",
            Agreement::NotDeclared => "na",
        }
    }
}

/// What the web shows of one commune.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measured {
    /// At least one downloadable file (`rate::is_published`).
    pub publishes: bool,
    /// At least one downloadable file earning a star (open licence).
    pub open_data: bool,
    /// Channels with downloadable files.
    pub channels: BTreeSet<Channel>,
    /// Format classes of downloadable files (the format's stars, licence aside).
    pub formats: BTreeSet<FormatClass>,
    /// How up to date they are; `None` when nothing is published.
    pub update: Option<UpdateState>,
    /// Whether the commune's website points to its data; `None` when nothing is published
    /// or the website could not be read.
    pub linked_from_site: Option<bool>,
    /// Files on a portal (ODWB, a regional portal or an own portal).
    pub on_portal: bool,
    /// Licence classes of downloadable files.
    pub licences: BTreeSet<LicenceClass>,
    /// The best stars earned (licence applied).
    pub best_stars: Stars,
    /// The website is up but closed to crawlers: what only it could show is unknown, so
    /// its absence is no difference.
    pub site_closed: bool,
    /// Channels not fully seen: the website when it was closed or could not be read, a
    /// channel with files whose fetch said nothing, a portal that could not be harvested.
    /// Nothing found on them is no evidence of absence.
    pub unseen: BTreeSet<Channel>,
    /// Channels holding files whose fetch said nothing (a subset of `unseen`).
    pub unverified_on: BTreeSet<Channel>,
    /// Files whose fetch said nothing either way ([`not_verifiable`]).
    pub not_verifiable: usize,
}

/// Restate one commune's files in the survey's terms; `unharvested` are the channels
/// whose portal could not be harvested.
pub fn measure(
    website: &WebsiteSummary,
    rated: &[RatedDistribution],
    unharvested: &BTreeSet<Channel>,
) -> Measured {
    let files: Vec<&RatedDistribution> = rated.iter().filter(|r| is_published(r)).collect();
    let unverified: Vec<&RatedDistribution> = rated.iter().filter(|r| not_verifiable(r)).collect();
    let unverified_on: BTreeSet<Channel> = unverified.iter().map(|r| r.channel).collect();
    let publishes = !files.is_empty();
    let on_time = files
        .iter()
        .filter(|r| r.freshness == FreshnessClass::OnTime)
        .count();
    let late = files.iter().filter(|r| is_stale(r)).count();
    let update = publishes.then_some(match (on_time, late) {
        (0, 0) => UpdateState::Unverifiable,
        (_, 0) => UpdateState::UpToDate,
        (0, _) => UpdateState::NotUpToDate,
        _ => UpdateState::Partial,
    });
    let site_read = website.status == WebsiteState::Ok;
    Measured {
        publishes,
        open_data: files.iter().any(|r| earns_stars(r)),
        channels: files.iter().map(|r| r.channel).collect(),
        formats: files.iter().filter_map(|r| class_of(r)).collect(),
        update,
        linked_from_site: (publishes && site_read)
            .then(|| files.iter().any(|r| r.linked_from_website)),
        on_portal: files.iter().any(|r| r.channel != Channel::Website),
        licences: files.iter().map(|r| r.licence).collect(),
        best_stars: files.iter().map(|r| r.stars).max().unwrap_or_default(),
        site_closed: website.status == WebsiteState::Closed,
        unseen: unseen(website, &unverified_on, unharvested),
        unverified_on,
        not_verifiable: unverified.len(),
    }
}

/// The channels where absence proves nothing (see [`Measured::unseen`]).
fn unseen(
    website: &WebsiteSummary,
    unverified_on: &BTreeSet<Channel>,
    unharvested: &BTreeSet<Channel>,
) -> BTreeSet<Channel> {
    let mut out = unverified_on.clone();
    // A commune with no known website has no site to miss; one we could not read might.
    if matches!(
        website.status,
        WebsiteState::Unreachable | WebsiteState::Closed | WebsiteState::NotCrawled
    ) {
        out.insert(Channel::Website);
    }
    out.extend(unharvested.iter().copied());
    out
}

/// The star rule, as the rating applied it: a file earns the stars its format allows
/// only under an open licence (`rate`), so a file whose format earns stars and which has
/// none lost them to its licence.
fn earns_stars(r: &RatedDistribution) -> bool {
    r.stars.get() > 0
}

fn loses_stars_to_licence(r: &RatedDistribution) -> bool {
    r.stars_format.get() > 0 && !earns_stars(r)
}

/// The survey's format class of a file: its format's stars, licence aside.
fn class_of(r: &RatedDistribution) -> Option<FormatClass> {
    FormatClass::of_stars(r.stars_format)
}

/// Declared against found for a multiple-choice question (channels, format classes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetVerdict<T> {
    /// Declared and not found, where it could have been seen.
    pub missing: BTreeSet<T>,
    /// Found and not declared.
    pub extra: BTreeSet<T>,
    /// Declared, not found, and out of sight (a site closed to crawlers).
    pub unseen: BTreeSet<T>,
    /// Nothing was declared.
    pub nothing_declared: bool,
}

impl<T: Ord + Copy> SetVerdict<T> {
    /// Compare; `unseen` tells what could not be looked for.
    pub fn of(declared: &BTreeSet<T>, found: &BTreeSet<T>, unseen: impl Fn(&T) -> bool) -> Self {
        let (hidden, missing): (BTreeSet<T>, BTreeSet<T>) = declared
            .iter()
            .copied()
            .filter(|t| !found.contains(t))
            .partition(|t| unseen(t));
        SetVerdict {
            missing,
            extra: found.difference(declared).copied().collect(),
            unseen: hidden,
            nothing_declared: declared.is_empty(),
        }
    }

    /// The verdict: declared exactly what was found, or not, or cannot tell.
    pub fn agreement(&self) -> Agreement {
        if self.nothing_declared {
            Agreement::NotDeclared
        } else if !self.missing.is_empty() || !self.extra.is_empty() {
            Agreement::Differs
        } else if !self.unseen.is_empty() {
            Agreement::Unverifiable
        } else {
            Agreement::Agrees
        }
    }
}

/// One verdict per survey question the web can answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdicts {
    /// Opens data (or not), as declared?
    pub opens: Agreement,
    /// The declared channels (the survey's three; a regional portal other than ODWB is
    /// not a survey choice and is left out).
    pub channels: SetVerdict<DeclaredChannel>,
    /// The declared format classes.
    pub formats: SetVerdict<FormatClass>,
    /// As up to date as declared?
    pub update: Agreement,
    /// The measurable ways of communicating.
    pub communication: Agreement,
}

/// Judge a declaration against the measure.
pub fn verdicts(d: &Declaration, m: &Measured) -> Verdicts {
    let found_channels: BTreeSet<DeclaredChannel> = m
        .channels
        .iter()
        .filter_map(|c| DeclaredChannel::of_channel(*c))
        .collect();
    let channel_unseen = |c: &DeclaredChannel| m.unseen.contains(&c.channel());
    let blind = blind_spots(d, m);
    Verdicts {
        opens: agree_opens(d, m),
        channels: SetVerdict::of(&d.channels, &found_channels, channel_unseen),
        // A file out of sight could be of any class.
        formats: SetVerdict::of(&d.formats, &m.formats, |_| !blind.is_empty()),
        update: agree_update(d.update, m),
        communication: agree_communication(&d.communication, m),
    }
}

/// The unseen channels that could hold what the commune declared: the website, any
/// channel with files we saw but could not read, and a portal channel it declared (or
/// any, when it named none). ODWB not harvested is no blind spot for a commune that
/// declared publishing on its website only.
fn blind_spots(d: &Declaration, m: &Measured) -> BTreeSet<Channel> {
    let declared: BTreeSet<Channel> = d.channels.iter().map(|c| c.channel()).collect();
    m.unseen
        .iter()
        .copied()
        .filter(|c| {
            *c == Channel::Website
                || m.unverified_on.contains(c)
                || declared.is_empty()
                || declared.contains(c)
        })
        .collect()
}

/// Does the commune publish as it declared it does (or does not)? Nothing found is no
/// difference when part of the web could not be read (a site closed or down, files whose
/// fetch said nothing, a portal that could not be harvested).
pub fn agree_opens(d: &Declaration, m: &Measured) -> Agreement {
    if d.opens_data == m.publishes {
        Agreement::Agrees
    } else if d.opens_data && !blind_spots(d, m).is_empty() {
        Agreement::Unverifiable
    } else {
        Agreement::Differs
    }
}

/// Are files as up to date as declared?
pub fn agree_update(declared: Option<UpdateRegime>, m: &Measured) -> Agreement {
    let Some(regime) = declared else {
        return Agreement::NotDeclared;
    };
    let Some(state) = m.update else {
        return Agreement::Unverifiable;
    };
    let expected = match regime {
        UpdateRegime::Automatique | UpdateRegime::ManuelRegulier => UpdateState::UpToDate,
        UpdateRegime::Partiel => UpdateState::Partial,
        UpdateRegime::Non => UpdateState::NotUpToDate,
    };
    match state {
        UpdateState::Unverifiable => Agreement::Unverifiable,
        s if s == expected => Agreement::Agrees,
        _ => Agreement::Differs,
    }
}

/// Do the measurable ways of communicating hold: `site_web` (the website links to the
/// data), `aucune` (it does not), `plateforme_open_data` (data on a portal)? Social
/// networks, the press and intranets cannot be checked and are left aside.
pub fn agree_communication(declared: &BTreeSet<Communication>, m: &Measured) -> Agreement {
    let mut checks: Vec<Option<bool>> = Vec::new();
    if declared.contains(&Communication::SiteWeb) {
        checks.push(m.linked_from_site);
    }
    if declared.contains(&Communication::Aucune) {
        checks.push(m.linked_from_site.map(|linked| !linked));
    }
    if declared.contains(&Communication::PlateformeOpenData) {
        checks.push(m.publishes.then_some(m.on_portal));
    }
    if checks.is_empty() {
        Agreement::NotDeclared
    } else if checks.contains(&Some(false)) {
        Agreement::Differs
    } else if checks.iter().all(Option::is_some) {
        Agreement::Agrees
    } else {
        Agreement::Unverifiable
    }
}

/// Findings of one commune, collected with their evidence trimmed.
struct Collector {
    nis_code: NisCode,
    out: Vec<Finding>,
}

impl Collector {
    fn add(
        &mut self,
        code: FindingCode,
        subject: Option<Subject>,
        severity: Severity,
        facts: Facts,
        mut evidence: Vec<Evidence>,
    ) {
        evidence.dedup_by(|a, b| a.url == b.url);
        evidence.truncate(MAX_EVIDENCE);
        self.out.push(Finding {
            nis_code: self.nis_code,
            code,
            subject,
            severity,
            facts,
            evidence,
        });
    }
}

/// A file as evidence: its URL and the title it was shown under.
fn file_evidence(r: &RatedDistribution) -> Evidence {
    Evidence {
        url: r.url.clone(),
        seen: Some(r.dataset_title.trim().to_owned()).filter(|t| !t.is_empty()),
    }
}

fn evidence_of(rs: &[&RatedDistribution]) -> Vec<Evidence> {
    rs.iter().map(|r| file_evidence(r)).collect()
}

fn files(n: usize) -> Facts {
    Facts::Files {
        files: n,
        not_verifiable: 0,
    }
}

/// Everything wrong or noteworthy for one commune.
pub fn compare(
    nis_code: NisCode,
    declaration: Option<&Declaration>,
    website: &WebsiteSummary,
    rated: &[RatedDistribution],
    unharvested: &BTreeSet<Channel>,
) -> Vec<Finding> {
    let m = measure(website, rated, unharvested);
    let mut c = Collector {
        nis_code,
        out: Vec::new(),
    };
    let published: Vec<&RatedDistribution> = rated.iter().filter(|r| is_published(r)).collect();
    if matches!(
        website.status,
        WebsiteState::Closed | WebsiteState::Unreachable
    ) {
        // A site that asks us to wait (429) is no fault of the commune's: worth knowing.
        let severity = if website.throttled {
            Severity::Info
        } else {
            Severity::Warning
        };
        c.add(
            FindingCode::WebsiteUnreachable,
            None,
            severity,
            Facts::Website {
                state: website.status,
                detail: website.why.clone(),
                throttled: website.throttled,
            },
            website.url.iter().map(Evidence::url).collect(),
        );
    }
    if let Some(decl) = declaration {
        declared_findings(&mut c, decl, &m, website, &published);
    }
    file_findings(&mut c, website, rated, &published, m.not_verifiable);
    c.out
}

/// What contradicts a declaration, from its verdicts.
fn declared_findings(
    c: &mut Collector,
    decl: &Declaration,
    m: &Measured,
    website: &WebsiteSummary,
    published: &[&RatedDistribution],
) {
    let v = verdicts(decl, m);
    if v.opens == Agreement::Differs && decl.opens_data {
        let mut evidence: Vec<Evidence> = website.url.iter().map(Evidence::url).collect();
        evidence.extend(website.portal_links.iter().map(Evidence::url));
        c.add(
            FindingCode::DeclaredOpenNothingFound,
            None,
            Severity::Error,
            Facts::NothingFound {
                not_verifiable: m.not_verifiable,
            },
            evidence,
        );
    }
    if v.opens == Agreement::Differs && !decl.opens_data {
        c.add(
            FindingCode::UndeclaredOpenDataFound,
            None,
            Severity::Info,
            files(published.len()),
            evidence_of(published),
        );
    }
    if decl.opens_data && m.publishes {
        set_findings(
            c,
            &v.channels,
            [FindingCode::ChannelNotFound, FindingCode::ChannelUndeclared],
            Subject::Channel,
            |r, ch| DeclaredChannel::of_channel(r.channel) == Some(ch),
            published,
        );
        set_findings(
            c,
            &v.formats,
            [
                FindingCode::FormatClassNotFound,
                FindingCode::FormatClassUndeclared,
            ],
            Subject::FormatClass,
            |r, class| class_of(r) == Some(class),
            published,
        );
    }
    let claims_updates = matches!(
        decl.update,
        Some(UpdateRegime::Automatique | UpdateRegime::ManuelRegulier)
    );
    if let (true, Agreement::Differs, Some(declared)) = (claims_updates, v.update, decl.update) {
        let stale: Vec<&RatedDistribution> =
            published.iter().copied().filter(|r| is_stale(r)).collect();
        c.add(
            FindingCode::UpdateClaimContradicted,
            None,
            Severity::Warning,
            Facts::Update {
                declared,
                late: stale.len(),
            },
            evidence_of(&stale),
        );
    }
}

/// One finding per subject declared and not found, and per subject found and not declared.
fn set_findings<T: Ord + Copy>(
    c: &mut Collector,
    v: &SetVerdict<T>,
    [not_found, undeclared]: [FindingCode; 2],
    subject: fn(T) -> Subject,
    holds: impl Fn(&RatedDistribution, T) -> bool,
    published: &[&RatedDistribution],
) {
    for t in &v.missing {
        c.add(
            not_found,
            Some(subject(*t)),
            Severity::Warning,
            Facts::NoneFound,
            Vec::new(),
        );
    }
    for t in &v.extra {
        let shown: Vec<&RatedDistribution> =
            published.iter().copied().filter(|r| holds(r, *t)).collect();
        c.add(
            undeclared,
            Some(subject(*t)),
            Severity::Info,
            files(shown.len()),
            evidence_of(&shown),
        );
    }
}

/// What needs fixing in the files themselves, declaration aside.
fn file_findings(
    c: &mut Collector,
    website: &WebsiteSummary,
    rated: &[RatedDistribution],
    published: &[&RatedDistribution],
    unverified: usize,
) {
    let unlinked: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.channel != Channel::Website && !r.linked_from_website)
        .collect();
    if website.status == WebsiteState::Ok && !unlinked.is_empty() {
        let mut pages: Vec<Evidence> = unlinked
            .iter()
            .map(|r| Evidence {
                url: r.landing_page.clone().unwrap_or_else(|| r.url.clone()),
                seen: file_evidence(r).seen,
            })
            .collect();
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        pages.dedup_by(|a, b| a.url == b.url);
        c.add(
            FindingCode::NotLinkedFromWebsite,
            None,
            Severity::Info,
            Facts::Datasets {
                datasets: pages.len(),
            },
            pages,
        );
    }
    let broken: Vec<&RatedDistribution> = rated.iter().filter(|r| is_broken(r)).collect();
    if !broken.is_empty() {
        c.add(
            FindingCode::BrokenDistribution,
            None,
            Severity::Warning,
            Facts::Files {
                files: broken.len(),
                not_verifiable: unverified,
            },
            evidence_of(&broken),
        );
    }
    let closed: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| loses_stars_to_licence(r))
        .collect();
    if !closed.is_empty() {
        c.add(
            FindingCode::NoOpenLicence,
            None,
            Severity::Warning,
            files(closed.len()),
            evidence_of(&closed),
        );
    }
    let mislabelled: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.mislabelled)
        .collect();
    if !mislabelled.is_empty() {
        c.add(
            FindingCode::FormatMislabelled,
            None,
            Severity::Warning,
            files(mislabelled.len()),
            evidence_of(&mislabelled),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{Format, FreshnessClass, LicenceClass, Stars};

    fn nis() -> NisCode {
        "25005".parse().unwrap()
    }

    fn rated(channel: Channel, url: &str, stars: u8) -> RatedDistribution {
        RatedDistribution {
            nis_code: nis(),
            dataset_title: "Budget".into(),
            channel,
            portal: None,
            landing_page: None,
            url: url.into(),
            status: Some(206),
            error: None,
            outcome: crate::fetch::Outcome::Ok,
            format: Some(if stars == 0 {
                Format::Html
            } else {
                Format::Csv
            }),
            container: None,
            stars_format: Stars::new(stars),
            licence: LicenceClass::Open,
            licence_name: Some("CC BY 4.0".into()),
            stars: Stars::new(stars),
            stars_reason: String::new(),
            last_modified: None,
            modified_source: None,
            frequency: None,
            freshness: FreshnessClass::NoFrequency,
            age_days: None,
            linked_from_website: true,
            mislabelled: false,
            claimed: None,
            bytes_read: 100,
            validators: Default::default(),
            reasons: Vec::new(),
            personal_data: None,
            standard: None,
        }
    }

    fn declared(channels: &[DeclaredChannel], formats: &[FormatClass]) -> Declaration {
        Declaration {
            nis_code: nis(),
            year: 2020,
            opens_data: true,
            channels: channels.iter().copied().collect(),
            formats: formats.iter().copied().collect(),
            update: None,
            communication: BTreeSet::new(),
            planned_opening: None,
            line: 2,
            carried_from: Vec::new(),
        }
    }

    fn site(status: WebsiteState, why: Option<&str>) -> WebsiteSummary {
        WebsiteSummary {
            url: Some("http://www.x.be/".into()),
            status,
            why: why.map(str::to_owned),
            throttled: false,
            pages: 0,
            requests: 0,
            portal_links: Vec::new(),
            platform: None,
            index: None,
        }
    }

    fn keys(findings: &[Finding]) -> Vec<(FindingCode, Option<&'static str>)> {
        findings
            .iter()
            .map(|f| (f.code, f.subject.map(Subject::as_str)))
            .collect()
    }

    #[test]
    fn channels_and_classes_are_named_in_the_subject() {
        let decl = declared(
            &[DeclaredChannel::SiteWeb, DeclaredChannel::Odwb],
            &[FormatClass::StructureOuvert, FormatClass::Lie],
        );
        let found = [rated(Channel::OwnPortal, "http://data.x.be/a.csv", 3)];
        let got = compare(
            nis(),
            Some(&decl),
            &site(WebsiteState::Ok, None),
            &found,
            &BTreeSet::new(),
        );
        assert_eq!(
            keys(&got),
            [
                (FindingCode::ChannelNotFound, Some("site_web")),
                (FindingCode::ChannelNotFound, Some("odwb")),
                (FindingCode::ChannelUndeclared, Some("portail_propre")),
                (FindingCode::FormatClassNotFound, Some("lie")),
            ]
        );
    }

    #[test]
    fn a_site_we_could_not_read_is_not_judged_empty() {
        let decl = declared(&[DeclaredChannel::SiteWeb], &[FormatClass::StructureOuvert]);
        // Down: the site is said unreachable, but nothing found where we could not look
        // accuses nobody.
        let down = site(
            WebsiteState::Unreachable,
            Some("robots.txt could not be read (connection reset)"),
        );
        let got = compare(nis(), Some(&decl), &down, &[], &BTreeSet::new());
        assert_eq!(keys(&got), [(FindingCode::WebsiteUnreachable, None)]);
        assert_eq!(got[0].severity, Severity::Warning);
        let closed = site(
            WebsiteState::Closed,
            Some("robots.txt disallows http://www.x.be/"),
        );
        let got = compare(nis(), Some(&decl), &closed, &[], &BTreeSet::new());
        assert_eq!(keys(&got), [(FindingCode::WebsiteUnreachable, None)]);
        assert_eq!(
            got[0].facts,
            Facts::Website {
                state: WebsiteState::Closed,
                detail: Some("robots.txt disallows http://www.x.be/".into()),
                throttled: false,
            }
        );
        // Portal data found: the site_web channel and the classes stay unjudged.
        let decl = declared(
            &[DeclaredChannel::SiteWeb, DeclaredChannel::Odwb],
            &[FormatClass::NonStructure, FormatClass::StructureOuvert],
        );
        let found = [rated(Channel::Odwb, "http://www.odwb.be/a.csv", 3)];
        let got = compare(nis(), Some(&decl), &closed, &found, &BTreeSet::new());
        assert_eq!(keys(&got), [(FindingCode::WebsiteUnreachable, None)]);
    }

    #[test]
    fn a_soft_404_is_broken_not_published_nor_mislabelled() {
        let decl = declared(&[DeclaredChannel::SiteWeb], &[FormatClass::StructureOuvert]);
        let mut soft = rated(Channel::Website, "http://www.x.be/documents/a.csv", 0);
        soft.status = Some(200);
        soft.mislabelled = true;
        soft.error =
            Some("soft 404: HTTP 200 with the page the site shows for any missing file".into());
        soft.outcome = crate::fetch::Outcome::Broken(crate::fetch::Broken::SoftNotFound);
        let got = compare(
            nis(),
            Some(&decl),
            &site(WebsiteState::Ok, None),
            &[soft],
            &BTreeSet::new(),
        );
        assert_eq!(
            keys(&got),
            [
                (FindingCode::DeclaredOpenNothingFound, None),
                (FindingCode::BrokenDistribution, None),
            ]
        );
    }

    #[test]
    fn a_file_that_could_not_be_verified_supports_no_accusation() {
        let decl = declared(&[DeclaredChannel::SiteWeb], &[FormatClass::StructureOuvert]);
        // Neither published nor broken: the fetch established nothing.
        let mut unknown = rated(Channel::Website, "http://www.x.be/a.csv", 0);
        unknown.status = None;
        unknown.format = None;
        let mut gone = rated(Channel::Website, "http://www.x.be/b.csv", 0);
        gone.status = Some(404);
        gone.format = None;
        gone.outcome = crate::fetch::Outcome::Broken(crate::fetch::Broken::Status(404));
        let got = compare(
            nis(),
            Some(&decl),
            &site(WebsiteState::Ok, None),
            &[unknown.clone(), gone.clone()],
            &BTreeSet::new(),
        );
        assert_eq!(keys(&got), [(FindingCode::BrokenDistribution, None)]);
        assert_eq!(
            got[0].facts,
            Facts::Files {
                files: 1,
                not_verifiable: 1
            }
        );
        assert_eq!(got[0].evidence[0].url, "http://www.x.be/b.csv");
        assert_eq!(got[0].evidence[0].seen.as_deref(), Some("Budget"));
        // The broken file alone: nothing published, nothing unverifiable — the error.
        let got = compare(
            nis(),
            Some(&decl),
            &site(WebsiteState::Ok, None),
            &[gone],
            &BTreeSet::new(),
        );
        assert_eq!(got[0].code, FindingCode::DeclaredOpenNothingFound);
        assert_eq!(got[0].facts, Facts::NothingFound { not_verifiable: 0 });
    }

    #[test]
    fn a_site_that_throttles_us_is_told_as_information_and_judged_on_nothing() {
        let decl = declared(&[DeclaredChannel::SiteWeb], &[FormatClass::StructureOuvert]);
        let mut throttled = site(
            WebsiteState::Closed,
            Some("robots.txt answered 429 (Retry-After: 3600)"),
        );
        throttled.throttled = true;
        let got = compare(nis(), Some(&decl), &throttled, &[], &BTreeSet::new());
        assert_eq!(keys(&got), [(FindingCode::WebsiteUnreachable, None)]);
        assert_eq!(got[0].severity, Severity::Info);
    }

    #[test]
    fn a_portal_that_could_not_be_harvested_is_not_an_empty_channel() {
        let decl = declared(
            &[DeclaredChannel::SiteWeb, DeclaredChannel::Odwb],
            &[FormatClass::StructureOuvert],
        );
        let found = [rated(Channel::Website, "http://www.x.be/a.csv", 3)];
        let ok = site(WebsiteState::Ok, None);
        let seen = compare(nis(), Some(&decl), &ok, &found, &BTreeSet::new());
        assert_eq!(keys(&seen), [(FindingCode::ChannelNotFound, Some("odwb"))]);
        let unharvested = BTreeSet::from([Channel::Odwb]);
        let got = compare(nis(), Some(&decl), &ok, &found, &unharvested);
        assert!(got.is_empty(), "{got:?}");
        // Nothing found at all, the portal unread: no accusation either.
        let got = compare(nis(), Some(&decl), &ok, &[], &unharvested);
        assert!(got.is_empty(), "{got:?}");
    }
}
