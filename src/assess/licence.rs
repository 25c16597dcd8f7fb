//! Is the licence a publisher states an open licence?
//!
//! A star is only earned under an open licence, so every distribution's rating hangs on
//! this judgement. Publishers state licences in many ways: portal ids (`cc-by-4.0`,
//! CKAN's `odc-odbl`, `cc-zero`, `other-open`), titles in French or English ("Licence
//! Ouverte v2.0 (Etalab)", "Open Database License (ODbL)"), free text on a web page
//! ("Tous droits réservés"), and URLs (creativecommons.org, opendatacommons.org,
//! etalab.gouv.fr, spdx.org). Both the name and the URL are read; when they disagree the
//! stricter reading wins, because calling data open when it is not is the worse error
//! for an audit.
//!
//! Three outcomes, never more: [`LicenceClass::Open`], [`LicenceClass::NotOpen`] (a
//! non-commercial or no-derivatives clause, all rights reserved, internal use,
//! proprietary, a paid licence) and [`LicenceClass::Unknown`] (nothing stated, or
//! nothing recognised — the reason says what was seen, so a person can decide).
//!
//! **The Walloon "licence gratuite".** Wallonia's public-sector reuse rules offer a
//! model free licence ("modèle de licence gratuite") that allows reuse for any purpose,
//! commercial included, asking only that the source be cited and the data not be
//! distorted — the conditions of an attribution licence such as CC BY. It is judged
//! [`LicenceClass::Open`], canonical name `Licence gratuite (Wallonie)`. Its paid
//! counterpart ("licence payante") is not open.
//!
//! A bare "Creative Commons" without saying which one is [`LicenceClass::Unknown`]:
//! some Creative Commons licences (NC, ND) are not open.

use serde::{Deserialize, Serialize};
use url::Url;

/// Whether a licence lets anyone reuse the data for any purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceClass {
    /// An open licence (Open Definition conformant).
    Open,
    /// A licence or statement that restricts reuse.
    NotOpen,
    /// Nothing stated, or nothing recognised.
    Unknown,
}

impl LicenceClass {
    /// The token used in reports (`open`, `not_open`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            LicenceClass::Open => "open",
            LicenceClass::NotOpen => "not_open",
            LicenceClass::Unknown => "unknown",
        }
    }
}

/// The judgement on a stated licence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceVerdict {
    /// Open, not open, or unknown.
    pub class: LicenceClass,
    /// The licence recognised, by a stable name (`CC BY 4.0`, `ODbL 1.0`, `CC0 1.0`,
    /// `Licence Ouverte 2.0`, `All rights reserved`).
    pub canonical: Option<String>,
    /// A sentence a person can check: what was seen and why it is judged so.
    pub reason: String,
}

/// What one statement (a name or a URL) was recognised as.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reading {
    class: LicenceClass,
    canonical: Option<String>,
    /// Why, e.g. "an open licence" or "non-commercial use only".
    why: &'static str,
}

impl Reading {
    fn new(class: LicenceClass, canonical: impl Into<String>, why: &'static str) -> Self {
        Reading {
            class,
            canonical: Some(canonical.into()),
            why,
        }
    }
}

const OPEN: &str = "an open licence";

