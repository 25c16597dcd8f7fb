//! Pages and API answers kept between runs, so the next run can ask "changed since?"
//! (`If-None-Match`, `If-Modified-Since`) and read a `304` as the page it already has.
//!
//! A monthly audit of 262 commune sites re-reads mostly unchanged pages; with this cache
//! an unchanged page costs its headers only, on the commune's server and on ours.

use std::collections::HashMap;
use std::sync::Mutex;

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

/// Answers by URL: those loaded from the last run, and those seen in this one.
#[derive(Debug, Default)]
pub struct PageCache {
    previous: HashMap<String, CachedPage>,
    seen: Mutex<HashMap<String, CachedPage>>,
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
        if has_validators
            && page.body.len() <= MAX_CACHED_BODY
            && let Ok(mut seen) = self.seen.lock()
        {
            seen.insert(url.to_owned(), page);
        }
    }

    /// What this run saw, to store for the next.
    pub fn seen(&self) -> HashMap<String, CachedPage> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}
