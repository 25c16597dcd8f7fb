//! Reading what a fetched page says: its links (with anchor text and the list item or
//! table row around them), whether it presents itself as open data, the licence it
//! names; and the URLs a sitemap lists.

use std::borrow::Cow;
use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::LicenceStatement;
use super::links::{LinkKind, canonicalize, kind_of};
pub use super::page_licence::licence_in;
use super::page_licence::{Statements, licence_link, rel_license};
use crate::assess::{guess_legacy_encoding, mostly_utf8};
use std::collections::{HashMap, HashSet};

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
    /// The licence stated for its files: inside it, else by the nearest statement of its
    /// container or heading section, else for the whole page (see [`super::page_licence`]).
    pub licence: Option<LicenceStatement>,
}

/// What a page says.
#[derive(Clone, Debug)]
pub struct ParsedPage {
    /// `<title>` or first `<h1>`.
    pub title: String,
    /// The page presents itself as open data.
    pub open_data: bool,
    /// A licence the page states for all its files (head metadata, "toutes les données de
    /// cette page…", else its footer).
    pub licence: Option<LicenceStatement>,
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
            // A few invalid bytes in a UTF-8 page: UTF-8, lossy.
            Err(_) if mostly_utf8(body) => String::from_utf8_lossy(body),
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
    let statements = Statements::of(&doc, &base);
    let (links, groups) = group_links(&doc, &base, &statements);
    ParsedPage {
        title,
        open_data,
        licence: statements.for_page(),
        links,
        groups,
    }
}

/// The page's links, each in its group: the list item, table row, paragraph, `<dd>` or
/// article around it, split by the headings inside that block (a WordPress article
/// holding one section per dataset is several datasets). Each group then takes the
/// licence stated closest to it (see [`super::page_licence`]).
fn group_links(doc: &Html, base: &Url, statements: &Statements) -> (Vec<PageLink>, Vec<LinkGroup>) {
    let mut groups: Vec<LinkGroup> = Vec::new();
    // Per group: its block (or the link itself) and its first link.
    let mut places: Vec<(ego_tree::NodeId, ego_tree::NodeId)> = Vec::new();
    let mut index: HashMap<(ego_tree::NodeId, [usize; 6]), usize> = HashMap::new();
    let mut links = Vec::new();
    let mut file_links = Vec::new();
    for a in doc.select(&sel("a[href]")) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let Ok(target) = base.join(href.trim()) else {
            continue;
        };
        // A link to a licence states the licence: it is never a dataset.
        if licence_link(&target).is_some() || rel_license(a.value().attr("rel")) {
            continue;
        }
        let mut anchor = clean(&a.text().collect::<String>());
        if anchor.is_empty() {
            anchor = a.value().attr("title").map(clean).unwrap_or_default();
        }
        let block = a
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| matches!(e.value().name(), "li" | "tr" | "p" | "dd" | "article"));
        let section = statements.section_of(a.id());
        let key = (block.map_or(a.id(), |b| b.id()), section);
        let group = *index.entry(key).or_insert_with(|| {
            groups.push(match &block {
                Some(block) => {
                    let heading = statements.heading_within(doc, block.id(), section);
                    describe_group(block, &anchor, heading)
                }
                None => LinkGroup {
                    title: anchor.clone(),
                    licence: None,
                },
            });
            places.push((key.0, a.id()));
            groups.len() - 1
        });
        let url = canonicalize(&target);
        if matches!(kind_of(&url, &url, None), LinkKind::File(_)) {
            file_links.push((a.id(), group));
        }
        links.push(PageLink { url, anchor, group });
    }
    // Groups holding files: a licence stated inside one is that dataset's own.
    let with_files: HashSet<ego_tree::NodeId> =
        file_links.iter().map(|(_, g)| places[*g].0).collect();
    let file_links: Vec<ego_tree::NodeId> = file_links.into_iter().map(|(a, _)| a).collect();
    let licences = statements.assign(doc, &places, &with_files, &file_links);
    for (group, licence) in groups.iter_mut().zip(licences) {
        group.licence = licence;
    }
    (links, groups)
}

