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
//! exit status is then non-zero; processing goes on. Each thread takes the
//! next line, extracts it and writes its document in input order. From a
//! stream (stdin, a pipe) the output is flushed whenever every line that
//! has come is written and no whole line waits, so a feed piped in as it
//! arrives gets its documents as they are done.
//!
//! Options:
//! - `--gazetteer PATH` (repeatable) adds a gazetteer: the full format of
//!   `gazetteers/README.md`, or a plain TSV with the header `id<TAB>type<TAB>name`.
//! - `--no-default-gazetteers` drops the embedded gazetteers.
//! - `--lossy` replaces invalid UTF-8 instead of failing.
//! - `--threads N` (JSON Lines) extracts on N threads; output keeps input
//!   order. Progress (documents, MB/s) goes to stderr when it is a terminal.

use std::collections::BTreeMap;
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

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

/// The input side the workers share. A line's number, its place in the
/// output, is the count of lines taken before it ([`Shared::taken`]).
struct Intake<R> {
    lines: JsonlReader<R>,
    /// Set when reading failed: no more lines are taken.
    failed: Option<String>,
}

/// The output side the workers share.
struct Outlet {
    out: BufWriter<std::io::Stdout>,
    /// The number of the next line to write.
    next: usize,
    /// Lines done before an earlier one, by number: an error object is `Err`.
    early: BTreeMap<usize, Result<String, String>>,
    /// Whether every line written gave a document.
    ok: bool,
    /// Set when writing failed: the workers stop.
    failed: Option<String>,
    /// Text bytes of the documents written, for the progress line.
    text_bytes: usize,
    /// Threads waiting for lines to be written (woken only if any: a
    /// condition variable's wake-up is a system call).
    waiting: usize,
}

/// What every worker needs.
struct Shared<'a, R> {
    ex: &'a Extractor,
    intake: Mutex<Intake<R>>,
    /// Lines taken so far (written under the intake's lock).
    taken: AtomicUsize,
    outlet: Mutex<Outlet>,
    /// Signalled when lines are written, or on failure.
    written: Condvar,
    /// At most this many lines wait for an earlier one.
    max_early: usize,
    /// The input is a stream: flush as soon as nothing more is ready.
    stream: bool,
    progress: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
}

fn run_jsonl(ex: &Extractor, o: &Options) -> Result<bool, String> {
    use std::io::IsTerminal;

    let (reader, stream) = open(o.file.as_deref())?;
    let threads = o.threads.max(1);
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {msg}").expect("valid template"),
        );
        bar
    });
    // Every thread, this one included, takes the next line, extracts it
    // and writes its JSON, in input order: a line done before an earlier
    // one waits in `early` for the thread still on that one to write both.
    // No thread only reads or only writes: on one core that kind of
    // pipeline cost about 10 % of the wall time (threads handing batches
    // over, JSON written out long after it left the cache), and each
    // document's JSON is written while it is still in the cache. Memory
    // stays bounded: a thread waits before taking a new line while
    // `max_early` lines wait for an earlier one.
    let shared = Shared {
        ex,
        intake: Mutex::new(Intake { lines: JsonlReader::new(reader, o.lossy), failed: None }),
        taken: AtomicUsize::new(0),
        outlet: Mutex::new(Outlet {
            // Output is several times the input: written a megabyte at a
            // time, not in the default 8 KiB (a system call each).
            out: BufWriter::with_capacity(1 << 20, std::io::stdout()),
            next: 0,
            early: BTreeMap::new(),
            ok: true,
            failed: None,
            text_bytes: 0,
            waiting: 0,
        }),
        written: Condvar::new(),
        max_early: 8 * threads,
        stream,
        progress,
        started: std::time::Instant::now(),
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| work(&shared));
        }
        work(&shared);
    });
    let Shared { intake, outlet, progress, .. } = shared;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut outlet = outlet.into_inner().map_err(|_| "a worker panicked".to_string())?;
    if let Some(e) = outlet.failed {
        return Err(e);
    }
    outlet.out.flush().map_err(|e| e.to_string())?;
    match intake.into_inner().map_err(|_| "a worker panicked".to_string())?.failed {
        Some(e) => Err(e),
        None => Ok(outlet.ok),
    }
}

