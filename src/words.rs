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
/// Most tokens a rule tests are not in its set; a filter on the length and
/// the first two and last bytes turns nearly all of them away with one
/// read, before any hashing.
#[derive(Debug)]
pub(crate) struct WordSet {
    set: FastSet<&'static str>,
    /// Bit [`WordSet::shape`] set for every word.
    shapes: Box<[u64; SHAPE_WORDS]>,
}

/// The size of [`WordSet::shapes`], in 64-bit words (4096 bits: a few
/// hundred words leave it sparse).
const SHAPE_WORDS: usize = 64;

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let mut shapes = Box::new([0u64; SHAPE_WORDS]);
        for w in words {
            let (k, bit) = Self::shape(w);
            shapes[k] |= bit;
        }
        WordSet { set: words.iter().copied().collect(), shapes }
    }

    /// The words of both sets, tested with one lookup.
    pub(crate) fn union(&self, other: &WordSet) -> WordSet {
        let mut shapes = self.shapes.clone();
        for (a, b) in shapes.iter_mut().zip(other.shapes.iter()) {
            *a |= b;
        }
        WordSet { set: self.set.union(&other.set).copied().collect(), shapes }
    }

    /// Where a word's bit is in [`WordSet::shapes`]: a hash of its length
    /// and its first two and last bytes.
    #[inline]
    fn shape(w: &str) -> (usize, u64) {
        let b = w.as_bytes();
        let byte = |k: usize| u32::from(b.get(k).copied().unwrap_or(0));
        let key = (b.len().min(255) as u32) << 24 | byte(0) << 16 | byte(1) << 8 | byte(b.len().wrapping_sub(1));
        let h = key.wrapping_mul(0x9E37_79B1) >> 20;
        ((h >> 6) as usize, 1 << (h & 63))
    }

    #[inline]
    pub(crate) fn contains(&self, w: impl AsRef<str>) -> bool {
        let w = w.as_ref();
        let (k, bit) = Self::shape(w);
        self.shapes[k] & bit != 0 && self.set.contains(w)
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
        // The shape filter never turns a word of the set away, whatever
        // its length or bytes (one-byte, multi-byte characters, long words).
        let words: Vec<&'static str> = (0..3000u32)
            .map(|k| {
                let w: String = (0..1 + k % 13).map(|j| char::from(b'a' + ((k * 7 + j * 11) % 26) as u8)).collect();
                &*Box::leak(if k % 5 == 0 { format!("{w}é") } else { w }.into_boxed_str())
            })
            .collect();
        let (members, others) = words.split_at(1500);
        let set = WordSet::new(members);
        assert!(members.iter().all(|w| set.contains(w)));
        assert!(others.iter().filter(|w| !members.contains(w)).all(|w| !set.contains(w)));
        let mut m: FastMap<String, usize> = FastMap::default();
        m.insert("kyrgyzstan".into(), 1);
        assert_eq!(m.get("kyrgyzstan"), Some(&1));
    }
}
