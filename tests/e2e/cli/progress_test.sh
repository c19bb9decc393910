#!/usr/bin/env bash
# The progress line on a terminal (issue 14): `rolecall scan` run in tmux against a slow, throttled
# estate shows each phase with done/total and, while a phase runs, its rate and ETA (user data,
# CloudTrail pages at 2/s), and clears the line when the report is written; without a terminal
# (every other test) nothing is drawn unless --progress-every asks for log lines.
# Usage: progress_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed (scripts/install-deps.sh installs it)"; exit 77; }
E2E_EMULATOR_ARGS="--latency-ms 30 --throttle on" e2e_start "$1" "accounts=2,regions=2,instances=120,seed=12"

socket="rolecall-e2e-$$"
tmux_cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap 'tmux_status=$?; set +e; tmux_cleanup; (exit $tmux_status); e2e_cleanup' EXIT
# A new tmux server starts with this shell's environment (credentials file, region, no pager).
# 100 columns: narrower than the line with every phase, which must be cut, never wrapped.
tmux -L "$socket" new-session -d -x 100 -y 6 \
  "'$rolecall' --endpoint-url '$E2E_ENDPOINT' --no-color scan --org --key-evidence --output json \
   --output-file '$E2E_DIR/report.json'; echo \"exit:\$?\" >'$E2E_DIR/done'; sleep 30"
captures=0
for _ in $(seq 1 400); do
  tmux -L "$socket" capture-pane -p -t 0 >>"$E2E_DIR/panes" 2>/dev/null && captures=$((captures + 1))
  echo "--- capture" >>"$E2E_DIR/panes"
  [[ -f "$E2E_DIR/done" ]] && break
  sleep 0.1
done
tmux -L "$socket" capture-pane -p -t 0 >"$E2E_DIR/last-pane" 2>/dev/null || true
assert_eq "$(cut -d: -f2 "$E2E_DIR/done" 2>/dev/null)" 1 "the scan in tmux ends with its findings' exit status"
assert_ne "$captures" 0 "the pane was captured"
assert_contains "$(cat "$E2E_DIR/panes")" "scanning: accounts" "the progress line is drawn on a terminal"
assert_eq "$(grep -cE 'user data [0-9,]+/[0-9,]+ \([0-9]+/s, ETA [0-9]+(s|m[0-9]+s)\)' "$E2E_DIR/panes" || true)" \
  "$(grep -cE 'user data [0-9,]+/[0-9,]+ \(' "$E2E_DIR/panes" || true)" "a running phase shows its rate and ETA"
assert_contains "$(cat "$E2E_DIR/panes")" "instances " "the instance listing has its phase"
if grep -qE 'CloudTrail [0-9,]+/[0-9,]+ pages \([0-9]+/s, ETA' "$E2E_DIR/panes"; then
  e2e_pass "the CloudTrail phase shows its pages, rate and ETA"
else
  e2e_fail "the CloudTrail phase shows its pages, rate and ETA"
  grep -o 'scanning:.*' "$E2E_DIR/panes" | tail -3
fi
grep -o 'scanning:.*' "$E2E_DIR/panes" | awk '!seen[$0]++' | sed -n '1p;$p' | sed 's/^/# /'  # for the log
assert_eq "$(grep -c 'scanning:' "$E2E_DIR/last-pane" || true)" 0 "the line is cleared when the scan ends"
# A wrapped line cannot be redrawn in place: its first rows would stay behind as more "scanning:" rows.
assert_eq "$(awk '/^--- capture/ { if (n > 1) bad++; n = 0; next } /scanning:/ { n++ } END { print bad + 0 }' "$E2E_DIR/panes")" \
  0 "the line is cut to the terminal's width, never wrapped"
assert_contains "$(cat "$E2E_DIR/last-pane")" "report written to" "and the report's own message follows"

# Without a terminal, --progress-every writes the line as log lines, the time since the start first,
# one per interval while the scan runs (its key-evidence pages are paced at 2/s: a few seconds), and
# the last state when the collection ends; --quiet wins over it.
"$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color --progress-every 0.5 scan --org --key-evidence --output json \
  --output-file "$E2E_DIR/logged.json" 2>"$E2E_DIR/progress.log" >/dev/null || true
lines=$(grep -cE '^\[ *[0-9]+(s|m[0-9]+s)\] scanning: accounts [0-9]+/2' "$E2E_DIR/progress.log" || true)
if [[ $lines -ge 3 ]]; then e2e_pass "log lines while the scan runs ($lines)"; else
  e2e_fail "log lines while the scan runs: $lines"; sed 's/^/  | /' "$E2E_DIR/progress.log" | head; fi
assert_eq "$(grep -c $'\r' "$E2E_DIR/progress.log" || true)" 0 "log lines are never redrawn in place"
last=$(grep 'scanning:' "$E2E_DIR/progress.log" | tail -1)
assert_contains "$last" "accounts 2/2" "the last line is where the collection ended"
assert_contains "$last" "CloudTrail" "with every phase"
assert_eq "$("$rolecall" --endpoint-url "$E2E_ENDPOINT" --quiet --progress-every 0.5 scan --org --output json \
  --output-file "$E2E_DIR/quiet.json" 2>&1 >/dev/null | grep -c scanning: || true)" 0 "--quiet wins over --progress-every"
e2e_finish
