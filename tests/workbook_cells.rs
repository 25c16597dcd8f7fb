//! The cells of XLSX and ODS workbooks go through the same checks as CSV rows (personal
//! data, Walloon standards), from the bytes of the probe only; a cut or bomb-like
//! workbook is "not verifiable" with a reason, never clean.

use std::io::{Cursor, Write};

use odaudit::assess::{Classification, Declared, PersonalKind, Sample, classify};
use rust_xlsxwriter::Workbook;

/// A cell as written in a workbook.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
}

fn xlsx(rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Text(t) => sheet.write_string(r, c, *t).map(|_| ()),
                Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn judged(bytes: &[u8], sample: Sample<'_>, name: &str) -> Classification {
    let c = classify(sample, Declared::from_sources(Some(name), None));
    assert_eq!(c.bytes_read, bytes.len());
    c
}

/// A national register number with valid check digits (born before 2000).
fn national(yymmdd: &str, serial: u32) -> String {
    let base: u64 = format!("{yymmdd}{serial:03}").parse().unwrap();
    let check = 97 - base % 97;
    format!(
        "{}.{}.{}-{serial:03}.{check:02}",
        &yymmdd[..2],
        &yymmdd[2..4],
        &yymmdd[4..]
    )
}

#[test]
fn national_numbers_in_an_xlsx_are_flagged_and_masked() {
    let numbers: Vec<String> = (0..30).map(|i| national("850730", 33 + i)).collect();
    let mut rows = vec![vec![
        Cell::Text("dossier"),
        Cell::Text("commune"),
        Cell::Text("niss"),
    ]];
    for (i, n) in numbers.iter().enumerate() {
        rows.push(vec![
            Cell::Number(1000.0 + i as f64),
            Cell::Text("Namur"),
            Cell::Text(n),
        ]);
    }
    let bytes = xlsx(&rows);
    let c = judged(&bytes, Sample::whole(&bytes), "inscriptions.xlsx");
    assert_eq!(c.format.code(), "XLSX", "{:?}", c.reasons);
    let p = c.personal_data.expect("the cells were read");
    assert!(p.complete);
    assert_eq!(p.rows_scanned, 30);
    let hit = p
        .found
        .iter()
        .find(|h| h.kind == PersonalKind::NationalNumber)
        .unwrap_or_else(|| panic!("{:?}", p.found));
    assert_eq!(hit.columns, ["niss"]);
    assert_eq!(hit.count, 30);
    assert_eq!(hit.first_row, 2);
    assert_eq!(hit.masked.as_deref(), Some("85.07.30-***.**"));
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains(&numbers[0]), "a value leaked: {json}");
}

#[test]
fn look_alikes_in_an_xlsx_are_not_flagged() {
    let mut rows = vec![vec![
        Cell::Text("facture"),
        Cell::Text("code_postal"),
        Cell::Text("nom"),
        Cell::Text("contact"),
        Cell::Text("montant"),
    ]];
    let invoices: Vec<u64> = (0..40u64)
        .map(|i| 20_230_000_000 + i * 7919)
        .filter(|n| n % 97 != 0 && 97 - (n / 100) % 97 != n % 100)
        .collect();
    assert!(invoices.len() > 30);
    for (i, n) in invoices.iter().enumerate() {
        rows.push(vec![
            Cell::Number(*n as f64),
            Cell::Number(5000.0 + i as f64),
            Cell::Text("Club de pétanque"),
            Cell::Text("info@namur.be"),
            Cell::Number(12.5 * i as f64),
        ]);
    }
    let bytes = xlsx(&rows);
    let c = judged(&bytes, Sample::whole(&bytes), "factures.xlsx");
    let p = c.personal_data.expect("the cells were read");
    assert!(!p.suspected(), "{:?}", p.found);
    assert_eq!(p.rows_scanned, invoices.len());
    assert!(p.complete, "a workbook read whole counts as checked");
}

#[test]
fn a_standard_example_saved_as_xlsx_conforms() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/walloon-standards/stationnements-velos/exemple-valide.csv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate() {
        rows.push(
            record
                .iter()
                .map(|v| match (i, v, v.parse::<f64>()) {
                    (0, ..) => Cell::Text(v),
                    (_, "true" | "false", _) => Cell::Bool(v == "true"),
                    (_, _, Ok(n)) if n.to_string() == v => Cell::Number(n),
                    _ => Cell::Text(v),
                })
                .collect(),
        );
    }
    let bytes = xlsx(&rows);
    let c = judged(&bytes, Sample::whole(&bytes), "velos.xlsx");
    let verdict = c.standard.expect("the standard is recognised");
    assert_eq!(verdict.standard, "stationnements-velos");
    assert!(verdict.conforms, "{:?}", verdict.errors);
    assert_eq!(verdict.rows_checked, records.len() - 1);
    // The same workbook with a required column emptied does not conform.
    let mut broken = rows;
    for row in broken.iter_mut().skip(1) {
        row[0] = Cell::Text("");
    }
    let bytes = xlsx(&broken);
    let c = judged(&bytes, Sample::whole(&bytes), "velos.xlsx");
    let verdict = c.standard.expect("the standard is recognised");
    assert!(!verdict.conforms);
    assert!(
        verdict.errors.iter().any(|e| e.field == "id"),
        "{:?}",
        verdict.errors
    );
}

