//! The website crawler: best-first from the homepage and the sitemaps, within a request
//! budget, to find the files a commune publishes and the portals it points to.
//!
//! On a site asking for one request every two minutes every request must count: pages
//! and files share one priority queue, so a data file linked from an open-data page is
//! probed before the tenth news item is read, and files that cannot be data (council
//! minutes as PDF, outside any open-data page) are counted but never fetched.
//!
//! When the homepage shows a platform that keeps its own index (see [`super::site_index`]),
//! that index is asked first and finds the files; the crawl then reads only a few pages,
//! for context (the page showing each listed file, its licence, the portals linked). Every
//! host also has a time budget at the delay it asks (`site_time`): a host asking 120 s
//! gets 15 requests, so the region is read within that time whatever each site's size.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::links::{LinkKind, SKIP_BELOW, canonicalize, kind_of, score, word_score};
use super::listing::ListedFile;
use super::listing::plone_download_url;
use super::page::{ParsedPage, decode_html, parse_sitemap};
use super::platform::{Platform, recognise};
use super::probe::{outcome_of, probe_response};
use super::problem::{Problem, ProblemKind};
use super::site_index::{IndexKind, IndexLimits, file_identity, read_index};
use super::soft404::{
    NotFoundPage, absent_sibling, html_title, is_soft_404, not_found_page, says_not_found,
    sent_home,
};
use super::{Channel, Dataset, Distribution, LicenceStatement};
use crate::assess::{Format, ModifiedSource, Stars, claim_of_media_type, claim_of_name};
use crate::fetch::{
    Broken, FetchError, Http, Outcome, Request, RobotsState, Unverifiable, Validators,
};

/// Limits of one site's crawl.
#[derive(Clone, Debug)]
pub struct CrawlConfig {
    /// Requests this site may cost (pages, sitemaps and probes; robots.txt excluded).
    pub max_requests: usize,
    /// Links followed from the homepage at most.
    pub max_depth: u32,
    /// Bytes read of a page or sitemap.
    pub page_cap: usize,
    /// Bytes read of a probed file.
    pub probe_cap: usize,
    /// Validators from earlier runs, by URL: probes become conditional requests.
    pub validators: Arc<HashMap<String, Validators>>,
    /// Ask the site's own index (plone.restapi, a Plone `sitemap.xml.gz`, WordPress
    /// media) before its pages; off, the site is crawled page by page only.
    pub listings: bool,
    /// Listing pages (or sitemap files) read of one index at most.
    pub index_pages: u32,
    /// Pages read for context once an index answered (the open-data page, its licence,
    /// the portals the site links): the index found the files.
    pub pages_after_index: usize,
    /// Files probed at most on a site whose index answered.
    pub max_probes: usize,
    /// Time a run may spend on one host at the delay it asks (robots.txt included): a
    /// host asking 120 s between requests gets 15 requests in 30 minutes, so the whole
    /// region is read within that time whatever each site's size.
    pub site_time: Duration,
}

/// Requests to a host whose index answered, besides its file probes and robots.txt:
/// the homepage, the index's pages, the pages read for context.
const INDEXED_SITE_REQUESTS: usize = 9;

/// A delay from which a host's pages are read as sparingly as an indexed site's:
/// [`INDEXED_SITE_REQUESTS`] page requests, then its files.
const SLOW_HOST_DELAY: Duration = Duration::from_secs(60);

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            max_requests: 60,
            max_depth: 5,
            page_cap: 2 * 1024 * 1024,
            probe_cap: 128 * 1024,
            validators: Arc::default(),
            listings: true,
            index_pages: 20,
            pages_after_index: 5,
            max_probes: 500,
            site_time: Duration::from_secs(30 * 60),
        }
    }
}

/// A link from the commune's site to an open-data portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortalLink {
    /// Where it points.
    pub url: Url,
    /// Its anchor text.
    pub anchor: String,
    /// The page holding it.
    pub page: Url,
}

