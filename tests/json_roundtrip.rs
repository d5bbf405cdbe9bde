//! The JSON contract: round trip, determinism, field names.

use newsgraph::{Document, Extractor, Input};

const TEXT: &str = "BISHKEK, Oct 12 (Reuters) - Russian President Vladimir Putin arrived in Kyrgyzstan on Thursday \
and held talks with his Kyrgyz counterpart, Sadyr Japarov. They marked the 20th anniversary of the air base in Kant.";

#[test]
fn json_round_trips_through_document() {
    let doc = Extractor::new().extract(Input::new(TEXT).date("2023-10-12".parse().unwrap()).id("rt-1"));
    let json = doc.to_json();
    let back = Document::from_json(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.to_json(), json);
    let pretty = doc.to_json_pretty();
    assert_eq!(Document::from_json(&pretty).unwrap(), doc);
}

#[test]
fn same_input_gives_byte_identical_json() {
    let a = Extractor::new().extract(TEXT).to_json();
    let b = Extractor::builder().build().unwrap().extract(TEXT).to_json();
    assert_eq!(a, b);
    let c = std::thread::spawn(|| Extractor::new().extract(TEXT).to_json()).join().unwrap();
    assert_eq!(a, c);
}

#[test]
fn schema_field_names_and_values() {
    let doc = Extractor::new().extract(TEXT);
    let v: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    // The top-level fields come in the schema's order.
    let json = doc.to_json();
    let pos: Vec<usize> =
        ["schema", "id", "date", "date_source", "dateline", "sentences", "entities", "times", "relations"]
            .iter()
            .map(|k| json.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("no field {k}")))
            .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    assert_eq!(v["schema"], "1");
    // No date given: the dateline has no year either, so no anchor.
    assert_eq!(v["date"], serde_json::Value::Null);
    assert_eq!(v["date_source"], "none");
    assert_eq!(v["dateline"]["date"], "XXXX-10-12");
    let e = &v["entities"][0];
    for k in ["id", "type", "name", "mentions"] {
        assert!(e.get(k).is_some(), "entity lacks {k}");
    }
    let m = &e["mentions"][0];
    for k in ["start", "end", "text", "sentence", "kind"] {
        assert!(m.get(k).is_some(), "mention lacks {k}");
    }
    let t = &v["times"][0];
    for k in ["id", "start", "end", "text", "kind", "value"] {
        assert!(t.get(k).is_some(), "time lacks {k}");
    }
}

/// `extract_json` writes, straight from the pipeline, exactly what
/// `extract(..).to_json()` writes through the owned document.
#[track_caller]
fn assert_same_json(ex: &Extractor, input: impl Fn() -> Input<'static> + Copy, what: &str) -> String {
    let direct = ex.extract_json(input());
    let through = ex.extract(input()).to_json();
    assert_eq!(direct, through, "{what}");
    direct
}

#[test]
fn direct_json_is_the_documents_json() {
    let ex = Extractor::new();
    let texts: [&'static str; 7] = [
        TEXT,
        "MOSCOW, October 9, 2023 (TASS) - Russian President Vladimir Putin will attend the CIS summit in \
         Bishkek on October 13. The CSTO exercise Indestructible Brotherhood 2023 runs from October 9 to 13 \
         in Kyrgyzstan. Putin sent a congratulatory telegram to Kazakh President Kassym-Jomart Tokayev, who \
         signed a treaty with Uzbekistan last week.",
        "He said: \"We\tagree\" \\ the talks with Japarov\r\nwent well.\u{1} Zürich, Москва.",
        "<p>Xi Jinping met Vladimir Putin &amp; Sadyr Japarov in Beijing on Tuesday.</p>",
        "",
        "   \n\n  ",
        "Sadyr Japarov",
    ];
    let mut all = String::new();
    for (k, &text) in texts.iter().enumerate() {
        for date in [None, Some("2023-10-12")] {
            for id in [None, Some("story \"7\"\n")] {
                for html in [false, true] {
                    let input = move || {
                        let i = Input::new(text).date_opt(date.map(|d| d.parse().unwrap())).decode_html(html);
                        if let Some(id) = id { i.id(id) } else { i }
                    };
                    all += &assert_same_json(&ex, input, &format!("text {k}, date {date:?}, id {id:?}, html {html}"));
                }
            }
        }
    }
    // The texts reach the fields that are written only sometimes.
    for field in [
        "\"title\":",
        "\"roles\":[{",
        "\"from\":",
        "\"country\":",
        "\"kind\":\"exercise\"",
        "\"location\":\"",
        "\"ordinal\":20",
        "\"start_year\":",
        "\"dateline\":{\"place\":\"",
        "\"id\":\"story \\\"7\\\"\\n\"",
        "\"time\":\"t",
    ] {
        assert!(all.contains(field), "no document has {field}");
    }
}

#[test]
fn direct_json_is_the_documents_json_on_the_shared_texts() {
    let ex = Extractor::new();
    if let Some(path) = crate::common::shared("eval/dev.jsonl") {
        let file = std::fs::File::open(path).unwrap();
        let mut n = 0;
        for line in newsgraph::jsonl::JsonlReader::new(std::io::BufReader::new(file), false) {
            let doc = line.unwrap().unwrap();
            assert_eq!(ex.extract_json(doc.input()), ex.extract(doc.input()).to_json(), "line {}", doc.line);
            n += 1;
        }
        assert!(n > 10, "{n} documents");
    }
    if let Some(dir) = crate::common::shared("seeds") {
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let input = || Input::new(&text).date("2023-10-12".parse().unwrap());
            assert_eq!(ex.extract_json(input()), ex.extract(input()).to_json());
        }
    }
}
