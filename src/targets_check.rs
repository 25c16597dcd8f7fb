//! `odaudit targets check`: is the communes file still true of the web?
//!
//! Communes move their sites (a new domain, a move to iMio), let them die, or close them
//! to crawlers; an audit started on a stale file spends hours learning it, and reports a
//! moved site as "unreachable". This visits each commune's robots.txt and homepage once,
//! through the same polite client as the audit (so the figures are the audit's own view:
//! same robots.txt reading, same Crawl-delay, same address guard), and says per commune
//! what a run will meet. `--write` then puts the new address of every site that moved in
//! the file, touching nothing else.
//!
//! A site closed to us or throttling us is reported as such, never as dead: that is the
//! rule of the whole tool (what could not be read is not the commune's fault).

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::discover::links::same_site;
use crate::discover::platform::{Platform, recognise};
use crate::fetch::{FetchError, Http, Request, RobotsState};
use crate::targets::{Commune, InputError, NisCode};

/// Bytes of a homepage read to recognise its platform (generator metas and asset links
/// sit in the `<head>`).
pub const HOMEPAGE_CAP: usize = 256 * 1024;

/// What a run will meet at a commune's website.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteState {
    /// The homepage answered, on the site the file names.
    Ok,
    /// The homepage answered after redirects to another host: the file should name it.
    Moved,
    /// No answer (no such host, refused, reset, timeout) or an error answer (404, 410,
    /// 5xx): an audit will find nothing there.
    Dead,
    /// Up, but closed to crawlers: robots.txt disallows the homepage or cannot be read
    /// (a 5xx for robots.txt alone), a Crawl-delay above `--max-crawl-delay`, a 401/403,
    /// or a 429 (it asks us to wait). Nothing of it can be verified.
    Closed,
    /// The file names no website.
    NoWebsite,
}

impl SiteState {
    /// The token shown in the table and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SiteState::Ok => "ok",
            SiteState::Moved => "moved",
            SiteState::Dead => "dead",
            SiteState::Closed => "closed",
            SiteState::NoWebsite => "no_website",
        }
    }
}

/// The check of one commune's website.
#[derive(Clone, Debug, Serialize)]
pub struct SiteCheck {
    /// The commune.
    pub nis_code: NisCode,
    /// Its name.
    pub name: String,
    /// The website the file names.
    pub website: Option<Url>,
    /// What a run will meet.
    pub state: SiteState,
    /// Why, in words (for every state but `ok` and `no_website`).
    pub why: Option<String>,
    /// The homepage's final status, when it answered.
    pub status: Option<u16>,
    /// Where the homepage ended after redirects, when that is another URL.
    pub final_url: Option<Url>,
    /// The website to write in the file instead (`moved` only): the new site's root.
    pub suggested_website: Option<Url>,
    /// How robots.txt was obtained.
    pub robots: Option<RobotsState>,
    /// The Crawl-delay robots.txt asks, in seconds.
    pub crawl_delay: Option<f64>,
    /// The platform the homepage shows (when it answered 2xx).
    #[serde(serialize_with = "platform_token")]
    pub platform: Option<Platform>,
}

/// A platform as the token `communes.csv` and the reports write (`wordpress`, not serde's
/// `word_press`).
pub fn platform_token<S: serde::Serializer>(
    platform: &Option<Platform>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match platform {
        Some(p) => serializer.serialize_str(p.as_str()),
        None => serializer.serialize_none(),
    }
}

impl SiteCheck {
    fn new(c: &Commune) -> Self {
        SiteCheck {
            nis_code: c.nis_code,
            name: c.name.clone(),
            website: c.website.clone(),
            state: SiteState::NoWebsite,
            why: None,
            status: None,
            final_url: None,
            suggested_website: None,
            robots: None,
            crawl_delay: None,
            platform: None,
        }
    }

    fn set(&mut self, state: SiteState, why: impl Into<String>) {
        self.state = state;
        self.why = Some(why.into());
    }
}

/// Check every commune's website, all side by side, in the order of `communes`. Most of
/// a check is waiting for its host's Crawl-delay (120 s between an iMio site's robots.txt
/// and its homepage), which holds nothing: the polite client's global slots bound the
/// requests in flight, so a cap here would only queue sites behind others' delays.
pub async fn check_all(http: &Http, communes: &[Commune]) -> Vec<SiteCheck> {
    futures_util::future::join_all(communes.iter().map(|c| check_site(http, c))).await
}

