#!/usr/bin/env bash
# CloudTrail key evidence end to end (issue 12 section 2): `rolecall scan --org --key-evidence`
# reads the events of every long-term key found at rest (cloudtrail:LookupEvents, paced to 2/s per
# account and region) and traces their source addresses to instances; every verdict of
# key-in-use-from-instance (status, exact/ambiguous, the keys) equals the emulator's ground truth
# ("key_use"), which the emulator computes from its own events and network model.
# Usage: key_evidence_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=2,instances=80,seed=12"

scan=$(rc scan --org --key-evidence --checks key-in-use-from-instance --output json 2>"$E2E_DIR/scan.err") || true
printf '%s' "$scan" >"$E2E_DIR/scan.json"
assert_json "$scan" 'doc["summary"]["ERROR"] == 0' "scan --key-evidence is complete $(head -c 300 "$E2E_DIR/scan.err")"
result=$(python3 - "$E2E_TRUTH" "$E2E_DIR/scan.json" <<'PY'
import json, sys
truth = {(t["account_id"], t["region"], t["instance_id"]): t for t in json.load(open(sys.argv[1]))["key_use"]}
doc = json.load(open(sys.argv[2]))
seen = set()
for f in doc["findings"]:
    if f["check_id"] != "key-in-use-from-instance":
        continue
    where = (f["account_id"], f["region"], f["resource_id"])
    seen.add(where)
    t = truth.get(where)
    if t is None:
        print(f"{where}: judged but not in the truth"); continue
    if f["status"] != t["status"]:
        print(f"{where}: {f['status']}, truth {t['status']} ({t})"); continue
    if t["status"] != "FAIL":
        continue
    detail = f["evidence"].get("detail", "")
    if not detail.startswith(t["confidence"]):
        print(f"{where}: '{detail[:60]}', truth {t['confidence']}")
    keys = sorted(k for k in f["evidence"].get("key_id_redacted", "").split(", ") if k)
    if keys != sorted(t["keys"]):
        print(f"{where}: keys {keys}, truth {t['keys']}")
    want = "critical" if t["confidence"] == "exact" else "high"
    if f["severity"] != want:
        print(f"{where}: severity {f['severity']}, want {want}")
for where in truth:
    if where not in seen:
        print(f"{where}: in the truth but not judged")
fails = [t for t in truth.values() if t["status"] == "FAIL"]
print(f"checked {len(truth)} fail {len(fails)} exact {sum(t['confidence'] == 'exact' for t in fails)} "
      f"ambiguous {sum(t['confidence'] == 'ambiguous' for t in fails)}")
PY
)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "every key-in-use-from-instance verdict equals the truth"
counts=$(sed -n 's/^checked //p' <<<"$result")
read -r total _ fails _ exact _ ambiguous <<<"$counts"
assert_ne "${exact:-0}" 0 "the estate has instances using a key from their own address ($counts)"
assert_ne "${ambiguous:-0}" 0 "and instances sharing a NAT gateway's address ($counts)"
assert_ne "$(( ${total:-0} - ${fails:-0} ))" 0 "and instances with no key use ($counts)"

for via in "public IP" "NAT gateway" "VPC endpoint"; do
  assert_json "$scan" 'any("'"$via"'" in f["evidence"].get("detail", "") for f in doc["findings"] if f["status"] == "FAIL")' \
    "a key's calls are traced through a $via"
done

# --- the found secret is never used, key ids are redacted ------------------------------------------
full=$(e2e_estate '[k["key_id"] for k in truth["keys"]][0]')
assert_eq "$(grep -c "$full" "$E2E_DIR/scan.json" || true)" 0 "the report shows key ids redacted only"

# --- offline scans refuse the check ----------------------------------------------------------------
rc collect --out "$E2E_DIR/inventory" >/dev/null 2>&1 || true
status=0
rc scan --from "$E2E_DIR/inventory" --checks key-in-use-from-instance >/dev/null 2>"$E2E_DIR/offline.err" || status=$?
assert_eq "$status" 2 "an offline scan refuses key-in-use-from-instance (usage)"
assert_contains "$(cat "$E2E_DIR/offline.err")" "CloudTrail" "and says it reads CloudTrail live"

# --- a denied LookupEvents is an ERROR, never a PASS -----------------------------------------------
member=$(e2e_estate 'state["accounts"][1]["id"]')
read -r ro_key ro_secret ro_token < <(e2e_role_denying "$member" no-trail cloudtrail:LookupEvents)
denied=$(AWS_ACCESS_KEY_ID="$ro_key" AWS_SECRET_ACCESS_KEY="$ro_secret" AWS_SESSION_TOKEN="$ro_token" \
  rc scan --key-evidence --checks key-in-use-from-instance --output json 2>/dev/null) || true
assert_json "$denied" 'any(f["check_id"] == "scan" and "cloudtrail:LookupEvents" in f["message"] for f in doc["findings"])' \
  "a denied LookupEvents is an ERROR of the scan naming the operation"
assert_json "$denied" 'not any(f["status"] == "PASS" for f in doc["findings"] if f["check_id"] == "key-in-use-from-instance")' \
  "and no instance PASSes on incomplete evidence"
e2e_finish
