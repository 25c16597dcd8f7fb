//! Where a page states a licence, and which of its files each statement covers.
//!
//! Real pages state licences in many ways: a sentence with the licence linked to its
//! deed ("publiées sous <a href=…/by/4.0/>CC BY 4.0</a>"), `rel="license"`, a Creative
//! Commons badge, a "Licence" column or `<dt>`/`<dd>` beside the files, `<meta
//! name="dcterms.license">`, `<link rel="license">`, JSON-LD `license`, or a sentence for
//! a whole section or page ("les fichiers ci-dessous…", "toutes les données de cette
//! page…"). Every one of them becomes a [`Statement`] at a place in the page; each group
//! of files then takes the statement that is *closest to it*: one inside the group first,
//! then one sharing the smallest container, in the same heading section, before it rather
//! than after it. A statement inside another dataset's group, or in another heading
//! section, is that neighbour's and never leaks. Site chrome (footers, navigation: "©
//! Commune — Tous droits réservés") speaks for the website and is used only when nothing
//! else is said.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use url::Url;

use super::LicenceStatement;
use crate::assess::{LicenceClass, judge_licence};

/// At most this many statements per page are kept (a hostile page may repeat thousands).
const MAX_STATEMENTS: usize = 10_000;
/// At most this much of one block's own text is read.
const MAX_BLOCK_TEXT: usize = 4096;
/// At most this much JSON-LD is parsed per script.
const MAX_JSON_LD: usize = 256 * 1024;

/// Licence names, as pages write them, mapped to a canonical name.
const LICENCES: &[(&str, &str)] = &[
    ("licence ouverte", "Licence Ouverte"),
    ("open licence", "Licence Ouverte"),
    ("etalab", "Licence Ouverte"),
    ("cc-by-sa", "CC BY-SA"),
    ("cc by-sa", "CC BY-SA"),
    ("cc by sa", "CC BY-SA"),
    ("cc-by", "CC BY"),
    ("cc by", "CC BY"),
    ("creative commons attribution", "CC BY"),
    ("cc0", "CC0"),
    ("cc zero", "CC0"),
    ("domaine public", "Public domain"),
    ("public domain", "Public domain"),
    ("odbl", "ODbL"),
    ("open database licen", "ODbL"),
    ("odc-by", "ODC-BY"),
    ("pddl", "PDDL"),
    ("modèle de licence gratuite", "Licence gratuite (Wallonie)"),
    ("licence gratuite", "Licence gratuite (Wallonie)"),
    ("tous droits réservés", "All rights reserved"),
    ("all rights reserved", "All rights reserved"),
    ("cc by-nc", "CC BY-NC"),
    ("cc-by-nc", "CC BY-NC"),
    ("cc by-nd", "CC BY-ND"),
    ("cc-by-nd", "CC BY-ND"),
];

/// Words by which a statement speaks for the whole page, wherever it stands.
const PAGE_WIDE: &[&str] = &[
    "de cette page",
    "sur cette page",
    "de ce site",
    "toutes les données",
    "toutes nos données",
    "l'ensemble des données",
    "l’ensemble des données",
    "sauf mention contraire",
    "all data on this page",
];

/// Elements whose own text is read as one statement.
const BLOCKS: &[&str] = &[
    "html",
    "body",
    "p",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "tr",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "caption",
    "address",
    "form",
    "fieldset",
    "details",
    "summary",
    "table",
    "ul",
    "ol",
    "dl",
];

/// The first licence a text names, with the words that name it when the licence judge
/// reads them (so "Attribution - Partage dans les Mêmes Conditions 4.0" keeps its
/// share-alike clause and its version), else its canonical name.
pub fn licence_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let (at, canonical) = LICENCES
        .iter()
        .filter_map(|(needle, name)| lower.find(needle).map(|at| (at, *needle, *name)))
        // The earliest name; at one place the longest ("cc by-nc" over "cc by").
        .min_by_key(|(at, needle, _)| (*at, std::cmp::Reverse(needle.len())))
        .map(|(at, _, name)| (at, name))?;
    // `to_lowercase` may change byte lengths: find the same place in the original by chars.
    let chars_before = lower[..at].chars().count();
    let window: String = text
        .chars()
        .skip(chars_before)
        .take(100)
        .collect::<String>();
    let window = match window.find(". ").or_else(|| window.find(['\n', ';'])) {
        Some(end) => window[..end].to_owned(),
        None => window,
    };
    let window = window.split_whitespace().collect::<Vec<_>>().join(" ");
    if judge_licence(Some(&window), None).class != LicenceClass::Unknown {
        Some(window)
    } else {
        Some(canonical.to_owned())
    }
}

