//! Gazetteer matching: every alias and title, normalized, found at token
//! starts, leftmost-longest, by one of two engines that find the same
//! matches ([`MatchEngine`]).
//!
//! Patterns are normalized as the text is ([`Tokens::normalized`]: every
//! token's normalized form followed by one space), so a match always ends at
//! a token end ("Iran" cannot match inside "Iranian") and starts at a token
//! start; line breaks and runs of spaces inside a name do not matter. At
//! each start the longest alias wins ("Kyrgyz Republic" over "Kyrgyz").
//!
//! - The default, [`TokenTrie`], is a trie whose edges are token hashes.
//!   The tokens where a name can start are found first, in two passes (a
//!   filter of first-token hashes without branches, then their root edges,
//!   so that the cache misses of many lookups overlap); only those tokens
//!   are walked, and the bytes of a hash path decide, since hashes collide.
//! - [`MatchEngine::AhoCorasick`] searches one `aho-corasick` automaton
//!   (`MatchKind::LeftmostLongest`) over the normalized view, anchored at
//!   each token start: the reference the trie is tested against.
//!
//! Case is checked after the match against the original tokens: an alias
//! word in capitals (`CIS`) must be the same capitals in the text, and an
//! alias word with a capital first letter (`Turkey`) needs a capitalized
//! text word. When the longest match fails the check, shorter ones at the
//! same start are tried.

use crate::prefetch::prefetch;
use crate::scratch::{self, Scratch};
use crate::words::{FastMap, HashFilter};

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::error::Error;
use crate::gazetteer::{AliasKind, Entry};
use crate::lexicon::Titles;
use crate::tokenize::{Token, Tokens, normalize_phrase};

/// What a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// An alias of gazetteer entry `entry` (an index into the entries).
    Entry { entry: u32, alias: AliasKind },
    /// Title number `title` of the title lexicon.
    Title { title: u32 },
}

/// The case a text token must have to match an alias token.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CaseReq {
    Capitalized,
    Exact(Box<str>),
}

/// A pattern's meaning and the case it needs: 16 bytes, so that the check
/// of the common name reads one small record.
#[derive(Clone, Debug)]
struct Target {
    kind: TargetKind,
    /// Bit `k`: token `k` must be capitalized (for the first 32 tokens, so
    /// that the common check reads no other memory).
    caps: u32,
    /// The other requirements (exact capitals of acronyms, capitalized
    /// tokens after the 32nd): [`Matcher::rests`] entry + 1, usually 0,
    /// none.
    rest: u32,
}

/// Case requirements by token number.
type CaseReqs = Box<[(u32, CaseReq)]>;

/// A match of one pattern over tokens `first..end`, with the targets that
/// passed the case check (indices into [`Hits::targets`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) first: usize,
    pub(crate) end: usize,
    targets: (u32, u32),
}

/// The matches of one text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hits {
    pub(crate) hits: Vec<Hit>,
    targets: Vec<TargetKind>,
}

impl Hits {
    pub(crate) fn targets(&self, hit: &Hit) -> &[TargetKind] {
        &self.targets[hit.targets.0 as usize..hit.targets.1 as usize]
    }
}

/// The patterns of a [`Matcher`], numbered from 0: every distinct
/// normalized alias and title, with its targets.
#[derive(Clone, Debug, Default)]
struct Patterns {
    recs: Vec<Pattern>,
    /// The normalized forms, one after another.
    norms: String,
}

/// Where a pattern's normalized form is in [`Patterns::norms`] and its
/// targets in [`Matcher::targets`]: one 16-byte record, so that checking a
/// match's bytes and then its targets starts from one read.
#[derive(Clone, Copy, Debug, Default)]
struct Pattern {
    norm: [u32; 2],
    targets: [u32; 2],
}

impl Patterns {
    /// Pattern `p`'s normalized form.
    #[inline]
    fn norm(&self, p: u32) -> &[u8] {
        let [a, b] = self.recs[p as usize].norm;
        &self.norms.as_bytes()[a as usize..b as usize]
    }

    /// Where pattern `p`'s targets are.
    #[inline]
    fn targets(&self, p: u32) -> std::ops::Range<usize> {
        let [a, b] = self.recs[p as usize].targets;
        a as usize..b as usize
    }

    fn memory_usage(&self) -> usize {
        self.recs.capacity() * std::mem::size_of::<Pattern>() + self.norms.capacity()
    }
}

/// The compiled matcher.
#[derive(Clone, Debug)]
pub(crate) struct Matcher {
    engine: Engine,
    /// Every distinct normalized alias and title.
    patterns: Patterns,
    targets: Vec<Target>,
    /// The rarer case requirements of targets ([`Target::rest`]).
    rests: Vec<CaseReqs>,
    /// Whether some pattern starts with a punctuation token.
    punct_starts: bool,
}

