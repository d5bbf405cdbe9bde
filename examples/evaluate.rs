//! # evaluate: score newsgraph against gold annotations
//!
//! ```text
//! cargo run --release --example evaluate -- GOLD.jsonl [--per-doc] [--json]
//! ```
//!
//! `GOLD.jsonl` holds one gold document a line, in the format of the
//! evaluation README (`id`, `date`, `text`, `entities`, `times`,
//! `relations`). Each document is extracted with its `date` as the anchor
//! and scored by the README's rules. The default output is a table;
//! `--json` prints one JSON object instead, and `--per-doc` (or `--errors`)
//! adds, per document, the missed and spurious entities, times and
//! relations. `--system FILE` scores a JSON Lines file of documents written
//! earlier instead of running the extractor.

use std::collections::HashMap;
use std::process::ExitCode;

use newsgraph::Extractor;
use newsgraph::eval::{Scorer, read_gold};

// A faster allocator for this program: extraction makes many small
// allocations. (The library itself leaves the choice to its users.)
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut gold_path = None;
    let mut system_path = None;
    let mut json = false;
    let mut per_doc = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--per-doc" | "--errors" => per_doc = true,
            "--system" => system_path = args.next(),
            _ if a.starts_with("--") => {
                eprintln!("unknown option {a}");
                return ExitCode::from(2);
            }
            _ => gold_path = Some(a),
        }
    }
    let Some(gold_path) = gold_path else {
        eprintln!("usage: evaluate GOLD.jsonl [--per-doc] [--json] [--system DOCS.jsonl]");
        return ExitCode::from(2);
    };

    // # Read the gold documents
    let text = match std::fs::read_to_string(&gold_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{gold_path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let gold = match read_gold(&gold_path, &text) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    // # Extract (or read earlier output) and score
    let mut system: HashMap<String, newsgraph::Document> = HashMap::new();
    if let Some(p) = &system_path {
        let Ok(s) = std::fs::read_to_string(p) else {
            eprintln!("{p}: cannot read");
            return ExitCode::FAILURE;
        };
        for (n, line) in s.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match newsgraph::Document::from_json(line) {
                Ok(d) => {
                    system.insert(d.id.clone().unwrap_or_default(), d);
                }
                Err(e) => {
                    eprintln!("{p}:{}: {e}", n + 1);
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let ex = Extractor::new();
    let mut scorer = Scorer::new();
    for g in &gold {
        let doc = match system.remove(&g.id) {
            Some(d) => d,
            None => ex.extract(g.input()),
        };
        scorer.add(g, &doc);
    }
    let report = scorer.report();

    // # Print
    if json {
        let mut v = report.to_json();
        if per_doc {
            v["errors"] = serde_json::to_value(&report.errors).expect("errors serialize");
        }
        println!("{}", serde_json::to_string_pretty(&v).expect("report serializes"));
    } else {
        if per_doc {
            print!("{}", report.errors_text());
            println!();
        }
        print!("{}", report.table());
    }
    ExitCode::SUCCESS
}
