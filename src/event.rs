//! Events and documents found by their shape, with their organizer, place
//! and date, and the later phrases that refer back to them.
//!
//! - Named events: capitalized words followed by a year ("Indestructible
//!   Brotherhood 2023", "Combat Brotherhood-2023"); a gazetteer series name
//!   followed by a year becomes that year's event of the series.
//! - Described events: a head noun (summit, meeting, ceremony, exercise,
//!   drills, talks, conference...) with its modifiers ("the 10th
//!   interregional conference", "anniversary events", "the Bishkek talks")
//!   and an `of` complement ("a summit of the CIS", "the opening of the
//!   base"). An organization inside the phrase is its organizer; "in X"
//!   after it its place; a date right after it its date.
//! - Documents: agreement, treaty, memorandum, package of documents...
//!
//! # Which phrases are the same event
//!
//! A named event is itself. A described event with an organizer is the same
//! as any other of its class (summit, meeting, gathering and session are one
//! class; exercise, drills and manoeuvres another) with the same organizer:
//! "a summit of the CIS" and "Friday's CIS gathering". A bare definite
//! phrase ("the drills", "the gathering", "this year's exercise", "the
//! treaty") refers to the last event (or document) of its class. A
//! description right before a name ("the exercise Indestructible Brotherhood
//! 2023", "exercises labeled ...") is a mention of the named event.

use std::sync::LazyLock;

use crate::token_lists::{TokenLists, TokenMap};
use crate::words::{FastMap, WordSet};

use crate::document::MentionKind;
use crate::entity::{Cx, Entities, MentionRec, display_name, pattern_id};
use crate::gazetteer::EntityType;
use crate::temporal::TimeExpr;
use crate::tokenize::TokenKind;

/// Declares a function from a word to its class, and the list of its words.
macro_rules! word_classes {
    ($(#[$m:meta])* fn $f:ident; const $words:ident; $($class:literal => [$($w:literal),+ $(,)?]),+ $(,)?) => {
        $(#[$m])*
        pub(crate) fn $f(norm: &str) -> Option<&'static str> {
            Some(match norm {
                $($($w)|+ => $class,)+
                _ => return None,
            })
        }

        #[doc = concat!("The words [`", stringify!($f), "`] knows.")]
        const $words: &[&str] = &[$($($w),+),+];
    };
}

word_classes! {
    /// The class of an event head noun, or `None` if the word is not one.
    fn event_class;
    const EVENT_HEADS;
    "meeting" => ["summit", "summits", "meeting", "meetings", "gathering", "gatherings", "session", "sessions"],
    "exercise" => ["exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres", "wargames"],
    "talks" => ["talks", "negotiations", "consultations"],
    "conference" => ["conference", "conferences"],
    "forum" => ["forum", "forums"],
    "ceremony" => ["ceremony", "ceremonies"],
    "event" => ["event", "events", "celebration", "celebrations", "festivities"],
    "parade" => ["parade", "parades"],
    "opening" => ["opening", "inauguration"],
    "operation" => ["mission", "operation"],
    "games" => ["games", "olympics", "championship"],
    "festival" => ["festival"],
    "funeral" => ["funeral"],
    "meeting" => ["congress", "plenary"],
    "reception" => ["dinner", "banquet", "reception", "luncheon", "lunch", "breakfast", "gala"],
}

word_classes! {
    /// The class of a document head noun.
    fn document_class;
    const DOCUMENT_HEADS;
    "agreement" => ["agreement", "agreements", "accord", "accords", "deal", "pact"],
    "treaty" => ["treaty", "treaties"],
    "memorandum" => ["memorandum", "memoranda", "memorandums"],
    "protocol" => ["protocol", "protocols"],
    "documents" => ["documents", "package"],
    "declaration" => ["declaration", "declarations"],
    "treaty" => ["statute", "charter", "convention"],
    "law" => ["law", "bill", "decree"],
    "contract" => ["contract", "contracts"],
    "declaration" => ["roadmap", "communique", "communiqué"],
}

/// Event and document head nouns, for a quick test by token before
/// [`event_class`] and [`document_class`].
static HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    let words: Vec<&'static str> = EVENT_HEADS.iter().chain(DOCUMENT_HEADS).copied().collect();
    WordSet::new(&words)
});

