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

use super::text::Words;
use Cue::{CcAnd, Part, Sign, Versioned, Words as W};
use LicenceClass::{NotOpen, Open, Unknown};

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

fn with_version(name: &str, version: Option<String>, allowed: &[&str]) -> String {
    match version {
        Some(v) if allowed.contains(&v.as_str()) => format!("{name} {v}"),
        _ => name.to_owned(),
    }
}

const CC_VERSIONS: &[&str] = &["1.0", "2.0", "2.5", "3.0", "4.0"];
const LO_VERSIONS: &[&str] = &["1.0", "2.0"];
const OGL_VERSIONS: &[&str] = &["1.0", "2.0", "3.0"];

/// Words that say Creative Commons, and its clauses.
const CC_WORDS: &[&str] = &["cc", "creative commons", "creativecommons"];
const NC_WORDS: &[&str] = &[
    "nc",
    "noncommercial",
    "non commercial",
    "pas d utilisation commerciale",
    "utilisation non commerciale",
    "usage non commercial",
];
const ND_WORDS: &[&str] = &[
    "nd",
    "noderivatives",
    "noderivs",
    "no derivatives",
    "no derivs",
    "no derivative works",
    "pas de modification",
];
const SA_WORDS: &[&str] = &[
    "sa",
    "sharealike",
    "share alike",
    "partage dans les memes conditions",
];
const BY_WORDS: &[&str] = &["by", "attribution", "paternite"];

/// How a [`Rule`] recognises a licence in a statement.
#[derive(Clone, Copy)]
enum Cue {
    /// One of these whole words or phrases.
    Words(&'static [&'static str]),
    /// This text, even inside a word (`open database licen` for licence and license).
    Part(&'static str),
    /// A Creative Commons word and this whole word (`cc zero`).
    CcAnd(&'static str),
    /// This whole word and a version number (`lo 2.0`).
    Versioned(&'static str),
    /// This character in the statement as written (`©`).
    Sign(char),
}

/// A statement showing one of `cues` reads as `class`, named `name` (with the version the
/// statement gives when it is one of `versions`; an empty name names nothing).
struct Rule {
    cues: &'static [Cue],
    class: LicenceClass,
    name: &'static str,
    versions: &'static [&'static str],
    why: &'static str,
}

const fn rule(
    cues: &'static [Cue],
    class: LicenceClass,
    name: &'static str,
    why: &'static str,
) -> Rule {
    Rule {
        cues,
        class,
        name,
        versions: &[],
        why,
    }
}

const fn versioned(
    cues: &'static [Cue],
    name: &'static str,
    versions: &'static [&'static str],
) -> Rule {
    Rule {
        cues,
        class: LicenceClass::Open,
        name,
        versions,
        why: OPEN,
    }
}

/// CKAN's "other" ids that restrict, read before the Creative Commons clauses.
const PORTAL_RESTRICTIONS: &[Rule] = &[
    rule(
        &[W(&["other nc"])],
        NotOpen,
        "Other (Non-Commercial)",
        "non-commercial use only",
    ),
    rule(
        &[W(&["other closed"])],
        NotOpen,
        "Other (Not Open)",
        "declared not open",
    ),
];

/// Restrictions without a Creative Commons licence, read before any open licence.
const NOT_OPEN: &[Rule] = &[
    rule(
        &[W(NC_WORDS)],
        NotOpen,
        "Non-commercial use only",
        "non-commercial use only",
    ),
    rule(
        &[W(&[
            "tous droits reserves",
            "all rights reserved",
            "alle rechte vorbehalten",
        ])],
        NotOpen,
        "All rights reserved",
        "all rights reserved",
    ),
    rule(
        &[W(&[
            "usage interne",
            "utilisation interne",
            "internal use",
            "internal use only",
        ])],
        NotOpen,
        "Internal use",
        "internal use only",
    ),
    rule(
        &[W(&[
            "proprietary",
            "proprietaire",
            "licence proprietaire",
            "proprietary licence",
            "proprietary license",
        ])],
        NotOpen,
        "Proprietary",
        "a proprietary licence",
    ),
    rule(
        &[W(&[
            "licence payante",
            "modele de licence payante",
            "reutilisation interdite",
        ])],
        NotOpen,
        "Licence payante (Wallonie)",
        "a paid licence",
    ),
];

/// Open licences by name, most specific first, read before CC BY.
const OPEN_BY_NAME: &[Rule] = &[
    rule(
        &[
            W(&[
                "cc0",
                "cc zero",
                "cc 0",
                "creative commons zero",
                "publicdomain zero",
            ]),
            CcAnd("zero"),
        ],
        Open,
        "CC0 1.0",
        OPEN,
    ),
    rule(
        &[W(&["pddl"]), Part("public domain dedication and licen")],
        Open,
        "PDDL 1.0",
        OPEN,
    ),
    rule(
        &[W(&["odbl"]), Part("open database licen")],
        Open,
        "ODbL 1.0",
        OPEN,
    ),
    rule(
        &[
            W(&["odc by", "odc attribution"]),
            Part("open data commons attribution"),
        ],
        Open,
        "ODC-BY 1.0",
        OPEN,
    ),
    versioned(
        &[
            W(&[
                "licence ouverte",
                "license ouverte",
                "open licence",
                "etalab",
            ]),
            Versioned("lo"),
        ],
        "Licence Ouverte",
        LO_VERSIONS,
    ),
    rule(
        &[W(&["licence gratuite", "modele de licence gratuite"])],
        Open,
        "Licence gratuite (Wallonie)",
        OPEN,
    ),
    versioned(
        &[
            W(&["ogl", "uk ogl", "ogl uk"]),
            Part("open government licen"),
        ],
        "OGL",
        OGL_VERSIONS,
    ),
];

