#!/usr/bin/env python3
"""Score `odaudit discover --output jsonl` against a simulated world's manifest.

Usage: tools/eval_discovery.py MANIFEST.json FOUND.jsonl
Recall per channel (website: reachable from the homepage only), precision, and misses.
"""
import json, sys
from collections import defaultdict

manifest = json.load(open(sys.argv[1]))
found = [json.loads(l) for l in open(sys.argv[2])]
expected = defaultdict(set)   # channel -> urls
decoys = set()
for c in manifest["communes"]:
    for d in c["datasets"]:
        if d["channel"] == "website" and not d["reachable_from_homepage"]:
            continue
        for x in d["distributions"]:
            expected[d["channel"]].add((c["nis_code"], x["url"]))
    for d in c.get("decoys", []):
        decoys.add(d["url"])
got = defaultdict(set)
for c in found:
    for d in c["datasets"]:
        for x in d["distributions"]:
            got[d["channel"]].add((str(c["nis_code"]), x["url"]))
for ch in sorted(set(expected) | set(got)):
    e, g = expected[ch], got[ch]
    hit = len(e & g)
    print(f"{ch:10} expected {len(e):5} found {len(g):5} recall {hit/max(1,len(e)):.3f} precision {hit/max(1,len(g)):.3f}")
    for m in sorted(e - g)[:5]:
        print("   missed", m)
    for m in sorted(g - e)[:5]:
        print("   extra ", m)
all_got = {u for s in got.values() for _, u in s}
print("decoys counted:", len(all_got & decoys))
