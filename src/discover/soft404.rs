//! Soft 404s: a link to a file that answers `200 OK` with the site's "page not found"
//! page. The link is broken for everybody who follows it, whatever the status says.
//!
//! Three signs, cheapest first: the link ended on the site's homepage (CMSs redirect
//! missing files there); the page says so in its title ("Page introuvable", "404 Not
//! Found", "Pagina niet gevonden"); or, failing those, the classic test: ask the same
//! folder for a file that cannot exist, with the same extension; when the site answers
//! that too with 200 and a page of the same title, the link answered exactly like a
//! missing file, so it is one. The last costs one extra request per site, only when a
//! file link answered HTML and the first two said nothing. An HTML page that shows none
//! of these signs is a file that lies about its format (`FORMAT_MISLABELLED`).

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

/// Words an error page says of itself in its title: French, Dutch, German and English
/// CMS templates ("Page introuvable", "Pagina niet gevonden", "Seite nicht gefunden",
/// "404 Not Found").
const NOT_FOUND_WORDS: &[&str] = &[
    "introuvable",
    "non trouvée",
    "non trouvee",
    "n'existe pas",
    "n’existe pas",
    "erreur 404",
    "niet gevonden",
    "nicht gefunden",
    "not found",
    "page not found",
];

/// A page that says, in its title, that what was asked for does not exist.
pub fn says_not_found(title: Option<&str>) -> bool {
    title.is_some_and(|t| {
        let t = t.to_lowercase();
        NOT_FOUND_WORDS.iter().any(|w| t.contains(w)) || t.split_whitespace().any(|w| w == "404")
    })
}

/// A file link that ended on the site's homepage: CMSs send missing files there.
pub fn sent_home(asked: &Url, answered: &Url) -> bool {
    answered.path() == "/" && asked.path() != "/" && answered.query().is_none()
}

/// A link that answered an HTML page titled `title` is a soft 404 on this site.
pub fn is_soft_404(site: &NotFoundPage, title: Option<&str>) -> bool {
    matches!((site, title), (NotFoundPage::Soft { title: t }, Some(got)) if t == got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_pages_say_so_in_their_title() {
        assert!(says_not_found(Some(
            "Page introuvable | Ville de Courcelles"
        )));
        assert!(says_not_found(Some("Erreur 404 - Commune")));
        assert!(says_not_found(Some("404 Not Found")));
        assert!(says_not_found(Some("Pagina niet gevonden")));
        assert!(!says_not_found(Some(
            "Données ouvertes - Commune de Binche"
        )));
        assert!(!says_not_found(Some("Budget 4040")));
        assert!(!says_not_found(None));
    }

    #[test]
    fn a_file_link_sent_to_the_homepage() {
        let file: Url = "https://www.x.be/documents/budget.csv".parse().unwrap();
        let home: Url = "https://www.x.be/".parse().unwrap();
        assert!(sent_home(&file, &home));
        assert!(!sent_home(&home, &home));
        assert!(!sent_home(&file, &file));
    }

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
