//! From gazetteer matches to entities: titles fused with names, titles
//! resolved to office holders, demonyms, names found by their shape, and
//! ambiguous aliases resolved in context.
//!
//! # Resolution rules
//!
//! An alias that fits several entries (two politicians called Japarov; a
//! town and a philosopher called Kant) is resolved, in this order, by:
//!
//! 1. a given name written before it ("Akylbek Japarov");
//! 2. a title fused with it, against the roles each candidate held on the
//!    anchor date ("Prime Minister Japarov");
//! 3. an earlier mention in the same document that was not ambiguous (the
//!    most recent one wins);
//! 4. a role held on the anchor date;
//! 5. how many of the candidate's related entries (its country, capital,
//!    parent, location) the document mentions;
//! 6. gazetteer order.
//!
//! A title without a name ("the Russian president", "the Kyrgyz leader",
//! "his Kyrgyz counterpart") resolves to the person holding the office of
//! that country or organization on the anchor date; with no anchor date, to
//! the current holder.

use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

use crate::one_or_more::OneOrMore;
use crate::token_lists::{SpanKeys, TokenLists, TokenMap};
use crate::words::{FastMap, FastSet};
use std::borrow::Cow;

use jiff::civil::Date;

use crate::document::MentionKind;
use crate::gazetteer::{AliasKind, EntityType};
use crate::kb::Kb;
use crate::lexicon::TitleClass;
use crate::matcher::{Hits, TargetKind};
use crate::sentence::Sentence;
use crate::span::Span;
use crate::tokenize::{TokenKind, Tokens};

/// Everything the entity stage reads.
pub(crate) struct Cx<'a, 'k> {
    pub(crate) text: &'a str,
    pub(crate) toks: &'a Tokens,
    pub(crate) sents: &'a [Sentence],
    pub(crate) tok_sent: &'a [u32],
    /// The gazetteers, which outlive the document: entities borrow their
    /// ids and names from them.
    pub(crate) kb: &'k Kb,
    pub(crate) anchor: Option<Date>,
    /// The first token after the dateline (0 without one).
    pub(crate) body: usize,
}

/// A resolved mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MentionRec {
    pub(crate) first: usize,
    pub(crate) end: usize,
    pub(crate) span: Span,
    pub(crate) kind: MentionKind,
    pub(crate) entity: usize,
    pub(crate) title: Option<Span>,
}

/// A resolved entity. Its id and name are borrowed from the gazetteer
/// (`'k`) when it is an entry: the output copies them only if it keeps them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EntityRec<'k> {
    pub(crate) id: Cow<'k, str>,
    pub(crate) etype: EntityType,
    pub(crate) name: Cow<'k, str>,
    pub(crate) entry: Option<u32>,
    /// Events: the organizing organization or country (entity index).
    pub(crate) organizer: Option<usize>,
    /// Events: where they take place (entity index).
    pub(crate) location: Option<usize>,
    /// Events: when (index into the document's times).
    pub(crate) date: Option<usize>,
    /// Sub-kind of events and documents found by shape (`summit`, `exercise`).
    pub(crate) kind: Option<String>,
}

impl<'k> EntityRec<'k> {
    pub(crate) fn new(id: Cow<'k, str>, etype: EntityType, name: Cow<'k, str>, entry: Option<u32>) -> EntityRec<'k> {
        EntityRec { id, etype, name, entry, organizer: None, location: None, date: None, kind: None }
    }
}

impl<'k> Entities<'k> {
    /// Empty, for a text of `tokens` tokens, with room for `mentions`
    /// mentions (and as many entities, up to a news article's worth: a long
    /// document repeats its entities, and a map sized for all its mentions
    /// would be sparse, its lookups scattered over more memory).
    pub(crate) fn with_capacity(tokens: usize, mentions: usize) -> Entities<'k> {
        let ents = mentions.min(256);
        Entities {
            ents: Vec::with_capacity(ents),
            mentions: Vec::with_capacity(mentions),
            by_hash: FastMap::with_capacity_and_hasher(ents, Default::default()),
            seen: SpanKeys::with_capacity(tokens, mentions),
            ..Entities::default()
        }
    }

    /// The entity with `id`, added if new (id and name are copied only then:
    /// most mentions are of an entity already added).
    pub(crate) fn entity(
        &mut self,
        id: impl Into<Cow<'k, str>>,
        etype: EntityType,
        name: impl Into<Cow<'k, str>>,
        entry: Option<u32>,
    ) -> usize {
        let id = id.into();
        let hash = self.hasher.hash_one(id.as_ref());
        if let Some(i) = self.find_hashed(&id, hash) {
            return i;
        }
        let at = self.ents.len();
        match self.by_hash.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(at);
            }
            Entry::Occupied(_) => {
                self.by_id_collided.insert(id.clone().into_owned(), at);
            }
        }
        self.ents.push(EntityRec::new(id, etype, name.into(), entry));
        at
    }

    /// The index of the entity with `id`, if any.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_hashed(id, self.hasher.hash_one(id))
    }

    fn find_hashed(&self, id: &str, hash: u64) -> Option<usize> {
        let &i = self.by_hash.get(&hash)?;
        if self.ents[i].id == id { Some(i) } else { self.by_id_collided.get(id).copied() }
    }

    /// Adds a mention unless the same entity already has one with that span.
    pub(crate) fn mention(&mut self, m: MentionRec) {
        if self.seen.insert(m.first, m.end, m.entity) {
            self.mentions.push(m);
        }
    }

    /// Moves the mentions of entity `from` to `to` (as aliases), with the
    /// event attributes `to` lacks; `from` is left without mentions.
    pub(crate) fn merge_into(&mut self, from: usize, to: usize) {
        let seen = &mut self.seen;
        self.mentions.retain_mut(|m| {
            if m.entity != from {
                return true;
            }
            m.entity = to;
            if m.kind == MentionKind::Name {
                m.kind = MentionKind::Alias;
            }
            // A span `to` already has is not added twice.
            seen.reassign(m.first, m.end, from, to)
        });
        let (organizer, location, date) = (self.ents[from].organizer, self.ents[from].location, self.ents[from].date);
        let dst = &mut self.ents[to];
        dst.organizer = dst.organizer.or(organizer);
        dst.location = dst.location.or(location);
        dst.date = dst.date.or(date);
    }

    /// For each of `n` tokens, the index of the longest mention covering it.
    pub(crate) fn outermost(&self, n: usize) -> TokenMap {
        let mut cov = TokenMap::new(n);
        for (k, m) in self.mentions.iter().enumerate() {
            for t in m.first..m.end.min(n) {
                match cov.get(t) {
                    Some(o) if self.mentions[o].end - self.mentions[o].first >= m.end - m.first => {}
                    _ => cov.set(t, k),
                }
            }
        }
        cov
    }

    /// Restores the order of mentions after additions.
    pub(crate) fn sort(&mut self) {
        self.mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end), m.entity));
    }
}

/// The entities of one document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Entities<'k> {
    pub(crate) ents: Vec<EntityRec<'k>>,
    /// Sorted by span start, then end.
    pub(crate) mentions: Vec<MentionRec>,
    /// Hash of an entity's id → index of the first entity with that hash
    /// (the id itself is read from `ents`, not copied into the map).
    by_hash: FastMap<u64, usize>,
    /// The ids whose hash an earlier id already took → index.
    by_id_collided: FastMap<String, usize>,
    hasher: foldhash::fast::RandomState,
    /// (first token, end token, entity) of every mention, to add each
    /// once: a mention's span is that of its tokens.
    seen: SpanKeys,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tgt {
    /// Gazetteer entries (one unless ambiguous).
    Entries(EntryList),
    /// An entity found by its shape.
    New { etype: EntityType, name: String },
}

