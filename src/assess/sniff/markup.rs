//! Markup: XML dialects by root element and namespace, and HTML pages, which are worth
//! one star when they hold a data table and nothing when they are an error or landing
//! page served where a data file was expected.
//!
//! quick-xml reads only the prolog and the root element; it never expands entities and
//! never fetches a DTD.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::{Sniffed, floor_char_boundary, rdf};
use crate::assess::{Format, Stars};

const RDF_NS: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const RSS1_NS: &str = "http://purl.org/rss/1.0/";
const GML_NS: &str = "http://www.opengis.net/gml";
/// How much of an HTML page is searched for tables.
const HTML_SCAN: usize = 1024 * 1024;
/// How much of one table is read to count its rows.
const TABLE_WINDOW: usize = 64 * 1024;

const HTML_TAGS: &[&str] = &[
    "html", "head", "body", "div", "p", "table", "span", "meta", "title", "link", "script",
    "style", "a", "ul", "ol", "h1", "h2", "h3", "br", "form", "section", "header", "nav", "center",
    "font", "main", "article", "img", "pre", "b", "i", "iframe",
];

pub(super) fn sniff(text: &str) -> Option<Sniffed> {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.contains("<!doctype html") {
        return Some(html(text, "declares <!DOCTYPE html>"));
    }
    let root = root_element(text)?;
    let local = root.local.as_str();
    let ns = root.namespace.as_deref().unwrap_or("");
    let found = if ns == RDF_NS && local == "RDF" {
        if root.declares(RSS1_NS) {
            Sniffed::of(
                Format::Rss,
                "rdf:RDF root with the RSS 1.0 namespace: RSS 1.0 feed",
            )
        } else {
            let (stars, why) = rdf::rdf_xml(text);
            Sniffed::of(Format::RdfXml, "XML with an rdf:RDF root element: RDF/XML")
                .with_stars(stars, why)
        }
    } else if local.eq_ignore_ascii_case("html")
        || (root.namespace.is_none() && HTML_TAGS.contains(&local.to_ascii_lowercase().as_str()))
    {
        return Some(html(text, &format!("root element <{}>", root.qname)));
    } else if local == "kml" {
        Sniffed::of(
            Format::Kml,
            format!("XML with a <{}> root ({ns}): KML", root.qname),
        )
    } else if local == "gpx" {
        Sniffed::of(
            Format::Gpx,
            format!("XML with a <{}> root: GPX", root.qname),
        )
    } else if local == "feed" && ns == ATOM_NS {
        Sniffed::of(Format::Atom, "XML with a <feed> root in the Atom namespace")
    } else if local == "rss" {
        Sniffed::of(
            Format::Rss,
            format!("XML with an <{}> root: RSS feed", root.qname),
        )
    } else if local == "svg" {
        Sniffed::of(Format::Svg, "XML with an <svg> root: SVG image")
    } else if ns.starts_with(GML_NS)
        || (local.contains("FeatureCollection") && root.declares_prefix(GML_NS))
    {
        Sniffed::of(
            Format::Gml,
            format!(
                "XML with a <{}> root declaring the GML namespace",
                root.qname
            ),
        )
    } else if local == "TriX" {
        let (stars, why) = rdf::trix(text);
        Sniffed::of(Format::RdfTrix, "XML with a <TriX> root: RDF TriX").with_stars(stars, why)
    } else if let Some(found) = flat_odf(&root) {
        found
    } else {
        let ns_note = if ns.is_empty() {
            String::new()
        } else {
            format!(" in namespace {ns}")
        };
        Sniffed::of(
            Format::Xml,
            format!(
                "well-formed XML prolog, root element <{}>{ns_note}",
                root.qname
            ),
        )
    };
    Some(found)
}

/// LibreOffice's flat XML OpenDocument (.fods, .fodt, .fodp): one XML file.
fn flat_odf(root: &Root) -> Option<Sniffed> {
    if root.local != "document"
        || !root
            .namespace
            .as_deref()?
            .contains("opendocument:xmlns:office")
    {
        return None;
    }
    let format = match root.mimetype.as_deref()? {
        "application/vnd.oasis.opendocument.spreadsheet" => Format::Ods,
        "application/vnd.oasis.opendocument.text" => Format::Odt,
        "application/vnd.oasis.opendocument.presentation" => Format::Odp,
        _ => return None,
    };
    Some(Sniffed::of(
        format,
        format!(
            "flat XML OpenDocument (<office:document office:mimetype=\"{}\">)",
            root.mimetype.as_deref().unwrap_or("")
        ),
    ))
}

struct Root {
    qname: String,
    local: String,
    namespace: Option<String>,
    /// `xmlns` and `xmlns:*` declarations on the root.
    declarations: Vec<String>,
    /// An `office:mimetype` attribute (flat OpenDocument).
    mimetype: Option<String>,
}

impl Root {
    fn declares(&self, ns: &str) -> bool {
        self.declarations.iter().any(|d| d == ns)
    }

    fn declares_prefix(&self, ns: &str) -> bool {
        self.declarations.iter().any(|d| d.starts_with(ns))
    }
}

/// The first element of the document, with its resolved namespace.
fn root_element(text: &str) -> Option<Root> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(true);
    for _ in 0..10_000 {
        let (ns, event) = reader.read_resolved_event().ok()?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let namespace = match ns {
                    ResolveResult::Bound(n) => Some(n.into_inner().to_owned()),
                    _ => None,
                };
                return Some(Root {
                    qname: e.name().as_ref().to_owned(),
                    local: e.local_name().as_ref().to_owned(),
                    namespace,
                    declarations: declarations(&e),
                    mimetype: e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "mimetype")
                        .map(|a| a.value.as_ref().to_owned()),
                });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Text(t) if t.as_ref().trim().is_empty() => {}
            _ => return None,
        }
    }
    None
}

