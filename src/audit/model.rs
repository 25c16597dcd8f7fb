//! What an audit produces: rated distributions, findings, and one record per commune.
//!
//! These types are the contract between the audit, the CSV/JSON reports, the history
//! store and the HTML report: everything a report shows is in here, with its evidence.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::assess::{
    Container, Format, FreshnessClass, LicenceClass, PersonalData, StandardVerdict, Stars,
};
use crate::declarations::{Declaration, DeclaredChannel, FormatClass, UpdateRegime};
use crate::discover::Channel;
use crate::discover::problem::Problem;
use crate::discover::website::SiteStatus;
use crate::fetch::Validators;
use crate::targets::{Commune, NisCode};

/// One distribution, rated: a row of `datasets.csv`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatedDistribution {
    /// The commune.
    pub nis_code: NisCode,
    /// The dataset's title.
    pub dataset_title: String,
    /// Where it was found.
    pub channel: Channel,
    /// The portal id, for portal datasets.
    pub portal: Option<String>,
    /// The page presenting it.
    pub landing_page: Option<String>,
    /// The download URL.
    pub url: String,
    /// HTTP status of the probe (none when no response came).
    pub status: Option<u16>,
    /// Why the probe failed, if it did (for people; its kind is `outcome`).
    pub error: Option<String>,
    /// Whose fault a failure is: only `broken` counts against the commune,
    /// `not_verifiable` (throttled, timed out, refused by us) never does.
    #[serde(default = "crate::audit::rate::legacy_outcome")]
    pub outcome: crate::fetch::Outcome,
    /// The format by its bytes.
    pub format: Option<Format>,
    /// The container.
    pub container: Option<Container>,
    /// The stars its format allows.
    pub stars_format: Stars,
    /// `open`, `not_open` or `unknown`.
    pub licence: LicenceClass,
    /// The licence as recognised (`CC BY 4.0`), or as stated.
    pub licence_name: Option<String>,
    /// The stars it earns: the format's when the licence is open, else 0.
    pub stars: Stars,
    /// Why it has these stars.
    pub stars_reason: String,
    /// Last modification (RFC 3339), from the best source.
    pub last_modified: Option<String>,
    /// Which source `last_modified` came from.
    pub modified_source: Option<String>,
    /// The declared update frequency, normalised (`annual`, `monthly`...), as given when unknown.
    pub frequency: Option<String>,
    /// `on_time`, `late`, `undated` or `no_frequency`.
    pub freshness: FreshnessClass,
    /// Days since the last modification.
    pub age_days: Option<i64>,
    /// The commune's website links to it (or to its dataset page, or to its publisher's page).
    pub linked_from_website: bool,
    /// Its name or Content-Type contradicts its bytes.
    pub mislabelled: bool,
    /// What the name or Content-Type claimed, when mislabelled.
    pub claimed: Option<String>,
    /// Bytes read to judge it.
    pub bytes_read: u64,
    /// Validators for the next run's conditional request.
    pub validators: Validators,
    /// The classifier's reasons.
    pub reasons: Vec<String>,
    /// Personal data suspected in the rows read (kinds, columns, masked first hit; no value).
    #[serde(default)]
    pub personal_data: Option<PersonalData>,
    /// The Walloon standard the rows read claim, and whether they conform.
    #[serde(default)]
    pub standard: Option<StandardVerdict>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth fixing.
    Warning,
    /// A declaration contradicted, or data unusable.
    Error,
}

impl Severity {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("{s:?} is not a severity (info, warning, error)")),
        }
    }
}

