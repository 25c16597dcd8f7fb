//! Platform listings: what a site's own index says it publishes.
//!
//! A crawl of sixty pages at two minutes a page sees a corner of a Plone site of thousands
//! of objects; the site's own index lists every file in a request or two. This module
//! builds the listing requests and reads their answers, as pure functions (no I/O), so
//! that each platform's answer shape is tested against bodies written from the platforms'
//! documented formats:
//! - plone.restapi `@search` (`items`, `items_total`, `batching.next`), asked with
//!   `Accept: application/json`, as iMio's smartweb search front end does;
//! - WordPress `/wp-json/wp/v2/media` (a JSON array; `X-WP-TotalPages` pages it).
//!
//! A listing only says where files are and what the platform believes of them (title,
//! modification date, MIME type); the bytes still decide the format (`assess`).
//! Entries whose name and MIME type both say "not data" (images, office letters, PDFs of
//! minutes) are left out by [`ListedFile::may_be_data`], so a site of 3,000 photos and
//! council minutes costs no probe.

use serde::Deserialize;
use url::Url;

use crate::assess::{Format, Stars, claim_of_media_type, claim_of_name};

/// iMio smartweb's publication type: a file with its own page (`@@download/file` serves it).
const PUBLICATION: &str = "imio.smartweb.Publication";

/// Items asked per listing page (plone.restapi and WordPress both cap at 100).
pub const PAGE_SIZE: usize = 100;

/// One file as a platform lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedFile {
    /// Where its bytes are downloaded.
    pub url: Url,
    /// The page that presents it (Plone's object URL, WordPress's attachment page).
    pub page: Option<Url>,
    /// Its title in the platform.
    pub title: Option<String>,
    /// The platform's modification date, as given (ISO 8601).
    pub modified: Option<String>,
    /// The platform's MIME type, as given.
    pub media_type: Option<String>,
    /// The page that shows the file to visitors (the Plone page whose files section holds
    /// it, the WordPress post it is attached to): read for its licence and context.
    pub context: Option<Url>,
    /// The platform's description of the file (a licence is sometimes stated there).
    pub description: Option<String>,
}

impl ListedFile {
    /// Whether the file could be data: its name or MIME type names a structured format
    /// (two stars or more) or an archive, or names nothing at all (the bytes will tell).
    /// PDFs and office letters are documents: the crawl still probes those that a page the
    /// commune presents as open data links, with that page's context.
    pub fn may_be_data(&self) -> bool {
        let by_name = claim_of_name(self.url.path()).and_then(|c| c.format.or(Some(Format::Zip)));
        let by_type = self
            .media_type
            .as_deref()
            .and_then(claim_of_media_type)
            .and_then(|c| c.format.or(Some(Format::Zip)));
        match (by_name, by_type) {
            (None, None) => true,
            (a, b) => a.into_iter().chain(b).any(is_data_format),
        }
    }
}

/// Formats a listing entry is probed for: structured ones and archives.
fn is_data_format(f: Format) -> bool {
    f.star_ceiling() >= Stars::new(2) || matches!(f, Format::Zip | Format::Gzip)
}

/// Why a listing answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListingError {
    /// Not the JSON the platform documents (an HTML page, a login form, garbage).
    #[error("not a {platform} listing: {source}")]
    NotJson {
        /// Which listing was expected.
        platform: &'static str,
        /// The parser's complaint.
        #[source]
        source: serde_json::Error,
    },
}

/// The first `@search` request: every File and smartweb Publication, newest first, with the metadata the audit
/// uses. `root` is the site's root (`https://www.commune.be/`).
pub fn plone_search_url(root: &Url) -> Option<Url> {
    let mut u = root.join("@search").ok()?;
    u.query_pairs_mut()
        .append_pair("portal_type", "File")
        .append_pair("portal_type", PUBLICATION)
        .append_pair("sort_on", "modified")
        .append_pair("sort_order", "descending")
        .append_pair("b_size", &PAGE_SIZE.to_string())
        .append_pair("metadata_fields", "modified")
        .append_pair("metadata_fields", "mime_type");
    Some(u)
}

/// One page of a plone.restapi `@search` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlonePage {
    /// The files on this page.
    pub files: Vec<ListedFile>,
    /// Everything the catalogue holds for the query.
    pub total: Option<u64>,
    /// The next page, when there is one on the same site.
    pub next: Option<Url>,
}

#[derive(Deserialize)]
struct PloneAnswer {
    #[serde(default)]
    items: Vec<PloneItem>,
    items_total: Option<u64>,
    batching: Option<PloneBatching>,
}

