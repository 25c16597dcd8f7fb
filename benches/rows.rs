//! CPU cost of the row checks (personal-data scan and Walloon-standard validation) per
//! 128 KiB probe, on top of the sniffer; the target is under 2 ms. Workbooks (XLSX) are
//! whole files of about 128 KiB, the largest a default probe reads whole. ROWS is what
//! the personal-data scan read (at most 250), VALIDATED what the standard's validation
//! read (at most 1,000): a 128 KiB XLSX of a standard holds over a thousand rows, a CSV
//! probe a few hundred, so the XLSX standard line does five times the work.
//! Run: `cargo bench --bench rows`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use odaudit::assess::{Publisher, Sample, check_rows, sniff};

const PROBE: usize = 128 * 1024;

fn fill(head: &str, unit: impl Fn(usize) -> String) -> Vec<u8> {
    let mut s = String::from(head);
    let mut i = 0;
    while s.len() < PROBE + 4096 {
        s.push_str(&unit(i));
        i += 1;
    }
    let mut b = s.into_bytes();
    b.truncate(PROBE);
    b
}

/// A workbook of `rows` rows under `header`, numbers written as numbers (as an export
/// writes them), the rest as shared strings.
fn workbook(header: &[&str], row: &dyn Fn(usize) -> Vec<String>, rows: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=rows {
        for (c, v) in row(r as usize).iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if n.to_string() == *v => sheet.write_number(r, c as u16, n),
                _ => sheet.write_string(r, c as u16, v),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// The largest workbook of that shape under `PROBE` bytes.
fn probe_sized_workbook(header: &[&str], row: &dyn Fn(usize) -> Vec<String>) -> Vec<u8> {
    let (mut low, mut high) = (1u32, 20_000u32);
    while high - low > 50 {
        let mid = (low + high) / 2;
        if workbook(header, row, mid).len() <= PROBE {
            low = mid;
        } else {
            high = mid;
        }
    }
    workbook(header, row, low)
}

/// An XLSX register of persons of about `PROBE` bytes.
fn register_workbook() -> Vec<u8> {
    let row = |i: usize| {
        vec![
            format!("Nom{i}"),
            format!("Prénom{i}"),
            format!("85.07.{:02}-{:03}.{:02}", i % 28 + 1, i % 997 + 1, i % 97),
            format!("0475 {:02} {:02} {:02}", i % 100, i * 7 % 100, i * 13 % 100),
            format!("p{i}.nom@gmail.com"),
            ((i * 31 % 10000) as f64 / 100.0).to_string(),
        ]
    };
    let header = ["nom", "prénom", "niss", "gsm", "courriel", "montant"];
    probe_sized_workbook(&header, &row)
}

/// An ODS register of persons of `rows` rows, cells as LibreOffice writes them.
fn ods(rows: usize) -> Vec<u8> {
    use std::io::Write;
    let cell = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let mut body = String::from(r#"<table:table-row table:style-name="ro1">"#);
    for h in ["nom", "prénom", "niss", "gsm", "courriel", "montant"] {
        body.push_str(&cell(h));
    }
    body.push_str("</table:table-row>");
    for i in 1..=rows {
        body.push_str(r#"<table:table-row table:style-name="ro1">"#);
        for v in [
            format!("Nom{i}"),
            format!("Prénom{i}"),
            format!("85.07.{:02}-{:03}.{:02}", i % 28 + 1, i % 997 + 1, i % 97),
            format!("0475 {:02} {:02} {:02}", i % 100, i * 7 % 100, i * 13 % 100),
            format!("p{i}.nom@gmail.com"),
        ] {
            body.push_str(&cell(&v));
        }
        let amount = (i * 31 % 10000) as f64 / 100.0;
        body.push_str(&format!(
            r#"<table:table-cell office:value-type="float" office:value="{amount}" calcext:value-type="float"><text:p>{amount}</text:p></table:table-cell></table:table-row>"#
        ));
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    write!(
        w,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"><office:body><office:spreadsheet><table:table table:name="Feuille1">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    w.finish().unwrap().into_inner()
}

/// The largest ODS register under `PROBE` bytes.
fn ods_register() -> Vec<u8> {
    let (mut low, mut high) = (1usize, 40_000usize);
    while high - low > 50 {
        let mid = (low + high) / 2;
        if ods(mid).len() <= PROBE {
            low = mid;
        } else {
            high = mid;
        }
    }
    ods(low)
}

/// A Walloon standard's valid example, its row repeated with a new id, as an XLSX of
/// about `PROBE` bytes: rows that compress well, so a 128 KiB probe holds over a thousand.
fn standard_workbook(example: &str) -> Vec<u8> {
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(example.as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    let (Some(header), Some(cells)) = (records.first(), records.get(1)) else {
        return Vec::new();
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let row = |i: usize| {
        let mut r = cells.clone();
        if let Some(id) = r.first_mut() {
            *id = format!("92094-{i}");
        }
        r
    };
    probe_sized_workbook(&header, &row)
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/walloon-standards"
    );
    let velos =
        std::fs::read_to_string(format!("{shared}/stationnements-velos/exemple-valide.csv"))
            .unwrap_or_default();
    let (head, row) = velos.split_once('\n').unwrap_or(("", ""));
    let row = row.trim_end().to_owned();
    vec![
        (
            "XLSX register, whole (NISS, GSM, e-mail)",
            register_workbook(),
        ),
        ("ODS register, whole (NISS, GSM, e-mail)", ods_register()),
        (
            "XLSX standard stationnements-velos, whole",
            standard_workbook(&velos),
        ),
        (
            "CSV register (NISS, GSM, e-mail)",
            fill("nom;prénom;niss;gsm;courriel;montant\n", |i| {
                format!(
                    "Nom{i};Prénom{i};85.07.{:02}-{:03}.{:02};0475 {:02} {:02} {:02};p{i}.nom@gmail.com;{},{}\n",
                    i % 28 + 1,
                    i % 997 + 1,
                    i % 97,
                    i % 100,
                    i * 7 % 100,
                    i * 13 % 100,
                    i * 31 % 10000,
                    i % 100
                )
            }),
        ),
        (
            "CSV look-alikes (invoices, BCE, dates)",
            fill(
                "facture,bce,code_postal,date,téléphone,contact,montant\n",
                |i| {
                    format!(
                        "2023{:07},0207.{:03}.{:03},{},2023-04-{:02},081 24 60 00,info@namur.be,{}.{}\n",
                        i,
                        i % 1000,
                        i * 7 % 1000,
                        5000 + i % 700,
                        i % 28 + 1,
                        i * 31 % 10000,
                        i % 100
                    )
                },
            ),
        ),
        (
            "CSV standard stationnements-velos",
            fill(&format!("{head}\n"), |i| {
                format!("{}\n", row.replacen("92094-3", &format!("92094-{i}"), 1))
            }),
        ),
        (
            "GeoJSON features",
            fill(r#"{"type":"FeatureCollection","features":["#, |i| {
                format!(
                    r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[4.8{i},50.4]}},"properties":{{"id":{i},"nom":"Lieu {i}","contact":"info@namur.be"}}}},"#
                )
            }),
        ),
    ]
}

fn main() {
    println!(
        "{:<42} {:>5} {:>5} {:>9} {:>9} {:>9} {:>7}",
        "INPUT (128 KiB probe)", "KiB", "ROWS", "VALIDATED", "SNIFF ms", "ROWS ms", "TARGET"
    );
    for (name, bytes) in inputs() {
        // A workbook is read only whole; text formats as a cut prefix.
        let sample = if bytes.starts_with(b"PK") {
            Sample::whole(&bytes)
        } else {
            Sample::prefix(&bytes)
        };
        let sniffed = sniff(sample);
        let publisher = Publisher::default();
        let run = || {
            check_rows(
                sample,
                sniffed.format,
                sniffed.encoding,
                sniffed.delimiter,
                &publisher,
            )
        };
        let checks = run();
        if let Some(unread) = &checks.unread {
            println!("  {name}: {unread}");
        }
        let rows = checks.personal_data.map_or(0, |p| p.rows_scanned);
        let validated = checks
            .standard
            .as_ref()
            .map_or("-".to_owned(), |s| s.rows_checked.to_string());
        let time = |f: &dyn Fn()| {
            let start = Instant::now();
            let mut n = 0u32;
            while start.elapsed() < Duration::from_millis(500) || n < 5 {
                f();
                n += 1;
            }
            start.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
        };
        let sniff_ms = time(&|| {
            black_box(sniff(black_box(sample)));
        });
        let rows_ms = time(&|| {
            black_box(run());
        });
        println!(
            "{name:<42} {:>5} {rows:>5} {validated:>9} {sniff_ms:>9.3} {rows_ms:>9.3} {:>7}",
            bytes.len() / 1024,
            if rows_ms < 2.0 { "ok" } else { "OVER" }
        );
    }
    println!(
        "for comparison, calamine only opening the same XLSX (it parses all shared strings): {:.3} ms",
        workbook_open_ms()
    );
}

/// What the reader used before cost before reading any cell: calamine opening the XLSX
/// (it parses every shared string). `assess::workbook` now reads only the strings the
/// first rows use.
fn workbook_open_ms() -> f64 {
    use calamine::Reader;
    let bytes = register_workbook();
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < Duration::from_millis(500) || n < 5 {
        let book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes[..])).unwrap();
        black_box(book.sheet_names());
        n += 1;
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
}
