//! One discovery run over many communes: every site crawled, every portal harvested,
//! every portal distribution probed, all hosts side by side.
//!
//! Each commune site is its own task, each portal harvest too, and each distribution
//! probe; the polite client decides who waits. The run so lasts as long as its slowest
//! host (usually ODWB, shared by all communes), not the sum of them.
//!
//! A commune is handed over as soon as nothing of it is pending (its site crawled, the
//! portals harvested, its portal files probed), so an audit saves it while the rest
//! goes on and a run killed part-way keeps what it finished.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;
use tokio::task::{self, JoinSet};
use url::Url;

use super::portals::{self, Portal, PortalKind};
use super::probe::probe;
use super::problem::{Problem, ProblemKind};
use super::publisher::{Attributor, UnmatchedPublisher, attribute_all};
use super::website::{CrawlConfig, SiteReport, crawl};
use super::{Channel, Dataset, DiscoverError};
use crate::fetch::{HostStats, Http, Outcome};
use crate::targets::{Commune, NisCode, sort_in_commune_order};

/// What to discover and within which limits.
#[derive(Clone, Debug)]
pub struct DiscoverOptions {
    /// Website crawl limits.
    pub crawl: CrawlConfig,
    /// Bytes read of each portal distribution.
    pub probe_cap: usize,
    /// Crawl websites.
    pub websites: bool,
    /// Harvest portals.
    pub portals: bool,
    /// Probe portal distributions (off: list them only).
    pub probe_portal_files: bool,
    /// Probe one generated export per (portal, format) and judge the others on it (see
    /// [`super::generated`]); off: every export is probed.
    pub sample_generated_exports: bool,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            crawl: CrawlConfig::default(),
            probe_cap: CrawlConfig::default().probe_cap,
            websites: true,
            portals: true,
            probe_portal_files: true,
            sample_generated_exports: true,
        }
    }
}

/// Where a portal distribution sits: (commune, dataset, distribution) indexes.
type DistPlace = (usize, usize, usize);

/// What was found for one commune.
#[derive(Clone, Debug, Serialize)]
pub struct CommuneFindings {
    /// The commune.
    pub nis_code: NisCode,
    /// Its name.
    pub name: String,
    /// The crawl of its website (none when it has no known website).
    pub website: Option<SiteReport>,
    /// Every dataset found, on every channel, distributions probed.
    pub datasets: Vec<Dataset>,
    /// Problems with its own portal, or with a regional portal.
    pub errors: Vec<Problem>,
    /// Channels whose portal could not be harvested (down, refused, unexpected
    /// answers): what they hold is unknown, never "nothing".
    pub unharvested: BTreeSet<Channel>,
}

/// How a portal harvest went.
#[derive(Clone, Debug, Serialize)]
pub struct PortalSummary {
    /// Portal id.
    pub id: String,
    /// Base URL.
    pub url: String,
    /// API family.
    pub kind: String,
    /// Datasets listed.
    pub datasets: usize,
    /// Requests the harvest made.
    pub requests: u64,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// It failed with no HTTP answer at all (a dead name, a refused connection): it
    /// could not be harvested, which says nothing of what it publishes.
    #[serde(default)]
    pub unreachable: bool,
    /// What cost the harvest something without failing it (an OpenDataSoft catalogue
    /// export that could not be used, a dataset whose exports could not be listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl PortalSummary {
    /// A portal not harvested yet.
    fn of(portal: &Portal) -> Self {
        PortalSummary {
            id: portal.id.clone(),
            url: portal.url.to_string(),
            kind: portal.kind.token().to_owned(),
            datasets: 0,
            requests: 0,
            error: None,
            unreachable: false,
            warnings: Vec::new(),
        }
    }
}

/// Everything one run found.
#[derive(Clone, Debug, Serialize)]
pub struct Discovery {
    /// Per commune, in the order given.
    pub communes: Vec<CommuneFindings>,
    /// Per portal.
    pub portals: Vec<PortalSummary>,
    /// Regional-portal publishers that match no commune (listed, not dropped).
    pub unmatched_publishers: Vec<UnmatchedPublisher>,
    /// Per host: requests, errors, robots.txt, delay.
    pub hosts: Vec<HostStats>,
}