/// How names are found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchEngine {
    /// A trie over token hashes, walked from each token start: one hash
    /// lookup per token in the common case, whatever the number of names.
    /// The default; finds exactly what the Aho-Corasick engine finds.
    #[default]
    TokenTrie,
    /// One `aho-corasick` automaton (leftmost-longest) over the normalized
    /// text, searched anchored at token starts. Kept as the reference
    /// implementation; slower with large gazetteers.
    AhoCorasick,
}

#[derive(Clone, Debug)]
enum Engine {
    Trie(TokenTrie),
    Ac(Option<AhoCorasick>),
}

/// The edges of a [`TokenTrie`] and its nodes: (node, token hash) → child,
/// in one open-addressing table with linear probing, where a node is the
/// slot of the edge that leads to it (plus one; the root is node 0).
///
/// An edge's key is its token hash with its node mixed in by one multiply
/// (a root edge's key is the hash itself), 32 bits, which also picks its
/// slot: token hashes are already well mixed. A slot holds the key and the
/// child's [`TokenTrie`] node information (children or not, the patterns
/// that end there), 8 bytes, so a step of a walk usually reads one cache
/// line: a general-purpose map would read its control bytes and its
/// entries from two, and a separate node array a third. Two edges whose
/// keys happen to be equal are one edge: their paths merge, which the trie
/// allows, since every pattern is still reached along its own tokens and
/// the bytes decide. The table is sized once, at most half full: a node's
/// number is its slot, so the table cannot be rehashed.
#[derive(Clone, Debug, Default)]
struct EdgeTable {
    /// (key, child's information); information 0 marks an empty slot (every
    /// node has children or ends a pattern).
    slots: Vec<[u32; 2]>,
    mask: usize,
}

impl EdgeTable {
    /// A table for up to `edges` edges.
    fn with_edges(edges: usize) -> EdgeTable {
        let size = (edges * 2).next_power_of_two().max(16);
        EdgeTable { slots: vec![[0; 2]; size], mask: size - 1 }
    }

    #[inline]
    fn key(node: u32, hash: u32) -> u32 {
        hash ^ node.wrapping_mul(0x9E37_79B9)
    }

    /// The slot where a key's probe starts.
    #[inline]
    fn home(&self, key: u32) -> usize {
        key as usize & self.mask
    }

    /// Prefetches the home slot of the edge from `node` along `hash`.
    #[inline]
    fn prefetch(&self, node: u32, hash: u32) {
        prefetch(self.slots.as_ptr().wrapping_add(self.home(Self::key(node, hash))));
    }

    /// The child of `node` along `hash`, with its information.
    #[inline]
    fn get(&self, node: u32, hash: u32) -> Option<Root> {
        let key = Self::key(node, hash);
        let mut k = self.home(key);
        loop {
            let [at, info] = *self.slots.get(k)?;
            if info == 0 {
                return None;
            }
            if at == key {
                return Some(Root { node: k as u32 + 1, info });
            }
            k = (k + 1) & self.mask;
        }
    }

    /// The child of the root along `hash`: [`EdgeTable::get`] for node 0,
    /// with the common case (the edge in its home slot, or that slot empty)
    /// in a few instructions and no loop.
    #[inline]
    fn root(&self, hash: u32) -> Option<Root> {
        let k = self.home(hash);
        let &[key, info] = self.slots.get(k)?;
        if info == 0 {
            // An empty home slot: no edge, whatever the slot's key.
            None
        } else if key == hash {
            Some(Root { node: k as u32 + 1, info })
        } else {
            self.get(0, hash)
        }
    }

    /// The child of `node` along `hash`; a new one has information `info`
    /// (not 0). Whether it is new comes second.
    fn get_or_insert(&mut self, node: u32, hash: u32, info: u32) -> (u32, bool) {
        debug_assert!(info != 0);
        let key = Self::key(node, hash);
        let mut k = self.home(key);
        loop {
            let [at, old] = self.slots[k];
            if old == 0 {
                self.slots[k] = [key, info];
                return (k as u32 + 1, true);
            }
            if at == key {
                return (k as u32 + 1, false);
            }
            k = (k + 1) & self.mask;
        }
    }

    /// The information of `node` (not the root).
    fn info_mut(&mut self, node: u32) -> &mut u32 {
        &mut self.slots[node as usize - 1][1]
    }
}

/// A node of a [`TokenTrie`] (0: the root) and its information: [`INNER`]
/// if it has children (a walk stops at a leaf without a lookup), or-ed with
/// the first pattern + 1 that ends there (0: none), so that one read tells
/// both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Root {
    node: u32,
    info: u32,
}

/// The bit of a [`TokenTrie`] node's information that says it has
/// children; the other bits number patterns.
const INNER: u32 = 1 << 31;

