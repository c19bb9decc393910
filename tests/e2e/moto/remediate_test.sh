#!/usr/bin/env bash
# rolecall's implementation and backout plans against moto, where moto implements the calls:
# `rolecall plan --role R --create-profile` (CreateInstanceProfile, AddRoleToInstanceProfile), `apply`
# (AssociateIamInstanceProfile, ReplaceIamInstanceProfileAssociation) and `rollback`
# (DisassociateIamInstanceProfile), each verified by Debian's AWS CLI v2 and a re-scan.
# moto deviation: ReplaceIamInstanceProfileAssociation updates the association but not the
# instance's IamInstanceProfile, so rolecall must report that replace as not verified (never as done).
# Usage: remediate_test.sh MOTO_VENV_DIR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/estate.sh"
rolecall="$2"
[[ -x "$rolecall" ]] || { echo "FAIL: rolecall binary '$rolecall' is not executable"; exit 1; }
moto_start "$1"
: >"$E2E_DIR/instances.tsv"
regions=us-east-1,us-west-2
new_profile=$(estate_profile_arn new-role)
admin_profile=$(estate_profile_arn admin-profile)

remediate_iam() {
  awsq iam create-role --role-name new-role --assume-role-policy-document "$ESTATE_EC2_TRUST" >/dev/null
  awsq iam create-role --role-name admin-role --assume-role-policy-document "$ESTATE_EC2_TRUST" >/dev/null
  awsq iam attach-role-policy --role-name admin-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
  awsq iam create-instance-profile --instance-profile-name admin-profile >/dev/null
  awsq iam add-role-to-instance-profile --instance-profile-name admin-profile --role-name admin-role
  launch admin us-east-1 1 admin-profile --metadata-options HttpTokens=required
}
remediate_iam &
pid=$!
launch bare us-east-1 3 - --metadata-options HttpTokens=required
launch bare us-west-2 1 - --metadata-options HttpTokens=required
wait "$pid" || exit 1
bare_east=$(awk -F'\t' '$1 == "bare" && $2 == "us-east-1" { print $3 }' "$E2E_DIR/instances.tsv" | paste -sd' ')
bare_west=$(awk -F'\t' '$1 == "bare" && $2 == "us-west-2" { print $3 }' "$E2E_DIR/instances.tsv")
admin=$(awk -F'\t' '$1 == "admin" { print $3 }' "$E2E_DIR/instances.tsv")

