#!/usr/bin/python3
"""Trail files at scale (issue 12's 10 GB): rolecall's reader and the decompression floor on every
file, `zcat | jq` with parallel workers on a deterministic sample, extrapolated by the sample's share.

1. Generates `--gb` of gzip CloudTrail files under `--dir` (make_trail_files.py) unless there, and
   reads them once into the page cache.
2. rolecall (`bench_trail_files read DIR THREADS`) and the floor (`inflate`), alternately, best of
   `--repeat`, the load average noted before and after each.
3. The sample: every `--sample-every`th file of the sorted list, hard-linked under `--dir`-sample.
   rolecall reads it, then `find | xargs -0 -n 100 -P THREADS sh -c 'zcat "$@" | jq -r FILTER > out'`
   (what a user with THREADS cores would run), the outputs counted per key and address after; the
   groups must equal rolecall's. jq's time on all files is its sample time times the sample's share
   of the bytes (every generated file is a copy of one of `--distinct` files: the same work per byte).

Usage: run_large.py --bench-bin build/bench/bench_trail_files [--dir /tmp/rolecall-trail-10g] [--gb 10]
                    [--threads 2] [--repeat 2] [--sample-every 10]
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from run_bench import JQ_FILTER, run_json, trail_files_cached


def load():
    return open("/proc/loadavg").read().split()[:3]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench-bin", required=True)
    p.add_argument("--dir", default="/tmp/rolecall-trail-10g")
    p.add_argument("--gb", type=float, default=10.0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--sample-every", type=int, default=10)
    a = p.parse_args()

    files, size = trail_files_cached(a.dir, a.gb)
    out = {"files": len(files), "compressed_bytes": size, "threads": a.threads, "load": []}
    best = {}
    for i in range(a.repeat):
        for mode in ("read", "inflate"):
            before = load()
            r = run_json([a.bench_bin, mode, a.dir, str(a.threads)])
            out["load"].append([f"{mode} {i}", before, load(), round(r["seconds"], 3)])
            if mode not in best or r["seconds"] < best[mode]["seconds"]:
                best[mode] = r
    if best["read"]["failed"]:
        sys.exit(f"rolecall could not read {best['read']['failed']} files")
    out.update({"rolecall_s": round(best["read"]["seconds"], 3), "floor_s": round(best["inflate"]["seconds"], 3),
                "groups": len(best["read"]["groups"]), "long_term_key_calls": sum(best["read"]["groups"].values()),
                "decompressed_bytes": best["inflate"]["decompressed_bytes"]})
    print(json.dumps(out), flush=True)

    sample_dir = a.dir.rstrip("/") + "-sample"
    shutil.rmtree(sample_dir, ignore_errors=True)
    sample = files[::a.sample_every]
    for f in sample:
        dst = os.path.join(sample_dir, os.path.relpath(f, a.dir))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        os.link(f, dst)
    sample_bytes = sum(os.path.getsize(f) for f in sample)
    reader = run_json([a.bench_bin, "read", sample_dir, str(a.threads)])
    with tempfile.TemporaryDirectory() as outputs:
        before = load()
        start = time.monotonic()
        find = subprocess.Popen(["find", sample_dir, "-name", "*.json.gz", "-print0"], stdout=subprocess.PIPE)
        xargs = subprocess.run(["xargs", "-0", "-n", "100", "-P", str(a.threads), "sh", "-c",
                                f"zcat \"$@\" | jq -r '{JQ_FILTER}' > {outputs}/out.$$", "_"], stdin=find.stdout)
        find.stdout.close()
        groups = collections.Counter()
        for name in os.listdir(outputs):
            with open(os.path.join(outputs, name)) as fh:
                groups.update(line.rstrip("\n") for line in fh)
        jq_seconds = time.monotonic() - start
    shutil.rmtree(sample_dir)
    if find.wait() != 0 or xargs.returncode != 0:
        sys.exit("zcat | jq failed")
    if dict(groups) != reader["groups"]:
        diff = set(groups.items()) ^ set(reader["groups"].items())
        sys.exit(f"rolecall and zcat | jq disagree on {len(diff)} groups of the sample, e.g. {sorted(diff)[:3]}")
    share = sample_bytes / size
    out.update({
        "sample_files": len(sample), "sample_bytes": sample_bytes, "sample_groups": len(groups),
        "sample_rolecall_s": round(reader["seconds"], 3), "sample_zcat_jq_s": round(jq_seconds, 3),
        "zcat_jq_load": [before, load()], "zcat_jq_extrapolated_s": round(jq_seconds / share, 1),
        "vs_floor": round(best["read"]["seconds"] / best["inflate"]["seconds"], 2),
        "vs_zcat_jq_sample": round(jq_seconds / reader["seconds"], 1),
        "vs_zcat_jq_extrapolated": round(jq_seconds / share / best["read"]["seconds"], 1),
    })
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