/// The stable codes of findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    /// Declared opening data; nothing found anywhere.
    DeclaredOpenNothingFound,
    /// Declared not opening data; open data found.
    UndeclaredOpenDataFound,
    /// A declared channel has nothing on it.
    ChannelNotFound,
    /// Data found on a channel not declared.
    ChannelUndeclared,
    /// A declared format class has no distribution.
    FormatClassNotFound,
    /// Distributions of a format class not declared.
    FormatClassUndeclared,
    /// Declared kept up to date; late data found.
    UpdateClaimContradicted,
    /// Published, but the commune's site does not point to it.
    NotLinkedFromWebsite,
    /// A distribution that does not download.
    BrokenDistribution,
    /// Data without an open licence.
    NoOpenLicence,
    /// A file whose name or Content-Type lies about its format.
    FormatMislabelled,
    /// The commune's website could not be read: down, or closed to crawlers by its robots.txt.
    WebsiteUnreachable,
    /// A published file seems to hold personal data.
    PersonalDataSuspected,
}

impl FindingCode {
    /// Every code, in report order.
    pub const ALL: &'static [FindingCode] = &[
        FindingCode::DeclaredOpenNothingFound,
        FindingCode::UndeclaredOpenDataFound,
        FindingCode::ChannelNotFound,
        FindingCode::ChannelUndeclared,
        FindingCode::FormatClassNotFound,
        FindingCode::FormatClassUndeclared,
        FindingCode::UpdateClaimContradicted,
        FindingCode::NotLinkedFromWebsite,
        FindingCode::BrokenDistribution,
        FindingCode::NoOpenLicence,
        FindingCode::FormatMislabelled,
        FindingCode::WebsiteUnreachable,
        FindingCode::PersonalDataSuspected,
    ];

    /// The code as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::DeclaredOpenNothingFound => "DECLARED_OPEN_NOTHING_FOUND",
            FindingCode::UndeclaredOpenDataFound => "UNDECLARED_OPEN_DATA_FOUND",
            FindingCode::ChannelNotFound => "CHANNEL_NOT_FOUND",
            FindingCode::ChannelUndeclared => "CHANNEL_UNDECLARED",
            FindingCode::FormatClassNotFound => "FORMAT_CLASS_NOT_FOUND",
            FindingCode::FormatClassUndeclared => "FORMAT_CLASS_UNDECLARED",
            FindingCode::UpdateClaimContradicted => "UPDATE_CLAIM_CONTRADICTED",
            FindingCode::NotLinkedFromWebsite => "NOT_LINKED_FROM_WEBSITE",
            FindingCode::BrokenDistribution => "BROKEN_DISTRIBUTION",
            FindingCode::NoOpenLicence => "NO_OPEN_LICENCE",
            FindingCode::FormatMislabelled => "FORMAT_MISLABELLED",
            FindingCode::WebsiteUnreachable => "WEBSITE_UNREACHABLE",
            FindingCode::PersonalDataSuspected => "PERSONAL_DATA_SUSPECTED",
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FindingCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        FindingCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("{s:?} is not a finding code"))
    }
}

/// What a finding is about, for the codes that have one finding per subject: a declared
/// channel for `CHANNEL_*`, a format class for `FORMAT_CLASS_*`. Written as the survey's
/// token (`site_web`, `odwb`, `portail_propre`, `non_structure` … `lie`), which is how
/// `findings.csv`'s `subject` column and older histories spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A survey channel.
    Channel(DeclaredChannel),
    /// A survey format class.
    FormatClass(FormatClass),
}

impl Subject {
    /// The survey token.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Channel(c) => c.as_str(),
            Subject::FormatClass(c) => c.as_str(),
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token that names neither a survey channel nor a format class.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is neither a survey channel nor a format class")]
pub struct UnknownSubject(pub String);

impl FromStr for Subject {
    type Err = UnknownSubject;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DeclaredChannel::from_token(s)
            .map(Subject::Channel)
            .or_else(|| FormatClass::from_token(s).map(Subject::FormatClass))
            .ok_or_else(|| UnknownSubject(s.to_owned()))
    }
}

