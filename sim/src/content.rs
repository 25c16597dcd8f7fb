//! The bytes of every simulated file, regenerated from a small description on each
//! request so the 262-commune world needs no more memory than its model.
//!
//! Text data is written as communes write it: CSV with `;` in Windows-1252 (Excel's
//! "CSV (séparateur: point-virgule)" on a Belgian PC), JSON arrays, GeoJSON; binary office
//! and GIS files are the real-software assets of [`super::assets`].

use std::fmt::Write as _;
use std::sync::Arc;

use bytes::Bytes;

use super::assets::Asset;
use super::rng::Rng;
use crate::format::{Container, Format, Kind};

/// What a file holds, small enough to keep for every file of the world.
#[derive(Clone, Debug)]
pub(crate) enum Payload {
    /// An embedded real-software file.
    Asset(Asset),
    /// `;`-separated Windows-1252 CSV (or UTF-8 with BOM when `utf8`).
    Csv {
        seed: u64,
        rows: u16,
        place: Arc<str>,
        geo: bool,
        utf8: bool,
    },
    /// A JSON array of records.
    Json {
        seed: u64,
        rows: u16,
        place: Arc<str>,
    },
    /// A GeoJSON FeatureCollection of points.
    GeoJson {
        seed: u64,
        rows: u16,
        place: Arc<str>,
    },
    /// A PDF document (council minutes, flyers): not data.
    Pdf { title: Arc<str> },
    /// A table about people, or one that only looks like it (`;` CSV, UTF-8 with BOM).
    People {
        seed: u64,
        rows: u16,
        place: Arc<str>,
        table: People,
    },
    /// A Walloon standard's own valid example, as published, or a copy whose last column
    /// is renamed (the standard's field missing, a column it does not know).
    Standard { standard: Standard, conforms: bool },
}

/// A table that names people, or only looks like one: what the personal-data scan must
/// tell apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum People {
    /// Registrations to a course: surname, first name, birth date, national register
    /// number, mobile and private e-mail of each person.
    Registrations,
    /// Grants paid: each association's own IBAN.
    Grants,
    /// Invoices: 11-digit invoice numbers whose check digits are wrong, dates, postal codes,
    /// association names in a `nom` column, and the commune's own role address,
    /// switchboard and bank account on every row.
    LookAlikes,
}

impl People {
    const ALL: [People; 3] = [People::Registrations, People::Grants, People::LookAlikes];

    /// The kinds of personal data the world put in it, as odaudit's codes, sorted.
    fn kinds(self) -> &'static [&'static str] {
        match self {
            People::Registrations => &["email", "identifying_columns", "national_number", "phone"],
            People::Grants => &["iban"],
            People::LookAlikes => &[],
        }
    }
}

/// The Walloon standards the world publishes, with their valid examples as FuturoCité
/// publishes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standard {
    /// `stationnements-velos`.
    BikeParking,
    /// `defibrillateurs`.
    Defibrillators,
}

impl Standard {
    const ALL: [Standard; 2] = [Standard::BikeParking, Standard::Defibrillators];

    fn name(self) -> &'static str {
        match self {
            Standard::BikeParking => "stationnements-velos",
            Standard::Defibrillators => "defibrillateurs",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Standard::BikeParking => include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/reference/walloon-standards/stationnements-velos/exemple-valide.csv"
            )),
            Standard::Defibrillators => include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/reference/walloon-standards/defibrillateurs/exemple-valide.csv"
            )),
        }
    }
}

/// What a file's rows hold, as the truth records it with odaudit's string codes (the sim
/// never depends on odaudit).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowsTruth {
    /// The kinds of personal data in it (`national_number`, `iban`, `email`, `phone`,
    /// `identifying_columns`), sorted; empty when none.
    pub personal_data: Vec<&'static str>,
    /// The Walloon standard its columns claim, and whether it conforms.
    pub standard: Option<(&'static str, bool)>,
}

/// Now and then, for a file the world would write as a plain CSV, a table about people
/// (or only looking like one) or a Walloon standard's file instead, decided by the file's
/// own seed so that the rest of the world draws the same numbers as before.
pub(crate) fn sometimes_rows_that_matter(payload: Payload) -> Payload {
    let Payload::Csv {
        seed, rows, place, ..
    } = &payload
    else {
        return payload;
    };
    let roll = super::rng::mix(*seed, "rows-that-matter") % 100;
    let people = |table| Payload::People {
        seed: *seed,
        rows: (*rows).clamp(4, 60),
        place: place.clone(),
        table,
    };
    let standard = |standard, conforms| Payload::Standard { standard, conforms };
    match roll {
        0..=5 => people(People::Registrations),
        6..=9 => people(People::Grants),
        10..=17 => people(People::LookAlikes),
        18..=20 => standard(Standard::BikeParking, true),
        21..=23 => standard(Standard::BikeParking, false),
        24..=25 => standard(Standard::Defibrillators, true),
        26..=27 => standard(Standard::Defibrillators, false),
        _ => payload,
    }
}

