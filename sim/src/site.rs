//! Commune websites as communes really build them: iMio/Plone (`/view` and
//! `@@download/file` links, faceted listings paged by `?b_start=`, `@@folder_listing`,
//! robots.txt redirected to `static.imio.be`), WordPress (`/wp-content/uploads/YYYY/MM/`)
//! and home-made PHP sites (soft 404s, a redirect on `/`).
//!
//! Pages are rendered per request from the world model; every link is absolute with the
//! server's real port, as a crawler would see on the real web.

use std::fmt::Write as _;

use axum::http::{StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

use super::dates::{NOW, year_month, ymd};
use super::faults::Fault;
use super::http::{Req, entity, html, not_found, raw, redirect};
use super::manifest::SiteKind;
use super::rng::mix;
use super::world::{CommuneSim, IMIO_STATIC_HOST, ODWB_HOST, Placement, World};

/// How many items a Plone faceted listing shows per page.
pub const PAGE_SIZE: usize = 20;

/// The disallow rules of the shared iMio robots.txt's `*` group.
pub(crate) const IMIO_DISALLOW: &[&str] = &[
    "/search",
    "/*login_form*",
    "/*folder_contents*",
    "/*@@search*",
    "/*@@ical_view*",
    "/*/calendar*",
];

/// The shared robots.txt of `static.imio.be`.
pub(crate) fn imio_robots(world: &World) -> String {
    let delay = world.effective_delay(Some(120.0)).unwrap_or(120.0);
    let mut s = String::from("# robots.txt shared by iMio sites\n");
    for bot in ["GPTBot", "ChatGPT-User", "CCBot", "Bytespider", "ClaudeBot"] {
        let _ = write!(s, "User-agent: {bot}\nDisallow: /\n\n");
    }
    let _ = writeln!(s, "User-agent: *\nCrawl-delay: {}", fmt_delay(delay));
    for d in IMIO_DISALLOW {
        let _ = writeln!(s, "Disallow: {d}");
    }
    s
}

pub(crate) fn fmt_delay(d: f64) -> String {
    if d.fract() == 0.0 {
        format!("{d:.0}")
    } else {
        format!("{d}")
    }
}

/// The robots.txt a commune host serves itself (none for iMio, which redirects).
pub(crate) fn own_robots(
    world: &World,
    c: &CommuneSim,
    faults: &[Fault],
    base: &str,
) -> Option<(String, Option<f64>, Vec<String>)> {
    if faults.contains(&Fault::RobotsDisallowAll) {
        return Some((
            "User-agent: *\nDisallow: /\n".into(),
            None,
            vec!["/".into()],
        ));
    }
    if faults.contains(&Fault::LargeCrawlDelay) {
        return Some((
            "User-agent: *\nCrawl-delay: 3600\nDisallow: /search\n".into(),
            Some(3600.0),
            vec!["/search".into()],
        ));
    }
    if let Some(r) = super::platform::robots(world, c) {
        return Some(r);
    }
    match c.kind? {
        SiteKind::Imio => None,
        SiteKind::Wordpress => {
            let mut s = String::from(
                "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
            );
            if c.sitemap {
                let _ = write!(s, "\nSitemap: {base}/wp-sitemap.xml\n");
            }
            Some((s, None, vec!["/wp-admin/".into()]))
        }
        SiteKind::Custom => {
            let delay = world.effective_delay(c.crawl_delay)?;
            Some((
                format!(
                    "User-agent: *\nCrawl-delay: {}\nDisallow: /admin/\n",
                    fmt_delay(delay)
                ),
                Some(delay),
                vec!["/admin/".into()],
            ))
        }
    }
}

/// The sitemap path of a site that has one.
pub(crate) fn sitemap_path(c: &CommuneSim) -> Option<&'static str> {
    if let Some(p) = super::platform::sitemap_gz_path(c) {
        return Some(p);
    }
    match (c.sitemap, c.kind?) {
        (true, SiteKind::Imio) => Some("/sitemap.xml"),
        (true, SiteKind::Wordpress) => Some("/wp-sitemap.xml"),
        _ => None,
    }
}