/// The buffers of a [`TokenTrie`] search: the roots, and the patterns found
/// from one. Kept per thread between searches ([`crate::scratch`]).
#[derive(Default)]
struct Walks {
    passed: Vec<u32>,
    roots: Vec<(u32, Root)>,
    cands: Vec<(u32, usize)>,
}

impl Scratch for Walks {
    /// Room for more than a long article's tokens (32,768; a few hundred
    /// kilobytes in all).
    fn too_large(&self) -> bool {
        self.passed.capacity() > 1 << 15
    }
}

thread_local! {
    static WALKS: std::cell::RefCell<Walks> = std::cell::RefCell::default();
}

/// How many roots' walks [`Matcher::find`] prefetches at a time.
const PREFETCH_WINDOW: usize = 64;

/// A trie whose edges are token hashes.
#[derive(Clone, Debug, Default)]
struct TokenTrie {
    /// The edges, and the nodes' information.
    edges: EdgeTable,
    /// Pattern → next pattern + 1 ending at the same node (0: none). Hash
    /// collisions can merge paths; every pattern stays reachable, and the
    /// bytes decide.
    same_end: Vec<u32>,
    /// The hash of every token that leaves the root.
    root_filter: HashFilter,
}

impl TokenTrie {
    /// Builds from patterns numbered `0..`, in order.
    fn build(pats: &[String]) -> TokenTrie {
        // A pattern's normalized tokens (joined by single spaces, one
        // after the last).
        // Split as bytes: a string split on a char searches for it with a
        // call per word, most of the cost for words this short.
        fn words(norm: &str) -> impl Iterator<Item = &[u8]> {
            norm.trim_end_matches(' ').as_bytes().split(|&b| b == b' ')
        }
        // Their hashes, into one buffer reused for all (the two passes
        // below each hash them: cheaper than keeping them all).
        let tokens = |norm: &str, buf: &mut Vec<u32>| {
            buf.clear();
            buf.extend(words(norm).map(crate::tokenize::hash32));
        };
        let mut hashes = Vec::new();
        // The table is sized once (a node is numbered by its slot): count
        // the edges first, as (parent, hash) with parents numbered here, in
        // a map sized for the most there can be (one a token).
        let most = pats.iter().map(|norm| words(norm).count()).sum();
        let mut edges: FastMap<(u32, u32), u32> = FastMap::with_capacity_and_hasher(most, Default::default());
        for norm in pats {
            tokens(norm, &mut hashes);
            let mut node = 0u32;
            for &h in &hashes {
                let next = edges.len() as u32 + 1;
                node = *edges.entry((node, h)).or_insert(next);
            }
        }
        let mut t = TokenTrie {
            edges: EdgeTable::with_edges(edges.len()),
            root_filter: HashFilter::new(18),
            same_end: vec![0; pats.len()],
        };
        drop(edges);
        for (p, norm) in (0u32..).zip(pats) {
            tokens(norm, &mut hashes);
            let mut node = 0u32;
            for (k, &h) in hashes.iter().enumerate() {
                if k == 0 {
                    t.root_filter.insert(h);
                }
                let last = k + 1 == hashes.len();
                let (child, new) = t.edges.get_or_insert(node, h, if last { p + 1 } else { INNER });
                let info = t.edges.info_mut(child);
                if last && !new {
                    t.same_end[p as usize] = *info & !INNER;
                    *info = (*info & INNER) | (p + 1);
                } else if !last {
                    *info |= INNER;
                }
                node = child;
            }
        }
        t
    }

    /// The tokens of `ts` from `first` on where a root edge leaves (words
    /// only, unless `punct_starts`), in order, with the edge's child.
    ///
    /// In two passes, so that the processor overlaps the cache misses of
    /// many lookups instead of waiting for each: the first, without
    /// branches, lists the tokens that pass the root filter into `passed`
    /// (4 bytes a token); the second reads their home slots, one short
    /// iteration each, into `out`. The caller then visits only these tokens.
    fn roots(&self, ts: &[Token], first: usize, punct_starts: bool, passed: &mut Vec<u32>, out: &mut Vec<(u32, Root)>) {
        passed.clear();
        passed.resize(ts.len().saturating_sub(first), 0);
        let mut m = 0;
        for (k, t) in ts.iter().enumerate().skip(first) {
            passed[m] = k as u32;
            m += usize::from(self.root_filter.may_contain(t.hash()) & (punct_starts | t.is_wordlike()));
        }
        out.clear();
        out.reserve(m);
        for &k in &passed[..m] {
            if let Some(root) = self.edges.root(ts[k as usize].hash()) {
                out.push((k, root));
            }
        }
    }