/// How the run went, beside the communes: portals, unmatched publishers, hosts.
#[derive(Clone, Debug, Serialize)]
pub struct DiscoveryReport {
    /// Per portal.
    pub portals: Vec<PortalSummary>,
    /// Regional-portal publishers that match no commune (listed, not dropped).
    pub unmatched_publishers: Vec<UnmatchedPublisher>,
    /// Per host: requests, errors, robots.txt, delay.
    pub hosts: Vec<HostStats>,
}

/// Discover what `communes` publish on their websites, on the regional `portals` and on
/// their own portals.
pub async fn discover(
    http: &Http,
    communes: &[Commune],
    regional: &[Portal],
    options: &DiscoverOptions,
) -> Discovery {
    let mut done: Vec<CommuneFindings> = Vec::with_capacity(communes.len());
    let report = discover_each(
        http,
        communes,
        regional,
        options,
        &BTreeSet::new(),
        &mut |f| done.push(f),
    )
    .await;
    sort_in_commune_order(communes, &mut done, |f| f.nis_code);
    Discovery {
        communes: done,
        portals: report.portals,
        unmatched_publishers: report.unmatched_publishers,
        hosts: report.hosts,
    }
}

/// Like [`discover`], but each commune is handed to `sink` as soon as it is complete —
/// its site crawled, every portal harvested, its portal files probed — so a caller can
/// save it before the rest of the run ends. Communes in `skip` (finished by an
/// interrupted run) are neither crawled nor probed nor handed over; they still count
/// when regional-portal publishers are attributed, so attribution does not depend on
/// what is left to do.
pub async fn discover_each(
    http: &Http,
    communes: &[Commune],
    regional: &[Portal],
    options: &DiscoverOptions,
    skip: &BTreeSet<NisCode>,
    sink: &mut dyn FnMut(CommuneFindings),
) -> DiscoveryReport {
    let todo = |c: &Commune| !skip.contains(&c.nis_code);
    // A commune's own portal listed among the regional ones too is harvested once, as its own.
    let (regional, _) = own_portals_win(regional, communes);
    let harvested_hosts: BTreeSet<String> = regional
        .iter()
        .filter(|_| options.portals)
        .filter_map(|p| site_of(&p.url).map(|(h, _)| h))
        .collect();
    let mut sites = SiteTasks::spawn(http, communes, options, &todo);
    let harvests = spawn_harvests(http, communes, &regional, options, &todo);
    let never_asked = channels_never_asked(&regional, options.portals);
    let mut state = Pending::new(communes, &never_asked, options, &todo, sink);
    let (summaries, unmatched) = state.harvest(communes, harvests).await;
    for &i in sites.commune_of.values() {
        state.pending[i] += 1;
    }
    let mut probes = ProbeTasks::spawn(http, options, &mut state);
    state.hand_over_done();
    loop {
        tokio::select! {
            Some(joined) = sites.set.join_next_with_id(), if !sites.set.is_empty() => {
                let Some((i, result)) = sites.joined(joined) else { continue };
                state.site_done(i, result, &communes[i], &harvested_hosts, options.portals);
            }
            Some(joined) = probes.set.join_next_with_id(), if !probes.set.is_empty() => {
                probes.joined(joined, &mut state);
            }
            else => break,
        }
    }
    DiscoveryReport {
        portals: summaries,
        unmatched_publishers: unmatched,
        hosts: http.host_stats(),
    }
}

/// The website crawls under way, one task per commune site.
struct SiteTasks {
    set: JoinSet<SiteReport>,
    /// Task id -> commune index, so a task that panicked is still accounted for.
    commune_of: HashMap<task::Id, usize>,
}

impl SiteTasks {
    fn spawn(
        http: &Http,
        communes: &[Commune],
        options: &DiscoverOptions,
        todo: &dyn Fn(&Commune) -> bool,
    ) -> SiteTasks {
        let mut tasks = SiteTasks {
            set: JoinSet::new(),
            commune_of: HashMap::new(),
        };
        if !options.websites {
            return tasks;
        }
        for (i, c) in communes.iter().enumerate().filter(|(_, c)| todo(c)) {
            let Some(home) = c.website.clone() else {
                continue;
            };
            let (http, own, config) = (http.clone(), c.own_portal.clone(), options.crawl.clone());
            let task = tasks
                .set
                .spawn(async move { crawl(&http, &home, own.as_ref(), &config).await });
            tasks.commune_of.insert(task.id(), i);
        }
        tasks
    }

