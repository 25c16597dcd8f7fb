//! RDF: recognise Turtle, N-Triples and N3 by parsing them, and decide 4 or 5 stars.
//!
//! 4★ is RDF that names things with IRIs; 5★ is RDF that links to other people's data:
//! an object IRI on a host that is neither one of the file's own subject hosts nor a
//! well-known vocabulary namespace. Parsing stops after [`MAX_TRIPLES`] so a large file
//! costs the same as a small one; the reason says when the verdict rests on a sample.

use std::collections::{HashMap, HashSet};

use oxrdf::{NamedOrBlankNode, Term, Triple};

use super::Sniffed;
use crate::assess::{Format, Stars};

/// Triples read at most to decide the stars.
const MAX_TRIPLES: usize = 1_000;
/// Hosts whose IRIs are vocabulary terms, not data: linking to them is not linking data.
const VOCABULARY_HOSTS: &[&str] = &[
    "w3.org",
    "purl.org",
    "xmlns.com",
    "schema.org",
    "rdfs.org",
    "opengis.net",
    "ogp.me",
    "creativecommons.org",
    "dublincore.org",
    "usefulinc.com",
    "data-vocabulary.org",
    "purl.oclc.org",
];
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Gathers the IRIs of a graph and judges its links.
#[derive(Default)]
pub(super) struct Links {
    triples: usize,
    subject_hosts: HashSet<String>,
    named: usize,
    /// Hosts of object IRIs outside the vocabularies, each with its first IRI.
    objects: HashMap<String, String>,
}

impl Links {
    pub(super) fn subject(&mut self, iri: &str) {
        self.named += 1;
        if let Some(h) = host(iri)
            && self.subject_hosts.len() < 1000
        {
            self.subject_hosts.insert(h.to_owned());
        }
    }

    pub(super) fn object(&mut self, iri: &str) {
        let h = host(iri);
        if h.is_some_and(is_vocabulary) {
            return;
        }
        self.named += 1;
        if let Some(h) = h
            && self.objects.len() < 1000
            && !self.objects.contains_key(h)
        {
            self.objects.insert(h.to_owned(), iri.to_owned());
        }
    }

    fn triple(&mut self, t: &Triple) {
        self.triples += 1;
        if let NamedOrBlankNode::NamedNode(s) = &t.subject {
            self.subject(s.as_str());
        }
        if let Term::NamedNode(o) = &t.object
            && t.predicate.as_str() != RDF_TYPE
        {
            self.object(o.as_str());
        }
    }

    /// The stars and the sentence saying why.
    pub(super) fn verdict(&self, sampled: bool) -> (Stars, String) {
        let scope = if sampled {
            format!(" in the first {} triples read", self.triples)
        } else {
            String::new()
        };
        let mut outward: Vec<(&String, &String)> = self
            .objects
            .iter()
            .filter(|(h, _)| !self.subject_hosts.contains(*h))
            .collect();
        outward.sort();
        let link = outward.first().map(|(_, iri)| *iri);
        if let Some(link) = link {
            let mut shown: String = link.chars().take(120).collect();
            if shown.len() < link.len() {
                shown.push('…');
            }
            (
                Stars::new(5),
                format!(
                    "links to other data: object IRI {shown} is on a host none of the file's subjects use"
                ),
            )
        } else if self.named > 0 {
            (
                Stars::new(4),
                format!(
                    "names things with IRIs, but no object IRI points to another host's data{scope}"
                ),
            )
        } else {
            (
                Stars::new(3),
                format!("every node is blank: nothing is named with an IRI{scope}"),
            )
        }
    }
}

/// Stars for a graph given its subject and object IRIs.
pub(super) fn link_verdict<'a>(
    subjects: impl Iterator<Item = &'a str>,
    objects: impl Iterator<Item = &'a str>,
    sampled: bool,
) -> (Stars, String) {
    let mut links = Links::default();
    subjects.for_each(|s| links.subject(s));
    objects.for_each(|o| links.object(o));
    links.verdict(sampled)
}

/// The host of an absolute IRI, lower-cased, without `www.`, user or port.
fn host(iri: &str) -> Option<&str> {
    let rest = iri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let h = authority.split(':').next()?;
    let h = h.strip_prefix("www.").unwrap_or(h);
    (!h.is_empty()).then_some(h)
}

fn is_vocabulary(host: &str) -> bool {
    VOCABULARY_HOSTS.iter().any(|v| {
        host.eq_ignore_ascii_case(v) || host.to_ascii_lowercase().ends_with(&format!(".{v}"))
    })
}

