//! Portal adapters: list every dataset of an open-data portal, with its downloads.
//!
//! A portal dataset is published data by definition (issue 4), so recall here must be
//! 100%: every page of the catalogue is read, and every download the portal offers for a
//! dataset becomes a [`Distribution`](crate::discover::Distribution). Three families are
//! spoken: OpenDataSoft ([`ods`], Explore v2.1 with the legacy v1 search as fallback), CKAN
//! ([`ckan`], `package_search`) and DCAT-AP catalogue files ([`dcat`]: RDF/XML, Turtle,
//! JSON-LD).
//!
//! Requests are the scarce resource (ODWB is one host, shared by every commune, and the
//! run lasts as long as its slowest host), so the adapters use the largest pages the APIs
//! allow and count what they send ([`Harvest::requests`]). Every body is read through
//! [`Http`] with a cap; a body cut by its cap is an error, never half-parsed JSON.
//! Datasets come back with `channel: None` — the caller knows whether a portal is ODWB or
//! a commune's own — and `portal: Some(portal.id)`.

pub mod ckan;
pub mod dcat;
pub mod ods;
mod ods_catalogue;

use std::fmt;
use std::str::FromStr;

use serde_json::Value;
use url::Url;

use super::{Dataset, DiscoverError};
use crate::fetch::{Http, Probe, Request};

/// The API family of a portal (`portals.csv` tokens: `opendatasoft`/`ods`, `ckan`, `dcat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PortalKind {
    /// OpenDataSoft (Explore v2.1, or the legacy v1 search when v2.1 is absent).
    OpenDataSoft,
    /// CKAN (`/api/3/action/package_search`).
    Ckan,
    /// A DCAT-AP catalogue file (RDF/XML, Turtle or JSON-LD) at the portal's URL.
    Dcat,
}

impl PortalKind {
    /// The `portals.csv` token.
    pub fn token(self) -> &'static str {
        match self {
            PortalKind::OpenDataSoft => "opendatasoft",
            PortalKind::Ckan => "ckan",
            PortalKind::Dcat => "dcat",
        }
    }
}

impl fmt::Display for PortalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

/// A `portals.csv` kind that is none of ours.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown portal kind {0:?} (expected opendatasoft, ods, ckan or dcat)")]
pub struct UnknownPortalKind(pub String);

impl FromStr for PortalKind {
    type Err = UnknownPortalKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "opendatasoft" | "ods" => Ok(PortalKind::OpenDataSoft),
            "ckan" => Ok(PortalKind::Ckan),
            "dcat" | "dcat-ap" => Ok(PortalKind::Dcat),
            _ => Err(UnknownPortalKind(s.to_owned())),
        }
    }
}

/// One portal to harvest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portal {
    /// Short id, copied to every dataset's `portal` (`odwb`, `data.namur.be`).
    pub id: String,
    /// API family.
    pub kind: PortalKind,
    /// Base URL (`https://www.odwb.be/`); for [`PortalKind::Dcat`], the catalogue file.
    pub url: Url,
    /// Display name.
    pub name: String,
}

impl TryFrom<crate::targets::PortalEntry> for Portal {
    type Error = UnknownPortalKind;

    fn try_from(e: crate::targets::PortalEntry) -> Result<Self, Self::Error> {
        Ok(Portal {
            kind: e.kind.parse()?,
            id: e.id,
            url: e.url,
            name: e.name,
        })
    }
}

/// How OpenDataSoft distributions are listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportsPolicy {
    /// One `GET .../datasets/{id}/exports` per dataset: exactly what the portal says, at
    /// the price of one request per dataset.
    #[default]
    PerDataset,
    /// One `exports` call per kind of dataset (records or not, geographic or not), the
    /// answer reused for every dataset of that kind with its id put in the URL. ODS derives
    /// the export list from those two facts, so this costs a handful of requests instead of
    /// one per dataset; an inference, hence not the default.
    PerKind,
}