/// The licence a URL is the deed or badge of, as a licence URL; `None` for other URLs.
/// A link to a licence is a statement, never a dataset.
pub fn licence_link(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = url.path().to_ascii_lowercase();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let deed = |kind: &str, rest: &[&str]| -> String {
        let mut u = format!("https://creativecommons.org/{kind}/");
        for s in rest.iter().take(2) {
            u.push_str(s);
            u.push('/');
        }
        u
    };
    match host {
        "creativecommons.org" => matches!(
            segs.first(),
            Some(&("licenses" | "licences" | "publicdomain"))
        )
        .then(|| url.to_string()),
        // Badge images: `/l/by-sa/4.0/88x31.png`, `/p/zero/1.0/88x31.png`.
        "i.creativecommons.org" | "licensebuttons.net" | "mirrors.creativecommons.org" => {
            let at = segs.iter().position(|s| *s == "l" || *s == "p")?;
            let rest = &segs[at + 1..];
            let code = rest.first()?;
            if segs[at] == "l" {
                Some(deed("licenses", &rest[..rest.len().min(2)]))
            } else if matches!(*code, "zero" | "mark") {
                Some(deed("publicdomain", &rest[..rest.len().min(2)]))
            } else {
                None
            }
        }
        "opendatacommons.org" | "opendefinition.org" | "spdx.org" => {
            matches!(segs.first(), Some(&("licenses" | "licences"))).then(|| url.to_string())
        }
        "data.gov.be" => path.contains("licen").then(|| url.to_string()),
        _ if host.ends_with("etalab.gouv.fr") && path.contains("licen") => Some(url.to_string()),
        _ if path.contains("licence-ouverte")
            || path.contains("licence_ouverte")
            || path.contains("open-licence") =>
        {
            Some(url.to_string())
        }
        _ => None,
    }
}

/// `rel` attribute values name `license`.
pub fn rel_license(rel: Option<&str>) -> bool {
    rel.is_some_and(|r| {
        r.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("license"))
    })
}

/// A licence statement at a place in the page.
#[derive(Clone, Debug)]
struct Statement {
    licence: LicenceStatement,
    /// The block it is stated in (the root element for `<head>` metadata).
    node: NodeId,
    /// Document order of that block.
    order: usize,
    /// The heading section it speaks for (all zero: the whole page).
    section: Outline,
    /// Said by the site's chrome (footer, navigation): the website's, not the data's.
    chrome: bool,
    /// Said for the whole page: head metadata, "toutes les données de cette page", chrome.
    page_wide: bool,
}

/// The headings (by document order, 0 for none) open at a place, by level h1..h6.
type Outline = [usize; 6];

/// A heading that titles a licence: "Licence", "Licences et conditions", "Conditions
/// d'utilisation", "Terms of use".
fn is_licence_heading(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.chars().count() <= 60
        && (t.starts_with("licence")
            || t.starts_with("license")
            || t.starts_with("conditions d")
            || t.starts_with("conditions de r")
            || t.starts_with("terms of use"))
}

/// The section enclosing a section: its deepest open heading closed.
fn enclosing(mut section: Outline) -> Outline {
    if let Some(deepest) = section.iter().rposition(|h| *h != 0) {
        section[deepest] = 0;
    }
    section
}

/// A place in the page: document order, heading section, depth.
#[derive(Clone, Copy, Debug)]
struct Place {
    order: usize,
    section: Outline,
    depth: usize,
}

/// Every licence statement of a page, and where every element stands.
pub struct Statements {
    found: Vec<Statement>,
    places: HashMap<NodeId, Place>,
    /// Heading elements by document order.
    headings: HashMap<usize, NodeId>,
}

/// A block being read: its own text and the licence URLs inside it.
struct Open {
    node: NodeId,
    text: String,
    urls: Vec<String>,
    place: Place,
}

