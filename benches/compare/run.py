#!/usr/bin/env python3
"""Side-by-side benchmark: newsgraph against dictionary matchers in Python.

Run from anywhere (paths are resolved against the repository root):

    python3 benches/compare/run.py [--names 10000] [--bytes 10000000] [--reps 3]
                                   [--out benches/compare/out] [--skip-peers] [--pgo]

One run builds the crate's examples, generates one corpus and one gazetteer
with the crate's own deterministic generator, installs the pinned Python peers
in benches/compare/.venv (if needed), then times every tool in its own child
process pinned to one core, and prints a Markdown table (also written as JSON
to OUT/results.json). See README.md beside this file.

The same file is the worker for the Python peers: `run.py --worker TOOL ...`
is what runs inside the virtual environment.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the crate: benches/compare/run.py -> /
VENV = HERE / ".venv"
SEED = 42
DATE = "2024-05-15"
# `--pgo` trains on a corpus of another seed: other paragraphs and names than
# the timed ones, from the same generator.
PGO_SEED = 7
PGO_TRAIN_BYTES = 2_000_000

# Pinned peer versions (all have wheels for CPython 3.11 on x86-64 Linux;
# flashtext is pure Python). spaCy 3.8.7 with today's typer lacks `click`;
# 3.8.18 declares it.
PINS = ["spacy==3.8.18", "flashtext==2.7", "pyahocorasick==2.3.1"]

PEERS = [
    ("spacy-phrase", "spaCy PhraseMatcher (blank en, LOWER)"),
    ("spacy-ruler", "spaCy EntityRuler (blank en, LOWER)"),
    ("flashtext", "flashtext KeywordProcessor"),
    ("pyahocorasick", "pyahocorasick + boundaries + leftmost-longest"),
]
REF_SPACY = "spacy-phrase"
REF_RAW = "raw"


# ----------------------------------------------------------------------------
# Worker side (runs inside the venv; standard library imports only above)
# ----------------------------------------------------------------------------


def read_gazetteer(path: str) -> list[tuple[str, str, str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f, None)  # header id<TAB>type<TAB>name
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2]:
                rows.append((parts[0], parts[1], parts[2]))
    return rows


def read_paragraphs(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [p for p in text.split("\n\n") if p.strip()]


def best_of(run_once, min_time: float) -> tuple[float, object]:
    """Runs `run_once` until `min_time` seconds have passed (at least once,
    at most 50 times) and returns the fastest run's seconds and its result:
    a short run is repeated so that one noisy moment of a shared machine does
    not decide it; a long run averages the noise within itself. The same
    rule as `match-core --min-time`."""
    best, result, spent, n = None, None, 0.0, 0
    while n == 0 or (spent < min_time and n < 50):
        t1 = time.perf_counter()
        result = run_once()
        dt = time.perf_counter() - t1
        spent += dt
        n += 1
        best = dt if best is None else min(best, dt)
    return best, result


def worker(tool: str, gazetteer: str, corpus: str, min_time: float) -> None:
    paras = read_paragraphs(corpus)  # input reading is outside the timings, as in match-core
    out: dict = {"tool": tool}
    t0 = time.perf_counter()
    if tool in ("spacy-phrase", "spacy-ruler"):
        import spacy  # noqa: PLC0415 (the import itself is not timed: t0 is reset)
        from spacy.util import filter_spans  # noqa: PLC0415

        out["version"] = "spacy " + spacy.__version__
        t0 = time.perf_counter()
        rows = read_gazetteer(gazetteer)
        nlp = spacy.blank("en")
        if tool == "spacy-phrase":
            from spacy.matcher import PhraseMatcher  # noqa: PLC0415

            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            # As users do: patterns go through the same tokenizer (vocab grows).
            matcher.add("NAME", [nlp.make_doc(name) for _, _, name in rows])
            build = time.perf_counter() - t0

            def run_once():
                n_all = n_filtered = 0
                for doc in nlp.pipe(paras, batch_size=256):
                    spans = matcher(doc, as_spans=True)
                    n_all += len(spans)
                    n_filtered += len(filter_spans(spans))
                return {"matches": n_filtered, "matches_overlapping": n_all}
        else:
            ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
            ruler.add_patterns([{"label": typ, "pattern": name, "id": eid} for eid, typ, name in rows])
            build = time.perf_counter() - t0

            def run_once():
                return {"matches": sum(len(doc.ents) for doc in nlp.pipe(paras, batch_size=256))}
    elif tool == "flashtext":
        from flashtext import KeywordProcessor  # noqa: PLC0415

        out["version"] = "flashtext 2.7"
        t0 = time.perf_counter()
        rows = read_gazetteer(gazetteer)
        kp = KeywordProcessor(case_sensitive=False)
        for _, _, name in rows:
            kp.add_keyword(name)
        build = time.perf_counter() - t0

        def run_once():
            return {"matches": sum(len(kp.extract_keywords(p)) for p in paras)}
    elif tool == "pyahocorasick":
        import ahocorasick  # noqa: PLC0415

        out["version"] = "pyahocorasick " + getattr(ahocorasick, "__version__", "?")
        t0 = time.perf_counter()
        rows = read_gazetteer(gazetteer)
        auto = ahocorasick.Automaton()
        for _, _, name in rows:
            low = name.lower()
            auto.add_word(low, len(low))
        auto.make_automaton()
        build = time.perf_counter() - t0

        def run_once():
            n = 0
            for p in paras:
                low = p.lower()  # the corpus is ASCII: offsets are kept
                size = len(low)
                cands = []
                for end, length in auto.iter(low):
                    start = end - length + 1
                    if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == size or not low[end + 1].isalnum()):
                        cands.append((start, -length))
                # Leftmost-longest, non-overlapping: sort by start then longest first, take greedily.
                cands.sort()
                last = 0
                for start, neg in cands:
                    if start >= last:
                        n += 1
                        last = start - neg
            return {"matches": n}
    else:
        raise SystemExit(f"unknown worker tool {tool}")
    run, result = best_of(run_once, min_time)
    out.update(result)
    out.update(build_s=round(build, 4), run_s=round(run, 4))
    print(json.dumps(out), flush=True)


# ----------------------------------------------------------------------------
# Driver side
# ----------------------------------------------------------------------------


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def pin_prefix(core: int) -> tuple[list[str], str]:
    """Command prefix that pins a child to `core` (taskset if present)."""
    if shutil.which("taskset"):
        return ["taskset", "-c", str(core)], f"taskset -c {core}"
    return [], "not pinned (taskset missing)"


def run_child(cmd: list[str], core: int, stdout_path: str | None, tmp: Path) -> dict:
    """Run one child pinned to a core; return wall seconds, peak RSS MiB, stdout, rc."""
    prefix, _ = pin_prefix(core)
    gnu_time = Path("/usr/bin/time")
    tfile = tmp / "time-v.txt"
    use_time = gnu_time.exists()
    tfile.unlink(missing_ok=True)
    full = prefix + ([str(gnu_time), "-v", "-o", str(tfile)] if use_time else []) + cmd
    out_f = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(full, cwd=ROOT, stdout=out_f, stderr=subprocess.PIPE)
        if use_time:
            out, err = p.communicate()
            wall = time.perf_counter() - t0
            rss_kb = None
            try:
                m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", tfile.read_text())
                rss_kb = int(m.group(1)) if m else None
            except OSError:
                pass
        else:
            # Fallback: per-child rusage through wait4 (pipes read afterwards,
            # so keep child output small or send it to a file).
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            out = p.stdout.read() if p.stdout else b""
            err = p.stderr.read() if p.stderr else b""
            rss_kb = ru.ru_maxrss
    finally:
        if stdout_path:
            out_f.close()
    return {
        "rc": p.returncode,
        "wall_s": wall,
        "rss_mib": None if rss_kb is None else rss_kb / 1024,
        "stdout": (out or b"").decode("utf-8", "replace"),
        "stderr": (err or b"").decode("utf-8", "replace"),
    }


def last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in output")


def ensure_venv() -> Path | None:
    """Create benches/compare/.venv and install the pins; None (and a message) on failure."""
    py = VENV / "bin" / "python"
    stamp = VENV / ".pins"
    want = "\n".join(PINS)
    try:
        if not py.exists():
            log(f"== creating virtual environment {VENV}")
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        if not stamp.exists() or stamp.read_text() != want:
            log(f"== pip install {' '.join(PINS)}")
            subprocess.run(
                [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *PINS],
                check=True,
                timeout=1800,
            )
        check = subprocess.run(
            [str(py), "-c", "import spacy, flashtext, ahocorasick; spacy.blank('en')"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check.returncode != 0:
            raise RuntimeError("peers do not import:\n" + check.stderr.strip()[-2000:])
        stamp.write_text(want)
        return py
    except Exception as e:  # noqa: BLE001 — any failure means: skip the peers, say why
        log(f"!! could not set up the Python peers ({type(e).__name__}: {e}); skipping them.")
        log(f"!! to retry: delete {VENV} and run again, or pass --skip-peers.")
        return None


def write_jsonl(corpus: Path, dest: Path) -> int:
    paras = [p for p in corpus.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    with open(dest, "w", encoding="utf-8") as f:
        for i, p in enumerate(paras, 1):
            f.write(json.dumps({"id": f"p{i}", "text": p, "date": DATE}, ensure_ascii=False))
            f.write("\n")
    return len(paras)


def count_mentions(path: Path) -> tuple[int, int, str]:
    """Entity mentions and error lines of an `extract --jsonl` output, and
    the output's SHA-256 (read once for both)."""
    mentions = errors = 0
    digest = hashlib.sha256()
    with open(path, encoding="utf-8") as f:
        for line in f:
            digest.update(line.encode("utf-8"))
            doc = json.loads(line)
            if "error" in doc:
                errors += 1
                continue
            mentions += sum(len(e.get("mentions", [])) for e in doc.get("entities", []))
    return mentions, errors, digest.hexdigest()


