//! The tense of the clause around a time expression, for resolving
//! year-less dates and weekdays.

use crate::tokenize::{TokenKind, Tokens};
use crate::words::WordSet;

/// The tense that decides the direction of a relative date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Present,
    Future,
}

crate::words::word_set! {
    static BE = ["is", "are", "am", "was", "were", "be", "been", "'s", "'re"];
}
crate::words::word_set! {
    static PLAN = ["due", "expected", "scheduled", "set", "slated", "going", "planned", "anticipated", "poised", "about", "likely"];
}
crate::words::word_set! {
    static PAST_FORMS = [
    "was", "were", "had", "did", "met", "held", "said", "told", "took", "went", "came", "gave", "began", "made",
    "saw", "sent", "left", "led", "won", "lost", "brought", "bought", "paid", "spoke", "wrote", "became", "chose",
    "drew", "flew", "grew", "knew", "rose", "ran", "sat", "stood", "thought", "wore", "put", "set", "read", "hit",
    "cut", "felt", "kept", "heard", "meant", "built", "sought", "fought", "struck", "signed", "ago", "earlier",
    "fell", "spent", "sold", "sank", "shot", "swore", "threw", "forgot", "forgave", "froze", "hid", "lay", "lent",
    "let", "lit", "rode", "rang", "shook", "shut", "slept", "spread", "stole", "swept", "taught", "tore",
    "understood", "woke", "withdrew", "overtook", "undertook", "oversaw", "broke", "dealt", "drove", "ate", "fled",
    "got", "hung", "bid", "arose", "beat", "bore", "bound", "caught", "crept", "yesterday", "last", "has", "have",
];
}
crate::words::word_set! {
    static INTEND = [
    "agreed",
    "agree",
    "agrees",
    "decided",
    "pledged",
    "promised",
    "vowed",
    "planned",
    "plans",
    "plan",
    "intend",
    "intends",
    "intended",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "want",
    "wants",
    "wanted",
    "aim",
    "aims",
    "aimed",
    "prepare",
    "prepares",
    "prepared",
    "set",
    "due",
    "scheduled",
    "expected",
    "ready",
    "invited",
];
}
crate::words::word_set! {
    static FUTURE_FORMS = ["will", "shall", "'ll", "tomorrow", "next", "upcoming", "plans", "plan", "intends", "aims", "would", "to"];
}

/// The words the rules of [`marker`] look for at the token itself: the
/// three lists (which hold every word a rule names, "to", "would", "plans"
/// and the rest) and the "ll" of "'ll" written apart.
static MARKER_WORDS: std::sync::LazyLock<crate::words::WordSet> = std::sync::LazyLock::new(|| {
    PLAN.union(&PAST_FORMS).union(&FUTURE_FORMS).union(&crate::words::WordSet::new(&["ll"]))
});