    /// Asks the processor for the first reads of every walk from `roots`
    /// at once (the pattern ending at the root, the edge along the next
    /// token), so that their cache misses overlap: the walks then find
    /// them in cache, where each would otherwise wait for its own.
    fn prefetch_walks(&self, pats: &Patterns, ts: &[Token], roots: &[(u32, Root)]) {
        for &(i, root) in roots {
            let p = root.info & !INNER;
            if p > 0 {
                prefetch(pats.recs.as_ptr().wrapping_add(p as usize - 1));
            }
            if root.info & INNER != 0
                && let Some(t) = ts.get(i as usize + 1)
            {
                self.edges.prefetch(root.node, t.hash());
            }
        }
    }

    /// The pattern + 1 (0: none) that ends at `node` and whose bytes are
    /// those of tokens `i..=j`: hashes can collide, the bytes decide.
    #[inline]
    fn ending(&self, pats: &Patterns, norm: &[u8], ts: &[Token], i: usize, j: usize, info: u32) -> u32 {
        let mut p = info & !INNER;
        while p > 0 {
            if pats.norm(p - 1) == &norm[ts[i].norm_range().0..ts[j].norm_range().1 + 1] {
                return p;
            }
            p = self.same_end[(p - 1) as usize];
        }
        0
    }

    /// The patterns that match from token `i` (within `ts`), longest last,
    /// given `root`, the root's child along token `i`, as [`TokenTrie::roots`]
    /// gives it.
    #[inline]
    fn walk(&self, pats: &Patterns, toks: &Tokens, ts: &[Token], i: usize, root: Root, out: &mut Vec<(u32, usize)>) {
        let norm = toks.normalized().as_bytes();
        let (mut node, mut info) = (root.node, root.info);
        let mut j = i;
        loop {
            let p = self.ending(pats, norm, ts, i, j, info);
            if p > 0 {
                out.push((p - 1, j));
            }
            if info & INNER == 0 {
                return;
            }
            j += 1;
            let Some(t) = ts.get(j) else { return };
            Root { node, info } = match self.edges.get(node, t.hash()) {
                Some(child) => child,
                None => return,
            };
        }
    }

    fn memory_usage(&self) -> usize {
        self.edges.slots.capacity() * 8 + self.same_end.capacity() * 4 + self.root_filter.memory_usage()
    }
}

/// An alias that several entries share without declaring it (`~`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Conflict {
    pub(crate) alias: String,
    pub(crate) entries: Vec<u32>,
}

