//! Commune sites as their platforms really answer, for worlds built with
//! [`Config::platforms`](crate::Config::platforms).
//!
//! A crawler that only follows links spends a whole budget on a big iMio site (one request
//! every two minutes) and still misses what lies deep. Every platform already keeps an
//! index of what it publishes; this module serves those indexes in their real shapes, so
//! an auditor can be graded on asking them first — and on falling back to links when a
//! site refuses:
//!
//! - **iMio smartweb (Plone 6)**: `++plone++imio.smartweb…` assets, news and agenda pages
//!   that are empty shells rendered in the browser from another host, files in the
//!   "fichiers" section of content pages linked to `@@download/file`, and plone.restapi's
//!   `GET /@search` with `Accept: application/json` (`@id`, `items`, `items_total`,
//!   `batching` when there is more than one batch; `b_start`/`b_size`, at most 100 a
//!   batch; `metadata_fields` adds `modified`, `created`, `mime_type`, `getObjSize`...).
//!   Without the JSON `Accept` header, `@search` is the HTML search page.
//! - **Older iMio Plone (4/5)**: `/sitemap.xml.gz` (gzip bytes served as
//!   `application/octet-stream`, as Plone does) lists every object anonymous visitors can
//!   see, files as `…/name.csv/view` with `lastmod`; `@search` only where plone.restapi is
//!   installed (else the site's 404 page).
//! - **WordPress**: `/wp-json/wp/v2/media?per_page=100&page=N` with `X-WP-Total` and
//!   `X-WP-TotalPages`, 400 `rest_post_invalid_page_number` beyond the last page; files put
//!   on the server by other means than the media library are not in it.
//! - **Refusers**: some sites answer their API 401, 403 or 404, some disallow it in
//!   robots.txt; their files stay linked from their pages.
//! - **Big sites**: the three most populous communes' sites have hundreds of pages (a news
//!   archive, a blog, a services tree) with their data on page 9 of the archive, 7 to 9
//!   links down the services tree, in a post on page 12 of the blog.
//!
//! Truth ([`PlatformTruth`]) is computed from the world's own data here, never by parsing
//! what is served.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};

use super::communes::Commune;
use super::dates::{NOW, rfc3339};
use super::http::{Req, entity, json as json_reply, raw};
use super::manifest::{IndexKind, PlatformKind, PlatformTruth, SiteFileTruth, SiteKind};
use super::rng::{Rng, mix};
use super::world::{CommuneSim, Placement, World, content_type_of_ext};

/// The most items plone.restapi returns in one batch here.
pub const PLONE_MAX_BATCH: usize = 100;
/// plone.restapi's default batch size.
const PLONE_DEFAULT_BATCH: usize = 25;
/// WordPress's largest `per_page`.
pub const WP_MAX_PER_PAGE: usize = 100;
/// Items per page of a big site's news archive.
const ARCHIVE_PAGE: usize = 20;
/// Posts per page of a big site's blog.
const BLOG_PAGE: usize = 5;
/// Levels of a big site's services tree.
const SERVICES_DEPTH: usize = 9;

/// How a site treats its API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ApiAccess {
    /// Answers anonymous requests.
    Open,
    /// Answers with this status (401, 403, 404).
    Refuses(u16),
    /// Answers, but robots.txt disallows it.
    RobotsDisallow,
}

/// The platform a commune site runs.
#[derive(Clone, Debug)]
pub(crate) struct PlatformSim {
    pub kind: PlatformKind,
    pub api: ApiAccess,
    pub big: Option<BigSite>,
}

/// Where a big site buries a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Burial {
    /// In an article listed on this page (1-based) of the news archive.
    Archive { item: usize },
    /// On the services page this many links below the homepage.
    Services { depth: usize },
    /// In a post listed on this page (1-based) of the blog.
    Blog { post: usize },
}

impl Burial {
    /// The page that links the dataset's files.
    pub(crate) fn page_path(self) -> String {
        match self {
            Burial::Archive { item } => format!("/archives/actualites/article-{item}"),
            Burial::Services { depth } => services_path(depth),
            Burial::Blog { post } => format!("/blog/billet-{post}"),
        }
    }
}

/// The size of a big site.
#[derive(Clone, Debug)]
pub(crate) struct BigSite {
    pub archive_pages: usize,
    pub blog_pages: usize,
    /// How deep the services tree's data page is (7 to 9).
    pub services_data_depth: usize,
}

impl BigSite {
    /// Where its three datasets lie: page 9 of the archive, deep in the services tree, a
    /// post on page 12 of the blog.
    pub(crate) fn burials(&self) -> [Burial; 3] {
        [
            Burial::Archive {
                item: 8 * ARCHIVE_PAGE + 7,
            },
            Burial::Services {
                depth: self.services_data_depth,
            },
            Burial::Blog {
                post: 11 * BLOG_PAGE + 2,
            },
        ]
    }
}