/// Answer a request to a commune host.
pub(crate) fn respond(world: &World, ci: usize, req: &Req, faults: &[Fault]) -> Response {
    let c = &world.communes[ci];
    let base = req.base(c.host.as_deref().unwrap_or_default());
    let path = req.path.as_str();
    let kind = c.kind.unwrap_or(SiteKind::Custom);
    if path == "/robots.txt" {
        return match own_robots(world, c, faults, &base) {
            Some((text, _, _)) => raw(StatusCode::OK, "text/plain; charset=utf-8", text),
            None if kind == SiteKind::Imio => redirect(
                StatusCode::FOUND,
                &format!("{}/robots.txt", req.base(IMIO_STATIC_HOST)),
            ),
            None => missing(world, c, req, faults),
        };
    }
    if let Some(r) = super::platform::respond(world, ci, req, &base) {
        return r;
    }
    if Some(path) == sitemap_path(c) {
        return sitemap(c, req, &base);
    }
    if let Some(r) = fault_page(c, req, faults, &base) {
        return r;
    }
    // Files: as linked, Plone's download view, Plone's view page.
    if let Some(&f) = world
        .hosts
        .get(c.host.as_deref().unwrap_or_default())
        .and_then(|h| h.files.get(path))
    {
        return file(world, f, req, false);
    }
    if kind == SiteKind::Imio {
        // `…/@@download/file/NAME`, as smartweb's file sections link them.
        if let Some((file_path, _)) = path.split_once("/@@download/file/")
            && c.platform.is_some()
            && let Some(&f) = world
                .hosts
                .get(c.host.as_deref().unwrap_or_default())
                .and_then(|h| h.files.get(file_path))
        {
            return file(world, f, req, true);
        }
        if let Some(file_path) = path.strip_suffix("/@@download/file")
            && let Some(&f) = world
                .hosts
                .get(c.host.as_deref().unwrap_or_default())
                .and_then(|h| h.files.get(file_path))
        {
            return file(world, f, req, true);
        }
        if let Some(file_path) = path.strip_suffix("/view")
            && let Some(&f) = world
                .hosts
                .get(c.host.as_deref().unwrap_or_default())
                .and_then(|h| h.files.get(file_path))
        {
            {
                let name = &world.files[f].name;
                let body = format!(
                    "<h1>{name}</h1><p class=\"discreet\">Fichier — {} octets</p><p><a href=\"{base}{file_path}/@@download/file\">Télécharger le fichier</a></p>",
                    world.files[f].payload.render().len()
                );
                return finish(c, req, faults, &base, name, &body);
            }
        }
        match path {
            "/@@site-logo/logo.png" => {
                return entity(
                    req,
                    super::content::Payload::Asset(super::assets::Asset::Png).render(),
                    Some("image/png"),
                    Some(NOW - 400 * 86_400),
                    &[],
                );
            }
            "/++plone++static/plone-compiled.css" => {
                return raw(StatusCode::OK, "text/css", "body{font-family:sans-serif}");
            }
            "/gdpr-view" => {
                return finish(
                    c,
                    req,
                    faults,
                    &base,
                    "Vie privée",
                    "<p>Politique de protection des données (RGPD).</p>",
                );
            }
            _ => {}
        }
    }
    let l = &c.layout;
    if path == "/" && kind == SiteKind::Custom {
        return redirect(StatusCode::FOUND, &format!("{base}/index.php"));
    }
    if kind == SiteKind::Wordpress && !path.ends_with('/') {
        let slashed = format!("{path}/");
        if [&l.news, &l.agenda, &l.council, &l.open_data].contains(&&slashed)
            || c.news.iter().any(|n| n.path == slashed)
        {
            return redirect(StatusCode::MOVED_PERMANENTLY, &format!("{base}{slashed}"));
        }
    }
    if path == l.home {
        return finish(
            c,
            req,
            faults,
            &base,
            "Accueil",
            &home(world, c, req, faults, &base),
        );
    }
    if path == l.news && (kind != SiteKind::Custom || req.param("id").is_none()) {
        let mut body = String::from("<ul class=\"news\">");
        for n in &c.news {
            let _ = write!(
                body,
                "<li><a href=\"{base}{}\">{}</a> <span>{}</span></li>",
                n.path,
                n.title,
                ymd(n.date)
            );
        }
        body.push_str("</ul>");
        return finish(c, req, faults, &base, "Actualités", &body);
    }
    let full = match &req.query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    if let Some(n) = c
        .news
        .iter()
        .find(|n| n.path == path || (kind == SiteKind::Custom && n.path == full))
    {
        return finish(
            c,
            req,
            faults,
            &base,
            &n.title,
            &news_item(world, c, n, &base),
        );
    }
    if path == l.agenda {
        return agenda(c, req, faults, &base);
    }
    if path == l.council
        || (kind == SiteKind::Imio && path == format!("{}/@@folder_listing", l.council))
    {
        return council(c, req, faults, &base);
    }
    if path == l.open_data && c.open_data_page {
        return finish(
            c,
            req,
            faults,
            &base,
            "Données ouvertes",
            &open_data(world, c, req, &base),
        );
    }
    missing(world, c, req, faults)
}