/// Whether token `i` is an event or document head noun.
#[inline(always)]
fn is_head(cx: &Cx, i: usize) -> bool {
    HEADS.contains_token(cx.toks, i)
}

crate::words::word_set! {
    /// Words that may stand before an event or document head as modifiers.
    static MODIFIERS = [
    "joint",
    "peacekeeping",
    "military",
    "naval",
    "air",
    "anniversary",
    "annual",
    "international",
    "interregional",
    "regional",
    "bilateral",
    "trilateral",
    "multilateral",
    "plenary",
    "groundbreaking",
    "official",
    "state",
    "ministerial",
    "informal",
    "extraordinary",
    "emergency",
    "special",
    "closing",
    "opening",
    "inaugural",
    "commemorative",
    "ceremonial",
    "welcome",
    "welcoming",
    "formal",
    "high-level",
    "expanded",
    "narrow",
    "final",
    "next",
    "upcoming",
    "previous",
    "major",
    "large-scale",
    "command",
    "staff",
    "tactical",
    "strategic",
    "sea",
    "land",
    "counter-terrorism",
    "anti-terrorist",
    "trade",
    "economic",
    "business",
    "investment",
    "security",
    "defense",
    "defence",
    "foreign",
    "climate",
    "peace",
    "summit",
    "leaders",
    "ministers",
    "heads",
    "signing",
    "wreath-laying",
    "award",
    "memorial",
    "intergovernmental",
    "inter-ministerial",
    "comprehensive",
    "cooperation",
    "partnership",
    "friendship",
    "free",
    "nuclear",
    "arms",
    "border",
    "gas",
    "oil",
    "grain",
    "framework",
    "industrial",
    "humanitarian",
    "command-staff",
    "computer-assisted",
    "video",
    "online",
    "virtual",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "last",
    "main",
    "big",
    "large",
    "rescue",
];
}

fn is_modifier(cx: &Cx, i: usize) -> bool {
    let t = &cx.toks[i];
    let n = cx.norm(i);
    if t.kind == TokenKind::Number {
        return false;
    }
    if t.kind == TokenKind::Word {
        // "10th", "20th"
        if n.chars().next().is_some_and(|c| c.is_ascii_digit())
            && (n.ends_with("th") || n.ends_with("st") || n.ends_with("nd") || n.ends_with("rd"))
        {
            return true;
        }
        if MODIFIERS.contains(n) {
            return true;
        }
        if t.is_capitalized() && !matches!(n, "the" | "a" | "an" | "on" | "in" | "at" | "this" | "that" | "its") {
            return true;
        }
        return n.len() > 4 && (n.ends_with("al") || n.ends_with("ary") || n.ends_with("ic") || n.ends_with("ive"));
    }
    false
}

/// One event or document phrase.
struct Phrase {
    first: usize,
    end: usize,
    /// Token of the head noun.
    head: usize,
    etype: EntityType,
    class: &'static str,
    organizer: Option<usize>,
    location: Option<usize>,
    date: Option<usize>,
    /// Only a determiner and the head: refers back.
    anaphoric: bool,
    /// A named event right after the phrase ("exercise Indestructible Brotherhood 2023").
    named_after: Option<usize>,
    /// A named event right before the head ("the Unbreakable Brotherhood-2023 exercise").
    named_before: Option<usize>,
}

