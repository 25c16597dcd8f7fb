//! "Pour progresser": the few concrete steps that would raise a commune's measured
//! openness, each resting on something the audit saw of that commune.
//!
//! FuturoCité's communes asked for an "audit de l'existant" they can act on; a list of
//! findings says what is wrong, advice says what to do next, in order of urgency
//! (personal data first: a breach outweighs any star). Advice is data, like findings:
//! this module decides *what* to advise from the commune's own findings and rated files,
//! `report::lang` words it. It never advises on what could not be verified: a file whose
//! fetch said nothing, a portal that could not be harvested, a channel out of sight
//! yields no advice, since telling a commune to fix what may be fine costs it trust.

use std::collections::BTreeSet;

use super::model::{CommuneAudit, Evidence, Finding, FindingCode, RatedDistribution};
use super::rate::is_published;
use crate::assess::{Format, PersonalKind, StandardError};
use crate::discover::Channel;

/// How many files an advice names.
const MAX_FILES: usize = 5;
/// How many standards a commune is advised on.
const MAX_STANDARDS: usize = 3;
/// How many of a standard's errors an advice names.
const MAX_ERRORS: usize = 3;

/// One step a commune can take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advice {
    /// Take personal data out of a published file (`PERSONAL_DATA_SUSPECTED`).
    RemovePersonalData {
        /// The file.
        file: Evidence,
        /// What was suspected in it (never a value).
        kinds: Vec<PersonalKind>,
    },
    /// State an open licence on the pages presenting files that lose their stars to
    /// their licence (`NO_OPEN_LICENCE`).
    StateOpenLicence {
        /// Files without an open licence.
        files: usize,
        /// The pages (or files) to state it on, the first few.
        pages: Vec<Evidence>,
    },
    /// Publish a CSV beside files in a closed or unstructured format whose dataset has no
    /// open structured file.
    AddCsv {
        /// Such files.
        files: usize,
        /// Their formats, sorted.
        formats: Vec<Format>,
        /// The first few.
        examples: Vec<Evidence>,
    },
    /// Reshape a dataset the commune already publishes in a Walloon standard's columns
    /// so that it conforms.
    FollowStandard {
        /// The standard's short name (`stationnements-velos`).
        standard: String,
        /// Its title.
        title: String,
        /// The schema version checked against.
        version: String,
        /// The file checked.
        file: Evidence,
        /// Its first errors (field, rule; never a value).
        errors: Vec<StandardError>,
        /// How many errors in all.
        error_count: usize,
    },
    /// Publish on ODWB the data found only on the commune's website.
    PublishOnOdwb {
        /// Files found only there.
        files: usize,
        /// The first few.
        examples: Vec<Evidence>,
    },
}

impl Advice {
    /// A short stable token (`remove_personal_data` …), for tests and logs.
    pub fn token(&self) -> &'static str {
        match self {
            Advice::RemovePersonalData { .. } => "remove_personal_data",
            Advice::StateOpenLicence { .. } => "state_open_licence",
            Advice::AddCsv { .. } => "add_csv",
            Advice::FollowStandard { .. } => "follow_standard",
            Advice::PublishOnOdwb { .. } => "publish_on_odwb",
        }
    }
}

/// The steps that would raise `a`'s measured openness, most urgent first.
pub fn advise(a: &CommuneAudit) -> Vec<Advice> {
    let published: Vec<&RatedDistribution> =
        a.distributions.iter().filter(|r| is_published(r)).collect();
    let mut out = Vec::new();
    if let Some(f) = finding(a, FindingCode::PersonalDataSuspected) {
        out.extend(personal(f, &published));
    }
    if let Some(f) = finding(a, FindingCode::NoOpenLicence) {
        out.extend(licence(f, &published));
    }
    out.extend(csv(&published));
    out.extend(standards(&published));
    out.extend(odwb(a, &published));
    out
}

fn finding(a: &CommuneAudit, code: FindingCode) -> Option<&Finding> {
    a.findings.iter().find(|f| f.code == code)
}

fn evidence(r: &RatedDistribution) -> Evidence {
    Evidence {
        url: r.url.clone(),
        seen: Some(r.dataset_title.clone()).filter(|t| !t.trim().is_empty()),
    }
}

/// One step per file the finding names, with the kinds suspected in that file.
fn personal(f: &Finding, published: &[&RatedDistribution]) -> Vec<Advice> {
    f.evidence
        .iter()
        .filter_map(|e| {
            let r = published.iter().find(|r| r.url == e.url)?;
            let mut kinds: Vec<PersonalKind> = r
                .personal_data
                .iter()
                .flat_map(|p| &p.found)
                .map(|h| h.kind)
                .collect();
            kinds.sort();
            kinds.dedup();
            (!kinds.is_empty()).then(|| Advice::RemovePersonalData {
                file: e.clone(),
                kinds,
            })
        })
        .collect()
}

