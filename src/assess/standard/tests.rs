use super::*;
use crate::assess::{Format, Sample, table};

const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/walloon-standards"
);

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{SHARED}/{name}/exemple-valide.csv")).expect("the example")
}

fn table_of(text: &str) -> Table {
    table::read(
        Sample::whole(text.as_bytes()),
        Format::Csv,
        Some("UTF-8"),
        Some(','),
    )
    .expect("a table")
}

fn verdict(text: &str) -> Option<StandardVerdict> {
    let t = table_of(text);
    recognise(&t.header, None).map(|s| validate(s, &t))
}

/// Rewrite a CSV with `edit` applied to its header and rows.
fn edited(text: &str, edit: impl FnOnce(&mut Vec<String>, &mut Vec<Vec<String>>)) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut header = records.remove(0);
    edit(&mut header, &mut records);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for r in &records {
        writer.write_record(r).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn first_error(v: &StandardVerdict) -> (&str, &str) {
    let e = v.errors.first().expect("an error");
    (e.field.as_str(), e.rule.as_str())
}

#[test]
fn every_standards_own_example_is_recognised_and_conforms() {
    for schema in STANDARDS.iter() {
        let v = verdict(&example(schema.name))
            .unwrap_or_else(|| panic!("{} not recognised", schema.name));
        assert_eq!(v.standard, schema.name);
        assert!(v.conforms, "{}: {:?}", schema.name, v.errors);
        assert_eq!((v.rows_checked, v.error_count), (1, 0));
        assert!(!v.version.is_empty());
    }
}

#[test]
fn every_broken_copy_fails_with_the_right_field_and_rule() {
    for schema in STANDARDS.iter() {
        let text = example(schema.name);
        let name = schema.name;
        let col = |field: &str| schema.fields.iter().position(|f| f.name == field).unwrap();
        // A required field left empty.
        let req = schema
            .fields
            .iter()
            .position(|f| f.required && f.name != "id")
            .unwrap();
        let broken = edited(&text, |_, rows| rows[0][req].clear());
        let v = verdict(&broken).unwrap();
        assert_eq!(
            first_error(&v),
            (schema.fields[req].name.as_str(), "required"),
            "{name}"
        );
        assert_eq!(v.errors[0].row, Some(2));
        // The same id twice.
        let broken = edited(&text, |_, rows| rows.push(rows[0].clone()));
        let v = verdict(&broken).unwrap();
        assert_eq!(first_error(&v), ("id", "unique"), "{name}");
        assert!(
            v.errors
                .iter()
                .any(|e| e.rule == "primary-key" && e.row == Some(3))
        );
        // A date written the Belgian way.
        if let Some(f) = schema
            .fields
            .iter()
            .position(|f| f.kind == super::super::schema::FieldType::Date)
        {
            let broken = edited(&text, |_, rows| rows[0][f] = "25/10/2022".into());
            let v = verdict(&broken).unwrap();
            assert_eq!(
                first_error(&v),
                (schema.fields[f].name.as_str(), "type:date"),
                "{name}"
            );
            assert_eq!(v.errors[0].value, ValueKind::Date);
        }
        // An INS code that is not five digits.
        if schema.fields.iter().any(|f| f.name == "ins_code") {
            let broken = edited(&text, |_, rows| rows[0][col("ins_code")] = "9209".into());
            assert_eq!(
                first_error(&verdict(&broken).unwrap()),
                ("ins_code", "pattern"),
                "{name}"
            );
        }
        // An enum value with the wrong case.
        if let Some(f) = schema
            .fields
            .iter()
            .position(|f| f.check("\u{1}no such value") == Some(super::super::schema::Rule::Enum))
        {
            let broken = edited(&text, |_, rows| {
                rows[0][f] = rows[0][f].to_uppercase() + "X"
            });
            assert_eq!(
                first_error(&verdict(&broken).unwrap()),
                (schema.fields[f].name.as_str(), "enum"),
                "{name}"
            );
        }
        // A required column dropped.
        let broken = edited(&text, |header, rows| {
            header.remove(req);
            rows[0].remove(req);
        });
        let v = verdict(&broken).unwrap();
        assert!(!v.conforms);
        assert_eq!(v.errors[0].value, ValueKind::Label, "{name}");
        assert_eq!(
            first_error(&v),
            (schema.fields[req].name.as_str(), "missing-label"),
            "{name}"
        );
        assert_eq!(v.error_count, 1, "{name}: {:?}", v.errors);
        // Two columns swapped.
        let broken = edited(&text, |header, rows| {
            header.swap(1, 2);
            rows[0].swap(1, 2);
        });
        let v = verdict(&broken).unwrap();
        assert_eq!(
            first_error(&v),
            (schema.fields[1].name.as_str(), "incorrect-label"),
            "{name}"
        );
        assert_eq!(v.error_count, 1, "{name}: {:?}", v.errors);
    }
}

#[test]
fn a_boolean_in_french_and_a_comma_decimal_are_type_errors() {
    let text = example("stationnements-velos");
    let schema = STANDARDS
        .iter()
        .find(|s| s.name == "stationnements-velos")
        .unwrap();
    let col = |n: &str| schema.fields.iter().position(|f| f.name == n).unwrap();
    let broken = edited(&text, |_, rows| {
        rows[0][col("covered")] = "oui".into();
        rows[0][col("distance")] = "11,5".into();
    });
    let v = verdict(&broken).unwrap();
    let got: Vec<(&str, &str, ValueKind)> = v
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.rule.as_str(), e.value))
        .collect();
    assert_eq!(
        got,
        [
            ("distance", "type:number", ValueKind::Number),
            ("covered", "type:boolean", ValueKind::Boolean)
        ]
    );
}

#[test]
fn tables_that_are_not_a_standard_are_never_called_one() {
    for text in [
        "id,name,description,type,municipality,street_name,street_number,coordinates\n1,a,b,c,Namur,Rue,1,x\n",
        "nom;adresse;nombre_places;couvert\nGare;Place de la Station;12;oui\n",
        "id,name,status,start_date,end_date\n1,Budget,voté,2023-01-01,2023-12-31\n",
        "commune,ins_code,population,year\nNamur,92094,112000,2023\n",
        "date,montant,fournisseur,objet,table\n2023-01-01,12,X,Y,Z\n",
    ] {
        let delimiter = if text.contains(';') { ';' } else { ',' };
        let t = table::read(
            Sample::whole(text.as_bytes()),
            Format::Csv,
            Some("UTF-8"),
            Some(delimiter),
        )
        .unwrap();
        assert!(recognise(&t.header, None).is_none(), "{text}");
        assert!(
            recognise(&t.header, Some("2023_stationnement-velos_travaux.csv")).is_none(),
            "{text}"
        );
    }
}

#[test]
fn a_partial_standard_with_its_distinctive_columns_is_recognised_and_fails() {
    let text = "id,name,municipality,ins_code,street_name,street_number,coordinates,parking_type,covered,available_places,charging_station\n\
                1,Gare,Namur,92094,Rue,1,\"{\"\"type\"\": \"\"Point\"\", \"\"coordinates\"\": [4.8, 50.4]}\",Arceau,true,12,false\n";
    let v = verdict(text).expect("recognised");
    assert_eq!(v.standard, "stationnements-velos");
    assert!(!v.conforms);
    assert_eq!(first_error(&v), ("zone_address", "missing-label"));
    assert_eq!(v.error_count, 16);
}
