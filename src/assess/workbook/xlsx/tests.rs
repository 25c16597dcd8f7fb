//! Workbooks written by hand as SpreadsheetML, the expected cells written beside them;
//! and workbooks written by rust_xlsxwriter, read by calamine as a second opinion.

use std::io::{Cursor, Write};

use super::super::super::table::MAX_ROWS;
use super::super::Table;
use super::read;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"#;

fn workbook_xml(extra: &str, sheets: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{extra}<sheets>{sheets}</sheets></workbook>"#
    )
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A one-sheet workbook with these sheet rows, shared strings and styles.
fn book(rows: &str, strings: &str, styles: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        (
            "xl/workbook.xml",
            workbook_xml("", r#"<sheet name="Feuil1" sheetId="1" r:id="rId1"/>"#),
        ),
        ("xl/_rels/workbook.xml.rels", RELS.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet_xml(rows)),
        ("xl/sharedStrings.xml", format!("<sst>{strings}</sst>")),
        ("xl/styles.xml", styles.to_owned()),
    ])
}

fn table(bytes: &[u8]) -> Table {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    read(&mut archive, MAX_ROWS).unwrap()
}

const NO_STYLES: &str = "<styleSheet/>";

#[test]
fn cells_of_every_type_are_read_as_a_spreadsheet_shows_them() {
    let strings = r#"<si><t>nom</t></si><si><t>montant</t></si>
        <si><r><t>Dupont </t></r><r><rPr><b/></rPr><t>&amp; fils</t></r><rPh><t>デュポン</t></rPh></si>
        <si><t xml:space="preserve">Caf&#233;</t></si>"#;
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>actif</t></is></c><c r="D1" t="str"><f>"x"&amp;"y"</f><v>calcul</v></c></row>
        <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>12.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c></row>
        <row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>42</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="str"><v>a&lt;b</v></c></row>"#;
    let t = table(&book(rows, strings, NO_STYLES));
    assert_eq!(t.header, ["nom", "montant", "actif", "calcul"]);
    assert_eq!(
        t.rows,
        [
            vec!["Dupont & fils", "12.5", "true"],
            vec!["Café", "42", "false", "a<b"],
        ]
    );
    assert!(t.complete);
}

#[test]
fn cells_and_rows_without_references_follow_the_previous_ones() {
    let rows = r#"<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>
        <row><c><v>1</v></c><c r="D2"><v>4</v></c><c><v>5</v></c></row>"#;
    let t = table(&book(rows, "", NO_STYLES));
    assert_eq!(t.header, ["a", "b"]);
    assert_eq!(t.rows, [vec!["1", "", "", "4", "5"]]);
}

#[test]
fn a_header_below_empty_rows_and_a_gap_between_rows_are_kept_in_place() {
    let rows = r#"<row r="3"><c r="B3" t="inlineStr"><is><t>titre</t></is></c></row>
        <row r="4"><c r="B4"><v>1</v></c></row><row r="6"><c r="B6"><v>3</v></c></row>"#;
    let t = table(&book(rows, "", NO_STYLES));
    assert_eq!(t.header, ["", "titre"]);
    assert_eq!(t.rows, [vec!["", "1"], vec![], vec!["", "3"]]);
}

const DATE_STYLES: &str = r#"<styleSheet><numFmts count="4">
    <numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
    <numFmt numFmtId="165" formatCode="[$-80C]dddd\ d\ mmmm\ yyyy"/>
    <numFmt numFmtId="166" formatCode="&quot;Dossier &quot;0"/>
    <numFmt numFmtId="167" formatCode="yyyy-mm-dd hh:mm"/>
  </numFmts>
  <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
  <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>
    <xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="4"/><xf numFmtId="20"/></cellXfs></styleSheet>"#;