/// How the site answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SiteStatus {
    /// The homepage answered.
    Reachable,
    /// The homepage could not be fetched.
    Unreachable {
        /// Why.
        why: String,
    },
    /// The site is up but its robots.txt keeps crawlers out (`Disallow` of the
    /// homepage, or a `Crawl-delay` above `--max-crawl-delay`), or it throttles us
    /// (429): nothing can be said of what it publishes.
    Closed {
        /// Why.
        why: String,
        /// It answered 429 (robots.txt or the homepage): it asks us to wait, which is
        /// no fault of the commune's.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        throttled: bool,
    },
}

impl SiteStatus {
    /// Why the site could not be read, if it could not.
    pub fn why(&self) -> Option<&str> {
        match self {
            SiteStatus::Reachable => None,
            SiteStatus::Unreachable { why } | SiteStatus::Closed { why, .. } => Some(why),
        }
    }
}

/// What crawling one site found.
#[derive(Clone, Debug, Serialize)]
pub struct SiteReport {
    /// The homepage crawled from.
    pub home: Url,
    /// Reachable or not, and why.
    pub status: SiteStatus,
    /// Pages (and sitemaps) read.
    pub pages: usize,
    /// Requests spent (pages, sitemaps, probes).
    pub requests: usize,
    /// Published files, grouped as the pages group them.
    pub datasets: Vec<Dataset>,
    /// Links to portals.
    pub portal_links: Vec<PortalLink>,
    /// Documents seen and left alone (not data by their name, outside open-data pages).
    pub documents_seen: usize,
    /// Pages left alone for their words (agenda, council minutes, legal notices).
    pub pages_skipped: usize,
    /// Candidates left unprobed when the budget ran out.
    pub unprobed: Vec<Url>,
    /// URLs robots.txt kept us from.
    pub disallowed: usize,
    /// Problems met on the way (a page that failed, a sitemap that did not parse).
    pub errors: Vec<Problem>,
    /// The platform the homepage shows.
    pub platform: Platform,
    /// The site's own index that listed its files, when one answered.
    pub index: Option<IndexKind>,
    /// Files the index listed, and how many of them could be data (probed).
    pub listed: usize,
    /// Listed files that could be data.
    pub listed_data: usize,
    /// Files the index showed unchanged since the last run: not fetched again.
    pub reused: usize,
}

#[derive(Clone, Debug)]
enum Task {
    Page { url: Url, depth: u32 },
    Sitemap { url: Url },
    File(Box<Candidate>),
}

#[derive(Clone, Debug)]
struct Candidate {
    url: Url,
    /// The date the site's index gives the file, when it lists it.
    listed_modified: Option<String>,
    /// A Plone File object listed by plone.restapi: when its URL answers a page about the
    /// file, the file is at its download view.
    plone_object: bool,
    claimed: Option<Format>,
    anchor: String,
    /// (page, group index on it): files of one list item form one dataset.
    group: (Url, usize),
    title: String,
    licence: Option<LicenceStatement>,
    open_data_page: bool,
}