rc() { "$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color --quiet "$@"; }

# py EXPRESSION FILE [ARGS...]: evaluates a python expression over the JSON document `doc` in FILE
# (ARGS are sys.argv[3:]).
py() { "$MOTO_PY" -c 'import json, sys; doc = json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$@"; }

# profiles_of REGION IDS...: "id=arn" per instance (arn "None" without a profile), sorted.
profiles_of() {
  local region="$1"
  shift
  awsq ec2 describe-instances --region "$region" --instance-ids "$@" \
    --query "Reservations[].Instances[].[InstanceId, IamInstanceProfile.Arn]" --output text |
    awk '{ print $1 "=" $2 }' | sort | paste -sd' '
}
expect_profiles() {  # expect_profiles ARN IDS...
  local arn="$1"
  shift
  local id out=""
  for id in "$@"; do out+="$id=$arn "; done
  echo "$out" | tr ' ' '\n' | sed '/^$/d' | sort | paste -sd' '
}

# --- Plan ----------------------------------------------------------------------------------------
status=0
rc plan --role new-role --create-profile --regions "$regions" --out "$E2E_DIR/plan.json" \
  >"$E2E_DIR/plan.out" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" "0" "plan exits 0"
assert_eq "$(py '[(p["profile_name"], p["role_name"]) for p in doc["create_profiles"]]' "$E2E_DIR/plan.json")" \
  "[('new-role', 'new-role')]" "plan creates instance profile new-role holding role new-role"
assert_eq "$(py 'sorted((a["before"]["instance_id"], a["action"], a["target"]["arn"]) for a in doc["actions"])' "$E2E_DIR/plan.json")" \
  "$("$MOTO_PY" -c 'import sys; print(sorted([(i, "associate", sys.argv[3]) for i in sys.argv[1].split()] + [(sys.argv[2], "replace", sys.argv[3])]))' \
     "$bare_east $bare_west" "$admin" "$new_profile")" \
  "plan: associate the four bare instances, replace the admin profile"

# --- Apply ---------------------------------------------------------------------------------------
status=0
rc apply "$E2E_DIR/plan.json" --yes --journal "$E2E_DIR/journal.db" >"$E2E_DIR/apply.out" 2>"$E2E_DIR/apply.err" || status=$?
run=$(sed -n 's/^run id: //p' "$E2E_DIR/apply.out" | head -1)
assert_eq "$status" "1" "apply exits 1: moto's replace cannot verify"
rc --output json runs --journal "$E2E_DIR/journal.db" "$run" >"$E2E_DIR/run.json"
assert_eq "$(py 'sorted((i["instance_id"], i["operation"], i["status"]) for i in doc["instances"] if i["operation"] in ("associate", "replace", "add-role"))' "$E2E_DIR/run.json")" \
  "$("$MOTO_PY" -c 'import sys; print(sorted([(i, "associate", "verified") for i in sys.argv[1].split()] + [(sys.argv[2], "replace", "failed"), ("new-role", "add-role", "done")]))' "$bare_east $bare_west" "$admin")" \
  "apply: four associations verified, the profile created, moto's replace failed"
assert_eq "$(py '[i["error"] for i in doc["instances"] if i["operation"] == "replace"][0].count("instance reports " + repr(sys.argv[3]))' "$E2E_DIR/run.json" "$admin_profile")" "1" \
  "apply: the failed replace says the instance still reports the admin profile"
assert_eq "$(awsq iam get-instance-profile --instance-profile-name new-role --query 'InstanceProfile.Roles[].RoleName' --output text)" \
  "new-role" "aws iam get-instance-profile: new-role holds role new-role"
# shellcheck disable=SC2086
assert_eq "$(profiles_of us-east-1 $bare_east)" "$(expect_profiles "$new_profile" $bare_east)" "aws ec2 describe-instances: us-east-1 instances hold new-role"
assert_eq "$(profiles_of us-west-2 "$bare_west")" "$(expect_profiles "$new_profile" "$bare_west")" "aws ec2 describe-instances: us-west-2 instance holds new-role"

# scan_statuses: "id:check:status" for every bare instance's instance-has-role and profile-has-role.
scan_statuses() {
  local out="$E2E_DIR/rescan.json"
  rc --output json scan --checks instance-has-role,profile-has-role --regions "$regions" >"$out" 2>/dev/null || true
  "$MOTO_PY" -c 'import json, sys
ids = set(sys.argv[2].split())
print(" ".join(sorted(":".join((f["resource_id"], f["check_id"], f["status"]))
                      for f in json.load(open(sys.argv[1]))["findings"] if f["resource_id"] in ids)))' "$out" "$bare_east $bare_west"
}
expected_scan() {  # expected_scan IHR_STATUS [PHR_STATUS]
  "$MOTO_PY" -c 'import sys
print(" ".join(sorted(f"{i}:{c}:{s}" for i in sys.argv[1].split() for c, s in (("instance-has-role", sys.argv[2]), ("profile-has-role", sys.argv[3])) if s)))' \
    "$bare_east $bare_west" "$1" "${2:-}"
}
assert_eq "$(scan_statuses)" "$(expected_scan PASS PASS)" "re-scan after apply: every associated instance passes"

# --- Rollback ------------------------------------------------------------------------------------
status=0
rc rollback "$run" --yes --journal "$E2E_DIR/journal.db" >"$E2E_DIR/rollback.out" 2>"$E2E_DIR/rollback.err" || status=$?
rollback_run=$(sed -n 's/^run id: //p' "$E2E_DIR/rollback.out" | head -1)
rc --output json runs --journal "$E2E_DIR/journal.db" "$rollback_run" >"$E2E_DIR/rollback.json"
assert_eq "$(py 'sorted((i["instance_id"], i["operation"], i["status"]) for i in doc["instances"] if i["operation"] == "disassociate")' "$E2E_DIR/rollback.json")" \
  "$("$MOTO_PY" -c 'import sys; print(sorted((i, "disassociate", "verified") for i in sys.argv[1].split()))' "$bare_east $bare_west")" \
  "rollback: the four associations disassociated and verified (exit $status)"
# shellcheck disable=SC2086
assert_eq "$(profiles_of us-east-1 $bare_east)" "$(expect_profiles None $bare_east)" "aws ec2 describe-instances: us-east-1 instances have no profile again"
assert_eq "$(profiles_of us-west-2 "$bare_west")" "$(expect_profiles None "$bare_west")" "aws ec2 describe-instances: us-west-2 instance has no profile again"
assert_eq "$(scan_statuses)" "$(expected_scan FAIL)" "re-scan after rollback: every instance lacks a role again"

e2e_finish
