//! # gazetteer-stats: what the gazetteers hold, and what is wrong with them
//!
//! ```text
//! cargo run --release --example gazetteer-stats [-- --gazetteer PATH ...] [--petrarch PATH ...]
//! ```
//!
//! Prints the number of entries per type (and per `kind` for places,
//! organizations and events), the number of aliases, of persons with dated
//! roles, and every warning of the build (aliases shared without `~`,
//! references to unknown ids). With `--gazetteer` or `--petrarch`, those
//! files are loaded after the embedded ones; the load time is printed.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use newsgraph::{EntityType, Extractor, Gazetteer};

fn main() -> ExitCode {
    let mut extra: Vec<(bool, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--gazetteer", Some(p)) => extra.push((false, p)),
            ("--petrarch", Some(p)) => extra.push((true, p)),
            _ => {
                eprintln!("usage: gazetteer-stats [--gazetteer PATH]... [--petrarch PATH]...");
                return ExitCode::from(2);
            }
        }
    }

    // # Load
    let mut all = Gazetteer::default_entries().clone();
    for (petrarch, path) in &extra {
        let t = Instant::now();
        let g = if *petrarch {
            std::fs::File::open(path)
                .map_err(|e| e.to_string())
                .and_then(|f| Gazetteer::from_petrarch_actors(path, f).map_err(|e| e.to_string()))
        } else {
            Gazetteer::from_path(path).map_err(|e| e.to_string())
        };
        match g {
            Ok(g) => {
                println!("loaded {path}: {} entries in {:.1} ms", g.len(), t.elapsed().as_secs_f64() * 1e3);
                if let Err(e) = all.extend(g) {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    // # Count
    let mut per_type: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut aliases = 0;
    let mut dated = 0;
    for e in all.entries() {
        *per_type.entry(e.entity_type().to_string()).or_default() += 1;
        if let Some(k) = e.kind() {
            *per_kind.entry(format!("{}/{k}", e.entity_type())).or_default() += 1;
        }
        aliases += e.surface_forms().count();
        if e.entity_type() == EntityType::Person && e.roles().iter().any(|r| r.is_dated()) {
            dated += 1;
        }
    }
    println!("{} entries, {aliases} surface forms", all.len());
    for (t, n) in &per_type {
        println!("  {t:<14} {n:>6}");
    }
    println!("persons with dated roles: {dated}");
    let capitals = all.entries().iter().filter(|e| e.kind() == Some("capital")).count();
    println!("capitals: {capitals}");
    println!("by kind:");
    for (k, n) in &per_kind {
        println!("  {k:<30} {n:>6}");
    }

    // # Warnings
    let t = Instant::now();
    let mut b = Extractor::builder();
    b.default_gazetteers(false).gazetteer(all);
    match b.build() {
        Ok(ex) => {
            println!("built the extractor in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
            println!("{} warnings", ex.warnings().len());
            for w in ex.warnings() {
                println!("  warning: {w}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
