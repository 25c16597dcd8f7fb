//! The platforms answer in their real shapes, refusers refuse, big sites are big, and the
//! truth says what the server serves (checked by asking the server, never by trusting
//! the truth's own code).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Read as _;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::http::Req;
use crate::manifest::{IndexKind, Manifest, PlatformKind, PlatformTruth};
use crate::world::{Config, HostKind, World};

const PORT: u16 = 8080;

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

fn world(seed: u64, communes: Option<usize>) -> (World, Manifest) {
    let w = World::generate(&Config {
        seed,
        communes,
        platforms: true,
        ..Config::default()
    })
    .expect("world");
    let m = w.manifest(PORT);
    (w, m)
}

/// A GET as the server answers it (without the network).
async fn get(world: &World, url: &str, headers: &[(header::HeaderName, &str)]) -> Got {
    let u = url::Url::parse(url).expect("url");
    let host = u.host_str().unwrap_or_default().to_owned();
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(k.clone(), HeaderValue::from_str(v).expect("header"));
    }
    let req = Req {
        host: host.clone(),
        path: u.path().to_owned(),
        query: u.query().map(str::to_owned),
        headers: map,
        port: PORT,
    };
    let h = world.hosts.get(&host).expect("a host of the world");
    let response = match h.kind {
        HostKind::Commune(ci) => crate::site::respond(world, ci, &req, &h.faults),
        HostKind::Portal(pi) => crate::ods::respond(world, pi, &req, 0, false),
        HostKind::StaticImio => crate::http::raw(
            StatusCode::OK,
            "text/plain",
            crate::site::imio_robots(world),
        ),
    };
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Got {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

const JSON: (header::HeaderName, &str) = (header::ACCEPT, "application/json");

fn sites<'m>(m: &'m Manifest, kind: PlatformKind) -> impl Iterator<Item = &'m PlatformTruth> + 'm {
    m.platforms.iter().filter(move |p| p.platform == kind)
}

fn listed(p: &PlatformTruth) -> BTreeSet<String> {
    p.files
        .iter()
        .filter(|f| f.listed)
        .map(|f| f.url.clone())
        .collect()
}

#[test]
fn the_mix_is_mostly_imio_with_refusers_and_three_big_sites() {
    let (w, m) = world(11, None);
    let count = |k| sites(&m, k).count();
    let imio = count(PlatformKind::ImioSmartweb) + count(PlatformKind::ImioPlone);
    assert!(
        imio * 100 >= m.platforms.len() * 65,
        "{imio} of {}",
        m.platforms.len()
    );
    assert!(count(PlatformKind::ImioPlone) >= 10);
    assert!(count(PlatformKind::Wordpress) >= 10);
    for status in [401, 403, 404] {
        assert!(
            m.platforms.iter().any(|p| p.api_status == Some(status)),
            "no site answers its API {status}"
        );
    }
    assert!(m.platforms.iter().any(|p| p.api_disallowed_by_robots));
    let big: Vec<_> = m.platforms.iter().filter(|p| p.big).collect();
    assert_eq!(big.len(), 3);
    for p in &big {
        assert!(
            (300..=450).contains(&p.pages),
            "{} has {} pages",
            p.host,
            p.pages
        );
    }
    // iMio hosts ask for two minutes between requests.
    for p in sites(&m, PlatformKind::ImioSmartweb) {
        assert_eq!(p.crawl_delay, Some(120.0), "{}", p.host);
    }
    assert!(w.platforms());
    // The default world has no platform truth.
    let plain = World::generate(&Config {
        seed: 11,
        communes: Some(20),
        ..Config::default()
    })
    .expect("world");
    assert!(plain.manifest(PORT).platforms.is_empty());
}

