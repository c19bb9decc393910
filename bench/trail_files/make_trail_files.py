#!/usr/bin/python3
"""Generates gzip CloudTrail log files for the trail files benchmark, in the layout `aws s3 sync`
leaves: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<16>.json.gz.

`--distinct` files are generated (records of long-term keys, role sessions and AWS services, with
request parameters as real records carry); the rest of `--gb` is copies of them under other names,
so that gigabytes are written in seconds. Copies count as files of their own for every reader.

Usage: make_trail_files.py --out DIR [--gb 1.0] [--distinct 48] [--records 2000] [--seed 7]
"""
import argparse
import gzip
import json
import os
import random
import shutil
import uuid

ACCOUNTS = [f"{111111111111 + i * 1010101:012d}" for i in range(8)]
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"]
CALLS = [("ec2.amazonaws.com", "DescribeInstances"), ("s3.amazonaws.com", "GetObject"),
         ("s3.amazonaws.com", "PutObject"), ("sts.amazonaws.com", "GetCallerIdentity"),
         ("ec2.amazonaws.com", "CreateTags"), ("kms.amazonaws.com", "Decrypt")]
AGENTS = ["aws-cli/2.15.0 Python/3.11.6 Linux/6.1 botocore/2.4.5",
          "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1.61 md/arch#x86_64 lang/python#3.11.6",
          "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.141.0"]
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def key(rng, prefix):
    return prefix + "".join(rng.choice(B32) for _ in range(16))


def record(rng, account, region, keys, when):
    source, name = rng.choice(CALLS)
    kind = rng.random()
    r = {"eventVersion": "1.08"}
    if kind < 0.3:
        user, akia = rng.choice(keys)
        r["userIdentity"] = {"type": "IAMUser", "principalId": "AIDA" + akia[4:], "arn":
                             f"arn:aws:iam::{account}:user/{user}", "accountId": account, "accessKeyId": akia,
                             "userName": user}
    elif kind < 0.92:
        role = f"app-{rng.randrange(40)}"
        session = f"i-{rng.getrandbits(68):017x}"
        r["userIdentity"] = {
            "type": "AssumedRole", "principalId": f"AROAEXAMPLE{rng.randrange(40)}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}", "accountId": account,
            "accessKeyId": key(rng, "ASIA"),
            "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLE", "arn":
                                                 f"arn:aws:iam::{account}:role/{role}", "accountId": account,
                                                 "userName": role},
                               "attributes": {"creationDate": when, "mfaAuthenticated": "false"}}}
    else:
        r["userIdentity"] = {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}
    ip = rng.choice(["54.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
                     "10.0.%d.%d" % (rng.randrange(4), rng.randrange(256)), "203.0.113.%d" % rng.randrange(1, 64)])
    r.update({"eventTime": when, "eventSource": source, "eventName": name, "awsRegion": region,
              "sourceIPAddress": ip, "userAgent": rng.choice(AGENTS)})
    if name in ("GetObject", "PutObject"):
        r["requestParameters"] = {"bucketName": f"bucket-{rng.randrange(100)}", "key":
                                  f"artifacts/{uuid.UUID(int=rng.getrandbits(128))}.tar.gz",
                                  "Host": "s3.amazonaws.com"}
    elif name == "DescribeInstances":
        r["requestParameters"] = {"instancesSet": {"items": [{"instanceId": f"i-{rng.getrandbits(68):017x}"}
                                                             for _ in range(rng.randrange(1, 4))]},
                                  "filterSet": {}}
    else:
        r["requestParameters"] = None
    r["responseElements"] = None
    r.update({"requestID": str(uuid.UUID(int=rng.getrandbits(128))),
              "eventID": str(uuid.UUID(int=rng.getrandbits(128))), "readOnly": name.startswith(("Describe", "Get")),
              "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": account,
              "eventCategory": "Management"})
    if ip.startswith("10.") and rng.random() < 0.5:
        r["vpcEndpointId"] = f"vpce-{rng.getrandbits(68):017x}"
    return r


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--gb", type=float, default=1.0)
    p.add_argument("--distinct", type=int, default=48)
    p.add_argument("--records", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    keys = [(f"deploy-{i}", key(rng, "AKIA")) for i in range(60)]
    base = []
    for n in range(a.distinct):
        account, region = ACCOUNTS[n % len(ACCOUNTS)], REGIONS[n % len(REGIONS)]
        day = 1 + n % 28
        records = [record(rng, account, region, keys, f"2026-11-{day:02d}T{h:02d}:{m:02d}:{s:02d}Z")
                   for h, m, s in sorted((rng.randrange(24), rng.randrange(60), rng.randrange(60))
                                         for _ in range(a.records))]
        base.append((account, region, day, gzip.compress(json.dumps({"Records": records}).encode(), 6)))
    target, written, copy = a.gb * (1 << 30), 0, 0
    while written < target:
        account, region, day, blob = base[copy % len(base)]
        d = os.path.join(a.out, "AWSLogs", account, "CloudTrail", region, "2026", "11", f"{day:02d}")
        os.makedirs(d, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_202611{day:02d}T{copy % 24:02d}{copy % 60:02d}Z_{copy:016d}.json.gz"
        with open(os.path.join(d, name), "wb") as f:
            f.write(blob)
        written += len(blob)
        copy += 1
    print(json.dumps({"files": copy, "bytes": written, "distinct": len(base)}))


if __name__ == "__main__":
    main()
