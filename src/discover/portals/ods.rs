//! OpenDataSoft: Explore v2.1, the legacy v1 search, and the catalogue exports.
//!
//! Why it is shaped so:
//! - First the whole catalogue from its two exports, a handful of calls whatever its size
//!   ([`super::ods_catalogue`]); the paged listing below is the fallback when a portal
//!   does not serve them (404, 5xx, a body that does not parse or is over the cap), and
//!   the harvest's warnings say so.
//! - The listing is paged with `limit=100` (the API's maximum) and `order_by=dataset_id`,
//!   a stable order, so a catalogue that changes during the walk loses no dataset; ids are
//!   de-duplicated anyway.
//! - Explore v2.1 refuses `offset + limit > 10000` (400 `InvalidRESTParameterError`).
//!   Beyond that window the adapter asks for the whole catalogue export once —
//!   `catalog/exports/json` (the listing's objects), else `catalog/exports/dcat` (RDF/XML,
//!   whose distributions are then taken as listed) — and keeps the datasets not yet seen.
//! - A portal whose v2.1 listing answers 404 is asked the legacy v1 search
//!   (`/api/datasets/1.0/search/`, one sim portal and some old commune portals speak only
//!   that). v1 has no exports list: its downloads are the standard `download/?format=`
//!   exports — csv, json, xlsx always; geojson and shp when the dataset is geographic —
//!   plus its `alternative_exports` and attachments. KML is left out although real v1
//!   portals serve it: it carries the same data as geojson, and a download we invent but
//!   the portal does not list must never be reported as broken.
//! - Distributions of v2.1 datasets are the `exports` endpoint's links, every rel but
//!   `self` whose href is an export (`.../exports/{format}`): RDF exports (`rdfxml`,
//!   `turtle`, `jsonld`, `n3`) are the records as linked data, so they are data and kept.
//!   Attachments (files uploaded next to the records) are distributions too.
//! - Quotas: the polite client already retried 429s after `Retry-After` and waits for an
//!   announced reset within the run's patience ([`crate::fetch::quota`]); a 429 that
//!   survives ends the harvest with the quota message of the body, and a portal saying
//!   `X-RateLimit-Remaining: 0` with no reset to wait for is not asked again.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use url::Url;

use super::ods_catalogue::Fallback;
use super::{
    ExportsPolicy, Harvest, OdsCatalogue, Options, Portal, Session, base_dir, dcat, endpoint, link,
    ok_body, raw_text, status_error, text, with_segments,
};
use crate::discover::{Dataset, DiscoverError, Distribution, LicenceStatement};
use crate::fetch::FetchError;

/// The largest `limit` Explore v2.1 accepts.
pub const LIMIT: usize = 100;
/// The deepest `offset + limit` Explore v2.1 accepts.
pub const WINDOW: usize = 10_000;
/// Cap on one `exports` list.
const EXPORTS_CAP: usize = 1 << 20;
/// The v1 downloads every dataset with records has.
const V1_FORMATS: &[&str] = &["csv", "json", "xlsx"];
/// The v1 downloads a geographic dataset adds.
const V1_GEO_FORMATS: &[&str] = &["geojson", "shp"];

/// A dataset read from a listing, before its exports are known.
pub(super) struct Listed {
    pub(super) dataset: Dataset,
    pub(super) id: String,
    /// (has records, geographic): what ODS derives its export list from.
    pub(super) kind: (bool, bool),
}

