#!/usr/bin/env bash
# scan --security-hub against rolecall-emulator, checked with Debian's AWS CLI v2: after a scan of
# a small organization, `aws securityhub get-findings` in each account's home region returns
# exactly the FAIL findings of the emulator's ground truth (GET /_emulator/truth); an instance
# fixed with `aws ec2 associate-iam-instance-profile` has its finding ARCHIVED by the next scan;
# findings Security Hub refuses are reported one by one and make the exit status non-zero.
# Usage: security_hub_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=2,instances=16,seed=23"

management=$(e2e_estate 'state["accounts"][0]["id"]')
member=$(e2e_estate 'state["accounts"][1]["id"]')
member_profile=$(e2e_estate 'state["accounts"][1]["name"]')
home=$(e2e_estate 'state["accounts"][0]["security_hub_regions"][0]')

fetch_truth() {
  python3 - "$E2E_ENDPOINT/_emulator/truth" "$E2E_TOKEN" "$E2E_DIR/now-truth.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"X-Emulator-Token": sys.argv[2]})
with urllib.request.urlopen(req, timeout=30) as res, open(sys.argv[3], "wb") as out:
    out.write(res.read())
PY
}

# rolecall's ACTIVE findings in one account's Security Hub (the AWS CLI follows NextToken).
active_findings() {
  local profile_args=()
  [[ -n "$1" ]] && profile_args=(--profile "$1")
  awsx "${profile_args[@]}" securityhub get-findings --region "$home" --page-size 40 \
    --filters '{"GeneratorId":[{"Value":"rolecall-","Comparison":"PREFIX"}],"RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}]}' \
    --query 'Findings[].Id' --output json
}

# Compares the ACTIVE findings of both accounts with the truth's FAILs: "ok" or the differences.
compare_with_truth() {
  python3 - "$E2E_DIR/now-truth.json" "$E2E_DIR/hub-management.json" "$E2E_DIR/hub-member.json" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1]))["findings"]
want = sorted(f"rolecall/{f['check_id']}/{f['account_id']}/{f['region']}/{f['resource_id']}"
              for f in truth if f["status"] == "FAIL")
got = sorted(json.load(open(sys.argv[2])) + json.load(open(sys.argv[3])))
if got == want and got:
    print(f"ok {len(got)}")
else:
    print(f"{len(got)} active, {len(want)} FAIL in truth; missing {sorted(set(want) - set(got))[:5]}, "
          f"extra {sorted(set(got) - set(want))[:5]}")
PY
}

# --- Import: exactly the ground truth's FAILs, each in its own account's home region --------------
status=0
rc scan --org --security-hub --output json --output-file "$E2E_DIR/scan1.json" 2>"$E2E_DIR/scan1.err" || status=$?
assert_eq "$status" 1 "scan --org --security-hub exits 1 (findings) $(cat "$E2E_DIR/scan1.err")"
active_findings "" >"$E2E_DIR/hub-management.json"
active_findings "$member_profile" >"$E2E_DIR/hub-member.json"
fetch_truth
assert_eq "$(compare_with_truth | cut -d' ' -f1)" "ok" "get-findings == the truth's FAIL findings: $(compare_with_truth)"
out=$(awsx securityhub get-findings --region "$home" --max-items 1 \
  --filters "{\"AwsAccountId\":[{\"Value\":\"$member\",\"Comparison\":\"EQUALS\"}]}" --query 'Findings' --output json)
assert_json "$out" "doc == []" "each account holds only its own findings"

# --- Fix one instance with the AWS CLI: the next scan archives its finding ------------------------
read -r instance owner < <(python3 - "$E2E_DIR/now-truth.json" "$home" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
print(*sorted((f["resource_id"], f["account_id"]) for f in findings if f["region"] == sys.argv[2]
              and f["check_id"] == "instance-has-role" and f["status"] == "FAIL")[0])
PY
)
owner_index=$([[ "$owner" == "$management" ]] && echo 0 || echo 1)
owner_profile=$([[ "$owner" == "$management" ]] && echo default || echo "$member_profile")
good=$(e2e_estate "[i['instance_profile'] for i in state['accounts'][$owner_index]['instances'] if i['region'] == '$home' and i.get('instance_profile') and all(f['status'] == 'PASS' for f in json.load(open('$E2E_DIR/now-truth.json'))['findings'] if f['resource_id'] == i['id'])][0]")
awsx --profile "$owner_profile" ec2 associate-iam-instance-profile --region "$home" --instance-id "$instance" \
  --iam-instance-profile "Name=$good" >/dev/null \
  && e2e_pass "aws ec2 associate-iam-instance-profile $instance $good" || e2e_fail "associate-iam-instance-profile: $(cat "$E2E_DIR/last_stderr")"
