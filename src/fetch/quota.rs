//! Quotas: how many requests a portal grants us, and a ceiling on the whole run's rate.
//!
//! Why beside the pacing of [`polite`](super::polite): pacing keeps one server from being
//! hammered (one request in flight, spaced from the end of each exchange), but an API
//! portal also counts calls — ODWB's anonymous quota is of the order of 10 000 a day,
//! shared by everyone behind our address — and answers 429 once it is spent. Spending it
//! is not the commune's fault, so it must never turn into findings: the run waits for
//! the reset when that is within its patience, else the portal is paused and what it
//! holds is "non vérifiable".
//!
//! Three limits, checked just before a request leaves:
//! - the portal's own word: `X-RateLimit-Remaining: 0` with an `X-RateLimit-Reset` in
//!   the future stops the site until the reset (waited for, or paused beyond patience);
//!   with no reset that can be read, said on an answer that is not itself a refusal, the
//!   site is not asked again this run (the next call would only earn a 429). This is the
//!   one check: the portal harvests go through it like every other request;
//! - a configured quota per site (per day, per second), for portals that say nothing
//!   before refusing; one governor GCRA limiter per site, keyed by the site's name;
//! - `--max-rps`, one governor limiter for every request of the run.
//!
//! governor grants at call time; the grant is taken as late as possible (after the host's
//! turn and the global slot) so a granted request leaves at once.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// A quota configured for one site (host name without `www.`, lowercase).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteQuota {
    /// The site, as [`site_key`](super::polite) makes it: `odwb.be`.
    pub site: String,
    /// Calls per day at most.
    pub per_day: Option<NonZeroU32>,
    /// Calls per second at most.
    pub per_second: Option<NonZeroU32>,
}

/// A `--quota SITE=CALLS/day` or `SITE=CALLS/s` that does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad quota {0:?}: expected HOST=CALLS/day or HOST=CALLS/s (e.g. odwb.be=10000/day)")]
pub struct BadQuota(pub String);

impl std::str::FromStr for SiteQuota {
    type Err = BadQuota;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadQuota(s.to_owned());
        let (host, rate) = s.split_once('=').ok_or_else(bad)?;
        let (n, unit) = rate.split_once('/').ok_or_else(bad)?;
        let n: NonZeroU32 = n.trim().parse().map_err(|_| bad())?;
        let site = host.trim().to_ascii_lowercase();
        let site = site.strip_prefix("www.").unwrap_or(&site).to_owned();
        if site.is_empty() {
            return Err(bad());
        }
        let (per_day, per_second) = match unit.trim() {
            "day" | "d" => (Some(n), None),
            "s" | "second" => (None, Some(n)),
            _ => return Err(bad()),
        };
        Ok(SiteQuota {
            site,
            per_day,
            per_second,
        })
    }
}

/// Quota settings of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaConfig {
    /// Requests per second across all hosts (`--max-rps`); none: no global ceiling.
    pub max_rps: Option<f64>,
    /// Configured quotas, for portals that do not announce theirs before refusing.
    pub sites: Vec<SiteQuota>,
}

/// ODWB's anonymous quota, of the order of 10 000 calls a day per address.
pub const ODWB_CALLS_PER_DAY: u32 = 10_000;

impl Default for QuotaConfig {
    fn default() -> Self {
        QuotaConfig {
            max_rps: None,
            sites: vec![SiteQuota {
                site: "odwb.be".into(),
                per_day: NonZeroU32::new(ODWB_CALLS_PER_DAY),
                per_second: None,
            }],
        }
    }
}

/// What a site said of its quota in its last answer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Announced {
    pub remaining: Option<u64>,
    /// As sent (`2025-06-03 00:00:00+00:00`, a Unix time, or seconds from now).
    pub reset: Option<String>,
    /// The reset as a time, when it could be read.
    pub reset_at: Option<SystemTime>,
    /// Spent with no reset that can be read: not asked again this run.
    pub spent_for_the_run: bool,
}

/// The limiters of one site.
struct SiteLimits {
    day: Option<DefaultDirectRateLimiter>,
    second: Option<DefaultDirectRateLimiter>,
    announced: Mutex<Announced>,
}

/// What to do before sending.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Send now.
    Go,
    /// Wait this long, then ask again.
    Wait(Duration),
    /// The quota comes back after the run's patience: pause the site this long.
    Exhausted(Duration),
    /// The quota is spent and the site said no reset we can read: send nothing more.
    Spent,
}

