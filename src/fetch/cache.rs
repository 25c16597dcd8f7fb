//! Pages and API answers kept between runs, so the next run can ask "changed since?"
//! (`If-None-Match`, `If-Modified-Since`) and read a `304` as the page it already has.
//!
//! A monthly audit of 262 commune sites re-reads mostly unchanged pages; with this cache
//! an unchanged page costs its headers only, on the commune's server and on ours.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::client::Validators;

/// The largest body kept.
pub const MAX_CACHED_BODY: usize = 2 * 1024 * 1024;

/// One kept answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedPage {
    /// Its validators.
    pub validators: Validators,
    /// Its Content-Type.
    pub content_type: Option<String>,
    /// Its body.
    pub body: Vec<u8>,
}

/// Answers by URL: those loaded from the last run, and those seen in this one. A page
/// answered `304 Not Modified` is the previous run's, body included: it is marked seen, not
/// copied, so the cache holds one body per URL however many pages are unchanged.
#[derive(Debug, Default)]
pub struct PageCache {
    previous: HashMap<String, CachedPage>,
    seen: Mutex<Seen>,
}

/// What this run saw.
#[derive(Debug, Default)]
struct Seen {
    /// New or changed answers.
    changed: HashMap<String, CachedPage>,
    /// URLs whose answer is exactly the previous run's (kept in `previous`).
    unchanged: HashSet<String>,
}

impl PageCache {
    /// A cache holding the previous run's answers.
    pub fn new(previous: HashMap<String, CachedPage>) -> Self {
        PageCache {
            previous,
            seen: Mutex::default(),
        }
    }

    /// The previous run's answer for a URL.
    pub fn previous(&self, url: &str) -> Option<&CachedPage> {
        self.previous.get(url)
    }

    /// Keep an answer seen in this run (a body too large, or without validators, is not kept).
    pub fn keep(&self, url: &str, page: CachedPage) {
        let has_validators =
            page.validators.etag.is_some() || page.validators.last_modified.is_some();
        if !has_validators || page.body.len() > MAX_CACHED_BODY {
            return;
        }
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if self.previous.get(url) == Some(&page) {
            seen.changed.remove(url);
            seen.unchanged.insert(url.to_owned());
        } else {
            seen.unchanged.remove(url);
            seen.changed.insert(url.to_owned(), page);
        }
    }

    /// Hand what this run saw (URL and answer) to `save`, without copying a body.
    pub fn with_seen<R>(&self, save: impl FnOnce(Vec<(&str, &CachedPage)>) -> R) -> R {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let unchanged = seen
            .unchanged
            .iter()
            .filter_map(|url| Some((url.as_str(), self.previous.get(url)?)));
        let pages = seen
            .changed
            .iter()
            .map(|(url, page)| (url.as_str(), page))
            .chain(unchanged)
            .collect();
        save(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(etag: &str, body: &str) -> CachedPage {
        CachedPage {
            validators: Validators {
                etag: Some(etag.to_owned()),
                last_modified: None,
                listed: None,
            },
            content_type: Some("text/html".to_owned()),
            body: body.as_bytes().to_vec(),
        }
    }

    fn seen(cache: &PageCache) -> Vec<(String, CachedPage)> {
        let mut all = cache.with_seen(|pages| {
            pages
                .into_iter()
                .map(|(u, p)| (u.to_owned(), p.clone()))
                .collect::<Vec<_>>()
        });
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    #[test]
    fn an_unchanged_page_is_listed_once_with_the_previous_body_not_a_copy() {
        let previous = HashMap::from([
            ("http://a/".to_owned(), page("\"1\"", "same")),
            ("http://b/".to_owned(), page("\"1\"", "old")),
            ("http://gone/".to_owned(), page("\"1\"", "not seen again")),
        ]);
        let cache = PageCache::new(previous);
        cache.keep("http://a/", page("\"1\"", "same"));
        cache.keep("http://b/", page("\"2\"", "new"));
        cache.keep("http://c/", page("\"1\"", "first time"));
        // No validators, or too large: not kept.
        cache.keep(
            "http://d/",
            CachedPage {
                validators: Validators::default(),
                ..page("", "x")
            },
        );
        cache.keep("http://e/", page("\"1\"", &"x".repeat(MAX_CACHED_BODY + 1)));
        assert_eq!(
            seen(&cache),
            vec![
                ("http://a/".to_owned(), page("\"1\"", "same")),
                ("http://b/".to_owned(), page("\"2\"", "new")),
                ("http://c/".to_owned(), page("\"1\"", "first time")),
            ]
        );
        let inner = cache.seen.lock().unwrap();
        assert!(
            !inner.changed.contains_key("http://a/"),
            "the 304 page is not copied"
        );
        assert!(inner.unchanged.contains("http://a/"));
    }

    #[test]
    fn a_page_that_changes_back_and_forth_is_listed_as_last_seen() {
        let cache = PageCache::new(HashMap::from([(
            "http://a/".to_owned(),
            page("\"1\"", "v1"),
        )]));
        cache.keep("http://a/", page("\"2\"", "v2"));
        cache.keep("http://a/", page("\"1\"", "v1"));
        assert_eq!(
            seen(&cache),
            vec![("http://a/".to_owned(), page("\"1\"", "v1"))]
        );
        cache.keep("http://a/", page("\"3\"", "v3"));
        assert_eq!(
            seen(&cache),
            vec![("http://a/".to_owned(), page("\"3\"", "v3"))]
        );
    }
}
