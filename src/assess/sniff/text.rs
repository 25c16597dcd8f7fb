//! Text formats: decode the bytes (BOM, UTF-8, else a legacy encoding guess), then
//! ask each text sniffer in turn, the most specific first.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::{Sample, Sniffed, delimited, json, markup, rdf};
use crate::assess::Format;

/// How much text is checked for control characters and NULs.
const DETECT_SAMPLE: usize = 64 * 1024;
/// How many bytes the legacy-encoding detector sees.
const LEGACY_DETECT_WINDOW: usize = 8 * 1024;
/// How much legacy-encoded text is decoded for the text sniffers (UTF-8 is not copied).
const LEGACY_DECODE_WINDOW: usize = 256 * 1024;

pub(super) fn sniff(sample: Sample<'_>) -> Sniffed {
    let Some(decoded) = decode(sample) else {
        return Sniffed::of(
            Format::Unknown,
            "binary content of no known kind (control bytes where text would be)",
        );
    };
    let mut found = by_content(&decoded.text, sample.complete);
    found.encoding = Some(decoded.encoding.name());
    found.reasons.push(decoded.how);
    found
}

fn by_content(text: &str, complete: bool) -> Sniffed {
    let body =
        text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{1e}');
    if body.is_empty() {
        return Sniffed::of(Format::Unknown, "the text is blank");
    }
    let first = body.as_bytes()[0];
    let specific = match first {
        b'{' | b'[' => json::sniff(body, complete),
        b'<' if !rdf::starts_with_iri(body) => markup::sniff(body),
        _ => None,
    };
    if let Some(found) = specific {
        return found;
    }
    if starts_with_ignore_case(body, "BEGIN:VCALENDAR") {
        return Sniffed::of(Format::Ics, "starts with BEGIN:VCALENDAR: iCalendar");
    }
    if let Some(found) = rdf::sniff_text(body, complete) {
        return found;
    }
    if let Some(found) = delimited::sniff(body, complete) {
        return found;
    }
    let mut found = Sniffed::of(
        Format::Txt,
        "plain text: no structure (JSON, XML, RDF, a consistent delimited table) was found",
    );
    if let Some(why) = delimited::one_column(body, complete) {
        found.reasons.push(why);
        found.consistent_with = &[Format::Csv, Format::Tsv];
    }
    found
}

pub(super) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

struct Decoded<'a> {
    text: Cow<'a, str>,
    encoding: &'static Encoding,
    how: String,
}

/// Decode to text, or `None` when the bytes are not text in any encoding.
fn decode(sample: Sample<'_>) -> Option<Decoded<'_>> {
    let b = sample.bytes;
    if let Some((encoding, bom_len)) = Encoding::for_bom(b) {
        let (text, _) = encoding.decode_without_bom_handling(&b[bom_len..]);
        return Some(Decoded {
            text,
            encoding,
            how: format!("{} byte-order mark", encoding.name()),
        })
        .filter(|d| is_texty(&d.text));
    }
    if let Some(encoding) = utf16_without_bom(b) {
        let (text, _) = encoding.decode_without_bom_handling(b);
        return Some(Decoded {
            text,
            encoding,
            how: format!("{} without byte-order mark (NUL pattern)", encoding.name()),
        })
        .filter(|d| is_texty(&d.text));
    }
    if memchr::memchr(0, &b[..b.len().min(DETECT_SAMPLE)]).is_some() {
        return None;
    }
    let text = match std::str::from_utf8(b) {
        Ok(s) => Some(Cow::Borrowed(s)),
        // A capped read may cut a multi-byte character in two: that is still UTF-8.
        Err(e) if e.error_len().is_none() && !sample.complete => {
            std::str::from_utf8(&b[..e.valid_up_to()])
                .ok()
                .map(Cow::Borrowed)
        }
        Err(_) => None,
    };
    if text.is_none() && mostly_utf8(b) {
        let invalid = b.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
        return Some(Decoded {
            text: String::from_utf8_lossy(b),
            encoding: UTF_8,
            how: format!(
                "UTF-8 with {invalid} invalid byte sequence(s), replaced (the rest is valid UTF-8)"
            ),
        })
        .filter(|d| is_texty(&d.text));
    }
    if let Some(text) = text {
        let how = if text.is_ascii() {
            "ASCII text (read as UTF-8)"
        } else {
            "valid UTF-8"
        };
        return Some(Decoded {
            text,
            encoding: UTF_8,
            how: how.to_owned(),
        })
        .filter(|d| is_texty(&d.text));
    }
    let encoding = guess_legacy_encoding(b, sample.complete);
    let (text, _) = encoding.decode_without_bom_handling(&b[..b.len().min(LEGACY_DECODE_WINDOW)]);
    Some(Decoded {
        text,
        encoding,
        how: format!("not UTF-8; detected legacy encoding {}", encoding.name()),
    })
    .filter(|d| is_texty(&d.text))
}

/// The legacy encoding (Windows-1252, ISO-8859-15, …) of bytes that are not UTF-8.
///
/// chardetng learns only from non-ASCII bytes and costs ~150 µs per KiB: it is shown a
/// window that starts just before the first one, and told the text is Belgian.
/// `complete`: `b` is the whole file.
pub fn guess_legacy_encoding(b: &[u8], complete: bool) -> &'static Encoding {
    let first = b.iter().position(|c| !c.is_ascii()).unwrap_or(0);
    let from = first.saturating_sub(256);
    let probe = &b[from..b.len().min(from + LEGACY_DETECT_WINDOW)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(probe, from + probe.len() == b.len() && complete);
    detector.guess(Some(b"be"), chardetng::Utf8Detection::Deny)
}

/// UTF-8 but for a few invalid sequences (a stray Windows-1252 byte pasted into a UTF-8
/// file): read as UTF-8 with replacement characters, not as a legacy encoding, which
/// would turn every correct accent into two wrong characters. The valid multi-byte
/// characters must outnumber the invalid sequences two to one, and those must be under
/// 5% of the characters: Windows-1252 text has almost no valid multi-byte sequences.
pub fn mostly_utf8(b: &[u8]) -> bool {
    let (mut chars, mut multibyte, mut invalid) = (0usize, 0usize, 0usize);
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            chars += 1;
            multibyte += usize::from(!c.is_ascii());
        }
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    invalid > 0 && multibyte >= 2 * invalid && invalid * 20 <= chars
}