impl Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One URL a finding rests on, with what was seen there when it is known (the link's
/// text or the dataset's title), so a reader can find it on the page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "EvidenceRecord")]
pub struct Evidence {
    /// The URL.
    pub url: String,
    /// The text seen for it (link text, dataset title), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<String>,
}

impl Evidence {
    /// A URL with nothing seen beside it.
    pub fn url(url: impl Into<String>) -> Evidence {
        Evidence {
            url: url.into(),
            seen: None,
        }
    }
}

/// Evidence as saved: a bare URL (histories written before findings were data) or an
/// object.
#[derive(Deserialize)]
#[serde(untagged)]
enum EvidenceRecord {
    Url(String),
    Full {
        url: String,
        #[serde(default)]
        seen: Option<String>,
    },
}

impl From<EvidenceRecord> for Evidence {
    fn from(r: EvidenceRecord) -> Self {
        match r {
            EvidenceRecord::Url(url) => Evidence::url(url),
            EvidenceRecord::Full { url, seen } => Evidence { url, seen },
        }
    }
}

/// The facts a finding rests on: counts and declared answers, never sentences. Reports
/// word them in their language (`report::lang`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Facts {
    /// `WEBSITE_UNREACHABLE`: how the site answered (`unreachable` or `closed`) and the
    /// technical detail of why, as the crawler gave it.
    Website {
        /// `unreachable` (down, refused, timed out) or `closed` (robots.txt).
        state: WebsiteState,
        /// The crawler's detail (an HTTP status, a network error, a robots.txt rule).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
        /// The site asked us to wait (429 on robots.txt): no fault of the commune's.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        throttled: bool,
    },
    /// `DECLARED_OPEN_NOTHING_FOUND`: no file downloads; `not_verifiable` files could
    /// not be checked at all (their fetch said nothing of them).
    NothingFound {
        /// Files whose state could not be verified.
        not_verifiable: usize,
    },
    /// A number of files: `UNDECLARED_OPEN_DATA_FOUND`, `CHANNEL_UNDECLARED`,
    /// `FORMAT_CLASS_UNDECLARED`, `BROKEN_DISTRIBUTION`, `NO_OPEN_LICENCE`,
    /// `FORMAT_MISLABELLED`.
    Files {
        /// Files the finding is about.
        files: usize,
        /// Files of the same kind that could not be verified (not counted in `files`).
        #[serde(default, skip_serializing_if = "is_zero")]
        not_verifiable: usize,
    },
    /// `CHANNEL_NOT_FOUND`, `FORMAT_CLASS_NOT_FOUND`: declared, no file found there.
    NoneFound,
    /// `UPDATE_CLAIM_CONTRADICTED`: the regime declared and the files late against it.
    Update {
        /// The declared regime.
        declared: UpdateRegime,
        /// Files late against their announced frequency.
        late: usize,
    },
    /// `NOT_LINKED_FROM_WEBSITE`: datasets (landing pages) the website does not point to.
    Datasets {
        /// How many.
        datasets: usize,
    },
    /// `PERSONAL_DATA_SUSPECTED`: files whose rows seem to hold personal data, and the
    /// kinds suspected (never a value).
    Personal {
        /// Files suspected.
        files: usize,
        /// The kinds found across them, sorted.
        kinds: Vec<crate::assess::PersonalKind>,
    },
    /// A finding saved by an odaudit whose findings were sentences: the saved French
    /// sentence, shown as it was.
    Legacy {
        /// The sentence.
        message: String,
    },
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Facts {
    /// The number of files (or datasets, or late files) the finding counts, if it counts.
    pub fn count(&self) -> Option<usize> {
        match self {
            Facts::Files { files, .. } => Some(*files),
            Facts::Update { late, .. } => Some(*late),
            Facts::Datasets { datasets } => Some(*datasets),
            Facts::Personal { files, .. } => Some(*files),
            Facts::Website { .. } | Facts::NothingFound { .. } | Facts::NoneFound => None,
            Facts::Legacy { .. } => None,
        }
    }

    /// Files that could not be verified, where the finding says.
    pub fn not_verifiable(&self) -> Option<usize> {
        match self {
            Facts::Files { not_verifiable, .. } | Facts::NothingFound { not_verifiable } => {
                Some(*not_verifiable)
            }
            _ => None,
        }
    }
}

/// One discrepancy, as data: what (code, subject), how serious, the facts it rests on and
/// the evidence a person needs to check it. No sentence: reports word it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FindingRecord")]
pub struct Finding {
    /// The commune.
    pub nis_code: NisCode,
    /// The stable code.
    pub code: FindingCode,
    /// What it is about, for `CHANNEL_*` and `FORMAT_CLASS_*`; `None` for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// How serious.
    pub severity: Severity,
    /// The facts it rests on.
    pub facts: Facts,
    /// What shows it.
    pub evidence: Vec<Evidence>,
}

/// A finding as saved, now or by an older odaudit (with a French `message` and no
/// `facts`).
#[derive(Deserialize)]
struct FindingRecord {
    nis_code: NisCode,
    code: FindingCode,
    #[serde(default)]
    subject: Option<String>,
    severity: Severity,
    #[serde(default)]
    facts: Option<Facts>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    evidence: Vec<Evidence>,
}

impl TryFrom<FindingRecord> for Finding {
    type Error = String;

    fn try_from(r: FindingRecord) -> Result<Self, Self::Error> {
        let subject = r
            .subject
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<Subject>())
            .transpose()
            .map_err(|e| e.to_string())?;
        let facts = match (r.facts, r.message) {
            (Some(f), _) => f,
            (None, Some(message)) => Facts::Legacy { message },
            (None, None) => return Err("a finding with neither facts nor message".to_owned()),
        };
        Ok(Finding {
            nis_code: r.nis_code,
            code: r.code,
            subject,
            severity: r.severity,
            facts,
            evidence: r.evidence,
        })
    }
}

