#!/usr/bin/env python3
"""Compares what `rolecall watch` printed for one change with the ground truth: the difference
between two full scans (JSON reports) taken before and after the change.

Usage: watch_verdicts.py BEFORE.json AFTER.json WATCH.out FIRST_LINE
Prints nothing when the lines from FIRST_LINE (0-based) on are exactly the changed verdicts;
else what is missing and what is extra."""
import json
import sys


def verdicts(path):
    with open(path) as f:
        return {(x["account_id"], x["region"], x["resource_id"], x["check_id"]): x["status"]
                for x in json.load(f)["findings"]}


before, after = verdicts(sys.argv[1]), verdicts(sys.argv[2])
want = set()
for key in before.keys() | after.keys():
    if before.get(key) != after.get(key):
        want.add(key + (after.get(key, "gone"),))
with open(sys.argv[3]) as f:
    lines = f.read().splitlines()[int(sys.argv[4]):]
got = set()
for line in lines:
    x = json.loads(line)
    got.add((x["account_id"], x["region"], x["resource_id"], x["check_id"], x["status"] or "gone"))
for item in sorted(want - got):
    print("missing:", " ".join(item))
for item in sorted(got - want):
    print("extra:", " ".join(item))
if not want:
    print("the change turned no verdict (a test that cannot fail)")
