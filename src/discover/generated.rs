//! Exports a portal generates from a dataset's records, judged on one sample each.
//!
//! OpenDataSoft builds every dataset's `csv`, `json`, `geojson`, `xlsx`… export from its
//! records with the same code: the bytes of one dataset's CSV export say what every
//! dataset's CSV export of that portal is. Probing each of them would cost ODWB a
//! thousand requests a run (its anonymous quota is of the order of 10,000 a day, shared
//! with every other user of the address) and teach nothing more. So one export per
//! (portal host, format) is probed, and the others take its verdict on the format, saying
//! so in their reasons. What is about a dataset's own rows (personal data, a standard) is
//! not carried over: those are judged only on the sample, never assumed for the others.
//! Files a publisher uploaded (attachments, alternative exports) are probed one by one.

use url::Url;

use super::ProbeOutcome;

/// The (host, format) of a generated export URL:
/// `/api/explore/v2.{0,1}/catalog/datasets/{id}/exports/{format}` and
/// `/explore/dataset/{id}/download/?format={format}`.
pub fn generated_export(url: &Url) -> Option<(String, String)> {
    let host = url.host_str()?.to_ascii_lowercase();
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let format = match segments.as_slice() {
        [
            "api",
            "explore",
            version,
            "catalog",
            "datasets",
            _,
            "exports",
            format,
        ] if version.starts_with("v2") => (*format).to_owned(),
        ["explore", "dataset", _, "download"] => url
            .query_pairs()
            .find(|(k, _)| k == "format")
            .map(|(_, v)| v.into_owned())?,
        _ => return None,
    };
    Some((host, format.to_ascii_lowercase()))
}

/// The outcome of a generated export judged on `sample`: the same format and status,
/// none of the sample's rows.
pub fn judged_on_sample(sample: &ProbeOutcome, sample_url: &Url) -> ProbeOutcome {
    let verdict = sample.verdict.clone().map(|mut v| {
        v.personal_data = None;
        v.standard = None;
        v.bytes_read = 0;
        // One sentence, not the sample's: a portal of 20,000 datasets has 40,000 of these.
        v.reasons = vec![format!(
            "not downloaded: the portal generates this export as it generated {sample_url}, \
             judged on its bytes"
        )];
        v
    });
    // The sample's validators: those of the bytes this verdict rests on. When the sample
    // answers 304 on a later run, this export's previous verdict stands as its own would.
    ProbeOutcome {
        final_url: None,
        content_length: None,
        last_modified: None,
        validators: sample.validators.clone(),
        bytes_read: 0,
        elapsed_ms: 0,
        verdict,
        reused: false,
        ..sample.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn generated_exports_by_host_and_format() {
        assert_eq!(
            generated_export(&u(
                "https://www.odwb.be/api/explore/v2.1/catalog/datasets/cimetieres/exports/csv"
            )),
            Some(("www.odwb.be".into(), "csv".into()))
        );
        assert_eq!(
            generated_export(&u(
                "https://data.namur.be/explore/dataset/arbres/download/?format=geojson"
            )),
            Some(("data.namur.be".into(), "geojson".into()))
        );
        // An attachment is the publisher's own file.
        assert_eq!(
            generated_export(&u(
                "https://www.odwb.be/api/explore/v2.1/catalog/datasets/x/attachments/budget_pdf"
            )),
            None
        );
        assert_eq!(generated_export(&u("https://www.x.be/budget.csv")), None);
    }
}
