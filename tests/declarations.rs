//! The simulated world's declarations file parses with odaudit's own reader and says
//! what the world's manifest says each commune declared.

use std::collections::HashSet;

use odaudit::declarations::load_declarations;
use odaudit::targets::{NisCode, load_communes};
use odaudit_sim::{Config, World};

#[test]
fn the_simulated_worlds_declarations_parse_against_its_targets() {
    let world = World::generate(&Config {
        seed: 1,
        ..Config::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    world.write_inputs(dir.path(), 8080).unwrap();
    let communes = load_communes(&dir.path().join("wallonia.csv")).unwrap();
    let known: HashSet<NisCode> = communes.iter().map(|c| c.nis_code).collect();
    let declarations =
        load_declarations(&dir.path().join("declarations-2020.csv"), &known).unwrap();
    assert_eq!(declarations.len(), communes.len());

    let manifest = world.manifest(8080);
    let mut opening = 0;
    for (d, truth) in declarations.iter().zip(&manifest.communes) {
        assert_eq!(d.nis_code.to_string(), truth.nis_code);
        assert_eq!(d.year, 2020);
        let declared = &truth.declared;
        assert_eq!(d.opens_data, declared.opens_data == "oui", "{}", d.nis_code);
        let tokens = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<Vec<_>>();
        let mut channels = declared.channels.clone();
        channels.sort();
        let mut got = tokens(d.channels.iter().map(|c| c.as_str()).collect());
        got.sort();
        assert_eq!(got, channels, "{}", d.nis_code);
        let mut formats = declared.formats.clone();
        formats.sort();
        let mut got = tokens(d.formats.iter().map(|c| c.as_str()).collect());
        got.sort();
        assert_eq!(got, formats, "{}", d.nis_code);
        let mut communication = declared.communication.clone();
        communication.sort();
        let mut got = tokens(d.communication.iter().map(|c| c.as_str()).collect());
        got.sort();
        assert_eq!(got, communication, "{}", d.nis_code);
        assert_eq!(
            d.update.map(|u| u.as_str()).unwrap_or(""),
            declared.update,
            "{}",
            d.nis_code
        );
        assert_eq!(
            d.planned_opening.map(|p| p.as_str()),
            declared.planned_opening.as_deref(),
            "{}",
            d.nis_code
        );
        opening += usize::from(d.opens_data);
    }
    // The world has communes on both sides of the question.
    assert!(opening > 0 && opening < declarations.len(), "{opening}");
}