pub(crate) async fn harvest(
    s: &mut Session<'_>,
    portal: &Portal,
    options: &Options,
) -> Result<Harvest, DiscoverError> {
    let base = base_dir(&portal.url);
    let mut notes = Vec::new();
    if options.ods_catalogue == OdsCatalogue::Exports {
        match super::ods_catalogue::harvest(s, &base, options).await {
            Ok(h) => return Ok(h),
            Err(Fallback::Stop(e)) => return Err(e),
            Err(Fallback::Because(why)) => {
                tracing::warn!(portal = %portal.id, %why, "catalogue export unusable: listing page by page, exports per dataset");
                notes.push(format!(
                    "catalogue export unusable ({why}): listed page by page, exports asked per dataset"
                ));
            }
        }
    }
    let mut h = match v21(s, &base, options).await? {
        Some(h) => h,
        None => {
            tracing::info!(portal = %portal.id, "Explore v2.1 absent (404): using the v1 search");
            v1(s, &base, options).await?
        }
    };
    h.warnings.splice(0..0, notes);
    Ok(h)
}

pub(super) fn publisher_filter(options: &Options) -> Option<String> {
    options.publisher.as_ref().map(|p| {
        format!(
            "publisher=\"{}\"",
            p.replace('\\', "\\\\").replace('"', "\\\"")
        )
    })
}

/// Explore v2.1; `None` when the portal has no v2.1 (404 on the first page).
async fn v21(
    s: &mut Session<'_>,
    base: &Url,
    options: &Options,
) -> Result<Option<Harvest>, DiscoverError> {
    let filter = publisher_filter(options);
    let mut h = Harvest {
        api: "ods-v2.1",
        ..Harvest::default()
    };
    let mut seen = HashSet::new();
    let Some(paged) = v21_pages(s, base, options, filter.as_deref(), &mut seen).await? else {
        return Ok(None);
    };
    let (mut listed, total, offset) = (paged.listed, paged.total, paged.offset);
    h.announced = total.map(|t| t as u64);
    let mut from_dcat = Vec::new();
    let remaining = total.is_some_and(|t| t > offset);
    if remaining && listed.len() < options.max_datasets {
        tracing::info!(%base, total = ?total, "beyond the {WINDOW}-dataset window: reading the catalogue export");
        match export_json(s, base, filter.as_deref(), options).await? {
            Some(all) => {
                h.api = "ods-v2.1+export-json";
                keep_listed(&all, base, options, &mut seen, &mut listed);
            }
            None => {
                h.api = "ods-v2.1+export-dcat";
                let room = options.max_datasets.saturating_sub(listed.len());
                let dcat =
                    dcat_export(s, base, filter.as_deref(), options, room, &mut seen).await?;
                h.warnings.extend(dcat.1);
                from_dcat = dcat.0;
            }
        }
    }
    let found = listed.len() + from_dcat.len();
    h.truncated = total.is_some_and(|t| t > found) && found >= options.max_datasets;
    if h.truncated {
        tracing::warn!(%base, total = ?total, kept = found, "catalogue larger than the bound: truncated");
    }
    h.datasets = with_exports(s, base, listed, options.exports, &mut h.warnings).await?;
    h.datasets.extend(from_dcat);
    Ok(Some(h))
}

/// What the paged catalogue gave within its window.
struct V21Pages {
    listed: Vec<Listed>,
    total: Option<usize>,
    offset: usize,
}

/// The paged `catalog/datasets` within the API's window; `None` on a 404 at once.
async fn v21_pages(
    s: &mut Session<'_>,
    base: &Url,
    options: &Options,
    filter: Option<&str>,
    seen: &mut HashSet<String>,
) -> Result<Option<V21Pages>, DiscoverError> {
    let mut p = V21Pages {
        listed: Vec::new(),
        total: None,
        offset: 0,
    };
    while p.listed.len() < options.max_datasets && p.offset + LIMIT <= WINDOW {
        let (limit, off) = (LIMIT.to_string(), p.offset.to_string());
        let mut q = vec![
            ("limit", limit.as_str()),
            ("offset", off.as_str()),
            ("order_by", "dataset_id"),
        ];
        if let Some(f) = filter {
            q.push(("where", f));
        }
        let url = endpoint(base, "api/explore/v2.1/catalog/datasets", &q)?;
        let probe = s.get(&url, options.page_cap).await?;
        if probe.status == 404 && p.offset == 0 {
            return Ok(None);
        }
        ok_body(&url, &probe, options.page_cap)?;
        let v: Value = serde_json::from_slice(&probe.body)
            .map_err(|e| malformed(&url, format!("not JSON: {e}")))?;
        p.total = v["total_count"].as_u64().map(|t| t as usize).or(p.total);
        let Some(results) = v["results"].as_array() else {
            return Err(malformed(&url, "no `results` array".into()));
        };
        keep_listed(results, base, options, seen, &mut p.listed);
        p.offset += results.len();
        if results.is_empty() || p.total.is_some_and(|t| p.offset >= t) {
            break;
        }
    }
    Ok(Some(p))
}

