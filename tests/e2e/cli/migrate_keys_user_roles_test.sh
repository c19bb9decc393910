#!/usr/bin/env bash
# Key migration without a target (issue 12 section 3.1, docs/remediation.md "Key migration"):
# `plan --migrate-keys` naming no --instance-profile/--role/--mapping plans for each key owner U a
# role `rolecall-<U>` trusting EC2 only with exactly U's policies (attached ARNs and inline
# documents, read by GetAccountAuthorizationDetails), shared by U's instances; an admin-level U is
# blocked for the operator to name a target; a role trusting U and a bucket policy naming U (the
# AWS CLI's put-bucket-policy, read back by ListBuckets and GetBucketPolicy) are listed as not
# carried. Apply creates the roles (journaled, tagged with the
# run) and their profiles and moves the instances onto them; cut by kill -9 mid-way, apply --resume
# makes no call twice; rollback puts every instance back and deletes exactly what the run created;
# a role of that name the run did not make is neither adopted nor changed. With --least-privilege
# the owner's role grants only the actions its key was seen calling, and the workload's calls
# through that role still succeed while one its user could make but never did is denied.
# Usage: migrate_keys_user_roles_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
# Calls are recorded (CreateRole is counted, a key's calls are its evidence) and slowed, so that
# apply can be cut mid-way; the metadata service lets the test be the workload on an instance.
E2E_EMULATOR_ARGS="--record-calls on --latency-ms 15 --imds on"
e2e_start "$1" "accounts=2,regions=1,instances=60,seed=1"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
# The key owner legacy-deploy of the member account also gets managed policies (S3 and EC2 read on
# everything) and a group (with a managed and an inline policy of its own): its role must carry all
# of them, its least-privilege role only what its key did.
python3 - "$E2E_STATE" "$E2E_DIR/estate.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
account = state["accounts"][1]
user = next(u for u in account["users"] if u["name"] == "legacy-deploy")
user["attached_policy_arns"] = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                                "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"]
# A permissions boundary (wide enough to leave the workload's calls alone): its role must carry it.
account.setdefault("managed_policies", []).append({"name": "deploy-boundary", "path": "/", "document": {
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})
user["permissions_boundary"] = f"arn:aws:iam::{account['id']}:policy/deploy-boundary"
user["groups"] = ["deployers"]
account.setdefault("groups", []).append({"name": "deployers", "path": "/",
    "attached_policy_arns": ["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"],
    "inline_policies": [{"name": "queue", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}}]})
json.dump(state, open(sys.argv[2], "w"))
PY
python3 - "$E2E_ENDPOINT/_emulator/load" "$E2E_TOKEN" "$E2E_DIR/estate.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=open(sys.argv[3], "rb").read(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=30).read()
PY
e2e_refresh_state
docs="$(cd "$(dirname "$0")/../../.." && pwd)/docs"
# The test works in the member account: planned as its administrator, applied and rolled back as a
# role holding exactly docs/permissions/remediate.json (what it grants is what apply and rollback
# need) and the key calls of retire-keys.json.
management=$(e2e_estate 'state["accounts"][0]["id"]')
account=$(e2e_estate 'state["accounts"][1]["id"]')
printf '[profile admin]\nrole_arn = arn:aws:iam::%s:role/OrganizationAccountAccessRole\nsource_profile = default\n' \
  "$account" >>"$E2E_DIR/config"
