//! Argument attachment: from triggers and entity mentions to relations.
//!
//! The stage works on *units*: the outermost entity mentions, demonyms
//! standing for their country ("the Kyrgyz side", "Armenian authorities"),
//! pronouns, group phrases ("the two leaders") and definite descriptions
//! ("the court", "the Kyrgyz capital"), each resolved to one or more
//! entities. Coordinations of units ("Putin and Japarov", "Russia,
//! Belarus and Kazakhstan") form groups.
//!
//! For each trigger of the lexicon the clause around it is found (it starts
//! after `;`, `:`, a relative or subordinating word, or a reporting verb),
//! then the subject and object slots of the trigger's row are filled in
//! order of preference, modality and negation are read from the words
//! between the clause start and the trigger, and place and time from the
//! clause.
//!
//! # Coreference
//!
//! - `he`/`his`/`him` (`she`/`her`): in a fronted phrase ("In his letter,
//!   Kim ...") the person after it; else the subject of the sentence if it
//!   comes before; else the subject of an earlier sentence; else the last
//!   person mentioned. `its`: the last organization or country.
//! - `they`/`their`, "the two leaders", "both presidents": the last
//!   coordination of persons (countries for "the two countries", "both
//!   sides"), else the last two persons (countries) mentioned.
//! - "the court", "the council", "the union": the last organization whose
//!   name has that word; "the organization", "the bloc": the last
//!   organization; "the country", "his country": the last country, or the
//!   person's country.

use std::cmp::Reverse;

use crate::one_or_more::OneOrMore;
use crate::token_lists::{TokenLists, TokenMap};
use crate::words::{FastMap, FastSet};

use super::triggers::{Lexicon, Pos, Slot, Trigger};
use super::{Modality, RelationType};
use crate::document::MentionKind;
use crate::entity::{Cx, Entities, MentionRec};
use crate::gazetteer::EntityType;
use crate::temporal::TimeExpr;
use crate::tokenize::TokenKind;

/// A relation before output.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RelOut<'l> {
    pub(crate) rtype: RelationType,
    pub(crate) subject: Vec<usize>,
    pub(crate) object: Vec<usize>,
    pub(crate) location: Option<usize>,
    pub(crate) time: Option<usize>,
    pub(crate) modality: Modality,
    pub(crate) negated: bool,
    pub(crate) trigger: (usize, usize),
    pub(crate) sentence: usize,
    pub(crate) confidence: f32,
    /// The trigger row's codes, borrowed from the lexicon: a relation is
    /// copied for each of its variants, and copies then cost nothing here.
    pub(crate) cameo: &'l str,
    pub(crate) plover: &'l str,
}

#[derive(Clone, Debug)]
struct Unit {
    first: usize,
    end: usize,
    ents: OneOrMore<usize>,
    kind: MentionKind,
    /// A demonym modifying a noun ("Kyrgyz counterpart"): not an argument.
    modifier: bool,
    /// Followed by `'s`.
    poss: bool,
    /// A possessive pronoun before a noun ("his visit").
    poss_pronoun: bool,
}

crate::words::word_set! {
    static PREPOSITIONS = [
    "in",
    "at",
    "on",
    "for",
    "from",
    "to",
    "with",
    "of",
    "during",
    "after",
    "before",
    "since",
    "under",
    "by",
    "near",
    "across",
    "into",
    "over",
    "than",
    "like",
    "including",
    "as",
    "around",
    "between",
    "among",
    "against",
    "about",
    "through",
    "toward",
    "towards",
    "within",
    "without",
    "via",
    "per",
    "beyond",
    "amid",
    "despite",
    "behind",
];
}
crate::words::word_set! {
    /// Pronouns that stand for a participant ("he", "their"): units of
    /// their own.
    static PRONOUN_UNITS = [
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "themselves", "its",
];
}
crate::words::word_set! {
    /// Determiners that can open a group ("the leaders", "both sides") or a
    /// metonym ("the Kremlin").
    static GROUP_DETERMINERS = ["the", "both", "these", "those", "all"];
}
/// The words [`Doc::pronoun_or_phrase`] can start a unit with: the
/// pronouns and the group determiners.
static UNIT_OPENERS: std::sync::LazyLock<crate::words::WordSet> =
    std::sync::LazyLock::new(|| PRONOUN_UNITS.union(&GROUP_DETERMINERS));
crate::words::word_set! {
    static CLAUSE_WORDS = [
    "that", "which", "who", "whom", "whose", "where", "when", "while", "because", "although", "though", "if", "unless",
    "whereas", "after", "before", "once", "until",
];
}
crate::words::word_set! {
    static REPORTING = [
    "said",
    "says",
    "say",
    "told",
    "noted",
    "added",
    "recalled",
    "stressed",
    "announced",
    "reported",
    "stated",
    "declared",
    "confirmed",
    "insisted",
    "argued",
    "warned",
    "explained",
    "emphasized",
    "emphasised",
    "indicating",
    "believes",
    "believed",
    "agreed",
];
}
crate::words::word_set! {
    static AUX = [
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "shall",
    "should",
    "do",
    "does",
    "did",
    "not",
    "n't",
    "also",
    "then",
    "later",
    "jointly",
    "officially",
    "formally",
    "reportedly",
    "expected",
    "due",
    "set",
    "scheduled",
    "planned",
    "anticipated",
    "to",
    "going",
    "about",
    "able",
    "already",
    "now",
    "still",
    "just",
    "never",
    "ever",
    "again",
    "both",
    "each",
    "all",
    "only",
    "first",
    "finally",
    "separately",
    "subsequently",
    "together",
    "personally",
    "directly",
    "last",
    "likely",
    "poised",
    "slated",
    "ready",
    "plans",
    "plan",
    "planning",
    "intends",
    "aims",
    "hopes",
];
}
crate::words::word_set! {
    static BODY_NOUNS = [
    "authorities",
    "officials",
    "leadership",
    "government",
    "side",
    "lawmakers",
    "parliament",
    "delegation",
    "forces",
    "troops",
    "military",
    "diplomats",
    "regime",
    "administration",
    "embassy",
    "peacekeepers",
    "servicemen",
    "army",
    "navy",
    "police",
    "leaders",
    "people",
    "state",
    "republic",
];
}

/// Entity types allowed as subject and as object of each relation type.
fn allowed(rt: RelationType, object: bool) -> &'static [EntityType] {
    use EntityType::*;
    use RelationType::*;
    match (rt, object) {
        (Meets, _) => &[Person, Country, Organization],
        (Visits, false) => &[Person, Country, Organization],
        (Visits, true) => &[Place, Country, Facility],
        (Hosts, false) => &[Person, Country, Place, Organization],
        (Hosts, true) => &[Person, Event, Organization],
        (Signs, false) => &[Person, Country, Organization],
        (Signs, true) => &[Document],
        (Attends, false) => &[Person, Country, Organization],
        (Attends, true) => &[Event],
        (Conducts, false) => &[Organization, Country],
        (Conducts, true) => &[Event],
        (Convenes, false) => &[Organization],
        (Convenes, true) => &[],
        (SendsMessage, false) | (Congratulates, false) => &[Person, Country, Organization],
        (SendsMessage, true) => &[Person, Organization, Event, Country],
        (Congratulates, true) => &[Person, Country, Organization],
        (RestrictsEntry, false) => &[Country, Organization],
        (RestrictsEntry, true) => &[Person],
        (Ratifies, false) => &[Country, Organization],
        (Ratifies, true) => &[Document],
    }
}

struct Doc<'c, 'a, 'k> {
    cx: &'c Cx<'a, 'k>,
    units: Vec<Unit>,
    /// token → index of the unit covering it
    unit_at: TokenMap,
    /// Coordinations: unit indices.
    groups: Vec<Vec<usize>>,
    /// unit → its group
    group_of: Vec<Option<usize>>,
    /// entity → the titles fused with its mentions
    titles_of: FastMap<usize, Vec<crate::span::Span>>,
}

/// How far back a pronoun or group phrase looks, in units.
const UNIT_LOOKBACK: usize = 300;
/// How far back "was also present" looks for the event, in tokens.
const CONTEXT_LOOKBACK: usize = 2000;
/// The most tokens a clause spans on either side of its trigger.
const CLAUSE_REACH: usize = 80;

/// Finds the relations of a document. Adds pronoun, group and description
/// mentions to `ents` as they are resolved.
pub(crate) fn extract<'l, 'k>(
    cx: &Cx<'_, 'k>,
    ents: &mut Entities<'k>,
    times: &[TimeExpr],
    lex: &'l Lexicon,
) -> Vec<RelOut<'l>> {
    let mut d = Doc::new(cx, ents);
    let mut out: Vec<RelOut> = Vec::new();
    // Triggers inside a name ("the Welcome Centre") are part of the name.
    let named: Vec<bool> = {
        let mut v = vec![false; cx.toks.len()];
        for m in &ents.mentions {
            if !matches!(ents.ents[m.entity].etype, EntityType::Event) && m.kind != MentionKind::Title {
                for x in v.iter_mut().take(m.end).skip(m.first) {
                    *x = true;
                }
            }
        }
        v
    };
    for f in lex.find(cx.toks) {
        if named[f.first] {
            continue;
        }
        for &r in f.rows {
            let row = &lex.rows[r as usize];
            if let Some(mut rels) = d.relation(ents, times, row, f.first, f.end) {
                out.append(&mut rels);
            }
        }
    }
    d.event_relations(ents, times, &mut out);
    // Mentions for the pronouns, groups and descriptions that were resolved.
    for u in &d.units {
        if matches!(u.kind, MentionKind::Pronoun | MentionKind::Group | MentionKind::Metonym) && !u.ents.is_empty() {
            for &e in &u.ents {
                ents.mention(MentionRec {
                    first: u.first,
                    end: u.end,
                    span: cx.span(u.first, u.end),
                    kind: u.kind,
                    entity: e,
                    title: None,
                });
            }
        }
    }
    ents.sort();
    dedupe(out)
}

