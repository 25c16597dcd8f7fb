//! What a file's name and its Content-Type claim it is, and whether the bytes agree.
//!
//! Claims are evidence about the publisher, never about the file: the verdict comes from
//! the bytes. A mismatch (an Excel file named `.csv`, an HTML error page served as
//! `text/csv`) is reported because it breaks the tools of whoever downloads the file.

use serde::Serialize;

use super::{Container, Format};

/// A format claimed by a name or a media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The claimed format; `None` when only a container is claimed (`.zip`, `application/gzip`).
    pub format: Option<Format>,
    /// The claimed container (`.csv.zip`, `.gz`).
    pub container: Option<Container>,
}

/// Everything that was claimed about one input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Declared {
    /// What the file name (or the URL path, or Content-Disposition) claims.
    pub name: Option<Claim>,
    /// What the Content-Type header claims.
    pub content_type: Option<Claim>,
    /// The Content-Type header as received.
    pub content_type_header: Option<String>,
}

impl Declared {
    /// Claims of a name and an optional Content-Type header.
    pub fn from_sources(name: Option<&str>, content_type: Option<&str>) -> Declared {
        Declared {
            name: name.and_then(claim_of_name),
            content_type: content_type.and_then(claim_of_media_type),
            content_type_header: content_type.map(|c| c.chars().take(200).collect()),
        }
    }

    /// Claims of a format token a portal gives (`csv`, `XLSX`, `application/json`) and
    /// an optional Content-Type header.
    pub fn from_token(token: &str, content_type: Option<&str>) -> Declared {
        let t = token.trim().trim_start_matches('.');
        let name = format_of_extension(t)
            .map(|f| Claim {
                format: Some(f),
                container: None,
            })
            .or_else(|| claim_of_media_type(t))
            .or_else(|| claim_of_name(&format!("x.{t}")));
        Declared {
            name,
            ..Declared::from_sources(None, content_type)
        }
    }

    /// The claims that the sniffed format contradicts, as sentences. A claim naming a
    /// format the bytes are `consistent_with` is not contradicted: "mislabelled" needs a
    /// contradiction (an HTML page, a ZIP, a PDF, binary), not a lack of proof.
    pub fn contradictions(
        &self,
        format: Format,
        container: Option<Container>,
        consistent_with: &[Format],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let found = describe(Some(format), container);
        let open = |c: &Claim| c.format.is_some_and(|f| consistent_with.contains(&f));
        if let Some(c) = self
            .name
            .filter(|c| !open(c) && !c.agrees(format, container, Source::Name))
        {
            out.push(format!(
                "the name claims {} but the bytes are {found}",
                describe(c.format, c.container)
            ));
        }
        if let Some(c) = self
            .content_type
            .filter(|c| !open(c) && !c.agrees(format, container, Source::MediaType))
        {
            out.push(format!(
                "the Content-Type {} claims {} but the bytes are {found}",
                self.content_type_header.as_deref().unwrap_or("?"),
                describe(c.format, c.container)
            ));
        }
        out
    }

    /// The format a claim names when the bytes, read as plain text with no structure of
    /// their own, are consistent with it: the claim stands (name first, then
    /// Content-Type).
    pub fn standing_claim(&self, format: Format, consistent_with: &[Format]) -> Option<Format> {
        if format != Format::Txt {
            return None;
        }
        [self.name, self.content_type]
            .into_iter()
            .flatten()
            .filter_map(|c| c.format)
            .find(|f| consistent_with.contains(f))
    }

    /// A more precise reading the name allows: Turtle named `.n3` is N3, N-Triples named
    /// `.ttl` is Turtle (each syntax is a subset of the next).
    pub fn refine(&self, format: Format) -> Option<Format> {
        let claimed = self.name.and_then(|c| c.format)?;
        let refines = matches!(
            (format, claimed),
            (Format::RdfNTriples, Format::RdfTurtle)
                | (Format::RdfNTriples, Format::N3)
                | (Format::RdfTurtle, Format::N3)
                | (Format::RdfNTriples | Format::RdfTurtle, Format::RdfTrig)
                | (Format::RdfNTriples, Format::RdfNQuads)
        );
        refines.then_some(claimed)
    }
}

fn describe(format: Option<Format>, container: Option<Container>) -> String {
    match (format, container) {
        (Some(f), Some(c)) => format!("{f} in {c}"),
        (Some(f), None) => f.to_string(),
        (None, Some(c)) => c.to_string(),
        (None, None) => "nothing".into(),
    }
}

/// Where a claim comes from: the two are held to different standards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file name: `.txt` on a JSON file hides what it is.
    Name,
    /// A Content-Type: `text/plain` is what many servers say of any text.
    MediaType,
}

impl Claim {
    /// The claim in words: `CSV`, `CSV in ZIP`, `ZIP`.
    pub fn describe(&self) -> String {
        describe(self.format, self.container)
    }

