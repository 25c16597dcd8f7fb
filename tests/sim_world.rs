//! The simulated world is a function of its seed: same seed, same manifest and same bytes;
//! another seed, another world. Its inputs files parse with odaudit's own readers.

#[path = "common/convert.rs"]
mod convert;

use odaudit::fetch::{FetchConfig, Fetcher};
use odaudit_sim::{self as sim, Config, DeclarationKind, World};
use url::Url;

fn config(seed: u64, communes: usize) -> Config {
    Config {
        seed,
        communes: Some(communes),
        crawl_delay: Some(0.0),
        ..Config::default()
    }
}

#[test]
fn same_seed_same_manifest_other_seed_other_world() {
    let a = World::generate(&config(42, 60)).unwrap().manifest(8080);
    let b = World::generate(&config(42, 60)).unwrap().manifest(8080);
    let c = World::generate(&config(43, 60)).unwrap().manifest(8080);
    assert_eq!(a, b);
    assert_ne!(a.communes, c.communes);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn the_full_world_has_every_kind_of_commune() {
    let m = World::generate(&Config {
        seed: 1,
        ..Config::default()
    })
    .unwrap()
    .manifest(80);
    assert_eq!(m.communes.len(), 262);
    let over = m
        .communes
        .iter()
        .filter(|c| c.declaration_kind == DeclarationKind::Overclaims)
        .count();
    let under = m
        .communes
        .iter()
        .filter(|c| c.declaration_kind == DeclarationKind::Underclaims)
        .count();
    assert!(over >= 2, "{over} over-claimers");
    assert!(under >= 1, "{under} under-claimers");
    for c in m
        .communes
        .iter()
        .filter(|c| c.declaration_kind == DeclarationKind::Overclaims)
    {
        assert_eq!(c.declared.opens_data, "oui");
        assert!(
            c.datasets.is_empty(),
            "{} over-claims but publishes",
            c.name
        );
    }
    assert_eq!(
        m.communes.iter().filter(|c| c.website.is_none()).count(),
        27
    );
    for kind in [
        sim::SiteKind::Imio,
        sim::SiteKind::Wordpress,
        sim::SiteKind::Custom,
    ] {
        assert!(
            m.communes.iter().any(|c| c.site_kind == Some(kind)),
            "{kind:?}"
        );
    }
    for ch in [
        sim::Channel::Website,
        sim::Channel::Odwb,
        sim::Channel::OwnPortal,
    ] {
        assert!(
            m.communes
                .iter()
                .flat_map(|c| &c.datasets)
                .any(|d| d.channel == ch),
            "{ch:?}"
        );
    }
    let dists: Vec<_> = m.distributions().map(|(_, d)| d).collect();
    assert!(dists.iter().any(|d| d.mislabelled));
    assert!(dists.iter().any(|d| d.broken));
    assert!(dists.iter().any(|d| d.content_type_wrong && !d.mislabelled));
    assert!(
        m.communes
            .iter()
            .flat_map(|c| &c.datasets)
            .any(|d| !d.reachable_from_homepage && d.channel == sim::Channel::Website)
    );
    assert!(m.other_datasets.iter().all(|d| d.publisher.is_some()));
    assert!(
        m.communes
            .iter()
            .any(|c| !c.website_reachable && c.website.is_some())
    );
    assert_eq!(m.faults_profile, "none");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_seed_same_bytes_on_two_servers() {
    let one = sim::serve(World::generate(&config(9, 25)).unwrap(), "127.0.0.1:0")
        .await
        .unwrap();
    let two = sim::serve(World::generate(&config(9, 25)).unwrap(), "127.0.0.1:0")
        .await
        .unwrap();
    let f1 = Fetcher::new(&FetchConfig {
        resolve: convert::resolve(&one),
        ..FetchConfig::default()
    })
    .unwrap();
    let f2 = Fetcher::new(&FetchConfig {
        resolve: convert::resolve(&two),
        ..FetchConfig::default()
    })
    .unwrap();
    let mut compared = 0;
    let urls: Vec<String> = one
        .manifest()
        .distributions()
        .map(|(_, d)| d.url.clone())
        .step_by(3)
        .take(40)
        .collect();
    for u in urls {
        let u1 = Url::parse(&u).unwrap();
        let mut u2 = u1.clone();
        u2.set_port(Some(two.port())).unwrap();
        let (a, b) = (
            f1.probe(&u1, 1 << 20).await.unwrap(),
            f2.probe(&u2, 1 << 20).await.unwrap(),
        );
        assert_eq!(
            (a.status, &a.body, &a.etag),
            (b.status, &b.body, &b.etag),
            "{u}"
        );
        compared += 1;
    }
    assert!(compared >= 10);
    one.shutdown().await;
    two.shutdown().await;
}

#[test]
fn inputs_parse_with_odaudit_readers() {
    let world = World::generate(&config(5, 30)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    world.write_inputs(dir.path(), 9999).unwrap();
    let communes = odaudit::targets::load_communes(&dir.path().join("wallonia.csv")).unwrap();
    assert_eq!(communes.len(), 30);
    assert!(
        communes
            .iter()
            .filter_map(|c| c.website.as_ref())
            .all(|u| u.port() == Some(9999) && u.host_str().unwrap().starts_with("www."))
    );
    let portals = std::fs::read_to_string(dir.path().join("portals.csv")).unwrap();
    assert!(
        portals
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("odwb,opendatasoft,http://www.odwb.be:9999/")
    );
    let decl = std::fs::read_to_string(dir.path().join("declarations-2020.csv")).unwrap();
    assert_eq!(decl.lines().count(), 31);
    assert!(decl.lines().skip(1).all(|l| {
        l.split(',')
            .nth(2)
            .is_some_and(|t| t == "oui" || t == "non")
    }));
}