def llvm_profdata() -> Path | None:
    """The `llvm-profdata` of the active Rust toolchain (rustup's `llvm-tools`
    component, added if missing): it must match rustc's LLVM."""
    try:
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True).stdout.strip()
        host = re.search(r"host: (\S+)", subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout)
    except OSError:
        return None
    if not sysroot or not host:
        return None
    tool = Path(sysroot) / "lib" / "rustlib" / host.group(1) / "bin" / "llvm-profdata"
    if not tool.exists() and shutil.which("rustup"):
        log("== rustup component add llvm-tools (for llvm-profdata)")
        subprocess.run(["rustup", "component", "add", "llvm-tools"], cwd=ROOT)
    return tool if tool.exists() else None


def build_pgo(out: Path, names: int) -> Path | None:
    """Builds `extract` with profile-guided optimization; None (and a message)
    when a step fails. The profile comes from running an instrumented build
    over a corpus and gazetteer of another seed (PGO_SEED) and over the
    sample article with the default gazetteers, never over the timed corpus."""
    prof = llvm_profdata()
    if prof is None:
        log("!! --pgo: no llvm-profdata for this toolchain (rustup component add llvm-tools); skipping the PGO row")
        return None
    train, raw = out / "pgo-train", out / "pgo-profiles"
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    log(f"== --pgo: training corpus, {PGO_TRAIN_BYTES} bytes and {names} names (seed {PGO_SEED}) into {train}")
    gen = ["cargo", "run", "--release", "--quiet", "--example", "gen-fixtures", "--", str(train),
           "--names", str(names), "--bytes", str(PGO_TRAIN_BYTES), "--seed", str(PGO_SEED)]  # fmt: skip
    if subprocess.run(gen, cwd=ROOT).returncode != 0:
        log("!! --pgo: gen-fixtures failed")
        return None
    write_jsonl(train / "corpus.txt", train / "paragraphs.jsonl")
    flags = os.environ.get("RUSTFLAGS", "")
    builds = {"generate": f"-Cprofile-generate={raw}", "use": f"-Cprofile-use={raw / 'merged.profdata'}"}
    bins = {k: ROOT / "target" / f"pgo-{k}" / "release" / "examples" / "extract" for k in builds}

    def build(kind: str) -> bool:
        log(f"== --pgo: cargo build --release --example extract with {builds[kind]}")
        env = {**os.environ, "RUSTFLAGS": f"{flags} {builds[kind]}".strip()}
        cmd = ["cargo", "build", "--release", "--example", "extract", "--target-dir", str(ROOT / "target" / f"pgo-{kind}")]
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode == 0

    if not build("generate"):
        log("!! --pgo: the instrumented build failed")
        return None
    log("== --pgo: training runs")
    runs = [[str(bins["generate"]), "--jsonl", str(train / "paragraphs.jsonl"), "--no-default-gazetteers",
             "--gazetteer", str(train / "gazetteer.tsv")],
            [str(bins["generate"]), str(ROOT / "examples" / "sample.txt")]]  # fmt: skip
    for cmd in runs:
        if subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL).returncode != 0:
            log(f"!! --pgo: training run failed: {' '.join(cmd)}")
            return None
    merge = [str(prof), "merge", "-o", str(raw / "merged.profdata"), *map(str, sorted(raw.glob("*.profraw")))]
    if subprocess.run(merge, cwd=ROOT).returncode != 0 or not build("use"):
        log("!! --pgo: merging the profiles or the optimized build failed")
        return None
    return bins["use"]


