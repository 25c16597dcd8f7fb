//! OpenDataSoft in a handful of calls, and quotas (issue 11, points 3 and 4), against a
//! small ODS served on 127.0.0.1 whose answers are built from the real responses in
//! `shared/fixtures/opendatasoft` (v2.1 dataset objects, a v2.0 attachments-only dataset,
//! the DCAT export's RDF/XML shape, ODS's `X-RateLimit-*` headers).
//!
//! What is checked: the catalogue exports find exactly what the paged listing plus one
//! `/exports` call per dataset finds, for at most 5 requests; a broken export falls back
//! and says so; a portal saying `X-RateLimit-Remaining: 0` is not asked again before its
//! reset, and one whose reset is beyond the run's patience leaves its files "not
//! verifiable"; `--max-rps` holds in the server's own log.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use odaudit::discover::portals::{self, OdsCatalogue, Options, Portal, PortalKind};
use odaudit::discover::{Dataset, DiscoverError};
use odaudit::fetch::{FetchConfig, FetchError, Http, PoliteConfig, QuotaConfig, Request};
use serde_json::{Value, json};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/opendatasoft/"
);

fn fixture(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap()).unwrap()
}

/// How the catalogue exports answer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Export {
    #[default]
    Served,
    NotFound,
    ServerError,
    Garbage,
}

#[derive(Default)]
struct Ods {
    datasets: Vec<Value>,
    export: Export,
    /// Left out of the DCAT export (its exports must be asked).
    not_in_dcat: BTreeSet<String>,
    /// `X-RateLimit-Remaining: 0` with this reset (ODS's format) on every API answer
    /// until that time.
    spent_until: Option<(String, SystemTime)>,
    /// (when, path?query) of every request.
    log: Mutex<Vec<(SystemTime, String)>>,
    host: std::sync::OnceLock<String>,
}

/// `n` datasets cloned from the real objects of fixtures 01 (geographic, with records) and
/// 03 (attachments only, no records); every fourth made non-geographic.
fn catalogue(n: usize) -> Vec<Value> {
    let v21 = fixture("01_v2.1_catalog_datasets_documentation-resources.json");
    let single = fixture("03_v2.0_dataset_single_data.economie.gouv.fr.json");
    let templates = [
        v21["results"][0].clone(),
        v21["results"][1].clone(),
        single["dataset"].clone(),
    ];
    (0..n)
        .map(|i| {
            let mut d = templates[i % 3].clone();
            let id = format!("{}-{i:03}", d["dataset_id"].as_str().unwrap());
            d["dataset_id"] = json!(id);
            d["metas"]["default"]["title"] = json!(format!("Jeu {i}"));
            if i % 4 == 1 {
                d["features"] = json!(["analyze"]);
                if let Some(f) = d["fields"].as_array_mut() {
                    f.retain(|x| !matches!(x["type"].as_str(), Some("geo_point_2d" | "geo_shape")));
                }
            }
            d
        })
        .collect()
}

fn exports_of(d: &Value) -> Vec<&'static str> {
    if d["has_records"] == json!(false) {
        return Vec::new();
    }
    let geo = d["features"]
        .as_array()
        .is_some_and(|f| f.contains(&json!("geo")));
    let mut e = vec!["csv", "json", "xlsx", "parquet"];
    if geo {
        e.extend(["geojson", "shp", "kml"]);
    }
    e
}

fn dcat(st: &Ods, b: &str) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rdf:RDF xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\" xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
    );
    x.push_str(&format!("<rdf:Description rdf:about=\"{b}/explore/\"><rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Catalog\" />"));
    for d in &st.datasets {
        let id = d["dataset_id"].as_str().unwrap();
        if st.not_in_dcat.contains(id) {
            continue;
        }
        let landing = format!("{b}/explore/dataset/{id}/");
        x.push_str(&format!("<dcat:dataset><dcat:Dataset rdf:about=\"{landing}\"><dcterms:identifier>{landing}</dcterms:identifier><dcterms:title>x</dcterms:title><dcat:landingPage><foaf:Document rdf:about=\"{landing}\"/></dcat:landingPage>"));
        for e in exports_of(d) {
            // As fixture 05: CSV carries `?use_labels=true`.
            let q = if e == "csv" { "?use_labels=true" } else { "" };
            let u = format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports/{e}{q}");
            x.push_str(&format!("<dcat:distribution><dcat:Distribution rdf:about=\"{u}\"><dcat:accessURL rdf:resource=\"{u}\" /><dcat:downloadURL rdf:resource=\"{u}\" /></dcat:Distribution></dcat:distribution>"));
        }
        x.push_str("</dcat:Dataset></dcat:dataset>");
    }
    x.push_str("</rdf:Description></rdf:RDF>");
    x
}

