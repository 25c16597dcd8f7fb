//! What a link is worth before anyone fetches it: its canonical form, whether it leads
//! into a trap, whether it names a file, a portal or a page, and how likely it is to lead
//! to open data.
//!
//! Pure functions over URLs and anchor text: on a site that asks for one request every two
//! minutes, this is where requests are saved.

use url::Url;

use crate::assess::{Format, claim_of_name};

/// Query parameters that never change what a page shows.
const NOISE_PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
    "phpsessid",
    "jsessionid",
    "sid",
    "sessionid",
    "session_id",
    "_authenticator",
];

/// Path pieces of Plone, WordPress and CMS machinery: never content.
const MACHINERY: &[&str] = &[
    "++resource++",
    "++theme++",
    "++plone++",
    "@@images",
    "@@search",
    "/search",
    "login_form",
    "login",
    "logout",
    "sendto_form",
    "folder_contents",
    "portal_css",
    "portal_javascripts",
    "/wp-admin",
    "/wp-json",
    "/wp-login",
    "/feed",
    "xmlrpc.php",
    "/print",
    "mailto:",
    "@@ical_view",
    "/acl_users",
    "@@register",
    "/tag/",
    "/author/",
    "?replytocom=",
];

/// Words that point to open data, with their weight.
const GOOD_WORDS: &[(&str, i32)] = &[
    ("donnees-ouvertes", 60),
    ("données ouvertes", 60),
    ("donnees ouvertes", 60),
    ("open data", 60),
    ("open-data", 60),
    ("opendata", 60),
    ("jeux de donnees", 50),
    ("jeux de données", 50),
    ("jeu de donnees", 45),
    ("jeu de données", 45),
    ("dataset", 40),
    ("telechargement", 25),
    ("téléchargement", 25),
    ("telecharger", 20),
    ("télécharger", 20),
    ("statistique", 25),
    ("chiffres", 20),
    ("budget", 20),
    ("comptes", 10),
    ("cartographie", 20),
    ("carte", 10),
    ("geoportail", 20),
    ("géoportail", 20),
    ("donnees", 20),
    ("données", 20),
    ("data", 15),
    ("transparence", 15),
    ("publications", 10),
    ("documents", 8),
    ("ma-commune", 5),
    ("vie-communale", 5),
    ("administration", 4),
    ("@@folder_listing", 5),
    ("b_start", -5),
];

/// Words that point away from data (news, events, forms), with their weight.
const BAD_WORDS: &[(&str, i32)] = &[
    ("agenda", -25),
    ("evenement", -25),
    ("événement", -25),
    ("calendrier", -30),
    ("calendar", -30),
    ("contact", -20),
    ("emploi", -15),
    ("marches-publics", -10),
    ("proces-verbaux", -15),
    ("procès-verbaux", -15),
    ("conseil-communal", -5),
    ("galerie", -25),
    ("photos", -25),
    ("video", -25),
    ("facebook", -40),
    ("twitter", -40),
    ("instagram", -40),
    ("youtube", -40),
    ("linkedin", -40),
    ("gdpr", -30),
    ("vie-privee", -30),
    ("cookies", -30),
    ("plan-du-site", -5),
    ("accessibilite", -30),
    ("mentions-legales", -30),
];

/// What a link leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A page of the same site, to crawl.
    Page,
    /// A file (by its name or a download view), to probe; with the format its name claims.
    File(Option<Format>),
    /// An open-data portal (ODWB, an OpenDataSoft or CKAN site, the commune's own portal).
    Portal,
    /// Elsewhere: not followed.
    External,
    /// Machinery or a trap: not followed.
    Ignored,
}

