//! Licences as real commune pages state them (iMio Plone, WordPress, Drupal and hand-made
//! sites): a link to the licence, `rel="license"`, a Creative Commons badge, a "Licence"
//! column or `<dt>`/`<dd>`, `<meta name="dcterms.license">`, JSON-LD `license`, a
//! statement for a whole section or page, and neighbours stating different licences.
//!
//! Each page in `tests/fixtures/licence-pages/` was written from those templates, with
//! the licence every file on it should get. The test reads each page as the crawler does
//! (`parse_html`, then the licence of each file's group) and judges that licence as the
//! audit does (`judge_licence`); it prints the score and fails on any wrong file.

use odaudit::assess::{LicenceClass, judge_licence};
use odaudit::discover::links::{LinkKind, kind_of};
use odaudit::discover::page::{ParsedPage, decode_html, parse_html};
use url::Url;

/// What a file's licence must read as.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// An open licence, with its canonical name.
    Open(&'static str),
    /// A licence that is stated and restricts reuse.
    NotOpen,
    /// Anything but open (nothing stated, or a restriction).
    NotOpenOrNone,
}

use Expect::*;

/// A page: its fixture file, its URL, and the licence each of its files must get.
type Page = (
    &'static str,
    &'static str,
    &'static [(&'static str, Expect)],
);

const PAGES: &[Page] = &[
    (
        "plone-intro-link.html",
        "https://www.anhee.be/ma-commune/donnees-ouvertes",
        &[
            ("budget-2024.csv", Open("CC BY 4.0")),
            ("cimetieres.geojson", Open("CC BY 4.0")),
            ("arbres-remarquables.xlsx", Open("CC BY 4.0")),
        ],
    ),
    (
        "wordpress-intro-link.html",
        "https://www.ciney.be/open-data/",
        &[
            ("population-par-quartier.csv", Open("Licence Ouverte 2.0")),
            ("defibrillateurs.json", Open("Licence Ouverte 2.0")),
        ],
    ),
    (
        "drupal-intro-link.html",
        "https://www.wavre.be/fr/jeux-de-donnees",
        &[
            ("voiries.csv", Open("ODbL 1.0")),
            ("parcs.kml", Open("ODbL 1.0")),
        ],
    ),
    (
        "wordpress-cc-badge.html",
        "https://www.gesves.be/donnees-publiques/",
        &[
            ("points-collecte.csv", Open("CC BY-SA 4.0")),
            ("sentiers.geojson", Open("CC BY-SA 4.0")),
        ],
    ),
    (
        "custom-badge-only.html",
        "http://www.fernelmont.be/opendata.php",
        &[
            ("fichier=associations.csv", Open("CC0 1.0")),
            ("fichier=salles.csv", Open("CC0 1.0")),
        ],
    ),
    (
        "plone-licence-column.html",
        "https://www.namur.be/fr/donnees",
        &[
            ("parkings.csv", Open("CC BY 4.0")),
            ("photos-aeriennes.zip", NotOpen),
            ("toilettes.json", Open("CC0 1.0")),
        ],
    ),
    (
        "drupal-dl-neighbours.html",
        "https://www.rixensart.be/catalogue",
        &[
            ("arrets-bus.csv", Open("CC0 1.0")),
            ("plan-secteur.zip", NotOpen),
            ("commerces.xlsx", Open("Licence Ouverte 2.0")),
        ],
    ),
    (
        "meta-dcterms.html",
        "https://www.hamois.be/donnees-ouvertes",
        &[
            ("marches-hebdomadaires.csv", Open("CC BY 4.0")),
            ("ecoles.ods", Open("CC BY 4.0")),
        ],
    ),
    (
        "jsonld-license.html",
        "https://www.mons.be/opendata",
        &[
            ("bornes-recharge.geojson", Open("CC BY 4.0")),
            ("population.csv", Open("CC BY 4.0")),
        ],
    ),
    (
        "link-rel-license-head.html",
        "https://www.profondeville.be/donnees",
        &[
            ("fontaines.csv", Open("PDDL 1.0")),
            ("fontaines.json", Open("PDDL 1.0")),
        ],
    ),
    (
        "section-below.html",
        "https://www.assesse.be/transparence",
        &[
            ("rapport-annuel-2023.pdf", NotOpenOrNone),
            ("budget-2024.csv", Open("Licence Ouverte")),
            ("subsides.xlsx", Open("Licence Ouverte")),
            ("plan-communal.zip", NotOpen),
        ],
    ),
    (
        "section-whole-page.html",
        "https://www.yvoir.be/opendata",
        &[
            ("parkings-velos.csv", Open("CC BY 4.0")),
            ("bulles-verres.csv", Open("CC BY 4.0")),
        ],
    ),
    (
        "wordpress-neighbours-headings.html",
        "https://www.floreffe.be/donnees/",
        &[
            ("bibliotheques.csv", Open("CC BY 4.0")),
            ("patrimoine.zip", NotOpen),
            ("salles.xlsx", NotOpenOrNone),
        ],
    ),
    (
        "flat-neighbours.html",
        "https://www.ohey.be/donnees",
        &[("arbres.csv", Open("ODC-BY 1.0")), ("egouts.csv", NotOpen)],
    ),
    (
        "rights-reserved-only.html",
        "https://www.onhaye.be/documents",
        &[
            ("liste-rues.csv", NotOpenOrNone),
            ("salles.xls", NotOpenOrNone),
        ],
    ),
    (
        "copyright-only.html",
        "https://www.dinant.be/opendata",
        &[("evenements.csv", NotOpenOrNone)],
    ),
    (
        "databe-link.html",
        "https://www.walhain.be/opendata",
        &[
            ("collectes.ics", Open("CC0 1.0")),
            ("collectes.csv", Open("CC0 1.0")),
        ],
    ),
    (
        "tablepress-licence-column.html",
        "https://www.fleurus.be/donnees-ouvertes/",
        &[
            ("population-secteurs.csv", Open("Licence Ouverte 2.0")),
            ("orthophotos.zip", NotOpen),
            ("pav.geojson", Open("CC BY-SA 4.0")),
        ],
    ),
    (
        "plone-section-below-link.html",
        "https://www.eghezee.be/open-data",
        &[
            ("arrets-tec.csv", Open("ODbL 1.0")),
            ("parkings-pmr.geojson", Open("ODbL 1.0")),
            ("permis-2023.xlsx", NotOpenOrNone),
        ],
    ),
    (
        "cards-no-headings.html",
        "https://www.jemeppe-sur-sambre.be/donnees",
        &[
            ("dea.csv", Open("CC BY 4.0")),
            ("salles.csv", NotOpenOrNone),
            ("plaines.json", Open("CC0 1.0")),
        ],
    ),
];

