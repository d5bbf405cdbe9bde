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
///
/// Most tokens a rule tests are not in its set; a filter on the first byte
/// and the length turns most of them away before any hashing.
#[derive(Debug)]
pub(crate) struct WordSet {
    set: FastSet<&'static str>,
    /// Bit `b` set when some word starts with byte `b`.
    first: [u64; 4],
    /// Bit `n` set when some word is `n` bytes long (63: 63 or more).
    lens: u64,
}

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let mut first = [0u64; 4];
        let mut lens = 0u64;
        for w in words {
            let b = w.as_bytes().first().copied().unwrap_or(0);
            first[usize::from(b >> 6)] |= 1 << (b & 63);
            lens |= 1 << w.len().min(63);
        }
        WordSet { set: words.iter().copied().collect(), first, lens }
    }

    /// The words of both sets, tested with one lookup.
    pub(crate) fn union(&self, other: &WordSet) -> WordSet {
        let mut first = self.first;
        for (a, b) in first.iter_mut().zip(other.first) {
            *a |= b;
        }
        WordSet { set: self.set.union(&other.set).copied().collect(), first, lens: self.lens | other.lens }
    }

    #[inline]
    pub(crate) fn contains(&self, w: impl AsRef<str>) -> bool {
        let w = w.as_ref();
        let b = w.as_bytes().first().copied().unwrap_or(0);
        self.lens & (1 << w.len().min(63)) != 0
            && self.first[usize::from(b >> 6)] & (1 << (b & 63)) != 0
            && self.set.contains(w)
    }
}

/// A filter of token hashes ([`Token::hash`](crate::tokenize::Token)): one
/// bit per hash modulo its size. "No" is certain, "maybe" is checked by
/// whatever the filter guards; it turns most tokens away with one read.
#[derive(Clone, Debug)]
pub(crate) struct HashFilter {
    /// A power of two of words, at least one.
    bits: Vec<u64>,
}

impl Default for HashFilter {
    /// The smallest filter (64 bits), empty.
    fn default() -> HashFilter {
        HashFilter::new(6)
    }
}

impl HashFilter {
    /// A filter of `2^log2_bits` bits (at least 64).
    pub(crate) fn new(log2_bits: u32) -> HashFilter {
        HashFilter { bits: vec![0; 1 << log2_bits.max(6).saturating_sub(6)] }
    }

    #[inline]
    fn bit(&self, h: u32) -> (usize, u64) {
        ((h as usize / 64) & (self.bits.len() - 1), 1 << (h % 64))
    }

    pub(crate) fn insert(&mut self, h: u32) {
        let (word, bit) = self.bit(h);
        self.bits[word] |= bit;
    }

    /// Whether `h` may have been inserted (false: it was not).
    #[inline]
    pub(crate) fn may_contain(&self, h: u32) -> bool {
        let (word, bit) = self.bit(h);
        self.bits[word] & bit != 0
    }

    pub(crate) fn memory_usage(&self) -> usize {
        self.bits.len() * 8
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
        assert!(!SMALL.contains("") && !SMALL.contains("ion") && !SMALL.contains("xn"));
        let both = SMALL.union(&WordSet::new(&["of", "about"]));
        assert!(["in", "on", "at", "of", "about"].iter().all(|w| both.contains(w)));
        assert!(!both.contains("abut") && !both.contains("o") && !both.contains("ab"));
        let mut f = HashFilter::new(10);
        f.insert(7);
        f.insert(1 << 20);
        assert!(f.may_contain(7) && f.may_contain(1 << 20) && f.may_contain(7 + 1024), "1024 bits: equal modulo 1024");
        assert!(!f.may_contain(8) && !f.may_contain(6) && !f.may_contain(7 + 64));
        assert!(!HashFilter::default().may_contain(0) && !HashFilter::new(0).may_contain(u32::MAX));
        let mut m: FastMap<String, usize> = FastMap::default();
        m.insert("kyrgyzstan".into(), 1);
        assert_eq!(m.get("kyrgyzstan"), Some(&1));
    }
}