#[tokio::test]
async fn smartweb_search_answers_plone_restapi_shape_paged_by_batching() {
    let (w, m) = world(11, Some(80));
    let site = sites(&m, PlatformKind::ImioSmartweb)
        .filter(|p| p.indexes.contains(&IndexKind::PloneSearch))
        .max_by_key(|p| p.files.len())
        .expect("an open smartweb site");
    let base = site.api_url.clone().expect("api");
    // The homepage shows the real markers.
    let home = get(&w, &format!("http://{}:{PORT}/", site.host), &[]).await;
    let html = home.text();
    assert!(html.contains("<meta name=\"generator\" content=\"Plone - https://plone.org/\""));
    assert!(html.contains("++plone++imio.smartweb") && html.contains("++theme++"));
    // Without the JSON Accept header: the HTML search page.
    let page = get(&w, &format!("{base}?portal_type=File"), &[]).await;
    assert!(
        page.header("content-type")
            .unwrap_or_default()
            .starts_with("text/html")
    );
    let mut seen = BTreeSet::new();
    for t in ["File", "imio.smartweb.Publication"] {
        let mut next = Some(format!(
            "{base}?portal_type={t}&b_size=3&sort_on=modified&metadata_fields=modified&metadata_fields=mime_type"
        ));
        let mut total = None;
        let mut pages = 0;
        while let Some(url) = next.take() {
            let got = get(&w, &url, &[JSON]).await;
            assert_eq!(got.status, StatusCode::OK);
            let v = got.json();
            assert!(v["@id"].as_str().is_some_and(|s| s.contains("/@search")));
            let n = v["items_total"].as_u64().expect("items_total");
            assert_eq!(*total.get_or_insert(n), n);
            let items = v["items"].as_array().expect("items");
            assert!(items.len() <= 3);
            for item in items {
                assert_eq!(item["@type"], t);
                for key in ["@id", "title", "description", "modified", "mime_type"] {
                    assert!(!item[key].is_null(), "{key} missing in {item}");
                }
                assert!(item.get("review_state").is_some());
                let id = item["@id"].as_str().expect("@id").to_owned();
                let file = site
                    .files
                    .iter()
                    .find(|f| f.url == id)
                    .expect("a file of the truth");
                assert_eq!(item["modified"], file.modified);
                seen.insert(id);
            }
            if n > 3 {
                let b = &v["batching"];
                for key in ["@id", "first", "last"] {
                    assert!(b[key].is_string(), "batching.{key}");
                }
                next = b["next"].as_str().map(str::to_owned);
            } else {
                assert!(v.get("batching").is_none());
            }
            pages += 1;
            assert!(pages < 100);
        }
    }
    assert_eq!(seen, listed(site));
    // The download view serves the bytes as an attachment, in both spellings.
    let one = seen.iter().next().expect("a file");
    let name = one.rsplit('/').next().unwrap_or_default();
    for dl in [
        format!("{one}/@@download/file"),
        format!("{one}/@@download/file/{name}"),
    ] {
        let got = get(&w, &dl, &[]).await;
        assert_eq!(got.status, StatusCode::OK, "{dl}");
        assert!(
            got.header("content-disposition")
                .is_some_and(|d| d.contains("attachment"))
        );
    }
    // b_size is capped at 100.
    let big = get(&w, &format!("{base}?b_size=1000"), &[JSON])
        .await
        .json();
    assert!(big["items"].as_array().is_some_and(|i| i.len() <= 100));
}

#[tokio::test]
async fn smartweb_news_and_agenda_are_browser_shells() {
    let (w, m) = world(11, Some(80));
    let site = sites(&m, PlatformKind::ImioSmartweb)
        .next()
        .expect("smartweb");
    let ci = w
        .communes
        .iter()
        .position(|c| c.host.as_deref() == Some(site.host.as_str()))
        .expect("commune");
    let c = &w.communes[ci];
    for path in [&c.layout.news, &c.layout.agenda] {
        let got = get(&w, &format!("http://{}:{PORT}{path}", site.host), &[]).await;
        let html = got.text();
        assert!(html.contains("data-target=\"https://"), "{path}");
        let main = html.split("<main").nth(1).unwrap_or_default();
        let main = main.split("</main>").next().unwrap_or_default();
        assert!(!main.contains("href="), "{path} lists links: {main}");
    }
}

