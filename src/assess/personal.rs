//! Personal data in a published table: national register numbers, IBANs, e-mail
//! addresses and phone numbers of persons, and columns that together name people.
//!
//! A published file is the one place where an auditor can check what the survey only
//! asked ("the data opened contained no personal information"). Flagging a commune for a
//! data breach is serious, so every detector carries a validity check that keeps false
//! positives rare: check digits (national numbers, IBANs), the shape and ranges of the
//! numbering plan (mobiles), the difference between a person's address and a role address
//! (`info@`, `service.travaux@`), and the commune's own contact lines, which are repeated
//! or sit beside a role address. A `nom` column alone names streets, clubs and services:
//! only a surname with a first name, a birth date or a national number names people.
//!
//! What is found is never kept or shown as it was: only kinds, column names, counts, the
//! row of the first hit and a masked sample (`85.07.30-***.**`) leave this module.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::table::Table;

/// How many data rows are scanned at most: a column of national numbers or e-mails shows
/// itself in its first rows, and the scan must stay cheap beside the probe (under 2 ms).
pub(crate) const MAX_SCAN_ROWS: usize = 250;

/// A kind of personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalKind {
    /// Belgian national register (NISS/INSZ) numbers with valid check digits.
    NationalNumber,
    /// IBANs with valid check digits (not the publisher's own account repeated).
    Iban,
    /// E-mail addresses of persons (not role addresses).
    Email,
    /// Belgian mobile numbers, or landlines in a column about persons.
    Phone,
    /// Columns that together identify people: surname + first name, birth date, national number.
    IdentifyingColumns,
}

impl PersonalKind {
    /// The code used in CSV and JSON output.
    pub fn code(self) -> &'static str {
        match self {
            PersonalKind::NationalNumber => "national_number",
            PersonalKind::Iban => "iban",
            PersonalKind::Email => "email",
            PersonalKind::Phone => "phone",
            PersonalKind::IdentifyingColumns => "identifying_columns",
        }
    }
}

/// One kind of personal data found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalHit {
    /// What was found.
    pub kind: PersonalKind,
    /// The columns it was found in.
    pub columns: Vec<String>,
    /// How many cells (or rows, for identifying columns) hold it.
    pub count: usize,
    /// The spreadsheet row of the first hit (the header is row 1).
    pub first_row: usize,
    /// The first hit, masked (`85.07.30-***.**`); none for identifying columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<String>,
}

/// The verdict of the personal-data scan on the rows read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    /// What was found, by kind; empty when nothing was.
    pub found: Vec<PersonalHit>,
    /// How many data rows were scanned.
    pub rows_scanned: usize,
    /// False when the file goes on beyond the rows scanned.
    pub complete: bool,
}

impl PersonalData {
    /// True when anything was found.
    pub fn suspected(&self) -> bool {
        !self.found.is_empty()
    }

    /// The kinds found, e.g. `national_number+email`; empty when none.
    pub fn kinds_code(&self) -> String {
        let codes: Vec<&str> = self.found.iter().map(|h| h.kind.code()).collect();
        codes.join("+")
    }
}

/// What is known of the publisher: its own contact numbers are never a person's.
#[derive(Clone, Debug, Default)]
pub struct Publisher {
    /// The publisher's own phone numbers, in national form (`081246000`).
    phones: Vec<String>,
}

impl Publisher {
    /// A publisher with these contact numbers (any written form).
    pub fn with_phones<'a>(numbers: impl IntoIterator<Item = &'a str>) -> Publisher {
        Publisher {
            phones: numbers
                .into_iter()
                .filter_map(|n| phone_of(n).map(|p| p.national))
                .collect(),
        }
    }
}

/// What a column's name says about it.
#[derive(Clone, Copy, Debug, Default)]
struct Role {
    surname: bool,
    first_name: bool,
    birth: bool,
    national: bool,
    phone: bool,
    private_phone: bool,
    company: bool,
}

