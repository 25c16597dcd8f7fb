//! The survey's questions and answers as the 2020 barometer words them (section 4 of
//! FuturoCité's report), and how a hand-typed header or answer is matched to them.
//!
//! Survey tools export the question texts as column headers and the answer texts as
//! cells; people retype them with other cases, accents, punctuation and the odd typo.
//! Everything is compared *folded* (lower case, no accents, punctuation and spacing
//! collapsed), first exactly, then against a few known variants (the questionnaire's own
//! "votre commune" wording, the short leads of answers such as "Non"), and last by edit
//! distance with a margin, so that a near miss is never taken for the wrong answer.

use unicode_normalization::UnicodeNormalization;

/// A question of the barometer odaudit reads (one column of the declarations file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Question {
    /// "Est-ce que les communes offrent déjà certaines de leurs données en accès ouvert ?"
    OpensData,
    /// "Sur quel support ces communes publient-elles leurs données ?"
    Channels,
    /// "Dans quels formats ces communes publient-elles leurs données ?"
    Formats,
    /// "Ces communes maintiennent-elles leurs données à jour ?"
    Update,
    /// "Comment ces communes communiquent-elles ... concernant les données qui sont ouvertes ?"
    Communication,
    /// "Ces communes envisagent-elles d'ouvrir leurs données prochainement ?"
    PlannedOpening,
}

/// One answer of a question: its exact barometer text, its token, and other ways people write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The barometer's text.
    pub text: &'static str,
    /// The declarations file's token.
    pub token: &'static str,
    /// Other accepted wordings (folded when compared).
    pub variants: &'static [&'static str],
}

const fn a(text: &'static str, token: &'static str, variants: &'static [&'static str]) -> Answer {
    Answer {
        text,
        token,
        variants,
    }
}

impl Question {
    /// Every question, in the declarations file's column order.
    pub const ALL: [Question; 6] = [
        Question::OpensData,
        Question::Channels,
        Question::Formats,
        Question::Update,
        Question::Communication,
        Question::PlannedOpening,
    ];

