//! robots.txt as RFC 9309 reads it: the rules for our User-Agent token, the Crawl-delay,
//! the Sitemap lines, and what an unreachable file means.
//!
//! iMio's ~150 commune sites all redirect `/robots.txt` to one shared file; parsed rules
//! are cached by the final URL and body, so the shared file is fetched and compiled once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use texting_robots::Robot;

/// The token robots.txt groups are matched against.
pub const ROBOTS_TOKEN: &str = "odaudit";
/// The largest robots.txt read (RFC 9309 asks parsers to handle at least 500 KiB).
pub const ROBOTS_CAP: usize = 512 * 1024;

/// How robots.txt was obtained, which decides what is allowed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RobotsState {
    /// A robots.txt was read and applies.
    Fetched {
        /// Where it was read, after redirects.
        url: String,
    },
    /// 4xx: RFC 9309 says every path may be crawled.
    Missing {
        /// The status received.
        status: u16,
    },
    /// 5xx, timeouts, resets: RFC 9309 says assume everything is disallowed.
    Unreachable {
        /// What went wrong.
        why: String,
        /// The server answered (a 5xx, a broken redirect) rather than not at all: the
        /// site is up, but may not be crawled.
        #[serde(default)]
        answered: bool,
        /// The server answered 429 (it asks us to wait): the site is up and throttles
        /// us, nothing of it can be verified in this run.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        throttled: bool,
    },
}

/// The rules that apply to one host.
#[derive(Clone, Debug)]
pub struct Robots {
    /// How they were obtained.
    pub state: RobotsState,
    robot: Option<Arc<Robot>>,
    /// Why robots.txt got no answer at all (a dead name, a refused connection, our
    /// address guard): the host's failure, which a request to it would meet too.
    failure: Option<super::FetchError>,
}

impl Robots {
    /// Everything allowed (robots.txt answered 4xx).
    pub fn missing(status: u16) -> Self {
        Robots {
            state: RobotsState::Missing { status },
            robot: None,
            failure: None,
        }
    }

    /// Nothing allowed (robots.txt could not be read).
    pub fn unreachable(why: String, answered: bool) -> Self {
        Robots {
            state: RobotsState::Unreachable {
                why,
                answered,
                throttled: false,
            },
            robot: None,
            failure: None,
        }
    }

    /// Nothing allowed: robots.txt got no answer at all, for this reason.
    pub fn failed(error: super::FetchError) -> Self {
        Robots {
            failure: Some(error.clone()),
            ..Robots::unreachable(error.to_string(), false)
        }
    }

    /// The failure that kept robots.txt from answering at all, if one did.
    pub fn failure(&self) -> Option<&super::FetchError> {
        self.failure.as_ref()
    }

    /// robots.txt answered 429: the host throttles us.
    pub fn is_throttled(&self) -> bool {
        matches!(
            self.state,
            RobotsState::Unreachable {
                throttled: true,
                ..
            }
        )
    }

    /// Nothing allowed: robots.txt answered 429, even after retries.
    pub fn throttled(why: String) -> Self {
        Robots {
            state: RobotsState::Unreachable {
                why,
                answered: true,
                throttled: true,
            },
            robot: None,
            failure: None,
        }
    }

    /// May this path be fetched?
    pub fn allows(&self, url: &url::Url) -> bool {
        match (&self.state, &self.robot) {
            (RobotsState::Unreachable { .. }, _) => url.path() == "/robots.txt",
            (_, Some(robot)) => robot.allowed(url.as_str()),
            (_, None) => true,
        }
    }

    /// The Crawl-delay asked for, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        let secs = self.robot.as_ref()?.delay?;
        (secs.is_finite() && secs > 0.0)
            .then(|| Duration::from_secs_f64(f64::from(secs).min(86_400.0)))
    }

    /// The Sitemap URLs listed.
    pub fn sitemaps(&self) -> &[String] {
        self.robot.as_ref().map_or(&[], |r| r.sitemaps.as_slice())
    }
}

/// Parsed robots files shared across hosts, keyed by final URL and body.
#[derive(Default)]
pub struct RobotsCache {
    parsed: Mutex<HashMap<(String, u64), Arc<Robot>>>,
}

impl RobotsCache {
    /// The rules of a robots.txt body read at `url`.
    pub fn parse(&self, url: &str, body: &[u8]) -> Robots {
        let key = (url.to_owned(), fingerprint(body));
        let cached = self.parsed.lock().ok().and_then(|m| m.get(&key).cloned());
        let robot = cached.or_else(|| {
            let robot = Arc::new(Robot::new(ROBOTS_TOKEN, body).ok()?);
            if let Ok(mut m) = self.parsed.lock() {
                m.insert(key, robot.clone());
            }
            Some(robot)
        });
        match robot {
            Some(robot) => Robots {
                state: RobotsState::Fetched {
                    url: url.to_owned(),
                },
                robot: Some(robot),
                failure: None,
            },
            // An unparseable file asks for nothing we can read: treat it as absent.
            None => Robots::missing(200),
        }
    }
}

fn fingerprint(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        s.parse().unwrap()
    }

    #[test]
    fn imio_style_rules_and_delay() {
        let body = b"User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nCrawl-delay: 120\nDisallow: /search\nDisallow: /*login_form*\nSitemap: https://www.x.be/sitemap.xml.gz\n";
        let cache = RobotsCache::default();
        let r = cache.parse("https://static.imio.be/robots.txt", body);
        assert!(r.allows(&url("https://www.x.be/ma-commune")));
        assert!(!r.allows(&url("https://www.x.be/search?q=1")));
        assert!(!r.allows(&url("https://www.x.be/a/login_form")));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(120)));
        assert_eq!(r.sitemaps(), ["https://www.x.be/sitemap.xml.gz"]);
        // The same file for another host is not parsed again.
        let again = cache.parse("https://static.imio.be/robots.txt", body);
        assert!(Arc::ptr_eq(
            r.robot.as_ref().unwrap(),
            again.robot.as_ref().unwrap()
        ));
    }

    #[test]
    fn our_own_group_wins_over_the_star() {
        let body = b"User-agent: *\nDisallow:\n\nUser-agent: odaudit\nDisallow: /data\n";
        let r = RobotsCache::default().parse("http://h/robots.txt", body);
        assert!(!r.allows(&url("http://h/data/x.csv")));
    }

    #[test]
    fn what_commune_sites_really_serve() {
        // Léglise: `Allow: /` then `Disallow: /`, equally specific: RFC 9309 §2.2.2 says
        // the least restrictive rule wins.
        let r = RobotsCache::default().parse(
            "https://www.leglise.be/robots.txt",
            b"User-agent: *\nAllow: /\nDisallow: /\n",
        );
        assert!(r.allows(&url("https://www.leglise.be/ma-commune")));
        // Neupré: no robots.txt, a single-page app answers 200 with its HTML shell.
        let r = RobotsCache::default().parse(
            "https://www.neupre.be/robots.txt",
            b"<!doctype html><html><head><title>Neupr\xc3\xa9</title></head><body><div id=\"__nuxt\"></div></body></html>",
        );
        assert!(r.allows(&url("https://www.neupre.be/vie-communale")));
        assert_eq!(r.crawl_delay(), None);
    }

    #[test]
    fn missing_allows_all_and_unreachable_allows_nothing() {
        assert!(Robots::missing(404).allows(&url("http://h/anything")));
        assert!(!Robots::unreachable("503".into(), true).allows(&url("http://h/anything")));
    }
}
