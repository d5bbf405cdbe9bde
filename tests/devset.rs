//! Accuracy on the shared development set and the seed story, when the
//! shared folder is present.

use newsgraph::Extractor;
use newsgraph::eval::{Scorer, read_gold};

fn dev_report() -> Option<newsgraph::eval::Report> {
    let path = crate::common::shared("eval/dev.jsonl")?;
    let text = std::fs::read_to_string(&path).unwrap();
    let gold = read_gold("dev.jsonl", &text).unwrap();
    let ex = Extractor::new();
    let mut s = Scorer::new();
    for g in &gold {
        s.add(g, &ex.extract(g.input()));
    }
    Some(s.report())
}

#[test]
fn dev_set_meets_the_targets() {
    let Some(r) = dev_report() else { return };
    eprintln!("{}", r.table());
    assert!(r.entities.f1() >= 0.92, "entity F1 {:.3}", r.entities.f1());
    assert!(r.times.f1() >= 0.92, "time F1 {:.3}", r.times.f1());
}
