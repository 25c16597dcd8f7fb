//! The HTTP client and the capped probe of a file's first bytes.

use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap};
use reqwest::redirect;
use url::Url;

use super::outcome::Outcome;
use super::resolve::{GuardedResolver, ResolveRule};

/// How the client behaves; every limit has a safe default.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// Sent with every request.
    pub user_agent: String,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Longest silence while reading a response.
    pub read_timeout: Duration,
    /// Longest time for a whole request, body included.
    pub total_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// `--resolve` overrides.
    pub resolve: Vec<ResolveRule>,
    /// Lift the address guard.
    pub allow_private: bool,
    /// Follow redirects inside the client (off for the polite client, which follows
    /// them itself so that every hop passes its host's robots.txt and rate limit).
    pub follow_redirects: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: super::DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            total_timeout: Duration::from_secs(60),
            max_redirects: 10,
            resolve: Vec::new(),
            allow_private: false,
            follow_redirects: true,
        }
    }
}

/// Why a request produced no response.
#[derive(Clone, Debug, thiserror::Error)]
pub enum FetchError {
    /// Not an http(s) URL.
    #[error("{0}: only http and https URLs can be fetched")]
    Scheme(String),
    /// The address guard refused the destination.
    #[error(
        "address guard: {0} is not a public address; use --resolve or --allow-private-addresses to allow it"
    )]
    Refused(String),
    /// Connect, read or total timeout.
    #[error("timed out: {0}")]
    Timeout(String),
    /// Redirect limit reached or a loop.
    #[error("redirects: {0}")]
    Redirect(String),
    /// Connection refused, reset, DNS failure, TLS failure...
    #[error("{detail}")]
    Transport {
        /// What kind of failure, for whose fault it is.
        kind: TransportKind,
        /// reqwest's error chain.
        detail: String,
    },
    /// A response header larger than the client reads: asking again changes nothing.
    #[error("response header too large: {0}")]
    TooLarge(String),
    /// robots.txt disallows the URL (or could not be read, which RFC 9309 says disallows all).
    #[error("robots.txt disallows {0}")]
    Disallowed(String),
    /// The host asks for more time between requests than the run may spend.
    #[error(
        "{host} asks for a Crawl-delay of {seconds} s, longer than --max-crawl-delay allows: not crawled"
    )]
    CrawlDelayTooLong {
        /// `host:port`.
        host: String,
        /// The delay asked for.
        seconds: u64,
    },
    /// The host asked us to wait (429/503 with a long Retry-After, or retries spent on
    /// them): the whole host is paused and no request leaves for it before `until`.
    #[error("{host} asked us to wait{}: not asked again before then", .until.map(|t| format!(" until {}", crate::fetch::outcome::unix_time(t))).unwrap_or_default())]
    HostPaused {
        /// `host:port`.
        host: String,
        /// Unix time in seconds when it may be asked again.
        until: Option<i64>,
    },
}

/// Kinds of transport failure, decided from the error's type, never its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// The connection was refused.
    Refused,
    /// Any other failure to connect (unreachable network, TLS handshake).
    Connect,
    /// The connection broke after it was made.
    Other,
}

impl FetchError {
    fn from_reqwest(e: reqwest::Error) -> Self {
        let text = error_chain(&e);
        if let Some(refused) = find_source::<super::resolve::RefusedAddress>(&e) {
            return FetchError::Refused(refused.host.clone());
        }
        if find_source::<hyper::Error>(&e).is_some_and(hyper::Error::is_parse_too_large) {
            return FetchError::TooLarge(text);
        }
        if e.is_timeout() {
            FetchError::Timeout(text)
        } else if e.is_redirect() {
            FetchError::Redirect(text)
        } else {
            let kind = if find_source::<super::resolve::DnsFailure>(&e).is_some() {
                TransportKind::Dns
            } else if find_source::<std::io::Error>(&e)
                .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
            {
                TransportKind::Refused
            } else if e.is_connect() {
                TransportKind::Connect
            } else {
                TransportKind::Other
            };
            FetchError::Transport { kind, detail: text }
        }
    }