#[derive(Deserialize)]
struct PloneItem {
    #[serde(rename = "@id")]
    id: Option<String>,
    #[serde(rename = "@type")]
    kind: Option<String>,
    title: Option<String>,
    description: Option<String>,
    modified: Option<String>,
    mime_type: Option<String>,
}

#[derive(Deserialize)]
struct PloneBatching {
    next: Option<String>,
}

/// Read one `@search` answer. A File's bytes are at its object URL `<@id>` (Plone
/// serves the file there to anonymous visitors; `@@download/file` is the fallback); items of
/// other types (a site that ignores `portal_type`) are left out, as are URLs on other
/// sites. `next` is kept only on the same host, so a hostile answer cannot send the
/// crawler elsewhere.
pub fn parse_plone_search(body: &[u8], site: &Url) -> Result<PlonePage, ListingError> {
    let answer: PloneAnswer =
        serde_json::from_slice(body).map_err(|source| ListingError::NotJson {
            platform: "plone.restapi @search",
            source,
        })?;
    let files = answer
        .items
        .into_iter()
        .filter(|i| {
            i.kind
                .as_deref()
                .is_none_or(|k| k == "File" || k == PUBLICATION)
        })
        .filter_map(|i| plone_file(i, site))
        .collect();
    let next = answer
        .batching
        .and_then(|b| b.next)
        .and_then(|n| Url::parse(&n).ok())
        .filter(|n| n.host_str() == site.host_str());
    Ok(PlonePage {
        files,
        total: answer.items_total,
        next,
    })
}

fn plone_file(item: PloneItem, site: &Url) -> Option<ListedFile> {
    let page = Url::parse(item.id.as_deref()?).ok()?;
    if page.host_str() != site.host_str() {
        return None;
    }
    // A Publication's URL is its page; its file is at the download view.
    let url = if item.kind.as_deref() == Some(PUBLICATION) {
        plone_download_url(&page)?
    } else {
        page.clone()
    };
    Some(ListedFile {
        context: plone_context(&page),
        description: item.description.filter(|d| !d.trim().is_empty()),
        url,
        page: Some(page),
        title: item.title.filter(|t| !t.trim().is_empty()),
        modified: item.modified,
        media_type: item.mime_type,
    })
}

/// Folder names iMio gives the "files" section of a page, or a folder of downloads.
const FILES_SECTIONS: &[&str] = &[
    "fichiers",
    "files",
    "documents",
    "telechargements",
    "downloads",
    "pieces-jointes",
    "annexes",
];

/// The page showing a Plone File object: its container, or the page above a files
/// section (`…/donnees-ouvertes/fichiers/x.csv` → `…/donnees-ouvertes`).
pub fn plone_context(object: &Url) -> Option<Url> {
    let mut segments: Vec<&str> = object.path_segments()?.filter(|s| !s.is_empty()).collect();
    segments.pop()?;
    if segments
        .last()
        .is_some_and(|s| FILES_SECTIONS.contains(&s.to_ascii_lowercase().as_str()))
    {
        segments.pop();
    }
    if segments.is_empty() {
        return None;
    }
    let mut u = object.clone();
    u.set_path(&segments.join("/"));
    u.set_query(None);
    u.set_fragment(None);
    Some(u)
}

/// Plone's download view of a File object (`<@id>/@@download/file`), for a site whose
/// object URL answers a page about the file rather than the file.
pub fn plone_download_url(object: &Url) -> Option<Url> {
    let mut url = object.clone();
    url.path_segments_mut()
        .ok()?
        .pop_if_empty()
        .push("@@download")
        .push("file");
    Some(url)
}

/// The first WordPress media request: newest first, the fields the audit uses.
pub fn wordpress_media_url(root: &Url, page: u32) -> Option<Url> {
    wordpress_media_at(root.join("wp-json/wp/v2/media").ok()?, page)
}

/// The same on a WordPress with plain permalinks, whose REST API answers at
/// `/?rest_route=/wp/v2/media` (`/wp-json/` is then a 404).
pub fn wordpress_media_url_plain(root: &Url, page: u32) -> Option<Url> {
    let mut u = root.join("/").ok()?;
    u.set_query(None);
    u.query_pairs_mut()
        .append_pair("rest_route", "/wp/v2/media");
    wordpress_media_at(u, page)
}

fn wordpress_media_at(mut u: Url, page: u32) -> Option<Url> {
    u.query_pairs_mut()
        .append_pair("per_page", &PAGE_SIZE.to_string())
        .append_pair("page", &page.to_string())
        .append_pair("orderby", "modified")
        .append_pair(
            "_fields",
            "source_url,link,title,modified_gmt,modified,mime_type,post",
        );
    Some(u)
}

