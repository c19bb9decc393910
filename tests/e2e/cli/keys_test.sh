#!/usr/bin/env bash
# Key intelligence end to end: `rolecall scan --org` of a generated estate looks up every long-term
# key id found in user data and launch templates (owner account, user, status, last use) with the
# scan's own credentials, and each key finding's evidence and severity equal the emulator's ground
# truth ("keys", emulator/truth/key_intel.cpp). Debian's AWS CLI v2 calls the same operations
# (sts get-access-key-info, iam get-access-key-last-used, iam list-access-keys, update-access-key).
# Usage: keys_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=1,instances=40,seed=12"
management=$(e2e_estate 'state["accounts"][0]["id"]')

# --- the AWS CLI against the new operations ------------------------------------------------------
active=$(e2e_estate '[k["id"] for u in state["accounts"][0]["users"] if u["name"] == "legacy-deploy" for k in u["access_keys"] if k["status"] == "Active"][0]')
inactive=$(e2e_estate '[k["id"] for u in state["accounts"][0]["users"] if u["name"] == "legacy-deploy" for k in u["access_keys"] if k["status"] == "Inactive"][0]')
assert_eq "$(awsx sts get-access-key-info --access-key-id "$active" --query Account --output text)" "$management" \
  "aws sts get-access-key-info answers the owning account"
used=$(awsx iam get-access-key-last-used --access-key-id "$active" --output json)
assert_json "$used" 'doc["UserName"] == "legacy-deploy" and doc["AccessKeyLastUsed"]["ServiceName"] == "s3" and "LastUsedDate" in doc["AccessKeyLastUsed"]' \
  "aws iam get-access-key-last-used names the user and the last use"
listed=$(awsx iam list-access-keys --user-name legacy-deploy --output json)
assert_json "$listed" 'sorted(k["Status"] for k in doc["AccessKeyMetadata"]) == ["Active", "Inactive"] and all("CreateDate" in k for k in doc["AccessKeyMetadata"])' \
  "aws iam list-access-keys gives status and creation date"

# --- scan: every key finding agrees with the truth -----------------------------------------------
scan=$(rc scan --org --output json 2>"$E2E_DIR/scan.err") || true
assert_json "$scan" 'doc["summary"]["ERROR"] == 0' "scan --org with key intelligence is complete $(head -c 300 "$E2E_DIR/scan.err")"
compare() {  # compare SCAN_JSON_FILE: prints one line per disagreement, then "checked N"
  python3 - "$E2E_TRUTH" "$1" <<'PY'
import json, sys
truth = {k["key_id_redacted"]: k for k in json.load(open(sys.argv[1]))["keys"]}
doc = json.load(open(sys.argv[2]))
words = {"Active": "Active,", "Inactive": "Inactive,", "deleted": "deleted:", "foreign": "another account, not in scope:"}
order = ["info", "low", "medium", "high", "critical"]
checked = 0
for f in doc["findings"]:
    if f["check_id"] not in ("user-data-no-keys", "launch-template-no-keys") or f["status"] != "FAIL":
        continue
    intel = f["evidence"].get("key_intel", "")
    keys = [part.split(": ", 1) for part in intel.split("; ")] if intel else []
    expected = []
    for redacted, said in keys:
        t = truth.get(redacted)
        if t is None:
            print(f"{f['resource_id']}: {redacted} is not in the truth"); continue
        if not said.startswith(words[t["status"]]):
            print(f"{f['resource_id']}: {redacted} said '{said}', truth {t['status']}")
        if t["owner_account"] not in said:
            print(f"{f['resource_id']}: {redacted} said '{said}', owner {t['owner_account']}")
        if t["user"] and f"user {t['user']}" not in said:
            print(f"{f['resource_id']}: {redacted} said '{said}', user {t['user']}")
        expected.append(t["severity"])
        checked += 1
    if f["evidence"].get("key_id_redacted", "").startswith("AKIA") and not keys:
        print(f"{f['resource_id']}: a long-term key without key intelligence")
    if expected and f["severity"] != max(expected, key=order.index):
        print(f"{f['resource_id']}: severity {f['severity']}, truth {max(expected, key=order.index)}")
print(f"checked {checked}")
PY
}
printf '%s' "$scan" >"$E2E_DIR/scan.json"
result=$(compare "$E2E_DIR/scan.json")
assert_eq "$(grep -v '^checked' <<<"$result")" "" "every key finding's status, owner, user and severity equal the truth"
checked=$(sed -n 's/^checked //p' <<<"$result")
assert_ne "${checked:-0}" 0 "key findings were compared ($checked keys)"
statuses=$(e2e_estate 'sorted({k["status"] for k in truth["keys"]})')
assert_eq "$statuses" "$(printf 'Active\nInactive\ndeleted')" "the estate leaks active, inactive and deleted users' keys"
assert_json "$scan" 'any(f["severity"] == "low" for f in doc["findings"] if f["check_id"] == "user-data-no-keys" and f["status"] == "FAIL")' \
  "a deleted user's key lowers its finding to low"

# --- the secret never leaves: no request carried it, no output shows a full key id ---------------
assert_eq "$(grep -c "$active" <<<"$scan" || true)" 0 "the report shows key ids redacted only"

# --- --no-key-intel: no lookups, the default severity ----------------------------------------------
plain=$(rc scan --org --no-key-intel --output json 2>/dev/null) || true
assert_json "$plain" 'all(f["severity"] == "critical" and "key_intel" not in f["evidence"] for f in doc["findings"] if f["check_id"] == "user-data-no-keys" and f["status"] == "FAIL")' \
  "scan --no-key-intel keeps the default severity and adds no key intelligence"

