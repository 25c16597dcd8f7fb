//! Reading a site's own index of what it publishes, before its pages.
//!
//! On a server that asks for two minutes between requests, sixty page requests see a
//! corner of a Plone site of thousands of objects, while the site's own index lists every
//! file in a request or two: plone.restapi `@search` on iMio's smartweb (whose sitemap
//! leaves files out on purpose), `sitemap.xml.gz` on older iMio Plone sites (every object,
//! files as `…/name.csv/view`), `/wp-json/wp/v2/media` on WordPress. This module asks
//! the index the recognised platform keeps, in that platform's order, and stops at the
//! first one that answers; the crawl then reads only a few pages, for context (the
//! open-data page, its licence, the portals it links), and probes the listed files that
//! can be data.
//!
//! Every request goes through [`Http`], so robots.txt (`Disallow: /@search`), Crawl-delay
//! and Retry-After apply as to any page; an index that refuses (401, 403, 404, a login
//! page, garbage) leaves the site to the crawl, which loses nothing by it.

use url::Url;

use super::links::{LinkKind, canonicalize, kind_of};
use super::listing::{
    ListedFile, parse_plone_search, parse_wordpress_media, plone_search_url, wordpress_media_url,
    wordpress_media_url_plain, wordpress_total_pages,
};
use super::page::parse_sitemap;
use super::platform::Platform;
use super::problem::{Problem, ProblemKind};
use crate::fetch::{FetchError, Http, Outcome, Probe, Request};

/// The indexes a site may keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// plone.restapi `@search?portal_type=File`.
    PloneSearch,
    /// An older Plone site's `sitemap.xml.gz`, files included.
    PloneSitemap,
    /// WordPress `/wp-json/wp/v2/media`.
    #[serde(rename = "wordpress_media")]
    WordPressMedia,
}

impl IndexKind {
    /// The value shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexKind::PloneSearch => "plone_search",
            IndexKind::PloneSitemap => "plone_sitemap",
            IndexKind::WordPressMedia => "wordpress_media",
        }
    }
}

/// The indexes worth asking on a platform, best first. Sites whose platform is not
/// recognised are not asked anything: their sitemaps and pages are all there is.
pub fn indexes_of(platform: Platform) -> &'static [IndexKind] {
    match platform {
        // iMio's smartweb leaves files out of its sitemap on purpose.
        Platform::ImioSmartweb => &[IndexKind::PloneSearch],
        // Plone's own sitemap lists every object; plone.restapi is not on every old site.
        Platform::ImioPlone | Platform::Plone => &[IndexKind::PloneSitemap, IndexKind::PloneSearch],
        Platform::WordPress => &[IndexKind::WordPressMedia],
        Platform::Drupal | Platform::Joomla | Platform::Unknown => &[],
    }
}

/// Limits of one index read.
#[derive(Clone, Copy, Debug)]
pub struct IndexLimits {
    /// Listing pages (or sitemap files) read at most.
    pub max_pages: u32,
    /// Bytes read of one listing page (inflated, for a gzipped sitemap).
    pub cap: usize,
}

/// What a site's index said.
#[derive(Clone, Debug, Default)]
pub struct IndexRead {
    /// The index that answered, if one did.
    pub kind: Option<IndexKind>,
    /// Every file it listed (data-like or not).
    pub listed: usize,
    /// The files that may be data, to probe.
    pub files: Vec<ListedFile>,
    /// Pages of the site it listed (a sitemap lists pages too), for the crawl to rank.
    pub pages: Vec<(Url, Option<String>)>,
    /// Sitemaps fetched, answered or not: the crawl does not ask them again.
    pub sitemaps_read: Vec<Url>,
    /// Requests spent, retries and redirects included.
    pub requests: usize,
    /// Why each index asked did not answer, for the run's errors.
    pub refusals: Vec<Problem>,
    /// The listing was cut at `max_pages`: more files may exist than it shows.
    pub truncated: bool,
}

/// Ask the platform's indexes in turn; the first that answers wins. `sitemaps` are those
/// robots.txt names: a Plone sitemap is read there first, else at `/sitemap.xml.gz`.
pub async fn read_index(
    http: &Http,
    root: &Url,
    platform: Platform,
    sitemaps: &[Url],
    limits: IndexLimits,
) -> IndexRead {
    let mut read = IndexRead::default();
    for &kind in indexes_of(platform) {
        let answered = match kind {
            IndexKind::PloneSearch => plone_search(http, root, limits, &mut read).await,
            IndexKind::PloneSitemap => plone_sitemap(http, root, sitemaps, limits, &mut read).await,
            IndexKind::WordPressMedia => wordpress_media(http, root, limits, &mut read).await,
        };
        // An index listing no file at all is not believed: the pages may say otherwise.
        match answered {
            Ok(()) if read.listed > 0 => {
                read.kind = Some(kind);
                break;
            }
            Ok(()) => read.refusals.push(Problem::new(
                ProblemKind::IndexEmpty { index: kind },
                "lists no file",
            )),
            Err(why) => read.refusals.push(why.problem(kind)),
        }
    }
    read.files.retain(ListedFile::may_be_data);
    read
}

