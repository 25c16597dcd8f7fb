#!/usr/bin/env python3
"""Score `odaudit classify` against a labelled corpus (truth.csv: file,format,container,stars,note).

Usage: tools/eval_corpus.py CORPUS_DIR [ODAUDIT_BINARY]
Prints accuracy for format+container and for stars, and every miss.
"""
import csv, json, os, subprocess, sys

corpus = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/odaudit"
rows = list(csv.DictReader(open(os.path.join(corpus, "truth.csv"), encoding="utf-8")))
files = [os.path.join(corpus, r["file"]) for r in rows]
extra = os.environ.get("EVAL_ARGS", "").split()
out = subprocess.run([binary, "classify", "--output", "jsonl", *extra, *files], capture_output=True, text=True)
got = [json.loads(line) for line in out.stdout.splitlines()]
assert len(got) == len(rows), (len(got), len(rows), out.stderr)
fmt_ok = stars_ok = 0
misses = []
for r, g in zip(rows, got):
    want_fc = (r["format"], r["container"] or None)
    got_fc = (g.get("format"), g.get("container"))
    f_ok = want_fc == got_fc
    s_ok = int(r["stars"]) == g.get("stars")
    fmt_ok += f_ok
    stars_ok += s_ok
    if not (f_ok and s_ok):
        misses.append(f"{r['file']}: want {want_fc} {r['stars']}*, got {got_fc} {g.get('stars')}* — {'; '.join(g.get('reasons', []))[:200]}")
n = len(rows)
print(f"files: {n}  format+container: {fmt_ok}/{n} = {100*fmt_ok/n:.1f}%  stars: {stars_ok}/{n} = {100*stars_ok/n:.1f}%  exit={out.returncode}")
for m in misses:
    print("  MISS", m)
