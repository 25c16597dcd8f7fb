//! What became of one request for a file, as a type: whose fault a failure is.
//!
//! A file that does not download may be the commune's fault (a 404, a 5xx after retries,
//! a dead host, its "page not found" page served as the file) or nobody's that we can
//! know (the host throttles us, a timeout, robots.txt, our own address guard, the crawl
//! budget spent). Only the first may support a finding against the commune; the second
//! is "non vérifiable" in every output. The type is decided here, where the error is
//! known, and carried as is to the comparison, the CSV, the store and the HTML: nothing
//! downstream reads an error's text to learn its kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What became of a request for a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "reason", rename_all = "snake_case")]
pub enum Outcome {
    /// The file answered (a 2xx, or a 304 for a file seen before).
    Ok,
    /// It does not download, and that is the publisher's doing.
    Broken(Broken),
    /// It could not be checked: nothing may be concluded about it.
    NotVerifiable(Unverifiable),
}

/// Why a file is broken: the publisher's fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Broken {
    /// An HTTP error that is not about us (404, 410, 5xx after retries...).
    Status(u16),
    /// A 2xx answered with the site's own "page not found" page.
    SoftNotFound,
    /// The link's host name does not resolve.
    NoSuchHost,
    /// The link's host refuses connections.
    ConnectionRefused,
    /// Redirects that loop, or more of them than any browser follows.
    Redirects,
    /// Not an http(s) link.
    NotHttp,
}

/// Why a file could not be checked: not the publisher's fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unverifiable {
    /// The host answered 429 (or 503 with Retry-After) and asked us to wait; the
    /// whole host was paused. `until` is a Unix time in seconds, when known.
    Throttled {
        /// When the host said it may be asked again.
        until: Option<i64>,
    },
    /// Access denied to us (401, 403): a login or a firewall, not a missing file.
    Denied(u16),
    /// No answer in time.
    Timeout,
    /// The connection broke (reset, TLS failure, a response we refuse to read).
    Transport,
    /// A response header larger than the client reads.
    TooLarge,
    /// robots.txt keeps us from it (or could not be read, which RFC 9309 reads as
    /// "disallow all"), or the host asks for a Crawl-delay longer than the run allows.
    Robots,
    /// Our address guard refused the destination (a private address).
    AddressGuard,
    /// The site's request budget was spent before it.
    Budget,
}

impl Outcome {
    /// The outcome of an HTTP status that came back (after retries and redirects).
    pub fn of_status(status: u16) -> Outcome {
        match status {
            200..=299 | 304 => Outcome::Ok,
            429 => Outcome::NotVerifiable(Unverifiable::Throttled { until: None }),
            401 | 403 | 407 => Outcome::NotVerifiable(Unverifiable::Denied(status)),
            _ => Outcome::Broken(Broken::Status(status)),
        }
    }

    /// The class token: `ok`, `broken` or `not_verifiable`.
    pub fn class(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Broken(_) => "broken",
            Outcome::NotVerifiable(_) => "not_verifiable",
        }
    }

    /// The reason token (`http_404`, `soft_404`, `throttled`, `robots`...); empty for `ok`.
    pub fn reason(self) -> String {
        match self {
            Outcome::Ok => String::new(),
            Outcome::Broken(b) => match b {
                Broken::Status(s) => format!("http_{s}"),
                Broken::SoftNotFound => "soft_404".into(),
                Broken::NoSuchHost => "no_such_host".into(),
                Broken::ConnectionRefused => "connection_refused".into(),
                Broken::Redirects => "redirects".into(),
                Broken::NotHttp => "not_http".into(),
            },
            Outcome::NotVerifiable(u) => match u {
                Unverifiable::Throttled { until: Some(t) } => format!("throttled_until_{t}"),
                Unverifiable::Throttled { until: None } => "throttled".into(),
                Unverifiable::Denied(s) => format!("denied_{s}"),
                Unverifiable::Timeout => "timeout".into(),
                Unverifiable::Transport => "transport".into(),
                Unverifiable::TooLarge => "too_large".into(),
                Unverifiable::Robots => "robots".into(),
                Unverifiable::AddressGuard => "address_guard".into(),
                Unverifiable::Budget => "budget".into(),
            },
        }
    }

    /// The publisher's fault.
    pub fn is_broken(self) -> bool {
        matches!(self, Outcome::Broken(_))
    }

    /// Could not be checked.
    pub fn is_not_verifiable(self) -> bool {
        matches!(self, Outcome::NotVerifiable(_))
    }
}