impl Role {
    fn of(header: &str) -> Role {
        let norm = normalise(header);
        let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
        let has = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
        let phrase = |words: &[&str]| words.iter().any(|w| norm.contains(w));
        let first_name = has(&["prenom", "prenoms", "firstname", "givenname", "voornaam"])
            || phrase(&["first name", "given name"]);
        Role {
            first_name,
            surname: !first_name
                && (has(&["nom", "surname", "lastname", "achternaam", "familienaam"])
                    || phrase(&["last name", "family name", "nom de famille"])),
            birth: has(&["naissance", "birth", "birthdate", "dob", "geboortedatum"])
                || phrase(&["date of birth", "ne le", "nee le"]),
            national: has(&["niss", "insz", "nrn", "rijksregisternummer"])
                || phrase(&[
                    "registre national",
                    "numero national",
                    "rijksregister",
                    "national register",
                    "national number",
                ]),
            phone: has(&[
                "tel",
                "telephone",
                "phone",
                "gsm",
                "mobile",
                "portable",
                "telefoon",
                "telefoonnummer",
                "mobiel",
            ]),
            private_phone: has(&[
                "gsm",
                "mobile",
                "portable",
                "prive",
                "domicile",
                "personnel",
                "particulier",
                "private",
                "home",
                "mobiel",
            ]),
            company: has(&[
                "bce",
                "kbo",
                "tva",
                "vat",
                "btw",
                "entreprise",
                "onderneming",
                "enterprise",
                "company",
            ]),
        }
    }
}

/// Lower case, accents folded, anything else than letters and digits a space; camelCase split.
fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 4);
    let mut prev_lower = false;
    for c in header.chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        for l in c.to_lowercase() {
            out.push(match l {
                'à' | 'â' | 'ä' | 'á' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' | 'í' => 'i',
                'ô' | 'ö' | 'ó' => 'o',
                'ù' | 'û' | 'ü' | 'ú' => 'u',
                'ç' => 'c',
                l if l.is_alphanumeric() => l,
                _ => ' ',
            });
        }
    }
    // "first name" and "firstname" both read as a token and a phrase.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One distinct value seen in a column, without the value itself.
struct Seen {
    count: usize,
    first_row: usize,
    masked: String,
}

#[derive(Default)]
struct Tally {
    values: HashMap<u64, Seen>,
    /// Cells shaped like the kind (11 digits for a national number), valid or not.
    shaped: usize,
}

impl Tally {
    fn add(&mut self, key: &str, row: usize, masked: impl FnOnce() -> String) {
        let mut h = DefaultHasher::new();
        key.hash(&mut h);
        self.values
            .entry(h.finish())
            .and_modify(|s| s.count += 1)
            .or_insert_with(|| Seen {
                count: 1,
                first_row: row,
                masked: masked(),
            });
    }
}

/// Scan the rows of a table for personal data.
pub(crate) fn scan(table: &Table, publisher: &Publisher) -> PersonalData {
    let roles: Vec<Role> = table.header.iter().map(|h| Role::of(h)).collect();
    let names_people = roles.iter().any(|r| r.surname) && roles.iter().any(|r| r.first_name);
    let mut tallies: HashMap<(PersonalKind, usize), Tally> = HashMap::new();
    for (i, row) in table.rows.iter().enumerate().take(MAX_SCAN_ROWS) {
        let row_no = Table::row_number(i);
        // Whether the row holds a role address: looked for only when a mobile needs it.
        let role_contact = std::cell::OnceCell::new();
        let role_contact = || *role_contact.get_or_init(|| row.iter().any(|c| has_role_email(c)));
        for (col, cell) in row.iter().enumerate().take(roles.len()) {
            let cell = cell.trim();
            if cell.is_empty() || !cell.bytes().any(|b| b.is_ascii_digit() || b == b'@') {
                continue;
            }
            let role = roles[col];
            scan_cell(
                cell,
                role,
                names_people,
                role_contact,
                row_no,
                col,
                &mut tallies,
            );
        }
    }
    let mut found = collect(table, &tallies, publisher);
    found.extend(identifying_columns(table, &roles));
    found.sort_by_key(|h| h.kind);
    PersonalData {
        found,
        rows_scanned: table.rows.len().min(MAX_SCAN_ROWS),
        complete: table.complete && table.rows.len() <= MAX_SCAN_ROWS,
    }
}

