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
