//! `odaudit plan`: how long a full run will take, and who will refuse it, before it starts.
//!
//! A full audit lasts as long as its slowest host: the polite client keeps one request in
//! flight per site, spaced by the larger of `--min-delay` and the site's Crawl-delay (iMio
//! asks 120 s), so a site costs about *requests × delay* whatever the machine. Staff
//! planning a monthly cron run need that bound per host, the hosts that will refuse the
//! run (robots.txt, a Crawl-delay above `--max-crawl-delay`, no answer), and what the
//! portals' API quotas will pay — learnt cheaply: one robots.txt per host (shared files
//! once) and, per portal, one catalogue call asking for its size only.
//!
//! The request counts are a model, not a measure: the constants below are estimates, and
//! every output says so. What is read (Crawl-delay, refusals, catalogue sizes) is true of
//! the web at the time of the plan.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::discover::platform::Platform;
use crate::discover::portals::{Portal, PortalKind, Session, ckan, endpoint, ods};
use crate::fetch::{Http, Robots, RobotsState};
use crate::targets::{Commune, NisCode};

/// Requests a Plone site (iMio or not) costs besides its file probes: its own index
/// (plone.restapi `@search` or `sitemap.xml.gz`, see `discover::site_index`), the homepage
/// and a few pages read for context. An estimate.
pub const PLONE_LISTING_REQUESTS: u64 = 4;
/// Requests a WordPress site costs besides its file probes: `/wp-json/wp/v2/media` (100
/// uploads a page), the homepage and a few pages read for context. An estimate.
pub const WORDPRESS_LISTING_REQUESTS: u64 = 4;
/// Data files probed on a site whose platform lists them. An estimate: the 2020 survey's
/// communes that publish on their site publish a handful of files, rarely more than ten.
pub const EXPECTED_SITE_FILES: u64 = 12;
/// Files probed per portal dataset (its export formats, attachments or resources). An
/// estimate: an audit of the simulated world (30 communes, seed 2) probed 4.0 per dataset
/// on ODWB, 4.4 on the OpenDataSoft own portals, 2.3 on CKAN.
pub const FILES_PER_PORTAL_DATASET: u64 = 4;
/// Catalogue calls an OpenDataSoft v2.1 portal costs whatever its size: `catalog/exports/json`
/// and `catalog/exports/dcat` (a dataset the DCAT export omits is asked its own `/exports`:
/// rare, not counted).
pub const ODS_CATALOGUE_CALLS: u64 = 2;
/// The audit's default `--site-time`: the time one website may take at the delay it asks.
pub const SITE_TIME_SECONDS: f64 = 1800.0;
/// Files probed on an OpenDataSoft portal: one sample export per format (csv, json,
/// geojson, xlsx, shp…), the portal's other exports judged on it (see
/// `discover::generated`); uploaded attachments, rare, are not counted. An estimate.
pub const ODS_SAMPLED_PROBES: u64 = 6;
/// Seconds one exchange takes on the wire, added to the politeness delay. An estimate.
pub const SECONDS_PER_RESPONSE: f64 = 0.5;
/// Bytes of a catalogue-size answer read (ODS with `limit=0` answers a few hundred bytes).
const COUNT_CAP: usize = 1 << 20;

/// The run's settings the plan is made for (the audit's flags of the same names).
#[derive(Clone, Debug, Serialize)]
pub struct PlanSettings {
    /// `--min-delay`, seconds.
    pub min_delay: f64,
    /// `--max-crawl-delay`, seconds.
    pub max_crawl_delay: f64,
    /// `--site-budget`: requests one website may cost when its platform lists nothing.
    pub site_budget: u64,
    /// `--concurrency`.
    pub concurrency: usize,
}

