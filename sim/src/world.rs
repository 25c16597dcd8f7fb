//! The world model: which communes have which site, what each publishes where, what it
//! declared, and which faults disturb it — all drawn from the seed, nothing from a clock.
//!
//! The model is small (names, paths, seeds); bytes and pages are rendered from it on each
//! request (see [`super::content`], [`super::site`], [`super::ods`]), which keeps the full
//! 262-commune world to a few megabytes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::SimError;
use super::assets::Asset;
use super::communes::{Commune, load_communes, parse_communes};
use super::content::Payload;
use super::dates::{DAY, NOW, year_month};
use super::faults::{Fault, FaultProfile};
use super::format::{Format, Kind};
use super::manifest::{Channel, DeclarationKind, PortalKind, SiteKind};
use super::platform::{Burial, PlatformSim};
use super::rng::{Rng, mix};

/// The communes file shipped with odaudit, used when no other is given and
/// `targets/wallonia.csv` is not in the working directory.
const EMBEDDED_TARGETS: &str = include_str!("../../targets/wallonia.csv");

/// How to build a world.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Everything random is drawn from this.
    pub seed: u64,
    /// Keep only this many communes (portal cities and ODWB publishers first, so small
    /// worlds still have every kind of publisher).
    pub communes: Option<usize>,
    /// The communes file (default: `targets/wallonia.csv`, else the embedded copy).
    pub targets: Option<PathBuf>,
    /// Which faults to inject.
    pub faults: FaultProfile,
    /// Extra faults per host name (added to the profile's).
    pub host_faults: BTreeMap<String, Vec<Fault>>,
    /// Replace every robots.txt `Crawl-delay` with this (seconds); a
    /// `large_crawl_delay` fault still wins.
    pub crawl_delay: Option<f64>,
    /// Give the first commune-owned portal dataset this title instead of its own, so
    /// tests can check that reports show hostile text (markup, scripts) as text.
    pub dataset_title: Option<String>,
    /// Model the platforms communes really run (see [`super::platform`]): most sites iMio
    /// (Plone 6 smartweb with its `@search` JSON, older Plone with `sitemap.xml.gz`),
    /// WordPress with its media endpoint, some refusing their API, the three biggest sites
    /// 300 to 400 pages deep. Off: the world of earlier versions, byte for byte.
    pub platforms: bool,
    /// Enforce this daily quota on every OpenDataSoft portal's API (429 beyond it, with
    /// the `X-RateLimit-*` headers saying so). `None`: 5,000 announced, never enforced.
    pub ods_daily_quota: Option<u64>,
}

/// A generated world, ready to be served.
#[derive(Debug)]
pub struct World {
    pub(crate) seed: u64,
    pub(crate) profile: FaultProfile,
    pub(crate) crawl_delay: Option<f64>,
    pub(crate) communes: Vec<CommuneSim>,
    pub(crate) datasets: Vec<DatasetSim>,
    pub(crate) files: Vec<FileSim>,
    pub(crate) portals: Vec<PortalSim>,
    pub(crate) hosts: BTreeMap<String, HostSim>,
    pub(crate) other_datasets: Vec<usize>,
    pub(crate) platforms: bool,
    pub(crate) ods_quota: Option<u64>,
}

#[derive(Debug, Default)]
pub(crate) struct HostSim {
    pub kind: HostKind,
    pub files: HashMap<String, usize>,
    pub faults: Vec<Fault>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum HostKind {
    Commune(usize),
    Portal(usize),
    #[default]
    StaticImio,
}

#[derive(Debug)]
pub(crate) struct CommuneSim {
    pub info: Commune,
    pub slug: String,
    pub host: Option<String>,
    pub kind: Option<SiteKind>,
    pub reachable: bool,
    pub soft_404: bool,
    pub sitemap: bool,
    pub layout: Layout,
    pub news: Vec<NewsSim>,
    pub decoys: Vec<DecoySim>,
    pub open_data_page: bool,
    pub datasets: Vec<usize>,
    pub odwb_publisher: Option<String>,
    pub links_odwb: bool,
    pub own_portal: Option<usize>,
    pub links_own_portal: bool,
    /// The site's own Crawl-delay, before any override (iMio: the shared file's).
    pub crawl_delay: Option<f64>,
    pub declaration: Declared,
    pub declaration_kind: DeclarationKind,
    /// The platform as really run (`None` unless [`Config::platforms`]).
    pub platform: Option<PlatformSim>,
}

/// Where pages are on a site.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    pub home: String,
    pub news: String,
    pub agenda: String,
    pub council: String,
    pub open_data: String,
    pub hidden: String,
}

