#!/usr/bin/env bash
# Trail log files read straight from S3 (issue 12 section 2): `rolecall-emulator --trail-bucket`
# serves the files `--trail-out` writes as objects of an S3 bucket. The real AWS CLI lists them
# (`aws s3 ls`) and syncs them (`aws s3 sync`) byte for byte; `scan --trail-logs s3://BUCKET/AWSLogs`
# gives the verdicts of the local directory, of the synced copy and of the ground truth, live and
# offline; a caller denied s3:GetObject gets ERROR naming the bucket and key, never PASS.
# Usage: trail_s3_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
s3_root=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-e2e-trail-s3.XXXXXX")
trail="$s3_root/written"
E2E_EMULATOR_ARGS="--trail-out $trail --trail-bucket org-trail"
e2e_start "$1" "accounts=2,regions=2,instances=60,seed=21"
trap 's3_status=$?; set +e; rm -rf "$s3_root"; (exit $s3_status); e2e_cleanup' EXIT

# --- the real AWS CLI: the bucket holds exactly the written files ---------------------------------
written=$(cd "$trail" && find . -type f -name '*.json.gz' | sed 's|^\./||' | sort)
assert_ne "$written" "" "the emulator wrote trail log files"
listed=$("$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" s3 ls s3://org-trail/AWSLogs/ --recursive --page-size 7 | awk '{print $4}' | sort)
assert_eq "$listed" "$written" "aws s3 ls --recursive lists every trail log file (ListObjectsV2, 7 a page)"
top=$("$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" s3 ls s3://org-trail/AWSLogs/ | awk '{print $2}' | sort | tr '\n' ' ')
accounts=$(cd "$trail/AWSLogs" && ls | sed 's|$|/|' | sort | tr '\n' ' ')
assert_eq "$top" "$accounts" "aws s3 ls with a delimiter lists the accounts as common prefixes"
"$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" s3 sync s3://org-trail "$s3_root/synced" --only-show-errors
assert_eq "$(diff -r "$trail" "$s3_root/synced" && echo same)" "same" "aws s3 sync copies every object byte for byte (GetObject)"
status=0
"$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" s3 ls s3://no-such-trail/ >/dev/null 2>"$E2E_DIR/nobucket.err" || status=$?
assert_ne "$status" 0 "a bucket that does not exist fails"
assert_eq "$(grep -c NoSuchBucket "$E2E_DIR/nobucket.err")" 1 "with S3's NoSuchBucket"

# --- the same verdicts from S3, the directory, the synced copy and offline --------------------------
rc scan --org --trail-logs s3://org-trail/AWSLogs --checks key-in-use-from-instance --output json \
  >"$E2E_DIR/s3.json" 2>"$E2E_DIR/s3.err" || true
rc scan --org --trail-logs "$trail" --checks key-in-use-from-instance --output json >"$E2E_DIR/dir.json" 2>/dev/null || true
rc scan --org --trail-logs "$s3_root/synced" --checks key-in-use-from-instance --output json \
  >"$E2E_DIR/synced.json" 2>/dev/null || true
rc collect --org --out "$E2E_DIR/inventory" >/dev/null 2>&1 || true
rc scan --from "$E2E_DIR/inventory" --trail-logs s3://org-trail --output json >"$E2E_DIR/offline.json" \
  2>"$E2E_DIR/offline.err" || true
for run in s3 dir synced offline; do
  assert_json "$(cat "$E2E_DIR/$run.json")" \
    'not any(f["status"] == "ERROR" for f in doc["findings"] if f["check_id"] in ("scan", "key-in-use-from-instance"))' \
    "the $run scan is complete $(head -c 300 "$E2E_DIR/$run.err" 2>/dev/null || true)"
done
assert_json "$(cat "$E2E_DIR/s3.json")" \
  'any("trail log file(s) under s3://org-trail/AWSLogs" in f["message"] for f in doc["findings"] if f["status"] == "PASS")' \
  "the verdicts name the bucket"
result=$(python3 "$(dirname "$0")/key_use_verdicts.py" --sessions "$E2E_TRUTH" "$E2E_DIR" s3 dir synced offline)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "S3, directory, synced and offline verdicts are identical and equal the truth"
read -r _ total _ fails _ <<<"$(grep '^checked' <<<"$result")"
assert_ne "${fails:-0}" 0 "the estate has key use from instances ($result)"
assert_ne "$(( ${total:-0} - ${fails:-0} ))" 0 "and instances with none ($result)"

# --- a caller denied s3:GetObject: ERROR naming the bucket and key, never PASS --------------------
# A user of the bucket's account allowed to list the bucket but not to read its objects.
python3 - "$E2E_STATE" "$E2E_DIR/denied-estate.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
state["accounts"][0]["users"].append({
    "name": "trail-lister",
    "access_keys": [{"id": "AKIAE2ETRAILLISTER01", "secret": "e2e-trail-lister-secret-0000000000000000", "status": "Active"}],
    "attached_policy_arns": [],
    "inline_policies": [{"name": "list-only", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::org-trail"}]}}]})
json.dump(state, open(sys.argv[2], "w"))
PY
python3 - "$E2E_ENDPOINT/_emulator/load" "$E2E_TOKEN" "$E2E_DIR/denied-estate.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=open(sys.argv[3], "rb").read(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=30).read()
PY
printf '[trail-lister]\naws_access_key_id = AKIAE2ETRAILLISTER01\naws_secret_access_key = e2e-trail-lister-secret-0000000000000000\n' \
  >>"$E2E_DIR/credentials"
status=0
rc --profile trail-lister scan --from "$E2E_DIR/inventory" --trail-logs s3://org-trail/AWSLogs --fail-on none \
  --output json >"$E2E_DIR/denied.json" 2>/dev/null || status=$?
denied=$(cat "$E2E_DIR/denied.json")
assert_json "$denied" 'not any(f["status"] == "PASS" for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "denied s3:GetObject: no instance PASSes"
assert_json "$denied" 'any(f["check_id"] == "scan" and "AccessDenied" in f["message"] + f["evidence"].get("detail", "") and "s3:GetObject" in f["message"] and "s3://org-trail/AWSLogs/" in f["message"] for f in doc["findings"])' \
  "an error of the scan names AccessDenied, the bucket and a key"
assert_eq "$status" 4 "the scan is partial (exit 4 with --fail-on none)"
status=0
rc scan --from "$E2E_DIR/inventory" --trail-logs s3://No_Such/x >/dev/null 2>&1 || status=$?
assert_eq "$status" 2 "an s3:// URL without a valid bucket name is a usage error"
e2e_finish