impl Matcher {
    /// Builds the automaton over every alias of `entries` and every title.
    pub(crate) fn build(
        entries: &[Entry],
        titles: &Titles,
        engine: MatchEngine,
    ) -> Result<(Matcher, Vec<Conflict>), Error> {
        // Sized once: a million names are not rehashed and copied as they
        // come (each copy on fresh pages).
        let aliases = entries.iter().map(|e| e.aliases.len()).sum::<usize>() + titles.titles.len();
        let mut index: FastMap<String, u32> = FastMap::with_capacity_and_hasher(aliases, Default::default());
        let mut pending: Vec<(u32, Target)> = Vec::with_capacity(aliases);
        let mut punct_starts = false;
        let mut rests: Vec<CaseReqs> = Vec::new();
        // One token buffer for all the names.
        let mut toks = Tokens::default();
        let mut add = |text: &str, kind: TargetKind, pending: &mut Vec<(u32, Target)>| -> u32 {
            toks = crate::tokenize::tokenize_reusing(text, std::mem::take(&mut toks));
            let toks = &toks;
            let norm = toks.normalized();
            if toks.as_slice().first().is_some_and(|t| !t.is_wordlike()) {
                punct_starts = true;
            }
            let (caps, rest) = case_reqs(text, toks);
            let rest = match rest {
                Some(r) => {
                    rests.push(r);
                    rests.len() as u32
                }
                None => 0,
            };
            let p = match index.get(norm) {
                Some(&p) => p,
                None => {
                    let p = index.len() as u32;
                    index.insert(norm.to_string(), p);
                    p
                }
            };
            pending.push((p, Target { kind, caps, rest }));
            p
        };
        // (pattern, entry, shared) for every alias, to find aliases that
        // several entries claim.
        let mut owners: Vec<(u32, u32, bool)> = Vec::with_capacity(aliases);
        for (i, e) in entries.iter().enumerate() {
            for a in &e.aliases {
                let p = add(&a.text, TargetKind::Entry { entry: i as u32, alias: a.kind }, &mut pending);
                owners.push((p, i as u32, a.shared));
            }
        }
        for (i, t) in titles.titles.iter().enumerate() {
            add(&t.phrase, TargetKind::Title { title: i as u32 }, &mut pending);
        }
        // The normalized patterns by number: each put in its place, not
        // sorted (the sort of a large gazetteer's patterns cost an eighth
        // of its build).
        let mut pats: Vec<String> = vec![String::new(); index.len()];
        for (norm, p) in index {
            pats[p as usize] = norm;
        }
        owners.sort_unstable();
        owners.dedup_by_key(|&mut (p, e, _)| (p, e));
        let mut conflicts: Vec<Conflict> = owners
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|o| o.len() > 1 && !o.iter().all(|&(_, _, s)| s))
            .map(|o| Conflict {
                alias: pats[o[0].0 as usize].trim_end().to_string(),
                entries: o.iter().map(|&(_, e, _)| e).collect(),
            })
            .collect();
        drop(owners);
        conflicts.sort_by(|a, b| a.alias.cmp(&b.alias));
        pending.sort_by_key(|&(p, _)| p); // stable: aliases keep their order
        let mut patterns = Patterns { recs: vec![Pattern::default(); pats.len()], norms: String::new() };
        for (rec, norm) in patterns.recs.iter_mut().zip(&pats) {
            let at = patterns.norms.len() as u32;
            patterns.norms.push_str(norm);
            rec.norm = [at, patterns.norms.len() as u32];
        }
        let mut targets = Vec::with_capacity(pending.len());
        for (p, t) in pending {
            let rec = &mut patterns.recs[p as usize].targets;
            if rec[1] == 0 {
                *rec = [targets.len() as u32; 2];
            }
            targets.push(t);
            rec[1] = targets.len() as u32;
        }
        if pats.len() >= INNER as usize {
            return Err(Error::config(format!("too many distinct names and titles ({}) for one matcher", pats.len())));
        }
        let engine = match engine {
            MatchEngine::TokenTrie => Engine::Trie(TokenTrie::build(&pats)),
            MatchEngine::AhoCorasick if pats.is_empty() => Engine::Ac(None),
            MatchEngine::AhoCorasick => Engine::Ac(Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&pats)
                    .map_err(|e| Error::config(format!("cannot build the gazetteer automaton: {e}")))?,
            )),
        };
        Ok((Matcher { engine, patterns, targets, rests, punct_starts }, conflicts))
    }

    /// Finds all matches, left to right, non-overlapping.
    pub(crate) fn find(&self, text: &str, toks: &Tokens) -> Hits {
        self.find_in(text, toks, 0, toks.len())
    }

    /// Finds the matches that lie inside tokens `first..end`.
    pub(crate) fn find_in(&self, text: &str, toks: &Tokens, first: usize, end: usize) -> Hits {
        let mut out = Hits::default();
        self.find_into(text, toks, first, end, &mut out);
        out
    }

    /// [`Matcher::find_in`] into `out`, whose matches are replaced: a caller
    /// that searches many texts reuses its buffers.
    pub(crate) fn find_into(&self, text: &str, toks: &Tokens, first: usize, end: usize, out: &mut Hits) {
        out.hits.clear();
        out.targets.clear();
        match &self.engine {
            Engine::Trie(t) => scratch::with(&WALKS, |w| self.find_trie(t, text, toks, first, end, w, out)),
            Engine::Ac(Some(ac)) => self.find_ac(ac, text, toks, first, end, out),
            Engine::Ac(None) => {}
        }
    }

    /// Keeps the targets of `pattern` whose case fits tokens `i..=j`; true
    /// if any did.
    #[inline]
    fn accept(
        &self,
        out: &mut Hits,
        text: &str,
        ts: &[crate::tokenize::Token],
        pattern: u32,
        i: usize,
        j: usize,
    ) -> bool {
        let before = out.targets.len();
        for t in &self.targets[self.patterns.targets(pattern)] {
            if case_ok(text, &ts[i..=j], t, &self.rests) {
                out.targets.push(t.kind);
            }
        }
        if out.targets.len() > before {
            out.hits.push(Hit { first: i, end: j + 1, targets: (before as u32, out.targets.len() as u32) });
            true
        } else {
            false
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn find_trie(
        &self,
        trie: &TokenTrie,
        text: &str,
        toks: &Tokens,
        first: usize,
        end: usize,
        walks: &mut Walks,
        out: &mut Hits,
    ) {
        let ts = &toks.as_slice()[..end];
        let Walks { passed, roots, cands } = walks;
        trie.roots(ts, first, self.punct_starts, passed, roots);
        // At most one hit per root, and nearly always one target per hit.
        out.hits.reserve(roots.len());
        out.targets.reserve(roots.len());
        // Left to right; a start inside an accepted match is passed over.
        let mut free = first;
        for (c, &(i, root)) in roots.iter().enumerate() {
            // The walks' first reads, a window at a time: far enough ahead
            // to overlap, near enough to be in cache when read (a long
            // text's roots would not all fit).
            if c % PREFETCH_WINDOW == 0 {
                trie.prefetch_walks(&self.patterns, ts, &roots[c..roots.len().min(c + PREFETCH_WINDOW)]);
            }
            let i = i as usize;
            if i < free {
                continue;
            }
            cands.clear();
            trie.walk(&self.patterns, toks, ts, i, root, cands);
            // Longest first; a shorter one when the case does not fit.
            if let Some(&(_, j)) = cands.iter().rev().find(|&&(p, j)| self.accept(out, text, ts, p, i, j)) {
                free = j + 1;
            }
        }
    }

    fn find_ac(&self, ac: &AhoCorasick, text: &str, toks: &Tokens, first: usize, end: usize, out: &mut Hits) {
        let ts = &toks.as_slice()[..end];
        let norm = match ts.last() {
            Some(t) => &toks.normalized()[..t.norm_range().1 + 1],
            None => return,
        };
        let mut i = first;
        'outer: while i < ts.len() {
            if !self.punct_starts && !ts[i].is_wordlike() {
                i += 1;
                continue;
            }
            let start = ts[i].norm_range().0;
            let mut limit = norm.len();
            while let Some(m) = ac.find(Input::new(norm).range(start..limit).anchored(Anchored::Yes)) {
                // The match ends just after the space that follows its last token.
                let mut j = i;
                while ts[j].norm_range().1 + 1 < m.end() {
                    j += 1;
                }
                if self.accept(out, text, ts, m.pattern().as_usize() as u32, i, j) {
                    i = j + 1;
                    continue 'outer;
                }
                // Try shorter patterns at the same start.
                limit = m.end() - 1;
                if limit <= start {
                    break;
                }
            }
            i += 1;
        }
    }

    /// Approximate heap memory of the automaton and tables, in bytes.
    pub(crate) fn memory_usage(&self) -> usize {
        (match &self.engine {
            Engine::Trie(t) => t.memory_usage(),
            Engine::Ac(a) => a.as_ref().map_or(0, |a| a.memory_usage()),
        }) + self.patterns.memory_usage()
            + self.targets.len() * std::mem::size_of::<Target>()
            + self.rests.iter().map(|r| r.len() * std::mem::size_of::<(u32, CaseReq)>() + 16).sum::<usize>()
    }
}