impl Statements {
    /// Read every statement of `doc`; links are resolved against `base`.
    pub fn of(doc: &Html, base: &Url) -> Statements {
        let mut reader = Reader {
            st: Statements {
                found: Vec::new(),
                places: HashMap::new(),
                headings: HashMap::new(),
            },
            base,
            root: doc.root_element().id(),
            order: 0,
            depth: 0,
            outline: [0; 6],
            chrome: 0,
            hidden: 0,
            open: Vec::new(),
        };
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    reader.depth += 1;
                    match node.value() {
                        Node::Element(el) => reader.open_element(node, el),
                        Node::Text(t) => reader.text(t),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    reader.depth -= 1;
                    if let Node::Element(el) = node.value() {
                        reader.close_element(node.id(), el);
                    }
                }
            }
        }
        let mut st = reader.st;
        st.widen_licence_sections(doc);
        st
    }

    /// A statement under its own "Licence" heading (iMio smartweb's text section beside
    /// a files section) speaks for the section enclosing that heading.
    fn widen_licence_sections(&mut self, doc: &Html) {
        for s in &mut self.found {
            let Some(deepest) = s.section.iter().rposition(|h| *h != 0) else {
                continue;
            };
            let heading = self
                .headings
                .get(&s.section[deepest])
                .and_then(|id| doc.tree.get(*id))
                .and_then(scraper::ElementRef::wrap)
                .map(|h| h.text().collect::<String>());
            if heading.is_some_and(|h| is_licence_heading(&h)) {
                s.section = enclosing(s.section);
            }
        }
    }

    fn push(&mut self, s: Statement) {
        if self.found.len() < MAX_STATEMENTS {
            self.found.push(s);
        }
    }

    /// A statement for the whole page (head metadata).
    fn push_root(&mut self, root: NodeId, licence: LicenceStatement) {
        self.push(Statement {
            licence,
            node: root,
            order: 0,
            section: [0; 6],
            chrome: false,
            page_wide: true,
        });
    }

    /// `<meta name="dcterms.license">`, `DC.rights`, `<link rel="license">`.
    fn head_statement(&mut self, el: &scraper::node::Element, base: &Url, root: NodeId) {
        match el.name() {
            "meta" => {
                let name = el
                    .attr("name")
                    .or_else(|| el.attr("property"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let licence_meta = matches!(
                    name.as_str(),
                    "dcterms.license"
                        | "dc.license"
                        | "dcterms.rights"
                        | "dc.rights"
                        | "license"
                        | "og:license"
                );
                if let (true, Some(content)) = (licence_meta, el.attr("content"))
                    && let Some(s) = statement_of_value(content)
                {
                    self.push_root(root, s);
                }
            }
            "link" if rel_license(el.attr("rel")) => {
                if let Some(u) = el.attr("href").and_then(|h| base.join(h.trim()).ok()) {
                    self.push_root(
                        root,
                        LicenceStatement {
                            name: None,
                            url: Some(licence_link(&u).unwrap_or_else(|| u.to_string())),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    fn close_block(&mut self, block: Open, chrome: bool) {
        let name = licence_in(&block.text);
        let url = block.urls.into_iter().next();
        if name.is_none() && url.is_none() {
            return;
        }
        let lower = block.text.to_lowercase();
        let page_wide = PAGE_WIDE.iter().any(|w| lower.contains(w));
        self.push(Statement {
            licence: LicenceStatement { name, url },
            node: block.node,
            order: block.place.order,
            section: if chrome || page_wide {
                [0; 6]
            } else {
                block.place.section
            },
            chrome,
            page_wide: chrome || page_wide,
        });
    }

    /// The heading section an element stands in (by level, the document order of each
    /// open heading; all zero before the first heading).
    pub fn section_of(&self, node: NodeId) -> [usize; 6] {
        self.places.get(&node).map_or([0; 6], |p| p.section)
    }

    /// The text of the sub-heading (h2..h6) opening `section`, when it stands inside
    /// `block`: the title of the dataset that section of the block presents.
    pub fn heading_within(&self, doc: &Html, block: NodeId, section: [usize; 6]) -> Option<String> {
        let level = section.iter().rposition(|h| *h != 0).filter(|l| *l >= 1)?;
        let heading = doc.tree.get(*self.headings.get(&section[level])?)?;
        if !heading.ancestors().any(|a| a.id() == block) {
            return None;
        }
        let text: String = heading
            .descendants()
            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
            .collect();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    }

    /// The licence stated for the files of each group. A group is `(block, first)`: its
    /// block (or its only link) and its first link (where it stands: order and heading
    /// section); `with_files` are the blocks of the groups that hold files (a statement
    /// inside one of them is that dataset's own, and never its neighbours'), and
    /// `file_links` the links to files.
    ///
    /// A statement speaks for the files of the smallest element around it that holds
    /// files: "Licence : CC BY" in one dataset's `<div>` is that dataset's, while an
    /// introduction beside the whole list speaks for the whole list.
    pub fn assign(
        &self,
        doc: &Html,
        groups: &[(NodeId, NodeId)],
        with_files: &HashSet<NodeId>,
        file_links: &[NodeId],
    ) -> Vec<Option<LicenceStatement>> {
        if self.found.is_empty() {
            return vec![None; groups.len()];
        }
        let mut holding_files: HashSet<NodeId> = HashSet::new();
        for link in file_links.iter().filter_map(|id| doc.tree.get(*id)) {
            for a in std::iter::once(link).chain(link.ancestors()) {
                if !holding_files.insert(a.id()) {
                    break;
                }
            }
        }
        // Each statement's owner (the innermost group of files holding it, if any) and
        // scope (the smallest element holding it and files).
        let mut owned: HashMap<Option<NodeId>, Vec<(&Statement, NodeId)>> = HashMap::new();
        for s in &self.found {
            let Some(node) = doc.tree.get(s.node) else {
                continue;
            };
            let around = || {
                std::iter::once(node)
                    .chain(node.ancestors())
                    .map(|a| a.id())
            };
            let owner = around().find(|id| with_files.contains(id));
            let scope = around()
                .find(|id| holding_files.contains(id))
                .unwrap_or(s.node);
            owned.entry(owner).or_default().push((s, scope));
        }
        groups
            .iter()
            .map(|&(block, first)| self.for_group(doc, block, first, &owned))
            .collect()
    }

    /// The statement closest to one group: in its block or the smallest container it
    /// shares with it, in its heading section, before it rather than after, nearest.
    fn for_group(
        &self,
        doc: &Html,
        block: NodeId,
        first: NodeId,
        owned: &HashMap<Option<NodeId>, Vec<(&Statement, NodeId)>>,
    ) -> Option<LicenceStatement> {
        let place = *self.places.get(&first)?;
        let node = doc.tree.get(block)?;
        let around: Vec<NodeId> = std::iter::once(block)
            .chain(node.ancestors().map(|a| a.id()))
            .collect();
        // Where the group's first link stands: a statement whose scope holds it speaks for it.
        let link = doc.tree.get(first)?;
        let aside: HashSet<NodeId> = std::iter::once(first)
            .chain(link.ancestors().map(|a| a.id()))
            .collect();
        // Statements of no group, or of a group holding this one (never a neighbour's).
        let candidates = around
            .iter()
            .map(|id| Some(*id))
            .chain([None])
            .filter_map(|owner| owned.get(&owner))
            .flatten();
        candidates
            .filter(|(_, scope)| aside.contains(scope))
            .filter_map(|(s, _)| {
                let in_section = s
                    .section
                    .iter()
                    .zip(place.section)
                    .all(|(a, b)| *a == 0 || *a == b);
                if !in_section {
                    return None;
                }
                let shared = self.shared_depth(doc, s, &aside);
                let specific = s.section.iter().filter(|h| **h != 0).count();
                let before = s.order <= place.order;
                let distance = s.order.abs_diff(place.order);
                Some(((!s.chrome, shared, specific, before), distance, *s))
            })
            .max_by(|(a, da, _), (b, db, _)| a.cmp(b).then(db.cmp(da)))
            .map(|(_, _, s)| s.licence.clone())
    }

    /// The depth of the smallest element holding both the statement and the group's
    /// first link.
    fn shared_depth(&self, doc: &Html, s: &Statement, around: &HashSet<NodeId>) -> usize {
        let Some(start) = doc.tree.get(s.node) else {
            return 0;
        };
        std::iter::once(start)
            .chain(start.ancestors())
            .find(|n| around.contains(&n.id()))
            .and_then(|n| self.places.get(&n.id()))
            .map_or(0, |p| p.depth)
    }

    /// The licence the page states for all its files (head metadata, page-wide words,
    /// else its chrome).
    pub fn for_page(&self) -> Option<LicenceStatement> {
        let whole = |chrome: bool| {
            self.found
                .iter()
                .find(|s| s.page_wide && s.chrome == chrome)
        };
        whole(false)
            .or_else(|| whole(true))
            .map(|s| s.licence.clone())
    }
}

/// Elements whose text is not shown (a licence named there states nothing).
const HIDDEN: &[&str] = &["script", "style", "template", "noscript", "title"];

/// One pass over the page, in document order.
struct Reader<'a> {
    st: Statements,
    base: &'a Url,
    root: NodeId,
    order: usize,
    depth: usize,
    outline: Outline,
    /// How many chrome elements (footer, navigation) are open.
    chrome: usize,
    /// How many hidden elements are open.
    hidden: usize,
    open: Vec<Open>,
}

impl Reader<'_> {
    fn open_element(&mut self, node: ego_tree::NodeRef<'_, Node>, el: &scraper::node::Element) {
        self.order += 1;
        let name = el.name();
        if let Some(level) = heading_level(name) {
            self.outline[level] = self.order;
            self.outline[level + 1..].iter_mut().for_each(|h| *h = 0);
            self.st.headings.insert(self.order, node.id());
        }
        let place = Place {
            order: self.order,
            section: self.outline,
            depth: self.depth,
        };
        self.st.places.insert(node.id(), place);
        if is_chrome(el) {
            self.chrome += 1;
        }
        if HIDDEN.contains(&name) {
            self.hidden += 1;
            if name == "script" && el.attr("type").is_some_and(|t| t.contains("ld+json")) {
                let json: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                for licence in json_ld_licences(&json) {
                    self.st.push_root(self.root, licence);
                }
            }
        }
        self.st.head_statement(el, self.base, self.root);
        if BLOCKS.contains(&name) {
            self.open.push(Open {
                node: node.id(),
                text: String::new(),
                urls: Vec::new(),
                place,
            });
        }
        if let Some(top) = self.open.last_mut() {
            inline_statement(el, self.base, top);
        }
    }

    fn text(&mut self, t: &str) {
        if self.hidden > 0 {
            return;
        }
        if let Some(top) = self.open.last_mut()
            && top.text.len() < MAX_BLOCK_TEXT
        {
            top.text.push_str(t);
            top.text.push(' ');
        }
    }

    fn close_element(&mut self, id: NodeId, el: &scraper::node::Element) {
        if HIDDEN.contains(&el.name()) {
            self.hidden = self.hidden.saturating_sub(1);
        }
        if self.open.last().is_some_and(|o| o.node == id) {
            let block = self.open.pop().expect("checked");
            self.st.close_block(block, self.chrome > 0);
        }
        if is_chrome(el) {
            self.chrome = self.chrome.saturating_sub(1);
        }
    }
}

/// A licence URL or badge inside a block, and the words of a badge (`alt`, `title`).
fn inline_statement(el: &scraper::node::Element, base: &Url, top: &mut Open) {
    match el.name() {
        "a" => {
            let Some(u) = el.attr("href").and_then(|h| base.join(h.trim()).ok()) else {
                return;
            };
            match licence_link(&u) {
                Some(l) => top.urls.push(l),
                None if rel_license(el.attr("rel")) => top.urls.push(u.to_string()),
                None => {}
            }
        }
        "img" => {
            if let Some(l) = el
                .attr("src")
                .and_then(|h| base.join(h.trim()).ok())
                .and_then(|u| licence_link(&u))
            {
                top.urls.push(l);
            }
            for words in [el.attr("alt"), el.attr("title")].into_iter().flatten() {
                if top.text.len() < MAX_BLOCK_TEXT {
                    top.text.push_str(words);
                    top.text.push(' ');
                }
            }
        }
        _ => {}
    }
}

/// A metadata value: a licence URL, or words naming a licence.
fn statement_of_value(value: &str) -> Option<LicenceStatement> {
    let value = value.trim();
    if let Ok(u) = Url::parse(value)
        && matches!(u.scheme(), "http" | "https")
    {
        return Some(LicenceStatement {
            name: None,
            url: Some(licence_link(&u).unwrap_or_else(|| u.to_string())),
        });
    }
    licence_in(value).map(|name| LicenceStatement {
        name: Some(name),
        url: None,
    })
}

/// The `license` values of a JSON-LD script (a string, a `{"@id"}`/`{"url"}`/`{"name"}`
/// object, or a list of them), at any depth the JSON parser allows.
fn json_ld_licences(json: &str) -> Vec<LicenceStatement> {
    let mut out = Vec::new();
    if json.len() > MAX_JSON_LD {
        return out;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return out;
    };
    let mut todo = vec![&value];
    while let Some(v) = todo.pop() {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if k == "license" || k.ends_with(":license") {
                        out.extend(licence_values(v));
                    } else {
                        todo.push(v);
                    }
                }
            }
            serde_json::Value::Array(items) => todo.extend(items.iter()),
            _ => {}
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

fn licence_values(v: &serde_json::Value) -> Vec<LicenceStatement> {
    match v {
        serde_json::Value::String(s) => statement_of_value(s).into_iter().collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(licence_values).collect(),
        serde_json::Value::Object(map) => {
            let url = ["@id", "url", "id"]
                .iter()
                .find_map(|k| map.get(*k).and_then(|v| v.as_str()))
                .and_then(statement_of_value)
                .and_then(|s| s.url);
            let name = map.get("name").and_then(|v| v.as_str()).map(str::to_owned);
            if url.is_none() && name.is_none() {
                Vec::new()
            } else {
                vec![LicenceStatement { name, url }]
            }
        }
        _ => Vec::new(),
    }
}

fn heading_level(name: &str) -> Option<usize> {
    match name {
        "h1" => Some(0),
        "h2" => Some(1),
        "h3" => Some(2),
        "h4" => Some(3),
        "h5" => Some(4),
        "h6" => Some(5),
        _ => None,
    }
}

/// The website's chrome: footers and navigation speak for the site, not for its data.
fn is_chrome(el: &scraper::node::Element) -> bool {
    if matches!(el.name(), "footer" | "nav") {
        return true;
    }
    if matches!(el.attr("role"), Some("contentinfo" | "navigation")) {
        return true;
    }
    let named = |a: Option<&str>| a.is_some_and(|v| v.to_ascii_lowercase().contains("footer"));
    named(el.attr("id")) || named(el.attr("class"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        s.parse().unwrap()
    }

    #[test]
    fn licence_links_and_badges_in_any_language_and_version() {
        for (link, want) in [
            ("https://creativecommons.org/licenses/by/4.0/deed.fr", true),
            ("http://creativecommons.org/licenses/by-sa/3.0/be/", true),
            ("https://creativecommons.org/publicdomain/zero/1.0/", true),
            ("https://opendatacommons.org/licenses/odbl/1-0/", true),
            (
                "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                true,
            ),
            ("https://data.gov.be/fr/licence-conditions", true),
            ("https://creativecommons.org/about/", false),
            ("https://www.x.be/licences-et-permis", false),
            ("https://data.gov.be/fr/datasets", false),
        ] {
            assert_eq!(licence_link(&u(link)).is_some(), want, "{link}");
        }
        assert_eq!(
            licence_link(&u("https://i.creativecommons.org/l/by-nc/4.0/88x31.png")).as_deref(),
            Some("https://creativecommons.org/licenses/by-nc/4.0/")
        );
        assert_eq!(
            licence_link(&u("https://licensebuttons.net/p/zero/1.0/88x31.png")).as_deref(),
            Some("https://creativecommons.org/publicdomain/zero/1.0/")
        );
    }

    #[test]
    fn licence_words_keep_their_clauses_and_version() {
        let s = licence_in("selon les termes de la Licence Creative Commons Attribution - Partage dans les Mêmes Conditions 4.0 International.").unwrap();
        let v = judge_licence(Some(&s), None);
        assert_eq!(v.canonical.as_deref(), Some("CC BY-SA 4.0"), "{s}");
        assert_eq!(
            licence_in("Licence : CC BY 4.0").as_deref(),
            Some("CC BY 4.0")
        );
        assert_eq!(licence_in("© Commune de Ciney"), None);
        let v = judge_licence(licence_in("© 2024 — Tous droits réservés").as_deref(), None);
        assert_eq!(v.class, LicenceClass::NotOpen);
    }

    #[test]
    fn json_ld_licence_forms() {
        let got = json_ld_licences(
            r#"[{"@type":"Dataset","license":{"@id":"https://creativecommons.org/licenses/by/4.0/"}},
                {"@type":"Dataset","license":["CC0"]}]"#,
        );
        assert_eq!(got.len(), 2);
        assert!(json_ld_licences("{not json").is_empty());
    }
}