/// Finds events and documents and adds them (with their mentions) to `ents`.
pub(crate) fn resolve(cx: &Cx, ents: &mut Entities, times: &[TimeExpr]) {
    // Gazetteer events: their class and, where it is mentioned, organizer.
    for k in 0..ents.ents.len() {
        // The type from the compact labels: the full entry is read only
        // for events.
        let Some(e) = ents.ents[k].entry.filter(|&e| cx.kb.etype(e) == EntityType::Event) else { continue };
        let entry = cx.kb.entry(e);
        let class = entry.kind().map(|kd| event_class(kd).unwrap_or(kd).to_string());
        let org = entry.attrs.organizer.as_deref().and_then(|o| ents.find(o));
        let rec = &mut ents.ents[k];
        rec.kind = rec.kind.take().or(class);
        rec.organizer = rec.organizer.or(org);
    }
    named_events(cx, ents);
    let cov = ents.outermost(cx.toks.len());
    let time_at: FastMap<usize, usize> = times.iter().enumerate().map(|(k, t)| (t.first, k)).collect();
    let mut phrases = Vec::new();
    for i in 0..cx.toks.len() {
        // Head nouns are words (tested first: the cheaper test).
        if cx.toks[i].kind != TokenKind::Word {
            continue;
        }
        if !is_head(cx, i) {
            continue;
        }
        let n = cx.norm(i);
        let (etype, class) = if let Some(c) = event_class(n) {
            (EntityType::Event, c)
        } else if let Some(c) = document_class(n) {
            (EntityType::Document, c)
        } else {
            continue;
        };
        // Inside a name already (an organization "Security Council", a
        // document "Paris Agreement", a named event): not a new phrase.
        if let Some(m) = cov.get(i) {
            let e = &ents.ents[ents.mentions[m].entity];
            if e.etype != EntityType::Country && (e.etype != EntityType::Place) {
                continue;
            }
        }
        // "package" only as "package of documents".
        if n == "package" && !(i + 2 < cx.toks.len() && cx.norm(i + 1) == "of") {
            continue;
        }
        // A head followed by a noun is a modifier ("summit meeting", "talks format").
        if i + 1 < cx.toks.len() && is_head(cx, i + 1) {
            continue;
        }
        phrases.push(phrase(cx, ents, &cov, &time_at, i, etype, class));
    }
    // Room for a new entity and mention per phrase: the records are large,
    // and growing the lists would copy them all.
    ents.ents.reserve(phrases.len());
    ents.mentions.reserve(phrases.len());
    let mut idx = Index::new(cx, ents);
    let mut created = Vec::new();
    for p in phrases {
        let (first, end) = (p.first, p.end);
        if let Some(e) = attach(cx, ents, &mut idx, p) {
            created.push((e, first, end));
        }
    }
    ents.sort();
    cataphora(cx, ents, &created);
}

/// The class of an event or document entity, from its phrase or its
/// gazetteer kind: a gazetteer's "accords" and "treaty" compare with
/// "agreement" and "treaty" phrases.
fn class_of<'e>(cx: &Cx<'_, 'e>, ents: &'e Entities, e: usize) -> Option<&'e str> {
    let x = &ents.ents[e];
    let kind = x.entry.and_then(|i| cx.kb.entry(i).kind()).or(x.kind.as_deref())?;
    let class = match x.etype {
        EntityType::Document => document_class(kind),
        _ => event_class(kind),
    };
    Some(class.unwrap_or(kind))
}

/// Whether an event or document entity has a name rather than only a
/// description: a gazetteer entry or a capitalized word ("Vostok-2018",
/// "summit of the Shanghai Cooperation Organisation", not "the talks").
fn is_named(ents: &Entities, e: usize) -> bool {
    let x = &ents.ents[e];
    x.entry.is_some() || x.name.chars().any(char::is_uppercase)
}

