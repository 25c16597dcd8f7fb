//! Declared versus found: one finding per discrepancy, with a stable code, a severity, a
//! French sentence and the URLs that show it.
//!
//! Identity of a finding is (commune, code, subject): per channel for channel codes, per
//! format class for format codes, else one per commune with every URL as evidence — so a
//! finding opened in one run can be found closed in the next.

use std::collections::BTreeSet;

use super::model::{
    Finding, FindingCode, RatedDistribution, Severity, WebsiteState, WebsiteSummary,
};
use super::rate::{is_broken, is_published, is_stale};
use crate::declarations::{Declaration, DeclaredChannel, FormatClass, UpdateRegime};
use crate::discover::Channel;
use crate::targets::NisCode;

/// Evidence URLs listed per finding at most.
const MAX_EVIDENCE: usize = 20;

/// Everything wrong or noteworthy for one commune.
pub fn compare(
    nis_code: NisCode,
    declaration: Option<&Declaration>,
    website: &WebsiteSummary,
    rated: &[RatedDistribution],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |code: FindingCode,
                   subject: Option<&str>,
                   severity: Severity,
                   message: String,
                   evidence: Vec<String>| {
        let mut evidence = evidence;
        evidence.dedup();
        evidence.truncate(MAX_EVIDENCE);
        out.push(Finding {
            nis_code,
            code,
            subject: subject.map(str::to_owned),
            severity,
            message,
            evidence,
        });
    };
    let published: Vec<&RatedDistribution> = rated.iter().filter(|r| is_published(r)).collect();
    let urls = |rs: &[&RatedDistribution]| rs.iter().map(|r| r.url.clone()).collect::<Vec<_>>();

    // A site that is up but keeps crawlers out may publish anything: what only it could
    // show (data at all, the site_web channel, a format class) is not concluded.
    let why = website.why.as_deref().unwrap_or("raison inconnue");
    let closed = website.status == WebsiteState::Closed;
    if closed || website.status == WebsiteState::Unreachable {
        add(
            FindingCode::WebsiteUnreachable,
            None,
            Severity::Warning,
            if closed {
                format!(
                    "Le site web communal n'a pas pu être exploré : son robots.txt l'interdit aux robots ou impose un délai trop long ({why}). Ce qu'il publie n'a pas pu être vérifié."
                )
            } else {
                format!("Le site web communal n'a pas pu être consulté ({why}).")
            },
            website.url.iter().cloned().collect(),
        );
    }

    if let Some(decl) = declaration {
        if decl.opens_data && published.is_empty() && !closed {
            let mut evidence: Vec<String> = website.url.iter().cloned().collect();
            evidence.extend(website.portal_links.iter().cloned());
            add(
                FindingCode::DeclaredOpenNothingFound,
                None,
                Severity::Error,
                "La commune déclare ouvrir des données, mais aucune donnée publiée n'a été trouvée (site web, ODWB, portail propre).".to_owned(),
                evidence,
            );
        }
        if !decl.opens_data && !published.is_empty() {
            add(
                FindingCode::UndeclaredOpenDataFound,
                None,
                Severity::Info,
                format!(
                    "La commune déclare ne pas ouvrir de données, mais {} fichier(s) publié(s) ont été trouvés.",
                    published.len()
                ),
                urls(&published),
            );
        }
        if decl.opens_data && !published.is_empty() {
            channel_findings(decl, &published, closed, &mut add);
            format_findings(decl, &published, closed, &mut add);
        }
        let claims_updates = matches!(
            decl.update,
            Some(UpdateRegime::Automatique | UpdateRegime::ManuelRegulier)
        );
        let stale: Vec<&RatedDistribution> =
            published.iter().copied().filter(|r| is_stale(r)).collect();
        if claims_updates && !stale.is_empty() {
            add(
                FindingCode::UpdateClaimContradicted,
                None,
                Severity::Warning,
                format!(
                    "La commune déclare une mise à jour {}, mais {} fichier(s) sont en retard sur la fréquence annoncée.",
                    if decl.update == Some(UpdateRegime::Automatique) {
                        "automatique"
                    } else {
                        "manuelle régulière"
                    },
                    stale.len()
                ),
                urls(&stale),
            );
        }
    }

    let site_ok = website.status == WebsiteState::Ok;
    let unlinked: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.channel != Channel::Website && !r.linked_from_website)
        .collect();
    if site_ok && !unlinked.is_empty() {
        let pages: Vec<String> = unlinked
            .iter()
            .map(|r| r.landing_page.clone().unwrap_or_else(|| r.url.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        add(
            FindingCode::NotLinkedFromWebsite,
            None,
            Severity::Info,
            format!(
                "{} jeu(x) de données publiés sur un portail ne sont pas signalés par le site web communal.",
                pages.len()
            ),
            pages,
        );
    }
    let broken: Vec<&RatedDistribution> = rated.iter().filter(|r| is_broken(r)).collect();
    if !broken.is_empty() {
        add(
            FindingCode::BrokenDistribution,
            None,
            Severity::Warning,
            format!(
                "{} lien(s) vers des fichiers ne fonctionnent pas (erreur HTTP ou réseau).",
                broken.len()
            ),
            urls(&broken),
        );
    }
    let closed: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.stars_format.get() > 0 && r.licence != crate::assess::LicenceClass::Open)
        .collect();
    if !closed.is_empty() {
        add(
            FindingCode::NoOpenLicence,
            None,
            Severity::Warning,
            format!(
                "{} fichier(s) publiés sans licence ouverte reconnue : ils ne comptent pas comme données ouvertes (0 étoile).",
                closed.len()
            ),
            urls(&closed),
        );
    }
    let mislabelled: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.mislabelled)
        .collect();
    if !mislabelled.is_empty() {
        add(
            FindingCode::FormatMislabelled,
            None,
            Severity::Warning,
            format!(
                "{} fichier(s) ont un nom ou un type annoncé qui ne correspond pas à leur contenu.",
                mislabelled.len()
            ),
            urls(&mislabelled),
        );
    }
    out
}

fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Website => "site web communal",
        Channel::Odwb => "ODWB",
        Channel::OwnPortal => "portail propre",
    }
}

fn channel_findings(
    decl: &Declaration,
    published: &[&RatedDistribution],
    site_closed: bool,
    add: &mut impl FnMut(FindingCode, Option<&str>, Severity, String, Vec<String>),
) {
    let found: BTreeSet<Channel> = published.iter().map(|r| r.channel).collect();
    for declared in &decl.channels {
        let channel = declared.channel();
        let unverifiable = site_closed && channel == Channel::Website;
        if !found.contains(&channel) && !unverifiable {
            add(
                FindingCode::ChannelNotFound,
                Some(declared.as_str()),
                Severity::Warning,
                format!(
                    "Canal déclaré sans données trouvées : {}.",
                    channel_name(channel)
                ),
                Vec::new(),
            );
        }
    }
    for channel in found {
        if !decl
            .channels
            .contains(&DeclaredChannel::of_channel(channel))
        {
            let evidence = published
                .iter()
                .filter(|r| r.channel == channel)
                .map(|r| r.url.clone())
                .collect();
            add(
                FindingCode::ChannelUndeclared,
                Some(DeclaredChannel::of_channel(channel).as_str()),
                Severity::Info,
                format!(
                    "Données trouvées sur un canal non déclaré : {}.",
                    channel_name(channel)
                ),
                evidence,
            );
        }
    }
}

fn class_name(c: FormatClass) -> &'static str {
    match c {
        FormatClass::NonStructure => "non structuré (1★)",
        FormatClass::StructureProprietaire => "structuré propriétaire (2★)",
        FormatClass::StructureOuvert => "structuré ouvert (3★)",
        FormatClass::Uri => "avec URI (4★)",
        FormatClass::Lie => "lié (5★)",
    }
}

