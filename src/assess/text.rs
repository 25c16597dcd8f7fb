//! Text folding: one way to compare what people typed.
//!
//! Licences, update frequencies and publisher names all arrive as free text typed by hand
//! over years, in French with or without accents, upper or lower case, with hyphens,
//! underscores or dots between words (`Licence Ouverte`, `licence-ouverte`,
//! `LICENCE_OUVERTE`; `Liège`, `Liege`, `LIÈGE`). Each reader compares a folded form, and
//! all of them fold the same way, so a spelling one reader accepts the others accept too.
//!
//! Accents are removed by canonical decomposition (the `unicode-normalization` crate)
//! and dropping the combining marks, so every accented Latin letter folds, precomposed
//! or not; the few letters that do not decompose (ligatures, `ß`, `ø`, `ł`) are listed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Letters that canonical decomposition leaves whole, and their plain spelling.
const UNDECOMPOSED: &[(char, &str)] = &[
    ('œ', "oe"),
    ('æ', "ae"),
    ('ß', "ss"),
    ('ø', "o"),
    ('ł', "l"),
    ('đ', "d"),
];

/// Lower case, accents and ligatures folded to plain letters; everything else kept:
/// `plain("Ville de LIÈGE – Œuvres")` is `"ville de liege – oeuvres"`.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        match UNDECOMPOSED.iter().find(|(letter, _)| *letter == c) {
            Some((_, spelled)) => out.push_str(spelled),
            None => out.push(c),
        }
    }
    out
}

/// Runs of whitespace made one space, trimmed.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest text read as [`Words`]: a licence name or a frequency is never longer, and
/// a hostile page cannot make the readers work on megabytes.
const MAX_CHARS: usize = 2_000;

/// A text folded to its words: [`plain`], punctuation as spaces (a dot between digits
/// kept, so `4.0` stays a version), one space between words and one at each end, so whole
/// words are found as `" word "`.
pub struct Words(String);

impl Words {
    /// Fold the first 2,000 characters of `s` (nothing at all folds to one space).
    pub fn of(s: &str) -> Self {
        let head: String = s.chars().take(MAX_CHARS).collect();
        let chars: Vec<char> = plain(&head).chars().collect();
        let digit = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(char::is_ascii_digit)
        };
        let mut spaced = String::with_capacity(chars.len() + 2);
        spaced.push(' ');
        for (i, &c) in chars.iter().enumerate() {
            let keep =
                c.is_alphanumeric() || (c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)));
            spaced.push(if keep { c } else { ' ' });
        }
        let squashed = squash_spaces(&spaced);
        if squashed.is_empty() {
            return Words(" ".to_owned());
        }
        Words(format!(" {squashed} "))
    }

    /// The words, in order.
    pub fn list(&self) -> Vec<&str> {
        self.0.split_whitespace().collect()
    }

    /// The whole word (or phrase of whole words) occurs.
    pub fn has(&self, phrase: &str) -> bool {
        let mut needle = String::with_capacity(phrase.len() + 2);
        needle.push(' ');
        needle.push_str(phrase);
        needle.push(' ');
        self.0.contains(&needle)
    }

    /// One of the phrases occurs as whole words.
    pub fn any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.has(p))
    }

    /// The text occurs, even inside a word.
    pub fn contains(&self, part: &str) -> bool {
        self.0.contains(part)
    }

    /// A word starts with one of the stems (`mensuel` for `mensuelle`, `mensuellement`).
    pub fn stem(&self, stems: &[&str]) -> bool {
        self.0
            .split_whitespace()
            .any(|w| stems.iter().any(|st| w.starts_with(st)))
    }

    /// One of the words occurs, exactly.
    pub fn word(&self, words: &[&str]) -> bool {
        self.0.split_whitespace().any(|w| words.contains(&w))
    }

    /// The first version-looking word (`4.0`, `v2`, `2.0`), as `N.M`.
    pub fn version(&self) -> Option<String> {
        self.0.split(' ').find_map(|w| {
            let w = w.strip_prefix('v').unwrap_or(w);
            let (major, minor) = w.split_once('.').unwrap_or((w, "0"));
            let ok =
                |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
            (ok(major) && ok(minor) && major != "0").then(|| format!("{major}.{minor}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_folds_case_accents_and_ligatures_only() {
        assert_eq!(plain("Ville de LIÈGE – Œuvres"), "ville de liege – oeuvres");
        assert_eq!(
            plain("Ecaussinnes, Hélécine, Sankt Vith"),
            "ecaussinnes, helecine, sankt vith"
        );
        // Decomposed accents (e + combining acute) fold like precomposed ones.
        assert_eq!(plain("Lie\u{300}ge"), "liege");
        assert_eq!(plain("Straße Øster Łódź"), "strasse oster lodz");
    }

    #[test]
    fn words_are_whole_and_versions_survive() {
        let w = Words::of("Licence_Ouverte / Open-Licence v2.0 (Etalab).");
        assert_eq!(w.0, " licence ouverte open licence v2.0 etalab ");
        assert!(w.has("licence ouverte"));
        assert!(!w.has("licen"));
        assert!(w.contains("licen"));
        assert_eq!(w.version().as_deref(), Some("2.0"));
        assert_eq!(Words::of("1. 2").0, " 1 2 ");
        assert!(Words::of("mise à jour mensuelle").stem(&["mensuel"]));
        assert!(Words::of("Jamais").word(&["jamais"]));
        assert!(!Words::of("jamaïque").word(&["jamais"]));
    }

    #[test]
    fn words_read_a_bounded_prefix() {
        let long = "mot ".repeat(10_000);
        assert!(Words::of(&long).0.len() <= MAX_CHARS + 2);
        assert_eq!(Words::of("").0, " ");
        assert_eq!(Words::of(" -- ").0, " ");
    }
}