    /// The declarations file's column.
    pub fn column(self) -> &'static str {
        match self {
            Question::OpensData => "opens_data",
            Question::Channels => "channels",
            Question::Formats => "formats",
            Question::Update => "update",
            Question::Communication => "communication",
            Question::PlannedOpening => "planned_opening",
        }
    }

    /// The question of a declarations column.
    pub fn of_column(column: &str) -> Option<Question> {
        Question::ALL
            .into_iter()
            .find(|q| q.column().eq_ignore_ascii_case(column.trim()))
    }

    /// Whether several answers may be chosen.
    pub fn multiple(self) -> bool {
        matches!(
            self,
            Question::Channels | Question::Formats | Question::Communication
        )
    }

    /// The barometer's wording of the question.
    pub fn text(self) -> &'static str {
        match self {
            Question::OpensData => {
                "Est-ce que les communes offrent déjà certaines de leurs données en accès ouvert (Open Data) ?"
            }
            Question::Channels => "Sur quel support ces communes publient-elles leurs données ?",
            Question::Formats => "Dans quels formats ces communes publient-elles leurs données ?",
            Question::Update => "Ces communes maintiennent-elles leurs données à jour ?",
            Question::Communication => {
                "Comment ces communes communiquent-elles vers leurs différents publics (administration, citoyens, autres réutilisateurs potentiels) concernant les données qui sont ouvertes ?"
            }
            Question::PlannedOpening => {
                "Ces communes envisagent-elles d'ouvrir leurs données prochainement ?"
            }
        }
    }

    /// Words that, all present in a folded header, name the question (the questionnaire
    /// asked "votre commune", the barometer reports "ces communes": the words they share).
    fn keywords(self) -> &'static [&'static [&'static str]] {
        match self {
            Question::OpensData => &[&["acces ouvert"], &["offr", "donnees"]],
            Question::Channels => &[&["quel support"], &["support", "publi"], &["ou publi"]],
            Question::Formats => &[&["quels formats"], &["quel format"], &["formats", "publi"]],
            Question::Update => &[&["maint", "a jour"]],
            Question::Communication => &[&["communiq"]],
            Question::PlannedOpening => &[&["envisag", "ouvr"], &["prochainement"]],
        }
    }

    /// How strongly a header names this question: 3 the barometer's text, 2 a header
    /// holding it, 1 its key words, 0 not at all.
    pub fn header_score(self, header: &str) -> u8 {
        let h = fold(header);
        let q = fold(self.text());
        if h.is_empty() {
            return 0;
        }
        if h == q {
            return 3;
        }
        if h.contains(&q) {
            return 2;
        }
        // An open question about the same subject ("Comment votre commune maintient-elle
        // ses données ouvertes à jour ?") is not this one.
        let open = self != Question::Communication && h.starts_with("comment ");
        let words = |k: &&str| {
            if k.contains(' ') {
                h.contains(k)
            } else {
                h.split(' ').any(|w| w.starts_with(k))
            }
        };
        let hit = self.keywords().iter().any(|all| all.iter().all(words));
        u8::from(hit && !open)
    }

    /// The answers, barometer text first.
    pub fn answers(self) -> &'static [Answer] {
        match self {
            Question::OpensData => OPENS_DATA,
            Question::Channels => CHANNELS,
            Question::Formats => FORMATS,
            Question::Update => UPDATE,
            Question::Communication => COMMUNICATION,
            Question::PlannedOpening => PLANNED_OPENING,
        }
    }

    /// The answer a text names exactly (folded), as the barometer, its token or a known variant.
    pub fn answer_exact(self, text: &str) -> Option<&'static Answer> {
        let t = fold(text);
        if t.is_empty() {
            return None;
        }
        self.answers().iter().find(|a| {
            fold(a.text) == t || fold(a.token) == t || a.variants.iter().any(|v| fold(v) == t)
        })
    }

    /// The answer a text names, if exactly one does (typos allowed).
    pub fn answer(self, text: &str) -> Option<&'static Answer> {
        let t = fold(text);
        if t.is_empty() {
            return None;
        }
        if let Some(found) = self.answer_exact(text) {
            return Some(found);
        }
        let answers = self.answers();
        // Typos: the closest wording by edit distance, if clearly closer than the next.
        let mut best: Vec<(f64, usize)> = answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let score = std::iter::once(a.text)
                    .chain(a.variants.iter().copied())
                    .filter(|v| fold(v).len() >= 6)
                    .map(|v| strsim::normalized_levenshtein(&fold(v), &t))
                    .fold(0.0, f64::max);
                (score, i)
            })
            .collect();
        best.sort_by(|x, y| y.0.total_cmp(&x.0));
        let (top, i) = best[0];
        let second = best.get(1).map_or(0.0, |b| b.0);
        (t.len() >= 5 && top >= 0.8 && top - second >= 0.1).then(|| &answers[i])
    }

    /// The answer of a one-answer question, also from its lead ("Non, pas encore",
    /// "Oui (via ODWB)") when the lead is an answer by itself.
    pub fn single_answer(self, text: &str) -> Option<&'static Answer> {
        self.answer(text).or_else(|| {
            let lead = text.split([',', ':', '(', '.', ';']).next().unwrap_or("");
            (lead.len() < text.trim().len())
                .then(|| self.answer_exact(lead))
                .flatten()
        })
    }
}

/// The answers of [`Question::OpensData`].
const OPENS_DATA: &[Answer] = &[
    a("Oui", "oui", &["yes", "y", "o", "ja"]),
    a("Non", "non", &["no", "n", "nee"]),
];

/// The answers of [`Question::Channels`].
const CHANNELS: &[Answer] = &[
    a(
        "Une page du site web communal dédié au téléchargement de données",
        "site_web",
        &[
            "Une page du site web communal dédiée au téléchargement de données",
            "Une page de notre site web dédiée au téléchargement de données",
            "Page du site web communal",
            "Site web communal",
            "Site internet communal",
            "Site web",
            "Site internet",
        ],
    ),
    a(
        "Portail Open Data Wallonie Bruxelles",
        "odwb",
        &[
            "Portail Open Data Wallonie-Bruxelles (ODWB)",
            "Portail ODWB",
            "ODWB",
            "Open Data Wallonie Bruxelles",
            "www.odwb.be",
        ],
    ),
    a(
        "Portail Open Data propre à la commune",
        "portail_propre",
        &[
            "Portail Open Data propre à notre commune",
            "Notre propre portail Open Data",
            "Portail propre",
            "Portail communal",
        ],
    ),
];

