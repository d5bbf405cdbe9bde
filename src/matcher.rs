//! Gazetteer matching: one Aho-Corasick automaton over the normalized forms
//! of every alias and title, searched anchored at token starts.
//!
//! The text is matched through its normalized view ([`Tokens::normalized`]):
//! every token's normalized form followed by one space. Patterns are
//! normalized the same way and end in that space, so a match always ends at
//! a token end ("Iran" cannot match inside "Iranian"), and searches are
//! anchored at token starts, so a match always starts at one. Line breaks and
//! runs of spaces inside a name do not matter, since the view has one space
//! between any two tokens. The automaton uses `MatchKind::LeftmostLongest`:
//! at each start the longest alias wins ("Kyrgyz Republic" over "Kyrgyz").
//!
//! Case is checked after the match against the original tokens: an alias
//! word in capitals (`CIS`) must be the same capitals in the text, and an
//! alias word with a capital first letter (`Turkey`) needs a capitalized
//! text word. When the longest match fails the check, shorter ones at the
//! same start are tried.

use crate::words::FastMap;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::error::Error;
use crate::gazetteer::{AliasKind, Entry};
use crate::lexicon::Titles;
use crate::tokenize::{Tokens, normalize_phrase, tokenize};

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
    Any,
    Capitalized,
    Exact(Box<str>),
}

#[derive(Clone, Debug)]
struct Target {
    kind: TargetKind,
    /// One requirement per token, or `None` when every token matches any case.
    case: Option<Box<[CaseReq]>>,
}

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

/// The compiled matcher.
#[derive(Clone, Debug)]
pub(crate) struct Matcher {
    engine: Engine,
    /// Per pattern: range into `targets`.
    patterns: Vec<(u32, u32)>,
    targets: Vec<Target>,
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

/// A trie whose edges are token hashes.
#[derive(Clone, Debug, Default)]
struct TokenTrie {
    /// (node, token hash) → child node; the root is node 0.
    edges: FastMap<(u32, u32), u32>,
    /// Node → first pattern + 1 ending there (0: none).
    terminal: Vec<u32>,
    /// Pattern → next pattern + 1 ending at the same node (0: none). Hash
    /// collisions can merge paths; every pattern stays reachable, and the
    /// bytes decide.
    same_end: Vec<u32>,
    /// Bit `h % FILTER_BITS` is set for every token hash that leaves the root.
    root_filter: Vec<u64>,
    /// The normalized form of each pattern, to check a hash path's bytes.
    norms: Vec<Box<str>>,
}

const FILTER_BITS: u32 = 1 << 18;

impl TokenTrie {
    /// Builds from patterns numbered `0..`, in order.
    fn build(pats: Vec<(String, u32)>) -> TokenTrie {
        let mut t = TokenTrie {
            terminal: vec![0],
            root_filter: vec![0; (FILTER_BITS / 64) as usize],
            same_end: vec![0; pats.len()],
            ..TokenTrie::default()
        };
        t.edges.reserve(pats.len() * 2);
        t.terminal.reserve(pats.len() * 2);
        for (norm, p) in &pats {
            let mut node = 0u32;
            for (k, tok) in norm.trim_end_matches(' ').split(' ').enumerate() {
                let h = crate::tokenize::hash32(tok.as_bytes());
                if k == 0 {
                    t.root_filter[((h % FILTER_BITS) / 64) as usize] |= 1 << (h % 64);
                }
                let next = t.terminal.len() as u32;
                let child = *t.edges.entry((node, h)).or_insert(next);
                if child == next {
                    t.terminal.push(0);
                }
                node = child;
            }
            if t.same_end.len() <= *p as usize {
                t.same_end.resize(*p as usize + 1, 0);
            }
            t.same_end[*p as usize] = t.terminal[node as usize];
            t.terminal[node as usize] = p + 1;
        }
        t.norms = pats.into_iter().map(|(n, _)| n.into_boxed_str()).collect();
        t.edges.shrink_to_fit();
        t.terminal.shrink_to_fit();
        t
    }

