#!/usr/bin/env bash
# CloudTrail evidence from a trail's log files (issue 12 section 2, "offline and at organization
# scale"): `rolecall-emulator --trail-out DIR` writes the estate's events as a trail delivers them
# (gzip, AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/), the same events LookupEvents serves;
# the live `scan --key-evidence`, `scan --key-evidence --trail-logs DIR` (no CloudTrail call) and
# the offline `collect` + `scan --from --trail-logs DIR` give identical key-in-use-from-instance
# verdicts, equal to the ground truth; a corrupt file makes would-be PASS verdicts ERROR.
# Usage: trail_files_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
trail_root=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-e2e-trail.XXXXXX")
trail="$trail_root/logs"
E2E_EMULATOR_ARGS="--trail-out $trail --verbose"
e2e_start "$1" "accounts=2,regions=2,instances=80,seed=12"
trap 'trail_status=$?; set +e; rm -rf "$trail_root"; (exit $trail_status); e2e_cleanup' EXIT

# --- the files: AWS's layout and record format, the events LookupEvents serves -------------------
count=$(find "$trail" -type f -name '*.json.gz' | wc -l)
assert_ne "$count" 0 "the emulator wrote trail log files ($count)"
layout=$(cd "$trail" && find . -type f | python3 -c '
import re, sys
pat = re.compile(r"\./AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$")
print("\n".join(p.strip() for p in sys.stdin if not pat.match(p.strip())))')
assert_eq "$layout" "" "every file is AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<16>.json.gz"
account=$(e2e_estate 'state["accounts"][0]["id"]')
read -r key region want < <(python3 - "$trail" "$account" <<'PY'
import collections, datetime, glob, gzip, json, sys
root, account = sys.argv[1], sys.argv[2]
need = {"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
        "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType",
        "managementEvent", "recipientAccountId"}
since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=89)
ids = collections.defaultdict(set)
for path in glob.glob(f"{root}/AWSLogs/{account}/CloudTrail/*/*/*/*/*.json.gz"):
    for r in json.load(gzip.open(path))["Records"]:
        assert need <= r.keys(), (path, need - r.keys())
        assert r["eventType"] == "AwsApiCall" and r["recipientAccountId"] == account, r
        assert r["requestParameters"] is None and r["managementEvent"] is True, r
        u = r["userIdentity"]
        assert {"type", "principalId", "arn", "accountId", "accessKeyId"} <= u.keys(), u
        assert ("userName" in u) if u["type"] == "IAMUser" else ("sessionContext" in u), u
        when = datetime.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        if u["accessKeyId"].startswith("AKIA") and when > since:
            ids[(u["accessKeyId"], r["awsRegion"])].add(r["eventID"])
(key, region), events = max(ids.items(), key=lambda kv: len(kv[1]))
print(key, region, ",".join(sorted(events)))
PY
)
served=$(aws --endpoint-url "$E2E_ENDPOINT" cloudtrail lookup-events --region "$region" \
  --lookup-attributes "AttributeKey=AccessKeyId,AttributeValue=$key" --output json |
  python3 -c 'import json,sys; print(",".join(sorted(e["EventId"] for e in json.load(sys.stdin)["Events"])))')
assert_eq "$served" "$want" "a key's events in the files are the ones LookupEvents serves (in $region)"

# --- three ways to the same verdicts ---------------------------------------------------------------
rc scan --org --key-evidence --checks key-in-use-from-instance --output json >"$E2E_DIR/live.json" 2>"$E2E_DIR/live.err" || true
# The emulator logs a request as it answers it: wait for the live scan's last lines.
settled_lines() {
  local before after
  after=$(wc -l <"$E2E_DIR/stderr")
  until [[ "${before:-}" == "$after" ]]; do
    sleep 0.3
    before=$after
    after=$(wc -l <"$E2E_DIR/stderr")
  done
  echo "$after"
}
mark=$(settled_lines)
rc scan --org --trail-logs "$trail" --checks key-in-use-from-instance --output json >"$E2E_DIR/files.json" \
  2>"$E2E_DIR/files.err" || true
