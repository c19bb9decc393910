#!/usr/bin/python3
"""Remediation benchmark (issue 5): `rolecall apply` against EC2's mutating-call token bucket.

Starts rolecall-emulator with a generated estate (no compliant instances), 30 ms latency and
EC2 throttling on; plans `--instance-profile app-web` across the organization; then, in one run:
  1. `rolecall apply --yes` (timed): every change journaled, made and verified;
  2. the minimum wall time EC2's buckets allow for those calls, computed from the plan: per
     account, region and action (EC2 throttles each API separately) a bucket of 200 that refills
     5 per second, so a bucket with n calls needs at least (n - 200) / 5 s;
  3. after apply's buckets have refilled (40 s), `rolecall rollback --yes` (timed, with its own
     bucket minimum), and a dump of the emulator's state compared with the one taken before apply:
     the backout must restore every instance exactly (but those whose earlier profile was deleted,
     which nobody can associate again: rollback leaves them and says why);
  4. the baseline a user would write instead: a shell loop of `aws ec2 associate-iam-instance-profile`
     over the first --cli-calls planned associations (timed, then rolled back by hand), its per-call
     time extrapolated to the whole plan (stated as such).

Usage: run_bench.py --rolecall BIN --emulator BIN [--accounts 1 --regions 1 --instances 5000
                    --latency-ms 30 --cli-calls 30 --aws /usr/bin/aws]
The default puts all 5,000 instances behind one account's and region's buckets (~14 minutes: the
buckets allow no less); --accounts 5 --regions 2 spreads them over 20 buckets (~2 minutes).
"""
import argparse
import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from emulator import start_emulator  # noqa: E402

MUTATING_BURST = 200     # EC2 "Request throttling": mutating actions, bucket size
MUTATING_REFILL = 5.0    # ... and refill per second
ADMIN_TOKEN = "bench-admin-token"


def run(label, argv, env, stdin=None):
    """Runs argv; returns (wall seconds, client CPU seconds, peak RSS MB, stdout, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_file = tempfile.mktemp(prefix="rolecall-bench-rss-")
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv, env=env, input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(rss_file) as f:
        rss_mb = int(f.read().split()[-1]) / 1024
    os.unlink(rss_file)
    return wall, cpu, rss_mb, proc.stdout, proc.returncode, proc.stderr


def dump_state(endpoint):
    """The emulator's whole state (admin API), with the association fields that rollback restores."""
    req = urllib.request.Request(endpoint + "/_emulator/state", headers={"X-Emulator-Token": ADMIN_TOKEN})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def instances_of(state):
    """instance id -> the instance's whole entry in a state dump (estate-file shape)."""
    return {i["id"]: i for acct in state["accounts"] for i in acct.get("instances", [])}


def profile_names(state):
    """account id -> the shared-credentials profile the emulator wrote for it (the account's name)."""
    return {acct["id"]: acct.get("name") or acct["id"] for acct in state["accounts"]}


