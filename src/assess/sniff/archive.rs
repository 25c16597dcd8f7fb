//! ZIP and GZIP: formats that are zips under another name (XLSX, ODS, KMZ, ...) and
//! real containers, whose verdict is the most open format found inside.
//!
//! A complete file is read through its central directory (the `zip` crate); a prefix,
//! whose central directory was never downloaded, is walked through its local file
//! headers. Either way no entry is inflated past [`ENTRY_CAP`] and no more than
//! [`MAX_ENTRIES`] entries are opened, so a zip bomb costs a few milliseconds.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use flate2::read::{DeflateDecoder, MultiGzDecoder};

use super::{MAX_DEPTH, Sample, Sniffed, sniff_at};
use crate::assess::{Container, Format};

/// The most bytes inflated from one entry or one gzip stream.
const ENTRY_CAP: usize = 128 * 1024;
/// The most entries whose content is opened in one archive.
const MAX_ENTRIES: usize = 24;

pub(super) fn sniff(sample: Sample<'_>, depth: u8) -> Option<Sniffed> {
    let b = sample.bytes;
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        Some(zip(sample, depth))
    } else if b.starts_with(&[0x1F, 0x8B]) {
        Some(gzip(sample, depth))
    } else {
        None
    }
}

/// One member of a zip: its name and the first bytes of its content.
struct Entry {
    name: String,
    content: Option<Vec<u8>>,
    complete: bool,
}

fn zip(sample: Sample<'_>, depth: u8) -> Sniffed {
    let (entries, how) = match catch_unwind(AssertUnwindSafe(|| central_directory(sample))) {
        Ok(Some(entries)) => (entries, "ZIP archive"),
        _ => (
            local_headers(sample.bytes),
            if sample.complete {
                "ZIP archive with a damaged central directory, read by its local headers"
            } else {
                "ZIP archive read in part, by its local headers"
            },
        ),
    };
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    if let Some(found) = zip_based_format(&entries, &names, how) {
        return found;
    }
    if names.is_empty() {
        return Sniffed::of(Format::Zip, format!("{how} with no entries"))
            .with_stars(Format::Zip.star_ceiling(), "an empty archive holds no data");
    }
    if depth >= MAX_DEPTH {
        return Sniffed::of(Format::Zip, format!("{how} nested too deep to open"));
    }
    let mut best: Option<(Sniffed, &str)> = None;
    for entry in entries.iter().filter(|e| e.content.is_some()) {
        let bytes = entry.content.as_deref().unwrap_or_default();
        let inner = sniff_at(
            Sample {
                bytes,
                complete: entry.complete,
            },
            depth + 1,
        );
        let better = match &best {
            None => true,
            Some((b, _)) => openness(&inner) > openness(b),
        };
        if better {
            best = Some((inner, &entry.name));
        }
    }
    match best {
        Some((inner, name)) if inner.format != Format::Unknown => {
            let mut found = inner;
            found.container = Some(Container::Zip);
            found.reasons.insert(
                0,
                format!(
                    "{how} of {} entr{}; the most open is {name}",
                    names.len(),
                    if names.len() == 1 { "y" } else { "ies" }
                ),
            );
            found
        }
        _ => Sniffed::of(
            Format::Zip,
            format!(
                "{how} of {} entr{} none of which is a known format",
                names.len(),
                if names.len() == 1 { "y" } else { "ies" }
            ),
        ),
    }
}

/// How open a verdict is, for choosing the best entry of an archive.
fn openness(s: &Sniffed) -> (u8, bool, bool) {
    (
        s.stars.get(),
        s.format.non_proprietary(),
        s.format != Format::Unknown,
    )
}

/// OOXML, ODF, KMZ and zipped shapefiles, told apart by their member names.
fn zip_based_format(entries: &[Entry], names: &[&str], how: &str) -> Option<Sniffed> {
    opendocument(entries, how)
        .or_else(|| ooxml(entries, names, how))
        .or_else(|| shapefile_or_kmz(names, how))
}