/// Every quota of a run; shared by the polite client's tasks.
pub(crate) struct Quotas {
    config: QuotaConfig,
    global: Option<DefaultDirectRateLimiter>,
    sites: Mutex<HashMap<String, Arc<SiteLimits>>>,
    clock: DefaultClock,
}

fn limiter(quota: Option<Quota>) -> Option<DefaultDirectRateLimiter> {
    quota.map(RateLimiter::direct)
}

impl Quotas {
    pub(crate) fn new(config: QuotaConfig) -> Self {
        let global = config
            .max_rps
            .filter(|r| r.is_finite() && *r > 0.0)
            .and_then(|r| Quota::with_period(Duration::from_secs_f64(1.0 / r)));
        Quotas {
            global: limiter(global),
            config,
            sites: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    fn site(&self, site: &str) -> Option<Arc<SiteLimits>> {
        let mut sites = self.sites.lock().ok()?;
        let entry = sites.entry(site.to_owned()).or_insert_with(|| {
            let q = self.config.sites.iter().find(|q| q.site == site);
            let day = q.and_then(|q| q.per_day).and_then(|n| {
                Quota::with_period(Duration::from_secs(86_400) / n.get()).map(|p| p.allow_burst(n))
            });
            let second = q.and_then(|q| q.per_second).map(Quota::per_second);
            Arc::new(SiteLimits {
                day: limiter(day),
                second: limiter(second),
                announced: Mutex::new(Announced::default()),
            })
        });
        Some(entry.clone())
    }

    /// May a request leave for `site` now? `patience`: the longest wait the run accepts.
    pub(crate) fn gate(&self, site: &str, patience: Duration) -> Gate {
        let Some(limits) = self.site(site) else {
            return Gate::Go;
        };
        let announced = limits.announced.lock().ok();
        if announced.as_ref().is_some_and(|a| a.spent_for_the_run) {
            return Gate::Spent;
        }
        if let Some(wait) = announced.and_then(|a| spent_for(&a)) {
            return if wait <= patience {
                Gate::Wait(wait)
            } else {
                Gate::Exhausted(wait)
            };
        }
        // The per-second limit first: a request it delays takes no cell of the day's.
        for l in [&limits.second, &limits.day].into_iter().flatten() {
            if let Err(not_until) = l.check() {
                let wait = not_until.wait_time_from(self.clock.now());
                return if wait <= patience {
                    Gate::Wait(wait.max(Duration::from_millis(1)))
                } else {
                    Gate::Exhausted(wait)
                };
            }
        }
        Gate::Go
    }

    /// Wait for the global `--max-rps` ceiling; the time waited.
    pub(crate) async fn global_turn(&self) -> Duration {
        let Some(g) = &self.global else {
            return Duration::ZERO;
        };
        let mut waited = Duration::ZERO;
        while let Err(not_until) = g.check() {
            let wait = not_until
                .wait_time_from(self.clock.now())
                .max(Duration::from_millis(1));
            tokio::time::sleep(wait).await;
            waited += wait;
        }
        waited
    }

    /// Note what an answer said of the site's quota; the announcement kept.
    /// `status` is the answer's: a 429's `Remaining: 0` is the refusal itself, which its
    /// `Retry-After` (or its reset) governs, not a word on the run's remaining calls.
    pub(crate) fn observe(
        &self,
        site: &str,
        status: u16,
        remaining: Option<&str>,
        reset: Option<&str>,
    ) -> Option<Announced> {
        let remaining = remaining.and_then(|r| r.trim().parse::<u64>().ok())?;
        let limits = self.site(site)?;
        let mut a = limits.announced.lock().ok()?;
        a.remaining = Some(remaining);
        a.reset = reset.map(|r| r.chars().take(64).collect());
        a.reset_at = reset.and_then(parse_reset);
        let spent = remaining == 0 && a.reset_at.is_none() && status != 429;
        if spent && !a.spent_for_the_run {
            tracing::warn!(
                site,
                reset = ?a.reset,
                "quota spent (X-RateLimit-Remaining: 0) with no reset to wait for: not asked again this run, its files not verifiable"
            );
        }
        a.spent_for_the_run |= spent;
        Some(a.clone())
    }

    /// After the wait for a reset: the count is unknown again until the next answer.
    pub(crate) fn forget_spent(&self, site: &str) {
        if let Some(limits) = self.site(site)
            && let Ok(mut a) = limits.announced.lock()
            && a.remaining == Some(0)
            && a.reset_at.is_none_or(|t| t <= SystemTime::now())
        {
            a.remaining = None;
        }
    }
}

/// How long until a spent quota comes back; `None` when it is not spent, or when its
/// reset is unknown or past (then the portal's next answer says).
pub(crate) fn spent_for(a: &Announced) -> Option<Duration> {
    if a.remaining != Some(0) {
        return None;
    }
    a.reset_at?.duration_since(SystemTime::now()).ok()
}

/// `X-RateLimit-Reset`: ODS writes `2025-06-03 00:00:00+00:00`; others RFC 3339, a Unix
/// time, or seconds from now (small numbers).
pub fn parse_reset(value: &str) -> Option<SystemTime> {
    let v = value.trim();
    if let Ok(n) = v.parse::<u64>() {
        return if n < 1_000_000_000 {
            SystemTime::now().checked_add(Duration::from_secs(n))
        } else {
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(n))
        };
    }
    let ts: jiff::Timestamp = v
        .parse()
        .or_else(|_| v.replacen(' ', "T", 1).parse())
        .ok()?;
    SystemTime::try_from(ts).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_forms() {
        let t = parse_reset("2025-06-03 00:00:00+00:00").unwrap();
        let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(secs, 1_748_908_800);
        assert_eq!(parse_reset("2025-06-03T00:00:00Z"), Some(t), "RFC 3339 too");
        assert_eq!(
            parse_reset("1748908800"),
            Some(t),
            "a large number is a Unix time"
        );
        let soon = parse_reset("30").unwrap();
        let d = soon.duration_since(SystemTime::now()).unwrap();
        assert!(d <= Duration::from_secs(30) && d > Duration::from_secs(25));
        assert_eq!(parse_reset("tomorrow"), None);
    }

    #[test]
    fn quota_flags_parse() {
        let q: SiteQuota = "www.ODWB.be=10000/day".parse().unwrap();
        assert_eq!(q.site, "odwb.be");
        assert_eq!(q.per_day.map(NonZeroU32::get), Some(10_000));
        assert_eq!(q.per_second, None);
        let q: SiteQuota = "p.example=5/s".parse().unwrap();
        assert_eq!(q.per_second.map(NonZeroU32::get), Some(5));
        for bad in ["odwb.be", "odwb.be=0/day", "=5/s", "x=5/week"] {
            assert!(bad.parse::<SiteQuota>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_spent_quota_waits_for_its_reset_or_exhausts() {
        let q = Quotas::new(QuotaConfig::default());
        assert_eq!(q.gate("p.example", Duration::from_secs(60)), Gate::Go);
        q.observe("p.example", 200, Some("0"), Some("30"));
        match q.gate("p.example", Duration::from_secs(60)) {
            Gate::Wait(w) => assert!(w <= Duration::from_secs(30) && w > Duration::from_secs(25)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            q.gate("p.example", Duration::from_secs(10)),
            Gate::Exhausted(_)
        ));
        // A reset in the past: the portal's next answer says.
        q.observe(
            "p.example",
            200,
            Some("0"),
            Some("2025-06-03 00:00:00+00:00"),
        );
        assert_eq!(q.gate("p.example", Duration::from_secs(60)), Gate::Go);
        q.observe("p.example", 200, Some("12"), Some("30"));
        assert_eq!(q.gate("p.example", Duration::from_secs(60)), Gate::Go);
    }

    #[test]
    fn a_quota_spent_with_no_reset_to_read_stops_the_site_for_the_run() {
        let q = Quotas::new(QuotaConfig::default());
        let patience = Duration::from_secs(60);
        // A 429's zero is the refusal itself: its Retry-After governs.
        q.observe("p.example", 429, Some("0"), None);
        assert_eq!(q.gate("p.example", patience), Gate::Go);
        for (site, reset) in [("p.example", None), ("q.example", Some("tomorrow"))] {
            q.observe(site, 200, Some("0"), reset);
            assert_eq!(q.gate(site, patience), Gate::Spent, "{site}");
            q.forget_spent(site);
            assert_eq!(q.gate(site, patience), Gate::Spent, "{site}: for the run");
        }
        assert_eq!(q.gate("other.example", patience), Gate::Go, "keyed by site");
    }

    #[test]
    fn a_configured_quota_is_never_exceeded() {
        let q = Quotas::new(QuotaConfig {
            max_rps: None,
            sites: vec!["p.example=3/day".parse().unwrap()],
        });
        for _ in 0..3 {
            assert_eq!(q.gate("p.example", Duration::from_secs(60)), Gate::Go);
        }
        assert!(matches!(
            q.gate("p.example", Duration::from_secs(60)),
            Gate::Exhausted(w) if w > Duration::from_secs(3600)
        ));
        assert_eq!(
            q.gate("other.example", Duration::from_secs(60)),
            Gate::Go,
            "keyed by site"
        );
    }
}
