//! The only door to the network: one HTTP client, bounded reads, the address guard.
//!
//! Everything remote is hostile: bodies are read up to a cap and no further, redirects
//! are counted and loops refused, and no request reaches a private address unless the
//! operator said so.

mod cache;
mod client;
pub mod guard;
pub mod outcome;
mod polite;
pub mod quota;
mod resolve;
mod robots;

pub use cache::{CachedPage, MAX_CACHED_BODY, PageCache};
pub use client::{FetchConfig, FetchError, Fetcher, Probe, Request, TransportKind, Validators};
pub use outcome::{Broken, Outcome, Unverifiable};
pub use polite::{HostStats, Http, PoliteConfig, Retry, parse_retry_after, retry_decision};
pub use quota::{QuotaConfig, SiteQuota};
pub use resolve::{BadResolveRule, DnsFailure, GuardedResolver, RefusedAddress, ResolveRule};

/// The User-Agent sent unless the operator sets another: names the tool and where to
/// learn about it, so a commune's webmaster knows who is calling.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "odaudit/",
    env!("CARGO_PKG_VERSION"),
    " (open-data audit of Walloon communes; +https://futurocite.be/activites/groupe-de-travail-open-data)"
);
pub use robots::{ROBOTS_TOKEN, Robots, RobotsCache, RobotsState};
