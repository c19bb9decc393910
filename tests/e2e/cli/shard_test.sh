#!/usr/bin/env bash
# --shard I/N (issue 15 section 3): three workers, each scanning its share of the organization into
# one store, leave the store in the state one whole scan leaves it; the shares are disjoint and
# cover every account; a share's next scan resolves and opens its own findings only.
# Usage: shard_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=4,regions=2,instances=40,seed=12"

# The findings a store holds, one line each: account region resource check state.
store_findings() {
  rc findings --store "$1" --output json | python3 -c '
import json, sys
doc = json.load(sys.stdin)
rows = doc if isinstance(doc, list) else doc["findings"]
for f in sorted(rows, key=lambda f: (f["account_id"], f["region"], f["resource_id"], f["check_id"])):
    print(f["account_id"], f["region"], f["resource_id"], f["check_id"], f["state"])'
}
accounts_of() {  # the accounts a JSON report's findings name
  python3 -c 'import json,sys; print(" ".join(sorted({f["account_id"] for f in json.load(open(sys.argv[1]))["findings"]})))' "$1"
}

rc scan --org --store "$E2E_DIR/whole.db" >/dev/null 2>&1 || true
all_accounts=$(e2e_estate '" ".join(sorted(a["id"] for a in state["accounts"]))')
seen=""
for i in 0 1 2; do
  rc scan --org --shard "$i/3" --store "$E2E_DIR/shared.db" --output json >"$E2E_DIR/share$i.json" 2>/dev/null || true
  seen="$seen $(accounts_of "$E2E_DIR/share$i.json")"
done
assert_eq "$(tr ' ' '\n' <<<"$seen" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')" "$all_accounts" \
  "the three shares together scan every account, each once"
assert_eq "$(store_findings "$E2E_DIR/shared.db")" "$(store_findings "$E2E_DIR/whole.db")" \
  "three shares recorded into one store hold what one whole scan holds"
assert_ne "$(store_findings "$E2E_DIR/shared.db" | grep -c ' open$')" 0 "and it has open findings"
assert_eq "$(rc history --store "$E2E_DIR/shared.db" --output json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d if isinstance(d, list) else d["scans"]))')" \
  3 "history lists each share's scan"

# rolecall report --from-store renders the merged state: its FAIL findings are a whole scan's.
rc scan --org --output json >"$E2E_DIR/whole.json" 2>/dev/null || true
fails() {  # the FAIL verdicts of a JSON report: account region resource check severity
  python3 -c 'import json,sys
for f in sorted(json.load(open(sys.argv[1]))["findings"], key=lambda f: (f["account_id"], f["region"], f["resource_id"], f["check_id"])):
    if f["status"] == "FAIL": print(f["account_id"], f["region"], f["resource_id"], f["check_id"], f["severity"])' "$1"
}
status=0
rc --output json report --from-store --store "$E2E_DIR/shared.db" --fail-on high >"$E2E_DIR/merged.json" || status=$?
assert_eq "$status" 1 "report --from-store --fail-on high exits 1 on the open high findings"
assert_eq "$(fails "$E2E_DIR/merged.json")" "$(fails "$E2E_DIR/whole.json")" \
  "report --from-store of the three shares' store lists a whole scan's FAIL findings"
assert_ne "$(fails "$E2E_DIR/merged.json" | wc -l)" 0 "and there are some"
rc --output html report --from-store --store "$E2E_DIR/shared.db" --output-file "$E2E_DIR/merged.html" || true
first_fail=$(fails "$E2E_DIR/merged.json" | awk 'NR == 1 {print $3}')  # awk reads to the end: no broken pipe
assert_ne "$(grep -c -- "$first_fail" "$E2E_DIR/merged.html")" 0 "and renders in the other formats (html names $first_fail)"

# A share scanned again: a finding is resolved only by a scan that covered its account, so the other
# shares' open findings (which this scan did not see) stay open.
share=$(for i in 0 1 2; do [[ -n "$(accounts_of "$E2E_DIR/share$i.json")" ]] && echo "$i" && break; done)
others_before=$(store_findings "$E2E_DIR/shared.db" | grep -v -E "^($(accounts_of "$E2E_DIR/share$share.json" | tr ' ' '|')) ")
rc scan --org --shard "$share/3" --store "$E2E_DIR/shared.db" >/dev/null 2>&1 || true
assert_eq "$(store_findings "$E2E_DIR/shared.db" | grep -v -E "^($(accounts_of "$E2E_DIR/share$share.json" | tr ' ' '|')) ")" \
  "$others_before" "a share's rescan leaves the other shares' findings alone"

status=0
rc scan --shard 3/3 >/dev/null 2>"$E2E_DIR/bad.err" || status=$?
assert_eq "$status" 2 "--shard 3/3 is a usage error"
assert_eq "$(grep -c 'share I (0 to N-1)' "$E2E_DIR/bad.err")" 1 "that says what I/N means"
e2e_finish