fn services_path(depth: usize) -> String {
    let mut p = String::from("/services");
    for d in 1..=depth {
        let _ = write!(p, "/n{d}");
    }
    p
}

/// The three most populous communes with a website, by index in `communes`.
pub(crate) fn biggest_sites(communes: &[Commune]) -> Vec<usize> {
    let mut order: Vec<(u32, usize)> = communes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.website.is_some())
        .map(|(i, c)| (c.population, i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().take(3).map(|(_, i)| i).collect()
}

/// Draw a commune's platform from its own stream (the world's other draws stay as they
/// were). The second and third site of each platform refuse their API (robots.txt, then
/// a status), so even small worlds have refusers.
pub(crate) fn draw(
    seed: u64,
    c: &CommuneSim,
    big: bool,
    earlier: &[CommuneSim],
) -> Option<PlatformSim> {
    let mut rng = Rng::new(seed, &format!("platform/{}", c.info.nis_code));
    let kind = match c.kind? {
        SiteKind::Imio if rng.chance(0.7) => PlatformKind::ImioSmartweb,
        SiteKind::Imio => PlatformKind::ImioPlone,
        SiteKind::Wordpress => PlatformKind::Wordpress,
        SiteKind::Custom => PlatformKind::Other,
    };
    let ordinal = earlier
        .iter()
        .filter(|e| e.platform.as_ref().is_some_and(|p| p.kind == kind))
        .count();
    let api = match (kind, ordinal) {
        (PlatformKind::Other, _) => ApiAccess::Refuses(404),
        (PlatformKind::ImioPlone, 1) => ApiAccess::Refuses(404),
        (_, 1) => ApiAccess::RobotsDisallow,
        (PlatformKind::ImioSmartweb, 2) => ApiAccess::Refuses(401),
        (PlatformKind::Wordpress, 2) => ApiAccess::Refuses(403),
        (PlatformKind::ImioSmartweb, _) => match rng.weighted(&[80, 6, 4, 10]) {
            0 => ApiAccess::Open,
            1 => ApiAccess::Refuses(401),
            2 => ApiAccess::Refuses(403),
            _ => ApiAccess::RobotsDisallow,
        },
        // Many older Plone sites never got plone.restapi.
        (PlatformKind::ImioPlone, _) => match rng.weighted(&[55, 40, 5]) {
            0 => ApiAccess::Open,
            1 => ApiAccess::Refuses(404),
            _ => ApiAccess::Refuses(401),
        },
        (PlatformKind::Wordpress, _) => match rng.weighted(&[75, 8, 5, 12]) {
            0 => ApiAccess::Open,
            1 => ApiAccess::Refuses(401),
            2 => ApiAccess::Refuses(404),
            _ => ApiAccess::RobotsDisallow,
        },
    };
    let big = big.then(|| BigSite {
        archive_pages: rng.range(10, 13) as usize,
        blog_pages: 13,
        services_data_depth: rng.range(7, 9) as usize,
    });
    Some(PlatformSim { kind, api, big })
}

/// The API path a platform serves.
fn api_path(kind: PlatformKind) -> Option<&'static str> {
    match kind {
        PlatformKind::ImioSmartweb | PlatformKind::ImioPlone => Some("/@search"),
        PlatformKind::Wordpress => Some("/wp-json/"),
        PlatformKind::Other => None,
    }
}

/// The robots.txt of a site that disallows its API (it no longer uses iMio's shared one).
pub(crate) fn robots(world: &World, c: &CommuneSim) -> Option<(String, Option<f64>, Vec<String>)> {
    let p = c.platform.as_ref()?;
    if p.api != ApiAccess::RobotsDisallow {
        return None;
    }
    let api = api_path(p.kind)?;
    match p.kind {
        PlatformKind::Wordpress => Some((
            format!(
                "User-agent: *\nDisallow: /wp-admin/\nDisallow: {api}\nAllow: /wp-admin/admin-ajax.php\n"
            ),
            None,
            vec!["/wp-admin/".into(), api.into()],
        )),
        _ => {
            let delay = world.effective_delay(c.crawl_delay);
            let mut text = String::from("User-agent: *\n");
            if let Some(d) = delay {
                let _ = writeln!(text, "Crawl-delay: {}", super::site::fmt_delay(d));
            }
            let mut disallow: Vec<String> = super::site::IMIO_DISALLOW
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            disallow.push(api.into());
            for d in &disallow {
                let _ = writeln!(text, "Disallow: {d}");
            }
            Some((text, delay, disallow))
        }
    }
}

/// An older Plone's sitemap: the gzipped one, listing files.
pub(crate) fn sitemap_gz_path(c: &CommuneSim) -> Option<&'static str> {
    let p = c.platform.as_ref()?;
    (p.kind == PlatformKind::ImioPlone).then_some("/sitemap.xml.gz")
}

