#!/usr/bin/env bash
# What the rolecall watch e2e tests share (sourced after lib.sh; watch's stdout in $E2E_DIR/watch.out).

# Waits until watch has printed at least $1 lines after line $2, then a little longer for stragglers.
wait_lines() {
  for _ in $(seq 1 120); do
    (($(wc -l <"$E2E_DIR/watch.out") - $2 >= $1)) && break
    sleep 0.5
  done
  sleep 3
}
# check_change NAME BEFORE AFTER FIRST_LINE: the lines since FIRST_LINE are exactly the verdicts that changed.
check_change() {
  local diff
  diff=$(python3 "$(dirname "${BASH_SOURCE[0]}")/watch_verdicts.py" "$2" "$3" "$E2E_DIR/watch.out" "$4")
  assert_eq "$diff" "" "$1: watch printed exactly the verdicts that changed"
}
