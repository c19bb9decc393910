#!/usr/bin/env bash
# Key migration without a target (issue 12 section 3.1, docs/remediation.md "Key migration"):
# `plan --migrate-keys` naming no --instance-profile/--role/--mapping plans for each key owner U a
# role `rolecall-<U>` trusting EC2 only with exactly U's policies (attached ARNs and inline
# documents, read by GetAccountAuthorizationDetails), shared by U's instances; an admin-level U is
# blocked for the operator to name a target. Apply refuses such a plan (creating the roles is not
# implemented yet) and changes nothing.
# Usage: migrate_keys_user_roles_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=40,seed=7"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"

status=0
rc plan --migrate-keys --out "$E2E_DIR/plan.json" >"$E2E_DIR/plan.txt" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" 0 "plan --migrate-keys without a target: exit 0 $(grep -m1 error: "$E2E_DIR/plan.err")"
e2e_refresh_state
result=$(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
users = {(a["id"], u["name"]): u for a in state["accounts"] for u in a.get("users", [])}
roles = {(r["account_id"], r["role_name"]): r for r in plan.get("create_roles", [])}
out = []
for r in roles.values():
    u = users.get((r["account_id"], r["user"]))
    if u is None: out.append(f"{r['role_name']}: user {r['user']} not in the estate"); continue
    if r["role_name"] != "rolecall-" + r["user"]: out.append(f"{r['role_name']}: not rolecall-{r['user']}")
    if sorted(r["managed_policy_arns"]) != sorted(set(u.get("attached_policy_arns", []))):
        out.append(f"{r['role_name']}: managed {r['managed_policy_arns']} != {u.get('attached_policy_arns')}")
    want = sorted((p["name"], json.dumps(p["document"], sort_keys=True)) for p in u.get("inline_policies", []))
    got = sorted((p["name"].removeprefix("user."), json.dumps(json.loads(p["document"]), sort_keys=True))
                 for p in r["inline_policies"])
    if want != got: out.append(f"{r['role_name']}: inline {got} != {want}")
moving = [a for a in plan["actions"] if a["action"] in ("associate", "replace")]
by_role = {}
for a in moving:
    name = a["target"]["name"]
    if (a["before"]["account_id"], name) not in roles: out.append(f"{a['before']['instance_id']}: target {name} not created")
    by_role.setdefault(name, []).append(a["before"]["instance_id"])
admin = [a for a in plan["actions"] if a["action"] == "blocked" and "admin-level" in a["reason"]]
for a in admin:
    if "the operator must name a target" not in a["reason"]: out.append(f"{a['before']['instance_id']}: {a['reason']}")
shared = sum(1 for ids in by_role.values() if len(ids) > 1)
print(f"checked roles {len(roles)} moving {len(moving)} shared {shared} admin {len(admin)}")
for line in out: print(line)
PY
)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "each planned role carries exactly its user's policies and is the target of its instances"
read -r _ _ roles _ moving _ shared _ admin <<<"$(grep '^checked' <<<"$result")"
assert_ne "${roles:-0}" 0 "roles are planned ($result)"
assert_ne "${moving:-0}" 0 "instances move onto them ($result)"
assert_contains "$(cat "$E2E_DIR/plan.txt")" "+ create role rolecall-" "the text plan shows the roles to create"
assert_contains "$(cat "$E2E_DIR/plan.txt")" "trusts ec2.amazonaws.com only" "and their trust"

before=$(e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])')
status=0
rc apply "$E2E_DIR/plan.json" --yes >/dev/null 2>"$E2E_DIR/apply.err" || status=$?
assert_ne "$status" 0 "apply refuses a plan that creates roles"
assert_contains "$(cat "$E2E_DIR/apply.err")" "cannot apply yet" "and says why"
e2e_refresh_state
assert_eq "$(e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])')" \
  "$before" "and changes nothing"
e2e_finish