struct Queued {
    priority: i32,
    seq: u64,
    task: Task,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.priority == other.priority && self.seq == other.seq
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest priority first; among equals, first queued first.
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Formats whose name alone makes a file worth probing: structured ones and archives.
fn named_as_data(f: Format) -> bool {
    f.star_ceiling() >= Stars::new(2) || matches!(f, Format::Zip | Format::Gzip)
}

/// Priority of probing a file: data by name, or anything on an open-data page, first.
fn file_priority(claimed: Option<Format>, open_data_page: bool, anchor_score: i32) -> Option<i32> {
    let data_by_name = claimed.is_some_and(named_as_data);
    match (open_data_page, data_by_name, claimed) {
        (true, _, _) => Some(1000 + anchor_score),
        (false, true, _) => Some(800 + anchor_score),
        // A download view with no name: worth a probe when its words speak of data.
        (false, false, None) if anchor_score > 0 => Some(300 + anchor_score),
        _ => None,
    }
}

/// Crawl one commune site.
pub async fn crawl(
    http: &Http,
    home: &Url,
    own_portal: Option<&Url>,
    config: &CrawlConfig,
) -> SiteReport {
    let mut c = Crawl {
        http,
        config,
        site: home.clone(),
        own_portal: own_portal.cloned(),
        queue: BinaryHeap::new(),
        seen: HashSet::new(),
        seq: 0,
        report: SiteReport {
            home: home.clone(),
            status: SiteStatus::Reachable,
            pages: 0,
            requests: 0,
            datasets: Vec::new(),
            portal_links: Vec::new(),
            documents_seen: 0,
            pages_skipped: 0,
            unprobed: Vec::new(),
            disallowed: 0,
            errors: Vec::new(),
            platform: Platform::Unknown,
            index: None,
            listed: 0,
            listed_data: 0,
            reused: 0,
        },
        groups: HashMap::new(),
        group_order: Vec::new(),
        not_found: None,
        budget: Budget::Shared,
        page_requests: 0,
        probe_requests: 0,
        listed: Vec::new(),
        listed_dates: HashMap::new(),
        sitemap_read: false,
        delay: Duration::ZERO,
    };
    c.run().await;
    c.finish()
}

struct Crawl<'a> {
    http: &'a Http,
    config: &'a CrawlConfig,
    site: Url,
    own_portal: Option<Url>,
    queue: BinaryHeap<Queued>,
    seen: HashSet<String>,
    seq: u64,
    report: SiteReport,
    /// Datasets by (page, group), in discovery order.
    groups: HashMap<(String, usize), Dataset>,
    group_order: Vec<(String, usize)>,
    /// How the site answers a missing file, once asked (see [`super::soft404`]).
    not_found: Option<NotFoundPage>,
    budget: Budget,
    /// Requests spent on pages, sitemaps and indexes; and on files.
    page_requests: usize,
    probe_requests: usize,
    /// Files the index listed, probed once the pages for context are read.
    listed: Vec<Candidate>,
    /// The index's date of each listed file, by [`file_identity`].
    listed_dates: HashMap<String, String>,
    /// The index read a sitemap already.
    sitemap_read: bool,
    /// The delay the host asks between requests.
    delay: Duration,
}

/// How a site's requests are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Budget {
    /// No index: pages and files share `max_requests`.
    Shared,
    /// An index answered: pages up to this many requests, files up to `max_probes`.
    Indexed { pages: usize },
}

