//! `PERSONAL_DATA_SUSPECTED`: a published file whose rows seem to hold personal data.
//!
//! The survey asked whether opened data held no personal information; the files
//! themselves answer. The finding rests on what the rating already holds (the scan of
//! the probe's bytes: no extra request) and shows only the kinds found and the files'
//! URLs: never a value, not even masked, so the report cannot itself leak one.

use super::model::{Finding, FindingCode, RatedDistribution, Severity};
use crate::assess::PersonalKind;
use crate::targets::NisCode;

/// How many files a finding names.
const MAX_EVIDENCE: usize = 10;

/// One warning per commune listing the files with suspected personal data, if any.
pub fn findings(nis_code: NisCode, distributions: &[RatedDistribution]) -> Vec<Finding> {
    let suspected: Vec<&RatedDistribution> = distributions
        .iter()
        .filter(|r| r.personal_data.as_ref().is_some_and(|p| p.suspected()))
        .collect();
    if suspected.is_empty() {
        return Vec::new();
    }
    let mut kinds: Vec<PersonalKind> = suspected
        .iter()
        .flat_map(|r| r.personal_data.iter().flat_map(|p| &p.found))
        .map(|h| h.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let kinds: Vec<&str> = kinds.into_iter().map(kind_fr).collect();
    let mut evidence: Vec<String> = suspected.iter().map(|r| r.url.clone()).collect();
    evidence.dedup();
    evidence.truncate(MAX_EVIDENCE);
    vec![Finding {
        nis_code,
        code: FindingCode::PersonalDataSuspected,
        subject: None,
        severity: Severity::Warning,
        message: format!(
            "{} fichier(s) publiés semblent contenir des données personnelles ({}) : à vérifier et, le cas échéant, anonymiser ou retirer.",
            suspected.len(),
            kinds.join(", ")
        ),
        evidence,
    }]
}

/// The kind, in the report's French.
pub fn kind_fr(kind: PersonalKind) -> &'static str {
    match kind {
        PersonalKind::NationalNumber => "numéros de registre national",
        PersonalKind::Iban => "numéros de compte (IBAN)",
        PersonalKind::Email => "adresses e-mail de personnes",
        PersonalKind::Phone => "numéros de téléphone de personnes",
        PersonalKind::IdentifyingColumns => "colonnes identifiant des personnes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{PersonalData, PersonalHit};
    use crate::discover::Channel;
    use crate::report::measure::tests::file;

    fn with(kinds: &[PersonalKind]) -> RatedDistribution {
        let nis: NisCode = "92094".parse().unwrap();
        let mut r = file(
            nis,
            Channel::Odwb,
            3,
            true,
            crate::assess::FreshnessClass::OnTime,
        );
        r.personal_data = Some(PersonalData {
            found: kinds
                .iter()
                .map(|&kind| PersonalHit {
                    kind,
                    columns: vec!["niss".into()],
                    count: 2,
                    first_row: 2,
                    masked: Some("85.07.30-***.**".into()),
                })
                .collect(),
            rows_scanned: 2,
            complete: true,
        });
        r
    }

    #[test]
    fn one_warning_names_the_files_and_kinds_but_no_value() {
        let nis: NisCode = "92094".parse().unwrap();
        let clean = with(&[]);
        assert_eq!(findings(nis, std::slice::from_ref(&clean)), []);
        let mut flagged = with(&[PersonalKind::NationalNumber, PersonalKind::Email]);
        flagged.url = "https://data.namur.be/inscriptions.csv".into();
        let got = findings(nis, &[clean, flagged]);
        assert_eq!(got.len(), 1);
        let f = &got[0];
        assert_eq!(
            (f.code, f.severity),
            (FindingCode::PersonalDataSuspected, Severity::Warning)
        );
        assert_eq!(f.evidence, ["https://data.namur.be/inscriptions.csv"]);
        assert!(f.message.starts_with("1 fichier(s)"), "{}", f.message);
        assert!(f.message.contains("registre national") && f.message.contains("e-mail"));
        assert!(!f.message.contains("85.07"), "{}", f.message);
    }
}
