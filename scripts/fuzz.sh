#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang-19, ASan+UBSan; docs/fuzzing.md) and runs each
# for a fixed time, starting from its committed seeds (fuzz/corpus/<target>/ plus the test data it
# names below). Fails when any target finds a crash, a leak, undefined behaviour, a timeout or an
# out-of-memory; the input is left in build-fuzz/artifacts/<target>/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET_REGEX]   (defaults: 15, every target)
#   e.g. scripts/fuzz.sh 3600 'xml$'   an hour on each XML target
# ROLECALL_FUZZ_SKIP_BUILD=1 runs what build-fuzz/ holds without configuring or building;
# ROLECALL_FUZZ_ALL=1 also runs the targets waiting for a known defect's fix (below);
# ROLECALL_FUZZ_TIMEOUT=S sets the per-input timeout (default 10 s; raise it for a long run at low
# priority on a busy machine, where a starved process would report spurious timeouts).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
filter=${2:-.}
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "usage: $0 [SECONDS_PER_TARGET] [TARGET_REGEX]" >&2; exit 2; }

if [[ "${ROLECALL_FUZZ_SKIP_BUILD:-0}" != "1" ]]; then
  # Optimised, with assertions kept and just the line tables symbolised stacks need.
  CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" -DROLECALL_WERROR=ON -DROLECALL_FUZZ=ON -DROLECALL_BUILD_TESTS=OFF -DROLECALL_BUILD_BENCH=OFF >/dev/null
  ninja -C build-fuzz -j"$(nproc)" fuzz
fi

# Test data that also seeds a target (read, never written: new inputs go to build-fuzz/corpus/).
declare -A test_seeds=(
  [ec2_xml]="tests/data/aws/ec2"
  [iam_sts_xml]="tests/data/aws/iam tests/data/aws/sts"
  [organizations_json]="tests/data/aws/org"
  [awscli_json]="tests/data/offline/awscli"
  [user_data]="tests/data/secrets/positives tests/data/secrets/negatives"
)

# Targets that crash on a known defect being fixed elsewhere (issue 17): not run until the fix lands,
# so CI fails only on new findings. Remove an entry when its fix is on main.
declare -A waiting=()

symbolizer=$(command -v llvm-symbolizer-19 || command -v llvm-symbolizer || true)
# Each target fuzzes on one thread for its full time; ROLECALL_FUZZ_PARALLEL (default: the number of
# cores) of them run side by side, so CI's 2 cores take half the wall time for the same work.
parallel=${ROLECALL_FUZZ_PARALLEL:-$(nproc)}
[[ $parallel =~ ^[0-9]+$ && $parallel -gt 0 ]] || parallel=1
results=build-fuzz/fuzz-logs/results
rm -rf "$results"
mkdir -p "$results"

# run_target NAME: fuzzes NAME; writes its table line to $results/NAME and exits with its status.
run_target() {
  local name=$1
  local bin=build-fuzz/fuzz/fuzz_$name work=build-fuzz/corpus/$name artifacts=build-fuzz/artifacts/$name/
  local log=build-fuzz/fuzz-logs/$name.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local dict=()
  case $name in
    *_xml) dict=(-dict=fuzz/dict/xml.dict) ;;
    *_json) dict=(-dict=fuzz/dict/json.dict) ;;
    *_yaml) dict=(-dict=fuzz/dict/yaml.dict) ;;
    *) [[ -f fuzz/dict/$name.dict ]] && dict=("-dict=fuzz/dict/$name.dict") ;;
  esac
  # shellcheck disable=SC2206  # the seed list is space-separated on purpose
  local seeds=(fuzz/corpus/"$name" ${test_seeds[$name]:-})
  local status=0
  ASAN_SYMBOLIZER_PATH=$symbolizer ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout="${ROLECALL_FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dict[@]}" "$work" "${seeds[@]}" >"$log" 2>&1 || status=$?
  local execs rate result=ok
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  [[ $status -eq 0 ]] || result="FAILED (exit $status, log $log)"
  printf '%-20s %8s %10s %8s %s\n' "$name" "$seconds" "${execs:--}" "${rate:--}" "$result" >"$results/$name"
  return "$status"
}

listed=()  # the targets the filter selects, in file order: the table's rows
names=()   # those of them to run
for src in fuzz/*_fuzz.cpp; do
  name=$(basename "$src" _fuzz.cpp)
  [[ $name =~ $filter ]] || continue
  listed+=("$name")
  if [[ -n "${waiting[$name]:-}" && "${ROLECALL_FUZZ_ALL:-0}" != "1" ]]; then
    printf '%-20s %8s %10s %8s %s\n' "$name" - - - "waiting: ${waiting[$name]}" >"$results/$name"
    continue
  fi
  names+=("$name")
done
running=0
for name in "${names[@]}"; do
  if [[ $running -ge $parallel ]]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$name" &
  running=$((running + 1))
done
wait || true

failed=()
printf '%-20s %8s %10s %8s %s\n' target seconds execs exec/s result
for name in "${listed[@]}"; do
  if [[ ! -f "$results/$name" ]]; then  # its runner died before it could report: a failure too
    printf '%-20s %8s %10s %8s %s\n' "$name" "$seconds" - - "FAILED (no result)"
    failed+=("$name")
    continue
  fi
  cat "$results/$name"
  if grep -q ' FAILED (' "$results/$name"; then failed+=("$name"); fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found a problem in: ${failed[*]} (inputs in build-fuzz/artifacts/; docs/fuzzing.md)" >&2
  for name in "${failed[@]}"; do grep -m3 -E "ERROR: |runtime error|SUMMARY" "build-fuzz/fuzz-logs/$name.log" >&2 || true; done
  exit 1
fi