#[derive(Debug)]
pub(crate) struct NewsSim {
    pub path: String,
    pub title: String,
    pub date: i64,
    pub decoys: Vec<usize>,
    pub datasets: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct DecoySim {
    pub file: usize,
    pub path: String,
    pub link: String,
    pub kind: &'static str,
    pub title: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    OpenDataPage,
    News(usize),
    Hidden,
    Portal,
    /// Deep in a big site (platforms worlds only).
    Buried(Burial),
}

#[derive(Debug)]
pub(crate) struct DatasetSim {
    pub id: String,
    pub uid: String,
    pub title: String,
    pub description: String,
    pub theme: &'static str,
    pub keywords: Vec<&'static str>,
    pub owner: Option<usize>,
    pub channel: Channel,
    pub portal: Option<usize>,
    pub publisher: Option<String>,
    pub licence: Option<Licence>,
    pub created: i64,
    pub modified: i64,
    pub frequency: Option<&'static str>,
    pub placement: Placement,
    pub reachable: bool,
    pub geo: bool,
    pub seed: u64,
    pub rows: u16,
    pub place: Arc<str>,
    pub dists: Vec<DistSim>,
}

#[derive(Debug)]
pub(crate) struct DistSim {
    pub host: String,
    /// Path (and query) of the bytes.
    pub path: String,
    /// The href pages use, when it differs.
    pub link: Option<String>,
    /// The stored file; `None` for portal exports (rendered from the dataset) and broken links.
    pub file: Option<usize>,
    /// The portal export format (`csv`, `json`...).
    pub export: Option<&'static str>,
    pub broken: bool,
    /// What the file's name says it is, for a broken link: its file is gone, its name
    /// stays on the page.
    pub broken_named_as: Option<Kind>,
}

#[derive(Debug)]
pub(crate) struct FileSim {
    pub payload: Payload,
    /// The file name as published (extension may lie).
    pub name: String,
    pub content_type: Option<String>,
    /// What the Content-Type says the file is (`None`: it says nothing, as
    /// `application/octet-stream`). The world chose it, so it knows when it lies.
    pub typed_as: Option<Kind>,
    pub last_modified: i64,
}

#[derive(Clone, Debug)]
pub(crate) struct Licence {
    pub id: &'static str,
    pub title: &'static str,
    pub url: Option<&'static str>,
    pub open: bool,
}

#[derive(Debug)]
pub(crate) struct PortalSim {
    pub id: String,
    pub kind: PortalKind,
    pub host: String,
    pub name: String,
    pub owner: Option<usize>,
    pub datasets: Vec<usize>,
    pub by_id: HashMap<String, usize>,
}

/// Survey answers, as tokens.
#[derive(Clone, Debug, Default)]
pub(crate) struct Declared {
    pub opens_data: bool,
    pub channels: BTreeSet<&'static str>,
    pub formats: BTreeSet<&'static str>,
    pub update: &'static str,
    pub communication: BTreeSet<&'static str>,
    pub planned_opening: Option<&'static str>,
}

pub(crate) const ODWB_HOST: &str = "www.odwb.be";
pub(crate) const IMIO_STATIC_HOST: &str = "static.imio.be";

/// (title, slug, geo, theme, keywords)
const TOPICS: &[(&str, &str, bool, &str, &[&str])] = &[
    (
        "Budget communal",
        "budget-communal",
        false,
        "Administration, Gouvernement, Finances publiques, Citoyenneté",
        &["budget", "finances"],
    ),
    (
        "Défibrillateurs (DEA)",
        "defibrillateurs",
        true,
        "Santé",
        &["santé", "DEA"],
    ),
    (
        "Boîtes à livres",
        "boites-a-livres",
        true,
        "Culture, Patrimoine",
        &["lecture", "culture"],
    ),
    (
        "Parkings vélos",
        "parkings-velos",
        true,
        "Mobilité",
        &["vélo", "mobilité"],
    ),
    (
        "Points d'apport volontaire",
        "points-apport-volontaire",
        true,
        "Environnement",
        &["déchets", "collecte"],
    ),
    (
        "Liste des rues",
        "liste-des-rues",
        false,
        "Administration, Gouvernement, Finances publiques, Citoyenneté",
        &["rues", "adresses"],
    ),
    (
        "Associations locales",
        "associations-locales",
        false,
        "Société",
        &["associations"],
    ),
    (
        "Calendrier des collectes de déchets",
        "collectes-dechets",
        false,
        "Environnement",
        &["déchets"],
    ),
    (
        "Population par section",
        "population-par-section",
        false,
        "Démographie",
        &["population"],
    ),
    (
        "Marchés publics attribués",
        "marches-publics",
        false,
        "Administration, Gouvernement, Finances publiques, Citoyenneté",
        &["marchés publics"],
    ),
    (
        "Subsides aux associations",
        "subsides-associations",
        false,
        "Administration, Gouvernement, Finances publiques, Citoyenneté",
        &["subsides"],
    ),
    (
        "Aires de jeux",
        "aires-de-jeux",
        true,
        "Loisirs",
        &["enfance", "loisirs"],
    ),
    (
        "Arbres remarquables",
        "arbres-remarquables",
        true,
        "Environnement",
        &["arbres", "patrimoine naturel"],
    ),
    (
        "Cimetières",
        "cimetieres",
        true,
        "Administration, Gouvernement, Finances publiques, Citoyenneté",
        &["cimetières"],
    ),
    (
        "Écoles communales",
        "ecoles-communales",
        true,
        "Education, Formation, Recherche, Enseignement",
        &["écoles"],
    ),
    (
        "Bornes de recharge électrique",
        "bornes-recharge",
        true,
        "Mobilité",
        &["énergie", "mobilité"],
    ),
    (
        "Travaux en cours",
        "travaux-en-cours",
        true,
        "Mobilité",
        &["travaux", "voirie"],
    ),
    (
        "Zones 30",
        "zones-30",
        true,
        "Mobilité",
        &["sécurité routière"],
    ),
    (
        "Naissances et décès",
        "naissances-deces",
        false,
        "Démographie",
        &["état civil"],
    ),
    (
        "Consommation énergétique des bâtiments communaux",
        "energie-batiments",
        false,
        "Environnement",
        &["énergie"],
    ),
];

const FREQUENCIES: &[Option<&str>] = &[
    Some("Annuelle"),
    Some("Mensuelle"),
    Some("Quotidienne"),
    Some("Trimestrielle"),
    Some("Hebdomadaire"),
    Some("Irrégulière"),
    Some("http://publications.europa.eu/resource/authority/frequency/ANNUAL"),
    Some("http://publications.europa.eu/resource/authority/frequency/MONTHLY"),
    Some("http://publications.europa.eu/resource/authority/frequency/IRREG"),
    None,
    None,
];

const PORTAL_LICENCES: &[Licence] = &[
    Licence {
        id: "cc-by-4.0",
        title: "CC BY 4.0",
        url: Some("https://creativecommons.org/licenses/by/4.0/"),
        open: true,
    },
    Licence {
        id: "lo-2.0",
        title: "Licence Ouverte v2.0 (Etalab)",
        url: Some(
            "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
        ),
        open: true,
    },
    Licence {
        id: "odbl-1.0",
        title: "Open Database License (ODbL)",
        url: Some("https://opendatacommons.org/licenses/odbl/"),
        open: true,
    },
    Licence {
        id: "cc0-1.0",
        title: "CC0 1.0",
        url: Some("https://creativecommons.org/publicdomain/zero/1.0/"),
        open: true,
    },
];
const CLOSED_LICENCE: Licence = Licence {
    id: "all-rights-reserved",
    title: "Tous droits réservés",
    url: None,
    open: false,
};
const WEB_OPEN_LICENCES: &[Licence] = &[
    Licence {
        id: "lo-2.0",
        title: "Licence ouverte",
        url: None,
        open: true,
    },
    Licence {
        id: "cc-by-4.0",
        title: "Licence Creative Commons CC BY 4.0",
        url: Some("https://creativecommons.org/licenses/by/4.0/deed.fr"),
        open: true,
    },
];

const OTHER_PUBLISHERS: &[&str] = &[
    "Service public de Wallonie",
    "SPW - Mobilité et Infrastructures",
    "Agence du Numérique",
    "Province de Luxembourg",
    "IWEPS",
    "Fédération Wallonie-Bruxelles ",
];

impl World {
    /// Build a world.
    pub fn generate(config: &Config) -> Result<World, SimError> {
        let all = match &config.targets {
            Some(path) => load_communes(path)?,
            None => {
                let default = PathBuf::from("targets/wallonia.csv");
                if default.is_file() {
                    load_communes(&default)?
                } else {
                    parse_communes(EMBEDDED_TARGETS, "targets/wallonia.csv (embedded)")?
                }
            }
        };
        let communes = select(all, config.communes);
        let mut b = Builder::new(config);
        b.build(communes);
        if let Some(title) = &config.dataset_title {
            let owned = b
                .datasets
                .iter_mut()
                .find(|d| d.owner.is_some() && d.placement == Placement::Portal);
            if let Some(d) = owned {
                d.title = title.clone();
            }
        }
        Ok(b.finish())
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every host name the world answers for.
    pub fn hosts(&self) -> Vec<String> {
        self.hosts.keys().cloned().collect()
    }

    /// True when built with [`Config::platforms`].
    pub fn platforms(&self) -> bool {
        self.platforms
    }

    /// How many communes.
    pub fn commune_count(&self) -> usize {
        self.communes.len()
    }

    /// The Crawl-delay robots.txt announces for a site whose own value is `own`.
    pub(crate) fn effective_delay(&self, own: Option<f64>) -> Option<f64> {
        own.map(|d| self.crawl_delay.unwrap_or(d))
    }
}

/// Keep `n` communes: own-portal cities, then ODWB publishers, then the rest, in file order.
fn select(all: Vec<Commune>, n: Option<usize>) -> Vec<Commune> {
    let Some(n) = n else { return all };
    let mut order: Vec<(u8, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let rank = if c.own_portal.is_some() {
                0
            } else if !c.aliases.is_empty() {
                1
            } else {
                2
            };
            (rank, i)
        })
        .collect();
    order.sort();
    let mut keep: Vec<usize> = order.into_iter().take(n).map(|(_, i)| i).collect();
    keep.sort();
    let mut all: Vec<Option<Commune>> = all.into_iter().map(Some).collect();
    keep.into_iter().filter_map(|i| all[i].take()).collect()
}

/// Lower-case, accents stripped, spaces and apostrophes to `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' => "o",
            'û' | 'ü' | 'ù' | 'ú' => "u",
            'ç' => "c",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(mapped);
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if c == '-' && (collapsed.is_empty() || collapsed.ends_with('-')) {
            continue;
        }
        collapsed.push(c);
    }
    collapsed.trim_end_matches('-').to_owned()
}