#[derive(Deserialize)]
struct WpMedia {
    source_url: Option<String>,
    link: Option<String>,
    title: Option<WpRendered>,
    modified_gmt: Option<String>,
    modified: Option<String>,
    mime_type: Option<String>,
    /// The post the upload is attached to (0: none).
    post: Option<u64>,
}

#[derive(Deserialize)]
struct WpRendered {
    rendered: Option<String>,
}

/// Read one page of `/wp-json/wp/v2/media`. Uploads on another host (a CDN) are kept: a
/// commune's uploads are its publications wherever they are served from.
pub fn parse_wordpress_media(body: &[u8], root: &Url) -> Result<Vec<ListedFile>, ListingError> {
    let items: Vec<WpMedia> =
        serde_json::from_slice(body).map_err(|source| ListingError::NotJson {
            platform: "WordPress media",
            source,
        })?;
    Ok(items
        .into_iter()
        .filter_map(|m| {
            let url = Url::parse(m.source_url.as_deref()?).ok()?;
            let modified = m.modified_gmt.map(|t| format!("{t}Z")).or(m.modified);
            let context = m
                .post
                .filter(|p| *p > 0)
                .and_then(|p| root.join(&format!("/?p={p}")).ok());
            Some(ListedFile {
                context,
                description: None,
                url,
                page: m.link.and_then(|l| Url::parse(&l).ok()),
                title: m
                    .title
                    .and_then(|t| t.rendered)
                    .map(|t| unescape_title(&t))
                    .filter(|t| !t.is_empty()),
                modified,
                media_type: m.mime_type,
            })
        })
        .collect())
}