/// Check one commune's website: robots.txt, then (when robots.txt allows) the homepage.
pub async fn check_site(http: &Http, commune: &Commune) -> SiteCheck {
    let mut check = SiteCheck::new(commune);
    let Some(home) = commune.website.clone() else {
        return check;
    };
    let robots = match http.robots_for(&home).await {
        Ok(r) => r,
        Err(e) => {
            check.set(SiteState::Dead, e.to_string());
            return check;
        }
    };
    check.robots = Some(robots.state.clone());
    check.crawl_delay = robots.crawl_delay().map(|d| d.as_secs_f64());
    if let RobotsState::Unreachable { why, answered, .. } = &robots.state {
        match robots.failure() {
            Some(failure) => check.set(SiteState::Dead, failure.to_string()),
            None if robots.is_throttled() => check.set(
                SiteState::Closed,
                format!("robots.txt: {why} (the site asks us to wait)"),
            ),
            None => check.set(
                if *answered {
                    SiteState::Closed
                } else {
                    SiteState::Dead
                },
                format!("robots.txt could not be read ({why}): nothing may be crawled"),
            ),
        }
        return check;
    }
    if !robots.allows(&home) {
        check.set(SiteState::Closed, "robots.txt disallows the homepage");
        return check;
    }
    let max = http.config().max_crawl_delay;
    if let Some(delay) = robots.crawl_delay().filter(|d| *d > max) {
        check.set(SiteState::Closed, too_slow(delay, max));
        return check;
    }
    homepage(http, &home, &mut check).await;
    check
}

fn too_slow(delay: Duration, max: Duration) -> String {
    format!(
        "Crawl-delay of {} s, above --max-crawl-delay {} s: not crawled",
        delay.as_secs_f64(),
        max.as_secs_f64()
    )
}

/// GET the homepage (redirects followed hop by hop, each host's robots.txt obeyed).
async fn homepage(http: &Http, home: &Url, check: &mut SiteCheck) {
    let probe = match http.get(home, &Request::page(HOMEPAGE_CAP)).await {
        Ok(p) => p,
        Err(e) => {
            let state = match e {
                FetchError::Disallowed(_)
                | FetchError::CrawlDelayTooLong { .. }
                | FetchError::HostPaused { .. } => SiteState::Closed,
                _ => SiteState::Dead,
            };
            check.set(state, format!("homepage: {e}"));
            return;
        }
    };
    check.status = Some(probe.status);
    if probe.final_url != *home {
        check.final_url = Some(probe.final_url.clone());
    }
    match probe.status {
        200..=299 => {}
        401 | 403 | 407 => {
            return check.set(
                SiteState::Closed,
                format!("the homepage answered HTTP {}: access denied", probe.status),
            );
        }
        429 => {
            return check.set(
                SiteState::Closed,
                "the homepage answered HTTP 429: the site asks us to wait",
            );
        }
        s => return check.set(SiteState::Dead, format!("the homepage answered HTTP {s}")),
    }
    let html = crate::discover::page::decode_html(&probe.body, probe.content_type.as_deref());
    let headers = probe
        .platform_headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()));
    check.platform = Some(recognise(headers, &html));
    if same_site(&probe.final_url, home) {
        check.state = SiteState::Ok;
        return;
    }
    let root = site_root(&probe.final_url);
    check.set(
        SiteState::Moved,
        format!(
            "the homepage redirects to another host: {}",
            probe.final_url
        ),
    );
    check.suggested_website = Some(root);
}

/// The root of the site a URL is on (`https://www.new.be/fr/accueil` → `https://www.new.be/`).
pub fn site_root(url: &Url) -> Url {
    let mut root = url.clone();
    root.set_path("/");
    root.set_query(None);
    root.set_fragment(None);
    root
}