/// The gazetteer entries of a candidate, in the order found: nearly always
/// one, kept inline.
type EntryList = OneOrMore<u32>;

#[derive(Clone, Debug)]
struct Cand {
    first: usize,
    end: usize,
    span: Span,
    kind: MentionKind,
    tgt: Tgt,
    /// Title fused with the name: span and title index.
    title: Option<(Span, u32)>,
    dead: bool,
}

#[derive(Clone, Copy, Debug)]
struct TitleHit {
    first: usize,
    end: usize,
    title: u32,
}

crate::words::word_set! {
    /// Words that open sentences or stand capitalized without being names.
    static STOP_CAPS = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "from",
    "by",
    "with",
    "as",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "after",
    "before",
    "during",
    "while",
    "when",
    "if",
    "according",
    "earlier",
    "later",
    "meanwhile",
    "however",
    "both",
    "all",
    "some",
    "many",
    "most",
    "other",
    "another",
    "such",
    "also",
    "addressing",
    "opening",
    "welcoming",
    "following",
    "speaking",
    "attending",
    "officials",
    "observers",
    "over",
    "under",
    "since",
    "until",
    "about",
    "around",
    "near",
    "through",
    "between",
    "among",
    "against",
    "without",
    "within",
    "last",
    "next",
    "each",
    "every",
    "no",
    "not",
    "more",
    "than",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "here",
    "where",
    "what",
    "who",
    "which",
    "why",
    "how",
    "said",
    "says",
    "part",
];
}

crate::words::word_set! {
    static MONTHS_DAYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
}

crate::words::word_set! {
    static ORG_HEADS = [
    "ministry",
    "ministries",
    "council",
    "committee",
    "commission",
    "university",
    "agency",
    "assembly",
    "administration",
    "forces",
    "force",
    "staff",
    "court",
    "bank",
    "party",
    "union",
    "organization",
    "organisation",
    "office",
    "service",
    "services",
    "parliament",
    "cabinet",
    "government",
    "institute",
    "fund",
    "corporation",
    "company",
    "group",
    "department",
    "bureau",
    "authority",
    "directorate",
    "senate",
    "congress",
    "chamber",
    "academy",
    "foundation",
    "association",
    "alliance",
    "front",
    "movement",
    "army",
    "navy",
    "guard",
    "police",
    "secretariat",
    "presidium",
    "tribunal",
    "command",
    "centre",
    "center",
    "programme",
    "network",
    "society",
    "board",
    "league",
    "inc",
    "ltd",
    "corp",
    "bloc",
    "coalition",
    "legislature",
    "duma",
    "kenesh",
    "majlis",
    "rada",
    "diet",
    "mission",
    "embassy",
    "consulate",
];
}

crate::words::word_set! {
    /// Offices with one holder at a time: "the US vice president", "the UN
    /// secretary-general" name a person; "Russia's envoy" does not.
    static UNIQUE_OFFICES = [
    "vice-president",
    "crown-prince",
    "secretary-general",
    "general-secretary",
    "director-general",
    "commission-president",
    "council-president",
    "high-representative",
    "speaker",
    "chief-of-general-staff",
    "national-security-adviser",
    "chairman",
    "chief-of-staff",
];
}

crate::words::word_set! {
    static PLACE_SUFFIXES = [
    "region",
    "oblast",
    "province",
    "district",
    "territory",
    "krai",
    "kray",
    "governorate",
    "prefecture",
    "county",
    "raion",
    "rayon",
    "okrug",
    "valley",
];
}

crate::words::word_set! {
    static NAME_PARTICLES = ["bin", "ibn", "al", "el", "de", "da", "di", "van", "von", "der", "le", "la", "du", "abu", "bint", "ben"];
}

impl Cx<'_, '_> {
    pub(crate) fn norm(&self, i: usize) -> &str {
        self.toks.norm(i)
    }

    pub(crate) fn span(&self, first: usize, end: usize) -> Span {
        self.toks[first].span().join(self.toks[end - 1].span())
    }

    pub(crate) fn sent_end_of(&self, i: usize) -> usize {
        self.sent_end(i)
    }

    pub(crate) fn sent_start_of(&self, i: usize) -> usize {
        self.sent_start(i)
    }

    fn sent_end(&self, i: usize) -> usize {
        self.sents[self.tok_sent[i] as usize].end_token
    }

    fn sent_start(&self, i: usize) -> usize {
        self.sents[self.tok_sent[i] as usize].first_token
    }

    fn is_cap_word(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.kind == TokenKind::Word && t.is_capitalized()
    }

    /// Whether tokens `i`, `i+1`, `i+2` are `Word-Word` glued without spaces.
    fn hyphen_glued(&self, i: usize) -> bool {
        i + 2 < self.toks.len()
            && self.norm(i + 1) == "-"
            && !self.toks[i + 1].space_before()
            && !self.toks[i + 2].space_before()
            && self.toks[i + 2].is_wordlike()
    }
}

/// Runs the entity stage.
///
/// `forced` are token ranges that must become entities of the given type
/// when no gazetteer entry covers them (a dateline's place and agency).
pub(crate) fn resolve<'k>(cx: &Cx<'_, 'k>, hits: &Hits, forced: &[(usize, usize, EntityType)]) -> Entities<'k> {
    let mut st = State::new(cx, hits);
    st.nested_names();
    for &(first, end, etype) in forced {
        if !(first..end).any(|i| st.covered(i)) && first < end {
            st.push_new(first, end, etype, MentionKind::Name);
        }
    }
    st.org_shapes();
    st.place_shapes();
    st.titles_and_names();
    st.given_name_persons();
    st.apposition_persons();
    st.resolve_ambiguous();
    st.surname_coreference();
    st.finish()
}

struct State<'c, 'a, 'k> {
    cx: &'c Cx<'a, 'k>,
    cands: Vec<Cand>,
    titles: Vec<TitleHit>,
    /// token → index of the title hit covering it
    title_at: Vec<Option<u32>>,
    /// token → candidates that start (`starts`) or end (`ends`) there; an
    /// entry is stale when the candidate moved or died, and is checked on
    /// reading. These keep every lookup local, so the stage is linear.
    starts: TokenLists,
    ends: TokenLists,
    /// The longest candidate, in tokens.
    max_len: usize,
    /// Token → [`NAME_WORD`] and [`ORG_HEAD`] bits, worked out once: the
    /// passes ask them of the same tokens many times.
    word_class: Vec<u8>,
}

/// A capitalized word that can be part of a name: not a function word,
/// month or weekday ([`is_stop_cap`]).
const NAME_WORD: u8 = 1;
/// A capitalized organization head ("Ministry", "Council").
const ORG_HEAD: u8 = 2;

/// How far back a title, a pronoun or an ambiguous name looks for what it
/// refers to, in tokens: a few paragraphs.
const LOOKBACK: usize = 600;