/// Why an index gave nothing usable.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("{1}")]
    Fetch(Url, FetchError),
    #[error("{0} answered HTTP {1}")]
    Status(Url, u16),
    #[error(transparent)]
    Listing(#[from] super::listing::ListingError),
    #[error("{0} lists nothing")]
    Empty(Url),
}

impl Refused {
    /// The problem it is for the run, with the URL asked and what became of the request.
    fn problem(self, index: IndexKind) -> Problem {
        let refused = ProblemKind::IndexRefused { index };
        match &self {
            Refused::Fetch(url, e) => Problem::new(refused, &self)
                .at(url)
                .with_outcome(e.outcome()),
            Refused::Status(url, status) => Problem::new(refused, &self)
                .at(url)
                .with_outcome(Outcome::of_status(*status)),
            Refused::Listing(_) => Problem::new(refused, &self),
            Refused::Empty(url) => Problem::new(ProblemKind::IndexEmpty { index }, &self).at(url),
        }
    }
}

async fn get(
    http: &Http,
    url: &Url,
    accept: Option<&'static str>,
    cap: usize,
    read: &mut IndexRead,
) -> Result<Probe, Refused> {
    let request = Request {
        accept,
        ..Request::page(cap)
    };
    let (result, sent) = http.get_metered(url, &request).await;
    read.requests += (sent as usize).max(1);
    let probe = result.map_err(|e| Refused::Fetch(url.clone(), e))?;
    if !(200..300).contains(&probe.status) {
        return Err(Refused::Status(url.clone(), probe.status));
    }
    Ok(probe)
}

async fn plone_search(
    http: &Http,
    root: &Url,
    limits: IndexLimits,
    read: &mut IndexRead,
) -> Result<(), Refused> {
    let Some(mut next) = plone_search_url(root) else {
        return Ok(());
    };
    for page in 0..limits.max_pages {
        let probe = get(http, &next, Some("application/json"), limits.cap, read).await;
        // A later page failing keeps what the first pages listed.
        let probe = match probe {
            Ok(p) => p,
            Err(e) if page == 0 => return Err(e),
            Err(_) => {
                read.truncated = true;
                return Ok(());
            }
        };
        let answer = parse_plone_search(&probe.body, root)?;
        read.listed += answer.files.len();
        read.files.extend(answer.files);
        match answer.next {
            Some(n) if n != next => next = n,
            _ => return Ok(()),
        }
    }
    read.truncated = true;
    Ok(())
}

async fn wordpress_media(
    http: &Http,
    root: &Url,
    limits: IndexLimits,
    read: &mut IndexRead,
) -> Result<(), Refused> {
    let mut pages = 1;
    let mut page = 1;
    let mut plain = false;
    while page <= pages {
        let url = if plain {
            wordpress_media_url_plain(root, page)
        } else {
            wordpress_media_url(root, page)
        };
        let Some(url) = url else {
            return Ok(());
        };
        let probe = match get(http, &url, Some("application/json"), limits.cap, read).await {
            Ok(p) => p,
            // Plain permalinks: the REST API is at `?rest_route=`.
            Err(Refused::Status(_, 404)) if page == 1 && !plain => {
                plain = true;
                continue;
            }
            Err(e) if page == 1 => return Err(e),
            Err(_) => {
                read.truncated = true;
                return Ok(());
            }
        };
        if page == 1 {
            let total = probe.kept_header("x-wp-totalpages");
            pages = wordpress_total_pages(total, u32::MAX);
            read.truncated = pages > limits.max_pages;
            pages = pages.min(limits.max_pages);
        }
        let files = parse_wordpress_media(&probe.body, root)?;
        read.listed += files.len();
        read.files.extend(files);
        page += 1;
    }
    Ok(())
}