/// Keep the catalogue's datasets not seen yet, not federated from an own portal, within
/// the bound.
fn keep_listed(
    results: &[Value],
    base: &Url,
    options: &Options,
    seen: &mut HashSet<String>,
    listed: &mut Vec<Listed>,
) {
    for r in results {
        if let Some(l) = listed_v21(r, base)
            && !left_to_its_source(r, options)
            && seen.insert(l.id.clone())
            && listed.len() < options.max_datasets
        {
            listed.push(l);
        }
    }
}

/// `catalog/exports/dcat`: datasets beyond the window, at most `room`, with the
/// parser's warnings.
async fn dcat_export(
    s: &mut Session<'_>,
    base: &Url,
    filter: Option<&str>,
    options: &Options,
    room: usize,
    seen: &mut HashSet<String>,
) -> Result<(Vec<Dataset>, Vec<String>), DiscoverError> {
    let mut q = vec![("order_by", "dataset_id")];
    if let Some(f) = filter {
        q.push(("where", f));
    }
    let url = endpoint(base, "api/explore/v2.1/catalog/exports/dcat", &q)?;
    let probe = s.get(&url, options.export_cap).await?;
    ok_body(&url, &probe, options.export_cap)?;
    let parsed = dcat::parse(&probe.body, dcat::Syntax::RdfXml, Some(&url))
        .map_err(|why| malformed(&url, why))?;
    let mut out = Vec::new();
    for mut d in parsed.datasets {
        let Some(id) = d.landing_page.as_ref().and_then(ods_id_of_landing) else {
            continue;
        };
        if out.len() >= room {
            break;
        }
        if seen.insert(id.clone()) {
            for dist in &mut d.distributions {
                if let Some(f) = export_format_of(&dist.url) {
                    dist.declared_format = Some(f);
                }
            }
            d.id = Some(id);
            out.push(d);
        }
    }
    Ok((out, parsed.warnings))
}

/// Federated from a portal harvested on its own: left to it, not counted twice.
fn left_to_its_source(r: &Value, options: &Options) -> bool {
    super::ods_catalogue::federated_from(r).is_some_and(|h| options.own_portal_hosts.contains(&h))
}

/// `catalog/exports/json`: every dataset object; `None` when the portal does not offer it.
async fn export_json(
    s: &mut Session<'_>,
    base: &Url,
    filter: Option<&str>,
    options: &Options,
) -> Result<Option<Vec<Value>>, DiscoverError> {
    let mut q = vec![("order_by", "dataset_id")];
    if let Some(f) = filter {
        q.push(("where", f));
    }
    let url = endpoint(base, "api/explore/v2.1/catalog/exports/json", &q)?;
    let probe = s.get(&url, options.export_cap).await?;
    if probe.status == 429 {
        return Err(status_error(&url, &probe));
    }
    if !(200..300).contains(&probe.status) {
        tracing::debug!(%url, status = probe.status, "no JSON catalogue export");
        return Ok(None);
    }
    ok_body(&url, &probe, options.export_cap)?;
    let v: Value = serde_json::from_slice(&probe.body)
        .map_err(|e| malformed(&url, format!("not JSON: {e}")))?;
    match v {
        Value::Array(a) => Ok(Some(a)),
        Value::Object(mut o) => match o.remove("results") {
            Some(Value::Array(a)) => Ok(Some(a)),
            _ => Err(malformed(&url, "no dataset array".into())),
        },
        _ => Err(malformed(&url, "no dataset array".into())),
    }
}

