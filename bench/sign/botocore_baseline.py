#!/usr/bin/env python3
"""Baseline for bench_sign: botocore (the AWS CLI's signer) signing the same DescribeInstances POST.

Run: python3 bench/sign/botocore_baseline.py   (needs botocore; prints signatures per second)
"""
import time
import timeit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = ("Action=DescribeInstances&Version=2016-11-15&MaxResults=1000&Filter.1.Name=instance-state-name"
        "&Filter.1.Value.1=pending&Filter.1.Value.2=running&Filter.1.Value.3=stopping&Filter.1.Value.4=stopped")
CREDS = Credentials("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "T" * 400)


def sign_once():
    request = AWSRequest(method="POST", url="https://ec2.us-east-1.amazonaws.com/", data=BODY,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                  "User-Agent": "rolecall/0.1.0"})
    SigV4Auth(CREDS, "ec2", "us-east-1").add_auth(request)
    return request


def main():
    # CPU time, like the "CPU" column of Google Benchmark (the machine may be shared).
    sign_once()
    runs, best = 20000, None
    for _ in range(3):
        seconds = timeit.timeit(sign_once, number=runs, timer=time.process_time)
        best = seconds if best is None else min(best, seconds)
    print(f"botocore SigV4Auth.add_auth: {best / runs * 1e6:.1f} us/request, {runs / best:,.0f} requests/s")


if __name__ == "__main__":
    main()
