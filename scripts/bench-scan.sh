#!/usr/bin/env bash
# Benchmarks `rolecall scan` on a generated estate served by rolecall-emulator with latency and
# throttling (issue 4): rolecall's test-plan checks against the same test plan scripted with the
# AWS CLI and with boto3 (in one run, verdicts compared), then rolecall's full scan.
#
# Needs: /usr/bin/aws (Debian awscli) and /usr/bin/python3 with boto3 (Debian python3-boto3);
# builds rolecall and rolecall-emulator (RelWithDebInfo) into BUILD_DIR (default ./build-rel).
# Arguments are passed to bench/scan_estate/run_bench.py, e.g.
#   scripts/bench-scan.sh                                   # 100k instances, 20 accounts x 17 regions
#   scripts/bench-scan.sh --instances 10000 --skip cli      # a quicker run without the AWS CLI
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-rel}"
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" rolecall rolecall-emulator bench_scan_estate >/dev/null
exec /usr/bin/python3 "$ROOT/bench/scan_estate/run_bench.py" \
  --rolecall "$BUILD_DIR/rolecall" --emulator "$BUILD_DIR/rolecall-emulator" \
  --floor "$BUILD_DIR/bench/bench_scan_estate" "$@"
