#!/usr/bin/env bash
# Key migration end to end (issue 12 section 3, docs/remediation.md "Key migration"):
# `plan --migrate-keys --key-evidence` plans exactly the instances holding a live long-term key in
# their user data or seen calling AWS with one from their own address; `apply` moves them onto the
# target's role and leaves every key Active; `apply --phase deactivate` refuses before the soak and
# before the plan was applied, then sets Inactive only the keys whose instances all moved (never a
# key also used from elsewhere); `rollback` of that run sets them Active again, and rollback of the
# migration restores every instance. A key used after the migration (CloudTrail: the emulator records
# calls made with long-term keys) is kept unless --no-trail-check. Confirming the move: once each
# instance of a key calls AWS through its role (its metadata service's credentials, a role session
# named after it) and the key is unused, the deactivate phase retires that key within the soak. No
# full key id is ever written to the plan or the journal.
# Usage: migrate_keys_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
E2E_EMULATOR_ARGS="--record-calls on --trail-bucket org-trail --imds on"
e2e_start "$1" "accounts=2,regions=2,instances=80,seed=4"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
profiles() { e2e_refresh_state; e2e_estate 'sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"])'; }
# "account redacted-id status" of every key an IAM user holds, sorted.
key_states() {
  e2e_refresh_state
  e2e_estate 'sorted(a["id"] + " " + k["id"][:4] + "…" + k["id"][-4:] + " " + k["status"] for a in state["accounts"] for u in a.get("users", []) for k in u.get("access_keys", []))'
}

# --- plan: only the instances holding or using a live key of an in-scope user ----------------------
rc scan --org --key-evidence --checks user-data-no-keys,key-in-use-from-instance --output json \
  >"$E2E_DIR/scan.json" 2>/dev/null || true
status=0
rc plan --org --migrate-keys --key-evidence --instance-profile app-web --out "$E2E_DIR/plan.json" \
  >"$E2E_DIR/plan.txt" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" 0 "plan --migrate-keys: exit 0 $(grep -m1 error: "$E2E_DIR/plan.err")"
assert_contains "$(cat "$E2E_DIR/plan.txt")" "long-term keys (set Inactive later" "the diff lists the keys to retire"
result=$(python3 - "$E2E_DIR/plan.json" "$E2E_DIR/scan.json" "$E2E_TRUTH" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); scan = json.load(open(sys.argv[2]))
truth = json.load(open(sys.argv[3])); state = json.load(open(sys.argv[4]))
red = lambda k: f"{k[:4]}…{k[-4:]}"
live = {red(k["id"]) for a in state["accounts"] for u in a.get("users", []) for k in u.get("access_keys", [])}
at_rest = {f["resource_id"] for f in scan["findings"] if f["check_id"] == "user-data-no-keys" and f["status"] == "FAIL"
           and set(f["evidence"].get("key_id_redacted", "").split(", ")) & live}
used = {t["instance_id"] for t in truth["key_use"]
        if t["status"] == "FAIL" and t["confidence"] == "exact" and set(t["keys"]) & live}
planned = {a["before"]["instance_id"] for a in plan["actions"]}
assert plan["migrate_keys"] is True, "migrate_keys"
for i in sorted(planned - at_rest - used): print(f"{i}: planned but holds and uses no live key")
for i in sorted(used - planned): print(f"{i}: uses a live key from its own address but is not planned")
for i in sorted(at_rest - planned): print(f"{i}: holds a live key but is not planned")
retire = [k for k in plan["retire_keys"] if "blocked" not in k and k["status"] == "Active"]
print(f"checked planned {len(planned)} at_rest {len(at_rest)} used {len(used)} retire {len(retire)} "
      f"kept {len(plan['retire_keys']) - len(retire)}")
PY
)
assert_eq "$(grep -v '^checked' <<<"$result")" "" "the plan moves exactly the instances holding or using a live key"
read -r _ _ planned _ _ _ used _ retire _ kept <<<"$(grep '^checked' <<<"$result")"
assert_ne "${planned:-0}" 0 "some instances are planned ($result)"
assert_ne "${retire:-0}" 0 "some Active keys can be retired ($result)"
assert_ne "${kept:-0}" 0 "and some are kept, with why ($result)"
assert_json "$(cat "$E2E_DIR/plan.json")" \
  'all(k.get("blocked") or all(any(a["before"]["instance_id"] == i and a["action"] != "blocked" for a in doc["actions"]) for i in k["instances"]) for k in doc["retire_keys"])' \
  "a key to retire has every instance moved by the plan"