/// OpenDocument formats by their kind.
const ODF_MIMETYPES: &[(&str, Format)] = &[
    (
        "application/vnd.oasis.opendocument.spreadsheet",
        Format::Ods,
    ),
    ("application/vnd.oasis.opendocument.text", Format::Odt),
    (
        "application/vnd.oasis.opendocument.presentation",
        Format::Odp,
    ),
];

/// An OpenDocument file, by its `mimetype` entry.
fn opendocument(entries: &[Entry], how: &str) -> Option<Sniffed> {
    let mime = entries
        .iter()
        .find(|e| e.name == "mimetype")
        .and_then(|e| e.content.as_deref())?;
    let mime = String::from_utf8_lossy(&mime[..mime.len().min(100)]);
    let mime = mime.trim();
    for (m, format) in ODF_MIMETYPES {
        if mime == *m || mime.starts_with(&format!("{m}-template")) {
            return Some(Sniffed::of(
                *format,
                format!("{how} whose mimetype entry says {mime}: OpenDocument"),
            ));
        }
    }
    mime.starts_with("application/vnd.oasis.opendocument.").then(|| {
        Sniffed::of(
            Format::Unknown,
            format!(
                "{how} whose mimetype entry says {mime}: an OpenDocument drawing, chart or database, not data"
            ),
        )
    })
}

/// Office Open XML parts by their folder.
const OOXML_PARTS: &[(&str, Format, &str)] = &[
    ("xl/", Format::Xlsx, "xl/ parts: Excel workbook"),
    ("word/", Format::Docx, "word/ parts: Word document"),
    ("ppt/", Format::Pptx, "ppt/ parts: PowerPoint presentation"),
];

/// Office Open XML part kinds `[Content_Types].xml` may declare.
const OOXML_KINDS: &[(&str, Format)] = &[
    ("spreadsheetml", Format::Xlsx),
    ("wordprocessingml", Format::Docx),
    ("presentationml", Format::Pptx),
];

/// An Office Open XML package (XLSX, DOCX, PPTX), by its parts.
fn ooxml(entries: &[Entry], names: &[&str], how: &str) -> Option<Sniffed> {
    let content_types = entries.iter().find(|e| e.name == "[Content_Types].xml");
    // Writers order parts differently (openpyxl puts [Content_Types].xml last), so any
    // OOXML package part is evidence.
    let package = content_types.is_some()
        || names
            .iter()
            .any(|n| n.starts_with("_rels/") || n.starts_with("docProps/"));
    if !package {
        return None;
    }
    let has_prefix = |p: &str| names.iter().any(|n| n.starts_with(p));
    if let Some((_, format, meaning)) = OOXML_PARTS.iter().find(|(part, ..)| has_prefix(part)) {
        return Some(Sniffed::of(
            *format,
            format!("{how} with [Content_Types].xml and {meaning} (OOXML)"),
        ));
    }
    // A prefix may hold [Content_Types].xml before any part: read what it declares.
    let ct = String::from_utf8_lossy(content_types.and_then(|e| e.content.as_deref())?);
    let (kind, format) = OOXML_KINDS.iter().find(|(kind, _)| ct.contains(kind))?;
    Some(Sniffed::of(
        *format,
        format!("{how} whose [Content_Types].xml declares {kind} parts (OOXML)"),
    ))
}

/// A zipped shapefile (its `.shp`, with the companions found), or a KMZ (a `doc.kml`, or
/// a `.kml` as first entry).
fn shapefile_or_kmz(names: &[&str], how: &str) -> Option<Sniffed> {
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    if let Some(shp) = lower.iter().find(|n| n.ends_with(".shp") && !is_junk(n)) {
        let stem = &shp[..shp.len() - 4];
        let companions: Vec<&str> = ["shx", "dbf"]
            .into_iter()
            .filter(|ext| lower.iter().any(|n| *n == format!("{stem}.{ext}")))
            .collect();
        let mut found = Sniffed::of(
            Format::Shp,
            format!(
                "{how} holding a shapefile ({shp}{})",
                companions
                    .iter()
                    .map(|e| format!(" + .{e}"))
                    .collect::<String>()
            ),
        );
        found.container = Some(Container::Zip);
        return Some(found);
    }
    let root_kml = lower
        .iter()
        .position(|n| n == "doc.kml")
        .or_else(|| lower.first().filter(|n| n.ends_with(".kml")).map(|_| 0));
    root_kml.map(|i| {
        Sniffed::of(
            Format::Kmz,
            format!("{how} whose main entry is {}: KMZ", names[i]),
        )
    })
}

