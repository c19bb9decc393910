#!/usr/bin/env bash
# Instances managed by CloudFormation or Terraform (issue 13, section 3): plan blocks their changes
# by default, naming the stack and the change to make in the template (markdown shows the YAML or
# HCL); --allow-managed plans them anyway and apply warns of the drift; a Terraform tag given with
# --terraform-tag marks Terraform-managed instances; an unsigned plan edited to change a managed
# instance it did not allow is refused (exit 2, nothing changed).
# Usage: managed_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=40,seed=21,compliant=20,managed=40"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
e2e_refresh_state
# Instances the generator tagged as CloudFormation-managed (a JSON list).
managed=$(e2e_estate 'json.dumps(sorted(i["id"] for a in state["accounts"] for i in a["instances"] if "aws:cloudformation:stack-name" in i.get("tags", {})))')
assert_ne "$managed" "[]" "the generator tagged some instances as CloudFormation-managed"
actions() { python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(json.dumps(sorted([a["before"]["instance_id"], a["action"], a.get("managed",{}).get("tool",""), a.get("managed",{}).get("allowed",False)] for a in p["actions"] if a["action"] != "skip")))' "$1"; }
profiles() { e2e_refresh_state; e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])'; }

# --- default: managed instances that need a change are blocked, with the stack and the change ----
status=0
rc plan --instance-profile app-web --out "$E2E_DIR/plan.json" --output markdown --no-pass-role-check \
  >"$E2E_DIR/plan.md" 2>/dev/null || status=$?
assert_eq "$status" "0" "plan: exit 0"
check=$(python3 - "$E2E_DIR/plan.json" "$managed" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); managed = set(json.loads(sys.argv[2]))
bad = []; blocked = 0
for a in plan["actions"]:
    iid = a["before"]["instance_id"]; m = a.get("managed")
    if iid in managed and a["action"] in ("associate", "replace"): bad.append(iid + " is changed")
    if iid not in managed and m: bad.append(iid + " is marked managed")
    if m and a["action"] == "blocked":
        blocked += 1
        if "managed by CloudFormation stack" not in a["reason"] or m["allowed"]: bad.append(iid + ": " + a["reason"])
print("ok %d" % blocked if not bad and blocked > 0 else "; ".join(bad) or "nothing blocked")
PY
)
assert_contains "$check" "ok " "every managed instance needing a change is blocked, naming its stack ($check)"
md=$(cat "$E2E_DIR/plan.md")
assert_contains "$md" "### Changes to make in the code" "the markdown has the changes to make in the templates"
assert_contains "$md" "  Type: AWS::EC2::Instance" "a CloudFormation snippet for the instance resource"
assert_contains "$md" "    IamInstanceProfile: app-web" "the snippet sets the target profile"
table=$(rc plan --instance-profile app-web --out "$E2E_DIR/plan-t.json" --no-pass-role-check 2>/dev/null)
assert_contains "$table" "managed by CloudFormation stack" "the table diff says why they are blocked"

# --- Terraform by tag; an edited unsigned plan is refused -------------------------------------------
status=0
rc plan --instance-profile app-web --terraform-tag team --out "$E2E_DIR/tf.json" --output markdown --no-pass-role-check \
  >"$E2E_DIR/tf.md" 2>/dev/null || status=$?
assert_eq "$status" "0" "plan --terraform-tag: exit 0"
remaining=$(python3 -c 'import json,sys; print(sum(1 for a in json.load(open(sys.argv[1]))["actions"] if a["action"] in ("associate","replace")))' "$E2E_DIR/tf.json")
assert_eq "$remaining" "0" "with every instance tagged, nothing is changed by hand"
assert_contains "$(cat "$E2E_DIR/tf.md")" 'iam_instance_profile = "app-web"' "the markdown shows the Terraform change"
status=0
rc plan --terraform-tag "=x" --instance-profile app-web --out "$E2E_DIR/bad.json" >/dev/null 2>"$E2E_DIR/bad.err" || status=$?
assert_eq "$status" "2" "--terraform-tag without a key: exit 2"
before=$(profiles)
python3 - "$E2E_DIR/tf.json" "$E2E_DIR/edited.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for a in p["actions"]:
    if a["action"] == "blocked" and a.get("managed") and a.get("target", {}).get("arn") and not a["before"]["profile_arn"]:
        a["action"] = "associate"; break
del p["digest"]
json.dump(p, open(sys.argv[2], "w"))
PY
status=0
rc apply "$E2E_DIR/edited.json" --yes --allow-unsigned-plan >/dev/null 2>"$E2E_DIR/edit.err" || status=$?
assert_eq "$status" "2" "an edited plan changing a managed instance it did not allow: exit 2"
assert_contains "$(cat "$E2E_DIR/edit.err")" "managed instance(s) not allowed when planning" "the refusal says why"
assert_eq "$(profiles)" "$before" "the refused apply changed nothing"
# --- --allow-managed: planned, marked, and apply warns of the drift -------------------------------
rc plan --instance-profile app-web --allow-managed --out "$E2E_DIR/allow.json" --no-pass-role-check >"$E2E_DIR/allow.txt" 2>/dev/null
allowed=$(python3 -c 'import json,sys; print(sum(1 for a in json.load(open(sys.argv[1]))["actions"] if a.get("managed",{}).get("allowed") and a["action"] in ("associate","replace")))' "$E2E_DIR/allow.json")
blocked=${check#ok }
assert_eq "$allowed" "$blocked" "--allow-managed plans every managed change the default blocked"
assert_contains "$(cat "$E2E_DIR/allow.txt")" "drifts from the code" "the diff marks the drift"
status=0
rc apply "$E2E_DIR/allow.json" --yes >/dev/null 2>"$E2E_DIR/apply.err" || status=$?
assert_eq "$status" "0" "apply --allow-managed plan: exit 0"
assert_contains "$(cat "$E2E_DIR/apply.err")" "this change drifts from that code" "apply warns of the drift"

e2e_finish
