//! Name resolution with operator overrides (`--resolve HOST:PORT:ADDR`, curl's syntax)
//! and the address guard applied to everything else.
//!
//! Overrides let the simulated commune web keep real host names (`www.namur.be`) on
//! loopback, so URLs, robots.txt and per-host politeness behave as on the real web.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

use super::guard::is_public;

/// One `HOST:PORT:ADDR` override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveRule {
    /// The host name, lower-cased.
    pub host: String,
    /// The port the rule is for (as in curl): the override and its exemption from the
    /// address guard cover this port only.
    pub port: u16,
    /// Where to connect instead.
    pub addr: IpAddr,
}

/// A `--resolve` value that is not `HOST:PORT:ADDR`.
#[derive(Debug, thiserror::Error)]
#[error("{value:?} is not HOST:PORT:ADDR ({why})")]
pub struct BadResolveRule {
    /// The value as given.
    pub value: String,
    /// What is wrong with it.
    pub why: &'static str,
}

impl FromStr for ResolveRule {
    type Err = BadResolveRule;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let bad = |why| BadResolveRule {
            value: value.to_owned(),
            why,
        };
        let mut parts = value.trim().splitn(3, ':');
        let host = parts
            .next()
            .filter(|h| !h.is_empty())
            .ok_or(bad("no host"))?;
        let port = parts.next().ok_or(bad("no port"))?;
        let addr = parts.next().ok_or(bad("no address"))?;
        let port: u16 = port
            .parse()
            .map_err(|_| bad("the port is not a number from 0 to 65535"))?;
        let addr = addr.trim_start_matches('[').trim_end_matches(']');
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| bad("the address is not an IP address"))?;
        if host.contains(|c: char| c.is_whitespace() || c == '/') {
            return Err(bad("the host is not a host name"));
        }
        Ok(ResolveRule {
            host: host.to_ascii_lowercase(),
            port,
            addr,
        })
    }
}

impl fmt::Display for ResolveRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.addr {
            IpAddr::V6(a) => write!(f, "{}:{}:[{a}]", self.host, self.port),
            IpAddr::V4(a) => write!(f, "{}:{}:{a}", self.host, self.port),
        }
    }
}

/// The resolver reqwest uses: overrides first, then the system resolver, guarded.
///
/// reqwest asks the resolver for a name without its port, so the port half of a rule is
/// enforced on every URL before it is requested or followed ([`GuardedResolver::refusal`]).
#[derive(Clone, Debug, Default)]
pub struct GuardedResolver {
    overrides: Arc<HashMap<String, IpAddr>>,
    /// The exact `(host, port)` and `(address, port)` pairs the operator named.
    exempt: Arc<HashSet<(String, u16)>>,
    allow_private: bool,
}

impl GuardedResolver {
    /// A resolver with these overrides; `allow_private` lifts the guard.
    pub fn new(rules: &[ResolveRule], allow_private: bool) -> Self {
        let exempt = rules
            .iter()
            .flat_map(|r| [(r.host.clone(), r.port), (r.addr.to_string(), r.port)])
            .collect();
        GuardedResolver {
            overrides: Arc::new(rules.iter().map(|r| (r.host.clone(), r.addr)).collect()),
            exempt: Arc::new(exempt),
            allow_private,
        }
    }

    /// Is a literal address in a URL, on this port, allowed? An address named by
    /// `--resolve` is exempt from the guard on the rule's port only.
    pub fn allows_literal(&self, ip: IpAddr, port: u16) -> bool {
        self.allow_private || is_public(ip) || self.exempt.contains(&(ip.to_string(), port))
    }

    /// Why the guard refuses a URL before any connection (the address it would reach),
    /// or `None`: a literal non-public address needs its exact `ADDR:PORT` named by a
    /// rule; a host with an override to a non-public address is reached only on the
    /// rule's port (any other port would silently reach the same address).
    pub fn refusal(&self, url: &Url) -> Option<IpAddr> {
        let port = url.port_or_known_default()?;
        let ip = match url.host()? {
            url::Host::Ipv4(a) => IpAddr::V4(a),
            url::Host::Ipv6(a) => IpAddr::V6(a),
            url::Host::Domain(d) => {
                let host = d.to_ascii_lowercase();
                let ip = *self.overrides.get(&host)?;
                let exempt = self.exempt.contains(&(host, port));
                return (!exempt && !self.allow_private && !is_public(ip)).then_some(ip);
            }
        };
        (!self.allows_literal(ip, port)).then_some(ip)
    }

