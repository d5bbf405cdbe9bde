//! Fast word sets and maps for the rules' hot loops.
//!
//! The rules test words against lists (function words, prepositions, org
//! heads...) many times per token; a hash set with a small, fast hasher
//! keeps that cheap. The hasher is foldhash's (the one hashbrown uses).

use std::collections::{HashMap, HashSet};

use crate::tokenize::Tokens;

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
/// read, before any hashing. The words themselves are kept in a small
/// table keyed by the tokenizer's hash of each word ([`hash32`]): a token
/// brings that hash along, so asking by token hashes nothing, and asking
/// by word hashes it once with the same cheap function (not a general
/// hasher over a general hash set).
///
/// [`hash32`]: crate::tokenize::hash32
#[derive(Debug)]
pub(crate) struct WordSet {
    /// Open addressing, linear probing, at most half full (so a probe
    /// always meets an empty slot): a power of two of slots.
    slots: Box<[Slot]>,
    /// 4096 bits: a few hundred words leave it sparse.
    shapes: ShapeFilter<12>,
    /// The words' token hashes, for [`WordSet::contains_token`]: 4096 bits.
    hashes: HashFilter,
}

/// One word of a [`WordSet`] and its hash; the empty word marks a free slot.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    hash: u32,
    word: &'static str,
}

impl WordSet {
    /// The set of `words`.
    ///
    /// # Panics
    ///
    /// On an empty word (a rule's list never has one; the empty word marks
    /// a free slot).
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let mut shapes = ShapeFilter::default();
        let mut hashes = HashFilter::new(12);
        let mut slots = vec![Slot::default(); (2 * words.len()).next_power_of_two().max(2)].into_boxed_slice();
        for &w in words {
            assert!(!w.is_empty(), "a word set holds no empty word");
            let h = crate::tokenize::hash32(w.as_bytes());
            shapes.insert(w);
            hashes.insert(h);
            let mut k = Self::home(&slots, h);
            while !slots[k].word.is_empty() {
                debug_assert!(slots[k].word != w, "a word listed twice: {w}");
                k = (k + 1) & (slots.len() - 1);
            }
            slots[k] = Slot { hash: h, word: w };
        }
        WordSet { slots, shapes, hashes }
    }

    /// The words, in no particular order.
    fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.slots.iter().map(|s| s.word).filter(|w| !w.is_empty())
    }

    /// The words of both sets, tested with one lookup.
    pub(crate) fn union(&self, other: &WordSet) -> WordSet {
        let mut words: Vec<&'static str> = self.words().chain(other.words()).collect();
        words.sort_unstable();
        words.dedup();
        WordSet::new(&words)
    }

    /// The slot where a word of hash `h` is first looked for.
    #[inline]
    fn home(slots: &[Slot], h: u32) -> usize {
        // The high bits of a multiplied hash: the filters use its low bits.
        ((u64::from(h.wrapping_mul(0x9E37_79B1)) * slots.len() as u64) >> 32) as usize
    }

    /// Whether word `w`, whose hash is `h`, is in the table. Out of line:
    /// the callers' filters, inlined into every rule's loop, turn most
    /// words away before it.
    #[inline(never)]
    fn probe_hashed(&self, h: u32, w: &str) -> bool {
        self.probe(h, w)
    }

    #[inline(always)]
    fn probe(&self, h: u32, w: &str) -> bool {
        let mut k = Self::home(&self.slots, h);
        loop {
            let s = self.slots[k];
            if s.word.is_empty() {
                return false;
            }
            if s.hash == h && s.word == w {
                return true;
            }
            k = (k + 1) & (self.slots.len() - 1);
        }
    }

    #[inline(always)]
    pub(crate) fn contains(&self, w: impl AsRef<str>) -> bool {
        let w = w.as_ref();
        self.shapes.may_contain(w) && self.probe_word(w)
    }

    /// [`WordSet::probe`] for a word that brings no hash.
    #[inline(never)]
    fn probe_word(&self, w: &str) -> bool {
        self.probe(crate::tokenize::hash32(w.as_bytes()), w)
    }

    /// Whether token `i` is one of the words: the hash the tokenizer made
    /// turns nearly all others away without reading the word.
    #[inline(always)]
    pub(crate) fn contains_token(&self, toks: &Tokens, i: usize) -> bool {
        self.hashes.may_contain_token(toks, i) && self.probe_hashed(toks[i].hash(), toks.norm(i))
    }
}

/// A filter of word shapes, for the sets that the rules ask about most
/// tokens: one bit per hash of a word's length and first two and last
/// bytes, `2^LOG2` bits (6 to 32). "No" is certain and takes one read,
/// where a hash set would hash the whole word and probe its table, mostly
/// to miss.
#[derive(Clone, Debug)]
pub(crate) struct ShapeFilter<const LOG2: u32> {
    bits: Box<[u64]>,
}

impl<const LOG2: u32> Default for ShapeFilter<LOG2> {
    fn default() -> ShapeFilter<LOG2> {
        const { assert!(LOG2 >= 6 && LOG2 <= 32) };
        ShapeFilter { bits: vec![0; 1 << (LOG2 - 6)].into_boxed_slice() }
    }
}

