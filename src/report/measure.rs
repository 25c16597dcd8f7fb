//! One commune's audit restated in the survey's terms: does it publish, on which channels,
//! in which format classes, kept up to date, linked from its website — and, question by
//! question, whether that agrees with what it declared.
//!
//! The overview tables count these facts and the commune pages show them, so both always
//! say the same thing. The rules are the audit's own (`audit::rate::is_published`, format
//! classes from the format's stars), so a report never contradicts its findings.

use std::collections::BTreeSet;

use crate::assess::{FreshnessClass, LicenceClass, Stars};
use crate::audit::RatedDistribution;
use crate::audit::rate::{is_published, is_stale};
use crate::audit::{CommuneAudit, WebsiteState};
use crate::declarations::{Communication, Declaration, FormatClass, UpdateRegime};
use crate::discover::Channel;

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
    /// At least one downloadable file (the audit's `is_published`).
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
    /// Files on ODWB or an own portal.
    pub on_portal: bool,
    /// Licence classes of downloadable files.
    pub licences: BTreeSet<LicenceClass>,
    /// The best stars earned (licence applied).
    pub best_stars: Stars,
    /// The website is up but closed to crawlers: what only it could show is unknown, so
    /// its absence is no difference (the audit's comparison concludes nothing either).
    pub site_closed: bool,
}

/// The files of an audit that download.
pub fn published(a: &CommuneAudit) -> impl Iterator<Item = &RatedDistribution> {
    a.distributions.iter().filter(|r| is_published(r))
}

/// Restate one commune's audit in the survey's terms.
pub fn measure(a: &CommuneAudit) -> Measured {
    let files: Vec<&RatedDistribution> = published(a).collect();
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
    let site_read = a.website.status == WebsiteState::Ok;
    Measured {
        publishes,
        open_data: files.iter().any(|r| r.stars.get() > 0),
        channels: files.iter().map(|r| r.channel).collect(),
        formats: files
            .iter()
            .filter_map(|r| FormatClass::of_stars(r.stars_format))
            .collect(),
        update,
        linked_from_site: (publishes && site_read)
            .then(|| files.iter().any(|r| r.linked_from_website)),
        on_portal: files
            .iter()
            .any(|r| matches!(r.channel, Channel::Odwb | Channel::OwnPortal)),
        licences: files.iter().map(|r| r.licence).collect(),
        best_stars: files.iter().map(|r| r.stars).max().unwrap_or_default(),
        site_closed: a.website.status == WebsiteState::Closed,
    }
}

/// Does the commune publish as it declared it does (or does not)?
pub fn agree_opens(d: &Declaration, m: &Measured) -> Agreement {
    if d.opens_data == m.publishes {
        Agreement::Agrees
    } else if d.opens_data && m.site_closed {
        Agreement::Unverifiable
    } else {
        Agreement::Differs
    }
}