/// Members that carry no data: folders, macOS resource forks, thumbnails.
fn is_junk(name: &str) -> bool {
    name.ends_with('/')
        || name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || name
            .rsplit('/')
            .next()
            .is_some_and(|f| f.starts_with("._") || f == ".DS_Store" || f == "Thumbs.db")
}

/// Read a complete archive through its central directory; `None` when it has none.
fn central_directory(sample: Sample<'_>) -> Option<Vec<Entry>> {
    if !sample.complete {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(sample.bytes)).ok()?;
    let mut entries = Vec::new();
    let mut opened = 0;
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        let wanted = !is_junk(&name) && (opened < MAX_ENTRIES || is_marker(&name));
        let (content, complete) = if wanted {
            opened += 1;
            let size = file.size();
            let mut buf = Vec::new();
            let ok = (&mut file)
                .take(ENTRY_CAP as u64)
                .read_to_end(&mut buf)
                .is_ok();
            (ok.then_some(buf), size <= ENTRY_CAP as u64)
        } else {
            (None, false)
        };
        entries.push(Entry {
            name,
            content,
            complete,
        });
    }
    Some(entries)
}

/// Members whose content decides a zip-based format.
fn is_marker(name: &str) -> bool {
    name == "mimetype" || name == "[Content_Types].xml"
}