read -r admin_key admin_secret admin_token < <(awsx sts assume-role --role-arn \
  "arn:aws:iam::$account:role/OrganizationAccountAccessRole" --role-session-name user-roles-test \
  --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
admin_aws() { AWS_ACCESS_KEY_ID="$admin_key" AWS_SECRET_ACCESS_KEY="$admin_secret" AWS_SESSION_TOKEN="$admin_token" awsx "$@"; }
trust="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$management:root\"},\"Action\":\"sts:AssumeRole\"}]}"
admin_aws iam create-role --role-name remediator --assume-role-policy-document "$trust" >/dev/null
admin_aws iam put-role-policy --role-name remediator --policy-name rolecall \
  --policy-document "file://$docs/permissions/remediate.json" >/dev/null
# The key calls as documented: retire-keys.json scopes them to user ARNs, which preflight simulates.
admin_aws iam put-role-policy --role-name remediator --policy-name retire-keys \
  --policy-document "file://$docs/permissions/retire-keys.json" >/dev/null
printf '[profile remediator]\nrole_arn = arn:aws:iam::%s:role/remediator\nsource_profile = default\n' "$account" >>"$E2E_DIR/config"
# A role the key owner assumes with its key: the new role is another principal, so the plan names it.
admin_aws iam create-role --role-name release --assume-role-policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$account:user/legacy-deploy\"},\"Action\":\"sts:AssumeRole\"}]}" >/dev/null
# A bucket whose policy names the key owner (ListBuckets and GetBucketPolicy against the emulator):
# the new role is not named there either.
admin_aws s3 mb s3://legacy-artifacts >/dev/null
admin_aws s3api put-bucket-policy --bucket legacy-artifacts --policy \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$account:user/legacy-deploy\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::legacy-artifacts/*\"}]}"

status=0
rc --profile admin plan --migrate-keys --out "$E2E_DIR/plan.json" >"$E2E_DIR/plan.txt" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" 0 "plan --migrate-keys without a target: exit 0 $(grep -m1 error: "$E2E_DIR/plan.err")"
e2e_refresh_state
result=$(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
users = {(a["id"], u["name"]): u for a in state["accounts"] for u in a.get("users", [])}
groups = {(a["id"], g["name"]): g for a in state["accounts"] for g in a.get("groups", [])}
def expected(account, u):  # (managed ARNs, [(role policy name, document)]) of user u and its groups
    managed = set(u.get("attached_policy_arns", []))
    inline = [("user." + p["name"], json.dumps(p["document"], sort_keys=True)) for p in u.get("inline_policies", [])]
    for g in u.get("groups", []):
        group = groups[(account, g)]
        managed |= set(group.get("attached_policy_arns", []))
        inline += [(f"group.{g}.{p['name']}", json.dumps(p["document"], sort_keys=True)) for p in group.get("inline_policies", [])]
    return sorted(managed), sorted(inline)
roles = {(r["account_id"], r["role_name"]): r for r in plan.get("create_roles", [])}
out = []
for r in roles.values():
    u = users.get((r["account_id"], r["user"]))
    if u is None: out.append(f"{r['role_name']}: user {r['user']} not in the estate"); continue
    if r["role_name"] != "rolecall-" + r["user"]: out.append(f"{r['role_name']}: not rolecall-{r['user']}")
    managed, want = expected(r["account_id"], u)
    if sorted(r["managed_policy_arns"]) != managed:
        out.append(f"{r['role_name']}: managed {r['managed_policy_arns']} != {managed}")
    got = sorted((p["name"], json.dumps(json.loads(p["document"]), sort_keys=True)) for p in r["inline_policies"])
    if want != got: out.append(f"{r['role_name']}: inline {got} != {want}")
    if len(managed) < 2 or len(want) < 2: out.append(f"{r['role_name']}: expected the user's and its group's policies")
    if r.get("permissions_boundary_arn", "") != u.get("permissions_boundary", ""):
        out.append(f"{r['role_name']}: boundary {r.get('permissions_boundary_arn')} != the user's {u.get('permissions_boundary')}")
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
assert_contains "$(cat "$E2E_DIR/plan.txt")" "permissions boundary arn:aws:iam::$account:policy/deploy-boundary (the user's)" \
  "and the boundary a role carries from its user"
assert_contains "$(cat "$E2E_DIR/plan.txt")" \
  "! named as user legacy-deploy in the policies of arn:aws:iam::$account:role/release, arn:aws:s3:::legacy-artifacts: not carried; add role rolecall-legacy-deploy" \
  "and the role trusting the user, which the new role cannot assume until its trust names it, and the bucket policy naming it"

# docs/permissions/migrate-keys.json: a planner holding plan.json, scan.json and migrate-keys.json
# lists the same bucket; without either action of migrate-keys.json it warns and lists none.
planner() {  # planner [ACTION]: the role planner holds those three policies, less ACTION
  python3 - "$E2E_DIR/planner.json" "${1:-}" "$docs/permissions/plan.json" "$docs/permissions/scan.json" \
    "$docs/permissions/migrate-keys.json" <<'PY'
import json, sys
statements = []
for path in sys.argv[3:]:
    for s in json.load(open(path))["Statement"]:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        s["Action"] = [a for a in actions if a != sys.argv[2]] or ["none:None"]
        statements.append(s)
json.dump({"Version": "2012-10-17", "Statement": statements}, open(sys.argv[1], "w"))
PY
  admin_aws iam put-role-policy --role-name planner --policy-name rolecall \
    --policy-document "file://$E2E_DIR/planner.json" >/dev/null
}
named_buckets() {  # the buckets the plan lists as naming legacy-deploy
  python3 -c 'import json, sys
print(" ".join(a for r in json.load(open(sys.argv[1])).get("create_roles", []) if r["user"] == "legacy-deploy"
               for a in r.get("resources_naming_user", []) if ":s3:::" in a))' "$1" 2>/dev/null
}
admin_aws iam create-role --role-name planner --assume-role-policy-document "$trust" >/dev/null
printf '[profile planner]\nrole_arn = arn:aws:iam::%s:role/planner\nsource_profile = default\n' "$account" >>"$E2E_DIR/config"
planner
rc --profile planner plan --migrate-keys --no-pass-role-check --out "$E2E_DIR/planner-plan.json" \
  >"$E2E_DIR/planner.out" 2>&1 || true
assert_eq "$(named_buckets "$E2E_DIR/planner-plan.json")" "arn:aws:s3:::legacy-artifacts" \
  "a planner holding plan.json, scan.json and migrate-keys.json lists the bucket naming the user"
for action in s3:ListAllMyBuckets s3:GetBucketPolicy; do
  planner "$action"
  rc --profile planner plan --migrate-keys --no-pass-role-check --out "$E2E_DIR/planner-plan.json" \
    >"$E2E_DIR/planner.out" 2>&1 || true
  assert_eq "$(named_buckets "$E2E_DIR/planner-plan.json")" "" "migrate-keys.json needs $action (without it no bucket is listed)"
  assert_contains "$(cat "$E2E_DIR/planner.out")" "could not all be read" "and the plan says why, without $action"
done
assert_eq "$(python3 -c 'import json, sys; print(sorted(a for s in json.load(open(sys.argv[1]))["Statement"] for a in s["Action"]))' \
  "$docs/permissions/migrate-keys.json")" "['s3:GetBucketPolicy', 's3:ListAllMyBuckets']" "migrate-keys.json holds those two actions"

snapshot() {  # the instances' profiles, the roles (name, policies) and the profiles (name, roles), sorted
  e2e_refresh_state
  e2e_estate '[sorted((i["id"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"]),
    sorted((r["name"], sorted(r["attached_policy_arns"]), sorted(p["name"] for p in r["inline_policies"])) for a in state["accounts"] for r in a["roles"]),
    sorted((p["name"], sorted(p["roles"])) for a in state["accounts"] for p in a["instance_profiles"])]'
}
calls_of() {  # calls_of EVENT_NAME: how many calls of it the emulator recorded
  e2e_refresh_state
  e2e_estate "sum(1 for a in state['accounts'] for e in a.get('cloudtrail_events', []) if e['event_name'] == '$1')"
}
# A role of another name made before the run: rollback must leave it.
admin_aws iam create-role --role-name preexisting-app --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
before=$(snapshot)
calls_before=$(calls_of CreateRole)
profile_calls_before=$(calls_of CreateInstanceProfile)
replace_calls_before=$(calls_of ReplaceIamInstanceProfileAssociation)

# --- apply, cut by kill -9 once the roles are being made, then --resume -------------------------------
# The watcher starts apply itself (no start-up race) and kills it with SIGKILL as soon as the
# journal shows a role's policy step: the roles are half made, the instances not yet moved.
cut=$(python3 - "$ROLECALL_JOURNAL" "$rolecall" "$E2E_ENDPOINT" "$E2E_DIR/plan.json" <<'PY'
import signal, sqlite3, subprocess, sys, time
path, binary, endpoint, plan = sys.argv[1:5]
proc = subprocess.Popen([binary, "--endpoint-url", endpoint, "--quiet", "--no-color", "--profile", "remediator",
                         "apply", plan, "--yes"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
result = "finished before the cut"
while proc.poll() is None:
    try:
        db = sqlite3.connect(path, timeout=1)
        n = db.execute("SELECT count(*) FROM steps WHERE operation IN ('put-role-policy', 'attach-role-policy')").fetchone()[0]
        db.close()
        if n > 0:
            proc.send_signal(signal.SIGKILL); result = "cut"; break
    except sqlite3.Error:
        pass  # the journal is not there yet
    time.sleep(0.002)
proc.wait()
print(result)
PY
)
assert_eq "$cut" "cut" "apply is killed (-9) while it creates the roles"
run_id=$(rc runs | awk 'NR == 2 {print $1}')
status=0
rc --profile remediator apply --resume "$run_id" --yes >"$E2E_DIR/resume.out" 2>"$E2E_DIR/resume.err" || status=$?
assert_eq "$status" 0 "apply --resume finishes the run $(grep -m1 error: "$E2E_DIR/resume.err")"
roles_planned=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["create_roles"]))' "$E2E_DIR/plan.json")
assert_eq "$(( $(calls_of CreateRole) - calls_before ))" "$roles_planned" "each role is created once: resume makes no CreateRole twice"
assert_eq "$(( $(calls_of CreateInstanceProfile) - profile_calls_before ))" "$roles_planned" "each profile is created once"
moving_planned=$(python3 -c 'import json,sys; print(sum(a["action"] == "replace" for a in json.load(open(sys.argv[1]))["actions"]))' "$E2E_DIR/plan.json")
assert_eq "$(( $(calls_of ReplaceIamInstanceProfileAssociation) - replace_calls_before ))" "$moving_planned" "each instance is moved once"

e2e_refresh_state
result=$(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
acct = {a["id"]: a for a in state["accounts"]}
now = {i["id"]: i.get("instance_profile") or "" for a in state["accounts"] for i in a["instances"]}
out = []
for r in plan["create_roles"]:
    a = acct[r["account_id"]]
    role = next((x for x in a["roles"] if x["name"] == r["role_name"]), None)
    user = next(u for u in a["users"] if u["name"] == r["user"])
    groups = {g["name"]: g for g in a.get("groups", [])}
    if role is None: out.append(f"{r['role_name']} not created"); continue
    trust = role["trust_policy"] if isinstance(role["trust_policy"], dict) else json.loads(role["trust_policy"])
    principals = [s.get("Principal") for s in trust["Statement"]]
    if principals != [{"Service": "ec2.amazonaws.com"}]: out.append(f"{r['role_name']} trusts {principals}")
    managed = set(user["attached_policy_arns"])
    want = [("user." + p["name"], json.dumps(p["document"], sort_keys=True)) for p in user["inline_policies"]]
    for g in user.get("groups", []):
        managed |= set(groups[g]["attached_policy_arns"])
        want += [(f"group.{g}.{p['name']}", json.dumps(p["document"], sort_keys=True)) for p in groups[g]["inline_policies"]]
    if sorted(role["attached_policy_arns"]) != sorted(managed):
        out.append(f"{r['role_name']}: attached {role['attached_policy_arns']} != the user's and groups' {sorted(managed)}")
    have = sorted((p["name"], json.dumps(p["document"], sort_keys=True)) for p in role["inline_policies"])
    if have != sorted(want): out.append(f"{r['role_name']}: inline {have} != the user's and groups' {sorted(want)}")
    if role.get("permissions_boundary", "") != user.get("permissions_boundary", ""):
        out.append(f"{r['role_name']}: boundary {role.get('permissions_boundary')!r} != the user's {user.get('permissions_boundary')!r}")
    prof = next((p for p in a["instance_profiles"] if p["name"] == r["role_name"]), None)
    if prof is None or prof["roles"] != [r["role_name"]]: out.append(f"profile {r['role_name']}: {prof}")
moved = 0
for x in plan["actions"]:
    if x["action"] not in ("associate", "replace"): continue
    moved += 1
    if now[x["before"]["instance_id"]] != x["target"]["name"]:
        out.append(f"{x['before']['instance_id']} on {now[x['before']['instance_id']]!r}, planned {x['target']['name']}")
print(f"moved {moved}")
for line in out: print(line)
PY
)
assert_eq "$(grep -v '^moved' <<<"$result")" "" "every role carries exactly its user's policies, and every moved instance is on rolecall-<user> ($(head -1 <<<"$result"))"
for role in $(python3 -c 'import json,sys; print(" ".join(r["role_name"] for r in json.load(open(sys.argv[1]))["create_roles"]))' "$E2E_DIR/plan.json"); do
  tags=$(admin_aws iam get-role --role-name "$role" --query 'Role.Tags[].[Key,Value]' --output text | sort | tr '\t\n' '= ')
  assert_eq "$tags" "rolecall:created-by=rolecall rolecall:run-id=$run_id " "$role is tagged as made by run $run_id"
done
# The ground truth (the emulator's own judges): every moved instance now passes instance-has-role.
truth_fail=$(python3 - "$E2E_DIR/plan.json" "$E2E_ENDPOINT" "$E2E_TOKEN" <<'PY'
import json, sys, urllib.request
plan = json.load(open(sys.argv[1]))
req = urllib.request.Request(sys.argv[2] + "/_emulator/truth", headers={"X-Emulator-Token": sys.argv[3]})
truth = json.load(urllib.request.urlopen(req, timeout=30))
verdicts = {}
for r in truth.get("results", truth.get("findings", [])):
    if r.get("check_id") == "instance-has-role": verdicts[r.get("resource_id")] = r.get("status")
for x in plan["actions"]:
    if x["action"] in ("associate", "replace") and verdicts.get(x["before"]["instance_id"]) != "PASS":
        print(x["before"]["instance_id"], verdicts.get(x["before"]["instance_id"]))
PY
)
assert_eq "$truth_fail" "" "the emulator's ground truth judges every moved instance as having its role"

# --- rollback: everything as before, the created roles and profiles deleted, nothing else ------------
status=0
rc --profile remediator rollback "$run_id" --yes >"$E2E_DIR/rollback.out" 2>"$E2E_DIR/rollback.err" || status=$?
assert_eq "$status" 0 "rollback of the run succeeds $(grep -m1 error: "$E2E_DIR/rollback.err")"
assert_eq "$(snapshot)" "$before" "rollback restores the instances, deletes the created roles and profiles, and keeps preexisting-app"
status=0
rc --profile remediator rollback "$run_id" --yes >"$E2E_DIR/rollback2.out" 2>&1 || status=$?
assert_eq "$(snapshot)" "$before" "a second rollback changes nothing (roles already gone are not-found)"

# --- --least-privilege: legacy-deploy (S3, EC2 and DynamoDB read, an SQS send) gets only what its key
# did (management events, S3's bucket-level calls among them; S3 object calls are data events, which
# LookupEvents does not return) -----
e2e_refresh_state
# The key of legacy-deploy its instances hold or use (the plan's keys to retire name it, redacted).
read -r lp_key lp_secret < <(python3 - "$E2E_DIR/plan.json" "$E2E_STATE" "$account" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
held = {k["key_id_redacted"] for k in plan["retire_keys"] if k["user"] == "legacy-deploy" and k["account_id"] == sys.argv[3]}
a = next(a for a in state["accounts"] if a["id"] == sys.argv[3])
u = next(u for u in a["users"] if u["name"] == "legacy-deploy")
k = next(k for k in u["access_keys"] if k["status"] == "Active" and f"{k['id'][:4]}…{k['id'][-4:]}" in held)
print(k["id"], k["secret"])
PY
)
as_key() { AWS_ACCESS_KEY_ID="$lp_key" AWS_SECRET_ACCESS_KEY="$lp_secret" AWS_SESSION_TOKEN= awsx "$@"; }
as_key ec2 describe-instances --max-items 1 >/dev/null
as_key ec2 describe-vpcs >/dev/null
as_key s3 ls >/dev/null  # ListBuckets: a bucket-level call, a management event (IAM: s3:ListAllMyBuckets)
as_key sts get-caller-identity >/dev/null
status=0
rc --profile admin plan --migrate-keys --least-privilege --out "$E2E_DIR/lp.json" >"$E2E_DIR/lp.txt" 2>"$E2E_DIR/lp.err" || status=$?
assert_eq "$status" 0 "plan --migrate-keys --least-privilege: exit 0 $(grep -m1 error: "$E2E_DIR/lp.err")"
e2e_refresh_state
lp_check=$(python3 - "$E2E_DIR/lp.json" "$E2E_STATE" "$account" "$lp_key" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2])); key = sys.argv[4]
a = next(a for a in state["accounts"] if a["id"] == sys.argv[3])
# The oracle: the event names the emulator recorded for the key.
names = {e["event_name"] for e in a.get("cloudtrail_events", []) if e.get("access_key_id") == key}
role = next((r for r in plan.get("create_roles", []) if r["user"] == "legacy-deploy"), None)
out = []
if role is None:
    blocked = [x["reason"] for x in plan["actions"] if x["action"] == "blocked" and "legacy-deploy" in x["reason"]]
    print(f"no least-privilege role for legacy-deploy: {blocked[:1]}"); sys.exit()
if not role.get("least_privilege"): out.append("not marked least_privilege")
if role["managed_policy_arns"]: out.append(f"managed policies attached: {role['managed_policy_arns']}")
granted, missing = set(role["actions_granted"]), set(role["actions_not_granted"])
for want in ("ec2:DescribeInstances", "ec2:DescribeVpcs", "s3:ListAllMyBuckets"):
    if want not in granted: out.append(f"{want} (called with the key) not granted: {sorted(granted)}")
if "sts:GetCallerIdentity" not in missing: out.append(f"sts:GetCallerIdentity (no policy allows it) not listed as not granted: {sorted(missing)}")
# S3 events named otherwise than the action IAM authorizes them with.
s3_action = {"HeadObject": "GetObject", "ListObjectsV2": "ListBucket", "ListBuckets": "ListAllMyBuckets"}
called = {s3_action.get(n, n) for n in names}
for g in granted:
    if g.split(":", 1)[1] not in called: out.append(f"{g} granted but the key never called it ({sorted(names)})")
doc = json.loads(role["inline_policies"][0]["document"])
for s in doc["Statement"]:
    if s["Effect"] == "Allow" and any("*" in x for x in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])):
        out.append(f"a wildcard action is granted: {s}")
print(f"granted {len(granted)}")
for line in out: print(line)
PY
)
assert_eq "$(grep -v '^granted' <<<"$lp_check")" "" "the least-privilege role grants the actions the key called, only those ($lp_check)"
assert_contains "$(cat "$E2E_DIR/lp.txt")" "seen but not granted" "the text plan shows what was seen but not granted"
status=0
rc --profile remediator apply "$E2E_DIR/lp.json" --yes >"$E2E_DIR/lp-apply.out" 2>"$E2E_DIR/lp-apply.err" || status=$?
assert_eq "$status" 0 "apply of the least-privilege plan $(grep -m1 error: "$E2E_DIR/lp-apply.err")"
lp_run=$(rc runs | awk 'NR == 2 {print $1}')
e2e_refresh_state
workload=$(python3 - "$E2E_DIR/lp.json" "$E2E_STATE" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1])); state = json.load(open(sys.argv[2]))
run = {i["id"]: (i["region"], i["state"], i.get("instance_profile") or "") for a in state["accounts"] for i in a["instances"]}
for x in plan["actions"]:
    i = x["before"]["instance_id"]
    if x["action"] in ("associate", "replace") and x["target"]["name"] == "rolecall-legacy-deploy" and run[i][1] == "running":
        print(i, run[i][0]); break
PY
)
read -r lp_instance lp_region <<<"$workload"
assert_ne "${lp_instance:-}" "" "an instance of legacy-deploy's runs on its least-privilege role"
as_workload() {
  env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE -u AWS_EC2_METADATA_DISABLED \
    AWS_EC2_METADATA_SERVICE_ENDPOINT="$E2E_ENDPOINT/_imds/$lp_instance/" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_CONFIG_FILE=/dev/null "$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" --region "$lp_region" "$@"
}
assert_eq "$(as_workload ec2 describe-instances --instance-ids "$lp_instance" --query 'Reservations[0].Instances[0].InstanceId' --output text 2>&1)" \
  "$lp_instance" "the workload's calls through its role succeed: ec2:DescribeInstances (seen)"
assert_ne "$(as_workload ec2 describe-vpcs --query 'length(Vpcs)' --output text 2>&1 | grep -c '^[0-9]')" "0" \
  "and ec2:DescribeVpcs (seen)"
denied=$(as_workload ec2 describe-subnets 2>&1 || true)
assert_contains "$denied" "UnauthorizedOperation" \
  "a call its user may make (ec2:Describe*) but its key never did (ec2:DescribeSubnets) is denied to the role"
status=0
rc --profile admin plan --migrate-keys --least-privilege --role preexisting-app --out "$E2E_DIR/named.json" \
  >/dev/null 2>"$E2E_DIR/named.err" || status=$?
assert_ne "$status" 0 "--least-privilege with a named role is a usage error"
assert_contains "$(cat "$E2E_DIR/named.err")" "it has none to shape with --instance-profile or --role" "and says why"
status=0
rc --profile remediator rollback "$lp_run" --yes >"$E2E_DIR/lp-rollback.out" 2>"$E2E_DIR/lp-rollback.err" || status=$?
assert_eq "$status" 0 "rollback of the least-privilege run $(grep -m1 error: "$E2E_DIR/lp-rollback.err")"

# --- a role of that name someone else made is neither adopted nor changed (--refresh: the rollback
# gave the instances new association ids) ---------------------------------------------------------
for role in $(python3 -c 'import json,sys; print(" ".join(r["role_name"] for r in json.load(open(sys.argv[1]))["create_roles"]))' "$E2E_DIR/plan.json"); do
  admin_aws iam create-role --role-name "$role" --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
done
foreign=$(snapshot)
status=0
rc --profile remediator apply "$E2E_DIR/plan.json" --yes --refresh >"$E2E_DIR/foreign.out" 2>"$E2E_DIR/foreign.err" || status=$?
assert_eq "$(snapshot)" "$foreign" "apply with a role of that name it did not make changes nothing: no policy put on it, no instance moved"
foreign_run=$(rc runs | awk 'NR == 2 {print $1}')
assert_contains "$(cat "$E2E_DIR/foreign.out" "$E2E_DIR/foreign.err"; rc runs "$foreign_run" 2>&1)" "not made by this run" \
  "and says why the instances were not applied"
assert_eq "$status" 4 "and exits 4: the plan was not carried out whole (instances left alone: role-in-the-way)"
e2e_finish
