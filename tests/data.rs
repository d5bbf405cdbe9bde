//! The embedded gazetteers: they parse, they are consistent, and every
//! alias finds its own entry.

use std::collections::{HashMap, HashSet};

use newsgraph::{EntityType, Extractor, Gazetteer};

const FILES: &[&str] = &[
    "country.tsv",
    "place-capitals.tsv",
    "place.tsv",
    "organization.tsv",
    "person-post-soviet.tsv",
    "person-g20.tsv",
    "person-world.tsv",
    "event.tsv",
    "facility.tsv",
    "document.tsv",
    "titles.tsv",
    "given-names.tsv",
    "triggers.tsv",
];

fn dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gazetteers")
}

#[test]
fn every_file_has_a_header_with_its_licence() {
    for f in FILES {
        let text = std::fs::read_to_string(dir().join(f)).unwrap();
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(!header.is_empty(), "{f} has no # header");
        assert!(header.iter().any(|l| l.to_lowercase().contains("licence")), "{f}: header names no licence");
    }
}

#[test]
fn every_gazetteer_file_is_embedded() {
    let on_disk: HashSet<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv"))
        .collect();
    let listed: HashSet<String> = FILES.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, listed, "a gazetteer file is not embedded (or not listed here)");
}

#[test]
fn ids_are_unique_slugs_and_references_resolve() {
    let g = Gazetteer::default_entries();
    let mut seen = HashMap::new();
    for e in g.entries() {
        if let Some(first) = seen.insert(e.id(), e.origin()) {
            panic!("duplicate id {} at {} and {first}", e.id(), e.origin());
        }
        let slug = e.id().split_once('/').unwrap().1;
        assert!(
            slug.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{}: id {} is not an ASCII slug",
            e.origin(),
            e.id()
        );
    }
    // Unknown references and undeclared shared aliases are build warnings.
    let ex = Extractor::new();
    let w: Vec<String> = ex.warnings().iter().map(|w| w.to_string()).collect();
    assert!(w.is_empty(), "{} warnings, e.g. {:?}", w.len(), &w[..w.len().min(10)]);
}

#[test]
fn countries_have_codes_demonyms_and_capitals() {
    let g = Gazetteer::default_entries();
    let by_id: HashMap<&str, _> = g.entries().iter().map(|e| (e.id(), e)).collect();
    let mut iso2 = HashSet::new();
    for e in g.entries().iter().filter(|e| e.entity_type() == EntityType::Country) {
        let (a2, a3) = e.iso_codes();
        assert!(a2.is_some() && a3.is_some(), "{} lacks ISO codes", e.id());
        assert!(iso2.insert(a2.unwrap()), "{}: ISO code {} used twice", e.id(), a2.unwrap());
        assert!(e.demonyms().next().is_some(), "{} lacks a demonym", e.id());
        let cap = e.capital().unwrap_or_else(|| panic!("{} lacks a capital", e.id()));
        let place = by_id.get(cap).unwrap_or_else(|| panic!("{}: capital {cap} is not an entry", e.id()));
        assert_eq!(place.entity_type(), EntityType::Place);
    }
}

#[test]
fn places_belong_to_existing_countries_and_roles_are_ordered() {
    let g = Gazetteer::default_entries();
    let ids: HashSet<&str> = g.entries().iter().map(|e| e.id()).collect();
    for e in g.entries() {
        if let Some(c) = e.country() {
            assert!(ids.contains(c) && c.starts_with("country/"), "{}: country {c} unknown", e.origin());
        }
        for r in e.roles() {
            assert!(ids.contains(r.holder()), "{}: role holder {} unknown", e.origin(), r.holder());
            if let (Some(f), Some(t)) = (r.from(), r.to()) {
                assert!(f <= t, "{}: role {} ends before it starts", e.origin(), r.key());
            }
        }
    }
}

#[test]
fn coverage_meets_the_minimums() {
    let g = Gazetteer::default_entries();
    let mut n: HashMap<EntityType, usize> = HashMap::new();
    for e in g.entries() {
        *n.entry(e.entity_type()).or_default() += 1;
    }
    let capitals = g.entries().iter().filter(|e| e.kind() == Some("capital")).count();
    assert!(n[&EntityType::Country] >= 200, "{n:?}");
    assert!(n[&EntityType::Place] >= capitals + 600, "{n:?}");
    assert!(n[&EntityType::Organization] >= 250, "{n:?}");
    assert!(n[&EntityType::Person] >= 800, "{n:?}");
    assert!(n[&EntityType::Event] >= 50, "{n:?}");
}

#[test]
fn every_alias_finds_its_own_entry() {
    let ex = Extractor::new();
    let g = Gazetteer::default_entries();
    let mut failures = Vec::new();
    for e in g.entries() {
        for alias in e.surface_forms() {
            let doc = ex.extract(alias);
            let ok =
                doc.entity(e.id()).is_some_and(|x| x.mentions.iter().any(|m| m.start == 0 && m.end == alias.len()));
            if !ok && !shared(e, alias) {
                failures.push(format!(
                    "{}: `{alias}` -> {:?}",
                    e.id(),
                    doc.entities.iter().map(|x| &x.id).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        failures.len() <= 5,
        "{} aliases do not find their entry, e.g.:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}

/// Whether the alias is declared shared (`~`) in the entry's source line.
fn shared(e: &newsgraph::Entry, alias: &str) -> bool {
    let origin = e.origin();
    let (file, line) = origin.rsplit_once(':').unwrap();
    let text = std::fs::read_to_string(std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let l = text.lines().nth(line.parse::<usize>().unwrap() - 1).unwrap();
    l.contains(&format!("~{alias}"))
}

#[test]
fn petrarch_dictionaries_import() {
    let Some(dir) = crate::common::shared("data/petrarch/petrarch2/dictionaries") else { return };
    for f in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"] {
        let t = std::time::Instant::now();
        let file = std::fs::File::open(dir.join(f)).unwrap();
        let g = Gazetteer::from_petrarch_actors(f, file).unwrap();
        eprintln!("{f}: {} entries in {:?}", g.len(), t.elapsed());
        assert!(g.len() > 1000, "{f}: {}", g.len());
    }
    let file = std::fs::File::open(dir.join("Phoenix.Countries.actors.txt")).unwrap();
    let g = Gazetteer::from_petrarch_actors("countries", file).unwrap();
    let putin = g.entries().iter().find(|e| e.name() == "Vladimir Putin").unwrap();
    assert_eq!(putin.entity_type(), EntityType::Person);
    let ex = Extractor::builder().default_gazetteers(false).gazetteer(g).build().unwrap();
    let doc = |d: &str| ex.extract(newsgraph::Input::new("Vladimir Putin spoke.").date(d.parse().unwrap()));
    let codes = |d: &str| doc(d).entities.iter().find(|e| e.name == "Vladimir Putin").unwrap().cameo.clone();
    assert_eq!(codes("1995-01-01"), ["RUSELI"], "before office: elite");
    assert!(codes("2005-01-01").contains(&"RUSGOV".to_string()), "president: government");
    assert!(codes("2010-01-01").contains(&"RUSGOV".to_string()), "prime minister: government");
}
