//! CPU cost of classifying a 1 MiB prefix of each format (the crawler must never wait on
//! the classifier: the target is under 5 ms). Run: `cargo bench --bench classify`.
//!
//! Inputs are generated here (and, when present, the real files of
//! `tests/fixtures/real/` and a corpus folder given as the first argument).

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use odaudit::assess::{Declared, Sample, classify};

const MIB: usize = 1 << 20;

fn repeat_to(unit: impl Fn(usize) -> String, head: &str, tail: &str) -> Vec<u8> {
    let mut s = String::from(head);
    let mut i = 0;
    while s.len() < MIB + 4096 {
        s.push_str(&unit(i));
        i += 1;
    }
    s.push_str(tail);
    s.into_bytes()
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let csv = repeat_to(
        |i| {
            format!(
                "{i};Commune {i};{},{};2024-01-{:02}\n",
                i * 13 % 9999,
                i % 100,
                i % 28 + 1
            )
        },
        "id;nom;montant;date\n",
        "",
    );
    let mut v = vec![
        ("CSV ;".to_owned(), csv.clone()),
        (
            "TSV".into(),
            repeat_to(
                |i| format!("{i}\tRue {i}\t{}\n", i * 7),
                "id\true\tnum\n",
                "",
            ),
        ),
        (
            "JSON".into(),
            repeat_to(
                |i| format!("{{\"id\":{i},\"nom\":\"Commune {i}\",\"v\":[1,2,3]}},"),
                "[",
                "{}]",
            ),
        ),
        (
            "GEOJSON".into(),
            repeat_to(
                |i| {
                    format!(
                        "{{\"type\":\"Feature\",\"properties\":{{\"id\":{i}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[4.{i},50.{i}]}}}},"
                    )
                },
                "{\"type\":\"FeatureCollection\",\"features\":[",
                "{}]}",
            ),
        ),
        (
            "JSON_LD".into(),
            repeat_to(
                |i| {
                    format!(
                        "{{\"@id\":\"http://data.namur.be/id/{i}\",\"http://schema.org/name\":\"N{i}\"}},"
                    )
                },
                "{\"@context\":{},\"@graph\":[",
                "{}]}",
            ),
        ),
        (
            "XML".into(),
            repeat_to(
                |i| format!("<ligne id=\"{i}\"><montant>{i}</montant></ligne>\n"),
                "<?xml version=\"1.0\"?><budget>",
                "</budget>",
            ),
        ),
        (
            "KML".into(),
            repeat_to(
                |i| {
                    format!(
                        "<Placemark><name>P{i}</name><Point><coordinates>4.{i},50.{i}</coordinates></Point></Placemark>\n"
                    )
                },
                "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>",
                "</Document></kml>",
            ),
        ),
        (
            "RDF_XML".into(),
            repeat_to(
                |i| {
                    format!(
                        "<rdf:Description rdf:about=\"http://data.namur.be/id/{i}\"><ex:v>{i}</ex:v><ex:near rdf:resource=\"http://data.namur.be/id/{}\"/></rdf:Description>\n",
                        i + 1
                    )
                },
                "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://ex.be/\">",
                "</rdf:RDF>",
            ),
        ),
        (
            "RDF_TURTLE".into(),
            repeat_to(
                |i| format!("ex:s{i} ex:name \"S{i}\" ; ex:near ex:s{} .\n", i + 1),
                "@prefix ex: <http://data.namur.be/id/> .\n",
                "",
            ),
        ),
        (
            "RDF_N_TRIPLES".into(),
            repeat_to(
                |i| format!("<http://data.namur.be/id/{i}> <http://ex.be/p> \"v{i}\" .\n"),
                "",
                "",
            ),
        ),
        (
            "HTML table".into(),
            repeat_to(
                |i| {
                    format!(
                        "<tr><td>{i}</td><td>Commune {i}</td><td>{}</td></tr>\n",
                        i * 3
                    )
                },
                "<!DOCTYPE html><html><head><title>Budget</title></head><body><table>",
                "</table></body></html>",
            ),
        ),
        (
            "HTML page".into(),
            repeat_to(
                |i| {
                    format!("<div class=\"news\"><p>Actualité {i}, la commune informe.</p></div>\n")
                },
                "<!DOCTYPE html><html><head><title>Accueil</title></head><body>",
                "</body></html>",
            ),
        ),
        (
            "TXT prose".into(),
            repeat_to(
                |i| {
                    format!(
                        "Le conseil communal, en séance du {i} mars, a approuvé le point {i}.\n"
                    )
                },
                "",
                "",
            ),
        ),
    ];
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(std::str::from_utf8(&csv).unwrap());
    v.push((
        "CSV windows-1252".into(),
        cp1252
            .into_owned()
            .replace("Commune", "Liège")
            .into_bytes_owned(),
    ));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&csv).unwrap();
    v.push(("GZIP of CSV".into(), gz.finish().unwrap()));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for n in 0..4 {
        zip.start_file(
            format!("part{n}.csv"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&csv).unwrap();
    }
    v.push(("ZIP of CSV".into(), zip.finish().unwrap().into_inner()));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..40_000u32 {
        sheet.write(r, 0, r).unwrap();
        sheet.write(r, 1, format!("Commune {r}")).unwrap();
    }
    v.push(("XLSX".into(), book.save_to_buffer().unwrap()));
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    v.push((
        "random bytes".into(),
        (0..MIB)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect(),
    ));
    v
}