/// One relation per (type, subject, object) per sentence; `meets` by its
/// set of participants. The first (leftmost trigger) is kept.
fn dedupe(rels: Vec<RelOut<'_>>) -> Vec<RelOut<'_>> {
    let mut seen: FastSet<(RelationType, Vec<usize>, Vec<usize>, usize)> = FastSet::default();
    let mut out = Vec::new();
    let mut rels = rels;
    rels.sort_by_key(|r| (r.trigger.0, r.rtype));
    for r in rels {
        let mut s = r.subject.clone();
        let mut o = r.object.clone();
        if r.rtype == RelationType::Meets {
            s.append(&mut o);
        }
        s.sort_unstable();
        s.dedup();
        o.sort_unstable();
        o.dedup();
        if seen.insert((r.rtype, s, o, r.sentence)) {
            out.push(r);
        }
    }
    out
}

impl<'c, 'a, 'k> Doc<'c, 'a, 'k> {
    fn new(cx: &'c Cx<'a, 'k>, ents: &mut Entities<'k>) -> Self {
        let n = cx.toks.len();
        // About one unit per mention, and a few pronouns and phrases.
        let mut units: Vec<Unit> = Vec::with_capacity(ents.mentions.len() + 8);
        let outer = ents.outermost(n);
        // Mentions are in span order (start, then longest first), so the
        // mentions of one span are next to each other.
        debug_assert!(
            ents.mentions.windows(2).all(|w| (w[0].first, Reverse(w[0].end)) <= (w[1].first, Reverse(w[1].end)))
        );
        let mut titles_of: FastMap<usize, Vec<crate::span::Span>> = FastMap::default();
        for m in &ents.mentions {
            if let Some(t) = m.title {
                titles_of.entry(m.entity).or_default().push(t);
            }
        }
        let mut i = 0;
        while i < n {
            let Some(k) = outer.get(i) else {
                // Most tokens open no unit: one hash test turns them away
                // (debug builds check that the rules would have agreed).
                let opener = UNIT_OPENERS.contains_token(cx.toks, i);
                debug_assert!(opener || Self::pronoun_or_phrase(cx, i).is_none(), "{:?}", cx.norm(i));
                if opener && let Some(u) = Self::pronoun_or_phrase(cx, i) {
                    i = u.end;
                    units.push(u);
                } else {
                    i += 1;
                }
                continue;
            };
            let m = &ents.mentions[k];
            // All the entities whose mention has exactly this span (groups),
            // in mention order.
            let span = (m.first, m.end);
            let same = |x: &MentionRec| (x.first, x.end) == span;
            let at = ents.mentions[..k].iter().rposition(|x| !same(x)).map_or(0, |j| j + 1);
            let mut es = OneOrMore::new();
            for x in ents.mentions[at..].iter().take_while(|x| same(x)) {
                es.add(x.entity);
            }
            let mut u = Unit {
                first: m.first,
                end: m.end,
                ents: es,
                kind: m.kind,
                modifier: false,
                poss: false,
                poss_pronoun: false,
            };
            let after = |j: usize| if j < n { cx.norm(j) } else { "" };
            if m.kind == MentionKind::Demonym {
                let next = after(u.end);
                if BODY_NOUNS.contains(next) {
                    u.end += 1;
                    u.kind = MentionKind::Metonym;
                } else if next == "capital" {
                    // "the Kyrgyz capital": the country's capital.
                    let country = ents.ents[m.entity].entry.map(|e| cx.kb.entry(e));
                    if let Some(cap) = country.and_then(|c| c.capital()).and_then(|id| cx.kb.entry_id(id)) {
                        let entry = cx.kb.entry(cap);
                        let e = ents.entity(&*entry.id, entry.etype, &*entry.name, Some(cap));
                        u.ents = OneOrMore::One(e);
                        u.end += 1;
                        u.kind = MentionKind::Metonym;
                    }
                } else if cx.toks.as_slice().get(u.end).is_some_and(|t| t.kind == TokenKind::Word)
                    || (next == "-" && u.end + 1 < n)
                {
                    u.modifier = true;
                }
            }
            if after(u.end) == "'" && after(u.end + 1) == "s" {
                u.poss = true;
            }
            i = u.end.max(i + 1);
            units.push(u);
        }
        for u in &mut units {
            if u.first < cx.body {
                u.modifier = true;
            }
            if u.end + 1 < n && cx.norm(u.end) == "'" && cx.norm(u.end + 1) == "s" {
                u.poss = true;
            }
        }
        let mut unit_at = TokenMap::new(n);
        for (k, u) in units.iter().enumerate() {
            for t in u.first..u.end.min(n) {
                unit_at.set(t, k);
            }
        }
        let mut d = Doc { cx, units, unit_at, groups: Vec::new(), group_of: Vec::new(), titles_of };
        d.find_groups(ents);
        d.resolve_references(ents);
        d
    }

    fn etype(&self, ents: &Entities, u: &Unit) -> Option<EntityType> {
        u.ents.first().map(|&e| ents.ents[e].etype)
    }

    /// Pronouns, group phrases and descriptions at token `i` (unresolved).
    fn pronoun_or_phrase(cx: &Cx, i: usize) -> Option<Unit> {
        let n = cx.toks.len();
        let w = cx.norm(i);
        let unit = |end: usize, kind: MentionKind| Unit {
            first: i,
            end,
            ents: OneOrMore::new(),
            kind,
            modifier: false,
            poss: false,
            poss_pronoun: false,
        };
        // Nearly every token is neither: one bit of each set's hash filter
        // turns it away, where a match on the word would compare strings.
        if PRONOUN_UNITS.contains_token(cx.toks, i) {
            let mut u = unit(i + 1, MentionKind::Pronoun);
            // "his country", "its ministers": a determiner; "her" only
            // before a word that is not a preposition ("thanked her for").
            let her_object = w == "her"
                && (i + 1 >= n || {
                    let next = cx.norm(i + 1);
                    PREPOSITIONS.contains(next)
                        || cx.toks[i + 1].kind == TokenKind::Punct
                        || matches!(next, "and" | "or" | "but" | "as" | "after" | "before" | "when")
                });
            if matches!(w, "his" | "her" | "their" | "its") && !her_object {
                u.poss_pronoun = true;
                if i + 1 < n && cx.norm(i + 1) == "country" {
                    u.end = i + 2;
                    u.kind = MentionKind::Metonym;
                }
            }
            Some(u)
        } else if GROUP_DETERMINERS.contains_token(cx.toks, i) {
            let mut k = i + 1;
            if w == "the" && k < n && matches!(cx.norm(k), "two" | "three" | "four" | "five" | "six" | "both") {
                k += 1;
            }
            if w == "both" && k < n && cx.norm(k) == "the" {
                k += 1;
            }
            if k >= n {
                return None;
            }
            let head = cx.norm(k);
            let group = matches!(
                head,
                "leaders"
                    | "presidents"
                    | "sides"
                    | "countries"
                    | "nations"
                    | "ministers"
                    | "governments"
                    | "heads"
                    | "premiers"
                    | "counterparts"
            );
            if group {
                // "the leaders of the CIS" names its own group.
                if k + 1 < n && cx.norm(k + 1) == "of" {
                    return None;
                }
                if w == "the" && k == i + 1 && matches!(head, "heads" | "ministers") {
                    return None;
                }
                let mut end = k + 1;
                if head == "heads" && end + 1 < n && cx.norm(end) == "of" && cx.norm(end + 1) == "state" {
                    end += 2;
                }
                return Some(unit(end, MentionKind::Group));
            }
            if w == "the"
                && k == i + 1
                && matches!(
                    head,
                    "court"
                        | "tribunal"
                        | "organization"
                        | "organisation"
                        | "bloc"
                        | "alliance"
                        | "union"
                        | "council"
                        | "commonwealth"
                        | "country"
                        | "republic"
                        | "kremlin"
                )
                && !(k + 1 < n && cx.norm(k + 1) == "of")
            {
                return Some(unit(k + 1, MentionKind::Metonym));
            }
            None
        } else {
            None
        }
    }

    /// Whether unit `k` stands where a subject stands: not after a
    /// preposition and not a modifier.
    fn subject_position(&self, k: usize) -> bool {
        let u = &self.units[k];
        if u.modifier || u.first < self.cx.body {
            return false;
        }
        let s0 = self.cx.sent_start_of(u.first);
        // Look back past determiners: "of the CSTO Joint Staff".
        let mut j = u.first;
        while j > s0 && matches!(self.cx.norm(j - 1), "the" | "a" | "an" | "this" | "that" | "these" | "those") {
            j -= 1;
        }
        if j == s0 {
            return true;
        }
        let prev = self.cx.norm(j - 1);
        // "troops from Russia, Belarus and ...": forces of those countries.
        if prev == "from" && j >= 2 {
            let noun = self.cx.norm(j - 2);
            if matches!(
                noun,
                "troops"
                    | "peacekeepers"
                    | "forces"
                    | "soldiers"
                    | "servicemen"
                    | "personnel"
                    | "delegations"
                    | "units"
            ) {
                return true;
            }
        }
        !PREPOSITIONS.contains(prev)
    }

    fn find_groups(&mut self, ents: &Entities) {
        let cx = self.cx;
        let n = cx.toks.len();
        self.group_of = vec![None; self.units.len()];
        let mut k = 0;
        // Reused: most units start no group.
        let mut members = Vec::new();
        while k < self.units.len() {
            members.clear();
            members.push(k);
            let mut cur = k;
            // A list needs a conjunction: "X, Y said" is an apposition.
            let mut joined = false;
            loop {
                let u = &self.units[cur];
                if u.modifier || u.ents.is_empty() && u.kind != MentionKind::Pronoun {
                    break;
                }
                let t0 = self.etype(ents, u);
                let mut j = u.end;
                let s_end = cx.sent_end_of(u.first);
                // Transparent: "of Kyrgyzstan" after a person, "(CSTO)".
                if t0 == Some(EntityType::Person)
                    && j + 1 < s_end
                    && cx.norm(j) == "of"
                    && let Some(v) = self.unit_at.get(j + 1)
                    && matches!(self.etype(ents, &self.units[v]), Some(EntityType::Country | EntityType::Place))
                {
                    j = self.units[v].end;
                }
                if j < s_end
                    && cx.norm(j) == "("
                    && let Some(c) = (j + 1..(j + 8).min(s_end)).find(|&x| cx.norm(x) == ")")
                {
                    j = c + 1;
                }
                // ", who chaired the session," / ", the Kyrgyz president,"
                if j + 1 < s_end
                    && cx.norm(j) == ","
                    && matches!(cx.norm(j + 1), "who" | "which")
                    && let Some(c) = (j + 1..(j + 14).min(s_end)).find(|&x| cx.norm(x) == ",")
                {
                    j = c;
                }
                let mut next = None;
                if j + 1 < s_end && cx.norm(j) == "," {
                    let mut x = j + 1;
                    if cx.norm(x) == "and" && x + 1 < s_end {
                        x += 1;
                        joined = true;
                    }
                    next = Some(x);
                } else if j + 1 < s_end && matches!(cx.norm(j), "and" | "&") {
                    next = Some(j + 1);
                    joined = true;
                } else if j + 2 < s_end && cx.norm(j) == "as" && cx.norm(j + 1) == "well" && cx.norm(j + 2) == "as" {
                    next = Some(j + 3);
                    joined = true;
                }
                let Some(mut x) = next else { break };
                if x < n && cx.norm(x) == "the" {
                    x += 1;
                }
                // "and his Russian counterpart Vladimir Putin": the pronoun is a determiner.
                if let Some(v) = self.unit_at.get(x)
                    && self.units[v].poss_pronoun
                    && self.units[v].kind == MentionKind::Pronoun
                {
                    let mut y = self.units[v].end;
                    while y < s_end && y < x + 5 && self.unit_at.get(y).is_none_or(|w| self.units[w].modifier) {
                        y += 1;
                    }
                    x = y;
                }
                let Some(v) = self.unit_at.get(x) else { break };
                if self.units[v].first != x || self.units[v].modifier {
                    break;
                }
                let t1 = self.etype(ents, &self.units[v]);
                let compatible = match (t0, t1) {
                    (Some(a), Some(b)) => {
                        a == b
                            || (matches!(a, EntityType::Country | EntityType::Organization)
                                && matches!(b, EntityType::Country | EntityType::Organization))
                    }
                    _ => false,
                };
                if !compatible {
                    break;
                }
                members.push(v);
                cur = v;
            }
            if !joined {
                members.truncate(1);
            }
            if members.len() >= 2 {
                let g = self.groups.len();
                for &m in &members {
                    self.group_of[m] = Some(g);
                }
                k = *members.last().expect("non-empty") + 1;
                self.groups.push(std::mem::take(&mut members));
            } else {
                k += 1;
            }
        }
    }

    /// The entities of unit `k` and of its coordination.
    fn group_ents(&self, k: usize) -> Vec<usize> {
        let mut v = Vec::new();
        match self.group_of[k] {
            Some(g) => {
                for &m in &self.groups[g] {
                    v.extend(self.units[m].ents.iter().copied());
                }
            }
            None => v.extend(self.units[k].ents.iter().copied()),
        }
        dedup_keep_first(&mut v);
        v
    }

    /// The first unit in subject position in `from..to`, with the types.
    fn first_subject(&self, ents: &Entities, from: usize, to: usize, types: &[EntityType]) -> Option<usize> {
        (from..to)
            .filter_map(|t| self.unit_at.get(t))
            .filter(|&k| self.units[k].first >= from)
            .find(|&k| self.is_subject(ents, k, types))
    }

    fn is_subject(&self, ents: &Entities, k: usize, types: &[EntityType]) -> bool {
        self.subject_position(k)
            && !self.units[k].ents.is_empty()
            && self.etype(ents, &self.units[k]).is_some_and(|t| types.contains(&t))
    }

    /// The nearest unit in subject position before `to` (and from `from`),
    /// outside embedded relative clauses.
    fn nearest_subject(&self, ents: &Entities, from: usize, to: usize, types: &[EntityType]) -> Option<usize> {
        let skip = self.relative_spans(from, to);
        (from..to)
            .rev()
            .filter(|t| !skip.iter().any(|&(a, b)| a <= *t && *t < b))
            .filter_map(|t| self.unit_at.get(t))
            .filter(|&k| self.units[k].first >= from)
            .find(|&k| self.is_subject(ents, k, types))
    }

    /// Non-restrictive relative clauses and parentheses that close before
    /// `to`: ", who chaired the session,", ", which holds ... ,", "(...)".
    fn relative_spans(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let cx = self.cx;
        let mut out = Vec::new();
        let mut k = from;
        while k < to {
            let w = cx.norm(k);
            if matches!(w, "who" | "which")
                && k > from
                && cx.norm(k - 1) == ","
                && let Some(c) = (k + 1..to.min(k + 25)).find(|&x| cx.norm(x) == ",")
            {
                out.push((k - 1, c + 1));
                k = c + 1;
                continue;
            }
            if w == "("
                && let Some(c) = (k + 1..to.min(k + 12)).find(|&x| cx.norm(x) == ")")
            {
                out.push((k, c + 1));
                k = c + 1;
                continue;
            }
            k += 1;
        }
        out
    }

    fn resolve_references(&mut self, ents: &mut Entities<'k>) {
        let cx = self.cx;
        for k in 0..self.units.len() {
            if !self.units[k].ents.is_empty() {
                continue;
            }
            let u = self.units[k].clone();
            let w = cx.norm(u.first);
            let s0 = cx.sent_start_of(u.first);
            let resolved: Vec<usize> = match u.kind {
                MentionKind::Pronoun => match w {
                    "he" | "him" | "his" | "himself" => self.person_antecedent(ents, k, Some('m')),
                    "she" | "her" | "hers" | "herself" => self.person_antecedent(ents, k, Some('f')),
                    "its" => self
                        .last_unit(ents, k, &[EntityType::Organization, EntityType::Country], s0)
                        .map(|v| self.units[v].ents.to_vec())
                        .unwrap_or_default(),
                    _ => self.group_antecedent(ents, k, EntityType::Person).unwrap_or_default(),
                },
                MentionKind::Group => {
                    let head = cx.norm(u.end - 1);
                    let t = if matches!(head, "countries" | "nations" | "sides" | "states" | "governments") {
                        EntityType::Country
                    } else {
                        EntityType::Person
                    };
                    let g = self.group_antecedent(ents, k, t);
                    if g.is_none() && head == "sides" {
                        self.group_antecedent(ents, k, EntityType::Person).unwrap_or_default()
                    } else {
                        g.unwrap_or_default()
                    }
                }
                MentionKind::Metonym => {
                    let head = cx.norm(u.end - 1);
                    if matches!(w, "his" | "her") {
                        // "his country": the country of the person.
                        let p = self.person_antecedent(ents, k, if w == "his" { Some('m') } else { Some('f') });
                        let country = p
                            .first()
                            .and_then(|&e| ents.ents[e].entry)
                            .and_then(|e| cx.kb.country_of(e))
                            .and_then(|c| cx.kb.entry_id(c));
                        match country {
                            Some(c) => {
                                let entry = cx.kb.entry(c);
                                vec![ents.entity(&*entry.id, entry.etype, &*entry.name, Some(c))]
                            }
                            None => Vec::new(),
                        }
                    } else if matches!(head, "country" | "republic") {
                        self.last_unit(ents, k, &[EntityType::Country], 0)
                            .map(|v| self.units[v].ents.to_vec())
                            .unwrap_or_default()
                    } else if matches!(head, "organization" | "organisation" | "bloc" | "alliance") {
                        self.last_unit(ents, k, &[EntityType::Organization], 0)
                            .map(|v| self.units[v].ents.to_vec())
                            .unwrap_or_default()
                    } else {
                        // "the court": the last organization with that word in its name.
                        let word = if head == "tribunal" { "court" } else { head };
                        (0..k)
                            .rev()
                            .filter(|&v| self.etype(ents, &self.units[v]) == Some(EntityType::Organization))
                            .find(|&v| {
                                self.units[v].ents.iter().any(|&e| {
                                    crate::tokenize::normalize_phrase(&ents.ents[e].name).split(' ').any(|x| x == word)
                                })
                            })
                            .map(|v| self.units[v].ents.to_vec())
                            .unwrap_or_default()
                    }
                }
                _ => Vec::new(),
            };
            self.units[k].ents = resolved.into();
        }
    }

    /// The last unit before `k` of one of the types, in this sentence or
    /// earlier (`from` limits the search).
    fn last_unit(&self, ents: &Entities, k: usize, types: &[EntityType], from: usize) -> Option<usize> {
        (0..k)
            .rev()
            .filter(|&v| self.units[v].first >= from)
            .find(|&v| !self.units[v].modifier && self.etype(ents, &self.units[v]).is_some_and(|t| types.contains(&t)))
    }

    fn person_antecedent(&self, ents: &Entities, k: usize, gender: Option<char>) -> Vec<usize> {
        let cx = self.cx;
        let u = &self.units[k];
        let s0 = cx.sent_start_of(u.first).max(u.first.saturating_sub(CLAUSE_REACH));
        let s1 = cx.sent_end_of(u.first).min(u.end + CLAUSE_REACH);
        let fits = |v: usize| -> bool {
            let un = &self.units[v];
            un.ents.len() == 1
                && ents.ents[un.ents[0]].etype == EntityType::Person
                && match (gender, ents.ents[un.ents[0]].entry.and_then(|e| cx.kb.entry(e).gender())) {
                    (Some(g), Some(h)) => g == h,
                    _ => true,
                }
        };
        // Cataphora: "In his letter, Kim ..." — a fronted phrase.
        let fronted = PREPOSITIONS.contains_token(cx.toks, s0) && (s0..u.first).all(|t| self.unit_at.get(t).is_none());
        if fronted {
            let comma = (u.end..s1).find(|&t| cx.norm(t) == ",");
            if let Some(c) = comma
                && let Some(v) =
                    (c + 1..s1).filter_map(|t| self.unit_at.get(t)).find(|&v| fits(v) && self.subject_position(v))
            {
                return self.units[v].ents.to_vec();
            }
        }
        // An object pronoun never stands for the subject of its own clause
        // ("Tamim called to congratulate him"): the last other person.
        // ("her" is a determiner unless the unit says otherwise.)
        let object_form = cx.norm(u.first) == "him" || (cx.norm(u.first) == "her" && !u.poss_pronoun);
        if object_form {
            let own_subject = (s0..u.first)
                .rev()
                .filter_map(|t| self.unit_at.get(t))
                .find(|&v| self.subject_position(v) && !self.units[v].ents.is_empty())
                .map(|v| self.units[v].ents.to_vec());
            if let Some(v) = (k.saturating_sub(UNIT_LOOKBACK)..k)
                .rev()
                .find(|&v| fits(v) && own_subject.as_deref() != Some(&self.units[v].ents[..]))
            {
                return self.units[v].ents.to_vec();
            }
        }
        // The subject of this sentence, if before.
        if let Some(v) = (s0..u.first)
            .filter_map(|t| self.unit_at.get(t))
            .find(|&v| self.subject_position(v) && !self.units[v].ents.is_empty())
            && fits(v)
        {
            return self.units[v].ents.to_vec();
        }
        // The subject of an earlier sentence, then the last person.
        for v in (k.saturating_sub(UNIT_LOOKBACK)..k).rev() {
            let un = &self.units[v];
            if un.first >= s0 {
                continue;
            }
            let vs0 = cx.sent_start_of(un.first).max(un.first.saturating_sub(CLAUSE_REACH));
            if let Some(sv) = (vs0..cx.sent_end_of(un.first).min(un.end + CLAUSE_REACH))
                .filter_map(|t| self.unit_at.get(t))
                .find(|&x| self.subject_position(x) && !self.units[x].ents.is_empty())
            {
                if fits(sv) {
                    return self.units[sv].ents.to_vec();
                }
                break;
            }
        }
        (k.saturating_sub(UNIT_LOOKBACK)..k)
            .rev()
            .find(|&v| fits(v))
            .map(|v| self.units[v].ents.to_vec())
            .unwrap_or_default()
    }

    fn group_antecedent(&self, ents: &Entities, k: usize, t: EntityType) -> Option<Vec<usize>> {
        let cx = self.cx;
        let u = &self.units[k];
        let first = u.first;
        let words: Vec<&str> = (u.first..u.end).map(|x| cx.norm(x)).collect();
        let number = words.iter().find_map(|w| match *w {
            "two" | "both" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            "five" => Some(5),
            _ => None,
        });
        // "presidents" are presidents, "leaders" heads of state or government.
        let roles: &[&str] = match words.last().copied() {
            Some("presidents") => &["president"],
            Some("leaders" | "heads" | "state" | "counterparts") => {
                &["president", "prime-minister", "chancellor", "monarch", "supreme-leader", "chairman"]
            }
            Some("premiers") => &["prime-minister"],
            _ => &[],
        };
        // Persons without a gazetteer entry fit by the titles written with them.
        let titled = |e: usize| -> bool {
            self.titles_of.get(&e).into_iter().flatten().any(|&sp| {
                let t = cx.text[sp].to_lowercase();
                roles.iter().any(|r| t.contains(&r.replace('-', " "))) || (roles.len() > 1 && t.contains("leader"))
            })
        };
        let fits = |e: usize| -> bool {
            ents.ents[e].etype == t
                && (roles.is_empty()
                    || match ents.ents[e].entry {
                        Some(x) => {
                            let r: Vec<String> = roles.iter().map(|s| s.to_string()).collect();
                            cx.kb.holds_any(x, &r, cx.anchor, true)
                        }
                        None => titled(e),
                    })
        };
        let sent = cx.tok_sent[first];
        // An earlier group phrase already resolved ("the two leaders ... the
        // two presidents"), if it is the latest candidate.
        let earlier_phrase = (k.saturating_sub(UNIT_LOOKBACK)..k).rev().find(|&v| {
            let un = &self.units[v];
            un.kind == MentionKind::Group
                && un.ents.len() >= 2
                && un.ents.iter().all(|&e| fits(e))
                && number.is_none_or(|n| un.ents.len() == n)
                && sent - cx.tok_sent[un.first] <= 3
        });
        // The last coordination of that type within three sentences.
        // (Groups are in text order: stop at the first one too far back.)
        let near = |g: &&Vec<usize>| {
            let gs = cx.tok_sent[self.units[g[0]].first];
            gs > sent || sent - gs <= 3
        };
        let g = self
            .groups
            .iter()
            .rev()
            .take_while(near)
            .filter(|g| self.units[*g.last().expect("non-empty")].end <= first)
            .filter(|g| sent - cx.tok_sent[self.units[g[0]].first] <= 3)
            .filter(|g| g.iter().all(|&m| self.units[m].ents.iter().all(|&e| fits(e))))
            .filter(|g| number.is_none_or(|n| g.len() == n))
            .max_by_key(|g| self.units[*g.last().expect("non-empty")].end);
        if let Some(p) = earlier_phrase
            && g.is_none_or(|g| self.units[*g.last().expect("non-empty")].end <= self.units[p].first)
        {
            return Some(self.units[p].ents.to_vec());
        }
        if let Some(g) = g {
            let mut v: Vec<usize> = Vec::new();
            for &m in g {
                for &e in &self.units[m].ents {
                    if !v.contains(&e) {
                        v.push(e);
                    }
                }
            }
            return Some(v);
        }
        // Else the last two (or n) such entities mentioned.
        let want = number.unwrap_or(2);
        let mut recent: Vec<usize> = Vec::new();
        for v in (k.saturating_sub(UNIT_LOOKBACK)..k).rev() {
            let un = &self.units[v];
            if un.modifier || un.ents.len() != 1 || !fits(un.ents[0]) {
                continue;
            }
            if !recent.contains(&un.ents[0]) {
                recent.push(un.ents[0]);
            }
            if recent.len() == want {
                break;
            }
        }
        (recent.len() == want).then(|| {
            recent.reverse();
            recent
        })
    }

    /// Where the clause of token `at` starts, and the word that starts it.
    fn clause_start(&self, at: usize) -> (usize, Option<&'a str>) {
        let cx = self.cx;
        let s0 = if cx.body <= at { cx.sent_start_of(at).max(cx.body) } else { cx.sent_start_of(at) };
        let s0 = s0.max(at.saturating_sub(CLAUSE_REACH));
        let mut k = at;
        while k > s0 {
            let w = cx.norm(k - 1);
            if matches!(w, ";" | ":") {
                return (k, None);
            }
            // An embedded ", who ... ," closing here: step over it.
            if w == "," {
                let open = (s0..k - 1)
                    .rev()
                    .take(25)
                    .take_while(|&x| cx.norm(x) != ",")
                    .find(|&x| matches!(cx.norm(x), "who" | "which"));
                if let Some(r) = open
                    && r > s0
                    && cx.norm(r - 1) == ","
                {
                    k = r - 1;
                    continue;
                }
            }
            // "after lawmakers voted": a clause; "the day before,": a time.
            let temporal_use = matches!(w, "after" | "before" | "until" | "once")
                && (k < 2
                    || matches!(
                        cx.norm(k - 2),
                        "day"
                            | "week"
                            | "month"
                            | "year"
                            | "days"
                            | "weeks"
                            | "months"
                            | "years"
                            | "shortly"
                            | "just"
                            | "soon"
                            | "long"
                            | "later"
                    )
                    || k >= at
                    || matches!(cx.norm(k), "," | "." | "the" | "a" | "an" | "his" | "her" | "its" | "their"));
            if CLAUSE_WORDS.contains_token(cx.toks, k - 1) && !temporal_use {
                return (k, Some(cx.toks.norm(k - 1)));
            }
            // "said the two presidents had stressed": after a reporting verb.
            if REPORTING.contains_token(cx.toks, k - 1) && k < at {
                return (k, Some(cx.toks.norm(k - 1)));
            }
            k -= 1;
        }
        (s0, None)
    }

    fn relation<'l>(
        &mut self,
        ents: &Entities,
        times: &[TimeExpr],
        row: &'l Trigger,
        tf: usize,
        te: usize,
    ) -> Option<Vec<RelOut<'l>>> {
        let cx = self.cx;
        let n = cx.toks.len();
        // The sentence, but never more than a clause's reach around the trigger.
        let s0 = cx.sent_start_of(tf).max(tf.saturating_sub(CLAUSE_REACH));
        let s1 = cx.sent_end_of(tf).min(te + CLAUSE_REACH);
        let prev = |k: usize| if k > s0 { cx.norm(k - 1) } else { "" };
        // Part of speech checks.
        let det_before =
            matches!(prev(tf), "the" | "a" | "an" | "its" | "his" | "her" | "their" | "this" | "that" | "our")
                || (tf >= s0 + 2 && prev(tf) == "s" && cx.norm(tf - 2) == "'");
        match row.pos {
            Pos::Verb if det_before => return None,
            Pos::Noun
                if matches!(
                    prev(tf),
                    "to" | "will" | "would" | "can" | "could" | "may" | "might" | "must" | "should"
                ) =>
            {
                return None;
            }
            _ => {}
        }
        // "the summit, the first in-person meeting of its kind": a noun in
        // apposition to an event describes it; it is not another act.
        if row.pos == Pos::Noun {
            // The event phrase the noun heads ("first meeting") is no stop.
            let own = self.unit_at.get(tf);
            let mut k = tf;
            while k > s0
                && tf - k < 6
                && cx.toks[k - 1].kind != TokenKind::Punct
                && (self.unit_at.get(k - 1).is_none() || self.unit_at.get(k - 1) == own)
            {
                k -= 1;
            }
            if k < tf
                && matches!(cx.norm(k), "the" | "a" | "an" | "its" | "their")
                && k >= s0 + 2
                && cx.norm(k - 1) == ","
                && let Some(u) = self.unit_at.get(k - 2)
                && self.units[u].end == k - 1
                && self.etype(ents, &self.units[u]) == Some(EntityType::Event)
            {
                return None;
            }
        }
        // "the signing ceremony", "the talks format": a noun modifying a noun.
        if row.pos == Pos::Noun
            && te < s1
            && (crate::event::event_class(cx.norm(te)).is_some() || crate::event::document_class(cx.norm(te)).is_some())
        {
            return None;
        }
        if let Some(a) = &row.flags.after {
            let p = prev(tf);
            let ok = if a == "be" {
                matches!(p, "is" | "are" | "was" | "were" | "be" | "been" | "being" | "also" | "not")
            } else {
                p == a
            };
            if !ok {
                return None;
            }
        }
        let clause_end = (te..s1).find(|&k| matches!(cx.norm(k), ";" | ":")).unwrap_or(s1);
        let window = |from: usize, to: usize| (from..to.min(n)).map(|k| cx.norm(k));
        if row.flags.needs_message
            && !window(te, (te + 6).min(clause_end)).any(|w| {
                matches!(
                    w,
                    "message"
                        | "messages"
                        | "letter"
                        | "letters"
                        | "telegram"
                        | "telegrams"
                        | "greetings"
                        | "notes"
                        | "cables"
                        | "condolences"
                        | "congratulations"
                )
            })
        {
            return None;
        }
        if row.flags.needs_entry && !window(te, clause_end).any(|w| matches!(w, "entering" | "entry" | "enter")) {
            return None;
        }
        let (cs, cword) = self.clause_start(tf);
        if row.flags.needs_obligation
            && !window(tf.saturating_sub(7).max(s0), tf).any(|w| {
                matches!(
                    w,
                    "obliged"
                        | "obligation"
                        | "required"
                        | "bound"
                        | "must"
                        | "would"
                        | "could"
                        | "should"
                        | "duty"
                        | "have"
                        | "has"
                )
            })
        {
            return None;
        }
        let subj_types = allowed(row.rtype, false);
        let obj_types = allowed(row.rtype, true);
        let mut confidence: f32 = 0.9;
        // "a meeting of the Council ... is scheduled to convene": the meeting
        // of a named body states the relation (see `event_relations`).
        if row.rtype == RelationType::Convenes
            && (s0..s1).filter_map(|k| self.unit_at.get(k)).any(|u| {
                self.units[u]
                    .ents
                    .iter()
                    .any(|&e| ents.ents[e].etype == EntityType::Event && ents.ents[e].organizer.is_some())
            })
        {
            return None;
        }

        // Passive: "was signed by", "were attended ... by".
        let passive = row.pos == Pos::Verb
            && (cx.norm(tf).ends_with("ed")
                || matches!(cx.norm(tf), "held" | "met" | "sent" | "taken" | "made" | "given"))
            && {
                let mut k = tf;
                while k > s0
                    && matches!(prev(k), "also" | "then" | "jointly" | "officially" | "formally" | "reportedly" | "not")
                {
                    k -= 1;
                }
                matches!(prev(k), "is" | "are" | "was" | "were" | "be" | "been" | "being")
            }
            && (te..clause_end).any(|k| cx.norm(k) == "by")
            // "the summit, hosted by Zuma": a participle right before "by".
            || row.pos == Pos::Verb
                && te < clause_end
                && cx.norm(te) == "by"
                && (cx.norm(tf).ends_with("ed") || matches!(cx.norm(tf), "held" | "met" | "sent"));

        let mut used_fallback = false;
        let mut subject: Vec<usize> = Vec::new();
        let mut subject_prep: Option<&str> = None;
        for s in &row.subject {
            let found = match s {
                Slot::Left if !passive => self.left(ents, tf, te, cs, cword, subj_types).or_else(|| {
                    // A fronted phrase: "During a meeting with X, Japarov said".
                    if row.pos != Pos::Verb && PREPOSITIONS.contains_token(cx.toks, cs) {
                        let comma = (te..s1).find(|&k| cx.norm(k) == ",")?;
                        used_fallback = true;
                        self.first_subject(ents, comma + 1, s1, subj_types).map(|k| self.group_ents(k))
                    } else {
                        None
                    }
                }),
                Slot::Left => None,
                Slot::Prep(p) => self.after_prep(
                    ents,
                    p,
                    te,
                    clause_end,
                    subj_types,
                    if matches!(*p, "into" | "by") { 10 } else { 4 },
                ),
                Slot::Poss => self.possessor(ents, tf, s0, subj_types),
                _ => None,
            };
            if let Some(f) = found.filter(|f| !f.is_empty()) {
                subject = f;
                if let Slot::Prep(p) = s {
                    subject_prep = Some(p);
                }
                break;
            }
        }
        if passive && subject.is_empty() && row.subject.contains(&Slot::Left) {
            subject = self.after_prep(ents, "by", te, clause_end, subj_types, 12).unwrap_or_default();
            subject_prep = Some("by");
        }
        // "attended the opening together with Akayev": a second subject.
        if matches!(row.rtype, RelationType::Attends | RelationType::Visits | RelationType::Signs)
            && let Some(k) = (te..clause_end.saturating_sub(1))
                .find(|&k| matches!(cx.norm(k), "together" | "along") && cx.norm(k + 1) == "with")
            && let Some(more) = self.right_of(ents, k + 2, clause_end, subj_types, tf)
        {
            for e in more {
                if !subject.contains(&e) {
                    subject.push(e);
                }
            }
        }
        if subject.is_empty() {
            return None;
        }

        // The object.
        let mut object: Vec<usize> = Vec::new();
        let mut object_prep: Option<(&str, usize)> = None;
        for s in &row.object {
            let found = match s {
                Slot::Right if passive => self.left(ents, tf, te, cs, cword, obj_types).or_else(|| {
                    // "after being welcomed by Klaus": the main clause's
                    // subject (a relative clause has its antecedent instead).
                    if matches!(cword, Some("which" | "who" | "that")) {
                        return None;
                    }
                    let s0b = s0.max(if cx.body <= tf { cx.body } else { 0 });
                    self.first_subject(ents, s0b, s1, obj_types).map(|k| self.group_ents(k))
                }),
                Slot::Right => self
                    .right_of(ents, te, clause_end, obj_types, tf)
                    .or_else(|| self.antecedent(ents, cs, cword, tf, obj_types)),
                Slot::Prep(p) => {
                    let r = self.after_prep(ents, p, te, clause_end, obj_types, 10);
                    if r.is_some() {
                        object_prep = Some((p, te));
                    }
                    r
                }
                Slot::Poss => self.possessor(ents, tf, s0, obj_types),
                Slot::Left => self.left(ents, tf, te, cs, cword, obj_types),
                Slot::Context => {
                    used_fallback = true;
                    self.context(ents, tf, obj_types, row.rtype)
                }
                Slot::SentencePlace => {
                    used_fallback = true;
                    self.sentence_place(ents, s0, s1, &subject)
                }
                Slot::None => None,
            };
            if let Some(mut f) = found {
                f.retain(|e| obj_types.contains(&ents.ents[*e].etype));
                if row.rtype == RelationType::Conducts {
                    f.retain(|&e| matches!(ents.ents[e].kind.as_deref(), Some("exercise" | "operation")));
                }
                if row.rtype != RelationType::Meets {
                    f.retain(|e| !subject.contains(e));
                }
                if !f.is_empty() {
                    object = f;
                    break;
                }
            }
        }
        if row.rtype == RelationType::Meets {
            object.retain(|e| !subject.contains(e));
            if object.is_empty() && subject.len() < 2 {
                return None;
            }
        } else if object.is_empty()
            && (row.flags.needs_object || matches!(row.rtype, RelationType::Hosts | RelationType::Visits))
            && !(row.flags.mutual && subject.len() >= 2)
        {
            return None;
        }

        // Modality and negation, from the clause up to the trigger; a noun
        // inside a prepositional phrase ("in light of its ratification")
        // states a fact of its own.
        let in_pp = row.pos == Pos::Noun && {
            let mut k = tf;
            let mut steps = 0;
            while k > s0 && steps < 6 && !PREPOSITIONS.contains_token(cx.toks, k - 1) {
                k -= 1;
                steps += 1;
            }
            k > s0 && PREPOSITIONS.contains_token(cx.toks, k - 1) && !matches!(prev(k), "to" | "for")
        };
        let skip = self.relative_spans(cs, tf);
        let (mut modality, mut negated) = modality(cx, cs.min(tf), tf, te, clause_end, &skip);
        if in_pp {
            // ... unless it is looked forward to: "discussion about the
            // visit", "ahead of the summit", "the conference precedes his visit".
            let prospective = (cs..tf).any(|k| {
                matches!(
                    cx.norm(k),
                    "discussion"
                        | "discussions"
                        | "preparations"
                        | "preparation"
                        | "preparing"
                        | "ahead"
                        | "upcoming"
                        | "forthcoming"
                        | "proposed"
                        | "precedes"
                        | "awaiting"
                        | "await"
                )
            });
            modality = if prospective { Modality::Planned } else { Modality::Occurred };
            negated = false;
        }
        negated |= row.flags.negated;
        if negated && (te..clause_end).any(|k| matches!(cx.norm(k), "declined" | "refused")) {
            modality = Modality::Occurred;
        }

        // Place and time.
        let mut location = None;
        if row.rtype != RelationType::Visits {
            location = self.place_of(ents, cs, tf, te, clause_end, &subject, &object);
        }
        let mut time = clause_time(times, cs, tf, te, clause_end).or_else(|| clause_time(times, s0, tf, te, s1));
        for &o in &object {
            let e = &ents.ents[o];
            if e.etype == EntityType::Event {
                location = location.or(e.location);
                time = time.or(e.date);
            }
        }
        if used_fallback {
            confidence -= 0.2;
        }
        let base = RelOut {
            rtype: row.rtype,
            subject: subject.clone(),
            object: object.clone(),
            location,
            time,
            modality,
            negated,
            trigger: (tf, te),
            sentence: cx.tok_sent[tf] as usize,
            confidence,
            cameo: &row.cameo,
            plover: &row.plover,
        };
        let mut out = Vec::new();
        // "Kim and Putin exchanged letters": one relation each way.
        let exchanged = row.flags.mutual
            && subject.len() >= 2
            && object.is_empty()
            && (cs..te).any(|k| matches!(cx.norm(k), "exchanged" | "exchange" | "exchanges" | "traded" | "trade"));
        if exchanged {
            for &a in &subject {
                for &b in &subject {
                    if a != b {
                        out.push(RelOut { subject: vec![a], object: vec![b], ..base.clone() });
                    }
                }
            }
        } else if row.flags.mutual && object.is_empty() && row.flags.needs_object {
            return None;
        } else if row.rtype == RelationType::Meets
            && object.len() >= 2
            && (cs..clause_end).any(|k| matches!(cx.norm(k), "separate" | "separately" | "individually" | "each"))
        {
            // "held separate talks with each of the five presidents": one meeting each.
            for &o in &object {
                out.push(RelOut { object: vec![o], ..base.clone() });
            }
        } else {
            out.push(base.clone());
        }
        // "with Japarov and, separately, with Aliyev": two meetings;
        // "ratified by the Senate and by the Duma": two ratifications.
        if let Some((p, _)) = object_prep {
            if let Some(more) = self.repeated_prep(ents, p, &object, te, clause_end, obj_types, tf) {
                out.push(RelOut { object: more, ..base.clone() });
            }
        } else if let Some(p) = subject_prep
            && let Some(more) = self.repeated_prep(ents, p, &subject, te, clause_end, subj_types, tf)
        {
            out.push(RelOut { subject: more, ..base.clone() });
        }
        // "travelled to Yerevan for a summit": the visitor attends it.
        if matches!(row.rtype, RelationType::Visits | RelationType::Hosts) {
            let attendee = if row.rtype == RelationType::Visits { subject.clone() } else { object.clone() };
            let place =
                if row.rtype == RelationType::Visits { object.first().copied() } else { subject.first().copied() };
            let place = place.filter(|&p| matches!(ents.ents[p].etype, EntityType::Place | EntityType::Country));
            if let Some(ev) = self.after_prep(ents, "for", te, clause_end, &[EntityType::Event], 12)
                && !attendee.is_empty()
                && attendee.iter().all(|&e| ents.ents[e].etype == EntityType::Person)
            {
                let e = &ents.ents[ev[0]];
                out.push(RelOut {
                    rtype: RelationType::Attends,
                    subject: attendee,
                    object: ev.clone(),
                    location: e.location.or(place).or(location),
                    time,
                    cameo: "044",
                    plover: "CONSULT",
                    confidence: confidence - 0.1,
                    ..base
                });
            }
        }
        Some(out)
    }

    /// The last token of the unit of entity `e` between `from` and `to`.
    fn last_token_of(&self, e: usize, from: usize, to: usize) -> Option<usize> {
        (from..to).rev().find(|&k| self.unit_at.get(k).is_some_and(|u| self.units[u].ents.contains(&e)))
    }

    /// The clause subject before the trigger: the nearest unit in subject
    /// position; for an inverted "Attending were A, B and C" the one after;
    /// for a participle opening the sentence ("Welcoming X, Japarov said")
    /// the main clause's; for verbs joined by "and" the first verb's; for a
    /// relative clause with none of its own, the antecedent.
    fn left(
        &self,
        ents: &Entities,
        tf: usize,
        te: usize,
        cs: usize,
        cword: Option<&str>,
        types: &[EntityType],
    ) -> Option<Vec<usize>> {
        let cx = self.cx;
        let s0 = cx.sent_start_of(tf).max(if cx.body <= tf { cx.body } else { 0 }).max(tf.saturating_sub(CLAUSE_REACH));
        let s1 = cx.sent_end_of(tf).min(te + CLAUSE_REACH);
        let prev = |k: usize| if k > s0 { cx.norm(k - 1) } else { "" };
        if tf == s0 && te < s1 && matches!(cx.norm(te), "were" | "was" | "are" | "is") {
            return self.first_subject(ents, te + 1, s1, types).map(|k| self.group_ents(k));
        }
        if (tf == s0 || prev(tf) == ",") && cx.norm(tf).ends_with("ing") && (tf == s0 || cs == tf) {
            let comma = (te..s1).find(|&k| cx.norm(k) == ",")?;
            return self.first_subject(ents, comma + 1, s1, types).map(|k| self.group_ents(k));
        }
        let mut k = tf;
        while k > s0
            && (AUX.contains_token(cx.toks, k - 1)
                || matches!(prev(k), "no" | "under" | "obligation" | "obliged" | "required" | "bound"))
        {
            k -= 1;
        }
        // "and is under no obligation to", ", now bound to": the verb shares
        // the subject of the sentence.
        if k > s0
            && matches!(prev(k), "and" | "but" | ",")
            && self.unit_at.get(k - 1).is_none()
            && (prev(k) != "," || k < tf)
            && let Some(u) = self.first_subject(ents, s0, k - 1, types)
        {
            return Some(self.group_ents(u));
        }
        if let Some(u) = self.nearest_subject(ents, cs, tf, types) {
            return Some(self.group_ents(u));
        }
        // A relative clause with no subject of its own: its antecedent.
        if cword == Some("which") {
            return self.thing_antecedent(ents, cs, types);
        }
        if matches!(cword, Some("who" | "that")) {
            return self.antecedent_unit(ents, cs, types);
        }
        None
    }

    /// What ", which ..." refers to: the nearest thing before it (an event,
    /// document, organization or place, never a person), over an
    /// apposition ("the summit, the first meeting of its kind, which").
    fn thing_antecedent(&self, ents: &Entities, cs: usize, types: &[EntityType]) -> Option<Vec<usize>> {
        let s0 = self.cx.sent_start_of(cs);
        let from = cs.saturating_sub(16).max(s0);
        let u = (from..cs.saturating_sub(1)).rev().filter_map(|t| self.unit_at.get(t)).find(|&u| {
            let un = &self.units[u];
            !un.modifier && !un.ents.is_empty() && self.etype(ents, un).is_some_and(|t| t != EntityType::Person)
        })?;
        self.etype(ents, &self.units[u]).is_some_and(|t| types.contains(&t)).then(|| self.group_ents(u))
    }

    /// The unit a relative clause starting at `cs` refers back to.
    fn antecedent_unit(&self, ents: &Entities, cs: usize, types: &[EntityType]) -> Option<Vec<usize>> {
        let cx = self.cx;
        let s0 = cx.sent_start_of(cs);
        let mut a = cs.checked_sub(1)?;
        for _ in 0..5 {
            if a <= s0 {
                return None;
            }
            if let Some(u) = self.unit_at.get(a - 1) {
                let un = &self.units[u];
                if !un.modifier && self.etype(ents, un).is_some_and(|t| types.contains(&t)) {
                    return Some(self.group_ents(u));
                }
                return None;
            }
            // Only over a comma and a noun phrase ("IB 2023, a program that"),
            // never over a verb ("Zhaparov noted that").
            if REPORTING.contains_token(cx.toks, a - 1)
                || AUX.contains_token(cx.toks, a - 1)
                || cx.norm(a - 1).ends_with("ed")
            {
                return None;
            }
            a -= 1;
        }
        None
    }

    /// The object of a relative clause with a subject of its own ("the
    /// mission that the organization carried out"): the antecedent.
    fn antecedent(
        &self,
        ents: &Entities,
        cs: usize,
        cword: Option<&str>,
        tf: usize,
        types: &[EntityType],
    ) -> Option<Vec<usize>> {
        if !matches!(cword, Some("that" | "which")) || !(cs..tf).any(|k| self.unit_at.get(k).is_some()) {
            return None;
        }
        self.antecedent_unit(ents, cs - 1, types)
    }

    /// The unit (and its coordination) after the first `prep` within
    /// `limit` tokens after the trigger, skipping determiners, adjectives and
    /// modifiers; "participants at X" passes through to X.
    /// The arguments of a preposition repeated after `args` and "and":
    /// "with Japarov and, separately, with Aliyev", "by X and by Y".
    #[allow(clippy::too_many_arguments)]
    fn repeated_prep(
        &self,
        ents: &Entities,
        prep: &str,
        args: &[usize],
        te: usize,
        clause_end: usize,
        types: &[EntityType],
        tf: usize,
    ) -> Option<Vec<usize>> {
        let cx = self.cx;
        let prev = |k: usize| if k > 0 { cx.norm(k - 1) } else { "" };
        let last = args.iter().filter_map(|&e| self.last_token_of(e, te, clause_end)).max().unwrap_or(te);
        let k = (last..clause_end.min(last + 6))
            .find(|&k| cx.norm(k) == prep && matches!(prev(k), "," | "and" | "separately"))?;
        if !(last..k).any(|j| cx.norm(j) == "and") {
            return None;
        }
        self.right_of(ents, k + 1, clause_end, types, tf).filter(|more| more.iter().all(|e| !args.contains(e)))
    }

    fn after_prep(
        &self,
        ents: &Entities,
        prep: &str,
        te: usize,
        end: usize,
        types: &[EntityType],
        limit: usize,
    ) -> Option<Vec<usize>> {
        let cx = self.cx;
        let p = (te..(te + limit).min(end)).find(|&k| cx.norm(k) == prep && self.unit_at.get(k).is_none())?;
        self.right_of(ents, p + 1, end, types, te)
    }

    /// The first argument unit from `from`, before the clause ends or
    /// another preposition begins.
    fn right_of(
        &self,
        ents: &Entities,
        from: usize,
        end: usize,
        types: &[EntityType],
        tf: usize,
    ) -> Option<Vec<usize>> {
        let cx = self.cx;
        let mut k = from;
        let mut steps = 0;
        while k < end && steps < 12 {
            if let Some(u) = self.unit_at.get(k) {
                let un = &self.units[u];
                let ok_type = self.etype(ents, un).is_some_and(|t| types.contains(&t));
                let arg = !un.modifier && !un.poss && !un.poss_pronoun && !un.ents.is_empty();
                if arg && ok_type {
                    return Some(self.group_ents(u));
                }
                if arg && un.kind != MentionKind::Demonym {
                    // Another argument stands first: "hosted Putin in December".
                    if self.etype(ents, un) != Some(EntityType::Event) || types.contains(&EntityType::Event) {
                        return None;
                    }
                }
                k = un.end;
                steps += 1;
                continue;
            }
            let w = cx.norm(k);
            if matches!(w, "participants" | "guests" | "delegates" | "attendees") {
                if k + 1 < end && matches!(cx.norm(k + 1), "at" | "of" | "in") {
                    k += 2;
                    continue;
                }
                // "messages to the participants": of the event last named.
                return self.context(ents, tf, &[EntityType::Event], RelationType::Attends);
            }
            // "his Kyrgyz counterpart, Sadyr Japarov": an apposition.
            if w == ","
                && k > from
                && k + 1 < end
                && let Some(v) = self.unit_at.get(k + 1)
                && self.etype(ents, &self.units[v]) == Some(EntityType::Person)
                && types.contains(&EntityType::Person)
            {
                k += 1;
                continue;
            }
            if PREPOSITIONS.contains_token(cx.toks, k) && k > from && w != "of"
                || CLAUSE_WORDS.contains_token(cx.toks, k)
                || matches!(w, "," | ";" | "." | "and") && k > from
            {
                return None;
            }
            k += 1;
            steps += 1;
        }
        None
    }

    /// A possessor right before the trigger ("Putin's visit", "his trip",
    /// "the Rome Statute's ratification"), allowing adjectives between.
    fn possessor(&self, ents: &Entities, tf: usize, s0: usize, types: &[EntityType]) -> Option<Vec<usize>> {
        let cx = self.cx;
        let mut k = tf;
        let mut steps = 0;
        while k > s0 && steps < 4 {
            let j = k - 1;
            if let Some(u) = self.unit_at.get(j) {
                let un = &self.units[u];
                if (un.poss || un.poss_pronoun) && self.etype(ents, un).is_some_and(|t| types.contains(&t)) {
                    return Some(un.ents.to_vec());
                }
                if !un.modifier {
                    return None;
                }
                k = un.first;
            } else if matches!(cx.norm(j), "'" | "s")
                || cx.toks[j].kind == TokenKind::Word
                    && !PREPOSITIONS.contains_token(cx.toks, j)
                    && !matches!(cx.norm(j), "the" | "a" | "an")
            {
                k = j;
            } else {
                return None;
            }
            steps += 1;
        }
        None
    }

    /// The last entity of the types mentioned before the trigger.
    fn context(&self, ents: &Entities, tf: usize, types: &[EntityType], rt: RelationType) -> Option<Vec<usize>> {
        let u = (tf.saturating_sub(CONTEXT_LOOKBACK)..tf).rev().filter_map(|t| self.unit_at.get(t)).find(|&u| {
            let un = &self.units[u];
            // A law is signed, not ratified.
            let law = |e: usize| rt == RelationType::Ratifies && ents.ents[e].kind.as_deref() == Some("law");
            !un.modifier
                && un.ents.first().is_some_and(|&e| !law(e))
                && self.etype(ents, un).is_some_and(|t| types.contains(&t))
        })?;
        Some(vec![self.units[u].ents[0]])
    }

    /// A visit's destination when the text gives none: a place or country of
    /// the sentence that is not the visitor's own.
    fn sentence_place(&self, ents: &Entities, s0: usize, s1: usize, subject: &[usize]) -> Option<Vec<usize>> {
        let cx = self.cx;
        let own: Vec<&str> =
            subject.iter().filter_map(|&e| ents.ents[e].entry).filter_map(|e| cx.kb.country_of(e)).collect();
        (s0..s1).filter_map(|t| self.unit_at.get(t)).find_map(|u| {
            let un = &self.units[u];
            if un.modifier || un.ents.len() != 1 || (un.first > s0 && cx.norm(un.first - 1) == "from") {
                return None;
            }
            let e = &ents.ents[un.ents[0]];
            (matches!(e.etype, EntityType::Country | EntityType::Place) && !own.contains(&&*e.id))
                .then(|| vec![un.ents[0]])
        })
    }

    /// "in Bishkek", "at the residence in Bishkek": a place of the clause,
    /// places and countries before facilities.
    #[allow(clippy::too_many_arguments)]
    fn location(
        &self,
        ents: &Entities,
        cs: usize,
        tf: usize,
        te: usize,
        end: usize,
        subject: &[usize],
        object: &[usize],
    ) -> Option<usize> {
        let cx = self.cx;
        let mut facility = None;
        let skip = self.relative_spans(cs, end);
        let order = (te..end).chain(cs..tf);
        for k in order {
            if !matches!(cx.norm(k), "in" | "at") || skip.iter().any(|&(a, b)| a <= k && k < b) {
                continue;
            }
            let mut j = k + 1;
            if j < end && cx.norm(j) == "the" {
                j += 1;
            }
            // "in Russia's Amur region": the possessed place.
            while let Some(u) = self.unit_at.get(j) {
                if self.units[u].poss && self.units[u].end + 2 < end {
                    j = self.units[u].end + 2;
                } else {
                    break;
                }
            }
            let Some(mut u) = self.unit_at.get(j) else { continue };
            // "in the Red Sea city of Jeddah", "in the Uzbek city of Samarkand".
            let after = self.units[u].end;
            if after + 2 < end
                && matches!(
                    cx.norm(after),
                    "city" | "town" | "port" | "resort" | "capital" | "village" | "region" | "province"
                )
                && cx.norm(after + 1) == "of"
                && let Some(v) = self.unit_at.get(after + 2)
            {
                u = v;
            }
            let un = &self.units[u];
            if un.ents.len() != 1 || subject.contains(&un.ents[0]) || object.contains(&un.ents[0]) {
                continue;
            }
            match ents.ents[un.ents[0]].etype {
                EntityType::Place | EntityType::Country => return Some(un.ents[0]),
                EntityType::Facility => facility = facility.or(Some(un.ents[0])),
                _ => {}
            }
        }
        facility
    }

    /// A relation's place: its clause's, else its sentence's, else (in the
    /// story's first sentence) the dateline's.
    #[allow(clippy::too_many_arguments)]
    fn place_of(
        &self,
        ents: &Entities,
        cs: usize,
        tf: usize,
        te: usize,
        clause_end: usize,
        subject: &[usize],
        object: &[usize],
    ) -> Option<usize> {
        let cx = self.cx;
        let s0 = cx.sent_start_of(tf).max(if cx.body <= tf { cx.body } else { 0 }).max(tf.saturating_sub(CLAUSE_REACH));
        let s1 = cx.sent_end_of(tf).min(te + CLAUSE_REACH);
        self.location(ents, cs, tf, te, clause_end, subject, object)
            .or_else(|| {
                // "from Brussels, where he attended a summit and held talks":
                // the place the clause hangs on.
                let w = (s0.max(tf.saturating_sub(30)) + 2..tf).rev().find(|&k| cx.norm(k) == "where")?;
                if cx.norm(w - 1) != "," || (w..tf).any(|k| matches!(cx.norm(k), ";" | ":")) {
                    return None;
                }
                let u = self.unit_at.get(w - 2)?;
                let un = &self.units[u];
                let place = *un.ents.first()?;
                (un.ents.len() == 1
                    && matches!(ents.ents[place].etype, EntityType::Place | EntityType::Facility)
                    && !subject.contains(&place)
                    && !object.contains(&place))
                .then_some(place)
            })
            .or_else(|| self.location(ents, s0, tf, te, s1, subject, object))
            .or_else(|| {
                // The dateline names where the lede happens.
                let lede = cx.body > 0
                    && cx.sent_start_of(cx.body.min(cx.toks.len().saturating_sub(1))) == cx.sent_start_of(tf);
                let place = (0..cx.body).filter_map(|t| self.unit_at.get(t)).find_map(|u| {
                    let un = &self.units[u];
                    (un.ents.len() == 1 && ents.ents[un.ents[0]].etype == EntityType::Place).then(|| un.ents[0])
                })?;
                (lede && !subject.contains(&place) && !object.contains(&place)).then_some(place)
            })
    }

    /// `convenes` for every named meeting of an organization ("a summit of
    /// the CIS", "the BRICS summit", "a session of the Council of Foreign
    /// Ministers"), once per organization and sentence.
    fn event_relations(&self, ents: &Entities, times: &[TimeExpr], out: &mut Vec<RelOut<'_>>) {
        let cx = self.cx;
        // Token → mentions starting there; built at the first named meeting.
        let mut by_first: Option<TokenLists> = None;
        for m in &ents.mentions {
            let e = &ents.ents[m.entity];
            if e.etype != EntityType::Event || e.kind.as_deref() != Some("meeting") || m.kind != MentionKind::Name {
                continue;
            }
            let Some(org) = e.organizer else { continue };
            if ents.ents[org].etype != EntityType::Organization {
                continue;
            }
            // The organization must be named in this mention.
            let named_here = (m.first..m.end).any(|t| self.unit_at.get(t).is_some()) && {
                let by_first = by_first.get_or_insert_with(|| {
                    let mut lists = TokenLists::new(cx.toks.len());
                    for (k, x) in ents.mentions.iter().enumerate() {
                        lists.push(x.first, k);
                    }
                    lists
                });
                (m.first..m.end)
                    .any(|t| by_first.get(t).any(|x| ents.mentions[x].entity == org && ents.mentions[x].end <= m.end))
            };
            if !named_here || m.first < cx.body {
                continue;
            }
            let head = (m.first..m.end).find(|&k| crate::event::event_class(cx.norm(k)).is_some()).unwrap_or(m.first);
            let s1 = cx.sent_end_of(head).min(m.end + CLAUSE_REACH);
            let (cs, _) = self.clause_start(head);
            let clause_end = (m.end..s1)
                .find(|&k| {
                    matches!(cx.norm(k), ";" | ":")
                        || (CLAUSE_WORDS.contains_token(cx.toks, k) && cx.norm(k - 1) == ",")
                })
                .unwrap_or(s1);
            // The clause's modality, wherever its markers stand ("a meeting
            // ... is scheduled to convene"); whether someone attends or not
            // does not deny the meeting.
            let skip = self.relative_spans(cs, clause_end);
            let chain_end = (m.end..clause_end)
                .find(|&k| matches!(cx.norm(k), "," | "(" | "in" | "on" | "at"))
                .unwrap_or(clause_end);
            let (modality, _) = modality(cx, cs, chain_end, chain_end, chain_end, &skip);
            let location = e.location.or_else(|| self.place_of(ents, cs, m.first, m.end, clause_end, &[org], &[]));
            let time = clause_time(times, cs, m.first, m.end, clause_end)
                .or(e.date)
                .or_else(|| clause_time(times, cx.sent_start_of(head), m.first, m.end, s1));
            let sentence = cx.tok_sent[head] as usize;
            // A visit's destination or a hosting place in the same sentence.
            let location = location.or_else(|| {
                out.iter().filter(|r| r.sentence == sentence).find_map(|r| match r.rtype {
                    RelationType::Visits => r.object.first().copied(),
                    RelationType::Hosts => r
                        .subject
                        .first()
                        .copied()
                        .filter(|&s| matches!(ents.ents[s].etype, EntityType::Place | EntityType::Country)),
                    _ => None,
                })
            });
            out.push(RelOut {
                rtype: RelationType::Convenes,
                subject: vec![org],
                object: Vec::new(),
                location,
                time,
                modality,
                negated: false,
                trigger: (head, head + 1),
                sentence,
                confidence: 0.75,
                cameo: "040",
                plover: "CONSULT",
            });
        }
    }
}

