#!/usr/bin/env python3
"""How fast spaCy's PhraseMatcher runs, asked the ways users ask it.

The side-by-side table (`run.py`) measures one way: the names through
`nlp.make_doc` under one match label, the paragraphs through `nlp.pipe`.
This script checks that the choice does not flatter newsgraph: it times,
each in its own process pinned to one core, one cold pass over the same
corpus (as the table's 10 MB rows are):

- `tokenize`: `blank("en")` tokenizing alone, no patterns;
- `tokenize-after-patterns`: the same after the names went through its
  tokenizer (the vocabulary grows);
- `phrase`: the table's row (one label, `nlp.pipe`, `filter_spans`);
- `phrase-per-id`: one label per entity id, the way a user who needs to know
  which entity matched adds them;
- `phrase-per-call`: `nlp(text)` per paragraph instead of `nlp.pipe`.

Run it after `run.py` (it reads run.py's corpus and gazetteer and uses its
virtual environment):

    python3 benches/compare/spacy_variants.py [--out benches/compare/out] [--core 0]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ beside run.py
import run  # noqa: E402  (the corpus and gazetteer readers, the venv's path)

VARIANTS = ["tokenize", "tokenize-after-patterns", "phrase", "phrase-per-id", "phrase-per-call"]


def worker(variant: str, gazetteer: str, corpus: str) -> None:
    import spacy  # noqa: PLC0415
    from spacy.matcher import PhraseMatcher  # noqa: PLC0415
    from spacy.util import filter_spans  # noqa: PLC0415

    paras = run.read_paragraphs(corpus)
    rows = run.read_gazetteer(gazetteer)
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    if variant == "tokenize-after-patterns":
        for _, _, name in rows:
            nlp.make_doc(name)
    elif variant == "phrase-per-id":
        for eid, _, name in rows:
            matcher.add(eid, [nlp.make_doc(name)])
    elif variant != "tokenize":
        matcher.add("NAME", [nlp.make_doc(name) for _, _, name in rows])
    t = time.perf_counter()
    if variant.startswith("tokenize"):
        count = sum(len(doc) for doc in nlp.pipe(paras, batch_size=256))
    elif variant == "phrase-per-call":
        count = sum(len(filter_spans(matcher(nlp(p), as_spans=True))) for p in paras)
    else:
        count = sum(len(filter_spans(matcher(doc, as_spans=True))) for doc in nlp.pipe(paras, batch_size=256))
    secs = time.perf_counter() - t
    size = sum(len(p.encode("utf-8")) for p in paras)
    print(json.dumps({"variant": variant, "mb_per_s": size / secs / 1e6, "count": count, "bytes": size}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args()
    gazetteer, corpus = a.out / "gazetteer.tsv", a.out / "corpus.txt"
    if a.worker:
        worker(a.worker, str(gazetteer), str(corpus))
        return 0
    py = run.VENV / "bin" / "python"
    if not (py.exists() and gazetteer.exists() and corpus.exists()):
        print(f"run benches/compare/run.py first: it makes {a.out} and {run.VENV}", file=sys.stderr)
        return 2
    print("| variant | MB/s | count |\n|---|---:|---:|")
    for v in VARIANTS:
        cmd = ["taskset", "-c", str(a.core), str(py), __file__, "--worker", v, "--out", str(a.out)]
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(f"| {v} | {r['mb_per_s']:.2f} | {r['count']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