/// Canonical form: no fragment, no tracking or session parameters, Plone's file view page
/// replaced by the file itself, default ports dropped, an empty path as `/`.
pub fn canonicalize(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    // `;jsessionid=...` path parameters.
    if let Some(i) = u.path().to_ascii_lowercase().find(";jsessionid=") {
        let path = u.path()[..i].to_owned();
        u.set_path(&path);
    }
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !NOISE_PARAMS.contains(&k.to_ascii_lowercase().as_str()))
            // The first page of a listing is the listing.
            .filter(|(k, v)| !(matches!(k.as_ref(), "b_start" | "start" | "offset") && v == "0"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    // Plone links a file's view page: `.../budget.xlsx/view` → `.../budget.xlsx`.
    if let Some(stripped) = u.path().strip_suffix("/view")
        && claim_of_name(stripped).is_some()
    {
        let stripped = stripped.to_owned();
        u.set_path(&stripped);
    }
    u
}

/// Links that lead into endless or useless spaces.
pub fn is_trap(url: &Url) -> bool {
    let s = url.as_str();
    if s.len() > 400 {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    if MACHINERY.iter().any(|m| lower.contains(m)) {
        return true;
    }
    // Markup leaking into an href (`<footer><a href=` from broken HTML): not a link.
    if ["%3c", "%3e", "%22"].iter().any(|m| lower.contains(m)) {
        return true;
    }
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    if segments.len() > 12 {
        return true;
    }
    // The same segment three times: a relative-link loop (/a/b/a/b/a/...).
    for seg in &segments {
        if !seg.is_empty() && segments.iter().filter(|s| *s == seg).count() >= 3 {
            return true;
        }
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
        .collect();
    if pairs.len() > 4 {
        return true;
    }
    // Calendars: date navigation parameters go on forever.
    const DATE_KEYS: &[&str] = &[
        "month",
        "mois",
        "year",
        "annee",
        "year_month",
        "date",
        "day",
        "jour",
        "week",
        "semaine",
        "start",
        "end",
        "start_date",
        "end_date",
        "datetime",
        "mode",
    ];
    if pairs.iter().any(|(k, _)| DATE_KEYS.contains(&k.as_str()))
        && (lower.contains("agenda") || lower.contains("calend") || lower.contains("event"))
    {
        return true;
    }
    // Deep paging of listings: a budget-eater. The first pages are enough to find links.
    if let Some((_, v)) = pairs
        .iter()
        .find(|(k, _)| k == "b_start" || k == "page" || k == "paged")
    {
        return v.parse::<u64>().map_or(true, |n| n > 200);
    }
    false
}

/// Hosts that are open-data portals wherever they are linked from.
pub fn is_portal_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h);
    h == "odwb.be"
        || h.ends_with(".opendatasoft.com")
        || h.starts_with("data.")
        || h.starts_with("opendata.")
        || h.starts_with("open-data.")
        || h.starts_with("donnees.")
        || h.contains("geoportail")
}

/// Decide what a link is, from the page's site and the commune's own portal.
pub fn kind_of(url: &Url, site: &Url, own_portal: Option<&Url>) -> LinkKind {
    if !matches!(url.scheme(), "http" | "https") {
        return LinkKind::Ignored;
    }
    let host = url.host_str().unwrap_or("");
    if own_portal.is_some_and(|p| p.host_str() == Some(host)) || is_portal_host(host) {
        return LinkKind::Portal;
    }
    if !same_site(url, site) {
        return LinkKind::External;
    }
    if is_trap(url) {
        return LinkKind::Ignored;
    }
    let path = url.path();
    let claim = claim_of_name(path);
    let download_view = path.ends_with("/@@download/file")
        || path.contains("/@@download/")
        || path.contains("/wp-content/uploads/")
        || path.contains("/sites/default/files/")
        || path.contains("/fileadmin/");
    match claim {
        Some(c) if c.format.is_some_and(|f| f != Format::Html) => LinkKind::File(c.format),
        // `archive.zip`, `data.gz`: named as an archive, contents unknown until probed.
        Some(c) if c.container.is_some() => LinkKind::File(Some(match c.container {
            Some(crate::assess::Container::Gzip) => Format::Gzip,
            _ => Format::Zip,
        })),
        _ if download_view => LinkKind::File(None),
        _ if has_download_query(url) => LinkKind::File(None),
        _ => LinkKind::Page,
    }
}

fn has_download_query(url: &Url) -> bool {
    url.query_pairs().any(|(k, _)| {
        matches!(
            k.to_ascii_lowercase().as_str(),
            "download" | "file" | "fichier"
        )
    })
}

/// The same site: same host, or `example.be` vs `www.example.be`.
pub fn same_site(url: &Url, site: &Url) -> bool {
    let strip = |h: &str| h.trim_start_matches("www.").to_ascii_lowercase();
    match (url.host_str(), site.host_str()) {
        (Some(a), Some(b)) => strip(a) == strip(b),
        _ => false,
    }
}

/// Pages whose words score this low (agenda, council minutes, legal notices) are not
/// fetched at all: they never lead to data, and on a site asking for 120 s between
/// requests each costs two minutes.
pub const SKIP_BELOW: i32 = -15;

/// How promising a link is by its words alone (anchor text and URL path).
pub fn word_score(url: &Url, anchor: &str) -> i32 {
    let text = format!(
        "{} {}",
        anchor.to_lowercase(),
        percent_decode(url.path()).to_lowercase()
    );
    GOOD_WORDS
        .iter()
        .chain(BAD_WORDS)
        .filter(|(w, _)| text.contains(w))
        .map(|(_, s)| s)
        .sum()
}

/// How promising a link is: its words, minus its depth.
pub fn score(url: &Url, anchor: &str, depth: u32) -> i32 {
    word_score(url, anchor) - 10 * depth as i32
}

/// Decode `%XX` escapes (invalid sequences are kept as they are; bytes that are not
/// UTF-8 become U+FFFD). The one percent-decoding of the crate, by `percent-encoding`.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            canonicalize(&u("http://www.x.be/a/budget.xlsx/view#top")).as_str(),
            "http://www.x.be/a/budget.xlsx"
        );
        assert_eq!(
            canonicalize(&u("http://www.x.be/p?utm_source=fb&id=3&PHPSESSID=ab")).as_str(),
            "http://www.x.be/p?id=3"
        );
        assert_eq!(
            canonicalize(&u("http://www.x.be/news/view")).as_str(),
            "http://www.x.be/news/view"
        );
        assert_eq!(
            canonicalize(&u("http://www.x.be/a;jsessionid=123")).as_str(),
            "http://www.x.be/a"
        );
    }

    #[test]
    fn traps() {
        assert!(is_trap(&u("http://www.x.be/agenda?month=2031-04")));
        assert!(is_trap(&u("http://www.x.be/a/b/a/b/a/b")));
        assert!(is_trap(&u("http://www.x.be/++theme++x/style.css")));
        assert!(is_trap(&u("http://www.x.be/liste?b_start=4000")));
        assert!(is_trap(&u("http://www.x.be/ma-ville/<footer><a href=")));
        assert!(!is_trap(&u("http://www.x.be/liste?b_start=20")));
        assert!(!is_trap(&u("http://www.x.be/ma-commune/donnees-ouvertes")));
    }

    #[test]
    fn kinds() {
        let site = u("http://www.namur.be/");
        let portal = u("https://data.namur.be/");
        assert_eq!(
            kind_of(&u("http://www.namur.be/x/budget.csv"), &site, None),
            LinkKind::File(Some(Format::Csv))
        );
        assert_eq!(
            kind_of(&u("http://namur.be/x/file/@@download/file"), &site, None),
            LinkKind::File(None)
        );
        assert_eq!(
            kind_of(&u("http://www.namur.be/x/page"), &site, None),
            LinkKind::Page
        );
        assert_eq!(
            kind_of(&u("http://www.namur.be/x/routes.zip"), &site, None),
            LinkKind::File(Some(Format::Zip))
        );
        assert_eq!(
            kind_of(&u("https://www.odwb.be/explore/?q=namur"), &site, None),
            LinkKind::Portal
        );
        assert_eq!(
            kind_of(&u("https://data.namur.be/explore/"), &site, Some(&portal)),
            LinkKind::Portal
        );
        assert_eq!(
            kind_of(&u("https://www.facebook.com/namur"), &site, None),
            LinkKind::External
        );
        assert_eq!(
            kind_of(&u("mailto:info@namur.be"), &site, None),
            LinkKind::Ignored
        );
    }

    #[test]
    fn open_data_links_score_above_news() {
        let od = score(
            &u("http://www.x.be/ma-commune/donnees-ouvertes"),
            "Données ouvertes",
            1,
        );
        let news = score(
            &u("http://www.x.be/actualites/fete"),
            "Fête de la musique",
            1,
        );
        let agenda = score(&u("http://www.x.be/agenda"), "Agenda", 1);
        assert!(od > news && news > agenda, "{od} {news} {agenda}");
        assert!(word_score(&u("http://www.x.be/agenda"), "Agenda") < SKIP_BELOW);
        assert!(
            word_score(
                &u("http://www.x.be/vie-politique/conseil-communal/proces-verbaux"),
                "Procès-verbaux"
            ) < SKIP_BELOW
        );
        assert!(word_score(&u("http://www.x.be/actualites/fete"), "Fête") >= SKIP_BELOW);
    }
}
