//! `PERSONAL_DATA_SUSPECTED`: a published file whose rows seem to hold personal data.
//!
//! The survey asked whether opened data held no personal information; the files
//! themselves answer. The finding rests on what the rating already holds (the scan of
//! the probe's bytes: no extra request) and shows only the kinds found and the files'
//! URLs: never a value, not even masked, so the report cannot itself leak one.

use super::model::{Evidence, Facts, Finding, FindingCode, RatedDistribution, Severity};
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
    let mut evidence: Vec<Evidence> = suspected
        .iter()
        .map(|r| Evidence {
            url: r.url.clone(),
            seen: Some(r.dataset_title.clone()).filter(|t| !t.is_empty()),
        })
        .collect();
    evidence.dedup_by(|a, b| a.url == b.url);
    evidence.truncate(MAX_EVIDENCE);
    vec![Finding {
        nis_code,
        code: FindingCode::PersonalDataSuspected,
        subject: None,
        severity: Severity::Warning,
        facts: Facts::Personal {
            files: suspected.len(),
            kinds,
        },
        evidence,
    }]
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
        assert_eq!(f.evidence[0].url, "https://data.namur.be/inscriptions.csv");
        assert_eq!(f.evidence.len(), 1);
        assert_eq!(
            f.facts,
            Facts::Personal {
                files: 1,
                kinds: vec![PersonalKind::NationalNumber, PersonalKind::Email]
            }
        );
        for lang in [crate::report::Lang::Fr, crate::report::Lang::En] {
            let message = lang.finding_message(f);
            assert!(message.starts_with("1 "), "{message}");
            assert!(!message.contains("85.07"), "{message}");
        }
        let fr = crate::report::Lang::Fr.finding_message(f);
        assert!(
            fr.contains("registre national") && fr.contains("e-mail"),
            "{fr}"
        );
    }
}
