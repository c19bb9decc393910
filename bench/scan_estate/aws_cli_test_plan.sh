#!/usr/bin/env bash
# Baseline: the spec's test plan scripted with the AWS CLI, as a user would write it.
# For every profile (account) and region: describe-instances (the spec's query, plus the state
# filter rolecall applies), then get-instance-profile once per distinct profile of the account.
# Prints one line per verdict: "<account> <region> <instance> <check> PASS|FAIL", sorted.
# Usage: aws_cli_test_plan.sh ENDPOINT_URL "PROFILE..." "REGION..."
set -euo pipefail
endpoint=$1
read -r -a profiles <<<"$2"
read -r -a regions <<<"$3"
aws=${AWS_CLI:-/usr/bin/aws}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for profile in "${profiles[@]}"; do
  account=$("$aws" sts get-caller-identity --profile "$profile" --region us-east-1 --endpoint-url "$endpoint" \
              --query Account --output text)
  : >"$out/instances"
  for region in "${regions[@]}"; do
    "$aws" ec2 describe-instances --profile "$profile" --region "$region" --endpoint-url "$endpoint" \
      --filters Name=instance-state-name,Values=pending,running,stopping,stopped \
      --query 'Reservations[*].Instances[*].[InstanceId, IamInstanceProfile.Arn]' --output text |
      while read -r id arn; do
        [[ -n "$id" ]] && echo "$region $id $arn"
      done >>"$out/instances"
  done
  # One get-instance-profile per distinct profile: does it still exist and hold a role?
  declare -A has_role=()
  while read -r arn; do
    name=${arn##*/}
    roles=$("$aws" iam get-instance-profile --profile "$profile" --endpoint-url "$endpoint" \
              --instance-profile-name "$name" --query 'InstanceProfile.Roles[*].Arn' --output text 2>/dev/null || true)
    if [[ -n "$roles" && "$roles" != "None" ]]; then has_role[$arn]=PASS; else has_role[$arn]=FAIL; fi
  done < <(awk '$3 != "None" {print $3}' "$out/instances" | sort -u)
  while read -r region id arn; do
    if [[ "$arn" == "None" ]]; then
      echo "$account $region $id instance-has-role FAIL"
    else
      echo "$account $region $id instance-has-role PASS"
      echo "$account $region $id profile-has-role ${has_role[$arn]}"
    fi
  done <"$out/instances"
  unset has_role
done | sort
