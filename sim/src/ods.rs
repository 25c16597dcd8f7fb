//! OpenDataSoft portals (ODWB and communes' own): the Explore v2.1 subset odaudit uses,
//! the legacy v1 search on the portal that only speaks v1, the DCAT export, the HTML
//! dataset pages, and the real error bodies (400 `InvalidRESTParameterError`/`ODSQLError`,
//! 429 quota with `X-RateLimit-*`).
//!
//! Response shapes follow `../shared/fixtures/opendatasoft/` key for key
//! (`tests/sim_ods.rs` compares key sets).

use std::fmt::Write as _;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};

use super::assets::Asset;
use super::content::Payload;
use super::dates::{DAY, NOW, rfc3339, ymd};
use super::http::{Req, entity, html, json as json_reply, raw, redirect};
use super::manifest::PortalKind;
use super::world::{DatasetSim, PortalSim, World};

/// The largest `limit` Explore v2.1 accepts.
pub const MAX_LIMIT: i64 = 100;
/// The deepest `offset + limit` Explore v2.1 accepts.
pub const MAX_WINDOW: i64 = 10_000;
/// The daily quota announced in `X-RateLimit-Limit`.
const QUOTA: u64 = 5_000;

/// The bytes, file name and Content-Type of a portal export.
pub(crate) fn export_payload(ds: &DatasetSim, format: &str) -> (Payload, String, Option<String>) {
    let place = ds.place.clone();
    let (payload, ext, ct) = match format {
        "json" => (
            Payload::Json {
                seed: ds.seed,
                rows: ds.rows,
                place,
            },
            "json",
            "application/json; charset=utf-8",
        ),
        "geojson" => (
            Payload::GeoJson {
                seed: ds.seed,
                rows: ds.rows,
                place,
            },
            "geojson",
            "application/geo+json; charset=utf-8",
        ),
        "xlsx" => (
            Payload::Asset(Asset::Xlsx),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "shp" => (Payload::Asset(Asset::ShpZip), "zip", "application/zip"),
        _ => (
            Payload::Csv {
                seed: ds.seed,
                rows: ds.rows,
                place,
                geo: ds.geo,
                utf8: true,
            },
            "csv",
            "text/csv; charset=utf-8",
        ),
    };
    (payload, format!("{}.{ext}", ds.id), Some(ct.to_owned()))
}

fn exports_of(ds: &DatasetSim) -> Vec<&'static str> {
    let mut e = vec!["csv", "json", "xlsx"];
    if ds.geo {
        e.extend(["geojson", "shp"]);
    }
    e
}

/// Answer a request to an OpenDataSoft portal. `api_calls` counts this host's API calls
/// (for the quota headers and the 429 fault).
pub(crate) fn respond(
    world: &World,
    pi: usize,
    req: &Req,
    api_calls: u64,
    throttle: bool,
) -> Response {
    let portal = &world.portals[pi];
    let base = req.base(&portal.host);
    let path = req.path.as_str();
    let v1_only = portal.kind == PortalKind::OpendatasoftV1;
    if path.starts_with("/api/") {
        // A configured quota is enforced; otherwise 5,000 is announced and only the
        // `too_many_requests` fault answers 429.
        let quota = world.ods_quota.unwrap_or(QUOTA);
        if (throttle && api_calls % 10 == 9) || world.ods_quota.is_some_and(|q| api_calls >= q) {
            return quota_exceeded(quota);
        }
        let mut r = api(world, portal, req, &base, v1_only);
        let h = r.headers_mut();
        h.insert("x-ratelimit-limit", HeaderValue::from(quota));
        h.insert(
            "x-ratelimit-remaining",
            HeaderValue::from(quota.saturating_sub(api_calls + 1)),
        );
        h.insert(
            "x-ratelimit-reset",
            HeaderValue::from_static("2025-06-03 00:00:00+00:00"),
        );
        return r;
    }
    match path {
        "/" => redirect(StatusCode::FOUND, &format!("{base}/explore/")),
        "/robots.txt" => raw(
            StatusCode::OK,
            "text/plain",
            "User-agent: *\nDisallow: /api/v2/catalog/datasets/*/records\nDisallow: /explore/embed/\n",
        ),
        "/explore/" | "/explore" => catalog_page(world, portal, req, &base),
        _ => {
            let Some(rest) = path.strip_prefix("/explore/dataset/") else {
                return ods_404(req);
            };
            let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
            let Some(ds) = portal.by_id.get(id).map(|&d| &world.datasets[d]) else {
                return ods_404(req);
            };
            match tail {
                "" | "information/" | "table/" | "api/" | "export/" => {
                    dataset_page(world, ds, req, &base)
                }
                "download/" | "download" => match req.param("format") {
                    Some(f) if exports_of(ds).contains(&f.as_str()) => export(ds, &f, req),
                    _ => ods_404(req),
                },
                _ => ods_404(req),
            }
        }
    }
}