impl<'c, 'a, 'k> State<'c, 'a, 'k> {
    fn new(cx: &'c Cx<'a, 'k>, hits: &Hits) -> Self {
        let mut cands = Vec::with_capacity(hits.hits.len());
        let mut titles = Vec::new();
        let mut title_at = vec![None; cx.toks.len()];
        for h in &hits.hits {
            let mut entries = EntryList::new();
            let mut kind = MentionKind::Alias;
            for t in hits.targets(h) {
                match *t {
                    TargetKind::Entry { entry, alias } => {
                        if entries.is_empty() {
                            // Read when the entity is output.
                            cx.kb.prefetch_label(entry);
                        }
                        entries.add(entry);
                        kind = match alias {
                            AliasKind::Name => MentionKind::Name,
                            AliasKind::Alias if kind != MentionKind::Name => MentionKind::Alias,
                            AliasKind::Demonym if entries.len() == 1 => MentionKind::Demonym,
                            _ => kind,
                        };
                    }
                    TargetKind::Title { title } => {
                        for slot in &mut title_at[h.first..h.end] {
                            *slot = Some(titles.len() as u32);
                        }
                        titles.push(TitleHit { first: h.first, end: h.end, title });
                    }
                }
            }
            if !entries.is_empty() {
                cands.push(Cand {
                    first: h.first,
                    end: h.end,
                    span: cx.span(h.first, h.end),
                    kind,
                    tgt: Tgt::Entries(entries),
                    title: None,
                    dead: false,
                });
            }
        }
        let n = cx.toks.len();
        let mut st = State {
            cx,
            // The gazetteer's candidates, and room for about as many found
            // by shape and context.
            cands: Vec::with_capacity(2 * cands.len() + 8),
            titles,
            title_at,
            starts: TokenLists::new(n),
            ends: TokenLists::new(n),
            max_len: 0,
            word_class: (0..n)
                .map(|i| {
                    if !cx.is_cap_word(i) {
                        return 0;
                    }
                    let mut class = 0;
                    if !is_stop_cap(cx.toks, i) {
                        class |= NAME_WORD;
                    }
                    if ORG_HEADS.contains_token(cx.toks, i) {
                        class |= ORG_HEAD;
                    }
                    class
                })
                .collect(),
        };
        for c in cands {
            st.add(c);
        }
        st
    }

    /// Adds a candidate and indexes it.
    fn add(&mut self, c: Cand) -> usize {
        self.cands.push(c);
        let k = self.cands.len() - 1;
        self.index(k);
        k
    }

    /// Re-indexes candidate `k` after its span changed (each list holds a
    /// candidate once).
    fn index(&mut self, k: usize) {
        let (first, end) = (self.cands[k].first, self.cands[k].end);
        self.starts.push_once(first, k);
        self.ends.push_once(end, k);
        self.max_len = self.max_len.max(end - first);
    }

    /// Live candidates starting at token `i`.
    fn starting(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.starts.get(i).filter(move |&k| !self.cands[k].dead && self.cands[k].first == i)
    }

