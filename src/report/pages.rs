//! The three kinds of page — the runs index, a run's overview, a commune — as askama
//! templates (`templates/report/`) and the code that fills them.
//!
//! Auto-escaping is on for every template (`.html`); the only `|safe` outputs are our own
//! stylesheet and script. Everything from the web is a plain `String` here.

use std::collections::BTreeMap;

use askama::Template;

use crate::audit::advice::{Advice, advise};
use crate::audit::rate::{is_broken, is_not_verifiable};
use crate::audit::{CommuneAudit, RatedDistribution, Severity, WebsiteState};
use crate::declarations::Declaration;
use crate::discover::problem::Problem;
use crate::store::RunDiff;
use crate::targets::NisCode;

use super::baseline::Baseline;
use super::charts::{BarChart, bar_chart};
use super::lang::Lang;
use super::measure::{Agreement, Measured, measure, verdicts};
use super::tables::{FRESHNESS_ORDER, Overview, StandardRow};
use super::view::{
    BreakdownView, CellView, Chrome, Link, TableView, breakdown_view, star_glyphs, table_view,
};
use super::{RenderedRun, RunMeta};

/// Findings and changes listed on the overview at most.
const MAX_CHANGE_ITEMS: usize = 200;
/// Evidence URLs shown unfolded per finding.
const EVIDENCE_SHOWN: usize = 5;

/// A run's heading.
#[derive(Clone, Debug)]
pub struct RunHead {
    pub name: String,
    pub started: String,
    pub finished: Option<String>,
    pub as_of: Option<String>,
}

impl RunHead {
    fn of(lang: Lang, run: &RunMeta) -> RunHead {
        RunHead {
            name: run.name.clone(),
            started: lang.datetime(&run.started),
            finished: run.finished.as_deref().map(|f| lang.datetime(f)),
            as_of: run.as_of.as_deref().map(|t| lang.datetime(t)),
        }
    }
}

/// The counts in a run's heading.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub communes: usize,
    pub respondents: usize,
    pub publishing: usize,
    pub distributions: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// A chart and its note.
#[derive(Clone, Debug)]
pub struct ChartView {
    pub chart: BarChart,
    pub note: &'static str,
}

/// One finding opened or closed, on the overview.
#[derive(Clone, Debug)]
pub struct ChangeItem {
    pub sign: &'static str,
    pub severity: &'static str,
    pub commune: String,
    pub href: String,
    pub title: &'static str,
    pub message: String,
}

