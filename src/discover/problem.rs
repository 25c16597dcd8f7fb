//! A problem met while looking at one commune, as a type: what went wrong, where, and
//! whose fault it may be.
//!
//! The discovery meets problems that are neither datasets nor findings — a portal that
//! could not be harvested, a page that failed, a site index that was cut short. They used
//! to be sentences built with `format!`, which the report could only show as they were and
//! nothing could tell apart without reading their words. Here each keeps its kind, the URL
//! it is about and, when a request failed, the [`Outcome`] of that request (an HTTP status,
//! a timeout, robots.txt, the address guard, a host that asked us to wait…), so the report
//! words it in the reader's language and says "non vérifiable" when it was nobody's fault
//! that we know. `detail` stays the technical text of the underlying error, for staff.
//!
//! Runs saved before this type held plain strings: a stored string still loads, as a
//! problem of kind [`ProblemKind::Other`] whose detail is that string.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::site_index::IndexKind;
use crate::fetch::Outcome;

/// What kind of problem it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The commune's own portal could not be harvested: what it holds is unknown.
    OwnPortalUnharvested,
    /// A regional portal could not be harvested (said on every commune).
    RegionalPortalUnharvested {
        /// The portal's id in the portals file.
        portal: String,
    },
    /// The task crawling the commune's website failed (a bug, not the site).
    WebsiteTaskFailed,
    /// The task checking a file failed (a bug, not the file).
    ProbeTaskFailed,
    /// A page of the website could not be read.
    PageFailed,
    /// A page was read but not parsed (too slow to parse, or the parser failed).
    PageNotParsed,
    /// A sitemap could not be read.
    SitemapFailed,
    /// The site's own index of files did not answer usably.
    IndexRefused {
        /// Which index.
        index: IndexKind,
    },
    /// The site's own index answered but listed no file (not believed).
    IndexEmpty {
        /// Which index.
        index: IndexKind,
    },
    /// The site's own index was read only up to the page limit: files beyond were not seen.
    IndexTruncated {
        /// Which index.
        index: IndexKind,
        /// The listing pages read.
        pages: u32,
    },
    /// A problem saved by an older version, as text.
    Other,
}

impl ProblemKind {
    /// A stable token for logs and tests (`own_portal_unharvested`, `page_failed`…).
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::OwnPortalUnharvested => "own_portal_unharvested",
            ProblemKind::RegionalPortalUnharvested { .. } => "regional_portal_unharvested",
            ProblemKind::WebsiteTaskFailed => "website_task_failed",
            ProblemKind::ProbeTaskFailed => "probe_task_failed",
            ProblemKind::PageFailed => "page_failed",
            ProblemKind::PageNotParsed => "page_not_parsed",
            ProblemKind::SitemapFailed => "sitemap_failed",
            ProblemKind::IndexRefused { .. } => "index_refused",
            ProblemKind::IndexEmpty { .. } => "index_empty",
            ProblemKind::IndexTruncated { .. } => "index_truncated",
            ProblemKind::Other => "other",
        }
    }
}

/// A problem met on one commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Problem {
    /// What kind of problem.
    #[serde(flatten)]
    pub kind: ProblemKind,
    /// What became of the request that failed, when one did: whose fault it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The URL it is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The technical text of the underlying error (its `Display`), for staff.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Problem {
    /// A problem of `kind`, with the underlying error's text.
    pub fn new(kind: ProblemKind, detail: impl fmt::Display) -> Self {
        Problem {
            kind,
            outcome: None,
            url: None,
            detail: detail.to_string(),
        }
    }

    /// The same, about `url`.
    pub fn at(mut self, url: impl fmt::Display) -> Self {
        self.url = Some(url.to_string());
        self
    }

    /// The same, with what became of the request.
    pub fn with_outcome(mut self, outcome: impl Into<Option<Outcome>>) -> Self {
        self.outcome = outcome.into();
        self
    }
}