/// Links a big site's homepage gives to its archive, blog and services.
pub(crate) fn home_links(c: &CommuneSim, base: &str) -> String {
    if c.platform.as_ref().and_then(|p| p.big.as_ref()).is_none() {
        return String::new();
    }
    format!(
        "<ul class=\"sections\"><li><a href=\"{base}/archives/actualites\">Archives des actualités</a></li><li><a href=\"{base}/blog\">Le blog du bourgmestre</a></li><li><a href=\"{base}/services/n1\">Services communaux</a></li></ul>"
    )
}

/// The `<head>` markers of the site's platform (`None`: the site's usual ones).
pub(crate) fn head_markers(c: &CommuneSim, base: &str) -> Option<String> {
    let p = c.platform.as_ref()?;
    match p.kind {
        PlatformKind::ImioSmartweb => Some(format!(
            "<meta name=\"generator\" content=\"Plone - https://plone.org/\" />\n<link rel=\"stylesheet\" href=\"{base}/++plone++imio.smartweb.core/smartweb-compiled.css\" />\n<link rel=\"stylesheet\" href=\"{base}/++theme++imio.smartweb.theme/css/theme.css\" />\n<script src=\"{base}/++plone++static/bundle-plone/bundle.min.js\"></script>"
        )),
        PlatformKind::ImioPlone => Some(format!(
            "<meta name=\"generator\" content=\"Plone - http://plone.com\" />\n<link rel=\"stylesheet\" href=\"{base}/portal_css/Sunburst%20Theme/cpskin-cachekey-7f3a.css\" />\n<link rel=\"stylesheet\" href=\"{base}/++theme++cpskin.theme/css/main.css\" />"
        )),
        _ => None,
    }
}

/// True for an iMio smartweb site (its homepage lists every news item: the news page is
/// a browser-rendered shell).
pub(crate) fn is_smartweb(c: &CommuneSim) -> bool {
    c.platform
        .as_ref()
        .is_some_and(|p| p.kind == PlatformKind::ImioSmartweb)
}

/// Answer what the platform answers itself; `None` for the site's ordinary pages.
pub(crate) fn respond(world: &World, ci: usize, req: &Req, base: &str) -> Option<Response> {
    let c = &world.communes[ci];
    let p = c.platform.as_ref()?;
    let path = req.path.as_str();
    if path.contains("/++plone++") || path.contains("/++theme++") || path.contains("/portal_css/") {
        return Some(raw(StatusCode::OK, "text/css", "body{margin:0}"));
    }
    if let Some(r) = big_page(world, c, p, req, base) {
        return Some(r);
    }
    match p.kind {
        PlatformKind::ImioSmartweb | PlatformKind::ImioPlone => {
            if path == "/@search" || path == "/++api++/@search" {
                return Some(plone_search(world, c, p, req, base));
            }
            if p.kind == PlatformKind::ImioPlone && path == "/sitemap.xml.gz" {
                return Some(sitemap_gz(world, c, req, base));
            }
            if p.kind == PlatformKind::ImioSmartweb
                && (path == c.layout.news || path == c.layout.agenda)
            {
                return Some(shell(c, req, base, path == c.layout.news));
            }
            None
        }
        PlatformKind::Wordpress => {
            if path == "/wp-json/wp/v2/media" || path == "/wp-json/wp/v2/media/" {
                return Some(wp_media(world, c, p, req, base));
            }
            if path == "/" && req.param("attachment_id").is_some() {
                return Some(wp_attachment(world, c, req, base));
            }
            None
        }
        PlatformKind::Other => None,
    }
}

/// A smartweb listing: the browser fetches it from another host.
fn shell(c: &CommuneSim, req: &Req, base: &str, news: bool) -> Response {
    let (title, kind, host) = if news {
        ("Actualités", "news", "actualites.enwallonie.be")
    } else {
        ("Agenda", "events", "agenda.enwallonie.be")
    };
    let body = format!(
        "<div id=\"smartweb-{kind}-react\" class=\"react-view\" data-target=\"https://{host}/{}\" data-query-url=\"https://{host}/@search\" data-batch-size=\"12\" data-display-map=\"false\"></div><noscript>Activez JavaScript pour voir cette page.</noscript>",
        c.slug
    );
    super::site::finish(c, req, &[], base, title, &body)
}

/// The files a site serves, by path, with whether each is a dataset's.
fn site_files<'w>(world: &'w World, c: &CommuneSim) -> Vec<(&'w str, usize, bool)> {
    let Some(h) = c.host.as_deref().and_then(|h| world.hosts.get(h)) else {
        return Vec::new();
    };
    let data: BTreeSet<usize> = c
        .datasets
        .iter()
        .flat_map(|&d| world.datasets[d].dists.iter().filter_map(|x| x.file))
        .collect();
    let mut files: Vec<(&str, usize, bool)> = h
        .files
        .iter()
        .map(|(p, &f)| (p.as_str(), f, data.contains(&f)))
        .collect();
    files.sort();
    files
}

