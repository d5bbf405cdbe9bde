//! The gazetteer and trigger parsers on arbitrary text: a result or an
//! error, never a panic; a gazetteer that parses builds an extractor that
//! runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::{Extractor, Gazetteer};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(g) = Gazetteer::parse_named("fuzz.tsv", text) {
        let _ = g.len();
    }
    let built = Extractor::builder().default_gazetteers(false).gazetteer_str("fuzz.tsv", text).build();
    if let Ok(ex) = built {
        let _ = ex.extract("President Putin met Xi Jinping in Bishkek on October 9.");
    }
    let triggers = Extractor::builder().default_gazetteers(false).triggers_str("fuzz-triggers.tsv", text).build();
    if let Ok(ex) = triggers {
        let _ = ex.extract("Kazakhstan and Russia signed an agreement.");
    }
});
