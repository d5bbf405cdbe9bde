//! Criterion benchmarks: every stage over synthetic news-like documents of
//! 10 KB (a hundred different ones), 1 MB and 10 MB, matching over gazetteers of 1k to 1M generated entries,
//! the matching core next to a raw `aho-corasick` scan (`match-vs-raw`),
//! building an extractor, and the adversarial shapes of the robustness
//! issue. Reports read in MiB/s (`Throughput::Bytes`). Every benchmark checks
//! a count inside the loop, so a broken path cannot measure nothing.
//!
//! ```text
//! cargo bench --bench extract                 # everything (long)
//! cargo bench --bench extract -- match/       # one group
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::{Extractor, Gazetteer};

#[path = "common/fixtures.rs"]
mod fixtures;
#[path = "common/raw_scan.rs"]
mod raw_scan;

const SIZES: &[(&str, usize)] = &[("10KB", 10_000), ("1MB", 1_000_000), ("10MB", 10_000_000)];

fn extractor(names: usize) -> (Extractor, Vec<(String, &'static str, String)>) {
    let list = fixtures::names(names, 42);
    let g =
        Gazetteer::parse_named("generated.tsv", &fixtures::gazetteer_tsv(&list)).expect("generated gazetteer parses");
    let ex = Extractor::builder().default_gazetteers(false).gazetteer(g).build().expect("builds");
    (ex, list)
}

/// Documents of `bytes` each, about 1 MB of them in all: different texts,
/// because one short text measured again and again is learned by the
/// processor's branch predictors and caches, which no archive of different
/// articles allows, and would flatter short documents.
fn documents(list: &[(String, &'static str, String)], bytes: usize) -> Vec<String> {
    let n = (1_000_000 / bytes).max(1) as u64;
    (0..n).map(|k| fixtures::corpus(list, bytes, 7 + k)).collect()
}

fn stages(c: &mut Criterion) {
    let (ex, list) = extractor(10_000);
    for stage in ["tokens", "names", "times", "entities", "relations"] {
        let mut g = c.benchmark_group(format!("stage-{stage}"));
        g.sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_millis(500));
        for &(label, bytes) in SIZES {
            let docs = documents(&list, bytes);
            g.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
            g.bench_with_input(BenchmarkId::from_parameter(label), &docs, |b, docs| {
                b.iter(|| {
                    let n: usize = docs.iter().map(|d| ex.run_through(black_box(d), stage)).sum();
                    assert!(n > 0, "{stage} found nothing");
                    n
                })
            });
        }
        g.finish();
    }
    // Full extraction with JSON output, per 2 KB article as pipelines run it.
    let mut g = c.benchmark_group("extract-json");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for &(label, bytes) in SIZES {
        let docs = documents(&list, bytes);
        let articles: Vec<&str> = docs.iter().flat_map(|d| d.split("\n\n")).collect();
        let total: usize = docs.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(total as u64));
        // Straight from the stages (`extract_json`), and through the owned
        // Document as a caller of `extract` who then serializes gets it.
        for (way, direct) in [("direct", true), ("document", false)] {
            g.bench_with_input(BenchmarkId::new(way, label), &articles, |b, articles| {
                b.iter(|| {
                    let mut out = 0usize;
                    for a in articles {
                        out += if direct { ex.extract_json(*a).len() } else { ex.extract(*a).to_json().len() };
                    }
                    assert!(out > total, "JSON is shorter than its input");
                    out
                })
            });
        }
    }
    g.finish();
}

fn matching_by_gazetteer_size(c: &mut Criterion) {
    let mut g = c.benchmark_group("match");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for names in [1_000, 10_000, 100_000, 1_000_000] {
        let (ex, list) = extractor(names);
        let text = fixtures::corpus(&list, 1_000_000, 7);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(names), &text, |b, text| {
            b.iter(|| {
                let n = ex.find_names(black_box(text)).len();
                assert!(n > 1000, "only {n} names");
                n
            })
        });
    }
    g.finish();
}

/// The matching core next to the practical limit of plain dictionary
/// matching, in one group so that criterion's report shows both on the same
/// input: newsgraph (tokenize + trie match, case-aware) and the
/// `aho-corasick` crate (leftmost-longest, ASCII case-insensitive, matches
/// kept when both ends are word boundaries), paragraph by paragraph over
/// the same 1 MB and the same 10,000 names. `benches/compare/run.py` adds
/// the Python peers.
fn match_vs_raw_scan(c: &mut Criterion) {
    let (ex, list) = extractor(10_000);
    let text = fixtures::corpus(&list, 1_000_000, 7);
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let ac = raw_scan::build(list.iter().map(|(_, _, name)| name)).expect("the names build an automaton");
    let mut g = c.benchmark_group("match-vs-raw");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("newsgraph", |b| {
        b.iter(|| {
            let n: usize = paragraphs.iter().map(|p| ex.find_names(black_box(p)).len()).sum();
            assert!(n > 10_000, "only {n} names");
            n
        })
    });
    g.bench_function("aho-corasick", |b| {
        b.iter(|| {
            let n: usize = paragraphs.iter().map(|p| raw_scan::count(&ac, black_box(p))).sum();
            assert!(n > 10_000, "only {n} names");
            n
        })
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("embedded", |b| {
        b.iter(|| {
            let ex = Extractor::builder().build().expect("builds");
            assert!(ex.entry_count() > 4000);
            ex
        })
    });
    for names in [1_000, 10_000, 100_000, 1_000_000] {
        let text = fixtures::gazetteer_tsv(&fixtures::names(names, 42));
        g.bench_with_input(BenchmarkId::new("generated", names), &text, |b, text| {
            b.iter(|| {
                let ex = Extractor::builder()
                    .default_gazetteers(false)
                    .gazetteer_str("generated.tsv", black_box(text))
                    .build()
                    .expect("builds");
                assert_eq!(ex.entry_count(), names);
                ex
            })
        });
    }
    g.finish();
}

/// The shapes of input built to hurt, against ordinary news text.
fn adversarial(c: &mut Criterion) {
    let ex = Extractor::new();
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    for (name, text) in fixtures::adversarial(1_000_000) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| {
                let doc = ex.extract(black_box(text.as_str()));
                assert!(!doc.sentences.is_empty() || text.trim().is_empty());
                doc.entities.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, matching_by_gazetteer_size, match_vs_raw_scan, build, adversarial);
criterion_main!(benches);