    /// A failure of our own machinery (a poisoned lock, a closed semaphore).
    pub(crate) fn internal(what: &str) -> Self {
        FetchError::Transport {
            kind: TransportKind::Other,
            detail: what.to_owned(),
        }
    }

    /// No connection could be made at all (DNS, refused, unreachable): what the
    /// auditor's own outage looks like when it happens everywhere.
    pub fn is_connection_failure(&self) -> bool {
        matches!(
            self,
            FetchError::Transport {
                kind: TransportKind::Dns | TransportKind::Refused | TransportKind::Connect,
                ..
            }
        )
    }

    /// Whose fault this failure is.
    pub fn outcome(&self) -> Outcome {
        use super::outcome::{Broken, Unverifiable};
        match self {
            FetchError::Scheme(_) => Outcome::Broken(Broken::NotHttp),
            FetchError::Refused(_) => Outcome::NotVerifiable(Unverifiable::AddressGuard),
            FetchError::Timeout(_) => Outcome::NotVerifiable(Unverifiable::Timeout),
            FetchError::Redirect(_) => Outcome::Broken(Broken::Redirects),
            FetchError::Transport { kind, .. } => match kind {
                TransportKind::Dns => Outcome::Broken(Broken::NoSuchHost),
                TransportKind::Refused => Outcome::Broken(Broken::ConnectionRefused),
                TransportKind::Connect | TransportKind::Other => {
                    Outcome::NotVerifiable(Unverifiable::Transport)
                }
            },
            FetchError::TooLarge(_) => Outcome::NotVerifiable(Unverifiable::TooLarge),
            FetchError::Disallowed(_) | FetchError::CrawlDelayTooLong { .. } => {
                Outcome::NotVerifiable(Unverifiable::Robots)
            }
            FetchError::HostPaused { until, .. } => {
                Outcome::NotVerifiable(Unverifiable::Throttled { until: *until })
            }
        }
    }
}

/// The first error of type `T` in `e`'s source chain.
fn find_source<'a, T: std::error::Error + 'static>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(t) = err.downcast_ref::<T>() {
            return Some(t);
        }
        current = err.source();
    }
    None
}

/// All the sources of an error in one line ("error sending request: ...: connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// Validators from an earlier response, for a conditional request.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The ETag received.
    pub etag: Option<String>,
    /// The Last-Modified received.
    pub last_modified: Option<String>,
    /// The modification date the site's own index (plone.restapi, WordPress media, a
    /// Plone sitemap) gave the file when it was fetched: the same date listed again means
    /// the same file, and it is not fetched again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
}

/// How to make one GET.
#[derive(Clone, Debug)]
pub struct Request {
    /// Read at most this many bytes of the body.
    pub cap: usize,
    /// Ask only for the first `cap` bytes (`Range`), and for them as stored (no
    /// compression, since ranges count encoded bytes).
    pub range: bool,
    /// Send `If-None-Match` / `If-Modified-Since`.
    pub validators: Option<Validators>,
    /// The Accept header.
    pub accept: Option<&'static str>,
}

impl Request {
    /// A capped `Range` GET of a file's first bytes.
    pub fn probe(cap: usize) -> Self {
        Request {
            cap,
            range: true,
            validators: None,
            accept: None,
        }
    }

    /// A GET of a page or an API response, compressed if the server likes.
    pub fn page(cap: usize) -> Self {
        Request {
            cap,
            range: false,
            validators: None,
            accept: None,
        }
    }
}

