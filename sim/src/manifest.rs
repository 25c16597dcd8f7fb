//! The ground truth of a simulated world: what every commune really publishes, where,
//! in which true format, and what it declared in the 2020 survey.
//!
//! Tests and benchmarks score odaudit against this file, so every field must be true of
//! what the server serves (`tests/sim_manifest.rs` walks it and checks). URLs are
//! absolute, with the port the world was served on.

use serde::{Deserialize, Serialize};

use crate::format::{Container, Format};

/// Everything true about one simulated world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The seed the world was generated from.
    pub seed: u64,
    /// The port every URL below uses.
    pub port: u16,
    /// The fault profile.
    pub faults_profile: String,
    /// The world's clock (RFC 3339): every date in it was drawn before this moment.
    /// Freshness judged at another moment differs (a year later, more files are late).
    pub now: String,
    /// Every host the server answers for.
    pub hosts: Vec<String>,
    /// Open-data portals (ODWB first, then own portals).
    pub portals: Vec<PortalTruth>,
    /// One entry per commune, in NIS order.
    pub communes: Vec<CommuneTruth>,
    /// Datasets on ODWB whose publisher is no commune (SPW, AdN, a province...).
    pub other_datasets: Vec<DatasetTruth>,
    /// The faults injected, with the URL that triggers each when there is one.
    pub faults: Vec<FaultTruth>,
    /// Per commune site, the platform it runs and what its index lists (empty unless the
    /// world was built with [`crate::Config::platforms`]).
    #[serde(default)]
    pub platforms: Vec<PlatformTruth>,
    /// The daily API quota every OpenDataSoft portal enforces, when one is
    /// ([`crate::Config::ods_daily_quota`]).
    #[serde(default)]
    pub ods_daily_quota: Option<u64>,
}

/// The software a commune site runs, as its pages, assets and APIs show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlatformKind {
    /// iMio smartweb (Plone 6): `++plone++imio.smartweb…` assets, plone.restapi `@search`,
    /// listings rendered in the browser, a sitemap (if any) without files.
    ImioSmartweb,
    /// An older iMio Plone (4/5): `sitemap.xml.gz` lists every object, files as `…/view`;
    /// `@search` only when plone.restapi is installed.
    ImioPlone,
    /// WordPress: `/wp-json/wp/v2/media`.
    Wordpress,
    /// Home-made: no index but its pages.
    Other,
}

/// Which index a platform keeps of its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// plone.restapi `GET /@search` (`Accept: application/json`), paged by `b_start`/`b_size`.
    PloneSearch,
    /// `GET /sitemap.xml.gz`, files as `…/view` URLs with `lastmod`.
    SitemapGz,
    /// `GET /wp-json/wp/v2/media?per_page=100&page=N`.
    WpMedia,
}

/// A commune site's platform and what its index gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformTruth {
    /// The commune.
    pub nis_code: String,
    /// The site's host.
    pub host: String,
    /// The platform.
    pub platform: PlatformKind,
    /// The API (`@search`, `wp-json`) URL, when the platform has one.
    pub api_url: Option<String>,
    /// What a GET of the API answers (200; 401, 403 or 404 when the site refuses it).
    pub api_status: Option<u16>,
    /// robots.txt disallows the API path.
    pub api_disallowed_by_robots: bool,
    /// The indexes a polite crawler can read here (answering, allowed by robots).
    pub indexes: Vec<IndexKind>,
    /// The robots.txt Crawl-delay (seconds).
    pub crawl_delay: Option<f64>,
    /// One of the three big sites (hundreds of pages, data deep).
    pub big: bool,
    /// About how many HTML pages the site has (listings, articles, agenda months; file
    /// views and council listing pages not counted): a crawler's worst case.
    pub pages: usize,
    /// Every file the site serves.
    pub files: Vec<SiteFileTruth>,
}

/// One file of a commune site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteFileTruth {
    /// Where the bytes are.
    pub url: String,
    /// The href pages use, when it differs.
    pub linked_as: Option<String>,
    /// Its modification date (RFC 3339): the `Last-Modified` served and the date every
    /// index gives.
    pub modified: String,
    /// A distribution of a dataset (else a decoy: minutes, flyer, form, image).
    pub data: bool,
    /// A page a crawler starting at the homepage can reach links to it.
    pub linked: bool,
    /// One of the indexes in [`PlatformTruth::indexes`] lists it.
    pub listed: bool,
}

/// How a commune site is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// iMio's Plone.
    Imio,
    /// WordPress.
    Wordpress,
    /// Something home-made (PHP pages).
    Custom,
}

