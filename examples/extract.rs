//! # extract: run newsgraph over a file and print JSON
//!
//! ```text
//! cargo run --release --example extract -- FILE [--date YYYY-MM-DD] [--id ID]
//! cargo run --release --example extract -- --jsonl [FILE]
//! ```
//!
//! `FILE` is a plain-text article (`-` or nothing reads stdin); the output is
//! the pretty-printed JSON document. With `--jsonl`, each input line is a
//! JSON object `{"id": .., "text": .., "date": ..}` (`date` optional or null)
//! and each output line is one compact JSON document, in input order. A line
//! that cannot be read yields `{"id":..,"error":..,"line":N}` instead, and the
//! exit status is then non-zero; processing goes on. Lines are processed in
//! batches of up to 256, and a batch's documents are written as soon as it
//! is done. From a stream (stdin, a pipe) a batch also goes on as soon as
//! the next line has not come yet, so a feed piped in as it arrives gets
//! its documents as they are done, not when 256 lines have come.
//!
//! Options:
//! - `--gazetteer PATH` (repeatable) adds a gazetteer: the full format of
//!   `gazetteers/README.md`, or a plain TSV with the header `id<TAB>type<TAB>name`.
//! - `--no-default-gazetteers` drops the embedded gazetteers.
//! - `--lossy` replaces invalid UTF-8 instead of failing.
//! - `--threads N` (JSON Lines) extracts on N threads; output keeps input
//!   order. Progress (documents, MB/s) goes to stderr when it is a terminal.

use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

use newsgraph::jsonl::JsonlReader;
use newsgraph::{Extractor, Input};

// # Options

#[derive(Default)]
struct Options {
    file: Option<String>,
    date: Option<jiff::civil::Date>,
    id: Option<String>,
    jsonl: bool,
    lossy: bool,
    no_defaults: bool,
    gazetteers: Vec<String>,
    threads: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--date" => {
                let v = value("--date")?;
                o.date = Some(v.parse().map_err(|e| format!("--date {v}: {e}"))?);
            }
            "--id" => o.id = Some(value("--id")?),
            "--jsonl" => o.jsonl = true,
            "--lossy" => o.lossy = true,
            "--no-default-gazetteers" => o.no_defaults = true,
            "--gazetteer" => o.gazetteers.push(value("--gazetteer")?),
            "--threads" => {
                let v = value("--threads")?;
                o.threads = v.parse().map_err(|_| format!("--threads {v}: not a number"))?;
            }
            "-h" | "--help" => {
                return Err("usage: extract [FILE|-] [--date YYYY-MM-DD] [--id ID] [--jsonl] [--threads N] [--gazetteer PATH]... [--no-default-gazetteers] [--lossy]".into());
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ if o.file.is_none() => o.file = Some(a),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(o)
}

// # Building the extractor

fn extractor(o: &Options) -> Result<Extractor, newsgraph::Error> {
    if o.gazetteers.is_empty() && !o.no_defaults {
        return Ok(Extractor::new());
    }
    let mut b = Extractor::builder();
    b.default_gazetteers(!o.no_defaults);
    for g in &o.gazetteers {
        b.gazetteer_path(g);
    }
    b.build()
}

/// The input, buffered, and whether it is a stream (stdin, a pipe, a
/// device), whose next line may be slow to come, rather than a file.
fn open(file: Option<&str>) -> Result<(std::io::BufReader<Box<dyn Read + Send>>, bool), String> {
    let (input, stream): (Box<dyn Read + Send>, bool) = match file {
        None | Some("-") => (Box::new(std::io::stdin()), true),
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|e| format!("{p}: {e}"))?;
            let stream = !f.metadata().is_ok_and(|m| m.is_file());
            (Box::new(f), stream)
        }
    };
    Ok((std::io::BufReader::with_capacity(1 << 16, input), stream))
}

fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
    }
}

// # One document

fn run_file(ex: &Extractor, o: &Options) -> Result<(), String> {
    let mut bytes = Vec::new();
    open(o.file.as_deref())?.0.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    let name = o.file.as_deref().unwrap_or("-");
    let text = decode(bytes, o.lossy).map_err(|e| format!("{name}: {e} (use --lossy to replace)"))?;
    let mut input = Input::new(&text).date_opt(o.date);
    if let Some(id) = &o.id {
        input = input.id(id.clone());
    }
    let doc = ex.extract(input);
    println!("{}", doc.to_json_pretty());
    Ok(())
}