    /// The commune of a finished crawl, and its report or why the task failed.
    fn joined(
        &self,
        joined: Result<(task::Id, SiteReport), task::JoinError>,
    ) -> Option<(usize, Result<SiteReport, task::JoinError>)> {
        let (id, result) = match joined {
            Ok((id, report)) => (id, Ok(report)),
            Err(e) => (e.id(), Err(e)),
        };
        Some((*self.commune_of.get(&id)?, result))
    }
}

/// A finished harvest: the commune owning the portal (none for a regional one), the
/// portal, what it gave.
type Harvested = (
    Option<usize>,
    Portal,
    Result<portals::Harvest, DiscoverError>,
);

/// Harvest every regional portal and every commune's own portal, side by side.
fn spawn_harvests(
    http: &Http,
    communes: &[Commune],
    regional: &[Portal],
    options: &DiscoverOptions,
    todo: &dyn Fn(&Commune) -> bool,
) -> JoinSet<Harvested> {
    let mut harvests = JoinSet::new();
    if !options.portals {
        return harvests;
    }
    // A regional dataset federated from a commune's own portal is left to that portal.
    let regional_options = portals::Options {
        own_portal_hosts: portals::own_portal_hosts(communes),
        ..portals::Options::default()
    };
    for p in regional.iter().cloned() {
        let (http, o) = (http.clone(), regional_options.clone());
        harvests.spawn(async move {
            let r = portals::harvest(&http, &p, &o).await;
            (None, p, r)
        });
    }
    for (i, c) in communes.iter().enumerate().filter(|(_, c)| todo(c)) {
        let Some(base) = c.own_portal.clone() else {
            continue;
        };
        let http = http.clone();
        harvests.spawn(async move {
            let Some(kind) = portals::detect(&http, &base).await else {
                let p = own_portal(&base, PortalKind::OpenDataSoft);
                let url = base.to_string();
                return (Some(i), p, Err(DiscoverError::NoApi { url }));
            };
            let portal = own_portal(&base, kind);
            let r = portals::harvest(&http, &portal, &portals::Options::default()).await;
            (Some(i), portal, r)
        });
    }
    harvests
}

/// What the run holds of each commune until nothing of it is pending, and the sink it
/// is handed to then.
struct Pending<'s> {
    /// Per commune (none: skipped, or handed over already).
    findings: Vec<Option<CommuneFindings>>,
    /// Portal datasets per commune, waiting for their probes.
    portal_datasets: Vec<Vec<Dataset>>,
    /// Tasks still running per commune: its site crawl, its portal probes.
    pending: Vec<usize>,
    index: HashMap<NisCode, usize>,
    sink: &'s mut dyn FnMut(CommuneFindings),
}

