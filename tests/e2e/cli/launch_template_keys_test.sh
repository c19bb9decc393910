#!/usr/bin/env bash
# Launch template versions that carry a migrated key (issue 12 section 3.5, docs/remediation.md
# "Launch templates that carry the key"): `plan --migrate-keys` plans a new version of the template
# whose user data exports the key, without the credential lines, and shows the diff with the key id
# redacted and the secret masked (neither is in the plan); apply makes the version but leaves the
# default; `apply --resume RUN --make-template-default` moves the default; the new version's user
# data (read back with the AWS CLI) is the old one without those lines; rollback restores the
# default and deletes the version.
# Usage: launch_template_keys_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=1,seed=3"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"

# A live key of an in-scope user, exported by an instance's user data and by a template's.
read -r key_id secret < <(e2e_estate '" ".join(next([k["id"], k["secret"]] for u in state["accounts"][0]["users"] if u["name"] == "legacy-deploy" for k in u["access_keys"] if k["status"] == "Active"))')
printf '#!/bin/bash\nset -e\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\nmkdir -p /opt/app\n/opt/app/start\n' \
  "$key_id" "$secret" >"$E2E_DIR/user-data.sh"
instance=$(awsx ec2 run-instances --image-id ami-12345678 --instance-type t3.micro \
  --user-data "file://$E2E_DIR/user-data.sh" --query 'Instances[0].InstanceId' --output text)
template=$(awsx ec2 create-launch-template --launch-template-name keyed --query 'LaunchTemplate.LaunchTemplateId' \
  --output text --launch-template-data "{\"InstanceType\": \"t3.micro\", \"IamInstanceProfile\": {\"Name\": \"app-web\"},
  \"UserData\": \"$(base64 -w0 "$E2E_DIR/user-data.sh")\"}")
versions() {  # "default latest" of the template
  awsx ec2 describe-launch-templates --launch-template-ids "$template" \
    --query 'LaunchTemplates[0].[DefaultVersionNumber, LatestVersionNumber]' --output text | tr '\t' ' '
}

# --- plan: the masked diff, no key id or secret in the plan ---------------------------------------
status=0
rc plan --migrate-keys --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/plan.json" \
  >"$E2E_DIR/plan.txt" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" 0 "plan --migrate-keys: exit 0 $(grep -m1 error: "$E2E_DIR/plan.err" || true)"
plan=$(cat "$E2E_DIR/plan.json")
assert_json "$plan" "[(t['action'], t['source_version'], len(t['user_data_scrub']['lines'])) for t in doc['launch_templates'] if t['template_id'] == '$template'] == [('update', 1, 2)]" \
  "the template gets an update from version 1 without its 2 credential lines"
assert_json "$plan" "any('$instance' == a['before']['instance_id'] and 'needs the instance stopped' in a['reason'] and 'user-data > line 3' in a['reason'] for a in doc['actions'])" \
  "the instance's user data is reported with the lines holding the key, and that changing it needs a stop"
text=$(cat "$E2E_DIR/plan.txt")
assert_contains "$text" "-export AWS_ACCESS_KEY_ID=${key_id:0:4}…${key_id: -4}" "the diff shows the key id line redacted"
assert_contains "$text" "-export AWS_SECRET_ACCESS_KEY=****" "and the secret line masked"
assert_contains "$text" " mkdir -p /opt/app" "with the lines kept as context"
assert_contains "$text" "at: user data of $instance (user-data > line 3), (user-data > line 4): removing it from the user data needs the instance stopped" \
  "the text plan says where the instance's own user data holds the key, and that changing it needs a stop"
assert_contains "$text" "the default only when approved" "and says the default moves only when approved"
rc plan --migrate-keys --instance-profile app-web --no-pass-role-check --output markdown --out "$E2E_DIR/plan-md.json" \
  >"$E2E_DIR/plan.md" 2>/dev/null || true
assert_contains "$(cat "$E2E_DIR/plan.md")" "-export AWS_SECRET_ACCESS_KEY=****" "the Markdown plan shows the masked diff too"
leak=0
grep -q -e "$key_id" -e "$secret" "$E2E_DIR/plan.json" "$E2E_DIR/plan.txt" "$E2E_DIR/plan.md" && leak=1
assert_eq "$leak" 0 "neither the key id nor the secret is in the plan or its diffs"

# --- apply without approval: the version is made, the default stays --------------------------------
status=0
"$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color apply "$E2E_DIR/plan.json" --yes >"$E2E_DIR/apply.txt" 2>&1 || status=$?
assert_eq "$status" 0 "apply: exit 0 $(tail -3 "$E2E_DIR/apply.txt")"
run=$(sed -n 's/^run id: //p' "$E2E_DIR/apply.txt" | head -1)
assert_eq "$(versions)" "1 2" "version 2 is made; the default is still 1"
assert_contains "$(cat "$E2E_DIR/apply.txt")" "apply --resume $run --make-template-default" \
  "apply says the command that makes it the default"
awsx ec2 describe-launch-template-versions --launch-template-id "$template" --versions 2 \
  --query 'LaunchTemplateVersions[0].LaunchTemplateData' >"$E2E_DIR/v2.json"
scrubbed=$(python3 -c 'import base64, json, sys; print(base64.b64decode(json.load(open(sys.argv[1]))["UserData"]).decode(), end="")' "$E2E_DIR/v2.json")
assert_eq "$scrubbed" "$(grep -v -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY "$E2E_DIR/user-data.sh")" \
  "version 2's user data is version 1's without the credential lines"
awsx ec2 describe-launch-template-versions --launch-template-id "$template" --versions 1 \
  --query 'LaunchTemplateVersions[0].LaunchTemplateData' >"$E2E_DIR/v1.json"
assert_json "$(cat "$E2E_DIR/v2.json")" "{k: v for k, v in doc.items() if k != 'UserData'} == {k: v for k, v in __import__('json').load(open('$E2E_DIR/v1.json')).items() if k != 'UserData'} and doc['IamInstanceProfile'] == {'Name': 'app-web'}" \
  "and otherwise equal to version 1"

# --- approval: the default moves -----------------------------------------------------------------
status=0
rc apply --resume "$run" --make-template-default --yes >"$E2E_DIR/approve.txt" 2>&1 || status=$?
assert_eq "$status" 0 "apply --resume RUN --make-template-default: exit 0 $(tail -3 "$E2E_DIR/approve.txt")"
assert_eq "$(versions)" "2 2" "version 2 is the default"

# --- rollback: the default back, the version deleted ----------------------------------------------
rc rollback "$run" --yes >"$E2E_DIR/rollback.txt" 2>&1 || true
assert_eq "$(versions)" "1 1" "rollback restores default 1 and deletes version 2 $(tail -3 "$E2E_DIR/rollback.txt")"
e2e_finish
