//! The audit: discovery's findings rated (licence, stars, freshness) and compared with
//! what each commune declared, written as CSV and JSON for staff.

pub mod advice;
pub mod compare;
pub mod diff;
pub mod model;
pub mod outage;
pub mod output;
pub mod privacy;
pub mod rate;

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;

use crate::declarations::Declaration;
use crate::discover::Channel;
use crate::discover::portals::Portal;
use crate::discover::run::{CommuneFindings, DiscoverOptions, DiscoveryReport, discover_each};
use crate::fetch::Http;
use crate::targets::{Commune, NisCode, sort_in_commune_order};

pub use diff::{RunDiff, diff_runs};
pub use model::{
    CommuneAudit, Finding, FindingCode, RatedDistribution, Severity, WebsiteState, WebsiteSummary,
};

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
            status: WebsiteState::None,
            why: None,
            throttled: false,
            pages: 0,
            requests: 0,
            portal_links: Vec::new(),
            platform: None,
            index: None,
        },
        (Some(url), report) => WebsiteSummary {
            url: Some(url.to_string()),
            status: report
                .as_ref()
                .map_or(WebsiteState::NotCrawled, |r| WebsiteState::of(&r.status)),
            why: report
                .as_ref()
                .and_then(|r| r.status.why())
                .map(str::to_owned),
            throttled: report.as_ref().is_some_and(|r| {
                matches!(
                    r.status,
                    crate::discover::website::SiteStatus::Closed {
                        throttled: true,
                        ..
                    }
                )
            }),
            pages: report.as_ref().map_or(0, |r| r.pages as u64),
            requests: report.as_ref().map_or(0, |r| r.requests as u64),
            portal_links: report
                .iter()
                .flat_map(|r| &r.portal_links)
                .map(|l| l.url.to_string())
                .collect(),
            platform: report
                .as_ref()
                .filter(|r| r.pages > 0)
                .map(|r| r.platform.as_str().to_owned()),
            index: report
                .as_ref()
                .and_then(|r| r.index)
                .map(|k| k.as_str().to_owned()),
        },
    };
    let mut distributions = rate::rate(found, now, previous);
    // One order whatever order the channels answered in, so a resumed run's reports
    // equal an uninterrupted run's.
    distributions.sort_by(|a, b| report_order(a).cmp(&report_order(b)));
    let mut findings = compare::compare(
        commune.nis_code,
        declaration,
        &website,
        &distributions,
        &found.unharvested,
    );
    findings.extend(privacy::findings(commune.nis_code, &distributions));
    CommuneAudit {
        commune: commune.clone(),
        declaration: declaration.cloned(),
        website,
        datasets: found.datasets.len() as u64,
        distributions,
        findings,
        errors: found.errors.clone(),
        unharvested: found.unharvested.clone(),
    }
}

/// The order of a commune's distributions in reports: by channel, portal, dataset, URL.
fn report_order(d: &RatedDistribution) -> (Channel, Option<&str>, &str, &str, Option<&str>) {
    (
        d.channel,
        d.portal.as_deref(),
        &d.dataset_title,
        &d.url,
        d.landing_page.as_deref(),
    )
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
    /// Why the run is invalid (the auditor's own outage); absent for a valid run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
}

/// What an audit compares: the communes, the portals searched for all of them, and
/// what the communes declared.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The communes to audit.
    pub communes: &'a [Commune],
    /// The regional portals.
    pub portals: &'a [Portal],
    /// The survey answers (communes without one are audited too).
    pub declarations: &'a [Declaration],
}

/// Run discovery for the communes and audit each against its declaration; the audits
/// come back in the order of `inputs.communes`.
pub async fn run_audit(
    http: &Http,
    inputs: &Inputs<'_>,
    options: &DiscoverOptions,
    now: Timestamp,
    previous: &(dyn Fn(&str) -> Option<RatedDistribution> + Sync),
) -> (Vec<CommuneAudit>, DiscoveryReport) {
    let mut audits = Vec::with_capacity(inputs.communes.len());
    let report = run_audit_each(
        http,
        inputs,
        &BTreeSet::new(),
        options,
        now,
        previous,
        &mut |a| audits.push(a),
    )
    .await;
    sort_in_commune_order(inputs.communes, &mut audits, |a| a.commune.nis_code);
    (audits, report)
}

/// Like [`run_audit`], but each commune's audit is handed to `sink` as soon as its
/// discovery is complete, so it can be saved before the run ends; communes in `skip`
/// are left alone (see [`discover_each`]).
pub async fn run_audit_each(
    http: &Http,
    inputs: &Inputs<'_>,
    skip: &BTreeSet<NisCode>,
    options: &DiscoverOptions,
    now: Timestamp,
    previous: &(dyn Fn(&str) -> Option<RatedDistribution> + Sync),
    sink: &mut dyn FnMut(CommuneAudit),
) -> DiscoveryReport {
    let by_nis: HashMap<NisCode, &Commune> =
        inputs.communes.iter().map(|c| (c.nis_code, c)).collect();
    let declared: HashMap<NisCode, &Declaration> = inputs
        .declarations
        .iter()
        .map(|d| (d.nis_code, d))
        .collect();
    discover_each(
        http,
        inputs.communes,
        inputs.portals,
        options,
        skip,
        &mut |f| {
            let Some(c) = by_nis.get(&f.nis_code) else {
                return;
            };
            let d = declared.get(&c.nis_code).copied();
            let audit = audit_commune(c, &f, d, now, previous);
            // What was found is rated now: gone before the audit is saved, so the two
            // never weigh together on a commune of 20,000 datasets.
            drop(f);
            sink(audit);
        },
    )
    .await
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
    let outcomes = |class: &str| {
        audits
            .iter()
            .flat_map(|a| &a.distributions)
            .filter(|r| r.outcome.class() == class)
            .count()
    };
    serde_json::json!({
        "communes": audits.len(),
        "datasets": audits.iter().map(|a| a.datasets).sum::<u64>(),
        "distributions": audits.iter().map(|a| a.distributions.len()).sum::<usize>(),
        "outcomes": {
            "ok": outcomes("ok"),
            "broken": outcomes("broken"),
            "not_verifiable": outcomes("not_verifiable"),
        },
        "findings": {
            "error": count(Severity::Error),
            "warning": count(Severity::Warning),
            "info": count(Severity::Info),
        },
    })
}
