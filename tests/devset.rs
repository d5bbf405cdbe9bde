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
    assert!(r.relations_strict.f1() >= 0.75, "strict relation F1 {:.3}", r.relations_strict.f1());
    assert!(r.relations_lenient.f1() >= 0.88, "lenient relation F1 {:.3}", r.relations_lenient.f1());
    assert!(r.modality.value().unwrap_or(0.0) >= 0.85, "modality accuracy {:?}", r.modality.value());
}

/// The motivating story (`seeds/000_*`, gold in the dev set as its first
/// document): every relation right, with its modality, nothing spurious.
#[test]
fn seed_story_comes_out_right() {
    let Some(path) = crate::common::shared("eval/dev.jsonl") else { return };
    let Some(seed) = crate::common::shared("seeds/000_2c5db631b502f806.txt") else { return };
    let text = std::fs::read_to_string(&path).unwrap();
    let gold = read_gold("dev.jsonl", &text).unwrap();
    let seed_text = std::fs::read_to_string(seed).unwrap();
    let g = gold.iter().find(|g| g.text.trim() == seed_text.trim()).expect("the seed story is in the dev set");
    let mut s = Scorer::new();
    s.add(g, &Extractor::new().extract(g.input()));
    let r = s.report();
    let c = &r.relations_strict;
    assert!(c.tp > 0 && c.fp == 0 && c.fn_ == 0, "seed story relations: {c:?}\n{}", r.table());
    assert_eq!(r.modality.correct, r.modality.total, "seed story modality");
    assert_eq!(r.negation.correct, r.negation.total, "seed story negation");
}