fixed="rolecall/instance-has-role/$owner/$home/$instance"
status=0
rc scan --org --security-hub --output json --output-file "$E2E_DIR/scan2.json" 2>"$E2E_DIR/scan2.err" || status=$?
assert_eq "$status" 1 "the second scan exits 1 $(cat "$E2E_DIR/scan2.err")"
out=$(awsx --profile "$owner_profile" securityhub get-findings --region "$home" \
  --filters "{\"Id\":[{\"Value\":\"$fixed\",\"Comparison\":\"EQUALS\"}]}" --query 'Findings[].[RecordState, Compliance.Status]' --output json)
assert_json "$out" "doc == [['ARCHIVED', 'PASSED']]" "the fixed instance's finding is ARCHIVED (and PASSED)"
active_findings "" >"$E2E_DIR/hub-management.json"
active_findings "$member_profile" >"$E2E_DIR/hub-member.json"
fetch_truth
assert_eq "$(compare_with_truth | cut -d' ' -f1)" "ok" "after the fix, get-findings == the truth's FAIL findings: $(compare_with_truth)"

# --- Refused findings: the member account is no Security Hub administrator ------------------------
status=0
rc scan --org --security-hub --security-hub-account "$member" --fail-on none --output json \
  --output-file "$E2E_DIR/scan3.json" 2>"$E2E_DIR/scan3.err" || status=$?
assert_eq "$status" 4 "refused findings make the exit status 4 (partial) with --fail-on none"
err=$(cat "$E2E_DIR/scan3.err")
assert_contains "$err" "rolecall: security hub: account $member in $home: finding rolecall/" "each refused finding is named"
assert_contains "$err" "AccessDeniedException" "with Security Hub's error code"
refused=$(grep -c "^rolecall: security hub: account $member in $home: finding rolecall/[a-z0-9-]*/$management/" "$E2E_DIR/scan3.err" || true)
want=$(python3 -c "import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))['findings'] if f['account_id'] == sys.argv[2] and f['status'] != 'PASS'))" "$E2E_DIR/scan3.json" "$management")
assert_eq "$refused" "$want" "every non-passing finding of the other account is refused ($want)"

# --- The emulator's validation through the AWS CLI --------------------------------------------------
cat >"$E2E_DIR/batch.json" <<JSON
[{"SchemaVersion":"2018-10-08","Id":"cli/ok","ProductArn":"arn:aws:securityhub:$home:$management:product/$management/default",
  "GeneratorId":"cli","AwsAccountId":"$management","CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z",
  "Title":"t","Description":"d","Resources":[{"Type":"Other","Id":"x"}]},
 {"SchemaVersion":"2018-10-08","Id":"cli/bad","ProductArn":"arn:aws:securityhub:$home:$management:product/$management/default",
  "GeneratorId":"cli","AwsAccountId":"$management-organization","CreatedAt":"2026-01-01T00:00:00Z",
  "UpdatedAt":"2026-01-01T00:00:00Z","Title":"t","Description":"d","Resources":[{"Type":"Other","Id":"x"}]}]
JSON
out=$(awsx securityhub batch-import-findings --region "$home" --findings "file://$E2E_DIR/batch.json" --output json)
assert_json "$out" "doc['SuccessCount'] == 1 and doc['FailedCount'] == 1 and doc['FailedFindings'][0]['Id'] == 'cli/bad' and doc['FailedFindings'][0]['ErrorCode'] == 'InvalidInput'" "batch-import-findings lists the invalid finding in FailedFindings"
assert_fails InvalidAccessException "Security Hub is not enabled in the second region" -- \
  securityhub get-findings --region "$(e2e_estate 'state["regions"][1]')"

e2e_finish
