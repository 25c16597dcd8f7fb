//! The polite client every crawler and portal adapter goes through.
//!
//! Commune sites are small public servers, many asking for `Crawl-delay: 120`. Per host,
//! this client reads robots.txt first (once; shared files once for all hosts), then
//! keeps one request in flight, spaces requests by the larger of `min_delay` and the
//! Crawl-delay, and backs the whole host off on 5xx, 429 and `Retry-After`. The global
//! concurrency slot is taken last, so tasks waiting on a slow host hold nothing other
//! hosts need. Redirects are followed here, hop by hop, so each hop passes its own host's
//! robots.txt, rate limit and address guard.
//!
//! Spacing is measured from when each exchange actually ended, not from when a rate
//! limiter granted it: with the global slot taken after the host's turn, a granted request
//! may leave late, and a grant-time limiter (governor's GCRA) would then let the next one
//! follow too closely. The server's log is what counts. Quotas — what a portal grants in
//! calls, and `--max-rps` — are counts rather than spacing, so governor keeps them
//! ([`super::quota`]), checked after the host's turn so a grant leaves at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};
use tokio::sync::{OnceCell, Semaphore};
use url::Url;

use super::cache::{CachedPage, PageCache};
use super::client::{FetchConfig, FetchError, Fetcher, Probe, Request, TransportKind};
use super::quota::{Gate, QuotaConfig, Quotas};
use super::robots::{ROBOTS_CAP, Robots, RobotsCache, RobotsState};

/// Politeness and robustness settings.
#[derive(Clone, Debug)]
pub struct PoliteConfig {
    /// The HTTP client's settings (redirects are always followed here, not there).
    pub fetch: FetchConfig,
    /// The least time between two requests to one host, whatever robots.txt says.
    pub min_delay: Duration,
    /// A host asking for a longer Crawl-delay is not crawled beyond its robots.txt.
    pub max_crawl_delay: Duration,
    /// Requests in flight across all hosts.
    pub concurrency: usize,
    /// Retries after a timeout, a reset, a 5xx or a 429.
    pub retries: u32,
    /// First backoff ceiling (doubled at each retry, full jitter).
    pub backoff_base: Duration,
    /// Largest backoff ceiling.
    pub backoff_max: Duration,
    /// A Retry-After longer than this ends the retries.
    pub max_retry_after: Duration,
    /// Pages and API answers from the last run, for conditional requests.
    pub page_cache: Option<Arc<PageCache>>,
    /// Portal quotas and the global requests-per-second ceiling (see [`super::quota`]).
    pub quotas: QuotaConfig,
    /// Wait this fraction of each host's delay between its requests (1: the real
    /// delay). Benchmarks replay a world whose hosts ask the real Crawl-delay (120 s on
    /// iMio) at a thousandth of it; every decision still uses the delay asked.
    pub delay_scale: f64,
}

impl Default for PoliteConfig {
    fn default() -> Self {
        PoliteConfig {
            fetch: FetchConfig::default(),
            min_delay: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(600),
            concurrency: 32,
            retries: 3,
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(600),
            page_cache: None,
            quotas: QuotaConfig::default(),
            delay_scale: 1.0,
        }
    }
}