/// WordPress renders titles as HTML: `Budget 2024 &#8211; annexes`.
fn unescape_title(rendered: &str) -> String {
    let doc = scraper::Html::parse_fragment(rendered);
    doc.root_element()
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The number of pages WordPress says the listing has (`X-WP-TotalPages`), bounded so a
/// hostile header cannot make the crawler walk forever.
pub fn wordpress_total_pages(header: Option<&str>, max: u32) -> u32 {
    header
        .and_then(|h| h.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Url {
        Url::parse("https://www.commune.be/").unwrap()
    }

    /// An answer in plone.restapi's documented shape (`@id`, `items`, `items_total`,
    /// `batching` with `@id`, `first`, `last`, `next`), with one File, one Image the site
    /// returned although File was asked, and one item on another host.
    const PLONE: &str = r#"{
      "@id": "https://www.commune.be/@search?portal_type=File&b_size=100",
      "batching": {
        "@id": "https://www.commune.be/@search?portal_type=File&b_size=100",
        "first": "https://www.commune.be/@search?b_start=0&portal_type=File&b_size=100",
        "last": "https://www.commune.be/@search?b_start=200&portal_type=File&b_size=100",
        "next": "https://www.commune.be/@search?b_start=100&portal_type=File&b_size=100"
      },
      "items": [
        {"@id": "https://www.commune.be/ma-commune/finances/budget-2024.xlsx", "@type": "File",
         "description": "", "review_state": null, "title": "Budget 2024",
         "modified": "2024-03-12T09:41:03+00:00", "mime_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "getId": "budget-2024.xlsx"},
        {"@id": "https://www.commune.be/galerie/photo.jpg", "@type": "Image", "title": "Photo"},
        {"@id": "https://evil.example/x.csv", "@type": "File", "title": "x"}
      ],
      "items_total": 231
    }"#;

    #[test]
    fn plone_search_lists_files_at_their_object_url() {
        let page = parse_plone_search(PLONE.as_bytes(), &site()).unwrap();
        assert_eq!(page.total, Some(231));
        assert_eq!(page.files.len(), 1);
        let f = &page.files[0];
        assert_eq!(
            f.url.as_str(),
            "https://www.commune.be/ma-commune/finances/budget-2024.xlsx"
        );
        assert_eq!(
            plone_download_url(&f.url).unwrap().as_str(),
            "https://www.commune.be/ma-commune/finances/budget-2024.xlsx/@@download/file"
        );
        assert_eq!(f.title.as_deref(), Some("Budget 2024"));
        assert_eq!(f.modified.as_deref(), Some("2024-03-12T09:41:03+00:00"));
        assert!(f.may_be_data());
        assert_eq!(
            page.next.unwrap().query(),
            Some("b_start=100&portal_type=File&b_size=100")
        );
    }

    #[test]
    fn a_smartweb_publication_is_fetched_at_its_download_view() {
        let body = r#"{"items": [{"@id": "https://www.commune.be/actualites/budget",
            "@type": "imio.smartweb.Publication", "title": "Budget"}], "items_total": 1}"#;
        let page = parse_plone_search(body.as_bytes(), &site()).unwrap();
        assert_eq!(
            page.files[0].url.as_str(),
            "https://www.commune.be/actualites/budget/@@download/file"
        );
    }

    #[test]
    fn plone_next_page_on_another_host_is_not_followed() {
        let body = r#"{"items": [], "items_total": 0, "batching": {"next": "https://evil.example/@search?b_start=100"}}"#;
        let page = parse_plone_search(body.as_bytes(), &site()).unwrap();
        assert_eq!(page.next, None);
    }

    #[test]
    fn an_html_login_page_is_not_a_listing() {
        let body = b"<!DOCTYPE html><html><body><form id=login-form></form></body></html>";
        assert!(matches!(
            parse_plone_search(body, &site()),
            Err(ListingError::NotJson { .. })
        ));
        assert!(parse_wordpress_media(body, &site()).is_err());
    }

    #[test]
    fn plone_search_request_asks_for_files_and_their_dates() {
        let u = plone_search_url(&site()).unwrap();
        assert_eq!(u.path(), "/@search");
        let q: Vec<(String, String)> = u.query_pairs().into_owned().collect();
        assert!(q.contains(&("portal_type".into(), "File".into())));
        assert!(q.contains(&("metadata_fields".into(), "modified".into())));
        assert!(q.contains(&("b_size".into(), "100".into())));
    }

    /// Written after the WordPress REST API handbook's media schema.
    const WP: &str = r#"[
      {"id": 812, "date": "2024-02-01T10:00:00", "modified": "2024-02-03T11:12:13",
       "modified_gmt": "2024-02-03T10:12:13", "slug": "budget-2024",
       "link": "https://www.commune.be/budget-2024/",
       "title": {"rendered": "Budget 2024 &#8211; annexes"},
       "mime_type": "text/csv",
       "source_url": "https://www.commune.be/wp-content/uploads/2024/02/budget-2024.csv"},
      {"id": 813, "title": {"rendered": "Conseil communal"}, "mime_type": "image/jpeg",
       "source_url": "https://www.commune.be/wp-content/uploads/2024/02/conseil.jpg"},
      {"id": 814, "title": {"rendered": "no source"}}
    ]"#;

    #[test]
    fn wordpress_media_lists_uploads_and_keeps_data_like_ones() {
        let files = parse_wordpress_media(WP.as_bytes(), &site()).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].title.as_deref(), Some("Budget 2024 – annexes"));
        assert_eq!(files[0].modified.as_deref(), Some("2024-02-03T10:12:13Z"));
        assert!(files[0].may_be_data());
        assert!(!files[1].may_be_data(), "a photo is not probed");
    }

    #[test]
    fn an_unnamed_file_of_unknown_type_is_worth_a_probe() {
        let f = ListedFile {
            url: Url::parse("https://www.commune.be/document?id=12").unwrap(),
            page: None,
            title: None,
            modified: None,
            media_type: Some("application/octet-stream".into()),
            context: None,
            description: None,
        };
        assert!(f.may_be_data());
    }

    #[test]
    fn the_page_showing_a_file() {
        let u = |s: &str| Url::parse(s).unwrap();
        let ctx = |s: &str| plone_context(&u(s)).map(|c| c.to_string());
        assert_eq!(
            ctx("https://www.x.be/ma-commune/donnees-ouvertes/fichiers/ecoles.csv").as_deref(),
            Some("https://www.x.be/ma-commune/donnees-ouvertes")
        );
        assert_eq!(
            ctx("https://www.x.be/ma-commune/budget.xlsx").as_deref(),
            Some("https://www.x.be/ma-commune")
        );
        assert_eq!(ctx("https://www.x.be/budget.xlsx"), None);
    }

    #[test]
    fn wordpress_media_with_plain_permalinks() {
        let u = wordpress_media_url_plain(&site(), 2).unwrap();
        assert_eq!(u.path(), "/");
        let q: Vec<(String, String)> = u.query_pairs().into_owned().collect();
        assert_eq!(q[0], ("rest_route".into(), "/wp/v2/media".into()));
        assert!(q.contains(&("page".into(), "2".into())));
    }

    #[test]
    fn wordpress_page_count_is_bounded() {
        assert_eq!(wordpress_total_pages(Some("3"), 20), 3);
        assert_eq!(wordpress_total_pages(Some("999999"), 20), 20);
        assert_eq!(wordpress_total_pages(Some("x"), 20), 1);
        assert_eq!(wordpress_total_pages(None, 20), 1);
    }
}