/// "Signed a landmark treaty on Thursday. [...] put their signatures to
/// New START": a description that the next sentence names. An unnamed
/// event or document becomes the named one of the same class when that is
/// the next mention of its type and starts no later than the next sentence.
fn cataphora(cx: &Cx, ents: &mut Entities, created: &[(usize, usize, usize)]) {
    // A phrase repeated in one long sentence must not make this quadratic:
    // each entity merges once, and each look ahead reads a bounded number
    // of mentions.
    let mut merged = vec![false; ents.ents.len()];
    for &(e, first, end) in created {
        if merged[e] {
            continue;
        }
        let (etype, Some(class)) = (ents.ents[e].etype, ents.ents[e].kind.clone()) else { continue };
        if is_named(ents, e) {
            continue;
        }
        let s1 = cx.sent_end_of(first);
        let limit = if s1 < cx.toks.len() { cx.sent_end_of(s1) } else { s1 };
        // Mentions are sorted by start: the first of the same type after the phrase.
        let from = ents.mentions.partition_point(|m| m.first < end);
        let Some(next) = ents.mentions[from..]
            .iter()
            .take_while(|m| m.first < limit)
            .take(CATAPHORA_MENTIONS)
            .find(|m| m.entity != e && ents.ents[m.entity].etype == etype)
            .map(|m| m.entity)
        else {
            continue;
        };
        let same_class = class_of(cx, ents, next) == Some(class.as_str()) || class == "documents";
        if same_class && is_named(ents, next) {
            ents.merge_into(e, next);
            merged[e] = true;
        }
    }
}

/// How many mentions after a description cataphora reads, at most.
const CATAPHORA_MENTIONS: usize = 64;

