//! Properties over arbitrary text: no panic, valid spans, shift under a prefix.

use newsgraph::{Document, Extractor};
use proptest::prelude::*;

fn spans(doc: &Document) -> Vec<(usize, usize, String)> {
    let mut v = Vec::new();
    for e in &doc.entities {
        for m in &e.mentions {
            v.push((m.start, m.end, m.text.clone()));
        }
    }
    for t in &doc.times {
        v.push((t.start, t.end, t.text.clone()));
    }
    for r in &doc.relations {
        v.push((r.trigger.start, r.trigger.end, r.trigger.text.clone()));
    }
    v
}

fn check_spans(text: &str, doc: &Document) {
    for (s, e, t) in spans(doc) {
        assert!(s <= e && e <= text.len(), "span {s}..{e} out of range");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "span {s}..{e} not on char boundaries");
        assert_eq!(&text[s..e], t);
    }
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end) && s.start <= s.end);
    }
}

/// Text made of news-like pieces, Unicode oddities and noise.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Vladimir Putin".to_string()),
        Just("Kyrgyz President Sadyr Japarov".to_string()),
        Just("the CSTO".to_string()),
        Just("met".to_string()),
        Just("on Thursday".to_string()),
        Just("October 9 to 13".to_string()),
        Just("12.10.2023".to_string()),
        Just("Russia’s".to_string()),
        Just("BISHKEK, Oct 12 (Reuters) -".to_string()),
        Just("\u{A0}".to_string()),
        Just("\u{AD}".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{200D}".to_string()),
        Just("Путин".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("U.S.".to_string()),
        "\\PC{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic_and_spans_are_exact(s in "\\PC{0,200}") {
        let doc = Extractor::new().extract(s.as_str());
        check_spans(&s, &doc);
    }

    #[test]
    fn newsish_text_spans_are_exact(s in newsish()) {
        let doc = Extractor::new().extract(s.as_str());
        check_spans(&s, &doc);
    }

    #[test]
    fn prefix_shifts_every_span(s in newsish()) {
        let ex = Extractor::new();
        let prefix = "\u{FEFF} \n";
        let a = ex.extract(s.as_str());
        let shifted = format!("{prefix}{s}");
        let b = ex.extract(shifted.as_str());
        let sa: Vec<_> = spans(&a).into_iter().map(|(x, y, t)| (x + prefix.len(), y + prefix.len(), t)).collect();
        let sb = spans(&b);
        prop_assert_eq!(sa, sb);
    }

    #[test]
    fn output_is_deterministic(s in newsish()) {
        let ex = Extractor::new();
        prop_assert_eq!(ex.extract(s.as_str()).to_json(), ex.extract(s.as_str()).to_json());
    }
}

/// Both matching engines find exactly the same names.
mod engines {
    use super::*;
    use std::sync::LazyLock;

    static AC: LazyLock<Extractor> =
        LazyLock::new(|| Extractor::builder().match_engine(newsgraph::MatchEngine::AhoCorasick).build().unwrap());

    fn same(text: &str) {
        let trie = Extractor::new().find_names(text);
        let ac = AC.find_names(text);
        assert_eq!(trie, ac, "engines differ on {text:?}");
    }

    #[test]
    fn on_every_alias_of_the_embedded_gazetteers() {
        let g = newsgraph::Gazetteer::default_entries();
        let mut text = String::new();
        for (k, e) in g.entries().iter().enumerate() {
            for a in e.surface_forms() {
                text.push_str(a);
                text.push_str(if k % 3 == 0 { "'s " } else { ", and " });
            }
        }
        same(&text);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

        #[test]
        fn on_arbitrary_news(s in newsish()) {
            same(&s);
        }
    }
}

/// ASCII tokenization as the crate documents it, written plainly: a word or
/// number is a maximal run of ASCII letters and digits, any other visible
/// character is one punctuation token, whitespace and controls separate.
/// Returns (start, end, is_number, capitalized, all_caps) per token.
fn reference_ascii_tokens(text: &str) -> Vec<(usize, usize, bool, bool, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            let w = &b[i..j];
            let upper = w.iter().any(u8::is_ascii_uppercase);
            let lower = w.iter().any(u8::is_ascii_lowercase);
            out.push((i, j, w.iter().all(u8::is_ascii_digit), w[0].is_ascii_uppercase(), upper && !lower));
            i = j;
        } else {
            if b[i] > b' ' && b[i] != 0x7f {
                out.push((i, i + 1, false, false, false));
            }
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// Words of every length at every offset: the tokenizer reads ASCII
    /// 64 bytes at a time (the last block of a text zero-padded), and
    /// must give exactly the plain definition.
    #[test]
    fn ascii_tokens_follow_the_plain_definition(text in "[a-zA-Z0-9 .,'()%$\\-\\n]{0,48}") {
        let toks = newsgraph::tokenize(&text);
        let got: Vec<(usize, usize, bool, bool, bool)> = toks
            .as_slice()
            .iter()
            .map(|t| {
                let s = t.span();
                (s.start, s.end, t.kind == newsgraph::TokenKind::Number, t.is_capitalized(), t.is_all_caps())
            })
            .collect();
        prop_assert_eq!(got, reference_ascii_tokens(&text));
        for (i, t) in toks.as_slice().iter().enumerate() {
            let s = t.span();
            prop_assert_eq!(toks.norm(i), text[s.start..s.end].to_ascii_lowercase());
        }
    }
}