/// The model's constants, printed with every plan.
#[derive(Clone, Debug, Serialize)]
pub struct Assumptions {
    /// [`PLONE_LISTING_REQUESTS`].
    pub plone_listing_requests: u64,
    /// [`WORDPRESS_LISTING_REQUESTS`].
    pub wordpress_listing_requests: u64,
    /// [`EXPECTED_SITE_FILES`].
    pub expected_site_files: u64,
    /// [`ODS_CATALOGUE_CALLS`].
    pub ods_catalogue_calls: u64,
    /// [`FILES_PER_PORTAL_DATASET`].
    pub files_per_portal_dataset: u64,
    /// [`SECONDS_PER_RESPONSE`].
    pub seconds_per_response: f64,
    /// Said in every output.
    pub note: &'static str,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            plone_listing_requests: PLONE_LISTING_REQUESTS,
            wordpress_listing_requests: WORDPRESS_LISTING_REQUESTS,
            expected_site_files: EXPECTED_SITE_FILES,
            ods_catalogue_calls: ODS_CATALOGUE_CALLS,
            files_per_portal_dataset: FILES_PER_PORTAL_DATASET,
            seconds_per_response: SECONDS_PER_RESPONSE,
            note: "request counts are estimates from these constants; delays, refusals and catalogue sizes were read from the web",
        }
    }
}

/// How a run will spend a host's requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Plone's `@search` listing, then one probe per data file.
    PloneListing,
    /// WordPress's media listing, then one probe per data file.
    WordpressMedia,
    /// A best-first crawl that spends the whole site budget.
    Crawl,
    /// A portal's API: catalogue pages, export lists, file probes.
    PortalApi,
    /// Nothing: the host refuses the run.
    None,
}

impl Strategy {
    /// The token in the table and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::PloneListing => "plone_listing",
            Strategy::WordpressMedia => "wordpress_media",
            Strategy::Crawl => "crawl",
            Strategy::PortalApi => "portal_api",
            Strategy::None => "none",
        }
    }
}

/// Why a host will give the run nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// robots.txt disallows the homepage (or could not be read: a 5xx, which RFC 9309
    /// reads as "disallow all").
    Robots,
    /// The Crawl-delay asked is above `--max-crawl-delay`.
    CrawlDelay,
    /// robots.txt answered 429: the host asks us to wait.
    Throttled,
    /// No answer at all (no such host, refused, reset, timeout).
    Unreachable,
}

/// One host of the run: a commune site (its `www.` and bare names together, as the
/// client paces them) or a portal.
#[derive(Clone, Debug, Serialize)]
pub struct HostPlan {
    /// The host name (a site's without `www.`).
    pub host: String,
    /// The communes whose website it is (empty for a portal).
    pub communes: Vec<NisCode>,
    /// The portal it serves, if it is one.
    pub portal: Option<String>,
    /// How robots.txt was obtained.
    pub robots: Option<RobotsState>,
    /// The Crawl-delay asked, seconds.
    pub crawl_delay: Option<f64>,
    /// The spacing the run will keep: the larger of the Crawl-delay and `--min-delay`.
    pub delay: f64,
    /// The platform robots.txt shows (a site's).
    #[serde(serialize_with = "crate::targets_check::platform_token")]
    pub platform: Option<Platform>,
    /// How the run will spend its requests.
    pub strategy: Strategy,
    /// Requests expected (robots.txt included).
    pub requests: u64,
    /// The politeness bound: requests × delay, seconds.
    pub bound_seconds: f64,
    /// The bound plus [`SECONDS_PER_RESPONSE`] per request.
    pub expected_seconds: f64,
    /// Why it will give nothing, if it will not.
    pub refusal: Option<Refusal>,
    /// The refusal or the problem, in words.
    pub why: Option<String>,
}