fn phrase(
    cx: &Cx,
    ents: &Entities,
    cov: &TokenMap,
    time_at: &FastMap<usize, usize>,
    head: usize,
    etype: EntityType,
    class: &'static str,
) -> Phrase {
    let s0 = cx.sent_start_of(head);
    let s1 = cx.sent_end_of(head);
    let mut organizer = None;
    let mut location = None;
    let org_of = |m: usize| -> Option<usize> {
        let e = ents.mentions[m].entity;
        matches!(ents.ents[e].etype, EntityType::Organization | EntityType::Country).then_some(e)
    };
    // Leftwards: modifiers, mentions, glued hyphens.
    let mut first = head;
    let mut modifiers = 0;
    while first > s0 {
        let k = first - 1;
        if let Some(m) = cov.get(k) {
            let mm = &ents.mentions[m];
            let e = &ents.ents[mm.entity];
            if matches!(e.etype, EntityType::Person) {
                break;
            }
            // "Friday's CIS gathering": a possessor is not part of the name.
            if mm.end < cx.toks.len() && cx.norm(mm.end) == "'" {
                break;
            }
            organizer = organizer.or(org_of(m));
            if matches!(e.etype, EntityType::Place) && location.is_none() {
                location = Some(mm.entity);
            }
            first = mm.first;
            modifiers += 1;
            continue;
        }
        if cx.norm(k) == "-" && !cx.toks[k].space_before() && k > s0 && !cx.toks[k + 1].space_before() {
            first = k;
            continue;
        }
        // "a Group of 20 (G20) summit": step over the bracketed acronym.
        if cx.norm(k) == ")"
            && let Some(open) = (k.saturating_sub(5).max(s0)..k).rev().find(|&x| cx.norm(x) == "(")
            && open > s0
        {
            first = open;
            continue;
        }
        if is_modifier(cx, k) && !(cx.norm(k) == "s" && k > 0 && cx.norm(k - 1) == "'") {
            first = k;
            modifiers += 1;
            continue;
        }
        break;
    }
    // Everything between a determiner and the head modifies it: "a transit
    // agreement", "the joint naval drills".
    if let Some(d) = (first.saturating_sub(4).max(s0)..first).rev().find(|&k| {
        matches!(cx.norm(k), "a" | "an" | "the" | "this" | "its" | "their" | "his" | "her" | "our" | "these" | "new")
    }) && (d + 1..first)
        .all(|k| cx.toks[k].kind == TokenKind::Word && !cx.toks[k].is_capitalized() && cov.get(k).is_none())
        && d + 1 < first
    {
        modifiers += first - (d + 1);
        first = d + 1;
    }
    // Rightwards: "of" + name ("summit of the CIS", "opening of the base").
    let mut end = head + 1;
    if end + 1 < s1 && cx.norm(end) == "of" {
        let mut k = end + 1;
        if k < s1 && matches!(cx.norm(k), "the" | "a") {
            k += 1;
        }
        if let Some(m) = cov.get(k) {
            let mm = &ents.mentions[m];
            if !matches!(ents.ents[mm.entity].etype, EntityType::Person) {
                end = mm.end;
                // "summit of the Russian-led Eurasian Economic Union": past "-led" to the body.
                let mut org = org_of(m);
                if end + 2 < s1
                    && cx.norm(end) == "-"
                    && !cx.toks[end].space_before()
                    && !cx.toks[end + 1].space_before()
                    && let Some(m2) = cov.get(end + 2)
                {
                    end = ents.mentions[m2].end;
                    org = org_of(m2).or(org);
                }
                organizer = organizer.or(org);
                // "summit of CIS heads of state"
                while end + 2 < s1 && matches!(cx.norm(end), "heads" | "leaders" | "ministers") {
                    end += 1;
                    if cx.norm(end) == "of" && end + 1 < s1 {
                        end += 2;
                    }
                }
            }
        } else if etype == EntityType::Document || cx.norm(head) == "opening" || class == "ceremony" {
            // "package of bilateral documents", "opening of the base"
            let mut j = k;
            while j < s1 && j < k + 3 && cx.toks[j].kind == TokenKind::Word && cx.norm(j) != "and" {
                if document_class(cx.norm(j)).is_some()
                    || j + 1 == s1
                    || matches!(cx.norm(j), "base" | "plant" | "bridge" | "university" | "office")
                {
                    end = j + 1;
                    break;
                }
                j += 1;
            }
        }
    }
    // Place right after: "summit in Bishkek"; a date: "on October 13".
    let mut k = end;
    let mut date = None;
    for _ in 0..2 {
        if k + 1 < s1
            && matches!(cx.norm(k), "in" | "at")
            && let Some(m) = cov.get(k + 1)
        {
            let e = ents.mentions[m].entity;
            if matches!(ents.ents[e].etype, EntityType::Place | EntityType::Country | EntityType::Facility) {
                location = location.or(Some(e));
                k = ents.mentions[m].end;
                continue;
            }
        }
        let t = if k < s1 && cx.norm(k) == "on" { k + 1 } else { k };
        if let Some(&ti) = time_at.get(&t) {
            date = Some(ti);
        }
        break;
    }
    // A named event right after (apposition): "exercise Indestructible Brotherhood 2023".
    let mut named_after = None;
    let mut j = head + 1;
    if j < s1 && matches!(cx.norm(j), "labeled" | "labelled" | "called" | "named" | "dubbed" | "codenamed") {
        j += 1;
    }
    // "the court's founding treaty, the Rome Statute": an apposition.
    if j + 1 < s1 && cx.norm(j) == "," && cov.get(j + 1).is_none() && cx.norm(j + 1) == "the" {
        j += 2;
    }
    if let Some(m) = cov.get(j) {
        let e = ents.mentions[m].entity;
        if ents.ents[e].etype == etype && ents.mentions[m].first == j {
            named_after = Some(e);
        }
    }
    let det_before = first > s0
        && matches!(cx.norm(first - 1), "the" | "this" | "that" | "these" | "those" | "its" | "their" | "his" | "her")
        || (first >= s0 + 2 && cx.norm(first - 1) == "s" && cx.norm(first - 2) == "'");
    let anaphoric = det_before && modifiers == 0 && end == head + 1 && organizer.is_none();
    let named_before = cov.get(head - 1.min(head)).filter(|_| head > 0).and_then(|m| {
        let mm = &ents.mentions[m];
        (mm.end == head && ents.ents[mm.entity].etype == etype && ents.ents[mm.entity].entry.is_none())
            .then_some(mm.entity)
    });
    Phrase { first, end, head, etype, class, organizer, location, date, anaphoric, named_after, named_before }
}