impl fmt::Display for Outcome {
    /// `ok`, `broken:http_404`, `not_verifiable:throttled_until_1700000000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Ok => f.write_str("ok"),
            _ => write!(f, "{}:{}", self.class(), self.reason()),
        }
    }
}

/// A token that is not an outcome.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not an outcome (ok, broken:REASON, not_verifiable:REASON)")]
pub struct BadOutcome(pub String);

impl FromStr for Outcome {
    type Err = BadOutcome;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadOutcome(s.to_owned());
        if s == "ok" {
            return Ok(Outcome::Ok);
        }
        let (class, reason) = s.split_once(':').ok_or_else(bad)?;
        let number = |prefix: &str| {
            reason
                .strip_prefix(prefix)
                .and_then(|n| n.parse::<u16>().ok())
        };
        match class {
            "broken" => Ok(Outcome::Broken(match reason {
                "soft_404" => Broken::SoftNotFound,
                "no_such_host" => Broken::NoSuchHost,
                "connection_refused" => Broken::ConnectionRefused,
                "redirects" => Broken::Redirects,
                "not_http" => Broken::NotHttp,
                _ => Broken::Status(number("http_").ok_or_else(bad)?),
            })),
            "not_verifiable" => Ok(Outcome::NotVerifiable(match reason {
                "throttled" => Unverifiable::Throttled { until: None },
                "timeout" => Unverifiable::Timeout,
                "transport" => Unverifiable::Transport,
                "too_large" => Unverifiable::TooLarge,
                "robots" => Unverifiable::Robots,
                "address_guard" => Unverifiable::AddressGuard,
                "budget" => Unverifiable::Budget,
                _ => match reason
                    .strip_prefix("throttled_until_")
                    .and_then(|n| n.parse::<i64>().ok())
                {
                    Some(t) => Unverifiable::Throttled { until: Some(t) },
                    None => Unverifiable::Denied(number("denied_").ok_or_else(bad)?),
                },
            })),
            _ => Err(bad()),
        }
    }
}

/// A Unix time (seconds) as RFC 3339, for messages.
pub fn unix_time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map_or_else(|_| secs.to_string(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_judged_by_whose_fault_they_are() {
        assert_eq!(Outcome::of_status(200), Outcome::Ok);
        assert_eq!(Outcome::of_status(304), Outcome::Ok);
        assert!(Outcome::of_status(404).is_broken());
        assert!(Outcome::of_status(503).is_broken());
        assert!(Outcome::of_status(429).is_not_verifiable());
        assert!(Outcome::of_status(403).is_not_verifiable());
    }

    #[test]
    fn tokens_round_trip() {
        for o in [
            Outcome::Ok,
            Outcome::Broken(Broken::Status(410)),
            Outcome::Broken(Broken::SoftNotFound),
            Outcome::Broken(Broken::NoSuchHost),
            Outcome::NotVerifiable(Unverifiable::Throttled {
                until: Some(1_700_000_000),
            }),
            Outcome::NotVerifiable(Unverifiable::Throttled { until: None }),
            Outcome::NotVerifiable(Unverifiable::Denied(403)),
            Outcome::NotVerifiable(Unverifiable::Robots),
            Outcome::NotVerifiable(Unverifiable::Budget),
        ] {
            assert_eq!(o.to_string().parse::<Outcome>().unwrap(), o, "{o}");
        }
        assert!("broken:whatever".parse::<Outcome>().is_err());
        assert!("fine".parse::<Outcome>().is_err());
    }
}
