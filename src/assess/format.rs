//! File formats as the EU Publications Office file-type authority list names them.
//!
//! Every later verdict (stars, format classes of the survey, mislabels) is keyed on
//! [`Format`], so it is a closed enum with one place that says what each format is
//! worth: its star ceiling, whether the EU metadata-quality assessment counts it as
//! machine-readable and non-proprietary, and which names and media types claim it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Stars;

macro_rules! formats {
    ($($variant:ident => $code:literal, $stars:literal, $machine:literal, $open:literal, $what:literal;)*) => {
        /// A file format, by its EU file-type authority code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Format {
            $(#[doc = $what] $variant,)*
        }

        impl Format {
            /// Every format, in declaration order.
            pub const ALL: &'static [Format] = &[$(Format::$variant,)*];

            /// The authority-list code, e.g. `RDF_TURTLE`.
            pub fn code(self) -> &'static str {
                match self { $(Format::$variant => $code,)* }
            }

            /// The highest rating the format itself allows (RDF is refined by its content).
            pub fn star_ceiling(self) -> Stars {
                match self { $(Format::$variant => Stars::new($stars),)* }
            }

            /// Counted as machine-readable by the EU metadata-quality assessment.
            pub fn machine_readable(self) -> bool {
                match self { $(Format::$variant => $machine,)* }
            }

            /// Counted as non-proprietary by the EU metadata-quality assessment.
            pub fn non_proprietary(self) -> bool {
                match self { $(Format::$variant => $open,)* }
            }

            /// A short human description.
            pub fn describe(self) -> &'static str {
                match self { $(Format::$variant => $what,)* }
            }
        }
    };
}

formats! {
    Unknown      => "UNKNOWN",       0, false, false, "unrecognised or empty content";
    Html         => "HTML",          1, false, true,  "HTML page";
    Txt          => "TXT",           1, false, true,  "plain text";
    Pdf          => "PDF",           1, false, true,  "PDF document";
    Doc          => "DOC",           1, false, false, "Word 97-2003 document";
    Docx         => "DOCX",          1, false, false, "Word document (OOXML)";
    Odt          => "ODT",           1, false, true,  "OpenDocument text";
    Rtf          => "RTF",           1, false, false, "Rich Text Format document";
    Ppt          => "PPT",           1, false, false, "PowerPoint 97-2003 presentation";
    Pptx         => "PPTX",          1, false, false, "PowerPoint presentation (OOXML)";
    Odp          => "ODP",           1, false, true,  "OpenDocument presentation";
    Png          => "PNG",           1, false, true,  "PNG image";
    Jpeg         => "JPEG",          1, false, true,  "JPEG image";
    Gif          => "GIF",           1, false, true,  "GIF image";
    Tiff         => "TIFF",          1, false, true,  "TIFF image";
    Svg          => "SVG",           1, false, true,  "SVG image";
    Xls          => "XLS",           2, true,  false, "Excel 97-2003 workbook";
    Xlsx         => "XLSX",          2, true,  false, "Excel workbook (OOXML)";
    Shp          => "SHP",           2, true,  false, "Esri shapefile";
    Mdb          => "MDB",           2, true,  false, "Access database";
    Csv          => "CSV",           3, true,  true,  "comma-separated values";
    Tsv          => "TSV",           3, true,  true,  "tab-separated values";
    Json         => "JSON",          3, true,  true,  "JSON";
    GeoJson      => "GEOJSON",       3, true,  true,  "GeoJSON";
    Xml          => "XML",           3, true,  true,  "XML";
    Kml          => "KML",           3, true,  true,  "KML";
    Kmz          => "KMZ",           3, true,  true,  "zipped KML";
    Gml          => "GML",           3, true,  true,  "Geography Markup Language";
    Gpx          => "GPX",           3, true,  true,  "GPS Exchange Format";
    Ods          => "ODS",           3, true,  true,  "OpenDocument spreadsheet";
    Atom         => "ATOM",          3, true,  true,  "Atom feed";
    Rss          => "RSS",           3, true,  true,  "RSS feed";
    Ics          => "ICS",           3, true,  true,  "iCalendar";
    Parquet      => "PARQUET",       3, true,  true,  "Apache Parquet";
    Dbf          => "DBF",           3, true,  true,  "dBase table";
    Gpkg         => "GPKG",          3, true,  true,  "OGC GeoPackage";
    RdfXml       => "RDF_XML",       4, true,  true,  "RDF/XML";
    RdfTurtle    => "RDF_TURTLE",    4, true,  true,  "RDF Turtle";
    RdfNTriples  => "RDF_N_TRIPLES", 4, true,  true,  "RDF N-Triples";
    N3           => "N3",            4, true,  true,  "Notation3";
    JsonLd       => "JSON_LD",       4, true,  true,  "JSON-LD";
    RdfTrig      => "RDF_TRIG",      4, true,  true,  "RDF TriG";
    RdfNQuads    => "RDF_N_QUADS",   4, true,  true,  "RDF N-Quads";
    RdfTrix      => "RDF_TRIX",      4, true,  true,  "RDF TriX";
    Zip          => "ZIP",           0, false, true,  "ZIP archive with nothing recognisable inside";
    Gzip         => "GZIP",          0, false, true,  "GZIP stream with nothing recognisable inside";
}

