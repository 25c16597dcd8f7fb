//! The tokens of XML fragments written by hand, fed whole and one byte at a time.

use std::io::Read;

use super::{Scanner, Token, attributes};

/// A source that gives one byte per read, so every token straddles a refill.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((b, rest)), Some(slot)) => {
                *slot = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// Tokens as text: `<name|attrs>`, `<name/>`, `</name>`, `"text"`; `!` when damaged.
fn tokens(mut s: Scanner<impl Read>) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        match s.next() {
            Ok(Some(Token::Open { name, attrs, empty })) => out.push(format!(
                "<{}|{}{}>",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(attrs).trim(),
                if empty { "/" } else { "" }
            )),
            Ok(Some(Token::Close { name })) => {
                out.push(format!("</{}>", String::from_utf8_lossy(name)));
            }
            Ok(Some(Token::Text(t))) => out.push(format!("{t:?}")),
            Ok(None) => return out,
            Err(_) => {
                out.push("!".to_owned());
                return out;
            }
        }
    }
}

fn both(xml: &str) -> Vec<String> {
    let whole = tokens(Scanner::new(xml.as_bytes()));
    let trickled = tokens(Scanner::new(Trickle(xml.as_bytes())));
    assert_eq!(whole, trickled, "fed one byte at a time");
    whole
}

#[test]
fn tags_text_and_cdata_come_out_in_order_with_prefixes_dropped() {
    let xml = r#"<?xml version="1.0"?><!-- a <comment> --><x:row r="1" spans='1:2'><x:c r="A1" t="inlineStr"><x:is><x:t>Caf&#233; &amp; th&eacute;</x:t></x:is></x:c><c r="B1"/><v><![CDATA[a<b]]></v></x:row >"#;
    assert_eq!(
        both(xml),
        [
            r#"<row|r="1" spans='1:2'>"#,
            r#"<c|r="A1" t="inlineStr">"#,
            "<is|>",
            "<t|>",
            r#""Café & th&eacute;""#,
            "</t>",
            "</is>",
            "</c>",
            r#"<c|r="B1"/>"#,
            "<v|>",
            r#""a<b""#,
            "</v>",
            "</row>",
        ]
    );
}

#[test]
fn a_greater_than_inside_a_quoted_attribute_does_not_end_the_tag() {
    let xml = r#"<numFmt numFmtId="164" formatCode='[>=100]0;"<"0'/><a b="x>y">t</a>"#;
    assert_eq!(
        both(xml),
        [
            r#"<numFmt|numFmtId="164" formatCode='[>=100]0;"<"0'/>"#,
            r#"<a|b="x>y">"#,
            r#""t""#,
            "</a>",
        ]
    );
}

#[test]
fn a_tag_cut_by_the_end_of_the_part_is_damage_not_a_panic() {
    for xml in [
        "<row r=\"1\"><c r=\"A",
        "<v>1</v",
        "<!-- never closed",
        "<a b='>",
    ] {
        let out = both(xml);
        assert_eq!(out.last().map(String::as_str), Some("!"), "{xml}: {out:?}");
    }
    assert_eq!(both("text at the end"), [r#""text at the end""#]);
}

#[test]
fn attributes_are_read_with_either_quote_and_without_their_prefix() {
    let found: Vec<(String, String)> =
        attributes(br#" r="A1"  t = 'inlineStr' x14ac:dyDescent="0.25" s=3 u="4""#)
            .map(|(k, v)| {
                (
                    String::from_utf8_lossy(k).into_owned(),
                    String::from_utf8_lossy(v).into_owned(),
                )
            })
            .collect();
    assert_eq!(
        found,
        [
            ("r".to_owned(), "A1".to_owned()),
            ("t".to_owned(), "inlineStr".to_owned()),
            ("dyDescent".to_owned(), "0.25".to_owned()),
        ],
        "an unquoted value ends the attributes"
    );
}

#[test]
fn a_tag_longer_than_many_chunks_comes_out_whole() {
    let value = "x".repeat(1 << 20);
    let xml = format!(r#"<c r="A1" note="{value}"><v>7</v></c>"#);
    let out = tokens(Scanner::new(xml.as_bytes()));
    assert_eq!(out.len(), 5, "{:?}", &out[1..]);
    assert_eq!(out[0], format!(r#"<c|r="A1" note="{value}">"#));
    assert_eq!(out[2], r#""7""#);
}
