//! The classifier on files made by real software (LibreOffice, GDAL, rdflib, Python):
//! `tests/fixtures/real/` (see its README for how each file was made) and, in-suite,
//! files written by Rust writers.

use std::io::Write;
use std::path::Path;

use odaudit::assess::{Container, Declared, Format, Sample, classify, sniff};

struct Case {
    file: String,
    format: Format,
    container: Option<Container>,
    stars: u8,
}

fn truth() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let mut reader = csv::Reader::from_path(dir.join("truth.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Case {
                file: dir.join(&r[0]).display().to_string(),
                format: r[1].parse().unwrap(),
                container: match &r[2] {
                    "" => None,
                    "ZIP" => Some(Container::Zip),
                    "GZIP" => Some(Container::Gzip),
                    other => panic!("container {other}"),
                },
                stars: r[3].parse().unwrap(),
            }
        })
        .collect()
}

fn misses(cap: usize) -> Vec<String> {
    truth()
        .iter()
        .filter_map(|case| {
            let bytes = std::fs::read(&case.file).unwrap();
            let sample = Sample {
                bytes: &bytes[..bytes.len().min(cap)],
                complete: bytes.len() <= cap,
            };
            let got = sniff(sample);
            let ok = (got.format, got.container, got.stars.get())
                == (case.format, case.container, case.stars);
            (!ok).then(|| {
                format!(
                    "{}: want {} {:?} {}★, got {} {:?} {}★ ({:?})",
                    case.file,
                    case.format,
                    case.container,
                    case.stars,
                    got.format,
                    got.container,
                    got.stars,
                    got.reasons
                )
            })
        })
        .collect()
}

#[test]
fn every_real_file_is_classified_right() {
    assert!(truth().len() >= 50);
    let misses = misses(1 << 20);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn a_64_kib_prefix_is_enough_for_almost_every_real_file() {
    let total = truth().len();
    let misses = misses(64 * 1024);
    assert!(
        misses.len() * 20 <= total,
        "{} of {total} wrong:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn mislabels_are_flagged_from_the_name() {
    for case in truth().iter().filter(|c| c.file.contains("/mislabel/")) {
        let bytes = std::fs::read(&case.file).unwrap();
        let name = Path::new(&case.file).file_name().unwrap().to_str().unwrap();
        let c = classify(
            Sample::whole(&bytes),
            Declared::from_sources(Some(name), None),
        );
        assert!(c.mismatch, "{name}: {:?}", c.reasons);
        assert_eq!(c.format, case.format);
    }
}

#[test]
fn xlsx_written_by_rust_xlsxwriter() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "commune").unwrap();
    sheet.write(0, 1, "population").unwrap();
    for (i, (name, pop)) in [("Namur", 112_000), ("Liège", 197_000)].iter().enumerate() {
        sheet.write(i as u32 + 1, 0, *name).unwrap();
        sheet.write(i as u32 + 1, 1, *pop).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let c = classify(
        Sample::whole(&bytes),
        Declared::from_sources(Some("population.csv"), None),
    );
    assert_eq!(
        (c.format, c.container, c.stars.get()),
        (Format::Xlsx, None, 2)
    );
    assert!(c.mismatch);
    assert!(c.machine_readable && !c.non_proprietary);
    // Only the first 2 KiB: the package parts are listed before the central directory.
    let c = classify(Sample::prefix(&bytes[..2048]), Declared::default());
    assert_eq!(c.format, Format::Xlsx, "{:?}", c.reasons);
}

#[test]
fn zip_of_zipped_shapefiles_and_gzip_of_csv() {
    let zip_of = |files: &[(&str, &[u8])]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    let shp = zip_of(&[("a.shp", b"x"), ("a.shx", b"x"), ("a.dbf", b"x")]);
    let outer = zip_of(&[
        ("readme.txt", b"Shapefiles of the commune."),
        ("roads.zip", &shp),
    ]);
    let s = sniff(Sample::whole(&outer));
    assert_eq!(
        (s.format, s.container),
        (Format::Shp, Some(Container::Zip)),
        "{:?}",
        s.reasons
    );

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all("rue;numéro\nRue de Fer;12\nPlace d'Armes;1\n".as_bytes())
        .unwrap();
    let gz = gz.finish().unwrap();
    let c = classify(
        Sample::whole(&gz),
        Declared::from_sources(Some("rues.csv.gz"), Some("application/gzip")),
    );
    assert_eq!(
        (c.format, c.container, c.delimiter),
        (Format::Csv, Some(Container::Gzip), Some(';'))
    );
    assert!(!c.mismatch, "{:?}", c.reasons);
}