impl<'s> Pending<'s> {
    fn new(
        communes: &[Commune],
        never_asked: &BTreeSet<Channel>,
        options: &DiscoverOptions,
        todo: &dyn Fn(&Commune) -> bool,
        sink: &'s mut dyn FnMut(CommuneFindings),
    ) -> Self {
        let findings = communes
            .iter()
            .map(|c| {
                let mut unharvested = never_asked.clone();
                if c.own_portal.is_some() && !options.portals {
                    unharvested.insert(Channel::OwnPortal);
                }
                todo(c).then(|| CommuneFindings {
                    nis_code: c.nis_code,
                    name: c.name.clone(),
                    website: None,
                    datasets: Vec::new(),
                    errors: Vec::new(),
                    unharvested,
                })
            })
            .collect();
        Pending {
            findings,
            portal_datasets: vec![Vec::new(); communes.len()],
            pending: vec![0; communes.len()],
            index: communes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.nis_code, i))
                .collect(),
            sink,
        }
    }

    /// Wait for every harvest; their datasets go to the communes they belong to.
    async fn harvest(
        &mut self,
        communes: &[Commune],
        mut harvests: JoinSet<Harvested>,
    ) -> (Vec<PortalSummary>, Vec<UnmatchedPublisher>) {
        let attributor = Arc::new(Attributor::new(communes));
        let (mut summaries, mut unmatched) = (Vec::new(), Vec::new());
        while let Some(joined) = harvests.join_next().await {
            let (owner, portal, result) = match joined {
                Ok(r) => r,
                Err(e) => {
                    // A task that panicked: say so loudly; the others' results stand.
                    tracing::error!(error = %e, "a portal harvest task failed");
                    continue;
                }
            };
            let mut summary = PortalSummary::of(&portal);
            match result {
                Ok(h) => {
                    summary.datasets = h.datasets.len();
                    summary.requests = h.requests;
                    summary.warnings = h.warnings.iter().take(50).cloned().collect();
                    unmatched.extend(self.place(owner, &portal, h.datasets, &attributor));
                }
                Err(e) => {
                    self.harvest_failed(owner, &portal, &e);
                    summary.unreachable = e.is_unreachable();
                    summary.error = Some(e.to_string());
                }
            }
            summaries.push(summary);
        }
        summaries.sort_by(|a, b| a.id.cmp(&b.id));
        (summaries, unmatched)
    }

    /// Give a portal's datasets to their communes: all to the owner of an own portal, by
    /// publisher on a regional one. Returns the publishers that match no commune.
    fn place(
        &mut self,
        owner: Option<usize>,
        portal: &Portal,
        datasets: Vec<Dataset>,
        attributor: &Attributor,
    ) -> Vec<UnmatchedPublisher> {
        if let Some(i) = owner {
            for mut d in datasets {
                d.channel = Some(Channel::OwnPortal);
                self.portal_datasets[i].push(d);
            }
            return Vec::new();
        }
        let channel = regional_channel(portal);
        let (by_commune, left) = attribute_all(datasets, attributor);
        for (nis, datasets) in by_commune {
            let Some(&i) = self.index.get(&nis) else {
                continue;
            };
            if self.findings[i].is_none() {
                continue;
            }
            for mut d in datasets {
                d.channel = Some(channel);
                self.portal_datasets[i].push(d);
            }
        }
        left
    }

    fn harvest_failed(&mut self, owner: Option<usize>, portal: &Portal, e: &DiscoverError) {
        match owner {
            Some(i) => {
                if let Some(f) = self.findings[i].as_mut() {
                    let problem = Problem::new(ProblemKind::OwnPortalUnharvested, e);
                    f.errors
                        .push(problem.at(&portal.url).with_outcome(outcome_of(e)));
                    f.unharvested.insert(Channel::OwnPortal);
                }
            }
            // A regional portal that failed fails for every commune: said on each, and
            // its channel left unjudged.
            None => {
                for f in self.findings.iter_mut().flatten() {
                    let kind = ProblemKind::RegionalPortalUnharvested {
                        portal: portal.id.clone(),
                    };
                    let problem = Problem::new(kind, e).at(&portal.url);
                    f.errors.push(problem.with_outcome(outcome_of(e)));
                    f.unharvested.insert(regional_channel(portal));
                }
            }
        }
    }

    /// A site crawl ended (or its task failed).
    fn site_done(
        &mut self,
        i: usize,
        result: Result<SiteReport, task::JoinError>,
        commune: &Commune,
        harvested_hosts: &BTreeSet<String>,
        portals: bool,
    ) {
        if let Some(f) = self.findings[i].as_mut() {
            match result {
                Ok(report) => {
                    f.datasets.extend(report.datasets.iter().cloned());
                    if links_unread_portal(&report, commune, harvested_hosts, portals) {
                        f.unharvested.insert(Channel::OwnPortal);
                    }
                    f.website = Some(report);
                }
                Err(e) => {
                    tracing::error!(error = %e, nis = %f.nis_code, "a website crawl task failed");
                    f.errors
                        .push(Problem::new(ProblemKind::WebsiteTaskFailed, e));
                }
            }
        }
        self.done(i);
    }

    /// One task of commune `i` ended: hand the commune over when it was the last.
    fn done(&mut self, i: usize) {
        self.pending[i] -= 1;
        self.hand_over(i);
    }

    fn hand_over(&mut self, i: usize) {
        if self.pending[i] > 0 {
            return;
        }
        if let Some(mut f) = self.findings[i].take() {
            f.datasets.append(&mut self.portal_datasets[i]);
            (self.sink)(f);
        }
    }

    /// Hand over every commune with nothing pending (no website, no portal file).
    fn hand_over_done(&mut self) {
        for i in 0..self.findings.len() {
            self.hand_over(i);
        }
    }
}