for id in $(e2e_estate '[k["id"] for a in state["accounts"] for u in a.get("users", []) for k in u.get("access_keys", [])]'); do
  if grep -q "$id" "$E2E_DIR/plan.json" "$E2E_DIR/plan.txt"; then e2e_fail "the plan holds a full key id"; break; fi
done

# --- the same plan from the trail's log files in S3 (no LookupEvents) ------------------------------
rc plan --org --migrate-keys --trail-logs s3://org-trail/AWSLogs --instance-profile app-web \
  --out "$E2E_DIR/plan-s3.json" >/dev/null 2>"$E2E_DIR/plan-s3.err" || true
same=$(python3 - "$E2E_DIR/plan.json" "$E2E_DIR/plan-s3.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
pick = lambda p: (sorted(x["before"]["instance_id"] for x in p["actions"]), sorted(k["key_sha256"] for k in p["retire_keys"]))
print("same" if pick(a) == pick(b) else f"differs: {pick(a)} vs {pick(b)}")
PY
)
assert_eq "$same" "same" "plan --trail-logs s3:// moves the same instances and retires the same keys $(grep -m1 error: "$E2E_DIR/plan-s3.err")"

# --- the deactivate phase refuses before the migration ran ---------------------------------------
keys_before=$(key_states)
status=0
rc apply --org "$E2E_DIR/plan.json" --phase deactivate --soak 0s --yes >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" 5 "--phase deactivate before apply: exit 5"
assert_contains "$(cat "$E2E_DIR/err")" "has not been applied" "and says the plan was not applied"

# --- migrate: instances on the role, keys untouched -----------------------------------------------
before=$(profiles)
rc apply --org "$E2E_DIR/plan.json" --yes >"$E2E_DIR/apply.txt" 2>&1
migration=$(sed -n 's/^run id: //p' "$E2E_DIR/apply.txt")
e2e_refresh_state
off=$(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
now = {i["id"]: i.get("instance_profile") or "" for a in state["accounts"] for i in a["instances"]}
for a in plan["actions"]:
    i = a["before"]["instance_id"]
    if a["action"] != "blocked" and now.get(i, "").rsplit("/", 1)[-1] != "app-web": print(f"{i}: {now.get(i)}")
PY
)
assert_eq "$off" "" "every planned instance is on the target profile"
assert_eq "$(key_states)" "$keys_before" "the migration phase changes no key"

status=0
rc apply --org "$E2E_DIR/plan.json" --phase deactivate --yes >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" 5 "--phase deactivate within the soak (default 7d): exit 5"
assert_contains "$(cat "$E2E_DIR/err")" "the soak ends at" "and says when the soak ends"
assert_eq "$(key_states)" "$keys_before" "a refused deactivate phase changes no key"

# --- confirm the move (step 3): the workloads call AWS through their role, the key is unused -------
# A retirable key whose instances all run: each calls STS with the credentials its metadata service
# hands out, as the workload on it does after the migration.
e2e_refresh_state
read -r confirm_key confirm_places < <(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
where = {i["id"]: (i["region"], i["state"]) for a in state["accounts"] for i in a["instances"]}
for k in plan["retire_keys"]:
    if "blocked" in k or k["status"] != "Active": continue
    if k["instances"] and all(where.get(i, ("", ""))[1] == "running" for i in k["instances"]):
        print(k["account_id"] + "/" + k["key_id_redacted"], " ".join(i + "@" + where[i][0] for i in k["instances"]))
        break
PY
) || true
assert_ne "${confirm_key:-}" "" "a retirable key whose instances all run"
for place in $confirm_places; do
  arn=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE -u AWS_EC2_METADATA_DISABLED \
    AWS_EC2_METADATA_SERVICE_ENDPOINT="$E2E_ENDPOINT/_imds/${place%@*}/" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_CONFIG_FILE=/dev/null "$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" --region "${place#*@}" \
    sts get-caller-identity --query Arn --output text 2>&1 || true)
  assert_eq "${arn##*/}" "${place%@*}" "the workload on ${place%@*} calls AWS as its role's session ($arn)"
