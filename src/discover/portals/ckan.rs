//! CKAN: `package_search`, 1000 packages a page (CKAN's default `ckan.search.rows_max`),
//! each resource a distribution.
//!
//! The biggest page is the fewest requests; a page too large for the cap is asked again
//! with half the rows rather than parsed from a truncated body. The licence comes from
//! `license_title`/`license_id`/`license_url`, the date from `metadata_modified` (else
//! the newest resource `last_modified`), the frequency from `extras` when the portal
//! records one (`frequency`, `accrual_periodicity`, DCAT-AP's `accrualPeriodicity`).

use std::collections::HashSet;

use serde_json::Value;
use url::Url;

use super::{
    Harvest, Options, Portal, Session, base_dir, endpoint, link, ok_body, raw_text, text,
    with_segments,
};
use crate::discover::{Dataset, DiscoverError, Distribution, LicenceStatement};

/// The most rows `package_search` gives by default.
pub const ROWS_MAX: usize = 1000;

pub(crate) async fn harvest(
    s: &mut Session<'_>,
    portal: &Portal,
    options: &Options,
) -> Result<Harvest, DiscoverError> {
    let base = base_dir(&portal.url);
    let mut h = Harvest {
        api: "ckan",
        ..Harvest::default()
    };
    let mut seen = HashSet::new();
    let mut start = 0usize;
    let mut rows = ROWS_MAX;
    loop {
        if h.datasets.len() >= options.max_datasets {
            break;
        }
        let (r, st) = (rows.to_string(), start.to_string());
        let url = endpoint(
            &base,
            "api/3/action/package_search",
            &[("rows", &r), ("start", &st)],
        )?;
        let probe = s.get(&url, options.page_cap).await?;
        if (200..300).contains(&probe.status) && !probe.complete && rows > 10 {
            rows /= 2;
            tracing::debug!(%url, rows, "page larger than the cap: asking for fewer rows");
            continue;
        }
        ok_body(&url, &probe, options.page_cap)?;
        let v: Value =
            serde_json::from_slice(&probe.body).map_err(|e| DiscoverError::Malformed {
                url: url.to_string(),
                why: format!("not JSON: {e}"),
            })?;
        if v["success"] != Value::Bool(true) {
            return Err(DiscoverError::Malformed {
                url: url.to_string(),
                why: "package_search did not succeed".into(),
            });
        }
        let result = &v["result"];
        let total = result["count"].as_u64().map(|t| t as usize);
        h.announced = total.map(|t| t as u64).or(h.announced);
        let Some(list) = result["results"].as_array() else {
            return Err(DiscoverError::Malformed {
                url: url.to_string(),
                why: "no `result.results` array".into(),
            });
        };
        for p in list {
            if let Some(d) = package(p, &base)
                && seen.insert(d.id.clone().unwrap_or_default())
                && h.datasets.len() < options.max_datasets
            {
                h.datasets.push(d);
            }
        }
        start += list.len();
        if list.is_empty() || total.is_some_and(|t| start >= t) {
            break;
        }
    }
    h.truncated = h.announced.is_some_and(|t| t as usize > h.datasets.len())
        && h.datasets.len() >= options.max_datasets;
    Ok(h)
}

/// One CKAN package.
pub fn package(p: &Value, base: &Url) -> Option<Dataset> {
    let name = text(&p["name"]).or_else(|| text(&p["id"]))?;
    let resources = p["resources"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut distributions: Vec<Distribution> = Vec::new();
    for r in resources.iter().take(10_000) {
        let Some(url) = text(&r["url"]).and_then(|u| link(base, &u)) else {
            continue;
        };
        if distributions.iter().any(|d| d.url == url) {
            continue;
        }
        let format = text(&r["format"]).or_else(|| text(&r["mimetype"]));
        distributions.push(Distribution::new(url, format));
    }
    let (modified, field) = match text(&p["metadata_modified"]) {
        Some(m) => (Some(m), Some("metadata_modified".to_owned())),
        None => match resources
            .iter()
            .filter_map(|r| text(&r["last_modified"]))
            .max()
        {
            Some(m) => (Some(m), Some("resource.last_modified".to_owned())),
            None => (None, None),
        },
    };
    let frequency = p["extras"].as_array().and_then(|extras| {
        extras.iter().find_map(|e| {
            let key = text(&e["key"])?.to_ascii_lowercase();
            matches!(
                key.as_str(),
                "frequency" | "accrual_periodicity" | "accrualperiodicity" | "update_frequency"
            )
            .then(|| text(&e["value"]))
            .flatten()
        })
    });
    let licence_id = text(&p["license_id"]).filter(|l| l != "notspecified");
    Some(Dataset {
        id: Some(name.clone()),
        title: text(&p["title"]).unwrap_or_else(|| name.clone()),
        publisher: raw_text(&p["organization"]["title"])
            .or_else(|| raw_text(&p["author"]))
            .or_else(|| raw_text(&p["maintainer"])),
        landing_page: with_segments(base, &["dataset", &name]),
        licence: LicenceStatement {
            name: text(&p["license_title"]).or(licence_id),
            url: text(&p["license_url"]),
        },
        modified,
        modified_field: field,
        frequency,
        distributions,
        ..Dataset::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn package_maps_resources_licence_and_frequency() {
        let base: Url = "https://data.example.be/".parse().unwrap();
        let p = json!({
            "id": "u1", "name": "budget-2024", "title": "Budget 2024",
            "license_id": "cc-by", "license_title": "Creative Commons Attribution", "license_url": "http://www.opendefinition.org/licenses/cc-by",
            "metadata_modified": "2025-01-02T03:04:05",
            "organization": {"title": "Ville de Mons"},
            "extras": [{"key": "frequency", "value": "Annuelle"}],
            "resources": [
                {"url": "/dataset/budget-2024/resource/x/download/b.csv", "format": "CSV"},
                {"url": "javascript:alert(1)", "format": "CSV"},
                {"url": "https://elsewhere.example/b.xlsx", "format": "", "mimetype": "application/vnd.ms-excel"}
            ]
        });
        let d = package(&p, &base).unwrap();
        assert_eq!(d.title, "Budget 2024");
        assert_eq!(d.publisher.as_deref(), Some("Ville de Mons"));
        assert_eq!(
            d.licence.name.as_deref(),
            Some("Creative Commons Attribution")
        );
        assert_eq!(d.frequency.as_deref(), Some("Annuelle"));
        assert_eq!(d.modified_field.as_deref(), Some("metadata_modified"));
        assert_eq!(
            d.landing_page.unwrap().as_str(),
            "https://data.example.be/dataset/budget-2024"
        );
        assert_eq!(d.distributions.len(), 2, "javascript: is no download");
        assert_eq!(
            d.distributions[0].url.as_str(),
            "https://data.example.be/dataset/budget-2024/resource/x/download/b.csv"
        );
        assert_eq!(
            d.distributions[1].declared_format.as_deref(),
            Some("application/vnd.ms-excel")
        );
    }
}
