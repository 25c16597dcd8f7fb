//! What changed between two runs: datasets, files, stars, freshness and findings that
//! appeared or went, commune by commune.
//!
//! The meaning of "the same dataset" or "the same finding" across runs belongs to the
//! audit, not to the history: the store gives back each run's audits as they were
//! saved, and this module compares them (`odaudit diff`, the "what changed" of the HTML
//! report).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::model::{Facts, Subject};
use super::{CommuneAudit, Finding, FindingCode, RatedDistribution, Severity};
use crate::assess::{FreshnessClass, Stars};
use crate::discover::Channel;
use crate::store::{RunId, Store, StoreError};
use crate::targets::NisCode;

/// A dataset of a commune, as compared between runs. Its identity is (commune, channel,
/// portal, landing page, title): the record has no portal dataset id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DatasetRef {
    /// The commune.
    pub nis_code: NisCode,
    /// Where.
    pub channel: Channel,
    /// The portal id.
    pub portal: Option<String>,
    /// The page presenting it.
    pub landing_page: Option<String>,
    /// Its title.
    pub title: String,
}

/// A distribution of a commune, as compared between runs (identity: commune + URL).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DistributionRef {
    /// The commune.
    pub nis_code: NisCode,
    /// The download URL.
    pub url: String,
    /// Its dataset's title.
    pub dataset_title: String,
    /// Stars earned.
    pub stars: Stars,
}

/// A distribution whose stars changed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StarChange {
    /// The commune.
    pub nis_code: NisCode,
    /// The download URL.
    pub url: String,
    /// Stars in the earlier run.
    pub from: Stars,
    /// Stars in the later run.
    pub to: Stars,
    /// Why it has its new stars.
    pub reason: String,
}

/// A distribution whose freshness verdict changed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FreshnessChange {
    /// The commune.
    pub nis_code: NisCode,
    /// The download URL.
    pub url: String,
    /// Verdict in the earlier run.
    pub from: FreshnessClass,
    /// Verdict in the later run.
    pub to: FreshnessClass,
    /// Last modification in the earlier run.
    pub last_modified_from: Option<String>,
    /// Last modification in the later run.
    pub last_modified_to: Option<String>,
}

/// A finding opened or closed. Identity: commune + code + subject (the audit makes at
/// most one finding of each), so a finding whose evidence grows or shrinks stays open.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FindingRef {
    /// The commune.
    pub nis_code: NisCode,
    /// The code.
    pub code: FindingCode,
    /// What it is about, for codes that have a subject (`odwb`, `structure_ouvert`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// The first evidence URL.
    pub first_evidence: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// The facts it rests on (of the run where it exists); reports word them.
    pub facts: Facts,
}

/// What changed between two runs, commune by commune.
///
/// Datasets, distributions and findings are compared only for communes audited in both
/// runs; communes audited in one only are listed apart (an `--only` run would otherwise
/// look like every other commune's data vanished).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunDiff {
    /// The earlier run.
    pub from: Option<RunId>,
    /// The later run.
    pub to: Option<RunId>,
    /// Communes audited only in the earlier run.
    pub communes_only_in_from: Vec<NisCode>,
    /// Communes audited only in the later run.
    pub communes_only_in_to: Vec<NisCode>,
    /// Datasets found now and not before.
    pub datasets_new: Vec<DatasetRef>,
    /// Datasets found before and not now.
    pub datasets_vanished: Vec<DatasetRef>,
    /// Distribution URLs found now and not before.
    pub distributions_new: Vec<DistributionRef>,
    /// Distribution URLs found before and not now.
    pub distributions_vanished: Vec<DistributionRef>,
    /// Star changes of URLs in both runs.
    pub star_changes: Vec<StarChange>,
    /// Freshness changes of URLs in both runs.
    pub freshness_changes: Vec<FreshnessChange>,
    /// Findings present now and not before.
    pub findings_opened: Vec<FindingRef>,
    /// Findings present before and not now.
    pub findings_closed: Vec<FindingRef>,
}

impl RunDiff {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.communes_only_in_from.is_empty()
            && self.communes_only_in_to.is_empty()
            && self.datasets_new.is_empty()
            && self.datasets_vanished.is_empty()
            && self.distributions_new.is_empty()
            && self.distributions_vanished.is_empty()
            && self.star_changes.is_empty()
            && self.freshness_changes.is_empty()
            && self.findings_opened.is_empty()
            && self.findings_closed.is_empty()
    }

    /// The changes between two sets of audits (`from` earlier).
    pub fn between(from: &[CommuneAudit], to: &[CommuneAudit]) -> RunDiff {
        let a: BTreeMap<NisCode, &CommuneAudit> =
            from.iter().map(|c| (c.commune.nis_code, c)).collect();
        let b: BTreeMap<NisCode, &CommuneAudit> =
            to.iter().map(|c| (c.commune.nis_code, c)).collect();
        let mut d = RunDiff {
            communes_only_in_from: a.keys().filter(|k| !b.contains_key(k)).copied().collect(),
            communes_only_in_to: b.keys().filter(|k| !a.contains_key(k)).copied().collect(),
            ..RunDiff::default()
        };
        for (nis, ca) in &a {
            let Some(cb) = b.get(nis) else { continue };
            diff_commune(&mut d, ca, cb);
        }
        d.datasets_new.sort();
        d.datasets_vanished.sort();
        d.distributions_new.sort();
        d.distributions_vanished.sort();
        d.star_changes.sort();
        d.freshness_changes.sort();
        d.findings_opened.sort();
        d.findings_closed.sort();
        d
    }
}

