//! Fast word sets and maps for the rules' hot loops.
//!
//! The rules test words against lists (function words, prepositions, org
//! heads...) many times per token; a hash set with a small, fast hasher
//! keeps that cheap. The hasher is the FxHash scheme (as in rustc): not
//! resistant to hash flooding, which is fine for keys the crate controls
//! and for per-document maps whose size the input bounds linearly.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash, eight bytes at a time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let mut tail = 0u64;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            tail |= u64::from(b) << (8 * i);
        }
        self.add(tail ^ (bytes.len() as u64) << 56);
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = HashMap<K, V, FxBuild>;
pub(crate) type FxHashSet<K> = HashSet<K, FxBuild>;

/// A set of words, built once from a list.
#[derive(Debug)]
pub(crate) struct WordSet(FxHashSet<&'static str>);

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
        let mut m: FxHashMap<String, usize> = FxHashMap::default();
        m.insert("kyrgyzstan".into(), 1);
        assert_eq!(m.get("kyrgyzstan"), Some(&1));
    }
}