/// The answers of [`Question::Formats`].
const FORMATS: &[Answer] = &[
    a(
        "Données non structurées : PDF, DOC(X), ...",
        "non_structure",
        &[
            "Données non structurées",
            "Non structurées",
            "PDF",
            "DOC",
            "DOCX",
        ],
    ),
    a(
        "Données structurées, dans un format propriétaire : XLS(X), ...",
        "structure_proprietaire",
        &[
            "Données structurées dans un format propriétaire",
            "Format propriétaire",
            "XLS",
            "XLSX",
            "Excel",
        ],
    ),
    a(
        "Données structurées, dans un format non propriétaire : CSV, XML, JSON, ...",
        "structure_ouvert",
        &[
            "Données structurées dans un format non propriétaire",
            "Format non propriétaire",
            "Format ouvert",
            "CSV",
            "CSV, XML, JSON",
        ],
    ),
    a(
        "Données avec des URI (identificateur de ressources uniformes pour les noms des choses) : RDF, ...",
        "uri",
        &["Données avec des URI", "URI", "RDF"],
    ),
    a(
        "Données liées à d'autres données pour y ajouter du contexte",
        "lie",
        &[
            "Données liées à d'autres données",
            "Données liées",
            "Linked data",
            "Linked Open Data",
        ],
    ),
];

/// The answers of [`Question::Update`].
const UPDATE: &[Answer] = &[
    a(
        "Oui, c'est automatique",
        "automatique",
        &["Automatique", "Oui, automatiquement", "Oui automatique"],
    ),
    a(
        "Oui, régulièrement mais de façon manuelle",
        "manuel_regulier",
        &[
            "Oui, régulièrement, de façon manuelle",
            "Oui, manuellement",
            "Manuellement",
            "Manuelle",
            "Régulièrement mais de façon manuelle",
        ],
    ),
    a("Partiellement", "partiel", &["En partie", "Partiel"]),
    a("Non", "non", &["Non, pas à jour"]),
];

/// The answers of [`Question::Communication`].
const COMMUNICATION: &[Answer] = &[
    a(
        "Elles ne communiquent pas",
        "aucune",
        &[
            "Nous ne communiquons pas",
            "Elle ne communique pas",
            "Pas de communication",
            "Aucune communication",
            "Aucune",
        ],
    ),
    a(
        "Via leur site internet",
        "site_web",
        &[
            "Via notre site internet",
            "Via son site internet",
            "Via son site web",
            "Via le site internet",
            "Site internet",
            "Site web",
            "Via le site web communal",
        ],
    ),
    a(
        "Via les réseaux sociaux",
        "reseaux_sociaux",
        &["Réseaux sociaux", "Via nos réseaux sociaux", "Facebook"],
    ),
    a(
        "Via la presse",
        "presse",
        &["Presse", "Via la presse locale"],
    ),
    a(
        "Via leur réseau interne",
        "reseau_interne",
        &[
            "Via notre réseau interne",
            "Via son réseau interne",
            "Réseau interne",
            "Intranet",
            "Via l'intranet",
        ],
    ),
    a(
        "Via leur plateforme Open Data",
        "plateforme_open_data",
        &[
            "Via notre plateforme Open Data",
            "Via sa plateforme Open Data",
            "Plateforme Open Data",
            "Via le portail Open Data",
        ],
    ),
];

/// The answers of [`Question::PlannedOpening`].
const PLANNED_OPENING: &[Answer] = &[
    a(
        "Oui, c'est prévu en 2020",
        "2020",
        &["En 2020", "Prévu en 2020"],
    ),
    a(
        "Oui, c'est prévu en 2021",
        "2021",
        &["En 2021", "Prévu en 2021"],
    ),
    a(
        "Oui, c'est prévu d'ici la fin de la mandature",
        "fin_mandature",
        &[
            "D'ici la fin de la mandature",
            "Fin de la mandature",
            "Avant la fin de la mandature",
        ],
    ),
    a(
        "Non, ce n'est pas à l'ordre du jour",
        "non",
        &["Non", "Pas à l'ordre du jour"],
    ),
];

