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
