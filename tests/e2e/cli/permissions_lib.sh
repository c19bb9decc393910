# Shared by the permissions tests (sourced after e2e_start): a member account's administrator
# session, roles in that account holding exactly a policy file, and the policy files' actions.
# Sets management, account, and the profile admin.
# The default profile is the management account's auditor; the test works in the member account,
# as its administrator (OrganizationAccountAccessRole) and as roles holding exactly one policy.
management=$(e2e_estate 'state["accounts"][0]["id"]')
account=$(e2e_estate 'state["accounts"][1]["id"]')
printf '[profile admin]\nrole_arn = arn:aws:iam::%s:role/OrganizationAccountAccessRole\nsource_profile = default\n' \
  "$account" >>"$E2E_DIR/config"

# The AWS CLI resolves role profiles with the real STS endpoint: it gets the admin session by hand.
read -r admin_key admin_secret admin_token < <(awsx sts assume-role --role-arn \
  "arn:aws:iam::$account:role/OrganizationAccountAccessRole" --role-session-name permissions-test \
  --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
admin_aws() { AWS_ACCESS_KEY_ID="$admin_key" AWS_SECRET_ACCESS_KEY="$admin_secret" AWS_SESSION_TOKEN="$admin_token" awsx "$@"; }

# A role in the member account that the auditor may assume, holding exactly POLICY_FILE. The role
# (and its profile) is made on the first call only: each AWS CLI call costs about a CPU-second, and
# the tests that take one action out at a time call this once per action.
make_role() {  # make_role NAME POLICY_FILE
  if ! grep -q "^\[profile $1\]" "$E2E_DIR/config"; then
    local trust="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$management:root\"},\"Action\":\"sts:AssumeRole\"}]}"
    admin_aws iam create-role --role-name "$1" --assume-role-policy-document "$trust" >/dev/null ||
      { echo "FAIL: create-role $1: $(cat "$E2E_DIR/last_stderr")"; exit 1; }
    printf '[profile %s]\nrole_arn = arn:aws:iam::%s:role/%s\nsource_profile = default\n' "$1" "$account" "$1" >>"$E2E_DIR/config"
  fi
  admin_aws iam put-role-policy --role-name "$1" --policy-name rolecall --policy-document "file://$2" >/dev/null ||
    { echo "FAIL: put-role-policy $1: $(cat "$E2E_DIR/last_stderr")"; exit 1; }
}
# The policy without one action (a JSON file).
without_action() {  # without_action POLICY_FILE ACTION OUT_FILE
  python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for s in doc["Statement"]:
    actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
    s["Action"] = [a for a in actions if a != sys.argv[2]] or ["none:None"]
json.dump(doc, open(sys.argv[3], "w"))
PY
}
policy_actions() { python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["Statement"]:
    for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]]): print(a)' "$1"; }
# The findings as (check, resource, status) lines, and whether the scan was complete.
findings() { python3 -c '
import json, sys
doc = json.load(sys.stdin)
print("complete" if doc["summary"]["ERROR"] == 0 else "incomplete")
for f in sorted((f["check_id"], f["resource_id"], f["status"]) for f in doc["findings"]): print(*f)'; }
# The exit status of a command; its output is kept in $E2E_DIR/last_output (shown when a check fails).
exit_status() { local status=0; "$@" >"$E2E_DIR/last_output" 2>&1 || status=$?; echo "$status"; }
assert_status() {  # assert_status ACTUAL EXPECTED MESSAGE
  assert_eq "$1" "$2" "$3"
  [[ "$1" == "$2" ]] || sed 's/^/  | /' "$E2E_DIR/last_output" | tail -15
}

# One policy holding every statement of the POLICY_FILEs.
merge_policies() {  # merge_policies OUT_FILE POLICY_FILE...
  python3 - "$@" <<'PY'
import json, sys
statements = [s for path in sys.argv[2:] for s in json.load(open(path))["Statement"]]
json.dump({"Version": "2012-10-17", "Statement": statements}, open(sys.argv[1], "w"))
PY
}
