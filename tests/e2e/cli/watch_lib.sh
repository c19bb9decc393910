#!/usr/bin/env bash
# What the rolecall watch e2e tests share (sourced after lib.sh; watch's stdout in $E2E_DIR/watch.out).

# Waits until watch has printed at least $1 lines after line $2, then a little longer for stragglers.
wait_lines() {
  for _ in $(seq 1 120); do
    (($(wc -l <"$E2E_DIR/watch.out") - $2 >= $1)) && break
    sleep 0.5
  done
  sleep 3
}
# check_change NAME BEFORE AFTER FIRST_LINE: the lines since FIRST_LINE are exactly the verdicts that changed.
check_change() {
  local diff
  diff=$(python3 "$(dirname "${BASH_SOURCE[0]}")/watch_verdicts.py" "$2" "$3" "$E2E_DIR/watch.out" "$4")
  assert_eq "$diff" "" "$1: watch printed exactly the verdicts that changed"
}

# Starts a session as the member account's administrator (OrganizationAccountAccessRole), who makes
# the AWS CLI changes; sets `member`. watch_admin_session SESSION_NAME
watch_admin_session() {
  member=$(e2e_estate "state['accounts'][1]['id']")
  read -r watch_key watch_secret watch_token < <(awsx sts assume-role \
    --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" --role-session-name "$1" \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
}
# aws against the emulator as that administrator.
admin() { AWS_ACCESS_KEY_ID="$watch_key" AWS_SECRET_ACCESS_KEY="$watch_secret" AWS_SESSION_TOKEN="$watch_token" awsx "$@"; }
# A full scan of the organization as JSON into $1: the ground truth before or after a change.
full_scan() { rc scan --org --output json >"$1" 2>/dev/null || true; }
# Waits (up to 60 s) until watch has said that it watches: its first scan is done.
wait_watching() {
  for _ in $(seq 1 120); do
    grep -q "watching" "$E2E_DIR/watch.err" && break
    sleep 0.5
  done
}
# Disassociates the profile of the member account's first running instance that has one; sets
# `region`, `instance` and `profile`.
disassociate_first_profile() {
  read -r region instance profile < <(e2e_estate "[i['region'] + ' ' + i['id'] + ' ' + i['instance_profile'] for i in state['accounts'][1]['instances'] if i.get('instance_profile') and i['state'] == 'running'][0]")
  local association
  association=$(admin ec2 describe-iam-instance-profile-associations --region "$region" \
    --filters "Name=instance-id,Values=$instance" --query 'IamInstanceProfileAssociations[0].AssociationId' --output text)
  admin ec2 disassociate-iam-instance-profile --region "$region" --association-id "$association" >/dev/null
}
# Attaches AdministratorAccess to a role that two or more of the member account's instances use; sets `role`.
attach_admin_policy() {
  role=$(e2e_estate "[p['roles'][0] for p in state['accounts'][1]['instance_profiles'] if p['roles'] and sum(1 for i in state['accounts'][1]['instances'] if i.get('instance_profile') == p['name']) >= 2][0]")
  admin iam attach-role-policy --role-name "$role" --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
}
# The first instance-has-role line since line $1 turned FAIL from PASS, triggered by the
# disassociation. assert_disassociation_line FIRST_LINE MESSAGE
assert_disassociation_line() {
  assert_json "$(sed -n "$(($1 + 1)),\$p" "$E2E_DIR/watch.out" | grep -m1 '"instance-has-role"')" \
    'doc["status"] == "FAIL" and doc["before"] == "PASS" and doc["triggers"] == ["DisassociateIamInstanceProfile"]' \
    "$2"
}