/// The API family of a portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortalKind {
    /// OpenDataSoft with Explore v2.1.
    Opendatasoft,
    /// OpenDataSoft answering only the legacy v1 API.
    OpendatasoftV1,
    /// CKAN.
    Ckan,
}

/// Where a dataset is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Files on the commune's own website.
    Website,
    /// The regional ODWB portal.
    Odwb,
    /// The commune's own portal.
    OwnPortal,
}

/// One portal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortalTruth {
    /// Short id (`odwb`, `namur`...).
    pub id: String,
    /// API family.
    pub kind: PortalKind,
    /// Base URL.
    pub url: String,
    /// Display name.
    pub name: String,
    /// The commune owning it (none for ODWB).
    pub owner_nis: Option<String>,
    /// How many datasets it lists.
    pub datasets: usize,
}

/// robots.txt as a crawler meets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RobotsTruth {
    /// `http://host:port/robots.txt`.
    pub url: String,
    /// Where it redirects (iMio: the shared `static.imio.be` file).
    pub redirects_to: Option<String>,
    /// The final status (404: no robots.txt).
    pub status: u16,
    /// The `Crawl-delay` of the `*` group, in seconds.
    pub crawl_delay: Option<f64>,
    /// The `Disallow` rules of the `*` group.
    pub disallow: Vec<String>,
}

/// A licence as stated next to the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceTruth {
    /// Short id (`cc-by-4.0`, `lo-2.0`, `all-rights-reserved`...).
    pub id: String,
    /// The wording the publisher used.
    pub title: String,
    /// True for an open licence.
    pub open: bool,
}

/// A published dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetTruth {
    /// Portal dataset id, or a stable id for website datasets.
    pub id: String,
    /// Where it is published.
    pub channel: Channel,
    /// The portal id, for portal datasets.
    pub portal: Option<String>,
    /// Title.
    pub title: String,
    /// The publisher string exactly as the portal shows it (messy on purpose).
    pub publisher: Option<String>,
    /// The page describing it (portal page, or the commune page linking the files).
    pub landing_page: Option<String>,
    /// The licence; `None` when nothing is stated.
    pub licence: Option<LicenceTruth>,
    /// Last modification (RFC 3339), as the portal or the files' `Last-Modified` state it;
    /// `None` when nothing served states one (a fault's file).
    pub modified: Option<String>,
    /// The update frequency as the portal states it (free French text or an EU URI); `None`
    /// when none is stated where people can read it (website pages state none).
    pub frequency: Option<String>,
    /// True when a crawler starting at the commune's homepage can reach it by links.
    pub reachable_from_homepage: bool,
    /// Its files.
    pub distributions: Vec<DistributionTruth>,
}

/// One file of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistributionTruth {
    /// Where the bytes are.
    pub url: String,
    /// The href pages use, when it differs (`.../file.csv/view` on Plone).
    pub linked_as: Option<String>,
    /// The HTTP status a GET gets (after redirects): 200 for a broken link on a site with
    /// soft 404s. On a website that is not reachable (`website_reachable` false: its host
    /// resets every connection) no GET gets an answer; this is what it would answer.
    pub status: u16,
    /// The true format of the bytes (`None` when broken): what the world generated.
    pub format: Option<Format>,
    /// The true container.
    pub container: Option<Container>,
    /// Stars the format allows, 0 to 5 (see [`Format::stars`]; the world decides when RDF
    /// links out and earns 5, and gives an HTML error page 0).
    pub stars_format: u8,
    /// Stars once the licence is taken into account (0 unless open).
    pub stars: u8,
    /// The Content-Type header served.
    pub content_type: Option<String>,
    /// The file name served (URL path or Content-Disposition).
    pub file_name: String,
    /// The format the world meant the file's name to say (by its extension).
    pub claimed_format: Option<Format>,
    /// The world named it as another format (or container) than it wrote.
    pub mislabelled: bool,
    /// The world served it with a Content-Type naming another format than it wrote
    /// (`application/octet-stream` names none, so it is never wrong).
    pub content_type_wrong: bool,
    /// The Last-Modified header served.
    pub last_modified: Option<String>,
    /// True when the link leads nowhere: a 404, or the site's "page not found" page with
    /// status 200 (a soft 404).
    pub broken: bool,
    /// The fault serving it (`endless_body`, `gzip_bomb`; see [`Manifest::faults`]), when
    /// its bytes never end or inflate to hundreds of MiB. A reader can only take a capped
    /// prefix of such a file; its format and stars above are that prefix's.
    #[serde(default)]
    pub fault: Option<String>,
    /// The kinds of personal data the world put in its rows, as odaudit's codes
    /// (`national_number`, `iban`, `email`, `phone`, `identifying_columns`), sorted; empty
    /// when none (look-alikes included: invoice numbers, dates, the commune's own contacts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personal_data: Vec<String>,
    /// The Walloon standard whose columns the world gave it (`stationnements-velos`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// Whether it conforms to that standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_conforms: Option<bool>,
}