/// Lookups for the phrase stage, kept up to date as mentions are added, so
/// that it stays linear in the text.
struct Index {
    /// Token → mentions starting / ending there.
    by_first: TokenLists,
    by_end: TokenLists,
    /// Token → event and document entities whose mention ends there,
    /// ordered, so that looking back reads only the tokens that have one
    /// (not every token of the look-back window).
    ev_end: std::collections::BTreeMap<usize, Vec<usize>>,
    /// (organizer, class) → event.
    org_class: FastMap<(usize, String), usize>,
}

/// How far back "the drills" looks for the drills, in tokens.
const ANAPHORA_LOOKBACK: usize = 1500;

impl Index {
    fn new(cx: &Cx, ents: &Entities) -> Index {
        let mut idx = Index {
            by_first: TokenLists::new(cx.toks.len()),
            by_end: TokenLists::new(cx.toks.len()),
            ev_end: std::collections::BTreeMap::new(),
            org_class: FastMap::default(),
        };
        for k in 0..ents.mentions.len() {
            idx.add(ents, k);
        }
        let mut mentioned = vec![false; ents.ents.len()];
        for m in &ents.mentions {
            mentioned[m.entity] = true;
        }
        for (k, e) in ents.ents.iter().enumerate() {
            if let (Some(o), Some(c)) = (e.organizer, e.kind.as_ref())
                && e.etype == EntityType::Event
                && mentioned[k]
            {
                idx.org_class.entry((o, c.clone())).or_insert(k);
            }
        }
        idx
    }

    fn add(&mut self, ents: &Entities, k: usize) {
        let m = &ents.mentions[k];
        self.by_first.push(m.first, k);
        self.by_end.push(m.end, k);
        if matches!(ents.ents[m.entity].etype, EntityType::Event | EntityType::Document) {
            self.ev_end.entry(m.end).or_default().push(m.entity);
        }
    }
}