/// What a portal's API will be asked.
#[derive(Clone, Debug, Serialize)]
pub struct PortalQuota {
    /// Portal id.
    pub id: String,
    /// Base URL.
    pub url: String,
    /// The API that answered the size call (`ods-v2.1`, `ods-v1`, `ckan`, `dcat`), if any.
    pub api: Option<&'static str>,
    /// Datasets the catalogue announces.
    pub datasets: Option<u64>,
    /// Catalogue pages.
    pub listing_calls: u64,
    /// Per-dataset calls (none on the portals odaudit reads whole; kept for the JSON's
    /// shape).
    pub dataset_calls: u64,
    /// File probes, at most (every dataset as if an audited commune published it).
    pub file_probes_max: u64,
    /// API calls in all, at most.
    pub quota_calls_max: u64,
    /// `X-RateLimit-Remaining` as the portal said it, when it did.
    pub ratelimit_remaining: Option<u64>,
    /// Why the size could not be read.
    pub error: Option<String>,
}

/// The whole plan.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// The run's settings.
    pub settings: PlanSettings,
    /// The model's constants.
    pub assumptions: Assumptions,
    /// Per host, slowest first.
    pub hosts: Vec<HostPlan>,
    /// Per portal.
    pub portals: Vec<PortalQuota>,
    /// Requests in all.
    pub total_requests: u64,
    /// The expected duration of the run: its slowest host, or the requests shared by
    /// `--concurrency` slots when that is longer. Seconds.
    pub expected_seconds: f64,
    /// The host that bounds the run.
    pub slowest_host: Option<String>,
    /// Hosts that will refuse.
    pub refusing_hosts: usize,
}

/// Plan a run over `communes` (their websites and own portals) and the `regional` portals.
pub async fn plan(
    http: &Http,
    communes: &[Commune],
    regional: &[Portal],
    settings: PlanSettings,
) -> Plan {
    let mut sites: BTreeMap<String, (Url, Vec<NisCode>)> = BTreeMap::new();
    for c in communes {
        if let Some(home) = &c.website {
            let entry = sites
                .entry(site_key(home))
                .or_insert_with(|| (home.clone(), Vec::new()));
            entry.1.push(c.nis_code);
        }
    }
    let site_plans = sites.into_iter().map(|(host, (home, nis))| {
        let settings = &settings;
        async move { site_plan(http, host, &home, nis, settings).await }
    });
    let mut hosts: Vec<HostPlan> = futures_util::future::join_all(site_plans).await;
    let mut portals_all: Vec<(Portal, Option<PortalKind>)> =
        regional.iter().map(|p| (p.clone(), Some(p.kind))).collect();
    for c in communes {
        if let Some(url) = &c.own_portal
            && !portals_all.iter().any(|(p, _)| same_base(&p.url, url))
        {
            let portal = Portal {
                id: url.host_str().unwrap_or_default().to_owned(),
                kind: PortalKind::OpenDataSoft,
                url: url.clone(),
                name: c.name.clone(),
            };
            portals_all.push((portal, None));
        }
    }
    let portal_plans = portals_all
        .iter()
        .map(|(p, kind)| portal_plan(http, p, *kind, &settings));
    let mut portals = Vec::new();
    for (host, quota) in futures_util::future::join_all(portal_plans).await {
        hosts.push(host);
        portals.push(quota);
    }
    finish(hosts, portals, settings)
}

fn finish(mut hosts: Vec<HostPlan>, portals: Vec<PortalQuota>, settings: PlanSettings) -> Plan {
    hosts.sort_by(|a, b| {
        b.expected_seconds
            .total_cmp(&a.expected_seconds)
            .then_with(|| a.host.cmp(&b.host))
    });
    let total_requests = hosts.iter().map(|h| h.requests).sum();
    let slowest = hosts.first();
    let shared = total_requests as f64 * SECONDS_PER_RESPONSE / settings.concurrency.max(1) as f64;
    let expected_seconds = slowest.map_or(0.0, |h| h.expected_seconds).max(shared);
    Plan {
        slowest_host: slowest.map(|h| h.host.clone()),
        refusing_hosts: hosts.iter().filter(|h| h.refusal.is_some()).count(),
        total_requests,
        expected_seconds,
        hosts,
        portals,
        assumptions: Assumptions::default(),
        settings,
    }
}

