//! Rating: each discovered distribution gets its licence, its stars (the format's when
//! the licence is open, else none), its freshness against the declared frequency, and
//! whether the commune's website points to it.

use jiff::Timestamp;

use super::model::RatedDistribution;
use crate::assess::{
    FreshnessClass, LicenceClass, ModifiedSource, Stars, best_modified, judge_freshness,
    judge_licence, parse_frequency,
};
use crate::discover::run::CommuneFindings;
use crate::discover::{Channel, Dataset, Distribution};
use crate::fetch::{Outcome, Unverifiable};

/// Rate every distribution found for one commune. `previous` gives the last verdict on a
/// URL, used when the server answered 304 Not Modified.
pub fn rate(
    found: &CommuneFindings,
    now: Timestamp,
    previous: &dyn Fn(&str) -> Option<RatedDistribution>,
) -> Vec<RatedDistribution> {
    let portal_hosts: Vec<String> = found
        .website
        .iter()
        .flat_map(|w| &w.portal_links)
        .filter_map(|l| l.url.host_str().map(str::to_ascii_lowercase))
        .collect();
    let mut out = Vec::new();
    for d in &found.datasets {
        for x in &d.distributions {
            out.push(rate_one(found, d, x, now, &portal_hosts, previous));
        }
    }
    out
}

fn rate_one(
    found: &CommuneFindings,
    d: &Dataset,
    x: &Distribution,
    now: Timestamp,
    portal_hosts: &[String],
    previous: &dyn Fn(&str) -> Option<RatedDistribution>,
) -> RatedDistribution {
    let channel = d.channel.unwrap_or(Channel::Website);
    let probe = x.probe.as_ref();
    let reused = probe.is_some_and(|p| p.reused);
    let verdict = probe.and_then(|p| p.verdict.as_ref());
    let before = (reused || probe.and_then(|p| p.status) == Some(304))
        .then(|| previous(x.url.as_str()))
        .flatten();
    // A file the site's index shows unchanged was not asked for: its last answer stands.
    let status = match (&before, reused) {
        (Some(b), true) => b.status,
        _ => probe.and_then(|p| p.status),
    };
    let (personal_data, standard) = match (verdict, &before) {
        (Some(v), _) => (v.personal_data.clone(), v.standard.clone()),
        (None, Some(b)) => (b.personal_data.clone(), b.standard.clone()),
        (None, None) => (None, None),
    };
    let (format, container, stars_format, mislabelled, claimed, reasons) = match (verdict, &before)
    {
        (Some(v), _) => (
            Some(v.format),
            v.container,
            v.stars,
            v.mismatch,
            v.mismatch.then(|| claimed_of(v)),
            v.reasons.clone(),
        ),
        (None, Some(b)) => (
            b.format,
            b.container,
            b.stars_format,
            b.mislabelled,
            b.claimed.clone(),
            vec![
                if reused {
                    "listed unchanged by the site's index: the previous run's verdict stands"
                } else {
                    "304 Not Modified: the previous run's verdict stands"
                }
                .to_owned(),
            ],
        ),
        (None, None) => (None, None, Stars::ZERO, false, None, Vec::new()),
    };
    let licence = judge_licence(d.licence.name.as_deref(), d.licence.url.as_deref());
    let (stars, stars_reason) = match (licence.class, stars_format.get()) {
        (_, 0) => (Stars::ZERO, "nothing usable was downloaded".to_owned()),
        (LicenceClass::Open, n) => (
            stars_format,
            format!(
                "{n}★ for its format, and its licence is open ({})",
                licence.reason
            ),
        ),
        (_, n) => (
            Stars::ZERO,
            format!("{n}★ for its format, but 0★: {}", licence.reason),
        ),
    };
    let mut candidates: Vec<(ModifiedSource, &str)> = Vec::new();
    if let (Some(m), Some(source)) = (
        d.modified.as_deref(),
        d.modified_field
            .as_deref()
            .and_then(ModifiedSource::from_field),
    ) {
        candidates.push((source, m));
    }
    let http_lm = probe
        .and_then(|p| p.last_modified.as_deref())
        .or(before.as_ref().and_then(|b| b.last_modified.as_deref()));
    if let Some(lm) = http_lm {
        candidates.push((ModifiedSource::HttpLastModified, lm));
    }
    let best = best_modified(&candidates, now);
    let frequency = d.frequency.as_deref().and_then(parse_frequency);
    let freshness = judge_freshness(best.map(|(_, t)| t), frequency, now);
    let linked_from_website = match channel {
        Channel::Website => true,
        Channel::Odwb | Channel::OwnPortal | Channel::RegionalPortal => x
            .url
            .host_str()
            .is_some_and(|h| portal_hosts.iter().any(|p| *p == h.to_ascii_lowercase())),
    };
    RatedDistribution {
        nis_code: found.nis_code,
        dataset_title: d.title.clone(),
        channel,
        portal: d.portal.clone(),
        landing_page: d.landing_page.as_ref().map(|u| u.to_string()),
        url: x.url.to_string(),
        status,
        // A 304 says the bytes are those judged last time: their outcome stands too (a
        // soft 404 stays broken).
        error: match &before {
            Some(b) => b.error.clone(),
            None => probe.and_then(|p| p.error.clone()),
        },
        outcome: match &before {
            Some(b) => b.outcome,
            None => probe.map_or(NOT_PROBED, |p| p.outcome),
        },
        format,
        container,
        stars_format,
        licence: licence.class,
        licence_name: licence.canonical.or_else(|| d.licence.name.clone()),
        stars,
        stars_reason,
        last_modified: best.map(|(_, t)| t.to_string()),
        modified_source: best.map(|(s, _)| s.as_str().to_owned()),
        frequency: frequency
            .map(|f| f.to_string())
            .or_else(|| d.frequency.clone()),
        freshness: freshness.class,
        age_days: freshness.age_days,
        linked_from_website,
        mislabelled,
        claimed,
        bytes_read: probe.map_or(0, |p| p.bytes_read as u64),
        validators: probe.map(|p| p.validators.clone()).unwrap_or_default(),
        reasons,
        personal_data,
        standard,
    }
}

