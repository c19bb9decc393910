#!/usr/bin/python3
"""Trail files from S3: `scan --trail-logs s3://BUCKET/AWSLogs` (ListObjectsV2 + GetObject served by
rolecall-emulator over HTTP on the same machine) against `scan --trail-logs DIR` over the same files.

1. Generates `--gb` of gzip CloudTrail files under `--dir` (make_trail_files.py) unless there, and
   reads them once (the page cache holds them).
2. Starts rolecall-emulator with `--bucket-dir bench-trail=DIR` (every file an object of the bucket).
3. Times `rolecall scan --from INV --trail-logs DIR` and `... --trail-logs s3://bench-trail/AWSLogs
   --endpoint-url URL` over the month the files cover (best of `--repeat`), checks both read the same
   number of files and give the same verdict, and prints the ratio of S3 to the directory.

Usage: run_s3_bench.py --rolecall build/rolecall --emulator build/rolecall-emulator
                       [--dir /tmp/rolecall-trail-bench] [--gb 1.0] [--repeat 3]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from run_bench import trail_files_cached

# One instance in an account the generated files do not hold: every file is read all the same, and
# its verdict (ERROR: no file of its account) states how many were read.
INVENTORY = {"Reservations": [{"OwnerId": "999999999999", "Instances": [{
    "InstanceId": "i-0123456789abcdef0", "State": {"Name": "running"},
    "Placement": {"AvailabilityZone": "us-east-1a"}, "PrivateIpAddress": "10.0.0.1",
    "PublicIpAddress": "54.1.2.3", "SubnetId": "subnet-1", "VpcId": "vpc-1"}]}]}


def timed_scan(argv, env):
    start = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.monotonic() - start
    if proc.returncode not in (0, 1, 4):
        sys.exit(f"{' '.join(argv)} failed with {proc.returncode}: {proc.stderr[-2000:]}")
    findings = [f for f in json.loads(proc.stdout)["findings"] if f["check_id"] == "key-in-use-from-instance"]
    errors = [f["message"] for f in json.loads(proc.stdout)["findings"] if f["check_id"] == "scan"]
    if errors:
        sys.exit(f"the scan had errors: {errors[:3]}")
    text = " ".join(f["message"] + " " + f["evidence"].get("detail", "") for f in findings)
    read = re.search(r"(\d+) (?:trail log file\(s\) under|file\(s\) read)", text)
    return seconds, [f["status"] for f in findings], int(read.group(1)) if read else -1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rolecall", required=True)
    p.add_argument("--emulator", required=True)
    p.add_argument("--dir", default="/tmp/rolecall-trail-bench")
    p.add_argument("--gb", type=float, default=1.0)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    files, size = trail_files_cached(a.dir, a.gb)
    print(f"{len(files)} files, {size / 1e9:.2f} GB compressed", flush=True)

    with tempfile.TemporaryDirectory(prefix="rolecall-s3-bench-") as tmp:
        inventory = os.path.join(tmp, "inventory.json")
        with open(inventory, "w") as fh:
            json.dump(INVENTORY, fh)
        emulator = subprocess.Popen(
            [a.emulator, "--port", "0", "--generate", "accounts=1,regions=1,instances=1,seed=1", "--credentials-out",
             os.path.join(tmp, "credentials"), "--bucket-dir", f"bench-trail={a.dir}"],
            stdout=subprocess.PIPE, text=True)
        try:
            line = emulator.stdout.readline().strip()
            if not line.startswith("listening on "):
                sys.exit(f"the emulator did not start: {line}")
            endpoint = line[len("listening on "):]
            env = dict(os.environ, AWS_SHARED_CREDENTIALS_FILE=os.path.join(tmp, "credentials"),
                       AWS_CONFIG_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true", AWS_REGION="us-east-1")
            for k in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
                env.pop(k, None)
            common = [a.rolecall, "--quiet", "--no-color", "scan", "--from", inventory, "--region", "us-east-1",
                      "--trail-since", "2026-11-01", "--trail-until", "2026-11-30", "--fail-on", "none",
                      "--output", "json"]
            local = [timed_scan(common + ["--trail-logs", a.dir], env) for _ in range(a.repeat)]
            s3 = [timed_scan([a.rolecall, "--endpoint-url", endpoint] + common[1:] +
                             ["--trail-logs", "s3://bench-trail/AWSLogs", "--trail-logs-region", "us-east-1"], env)
                  for _ in range(a.repeat)]
        finally:
            emulator.terminate()
            emulator.wait()
    if {(r[1][0] if r[1] else None, r[2]) for r in local + s3} != {(local[0][1][0] if local[0][1] else None,
                                                                   local[0][2])}:
        sys.exit(f"the runs differ: directory {[r[1:] for r in local]}, s3 {[r[1:] for r in s3]}")
    best_local, best_s3 = min(r[0] for r in local), min(r[0] for r in s3)
    print(json.dumps({"files_read": local[0][2], "verdict": local[0][1], "directory_seconds": round(best_local, 3),
                      "s3_seconds": round(best_s3, 3), "ratio": round(best_s3 / best_local, 2)}))


if __name__ == "__main__":
    main()