/// How a commune's website answered the crawler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebsiteState {
    /// The homepage was read.
    Ok,
    /// The homepage could not be fetched (down, refused, timed out).
    Unreachable,
    /// Up, but its robots.txt keeps crawlers out: what it publishes is unknown.
    Closed,
    /// The commune has no known website.
    None,
    /// Websites were not crawled in this run.
    NotCrawled,
}

impl WebsiteState {
    /// The state of a crawled site.
    pub fn of(status: &SiteStatus) -> WebsiteState {
        match status {
            SiteStatus::Reachable => WebsiteState::Ok,
            SiteStatus::Unreachable { .. } => WebsiteState::Unreachable,
            SiteStatus::Closed { .. } => WebsiteState::Closed,
        }
    }

    /// The token written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            WebsiteState::Ok => "ok",
            WebsiteState::Unreachable => "unreachable",
            WebsiteState::Closed => "closed",
            WebsiteState::None => "none",
            WebsiteState::NotCrawled => "not_crawled",
        }
    }
}

impl fmt::Display for WebsiteState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the commune's website answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebsiteSummary {
    /// The homepage, if the commune has a known website.
    pub url: Option<String>,
    /// How it answered.
    pub status: WebsiteState,
    /// Why it is unreachable or closed.
    pub why: Option<String>,
    /// Closed because it throttles us (429): no fault of the commune's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub throttled: bool,
    /// Pages read.
    pub pages: u64,
    /// Requests spent.
    pub requests: u64,
    /// Links to portals found on it.
    pub portal_links: Vec<String>,
    /// The platform its homepage shows (`imio_smartweb`, `wordpress`...), when crawled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The site's own index that listed its files (`plone_search`, `plone_sitemap`,
    /// `wordpress_media`), when one answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
}

/// Everything the audit says of one commune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneAudit {
    /// The commune.
    pub commune: Commune,
    /// Its survey answers, if it answered.
    pub declaration: Option<Declaration>,
    /// Its website.
    pub website: WebsiteSummary,
    /// Datasets found (all channels).
    pub datasets: u64,
    /// Every distribution, rated.
    pub distributions: Vec<RatedDistribution>,
    /// What contradicts the declaration, or needs fixing.
    pub findings: Vec<Finding>,
    /// Problems met (a portal that failed...); a run saved when they were text loads
    /// them as problems of kind `other`.
    pub errors: Vec<Problem>,
    /// Channels whose portal could not be harvested: not judged empty.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unharvested: BTreeSet<Channel>,
}
