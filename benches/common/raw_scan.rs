//! The raw dictionary scan that the matching core is compared with, shared
//! by the criterion group `match-vs-raw` and `examples/match-core.rs`: the
//! `aho-corasick` crate, leftmost-longest, ASCII case-insensitive, keeping
//! matches whose two ends are word boundaries (a match that fails the test
//! is dropped, not replaced by a shorter one).

use aho_corasick::{AhoCorasick, BuildError, MatchKind};

/// The automaton over `names`.
pub fn build<I, P>(names: I) -> Result<AhoCorasick, BuildError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).ascii_case_insensitive(true).build(names)
}

/// The matches in `text` whose ends are word boundaries.
pub fn count(ac: &AhoCorasick, text: &str) -> usize {
    let bytes = text.as_bytes();
    let boundary = |i: usize| i == 0 || i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();
    ac.find_iter(text).filter(|m| boundary(m.start().wrapping_sub(1)) && boundary(m.end())).count()
}
