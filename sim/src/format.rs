//! The world's own words for what it serves: file formats by their EU Publications Office
//! file-type codes, the containers it wraps them in, and the stars each format allows.
//!
//! Written from what the world generates and from public knowledge (the EU file-type
//! authority list, 5stardata.info), never from odaudit's classifier: the manifest grades
//! that classifier, so it must not borrow its judgement. A test that compares the two
//! converts by code string (`tests/common/convert.rs` in the odaudit crate).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A format the world serves, serialised as its EU file-type code (`CSV`, `RDF_TURTLE`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Format {
    /// An HTML page.
    #[serde(rename = "HTML")]
    Html,
    /// Plain text.
    #[serde(rename = "TXT")]
    Txt,
    /// A PDF document.
    #[serde(rename = "PDF")]
    Pdf,
    /// A Word 97-2003 document.
    #[serde(rename = "DOC")]
    Doc,
    /// A Word (OOXML) document.
    #[serde(rename = "DOCX")]
    Docx,
    /// A PNG image.
    #[serde(rename = "PNG")]
    Png,
    /// An Excel 97-2003 workbook.
    #[serde(rename = "XLS")]
    Xls,
    /// An Excel (OOXML) workbook.
    #[serde(rename = "XLSX")]
    Xlsx,
    /// An Esri shapefile.
    #[serde(rename = "SHP")]
    Shp,
    /// Comma- (here semicolon-) separated values.
    #[serde(rename = "CSV")]
    Csv,
    /// JSON.
    #[serde(rename = "JSON")]
    Json,
    /// GeoJSON.
    #[serde(rename = "GEOJSON")]
    GeoJson,
    /// KML.
    #[serde(rename = "KML")]
    Kml,
    /// Zipped KML.
    #[serde(rename = "KMZ")]
    Kmz,
    /// An OpenDocument spreadsheet.
    #[serde(rename = "ODS")]
    Ods,
    /// RDF/XML.
    #[serde(rename = "RDF_XML")]
    RdfXml,
    /// RDF Turtle.
    #[serde(rename = "RDF_TURTLE")]
    RdfTurtle,
}

impl Format {
    /// Every format the world knows.
    pub const ALL: &'static [Format] = &[
        Format::Html,
        Format::Txt,
        Format::Pdf,
        Format::Doc,
        Format::Docx,
        Format::Png,
        Format::Xls,
        Format::Xlsx,
        Format::Shp,
        Format::Csv,
        Format::Json,
        Format::GeoJson,
        Format::Kml,
        Format::Kmz,
        Format::Ods,
        Format::RdfXml,
        Format::RdfTurtle,
    ];

    /// The EU file-type authority code, e.g. `RDF_TURTLE`.
    pub fn code(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Txt => "TXT",
            Format::Pdf => "PDF",
            Format::Doc => "DOC",
            Format::Docx => "DOCX",
            Format::Png => "PNG",
            Format::Xls => "XLS",
            Format::Xlsx => "XLSX",
            Format::Shp => "SHP",
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::GeoJson => "GEOJSON",
            Format::Kml => "KML",
            Format::Kmz => "KMZ",
            Format::Ods => "ODS",
            Format::RdfXml => "RDF_XML",
            Format::RdfTurtle => "RDF_TURTLE",
        }
    }

    /// The stars the format allows on the 5-star scale (5stardata.info): documents and
    /// images 1★, proprietary structured formats 2★, open structured formats 3★, RDF 4★
    /// (the world decides when a file links to other data and earns the fifth).
    pub fn stars(self) -> u8 {
        match self {
            Format::Html | Format::Txt | Format::Pdf | Format::Doc | Format::Docx | Format::Png => {
                1
            }
            Format::Xls | Format::Xlsx | Format::Shp => 2,
            Format::Csv
            | Format::Json
            | Format::GeoJson
            | Format::Kml
            | Format::Kmz
            | Format::Ods => 3,
            Format::RdfXml | Format::RdfTurtle => 4,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The wrapper around the data, when the world serves it zipped or gzipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Container {
    /// A ZIP archive (a zipped shapefile).
    Zip,
    /// A GZIP stream (a gzipped CSV).
    Gzip,
}

impl Container {
    /// The EU file-type authority code.
    pub fn code(self) -> &'static str {
        match self {
            Container::Zip => "ZIP",
            Container::Gzip => "GZIP",
        }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a file is, or what a label (its name, its Content-Type) says it is: the format
/// and, when wrapped, the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Kind {
    pub format: Format,
    pub container: Option<Container>,
}

impl Kind {
    /// A bare format.
    pub(crate) const fn plain(format: Format) -> Kind {
        Kind {
            format,
            container: None,
        }
    }

    /// The format a name given for this kind says: the world names a zipped shapefile
    /// `.zip`, which says "an archive", not what is inside; `.csv.gz` still says CSV.
    pub(crate) fn format_in_name(self) -> Option<Format> {
        (self.container != Some(Container::Zip)).then_some(self.format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_serialised_as_codes() {
        let mut seen = std::collections::HashSet::new();
        for f in Format::ALL {
            assert!(seen.insert(f.code()), "{f:?}");
            assert_eq!(
                serde_json::to_value(f).unwrap(),
                serde_json::Value::from(f.code())
            );
        }
        assert_eq!(
            serde_json::to_value(Container::Gzip).unwrap(),
            serde_json::Value::from("GZIP")
        );
    }

    #[test]
    fn stars_follow_5stardata() {
        assert_eq!(Format::Pdf.stars(), 1);
        assert_eq!(Format::Xls.stars(), 2);
        assert_eq!(Format::Csv.stars(), 3);
        assert_eq!(Format::RdfTurtle.stars(), 4);
    }
}
