//! One commune's audit restated in the survey's terms: does it publish, on which channels,
//! in which format classes, kept up to date, linked from its website — and, question by
//! question, whether that agrees with what it declared.
//!
//! The overview tables count these facts and the commune pages show them, so both always
//! say the same thing. Both the measure and the verdicts are the comparison's
//! (`audit::compare`, the engine that makes the findings): the report restates, it does
//! not judge again, so a report never contradicts its findings.

use crate::audit::CommuneAudit;
use crate::audit::RatedDistribution;
use crate::audit::compare;
pub use crate::audit::compare::{Agreement, Measured, UpdateState, Verdicts};
use crate::audit::rate::is_published;
use crate::declarations::Declaration;

/// The files of an audit that download.
pub fn published(a: &CommuneAudit) -> impl Iterator<Item = &RatedDistribution> {
    a.distributions.iter().filter(|r| is_published(r))
}

/// Restate one commune's audit in the survey's terms: the comparison's own measure.
pub fn measure(a: &CommuneAudit) -> Measured {
    compare::measure(&a.website, &a.distributions, &a.unharvested)
}

/// The comparison's verdicts on a commune that answered the survey.
pub fn verdicts(d: &Declaration, m: &Measured) -> Verdicts {
    compare::verdicts(d, m)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::assess::{FreshnessClass, LicenceClass, Stars};
    use crate::audit::model::Subject;
    use crate::audit::{CommuneAudit, RatedDistribution, WebsiteSummary};
    use crate::audit::{FindingCode, WebsiteState};
    use crate::declarations::{
        Communication, Declaration, DeclaredChannel, FormatClass, UpdateRegime,
    };
    use crate::discover::Channel;
    use crate::targets::{Commune, NisCode};
    use std::collections::BTreeSet;

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
                throttled: false,
                pages: 3,
                requests: 5,
                portal_links: Vec::new(),
                platform: None,
                index: None,
            },
            datasets: 0,
            distributions: Vec::new(),
            findings: Vec::new(),
            unharvested: BTreeSet::new(),
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
            outcome: crate::fetch::Outcome::Ok,
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
            carried_from: Vec::new(),
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
        assert_eq!(verdicts(&d, &m).opens, Agreement::Differs);
        d.update = Some(UpdateRegime::Automatique);
        assert_eq!(verdicts(&d, &m).update, Agreement::Unverifiable);
    }

    #[test]
    fn what_a_closed_site_could_show_is_not_called_a_difference() {
        let mut a = commune("64074", "Closed", 9_000);
        let nis = a.commune.nis_code;
        a.website.status = WebsiteState::Closed;
        let mut d = declaration(nis, true);
        // Nothing found anywhere: unverifiable, not "declares but publishes nothing".
        assert_eq!(verdicts(&d, &measure(&a)).opens, Agreement::Unverifiable);
        a.distributions = vec![file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime)];
        d.channels = [DeclaredChannel::SiteWeb, DeclaredChannel::Odwb].into();
        let m = measure(&a);
        assert_eq!(
            verdicts(&d, &m).channels.agreement(),
            Agreement::Unverifiable
        );
        // Found but not declared is a difference all the same.
        d.channels = [DeclaredChannel::SiteWeb].into();
        assert_eq!(verdicts(&d, &m).channels.agreement(), Agreement::Differs);
        // The same site read: the missing channel is a difference.
        a.website.status = WebsiteState::Ok;
        d.channels = [DeclaredChannel::SiteWeb, DeclaredChannel::Odwb].into();
        assert_eq!(
            verdicts(&d, &measure(&a)).channels.agreement(),
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
        assert_eq!(verdicts(&d, &m).channels.agreement(), Agreement::Agrees);
        d.update = Some(UpdateRegime::ManuelRegulier);
        assert_eq!(verdicts(&d, &m).update, Agreement::Agrees);
        d.update = Some(UpdateRegime::Partiel);
        assert_eq!(verdicts(&d, &m).update, Agreement::Differs);
        d.communication = [Communication::SiteWeb].into_iter().collect();
        assert_eq!(
            verdicts(&d, &m).communication,
            Agreement::Differs,
            "the site does not link to its ODWB data"
        );
        d.communication = [Communication::Presse].into_iter().collect();
        assert_eq!(verdicts(&d, &m).communication, Agreement::NotDeclared);
        d.communication = [Communication::Presse, Communication::PlateformeOpenData]
            .into_iter()
            .collect();
        assert_eq!(
            verdicts(&d, &m).communication,
            Agreement::Agrees,
            "its data is on ODWB; the press cannot be checked"
        );
        a.website.status = WebsiteState::Unreachable;
        d.communication = [Communication::Aucune].into_iter().collect();
        assert_eq!(
            verdicts(&d, &measure(&a)).communication,
            Agreement::Unverifiable
        );
    }

    /// The findings the comparison makes, as the verdicts the report shows would imply.
    fn implied(a: &CommuneAudit) -> BTreeSet<(FindingCode, Option<Subject>)> {
        let m = measure(a);
        let Some(d) = &a.declaration else {
            return BTreeSet::new();
        };
        let v = verdicts(d, &m);
        let mut out = BTreeSet::new();
        if v.opens == Agreement::Differs {
            out.insert((
                if d.opens_data {
                    FindingCode::DeclaredOpenNothingFound
                } else {
                    FindingCode::UndeclaredOpenDataFound
                },
                None,
            ));
        }
        if d.opens_data && m.publishes {
            for c in &v.channels.missing {
                out.insert((FindingCode::ChannelNotFound, Some(Subject::Channel(*c))));
            }
            for c in &v.channels.extra {
                out.insert((FindingCode::ChannelUndeclared, Some(Subject::Channel(*c))));
            }
            for c in &v.formats.missing {
                out.insert((
                    FindingCode::FormatClassNotFound,
                    Some(Subject::FormatClass(*c)),
                ));
            }
            for c in &v.formats.extra {
                out.insert((
                    FindingCode::FormatClassUndeclared,
                    Some(Subject::FormatClass(*c)),
                ));
            }
        }
        let claims = matches!(
            d.update,
            Some(UpdateRegime::Automatique | UpdateRegime::ManuelRegulier)
        );
        if claims && v.update == Agreement::Differs {
            out.insert((FindingCode::UpdateClaimContradicted, None));
        }
        out
    }

    /// The declaration-bound findings the comparison made.
    fn made(a: &CommuneAudit) -> BTreeSet<(FindingCode, Option<Subject>)> {
        let declared = [
            FindingCode::DeclaredOpenNothingFound,
            FindingCode::UndeclaredOpenDataFound,
            FindingCode::ChannelNotFound,
            FindingCode::ChannelUndeclared,
            FindingCode::FormatClassNotFound,
            FindingCode::FormatClassUndeclared,
            FindingCode::UpdateClaimContradicted,
        ];
        crate::audit::compare::compare(
            a.commune.nis_code,
            a.declaration.as_ref(),
            &a.website,
            &a.distributions,
            &a.unharvested,
        )
        .into_iter()
        .filter(|f| declared.contains(&f.code))
        .map(|f| (f.code, f.subject))
        .collect()
    }

    #[test]
    fn the_report_verdicts_are_the_comparisons_findings() {
        let nis: crate::targets::NisCode = "57081".parse().unwrap();
        let mut cases = Vec::new();
        // Declares the site and ODWB, 1★ and 3★, automatic updates; has late 3★ files on
        // an own portal and a 2★ file on the site.
        let mut a = commune("57081", "Hainaut", 70_000);
        let mut d = declaration(nis, true);
        d.channels = [DeclaredChannel::SiteWeb, DeclaredChannel::Odwb].into();
        d.formats = [FormatClass::NonStructure, FormatClass::StructureOuvert].into();
        d.update = Some(UpdateRegime::Automatique);
        a.declaration = Some(d.clone());
        a.distributions = vec![
            file(nis, Channel::OwnPortal, 3, true, FreshnessClass::Late),
            file(nis, Channel::Website, 2, false, FreshnessClass::OnTime),
        ];
        cases.push(a.clone());
        // The same, site closed to crawlers.
        a.website.status = WebsiteState::Closed;
        cases.push(a.clone());
        // Declares opening, nothing downloads (a 404).
        let mut gone = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        gone.status = Some(404);
        gone.format = None;
        gone.outcome = crate::fetch::Outcome::Broken(crate::fetch::Broken::Status(404));
        a.website.status = WebsiteState::Ok;
        a.distributions = vec![gone.clone()];
        cases.push(a.clone());
        // ... and a file that could not be verified beside it.
        let mut unknown = gone;
        unknown.status = None;
        unknown.outcome = crate::fetch::Outcome::NotVerifiable(crate::fetch::Unverifiable::Timeout);
        a.distributions.push(unknown);
        cases.push(a.clone());
        // Declares not opening, publishes on a regional portal.
        let mut d = declaration(nis, false);
        d.update = Some(UpdateRegime::ManuelRegulier);
        a.declaration = Some(d);
        a.distributions = vec![file(
            nis,
            Channel::RegionalPortal,
            3,
            true,
            FreshnessClass::Late,
        )];
        cases.push(a.clone());
        let mut seen = BTreeSet::new();
        for (i, a) in cases.iter().enumerate() {
            let made = made(a);
            assert_eq!(made, implied(a), "case {i}");
            seen.extend(made.into_iter().map(|(c, _)| c));
        }
        // The cases reach every declaration-bound code.
        assert_eq!(seen.len(), 7, "{seen:?}");
    }
}