/// What changed since the previous run.
#[derive(Clone, Debug, Default)]
pub struct ChangesView {
    pub previous: Option<String>,
    pub rows: Vec<(&'static str, String)>,
    pub items: Vec<ChangeItem>,
    pub more: usize,
}

/// A commune in the overview's list.
#[derive(Clone, Debug)]
pub struct CommuneRow {
    pub nis: String,
    pub name: String,
    pub province: String,
    pub population: u32,
    pub class: String,
    pub declared: &'static str,
    pub found: &'static str,
    pub found_css: &'static str,
    pub best_stars: u8,
    pub stars: String,
    pub distributions: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub website: String,
    pub website_css: &'static str,
}

/// `<run>/index.html`.
#[derive(Template)]
#[template(path = "report/overview.html")]
pub struct OverviewPage {
    pub c: Chrome,
    pub page_title: String,
    pub version: String,
    pub run: RunHead,
    pub totals: Totals,
    pub no_respondents: bool,
    pub tables: Vec<TableView>,
    pub breakdowns: Vec<BreakdownView>,
    pub has_previous: bool,
    pub previous_name: String,
    pub baseline_name: Option<String>,
    pub standards: Vec<StandardView>,
    pub charts: Vec<ChartView>,
    pub changes: ChangesView,
    pub communes: Vec<CommuneRow>,
    pub raw_files: Vec<&'static str>,
}

/// A commune in the "Standards wallons" table.
#[derive(Clone, Debug)]
pub struct StandardCommuneView {
    pub nis: String,
    pub name: String,
    pub files: u64,
    pub verdict: &'static str,
    pub css: &'static str,
}

/// A row of the "Standards wallons" table.
#[derive(Clone, Debug)]
pub struct StandardView {
    pub title: String,
    pub name: String,
    pub version: String,
    pub publishing: CellView,
    pub conforming: CellView,
    pub communes: Vec<StandardCommuneView>,
}

fn standard_view(lang: Lang, row: &StandardRow) -> StandardView {
    let l = lang.labels();
    StandardView {
        title: row.title.clone(),
        name: row.standard.clone(),
        version: row.version.clone(),
        publishing: CellView::of(lang, Some(row.publishing), ""),
        conforming: CellView::of(lang, Some(row.conforming), "–"),
        communes: row
            .communes
            .iter()
            .map(|u| StandardCommuneView {
                nis: u.nis_code.to_string(),
                name: u.name.clone(),
                files: u.files,
                verdict: if u.conforms() {
                    l.conforms_yes
                } else {
                    l.conforms_no
                },
                css: if u.conforms() { "ok" } else { "ko" },
            })
            .collect(),
    }
}

/// A step of "Pour progresser", ready to print.
#[derive(Clone, Debug)]
pub struct AdviceView {
    pub title: String,
    pub detail: String,
    pub evidence: Vec<Link>,
}

fn advice_view(lang: Lang, a: &Advice) -> AdviceView {
    let (title, detail) = lang.advice(a);
    let evidence: Vec<&crate::audit::model::Evidence> = match a {
        Advice::RemovePersonalData { file, .. } | Advice::FollowStandard { file, .. } => {
            vec![file]
        }
        Advice::StateOpenLicence { pages, .. } => pages.iter().collect(),
        Advice::AddCsv { examples, .. } | Advice::PublishOnOdwb { examples, .. } => {
            examples.iter().collect()
        }
    };
    AdviceView {
        title,
        detail,
        evidence: evidence.into_iter().map(evidence_link).collect(),
    }
}

/// Everything the overview is built from.
pub struct OverviewInput<'a> {
    pub lang: Lang,
    pub run: &'a RunMeta,
    pub audits: &'a [CommuneAudit],
    pub overview: &'a Overview,
    pub previous: Option<&'a RunMeta>,
    pub diff: Option<&'a RunDiff>,
    pub baseline: Option<&'a Baseline>,
    pub raw_files: Vec<&'static str>,
}

/// The website's state, long (commune page) or short (list), and its CSS class.
fn website_status(lang: Lang, a: &CommuneAudit, short: bool) -> (String, &'static str) {
    let l = lang.labels();
    let pick = |long: &'static str, brief: &'static str| if short { brief } else { long };
    match a.website.status {
        WebsiteState::Ok => ("OK".to_owned(), "ok"),
        WebsiteState::Unreachable => (
            pick(l.website_unreachable, l.website_down_short).to_owned(),
            "ko",
        ),
        WebsiteState::Closed => (
            pick(l.website_closed, l.website_closed_short).to_owned(),
            "unk",
        ),
        WebsiteState::None => (pick(l.no_website, l.website_none_short).to_owned(), "muted"),
        WebsiteState::NotCrawled => (l.website_not_crawled.to_owned(), "muted"),
    }
}

/// `imio_smartweb — files listed by plone_search`, when the site was read.
fn platform_line(lang: Lang, a: &CommuneAudit) -> Option<String> {
    let platform = a.website.platform.as_deref()?;
    Some(match &a.website.index {
        Some(index) => format!("{platform} — {} {index}", lang.labels().listed_by),
        None => platform.to_owned(),
    })
}

