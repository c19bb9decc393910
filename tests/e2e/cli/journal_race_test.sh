#!/usr/bin/env bash
# Two operators, one journal (issue 17): 4 `rolecall apply`s (disjoint instances) and 2 `rollback`s
# of earlier runs, all at once on ONE journal file, with `rolecall runs` reading it meanwhile. Every
# command exits 0, and the journal (`runs --output json`) and the emulator
# (DescribeIamInstanceProfileAssociations through the AWS CLI) agree on every change.
# Usage: journal_race_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=160,seed=11,compliant=0"
export ROLECALL_JOURNAL="$E2E_DIR/state/journal.db"

rc plan --instance-profile app-web --out "$E2E_DIR/plan.json" >/dev/null 2>"$E2E_DIR/plan.err" ||
  { echo "FAIL: rolecall plan: $(cat "$E2E_DIR/plan.err")"; exit 1; }
# Six disjoint plans: 'early1' and 'early2' are applied first and rolled back during the race (their
# instances had no profile or one that still exists, so a rollback restores every one of them);
# 'race1'..'race4' are applied during the race.
python3 - "$E2E_DIR/plan.json" "$E2E_STATE" "$E2E_DIR" <<'EOF' || { echo "FAIL: splitting the plan"; exit 1; }
import collections, json, sys
plan = json.load(open(sys.argv[1]))
state = json.load(open(sys.argv[2]))
profiles = {p["name"] for a in state["accounts"] for p in a.get("instance_profiles", [])}
changes = [a for a in plan["actions"] if a["action"] in ("associate", "replace")]
restorable = [a for a in changes
              if not a["before"].get("profile_arn") or a["before"]["profile_arn"].split("/")[-1] in profiles]
early = restorable[:12]
rest = [a for a in changes if a not in early]
groups = {"early1": early[:6], "early2": early[6:]}
for n in range(4):
    groups[f"race{n + 1}"] = rest[n::4]
for name, actions in groups.items():
    assert len(actions) >= 5, (name, len(actions))
    p = dict(plan, actions=actions)
    p.pop("digest", None)  # a plan split by hand is not what `plan` wrote: applied with --allow-unsigned-plan
    p["summary"] = dict(collections.Counter(a["action"] for a in actions), blocked=0, skip=0)
    p["summary"].setdefault("associate", 0)
    p["summary"].setdefault("replace", 0)
    json.dump(p, open(f"{sys.argv[3]}/{name}.json", "w"))
EOF

run_id_of() { sed -n 's/^run id: //p' "$1" | head -1; }
for name in early1 early2; do
  rc apply "$E2E_DIR/$name.json" --allow-unsigned-plan --yes >"$E2E_DIR/$name.out" 2>&1 ||
    { echo "FAIL: apply $name: $(cat "$E2E_DIR/$name.out")"; exit 1; }
done
early1=$("$rolecall" runs --output json | python3 -c 'import json,sys; print([r["run_id"] for r in json.load(sys.stdin) if r["plan_source"].endswith("early1.json")][0])')
early2=$("$rolecall" runs --output json | python3 -c 'import json,sys; print([r["run_id"] for r in json.load(sys.stdin) if r["plan_source"].endswith("early2.json")][0])')

# --- The race: 4 applies, 2 rollbacks and a reader, started together --------------------------------
pids=() names=()
for name in race1 race2 race3 race4; do
  rc apply "$E2E_DIR/$name.json" --allow-unsigned-plan --yes >"$E2E_DIR/$name.out" 2>&1 &
  pids+=($!) names+=("apply $name")
done
rc rollback "$early1" --allow-failing-targets --yes >"$E2E_DIR/back1.out" 2>&1 &
pids+=($!) names+=("rollback $early1")
rc rollback "$early2" --allow-failing-targets --yes >"$E2E_DIR/back2.out" 2>&1 &
pids+=($!) names+=("rollback $early2")
( for _ in $(seq 20); do "$rolecall" runs --output json >/dev/null || exit 1; done ) 2>"$E2E_DIR/reader.err" &
pids+=($!) names+=("runs (reading meanwhile)")
for k in "${!pids[@]}"; do
  status=0
  wait "${pids[$k]}" || status=$?
  assert_eq "$status" "0" "${names[$k]} exits 0 beside the others on one journal"
done
for f in race1 race2 race3 race4 back1 back2; do
  if grep -q "database is locked\|already exists\|not a rolecall journal" "$E2E_DIR/$f.out"; then
    e2e_fail "$f: a journal error: $(grep -m1 "database is locked\|already exists\|not a rolecall journal" "$E2E_DIR/$f.out")"
  fi
done

# --- Journal and emulator agree on every change -----------------------------------------------------
"$rolecall" runs --output json >"$E2E_DIR/runs.json"
assert_json "$(cat "$E2E_DIR/runs.json")" "len(doc) == 8 and all(r['status'] == 'completed' for r in doc) and sorted(r['kind'] for r in doc) == ['apply'] * 6 + ['rollback'] * 2" \
  "the journal lists 6 applies and 2 rollbacks, every one completed"
for id in $(python3 -c 'import json,sys; print(" ".join(r["run_id"] for r in json.load(open(sys.argv[1]))))' "$E2E_DIR/runs.json"); do
  "$rolecall" runs "$id" --output json >"$E2E_DIR/run-$id.json"
done
awsx ec2 describe-iam-instance-profile-associations --output json >"$E2E_DIR/associations.json"
python3 - "$E2E_DIR" "$E2E_DIR/runs.json" "$E2E_DIR/associations.json" >"$E2E_DIR/compare.out" <<'EOF' &&
import json, sys
work = sys.argv[1]
runs = json.load(open(sys.argv[2]))
live = {}
for a in json.load(open(sys.argv[3]))["IamInstanceProfileAssociations"]:
    if a["State"] in ("associated", "associating"):
        live[a["InstanceId"]] = (a["IamInstanceProfile"]["Arn"], a["AssociationId"])
rolled_back = {r["parent_run_id"] for r in runs if r["kind"] == "rollback"}
problems, checked = [], 0
for r in runs:
    if r["run_id"] in rolled_back:
        continue  # its instances are the rollback's
    for step in json.load(open(f"{work}/run-{r['run_id']}.json"))["instances"]:
        checked += 1
        if step["status"] != "verified":
            problems.append(f"{r['run_id']} {step['instance_id']}: journal says {step['status']} {step['error']}")
            continue
        want = step["target_profile_arn"]
        have = live.get(step["instance_id"], ("", ""))
        if have[0] != want:
            problems.append(f"{r['run_id']} {step['instance_id']}: journal says {want or 'no profile'}, emulator has {have[0] or 'none'}")
        elif want and step["association_id"] != have[1]:
            problems.append(f"{r['run_id']} {step['instance_id']}: journal association {step['association_id']}, emulator {have[1]}")
print(f"{checked} changes checked")
print("\n".join(problems))
sys.exit(1 if problems or checked < 60 else 0)
EOF
  e2e_pass "journal and emulator agree on every change ($(head -1 "$E2E_DIR/compare.out"))" ||
  { e2e_fail "journal and emulator agree on every change"; cat "$E2E_DIR/compare.out"; }
e2e_finish
