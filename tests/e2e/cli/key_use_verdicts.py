"""The key-in-use-from-instance verdicts of several scans against the emulator's ground truth.

Usage: python3 key_use_verdicts.py [--sessions] TRUTH_JSON DIR REFERENCE [OTHER...]
Reads DIR/<run>.json (rolecall scan --output json) for each run. Prints one line per difference:
each OTHER run against REFERENCE, and REFERENCE against the truth's "key_use" (status; for a FAIL
its confidence and keys; with --sessions, a trail-file REFERENCE's role-session calls from the
instance and from elsewhere, the healthy case, against the truth's role_session_calls and
role_session_calls_elsewhere). Its last line is "checked N fail F ambiguous A" (from the truth), so an
empty output apart from that line means every run agrees with the truth.
"""
import json
import re
import sys


def session_calls(evidence):
    """(calls from the instance, calls from elsewhere) of the role sessions named after it."""
    text = evidence.get("role_session", "")
    own = sum(int(n) for n in re.findall(r"role [^:;]+: (\d+) call\(s\) from this instance", text))
    other = re.search(r"(\d+) call\(s\) of its role sessions from addresses", text)
    return own, int(other.group(1)) if other else 0


def verdicts(directory, run, sessions=None):
    out = {}
    for f in json.load(open(f"{directory}/{run}.json"))["findings"]:
        if f["check_id"] != "key-in-use-from-instance":
            continue
        detail = f["evidence"].get("detail", "")
        keys = sorted(k for k in f["evidence"].get("key_id_redacted", "").split(", ") if k)
        if sessions is not None:
            sessions[(f["account_id"], f["region"], f["resource_id"])] = session_calls(f["evidence"])
        out[(f["account_id"], f["region"], f["resource_id"])] = (f["status"], f["severity"], detail.split(";")[0],
                                                                  tuple(keys))
    return out


def main():
    args = sys.argv[1:]
    check_sessions = args[:1] == ["--sessions"]
    truth_file, directory, reference, *others = args[1:] if check_sessions else args
    truth = {(t["account_id"], t["region"], t["instance_id"]): t for t in json.load(open(truth_file))["key_use"]}
    sessions = {}
    ref = verdicts(directory, reference, sessions)
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
    healthy = 0
    if check_sessions:
        for where, t in truth.items():
            want = (t["role_session_calls"], t["role_session_calls_elsewhere"])
            got = sessions.get(where, (0, 0))
            healthy += want[0] > 0
            if got != want:
                print(f"{where}: role-session calls (from the instance, elsewhere) {got}, truth {want}")
    fails = [t for t in truth.values() if t["status"] == "FAIL"]
    print(f"checked {len(truth)} fail {len(fails)} ambiguous {sum(t['confidence'] == 'ambiguous' for t in fails)}"
          + (f" healthy {healthy}" if check_sessions else ""))


main()