/// Fill the overview page.
pub fn overview_page(input: OverviewInput<'_>) -> OverviewPage {
    let lang = input.lang;
    let l = lang.labels();
    let o = input.overview;
    let facts: Vec<(&CommuneAudit, Measured)> =
        input.audits.iter().map(|a| (a, measure(a))).collect();
    let names: BTreeMap<NisCode, &str> = input
        .audits
        .iter()
        .map(|a| (a.commune.nis_code, a.commune.name.as_str()))
        .collect();
    OverviewPage {
        c: Chrome::new(lang, 1),
        page_title: format!("{} — {}", l.report_title, input.run.name),
        version: input.run.version.clone(),
        run: RunHead::of(lang, input.run),
        totals: totals(input.audits, &facts),
        no_respondents: input.audits.iter().all(|a| a.declaration.is_none()),
        tables: o
            .tables
            .iter()
            .map(|t| table_view(lang, t, input.baseline))
            .collect(),
        breakdowns: breakdowns(lang, o),
        has_previous: input.previous.is_some(),
        previous_name: input
            .previous
            .map(|p| format!("{} ({})", p.name, lang.date(&p.started)))
            .unwrap_or_default(),
        baseline_name: input.baseline.map(|b| b.edition.clone()),
        standards: o.standards.iter().map(|r| standard_view(lang, r)).collect(),
        charts: charts(lang, o),
        changes: changes_view(lang, input.previous, input.diff, &names),
        communes: facts.iter().map(|(a, m)| commune_row(lang, a, m)).collect(),
        raw_files: input.raw_files,
    }
}

