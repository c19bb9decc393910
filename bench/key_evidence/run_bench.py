#!/usr/bin/python3
"""CloudTrail key evidence benchmark: how close `rolecall scan --key-evidence` comes to the minimum
CloudTrail's LookupEvents quota allows (2 requests/s per account and region, a burst of 2).

Starts rolecall-emulator (generated estate, latency, throttling, --verbose request log); runs, in one
go, a scan of the key checks only (collection + key lookups: the part --key-evidence adds to) and
the same scan with --key-evidence; reads from the emulator's log how many LookupEvents each account
and region served; prints the evidence phase's wall time (the difference of the two scans) against
the busiest account+region's minimum, and how many LookupEvents were throttled.

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 20 --regions 4 --instances 8000]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from emulator import start_emulator  # noqa: E402

REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "us-east-2"]
RATE, BURST = 2.0, 2  # LookupEvents per account and region (the emulator models AWS's quota)
LINE = re.compile(r"\[cloudtrail LookupEvents (\d+)\] key=\S+ region=(\S+) -> (\d+)")


def timed(argv, env):
    start = time.monotonic()
    proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv[-6:])} failed with {proc.returncode}:\n{proc.stderr[-2000:]}")
    return wall, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rolecall", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--regions", type=int, default=4)
    parser.add_argument("--instances", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency-ms", type=int, default=30)
    args = parser.parse_args()

    spec = f"accounts={args.accounts},regions={args.regions},instances={args.instances},seed={args.seed}"
    log = f"/tmp/rolecall-bench-key-evidence-{os.getpid()}.log"
    emu = start_emulator(args.emulator, spec, args.latency_ms, "on", "rolecall-bench-key-evidence-",
                         extra=("--verbose",), stderr_path=log)
    try:
        base = [args.rolecall, "--endpoint-url", emu.endpoint, "--quiet", "--output", "json", "scan", "--org",
                "--regions", ",".join(REGIONS[:args.regions])]
        keys_wall, _ = timed(base + ["--checks", "user-data-no-keys,launch-template-no-keys"], emu.env)
        mark = os.path.getsize(log)
        evidence_wall, report = timed(base + ["--checks", "user-data-no-keys,launch-template-no-keys",
                                              "--key-evidence"], emu.env)
    finally:
        emu.stop()
    lanes = collections.Counter()
    throttled = 0
    with open(log) as f:
        f.seek(mark)
        for line in f:
            m = LINE.search(line)
            if not m:
                continue
            if m.group(3) == "200":
                lanes[(m.group(1), m.group(2))] += 1  # (account, region)
            else:
                throttled += 1
    os.unlink(log)
    if not lanes:
        sys.exit("no LookupEvents served: nothing to measure")
    fullest = max(lanes.values())
    minimum = max(0.0, (fullest - BURST) / RATE)
    cost = evidence_wall - keys_wall
    verdicts = collections.Counter(f["status"] for f in report["findings"] if f["check_id"] == "key-in-use-from-instance")
    print(f"estate {spec}, {args.latency_ms} ms latency, throttling on")
    print(f"key checks only: {keys_wall:.2f} s; with --key-evidence: {evidence_wall:.2f} s; evidence phase {cost:.2f} s")
    print(f"LookupEvents: {sum(lanes.values())} served in {len(lanes)} account+region lanes, the busiest {fullest}; "
          f"{throttled} throttled")
    print(f"minimum for the busiest lane at {RATE:.0f}/s after a burst of {BURST}: {minimum:.2f} s; "
          f"evidence phase = {cost / minimum:.2f}x of it" if minimum > 0 else "minimum: 0 s")
    print(f"key-in-use-from-instance: {dict(verdicts)}")


if __name__ == "__main__":
    main()