/// After CC BY: generic open statements, then weak signals.
const OPEN_OTHERWISE: &[Rule] = &[
    rule(
        &[W(&[
            "public domain",
            "domaine public",
            "other pd",
            "publicdomain mark",
            "gemeinfrei",
        ])],
        Open,
        "Public domain",
        OPEN,
    ),
    rule(&[W(&["other at"])], Open, "Other (Attribution)", OPEN),
    rule(
        &[W(&["other open"])],
        Open,
        "Other (Open)",
        "declared open by the portal",
    ),
    rule(
        &[W(&["gfdl", "gnu free documentation license"])],
        Open,
        "GNU FDL",
        OPEN,
    ),
    rule(
        &[Sign('©'), W(&["copyright"])],
        NotOpen,
        "All rights reserved",
        "a copyright notice without an open licence",
    ),
    rule(
        &[W(CC_WORDS)],
        Unknown,
        "Creative Commons",
        "Creative Commons without saying which licence (some are not open)",
    ),
    rule(
        &[W(&[
            "notspecified",
            "not specified",
            "license not specified",
            "non specifiee",
            "non specifie",
            "non precisee",
        ])],
        Unknown,
        "",
        "the publisher says it is not specified",
    ),
];

/// The Creative Commons clauses a statement names.
struct CcClauses {
    cc: bool,
    nc: bool,
    nd: bool,
    sa: bool,
    by: bool,
}

impl CcClauses {
    fn of(w: &Words) -> Self {
        CcClauses {
            cc: w.any(CC_WORDS),
            nc: w.any(NC_WORDS),
            nd: w.any(ND_WORDS),
            sa: w.any(SA_WORDS),
            by: w.any(BY_WORDS),
        }
    }

    /// A Creative Commons licence with a non-commercial or no-derivatives clause
    /// ("BY-NC" without "CC" is one too).
    fn restricted(&self, w: &Words) -> Option<Reading> {
        if !((self.cc || self.by) && (self.nc || self.nd)) {
            return None;
        }
        let mut name = String::from("CC BY");
        if self.nc {
            name.push_str("-NC");
        }
        if self.nd {
            name.push_str("-ND");
        } else if self.sa {
            name.push_str("-SA");
        }
        let why = match (self.nc, self.nd) {
            (true, true) => "non-commercial use only and no derivatives",
            (true, false) => "non-commercial use only",
            _ => "no derivatives allowed",
        };
        Some(Reading::new(
            NotOpen,
            with_version(&name, w.version(), CC_VERSIONS),
            why,
        ))
    }

    /// CC BY or CC BY-SA.
    fn attribution(&self, w: &Words) -> Option<Reading> {
        if !((self.cc || w.has("creative commons attribution")) && self.by) {
            return None;
        }
        let name = if self.sa { "CC BY-SA" } else { "CC BY" };
        Some(Reading::new(
            Open,
            with_version(name, w.version(), CC_VERSIONS),
            OPEN,
        ))
    }
}

impl Rule {
    fn seen(&self, raw: &str, w: &Words, cc: bool) -> bool {
        self.cues.iter().any(|cue| match *cue {
            W(phrases) => w.any(phrases),
            Part(part) => w.contains(part),
            CcAnd(word) => cc && w.has(word),
            Versioned(word) => w.has(word) && w.version().is_some(),
            Sign(c) => raw.contains(c),
        })
    }

    fn reading(&self, w: &Words) -> Reading {
        let canonical = match (self.name, self.versions) {
            ("", _) => None,
            (name, []) => Some(name.to_owned()),
            (name, versions) => Some(with_version(name, w.version(), versions)),
        };
        Reading {
            class: self.class,
            canonical,
            why: self.why,
        }
    }
}

/// The reading of the first rule of `rules` the statement shows.
fn first(rules: &[Rule], raw: &str, w: &Words, cc: bool) -> Option<Reading> {
    rules
        .iter()
        .find(|r| r.seen(raw, w, cc))
        .map(|r| r.reading(w))
}

/// Read a licence name, id or free text. Restrictions come first ("CC BY-NC" also
/// contains "CC BY"), then open licences most specific first, then weak signals.
fn read_text(s: &str) -> Option<Reading> {
    let w = Words::of(s);
    let cc = CcClauses::of(&w);
    first(PORTAL_RESTRICTIONS, s, &w, cc.cc)
        .or_else(|| cc.restricted(&w))
        .or_else(|| first(NOT_OPEN, s, &w, cc.cc))
        .or_else(|| first(OPEN_BY_NAME, s, &w, cc.cc))
        .or_else(|| cc.attribution(&w))
        .or_else(|| first(OPEN_OTHERWISE, s, &w, cc.cc))
}

