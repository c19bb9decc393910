#!/usr/bin/env bash
# The least-privilege policies in docs/permissions/ are what rolecall needs, no more: a role holding
# exactly scan.json scans (and collects) with the same findings as an administrator; plan.json plans
# the same actions; remediate.json applies and rolls back. Taking any one action out of scan.json
# or plan.json changes the result (it is needed). scan.json + security-hub.json exports to Security Hub
# and scan.json + key-evidence.json scans --key-evidence as an administrator does, each action of
# those two needed the same way; a management-account caller holding org-caller.json (+ scan.json)
# scans --org through a RolecallScan role as the auditor does, each org-caller.json action needed.
# The emulator enforces identity policies as IAM
# does (docs/emulator.md), so a call the code makes that a policy lacks is a denied call here.
# Every action of each policy is explained in docs/permissions.md.
# Usage: permissions_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
docs="$(cd "$(dirname "$0")/../../.." && pwd)/docs"
e2e_start "$1" "accounts=2,regions=2,instances=24,seed=23,groups=4"
source "$(dirname "$0")/permissions_lib.sh"

# Every policy file, so a new one cannot be left out (key-evidence and retire-keys were).
for file in "$docs"/permissions/*.json; do
  for action in $(policy_actions "$file"); do
    grep -q -- "\`$action\`" "$docs/permissions.md" || { e2e_fail "docs/permissions.md explains $action ($(basename "$file"))"; }
  done
done

# --- scan and collect ----------------------------------------------------------------------------
admin=$(rc --profile admin scan --output json | findings) || true
make_role rolecall-scan "$docs/permissions/scan.json"
scanned=$(rc --profile rolecall-scan scan --output json | findings) || true
assert_eq "$(head -1 <<<"$scanned")" complete "scan with scan.json is complete"
assert_eq "$scanned" "$admin" "scan with scan.json finds what an administrator's scan finds"
assert_status "$(exit_status rc --profile rolecall-scan collect --out "$E2E_DIR/collected")" 0 "collect with scan.json succeeds"
for action in $(policy_actions "$docs/permissions/scan.json"); do
  without_action "$docs/permissions/scan.json" "$action" "$E2E_DIR/less.json"
  make_role rolecall-scan "$E2E_DIR/less.json"
  less=$(rc --profile rolecall-scan scan --output json 2>/dev/null | findings) || true
  assert_ne "$less" "$admin" "scan.json needs $action (without it the scan differs)"
done

# --- plan ------------------------------------------------------------------------------------------
plan_actions() { python3 -c '
import json, sys
for a in sorted(json.load(open(sys.argv[1]))["actions"], key=lambda a: a["before"]["instance_id"]):
    print(a["before"]["instance_id"], a["action"], a.get("target", {}).get("arn", ""))
for t in json.load(open(sys.argv[1])).get("launch_templates", []):
    print(t["template_id"] or t["template_name"], t["action"], t["target"]["arn"], t["source_version"])' "$1"; }
# plan.json is for a read-only planner: plan's pass-role check judges the caller, so such a planner
# plans with --no-pass-role-check and the principal that applies holds remediate.json.
rc --profile admin plan --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/admin-plan.json" \
  >/dev/null 2>&1 || true
make_role rolecall-plan "$docs/permissions/plan.json"
assert_status "$(exit_status rc --profile rolecall-plan plan --instance-profile app-web --no-pass-role-check \
  --out "$E2E_DIR/plan.json")" 0 "plan --no-pass-role-check with plan.json succeeds"
assert_eq "$(plan_actions "$E2E_DIR/plan.json")" "$(plan_actions "$E2E_DIR/admin-plan.json")" \
  "plan with plan.json plans what an administrator's plan does"
for action in $(policy_actions "$docs/permissions/plan.json"); do
  without_action "$docs/permissions/plan.json" "$action" "$E2E_DIR/less.json"
  make_role rolecall-plan "$E2E_DIR/less.json"
  status=0
  rc --profile rolecall-plan plan --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/less-plan.json" \
    >/dev/null 2>&1 || status=$?
  got=$([[ $status -ne 0 ]] && echo failed || plan_actions "$E2E_DIR/less-plan.json")
  assert_ne "$got" "$(plan_actions "$E2E_DIR/admin-plan.json")" "plan.json needs $action (without it plan fails or differs)"
done
# With the pass-role check, the planner is the principal that applies: remediate.json.
make_role rolecall-remediate "$docs/permissions/remediate.json"
rc --profile admin plan --instance-profile app-web --out "$E2E_DIR/admin-checked-plan.json" >/dev/null 2>&1 || true
assert_status "$(exit_status rc --profile rolecall-remediate plan --instance-profile app-web \
  --out "$E2E_DIR/checked-plan.json")" 0 "plan (with the pass-role check) with remediate.json succeeds"
assert_eq "$(plan_actions "$E2E_DIR/checked-plan.json")" "$(plan_actions "$E2E_DIR/admin-checked-plan.json")" \
  "plan with remediate.json: iam:PassRole simulated with iam:PassedToService is allowed, as for an administrator"

# --- apply and rollback ----------------------------------------------------------------------------
assert_status "$(exit_status rc --profile rolecall-remediate preflight --plan "$E2E_DIR/admin-plan.json")" 0 "preflight of the plan with remediate.json passes (iam:PassRole simulated with iam:PassedToService)"
assert_status "$(exit_status rc --profile rolecall-remediate apply "$E2E_DIR/admin-plan.json" --yes --journal "$E2E_DIR/j.db")" 0 "apply with remediate.json verifies every change"
after=$(rc --profile admin scan --output json | findings) || true
assert_ne "$after" "$admin" "the apply changed the estate"
run_id=$(rc runs --journal "$E2E_DIR/j.db" | awk 'NR == 2 {print $1}')
assert_status "$(exit_status rc --profile rolecall-remediate rollback "$run_id" --yes --allow-failing-targets --journal "$E2E_DIR/j.db")" 0 "rollback with remediate.json restores the run"
assert_eq "$(rc --profile admin scan --output json | findings)" "$admin" "after rollback the estate scans as before"
# Without iam:PassRole, the emulator (as EC2) refuses the association: apply cannot succeed.
without_action "$docs/permissions/remediate.json" iam:PassRole "$E2E_DIR/less.json"
make_role rolecall-remediate "$E2E_DIR/less.json"
status=0
rc --profile rolecall-remediate apply "$E2E_DIR/admin-plan.json" --yes --no-preflight --journal "$E2E_DIR/j2.db" >/dev/null 2>&1 || status=$?
assert_ne "$status" 0 "remediate.json needs iam:PassRole"

# --- Security Hub: scan.json + security-hub.json ---------------------------------------------------
# Both actions are called on every export: BatchImportFindings (import, then archive) and GetFindings
# (rolecall's ACTIVE findings there), so each is needed: without one the export fails, exit 4.
home=$(e2e_estate 'state["accounts"][1]["security_hub_regions"][0]')
merge_policies "$E2E_DIR/hub.json" "$docs/permissions/scan.json" "$docs/permissions/security-hub.json"
make_role rolecall-hub "$E2E_DIR/hub.json"
hub_scan() { exit_status rc --profile rolecall-hub scan --security-hub --security-hub-region "$home" --fail-on none --output json; }
assert_status "$(hub_scan)" 0 "scan --security-hub with scan.json + security-hub.json imports and archives: exit 0"
for action in $(policy_actions "$docs/permissions/security-hub.json"); do
  without_action "$docs/permissions/security-hub.json" "$action" "$E2E_DIR/less.json"
  merge_policies "$E2E_DIR/hub.json" "$docs/permissions/scan.json" "$E2E_DIR/less.json"
  make_role rolecall-hub "$E2E_DIR/hub.json"
  assert_status "$(hub_scan)" 4 "security-hub.json needs $action (without it the export fails: exit 4)"
done

# --- CloudTrail key evidence: scan.json + key-evidence.json ----------------------------------------
admin_evidence=$(rc --profile admin scan --key-evidence --output json | findings) || true
merge_policies "$E2E_DIR/evidence.json" "$docs/permissions/scan.json" "$docs/permissions/key-evidence.json"
make_role rolecall-evidence "$E2E_DIR/evidence.json"
evidence=$(rc --profile rolecall-evidence scan --key-evidence --output json | findings) || true
assert_eq "$(head -1 <<<"$evidence")" complete "scan --key-evidence with scan.json + key-evidence.json is complete"
assert_eq "$evidence" "$admin_evidence" "and finds what an administrator's scan --key-evidence finds"
for action in $(policy_actions "$docs/permissions/key-evidence.json"); do
  without_action "$docs/permissions/key-evidence.json" "$action" "$E2E_DIR/less.json"
  merge_policies "$E2E_DIR/evidence.json" "$docs/permissions/scan.json" "$E2E_DIR/less.json"
  make_role rolecall-evidence "$E2E_DIR/evidence.json"
  less=$(rc --profile rolecall-evidence scan --key-evidence --output json | findings) || true
  assert_ne "$less" "$admin_evidence" "key-evidence.json needs $action (without it the scan differs)"
done

# --- organization-wide scans: org-caller.json ------------------------------------------------------
# A user of the management account holding exactly org-caller.json and scan.json (--org scans the
# caller's own account with its own credentials), and in the member account the role RolecallScan
# holding scan.json: `scan --org --assume-role RolecallScan` finds what the auditor's --org scan
# finds; without either org-caller.json action it does not. The management account has no
# administrator to make them with, so they are added to the estate (POST /_emulator/load).
org_user() {  # org_user CALLER_POLICY_FILE: (re)load the estate with the caller and the scan role
  e2e_refresh_state
  python3 - "$E2E_STATE" "$1" "$docs/permissions/scan.json" "$E2E_DIR/org-estate.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
management, member = state["accounts"][0], state["accounts"][1]
management["users"] = [u for u in management["users"] if u["name"] != "rolecall-org"] + [{
    "name": "rolecall-org", "path": "/", "attached_policy_arns": [],
    "access_keys": [{"id": "AKIAORGCALLERTESTKEY", "secret": "org-caller-test-secret", "status": "Active"}],
    "inline_policies": [{"name": "rolecall", "document": json.load(open(sys.argv[2]))}]}]
member["roles"] = [r for r in member["roles"] if r["name"] != "RolecallScan"] + [{
    "name": "RolecallScan", "path": "/", "attached_policy_arns": [],
    "inline_policies": [{"name": "rolecall", "document": json.load(open(sys.argv[3]))}],
    "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{management['id']}:root"}, "Action": "sts:AssumeRole"}]}}]
json.dump(state, open(sys.argv[4], "w"))
PY
  e2e_load_estate "$E2E_DIR/org-estate.json"
}
printf '[rolecall-org]\naws_access_key_id = AKIAORGCALLERTESTKEY\naws_secret_access_key = org-caller-test-secret\n' \
  >>"$AWS_SHARED_CREDENTIALS_FILE"
merge_policies "$E2E_DIR/org.json" "$docs/permissions/org-caller.json" "$docs/permissions/scan.json"
org_user "$E2E_DIR/org.json"
org_auditor=$(rc scan --org --output json | findings) || true
org_scan() { rc --profile rolecall-org scan --org --assume-role RolecallScan --output json 2>"$E2E_DIR/org.err" | findings; }
scanned=$(org_scan) || true
assert_eq "$(head -1 <<<"$scanned")" complete "scan --org with org-caller.json + scan.json (RolecallScan: scan.json) is complete $(head -c 300 "$E2E_DIR/org.err")"
assert_eq "$scanned" "$org_auditor" "and finds what the auditor's --org scan finds"
for action in $(policy_actions "$docs/permissions/org-caller.json"); do
  without_action "$docs/permissions/org-caller.json" "$action" "$E2E_DIR/less.json"
  merge_policies "$E2E_DIR/org.json" "$E2E_DIR/less.json" "$docs/permissions/scan.json"
  org_user "$E2E_DIR/org.json"
  less=$(org_scan) || true
  assert_ne "$less" "$org_auditor" "org-caller.json needs $action (without it the --org scan differs)"
done

e2e_finish
