#!/usr/bin/env bash
# docs/permissions/retire-keys.json (issue 14: a test checks each policy against what the code
# calls): a key migration the administrator planned is applied, retired (the deactivate phase, its
# CloudTrail check on) and rolled back by a role holding exactly remediate.json and
# retire-keys.json; without any one action of retire-keys.json the deactivate phase fails and no
# key changes. The estate (seed 6) gives the member account a key the plan retires. The emulator
# enforces identity policies as IAM does, and its SimulatePrincipalPolicy answers apply's
# preflight, which checks the key actions on the key owners, as the policy grants them.
# Usage: permissions_keys_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
docs="$(cd "$(dirname "$0")/../../.." && pwd)/docs"
E2E_EMULATOR_ARGS="--record-calls on --imds on"
e2e_start "$1" "accounts=2,regions=2,instances=80,seed=6"
source "$(dirname "$0")/permissions_lib.sh"

# "redacted-id status" of every key a user of the member account holds, sorted.
key_states() {
  e2e_refresh_state
  e2e_estate 'sorted(k["id"][:4] + "…" + k["id"][-4:] + " " + k["status"] for u in state["accounts"][1].get("users", []) for k in u.get("access_keys", []))'
}
rc --profile admin plan --migrate-keys --key-evidence --instance-profile app-web --out "$E2E_DIR/keys-plan.json" \
  >/dev/null 2>&1 || true
retirable=$(python3 -c 'import json, sys; print(sum(1 for k in json.load(open(sys.argv[1]))["retire_keys"] if "blocked" not in k and k["status"] == "Active"))' "$E2E_DIR/keys-plan.json" 2>/dev/null || echo 0)
assert_ne "$retirable" 0 "the administrator's key migration plan retires a key ($retirable)"
merge_policies "$E2E_DIR/retire.json" "$docs/permissions/remediate.json" "$docs/permissions/retire-keys.json"
make_role rolecall-retire "$E2E_DIR/retire.json"
keys_journal="$E2E_DIR/keys.db"
assert_status "$(exit_status rc --profile rolecall-retire apply "$E2E_DIR/keys-plan.json" --yes --journal "$keys_journal")" 0 \
  "apply of the key migration with remediate.json + retire-keys.json"
keys_before=$(key_states)
deactivate() { exit_status rc --profile rolecall-retire apply "$E2E_DIR/keys-plan.json" --phase deactivate --soak 0s --yes --journal "$keys_journal"; }
for action in $(policy_actions "$docs/permissions/retire-keys.json"); do
  without_action "$docs/permissions/retire-keys.json" "$action" "$E2E_DIR/less.json"
  merge_policies "$E2E_DIR/retire.json" "$docs/permissions/remediate.json" "$E2E_DIR/less.json"
  make_role rolecall-retire "$E2E_DIR/retire.json"
  status=$(deactivate)
  assert_ne "$status" 0 "retire-keys.json needs $action (without it the deactivate phase fails)"
  assert_eq "$(key_states)" "$keys_before" "and retires nothing without $action"
done
merge_policies "$E2E_DIR/retire.json" "$docs/permissions/remediate.json" "$docs/permissions/retire-keys.json"
make_role rolecall-retire "$E2E_DIR/retire.json"
assert_status "$(deactivate)" 0 "the deactivate phase (CloudTrail checked) with remediate.json + retire-keys.json"
assert_ne "$(key_states)" "$keys_before" "and it set the retired key Inactive"
deactivation=$(rc runs --journal "$keys_journal" | awk 'NR > 1 && $2 == "deactivate" && $3 == "completed" {print $1; exit}')
assert_status "$(exit_status rc --profile rolecall-retire rollback "$deactivation" --yes --journal "$keys_journal")" 0 \
  "rollback of the deactivate run with remediate.json + retire-keys.json"
assert_eq "$(key_states)" "$keys_before" "and every key is as before"

e2e_finish
