//! Sentence splitting over tokens.
//!
//! A sentence ends after `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets that follow) when the next token starts a new sentence, and at
//! every empty line (headlines, list items). A line break also ends a
//! sentence unless the next line starts in lower case or the line ends with
//! a comma, hyphen or similar continuation. A period does not end a sentence
//! after a known abbreviation ("Gen.", "Oct.", "No."), after an initial
//! ("V. Putin"), after a dotted acronym ("U.S. President") unless a usual
//! sentence opener follows, or before a lower-case word.

use crate::span::Span;
use crate::tokenize::{TokenKind, Tokens};

/// One sentence: its span and its tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From the first to the last token's byte.
    pub span: Span,
    /// Index of the first token.
    pub first_token: usize,
    /// One past the index of the last token.
    pub end_token: usize,
}

crate::words::word_set! {
    static ABBREVIATIONS = [
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "cmdr", "cdr", "brig", "gov",
    "sen", "rep", "pres", "st", "mt", "ft", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "jr", "sr", "vs", "approx", "dept", "univ", "rev",
    "hon", "amb", "messrs", "mme", "mlle", "gens", "cpl", "pvt", "lieut", "supt", "insp", "det", "ald", "cllr", "rt",
    "sq", "art", "para", "ch", "sec", "op", "cit", "al", "ca", "esp",
];
}

crate::words::word_set! {
    static OPENERS = [
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "there",
    "its",
    "his",
    "her",
    "their",
    "our",
    "after",
    "before",
    "as",
    "if",
    "when",
    "while",
    "meanwhile",
    "however",
    "earlier",
    "later",
    "last",
    "next",
    "some",
    "many",
    "both",
    "for",
];
}

/// Splits the tokens into sentences. Every token belongs to exactly one
/// sentence; a text with no tokens has no sentences.
///
/// # Example
///
/// ```
/// use newsgraph::{sentences, tokenize};
///
/// let text = "U.S. President Joe Biden met Gen. Ivanov on Oct. 13. He left.\n\nNew story";
/// let tokens = tokenize(text);
/// let s: Vec<&str> = sentences(text, &tokens).iter().map(|s| &text[s.span]).collect();
/// assert_eq!(s, ["U.S. President Joe Biden met Gen. Ivanov on Oct. 13.", "He left.", "New story"]);
/// ```
pub fn sentences(text: &str, toks: &Tokens) -> Vec<Sentence> {
    let ts = toks.as_slice();
    let mut out = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < ts.len() {
        let mut end = i + 1; // one past the last token of a candidate sentence
        let mut boundary = false;
        // Terminators are punctuation tokens (the cheaper test first).
        if ts[i].kind == TokenKind::Punct && matches!(toks.norm(i), "." | "!" | "?" | "…") {
            // Absorb closing quotes and brackets glued to the terminator, and
            // runs like "?!" or "...".
            while end < ts.len()
                && !ts[end].space_before()
                && matches!(toks.norm(end), "\"" | "'" | ")" | "]" | "." | "!" | "?" | "…")
            {
                end += 1;
            }
            boundary = end == ts.len() || ends_sentence(text, toks, i, end);
        }
        if !boundary && end < ts.len() {
            let next = &ts[end];
            if next.blank_line_before() {
                boundary = true;
            } else if next.newline_before() {
                let starts_lower = text[next.span()].chars().next().is_some_and(char::is_lowercase);
                let continues = matches!(toks.norm(end - 1), "," | "-" | ";" | "(" | "/" | "&");
                let bullet = matches!(toks.norm(end), "-" | "•" | "*" | "·" | "▪");
                boundary = bullet || (!starts_lower && !continues);
            }
        }
        if boundary || end == ts.len() {
            out.push(Sentence {
                span: Span::new(ts[first].span().start, ts[end - 1].span().end),
                first_token: first,
                end_token: end,
            });
            first = end;
        }
        i = end;
    }
    out
}