/// The sitemaps robots.txt names (else `sitemap.xml.gz`) and those they index, within
/// `max_pages` files. Files are listed by their `/view` page: the file is the URL
/// without it.
async fn plone_sitemap(
    http: &Http,
    root: &Url,
    named: &[Url],
    limits: IndexLimits,
    read: &mut IndexRead,
) -> Result<(), Refused> {
    let conventional = root
        .join("/sitemap.xml.gz")
        .map_err(|_| Refused::Empty(root.clone()))?;
    let mut queue: Vec<Url> = if named.is_empty() {
        vec![conventional]
    } else {
        named.iter().rev().cloned().collect()
    };
    let first = queue.last().cloned().unwrap_or_else(|| root.clone());
    let mut fetched = 0;
    while let Some(url) = queue.pop() {
        if fetched >= limits.max_pages {
            read.truncated = true;
            break;
        }
        fetched += 1;
        read.sitemaps_read.push(url.clone());
        let probe = match get(http, &url, None, limits.cap, read).await {
            Ok(p) => p,
            Err(e) if url == first => return Err(e),
            Err(_) => {
                read.truncated = true;
                continue;
            }
        };
        let map = parse_sitemap(&probe.body, limits.cap);
        queue.extend(
            map.sitemaps
                .into_iter()
                .filter(|s| super::links::same_site(s, root)),
        );
        for (loc, lastmod) in map.urls {
            sitemap_entry(root, loc, lastmod, read);
        }
    }
    if read.listed == 0 {
        return Err(Refused::Empty(first));
    }
    Ok(())
}

fn sitemap_entry(root: &Url, loc: Url, lastmod: Option<String>, read: &mut IndexRead) {
    let canonical = canonicalize(&loc);
    match kind_of(&canonical, root, None) {
        LinkKind::File(_) => {
            read.listed += 1;
            read.files.push(ListedFile {
                context: super::listing::plone_context(&canonical),
                description: None,
                url: canonical,
                page: Some(loc),
                title: None,
                modified: lastmod,
                media_type: None,
            });
        }
        LinkKind::Page => read.pages.push((canonical, lastmod)),
        _ => {}
    }
}

/// One file's identity, whatever form a link gives it: Plone serves the same file as
/// `…/name.csv`, `…/name.csv/view`, `…/name.csv/@@download/file` and
/// `…/name.csv/@@download/file/name.csv`; the crawl and the index must count it once.
pub fn file_identity(url: &Url) -> String {
    let mut u = canonicalize(url);
    let path = u.path().to_owned();
    let cut = ["/@@download/", "/@@display-file/"]
        .iter()
        .filter_map(|m| path.find(m))
        .min();
    let trimmed = match cut {
        Some(i) => &path[..i],
        None => path.strip_suffix("/view").unwrap_or(&path),
    };
    let trimmed = trimmed.to_owned();
    u.set_path(&trimmed);
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn one_file_whatever_form_the_link_takes() {
        let forms = [
            "https://www.x.be/a/budget.csv",
            "https://www.x.be/a/budget.csv/view",
            "https://www.x.be/a/budget.csv/@@download/file",
            "https://www.x.be/a/budget.csv/@@download/file/budget.csv",
            "https://www.x.be/a/budget.csv/@@display-file/file",
            "https://www.x.be/a/budget.csv#top",
        ];
        let ids: Vec<String> = forms.iter().map(|f| file_identity(&u(f))).collect();
        assert!(
            ids.iter().all(|i| i == "https://www.x.be/a/budget.csv"),
            "{ids:?}"
        );
        assert_ne!(
            file_identity(&u("https://www.x.be/a/budget.csv")),
            file_identity(&u("https://www.x.be/a/budget-2.csv"))
        );
    }

    #[test]
    fn platforms_ask_their_own_index_first() {
        assert_eq!(
            indexes_of(Platform::ImioSmartweb),
            &[IndexKind::PloneSearch]
        );
        assert_eq!(
            indexes_of(Platform::ImioPlone),
            &[IndexKind::PloneSitemap, IndexKind::PloneSearch]
        );
        assert_eq!(
            indexes_of(Platform::WordPress),
            &[IndexKind::WordPressMedia]
        );
        assert!(indexes_of(Platform::Unknown).is_empty());
        assert!(indexes_of(Platform::Drupal).is_empty());
    }

    #[test]
    fn sitemap_files_are_listed_by_their_view_page() {
        let root = u("https://www.x.be/");
        let mut read = IndexRead::default();
        sitemap_entry(
            &root,
            u("https://www.x.be/finances/budget.csv/view"),
            Some("2024-01-02".into()),
            &mut read,
        );
        sitemap_entry(&root, u("https://www.x.be/actualites"), None, &mut read);
        assert_eq!(read.files.len(), 1);
        assert_eq!(
            read.files[0].url.as_str(),
            "https://www.x.be/finances/budget.csv"
        );
        assert_eq!(read.files[0].modified.as_deref(), Some("2024-01-02"));
        assert_eq!(read.pages.len(), 1);
    }
}