/// Attach each listed dataset's exports, as the policy says.
pub(super) async fn with_exports(
    s: &mut Session<'_>,
    base: &Url,
    listed: Vec<Listed>,
    policy: ExportsPolicy,
    warnings: &mut Vec<String>,
) -> Result<Vec<Dataset>, DiscoverError> {
    let mut by_kind: HashMap<(bool, bool), Vec<String>> = HashMap::new();
    let mut out = Vec::with_capacity(listed.len());
    for Listed {
        mut dataset,
        id,
        kind,
    } in listed
    {
        let known = (policy == ExportsPolicy::PerKind)
            .then(|| by_kind.get(&kind))
            .flatten();
        let exports = match known {
            Some(formats) => formats
                .iter()
                .filter_map(|f| Some((f.clone(), export_url(base, &id, f)?)))
                .collect(),
            None => match exports_of(s, base, &id).await {
                Ok(list) => {
                    // Reusable only when every link is the canonical URL of its format.
                    if policy == ExportsPolicy::PerKind
                        && list
                            .iter()
                            .all(|(f, u)| export_url(base, &id, f).as_ref() == Some(u))
                    {
                        by_kind.insert(kind, list.iter().map(|(f, _)| f.clone()).collect());
                    }
                    list
                }
                // Refused for quota: the rest is not asked (and never shown empty).
                Err(
                    e @ (DiscoverError::Status { status: 429, .. }
                    | DiscoverError::Fetch(FetchError::HostPaused { .. })),
                ) => return Err(e),
                Err(e) => {
                    warnings.push(format!("{id}: exports not listed: {e}"));
                    Vec::new()
                }
            },
        };
        let attachments = std::mem::take(&mut dataset.distributions);
        dataset.distributions = exports
            .into_iter()
            .map(|(f, u)| Distribution::new(u, Some(f)))
            .chain(attachments)
            .collect();
        out.push(dataset);
    }
    Ok(out)
}

fn export_url(base: &Url, id: &str, format: &str) -> Option<Url> {
    with_segments(
        base,
        &[
            "api", "explore", "v2.1", "catalog", "datasets", id, "exports", format,
        ],
    )
}

/// `GET .../catalog/datasets/{id}/exports`: (format, URL) for every export link.
async fn exports_of(
    s: &mut Session<'_>,
    base: &Url,
    id: &str,
) -> Result<Vec<(String, Url)>, DiscoverError> {
    let url = with_segments(
        base,
        &[
            "api", "explore", "v2.1", "catalog", "datasets", id, "exports",
        ],
    )
    .ok_or_else(|| malformed(base, "cannot build the exports URL".into()))?;
    let v = s.json(&url, EXPORTS_CAP).await?;
    let links = v["links"]
        .as_array()
        .or_else(|| v["_links"].as_array())
        .ok_or_else(|| malformed(&url, "no `links` array".into()))?;
    let mut out: Vec<(String, Url)> = Vec::new();
    for l in links {
        let (Some(rel), Some(href)) = (text(&l["rel"]), text(&l["href"])) else {
            continue;
        };
        if rel.eq_ignore_ascii_case("self") {
            continue;
        }
        let Some(u) = link(base, &href) else { continue };
        if !u.path().contains("/exports/") || out.iter().any(|(_, x)| x == &u) {
            continue;
        }
        out.push((rel, u));
    }
    Ok(out)
}