/// A smartweb site's data files are `File`s, except one in five filed as a
/// `imio.smartweb.Publication`; its flyers are publications too.
fn plone_type(world: &World, c: &CommuneSim, path: &str, f: usize, data: bool) -> &'static str {
    let smartweb = is_smartweb(c);
    let flyer = !data && c.decoys.iter().any(|d| d.file == f && d.kind == "flyer");
    if smartweb && (flyer || (data && mix(world.seed, path).is_multiple_of(5))) {
        "imio.smartweb.Publication"
    } else {
        "File"
    }
}

fn wants_json(req: &Req) -> bool {
    req.headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/json"))
}

fn refusal(world: &World, c: &CommuneSim, req: &Req, status: u16, wordpress: bool) -> Response {
    let (code, message) = match (status, wordpress) {
        (401, true) => (
            "rest_not_logged_in",
            "Vous n’êtes actuellement pas connecté.",
        ),
        (_, true) => (
            "rest_forbidden",
            "Désolé, vous n’avez pas l’autorisation de faire cela.",
        ),
        (401, false) => (
            "Unauthorized",
            "You are not authorized to access this resource.",
        ),
        (_, false) => ("Forbidden", "You are not allowed to access this resource."),
    };
    match status {
        404 => super::site::missing(world, c, req, &[]),
        s => {
            let status = StatusCode::from_u16(s).unwrap_or(StatusCode::FORBIDDEN);
            let body = if wordpress {
                json!({"code": code, "message": message, "data": {"status": s}})
            } else {
                json!({"type": code, "message": message})
            };
            json_reply(status, &body)
        }
    }
}

/// plone.restapi's `@search`.
fn plone_search(world: &World, c: &CommuneSim, p: &PlatformSim, req: &Req, base: &str) -> Response {
    if let ApiAccess::Refuses(s) = p.api {
        return refusal(world, c, req, s, false);
    }
    if !wants_json(req) {
        let q = req.param("SearchableText").unwrap_or_default();
        let body = format!(
            "<form action=\"{base}/@@search\"><input name=\"SearchableText\" value=\"{}\"><button>Rechercher</button></form><p>Aucun résultat.</p>",
            q.replace('<', "&lt;").replace('"', "&quot;")
        );
        return super::site::finish(c, req, &[], base, "Rechercher", &body);
    }
    let params = req.params();
    let types: Vec<&str> = params
        .iter()
        .filter(|(k, _)| k == "portal_type" || k == "portal_type:list")
        .map(|(_, v)| v.as_str())
        .collect();
    let fields: BTreeSet<&str> = params
        .iter()
        .filter(|(k, _)| k == "metadata_fields" || k == "metadata_fields:list")
        .map(|(_, v)| v.as_str())
        .collect();
    let start: usize = req
        .param("b_start")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let size: usize = req
        .param("b_size")
        .and_then(|v| v.parse().ok())
        .unwrap_or(PLONE_DEFAULT_BATCH)
        .clamp(1, PLONE_MAX_BATCH);
    let mut items: Vec<(&str, usize, &'static str)> = site_files(world, c)
        .into_iter()
        .map(|(path, f, data)| (path, f, plone_type(world, c, path, f, data)))
        .filter(|(_, _, t)| types.is_empty() || types.contains(t))
        .collect();
    match req.param("sort_on").as_deref() {
        Some("modified" | "created" | "effective") => {
            items.sort_by_key(|(_, f, _)| world.files[*f].last_modified);
        }
        Some("sortable_title") => items.sort_by_key(|(_, f, _)| world.files[*f].name.clone()),
        _ => {}
    }
    if matches!(
        req.param("sort_order").as_deref(),
        Some("descending" | "reverse")
    ) {
        items.reverse();
    }
    let total = items.len();
    let page: Vec<Value> = items
        .iter()
        .skip(start)
        .take(size)
        .map(|&(path, f, t)| plone_item(world, base, path, f, t, &fields))
        .collect();
    let self_url = format!("{base}{}", full_path(req));
    let mut body = json!({"@id": self_url, "items": page, "items_total": total});
    if total > size {
        body["batching"] = batching(req, base, start, size, total);
    }
    json_reply(StatusCode::OK, &body)
}

fn full_path(req: &Req) -> String {
    match &req.query {
        Some(q) => format!("{}?{q}", req.path),
        None => req.path.clone(),
    }
}

/// The request's URL with `b_start` set to `start`.
fn with_b_start(req: &Req, base: &str, start: usize) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in req.params().iter().filter(|(k, _)| k != "b_start") {
        q.append_pair(k, v);
    }
    q.append_pair("b_start", &start.to_string());
    format!("{base}{}?{}", req.path, q.finish())
}