async fn handler(State(st): State<Arc<Ods>>, uri: Uri) -> Response {
    st.log
        .lock()
        .unwrap()
        .push((SystemTime::now(), uri.to_string()));
    let b = format!("http://{}", st.host.get().unwrap());
    let q: BTreeMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let mut r = route(&st, uri.path(), &q, &b);
    if !uri.path().starts_with("/api/") {
        return r;
    }
    let h = r.headers_mut();
    h.insert("x-ratelimit-limit", "5000".parse().unwrap());
    match &st.spent_until {
        Some((reset, at)) if SystemTime::now() < *at => {
            h.insert("x-ratelimit-remaining", "0".parse().unwrap());
            h.insert("x-ratelimit-reset", reset.parse().unwrap());
        }
        _ => {
            h.insert("x-ratelimit-remaining", "4992".parse().unwrap());
            h.insert(
                "x-ratelimit-reset",
                "2025-07-31 00:00:00+00:00".parse().unwrap(),
            );
        }
    }
    r
}

fn route(st: &Ods, path: &str, q: &BTreeMap<String, String>, b: &str) -> Response {
    let json_reply = |v: Value| {
        (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            v.to_string(),
        )
            .into_response()
    };
    let exported = |body: Response| match st.export {
        Export::Served => body,
        Export::NotFound => {
            (StatusCode::NOT_FOUND, "{\"error_code\":\"NotFoundError\"}").into_response()
        }
        Export::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response(),
        Export::Garbage => "[{\"dataset_id\": \"x\"},".into_response(),
    };
    match path {
        "/robots.txt" => "User-agent: *\nDisallow: /explore/embed/\n".into_response(),
        "/api/explore/v2.1/catalog/datasets" => {
            let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
            let offset: usize = q.get("offset").and_then(|l| l.parse().ok()).unwrap_or(0);
            let page: Vec<Value> = st
                .datasets
                .iter()
                .skip(offset)
                .take(limit)
                .cloned()
                .collect();
            json_reply(json!({"total_count": st.datasets.len(), "results": page}))
        }
        "/api/explore/v2.1/catalog/exports/json" => {
            exported(json_reply(Value::Array(st.datasets.clone())))
        }
        "/api/explore/v2.1/catalog/exports/dcat" => exported(
            (
                [(header::CONTENT_TYPE, "application/rdf+xml; charset=utf-8")],
                dcat(st, b),
            )
                .into_response(),
        ),
        p => {
            let id = p
                .strip_prefix("/api/explore/v2.1/catalog/datasets/")
                .and_then(|r| r.strip_suffix("/exports"));
            match id.and_then(|id| st.datasets.iter().find(|d| d["dataset_id"] == json!(id))) {
                Some(d) => {
                    let id = d["dataset_id"].as_str().unwrap();
                    let mut links = vec![
                        json!({"rel": "self", "href": format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports")}),
                    ];
                    for e in exports_of(d) {
                        links.push(json!({"rel": e, "href": format!("{b}/api/explore/v2.1/catalog/datasets/{id}/exports/{e}")}));
                    }
                    json_reply(json!({"links": links}))
                }
                None => (StatusCode::NOT_FOUND, "{}").into_response(),
            }
        }
    }
}

/// Serve `st` as `http://{name}:{port}/` (resolved to 127.0.0.1).
async fn serve(name: &str, st: Ods) -> (Arc<Ods>, String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let host = format!("{name}:{port}");
    st.host.set(host.clone()).unwrap();
    let st = Arc::new(st);
    let app = Router::new().fallback(handler).with_state(st.clone());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (st, host, task)
}

fn http(hosts: &[&str], quotas: QuotaConfig) -> Http {
    Http::new(PoliteConfig {
        fetch: FetchConfig {
            resolve: hosts
                .iter()
                .map(|h| format!("{h}:127.0.0.1").parse().unwrap())
                .collect(),
            allow_private: true,
            ..Default::default()
        },
        min_delay: Duration::ZERO,
        retries: 1,
        backoff_base: Duration::from_millis(10),
        quotas,
        ..Default::default()
    })
    .unwrap()
}

fn portal(host: &str) -> Portal {
    Portal {
        id: "odwb".into(),
        kind: PortalKind::OpenDataSoft,
        url: format!("http://{host}/").parse().unwrap(),
        name: "Mini ODWB".into(),
    }
}

/// Per dataset: title, freshness field, and its downloads as (format, path).
type Shape = BTreeMap<String, (String, Option<String>, BTreeSet<(String, String)>)>;

fn shape(ds: &[Dataset]) -> Shape {
    ds.iter()
        .map(|d| {
            let dists = d
                .distributions
                .iter()
                .map(|x| {
                    (
                        x.declared_format.clone().unwrap_or_default(),
                        x.url.path().to_owned(),
                    )
                })
                .collect();
            (
                d.id.clone().unwrap(),
                (d.title.clone(), d.modified_field.clone(), dists),
            )
        })
        .collect()
}

fn requests(st: &Ods) -> usize {
    st.log.lock().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_catalogue_in_a_handful_of_calls_finds_what_the_paged_path_finds() {
    let datasets = catalogue(240);
    let skipped = datasets[4]["dataset_id"].as_str().unwrap().to_owned();
    let (st, host, task) = serve(
        "odwb.test",
        Ods {
            datasets,
            not_in_dcat: [skipped.clone()].into(),
            ..Ods::default()
        },
    )
    .await;
    let portal = portal(&host);

    let old = portals::harvest(
        &http(&[&host], QuotaConfig::default()),
        &portal,
        &Options {
            ods_catalogue: OdsCatalogue::Paged,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let before = requests(&st);
    st.log.lock().unwrap().clear();

    let new = portals::harvest(
        &http(&[&host], QuotaConfig::default()),
        &portal,
        &Options::default(),
    )
    .await
    .unwrap();
    let after = requests(&st);
    let log: Vec<String> = st
        .log
        .lock()
        .unwrap()
        .iter()
        .map(|(_, u)| u.clone())
        .collect();

    assert_eq!(new.api, "ods-v2.1+catalogue-exports");
    assert!(new.warnings.is_empty(), "{:?}", new.warnings);
    assert_eq!(new.datasets.len(), 240);
    assert_eq!(
        shape(&new.datasets),
        shape(&old.datasets),
        "same datasets, same downloads"
    );
    let attachments = new
        .datasets
        .iter()
        .flat_map(|d| &d.distributions)
        .filter(|x| x.url.path().contains("/attachments/"))
        .count();
    let served: usize = st
        .datasets
        .iter()
        .map(|d| d["attachments"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(served >= 80 * 5, "fixture 03 has 5 attachments");
    assert_eq!(
        attachments, served,
        "every attachment of the fixtures, on every copy"
    );
    assert!(after <= 5, "{after} requests: {log:?}");
    assert_eq!(
        log.iter().filter(|u| u.ends_with("/exports")).count(),
        1,
        "only the dataset the DCAT export leaves out is asked its exports: {log:?}"
    );
    assert!(log.iter().any(|u| u.contains(&skipped)));
    assert_eq!(
        old.requests as usize + 1,
        before,
        "robots.txt besides the harvest"
    );
    println!(
        "ODS catalogue of 240 datasets: paged + per-dataset exports {before} requests; catalogue exports {after} requests"
    );
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_export_falls_back_to_the_paged_listing_and_says_so() {
    for export in [Export::NotFound, Export::ServerError, Export::Garbage] {
        let (st, host, task) = serve(
            "odwb.test",
            Ods {
                datasets: catalogue(30),
                export,
                ..Ods::default()
            },
        )
        .await;
        let h = portals::harvest(
            &http(&[&host], QuotaConfig::default()),
            &portal(&host),
            &Options::default(),
        )
        .await
        .unwrap();
        assert_eq!(h.api, "ods-v2.1", "{export:?}");
        assert_eq!(h.datasets.len(), 30, "{export:?}");
        assert!(
            h.warnings
                .iter()
                .any(|w| w.contains("catalogue export unusable")),
            "{export:?}: {:?}",
            h.warnings
        );
        assert!(requests(&st) > 30, "one exports call per dataset");
        task.abort();
    }
    // Over the cap: not parsed, not half-read; the paged path answers.
    let (_st, host, task) = serve(
        "odwb.test",
        Ods {
            datasets: catalogue(30),
            ..Ods::default()
        },
    )
    .await;
    let h = portals::harvest(
        &http(&[&host], QuotaConfig::default()),
        &portal(&host),
        &Options {
            export_cap: 16 << 10,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(h.datasets.len(), 30);
    assert!(h.warnings[0].contains("cap"), "{:?}", h.warnings);
    task.abort();
}

/// ODS's reset format, `secs` from now, rounded up to the second.
fn reset_in(secs: u64) -> (String, SystemTime) {
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let at = now + 1 + secs;
    let ts = jiff::Timestamp::from_second(at as i64).unwrap();
    (
        ts.strftime("%Y-%m-%d %H:%M:%S+00:00").to_string(),
        SystemTime::UNIX_EPOCH + Duration::from_secs(at),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_quota_is_waited_for_until_its_reset() {
    let (reset, at) = reset_in(1);
    let (st, host, task) = serve(
        "odwb.test",
        Ods {
            datasets: catalogue(9),
            spent_until: Some((reset, at)),
            ..Ods::default()
        },
    )
    .await;
    let http = http(&[&host], QuotaConfig::default());
    let h = portals::harvest(&http, &portal(&host), &Options::default())
        .await
        .unwrap();
    assert_eq!(h.datasets.len(), 9);
    let log = st.log.lock().unwrap().clone();
    let first_api = log
        .iter()
        .position(|(_, u)| u.starts_with("/api/"))
        .unwrap();
    assert!(log.len() > first_api + 1, "{log:?}");
    for (when, u) in &log[first_api + 1..] {
        assert!(*when >= at, "{u} asked before the reset");
    }
    let stats = http.host_stats();
    assert_eq!(
        stats[0].quota_remaining,
        Some(4992),
        "the fresh quota after the reset"
    );
    assert!(stats[0].quota_wait_seconds > 0.0);
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quota_spent_beyond_patience_leaves_files_not_verifiable() {
    let (reset, at) = reset_in(3600);
    let (st, host, task) = serve(
        "odwb.test",
        Ods {
            datasets: catalogue(9),
            spent_until: Some((reset.clone(), at)),
            ..Ods::default()
        },
    )
    .await;
    let http = http(&[&host], QuotaConfig::default());
    let err = portals::harvest(&http, &portal(&host), &Options::default())
        .await
        .unwrap_err();
    // Stopped by the polite client's quota check, the one there is: the host is paused
    // until the reset, which is nobody's fault that we know.
    match &err {
        DiscoverError::Fetch(e @ FetchError::HostPaused { until: Some(_), .. }) => {
            assert_eq!(e.outcome().class(), "not_verifiable", "{e:?}");
        }
        other => panic!("{other:?}"),
    }
    let api = |st: &Ods| {
        st.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, u)| u.starts_with("/api/"))
            .count()
    };
    assert_eq!(api(&st), 1, "not asked again after Remaining: 0");
    // A file of that portal: not fetched, and not the publisher's fault.
    let file: url::Url = format!("http://{host}/api/explore/v2.1/catalog/datasets/x/exports/csv")
        .parse()
        .unwrap();
    let e = http.get(&file, &Request::page(1 << 16)).await.unwrap_err();
    assert!(matches!(e, FetchError::HostPaused { .. }), "{e:?}");
    assert_eq!(e.outcome().class(), "not_verifiable");
    assert_eq!(api(&st), 1);
    let stats = http.host_stats();
    assert_eq!(stats[0].quota_reset.as_deref(), Some(reset.as_str()));
    assert!(stats[0].paused_until.is_some());
    task.abort();
}

/// Most requests the server saw in any one-second window.
fn busiest_second(log: &[(SystemTime, String)]) -> usize {
    let mut t: Vec<SystemTime> = log.iter().map(|(w, _)| *w).collect();
    t.sort();
    (0..t.len())
        .map(|i| {
            t[i..]
                .iter()
                .take_while(|x| x.duration_since(t[i]).unwrap_or_default() < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

async fn burst(max_rps: Option<f64>) -> usize {
    let names = ["a.test", "b.test", "c.test", "d.test"];
    let mut servers = Vec::new();
    for n in names {
        servers.push(serve(n, Ods::default()).await);
    }
    let hosts: Vec<&str> = servers.iter().map(|(_, h, _)| h.as_str()).collect();
    let http = http(
        &hosts,
        QuotaConfig {
            max_rps,
            ..QuotaConfig::default()
        },
    );
    let mut tasks = tokio::task::JoinSet::new();
    for h in &hosts {
        for i in 0..3 {
            let http = http.clone();
            let u: url::Url = format!("http://{h}/page-{i}").parse().unwrap();
            tasks.spawn(async move {
                http.get(&u, &Request::page(1 << 10))
                    .await
                    .map(|p| p.status)
            });
        }
    }
    while let Some(r) = tasks.join_next().await {
        assert_eq!(r.unwrap().unwrap(), 404);
    }
    let mut log = Vec::new();
    for (st, _, task) in servers {
        log.extend(st.log.lock().unwrap().iter().cloned());
        task.abort();
    }
    assert_eq!(log.len(), 16, "robots.txt and 3 pages on each of 4 hosts");
    busiest_second(&log)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_rps_holds_in_the_server_log() {
    let start = Instant::now();
    let free = burst(None).await;
    assert!(
        free > 5,
        "without a ceiling the 4 hosts go together: {free}"
    );
    let capped = burst(Some(4.0)).await;
    assert!(
        capped <= 5,
        "4 per second (+1 for a grant that left late): {capped} in one second"
    );
    println!(
        "busiest second: {free} requests free, {capped} with --max-rps 4 ({:?})",
        start.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dataset_federated_from_a_commune_portal_is_counted_there_only() {
    let mut datasets = catalogue(12);
    datasets[0]["metas"]["default"]["federated"] = json!(true);
    datasets[0]["metas"]["default"]["source_domain_address"] = json!("data.namur.be");
    let federated = datasets[0]["dataset_id"].as_str().unwrap().to_owned();
    let (_st, host, task) = serve(
        "odwb.test",
        Ods {
            datasets,
            ..Ods::default()
        },
    )
    .await;
    for mode in [OdsCatalogue::Exports, OdsCatalogue::Paged] {
        let ids = |own: &[&str]| {
            let options = Options {
                ods_catalogue: mode,
                own_portal_hosts: own.iter().map(|h| (*h).to_owned()).collect(),
                ..Options::default()
            };
            let (host, http) = (host.clone(), http(&[&host], QuotaConfig::default()));
            async move {
                let h = portals::harvest(&http, &portal(&host), &options)
                    .await
                    .unwrap();
                h.datasets
                    .iter()
                    .map(|d| d.id.clone().unwrap())
                    .collect::<BTreeSet<_>>()
            }
        };
        let alone = ids(&[]).await;
        assert!(
            alone.contains(&federated),
            "{mode:?}: kept when its source is not harvested"
        );
        let with_source = ids(&["data.namur.be"]).await;
        assert!(!with_source.contains(&federated), "{mode:?}");
        assert_eq!(with_source.len(), 11, "{mode:?}");
    }
    task.abort();
}
