#!/usr/bin/env bash
# The sandbox walk-through of docs/emulator.md, run by Debian's AWS CLI v2 against rolecall-emulator:
# a user creates the role the workload needs (create-role, put-role-policy, create-instance-profile,
# add-role-to-instance-profile), launches an instance, runs the CIS spec's test, implementation
# and backout plans verbatim, and `rolecall scan` then agrees with GET /_emulator/truth on every
# finding of the hand-built scenario. Usage: sandbox_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=1,instances=14,seed=5"
# The default profile is the management account's auditor (read-only). Building in the sandbox
# needs an administrator: the member account's OrganizationAccountAccessRole, assumed as in AWS.
account=$(e2e_estate 'state["accounts"][1]["id"]')
profiles=$(e2e_estate '[a["name"] for a in state["accounts"]]')
read -r key secret token < <(awsx sts assume-role --role-arn "arn:aws:iam::$account:role/OrganizationAccountAccessRole" \
  --role-session-name sandbox --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
assert_eq "$(awsx sts get-caller-identity --query Arn --output text)" \
  "arn:aws:sts::$account:assumed-role/OrganizationAccountAccessRole/sandbox" "assume-role into the member account"

# --- The role the workload needs -------------------------------------------------------------------
cat >"$E2E_DIR/trust.json" <<'JSON'
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
JSON
cat >"$E2E_DIR/read-reports.json" <<'JSON'
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports-bucket/*"}]}
JSON
out=$(awsx iam create-role --role-name reports-reader --assume-role-policy-document "file://$E2E_DIR/trust.json")
assert_json "$out" "doc['Role']['Arn'] == 'arn:aws:iam::$account:role/reports-reader' and doc['Role']['RoleId'].startswith('AROA') and doc['Role']['AssumeRolePolicyDocument']['Statement'][0]['Principal'] == {'Service': 'ec2.amazonaws.com'}" \
  "create-role answers the role with its decoded trust policy"
assert_fails EntityAlreadyExists "create-role twice is EntityAlreadyExists" -- \
  iam create-role --role-name reports-reader --assume-role-policy-document "file://$E2E_DIR/trust.json"
awsx iam put-role-policy --role-name reports-reader --policy-name read-reports \
  --policy-document "file://$E2E_DIR/read-reports.json" && e2e_pass "put-role-policy" || e2e_fail "put-role-policy"
out=$(awsx iam create-instance-profile --instance-profile-name reports-reader)
assert_json "$out" "doc['InstanceProfile']['InstanceProfileId'].startswith('AIPA') and doc['InstanceProfile']['Roles'] == []" \
  "create-instance-profile answers an empty profile"
awsx iam add-role-to-instance-profile --instance-profile-name reports-reader --role-name reports-reader &&
  e2e_pass "add-role-to-instance-profile" || e2e_fail "add-role-to-instance-profile"

# --- A workload without a role, and one with keys baked into its user data -----------------------
out=$(awsx ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --count 1 \
  --metadata-options HttpTokens=required \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=reports}]')
instance=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Instances"][0]["InstanceId"])' <<<"$out")
assert_json "$out" "doc['Instances'][0]['State']['Name'] == 'pending' and 'IamInstanceProfile' not in doc['Instances'][0]" \
  "run-instances launches a pending instance without a role"
printf '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIA2E7NDKQ4VZ3WX5YB\nexport AWS_SECRET_ACCESS_KEY=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\n' >"$E2E_DIR/legacy.sh"
out=$(awsx ec2 run-instances --image-id ami-0abcdef1234567890 --count 2 \
  --iam-instance-profile Name=admin-ec2 --user-data "file://$E2E_DIR/legacy.sh")
assert_json "$out" "len(doc['Instances']) == 2 and len({i['InstanceId'] for i in doc['Instances']}) == 2 and all(i['IamInstanceProfile']['Arn'].endswith(':instance-profile/admin-ec2') for i in doc['Instances'])" \
  "run-instances --count 2 launches one reservation of two with the profile"

# --- Test plan (verbatim) ----------------------------------------------------------------------
out=$(awsx ec2 describe-instances --instance-ids "$instance" --query "Reservations[*].Instances[*].IamInstanceProfile" --output table)
assert_eq "$(grep -c 'instance-profile' <<<"$out" || true)" "0" "test plan: the new instance has no IamInstanceProfile"

# --- Implementation plan (verbatim) ------------------------------------------------------------
out=$(awsx ec2 associate-iam-instance-profile --instance-id "$instance" --iam-instance-profile Name=reports-reader)
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'associating'" "implementation: associate answers associating"
out=$(awsx ec2 describe-instances --instance-ids "$instance" --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output table)
assert_contains "$out" "arn:aws:iam::$account:instance-profile/reports-reader" "implementation: verify shows the new role"

# --- Backout plan (the association id replaces the spec's --instance-id, see spec_plans_test.sh) --
association=$(awsx ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$instance" \
  --query "IamInstanceProfileAssociations[0].AssociationId" --output text)
out=$(awsx ec2 disassociate-iam-instance-profile --association-id "$association")
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'disassociating'" "backout: disassociate"
out=$(awsx ec2 stop-instances --instance-ids "$instance")
assert_json "$out" "doc['StoppingInstances'][0]['CurrentState']['Name'] == 'stopping'" "backout: stop-instances"
out=$(awsx ec2 start-instances --instance-ids "$instance")
assert_json "$out" "doc['StartingInstances'][0]['CurrentState']['Name'] == 'pending'" "backout: start-instances"
out=$(awsx ec2 associate-iam-instance-profile --instance-id "$instance" --iam-instance-profile Name=reports-reader)
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'associating'" "backout: reassign the correct role"

# --- A key created in the sandbox authenticates ------------------------------------------------
awsx iam create-user --user-name ci >/dev/null && e2e_pass "create-user" || e2e_fail "create-user"
read -r key secret < <(awsx iam create-access-key --user-name ci --query "AccessKey.[AccessKeyId, SecretAccessKey]" --output text)
who=$(AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="" awsx sts get-caller-identity --query Arn --output text)
assert_eq "$who" "arn:aws:iam::$account:user/ci" "the created access key signs requests as the new user"

# --- rolecall scan agrees with the emulator's ground truth -------------------------------------
curl_truth() {
  python3 - "$E2E_ENDPOINT/_emulator/truth" "$E2E_TOKEN" "$E2E_DIR/now-truth.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"X-Emulator-Token": sys.argv[2]})
with urllib.request.urlopen(req, timeout=30) as res, open(sys.argv[3], "wb") as out:
    out.write(res.read())
PY
}
curl_truth
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
profile_args=()
for profile in $profiles; do profile_args+=(--profile "$profile"); done
status=0
"$rolecall" --endpoint-url "$E2E_ENDPOINT" "${profile_args[@]}" --output json --quiet --no-color scan --regions us-east-1 \
  >"$E2E_DIR/rolecall.json" 2>"$E2E_DIR/rolecall.err" || status=$?
if [[ $status -eq 0 || $status -eq 1 ]]; then
  e2e_pass "rolecall scan exits 0 or 1 (findings), got $status"
else
  e2e_fail "rolecall scan exits 0 or 1 (findings), got $status: $(cat "$E2E_DIR/rolecall.err")"
fi
python3 - "$E2E_DIR/rolecall.json" "$E2E_DIR/now-truth.json" "$instance" >"$E2E_DIR/compare.out" <<'PY' && e2e_pass "rolecall scan == GET /_emulator/truth" || { e2e_fail "rolecall scan == GET /_emulator/truth"; cat "$E2E_DIR/compare.out"; }
import json, sys
key = lambda f: (f["account_id"], f["region"], f["resource_id"], f["check_id"])
tool = {key(f): f["status"] for f in json.load(open(sys.argv[1]))["findings"]}
truth = {key(f): f["status"] for f in json.load(open(sys.argv[2]))["findings"]}
problems = [f"{k}: rolecall {tool.get(k)}, truth {truth.get(k)}" for k in sorted(set(tool) | set(truth)) if tool.get(k) != truth.get(k)]
mine = {k[3]: v for k, v in truth.items() if k[2] == sys.argv[3]}
want = {"instance-has-role": "PASS", "profile-has-role": "PASS", "role-trusts-ec2": "PASS", "role-not-admin": "PASS",
        "user-data-no-keys": "PASS", "imdsv2-required": "PASS"}
if mine != want:
    problems.append(f"the remediated instance should pass every check, truth says {mine}")
leaky = [k for k, v in truth.items() if k[3] == "user-data-no-keys" and v == "FAIL"]
admin = [k for k, v in truth.items() if k[3] == "role-not-admin" and v == "FAIL"]
if len(leaky) < 2 or len(admin) < 2:
    problems.append(f"the launched admin/leaky instances should fail: {len(leaky)} leaky, {len(admin)} admin")
print(f"{len(truth)} findings compared")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
PY
cat "$E2E_DIR/compare.out"

e2e_finish