    /// Live candidates ending at token `end` (exclusive).
    fn ending(&self, end: usize) -> impl Iterator<Item = usize> + '_ {
        self.ends.get(end).filter(move |&k| !self.cands[k].dead && self.cands[k].end == end)
    }

    /// Names inside longer names: the "CIS" in "CIS Council of Heads of
    /// State", the "Russian Federation" in "Government of the Russian
    /// Federation". Countries and organizations only: a city inside a
    /// treaty's name ("Rome Statute") is not a mention of the city.
    fn nested_names(&mut self) {
        let cx = self.cx;
        let outer: Vec<(usize, usize)> = self
            .cands
            .iter()
            .filter(|c| c.end - c.first >= 2)
            .filter(|c| {
                self.types_of(c).all(|t| {
                    matches!(
                        t,
                        EntityType::Organization | EntityType::Event | EntityType::Document | EntityType::Facility
                    )
                })
            })
            .map(|c| (c.first, c.end))
            .collect();
        for (first, end) in outer {
            // Shorter names at the first token, then anything after it.
            let a = cx.kb.matcher.find_in(cx.text, cx.toks, first, end - 1);
            let b = cx.kb.matcher.find_in(cx.text, cx.toks, first + 1, end);
            for (inner, h) in a.hits.iter().map(|h| (&a, h)).chain(b.hits.iter().map(|h| (&b, h))) {
                if self.starting(h.first).any(|c| self.cands[c].end == h.end) {
                    continue;
                }
                let entries: Vec<u32> = inner
                    .targets(h)
                    .iter()
                    .filter_map(|t| match *t {
                        TargetKind::Entry { entry, .. }
                            if matches!(cx.kb.etype(entry), EntityType::Country | EntityType::Organization) =>
                        {
                            Some(entry)
                        }
                        _ => None,
                    })
                    .collect();
                if entries.is_empty() {
                    continue;
                }
                let demonym =
                    inner.targets(h).iter().all(|t| matches!(t, TargetKind::Entry { alias: AliasKind::Demonym, .. }));
                // A country by name only after "of" ("Government of the
                // Russian Federation"), not inside a brand ("Agence
                // France-Presse"); demonyms and organizations anywhere.
                let country_only = entries.iter().all(|&e| cx.kb.etype(e) == EntityType::Country);
                const PREPS: [&str; 8] = ["of", "in", "on", "against", "with", "between", "for", "to"];
                let after_of = h.first >= 1
                    && (PREPS.contains(&cx.norm(h.first - 1))
                        || (h.first >= 2 && cx.norm(h.first - 1) == "the" && PREPS.contains(&cx.norm(h.first - 2))));
                if country_only && !demonym && !after_of {
                    continue;
                }
                self.add(Cand {
                    first: h.first,
                    end: h.end,
                    span: cx.span(h.first, h.end),
                    kind: if demonym { MentionKind::Demonym } else { MentionKind::Alias },
                    tgt: Tgt::Entries(entries.into()),
                    title: None,
                    dead: false,
                });
            }
        }
    }

    /// Live candidates covering token `i`.
    fn cands_at(&self, i: usize) -> impl Iterator<Item = (usize, &Cand)> {
        let from = i.saturating_sub(self.max_len);
        (from..=i.min(self.starts.len() - 1))
            .flat_map(move |s| self.starting(s))
            .filter(move |&k| self.cands[k].end > i)
            .map(move |k| (k, &self.cands[k]))
    }

    fn covered(&self, i: usize) -> bool {
        self.cands_at(i).next().is_some()
    }

    /// For every token, whether a live candidate covers it now: for a pass
    /// that tests each token once and only adds candidates behind it.
    fn coverage(&self) -> Vec<bool> {
        let mut cov = vec![false; self.cx.toks.len()];
        for c in self.cands.iter().filter(|c| !c.dead) {
            cov[c.first..c.end].fill(true);
        }
        cov
    }

    /// The types a candidate may have (several while it is ambiguous).
    fn types_of<'s>(&'s self, c: &'s Cand) -> impl Iterator<Item = EntityType> + 's {
        let (entries, new): (&[u32], Option<EntityType>) = match &c.tgt {
            Tgt::Entries(es) => (es, None),
            Tgt::New { etype, .. } => (&[], Some(*etype)),
        };
        entries.iter().map(|&e| self.cx.kb.etype(e)).chain(new)
    }

    fn is_person(&self, c: &Cand) -> bool {
        self.types_of(c).any(|t| t == EntityType::Person)
    }

    /// The live candidate that starts exactly at `i` (the longest).
    fn cand_starting(&self, i: usize) -> Option<usize> {
        self.starting(i).max_by_key(|&k| (self.cands[k].end, std::cmp::Reverse(k)))
    }

    /// The live candidate that ends exactly at `end` (exclusive token index).
    fn cand_ending(&self, end: usize) -> Option<usize> {
        self.ending(end).min_by_key(|&k| (self.cands[k].first, k))
    }

    fn push_new(&mut self, first: usize, end: usize, etype: EntityType, kind: MentionKind) -> usize {
        let name = display_name(self.cx, first, end);
        self.add(Cand {
            first,
            end,
            span: self.cx.span(first, end),
            kind,
            tgt: Tgt::New { etype, name },
            title: None,
            dead: false,
        })
    }

    // ----- organizations by shape -------------------------------------------------

    fn is_org_head(&self, i: usize) -> bool {
        self.word_class[i] & ORG_HEAD != 0
    }

    /// A capitalized word that can be part of a name ([`NAME_WORD`]).
    fn is_name_word(&self, i: usize) -> bool {
        self.word_class[i] & NAME_WORD != 0
    }

    /// Whether token `i` can stand before an org head as a modifier.
    fn is_org_modifier(&self, i: usize) -> bool {
        let cx = self.cx;
        let t = &cx.toks[i];
        if self.title_at[i].is_some() && !self.cands_at(i).any(|(_, c)| !self.is_person(c)) {
            return false;
        }
        if self.cands_at(i).any(|(_, c)| self.is_person(c)) {
            return false;
        }
        if t.kind == TokenKind::Word && (t.is_capitalized() || t.is_all_caps()) {
            return !STOP_CAPS.contains_token(cx.toks, i) || self.covered(i) || cx.norm(i) == "presidential";
        }
        false
    }

    fn org_shapes(&mut self) {
        let cx = self.cx;
        let n = cx.toks.len();
        let mut i = 0;
        while i < n {
            if !self.is_org_head(i) {
                i += 1;
                continue;
            }
            let s0 = cx.sent_start(i);
            let e0 = cx.sent_end(i);
            // Walk left over modifiers and glued hyphens.
            let mut start = i;
            loop {
                if i - start > 10 {
                    break;
                }
                if start > s0 && self.is_org_modifier(start - 1) && cx.toks[start].space_before() {
                    start -= 1;
                } else if start >= s0 + 2
                    && cx.norm(start - 1) == "-"
                    && !cx.toks[start - 1].space_before()
                    && !cx.toks[start].space_before()
                    && self.is_org_modifier(start - 2)
                {
                    start -= 2;
                } else {
                    break;
                }
            }
            // Extend right.
            let mut end = i + 1;
            loop {
                if end >= e0 || end - start > 24 {
                    break;
                }
                let nm = cx.norm(end);
                if self.is_org_head(end) || (self.is_name_word(end) && !self.starts_person(end)) {
                    if self.is_person_at(end) {
                        break;
                    }
                    end += 1;
                } else if cx.hyphen_glued(end - 1) && cx.is_cap_word(end + 1) {
                    end += 2;
                } else if matches!(nm, "of" | "for" | "on") {
                    let mut k = end + 1;
                    if k < e0 && cx.norm(k) == "the" {
                        k += 1;
                    }
                    if k < e0
                        && (self.is_name_word(k) || (cx.toks[k].is_all_caps() && self.covered(k)))
                        && !self.is_person_at(k)
                    {
                        // Stop before "of the <known organization>" when the
                        // left part is already a name of its own.
                        let known_org = self.cand_starting(k).is_some_and(|c| {
                            let mut t = self.types_of(&self.cands[c]);
                            t.next() == Some(EntityType::Organization) && t.next().is_none()
                        });
                        if known_org && nm == "of" && (i + 1 - start) >= 2 {
                            break;
                        }
                        end = k;
                    } else {
                        break;
                    }
                } else if nm == "and" || nm == "&" {
                    let k = end + 1;
                    if k >= e0 || !self.is_name_word(k) || self.is_person_at(k) {
                        break;
                    }
                    // Split "X and Y" when Y has a head of its own.
                    let mut m = k;
                    let mut has_head = false;
                    while m < e0 && (self.is_name_word(m) || (cx.toks[m].is_all_caps() && self.covered(m))) {
                        has_head |= self.is_org_head(m);
                        m += 1;
                    }
                    if has_head {
                        break;
                    }
                    end = k;
                } else {
                    break;
                }
            }
            while end > start + 1 && matches!(cx.norm(end - 1), "of" | "for" | "on" | "the" | "and" | "&") {
                end -= 1;
            }
            let words = (start..end).filter(|&k| cx.toks[k].is_capitalized()).count();
            if words >= 2 && !self.inside_one_cand(start, end) {
                self.push_new(start, end, EntityType::Organization, MentionKind::Name);
            }
            i = end.max(i + 1);
        }
    }

    fn is_person_at(&self, i: usize) -> bool {
        self.cands_at(i).any(|(_, c)| self.is_person(c))
    }

    /// A given name followed by a capitalized word: the start of a person.
    fn starts_person(&self, i: usize) -> bool {
        self.cx.kb.given.contains_token(self.cx.toks, i)
            && i + 1 < self.cx.toks.len()
            && self.is_name_word(i + 1)
            && !self.covered(i)
    }

    /// Whether `first..end` lies inside one live candidate.
    fn inside_one_cand(&self, first: usize, end: usize) -> bool {
        self.cands_at(first).any(|(_, c)| end <= c.end)
    }

    // ----- places by shape ("Orenburg region") ---------------------------------------

    fn place_shapes(&mut self) {
        let cx = self.cx;
        for i in 1..cx.toks.len() {
            if !PLACE_SUFFIXES.contains_token(cx.toks, i) || !cx.toks[i].space_before() || self.covered(i) {
                continue;
            }
            let s0 = cx.sent_start(i);
            // A known place right before: extend its mention.
            if let Some(k) = self.cand_ending(i) {
                let c = &self.cands[k];
                let types: Vec<EntityType> = self.types_of(c).collect();
                if types.iter().all(|t| *t == EntityType::Place) && c.kind != MentionKind::Demonym {
                    let c = &mut self.cands[k];
                    c.end = i + 1;
                    c.span = cx.span(c.first, c.end);
                    self.index(k);
                    continue;
                }
                if !types.is_empty() {
                    continue; // "the Russian region", "Kyrgyz province"
                }
            }
            let mut start = i;
            while start > s0 && start + 3 > i && self.is_name_word(start - 1) && !self.covered(start - 1) {
                start -= 1;
                if start >= s0 + 2 && cx.hyphen_glued(start - 2) {
                    start -= 2;
                }
            }
            if start < i {
                self.push_new(start, i + 1, EntityType::Place, MentionKind::Name);
            }
        }
    }

    // ----- titles, titled names, names after titles ---------------------------------

    fn titles_and_names(&mut self) {
        let cx = self.cx;
        let n = cx.toks.len();
        let mut g = 0;
        while g < self.titles.len() {
            // Group consecutive titles: "Defense Minister Lt. Gen.".
            let first = self.titles[g].first;
            let mut end = self.titles[g].end;
            let mut last = g;
            while last + 1 < self.titles.len() {
                let nx = self.titles[last + 1];
                let gap_ok = (end..nx.first).all(|k| cx.norm(k) == ".");
                if nx.first >= end && nx.first - end <= 1 && gap_ok && cx.tok_sent[nx.first] == cx.tok_sent[first] {
                    end = nx.end;
                    last += 1;
                } else {
                    break;
                }
            }
            if end < n && cx.norm(end) == "." && !cx.toks[end].space_before() {
                end += 1; // "Gen." / "Mr."
            }
            let group: Vec<TitleHit> = self.titles[g..=last].to_vec();
            g = last + 1;
            // The title that names the office, not a rank or "Mr.".
            let main = group
                .iter()
                .find(|t| !matches!(cx.kb.title(t.title).class, TitleClass::Military | TitleClass::Honorific))
                .or(group.first())
                .copied()
                .expect("a group has a title");
            let class = cx.kb.title(main.title).class;
            // A title inside a known name ("General Assembly") is not a title.
            if self.cands_at(first).any(|(_, c)| !self.is_person(c)) {
                continue;
            }
            // Left modifier: country, demonym or organization, possibly "X's".
            let mut modifier: Option<usize> = None;
            let mut mstart = first;
            if first > 0 {
                if let Some(k) = self.cand_ending(first).filter(|&k| !self.is_person(&self.cands[k])) {
                    modifier = Some(k);
                    mstart = self.cands[k].first;
                } else if first >= 3
                    && cx.norm(first - 2) == "'"
                    && cx.norm(first - 1) == "s"
                    && let Some(k) = self.cand_ending(first - 2).filter(|&k| !self.is_person(&self.cands[k]))
                {
                    modifier = Some(k);
                    mstart = self.cands[k].first;
                }
            }
            // Complement: "of [the] X".
            let mut after = end;
            if after + 1 < n && cx.norm(after) == "of" {
                let mut k = after + 1;
                if k < n && cx.norm(k) == "the" {
                    k += 1;
                }
                if let Some(c) = self.cand_starting(k).filter(|&c| !self.is_person(&self.cands[c])) {
                    if modifier.is_none() {
                        modifier = Some(c);
                    }
                    after = self.cands[c].end;
                }
            }
            let sent_end = cx.sent_end(first);
            // The name: right after, or after a comma.
            let mut name_at = after;
            let comma = name_at < sent_end && cx.norm(name_at) == ",";
            if comma {
                name_at += 1;
            }
            let title_span = cx.span(mstart, end.max(after));
            let next_person = (name_at < sent_end)
                .then(|| self.cand_starting(name_at))
                .flatten()
                .filter(|&p| self.is_person(&self.cands[p]));
            // "the Russian leader, Japarov said": after a comma, a person who
            // never held the office is not the title's holder.
            let compatible = |st: &Self, p: usize| -> bool {
                let Tgt::Entries(es) = &st.cands[p].tgt else { return true };
                let roles = &cx.kb.title(main.title).roles;
                // The office's country or organization, from the modifier.
                let holder: Option<&str> = modifier.and_then(|m| match &st.cands[m].tgt {
                    Tgt::Entries(h) => cx.kb.country_of(h[0]).or(Some(cx.kb.entry(h[0]).id.as_str())),
                    Tgt::New { .. } => None,
                });
                match st.resolve_title(main.title, modifier, first) {
                    Some(h) => {
                        es.contains(&h)
                            || es.iter().any(|&e| {
                                cx.kb
                                    .entry(e)
                                    .attrs
                                    .roles
                                    .iter()
                                    .any(|r| roles.contains(&r.key) && holder.is_none_or(|x| r.holder == x))
                            })
                    }
                    None => true,
                }
            };
            if let Some(p) = next_person.filter(|&p| !comma || compatible(self, p)) {
                self.fuse(p, mstart, title_span, main.title, comma);
                // "Presidents A and B": a plural title covers both.
                let pe = self.cands[p].end;
                if pe + 1 < sent_end
                    && cx.norm(pe) == "and"
                    && is_plural_title(cx.norm(main.end - 1))
                    && let Some(q) = self.cand_starting(pe + 1).filter(|&q| self.is_person(&self.cands[q]))
                {
                    self.cands[q].title = Some((title_span, main.title));
                }
                continue;
            }
            if !comma && name_at < sent_end {
                let name_end = self.unknown_name(name_at, sent_end);
                let len = (name_at..name_end).filter(|&k| cx.toks[k].kind == TokenKind::Word).count();
                if len >= 1 && (len >= 2 || cx.toks[first].is_capitalized() || class == TitleClass::Honorific) {
                    let p = self.push_new(name_at, name_end, EntityType::Person, MentionKind::Name);
                    self.fuse(p, mstart, title_span, main.title, false);
                    continue;
                }
            }
            // Apposition: "Akylbek Japarov, Chairman of the Cabinet": the
            // title describes the person before the comma.
            let mut j = mstart;
            if j >= 1 && matches!(cx.norm(j - 1), "the" | "a") {
                j -= 1;
            }
            if j >= 2
                && cx.norm(j - 1) == ","
                && let Some(p) = self.cand_ending(j - 1).filter(|&p| self.is_person(&self.cands[p]))
            {
                if self.cands[p].title.is_none() {
                    self.cands[p].title = Some((title_span, main.title));
                }
                continue;
            }
            // A title standing alone: resolve to the office holder.
            if matches!(class, TitleClass::HeadOfState | TitleClass::HeadOfGovernment | TitleClass::Minister)
                || (class == TitleClass::Official
                    && modifier.is_some()
                    && cx.kb.title(main.title).roles.iter().all(|r| UNIQUE_OFFICES.contains(r.as_str())))
                || cx.kb.title(main.title).roles.iter().any(|r| r == "counterpart")
            {
                if cx.norm(main.first).ends_with('s')
                    && cx.norm(main.first) != "chancellor"
                    && is_plural_title(cx.norm(main.end - 1))
                {
                    continue; // "presidents", "leaders": groups, not one person
                }
                if let Some(person) = self.resolve_title(main.title, modifier, first) {
                    let span = cx.span(mstart, end.max(after));
                    self.add(Cand {
                        first: mstart,
                        end: end.max(after),
                        span,
                        kind: MentionKind::Title,
                        tgt: Tgt::Entries(OneOrMore::One(person)),
                        title: Some((span, main.title)),
                        dead: false,
                    });
                }
            }
        }
    }

    /// Extends person candidate `p` leftwards over its title.
    fn fuse(&mut self, p: usize, mstart: usize, title_span: Span, title: u32, comma: bool) {
        let cx = self.cx;
        let c = &mut self.cands[p];
        c.title = Some((title_span, title));
        if !comma {
            c.first = mstart.min(c.first);
            c.span = cx.span(c.first, c.end);
            c.kind = MentionKind::Name;
            self.index(p);
        }
    }

    /// The end of an unknown name starting at `i`: capitalized words (with
    /// glued hyphens, initials and particles), at most four.
    fn unknown_name(&self, i: usize, sent_end: usize) -> usize {
        let cx = self.cx;
        let mut k = i;
        let mut words = 0;
        while k < sent_end && words < 4 {
            if self.is_name_word(k) && self.title_at[k].is_none() && !self.covered(k) {
                words += 1;
                k += 1;
                // "Jong-un", "Al-Sisi"
                while k + 1 < sent_end && cx.hyphen_glued(k - 1) {
                    k += 2;
                }
                // An initial: "B. Lynn"
                if k < sent_end
                    && cx.norm(k) == "."
                    && cx.norm(k - 1).chars().count() == 1
                    && !cx.toks[k].space_before()
                {
                    k += 1;
                }
            } else if words > 0
                && k + 1 < sent_end
                && NAME_PARTICLES.contains_token(cx.toks, k)
                && self.is_name_word(k + 1)
                && !self.covered(k + 1)
            {
                k += 1;
            } else {
                break;
            }
        }
        while k > i && !cx.toks[k - 1].is_wordlike() && cx.norm(k - 1) != "." {
            k -= 1;
        }
        k
    }

    /// The person a title without a name stands for.
    fn resolve_title(&self, title: u32, modifier: Option<usize>, at: usize) -> Option<u32> {
        let cx = self.cx;
        let t = cx.kb.title(title);
        let counterpart = t.roles.iter().any(|r| r == "counterpart" || r == "colleague");
        // The office's country or organization.
        let holder: Option<String> = modifier.and_then(|m| match &self.cands[m].tgt {
            Tgt::Entries(es) => {
                let e = es[0];
                let entry = cx.kb.entry(e);
                match entry.etype {
                    EntityType::Country => Some(entry.id.clone()),
                    EntityType::Organization => {
                        // "Kremlin leader": the organization's country for heads of state.
                        if matches!(t.class, TitleClass::HeadOfState | TitleClass::HeadOfGovernment) {
                            entry.attrs.country.clone().or_else(|| Some(entry.id.clone()))
                        } else {
                            Some(entry.id.clone())
                        }
                    }
                    _ => entry.attrs.country.clone(),
                }
            }
            Tgt::New { .. } => None,
        });
        let roles: Vec<String> = if counterpart {
            // The role of the last person mentioned before.
            let prev = self.last_person_before(at)?;
            vec![cx.kb.role_on(prev, cx.anchor)?.key().to_string()]
        } else {
            t.roles.clone()
        };
        match holder {
            Some(h) => roles.iter().find_map(|r| cx.kb.holder_of(r, &h, cx.anchor)),
            None if !counterpart => {
                // "the president": the last person mentioned who holds the office.
                self.entries_before(at)
                    .find(|&e| cx.kb.etype(e) == EntityType::Person && cx.kb.holds_any(e, &roles, cx.anchor, true))
            }
            None => None,
        }
    }

    fn last_person_before(&self, at: usize) -> Option<u32> {
        self.entries_before(at).find(|&e| self.cx.kb.etype(e) == EntityType::Person)
    }

    /// The unambiguous gazetteer entries of the candidates ending at or
    /// before token `at`, nearest first, within [`LOOKBACK`] tokens.
    fn entries_before(&self, at: usize) -> impl Iterator<Item = u32> + '_ {
        let at = at.min(self.ends.len() - 1);
        // Most tokens end no candidate: a quick test passes them over.
        (at.saturating_sub(LOOKBACK)..at + 1).rev().filter(|&e| self.ends.has_items(e)).flat_map(move |e| {
            let mut ks: Vec<usize> = self.ending(e).collect();
            ks.sort_by_key(|&k| std::cmp::Reverse(self.cands[k].first));
            ks.into_iter().filter_map(move |k| match &self.cands[k].tgt {
                Tgt::Entries(es) if es.len() == 1 => Some(es[0]),
                _ => None,
            })
        })
    }

    // ----- persons introduced by a given name -----------------------------------------

    fn given_name_persons(&mut self) {
        let cx = self.cx;
        let n = cx.toks.len();
        let mut i = 0;
        while i < n {
            if !cx.is_cap_word(i) {
                i += 1;
                continue;
            }
            // Given names may be hyphenated: "Kassym-Jomart".
            let (gend, given) =
                if cx.hyphen_glued(i) && cx.kb.given.contains(&format!("{} - {}", cx.norm(i), cx.norm(i + 2))) {
                    (i + 3, true)
                } else {
                    (i + 1, cx.kb.given.contains_token(cx.toks, i))
                };
            if !given || STOP_CAPS.contains_token(cx.toks, i) {
                i += 1;
                continue;
            }
            // Already part of a known person, or of another name.
            let over: Vec<usize> = self.cands_at(i).map(|(k, _)| k).collect();
            if over.iter().any(|&k| self.is_person(&self.cands[k]) || self.cands[k].end > gend) {
                i += 1;
                continue;
            }
            let sent_end = cx.sent_end(i);
            if gend >= sent_end || !cx.toks[gend].space_before() {
                i += 1;
                continue;
            }
            // A known surname right after: "Sadyr Zhaparov", "Akylbek Japarov".
            if let Some(p) = self.cand_starting(gend).filter(|&p| self.is_person(&self.cands[p])) {
                let given_norm = crate::tokenize::normalize_phrase(&cx.text[cx.span(i, gend)]);
                let Tgt::Entries(es) = &self.cands[p].tgt else {
                    i += 1;
                    continue;
                };
                let fit: Vec<u32> = es
                    .iter()
                    .copied()
                    .filter(|&e| {
                        cx.kb
                            .entry(e)
                            .surface_forms()
                            .any(|s| crate::tokenize::normalize_phrase(s).starts_with(&given_norm))
                    })
                    .collect();
                let pend = self.cands[p].end;
                for k in over {
                    self.cands[k].dead = true;
                }
                if fit.is_empty() {
                    self.cands[p].dead = true;
                    self.push_new(i, pend, EntityType::Person, MentionKind::Name);
                } else {
                    let c = &mut self.cands[p];
                    c.first = i;
                    c.span = cx.span(i, pend);
                    c.tgt = Tgt::Entries(fit.into());
                    c.kind = MentionKind::Name;
                    self.index(p);
                }
                i = pend;
                continue;
            }
            let end = self.unknown_name(gend, sent_end);
            if end > gend {
                for k in over {
                    self.cands[k].dead = true;
                }
                self.push_new(i, end, EntityType::Person, MentionKind::Name);
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// "Jane Roe, the Lakeland foreign minister,": two or three capitalized
    /// words, a comma, then a title within a few words.
    fn apposition_persons(&mut self) {
        let cx = self.cx;
        let n = cx.toks.len();
        // Candidates added here end before `i`, so coverage from the start holds.
        let cov = self.coverage();
        let mut i = 0;
        while i < n {
            if !self.is_name_word(i) || cov[i] || self.title_at[i].is_some() {
                i += 1;
                continue;
            }
            let sent_end = cx.sent_end(i);
            let end = self.unknown_name(i, sent_end);
            let words = (i..end).filter(|&k| cx.toks[k].kind == TokenKind::Word).count();
            let starts_sentence = i == cx.sent_start(i);
            if (2..=3).contains(&words)
                && end < sent_end
                && cx.norm(end) == ","
                && !starts_sentence_with_stop(cx, i, starts_sentence)
            {
                let title_soon = (end + 1..(end + 6).min(sent_end)).any(|k| {
                    self.title_at[k]
                        .is_some_and(|t| cx.kb.title(self.titles[t as usize].title).class != TitleClass::Honorific)
                });
                if title_soon {
                    self.push_new(i, end, EntityType::Person, MentionKind::Name);
                }
            }
            i = end.max(i + 1);
        }
    }

    // ----- ambiguity ----------------------------------------------------------------

    fn resolve_ambiguous(&mut self) {
        let cx = self.cx;
        let ambiguous = |c: &Cand| !c.dead && matches!(&c.tgt, Tgt::Entries(es) if es.len() > 1);
        if !self.cands.iter().any(ambiguous) {
            return;
        }
        let mut order: Vec<usize> = (0..self.cands.len()).filter(|&k| !self.cands[k].dead).collect();
        order.sort_by_key(|&k| (self.cands[k].first, self.cands[k].end));
        // Related ids mentioned anywhere, from unambiguous mentions.
        let mut mentioned: FastSet<&str> = FastSet::default();
        for c in self.cands.iter().filter(|c| !c.dead) {
            if let Tgt::Entries(es) = &c.tgt
                && es.len() == 1
            {
                let e = cx.kb.entry(es[0]);
                mentioned.insert(e.id.as_str());
                if let Some(cty) = e.attrs.country.as_deref() {
                    mentioned.insert(cty);
                }
            }
        }
        let in_doc: FastSet<u32> = self
            .cands
            .iter()
            .filter(|c| !c.dead)
            .filter_map(|c| match &c.tgt {
                Tgt::Entries(es) if es.len() == 1 => Some(es[0]),
                _ => None,
            })
            .collect();
        let mut last_seen: FastMap<u32, usize> = FastMap::default();
        for &k in &order {
            let c = &self.cands[k];
            let Tgt::Entries(es) = &c.tgt else { continue };
            if es.len() == 1 {
                last_seen.insert(es[0], c.first);
                continue;
            }
            let title = c.title.map(|(_, t)| t);
            // A bare shared word ("Kim", "Park") needs support: a title, a
            // fuller mention of one candidate in the document, or exactly
            // one candidate leading a country or government on the date.
            if title.is_none() && c.end - c.first == 1 {
                let known: Vec<u32> = es.iter().copied().filter(|e| in_doc.contains(e)).collect();
                let leaders: Vec<u32> = es
                    .iter()
                    .copied()
                    .filter(|&e| {
                        cx.kb.role_on(e, cx.anchor).is_some_and(|r| {
                            matches!(
                                r.key(),
                                "president" | "monarch" | "supreme-leader" | "prime-minister" | "chancellor"
                            )
                        })
                    })
                    .collect();
                let narrowed = if !known.is_empty() {
                    known
                } else if leaders.len() == 1 {
                    leaders
                } else if es.iter().all(|&e| cx.kb.etype(e) == EntityType::Person) {
                    self.cands[k].dead = true;
                    continue;
                } else {
                    es.to_vec()
                };
                self.cands[k].tgt = Tgt::Entries(narrowed.into());
            }
            let c = &self.cands[k];
            let Tgt::Entries(es) = &c.tgt else { continue };
            if es.len() == 1 {
                last_seen.insert(es[0], c.first);
                continue;
            }
            let best = *es
                .iter()
                .max_by_key(|&&e| {
                    let entry = cx.kb.entry(e);
                    let title_fit = title.map_or(0, |t| {
                        let roles = &cx.kb.title(t).roles;
                        if cx.kb.holds_any(e, roles, cx.anchor, false) {
                            2
                        } else if cx.kb.holds_any(e, roles, None, true)
                            || entry.attrs.roles.iter().any(|r| roles.contains(&r.key))
                        {
                            1
                        } else {
                            0
                        }
                    });
                    let earlier = last_seen.get(&e).map_or(0, |&p| p + 1);
                    let role_now = usize::from(cx.kb.role_on(e, cx.anchor).is_some());
                    let related = entry.references().filter(|r| mentioned.contains(r)).count()
                        + usize::from(cx.kb.country_of(e).is_some_and(|cty| mentioned.contains(cty)));
                    (title_fit, earlier, role_now, related, std::cmp::Reverse(e))
                })
                .expect("ambiguous candidates are non-empty");
            last_seen.insert(best, c.first);
            self.cands[k].tgt = Tgt::Entries(OneOrMore::One(best));
        }
    }

    // ----- surnames of persons found by shape --------------------------------------------

    fn surname_coreference(&mut self) {
        let cx = self.cx;
        // Surname → the distinct persons found by shape (multi-word names)
        // that end with it: (name, a candidate of that person).
        // Gazetteer words and ids are borrowed from the knowledge base.
        let mut surnames: FastMap<Cow<str>, Vec<(Cow<str>, usize)>> = FastMap::default();
        for (k, c) in self.cands.iter().enumerate() {
            if c.dead {
                continue;
            }
            if let Tgt::New { etype: EntityType::Person, name } = &c.tgt {
                let norm = crate::tokenize::normalize_phrase(name);
                let words: Vec<&str> =
                    norm.split(' ').filter(|w| w.chars().next().is_some_and(char::is_alphanumeric)).collect();
                if words.len() >= 2 {
                    let v = surnames.entry(words[words.len() - 1].to_string().into()).or_default();
                    if !v.iter().any(|(n, _)| n == name) {
                        v.push((name.clone().into(), k));
                    }
                }
            }
        }
        // Gazetteer persons named in full: their family name alone later
        // ("Ban Ki-moon ... Ban, who"), first or last word, whichever is
        // not a given name, at least three letters.
        // Each person once, with its earliest full mention (candidates are
        // not in text order).
        let mut named: Vec<(u32, usize, usize)> = Vec::new();
        for (k, c) in self.cands.iter().enumerate() {
            if c.dead || c.kind != MentionKind::Name || c.end - c.first < 2 {
                continue;
            }
            if let Tgt::Entries(es) = &c.tgt
                && let [e] = &es[..]
                && cx.kb.etype(*e) == EntityType::Person
            {
                named.push((*e, c.first, k));
            }
        }
        named.sort_unstable();
        named.dedup_by_key(|&mut (e, _, _)| e);
        for (e, _, k) in named {
            // The id from the label (in cache by now), not the entry.
            let (id, _, _) = cx.kb.label(e);
            for w in cx.kb.family_words(e) {
                // Keyed by id: two namesakes make the family name ambiguous.
                let v = surnames.entry(Cow::Borrowed(w)).or_default();
                if !v.iter().any(|(x, _)| *x == id) {
                    v.push((Cow::Borrowed(id), k));
                }
            }
        }
        if surnames.is_empty() {
            return;
        }
        // Single-word new persons ("Mr. Overchuk") merge into the full name.
        for k in 0..self.cands.len() {
            let c = &self.cands[k];
            if c.dead {
                continue;
            }
            if let Tgt::New { etype: EntityType::Person, name } = &c.tgt
                && !name.contains(' ')
            {
                let key = crate::tokenize::normalize_phrase(name).trim_end().to_string();
                if let Some(v) = surnames.get(key.as_str())
                    && let [(_, full)] = v.as_slice()
                {
                    let full = *full;
                    let tgt = self.cands[full].tgt.clone();
                    let c = &mut self.cands[k];
                    c.tgt = tgt;
                    c.kind = MentionKind::Alias;
                }
            }
        }
        // Bare surnames elsewhere (each added one covers only its own token).
        let cov = self.coverage();
        for (i, &covered) in cov.iter().enumerate() {
            if covered || !self.is_name_word(i) || self.title_at[i].is_some() {
                continue;
            }
            if let Some(v) = surnames.get(cx.norm(i))
                && let [(_, full)] = v.as_slice()
                // A gazetteer person's family name only after the full name.
                && (matches!(self.cands[*full].tgt, Tgt::New { .. }) || self.cands[*full].first < i)
            {
                let tgt = self.cands[*full].tgt.clone();
                self.add(Cand {
                    first: i,
                    end: i + 1,
                    span: cx.toks[i].span(),
                    kind: MentionKind::Alias,
                    tgt,
                    title: None,
                    dead: false,
                });
            }
        }
    }

    // ----- output ---------------------------------------------------------------------------

    fn finish(self) -> Entities<'k> {
        let cx = self.cx;
        let mut cands: Vec<Cand> = self.cands.into_iter().filter(|c| !c.dead).collect();
        let mut out = Entities::with_capacity(cx.toks.len(), cands.len());
        cands.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
        for c in cands {
            let (id, etype, name, entry): (Cow<str>, _, Cow<str>, _) = match c.tgt {
                Tgt::Entries(es) => {
                    let (id, name, etype) = cx.kb.label(es[0]);
                    (id.into(), etype, name.into(), Some(es[0]))
                }
                Tgt::New { etype, name } => (pattern_id(etype, &name).into(), etype, name.into(), None),
            };
            let entity = out.entity(id, etype, name, entry);
            let m = MentionRec {
                first: c.first,
                end: c.end,
                span: c.span,
                kind: c.kind,
                entity,
                title: c.title.map(|(s, _)| s),
            };
            out.mention(m);
        }
        out
    }
}

/// [`STOP_CAPS`] and [`MONTHS_DAYS`] in one set.
static STOP_CAPS_MONTHS_DAYS: std::sync::LazyLock<crate::words::WordSet> =
    std::sync::LazyLock::new(|| STOP_CAPS.union(&MONTHS_DAYS));

/// Whether token `i` is a capitalized word that is not a name (a sentence
/// opener, function word, month or weekday).
#[inline(always)]
pub(crate) fn is_stop_cap(toks: &Tokens, i: usize) -> bool {
    STOP_CAPS_MONTHS_DAYS.contains_token(toks, i)
}

fn is_plural_title(norm: &str) -> bool {
    matches!(norm, "presidents" | "leaders" | "ministers" | "prime ministers" | "foreign ministers")
}

fn starts_sentence_with_stop(cx: &Cx, i: usize, starts_sentence: bool) -> bool {
    starts_sentence && STOP_CAPS.contains_token(cx.toks, i)
}

/// The text of tokens `first..end` with whitespace runs made single spaces;
/// words written all in capitals (a dateline's "JALAL-ABAD") are title-cased.
pub(crate) fn display_name(cx: &Cx, first: usize, end: usize) -> String {
    // The name is about as long as its span.
    let span_len = if first < end { cx.toks[end - 1].span().end - cx.toks[first].span().start } else { 0 };
    let mut s = String::with_capacity(span_len);
    let all_caps = (first..end).filter(|&k| cx.toks[k].kind == TokenKind::Word).all(|k| cx.toks[k].is_all_caps())
        && (first..end).any(|k| cx.text[cx.toks[k].span()].chars().count() > 3);
    for k in first..end {
        let t = &cx.toks[k];
        if k > first && t.space_before() {
            s.push(' ');
        }
        let word = &cx.text[t.span()];
        let mut chars = word.chars().filter(|&c| !crate::tokenize::is_ignorable(c));
        if all_caps && t.kind == TokenKind::Word {
            if let Some(c0) = chars.next() {
                s.push(c0);
                s.extend(chars.flat_map(char::to_lowercase));
            }
        } else if word.is_ascii() {
            // No ignorable characters are ASCII.
            s.push_str(word);
        } else {
            s.extend(chars);
        }
    }
    s
}

/// The id of an entity found by its shape rather than in a gazetteer: its
/// type and the [`slug`] of its name (`event/csto-exercise`).
pub(crate) fn pattern_id(etype: EntityType, name: &str) -> String {
    [etype.as_str(), "/", &slug(name)].concat()
}

/// A deterministic id slug: the normalized words joined by `-`.
pub(crate) fn slug(name: &str) -> String {
    // ASCII, as nearly all names are: words and numbers are the runs of
    // letters and digits, lowercased, and everything else separates them,
    // which is what tokenizing says without building tokens.
    if name.is_ascii() {
        let mut s = String::with_capacity(name.len());
        let mut gap = false;
        for b in name.bytes() {
            if !b.is_ascii_alphanumeric() {
                gap = true;
                continue;
            }
            if gap && !s.is_empty() {
                s.push('-');
            }
            gap = false;
            s.push(char::from(b.to_ascii_lowercase()));
        }
        return s;
    }
    slug_of_tokens(name)
}

/// [`slug`] through the tokenizer: any text.
fn slug_of_tokens(name: &str) -> String {
    let toks = crate::tokenize::tokenize(name);
    let mut s = String::new();
    for i in 0..toks.len() {
        if toks[i].is_wordlike() {
            if !s.is_empty() {
                s.push('-');
            }
            s.push_str(toks.norm(i));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_ids_are_type_and_slug() {
        assert_eq!(
            pattern_id(EntityType::Event, "CSTO “Combat Brotherhood” Exercise"),
            "event/csto-combat-brotherhood-exercise"
        );
        assert_eq!(pattern_id(EntityType::Person, "Ban Ki-moon"), "person/ban-ki-moon");
    }

    #[test]
    fn entities_are_found_by_id_even_when_two_ids_share_a_hash() {
        let mut ents = Entities::default();
        let a = ents.entity("person/a", EntityType::Person, "A", None);
        assert_eq!(ents.entity("person/a", EntityType::Person, "A", None), a);
        // Make "person/b" hash to a slot that "person/a" holds, as a
        // collision of two ids' hashes would.
        let hash_b = ents.hasher.hash_one("person/b");
        ents.by_hash.insert(hash_b, a);
        let b = ents.entity("person/b", EntityType::Person, "B", None);
        assert_ne!(a, b);
        assert_eq!(ents.entity("person/b", EntityType::Person, "B", None), b);
        assert_eq!((ents.find("person/a"), ents.find("person/b"), ents.find("person/c")), (Some(a), Some(b), None));
        assert_eq!(ents.ents[b].name, "B");
    }

    #[test]
    fn ascii_slugs_agree_with_the_tokenizer() {
        // Every ASCII byte somewhere, in runs of a few shapes.
        let mut names: Vec<String> = (0u8..128).map(|b| format!("Ab{}c D", char::from(b))).collect();
        names.extend(
            ["U.S.", "O'Brien", "Vostok-2018", "COP28", "28th Summit", "G-20  Summit", "AT&amp;T", "", " - ", "x"]
                .map(String::from),
        );
        let mut seed = 7u64;
        for _ in 0..2000 {
            let len = (seed % 24) as usize;
            let name: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    const BYTES: &[u8] = b" -.'aZ09&_\t/";
                    char::from(BYTES[(seed >> 33) as usize % BYTES.len()])
                })
                .collect();
            names.push(name);
        }
        for n in &names {
            assert_eq!(slug(n), slug_of_tokens(n), "{n:?}");
        }
    }

    #[test]
    fn slugs_are_normalized_words() {
        assert_eq!(slug("Kyrgyz-Russian Slavic University"), "kyrgyz-russian-slavic-university");
        assert_eq!(slug("Jeenbek  Kulubaev"), "jeenbek-kulubaev");
        assert_eq!(slug("Côte d’Ivoire"), "côte-d-ivoire");
    }
}
