//! Properties of the classifier: hostile bytes never panic it, and tables written with
//! any delimiter are read back as tables with that delimiter.

use odaudit::assess::{Declared, Format, Sample, classify, sniff};
use proptest::prelude::*;

fn prefixes() -> impl Strategy<Value = (Vec<u8>, bool)> {
    (
        proptest::collection::vec(any::<u8>(), 0..4096),
        any::<bool>(),
    )
}

/// Byte strings that start like the formats the sniffer recognises, then go wrong.
fn adversarial() -> impl Strategy<Value = Vec<u8>> {
    let heads: Vec<&'static [u8]> = vec![
        b"PK\x03\x04",
        b"\x1f\x8b\x08\x00",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        b"%PDF-1.4",
        b"{\"type\":\"FeatureCollection\",\"features\":[",
        b"[{\"@context\":",
        b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
        b"@prefix ex: <http://ex.be/> .\n",
        b"<http://a.be/x> <http://a.be/p> ",
        b"<!DOCTYPE html><table><tr><td>",
        b"\xEF\xBB\xBFa;b;c\n",
        b"\xFF\xFE",
        b"SQLite format 3\0",
        b"\x03\x78\x05\x11",
    ];
    (
        proptest::sample::select(heads),
        proptest::collection::vec(any::<u8>(), 0..2048),
    )
        .prop_map(|(head, tail)| {
            let mut v = head.to_vec();
            v.extend(tail);
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic((bytes, complete) in prefixes()) {
        let s = sniff(Sample { bytes: &bytes, complete });
        // Only RDF may earn more than its format's ceiling (5 stars for links).
        prop_assert!(s.format.is_rdf() || s.stars <= s.format.star_ceiling());
        prop_assert!(!s.reasons.is_empty());
    }

    #[test]
    fn adversarial_prefixes_never_panic(bytes in adversarial(), complete: bool) {
        let c = classify(Sample { bytes: &bytes, complete }, Declared::from_sources(Some("x.csv"), Some("text/csv")));
        prop_assert_eq!(c.bytes_read, bytes.len());
    }

    #[test]
    fn random_tables_are_read_back_with_their_delimiter(
        delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|']),
        columns in 2usize..8,
        rows in 2usize..40,
        seed in any::<u64>(),
    ) {
        let table = random_table(columns, rows, seed);
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        for row in &table {
            w.write_record(row).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let s = sniff(Sample::whole(&bytes));
        let want = if delimiter == b'\t' { Format::Tsv } else { Format::Csv };
        prop_assert_eq!(s.format, want, "{}\n{:?}", String::from_utf8_lossy(&bytes), s.reasons);
        prop_assert_eq!(s.delimiter, Some(delimiter as char), "{}\n{:?}", String::from_utf8_lossy(&bytes), s.reasons);
    }
}

/// A table of the kinds of values open data holds: codes, numbers (decimal commas too),
/// dates, names with spaces, accents and punctuation, and empty cells.
fn random_table(columns: usize, rows: usize, seed: u64) -> Vec<Vec<String>> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let words = [
        "Namur",
        "Liège",
        "rue de Fer",
        "Saint-Ghislain",
        "école",
        "Place d'Armes, 1",
        "a|b",
        "x;y",
        "OUI",
        "non",
    ];
    let kinds: Vec<u64> = (0..columns).map(|_| next() % 5).collect();
    let header: Vec<String> = (0..columns).map(|c| format!("col_{c}")).collect();
    let mut table = vec![header];
    for _ in 0..rows {
        let row = kinds
            .iter()
            .map(|k| match k {
                0 => (next() % 100_000).to_string(),
                1 => format!("{},{}", next() % 1000, next() % 100),
                2 => format!("2024-{:02}-{:02}", next() % 12 + 1, next() % 28 + 1),
                3 => words[(next() % words.len() as u64) as usize].to_owned(),
                _ => {
                    if next() % 3 == 0 {
                        String::new()
                    } else {
                        format!("{}.{}", next() % 90, next() % 1000)
                    }
                }
            })
            .collect();
        table.push(row);
    }
    table
}
