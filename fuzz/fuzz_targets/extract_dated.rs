//! `extract` on valid UTF-8 with an arbitrary anchor date and the HTML
//! option taken from the first bytes: never panics, output is JSON that
//! reads back, and the direct JSON path writes the same bytes.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::{Document, Extractor, Input};

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (head, rest) = data.split_at(4);
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Years -9999..=9999 cover jiff's whole range; days past a month's end fail.
    let year = i16::from_le_bytes([head[0], head[1]]) % 10_000;
    let date = jiff::civil::Date::new(year, (head[2] % 13) as i8, (head[3] % 32) as i8).ok();
    let input = || Input::new(text).date_opt(date).decode_html(head[3] & 0x80 != 0);
    let doc = EX.extract(input());
    let json = doc.to_json();
    assert_eq!(EX.extract_json(input()), json, "extract_json is extract().to_json()");
    let back: Document = serde_json::from_str(&json).expect("output reads back");
    assert_eq!(back.entities.len(), doc.entities.len());
});
