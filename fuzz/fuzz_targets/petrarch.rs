//! The PETRARCH actor dictionary importer on arbitrary bytes: a gazetteer
//! with warnings or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::Gazetteer;

fuzz_target!(|data: &[u8]| {
    if let Ok(g) = Gazetteer::from_petrarch_actors("fuzz.actors.txt", data) {
        let _ = (g.len(), g.warnings().len());
    }
});