/// `https://h/explore/dataset/{id}/` → `id`.
pub(super) fn ods_id_of_landing(u: &Url) -> Option<String> {
    let mut segs = u.path_segments()?;
    while let Some(s) = segs.next() {
        if s == "dataset" {
            return segs
                .next()
                .filter(|s| !s.is_empty())
                .map(crate::discover::links::percent_decode);
        }
    }
    None
}

/// `.../exports/csv?use_labels=true` → `csv`.
pub(super) fn export_format_of(u: &Url) -> Option<String> {
    let segs: Vec<&str> = u.path_segments()?.collect();
    let i = segs.iter().position(|s| *s == "exports")?;
    segs.get(i + 1)
        .filter(|s| !s.is_empty())
        .map(|s| (*s).to_owned())
}

fn malformed(url: &Url, why: String) -> DiscoverError {
    DiscoverError::Malformed {
        url: url.to_string(),
        why,
    }
}

fn is_geo(r: &Value) -> bool {
    let feature = r["features"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x.as_str() == Some("geo")));
    let field = r["fields"].as_array().is_some_and(|f| {
        f.iter()
            .any(|x| matches!(x["type"].as_str(), Some("geo_point_2d" | "geo_shape")))
    });
    feature || field
}

/// The fields both API versions share (`metas.default` in v2.1, `metas` in v1).
fn from_metas(id: &str, metas: &Value, dcat: &Value, base: &Url) -> Dataset {
    let (modified, field) = ["data_processed", "modified", "metadata_processed"]
        .iter()
        .find_map(|f| text(&metas[*f]).map(|v| (Some(v), Some((*f).to_owned()))))
        .unwrap_or((None, None));
    Dataset {
        id: Some(id.to_owned()),
        title: text(&metas["title"]).unwrap_or_else(|| id.to_owned()),
        publisher: raw_text(&metas["publisher"]),
        landing_page: with_segments(base, &["explore", "dataset", id, ""]),
        licence: LicenceStatement {
            name: text(&metas["license"]),
            url: text(&metas["license_url"]),
        },
        modified,
        modified_field: field,
        frequency: text(&dcat["accrualperiodicity"]).or_else(|| text(&dcat["accrualPeriodicity"])),
        ..Dataset::default()
    }
}

/// A v2.1 dataset object (listing or JSON export); attachments already as distributions.
pub(super) fn listed_v21(r: &Value, base: &Url) -> Option<Listed> {
    // v2.0 wraps each object in {"dataset": {...}}.
    let r = if r["dataset"].is_object() {
        &r["dataset"]
    } else {
        r
    };
    let id = text(&r["dataset_id"])?;
    let mut dataset = from_metas(&id, &r["metas"]["default"], &r["metas"]["dcat"], base);
    dataset.distributions = attachments(
        r,
        base,
        &id,
        &["api", "explore", "v2.1", "catalog", "datasets"],
    );
    let has_records = r["has_records"].as_bool().unwrap_or(true);
    Some(Listed {
        dataset,
        kind: (has_records, is_geo(r)),
        id,
    })
}

/// Attachments: `{"href": ...}` (v2.1) or `{"id", "url": "odsfile://...", "mimetype"}`.
fn attachments(r: &Value, base: &Url, ds: &str, api: &[&str]) -> Vec<Distribution> {
    let Some(list) = r["attachments"].as_array() else {
        return Vec::new();
    };
    let mut out: Vec<Distribution> = Vec::new();
    for a in list.iter().take(1000) {
        let metas = if a["metas"].is_object() {
            &a["metas"]
        } else {
            a
        };
        let url = text(&a["href"])
            .and_then(|h| link(base, &h))
            .or_else(|| text(&metas["url"]).and_then(|h| link(base, &h)))
            .or_else(|| {
                let id = text(&metas["id"])?;
                let mut segs = api.to_vec();
                segs.extend([ds, "attachments", id.as_str()]);
                if api.contains(&"1.0") {
                    segs.push("");
                }
                with_segments(base, &segs)
            });
        let Some(url) = url else { continue };
        let format = text(&metas["mimetype"])
            .or_else(|| text(&metas["mime-type"]))
            .or_else(|| {
                text(&metas["title"])
                    .and_then(|t| t.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()))
            });
        if !out.iter().any(|d| d.url == url) {
            out.push(Distribution::new(url, format));
        }
    }
    out
}

