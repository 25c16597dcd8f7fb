//! OpenDataSoft in a handful of calls: the whole catalogue from its two exports.
//!
//! Why: listing a portal page by page and then asking `/exports` once per dataset costs
//! ODWB about a thousand calls a run, against an anonymous quota of the order of 10 000 a
//! day shared with everyone behind our address. The portal already serves its index whole:
//! - `catalog/exports/json` — every dataset object with its metas, attachments and
//!   `alternative_exports`, in one body (the listing's objects, as an array);
//! - `catalog/exports/dcat` — RDF/XML whose distributions are, by default, every export of
//!   every dataset (the spec: "By default, all exports are exposed"), with their URLs.
//!
//! The first gives the datasets, the second their downloads; attachments and alternative
//! exports come from the first. Only a dataset the DCAT export says nothing about is asked
//! its own `/exports` (exactly what the portal lists, never an invented download).
//!
//! A dataset `federated` from another portal (`source_domain_address`) that is harvested
//! on its own as a commune's portal is left out here, so it is not counted twice.
//!
//! Bodies are big (tens of MB for 20 000 datasets): they are read under a cap and parsed
//! on a blocking thread, the JSON one element at a time (one dataset's `Value` alive at
//! once). A body over the cap, an error status, or a body that does not parse sends the
//! caller back to the paged listing ([`Fallback::Because`]); a quota refusal does not
//! (asking more would only earn more 429s).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use url::Url;

use super::ods::{self, Listed};
use super::{Harvest, Options, Session, dcat, endpoint, link, text};
use crate::discover::{Dataset, DiscoverError, Distribution};
use crate::fetch::FetchError;

/// Why the catalogue exports were not used.
#[derive(Debug)]
pub(super) enum Fallback {
    /// Stop the harvest: the portal refused for quota (asking more only earns 429s).
    Stop(DiscoverError),
    /// Try the paged listing instead, and say why.
    Because(String),
}

impl From<DiscoverError> for Fallback {
    fn from(e: DiscoverError) -> Self {
        match e {
            DiscoverError::Status { status: 429, .. }
            | DiscoverError::Fetch(FetchError::HostPaused { .. }) => Fallback::Stop(e),
            e => Fallback::Because(e.to_string()),
        }
    }
}

/// The datasets of the JSON export, read.
struct FromJson {
    listed: Vec<Listed>,
    /// Datasets in the export (before the bound).
    total: usize,
    /// Ids left out as federated from a portal harvested on its own.
    federated: Vec<String>,
}

/// Every dataset of the portal from the two catalogue exports.
pub(super) async fn harvest(
    s: &mut Session<'_>,
    base: &Url,
    options: &Options,
) -> Result<Harvest, Fallback> {
    let filter = ods::publisher_filter(options);
    let url = export_url(base, "json", filter.as_deref())?;
    let body = whole(s, &url, options.export_cap).await?;
    let own = options.own_portal_hosts.clone();
    let (b, max) = (base.clone(), options.max_datasets);
    let parsed = tokio::task::spawn_blocking(move || read_json(&body, &b, max, &own))
        .await
        .map_err(|e| Fallback::Because(format!("parser task failed: {e}")))?
        .map_err(|why| Fallback::Because(format!("{url}: {why}")))?;
    let mut h = Harvest {
        api: "ods-v2.1+catalogue-exports",
        announced: Some(parsed.total as u64),
        truncated: parsed.total - parsed.federated.len() > parsed.listed.len(),
        ..Harvest::default()
    };
    if !parsed.federated.is_empty() {
        tracing::info!(%base, n = parsed.federated.len(), "federated datasets left to their own portal");
    }
    let exports = match dcat_exports(s, base, filter.as_deref(), options).await {
        Ok(map) => map,
        Err(Fallback::Stop(e)) => return Err(Fallback::Stop(e)),
        Err(Fallback::Because(why)) => {
            tracing::warn!(%base, %why, "DCAT catalogue export unusable: exports asked per dataset");
            h.warnings.push(format!(
                "DCAT catalogue export unusable ({why}): exports asked per dataset"
            ));
            HashMap::new()
        }
    };
    h.datasets = merge(s, base, parsed.listed, exports, options, &mut h.warnings).await?;
    Ok(h)
}

