//! Every word the HTML report prints, in French (the default: staff and commune officials
//! read French) and English, in one place so that a page never mixes languages and a
//! wording is fixed once.
//!
//! Only our own labels live here; text from the web (titles, URLs, publishers) never does,
//! and it is always escaped by the templates.

use std::fmt;
use std::str::FromStr;

use crate::assess::{FreshnessClass, LicenceClass};
use crate::audit::advice::Advice;
use crate::audit::model::{Facts, Subject};
use crate::audit::{Finding, FindingCode, Severity, WebsiteState};
use crate::declarations::{Communication, DeclaredChannel, FormatClass, UpdateRegime};
use crate::discover::Channel;
use crate::discover::problem::ProblemKind;
use crate::discover::site_index::IndexKind;
use crate::fetch::{Broken, Outcome, Unverifiable};

use super::measure::{Agreement, UpdateState};
use super::tables::TableKey;

/// The report's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French (default).
    #[default]
    Fr,
    /// English.
    En,
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(format!("{s:?} is not a report language (fr, en)")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The fixed labels of a page.
#[derive(Debug)]
pub struct Labels {
    pub report_title: &'static str,
    pub runs_title: &'static str,
    pub runs_intro: &'static str,
    pub run: &'static str,
    pub started: &'static str,
    pub as_of: &'static str,
    pub finished: &'static str,
    pub not_finished: &'static str,
    pub communes: &'static str,
    pub distributions: &'static str,
    pub findings: &'static str,
    pub version: &'static str,
    pub not_rendered: &'static str,
    pub overview: &'static str,
    pub all_runs: &'static str,
    pub raw_files: &'static str,
    pub contents: &'static str,
    pub intro: &'static str,
    pub declared: &'static str,
    pub declared_hint: &'static str,
    pub measured_resp: &'static str,
    pub measured_resp_hint: &'static str,
    pub measured_all: &'static str,
    pub measured_all_hint: &'static str,
    pub previous: &'static str,
    pub previous_hint: &'static str,
    pub baseline_hint: &'static str,
    pub count: &'static str,
    pub share: &'static str,
    pub answer: &'static str,
    pub not_asked: &'static str,
    pub not_measurable: &'static str,
    pub seed_question: &'static str,
    pub how_measured: &'static str,
    pub by_class_title: &'static str,
    pub by_province_title: &'static str,
    pub by_group_note: &'static str,
    pub population_class: &'static str,
    pub province: &'static str,
    pub audited: &'static str,
    pub respondents: &'static str,
    pub declare_open: &'static str,
    pub found_resp: &'static str,
    pub found_all: &'static str,
    pub open_all: &'static str,
    pub total: &'static str,
    pub charts_title: &'static str,
    pub stars_chart: &'static str,
    pub stars_chart_note: &'static str,
    pub freshness_chart: &'static str,
    pub freshness_chart_note: &'static str,
    pub this_run: &'static str,
    pub previous_run: &'static str,
    pub files_axis: &'static str,
    pub changes_title: &'static str,
    pub changes_first_run: &'static str,
    pub changes_since: &'static str,
    pub change_kind: &'static str,
    pub datasets_new: &'static str,
    pub datasets_vanished: &'static str,
    pub distributions_new: &'static str,
    pub distributions_vanished: &'static str,
    pub stars_up: &'static str,
    pub stars_down: &'static str,
    pub freshness_changed: &'static str,
    pub findings_opened: &'static str,
    pub findings_closed: &'static str,
    pub communes_only_in_previous: &'static str,
    pub communes_only_in_this: &'static str,
    pub change_details: &'static str,
    pub communes_title: &'static str,
    pub filter: &'static str,
    pub filter_hint: &'static str,
    pub name: &'static str,
    pub nis_code: &'static str,
    pub declared_short: &'static str,
    pub found_short: &'static str,
    pub best_stars: &'static str,
    pub website: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub infos: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub no_answer: &'static str,
    pub population: &'static str,
    pub run_of: &'static str,
    pub at_a_glance: &'static str,
    pub question: &'static str,
    pub verdict: &'static str,
    pub no_declaration: &'static str,
    pub findings_title: &'static str,
    pub no_findings: &'static str,
    pub evidence: &'static str,
    pub datasets_title: &'static str,
    pub no_datasets: &'static str,
    pub col_title: &'static str,
    pub col_channel: &'static str,
    pub col_format: &'static str,
    pub col_stars: &'static str,
    pub col_licence: &'static str,
    pub col_modified: &'static str,
    pub col_freshness: &'static str,
    pub col_link: &'static str,
    pub download: &'static str,
    pub landing_page: &'static str,
    pub classifier_reasons: &'static str,
    pub unreachable_title: &'static str,
    pub nothing_unreachable: &'static str,
    pub website_unreachable: &'static str,
    pub website_closed: &'static str,
    pub no_website: &'static str,
    pub broken_file: &'static str,
    pub unverified_file: &'static str,
    pub commune_changes: &'static str,
    pub mislabelled: &'static str,
    pub in_container: &'static str,
    pub unknown_format: &'static str,
    pub days: &'static str,
    pub frequency: &'static str,
    pub footer: &'static str,
    pub q_opens: &'static str,
    pub q_channels: &'static str,
    pub q_formats: &'static str,
    pub q_update: &'static str,
    pub q_communication: &'static str,
    pub found_publishes: &'static str,
    pub found_nothing: &'static str,
    pub none_found: &'static str,
    pub linked_yes: &'static str,
    pub linked_no: &'static str,
    pub linked_unknown: &'static str,
    pub portal_suffix: &'static str,
    pub colon: &'static str,
    pub on_portal: &'static str,
    pub website_none_short: &'static str,
    pub website_down_short: &'static str,
    pub website_closed_short: &'static str,
    pub website_not_crawled: &'static str,
    pub platform: &'static str,
    pub listed_by: &'static str,
    pub more: &'static str,
    pub problem_met: &'static str,
    pub no_respondents: &'static str,
    pub not_per_commune: &'static str,
    pub standards_title: &'static str,
    pub standards_note: &'static str,
    pub standard: &'static str,
    pub standard_version: &'static str,
    pub standard_publishing: &'static str,
    pub standard_conforming: &'static str,
    pub standard_communes: &'static str,
    pub conforms_yes: &'static str,
    pub conforms_no: &'static str,
    pub advice_title: &'static str,
    pub advice_intro: &'static str,
    pub no_advice: &'static str,
}

const FR: Labels = Labels {
    report_title: "Audit de l'open data des communes wallonnes",
    runs_title: "Exécutions de l'audit",
    runs_intro: "Chaque exécution d'odaudit vérifie, sur le web, ce que les communes ont déclaré dans l'enquête. Ouvrez une exécution pour ses tableaux et ses pages par commune.",
    run: "Exécution",
    started: "Début",
    as_of: "âges et fraîcheur jugés au",
    finished: "Fin",
    not_finished: "non terminée",
    communes: "Communes",
    distributions: "Fichiers",
    findings: "Constats",
    version: "Version",
    not_rendered: "pas encore rendue : odaudit report",
    overview: "Vue d'ensemble",
    all_runs: "Toutes les exécutions",
    raw_files: "Fichiers bruts",
    contents: "Sommaire",
    intro: "Les tableaux reprennent les questions « Open Data » du baromètre 2020 (section 4). Pour chacune : ce que les communes ont déclaré dans l'enquête, puis ce qu'odaudit a mesuré sur le web (site communal, ODWB, portail propre), d'abord pour les mêmes communes, ensuite pour toutes les communes auditées.",
    declared: "Déclaré",
    declared_hint: "réponses à l'enquête",
    measured_resp: "Mesuré — communes répondantes",
    measured_resp_hint: "les mêmes communes, sur le web",
    measured_all: "Mesuré — toutes les communes",
    measured_all_hint: "toutes les communes auditées",
    previous: "Exécution précédente",
    previous_hint: "mesuré, toutes les communes",
    baseline_hint: "référence fournie",
    count: "Nombre",
    share: "%",
    answer: "Réponse",
    not_asked: "non demandé",
    not_measurable: "non mesurable",
    seed_question: "Question de l'enquête",
    how_measured: "Mesure",
    by_class_title: "Communes qui publient des données, par taille",
    by_province_title: "Communes qui publient des données, par province",
    by_group_note: "Répondantes : communes ayant répondu à l'enquête. « Déclarent ouvrir » : part des répondantes. « Données trouvées » : au moins un fichier téléchargeable ; « licence ouverte » : au moins un fichier sous licence ouverte (≥ 1★).",
    population_class: "Taille (habitants)",
    province: "Province",
    audited: "Auditées",
    respondents: "Répondantes",
    declare_open: "Déclarent ouvrir",
    found_resp: "Données trouvées (répondantes)",
    found_all: "Données trouvées (toutes)",
    open_all: "Licence ouverte (toutes)",
    total: "Total",
    charts_title: "Étoiles et fraîcheur",
    stars_chart: "Répartition des fichiers selon les 5 étoiles",
    stars_chart_note: "Étoiles gagnées par chaque fichier téléchargeable : celles de son format si sa licence est ouverte, sinon 0.",
    freshness_chart: "Fraîcheur des fichiers",
    freshness_chart_note: "Dernière modification comparée à la fréquence de mise à jour annoncée.",
    this_run: "Cette exécution",
    previous_run: "Exécution précédente",
    files_axis: "fichiers",
    changes_title: "Évolution depuis l'exécution précédente",
    changes_first_run: "Première exécution : rien à comparer.",
    changes_since: "Comparaison avec l'exécution",
    change_kind: "Changement",
    datasets_new: "Jeux de données nouveaux",
    datasets_vanished: "Jeux de données disparus",
    distributions_new: "Fichiers nouveaux",
    distributions_vanished: "Fichiers disparus",
    stars_up: "Fichiers gagnant des étoiles",
    stars_down: "Fichiers perdant des étoiles",
    freshness_changed: "Fichiers changeant de fraîcheur",
    findings_opened: "Constats nouveaux",
    findings_closed: "Constats résolus",
    communes_only_in_previous: "Communes auditées seulement avant",
    communes_only_in_this: "Communes auditées seulement maintenant",
    change_details: "Détail des constats nouveaux et résolus",
    communes_title: "Communes",
    filter: "Filtrer",
    filter_hint: "nom, code INS, province…",
    name: "Commune",
    nis_code: "Code INS",
    declared_short: "Déclare ouvrir",
    found_short: "Données trouvées",
    best_stars: "Meilleur ★",
    website: "Site web",
    errors: "Erreurs",
    warnings: "Avertissements",
    infos: "Infos",
    yes: "oui",
    no: "non",
    no_answer: "sans réponse",
    population: "Population",
    run_of: "Audit du",
    at_a_glance: "En bref : déclaré et constaté",
    question: "Question",
    verdict: "Verdict",
    no_declaration: "Cette commune n'a pas répondu à l'enquête : seules les mesures sont montrées.",
    findings_title: "Ce qui ne va pas",
    no_findings: "Aucun constat.",
    evidence: "Preuves",
    datasets_title: "Données trouvées",
    no_datasets: "Aucun fichier trouvé.",
    col_title: "Titre",
    col_channel: "Canal",
    col_format: "Format",
    col_stars: "Étoiles",
    col_licence: "Licence",
    col_modified: "Modifié le",
    col_freshness: "Fraîcheur",
    col_link: "Lien",
    download: "fichier",
    landing_page: "page",
    classifier_reasons: "pourquoi ce format",
    unreachable_title: "Ce qui n'a pas pu être consulté",
    nothing_unreachable: "Tout a pu être consulté.",
    website_unreachable: "Site web injoignable",
    website_closed: "Site web fermé aux robots (robots.txt) : ce qu'il publie n'a pas pu être vérifié",
    no_website: "Aucun site web connu pour cette commune.",
    broken_file: "Fichier injoignable",
    unverified_file: "Fichier non vérifiable (ce n'est pas une faute de la commune)",
    commune_changes: "Depuis l'exécution précédente",
    mislabelled: "annoncé comme",
    in_container: "dans",
    unknown_format: "inconnu",
    days: "j",
    frequency: "fréquence",
    footer: "Rapport produit par odaudit. Les titres, adresses et noms d'éditeurs proviennent des sites audités et sont affichés tels quels, comme du texte.",
    q_opens: "Ouvre des données",
    q_channels: "Support de publication",
    q_formats: "Formats",
    q_update: "Mise à jour",
    q_communication: "Communication",
    found_publishes: "oui, fichiers téléchargeables trouvés",
    found_nothing: "non, rien trouvé",
    none_found: "aucun",
    linked_yes: "le site web communal y renvoie",
    linked_no: "le site web communal n'y renvoie pas",
    linked_unknown: "non vérifiable (site injoignable ou rien publié)",
    portal_suffix: "portail",
    colon: "\u{a0}:",
    on_portal: "données sur l'ODWB ou un portail propre",
    website_none_short: "aucun",
    website_down_short: "injoignable",
    website_closed_short: "fermé aux robots",
    website_not_crawled: "non exploré",
    platform: "Plateforme du site",
    listed_by: "fichiers listés par",
    more: "autres",
    problem_met: "Problème rencontré",
    no_respondents: "Le fichier des déclarations ne contient aucune réponse à l'enquête : les colonnes « déclaré » sont vides. Les réponses de 2020 sont anonymes ; leurs totaux publiés peuvent être montrés comme référence (--baseline).",
    not_per_commune: "pas de réponse par commune",
    standards_title: "Standards wallons",
    standards_note: "Standards de données wallons (schémas FuturoCité) : les communes dont des fichiers téléchargeables ont les colonnes d'un standard, et si les lignes lues y sont conformes (champs, ordre, types, contraintes). Une commune est conforme quand tous ses fichiers de ce standard le sont. Part des communes : parmi celles où des fichiers ont été trouvés.",
    standard: "Standard",
    standard_version: "Version",
    standard_publishing: "Communes qui le publient",
    standard_conforming: "dont conformes",
    standard_communes: "Communes",
    conforms_yes: "conforme",
    conforms_no: "non conforme",
    advice_title: "Pour progresser",
    advice_intro: "Les quelques étapes qui amélioreraient l'ouverture mesurée de la commune, chacune tirée de ce que l'audit a vu de ses propres fichiers. Rien n'est conseillé sur ce qui n'a pas pu être vérifié.",
    no_advice: "Rien à conseiller d'après les fichiers vérifiés.",
};

const EN: Labels = Labels {
    report_title: "Open-data audit of Walloon communes",
    runs_title: "Audit runs",
    runs_intro: "Each odaudit run checks on the web what communes declared in the survey. Open a run for its tables and its per-commune pages.",
    run: "Run",
    started: "Started",
    as_of: "ages and freshness judged as of",
    finished: "Finished",
    not_finished: "not finished",
    communes: "Communes",
    distributions: "Files",
    findings: "Findings",
    version: "Version",
    not_rendered: "not rendered yet: odaudit report",
    overview: "Overview",
    all_runs: "All runs",
    raw_files: "Raw files",
    contents: "Contents",
    intro: "The tables follow the Open Data questions of the 2020 barometer (section 4). For each: what communes declared in the survey, then what odaudit measured on the web (commune website, ODWB, own portal), first for the same communes, then for every audited commune.",
    declared: "Declared",
    declared_hint: "survey answers",
    measured_resp: "Measured — respondents",
    measured_resp_hint: "the same communes, on the web",
    measured_all: "Measured — all communes",
    measured_all_hint: "every audited commune",
    previous: "Previous run",
    previous_hint: "measured, all communes",
    baseline_hint: "given baseline",
    count: "Count",
    share: "%",
    answer: "Answer",
    not_asked: "not asked",
    not_measurable: "not measurable",
    seed_question: "Survey question",
    how_measured: "Measure",
    by_class_title: "Communes publishing data, by size",
    by_province_title: "Communes publishing data, by province",
    by_group_note: "Respondents: communes that answered the survey. \"Declare opening\": share of respondents. \"Data found\": at least one downloadable file; \"open licence\": at least one file under an open licence (≥ 1★).",
    population_class: "Size (inhabitants)",
    province: "Province",
    audited: "Audited",
    respondents: "Respondents",
    declare_open: "Declare opening",
    found_resp: "Data found (respondents)",
    found_all: "Data found (all)",
    open_all: "Open licence (all)",
    total: "Total",
    charts_title: "Stars and freshness",
    stars_chart: "Files on the 5-star scale",
    stars_chart_note: "Stars earned by each downloadable file: its format's when its licence is open, else 0.",
    freshness_chart: "Freshness of files",
    freshness_chart_note: "Last modification against the announced update frequency.",
    this_run: "This run",
    previous_run: "Previous run",
    files_axis: "files",
    changes_title: "Change since the previous run",
    changes_first_run: "First run: nothing to compare with.",
    changes_since: "Compared with run",
    change_kind: "Change",
    datasets_new: "New datasets",
    datasets_vanished: "Vanished datasets",
    distributions_new: "New files",
    distributions_vanished: "Vanished files",
    stars_up: "Files gaining stars",
    stars_down: "Files losing stars",
    freshness_changed: "Files changing freshness",
    findings_opened: "New findings",
    findings_closed: "Resolved findings",
    communes_only_in_previous: "Communes audited only before",
    communes_only_in_this: "Communes audited only now",
    change_details: "New and resolved findings",
    communes_title: "Communes",
    filter: "Filter",
    filter_hint: "name, NIS code, province…",
    name: "Commune",
    nis_code: "NIS code",
    declared_short: "Declares opening",
    found_short: "Data found",
    best_stars: "Best ★",
    website: "Website",
    errors: "Errors",
    warnings: "Warnings",
    infos: "Info",
    yes: "yes",
    no: "no",
    no_answer: "no answer",
    population: "Population",
    run_of: "Audit of",
    at_a_glance: "At a glance: declared and found",
    question: "Question",
    verdict: "Verdict",
    no_declaration: "This commune did not answer the survey: only measurements are shown.",
    findings_title: "What is wrong",
    no_findings: "No finding.",
    evidence: "Evidence",
    datasets_title: "Data found",
    no_datasets: "No file found.",
    col_title: "Title",
    col_channel: "Channel",
    col_format: "Format",
    col_stars: "Stars",
    col_licence: "Licence",
    col_modified: "Modified",
    col_freshness: "Freshness",
    col_link: "Link",
    download: "file",
    landing_page: "page",
    classifier_reasons: "why this format",
    unreachable_title: "What could not be reached",
    nothing_unreachable: "Everything could be reached.",
    website_unreachable: "Website unreachable",
    website_closed: "Website closed to crawlers (robots.txt): what it publishes could not be checked",
    no_website: "No known website for this commune.",
    broken_file: "File unreachable",
    unverified_file: "File not verifiable (not the commune's fault)",
    commune_changes: "Since the previous run",
    mislabelled: "announced as",
    in_container: "in",
    unknown_format: "unknown",
    days: "d",
    frequency: "frequency",
    footer: "Report made by odaudit. Titles, addresses and publisher names come from the audited sites and are shown as they are, as text.",
    q_opens: "Opens data",
    q_channels: "Publication channel",
    q_formats: "Formats",
    q_update: "Kept up to date",
    q_communication: "Communication",
    found_publishes: "yes, downloadable files found",
    found_nothing: "no, nothing found",
    none_found: "none",
    linked_yes: "the commune website links to it",
    linked_no: "the commune website does not link to it",
    linked_unknown: "cannot be checked (site unreachable or nothing published)",
    portal_suffix: "portal",
    colon: ":",
    on_portal: "data on ODWB or an own portal",
    website_none_short: "none",
    website_down_short: "unreachable",
    website_closed_short: "closed to crawlers",
    website_not_crawled: "not crawled",
    platform: "Website platform",
    listed_by: "files listed by",
    more: "more",
    problem_met: "Problem met",
    no_respondents: "The declarations file holds no survey answer: the declared columns are empty. The 2020 answers are anonymous; their published totals can be shown as a baseline (--baseline).",
    not_per_commune: "no answer per commune",
    standards_title: "Walloon standards",
    standards_note: "Walloon data standards (FuturoCité schemas): the communes whose downloadable files have a standard's columns, and whether the rows read conform to it (fields, order, types, constraints). A commune conforms when all its files of that standard do. Share of communes: among those where files were found.",
    standard: "Standard",
    standard_version: "Version",
    standard_publishing: "Communes publishing it",
    standard_conforming: "of which conform",
    standard_communes: "Communes",
    conforms_yes: "conforms",
    conforms_no: "does not conform",
    advice_title: "Next steps",
    advice_intro: "The few steps that would raise the commune's measured openness, each drawn from what the audit saw of its own files. Nothing is advised on what could not be checked.",
    no_advice: "Nothing to advise from the files checked.",
};

impl Lang {
    /// The language code (`fr`, `en`), for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The fixed labels.
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    fn pick(self, fr: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// A share as people write it: `17 %` in French, `17%` in English; `–` without a base.
    pub fn percent(self, n: u64, base: u64) -> String {
        if base == 0 {
            return "–".to_owned();
        }
        let p = (n as f64 * 100.0 / base as f64).round() as u64;
        match self {
            Lang::Fr => format!("{p}\u{202f}%"),
            Lang::En => format!("{p}%"),
        }
    }

    /// A change in percentage points, signed (`+4 pts`).
    pub fn points(self, delta: f64) -> String {
        match delta.round() as i64 {
            0 => "= 0 pts".to_owned(),
            d if d > 0 => format!("+{d} pts"),
            d => format!("−{} pts", -d),
        }
    }

    /// A date and time in UTC (`29/11/2026 11:38 UTC`), from RFC 3339; as given when unreadable.
    pub fn datetime(self, rfc3339: &str) -> String {
        match rfc3339.trim().parse::<jiff::Timestamp>() {
            Ok(t) => match self {
                Lang::Fr => t.strftime("%d/%m/%Y %H:%M UTC").to_string(),
                Lang::En => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            },
            Err(_) => rfc3339.to_owned(),
        }
    }

    /// A date (`29/11/2026`), from RFC 3339; as given when unreadable.
    pub fn date(self, rfc3339: &str) -> String {
        match rfc3339.trim().parse::<jiff::Timestamp>() {
            Ok(t) => match self {
                Lang::Fr => t.strftime("%d/%m/%Y").to_string(),
                Lang::En => t.strftime("%Y-%m-%d").to_string(),
            },
            Err(_) => rfc3339.to_owned(),
        }
    }

    /// The title of an overview table (the survey's question, where it asked one).
    pub fn table_title(self, t: TableKey) -> &'static str {
        match t {
            TableKey::OpensData => self.pick(
                "Est-ce que les communes offrent déjà certaines de leurs données en accès ouvert ?",
                "Do communes already offer some of their data openly?",
            ),
            TableKey::Channels => self.pick(
                "Sur quel support ces communes publient-elles leurs données ?",
                "Where do these communes publish their data?",
            ),
            TableKey::Formats => self.pick(
                "Dans quels formats ces communes publient-elles leurs données ?",
                "In which formats do these communes publish their data?",
            ),
            TableKey::Update => self.pick(
                "Ces communes maintiennent-elles leurs données à jour ?",
                "Do these communes keep their data up to date?",
            ),
            TableKey::Anonymisation => self.pick(
                "Les données ouvertes contiennent-elles des informations personnelles ?",
                "Do the opened data hold personal information?",
            ),
            TableKey::Communication => self.pick(
                "Comment ces communes communiquent-elles sur les données ouvertes ?",
                "How do these communes tell people about their open data?",
            ),
            TableKey::Licences => self.pick(
                "Sous quelle licence les données sont-elles publiées ?",
                "Under which licence are the data published?",
            ),
            TableKey::Plans => self.pick(
                "Ces communes envisagent-elles d'ouvrir leurs données prochainement ?",
                "Do these communes plan to open their data soon?",
            ),
        }
    }

    /// How a table is measured, and its bases.
    pub fn table_note(self, t: TableKey) -> &'static str {
        match t {
            TableKey::OpensData => self.pick(
                "Déclaré : part des communes répondantes. Mesuré : la commune publie au moins un fichier téléchargeable (site web, ODWB ou portail propre) — la règle des constats ; « dont sous licence ouverte » : au moins un fichier à 1★ ou plus.",
                "Declared: share of respondents. Measured: the commune publishes at least one downloadable file (website, ODWB or own portal) — the findings' rule; \"of which under an open licence\": at least one file of 1★ or more.",
            ),
            TableKey::Channels => self.pick(
                "Déclaré : parmi les communes qui déclarent ouvrir des données. Mesuré : parmi les communes où des fichiers ont été trouvés, celles qui en ont sur ce support. Plusieurs réponses possibles.",
                "Declared: among communes declaring they open data. Measured: among communes where files were found, those with files on this channel. Several answers possible.",
            ),
            TableKey::Formats => self.pick(
                "Les cinq classes de l'enquête sont les cinq niveaux d'étoiles de leur format (1★ non structuré … 5★ lié). Mesuré : classe du format reconnu d'après le contenu des fichiers, licence non comprise. Plusieurs réponses possibles.",
                "The survey's five classes are the five star levels of their format (1★ unstructured … 5★ linked). Measured: the class of the format recognised from the files' bytes, licence aside. Several answers possible.",
            ),
            TableKey::Update => self.pick(
                "Mesuré d'après les fichiers datés dont la fréquence de mise à jour est annoncée : tous à temps = à jour ; certains en retard = partiellement ; tous en retard = non. Automatique ou manuel ne se voit pas sur le web.",
                "Measured from dated files with an announced update frequency: all on time = up to date; some late = partly; all late = no. Automatic or manual cannot be seen on the web.",
            ),
            TableKey::Anonymisation => self.pick(
                "Anonymisation. Déclaré (référence) : « les données déjà ouvertes ne contenaient pas d'informations personnelles ». Mesuré parmi les communes où des fichiers ont été trouvés : les lignes lues de leurs fichiers tabulaires (CSV, JSON, GeoJSON…) ont été examinées (numéros de registre national, IBAN, e-mails et téléphones de personnes, colonnes nom + prénom ou date de naissance) ; aucune valeur n'est reproduite. Non vérifiable : aucun fichier tabulaire n'a pu être lu.",
                "Anonymisation. Declared (baseline): \"the data already opened held no personal information\". Measured among communes where files were found: the rows read of their tabular files (CSV, JSON, GeoJSON…) were examined (national register numbers, IBANs, e-mails and phones of persons, surname + first name or birth date columns); no value is reproduced. Cannot be checked: no tabular file could be read.",
            ),
            TableKey::Communication => self.pick(
                "Mesuré parmi les communes dont des fichiers ont été trouvés et dont le site web a pu être consulté : le site renvoie-t-il vers les données ? Plateforme : données sur l'ODWB ou un portail propre. Réseaux sociaux, presse et réseau interne ne sont pas explorés.",
                "Measured among communes with files found and a website that could be read: does the site link to the data? Platform: data on ODWB or an own portal. Social networks, press and intranets are not explored.",
            ),
            TableKey::Licences => self.pick(
                "L'enquête ne posait pas la question ; une licence ouverte est la condition de la première étoile. Parmi les communes où des fichiers ont été trouvés.",
                "The survey did not ask; an open licence is the condition of the first star. Among communes where files were found.",
            ),
            TableKey::Plans => self.pick(
                "Déclaré : parmi les communes qui déclarent ne pas ouvrir de données. Mesuré : parmi ces communes, celles qui publient aujourd'hui (part de la ligne).",
                "Declared: among communes declaring they do not open data. Measured: among those communes, the ones publishing today (share of the row).",
            ),
        }
    }

    /// What stands in a table's declared column when the survey answers hold nothing for
    /// it: a question not asked, or asked but not answered per commune.
    pub fn declared_missing(self, t: TableKey) -> &'static str {
        match t {
            TableKey::Anonymisation => self.labels().not_per_commune,
            _ => self.labels().not_asked,
        }
    }

    /// The label of a row of an overview table.
    pub fn row_label(self, t: TableKey, row: &str) -> &'static str {
        use TableKey as T;
        match (t, row) {
            (T::OpensData, "oui") => self.pick("Oui", "Yes"),
            (T::OpensData, "non") => self.pick("Non", "No"),
            (T::OpensData, "open_licence") => self.pick(
                "dont sous licence ouverte (≥ 1★)",
                "of which under an open licence (≥ 1★)",
            ),
            (T::Channels, c) => match c {
                "site_web" => self.declared_channel(DeclaredChannel::SiteWeb),
                "odwb" => self.declared_channel(DeclaredChannel::Odwb),
                _ => self.declared_channel(DeclaredChannel::PortailPropre),
            },
            (T::Formats, c) => match c {
                "non_structure" => self.format_class(FormatClass::NonStructure),
                "structure_proprietaire" => self.format_class(FormatClass::StructureProprietaire),
                "structure_ouvert" => self.format_class(FormatClass::StructureOuvert),
                "uri" => self.format_class(FormatClass::Uri),
                _ => self.format_class(FormatClass::Lie),
            },
            (T::Update, "automatique") => self.update_regime(UpdateRegime::Automatique),
            (T::Update, "manuel_regulier") => self.update_regime(UpdateRegime::ManuelRegulier),
            (T::Update, "oui") => self.pick(
                "Oui (automatique ou manuel) — à jour",
                "Yes (automatic or manual) — up to date",
            ),
            (T::Update, "partiel") => self.update_regime(UpdateRegime::Partiel),
            (T::Update, "non") => self.update_regime(UpdateRegime::Non),
            (T::Update, "sans_reponse") => self.pick("Sans réponse", "No answer"),
            (T::Update, _) => self.pick(
                "Non vérifiable (aucun fichier daté avec une fréquence)",
                "Cannot be checked (no dated file with a frequency)",
            ),
            (T::Anonymisation, "sans_donnees_personnelles") => self.pick(
                "Aucune donnée personnelle repérée dans les fichiers lus",
                "No personal data spotted in the files read",
            ),
            (T::Anonymisation, "donnees_personnelles") => self.pick(
                "Données personnelles suspectées dans au moins un fichier",
                "Personal data suspected in at least one file",
            ),
            (T::Anonymisation, _) => self.pick(
                "Non vérifiable (aucun fichier tabulaire lu)",
                "Cannot be checked (no tabular file read)",
            ),
            (T::Communication, c) => match c {
                "aucune" => self.communication(Communication::Aucune),
                "site_web" => self.communication(Communication::SiteWeb),
                "reseaux_sociaux" => self.communication(Communication::ReseauxSociaux),
                "presse" => self.communication(Communication::Presse),
                "reseau_interne" => self.communication(Communication::ReseauInterne),
                _ => self.communication(Communication::PlateformeOpenData),
            },
            (T::Licences, "open") => self.pick(
                "Au moins un fichier sous licence ouverte",
                "At least one file under an open licence",
            ),
            (T::Licences, "all_open") => self.pick(
                "Tous les fichiers sous licence ouverte",
                "Every file under an open licence",
            ),
            (T::Licences, "not_open") => self.pick(
                "Au moins un fichier sous licence non ouverte",
                "At least one file under a licence that is not open",
            ),
            (T::Licences, _) => self.pick(
                "Au moins un fichier sans licence reconnue",
                "At least one file without a recognised licence",
            ),
            (T::Plans, "2020") => self.pick("Oui, c'est prévu en 2020", "Yes, planned in 2020"),
            (T::Plans, "2021") => self.pick("Oui, c'est prévu en 2021", "Yes, planned in 2021"),
            (T::Plans, "fin_mandature") => self.pick(
                "Oui, c'est prévu d'ici la fin de la mandature",
                "Yes, planned before the end of the term",
            ),
            (T::Plans, "non") => self.pick(
                "Non, ce n'est pas à l'ordre du jour",
                "No, it is not on the agenda",
            ),
            (T::Plans, _) => self.pick("Sans réponse", "No answer"),
            (T::OpensData, _) => "",
        }
    }

    /// A survey channel, as the survey words it.
    pub fn declared_channel(self, c: DeclaredChannel) -> &'static str {
        match c {
            DeclaredChannel::SiteWeb => self.pick(
                "Une page du site web communal dédiée au téléchargement de données",
                "A page of the commune website for downloading data",
            ),
            DeclaredChannel::Odwb => self.pick(
                "Portail Open Data Wallonie Bruxelles (ODWB)",
                "Open Data Wallonie Bruxelles portal (ODWB)",
            ),
            DeclaredChannel::PortailPropre => self.pick(
                "Portail Open Data propre à la commune",
                "The commune's own open-data portal",
            ),
        }
    }

    /// A discovered channel, short.
    pub fn channel(self, c: Channel) -> &'static str {
        match c {
            Channel::Website => self.pick("site web communal", "commune website"),
            Channel::Odwb => "ODWB",
            Channel::OwnPortal => self.pick("portail propre", "own portal"),
            Channel::RegionalPortal => self.pick("portail régional", "regional portal"),
        }
    }

    /// A survey format class, with its stars.
    pub fn format_class(self, c: FormatClass) -> &'static str {
        match c {
            FormatClass::NonStructure => self.pick(
                "1★ Données non structurées : PDF, DOC(X)…",
                "1★ Unstructured data: PDF, DOC(X)…",
            ),
            FormatClass::StructureProprietaire => self.pick(
                "2★ Données structurées, format propriétaire : XLS(X)…",
                "2★ Structured data, proprietary format: XLS(X)…",
            ),
            FormatClass::StructureOuvert => self.pick(
                "3★ Données structurées, format non propriétaire : CSV, XML, JSON…",
                "3★ Structured data, open format: CSV, XML, JSON…",
            ),
            FormatClass::Uri => {
                self.pick("4★ Données avec des URI : RDF…", "4★ Data with URIs: RDF…")
            }
            FormatClass::Lie => self.pick(
                "5★ Données liées à d'autres données",
                "5★ Data linked to other data",
            ),
        }
    }

    /// A survey format class, short.
    pub fn format_class_short(self, c: FormatClass) -> &'static str {
        match c {
            FormatClass::NonStructure => self.pick("1★ non structuré", "1★ unstructured"),
            FormatClass::StructureProprietaire => {
                self.pick("2★ structuré propriétaire", "2★ structured proprietary")
            }
            FormatClass::StructureOuvert => self.pick("3★ structuré ouvert", "3★ structured open"),
            FormatClass::Uri => self.pick("4★ avec URI", "4★ with URIs"),
            FormatClass::Lie => self.pick("5★ lié", "5★ linked"),
        }
    }

    /// A declared update regime, as the survey words it.
    pub fn update_regime(self, u: UpdateRegime) -> &'static str {
        match u {
            UpdateRegime::Automatique => self.pick("Oui, c'est automatique", "Yes, automatically"),
            UpdateRegime::ManuelRegulier => self.pick(
                "Oui, régulièrement mais de façon manuelle",
                "Yes, regularly but by hand",
            ),
            UpdateRegime::Partiel => self.pick("Partiellement", "Partly"),
            UpdateRegime::Non => self.pick("Non", "No"),
        }
    }

    /// A measured update state.
    pub fn update_state(self, u: UpdateState) -> &'static str {
        match u {
            UpdateState::UpToDate => self.pick(
                "à jour (tous les fichiers datés à temps)",
                "up to date (every dated file on time)",
            ),
            UpdateState::Partial => self.pick(
                "partiellement (certains fichiers en retard)",
                "partly (some files late)",
            ),
            UpdateState::NotUpToDate => {
                self.pick("non (tous les fichiers en retard)", "no (every file late)")
            }
            UpdateState::Unverifiable => self.pick(
                "non vérifiable (aucun fichier daté avec une fréquence)",
                "cannot be checked (no dated file with a frequency)",
            ),
        }
    }

    /// A declared way of communicating, as the survey words it.
    pub fn communication(self, c: Communication) -> &'static str {
        match c {
            Communication::Aucune => self.pick("Elles ne communiquent pas", "They do not"),
            Communication::SiteWeb => self.pick("Via leur site internet", "On their website"),
            Communication::ReseauxSociaux => {
                self.pick("Via les réseaux sociaux", "On social networks")
            }
            Communication::Presse => self.pick("Via la presse", "Through the press"),
            Communication::ReseauInterne => {
                self.pick("Via leur réseau interne", "On their intranet")
            }
            Communication::PlateformeOpenData => self.pick(
                "Via leur plateforme Open Data (ODWB ou portail propre)",
                "On their open-data platform (ODWB or own portal)",
            ),
        }
    }

    /// A freshness class.
    pub fn freshness(self, f: FreshnessClass) -> &'static str {
        match f {
            FreshnessClass::OnTime => self.pick("à temps", "on time"),
            FreshnessClass::Late => self.pick("en retard", "late"),
            FreshnessClass::Undated => self.pick("non daté", "undated"),
            FreshnessClass::NoFrequency => self.pick("sans fréquence", "no frequency"),
        }
    }

    /// Whose fault a failure is, with its reason: "cassé (HTTP 404)", "non vérifiable
    /// (le serveur demande d'attendre jusqu'au …)". Empty for a file that answered.
    pub fn outcome(self, o: Outcome) -> String {
        let reason = match o {
            Outcome::Ok => return String::new(),
            Outcome::Broken(b) => match b {
                Broken::Status(s) => format!("HTTP {s}"),
                Broken::SoftNotFound => self
                    .pick(
                        "le site répond par sa page « introuvable »",
                        "the site answers with its \"not found\" page",
                    )
                    .to_owned(),
                Broken::NoSuchHost => self
                    .pick("nom de domaine inconnu", "unknown domain name")
                    .to_owned(),
                Broken::ConnectionRefused => self
                    .pick("connexion refusée", "connection refused")
                    .to_owned(),
                Broken::Redirects => self
                    .pick("redirections en boucle", "redirect loop")
                    .to_owned(),
                Broken::NotHttp => self.pick("lien non web", "not a web link").to_owned(),
            },
            Outcome::NotVerifiable(u) => match u {
                Unverifiable::Throttled { until: Some(t) } => format!(
                    "{} {}",
                    self.pick(
                        "le serveur demande d'attendre jusqu'au",
                        "the server asks us to wait until"
                    ),
                    self.datetime(&crate::fetch::outcome::unix_time(t))
                ),
                Unverifiable::Throttled { until: None } => self
                    .pick(
                        "le serveur demande d'attendre",
                        "the server asks us to wait",
                    )
                    .to_owned(),
                Unverifiable::Denied(s) => format!(
                    "{} (HTTP {s})",
                    self.pick("accès refusé au robot", "access denied to the crawler")
                ),
                Unverifiable::Timeout => self.pick("délai dépassé", "timed out").to_owned(),
                Unverifiable::Transport => self
                    .pick("connexion interrompue", "connection broken")
                    .to_owned(),
                Unverifiable::TooLarge => self
                    .pick("réponse trop grande", "response too large")
                    .to_owned(),
                Unverifiable::Robots => self
                    .pick(
                        "interdit aux robots (robots.txt)",
                        "closed to crawlers (robots.txt)",
                    )
                    .to_owned(),
                Unverifiable::AddressGuard => self
                    .pick(
                        "adresse privée refusée par l'auditeur",
                        "private address refused by the auditor",
                    )
                    .to_owned(),
                Unverifiable::Budget => self
                    .pick("budget de requêtes épuisé", "request budget spent")
                    .to_owned(),
            },
        };
        let class = match o {
            Outcome::Broken(_) => self.pick("cassé", "broken"),
            _ => self.pick("non vérifiable", "not verifiable"),
        };
        format!("{class} ({reason})")
    }

    /// What a problem met is, in words ("Portail propre non moissonné"); its detail and
    /// URL are shown beside it as they are. Never read back: the kind is the type.
    pub fn problem(self, kind: &ProblemKind) -> String {
        let index = |i: IndexKind, fr: &str, en: &str| {
            let words = match self {
                Lang::Fr => fr,
                Lang::En => en,
            };
            words.replace("{index}", i.as_str())
        };
        match kind {
            ProblemKind::OwnPortalUnharvested => self
                .pick("Portail propre non moissonné", "Own portal not harvested")
                .to_owned(),
            ProblemKind::RegionalPortalUnharvested { portal } => match self {
                Lang::Fr => format!("Portail régional « {portal} » non moissonné"),
                Lang::En => format!("Regional portal \"{portal}\" not harvested"),
            },
            ProblemKind::WebsiteTaskFailed => self
                .pick(
                    "Exploration du site web interrompue (erreur interne de l'auditeur)",
                    "Website crawl aborted (the auditor's internal error)",
                )
                .to_owned(),
            ProblemKind::ProbeTaskFailed => self
                .pick(
                    "Vérification d'un fichier interrompue (erreur interne de l'auditeur)",
                    "File check aborted (the auditor's internal error)",
                )
                .to_owned(),
            ProblemKind::PageFailed => self.pick("Page non lue", "Page not read").to_owned(),
            ProblemKind::PageNotParsed => {
                self.pick("Page non analysée", "Page not parsed").to_owned()
            }
            ProblemKind::SitemapFailed => self
                .pick("Plan du site (sitemap) non lu", "Sitemap not read")
                .to_owned(),
            ProblemKind::IndexRefused { index: i } => index(
                *i,
                "Index des fichiers du site ({index}) non lu",
                "The site's file index ({index}) not read",
            ),
            ProblemKind::IndexEmpty { index: i } => index(
                *i,
                "Index des fichiers du site ({index}) vide : non retenu",
                "The site's file index ({index}) lists no file: not used",
            ),
            ProblemKind::IndexTruncated { index: i, pages } => match self {
                Lang::Fr => format!(
                    "Index des fichiers du site ({}) lu sur {pages} pages seulement : les fichiers au-delà n'ont pas été vus",
                    i.as_str()
                ),
                Lang::En => format!(
                    "The site's file index ({}) read for {pages} pages only: files beyond were not seen",
                    i.as_str()
                ),
            },
            ProblemKind::Other => self.labels().problem_met.to_owned(),
        }
    }

    /// A licence class.
    pub fn licence(self, l: LicenceClass) -> &'static str {
        match l {
            LicenceClass::Open => self.pick("ouverte", "open"),
            LicenceClass::NotOpen => self.pick("non ouverte", "not open"),
            LicenceClass::Unknown => self.pick("non reconnue", "not recognised"),
        }
    }

    /// A severity.
    pub fn severity(self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.pick("erreur", "error"),
            Severity::Warning => self.pick("avertissement", "warning"),
            Severity::Info => self.pick("info", "info"),
        }
    }

    /// What agreement between a declaration and a measure is called.
    pub fn agreement(self, a: Agreement) -> &'static str {
        match a {
            Agreement::Agrees => self.pick("conforme", "matches"),
            Agreement::Differs => self.pick("écart", "differs"),
            Agreement::Unverifiable => self.pick("non vérifiable", "cannot check"),
            Agreement::NotDeclared => self.pick("non déclaré", "not declared"),
        }
    }

    /// A finding's headline ([`Lang::finding_message`] gives the detail).
    pub fn finding_title(self, c: FindingCode) -> &'static str {
        match c {
            FindingCode::DeclaredOpenNothingFound => self.pick(
                "Déclare ouvrir des données, rien n'a été trouvé",
                "Declares opening data; nothing found",
            ),
            FindingCode::UndeclaredOpenDataFound => self.pick(
                "Déclare ne pas ouvrir de données, mais en publie",
                "Declares not opening data, but publishes some",
            ),
            FindingCode::ChannelNotFound => self.pick(
                "Support déclaré sans données",
                "Declared channel with no data",
            ),
            FindingCode::ChannelUndeclared => self.pick(
                "Données sur un support non déclaré",
                "Data on an undeclared channel",
            ),
            FindingCode::FormatClassNotFound => self.pick(
                "Format déclaré sans fichier",
                "Declared format with no file",
            ),
            FindingCode::FormatClassUndeclared => self.pick(
                "Fichiers d'un format non déclaré",
                "Files of an undeclared format",
            ),
            FindingCode::UpdateClaimContradicted => self.pick(
                "Mise à jour déclarée, fichiers en retard",
                "Updates declared, files late",
            ),
            FindingCode::NotLinkedFromWebsite => self.pick(
                "Données non signalées par le site web communal",
                "Data not linked from the commune website",
            ),
            FindingCode::BrokenDistribution => {
                self.pick("Liens vers des fichiers cassés", "Broken file links")
            }
            FindingCode::NoOpenLicence => self.pick(
                "Fichiers sans licence ouverte",
                "Files without an open licence",
            ),
            FindingCode::FormatMislabelled => self.pick(
                "Format annoncé différent du contenu",
                "Announced format differs from the content",
            ),
            FindingCode::WebsiteUnreachable => {
                self.pick("Site web injoignable", "Website unreachable")
            }
            FindingCode::PersonalDataSuspected => self.pick(
                "Données personnelles suspectées dans un fichier publié",
                "Personal data suspected in a published file",
            ),
        }
    }

    /// A finding's detail, worded from its facts (its headline is [`Lang::finding_title`]).
    pub fn finding_message(self, f: &Finding) -> String {
        self.finding_text(f.code, f.subject, &f.facts)
    }

    /// A finding's detail from its code, subject and facts. A finding saved before
    /// findings were data keeps its French sentence in French, and only its headline
    /// elsewhere.
    pub fn finding_text(
        self,
        code: FindingCode,
        subject: Option<Subject>,
        facts: &Facts,
    ) -> String {
        let subject = subject.map_or_else(String::new, |s| self.subject(s).to_owned());
        let fr = self == Lang::Fr;
        match facts {
            Facts::Legacy { message } if fr => message.clone(),
            Facts::Legacy { .. } => self.finding_title(code).to_owned(),
            Facts::Website {
                state,
                detail,
                throttled,
            } => self.website_text(*state, detail.as_deref(), *throttled),
            Facts::NothingFound { not_verifiable } => {
                let mut s = self
                    .pick(
                        "La commune déclare ouvrir des données, mais aucune donnée publiée n'a été trouvée (site web, ODWB, portail propre).",
                        "The commune declares it opens data, but no published data was found (website, ODWB, own portal).",
                    )
                    .to_owned();
                if *not_verifiable > 0 {
                    s.push(' ');
                    s.push_str(&self.not_verifiable_text(*not_verifiable));
                }
                s
            }
            Facts::NoneFound => match (code, fr) {
                (FindingCode::ChannelNotFound, true) => {
                    format!("Canal déclaré sans données trouvées : {subject}.")
                }
                (FindingCode::ChannelNotFound, false) => {
                    format!("Declared channel with no data found: {subject}.")
                }
                (_, true) => format!("Classe de format déclarée sans fichier trouvé : {subject}."),
                (_, false) => format!("Declared format class with no file found: {subject}."),
            },
            Facts::Files {
                files,
                not_verifiable,
            } => {
                let mut s = self.files_text(code, *files, &subject);
                if *not_verifiable > 0 {
                    s.push(' ');
                    s.push_str(&self.not_verifiable_text(*not_verifiable));
                }
                s
            }
            Facts::Update { declared, late } => {
                let regime = match (declared, fr) {
                    (UpdateRegime::Automatique, true) => "automatique",
                    (UpdateRegime::Automatique, false) => "automatic",
                    (_, true) => "manuelle régulière",
                    (_, false) => "regular manual",
                };
                if fr {
                    format!(
                        "La commune déclare une mise à jour {regime}, mais {late} fichier(s) sont en retard sur la fréquence annoncée."
                    )
                } else {
                    format!(
                        "The commune declares {regime} updates, but {late} file(s) are late against their announced frequency."
                    )
                }
            }
            Facts::Datasets { datasets } => {
                if fr {
                    format!(
                        "{datasets} jeu(x) de données publiés sur un portail ne sont pas signalés par le site web communal."
                    )
                } else {
                    format!(
                        "{datasets} dataset(s) published on a portal are not linked from the commune website."
                    )
                }
            }
            Facts::Personal { files, kinds } => {
                let kinds: Vec<&str> = kinds.iter().map(|k| self.personal_kind(*k)).collect();
                let kinds = kinds.join(", ");
                if fr {
                    format!(
                        "{files} fichier(s) publiés semblent contenir des données personnelles ({kinds}) : à vérifier et, le cas échéant, anonymiser ou retirer."
                    )
                } else {
                    format!(
                        "{files} published file(s) seem to hold personal data ({kinds}): to be checked and, if so, anonymised or withdrawn."
                    )
                }
            }
        }
    }

    /// A kind of personal data, as the report names it.
    pub fn personal_kind(self, kind: crate::assess::PersonalKind) -> &'static str {
        use crate::assess::PersonalKind as K;
        match kind {
            K::NationalNumber => {
                self.pick("numéros de registre national", "national register numbers")
            }
            K::Iban => self.pick("numéros de compte (IBAN)", "bank account numbers (IBAN)"),
            K::Email => self.pick(
                "adresses e-mail de personnes",
                "e-mail addresses of persons",
            ),
            K::Phone => self.pick(
                "numéros de téléphone de personnes",
                "phone numbers of persons",
            ),
            K::IdentifyingColumns => self.pick(
                "colonnes identifiant des personnes",
                "columns identifying persons",
            ),
        }
    }

    /// A step of "Pour progresser": its headline and its detail. Names files by their
    /// title and URL (shown as evidence), standards by name and version, errors by field
    /// and rule: never a value read in a file.
    pub fn advice(self, a: &Advice) -> (String, String) {
        let fr = self == Lang::Fr;
        let pair = |fr_text: (String, String), en_text: (String, String)| {
            if fr { fr_text } else { en_text }
        };
        match a {
            Advice::RemovePersonalData { file, kinds } => {
                let kinds: Vec<&str> = kinds.iter().map(|k| self.personal_kind(*k)).collect();
                let kinds = kinds.join(", ");
                let name = file.seen.as_deref().unwrap_or(&file.url);
                pair(
                    (
                        format!("Retirer les données personnelles de « {name} »"),
                        format!(
                            "Le fichier semble contenir des {kinds}. Vérifiez-le et, le cas échéant, retirez ou anonymisez ces colonnes (suppression, agrégation) avant de le republier."
                        ),
                    ),
                    (
                        format!("Remove the personal data from \"{name}\""),
                        format!(
                            "The file seems to hold {kinds}. Check it and, if so, remove or anonymise those columns (deletion, aggregation) before publishing it again."
                        ),
                    ),
                )
            }
            Advice::StateOpenLicence { files, .. } => pair(
                (
                    "Indiquer une licence ouverte sur la page des données".to_owned(),
                    format!(
                        "{files} fichier(s) n'ont pas de licence ouverte reconnue et perdent ainsi toutes leurs étoiles. Écrivez une licence ouverte (CC BY 4.0, CC0, Licence ouverte) sur la page qui les présente."
                    ),
                ),
                (
                    "State an open licence on the data's page".to_owned(),
                    format!(
                        "{files} file(s) have no recognised open licence and so lose all their stars. Write an open licence (CC BY 4.0, CC0, Licence ouverte) on the page presenting them."
                    ),
                ),
            ),
            Advice::AddCsv { files, formats, .. } => {
                let formats: Vec<&str> = formats.iter().map(|f| f.code()).collect();
                let formats = formats.join(", ");
                pair(
                    (
                        format!("Publier un CSV à côté des fichiers {formats}"),
                        format!(
                            "{files} fichier(s) ({formats}) n'ont pas d'équivalent dans un format structuré ouvert : un CSV à côté, sous licence ouverte, vaut 3★ (un tableur ou un PDF, au mieux 2★ ou 1★)."
                        ),
                    ),
                    (
                        format!("Publish a CSV beside the {formats} files"),
                        format!(
                            "{files} file(s) ({formats}) have no counterpart in an open structured format: a CSV beside them, under an open licence, earns 3★ (a spreadsheet or a PDF, 2★ or 1★ at best)."
                        ),
                    ),
                )
            }
            Advice::FollowStandard { .. } => self.standard_advice(a),
            Advice::PublishOnOdwb { files, .. } => pair(
                (
                    "Publier aussi sur l'ODWB".to_owned(),
                    format!(
                        "{files} fichier(s) ne sont que sur le site web communal. Sur l'Open Data Wallonie-Bruxelles, ils seraient catalogués, décrits et trouvés par les réutilisateurs."
                    ),
                ),
                (
                    "Also publish on ODWB".to_owned(),
                    format!(
                        "{files} file(s) are only on the commune website. On Open Data Wallonie-Bruxelles they would be catalogued, described and found by reusers."
                    ),
                ),
            ),
        }
    }

    /// [`Lang::advice`] for [`Advice::FollowStandard`].
    fn standard_advice(self, a: &Advice) -> (String, String) {
        let Advice::FollowStandard {
            standard,
            title,
            version,
            file,
            errors,
            error_count,
        } = a
        else {
            return (String::new(), String::new());
        };
        let name = file.seen.as_deref().unwrap_or(&file.url);
        let errors: Vec<String> = errors
            .iter()
            .map(|e| format!("{} ({})", e.field, self.standard_rule(&e.rule)))
            .collect();
        let errors = errors.join(", ");
        match self {
            Lang::Fr => (
                format!("Suivre le standard wallon « {title} » ({standard} {version})"),
                format!(
                    "« {name} » a les colonnes de ce standard mais ne s'y conforme pas : {error_count} écart(s), d'abord {errors}. Conforme, il serait réutilisable avec les données des autres communes."
                ),
            ),
            Lang::En => (
                format!("Follow the Walloon standard \"{title}\" ({standard} {version})"),
                format!(
                    "\"{name}\" has this standard's columns but does not conform: {error_count} error(s), first {errors}. Conforming, it could be reused with other communes' data."
                ),
            ),
        }
    }

    /// A rule of a Walloon standard broken, as people say it (`type:date` …).
    pub fn standard_rule(self, rule: &str) -> String {
        let (fr, en) = match rule {
            "missing-label" => ("colonne manquante", "missing column"),
            "extra-label" => ("colonne hors du standard", "column not in the standard"),
            "incorrect-label" => ("colonne hors de l'ordre", "column out of order"),
            "missing-cell" => ("cellule manquante", "missing cell"),
            "extra-cell" => ("cellule en trop", "extra cell"),
            "required" => ("valeur obligatoire vide", "required value empty"),
            "unique" | "primary-key" => ("valeur répétée", "repeated value"),
            "enum" => ("valeur hors de la liste", "value not in the list"),
            "pattern" => ("forme non respectée", "pattern not met"),
            "minLength" | "maxLength" => ("longueur hors bornes", "length out of bounds"),
            "minimum" | "maximum" => ("valeur hors bornes", "value out of bounds"),
            _ => match rule.strip_prefix("type:") {
                Some(t) => {
                    return match self {
                        Lang::Fr => format!("type {t} attendu"),
                        Lang::En => format!("{t} expected"),
                    };
                }
                None => return rule.to_owned(),
            },
        };
        self.pick(fr, en).to_owned()
    }

    /// A finding's subject, short.
    pub fn subject(self, s: Subject) -> &'static str {
        match s {
            Subject::Channel(c) => self.channel(c.channel()),
            Subject::FormatClass(c) => self.format_class_short(c),
        }
    }

    fn website_text(self, state: WebsiteState, detail: Option<&str>, throttled: bool) -> String {
        let why = detail.map_or_else(
            || self.pick("raison inconnue", "reason unknown").to_owned(),
            str::to_owned,
        );
        match (state, self) {
            (_, Lang::Fr) if throttled => format!(
                "Le site web communal a demandé d'attendre avant d'être consulté à nouveau ({why}). Ce qu'il publie est non vérifiable dans cette exécution."
            ),
            (_, Lang::En) if throttled => format!(
                "The commune website asked us to wait before asking again ({why}). What it publishes could not be verified in this run."
            ),
            (WebsiteState::Closed, Lang::Fr) => format!(
                "Le site web communal n'a pas pu être exploré : son robots.txt l'interdit aux robots ou impose un délai trop long ({why}). Ce qu'il publie n'a pas pu être vérifié."
            ),
            (WebsiteState::Closed, Lang::En) => format!(
                "The commune website could not be crawled: its robots.txt forbids robots or asks for too long a delay ({why}). What it publishes could not be checked."
            ),
            (_, Lang::Fr) => format!("Le site web communal n'a pas pu être consulté ({why})."),
            (_, Lang::En) => format!("The commune website could not be read ({why})."),
        }
    }

    fn not_verifiable_text(self, n: usize) -> String {
        match self {
            Lang::Fr => format!(
                "{n} fichier(s) non vérifiable(s) : leur téléchargement n'a rien pu établir."
            ),
            Lang::En => {
                format!("{n} file(s) could not be verified: fetching them established nothing.")
            }
        }
    }

    fn files_text(self, code: FindingCode, n: usize, subject: &str) -> String {
        use FindingCode as C;
        match (code, self) {
            (C::UndeclaredOpenDataFound, Lang::Fr) => format!(
                "La commune déclare ne pas ouvrir de données, mais {n} fichier(s) publié(s) ont été trouvés."
            ),
            (C::UndeclaredOpenDataFound, Lang::En) => format!(
                "The commune declares it does not open data, but {n} published file(s) were found."
            ),
            (C::ChannelUndeclared, Lang::Fr) => {
                format!("Données trouvées sur un canal non déclaré : {subject} ({n} fichier(s)).")
            }
            (C::ChannelUndeclared, Lang::En) => {
                format!("Data found on an undeclared channel: {subject} ({n} file(s)).")
            }
            (C::FormatClassUndeclared, Lang::Fr) => format!(
                "Fichiers d'une classe de format non déclarée : {subject} ({n} fichier(s))."
            ),
            (C::FormatClassUndeclared, Lang::En) => {
                format!("Files of an undeclared format class: {subject} ({n} file(s)).")
            }
            (C::BrokenDistribution, Lang::Fr) => format!(
                "{n} lien(s) vers des fichiers ne fonctionnent pas (erreur HTTP ou réseau)."
            ),
            (C::BrokenDistribution, Lang::En) => {
                format!("{n} link(s) to files do not work (HTTP or network error).")
            }
            (C::NoOpenLicence, Lang::Fr) => format!(
                "{n} fichier(s) publiés sans licence ouverte reconnue : ils ne comptent pas comme données ouvertes (0 étoile)."
            ),
            (C::NoOpenLicence, Lang::En) => format!(
                "{n} file(s) published without a recognised open licence: they do not count as open data (0 stars)."
            ),
            (C::FormatMislabelled, Lang::Fr) => format!(
                "{n} fichier(s) ont un nom ou un type annoncé qui ne correspond pas à leur contenu."
            ),
            (C::FormatMislabelled, Lang::En) => format!(
                "{n} file(s) have a name or announced type that does not match their content."
            ),
            (_, Lang::Fr) => format!("{n} fichier(s)."),
            (_, Lang::En) => format!("{n} file(s)."),
        }
    }

    /// Why a file has its stars, from the rating's facts.
    pub fn stars_reason(
        self,
        stars: u8,
        format_stars: u8,
        licence: LicenceClass,
        licence_name: Option<&str>,
    ) -> String {
        let name = licence_name.map(|n| format!(" ({n})")).unwrap_or_default();
        match (format_stars, licence) {
            (0, _) => self
                .pick(
                    "0★ : rien d'exploitable n'a été téléchargé",
                    "0★: nothing usable was downloaded",
                )
                .to_owned(),
            (f, LicenceClass::Open) => match self {
                Lang::Fr => format!("{stars}★ : format à {f}★, licence ouverte{name}"),
                Lang::En => format!("{stars}★: a {f}★ format, open licence{name}"),
            },
            (f, LicenceClass::NotOpen) => match self {
                Lang::Fr => format!("0★ : format à {f}★, mais licence non ouverte{name}"),
                Lang::En => format!("0★: a {f}★ format, but the licence is not open{name}"),
            },
            (f, LicenceClass::Unknown) => match self {
                Lang::Fr => {
                    format!("0★ : format à {f}★, mais aucune licence ouverte reconnue{name}")
                }
                Lang::En => format!("0★: a {f}★ format, but no open licence recognised{name}"),
            },
        }
    }

    /// A population class's label (`< 5 000`).
    /// Whose survey answers these are, when they were given by communes that merged into
    /// the one audited; `None` when the commune answered itself.
    pub fn carried_from(self, d: &crate::declarations::Declaration) -> Option<String> {
        let first = d.carried_from.first()?;
        let names: Vec<String> = d
            .carried_from
            .iter()
            .map(|p| format!("{} ({})", p.name, p.nis_code))
            .collect();
        let names = names.join(self.pick(" et ", " and "));
        let (year, day) = (d.year, first.merged_on);
        Some(match self {
            Lang::Fr => format!(
                "Réponses de l'enquête {year} données par {names}, fusionnée(s) le {day} dans cette commune."
            ),
            Lang::En => format!(
                "Survey {year} answers given by {names}, merged into this commune on {day}."
            ),
        })
    }

    pub fn population_class(self, c: crate::targets::PopulationClass) -> String {
        match self {
            Lang::Fr => c.label().to_owned(),
            Lang::En => c.label().replace(" 0", ",0"),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn answers_given_by_merged_communes_say_whose_they_are() {
        use crate::declarations::Predecessor;
        let nis = "82039".parse().unwrap();
        let mut d = crate::report::measure::tests::declaration(nis, true);
        assert_eq!(Lang::Fr.carried_from(&d), None);
        let merged_on = jiff::civil::date(2024, 12, 2);
        d.carried_from = vec![
            Predecessor {
                nis_code: "82003".parse().unwrap(),
                name: "Bastogne".into(),
                merged_on,
            },
            Predecessor {
                nis_code: "82005".parse().unwrap(),
                name: "Bertogne".into(),
                merged_on,
            },
        ];
        let fr = Lang::Fr.carried_from(&d).unwrap();
        assert!(fr.contains("Bastogne (82003) et Bertogne (82005)"), "{fr}");
        assert!(fr.contains("2024-12-02") && fr.contains("2020"), "{fr}");
        let en = Lang::En.carried_from(&d).unwrap();
        assert!(en.contains("Bastogne (82003) and Bertogne (82005)"), "{en}");
    }

    use super::*;

    #[test]
    fn every_problem_kind_is_worded_in_both_languages() {
        use crate::discover::problem::ProblemKind as K;
        let index = IndexKind::PloneSearch;
        let kinds = [
            K::OwnPortalUnharvested,
            K::RegionalPortalUnharvested {
                portal: "odwb".into(),
            },
            K::WebsiteTaskFailed,
            K::ProbeTaskFailed,
            K::PageFailed,
            K::PageNotParsed,
            K::SitemapFailed,
            K::IndexRefused { index },
            K::IndexEmpty { index },
            K::IndexTruncated { index, pages: 7 },
            K::Other,
        ];
        for lang in [Lang::Fr, Lang::En] {
            let words: Vec<String> = kinds.iter().map(|k| lang.problem(k)).collect();
            let distinct: std::collections::BTreeSet<&String> = words.iter().collect();
            assert_eq!(distinct.len(), kinds.len(), "{lang:?}: {words:?}");
            assert!(words[1].contains("odwb"), "{}", words[1]);
            assert!(words[7..10].iter().all(|w| w.contains("plone_search")));
            assert!(words[9].contains('7'), "{}", words[9]);
        }
        assert_eq!(Lang::Fr.problem(&K::Other), "Problème rencontré");
        assert_eq!(
            Lang::En.problem(&K::OwnPortalUnharvested),
            "Own portal not harvested"
        );
        assert_eq!(
            Lang::Fr.problem(&K::OwnPortalUnharvested),
            "Portail propre non moissonné"
        );
    }

    #[test]
    fn percentages_and_points_read_as_people_write_them() {
        assert_eq!(Lang::Fr.percent(13, 75), "17\u{202f}%");
        assert_eq!(Lang::En.percent(13, 75), "17%");
        assert_eq!(Lang::En.percent(1, 0), "–");
        assert_eq!(Lang::En.points(3.6), "+4 pts");
        assert_eq!(Lang::En.points(-2.2), "−2 pts");
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
    }

    #[test]
    fn dates_are_local_in_form_utc_in_fact() {
        assert_eq!(
            Lang::Fr.datetime("2026-11-29T11:38:25Z"),
            "29/11/2026 11:38 UTC"
        );
        assert_eq!(Lang::En.date("2026-11-29T11:38:25Z"), "2026-11-29");
        assert_eq!(Lang::En.date("soon"), "soon");
    }

    #[test]
    fn english_population_classes_use_commas() {
        use crate::targets::PopulationClass;
        assert_eq!(
            Lang::En.population_class(PopulationClass::From5kTo20k),
            "5,000 – 20,000"
        );
        assert_eq!(
            Lang::Fr.population_class(PopulationClass::Under5k),
            "< 5 000"
        );
    }

    #[test]
    fn every_advice_is_worded_in_both_languages_without_a_value() {
        use crate::assess::{Format, PersonalKind, StandardError, ValueKind};
        use crate::audit::model::Evidence;
        let file = Evidence {
            url: "https://www.x.be/velos.csv".into(),
            seen: Some("Parkings vélos".into()),
        };
        let all = [
            Advice::RemovePersonalData {
                file: file.clone(),
                kinds: vec![PersonalKind::NationalNumber, PersonalKind::Iban],
            },
            Advice::StateOpenLicence {
                files: 4,
                pages: vec![file.clone()],
            },
            Advice::AddCsv {
                files: 2,
                formats: vec![Format::Pdf, Format::Xlsx],
                examples: vec![file.clone()],
            },
            Advice::FollowStandard {
                standard: "stationnements-velos".into(),
                title: "Stationnements vélos".into(),
                version: "1.2.0".into(),
                file: file.clone(),
                errors: vec![StandardError {
                    field: "capacite".into(),
                    row: Some(3),
                    value: ValueKind::Text,
                    rule: "type:integer".into(),
                }],
                error_count: 6,
            },
            Advice::PublishOnOdwb {
                files: 3,
                examples: vec![file],
            },
        ];
        let expect_fr = [
            "registre national",
            "licence ouverte",
            "PDF, XLSX",
            "capacite (type integer attendu)",
            "ODWB",
        ];
        let expect_en = [
            "national register",
            "open licence",
            "PDF, XLSX",
            "capacite (integer expected)",
            "ODWB",
        ];
        for (i, a) in all.iter().enumerate() {
            let (fr_title, fr) = Lang::Fr.advice(a);
            let (en_title, en) = Lang::En.advice(a);
            let fr = format!("{fr_title} {fr}");
            let en = format!("{en_title} {en}");
            assert!(fr.contains(expect_fr[i]), "{fr}");
            assert!(en.contains(expect_en[i]), "{en}");
            assert_ne!(fr, en);
            for text in [&fr, &en] {
                assert!(!text.contains("***"), "{text}");
            }
        }
        let (title, detail) = Lang::Fr.advice(&all[3]);
        assert!(title.contains("stationnements-velos 1.2.0"), "{title}");
        assert!(detail.contains("6 écart(s)"), "{detail}");
        assert_eq!(Lang::En.standard_rule("missing-label"), "missing column");
        assert_eq!(Lang::Fr.standard_rule("x-unknown"), "x-unknown");
    }
}
