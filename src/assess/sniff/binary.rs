//! Binary formats recognised by their signatures, and OLE2 compound files by their streams.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::{Sample, Sniffed};
use crate::assess::Format;

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognise a binary format, or `None` to let the text sniffers try.
pub(super) fn sniff(sample: Sample<'_>) -> Option<Sniffed> {
    let b = sample.bytes;
    let found = if b.starts_with(OLE2_MAGIC) {
        ole2(sample)
    } else if memchr::memmem::find(&b[..b.len().min(1024)], b"%PDF-").is_some() {
        Sniffed::of(Format::Pdf, "starts with the %PDF- signature")
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Sniffed::of(Format::Png, "PNG signature")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Sniffed::of(Format::Jpeg, "JPEG start-of-image marker")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Sniffed::of(Format::Gif, "GIF signature")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Sniffed::of(Format::Tiff, "TIFF byte-order mark and magic number 42")
    } else if b.starts_with(b"PAR1") {
        Sniffed::of(Format::Parquet, "Parquet PAR1 magic")
    } else if b.len() >= 19 && (&b[4..19] == b"Standard Jet DB" || &b[4..19] == b"Standard ACE DB")
    {
        Sniffed::of(Format::Mdb, "Microsoft Jet/ACE database header")
    } else if b.starts_with(b"{\\rtf") {
        Sniffed::of(Format::Rtf, "starts with {\\rtf")
    } else if b.starts_with(b"SQLite format 3\0") {
        sqlite(b)
    } else if is_shapefile(b) {
        Sniffed::of(
            Format::Shp,
            "shapefile header: file code 9994, version 1000",
        )
    } else if let Some(reason) = dbf_header(b) {
        Sniffed::of(Format::Dbf, reason)
    } else if let Some(what) = other_binary(b) {
        Sniffed::of(Format::Unknown, format!("{what}: not a data format"))
    } else {
        return None;
    };
    Some(found)
}

fn sqlite(b: &[u8]) -> Sniffed {
    let app_id = b.get(68..72);
    if matches!(app_id, Some(b"GPKG") | Some(b"GP10") | Some(b"GP11")) {
        Sniffed::of(
            Format::Gpkg,
            "SQLite database with the GeoPackage application id",
        )
    } else {
        Sniffed::of(Format::Unknown, "SQLite database that is not a GeoPackage")
    }
}

/// Shapefile (and index) main header: big-endian 9994, then little-endian version 1000.
fn is_shapefile(b: &[u8]) -> bool {
    b.len() >= 100 && b[0..4] == [0, 0, 0x27, 0x0A] && b[28..32] == [0xE8, 0x03, 0, 0]
}

/// A dBase header is weak evidence on its own, so every field must be plausible.
fn dbf_header(b: &[u8]) -> Option<String> {
    if b.len() < 33 {
        return None;
    }
    let version = b[0];
    let known = [
        0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB,
    ];
    let (month, day) = (b[2], b[3]);
    let header_len = u16::from_le_bytes([b[8], b[9]]) as usize;
    let record_len = u16::from_le_bytes([b[10], b[11]]) as usize;
    let plausible = known.contains(&version)
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && header_len >= 65
        && record_len >= 1
        // Fields are 32-byte descriptors after a 32-byte header, ended by 0x0D.
        && ((header_len - 1).is_multiple_of(32) || version == 0x30 || version == 0x31 || version == 0x32);
    if !plausible {
        return None;
    }
    // The first field descriptor's name must be printable ASCII, NUL-padded.
    let name = &b[32..43];
    let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
    if end == 0 || !name[..end].iter().all(|c| c.is_ascii_graphic()) {
        return None;
    }
    let visual_foxpro = matches!(version, 0x30..=0x32);
    if let Some(&terminator) = b.get(header_len - 1)
        && !visual_foxpro
        && terminator != 0x0D
    {
        return None;
    }
    let fields = (header_len - 33) / 32;
    Some(format!(
        "dBase header: version byte 0x{version:02X}, {fields} field(s), {record_len}-byte records"
    ))
}

fn other_binary(b: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (b"BZh", "bzip2 stream"),
        (b"\xFD7zXZ\0", "xz stream"),
        (b"\x7FELF", "ELF executable"),
        (b"MZ", "Windows executable"),
        (b"\x28\xB5\x2F\xFD", "Zstandard stream"),
        (b"RIFF", "RIFF media file"),
        (b"\x00\x00\x01\x00", "Windows icon"),
        (b"wOFF", "web font"),
        (b"wOF2", "web font"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| b.starts_with(magic))
        .map(|(_, what)| *what)
}

/// OLE2 compound files hold Excel 97, Word 97, PowerPoint 97 and more; the streams say which.
fn ole2(sample: Sample<'_>) -> Sniffed {
    let names = catch_unwind(AssertUnwindSafe(|| stream_names(sample.bytes)))
        .ok()
        .flatten();
    match names {
        Some(names) => ole2_by_streams(&names, "OLE2 compound file"),
        None => {
            // A prefix may stop before the directory sectors: look for the names in
            // what we have (directory entries store them as UTF-16LE).
            let names = utf16_stream_names(sample.bytes);
            let found = ole2_by_streams(
                &names,
                "OLE2 compound file read in part (directory found by scanning)",
            );
            if found.format != Format::Unknown {
                return found;
            }
            // The directory is beyond the bytes read; the streams' first records are
            // usually near the start, each at a sector boundary.
            match stream_start_signature(sample.bytes) {
                Some((format, meaning)) => Sniffed::of(
                    format,
                    format!(
                        "OLE2 compound file whose directory was not read; a sector starts with {meaning}"
                    ),
                ),
                None => found,
            }
        }
    }
}