/// The portal file probes under way: one task per file, but one per (portal, format)
/// for exports the portal generates (see [`super::generated`]).
struct ProbeTasks {
    set: JoinSet<super::ProbeOutcome>,
    place_of: HashMap<task::Id, DistPlace>,
    /// Generated exports waiting for their sample's verdict, by the sample's place.
    followers: HashMap<DistPlace, Vec<DistPlace>>,
}

impl ProbeTasks {
    fn spawn(http: &Http, options: &DiscoverOptions, state: &mut Pending<'_>) -> ProbeTasks {
        let mut tasks = ProbeTasks {
            set: JoinSet::new(),
            place_of: HashMap::new(),
            followers: HashMap::new(),
        };
        if !options.probe_portal_files {
            return tasks;
        }
        let mut samples: HashMap<(String, String), DistPlace> = HashMap::new();
        for (i, datasets) in state.portal_datasets.iter().enumerate() {
            for (k, d) in datasets.iter().enumerate() {
                for (j, dist) in d.distributions.iter().enumerate() {
                    state.pending[i] += 1;
                    let generated = options
                        .sample_generated_exports
                        .then(|| super::generated::generated_export(&dist.url))
                        .flatten();
                    if let Some(key) = generated {
                        if let Some(sample) = samples.get(&key) {
                            tasks.followers.entry(*sample).or_default().push((i, k, j));
                            continue;
                        }
                        samples.insert(key, (i, k, j));
                    }
                    tasks.probe(http, options, dist, (i, k, j));
                }
            }
        }
        tasks
    }

    fn probe(
        &mut self,
        http: &Http,
        options: &DiscoverOptions,
        dist: &super::Distribution,
        place: DistPlace,
    ) {
        let (http, url) = (http.clone(), dist.url.clone());
        let token = dist.declared_format.clone();
        let cap = options.probe_cap;
        let validators = options.crawl.validators.get(url.as_str()).cloned();
        let task = self
            .set
            .spawn(async move { probe(&http, &url, token.as_deref(), cap, validators).await });
        self.place_of.insert(task.id(), place);
    }

    /// A probe ended: its file, and the exports judged on it, get their outcome.
    fn joined(
        &mut self,
        joined: Result<(task::Id, super::ProbeOutcome), task::JoinError>,
        state: &mut Pending<'_>,
    ) {
        let (id, result) = match joined {
            Ok((id, outcome)) => (id, Ok(outcome)),
            Err(e) => (e.id(), Err(e)),
        };
        let Some(&(i, k, j)) = self.place_of.get(&id) else {
            return;
        };
        // The exports judged on this one: its verdict (none if its task failed).
        let sample_url = state.portal_datasets[i][k].distributions[j].url.clone();
        for (fi, fk, fj) in self.followers.remove(&(i, k, j)).unwrap_or_default() {
            state.portal_datasets[fi][fk].distributions[fj].probe = result
                .as_ref()
                .ok()
                .map(|o| super::generated::judged_on_sample(o, &sample_url));
            state.done(fi);
        }
        match result {
            Ok(outcome) => state.portal_datasets[i][k].distributions[j].probe = Some(outcome),
            Err(e) => {
                tracing::error!(error = %e, "a probe task failed");
                if let Some(f) = state.findings[i].as_mut() {
                    let problem = Problem::new(ProblemKind::ProbeTaskFailed, e).at(&sample_url);
                    f.errors.push(problem);
                }
            }
        }
        state.done(i);
    }
}

/// What became of the request a harvest failed on, when one failed: whose fault it is.
fn outcome_of(e: &DiscoverError) -> Option<Outcome> {
    match e {
        DiscoverError::Fetch(f) => Some(f.outcome()),
        DiscoverError::Status { status, .. } => Some(Outcome::of_status(*status)),
        DiscoverError::NoApi { .. } | DiscoverError::Malformed { .. } => None,
    }
}

