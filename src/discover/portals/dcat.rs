//! DCAT-AP catalogues (RDF/XML, Turtle, JSON-LD) read into datasets.
//!
//! Many portals — OpenDataSoft's `catalog/exports/dcat`, CKAN's `ckanext-dcat`, regional
//! harvesters — publish their whole catalogue as one DCAT file: the cheapest way to list a
//! portal (one request) and the one description every portal family shares. Parsing is by
//! the oxigraph parsers (`oxrdfxml`, `oxttl`, `oxjsonld`), lenient, and keeps only the
//! triples whose predicate DCAT mapping needs, so a large export costs memory in
//! proportion to what we use. JSON-LD remote `@context`s are never fetched (a catalogue
//! must not make the auditor call arbitrary URLs): a document needing one fails to parse,
//! and says so. Paged DCAT (Hydra) is not followed.
//!
//! Mapping: `dcat:Dataset` (typed, or the object of `dcat:dataset`) → title (`dct:title`,
//! French first), publisher (`dct:publisher` → `foaf:name`, `skos:prefLabel`,
//! `rdfs:label`, `vcard:fn`, or a literal), landing page (`dcat:landingPage`), modified
//! (`dct:modified`, else `dct:issued`), frequency (`dct:accrualPeriodicity`), licence
//! (`dct:license` of the dataset, else of its first distribution that has one),
//! distributions (`dcat:distribution` → `dcat:downloadURL`, else `dcat:accessURL`;
//! declared format from `dct:format`, else `dcat:mediaType`).

use std::collections::HashMap;

use oxrdf::{NamedNode, NamedOrBlankNode, Term, Triple};
use url::Url;

use super::{Harvest, Options, Portal, Session, ok_body};
use crate::discover::{Dataset, DiscoverError, Distribution, LicenceStatement};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";

/// The predicates the mapping reads; every other triple is dropped while parsing.
const KEPT: &[(&str, &str)] = &[
    (RDF, "type"),
    (RDF, "value"),
    (RDFS, "label"),
    (DCAT, "dataset"),
    (DCAT, "distribution"),
    (DCAT, "landingPage"),
    (DCAT, "downloadURL"),
    (DCAT, "accessURL"),
    (DCAT, "mediaType"),
    (DCT, "title"),
    (DCT, "identifier"),
    (DCT, "publisher"),
    (DCT, "modified"),
    (DCT, "issued"),
    (DCT, "accrualPeriodicity"),
    (DCT, "license"),
    (DCT, "format"),
    (FOAF, "name"),
    (SKOS, "prefLabel"),
    (VCARD, "fn"),
    (VCARD, "organization-name"),
];

/// Errors past this many end the parse (a file that is not RDF at all).
const MAX_ERRORS: usize = 100;
/// Datasets read from one file at most.
const MAX_DATASETS: usize = 100_000;

/// An RDF serialisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// RDF/XML.
    RdfXml,
    /// Turtle (and N-Triples, a subset).
    Turtle,
    /// JSON-LD (inline contexts only).
    JsonLd,
}