fn scan_cell(
    cell: &str,
    role: Role,
    names_people: bool,
    role_contact: impl Fn() -> bool,
    row: usize,
    col: usize,
    tallies: &mut HashMap<(PersonalKind, usize), Tally>,
) {
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    if let Some((shaped, valid)) = (digits >= 11).then(|| national_number(cell)).flatten() {
        let t = tallies
            .entry((PersonalKind::NationalNumber, col))
            .or_default();
        t.shaped += usize::from(shaped);
        if let Some(digits) = valid {
            t.add(&digits, row, || mask_national(&digits));
        }
    }
    if let Some(iban) = (digits >= 8).then(|| iban_in(cell)).flatten() {
        tallies
            .entry((PersonalKind::Iban, col))
            .or_default()
            .add(&iban, row, || format!("{} ****", &iban[..4]));
    }
    if cell.contains('@') {
        for (local, domain) in emails_in(cell) {
            if email_is_personal(local, domain) {
                let key = format!("{local}@{domain}").to_lowercase();
                tallies
                    .entry((PersonalKind::Email, col))
                    .or_default()
                    .add(&key, row, || mask_email(local, domain));
            }
        }
    }
    if role.company {
        return;
    }
    if let Some(p) = (9..=14).contains(&digits).then(|| phone_of(cell)).flatten() {
        let personal_column = role.private_phone || (role.phone && names_people);
        let kept = if p.mobile {
            (!p.bare || role.phone) && !p.company_like && (names_people || !role_contact())
        } else {
            personal_column && !p.company_like
        };
        if kept {
            tallies
                .entry((PersonalKind::Phone, col))
                .or_default()
                .add(&p.national, row, || mask_phone(&p.national));
        }
    }
}

/// Turn the tallies into hits, leaving out what belongs to the publisher.
fn collect(
    table: &Table,
    tallies: &HashMap<(PersonalKind, usize), Tally>,
    publisher: &Publisher,
) -> Vec<PersonalHit> {
    let mut by_kind: HashMap<PersonalKind, PersonalHit> = HashMap::new();
    let mut keys: Vec<&(PersonalKind, usize)> = tallies.keys().collect();
    keys.sort();
    for key in keys {
        let (kind, col) = *key;
        let tally = &tallies[key];
        let own: Vec<u64> = publisher
            .phones
            .iter()
            .map(|p| {
                let mut h = DefaultHasher::new();
                p.hash(&mut h);
                h.finish()
            })
            .collect();
        let kept: Vec<&Seen> = tally
            .values
            .iter()
            .filter(|(hash, seen)| match kind {
                // A number on three rows or more is a contact line, not a person's.
                PersonalKind::Phone => seen.count < 3 && !own.contains(hash),
                // One account on every row is the publisher's own.
                PersonalKind::Iban => tally.values.len() > 1 || seen.count == 1,
                _ => true,
            })
            .map(|(_, seen)| seen)
            .collect();
        let valid: usize = kept.iter().map(|s| s.count).sum();
        if valid == 0 {
            continue;
        }
        let header_says = Role::of(&table.header[col]).national;
        if kind == PersonalKind::NationalNumber && !header_says && valid * 2 < tally.shaped {
            // Mostly invalid 11-digit codes: the valid ones are chance (about 1 in 50).
            continue;
        }
        let first = kept
            .iter()
            .min_by_key(|s| s.first_row)
            .expect("kept is not empty");
        let hit = by_kind.entry(kind).or_insert_with(|| PersonalHit {
            kind,
            columns: Vec::new(),
            count: 0,
            first_row: first.first_row,
            masked: Some(first.masked.clone()),
        });
        hit.columns.push(table.header[col].clone());
        hit.count += valid;
        if first.first_row < hit.first_row {
            hit.first_row = first.first_row;
            hit.masked = Some(first.masked.clone());
        }
    }
    by_kind.into_values().collect()
}