/// What happened on one host, for `run.json` and the request budget.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct HostStats {
    /// `host:port`.
    pub host: String,
    /// HTTP requests sent (robots.txt and retries included).
    pub requests: u64,
    /// Responses by class: 2xx, 3xx, 4xx, 5xx.
    pub status_2xx: u64,
    pub status_3xx: u64,
    pub status_4xx: u64,
    pub status_5xx: u64,
    /// 304 Not Modified answers.
    pub not_modified: u64,
    /// Requests that produced no response (timeouts, resets, refusals).
    pub errors: u64,
    /// Of those, the ones where no connection could be made at all (a name that does
    /// not resolve, a refused or unreachable address): what our own outage looks like.
    #[serde(default)]
    pub no_connection: u64,
    /// Retries made.
    pub retries: u64,
    /// URLs not fetched because robots.txt disallows them.
    pub disallowed: u64,
    /// Body bytes read.
    pub bytes: u64,
    /// The spacing applied between requests, in seconds.
    pub delay_seconds: f64,
    /// How robots.txt was obtained.
    pub robots: Option<RobotsState>,
    /// The host asked us to wait (429, 503 with Retry-After) longer than a retry may:
    /// no request was sent to it before this Unix time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<i64>,
    /// The quota the host last announced as left (`X-RateLimit-Remaining`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_remaining: Option<u64>,
    /// When that quota resets, as the host wrote it (`X-RateLimit-Reset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_reset: Option<String>,
    /// Seconds requests to this host waited for a quota (the host's, a configured one,
    /// `--max-rps`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub quota_wait_seconds: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl HostStats {
    /// Asked, and never answered at all: every request failed before any HTTP answer,
    /// at least one of them for want of a connection.
    pub fn never_answered(&self) -> bool {
        self.no_connection > 0
            && self.status_2xx + self.status_3xx + self.status_4xx + self.status_5xx == 0
    }

    /// Per host, the statistics of two parts of one run (an interrupted run and its
    /// resumption): counts added, the longest delay, the latest robots.txt state.
    pub fn combine(earlier: &[HostStats], later: &[HostStats]) -> Vec<HostStats> {
        let mut by_host: std::collections::BTreeMap<String, HostStats> = earlier
            .iter()
            .map(|h| (h.host.clone(), h.clone()))
            .collect();
        for h in later {
            let e = by_host.entry(h.host.clone()).or_insert_with(|| HostStats {
                host: h.host.clone(),
                ..HostStats::default()
            });
            e.requests += h.requests;
            e.status_2xx += h.status_2xx;
            e.status_3xx += h.status_3xx;
            e.status_4xx += h.status_4xx;
            e.status_5xx += h.status_5xx;
            e.not_modified += h.not_modified;
            e.errors += h.errors;
            e.no_connection += h.no_connection;
            e.retries += h.retries;
            e.disallowed += h.disallowed;
            e.bytes += h.bytes;
            e.delay_seconds = e.delay_seconds.max(h.delay_seconds);
            if h.robots.is_some() {
                e.robots = h.robots.clone();
            }
            e.paused_until = e.paused_until.max(h.paused_until);
            if h.quota_remaining.is_some() {
                e.quota_remaining = h.quota_remaining;
                e.quota_reset = h.quota_reset.clone();
            }
            e.quota_wait_seconds += h.quota_wait_seconds;
        }
        by_host.into_values().collect()
    }
}

/// One host (scheme-less `host:port`): its robots.txt and its statistics; its pacing
/// is its site's.
struct Host {
    key: String,
    pace: Arc<Pace>,
    robots: OnceCell<Robots>,
    stats: Mutex<HostStats>,
}

/// The pacing of one site, shared by the http/https and `www.`/bare forms of its name
/// (one server behind them, usually): one request in flight, spaced, paused as a whole.
struct Pace {
    /// The site key (see [`site_key`]).
    key: String,
    slot: Semaphore,
    /// The spacing between requests: the longest its hosts' robots.txt ask for, once read.
    period: Mutex<Option<Duration>>,
    /// When the last exchange ended.
    last_sent: Mutex<Option<Instant>>,
    /// Retry-After and backoff: nothing leaves before this.
    not_before: Mutex<Option<Instant>>,
    /// The host asked for a pause longer than a retry may wait: until then every
    /// request to it is answered "not verifiable" at once, without the network.
    paused: Mutex<Option<Pause>>,
}

/// A pause the host asked for.
#[derive(Clone, Copy, Debug)]
struct Pause {
    until: Instant,
    /// The same moment as a Unix time, for reports.
    until_unix: i64,
}

impl Host {
    fn new(key: &str, pace: Arc<Pace>) -> Self {
        Host {
            key: key.to_owned(),
            pace,
            robots: OnceCell::new(),
            stats: Mutex::new(HostStats {
                host: key.to_owned(),
                ..HostStats::default()
            }),
        }
    }