/// Attaches a phrase to the event or document it names or refers to, or to
/// a new one; returns the entity when it is new.
fn attach(cx: &Cx, ents: &mut Entities, idx: &mut Index, p: Phrase) -> Option<usize> {
    let span = cx.span(p.first, p.end);
    let target = if let Some(e) = p.named_after.or(p.named_before).or_else(|| apposed(cx, ents, idx, &p)) {
        Some(e)
    } else if let Some(org) = p.organizer.filter(|_| p.etype == EntityType::Event) {
        // Same class and organizer: the same event.
        idx.org_class.get(&(org, p.class.to_string())).copied()
    } else if p.anaphoric || (p.first == p.head && p.end == p.head + 1) {
        // An event (or document) of the class mentioned before: the last
        // named one of the same class, else the last of the same class,
        // else the last of a related class ("the meeting" for talks).
        let exact = |e: usize| ents.ents[e].etype == p.etype && class_of(cx, ents, e) == Some(p.class);
        let related = |e: usize| {
            let x = &ents.ents[e];
            x.etype == p.etype
                && (p.class == "event"
                    || (p.etype == EntityType::Document && p.class != "law")
                    || (p.class == "meeting" && matches!(x.kind.as_deref(), Some("conference" | "forum" | "talks"))))
        };
        let before: Vec<usize> = idx
            .ev_end
            .range(p.first.saturating_sub(ANAPHORA_LOOKBACK)..=p.first)
            .rev()
            .flat_map(|(_, es)| es.iter().rev())
            .copied()
            .filter(|&e| exact(e) || related(e))
            .take(32)
            .collect();
        before
            .iter()
            .copied()
            .find(|&e| exact(e) && is_named(ents, e))
            .or_else(|| before.iter().copied().find(|&e| exact(e)))
            .or_else(|| before.first().copied())
    } else {
        None
    };
    let entity = match target {
        Some(e) => e,
        None => {
            let name = display_name(cx, p.first, p.end);
            let id = pattern_id(p.etype, &name);
            let e = ents.entity(id, p.etype, name, None);
            let rec = &mut ents.ents[e];
            rec.kind.get_or_insert_with(|| p.class.to_string());
            e
        }
    };
    let entry_kind = ents.ents[entity].entry.is_some_and(|i| cx.kb.entry(i).kind().is_some());
    let rec = &mut ents.ents[entity];
    // A gazetteer entry's own kind stands; a phrase's class fills a gap.
    if rec.kind.is_none() && !entry_kind {
        rec.kind = Some(p.class.to_string());
    }
    if rec.organizer.is_none() {
        rec.organizer = p.organizer;
    }
    if rec.location.is_none() {
        rec.location = p.location;
    }
    if rec.date.is_none() {
        rec.date = p.date;
    }
    if let (Some(o), Some(c)) = (ents.ents[entity].organizer, ents.ents[entity].kind.clone()) {
        idx.org_class.entry((o, c)).or_insert(entity);
    }
    let kind = if target.is_some() && p.anaphoric { MentionKind::Alias } else { MentionKind::Name };
    let before = ents.mentions.len();
    ents.mention(MentionRec { first: p.first, end: p.end, span, kind, entity, title: None });
    if ents.mentions.len() > before {
        idx.add(ents, before);
    }
    target.is_none().then_some(entity)
}

/// A named event or document in apposition to the phrase: "Vostok-2018,
/// its largest exercise", "a landmark pact, the Paris Agreement", "the
/// treaty, known as New START".
fn apposed(cx: &Cx, ents: &Entities, idx: &Index, p: &Phrase) -> Option<usize> {
    let named = |m: &MentionRec| {
        let e = &ents.ents[m.entity];
        (e.etype == p.etype
            && m.kind == MentionKind::Name
            && (e.entry.is_some() || e.kind.is_some())
            && !is_description(cx, m))
        .then_some(m.entity)
    };
    let s0 = cx.sent_start_of(p.head);
    let s1 = cx.sent_end_of(p.head);
    // Before: NAME , (its|the|a|an|their)? PHRASE
    let mut k = p.first;
    if k > s0 && matches!(cx.norm(k - 1), "its" | "the" | "a" | "an" | "their" | "his" | "her") {
        k -= 1;
    }
    if k >= s0 + 2
        && cx.norm(k - 1) == ","
        && let Some(e) = idx.by_end.get(k - 1).map(|m| &ents.mentions[m]).find_map(named)
    {
        return Some(e);
    }
    // After: PHRASE , (the)? NAME  |  PHRASE (known as|called|dubbed|named) NAME
    let mut j = p.end;
    if j + 1 < s1 && cx.norm(j) == "," {
        j += 1;
    }
    if j + 1 < s1 && cx.norm(j) == "known" && cx.norm(j + 1) == "as" {
        j += 2;
    } else if j < s1 && matches!(cx.norm(j), "called" | "dubbed" | "named" | "the") {
        j += 1;
    }
    if j > p.end {
        return idx.by_first.get(j).map(|m| &ents.mentions[m]).find_map(named);
    }
    None
}

/// Whether a mention is itself a description ("the treaty") rather than a name.
fn is_description(cx: &Cx, m: &MentionRec) -> bool {
    (m.first..m.end).all(|k| !cx.toks[k].is_capitalized() || is_head(cx, k))
}

