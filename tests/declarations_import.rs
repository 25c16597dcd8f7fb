//! `odaudit declarations import` on exports shaped like real survey tools' (LimeSurvey's
//! one column per option in Windows-1252 with `;`, Google Forms' one cell per question in
//! XLSX), with the hand-typed variants and mistakes real answers have; and the template
//! filled and imported back.

use std::path::Path;
use std::process::Command;

use odaudit::declarations::import::{Communes, IssueKind, Mapping, declarations_csv, import_file};
use odaudit::mergers::load_mergers;
use odaudit::targets::load_communes;

fn communes() -> Communes {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets");
    Communes::new(
        &load_communes(&root.join("wallonia.csv")).unwrap(),
        &load_mergers(&root.join("mergers.csv")).unwrap(),
    )
}

const CHANNELS_Q: &str = "Sur quel support votre commune publie-t-elle ses données ?";
const FORMATS_Q: &str = "Dans quels formats votre commune publie-t-elle ses données ?";
const COMM_Q: &str = "Comment votre commune communique-t-elle vers ses différents publics concernant les données qui sont ouvertes ?";

/// A LimeSurvey export: one column per option ticked `Y`, the questionnaire's own
/// "votre commune" wording, other questions around, `;`-separated, Windows-1252.
fn limesurvey_csv() -> String {
    let mut header = vec![
        "id".to_owned(),
        "submitdate".into(),
        "Code INS".into(),
        "Nom de la commune".into(),
        "Votre commune offre-t-elle déjà certaines de ses données en accès ouvert (Open Data) ?"
            .into(),
    ];
    for o in [
        "Une page du site web communal dédié au téléchargement de données",
        "Portail Open Data Wallonie Bruxelles",
        "Portail Open Data propre à la commune",
        "Autre",
    ] {
        header.push(format!("{CHANNELS_Q} [{o}]"));
    }
    for o in [
        "Données non structurées : PDF, DOC(X), ...",
        "Données structurées, dans un format propriétaire : XLS(X), ...",
        "Données structurées, dans un format non propriétaire : CSV, XML, JSON, ...",
        "Données avec des URI (identificateur de ressources uniformes pour les noms des choses) : RDF, ...",
        "Données liées à d'autres données pour y ajouter du contexte",
    ] {
        header.push(format!("{FORMATS_Q} [{o}]"));
    }
    header.push("Votre commune maintient-elle ses données à jour ?".into());
    header.push("Comment votre commune maintient-elle ses données ouvertes à jour ?".into());
    for o in [
        "Elle ne communique pas",
        "Via son site internet",
        "Via les réseaux sociaux",
        "Via la presse",
        "Via son réseau interne",
        "Via sa plateforme Open Data",
    ] {
        header.push(format!("{COMM_Q} [{o}]"));
    }
    header.push("Votre commune envisage-t-elle d'ouvrir ses données prochainement ?".into());
    header.push(
        "Pourquoi votre commune n'ouvre-t-elle pas encore ses données ? [Par manque de temps]"
            .into(),
    );
    assert_eq!(header.len(), 24);
    //        id  date  code  name              open  site odwb own autre  f1 f2 f3 f4 f5  update  how   c1 c2 c3 c4 c5 c6  plan  why
    let rows = [
        "1;2020-03-02;92094;Namur;Oui;Y;Y;Y;;Y;;Y;;Y;Oui, c'est automatique;ETL quotidien;;Y;;;;Y;;",
        "2;2020-03-02;;Ville de Liège;Oui;;Y;;;;;Y;;;Partielement;À la main;Y;;;;;;;",
        "3;2020-03-03;25072;Nivelles;Non;;;;;;;;;;;;;;;;;;Oui, c'est prévu en 2021;Y",
        "4;2020-03-03;57081;Tournai;non.;;;;;;;;;;;;;;;;;;Non, ce n'est pas à l'ordre du jour;",
        "5;2020-03-04;99999;Atlantis;Oui;Y;;;;;;;;;;;;;;;;;;",
        "6;2020-03-04;92094;Namur;Non;;;;;;;;;;;;;;;;;;;",
        "7;2020-03-05;82005;Bertogne;OUI ;;Y;;Facebook;;1;;;;Oui, régulièrement mais de façon manuelle;;;;X;;;;;",
        "8;2020-03-05;63079;Verviers;Non;Y;;;;;;;;;;;;;;;;;Oui, c'est prévu d'ici la fin de la mandature;",
        "9;2020-03-06;25005;Beauvechain;oui;Y;;;;Y;;;;;peut-être;;;Y;;;;;;",
    ];
    let mut text = header.join(";");
    for r in rows {
        assert_eq!(r.split(';').count(), 24, "{r}");
        text.push_str("\r\n");
        text.push_str(r);
    }
    text.push_str("\r\n");
    text
}