pub(crate) fn missing(_world: &World, c: &CommuneSim, req: &Req, faults: &[Fault]) -> Response {
    let base = req.base(c.host.as_deref().unwrap_or_default());
    if c.soft_404 {
        // A soft 404: "not found" said in words, with status 200.
        return finish(
            c,
            req,
            faults,
            &base,
            "Page introuvable",
            "<p>Oups ! La page demandée n'existe pas ou a été déplacée.</p>",
        );
    }
    if c.kind == Some(SiteKind::Imio) {
        let mut r = finish(
            c,
            req,
            faults,
            &base,
            "Cette page ne semble pas exister…",
            "<p>Nous sommes désolés, mais la page demandée est introuvable.</p>",
        );
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    }
    not_found()
}

fn file(world: &World, f: usize, req: &Req, attachment: bool) -> Response {
    let file = &world.files[f];
    let mut extra = Vec::new();
    if attachment {
        extra.push((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", file.name),
        ));
    }
    entity(
        req,
        file.payload.render(),
        file.content_type.as_deref(),
        Some(file.last_modified),
        &extra,
    )
}

fn fault_page(c: &CommuneSim, req: &Req, faults: &[Fault], base: &str) -> Option<Response> {
    let path = req.path.as_str();
    for f in faults {
        match (f, f.trigger_path()) {
            (Fault::ServerError, Some(p)) if path == p => {
                return Some(raw(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "text/html",
                    "<h1>Internal Server Error</h1>",
                ));
            }
            (Fault::ServerError, Some(p)) if path == format!("{p}/demarches") => {
                return Some(raw(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/html",
                    "<h1>Service Unavailable</h1>",
                ));
            }
            (Fault::RedirectLoop, Some(p)) if path == p => {
                return Some(redirect(StatusCode::FOUND, &format!("{base}{p}/")));
            }
            (Fault::RedirectLoop, Some(p)) if path == format!("{p}/") => {
                return Some(redirect(StatusCode::FOUND, &format!("{base}{p}")));
            }
            _ => {}
        }
    }
    let _ = c;
    None
}

