//! `extract` on arbitrary bytes read as lossy UTF-8: never panics, and every
//! span it reports lies on character boundaries of the text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::Extractor;

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = EX.extract(text.as_ref());
    for e in &doc.entities {
        for m in &e.mentions {
            assert!(m.start <= m.end && m.end <= text.len());
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
    }
    let _ = doc.to_json();
});