/// How an OpenDataSoft catalogue is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OdsCatalogue {
    /// `catalog/exports/json` and `catalog/exports/dcat`: the whole catalogue in two
    /// calls, `/exports` asked only for a dataset the DCAT export says nothing of. Falls
    /// back to [`OdsCatalogue::Paged`] when the exports cannot be used.
    #[default]
    Exports,
    /// The listing by pages of 100, then exports as [`ExportsPolicy`] says.
    Paged,
}

/// Limits and choices for a harvest.
#[derive(Clone, Debug)]
pub struct Options {
    /// Stop after this many datasets (the harvest says it was truncated).
    pub max_datasets: usize,
    /// OpenDataSoft: how the catalogue is read.
    pub ods_catalogue: OdsCatalogue,
    /// OpenDataSoft: how distributions are listed when the catalogue does not say.
    pub exports: ExportsPolicy,
    /// Hosts of portals harvested on their own (lowercase, without `www.`): a dataset
    /// federated from one of them is left to it, not counted twice.
    pub own_portal_hosts: std::collections::BTreeSet<String>,
    /// OpenDataSoft v2.1: only this publisher's datasets (`refine=publisher:"..."`).
    pub publisher: Option<String>,
    /// Cap on one catalogue page (JSON listing, CKAN page, DCAT file).
    pub page_cap: usize,
    /// Cap on a whole-catalogue export (OpenDataSoft's `catalog/exports/json` and
    /// `dcat`, tens of MB for 20 000 datasets); a larger one is not read.
    pub export_cap: usize,
}

/// The most datasets one harvest returns by default. ODWB lists about a thousand.
pub const MAX_DATASETS: usize = 20_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_datasets: MAX_DATASETS,
            ods_catalogue: OdsCatalogue::default(),
            exports: ExportsPolicy::default(),
            own_portal_hosts: Default::default(),
            publisher: None,
            page_cap: 32 << 20,
            export_cap: 96 << 20,
        }
    }
}

/// What a harvest found and what it cost.
#[derive(Clone, Debug, Default)]
pub struct Harvest {
    /// The datasets, in the portal's order (by id for OpenDataSoft).
    pub datasets: Vec<Dataset>,
    /// HTTP requests this harvest asked `Http` for (its retries not counted).
    pub requests: u64,
    /// The catalogue had more than [`Options::max_datasets`] datasets.
    pub truncated: bool,
    /// The catalogue size the API announced, when it did.
    pub announced: Option<u64>,
    /// The last `X-RateLimit-Remaining` seen.
    pub ratelimit_remaining: Option<u64>,
    /// Which API answered (`ods-v2.1+catalogue-exports`, `ods-v2.1`,
    /// `ods-v2.1+export-json`, `ods-v1`, `ckan`, `dcat`).
    pub api: &'static str,
    /// Problems that cost a dataset some distributions but not the harvest.
    pub warnings: Vec<String>,
}

/// The hosts of the communes' own portals (lowercase, without `www.`), for
/// [`Options::own_portal_hosts`].
pub fn own_portal_hosts(
    communes: &[crate::targets::Commune],
) -> std::collections::BTreeSet<String> {
    communes
        .iter()
        .filter_map(|c| c.own_portal.as_ref()?.host_str())
        .map(|h| {
            let h = h.to_ascii_lowercase();
            h.strip_prefix("www.").unwrap_or(&h).to_owned()
        })
        .collect()
}

/// Every dataset of a portal, with its distributions.
pub async fn catalog(http: &Http, portal: &Portal) -> Result<Vec<Dataset>, DiscoverError> {
    Ok(harvest(http, portal, &Options::default()).await?.datasets)
}

