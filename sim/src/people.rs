//! Tables about people, and tables that only look like them, for the personal-data scan.
//!
//! A commune that publishes its course registrations with national register numbers has a
//! data breach; one that publishes invoices with 11-digit numbers, its own switchboard and
//! `info@` address does not. The world writes both, so an audit can be scored on telling
//! them apart: the numbers it writes carry valid check digits exactly where the truth says
//! so (national numbers: mod 97, with the rule for births from 2000; IBANs: ISO 13616).
//! Every value is invented.

use std::fmt::Write as _;

use bytes::Bytes;

use super::content::People;
use super::rng::Rng;

const SURNAMES: &[&str] = &[
    "Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Lefebvre", "Leclercq", "Renard",
    "Collard", "Mertens", "Goffin",
];
const FIRST_NAMES: &[&str] = &[
    "Marie", "Luc", "Sophie", "Julien", "Nathalie", "Thomas", "Camille", "Pierre", "Elise",
    "Antoine", "Lea", "Hugo",
];
const MAILBOXES: &[&str] = &["gmail.com", "skynet.be", "hotmail.com", "proximus.be"];
const CLUBS: &[&str] = &[
    "Club de pétanque",
    "Cercle d'histoire",
    "Jeunesse sportive",
    "Chorale Sainte-Cécile",
    "Comité des fêtes",
    "Patro",
];

/// The `;` CSV (UTF-8 with BOM) of `table`, `rows` rows long.
pub(crate) fn csv(seed: u64, rows: u16, place: &str, table: People) -> Bytes {
    let mut rng = Rng::new(seed, "people");
    let mut text = String::from("\u{feff}");
    match table {
        People::Registrations => registrations(&mut rng, rows, &mut text),
        People::Grants => grants(&mut rng, rows, place, &mut text),
        People::LookAlikes => look_alikes(&mut rng, rows, place, &mut text),
    }
    Bytes::from(text.into_bytes())
}

fn registrations(rng: &mut Rng, rows: u16, out: &mut String) {
    out.push_str("nom;prénom;date_naissance;niss;gsm;courriel;code_postal\r\n");
    for i in 0..u64::from(rows) {
        let surname = *rng.pick(SURNAMES);
        let first = *rng.pick(FIRST_NAMES);
        let year = rng.range(1940, 2015);
        let (month, day) = (rng.range(1, 12), rng.range(1, 28));
        let seq = rng.range(1, 998);
        let niss = national_number(year, month, day, seq);
        // Distinct numbers: the row index is in the last two groups.
        let gsm = format!(
            "04{}{} {:02} {:02} {:02}",
            7 + i % 3,
            rng.below(10),
            rng.below(100),
            (i / 100) % 100,
            i % 100
        );
        let mail = format!(
            "{}.{}@{}",
            first.to_lowercase(),
            surname.to_lowercase(),
            rng.pick(MAILBOXES)
        );
        let _ = write!(
            out,
            "{surname};{first};{year}-{month:02}-{day:02};{niss};{gsm};{mail};{}\r\n",
            1300 + rng.below(5600)
        );
    }
}

fn grants(rng: &mut Rng, rows: u16, place: &str, out: &mut String) {
    out.push_str("association;iban;montant;date_paiement;code_postal\r\n");
    for _ in 0..rows {
        let _ = write!(
            out,
            "{} de {place};{};{},00;{:02}/{:02}/2024;{}\r\n",
            rng.pick(CLUBS),
            belgian_iban(rng),
            rng.range(100, 5000),
            rng.range(1, 28),
            rng.range(1, 12),
            1300 + rng.below(5600)
        );
    }
}