/// Each listed dataset with its exports from the DCAT export, else from its own `/exports`.
async fn merge(
    s: &mut Session<'_>,
    base: &Url,
    listed: Vec<Listed>,
    mut exports: HashMap<String, Vec<Distribution>>,
    options: &Options,
    warnings: &mut Vec<String>,
) -> Result<Vec<Dataset>, Fallback> {
    let mut out = Vec::with_capacity(listed.len());
    let mut unsaid = Vec::new();
    for l in listed {
        match exports.remove(&l.id) {
            // Listed by the DCAT export: its exports are known (none, for a dataset
            // without records); a dataset with records but no export is asked.
            Some(found) if !found.is_empty() || !l.kind.0 => {
                let mut d = l.dataset;
                let extra = std::mem::replace(&mut d.distributions, found);
                for x in extra {
                    if !d.distributions.iter().any(|y| y.url == x.url) {
                        d.distributions.push(x);
                    }
                }
                out.push(d);
            }
            _ => unsaid.push(l),
        }
    }
    if !unsaid.is_empty() {
        tracing::debug!(%base, n = unsaid.len(), "datasets the DCAT export says nothing of: asking their exports");
        let asked = ods::with_exports(s, base, unsaid, options.exports, warnings).await?;
        out.extend(asked);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn export_url(base: &Url, format: &str, filter: Option<&str>) -> Result<Url, Fallback> {
    let mut q = vec![("order_by", "dataset_id")];
    if let Some(f) = filter {
        q.push(("where", f));
    }
    Ok(endpoint(
        base,
        &format!("api/explore/v2.1/catalog/exports/{format}"),
        &q,
    )?)
}

/// A 2xx body read whole under `cap`.
async fn whole(s: &mut Session<'_>, url: &Url, cap: usize) -> Result<Vec<u8>, Fallback> {
    let probe = s.get(url, cap).await?;
    super::ok_body(url, &probe, cap)?;
    Ok(probe.body)
}

/// `catalog/exports/dcat`: the export distributions of every dataset, by dataset id.
async fn dcat_exports(
    s: &mut Session<'_>,
    base: &Url,
    filter: Option<&str>,
    options: &Options,
) -> Result<HashMap<String, Vec<Distribution>>, Fallback> {
    let url = export_url(base, "dcat", filter)?;
    let body = whole(s, &url, options.export_cap).await?;
    let u = url.clone();
    let parsed =
        tokio::task::spawn_blocking(move || dcat::parse(&body, dcat::Syntax::RdfXml, Some(&u)))
            .await
            .map_err(|e| Fallback::Because(format!("parser task failed: {e}")))?
            .map_err(|why| Fallback::Because(format!("{url}: {why}")))?;
    let mut out = HashMap::new();
    for d in parsed.datasets {
        let Some(id) = d.landing_page.as_ref().and_then(ods::ods_id_of_landing) else {
            continue;
        };
        let dists = d
            .distributions
            .into_iter()
            .map(|mut x| {
                if let Some(f) = ods::export_format_of(&x.url) {
                    x.declared_format = Some(f);
                }
                x
            })
            .collect();
        out.insert(id, dists);
    }
    Ok(out)
}

/// The JSON export, one dataset object at a time.
fn read_json(
    body: &[u8],
    base: &Url,
    max: usize,
    own: &BTreeSet<String>,
) -> Result<FromJson, String> {
    let mut acc = Reader {
        base,
        max,
        own,
        out: FromJson {
            listed: Vec::new(),
            total: 0,
            federated: Vec::new(),
        },
        seen: BTreeSet::new(),
        saw_list: false,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    (&mut acc)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| format!("not a JSON array of datasets: {e}"))?;
    if !acc.saw_list {
        return Err("no array of datasets".into());
    }
    Ok(acc.out)
}

struct Reader<'a> {
    base: &'a Url,
    max: usize,
    own: &'a BTreeSet<String>,
    out: FromJson,
    seen: BTreeSet<String>,
    /// The array was found (a bare array, or `results` of an object).
    saw_list: bool,
}

impl Reader<'_> {
    fn take(&mut self, v: &Value) {
        let Some(l) = ods::listed_v21(v, self.base) else {
            return;
        };
        if !self.seen.insert(l.id.clone()) {
            return;
        }
        self.out.total += 1;
        if federated_from(v).is_some_and(|h| self.own.contains(&h)) {
            self.out.federated.push(l.id);
            return;
        }
        if self.out.listed.len() < self.max {
            let mut l = l;
            l.dataset
                .distributions
                .extend(alternative_exports(v, self.base, &l.id));
            self.out.listed.push(l);
        }
    }
}