cloudtrail_calls=$(tail -n +"$((mark + 1))" "$E2E_DIR/stderr" | head -n "$(($(settled_lines) - mark))" | grep -c '\[cloudtrail' || true)
assert_eq "$cloudtrail_calls" 0 "scan --trail-logs makes no CloudTrail call"
rc collect --org --out "$E2E_DIR/inventory" >/dev/null 2>"$E2E_DIR/collect.err" || true
# Offline, --trail-logs alone adds the check to the default ones.
rc scan --from "$E2E_DIR/inventory" --trail-logs "$trail" --output json >"$E2E_DIR/offline.json" \
  2>"$E2E_DIR/offline.err" || true
for run in live files offline; do
  assert_json "$(cat "$E2E_DIR/$run.json")" \
    'not any(f["status"] == "ERROR" for f in doc["findings"] if f["check_id"] in ("scan", "key-in-use-from-instance"))' \
    "the $run scan is complete $(head -c 300 "$E2E_DIR/$run.err")"
done
result=$(python3 - "$E2E_TRUTH" "$E2E_DIR" <<'PY'
import json, sys
truth = {(t["account_id"], t["region"], t["instance_id"]): t for t in json.load(open(sys.argv[1]))["key_use"]}
def verdicts(run):
    out = {}
    for f in json.load(open(f"{sys.argv[2]}/{run}.json"))["findings"]:
        if f["check_id"] != "key-in-use-from-instance":
            continue
        detail = f["evidence"].get("detail", "")
        keys = sorted(k for k in f["evidence"].get("key_id_redacted", "").split(", ") if k)
        out[(f["account_id"], f["region"], f["resource_id"])] = (f["status"], f["severity"], detail.split(";")[0], tuple(keys))
    return out
live, files, offline = verdicts("live"), verdicts("files"), verdicts("offline")
if files != live:
    print("trail files differ from LookupEvents:", sorted(set(files.items()) ^ set(live.items()))[:4])
if offline != live:
    print("offline differs from live:", sorted(set(offline.items()) ^ set(live.items()))[:4])
for where, t in truth.items():
    v = files.get(where)
    if v is None:
        print(f"{where}: in the truth but not judged"); continue
    if v[0] != t["status"] or (t["status"] == "FAIL" and (v[2] != t["confidence"] or v[3] != tuple(sorted(t["keys"])))):
        print(f"{where}: {v}, truth {t}")
for where in files:
    if where not in truth:
        print(f"{where}: judged but not in the truth")
fails = [t for t in truth.values() if t["status"] == "FAIL"]
print(f"checked {len(truth)} fail {len(fails)} ambiguous {sum(t['confidence'] == 'ambiguous' for t in fails)}")
PY
)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "live, trail-file and offline verdicts are identical and equal the truth"
read -r _ total _ fails _ ambiguous <<<"$(grep '^checked' <<<"$result")"
assert_ne "${fails:-0}" 0 "the estate has key use from instances ($result)"
assert_ne "${ambiguous:-0}" 0 "and some through a NAT gateway ($result)"
assert_ne "$(( ${total:-0} - ${fails:-0} ))" 0 "and instances with no key use ($result)"
assert_json "$(cat "$E2E_DIR/offline.json")" \
  'all("trail log file(s) under" in (f["message"] + f["evidence"].get("detail", "")) for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "the verdicts say the evidence came from the trail log files"

# --- a corrupt file: ERROR, never PASS -------------------------------------------------------------
victim=$(find "$trail" -type f -name '*.json.gz' | sort | head -1)
head -c 200 "$victim" >"$victim.cut" && mv "$victim.cut" "$victim"
status=0
rc scan --from "$E2E_DIR/inventory" --trail-logs "$trail" --fail-on none --output json >"$E2E_DIR/corrupt.json" \
  2>/dev/null || status=$?
corrupt=$(cat "$E2E_DIR/corrupt.json")
assert_json "$corrupt" 'not any(f["status"] == "PASS" for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "with a corrupt file no instance PASSes"
assert_json "$corrupt" 'any(f["status"] == "ERROR" for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "its would-be PASS verdicts are ERROR"
assert_json "$corrupt" 'any(f["check_id"] == "scan" and "'"$(basename "$victim")"'" in f["message"] for f in doc["findings"])' \
  "an error of the scan names the file"
assert_eq "$status" 4 "the scan is partial (exit 4 with --fail-on none)"
status=0
rc scan --from "$E2E_DIR/inventory" --trail-logs "$trail_root/none" >/dev/null 2>"$E2E_DIR/none.err" || status=$?
assert_eq "$status" 2 "a --trail-logs that is not a directory is a usage error"
e2e_finish
