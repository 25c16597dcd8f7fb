//! HTTP as real servers speak it: validators (`ETag`, `Last-Modified`), 304 on
//! conditional requests, single byte ranges (206/416), redirects, error pages.
//!
//! Every simulated file and page goes through [`entity`], so the crawler's caching and
//! capped range probes are tested against the same semantics everywhere.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

use super::dates::{http_date, system_time};
use super::rng::hash_bytes;

/// One request, as the simulated sites see it.
#[derive(Debug)]
pub(crate) struct Req {
    pub host: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub port: u16,
}

impl Req {
    /// `http://host:port` for a host of the world.
    pub(crate) fn base(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port)
    }

    /// The query parameters, decoded, in order (repeats kept).
    pub(crate) fn params(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first value of a parameter.
    pub(crate) fn param(&self, name: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// A representation with validators: answers 304, 206 or 416 when the request asks.
pub(crate) fn entity(
    req: &Req,
    body: Bytes,
    content_type: Option<&str>,
    last_modified: Option<i64>,
    extra: &[(header::HeaderName, String)],
) -> Response {
    let etag = format!("\"{:016x}\"", hash_bytes(&body));
    let mut b = Response::builder()
        .header(header::ETAG, &etag)
        .header(header::ACCEPT_RANGES, "bytes");
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    if let Some(lm) = last_modified {
        b = b.header(header::LAST_MODIFIED, http_date(lm));
    }
    for (k, v) in extra {
        if let Ok(v) = HeaderValue::from_str(v) {
            b = b.header(k, v);
        }
    }
    if not_modified(&req.headers, &etag, last_modified) {
        return b
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_default();
    }
    let len = body.len() as u64;
    match req
        .headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| parse_range(r, len))
    {
        Some(RangeAnswer::Satisfiable(start, end)) => b
            .status(StatusCode::PARTIAL_CONTENT)
            .header(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))
            .body(Body::from(body.slice(start as usize..=end as usize)))
            .unwrap_or_default(),
        Some(RangeAnswer::Unsatisfiable) => b
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(header::CONTENT_RANGE, format!("bytes */{len}"))
            .body(Body::empty())
            .unwrap_or_default(),
        _ => b
            .status(StatusCode::OK)
            .body(Body::from(body))
            .unwrap_or_default(),
    }
}

fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<i64>) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        return inm
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == etag);
    }
    let (Some(ims), Some(lm)) = (
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok()),
        last_modified,
    ) else {
        return false;
    };
    httpdate::parse_http_date(ims).is_ok_and(|since| system_time(lm) <= since)
}

#[derive(Debug, PartialEq, Eq)]
enum RangeAnswer {
    Satisfiable(u64, u64),
    Unsatisfiable,
    /// Malformed or several ranges: serve the whole representation.
    Ignore,
}

fn parse_range(value: &str, len: u64) -> RangeAnswer {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return RangeAnswer::Ignore;
    };
    if spec.contains(',') {
        return RangeAnswer::Ignore;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeAnswer::Ignore;
    };
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(s), Ok(e)) if s <= e => (s, e.min(len.saturating_sub(1))),
        (Ok(s), Err(_)) if b.is_empty() => (s, len.saturating_sub(1)),
        (Err(_), Ok(n)) if a.is_empty() => {
            if n == 0 {
                return RangeAnswer::Unsatisfiable;
            }
            (len.saturating_sub(n), len.saturating_sub(1))
        }
        _ => return RangeAnswer::Ignore,
    };
    if len == 0 || start >= len {
        return RangeAnswer::Unsatisfiable;
    }
    RangeAnswer::Satisfiable(start, end)
}

/// An HTML page (validators included).
pub(crate) fn html(
    req: &Req,
    status: StatusCode,
    page: String,
    last_modified: Option<i64>,
) -> Response {
    let mut r = entity(
        req,
        Bytes::from(page),
        Some("text/html; charset=utf-8"),
        last_modified,
        &[],
    );
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

/// Raw bytes with a status and content type, no validators.
pub(crate) fn raw(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.into()))
        .unwrap_or_default()
}

/// JSON with a status.
pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    raw(
        status,
        "application/json; charset=utf-8",
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

/// A redirect.
pub(crate) fn redirect(status: StatusCode, location: &str) -> Response {
    Response::builder()
        .status(status)
        .header(header::LOCATION, location)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(format!(
            "<html><body><a href=\"{location}\">Moved</a></body></html>"
        )))
        .unwrap_or_default()
}

/// A plain nginx-style 404.
pub(crate) fn not_found() -> Response {
    raw(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("bytes=0-9", 100),
            RangeAnswer::Satisfiable(0, 9)
        );
        assert_eq!(
            parse_range("bytes=0-999", 100),
            RangeAnswer::Satisfiable(0, 99)
        );
        assert_eq!(
            parse_range("bytes=90-", 100),
            RangeAnswer::Satisfiable(90, 99)
        );
        assert_eq!(
            parse_range("bytes=-10", 100),
            RangeAnswer::Satisfiable(90, 99)
        );
        assert_eq!(parse_range("bytes=200-", 100), RangeAnswer::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), RangeAnswer::Ignore);
        assert_eq!(parse_range("items=0-1", 100), RangeAnswer::Ignore);
    }
}