/// Judge a licence from its stated name (id or title) and URL; either may be absent.
pub fn judge_licence(name: Option<&str>, url: Option<&str>) -> LicenceVerdict {
    let name = name.map(str::trim).filter(|s| !s.is_empty());
    let url = url.map(str::trim).filter(|s| !s.is_empty());
    let seen = match (name, url) {
        (None, None) => {
            return LicenceVerdict {
                class: LicenceClass::Unknown,
                canonical: None,
                reason: "no licence stated".to_owned(),
            };
        }
        (Some(n), None) => format!("licence {:?}", shorten(n)),
        (None, Some(u)) => format!("licence URL {}", shorten(u)),
        (Some(n), Some(u)) => format!("licence {:?} ({})", shorten(n), shorten(u)),
    };
    let by_name = name.and_then(read_text);
    let by_url = url.and_then(read_url);
    let known = |r: &Option<Reading>| {
        r.as_ref()
            .filter(|r| r.class != LicenceClass::Unknown)
            .cloned()
    };
    let chosen = match (known(&by_name), known(&by_url)) {
        (Some(n), Some(u)) if n.class != u.class => {
            let strict = if n.class == LicenceClass::NotOpen {
                n.clone()
            } else {
                u.clone()
            };
            return LicenceVerdict {
                class: LicenceClass::NotOpen,
                canonical: strict.canonical.clone(),
                reason: format!(
                    "{seen}: the name reads as {} but the URL as {}; the stricter reading wins ({})",
                    n.canonical.as_deref().unwrap_or("?"),
                    u.canonical.as_deref().unwrap_or("?"),
                    strict.why
                ),
            };
        }
        (Some(n), Some(u)) => {
            // Same class: keep the more precise name (the URL often carries the version).
            let more_precise = match (&n.canonical, &u.canonical) {
                (Some(a), Some(b)) if b.len() > a.len() && b.starts_with(a.as_str()) => u,
                _ => n,
            };
            Some(more_precise)
        }
        (Some(n), None) => Some(n),
        (None, Some(u)) => Some(u),
        (None, None) => None,
    };
    match chosen {
        Some(r) => LicenceVerdict {
            reason: format!(
                "{seen}: {}, {}",
                r.canonical.as_deref().unwrap_or("recognised"),
                if r.class == LicenceClass::Open {
                    r.why.to_owned()
                } else {
                    format!("{}, not an open licence", r.why)
                }
            ),
            class: r.class,
            canonical: r.canonical,
        },
        None => {
            // Something was said but not recognised; keep any hint it gave.
            let hint = by_name.or(by_url);
            LicenceVerdict {
                class: LicenceClass::Unknown,
                canonical: hint.as_ref().and_then(|h| h.canonical.clone()),
                reason: match hint {
                    Some(h) => format!("{seen}: {}", h.why),
                    None => format!("{seen}: not a licence odaudit recognises"),
                },
            }
        }
    }
}

/// At most 120 characters of a statement, for reasons.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(120).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Lower case, accents folded, punctuation as spaces (dots kept between digits),
/// padded with one space each side so whole words can be searched as `" word "`.
pub(super) fn fold(s: &str) -> String {
    let chars: Vec<char> = s.chars().take(2_000).collect();
    let mut out = String::with_capacity(chars.len() + 2);
    out.push(' ');
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let folded = match lower {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'ñ' => "n",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            '.' => {
                let digit = |j: Option<&char>| j.is_some_and(char::is_ascii_digit);
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                if digit(before) && digit(chars.get(i + 1)) {
                    "."
                } else {
                    " "
                }
            }
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(folded);
    }
    out.push(' ');
    let mut collapsed = String::with_capacity(out.len());
    let mut last_space = false;
    for c in out.chars() {
        if c == ' ' {
            if !last_space {
                collapsed.push(' ');
            }
            last_space = true;
        } else {
            collapsed.push(c);
            last_space = false;
        }
    }
    collapsed
}

/// Words of a folded text.
struct Words(String);

impl Words {
    fn of(s: &str) -> Self {
        Words(fold(s))
    }
    /// The whole words (or phrase) occur.
    fn has(&self, phrase: &str) -> bool {
        let mut needle = String::with_capacity(phrase.len() + 2);
        needle.push(' ');
        needle.push_str(phrase);
        needle.push(' ');
        self.0.contains(&needle)
    }
    /// The text occurs, even inside a word.
    fn contains(&self, part: &str) -> bool {
        self.0.contains(part)
    }
    fn any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.has(p))
    }
    /// The first version-looking word (`4.0`, `v2`, `2.0`), as `N.M`.
    fn version(&self) -> Option<String> {
        self.0.split(' ').find_map(|w| {
            let w = w.strip_prefix('v').unwrap_or(w);
            let (major, minor) = match w.split_once('.') {
                Some((a, b)) => (a, b),
                None => (w, "0"),
            };
            let ok =
                |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
            (ok(major) && ok(minor) && major != "0").then(|| format!("{major}.{minor}"))
        })
    }
}

fn with_version(name: &str, version: Option<String>, allowed: &[&str]) -> String {
    match version {
        Some(v) if allowed.contains(&v.as_str()) => format!("{name} {v}"),
        _ => name.to_owned(),
    }
}