/// UTF-16 text without a BOM shows a NUL in every other byte for ASCII characters.
fn utf16_without_bom(b: &[u8]) -> Option<&'static Encoding> {
    let probe = &b[..b.len().min(512) & !1];
    if probe.len() < 8 {
        return None;
    }
    let pairs = probe.len() / 2;
    let even_nul = probe.iter().step_by(2).filter(|&&c| c == 0).count();
    let odd_nul = probe.iter().skip(1).step_by(2).filter(|&&c| c == 0).count();
    if odd_nul * 10 >= pairs * 9 && even_nul * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 9 && odd_nul * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text has few control characters; binary data decoded as Windows-1252 has many.
fn is_texty(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(DETECT_SAMPLE) {
        total += 1;
        if (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\x1A' | '\x1E'))
            || c == '\u{FFFD}'
            || ('\u{7F}'..='\u{9F}').contains(&c)
        {
            control += 1;
        }
    }
    total > 0 && control * 100 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("commune;adresse\nLiège;Hôtel de ville\nSaint-Ghislain;Rue de l'Église\n");
        let got = sniff(Sample::whole(&bytes));
        assert_eq!(got.format, Format::Csv);
        assert_eq!(got.encoding, Some("windows-1252"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "a\tb\n1\t2\n3\t4\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let got = sniff(Sample::whole(&le));
        assert_eq!((got.format, got.encoding), (Format::Tsv, Some("UTF-16LE")));
        let got = sniff(Sample::whole(&le[2..]));
        assert_eq!((got.format, got.encoding), (Format::Tsv, Some("UTF-16LE")));
    }

    #[test]
    fn a_cut_multibyte_character_is_still_utf8() {
        let text = "nom,ville\nÉlodie,Liège\nÉric,Namur\n".as_bytes();
        let got = sniff(Sample::prefix(&text[..text.len() - 5]));
        assert_eq!(got.encoding, Some("UTF-8"));
        assert_eq!(got.format, Format::Csv, "{:?}", got.reasons);
    }

    #[test]
    fn utf8_with_a_few_invalid_bytes_stays_utf8() {
        let mut bytes = "commune;adresse\nLiège;Hôtel de ville\nSaint-Ghislain;Rue de l'Église\nÉcaussinnes;Grand-Place\n"
            .as_bytes()
            .to_vec();
        // One stray Windows-1252 'é' in an otherwise UTF-8 file.
        bytes.extend(b"Sivry-Rance;Rue de l'\xe9glise\n");
        let got = sniff(Sample::whole(&bytes));
        assert_eq!(got.encoding, Some("UTF-8"), "{:?}", got.reasons);
        assert_eq!(got.format, Format::Csv);
        // Windows-1252 through and through is still Windows-1252.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("a;b\nLiège;Hôtel\nÉcole;Crèche\n");
        assert!(!mostly_utf8(&latin));
        assert_eq!(sniff(Sample::whole(&latin)).encoding, Some("windows-1252"));
    }

    #[test]
    fn one_value_per_line_is_consistent_with_a_one_column_csv() {
        let list = "rue\nRue de Fer\nPlace d'Armes\nAvenue Cardinal Mercier\nRue du Lombard\n";
        let got = sniff(Sample::whole(list.as_bytes()));
        assert_eq!(got.format, Format::Txt);
        assert_eq!(got.consistent_with, &[Format::Csv, Format::Tsv]);
        let prose = "Le conseil communal s'est réuni ce lundi soir.\nIl a approuvé le budget de l'année prochaine.\n";
        assert!(
            sniff(Sample::whole(prose.as_bytes()))
                .consistent_with
                .is_empty()
        );
    }

    #[test]
    fn binary_noise_is_not_text() {
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(sniff(Sample::whole(&noise)).format, Format::Unknown);
    }
}
