//! The rows the simulated world writes hold personal data and Walloon standards exactly
//! where its truth says: odaudit's classifier, given each kind of file the world writes,
//! finds the kinds of personal data the world put there (none in the look-alikes: invoice
//! numbers, dates, postal codes, the commune's own contact lines and account) and the
//! standard its columns claim, conforming or not; no other file is called a standard.

use odaudit::assess::{Declared, Sample, classify};
use odaudit_sim as sim;

#[test]
fn the_classifier_finds_the_personal_data_and_standards_the_world_wrote() {
    let specimens = sim::specimens();
    let (mut people, mut clean_look_alikes, mut standards) = (0, 0, 0);
    for s in &specimens {
        let v = classify(
            Sample::whole(&s.bytes),
            Declared::from_sources(Some(&s.name), None),
        );
        let mut kinds: Vec<&str> = v
            .personal_data
            .iter()
            .flat_map(|p| &p.found)
            .map(|h| h.kind.code())
            .collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds, s.rows.personal_data,
            "{}: {:?}",
            s.name, v.personal_data
        );
        let standard = v
            .standard
            .as_ref()
            .map(|x| (x.standard.as_str(), x.conforms));
        assert_eq!(standard, s.rows.standard, "{}: {:?}", s.name, v.standard);
        people += usize::from(!s.rows.personal_data.is_empty());
        standards += usize::from(s.rows.standard.is_some());
        // A table the scan read, about people or not, with nothing personal in it.
        let read_clean = v.personal_data.as_ref().is_some_and(|p| !p.suspected());
        clean_look_alikes += usize::from(read_clean && s.name.ends_with(".csv"));
    }
    assert!(people >= 2, "tables about people: {people}");
    assert!(standards >= 4, "standard files: {standards}");
    assert!(
        clean_look_alikes >= 3,
        "clean tables read: {clean_look_alikes}"
    );
}