struct Builder {
    seed: u64,
    profile: FaultProfile,
    crawl_delay: Option<f64>,
    host_faults: BTreeMap<String, Vec<Fault>>,
    communes: Vec<CommuneSim>,
    datasets: Vec<DatasetSim>,
    files: Vec<FileSim>,
    portals: Vec<PortalSim>,
    hosts: BTreeMap<String, HostSim>,
    other_datasets: Vec<usize>,
    platforms: bool,
    ods_quota: Option<u64>,
    /// Indices (in the communes file order) of the three biggest commune sites.
    big: Vec<usize>,
}

impl Builder {
    fn new(config: &Config) -> Self {
        Builder {
            seed: config.seed,
            profile: config.faults,
            crawl_delay: config.crawl_delay,
            host_faults: config.host_faults.clone(),
            communes: Vec::new(),
            datasets: Vec::new(),
            files: Vec::new(),
            portals: Vec::new(),
            hosts: BTreeMap::new(),
            other_datasets: Vec::new(),
            platforms: config.platforms,
            ods_quota: config.ods_daily_quota,
            big: Vec::new(),
        }
    }

    fn rng(&self, label: &str) -> Rng {
        Rng::new(self.seed, label)
    }

    fn finish(self) -> World {
        World {
            seed: self.seed,
            profile: self.profile,
            crawl_delay: self.crawl_delay,
            communes: self.communes,
            datasets: self.datasets,
            files: self.files,
            portals: self.portals,
            hosts: self.hosts,
            other_datasets: self.other_datasets,
            platforms: self.platforms,
            ods_quota: self.ods_quota,
        }
    }