fn format_findings(
    decl: &Declaration,
    published: &[&RatedDistribution],
    site_closed: bool,
    add: &mut impl FnMut(FindingCode, Option<&str>, Severity, String, Vec<String>),
) {
    let class_of = |r: &RatedDistribution| FormatClass::of_stars(r.stars_format);
    let found: BTreeSet<FormatClass> = published.iter().filter_map(|r| class_of(r)).collect();
    for declared in &decl.formats {
        if !found.contains(declared) && !site_closed {
            add(
                FindingCode::FormatClassNotFound,
                Some(declared.as_str()),
                Severity::Warning,
                format!(
                    "Classe de format déclarée sans fichier trouvé : {}.",
                    class_name(*declared)
                ),
                Vec::new(),
            );
        }
    }
    for class in found {
        if !decl.formats.contains(&class) {
            let evidence = published
                .iter()
                .filter(|r| class_of(r) == Some(class))
                .map(|r| r.url.clone())
                .collect();
            add(
                FindingCode::FormatClassUndeclared,
                Some(class.as_str()),
                Severity::Info,
                format!(
                    "Fichiers d'une classe de format non déclarée : {}.",
                    class_name(class)
                ),
                evidence,
            );
        }
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
        }
    }

    fn site(status: WebsiteState, why: Option<&str>) -> WebsiteSummary {
        WebsiteSummary {
            url: Some("http://www.x.be/".into()),
            status,
            why: why.map(str::to_owned),
            pages: 0,
            requests: 0,
            portal_links: Vec::new(),
        }
    }

    fn keys(findings: &[Finding]) -> Vec<(FindingCode, Option<&str>)> {
        findings
            .iter()
            .map(|f| (f.code, f.subject.as_deref()))
            .collect()
    }

    #[test]
    fn channels_and_classes_are_named_in_the_subject() {
        let decl = declared(
            &[DeclaredChannel::SiteWeb, DeclaredChannel::Odwb],
            &[FormatClass::StructureOuvert, FormatClass::Lie],
        );
        let found = [rated(Channel::OwnPortal, "http://data.x.be/a.csv", 3)];
        let got = compare(nis(), Some(&decl), &site(WebsiteState::Ok, None), &found);
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
    fn a_site_down_publishes_nothing_but_a_closed_one_is_not_judged() {
        let decl = declared(&[DeclaredChannel::SiteWeb], &[FormatClass::StructureOuvert]);
        let down = site(
            WebsiteState::Unreachable,
            Some("robots.txt could not be read (connection reset)"),
        );
        let got = compare(nis(), Some(&decl), &down, &[]);
        assert_eq!(
            keys(&got),
            [
                (FindingCode::WebsiteUnreachable, None),
                (FindingCode::DeclaredOpenNothingFound, None),
            ]
        );
        let closed = site(
            WebsiteState::Closed,
            Some("robots.txt disallows http://www.x.be/"),
        );
        let got = compare(nis(), Some(&decl), &closed, &[]);
        assert_eq!(keys(&got), [(FindingCode::WebsiteUnreachable, None)]);
        assert!(got[0].message.contains("robots.txt"));
        // Portal data found: the site_web channel and the classes stay unjudged.
        let decl = declared(
            &[DeclaredChannel::SiteWeb, DeclaredChannel::Odwb],
            &[FormatClass::NonStructure, FormatClass::StructureOuvert],
        );
        let found = [rated(Channel::Odwb, "http://www.odwb.be/a.csv", 3)];
        let got = compare(nis(), Some(&decl), &closed, &found);
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
        let got = compare(nis(), Some(&decl), &site(WebsiteState::Ok, None), &[soft]);
        assert_eq!(
            keys(&got),
            [
                (FindingCode::DeclaredOpenNothingFound, None),
                (FindingCode::BrokenDistribution, None),
            ]
        );
    }
}
