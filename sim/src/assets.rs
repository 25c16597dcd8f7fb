//! Files made by real software (LibreOffice, GDAL, rdflib), embedded so that what the
//! simulated communes serve has the bytes real publishers produce, not our idea of them.
//!
//! They are copies of odaudit's `tests/fixtures/real/` (see its `provenance.csv`); each
//! carries the ground truth recorded there (`truth.csv`), which the manifest repeats. What
//! each file is was decided when it was made (by the software that wrote it), not by
//! reading it back: odaudit's tests check that its classifier agrees.

use crate::format::{Container, Format, Kind};

/// One embedded file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Asset {
    Xls,
    Xlsx,
    Ods,
    PdfTable,
    Doc,
    Docx,
    ShpZip,
    Kml,
    Kmz,
    TurtleLinked,
    TurtleVocab,
    RdfXmlLinked,
    XlsxNamedCsv,
    CsvNamedXls,
    ErrorPageNamedCsv,
    CsvGz,
    Png,
}

/// What an asset really is and what its publisher would call it.
pub(crate) struct AssetInfo {
    pub bytes: &'static [u8],
    pub format: Format,
    pub container: Option<Container>,
    pub stars: u8,
    /// The extension the publisher gives the file (a lie for the mislabelled ones).
    pub ext: &'static str,
    /// What that extension says the file is: the truth, except for the files the world
    /// mislabels on purpose (an XLSX and an error page named `.csv`, a CSV named `.xls`).
    pub named_as: Kind,
}

impl Asset {
    /// Every asset.
    pub(crate) const ALL: &'static [Asset] = &[
        Asset::Xls,
        Asset::Xlsx,
        Asset::Ods,
        Asset::PdfTable,
        Asset::Doc,
        Asset::Docx,
        Asset::ShpZip,
        Asset::Kml,
        Asset::Kmz,
        Asset::TurtleLinked,
        Asset::TurtleVocab,
        Asset::RdfXmlLinked,
        Asset::XlsxNamedCsv,
        Asset::CsvNamedXls,
        Asset::ErrorPageNamedCsv,
        Asset::CsvGz,
        Asset::Png,
    ];

    pub(crate) fn info(self) -> AssetInfo {
        use Asset::*;
        let (bytes, format, container, stars, ext): (&'static [u8], _, _, u8, _) = match self {
            Xls => (
                include_bytes!("../assets/communes.xls"),
                Format::Xls,
                None,
                2,
                "xls",
            ),
            Xlsx => (
                include_bytes!("../assets/communes.xlsx"),
                Format::Xlsx,
                None,
                2,
                "xlsx",
            ),
            Ods => (
                include_bytes!("../assets/communes.ods"),
                Format::Ods,
                None,
                3,
                "ods",
            ),
            PdfTable => (
                include_bytes!("../assets/communes.pdf"),
                Format::Pdf,
                None,
                1,
                "pdf",
            ),
            Doc => (
                include_bytes!("../assets/note.doc"),
                Format::Doc,
                None,
                1,
                "doc",
            ),
            Docx => (
                include_bytes!("../assets/note.docx"),
                Format::Docx,
                None,
                1,
                "docx",
            ),
            ShpZip => (
                include_bytes!("../assets/communes_shp.zip"),
                Format::Shp,
                Some(Container::Zip),
                2,
                "zip",
            ),
            Kml => (
                include_bytes!("../assets/communes.kml"),
                Format::Kml,
                None,
                3,
                "kml",
            ),
            Kmz => (
                include_bytes!("../assets/communes.kmz"),
                Format::Kmz,
                None,
                3,
                "kmz",
            ),
            TurtleLinked => (
                include_bytes!("../assets/communes_lie.ttl"),
                Format::RdfTurtle,
                None,
                5,
                "ttl",
            ),
            TurtleVocab => (
                include_bytes!("../assets/communes_vocab.ttl"),
                Format::RdfTurtle,
                None,
                4,
                "ttl",
            ),
            RdfXmlLinked => (
                include_bytes!("../assets/communes_lie.rdf"),
                Format::RdfXml,
                None,
                5,
                "rdf",
            ),
            XlsxNamedCsv => (
                include_bytes!("../assets/xlsx_named_csv.csv"),
                Format::Xlsx,
                None,
                2,
                "csv",
            ),
            CsvNamedXls => (
                include_bytes!("../assets/csv_named_xls.xls"),
                Format::Csv,
                None,
                3,
                "xls",
            ),
            ErrorPageNamedCsv => (
                include_bytes!("../assets/error_page_named_csv.csv"),
                Format::Html,
                None,
                0,
                "csv",
            ),
            CsvGz => (
                include_bytes!("../assets/communes.csv.gz"),
                Format::Csv,
                Some(Container::Gzip),
                3,
                "csv.gz",
            ),
            Png => (
                include_bytes!("../assets/carte.png"),
                Format::Png,
                None,
                1,
                "png",
            ),
        };
        let named_as = match self {
            XlsxNamedCsv | ErrorPageNamedCsv => Kind::plain(Format::Csv),
            CsvNamedXls => Kind::plain(Format::Xls),
            _ => Kind { format, container },
        };
        AssetInfo {
            bytes,
            format,
            container,
            stars,
            ext,
            named_as,
        }
    }
}
