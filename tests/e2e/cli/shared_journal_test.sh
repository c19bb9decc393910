#!/usr/bin/env bash
# One remediation journal in PostgreSQL, two operators (issue 15 section 1): alice applies a plan
# with --journal postgresql://...; bob, in another working directory with another HOME, lists her
# run with `runs` and rolls it back with `rollback` through the same URL, and the emulator's state
# dump (without its CloudTrail events and the keys' last use) is exactly as it was before the apply.
# Neither operator gets a journal file; a journal URL with a password that cannot be reached exits 2
# without printing the password.
# Usage: shared_journal_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg_lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=1,instances=40,seed=23,compliant=0"
pg_start
unset ROLECALL_JOURNAL XDG_STATE_HOME

# The emulator's whole state dump, canonical, without what every API call changes (its CloudTrail
# events, the access keys' last use): what a rollback must restore exactly.
estate() {
  e2e_refresh_state
  python3 - "$E2E_STATE" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("cloudtrail_events", "last_used")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True, indent=1))
PY
}

mkdir -p "$E2E_DIR/alice" "$E2E_DIR/bob"
as_alice() { (cd "$E2E_DIR/alice" && HOME="$E2E_DIR/alice" rc "$@"); }
as_bob() { (cd "$E2E_DIR/bob" && HOME="$E2E_DIR/bob" rc "$@"); }

# --- alice plans and applies into the shared journal ---------------------------------------------
as_alice plan --org --instance-profile app-web --out "$E2E_DIR/alice/plan.json" >/dev/null 2>"$E2E_DIR/plan.err" ||
  { echo "FAIL: rolecall plan: $(cat "$E2E_DIR/plan.err")"; exit 1; }
# Only changes a rollback can undo exactly: instances that had no profile or one that still exists.
python3 - "$E2E_DIR/alice/plan.json" "$E2E_STATE" <<'PY' || { echo "FAIL: filtering the plan"; exit 1; }
import collections, json, sys
plan = json.load(open(sys.argv[1]))
state = json.load(open(sys.argv[2]))
profiles = {p["name"] for a in state["accounts"] for p in a.get("instance_profiles", [])}
plan["actions"] = [a for a in plan["actions"] if a["action"] in ("associate", "replace") and
                   (not a["before"].get("profile_arn") or a["before"]["profile_arn"].split("/")[-1] in profiles)]
assert len(plan["actions"]) >= 10, len(plan["actions"])
plan.pop("digest", None)  # changed by hand: applied with --allow-unsigned-plan
plan["summary"] = dict(collections.Counter(a["action"] for a in plan["actions"]), blocked=0, skip=0)
plan["summary"].setdefault("associate", 0)
plan["summary"].setdefault("replace", 0)
json.dump(plan, open(sys.argv[1], "w"))
PY
before=$(estate)
status=0
as_alice apply "$E2E_DIR/alice/plan.json" --org --allow-unsigned-plan --yes --journal "$PG_URL" >"$E2E_DIR/apply.out" 2>&1 ||
  status=$?
assert_eq "$status" "0" "alice: apply --journal postgresql://... exits 0"
run_id=$(sed -n 's/^run id: //p' "$E2E_DIR/apply.out" | head -1)
assert_ne "$run_id" "" "alice: apply printed its run id"
applied=$(estate)
assert_ne "$applied" "$before" "alice's apply changed the estate"

# --- bob, elsewhere, sees her run and rolls it back ---------------------------------------------
status=0
as_bob runs --journal "$PG_URL" --output json >"$E2E_DIR/runs.json" 2>"$E2E_DIR/runs.err" || status=$?
assert_eq "$status" "0" "bob: runs --journal postgresql://... exits 0"
assert_json "$(cat "$E2E_DIR/runs.json")" "len(doc) == 1 and doc[0]['run_id'] == '$run_id' and doc[0]['status'] == 'completed' and doc[0]['kind'] == 'apply'" \
  "bob lists alice's run, completed"
status=0
(export ROLECALL_JOURNAL="$PG_URL"; as_bob runs "$run_id" --output json) >"$E2E_DIR/run.json" 2>"$E2E_DIR/run.err" ||
  status=$?
assert_eq "$status" "0" "bob: runs RUN with \$ROLECALL_JOURNAL set to the URL exits 0"
assert_json "$(cat "$E2E_DIR/run.json")" "len(doc['instances']) >= 10 and all(s['status'] == 'verified' for s in doc['instances'])" \
  "bob sees every step of alice's run, verified"
status=0
as_bob rollback "$run_id" --org --journal "$PG_URL" --yes --allow-failing-targets >"$E2E_DIR/rollback.out" 2>&1 || status=$?
assert_eq "$status" "0" "bob: rollback of alice's run exits 0"
[[ $status -eq 0 ]] || cat "$E2E_DIR/rollback.out"
after=$(estate)
if [[ "$after" == "$before" ]]; then
  e2e_pass "the state dump is exactly as before alice's apply"
else
  e2e_fail "the state dump is exactly as before alice's apply"
  diff <(echo "$before") <(echo "$after") | head -40
fi

# --- alice sees bob's rollback; nobody got a journal file ----------------------------------------
as_alice runs --journal "$PG_URL" --output json >"$E2E_DIR/runs2.json" 2>/dev/null
assert_json "$(cat "$E2E_DIR/runs2.json")" "len(doc) == 2 and any(r['kind'] == 'rollback' and r['parent_run_id'] == '$run_id' and r['status'] == 'completed' for r in doc)" \
  "alice lists bob's rollback of her run"
found=$(find "$E2E_DIR/alice" "$E2E_DIR/bob" -name 'journal.db*' | wc -l)
assert_eq "$found" "0" "no journal file in either operator's HOME or working directory"

# --- a journal that cannot be reached: exit 2, the password never shown --------------------------
status=0
as_bob runs --journal "postgresql://rolecall:hunter2@/no_such_db?host=$PG_DIR" >/dev/null 2>"$E2E_DIR/bad.err" || status=$?
assert_eq "$status" "2" "runs on an unreachable journal database exits 2"
assert_contains "$(cat "$E2E_DIR/bad.err")" "journal postgresql://rolecall@/no_such_db" "the error names the journal's URL"
if grep -q hunter2 "$E2E_DIR/bad.err"; then e2e_fail "the password is never printed"; else e2e_pass "the password is never printed"; fi
e2e_finish