/// Every dataset of a portal, with what it cost.
pub async fn harvest(
    http: &Http,
    portal: &Portal,
    options: &Options,
) -> Result<Harvest, DiscoverError> {
    let mut session = Session::new(http);
    let mut harvest = match portal.kind {
        PortalKind::OpenDataSoft => ods::harvest(&mut session, portal, options).await?,
        PortalKind::Ckan => ckan::harvest(&mut session, portal, options).await?,
        PortalKind::Dcat => dcat::harvest(&mut session, portal, options).await?,
    };
    for d in &mut harvest.datasets {
        d.channel = None;
        d.portal = Some(portal.id.clone());
    }
    harvest.requests = session.requests;
    harvest.ratelimit_remaining = session.ratelimit_remaining;
    tracing::info!(
        portal = %portal.id,
        api = harvest.api,
        datasets = harvest.datasets.len(),
        requests = harvest.requests,
        truncated = harvest.truncated,
        "portal harvested"
    );
    Ok(harvest)
}

/// Which API a portal's base URL answers, or `None`. Tries, in order: OpenDataSoft v2.1
/// (`catalog/datasets?limit=1`), OpenDataSoft v1 (`datasets/1.0/search/?rows=0`), CKAN
/// (`package_search?rows=0`), and last the URL itself as a DCAT file. At most four
/// requests.
pub async fn detect(http: &Http, url: &Url) -> Option<PortalKind> {
    let mut s = Session::new(http);
    let base = base_dir(url);
    type Try<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, PortalKind);
    let tries: [Try<'_>; 3] = [
        (
            "api/explore/v2.1/catalog/datasets",
            &[("limit", "1")],
            "total_count",
            PortalKind::OpenDataSoft,
        ),
        (
            "api/datasets/1.0/search/",
            &[("rows", "0")],
            "nhits",
            PortalKind::OpenDataSoft,
        ),
        (
            "api/3/action/package_search",
            &[("rows", "0")],
            "success",
            PortalKind::Ckan,
        ),
    ];
    for (path, query, key, kind) in tries {
        let Ok(u) = endpoint(&base, path, query) else {
            continue;
        };
        if let Ok(v) = s.json(&u, 1 << 20).await
            && v.get(key)
                .is_some_and(|x| !x.is_null() && x != &Value::Bool(false))
        {
            return Some(kind);
        }
    }
    let probe = s.get(url, 1 << 20).await.ok()?;
    if (200..300).contains(&probe.status)
        && dcat::Syntax::guess(probe.content_type.as_deref(), &probe.body).is_some()
    {
        let graph = dcat::parse(
            &probe.body,
            dcat::Syntax::guess(probe.content_type.as_deref(), &probe.body)?,
            Some(url),
        );
        if graph.is_ok_and(|d| !d.datasets.is_empty()) {
            return Some(PortalKind::Dcat);
        }
    }
    None
}

/// The polite client plus what this harvest has spent: request count and API quota.
pub(crate) struct Session<'a> {
    http: &'a Http,
    pub(crate) requests: u64,
    pub(crate) ratelimit_remaining: Option<u64>,
}

impl<'a> Session<'a> {
    pub(crate) fn new(http: &'a Http) -> Self {
        Session {
            http,
            requests: 0,
            ratelimit_remaining: None,
        }
    }

    /// One GET; any status comes back. A portal that said its quota is spent
    /// (`X-RateLimit-Remaining: 0`) is not asked again before its reset: the polite client
    /// waits for a reset within the run's patience and refuses to send otherwise
    /// ([`crate::fetch::quota`], the one check), which ends the harvest with
    /// [`FetchError::HostPaused`](crate::fetch::FetchError::HostPaused): not verifiable.
    pub(crate) async fn get(&mut self, url: &Url, cap: usize) -> Result<Probe, DiscoverError> {
        self.requests += 1;
        let probe = self.http.get(url, &Request::page(cap)).await?;
        if let Some(r) = probe
            .ratelimit_remaining
            .as_deref()
            .and_then(|r| r.trim().parse::<u64>().ok())
        {
            tracing::debug!(%url, remaining = r, reset = ?probe.ratelimit_reset, "X-RateLimit-Remaining");
            if r < 50 && self.ratelimit_remaining.is_none_or(|old| old >= 50) {
                tracing::warn!(%url, remaining = r, "API quota nearly spent");
            }
            // Any answer but a 429 says what is left; a 429's 0 is the refusal itself.
            if probe.status != 429 || r > 0 {
                self.ratelimit_remaining = Some(r);
            }
        }
        Ok(probe)
    }