    /// The override for a host, if the operator gave one.
    pub fn override_for(&self, host: &str) -> Option<IpAddr> {
        self.overrides.get(&host.to_ascii_lowercase()).copied()
    }
}

/// A name that resolved only to addresses the guard refuses.
#[derive(Debug, thiserror::Error)]
#[error(
    "address guard: {host} resolves only to non-public addresses ({addrs}); use --resolve or --allow-private-addresses to allow it"
)]
pub struct RefusedAddress {
    /// The host name.
    pub host: String,
    /// The refused addresses.
    pub addrs: String,
}

/// A host name that did not resolve (typed, so the client tells a dead name from a
/// dead connection without reading messages).
#[derive(Debug, thiserror::Error)]
#[error("{host}: name not resolved: {source}")]
pub struct DnsFailure {
    /// The host name.
    pub host: String,
    /// The resolver's error.
    pub source: std::io::Error,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        if let Some(ip) = self.overrides.get(&host) {
            let addrs: Addrs = Box::new(std::iter::once(SocketAddr::new(*ip, 0)));
            return Box::pin(std::future::ready(Ok(addrs)));
        }
        let allow_private = self.allow_private;
        Box::pin(async move {
            let looked_up = tokio::net::lookup_host((host.clone(), 0)).await;
            let all: Vec<SocketAddr> = match looked_up {
                Ok(addrs) => addrs.collect(),
                Err(source) => {
                    return Err(Box::new(DnsFailure { host, source })
                        as Box<dyn std::error::Error + Send + Sync>);
                }
            };
            let allowed: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if allowed.is_empty() {
                let addrs = all
                    .iter()
                    .map(|a| a.ip().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Box::new(RefusedAddress { host, addrs })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_syntax() {
        let r: ResolveRule = "www.namur.be:8080:127.0.0.1".parse().unwrap();
        assert_eq!((r.host.as_str(), r.port), ("www.namur.be", 8080));
        let r: ResolveRule = "WWW.Liege.be:80:[::1]".parse().unwrap();
        assert_eq!(r.addr, "::1".parse::<IpAddr>().unwrap());
        assert_eq!(r.to_string(), "www.liege.be:80:[::1]");
        for bad in [
            "www.namur.be",
            "www.namur.be:x:127.0.0.1",
            "h:80:not-an-ip",
            ":80:127.0.0.1",
        ] {
            assert!(bad.parse::<ResolveRule>().is_err(), "{bad}");
        }
    }

    #[test]
    fn literal_addresses_need_an_override_or_permission() {
        let rules = ["www.namur.be:80:127.0.0.1".parse().unwrap()];
        let guarded = GuardedResolver::new(&rules, false);
        assert!(guarded.allows_literal("127.0.0.1".parse().unwrap(), 80));
        assert!(!guarded.allows_literal("10.0.0.1".parse().unwrap(), 80));
        assert!(GuardedResolver::new(&[], true).allows_literal("10.0.0.1".parse().unwrap(), 80));
    }

    #[test]
    fn an_exemption_covers_exactly_the_host_port_pairs_given() {
        let rules = [
            "www.namur.be:8080:127.0.0.1".parse().unwrap(),
            "data.namur.be:443:[::1]".parse().unwrap(),
        ];
        let guarded = GuardedResolver::new(&rules, false);
        let refused = |u: &str| guarded.refusal(&Url::parse(u).unwrap());
        assert_eq!(refused("http://www.namur.be:8080/"), None);
        assert_eq!(refused("http://127.0.0.1:8080/x"), None);
        assert_eq!(refused("https://data.namur.be/"), None);
        assert_eq!(refused("https://[::1]/"), None);
        let loopback = Some("127.0.0.1".parse().unwrap());
        assert_eq!(refused("http://127.0.0.1:9999/"), loopback);
        assert_eq!(refused("http://127.0.0.1/"), loopback);
        assert_eq!(refused("http://www.namur.be/"), loopback);
        assert_eq!(refused("http://www.namur.be:9999/"), loopback);
        assert_eq!(refused("http://[::1]:8080/"), Some("::1".parse().unwrap()));
        assert_eq!(
            refused("http://[::7f00:1]:8080/"),
            Some("::7f00:1".parse().unwrap())
        );
        assert_eq!(refused("http://www.example.org:81/"), None);
        assert_eq!(
            refused("http://10.0.0.1/"),
            Some("10.0.0.1".parse().unwrap())
        );
        let open = GuardedResolver::new(&rules, true);
        assert_eq!(
            open.refusal(&Url::parse("http://127.0.0.1:9999/").unwrap()),
            None
        );
    }
}
