//! Soft 404s: a link to a file that answers `200 OK` with the site's "page not found"
//! page. The link is broken for everybody who follows it, whatever the status says.
//!
//! A file link answering an HTML page is not broken by itself (a CMS may serve an error
//! page of its own *as* the file — that is a file that lies about its format). The test is
//! the classic one: ask the same folder for a file that cannot exist, with the same
//! extension; when the site answers that too with 200 and a page of the same title, the
//! link answered exactly like a missing file, so it is one. One extra request per site,
//! only when a file link answered HTML.

use url::Url;

/// What a site answers for a file that does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotFoundPage {
    /// An error status (or no answer): the site says "not found" properly.
    Honest,
    /// `200` with an HTML page of this title: every missing file looks like this.
    Soft {
        /// The page's `<title>`.
        title: String,
    },
}

/// The URL of a file that cannot exist, next to `url` and with its extension.
pub fn absent_sibling(url: &Url) -> Option<Url> {
    let name = url.path_segments()?.next_back()?;
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()));
    // Stable per URL, so a second run asks the same thing.
    let tag = url
        .as_str()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let file = match ext {
        Some(e) => format!("odaudit-absent-{tag:016x}.{e}"),
        None => format!("odaudit-absent-{tag:016x}"),
    };
    url.join(&file).ok()
}

/// The `<title>` of an HTML page, trimmed and with its spaces collapsed; `None` when it
/// has none (nothing to compare then, so nothing is called a soft 404).
pub fn html_title(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!title.is_empty()).then_some(title)
}

/// The site's answer to a missing file, from the response to [`absent_sibling`].
pub fn not_found_page(status: Option<u16>, body: &[u8]) -> NotFoundPage {
    match (status, html_title(body)) {
        (Some(200..=299), Some(title)) => NotFoundPage::Soft { title },
        _ => NotFoundPage::Honest,
    }
}

/// A link that answered an HTML page titled `title` is a soft 404 on this site.
pub fn is_soft_404(site: &NotFoundPage, title: Option<&str>) -> bool {
    matches!((site, title), (NotFoundPage::Soft { title: t }, Some(got)) if t == got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_absent_sibling_keeps_folder_and_extension() {
        let u: Url = "http://www.x.be/documents/travaux-2021.json"
            .parse()
            .unwrap();
        let s = absent_sibling(&u).unwrap();
        assert!(
            s.as_str()
                .starts_with("http://www.x.be/documents/odaudit-absent-")
        );
        assert!(s.as_str().ends_with(".json"));
        assert_eq!(absent_sibling(&u), Some(s));
    }

    #[test]
    fn titles_are_compared_not_statuses() {
        let page = b"<html><head><title>Page introuvable\n - Commune</title></head></html>";
        assert_eq!(
            html_title(page).as_deref(),
            Some("Page introuvable - Commune")
        );
        let site = not_found_page(Some(200), page);
        assert!(is_soft_404(&site, Some("Page introuvable - Commune")));
        // An nginx error page served as the file is the file's own content.
        assert!(!is_soft_404(&site, Some("404 Not Found")));
        // A site answering 404 for missing files has no soft 404s.
        assert!(!is_soft_404(
            &not_found_page(Some(404), page),
            Some("Page introuvable - Commune")
        ));
        assert!(!is_soft_404(&site, None));
    }
}