/// The pages presenting the files the finding names (their landing page, else the file).
fn licence(f: &Finding, published: &[&RatedDistribution]) -> Option<Advice> {
    let files: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| f.evidence.iter().any(|e| e.url == r.url))
        .collect();
    if files.is_empty() {
        return None;
    }
    let mut pages: Vec<Evidence> = Vec::new();
    for r in &files {
        let page = Evidence {
            url: r.landing_page.clone().unwrap_or_else(|| r.url.clone()),
            seen: evidence(r).seen,
        };
        if !pages.iter().any(|p| p.url == page.url) {
            pages.push(page);
        }
    }
    pages.truncate(MAX_FILES);
    Some(Advice::StateOpenLicence {
        // The finding counts every file; its evidence may name only the first few.
        files: f.facts.count().unwrap_or(files.len()),
        pages,
    })
}

/// Formats whose data a CSV beside would open: spreadsheets and documents that usually
/// hold tables.
fn wants_csv(format: Option<Format>) -> bool {
    matches!(
        format,
        Some(Format::Xls | Format::Xlsx | Format::Pdf | Format::Doc | Format::Docx | Format::Odt)
    )
}

/// The dataset a file belongs to: its landing page, else its title.
fn dataset_key(r: &RatedDistribution) -> &str {
    r.landing_page.as_deref().unwrap_or(&r.dataset_title)
}

fn csv(published: &[&RatedDistribution]) -> Option<Advice> {
    let open_datasets: BTreeSet<&str> = published
        .iter()
        .filter(|r| r.stars_format.get() >= 3)
        .map(|r| dataset_key(r))
        .collect();
    let files: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| wants_csv(r.format) && !open_datasets.contains(dataset_key(r)))
        .collect();
    if files.is_empty() {
        return None;
    }
    let formats: BTreeSet<Format> = files.iter().filter_map(|r| r.format).collect();
    Some(Advice::AddCsv {
        files: files.len(),
        formats: formats.into_iter().collect(),
        examples: files.iter().take(MAX_FILES).map(|r| evidence(r)).collect(),
    })
}

/// One step per standard claimed and not met, on its first non-conforming file.
fn standards(published: &[&RatedDistribution]) -> Vec<Advice> {
    let mut out: Vec<Advice> = Vec::new();
    for r in published {
        let Some(v) = r.standard.as_ref().filter(|v| !v.conforms) else {
            continue;
        };
        let known = out.iter().any(
            |a| matches!(a, Advice::FollowStandard { standard, .. } if *standard == v.standard),
        );
        if known || out.len() >= MAX_STANDARDS {
            continue;
        }
        out.push(Advice::FollowStandard {
            standard: v.standard.clone(),
            title: v.title.clone(),
            version: v.version.clone(),
            file: evidence(r),
            errors: v.errors.iter().take(MAX_ERRORS).cloned().collect(),
            error_count: v.error_count,
        });
    }
    out
}

