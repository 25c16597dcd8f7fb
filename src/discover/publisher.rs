//! Attribution of portal datasets to communes by their publisher strings.
//!
//! ODWB has no commune field: a dataset belongs to a commune only through its free-text
//! publisher, typed by hand over years — `Ville de Liège`, `Ville de Liège ` (trailing
//! space), `Ville+de+Li%C3%A8ge` (URL-encoded by an import), `Ville de Namur - Mobilité`
//! (a service), `Administration communale de Tournai`, or a brand (`Eco-Visio`, `SIRS`
//! for Namur). [`normalise`] folds the spelling variants to one key; the targets file's
//! aliases cover the brands. Attribution must never guess: a key two communes share is
//! ambiguous and attributes to neither, and publishers matching no commune are listed
//! with their dataset counts, never dropped, so staff can add an alias.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::assess::text;
use crate::discover::Dataset;
use crate::targets::{Commune, NisCode};

/// Apostrophes, hyphens, dashes and punctuation that separate the words of a name.
const SEPARATORS: &[char] = &[
    '\'', '\u{2019}', '\u{2018}', '`', '\u{b4}', '-', '\u{2010}', '\u{2011}', '\u{2013}',
    '\u{2014}', '_', '.', ',', '(', ')', '"', '/',
];

/// A publisher string folded to a comparison key: trimmed, URL-decoded, " - service"
/// suffix dropped, lower-cased, accents stripped, apostrophes/hyphens/underscores and
/// runs of spaces made one space, and a leading "Ville de" / "Commune de" /
/// "Administration communale de" (and the "d'" forms) removed.
///
/// `normalise("Ville+de+Li%C3%A8ge")` and `normalise("Ville de Liège - Urbanisme")`
/// are both `"liege"`.
pub fn normalise(publisher: &str) -> String {
    let decoded = url_decode(publisher.trim());
    let mut s = decoded.trim();
    // " - service" (hyphen or dash with spaces around); "Braine-l'Alleud" keeps its hyphen.
    for sep in [" - ", " – ", " — "] {
        if let Some((head, _)) = s.split_once(sep)
            && !head.trim().is_empty()
        {
            s = head;
        }
    }
    let spaced: String = text::plain(s)
        .chars()
        .map(|c| {
            if c.is_whitespace() || SEPARATORS.contains(&c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let collapsed = text::squash_spaces(&spaced);
    let mut key = collapsed.as_str();
    let padded = format!("{key} ");
    for p in crate::targets::COMMUNE_NAME_PREFIXES {
        if padded.starts_with(p) && padded.len() > p.len() {
            key = &collapsed[p.len()..];
            break;
        }
    }
    key.trim().to_owned()
}

/// Decode `+` and `%XX` when the string looks form-encoded: `+` only when there is no
/// space (a real name may contain a plus sign), `%XX` when it decodes to UTF-8.
fn url_decode(s: &str) -> String {
    let has_escape = s
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
    let plus = s.contains('+') && !s.contains(' ');
    if !has_escape && !plus {
        return s.to_owned();
    }
    let src = if plus {
        s.replace('+', " ")
    } else {
        s.to_owned()
    };
    percent_encoding::percent_decode_str(&src)
        .decode_utf8()
        .map(|d| d.into_owned())
        .unwrap_or(src)
}

#[derive(Clone, Debug)]
enum Key {
    One(NisCode),
    Many(Vec<NisCode>),
}

impl Key {
    fn add(&mut self, nis: NisCode) {
        match self {
            Key::One(n) if *n == nis => {}
            Key::One(n) => *self = Key::Many(vec![*n, nis]),
            Key::Many(v) if v.contains(&nis) => {}
            Key::Many(v) => v.push(nis),
        }
    }
}

/// What a publisher string points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// Exactly one commune.
    Commune(NisCode),
    /// Several communes share the key: not attributed.
    Ambiguous(Vec<NisCode>),
    /// No commune.
    Unknown,
}

/// Publisher → commune, from the communes' names and aliases.
#[derive(Clone, Debug, Default)]
pub struct Attributor {
    exact: HashMap<String, Key>,
    normalised: HashMap<String, Key>,
}

impl Attributor {
    /// Index the names and aliases of `communes`.
    pub fn new(communes: &[Commune]) -> Self {
        let mut a = Attributor::default();
        for c in communes {
            let add = |map: &mut HashMap<String, Key>, k: String| {
                if k.is_empty() {
                    return;
                }
                map.entry(k)
                    .and_modify(|e| e.add(c.nis_code))
                    .or_insert(Key::One(c.nis_code));
            };
            add(&mut a.normalised, normalise(&c.name));
            for alias in &c.aliases {
                add(&mut a.exact, alias.trim().to_owned());
                add(&mut a.normalised, normalise(alias));
            }
        }
        for (k, v) in a.normalised.iter().chain(a.exact.iter()) {
            if let Key::Many(n) = v {
                tracing::debug!(key = %k, communes = ?n, "ambiguous publisher key: not attributed");
            }
        }
        a
    }

    /// The commune a publisher string names, if exactly one.
    pub fn attribute(&self, publisher: &str) -> Option<NisCode> {
        match self.lookup(publisher) {
            Attribution::Commune(n) => Some(n),
            _ => None,
        }
    }

    /// What a publisher string names: an alias spelled exactly wins, then the normalised
    /// key of names and aliases.
    pub fn lookup(&self, publisher: &str) -> Attribution {
        let key = match self.exact.get(publisher.trim()) {
            Some(k) => Some(k),
            None => self.normalised.get(&normalise(publisher)),
        };
        match key {
            Some(Key::One(n)) => Attribution::Commune(*n),
            Some(Key::Many(v)) => Attribution::Ambiguous(v.clone()),
            None => Attribution::Unknown,
        }
    }
}

/// A publisher string that named no commune (or several), with its dataset count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnmatchedPublisher {
    /// The publisher exactly as the portal gave it (empty when the dataset had none).
    pub publisher: String,
    /// How many datasets carry it.
    pub datasets: usize,
    /// The communes it could name, when it is ambiguous.
    pub ambiguous_between: Vec<NisCode>,
}

/// Split datasets by commune; the publishers that attribute to none are listed.
pub fn attribute_all(
    datasets: impl IntoIterator<Item = Dataset>,
    attributor: &Attributor,
) -> (BTreeMap<NisCode, Vec<Dataset>>, Vec<UnmatchedPublisher>) {
    let mut by_commune: BTreeMap<NisCode, Vec<Dataset>> = BTreeMap::new();
    let mut unmatched: BTreeMap<String, UnmatchedPublisher> = BTreeMap::new();
    for d in datasets {
        let publisher = d.publisher.clone().unwrap_or_default();
        match attributor.lookup(&publisher) {
            Attribution::Commune(n) => by_commune.entry(n).or_default().push(d),
            other => {
                let e = unmatched
                    .entry(publisher.clone())
                    .or_insert_with(|| UnmatchedPublisher {
                        publisher,
                        datasets: 0,
                        ambiguous_between: match other {
                            Attribution::Ambiguous(v) => v,
                            _ => Vec::new(),
                        },
                    });
                e.datasets += 1;
            }
        }
    }
    (by_commune, unmatched.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn communes() -> Vec<Commune> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("targets/wallonia.csv");
        crate::targets::load_communes(&path).unwrap()
    }

    #[test]
    fn normalise_folds_the_variants() {
        for (raw, key) in [
            ("Ville de Liège", "liege"),
            ("Ville de Liège ", "liege"),
            ("Ville+de+Li%C3%A8ge", "liege"),
            ("Ville de Namur - Data Office GUN", "namur"),
            ("Ville+de+Namur+-+G%C3%A9omatique", "namur"),
            ("Ville d'Arlon", "arlon"),
            ("Ville+d%27Andenne", "andenne"),
            (
                "Administration+communale+de+Braine-l%27Alleud",
                "braine l alleud",
            ),
            ("Commune de Braine-l’Alleud", "braine l alleud"),
            ("Administration Communale de Tournai", "tournai"),
            ("ville de la louvière", "la louviere"),
            ("Ville+de+Mons+", "mons"),
            ("  ÉCAUSSINNES ", "ecaussinnes"),
            ("Villers-la-Ville", "villers la ville"),
            ("Ville de", "ville de"),
            ("A + B", "a + b"),
            ("100%", "100%"),
        ] {
            assert_eq!(normalise(raw), key, "{raw:?}");
        }
    }

    #[test]
    fn every_real_odwb_publisher_string_attributes_to_its_commune() {
        let a = Attributor::new(&communes());
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/odwb-commune-publishers.csv");
        let mut r = csv::Reader::from_path(&path).unwrap();
        let mut n = 0;
        for rec in r.records() {
            let rec = rec.unwrap();
            let nis: NisCode = rec[0].parse().unwrap();
            assert_eq!(
                a.attribute(&rec[3]),
                Some(nis),
                "{:?} should be {}",
                &rec[3],
                &rec[1]
            );
            n += 1;
        }
        assert!(n >= 39, "{n} rows");
    }

    #[test]
    fn non_communes_and_ambiguity_do_not_attribute() {
        let cs = communes();
        let a = Attributor::new(&cs);
        for p in [
            "Service public de Wallonie",
            "SPW - Mobilité et Infrastructures",
            "Province de Luxembourg",
            "IWEPS",
            "",
            "Ville de",
        ] {
            assert_eq!(a.attribute(p), None, "{p:?}");
        }
        // No two communes of the targets file share a key.
        assert!(a.normalised.values().all(|k| matches!(k, Key::One(_))));
        // Two communes named alike: neither gets the datasets.
        let mut two = vec![cs[0].clone(), cs[1].clone()];
        two[1].name = format!("{} ", two[0].name.to_uppercase());
        let a = Attributor::new(&two);
        assert_eq!(a.attribute(&format!("Commune de {}", two[0].name)), None);
        assert!(matches!(a.lookup(&two[0].name), Attribution::Ambiguous(v) if v.len() == 2));
        let d = |p: &str| Dataset {
            publisher: Some(p.to_owned()),
            ..Dataset::default()
        };
        let (by, un) = attribute_all(vec![d(&two[0].name), d("IWEPS"), d("IWEPS")], &a);
        assert!(by.is_empty());
        assert_eq!(un.len(), 2);
        assert_eq!(
            un.iter().find(|u| u.publisher == "IWEPS").unwrap().datasets,
            2
        );
    }
}