/// Tense markers: past (-1) or future (+1) at a token, if any. The sets are
/// asked by token (its hash first), not by word.
#[inline]
fn marker(toks: &Tokens, k: usize, first: usize) -> Option<i8> {
    let w = toks.norm(k);
    // Every rule below needs one of these words or a regular past form:
    // one test turns the other words away.
    let regular_past = w.len() > 4 && w.ends_with("ed");
    if !(regular_past || MARKER_WORDS.contains_token(toks, k)) {
        return None;
    }
    let prev = |d: usize| if k >= first + d { toks.norm(k - d) } else { "" };
    // Whether the word before is in `set` (none before the sentence).
    let prev_in = |set: &WordSet| k > first && set.contains_token(toks, k - 1);
    // "is due to", "are expected to", "is scheduled to", "is set to".
    if PLAN.contains_token(toks, k) && prev_in(&BE) && k + 1 < toks.len() && matches!(toks.norm(k + 1), "to" | "for") {
        return Some(1);
    }
    // "is to visit": a form of "be" followed by "to" and a verb; "agreed to
    // meet", "plans to visit": an intention looks forward.
    if w == "to" && (matches!(prev(1), "is" | "are" | "am") || prev_in(&INTEND)) {
        return Some(1);
    }
    // "said it would hold": the future of a reported statement.
    if w == "would" && !(k + 1 < toks.len() && toks.norm(k + 1) == "have") {
        return Some(1);
    }
    if matches!(w, "will" | "shall" | "upcoming" | "tomorrow") || (w == "ll" && prev(1) == "'") {
        return Some(1);
    }
    if matches!(w, "plans" | "plan" | "intends" | "aims") && k + 1 < toks.len() && toks.norm(k + 1) == "to" {
        return Some(1);
    }
    if FUTURE_FORMS.contains_token(toks, k)
        && w != "to"
        && w != "would"
        && w != "plan"
        && w != "plans"
        && w != "intends"
        && w != "aims"
    {
        return Some(1);
    }
    // "will be held", "is to be signed": the auxiliary carries the tense.
    if matches!(prev(1), "be" | "being") {
        return None;
    }
    if PAST_FORMS.contains_token(toks, k) {
        // "has been", "have signed": present perfect, a past event.
        return Some(-1);
    }
    // Regular past forms: "arrived", "voted", unless after "be" (passive of
    // a planned event: "is expected", "was planned" are handled above) or an
    // article ("the planned visit").
    if toks[k].kind == TokenKind::Word
        && regular_past
        && !matches!(prev(1), "the" | "a" | "an" | "its" | "his" | "her" | "their")
        && !PLAN.contains_token(toks, k)
    {
        return Some(-1);
    }
    None
}

/// The tense of the clause holding tokens `at..end`, within the sentence
/// `first..last`: the nearest tense marker wins, the one before on ties.
/// The search stops at `;` on either side, and on the right at "and" or
/// "but", where another clause begins ("arrived on Thursday and will
/// leave").
pub(crate) fn tense_at(toks: &Tokens, first: usize, last: usize, at: usize, end: usize) -> Tense {
    // Never further than a clause reaches.
    let first = first.max(at.saturating_sub(40));
    let last = last.min(end + 40);
    let mut left: Option<(usize, i8)> = None;
    for k in (first..at).rev() {
        if toks.norm(k) == ";" {
            break;
        }
        if let Some(m) = marker(toks, k, first) {
            left = Some((at - k, m));
            break;
        }
    }
    let mut right: Option<(usize, i8)> = None;
    for k in end..last {
        if matches!(toks.norm(k), ";" | "and" | "but") {
            break;
        }
        if let Some(m) = marker(toks, k, first) {
            right = Some((k + 1 - end, m));
            break;
        }
    }
    let best = match (left, right) {
        (Some(l), Some(r)) => Some(if r.0 < l.0 { r } else { l }),
        (l, r) => l.or(r),
    };
    match best {
        Some((_, 1)) => Tense::Future,
        Some((_, -1)) => Tense::Past,
        _ => Tense::Present,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn the_marker_words_hold_every_word_a_rule_names() {
        let named = ["to", "would", "will", "shall", "upcoming", "tomorrow", "ll", "plans", "plan", "intends", "aims"];
        assert!(named.iter().all(|w| MARKER_WORDS.contains(w)));
        assert!(!MARKER_WORDS.contains("visit") && !MARKER_WORDS.contains("the"));
    }

    fn tense(s: &str, word: &str) -> Tense {
        let t = tokenize(s);
        let i = (0..t.len()).find(|&i| t.norm(i) == word).unwrap();
        tense_at(&t, 0, t.len(), i, i + 1)
    }

    #[test]
    fn tense_markers() {
        assert_eq!(tense("Putin arrived in Bishkek on thursday", "thursday"), Tense::Past);
        assert_eq!(tense("On friday, Putin is due to take part in a summit", "friday"), Tense::Future);
        assert_eq!(tense("Leaders will meet on friday", "friday"), Tense::Future);
        assert_eq!(tense("He is expected to skip friday's gathering", "friday"), Tense::Future);
        assert_eq!(tense("The exchange comes as talks continue on friday", "friday"), Tense::Present);
        assert_eq!(tense("The leaders have met on friday", "friday"), Tense::Past);
    }
}