crate::words::word_set! {
    /// Every word the scan before a trigger in [`modality`] acts on: any
    /// other token is passed over on its hash, without comparing strings.
    static MODALITY_CUES = [
    "will", "shall", "upcoming", "next", "forthcoming", "precedes", "ahead", "ll", "due", "expected", "scheduled",
    "set", "anticipated", "planned", "slated", "going", "poised", "likely", "plans", "plan", "planning", "intends",
    "intend", "aims", "hopes", "agreed", "decided", "to", "has", "have", "needs", "need", "would", "must", "face",
    "may", "could", "might", "should", "if", "unless", "obliged", "obligation", "required", "bound", "faces",
    "facing", "risk", "risks", "not", "never", "no", "refused", "declined", "failed", "without", "nor", "n't",
    "cancelled", "canceled", "scrapped", "postponed", "shelved", "t", "yet",
];
}

/// Modality and negation from the words between the clause start and the
/// trigger (and a "but declined" after it).
fn modality(cx: &Cx, cs: usize, tf: usize, te: usize, end: usize, skip: &[(usize, usize)]) -> (Modality, bool) {
    let mut planned = false;
    let mut possible = false;
    let mut negated = false;
    for k in cs..tf {
        // Debug builds run every token through the match, to check that
        // none of the words it acts on is missing from the set.
        let cue = MODALITY_CUES.contains_token(cx.toks, k);
        if (!cue && !cfg!(debug_assertions)) || skip.iter().any(|&(a, b)| a <= k && k < b) {
            continue;
        }
        let before = (planned, possible, negated);
        let w = cx.norm(k);
        let next = if k + 1 < cx.toks.len() { cx.norm(k + 1) } else { "" };
        match w {
            "will" | "shall" | "upcoming" | "next" | "forthcoming" | "precedes" | "ahead" => planned = true,
            "ll" if k > 0 && cx.norm(k - 1) == "'" => planned = true,
            "due" | "expected" | "scheduled" | "set" | "anticipated" | "planned" | "slated" | "going" | "poised"
            | "likely"
                if next == "to" || next == "for" =>
            {
                planned = true
            }
            "plans" | "plan" | "planning" | "intends" | "intend" | "aims" | "hopes" | "agreed" | "decided"
                if next == "to" =>
            {
                planned = true
            }
            "to" if k > 0 && matches!(cx.norm(k - 1), "is" | "are" | "am") => planned = true,
            // "has to be ratified", "needs to approve": an obligation ahead.
            "has" | "have" | "needs" | "need" if next == "to" => planned = true,
            "would" if next == "later" => planned = true,
            "must" => planned = true,
            // "face-to-face talks" face nothing.
            "face" if next == "-" || (k > 0 && cx.norm(k - 1) == "-") => {}
            // "May 19" is a month.
            "may"
                if next.bytes().next().is_some_and(|b| b.is_ascii_digit())
                    || (k > 0 && cx.toks[k - 1].kind == TokenKind::Number) => {}
            "would" | "could" | "may" | "might" | "should" | "if" | "unless" | "obliged" | "obligation"
            | "required" | "bound" | "face" | "faces" | "facing" | "risk" | "risks" => possible = true,
            "not" | "never" | "no" | "refused" | "declined" | "failed" | "without" | "nor" | "n't" | "cancelled"
            | "canceled" | "scrapped" | "postponed" | "shelved" => negated = true,
            // "didn't", "won't": the tokens are `didn`, `'`, `t`.
            "t" if k >= 2 && cx.norm(k - 1) == "'" && cx.norm(k - 2).ends_with('n') => {
                negated = true;
                if cx.norm(k - 2) == "won" {
                    planned = true;
                }
            }
            // "has yet to ratify": not yet.
            "yet" if next == "to" => negated = true,
            _ => {}
        }
        debug_assert!(cue || before == (planned, possible, negated), "{w:?} is missing from MODALITY_CUES");
    }
    // "called off his trip", "put off the visit".
    if te + 1 < end && matches!(cx.norm(te), "off") {
        negated = true;
    }
    if tf >= 2 && matches!(cx.norm(tf - 1), "off") && matches!(cx.norm(tf - 2), "called" | "call" | "calls" | "put") {
        negated = true;
    }
    // "had been due to host the drills but declined".
    for k in te..end {
        if cx.norm(k) == "but" && k + 1 < end && matches!(cx.norm(k + 1), "declined" | "refused" | "failed" | "did") {
            negated = true;
        }
    }
    let m = if possible {
        Modality::Possible
    } else if planned {
        Modality::Planned
    } else {
        Modality::Occurred
    };
    (m, negated)
}