/// What a capped GET of a file's start returned.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The URL asked for.
    pub url: Url,
    /// The URL answered, after redirects.
    pub final_url: Url,
    /// HTTP status.
    pub status: u16,
    /// Content-Type header.
    pub content_type: Option<String>,
    /// Content-Length header (of the whole file when the server answered 200).
    pub content_length: Option<u64>,
    /// Last-Modified header.
    pub last_modified: Option<String>,
    /// ETag header.
    pub etag: Option<String>,
    /// The file name from Content-Disposition, if any.
    pub disposition_name: Option<String>,
    /// Location header (redirects).
    pub location: Option<String>,
    /// Retry-After header (429, 503).
    pub retry_after: Option<String>,
    /// X-RateLimit-Remaining header (OpenDataSoft quotas).
    pub ratelimit_remaining: Option<String>,
    /// X-RateLimit-Reset header.
    pub ratelimit_reset: Option<String>,
    /// The headers that say which platform answered and how its listings page
    /// ([`KEPT_HEADERS`]), lower-cased names, values cut at 500 characters.
    pub platform_headers: Vec<(String, String)>,
    /// The first bytes of the body, at most the cap.
    pub body: Vec<u8>,
    /// True when `body` is the whole representation.
    pub complete: bool,
    /// Time from request to the last byte read.
    pub elapsed: Duration,
}

/// The HTTP client: one per run, shared by every task.
#[derive(Clone, Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    resolver: GuardedResolver,
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fails only if another provider was installed first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Fetcher {
    /// Build the client.
    pub fn new(config: &FetchConfig) -> Result<Self, FetchError> {
        install_crypto_provider();
        let resolver = GuardedResolver::new(&config.resolve, config.allow_private);
        let guard = resolver.clone();
        let max_redirects = config.max_redirects;
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(format!("more than {max_redirects} redirects"));
            }
            if attempt.previous().contains(attempt.url()) {
                let url = attempt.url().to_string();
                return attempt.error(format!("redirect loop back to {url}"));
            }
            if let Some(refusal) = literal_refusal(&guard, attempt.url()) {
                return attempt.error(refusal.to_string());
            }
            attempt.follow()
        });
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .timeout(config.total_timeout)
            .redirect(if config.follow_redirects {
                policy
            } else {
                redirect::Policy::none()
            })
            .dns_resolver(Arc::new(resolver.clone()))
            .no_proxy()
            .build()
            .map_err(FetchError::from_reqwest)?;
        Ok(Fetcher { client, resolver })
    }

    /// GET the first `cap` bytes of a URL (a `Range` request, read no further than the
    /// cap whatever the server sends).
    pub async fn probe(&self, url: &Url, cap: usize) -> Result<Probe, FetchError> {
        self.get(url, &Request::probe(cap)).await
    }

    /// One GET as `request` says, the body read no further than its cap.
    pub async fn get(&self, url: &Url, request: &Request) -> Result<Probe, FetchError> {
        let cap = request.cap;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Scheme(url.to_string()));
        }
        if let Some(refusal) = literal_refusal(&self.resolver, url) {
            return Err(refusal);
        }
        let started = Instant::now();
        let last = cap.saturating_sub(1);
        let mut builder = self.client.get(url.clone());
        if request.range {
            builder = builder
                .header(header::RANGE, format!("bytes=0-{last}"))
                // Ranges are of the encoded body; ask for the bytes as stored.
                .header(header::ACCEPT_ENCODING, "identity");
        }
        if let Some(v) = &request.validators {
            if let Some(etag) = &v.etag {
                builder = builder.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                builder = builder.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        if let Some(accept) = request.accept {
            builder = builder.header(header::ACCEPT, accept);
        }
        let mut response = builder.send().await.map_err(FetchError::from_reqwest)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let final_url = response.url().clone();
        let mut body = Vec::with_capacity(cap.min(64 * 1024));
        let mut ended = false;
        while body.len() < cap {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = cap - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Ok(None) => {
                    ended = true;
                    break;
                }
                // A reset or a timeout mid-body: keep what arrived, as a prefix.
                Err(e) if !body.is_empty() => {
                    tracing::debug!(%url, error = %error_chain(&e), "body cut short");
                    break;
                }
                Err(e) => return Err(FetchError::from_reqwest(e)),
            }
        }
        let complete = ended && whole_representation(status, &headers, body.len());
        Ok(Probe {
            url: url.clone(),
            final_url,
            status,
            content_type: text_header(&headers, header::CONTENT_TYPE),
            content_length: total_length(status, &headers),
            last_modified: text_header(&headers, header::LAST_MODIFIED),
            etag: text_header(&headers, header::ETAG),
            disposition_name: text_header(&headers, header::CONTENT_DISPOSITION)
                .and_then(|d| disposition_file_name(&d)),
            location: text_header(&headers, header::LOCATION),
            retry_after: text_header(&headers, header::RETRY_AFTER),
            ratelimit_remaining: text_header(
                &headers,
                "x-ratelimit-remaining".parse().expect("header name"),
            ),
            ratelimit_reset: text_header(
                &headers,
                "x-ratelimit-reset".parse().expect("header name"),
            ),
            platform_headers: kept_headers(&headers),
            body,
            complete,
            elapsed: started.elapsed(),
        })
    }
}

