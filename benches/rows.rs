//! CPU cost of the row checks (personal-data scan and Walloon-standard validation) per
//! 128 KiB probe, on top of the sniffer; the target is under 2 ms. Workbooks (XLSX) are
//! whole files of about 128 KiB, the largest a default probe reads whole.
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

/// An XLSX register of persons of about `PROBE` bytes (cells as an export writes them).
fn workbook(rows: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["nom", "prénom", "niss", "gsm", "courriel", "montant"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=rows {
        let i = r as usize;
        let cells = [
            format!("Nom{i}"),
            format!("Prénom{i}"),
            format!("85.07.{:02}-{:03}.{:02}", i % 28 + 1, i % 997 + 1, i % 97),
            format!("0475 {:02} {:02} {:02}", i % 100, i * 7 % 100, i * 13 % 100),
            format!("p{i}.nom@gmail.com"),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r, c as u16, v).unwrap();
        }
        sheet
            .write_number(r, 5, (i * 31 % 10000) as f64 / 100.0)
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// The largest workbook of that shape under `PROBE` bytes.
fn probe_sized_workbook() -> Vec<u8> {
    let (mut low, mut high) = (1u32, 20_000u32);
    while high - low > 50 {
        let mid = (low + high) / 2;
        if workbook(mid).len() <= PROBE {
            low = mid;
        } else {
            high = mid;
        }
    }
    workbook(low)
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
            probe_sized_workbook(),
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
        "{:<42} {:>8} {:>8} {:>10} {:>10} {:>8}",
        "INPUT (128 KiB probe)", "KiB", "ROWS", "SNIFF ms", "ROWS ms", "TARGET"
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
            "{name:<42} {:>8} {rows:>8} {sniff_ms:>10.3} {rows_ms:>10.3} {:>8}",
            bytes.len() / 1024,
            if rows_ms < 2.0 { "ok" } else { "OVER" }
        );
    }
    println!(
        "of the XLSX row checks, calamine opening the workbook (all shared strings): {:.3} ms",
        workbook_open_ms()
    );
}

/// Where a workbook's time goes: calamine opening the XLSX (it parses every shared
/// string), before any cell of the sheet is read.
fn workbook_open_ms() -> f64 {
    use calamine::Reader;
    let bytes = probe_sized_workbook();
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