/// Are the declared channels (or format classes) exactly those found? `unseen` tells
/// what could not be looked for (on a site closed to crawlers): declared and not found,
/// it is no difference; anything found and not declared still is.
pub fn agree_sets<T: Ord>(
    declared: &BTreeSet<T>,
    found: &BTreeSet<T>,
    unseen: impl Fn(&T) -> bool,
) -> Agreement {
    if declared.is_empty() {
        return Agreement::NotDeclared;
    }
    if declared == found {
        return Agreement::Agrees;
    }
    let missing = declared.iter().any(|t| !found.contains(t) && !unseen(t));
    let extra = found.iter().any(|t| !declared.contains(t));
    if missing || extra {
        Agreement::Differs
    } else {
        Agreement::Unverifiable
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
/// data), `aucune` (it does not), `plateforme_open_data` (data on ODWB or an own portal)?
/// Social networks, the press and intranets cannot be checked and are left aside.
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::assess::{FreshnessClass, LicenceClass, Stars};
    use crate::audit::{CommuneAudit, RatedDistribution, WebsiteSummary};
    use crate::declarations::{Declaration, DeclaredChannel};
    use crate::targets::{Commune, NisCode};

    /// A commune of `population` in `province`, website `ok`, no declaration, no files.
    pub(crate) fn commune(nis: &str, province: &str, population: u32) -> CommuneAudit {
        CommuneAudit {
            commune: Commune {
                nis_code: nis.parse().unwrap(),
                name: format!("Commune {nis}"),
                province: province.to_owned(),
                population,
                website: None,
                own_portal: None,
                aliases: Vec::new(),
            },
            declaration: None,
            website: WebsiteSummary {
                url: Some(format!("https://www.c{nis}.be/")),
                status: WebsiteState::Ok,
                why: None,
                pages: 3,
                requests: 5,
                portal_links: Vec::new(),
            },
            datasets: 0,
            distributions: Vec::new(),
            findings: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// A downloadable file: `format_stars` for its format, open licence when `open`.
    pub(crate) fn file(
        nis: NisCode,
        channel: Channel,
        format_stars: u8,
        open: bool,
        freshness: FreshnessClass,
    ) -> RatedDistribution {
        RatedDistribution {
            nis_code: nis,
            dataset_title: "Budget".into(),
            channel,
            portal: None,
            landing_page: None,
            url: format!("https://x.be/{channel:?}/{format_stars}"),
            status: Some(200),
            error: None,
            format: Some(crate::assess::Format::Csv),
            container: None,
            stars_format: Stars::new(format_stars),
            licence: if open {
                LicenceClass::Open
            } else {
                LicenceClass::Unknown
            },
            licence_name: None,
            stars: Stars::new(if open { format_stars } else { 0 }),
            stars_reason: String::new(),
            last_modified: None,
            modified_source: None,
            frequency: None,
            freshness,
            age_days: None,
            linked_from_website: channel == Channel::Website,
            mislabelled: false,
            claimed: None,
            bytes_read: 10,
            validators: Default::default(),
            reasons: Vec::new(),
            personal_data: None,
            standard: None,
        }
    }

    pub(crate) fn declaration(nis: NisCode, opens: bool) -> Declaration {
        Declaration {
            nis_code: nis,
            year: 2020,
            opens_data: opens,
            channels: Default::default(),
            formats: Default::default(),
            update: None,
            communication: Default::default(),
            planned_opening: None,
            line: 2,
        }
    }

    #[test]
    fn a_commune_is_measured_in_the_survey_terms() {
        let mut a = commune("92094", "Namur", 110_000);
        let nis = a.commune.nis_code;
        a.distributions = vec![
            file(nis, Channel::Website, 1, false, FreshnessClass::Undated),
            file(nis, Channel::OwnPortal, 3, true, FreshnessClass::OnTime),
            file(nis, Channel::OwnPortal, 3, true, FreshnessClass::Late),
        ];
        let mut broken = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        broken.status = Some(404);
        broken.format = None;
        a.distributions.push(broken);
        let m = measure(&a);
        assert!(m.publishes && m.open_data && m.on_portal);
        assert_eq!(
            m.channels,
            [Channel::Website, Channel::OwnPortal].into_iter().collect(),
            "a 404 is not a publication"
        );
        assert_eq!(
            m.formats,
            [FormatClass::NonStructure, FormatClass::StructureOuvert]
                .into_iter()
                .collect()
        );
        assert_eq!(m.update, Some(UpdateState::Partial));
        assert_eq!(m.linked_from_site, Some(true));
        assert_eq!(m.best_stars, Stars::new(3));
    }

    #[test]
    fn nothing_published_is_nothing_to_judge() {
        let a = commune("92094", "Namur", 110_000);
        let m = measure(&a);
        assert!(!m.publishes && !m.open_data);
        assert_eq!(m.update, None);
        assert_eq!(m.linked_from_site, None);
        let mut d = declaration(a.commune.nis_code, true);
        assert_eq!(agree_opens(&d, &m), Agreement::Differs);
        d.update = Some(UpdateRegime::Automatique);
        assert_eq!(agree_update(d.update, &m), Agreement::Unverifiable);
    }

    #[test]
    fn what_a_closed_site_could_show_is_not_called_a_difference() {
        let mut a = commune("64074", "Closed", 9_000);
        let nis = a.commune.nis_code;
        a.website.status = WebsiteState::Closed;
        let d = declaration(nis, true);
        // Nothing found anywhere: unverifiable, not "declares but publishes nothing".
        assert_eq!(agree_opens(&d, &measure(&a)), Agreement::Unverifiable);
        a.distributions = vec![file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime)];
        let m = measure(&a);
        let declared: BTreeSet<Channel> = [Channel::Website, Channel::Odwb].into();
        let unseen = |c: &Channel| m.site_closed && *c == Channel::Website;
        assert_eq!(
            agree_sets(&declared, &m.channels, unseen),
            Agreement::Unverifiable
        );
        // Found but not declared is a difference all the same.
        let declared: BTreeSet<Channel> = [Channel::Website].into();
        assert_eq!(
            agree_sets(&declared, &m.channels, unseen),
            Agreement::Differs
        );
        // The same site read: the missing channel is a difference.
        a.website.status = WebsiteState::Ok;
        let m = measure(&a);
        let declared: BTreeSet<Channel> = [Channel::Website, Channel::Odwb].into();
        assert_eq!(
            agree_sets(&declared, &m.channels, |c| m.site_closed
                && *c == Channel::Website),
            Agreement::Differs
        );
    }

    #[test]
    fn agreement_question_by_question() {
        let mut a = commune("92094", "Namur", 110_000);
        let nis = a.commune.nis_code;
        let mut portal = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        portal.linked_from_website = false;
        a.distributions = vec![portal];
        let m = measure(&a);
        let mut d = declaration(nis, true);
        d.channels = [DeclaredChannel::Odwb].into_iter().collect();
        let declared: BTreeSet<Channel> = d.channels.iter().map(|c| c.channel()).collect();
        assert_eq!(
            agree_sets(&declared, &m.channels, |_| false),
            Agreement::Agrees
        );
        d.update = Some(UpdateRegime::ManuelRegulier);
        assert_eq!(agree_update(d.update, &m), Agreement::Agrees);
        d.update = Some(UpdateRegime::Partiel);
        assert_eq!(agree_update(d.update, &m), Agreement::Differs);
        d.communication = [Communication::SiteWeb].into_iter().collect();
        assert_eq!(
            agree_communication(&d.communication, &m),
            Agreement::Differs,
            "the site does not link to its ODWB data"
        );
        d.communication = [Communication::Presse].into_iter().collect();
        assert_eq!(
            agree_communication(&d.communication, &m),
            Agreement::NotDeclared
        );
        d.communication = [Communication::Presse, Communication::PlateformeOpenData]
            .into_iter()
            .collect();
        assert_eq!(
            agree_communication(&d.communication, &m),
            Agreement::Agrees,
            "its data is on ODWB; the press cannot be checked"
        );
        a.website.status = WebsiteState::Unreachable;
        d.communication = [Communication::Aucune].into_iter().collect();
        assert_eq!(
            agree_communication(&d.communication, &measure(&a)),
            Agreement::Unverifiable
        );
    }
}