    fn build(&mut self, communes: Vec<Commune>) {
        self.add_portal(
            "odwb",
            PortalKind::Opendatasoft,
            ODWB_HOST,
            "Open Data Wallonie-Bruxelles",
            None,
        );
        self.hosts
            .insert(IMIO_STATIC_HOST.to_owned(), HostSim::default());
        let ckan_city = communes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.own_portal.is_none() && c.website.is_some())
            .max_by_key(|(_, c)| c.population)
            .map(|(i, _)| i);
        if self.platforms {
            self.big = super::platform::biggest_sites(&communes);
        }
        let mut own_ods = 0;
        let mut seen_slugs = BTreeSet::new();
        for (i, info) in communes.into_iter().enumerate() {
            let mut slug = slugify(&info.name);
            if !seen_slugs.insert(slug.clone()) {
                slug = format!("{slug}-{}", info.nis_code);
                seen_slugs.insert(slug.clone());
            }
            let own_portal = if let Some(url) = &info.own_portal {
                let host = url
                    .host_str()
                    .unwrap_or("portal.invalid")
                    .to_ascii_lowercase();
                let kind = if own_ods == 1 {
                    PortalKind::OpendatasoftV1
                } else {
                    PortalKind::Opendatasoft
                };
                own_ods += 1;
                Some(self.add_portal(
                    &slug,
                    kind,
                    &host,
                    &format!("Open Data {}", info.name),
                    Some(i),
                ))
            } else if Some(i) == ckan_city {
                let host = format!("data.{slug}.be");
                Some(self.add_portal(
                    &slug,
                    PortalKind::Ckan,
                    &host,
                    &format!("Données ouvertes de {}", info.name),
                    Some(i),
                ))
            } else {
                None
            };
            self.add_commune(i, info, slug, own_portal);
        }
        self.add_other_datasets();
        self.assign_faults();
    }

    fn add_portal(
        &mut self,
        id: &str,
        kind: PortalKind,
        host: &str,
        name: &str,
        owner: Option<usize>,
    ) -> usize {
        let index = self.portals.len();
        self.portals.push(PortalSim {
            id: id.to_owned(),
            kind,
            host: host.to_owned(),
            name: name.to_owned(),
            owner,
            datasets: Vec::new(),
            by_id: HashMap::new(),
        });
        self.hosts.insert(
            host.to_owned(),
            HostSim {
                kind: HostKind::Portal(index),
                ..HostSim::default()
            },
        );
        index
    }

    fn add_file(&mut self, host: &str, path: &str, file: FileSim) -> usize {
        let index = self.files.len();
        self.files.push(file);
        if let Some(h) = self.hosts.get_mut(host) {
            h.files.insert(path.to_owned(), index);
        }
        index
    }

    fn add_commune(
        &mut self,
        index: usize,
        info: Commune,
        slug: String,
        own_portal: Option<usize>,
    ) {
        let mut rng = self.rng(&format!("commune/{}", info.nis_code));
        let has_site = info.website.is_some();
        // Platforms worlds follow the real mix (about three sites in four are iMio's); the
        // draw takes one number either way, so the rest of the world is unchanged.
        let weights: &[u32] = if self.platforms {
            &[75, 15, 10]
        } else {
            &[60, 25, 15]
        };
        let big = self.big.contains(&index);
        let kind = has_site.then(|| match rng.weighted(weights) {
            0 => SiteKind::Imio,
            1 => SiteKind::Wordpress,
            _ => SiteKind::Custom,
        });
        let reachable = has_site
            && (own_portal.is_some() || !info.aliases.is_empty() || !rng.chance(0.05) || big);
        let host = has_site.then(|| format!("www.{slug}.be"));
        let root = *rng.pick(&["ma-commune", "vie-communale", "notre-commune", "ma-ville"]);
        let layout = match kind {
            Some(SiteKind::Imio) => Layout {
                home: "/".into(),
                news: format!("/{root}/actualites"),
                agenda: format!("/{root}/agenda"),
                council: format!("/{root}/vie-politique/conseil-communal/proces-verbaux"),
                open_data: format!("/{root}/donnees-ouvertes"),
                hidden: format!("/{root}/documents"),
            },
            Some(SiteKind::Wordpress) => Layout {
                home: "/".into(),
                news: "/actualites/".into(),
                agenda: "/agenda/".into(),
                council: "/conseil-communal/".into(),
                open_data: "/donnees-ouvertes/".into(),
                hidden: "/wp-content/uploads".into(),
            },
            _ => Layout {
                home: "/index.php".into(),
                news: "/actualites.php".into(),
                agenda: "/agenda.php".into(),
                council: "/pages/vie_communale/conseil.php".into(),
                open_data: "/pages/opendata.php".into(),
                hidden: "/fichiers".into(),
            },
        };
        let custom_delay = kind == Some(SiteKind::Custom)
            && !self
                .communes
                .iter()
                .any(|c| c.kind == Some(SiteKind::Custom));
        let crawl_delay = match kind {
            Some(SiteKind::Imio) => Some(120.0),
            Some(SiteKind::Custom) if custom_delay => Some(10.0),
            _ => None,
        };
        if let Some(h) = &host {
            self.hosts.insert(
                h.clone(),
                HostSim {
                    kind: HostKind::Commune(index),
                    faults: if reachable {
                        Vec::new()
                    } else {
                        vec![Fault::Reset]
                    },
                    ..HostSim::default()
                },
            );
        }
        let soft_404 = match kind {
            Some(SiteKind::Custom) => true,
            Some(SiteKind::Wordpress) => rng.chance(0.3),
            _ => false,
        };
        let sitemap = match kind {
            Some(SiteKind::Imio) => rng.chance(0.5),
            Some(SiteKind::Wordpress) => rng.chance(0.7),
            _ => false,
        };
        self.communes.push(CommuneSim {
            info,
            slug,
            host,
            kind,
            reachable,
            soft_404,
            sitemap,
            layout,
            news: Vec::new(),
            decoys: Vec::new(),
            open_data_page: false,
            datasets: Vec::new(),
            odwb_publisher: None,
            links_odwb: false,
            own_portal,
            links_own_portal: false,
            crawl_delay,
            declaration: Declared::default(),
            declaration_kind: DeclarationKind::Honest,
            platform: None,
        });
        if self.platforms {
            let (earlier, this) = self.communes.split_at(index);
            let platform = super::platform::draw(self.seed, &this[0], big, earlier);
            self.communes[index].platform = platform;
        }
        if reachable {
            self.add_site_content(index, &mut rng);
        }
        self.add_publications(index, &mut rng);
        self.declare(index, &mut rng);
    }

    /// News, agenda and council minutes: the documents that are not open data.
    fn add_site_content(&mut self, ci: usize, rng: &mut Rng) {
        let c = &self.communes[ci];
        let host = c.host.clone().unwrap_or_default();
        let kind = c.kind.unwrap_or(SiteKind::Custom);
        let layout = c.layout.clone();
        let name = c.info.name.clone();
        let pv_count = match kind {
            SiteKind::Imio => rng.range(8, 45),
            SiteKind::Wordpress => rng.range(4, 20),
            SiteKind::Custom => rng.range(3, 12),
        };
        let mut decoys = Vec::new();
        for k in 0..pv_count {
            let date = NOW - (k as i64 * 30 + rng.range(0, 20) as i64) * DAY;
            let day = super::dates::ymd(date);
            let file_name = format!("pv-conseil-communal-{day}.pdf");
            let title = format!("Procès-verbal du conseil communal du {day} - {name}");
            let (path, link) = self.locate(ci, kind, &layout.council, date, &file_name);
            let file = self.add_file(
                &host,
                &path,
                FileSim {
                    payload: Payload::Pdf {
                        title: Arc::from(title.as_str()),
                    },
                    name: file_name,
                    content_type: Some("application/pdf".into()),
                    typed_as: Some(Kind::plain(Format::Pdf)),
                    last_modified: date + 3 * DAY,
                },
            );
            decoys.push(DecoySim {
                file,
                path,
                link,
                kind: "council_minutes",
                title,
            });
        }
        let news_count = rng.range(3, 8) as usize;
        let mut news = Vec::new();
        for k in 0..news_count {
            let date = NOW - (k as i64 * 9 + rng.range(0, 8) as i64) * DAY;
            let (title, slug) = *rng.pick(&[
                ("Fermeture des bureaux", "fermeture-des-bureaux"),
                ("Travaux de voirie", "travaux-de-voirie"),
                ("Plaines de vacances", "plaines-de-vacances"),
                ("Collecte des sapins", "collecte-des-sapins"),
                ("Appel à candidatures", "appel-a-candidatures"),
                ("Marché de Noël", "marche-de-noel"),
                ("Enquête publique", "enquete-publique"),
            ]);
            let slug = format!("{slug}-{}", k + 1);
            let path = match kind {
                SiteKind::Imio => format!("{}/{slug}", layout.news),
                SiteKind::Wordpress => {
                    let (y, m) = year_month(date);
                    format!("/{y}/{m:02}/{slug}/")
                }
                SiteKind::Custom => format!("{}?id={}", layout.news, k + 1),
            };
            let mut item = NewsSim {
                path: path.clone(),
                title: title.to_owned(),
                date,
                decoys: Vec::new(),
                datasets: Vec::new(),
            };
            if rng.chance(0.6) {
                let (payload, ext, kind_name, ct) = match rng.weighted(&[5, 2, 1, 2]) {
                    0 => (
                        Payload::Pdf {
                            title: Arc::from(format!("{title} - {name}").as_str()),
                        },
                        "pdf",
                        "flyer",
                        "application/pdf",
                    ),
                    1 => (
                        Payload::Asset(Asset::Docx),
                        "docx",
                        "form",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ),
                    2 => (
                        Payload::Asset(Asset::Doc),
                        "doc",
                        "form",
                        "application/msword",
                    ),
                    _ => (Payload::Asset(Asset::Png), "png", "image", "image/png"),
                };
                let file_name = format!("{slug}.{ext}");
                let base = if kind == SiteKind::Imio {
                    path.clone()
                } else {
                    layout.news.trim_end_matches('/').to_owned()
                };
                let (fpath, link) = self.locate(ci, kind, &base, date, &file_name);
                let typed_as = Some(payload.kind());
                let file = self.add_file(
                    &host,
                    &fpath,
                    FileSim {
                        payload,
                        name: file_name,
                        content_type: Some(ct.into()),
                        typed_as,
                        last_modified: date,
                    },
                );
                item.decoys.push(decoys.len());
                decoys.push(DecoySim {
                    file,
                    path: fpath,
                    link,
                    kind: kind_name,
                    title: title.to_owned(),
                });
            }
            news.push(item);
        }
        let c = &mut self.communes[ci];
        c.decoys = decoys;
        c.news = news;
    }

    /// Where a commune's file lives and the href pointing at it: by CMS, and on an iMio
    /// smartweb site in the "fichiers" section of its page, linked to its download view.
    fn locate(
        &self,
        ci: usize,
        kind: SiteKind,
        dir: &str,
        date: i64,
        file_name: &str,
    ) -> (String, String) {
        let smartweb = self.communes[ci]
            .platform
            .as_ref()
            .is_some_and(|p| p.kind == super::manifest::PlatformKind::ImioSmartweb);
        if smartweb {
            let path = format!("{}/fichiers/{file_name}", dir.trim_end_matches('/'));
            let link = format!("{path}/@@download/file");
            return (path, link);
        }
        file_location(kind, dir, date, file_name)
    }

    fn add_publications(&mut self, ci: usize, rng: &mut Rng) {
        let c = &self.communes[ci];
        let big = c.info.population > 20_000;
        let aliases = c.info.aliases.clone();
        let own_portal = c.own_portal;
        let reachable = c.reachable;
        // Own portal.
        if let Some(p) = own_portal {
            let n = rng.range(6, 12);
            for _ in 0..n {
                self.add_portal_dataset(Some(ci), p, None, rng);
            }
            self.communes[ci].links_own_portal = reachable && rng.chance(0.8);
        }
        // ODWB.
        let odwb_count = if !aliases.is_empty() {
            rng.range(2, 6)
        } else if rng.chance(if big { 0.12 } else { 0.05 }) {
            rng.range(1, 2)
        } else {
            0
        };
        if odwb_count > 0 {
            let name = self.communes[ci].info.name.clone();
            let pool: Vec<String> = if aliases.is_empty() {
                messy_publishers(&name)
            } else {
                aliases
            };
            let main = pool[0].clone();
            for _ in 0..odwb_count {
                let publisher = rng.pick(&pool).clone();
                self.add_portal_dataset(Some(ci), 0, Some(publisher), rng);
            }
            let c = &mut self.communes[ci];
            c.odwb_publisher = Some(main);
            c.links_odwb = reachable && rng.chance(0.5);
        }
        // Website.
        let publishes_web = reachable && rng.chance(if big { 0.45 } else { 0.22 });
        if publishes_web {
            let n = rng.range(1, 4);
            self.communes[ci].open_data_page = rng.chance(0.6);
            for _ in 0..n {
                self.add_web_dataset(ci, rng, None);
            }
        }
        // A big site's data lies deep: on page 9 of an archive, 8 links down a services
        // tree, in a post on page 12 of a blog.
        let burials = self.communes[ci]
            .platform
            .as_ref()
            .and_then(|p| p.big.as_ref())
            .map(|b| b.burials());
        if reachable && let Some(burials) = burials {
            for b in burials {
                self.add_web_dataset(ci, rng, Some(Placement::Buried(b)));
            }
        }
        if self.communes[ci].links_odwb || self.communes[ci].links_own_portal {
            // A portal link lives on the open-data page when there is one, else on the homepage.
            self.communes[ci].open_data_page |= rng.chance(0.4);
        }
        let links_odwb = self.communes[ci].links_odwb;
        let links_own = self.communes[ci].links_own_portal;
        for &d in &self.communes[ci].datasets {
            let ds = &mut self.datasets[d];
            ds.reachable = match ds.channel {
                Channel::Odwb => links_odwb,
                Channel::OwnPortal => links_own,
                Channel::Website => ds.placement != Placement::Hidden,
            };
        }
    }

    fn new_dataset_id(&self, portal: usize, base: &str) -> String {
        let mut id = base.to_owned();
        let mut n = 2;
        while self.portals[portal].by_id.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn add_portal_dataset(
        &mut self,
        owner: Option<usize>,
        portal: usize,
        publisher: Option<String>,
        rng: &mut Rng,
    ) -> usize {
        let (topic, tslug, geo, theme, keywords) = *rng.pick(TOPICS);
        let place = owner.map_or_else(
            || "Wallonie".to_owned(),
            |c| self.communes[c].info.name.clone(),
        );
        let place_slug =
            owner.map_or_else(|| "wallonie".to_owned(), |c| self.communes[c].slug.clone());
        let id = self.new_dataset_id(portal, &format!("{tslug}-{place_slug}"));
        let p = &self.portals[portal];
        let channel = if portal == 0 {
            Channel::Odwb
        } else {
            Channel::OwnPortal
        };
        let publisher = publisher.or_else(|| owner.map(|_| format!("Ville de {place}")));
        let licence = if rng.chance(0.06) {
            Some(CLOSED_LICENCE)
        } else {
            Some(rng.pick(PORTAL_LICENCES).clone())
        };
        let modified = NOW - rng.range(1, 1400) as i64 * DAY - rng.range(0, 86_000) as i64;
        let host = p.host.clone();
        let kind = p.kind;
        let seed = mix(self.seed, &format!("{}/{id}", p.id));
        let index = self.datasets.len();
        let mut dists = Vec::new();
        let mut exports: Vec<&'static str> = vec!["csv", "json", "xlsx"];
        if geo {
            exports.extend(["geojson", "shp"]);
        }
        if kind == PortalKind::Ckan {
            // CKAN: a few uploaded resources, stored as files.
            let choices: &[(Payload, &str)] = &[
                (
                    Payload::Csv {
                        seed,
                        rows: 40,
                        place: Arc::from(place.as_str()),
                        geo,
                        utf8: true,
                    },
                    "text/csv",
                ),
                (
                    Payload::Asset(Asset::Xlsx),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    Payload::Json {
                        seed,
                        rows: 40,
                        place: Arc::from(place.as_str()),
                    },
                    "application/json",
                ),
            ];
            for (k, (payload, ct)) in choices.iter().enumerate().take(rng.range(1, 3) as usize) {
                let name = format!("{tslug}.{}", payload.ext());
                let path = format!(
                    "/dataset/{id}/resource/{:08x}-{k}/download/{name}",
                    seed as u32
                );
                let file = self.add_file(
                    &host,
                    &path,
                    FileSim {
                        payload: payload.clone(),
                        name,
                        content_type: Some((*ct).into()),
                        typed_as: Some(payload.kind()),
                        last_modified: modified,
                    },
                );
                dists.push(DistSim {
                    host: host.clone(),
                    path,
                    link: None,
                    file: Some(file),
                    export: None,
                    broken: false,
                    broken_named_as: None,
                });
            }
        } else {
            for e in exports {
                let path = match kind {
                    PortalKind::OpendatasoftV1 => {
                        format!("/explore/dataset/{id}/download/?format={e}")
                    }
                    _ => format!("/api/explore/v2.1/catalog/datasets/{id}/exports/{e}"),
                };
                dists.push(DistSim {
                    host: host.clone(),
                    path,
                    link: None,
                    file: None,
                    export: Some(e),
                    broken: false,
                    broken_named_as: None,
                });
            }
        }
        self.datasets.push(DatasetSim {
            id: id.clone(),
            uid: format!("da_{:06x}", seed & 0xFF_FFFF),
            title: format!("{topic} - {place}"),
            description: format!("<p>{topic} sur le territoire de {place}.</p>"),
            theme,
            keywords: keywords.to_vec(),
            owner,
            channel,
            portal: Some(portal),
            publisher,
            licence,
            created: modified - rng.range(0, 900) as i64 * DAY,
            modified,
            frequency: *rng.pick(FREQUENCIES),
            placement: Placement::Portal,
            reachable: false,
            geo,
            seed,
            rows: rng.range(5, 120) as u16,
            place: Arc::from(place.as_str()),
            dists,
        });
        let p = &mut self.portals[portal];
        p.by_id.insert(id, index);
        p.datasets.push(index);
        if let Some(c) = owner {
            self.communes[c].datasets.push(index);
        }
        index
    }

    fn add_web_dataset(&mut self, ci: usize, rng: &mut Rng, forced: Option<Placement>) {
        let c = &self.communes[ci];
        let host = c.host.clone().unwrap_or_default();
        let kind = c.kind.unwrap_or(SiteKind::Custom);
        let layout = c.layout.clone();
        let place = c.info.name.clone();
        let has_page = c.open_data_page;
        let news_count = c.news.len();
        let (topic, tslug, geo, theme, keywords) = *rng.pick(TOPICS);
        let index = self.datasets.len();
        let placement = match (forced, has_page, rng.below(100)) {
            (Some(p), _, _) => p,
            (None, true, 0..75) => Placement::OpenDataPage,
            (None, _, r) if news_count > 0 && r < 85 => {
                Placement::News(rng.below(news_count as u64) as usize)
            }
            _ => Placement::Hidden,
        };
        let modified = NOW - rng.range(20, 1800) as i64 * DAY;
        let licence = match rng.weighted(&[55, 15, 30]) {
            0 => Some(rng.pick(WEB_OPEN_LICENCES).clone()),
            1 => Some(CLOSED_LICENCE),
            _ => None,
        };
        let seed = mix(self.seed, &format!("web/{}/{index}", c.info.nis_code));
        let rows = rng.range(5, 200) as u16;
        let place_arc: Arc<str> = Arc::from(place.as_str());
        let base_dir = match placement {
            Placement::OpenDataPage => layout.open_data.trim_end_matches('/').to_owned(),
            Placement::News(n) if kind == SiteKind::Imio => self.communes[ci].news[n].path.clone(),
            Placement::News(_) => layout.news.trim_end_matches('/').to_owned(),
            Placement::Buried(b) if kind == SiteKind::Imio => b.page_path(),
            _ => layout.hidden.clone(),
        };
        let year = super::dates::year_month(modified).0;
        let mut dists = Vec::new();
        let n_dists = if rng.chance(0.3) { 2 } else { 1 };
        for k in 0..n_dists {
            let payload = match rng.weighted(&[25, 15, 10, 12, 5, 5, 4, 4, 5, 2, 2, 1, 2, 3, 3, 2])
            {
                0 => Payload::Csv {
                    seed: seed ^ k,
                    rows,
                    place: place_arc.clone(),
                    geo,
                    utf8: false,
                },
                1 => Payload::Asset(Asset::Xlsx),
                2 => Payload::Asset(Asset::Xls),
                3 => Payload::Asset(Asset::PdfTable),
                4 => Payload::Asset(Asset::Ods),
                5 => Payload::Json {
                    seed: seed ^ k,
                    rows,
                    place: place_arc.clone(),
                },
                6 => Payload::GeoJson {
                    seed: seed ^ k,
                    rows,
                    place: place_arc.clone(),
                },
                7 if rng.chance(0.7) => Payload::Asset(Asset::Kml),
                7 => Payload::Asset(Asset::Kmz),
                8 => Payload::Asset(Asset::ShpZip),
                9 => Payload::Asset(Asset::TurtleLinked),
                10 => Payload::Asset(Asset::TurtleVocab),
                11 => Payload::Asset(Asset::RdfXmlLinked),
                12 => Payload::Asset(Asset::CsvGz),
                13 => Payload::Asset(Asset::XlsxNamedCsv),
                14 => Payload::Asset(Asset::CsvNamedXls),
                _ => Payload::Asset(Asset::ErrorPageNamedCsv),
            };
            // A PDF is published data only on an open-data page (issue 4's definition);
            // elsewhere a commune's PDF is a document, so data files there are structured.
            let payload = match payload {
                Payload::Asset(Asset::PdfTable) if placement != Placement::OpenDataPage => {
                    Payload::Csv {
                        seed: seed ^ k,
                        rows,
                        place: place_arc.clone(),
                        geo,
                        utf8: false,
                    }
                }
                other => other,
            };
            let payload = super::content::sometimes_rows_that_matter(payload);
            let ext = payload.ext();
            let mut file_name = format!("{tslug}-{year}.{ext}");
            if k > 0
                || self.hosts.get(&host).is_some_and(|h| {
                    h.files
                        .keys()
                        .any(|p| p.ends_with(&format!("/{file_name}")))
                })
            {
                file_name = format!("{tslug}-{year}-{}.{ext}", index + k as usize);
            }
            let (path, link) = self.locate(ci, kind, &base_dir, modified, &file_name);
            let broken = rng.chance(0.05);
            // The server's type for the extension (saying what the name says), a type that
            // says nothing, or a misconfigured server's HTML type.
            let (content_type, typed_as) = match rng.weighted(&[80, 10, 10]) {
                0 => (content_type_of_ext(ext), Some(payload.named_as())),
                1 => ("application/octet-stream", None),
                _ => ("text/html; charset=utf-8", Some(Kind::plain(Format::Html))),
            };
            let broken_named_as = broken.then(|| payload.named_as());
            let file = (!broken).then(|| {
                self.add_file(
                    &host,
                    &path,
                    FileSim {
                        payload,
                        name: file_name,
                        content_type: Some(content_type.to_owned()),
                        typed_as,
                        last_modified: modified,
                    },
                )
            });
            let link = (link != path).then_some(link);
            dists.push(DistSim {
                host: host.clone(),
                path,
                link,
                file,
                export: None,
                broken,
                broken_named_as,
            });
        }
        self.datasets.push(DatasetSim {
            id: format!("{}-{tslug}-{index}", self.communes[ci].slug),
            uid: String::new(),
            title: format!("{topic} {year}"),
            description: format!("{topic} de la commune de {place}."),
            theme,
            keywords: keywords.to_vec(),
            owner: Some(ci),
            channel: Channel::Website,
            portal: None,
            publisher: Some(format!("Commune de {place}")),
            licence,
            created: modified,
            modified,
            frequency: if rng.chance(0.3) {
                Some("Annuelle")
            } else {
                None
            },
            placement,
            reachable: false,
            geo,
            seed,
            rows,
            place: place_arc,
            dists,
        });
        let c = &mut self.communes[ci];
        c.datasets.push(index);
        if let Placement::News(n) = placement {
            c.news[n].datasets.push(index);
        }
    }

    fn add_other_datasets(&mut self) {
        let mut rng = self.rng("others");
        let n = 6 + self.communes.len() / 20;
        for _ in 0..n {
            let publisher = rng.pick(OTHER_PUBLISHERS).to_string();
            let d = self.add_portal_dataset(None, 0, Some(publisher), &mut rng);
            self.other_datasets.push(d);
        }
    }

    /// The survey answers: honest for most, some over- and under-claiming.
    fn declare(&mut self, ci: usize, rng: &mut Rng) {
        let truth = self.honest(ci, rng);
        let publishes = truth.opens_data;
        let roll = rng.below(100);
        // Over-claimers are forced in small worlds: the first two communes that publish
        // nothing say they do (as the two of the 2020 survey whose data was not found).
        let overclaimers_so_far = self
            .communes
            .iter()
            .filter(|c| c.declaration_kind == DeclarationKind::Overclaims)
            .count();
        let (declared, kind) = if !publishes && (roll < 8 || overclaimers_so_far < 2) {
            let mut d = Declared {
                opens_data: true,
                update: "manuel_regulier",
                ..Declared::default()
            };
            d.channels.insert("site_web");
            if rng.chance(0.4) {
                d.channels.insert("odwb");
            }
            d.formats.insert("structure_ouvert");
            d.formats.insert("non_structure");
            d.communication.insert("site_web");
            (d, DeclarationKind::Overclaims)
        } else if publishes && roll < 20 {
            let mut d = truth.clone();
            if rng.chance(0.5) {
                d = Declared {
                    opens_data: false,
                    update: "non",
                    planned_opening: Some(*rng.pick(&["2021", "fin_mandature"])),
                    ..Declared::default()
                };
                d.communication.insert("aucune");
            } else {
                let first = d.channels.iter().next().copied();
                d.channels.retain(|c| Some(*c) == first);
                let top = d.formats.iter().next().copied();
                d.formats.retain(|f| Some(*f) == top);
                if d.channels.len() == truth.channels.len()
                    && d.formats.len() == truth.formats.len()
                {
                    // Nothing to drop: under-claim the update regime instead.
                    d.update = "non";
                }
            }
            (d, DeclarationKind::Underclaims)
        } else {
            (truth, DeclarationKind::Honest)
        };
        let c = &mut self.communes[ci];
        c.declaration = declared;
        c.declaration_kind = kind;
    }

    fn honest(&self, ci: usize, rng: &mut Rng) -> Declared {
        let c = &self.communes[ci];
        let mut d = Declared::default();
        for &i in &c.datasets {
            let ds = &self.datasets[i];
            d.channels.insert(match ds.channel {
                Channel::Website => "site_web",
                Channel::Odwb => "odwb",
                Channel::OwnPortal => "portail_propre",
            });
            for dist in &ds.dists {
                if dist.broken {
                    continue;
                }
                if let Some(class) = format_class(self.dist_stars(ds, dist)) {
                    d.formats.insert(class);
                }
            }
        }
        d.opens_data = !d.channels.is_empty();
        if d.opens_data {
            d.update = if c.own_portal.is_some() {
                "automatique"
            } else if d.channels.contains("odwb") {
                "manuel_regulier"
            } else {
                "partiel"
            };
            if c.links_odwb || c.links_own_portal || c.open_data_page {
                d.communication.insert("site_web");
            }
            if c.own_portal.is_some() || d.channels.contains("odwb") {
                d.communication.insert("plateforme_open_data");
            }
            if rng.chance(0.3) {
                d.communication.insert("reseaux_sociaux");
            }
            if d.communication.is_empty() {
                d.communication.insert("aucune");
            }
        } else {
            d.update = "non";
            d.communication.insert("aucune");
            d.planned_opening = Some(*rng.pick(&["2020", "2021", "fin_mandature", "non", "non"]));
        }
        d
    }

    /// Faults from the profile and from the config, recorded per host.
    fn assign_faults(&mut self) {
        let (pool, share) = self.profile.pool();
        let mut rng = self.rng("faults");
        let mut candidates: Vec<String> = self
            .communes
            .iter()
            .filter(|c| c.reachable)
            .filter_map(|c| c.host.clone())
            .collect();
        // A stable shuffle.
        for i in (1..candidates.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            candidates.swap(i, j);
        }
        if !pool.is_empty() {
            let forced = if self.profile == FaultProfile::Hostile {
                pool.len()
            } else {
                0
            };
            for (k, host) in candidates.iter().enumerate() {
                let fault = if k < forced {
                    Some(pool[k])
                } else if rng.chance(share) {
                    Some(*rng.pick(&pool))
                } else {
                    None
                };
                if let (Some(f), Some(h)) = (fault, self.hosts.get_mut(host)) {
                    h.faults.push(f);
                }
            }
            if let Some(h) = self.hosts.get_mut(ODWB_HOST) {
                h.faults.push(Fault::TooManyRequests);
            }
        }
        for (host, faults) in std::mem::take(&mut self.host_faults) {
            let h = self.hosts.entry(host).or_default();
            for f in faults {
                if !h.faults.contains(&f) {
                    h.faults.push(f);
                }
            }
        }
    }
}