impl fmt::Display for Problem {
    /// `page_failed https://x.be/a (broken:http_404): https://x.be/a: HTTP 404`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.code())?;
        if let Some(url) = &self.url {
            write!(f, " {url}")?;
        }
        if let Some(o) = self.outcome {
            write!(f, " ({o})")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// A problem as stored: typed, or a plain string from a run saved before the type.
#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Text(String),
    Typed(Fields),
}

/// [`Problem`]'s fields, for its derived reading.
#[derive(Deserialize)]
struct Fields {
    #[serde(flatten)]
    kind: ProblemKind,
    #[serde(default)]
    outcome: Option<Outcome>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    detail: String,
}

impl From<Stored> for Problem {
    fn from(s: Stored) -> Self {
        match s {
            Stored::Text(detail) => Problem::new(ProblemKind::Other, detail),
            Stored::Typed(f) => Problem {
                kind: f.kind,
                outcome: f.outcome,
                url: f.url,
                detail: f.detail,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::outcome::{Broken, Unverifiable};

    fn every_kind() -> Vec<Problem> {
        let index = IndexKind::WordPressMedia;
        vec![
            Problem::new(ProblemKind::OwnPortalUnharvested, "x: HTTP 503")
                .at("https://data.x.be/")
                .with_outcome(Outcome::Broken(Broken::Status(503))),
            Problem::new(
                ProblemKind::RegionalPortalUnharvested {
                    portal: "odwb".into(),
                },
                "timed out",
            )
            .with_outcome(Outcome::NotVerifiable(Unverifiable::Throttled {
                until: Some(1_700_000_000),
            })),
            Problem::new(ProblemKind::WebsiteTaskFailed, "task panicked"),
            Problem::new(ProblemKind::ProbeTaskFailed, "task panicked").at("https://x.be/a.csv"),
            Problem::new(ProblemKind::PageFailed, "robots.txt disallows it")
                .with_outcome(Outcome::NotVerifiable(Unverifiable::Robots)),
            Problem::new(ProblemKind::PageNotParsed, "page not read"),
            Problem::new(ProblemKind::SitemapFailed, ""),
            Problem::new(ProblemKind::IndexRefused { index }, "not JSON"),
            Problem::new(ProblemKind::IndexEmpty { index }, ""),
            Problem::new(ProblemKind::IndexTruncated { index, pages: 7 }, ""),
            Problem::new(ProblemKind::Other, "old text"),
        ]
    }

    #[test]
    fn every_kind_reads_back_as_written() {
        for p in every_kind() {
            let json = serde_json::to_string(&p).unwrap();
            let back: Problem = serde_json::from_str(&json).unwrap();
            assert_eq!(back, p, "{json}");
        }
    }

    #[test]
    fn the_kind_is_a_flat_field_of_the_problem() {
        let p = Problem::new(
            ProblemKind::IndexTruncated {
                index: IndexKind::WordPressMedia,
                pages: 7,
            },
            "cut",
        )
        .at("https://x.be/wp-json/wp/v2/media");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["kind"], "index_truncated");
        assert_eq!(v["index"], IndexKind::WordPressMedia.as_str());
        assert_eq!(v["pages"], 7);
        assert_eq!(v["url"], "https://x.be/wp-json/wp/v2/media");
        assert!(v.get("outcome").is_none(), "{v}");
    }

    #[test]
    fn a_string_saved_by_an_older_version_is_a_problem_of_kind_other() {
        let old: Vec<Problem> =
            serde_json::from_str(r#"["odwb: 503", "website crawl failed: panic"]"#).unwrap();
        assert_eq!(old[0], Problem::new(ProblemKind::Other, "odwb: 503"));
        assert_eq!(old[1].kind, ProblemKind::Other);
        assert_eq!(old[1].detail, "website crawl failed: panic");
        assert_eq!(old[1].url, None);
    }

    #[test]
    fn what_is_neither_text_nor_a_known_kind_is_refused() {
        assert!(serde_json::from_str::<Problem>(r#"{"kind":"nonsense"}"#).is_err());
        assert!(serde_json::from_str::<Problem>("12").is_err());
    }
}
