//! # adversarial: time and memory on input built to hurt
//!
//! ```text
//! cargo run --release --example adversarial -- [--bytes 10000000] [--reps 3]
//! ```
//!
//! Runs full extraction on each shape of `benches/common/fixtures.rs`
//! (`adversarial`) in a child process of its own, `--reps` times, and prints
//! the fastest time per MB relative to ordinary news text and the peak
//! resident memory relative to the input size. (One run of a 10 MB
//! document varies by up to 2× here, with the state of the machine's
//! memory; the fastest of a few does not.) The robustness target: every
//! shape within 3× the time per MB of news text.

use std::process::Command;
use std::time::Instant;

#[path = "../benches/common/fixtures.rs"]
mod fixtures;

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

// A faster allocator for this program: extraction makes many small
// allocations. (The library itself leaves the choice to its users.)
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map_or(Ok(default), |v| v.parse())
    };
    let bytes = arg("--bytes", 10_000_000)?;
    let reps = arg("--reps", 3)?.max(1);
    // In a child: run one shape and report.
    if let Some(i) = args.iter().position(|a| a == "--shape") {
        let name = &args[i + 1];
        let (_, text) = fixtures::adversarial(bytes).into_iter().find(|(n, _)| n == name).ok_or("no such shape")?;
        let ex = newsgraph::Extractor::new();
        let _ = ex.extract("warm up");
        let base = peak_rss_kb();
        let (mut secs, mut peak, mut json_len) = (f64::INFINITY, 0, 0);
        for rep in 0..reps {
            let t = Instant::now();
            let doc = ex.extract(text.as_str());
            secs = secs.min(t.elapsed().as_secs_f64());
            json_len = doc.to_json().len();
            if rep == 0 {
                // Memory from the first run alone: the allocator keeps some
                // of what later runs free, which is not the extraction's.
                peak = peak_rss_kb();
            }
        }
        println!("{secs} {peak} {base} {} {json_len}", text.len());
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    println!("{:<28} {:>9} {:>10} {:>9} {:>14}", "shape", "MB", "s/MB", "× news", "peak / input");
    let mut news_rate = None;
    for (name, _) in fixtures::adversarial(1) {
        let out = Command::new(&exe)
            .args(["--shape", name, "--bytes", &bytes.to_string(), "--reps", &reps.to_string()])
            .output()?;
        let line = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        if v.len() < 4 {
            println!("{name:<28} failed: {}", String::from_utf8_lossy(&out.stderr));
            continue;
        }
        let (secs, peak, base, len) = (v[0], v[1], v[2], v[3]);
        let mb = len / 1e6;
        let rate = secs / mb;
        let news = *news_rate.get_or_insert(rate);
        let mem = (peak - base) * 1024.0 / len;
        println!("{name:<28} {mb:>9.1} {rate:>10.4} {:>9.2} {mem:>13.1}×", rate / news);
    }
    Ok(())
}