/// One worker: lines in, documents out, until the input ends or a read or
/// write fails.
fn work<R: Read>(sh: &Shared<'_, std::io::BufReader<R>>) {
    let _wake = WakeOnPanic { outlet: &sh.outlet, written: &sh.written };
    loop {
        // Wait while too many lines wait for an earlier one.
        {
            let mut out = sh.outlet.lock().expect("no worker panics");
            while out.early.len() >= sh.max_early && out.failed.is_none() {
                out.waiting += 1;
                out = sh.written.wait(out).expect("no worker panics");
                out.waiting -= 1;
            }
            if out.failed.is_some() {
                return;
            }
        }
        let (number, item) = {
            let mut intake = sh.intake.lock().expect("no worker panics");
            if intake.failed.is_some() {
                return;
            }
            match intake.lines.next() {
                None => return,
                Some(Err(e)) => {
                    intake.failed = Some(e.to_string());
                    return;
                }
                Some(Ok(item)) => (sh.taken.fetch_add(1, Ordering::Relaxed), item),
            }
        };
        let (line, text_bytes) = match item {
            Ok(doc) => (Ok(sh.ex.extract_json(doc.input())), doc.text.len()),
            Err(e) => (Err(e.to_json()), 0),
        };
        let mut out = sh.outlet.lock().expect("no worker panics");
        out.text_bytes += text_bytes;
        if number != out.next {
            out.early.insert(number, line);
            continue;
        }
        let mut result = out.write(line);
        while result.is_ok() {
            let next = out.next;
            let Some(line) = out.early.remove(&next) else { break };
            result = out.write(line);
        }
        // A reader at the other end of a pipe sees each document as soon
        // as it is done when nothing more has come in: every line taken is
        // written and no whole line waits in the input's buffer (or
        // another thread is reading, perhaps waiting for the next line).
        if result.is_ok() && sh.stream && out.next == sh.taken.load(Ordering::Relaxed) {
            let idle = match sh.intake.try_lock() {
                Ok(intake) => !intake.lines.line_ready(),
                Err(_) => true,
            };
            if idle {
                result = out.out.flush().map_err(|e| e.to_string());
            }
        }
        if let Err(e) = result {
            out.failed = Some(e);
        }
        if let Some(bar) = &sh.progress {
            bar.set_position(out.next as u64);
            let mb_s = out.text_bytes as f64 / 1e6 / sh.started.elapsed().as_secs_f64();
            bar.set_message(format!("{mb_s:.1} MB/s"));
        }
        let wake = out.waiting > 0;
        drop(out);
        if wake {
            sh.written.notify_all();
        }
    }
}

/// Should a worker panic (extraction is infallible, but a bug is a bug),
/// the others stop instead of waiting for it to write its line: the run
/// ends with the panic, not in a hang.
struct WakeOnPanic<'s> {
    outlet: &'s Mutex<Outlet>,
    written: &'s Condvar,
}

impl Drop for WakeOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // A lock poisoned by the panic makes the others panic anyway.
            if let Ok(mut out) = self.outlet.lock() {
                out.failed = Some("a worker panicked".into());
            }
            self.written.notify_all();
        }
    }
}

impl Outlet {
    /// Writes the next line.
    fn write(&mut self, line: Result<String, String>) -> Result<(), String> {
        self.ok &= line.is_ok();
        let line = line.unwrap_or_else(|e| e);
        self.next += 1;
        self.out.write_all(line.as_bytes()).and_then(|()| self.out.write_all(b"\n")).map_err(|e| e.to_string())
    }
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
