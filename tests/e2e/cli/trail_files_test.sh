#!/usr/bin/env bash
# CloudTrail evidence from a trail's log files (issue 12 section 2, "offline and at organization
# scale"): `rolecall-emulator --trail-out DIR` writes the estate's events as a trail delivers them
# (gzip, AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/), the same events LookupEvents serves;
# the live `scan --key-evidence`, `scan --key-evidence --trail-logs DIR` (no CloudTrail call) and
# the offline `collect` + `scan --from --trail-logs DIR` give identical key-in-use-from-instance
# verdicts, equal to the ground truth; the same logs a year older give ERROR with the default window
# (not covered) and the same verdicts with --trail-since/--trail-until around their dates; a corrupt
# file makes would-be PASS verdicts ERROR.
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
result=$(python3 "$(dirname "$0")/key_use_verdicts.py" --sessions "$E2E_TRUTH" "$E2E_DIR" files live offline)
assert_eq "$(grep -v '^checked' <<<"$result")" "" \
  "live, trail-file and offline verdicts are identical and equal the truth, role sessions included"
read -r _ total _ fails _ ambiguous _ healthy <<<"$(grep '^checked' <<<"$result")"
assert_ne "${healthy:-0}" 0 "the trail shows instances calling through their role sessions, the healthy case ($result)"
assert_ne "${fails:-0}" 0 "the estate has key use from instances ($result)"
assert_ne "${ambiguous:-0}" 0 "and some through a NAT gateway ($result)"
assert_ne "$(( ${total:-0} - ${fails:-0} ))" 0 "and instances with no key use ($result)"
assert_json "$(cat "$E2E_DIR/offline.json")" \
  'all("trail log file(s) under" in (f["message"] + f["evidence"].get("detail", "")) for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "the verdicts say the evidence came from the trail log files"

# --- archived logs: the default window covers none of them (ERROR, never PASS); their window does ---
# The same events a year older, filed under their shifted dates and names as a trail files them.
archive="$trail_root/archive"
python3 - "$trail" "$archive" <<'PY'
import datetime, gzip, json, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
year = datetime.timedelta(days=365)
fmt = "%Y-%m-%dT%H:%M:%SZ"
for root, _, names in os.walk(src):
    for name in names:
        m = re.match(r"(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_(\w+)\.json\.gz$", name)
        doc = json.load(gzip.open(os.path.join(root, name)))
        for r in doc["Records"]:
            r["eventTime"] = (datetime.datetime.strptime(r["eventTime"], fmt) - year).strftime(fmt)
        when = datetime.datetime.strptime(m.group(3), "%Y%m%dT%H%MZ") - year
        out = os.path.join(dst, "AWSLogs", m.group(1), "CloudTrail", m.group(2), when.strftime("%Y/%m/%d"),
                           f"{m.group(1)}_CloudTrail_{m.group(2)}_{when.strftime('%Y%m%dT%H%MZ')}_{m.group(4)}.json.gz")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with gzip.open(out, "wt") as f:
            json.dump(doc, f)
PY
status=0
rc scan --from "$E2E_DIR/inventory" --trail-logs "$archive" --fail-on none --output json >"$E2E_DIR/archived.json" \
  2>/dev/null || status=$?
archived=$(cat "$E2E_DIR/archived.json")
assert_json "$archived" 'all(f["status"] == "ERROR" for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "year-old logs with the default window: every verdict is ERROR, none PASS"
assert_json "$archived" 'all("no trail log file under '"$archive"' for account" in f["message"] and "--trail-since" in f["message"] for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "the ERROR names the directory, the window and the way out"
# Around their dates: the ground truth's verdicts (the truth's 90 days, a year back).
since=$(date -u -d '-455 days' +%Y-%m-%dT%H:%M:%SZ)
until=$(date -u -d '-365 days' +%Y-%m-%dT%H:%M:%SZ)
rc scan --from "$E2E_DIR/inventory" --trail-logs "$archive" --trail-since "$since" --trail-until "$until" \
  --output json >"$E2E_DIR/windowed.json" 2>"$E2E_DIR/windowed.err" || true
assert_json "$(cat "$E2E_DIR/windowed.json")" \
  'not any(f["status"] == "ERROR" for f in doc["findings"] if f["check_id"] in ("scan", "key-in-use-from-instance"))' \
  "the archived logs' window is covered $(head -c 300 "$E2E_DIR/windowed.err")"
assert_json "$(cat "$E2E_DIR/windowed.json")" \
  'any("between '"$since"' and '"$until"'" in f["message"] for f in doc["findings"] if f["status"] == "PASS")' \
  "a PASS states the window"
result=$(python3 "$(dirname "$0")/key_use_verdicts.py" "$E2E_TRUTH" "$E2E_DIR" windowed offline)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "the archived logs in their window give the current logs' verdicts, the ground truth's"
skip_started=$(date +%s%N)
rc scan --from "$E2E_DIR/inventory" --trail-logs "$archive" --trail-since "$(date -u -d '-400 days' +%Y-%m-%d)" \
  --trail-until "$(date -u -d '-399 days' +%Y-%m-%d)" --fail-on none --output json >"$E2E_DIR/narrow.json" 2>/dev/null || true
echo "a two-day window over $(find "$archive" -type f | wc -l) archived files: $((($(date +%s%N) - skip_started) / 1000000)) ms"
status=0
rc scan --from "$E2E_DIR/inventory" --trail-logs "$archive" --trail-since 2025-03-01 --trail-until 2025-02-01 \
  >/dev/null 2>"$E2E_DIR/backwards.err" || status=$?
assert_eq "$status" 2 "a window that ends before it starts is a usage error"
status=0
rc scan --from "$E2E_DIR/inventory" --trail-since 30d >/dev/null 2>"$E2E_DIR/nologs.err" || status=$?
assert_eq "$status" 2 "--trail-since without --trail-logs is a usage error"

# --- a corrupt file: ERROR, never PASS -------------------------------------------------------------
# The newest file: the oldest ones are outside the window, skipped unread by their date.
victim=$(find "$trail" -type f -name '*.json.gz' | sort | tail -1)
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
