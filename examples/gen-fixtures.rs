//! # gen-fixtures: write the generated gazetteer and corpus of the benchmarks
//!
//! ```text
//! cargo run --release --example gen-fixtures -- OUT_DIR [--names 10000] [--bytes 10000000] [--seed 42]
//! ```
//!
//! Writes `OUT_DIR/gazetteer.tsv` (plain `id<TAB>type<TAB>name`) and
//! `OUT_DIR/corpus.txt`: deterministic for a seed, our own synthetic text.

#[path = "../benches/common/fixtures.rs"]
mod fixtures;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out =
        std::path::PathBuf::from(args.next().ok_or("usage: gen-fixtures OUT_DIR [--names N] [--bytes B] [--seed S]")?);
    let (mut names, mut bytes, mut seed) = (10_000usize, 10_000_000usize, 42u64);
    while let Some(a) = args.next() {
        let v = args.next().ok_or(format!("{a} needs a value"))?;
        match a.as_str() {
            "--names" => names = v.parse()?,
            "--bytes" => bytes = v.parse()?,
            "--seed" => seed = v.parse()?,
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    std::fs::create_dir_all(&out)?;
    let list = fixtures::names(names, seed);
    std::fs::write(out.join("gazetteer.tsv"), fixtures::gazetteer_tsv(&list))?;
    std::fs::write(out.join("corpus.txt"), fixtures::corpus(&list, bytes, seed ^ 0x5eed))?;
    println!("wrote {} names and {bytes} bytes to {}", list.len(), out.display());
    Ok(())
}
