//! The fuzz target, run as properties (`cargo test --test fuzz_hostile`, a small case
//! count in CI; `PROPTEST_CASES=100000` for a long run): whatever bytes a server sends,
//! the page parser, the RDF/XML and DCAT readers, robots.txt and sitemaps never panic and
//! stay bounded. Inputs are the seed corpus in tests/fixtures/hostile/ (entity bombs,
//! deep nesting, NUL floods, broken DTDs, absurd robots rules), spliced with random
//! bytes and hostile fragments.

use std::path::Path;

use odaudit::assess::{Declared, Sample, classify};
use odaudit::discover::bounded::{MAX_DEPTH, bounded};
use odaudit::discover::page::{decode_html, parse_html, parse_sitemap};
use odaudit::discover::portals::dcat::{Syntax, parse};
use odaudit::fetch::RobotsCache;
use proptest::prelude::*;
use url::Url;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Feed one input to every reader; none may panic.
fn read_everywhere(bytes: &[u8]) {
    let url = Url::parse("http://www.example.be/a/").unwrap();
    let text = decode_html(bytes, Some("text/html"));
    let safe = bounded(&text);
    assert_eq!(safe.len(), text.len(), "bounding keeps byte offsets");
    let page = parse_html(&safe, &url);
    assert!(page.links.iter().all(|l| l.group < page.groups.len()));
    let _ = classify(
        Sample::whole(bytes),
        Declared::from_sources(Some("x.rdf"), Some("application/rdf+xml")),
    );
    for syntax in [Syntax::RdfXml, Syntax::Turtle, Syntax::JsonLd] {
        let _ = parse(bytes, syntax, Some(&url));
    }
    let map = parse_sitemap(bytes, 1 << 20);
    assert!(map.urls.len() + map.sitemaps.len() <= 50_001);
    let robots = RobotsCache::default().parse("http://www.example.be/robots.txt", bytes);
    let _ = robots.allows(&url);
    let _ = robots.crawl_delay();
}

#[test]
fn the_seed_corpus_is_read_without_panic_or_expansion() {
    let files = corpus();
    assert!(files.len() >= 8, "{files:?}");
    for (name, bytes) in &files {
        eprintln!("{name}");
        read_everywhere(bytes);
    }
}

fn depth(html: &str) -> usize {
    let doc = scraper::Html::parse_document(html);
    doc.tree
        .nodes()
        .map(|n| n.ancestors().count())
        .max()
        .unwrap_or(0)
}

/// Fragments that make parsers work hard or go wrong.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<b>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<svg><path/>".to_owned()),
        Just("<a href='x.csv'>".to_owned()),
        Just("<!--".to_owned()),
        Just("<script>".to_owned()),
        Just("<!DOCTYPE r [<!ENTITY a \"&a;&a;\">]>".to_owned()),
        Just("&a;".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("\0".to_owned()),
        Just("<".to_owned()),
        Just("\"'>".to_owned()),
        Just("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">".to_owned()),
        Just("<urlset><url><loc>http://a.be/</loc></url>".to_owned()),
        Just("User-agent: *\nDisallow: /*$\nCrawl-delay: 1e308\n".to_owned()),
        "[ -~]{0,40}",
    ]
}

fn spliced() -> impl Strategy<Value = Vec<u8>> {
    let seeds = corpus();
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(fragment(), 0..40),
        proptest::collection::vec(any::<u8>(), 0..256),
        any::<proptest::sample::Index>(),
    )
        .prop_map(|((_, seed), frags, noise, at)| {
            let mut v = seed;
            v.truncate(64 * 1024);
            let cut = at.index(v.len() + 1);
            let mut insert: Vec<u8> = frags.concat().into_bytes();
            insert.extend(noise);
            v.splice(cut..cut, insert);
            v
        })
}

/// A small XLSX workbook whose cells the row checks read.
fn workbook_seed() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["nom", "prénom", "niss", "gsm"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..60u32 {
        sheet.write_string(r, 0, "Dupont").unwrap();
        sheet.write_string(r, 1, "Jean").unwrap();
        sheet.write_string(r, 2, "85.07.30-033.28").unwrap();
        sheet
            .write_number(r, 3, 475_000_000.0 + f64::from(r))
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The workbook with bytes overwritten (headers, sizes, deflate streams), maybe cut.
fn mangled_workbook() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let seed = workbook_seed();
    let len = seed.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 1..24),
        any::<bool>(),
        0..len,
    )
        .prop_map(move |(edits, whole, cut)| {
            let mut v = seed.clone();
            for (at, byte) in edits {
                v[at] = byte;
            }
            if !whole {
                v.truncate(cut);
            }
            (v, whole)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn spliced_seeds_never_panic_any_reader(bytes in spliced()) {
        read_everywhere(&bytes);
    }

    #[test]
    fn tag_soup_is_bounded_in_depth(frags in proptest::collection::vec(fragment(), 0..600), deep in 0usize..3000) {
        let soup = format!("{}{}", "<div>".repeat(deep), frags.concat());
        let safe = bounded(&soup);
        // The pre-scan's count is approximate (it does not model every rule of the
        // parser), so allow a margin, far below the input's nesting.
        prop_assert!(depth(&safe) <= MAX_DEPTH + 64, "depth {}", depth(&safe));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mangled_workbooks_never_panic_the_row_checks((bytes, whole) in mangled_workbook()) {
        let sample = if whole { Sample::whole(&bytes) } else { Sample::prefix(&bytes) };
        let c = classify(sample, Declared::from_sources(Some("x.xlsx"), None));
        if let Some(p) = c.personal_data {
            prop_assert!(p.rows_scanned <= 250);
        }
    }
}