    /// Does a sniffed format satisfy this claim? Generic claims (XML, JSON, ZIP, and
    /// text/plain as a media type) accept any format of their family.
    pub fn agrees(self, format: Format, container: Option<Container>, source: Source) -> bool {
        let inner = match self.format {
            None => {
                // Only a container was claimed.
                return match self.container {
                    Some(Container::Zip) => {
                        container == Some(Container::Zip)
                            || format.is_zip_based()
                            || format == Format::Zip
                    }
                    Some(Container::Gzip) => {
                        container == Some(Container::Gzip) || format == Format::Gzip
                    }
                    None => true,
                };
            }
            Some(f) => f,
        };
        if self.container.is_some() && self.container != container {
            return false;
        }
        if self.container.is_none() && container.is_some() {
            return false;
        }
        inner == format
            || match inner {
                Format::Txt => source == Source::MediaType && format.is_text(),
                Format::Xml => format.is_xml(),
                Format::Json => format.is_json(),
                Format::Csv | Format::Tsv => matches!(format, Format::Csv | Format::Tsv),
                Format::RdfTurtle => format == Format::RdfNTriples,
                Format::RdfTrig => matches!(format, Format::RdfTurtle | Format::RdfNTriples),
                Format::RdfNQuads => format == Format::RdfNTriples,
                Format::N3 => matches!(format, Format::RdfTurtle | Format::RdfNTriples),
                Format::Html => format == Format::Html,
                _ => false,
            }
    }
}

/// The format an extension names.
pub fn format_of_extension(ext: &str) -> Option<Format> {
    use Format::*;
    let f = match ext.to_ascii_lowercase().as_str() {
        "csv" => Csv,
        "tsv" | "tab" => Tsv,
        "json" => Json,
        "jsonl" | "ndjson" => Json,
        "geojson" | "geojsonl" | "geojsons" => GeoJson,
        "jsonld" | "json-ld" => JsonLd,
        "xml" => Xml,
        "kml" => Kml,
        "kmz" => Kmz,
        "gml" => Gml,
        "gpx" => Gpx,
        "rdf" | "owl" => RdfXml,
        "ttl" => RdfTurtle,
        "nt" => RdfNTriples,
        "n3" => N3,
        "trig" => RdfTrig,
        "nq" => RdfNQuads,
        "trix" => RdfTrix,
        "xls" => Xls,
        "xlsx" | "xlsm" => Xlsx,
        "ods" => Ods,
        "doc" => Doc,
        "docx" => Docx,
        "odt" => Odt,
        "rtf" => Rtf,
        "pdf" => Pdf,
        "html" | "htm" | "xhtml" | "php" | "asp" | "aspx" => Html,
        "txt" => Txt,
        "shp" => Shp,
        "dbf" => Dbf,
        "png" => Png,
        "jpg" | "jpeg" => Jpeg,
        "gif" => Gif,
        "tif" | "tiff" => Tiff,
        "svg" => Svg,
        "atom" => Atom,
        "rss" => Rss,
        "ics" | "ical" => Ics,
        "parquet" => Parquet,
        "ppt" => Ppt,
        "pptx" => Pptx,
        "odp" => Odp,
        "mdb" | "accdb" => Mdb,
        "gpkg" => Gpkg,
        _ => return None,
    };
    Some(f)
}

/// The claim of a file name or URL path: `budget.csv`, `data.csv.zip`, `x.pdf/view`.
pub fn claim_of_name(name: &str) -> Option<Claim> {
    // Ignore query and fragment; look at path segments from the end, so Plone's
    // `file.xlsx/@@download/file` and `file.pdf/view` still name the file.
    let path = name.split(['?', '#']).next().unwrap_or(name);
    let query_format = name
        .split_once('?')
        .and_then(|(_, q)| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("format=").map(str::to_owned))
        })
        .and_then(|f| format_of_extension(&f));
    if let Some(f) = query_format {
        return Some(Claim {
            format: Some(f),
            container: None,
        });
    }
    for segment in path.rsplit(['/', '\\']).take(4) {
        if let Some(claim) = claim_of_file_name(segment) {
            return Some(claim);
        }
    }
    None
}

fn claim_of_file_name(file: &str) -> Option<Claim> {
    let lower = file.to_ascii_lowercase();
    let mut parts = lower.rsplit('.');
    let last = parts.next()?;
    if !lower.contains('.') {
        return None;
    }
    let container = match last {
        "zip" => Some(Container::Zip),
        "gz" | "gzip" | "tgz" => Some(Container::Gzip),
        _ => None,
    };
    if let Some(container) = container {
        let inner = parts.next().filter(|_| lower.matches('.').count() >= 2);
        return Some(Claim {
            format: inner.and_then(format_of_extension),
            container: Some(container),
        });
    }
    format_of_extension(last).map(|f| Claim {
        format: Some(f),
        container: None,
    })
}