/// One commune site: its robots.txt, and the model.
async fn site_plan(
    http: &Http,
    host: String,
    home: &Url,
    communes: Vec<NisCode>,
    settings: &PlanSettings,
) -> HostPlan {
    let mut plan = HostPlan {
        host,
        communes,
        portal: None,
        robots: None,
        crawl_delay: None,
        delay: settings.min_delay,
        platform: None,
        strategy: Strategy::None,
        requests: 1,
        bound_seconds: 0.0,
        expected_seconds: 0.0,
        refusal: None,
        why: None,
    };
    let robots = match http.robots_for(home).await {
        Ok(r) => r,
        Err(e) => {
            plan.refusal = Some(Refusal::Unreachable);
            plan.why = Some(e.to_string());
            return timed(plan);
        }
    };
    read_robots(&mut plan, &robots, home, settings);
    if plan.refusal.is_none() {
        let platform = platform_from_robots(&robots, home);
        plan.platform = Some(platform);
        let (strategy, requests) = site_requests(platform, settings.site_budget);
        plan.strategy = strategy;
        // The audit's time budget per website (`--site-time`, 30 min by default): a host
        // asking 120 s between requests gets 15 of them, robots.txt included.
        let allowed = if plan.delay > 0.0 {
            (SITE_TIME_SECONDS / plan.delay).floor().max(1.0) as u64
        } else {
            u64::MAX
        };
        plan.requests = (1 + requests).min(allowed);
    }
    timed(plan)
}

/// The requests a site will cost besides robots.txt, by its platform.
pub fn site_requests(platform: Platform, site_budget: u64) -> (Strategy, u64) {
    match platform {
        p if p.is_plone() => (
            Strategy::PloneListing,
            (PLONE_LISTING_REQUESTS + EXPECTED_SITE_FILES).min(site_budget),
        ),
        Platform::WordPress => (
            Strategy::WordpressMedia,
            (WORDPRESS_LISTING_REQUESTS + EXPECTED_SITE_FILES).min(site_budget),
        ),
        // An upper bound: a small site runs out of pages first.
        _ => (Strategy::Crawl, site_budget),
    }
}

/// The Crawl-delay and any refusal robots.txt states.
fn read_robots(plan: &mut HostPlan, robots: &Robots, home: &Url, settings: &PlanSettings) {
    plan.robots = Some(robots.state.clone());
    plan.crawl_delay = robots.crawl_delay().map(|d| d.as_secs_f64());
    plan.delay = plan.crawl_delay.unwrap_or(0.0).max(settings.min_delay);
    let refusal = match &robots.state {
        RobotsState::Unreachable { why, .. } => Some(match robots.failure() {
            Some(failure) => (Refusal::Unreachable, failure.to_string()),
            None if robots.is_throttled() => (Refusal::Throttled, why.clone()),
            None => (
                Refusal::Robots,
                format!("robots.txt could not be read ({why}): nothing may be crawled"),
            ),
        }),
        _ if !robots.allows(home) => Some((
            Refusal::Robots,
            "robots.txt disallows the homepage".to_owned(),
        )),
        _ if plan.delay > settings.max_crawl_delay => Some((
            Refusal::CrawlDelay,
            format!(
                "Crawl-delay of {} s, above --max-crawl-delay {} s",
                plan.delay, settings.max_crawl_delay
            ),
        )),
        _ => None,
    };
    if let Some((r, why)) = refusal {
        plan.refusal = Some(r);
        plan.why = Some(why);
    }
}

/// The platform a site's robots.txt shows: iMio's shared file, WordPress's `/wp-admin/`
/// rule or `wp-sitemap.xml`, Plone's `login_form` rules or `sitemap.xml.gz`.
pub fn platform_from_robots(robots: &Robots, home: &Url) -> Platform {
    if let RobotsState::Fetched { url } = &robots.state
        && Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(|h| h.to_ascii_lowercase()))
            .is_some_and(|h| h == "imio.be" || h.ends_with(".imio.be"))
    {
        return Platform::ImioPlone;
    }
    if !robots.allows(home) {
        return Platform::Unknown;
    }
    let refused = |path: &str| home.join(path).is_ok_and(|u| !robots.allows(&u));
    let sitemap_has = |needle: &str| robots.sitemaps().iter().any(|s| s.contains(needle));
    if refused("/wp-admin/") || sitemap_has("wp-sitemap") {
        Platform::WordPress
    } else if refused("/acl_users/login_form") || sitemap_has("sitemap.xml.gz") {
        Platform::Plone
    } else {
        Platform::Unknown
    }
}