/// Surname + first name, a birth date, or a national-number column, with values.
fn identifying_columns(table: &Table, roles: &[Role]) -> Option<PersonalHit> {
    let filled = |col: usize, row: &Vec<String>| row.get(col).is_some_and(|c| !c.trim().is_empty());
    let cols = |pred: fn(&Role) -> bool| -> Vec<usize> {
        (0..roles.len()).filter(|&c| pred(&roles[c])).collect()
    };
    let surname = cols(|r| r.surname);
    let first = cols(|r| r.first_name);
    let birth = cols(|r| r.birth);
    let national = cols(|r| r.national);
    let mut columns: Vec<usize> = Vec::new();
    let mut count = 0;
    let mut first_row = None;
    for (i, row) in table.rows.iter().enumerate().take(MAX_SCAN_ROWS) {
        let mut hit: Vec<usize> = Vec::new();
        if let (Some(&s), Some(&f)) = (
            surname.iter().find(|&&c| filled(c, row)),
            first.iter().find(|&&c| filled(c, row)),
        ) {
            hit.extend([s, f]);
        }
        hit.extend(
            birth
                .iter()
                .filter(|&&c| row.get(c).is_some_and(|v| looks_like_date(v))),
        );
        hit.extend(national.iter().filter(|&&c| {
            row.get(c)
                .is_some_and(|v| v.bytes().filter(u8::is_ascii_digit).count() >= 9)
        }));
        if hit.is_empty() {
            continue;
        }
        count += 1;
        first_row.get_or_insert(Table::row_number(i));
        for c in hit {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
    }
    columns.sort_unstable();
    Some(PersonalHit {
        kind: PersonalKind::IdentifyingColumns,
        columns: columns.iter().map(|&c| table.header[c].clone()).collect(),
        count,
        first_row: first_row?,
        masked: None,
    })
}

/// A date in any common written form: digits with `/`, `-` or `.`, at least 6 of them.
fn looks_like_date(v: &str) -> bool {
    let v = v.trim();
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    (6..=14).contains(&digits)
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b"/-.: T".contains(&b))
}

// ---- national register numbers ----------------------------------------------------

/// `(shaped, valid digits)`: whether the cell is an 11-digit number in a national-number
/// grouping, and its digits when its date fields and check digits are valid.
fn national_number(cell: &str) -> Option<(bool, Option<String>)> {
    let candidate = |s: &str| -> Option<String> {
        let mut digits = String::with_capacity(11);
        let mut boundaries = Vec::new();
        let mut last_sep = true;
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                last_sep = false;
            } else if ".-/ ".contains(c) && !last_sep {
                boundaries.push(digits.len());
                last_sep = true;
            } else {
                return None;
            }
        }
        let groups_ok = boundaries.iter().all(|b| [2, 4, 6, 9].contains(b));
        (digits.len() == 11 && groups_ok).then_some(digits)
    };
    let digits = candidate(cell).or_else(|| cell.split_whitespace().find_map(candidate))?;
    Some((true, national_number_valid(&digits).then_some(digits)))
}

/// Date fields in range (bis numbers add 20 or 40 to the month) and check digits valid
/// for a birth before 2000 or, with a leading 2, from 2000 on.
fn national_number_valid(digits: &str) -> bool {
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u64>().unwrap_or(999);
    let (month, day, seq, check) = (n(2..4), n(4..6), n(6..9), n(9..11));
    let month_ok = month <= 12 || (20..=32).contains(&month) || (40..=52).contains(&month);
    if !month_ok || day > 31 || seq == 0 || seq > 998 || check == 0 || check > 97 {
        return false;
    }
    let base = n(0..9);
    97 - base % 97 == check || 97 - (2_000_000_000 + base) % 97 == check
}

fn mask_national(digits: &str) -> String {
    format!(
        "{}.{}.{}-***.**",
        &digits[0..2],
        &digits[2..4],
        &digits[4..6]
    )
}

// ---- IBAN ---------------------------------------------------------------------------

/// The first IBAN with valid check digits in a cell, without spaces.
fn iban_in(cell: &str) -> Option<String> {
    let b = cell.as_bytes();
    if b.len() < 15 {
        return None;
    }
    for i in 0..b.len().saturating_sub(3) {
        let starts = b[i].is_ascii_uppercase()
            && b[i + 1].is_ascii_uppercase()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            continue;
        }
        let compact: String = cell[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ' ')
            .filter(|c| *c != ' ')
            .take(34)
            .collect();
        let lengths = match &compact[..2] {
            "BE" => 16..=16,
            "FR" | "MC" => 27..=27,
            "NL" => 18..=18,
            "LU" => 20..=20,
            "DE" => 22..=22,
            _ => 15..=34,
        };
        for len in lengths.rev() {
            if compact.len() >= len && iban_checks(&compact[..len]) {
                return Some(compact[..len].to_owned());
            }
        }
    }
    None
}

