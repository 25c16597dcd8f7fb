//! Portal adapters against the simulated web (`odaudit_sim`) and small local servers:
//! recall of datasets and distributions is 100% on every portal kind, ODWB datasets go to
//! the right commune by publisher, the 10 000 window and quotas are handled. Nothing here
//! leaves 127.0.0.1.

#[path = "common/convert.rs"]
mod convert;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use odaudit::discover::portals::{
    self, ExportsPolicy, OdsCatalogue, Options, Portal, PortalKind, dcat,
};
use odaudit::discover::publisher::{Attributor, attribute_all};
use odaudit::discover::{Dataset, DiscoverError};
use odaudit::fetch::{FetchConfig, FetchError, Http, PoliteConfig};
use odaudit::targets::{NisCode, load_communes};
use odaudit_sim::{self as sim, Config, DatasetTruth, FaultProfile, Manifest, World};
use serde_json::{Value, json};
use url::Url;

fn http_for(server: &sim::Server) -> Http {
    Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: convert::resolve(server),
            ..Default::default()
        },
        min_delay: Duration::ZERO,
        ..Default::default()
    })
    .unwrap()
}

async fn world(seed: u64, communes: usize, faults: FaultProfile) -> sim::Server {
    let world = World::generate(&Config {
        seed,
        communes: Some(communes),
        crawl_delay: Some(0.0),
        faults,
        ..Config::default()
    })
    .unwrap();
    sim::serve(world, "127.0.0.1:0").await.unwrap()
}

fn portal_of(m: &Manifest, id: &str) -> Portal {
    let p = m.portals.iter().find(|p| p.id == id).unwrap();
    Portal {
        id: p.id.clone(),
        kind: match p.kind {
            sim::PortalKind::Opendatasoft | sim::PortalKind::OpendatasoftV1 => {
                PortalKind::OpenDataSoft
            }
            sim::PortalKind::Ckan => PortalKind::Ckan,
        },
        url: p.url.parse().unwrap(),
        name: p.name.clone(),
    }
}

/// Every dataset the manifest puts on a portal, communes' and others'.
fn truth_on(m: &Manifest, portal: &str) -> Vec<DatasetTruth> {
    m.communes
        .iter()
        .flat_map(|c| c.datasets.iter())
        .chain(m.other_datasets.iter())
        .filter(|d| d.portal.as_deref() == Some(portal))
        .cloned()
        .collect()
}

type Shape = BTreeMap<String, BTreeSet<String>>;

fn shape_of_truth(ds: &[DatasetTruth]) -> Shape {
    ds.iter()
        .map(|d| {
            (
                d.id.clone(),
                d.distributions.iter().map(|x| x.url.clone()).collect(),
            )
        })
        .collect()
}

fn shape_of(ds: &[Dataset]) -> Shape {
    ds.iter()
        .map(|d| {
            (
                d.id.clone().unwrap(),
                d.distributions.iter().map(|x| x.url.to_string()).collect(),
            )
        })
        .collect()
}

/// Same datasets, same distribution URLs; metadata as the manifest says.
fn assert_recall(found: &[Dataset], truth: &[DatasetTruth], portal: &str) {
    assert_eq!(
        found.len(),
        truth.len(),
        "{portal}: dataset count (no duplicates)"
    );
    assert_eq!(
        shape_of(found),
        shape_of_truth(truth),
        "{portal}: datasets and distributions"
    );
    for t in truth {
        let d = found
            .iter()
            .find(|d| d.id.as_deref() == Some(t.id.as_str()))
            .unwrap();
        assert_eq!(d.title, t.title, "{portal}/{}", t.id);
        assert_eq!(d.publisher, t.publisher, "{portal}/{}", t.id);
        assert_eq!(
            d.landing_page.as_ref().map(Url::to_string),
            t.landing_page,
            "{portal}/{}",
            t.id
        );
        assert_eq!(
            d.licence.name.as_deref(),
            t.licence.as_ref().map(|l| l.title.as_str()),
            "{portal}/{}",
            t.id
        );
        assert_eq!(d.frequency, t.frequency, "{portal}/{}", t.id);
        assert_eq!(d.portal.as_deref(), Some(portal));
        assert_eq!(d.channel, None, "the caller decides the channel");
        let m = d.modified.as_deref().unwrap();
        let t_m = t.modified.as_deref().unwrap();
        assert_eq!(&m[..19], &t_m[..19], "{portal}/{}: modified", t.id);
        assert!(d.distributions.iter().all(|x| x.declared_format.is_some()));
    }
}