impl Payload {
    /// The true format, container and star ceiling of the bytes: what the world wrote.
    pub(crate) fn truth(&self) -> (Format, Option<Container>, u8) {
        let generated = |f: Format| (f, None, f.stars());
        match self {
            Payload::Asset(a) => {
                let i = a.info();
                (i.format, i.container, i.stars)
            }
            Payload::Csv { .. } => generated(Format::Csv),
            Payload::Json { .. } => generated(Format::Json),
            Payload::GeoJson { .. } => generated(Format::GeoJson),
            Payload::Pdf { .. } => generated(Format::Pdf),
            Payload::People { .. } | Payload::Standard { .. } => generated(Format::Csv),
        }
    }

    /// What the rows hold that the personal-data scan and the standards check must find.
    pub(crate) fn rows_truth(&self) -> RowsTruth {
        match self {
            Payload::People { table, .. } => RowsTruth {
                personal_data: table.kinds().to_vec(),
                standard: None,
            },
            Payload::Standard { standard, conforms } => RowsTruth {
                personal_data: Vec::new(),
                standard: Some((standard.name(), *conforms)),
            },
            _ => RowsTruth::default(),
        }
    }

    /// What the bytes are, format and container.
    pub(crate) fn kind(&self) -> Kind {
        let (format, container, _) = self.truth();
        Kind { format, container }
    }

    /// What the extension of [`Payload::ext`] says the file is (a lie for the assets the
    /// world mislabels on purpose).
    pub(crate) fn named_as(&self) -> Kind {
        match self {
            Payload::Asset(a) => a.info().named_as,
            other => other.kind(),
        }
    }

    /// The extension an honest publisher would give it.
    pub(crate) fn ext(&self) -> &'static str {
        match self {
            Payload::Asset(a) => a.info().ext,
            Payload::Csv { .. } => "csv",
            Payload::Json { .. } => "json",
            Payload::GeoJson { .. } => "geojson",
            Payload::Pdf { .. } => "pdf",
            Payload::People { .. } | Payload::Standard { .. } => "csv",
        }
    }

    /// The bytes.
    pub(crate) fn render(&self) -> Bytes {
        match self {
            Payload::Asset(a) => Bytes::from_static(a.info().bytes),
            Payload::Csv {
                seed,
                rows,
                place,
                geo,
                utf8,
            } => csv(*seed, *rows, place, *geo, *utf8),
            Payload::Json { seed, rows, place } => json(*seed, *rows, place, false),
            Payload::GeoJson { seed, rows, place } => json(*seed, *rows, place, true),
            Payload::Pdf { title } => pdf(title),
            Payload::People {
                seed,
                rows,
                place,
                table,
            } => super::people::csv(*seed, *rows, place, *table),
            Payload::Standard { standard, conforms } => {
                standard_file(standard.example(), *conforms)
            }
        }
    }
}

/// One file of a kind the world serves, with what the world made it and named it.
#[derive(Clone, Debug)]
pub struct Specimen {
    /// The name the world gives such a file (its extension lies for the mislabelled ones).
    pub name: String,
    /// The bytes.
    pub bytes: Bytes,
    /// What the world wrote.
    pub format: Format,
    /// Wrapped in, when it is.
    pub container: Option<Container>,
    /// The stars the world says the file's format earns.
    pub stars: u8,
    /// The name says another format than the bytes are.
    pub mislabelled: bool,
    /// What its rows hold (personal data, a Walloon standard).
    pub rows: RowsTruth,
}

/// One file of every kind the world writes: generated CSV (Windows-1252 and UTF-8),
/// JSON, GeoJSON and PDF, and every embedded asset. For odaudit's tests, which check that
/// its classifier reads each as the world says; the sim itself never reads them back.
pub fn specimens() -> Vec<Specimen> {
    let place: Arc<str> = Arc::from("Écaussinnes");
    let generated = [
        Payload::Csv {
            seed: 1,
            rows: 30,
            place: place.clone(),
            geo: true,
            utf8: false,
        },
        Payload::Csv {
            seed: 2,
            rows: 3,
            place: place.clone(),
            geo: false,
            utf8: true,
        },
        Payload::Json {
            seed: 3,
            rows: 5,
            place: place.clone(),
        },
        Payload::GeoJson {
            seed: 4,
            rows: 5,
            place,
        },
        Payload::Pdf {
            title: Arc::from("Procès-verbal du conseil"),
        },
    ];
    let people = People::ALL
        .into_iter()
        .enumerate()
        .map(|(i, table)| Payload::People {
            seed: 10 + i as u64,
            rows: 12,
            place: Arc::from("Écaussinnes"),
            table,
        });
    let standards = Standard::ALL.into_iter().flat_map(|standard| {
        [true, false].map(|conforms| Payload::Standard { standard, conforms })
    });
    let assets = Asset::ALL.iter().map(|a| Payload::Asset(*a));
    generated
        .into_iter()
        .chain(people)
        .chain(standards)
        .chain(assets)
        .enumerate()
        .map(|(i, p)| {
            let (format, container, stars) = p.truth();
            Specimen {
                name: format!("specimen-{i}.{}", p.ext()),
                bytes: p.render(),
                format,
                container,
                stars,
                mislabelled: p.named_as() != p.kind(),
                rows: p.rows_truth(),
            }
        })
        .collect()
}