fn home(world: &World, c: &CommuneSim, req: &Req, faults: &[Fault], base: &str) -> String {
    let mut body = format!(
        "<p>Bienvenue sur le site officiel de la commune de {}.</p><h2>Actualités</h2><ul>",
        c.info.name
    );
    // A smartweb homepage lists every news item: its news page is rendered in the browser.
    let shown = if super::platform::is_smartweb(c) {
        c.news.len()
    } else {
        5
    };
    for n in c.news.iter().take(shown) {
        let _ = write!(
            body,
            "<li><a href=\"{base}{}\">{}</a></li>",
            n.path, n.title
        );
    }
    body.push_str("</ul>");
    for f in faults {
        match f.trigger_path() {
            Some(p) if *f == Fault::ServerError => {
                let _ = write!(
                    body,
                    "<p><a href=\"{base}{p}\">Services en ligne</a> · <a href=\"{base}{p}/demarches\">Démarches</a></p>"
                );
            }
            Some(p) => {
                let _ = write!(
                    body,
                    "<p><a href=\"{base}{p}\">{}</a></p>",
                    f.name().replace('_', " ")
                );
            }
            None => {}
        }
    }
    body.push_str(&super::platform::home_links(c, base));
    if !c.open_data_page {
        body.push_str(&portal_links(world, c, req));
    }
    body
}

fn portal_links(world: &World, c: &CommuneSim, req: &Req) -> String {
    let mut s = String::new();
    if c.links_own_portal
        && let Some(p) = c.own_portal
    {
        {
            let _ = write!(
                s,
                "<p><a href=\"{}/\">Notre portail Open Data</a></p>",
                req.base(&world.portals[p].host)
            );
        }
    }
    if c.links_odwb
        && let Some(publisher) = &c.odwb_publisher
    {
        {
            let q: String = url::form_urlencoded::byte_serialize(publisher.as_bytes()).collect();
            let _ = write!(
                s,
                "<p><a href=\"{}/explore/?refine.publisher={q}\">Nos données sur Open Data Wallonie-Bruxelles</a></p>",
                req.base(ODWB_HOST)
            );
        }
    }
    s
}

fn licence_text(world: &World, d: usize) -> String {
    match &world.datasets[d].licence {
        Some(l) => format!(" <span class=\"licence\">Licence : {}</span>", l.title),
        None => String::new(),
    }
}

pub(crate) fn dataset_links(world: &World, d: usize, base: &str) -> String {
    let ds = &world.datasets[d];
    let mut s = format!(
        "<li><strong>{}</strong>{} — ",
        ds.title,
        licence_text(world, d)
    );
    for dist in &ds.dists {
        let href = dist.link.as_deref().unwrap_or(&dist.path);
        let name = href
            .trim_end_matches("/view")
            .rsplit('/')
            .next()
            .unwrap_or(href);
        let _ = write!(s, "<a href=\"{base}{href}\">{name}</a> ");
    }
    s.push_str("</li>");
    s
}

fn open_data(world: &World, c: &CommuneSim, req: &Req, base: &str) -> String {
    let mut body = String::from(
        "<p>La commune met à disposition les jeux de données suivants.</p><ul class=\"datasets\">",
    );
    for &d in &c.datasets {
        if world.datasets[d].placement == Placement::OpenDataPage {
            body.push_str(&dataset_links(world, d, base));
        }
    }
    body.push_str("</ul>");
    body.push_str(&portal_links(world, c, req));
    if c.links_odwb {
        body.push_str("<ul>");
        for &d in c
            .datasets
            .iter()
            .filter(|&&d| world.datasets[d].portal == Some(0))
        {
            let _ = write!(
                body,
                "<li><a href=\"{}/explore/dataset/{}/\">{}</a></li>",
                req.base(ODWB_HOST),
                world.datasets[d].id,
                world.datasets[d].title
            );
        }
        body.push_str("</ul>");
    }
    body
}

fn news_item(world: &World, c: &CommuneSim, n: &super::world::NewsSim, base: &str) -> String {
    let mut body = format!(
        "<p class=\"date\">{}</p><p>{} — informations pratiques pour les citoyens.</p>",
        ymd(n.date),
        n.title
    );
    for &k in &n.decoys {
        let d = &c.decoys[k];
        let _ = write!(body, "<p><a href=\"{base}{}\">{}</a></p>", d.link, d.title);
    }
    if !n.datasets.is_empty() {
        body.push_str("<ul>");
        for &d in &n.datasets {
            body.push_str(&dataset_links(world, d, base));
        }
        body.push_str("</ul>");
    }
    body
}

