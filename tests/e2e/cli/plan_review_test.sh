#!/usr/bin/env bash
# apply judges again what it is about to do (issue 13): a target that does not exist is a plan-time
# usage error (exit 2); a plan changed after planning (target, digest, or no digest) is refused with
# exit 2 before any call; a plan whose digest was recomputed after making every target admin-level
# is refused with exit 5 by the target rules judged on live IAM; nothing changes in the estate either
# way; a re-formatted plan is still accepted; rollback that would restore admin-level profiles needs
# --allow-failing-targets. Usage: plan_review_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=40,seed=13"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
# Instance id -> profile name, from the emulator's state.
profiles() { e2e_refresh_state; e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])'; }

# --- A target that does not exist: exit 2, no plan file -------------------------------------------
printf 'rules:\n  - tags: {team: payments}\n    profile: app-payments\n  - profile: no-such\n' >"$E2E_DIR/map.yaml"
for target in "--instance-profile no-such" "--role no-such" "--mapping $E2E_DIR/map.yaml"; do
  echo '{}' >"$E2E_DIR/missing.json"
  status=0
  # shellcheck disable=SC2086
  rc plan $target --out "$E2E_DIR/missing.json" >/dev/null 2>"$E2E_DIR/err" || status=$?
  assert_eq "$status" "2" "plan $target: exit 2"
  assert_contains "$(cat "$E2E_DIR/err")" "no-such does not exist" "plan $target: the error names the target"
  [[ ! -e "$E2E_DIR/missing.json" ]] && e2e_pass "plan $target: no plan file is left" ||
    e2e_fail "plan $target: a plan file is left"
done
assert_contains "$(cat "$E2E_DIR/err")" "map.yaml:4: rule 2" "the mapping error names the rule's line"

# --- A plan, and tampered copies ------------------------------------------------------------------
rc plan --instance-profile app-web --out "$E2E_DIR/plan.json" >/dev/null 2>"$E2E_DIR/plan.err" ||
  { echo "FAIL: rolecall plan: $(cat "$E2E_DIR/plan.err")"; exit 1; }
before=$(profiles)
# tamper.py PLAN OUT MODE: MODE is target (every change to admin-ec2, digest kept), digest (digest
# edited), both (targets edited, digest recomputed from the canonical content docs/plan-json.md
# describes), unsigned (digest removed), unsigned-admin, reformat (indent 4, keys sorted).
cat >"$E2E_DIR/tamper.py" <<'PY'
import hashlib, json, sys
plan = json.load(open(sys.argv[1]))
mode = sys.argv[3]
def to_admin(p):
    for a in p["actions"]:
        if a["action"] in ("associate", "replace"):
            acct = a["before"]["account_id"]
            a["target"] = {"arn": f"arn:aws:iam::{acct}:instance-profile/admin-ec2", "name": "admin-ec2",
                           "role_arn": f"arn:aws:iam::{acct}:role/admin-ec2"}
