#!/usr/bin/env bash
# Output people can act on (issue 14): scan's filters (--status, --severity, --account, --tag) in
# the report and the exit status, the context every finding carries (instance Name tag, --tags
# values, the account's name from its IAM alias, or Organizations' with --org), and the pager on
# a terminal (a pty from script(1), a fake pager that writes to a file), which --no-cli-pager and
# AWS_PAGER="" turn off.
# Usage: report_view_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=30,seed=5"
account=$(e2e_estate 'state["accounts"][0]["id"]')
alias=$(e2e_estate 'state["accounts"][0]["alias"]')

# --- context -------------------------------------------------------------------------------------
full=$(rc --output json scan --regions us-east-1 --tags team 2>"$E2E_DIR/err") || true
assert_json "$full" "all(f['account_name'] == '$alias' for f in doc['findings'])" \
  "every finding names the account by its IAM alias ($alias)"
want=$(e2e_estate "json.dumps({i['id']: [i['tags']['Name'], i['tags']['team']] for i in state['accounts'][0]['instances'] if i['state'] != 'terminated'})")
assert_json "$full" "all([f['resource_name'], f['tags']['team']] == $want[f['resource_id']] for f in doc['findings'] if f['resource_type'] == 'instance')" \
  "instance findings carry the Name tag and the --tags values"
assert_json "$full" "'filters' not in doc" "an unfiltered report has no filters member"

# --- filters -------------------------------------------------------------------------------------
status=0
out=$(rc --output json scan --regions us-east-1 --status FAIL --severity '>=high' 2>"$E2E_DIR/err") || status=$?
assert_json "$out" "doc['filters']['status'] == ['FAIL'] and doc['filters']['severity'] == ['high', 'critical'] and doc['filters']['hidden'] > 0" \
  "a filtered report says how it was filtered"
assert_json "$out" "len(doc['findings']) > 0 and all(f['status'] == 'FAIL' and f['severity'] in ('high', 'critical') for f in doc['findings'])" \
  "--status FAIL --severity '>=high' keeps only those findings"
assert_eq "$status" "1" "high FAILs shown: exit 1"

status=0
out=$(rc --output json scan --regions us-east-1 --status PASS 2>"$E2E_DIR/err") || status=$?
assert_json "$out" "len(doc['findings']) > 0 and all(f['status'] == 'PASS' for f in doc['findings'])" "--status PASS lists passes"
assert_eq "$status" "0" "the exit status follows the filtered view: only passes shown, exit 0"

team=$(e2e_estate "[i['tags']['team'] for i in state['accounts'][0]['instances'] if i['state'] != 'terminated'][0]")
out=$(rc --output json scan --regions us-east-1 --tag "team=$team" 2>"$E2E_DIR/err") || true
want=$(e2e_estate "json.dumps(sorted({i['id'] for i in state['accounts'][0]['instances'] if i['state'] != 'terminated' and i['tags'].get('team') == '$team'}))")
assert_json "$out" "sorted({f['resource_id'] for f in doc['findings']}) == $want" "--tag team=$team keeps exactly the instances with that tag"

out=$(rc --output json scan --regions us-east-1 --account 000000000000 2>"$E2E_DIR/err") || status=$?
assert_json "$out" "doc['findings'] == [] and doc['filters']['account'] == ['000000000000']" "--account of another account shows nothing"

status=0
rc scan --regions us-east-1 --severity severe >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" "2" "an unknown --severity is a usage error"
assert_contains "$(cat "$E2E_DIR/err")" "severe" "the error names the bad value"

out=$(rc scan --regions us-east-1 --status FAIL 2>/dev/null) || true
assert_contains "$out" "Filtered: --status FAIL (" "the table says it is filtered"
assert_contains "$out" "$account ($alias)" "the table shows the account's name next to its id"