/// The overview's headline counts.
fn totals(audits: &[CommuneAudit], facts: &[(&CommuneAudit, Measured)]) -> Totals {
    let findings = |s: Severity| {
        audits
            .iter()
            .flat_map(|a| &a.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    Totals {
        communes: audits.len(),
        respondents: audits.iter().filter(|a| a.declaration.is_some()).count(),
        publishing: facts.iter().filter(|(_, m)| m.publishes).count(),
        distributions: audits.iter().map(|a| a.distributions.len()).sum(),
        errors: findings(Severity::Error),
        warnings: findings(Severity::Warning),
        infos: findings(Severity::Info),
    }
}

/// Opening data by population class and by province.
fn breakdowns(lang: Lang, o: &Overview) -> Vec<BreakdownView> {
    let l = lang.labels();
    vec![
        breakdown_view(
            lang,
            &o.by_class,
            "t-opens-by-class",
            l.by_class_title,
            l.population_class,
        ),
        breakdown_view(
            lang,
            &o.by_province,
            "t-opens-by-province",
            l.by_province_title,
            l.province,
        ),
    ]
}

/// Stars and freshness, this run beside the previous one.
fn charts(lang: Lang, o: &Overview) -> Vec<ChartView> {
    let l = lang.labels();
    let series = |this: &Vec<u64>, previous: &Option<Vec<u64>>| {
        let mut s = vec![(l.this_run.to_owned(), this.clone())];
        if let Some(p) = previous {
            s.push((l.previous_run.to_owned(), p.clone()));
        }
        s
    };
    vec![
        ChartView {
            chart: bar_chart(
                "c-stars",
                l.stars_chart.to_owned(),
                (0..=5).map(|n| format!("{n}★")).collect(),
                series(&o.stars.this, &o.stars.previous),
            ),
            note: l.stars_chart_note,
        },
        ChartView {
            chart: bar_chart(
                "c-freshness",
                l.freshness_chart.to_owned(),
                FRESHNESS_ORDER
                    .iter()
                    .map(|f| lang.freshness(*f).to_owned())
                    .collect(),
                series(&o.freshness.this, &o.freshness.previous),
            ),
            note: l.freshness_chart_note,
        },
    ]
}

/// One commune's line in the overview's list.
fn commune_row(lang: Lang, a: &CommuneAudit, m: &Measured) -> CommuneRow {
    let l = lang.labels();
    let count = |s: Severity| a.findings.iter().filter(|f| f.severity == s).count();
    let (website, website_css) = website_status(lang, a, true);
    CommuneRow {
        nis: a.commune.nis_code.to_string(),
        name: a.commune.name.clone(),
        province: a.commune.province.clone(),
        population: a.commune.population,
        class: lang.population_class(a.commune.population_class()),
        declared: match &a.declaration {
            Some(d) if d.opens_data => l.yes,
            Some(_) => l.no,
            None => l.no_answer,
        },
        found: if m.publishes { l.yes } else { l.no },
        found_css: match (&a.declaration, m.publishes) {
            (Some(d), p) if d.opens_data != p => "ko",
            _ => "",
        },
        best_stars: m.best_stars.get(),
        stars: star_glyphs(m.best_stars.get()),
        distributions: a.distributions.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        website,
        website_css,
    }
}

fn changes_view(
    lang: Lang,
    previous: Option<&RunMeta>,
    diff: Option<&RunDiff>,
    names: &BTreeMap<NisCode, &str>,
) -> ChangesView {
    let l = lang.labels();
    let (Some(p), Some(d)) = (previous, diff) else {
        return ChangesView {
            rows: [
                l.datasets_new,
                l.datasets_vanished,
                l.distributions_new,
                l.distributions_vanished,
                l.findings_opened,
                l.findings_closed,
            ]
            .into_iter()
            .map(|label| (label, "–".to_owned()))
            .collect(),
            ..ChangesView::default()
        };
    };
    let up = d.star_changes.iter().filter(|s| s.to > s.from).count();
    let rows = [
        (l.datasets_new, d.datasets_new.len()),
        (l.datasets_vanished, d.datasets_vanished.len()),
        (l.distributions_new, d.distributions_new.len()),
        (l.distributions_vanished, d.distributions_vanished.len()),
        (l.stars_up, up),
        (l.stars_down, d.star_changes.len() - up),
        (l.freshness_changed, d.freshness_changes.len()),
        (l.findings_opened, d.findings_opened.len()),
        (l.findings_closed, d.findings_closed.len()),
        (l.communes_only_in_this, d.communes_only_in_to.len()),
        (l.communes_only_in_previous, d.communes_only_in_from.len()),
    ]
    .into_iter()
    .map(|(label, n)| (label, n.to_string()))
    .collect();
    let mut items: Vec<ChangeItem> = d
        .findings_opened
        .iter()
        .map(|f| ("+", f))
        .chain(d.findings_closed.iter().map(|f| ("−", f)))
        .map(|(sign, f)| ChangeItem {
            sign,
            severity: f.severity.as_str(),
            commune: names
                .get(&f.nis_code)
                .map_or_else(|| f.nis_code.to_string(), |n| (*n).to_owned()),
            href: format!("communes/{}.html", f.nis_code),
            title: lang.finding_title(f.code),
            message: lang.finding_text(f.code, f.subject, &f.facts),
        })
        .collect();
    let more = items.len().saturating_sub(MAX_CHANGE_ITEMS);
    items.truncate(MAX_CHANGE_ITEMS);
    ChangesView {
        previous: Some(format!("{} ({})", p.name, lang.datetime(&p.started))),
        rows,
        items,
        more,
    }
}

/// A line of the "at a glance" table.
#[derive(Clone, Debug)]
pub struct GlanceRow {
    pub question: &'static str,
    pub declared: String,
    pub found: String,
    pub verdict: &'static str,
    pub css: &'static str,
}

/// A finding, ready to print.
#[derive(Clone, Debug)]
pub struct FindingView {
    pub css: &'static str,
    pub severity: &'static str,
    pub title: &'static str,
    pub code: &'static str,
    pub message: String,
    /// The first pieces of evidence, shown.
    pub evidence: Vec<Link>,
    /// The rest, folded.
    pub more_evidence: Vec<Link>,
}

/// A file found, ready to print.
#[derive(Clone, Debug)]
pub struct DistView {
    pub title: String,
    pub landing: Option<Link>,
    pub channel: String,
    pub format: String,
    pub mislabelled: Option<String>,
    pub stars: u8,
    pub glyphs: String,
    pub reason: String,
    pub reasons: Vec<String>,
    pub licence: &'static str,
    pub licence_name: Option<String>,
    pub modified: String,
    pub modified_sort: String,
    pub modified_source: Option<String>,
    pub freshness: &'static str,
    pub freshness_css: &'static str,
    pub age: Option<String>,
    pub url: Link,
    /// Broken or not verifiable, with the reason.
    pub status: Option<String>,
    /// `ko` for broken, `unk` for not verifiable.
    pub status_css: &'static str,
}

/// Something that could not be reached.
#[derive(Clone, Debug)]
pub struct Unreachable {
    pub what: String,
    pub detail: String,
    pub link: Option<Link>,
}

/// A change for one commune.
#[derive(Clone, Debug)]
pub struct ChangeLine {
    pub kind: &'static str,
    pub text: String,
}

/// `<run>/communes/<nis>.html`.
#[derive(Template)]
#[template(path = "report/commune.html")]
pub struct CommunePage {
    pub c: Chrome,
    pub page_title: String,
    pub version: String,
    pub run: RunHead,
    pub name: String,
    pub nis: String,
    pub province: String,
    pub population: u32,
    pub class: String,
    pub website: Option<Link>,
    pub website_status: String,
    pub website_css: &'static str,
    /// The platform, and the index that listed its files.
    pub platform: Option<String>,
    pub responded: bool,
    /// Whose answers these are, when a merged commune gave them.
    pub carried: Option<String>,
    pub glance: Vec<GlanceRow>,
    pub findings: Vec<FindingView>,
    pub datasets: Vec<DistView>,
    pub unreachable: Vec<Unreachable>,
    pub has_previous: bool,
    pub changes: Vec<ChangeLine>,
    /// "Pour progresser".
    pub advice: Vec<AdviceView>,
}

fn join<T>(
    items: impl IntoIterator<Item = T>,
    f: impl Fn(T) -> &'static str,
    none: &str,
) -> String {
    let v: Vec<&str> = items.into_iter().map(f).collect();
    if v.is_empty() {
        none.to_owned()
    } else {
        v.join(" · ")
    }
}

/// What was found, per survey question, in the commune page's words: opens, channels,
/// formats, update, communication.
fn found_answers(lang: Lang, m: &Measured) -> [String; 5] {
    let l = lang.labels();
    let channels = join(
        m.channels.iter().copied(),
        |c| lang.channel(c),
        l.none_found,
    );
    let formats = join(
        m.formats.iter().copied(),
        |c| lang.format_class_short(c),
        l.none_found,
    );
    let update = m
        .update
        .map_or_else(|| "—".to_owned(), |u| lang.update_state(u).to_owned());
    let mut linked = match m.linked_from_site {
        Some(true) => l.linked_yes,
        Some(false) => l.linked_no,
        None => l.linked_unknown,
    }
    .to_owned();
    if m.on_portal {
        linked = format!("{linked} · {}", l.on_portal);
    }
    let opens = if m.publishes {
        l.found_publishes
    } else {
        l.found_nothing
    }
    .to_owned();
    [opens, channels, formats, update, linked]
}

fn glance(lang: Lang, a: &CommuneAudit, m: &Measured) -> Vec<GlanceRow> {
    let l = lang.labels();
    let questions = [
        l.q_opens,
        l.q_channels,
        l.q_formats,
        l.q_update,
        l.q_communication,
    ];
    let (declared, agreements) = match &a.declaration {
        Some(d) => (declared_answers(lang, d), agreements(d, m)),
        None => (
            std::array::from_fn(|_| "—".to_owned()),
            [Agreement::NotDeclared; 5],
        ),
    };
    questions
        .into_iter()
        .zip(declared)
        .zip(found_answers(lang, m))
        .zip(agreements)
        .map(|(((question, declared), found), agreement)| GlanceRow {
            question,
            declared,
            found,
            verdict: lang.agreement(agreement),
            css: agreement.css(),
        })
        .collect()
}

/// What the commune declared, in the glance's question order: opens data, channels,
/// formats, update, communication.
fn declared_answers(lang: Lang, d: &Declaration) -> [String; 5] {
    let l = lang.labels();
    [
        if d.opens_data { l.yes } else { l.no }.to_owned(),
        join(
            d.channels.iter().copied(),
            |c| lang.channel(c.channel()),
            "—",
        ),
        join(
            d.formats.iter().copied(),
            |c| lang.format_class_short(c),
            "—",
        ),
        d.update
            .map_or_else(|| "—".to_owned(), |u| lang.update_regime(u).to_owned()),
        join(
            d.communication.iter().copied(),
            |c| lang.communication(c),
            "—",
        ),
    ]
}

/// The comparison's verdicts in the glance's question order; the follow-up questions
/// only for communes declaring `oui`.
fn agreements(d: &Declaration, m: &Measured) -> [Agreement; 5] {
    let v = verdicts(d, m);
    let follow_up = |agreement: Agreement| {
        if d.opens_data {
            agreement
        } else {
            Agreement::NotDeclared
        }
    };
    [
        v.opens,
        follow_up(v.channels.agreement()),
        follow_up(v.formats.agreement()),
        follow_up(v.update),
        follow_up(v.communication),
    ]
}

/// A finding's evidence: its URL, after the text seen for it when there is one.
fn evidence_link(e: &crate::audit::model::Evidence) -> Link {
    match &e.seen {
        Some(seen) => Link::to(&e.url, Some(&format!("{seen} — {}", e.url))),
        None => Link::to(&e.url, None),
    }
}

/// Why a file did not download, by its typed outcome.
fn failure(lang: Lang, r: &RatedDistribution) -> String {
    lang.outcome(r.outcome)
}

fn dist_view(lang: Lang, r: &RatedDistribution) -> DistView {
    let l = lang.labels();
    let format = match (r.format, r.container) {
        (Some(f), Some(c)) => format!("{} {} {}", f.code(), l.in_container, c.code()),
        (Some(f), None) => f.code().to_owned(),
        (None, _) => l.unknown_format.to_owned(),
    };
    let channel = match &r.portal {
        Some(p) if r.channel != crate::discover::Channel::Website => {
            format!("{} ({p})", lang.channel(r.channel))
        }
        _ => lang.channel(r.channel).to_owned(),
    };
    let status = (is_broken(r) || is_not_verifiable(r)).then(|| failure(lang, r));
    let age = match (r.age_days, &r.frequency) {
        (Some(d), Some(f)) => Some(format!("{d} {} · {} {f}", l.days, l.frequency)),
        (Some(d), None) => Some(format!("{d} {}", l.days)),
        (None, Some(f)) => Some(format!("{} {f}", l.frequency)),
        (None, None) => None,
    };
    DistView {
        title: r.dataset_title.clone(),
        landing: r
            .landing_page
            .as_deref()
            .map(|p| Link::to(p, Some(l.landing_page))),
        channel,
        format,
        mislabelled: r.mislabelled.then(|| r.claimed.clone().unwrap_or_default()),
        stars: r.stars.get(),
        glyphs: star_glyphs(r.stars.get()),
        reason: lang.stars_reason(
            r.stars.get(),
            r.stars_format.get(),
            r.licence,
            r.licence_name.as_deref(),
        ),
        reasons: r.reasons.clone(),
        licence: lang.licence(r.licence),
        licence_name: r.licence_name.clone(),
        modified: r
            .last_modified
            .as_deref()
            .map_or_else(|| "—".to_owned(), |m| lang.date(m)),
        modified_sort: r.last_modified.clone().unwrap_or_default(),
        modified_source: r.modified_source.clone(),
        freshness: lang.freshness(r.freshness),
        freshness_css: match r.freshness {
            crate::assess::FreshnessClass::OnTime => "ok",
            crate::assess::FreshnessClass::Late => "ko",
            _ => "unk",
        },
        age,
        url: Link::to(&r.url, None),
        status,
        status_css: if is_broken(r) { "ko" } else { "unk" },
    }
}

/// Fill a commune page; `diff` is this run against the previous one (if any).
pub fn commune_page(
    lang: Lang,
    run: &RunMeta,
    a: &CommuneAudit,
    diff: Option<&RunDiff>,
) -> CommunePage {
    let l = lang.labels();
    let m = measure(a);
    let findings = finding_views(lang, a);
    let unreachable = unreachable_views(lang, a);
    let nis = a.commune.nis_code;
    let changes = diff
        .map(|d| commune_changes(lang, d, nis))
        .unwrap_or_default();
    let (website_status, website_css) = website_status(lang, a, false);
    CommunePage {
        c: Chrome::new(lang, 2),
        page_title: format!("{} ({}) — {}", a.commune.name, nis, l.report_title),
        version: run.version.clone(),
        run: RunHead::of(lang, run),
        name: a.commune.name.clone(),
        nis: nis.to_string(),
        province: a.commune.province.clone(),
        population: a.commune.population,
        class: lang.population_class(a.commune.population_class()),
        website: a.website.url.as_deref().map(|u| Link::to(u, None)),
        website_status,
        website_css,
        platform: platform_line(lang, a),
        responded: a.declaration.is_some(),
        carried: a.declaration.as_ref().and_then(|d| lang.carried_from(d)),
        glance: glance(lang, a, &m),
        findings,
        datasets: a.distributions.iter().map(|r| dist_view(lang, r)).collect(),
        unreachable,
        has_previous: diff.is_some(),
        changes,
        advice: advise(a).iter().map(|x| advice_view(lang, x)).collect(),
    }
}

/// The commune's findings, most severe first, with their evidence.
fn finding_views(lang: Lang, a: &CommuneAudit) -> Vec<FindingView> {
    let mut findings: Vec<&crate::audit::Finding> = a.findings.iter().collect();
    findings.sort_by(|x, y| y.severity.cmp(&x.severity).then(x.code.cmp(&y.code)));
    findings
        .into_iter()
        .map(|f| FindingView {
            css: f.severity.as_str(),
            severity: lang.severity(f.severity),
            title: lang.finding_title(f.code),
            code: f.code.as_str(),
            message: lang.finding_message(f),
            evidence: f
                .evidence
                .iter()
                .take(EVIDENCE_SHOWN)
                .map(evidence_link)
                .collect(),
            more_evidence: f
                .evidence
                .iter()
                .skip(EVIDENCE_SHOWN)
                .map(evidence_link)
                .collect(),
        })
        .collect()
}

/// What could not be read, or is broken: the website, problems met, files.
fn unreachable_views(lang: Lang, a: &CommuneAudit) -> Vec<Unreachable> {
    let l = lang.labels();
    let mut unreachable = Vec::new();
    let what = match a.website.status {
        WebsiteState::Ok => None,
        WebsiteState::None => Some(l.no_website),
        WebsiteState::NotCrawled => Some(l.website_not_crawled),
        WebsiteState::Unreachable => Some(l.website_unreachable),
        WebsiteState::Closed => Some(l.website_closed),
    };
    if let Some(what) = what {
        unreachable.push(Unreachable {
            what: what.to_owned(),
            detail: a.website.why.clone().unwrap_or_default(),
            link: a.website.url.as_deref().map(|u| Link::to(u, None)),
        });
    }
    unreachable.extend(a.errors.iter().map(|p| problem_view(lang, p)));
    let files = [
        (l.broken_file, is_broken as fn(&RatedDistribution) -> bool),
        (l.unverified_file, is_not_verifiable),
    ];
    for (what, which) in files {
        for r in a.distributions.iter().filter(|r| which(r)) {
            unreachable.push(Unreachable {
                what: what.to_owned(),
                detail: failure(lang, r),
                link: Some(Link::to(&r.url, None)),
            });
        }
    }
    unreachable
}

/// A problem met, worded from its kind; whose fault it is when a request failed, then
/// the technical detail.
fn problem_view(lang: Lang, p: &Problem) -> Unreachable {
    let whose = p.outcome.map(|o| lang.outcome(o)).filter(|w| !w.is_empty());
    let detail = match whose {
        Some(w) if p.detail.is_empty() => w,
        Some(w) => format!("{w} — {}", p.detail),
        None => p.detail.clone(),
    };
    Unreachable {
        what: lang.problem(&p.kind),
        detail,
        link: p.url.as_deref().map(|u| Link::to(u, None)),
    }
}

fn commune_changes(lang: Lang, d: &RunDiff, nis: NisCode) -> Vec<ChangeLine> {
    let l = lang.labels();
    let mut out = Vec::new();
    let mut add = |kind, text: String| out.push(ChangeLine { kind, text });
    for x in d.datasets_new.iter().filter(|x| x.nis_code == nis) {
        add(l.datasets_new, x.title.clone());
    }
    for x in d.datasets_vanished.iter().filter(|x| x.nis_code == nis) {
        add(l.datasets_vanished, x.title.clone());
    }
    for x in d.distributions_new.iter().filter(|x| x.nis_code == nis) {
        add(l.distributions_new, format!("{} ({}★)", x.url, x.stars));
    }
    for x in d
        .distributions_vanished
        .iter()
        .filter(|x| x.nis_code == nis)
    {
        add(l.distributions_vanished, x.url.clone());
    }
    for x in d.star_changes.iter().filter(|x| x.nis_code == nis) {
        let kind = if x.to > x.from {
            l.stars_up
        } else {
            l.stars_down
        };
        add(kind, format!("{}: {}★ → {}★", x.url, x.from, x.to));
    }
    for x in d.freshness_changes.iter().filter(|x| x.nis_code == nis) {
        add(
            l.freshness_changed,
            format!(
                "{}: {} → {}",
                x.url,
                lang.freshness(x.from),
                lang.freshness(x.to)
            ),
        );
    }
    for x in d.findings_opened.iter().filter(|x| x.nis_code == nis) {
        add(
            l.findings_opened,
            format!(
                "{} — {}",
                lang.finding_title(x.code),
                lang.finding_text(x.code, x.subject, &x.facts)
            ),
        );
    }
    for x in d.findings_closed.iter().filter(|x| x.nis_code == nis) {
        add(
            l.findings_closed,
            format!(
                "{} — {}",
                lang.finding_title(x.code),
                lang.finding_text(x.code, x.subject, &x.facts)
            ),
        );
    }
    out
}

/// A run in the runs index.
#[derive(Clone, Debug)]
pub struct RunRow {
    pub name: String,
    pub id: String,
    pub href: Option<String>,
    pub started: String,
    pub started_sort: String,
    pub finished: String,
    pub communes: u64,
    pub distributions: u64,
    pub findings: u64,
}

/// `index.html` of all runs.
#[derive(Template)]
#[template(path = "report/runs.html")]
pub struct RunsPage {
    pub c: Chrome,
    pub page_title: String,
    pub version: String,
    pub runs: Vec<RunRow>,
}

/// Fill the runs index (newest first).
pub fn runs_page(lang: Lang, runs: &[(RenderedRun, bool)]) -> RunsPage {
    let l = lang.labels();
    let mut rows: Vec<RunRow> = runs
        .iter()
        .map(|(r, rendered)| RunRow {
            name: r.name.clone(),
            id: r.id.map_or_else(String::new, |i| i.to_string()),
            href: rendered.then(|| format!("{}/index.html", r.name)),
            started: lang.datetime(&r.started),
            started_sort: r.started.clone(),
            finished: r
                .finished
                .as_deref()
                .map_or_else(|| l.not_finished.to_owned(), |f| lang.datetime(f)),
            communes: r.communes,
            distributions: r.distributions,
            findings: r.findings,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.started_sort
            .cmp(&a.started_sort)
            .then(b.name.cmp(&a.name))
    });
    RunsPage {
        c: Chrome::new(lang, 0),
        page_title: l.runs_title.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        runs: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::problem::ProblemKind;
    use crate::fetch::{Outcome, Unverifiable};

    #[test]
    fn a_problem_is_worded_from_its_kind_and_says_whose_fault_it_is() {
        let throttled = Outcome::NotVerifiable(Unverifiable::Throttled { until: None });
        let p = Problem::new(
            ProblemKind::RegionalPortalUnharvested {
                portal: "odwb".into(),
            },
            "https://www.odwb.be/api/: HTTP 429",
        )
        .at("https://www.odwb.be/")
        .with_outcome(throttled);
        let fr = problem_view(Lang::Fr, &p);
        assert_eq!(fr.what, "Portail régional « odwb » non moissonné");
        assert_eq!(
            fr.detail,
            "non vérifiable (le serveur demande d'attendre) — https://www.odwb.be/api/: HTTP 429"
        );
        let link = fr.link.expect("a link to the portal");
        assert_eq!(link.href.as_deref(), Some("https://www.odwb.be/"));
        let en = problem_view(Lang::En, &p);
        assert!(en.detail.starts_with("not verifiable ("), "{}", en.detail);

        // Text saved by an older version is shown as it is, under "problem met".
        let old = problem_view(Lang::En, &Problem::new(ProblemKind::Other, "odwb: 503"));
        assert_eq!(
            (old.what.as_str(), old.detail.as_str()),
            ("Problem met", "odwb: 503")
        );
        assert!(old.link.is_none());

        // A URL that is not a web address is shown, never linked.
        let odd = Problem::new(ProblemKind::PageFailed, "x").at("javascript:alert(1)");
        let odd = problem_view(Lang::Fr, &odd);
        assert_eq!(odd.link.and_then(|l| l.href), None);
    }
}