/// The time of a clause: the nearest date or interval after the trigger,
/// else before it.
fn clause_time(times: &[TimeExpr], cs: usize, tf: usize, te: usize, end: usize) -> Option<usize> {
    use crate::document::TimeKind;
    let ok = |t: &TimeExpr| matches!(t.kind, TimeKind::Date | TimeKind::Interval);
    // Times are in text order.
    let at = times.partition_point(|t| t.first < te);
    let after = times[at..]
        .iter()
        .enumerate()
        .take_while(|(_, t)| t.first < end)
        .find(|(_, t)| ok(t))
        .map(|(k, t)| (at + k, t));
    let before = times[..times.partition_point(|t| t.first < tf)]
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, t)| t.first >= cs)
        .find(|(_, t)| ok(t) && t.end <= tf);
    match (after, before) {
        (Some((a, at)), Some((b, bt))) => Some(if at.first - te <= tf - bt.end { a } else { b }),
        (a, b) => a.or(b).map(|(k, _)| k),
    }
}

/// Drops the repeats of `v`, keeping each item's first place. Nearly
/// always a few items: each is compared with the ones kept before it; a
/// long list goes through a set, to stay linear.
fn dedup_keep_first(v: &mut Vec<usize>) {
    if v.len() <= 16 {
        let mut kept = 0;
        for k in 0..v.len() {
            if !v[..kept].contains(&v[k]) {
                v[kept] = v[k];
                kept += 1;
            }
        }
        v.truncate(kept);
    } else {
        let mut seen = FastSet::default();
        v.retain(|e| seen.insert(*e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The units that [`Doc::pronoun_or_phrase`] opens in `text`, read left
    /// to right as [`Doc::new`] reads the tokens outside entities: each
    /// unit's text, kind and whether it is a possessive pronoun.
    fn units_of(text: &str) -> Vec<(String, MentionKind, bool)> {
        let kb = crate::kb::Kb::build(
            Vec::new(),
            Default::default(),
            Default::default(),
            crate::matcher::MatchEngine::TokenTrie,
        )
        .expect("an empty knowledge base builds");
        let toks = crate::tokenize::tokenize(text);
        let sents = crate::sentence::sentences(text, &toks);
        let tok_sent = crate::sentence::token_sentences(&sents, toks.len());
        let cx = Cx { text, toks: &toks, sents: &sents, tok_sent: &tok_sent, kb: &kb, anchor: None, body: 0 };
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match Doc::pronoun_or_phrase(&cx, i) {
                Some(u) => {
                    out.push((text[cx.span(u.first, u.end)].to_string(), u.kind, u.poss_pronoun));
                    i = u.end;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn pronouns_groups_and_metonyms_open_units() {
        use MentionKind::*;
        let got = units_of(
            "She said their country and the two sides had met the alliance; all ministers thanked her for it, \
             then them and hers. The talks of the council of elders and These delegates ended.",
        );
        let want = [
            ("She", Pronoun, false),
            ("their country", Metonym, true),
            ("the two sides", Group, false),
            ("the alliance", Metonym, false),
            ("all ministers", Group, false),
            // "her" before a preposition is an object, not a determiner.
            ("her", Pronoun, false),
            ("them", Pronoun, false),
            ("hers", Pronoun, false),
        ];
        let want: Vec<(String, MentionKind, bool)> = want.iter().map(|&(t, k, p)| (t.to_string(), k, p)).collect();
        // None for "it", "The talks" (not a group noun), "the council of
        // elders" (the "of" phrase names it) or "These delegates".
        assert_eq!(got, want);
    }

    #[test]
    fn repeats_are_dropped_in_first_place_order() {
        for n in [0, 1, 5, 16, 17, 200] {
            // Items 0..n/2, then 0..n-n/2 in reverse: repeats on both sides
            // of the short-list limit.
            let mut v: Vec<usize> = (0..n / 2).chain((0..n - n / 2).rev()).collect();
            dedup_keep_first(&mut v);
            let want: Vec<usize> = (0..n / 2).chain((n / 2..n - n / 2).rev()).collect();
            assert_eq!(v, want, "{n} items");
        }
    }
}
