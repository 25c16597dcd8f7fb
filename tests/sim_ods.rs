//! The simulated OpenDataSoft and CKAN portals answer the requests of the Explore v2.1
//! spec with bodies whose key structure is that of the real responses in
//! `../shared/fixtures/opendatasoft/` (keys compared, not values).

#[path = "common/convert.rs"]
mod convert;

use std::collections::BTreeSet;

use odaudit::fetch::{FetchConfig, Fetcher};
use odaudit_sim::{self as sim, Config, PortalKind, World};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../shared/fixtures/opendatasoft/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every key the real response has, ours has too.
fn assert_covers(ours: &Value, real: &Value, what: &str) {
    let missing: Vec<_> = keys(real).difference(&keys(ours)).cloned().collect();
    assert!(missing.is_empty(), "{what}: missing keys {missing:?}");
}

struct Sim {
    server: sim::Server,
    fetcher: Fetcher,
}

impl Sim {
    async fn new() -> Sim {
        let world = World::generate(&Config {
            seed: 4,
            communes: Some(30),
            crawl_delay: Some(0.0),
            ..Config::default()
        })
        .unwrap();
        let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
        let fetcher = Fetcher::new(&FetchConfig {
            resolve: convert::resolve(&server),
            ..FetchConfig::default()
        })
        .unwrap();
        Sim { server, fetcher }
    }

    async fn get(&self, host: &str, path: &str) -> (u16, Vec<u8>, Option<String>) {
        let p = self
            .fetcher
            .probe(&self.server.url(host, path), 8 << 20)
            .await
            .unwrap();
        (p.status, p.body, p.content_type)
    }

