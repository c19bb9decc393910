#!/usr/bin/python3
"""Baseline: the spec's test plan with boto3 (Debian python3-boto3), as a user would write it.

For every profile (account) and region: DescribeInstances (paginated, state filter as rolecall),
then GetInstanceProfile once per distinct profile of the account. Prints one line per verdict:
"<account> <region> <instance> <check> PASS|FAIL", sorted.
Usage: boto3_test_plan.py ENDPOINT_URL "PROFILE..." "REGION..."
"""
import sys

import boto3
import botocore.exceptions


def main() -> None:
    endpoint, profiles, regions = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
    lines = []
    for profile in profiles:
        session = boto3.Session(profile_name=profile)
        account = session.client("sts", region_name="us-east-1", endpoint_url=endpoint).get_caller_identity()["Account"]
        iam = session.client("iam", region_name="us-east-1", endpoint_url=endpoint)
        found = []
        for region in regions:
            ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint)
            pages = ec2.get_paginator("describe_instances").paginate(
                Filters=[{"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]}])
            for page in pages:
                for reservation in page["Reservations"]:
                    for instance in reservation["Instances"]:
                        found.append((region, instance["InstanceId"], instance.get("IamInstanceProfile", {}).get("Arn")))
        has_role = {}
        for arn in sorted({arn for _, _, arn in found if arn}):
            try:
                roles = iam.get_instance_profile(InstanceProfileName=arn.rsplit("/", 1)[1])["InstanceProfile"]["Roles"]
                has_role[arn] = "PASS" if roles else "FAIL"
            except botocore.exceptions.ClientError:
                has_role[arn] = "FAIL"
        for region, instance_id, arn in found:
            if arn is None:
                lines.append(f"{account} {region} {instance_id} instance-has-role FAIL")
            else:
                lines.append(f"{account} {region} {instance_id} instance-has-role PASS")
                lines.append(f"{account} {region} {instance_id} profile-has-role {has_role[arn]}")
    sys.stdout.write("".join(line + "\n" for line in sorted(lines)))


if __name__ == "__main__":
    main()
