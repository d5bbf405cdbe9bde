//! Hostile and broken input: Unicode and markup hygiene, files and streams,
//! configuration errors.

use newsgraph::{Extractor, Input};

fn mention(doc: &newsgraph::Document, id: &str) -> (usize, usize, String) {
    let m = &doc.entity(id).unwrap_or_else(|| panic!("{id} missing: {}", doc.to_json_pretty())).mentions[0];
    (m.start, m.end, m.text.clone())
}

#[test]
fn names_match_across_unicode_spaces_and_invisible_characters() {
    for (text, want) in [
        ("Vladimir\u{A0}Putin spoke.", "Vladimir\u{A0}Putin"),
        ("Vladimir\u{2009}Putin spoke.", "Vladimir\u{2009}Putin"),
        ("Vladi\u{AD}mir Putin spoke.", "Vladi\u{AD}mir Putin"),
        ("Pu\u{200D}tin spoke.", "Pu\u{200D}tin"),
        ("Vladimir\u{200B}Putin spoke.", "Vladimir\u{200B}Putin"),
        ("Vladimir \r\n Putin spoke.", "Vladimir \r\n Putin"),
    ] {
        let doc = Extractor::new().extract(text);
        let (s, e, t) = mention(&doc, "person/vladimir-putin");
        assert_eq!((s, &text[s..e], t.as_str()), (0, want, want), "{text:?}");
    }
}

#[test]
fn bom_crlf_nul_and_controls_are_harmless() {
    let text = "\u{FEFF}BISHKEK, Oct 12 (Reuters) - Putin\u{0} met\u{7} Japarov.\r\nKazakhstan\r\nagreed.";
    let doc = Extractor::new().extract(text);
    assert_eq!(mention(&doc, "place/bishkek").0, 3, "after the BOM");
    assert_eq!(mention(&doc, "person/sadyr-japarov").2, "Japarov");
    assert_eq!(mention(&doc, "country/kazakhstan").2, "Kazakhstan");
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
}

#[test]
fn html_is_read_when_asked_and_offsets_stay_in_the_original() {
    let text = "<div class=\"Russia Kazakhstan\"><p>Russia&#8217;s envoy met <b>Kazakh</b>&nbsp;officials &amp; Uzbek ones.</p></div>";
    let doc = Extractor::new().extract(Input::new(text).decode_html(true));
    let ids: Vec<&str> = doc.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["country/russia", "country/kazakhstan", "country/uzbekistan"],
        "no entity from a tag's attributes"
    );
    let (s, e, t) = mention(&doc, "country/russia");
    assert_eq!((&text[s..e], t.as_str()), ("Russia", "Russia"), "the possessive is read through &#8217;");
    // Off by default: the text is taken as it stands.
    let plain = Extractor::new().extract(text);
    assert_eq!(mention(&plain, "country/russia").0, text.find("Russia").unwrap());
}

#[test]
fn entity_references_do_not_make_words() {
    let doc = Extractor::new().extract(Input::new("AT&amp;T and &quot;Putin&quot;").decode_html(true));
    let (s, e, _) = mention(&doc, "person/vladimir-putin");
    assert_eq!(&"AT&amp;T and &quot;Putin&quot;"[s..e], "Putin");
}

/// Found by fuzzing: an anchor date before year 0 resolved "yesterday" to a
/// negative year, a value the TIMEX format cannot hold, and the JSON did not
/// read back.
#[test]
fn anchors_far_in_the_past_give_values_that_read_back() {
    let text = "Talks were held yesterday and will resume next week, in March and in the 1990s. \
                BISHKEK, Oct 12 - The summit opens in the spring of 2025.";
    let d = jiff::civil::date;
    for anchor in [d(-5833, 7, 9), d(-1, 1, 1), d(0, 1, 1), d(9999, 12, 31)] {
        let doc = Extractor::new().extract(Input::new(text).date(anchor));
        assert!(!doc.times.is_empty(), "{anchor}");
        for t in &doc.times {
            assert!(newsgraph::TimeValue::parse(t.value.as_str()).is_some(), "{anchor}: {}", t.value);
        }
        let back: newsgraph::Document = serde_json::from_str(&doc.to_json()).unwrap();
        assert_eq!(back, doc, "{anchor}");
    }
}