trait IntoBytesOwned {
    fn into_bytes_owned(self) -> Vec<u8>;
}
impl IntoBytesOwned for Vec<u8> {
    fn into_bytes_owned(self) -> Vec<u8> {
        self
    }
}
trait ReplaceBytes {
    fn replace(self, from: &str, to: &str) -> Vec<u8>;
}
impl ReplaceBytes for Vec<u8> {
    fn replace(self, from: &str, to: &str) -> Vec<u8> {
        let (to, _, _) = encoding_rs::WINDOWS_1252.encode(to);
        let text = encoding_rs::WINDOWS_1252
            .decode(&self)
            .0
            .replace(from, "\u{1}");
        let (mut out, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let mut v = Vec::new();
        for b in out.to_mut().iter() {
            if *b == 1 {
                v.extend_from_slice(&to)
            } else {
                v.push(*b)
            }
        }
        v
    }
}

fn measure(bytes: &[u8]) -> (Duration, Duration, String) {
    let prefix = &bytes[..bytes.len().min(MIB)];
    let sample = Sample {
        bytes: prefix,
        complete: bytes.len() <= MIB,
    };
    let verdict = classify(sample, Declared::default());
    let label = format!(
        "{}{}",
        verdict.format,
        verdict
            .container
            .map(|c| format!(" in {c}"))
            .unwrap_or_default()
    );
    let mut times = Vec::new();
    let runs = 15;
    for _ in 0..runs {
        let start = Instant::now();
        black_box(classify(black_box(sample), Declared::default()));
        times.push(start.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], label)
}

fn main() {
    let mut rows = inputs();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real"
    ))];
    dirs.extend(
        std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .map(Into::into),
    );
    let mut real = 0;
    let mut worst_real = (Duration::ZERO, String::new());
    let mut total_real = Duration::ZERO;
    for dir in dirs {
        for entry in walk(&dir) {
            let bytes = std::fs::read(&entry).unwrap_or_default();
            let (median, _, _) = measure(&bytes);
            real += 1;
            total_real += median;
            if median > worst_real.0 {
                worst_real = (median, entry.display().to_string());
            }
        }
    }
    println!(
        "{:<20} {:>9} {:>12} {:>12}  verdict",
        "input (1 MiB prefix)", "bytes", "median ms", "max ms"
    );
    let mut worst = Duration::ZERO;
    for (name, bytes) in rows.drain(..) {
        let (median, max, label) = measure(&bytes);
        worst = worst.max(median);
        println!(
            "{name:<20} {:>9} {:>12.3} {:>12.3}  {label}",
            bytes.len().min(MIB),
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
    }
    println!(
        "worst median over generated inputs: {:.3} ms (target < 5 ms)",
        worst.as_secs_f64() * 1e3
    );
    if real > 0 {
        println!(
            "real files: {real}, mean median {:.3} ms, worst {:.3} ms ({})",
            total_real.as_secs_f64() * 1e3 / real as f64,
            worst_real.0.as_secs_f64() * 1e3,
            worst_real.1
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if !matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("py" | "sh" | "md")
        ) {
            out.push(p);
        }
    }
    out
}