/// Bound and expected time from the requests and the delay. A host that refuses costs
/// its robots.txt and no wait: nothing follows it.
fn timed(mut plan: HostPlan) -> HostPlan {
    if plan.refusal.is_some() {
        plan.strategy = Strategy::None;
        plan.requests = 1;
        plan.bound_seconds = 0.0;
        plan.expected_seconds = SECONDS_PER_RESPONSE;
        return plan;
    }
    plan.bound_seconds = plan.requests as f64 * plan.delay;
    plan.expected_seconds = plan.requests as f64 * (plan.delay + SECONDS_PER_RESPONSE);
    plan
}

/// One portal: its robots.txt, its catalogue size, and the model.
async fn portal_plan(
    http: &Http,
    portal: &Portal,
    kind: Option<PortalKind>,
    settings: &PlanSettings,
) -> (HostPlan, PortalQuota) {
    let mut host = HostPlan {
        host: site_key(&portal.url),
        communes: Vec::new(),
        portal: Some(portal.id.clone()),
        robots: None,
        crawl_delay: None,
        delay: settings.min_delay,
        platform: None,
        strategy: Strategy::PortalApi,
        requests: 1,
        bound_seconds: 0.0,
        expected_seconds: 0.0,
        refusal: None,
        why: None,
    };
    let mut quota = PortalQuota {
        id: portal.id.clone(),
        url: portal.url.to_string(),
        api: None,
        datasets: None,
        listing_calls: 0,
        dataset_calls: 0,
        file_probes_max: 0,
        quota_calls_max: 0,
        ratelimit_remaining: None,
        error: None,
    };
    match http.robots_for(&portal.url).await {
        Ok(robots) => read_robots(&mut host, &robots, &portal.url, settings),
        Err(e) => {
            host.refusal = Some(Refusal::Unreachable);
            host.why = Some(e.to_string());
        }
    }
    if host.refusal.is_some() {
        quota.error = host.why.clone();
        return (timed(host), quota);
    }
    let mut session = Session::new(http);
    match catalogue_size(&mut session, portal, kind).await {
        Ok((api, datasets)) => {
            quota.api = Some(api);
            quota.datasets = datasets;
            let n = datasets.unwrap_or(0);
            (quota.listing_calls, quota.dataset_calls) = match api {
                // The two catalogue exports (json, dcat): see `ods_catalogue`.
                "ods-v2.1" => (ODS_CATALOGUE_CALLS, 0),
                "ckan" => (n.div_ceil(ckan::ROWS_MAX as u64).max(1), 0),
                "ods-v1" => (n.div_ceil(ods::LIMIT as u64).max(1), 0),
                _ => (1, 0),
            };
            quota.file_probes_max = if api.starts_with("ods") {
                ODS_SAMPLED_PROBES.min(n * FILES_PER_PORTAL_DATASET)
            } else {
                n * FILES_PER_PORTAL_DATASET
            };
        }
        Err(e) => quota.error = Some(e),
    }
    quota.ratelimit_remaining = session.ratelimit_remaining;
    quota.quota_calls_max = quota.listing_calls + quota.dataset_calls + quota.file_probes_max;
    host.requests = 1 + session.requests + quota.quota_calls_max;
    (timed(host), quota)
}

