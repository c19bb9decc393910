#!/usr/bin/env bash
# Benchmarks `rolecall apply` and `rollback` (issue 5) on a generated estate served by
# rolecall-emulator with 30 ms latency and EC2 throttling: apply's wall time against the minimum
# EC2's mutating-call buckets allow for the plan, rollback's exactness (state dumps compared), and
# a loop of `aws ec2 associate-iam-instance-profile` calls as the baseline, in one run.
#
# Needs /usr/bin/aws (Debian awscli); builds rolecall and rolecall-emulator (RelWithDebInfo) into
# BUILD_DIR (default ./build-rel). Arguments go to bench/remediate/run_bench.py, e.g.
#   scripts/bench-remediate.sh                                  # 5,000 instances behind one bucket (~14 min)
#   scripts/bench-remediate.sh --accounts 5 --regions 2         # the same spread over 20 buckets (~2 min)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-rel}"
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" rolecall rolecall-emulator >/dev/null
exec /usr/bin/python3 "$ROOT/bench/remediate/run_bench.py" \
  --rolecall "$BUILD_DIR/rolecall" --emulator "$BUILD_DIR/rolecall-emulator" "$@"
