//! The JSON Lines reader on arbitrary bytes: exactly one item per line, in
//! order, each a document or an error naming its line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::jsonl::JsonlReader;

fuzz_target!(|data: &[u8]| {
    let lossy = data.first().is_some_and(|b| b & 1 == 1);
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    let lines = newlines + usize::from(!data.is_empty() && !data.ends_with(b"\n"));
    let mut n = 0;
    for item in JsonlReader::new(data, lossy) {
        n += 1;
        match item.expect("reading a slice cannot fail") {
            Ok(doc) => {
                assert_eq!(doc.line, n);
                let _ = doc.input();
            }
            Err(e) => {
                assert_eq!(e.line, n);
                let _ = e.to_json();
            }
        }
    }
    assert_eq!(n, lines, "one item per line");
});