fn claimed_of(v: &crate::assess::Classification) -> String {
    let mut parts = Vec::new();
    if let Some(n) = &v.declared.name {
        parts.push(format!("name: {}", n.describe()));
    }
    if let Some(c) = &v.declared.content_type {
        parts.push(format!("Content-Type: {}", c.describe()));
    }
    parts.join("; ")
}

/// A distribution never probed (a portal's, when the run skipped probes) is not known
/// to work or not to.
const NOT_PROBED: Outcome = Outcome::NotVerifiable(Unverifiable::Budget);

/// The outcome of a distribution recorded before outcomes were typed: unknown, so not
/// verifiable (it never supports a finding).
pub fn legacy_outcome() -> Outcome {
    Outcome::NotVerifiable(Unverifiable::Transport)
}

/// A distribution that downloads (a 2xx, or a 304 for a file seen before), and is not a
/// soft 404 (a 2xx with the site's "page not found" page).
pub fn is_published(r: &RatedDistribution) -> bool {
    r.outcome == Outcome::Ok && r.format.is_some() && r.error.is_none()
}

/// A distribution that does not download, by the publisher's fault (a 404, a 5xx after
/// retries, a dead host, a soft 404). What we could not check is not broken.
pub fn is_broken(r: &RatedDistribution) -> bool {
    r.outcome.is_broken()
}

/// A distribution we could not check (throttled, timed out, refused by robots.txt or
/// by our own guard, out of budget): "non vérifiable", never the commune's fault.
pub fn is_not_verifiable(r: &RatedDistribution) -> bool {
    r.outcome.is_not_verifiable()
}

/// Late data, for update claims. Undated data is not stale: with no date there is no
/// evidence against the claim (its freshness says `undated`).
pub fn is_stale(r: &RatedDistribution) -> bool {
    r.freshness == FreshnessClass::Late
}