    fn stats(&self, f: impl FnOnce(&mut HostStats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    /// Pause the whole site for `wait`.
    fn pause(&self, wait: Duration) {
        let until_unix = self.pace.pause(wait);
        self.stats(|s| s.paused_until = Some(until_unix));
        tracing::info!(host = %self.key, seconds = wait.as_secs(), "host asked us to wait: paused");
    }

    fn paused_error(&self) -> Option<FetchError> {
        self.pace.paused_error()
    }

    fn back_off_until(&self, until: Instant) {
        self.pace.back_off_until(until);
    }
}

impl Pace {
    fn new(key: &str) -> Self {
        Pace {
            key: key.to_owned(),
            slot: Semaphore::new(1),
            period: Mutex::new(None),
            last_sent: Mutex::new(None),
            not_before: Mutex::new(None),
            paused: Mutex::new(None),
        }
    }

    /// A host of the site read its robots.txt: the site keeps the longest spacing.
    fn keep_period(&self, period: Duration) {
        if let Ok(mut p) = self.period.lock() {
            *p = Some(p.map_or(period, |old| old.max(period)));
        }
    }

    /// Pause the whole site for `wait`; when it ends, as a Unix time.
    fn pause(&self, wait: Duration) -> i64 {
        let until = Instant::now() + wait;
        let until_unix = SystemTime::now()
            .checked_add(wait)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(i64::MAX, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if let Ok(mut p) = self.paused.lock()
            && p.is_none_or(|old| old.until < until)
        {
            *p = Some(Pause { until, until_unix });
        }
        until_unix
    }

    /// The refusal to send while the host is paused.
    fn paused_error(&self) -> Option<FetchError> {
        let pause = (*self.paused.lock().ok()?)?;
        (Instant::now() < pause.until).then(|| FetchError::HostPaused {
            host: self.key.clone(),
            until: Some(pause.until_unix),
        })
    }

    fn back_off_until(&self, until: Instant) {
        if let Ok(mut nb) = self.not_before.lock() {
            *nb = Some(nb.map_or(until, |t| t.max(until)));
        }
    }
}

/// The polite HTTP client; cheap to clone, shared by every task of a run.
#[derive(Clone)]
pub struct Http {
    inner: Arc<Inner>,
}

struct Inner {
    fetcher: Fetcher,
    config: PoliteConfig,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    /// Pacing per site (see [`site_key`]).
    paces: Mutex<HashMap<String, Arc<Pace>>>,
    global: Semaphore,
    quotas: Quotas,
    parsed_robots: RobotsCache,
    /// robots.txt bodies by URL, so a file shared by many hosts is fetched once.
    robots_files: Mutex<HashMap<String, Arc<OnceCell<RobotsFile>>>>,
}

#[derive(Clone)]
enum RobotsFile {
    Body { url: String, body: Vec<u8> },
    Redirect { status: u16, to: Option<Url> },
    Status(u16),
    Failed(FetchError),
}

impl Http {
    /// Build the client.
    pub fn new(mut config: PoliteConfig) -> Result<Self, FetchError> {
        config.fetch.follow_redirects = false;
        let fetcher = Fetcher::new(&config.fetch)?;
        Ok(Http {
            inner: Arc::new(Inner {
                fetcher,
                global: Semaphore::new(config.concurrency.max(1)),
                quotas: Quotas::new(config.quotas.clone()),
                config,
                hosts: Mutex::new(HashMap::new()),
                paces: Mutex::new(HashMap::new()),
                parsed_robots: RobotsCache::default(),
                robots_files: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The settings in force.
    pub fn config(&self) -> &PoliteConfig {
        &self.inner.config
    }

    /// GET a URL politely: robots.txt, host pacing, retries, redirects hop by hop.
    pub async fn get(&self, url: &Url, request: &Request) -> Result<Probe, FetchError> {
        self.get_metered(url, request).await.0
    }

    /// [`Http::get`], with the number of requests it sent: retries and redirect hops
    /// count (robots.txt does not), so a site's request budget counts them too.
    pub async fn get_metered(
        &self,
        url: &Url,
        request: &Request,
    ) -> (Result<Probe, FetchError>, u32) {
        let mut sent = 0;
        let result = self.get_counting(url, request, &mut sent).await;
        (result, sent)
    }

    async fn get_counting(
        &self,
        url: &Url,
        request: &Request,
        sent: &mut u32,
    ) -> Result<Probe, FetchError> {
        let mut current = url.clone();
        let mut seen = vec![current.clone()];
        loop {
            let host = self.host(&current)?;
            if let Some(paused) = host.paused_error() {
                return Err(paused);
            }
            let robots = self.robots(&host, &current).await;
            if !robots.allows(&current) {
                // No answer at all for robots.txt: the host's own failure (a dead
                // name, a refused connection, the address guard) is the reason.
                if let Some(failure) = robots.failure() {
                    return Err(failure.clone());
                }
                host.stats(|s| s.disallowed += 1);
                return Err(FetchError::Disallowed(current.to_string()));
            }
            let delay = self.delay_for(&robots);
            if delay > self.inner.config.max_crawl_delay {
                return Err(FetchError::CrawlDelayTooLong {
                    host: host_key(&current),
                    seconds: delay.as_secs(),
                });
            }
            let mut probe = self.exchange(&host, &current, request, sent).await?;
            let Some(next) = redirect_target(&probe, &current) else {
                probe.url = url.clone();
                return Ok(probe);
            };
            if seen.contains(&next) {
                return Err(FetchError::Redirect(format!(
                    "redirect loop back to {next}"
                )));
            }
            if seen.len() > self.inner.config.fetch.max_redirects {
                return Err(FetchError::Redirect(format!(
                    "more than {} redirects",
                    self.inner.config.fetch.max_redirects
                )));
            }
            seen.push(next.clone());
            current = next;
        }
    }

    /// One hop, through the page cache: a page known from the last run is asked for
    /// conditionally, and a `304` answered with the body kept.
    async fn exchange(
        &self,
        host: &Arc<Host>,
        url: &Url,
        request: &Request,
        sent: &mut u32,
    ) -> Result<Probe, FetchError> {
        let cache = self
            .inner
            .config
            .page_cache
            .as_deref()
            .filter(|_| !request.range && request.validators.is_none());
        let Some(cache) = cache else {
            return self.with_retries(host, url, request, sent).await;
        };
        let known = cache.previous(url.as_str());
        let conditional;
        let request = match known {
            Some(page) => {
                conditional = Request {
                    validators: Some(page.validators.clone()),
                    ..request.clone()
                };
                &conditional
            }
            None => request,
        };
        let mut probe = self.with_retries(host, url, request, sent).await?;
        match (probe.status, known) {
            (304, Some(page)) => {
                probe.status = 200;
                probe.body = page.body.clone();
                probe.body.truncate(request.cap);
                probe.content_type = page.content_type.clone();
                probe.complete = true;
                cache.keep(url.as_str(), page.clone());
            }
            (200, _) if probe.complete => cache.keep(
                url.as_str(),
                CachedPage {
                    validators: crate::fetch::Validators {
                        etag: probe.etag.clone(),
                        last_modified: probe.last_modified.clone(),
                        listed: None,
                    },
                    content_type: probe.content_type.clone(),
                    body: probe.body.clone(),
                },
            ),
            _ => {}
        }
        Ok(probe)
    }

    /// The robots.txt rules for a URL's host (fetched on first use).
    pub async fn robots_for(&self, url: &Url) -> Result<Robots, FetchError> {
        let host = self.host(url)?;
        Ok(self.robots(&host, url).await)
    }

    /// Per-host statistics, sorted by host.
    pub fn host_stats(&self) -> Vec<HostStats> {
        let hosts = self
            .inner
            .hosts
            .lock()
            .map(|h| h.values().cloned().collect::<Vec<_>>());
        let mut out: Vec<HostStats> = hosts
            .unwrap_or_default()
            .iter()
            .filter_map(|h| h.stats.lock().ok().map(|s| s.clone()))
            .collect();
        out.sort_by(|a, b| a.host.cmp(&b.host));
        out
    }

    /// Requests sent to the host of `url` so far.
    pub fn requests_to(&self, url: &Url) -> u64 {
        let key = host_key(url);
        let hosts = self.inner.hosts.lock();
        hosts
            .ok()
            .and_then(|h| h.get(&key).cloned())
            .and_then(|h| h.stats.lock().ok().map(|s| s.requests))
            .unwrap_or(0)
    }

    fn host(&self, url: &Url) -> Result<Arc<Host>, FetchError> {
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(FetchError::Scheme(url.to_string()));
        }
        let key = host_key(url);
        let mut hosts = self
            .inner
            .hosts
            .lock()
            .map_err(|_| FetchError::internal("host table poisoned"))?;
        if let Some(host) = hosts.get(&key) {
            return Ok(host.clone());
        }
        let site = site_key(url);
        let pace = self
            .inner
            .paces
            .lock()
            .map_err(|_| FetchError::internal("pace table poisoned"))?
            .entry(site.clone())
            .or_insert_with(|| Arc::new(Pace::new(&site)))
            .clone();
        Ok(hosts
            .entry(key.clone())
            .or_insert_with(|| Arc::new(Host::new(&key, pace)))
            .clone())
    }

    /// The delay a host asks between two requests (its Crawl-delay, at least
    /// `min_delay`), as asked: a budget of time per host is spent in these.
    pub fn delay_for(&self, robots: &Robots) -> Duration {
        robots
            .crawl_delay()
            .unwrap_or_default()
            .max(self.inner.config.min_delay)
    }

    async fn robots(&self, host: &Arc<Host>, url: &Url) -> Robots {
        host.robots
            .get_or_init(|| async {
                let robots = self.read_robots(host, url).await;
                let delay = self.delay_for(&robots);
                host.stats(|s| {
                    s.delay_seconds = delay.as_secs_f64();
                    s.robots = Some(robots.state.clone());
                });
                let scale = self.inner.config.delay_scale.clamp(0.0, 1.0);
                host.pace.keep_period(pacing_period(delay.mul_f64(scale)));
                robots
            })
            .await
            .clone()
    }

    /// Read robots.txt for a host, following its redirects (to a shared file, often).
    async fn read_robots(&self, host: &Arc<Host>, url: &Url) -> Robots {
        let mut target = match url.join("/robots.txt") {
            Ok(u) => u,
            Err(e) => return Robots::unreachable(e.to_string(), false),
        };
        for _ in 0..5 {
            let file = self.robots_file(host, &target).await;
            match file {
                RobotsFile::Body { url, body } => {
                    return self.inner.parsed_robots.parse(&url, &body);
                }
                // The redirect target is fetched once, whoever points at it.
                RobotsFile::Redirect { to: Some(next), .. } => target = next,
                RobotsFile::Redirect { status, to: None } => {
                    return Robots::unreachable(
                        format!("robots.txt redirect ({status}) without a usable Location"),
                        true,
                    );
                }
                // 429: the host asks us to wait; RFC 9309 §2.3.1.3 counts it with the
                // server errors ("disallow all"), not with a missing file.
                RobotsFile::Status(429) => {
                    return Robots::throttled("robots.txt answered HTTP 429".into());
                }
                RobotsFile::Status(status) if (400..500).contains(&status) => {
                    return Robots::missing(status);
                }
                RobotsFile::Status(status) => {
                    return Robots::unreachable(format!("robots.txt answered HTTP {status}"), true);
                }
                RobotsFile::Failed(e) => return Robots::failed(e),
            }
        }
        Robots::unreachable("robots.txt redirected more than 5 times".into(), true)
    }

    /// One robots.txt URL, fetched at most once per run.
    async fn robots_file(&self, host: &Arc<Host>, target: &Url) -> RobotsFile {
        let cell = {
            let mut files = match self.inner.robots_files.lock() {
                Ok(f) => f,
                Err(_) => return RobotsFile::Failed(FetchError::internal("robots table poisoned")),
            };
            files.entry(target.to_string()).or_default().clone()
        };
        cell.get_or_init(|| async {
            // The first hop is paced by the asking host; a shared file by its own host.
            let gate = if host_key(target) == host.key {
                host.clone()
            } else {
                match self.host(target) {
                    Ok(h) => h,
                    Err(e) => return RobotsFile::Failed(e),
                }
            };
            let request = Request::page(ROBOTS_CAP);
            match self.with_retries(&gate, target, &request, &mut 0).await {
                Ok(p) if (200..300).contains(&p.status) => RobotsFile::Body {
                    url: p.final_url.to_string(),
                    body: p.body,
                },
                Ok(p) if (300..400).contains(&p.status) => RobotsFile::Redirect {
                    status: p.status,
                    to: p.location.as_deref().and_then(|l| target.join(l).ok()),
                },
                Ok(p) => RobotsFile::Status(p.status),
                Err(FetchError::HostPaused { .. }) => RobotsFile::Status(429),
                Err(e) => RobotsFile::Failed(e),
            }
        })
        .await
        .clone()
    }

    /// One request with retries on timeouts, resets, 5xx and 429.
    async fn with_retries(
        &self,
        host: &Arc<Host>,
        url: &Url,
        request: &Request,
        sent: &mut u32,
    ) -> Result<Probe, FetchError> {
        let config = &self.inner.config;
        let mut attempt = 0;
        loop {
            let outcome = self.once(host, url, request).await;
            if !matches!(outcome, Err(FetchError::HostPaused { .. })) {
                *sent += 1;
            }
            let decision = retry_decision(&outcome, attempt, config);
            match decision {
                Retry::No => {
                    if let Some(wait) = pause_asked(&outcome, config) {
                        host.pause(wait);
                    }
                    return outcome;
                }
                Retry::After(wait) => {
                    attempt += 1;
                    host.stats(|s| s.retries += 1);
                    tracing::debug!(%url, attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    host.back_off_until(Instant::now() + wait);
                }
            }
        }
    }

    /// Exactly one HTTP request, paced: host slot, Retry-After, rate limit, then a global slot.
    async fn once(
        &self,
        host: &Arc<Host>,
        url: &Url,
        request: &Request,
    ) -> Result<Probe, FetchError> {
        let pace = &host.pace;
        let _host_slot = pace
            .slot
            .acquire()
            .await
            .map_err(|_| FetchError::internal("host slot closed"))?;
        // Queued behind a request that was told to wait: leave without asking.
        if let Some(paused) = host.paused_error() {
            return Err(paused);
        }
        // Before robots.txt is read, the operator's minimum spacing applies.
        let period = pace
            .period
            .lock()
            .ok()
            .and_then(|p| *p)
            .unwrap_or(self.inner.config.min_delay);
        let last = pace.last_sent.lock().ok().and_then(|l| *l);
        let not_before = pace.not_before.lock().ok().and_then(|nb| *nb);
        let ready = [last.map(|l| l + period), not_before]
            .into_iter()
            .flatten()
            .max();
        if let Some(t) = ready {
            tokio::time::sleep_until(t.into()).await;
        }
        self.quota_turn(host).await?;
        let _global = self
            .inner
            .global
            .acquire()
            .await
            .map_err(|_| FetchError::internal("global slot closed"))?;
        let waited = self.inner.quotas.global_turn().await;
        host.stats(|s| {
            s.requests += 1;
            s.quota_wait_seconds += waited.as_secs_f64();
        });
        let outcome = self.inner.fetcher.get(url, request).await;
        if let Ok(p) = &outcome {
            self.note_quota(host, p);
        }
        // The delay runs from the end of this exchange: a request whose arrival the server
        // notes late (a new connection, a busy server) still leaves a full delay before
        // the next.
        if let Ok(mut l) = pace.last_sent.lock() {
            *l = Some(Instant::now());
        }
        host.stats(|s| match &outcome {
            Ok(p) => {
                s.bytes += p.body.len() as u64;
                match p.status {
                    304 => {
                        s.not_modified += 1;
                        s.status_3xx += 1;
                    }
                    200..=299 => s.status_2xx += 1,
                    300..=399 => s.status_3xx += 1,
                    400..=499 => s.status_4xx += 1,
                    _ => s.status_5xx += 1,
                }
            }
            Err(e) => {
                s.errors += 1;
                if e.is_connection_failure() {
                    s.no_connection += 1;
                }
            }
        });
        outcome
    }
}

impl Http {
    /// The site's quota: wait for it when it comes back within `max_retry_after`, else
    /// pause the site (its requests are then "not verifiable", never the publisher's fault).
    async fn quota_turn(&self, host: &Arc<Host>) -> Result<(), FetchError> {
        let patience = self.inner.config.max_retry_after;
        loop {
            match self.inner.quotas.gate(&host.pace.key, patience) {
                Gate::Go => return Ok(()),
                Gate::Wait(wait) => {
                    if wait >= Duration::from_secs(1) {
                        tracing::warn!(host = %host.key, seconds = wait.as_secs(), "quota spent: waiting for it to come back");
                    }
                    host.stats(|s| s.quota_wait_seconds += wait.as_secs_f64());
                    tokio::time::sleep(wait).await;
                    self.inner.quotas.forget_spent(&host.pace.key);
                }
                // Nothing to wait for: refused like a paused host, without a time.
                Gate::Spent => {
                    return Err(FetchError::HostPaused {
                        host: host.key.clone(),
                        until: None,
                    });
                }
                Gate::Exhausted(wait) => {
                    tracing::warn!(host = %host.key, seconds = wait.as_secs(), "quota spent until after the run's patience: host paused, its files not verifiable");
                    host.pause(wait);
                    return Err(host.paused_error().unwrap_or(FetchError::HostPaused {
                        host: host.key.clone(),
                        until: None,
                    }));
                }
            }
        }
    }

    /// Keep what an answer said of its site's quota.
    fn note_quota(&self, host: &Arc<Host>, p: &Probe) {
        let announced = self.inner.quotas.observe(
            &host.pace.key,
            p.status,
            p.ratelimit_remaining.as_deref(),
            p.ratelimit_reset.as_deref(),
        );
        if let Some(a) = announced {
            host.stats(|s| {
                s.quota_remaining = a.remaining;
                s.quota_reset = a.reset.clone();
            });
        }
    }
}

/// Spacing with a small margin, so network jitter never makes two requests arrive closer
/// than the delay asked for.
fn pacing_period(delay: Duration) -> Duration {
    let margin = (delay / 50).max(Duration::from_millis(5));
    (delay + margin).max(Duration::from_millis(1))
}

fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// The pacing key of a URL: its host name, lowercase, without a leading `www.`, whatever
/// the scheme and port — `http://www.x.be`, `https://x.be` and `https://www.x.be:443` are
/// one server to be gentle with.
fn site_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_owned()
}

fn redirect_target(probe: &Probe, from: &Url) -> Option<Url> {
    if !matches!(probe.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    from.join(probe.location.as_deref()?).ok()
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Keep this outcome.
    No,
    /// Try again after this long (the whole host waits).
    After(Duration),
}

/// The retry policy, apart from the loop so it can be tested: timeouts, resets, 5xx and
/// 429 are retried with full-jitter exponential backoff; a Retry-After is honoured when
/// it is not longer than `max_retry_after`.
pub fn retry_decision(
    outcome: &Result<Probe, FetchError>,
    attempt: u32,
    config: &PoliteConfig,
) -> Retry {
    if attempt >= config.retries {
        return Retry::No;
    }
    let retry_after = match outcome {
        Ok(p) if p.status == 429 || (500..600).contains(&p.status) => {
            p.retry_after.as_deref().and_then(parse_retry_after)
        }
        Ok(_) => return Retry::No,
        // A refused connection or an unknown name does not change in seconds; a reset or
        // a timeout may.
        Err(FetchError::Timeout(_)) => None,
        Err(FetchError::Transport {
            kind: TransportKind::Other | TransportKind::Connect,
            ..
        }) => None,
        Err(_) => return Retry::No,
    };
    match retry_after {
        Some(wait) if wait > config.max_retry_after => Retry::No,
        Some(wait) => Retry::After(wait.max(config.min_delay)),
        // Jittered, but never sooner than the host's spacing allows.
        None => Retry::After(
            full_jitter(attempt, config.backoff_base, config.backoff_max).max(config.min_delay),
        ),
    }
}

/// After the last attempt: how long the whole host asked to be left alone, if it did.
/// A 429 pauses the host (for its Retry-After, else for the longest backoff); a 503
/// does when it says for how long (a 503 without Retry-After is a server error, the
/// publisher's, and pauses nothing).
fn pause_asked(outcome: &Result<Probe, FetchError>, config: &PoliteConfig) -> Option<Duration> {
    let p = outcome.as_ref().ok()?;
    let retry_after = p.retry_after.as_deref().and_then(parse_retry_after);
    match (p.status, retry_after) {
        (429 | 503, Some(wait)) => Some(wait.max(config.min_delay)),
        (429, None) => Some(config.backoff_max.max(config.min_delay)),
        _ => None,
    }
}

/// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT`.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or_default())
}

fn full_jitter(attempt: u32, base: Duration, max: Duration) -> Duration {
    static SEED: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let ceiling = base.saturating_mul(1u32 << attempt.min(16)).min(max);
    let mut x = SEED.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        ^ SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u64);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    let fraction = (x >> 11) as f64 / (1u64 << 53) as f64;
    ceiling.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(status: u16, retry_after: Option<&str>) -> Result<Probe, FetchError> {
        let url: Url = "http://h/x".parse().unwrap();
        Ok(Probe {
            url: url.clone(),
            final_url: url,
            status,
            content_type: None,
            content_length: None,
            last_modified: None,
            etag: None,
            disposition_name: None,
            location: None,
            retry_after: retry_after.map(str::to_owned),
            ratelimit_remaining: None,
            ratelimit_reset: None,
            platform_headers: Vec::new(),
            body: Vec::new(),
            complete: true,
            elapsed: Duration::ZERO,
        })
    }

    #[test]
    fn what_is_retried() {
        let c = PoliteConfig::default();
        assert_eq!(retry_decision(&probe(200, None), 0, &c), Retry::No);
        assert_eq!(retry_decision(&probe(404, None), 0, &c), Retry::No);
        assert!(matches!(
            retry_decision(&probe(503, None), 0, &c),
            Retry::After(_)
        ));
        assert_eq!(
            retry_decision(&probe(429, Some("30")), 0, &c),
            Retry::After(Duration::from_secs(30))
        );
        assert_eq!(retry_decision(&probe(429, Some("86400")), 0, &c), Retry::No);
        assert_eq!(retry_decision(&probe(503, None), c.retries, &c), Retry::No);
        assert!(matches!(
            retry_decision(&Err(FetchError::Timeout("t".into())), 1, &c),
            Retry::After(_)
        ));
        assert_eq!(
            retry_decision(&Err(FetchError::Refused("10.0.0.1".into())), 0, &c),
            Retry::No
        );
    }

    #[test]
    fn one_site_one_pace_whatever_its_scheme_and_www() {
        let key = |u: &str| site_key(&u.parse().unwrap());
        assert_eq!(key("http://www.X.be/a"), "x.be");
        assert_eq!(key("https://x.be:8443/b"), "x.be");
        assert_ne!(key("https://y.x.be/"), "x.be");
    }

    #[test]
    fn a_long_wait_or_a_429_pauses_the_host() {
        let c = PoliteConfig::default();
        assert_eq!(
            pause_asked(&probe(429, Some("3600")), &c),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(pause_asked(&probe(429, None), &c), Some(c.backoff_max));
        assert_eq!(
            pause_asked(&probe(503, Some("60")), &c),
            Some(Duration::from_secs(60))
        );
        assert_eq!(pause_asked(&probe(503, None), &c), None);
        assert_eq!(pause_asked(&probe(404, None), &c), None);
    }

    #[test]
    fn errors_that_cannot_change_are_not_retried() {
        let c = PoliteConfig::default();
        let transport = |kind| {
            Err(FetchError::Transport {
                kind,
                detail: String::new(),
            })
        };
        assert_eq!(
            retry_decision(&transport(TransportKind::Dns), 0, &c),
            Retry::No
        );
        assert_eq!(
            retry_decision(&transport(TransportKind::Refused), 0, &c),
            Retry::No
        );
        assert!(matches!(
            retry_decision(&transport(TransportKind::Other), 0, &c),
            Retry::After(_)
        ));
        assert_eq!(
            retry_decision(&Err(FetchError::TooLarge(String::new())), 0, &c),
            Retry::No
        );
    }

    #[test]
    fn backoff_is_jittered_under_a_doubling_ceiling() {
        for attempt in 0..6 {
            let d = full_jitter(attempt, Duration::from_secs(1), Duration::from_secs(10));
            assert!(d <= Duration::from_secs(1 << attempt).min(Duration::from_secs(10)));
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