fn declarations(e: &BytesStart<'_>) -> Vec<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .filter(|a| a.key.as_ref().starts_with("xmlns"))
        .map(|a| a.value.as_ref().to_owned())
        .collect()
}

/// An HTML page: one star with a data table, none without.
fn html(text: &str, why: &str) -> Sniffed {
    let scan = &text[..floor_char_boundary(text, HTML_SCAN)];
    let lower = scan.to_ascii_lowercase();
    let title = title(&lower, scan);
    let page = match &title {
        Some(t) => format!("HTML page titled \"{t}\" ({why})"),
        None => format!("HTML page ({why})"),
    };
    match data_table(&lower) {
        Some((rows, cols)) => Sniffed::of(Format::Html, page).with_stars(
            Stars::new(1),
            format!("holds a data table ({rows} rows of up to {cols} cells read)"),
        ),
        None => Sniffed::of(Format::Html, page).with_stars(
            Stars::ZERO,
            "no data table: an error or landing page, not data",
        ),
    }
}

fn title(lower: &str, original: &str) -> Option<String> {
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let raw = original.get(open_end..close)?;
    let collapsed: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut t: String = collapsed.chars().take(80).collect();
    if t.len() < collapsed.len() {
        t.push('…');
    }
    (!t.is_empty()).then_some(t)
}

/// The first innermost table with at least three rows of two or more cells (rows are
/// counted in its first [`TABLE_WINDOW`] bytes: enough to tell data from layout).
fn data_table(lower: &str) -> Option<(usize, usize)> {
    let mut at = 0;
    while let Some(found) = lower[at..].find("<table") {
        let start = at + found + 6;
        let end = lower[start..]
            .find("</table")
            .map_or(lower.len(), |e| start + e);
        let body = &lower[start..floor_char_boundary(lower, end.min(start + TABLE_WINDOW))];
        // An outer layout table: look at the inner one instead.
        let inner = body.find("<table").map_or(body, |i| &body[..i]);
        let mut rows = 0;
        let mut cols = 0;
        for row in tag_split(inner, "tr").skip(1) {
            let cells = tag_count(row, "td") + tag_count(row, "th");
            if cells >= 2 {
                rows += 1;
                cols = cols.max(cells);
            }
        }
        if rows >= 3 {
            return Some((rows, cols));
        }
        at = start;
    }
    None
}

/// Is `s[i..]` the start of tag `name` (followed by whitespace, `>` or `/`)?
fn is_tag_at(s: &str, i: usize, name: &str) -> bool {
    s[i..].starts_with('<')
        && s[i + 1..].starts_with(name)
        && s[i + 1 + name.len()..]
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
}

fn tag_positions<'a>(s: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    s.match_indices('<')
        .map(|(i, _)| i)
        .filter(move |&i| is_tag_at(s, i, name))
}

fn tag_count(s: &str, name: &str) -> usize {
    tag_positions(s, name).count()
}

/// The pieces of `s` between opening tags `name` (the first piece precedes the first tag).
fn tag_split<'a>(s: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut cuts: Vec<usize> = tag_positions(s, name).collect();
    cuts.insert(0, 0);
    cuts.push(s.len());
    (0..cuts.len() - 1).map(move |k| &s[cuts[k]..cuts[k + 1]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(text: &str) -> Sniffed {
        sniff(text).expect("markup")
    }

    #[test]
    fn xml_dialects() {
        let cases = [
            (
                "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document/></kml>",
                Format::Kml,
            ),
            (
                "<gpx version=\"1.1\" creator=\"GDAL\" xmlns=\"http://www.topografix.com/GPX/1/1\"></gpx>",
                Format::Gpx,
            ),
            (
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>",
                Format::Atom,
            ),
            (
                "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>",
                Format::Rss,
            ),
            (
                "<ogr:FeatureCollection xmlns:ogr=\"http://ogr.maptools.org/\" xmlns:gml=\"http://www.opengis.net/gml/3.2\"></ogr:FeatureCollection>",
                Format::Gml,
            ),
            (
                "<?xml version=\"1.0\"?><!-- c --><budget><ligne/></budget>",
                Format::Xml,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sniffed(text).format, want, "{text}");
        }
    }

    #[test]
    fn rdf_xml_is_rated_by_its_links() {
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:owl="http://www.w3.org/2002/07/owl#">
          <rdf:Description rdf:about="http://data.namur.be/id/namur"><owl:sameAs rdf:resource="http://www.wikidata.org/entity/Q130206"/></rdf:Description>
        </rdf:RDF>"#;
        let got = sniffed(rdf);
        assert_eq!(
            (got.format, got.stars.get()),
            (Format::RdfXml, 5),
            "{:?}",
            got.reasons
        );
    }

    #[test]
    fn html_pages_with_and_without_data() {
        let error = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>";
        let got = sniffed(error);
        assert_eq!((got.format, got.stars.get()), (Format::Html, 0));
        assert!(got.reasons[0].contains("404 Not Found"));

        let table = "<html><body><table><thead><tr><th>a</th><th>b</th></tr></thead><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></body></html>";
        let got = sniffed(table);
        assert_eq!(
            (got.format, got.stars.get()),
            (Format::Html, 1),
            "{:?}",
            got.reasons
        );
    }

    #[test]
    fn entities_are_never_expanded() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assert_eq!(sniffed(bomb).format, Format::Xml);
    }
}
