use super::*;
use crate::assess::{Format, Sample, table};

fn scan_text(text: &str, delimiter: char) -> PersonalData {
    scan_with(text, delimiter, &Publisher::default())
}

fn scan_with(text: &str, delimiter: char, publisher: &Publisher) -> PersonalData {
    let t = table::read(
        Sample::whole(text.as_bytes()),
        Format::Csv,
        Some("UTF-8"),
        Some(delimiter),
    )
    .expect("a table");
    scan(&t, publisher)
}

fn kinds(p: &PersonalData) -> Vec<PersonalKind> {
    p.found.iter().map(|h| h.kind).collect()
}

fn hit(p: &PersonalData, kind: PersonalKind) -> &PersonalHit {
    p.found
        .iter()
        .find(|h| h.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {p:?}"))
}

#[test]
fn national_numbers_in_every_written_form() {
    for form in [
        "85.07.30-033.28",
        "85073003328",
        "850730-033-28",
        "850730 033 28",
        "85 07 30 033 28",
        "NN 85.07.30-033.28",
    ] {
        let (_, valid) = national_number(form).unwrap_or_else(|| panic!("{form}"));
        assert_eq!(valid.as_deref(), Some("85073003328"), "{form}");
    }
    // Born in 2000 or later: the check digits are computed with a leading 2.
    assert!(national_number_valid("05031212360"));
    assert!(!national_number_valid("05031212332"));
    // A wrong check digit, an impossible month, a cut number.
    assert_eq!(national_number("85.07.30-033.29"), Some((true, None)));
    assert_eq!(national_number("85.13.30-033.28").map(|n| n.1), Some(None));
    assert_eq!(national_number("85.07.30-033.2"), None);
    assert_eq!(national_number("8507.3003.328"), None);
}

#[test]
fn a_register_extract_is_flagged_without_showing_a_value() {
    let text = "nom;prénom;date de naissance;NISS;rue\n\
                Dupont;Jean;30/07/1985;85.07.30-033.28;Rue de Fer\n\
                Lambert;Marie;15/02/1991;91.02.15-478.27;Rue de l'Ange\n\
                Peeters;Luc;12/03/2005;05.03.12-123.60;Place d'Armes\n";
    let p = scan_text(text, ';');
    assert_eq!(
        kinds(&p),
        [
            PersonalKind::NationalNumber,
            PersonalKind::IdentifyingColumns
        ]
    );
    let nn = hit(&p, PersonalKind::NationalNumber);
    assert_eq!((nn.count, nn.first_row), (3, 2));
    assert_eq!(nn.columns, ["NISS"]);
    assert_eq!(nn.masked.as_deref(), Some("85.07.30-***.**"));
    let ids = hit(&p, PersonalKind::IdentifyingColumns);
    assert_eq!(ids.columns, ["nom", "prénom", "date de naissance", "NISS"]);
    assert_eq!(ids.count, 3);
    let shown = format!("{p:?} {}", serde_json::to_string(&p).unwrap());
    for secret in ["033.28", "03328", "Dupont", "Jean", "478", "30/07/1985"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

#[test]
fn personal_emails_but_not_role_addresses() {
    for personal in [
        "jean.dupont@gmail.com",
        "m.lambert@skynet.be",
        "jdupont85@hotmail.com",
        "marie-claire.peeters@namur.be",
    ] {
        let (l, d) = emails_in(personal)[0];
        assert!(email_is_personal(l, d), "{personal}");
    }
    for role in [
        "info@namur.be",
        "contact@liege.be",
        "secretariat@walhain.be",
        "service.travaux@namur.be",
        "college@ville.be",
        "etat.civil@andenne.be",
        "servicepopulation@hannut.be",
        "office.tourisme@bastogne.be",
        "noreply@chimay.be",
        "jdupont@tournai.be",
    ] {
        let (l, d) = emails_in(role)[0];
        assert!(!email_is_personal(l, d), "{role}");
    }
    let text = "association,contact,courriel\n\
                Club de foot,Président,jean.dupont@gmail.com\n\
                Chorale,Secrétaire,m.lambert@skynet.be\n";
    let p = scan_text(text, ',');
    assert_eq!(kinds(&p), [PersonalKind::Email]);
    let e = hit(&p, PersonalKind::Email);
    assert_eq!((e.count, e.first_row), (2, 2));
    assert_eq!(e.masked.as_deref(), Some("j***@***.com"));
}

#[test]
fn mobiles_and_personal_landlines() {
    let text = "nom,prénom,gsm,téléphone\n\
                Dupont,Jean,0475 12 34 56,081 22 33 44\n\
                Lambert,Marie,+32 476 12.34.56,\n\
                Peeters,Luc,0497/123.456,\n";
    let p = scan_text(text, ',');
    let phone = hit(&p, PersonalKind::Phone);
    assert_eq!(phone.count, 4, "{p:?}");
    assert_eq!(phone.columns, ["gsm", "téléphone"]);
    assert_eq!(phone.masked.as_deref(), Some("0475 ** ** **"));
    // The commune's own number, known from its site, is not a person's.
    let own = Publisher::with_phones(["+32 81 22 33 44"]);
    assert_eq!(
        hit(&scan_with(text, ',', &own), PersonalKind::Phone).count,
        3
    );
}

#[test]
fn ibans_of_beneficiaries_but_not_the_communes_account() {
    let text = "bénéficiaire;montant;compte\n\
                ASBL Les Amis;1500;BE68 5390 0754 7034\n\
                Club;250;BE71096123456769\n";
    let p = scan_text(text, ';');
    let iban = hit(&p, PersonalKind::Iban);
    assert_eq!((iban.count, iban.first_row), (2, 2));
    assert_eq!(iban.masked.as_deref(), Some("BE68 ****"));
    assert!(iban_in("FR76 3000 6000 0112 3456 7890 189").is_some());
    assert!(iban_in("BE68 5390 0754 7035").is_none());
    let own = "taxe;montant;à verser sur\n\
               Déchets;90;BE68 5390 0754 7034\n\
               Égouts;40;BE68 5390 0754 7034\n\
               Secondes résidences;500;BE68 5390 0754 7034\n";
    assert_eq!(scan_text(own, ';').found, []);
}

#[test]
fn look_alikes_are_not_personal_data() {
    let text = "nom;numéro facture;code postal;date;BCE;téléphone;contact;gsm service;montant;ean\n\
        Service travaux;20230400117;5000;2023-04-05;0207.301.587;081 24 60 00;service.travaux@namur.be;0475 99 88 77;1234,56;5414488000019\n\
        Bibliothèque;20230400118;5100;05/04/2023;BE 0216.689.981;081 24 60 00;bibliotheque@namur.be;0475 99 88 77;12,00;5414488000026\n\
        Piscine;20230400119;5101;06.04.2023;0207.301.587;+32 81 24 60 00;info@namur.be;0475 99 88 77;7;5414488000033\n\
        Rue de Fer;20230400120;5002;2023-04-08;0475.123.456;081 24 60 01;college@namur.be;0475.123.456;0;5414488000040\n";
    let p = scan_text(text, ';');
    assert_eq!(p.found, [], "{p:?}");
    assert_eq!(p.rows_scanned, 4);
}

#[test]
fn a_nom_column_alone_names_no_one() {
    let text = "nom,adresse,téléphone\nClub de pétanque,Rue Haute 1,081 22 33 44\nÉcole communale,Rue Basse 2,081 22 33 45\n";
    assert_eq!(scan_text(text, ',').found, []);
    let people = "nom,prenom,commune\nDupont,Jean,Namur\n";
    assert_eq!(
        kinds(&scan_text(people, ',')),
        [PersonalKind::IdentifyingColumns]
    );
}

#[test]
fn random_eleven_digit_codes_are_not_national_numbers() {
    let mut text = String::from("code,libellé\n");
    let mut x: u64 = 12_345_678_901;
    for _ in 0..300 {
        x = (x * 48_271 + 11) % 100_000_000_000;
        text.push_str(&format!("{x:011},objet\n"));
    }
    assert_eq!(scan_text(&text, ',').found, []);
}

#[test]
fn json_and_geojson_are_scanned_too() {
    let geo = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,
        "properties":{"responsable":"jean.dupont@gmail.com","lieu":"Parc"}}]}"#;
    let t = table::read(
        Sample::whole(geo.as_bytes()),
        Format::GeoJson,
        Some("UTF-8"),
        None,
    )
    .unwrap();
    assert_eq!(
        kinds(&scan(&t, &Publisher::default())),
        [PersonalKind::Email]
    );
}
