//! Discovery: find what each commune really publishes, on its website and on portals.
//!
//! Produces [`Dataset`]s and their [`Distribution`]s with the evidence of where each was
//! found; judges nothing itself (the bytes of each distribution go to `assess`). All
//! network access goes through [`crate::fetch::Http`], which owns politeness.

pub mod bounded;
pub mod generated;
pub mod links;
pub mod listing;
pub mod page;
pub mod page_licence;
pub mod platform;
pub mod portals;
pub mod probe;
pub mod problem;
pub mod publisher;
pub mod run;
pub mod site_index;
pub mod soft404;
pub mod website;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::assess::Classification;
use crate::fetch::{Outcome, Validators};

/// Where a dataset was published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A file on the commune's own website.
    Website,
    /// The regional ODWB portal (www.odwb.be).
    Odwb,
    /// The commune's own open-data portal (its `own_portal` in the targets file, also
    /// when the portals file lists it too).
    OwnPortal,
    /// A regional portal of the portals file other than ODWB: its datasets are the
    /// commune's by their publisher, but the survey offers no such channel.
    RegionalPortal,
}

/// A licence as the publisher stated it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceStatement {
    /// An identifier or name (`CC BY 4.0`, `odc-odbl`, `Licence Ouverte v2.0`).
    pub name: Option<String>,
    /// A URL for it.
    pub url: Option<String>,
}

/// One dataset: a portal record, or a file (or group of files) on a website.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Where it was found.
    pub channel: Option<Channel>,
    /// The portal's id (`odwb`, `data.namur.be`), for portal datasets.
    pub portal: Option<String>,
    /// The portal's dataset id.
    pub id: Option<String>,
    /// Its title (from the portal, or the link text).
    pub title: String,
    /// The publisher string as the portal gives it.
    pub publisher: Option<String>,
    /// The page presenting it (portal page, or the web page linking the file).
    pub landing_page: Option<Url>,
    /// The licence stated by the portal or the page around the link.
    pub licence: LicenceStatement,
    /// Last modification according to the metadata (ISO 8601 as given).
    pub modified: Option<String>,
    /// Which metadata field `modified` came from (`data_processed`, `metadata_modified`...).
    pub modified_field: Option<String>,
    /// The declared update frequency, as given (free text or an EU frequency URI).
    pub frequency: Option<String>,
    /// Its downloads.
    pub distributions: Vec<Distribution>,
}

/// One download of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The download URL.
    pub url: Url,
    /// The format the portal or the link claims (`csv`, `XLSX`, `application/json`).
    pub declared_format: Option<String>,
    /// What probing it found (filled by the probe step).
    pub probe: Option<ProbeOutcome>,
}

impl Distribution {
    /// A distribution not probed yet.
    pub fn new(url: Url, declared_format: Option<String>) -> Self {
        Distribution {
            url,
            declared_format,
            probe: None,
        }
    }
}

/// The result of probing a distribution: its first bytes, judged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeOutcome {
    /// HTTP status, when a response came.
    pub status: Option<u16>,
    /// The URL answered, after redirects.
    pub final_url: Option<String>,
    /// Content-Type.
    pub content_type: Option<String>,
    /// Content-Length (or the total of a 206).
    pub content_length: Option<u64>,
    /// Last-Modified.
    pub last_modified: Option<String>,
    /// Validators for the next run's conditional request.
    pub validators: Validators,
    /// Bytes read.
    pub bytes_read: usize,
    /// Milliseconds taken.
    pub elapsed_ms: u64,
    /// The classifier's verdict on the bytes (absent on errors and 304s).
    #[serde(skip_deserializing)]
    pub verdict: Option<Classification>,
    /// Why there is no response (or why the response is not the file), for people.
    pub error: Option<String>,
    /// Whose fault a failure is: the type every later step reads, never `error`'s text.
    #[serde(default = "legacy_outcome")]
    pub outcome: Outcome,
    /// Not fetched: the site's index lists the file with the date it had when it was last
    /// judged, so the previous verdict stands (as for a 304, without the request).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
}

/// The outcome of a probe recorded before outcomes were typed: unknown, so not
/// verifiable (it never supports a finding).
fn legacy_outcome() -> Outcome {
    Outcome::NotVerifiable(crate::fetch::Unverifiable::Transport)
}

impl ProbeOutcome {
    /// A file not fetched because the site's index lists it with the date it had when
    /// last judged: the last verdict stands (as for a 304, without the request).
    pub fn reused(validators: Validators) -> Self {
        ProbeOutcome {
            reused: true,
            ..Self::unfetched(validators, Outcome::Ok)
        }
    }

    /// A probe that got no response, for this reason.
    pub fn failed(error: &crate::fetch::FetchError) -> Self {
        ProbeOutcome {
            error: Some(error.to_string()),
            ..Self::unfetched(Validators::default(), error.outcome())
        }
    }

    /// No answer read: nothing but the validators and the outcome.
    fn unfetched(validators: Validators, outcome: Outcome) -> Self {
        ProbeOutcome {
            status: None,
            final_url: None,
            content_type: None,
            content_length: None,
            last_modified: None,
            validators,
            bytes_read: 0,
            elapsed_ms: 0,
            verdict: None,
            error: None,
            outcome,
            reused: false,
        }
    }
}

impl DiscoverError {
    /// No HTTP answer at all: the portal's host could not be reached (a dead name, a
    /// refused connection), which is what our own outage looks like too.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, DiscoverError::Fetch(e) if e.is_connection_failure())
    }
}

/// Why a discovery step failed.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// The network said no.
    #[error(transparent)]
    Fetch(#[from] crate::fetch::FetchError),
    /// The server answered, but not what we can use.
    #[error("{url}: HTTP {status}{}", .detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Status {
        /// The URL asked.
        url: String,
        /// The status received.
        status: u16,
        /// The error body's message, if any.
        detail: Option<String>,
    },
    /// No portal API we know answered at the address (own portals are detected).
    #[error("{url}: no OpenDataSoft or CKAN API answered")]
    NoApi {
        /// The portal's address.
        url: String,
    },
    /// The body is not what the API promises.
    #[error("{url}: unexpected response: {why}")]
    Malformed {
        /// The URL asked.
        url: String,
        /// What is wrong.
        why: String,
    },
}