fn issues_at(imported: &odaudit::declarations::import::Imported) -> Vec<(u32, String, IssueKind)> {
    let mut v: Vec<_> = imported
        .issues
        .iter()
        .filter(|i| i.kind != IssueKind::IgnoredColumn)
        .map(|i| {
            (
                i.row,
                i.column.split(':').next().unwrap_or("").to_owned(),
                i.kind,
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_limesurvey_export_in_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    let text = limesurvey_csv();
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy);
    std::fs::write(&path, &bytes).unwrap();
    let got = import_file(&path, &communes(), 2020, &Mapping::default()).unwrap();
    assert_eq!(
        declarations_csv(&got.declarations),
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n\
         92094,2020,oui,site_web|odwb|portail_propre,non_structure|structure_ouvert|lie,automatique,site_web|plateforme_open_data,\n\
         62063,2020,oui,odwb,structure_ouvert,partiel,aucune,\n\
         25072,2020,non,,,,,2021\n\
         57081,2020,non,,,,,non\n\
         82005,2020,oui,odwb,structure_proprietaire,manuel_regulier,reseaux_sociaux,\n\
         63079,2020,non,site_web,,,,fin_mandature\n\
         25005,2020,oui,site_web,non_structure,,site_web,\n"
    );
    assert_eq!(
        issues_at(&got),
        vec![
            (6, "C".into(), IssueKind::UnknownCommune),
            (7, "C".into(), IssueKind::Duplicate),
            (8, "D".into(), IssueKind::Note),
            (8, "I".into(), IssueKind::UnknownAnswer),
            (9, "F".into(), IssueKind::Contradiction),
            (10, "O".into(), IssueKind::UnknownAnswer),
        ],
        "{:#?}",
        got.issues
    );
    let facebook = got
        .issues
        .iter()
        .find(|i| i.row == 8 && i.kind == IssueKind::UnknownAnswer)
        .unwrap();
    assert_eq!(facebook.value, "Facebook");
    assert!(facebook.column.ends_with("[Autre]"), "{}", facebook.column);
    // Every cell not mapped is one of those listed: the unknown commune's two, Facebook,
    // "peut-être".
    assert_eq!(
        got.cells - got.cells_mapped,
        4,
        "{} of {}",
        got.cells_mapped,
        got.cells
    );
    assert_eq!(got.rows, 9);
    // The free-text and other questions are named as not read.
    let ignored: Vec<&str> = got
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::IgnoredColumn)
        .map(|i| i.column.as_str())
        .collect();
    assert!(
        ignored
            .iter()
            .any(|c| c.starts_with("P: Comment votre commune maintient")),
        "{ignored:?}"
    );
    assert!(
        ignored.iter().any(|c| c.starts_with("X: Pourquoi")),
        "{ignored:?}"
    );
    assert!(
        ignored.iter().any(|c| c.starts_with("A: id")),
        "{ignored:?}"
    );
}

/// A Google Forms export: the barometer's question texts, all the options chosen in one
/// cell joined with ", " (the answers hold commas themselves), names typed by hand.
fn google_forms_xlsx(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Réponses au formulaire 1").unwrap();
    let header = [
        "Horodateur",
        "Commune",
        "Code INS (facultatif)",
        "Est-ce que les communes offrent déjà certaines de leurs données en accès ouvert (Open Data) ?",
        "Sur quel support ces communes publient-elles leurs données ?",
        "Dans quels formats ces communes publient-elles leurs données ?",
        "Ces communes maintiennent-elles leurs données à jour ?",
        "Comment ces communes communiquent-elles vers leurs différents publics (administration, citoyens, autres réutilisateurs potentiels) concernant les données qui sont ouvertes ?",
        "Ces communes envisagent-elles d'ouvrir leurs données prochainement ?",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [[&str; 9]; 7] = [
        [
            "02/03/2020 10:12:01",
            "Mons",
            "",
            "Oui",
            "Une page du site web communal dédié au téléchargement de données, Portail Open Data Wallonie Bruxelles",
            "Données non structurées : PDF, DOC(X), ..., Données structurées, dans un format non propriétaire : CSV, XML, JSON, ...",
            "Oui, régulièrement mais de façon manuelle",
            "Via leur site internet, Via la presse",
            "",
        ],
        [
            "02/03/2020 11:40:00",
            "Commune de Charleroi",
            "",
            "OUI",
            "portail odwb",
            "Données structurées, dans un format propriétaire : XLS(X), ...;Données avec des URI (identificateur de ressources uniformes pour les noms des choses) : RDF, ...",
            "Partiellement",
            "Via les réseaux sociaux, Twitter",
            "",
        ],
        [
            "03/03/2020 09:00:00",
            "Beauvechain",
            "",
            "Non.",
            "",
            "",
            "",
            "",
            "Oui, c'est prévu en 2020",
        ],
        [
            "03/03/2020 09:30:00",
            "Braine l Alleud",
            "",
            "non",
            "",
            "",
            "",
            "",
            "non",
        ],
        [
            "04/03/2020 14:00:00",
            "Tubize",
            "#",
            "oui",
            "Site web",
            "CSV",
            "Oui",
            "",
            "",
        ],
        [
            "04/03/2020 15:00:00",
            "LASNE",
            "",
            "Non",
            "",
            "",
            "",
            "Elles ne communiquent pas",
            "Oui, c'est prevu d'ici la fin de la mandature",
        ],
        [
            "05/03/2020 08:00:00",
            "Bastogne",
            "",
            "Oui",
            "Portail Open Data propre à la commune",
            "Données liées à d'autres données pour y ajouter du contexte",
            "Oui, c'est automatique",
            "Via leur plateforme Open Data",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if c == 2 && *v == "#" {
                sheet.write_number(r, c, 25105.0).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(r, c, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_google_forms_export_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Réponses.xlsx");
    google_forms_xlsx(&path);
    let got = import_file(&path, &communes(), 2020, &Mapping::default()).unwrap();
    assert_eq!(got.sheet, "Réponses au formulaire 1");
    assert_eq!(
        declarations_csv(&got.declarations),
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n\
         53053,2020,oui,site_web|odwb,non_structure|structure_ouvert,manuel_regulier,site_web|presse,\n\
         52011,2020,oui,odwb,structure_proprietaire|uri,partiel,reseaux_sociaux,\n\
         25005,2020,non,,,,,2020\n\
         25014,2020,non,,,,,non\n\
         25105,2020,oui,site_web,structure_ouvert,,,\n\
         25119,2020,non,,,,aucune,fin_mandature\n\
         82003,2020,oui,portail_propre,lie,automatique,plateforme_open_data,\n"
    );
    assert_eq!(
        issues_at(&got),
        vec![
            (3, "H".into(), IssueKind::UnknownAnswer),
            (6, "G".into(), IssueKind::UnknownAnswer),
            (8, "B".into(), IssueKind::Note),
        ],
        "{:#?}",
        got.issues
    );
    let twitter = &got.issues.iter().find(|i| i.row == 3).unwrap();
    assert_eq!(twitter.value, "Twitter");
    assert!(
        twitter.why.contains("kept: reseaux_sociaux"),
        "{}",
        twitter.why
    );
    assert_eq!(got.cells - got.cells_mapped, 2);
    assert!(got.cells_mapped as f64 / got.cells as f64 >= 0.9);
}

#[test]
fn the_cli_lists_every_problem_and_strict_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, encoding_rs::WINDOWS_1252.encode(&limesurvey_csv()).0).unwrap();
    let out = dir.path().join("declarations-2020.csv");
    let report = dir.path().join("report.tsv");
    let run = |strict: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_odaudit"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["declarations", "import"])
            .arg(&path)
            .args(["--year", "2020", "--out"])
            .arg(&out)
            .arg("--report")
            .arg(&report);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let done = run(true);
    assert_eq!(
        done.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(!out.exists(), "--strict writes nothing but the report");
    let done = run(false);
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("7 communes imported from 9 rows"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "row 10, column O: Votre commune maintient-elle ses données à jour ?: \"peut-être\""
        ),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 8);
    let tsv = std::fs::read_to_string(&report).unwrap();
    let line = tsv.lines().find(|l| l.contains("Facebook")).unwrap();
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields[0], path.display().to_string());
    assert_eq!((fields[1], fields[2], fields[4]), ("", "8", "Facebook"));
    assert!(fields[3].starts_with("I: Sur quel support"), "{line}");
}

#[test]
fn a_mapping_names_columns_the_barometer_words_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(
        &path,
        "Q0,Q1,Q2,Q3\n92094,Oui,Portail ODWB; Une page du site web communal dédié au téléchargement de données,X\n",
    )
    .unwrap();
    let mapping = Mapping::parse(
        "column,field,answer\nQ0,nis_code,\nQ1,opens_data,\nQ2,channels,\nQ3,formats,lie\n",
        "mapping.csv",
    )
    .unwrap();
    let got = import_file(&path, &communes(), 2020, &mapping).unwrap();
    assert_eq!(
        declarations_csv(&got.declarations).lines().nth(1),
        Some("92094,2020,oui,site_web|odwb,lie,,,")
    );
    assert!(Mapping::parse("column,field\nQ1,budget\n", "m.csv").is_err());
}

/// Answers covering every token of every question, as a person would write them by hand.
const HAND_WRITTEN: &str = "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n\
    25005,2020,oui,site_web|odwb|portail_propre,non_structure|structure_proprietaire|structure_ouvert|uri|lie,automatique,site_web|reseaux_sociaux|presse|reseau_interne|plateforme_open_data,\n\
    25014,2020,oui,odwb,structure_ouvert,manuel_regulier,aucune,\n\
    25072,2020,oui,site_web,non_structure,partiel,presse,\n\
    52011,2020,oui,portail_propre,uri,non,,\n\
    53053,2020,non,,,,,2020\n\
    62063,2020,non,,,,,2021\n\
    82003,2020,non,,,,,fin_mandature\n\
    92094,2020,non,,,,,non\n";

#[test]
fn a_filled_template_imports_to_the_hand_written_file() {
    use odaudit::declarations::parse_declarations;
    use odaudit::declarations::template::{template_csv, template_xlsx};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets");
    let targets = load_communes(&root.join("wallonia.csv")).unwrap();
    let known = targets.iter().map(|c| c.nis_code).collect();
    let hand = parse_declarations(HAND_WRITTEN, "declarations-2020.csv", &known).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("form.xlsx");
    std::fs::write(&xlsx, template_xlsx(&targets, &hand, 2020).unwrap()).unwrap();
    let csv = dir.path().join("form.csv");
    std::fs::write(&csv, template_csv(&targets, &hand)).unwrap();
    for form in [&xlsx, &csv] {
        let got = import_file(form, &communes(), 2020, &Mapping::default()).unwrap();
        assert_eq!(
            declarations_csv(&got.declarations),
            HAND_WRITTEN,
            "{}",
            form.display()
        );
        assert_eq!(got.problems(), 0, "{:#?}", got.issues);
        assert_eq!(got.rows, targets.len());
        assert_eq!(got.unanswered, targets.len() - 8);
        assert_eq!(got.cells, got.cells_mapped);
    }
    // The empty form has every commune and no answer.
    std::fs::write(&csv, template_csv(&targets, &[])).unwrap();
    let got = import_file(&csv, &communes(), 2020, &Mapping::default()).unwrap();
    assert!(got.declarations.is_empty());
    assert_eq!(got.unanswered, 262);
}

#[test]
fn the_xlsx_template_offers_the_barometers_answers_in_lists() {
    use odaudit::declarations::template::template_xlsx;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets");
    let targets = load_communes(&root.join("wallonia.csv")).unwrap();
    let bytes = template_xlsx(&targets[..3], &[], 2020).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    // Single-answer questions read their list from the second sheet; options offer Oui/Non.
    assert!(
        sheet.contains("<formula1>Listes!$A$2:$A$3</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("<formula1>Listes!$B$2:$B$5</formula1>"));
    assert!(sheet.contains("<formula1>Listes!$C$2:$C$5</formula1>"));
    assert!(sheet.contains("<formula1>\"Oui,Non\"</formula1>"));
    let mut lists = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut lists,
    )
    .unwrap();
    assert!(lists.contains("Oui, régulièrement mais de façon manuelle"));
    assert!(
        lists.contains("Non, ce n&apos;est pas à l&apos;ordre du jour")
            || lists.contains("Non, ce n'est pas à l'ordre du jour")
    );
}

/// A SurveyMonkey export: the question over its first column only, a second header row
/// naming each option ("Response" for a one-answer question), the option's text in a
/// ticked cell; a Microsoft Forms "Nom" (the respondent) that is not the commune.
#[test]
fn a_surveymonkey_export_with_two_header_rows() {
    let text = "\
Respondent ID,Nom,Quelle est votre commune ?,Votre commune offre-t-elle déjà certaines de ses données en accès ouvert (Open Data) ?,Sur quel support votre commune publie-t-elle ses données ?,,,Votre commune maintient-elle ses données à jour ?,\n\
,,Open-Ended Response,Response,Une page du site web communal dédié au téléchargement de données,Portail Open Data Wallonie Bruxelles,Portail Open Data propre à la commune,Response,\n\
114,Jean Dupont,Namur,Oui,,Portail Open Data Wallonie Bruxelles,Portail Open Data propre à la commune,\"Oui, c'est automatique\",\n\
115,Marie Martin,4000 Liege,\"Non, pas encore\",,,,,remarque\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("monkey.csv");
    std::fs::write(&path, text).unwrap();
    let got = import_file(&path, &communes(), 2020, &Mapping::default()).unwrap();
    assert_eq!(
        declarations_csv(&got.declarations),
        "nis_code,year,opens_data,channels,formats,update,communication,planned_opening\n\
         92094,2020,oui,odwb|portail_propre,,automatique,,\n\
         62063,2020,non,,,,,\n"
    );
    // The last column has no header but a cell: it is listed, not lost.
    let lost = got
        .issues
        .iter()
        .find(|i| i.column.starts_with("I:"))
        .expect("the headerless column is listed");
    assert!(lost.why.contains("1 filled cells"), "{}", lost.why);
    assert_eq!(got.problems(), 1, "{:#?}", got.issues);
}

/// Every commune of a simulated world with its generated answers: written as a form,
/// imported back, the same declarations file.
#[test]
fn a_simulated_worlds_answers_round_trip_through_the_form() {
    use odaudit::declarations::load_declarations;
    use odaudit::declarations::template::{template_csv, template_xlsx};
    let world = odaudit_sim::World::generate(&odaudit_sim::Config {
        seed: 4,
        ..odaudit_sim::Config::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    world.write_inputs(dir.path(), 8080).unwrap();
    let targets = load_communes(&dir.path().join("wallonia.csv")).unwrap();
    let known = targets.iter().map(|c| c.nis_code).collect();
    let file = dir.path().join("declarations-2020.csv");
    let declared = load_declarations(&file, &known).unwrap();
    assert!(declared.iter().any(|d| d.opens_data) && declared.iter().any(|d| !d.opens_data));
    let mut expected = declared.clone();
    expected.sort_by_key(|d| targets.iter().position(|c| c.nis_code == d.nis_code));
    let lookup = Communes::new(&targets, &[]);
    let xlsx = dir.path().join("form.xlsx");
    std::fs::write(&xlsx, template_xlsx(&targets, &declared, 2020).unwrap()).unwrap();
    let csv = dir.path().join("form.csv");
    std::fs::write(&csv, template_csv(&targets, &declared)).unwrap();
    for form in [&xlsx, &csv] {
        let got = import_file(form, &lookup, 2020, &Mapping::default()).unwrap();
        assert_eq!(
            declarations_csv(&got.declarations),
            declarations_csv(&expected),
            "{}",
            form.display()
        );
    }
}

/// An ODS workbook saved by LibreOffice (the classifier's real fixture) is read through
/// calamine, its cells located by sheet, row and column.
#[test]
fn an_ods_workbook_is_read_and_its_cells_located() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/lo/calc/communes.ods");
    let mapping = Mapping::parse(
        "column,field\ncode_ins,nis_code\nremarque,opens_data\n",
        "m.csv",
    )
    .unwrap();
    let got = import_file(&path, &communes(), 2020, &mapping).unwrap();
    assert!(!got.sheet.is_empty());
    let liege = got
        .issues
        .iter()
        .find(|i| i.value == "Chef-lieu de province")
        .expect("an answer odaudit does not know is listed");
    assert_eq!((liege.row, liege.kind), (3, IssueKind::UnknownAnswer));
    assert!(liege.column.starts_with("J: remarque"), "{}", liege.column);
    assert!(got.declarations.is_empty());
}