/// A file as a GET gets it: what the bytes are, the name and Content-Type they come under,
/// and what that Content-Type says they are.
pub(crate) struct ServedFile {
    pub payload: Payload,
    pub name: String,
    pub content_type: Option<String>,
    pub typed_as: Option<Kind>,
}

impl World {
    /// The file a distribution serves (`None` for a broken link).
    pub(crate) fn dist_payload(&self, ds: &DatasetSim, dist: &DistSim) -> Option<ServedFile> {
        if let Some(f) = dist.file {
            let f = &self.files[f];
            return Some(ServedFile {
                payload: f.payload.clone(),
                name: f.name.clone(),
                content_type: f.content_type.clone(),
                typed_as: f.typed_as,
            });
        }
        let e = dist.export?;
        // A portal's exports are named and typed for what they are.
        let (payload, name, content_type) = super::ods::export_payload(ds, e);
        Some(ServedFile {
            typed_as: Some(payload.kind()),
            payload,
            name,
            content_type,
        })
    }
}

impl Builder {
    /// The star ceiling of a distribution's format (0 for a broken link).
    fn dist_stars(&self, ds: &DatasetSim, dist: &DistSim) -> u8 {
        let payload = match (dist.file, dist.export) {
            (Some(f), _) => Some(self.files[f].payload.clone()),
            (None, Some(e)) => Some(super::ods::export_payload(ds, e).0),
            _ => None,
        };
        payload.map_or(0, |p| p.truth().2)
    }
}