/// creativecommons.org licence codes (`/licenses/CODE/VERSION/`).
const CC_URL_CODES: &[(&str, &str, LicenceClass, &str)] = &[
    ("by", "CC BY", Open, OPEN),
    ("by-sa", "CC BY-SA", Open, OPEN),
    ("by-nc", "CC BY-NC", NotOpen, "non-commercial use only"),
    ("by-nd", "CC BY-ND", NotOpen, "no derivatives allowed"),
    (
        "by-nc-sa",
        "CC BY-NC-SA",
        NotOpen,
        "non-commercial use only",
    ),
    (
        "by-nc-nd",
        "CC BY-NC-ND",
        NotOpen,
        "non-commercial use only and no derivatives",
    ),
];

/// Parts of an opendatacommons.org path, most specific first.
const ODC_URL_PARTS: &[(&str, &str)] = &[
    ("odbl", "ODbL 1.0"),
    ("pddl", "PDDL 1.0"),
    ("odc-by", "ODC-BY 1.0"),
];

/// Parts of an Etalab URL that give the Licence Ouverte's version.
const ETALAB_URL_VERSIONS: &[(&str, &str)] =
    &[("v2", "2.0"), ("2.0", "2.0"), ("v1", "1.0"), ("1.0", "1.0")];

/// A licence URL's host, lower case, without `www.`; its path, lower case; and its
/// path's segments.
struct UrlParts {
    host: String,
    path: String,
}

impl UrlParts {
    fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|p| !p.is_empty()).collect()
    }
}

/// The version a URL path segment gives (`4.0`, `v3`, `3` → `3.0`).
fn segment_version(segs: &[&str], i: usize) -> Option<String> {
    let v = segs.get(i)?;
    let v = v.strip_prefix('v').unwrap_or(v);
    let ok = !v.is_empty() && v.len() <= 4 && v.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    ok.then(|| {
        if v.contains('.') {
            v.to_owned()
        } else {
            format!("{v}.0")
        }
    })
}

/// Read a licence URL: the licence sites by their paths, any other site by the words
/// of its path.
fn read_url(s: &str) -> Option<Reading> {
    let Ok(u) = Url::parse(s) else {
        return read_text(s);
    };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let url = UrlParts {
        host: host.strip_prefix("www.").unwrap_or(&host).to_owned(),
        path: u.path().to_ascii_lowercase(),
    };
    match url.host.as_str() {
        "creativecommons.org" => creative_commons_url(&url.segments()),
        "opendatacommons.org" | "opendefinition.org" => open_data_commons_url(&url),
        "spdx.org" => match url.segments().as_slice() {
            ["licenses", id, ..] => {
                read_text(id.trim_end_matches(".html").trim_end_matches(".json"))
            }
            _ => None,
        },
        "nationalarchives.gov.uk" if url.path.contains("open-government-licence") => {
            let segs = url.segments();
            let v = segs
                .iter()
                .position(|s| *s == "version")
                .and_then(|i| segment_version(&segs, i + 1));
            Some(Reading::new(
                Open,
                with_version("OGL", v, OGL_VERSIONS),
                OPEN,
            ))
        }
        host if host.ends_with("etalab.gouv.fr")
            || url.path.contains("licence-ouverte")
            || url.path.contains("licence_ouverte") =>
        {
            let v = ETALAB_URL_VERSIONS
                .iter()
                .find(|(part, _)| url.path.contains(part))
                .map(|(_, v)| (*v).to_owned());
            Some(Reading::new(
                Open,
                with_version("Licence Ouverte", v, LO_VERSIONS),
                OPEN,
            ))
        }
        _ => read_text(&url.path),
    }
}

fn creative_commons_url(segs: &[&str]) -> Option<Reading> {
    match segs {
        ["licenses" | "licences", code, ..] => {
            let (_, name, class, why) = CC_URL_CODES.iter().find(|(c, ..)| c == code)?;
            Some(Reading::new(
                *class,
                with_version(name, segment_version(segs, 2), CC_VERSIONS),
                why,
            ))
        }
        ["publicdomain", "zero", ..] => Some(Reading::new(Open, "CC0 1.0", OPEN)),
        ["publicdomain", "mark", ..] => Some(Reading::new(Open, "Public domain", OPEN)),
        _ => None,
    }
}

fn open_data_commons_url(url: &UrlParts) -> Option<Reading> {
    let named = ODC_URL_PARTS
        .iter()
        .find(|(part, _)| url.path.contains(part))
        .map(|(_, name)| *name)
        .or_else(|| url.segments().contains(&"by").then_some("ODC-BY 1.0"));
    match named {
        Some(name) => Some(Reading::new(Open, name, OPEN)),
        None => read_text(&url.path),
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
