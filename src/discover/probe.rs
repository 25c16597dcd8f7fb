//! Probing a distribution without downloading it: a capped `Range` GET of its first
//! bytes, the headers recorded, the bytes handed to the classifier.

use std::time::{Duration, SystemTime};

use url::Url;

use super::ProbeOutcome;
use crate::assess::{Declared, Sample, claim_of_name, classify};
use crate::fetch::{Http, Outcome, Probe, Request, Unverifiable, Validators, parse_retry_after};

/// Probe one URL. `declared_format` is what the portal or the link said (`csv`, `XLSX`).
pub async fn probe(
    http: &Http,
    url: &Url,
    declared_format: Option<&str>,
    cap: usize,
    validators: Option<Validators>,
) -> ProbeOutcome {
    probe_response(http, url, declared_format, cap, validators)
        .await
        .outcome
}

/// A probe with what a caller that looks further needs.
pub struct Probed {
    /// The judged outcome.
    pub outcome: ProbeOutcome,
    /// The response, with the bytes read, if one came.
    pub response: Option<Probe>,
    /// Requests sent (retries and redirect hops included), for a request budget.
    pub sent: u32,
}

/// [`probe`], keeping the response and the requests it cost.
pub async fn probe_response(
    http: &Http,
    url: &Url,
    declared_format: Option<&str>,
    cap: usize,
    validators: Option<Validators>,
) -> Probed {
    let request = Request {
        validators: validators.clone(),
        ..Request::probe(cap)
    };
    let (result, sent) = http.get_metered(url, &request).await;
    match result {
        Ok(p) => Probed {
            outcome: outcome_of(&p, declared_format, validators),
            response: Some(p),
            sent,
        },
        Err(e) => Probed {
            outcome: ProbeOutcome::failed(&e),
            response: None,
            sent,
        },
    }
}

/// Judge a response already in hand (a "page" that turned out to be a file, say).
pub fn outcome_of(
    p: &Probe,
    declared_format: Option<&str>,
    sent: Option<Validators>,
) -> ProbeOutcome {
    let not_modified = p.status == 304;
    let verdict = (!not_modified && !p.body.is_empty()).then(|| {
        classify(
            Sample {
                bytes: &p.body,
                complete: p.complete,
            },
            declared(p, declared_format),
        )
    });
    // A 304 keeps the validators we sent: the file is unchanged.
    let validators = if not_modified {
        sent.unwrap_or_default()
    } else {
        Validators {
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
            listed: None,
        }
    };
    ProbeOutcome {
        status: Some(p.status),
        final_url: Some(p.final_url.to_string()),
        content_type: p.content_type.clone(),
        content_length: p.content_length,
        last_modified: p.last_modified.clone(),
        validators,
        bytes_read: p.body.len(),
        elapsed_ms: u64::try_from(p.elapsed.min(Duration::from_secs(86_400)).as_millis())
            .unwrap_or(0),
        verdict,
        error: None,
        outcome: outcome_of_response(p),
        reused: false,
    }
}

/// Whose fault the status is; a 429 (or a 503 saying when to come back) is the host
/// asking us to wait, with the time it gave.
fn outcome_of_response(p: &Probe) -> Outcome {
    let until = || {
        let wait = parse_retry_after(p.retry_after.as_deref()?)?;
        let at = SystemTime::now().checked_add(wait)?;
        let secs = at.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
        i64::try_from(secs).ok()
    };
    match p.status {
        429 => Outcome::NotVerifiable(Unverifiable::Throttled { until: until() }),
        503 if p.retry_after.is_some() => {
            Outcome::NotVerifiable(Unverifiable::Throttled { until: until() })
        }
        s => Outcome::of_status(s),
    }
}

/// What was claimed: the file name (Content-Disposition, else the URL path), else the
/// portal's format token; and the Content-Type.
fn declared(p: &Probe, declared_format: Option<&str>) -> Declared {
    let path = p.final_url.path();
    let content_type = p.content_type.as_deref();
    match (&p.disposition_name, declared_format) {
        (Some(name), _) => Declared::from_sources(Some(name), content_type),
        (None, _) if claim_of_name(path).is_some() => {
            Declared::from_sources(Some(path), content_type)
        }
        (None, Some(token)) => Declared::from_token(token, content_type),
        (None, None) => Declared::from_sources(None, content_type),
    }
}