fn ods_404(req: &Req) -> Response {
    html(req, StatusCode::NOT_FOUND, "<html><body><h1>Page introuvable</h1><p>La page que vous cherchez n'existe pas.</p></body></html>".into(), None)
}

fn quota_exceeded(quota: u64) -> Response {
    let mut r = json_reply(
        StatusCode::TOO_MANY_REQUESTS,
        &json!({
            "errorcode": 10002,
            "reset_time": "2025-06-03T00:00:00Z",
            "limit_time_unit": "day",
            "call_limit": quota,
            "error": "Too many requests on the domain. Please contact the domain administrator."
        }),
    );
    let h = r.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(1u32));
    h.insert("x-ratelimit-limit", HeaderValue::from(quota));
    h.insert("x-ratelimit-remaining", HeaderValue::from(0u32));
    h.insert(
        "x-ratelimit-reset",
        HeaderValue::from_static("2025-06-03 00:00:00+00:00"),
    );
    r
}

fn bad_param(message: String) -> Response {
    json_reply(
        StatusCode::BAD_REQUEST,
        &json!({"error_code": "InvalidRESTParameterError", "message": message}),
    )
}

fn odsql_error(clause: &str, what: &str) -> Response {
    json_reply(
        StatusCode::BAD_REQUEST,
        &json!({"message": format!("ODSQL query is malformed: {what} Clause(s) containing the error(s): {clause}."), "error_code": "ODSQLError"}),
    )
}

fn api(world: &World, portal: &PortalSim, req: &Req, base: &str, v1_only: bool) -> Response {
    let path = req.path.trim_end_matches('/');
    if path == "/api/datasets/1.0/search" {
        return if v1_only {
            v1_search(world, portal, req, base)
        } else {
            ods_api_404()
        };
    }
    let Some(rest) = path.strip_prefix("/api/explore/v2.1") else {
        return ods_api_404();
    };
    if v1_only {
        return ods_api_404();
    }
    match rest {
        "/catalog/datasets" => catalog(world, portal, req, base),
        "/catalog/exports/json" => exports_json(world, portal, req, base),
        "/catalog/exports" => {
            let links: Vec<Value> = ["json", "dcat", "csv", "xlsx", "rdf", "ttl"]
                .iter()
                .map(|f| json!({"rel": f, "href": format!("{base}/api/explore/v2.1/catalog/exports/{f}")}))
                .collect();
            json_reply(StatusCode::OK, &json!({"_links": links}))
        }
        "/catalog/facets" => facets(world, portal, req),
        r if r.starts_with("/catalog/exports/dcat") => dcat(world, portal, req, base),
        r => {
            let Some(r) = r.strip_prefix("/catalog/datasets/") else {
                return ods_api_404();
            };
            let mut parts = r.splitn(3, '/');
            let id = parts.next().unwrap_or_default();
            let Some(ds) = portal.by_id.get(id).map(|&d| &world.datasets[d]) else {
                return json_reply(
                    StatusCode::NOT_FOUND,
                    &json!({"message": format!("Unknown dataset: {id}"), "error_code": "UnknownDatasetError"}),
                );
            };
            match (parts.next(), parts.next()) {
                (None, _) => json_reply(StatusCode::OK, &dataset_v21(world, ds, base)),
                (Some("exports"), None) => {
                    let mut links = vec![
                        json!({"rel": "self", "href": format!("{base}/api/explore/v2.1/catalog/datasets/{id}/exports")}),
                    ];
                    for e in exports_of(ds) {
                        links.push(json!({"rel": e, "href": format!("{base}/api/explore/v2.1/catalog/datasets/{id}/exports/{e}")}));
                    }
                    // The spec names the key `_links`; portals answer `links`: give both.
                    json_reply(
                        StatusCode::OK,
                        &json!({"links": links.clone(), "_links": links}),
                    )
                }
                (Some("exports"), Some(f)) if exports_of(ds).contains(&f) => export(ds, f, req),
                (Some("exports"), Some(f)) => bad_param(format!(
                    "Invalid value for format API parameter: {f} is not a supported export format."
                )),
                _ => ods_api_404(),
            }
        }
    }
}