#[test]
fn batch_and_single_extraction_agree() {
    let texts =
        ["Vladimir Putin met Xi Jinping on Monday.", "", "BISHKEK, Oct 12 (Reuters) - The CSTO held drills.", "x"];
    let ex = Extractor::new();
    let batch = ex.extract_batch(texts.iter().map(|t| Input::new(t).date("2023-10-12".parse().unwrap())).collect());
    for (t, d) in texts.iter().zip(&batch) {
        assert_eq!(&ex.extract(Input::new(t).date("2023-10-12".parse().unwrap())), d);
    }
}

#[test]
fn configuration_errors_are_early_and_name_file_and_line() {
    let cases = [
        ("person/a\tperson\n", "expected 3 to 5 tab-separated columns"),
        ("person/a\tpersonage\tA\n", "unknown entity type `personage`"),
        ("person/a\tperson\tA\t\trole=president@country/x[2021-02-30..]\n", "invalid date `2021-02-30`"),
        ("person/a\tperson\tA\nperson/a\tperson\tB\n", "duplicate id `person/a`"),
        (
            "person/a\tperson\tA\tMr Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab Ab\n",
            "over the limit",
        ),
    ];
    for (text, want) in cases {
        let e = Extractor::builder().gazetteer_str("custom.tsv", &format!("# header\n{text}")).build().unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("custom.tsv:") && msg.contains(want), "{msg}");
        assert!(e.line_number().is_some_and(|l| l >= 2), "{msg}");
    }
    let e = Extractor::builder()
        .triggers_str("t.tsv", "meet\tverb\tgreets\tleft\tright\t-\t040\tCONSULT\tA.\tA > B\n")
        .build()
        .unwrap_err();
    assert!(e.to_string().starts_with("t.tsv:1: unknown relation type"), "{e}");
}

/// The `extract` example, when built (it is, by `cargo test`).
fn example(name: &str) -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?.join("examples").join(name);
    if dir.exists() {
        Some(dir)
    } else {
        eprintln!("note: {} is not built; skipping", dir.display());
        None
    }
}

