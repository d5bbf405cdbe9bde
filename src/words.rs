//! Fast word sets and maps for the rules' hot loops.
//!
//! The rules test words against lists (function words, prepositions, org
//! heads...) many times per token; a hash set with a small, fast hasher
//! keeps that cheap. The hasher is foldhash's (the one hashbrown uses).

use std::collections::{HashMap, HashSet};

/// A hash map with foldhash's fast hasher, randomly seeded per process
/// (some resistance to crafted collisions in keys taken from the input).
/// Nothing iterates these maps to produce output, so the seed never shows.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// A hash set with the same hasher as [`FastMap`].
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// A set of words, built once from a list.
#[derive(Debug)]
pub(crate) struct WordSet(FastSet<&'static str>);

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        WordSet(words.iter().copied().collect())
    }

    #[inline]
    pub(crate) fn contains(&self, w: impl AsRef<str>) -> bool {
        self.0.contains(w.as_ref())
    }
}

/// Declares `static NAME: LazyLock<WordSet>` from a list of words.
macro_rules! word_set {
    ($(#[$m:meta])* $vis:vis static $name:ident = [$($w:expr),* $(,)?];) => {
        $(#[$m])*
        $vis static $name: std::sync::LazyLock<$crate::words::WordSet> =
            std::sync::LazyLock::new(|| $crate::words::WordSet::new(&[$($w),*]));
    };
}
pub(crate) use word_set;

#[cfg(test)]
mod tests {
    use super::*;

    word_set! { static SMALL = ["in", "on", "at"]; }

    #[test]
    fn word_sets_and_fx_maps() {
        assert!(SMALL.contains("on") && !SMALL.contains("of"));
        let mut m: FastMap<String, usize> = FastMap::default();
        m.insert("kyrgyzstan".into(), 1);
        assert_eq!(m.get("kyrgyzstan"), Some(&1));
    }
}