/// Whether the terminator at token `dot` (absorbed through `end`) ends a
/// sentence, given the token at `end` that follows.
fn ends_sentence(text: &str, toks: &Tokens, dot: usize, end: usize) -> bool {
    let ts = toks.as_slice();
    let next = &ts[end];
    if !next.space_before() {
        return false; // "3.5", "24.kg", "U.S"
    }
    if next.newline_before() {
        return true;
    }
    let next_text = &text[next.span()];
    let next_lower = next_text.chars().next().is_some_and(char::is_lowercase);
    if next_lower {
        return false;
    }
    if toks.norm(dot) != "." || dot == 0 || ts[dot].space_before() {
        return true;
    }
    let prev = &ts[dot - 1];
    let pnorm = toks.norm(dot - 1);
    // Dotted acronyms: "U.S.", "U.K.", "p.m.".
    let dotted = dot >= 2 && toks.norm(dot - 2) == "." && !prev.space_before() && pnorm.chars().count() == 1;
    if dotted {
        return OPENERS.contains_token(toks, end);
    }
    if prev.kind == TokenKind::Word && pnorm.chars().count() == 1 && prev.is_capitalized() {
        return false; // an initial: "V. Putin"
    }
    if ABBREVIATIONS.contains(pnorm) && prev.kind == TokenKind::Word {
        // "No. 5", "Gen. Ivanov", "Oct. 13": the abbreviation binds to what follows.
        return false;
    }
    true
}

/// Maps each token to the index of its sentence.
pub(crate) fn token_sentences(sents: &[Sentence], n_tokens: usize) -> Vec<u32> {
    let mut map = vec![0u32; n_tokens];
    for (k, s) in sents.iter().enumerate() {
        for m in &mut map[s.first_token..s.end_token] {
            *m = k as u32;
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        sentences(text, &t).iter().map(|s| &text[s.span]).collect()
    }

    #[test]
    fn terminators_are_punctuation_tokens() {
        let text = "Yes. No! Why? Well… and \u{2026}";
        let toks = crate::tokenize::tokenize(text);
        let terms: Vec<usize> = (0..toks.len()).filter(|&i| matches!(toks.norm(i), "." | "!" | "?" | "…")).collect();
        assert_eq!(terms.len(), 5);
        assert!(terms.iter().all(|&i| toks[i].kind == TokenKind::Punct));
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Ivanov met V. Putin. Mr. Lee agreed."),
            ["Gen. Ivanov met V. Putin.", "Mr. Lee agreed."]
        );
        assert_eq!(split("It was No. 5 on the list."), ["It was No. 5 on the list."]);
        assert_eq!(split("The U.S. President spoke."), ["The U.S. President spoke."]);
        assert_eq!(split("They met in the U.S. The talks ended."), ["They met in the U.S.", "The talks ended."]);
    }

    #[test]
    fn quotes_and_questions_end_sentences() {
        assert_eq!(split("He said: \"We agree.\" Then he left!"), ["He said: \"We agree.\"", "Then he left!"]);
        assert_eq!(split("“Why?” she asked. Nobody knew…"), ["“Why?” she asked.", "Nobody knew…"]);
    }

    #[test]
    fn headlines_and_lists_split_at_line_breaks() {
        assert_eq!(
            split("Drills begin in Kyrgyzstan\n\nThe exercise started.\nPart of CSTO\nAccording to him, it went well."),
            ["Drills begin in Kyrgyzstan", "The exercise started.", "Part of CSTO", "According to him, it went well."]
        );
        assert_eq!(
            split("The documents include:\n- an accord;\n- a memorandum."),
            ["The documents include:", "- an accord;", "- a memorandum."]
        );
        assert_eq!(split("a line that wraps\nin the middle."), ["a line that wraps\nin the middle."]);
    }

    #[test]
    fn numbers_and_domains_do_not_split() {
        assert_eq!(split("Trade grew 3.5 percent, 24.kg said."), ["Trade grew 3.5 percent, 24.kg said."]);
    }

    #[test]
    fn every_token_in_one_sentence() {
        let text = "A. B. c. D! e? F";
        let t = tokenize(text);
        let s = sentences(text, &t);
        assert_eq!(s.first().unwrap().first_token, 0);
        assert_eq!(s.last().unwrap().end_token, t.len());
        for w in s.windows(2) {
            assert_eq!(w[0].end_token, w[1].first_token);
        }
    }
}