/// A portal of the portals file that is also a commune's own portal (`own_portal` in the
/// targets file): staff list every portal they know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalOverlap {
    /// The portals file's id.
    pub portal_id: String,
    /// The portals file's URL.
    pub url: Url,
    /// The commune whose own portal it is.
    pub nis_code: NisCode,
    /// Its name.
    pub commune: String,
}

impl std::fmt::Display for PortalOverlap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "portal {} ({}) of the portals file is the own portal of {} ({}) in the targets file: it is harvested once, as that commune's own portal",
            self.portal_id, self.url, self.commune, self.nis_code
        )
    }
}

/// One site, whatever the scheme, the `www.` and the path: a portal's host (lower case,
/// without `www.`) and explicit port.
/// Portal channels no portal of the run speaks for: ODWB when the portals file lists no
/// ODWB (or portals are not harvested at all). Nothing found there proves nothing.
fn channels_never_asked(regional: &[Portal], portals: bool) -> BTreeSet<Channel> {
    let odwb_asked = portals
        && regional
            .iter()
            .any(|p| regional_channel(p) == Channel::Odwb);
    if odwb_asked {
        BTreeSet::new()
    } else {
        BTreeSet::from([Channel::Odwb])
    }
}

/// The site links a portal that this run did not read (neither a regional portal nor the
/// commune's own portal of the targets): whatever the commune publishes there is out of
/// sight, so its absence is no evidence.
fn links_unread_portal(
    report: &SiteReport,
    commune: &Commune,
    harvested: &BTreeSet<String>,
    portals: bool,
) -> bool {
    let own = commune
        .own_portal
        .as_ref()
        .filter(|_| portals)
        .and_then(site_of)
        .map(|(h, _)| h);
    report
        .portal_links
        .iter()
        .filter_map(|l| site_of(&l.url).map(|(h, _)| h))
        .any(|h| !harvested.contains(&h) && own.as_ref() != Some(&h))
}

fn site_of(url: &Url) -> Option<(String, Option<u16>)> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    Some((host, url.port()))
}

/// The commune's own portal wins: the portals of `regional` that are also the own portal
/// of one of `communes` are taken out (each commune harvests its own portal, once), and
/// returned as overlaps for the caller to report.
pub fn own_portals_win(
    regional: &[Portal],
    communes: &[Commune],
) -> (Vec<Portal>, Vec<PortalOverlap>) {
    let mut kept = Vec::new();
    let mut overlaps = Vec::new();
    for p in regional {
        let owner = communes.iter().find(|c| {
            c.own_portal
                .as_ref()
                .is_some_and(|own| site_of(own).is_some() && site_of(own) == site_of(&p.url))
        });
        match owner {
            Some(c) => overlaps.push(PortalOverlap {
                portal_id: p.id.clone(),
                url: p.url.clone(),
                nis_code: c.nis_code,
                commune: c.name.clone(),
            }),
            None => kept.push(p.clone()),
        }
    }
    (kept, overlaps)
}

/// The channel of a regional portal's datasets: ODWB for ODWB (id `odwb`, or the host
/// `odwb.be`), else a regional portal of its own — never ODWB by default.
pub fn regional_channel(p: &Portal) -> Channel {
    let odwb_host = site_of(&p.url).is_some_and(|(h, _)| h == "odwb.be");
    if odwb_host || p.id.eq_ignore_ascii_case("odwb") {
        Channel::Odwb
    } else {
        Channel::RegionalPortal
    }
}

fn own_portal(base: &Url, kind: PortalKind) -> Portal {
    Portal {
        id: base.host_str().unwrap_or("own-portal").to_owned(),
        kind,
        url: base.clone(),
        name: base.host_str().unwrap_or("own portal").to_owned(),
    }
}

/// Datasets per channel, for summaries.
pub fn per_channel(datasets: &[Dataset]) -> BTreeMap<Channel, usize> {
    let mut out = BTreeMap::new();
    for d in datasets {
        if let Some(c) = d.channel {
            *out.entry(c).or_default() += 1;
        }
    }
    out
}
