#!/usr/bin/env bash
# The CIS spec's AWS CLI commands, verbatim, run by Debian's AWS CLI v2 against rolecall-emulator:
# the test plan (describe-instances --query ...IamInstanceProfile...), the implementation plan
# (associate-iam-instance-profile + verify) and the backout plan (disassociate, stop, start,
# reassign). Usage: spec_plans_test.sh ROLECALL_EMULATOR
source "$(dirname "$0")/lib.sh"
e2e_start "$1" "accounts=1,regions=1,instances=40,seed=13"

account=$(e2e_estate 'state["accounts"][0]["id"]')
# A running EBS instance without a profile, and one whose profile exists.
bare=$(e2e_estate '[i["id"] for i in state["accounts"][0]["instances"] if i["state"] == "running" and i["root_device_type"] == "ebs" and not i.get("instance_profile")][0]')
held=$(e2e_estate '[i["id"] for i in state["accounts"][0]["instances"] if i["state"] == "running" and i.get("instance_profile") in [p["name"] for p in state["accounts"][0]["instance_profiles"]]][0]')
held_profile=$(e2e_estate "[i['instance_profile'] for i in state['accounts'][0]['instances'] if i['id'] == '$held'][0]")
role_name=app-web   # the spec's <role-name>: an instance profile named after its role
[[ -n "$bare" && -n "$held" ]] || { echo "FAIL: the estate lacks a bare or an associated instance"; exit 1; }

# --- Test plan -----------------------------------------------------------------------------------
out=$(awsx ec2 describe-instances --instance-ids "$held" --query "Reservations[*].Instances[*].IamInstanceProfile" --output table)
assert_contains "$out" "arn:aws:iam::$account:instance-profile/$held_profile" "test plan: IamInstanceProfile table shows the ARN"
assert_contains "$out" "|  Id |  AIPA" "test plan: IamInstanceProfile table shows the profile id"
out=$(awsx ec2 describe-instances --instance-ids "$held" --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output table)
assert_contains "$out" "|  arn:aws:iam::$account:instance-profile/$held_profile  |" "test plan: the Arn table of an instance with a role"
out=$(awsx ec2 describe-instances --instance-ids "$bare" --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output table)
assert_eq "$(grep -c 'instance-profile' <<<"$out" || true)" "0" "test plan: an instance without a role shows no ARN"

# --- Implementation plan -------------------------------------------------------------------------
out=$(awsx ec2 associate-iam-instance-profile --instance-id "$bare" --iam-instance-profile Name="$role_name")
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'associating' and doc['IamInstanceProfileAssociation']['InstanceId'] == '$bare' and doc['IamInstanceProfileAssociation']['IamInstanceProfile']['Arn'] == 'arn:aws:iam::$account:instance-profile/$role_name' and doc['IamInstanceProfileAssociation']['AssociationId'].startswith('iip-assoc-')" \
  "implementation: associate-iam-instance-profile answers associating"
out=$(awsx ec2 describe-instances --instance-ids "$bare" --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output table)
assert_contains "$out" "arn:aws:iam::$account:instance-profile/$role_name" "implementation: verify shows the new role"
assert_fails IncorrectState "implementation: a second associate is IncorrectState" -- \
  ec2 associate-iam-instance-profile --instance-id "$bare" --iam-instance-profile Name="$role_name"
assert_fails InvalidParameterValue "implementation: an unknown profile is InvalidParameterValue" -- \
  ec2 associate-iam-instance-profile --instance-id "$held" --iam-instance-profile Name=no-such-role

# --- Backout plan --------------------------------------------------------------------------------
# The spec writes `disassociate-iam-instance-profile --instance-id <id>`; the EC2 API (and so the
# CLI) only takes --association-id, so the verbatim command is a usage error before any request.
status=0
awsx ec2 disassociate-iam-instance-profile --instance-id "$bare" >/dev/null || status=$?
assert_eq "$status" "252" "backout: the spec's verbatim disassociate (--instance-id) is a CLI usage error"
assert_contains "$(cat "$E2E_DIR/last_stderr")" "required: --association-id" "backout: the CLI asks for --association-id"
association=$(awsx ec2 describe-iam-instance-profile-associations --filters "Name=instance-id,Values=$bare" "Name=state,Values=associated" \
  --query "IamInstanceProfileAssociations[0].AssociationId" --output text)
assert_eq "${association:0:10}" "iip-assoc-" "backout: describe-iam-instance-profile-associations finds the association"
out=$(awsx ec2 disassociate-iam-instance-profile --association-id "$association")
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'disassociating' and doc['IamInstanceProfileAssociation']['AssociationId'] == '$association'" \
  "backout: disassociate answers disassociating"
out=$(awsx ec2 describe-instances --instance-ids "$bare" --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output text)
# JMESPath projections drop nulls: no profile means an empty answer, not "None".
assert_eq "$out" "" "backout: the instance has no role afterwards"

out=$(awsx ec2 stop-instances --instance-ids "$bare")
assert_json "$out" "doc['StoppingInstances'] == [{'InstanceId': '$bare', 'CurrentState': {'Code': 64, 'Name': 'stopping'}, 'PreviousState': {'Code': 16, 'Name': 'running'}}]" \
  "backout: stop-instances answers stopping"
out=$(awsx ec2 start-instances --instance-ids "$bare")
assert_json "$out" "doc['StartingInstances'] == [{'InstanceId': '$bare', 'CurrentState': {'Code': 0, 'Name': 'pending'}, 'PreviousState': {'Code': 80, 'Name': 'stopped'}}]" \
  "backout: start-instances answers pending from stopped"
assert_fails DryRunOperation "backout: stop-instances --dry-run is DryRunOperation" -- \
  ec2 stop-instances --instance-ids "$bare" --dry-run

out=$(awsx ec2 associate-iam-instance-profile --instance-id "$bare" --iam-instance-profile Name="$role_name")
assert_json "$out" "doc['IamInstanceProfileAssociation']['State'] == 'associating'" "backout: reassign the correct role"
out=$(awsx ec2 describe-instances --instance-ids "$bare" --query "Reservations[*].Instances[*].[State.Name, IamInstanceProfile.Arn]" --output text)
assert_eq "$out" "$(printf 'running\tarn:aws:iam::%s:instance-profile/%s' "$account" "$role_name")" "backout: running again with the role"

e2e_finish
