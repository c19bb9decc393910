#!/usr/bin/python3
"""Trail files benchmark: rolecall's trail log reader against `zcat | jq` with the same filter and
against the decompression-only floor, on the same generated gzip files and the same cores.

1. Generates `--gb` of gzip CloudTrail files under `--dir` (make_trail_files.py) unless there.
2. Reads every file once (the page cache holds them: all three runs read from memory).
3. rolecall: `bench_trail_files read DIR` (inventory::read_trail_files: decompress with ISA-L, parse
   with simdjson, keep long-term key records, aggregate per key and address) on every core.
4. The floor: `bench_trail_files inflate DIR`, the same decompressor over the same files on the
   same threads, nothing parsed.
5. `find DIR -name '*.json.gz' | xargs zcat | jq -r FILTER` counted per key and address: the
   calls of long-term keys grouped by key and source IP, as rolecall groups them.
The groups of 3 and 5 must be equal before any ratio is printed. With `--codecs-bin`, also the
per-core codec measurements (bench_trail_codecs) on a sample of the files.

Usage: run_bench.py --bench-bin build/bench/bench_trail_files [--codecs-bin build/bench/bench_trail_codecs]
                    [--dir /tmp/rolecall-trail-bench] [--gb 1.0] [--threads N] [--repeat 3]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
JQ_FILTER = ('.Records[] | select((.userIdentity.accessKeyId? // "") | startswith("AKIA")) '
             '| "\\(.userIdentity.accessKeyId) \\(.sourceIPAddress)"')


def run_json(argv):
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed with {proc.returncode}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def trail_files_cached(directory, gb):
    """The gzip files under `directory` (generated, `gb` of them, when it does not exist), sorted,
    each read once so that every timed run reads from the page cache; and their total size."""
    if not os.path.isdir(directory):
        subprocess.run([sys.executable, os.path.join(HERE, "make_trail_files.py"), "--out", directory, "--gb",
                        str(gb)], check=True)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(directory) for f in fs if f.endswith(".json.gz"))
    size = 0
    for f in files:
        with open(f, "rb") as fh:
            size += len(fh.read())
    return files, size


def best_of(argv, repeat):
    runs = [run_json(argv) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench-bin", required=True)
    p.add_argument("--codecs-bin")
    p.add_argument("--dir", default="/tmp/rolecall-trail-bench")
    p.add_argument("--gb", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()

    files, size = trail_files_cached(a.dir, a.gb)
    print(f"{len(files)} files, {size / 1e9:.2f} GB compressed, {a.threads} threads", flush=True)

    reader = best_of([a.bench_bin, "read", a.dir, str(a.threads)], a.repeat)
    floor = best_of([a.bench_bin, "inflate", a.dir, str(a.threads)], a.repeat)
    if reader["failed"]:
        sys.exit(f"rolecall could not read {reader['failed']} files")

    start = time.monotonic()
    find = subprocess.Popen(["find", a.dir, "-name", "*.json.gz", "-print0"], stdout=subprocess.PIPE)
    zcat = subprocess.Popen(["xargs", "-0", "zcat"], stdin=find.stdout, stdout=subprocess.PIPE)
    jq = subprocess.Popen(["jq", "-r", JQ_FILTER], stdin=zcat.stdout, stdout=subprocess.PIPE, text=True)
    find.stdout.close()
    zcat.stdout.close()
    groups = collections.Counter(line.rstrip("\n") for line in jq.stdout)
    if jq.wait() != 0 or zcat.wait() != 0:
        sys.exit("zcat | jq failed")
    jq_seconds = time.monotonic() - start

    if dict(groups) != reader["groups"]:
        diff = set(groups.items()) ^ set(reader["groups"].items())
        sys.exit(f"rolecall and zcat | jq disagree on {len(diff)} groups, e.g. {sorted(diff)[:3]}")
    calls = sum(groups.values())
    result = {
        "files": len(files), "compressed_gb": round(size / 1e9, 3),
        "decompressed_gb": round(floor["decompressed_bytes"] / 1e9, 3), "threads": a.threads,
        "groups": len(groups), "long_term_key_calls": calls,
        "rolecall_s": round(reader["seconds"], 3), "floor_s": round(floor["seconds"], 3),
        "zcat_jq_s": round(jq_seconds, 3),
        "vs_zcat_jq": round(jq_seconds / reader["seconds"], 1),
        "vs_floor": round(reader["seconds"] / floor["seconds"], 2),
        "rolecall_gb_per_s_compressed": round(size / 1e9 / reader["seconds"], 3),
    }
    print(json.dumps(result, indent=2))
    if a.codecs_bin:
        sample = files[:: max(1, len(files) // 40)][:40]
        print(subprocess.run([a.codecs_bin, *sample], check=True, stdout=subprocess.PIPE, text=True).stdout)


if __name__ == "__main__":
    main()
