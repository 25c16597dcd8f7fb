//! The audit: discovery's findings rated (licence, stars, freshness) and compared with
//! what each commune declared, written as CSV and JSON for staff.

pub mod compare;
pub mod model;
pub mod output;
pub mod rate;

use jiff::Timestamp;

use crate::declarations::Declaration;
use crate::discover::run::CommuneFindings;
use crate::discover::website::SiteStatus;
use crate::targets::Commune;

pub use model::{CommuneAudit, Finding, FindingCode, RatedDistribution, Severity, WebsiteSummary};

/// Rate and compare one commune's findings.
pub fn audit_commune(
    commune: &Commune,
    found: &CommuneFindings,
    declaration: Option<&Declaration>,
    now: Timestamp,
    previous: &dyn Fn(&str) -> Option<RatedDistribution>,
) -> CommuneAudit {
    let website = match (&commune.website, &found.website) {
        (None, _) => WebsiteSummary {
            url: None,
            status: "none".into(),
            why: None,
            pages: 0,
            requests: 0,
            portal_links: Vec::new(),
        },
        (Some(url), report) => WebsiteSummary {
            url: Some(url.to_string()),
            status: match report.as_ref().map(|r| &r.status) {
                Some(SiteStatus::Reachable) => "ok".into(),
                Some(SiteStatus::Unreachable { .. }) => "unreachable".into(),
                None => "not_crawled".into(),
            },
            why: report.as_ref().and_then(|r| match &r.status {
                SiteStatus::Unreachable { why } => Some(why.clone()),
                SiteStatus::Reachable => None,
            }),
            pages: report.as_ref().map_or(0, |r| r.pages as u64),
            requests: report.as_ref().map_or(0, |r| r.requests as u64),
            portal_links: report
                .iter()
                .flat_map(|r| &r.portal_links)
                .map(|l| l.url.to_string())
                .collect(),
        },
    };
    let distributions = rate::rate(found, now, previous);
    let findings = compare::compare(commune.nis_code, declaration, &website, &distributions);
    CommuneAudit {
        commune: commune.clone(),
        declaration: declaration.cloned(),
        website,
        datasets: found.datasets.len() as u64,
        distributions,
        findings,
        errors: found.errors.clone(),
    }
}

/// What `run.json` holds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RunInfo {
    /// The run id (also the report folder's name).
    pub run_id: String,
    /// odaudit's version.
    pub version: String,
    /// When it started (RFC 3339).
    pub started: String,
    /// When it ended.
    pub finished: Option<String>,
    /// The options in force.
    pub config: serde_json::Value,
    /// Per host: requests, errors, robots.txt, delay.
    pub hosts: Vec<crate::fetch::HostStats>,
    /// Portals harvested.
    pub portals: Vec<crate::discover::run::PortalSummary>,
    /// Regional-portal publishers that match no commune.
    pub unmatched_publishers: Vec<crate::discover::publisher::UnmatchedPublisher>,
    /// Totals: communes, datasets, distributions, findings by severity.
    pub totals: serde_json::Value,
}

/// Run discovery for `communes` and audit each against its declaration.
pub async fn run_audit(
    http: &crate::fetch::Http,
    communes: &[Commune],
    portals: &[crate::discover::portals::Portal],
    declarations: &[Declaration],
    options: &crate::discover::run::DiscoverOptions,
    now: Timestamp,
    previous: &(dyn Fn(&str) -> Option<RatedDistribution> + Sync),
) -> (Vec<CommuneAudit>, crate::discover::run::Discovery) {
    let found = crate::discover::run::discover(http, communes, portals, options).await;
    let audits = communes
        .iter()
        .zip(&found.communes)
        .map(|(c, f)| {
            let d = declarations.iter().find(|d| d.nis_code == c.nis_code);
            audit_commune(c, f, d, now, previous)
        })
        .collect();
    (audits, found)
}

/// Totals for `run.json`.
pub fn totals(audits: &[CommuneAudit]) -> serde_json::Value {
    let count = |s: Severity| {
        audits
            .iter()
            .flat_map(|a| &a.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    serde_json::json!({
        "communes": audits.len(),
        "datasets": audits.iter().map(|a| a.datasets).sum::<u64>(),
        "distributions": audits.iter().map(|a| a.distributions.len()).sum::<usize>(),
        "findings": {
            "error": count(Severity::Error),
            "warning": count(Severity::Warning),
            "info": count(Severity::Info),
        },
    })
}