fn ods_api_404() -> Response {
    json_reply(
        StatusCode::NOT_FOUND,
        &json!({"message": "Unknown endpoint", "error_code": "NotFoundError"}),
    )
}

fn export(ds: &DatasetSim, format: &str, req: &Req) -> Response {
    let (payload, name, ct) = export_payload(ds, format);
    entity(
        req,
        payload.render(),
        ct.as_deref(),
        Some(ds.modified),
        &[(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )],
    )
}

/// The filters of `where` and `refine`, applied to a portal's datasets.
struct Filter {
    publisher: Vec<String>,
    search: Vec<String>,
    theme: Vec<String>,
}

impl Filter {
    fn matches(&self, ds: &DatasetSim) -> bool {
        let publisher = ds.publisher.as_deref().unwrap_or_default();
        self.publisher.iter().all(|p| p == publisher)
            && self.theme.iter().all(|t| t == ds.theme)
            && self.search.iter().all(|s| {
                let s = s.to_lowercase();
                ds.title.to_lowercase().contains(&s)
                    || publisher.to_lowercase().contains(&s)
                    || ds.description.to_lowercase().contains(&s)
                    || ds.keywords.iter().any(|k| k.to_lowercase().contains(&s))
            })
    }
}

/// Parse the small ODSQL subset: `publisher="..."`, `search("...")`, `"text"`, joined by `and`.
fn parse_where(clause: &str, f: &mut Filter) -> Result<(), String> {
    for part in split_and(clause) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if let Some(inner) = p.strip_prefix("search(").and_then(|r| r.strip_suffix(')')) {
            let arg = inner.rsplit(',').next().unwrap_or(inner).trim();
            f.search
                .push(unquote(arg).ok_or_else(|| format!("search({inner})"))?);
        } else if let Some((field, value)) = p.split_once('=') {
            let value = unquote(value.trim()).ok_or_else(|| p.to_owned())?;
            match field.trim().trim_matches('`') {
                "publisher" => f.publisher.push(value),
                "theme" => f.theme.push(value),
                _ => return Err(p.to_owned()),
            }
        } else if let Some(text) = unquote(p) {
            f.search.push(text);
        } else {
            return Err(p.to_owned());
        }
    }
    Ok(())
}

fn split_and(s: &str) -> Vec<String> {
    // Split on ` and ` outside quotes.
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '"' || c == '\'' => quote = Some(c),
            None if chars[i..]
                .iter()
                .take(5)
                .collect::<String>()
                .eq_ignore_ascii_case(" and ") =>
            {
                parts.push(std::mem::take(&mut current));
                i += 5;
                continue;
            }
            _ => {}
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);
    parts
}

fn unquote(s: &str) -> Option<String> {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return Some(inner.replace("\\\"", "\"").replace("\\'", "'"));
        }
    }
    None
}

