#!/usr/bin/env bash
# Debian's AWS CLI v2 reads the estate from rolecall-emulator exactly as the estate says: EC2
# (regions, paginated and filtered instances, associations, user data, launch templates), IAM
# (authorization details, profiles, roles with decoded policy documents), STS (identity, AssumeRole
# then the session), Organizations (JSON 1.1), and auth failures.
# Usage: reads_test.sh ROLECALL_EMULATOR
source "$(dirname "$0")/lib.sh"
e2e_start "$1" "accounts=2,regions=2,instances=40,seed=17"

A='state["accounts"][0]'
account=$(e2e_estate "$A['id']")
member=$(e2e_estate 'state["accounts"][1]["id"]')
member_profile=$(e2e_estate 'state["accounts"][1]["name"]')

# --- EC2 -----------------------------------------------------------------------------------------
out=$(awsx ec2 describe-regions --query "Regions[].RegionName" --output json)
assert_json "$out" "sorted(doc) == sorted($(e2e_estate "json.dumps($A['enabled_regions'])"))" "describe-regions lists the enabled regions"

# --page-size 5 makes the CLI send MaxResults=5 and follow NextToken until the end.
out=$(awsx ec2 describe-instances --page-size 5 --filters Name=instance-state-name,Values=running,stopped \
  --query "Reservations[].Instances[].InstanceId" --output json)
want=$(e2e_estate "json.dumps([i['id'] for i in $A['instances'] if i['region'] == 'us-east-1' and i['state'] in ('running', 'stopped')])")
assert_json "$out" "sorted(doc) == sorted($want) and len(doc) > 5" "describe-instances pages (MaxResults 5) and filters by state"

arn=$(e2e_estate "[f'arn:aws:iam::{$A[\"id\"]}:instance-profile/' + i['instance_profile'] for i in $A['instances'] if i['region'] == 'us-east-1' and i.get('instance_profile') and i['state'] != 'terminated'][0]")
out=$(awsx ec2 describe-instances --filters "Name=iam-instance-profile.arn,Values=$arn" \
  --query "Reservations[].Instances[].[InstanceId, IamInstanceProfile.Arn]" --output json)
want=$(e2e_estate "json.dumps([[i['id'], '$arn'] for i in $A['instances'] if i['region'] == 'us-east-1' and i['state'] != 'terminated' and '$arn'.endswith('/' + str(i.get('instance_profile')))])")
assert_json "$out" "sorted(doc) == sorted($want) and len(doc) > 0" "describe-instances filters by iam-instance-profile.arn"

out=$(awsx ec2 describe-iam-instance-profile-associations --filters Name=state,Values=associated \
  --query "IamInstanceProfileAssociations[].[InstanceId, State]" --output json)
want=$(e2e_estate "json.dumps([[i['id'], 'associated'] for i in $A['instances'] if i['region'] == 'us-east-1' and i.get('instance_profile') and i['state'] != 'terminated'])")
assert_json "$out" "sorted(doc) == sorted($want)" "describe-iam-instance-profile-associations --filters state=associated"

with_data=$(e2e_estate "[i['id'] for i in $A['instances'] if i['region'] == 'us-east-1' and i.get('user_data') and i['state'] != 'terminated'][0]")
out=$(awsx ec2 describe-instance-attribute --instance-id "$with_data" --attribute userData --query UserData.Value --output text)
assert_eq "$out" "$(e2e_estate "[i['user_data'] for i in $A['instances'] if i['id'] == '$with_data'][0]")" "describe-instance-attribute userData"

lt=$(e2e_estate "[t['id'] for t in $A['launch_templates'] if t['region'] == 'us-east-1'][0]")
out=$(awsx ec2 describe-launch-template-versions --launch-template-id "$lt" \
  --query "LaunchTemplateVersions[].[VersionNumber, DefaultVersion, LaunchTemplateData.IamInstanceProfile.Name]" --output json)
want=$(e2e_estate "json.dumps([[v['number'], v['number'] == t['default_version'], v.get('instance_profile')] for t in $A['launch_templates'] if t['id'] == '$lt' for v in t['versions']])")
assert_json "$out" "sorted(doc, key=lambda v: v[0]) == sorted($want, key=lambda v: v[0])" "describe-launch-template-versions"

# --- IAM -----------------------------------------------------------------------------------------
out=$(awsx iam get-account-authorization-details --page-size 3 --filter Role \
  --query "RoleDetailList[].[RoleName, AssumeRolePolicyDocument]" --output json)
want=$(e2e_estate "json.dumps([[r['name'], r['trust_policy']] for r in $A['roles']])")
assert_json "$out" "sorted(doc, key=str) == sorted($want, key=str)" "get-account-authorization-details pages and the CLI decodes trust policies"

out=$(awsx iam list-instance-profiles --query "InstanceProfiles[].[InstanceProfileName, Roles[0].RoleName]" --output json)
want=$(e2e_estate "json.dumps([[p['name'], (p['roles'] or [None])[0]] for p in $A['instance_profiles']])")
assert_json "$out" "sorted(doc, key=str) == sorted($want, key=str)" "list-instance-profiles"

out=$(awsx iam list-attached-role-policies --role-name app-web --query "AttachedPolicies[].PolicyArn" --output json)
want=$(e2e_estate "json.dumps([r['attached_policy_arns'] for r in $A['roles'] if r['name'] == 'app-web'][0])")
assert_json "$out" "sorted(doc) == sorted($want)" "list-attached-role-policies"

# --- STS and Organizations -----------------------------------------------------------------------
out=$(awsx sts get-caller-identity --profile "$member_profile" --query Account --output text)
assert_eq "$out" "$member" "sts get-caller-identity --profile picks that account"

creds=$(awsx sts assume-role --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" \
  --role-session-name e2e-cli --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)
read -r key secret token <<<"$creds"
assert_eq "${key:0:4}" "ASIA" "sts assume-role issues session credentials"
out=$(AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" \
  awsx sts get-caller-identity --query Arn --output text)
assert_eq "$out" "arn:aws:sts::$member:assumed-role/OrganizationAccountAccessRole/e2e-cli" "the session is the assumed role in the member account"

out=$(awsx organizations list-accounts --query "Accounts[].[Id, Status]" --output json)
want=$(e2e_estate 'json.dumps([[a["id"], a["status"]] for a in state["accounts"]])')
assert_json "$out" "sorted(doc) == sorted($want)" "organizations list-accounts (JSON 1.1)"

# --- Authentication failures ---------------------------------------------------------------------
good_key=$(e2e_estate "[k['id'] for u in $A['users'] for k in u['access_keys'] if k['status'] == 'Active'][0]")
cat >>"$AWS_SHARED_CREDENTIALS_FILE" <<EOF
[wrong-secret]
aws_access_key_id = $good_key
aws_secret_access_key = 0000000000000000000000000000000000000000

[unknown-key]
aws_access_key_id = AKIAZZZZZZZZZZZZZZZZ
aws_secret_access_key = 0000000000000000000000000000000000000000
EOF
assert_fails SignatureDoesNotMatch "a wrong secret is SignatureDoesNotMatch" -- sts get-caller-identity --profile wrong-secret
assert_fails AuthFailure "an unknown key is AuthFailure for EC2" -- ec2 describe-regions --profile unknown-key
assert_fails InvalidClientTokenId "an unknown key is InvalidClientTokenId for IAM" -- iam list-roles --profile unknown-key

e2e_finish
