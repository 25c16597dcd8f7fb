//! Which platform a commune site runs on, from what its homepage already sent.
//!
//! Knowing the platform tells the crawler where the site keeps its own index of what it
//! publishes (plone.restapi `@search`, a Plone `sitemap.xml.gz` that lists files, the
//! WordPress media endpoint): one listing request there sees more than sixty page
//! requests, on a server that asks for two minutes between requests. Recognition costs no
//! request: it reads the homepage's headers and HTML the crawl fetched anyway. Signals are
//! the ones the platforms print themselves (generator meta, `X-Generator`, asset paths,
//! the WordPress REST `Link` header); a site that hides them is `Unknown` and is crawled.

use serde::Serialize;

/// The platform behind a site, as far as its homepage shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// iMio's Plone 6 "smartweb": listings rendered in the browser from other hosts; files
    /// in "files" sections of pages, listed by plone.restapi `@search`.
    ImioSmartweb,
    /// An older iMio Plone site: `sitemap.xml.gz` lists every object, files included.
    ImioPlone,
    /// Plone outside iMio's themes.
    Plone,
    /// WordPress: `/wp-json/wp/v2/media` lists every upload.
    WordPress,
    /// Drupal: files under `/sites/default/files/`, no public listing.
    Drupal,
    /// Joomla.
    Joomla,
    /// Nothing recognisable.
    Unknown,
}

impl Platform {
    /// The value written in `communes.csv` and shown on the commune page.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::ImioSmartweb => "imio_smartweb",
            Platform::ImioPlone => "imio_plone",
            Platform::Plone => "plone",
            Platform::WordPress => "wordpress",
            Platform::Drupal => "drupal",
            Platform::Joomla => "joomla",
            Platform::Unknown => "unknown",
        }
    }

    /// Plone of any flavour: plone.restapi may answer `@search`.
    pub fn is_plone(self) -> bool {
        matches!(
            self,
            Platform::ImioSmartweb | Platform::ImioPlone | Platform::Plone
        )
    }
}

/// Recognise the platform from the homepage's response headers (name, value) and HTML.
/// Only the first 256 KiB of the HTML are looked at: generator metas and asset links sit
/// in the `<head>`.
pub fn recognise<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    html: &str,
) -> Platform {
    let page = prefix(html, 256 * 1024).to_ascii_lowercase();
    // Asset paths count in the `<head>` only: a body may link anybody's uploads.
    let head = page.split("</head>").next().unwrap_or(&page);
    let headers: Vec<(String, String)> = headers
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_ascii_lowercase()))
        .collect();
    let header_has =
        |name: &str, needle: &str| headers.iter().any(|(n, v)| n == name && v.contains(needle));
    let generator = generator_meta(head);
    let generator_has = |needle: &str| generator.iter().any(|g| g.contains(needle));
    let plone = generator_has("plone")
        || head.contains("++plone++")
        || head.contains("++resource++plone")
        || head.contains("++theme++")
        || header_has("x-powered-by", "zope");
    if head.contains("imio.smartweb") || page.contains("portaltype-imio-smartweb") {
        return Platform::ImioSmartweb;
    }
    if plone {
        // `cpskin` is iMio's Plone 4/5 theme.
        return if head.contains("imio") || head.contains("cpskin") {
            Platform::ImioPlone
        } else {
            Platform::Plone
        };
    }
    if generator_has("wordpress")
        || head.contains("/wp-content/")
        || head.contains("/wp-includes/")
        || header_has("link", "rel=\"https://api.w.org/\"")
    {
        return Platform::WordPress;
    }
    if generator_has("drupal")
        || header_has("x-generator", "drupal")
        || headers.iter().any(|(n, _)| n.starts_with("x-drupal-"))
        || head.contains("/sites/default/files/")
        || page.contains("drupal-settings-json")
    {
        return Platform::Drupal;
    }
    if generator_has("joomla") || head.contains("/media/jui/") || head.contains("/media/system/js/")
    {
        return Platform::Joomla;
    }
    Platform::Unknown
}

/// The `content` of every `<meta name="generator">` (lower-cased input).
fn generator_meta(head: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(head);
    let selector = scraper::Selector::parse("meta[name]").expect("a valid selector");
    doc.select(&selector)
        .filter(|m| {
            m.value()
                .attr("name")
                .is_some_and(|n| n.eq_ignore_ascii_case("generator"))
        })
        .filter_map(|m| m.value().attr("content").map(str::to_owned))
        .collect()
}

/// At most `max` bytes of `s`, cut on a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    // Heads written after the markup these platforms print in their default themes.
    #[test]
    fn imio_smartweb_by_its_resource_paths() {
        let html = r#"<!DOCTYPE html><html lang="fr"><head>
            <meta name="generator" content="Plone - https://plone.org/">
            <link rel="stylesheet" href="https://www.x.be/++plone++imio.smartweb.core/smartweb.css">
            </head><body class="template-document_view portaltype-imio-smartweb-page"></body></html>"#;
        assert_eq!(recognise(none(), html), Platform::ImioSmartweb);
    }

    #[test]
    fn older_imio_plone_by_generator_and_theme() {
        let html = r#"<html><head><meta name="generator" content="Plone - http://plone.com" />
            <link rel="stylesheet" href="https://www.x.be/++theme++imio.theme.commune/css/main.css" />
            </head><body></body></html>"#;
        assert_eq!(recognise(none(), html), Platform::ImioPlone);
    }

    #[test]
    fn plain_plone_by_zope_header() {
        let html = "<html><head><title>Accueil</title></head><body></body></html>";
        assert_eq!(
            recognise(
                [(
                    "X-Powered-By",
                    "Zope (www.zope.org), Python (www.python.org)"
                )],
                html
            ),
            Platform::Plone
        );
    }

    #[test]
    fn wordpress_by_rest_link_header_or_assets() {
        let bare = "<html><head></head><body></body></html>";
        assert_eq!(
            recognise(
                [(
                    "Link",
                    r#"<https://www.x.be/wp-json/>; rel="https://api.w.org/""#
                )],
                bare
            ),
            Platform::WordPress
        );
        let html = r#"<html><head><meta name="generator" content="WordPress 6.5.2" />
            <link rel='stylesheet' href='https://www.x.be/wp-includes/css/dist/block-library/style.min.css' /></head></html>"#;
        assert_eq!(recognise(none(), html), Platform::WordPress);
    }

    #[test]
    fn drupal_by_generator_or_header() {
        let html = r#"<html><head><meta name="Generator" content="Drupal 10 (https://www.drupal.org)" /></head></html>"#;
        assert_eq!(recognise(none(), html), Platform::Drupal);
        assert_eq!(
            recognise([("X-Drupal-Cache", "HIT")], "<html></html>"),
            Platform::Drupal
        );
    }

    #[test]
    fn a_site_that_shows_nothing_is_unknown() {
        let html = r#"<html><head><title>Commune de X</title>
            <link rel="stylesheet" href="/css/site.css"></head>
            <body><a href="https://www.asbl.be/wp-content/uploads/rapport.pdf">rapport</a>
            <a href="https://www.province.be/sites/default/files/x.csv">x</a></body></html>"#;
        assert_eq!(recognise(none(), html), Platform::Unknown);
    }

    #[test]
    fn a_link_to_a_wordpress_blog_in_the_body_does_not_make_a_plone_site_wordpress() {
        let html = r#"<html><head><meta name="generator" content="Plone - https://plone.org/"></head>
            <body><a href="https://blog.example.org/wp-content/uploads/x.pdf">x</a></body></html>"#;
        assert_eq!(recognise(none(), html), Platform::Plone);
    }
}