fn agenda(c: &CommuneSim, req: &Req, faults: &[Fault], base: &str) -> Response {
    let (ny, nm) = year_month(NOW);
    let now_index = ny * 12 + i64::from(nm) - 1;
    let month = req
        .param("month")
        .and_then(|m| {
            let (y, mo) = m.split_once('-')?;
            Some(y.parse::<i64>().ok()? * 12 + mo.parse::<i64>().ok()? - 1)
        })
        .unwrap_or(now_index);
    let trap = faults.contains(&Fault::SpiderTrap);
    if !trap && (month - now_index).abs() > 6 {
        return missing_or_404(c, req, faults, base);
    }
    let label = |m: i64| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
    let mut body = format!("<h2>Agenda — {}</h2><ul>", label(month));
    let seed = mix(month as u64, &c.slug);
    for k in 0..(seed % 3 + 1) {
        let _ = write!(
            body,
            "<li>Événement n°{} : {}</li>",
            k + 1,
            ["Brocante", "Conseil communal", "Concert", "Marché"][(seed >> (k * 4)) as usize % 4]
        );
    }
    body.push_str("</ul>");
    let l = &c.layout.agenda;
    if trap || month > now_index - 6 {
        let _ = write!(
            body,
            "<a href=\"{base}{l}?month={}\">Mois précédent</a> ",
            label(month - 1)
        );
    }
    if trap || month < now_index + 6 {
        let _ = write!(
            body,
            "<a href=\"{base}{l}?month={}\">Mois suivant</a>",
            label(month + 1)
        );
    }
    finish(c, req, faults, base, "Agenda", &body)
}

fn missing_or_404(c: &CommuneSim, req: &Req, faults: &[Fault], base: &str) -> Response {
    let mut r = finish(
        c,
        req,
        faults,
        base,
        "Page introuvable",
        "<p>Aucun événement.</p>",
    );
    if !c.soft_404 {
        *r.status_mut() = StatusCode::NOT_FOUND;
    }
    r
}

fn council(c: &CommuneSim, req: &Req, faults: &[Fault], base: &str) -> Response {
    let minutes: Vec<_> = c
        .decoys
        .iter()
        .filter(|d| d.kind == "council_minutes")
        .collect();
    let listing_all = req.path.ends_with("@@folder_listing") || c.kind != Some(SiteKind::Imio);
    let start = if listing_all {
        0
    } else {
        req.param("b_start")
            .and_then(|b| b.parse().ok())
            .unwrap_or(0usize)
    };
    let end = if listing_all {
        minutes.len()
    } else {
        (start + PAGE_SIZE).min(minutes.len())
    };
    let mut body = String::from("<div id=\"faceted-results\"><ul>");
    for d in minutes.iter().skip(start).take(end.saturating_sub(start)) {
        let _ = write!(
            body,
            "<li><a href=\"{base}{}\">{}</a></li>",
            d.link, d.title
        );
    }
    body.push_str("</ul></div>");
    if !listing_all {
        let l = &c.layout.council;
        if start > 0 {
            let _ = write!(
                body,
                "<a class=\"previous\" href=\"{base}{l}?b_start={}\">Précédent</a> ",
                start.saturating_sub(PAGE_SIZE)
            );
        }
        if end < minutes.len() {
            let _ = write!(
                body,
                "<a class=\"next\" href=\"{base}{l}?b_start={end}\">Suivant</a>"
            );
        }
        let _ = write!(
            body,
            "<p><a href=\"{base}{l}/@@folder_listing\">Vue en liste</a></p>"
        );
    }
    finish(
        c,
        req,
        faults,
        base,
        "Procès-verbaux du conseil communal",
        &body,
    )
}