    /// The patterns that match from token `i` (within `ts`), longest last.
    #[inline]
    fn walk(&self, toks: &Tokens, ts: &[crate::tokenize::Token], i: usize, out: &mut Vec<(u32, usize)>) {
        let h0 = ts[i].hash();
        if self.root_filter[((h0 % FILTER_BITS) / 64) as usize] & (1 << (h0 % 64)) == 0 {
            return;
        }
        let norm = toks.normalized().as_bytes();
        let mut node = 0u32;
        for (j, t) in ts.iter().enumerate().skip(i) {
            match self.edges.get(&(node, t.hash())) {
                Some(&child) => node = child,
                None => return,
            }
            let mut p = self.terminal[node as usize];
            while p > 0 {
                // Hashes can collide: the bytes decide.
                let want = self.norms[(p - 1) as usize].as_bytes();
                let got = &norm[ts[i].norm_range().0..t.norm_range().1 + 1];
                if want == got {
                    out.push((p - 1, j));
                    break;
                }
                p = self.same_end[(p - 1) as usize];
            }
        }
    }

    fn memory_usage(&self) -> usize {
        self.edges.capacity() * (std::mem::size_of::<((u32, u32), u32)>() + 1)
            + self.terminal.capacity() * 4
            + self.same_end.capacity() * 4
            + self.root_filter.len() * 8
            + self.norms.iter().map(|n| n.len() + 16).sum::<usize>()
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
        let mut index: FastMap<String, u32> = FastMap::default();
        let mut pending: Vec<(u32, Target)> = Vec::new();
        let mut punct_starts = false;
        let mut add = |text: &str, kind: TargetKind, pending: &mut Vec<(u32, Target)>| -> u32 {
            let toks = tokenize(text);
            let norm = toks.normalized();
            if toks.as_slice().first().is_some_and(|t| !t.is_wordlike()) {
                punct_starts = true;
            }
            let case = case_reqs(text, &toks);
            let p = match index.get(norm) {
                Some(&p) => p,
                None => {
                    let p = index.len() as u32;
                    index.insert(norm.to_string(), p);
                    p
                }
            };
            pending.push((p, Target { kind, case }));
            p
        };
        // (pattern, entry, shared) for every alias, to find aliases that
        // several entries claim.
        let mut owners: Vec<(u32, u32, bool)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for a in &e.aliases {
                let p = add(&a.text, TargetKind::Entry { entry: i as u32, alias: a.kind }, &mut pending);
                owners.push((p, i as u32, a.shared));
            }
        }
        for (i, t) in titles.titles.iter().enumerate() {
            add(&t.phrase, TargetKind::Title { title: i as u32 }, &mut pending);
        }
        let mut pats: Vec<(String, u32)> = index.into_iter().collect();
        pats.sort_unstable_by_key(|&(_, p)| p);
        owners.sort_unstable();
        owners.dedup_by_key(|&mut (p, e, _)| (p, e));
        let mut conflicts: Vec<Conflict> = owners
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|o| o.len() > 1 && !o.iter().all(|&(_, _, s)| s))
            .map(|o| Conflict {
                alias: pats[o[0].0 as usize].0.trim_end().to_string(),
                entries: o.iter().map(|&(_, e, _)| e).collect(),
            })
            .collect();
        drop(owners);
        conflicts.sort_by(|a, b| a.alias.cmp(&b.alias));
        pending.sort_by_key(|&(p, _)| p); // stable: aliases keep their order
        let mut patterns = vec![(0u32, 0u32); pats.len()];
        let mut targets = Vec::with_capacity(pending.len());
        for (p, t) in pending {
            if patterns[p as usize].1 == 0 {
                patterns[p as usize] = (targets.len() as u32, targets.len() as u32);
            }
            targets.push(t);
            patterns[p as usize].1 = targets.len() as u32;
        }
        let engine = match engine {
            MatchEngine::TokenTrie => Engine::Trie(TokenTrie::build(pats)),
            MatchEngine::AhoCorasick if pats.is_empty() => Engine::Ac(None),
            MatchEngine::AhoCorasick => Engine::Ac(Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(pats.iter().map(|(s, _)| s.as_str()))
                    .map_err(|e| Error::config(format!("cannot build the gazetteer automaton: {e}")))?,
            )),
        };
        Ok((Matcher { engine, patterns, targets, punct_starts }, conflicts))
    }

    /// Finds all matches, left to right, non-overlapping.
    pub(crate) fn find(&self, text: &str, toks: &Tokens) -> Hits {
        self.find_in(text, toks, 0, toks.len())
    }

    /// Finds the matches that lie inside tokens `first..end`.
    pub(crate) fn find_in(&self, text: &str, toks: &Tokens, first: usize, end: usize) -> Hits {
        match &self.engine {
            Engine::Trie(t) => self.find_trie(t, text, toks, first, end),
            Engine::Ac(Some(ac)) => self.find_ac(ac, text, toks, first, end),
            Engine::Ac(None) => Hits::default(),
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
        let (a, b) = self.patterns[pattern as usize];
        let before = out.targets.len();
        for t in &self.targets[a as usize..b as usize] {
            if case_ok(text, &ts[i..=j], t.case.as_deref()) {
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

    fn find_trie(&self, trie: &TokenTrie, text: &str, toks: &Tokens, first: usize, end: usize) -> Hits {
        let mut out = Hits::default();
        let ts = &toks.as_slice()[..end];
        let mut cands: Vec<(u32, usize)> = Vec::new();
        let mut i = first;
        'outer: while i < ts.len() {
            if !self.punct_starts && !ts[i].is_wordlike() {
                i += 1;
                continue;
            }
            cands.clear();
            trie.walk(toks, ts, i, &mut cands);
            // Longest first; a shorter one when the case does not fit.
            for &(p, j) in cands.iter().rev() {
                if self.accept(&mut out, text, ts, p, i, j) {
                    i = j + 1;
                    continue 'outer;
                }
            }
            i += 1;
        }
        out
    }

    fn find_ac(&self, ac: &AhoCorasick, text: &str, toks: &Tokens, first: usize, end: usize) -> Hits {
        let mut out = Hits::default();
        let ts = &toks.as_slice()[..end];
        let norm = match ts.last() {
            Some(t) => &toks.normalized()[..t.norm_range().1 + 1],
            None => return out,
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
                if self.accept(&mut out, text, ts, m.pattern().as_usize() as u32, i, j) {
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
        out
    }

    /// Approximate heap memory of the automaton and tables, in bytes.
    pub(crate) fn memory_usage(&self) -> usize {
        (match &self.engine {
            Engine::Trie(t) => t.memory_usage(),
            Engine::Ac(a) => a.as_ref().map_or(0, |a| a.memory_usage()),
        }) + self.patterns.len() * 8
            + self.targets.len() * std::mem::size_of::<Target>()
    }
}

fn case_reqs(text: &str, toks: &Tokens) -> Option<Box<[CaseReq]>> {
    let reqs: Vec<CaseReq> = toks
        .as_slice()
        .iter()
        .map(|t| {
            let s = &text[t.span()];
            if t.is_all_caps() && s.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                CaseReq::Exact(s.into())
            } else if t.is_capitalized() {
                CaseReq::Capitalized
            } else {
                CaseReq::Any
            }
        })
        .collect();
    reqs.iter().any(|r| *r != CaseReq::Any).then(|| reqs.into_boxed_slice())
}

fn case_ok(text: &str, toks: &[crate::tokenize::Token], reqs: Option<&[CaseReq]>) -> bool {
    let Some(reqs) = reqs else { return true };
    reqs.iter().zip(toks).all(|(r, t)| match r {
        CaseReq::Any => true,
        CaseReq::Capitalized => t.is_capitalized(),
        CaseReq::Exact(s) => {
            let got = &text[t.span()];
            got == &**s
                || (got.chars().any(crate::tokenize::is_ignorable)
                    && normalize_phrase(got) == normalize_phrase(s)
                    && t.is_all_caps())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

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
    fn undeclared_shared_aliases_are_conflicts() {
        let g = Gazetteer::parse("person/a\tperson\tAda Bek\tBek\nperson/b\tperson\tOla Bek\tBek\nperson/c\tperson\tEli Rao\t~Rao\nperson/d\tperson\tIra Rao\t~Rao\n").unwrap();
        let (_, conflicts) = Matcher::build(g.entries(), &Titles::default(), MatchEngine::AhoCorasick).unwrap();
        assert_eq!(conflicts, vec![Conflict { alias: "bek".into(), entries: vec![0, 1] }]);
    }
}