#[allow(clippy::result_large_err)] // the error is the HTTP answer itself
fn filtered<'w>(
    world: &'w World,
    portal: &PortalSim,
    req: &Req,
    v1: bool,
) -> Result<Vec<&'w DatasetSim>, Response> {
    let mut f = Filter {
        publisher: Vec::new(),
        search: Vec::new(),
        theme: Vec::new(),
    };
    for (k, v) in req.params() {
        match k.as_str() {
            "where" => parse_where(&v, &mut f).map_err(|c| {
                odsql_error("where", &format!("{c} is not a supported expression."))
            })?,
            "refine" => match v.split_once(':') {
                Some(("publisher", p)) => f.publisher.push(p.to_owned()),
                Some(("theme", t)) => f.theme.push(t.to_owned()),
                _ => {
                    return Err(bad_param(format!(
                        "Invalid value for refine API parameter: {v}"
                    )));
                }
            },
            "refine.publisher" if v1 => f.publisher.push(v),
            "refine.theme" if v1 => f.theme.push(v),
            "q" if v1 && !v.trim().is_empty() => f.search.push(v),
            _ => {}
        }
    }
    Ok(portal
        .datasets
        .iter()
        .map(|&d| &world.datasets[d])
        .filter(|d| f.matches(d))
        .collect())
}

fn sort(list: &mut [&DatasetSim], order: &str) -> Result<(), String> {
    for key in order.split(',').rev() {
        let mut words = key.split_whitespace();
        let field = words.next().unwrap_or("");
        let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(key.to_owned()),
        };
        let field = field.trim_start_matches('-');
        match field {
            "modified" | "data_processed" => list.sort_by_key(|d| d.modified),
            "title" => list.sort_by(|a, b| a.title.cmp(&b.title)),
            "dataset_id" | "datasetid" => list.sort_by(|a, b| a.id.cmp(&b.id)),
            "publisher" => list.sort_by(|a, b| a.publisher.cmp(&b.publisher)),
            "records_count" => list.sort_by_key(|d| d.rows),
            "" => continue,
            _ => return Err(key.to_owned()),
        }
        if desc {
            list.reverse();
        }
    }
    Ok(())
}

#[allow(clippy::result_large_err)] // the error is the HTTP answer itself
fn int_param(req: &Req, name: &str, default: i64) -> Result<i64, Response> {
    match req.param(name) {
        None => Ok(default),
        Some(v) => v.trim().parse::<i64>().map_err(|_| {
            bad_param(format!(
                "Invalid value for {name} API parameter: {v} is not an integer."
            ))
        }),
    }
}

fn catalog(world: &World, portal: &PortalSim, req: &Req, base: &str) -> Response {
    let limit = match int_param(req, "limit", 10) {
        Ok(l) => l,
        Err(r) => return r,
    };
    if !(-1..=MAX_LIMIT).contains(&limit) {
        return bad_param(format!(
            "Invalid value for limit API parameter: {limit} was found but -1 <= limit <= {MAX_LIMIT} is expected."
        ));
    }
    let offset = match int_param(req, "offset", 0) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if offset < 0 {
        return bad_param(format!(
            "Invalid value for offset API parameter: {offset} was found but offset >= 0 is expected."
        ));
    }
    let limit = if limit == -1 { MAX_LIMIT } else { limit };
    if offset + limit > MAX_WINDOW {
        return bad_param(format!(
            "Invalid value for offset API parameter: offset + limit must be lower or equal to {MAX_WINDOW} (found {offset} + {limit})."
        ));
    }
    let mut list = match filtered(world, portal, req, false) {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(order) = req.param("order_by")
        && let Err(clause) = sort(&mut list, &order)
    {
        return odsql_error("order_by", &format!("{clause} is not a sortable field."));
    }
    let total = list.len();
    let results: Vec<Value> = list
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|d| dataset_v21(world, d, base))
        .collect();
    json_reply(
        StatusCode::OK,
        &json!({"total_count": total, "results": results}),
    )
}