const STREETS: &[&str] = &[
    "Rue de l'Église",
    "Place communale",
    "Rue du Moulin",
    "Chaussée de Namur",
    "Rue des Écoles",
    "Avenue de la Gare",
    "Rue Saint-Rémy",
    "Rue de la Fontaine",
    "Place du Marché",
    "Rue des Prés",
];
const KINDS: &[&str] = &[
    "Bâtiment communal",
    "École",
    "Salle des fêtes",
    "Hall omnisports",
    "Bibliothèque",
    "Crèche",
];

struct Row {
    id: u32,
    name: String,
    street: &'static str,
    number: u64,
    postcode: u64,
    lat: f64,
    lon: f64,
    updated: String,
}

fn rows(seed: u64, n: u16, place: &str) -> impl Iterator<Item = Row> + '_ {
    let mut rng = Rng::new(seed, "rows");
    let postcode = 1300 + rng.below(5600);
    (0..u32::from(n)).map(move |id| {
        let kind = rng.pick(KINDS);
        Row {
            id: id + 1,
            name: format!("{kind} de {place} n°{}", id + 1),
            street: STREETS[rng.below(STREETS.len() as u64) as usize],
            number: rng.range(1, 180),
            postcode,
            lat: 49.6 + rng.below(1_000_000) as f64 / 1_000_000.0 * 1.2,
            lon: 3.0 + rng.below(1_000_000) as f64 / 1_000_000.0 * 3.2,
            updated: format!(
                "{:02}/{:02}/20{:02}",
                rng.range(1, 28),
                rng.range(1, 12),
                rng.range(18, 24)
            ),
        }
    })
}

fn csv(seed: u64, n: u16, place: &str, geo: bool, utf8: bool) -> Bytes {
    let mut text = String::from(if geo {
        "id;dénomination;adresse;code_postal;localité;latitude;longitude;mise_à_jour\r\n"
    } else {
        "id;dénomination;adresse;code_postal;localité;mise_à_jour\r\n"
    });
    for r in rows(seed, n, place) {
        let _ = write!(
            text,
            "{};{};{} {};{};{}",
            r.id, r.name, r.street, r.number, r.postcode, place
        );
        if geo {
            // Decimal commas, as a Belgian spreadsheet writes them.
            let _ = write!(
                text,
                ";{};{}",
                format!("{:.6}", r.lat).replace('.', ","),
                format!("{:.6}", r.lon).replace('.', ",")
            );
        }
        let _ = write!(text, ";{}\r\n", r.updated);
    }
    if utf8 {
        let mut out = Vec::with_capacity(text.len() + 3);
        out.extend_from_slice(b"\xEF\xBB\xBF");
        out.extend_from_slice(text.as_bytes());
        return Bytes::from(out);
    }
    let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    Bytes::from(encoded.into_owned())
}

fn json(seed: u64, n: u16, place: &str, geo: bool) -> Bytes {
    let items: Vec<serde_json::Value> = rows(seed, n, place)
        .map(|r| {
            let props = serde_json::json!({
                "id": r.id,
                "denomination": r.name,
                "adresse": format!("{} {}", r.street, r.number),
                "code_postal": r.postcode.to_string(),
                "localite": place,
                "mise_a_jour": r.updated,
            });
            if geo {
                serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                    "properties": props,
                })
            } else {
                props
            }
        })
        .collect();
    let value = if geo {
        serde_json::json!({"type": "FeatureCollection", "features": items})
    } else {
        serde_json::Value::Array(items)
    };
    Bytes::from(serde_json::to_vec_pretty(&value).unwrap_or_default())
}

/// A standard's example as published, or (not conforming) with its last column renamed
/// `remarque`: the standard's last field goes missing and a column it does not know appears.
fn standard_file(example: &str, conforms: bool) -> Bytes {
    if conforms {
        return Bytes::from(example.as_bytes().to_vec());
    }
    let (header, rest) = example.split_once('\n').unwrap_or((example, ""));
    let header = match header.trim_end_matches('\r').rsplit_once(',') {
        Some((head, _)) => format!("{head},\"remarque\"\n"),
        None => "\"remarque\"\n".to_owned(),
    };
    Bytes::from(format!("{header}{rest}").into_bytes())
}

/// A small, valid one-page PDF with a title line.
fn pdf(title: &str) -> Bytes {
    let safe: String = title
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '(' && c != ')' && c != '\\' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let stream = format!("BT /F1 14 Tf 72 770 Td ({safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n%\u{e2}\u{e3}\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(out, "{o:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_windows_1252() {
        let bytes = Payload::Csv {
            seed: 1,
            rows: 2,
            place: Arc::from("Liège"),
            geo: false,
            utf8: false,
        }
        .render();
        assert!(bytes.windows(5).any(|w| w == b"Li\xe8ge"));
        assert!(std::str::from_utf8(&bytes).is_err());
    }
}