done
status=0
rc apply --org "$E2E_DIR/plan.json" --phase deactivate --yes >"$E2E_DIR/confirmed.txt" 2>&1 || status=$?
assert_eq "$status" 0 "within the 7-day soak, the confirmed key is retired: exit 0 $(tail -3 "$E2E_DIR/confirmed.txt")"
confirmed_run=$(sed -n 's/^run id: //p' "$E2E_DIR/confirmed.txt")
changed=$( (diff <(echo "$keys_before") <(key_states) || true) | sed -n 's/^> //p' | tr '\n' ' ')
assert_eq "$changed" "${confirm_key/\// } Inactive " "only the confirmed key is Inactive; the others wait for the soak"
rc rollback --org "$confirmed_run" --yes >/dev/null 2>&1
assert_eq "$(key_states)" "$keys_before" "its rollback sets it Active again"

# --- a key still used after the migration is kept (CloudTrail) ------------------------------------
read -r used_account used_id used_secret < <(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
k = next(k for k in plan["retire_keys"] if "blocked" not in k and k["status"] == "Active")
for a in state["accounts"]:
    for u in a.get("users", []):
        for key in u.get("access_keys", []):
            if a["id"] == k["account_id"] and key["id"][:4] + "…" + key["id"][-4:] == k["key_id_redacted"]:
                print(a["id"], key["id"], key["secret"])
PY
)
AWS_ACCESS_KEY_ID="$used_id" AWS_SECRET_ACCESS_KEY="$used_secret" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  "$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" sts get-caller-identity >/dev/null 2>&1
status=0
rc apply --org "$E2E_DIR/plan.json" --phase deactivate --soak 0s --yes >"$E2E_DIR/used.txt" 2>&1 || status=$?
assert_eq "$status" 5 "with its only Active key still used, the deactivate phase has nothing to do: exit 5"
assert_contains "$(cat "$E2E_DIR/used.txt")" "still used: 1 call(s) with the key since the migration finished" \
  "a key used since the migration is kept, the reason the call CloudTrail recorded"
assert_eq "$(key_states)" "$keys_before" "so no Active key was deactivated"

# --- deactivate (the soak alone decides): retired keys Inactive, kept ones as they were -----------
rc apply --org "$E2E_DIR/plan.json" --phase deactivate --soak 0s --no-trail-check --yes >"$E2E_DIR/deactivate.txt" 2>&1
deactivation=$(sed -n 's/^run id: //p' "$E2E_DIR/deactivate.txt")
assert_ne "$deactivation" "" "the deactivate phase is a journaled run"
keys_after=$(key_states)
check=$(python3 - "$E2E_DIR/plan.json" <<PY
import json, sys
plan = json.load(open(sys.argv[1]))
before = {tuple(l.split()[:2]): l.split()[2] for l in """$keys_before""".splitlines()}
after = {tuple(l.split()[:2]): l.split()[2] for l in """$keys_after""".splitlines()}
retired = {(k["account_id"], k["key_id_redacted"]) for k in plan["retire_keys"] if "blocked" not in k}
for key, status in sorted(after.items()):
    want = "Inactive" if key in retired else before[key]
    if status != want: print(f"{key}: {status}, want {want}")
PY
)
assert_eq "$check" "" "exactly the retirable keys are Inactive; every other key is as it was"
journal_text=$(sqlite3 "$ROLECALL_JOURNAL" .dump 2>/dev/null || python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$ROLECALL_JOURNAL")
leak=0
for id in $(e2e_estate '[k["id"] for a in state["accounts"] for u in a.get("users", []) for k in u.get("access_keys", [])]'); do
  grep -q "$id" <<<"$journal_text" && leak=1
done
assert_eq "$leak" 0 "the journal names keys redacted only"

# --- rollback: keys Active again, then instances as before ----------------------------------------
rc rollback --org "$deactivation" --yes >"$E2E_DIR/rollback-keys.txt" 2>&1
assert_eq "$(key_states)" "$keys_before" "rollback of the deactivate run restores every key's status"

rc rollback --org "$migration" --yes >/dev/null 2>&1
assert_eq "$(profiles)" "$before" "rollback of the migration restores every instance's profile"
e2e_finish
