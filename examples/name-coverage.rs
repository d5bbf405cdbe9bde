//! # name-coverage: how many names of a list come out as entities
//!
//! ```text
//! cargo run --release --example name-coverage -- NAMES.tsv [--misses]
//! ```
//!
//! `NAMES.tsv` has the header `type<TAB>name<TAB>extra`. Each `person`,
//! `country`, `place` or `organization` row is put in a neutral sentence
//! ("Officials said NAME had issued a statement.") and counts as found when
//! an entity of that type has a mention spanning exactly the name. Each
//! `title` row (`the Russian president<TAB>2010-06-01|Dmitry Medvedev`) is
//! extracted with that anchor date and counts when it resolves to a person
//! of that name (compared without accents and case). Prints the share found
//! per type; `--misses` lists the misses.

use std::collections::BTreeMap;

use newsgraph::{Extractor, Input};

fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().filter(|c| c.is_alphanumeric() || c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: name-coverage NAMES.tsv [--misses]")?;
    let show = args.next().as_deref() == Some("--misses");
    let ex = Extractor::new();
    let mut stats: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (t, name, extra) = (cols[0], cols.get(1).copied().unwrap_or(""), cols.get(2).copied().unwrap_or(""));
        let ok = if t == "title" {
            let Some((date, who)) = extra.split_once('|') else { continue };
            let text = format!("Officials said {name} had issued a statement.");
            let doc = ex.extract(Input::new(&text).date(date.parse()?));
            let found = doc
                .entities
                .iter()
                .any(|e| e.entity_type == newsgraph::EntityType::Person && fold(&e.name) == fold(who));
            if !found {
                let got: Vec<&str> = doc
                    .entities
                    .iter()
                    .filter(|e| e.entity_type == newsgraph::EntityType::Person)
                    .map(|e| e.name.as_str())
                    .collect();
                misses.push(format!("title {name} @{date}: want {who}, got {got:?}"));
            }
            found
        } else {
            let text = format!("Officials said {name} had issued a statement.");
            let doc = ex.extract(text.as_str());
            let (s, e) = (15, 15 + name.len());
            let found = doc
                .entities
                .iter()
                .any(|x| x.entity_type.as_str() == t && x.mentions.iter().any(|m| m.start == s && m.end == e));
            if !found {
                let got: Vec<String> =
                    doc.entities.iter().map(|x| format!("{}:{}", x.entity_type, x.mentions[0].text)).collect();
                misses.push(format!("{t} {name}: got {got:?}"));
            }
            found
        };
        let s = stats.entry(t.to_string()).or_default();
        s.0 += usize::from(ok);
        s.1 += 1;
    }
    for (t, (ok, n)) in &stats {
        println!("{t:<14} {ok:>5} / {n:<5} {:.1}%", 100.0 * *ok as f64 / *n as f64);
    }
    if show {
        for m in misses {
            println!("  miss: {m}");
        }
    }
    Ok(())
}