fn look_alikes(rng: &mut Rng, rows: u16, place: &str, out: &mut String) {
    out.push_str(
        "facture;date;nom;code_postal;montant;contact;téléphone;gsm_permanence;compte\r\n",
    );
    let domain = super::world::slugify(place);
    let own_account = belgian_iban(rng);
    for _ in 0..rows {
        let _ = write!(
            out,
            "{};{:02}/{:02}/{};{} de {place};{};{},{:02};info@{domain}.be;081 24 60 00;0476 12 34 56;{own_account}\r\n",
            invoice_number(rng),
            rng.range(1, 28),
            rng.range(1, 12),
            rng.range(2019, 2024),
            rng.pick(CLUBS),
            1300 + rng.below(5600),
            rng.range(10, 9000),
            rng.below(100),
        );
    }
}

/// `YY.MM.DD-SSS.CC` with valid check digits (births from 2000 count from 2 000 000 000).
fn national_number(year: u64, month: u64, day: u64, seq: u64) -> String {
    let base = (year % 100) * 10_000_000 + month * 100_000 + day * 1000 + seq;
    let check = if year >= 2000 {
        97 - (2_000_000_000 + base) % 97
    } else {
        97 - base % 97
    };
    format!("{:02}.{month:02}.{day:02}-{seq:03}.{check:02}", year % 100)
}

/// Whether 11 digits would pass for a national number (dates in range, check digits valid
/// by either rule), as a careful reader checks it.
fn passes_for_national_number(digits: &str) -> bool {
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u64>().unwrap_or(999);
    let (month, day, seq, check) = (n(2..4), n(4..6), n(6..9), n(9..11));
    let month_ok = month <= 12 || (20..=32).contains(&month) || (40..=52).contains(&month);
    if !month_ok || day > 31 || seq == 0 || seq > 998 || check == 0 || check > 97 {
        return false;
    }
    let base = n(0..9);
    97 - base % 97 == check || 97 - (2_000_000_000 + base) % 97 == check
}

/// An 11-digit invoice number that does not pass for a national number.
fn invoice_number(rng: &mut Rng) -> String {
    loop {
        let n = format!("{}{:010}", rng.range(1, 9), rng.below(10_000_000_000));
        if !passes_for_national_number(&n) {
            return n;
        }
    }
}

/// A Belgian IBAN with valid check digits, grouped by four: `BE68 5390 0754 7034`.
fn belgian_iban(rng: &mut Rng) -> String {
    let first10 = rng.range(1_000_000_000, 9_999_999_999);
    let national = match first10 % 97 {
        0 => 97,
        c => c,
    };
    let bban = format!("{first10:010}{national:02}");
    // Check digits: 98 - (BBAN, "BE" as 1114, "00") mod 97.
    let rem = format!("{bban}111400")
        .bytes()
        .fold(0u64, |r, b| (r * 10 + u64::from(b - b'0')) % 97);
    let iban = format!("BE{:02}{bban}", 98 - rem);
    let groups: Vec<&str> = (0..iban.len())
        .step_by(4)
        .map(|i| &iban[i..(i + 4).min(iban.len())])
        .collect();
    groups.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_valid_check_digits_only_where_meant() {
        // 97 - 930201051 mod 97 = 43, worked by hand.
        assert_eq!(national_number(1993, 2, 1, 51), "93.02.01-051.43");
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        assert!(passes_for_national_number(&digits(&national_number(
            2004, 5, 7, 12
        ))));
        let mut rng = Rng::new(1, "t");
        for _ in 0..200 {
            assert!(!passes_for_national_number(&invoice_number(&mut rng)));
        }
        let iban: String = belgian_iban(&mut rng).replace(' ', "");
        assert_eq!(iban.len(), 16);
        let moved = format!("{}{}", &iban[4..], &iban[..4]);
        let rem = moved.chars().fold(0u64, |r, c| {
            let v = c.to_digit(36).map_or(0, u64::from);
            if v >= 10 {
                (r * 100 + v) % 97
            } else {
                (r * 10 + v) % 97
            }
        });
        assert_eq!(rem, 1, "{iban}");
    }
}