fn batching(req: &Req, base: &str, start: usize, size: usize, total: usize) -> Value {
    let last = (total - 1) / size * size;
    let mut b = json!({
        "@id": format!("{base}{}", full_path(req)),
        "first": with_b_start(req, base, 0),
        "last": with_b_start(req, base, last),
    });
    if start + size < total {
        b["next"] = json!(with_b_start(req, base, start + size));
    }
    if start > 0 {
        b["prev"] = json!(with_b_start(req, base, start.saturating_sub(size)));
    }
    b
}

fn plone_item(
    world: &World,
    base: &str,
    path: &str,
    f: usize,
    portal_type: &str,
    fields: &BTreeSet<&str>,
) -> Value {
    let file = &world.files[f];
    let publication = portal_type != "File";
    let mut item = json!({
        "@id": format!("{base}{path}"),
        "@type": portal_type,
        "description": "",
        "review_state": if publication { json!("published") } else { Value::Null },
        "title": file.name,
        "type_title": if publication { "Publication" } else { "Fichier" },
    });
    let all = fields.contains("_all");
    let want = |name: &str| all || fields.contains(name);
    let ext = file.name.rsplit_once('.').map_or("", |(_, e)| e);
    let date = rfc3339(file.last_modified);
    for (name, value) in [
        ("modified", json!(date)),
        ("created", json!(date)),
        ("effective", json!(date)),
        ("mime_type", json!(content_type_of_ext(ext))),
        ("id", json!(file.name)),
        ("portal_type", json!(portal_type)),
        (
            "UID",
            json!(format!(
                "{:032x}",
                u128::from(mix(world.seed, path)) << 64 | u128::from(f as u64)
            )),
        ),
    ] {
        if want(name) {
            item[name] = value;
        }
    }
    if want("getObjSize") {
        item["getObjSize"] = json!(human_size(file.payload.render().len()));
    }
    item
}

