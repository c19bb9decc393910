"""The key-in-use-from-instance verdicts of several scans against the emulator's ground truth.

Usage: python3 key_use_verdicts.py TRUTH_JSON DIR REFERENCE [OTHER...]
Reads DIR/<run>.json (rolecall scan --output json) for each run. Prints one line per difference:
each OTHER run against REFERENCE, and REFERENCE against the truth's "key_use" (status; for a FAIL
its confidence and keys). Its last line is "checked N fail F ambiguous A" (from the truth), so an
empty output apart from that line means every run agrees with the truth.
"""
import json
import sys


def verdicts(directory, run):
    out = {}
    for f in json.load(open(f"{directory}/{run}.json"))["findings"]:
        if f["check_id"] != "key-in-use-from-instance":
            continue
        detail = f["evidence"].get("detail", "")
        keys = sorted(k for k in f["evidence"].get("key_id_redacted", "").split(", ") if k)
        out[(f["account_id"], f["region"], f["resource_id"])] = (f["status"], f["severity"], detail.split(";")[0],
                                                                  tuple(keys))
    return out


def main():
    truth_file, directory, reference, *others = sys.argv[1:]
    truth = {(t["account_id"], t["region"], t["instance_id"]): t for t in json.load(open(truth_file))["key_use"]}
    ref = verdicts(directory, reference)
    for run in others:
        theirs = verdicts(directory, run)
        if theirs != ref:
            print(f"{run} differs from {reference}:", sorted(set(theirs.items()) ^ set(ref.items()))[:4])
    for where, t in truth.items():
        v = ref.get(where)
        if v is None:
            print(f"{where}: in the truth but not judged")
            continue
        if v[0] != t["status"] or (t["status"] == "FAIL" and (v[2] != t["confidence"] or v[3] != tuple(sorted(t["keys"])))):
            print(f"{where}: {v}, truth {t}")
    for where in ref:
        if where not in truth:
            print(f"{where}: judged but not in the truth")
    fails = [t for t in truth.values() if t["status"] == "FAIL"]
    print(f"checked {len(truth)} fail {len(fails)} ambiguous {sum(t['confidence'] == 'ambiguous' for t in fails)}")


main()