/// Text that starts with an IRI in angle brackets (`<http://...>`): RDF, not markup.
pub(super) fn starts_with_iri(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let end = rest.find(['>', '<', ' ', '\t', '\n', '\r']);
    match end {
        Some(end) if rest[end..].starts_with('>') => {
            let iri = &rest[..end];
            iri.contains("://") || iri.starts_with("urn:")
        }
        _ => false,
    }
}

/// Does the first statement look like Turtle, N-Triples or N3?
fn looks_like_turtle(text: &str) -> bool {
    let mut rest = text;
    // Skip comment lines.
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    let word = rest.split_whitespace().next().unwrap_or("");
    word.eq_ignore_ascii_case("@prefix")
        || word.eq_ignore_ascii_case("@base")
        || word.eq_ignore_ascii_case("prefix")
        || word.eq_ignore_ascii_case("base")
        || word.starts_with("_:")
        || starts_with_iri(rest)
}

/// Turtle, N-Triples or N3, confirmed by parsing; `None` for anything else.
pub(super) fn sniff_text(text: &str, complete: bool) -> Option<Sniffed> {
    if !looks_like_turtle(text) {
        return None;
    }
    let parses = |format| {
        let mut links = Links::default();
        let outcome = match format {
            Format::RdfNTriples => collect(
                oxttl::NTriplesParser::new()
                    .for_slice(text)
                    .map(|r| r.map_err(drop)),
                &mut links,
            ),
            Format::RdfNQuads => collect(
                oxttl::NQuadsParser::new()
                    .for_slice(text)
                    .map(|r| r.map(Triple::from).map_err(drop)),
                &mut links,
            ),
            Format::RdfTrig => collect(
                oxttl::TriGParser::new()
                    .for_slice(text)
                    .map(|r| r.map(Triple::from).map_err(drop)),
                &mut links,
            ),
            _ => collect(
                oxttl::TurtleParser::new()
                    .for_slice(text)
                    .map(|r| r.map_err(drop)),
                &mut links,
            ),
        };
        (outcome, links)
    };
    for format in [
        Format::RdfNTriples,
        Format::RdfNQuads,
        Format::RdfTurtle,
        Format::RdfTrig,
    ] {
        let (outcome, links) = parses(format);
        if outcome.accept(complete) {
            return Some(verdict(format, outcome, &links));
        }
    }
    let mut links = Links::default();
    let outcome = collect_n3(text, &mut links);
    outcome
        .accept(complete)
        .then(|| verdict(Format::N3, outcome, &links))
}

fn verdict(format: Format, outcome: Outcome, links: &Links) -> Sniffed {
    let (stars, why) = links.verdict(outcome.sampled);
    Sniffed::of(
        format,
        format!(
            "parses as {} ({} triple{} read{})",
            format.describe(),
            outcome.triples,
            if outcome.triples == 1 { "" } else { "s" },
            if outcome.error {
                ", then a syntax error"
            } else {
                ""
            }
        ),
    )
    .with_stars(stars, why)
}

/// What a parse produced.
#[derive(Clone, Copy, Debug)]
pub(super) struct Outcome {
    pub triples: usize,
    pub error: bool,
    pub sampled: bool,
}

impl Outcome {
    /// Good enough to call it this syntax: triples and, in a whole file, no early error.
    fn accept(self, complete: bool) -> bool {
        self.triples > 0 && (!self.error || !complete || self.triples >= 10)
    }
}

fn collect(triples: impl Iterator<Item = Result<Triple, ()>>, links: &mut Links) -> Outcome {
    let mut outcome = Outcome {
        triples: 0,
        error: false,
        sampled: false,
    };
    for t in triples {
        match t {
            Ok(t) => {
                links.triple(&t);
                outcome.triples += 1;
                if outcome.triples >= MAX_TRIPLES {
                    outcome.sampled = true;
                    break;
                }
            }
            Err(()) => {
                outcome.error = true;
                break;
            }
        }
    }
    outcome
}

fn collect_n3(text: &str, links: &mut Links) -> Outcome {
    use oxttl::n3::N3Term;
    let mut outcome = Outcome {
        triples: 0,
        error: false,
        sampled: false,
    };
    for q in oxttl::N3Parser::new().for_slice(text) {
        let Ok(q) = q else {
            outcome.error = true;
            break;
        };
        links.triples += 1;
        if let N3Term::NamedNode(s) = &q.subject {
            links.subject(s.as_str());
        }
        if let N3Term::NamedNode(o) = &q.object {
            links.object(o.as_str());
        }
        outcome.triples += 1;
        if outcome.triples >= MAX_TRIPLES {
            outcome.sampled = true;
            break;
        }
    }
    outcome
}