# --- a failed lookup is reported, never hidden --------------------------------------------------------
# A role in the member account with ReadOnlyAccess and an explicit Deny of sts:GetAccessKeyInfo,
# made and assumed with the AWS CLI through the organization's admin role there.
member=$(e2e_estate 'state["accounts"][1]["id"]')
read -r ro_key ro_secret ro_token < <(e2e_role_denying "$member" no-key-info sts:GetAccessKeyInfo)
status=0
denied=$(AWS_ACCESS_KEY_ID="$ro_key" AWS_SECRET_ACCESS_KEY="$ro_secret" AWS_SESSION_TOKEN="$ro_token" rc scan --output json 2>/dev/null) || status=$?
assert_eq "$status" 1 "a scan whose key lookups are denied still exits 1 for its findings"
assert_json "$denied" 'any(f["check_id"] == "scan" and "sts:GetAccessKeyInfo" in f["message"] for f in doc["findings"])' \
  "a denied sts:GetAccessKeyInfo is an ERROR of the scan naming the operation"
assert_json "$denied" 'all(f["severity"] == "critical" and "lookup failed" in f["evidence"].get("key_intel", "lookup failed") for f in doc["findings"] if f["check_id"] == "user-data-no-keys" and f["status"] == "FAIL")' \
  "keys whose lookup failed keep the default severity and say the lookup failed"

# --- rolecall keys: an active, inactive, deleted and foreign key -----------------------------------
deleted=$(e2e_estate '[k["key_id"] for k in truth["keys"] if k["status"] == "deleted"][0]')
foreign=AKIAY34FZKBOKMUTVV7A  # encodes account 609629065308, not in the estate
keys=$(rc keys --org --key-id "$active" --key-id "$inactive" --key-id "$deleted" --key-id "$foreign" --output json 2>"$E2E_DIR/keys.err") || true
assert_json "$keys" '[k["status"] for k in doc["keys"]] == ["Active", "Inactive", "deleted", "another account, not in scope"]' \
  "rolecall keys tells active, inactive, deleted and foreign keys apart $(head -c 300 "$E2E_DIR/keys.err")"
assert_json "$keys" 'doc["keys"][0]["owner_account"] == "'"$management"'" and doc["keys"][0]["user"] == "legacy-deploy" and doc["keys"][0]["service"] == "s3" and doc["keys"][3]["owner_account"] == "609629065308" and doc["keys"][3]["user"] is None' \
  "rolecall keys names owner, user and last use"
assert_eq "$(grep -c -e "$active" -e "$deleted" <<<"$keys" || true)" 0 "rolecall keys shows key ids redacted only"
table=$(rc keys --key-id "$active" 2>/dev/null) || true
assert_contains "$table" "legacy-deploy" "rolecall keys prints a table by default"
status=0
rc keys --key-id "ASIAY34FZKBOKMUTVV7A" >/dev/null 2>&1 || status=$?
assert_eq "$status" 2 "rolecall keys refuses a temporary key id (usage)"

# --- rolecall keys --key-report: the keys a scan-files report found, recognised by fingerprint -------
mkdir -p "$E2E_DIR/volume"
printf 'export AWS_ACCESS_KEY_ID=%s\n' "$active" >"$E2E_DIR/volume/app.env"
printf '[default]\naws_access_key_id = %s\n' "$foreign" >"$E2E_DIR/volume/credentials"
rc scan-files --output json --output-file "$E2E_DIR/files.json" "$E2E_DIR/volume" >/dev/null 2>&1 || true
assert_eq "$(grep -c -e "$active" -e "$foreign" "$E2E_DIR/files.json" || true)" 0 "the scan-files report holds key ids redacted only"
status=0
reported=$(rc keys --org --key-report "$E2E_DIR/files.json" --output json 2>"$E2E_DIR/report.err") || status=$?
assert_eq "$status" 0 "keys --key-report exits 0: every key resolved or told apart $(head -c 300 "$E2E_DIR/report.err")"
assert_json "$reported" 'sorted(k["status"] for k in doc["keys"]) == ["Active", "unknown"]' \
  "the report's in-scope key is resolved by its fingerprint, the other account's is not"
assert_json "$reported" 'any(k["status"] == "Active" and k["user"] == "legacy-deploy" and k["found_at"][0].endswith("app.env:1") for k in doc["keys"])' \
  "and looked up with its owner, user and where the report found it"
assert_json "$reported" 'any(k["status"] == "unknown" and "no IAM user in scope holds this key" in k["error"] for k in doc["keys"])' \
  "a key no user in scope holds says why it cannot be asked about"
status=0
printf '{"schema":"something-else"}' >"$E2E_DIR/bad.json"
rc keys --key-report "$E2E_DIR/bad.json" >/dev/null 2>"$E2E_DIR/bad.err" || status=$?
assert_eq "$status" 2 "a file that is not a scan-files report is a usage error"
assert_contains "$(cat "$E2E_DIR/bad.err")" "bad.json" "naming the file"

# --- UpdateAccessKey through the AWS CLI moves the verdict -------------------------------------------
awsx iam update-access-key --user-name legacy-deploy --access-key-id "$active" --status Inactive >/dev/null
assert_eq "$(awsx iam list-access-keys --user-name legacy-deploy --query "AccessKeyMetadata[?AccessKeyId=='$active'].Status" --output text)" \
  Inactive "aws iam update-access-key deactivates the key"
now=$(rc keys --key-id "$active" --output json 2>/dev/null) || true
assert_json "$now" 'doc["keys"][0]["status"] == "Inactive"' "rolecall keys sees the deactivation"
e2e_finish