fn iban_checks(iban: &str) -> bool {
    let (head, tail) = iban.split_at(4);
    let mut rem: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

// ---- e-mail -------------------------------------------------------------------------

/// Local parts of role addresses (functions, services, places), never a person's.
const ROLE_WORDS: &[&str] = &[
    "info",
    "infos",
    "information",
    "contact",
    "contacts",
    "secretariat",
    "secretaire",
    "service",
    "services",
    "college",
    "conseil",
    "accueil",
    "admin",
    "administration",
    "population",
    "etatcivil",
    "etat",
    "civil",
    "urbanisme",
    "environnement",
    "travaux",
    "finances",
    "finance",
    "recette",
    "comptabilite",
    "cpas",
    "commune",
    "ville",
    "mairie",
    "bourgmestre",
    "echevin",
    "echevinat",
    "communication",
    "presse",
    "tourisme",
    "culture",
    "sport",
    "sports",
    "jeunesse",
    "enseignement",
    "ecole",
    "ecoles",
    "creche",
    "bibliotheque",
    "biblio",
    "noreply",
    "no",
    "reply",
    "webmaster",
    "web",
    "support",
    "office",
    "direction",
    "directeur",
    "directrice",
    "rh",
    "grh",
    "personnel",
    "recrutement",
    "emploi",
    "jobs",
    "marches",
    "marchespublics",
    "police",
    "zone",
    "pompiers",
    "dpo",
    "privacy",
    "rgpd",
    "gdpr",
    "mobilite",
    "logement",
    "social",
    "sociale",
    "cohesion",
    "pcs",
    "plan",
    "energie",
    "climat",
    "proprete",
    "dechets",
    "voirie",
    "voiries",
    "patrimoine",
    "juridique",
    "greffe",
    "archives",
    "informatique",
    "it",
    "helpdesk",
    "mail",
    "courrier",
    "postmaster",
    "hello",
    "bonjour",
    "office",
    "maison",
    "centre",
    "centre",
    "musee",
    "piscine",
    "academie",
    "asbl",
    "club",
    "association",
    "agence",
    "guichet",
    "permanence",
    "reservation",
    "reservations",
    "billetterie",
    "events",
    "evenements",
    "evenement",
    "animation",
    "animations",
    "aines",
    "seniors",
    "enfance",
    "petite",
    "handicap",
    "sante",
    "prevention",
    "securite",
    "planification",
    "cadastre",
    "taxes",
    "fiscalite",
    "opendata",
    "data",
    "donnees",
    "smartcity",
    "citoyen",
    "citoyens",
    "participation",
    "ag",
    "sec",
    "secr",
    "cabinet",
    "stage",
    "stages",
    "commerce",
    "economie",
    "agriculture",
    "forets",
    "nature",
    "espaces",
    "verts",
    "cimetiere",
    "cimetieres",
    "funeraire",
    "mariage",
    "naissance",
];

/// Domains of consumer mailboxes: a single-word address there is a person's.
const WEBMAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.be",
    "hotmail.fr",
    "outlook.com",
    "outlook.be",
    "outlook.fr",
    "live.be",
    "live.com",
    "live.fr",
    "msn.com",
    "yahoo.com",
    "yahoo.fr",
    "yahoo.be",
    "icloud.com",
    "me.com",
    "skynet.be",
    "telenet.be",
    "proximus.be",
    "voo.be",
    "scarlet.be",
    "gmx.com",
    "gmx.net",
    "gmx.fr",
    "orange.fr",
    "free.fr",
    "protonmail.com",
    "proton.me",
    "aol.com",
    "base.be",
    "mail.be",
];