/// Plone's human-readable size (`12.3 KB`).
fn human_size(n: usize) -> String {
    let kb = n as f64 / 1024.0;
    if n < 1024 {
        format!("{n} B")
    } else if kb < 1024.0 {
        format!("{kb:.1} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

/// An older Plone's `sitemap.xml.gz`: every page and every file (`…/view`).
fn sitemap_gz(world: &World, c: &CommuneSim, req: &Req, base: &str) -> Response {
    let mut urls: Vec<(String, i64)> = site_pages(c)
        .into_iter()
        .map(|p| (format!("{base}{p}"), NOW - 86_400))
        .collect();
    urls.extend(c.news.iter().map(|n| (format!("{base}{}", n.path), n.date)));
    for (path, f, _) in site_files(world, c) {
        urls.push((format!("{base}{path}/view"), world.files[f].last_modified));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (u, t) in urls {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
            u.replace('&', "&amp;"),
            rfc3339(t)
        );
    }
    xml.push_str("</urlset>\n");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = enc.write_all(xml.as_bytes());
    let gz = enc.finish().unwrap_or_default();
    entity(
        req,
        Bytes::from(gz),
        Some("application/octet-stream"),
        Some(NOW - 86_400),
        &[],
    )
}

/// A big site's archive, blog and services pages (none for other sites).
pub(crate) fn big_pages(c: &CommuneSim) -> Vec<String> {
    let mut pages = Vec::new();
    if let Some(b) = c.platform.as_ref().and_then(|p| p.big.as_ref()) {
        pages.push("/archives/actualites".into());
        pages.extend(
            (0..b.archive_pages * ARCHIVE_PAGE)
                .map(|i| format!("/archives/actualites/article-{i}")),
        );
        pages.push("/blog".into());
        pages.extend((0..b.blog_pages * BLOG_PAGE).map(|i| format!("/blog/billet-{i}")));
        for d in 1..=SERVICES_DEPTH {
            pages.push(services_path(d));
            pages.extend((1..=2).map(|k| format!("{}/fiche-{k}", services_path(d))));
        }
    }
    pages
}

/// The site's HTML pages besides news items and file views.
fn site_pages(c: &CommuneSim) -> Vec<String> {
    let l = &c.layout;
    let mut pages = vec![
        l.home.clone(),
        l.news.clone(),
        l.agenda.clone(),
        l.council.clone(),
    ];
    if c.open_data_page {
        pages.push(l.open_data.clone());
    }
    pages.extend(big_pages(c));
    pages
}

/// Files put on a WordPress server by FTP or a plugin are not in its media library.
fn in_media_library(world: &World, path: &str) -> bool {
    path.starts_with("/wp-content/uploads/") && mix(world.seed, path) % 100 >= 8
}

/// WordPress's `/wp-json/wp/v2/media`.
fn wp_media(world: &World, c: &CommuneSim, p: &PlatformSim, req: &Req, base: &str) -> Response {
    if let ApiAccess::Refuses(s) = p.api {
        return refusal(world, c, req, s, true);
    }
    let per_page: usize = req
        .param("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    if per_page == 0 || per_page > WP_MAX_PER_PAGE {
        return json_reply(
            StatusCode::BAD_REQUEST,
            &json!({"code": "rest_invalid_param", "message": "Paramètre(s) non valide(s) : per_page", "data": {"status": 400, "params": {"per_page": "per_page doit être compris entre 1 (inclus) et 100 (inclus)"}, "details": {}}}),
        );
    }
    let page: usize = req
        .param("page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mime = req.param("mime_type");
    let media_type = req.param("media_type");
    let mut media: Vec<Value> = wp_library(world, c)
        .into_iter()
        .map(|(id, path, f)| wp_item(world, base, id, path, f))
        .filter(|m| mime.as_deref().is_none_or(|t| m["mime_type"] == t))
        .filter(|m| media_type.as_deref().is_none_or(|t| m["media_type"] == t))
        .collect();
    // Newest first, as WordPress orders by default.
    media.sort_by(|a, b| {
        b["date"]
            .as_str()
            .cmp(&a["date"].as_str())
            .then(b["id"].as_u64().cmp(&a["id"].as_u64()))
    });
    let total = media.len();
    let pages = total.div_ceil(per_page);
    if page > pages.max(1) {
        return json_reply(
            StatusCode::BAD_REQUEST,
            &json!({"code": "rest_post_invalid_page_number", "message": "Le nombre de pages demandé est plus grand que le nombre de pages disponibles.", "data": {"status": 400}}),
        );
    }
    let items: Vec<Value> = media
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut r = json_reply(StatusCode::OK, &Value::Array(items));
    let h = r.headers_mut();
    h.insert("x-wp-total", HeaderValue::from(total));
    h.insert("x-wp-totalpages", HeaderValue::from(pages));
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            wp_page_url(req, base, page - 1)
        ));
    }
    if page < pages {
        links.push(format!(
            "<{}>; rel=\"next\"",
            wp_page_url(req, base, page + 1)
        ));
    }
    if let Ok(v) = HeaderValue::from_str(&links.join(", "))
        && !links.is_empty()
    {
        h.insert(header::LINK, v);
    }
    r
}

fn wp_page_url(req: &Req, base: &str, page: usize) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in req.params().iter().filter(|(k, _)| k != "page") {
        q.append_pair(k, v);
    }
    q.append_pair("page", &page.to_string());
    format!("{base}{}?{}", req.path, q.finish())
}

/// The media library: (attachment id, path, file), ids in upload order.
fn wp_library<'w>(world: &'w World, c: &CommuneSim) -> Vec<(usize, &'w str, usize)> {
    let mut files: Vec<(&str, usize)> = site_files(world, c)
        .into_iter()
        .filter(|(p, _, _)| in_media_library(world, p))
        .map(|(p, f, _)| (p, f))
        .collect();
    files.sort_by_key(|&(p, f)| (world.files[f].last_modified, p));
    files
        .into_iter()
        .enumerate()
        .map(|(k, (p, f))| (100 + 3 * k, p, f))
        .collect()
}

fn wp_date(t: i64) -> String {
    rfc3339(t).trim_end_matches("+00:00").to_owned()
}

fn wp_item(world: &World, base: &str, id: usize, path: &str, f: usize) -> Value {
    let file = &world.files[f];
    let (stem, ext) = file.name.rsplit_once('.').unwrap_or((&file.name, ""));
    let mime = content_type_of_ext(ext);
    let slug = stem.to_ascii_lowercase().replace(['.', '_', ' '], "-");
    let date = wp_date(file.last_modified);
    json!({
        "id": id,
        "date": date,
        "date_gmt": date,
        "guid": {"rendered": format!("{base}{path}")},
        "modified": date,
        "modified_gmt": date,
        "slug": slug,
        "status": "inherit",
        "type": "attachment",
        "link": format!("{base}/?attachment_id={id}"),
        "title": {"rendered": stem},
        "author": 1,
        "comment_status": "closed",
        "ping_status": "closed",
        "template": "",
        "meta": [],
        "description": {"rendered": format!("<p class=\"attachment\"><a href=\"{base}{path}\">{stem}</a></p>\n")},
        "caption": {"rendered": ""},
        "alt_text": "",
        "media_type": if mime.starts_with("image/") { "image" } else { "file" },
        "mime_type": mime,
        "media_details": {},
        "post": Value::Null,
        "source_url": format!("{base}{path}"),
    })
}

