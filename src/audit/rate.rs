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
    let before = (reused || probe.and_then(|p| p.status) == Some(304))
        .then(|| previous(x.url.as_str()))
        .flatten();
    // A file the site's index shows unchanged was not asked for: its last answer stands.
    let status = match (&before, reused) {
        (Some(b), true) => b.status,
        _ => probe.and_then(|p| p.status),
    };
    let bytes = Judged::of(
        probe.and_then(|p| p.verdict.as_ref()),
        before.as_ref(),
        reused,
    );
    let licence = judge_licence(d.licence.name.as_deref(), d.licence.url.as_deref());
    let (stars, stars_reason) = stars_under(&licence, bytes.stars_format);
    let best = last_modified(d, probe, before.as_ref(), now);
    let frequency = d.frequency.as_deref().and_then(parse_frequency);
    let freshness = judge_freshness(best.map(|(_, t)| t), frequency, now);
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
        format: bytes.format,
        container: bytes.container,
        stars_format: bytes.stars_format,
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
        linked_from_website: linked_from_website(channel, &x.url, portal_hosts),
        mislabelled: bytes.mislabelled,
        claimed: bytes.claimed,
        bytes_read: probe.map_or(0, |p| p.bytes_read as u64),
        validators: probe.map(|p| p.validators.clone()).unwrap_or_default(),
        reasons: bytes.reasons,
        personal_data: bytes.personal_data,
        standard: bytes.standard,
    }
}

/// What a file's bytes were judged to be: by this run, or (on a 304, or when the site's
/// index lists the file unchanged) by the last one.
struct Judged {
    format: Option<crate::assess::Format>,
    container: Option<crate::assess::Container>,
    stars_format: Stars,
    mislabelled: bool,
    claimed: Option<String>,
    reasons: Vec<String>,
    personal_data: Option<crate::assess::PersonalData>,
    standard: Option<crate::assess::StandardVerdict>,
}

impl Judged {
    fn of(
        verdict: Option<&crate::assess::Classification>,
        before: Option<&RatedDistribution>,
        listed_unchanged: bool,
    ) -> Judged {
        match (verdict, before) {
            (Some(v), _) => Judged {
                format: Some(v.format),
                container: v.container,
                stars_format: v.stars,
                mislabelled: v.mismatch,
                claimed: v.mismatch.then(|| claimed_of(v)),
                reasons: v.reasons.clone(),
                personal_data: v.personal_data.clone(),
                standard: v.standard.clone(),
            },
            (None, Some(b)) => Judged {
                format: b.format,
                container: b.container,
                stars_format: b.stars_format,
                mislabelled: b.mislabelled,
                claimed: b.claimed.clone(),
                reasons: vec![
                    if listed_unchanged {
                        "listed unchanged by the site's index: the previous run's verdict stands"
                    } else {
                        "304 Not Modified: the previous run's verdict stands"
                    }
                    .to_owned(),
                ],
                personal_data: b.personal_data.clone(),
                standard: b.standard.clone(),
            },
            (None, None) => Judged {
                format: None,
                container: None,
                stars_format: Stars::ZERO,
                mislabelled: false,
                claimed: None,
                reasons: Vec::new(),
                personal_data: None,
                standard: None,
            },
        }
    }
}

/// The format's stars when the licence is open, else none; and why.
fn stars_under(licence: &crate::assess::LicenceVerdict, stars_format: Stars) -> (Stars, String) {
    match (licence.class, stars_format.get()) {
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
    }
}

/// The most trusted modification date: the portal's metadata, or the file's HTTP
/// `Last-Modified` (this run's, or the last run's on a 304).
fn last_modified(
    d: &Dataset,
    probe: Option<&crate::discover::ProbeOutcome>,
    before: Option<&RatedDistribution>,
    now: Timestamp,
) -> Option<(ModifiedSource, Timestamp)> {
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
        .or(before.and_then(|b| b.last_modified.as_deref()));
    if let Some(lm) = http_lm {
        candidates.push((ModifiedSource::HttpLastModified, lm));
    }
    best_modified(&candidates, now)
}

/// A website file is linked from the website; a portal's is when the website links to
/// that portal's host.
fn linked_from_website(channel: Channel, url: &url::Url, portal_hosts: &[String]) -> bool {
    match channel {
        Channel::Website => true,
        Channel::Odwb | Channel::OwnPortal | Channel::RegionalPortal => url
            .host_str()
            .is_some_and(|h| portal_hosts.iter().any(|p| *p == h.to_ascii_lowercase())),
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