fn literal_refusal(guard: &GuardedResolver, url: &Url) -> Option<FetchError> {
    guard
        .refusal(url)
        .map(|ip| FetchError::Refused(ip.to_string()))
}

/// Headers kept for platform recognition and listing paging: a server's own name for
/// itself (`X-Generator`, `X-Powered-By`, `Server`), WordPress's REST `Link` and its
/// paging counts.
pub const KEPT_HEADERS: [&str; 6] = [
    "x-generator",
    "x-powered-by",
    "server",
    "link",
    "x-wp-total",
    "x-wp-totalpages",
];

fn kept_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = headers.get(*name)?;
            let value = String::from_utf8_lossy(value.as_bytes())
                .chars()
                .take(500)
                .collect();
            Some(((*name).to_owned(), value))
        })
        .collect()
}

impl Probe {
    /// A kept header's value ([`KEPT_HEADERS`]), by lower-case name.
    pub fn kept_header(&self, name: &str) -> Option<&str> {
        self.platform_headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn text_header(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).map(|v| {
        String::from_utf8_lossy(v.as_bytes())
            .chars()
            .take(500)
            .collect()
    })
}

/// The size of the whole file: Content-Range's total on a 206, Content-Length on a 200.
fn total_length(status: u16, headers: &HeaderMap) -> Option<u64> {
    if status == 206 {
        let range = text_header(headers, header::CONTENT_RANGE)?;
        range.rsplit('/').next()?.trim().parse().ok()
    } else {
        text_header(headers, header::CONTENT_LENGTH)?
            .trim()
            .parse()
            .ok()
    }
}

/// Did the body we read hold the whole file?
fn whole_representation(status: u16, headers: &HeaderMap, read: usize) -> bool {
    match status {
        206 => total_length(status, headers).is_some_and(|total| total == read as u64),
        _ => true,
    }
}

/// `attachment; filename="budget 2024.csv"` → `budget 2024.csv`.
fn disposition_file_name(value: &str) -> Option<String> {
    let mut plain = None;
    for part in value.split(';').map(str::trim) {
        let Some((key, v)) = part.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                // RFC 5987: charset'lang'percent-encoded
                let encoded = v.rsplit('\'').next().unwrap_or(v);
                let decoded = percent_encoding::percent_decode_str(encoded)
                    .decode_utf8_lossy()
                    .into_owned();
                return Some(decoded);
            }
            "filename" => plain = Some(v.to_owned()),
            _ => {}
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_names() {
        assert_eq!(
            disposition_file_name("attachment; filename=\"budget 2024.csv\"").as_deref(),
            Some("budget 2024.csv")
        );
        assert_eq!(
            disposition_file_name("attachment; filename=x.csv; filename*=UTF-8''li%C3%A8ge.xlsx")
                .as_deref(),
            Some("liège.xlsx")
        );
        assert_eq!(disposition_file_name("inline"), None);
    }
}
