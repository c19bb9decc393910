#!/usr/bin/env bash
# A customer managed policy's life through Debian's AWS CLI v2 against rolecall-emulator, as in
# AWS: create-policy and attach it (get-policy's AttachmentCount follows), create-policy-version,
# list-policy-versions, set-default-policy-version (which changes what simulate-principal-policy
# answers), delete-policy-version's refusals, the five-version limit, the estate dump loading back
# with the versions, simulate-principal-policy's --policy-input-list, and delete-policy refused
# while non-default versions remain. Usage: policy_versions_test.sh ROLECALL_EMULATOR
source "$(dirname "$0")/lib.sh"
e2e_start "$1" "accounts=2,regions=1,instances=2,seed=7"
# The member account's OrganizationAccountAccessRole administers its IAM, as in AWS.
account=$(e2e_estate 'state["accounts"][1]["id"]')
assume_admin() {  # from the default profile: a loaded estate forgets earlier sessions
  local key secret token
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  read -r key secret token < <(awsx sts assume-role --role-arn "arn:aws:iam::$account:role/OrganizationAccountAccessRole" \
    --role-session-name versions --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
  export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
}
assume_admin

cat >"$E2E_DIR/trust.json" <<'JSON'
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
JSON
cat >"$E2E_DIR/read.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
JSON
cat >"$E2E_DIR/write.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
JSON
cat >"$E2E_DIR/sqs.json" <<'JSON'
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
JSON

# --- Attachments ---------------------------------------------------------------------------------
out=$(awsx iam create-policy --policy-name app-data --policy-document "file://$E2E_DIR/read.json")
assert_json "$out" "doc['Policy']['AttachmentCount'] == 0 and doc['Policy']['DefaultVersionId'] == 'v1'" \
  "create-policy answers an unattached policy at v1"
arn=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Policy"]["Arn"])' <<<"$out")
role_arn=$(awsx iam create-role --role-name app --assume-role-policy-document "file://$E2E_DIR/trust.json" \
  --query Role.Arn --output text)
awsx iam create-role --role-name batch --assume-role-policy-document "file://$E2E_DIR/trust.json" >/dev/null
awsx iam attach-role-policy --role-name app --policy-arn "$arn"
awsx iam attach-role-policy --role-name batch --policy-arn "$arn"
assert_eq "$(awsx iam get-policy --policy-arn "$arn" --query Policy.AttachmentCount --output text)" "2" \
  "get-policy counts the two roles the policy is attached to"
awsx iam detach-role-policy --role-name batch --policy-arn "$arn"

# --- Versions ------------------------------------------------------------------------------------
simulate() {  # simulate ACTION [policy-input-list documents...]: the decision for role app
  local action="$1"
  shift
  awsx iam simulate-principal-policy --policy-source-arn "$role_arn" --action-names "$action" "$@" \
    --query "EvaluationResults[0].EvalDecision" --output text
}
out=$(awsx iam create-policy-version --policy-arn "$arn" --policy-document "file://$E2E_DIR/write.json")
assert_json "$out" "doc['PolicyVersion']['VersionId'] == 'v2' and not doc['PolicyVersion']['IsDefaultVersion']" \
  "create-policy-version adds v2, not the default"
out=$(awsx iam list-policy-versions --policy-arn "$arn")
assert_json "$out" "[(v['VersionId'], v['IsDefaultVersion']) for v in doc['Versions']] == [('v1', True), ('v2', False)]" \
  "list-policy-versions lists v1 (default) and v2"
assert_eq "$(simulate s3:PutObject)" "implicitDeny" "v1 rules: s3:PutObject is not allowed"
awsx iam set-default-policy-version --policy-arn "$arn" --version-id v2 &&
  e2e_pass "set-default-policy-version v2" || e2e_fail "set-default-policy-version v2"
assert_eq "$(simulate s3:PutObject)" "allowed" "v2 rules once it is the default"
assert_fails DeleteConflict "delete-policy-version refuses the default version" -- \
  iam delete-policy-version --policy-arn "$arn" --version-id v2
assert_fails NoSuchEntity "delete-policy-version of a version the policy lacks is NoSuchEntity" -- \
  iam delete-policy-version --policy-arn "$arn" --version-id v9
for _ in 1 2 3; do
  awsx iam create-policy-version --policy-arn "$arn" --policy-document "file://$E2E_DIR/read.json" >/dev/null
done
assert_fails LimitExceeded "a sixth version is LimitExceeded" -- \
  iam create-policy-version --policy-arn "$arn" --policy-document "file://$E2E_DIR/read.json"

# --- The dump keeps the versions -----------------------------------------------------------------
e2e_refresh_state
assert_eq "$(e2e_estate "[(v['version_id'], v.get('is_default', False)) for a in state['accounts'] for p in a['managed_policies'] if p['name'] == 'app-data' for v in p['versions']]")" \
  "$(printf "('v1', False)\n('v2', True)\n('v3', False)\n('v4', False)\n('v5', False)")" \
  "GET /_emulator/state writes every version and the default"
e2e_load_estate "$E2E_STATE"
assume_admin
out=$(awsx iam list-policy-versions --policy-arn "$arn")
assert_json "$out" "[(v['VersionId'], v['IsDefaultVersion']) for v in doc['Versions']] == [('v1', False), ('v2', True), ('v3', False), ('v4', False), ('v5', False)]" \
  "the dumped estate loads back with its versions"
assert_eq "$(simulate s3:PutObject)" "allowed" "and with v2 still the default"

# --- simulate-principal-policy --policy-input-list ------------------------------------------------
out=$(awsx iam simulate-principal-policy --policy-source-arn "$role_arn" --action-names sqs:SendMessage s3:PutObject \
  --policy-input-list "$(cat "$E2E_DIR/sqs.json")")  # (file:// would be read as a list of characters)
assert_json "$out" "[r['EvalDecision'] for r in doc['EvaluationResults']] == ['allowed', 'allowed'] and doc['EvaluationResults'][0]['MatchedStatements'][0]['SourcePolicyId'] == 'PolicyInputList.1'" \
  "--policy-input-list is simulated in addition to the role's policies (which allow no SQS)"

# --- Deleting ------------------------------------------------------------------------------------
awsx iam detach-role-policy --role-name app --policy-arn "$arn"
assert_fails DeleteConflict "delete-policy refuses while non-default versions remain" -- \
  iam delete-policy --policy-arn "$arn"
for v in v1 v3 v4 v5; do awsx iam delete-policy-version --policy-arn "$arn" --version-id "$v"; done
awsx iam delete-policy --policy-arn "$arn" && e2e_pass "delete-policy once only the default is left" ||
  e2e_fail "delete-policy once only the default is left"
assert_fails NoSuchEntity "the deleted policy is gone" -- iam get-policy --policy-arn "$arn"

e2e_finish