/// The communes file's text with the `website` cell of each commune in `moves` replaced.
/// Every other row is kept byte for byte (line ends, quoting, BOM included); a changed row
/// is written again as CSV, with its own line end.
pub fn rewrite_websites(
    text: &str,
    file: &str,
    moves: &[(NisCode, Url)],
) -> Result<String, InputError> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let body = &text[bom.len()..];
    // Parsing first proves the file is a communes file, with the same errors as a run.
    crate::targets::parse_communes(text, file)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| located(file, 1, format!("malformed CSV header: {e}")))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(nis_col), Some(web_col)) = (column("nis_code"), column("website")) else {
        return Err(located(file, 1, "no nis_code or website column".into()));
    };
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(bom);
    let mut copied = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| located(file, 0, format!("malformed CSV: {e}")))?;
        let position = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        // After a CRLF, the csv crate's position is the LF's: the row starts after it.
        let mut start = position.byte() as usize;
        while body[start..].starts_with(['\r', '\n']) {
            start += 1;
        }
        let nis: Option<NisCode> = record.get(nis_col).and_then(|n| n.parse().ok());
        let Some((_, new)) = moves.iter().find(|(n, _)| Some(*n) == nis) else {
            continue;
        };
        let end = line_end(body, start);
        let old_row = &body[start..end];
        let eol = &old_row[old_row.trim_end_matches(['\r', '\n']).len()..];
        let mut fields: Vec<String> = record.iter().map(str::to_owned).collect();
        fields[web_col] = website_text(new, record.get(web_col).unwrap_or(""));
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer
            .write_record(&fields)
            .and_then(|()| writer.flush().map_err(csv::Error::from))
            .map_err(|e| located(file, position.line(), format!("cannot write: {e}")))?;
        let bytes = writer
            .into_inner()
            .map_err(|e| located(file, position.line(), format!("cannot write: {e}")))?;
        let row = String::from_utf8_lossy(&bytes);
        out.push_str(&body[copied..start]);
        out.push_str(row.trim_end_matches('\n'));
        out.push_str(eol);
        copied = end;
    }
    out.push_str(&body[copied..]);
    Ok(out)
}

/// The end of the CSV row starting at `start` (its line end included): the next row's
/// start, found by reading one record from `start`.
fn line_end(body: &str, start: usize) -> usize {
    let rest = &body[start..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(rest.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => start + reader.position().byte() as usize,
        _ => body.len(),
    }
}

/// The new website as the file writes its websites: without the trailing `/` of the root
/// when the old value had none.
fn website_text(new: &Url, old: &str) -> String {
    let text = new.as_str();
    if new.path() == "/" && new.query().is_none() && !old.ends_with('/') {
        text.trim_end_matches('/').to_owned()
    } else {
        text.to_owned()
    }
}

fn located(file: &str, line: u64, problem: String) -> InputError {
    InputError {
        file: file.to_owned(),
        line,
        problem,
    }
}

/// Write `text` to `path`, keeping the old file as `path.bak`, through a temporary file
/// renamed in place (a crash leaves the old file or the new one, never half of one).
pub fn write_with_backup(path: &Path, text: &str) -> std::io::Result<std::path::PathBuf> {
    let mut bak = path.as_os_str().to_owned();
    bak.push(".bak");
    let bak = std::path::PathBuf::from(bak);
    std::fs::copy(path, &bak)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)?;
    Ok(bak)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\u{feff}nis_code,name,province,population,website,own_portal,aliases\r\n25005,Beauvechain,Brabant wallon,7205,https://www.beauvechain.eu,,\r\n25014,Braine-l'Alleud,Brabant wallon,40170,http://old.be,,\"A, B|C\"\r\n25015,X,Y,1,https://x.be/,,\r\n";

    #[test]
    fn only_the_moved_websites_change() {
        let moves = [
            (
                "25014".parse().unwrap(),
                Url::parse("https://www.new.be/").unwrap(),
            ),
            (
                "25015".parse().unwrap(),
                Url::parse("https://y.be/").unwrap(),
            ),
        ];
        let out = rewrite_websites(FILE, "t.csv", &moves).unwrap();
        let expected = FILE
            .replace("http://old.be,", "https://www.new.be,")
            .replace("https://x.be/,", "https://y.be/,");
        assert_eq!(out, expected);
        assert_eq!(rewrite_websites(FILE, "t.csv", &[]).unwrap(), FILE);
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let text = "nis_code,name,province,population,website,own_portal,aliases\n25005,B,P,x,,,\n";
        let e = rewrite_websites(text, "t.csv", &[]).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn roots() {
        let u = Url::parse("https://www.new.be/fr/accueil?x=1#top").unwrap();
        assert_eq!(site_root(&u).as_str(), "https://www.new.be/");
    }
}