const CC_VERSIONS: &[&str] = &["1.0", "2.0", "2.5", "3.0", "4.0"];

/// Read a licence name, id or free text.
fn read_text(s: &str) -> Option<Reading> {
    use LicenceClass::{NotOpen, Open, Unknown};
    let w = Words::of(s);
    let cc = w.any(&["cc", "creative commons", "creativecommons"]);
    let nc = w.any(&[
        "nc",
        "noncommercial",
        "non commercial",
        "pas d utilisation commerciale",
        "utilisation non commerciale",
        "usage non commercial",
    ]);
    let nd = w.any(&[
        "nd",
        "noderivatives",
        "noderivs",
        "no derivatives",
        "no derivs",
        "no derivative works",
        "pas de modification",
    ]);
    let sa = w.any(&[
        "sa",
        "sharealike",
        "share alike",
        "partage dans les memes conditions",
    ]);
    let by = w.any(&["by", "attribution", "paternite"]);

    // Restrictions first: "CC BY-NC" also contains "CC BY".
    if w.has("other nc") {
        return Some(Reading::new(
            NotOpen,
            "Other (Non-Commercial)",
            "non-commercial use only",
        ));
    }
    if w.has("other closed") {
        return Some(Reading::new(
            NotOpen,
            "Other (Not Open)",
            "declared not open",
        ));
    }
    // "BY-NC" without "CC" is still a Creative Commons restriction.
    if (cc || by) && (nc || nd) {
        let mut name = String::from("CC BY");
        if nc {
            name.push_str("-NC");
        }
        if nd {
            name.push_str("-ND");
        } else if sa {
            name.push_str("-SA");
        }
        let why = match (nc, nd) {
            (true, true) => "non-commercial use only and no derivatives",
            (true, false) => "non-commercial use only",
            _ => "no derivatives allowed",
        };
        return Some(Reading::new(
            NotOpen,
            with_version(&name, w.version(), CC_VERSIONS),
            why,
        ));
    }
    if nc {
        return Some(Reading::new(
            NotOpen,
            "Non-commercial use only",
            "non-commercial use only",
        ));
    }
    if w.any(&[
        "tous droits reserves",
        "all rights reserved",
        "alle rechte vorbehalten",
    ]) {
        return Some(Reading::new(
            NotOpen,
            "All rights reserved",
            "all rights reserved",
        ));
    }
    if w.any(&[
        "usage interne",
        "utilisation interne",
        "internal use",
        "internal use only",
    ]) {
        return Some(Reading::new(NotOpen, "Internal use", "internal use only"));
    }
    if w.any(&[
        "proprietary",
        "proprietaire",
        "licence proprietaire",
        "proprietary licence",
        "proprietary license",
    ]) {
        return Some(Reading::new(
            NotOpen,
            "Proprietary",
            "a proprietary licence",
        ));
    }
    if w.any(&[
        "licence payante",
        "modele de licence payante",
        "reutilisation interdite",
    ]) {
        return Some(Reading::new(
            NotOpen,
            "Licence payante (Wallonie)",
            "a paid licence",
        ));
    }

    // Open licences, most specific first.
    if w.any(&[
        "cc0",
        "cc zero",
        "cc 0",
        "creative commons zero",
        "publicdomain zero",
    ]) || (cc && w.has("zero"))
    {
        return Some(Reading::new(Open, "CC0 1.0", OPEN));
    }
    if w.has("pddl") || w.contains("public domain dedication and licen") {
        return Some(Reading::new(Open, "PDDL 1.0", OPEN));
    }
    if w.has("odbl") || w.contains("open database licen") {
        return Some(Reading::new(Open, "ODbL 1.0", OPEN));
    }
    if w.any(&["odc by", "odc attribution"]) || w.contains("open data commons attribution") {
        return Some(Reading::new(Open, "ODC-BY 1.0", OPEN));
    }
    if w.any(&[
        "licence ouverte",
        "license ouverte",
        "open licence",
        "etalab",
    ]) || (w.has("lo") && w.version().is_some())
    {
        return Some(Reading::new(
            Open,
            with_version("Licence Ouverte", w.version(), &["1.0", "2.0"]),
            OPEN,
        ));
    }
    if w.any(&["licence gratuite", "modele de licence gratuite"]) {
        return Some(Reading::new(Open, "Licence gratuite (Wallonie)", OPEN));
    }
    if w.any(&["ogl", "uk ogl", "ogl uk"]) || w.contains("open government licen") {
        return Some(Reading::new(
            Open,
            with_version("OGL", w.version(), &["1.0", "2.0", "3.0"]),
            OPEN,
        ));
    }
    if (cc || w.any(&["creative commons attribution"])) && by {
        let name = if sa { "CC BY-SA" } else { "CC BY" };
        return Some(Reading::new(
            Open,
            with_version(name, w.version(), CC_VERSIONS),
            OPEN,
        ));
    }
    if w.any(&[
        "public domain",
        "domaine public",
        "other pd",
        "publicdomain mark",
        "gemeinfrei",
    ]) {
        return Some(Reading::new(Open, "Public domain", OPEN));
    }
    if w.has("other at") {
        return Some(Reading::new(Open, "Other (Attribution)", OPEN));
    }
    if w.has("other open") {
        return Some(Reading::new(
            Open,
            "Other (Open)",
            "declared open by the portal",
        ));
    }
    if w.any(&["gfdl", "gnu free documentation license"]) {
        return Some(Reading::new(Open, "GNU FDL", OPEN));
    }

    // Weak signals last.
    if s.contains('©') || w.has("copyright") {
        return Some(Reading::new(
            NotOpen,
            "All rights reserved",
            "a copyright notice without an open licence",
        ));
    }
    if cc {
        return Some(Reading {
            class: Unknown,
            canonical: Some("Creative Commons".to_owned()),
            why: "Creative Commons without saying which licence (some are not open)",
        });
    }
    if w.any(&[
        "notspecified",
        "not specified",
        "license not specified",
        "non specifiee",
        "non specifie",
        "non precisee",
    ]) {
        return Some(Reading {
            class: Unknown,
            canonical: None,
            why: "the publisher says it is not specified",
        });
    }
    None
}