/// A WordPress attachment page (`/?attachment_id=N`).
fn wp_attachment(world: &World, c: &CommuneSim, req: &Req, base: &str) -> Response {
    let id: Option<usize> = req.param("attachment_id").and_then(|v| v.parse().ok());
    match wp_library(world, c)
        .into_iter()
        .find(|(k, _, _)| Some(*k) == id)
    {
        Some((_, path, f)) => {
            let name = &world.files[f].name;
            let body = format!("<p class=\"attachment\"><a href=\"{base}{path}\">{name}</a></p>");
            super::site::finish(c, req, &[], base, name, &body)
        }
        None => super::site::missing(world, c, req, &[]),
    }
}

/// A big site's archive, blog and services pages.
fn big_page(
    world: &World,
    c: &CommuneSim,
    p: &PlatformSim,
    req: &Req,
    base: &str,
) -> Option<Response> {
    let b = p.big.as_ref()?;
    let path = req.path.as_str();
    let (title, mut body) = big_listing(b, req, base).or_else(|| big_leaf(b, path, base))?;
    let buried: Vec<usize> = c
        .datasets
        .iter()
        .copied()
        .filter(|&d| matches!(world.datasets[d].placement, Placement::Buried(x) if x.page_path() == path))
        .collect();
    if !buried.is_empty() {
        body.push_str("<h2>Fichiers</h2><ul class=\"files\">");
        for d in buried {
            body.push_str(&super::site::dataset_links(world, d, base));
        }
        body.push_str("</ul>");
    }
    Some(super::site::finish(c, req, &[], base, &title, &body))
}