def bucket_minimum(calls):
    """Seconds EC2's buckets need at least for `calls` ((account, region, operation) per call) when
    every bucket starts full, the fullest bucket, and how many buckets there are."""
    buckets = collections.Counter(calls)
    if not buckets:
        return 0.0, None, 0
    key, n = max(buckets.items(), key=lambda kv: kv[1])
    return max(0.0, (n - MUTATING_BURST) / MUTATING_REFILL), key, len(buckets)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rolecall", required=True)
    parser.add_argument("--emulator", required=True)
    parser.add_argument("--aws", default="/usr/bin/aws")
    parser.add_argument("--accounts", type=int, default=1)
    parser.add_argument("--regions", type=int, default=1)
    parser.add_argument("--instances", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--latency-ms", default="30")
    parser.add_argument("--cli-calls", type=int, default=30)
    args = parser.parse_args()

    spec = (f"accounts={args.accounts},regions={args.regions},instances={args.instances},"
            f"seed={args.seed},compliant=0,org=on")
    emu = start_emulator(args.emulator, spec, args.latency_ms, "on", "rolecall-bench-remediate-",
                         ["--admin-token", ADMIN_TOKEN])
    endpoint, work, env = emu.endpoint, emu.work, emu.env
    env["ROLECALL_JOURNAL"] = os.path.join(work, "journal.db")
    print(f"estate: {spec}; latency {args.latency_ms} ms; EC2 throttling on; endpoint {endpoint}")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    base = [args.rolecall, "--endpoint-url", endpoint, "--quiet"]
    rows = []
    try:
        plan_file = os.path.join(work, "plan.json")
        wall, cpu, rss, _, status, err = run("plan", base + ["plan", "--instance-profile", "app-web", "--org",
                                                              "--out", plan_file], env)
        if status not in (0, 1):
            sys.exit(f"rolecall plan failed ({status}): {err[-2000:]}")
        with open(plan_file) as f:
            plan = json.load(f)
        actions = plan["actions"]
        changes = [a for a in actions if a["action"] in ("associate", "replace")]
        minimum, fullest, nbuckets = bucket_minimum(
            (a["before"]["account_id"], a["before"]["region"], a["action"]) for a in changes)
        print(f"plan: {len(changes)} changes ({plan['summary']}) in {nbuckets} EC2 buckets; fullest {fullest}: "
              f"{max(0, (minimum * MUTATING_REFILL) + MUTATING_BURST):.0f} calls -> bucket minimum {minimum:.1f} s "
              f"(plan took {wall:.1f} s)")

        state_before = dump_state(endpoint)
        before = instances_of(state_before)
        profiles = profile_names(state_before)
        wall, cpu, rss, out, status, err = run("apply", base + ["apply", plan_file, "--org", "--yes"], env)
        run_id = next((ln.split()[-1] for ln in out.splitlines() if ln.startswith("run id:")), None)
        if run_id is None:
            sys.exit(f"rolecall apply printed no run id ({status}): {err[-2000:]}")
        _, _, _, runs_out, _, _ = run("runs", [args.rolecall, "runs", run_id, "--output", "json"], env)
        steps = json.loads(runs_out)
        outcomes = collections.Counter(i.get("status", "?") for i in steps.get("instances", []))
        rows.append(("rolecall apply", len(changes), wall, cpu, rss, minimum))
        print(f"rolecall apply: exit {status}; {dict(outcomes)}; {wall:.2f} s wall = "
              f"{wall / minimum if minimum else 0:.3f}x the bucket minimum; {cpu:.2f} s CPU; {rss:.0f} MB")
        after = instances_of(dump_state(endpoint))
        fixed = sum(1 for a in changes if (after.get(a["before"]["instance_id"]) or {}).get("instance_profile") == "app-web")
        print(f"instances now on the target profile: {fixed}/{len(changes)}")

        # A backout comes later than the change: let apply's buckets refill so rollback is measured
        # against full buckets too, as it would be.
        time.sleep(MUTATING_BURST / MUTATING_REFILL)
        wall, cpu, rss, out, status, err = run("rollback", base + ["rollback", run_id, "--org", "--yes"], env)
        back_id = next((ln.split()[-1] for ln in out.splitlines() if ln.startswith("run id:")), None)
        if back_id:
            _, _, _, back_out, _, _ = run("runs", [args.rolecall, "runs", back_id, "--output", "json"], env)
            back = json.loads(back_out).get("instances", [])
            print(f"rollback run {back_id}: {dict(collections.Counter(i.get('status', '?') for i in back))}")
            back_minimum, back_fullest, _ = bucket_minimum(
                (i["account_id"], i["region"], i["operation"]) for i in back if i.get("operation") != "none")
            print(f"rollback: fullest bucket {back_fullest}: bucket minimum {back_minimum:.1f} s")
            for why in collections.Counter(i["error"] for i in back if i.get("error")).most_common(3):
                print(f"  {why[1]} x {why[0][:300]}")
        restored = instances_of(dump_state(endpoint))
        # A profile deleted after it was associated cannot be associated again (by anyone): rollback
        # leaves those instances on the working profile and journals why. Everything else must match.
        existing = {(acct["id"], p["name"]) for acct in state_before["accounts"] for p in acct.get("instance_profiles", [])}
        account_of = {i["id"]: acct["id"] for acct in state_before["accounts"] for i in acct.get("instances", [])}
        deleted = {i for i, inst in before.items()
                   if inst.get("instance_profile") and (account_of[i], inst["instance_profile"]) not in existing}
        changed = {a["before"]["instance_id"] for a in changes}
        unrestorable = changed & deleted
        diff = [i for i in before if before[i] != restored.get(i) and i not in unrestorable]
        print(f"instances whose earlier profile was deleted (cannot be restored by anyone): {len(unrestorable)}")
        rows.append(("rolecall rollback", len(back) if back_id else 0, wall, cpu, rss, back_minimum if back_id else 0))
        if diff:
            print(f"  e.g. {diff[0]}: before {before[diff[0]].get('instance_profile')}, after {restored.get(diff[0], {}).get('instance_profile')}")
        print(f"rolecall rollback: exit {status}; {wall:.2f} s wall; {cpu:.2f} s CPU; "
              f"state after rollback {'equals' if not diff else f'DIFFERS from ({len(diff)} instances)'} the state before apply"
              f" for every other instance")

        # The baseline: the spec's implementation plan, one CLI call per instance.
        sample = [a for a in changes if a["action"] == "associate"][: args.cli_calls]
        script = "set -e\n" + "".join(
            f"{args.aws} --endpoint-url {endpoint} --profile {profiles[a['before']['account_id']]} "
            f"--region {a['before']['region']} ec2 associate-iam-instance-profile --instance-id "
            f"{a['before']['instance_id']} --iam-instance-profile Name=app-web >/dev/null\n" for a in sample)
        if sample and os.path.exists(args.aws):
            wall, cpu, rss, _, status, err = run("cli", ["/bin/bash", "-c", script], env)
            if status != 0:
                print(f"AWS CLI loop failed ({status}): {err[-500:]}")
            per_call = wall / len(sample)
            rows.append((f"AWS CLI loop ({len(sample)} calls, extrapolated)", len(changes), per_call * len(changes),
                         cpu / len(sample) * len(changes), rss, minimum))
            print(f"AWS CLI loop: {len(sample)} calls in {wall:.1f} s ({per_call:.2f} s per call); "
                  f"{len(changes)} calls would take {per_call * len(changes):.0f} s")
    finally:
        emu.stop()

    print()
    print("| run | changes | wall s | CPU s | peak RSS MB | wall / bucket minimum |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, n, wall, cpu, rss, bound in rows:
        ratio = f"{wall / bound:.2f}x" if bound else "-"
        print(f"| {label} | {n} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