#[test]
fn extract_example_reports_bad_bytes_and_loses_no_line() {
    let Some(bin) = example("extract") else { return };
    let dir = std::env::temp_dir().join(format!("newsgraph-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Invalid UTF-8: named with its byte offset, non-zero exit; --lossy goes on.
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"caf\xe9 Putin").unwrap();
    let out = std::process::Command::new(&bin).arg(&bad).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid UTF-8 at byte 3"));
    let out = std::process::Command::new(&bin).arg(&bad).arg("--lossy").output().unwrap();
    assert!(out.status.success());
    // JSON Lines: one output line per input line, errors in place, no final newline needed.
    let jl = dir.join("in.jsonl");
    std::fs::write(&jl, "{\"id\":\"a\",\"text\":\"Putin spoke.\"}\nbroken\n\n{\"id\":\"b\",\"text\":\"Xi spoke.\"}")
        .unwrap();
    let out = std::process::Command::new(&bin).arg("--jsonl").arg(&jl).output().unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[1].contains("\"line\":2") && lines[2].contains("\"line\":3") && lines[3].contains("\"id\":\"b\""));
    assert!(!out.status.success(), "a failed line makes the exit status non-zero");
    // An empty file: no output, success.
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = std::process::Command::new(&bin).arg("--jsonl").arg(&empty).output().unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extract_example_keeps_input_order_on_many_threads() {
    let Some(bin) = example("extract") else { return };
    let dir = std::env::temp_dir().join(format!("newsgraph-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Lines of very different lengths (a long one every 25th, so threads
    // finish out of order and later lines wait for it) and broken lines.
    let mut input = String::new();
    for k in 0..300 {
        if k % 37 == 5 {
            input.push_str("not json\n");
            continue;
        }
        let sentences = if k % 25 == 0 { 400 } else { 1 + k % 3 };
        let text = format!("Putin met Xi in Bishkek on day {k}. ").repeat(sentences);
        input.push_str(&format!("{{\"id\":\"d{k}\",\"text\":\"{text}\"}}\n"));
    }
    let jl = dir.join("order.jsonl");
    std::fs::write(&jl, &input).unwrap();
    let run = |threads: &str| {
        let out = std::process::Command::new(&bin).args(["--jsonl", "--threads", threads]).arg(&jl).output().unwrap();
        assert!(!out.status.success(), "broken lines make the exit status non-zero");
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    let lines: Vec<&str> = one.lines().collect();
    assert_eq!(lines.len(), 300);
    for (k, line) in lines.iter().enumerate() {
        if k % 37 == 5 {
            assert!(line.contains(&format!("\"line\":{}", k + 1)) && line.contains("\"error\""), "{line}");
        } else {
            assert!(line.starts_with("{\"schema\"") && line.contains(&format!("\"id\":\"d{k}\"")), "{k}");
        }
    }
    assert_eq!(run("4"), one, "four threads write the same lines in the same order");
    assert_eq!(run("2"), one);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn extract_example_passes_a_live_feed_on_while_it_is_still_open() {
    live_feed(&[]);
    live_feed(&["--threads", "2"]);
}

fn live_feed(options: &[&str]) {
    use std::io::{BufRead, Write};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    let Some(bin) = example("extract") else { return };
    let mut child = std::process::Command::new(&bin)
        .args(["--jsonl", "-"])
        .args(options)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    // A feed: one line, then (once its document is back, or after 20 s)
    // a burst of three lines in one write, then nothing until told to stop
    // (or 20 s). The documents must come back while the feed is open: a
    // program that waits for a full batch or for the end of its input gets
    // them only when the feed gives up and closes.
    let phase = std::sync::Arc::new(AtomicUsize::new(0));
    let closed = std::sync::Arc::new(AtomicBool::new(false));
    let feed = {
        let (phase, closed) = (phase.clone(), closed.clone());
        std::thread::spawn(move || {
            let line = |k: usize| format!("{{\"id\":\"{k}\",\"text\":\"Putin met Xi on day {k}.\"}}\n");
            let wait_for = |p: usize| {
                let t = Instant::now();
                while phase.load(Ordering::SeqCst) < p && t.elapsed() < Duration::from_secs(20) {
                    std::thread::sleep(Duration::from_millis(20));
                }
            };
            let _ = stdin.write_all(line(1).as_bytes()).and_then(|()| stdin.flush());
            wait_for(1);
            let _ = stdin.write_all((line(2) + &line(3) + &line(4)).as_bytes()).and_then(|()| stdin.flush());
            wait_for(2);
            closed.store(true, Ordering::SeqCst);
            drop(stdin);
        })
    };
    let mut out = std::io::BufReader::new(stdout).lines();
    let mut ids = Vec::new();
    for (k, p) in [(1, 1), (3, 2)] {
        for _ in 0..k {
            let doc = out.next().unwrap().unwrap();
            assert!(doc.contains("person/xi-jinping"), "{doc}");
            ids.push(doc.split("\"id\":\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string());
        }
        assert!(!closed.load(Ordering::SeqCst), "documents {ids:?} came out only after the feed closed");
        phase.store(p, Ordering::SeqCst);
    }
    feed.join().unwrap();
    assert!(out.next().is_none());
    assert!(child.wait().unwrap().success());
    assert_eq!(ids, ["1", "2", "3", "4"]);
}