fn describe_group(block: &ElementRef<'_>, anchor: &str, section: Option<String>) -> LinkGroup {
    let heading = section.or_else(|| {
        block
            .select(&sel("strong, b, h2, h3, h4, h5, .title"))
            .next()
            .map(|h| clean(&h.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    });
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
        licence: None,
    }
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

    fn canonical(s: &Option<LicenceStatement>) -> Option<String> {
        let s = s.clone().unwrap_or_default();
        crate::assess::judge_licence(s.name.as_deref(), s.url.as_deref()).canonical
    }

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
        // UTF-8 with a stray Windows-1252 byte stays UTF-8 (lossy).
        let stray =
            "<h1>Données ouvertes</h1><p>Règlement général</p><p>Liège, Hôtel de ville \u{1}</p>"
                .replace('\u{1}', "")
                .into_bytes();
        let stray = [stray.as_slice(), b"<p>caf\xe9</p>"].concat();
        let text = decode_html(&stray, Some("text/html; charset=utf-8"));
        assert!(
            text.contains("Données ouvertes") && text.contains("Hôtel"),
            "{text}"
        );
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
        assert_eq!(canonical(&g.licence).as_deref(), Some("CC BY 4.0"));
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
        assert_eq!(canonical(&p.licence).as_deref(), Some("Licence Ouverte"));
        // The page's statement covers "Budget"; "Rues" states its own.
        assert_eq!(
            canonical(&p.groups[p.links[0].group].licence).as_deref(),
            Some("Licence Ouverte")
        );
        assert_eq!(
            canonical(&p.groups[p.links[1].group].licence).as_deref(),
            Some("CC0 1.0")
        );
    }

    /// iMio smartweb: a text section titled "Licence" says "les données ci-dessous", and
    /// the files section under its own heading follows; a later section's own words win.
    /// (A "ci-dessous" under a heading that is not a licence's stays in its section: see
    /// `tests/fixtures/licence-pages/section-below.html`.)
    #[test]
    fn a_licence_for_the_data_below_covers_the_next_sections() {
        let html = r#"<html><body><h1>Données ouvertes</h1>
          <div class="sections-container">
          <div class="section_text"><h2>Licence</h2><p>Les données ci-dessous sont publiées
            sous licence <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p></div>
          <div class="section_files"><h2>Jeux de données</h2><ul>
            <li><a href="/f/defibrillateurs.csv">Défibrillateurs</a></li></ul></div>
          <div class="section_files"><h2>Archives</h2><p>Licence : CC0</p><ul>
            <li><a href="/f/archives.csv">Archives</a></li></ul></div>
          </div></body></html>"#;
        let url: Url = "http://www.x.be/donnees-ouvertes".parse().unwrap();
        let p = parse_html(html, &url);
        assert_eq!(
            canonical(&p.groups[p.links[0].group].licence).as_deref(),
            Some("CC BY 4.0")
        );
        assert_eq!(
            canonical(&p.groups[p.links[1].group].licence).as_deref(),
            Some("CC0 1.0")
        );
    }

    /// The same, said without "ci-dessous": the heading "Licence" says what it is for.
    #[test]
    fn a_licence_section_covers_its_sibling_files_section() {
        let html = r#"<html><body><h1>Données ouvertes</h1>
          <div class="section_text"><h2>Licence</h2><p>Données publiées sous licence
            <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p></div>
          <div class="section_files"><h2>Fichiers</h2><ul>
            <li><a href="/f/population.csv">Population</a></li></ul></div>
          </body></html>"#;
        let url: Url = "http://www.x.be/donnees-ouvertes".parse().unwrap();
        let p = parse_html(html, &url);
        assert_eq!(
            canonical(&p.groups[p.links[0].group].licence).as_deref(),
            Some("CC BY 4.0")
        );
        let html = html.replace("<h2>Licence</h2>", "<h2>Contact</h2>");
        let p = parse_html(&html, &url);
        assert_eq!(canonical(&p.groups[p.links[0].group].licence), None);
    }

    #[test]
    fn each_row_of_a_long_files_table_keeps_its_own_licence() {
        let rows: String = (0..2_000)
            .map(|i| {
                let licence = if i % 2 == 0 { "by" } else { "by-nc" };
                format!(
                    "<tr><td><a href=\"/d/f{i}.csv\">f{i}</a></td><td><a href=\"https://creativecommons.org/licenses/{licence}/4.0/\">CC</a></td></tr>"
                )
            })
            .collect();
        let html = format!("<h1>Données</h1><table>{rows}</table>");
        let url: Url = "https://www.x.be/donnees".parse().unwrap();
        let p = parse_html(&html, &url);
        assert_eq!(p.links.len(), 2_000);
        for (i, link) in p.links.iter().enumerate() {
            let want = if i % 2 == 0 {
                "CC BY 4.0"
            } else {
                "CC BY-NC 4.0"
            };
            assert_eq!(
                canonical(&p.groups[link.group].licence).as_deref(),
                Some(want),
                "row {i}"
            );
        }
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
