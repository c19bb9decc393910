#!/usr/bin/env bash
# The store of scans end to end (docs/store.md): scan a generated estate with --store, change two
# verdicts with the AWS CLI (associate a profile with an instance that has none, disassociate one
# from an instance that passed everything), scan again, and require `rolecall diff` to list exactly
# the verdicts GET /_emulator/truth changed; then history and findings over the same store, and the
# store errors (an unreachable database, a file that is not a store) exit 2. Every scan is recorded
# in a PostgreSQL store too (a server pg_lib.sh starts), and history, diff and findings must give
# the same answers from it as from the SQLite store.
# Usage: store_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg_lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=1,instances=16,seed=3"
pg_start
account=$(e2e_estate 'state["accounts"][1]["id"]')
profile=$(e2e_estate 'state["accounts"][1]["name"]')
region=$(e2e_estate 'state["regions"][0]')

# The emulator's ground truth as it is now, into $1.
truth_to() {
  python3 - "$E2E_ENDPOINT/_emulator/truth" "$E2E_TOKEN" "$1" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"X-Emulator-Token": sys.argv[2]})
with urllib.request.urlopen(req, timeout=30) as res, open(sys.argv[3], "wb") as out:
    out.write(res.read())
PY
}

# rolecall scan of the member account's region into the default store, then into the PostgreSQL one.
scan_stored() {
  local status=0
  rc --profile "$profile" --output json scan --regions "$region" --fail-on none --store \
    >"$E2E_DIR/scan$1.json" 2>"$E2E_DIR/scan$1.err" || status=$?
  assert_eq "$status" "0" "scan $1 --store exits 0 ($(cat "$E2E_DIR/scan$1.err"))"
  status=0
  rc --profile "$profile" --output json scan --regions "$region" --fail-on none --store "$PG_URL" \
    >"$E2E_DIR/scan$1-pg.json" 2>"$E2E_DIR/scan$1-pg.err" || status=$?
  assert_eq "$status" "0" "scan $1 --store postgresql:// exits 0 ($(cat "$E2E_DIR/scan$1-pg.err"))"
}