def fmt(x, spec: str) -> str:
    return "–" if x is None else format(x, spec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--names", type=int, default=10_000, help="gazetteer size (default 10000)")
    ap.add_argument("--bytes", type=int, default=10_000_000, help="corpus size in bytes (default 10000000)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per tool; the median is reported (default 3)")
    ap.add_argument("--out", default=None, help="output folder (default benches/compare/out)")
    ap.add_argument("--skip-peers", action="store_true", help="time only the Rust tools")
    ap.add_argument(
        "--pgo",
        action="store_true",
        help="also time `extract --jsonl` built with profile-guided optimization, trained on a corpus of "
        f"another seed ({PGO_SEED}); needs rustup's llvm-tools component (added if missing)",
    )
    ap.add_argument("--core", type=int, default=0, help="core to pin every child to (default 0)")
    ap.add_argument(
        "--min-time",
        type=float,
        default=1.0,
        help="inside each run, repeat the timed part until this many seconds have passed and keep the "
        "fastest (default 1.0; 0 = once)",
    )
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--gazetteer", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    a = ap.parse_args()

    if a.worker:
        worker(a.worker, a.gazetteer, a.corpus, a.min_time)
        return 0
    sys.stdout.reconfigure(line_buffering=True)  # keep the report in order with the progress on stderr

    out = Path(a.out).resolve() if a.out else HERE / "out"
    reps = max(1, a.reps)

    # 1. Build the examples.
    log("== cargo build --release --examples")
    if subprocess.run(["cargo", "build", "--release", "--examples"], cwd=ROOT).returncode != 0:
        log("!! cargo build failed")
        return 1

    # 2. Fixtures, from the crate's generator.
    log(f"== generating {a.names} names and {a.bytes} bytes (seed {SEED}) into {out}")
    gen = ["cargo", "run", "--release", "--quiet", "--example", "gen-fixtures", "--",
           str(out), "--names", str(a.names), "--bytes", str(a.bytes), "--seed", str(SEED)]  # fmt: skip
    if subprocess.run(gen, cwd=ROOT).returncode != 0:
        log("!! gen-fixtures failed")
        return 1
    gaz, corpus, jsonl = out / "gazetteer.tsv", out / "corpus.txt", out / "paragraphs.jsonl"
    corpus_bytes = corpus.stat().st_size
    n_paras = write_jsonl(corpus, jsonl)
    n_names = sum(1 for _ in read_gazetteer(str(gaz)))
    mb = corpus_bytes / 1e6

    # 3. The peers' environment.
    venv_py = None
    peers_note = "skipped (--skip-peers)"
    if not a.skip_peers:
        venv_py = ensure_venv()
        peers_note = "ok" if venv_py else "skipped: the virtual environment could not be set up (see above)"

    bin_dir = ROOT / "target" / "release" / "examples"
    match_core = str(bin_dir / "match-core")
    extract = str(bin_dir / "extract")
    mt = ["--min-time", str(a.min_time)]
    mc = lambda mode: [match_core, "--gazetteer", str(gaz), "--corpus", str(corpus), "--mode", mode, *mt]  # noqa: E731
    tools: list[dict] = [
        {"key": "newsgraph", "label": "newsgraph matching core (match-core)", "kind": "json", "cmd": mc("newsgraph")},
        {"key": "extract-jsonl", "label": "newsgraph full extraction (extract --jsonl, wall)", "kind": "wall",
         "cmd": [extract, "--jsonl", str(jsonl), "--no-default-gazetteers", "--gazetteer", str(gaz)]},  # fmt: skip
        {"key": "extract", "label": "newsgraph full extraction (match-core --mode extract)", "kind": "json",
         "cmd": mc("extract")},  # fmt: skip
        {"key": "raw", "label": "raw aho-corasick (Rust, match-core --mode raw)", "kind": "json", "cmd": mc("raw")},
    ]
    if a.pgo:
        pgo_bin = build_pgo(out, a.names)
        if pgo_bin:
            # The plain `extract --jsonl` row's command with the PGO binary, right after it.
            at = next(k for k, t in enumerate(tools) if t["key"] == "extract-jsonl")
            tools.insert(at + 1, {"key": "extract-jsonl-pgo", "kind": "wall",
                                  "label": f"newsgraph full extraction, PGO build trained on seed {PGO_SEED} (extract --jsonl, wall)",
                                  "cmd": [str(pgo_bin), *tools[at]["cmd"][1:]]})  # fmt: skip
    if venv_py:
        for key, label in PEERS:
            cmd = [str(venv_py), str(Path(__file__).resolve()), "--worker", key,
                   "--gazetteer", str(gaz), "--corpus", str(corpus), *mt]  # fmt: skip
            tools.append({"key": key, "label": label, "kind": "json", "cmd": cmd})

    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else {a.core}
    core = a.core if a.core in allowed else min(allowed)
    _, pin_desc = pin_prefix(core)

    # 4. Time: repetitions interleaved (rep 1 of every tool, then rep 2, ...)
    #    so that a noisy spell of the shared machine hits every tool alike.
    for t in tools:
        t["reps"], t["error"] = [], None
    for r in range(reps):
        for t in tools:
            if t["error"]:
                continue
            log(f"== rep {r + 1}/{reps}: {t['label']}")
            res = run_child(t["cmd"], core, os.devnull if t["kind"] == "wall" else None, out)
            if res["rc"] != 0:
                t["error"] = f"exit {res['rc']}: {res['stderr'].strip()[-1500:]}"
                log(f"!! {t['label']} failed: {t['error']}")
                continue
            rec = {"wall_s": res["wall_s"], "rss_mib": res["rss_mib"]}
            if t["kind"] == "json":
                try:
                    j = last_json(res["stdout"])
                except ValueError as e:
                    t["error"] = f"{e}: {res['stdout'][-500:]}"
                    continue
                rec.update(j)
            else:
                rec.update(build_s=None, run_s=res["wall_s"])
            t["reps"].append(rec)

    # Match counts of the `extract --jsonl` rows: one more (untimed) run each
    # with the output kept. Builds of the same code write the same bytes.
    digests = {}
    for t_ex in (t for t in tools if t["kind"] == "wall" and not t["error"]):
        log(f"== counting mentions of {t_ex['label']} (untimed run)")
        kept = out / "extract-output.jsonl"
        res = run_child(t_ex["cmd"], core, str(kept), out)
        if res["rc"] != 0:
            t_ex["error"] = f"exit {res['rc']} on the counting run: {res['stderr'].strip()[-800:]}"
            continue
        m, errs, digests[t_ex["key"]] = count_mentions(kept)
        kept.unlink(missing_ok=True)  # large (about 7x the corpus); only the count is kept
        for rec in t_ex["reps"]:
            rec["matches"] = m
        t_ex["error_lines"] = errs
    if len(set(digests.values())) > 1:
        for t in tools:
            if t["key"] == "extract-jsonl-pgo":
                t["error"] = "its output differs from the plain build's"
                log(f"!! {t['label']}: {t['error']}")

    # Medians.
    rows = []
    for t in tools:
        row = {"tool": t["key"], "label": t["label"], "kind": t["kind"], "command": " ".join([pin_desc] + t["cmd"]),
               "error": t["error"], "reps": t["reps"]}  # fmt: skip
        if t["reps"]:
            med = lambda k: (statistics.median([x[k] for x in t["reps"] if x.get(k) is not None])  # noqa: E731
                             if any(x.get(k) is not None for x in t["reps"]) else None)  # fmt: skip
            matches = {x.get("matches") for x in t["reps"]}
            row.update(build_s=med("build_s"), run_s=med("run_s"), peak_rss_mib=med("rss_mib"),
                       matches=t["reps"][0].get("matches"), matches_stable=len(matches) == 1)  # fmt: skip
            row["mb_per_s"] = mb / row["run_s"] if row["run_s"] else None
            for extra in ("matches_overlapping", "version"):
                if extra in t["reps"][0]:
                    row[extra] = t["reps"][0][extra]
        rows.append(row)
    by = {r["tool"]: r for r in rows}

    def ratio(r, ref):
        base = by.get(ref, {}).get("mb_per_s")
        return r["mb_per_s"] / base if base and r.get("mb_per_s") else None

    for r in rows:
        r["x_spacy_phrasematcher"] = ratio(r, REF_SPACY)
        r["x_raw_aho_corasick"] = ratio(r, REF_RAW)

    # 5. Report.
    try:
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rustc = "?"
    machine = {"cpu": cpu_model(), "cores": os.cpu_count(), "pinned": pin_desc, "python": platform.python_version(),
               "rustc": rustc, "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None}  # fmt: skip
    sizes = {"corpus_bytes": corpus_bytes, "paragraphs": n_paras, "names": n_names,
             "gazetteer_bytes": gaz.stat().st_size, "seed": SEED}  # fmt: skip

    print()
    print(f"Machine: {machine['cpu']}, {machine['cores']} cores; each tool in its own process, {pin_desc}; "
          f"load average before the table {', '.join(f'{x:.2f}' for x in machine['loadavg'] or [])}")  # fmt: skip
    print(f"Corpus: {corpus_bytes:,} bytes ({mb:.2f} MB), {n_paras:,} paragraphs; gazetteer: {n_names:,} names "
          f"({sizes['gazetteer_bytes']:,} bytes); seed {SEED}; median of {reps} rep(s); {rustc}; "
          f"Python peers: {peers_note}" + (f" ({', '.join(PINS)})" if venv_py else ""))  # fmt: skip
    print()
    print("| tool | build s | MB/s | peak MiB | matches | × spaCy PhraseMatcher | × raw aho-corasick |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r["error"] and not r.get("run_s"):
            print(f"| {r['label']} | failed: {r['error'].splitlines()[0][:80] if r['error'] else ''} | | | | | |")
            continue
        m = fmt(r.get("matches"), ",")
        if "matches_overlapping" in r:
            m += f" ({r['matches_overlapping']:,} overlapping)"
        if not r.get("matches_stable", True):
            m += " (varies)"
        build = "in wall" if r["kind"] == "wall" else fmt(r.get("build_s"), ".3f")
        print(f"| {r['label']} | {build} | {fmt(r.get('mb_per_s'), '.2f')} | {fmt(r.get('peak_rss_mib'), '.1f')} | "
              f"{m} | {fmt(r['x_spacy_phrasematcher'], '.2f')} | {fmt(r['x_raw_aho_corasick'], '.3f')} |")  # fmt: skip
    for r in rows:
        if r["error"] and r.get("run_s"):
            print(f"\n!! {r['label']}: {r['error']}")
    spreads = []
    for r in rows:
        times = [x["run_s"] for x in r["reps"] if x.get("run_s")]
        if len(times) > 1:
            spreads.append(f"{r['tool']} {100 * (max(times) / min(times) - 1):.1f} %")
    if spreads:
        print()
        print("Spread of the repetitions (slowest over fastest, minus one): " + ", ".join(spreads) + ".")
    print()
    print("MB = 10^6 bytes of corpus.txt divided by the run time (gazetteer load excluded), except `extract --jsonl`:")
    print("its whole command (start-up, gazetteer load, JSON in and out) timed by wall clock.")
    print()
    print("Why the match counts differ:")
    print("- Case: newsgraph matches a capitalized gazetteer name only in capitalized text, and an acronym only in")
    print("  its exact case; every other tool here matches case-insensitively (LOWER / lowercased / ASCII-insensitive),")
    print("  so a generated name that is also an English word (\"Met\", \"Last\" at 10,000 names) is counted by them")
    print("  in lowercase running text (\"met\", \"last week\") and not by newsgraph.")
    print("- Tokenization: spaCy matches whole spaCy tokens (its tokenizer splits \"'s\", hyphens, punctuation by its")
    print("  own rules); flashtext treats only [A-Za-z0-9_] as word characters; the aho-corasick scans use byte")
    print("  offsets with alphanumeric boundaries; newsgraph uses its own Unicode word segmentation.")
    print("- Overlaps: the PhraseMatcher returns every overlapping match (its filter_spans count is shown first);")
    print("  EntityRuler keeps the longest non-overlapping spans; flashtext, both aho-corasick scans and newsgraph")
    print("  are leftmost-longest.")
    print("- Boundaries: the Rust raw scan drops a leftmost-longest match that fails the word-boundary test")
    print("  without trying a shorter one; the pyahocorasick scan filters boundaries first, then picks")
    print("  leftmost-longest among the rest. Full extraction counts entity mentions (a title fused with a name,")
    print("  aliases, and names found by their shape count too), not raw dictionary hits.")

    results = {"machine": machine, "sizes": sizes, "reps": reps, "pins": PINS if venv_py else None,
               "peers": peers_note, "tools": rows}  # fmt: skip
    (out / "time-v.txt").unlink(missing_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    log(f"\nresults written to {out / 'results.json'}")
    return 0 if all(not r["error"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