impl Crawl<'_> {
    fn push(&mut self, priority: i32, mut task: Task) {
        let key = match &mut task {
            Task::Page { url, .. } | Task::Sitemap { url } => url.as_str().to_owned(),
            Task::File(c) => {
                let id = file_identity(&c.url);
                if c.listed_modified.is_none() {
                    c.listed_modified = self.listed_dates.get(&id).cloned();
                }
                id
            }
        };
        if !self.seen.insert(key) {
            return;
        }
        self.seq += 1;
        self.queue.push(Queued {
            priority,
            seq: self.seq,
            task,
        });
    }

    async fn run(&mut self) {
        let home = canonicalize(&self.site);
        if !self.robots(&home).await {
            return;
        }
        self.push(
            10_000,
            Task::Page {
                url: home.clone(),
                depth: 0,
            },
        );
        if let Some(Queued { task, .. }) = self.queue.pop()
            && let Task::Page { url, depth } = task
            && !self.page(&url, depth).await
        {
            return;
        }
        if self.config.listings {
            self.read_index().await;
        }
        // No sitemap in robots.txt: the conventional place is worth one request.
        if self.budget == Budget::Shared
            && !self.sitemap_read
            && !self
                .queue
                .iter()
                .any(|q| matches!(q.task, Task::Sitemap { .. }))
            && let Ok(s) = home.join("/sitemap.xml")
        {
            self.push(850, Task::Sitemap { url: s });
        }
        self.drain().await;
        // Listed files come after the pages, so those a page links carry its context.
        for c in std::mem::take(&mut self.listed) {
            self.push(700, Task::File(Box::new(c)));
        }
        self.drain().await;
        for q in self.queue.drain() {
            if let Task::File(c) = q.task {
                self.report.unprobed.push(c.url);
            }
        }
    }

    /// Read robots.txt and queue the sitemaps it lists; false when the site is closed.
    async fn robots(&mut self, home: &Url) -> bool {
        let robots = match self.http.robots_for(home).await {
            Ok(robots) => robots,
            Err(e) => {
                self.note_error(home, &e, None);
                return false;
            }
        };
        if let RobotsState::Unreachable { why, answered, .. } = &robots.state {
            // RFC 9309: nothing may be crawled. No answer at all: the site is down for
            // everybody. An answer (a 5xx for robots.txt alone is common, a 429): the
            // site is up, but closed to us; nothing is concluded.
            let why = format!("robots.txt could not be read ({why})");
            self.report.status = if *answered {
                SiteStatus::Closed {
                    why,
                    throttled: robots.is_throttled(),
                }
            } else {
                SiteStatus::Unreachable { why }
            };
            return false;
        }
        self.delay = self.http.delay_for(&robots);
        let listed: Vec<Url> = robots
            .sitemaps()
            .iter()
            .filter_map(|s| s.parse::<Url>().ok())
            .filter(|u| super::links::same_site(u, home))
            .collect();
        for s in listed {
            self.push(900, Task::Sitemap { url: s });
        }
        true
    }

    /// Ask the platform's own index; when it answers, its files are probed after a few
    /// pages read for context, and sitemaps (which it supersedes) are not read.
    async fn read_index(&mut self) {
        let limits = IndexLimits {
            max_pages: self.config.index_pages,
            cap: self.config.page_cap,
        };
        let root = self.site.join("/").unwrap_or_else(|_| self.site.clone());
        let sitemaps: Vec<Url> = self
            .queue
            .iter()
            .filter_map(|q| match &q.task {
                Task::Sitemap { url } => Some(url.clone()),
                _ => None,
            })
            .collect();
        let read = read_index(self.http, &root, self.report.platform, &sitemaps, limits).await;
        self.report.requests += read.requests;
        self.page_requests += read.requests;
        self.report.errors.extend(read.refusals);
        // Sitemaps the index read are not asked again; the pages they list are ranked.
        self.queue.retain(|q| match &q.task {
            Task::Sitemap { url } => !read.sitemaps_read.contains(url),
            _ => true,
        });
        for s in &read.sitemaps_read {
            self.seen.insert(s.as_str().to_owned());
        }
        self.sitemap_read |= !read.sitemaps_read.is_empty();
        for (url, _) in read.pages {
            if word_score(&url, "") >= SKIP_BELOW {
                let s = score(&url, "", 1);
                self.push(s, Task::Page { url, depth: 1 });
            }
        }
        let Some(kind) = read.kind else { return };
        self.report.index = Some(kind);
        self.report.listed = read.listed;
        self.report.listed_data = read.files.len();
        if read.truncated {
            let cut = ProblemKind::IndexTruncated {
                index: kind,
                pages: self.config.index_pages,
            };
            self.report.errors.push(Problem::new(
                cut,
                format_args!("cut after {} pages", self.config.index_pages),
            ));
        }
        // Context pages fit in what the host's time leaves once every listed file is
        // probed; one at least, for the licence.
        let so_far = self.page_requests;
        let context = self
            .host_cap()
            .saturating_sub(so_far + self.report.listed_data)
            .min(self.config.pages_after_index)
            .min(INDEXED_SITE_REQUESTS.saturating_sub(so_far))
            .max(1);
        self.budget = Budget::Indexed {
            pages: so_far + context,
        };
        self.queue
            .retain(|q| !matches!(q.task, Task::Sitemap { .. }));
        // The pages showing the listed files come first: their licence and context.
        for page in read.files.iter().filter_map(|f| f.context.clone()) {
            self.push(
                5_000,
                Task::Page {
                    url: page,
                    depth: 1,
                },
            );
        }
        for f in read.files {
            if let Some(m) = &f.modified {
                self.listed_dates.insert(file_identity(&f.url), m.clone());
            }
            self.listed.push(listed_candidate(f, kind));
        }
    }

    /// Requests the host's time allows, robots.txt excluded (see
    /// [`CrawlConfig::site_time`]).
    fn host_cap(&self) -> usize {
        if self.delay.is_zero() {
            return usize::MAX;
        }
        let n = self.config.site_time.as_secs_f64() / self.delay.as_secs_f64();
        (n.floor() as usize).saturating_sub(1)
    }

    /// A host asking a minute or more between requests: each of its requests costs what
    /// sixty cost elsewhere.
    fn slow(&self) -> bool {
        self.delay >= SLOW_HOST_DELAY
    }

    /// Whether the budget lets this task run.
    fn affordable(&self, task: &Task) -> bool {
        if self.report.requests >= self.host_cap() {
            return false;
        }
        match (self.budget, task) {
            // A slow host (iMio asks 120 s) is read for its files, not page by page.
            (Budget::Shared, Task::Page { .. } | Task::Sitemap { .. }) if self.slow() => {
                self.page_requests < INDEXED_SITE_REQUESTS
                    && self.report.requests < self.config.max_requests
            }
            (Budget::Shared, _) => self.report.requests < self.config.max_requests,
            (Budget::Indexed { .. }, Task::File(_)) => self.probe_requests < self.config.max_probes,
            (Budget::Indexed { pages }, _) => self.page_requests < pages,
        }
    }

    /// Run queued tasks, best first, while the budget lasts.
    async fn drain(&mut self) {
        while let Some(Queued { task, .. }) = self.queue.pop() {
            if !self.affordable(&task) {
                if let Task::File(c) = task {
                    self.report.unprobed.push(c.url);
                }
                if self.budget == Budget::Shared && !self.slow() {
                    break;
                }
                continue;
            }
            match task {
                Task::Page { url, depth } => {
                    self.page(&url, depth).await;
                }
                Task::Sitemap { url } => self.sitemap(&url).await,
                Task::File(candidate) => self.file(*candidate).await,
            }
        }
    }

    /// Fetch and read a page; false when it could not be fetched.
    async fn page(&mut self, url: &Url, depth: u32) -> bool {
        let response = match self.get(url).await {
            Ok(r) => r,
            Err(e) => {
                self.note_error(url, &e, (depth > 0).then_some(ProblemKind::PageFailed));
                return false;
            }
        };
        if !(200..300).contains(&response.status) {
            if depth == 0 {
                let why = format!("the homepage answered HTTP {}", response.status);
                self.report.status = match response.status {
                    // It asks us to wait: up, and closed to us for now.
                    429 => SiteStatus::Closed {
                        why,
                        throttled: true,
                    },
                    _ => SiteStatus::Unreachable { why },
                };
            } else {
                let problem = Problem::new(
                    ProblemKind::PageFailed,
                    format_args!("HTTP {}", response.status),
                );
                self.report.errors.push(
                    problem
                        .at(url)
                        .with_outcome(Outcome::of_status(response.status)),
                );
            }
            return false;
        }
        // Redirected off the site (a domain change): follow the new site.
        if depth == 0 && !super::links::same_site(&response.final_url, &self.site) {
            self.site = response.final_url.clone();
        }
        let is_html = response
            .content_type
            .as_deref()
            .is_none_or(|ct| ct.contains("html") || ct.contains("xml") && !ct.contains("rss"));
        if !is_html {
            // A "page" that is a file: judge the bytes already read.
            let candidate = Candidate {
                url: url.clone(),
                listed_modified: None,
                plone_object: false,
                claimed: None,
                anchor: String::new(),
                group: (url.clone(), 0),
                title: file_title(url),
                licence: None,
                open_data_page: false,
            };
            let outcome = outcome_of(&response, None, None);
            self.keep(candidate, outcome);
            return true;
        }
        self.report.pages += 1;
        let body = decode_html(&response.body, response.content_type.as_deref()).into_owned();
        if depth == 0 {
            let headers = response
                .platform_headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()));
            self.report.platform = recognise(headers, &body);
        }
        // Bounded in depth, memory and time; a page that cannot be read is an error of
        // that page only.
        match super::bounded::parse_page(body, response.final_url.clone()).await {
            Ok(parsed) => self.follow(&parsed, &response.final_url, depth),
            Err(e) => self
                .report
                .errors
                .push(Problem::new(ProblemKind::PageNotParsed, e).at(url)),
        }
        true
    }

    fn follow(&mut self, page: &ParsedPage, page_url: &Url, depth: u32) {
        for link in &page.links {
            match kind_of(&link.url, &self.site, self.own_portal.as_ref()) {
                LinkKind::Portal if !self.report.portal_links.iter().any(|p| p.url == link.url) => {
                    self.report.portal_links.push(PortalLink {
                        url: link.url.clone(),
                        anchor: link.anchor.clone(),
                        page: page_url.clone(),
                    });
                }
                LinkKind::Page if word_score(&link.url, &link.anchor) < SKIP_BELOW => {
                    self.skip_page(&link.url);
                }
                LinkKind::Page if depth < self.config.max_depth => {
                    let s = score(&link.url, &link.anchor, depth + 1);
                    self.push(
                        s,
                        Task::Page {
                            url: link.url.clone(),
                            depth: depth + 1,
                        },
                    );
                }
                LinkKind::File(claimed) => {
                    let anchor_score = score(&link.url, &link.anchor, 0);
                    let group = &page.groups[link.group];
                    match file_priority(claimed, page.open_data, anchor_score) {
                        Some(p) => self.push(
                            p,
                            Task::File(Box::new(Candidate {
                                url: link.url.clone(),
                                listed_modified: None,
                                plone_object: false,
                                claimed,
                                anchor: link.anchor.clone(),
                                group: (page_url.clone(), link.group),
                                title: group.title.clone(),
                                licence: group.licence.clone().or_else(|| page.licence.clone()),
                                open_data_page: page.open_data,
                            })),
                        ),
                        None => {
                            if self.seen.insert(link.url.as_str().to_owned()) {
                                self.report.documents_seen += 1;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn skip_page(&mut self, url: &Url) {
        if self.seen.insert(url.as_str().to_owned()) {
            self.report.pages_skipped += 1;
        }
    }

    async fn sitemap(&mut self, url: &Url) {
        let response = match self.get(url).await {
            Ok(r) if (200..300).contains(&r.status) => r,
            Ok(r) => {
                if url.path() != "/sitemap.xml" {
                    let problem = Problem::new(
                        ProblemKind::SitemapFailed,
                        format_args!("HTTP {}", r.status),
                    );
                    self.report
                        .errors
                        .push(problem.at(url).with_outcome(Outcome::of_status(r.status)));
                }
                return;
            }
            Err(e) => {
                self.note_error(url, &e, Some(ProblemKind::SitemapFailed));
                return;
            }
        };
        let map = parse_sitemap(&response.body, self.config.page_cap);
        if map.urls.is_empty() && map.sitemaps.is_empty() {
            return;
        }
        self.report.pages += 1;
        let site = self.site.clone();
        for s in map
            .sitemaps
            .into_iter()
            .filter(|s| super::links::same_site(s, &site))
        {
            self.push(850, Task::Sitemap { url: s });
        }
        for (loc, _lastmod) in map.urls {
            let loc = canonicalize(&loc);
            match kind_of(&loc, &self.site, self.own_portal.as_ref()) {
                LinkKind::Page if word_score(&loc, "") >= SKIP_BELOW => {
                    let s = score(&loc, "", 1);
                    self.push(s, Task::Page { url: loc, depth: 1 });
                }
                LinkKind::File(claimed) => {
                    let s = score(&loc, "", 0);
                    if let Some(p) = file_priority(claimed, false, s) {
                        let title = file_title(&loc);
                        self.push(
                            p,
                            Task::File(Box::new(Candidate {
                                group: (loc.clone(), 0),
                                url: loc,
                                listed_modified: None,
                                plone_object: false,
                                claimed,
                                anchor: String::new(),
                                title,
                                licence: None,
                                open_data_page: false,
                            })),
                        );
                    }
                }
                _ => {}
            }
        }
    }

    async fn file(&mut self, mut candidate: Candidate) {
        let validators = self.config.validators.get(candidate.url.as_str()).cloned();
        if let Some(v) = validators
            .as_ref()
            .filter(|v| v.listed.is_some() && v.listed == candidate.listed_modified)
        {
            // The index lists it with the date it had when last judged: no request.
            self.report.reused += 1;
            self.keep(candidate, super::ProbeOutcome::reused(v.clone()));
            return;
        }
        let mut probed = self.probe(&candidate, validators).await;
        // A Plone object URL that answers a page about the file: the download view.
        let page_not_file = probed
            .outcome
            .verdict
            .as_ref()
            .is_some_and(|v| v.format == Format::Html)
            && candidate.claimed != Some(Format::Html);
        if candidate.plone_object
            && page_not_file
            && !candidate.url.path().contains("/@@download/")
            && let Some(download) = plone_download_url(&candidate.url)
        {
            let mut at_download = candidate.clone();
            at_download.url = download;
            let validators = self
                .config
                .validators
                .get(at_download.url.as_str())
                .cloned();
            let second = self.probe(&at_download, validators).await;
            // Kept only when the download view serves something: else the object's page
            // is what the site publishes under that name.
            if second.outcome.outcome == Outcome::Ok {
                (candidate, probed) = (at_download, second);
            }
        }
        let (mut outcome, response) = (probed.outcome, probed.response);
        if outcome.outcome == Outcome::Ok && outcome.status != Some(304) {
            outcome.validators.listed = candidate.listed_modified.clone();
        }
        if outcome.outcome == Outcome::NotVerifiable(Unverifiable::Robots) {
            // Still a link the site shows: it keeps its row, "not verifiable".
            self.report.disallowed += 1;
        }
        let answered_html = outcome.status.is_some_and(|s| (200..300).contains(&s))
            && outcome
                .verdict
                .as_ref()
                .is_some_and(|v| v.format == Format::Html);
        if answered_html
            && let Some(r) = &response
            && self.soft_404(&candidate.url, r).await
        {
            outcome.error = Some(format!(
                "soft 404: HTTP {} with the page the site shows for any missing file",
                r.status
            ));
            outcome.outcome = Outcome::Broken(Broken::SoftNotFound);
        }
        self.keep(candidate, outcome);
    }

    /// Probe a file's first bytes, its requests counted in the files' budget.
    async fn probe(
        &mut self,
        candidate: &Candidate,
        validators: Option<Validators>,
    ) -> super::probe::Probed {
        let token = candidate.claimed.map(|f| f.code().to_ascii_lowercase());
        let probed = probe_response(
            self.http,
            &candidate.url,
            token.as_deref(),
            self.config.probe_cap,
            validators,
        )
        .await;
        self.probe_requests += self.spend(probed.sent);
        probed
    }

    /// GET a page (or sitemap), its requests (retries and redirect hops included)
    /// counted in the site's budget.
    async fn get(&mut self, url: &Url) -> Result<crate::fetch::Probe, FetchError> {
        let (result, sent) = self
            .http
            .get_metered(url, &Request::page(self.config.page_cap))
            .await;
        self.page_requests += self.spend(sent);
        result
    }

    /// Count requests in the budget; one at least, so a refused task still costs a turn.
    fn spend(&mut self, sent: u32) -> usize {
        let n = (sent as usize).max(1);
        self.report.requests += n;
        n
    }

    /// The file link answered the site's "page not found" page with a 2xx status.
    async fn soft_404(&mut self, url: &Url, response: &crate::fetch::Probe) -> bool {
        // What the page says of itself, or where it sent us, settles it without a request.
        if sent_home(url, &response.final_url)
            || says_not_found(html_title(&response.body).as_deref())
        {
            return true;
        }
        if self.not_found.is_none() {
            let page = match absent_sibling(url) {
                Some(absent) => match self.get(&absent).await {
                    Ok(p) => not_found_page(Some(p.status), &p.body),
                    Err(_) => NotFoundPage::Honest,
                },
                None => NotFoundPage::Honest,
            };
            self.not_found = Some(page);
        }
        self.not_found
            .as_ref()
            .is_some_and(|site| is_soft_404(site, html_title(&response.body).as_deref()))
    }

    /// Keep a probed file as a distribution when it is published data: anything on an
    /// open-data page, anything named as data, anything structured by its bytes.
    fn keep(&mut self, candidate: Candidate, outcome: super::ProbeOutcome) {
        let stars = outcome.verdict.as_ref().map_or(0, |v| v.stars.get());
        let structured = outcome
            .verdict
            .as_ref()
            .is_some_and(|v| v.format.star_ceiling() >= Stars::new(2));
        let named_as_data = candidate.claimed.is_some_and(named_as_data);
        if !(candidate.open_data_page || named_as_data || structured || stars >= 2) {
            self.report.documents_seen += 1;
            return;
        }
        let key = (candidate.group.0.to_string(), candidate.group.1);
        let dataset = self.groups.entry(key.clone()).or_insert_with(|| Dataset {
            channel: Some(Channel::Website),
            title: if candidate.title.is_empty() {
                if candidate.anchor.is_empty() {
                    file_title(&candidate.url)
                } else {
                    candidate.anchor.clone()
                }
            } else {
                candidate.title.clone()
            },
            landing_page: Some(candidate.group.0.clone()),
            licence: candidate.licence.clone().unwrap_or_default(),
            modified: candidate.listed_modified.clone(),
            modified_field: candidate
                .listed_modified
                .as_ref()
                .map(|_| ModifiedSource::PlatformModified.as_str().to_owned()),
            ..Dataset::default()
        });
        dataset.distributions.push(Distribution {
            url: candidate.url.clone(),
            declared_format: candidate.claimed.map(|f| f.code().to_owned()),
            probe: Some(outcome),
        });
        if !self.group_order.contains(&key) {
            self.group_order.push(key);
        }
    }

    /// A request that got no answer: the homepage's (`problem` is `None`) says what
    /// the site is; any other is a problem of that `problem` kind.
    fn note_error(&mut self, url: &Url, e: &FetchError, problem: Option<ProblemKind>) {
        if matches!(e, FetchError::Disallowed(_)) {
            self.report.disallowed += 1;
        }
        if let Some(kind) = problem {
            let problem = Problem::new(kind, e).at(url).with_outcome(e.outcome());
            self.report.errors.push(problem);
        } else {
            let why = e.to_string();
            self.report.status = match e {
                // The site is up, its robots.txt keeps us out: what it publishes is unknown.
                FetchError::Disallowed(_) | FetchError::CrawlDelayTooLong { .. } => {
                    SiteStatus::Closed {
                        why,
                        throttled: false,
                    }
                }
                // It asked us to wait: up, and closed to us for now.
                FetchError::HostPaused { .. } => SiteStatus::Closed {
                    why,
                    throttled: true,
                },
                _ => SiteStatus::Unreachable { why },
            };
        }
    }

    fn finish(mut self) -> SiteReport {
        for key in std::mem::take(&mut self.group_order) {
            if let Some(d) = self.groups.remove(&key) {
                self.report.datasets.push(d);
            }
        }
        self.report
    }
}

/// A file as the site's index lists it: its group is its own object page, its title
/// the index's.
fn listed_candidate(f: ListedFile, kind: IndexKind) -> Candidate {
    let title = f.title.clone().unwrap_or_else(|| file_title(&f.url));
    let page = f.page.clone().unwrap_or_else(|| f.url.clone());
    Candidate {
        claimed: claim_of_name(f.url.path())
            .or_else(|| f.media_type.as_deref().and_then(claim_of_media_type))
            .and_then(|c| c.format),
        plone_object: kind == IndexKind::PloneSearch,
        listed_modified: f.modified,
        anchor: String::new(),
        group: (page, 0),
        title,
        licence: f
            .description
            .as_deref()
            .and_then(super::page_licence::licence_in)
            .map(|name| LicenceStatement {
                name: Some(name),
                url: None,
            }),
        open_data_page: false,
        url: f.url,
    }
}

/// A readable title from a URL's file name.
fn file_title(url: &Url) -> String {
    let path = url
        .path()
        .trim_end_matches("/@@download/file")
        .trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    super::links::percent_decode(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_on_open_data_pages_and_data_files_come_first() {
        let od = file_priority(Some(Format::Pdf), true, 0).unwrap();
        let csv = file_priority(Some(Format::Csv), false, 0).unwrap();
        let blind = file_priority(None, false, 20).unwrap();
        assert!(od > csv && csv > blind);
        assert_eq!(
            file_priority(Some(Format::Pdf), false, 50),
            None,
            "minutes are not probed"
        );
        assert!(
            file_priority(Some(Format::Zip), false, 0).is_some(),
            "archives are probed"
        );
        assert_eq!(file_priority(None, false, -10), None);
    }

    #[test]
    fn titles_from_urls() {
        let u: Url = "http://x.be/a/budget%202024.xlsx/@@download/file"
            .parse()
            .unwrap();
        assert_eq!(file_title(&u), "budget 2024.xlsx");
    }
}
