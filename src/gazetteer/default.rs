//! The embedded default gazetteers and lexicons.
//!
//! Every file of `gazetteers/` is compiled into the crate with
//! `include_str!` and parsed once, on first use, inside a `LazyLock`. A unit
//! test forces each of them, so a bad line fails `cargo test`, never a
//! user's first call.

use std::sync::LazyLock;

use super::Gazetteer;
use crate::lexicon::{GivenNames, Titles};

/// `(file name, contents)` of every embedded entity file, in load order.
pub(crate) const ENTITY_FILES: &[(&str, &str)] = &[
    ("gazetteers/country.tsv", include_str!("../../gazetteers/country.tsv")),
    ("gazetteers/place-capitals.tsv", include_str!("../../gazetteers/place-capitals.tsv")),
    ("gazetteers/place.tsv", include_str!("../../gazetteers/place.tsv")),
    ("gazetteers/organization.tsv", include_str!("../../gazetteers/organization.tsv")),
    ("gazetteers/person-post-soviet.tsv", include_str!("../../gazetteers/person-post-soviet.tsv")),
    ("gazetteers/person-g20.tsv", include_str!("../../gazetteers/person-g20.tsv")),
    ("gazetteers/person-world.tsv", include_str!("../../gazetteers/person-world.tsv")),
    ("gazetteers/event.tsv", include_str!("../../gazetteers/event.tsv")),
    ("gazetteers/facility.tsv", include_str!("../../gazetteers/facility.tsv")),
    ("gazetteers/document.tsv", include_str!("../../gazetteers/document.tsv")),
];

pub(crate) static DEFAULT_GAZETTEERS: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut all = Gazetteer::default();
    for (name, text) in ENTITY_FILES {
        let g = Gazetteer::parse_named(name, text).unwrap_or_else(|e| panic!("embedded gazetteer: {e}"));
        all.extend(g).unwrap_or_else(|e| panic!("embedded gazetteer: {e}"));
    }
    all
});

pub(crate) static TITLES: LazyLock<Titles> = LazyLock::new(|| {
    Titles::parse("gazetteers/titles.tsv", include_str!("../../gazetteers/titles.tsv"))
        .unwrap_or_else(|e| panic!("embedded titles: {e}"))
});

pub(crate) static GIVEN_NAMES: LazyLock<GivenNames> = LazyLock::new(|| GivenNames::parse(GIVEN_NAMES_TEXT));

const GIVEN_NAMES_TEXT: &str = include_str!("../../gazetteers/given-names.tsv");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        assert!(DEFAULT_GAZETTEERS.len() > 300);
        assert!(TITLES.len() > 50);
        let _ = GIVEN_NAMES.len();
    }
}