/// The archive's and the blog's paged listings: title and body.
fn big_listing(b: &BigSite, req: &Req, base: &str) -> Option<(String, String)> {
    let number = |name: &str, default: usize| -> usize {
        req.param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    if req.path == "/archives/actualites" {
        let start = number("b_start", 0);
        let total = b.archive_pages * ARCHIVE_PAGE;
        let items = (start..total.min(start + ARCHIVE_PAGE)).map(|i| {
            (
                format!("/archives/actualites/article-{i}"),
                format!("Article n°{} des archives", i + 1),
            )
        });
        let prev = (start > 0).then(|| {
            format!(
                "/archives/actualites?b_start={}",
                start.saturating_sub(ARCHIVE_PAGE)
            )
        });
        let next = (start + ARCHIVE_PAGE < total)
            .then(|| format!("/archives/actualites?b_start={}", start + ARCHIVE_PAGE));
        let title = "Archives des actualités".to_owned();
        return Some((title, listing(base, items, prev, next)));
    }
    if req.path == "/blog" {
        let page = number("page", 1).max(1);
        let total = b.blog_pages * BLOG_PAGE;
        let first = (page - 1) * BLOG_PAGE;
        let items = (first..total.min(first + BLOG_PAGE)).map(|i| {
            (
                format!("/blog/billet-{i}"),
                format!("Billet n°{} du blog", i + 1),
            )
        });
        let prev = (page > 1).then(|| format!("/blog?page={}", page - 1));
        let next = (first + BLOG_PAGE < total).then(|| format!("/blog?page={}", page + 1));
        let title = "Le blog du bourgmestre".to_owned();
        return Some((title, listing(base, items, prev, next)));
    }
    None
}

/// Articles, posts and the services tree: title and body.
fn big_leaf(b: &BigSite, path: &str, base: &str) -> Option<(String, String)> {
    let archive = b.archive_pages * ARCHIVE_PAGE;
    if let Some(n) = numbered(path, "/archives/actualites/article-", archive) {
        return Some((
            format!("Article n°{} des archives", n + 1),
            "<p>Une information communale archivée.</p>".to_owned(),
        ));
    }
    if let Some(n) = numbered(path, "/blog/billet-", b.blog_pages * BLOG_PAGE) {
        return Some((
            format!("Billet n°{} du blog", n + 1),
            "<p>Le bourgmestre vous parle de la vie communale.</p>".to_owned(),
        ));
    }
    if let Some(depth) = services_depth(path) {
        let mut body = String::from("<ul>");
        if depth < SERVICES_DEPTH {
            let _ = write!(
                body,
                "<li><a href=\"{base}{path}/n{}\">Sous-service niveau {}</a></li>",
                depth + 1,
                depth + 1
            );
        }
        for k in 1..=2 {
            let _ = write!(
                body,
                "<li><a href=\"{base}{path}/fiche-{k}\">Fiche pratique {k}</a></li>"
            );
        }
        body.push_str("</ul>");
        return Some((format!("Services — niveau {depth}"), body));
    }
    let parent = path
        .strip_suffix("/fiche-1")
        .or_else(|| path.strip_suffix("/fiche-2"))?;
    services_depth(parent).map(|_| {
        (
            "Fiche pratique".to_owned(),
            "<p>Horaires, contacts et démarches.</p>".to_owned(),
        )
    })
}

fn listing(
    base: &str,
    items: impl Iterator<Item = (String, String)>,
    prev: Option<String>,
    next: Option<String>,
) -> String {
    let mut body = String::from("<ul class=\"listing\">");
    for (href, title) in items {
        let _ = write!(body, "<li><a href=\"{base}{href}\">{title}</a></li>");
    }
    body.push_str("</ul>");
    if let Some(p) = prev {
        let _ = write!(
            body,
            "<a class=\"previous\" href=\"{base}{p}\">Précédent</a> "
        );
    }
    if let Some(n) = next {
        let _ = write!(body, "<a class=\"next\" href=\"{base}{n}\">Suivant</a>");
    }
    body
}

fn numbered(path: &str, prefix: &str, count: usize) -> Option<usize> {
    let n: usize = path.strip_prefix(prefix)?.parse().ok()?;
    (n < count).then_some(n)
}

/// The level of a services-tree page (`/services/n1/…/nD`).
fn services_depth(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("/services/")?;
    let mut depth = 0;
    for (k, seg) in rest.split('/').enumerate() {
        if seg != format!("n{}", k + 1) {
            return None;
        }
        depth = k + 1;
    }
    (1..=SERVICES_DEPTH).contains(&depth).then_some(depth)
}

impl World {
    /// Per commune site, its platform and its files (empty unless platforms are on).
    pub(crate) fn platform_truth(&self, port: u16) -> Vec<PlatformTruth> {
        self.communes
            .iter()
            .filter(|c| c.reachable)
            .filter_map(|c| {
                let p = c.platform.as_ref()?;
                let host = c.host.clone()?;
                let base = format!("http://{host}:{port}");
                let api = api_path(p.kind);
                let api_status = api.map(|_| match p.api {
                    ApiAccess::Refuses(s) => s,
                    _ => 200,
                });
                let disallowed = p.api == ApiAccess::RobotsDisallow;
                let api_usable = api_status == Some(200) && !disallowed;
                let mut indexes = Vec::new();
                if p.kind == PlatformKind::ImioPlone {
                    indexes.push(IndexKind::SitemapGz);
                }
                if api_usable {
                    indexes.push(match p.kind {
                        PlatformKind::Wordpress => IndexKind::WpMedia,
                        _ => IndexKind::PloneSearch,
                    });
                }
                let linked: BTreeSet<usize> = c
                    .datasets
                    .iter()
                    .map(|&d| &self.datasets[d])
                    .filter(|d| d.reachable)
                    .flat_map(|d| d.dists.iter().filter_map(|x| x.file))
                    .chain(c.decoys.iter().map(|d| d.file))
                    .collect();
                let files = site_files(self, c)
                    .into_iter()
                    .map(|(path, f, data)| {
                        let mut t = self.file_truth(c, &base, path, f, data);
                        t.linked = linked.contains(&f);
                        t.listed = indexes.iter().any(|i| match i {
                            IndexKind::WpMedia => in_media_library(self, path),
                            _ => true,
                        });
                        t
                    })
                    .collect();
                let faults = self.hosts.get(&host).map(|h| h.faults.as_slice());
                // Agenda months beyond the current one: 12.
                let pages = site_pages(c).len() + c.news.len() + 12;
                Some(PlatformTruth {
                    nis_code: c.info.nis_code.clone(),
                    host,
                    platform: p.kind,
                    api_url: api.map(|a| format!("{base}{a}")),
                    api_status,
                    api_disallowed_by_robots: disallowed,
                    indexes,
                    crawl_delay: super::site::own_robots(
                        self,
                        c,
                        faults.unwrap_or_default(),
                        &base,
                    )
                    .map_or_else(|| self.effective_delay(c.crawl_delay), |r| r.1),
                    big: p.big.is_some(),
                    pages,
                    files,
                })
            })
            .collect()
    }

    /// A file's URL, link and date (`linked` and `listed` left to the caller).
    fn file_truth(
        &self,
        c: &CommuneSim,
        base: &str,
        path: &str,
        f: usize,
        data: bool,
    ) -> SiteFileTruth {
        let link = c
            .datasets
            .iter()
            .flat_map(|&d| self.datasets[d].dists.iter())
            .filter(|x| x.file == Some(f))
            .find_map(|x| x.link.clone())
            .or_else(|| {
                c.decoys
                    .iter()
                    .find(|d| d.file == f && d.link != d.path)
                    .map(|d| d.link.clone())
            });
        SiteFileTruth {
            url: format!("{base}{path}"),
            linked_as: link.map(|l| format!("{base}{l}")),
            modified: rfc3339(self.files[f].last_modified),
            data,
            linked: false,
            listed: false,
        }
    }
}