/// A document that is not open data (council minutes, flyers, images).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecoyTruth {
    /// Where the bytes are.
    pub url: String,
    /// The href pages use, when it differs.
    pub linked_as: Option<String>,
    /// `council_minutes`, `flyer`, `form`, `image`.
    pub kind: String,
    /// The true format.
    pub format: Format,
}

/// One commune of the world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneTruth {
    /// NIS code.
    pub nis_code: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Inhabitants.
    pub population: u32,
    /// Homepage URL, if the commune has a site.
    pub website: Option<String>,
    /// False when every request to the site fails (connection reset).
    pub website_reachable: bool,
    /// How the site is built.
    pub site_kind: Option<SiteKind>,
    /// Unknown paths answer 200 with a "page not found" text.
    pub soft_404: bool,
    /// robots.txt, when the commune has a site.
    pub robots: Option<RobotsTruth>,
    /// The sitemap URL, if any.
    pub sitemap: Option<String>,
    /// Its "Données ouvertes" page, if any.
    pub open_data_page: Option<String>,
    /// Its own portal's base URL.
    pub own_portal: Option<String>,
    /// The site links to the own portal.
    pub links_to_own_portal: bool,
    /// The site links to its data on ODWB.
    pub links_to_odwb: bool,
    /// Every dataset it publishes, on every channel — including the files a fault links
    /// from its homepage (an endless CSV, a gzip bomb): a crawler finds them as it finds
    /// any file, so they are published like any file.
    pub datasets: Vec<DatasetTruth>,
    /// Documents on its site that are not open data.
    pub decoys: Vec<DecoyTruth>,
    /// What it answered in the 2020 survey.
    pub declared: Declaration,
    /// How the answers relate to what is published.
    pub declaration_kind: DeclarationKind,
}

/// A fault and where it shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultTruth {
    /// The host.
    pub host: String,
    /// The fault's name (`gzip_bomb`, `spider_trap`...).
    pub fault: String,
    /// The URL that triggers it; `None` when every request on the host is affected.
    pub url: Option<String>,
}

/// How honest a declaration is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclarationKind {
    /// Matches what is published.
    Honest,
    /// Claims more than is published.
    Overclaims,
    /// Claims less than is published.
    Underclaims,
}

/// The survey answers, in issue 5's tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    /// `oui` | `non`.
    pub opens_data: String,
    /// `site_web` | `odwb` | `portail_propre`.
    pub channels: Vec<String>,
    /// `non_structure` | `structure_proprietaire` | `structure_ouvert` | `uri` | `lie`.
    pub formats: Vec<String>,
    /// `automatique` | `manuel_regulier` | `partiel` | `non`.
    pub update: String,
    /// `aucune` | `site_web` | `reseaux_sociaux` | `presse` | `reseau_interne` | `plateforme_open_data`.
    pub communication: Vec<String>,
    /// `2020` | `2021` | `fin_mandature` | `non`, for communes answering `non`.
    pub planned_opening: Option<String>,
}

impl Manifest {
    /// Every distribution of every dataset (communes' and others').
    pub fn distributions(&self) -> impl Iterator<Item = (&DatasetTruth, &DistributionTruth)> {
        self.communes
            .iter()
            .flat_map(|c| c.datasets.iter())
            .chain(self.other_datasets.iter())
            .flat_map(|d| d.distributions.iter().map(move |x| (d, x)))
    }

    /// The Crawl-delay (seconds) each commune host's robots.txt asks for, iMio's shared
    /// file included: with a server's request counts, the politeness lower bound of a run
    /// is the largest count × delay over hosts.
    pub fn crawl_delays(&self) -> std::collections::BTreeMap<String, f64> {
        self.communes
            .iter()
            .filter_map(|c| {
                let delay = c.robots.as_ref()?.crawl_delay?;
                let url = url::Url::parse(c.website.as_deref()?).ok()?;
                Some((url.host_str()?.to_owned(), delay))
            })
            .collect()
    }

    /// The commune with this NIS code.
    pub fn commune(&self, nis_code: &str) -> Option<&CommuneTruth> {
        self.communes.iter().find(|c| c.nis_code == nis_code)
    }
}