impl Syntax {
    /// The syntax a response is in, from its Content-Type, else its first bytes.
    pub fn guess(content_type: Option<&str>, body: &[u8]) -> Option<Syntax> {
        let ct = content_type
            .map(|c| {
                c.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        match ct.as_str() {
            "application/rdf+xml" => return Some(Syntax::RdfXml),
            "text/turtle" | "application/x-turtle" | "application/n-triples" | "text/n3" => {
                return Some(Syntax::Turtle);
            }
            "application/ld+json" => return Some(Syntax::JsonLd),
            _ => {}
        }
        let head = &body[..body.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let lower = t.to_ascii_lowercase();
        if t.starts_with('{') || t.starts_with('[') {
            return (t.contains("@context") || t.contains("@id") || t.contains("@graph"))
                .then_some(Syntax::JsonLd);
        }
        if lower.starts_with("@prefix") || lower.starts_with("prefix") || lower.starts_with("@base")
        {
            return Some(Syntax::Turtle);
        }
        if t.starts_with("<http") || t.starts_with("<urn") || t.starts_with("_:") {
            return Some(Syntax::Turtle);
        }
        if t.starts_with('<') && (t.contains("rdf:RDF") || t.contains("22-rdf-syntax-ns#")) {
            return Some(Syntax::RdfXml);
        }
        None
    }
}

/// What one DCAT file gave.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Its datasets, in document order.
    pub datasets: Vec<Dataset>,
    /// Syntax errors skipped.
    pub warnings: Vec<String>,
}

pub(crate) async fn harvest(
    s: &mut Session<'_>,
    portal: &Portal,
    options: &Options,
) -> Result<Harvest, DiscoverError> {
    let url = &portal.url;
    let probe = s.get(url, options.export_cap).await?;
    ok_body(url, &probe, options.export_cap)?;
    let syntax = Syntax::guess(probe.content_type.as_deref(), &probe.body).ok_or_else(|| {
        DiscoverError::Malformed {
            url: url.to_string(),
            why: format!(
                "not an RDF catalogue (Content-Type {})",
                probe.content_type.as_deref().unwrap_or("absent")
            ),
        }
    })?;
    let parsed = parse(&probe.body, syntax, Some(url)).map_err(|why| DiscoverError::Malformed {
        url: url.to_string(),
        why,
    })?;
    let mut datasets = parsed.datasets;
    let truncated = datasets.len() > options.max_datasets;
    datasets.truncate(options.max_datasets);
    Ok(Harvest {
        api: "dcat",
        announced: None,
        truncated,
        warnings: parsed.warnings,
        datasets,
        ..Harvest::default()
    })
}

/// Subjects with their kept (predicate, object) pairs, in document order.
#[derive(Default)]
struct Graph {
    nodes: Vec<(NamedOrBlankNode, Vec<(NamedNode, Term)>)>,
    index: HashMap<NamedOrBlankNode, usize>,
}

impl Graph {
    fn add(&mut self, t: Triple) {
        let i = match self.index.get(&t.subject) {
            Some(&i) => i,
            None => {
                self.nodes.push((t.subject.clone(), Vec::new()));
                self.index.insert(t.subject, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        self.nodes[i].1.push((t.predicate, t.object));
    }

    fn props(&self, node: &NamedOrBlankNode) -> &[(NamedNode, Term)] {
        self.index.get(node).map_or(&[], |&i| &self.nodes[i].1)
    }

    fn values<'g>(
        &'g self,
        node: &NamedOrBlankNode,
        ns: &'static str,
        local: &'static str,
    ) -> impl Iterator<Item = &'g Term> + use<'g> {
        self.props(node)
            .iter()
            .filter(move |(p, _)| is(p, ns, local))
            .map(|(_, o)| o)
    }

    fn first(
        &self,
        node: &NamedOrBlankNode,
        ns: &'static str,
        local: &'static str,
    ) -> Option<&Term> {
        self.values(node, ns, local).next()
    }

    /// The best literal of a property: French, then untagged, then English, then any.
    fn literal(
        &self,
        node: &NamedOrBlankNode,
        ns: &'static str,
        local: &'static str,
    ) -> Option<String> {
        let mut best: Option<(u8, &str)> = None;
        for t in self.values(node, ns, local) {
            if let Term::Literal(l) = t {
                let rank = match l.language() {
                    Some(lang) if lang.starts_with("fr") => 0,
                    None => 1,
                    Some(lang) if lang.starts_with("en") => 2,
                    Some(_) => 3,
                };
                if !l.value().trim().is_empty() && best.is_none_or(|(r, _)| rank < r) {
                    best = Some((rank, l.value()));
                }
            }
        }
        best.map(|(_, v)| v.trim().to_owned())
    }

    /// A human name for a node: its label properties, in order of preference.
    fn label(&self, node: &NamedOrBlankNode) -> Option<String> {
        [
            (FOAF, "name"),
            (SKOS, "prefLabel"),
            (RDFS, "label"),
            (VCARD, "fn"),
            (VCARD, "organization-name"),
            (DCT, "title"),
            (RDF, "value"),
        ]
        .iter()
        .find_map(|(ns, l)| self.literal(node, ns, l))
    }

    /// A term as text: a literal's value, else the node's label, else its IRI.
    fn text_of(&self, t: &Term) -> Option<String> {
        match t {
            Term::Literal(l) => Some(l.value().trim().to_owned()).filter(|v| !v.is_empty()),
            Term::NamedNode(n) => self
                .label(&NamedOrBlankNode::NamedNode(n.clone()))
                .or_else(|| Some(n.as_str().to_owned())),
            Term::BlankNode(b) => self.label(&NamedOrBlankNode::BlankNode(b.clone())),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

fn is(p: &NamedNode, ns: &str, local: &str) -> bool {
    p.as_str().strip_prefix(ns) == Some(local)
}

fn as_node(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(NamedOrBlankNode::NamedNode(n.clone())),
        Term::BlankNode(b) => Some(NamedOrBlankNode::BlankNode(b.clone())),
        _ => None,
    }
}

fn as_url(t: &Term) -> Option<Url> {
    let s = match t {
        Term::NamedNode(n) => n.as_str(),
        Term::Literal(l) => l.value().trim(),
        _ => return None,
    };
    Url::parse(s)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// A format term as a short token: `text/csv` for an IANA media-type IRI, `CSV` for an EU
/// file-type IRI, a literal as written.
fn format_token(g: &Graph, t: &Term) -> Option<String> {
    let from_iri = |iri: &str| -> String {
        if let Some((_, mt)) = iri.split_once("/media-types/") {
            return mt.to_owned();
        }
        if iri.contains("/file-type/") || iri.contains("/media-type/") {
            return iri.rsplit('/').next().unwrap_or(iri).to_owned();
        }
        iri.to_owned()
    };
    match t {
        Term::NamedNode(n) => Some(from_iri(n.as_str())),
        Term::Literal(l) => Some(l.value().trim().to_owned()).filter(|v| !v.is_empty()),
        Term::BlankNode(_) => g.text_of(t),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

fn licence_of(g: &Graph, t: &Term) -> LicenceStatement {
    match t {
        Term::Literal(l) => {
            let v = l.value().trim();
            match Url::parse(v) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => LicenceStatement {
                    name: None,
                    url: Some(v.to_owned()),
                },
                _ => LicenceStatement {
                    name: Some(v.to_owned()).filter(|v| !v.is_empty()),
                    url: None,
                },
            }
        }
        Term::NamedNode(n) => LicenceStatement {
            name: g.label(&NamedOrBlankNode::NamedNode(n.clone())),
            url: Some(n.as_str().to_owned()),
        },
        _ => LicenceStatement {
            name: g.text_of(t),
            url: None,
        },
    }
}

/// Parse a DCAT catalogue. `base` resolves relative IRIs. Fails only when nothing could be
/// read; syntax errors after some triples are warnings.
pub fn parse(body: &[u8], syntax: Syntax, base: Option<&Url>) -> Result<Parsed, String> {
    let mut read = Collected {
        kept: KEPT.iter().map(|(ns, l)| format!("{ns}{l}")).collect(),
        graph: Graph::default(),
        warnings: Vec::new(),
        triples: 0,
        errors: 0,
    };
    // A DTD's entities could expand a small catalogue into gigabytes: never read one.
    let (body, blanked) = match syntax {
        Syntax::RdfXml => crate::dtd::blank(body),
        _ => (
            std::borrow::Cow::Borrowed(body),
            crate::dtd::Blanked::default(),
        ),
    };
    read_triples(&body, syntax, base, &mut read)?;
    let Collected {
        graph,
        mut warnings,
        triples,
        errors,
        ..
    } = read;
    if let Some(note) = blanked.note() {
        warnings.push(format!("DCAT catalogue: {note}"));
    }
    if triples == 0 {
        return Err(warnings
            .first()
            .cloned()
            .unwrap_or_else(|| "no RDF triples".into()));
    }
    if errors >= MAX_ERRORS {
        warnings.push(format!("DCAT parse stopped after {MAX_ERRORS} errors"));
    }
    let datasets = datasets(&graph);
    if datasets.is_empty() && errors > 0 {
        // Nothing usable and something wrong: the error is the answer (a remote JSON-LD
        // context lands here).
        return Err(warnings.swap_remove(0));
    }
    Ok(Parsed { datasets, warnings })
}

/// The triples of a catalogue worth keeping, and what went wrong reading it.
struct Collected {
    /// The predicates kept (full IRIs).
    kept: Vec<String>,
    graph: Graph,
    /// The first ten syntax errors.
    warnings: Vec<String>,
    triples: usize,
    errors: usize,
}

impl Collected {
    /// Take one parser result; `false` once there are too many errors to go on.
    fn take(&mut self, r: Result<Triple, String>) -> bool {
        match r {
            Ok(t) => {
                self.triples += 1;
                if self.kept.iter().any(|k| k == t.predicate.as_str()) {
                    self.graph.add(t);
                }
            }
            Err(e) => {
                self.errors += 1;
                if self.warnings.len() < 10 {
                    self.warnings
                        .push(format!("DCAT syntax error skipped: {e}"));
                }
            }
        }
        self.errors < MAX_ERRORS
    }
}

/// Run the parser of `syntax` over `body` (lenient: errors are collected, not fatal).
fn read_triples(
    body: &[u8],
    syntax: Syntax,
    base: Option<&Url>,
    read: &mut Collected,
) -> Result<(), String> {
    let base_iri = base.map(Url::to_string);
    match syntax {
        Syntax::RdfXml => {
            let mut p = oxrdfxml::RdfXmlParser::new().lenient();
            if let Some(b) = &base_iri {
                p = p.with_base_iri(b.as_str()).map_err(|e| e.to_string())?;
            }
            for r in p.for_slice(body) {
                if !read.take(r.map_err(|e| e.to_string())) {
                    break;
                }
            }
        }
        Syntax::Turtle => {
            let mut p = oxttl::TurtleParser::new().lenient();
            if let Some(b) = &base_iri {
                p = p.with_base_iri(b.as_str()).map_err(|e| e.to_string())?;
            }
            for r in p.for_slice(body) {
                if !read.take(r.map_err(|e| e.to_string())) {
                    break;
                }
            }
        }
        Syntax::JsonLd => {
            // The JSON-LD parser recurses once per level: a deep enough document would
            // overflow the stack and abort the whole process.
            if json_depth(body) > MAX_JSON_DEPTH {
                return Err(format!(
                    "JSON nested deeper than {MAX_JSON_DEPTH} levels: not read"
                ));
            }
            let mut p = oxjsonld::JsonLdParser::new().lenient();
            if let Some(b) = &base_iri {
                p = p.with_base_iri(b.as_str()).map_err(|e| e.to_string())?;
            }
            for r in p.for_slice(body) {
                if !read.take(r.map(Triple::from).map_err(|e| e.to_string())) {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Deepest JSON-LD nesting read (DCAT catalogues need fewer than ten levels).
const MAX_JSON_DEPTH: usize = 128;

/// The deepest nesting of `[` and `{` outside strings (one pass, no allocation).
fn json_depth(body: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn datasets(g: &Graph) -> Vec<Dataset> {
    let mut subjects: Vec<NamedOrBlankNode> = Vec::new();
    let mut push = |n: NamedOrBlankNode| {
        if !subjects.contains(&n) && subjects.len() < MAX_DATASETS {
            subjects.push(n);
        }
    };
    for (node, props) in &g.nodes {
        for (p, o) in props {
            if is(p, RDF, "type")
                && matches!(o, Term::NamedNode(t) if t.as_str() == "http://www.w3.org/ns/dcat#Dataset")
            {
                push(node.clone());
            }
            if is(p, DCAT, "dataset")
                && let Some(n) = as_node(o)
            {
                push(n);
            }
        }
    }
    // `contains` above is quadratic: fine for thousands, bounded by MAX_DATASETS.
    subjects.iter().map(|s| dataset(g, s)).collect()
}

fn dataset(g: &Graph, s: &NamedOrBlankNode) -> Dataset {
    let subject_iri = match s {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
        NamedOrBlankNode::BlankNode(_) => None,
    };
    let (modified, modified_field) = match g.literal(s, DCT, "modified") {
        Some(m) => (Some(m), Some("dct:modified".to_owned())),
        None => match g.literal(s, DCT, "issued") {
            Some(m) => (Some(m), Some("dct:issued".to_owned())),
            None => (None, None),
        },
    };
    let mut distributions: Vec<Distribution> = Vec::new();
    let mut dist_licence = None;
    for d in g.values(s, DCAT, "distribution").take(10_000) {
        let Some(node) = as_node(d) else { continue };
        let url = g
            .values(&node, DCAT, "downloadURL")
            .find_map(as_url)
            .or_else(|| g.values(&node, DCAT, "accessURL").find_map(as_url));
        let Some(url) = url else { continue };
        let format = g
            .first(&node, DCT, "format")
            .and_then(|t| format_token(g, t))
            .or_else(|| {
                g.first(&node, DCAT, "mediaType")
                    .and_then(|t| format_token(g, t))
            });
        if dist_licence.is_none() {
            dist_licence = g.first(&node, DCT, "license").map(|t| licence_of(g, t));
        }
        if !distributions.iter().any(|x| x.url == url) {
            distributions.push(Distribution::new(url, format));
        }
    }
    let licence = g
        .first(s, DCT, "license")
        .map(|t| licence_of(g, t))
        .or(dist_licence)
        .unwrap_or_default();
    Dataset {
        id: g.literal(s, DCT, "identifier").or(subject_iri.clone()),
        title: g
            .literal(s, DCT, "title")
            .or(subject_iri)
            .unwrap_or_default(),
        publisher: g.first(s, DCT, "publisher").and_then(|t| g.text_of(t)),
        landing_page: g.values(s, DCAT, "landingPage").find_map(as_url),
        licence,
        modified,
        modified_field,
        frequency: g.first(s, DCT, "accrualPeriodicity").and_then(|t| match t {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            other => g.text_of(other),
        }),
        distributions,
        ..Dataset::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_guessed() {
        assert_eq!(
            Syntax::guess(Some("application/rdf+xml; charset=utf-8"), b""),
            Some(Syntax::RdfXml)
        );
        assert_eq!(
            Syntax::guess(None, b"<?xml version=\"1.0\"?><rdf:RDF>"),
            Some(Syntax::RdfXml)
        );
        assert_eq!(
            Syntax::guess(None, b"@prefix dcat: <http://www.w3.org/ns/dcat#> ."),
            Some(Syntax::Turtle)
        );
        assert_eq!(
            Syntax::guess(Some("application/json"), b"{\"@context\": {}}"),
            Some(Syntax::JsonLd)
        );
        assert_eq!(
            Syntax::guess(Some("text/html"), b"<!DOCTYPE html><html>"),
            None
        );
        assert_eq!(Syntax::guess(None, b"{\"total_count\": 3}"), None);
    }

    const TTL: &str = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://data.example.be/catalog> a dcat:Catalog ; dcat:dataset <https://data.example.be/dataset/budget> .
<https://data.example.be/dataset/budget> dct:title "Budget"@en, "Budget communal"@fr ;
  dct:publisher [ a foaf:Agent ; foaf:name "Ville de Mons" ] ;
  dct:modified "2025-03-01" ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
  dcat:landingPage <https://data.example.be/dataset/budget.html> ;
  dcat:distribution [ dcat:accessURL <https://data.example.be/budget.csv> ; dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
                      dct:license <https://creativecommons.org/licenses/by/4.0/> ] .
"#;

    #[test]
    fn turtle_catalogue() {
        let p = parse(TTL.as_bytes(), Syntax::Turtle, None).unwrap();
        assert_eq!(p.datasets.len(), 1);
        let d = &p.datasets[0];
        assert_eq!(d.title, "Budget communal");
        assert_eq!(d.publisher.as_deref(), Some("Ville de Mons"));
        assert_eq!(d.modified_field.as_deref(), Some("dct:modified"));
        assert_eq!(
            d.frequency.as_deref(),
            Some("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
        );
        assert_eq!(
            d.licence.url.as_deref(),
            Some("https://creativecommons.org/licenses/by/4.0/")
        );
        assert_eq!(
            d.distributions[0].url.as_str(),
            "https://data.example.be/budget.csv"
        );
        assert_eq!(d.distributions[0].declared_format.as_deref(), Some("CSV"));
    }

    #[test]
    fn jsonld_catalogue_with_inline_context() {
        let doc = r#"{"@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
          "@graph": [{"@id": "https://d.example/ds/1", "@type": "dcat:Dataset", "dct:title": "Écoles",
                      "dct:publisher": "Commune de Seneffe",
                      "dcat:distribution": {"dcat:downloadURL": {"@id": "https://d.example/ecoles.geojson"}, "dcat:mediaType": "application/geo+json"}}]}"#;
        let p = parse(doc.as_bytes(), Syntax::JsonLd, None).unwrap();
        assert_eq!(p.datasets.len(), 1);
        assert_eq!(p.datasets[0].title, "Écoles");
        assert_eq!(
            p.datasets[0].publisher.as_deref(),
            Some("Commune de Seneffe")
        );
        assert_eq!(
            p.datasets[0].distributions[0].declared_format.as_deref(),
            Some("application/geo+json")
        );
    }

    #[test]
    fn remote_contexts_are_not_fetched_and_garbage_is_an_error() {
        let doc = r#"{"@context": "https://example.org/remote-context.jsonld", "@id": "x", "title": "y"}"#;
        let r = parse(doc.as_bytes(), Syntax::JsonLd, None);
        assert!(r.is_err(), "{:?}", r.map(|p| (p.datasets, p.warnings)));
        assert!(parse(b"\x00\x01 not rdf", Syntax::RdfXml, None).is_err());
        assert!(parse(b"<<<<", Syntax::Turtle, None).is_err());
    }

    #[test]
    fn deeply_nested_json_ld_is_refused_not_a_stack_overflow() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(deep.as_bytes(), Syntax::JsonLd, None).unwrap_err();
        assert!(e.contains("nested deeper"), "{e}");
        assert_eq!(json_depth(br#"{"a": "[[[[", "b": [{"c": "\\"}]}"#), 3);
    }
}
