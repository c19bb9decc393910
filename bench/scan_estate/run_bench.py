#!/usr/bin/python3
"""Scan benchmark: rolecall against the AWS CLI and boto3 baselines on one emulated estate.

Starts rolecall-emulator with a generated estate, latency and throttling; runs, in one go,
rolecall's test-plan checks, the same test plan scripted with the AWS CLI and with boto3, and
rolecall's full scan; checks that all three test-plan runs reach the same verdicts; prints wall
time, client CPU, peak memory and the emulator's CPU for each, and the ratios.

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 20 --regions 17 --instances 100000
                    --latency-ms 30 --throttle on --skip cli,boto3]
"""
import argparse
import collections
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from emulator import start_emulator  # noqa: E402
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "us-east-2", "us-west-1",
           "ap-northeast-1", "ap-southeast-1", "ap-northeast-2", "ap-south-1", "ca-central-1", "eu-west-2",
           "eu-west-3", "eu-north-1", "sa-east-1", "ap-northeast-3"]
TEST_PLAN = ("instance-has-role", "profile-has-role")


def cpu_seconds(pid: int) -> float:
    """User+system CPU of a live process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def context_switches(pid: int) -> int:
    """Voluntary context switches of a live process, summed over its threads (each waits, then wakes)."""
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("voluntary_ctxt_switches"))
        except OSError:  # a thread that ended between the listing and the read
            pass
    return total


def measure(label, argv, env, emulator_pid, stdout_path=None):
    """Runs argv to completion; returns wall, client CPU (user+sys of all children), peak RSS, emulator CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    emu_before = cpu_seconds(emulator_pid)
    switches_before = context_switches(emulator_pid)
    start = time.monotonic()
    rss_file = tempfile.mktemp(prefix="rolecall-bench-rss-")
    with open(stdout_path or os.devnull, "w") as out:
        # GNU time's %M is the peak RSS of the process tree's largest member, per run.
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, env=env, stdout=out,
                              stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    emu_cpu = cpu_seconds(emulator_pid) - emu_before
    emu_switches = context_switches(emulator_pid) - switches_before
    if proc.returncode not in (0, 1, 4):
        sys.exit(f"{label} failed with status {proc.returncode}:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(rss_file) as f:
        rss_kb = int(f.read().split()[-1])
    os.unlink(rss_file)
    return {"label": label, "wall": wall, "cpu": cpu, "rss_mb": rss_kb / 1024, "emulator_cpu": emu_cpu,
            "emulator_switches": emu_switches, "status": proc.returncode}


def verdicts_from_report(path, checks):
    with open(path) as f:
        report = json.load(f)
    lines = []
    for finding in report["findings"]:
        if finding["check_id"] in checks and finding["resource_type"] == "instance":
            lines.append(f'{finding["account_id"]} {finding["region"]} {finding["resource_id"]} '
                         f'{finding["check_id"]} {finding["status"]}')
    return sorted(lines)


def verdicts_from_lines(path):
    with open(path) as f:
        return sorted(line.strip() for line in f if line.strip())


# EC2's DescribeInstanceAttribute bucket per account+region: 100 tokens, refilled at 20 per second.
USER_DATA_BURST = 100
USER_DATA_REFILL = 20


def full_scan_bucket_minimum(report, row):
    """The full scan's bucket minimum: one DescribeInstanceAttribute (userData) per listed instance,
    bucketed by account+region; the fullest bucket past its burst at the refill rate. Returns a line
    saying it and the scan's wall time against it, and the CPU floor: the client's and the emulator's
    CPU spread over this machine's cores, the least wall time the two could take here even with EC2
    allowing any rate (where it exceeds the bucket minimum, this host cannot show the scan within it)."""
    wall = row["wall"]
    buckets = collections.defaultdict(set)
    for finding in report["findings"]:
        if finding["resource_type"] == "instance":
            buckets[(finding["account_id"], finding["region"])].add(finding["resource_id"])
    if not buckets:
        return "full scan bucket minimum: no instances in the report"
    calls = sum(len(ids) for ids in buckets.values())
    fullest = max(len(ids) for ids in buckets.values())
    minimum = max(0.0, (fullest - USER_DATA_BURST) / USER_DATA_REFILL)
    ratio = f"{wall / minimum:.2f}x" if minimum > 0 else "n/a"
    cores = os.cpu_count() or 1
    cpu_floor = (row["cpu"] + row["emulator_cpu"]) / cores
    floor_ratio = f" = {cpu_floor / minimum:.2f}x the bucket minimum" if minimum > 0 else ""
    return (f"full scan bucket minimum: {calls} DescribeInstanceAttribute calls in {len(buckets)} account+region "
            f"buckets, the fullest {fullest}: {minimum:.2f} s; full scan wall {wall:.2f} s = {ratio} of it; "
            f"CPU floor (client {row['cpu']:.2f} + emulator {row['emulator_cpu']:.2f} CPU s over {cores} cores) "
            f"{cpu_floor:.2f} s{floor_ratio}; emulator voluntary context switches {row['emulator_switches']} "
            f"({row['emulator_switches'] / calls:.2f} per DescribeInstanceAttribute call)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rolecall", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--floor", help="bench_scan_estate: the same calls with every body thrown away")
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--regions", type=int, default=17)
    parser.add_argument("--instances", type=int, default=100000)
    parser.add_argument("--latency-ms", default="30")
    parser.add_argument("--throttle", default="on")
    parser.add_argument("--skip", default="", help="comma-separated: cli, boto3, full, key-intel (the full scan only with --no-key-intel), no-key-intel")
    parser.add_argument("--repeat", type=int, default=5, help="rolecall test-plan runs (the median is reported)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    spec = f"accounts={args.accounts},regions={args.regions},instances={args.instances},seed=1,compliant=30"
    emu = start_emulator(args.emulator, spec, args.latency_ms, args.throttle, "rolecall-bench-")
    emulator, endpoint, work, creds, env = emu.process, emu.endpoint, emu.work, emu.creds, emu.env
    profiles = []
    with open(creds) as f:
        for row in f:
            row = row.strip()
            if row.startswith("[") and row != "[default]":
                profiles.append(row[1:-1])
    regions = REGIONS[:args.regions]
    print(f"estate: {spec}; latency {args.latency_ms} ms; throttle {args.throttle}; endpoint {endpoint}")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")

    rolecall_base = [args.rolecall, "--endpoint-url", endpoint, "--quiet", "--output", "json"]
    for p in profiles:
        rolecall_base += ["--profile", p]
    rows = []
    try:
        test_plan_report = os.path.join(work, "rolecall-test-plan.json")
        # Several runs, the median reported: one run varies with what the machine does meanwhile.
        runs = []
        for _ in range(max(1, args.repeat)):
            # Each run writes a new report: truncating the previous run's 86 MB file (and its pages
            # still being written back) cost ~60 ms of kernel time, an artefact of repeating runs.
            if os.path.exists(test_plan_report):
                os.unlink(test_plan_report)
            os.sync()
            runs.append(measure("rolecall test plan", rolecall_base + [
                "--output-file", test_plan_report, "scan", "--regions", ",".join(regions),
                "--checks", ",".join(TEST_PLAN)], env, emulator.pid))
        runs.sort(key=lambda r: r["wall"])
        rows.append(runs[len(runs) // 2])
        print(f"rolecall test plan, {len(runs)} runs: wall {runs[0]['wall']:.2f}-{runs[-1]['wall']:.2f} s, "
              f"CPU {min(r['cpu'] for r in runs):.2f}-{max(r['cpu'] for r in runs):.2f} s, "
              f"peak RSS {max(r['rss_mb'] for r in runs):.0f} MB at most; median by wall reported")
        if args.floor:
            # The endpoint's floor, measured the same way: what latency, throttling, the endpoint's
            # own work and the transfer allow, with no judging at all.
            floor_argv = [args.floor, "--endpoint-url", endpoint, "--regions", ",".join(regions)]
            for p in profiles:
                floor_argv += ["--profile", p]
            floor_out = os.path.join(work, "floor.txt")
            floors = []
            for _ in range(max(1, args.repeat)):
                floors.append(measure("fetch-only floor", floor_argv, env, emulator.pid, floor_out))
                with open(floor_out) as f:
                    said = f.read().strip()
                if floors[-1]["status"] != 0 or "errors=0" not in said.split():
                    sys.exit(f"fetch-only floor failed: {said}")
            floors.sort(key=lambda r: r["wall"])
            rows.append(floors[len(floors) // 2])
            print(f"fetch-only floor, {len(floors)} runs: wall {floors[0]['wall']:.2f}-{floors[-1]['wall']:.2f} s; "
                  f"rolecall test plan / floor (medians): {rows[0]['wall'] / rows[-1]['wall']:.2f}x")
        expected = verdicts_from_report(test_plan_report, TEST_PLAN)
        print(f"rolecall test plan: {len(expected)} verdicts")
        for name, argv in (("boto3", ["/usr/bin/python3", os.path.join(HERE, "boto3_test_plan.py")]),
                           ("cli", [os.path.join(HERE, "aws_cli_test_plan.sh")])):
            if name in skip:
                continue
            out = os.path.join(work, f"{name}.txt")
            label = "boto3 test plan" if name == "boto3" else "AWS CLI test plan"
            rows.append(measure(label, argv + [endpoint, " ".join(profiles), " ".join(regions)], env, emulator.pid, out))
            got = verdicts_from_lines(out)
            agree = "agree" if got == expected else f"DISAGREE ({len(set(got) ^ set(expected))} lines differ)"
            print(f"{label}: {len(got)} verdicts, {agree} with rolecall")
        if "full" not in skip and "key-intel" in skip:
            # Only the scan whose pace EC2's buckets set: key lookups are paced by IAM's and STS's.
            full_report = os.path.join(work, "rolecall-full.json")
            rows.append(measure("rolecall full scan --no-key-intel", rolecall_base + [
                "--output-file", full_report, "scan", "--no-key-intel", "--regions", ",".join(regions)],
                env, emulator.pid))
            with open(full_report) as f:
                report = json.load(f)
            print(f"rolecall full scan --no-key-intel: {report['summary']}")
            print(full_scan_bucket_minimum(report, rows[-1]))
        elif "full" not in skip:
            full_report = os.path.join(work, "rolecall-full.json")
            rows.append(measure("rolecall full scan", rolecall_base + [
                "--output-file", full_report, "scan", "--regions", ",".join(regions)], env, emulator.pid))
            with open(full_report) as f:
                report = json.load(f)
            print(f"rolecall full scan: {report['summary']}")
            print(full_scan_bucket_minimum(report, rows[-1]))
            if "no-key-intel" not in skip:
                # What key intelligence costs: the same scan without the lookups of found keys.
                with_intel = rows[-1]
                rows.append(measure("rolecall full scan --no-key-intel", rolecall_base + [
                    "--output-file", full_report, "scan", "--no-key-intel", "--regions", ",".join(regions)],
                    env, emulator.pid))
                with open(full_report) as f:
                    plain = json.load(f)
                print(f"rolecall full scan --no-key-intel: {plain['summary']}; key lookups cost "
                      f"{with_intel['wall'] - rows[-1]['wall']:+.2f} s wall, "
                      f"{with_intel['cpu'] - rows[-1]['cpu']:+.2f} s client CPU")
    finally:
        emu.stop()

    base = rows[0]
    print()
    print(f"| run | wall s | client CPU s | peak RSS MB | emulator CPU s | wall vs rolecall |")
    print(f"|---|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = r["wall"] / base["wall"] if base["wall"] > 0 else 0
        print(f'| {r["label"]} | {r["wall"]:.2f} | {r["cpu"]:.2f} | {r["rss_mb"]:.0f} | {r["emulator_cpu"]:.2f} | {ratio:.1f}x |')


if __name__ == "__main__":
    main()