/// A v1 dataset with its standard downloads.
fn dataset_v1(r: &Value, base: &Url) -> Option<Dataset> {
    let id = text(&r["datasetid"])?;
    let metas = if r["metas"].is_object() {
        &r["metas"]
    } else {
        &r["basic_metas"]["default"]
    };
    let mut d = from_metas(&id, metas, &r["interop_metas"]["dcat"], base);
    let has_records = r["has_records"].as_bool().unwrap_or(true);
    let mut dists: Vec<Distribution> = Vec::new();
    if has_records {
        let geo = is_geo(r);
        for f in V1_FORMATS
            .iter()
            .chain(V1_GEO_FORMATS.iter().filter(|_| geo))
        {
            if let Some(mut u) = with_segments(base, &["explore", "dataset", &id, "download", ""]) {
                u.query_pairs_mut().append_pair("format", f);
                dists.push(Distribution::new(u, Some((*f).to_owned())));
            }
        }
    }
    if let Some(alts) = r["alternative_exports"].as_array() {
        for a in alts.iter().take(1000) {
            let url = text(&a["url"]).and_then(|h| link(base, &h)).or_else(|| {
                let aid = text(&a["id"])?;
                with_segments(
                    base,
                    &[
                        "api",
                        "datasets",
                        "1.0",
                        &id,
                        "alternative_exports",
                        &aid,
                        "",
                    ],
                )
            });
            let Some(url) = url else { continue };
            if !dists.iter().any(|x| x.url == url) {
                let format = text(&a["format"]).or_else(|| text(&a["mimetype"]));
                dists.push(Distribution::new(url, format));
            }
        }
    }
    for a in attachments(r, base, &id, &["api", "datasets", "1.0"]) {
        if !dists.iter().any(|x| x.url == a.url) {
            dists.push(a);
        }
    }
    d.distributions = dists;
    Some(d)
}