fn sitemap(c: &CommuneSim, req: &Req, base: &str) -> Response {
    let l = &c.layout;
    let mut paths: Vec<(String, i64)> = vec![
        (l.home.clone(), NOW - 86_400),
        (l.news.clone(), NOW - 86_400),
        (l.agenda.clone(), NOW),
        (l.council.clone(), NOW - 20 * 86_400),
    ];
    if c.open_data_page {
        paths.push((l.open_data.clone(), NOW - 40 * 86_400));
    }
    paths.extend(c.news.iter().map(|n| (n.path.clone(), n.date)));
    paths.extend(
        super::platform::big_pages(c)
            .into_iter()
            .map(|p| (p, NOW - 30 * 86_400)),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (p, t) in paths {
        let p = p.replace('&', "&amp;");
        let _ = writeln!(
            xml,
            "<url><loc>{base}{p}</loc><lastmod>{}</lastmod></url>",
            ymd(t)
        );
    }
    xml.push_str("</urlset>\n");
    entity(
        req,
        Bytes::from(xml),
        Some("application/xml"),
        Some(NOW - 86_400),
        &[],
    )
}

/// Wrap a body in the site's template and apply the HTML faults.
pub(crate) fn finish(
    c: &CommuneSim,
    req: &Req,
    faults: &[Fault],
    base: &str,
    title: &str,
    body: &str,
) -> Response {
    let l = &c.layout;
    let kind = c.kind.unwrap_or(SiteKind::Custom);
    let generator = match kind {
        SiteKind::Imio => "<meta name=\"generator\" content=\"Plone - https://plone.org/\" />\n<link rel=\"stylesheet\" href=\"BASE/++plone++static/plone-compiled.css\" />",
        SiteKind::Wordpress => "<meta name=\"generator\" content=\"WordPress 6.5.3\" />",
        SiteKind::Custom => "",
    }
    .replace("BASE", base);
    let generator = super::platform::head_markers(c, base).unwrap_or(generator);
    let mut nav = format!(
        "<nav><a href=\"{base}{}\">Accueil</a> <a href=\"{base}{}\">Actualités</a> <a href=\"{base}{}\">Agenda</a> <a href=\"{base}{}\">Conseil communal</a>",
        l.home, l.news, l.agenda, l.council
    );
    if c.open_data_page {
        let _ = write!(
            nav,
            " <a href=\"{base}{}\">Données ouvertes</a>",
            l.open_data
        );
    }
    nav.push_str("</nav>");
    let logo = if kind == SiteKind::Imio {
        format!("<img src=\"{base}/@@site-logo/logo.png\" alt=\"logo\">")
    } else {
        String::new()
    };
    let footer = if kind == SiteKind::Imio {
        format!("<a href=\"{base}/gdpr-view\">Vie privée</a> · Réalisé par IMIO")
    } else {
        format!("© {} {}", year_month(NOW).0, c.info.name)
    };
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n<title>{title} — {}</title>\n{generator}\n</head><body>\n<header>{logo}{nav}</header>\n<main id=\"main-container\"><h1>{title}</h1>\n{body}\n</main>\n<footer>{footer}</footer>\n</body></html>\n",
        c.info.name
    );
    if faults.contains(&Fault::MalformedHtml) {
        page = page
            .replace("</li>", "")
            .replace("</p>", "<p")
            .replace("</main>", "<div><table><tr><td>\u{0}<a href=\"")
            .replace("<html lang=\"fr\">", "<html lang=fr <<");
    }
    if faults.contains(&Fault::NonUtf8Html) {
        let latin = page.replace("<meta charset=\"utf-8\">", "");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
        return entity(
            req,
            Bytes::from(bytes.into_owned()),
            Some("text/html"),
            None,
            &[],
        );
    }
    html(req, StatusCode::OK, page, None)
}