#[test]
fn numbers_shown_as_dates_are_read_as_iso_dates() {
    // 45000 is 15 March 2023 and 45000.75 is 18:00 that day, in the 1900 date system.
    let cells = [
        (1, "45000"),
        (2, "45000"),
        (3, "45000"),
        (4, "45000"),
        (5, "45000.75"),
        (5, "45000"),
        (6, "45000"),
        (7, "0.5"),
        (0, "45000"),
    ];
    let header: String = (0..cells.len())
        .map(|i| format!(r#"<c t="inlineStr"><is><t>h{i}</t></is></c>"#))
        .collect();
    let values: String = cells
        .iter()
        .map(|(s, v)| format!(r#"<c s="{s}"><v>{v}</v></c>"#))
        .collect();
    let rows = format!("<row>{header}</row><row>{values}</row>");
    let t = table(&book(&rows, "", DATE_STYLES));
    assert_eq!(
        t.rows[0],
        [
            "2023-03-15",
            "2023-03-15",
            "2023-03-15",
            "45000",
            "2023-03-15T18:00:00",
            "2023-03-15",
            "45000",
            "12:00:00",
            "45000",
        ]
    );
}

#[test]
fn the_1904_date_system_and_the_first_days_of_1900_are_counted_as_excel_does() {
    let rows =
        r#"<row><c t="inlineStr"><is><t>date</t></is></c></row><row><c s="1"><v>1</v></c></row>"#;
    let t = table(&book(rows, "", DATE_STYLES));
    assert_eq!(t.rows, [vec!["1900-01-01"]]);
    let bytes = zip(&[
        (
            "xl/workbook.xml",
            workbook_xml(
                r#"<workbookPr date1904="1"/>"#,
                r#"<sheet name="A" sheetId="1" r:id="rId1"/>"#,
            ),
        ),
        ("xl/_rels/workbook.xml.rels", RELS.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet_xml(rows)),
        ("xl/styles.xml", DATE_STYLES.to_owned()),
    ]);
    assert_eq!(table(&bytes).rows, [vec!["1904-01-02"]]);
}

#[test]
fn the_first_sheet_is_the_first_the_workbook_lists_whatever_its_file_is_called() {
    let rels = r#"<Relationships>
        <Relationship Id="rId7" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/>
        <Relationship Id="rId8" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let cell = |t: &str| format!(r#"<row><c t="inlineStr"><is><t>{t}</t></is></c></row>"#);
    let bytes = zip(&[
        (
            "xl/workbook.xml",
            workbook_xml(
                "",
                r#"<sheet name="Données" sheetId="2" r:id="rId7"/><sheet name="Notes" sheetId="1" r:id="rId8"/>"#,
            ),
        ),
        ("xl/_rels/workbook.xml.rels", rels.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet_xml(&cell("notes"))),
        ("xl/worksheets/sheet2.xml", sheet_xml(&cell("données"))),
    ]);
    let t = table(&bytes);
    assert_eq!(t.header, ["données"]);
    assert!(!t.complete, "a second sheet was not read");
}

#[test]
fn rows_past_the_cap_are_left_and_the_table_says_so() {
    let mut rows =
        String::from(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>"#);
    for r in 2..=MAX_ROWS as u32 + 5 {
        rows.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let t = table(&book(&rows, "", NO_STYLES));
    assert_eq!(t.rows.len(), MAX_ROWS);
    assert_eq!(t.rows[MAX_ROWS - 1], [(MAX_ROWS + 1).to_string()]);
    assert!(!t.complete);
}

#[test]
fn shared_strings_past_the_last_one_used_are_never_parsed() {
    // Damaged after the two strings the sheet uses: a reader that parses them all fails.
    let strings =
        "<si><t>nom</t></si><si><t>Dupont</t></si><si><t>Durand</t></si><si><t>&bogus;<<<";
    let rows = r#"<row><c t="s"><v>0</v></c></row><row><c t="s"><v>1</v></c></row>"#;
    let t = table(&book(rows, strings, NO_STYLES));
    assert_eq!(
        (t.header, t.rows),
        (vec!["nom".to_owned()], vec![vec!["Dupont".to_owned()]])
    );
}

#[test]
fn a_shared_string_index_past_the_list_is_an_empty_cell_not_a_panic() {
    let rows = r#"<row><c t="inlineStr"><is><t>a</t></is></c></row><row><c t="s"><v>4294967295</v></c><c t="s"><v>-1</v></c><c r="ZZZ2"><v>1</v></c></row>"#;
    let t = table(&book(rows, "<si><t>x</t></si>", NO_STYLES));
    assert_eq!(t.header, ["a"]);
    assert!(
        t.rows.iter().flatten().all(String::is_empty),
        "{:?}",
        t.rows
    );
}

/// rust_xlsxwriter writes it; calamine and this reader must see the same cells.
#[test]
fn a_workbook_written_by_rust_xlsxwriter_reads_as_calamine_reads_it() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let money = Format::new().set_num_format("#,##0.00 \"€\"");
    for (c, h) in ["nom", "date", "quand", "montant", "ok"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..200u32 {
        let day = ExcelDateTime::from_ymd(
            2020 + (r % 5) as u16,
            (r % 12 + 1) as u8,
            (r % 28 + 1) as u8,
        )
        .unwrap();
        let at = ExcelDateTime::from_ymd(2024, 2, 29)
            .unwrap()
            .and_hms((r % 24) as u16, (r % 60) as u8, 0)
            .unwrap();
        sheet.write_string(r, 0, format!("Nom {r} & Cie")).unwrap();
        sheet.write_datetime_with_format(r, 1, &day, &date).unwrap();
        sheet.write_datetime_with_format(r, 2, &at, &stamp).unwrap();
        sheet
            .write_number_with_format(r, 3, f64::from(r) * 1.25, &money)
            .unwrap();
        sheet.write_boolean(r, 4, r % 2 == 0).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let ours = table(&bytes);
    assert!(ours.rows.len() == 199 && ours.complete);
    assert_eq!(
        (ours.header, ours.rows),
        super::super::tests::calamine_table(&bytes)
    );
}