/// Read a licence URL.
fn read_url(s: &str) -> Option<Reading> {
    use LicenceClass::{NotOpen, Open};
    let Ok(u) = Url::parse(s) else {
        return read_text(s);
    };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = u.path().to_ascii_lowercase();
    let segs: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let version = |i: usize| -> Option<String> {
        segs.get(i).and_then(|v| {
            let v = v.strip_prefix('v').unwrap_or(v);
            let ok =
                !v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            ok.then(|| {
                if v.contains('.') {
                    v.to_owned()
                } else {
                    format!("{v}.0")
                }
            })
        })
    };
    match host {
        "creativecommons.org" => match segs.as_slice() {
            ["licenses" | "licences", code, ..] => {
                let (name, class, why) = match *code {
                    "by" => ("CC BY", Open, OPEN),
                    "by-sa" => ("CC BY-SA", Open, OPEN),
                    "by-nc" => ("CC BY-NC", NotOpen, "non-commercial use only"),
                    "by-nd" => ("CC BY-ND", NotOpen, "no derivatives allowed"),
                    "by-nc-sa" => ("CC BY-NC-SA", NotOpen, "non-commercial use only"),
                    "by-nc-nd" => (
                        "CC BY-NC-ND",
                        NotOpen,
                        "non-commercial use only and no derivatives",
                    ),
                    _ => return None,
                };
                Some(Reading::new(
                    class,
                    with_version(name, version(2), CC_VERSIONS),
                    why,
                ))
            }
            ["publicdomain", "zero", ..] => Some(Reading::new(Open, "CC0 1.0", OPEN)),
            ["publicdomain", "mark", ..] => Some(Reading::new(Open, "Public domain", OPEN)),
            _ => None,
        },
        "opendatacommons.org" | "opendefinition.org" => {
            if path.contains("odbl") {
                Some(Reading::new(Open, "ODbL 1.0", OPEN))
            } else if path.contains("pddl") {
                Some(Reading::new(Open, "PDDL 1.0", OPEN))
            } else if path.contains("odc-by") || segs.contains(&"by") {
                Some(Reading::new(Open, "ODC-BY 1.0", OPEN))
            } else {
                read_text(&path)
            }
        }
        "spdx.org" => match segs.as_slice() {
            ["licenses", id, ..] => {
                let id = id.trim_end_matches(".html").trim_end_matches(".json");
                read_text(id)
            }
            _ => None,
        },
        "nationalarchives.gov.uk" if path.contains("open-government-licence") => {
            let v = segs
                .iter()
                .position(|s| *s == "version")
                .and_then(|i| version(i + 1));
            Some(Reading::new(
                Open,
                with_version("OGL", v, &["1.0", "2.0", "3.0"]),
                OPEN,
            ))
        }
        _ if host.ends_with("etalab.gouv.fr")
            || path.contains("licence-ouverte")
            || path.contains("licence_ouverte") =>
        {
            let v = if path.contains("v2") || path.contains("2.0") {
                Some("2.0".to_owned())
            } else if path.contains("v1") || path.contains("1.0") {
                Some("1.0".to_owned())
            } else {
                None
            };
            Some(Reading::new(
                Open,
                with_version("Licence Ouverte", v, &["1.0", "2.0"]),
                OPEN,
            ))
        }
        // Any other site: the words of its path may name the licence.
        _ => read_text(&path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LicenceClass::{NotOpen, Open, Unknown};

    fn check(name: Option<&str>, url: Option<&str>, class: LicenceClass, canonical: Option<&str>) {
        let v = judge_licence(name, url);
        assert_eq!(
            (v.class, v.canonical.as_deref()),
            (class, canonical),
            "{name:?} {url:?}: {}",
            v.reason
        );
        assert!(!v.reason.is_empty());
    }

    #[test]
    fn every_licence_of_the_simulated_world() {
        // PORTAL_LICENCES, CLOSED_LICENCE and WEB_OPEN_LICENCES: title and URL as the
        // ODS and CKAN mocks serve them.
        check(
            Some("CC BY 4.0"),
            Some("https://creativecommons.org/licenses/by/4.0/"),
            Open,
            Some("CC BY 4.0"),
        );
        check(
            Some("Licence Ouverte v2.0 (Etalab)"),
            Some(
                "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
            ),
            Open,
            Some("Licence Ouverte 2.0"),
        );
        check(
            Some("Open Database License (ODbL)"),
            Some("https://opendatacommons.org/licenses/odbl/"),
            Open,
            Some("ODbL 1.0"),
        );
        check(
            Some("CC0 1.0"),
            Some("https://creativecommons.org/publicdomain/zero/1.0/"),
            Open,
            Some("CC0 1.0"),
        );
        check(
            Some("Tous droits réservés"),
            None,
            NotOpen,
            Some("All rights reserved"),
        );
        check(Some("Licence ouverte"), None, Open, Some("Licence Ouverte"));
        check(
            Some("Licence Creative Commons CC BY 4.0"),
            Some("https://creativecommons.org/licenses/by/4.0/deed.fr"),
            Open,
            Some("CC BY 4.0"),
        );
        // The sim's short ids and CKAN's ids for them.
        check(Some("cc-by-4.0"), None, Open, Some("CC BY 4.0"));
        check(Some("lo-2.0"), None, Open, Some("Licence Ouverte 2.0"));
        check(Some("odbl-1.0"), None, Open, Some("ODbL 1.0"));
        check(Some("cc0-1.0"), None, Open, Some("CC0 1.0"));
        check(
            Some("all-rights-reserved"),
            None,
            NotOpen,
            Some("All rights reserved"),
        );
        check(Some("cc-by"), None, Open, Some("CC BY"));
        check(Some("other-open"), None, Open, Some("Other (Open)"));
        check(Some("odc-odbl"), None, Open, Some("ODbL 1.0"));
        check(Some("cc-zero"), None, Open, Some("CC0 1.0"));
        check(
            Some("other-closed"),
            None,
            NotOpen,
            Some("Other (Not Open)"),
        );
        check(Some("Non spécifiée"), None, Unknown, None);
    }

    #[test]
    fn every_licence_of_the_real_fixtures() {
        check(
            Some("Open Government Licence v3.0"),
            Some("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
            Open,
            Some("OGL 3.0"),
        );
        check(None, None, Unknown, None);
        check(
            Some("Licence Ouverte v2.0 (Etalab)"),
            Some(
                "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
            ),
            Open,
            Some("Licence Ouverte 2.0"),
        );
        // DCAT export of capatlantique: only the licence document URL.
        check(
            None,
            Some(
                "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
            ),
            Open,
            Some("Licence Ouverte 2.0"),
        );
        // Liège's RDF export: a bare literal.
        check(Some("CC BY"), None, Open, Some("CC BY"));
    }

    #[test]
    fn the_names_discover_gives_website_licences() {
        for (name, class) in [
            ("Licence Ouverte", Open),
            ("CC BY-SA", Open),
            ("CC BY", Open),
            ("CC0", Open),
            ("Public domain", Open),
            ("ODbL", Open),
            ("ODC-BY", Open),
            ("PDDL", Open),
            ("Licence gratuite (Wallonie)", Open),
            ("All rights reserved", NotOpen),
            ("CC BY-NC", NotOpen),
            ("CC BY-ND", NotOpen),
        ] {
            assert_eq!(judge_licence(Some(name), None).class, class, "{name}");
        }
    }

    #[test]
    fn open_ids_titles_and_urls() {
        check(Some("CC-BY-4.0"), None, Open, Some("CC BY 4.0"));
        check(Some("CC-BY-SA-4.0"), None, Open, Some("CC BY-SA 4.0"));
        check(
            Some("Creative Commons Attribution 4.0 International"),
            None,
            Open,
            Some("CC BY 4.0"),
        );
        check(
            Some("Creative Commons Attribution-ShareAlike 3.0"),
            None,
            Open,
            Some("CC BY-SA 3.0"),
        );
        check(
            Some("Creative Commons Attribution - Partage dans les Mêmes Conditions 4.0"),
            None,
            Open,
            Some("CC BY-SA 4.0"),
        );
        check(Some("odc-by"), None, Open, Some("ODC-BY 1.0"));
        check(Some("odc-pddl"), None, Open, Some("PDDL 1.0"));
        check(
            Some("Open Data Commons Attribution License"),
            None,
            Open,
            Some("ODC-BY 1.0"),
        );
        check(
            Some("Licence Ouverte / Open Licence version 2.0"),
            None,
            Open,
            Some("Licence Ouverte 2.0"),
        );
        check(
            Some("Licence Ouverte v1.0"),
            None,
            Open,
            Some("Licence Ouverte 1.0"),
        );
        check(Some("etalab-2.0"), None, Open, Some("Licence Ouverte 2.0"));
        check(Some("Domaine public"), None, Open, Some("Public domain"));
        check(Some("uk-ogl"), None, Open, Some("OGL"));
        check(Some("other-pd"), None, Open, Some("Public domain"));
        check(Some("other-at"), None, Open, Some("Other (Attribution)"));
        check(
            Some("Modèle de licence gratuite"),
            None,
            Open,
            Some("Licence gratuite (Wallonie)"),
        );
        check(
            None,
            Some("https://spdx.org/licenses/CC-BY-4.0.html"),
            Open,
            Some("CC BY 4.0"),
        );
        check(
            None,
            Some("https://spdx.org/licenses/ODbL-1.0"),
            Open,
            Some("ODbL 1.0"),
        );
        check(
            None,
            Some("https://spdx.org/licenses/etalab-2.0.html"),
            Open,
            Some("Licence Ouverte 2.0"),
        );
        check(
            None,
            Some("http://opendatacommons.org/licenses/by/1.0/"),
            Open,
            Some("ODC-BY 1.0"),
        );
        check(
            None,
            Some("https://opendatacommons.org/licenses/pddl/"),
            Open,
            Some("PDDL 1.0"),
        );
        check(
            None,
            Some("https://www.etalab.gouv.fr/licence-ouverte-open-licence"),
            Open,
            Some("Licence Ouverte"),
        );
        check(
            None,
            Some("https://creativecommons.org/licenses/by-sa/2.5/be/"),
            Open,
            Some("CC BY-SA 2.5"),
        );
        // The URL adds the version the name lacks.
        check(
            Some("CC BY"),
            Some("https://creativecommons.org/licenses/by/4.0/"),
            Open,
            Some("CC BY 4.0"),
        );
    }

    #[test]
    fn restricted_licences_are_not_open() {
        check(Some("CC BY-NC 4.0"), None, NotOpen, Some("CC BY-NC 4.0"));
        check(
            Some("cc-by-nc-nd-4.0"),
            None,
            NotOpen,
            Some("CC BY-NC-ND 4.0"),
        );
        check(Some("CC-BY-NC-SA"), None, NotOpen, Some("CC BY-NC-SA"));
        check(
            Some("Creative Commons Attribution-NoDerivatives 4.0"),
            None,
            NotOpen,
            Some("CC BY-ND 4.0"),
        );
        check(
            Some("Attribution - Pas d'Utilisation Commerciale 4.0 (CC BY-NC 4.0)"),
            None,
            NotOpen,
            Some("CC BY-NC 4.0"),
        );
        check(
            None,
            Some("https://creativecommons.org/licenses/by-nc/4.0/"),
            NotOpen,
            Some("CC BY-NC 4.0"),
        );
        check(
            Some("All Rights Reserved"),
            None,
            NotOpen,
            Some("All rights reserved"),
        );
        check(
            Some("TOUS DROITS RESERVES"),
            None,
            NotOpen,
            Some("All rights reserved"),
        );
        check(
            Some("Usage interne uniquement"),
            None,
            NotOpen,
            Some("Internal use"),
        );
        check(
            Some("Licence propriétaire"),
            None,
            NotOpen,
            Some("Proprietary"),
        );
        check(
            Some("other-nc"),
            None,
            NotOpen,
            Some("Other (Non-Commercial)"),
        );
        check(
            Some("© Ville de Namur 2020"),
            None,
            NotOpen,
            Some("All rights reserved"),
        );
        check(
            Some("Licence payante"),
            None,
            NotOpen,
            Some("Licence payante (Wallonie)"),
        );
    }

    #[test]
    fn name_and_url_disagreeing_reads_strictly() {
        let v = judge_licence(
            Some("CC BY 4.0"),
            Some("https://creativecommons.org/licenses/by-nc/4.0/"),
        );
        assert_eq!(v.class, NotOpen);
        assert_eq!(v.canonical.as_deref(), Some("CC BY-NC 4.0"));
        assert!(v.reason.contains("stricter"), "{}", v.reason);
    }

    #[test]
    fn unknown_says_what_was_seen() {
        let v = judge_licence(
            Some("Voir conditions"),
            Some("https://www.namur.be/mentions"),
        );
        assert_eq!(v.class, Unknown);
        assert!(v.reason.contains("Voir conditions"), "{}", v.reason);
        assert!(v.reason.contains("namur.be/mentions"), "{}", v.reason);
        let v = judge_licence(Some("Creative Commons"), None);
        assert_eq!(v.class, Unknown);
        assert!(v.reason.contains("which licence"), "{}", v.reason);
        assert_eq!(
            judge_licence(Some("  "), Some("")).reason,
            "no licence stated"
        );
        // Words that merely contain a token are not that token.
        assert_eq!(
            judge_licence(Some("Bylaws of the commune"), None).class,
            Unknown
        );
        assert_eq!(
            judge_licence(Some("Conditions générales"), None).class,
            Unknown
        );
    }

    #[test]
    fn no_input_panics() {
        for s in [
            "",
            ".",
            "..",
            "1.",
            ".5",
            "v",
            "cc-",
            "ccc",
            "é",
            "\u{0}",
            "🙂 cc by 🙂",
            "http://",
            "https://creativecommons.org/",
            "https://spdx.org/licenses/",
            "ftp://x/y",
        ] {
            let _ = judge_licence(Some(s), Some(s));
        }
        let long = "cc by ".repeat(10_000);
        assert_eq!(judge_licence(Some(&long), None).class, Open);
        assert!(judge_licence(Some(&long), None).reason.len() < 400);
    }

    #[test]
    fn serde_tokens() {
        assert_eq!(serde_json::to_string(&NotOpen).unwrap(), "\"not_open\"");
        assert_eq!(NotOpen.as_str(), "not_open");
    }

    proptest::proptest! {
        #[test]
        fn no_statement_panics(name in "\\PC{0,80}", url in "(https?://[a-z.]{0,20}/)?\\PC{0,40}") {
            let v = judge_licence(Some(&name), Some(&url));
            proptest::prop_assert!(!v.reason.is_empty());
        }
    }
}