/// The licence statement (name, URL) the crawler gives the files of a link's group.
fn statement(page: &ParsedPage, group: usize) -> (Option<String>, Option<String>) {
    let s = page.groups[group]
        .licence
        .clone()
        .or_else(|| page.licence.clone())
        .unwrap_or_default();
    (s.name, s.url)
}

#[test]
fn licences_as_real_pages_state_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/licence-pages");
    let (mut right, mut total, mut wrong) = (0, 0, Vec::new());
    for (file, url, expected) in PAGES {
        let bytes = std::fs::read(format!("{dir}/{file}")).expect("fixture");
        let url: Url = url.parse().unwrap();
        let page = parse_html(&decode_html(&bytes, Some("text/html")), &url);
        for (needle, expect) in *expected {
            total += 1;
            let link = page.links.iter().find(|l| {
                l.url.as_str().ends_with(needle)
                    && matches!(kind_of(&l.url, &url, None), LinkKind::File(_))
            });
            let Some(link) = link else {
                wrong.push(format!("{file}: no file link {needle}"));
                continue;
            };
            let (name, licence_url) = statement(&page, link.group);
            let v = judge_licence(name.as_deref(), licence_url.as_deref());
            let ok = match expect {
                Open(canonical) => {
                    v.class == LicenceClass::Open && v.canonical.as_deref() == Some(canonical)
                }
                NotOpen => v.class == LicenceClass::NotOpen,
                NotOpenOrNone => v.class != LicenceClass::Open,
            };
            if ok {
                right += 1;
            } else {
                wrong.push(format!(
                    "{file}: {needle}: expected {expect:?}, got {:?} {:?} ({})",
                    v.class, v.canonical, v.reason
                ));
            }
        }
    }
    // Printed so that a run shows the score (`cargo test --test licence_pages -- --nocapture`).
    println!("licence pages: {right}/{total} files read right");
    assert!(
        wrong.is_empty(),
        "{right}/{total} right:\n{}",
        wrong.join("\n")
    );
}

/// No page leaks a licence into a link that is itself a licence: a link to a licence is
/// a statement, never a file or a dataset.
#[test]
fn a_link_to_a_licence_is_never_a_dataset() {
    let url: Url = "https://www.x.be/donnees".parse().unwrap();
    let html = r#"<h1>Données</h1><p>Licence <a href="https://creativecommons.org/licenses/by/4.0/">CC BY</a>,
      <a rel="license" href="https://www.x.be/licence-donnees">notre licence</a>,
      <a href="https://licensebuttons.net/l/by/4.0/88x31.png">badge</a></p>
      <ul><li><a href="/f.csv">f</a></li></ul>"#;
    let page = parse_html(html, &url);
    let urls: Vec<&str> = page.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["https://www.x.be/f.csv"]);
}