fn emails_in(cell: &str) -> Vec<(&str, &str)> {
    let b = cell.as_bytes();
    let local_char = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain_char = |c: u8| c.is_ascii_alphanumeric() || b".-".contains(&c);
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'@', b) {
        let start = (0..at)
            .rev()
            .take_while(|&i| local_char(b[i]))
            .last()
            .unwrap_or(at);
        let end = (at + 1..b.len())
            .take_while(|&i| domain_char(b[i]))
            .last()
            .map_or(at + 1, |i| i + 1);
        let local = cell[start..at].trim_matches('.');
        let domain = cell[at + 1..end].trim_matches(|c| c == '.' || c == '-');
        let tld = domain.rsplit('.').next().unwrap_or("");
        if !local.is_empty()
            && domain.contains('.')
            && tld.len() >= 2
            && tld.bytes().all(|c| c.is_ascii_alphabetic())
        {
            out.push((local, domain));
        }
    }
    out
}

static ROLES: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| ROLE_WORDS.iter().copied().collect());

fn email_is_personal(local: &str, domain: &str) -> bool {
    let local = local.to_lowercase();
    let domain = domain.to_lowercase();
    let parts: Vec<&str> = local
        .split(['.', '-', '_', '+'])
        .filter(|p| !p.is_empty())
        .collect();
    let role = parts.iter().any(|p| {
        ROLES.contains(p)
            || [
                "service",
                "info",
                "contact",
                "secretariat",
                "accueil",
                "admin",
            ]
            .iter()
            .any(|w| p.starts_with(w))
    });
    if role {
        return false;
    }
    if WEBMAIL.contains(&domain.as_str()) {
        return true;
    }
    let alphabetic = parts
        .iter()
        .filter(|p| p.bytes().all(|c| c.is_ascii_alphabetic()))
        .count();
    (2..=3).contains(&parts.len())
        && alphabetic == parts.len()
        && parts.iter().any(|p| p.len() >= 2)
}

fn has_role_email(cell: &str) -> bool {
    cell.contains('@')
        && emails_in(cell)
            .iter()
            .any(|(l, d)| !email_is_personal(l, d))
}

fn mask_email(local: &str, domain: &str) -> String {
    let first = local.chars().next().unwrap_or('*');
    let tld = domain.rsplit('.').next().unwrap_or("");
    format!("{first}***@***.{tld}")
}

// ---- phones -------------------------------------------------------------------------

struct Phone {
    /// National form, digits only, leading 0.
    national: String,
    mobile: bool,
    /// Digits only, as written: could as well be any code.
    bare: bool,
    /// Written `0xxx.xxx.xxx`, like an enterprise (BCE/KBO) number.
    company_like: bool,
}

/// A Belgian phone number filling the cell (a `Tél.:` label allowed before it).
fn phone_of(cell: &str) -> Option<Phone> {
    let label_end = cell
        .find(|c: char| c.is_ascii_digit() || c == '+')
        .filter(|&i| {
            i <= 10
                && cell[..i]
                    .chars()
                    .all(|c| c.is_alphabetic() || " .:".contains(c))
        })?;
    let number = cell[label_end..].trim().replace("(0)", "");
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || " ./-()+".contains(c))
    {
        return None;
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = number.strip_prefix('+') {
        format!(
            "0{}",
            rest.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .strip_prefix("32")?
        )
    } else if let Some(rest) = digits.strip_prefix("0032") {
        format!("0{rest}")
    } else if digits.starts_with('0') && !digits.starts_with("00") {
        digits.clone()
    } else {
        return None;
    };
    let mobile =
        national.len() == 10 && national.starts_with("04") && national.as_bytes()[2] >= b'5';
    let landline = national.len() == 9 && national.as_bytes()[1] != b'0';
    if !mobile && !landline {
        return None;
    }
    let groups: Vec<usize> = number
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    Some(Phone {
        national,
        mobile,
        bare: number.bytes().all(|b| b.is_ascii_digit()),
        company_like: groups == [4, 3, 3] && number.chars().all(|c| c.is_ascii_digit() || c == '.'),
    })
}

fn mask_phone(national: &str) -> String {
    let head = if national.len() == 10 { 4 } else { 3 };
    format!("{} ** ** **", &national[..head])
}

#[cfg(test)]
mod tests;
