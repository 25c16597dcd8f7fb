//! What the templates print, prepared: numbers formatted for the language, labels looked
//! up, links checked. Templates then only lay things out and escape.
//!
//! Two rules hold here. Text from the web stays a `String` that the templates escape (it
//! never reaches `|safe`). A link from the web becomes an `href` only when it is an
//! http(s) URL: a `javascript:` or `data:` "URL" in a catalogue is shown as text.

use base64::Engine;
use sha2::Digest;

use super::lang::{Labels, Lang};
use super::tables::{Breakdown, Cell, Group, GroupRow, Row, Table};

/// The report's own stylesheet, inlined in every page.
pub const STYLE: &str = include_str!("../../templates/report/report.css");
/// The report's only script (table sorting and filtering), inlined in every page.
pub const SCRIPT: &str = include_str!("../../templates/report/report.js");

/// What every page shares: language, labels, inline assets and their policy.
#[derive(Clone, Debug)]
pub struct Chrome {
    /// `fr` or `en`.
    pub lang: &'static str,
    /// The labels.
    pub l: &'static Labels,
    /// The stylesheet (ours).
    pub style: &'static str,
    /// The script (ours).
    pub script: &'static str,
    /// The Content-Security-Policy: nothing may load, only our script may run.
    pub csp: String,
    /// The relative path to the folder holding `index.html` of all runs (`../`).
    pub root: &'static str,
}

impl Chrome {
    /// The chrome of a page `depth` folders below the runs index.
    pub fn new(lang: Lang, depth: usize) -> Chrome {
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(SCRIPT));
        Chrome {
            lang: lang.code(),
            l: lang.labels(),
            style: STYLE,
            script: SCRIPT,
            csp: format!(
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'"
            ),
            root: match depth {
                0 => "",
                1 => "../",
                _ => "../../",
            },
        }
    }
}

/// A link, or plain text when the address is not an http(s) URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The address to follow, when it is safe to.
    pub href: Option<String>,
    /// What to show.
    pub text: String,
}

impl Link {
    /// A link to `url`, showing `text` (the URL itself when `None`).
    pub fn to(url: &str, text: Option<&str>) -> Link {
        Link {
            href: safe_href(url),
            text: text.unwrap_or(url).to_owned(),
        }
    }
}

/// `url` if it is an absolute http(s) URL (normalised), else `None`.
pub fn safe_href(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https")
        .then(|| parsed.host().is_some())
        .filter(|ok| *ok)
        .map(|_| parsed.to_string())
}

/// A count with its share, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellView {
    /// False for a question not asked, or not measurable.
    pub present: bool,
    /// The count.
    pub n: String,
    /// `/ base`.
    pub base: String,
    /// The share (`17 %`).
    pub pct: String,
    /// For sorting: the share in tenths of a percent.
    pub sort: String,
    /// What stands in place of a missing cell.
    pub missing: &'static str,
}

impl CellView {
    /// Format a cell; `missing` is shown when there is none.
    pub fn of(lang: Lang, cell: Option<Cell>, missing: &'static str) -> CellView {
        match cell {
            Some(c) => CellView {
                present: true,
                n: c.n.to_string(),
                base: format!("/{}", c.base),
                pct: lang.percent(c.n, c.base),
                sort: c
                    .percent()
                    .map_or(String::new(), |p| format!("{}", (p * 10.0).round())),
                missing,
            },
            None => CellView {
                present: false,
                n: String::new(),
                base: String::new(),
                pct: String::new(),
                sort: String::new(),
                missing,
            },
        }
    }
}

/// A row of an overview table, ready to print.
#[derive(Clone, Debug)]
pub struct RowView {
    /// The answer.
    pub label: &'static str,
    /// Declared.
    pub declared: CellView,
    /// Measured on respondents.
    pub respondents: CellView,
    /// Measured on all.
    pub all: CellView,
    /// The previous run.
    pub previous: CellView,
    /// Change in percentage points from the previous run to this one.
    pub delta: String,
    /// The baseline.
    pub baseline: CellView,
    /// Where the baseline figure comes from.
    pub baseline_source: String,
}

/// An overview table, ready to print.
#[derive(Clone, Debug)]
pub struct TableView {
    /// Its HTML id.
    pub id: &'static str,
    /// Its title (the survey's question).
    pub title: &'static str,
    /// How it is measured.
    pub note: &'static str,
    /// Its rows.
    pub rows: Vec<RowView>,
}

