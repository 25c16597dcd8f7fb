//! Reading what a fetched page says: its links (with anchor text and the list item or
//! table row around them), whether it presents itself as open data, the licence it
//! names; and the URLs a sitemap lists.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::links::canonicalize;
use crate::assess::guess_legacy_encoding;

/// Words by which a page presents itself as open data or data download.
const OPEN_DATA_WORDS: &[&str] = &[
    "données ouvertes",
    "donnees ouvertes",
    "donnees-ouvertes",
    "open data",
    "opendata",
    "open-data",
    "jeux de données",
    "jeux de donnees",
    "jeux-de-donnees",
    "données publiques",
    "téléchargement des données",
    "data download",
];

/// Licence names, as pages write them, mapped to a canonical name.
const LICENCES: &[(&str, &str)] = &[
    ("licence ouverte", "Licence Ouverte"),
    ("open licence", "Licence Ouverte"),
    ("etalab", "Licence Ouverte"),
    ("cc-by-sa", "CC BY-SA"),
    ("cc by-sa", "CC BY-SA"),
    ("cc by sa", "CC BY-SA"),
    ("cc-by", "CC BY"),
    ("cc by", "CC BY"),
    ("creative commons attribution", "CC BY"),
    ("cc0", "CC0"),
    ("cc zero", "CC0"),
    ("domaine public", "Public domain"),
    ("public domain", "Public domain"),
    ("odbl", "ODbL"),
    ("open database licen", "ODbL"),
    ("odc-by", "ODC-BY"),
    ("pddl", "PDDL"),
    ("modèle de licence gratuite", "Licence gratuite (Wallonie)"),
    ("licence gratuite", "Licence gratuite (Wallonie)"),
    ("tous droits réservés", "All rights reserved"),
    ("all rights reserved", "All rights reserved"),
    ("cc by-nc", "CC BY-NC"),
    ("cc-by-nc", "CC BY-NC"),
    ("cc by-nd", "CC BY-ND"),
    ("cc-by-nd", "CC BY-ND"),
];

/// One link of a page.
#[derive(Clone, Debug)]
pub struct PageLink {
    /// Absolute and canonical.
    pub url: Url,
    /// The anchor text (or its title/alt).
    pub anchor: String,
    /// Index into [`ParsedPage::groups`]: links in one list item or table row share it.
    pub group: usize,
}

/// A list item, table row or paragraph holding links: one candidate dataset.
#[derive(Clone, Debug)]
pub struct LinkGroup {
    /// Its title: a heading or strong text inside, else its text without the links.
    pub title: String,
    /// A licence named inside it.
    pub licence: Option<String>,
}

/// What a page says.
#[derive(Clone, Debug)]
pub struct ParsedPage {
    /// `<title>` or first `<h1>`.
    pub title: String,
    /// The page presents itself as open data.
    pub open_data: bool,
    /// A licence the page names outside its link groups (for the groups that name none).
    pub licence: Option<String>,
    /// Its links.
    pub links: Vec<PageLink>,
    /// The groups links belong to.
    pub groups: Vec<LinkGroup>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// An HTML page's bytes as text, in the encoding a browser would use: a byte-order
/// mark, else the `charset` of the Content-Type header, else a `<meta charset>` in the
/// first KiB, else UTF-8; bytes that are not valid in the declared encoding (an old site
/// saying UTF-8 and writing Windows-1252, or saying nothing) get the classifier's legacy
/// guess ([`guess_legacy_encoding`]: chardetng on a window, with the `.be` hint). Words such as « données ouvertes » or « Licence ouverte » must survive on
/// old Latin-1 sites.
pub fn decode_html<'a>(body: &'a [u8], content_type: Option<&str>) -> Cow<'a, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(body) {
        return encoding.decode_without_bom_handling(&body[bom..]).0;
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(&body[..body.len().min(1024)]))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        // A page cannot be UTF-16 without a BOM (WHATWG): the label is wrong.
        .filter(|e| e.is_ascii_compatible());
    match declared {
        Some(e) if e != UTF_8 => e.decode_without_bom_handling(body).0,
        _ => match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                guess_legacy_encoding(body, true)
                    .decode_without_bom_handling(body)
                    .0
            }
        },
    }
}

/// `charset=...` of a Content-Type value.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// The charset a `<meta charset=...>` or `<meta http-equiv=Content-Type content="...;
/// charset=...">` declares, read as ASCII.
fn meta_charset(head: &[u8]) -> Option<&str> {
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset=")? + "charset=".len();
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    std::str::from_utf8(&rest[..end])
        .ok()
        .filter(|l| !l.is_empty())
}