/// "Indestructible Brotherhood 2023", "Combat Brotherhood-2023": capitalized
/// words and a year. A gazetteer event series followed by a year becomes
/// that year's event.
fn named_events(cx: &Cx, ents: &mut Entities) {
    let n = cx.toks.len();
    let year_at = |i: usize| -> bool {
        i < n
            && cx.toks[i].kind == TokenKind::Number
            && cx.norm(i).len() == 4
            && cx.norm(i).parse::<u16>().is_ok_and(|y| (1950..=2100).contains(&y))
    };
    let cov = ents.outermost(n);
    let mut drop_series: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        // The year, and where the words before it start.
        if !year_at(i) || i == 0 {
            i += 1;
            continue;
        }
        let mut k = i;
        if cx.norm(k - 1) == "-" && !cx.toks[k].space_before() && !cx.toks[k - 1].space_before() {
            k -= 1;
        } else if !cx.toks[k].space_before() {
            i += 1;
            continue;
        }
        let s0 = cx.sent_start_of(i);
        let mut first = k;
        let mut series: Option<usize> = None;
        while first > s0 {
            let j = first - 1;
            if let Some(m) = cov.get(j) {
                let mm = &ents.mentions[m];
                let e = mm.entity;
                if ents.ents[e].etype == EntityType::Event && mm.end == first {
                    series = Some(e);
                    first = mm.first;
                }
                break;
            }
            let t = &cx.toks[j];
            if t.kind == TokenKind::Word && t.is_capitalized() && !crate::entity::is_stop_cap(cx.toks, j) {
                first = j;
            } else {
                break;
            }
        }
        if first == k {
            i += 1;
            continue;
        }
        let name = display_name(cx, first, i + 1);
        let id = pattern_id(EntityType::Event, &name);
        let e = ents.entity(id, EntityType::Event, name, None);
        if let Some(s) = series {
            let (org, kind, loc) = (ents.ents[s].organizer, ents.ents[s].kind.clone(), ents.ents[s].location);
            let rec = &mut ents.ents[e];
            rec.organizer = rec.organizer.or(org);
            rec.kind = rec.kind.clone().or(kind);
            rec.location = rec.location.or(loc);
            // The series mention becomes a mention of this year's event.
            drop_series.push((s, first, i + 1));
        }
        if ents.ents[e].kind.is_none() {
            let k = (first..k).rev().find_map(|j| event_class(cx.norm(j)));
            ents.ents[e].kind = Some(k.unwrap_or("exercise").to_string());
        }
        ents.mention(MentionRec {
            first,
            end: i + 1,
            span: cx.span(first, i + 1),
            kind: MentionKind::Name,
            entity: e,
            title: None,
        });
        i += 1;
    }
    if !drop_series.is_empty() {
        // (series, first token) → end of the year's name.
        let ends: FastMap<(usize, usize), usize> = drop_series.iter().map(|&(s, f, e)| ((s, f), e)).collect();
        ents.mentions.retain(|m| ends.get(&(m.entity, m.first)).is_none_or(|&e| m.end > e));
    }
    ents.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_words_and_their_classes_come_from_one_list() {
        assert!(EVENT_HEADS.iter().all(|w| event_class(w).is_some() && document_class(w).is_none()));
        assert!(DOCUMENT_HEADS.iter().all(|w| document_class(w).is_some() && event_class(w).is_none()));
        assert_eq!(
            (event_class("summits"), event_class("plenary"), document_class("pact")),
            (Some("meeting"), Some("meeting"), Some("agreement"))
        );
        assert_eq!((event_class("summitry"), document_class("")), (None, None));
        // By token: heads in any case, and nothing else.
        let text = "The Summit opened; TREATIES and a memorandum, not the summitry of documents.";
        let toks = crate::tokenize::tokenize(text);
        let heads: Vec<&str> =
            (0..toks.len()).filter(|&i| HEADS.contains_token(&toks, i)).map(|i| toks.norm(i)).collect();
        assert_eq!(heads, ["summit", "treaties", "memorandum", "documents"]);
    }
}