impl Format {
    /// True for the RDF serialisations, whose stars depend on what they say.
    pub fn is_rdf(self) -> bool {
        matches!(
            self,
            Format::RdfXml
                | Format::RdfTurtle
                | Format::RdfNTriples
                | Format::N3
                | Format::JsonLd
                | Format::RdfTrig
                | Format::RdfNQuads
                | Format::RdfTrix
        )
    }

    /// True for formats that are text a person could open in an editor.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Format::Html
                | Format::Txt
                | Format::Rtf
                | Format::Svg
                | Format::Csv
                | Format::Tsv
                | Format::Json
                | Format::GeoJson
                | Format::Xml
                | Format::Kml
                | Format::Gml
                | Format::Gpx
                | Format::Atom
                | Format::Rss
                | Format::Ics
                | Format::RdfXml
                | Format::RdfTurtle
                | Format::RdfNTriples
                | Format::N3
                | Format::JsonLd
                | Format::RdfTrig
                | Format::RdfNQuads
                | Format::RdfTrix
        )
    }

    /// True for formats written as XML.
    pub fn is_xml(self) -> bool {
        matches!(
            self,
            Format::Xml
                | Format::Kml
                | Format::Gml
                | Format::Gpx
                | Format::Atom
                | Format::Rss
                | Format::RdfXml
                | Format::RdfTrix
                | Format::Svg
        )
    }

    /// True for formats written as JSON.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::GeoJson | Format::JsonLd)
    }

    /// True for formats that are ZIP archives under another name.
    pub fn is_zip_based(self) -> bool {
        matches!(
            self,
            Format::Xlsx
                | Format::Docx
                | Format::Pptx
                | Format::Ods
                | Format::Odt
                | Format::Odp
                | Format::Kmz
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A format code that is not on odaudit's list.
#[derive(Debug, thiserror::Error)]
#[error("unknown format code {0:?}")]
pub struct UnknownFormatCode(pub String);

impl FromStr for Format {
    type Err = UnknownFormatCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownFormatCode(s.to_owned()))
    }
}

impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where the data sits when it is wrapped in an archive or a compressed stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Container {
    /// A ZIP archive (not an OOXML/ODF/KMZ file, which are formats of their own).
    Zip,
    /// A GZIP stream.
    Gzip,
}

impl Container {
    /// The authority-list code of the container.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for f in Format::ALL {
            assert!(seen.insert(f.code()), "duplicate code {}", f.code());
            assert_eq!(f.code().parse::<Format>().unwrap(), *f);
            assert_eq!(f.code().to_lowercase().parse::<Format>().unwrap(), *f);
        }
        assert!("EXE".parse::<Format>().is_err());
    }

    #[test]
    fn star_table_follows_the_issue() {
        use Format::*;
        for (f, s) in [
            (Unknown, 0),
            (Pdf, 1),
            (Docx, 1),
            (Xls, 2),
            (Shp, 2),
            (Csv, 3),
            (Ods, 3),
            (Dbf, 3),
            (RdfTurtle, 4),
        ] {
            assert_eq!(f.star_ceiling().get(), s, "{f}");
        }
    }

    #[test]
    fn structured_formats_are_machine_readable_and_documents_are_not() {
        for f in Format::ALL {
            let s = f.star_ceiling().get();
            assert_eq!(f.machine_readable(), s >= 2, "{f}");
            if s >= 3 {
                assert!(f.non_proprietary(), "{f}");
            }
        }
    }
}