impl DatasetRef {
    /// The dataset a rated file belongs to.
    pub fn of(r: &RatedDistribution) -> DatasetRef {
        DatasetRef {
            nis_code: r.nis_code,
            channel: r.channel,
            portal: r.portal.clone(),
            landing_page: r.landing_page.clone(),
            title: r.dataset_title.clone(),
        }
    }
}

fn dist_ref(r: &RatedDistribution) -> DistributionRef {
    DistributionRef {
        nis_code: r.nis_code,
        url: r.url.clone(),
        dataset_title: r.dataset_title.clone(),
        stars: r.stars,
    }
}

fn finding_ref(f: &Finding) -> FindingRef {
    FindingRef {
        nis_code: f.nis_code,
        code: f.code,
        subject: f.subject,
        first_evidence: f.evidence.first().map(|e| e.url.clone()),
        severity: f.severity,
        facts: f.facts.clone(),
    }
}

/// What changed from run `a` to run `b` of the history: the store gives the audits,
/// this compares them.
pub fn diff_runs(store: &Store, a: RunId, b: RunId) -> Result<RunDiff, StoreError> {
    let (_, ca) = store.load_run(a)?;
    let (_, cb) = store.load_run(b)?;
    Ok(RunDiff {
        from: Some(a),
        to: Some(b),
        ..RunDiff::between(&ca, &cb)
    })
}

fn diff_commune(d: &mut RunDiff, a: &CommuneAudit, b: &CommuneAudit) {
    // Datasets: sets of identities.
    let da: BTreeSet<DatasetRef> = a.distributions.iter().map(DatasetRef::of).collect();
    let db: BTreeSet<DatasetRef> = b.distributions.iter().map(DatasetRef::of).collect();
    d.datasets_new.extend(db.difference(&da).cloned());
    d.datasets_vanished.extend(da.difference(&db).cloned());
    diff_distributions(d, a, b);
    diff_findings(d, a, b);
}

/// A commune's distributions by URL; a URL listed twice is judged by its first listing.
fn by_url(c: &CommuneAudit) -> BTreeMap<&str, &RatedDistribution> {
    let mut m = BTreeMap::new();
    for r in &c.distributions {
        m.entry(r.url.as_str()).or_insert(r);
    }
    m
}

/// Distributions new and vanished, and the stars and freshness of those in both.
fn diff_distributions(d: &mut RunDiff, a: &CommuneAudit, b: &CommuneAudit) {
    let nis = b.commune.nis_code;
    let ua = by_url(a);
    let ub = by_url(b);
    for (url, rb) in &ub {
        let Some(ra) = ua.get(url) else {
            d.distributions_new.push(dist_ref(rb));
            continue;
        };
        if ra.stars != rb.stars {
            d.star_changes.push(StarChange {
                nis_code: nis,
                url: (*url).to_owned(),
                from: ra.stars,
                to: rb.stars,
                reason: rb.stars_reason.clone(),
            });
        }
        if ra.freshness != rb.freshness {
            d.freshness_changes.push(FreshnessChange {
                nis_code: nis,
                url: (*url).to_owned(),
                from: ra.freshness,
                to: rb.freshness,
                last_modified_from: ra.last_modified.clone(),
                last_modified_to: rb.last_modified.clone(),
            });
        }
    }
    for (url, ra) in &ua {
        if !ub.contains_key(url) {
            d.distributions_vanished.push(dist_ref(ra));
        }
    }
}

/// A finding's identity: its code and subject.
type FindingKey = (FindingCode, Option<Subject>);

fn findings_by_identity(c: &CommuneAudit) -> BTreeMap<FindingKey, Vec<FindingRef>> {
    let mut m: BTreeMap<FindingKey, Vec<FindingRef>> = BTreeMap::new();
    for f in &c.findings {
        let r = finding_ref(f);
        m.entry((r.code, r.subject)).or_default().push(r);
    }
    m
}

/// Findings as multisets by identity; within one identity, same facts pair first, then
/// the rest in order (same identity, other facts); what is left is opened or closed.
fn diff_findings(d: &mut RunDiff, a: &CommuneAudit, b: &CommuneAudit) {
    let mut fa = findings_by_identity(a);
    let mut fb = findings_by_identity(b);
    let keys: BTreeSet<FindingKey> = fa.keys().chain(fb.keys()).cloned().collect();
    for k in keys {
        let mut old = fa.remove(&k).unwrap_or_default();
        let mut new = fb.remove(&k).unwrap_or_default();
        let mut i = 0;
        while i < old.len() {
            if let Some(j) = new.iter().position(|n| n.facts == old[i].facts) {
                new.remove(j);
                old.remove(i);
            } else {
                i += 1;
            }
        }
        let paired = old.len().min(new.len());
        d.findings_closed.extend(old.into_iter().skip(paired));
        d.findings_opened.extend(new.into_iter().skip(paired));
    }
}