/// Walk local file headers from the start: all a prefix of a zip offers.
fn local_headers(b: &[u8]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut at = 0usize;
    let mut opened = 0;
    while let Some(h) = b.get(at..at + 30) {
        if h[0..4] != *b"PK\x03\x04" {
            break;
        }
        let u16_at = |i: usize| u16::from_le_bytes([h[i], h[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]) as usize;
        let flags = u16_at(6);
        let method = u16_at(8);
        let mut compressed = u32_at(18);
        let name_len = u16_at(26);
        let extra_len = u16_at(28);
        let name_start = at + 30;
        let data_start = name_start + name_len + extra_len;
        let Some(name) = b.get(name_start..name_start + name_len) else {
            break;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        if compressed == 0xFFFF_FFFF {
            compressed = b
                .get(name_start + name_len..data_start)
                .and_then(zip64_compressed_size)
                .unwrap_or(usize::MAX);
        }
        let sized = flags & 0x08 == 0 || compressed != 0;
        let available = b.get(data_start..).unwrap_or_default();
        let data = if sized {
            &available[..available.len().min(compressed)]
        } else {
            available
        };
        let wanted = !is_junk(&name) && (opened < MAX_ENTRIES || is_marker(&name));
        let (content, complete, consumed) = if wanted {
            opened += 1;
            let (content, complete, consumed) = inflate_entry(method, data, sized);
            (
                content,
                complete && (!sized || data.len() == compressed),
                consumed,
            )
        } else {
            (None, false, None)
        };
        entries.push(Entry {
            name,
            content,
            complete,
        });
        // Where the next header starts: after the data, and a data descriptor if any.
        let data_len = if sized {
            compressed
        } else {
            match consumed {
                Some(n) => n,
                None => match memchr::memmem::find(available, b"PK\x03\x04") {
                    Some(n) => n,
                    None => break,
                },
            }
        };
        let mut next = data_start.saturating_add(data_len);
        if flags & 0x08 != 0 {
            next = skip_data_descriptor(b, next);
        }
        if next <= at {
            break;
        }
        at = next;
    }
    entries
}

/// The compressed size from a ZIP64 extended-information extra field.
fn zip64_compressed_size(extra: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 4 <= extra.len() {
        let id = u16::from_le_bytes([extra[i], extra[i + 1]]);
        let len = u16::from_le_bytes([extra[i + 2], extra[i + 3]]) as usize;
        if id == 0x0001 && len >= 16 {
            let v = extra.get(i + 12..i + 20)?;
            return usize::try_from(u64::from_le_bytes(v.try_into().ok()?)).ok();
        }
        i += 4 + len;
    }
    None
}

fn skip_data_descriptor(b: &[u8], at: usize) -> usize {
    let signed = b.get(at..at + 4) == Some(b"PK\x07\x08");
    let base = if signed { at + 4 } else { at };
    // crc + sizes: 12 bytes, or 20 with 8-byte ZIP64 sizes. Prefer the layout after
    // which another header (or the central directory) starts.
    for len in [12, 20] {
        let next = base + len;
        match b.get(next..next + 2) {
            Some(b"PK") | None => return next,
            _ => {}
        }
    }
    base + 12
}

/// Inflate the start of one entry: (content, whole entry read, compressed bytes used
/// when the stream ended).
fn inflate_entry(
    method: usize,
    data: &[u8],
    sized: bool,
) -> (Option<Vec<u8>>, bool, Option<usize>) {
    match method {
        0 if sized => {
            let n = data.len().min(ENTRY_CAP);
            (Some(data[..n].to_vec()), n == data.len(), None)
        }
        // Stored with an unknown size: the content runs to the next header.
        0 => {
            let end = memchr::memmem::find(data, b"PK\x07\x08")
                .or_else(|| memchr::memmem::find(data, b"PK\x03\x04"))
                .unwrap_or(data.len());
            let n = end.min(ENTRY_CAP);
            (Some(data[..n].to_vec()), n == end, Some(end))
        }
        8 => {
            let mut decoder = DeflateDecoder::new(data);
            let mut out = Vec::new();
            let finished = read_capped(&mut decoder, &mut out, ENTRY_CAP);
            let used = finished.then(|| decoder.total_in() as usize);
            (Some(out), finished, used)
        }
        _ => (None, false, None),
    }
}

/// Read at most `cap` bytes; true when the reader ended cleanly before the cap.
fn read_capped(reader: &mut impl Read, out: &mut Vec<u8>, cap: usize) -> bool {
    let mut buf = [0u8; 16 * 1024];
    while out.len() < cap {
        match reader.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => out.extend_from_slice(&buf[..n.min(cap - out.len())]),
            Err(_) => return false,
        }
    }
    false
}

fn gzip(sample: Sample<'_>, depth: u8) -> Sniffed {
    let mut inner = Vec::new();
    let ended = read_capped(
        &mut MultiGzDecoder::new(sample.bytes),
        &mut inner,
        ENTRY_CAP,
    );
    let complete = ended && sample.complete;
    if inner.is_empty() {
        return Sniffed::of(
            Format::Gzip,
            "GZIP stream that inflates to nothing readable",
        );
    }
    if depth >= MAX_DEPTH {
        return Sniffed::of(Format::Gzip, "GZIP stream nested too deep to open");
    }
    let (found, what) = if is_tar(&inner) {
        (tar(&inner, complete, depth), "GZIP stream of a tar archive")
    } else {
        (
            sniff_at(
                Sample {
                    bytes: &inner,
                    complete,
                },
                depth + 1,
            ),
            "GZIP stream",
        )
    };
    if found.format == Format::Unknown {
        return Sniffed::of(
            Format::Gzip,
            format!("{what} whose content is not a known format"),
        );
    }
    let mut found = found;
    found.reasons.insert(
        0,
        format!(
            "{what}; inflated {}{} bytes",
            inner.len(),
            if complete { "" } else { "+" }
        ),
    );
    found.container = Some(Container::Gzip);
    found
}

fn is_tar(b: &[u8]) -> bool {
    b.get(257..262) == Some(b"ustar")
}

/// The most open member of a tar archive.
fn tar(b: &[u8], complete: bool, depth: u8) -> Sniffed {
    let mut best: Option<Sniffed> = None;
    let mut at = 0usize;
    for _ in 0..MAX_ENTRIES {
        let Some(header) = b.get(at..at + 512) else {
            break;
        };
        if header.iter().all(|&c| c == 0) {
            break;
        }
        let size_field = String::from_utf8_lossy(&header[124..136]);
        let size =
            usize::from_str_radix(size_field.trim_matches(|c: char| c == '\0' || c == ' '), 8)
                .unwrap_or(0);
        let kind = header[156];
        let start = at + 512;
        if kind == b'0' || kind == 0 {
            let end = start.saturating_add(size).min(b.len());
            if let Some(content) = b.get(start..end) {
                let inner = sniff_at(
                    Sample {
                        bytes: content,
                        complete: complete || end - start == size,
                    },
                    depth + 1,
                );
                if best.as_ref().is_none_or(|b| openness(&inner) > openness(b)) {
                    best = Some(inner);
                }
            }
        }
        at = start.saturating_add(size.div_ceil(512).saturating_mul(512));
    }
    best.unwrap_or_else(|| Sniffed::of(Format::Unknown, "empty tar archive"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const CSV: &[u8] = b"commune;population\nNamur;112000\nLiege;197000\nArlon;30000\n";

    #[test]
    fn a_zip_of_csv_is_csv_in_zip_whole_or_prefix() {
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let z = zip_of(&[("a.csv", CSV), ("b.csv", CSV)], method);
            for sample in [Sample::whole(&z), Sample::prefix(&z[..z.len() - 30])] {
                let got = sniff(sample, 0).unwrap();
                assert_eq!(got.format, Format::Csv, "{:?}", got.reasons);
                assert_eq!(got.container, Some(Container::Zip));
            }
        }
    }

    #[test]
    fn the_most_open_member_wins() {
        let z = zip_of(
            &[("note.pdf", b"%PDF-1.4\n"), ("data.csv", CSV)],
            zip::CompressionMethod::Deflated,
        );
        let got = sniff(Sample::whole(&z), 0).unwrap();
        assert_eq!(
            (got.format, got.container),
            (Format::Csv, Some(Container::Zip))
        );
    }

    #[test]
    fn zipped_shapefile_and_kmz_and_odf() {
        let shp = zip_of(
            &[
                ("roads.shp", b"x"),
                ("roads.shx", b"x"),
                ("roads.dbf", b"x"),
            ],
            zip::CompressionMethod::Deflated,
        );
        let got = sniff(Sample::whole(&shp), 0).unwrap();
        assert_eq!(
            (got.format, got.container),
            (Format::Shp, Some(Container::Zip))
        );

        let kmz = zip_of(&[("doc.kml", b"<kml/>")], zip::CompressionMethod::Deflated);
        let got = sniff(Sample::whole(&kmz), 0).unwrap();
        assert_eq!((got.format, got.container), (Format::Kmz, None));

        let ods = zip_of(
            &[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                ),
                ("content.xml", b"<x/>"),
            ],
            zip::CompressionMethod::Stored,
        );
        let got = sniff(Sample::prefix(&ods[..100]), 0).unwrap();
        assert_eq!(got.format, Format::Ods, "{:?}", got.reasons);
    }

    #[test]
    fn a_zip_bomb_is_inflated_no_further_than_the_cap() {
        let zeros = vec![b'0'; 50 * 1024 * 1024];
        let z = zip_of(&[("bomb.csv", &zeros)], zip::CompressionMethod::Deflated);
        assert!(z.len() < 200 * 1024);
        let got = sniff(Sample::whole(&z), 0).unwrap();
        assert_ne!(got.format, Format::Csv);
        let got = sniff(Sample::prefix(&z[..z.len() / 2]), 0).unwrap();
        assert_ne!(got.format, Format::Csv);
    }

    #[test]
    fn gzip_of_csv_and_of_nothing() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(CSV).unwrap();
        let gz = e.finish().unwrap();
        let got = sniff(Sample::whole(&gz), 0).unwrap();
        assert_eq!(
            (got.format, got.container),
            (Format::Csv, Some(Container::Gzip))
        );
        let got = sniff(Sample::whole(&gz[..5]), 0).unwrap();
        assert_eq!(got.format, Format::Gzip);
    }
}