def digest(p):
    canon = {k: p.get(k, d) for k, d in (("schema", ""), ("version", 1), ("created_at", ""), ("created_by", ""),
                                        ("target", ""), ("approved", []), ("create_profiles", []))}
    canon["create_profiles"] = [dict(c, path=c.get("path", "/")) for c in canon["create_profiles"]]
    # Fields added after the first digested plans count only when present.
    canon.update({k: p[k] for k in ("ticket", "approved_by", "account_names") if k in p})
    canon["actions"] = [dict({"action": a["action"], "before": a["before"],
                              "target": a.get("target", {"arn": "", "name": "", "role_arn": ""}),
                              "reason": a.get("reason", ""), "fixes": a.get("fixes", [])},
                             **{k: a[k] for k in ("name", "permissions") if k in a}) for a in p["actions"]]
    text = json.dumps(canon, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
assert digest(plan) == plan["digest"], "the documented canonical content reproduces plan's digest"
if mode in ("target", "both", "unsigned-admin"): to_admin(plan)
if mode == "digest": plan["digest"] = "sha256:" + "0" * 64
if mode == "both": plan["digest"] = digest(plan)
if mode.startswith("unsigned"): del plan["digest"]
json.dump(plan, open(sys.argv[2], "w"), indent=4 if mode == "reformat" else None, sort_keys=mode == "reformat")
PY
refused() {
  local mode="$1" want="$2" needle="$3"
  shift 3
  python3 "$E2E_DIR/tamper.py" "$E2E_DIR/plan.json" "$E2E_DIR/$mode.json" "$mode" ||
    { e2e_fail "$mode: tamper.py failed"; return; }
  local status=0
  rc apply "$E2E_DIR/$mode.json" --yes "$@" >"$E2E_DIR/$mode.out" 2>"$E2E_DIR/$mode.err" || status=$?
  assert_eq "$status" "$want" "apply of a plan with $mode tampered: exit $want"
  assert_contains "$(cat "$E2E_DIR/$mode.err")" "$needle" "$mode: the refusal says why"
  assert_eq "$(profiles)" "$before" "$mode: the estate is unchanged"
  assert_eq "$(grep -c '^run id:' "$E2E_DIR/$mode.out" || true)" "0" "$mode: no run was started"
}
refused target 2 "the plan was changed after planning"
refused digest 2 "the plan was changed after planning"
refused unsigned 2 "--allow-unsigned-plan"
refused both 5 "admin-level"
refused unsigned-admin 5 "admin-level" --allow-unsigned-plan
changes=$(python3 -c 'import json,sys; print(sum(a["action"] in ("associate","replace") for a in json.load(open(sys.argv[1]))["actions"]))' "$E2E_DIR/plan.json")
assert_contains "$(cat "$E2E_DIR/both.err")" "$changes target(s) fail a rule plan enforces" "both: every action is named"

python3 "$E2E_DIR/tamper.py" "$E2E_DIR/plan.json" "$E2E_DIR/reformat.json" reformat
status=0
rc apply "$E2E_DIR/reformat.json" --dry-run --yes >/dev/null 2>"$E2E_DIR/reformat.err" || status=$?
assert_eq "$status" "0" "a re-formatted plan (indent 4, keys sorted) keeps its digest: dry run exits 0"

# --- The plan as planned applies; the journal records its digest ----------------------------------
status=0
rc apply "$E2E_DIR/plan.json" --yes >"$E2E_DIR/apply.out" 2>"$E2E_DIR/apply.err" || status=$?
assert_eq "$status" "0" "the untouched plan applies: exit 0"
run=$(sed -n 's/^run id: //p' "$E2E_DIR/apply.out" | head -1)
digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$E2E_DIR/plan.json")
assert_json "$(rc --output json runs "$run")" "doc['run']['plan_digest'] == '$digest'" "the journal records the plan's digest"
fixed=$(profiles)

# --- Rollback would put admin-level profiles back: refused without --allow-failing-targets -------
status=0
rc rollback "$run" --yes >"$E2E_DIR/back.out" 2>"$E2E_DIR/back.err" || status=$?
assert_eq "$status" "2" "rollback restoring failing profiles: exit 2"
assert_contains "$(cat "$E2E_DIR/back.out" "$E2E_DIR/back.err")" "fails a target rule" "rollback says which restores fail a rule"
assert_eq "$(profiles)" "$fixed" "refused rollback: the estate is unchanged"
status=0
rc rollback "$run" --allow-failing-targets --yes >"$E2E_DIR/back.out" 2>"$E2E_DIR/back.err" || status=$?
[[ $status == 0 || $status == 4 ]] && e2e_pass "rollback --allow-failing-targets: exit 0 (4: deleted profiles left)" ||
  e2e_fail "rollback --allow-failing-targets: exit $status: $(cat "$E2E_DIR/back.err")"
# Every instance is back, but those whose earlier profile was deleted (AWS cannot associate it again).
assert_eq "$(diff <(echo "$before") <(profiles) | grep '^<' | grep -vc 'batch-decommissioned' || true)" "0" \
  "rollback --allow-failing-targets restores the estate"
e2e_finish