/// The survey class of a star rating.
pub(crate) fn format_class(stars: u8) -> Option<&'static str> {
    match stars {
        1 => Some("non_structure"),
        2 => Some("structure_proprietaire"),
        3 => Some("structure_ouvert"),
        4 => Some("uri"),
        5 => Some("lie"),
        _ => None,
    }
}

/// Where a file lives and the href that points at it, by CMS.
fn file_location(kind: SiteKind, dir: &str, date: i64, file_name: &str) -> (String, String) {
    match kind {
        SiteKind::Imio => {
            let path = format!("{}/{file_name}", dir.trim_end_matches('/'));
            let link = format!("{path}/view");
            (path, link)
        }
        SiteKind::Wordpress => {
            let (y, m) = year_month(date);
            let path = format!("/wp-content/uploads/{y}/{m:02}/{file_name}");
            (path.clone(), path)
        }
        SiteKind::Custom => {
            let path = format!("/documents/{file_name}");
            (path.clone(), path)
        }
    }
}

/// The Content-Type a web server gives a file by its extension.
pub(crate) fn content_type_of_ext(ext: &str) -> &'static str {
    match ext {
        "csv" => "text/csv",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "kml" => "application/vnd.google-earth.kml+xml",
        "kmz" => "application/vnd.google-earth.kmz",
        "zip" => "application/zip",
        "ttl" => "text/turtle",
        "rdf" => "application/rdf+xml",
        "csv.gz" | "gz" => "application/gzip",
        "png" => "image/png",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Publisher strings as messy as ODWB's for a commune that has no known alias.
fn messy_publishers(name: &str) -> Vec<String> {
    let encoded: String =
        url::form_urlencoded::byte_serialize(format!("Commune de {name}").as_bytes()).collect();
    vec![
        format!("Commune de {name}"),
        format!("Administration communale de {name} "),
        encoded,
        format!("Commune de {name} - Service Environnement"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Braine-l'Alleud"), "braine-l-alleud");
        assert_eq!(slugify("Écaussinnes"), "ecaussinnes");
        assert_eq!(slugify("La Louvière"), "la-louviere");
        assert_eq!(slugify("Sainte-Ode"), "sainte-ode");
    }

    #[test]
    fn small_worlds_keep_portal_cities_and_overclaimers() {
        let w = World::generate(&Config {
            seed: 3,
            communes: Some(40),
            ..Config::default()
        })
        .unwrap();
        assert_eq!(w.communes.len(), 40);
        assert!(w.communes.iter().any(|c| c.info.name == "Namur"));
        assert!(
            w.communes
                .iter()
                .filter(|c| c.declaration_kind == DeclarationKind::Overclaims)
                .count()
                >= 2
        );
        assert!(w.portals.iter().any(|p| p.kind == PortalKind::Ckan));
    }
}