#[test]
fn a_truncated_workbook_is_not_verifiable() {
    let rows: Vec<Vec<Cell<'_>>> = (0..3000)
        .map(|i| vec![Cell::Number(i as f64), Cell::Text("Rue de Fer")])
        .collect();
    let bytes = xlsx(&rows);
    let cut = &bytes[..bytes.len() / 2];
    let c = judged(cut, Sample::prefix(cut), "gros.xlsx");
    assert_eq!(c.format.code(), "XLSX", "{:?}", c.reasons);
    assert!(c.personal_data.is_none(), "a prefix is never clean");
    assert!(
        c.reasons.iter().any(|r| r.contains("truncated workbook")),
        "{:?}",
        c.reasons
    );
}

/// Set the declared uncompressed size of the entries named `*suffix` (local and central headers).
fn declare_size(zip: &mut [u8], suffix: &str, size: u32) {
    for (signature, name_len_at, size_at, header_len) in
        [(b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)]
    {
        let mut at = 0;
        while let Some(found) = zip[at..].windows(4).position(|w| w == signature) {
            let start = at + found;
            let name_len =
                u16::from_le_bytes([zip[start + name_len_at], zip[start + name_len_at + 1]]);
            let name = &zip[start + header_len..start + header_len + name_len as usize];
            if name.ends_with(suffix.as_bytes()) {
                zip[start + size_at..start + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            at = start + 4;
        }
    }
}

#[test]
fn a_bomb_like_workbook_is_refused_before_inflating() {
    let rows = vec![
        vec![Cell::Text("niss")],
        vec![Cell::Text("85.07.30-033.28")],
    ];
    let mut bytes = xlsx(&rows);
    declare_size(&mut bytes, "sheet1.xml", 4_000_000_000);
    let c = judged(&bytes, Sample::whole(&bytes), "bombe.xlsx");
    assert!(c.personal_data.is_none(), "{:?}", c.personal_data);
    assert!(
        c.reasons
            .iter()
            .any(|r| r.contains("over the 16777216-byte cap")),
        "{:?}",
        c.reasons
    );
}

fn ods(content: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Feuille1">{content}</table:table></office:spreadsheet></office:body></office:document-content>"#).as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<table:table-cell><text:p>{c}</text:p></table:table-cell>"))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn national_numbers_in_an_ods_are_flagged_and_look_alikes_are_not() {
    let mut content = ods_row(&["nom", "commune", "niss"]);
    for i in 0..20 {
        content.push_str(&ods_row(&["Dupont", "Namur", &national("850730", 33 + i)]));
    }
    let bytes = ods(&content);
    let c = judged(&bytes, Sample::whole(&bytes), "liste.ods");
    assert_eq!(c.format.code(), "ODS", "{:?}", c.reasons);
    let p = c.personal_data.expect("the cells were read");
    let hit = p
        .found
        .iter()
        .find(|h| h.kind == PersonalKind::NationalNumber)
        .unwrap_or_else(|| panic!("{:?}", p.found));
    assert_eq!(
        (hit.columns.as_slice(), hit.count),
        (&["niss".to_owned()][..], 20)
    );

    let mut content = ods_row(&["association", "code_postal", "contact &amp; siège"]);
    for i in 0..20 {
        content.push_str(&ods_row(&[
            "Club &amp; Cie",
            &(5000 + i).to_string(),
            "info@namur.be",
        ]));
    }
    let bytes = ods(&content);
    let c = judged(&bytes, Sample::whole(&bytes), "clubs.ods");
    let p = c.personal_data.expect("the cells were read");
    assert!(!p.suspected(), "{:?}", p.found);
    assert_eq!(p.rows_scanned, 20);
    assert!(p.complete);
}

#[test]
fn repeated_ods_rows_and_columns_stay_bounded() {
    let content = format!(
        "{}<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"16384\"><text:p>{}</text:p></table:table-cell></table:table-row>",
        ods_row(&["a", "b"]),
        national("850730", 33)
    );
    let bytes = ods(&content);
    let c = judged(&bytes, Sample::whole(&bytes), "repete.ods");
    let p = c.personal_data.expect("the cells were read");
    assert!(!p.complete, "the repeated rows go past the rows read");
    assert!(p.rows_scanned <= 1_000, "{}", p.rows_scanned);
    assert!(p.suspected());
}

#[test]
fn a_part_inflating_past_its_declared_size_is_not_read() {
    // 32 MiB of blanks deflate to a few tens of KiB; the header says 1 KiB.
    let padding = " ".repeat(32 << 20);
    let content = format!(
        "{}{padding}{}",
        ods_row(&["niss"]),
        ods_row(&[&national("850730", 33)])
    );
    let mut bytes = ods(&content);
    assert!(bytes.len() < 128 * 1024, "{}", bytes.len());
    declare_size(&mut bytes, "content.xml", 1024);
    let c = judged(&bytes, Sample::whole(&bytes), "menteur.ods");
    assert!(c.personal_data.is_none(), "{:?}", c.personal_data);
    assert!(
        c.reasons
            .iter()
            .any(|r| r.contains("content.xml is damaged")),
        "{:?}",
        c.reasons
    );
}