#[tokio::test]
async fn older_plone_sitemap_gz_lists_every_file_as_view_with_lastmod() {
    let (w, m) = world(11, Some(120));
    let site = sites(&m, PlatformKind::ImioPlone)
        .max_by_key(|p| p.files.len())
        .expect("an older Plone site");
    let got = get(
        &w,
        &format!("http://{}:{PORT}/sitemap.xml.gz", site.host),
        &[],
    )
    .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(&got.body[..2], &[0x1f, 0x8b], "gzip bytes");
    let mut xml = String::new();
    flate2::read::GzDecoder::new(&got.body[..])
        .read_to_string(&mut xml)
        .expect("gunzip");
    assert!(!site.files.is_empty());
    for f in &site.files {
        let entry = format!("<loc>{}/view</loc><lastmod>{}</lastmod>", f.url, f.modified);
        assert!(xml.contains(&entry), "{entry} missing");
        assert!(f.listed);
    }
    // Sites without plone.restapi answer @search with their 404 page.
    if let Some(no_api) = sites(&m, PlatformKind::ImioPlone).find(|p| p.api_status == Some(404)) {
        let got = get(&w, no_api.api_url.as_deref().unwrap_or_default(), &[JSON]).await;
        assert_eq!(got.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn wordpress_media_pages_by_headers_and_refuses_past_the_last_page() {
    let (w, m) = world(11, None);
    let site = sites(&m, PlatformKind::Wordpress)
        .filter(|p| p.indexes.contains(&IndexKind::WpMedia))
        .max_by_key(|p| p.files.len())
        .expect("an open WordPress site");
    let media = format!("http://{}:{PORT}/wp-json/wp/v2/media", site.host);
    let first = get(&w, &format!("{media}?per_page=2&page=1"), &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    let total: usize = first
        .header("x-wp-total")
        .and_then(|v| v.parse().ok())
        .expect("X-WP-Total");
    let pages: usize = first
        .header("x-wp-totalpages")
        .and_then(|v| v.parse().ok())
        .expect("X-WP-TotalPages");
    assert_eq!(total, listed(site).len());
    assert_eq!(pages, total.div_ceil(2));
    let mut seen = BTreeSet::new();
    for page in 1..=pages {
        let got = get(&w, &format!("{media}?per_page=2&page={page}"), &[]).await;
        for item in got.json().as_array().expect("array") {
            for key in [
                "id",
                "date",
                "modified",
                "slug",
                "mime_type",
                "media_type",
                "source_url",
                "link",
            ] {
                assert!(!item[key].is_null(), "{key} missing");
            }
            assert!(item["title"]["rendered"].is_string());
            let url = item["source_url"].as_str().unwrap_or_default().to_owned();
            let f = site
                .files
                .iter()
                .find(|f| f.url == url)
                .expect("a file of the truth");
            assert!(
                f.modified
                    .starts_with(item["modified"].as_str().unwrap_or("-"))
            );
            seen.insert(url);
        }
    }
    assert_eq!(seen, listed(site));
    let past = get(&w, &format!("{media}?per_page=2&page={}", pages + 1), &[]).await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    assert_eq!(past.json()["code"], "rest_post_invalid_page_number");
    let too_many = get(&w, &format!("{media}?per_page=101"), &[]).await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
}

/// Breadth-first over a site's own links: pages seen, and the link depth of every URL.
async fn crawl(w: &World, host: &str, limit: usize) -> (usize, BTreeMap<String, usize>) {
    let start = format!("http://{host}:{PORT}/");
    let mut depth = BTreeMap::from([(start.clone(), 0usize)]);
    let mut queue = VecDeque::from([start]);
    let mut pages = 0;
    while let Some(url) = queue.pop_front() {
        let got = get(w, &url, &[]).await;
        if got.status.is_redirection() {
            if let Some(loc) = got.header("location") {
                let d = depth[&url];
                if !depth.contains_key(loc) {
                    depth.insert(loc.to_owned(), d);
                    queue.push_back(loc.to_owned());
                }
            }
            continue;
        }
        let html = got
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"));
        if !html || !got.status.is_success() {
            continue;
        }
        pages += 1;
        assert!(pages <= limit, "more than {limit} pages on {host}");
        let d = depth[&url];
        let text = got.text();
        for part in text.split("href=\"").skip(1) {
            let href = part
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&");
            let same_host = url::Url::parse(&href).is_ok_and(|u| u.host_str() == Some(host));
            if same_host && !depth.contains_key(&href) {
                depth.insert(href.clone(), d + 1);
                queue.push_back(href);
            }
        }
    }
    (pages, depth)
}

#[tokio::test]
async fn refusers_refuse_and_their_linked_files_stay_reachable_by_links() {
    let (w, m) = world(11, Some(80));
    let refusers: Vec<_> = m
        .platforms
        .iter()
        .filter(|p| p.platform != PlatformKind::Other)
        .filter(|p| p.api_status != Some(200) || p.api_disallowed_by_robots)
        .collect();
    assert!(refusers.len() >= 3, "{} refusers", refusers.len());
    for p in refusers {
        let api = p.api_url.clone().expect("api");
        let probe = if p.platform == PlatformKind::Wordpress {
            format!("http://{}:{PORT}/wp-json/wp/v2/media?per_page=100", p.host)
        } else {
            format!("{api}?portal_type=File")
        };
        let got = get(&w, &probe, &[JSON]).await;
        if p.api_disallowed_by_robots {
            let robots = get(&w, &format!("http://{}:{PORT}/robots.txt", p.host), &[]).await;
            let path = api.trim_start_matches(&format!("http://{}:{PORT}", p.host));
            assert!(
                robots.text().contains(&format!("Disallow: {path}")),
                "{}",
                p.host
            );
        } else {
            assert_eq!(Some(got.status.as_u16()), p.api_status, "{probe}");
        }
        let (_, depth) = crawl(&w, &p.host, 600).await;
        for f in p.files.iter().filter(|f| f.linked) {
            let href = f.linked_as.as_ref().unwrap_or(&f.url);
            assert!(
                depth.contains_key(href),
                "{href} not found by links on {}",
                p.host
            );
        }
    }
}

#[tokio::test]
async fn big_sites_hide_their_data_deep() {
    let (w, m) = world(11, None);
    for p in m.platforms.iter().filter(|p| p.big) {
        let (pages, depth) = crawl(&w, &p.host, 600).await;
        assert!((300..=450).contains(&pages), "{}: {pages} pages", p.host);
        let commune = m.commune(&p.nis_code).expect("commune");
        let buried: Vec<_> = commune
            .datasets
            .iter()
            .filter(|d| {
                d.landing_page.as_ref().is_some_and(|l| {
                    l.contains("/archives/") || l.contains("/blog/") || l.contains("/services/")
                })
            })
            .collect();
        assert_eq!(buried.len(), 3, "{}", p.host);
        for d in buried {
            assert!(d.reachable_from_homepage);
            for x in d.distributions.iter().filter(|x| !x.broken) {
                let href = x.linked_as.as_ref().unwrap_or(&x.url);
                let deep = depth.get(href).copied();
                assert!(deep.is_some_and(|k| k >= 8), "{href} at depth {deep:?}");
            }
        }
    }
}

#[tokio::test]
async fn ods_catalogue_export_and_facets_in_one_call_each() {
    let (w, m) = world(11, Some(40));
    let odwb = &m.portals[0];
    let base = odwb.url.trim_end_matches('/');
    let all = get(
        &w,
        &format!("{base}/api/explore/v2.1/catalog/exports/json"),
        &[],
    )
    .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.header("x-ratelimit-limit"), Some("5000"));
    assert!(all.header("x-ratelimit-reset").is_some());
    let list = all.json();
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), odwb.datasets);
    for d in list {
        assert!(d["dataset_id"].is_string());
        assert!(d["metas"]["default"]["modified"].is_string());
        assert!(d["metas"]["default"]["data_processed"].is_string());
    }
    let facets = get(
        &w,
        &format!("{base}/api/explore/v2.1/catalog/facets?facet=publisher"),
        &[],
    )
    .await
    .json();
    let f = &facets["facets"][0];
    assert_eq!(f["name"], "publisher");
    let counted: u64 = f["facets"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v["count"].as_u64().unwrap_or(0))
        .sum();
    let with_publisher = list
        .iter()
        .filter(|d| d["metas"]["default"]["publisher"].is_string())
        .count();
    assert_eq!(counted as usize, with_publisher);
    let dcat = get(
        &w,
        &format!("{base}/api/explore/v2.1/catalog/exports/dcat"),
        &[],
    )
    .await;
    assert_eq!(dcat.text().matches("<dcat:Dataset ").count(), odwb.datasets);
}

/// One raw HTTP/1.1 GET to the live server: status and headers.
async fn raw_get(addr: std::net::SocketAddr, host: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    (status, head)
}

#[tokio::test]
async fn ods_quota_answers_429_and_the_log_counts_requests_per_host() {
    let w = World::generate(&Config {
        seed: 11,
        communes: Some(10),
        ods_daily_quota: Some(3),
        ..Config::default()
    })
    .expect("world");
    let server = crate::serve(w, "127.0.0.1:0").await.expect("serve");
    assert_eq!(server.manifest().ods_daily_quota, Some(3));
    let path = "/api/explore/v2.1/catalog/exports/json";
    let mut statuses = Vec::new();
    for k in 0..5u64 {
        let (status, head) = raw_get(server.addr(), "www.odwb.be", path).await;
        assert!(head.contains("x-ratelimit-limit: 3"), "{head}");
        let remaining = 3u64.saturating_sub(k + 1);
        assert!(
            head.contains(&format!("x-ratelimit-remaining: {remaining}")),
            "{head}"
        );
        assert!(head.contains("x-ratelimit-reset:"));
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let counts = server.requests_per_host();
    assert_eq!(counts.get("www.odwb.be"), Some(&5));
    server.shutdown().await;
}

#[tokio::test]
async fn a_rerun_serves_the_same_dates_and_answers_304_on_unchanged_files() {
    let (w, m) = world(5, Some(40));
    let (_, again) = world(5, Some(40));
    assert_eq!(m.platforms, again.platforms);
    let f = m
        .platforms
        .iter()
        .flat_map(|p| p.files.iter())
        .find(|f| f.data)
        .expect("a data file");
    let first = get(&w, &f.url, &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.header("etag").expect("ETag").to_owned();
    let lm = first
        .header("last-modified")
        .expect("Last-Modified")
        .to_owned();
    let by_etag = get(&w, &f.url, &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(by_etag.status, StatusCode::NOT_MODIFIED);
    assert!(by_etag.body.is_empty());
    let by_date = get(&w, &f.url, &[(header::IF_MODIFIED_SINCE, &lm)]).await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);
}

#[test]
fn crawl_delays_name_every_imio_host_at_120_seconds() {
    let (_, m) = world(11, Some(60));
    let delays = m.crawl_delays();
    for p in m
        .platforms
        .iter()
        .filter(|p| p.platform == PlatformKind::ImioSmartweb)
    {
        assert_eq!(delays.get(&p.host), Some(&120.0), "{}", p.host);
    }
}

#[tokio::test]
async fn the_default_world_serves_no_platform_index() {
    let w = World::generate(&Config {
        seed: 11,
        communes: Some(60),
        ..Config::default()
    })
    .expect("world");
    let m = w.manifest(PORT);
    let mut checked = 0;
    for c in m
        .communes
        .iter()
        .filter(|c| c.website_reachable && !c.soft_404)
    {
        let Some(site) = c.website.as_deref() else {
            continue;
        };
        let root = site.trim_end_matches('/').trim_end_matches("/index.php");
        for path in [
            "/@search?portal_type=File",
            "/wp-json/wp/v2/media",
            "/sitemap.xml.gz",
        ] {
            let got = get(&w, &format!("{root}{path}"), &[JSON]).await;
            assert_eq!(got.status, StatusCode::NOT_FOUND, "{root}{path}");
            checked += 1;
        }
    }
    assert!(checked > 30);
}
