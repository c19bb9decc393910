#!/usr/bin/env bash
# The review flow of docs/remediation.md through the CLI (issue 13, section 2): plan --output markdown
# prints only the markdown diff (ticket, Name tags, permission changes); plan --output json
# --output-file writes the plan document --out holds; apply refuses a contradicting --ticket and a
# self-approval (exit 2, nothing changed); apply --output json prints only JSON on stdout, and the
# journal (runs) records the ticket, the approver and the caller's ARN.
# Usage: review_flow_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=20,seed=13"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
profiles() { e2e_refresh_state; e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])'; }

# --- plan: markdown on stdout, the JSON document in --output-file ---------------------------------
status=0
rc plan --instance-profile app-web --ticket CHG-77 --out "$E2E_DIR/plan.json" --output markdown \
  >"$E2E_DIR/plan.md" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" "0" "plan --output markdown: exit 0"
assert_eq "$(head -1 "$E2E_DIR/plan.md")" "## rolecall plan" "stdout is the markdown document alone"
assert_contains "$(cat "$E2E_DIR/plan.md")" "| Ticket | CHG-77 |" "the markdown names the ticket"
assert_contains "$(cat "$E2E_DIR/plan.md")" "reduces from admin-level: admin-ec2 (AdministratorAccess is attached)" \
  "the markdown says a replace of admin-ec2 is a reduction"
e2e_refresh_state
# The Name tag of an instance the plan changes (the first associate or replace in the plan file).
changed=$(python3 -c 'import json,sys; print(next(a["before"]["instance_id"] for a in json.load(open(sys.argv[1]))["actions"] if a["action"] in ("associate","replace")))' "$E2E_DIR/plan.json")
name=$(e2e_estate "next(i['tags']['Name'] for a in state['accounts'] for i in a['instances'] if i['id'] == '$changed')")
assert_contains "$(cat "$E2E_DIR/plan.md")" "| \`$changed\` | $name |" "the markdown names instances by their Name tag"
assert_eq "$(grep -c 'Plan written to' "$E2E_DIR/plan.md" || true)" "0" "where the plan went is not in the markdown"
rc plan --instance-profile app-web --ticket CHG-77 --out "$E2E_DIR/plan2.json" --output json \
  --output-file "$E2E_DIR/doc.json" >"$E2E_DIR/plan2.out" 2>/dev/null
cmp -s "$E2E_DIR/plan2.json" "$E2E_DIR/doc.json" && e2e_pass "--output json --output-file writes the plan document" ||
  e2e_fail "--output-file differs from --out"
assert_eq "$(cat "$E2E_DIR/plan2.out")" "" "with --output-file, stdout is empty"
before=$(profiles)

# --- apply refuses what contradicts the review ----------------------------------------------------
status=0
rc apply "$E2E_DIR/plan.json" --yes --ticket CHG-78 >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" "2" "apply --ticket other than the plan's: exit 2"
assert_contains "$(cat "$E2E_DIR/err")" "does not match the plan's CHG-77" "the refusal names both tickets"
status=0
rc apply "$E2E_DIR/plan.json" --yes --require-approver-different >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" "2" "apply by its planner with --require-approver-different: exit 2"
assert_contains "$(cat "$E2E_DIR/err")" "is who planned it" "the refusal says the approver planned it"
assert_eq "$(profiles)" "$before" "refused applies change nothing"

# --- apply --output json: only JSON on stdout; runs shows who -------------------------------------
status=0
rc --output json apply "$E2E_DIR/plan.json" --yes --approved-by change-board --require-approver-different \
  >"$E2E_DIR/apply.json" 2>"$E2E_DIR/apply.err" || status=$?
assert_eq "$status" "0" "apply approved by someone else: exit 0"
assert_json "$(cat "$E2E_DIR/apply.json")" "doc['run']['ticket'] == 'CHG-77' and doc['run']['approved_by'] == 'change-board'" \
  "stdout is one JSON document with the ticket and the approver"
assert_json "$(cat "$E2E_DIR/apply.json")" "doc['run']['caller'].startswith('arn:aws:iam::')" "the journal records the caller's ARN"
assert_contains "$(cat "$E2E_DIR/apply.err")" "run id: " "the run id goes to stderr"
runs=$(rc runs)
assert_contains "$runs" "ticket CHG-77, approved by change-board, caller arn:aws:iam::" "runs shows ticket, approver and caller"
e2e_finish