/// Prepare an overview table.
pub fn table_view(
    lang: Lang,
    t: &Table,
    baseline: Option<&super::baseline::Baseline>,
) -> TableView {
    let l = lang.labels();
    TableView {
        id: t.key.html_id(),
        title: lang.table_title(t.key),
        note: lang.table_note(t.key),
        rows: t
            .rows
            .iter()
            .map(|r: &Row| RowView {
                label: lang.row_label(t.key, r.key),
                declared: CellView::of(lang, r.declared, lang.declared_missing(t.key)),
                respondents: CellView::of(lang, r.respondents, l.not_measurable),
                all: CellView::of(lang, r.all, l.not_measurable),
                previous: CellView::of(lang, r.previous, "–"),
                delta: match (
                    r.all.and_then(Cell::percent),
                    r.previous.and_then(Cell::percent),
                ) {
                    (Some(now), Some(before)) => lang.points(now - before),
                    _ => String::new(),
                },
                baseline: CellView::of(lang, r.baseline, "–"),
                baseline_source: baseline
                    .and_then(|b| b.source(t.key, r.key))
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect(),
    }
}

/// A group of a breakdown, ready to print.
#[derive(Clone, Debug)]
pub struct GroupView {
    /// The group (population class or province).
    pub group: String,
    /// Communes audited.
    pub audited: String,
    /// Respondents.
    pub respondents: CellView,
    /// Declaring they open data.
    pub declared_open: CellView,
    /// Found publishing, respondents.
    pub found_respondents: CellView,
    /// Found publishing, all.
    pub found_all: CellView,
    /// Open licence, all.
    pub open_all: CellView,
    /// Found publishing, previous run.
    pub previous: CellView,
}

/// A breakdown, ready to print.
#[derive(Clone, Debug)]
pub struct BreakdownView {
    /// Its HTML id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The heading of the group column.
    pub group_heading: &'static str,
    /// One row per group.
    pub rows: Vec<GroupView>,
    /// The total row.
    pub total: GroupView,
}

fn group_view(lang: Lang, g: &GroupRow) -> GroupView {
    let cell = |c: Cell| CellView::of(lang, Some(c), "");
    GroupView {
        group: match &g.group {
            Group::Class(c) => lang.population_class(*c),
            Group::Province(p) => p.clone(),
            Group::All => lang.labels().total.to_owned(),
        },
        audited: g.audited.to_string(),
        respondents: cell(g.respondents),
        declared_open: cell(g.declared_open),
        found_respondents: cell(g.found_respondents),
        found_all: cell(g.found_all),
        open_all: cell(g.open_all),
        previous: CellView::of(lang, g.previous, "–"),
    }
}

/// Prepare a breakdown.
pub fn breakdown_view(
    lang: Lang,
    b: &Breakdown,
    id: &'static str,
    title: &'static str,
    group_heading: &'static str,
) -> BreakdownView {
    BreakdownView {
        id,
        title,
        group_heading,
        rows: b.rows.iter().map(|g| group_view(lang, g)).collect(),
        total: group_view(lang, &b.total),
    }
}

/// `★★★☆☆` for 3 stars.
pub fn star_glyphs(n: u8) -> String {
    let n = usize::from(n.min(5));
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            safe_href("https://www.namur.be/fr/x?a=1&b=2").as_deref(),
            Some("https://www.namur.be/fr/x?a=1&b=2")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<script>x</script>"), None);
        assert_eq!(safe_href("/relative"), None);
        assert_eq!(safe_href("http://"), None);
        let l = Link::to("javascript:alert(1)", None);
        assert_eq!((l.href, l.text.as_str()), (None, "javascript:alert(1)"));
    }

    #[test]
    fn the_policy_allows_exactly_our_script() {
        let c = Chrome::new(Lang::Fr, 1);
        assert!(c.csp.contains("script-src 'sha256-"));
        assert!(!c.csp.contains("unsafe-inline'; script"));
        assert!(c.csp.starts_with("default-src 'none'"));
        assert_eq!(c.root, "../");
        assert_eq!(star_glyphs(3), "★★★☆☆");
        assert_eq!(star_glyphs(9), "★★★★★");
    }

    #[test]
    fn cells_print_count_base_and_share() {
        let v = CellView::of(Lang::En, Some(Cell::of(13, 75)), "n/a");
        assert_eq!(
            (v.n.as_str(), v.base.as_str(), v.pct.as_str()),
            ("13", "/75", "17%")
        );
        assert_eq!(v.sort, "173");
        let v = CellView::of(Lang::En, None, "n/a");
        assert!(!v.present);
        assert_eq!(v.missing, "n/a");
    }
}
