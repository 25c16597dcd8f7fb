//! One CKAN portal (`data.<city>.be`): `package_search` with `rows`/`start` (rows capped
//! at 1000 as CKAN's `ckan.search.rows_max`), `package_show`, HTML dataset pages and the
//! uploaded resources.

use std::fmt::Write as _;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::dates::rfc3339;
use super::http::{Req, entity, html, json as json_reply, redirect};
use super::world::{DatasetSim, World};

/// CKAN's default `ckan.search.rows_max`.
pub(crate) const ROWS_MAX: i64 = 1000;

/// CKAN's licence id for a licence.
pub(crate) fn licence_id(ds: &DatasetSim) -> &'static str {
    match ds.licence.as_ref().map(|l| l.id) {
        Some("cc-by-4.0") => "cc-by",
        Some("lo-2.0") => "other-open",
        Some("odbl-1.0") => "odc-odbl",
        Some("cc0-1.0") => "cc-zero",
        Some(_) => "other-closed",
        None => "notspecified",
    }
}

pub(crate) fn respond(world: &World, pi: usize, req: &Req) -> Response {
    let portal = &world.portals[pi];
    let base = req.base(&portal.host);
    let path = req.path.as_str();
    if let Some(&f) = world
        .hosts
        .get(&portal.host)
        .and_then(|h| h.files.get(path))
    {
        let file = &world.files[f];
        return entity(
            req,
            file.payload.render(),
            file.content_type.as_deref(),
            Some(file.last_modified),
            &[],
        );
    }
    match path.trim_end_matches('/') {
        "" => redirect(StatusCode::FOUND, &format!("{base}/dataset/")),
        "/api/3/action/package_search" => package_search(world, pi, req, &base),
        "/api/3/action/package_show" => {
            let id = req.param("id").unwrap_or_default();
            match portal.by_id.get(&id) {
                Some(&d) => json_reply(
                    StatusCode::OK,
                    &json!({"help": format!("{base}/api/3/action/help_show?name=package_show"), "success": true, "result": package(world, &world.datasets[d], &base)}),
                ),
                None => json_reply(
                    StatusCode::NOT_FOUND,
                    &json!({"help": format!("{base}/api/3/action/help_show?name=package_show"), "success": false, "error": {"message": "Not found", "__type": "Not Found Error"}}),
                ),
            }
        }
        "/dataset" => {
            let mut body = String::from(
                "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Jeux de données</title></head><body><ul>",
            );
            for &d in &portal.datasets {
                let ds = &world.datasets[d];
                let _ = write!(
                    body,
                    "<li><a href=\"{base}/dataset/{}\">{}</a></li>",
                    ds.id, ds.title
                );
            }
            body.push_str("</ul></body></html>");
            html(req, StatusCode::OK, body, None)
        }
        p => match p
            .strip_prefix("/dataset/")
            .and_then(|id| portal.by_id.get(id))
        {
            Some(&d) => {
                let ds = &world.datasets[d];
                let mut body = format!(
                    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body><h1>{t}</h1><p>Licence : {}</p><ul>",
                    ds.licence.as_ref().map_or("Non spécifiée", |l| l.title),
                    t = ds.title
                );
                for dist in &ds.dists {
                    let _ = write!(
                        body,
                        "<li><a href=\"{base}{}\">{}</a></li>",
                        dist.path,
                        dist.path.rsplit('/').next().unwrap_or_default()
                    );
                }
                body.push_str("</ul></body></html>");
                html(req, StatusCode::OK, body, Some(ds.modified))
            }
            None => html(
                req,
                StatusCode::NOT_FOUND,
                "<h1>Jeu de données introuvable</h1>".into(),
                None,
            ),
        },
    }
}

fn package_search(world: &World, pi: usize, req: &Req, base: &str) -> Response {
    let portal = &world.portals[pi];
    let help = format!("{base}/api/3/action/help_show?name=package_search");
    let int = |name: &str, default: i64| {
        req.param(name)
            .map_or(Ok(default), |v| v.trim().parse::<i64>().map_err(|_| v))
    };
    let (rows, start) = match (int("rows", 10), int("start", 0)) {
        (Ok(r), Ok(s)) if (0..=ROWS_MAX).contains(&r) && s >= 0 => (r, s),
        (Ok(r), Ok(_)) if r > ROWS_MAX => {
            return json_reply(
                StatusCode::CONFLICT,
                &json!({"help": help, "success": false, "error": {"__type": "Validation Error", "rows": [format!("Must be less than or equal to {ROWS_MAX}")]}}),
            );
        }
        _ => {
            return json_reply(
                StatusCode::CONFLICT,
                &json!({"help": help, "success": false, "error": {"__type": "Validation Error", "rows": ["Invalid integer"]}}),
            );
        }
    };
    let q = req.param("q").unwrap_or_default().to_lowercase();
    let list: Vec<&DatasetSim> = portal
        .datasets
        .iter()
        .map(|&d| &world.datasets[d])
        .filter(|d| q.is_empty() || q == "*:*" || d.title.to_lowercase().contains(&q))
        .collect();
    let results: Vec<Value> = list
        .iter()
        .skip(start as usize)
        .take(rows as usize)
        .map(|d| package(world, d, base))
        .collect();
    json_reply(
        StatusCode::OK,
        &json!({"help": help, "success": true, "result": {"count": list.len(), "facets": {}, "results": results, "sort": "score desc, metadata_modified desc", "search_facets": {}}}),
    )
}

fn package(world: &World, ds: &DatasetSim, base: &str) -> Value {
    let resources: Vec<Value> = ds
        .dists
        .iter()
        .enumerate()
        .map(|(k, dist)| {
            let file = dist.file.map(|f| &world.files[f]);
            let name = file.map_or_else(String::new, |f| f.name.clone());
            let format = name.rsplit('.').next().unwrap_or_default().to_uppercase();
            json!({
                "id": format!("{}-{k}", ds.uid),
                "package_id": ds.uid,
                "name": name,
                "url": format!("{base}{}", dist.path),
                "format": format,
                "mimetype": file.and_then(|f| f.content_type.clone()),
                "created": rfc3339(ds.created).trim_end_matches("+00:00"),
                "last_modified": rfc3339(ds.modified).trim_end_matches("+00:00"),
                "size": file.map(|f| f.payload.render().len()),
                "url_type": "upload",
                "position": k
            })
        })
        .collect();
    let open = ds.licence.as_ref().is_some_and(|l| l.open);
    json!({
        "id": ds.uid,
        "name": ds.id,
        "title": ds.title,
        "notes": ds.description,
        "license_id": licence_id(ds),
        "license_title": ds.licence.as_ref().map(|l| l.title),
        "license_url": ds.licence.as_ref().and_then(|l| l.url),
        "isopen": open,
        "metadata_created": rfc3339(ds.created).trim_end_matches("+00:00"),
        "metadata_modified": rfc3339(ds.modified).trim_end_matches("+00:00"),
        "author": ds.publisher,
        "maintainer": ds.publisher,
        "organization": {"name": ds.place.to_lowercase(), "title": ds.publisher},
        "num_resources": resources.len(),
        "resources": resources,
        "tags": ds.keywords.iter().map(|k| json!({"name": k})).collect::<Vec<_>>(),
        "extras": [{"key": "frequency", "value": ds.frequency}],
        "state": "active",
        "type": "dataset"
    })
}