fn case_reqs(text: &str, toks: &Tokens) -> (u32, Option<CaseReqs>) {
    let mut caps = 0u32;
    let mut rest = Vec::new();
    for (k, t) in toks.as_slice().iter().enumerate() {
        let s = &text[t.span()];
        let req = if t.is_all_caps() && s.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            CaseReq::Exact(s.into())
        } else if t.is_capitalized() {
            CaseReq::Capitalized
        } else {
            continue;
        };
        if req == CaseReq::Capitalized && k < 32 {
            caps |= 1 << k;
        } else {
            rest.push((k as u32, req));
        }
    }
    (caps, (!rest.is_empty()).then(|| rest.into_boxed_slice()))
}

fn case_ok(text: &str, toks: &[crate::tokenize::Token], target: &Target, rests: &[CaseReqs]) -> bool {
    let mut caps = target.caps;
    while caps != 0 {
        if !toks.get(caps.trailing_zeros() as usize).is_some_and(|t| t.is_capitalized()) {
            return false;
        }
        caps &= caps - 1;
    }
    let Some(rest) = target.rest.checked_sub(1).and_then(|r| rests.get(r as usize)) else { return true };
    rest.iter().all(|(k, r)| {
        let Some(t) = toks.get(*k as usize) else { return false };
        match r {
            CaseReq::Capitalized => t.is_capitalized(),
            CaseReq::Exact(s) => {
                let got = &text[t.span()];
                got == &**s
                    || (got.chars().any(crate::tokenize::is_ignorable)
                        && normalize_phrase(got) == normalize_phrase(s)
                        && t.is_all_caps())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::tokenize::tokenize;

    fn matcher(g: &str) -> (Matcher, Vec<Entry>) {
        let g = Gazetteer::parse(g).unwrap();
        let (m, _) = Matcher::build(g.entries(), &Titles::default(), MatchEngine::TokenTrie).unwrap();
        (m, g.entries().to_vec())
    }

    fn found(g: &str, text: &str) -> Vec<String> {
        let (m, entries) = matcher(g);
        let toks = tokenize(text);
        let hits = m.find(text, &toks);
        hits.hits
            .iter()
            .map(|h| {
                let span = toks[h.first].span().join(toks[h.end - 1].span());
                let ids: Vec<&str> = hits
                    .targets(h)
                    .iter()
                    .map(|t| match t {
                        TargetKind::Entry { entry, .. } => entries[*entry as usize].id(),
                        TargetKind::Title { .. } => "title",
                    })
                    .collect();
                format!("{}={}", &text[span], ids.join(","))
            })
            .collect()
    }

    const G: &str = "country/iran\tcountry\tIran\t\tdemonym=Iranian\n\
country/kyrgyzstan\tcountry\tKyrgyzstan\tKyrgyz Republic\tdemonym=Kyrgyz\n\
organization/cis\torganization\tCommonwealth of Independent States\t\tacronym=CIS\n\
country/united-states\tcountry\tUnited States\tUS\n\
country/turkey\tcountry\tTurkey\n\
person/vladimir-putin\tperson\tVladimir Putin\tPutin\n\
place/new-york\tplace\tNew York\n\
place/new-york-city\tplace\tNew York City\n";

    #[test]
    fn a_reused_result_holds_only_the_last_search() {
        let (m, _) = matcher(G);
        let mut hits = Hits::default();
        let first = "Vladimir Putin flew from Iran to Turkey and on to New York City.";
        let toks = tokenize(first);
        m.find_into(first, &toks, 0, toks.len(), &mut hits);
        assert_eq!(hits.hits.len(), 4);
        for text in ["the Kyrgyz Republic", "nothing here", "CIS"] {
            let toks = tokenize(text);
            m.find_into(text, &toks, 0, toks.len(), &mut hits);
            let fresh = m.find(text, &toks);
            assert_eq!(hits.hits, fresh.hits, "{text:?}");
            let targets = |h: &Hits| h.hits.iter().map(|x| h.targets(x).to_vec()).collect::<Vec<_>>();
            assert_eq!(targets(&hits), targets(&fresh), "{text:?}");
        }
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(found(G, "Iranian and Iran, not Irani."), ["Iranian=country/iran", "Iran=country/iran"]);
    }

    #[test]
    fn leftmost_longest_and_shorter_fallback() {
        assert_eq!(
            found(G, "the Kyrgyz Republic and Kyrgyz envoys"),
            ["Kyrgyz Republic=country/kyrgyzstan", "Kyrgyz=country/kyrgyzstan"]
        );
        assert_eq!(found(G, "New York Cityscape"), ["New York=place/new-york"]);
        assert_eq!(found(G, "New York City"), ["New York City=place/new-york-city"]);
    }

    #[test]
    fn acronyms_and_capitalized_names_respect_case() {
        assert_eq!(found(G, "the CIS and the cis, US and us"), ["CIS=organization/cis", "US=country/united-states"]);
        assert_eq!(found(G, "roast turkey in Turkey"), ["Turkey=country/turkey"]);
        assert_eq!(found(G, "PUTIN IN TURKEY"), ["PUTIN=person/vladimir-putin", "TURKEY=country/turkey"]);
    }

    #[test]
    fn names_survive_line_breaks_and_possessives() {
        assert_eq!(found(G, "Vladimir\n  Putin’s visit"), ["Vladimir\n  Putin=person/vladimir-putin"]);
        assert_eq!(
            found(G, "Common\u{AD}wealth of\u{A0}Independent States"),
            ["Common\u{AD}wealth of\u{A0}Independent States=organization/cis"]
        );
    }

    #[test]
    fn names_may_start_with_punctuation_when_one_does() {
        // With such a name the root pass keeps punctuation tokens; without
        // one it drops them before any lookup, and nothing else changes.
        let g = "organization/metoo\torganization\t#MeToo\n";
        assert_eq!(found(g, "the #MeToo movement and MeToo"), ["#MeToo=organization/metoo"]);
        for engine in [MatchEngine::TokenTrie, MatchEngine::AhoCorasick] {
            let gz = Gazetteer::parse(&format!("{G}{g}")).unwrap();
            let (m, _) = Matcher::build(gz.entries(), &Titles::default(), engine).unwrap();
            assert!(m.punct_starts);
            let text = "#MeToo, Iran's #MeToo; (Iran) New York.";
            let toks = tokenize(text);
            let spans: Vec<&str> = m
                .find(text, &toks)
                .hits
                .iter()
                .map(|h| &text[toks[h.first].span().join(toks[h.end - 1].span())])
                .collect();
            assert_eq!(spans, ["#MeToo", "Iran", "#MeToo", "Iran", "New York"], "{engine:?}");
        }
        let (m, _) = matcher(G);
        assert!(!m.punct_starts);
    }

    #[test]
    fn edge_table_finds_every_edge_and_numbers_nodes_by_slot() {
        const SHARED: u32 = 999_999_999;
        let edges = || {
            (0..50u32)
                .flat_map(|node| (0..200u32).map(move |h| h * 1000 + node).chain([SHARED]).map(move |h| (node, h)))
        };
        let mut t = EdgeTable::with_edges(edges().count());
        let mut keys = std::collections::HashSet::new();
        let mut nodes = Vec::new();
        // Many children of each node, and one hash under every node; each
        // child's information is its place in the list.
        for (k, (node, h)) in edges().enumerate() {
            assert!(keys.insert(EdgeTable::key(node, h)), "the test's edges have distinct keys");
            let (child, new) = t.get_or_insert(node, h, k as u32 + 1);
            assert!(new && child >= 1 && t.slots[child as usize - 1] == [EdgeTable::key(node, h), k as u32 + 1]);
            nodes.push(child);
        }
        assert_eq!(t.get_or_insert(3, 3, 7), (nodes[3 * 201], false), "an existing edge is found, not made again");
        for (k, (node, h)) in edges().enumerate() {
            assert_eq!(t.get(node, h), Some(Root { node: nodes[k], info: k as u32 + 1 }));
        }
        *t.info_mut(nodes[5]) |= INNER;
        assert_eq!(t.get(0, 5000).map(|r| r.info), Some(INNER | 6), "information is kept in the node's slot");
        assert_eq!(t.get(50, SHARED), None);
        assert_eq!(t.get(0, 1), None);
        assert!(t.slots.iter().filter(|s| s[1] != 0).count() * 2 <= t.slots.len());
        assert_eq!(EdgeTable::default().get(0, 1), None);
        assert_eq!(EdgeTable::default().root(1), None);
    }

    #[test]
    fn root_edges_are_found_in_and_past_their_home_slot() {
        let mut t = EdgeTable::with_edges(3);
        assert_eq!(t.slots.len(), 16);
        assert_eq!(t.root(0), None, "an empty table");
        // Hash 0 has no edge: its home slot is empty, and an empty slot's
        // key is 0 too, which must not pass for an edge to node 0.
        assert_eq!(t.get_or_insert(0, 5, 9), (6, true), "home slot 5, node 6");
        assert_eq!((t.root(0), t.root(5)), (None, Some(Root { node: 6, info: 9 })));
        // Home slot taken by another edge (21 and 37 share slot 5 of 16):
        // found by probing on.
        assert_eq!(t.get_or_insert(0, 21, 8), (7, true));
        assert_eq!((t.root(21), t.root(37)), (Some(Root { node: 7, info: 8 }), None));
        // A deeper edge is no root edge.
        assert!(t.get_or_insert(1, 7, 3).1);
        assert_eq!(t.root(7), None);
        for h in [0, 5, 21, 37, 7] {
            assert_eq!(t.root(h), t.get(0, h), "root and get agree on {h}");
        }
    }

    #[test]
    fn edges_with_equal_keys_are_one_edge() {
        // Two different (node, hash) pairs with one key are one edge.
        let mut t = EdgeTable::with_edges(2);
        let other = EdgeTable::key(7, 12345) ^ 5u32.wrapping_mul(0x9E37_79B9);
        assert_eq!(EdgeTable::key(5, other), EdgeTable::key(7, 12345));
        let (node, new) = t.get_or_insert(7, 12345, 1);
        assert!(new);
        assert_eq!(t.get_or_insert(5, other, 2), (node, false));
        assert_eq!(t.get(5, other), Some(Root { node, info: 1 }));
    }

    #[test]
    fn case_requirements_past_the_mask_are_checked() {
        // Capitalized tokens among the first 32 are checked through a bit
        // mask, the rest (and acronyms) through a list; both must hold.
        let rests: Vec<CaseReqs> =
            vec![vec![(2, CaseReq::Capitalized), (3, CaseReq::Exact("UN".into()))].into_boxed_slice()];
        let t = Target { kind: TargetKind::Title { title: 0 }, caps: 1, rest: 1 };
        let check = |text: &str, t: &Target| case_ok(text, tokenize(text).as_slice(), t, &rests);
        assert!(check("Aa bb Cc UN", &t));
        assert!(!check("Aa bb cc UN", &t));
        assert!(!check("aa bb Cc UN", &t));
        assert!(!check("Aa bb Cc Un", &t));
        assert!(!check("Aa bb", &t), "a requirement past the matched tokens fails");
        assert_eq!(std::mem::size_of::<Target>(), 16);
        // A name of 40 capitalized words: the last 8 are checked in the list.
        let name: Vec<String> = (0..40).map(|k| format!("W{k}")).collect();
        let toks = tokenize(&name.join(" "));
        let (caps, rest) = case_reqs(&name.join(" "), &toks);
        assert_eq!((caps, rest.map(|r| r.len())), (u32::MAX, Some(8)));
    }

    #[test]
    fn undeclared_shared_aliases_are_conflicts() {
        let g = Gazetteer::parse("person/a\tperson\tAda Bek\tBek\nperson/b\tperson\tOla Bek\tBek\nperson/c\tperson\tEli Rao\t~Rao\nperson/d\tperson\tIra Rao\t~Rao\n").unwrap();
        let (_, conflicts) = Matcher::build(g.entries(), &Titles::default(), MatchEngine::AhoCorasick).unwrap();
        assert_eq!(conflicts, vec![Conflict { alias: "bek".into(), entries: vec![0, 1] }]);
    }
}
