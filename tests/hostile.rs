//! Hostile inputs served by one site must not stop the region: entity bombs are never
//! expanded, whatever parser reads them. The seed files live in tests/fixtures/hostile/.

use odaudit::assess::{Declared, Format, Sample, classify};
use odaudit::discover::page::parse_sitemap;
use odaudit::discover::portals::dcat::{Syntax, parse};

fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/");
    std::fs::read(format!("{path}{name}")).unwrap()
}

/// Nested entities, `levels` deep, ten references each: small enough to expand in a
/// test, big enough to see whether it was.
fn laughs(levels: usize, root: &str, body: &str) -> String {
    let mut dtd = String::from("<!ENTITY l0 \"lol\">\n");
    for i in 1..=levels {
        dtd.push_str(&format!(
            "<!ENTITY l{i} \"{}\">\n",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    format!("<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [\n{dtd}]>\n{body}")
}

const RDF: &str = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/" xmlns:dcat="http://www.w3.org/ns/dcat#">
 <dcat:Dataset rdf:about="http://data.example.be/ds/1"><dct:title>&l3;</dct:title>
  <dcat:distribution><dcat:Distribution rdf:about="http://data.example.be/d/1"><dcat:downloadURL rdf:resource="http://data.example.be/a.csv"/></dcat:Distribution></dcat:distribution>
 </dcat:Dataset>
</rdf:RDF>"#;

#[test]
fn rdf_xml_entities_are_not_expanded() {
    let doc = laughs(3, "rdf:RDF", RDF);
    let c = classify(
        Sample::whole(doc.as_bytes()),
        Declared::from_sources(Some("a.rdf"), None),
    );
    assert_eq!(c.format, Format::RdfXml, "{:?}", c.reasons);
    assert!(
        c.reasons.iter().any(|r| r.contains("not expanded")),
        "{:?}",
        c.reasons
    );
}

#[test]
fn a_billion_laughs_rdf_file_is_classified_without_expanding() {
    let bytes = fixture("billion-laughs.rdf");
    assert!(bytes.len() < 1100);
    let c = classify(
        Sample::whole(&bytes),
        Declared::from_sources(Some("a.rdf"), None),
    );
    assert_eq!(c.format, Format::RdfXml, "{:?}", c.reasons);
}

#[test]
fn dcat_catalogue_entities_are_not_expanded() {
    let doc = laughs(3, "rdf:RDF", RDF);
    let p = parse(doc.as_bytes(), Syntax::RdfXml, None).unwrap();
    assert_eq!(p.datasets.len(), 1);
    assert!(
        !p.datasets[0].title.contains("lollol"),
        "{}",
        p.datasets[0].title
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("not expanded")),
        "{:?}",
        p.warnings
    );

    let p = parse(&fixture("billion-laughs-dcat.rdf"), Syntax::RdfXml, None).unwrap();
    assert_eq!(p.datasets[0].distributions.len(), 1);
}

#[test]
fn sitemap_entities_are_not_expanded() {
    let map = parse_sitemap(&fixture("billion-laughs-sitemap.xml"), 1 << 20);
    assert!(map.urls.iter().all(|(u, _)| !u.as_str().contains("lollol")));
    assert!(map.urls.iter().any(|(u, _)| u.path() == "/ok"));
}
