//! The misbehaviours of real servers, injected on purpose and recorded in the manifest,
//! so the crawler's defences (timeouts, caps, loop detection, politeness) are exercised.
//!
//! Off by default: the `none` profile serves a well-behaved (if messy) web. `some` adds
//! the faults a crawler meets every week; `hostile` adds the ones meant to hurt it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::format::{Format, Kind};

/// The Content-Type of the files faults serve (both claim to be CSV).
pub(crate) const FAULT_FILE_CONTENT_TYPE: &str = "text/csv";
/// What the files faults serve say they are, by their `.csv` names and their Content-Type.
pub(crate) const FAULT_FILE_LABEL: Kind = Kind::plain(Format::Csv);

/// One kind of misbehaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Every response on the host waits this long first.
    Slow {
        /// Milliseconds.
        ms: u64,
    },
    /// Every request on the host has its connection cut.
    Reset,
    /// One linked page never answers.
    Hang,
    /// One linked page answers 500, another 503.
    ServerError,
    /// The API answers 429 with `Retry-After` every few requests.
    TooManyRequests,
    /// A linked page redirects to itself through a second URL, forever.
    RedirectLoop,
    /// The agenda's `?month=` links never end.
    SpiderTrap,
    /// A linked "CSV" streams forever.
    EndlessBody,
    /// A linked "CSV" is a small gzip stream that inflates to hundreds of MiB.
    GzipBomb,
    /// Pages with unclosed tags and garbage.
    MalformedHtml,
    /// Pages in Latin-1 without a charset, bytes that are not UTF-8.
    NonUtf8Html,
    /// robots.txt disallows everything.
    RobotsDisallowAll,
    /// robots.txt asks for an hour between requests.
    LargeCrawlDelay,
}

impl Fault {
    /// The snake_case name used in the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Slow { .. } => "slow",
            Fault::Reset => "reset",
            Fault::Hang => "hang",
            Fault::ServerError => "server_error",
            Fault::TooManyRequests => "too_many_requests",
            Fault::RedirectLoop => "redirect_loop",
            Fault::SpiderTrap => "spider_trap",
            Fault::EndlessBody => "endless_body",
            Fault::GzipBomb => "gzip_bomb",
            Fault::MalformedHtml => "malformed_html",
            Fault::NonUtf8Html => "non_utf8_html",
            Fault::RobotsDisallowAll => "robots_disallow_all",
            Fault::LargeCrawlDelay => "large_crawl_delay",
        }
    }

    /// The path that triggers a page-level fault.
    pub(crate) fn trigger_path(self) -> Option<&'static str> {
        match self {
            Fault::Hang => Some("/plan-interactif"),
            Fault::ServerError => Some("/services-en-ligne"),
            Fault::RedirectLoop => Some("/ancien-site"),
            Fault::EndlessBody => Some("/documents/registre-complet.csv"),
            Fault::GzipBomb => Some("/documents/archives-2010-2020.csv"),
            _ => None,
        }
    }

    /// The true format and star ceiling of the file a fault serves at its trigger path
    /// (`server.rs`), as a reader that caps what it reads sees it: the endless body is CSV
    /// rows without end; the gzip bomb inflates to the character `0` without a delimiter or
    /// a line break, plain text whatever its name says.
    pub(crate) fn served_file(self) -> Option<(Format, u8)> {
        match self {
            Fault::EndlessBody => Some((Format::Csv, Format::Csv.stars())),
            Fault::GzipBomb => Some((Format::Txt, Format::Txt.stars())),
            _ => None,
        }
    }

    /// Faults a crawler meets every week.
    const MILD: &'static [Fault] = &[
        Fault::Slow { ms: 300 },
        Fault::ServerError,
        Fault::RedirectLoop,
        Fault::SpiderTrap,
        Fault::MalformedHtml,
        Fault::RobotsDisallowAll,
        Fault::LargeCrawlDelay,
    ];

    /// Faults meant to hurt.
    const HOSTILE: &'static [Fault] = &[
        Fault::Hang,
        Fault::EndlessBody,
        Fault::GzipBomb,
        Fault::Reset,
        Fault::NonUtf8Html,
        Fault::Slow { ms: 2_000 },
    ];
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Slow { ms } => write!(f, "slow:{ms}"),
            other => f.write_str(other.name()),
        }
    }
}

/// A fault name that is not known.
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown fault {0:?} (known: slow:MS, reset, hang, server_error, too_many_requests, redirect_loop, spider_trap, endless_body, gzip_bomb, malformed_html, non_utf8_html, robots_disallow_all, large_crawl_delay)"
)]
pub struct UnknownFault(pub String);

impl FromStr for Fault {
    type Err = UnknownFault;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        if let Some(ms) = t.strip_prefix("slow:") {
            return ms
                .parse()
                .map(|ms| Fault::Slow { ms })
                .map_err(|_| UnknownFault(s.to_owned()));
        }
        Fault::MILD
            .iter()
            .chain(Fault::HOSTILE)
            .chain(&[Fault::TooManyRequests])
            .copied()
            .find(|f| f.name() == t)
            .ok_or_else(|| UnknownFault(s.to_owned()))
    }
}

/// Which faults a world gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultProfile {
    /// None (the world's natural mess only: mislabels, 404s, soft-404s, dead sites).
    #[default]
    None,
    /// The everyday faults on about one host in eight, and 429s on ODWB.
    Some,
    /// Every fault at least once, on about one host in three.
    Hostile,
}

impl FaultProfile {
    /// The profile's name.
    pub fn name(self) -> &'static str {
        match self {
            FaultProfile::None => "none",
            FaultProfile::Some => "some",
            FaultProfile::Hostile => "hostile",
        }
    }

    /// The faults to choose from and the share of commune hosts that get one.
    pub(crate) fn pool(self) -> (Vec<Fault>, f64) {
        match self {
            FaultProfile::None => (Vec::new(), 0.0),
            FaultProfile::Some => (Fault::MILD.to_vec(), 0.125),
            FaultProfile::Hostile => ([Fault::HOSTILE, Fault::MILD].concat(), 0.33),
        }
    }
}

/// A profile name that is not known.
#[derive(Debug, thiserror::Error)]
#[error("unknown fault profile {0:?} (none, some or hostile)")]
pub struct UnknownProfile(pub String);

impl FromStr for FaultProfile {
    type Err = UnknownProfile;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(FaultProfile::None),
            "some" => Ok(FaultProfile::Some),
            "hostile" => Ok(FaultProfile::Hostile),
            _ => Err(UnknownProfile(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Fault::MILD
            .iter()
            .chain(Fault::HOSTILE)
            .chain(&[Fault::TooManyRequests])
        {
            assert_eq!(f.to_string().parse::<Fault>().unwrap(), *f);
        }
        assert!("teapot".parse::<Fault>().is_err());
        assert_eq!(
            "Hostile".parse::<FaultProfile>().unwrap(),
            FaultProfile::Hostile
        );
    }
}
