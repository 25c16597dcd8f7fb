//! Network flags shared by every subcommand that fetches.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::BadInput;
use crate::discover::website::CrawlConfig;
use crate::fetch::{FetchConfig, PoliteConfig, QuotaConfig, ResolveRule};

/// How to reach the web.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Connect HOST on PORT to ADDR instead of resolving it (curl's syntax; repeatable).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<ResolveRule>,
    /// A file of --resolve rules, one per line (blank lines and # comments ignored).
    #[arg(long, value_name = "FILE")]
    pub resolve_file: Option<PathBuf>,
    /// Allow private, loopback and link-local addresses (refused by default).
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// The User-Agent to send; put a way to contact you in it.
    #[arg(long, env = "ODAUDIT_USER_AGENT", default_value = crate::fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Give up on a request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

impl NetArgs {
    /// The client configuration, reading --resolve-file.
    pub fn fetch_config(&self) -> Result<FetchConfig, BadInput> {
        let mut resolve = self.resolve.clone();
        if let Some(path) = &self.resolve_file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| BadInput(format!("{}: cannot read: {e}", path.display())))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let rule = line
                    .parse()
                    .map_err(|e| BadInput(format!("{}:{}: {e}", path.display(), n + 1)))?;
                resolve.push(rule);
            }
        }
        if self.timeout == 0 {
            return Err(BadInput("--timeout must be at least 1 second".into()));
        }
        let total = Duration::from_secs(self.timeout);
        Ok(FetchConfig {
            user_agent: self.user_agent.clone(),
            total_timeout: total,
            read_timeout: total.min(Duration::from_secs(20)),
            connect_timeout: total.min(Duration::from_secs(10)),
            resolve,
            allow_private: self.allow_private_addresses,
            ..FetchConfig::default()
        })
    }
}

/// How gently to crawl: shared by `discover` and `audit`.
#[derive(Debug, Clone, Args)]
pub struct PolitenessArgs {
    /// Least seconds between two requests to one host (robots.txt Crawl-delay is honoured when longer).
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub min_delay: f64,
    /// Hosts asking for a longer Crawl-delay are not crawled (reported as such).
    #[arg(long, value_name = "SECONDS", default_value_t = 600.0)]
    pub max_crawl_delay: f64,
    /// Requests in flight across all hosts.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub concurrency: usize,
    /// Retries after a timeout, a reset, a 5xx or a 429.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Requests one commune website may cost (pages, sitemaps, file probes) when its
    /// platform keeps no index we can read.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub site_budget: usize,
    /// Crawl every website page by page: do not ask a site's own index (plone.restapi
    /// `@search`, a Plone `sitemap.xml.gz`, WordPress media) first.
    #[arg(long)]
    pub no_listings: bool,
    /// Pages read for context on a site whose index listed its files.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub pages_after_index: usize,
    /// Wait this fraction of each host's delay (benchmarks and demos replaying a world at
    /// its real Crawl-delays; budgets still use the delay asked).
    #[arg(long, value_name = "FRACTION", default_value_t = 1.0, hide = true)]
    pub delay_scale: f64,
    /// Seconds a run may spend on one website at the delay it asks: a site asking 120 s
    /// between requests gets 15 requests in the default 30 minutes.
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    pub site_time: u64,
    /// Links followed from a homepage at most.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_depth: u32,
    /// Requests per second across all hosts at most (none by default: each host is
    /// paced on its own).
    #[arg(long, value_name = "N")]
    pub max_rps: Option<f64>,
    /// A portal's call quota when it does not announce one (repeatable; HOST=CALLS/day or
    /// HOST=CALLS/s). ODWB's anonymous 10000/day is built in.
    #[arg(long, value_name = "HOST=CALLS/UNIT")]
    pub quota: Vec<crate::fetch::SiteQuota>,
    /// Bytes read of each probed file (e.g. 128k).
    #[arg(long, value_name = "SIZE", default_value = "128k", value_parser = super::parse_size)]
    pub probe_bytes: usize,
}

impl PolitenessArgs {
    /// The polite client's configuration.
    pub fn polite_config(&self, net: &NetArgs) -> Result<PoliteConfig, BadInput> {
        let seconds = |name: &str, v: f64| {
            if (0.0..=86_400.0).contains(&v) {
                Ok(Duration::from_secs_f64(v))
            } else {
                Err(BadInput(format!(
                    "--{name} {v}: expected seconds from 0 to 86400"
                )))
            }
        };
        if self.concurrency == 0 {
            return Err(BadInput("--concurrency must be at least 1".into()));
        }
        if let Some(r) = self.max_rps
            && !(r.is_finite() && r > 0.0 && r <= 1000.0)
        {
            return Err(BadInput(format!(
                "--max-rps {r}: expected requests per second above 0, at most 1000"
            )));
        }
        let mut quotas = QuotaConfig {
            max_rps: self.max_rps,
            ..QuotaConfig::default()
        };
        for q in &self.quota {
            quotas.sites.retain(|old| old.site != q.site);
            quotas.sites.push(q.clone());
        }
        Ok(PoliteConfig {
            fetch: net.fetch_config()?,
            min_delay: seconds("min-delay", self.min_delay)?,
            max_crawl_delay: seconds("max-crawl-delay", self.max_crawl_delay)?,
            concurrency: self.concurrency,
            retries: self.retries,
            delay_scale: self.delay_scale,
            quotas,
            ..PoliteConfig::default()
        })
    }

    /// Website crawl limits.
    pub fn crawl_config(&self) -> CrawlConfig {
        CrawlConfig {
            max_requests: self.site_budget,
            max_depth: self.max_depth,
            probe_cap: self.probe_bytes,
            listings: !self.no_listings,
            pages_after_index: self.pages_after_index,
            site_time: std::time::Duration::from_secs(self.site_time),
            ..CrawlConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        net: NetArgs,
        #[command(flatten)]
        polite: PolitenessArgs,
    }

    fn config(args: &[&str]) -> Result<PoliteConfig, BadInput> {
        let cli = Cli::try_parse_from(std::iter::once("odaudit").chain(args.iter().copied()))
            .map_err(|e| BadInput(e.to_string()))?;
        cli.polite.polite_config(&cli.net)
    }

    #[test]
    fn max_rps_and_quotas_reach_the_client() {
        let c = config(&[]).unwrap();
        assert_eq!(c.quotas.max_rps, None);
        assert_eq!(
            c.quotas.sites,
            QuotaConfig::default().sites,
            "ODWB's built in"
        );
        let c = config(&[
            "--max-rps",
            "2.5",
            "--quota",
            "www.odwb.be=500/day",
            "--quota",
            "data.namur.be=2/s",
        ])
        .unwrap();
        assert_eq!(c.quotas.max_rps, Some(2.5));
        let sites: Vec<_> = c
            .quotas
            .sites
            .iter()
            .map(|q| {
                (
                    q.site.as_str(),
                    q.per_day.map(|n| n.get()),
                    q.per_second.map(|n| n.get()),
                )
            })
            .collect();
        assert_eq!(
            sites,
            [
                ("odwb.be", Some(500), None),
                ("data.namur.be", None, Some(2))
            ],
            "a flag replaces the built-in quota of its host"
        );
        for bad in [
            ["--max-rps", "0"],
            ["--max-rps", "NaN"],
            ["--quota", "odwb.be"],
        ] {
            assert!(config(&bad).is_err(), "{bad:?}");
        }
    }
}