/// Files found only on the website, when ODWB was seen to hold none of the commune's.
fn odwb(a: &CommuneAudit, published: &[&RatedDistribution]) -> Option<Advice> {
    let odwb_seen = !a.unharvested.contains(&Channel::Odwb)
        && !a
            .distributions
            .iter()
            .any(|r| r.channel == Channel::Odwb && !is_published(r));
    let on_portal = published.iter().any(|r| r.channel != Channel::Website);
    let files: Vec<&RatedDistribution> = published
        .iter()
        .copied()
        .filter(|r| r.channel == Channel::Website && r.stars_format.get() > 0)
        .collect();
    if !odwb_seen || on_portal || files.is_empty() {
        return None;
    }
    Some(Advice::PublishOnOdwb {
        files: files.len(),
        examples: files.iter().take(MAX_FILES).map(|r| evidence(r)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{FreshnessClass, PersonalData, PersonalHit, StandardVerdict, ValueKind};
    use crate::audit::compare::compare;
    use crate::audit::privacy;
    use crate::report::measure::tests::{commune, file};

    fn audited(mut a: CommuneAudit) -> CommuneAudit {
        a.findings = compare(
            a.commune.nis_code,
            a.declaration.as_ref(),
            &a.website,
            &a.distributions,
            &a.unharvested,
        );
        a.findings
            .extend(privacy::findings(a.commune.nis_code, &a.distributions));
        a
    }

    fn tokens(advice: &[Advice]) -> Vec<&'static str> {
        advice.iter().map(Advice::token).collect()
    }

    fn hit(kind: PersonalKind) -> PersonalData {
        PersonalData {
            found: vec![PersonalHit {
                kind,
                columns: vec!["niss".into()],
                count: 4,
                first_row: 2,
                masked: Some("85.07.30-***.**".into()),
            }],
            rows_scanned: 4,
            complete: true,
        }
    }

    fn bike_parking(conforms: bool) -> StandardVerdict {
        StandardVerdict {
            standard: "stationnements-velos".into(),
            title: "Stationnements vélos".into(),
            version: "1.0.0".into(),
            conforms,
            rows_checked: 12,
            complete: true,
            error_count: if conforms { 0 } else { 7 },
            errors: if conforms {
                Vec::new()
            } else {
                (0..5)
                    .map(|i| StandardError {
                        field: "capacite".into(),
                        row: Some(i + 2),
                        value: ValueKind::Text,
                        rule: "type:integer".into(),
                    })
                    .collect()
            },
        }
    }

    #[test]
    fn a_commune_with_nothing_to_improve_gets_no_advice() {
        let mut a = commune("92094", "Namur", 110_000);
        let nis = a.commune.nis_code;
        let mut f = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        f.personal_data = Some(PersonalData::default());
        f.standard = Some(bike_parking(true));
        a.distributions = vec![f];
        assert_eq!(advise(&audited(a)), []);
    }

    #[test]
    fn each_step_rests_on_the_communes_own_files() {
        let mut a = commune("57081", "Hainaut", 20_000);
        let nis = a.commune.nis_code;
        let mut inscriptions = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        inscriptions.url = "https://www.x.be/inscriptions.csv".into();
        inscriptions.dataset_title = "Inscriptions".into();
        inscriptions.personal_data = Some(hit(PersonalKind::NationalNumber));
        let mut budget = file(nis, Channel::Website, 2, false, FreshnessClass::OnTime);
        budget.url = "https://www.x.be/budget.xlsx".into();
        budget.format = Some(Format::Xlsx);
        budget.landing_page = Some("https://www.x.be/budget".into());
        let mut velos = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        velos.url = "https://www.x.be/velos.csv".into();
        velos.standard = Some(bike_parking(false));
        a.distributions = vec![inscriptions, budget, velos];
        let advice = advise(&audited(a));
        assert_eq!(
            tokens(&advice),
            [
                "remove_personal_data",
                "state_open_licence",
                "add_csv",
                "follow_standard",
                "publish_on_odwb"
            ]
        );
        assert_eq!(
            advice[0],
            Advice::RemovePersonalData {
                file: Evidence {
                    url: "https://www.x.be/inscriptions.csv".into(),
                    seen: Some("Inscriptions".into())
                },
                kinds: vec![PersonalKind::NationalNumber]
            }
        );
        let Advice::StateOpenLicence { files, pages } = &advice[1] else {
            panic!("{advice:?}")
        };
        assert_eq!(
            (*files, pages[0].url.as_str()),
            (1, "https://www.x.be/budget")
        );
        let Advice::AddCsv { files, formats, .. } = &advice[2] else {
            panic!()
        };
        assert_eq!((*files, formats.as_slice()), (1, [Format::Xlsx].as_slice()));
        let Advice::FollowStandard {
            standard,
            errors,
            error_count,
            ..
        } = &advice[3]
        else {
            panic!()
        };
        assert_eq!(
            (standard.as_str(), errors.len(), *error_count),
            ("stationnements-velos", MAX_ERRORS, 7)
        );
        let Advice::PublishOnOdwb { files, .. } = &advice[4] else {
            panic!()
        };
        assert_eq!(*files, 3);
    }

    #[test]
    fn a_csv_beside_the_spreadsheet_needs_no_advice() {
        let mut a = commune("57081", "Hainaut", 20_000);
        let nis = a.commune.nis_code;
        let mut xlsx = file(nis, Channel::Odwb, 2, true, FreshnessClass::OnTime);
        xlsx.format = Some(Format::Xlsx);
        xlsx.landing_page = Some("https://odwb/budget".into());
        let mut csv = file(nis, Channel::Odwb, 3, true, FreshnessClass::OnTime);
        csv.landing_page = xlsx.landing_page.clone();
        let mut pdf = file(nis, Channel::Odwb, 1, true, FreshnessClass::OnTime);
        pdf.format = Some(Format::Pdf);
        pdf.landing_page = Some("https://odwb/pv".into());
        a.distributions = vec![xlsx, csv, pdf];
        let advice = advise(&audited(a));
        assert_eq!(tokens(&advice), ["add_csv"]);
        let Advice::AddCsv { formats, .. } = &advice[0] else {
            panic!()
        };
        assert_eq!(
            formats,
            &[Format::Pdf],
            "only the PDF's dataset lacks a CSV"
        );
    }

    #[test]
    fn nothing_is_advised_on_what_could_not_be_verified() {
        let mut a = commune("57081", "Hainaut", 20_000);
        let nis = a.commune.nis_code;
        let mut site = file(nis, Channel::Website, 3, true, FreshnessClass::OnTime);
        site.url = "https://www.x.be/a.csv".into();
        // An ODWB file whose fetch said nothing: ODWB may well hold the commune's data.
        let mut unknown = file(nis, Channel::Odwb, 2, false, FreshnessClass::OnTime);
        unknown.format = Some(Format::Xlsx);
        unknown.personal_data = Some(hit(PersonalKind::Email));
        unknown.standard = Some(bike_parking(false));
        unknown.status = None;
        unknown.outcome = crate::fetch::Outcome::NotVerifiable(crate::fetch::Unverifiable::Timeout);
        a.distributions = vec![site.clone(), unknown];
        assert_eq!(advise(&audited(a.clone())), []);
        // An ODWB catalogue that could not be harvested: no advice to publish there either.
        a.distributions = vec![site];
        a.unharvested.insert(Channel::Odwb);
        assert_eq!(advise(&audited(a)), []);
    }
}