impl<'de> DeserializeSeed<'de> for &mut Reader<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &mut Reader<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of dataset objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.saw_list = true;
        while let Some(v) = seq.next_element::<Value>()? {
            self.take(&v);
        }
        Ok(())
    }

    /// `{"total_count": n, "results": [...]}`, the listing's shape, read the same way.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "results" && !self.saw_list {
                map.next_value_seed(&mut *self)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The host a federated dataset comes from (`source_domain_address`, else the ODS
/// domain `source_domain`), lowercase without `www.`.
pub(super) fn federated_from(r: &Value) -> Option<String> {
    let r = if r["dataset"].is_object() {
        &r["dataset"]
    } else {
        r
    };
    let m = &r["metas"]["default"];
    let host = text(&m["source_domain_address"])
        .or_else(|| {
            text(&m["source_domain"]).map(|d| {
                if d.contains('.') {
                    d
                } else {
                    format!("{d}.opendatasoft.com")
                }
            })
        })?
        .to_ascii_lowercase();
    let host = host
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', ':'])
        .next()?
        .to_owned();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty()).then_some(host)
}

/// `alternative_exports` of a v2.1 object: `{"id", "title", "mimetype", "url"}`.
fn alternative_exports(r: &Value, base: &Url, id: &str) -> Vec<Distribution> {
    let Some(list) = r["alternative_exports"].as_array() else {
        return Vec::new();
    };
    list.iter()
        .take(1000)
        .filter_map(|a| {
            let url = text(&a["href"])
                .or_else(|| text(&a["url"]))
                .and_then(|h| link(base, &h))
                .or_else(|| {
                    let aid = text(&a["id"])?;
                    super::with_segments(
                        base,
                        &[
                            "api",
                            "explore",
                            "v2.1",
                            "catalog",
                            "datasets",
                            id,
                            "alternative_exports",
                            &aid,
                        ],
                    )
                })?;
            let format = text(&a["mimetype"]).or_else(|| text(&a["format"]));
            Some(Distribution::new(url, format))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        "https://p.example/".parse().unwrap()
    }

    #[test]
    fn the_json_export_is_read_one_dataset_at_a_time() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/fixtures/opendatasoft/01_v2.1_catalog_datasets_documentation-resources.json"
        );
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut list = v["results"].as_array().unwrap().clone();
        list.push(list[0].clone()); // a duplicate is kept once
        let body = serde_json::to_vec(&list).unwrap();
        let got = read_json(&body, &base(), 10, &BTreeSet::new()).unwrap();
        assert_eq!(got.total, 2);
        assert_eq!(got.listed.len(), 2);
        assert_eq!(
            got.listed[0].dataset.modified_field.as_deref(),
            Some("data_processed")
        );
        let bounded = read_json(&body, &base(), 1, &BTreeSet::new()).unwrap();
        assert_eq!((bounded.total, bounded.listed.len()), (2, 1));
        for bad in [
            &b"{\"results\": 3}"[..],
            b"[1, 2",
            b"",
            b"[{}] x",
            b"{}",
            b"7",
        ] {
            assert!(read_json(bad, &base(), 10, &BTreeSet::new()).is_err());
        }
        // The listing's own shape is read too.
        let wrapped = serde_json::to_vec(&v).unwrap();
        assert_eq!(
            read_json(&wrapped, &base(), 10, &BTreeSet::new())
                .unwrap()
                .total,
            2
        );
    }

    #[test]
    fn a_dataset_federated_from_a_harvested_portal_is_left_to_it() {
        let ds = |id: &str, src: Value| {
            serde_json::json!({"dataset_id": id, "metas": {"default": {"title": id, "federated": true,
                "source_domain_address": src}}})
        };
        let body = serde_json::to_vec(&vec![
            ds("a", Value::Null),
            ds("b", "https://www.Data.Namur.be/".into()),
            ds("c", "data.liege.be".into()),
        ])
        .unwrap();
        let own: BTreeSet<String> = ["data.namur.be".to_owned()].into();
        let got = read_json(&body, &base(), 10, &own).unwrap();
        let ids: Vec<_> = got.listed.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(got.federated, ["b"]);
        assert_eq!(got.total, 3);
    }

    #[test]
    fn alternative_exports_become_distributions() {
        let v = serde_json::json!({"alternative_exports": [
            {"id": "x1", "mimetype": "application/zip", "title": "x.zip"},
            {"url": "https://p.example/files/y.csv", "mimetype": "text/csv"},
            {"url": "javascript:alert(1)"}
        ]});
        let d = alternative_exports(&v, &base(), "ds");
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].url.as_str(),
            "https://p.example/api/explore/v2.1/catalog/datasets/ds/alternative_exports/x1"
        );
        assert_eq!(d[1].declared_format.as_deref(), Some("text/csv"));
    }
}