# --- pager ---------------------------------------------------------------------------------------
# script(1) gives rolecall a terminal for stdout; LINES=5 makes any report "longer than the screen".
on_tty() {
  local cmd
  printf -v cmd '%q ' "$rolecall" --endpoint-url "$E2E_ENDPOINT" --quiet --no-color "$@"
  script -qec "$cmd" /dev/null >"$E2E_DIR/tty_out" 2>&1 || true
}
paged="$E2E_DIR/paged"
export LINES=5 COLUMNS=160
unset AWS_PAGER
rm -f "$paged"
PAGER="cat > $paged" on_tty scan --regions us-east-1
if [[ -s "$paged" ]] && grep -q "^Findings: " "$paged"; then e2e_pass "on a terminal, long output goes through \$PAGER"; else e2e_fail "the pager did not get the report: $(head -c 300 "$E2E_DIR/tty_out")"; fi
too_wide=$(awk 'length($0) > 160' "$paged" | grep -v '^rolecall scan:' | head -1 || true)
assert_eq "$too_wide" "" "the paged table fits COLUMNS=160 (DETAIL shortened)"
rm -f "$paged"
COLUMNS=80 PAGER="cat > $paged" on_tty scan --regions us-east-1
too_wide=$(python3 -c 'import sys; print(next((l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > 80), ""))' "$paged")
assert_eq "$too_wide" "" "at COLUMNS=80, too narrow for the columns, every line fits (a block per finding)"
assert_contains "$(cat "$paged")" "$account ($alias)" "and the blocks still name the account"

rm -f "$paged"
AWS_PAGER="cat > $paged" PAGER="false" on_tty scan --regions us-east-1
[[ -s "$paged" ]] && e2e_pass "AWS_PAGER wins over PAGER" || e2e_fail "AWS_PAGER was not used"

# The profile's cli_pager sits between AWS_PAGER and PAGER, as in the AWS CLI.
cp "$AWS_CONFIG_FILE" "$E2E_DIR/config.saved"
printf '[default]\ncli_pager = cat > %s\n' "$paged" >>"$AWS_CONFIG_FILE"
rm -f "$paged"
PAGER="false" on_tty scan --regions us-east-1
[[ -s "$paged" ]] && e2e_pass "the profile's cli_pager wins over PAGER" || e2e_fail "cli_pager was not used: $(head -c 300 "$E2E_DIR/tty_out")"
rm -f "$paged"
AWS_PAGER="" on_tty scan --regions us-east-1
[[ ! -e "$paged" ]] && e2e_pass "AWS_PAGER=\"\" wins over cli_pager" || e2e_fail "cli_pager beat AWS_PAGER"
printf '[default]\ncli_pager =\n' >"$AWS_CONFIG_FILE"
rm -f "$paged"
PAGER="cat > $paged" on_tty scan --regions us-east-1
[[ ! -e "$paged" ]] && e2e_pass "an empty cli_pager turns the pager off" || e2e_fail "an empty cli_pager still paged"
cp "$E2E_DIR/config.saved" "$AWS_CONFIG_FILE"

rm -f "$paged"
PAGER="cat > $paged" on_tty --no-cli-pager scan --regions us-east-1
[[ ! -e "$paged" ]] && grep -q "Findings: " "$E2E_DIR/tty_out" && e2e_pass "--no-cli-pager writes to the terminal" || e2e_fail "--no-cli-pager still paged"

rm -f "$paged"
AWS_PAGER="" PAGER="cat > $paged" on_tty scan --regions us-east-1
[[ ! -e "$paged" ]] && e2e_pass "AWS_PAGER=\"\" turns the pager off" || e2e_fail "AWS_PAGER=\"\" still paged"

rm -f "$paged"
PAGER="cat > $paged" rc scan --regions us-east-1 >/dev/null 2>&1 || true
[[ ! -e "$paged" ]] && e2e_pass "not a terminal: no pager" || e2e_fail "paged output that was not on a terminal"

rm -f "$paged"
PAGER="cat > $paged" on_tty --output-file "$E2E_DIR/report.txt" scan --regions us-east-1
[[ ! -e "$paged" && -s "$E2E_DIR/report.txt" ]] && e2e_pass "--output-file: no pager" || e2e_fail "--output-file went through the pager"

# --- account names: Organizations' name before the IAM alias (made to differ) -----------------------
name=$(e2e_estate 'state["accounts"][0]["name"]')
e2e_refresh_state
python3 - "$E2E_STATE" "$E2E_DIR/renamed.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
state["accounts"][0]["alias"] = "the-alias"
json.dump(state, open(sys.argv[2], "w"))
PY
e2e_load_estate "$E2E_DIR/renamed.json"
out=$(rc --output json scan --regions us-east-1 2>/dev/null) || true
assert_json "$out" "{f['account_name'] for f in doc['findings']} == {'the-alias'}" "without --org an account is named by its IAM alias"
out=$(rc --output json scan --org --regions us-east-1 2>/dev/null) || true
assert_json "$out" "{f['account_name'] for f in doc['findings']} == {'$name'}" "with --org by Organizations' name ($name), not the alias"

echo "$E2E_CHECKS checks, $E2E_FAILURES failed"
[[ $E2E_FAILURES -eq 0 ]]