/// The claim of a media type; `None` for generic ones (octet-stream, force-download).
pub fn claim_of_media_type(header: &str) -> Option<Claim> {
    use Format::*;
    let essence = header
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let zip = |c| Claim {
        format: None,
        container: Some(c),
    };
    let f = match essence.as_str() {
        "text/csv" | "application/csv" | "text/comma-separated-values" | "text/x-csv" => Csv,
        "text/tab-separated-values" => Tsv,
        "application/json" | "text/json" | "application/x-ndjson" | "application/jsonl" => Json,
        "application/geo+json" | "application/vnd.geo+json" => GeoJson,
        "application/ld+json" => JsonLd,
        "application/xml" | "text/xml" => Xml,
        "application/rdf+xml" => RdfXml,
        "text/turtle" | "application/x-turtle" => RdfTurtle,
        "application/n-triples" => RdfNTriples,
        "text/n3" | "text/rdf+n3" => N3,
        "application/trig" => RdfTrig,
        "application/n-quads" => RdfNQuads,
        "application/trix" => RdfTrix,
        "application/vnd.google-earth.kml+xml" => Kml,
        "application/vnd.google-earth.kmz" => Kmz,
        "application/gml+xml" => Gml,
        "application/gpx+xml" => Gpx,
        "application/vnd.ms-excel" => Xls,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Xlsx,
        "application/vnd.oasis.opendocument.spreadsheet" => Ods,
        "application/msword" => Doc,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Docx,
        "application/vnd.oasis.opendocument.text" => Odt,
        "application/vnd.ms-powerpoint" => Ppt,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => Pptx,
        "application/vnd.oasis.opendocument.presentation" => Odp,
        "application/rtf" | "text/rtf" => Rtf,
        "application/pdf" => Pdf,
        "text/html" | "application/xhtml+xml" => Html,
        "text/plain" => Txt,
        "image/png" => Png,
        "image/jpeg" => Jpeg,
        "image/gif" => Gif,
        "image/tiff" => Tiff,
        "image/svg+xml" => Svg,
        "application/atom+xml" => Atom,
        "application/rss+xml" => Rss,
        "text/calendar" => Ics,
        "application/vnd.apache.parquet" | "application/x-parquet" => Parquet,
        "application/dbase" | "application/x-dbase" | "application/x-dbf" => Dbf,
        "application/x-esri-shape" | "application/x-shapefile" => Shp,
        "application/vnd.ms-access" | "application/x-msaccess" => Mdb,
        "application/geopackage+sqlite3" => Gpkg,
        "application/zip" | "application/x-zip-compressed" | "application/x-zip" => {
            return Some(zip(Container::Zip));
        }
        "application/gzip" | "application/x-gzip" => return Some(zip(Container::Gzip)),
        _ => return None,
    };
    Some(Claim {
        format: Some(f),
        container: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Option<(Option<Format>, Option<Container>)> {
        claim_of_name(n).map(|c| (c.format, c.container))
    }

    #[test]
    fn names_as_commune_sites_write_them() {
        assert_eq!(name("budget-2024.CSV"), Some((Some(Format::Csv), None)));
        assert_eq!(
            name("https://www.x.be/docs/plan.pdf/view"),
            Some((Some(Format::Pdf), None))
        );
        assert_eq!(
            name("https://www.x.be/budget.xlsx/@@download/file"),
            Some((Some(Format::Xlsx), None))
        );
        assert_eq!(
            name("routes.csv.zip"),
            Some((Some(Format::Csv), Some(Container::Zip)))
        );
        assert_eq!(name("archive.zip"), Some((None, Some(Container::Zip))));
        assert_eq!(
            name("/explore/dataset/x/download/?format=geojson"),
            Some((Some(Format::GeoJson), None))
        );
        assert_eq!(name("README"), None);
    }

    #[test]
    fn generic_claims_accept_their_family() {
        let plain = claim_of_media_type("text/plain; charset=utf-8").unwrap();
        assert!(plain.agrees(Format::Csv, None, Source::MediaType));
        assert!(!plain.agrees(Format::Pdf, None, Source::MediaType));
        assert!(
            !claim_of_name("x.txt")
                .unwrap()
                .agrees(Format::Json, None, Source::Name)
        );
        let zip = claim_of_media_type("application/zip").unwrap();
        assert!(zip.agrees(Format::Xlsx, None, Source::MediaType));
        assert!(zip.agrees(Format::Shp, Some(Container::Zip), Source::MediaType));
        assert!(claim_of_media_type("application/octet-stream").is_none());
    }

    #[test]
    fn mislabels_are_contradictions() {
        let d = Declared::from_sources(Some("data.csv"), Some("text/csv"));
        assert_eq!(d.contradictions(Format::Html, None, &[]).len(), 2);
        assert!(d.contradictions(Format::Csv, None, &[]).is_empty());
        let d = Declared::from_sources(Some("data.csv"), None);
        assert_eq!(
            d.contradictions(Format::Csv, Some(Container::Zip), &[])
                .len(),
            1
        );
    }
}