/// `catalog/exports/json`: every dataset (filtered by `where`/`refine`), as the catalogue
/// returns them, in one array.
fn exports_json(world: &World, portal: &PortalSim, req: &Req, base: &str) -> Response {
    let limit = match int_param(req, "limit", -1) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let mut list = match filtered(world, portal, req, false) {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(order) = req.param("order_by")
        && let Err(clause) = sort(&mut list, &order)
    {
        return odsql_error("order_by", &format!("{clause} is not a sortable field."));
    }
    let take = if limit < 0 {
        usize::MAX
    } else {
        limit as usize
    };
    let all: Vec<Value> = list
        .into_iter()
        .take(take)
        .map(|d| dataset_v21(world, d, base))
        .collect();
    let body = serde_json::to_vec(&Value::Array(all)).unwrap_or_default();
    entity(
        req,
        Bytes::from(body),
        Some("application/json; charset=utf-8"),
        Some(NOW - DAY),
        &[(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"datasets.json\"".into(),
        )],
    )
}

/// `catalog/facets`: the values of `publisher`, `theme`, `keyword`, `features`,
/// `language` (or those asked by `facet=`) with their dataset counts.
fn facets(world: &World, portal: &PortalSim, req: &Req) -> Response {
    let list = match filtered(world, portal, req, false) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let asked: Vec<String> = req
        .params()
        .into_iter()
        .filter(|(k, _)| k == "facet")
        .map(|(_, v)| v)
        .collect();
    let names: Vec<&str> = if asked.is_empty() {
        vec!["publisher", "theme", "keyword", "features", "language"]
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let mut out = Vec::new();
    for name in names {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for d in &list {
            let values: Vec<String> = match name {
                "publisher" => d.publisher.iter().cloned().collect(),
                "theme" => vec![d.theme.to_owned()],
                "keyword" => d.keywords.iter().map(|k| (*k).to_owned()).collect(),
                "features" if d.geo => vec!["analyze".into(), "geo".into()],
                "features" => vec!["analyze".into()],
                "language" => vec!["fr".into()],
                _ => {
                    return bad_param(format!(
                        "Invalid value for facet API parameter: {name} is not a valid facet."
                    ));
                }
            };
            for v in values {
                *counts.entry(v).or_default() += 1;
            }
        }
        let mut values: Vec<(String, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let facets: Vec<Value> = values
            .into_iter()
            .map(|(v, n)| json!({"count": n, "state": "displayed", "name": v, "value": v}))
            .collect();
        out.push(json!({"name": name, "facets": facets}));
    }
    json_reply(StatusCode::OK, &json!({"_links": [], "facets": out}))
}

fn fields(ds: &DatasetSim) -> Vec<Value> {
    let mut f = vec![
        json!({"annotations": {"facetsort": ["-count"], "id": []}, "description": null, "type": "int", "name": "id", "label": "id"}),
        json!({"annotations": {"sortable": []}, "description": null, "type": "text", "name": "denomination", "label": "Dénomination"}),
        json!({"annotations": {}, "description": null, "type": "text", "name": "adresse", "label": "Adresse"}),
        json!({"annotations": {"facet": []}, "description": null, "type": "text", "name": "code_postal", "label": "Code postal"}),
        json!({"annotations": {"facet": []}, "description": null, "type": "text", "name": "localite", "label": "Localité"}),
        json!({"annotations": {}, "description": null, "type": "date", "name": "mise_a_jour", "label": "Mise à jour"}),
    ];
    if ds.geo {
        f.push(json!({"annotations": {}, "description": null, "type": "geo_point_2d", "name": "geo_point_2d", "label": "Geo Point"}));
    }
    f
}

fn licence_fields(ds: &DatasetSim) -> (Value, Value) {
    match &ds.licence {
        Some(l) => (json!(l.title), json!(l.url)),
        None => (Value::Null, Value::Null),
    }
}

/// A dataset object as Explore v2.1 returns it.
fn dataset_v21(_world: &World, ds: &DatasetSim, _base: &str) -> Value {
    let (license, license_url) = licence_fields(ds);
    json!({
        "dataset_id": ds.id,
        "dataset_uid": ds.uid,
        "attachments": [],
        "has_records": true,
        "data_visible": true,
        "fields": fields(ds),
        "metas": {
            "default": {
                "records_count": ds.rows,
                "modified": rfc3339(ds.modified),
                "source_domain_address": null,
                "references": null,
                "keyword": ds.keywords,
                "source_domain_title": null,
                "geographic_reference": ["be_40_wal"],
                "timezone": null,
                "title": ds.title,
                "parent_domain": null,
                "theme": [ds.theme],
                "modified_updates_on_data_change": true,
                "metadata_processed": rfc3339(ds.modified + 3600),
                "data_processed": rfc3339(ds.modified),
                "territory": ["Wallonie"],
                "description": ds.description,
                "modified_updates_on_metadata_change": false,
                "shared_catalog": null,
                "source_domain": null,
                "attributions": null,
                "geographic_area_mode": null,
                "geographic_reference_auto": true,
                "geographic_area": null,
                "publisher": ds.publisher,
                "language": "fr",
                "license": license,
                "source_dataset": null,
                "metadata_languages": ["fr"],
                "oauth_scope": null,
                "federated": false,
                "license_url": license_url
            },
            "dcat": dcat_metas(ds)
        },
        "features": if ds.geo { json!(["analyze", "geo"]) } else { json!(["analyze"]) }
    })
}

fn dcat_metas(ds: &DatasetSim) -> Value {
    json!({
        "created": rfc3339(ds.created),
        "issued": rfc3339(ds.created),
        "creator": ds.publisher,
        "contributor": null,
        "contact_name": null,
        "contact_email": null,
        "accrualperiodicity": ds.frequency,
        "spatial": null,
        "temporal": null,
        "granularity": null,
        "dataquality": null,
        "publisher_type": null,
        "conforms_to": null,
        "temporal_coverage_start": null,
        "temporal_coverage_end": null,
        "accessRights": null,
        "relation": null
    })
}

/// v1 `/api/datasets/1.0/search/`.
fn v1_search(world: &World, portal: &PortalSim, req: &Req, base: &str) -> Response {
    let rows = match int_param(req, "rows", 10) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let start = match int_param(req, "start", 0) {
        Ok(s) => s,
        Err(r) => return r,
    };
    if !(0..=1000).contains(&rows) || start < 0 {
        return json_reply(
            StatusCode::BAD_REQUEST,
            &json!({"errorcode": 10001, "error": "Invalid value for parameter rows or start"}),
        );
    }
    let mut list = match filtered(world, portal, req, true) {
        Ok(l) => l,
        Err(r) => return r,
    };
    if let Some(order) = req.param("sort") {
        let order = if let Some(f) = order.strip_prefix('-') {
            format!("{f} asc")
        } else {
            format!("{order} desc")
        };
        if sort(&mut list, &order).is_err() {
            return json_reply(
                StatusCode::BAD_REQUEST,
                &json!({"errorcode": 10001, "error": "Invalid sort field"}),
            );
        }
    }
    let total = list.len();
    let datasets: Vec<Value> = list
        .into_iter()
        .skip(start as usize)
        .take(rows as usize)
        .map(|d| dataset_v1(d, &portal.id, base))
        .collect();
    json_reply(
        StatusCode::OK,
        &json!({"nhits": total, "parameters": {"rows": rows, "start": start, "format": "json", "timezone": "UTC"}, "datasets": datasets}),
    )
}

fn dataset_v1(ds: &DatasetSim, domain: &str, base: &str) -> Value {
    let (license, license_url) = licence_fields(ds);
    let default = json!({
        "metadata_processed": rfc3339(ds.modified + 3600),
        "data_processed": rfc3339(ds.modified),
        "modified": rfc3339(ds.modified),
        "description": ds.description,
        "publisher": ds.publisher,
        "theme": [ds.theme],
        "title": ds.title,
        "keyword": ds.keywords,
        "license": license,
        "license_url": license_url,
        "federated": false,
        "modified_updates_on_metadata_change": false,
        "geographic_reference_auto": true,
        "modified_updates_on_data_change": true,
        "metadata_languages": ["fr"],
        "geographic_reference": ["be_40_wal"],
        "language": "fr",
        "territory": ["Wallonie"],
        "records_count": ds.rows,
    });
    let mut metas = default.clone();
    if let Some(m) = metas.as_object_mut() {
        m.insert("domain".into(), json!(domain));
        m.insert("staged".into(), json!(false));
        m.insert("visibility".into(), json!("domain"));
    }
    let exports: Vec<Value> = exports_of(ds)
        .into_iter()
        .map(|e| json!({"format": e, "url": format!("{base}/explore/dataset/{}/download/?format={e}", ds.id)}))
        .collect();
    json!({
        "datasetid": ds.id,
        "metas": metas,
        "has_records": true,
        "data_visible": true,
        "features": if ds.geo { json!(["geo", "analyze"]) } else { json!(["analyze"]) },
        "attachments": [],
        "alternative_exports": exports,
        "fields": fields(ds),
        "basic_metas": {"default": default},
        "interop_metas": {"dcat": dcat_metas(ds)},
        "extra_metas": {}
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `catalog/exports/dcat`: RDF/XML as fixture 05.
fn dcat(world: &World, portal: &PortalSim, req: &Req, base: &str) -> Response {
    let list = match filtered(world, portal, req, false) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rdf:RDF xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dctype=\"http://purl.org/dc/dcmitype/\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\" xmlns:dcatap=\"http://data.europa.eu/r5r/\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\" xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema#\" xmlns:skos=\"http://www.w3.org/2004/02/skos/core#\">",
    );
    let _ = write!(
        x,
        "<rdf:Description rdf:about=\"{base}/explore/\"><rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Catalog\" />\n<dcterms:title><![CDATA[{}]]></dcterms:title>\n<foaf:homepage><foaf:Document rdf:about=\"{base}\"><rdf:type rdf:resource=\"http://xmlns.com/foaf/0.1/Document\" />\n</foaf:Document></foaf:homepage>",
        portal.name
    );
    for ds in &list {
        let landing = format!("{base}/explore/dataset/{}/", ds.id);
        let modified = rfc3339(ds.modified);
        let publisher = ds.publisher.as_deref().unwrap_or_default();
        let refine: String = url::form_urlencoded::byte_serialize(publisher.as_bytes()).collect();
        let _ = write!(
            x,
            "<dcat:dataset><dcat:Dataset rdf:about=\"{landing}\"><dcterms:description xml:lang=\"fr\"><![CDATA[{}]]></dcterms:description>\n<dcterms:identifier>{landing}</dcterms:identifier>\n<rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Dataset\" />\n<dcterms:issued rdf:datatype=\"http://www.w3.org/2001/XMLSchema#dateTime\">{}</dcterms:issued>\n<dcterms:modified rdf:datatype=\"http://www.w3.org/2001/XMLSchema#dateTime\">{modified}</dcterms:modified>\n<dcterms:publisher><foaf:Agent rdf:about=\"{base}/explore/?refine.publisher={refine}\"><foaf:name>{}</foaf:name>\n</foaf:Agent></dcterms:publisher>",
            ds.description,
            rfc3339(ds.created),
            esc(publisher)
        );
        let licence = ds.licence.as_ref().and_then(|l| l.url);
        if let Some(l) = licence {
            let _ = write!(
                x,
                "<dcterms:license><dcterms:LicenseDocument rdf:about=\"{l}\"><rdf:type rdf:resource=\"http://purl.org/dc/terms/LicenseDocument\" />\n</dcterms:LicenseDocument></dcterms:license>"
            );
        }
        if let Some(f) = ds.frequency.filter(|f| f.starts_with("http")) {
            let _ = writeln!(x, "<dcterms:accrualPeriodicity rdf:resource=\"{f}\" />");
        }
        let _ = write!(
            x,
            "<dcat:landingPage><foaf:Document rdf:about=\"{landing}\"><rdf:type rdf:resource=\"http://xmlns.com/foaf/0.1/Document\" />\n</foaf:Document></dcat:landingPage><dcterms:title xml:lang=\"fr\">{}</dcterms:title>\n",
            esc(&ds.title)
        );
        for e in exports_of(ds) {
            let url = format!(
                "{base}/api/explore/v2.1/catalog/datasets/{}/exports/{e}",
                ds.id
            );
            let (_, name, ct) = export_payload(ds, e);
            let mt = ct.unwrap_or_default();
            let mt = mt.split(';').next().unwrap_or_default();
            let _ = write!(
                x,
                "<dcat:distribution><dcat:Distribution rdf:about=\"{url}\"><rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Distribution\" />\n<dcterms:title xml:lang=\"fr\">{name}</dcterms:title>\n<dcat:accessURL rdf:resource=\"{url}\" />\n<dcat:downloadURL rdf:resource=\"{url}\" />\n<dcat:mediaType rdf:resource=\"https://www.iana.org/assignments/media-types/{mt}\" />\n<dcterms:modified rdf:datatype=\"http://www.w3.org/2001/XMLSchema#dateTime\">{modified}</dcterms:modified>\n</dcat:Distribution></dcat:distribution>\n"
            );
        }
        x.push_str("</dcat:Dataset>\n</dcat:dataset>");
    }
    x.push_str("</rdf:Description></rdf:RDF>\n");
    entity(
        req,
        Bytes::from(x),
        Some("application/rdf+xml; charset=utf-8"),
        Some(NOW - DAY),
        &[(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"datasets.rdf\"".into(),
        )],
    )
}

fn catalog_page(world: &World, portal: &PortalSim, req: &Req, base: &str) -> Response {
    let publisher = req.param("refine.publisher");
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>Catalogue</h1><ul>",
        portal.name
    );
    for &d in &portal.datasets {
        let ds = &world.datasets[d];
        if publisher
            .as_ref()
            .is_some_and(|p| Some(p) != ds.publisher.as_ref())
        {
            continue;
        }
        let _ = write!(
            body,
            "<li><a href=\"{base}/explore/dataset/{}/\">{}</a> — {}</li>",
            ds.id,
            esc(&ds.title),
            esc(ds.publisher.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</ul></body></html>");
    html(req, StatusCode::OK, body, None)
}

fn dataset_page(_world: &World, ds: &DatasetSim, req: &Req, base: &str) -> Response {
    let mut body = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body><h1>{t}</h1><dl><dt>Producteur</dt><dd>{}</dd><dt>Licence</dt><dd>{}</dd><dt>Modifié</dt><dd>{}</dd><dt>Fréquence</dt><dd>{}</dd></dl><h2>Export</h2><ul>",
        esc(ds.publisher.as_deref().unwrap_or("")),
        ds.licence.as_ref().map_or("", |l| l.title),
        ymd(ds.modified),
        ds.frequency.unwrap_or(""),
        t = esc(&ds.title)
    );
    for e in exports_of(ds) {
        let _ = write!(
            body,
            "<li><a href=\"{base}/explore/dataset/{}/download/?format={e}\">{}</a></li>",
            ds.id,
            e.to_uppercase()
        );
    }
    body.push_str("</ul></body></html>");
    html(req, StatusCode::OK, body, Some(ds.modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_subset() {
        let mut f = Filter {
            publisher: Vec::new(),
            search: Vec::new(),
            theme: Vec::new(),
        };
        parse_where("publisher=\"Ville de Namur\" and search('vélo')", &mut f).unwrap();
        assert_eq!(f.publisher, ["Ville de Namur"]);
        assert_eq!(f.search, ["vélo"]);
        let mut f = Filter {
            publisher: Vec::new(),
            search: Vec::new(),
            theme: Vec::new(),
        };
        parse_where("publisher='Ville and co'", &mut f).unwrap();
        assert_eq!(f.publisher, ["Ville and co"]);
        assert!(parse_where("invalid_function()", &mut f).is_err());
        assert!(parse_where("records_count > 3", &mut f).is_err());
    }
}