/// Stars of an RDF/XML document, by parsing it (no entity expansion, no fetching: the
/// DTD is blanked first, see [`crate::dtd`]).
pub(super) fn rdf_xml(text: &str) -> (Stars, String) {
    let (text, blanked) = crate::dtd::blank_str(text);
    let (stars, why) = rdf_xml_without_dtd(&text);
    match blanked.note() {
        Some(note) => (stars, format!("{why}; {note}")),
        None => (stars, why),
    }
}

fn rdf_xml_without_dtd(text: &str) -> (Stars, String) {
    let mut links = Links::default();
    let outcome = collect(
        oxrdfxml::RdfXmlParser::new()
            .for_slice(text)
            .map(|r| r.map_err(drop)),
        &mut links,
    );
    if outcome.triples == 0 {
        return (
            Stars::new(3),
            "no triple could be read from it, so nothing is shown to be named with IRIs".into(),
        );
    }
    let (stars, why) = links.verdict(outcome.sampled);
    (
        stars,
        format!(
            "{} triples read{}; {why}",
            outcome.triples,
            if outcome.error {
                " before a syntax error"
            } else {
                ""
            }
        ),
    )
}

/// Stars of a TriX document: `<triple>` elements of three terms, `<uri>` for IRIs.
pub(super) fn trix(text: &str) -> (Stars, String) {
    use quick_xml::Reader;
    use quick_xml::events::Event;
    let (text, _) = crate::dtd::blank_str(text);
    let mut reader = Reader::from_str(&text);
    let mut links = Links::default();
    let mut in_triple = false;
    let mut position = 0;
    let mut in_uri = false;
    let mut triples = 0;
    while triples < MAX_TRIPLES {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "triple" => {
                    in_triple = true;
                    position = 0;
                }
                "uri" => in_uri = in_triple,
                _ => {}
            },
            Ok(Event::Text(t)) if in_uri => {
                let iri = t.as_ref().trim().to_owned();
                match position {
                    0 => links.subject(&iri),
                    2 => links.object(&iri),
                    _ => {}
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "triple" => {
                    in_triple = false;
                    triples += 1;
                    links.triples += 1;
                }
                "uri" | "id" | "plainLiteral" | "typedLiteral" if in_triple => {
                    in_uri = false;
                    position += 1;
                }
                _ => {}
            },
            Ok(Event::Empty(e)) if in_triple && e.local_name().as_ref() != "triple" => {
                position += 1
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let (stars, why) = links.verdict(triples >= MAX_TRIPLES);
    (stars, format!("{triples} TriX triples read; {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host("http://www.Namur.be:8080/a#b"), Some("Namur.be"));
        assert_eq!(host("urn:isbn:123"), None);
        assert!(is_vocabulary("xmlns.com"));
        assert!(is_vocabulary("dbpedia.w3.org"));
        assert!(!is_vocabulary("wikidata.org"));
    }

    #[test]
    fn turtle_ntriples_and_n3() {
        let ttl = "@prefix ex: <http://data.namur.be/> .\nex:a ex:name \"A\" ; ex:near ex:b .\n";
        let got = sniff_text(ttl, true).unwrap();
        assert_eq!(
            (got.format, got.stars.get()),
            (Format::RdfTurtle, 4),
            "{:?}",
            got.reasons
        );

        let nt = "<http://data.namur.be/a> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q1> .\n";
        let got = sniff_text(nt, true).unwrap();
        assert_eq!((got.format, got.stars.get()), (Format::RdfNTriples, 5));

        let n3 = "@prefix : <http://ex.be/> .\n{ :a :b :c } => { :a :d :c } .\n";
        assert_eq!(sniff_text(n3, true).unwrap().format, Format::N3);

        let blank = "@prefix ex: <http://ex.be/> .\n_:a ex:name \"A\" .\n";
        assert_eq!(sniff_text(blank, true).unwrap().stars.get(), 3);

        assert!(sniff_text("prefix: the start of some prose, with commas.", true).is_none());

        let nq = "<http://a.be/s> <http://a.be/p> <http://b.org/o> <http://a.be/g> .\n";
        assert_eq!(sniff_text(nq, true).unwrap().format, Format::RdfNQuads);
        let trig = "@prefix ex: <http://a.be/> .\nex:g { ex:s ex:p ex:o . }\n";
        assert_eq!(sniff_text(trig, true).unwrap().format, Format::RdfTrig);
    }

    #[test]
    fn vocabulary_and_type_objects_are_not_links() {
        let ttl = "<http://data.liege.be/p/1> a <http://data.other.org/Class> ; <http://purl.org/dc/terms/license> <http://creativecommons.org/licenses/by/4.0/> .\n";
        assert_eq!(sniff_text(ttl, true).unwrap().stars.get(), 4);
    }
}