/// The catalogue's size, by the API that answers: one call asking for no dataset at all.
/// `kind` unknown (an own portal): OpenDataSoft v2.1, v1, then CKAN are tried; none
/// answering, the URL is taken for a DCAT file (one request to read it whole).
async fn catalogue_size(
    s: &mut Session<'_>,
    portal: &Portal,
    kind: Option<PortalKind>,
) -> Result<(&'static str, Option<u64>), String> {
    let base = crate::discover::portals::base_dir(&portal.url);
    type Try = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    );
    let ods_tries: [Try; 2] = [
        (
            "ods-v2.1",
            "api/explore/v2.1/catalog/datasets",
            "limit",
            &["total_count"],
        ),
        ("ods-v1", "api/datasets/1.0/search/", "rows", &["nhits"]),
    ];
    let ckan_try: Try = (
        "ckan",
        "api/3/action/package_search",
        "rows",
        &["result", "count"],
    );
    let tries: Vec<Try> = match kind {
        Some(PortalKind::Dcat) => return Ok(("dcat", None)),
        Some(PortalKind::OpenDataSoft) => ods_tries.to_vec(),
        Some(PortalKind::Ckan) => vec![ckan_try],
        None => [ods_tries.as_slice(), &[ckan_try]].concat(),
    };
    let mut last = String::new();
    for (api, path, param, pointer) in tries {
        let url = endpoint(&base, path, &[(param, "0")]).map_err(|e| e.to_string())?;
        match s.json(&url, COUNT_CAP).await {
            Ok(v) => {
                let count = pointer
                    .iter()
                    .try_fold(&v, |v, k| v.get(k))
                    .and_then(Value::as_u64);
                if count.is_some() {
                    return Ok((api, count));
                }
                last = format!("{url}: no catalogue size in the answer");
            }
            Err(e) => last = e.to_string(),
        }
    }
    match kind {
        None => Ok(("dcat", None)),
        Some(_) => Err(last),
    }
}

/// The pacing key of a URL, as the polite client's: host, lower case, without `www.`.
fn site_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_owned()
}

fn same_base(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str() && a.path().trim_end_matches('/') == b.path().trim_end_matches('/')
}

/// Seconds as `2 h 05 min`, `12 min 30 s`, `45 s`.
pub fn human_duration(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::RobotsCache;

    fn home() -> Url {
        "https://www.x.be/".parse().unwrap()
    }

    #[test]
    fn platforms_by_their_robots_files() {
        let cache = RobotsCache::default();
        let wp = cache.parse(
            "https://www.x.be/robots.txt",
            b"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
        );
        assert_eq!(platform_from_robots(&wp, &home()), Platform::WordPress);
        let imio = cache.parse(
            "https://static.imio.be/robots.txt",
            b"User-agent: *\nCrawl-delay: 120\n",
        );
        assert_eq!(platform_from_robots(&imio, &home()), Platform::ImioPlone);
        let plone = cache.parse(
            "https://www.x.be/robots.txt",
            b"User-agent: *\nDisallow: /*login_form*\n",
        );
        assert_eq!(platform_from_robots(&plone, &home()), Platform::Plone);
        let closed = cache.parse(
            "https://www.x.be/robots.txt",
            b"User-agent: *\nDisallow: /\n",
        );
        assert_eq!(platform_from_robots(&closed, &home()), Platform::Unknown);
        assert_eq!(
            platform_from_robots(&Robots::missing(404), &home()),
            Platform::Unknown
        );
    }

    #[test]
    fn listed_platforms_cost_less_than_a_crawl() {
        assert_eq!(
            site_requests(Platform::ImioSmartweb, 60),
            (
                Strategy::PloneListing,
                PLONE_LISTING_REQUESTS + EXPECTED_SITE_FILES
            )
        );
        assert_eq!(site_requests(Platform::WordPress, 5).1, 5);
        assert_eq!(site_requests(Platform::Unknown, 60), (Strategy::Crawl, 60));
    }

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(human_duration(45.2), "45 s");
        assert_eq!(human_duration(750.0), "12 min 30 s");
        assert_eq!(human_duration(7500.0), "2 h 05 min");
    }
}