// # JSON Lines

fn run_jsonl(ex: &Extractor, o: &Options) -> Result<bool, String> {
    use std::io::IsTerminal;

    let (reader, stream) = open(o.file.as_deref())?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(o.threads.max(1)).build().map_err(|e| e.to_string())?;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {msg}").expect("valid template"),
        );
        bar
    });
    let started = std::time::Instant::now();
    let mut lineno = 0usize;
    let mut bytes_done = 0usize;
    // Three stages, each on its own thread: a reader thread reads and
    // parses batches of lines (bounded in count and bytes; at most two
    // wait); this thread has the pool extract each batch, in parallel,
    // into JSON in input order; a writer thread writes it. Memory stays
    // bounded however long the input, and neither reading nor writing
    // holds the pool idle.
    let (tx, rx) = std::sync::mpsc::sync_channel(2);
    // The writer takes a batch when it has written the one before: a
    // batch's JSON (seven times its text) waits nowhere else.
    let (to_writer, from_extractor) = std::sync::mpsc::sync_channel::<Vec<Result<String, String>>>(0);
    let ok = std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut lines = JsonlReader::new(reader, o.lossy);
            loop {
                let mut batch = Vec::new();
                let mut batch_bytes = 0usize;
                while batch.len() < 256 && batch_bytes < 16 << 20 {
                    // A stream (a feed piped in as it arrives) is not held
                    // back for a full batch: what has come goes on when the
                    // next line is not there yet.
                    if stream && !batch.is_empty() && !lines.line_ready() {
                        break;
                    }
                    let Some(item) = lines.next() else { break };
                    let item = match item {
                        Ok(item) => item,
                        Err(e) => {
                            let _ = tx.send(Err(e.to_string()));
                            return;
                        }
                    };
                    batch_bytes += item.as_ref().map_or(64, |d| d.text.len() + 64);
                    batch.push(item);
                }
                if batch.is_empty() || tx.send(Ok((batch, batch_bytes))).is_err() {
                    return;
                }
            }
        });
        let writer = scope.spawn(move || -> Result<bool, String> {
            // Output is several times the input: written a megabyte at a
            // time, not in the default 8 KiB (a system call each).
            let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            // Whether every line gave a document (an error object otherwise).
            let mut ok = true;
            for lines in from_extractor {
                for line in lines {
                    ok &= line.is_ok();
                    let line = line.unwrap_or_else(|e| e);
                    out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n")).map_err(|e| e.to_string())?;
                }
                // Each batch out as soon as it is written: a reader at the
                // other end of a pipe sees documents as they are done.
                out.flush().map_err(|e| e.to_string())?;
            }
            Ok(ok)
        });
        for received in rx {
            let (batch, batch_bytes) = received?;
            lineno += batch.len();
            let lines: Vec<Result<String, String>> = pool.install(|| {
                use rayon::prelude::*;
                batch
                    .into_par_iter()
                    .map(|item| match item {
                        Ok(doc) => Ok(ex.extract_json(doc.input())),
                        Err(e) => Err(e.to_json()),
                    })
                    .collect()
            });
            if to_writer.send(lines).is_err() {
                // The writer stopped on an error, which its result gives.
                break;
            }
            bytes_done += batch_bytes;
            if let Some(bar) = &progress {
                bar.set_position(lineno as u64);
                bar.set_message(format!("{:.1} MB/s", bytes_done as f64 / 1e6 / started.elapsed().as_secs_f64()));
            }
        }
        drop(to_writer);
        writer.join().map_err(|_| "the writer thread panicked".to_string())?
    })?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(ok)
}

// A faster allocator for this program: extraction makes many small
// allocations. (The library itself leaves the choice to its users.)
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let ex = match extractor(&o) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for w in ex.warnings().iter().filter(|_| !o.gazetteers.is_empty()) {
        eprintln!("warning: {w}");
    }
    let result = if o.jsonl { run_jsonl(&ex, &o) } else { run_file(&ex, &o).map(|()| true) };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