    /// A GET that must answer 2xx with a whole JSON body.
    pub(crate) async fn json(&mut self, url: &Url, cap: usize) -> Result<Value, DiscoverError> {
        let probe = self.get(url, cap).await?;
        ok_body(url, &probe, cap)?;
        serde_json::from_slice(&probe.body).map_err(|e| DiscoverError::Malformed {
            url: url.to_string(),
            why: format!("not JSON: {e}"),
        })
    }
}

/// A 2xx answer whose body was read whole, else the error saying why not.
pub(crate) fn ok_body(url: &Url, probe: &Probe, cap: usize) -> Result<(), DiscoverError> {
    if !(200..300).contains(&probe.status) {
        return Err(status_error(url, probe));
    }
    if !probe.complete || probe.body.len() >= cap {
        return Err(DiscoverError::Malformed {
            url: url.to_string(),
            why: format!("response larger than the {} MiB cap", cap >> 20),
        });
    }
    Ok(())
}

/// A non-2xx answer as an error carrying the API's own message (ODS `message`/`error`,
/// CKAN `error.message`), so a quota refusal reads as one.
pub(crate) fn status_error(url: &Url, probe: &Probe) -> DiscoverError {
    DiscoverError::Status {
        url: url.to_string(),
        status: probe.status,
        detail: error_detail(&probe.body),
    }
}

/// The message of an API error body, if it is JSON and has one.
pub(crate) fn error_detail(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let mut msg = text(&v["message"])
        .or_else(|| text(&v["error"]))
        .or_else(|| text(&v["error"]["message"]))
        .or_else(|| {
            // CKAN validation errors: {"error": {"__type": ..., "rows": ["..."]}}
            v["error"].as_object().map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        format!("{k}: {}", v.as_array().and_then(|a| a.first()).unwrap_or(v))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        })?;
    if let Some(code) =
        text(&v["error_code"]).or_else(|| v["errorcode"].as_u64().map(|c| c.to_string()))
    {
        msg = format!("{msg} ({code})");
    }
    if let Some(reset) = text(&v["reset_time"]) {
        msg = format!("{msg}; quota resets {reset}");
    }
    Some(msg.chars().take(500).collect())
}

/// The URL with a trailing slash, so relative joins land below it.
pub(crate) fn base_dir(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    if !u.path().ends_with('/') {
        let p = format!("{}/", u.path());
        u.set_path(&p);
    }
    u
}

/// `base` + a relative path + query pairs (encoded).
pub(crate) fn endpoint(
    base: &Url,
    path: &str,
    query: &[(&str, &str)],
) -> Result<Url, DiscoverError> {
    let mut u = base.join(path).map_err(|e| DiscoverError::Malformed {
        url: base.to_string(),
        why: format!("cannot build {path}: {e}"),
    })?;
    if !query.is_empty() {
        u.query_pairs_mut().extend_pairs(query);
    }
    Ok(u)
}

/// `base` + path segments, each percent-encoded (dataset ids are remote input).
pub(crate) fn with_segments(base: &Url, segments: &[&str]) -> Option<Url> {
    let mut u = base_dir(base);
    {
        let mut s = u.path_segments_mut().ok()?;
        s.pop_if_empty();
        s.extend(segments);
    }
    Some(u)
}

/// A JSON string, trimmed, non-empty.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Array(a) => a.iter().find_map(text),
        _ => None,
    }
}

/// A JSON string as given (spaces kept: a publisher's trailing space is evidence), if
/// not blank.
pub(crate) fn raw_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(raw_text),
        _ => None,
    }
}

/// A URL given by the portal, absolute or relative to `base`, http(s) only.
pub(crate) fn link(base: &Url, href: &str) -> Option<Url> {
    let u = base.join(href.trim()).ok()?;
    matches!(u.scheme(), "http" | "https").then_some(u)
}
