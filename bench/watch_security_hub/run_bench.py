#!/usr/bin/env python3
"""watch --security-hub benchmark: what one incremental audit sends Security Hub (issue 15).

Starts rolecall-emulator on a generated organization (every mutating call recorded as a CloudTrail
event, every request logged), starts `rolecall watch --org --security-hub` and waits for its first
scan and export; then disassociates the instance profile of one running instance of a member
account (ec2:DisassociateIamInstanceProfile, boto3) and waits for watch's export of the audit that
follows. Prints, for that audit alone, the Security Hub requests the emulator served
(BatchImportFindings, GetFindings; answered 200, and throttled with 429 then retried), the findings
watch says it sent (imported + archived), and the seconds from the re-audit's note to the export's
summary line; and the same for the first scan's whole export, for scale.

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 3 --regions 2 --instances 3000
                    --latency-ms 0 --throttle on]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from emulator import add_estate_arguments, start_emulator  # noqa: E402

TOKEN = "bench-watch-security-hub"
SUMMARY = re.compile(r"security hub \((.*?)\): (\d+) findings imported, (\d+) archived, (\d+) failed")


def estate_state(endpoint):
    req = urllib.request.Request(endpoint + "/_emulator/state", headers={"X-Emulator-Token": TOKEN})
    return json.load(urllib.request.urlopen(req, timeout=600))


def hub_requests(log_path, start):
    """Security Hub requests in the emulator's log from byte `start`: {(action, status): count}."""
    counts = {}
    with open(log_path, errors="replace") as f:
        f.seek(start)
        for line in f:
            m = re.search(r"\[securityhub (\w+) .*-> (\d+)", line)
            if m:
                counts[(m.group(1), m.group(2))] = counts.get((m.group(1), m.group(2)), 0) + 1
    return counts


def main():
    parser = argparse.ArgumentParser()
    add_estate_arguments(parser, accounts=3, regions=2, instances=3000)
    parser.set_defaults(latency_ms=0)
    args = parser.parse_args()

    spec = f"accounts={args.accounts},regions={args.regions},instances={args.instances},seed=1"
    emu_log = None
    emu = None
    watch = None
    try:
        emu_log = os.path.join(tempfile.mkdtemp(prefix="rolecall-bench-hub-log-"), "emulator.log")
        emu = start_emulator(args.emulator, spec, args.latency_ms, args.throttle, "rolecall-bench-hub-",
                             extra=["--record-calls", "on", "--admin-token", TOKEN, "--verbose"],
                             stderr_path=emu_log)
        state = estate_state(emu.endpoint)
        management = state["organization"]["management_account"]
        member = next(a for a in state["accounts"] if a["id"] != management)
        home = state["accounts"][0]["security_hub_regions"][0]
        instance = next(i for i in member["instances"] if i.get("instance_profile") and i["state"] == "running")

        lines = []  # (monotonic time, stderr line)
        cond = threading.Condition()
        watch = subprocess.Popen([args.rolecall, "--endpoint-url", emu.endpoint, "--no-color", "watch", "--org",
                                  "--interval", "1s", "--reconcile", "0", "--no-key-intel", "--security-hub",
                                  "--security-hub-region", home],
                                 env=emu.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, bufsize=1)

        def read_stderr():
            for line in watch.stderr:
                with cond:
                    lines.append((time.monotonic(), line.rstrip("\n")))
                    cond.notify_all()

        threading.Thread(target=read_stderr, daemon=True).start()

        def wait_for(pattern, after, timeout):
            """The index of the first stderr line at or after `after` containing `pattern`."""
            deadline = time.monotonic() + timeout
            with cond:
                while True:
                    for n in range(after, len(lines)):
                        if pattern in lines[n][1]:
                            return n
                    if not cond.wait(max(0.0, deadline - time.monotonic())) and time.monotonic() >= deadline:
                        sys.exit(f"no line with {pattern!r} within {timeout} s: {[l for _, l in lines[-5:]]}")

        watching = wait_for("watching", 0, 1800)
        first = [SUMMARY.search(l) for _, l in lines[:watching] if SUMMARY.search(l)]
        first_requests = hub_requests(emu_log, 0)
        mark = os.path.getsize(emu_log)

        os.environ.update(emu.env)
        sts = boto3.Session(profile_name="management").client("sts", endpoint_url=emu.endpoint,
                                                              region_name="us-east-1")
        c = sts.assume_role(RoleArn=f"arn:aws:iam::{member['id']}:role/OrganizationAccountAccessRole",
                            RoleSessionName="bench-driver")["Credentials"]
        ec2 = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                            aws_session_token=c["SessionToken"]).client("ec2", endpoint_url=emu.endpoint,
                                                                        region_name=instance["region"])
        association = ec2.describe_iam_instance_profile_associations(
            Filters=[{"Name": "instance-id", "Values": [instance["id"]]}])["IamInstanceProfileAssociations"][0]
        ec2.disassociate_iam_instance_profile(AssociationId=association["AssociationId"])

        note = wait_for("re-audited", watching, 120)
        summary = wait_for("security hub (", note, 600)
        time.sleep(1)  # the log's last lines
        audit_requests = hub_requests(emu_log, mark)
        audit = SUMMARY.search(lines[summary][1])
        seconds = lines[summary][0] - lines[note][0]
    finally:
        if watch:
            watch.terminate()
            watch.wait()
        if emu:
            emu.stop()

    def row(name, requests, summaries, extra=""):
        imported = sum(int(s.group(2)) for s in summaries)
        archived = sum(int(s.group(3)) for s in summaries)
        failed = sum(int(s.group(4)) for s in summaries)
        calls = " | ".join(f"{requests.get((a, '200'), 0)} (+{sum(v for (b, st), v in requests.items() if b == a and st != '200')})"
                           for a in ("BatchImportFindings", "GetFindings"))
        print(f"| {name} | {calls} | {imported + archived} ({imported} imported, {archived} archived, "
              f"{failed} failed) | {extra} |")

    print(f"estate: {spec}, latency {args.latency_ms} ms, throttle {args.throttle}; rolecall {args.rolecall}; "
          f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    print(f"changed: {instance['id']} ({member['id']} {instance['region']}), its profile disassociated")
    print("| export | BatchImportFindings 200 (+ other) | GetFindings 200 (+ other) | findings sent | note to summary |")
    print("|---|---:|---:|---:|---:|")
    row("first scan (whole)", first_requests, first)
    row("the incremental audit", audit_requests, [audit], f"{seconds:.2f} s")


if __name__ == "__main__":
    main()