# The JSON of `rolecall --output json ARGS` from the SQLite store and from the PostgreSQL one agree
# but for times (each store's scans ran at their own moment): $1 names the check.
same_on_both_stores() {
  local what="$1"
  shift
  rc --output json "$@" >"$E2E_DIR/both-sqlite.json" 2>&1 || true
  rc --output json "$@" --store "$PG_URL" >"$E2E_DIR/both-pg.json" 2>&1 || true
  python3 - "$E2E_DIR/both-sqlite.json" "$E2E_DIR/both-pg.json" >"$E2E_DIR/both.out" <<'PY' &&
import json, sys
TIMES = {"started_at", "finished_at", "first_seen", "opened_at", "last_seen", "resolved_at", "seconds_open",
         "median_seconds", "p90_seconds"}
def norm(v):
    if isinstance(v, dict):
        return {k: (x is None) if k in TIMES else norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v
a, b = (norm(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    print("sqlite:", json.dumps(a)[:600]); print("postgresql:", json.dumps(b)[:600]); sys.exit(1)
PY
    e2e_pass "$what: PostgreSQL store == SQLite store" || { e2e_fail "$what: PostgreSQL store == SQLite store"; cat "$E2E_DIR/both.out"; }
}

truth_to "$E2E_DIR/before.json"
# An instance failing instance-has-role, and one passing every check with a profile (whose profile
# the failing one then gets).
read -r failing passing good_profile < <(python3 - "$E2E_STATE" "$E2E_DIR/before.json" "$account" "$region" <<'PY'
import json, sys
state, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
account, region = sys.argv[3], sys.argv[4]
acct = next(a for a in state["accounts"] if a["id"] == account)
running = {i["id"]: i for i in acct["instances"] if i["region"] == region and i.get("state", "running") == "running"}
verdicts = {}
for f in truth["findings"]:
    if f["account_id"] == account and f["resource_id"] in running:
        verdicts.setdefault(f["resource_id"], {})[f["check_id"]] = f["status"]
failing = next(i for i, v in sorted(verdicts.items()) if v.get("instance-has-role") == "FAIL")
passing = next(i for i, v in sorted(verdicts.items())
               if running[i].get("instance_profile") and all(s == "PASS" for s in v.values()))
print(failing, passing, running[passing]["instance_profile"])
PY
)
[[ -n "$failing" && -n "$passing" && -n "$good_profile" ]] && e2e_pass "the estate has a failing and a passing instance" ||
  { e2e_fail "the estate has a failing and a passing instance"; e2e_finish; }

scan_stored 1
default_store="$E2E_DIR/.local/state/rolecall/store.db"
[[ -f "$default_store" ]] && e2e_pass "scan --store without a value writes ~/.local/state/rolecall/store.db" ||
  e2e_fail "scan --store without a value writes ~/.local/state/rolecall/store.db"
out=$(rc --output json diff 2>&1 || true)
assert_contains "$out" "no scan before scan 1" "diff needs two scans"

# --- Change two verdicts with the AWS CLI, as the member account's administrator -----------------
read -r key secret token < <(awsx sts assume-role --role-arn "arn:aws:iam::$account:role/OrganizationAccountAccessRole" \
  --role-session-name store --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
(
  export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" AWS_REGION="$region"
  awsx ec2 associate-iam-instance-profile --instance-id "$failing" --iam-instance-profile "Name=$good_profile" >/dev/null
  association=$(awsx ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$passing" \
    --query "IamInstanceProfileAssociations[0].AssociationId" --output text)
  awsx ec2 disassociate-iam-instance-profile --association-id "$association" >/dev/null
) && e2e_pass "associate $good_profile with $failing, disassociate $passing's" || e2e_fail "associate/disassociate"
truth_to "$E2E_DIR/after.json"

scan_stored 2
diff_status=0
rc --output json diff >"$E2E_DIR/diff.json" 2>"$E2E_DIR/diff.err" || diff_status=$?
assert_eq "$diff_status" "0" "diff of the last two scans exits 0 ($(cat "$E2E_DIR/diff.err"))"
python3 - "$E2E_DIR/diff.json" "$E2E_DIR/before.json" "$E2E_DIR/after.json" "$account" "$region" "$failing" "$passing" \
  >"$E2E_DIR/compare.out" <<'PY' && e2e_pass "rolecall diff == the truth's changes" || e2e_fail "rolecall diff == the truth's changes"
import json, sys
diff = json.load(open(sys.argv[1]))
account, region, failing, passing = sys.argv[4:8]
def truth(path):
    return {(f["resource_id"], f["check_id"]): f["status"] for f in json.load(open(path))["findings"]
            if f["account_id"] == account and f["region"] == region}
before, after = truth(sys.argv[2]), truth(sys.argv[3])
keys = set(before) | set(after)
want_new = {k for k in keys if after.get(k) == "FAIL" and before.get(k) != "FAIL"}
want_resolved = {k for k in keys if before.get(k) == "FAIL" and after.get(k) != "FAIL"}
got = lambda name: {(f["resource_id"], f["check_id"]) for f in diff[name]}
problems = []
if got("new") | got("regressed") != want_new:
    problems.append(f"new: rolecall {sorted(got('new') | got('regressed'))}, truth {sorted(want_new)}")
if got("resolved") != want_resolved:
    problems.append(f"resolved: rolecall {sorted(got('resolved'))}, truth {sorted(want_resolved)}")
if got("unjudged"):
    problems.append(f"unjudged: {sorted(got('unjudged'))}")
if (failing, "instance-has-role") not in want_resolved or (passing, "instance-has-role") not in want_new:
    problems.append("the truth should have the two instance-has-role changes")
persisting = {k for k in keys if before.get(k) == "FAIL" and after.get(k) == "FAIL"}
if got("persisting") != persisting:
    problems.append(f"persisting: rolecall {len(got('persisting'))}, truth {len(persisting)}")
print(f"{len(want_new)} new, {len(want_resolved)} resolved, {len(persisting)} persisting in the truth")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
cat "$E2E_DIR/compare.out"
table=$(rc diff 2>&1 || true)
assert_contains "$table" "resolved (" "diff prints a table by default"

# --- history and findings over the same store ----------------------------------------------------
out=$(rc --output json history)
assert_json "$out" "[s['id'] for s in doc['scans']] == [2, 1] and [t['scan'] for t in doc['trend']] == [1, 2] and all(s['complete'] for s in doc['scans']) and any(t['check_id'] == 'instance-has-role' and t['resolved'] >= 1 for t in doc['time_to_fix'])" \
  "history --output json: both scans newest first, the trend oldest first, time to fix of the resolved check"
fails=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for f in d["findings"] if f["status"] == "FAIL"))' "$E2E_DIR/scan2.json")
assert_json "$out" "doc['scans'][0]['counts']['FAIL'] == $fails" "history counts scan 2's FAILs as its report does"
out=$(rc --output json findings --open --check instance-has-role)
assert_json "$out" "'$passing' in [f['resource_id'] for f in doc] and '$failing' not in [f['resource_id'] for f in doc] and all(f['state'] == 'open' for f in doc)" \
  "findings --open: the disassociated instance is open, the fixed one is not"
out=$(rc --output json findings --check instance-has-role --since 1d)
assert_json "$out" "any(f['resource_id'] == '$failing' and f['state'] == 'resolved' and f['resolved_at'] for f in doc)" \
  "findings --since 1d: the fixed instance is resolved with its time"
status=0
rc findings --since yesterday >/dev/null 2>"$E2E_DIR/since.err" || status=$?
assert_eq "$status" "2" "findings --since with a bad value exits 2"

# --- The same answers from the PostgreSQL store -----------------------------------------------------
same_on_both_stores "diff" diff
same_on_both_stores "diff 1 2" diff 1 2
same_on_both_stores "history" history
same_on_both_stores "findings" findings
same_on_both_stores "findings --open --check instance-has-role" findings --open --check instance-has-role

# --- Stores that cannot be used exit 2, naming them -----------------------------------------------
status=0
rc --profile "$profile" scan --regions "$region" --store "postgresql://ann:hunter2@/rolecall?host=$E2E_DIR/no-server" \
  >/dev/null 2>"$E2E_DIR/pg.err" || status=$?
assert_eq "$status" "2" "scan --store with an unreachable PostgreSQL server exits 2"
assert_contains "$(cat "$E2E_DIR/pg.err")" "postgresql://ann@/rolecall?host=$E2E_DIR/no-server" "the error names the URL"
assert_eq "$(grep -c hunter2 "$E2E_DIR/pg.err" || true)" "0" "the error does not show the password"
echo "not a database, but precious" >"$E2E_DIR/notes.txt"
status=0
rc history --store "sqlite://$E2E_DIR/notes.txt" >/dev/null 2>"$E2E_DIR/notes.err" || status=$?
assert_eq "$status" "2" "history --store on a text file exits 2"
assert_contains "$(cat "$E2E_DIR/notes.err")" "$E2E_DIR/notes.txt" "the error names the file"
assert_eq "$(cat "$E2E_DIR/notes.txt")" "not a database, but precious" "the file is left as it was"

e2e_finish