    async fn json(&self, host: &str, path: &str) -> (u16, Value) {
        let (status, body, _) = self.get(host, path).await;
        (
            status,
            serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{path}: {e}")),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explore_v21_answers_like_the_real_portal() {
    let s = Sim::new().await;
    let real = fixture("01_v2.1_catalog_datasets_documentation-resources.json");
    let (status, list) = s
        .json(
            "www.odwb.be",
            "/api/explore/v2.1/catalog/datasets?limit=100&offset=0&order_by=modified%20desc",
        )
        .await;
    assert_eq!(status, 200);
    assert_covers(&list, &real, "listing");
    let results = list["results"].as_array().unwrap();
    assert_eq!(
        results.len() as u64,
        list["total_count"].as_u64().unwrap().min(100)
    );
    assert_covers(&results[0], &real["results"][0], "dataset");
    assert_covers(
        &results[0]["metas"]["default"],
        &real["results"][0]["metas"]["default"],
        "metas.default",
    );
    assert!(
        results[0]["metas"]["dcat"]
            .get("accrualperiodicity")
            .is_some()
    );
    let dates: Vec<&str> = results
        .iter()
        .map(|r| r["metas"]["default"]["modified"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "order_by=modified desc"
    );

    // Paging: limit/offset cut the same list.
    let (_, page) = s
        .json(
            "www.odwb.be",
            "/api/explore/v2.1/catalog/datasets?limit=2&offset=1&order_by=modified%20desc",
        )
        .await;
    let ids = |v: &Value| {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["dataset_id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&page), ids(&list)[1..3]);

    // where publisher= and refine=publisher: give exactly that publisher's datasets.
    let publisher = results
        .iter()
        .find_map(|r| {
            r["metas"]["default"]["publisher"]
                .as_str()
                .filter(|p| p.contains('+') || p.ends_with(' '))
        })
        .or_else(|| results[0]["metas"]["default"]["publisher"].as_str())
        .unwrap()
        .to_owned();
    let expected = results
        .iter()
        .filter(|r| r["metas"]["default"]["publisher"] == publisher.as_str())
        .count();
    let q: String =
        url::form_urlencoded::byte_serialize(format!("publisher=\"{publisher}\"").as_bytes())
            .collect();
    let (_, by_where) = s
        .json(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/datasets?limit=100&where={q}"),
        )
        .await;
    assert_eq!(
        by_where["total_count"].as_u64().unwrap() as usize,
        expected,
        "{publisher:?}"
    );
    let r: String =
        url::form_urlencoded::byte_serialize(format!("publisher:{publisher}").as_bytes()).collect();
    let (_, by_refine) = s
        .json(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/datasets?limit=100&refine={r}"),
        )
        .await;
    assert_eq!(by_refine["total_count"], by_where["total_count"]);
    let (_, searched) = s
        .json(
            "www.odwb.be",
            "/api/explore/v2.1/catalog/datasets?where=search(%22zzzz-nothing%22)",
        )
        .await;
    assert_eq!(searched["total_count"], 0);

    // Single dataset, exports list, one export.
    let id = results[0]["dataset_id"].as_str().unwrap();
    let (status, one) = s
        .json(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/datasets/{id}"),
        )
        .await;
    assert_eq!(status, 200);
    assert_covers(
        &one,
        &fixture("03b_v2.1_dataset_single_documentation-resources.json"),
        "single dataset",
    );
    let (_, exports) = s
        .json(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/datasets/{id}/exports"),
        )
        .await;
    let hrefs: Vec<&str> = exports["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["href"].as_str().unwrap())
        .collect();
    assert!(hrefs.iter().any(|h| h.ends_with("/exports/csv")));
    let (status, csv, ct) = s
        .get(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/datasets/{id}/exports/csv"),
        )
        .await;
    assert!(status == 200 || status == 206);
    assert!(ct.unwrap().starts_with("text/csv"));
    assert!(String::from_utf8_lossy(&csv).contains(';'));

    // DCAT export, filtered like fixture 05's request.
    let (status, rdf, ct) = s
        .get(
            "www.odwb.be",
            &format!("/api/explore/v2.1/catalog/exports/dcat?where={q}"),
        )
        .await;
    assert!(status == 200 || status == 206);
    assert_eq!(ct.as_deref(), Some("application/rdf+xml; charset=utf-8"));
    let rdf = String::from_utf8(rdf).unwrap();
    assert_eq!(rdf.matches("<dcat:Dataset ").count(), expected);
    let graph: Vec<_> = oxrdfxml::RdfXmlParser::new()
        .for_slice(rdf.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(graph.len() > 10);

    // Errors: the real bodies.
    let real_400 = &fixture("06_error_bodies.json")["v2.1_400_InvalidRESTParameterError_real_opendata.paris.fr"]
        ["body"];
    for bad in ["limit=101", "offset=9950&limit=100", "limit=abc"] {
        let (status, body) = s
            .json(
                "www.odwb.be",
                &format!("/api/explore/v2.1/catalog/datasets?{bad}"),
            )
            .await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(keys(&body), keys(real_400), "{bad}");
        assert_eq!(body["error_code"], "InvalidRESTParameterError");
    }
    let (status, body) = s
        .json(
            "www.odwb.be",
            "/api/explore/v2.1/catalog/datasets?limit=100&offset=9900",
        )
        .await;
    assert_eq!((status, body["total_count"].is_number()), (200, true));
    let (status, body) = s
        .json(
            "www.odwb.be",
            "/api/explore/v2.1/catalog/datasets?where=invalid_function()",
        )
        .await;
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("ODSQLError"))
    );
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_portals_v1_only_and_ckan() {
    let s = Sim::new().await;
    let m = s.server.manifest().clone();
    let v1 = m
        .portals
        .iter()
        .find(|p| p.kind == PortalKind::OpendatasoftV1)
        .expect("a v1-only portal");
    let host = url::Url::parse(&v1.url)
        .unwrap()
        .host_str()
        .unwrap()
        .to_owned();
    let (status, _) = s.json(&host, "/api/explore/v2.1/catalog/datasets").await;
    assert_eq!(status, 404, "v2.1 is absent on the v1-only portal");
    let (status, body) = s.json(&host, "/api/datasets/1.0/search/?rows=100").await;
    assert_eq!(status, 200);
    let real = fixture("04_v1_datasets_search_transparencia.sns.gov.pt.json");
    assert_covers(&body, &real, "v1 search");
    assert_eq!(body["nhits"].as_u64().unwrap() as usize, v1.datasets);
    let ours = &body["datasets"][0];
    assert_covers(ours, &real["datasets"][0], "v1 dataset");
    for k in [
        "publisher",
        "title",
        "modified",
        "license",
        "theme",
        "keyword",
    ] {
        assert!(ours["metas"].get(k).is_some(), "v1 metas.{k}");
    }

    let ckan = m
        .portals
        .iter()
        .find(|p| p.kind == PortalKind::Ckan)
        .expect("a CKAN portal");
    let host = url::Url::parse(&ckan.url)
        .unwrap()
        .host_str()
        .unwrap()
        .to_owned();
    let (status, body) = s
        .json(&host, "/api/3/action/package_search?rows=1000&start=0")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["success"], true);
    assert_eq!(
        body["result"]["count"].as_u64().unwrap() as usize,
        ckan.datasets
    );
    let pkg = &body["result"]["results"][0];
    for k in [
        "id",
        "name",
        "title",
        "license_id",
        "metadata_modified",
        "resources",
        "organization",
    ] {
        assert!(pkg.get(k).is_some(), "package.{k}");
    }
    let res = &pkg["resources"][0];
    for k in ["id", "url", "format", "mimetype", "last_modified"] {
        assert!(res.get(k).is_some(), "resource.{k}");
    }
    let (status, _, _) = s
        .get(
            &host,
            &url::Url::parse(res["url"].as_str().unwrap()).unwrap()[url::Position::BeforePath..],
        )
        .await;
    assert!(status == 200 || status == 206);
    let (status, body) = s
        .json(&host, "/api/3/action/package_search?rows=1001")
        .await;
    assert_eq!((status, body["success"].as_bool()), (409, Some(false)));
    s.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_fault_answers_429_with_the_real_body_and_headers() {
    let world = World::generate(&Config {
        seed: 4,
        communes: Some(5),
        faults: sim::FaultProfile::Some,
        ..Config::default()
    })
    .unwrap();
    let server = sim::serve(world, "127.0.0.1:0").await.unwrap();
    let fetcher = Fetcher::new(&FetchConfig {
        resolve: convert::resolve(&server),
        ..FetchConfig::default()
    })
    .unwrap();
    let url = server.url("www.odwb.be", "/api/explore/v2.1/catalog/datasets?limit=1");
    let mut statuses = Vec::new();
    let mut quota = None;
    for _ in 0..10 {
        let p = fetcher.probe(&url, 1 << 20).await.unwrap();
        statuses.push(p.status);
        if p.status == 429 {
            quota = Some(serde_json::from_slice::<Value>(&p.body).unwrap());
        }
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        1,
        "{statuses:?}"
    );
    let real = &fixture("06_error_bodies.json")["v2.1_429_quota_spec_example"]["body"];
    assert_eq!(keys(&quota.unwrap()), keys(real));
    let log = server.request_log();
    assert!(log.iter().any(|r| r.status == 429));
    server.shutdown().await;
}