fn stream_names(bytes: &[u8]) -> Option<Vec<String>> {
    let file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    Some(file.walk().map(|e| e.name().to_owned()).collect())
}

const OLE2_KINDS: &[(&str, Format, &str)] = &[
    ("Workbook", Format::Xls, "a Workbook stream: Excel 97-2003"),
    ("Book", Format::Xls, "a Book stream: Excel 5.0/95"),
    (
        "WordDocument",
        Format::Doc,
        "a WordDocument stream: Word 97-2003",
    ),
    (
        "PowerPoint Document",
        Format::Ppt,
        "a PowerPoint Document stream: PowerPoint 97-2003",
    ),
];

fn ole2_by_streams(names: &[String], what: &str) -> Sniffed {
    for (stream, format, meaning) in OLE2_KINDS {
        if names.iter().any(|n| n.eq_ignore_ascii_case(stream)) {
            return Sniffed::of(*format, format!("{what} with {meaning}"));
        }
    }
    if names.iter().any(|n| n == "EncryptedPackage") {
        return Sniffed::of(
            Format::Unknown,
            format!("{what} holding a password-encrypted Office document"),
        );
    }
    if names.iter().any(|n| n.contains("Access")) {
        return Sniffed::of(Format::Mdb, format!("{what} with Access streams"));
    }
    Sniffed::of(
        Format::Unknown,
        format!("{what} with no Excel, Word or PowerPoint stream"),
    )
}

/// The first record of an Excel, Word or PowerPoint stream at a sector boundary.
fn stream_start_signature(b: &[u8]) -> Option<(Format, &'static str)> {
    let shift = u16::from_le_bytes([*b.get(0x1E)?, *b.get(0x1F)?]);
    let sector = match shift {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    const SIGNATURES: &[(&[u8], Format, &str)] = &[
        (
            &[0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00],
            Format::Xls,
            "an Excel BIFF8 workbook BOF record",
        ),
        (
            &[0xEC, 0xA5],
            Format::Doc,
            "the Word file-information-block magic",
        ),
        (
            &[0x0F, 0x00, 0xE8, 0x03],
            Format::Ppt,
            "a PowerPoint DocumentContainer record",
        ),
    ];
    b.chunks(sector).skip(1).find_map(|chunk| {
        SIGNATURES
            .iter()
            .find(|(sig, _, _)| chunk.starts_with(sig))
            .map(|(_, f, m)| (*f, *m))
    })
}

/// Stream names found as UTF-16LE strings anywhere in the bytes.
fn utf16_stream_names(bytes: &[u8]) -> Vec<String> {
    OLE2_KINDS
        .iter()
        .map(|(name, _, _)| *name)
        .chain(["EncryptedPackage"])
        .filter(|name| {
            // Directory entries start at 128-byte boundaries, so only accept aligned hits:
            // a random "Book" in text data must not make a Word file an Excel one.
            let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            let mut needle_nul = needle.clone();
            needle_nul.extend_from_slice(&[0, 0]);
            memchr::memmem::find_iter(bytes, &needle_nul).any(|at| at % 128 == 0)
        })
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        let cases: &[(&[u8], Format)] = &[
            (b"%PDF-1.7\n%\xE2\xE3", Format::Pdf),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Format::Png),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Format::Jpeg),
            (b"GIF89a\x01\0\x01\0", Format::Gif),
            (b"II*\0\x08\0\0\0", Format::Tiff),
            (b"PAR1\x15\x04", Format::Parquet),
            (b"{\\rtf1\\ansi", Format::Rtf),
        ];
        for (bytes, want) in cases {
            let got = sniff(Sample::whole(bytes)).expect("recognised");
            assert_eq!(got.format, *want, "{:?}", got.reasons);
        }
        assert!(sniff(Sample::whole(b"nom;code\n")).is_none());
    }

    #[test]
    fn dbf_needs_a_plausible_header() {
        let mut h = vec![0u8; 97];
        h[0] = 0x03;
        h[1] = 120;
        h[2] = 5;
        h[3] = 17;
        h[8..10].copy_from_slice(&(97u16).to_le_bytes());
        h[10..12].copy_from_slice(&(12u16).to_le_bytes());
        h[32..36].copy_from_slice(b"NAME");
        h[64..68].copy_from_slice(b"CODE");
        h[96] = 0x0D;
        assert_eq!(sniff(Sample::whole(&h)).unwrap().format, Format::Dbf);
        h[96] = b'x';
        assert!(sniff(Sample::whole(&h)).is_none());
    }

    #[test]
    fn truncated_ole2_is_read_from_its_directory_names() {
        let mut b = OLE2_MAGIC.to_vec();
        b.resize(1024, 0);
        let name: Vec<u8> = "Workbook"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        b[512..512 + name.len()].copy_from_slice(&name);
        let got = sniff(Sample::prefix(&b)).unwrap();
        assert_eq!(got.format, Format::Xls, "{:?}", got.reasons);
    }
}