impl<const LOG2: u32> ShapeFilter<LOG2> {
    #[inline]
    fn bit(&self, w: &str) -> (usize, u64) {
        let b = w.as_bytes();
        let byte = |k: usize| u32::from(b.get(k).copied().unwrap_or(0));
        let key = (b.len().min(255) as u32) << 24 | byte(0) << 16 | byte(1) << 8 | byte(b.len().wrapping_sub(1));
        let h = u64::from(key.wrapping_mul(0x9E37_79B1)) >> (32 - LOG2);
        ((h >> 6) as usize & ((1 << (LOG2 - 6)) - 1), 1 << (h & 63))
    }

    pub(crate) fn insert(&mut self, w: &str) {
        let (k, bit) = self.bit(w);
        self.bits[k] |= bit;
    }

    /// Whether `w` may have been inserted (false: it was not).
    #[inline]
    pub(crate) fn may_contain(&self, w: &str) -> bool {
        let (k, bit) = self.bit(w);
        self.bits[k] & bit != 0
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

    /// Whether the hash of token `i`'s form may have been inserted: the
    /// hash the tokenizer made, which debug builds check against the form.
    #[inline]
    pub(crate) fn may_contain_token(&self, toks: &Tokens, i: usize) -> bool {
        debug_assert_eq!(toks[i].hash(), crate::tokenize::hash32(toks.norm(i).as_bytes()));
        self.may_contain(toks[i].hash())
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

/// For tests of a word test by token: asserts that `by_token` and
/// `by_word` agree on every token of `text`, and counts the tokens they
/// accept.
#[cfg(test)]
pub(crate) fn agreeing_matches(
    text: &str,
    by_token: impl Fn(&Tokens, usize) -> bool,
    by_word: impl Fn(&str) -> bool,
) -> usize {
    let toks = crate::tokenize::tokenize(text);
    let mut found = 0;
    for i in 0..toks.len() {
        assert_eq!(by_token(&toks, i), by_word(toks.norm(i)), "{:?}", toks.norm(i));
        found += usize::from(by_token(&toks, i));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    word_set! { static SMALL = ["in", "on", "at"]; }

    #[test]
    fn token_tests_agree_with_word_tests() {
        let set = WordSet::new(&["the", "on", "président", "g20", "'"]);
        let text = "The talks ON Monday: Le Président and the G20, the theme, then ’ on-site Ön.";
        let found = agreeing_matches(text, |t, i| set.contains_token(t, i), |w| set.contains(w));
        // the x3, on x2, président, g20, the apostrophe.
        assert_eq!(found, 8);
    }

    #[test]
    #[should_panic(expected = "no empty word")]
    fn a_word_set_refuses_the_empty_word() {
        WordSet::new(&["in", ""]);
    }

    #[test]
    fn a_table_of_many_words_finds_each_and_no_other() {
        // Two hundred words: some share a home slot and are found further on.
        let words: Vec<&'static str> = (0..200).map(|k| &*Box::leak(format!("w{k}").into_boxed_str())).collect();
        let set = WordSet::new(&words);
        assert_eq!(set.words().count(), 200);
        assert!(set.slots.len() >= 400, "at most half full");
        let homes: std::collections::HashSet<usize> =
            words.iter().map(|w| WordSet::home(&set.slots, crate::tokenize::hash32(w.as_bytes()))).collect();
        assert!(homes.len() < words.len(), "words that share a home slot");
        assert!(words.iter().all(|w| set.contains(w)));
        assert!((200..400).all(|k| !set.contains(format!("w{k}"))));
        let text = words.join(" ") + " w200 w7x W7";
        let found = agreeing_matches(&text, |t, i| set.contains_token(t, i), |w| set.contains(w));
        assert_eq!(found, 201, "every word, and W7 lower-cased");
    }

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
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1Du64);
        let words: Vec<&'static str> = (0..3000u32)
            .map(|k| {
                let len = 3 + next() % 12;
                let w: String = (0..len).map(|_| char::from(b'a' + (next() % 26) as u8)).collect();
                &*Box::leak(if k % 5 == 0 { format!("{w}é") } else { w }.into_boxed_str())
            })
            .collect();
        assert!(words.iter().collect::<std::collections::HashSet<_>>().len() > 2900, "mostly distinct words");
        let (members, others) = words.split_at(1500);
        let set = WordSet::new(members);
        assert!(members.iter().all(|w| set.contains(w)));
        assert!(others.iter().filter(|w| !members.contains(w)).all(|w| !set.contains(w)));
        let (mut small, mut large) = (ShapeFilter::<6>::default(), ShapeFilter::<16>::default());
        for w in members {
            small.insert(w);
            large.insert(w);
        }
        assert!(members.iter().all(|w| small.may_contain(w) && large.may_contain(w)));
        let turned_away = others.iter().filter(|w| !large.may_contain(w)).count();
        assert!(turned_away > others.len() / 2, "a sparse filter says no to most others ({turned_away})");
        let mut m: FastMap<String, usize> = FastMap::default();
        m.insert("kyrgyzstan".into(), 1);
        assert_eq!(m.get("kyrgyzstan"), Some(&1));
    }
}