/// Fold a text for comparison: lower case, accents and ligatures removed, every run of
/// punctuation and spacing one space, trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let lower: String = match c {
            'œ' | 'Œ' => "oe".into(),
            'æ' | 'Æ' => "ae".into(),
            'ß' => "ss".into(),
            c => c.to_lowercase().collect(),
        };
        for l in lower.chars() {
            if l.is_alphanumeric() {
                out.push(l);
                space = false;
            } else if !space {
                out.push(' ');
                space = true;
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// What a cell of a one-column-per-option export says about that option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Chosen (`Oui`, `Y`, `1`, `X`, `true`, or the option's own text).
    Chosen,
    /// Not chosen (empty, `Non`, `N`, `0`, `false`, `-`).
    NotChosen,
    /// Anything else.
    Unclear,
}

/// Read an option cell; `option` is the option's text (some tools repeat it when ticked).
pub fn tick(value: &str, option: &str) -> Tick {
    if matches!(value.trim(), "✓" | "✔" | "☑") {
        return Tick::Chosen;
    }
    let v = fold(value);
    match v.as_str() {
        "" | "non" | "n" | "no" | "0" | "false" | "faux" | "non coche" | "not selected" => {
            Tick::NotChosen
        }
        "oui" | "y" | "yes" | "1" | "x" | "true" | "vrai" | "coche" | "selected" | "ja" => {
            Tick::Chosen
        }
        _ if v == fold(option) => Tick::Chosen,
        _ => Tick::Unclear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            fold("  Oui, c'est PRÉVU   en 2020 !"),
            "oui c est prevu en 2020"
        );
        assert_eq!(fold("Cœur"), "coeur");
        assert_eq!(fold("Non."), "non");
        assert_eq!(fold("…"), "");
    }

    #[test]
    fn headers_name_questions() {
        for q in Question::ALL {
            assert_eq!(q.header_score(q.text()), 3, "{q:?}");
            assert_eq!(q.header_score(&format!("Q12. {}", q.text())), 2, "{q:?}");
            for other in Question::ALL.into_iter().filter(|o| *o != q) {
                assert_eq!(other.header_score(q.text()), 0, "{other:?} in {q:?}");
            }
        }
        let asked = "Votre commune offre-t-elle déjà certaines de ses données en accès ouvert (Open Data) ?";
        assert_eq!(Question::OpensData.header_score(asked), 1);
        let open = "Comment votre commune maintient-elle ses données ouvertes à jour ?";
        assert_eq!(Question::Update.header_score(open), 0);
        assert_eq!(
            Question::Update.header_score("Votre commune maintient-elle ses données à jour ?"),
            1
        );
        let inventory = "Les communes tiennent-elles à jour un inventaire de leurs données ?";
        assert!(Question::ALL.iter().all(|q| q.header_score(inventory) == 0));
        let training = "Quelles sont les demandes des communes en termes d'accompagnement ou de formations en relation avec l'ouverture de vos données ?";
        assert!(Question::ALL.iter().all(|q| q.header_score(training) == 0));
    }

    #[test]
    fn answers_exact_variants_and_typos() {
        let token = |q: Question, t: &str| q.answer(t).map(|a| a.token);
        for q in Question::ALL {
            for ans in q.answers() {
                assert_eq!(token(q, ans.text), Some(ans.token));
                assert_eq!(token(q, &ans.text.to_uppercase()), Some(ans.token));
            }
        }
        assert_eq!(token(Question::OpensData, "oui "), Some("oui"));
        assert_eq!(token(Question::OpensData, "Non."), Some("non"));
        assert_eq!(token(Question::OpensData, "peut-être"), None);
        assert_eq!(token(Question::Update, "Partielement"), Some("partiel"));
        assert_eq!(token(Question::Update, "Oui"), None, "automatic or manual?");
        assert_eq!(token(Question::PlannedOpening, "non"), Some("non"));
        let single = |q: Question, t: &str| q.single_answer(t).map(|a| a.token);
        assert_eq!(single(Question::OpensData, "Non, pas encore"), Some("non"));
        assert_eq!(single(Question::OpensData, "Oui (via l'ODWB)"), Some("oui"));
        assert_eq!(single(Question::Update, "Oui, quand on y pense"), None);
        assert_eq!(
            token(Question::PlannedOpening, "oui c'est prevu en 2012"),
            None,
            "2012 is not 2021"
        );
        assert_eq!(
            token(Question::Channels, "Portail Open Data Wallonie-Bruxelle"),
            Some("odwb")
        );
        assert_eq!(
            token(Question::Communication, "Via notre site internet"),
            Some("site_web")
        );
    }

    #[test]
    fn ticks() {
        for v in ["Oui", "Y", "1", "x", "TRUE", "✓", "Portail propre"] {
            assert_eq!(tick(v, "Portail propre"), Tick::Chosen, "{v}");
        }
        for v in ["", " ", "Non", "N", "0", "false"] {
            assert_eq!(tick(v, "Portail propre"), Tick::NotChosen, "{v}");
        }
        assert_eq!(tick("peut-être", "Portail propre"), Tick::Unclear);
    }
}