fn communes() -> Vec<odaudit::targets::Commune> {
    load_communes(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("targets/wallonia.csv")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odwb_catalog_is_complete_and_attributed_by_publisher() {
    let server = world(4, 30, FaultProfile::None).await;
    let m = server.manifest().clone();
    let odwb = portal_of(&m, "odwb");
    let truth = truth_on(&m, "odwb");
    assert!(truth.len() > 20 && !m.other_datasets.is_empty());

    let http = http_for(&server);
    // The paged listing with one exports call per dataset: the reference the catalogue
    // exports are compared with (tests/ods_catalogue.rs).
    let paged = Options {
        ods_catalogue: OdsCatalogue::Paged,
        ..Options::default()
    };
    let exact = portals::harvest(&http, &odwb, &paged).await.unwrap();
    assert_eq!(exact.api, "ods-v2.1");
    assert!(
        !exact.truncated && exact.warnings.is_empty(),
        "{:?}",
        exact.warnings
    );
    assert_recall(&exact.datasets, &truth, "odwb");
    assert_eq!(exact.announced, Some(truth.len() as u64));
    assert!(exact.ratelimit_remaining.is_some_and(|r| r > 0));
    let pages = truth.len().div_ceil(100) as u64;
    assert_eq!(
        exact.requests,
        pages + truth.len() as u64,
        "one listing page per 100, one exports call per dataset"
    );

    // Inferring exports per kind of dataset finds the same with a handful of calls.
    let http2 = http_for(&server);
    let per_kind = portals::harvest(
        &http2,
        &odwb,
        &Options {
            exports: ExportsPolicy::PerKind,
            ..paged.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(shape_of(&per_kind.datasets), shape_of(&exact.datasets));
    assert!(per_kind.requests <= pages + 4, "{}", per_kind.requests);
    println!(
        "odwb: {} datasets, {} distributions; per-dataset exports: {} requests; per-kind exports: {} requests",
        exact.datasets.len(),
        exact
            .datasets
            .iter()
            .map(|d| d.distributions.len())
            .sum::<usize>(),
        exact.requests,
        per_kind.requests
    );

    // Attribution: each commune gets exactly its ODWB datasets; others are listed.
    let attributor = Attributor::new(&communes());
    let (by_commune, unmatched) = attribute_all(exact.datasets.clone(), &attributor);
    let mut expected: BTreeMap<NisCode, BTreeSet<String>> = BTreeMap::new();
    for c in &m.communes {
        for d in c
            .datasets
            .iter()
            .filter(|d| d.portal.as_deref() == Some("odwb"))
        {
            expected
                .entry(c.nis_code.parse().unwrap())
                .or_default()
                .insert(d.id.clone());
        }
    }
    let got: BTreeMap<NisCode, BTreeSet<String>> = by_commune
        .iter()
        .map(|(n, ds)| (*n, ds.iter().map(|d| d.id.clone().unwrap()).collect()))
        .collect();
    assert_eq!(got, expected);
    let other: BTreeMap<String, usize> =
        m.other_datasets.iter().fold(BTreeMap::new(), |mut acc, d| {
            *acc.entry(d.publisher.clone().unwrap()).or_default() += 1;
            acc
        });
    let listed: BTreeMap<String, usize> = unmatched
        .iter()
        .map(|u| (u.publisher.clone(), u.datasets))
        .collect();
    assert_eq!(
        listed, other,
        "non-commune publishers are listed with their counts"
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_portals_v21_v1_and_ckan_are_complete() {
    let server = world(4, 30, FaultProfile::None).await;
    let m = server.manifest().clone();
    let http = http_for(&server);
    let mut kinds = BTreeSet::new();
    for p in m.portals.iter().filter(|p| p.id != "odwb") {
        let portal = portal_of(&m, &p.id);
        let truth = truth_on(&m, &p.id);
        assert_eq!(truth.len(), p.datasets);
        let h = portals::harvest(&http, &portal, &Options::default())
            .await
            .unwrap();
        assert_recall(&h.datasets, &truth, &p.id);
        let expected_api = match p.kind {
            // The catalogue exports when the sim serves them, else the paged listing.
            sim::PortalKind::Opendatasoft if h.api.ends_with("catalogue-exports") => {
                "ods-v2.1+catalogue-exports"
            }
            sim::PortalKind::Opendatasoft => "ods-v2.1",
            sim::PortalKind::OpendatasoftV1 => "ods-v1",
            sim::PortalKind::Ckan => "ckan",
        };
        assert_eq!(h.api, expected_api, "{}", p.id);
        kinds.insert(expected_api);
        println!(
            "{} ({expected_api}): {} datasets, {} distributions, {} requests",
            p.id,
            h.datasets.len(),
            h.datasets
                .iter()
                .map(|d| d.distributions.len())
                .sum::<usize>(),
            h.requests
        );
        // The kind detector names the family from the base URL alone.
        assert_eq!(
            portals::detect(&http, &portal.url).await,
            Some(portal.kind),
            "{}",
            p.id
        );
    }
    assert_eq!(
        kinds.len(),
        3,
        "v2.1, v1-only and CKAN portals all tried: {kinds:?}"
    );
    // A commune website is no portal.
    let site = m
        .communes
        .iter()
        .find_map(|c| c.website.clone().filter(|_| c.website_reachable))
        .unwrap();
    assert_eq!(portals::detect(&http, &site.parse().unwrap()).await, None);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odwb_dcat_export_read_as_a_dcat_portal() {
    let server = world(4, 12, FaultProfile::None).await;
    let m = server.manifest().clone();
    let http = http_for(&server);
    let portal = Portal {
        id: "odwb-dcat".into(),
        kind: PortalKind::Dcat,
        url: server.url("www.odwb.be", "/api/explore/v2.1/catalog/exports/dcat"),
        name: "ODWB DCAT".into(),
    };
    let h = portals::harvest(&http, &portal, &Options::default())
        .await
        .unwrap();
    assert_eq!(h.requests, 1);
    let truth = truth_on(&m, "odwb");
    assert_eq!(h.datasets.len(), truth.len());
    for t in &truth {
        let d = h
            .datasets
            .iter()
            .find(|d| d.landing_page.as_ref().map(Url::as_str) == t.landing_page.as_deref())
            .unwrap();
        assert_eq!(d.title, t.title);
        assert_eq!(
            d.publisher.as_deref(),
            t.publisher.as_deref().map(str::trim)
        );
        let urls: BTreeSet<String> = d.distributions.iter().map(|x| x.url.to_string()).collect();
        assert_eq!(
            urls,
            t.distributions.iter().map(|x| x.url.clone()).collect()
        );
    }
    server.shutdown().await;
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/opendatasoft")
            .join(name),
    )
    .unwrap()
}

#[test]
fn dcat_fixture_capatlantique_rdfxml() {
    let body = fixture("05_v2.1_catalog_exports_dcat_data.capatlantique.fr.rdf.xml");
    assert_eq!(
        dcat::Syntax::guess(Some("application/rdf+xml; charset=utf-8"), &body),
        Some(dcat::Syntax::RdfXml)
    );
    let p = dcat::parse(&body, dcat::Syntax::RdfXml, None).unwrap();
    assert_eq!(
        p.datasets.len(),
        1,
        "the catalogue and its service are no datasets"
    );
    let d = &p.datasets[0];
    assert_eq!(d.title, "Arrêtés du CCAS de Guérande");
    assert_eq!(d.publisher.as_deref(), Some("CCAS Guérande"));
    assert_eq!(
        d.landing_page.as_ref().unwrap().as_str(),
        "https://data.capatlantique.fr/explore/dataset/264400516_arretes_ccas_guerande/"
    );
    assert_eq!(
        d.modified.as_deref(),
        Some("2025-07-30T09:00:06.799000+00:00")
    );
    assert_eq!(
        d.licence.url.as_deref(),
        Some(
            "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf"
        )
    );
    let dists: Vec<(&str, Option<&str>)> = d
        .distributions
        .iter()
        .map(|x| (x.url.as_str(), x.declared_format.as_deref()))
        .collect();
    assert_eq!(
        dists,
        [
            (
                "https://data.capatlantique.fr/api/explore/v2.1/catalog/datasets/264400516_arretes_ccas_guerande/exports/csv?use_labels=true",
                Some("text/csv")
            ),
            (
                "https://data.capatlantique.fr/api/explore/v2.1/catalog/datasets/264400516_arretes_ccas_guerande/exports/json",
                Some("application/json")
            ),
        ]
    );
}

#[test]
fn dcat_fixture_liege_rdfxml_attributes_to_liege() {
    let body = fixture("05b_v2_catalog_exports_rdf_opendata.liege.be.rdf.xml");
    let p = dcat::parse(&body, dcat::Syntax::guess(None, &body).unwrap(), None).unwrap();
    assert_eq!(p.datasets.len(), 1);
    let d = &p.datasets[0];
    assert_eq!(d.title, "Parkings taxis");
    assert_eq!(d.id.as_deref(), Some("parkings-taxis"));
    assert_eq!(
        d.publisher.as_deref(),
        Some("Ville de Liège"),
        "rdfs:label of a blank-node agent"
    );
    assert_eq!(
        d.licence.name.as_deref(),
        Some("CC BY"),
        "literal licence on the distributions"
    );
    let dists: BTreeSet<(String, String)> = d
        .distributions
        .iter()
        .map(|x| (x.url.to_string(), x.declared_format.clone().unwrap()))
        .collect();
    let base = "https://opendata.liege.be/api/v2/catalog/datasets/parkings-taxis/exports/";
    let expected: BTreeSet<(String, String)> = ["json", "geojson", "csv", "shp"]
        .iter()
        .map(|f| (format!("{base}{f}"), (*f).to_owned()))
        .collect();
    assert_eq!(dists, expected);
    let a = Attributor::new(&communes());
    assert_eq!(
        a.attribute(d.publisher.as_deref().unwrap()),
        Some("62063".parse().unwrap())
    );
}

// ---------------------------------------------------------------------------------------
// A mini OpenDataSoft: 12 000 datasets, the real 10 000 window, quotas.

#[derive(Default)]
struct Mini {
    total: usize,
    json_export: bool,
    /// Answer 429 to every API call.
    always_429: bool,
    /// Say `X-RateLimit-Remaining: 0` on every answer.
    quota_spent: bool,
    /// With this `X-RateLimit-Reset`.
    quota_reset: Option<&'static str>,
    log: Mutex<Vec<String>>,
    port: std::sync::OnceLock<u16>,
}

fn ids(n: usize) -> impl Iterator<Item = String> {
    (0..n).map(|i| format!("ds-{i:05}"))
}

fn mini_dataset(id: &str) -> Value {
    json!({"dataset_id": id, "has_records": true, "features": ["analyze"], "fields": [], "attachments": [],
           "metas": {"default": {"title": format!("Titre {id}"), "publisher": "Ville de Namur", "modified": "2025-01-01T00:00:00+00:00"}}})
}

async fn mini_handler(State(st): State<Arc<Mini>>, uri: Uri) -> Response {
    let path = uri.path().to_owned();
    let q: BTreeMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    st.log.lock().unwrap().push(uri.to_string());
    let b = format!("http://mini.test:{}", st.port.get().unwrap());
    let json_reply = |status: StatusCode, v: Value| {
        let mut r = (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            v.to_string(),
        )
            .into_response();
        let remaining = if st.quota_spent { "0" } else { "4000" };
        r.headers_mut()
            .insert("x-ratelimit-remaining", remaining.parse().unwrap());
        if let Some(reset) = st.quota_reset {
            r.headers_mut()
                .insert("x-ratelimit-reset", reset.parse().unwrap());
        }
        r
    };
    if path == "/robots.txt" {
        return (StatusCode::NOT_FOUND, "").into_response();
    }
    if st.always_429 {
        let mut r = json_reply(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"errorcode": 10002, "reset_time": "2025-06-03T00:00:00Z", "limit_time_unit": "day", "call_limit": 5000,
                   "error": "Too many requests on the domain. Please contact the domain administrator."}),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, "1".parse().unwrap());
        return r;
    }
    match path.as_str() {
        "/api/explore/v2.1/catalog/datasets" => {
            let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
            let offset: usize = q.get("offset").and_then(|l| l.parse().ok()).unwrap_or(0);
            if limit > 100 || offset + limit > 10_000 {
                return json_reply(
                    StatusCode::BAD_REQUEST,
                    json!({"error_code": "InvalidRESTParameterError", "message": format!("Invalid value for offset API parameter: offset + limit must be lower or equal to 10000 (found {offset} + {limit}).")}),
                );
            }
            let results: Vec<Value> = ids(st.total)
                .skip(offset)
                .take(limit)
                .map(|id| mini_dataset(&id))
                .collect();
            json_reply(
                StatusCode::OK,
                json!({"total_count": st.total, "results": results}),
            )
        }
        "/api/explore/v2.1/catalog/exports/json" if st.json_export => json_reply(
            StatusCode::OK,
            Value::Array(ids(st.total).map(|id| mini_dataset(&id)).collect()),
        ),
        "/api/explore/v2.1/catalog/exports/dcat" => {
            let mut x = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rdf:RDF xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
            );
            for id in ids(st.total) {
                x.push_str(&format!(
                    "<dcat:Dataset rdf:about=\"{b}/explore/dataset/{id}/\"><dcterms:title>Titre {id}</dcterms:title><dcterms:publisher><foaf:Agent><foaf:name>Ville de Namur</foaf:name></foaf:Agent></dcterms:publisher><dcat:landingPage rdf:resource=\"{b}/explore/dataset/{id}/\"/><dcat:distribution><dcat:Distribution><dcat:downloadURL rdf:resource=\"{b}/api/explore/v2.1/catalog/datasets/{id}/exports/csv\"/><dcat:mediaType>text/csv</dcat:mediaType></dcat:Distribution></dcat:distribution><dcat:distribution><dcat:Distribution><dcat:downloadURL rdf:resource=\"{b}/api/explore/v2.1/catalog/datasets/{id}/exports/json\"/></dcat:Distribution></dcat:distribution></dcat:Dataset>"
                ));
            }
            x.push_str("</rdf:RDF>");
            ([(header::CONTENT_TYPE, "application/rdf+xml")], x).into_response()
        }
        p => match p
            .strip_prefix("/api/explore/v2.1/catalog/datasets/")
            .and_then(|r| r.strip_suffix("/exports"))
        {
            Some(id) => json_reply(
                StatusCode::OK,
                json!({"links": [
                    {"rel": "self", "href": format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports")},
                    {"rel": "csv", "href": format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports/csv")},
                    {"rel": "json", "href": format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports/json")}
                ]}),
            ),
            None => json_reply(
                StatusCode::NOT_FOUND,
                json!({"error_code": "NotFoundError", "message": "Unknown endpoint"}),
            ),
        },
    }
}

/// Serve a mini ODS as `http://mini.test:{port}/` (resolved to 127.0.0.1).
async fn mini(state: Mini) -> (Arc<Mini>, Http, Portal, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    state.port.set(port).unwrap();
    let state = Arc::new(state);
    let app = Router::new()
        .fallback(mini_handler)
        .with_state(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    let http = Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: vec![format!("mini.test:{port}:127.0.0.1").parse().unwrap()],
            ..Default::default()
        },
        min_delay: Duration::ZERO,
        retries: 1,
        ..Default::default()
    })
    .unwrap();
    let portal = Portal {
        id: "mini".into(),
        kind: PortalKind::OpenDataSoft,
        url: format!("http://mini.test:{port}/").parse().unwrap(),
        name: "Mini ODS".into(),
    };
    (state, http, portal, task)
}

fn listing_windows(log: &[String]) -> Vec<(usize, usize)> {
    log.iter()
        .filter(|u| u.starts_with("/api/explore/v2.1/catalog/datasets?"))
        .map(|u| {
            let q: BTreeMap<String, String> =
                url::form_urlencoded::parse(u.split_once('?').unwrap().1.as_bytes())
                    .into_owned()
                    .collect();
            (q["offset"].parse().unwrap(), q["limit"].parse().unwrap())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_10000_window_the_catalogue_export_is_used() {
    for json_export in [true, false] {
        let (state, http, portal, task) = mini(Mini {
            total: 12_000,
            json_export,
            ..Mini::default()
        })
        .await;
        let options = Options {
            ods_catalogue: OdsCatalogue::Paged,
            exports: ExportsPolicy::PerKind,
            ..Options::default()
        };
        let h = portals::harvest(&http, &portal, &options).await.unwrap();
        let log = state.log.lock().unwrap().clone();
        let windows = listing_windows(&log);
        assert!(
            windows.iter().all(|(o, l)| o + l <= 10_000),
            "never past the window"
        );
        assert_eq!(windows.len(), 100, "10 000 datasets by pages of 100");
        let export = if json_export {
            "exports/json"
        } else {
            "exports/dcat"
        };
        assert_eq!(
            log.iter().filter(|u| u.contains(export)).count(),
            1,
            "{log:?}"
        );
        assert_eq!(
            h.api,
            if json_export {
                "ods-v2.1+export-json"
            } else {
                "ods-v2.1+export-dcat"
            }
        );
        let found: BTreeSet<String> = h.datasets.iter().map(|d| d.id.clone().unwrap()).collect();
        assert_eq!(found, ids(12_000).collect(), "every dataset once");
        assert_eq!(h.datasets.len(), 12_000);
        assert!(!h.truncated);
        let last = h
            .datasets
            .iter()
            .find(|d| d.id.as_deref() == Some("ds-11999"))
            .unwrap();
        assert_eq!(last.title, "Titre ds-11999");
        let formats: BTreeSet<_> = last
            .distributions
            .iter()
            .map(|d| d.declared_format.clone().unwrap())
            .collect();
        assert_eq!(formats, ["csv", "json"].map(String::from).into());
        let most = if json_export { 102 } else { 103 }; // pages + export(s) + one exports list
        assert!(h.requests <= most, "{} requests", h.requests);
        println!(
            "mini ODS 12 000 datasets ({export}): {} requests",
            h.requests
        );
        task.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bound_truncates_and_says_so() {
    let (_state, http, portal, task) = mini(Mini {
        total: 350,
        ..Mini::default()
    })
    .await;
    let options = Options {
        max_datasets: 120,
        exports: ExportsPolicy::PerKind,
        ..Options::default()
    };
    let h = portals::harvest(&http, &portal, &options).await.unwrap();
    assert_eq!(h.datasets.len(), 120);
    assert!(h.truncated);
    assert_eq!(h.announced, Some(350));
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_429_with_retry_after_is_survived_on_the_sim() {
    let server = world(4, 5, FaultProfile::Some).await;
    let m = server.manifest().clone();
    let http = http_for(&server);
    let odwb = portal_of(&m, "odwb");
    // The paged path: the catalogue export takes too few calls to meet the sim's 429s.
    let options = Options {
        ods_catalogue: OdsCatalogue::Paged,
        ..Options::default()
    };
    let h = portals::harvest(&http, &odwb, &options).await.unwrap();
    assert_recall(&h.datasets, &truth_on(&m, "odwb"), "odwb");
    let throttled = server
        .request_log()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert!(throttled >= 1, "the sim throttled every 10th API call");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lasting_429_or_a_spent_quota_is_a_clear_error() {
    let (_state, http, portal, task) = mini(Mini {
        total: 10,
        always_429: true,
        ..Mini::default()
    })
    .await;
    match portals::catalog(&http, &portal).await {
        Err(DiscoverError::Status {
            status: 429,
            detail: Some(d),
            ..
        }) => {
            assert!(
                d.contains("Too many requests") && d.contains("10002"),
                "{d}"
            )
        }
        other => panic!("{other:?}"),
    }
    task.abort();

    // A spent quota: with no reset to read, or one beyond the run's patience. The polite
    // client's quota check stops the harvest after the answer that said so; nothing is
    // asked again, and the refusal is "not verifiable", never the portal's fault.
    for reset in [None, Some("2999-01-01 00:00:00+00:00")] {
        let (state, http, portal, task) = mini(Mini {
            total: 250,
            quota_spent: true,
            quota_reset: reset,
            ..Mini::default()
        })
        .await;
        let err = match portals::catalog(&http, &portal).await {
            Err(e @ DiscoverError::Fetch(FetchError::HostPaused { .. })) => e,
            other => panic!("{reset:?}: {other:?}"),
        };
        let DiscoverError::Fetch(fetch) = &err else {
            unreachable!()
        };
        assert!(
            fetch.outcome().is_not_verifiable(),
            "{reset:?}: {:?}",
            fetch.outcome()
        );
        assert!(
            matches!(fetch, FetchError::HostPaused { until, .. } if until.is_some() == reset.is_some()),
            "{reset:?}: {fetch:?}"
        );
        let api_calls = state
            .log
            .lock()
            .unwrap()
            .iter()
            .filter(|u| u.starts_with("/api/"))
            .count();
        assert_eq!(
            api_calls, 1,
            "{reset:?}: nothing asked after the portal said the quota is spent"
        );
        task.abort();
    }
}

/// A regional portal whose quota is spent is said on every commune as a typed problem:
/// which portal, its address, and a refusal that is nobody's fault; its channel is left
/// unjudged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_out_of_quota_is_a_typed_problem_of_every_commune() {
    use odaudit::discover::Channel;
    use odaudit::discover::problem::ProblemKind;
    use odaudit::discover::run::{DiscoverOptions, discover};
    use odaudit::fetch::{Outcome, Unverifiable};
    let (_state, http, portal, task) = mini(Mini {
        total: 250,
        quota_spent: true,
        ..Mini::default()
    })
    .await;
    let targets: Vec<_> = communes().into_iter().take(3).collect();
    let options = DiscoverOptions {
        websites: false,
        probe_portal_files: false,
        ..DiscoverOptions::default()
    };
    let found = discover(&http, &targets, std::slice::from_ref(&portal), &options).await;
    assert_eq!(found.communes.len(), 3);
    for c in &found.communes {
        assert_eq!(c.errors.len(), 1, "{}: {:?}", c.nis_code, c.errors);
        let p = &c.errors[0];
        assert_eq!(
            p.kind,
            ProblemKind::RegionalPortalUnharvested {
                portal: "mini".into()
            }
        );
        assert_eq!(p.url.as_deref(), Some(portal.url.as_str()));
        assert_eq!(
            p.outcome,
            Some(Outcome::NotVerifiable(Unverifiable::Throttled {
                until: None
            }))
        );
        assert!(c.unharvested.contains(&Channel::RegionalPortal), "{c:?}");
    }
    task.abort();
}

/// The targets of a simulated world as `odaudit` reads them (websites left out).
fn targets_of(m: &Manifest) -> Vec<odaudit::targets::Commune> {
    m.communes
        .iter()
        .map(|t| odaudit::targets::Commune {
            nis_code: t.nis_code.parse().unwrap(),
            name: t.name.clone(),
            province: t.province.clone(),
            population: t.population,
            website: None,
            own_portal: t.own_portal.as_ref().map(|u| u.parse().unwrap()),
            aliases: Vec::new(),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_is_channelled_by_who_runs_it_and_harvested_once() {
    use odaudit::discover::Channel;
    use odaudit::discover::run::{DiscoverOptions, discover, own_portals_win};
    let server = world(4, 30, FaultProfile::None).await;
    let m = server.manifest().clone();
    let http = http_for(&server);
    let mut targets = targets_of(&m);
    let owned: Vec<&sim::PortalTruth> = m
        .portals
        .iter()
        .filter(|p| p.owner_nis.is_some() && p.datasets > 0)
        .collect();
    assert!(owned.len() >= 2, "two own portals in the world");
    // Staff list A's own portal (as "www." of its host) and B's among the regional ones;
    // B's is not in B's targets row, so it is a regional portal of its own.
    let (a, b) = (owned[0], owned[1]);
    let mut a_listed = portal_of(&m, &a.id);
    a_listed.id = "listed-too".into();
    let host = a_listed.url.host_str().unwrap().to_owned();
    if host.parse::<std::net::IpAddr>().is_err() && !host.starts_with("www.") {
        a_listed.url.set_host(Some(&format!("www.{host}"))).unwrap();
    }
    let mut b_listed = portal_of(&m, &b.id);
    b_listed.id = "province".into();
    let b_nis: NisCode = b.owner_nis.as_ref().unwrap().parse().unwrap();
    targets
        .iter_mut()
        .find(|c| c.nis_code == b_nis)
        .unwrap()
        .own_portal = None;
    let regional = [portal_of(&m, "odwb"), a_listed, b_listed];
    let (kept, overlaps) = own_portals_win(&regional, &targets);
    assert_eq!(overlaps.len(), 1, "{overlaps:?}");
    assert_eq!(overlaps[0].portal_id, "listed-too");
    assert_eq!(kept.len(), 2);

    let options = DiscoverOptions {
        websites: false,
        probe_portal_files: false,
        ..DiscoverOptions::default()
    };
    let found = discover(&http, &targets, &regional, &options).await;
    // Harvested once: as A's own portal, never under its regional id.
    let ids: Vec<&str> = found.portals.iter().map(|p| p.id.as_str()).collect();
    assert!(!ids.contains(&"listed-too"), "{ids:?}");
    let a_url: Url = a.url.parse().unwrap();
    let a_harvests = found
        .portals
        .iter()
        .filter(|p| {
            let u: Url = p.url.parse().unwrap();
            u.host_str().map(|h| h.trim_start_matches("www."))
                == a_url.host_str().map(|h| h.trim_start_matches("www."))
                && u.port() == a_url.port()
        })
        .count();
    assert_eq!(a_harvests, 1, "A's portal harvested once: {ids:?}");
    assert!(
        ids.contains(&"province") && ids.contains(&"odwb"),
        "{ids:?}"
    );
    let a_nis: NisCode = a.owner_nis.as_ref().unwrap().parse().unwrap();
    let a_found = found.communes.iter().find(|c| c.nis_code == a_nis).unwrap();
    let a_own: Vec<&Dataset> = a_found
        .datasets
        .iter()
        .filter(|d| d.channel == Some(Channel::OwnPortal))
        .collect();
    assert_eq!(
        a_own.len(),
        a.datasets,
        "every dataset of A's portal is its own"
    );
    let all: Vec<&Dataset> = found.communes.iter().flat_map(|c| &c.datasets).collect();
    assert!(
        all.iter()
            .all(|d| d.portal.as_deref() != Some("listed-too")),
        "no dataset labelled with the regional id"
    );
    // B's portal, listed as regional only: its datasets are a regional portal's, not ODWB's.
    let on_b: Vec<&&Dataset> = all
        .iter()
        .filter(|d| d.portal.as_deref() == Some("province"))
        .collect();
    assert!(!on_b.is_empty(), "B's datasets attributed by publisher");
    assert!(
        on_b.iter()
            .all(|d| d.channel == Some(Channel::RegionalPortal)),
        "{:?}",
        on_b.iter().map(|d| d.channel).collect::<Vec<_>>()
    );
    // ODWB stays ODWB.
    assert!(
        all.iter()
            .filter(|d| d.portal.as_deref() == Some("odwb"))
            .all(|d| d.channel == Some(Channel::Odwb))
    );
    server.shutdown().await;
}

#[test]
fn an_own_portal_in_the_portals_file_is_said_once_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let targets = dir.path().join("targets.csv");
    std::fs::write(
        &targets,
        "nis_code,name,province,population,website,own_portal,aliases\n\
         92094,Namur,Namur,110000,,https://data.namur.be/,\n\
         25005,Beauvechain,Brabant wallon,7000,,,\n",
    )
    .unwrap();
    let portals = dir.path().join("portals.csv");
    std::fs::write(
        &portals,
        "id,kind,url,name\n\
         odwb,opendatasoft,https://www.odwb.be/,ODWB\n\
         namur,opendatasoft,http://www.data.namur.be/,Namur open data\n",
    )
    .unwrap();
    // No website, no portal harvested: nothing leaves the machine.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_odaudit"))
        .args([
            "discover",
            "--no-websites",
            "--no-portals",
            "--output",
            "jsonl",
        ])
        .arg("--targets")
        .arg(&targets)
        .arg("--portals")
        .arg(&portals)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("own portal of Namur"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains("namur") && said[0].contains("92094"),
        "{stderr}"
    );
    assert!(!stderr.contains("portal odwb"), "{stderr}");
}