/// The legacy v1 search, `rows=100` pages.
async fn v1(s: &mut Session<'_>, base: &Url, options: &Options) -> Result<Harvest, DiscoverError> {
    let mut h = Harvest {
        api: "ods-v1",
        ..Harvest::default()
    };
    let mut seen = HashSet::new();
    let mut start = 0usize;
    loop {
        if h.datasets.len() >= options.max_datasets {
            break;
        }
        if start + LIMIT > WINDOW {
            h.warnings
                .push(format!("v1 search stops at {WINDOW} datasets"));
            h.truncated = true;
            break;
        }
        let (rows, st) = (LIMIT.to_string(), start.to_string());
        let mut q = vec![
            ("rows", rows.as_str()),
            ("start", st.as_str()),
            ("interopmetas", "true"),
        ];
        if let Some(p) = &options.publisher {
            q.push(("refine.publisher", p.as_str()));
        }
        let url = endpoint(base, "api/datasets/1.0/search/", &q)?;
        let v = s.json(&url, options.page_cap).await?;
        let total = v["nhits"].as_u64().map(|t| t as usize);
        h.announced = total.map(|t| t as u64).or(h.announced);
        let Some(list) = v["datasets"].as_array() else {
            return Err(malformed(&url, "no `datasets` array".into()));
        };
        for r in list {
            if let Some(d) = dataset_v1(r, base)
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
    if h.announced.is_some_and(|t| t as usize > h.datasets.len())
        && h.datasets.len() >= options.max_datasets
    {
        h.truncated = true;
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/../shared/fixtures/opendatasoft/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    #[test]
    fn v21_fixture_maps_to_datasets() {
        let base: Url = "https://documentation-resources.opendatasoft.com/"
            .parse()
            .unwrap();
        let v = fixture("01_v2.1_catalog_datasets_documentation-resources.json");
        let l = listed_v21(&v["results"][0], &base).unwrap();
        assert_eq!(
            l.id,
            "world-administrative-boundaries-countries-and-territories"
        );
        let d = l.dataset;
        assert_eq!(
            d.title,
            "World Administrative Boundaries - Countries and Territories"
        );
        assert_eq!(
            d.publisher.as_deref(),
            Some("World Food Programme (UN agency)")
        );
        assert_eq!(d.modified.as_deref(), Some("2019-05-15T07:49:01+00:00"));
        assert_eq!(d.modified_field.as_deref(), Some("data_processed"));
        assert_eq!(
            d.licence.name.as_deref(),
            Some("Open Government Licence v3.0")
        );
        assert_eq!(
            d.landing_page.unwrap().as_str(),
            "https://documentation-resources.opendatasoft.com/explore/dataset/world-administrative-boundaries-countries-and-territories/"
        );
        assert_eq!(l.kind, (true, true));
    }

    #[test]
    fn v1_fixture_maps_with_frequency_and_downloads() {
        let base: Url = "https://transparencia.sns.gov.pt/".parse().unwrap();
        let v = fixture("04_v1_datasets_search_transparencia.sns.gov.pt.json");
        let d = dataset_v1(&v["datasets"][0], &base).unwrap();
        assert_eq!(d.title, "Mortalidade por AVC Isquémico e Hemorrágico");
        assert_eq!(d.publisher.as_deref(), Some("ACSS"));
        assert_eq!(d.frequency.as_deref(), Some("Mensal"));
        let formats: Vec<_> = d
            .distributions
            .iter()
            .filter_map(|x| x.declared_format.clone())
            .collect();
        assert_eq!(
            formats,
            ["csv", "json", "xlsx", "geojson", "shp"],
            "features has geo"
        );
        assert_eq!(
            d.distributions[0].url.as_str(),
            "https://transparencia.sns.gov.pt/explore/dataset/taxa-de-mortalidade-por-avc-isquemico-e-hemorragico/download/?format=csv"
        );
    }

    #[test]
    fn v20_attachments_become_distributions() {
        let base: Url = "https://data.economie.gouv.fr/".parse().unwrap();
        let v = fixture("03_v2.0_dataset_single_data.economie.gouv.fr.json");
        let l = listed_v21(&v, &base).unwrap();
        assert!(!l.kind.0, "has_records: false");
        assert_eq!(l.dataset.distributions.len(), 5);
        assert_eq!(
            l.dataset.distributions[0].url.as_str(),
            "https://data.economie.gouv.fr/api/explore/v2.1/catalog/datasets/fichier-fantoir-des-voies-et-lieux-dits/attachments/fichier_national_fantoir_situation_janvier_2022_zip"
        );
        assert_eq!(
            l.dataset.distributions[0].declared_format.as_deref(),
            Some("application/zip")
        );
    }

    #[test]
    fn hostile_ids_stay_in_their_path_segment() {
        let base: Url = "https://p.example/".parse().unwrap();
        let u = export_url(&base, "../../x?y#z", "csv").unwrap();
        assert_eq!(u.host_str(), Some("p.example"));
        assert!(
            u.path().starts_with("/api/explore/v2.1/catalog/datasets/"),
            "{u}"
        );
        assert_eq!(u.query(), None);
        assert_eq!(
            ods_id_of_landing(&"https://p.example/explore/dataset/a%20b/".parse().unwrap())
                .as_deref(),
            Some("a b")
        );
        assert_eq!(
            export_format_of(
                &"https://p/api/explore/v2.1/catalog/datasets/x/exports/csv?use_labels=true"
                    .parse()
                    .unwrap()
            )
            .as_deref(),
            Some("csv")
        );
    }
}
