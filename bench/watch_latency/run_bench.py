#!/usr/bin/env python3
"""watch benchmark: event-to-finding latency (issue 15, "Proof and benchmarks").

Starts rolecall-emulator on a generated estate with every mutating call recorded and sent to an SQS
queue as EventBridge's "AWS API Call via CloudTrail" event (--record-calls on --event-queue), starts
`rolecall watch --org --queue URL` and waits for its first scan; then, for each --rate (changes per
second), a driver makes --seconds x rate changes with boto3, spread over the accounts in turn: each
sets HttpTokens=optional on a different running instance that required it
(ec2:ModifyInstanceMetadataOptions), which turns that instance's imdsv2-required verdict to FAIL.
The latency of a change is the time from the call's return to the moment watch's line for that
instance's imdsv2-required FAIL is read from its stdout. Prints count, p50, p90, p99 and max per rate,
and for comparison the wall time of one full scan of the estate (what a scheduled rescan would need
at best, before its interval).

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 20 --regions 17 --instances 100000
                    --latency-ms 30 --throttle on --rates 10,100 --seconds 30]
"""
import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.request

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from emulator import add_estate_arguments, start_emulator  # noqa: E402

TOKEN = "bench-watch-latency"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def estate_state(endpoint):
    req = urllib.request.Request(endpoint + "/_emulator/state", headers={"X-Emulator-Token": TOKEN})
    return json.load(urllib.request.urlopen(req, timeout=600))


def account_clients(emu, state):
    """An EC2 client factory per account: the management key, else OrganizationAccountAccessRole."""
    os.environ.update(emu.env)  # boto3 reads the emulator's credentials file from the environment
    cfg = botocore.config.Config(retries={"mode": "standard", "max_attempts": 10}, max_pool_connections=50)
    base = boto3.Session(profile_name="management")
    management = state["organization"]["management_account"] if state.get("organization") else None
    sts = base.client("sts", endpoint_url=emu.endpoint, region_name="us-east-1", config=cfg)
    clients = {}
    for account in state["accounts"]:
        if account["id"] == management:
            session = base
        else:
            c = sts.assume_role(RoleArn=f"arn:aws:iam::{account['id']}:role/OrganizationAccountAccessRole",
                                RoleSessionName="bench-driver", DurationSeconds=3600)["Credentials"]
            session = boto3.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                    aws_session_token=c["SessionToken"])
        clients[account["id"]] = {r: session.client("ec2", endpoint_url=emu.endpoint, region_name=r, config=cfg)
                                  for r in account.get("enabled_regions", [])}
    return clients


def targets(state):
    """Running instances requiring IMDSv2, interleaved across accounts (so a rate spreads over them)."""
    per_account = []
    for account in state["accounts"]:
        mine = [(account["id"], i["region"], i["id"]) for i in account["instances"]
                if i.get("state") == "running" and i.get("http_tokens") == "required"]
        per_account.append(mine)
    out = []
    for row in range(max((len(m) for m in per_account), default=0)):
        out.extend(m[row] for m in per_account if row < len(m))
    return out


def main():
    parser = argparse.ArgumentParser()
    add_estate_arguments(parser)
    parser.add_argument("--rates", default="10,100")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--drain", type=int, default=120, help="seconds to wait for the last lines")
    args = parser.parse_args()

    spec = f"accounts={args.accounts},regions={args.regions},instances={args.instances},seed=1,compliant=30"
    emu = start_emulator(args.emulator, spec, args.latency_ms, args.throttle, "rolecall-bench-watch-",
                         extra=["--record-calls", "on", "--event-queue", "0:rolecall-events",
                                "--admin-token", TOKEN, "--threads", "256"])
    watch = None
    try:
        state = estate_state(emu.endpoint)
        management = state["organization"]["management_account"]
        queue_url = f"{emu.endpoint}/{management}/rolecall-events"

        start = time.monotonic()
        subprocess.run([args.rolecall, "--endpoint-url", emu.endpoint, "scan", "--org", "--output", "json",
                        "--no-key-intel", "--fail-on", "none"], env=emu.env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        full_scan = time.monotonic() - start

        arrivals = {}  # instance id -> monotonic time its imdsv2-required FAIL line was read
        ready = threading.Event()
        watch = subprocess.Popen([args.rolecall, "--endpoint-url", emu.endpoint, "--no-color", "watch", "--org",
                                  "--queue", queue_url, "--interval", "1s", "--no-key-intel", "--reconcile", "0"],
                                 env=emu.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

        def read_stdout():
            for line in watch.stdout:
                now = time.monotonic()
                try:
                    doc = json.loads(line)
                except ValueError:
                    continue
                if doc.get("check_id") == "imdsv2-required" and doc.get("status") == "FAIL":
                    arrivals.setdefault(doc["resource_id"], now)

        def read_stderr():
            for line in watch.stderr:
                if "watching" in line:
                    ready.set()

        threading.Thread(target=read_stdout, daemon=True).start()
        threading.Thread(target=read_stderr, daemon=True).start()
        if not ready.wait(900):
            sys.exit("watch did not finish its first scan")

        clients = account_clients(emu, state)
        pool = targets(state)
        results = []
        for rate in (int(r) for r in args.rates.split(",")):
            count = rate * args.seconds
            batch, pool = pool[:count], pool[count:]
            if len(batch) < count:
                sys.exit(f"not enough instances requiring IMDSv2 for {count} changes")
            changed = {}  # instance id -> monotonic time its call returned
            work = queue.Queue()
            lock = threading.Lock()

            def change():
                while True:
                    item = work.get()
                    if item is None:
                        return
                    account, region, instance = item
                    clients[account][region].modify_instance_metadata_options(InstanceId=instance,
                                                                              HttpTokens="optional")
                    with lock:
                        changed[instance] = time.monotonic()

            workers = [threading.Thread(target=change, daemon=True) for _ in range(min(64, rate * 2))]
            for w in workers:
                w.start()
            begin = time.monotonic()
            for n, item in enumerate(batch):  # paced: change n is issued at begin + n / rate
                delay = begin + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                work.put(item)
            for _ in workers:
                work.put(None)
            for w in workers:
                w.join()
            issued = time.monotonic() - begin
            deadline = time.monotonic() + args.drain
            while time.monotonic() < deadline and any(i not in arrivals for i in changed):
                time.sleep(0.2)
            lat = [arrivals[i] - t for i, t in changed.items() if i in arrivals]
            results.append({"rate": rate, "changes": len(changed), "issued_s": issued, "seen": len(lat),
                            "p50": percentile(lat, 50), "p90": percentile(lat, 90), "p99": percentile(lat, 99),
                            "max": max(lat) if lat else float("nan")})
    finally:
        if watch:
            watch.terminate()
            watch.wait()
        emu.stop()

    print(f"estate: {spec}, latency {args.latency_ms} ms, throttle {args.throttle}; nproc {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"one full scan (--no-key-intel): {full_scan:.2f} s")
    print("| rate /s | changes | issued in s | seen | p50 s | p90 s | p99 s | max s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['rate']} | {r['changes']} | {r['issued_s']:.1f} | {r['seen']} | {r['p50']:.2f} | "
              f"{r['p90']:.2f} | {r['p99']:.2f} | {r['max']:.2f} |")


if __name__ == "__main__":
    main()
