#!/usr/bin/env python3
"""Cross-check odaudit's Walloon-standard validator against frictionless-py.

Not run in CI (it needs frictionless from PyPI and a built odaudit). For each of the nine
standards it validates the standard's own example and deliberately broken copies (the
same breaks as src/assess/standard/tests.rs: a required cell emptied, the id repeated, a
date written 25/10/2022, a 4-digit INS code, an enum value in upper case, a required
column dropped, a French boolean, a comma decimal) with both validators and compares:
the verdict (conforms or not), then the field and rule of the first error.

Usage:
    python3 -m venv /tmp/fl && /tmp/fl/bin/pip install frictionless
    cargo build --release
    /tmp/fl/bin/python tools/standards_crosscheck.py [ODAUDIT_BINARY] [STANDARDS_DIR]

Exit status 0 when every verdict agrees; 1 otherwise (each disagreement is printed).
"""

import csv
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from frictionless import Resource, Schema, system

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/release/odaudit"
STANDARDS = (
    Path(sys.argv[2])
    if len(sys.argv) > 2
    else ROOT.parent / "shared/reference/walloon-standards"
)


def read(path):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def write(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def breaks(schema, header, rows):
    """(label, header, rows) for each broken copy that applies to this schema."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    req = next(i for i, f in enumerate(fields) if f["constraints"].get("required") and f["name"] != "id")
    yield "valid example", header, rows

    def copy():
        return list(header), [list(r) for r in rows]

    h, r = copy()
    r[0][req] = ""
    yield f"required {names[req]} empty", h, r
    h, r = copy()
    r.append(list(r[0]))
    yield "id repeated", h, r
    date = next((i for i, f in enumerate(fields) if f["type"] == "date"), None)
    if date is not None:
        h, r = copy()
        r[0][date] = "25/10/2022"
        yield f"date {names[date]} as 25/10/2022", h, r
    if "ins_code" in names:
        h, r = copy()
        r[0][names.index("ins_code")] = "9209"
        yield "ins_code 9209", h, r
    enum = next((i for i, f in enumerate(fields) if f["constraints"].get("enum")), None)
    if enum is not None:
        h, r = copy()
        r[0][enum] = r[0][enum].upper() + "X"
        yield f"enum {names[enum]} upper-cased", h, r
    h, r = copy()
    del h[req]
    del r[0][req]
    yield f"column {names[req]} dropped", h, r
    boolean = next((i for i, f in enumerate(fields) if f["type"] == "boolean"), None)
    if boolean is not None:
        h, r = copy()
        r[0][boolean] = "oui"
        yield f"boolean {names[boolean]} as oui", h, r
    number = next((i for i, f in enumerate(fields) if f["type"] == "number"), None)
    if number is not None:
        h, r = copy()
        r[0][number] = "11,5"
        yield f"number {names[number]} as 11,5", h, r


def frictionless_verdict(csv_path, schema_path, schema):
    # Absolute paths are "not safe" to frictionless 5 unless the context is trusted.
    with system.use_context(trusted=True):
        report = Resource(str(csv_path), schema=Schema(str(schema_path))).validate()
    errors = [e for task in report.tasks for e in task.errors]
    if not errors:
        return True, None
    e = errors[0]
    code = e.type
    field = getattr(e, "field_name", None) or getattr(e, "label", None)
    if code == "type-error":
        ftype = next(f["type"] for f in schema["fields"] if f["name"] == field)
        rule = f"type:{ftype}"
    elif code == "constraint-error":
        m = re.search(r'constraint "(\w+)"', e.note)
        rule = m.group(1) if m else code
    elif code == "unique-error":
        rule = "unique"
    elif code == "primary-key":
        rule = "primary-key"
        field = schema["primaryKey"] if isinstance(schema["primaryKey"], str) else schema["primaryKey"][0]
    else:
        rule = code
        if code in ("incorrect-label", "missing-label"):
            pos = getattr(e, "field_number", None) or getattr(e, "row_position", None)
            if pos:
                field = schema["fields"][pos - 1]["name"]
    return False, (field, rule)


def odaudit_verdict(csv_path):
    out = subprocess.run(
        [str(BINARY), "classify", "--output", "jsonl", str(csv_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    line = json.loads(out.stdout.splitlines()[0])
    std = line.get("standard")
    if std is None:
        return None, None
    if std["conforms"]:
        return True, None
    e = std["errors"][0]
    return False, (e["field"], e["rule"])


def main():
    agree = disagree = 0
    with tempfile.TemporaryDirectory() as tmp:
        for schema_path in sorted(STANDARDS.glob("*/schema.json")):
            name = schema_path.parent.name
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
            header, rows = read(schema_path.parent / "exemple-valide.csv")
            for i, (label, h, r) in enumerate(breaks(schema, header, rows)):
                path = Path(tmp) / f"{name}-{i}.csv"
                path.write_text(write(h, r), encoding="utf-8")
                ref = frictionless_verdict(path, schema_path, schema)
                ours = odaudit_verdict(path)
                same = ref[0] == ours[0] and (ref[0] or ref[1] == ours[1])
                # Labels: frictionless compares by position and blames the last field for
                # a dropped column; odaudit compares by name and blames the dropped one.
                by_design = (
                    not same
                    and ref[0] == ours[0]
                    and ref[1][1] == "missing-label"
                    and ours[1][1] == "missing-label"
                )
                if same or by_design:
                    agree += 1
                else:
                    disagree += 1
                mark = "ok  " if same else "ok~ " if by_design else "DIFF"
                print(
                    f"{mark} {name:32} {label:42} "
                    f"frictionless={ref} odaudit={ours}"
                )
    print(f"\n{agree} agree (ok~: same verdict and rule, field named by design), {disagree} disagree")
    return 0 if disagree == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