/// Parse an HTML page fetched from `url`.
pub fn parse_html(body: &str, url: &Url) -> ParsedPage {
    let doc = Html::parse_document(body);
    let base = doc
        .select(&sel("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| url.join(h).ok())
        .unwrap_or_else(|| url.clone());
    let title = doc
        .select(&sel("title"))
        .next()
        .or_else(|| doc.select(&sel("h1")).next())
        .map(|t| clean(&t.text().collect::<String>()))
        .unwrap_or_default();
    let headings: String = doc
        .select(&sel("h1, h2"))
        .map(|h| h.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let signal = format!(
        "{title} {headings} {}",
        super::links::percent_decode(url.path())
    )
    .to_lowercase();
    let open_data = OPEN_DATA_WORDS.iter().any(|w| signal.contains(w));
    let mut groups: Vec<LinkGroup> = Vec::new();
    let mut group_ids: Vec<ego_tree::NodeId> = Vec::new();
    let mut links = Vec::new();
    for a in doc.select(&sel("a[href]")) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let Ok(target) = base.join(href.trim()) else {
            continue;
        };
        let mut anchor = clean(&a.text().collect::<String>());
        if anchor.is_empty() {
            anchor = a.value().attr("title").map(clean).unwrap_or_default();
        }
        let block = a
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| matches!(e.value().name(), "li" | "tr" | "p" | "dd" | "article"));
        let group = match block {
            Some(block) => {
                let id = block.id();
                match group_ids.iter().position(|g| *g == id) {
                    Some(i) => i,
                    None => {
                        group_ids.push(id);
                        groups.push(describe_group(&block, &anchor));
                        groups.len() - 1
                    }
                }
            }
            None => {
                group_ids.push(a.id());
                groups.push(LinkGroup {
                    title: anchor.clone(),
                    licence: None,
                });
                groups.len() - 1
            }
        };
        links.push(PageLink {
            url: canonicalize(&target),
            anchor,
            group,
        });
    }
    // The page's own licence statement is what it says outside the link groups: a
    // licence written next to one dataset's files is that dataset's, never its
    // neighbours' (they state their own, or none).
    let grouped: std::collections::HashSet<ego_tree::NodeId> = group_ids.into_iter().collect();
    let outside: String = doc
        .root_element()
        .descendants()
        .filter(|n| !n.ancestors().any(|a| grouped.contains(&a.id())))
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    ParsedPage {
        title,
        open_data,
        licence: licence_in(&outside),
        links,
        groups,
    }
}

fn describe_group(block: &ElementRef<'_>, anchor: &str) -> LinkGroup {
    let text = clean(&block.text().collect::<String>());
    let heading = block
        .select(&sel("strong, b, h2, h3, h4, h5, .title"))
        .next()
        .map(|h| clean(&h.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let title = heading.unwrap_or_else(|| {
        let without_links: String = block
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        let t = clean(&without_links);
        let t = t.trim_matches(|c: char| c == '—' || c == '-' || c == ':' || c.is_whitespace());
        if t.chars().count() >= 3 {
            t.to_owned()
        } else {
            anchor.to_owned()
        }
    });
    LinkGroup {
        title: title.chars().take(200).collect(),
        licence: licence_in(&text),
    }
}

/// The first licence a text names.
pub fn licence_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    LICENCES
        .iter()
        .filter_map(|(needle, name)| lower.find(needle).map(|at| (at, *name)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, name)| name.to_owned())
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a sitemap lists: page URLs (with `lastmod`) or, for an index, other sitemaps.
#[derive(Clone, Debug, Default)]
pub struct Sitemap {
    /// `(loc, lastmod)` of `<url>` entries.
    pub urls: Vec<(Url, Option<String>)>,
    /// `<sitemap>` entries of a sitemap index.
    pub sitemaps: Vec<Url>,
}

/// Parse a sitemap (XML, or gzipped XML), at most `cap` bytes inflated.
pub fn parse_sitemap(body: &[u8], cap: usize) -> Sitemap {
    let mut inflated = Vec::new();
    let xml: &[u8] = if body.starts_with(&[0x1F, 0x8B]) {
        let _ = flate2::read::GzDecoder::new(body)
            .take(cap as u64)
            .read_to_end(&mut inflated);
        &inflated
    } else {
        body
    };
    let text = String::from_utf8_lossy(xml);
    let (text, _) = crate::dtd::blank_str(&text);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut out = Sitemap::default();
    let mut in_loc = false;
    let mut in_lastmod = false;
    let mut in_index_entry = false;
    let mut pending: Option<Url> = None;
    let mut lastmod: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => match e.local_name().as_ref() {
                "loc" => in_loc = true,
                "lastmod" => in_lastmod = true,
                "sitemap" => in_index_entry = true,
                "url" => {
                    pending = None;
                    lastmod = None;
                }
                _ => {}
            },
            Ok(quick_xml::events::Event::Text(t)) => {
                let value = t.as_ref().trim().to_owned();
                if in_loc {
                    pending = value.parse().ok();
                } else if in_lastmod {
                    lastmod = Some(value);
                }
            }
            Ok(quick_xml::events::Event::End(e)) => match e.local_name().as_ref() {
                "loc" => in_loc = false,
                "lastmod" => in_lastmod = false,
                "url" => {
                    if let Some(u) = pending.take() {
                        out.urls.push((u, lastmod.take()));
                    }
                }
                "sitemap" => {
                    in_index_entry = false;
                    if let Some(u) = pending.take() {
                        out.sitemaps.push(u);
                    }
                }
                _ => {}
            },
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            _ => {}
        }
        if out.urls.len() + out.sitemaps.len() > 50_000 {
            break;
        }
    }
    let _ = in_index_entry;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_in_the_encoding_a_browser_would_use() {
        let latin1 = b"<html><body><h1>Donn\xe9es ouvertes</h1><p>Licence ouverte \xa9 Ath</p></body></html>";
        // No charset anywhere, not UTF-8: detected (windows-1252 for a .be page).
        assert!(decode_html(latin1, Some("text/html")).contains("Données ouvertes"));
        // Declared by the header, or by a meta tag.
        assert!(
            decode_html(latin1, Some("text/html; charset=ISO-8859-1"))
                .contains("Licence ouverte ©")
        );
        let meta = [b"<meta charset=\"windows-1252\">".as_slice(), latin1].concat();
        assert!(decode_html(&meta, None).contains("Données ouvertes"));
        let http_equiv = [
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">"
                .as_slice(),
            latin1,
        ]
        .concat();
        assert!(decode_html(&http_equiv, None).contains("Données ouvertes"));
        // Said UTF-8, written in Latin-1: the bytes win over the label.
        assert!(decode_html(latin1, Some("text/html; charset=utf-8")).contains("Données ouvertes"));
        // UTF-8 (with or without BOM) is read as is.
        let utf8 = "<p>Données ouvertes</p>".as_bytes();
        assert!(matches!(decode_html(utf8, None), Cow::Borrowed(_)));
        let bom = [b"\xef\xbb\xbf".as_slice(), utf8].concat();
        assert_eq!(
            decode_html(&bom, Some("text/html; charset=windows-1252")),
            "<p>Données ouvertes</p>"
        );
    }

    #[test]
    fn links_grouped_by_list_item_with_titles_and_licences() {
        let html = r#"<html><head><title>Données ouvertes — Commune</title></head><body>
          <ul><li><strong>Budget 2024</strong> <span>Licence : CC BY 4.0</span> —
            <a href="/files/budget.csv">budget.csv</a> <a href="/files/budget.xlsx/view">budget.xlsx</a></li>
          <li>Arbres remarquables <a href="arbres.geojson">GeoJSON</a></li></ul>
          <a href="https://www.odwb.be/explore/?refine.publisher=X">ODWB</a></body></html>"#;
        let url: Url = "http://www.x.be/ma-commune/donnees-ouvertes"
            .parse()
            .unwrap();
        let p = parse_html(html, &url);
        assert!(p.open_data);
        assert_eq!(p.links.len(), 4);
        assert_eq!(p.links[0].group, p.links[1].group);
        assert_ne!(p.links[1].group, p.links[2].group);
        assert_eq!(p.links[1].url.as_str(), "http://www.x.be/files/budget.xlsx");
        assert_eq!(
            p.links[2].url.as_str(),
            "http://www.x.be/ma-commune/arbres.geojson"
        );
        let g = &p.groups[p.links[0].group];
        assert_eq!(g.title, "Budget 2024");
        assert_eq!(g.licence.as_deref(), Some("CC BY"));
        assert_eq!(p.groups[p.links[2].group].title, "Arbres remarquables");
        assert_eq!(p.groups[p.links[2].group].licence, None);
        // The licence of "Budget 2024" is not the page's: "Arbres" states none.
        assert_eq!(p.licence, None);
    }

    #[test]
    fn a_licence_stated_outside_the_datasets_is_the_page_s() {
        let html = r#"<html><body><h1>Données ouvertes</h1>
          <p class="intro">Toutes nos données sont publiées sous Licence ouverte.</p>
          <ul><li>Budget <a href="/budget.csv">CSV</a></li>
          <li>Rues <span>Licence : CC0</span> <a href="/rues.csv">CSV</a></li></ul></body></html>"#;
        let url: Url = "http://www.x.be/donnees-ouvertes".parse().unwrap();
        let p = parse_html(html, &url);
        assert_eq!(p.licence.as_deref(), Some("Licence Ouverte"));
        assert_eq!(p.groups[p.links[0].group].licence, None);
        assert_eq!(p.groups[p.links[1].group].licence.as_deref(), Some("CC0"));
    }

    #[test]
    fn sitemaps_and_indexes() {
        let xml = br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>http://www.x.be/a</loc><lastmod>2024-05-01</lastmod></url><url><loc>http://www.x.be/b</loc></url></urlset>"#;
        let s = parse_sitemap(xml, 1 << 20);
        assert_eq!(s.urls.len(), 2);
        assert_eq!(s.urls[0].1.as_deref(), Some("2024-05-01"));
        let idx =
            br#"<sitemapindex><sitemap><loc>http://www.x.be/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(parse_sitemap(idx, 1 << 20).sitemaps.len(), 1);
    }
}
