#!/usr/bin/env bash
# No stale report (issue 17): a scan that could scan nothing exits 3, wherever it failed (no
# credentials, STS answering garbage, nothing listening, every region failing), and leaves no
# report from an earlier run at --output-file or in --report-dir; a successful scan replaces the
# reports whole, leaving no temporary file. A plan that cannot be made removes an earlier plan file. Usage: stale_report_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=12,seed=3"
out="$E2E_DIR/out/report.json" dir="$E2E_DIR/out/all"
mkdir -p "$E2E_DIR/out"
scan() { "$rolecall" --quiet --no-color --output json --output-file "$out" "$@" scan --report-dir "$dir" --regions us-east-1; }

# Yesterday's reports, from a scan that worked.
status=0
scan --endpoint-url "$E2E_ENDPOINT" 2>"$E2E_DIR/err" || status=$?
[[ $status -le 1 ]] && e2e_pass "a working scan exits 0 or 1" || e2e_fail "a working scan exits $status: $(cat "$E2E_DIR/err")"
no_temporaries() {
  local left
  left=$(find "$E2E_DIR/out" -name '*.tmp-*' | head -3)
  assert_eq "$left" "" "$1: no temporary file is left"
}
no_temporaries "a working scan"

# A port where nothing listens.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# An endpoint answering every request with 200 and garbage.
python3 - "$E2E_DIR/garbage.port" <<'EOF' &
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<<<this is not XML>>> \x00\xff"
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
EOF
garbage_pid=$!
for _ in $(seq 50); do [[ -s "$E2E_DIR/garbage.port" ]] && break; sleep 0.1; done
garbage="http://127.0.0.1:$(cat "$E2E_DIR/garbage.port")"

check_failure() {
  local what="$1"
  shift
  scan --endpoint-url "$E2E_ENDPOINT" >/dev/null 2>&1 || true  # yesterday's reports again
  [[ -s "$out" && -s "$dir/report.sarif" ]] || e2e_fail "$what: setup: no earlier report"
  local status=0
  "$@" 2>"$E2E_DIR/err" || status=$?
  assert_eq "$status" "3" "$what: exit 3 (nothing could be scanned)"
  local left
  left=$(ls "$E2E_DIR/out" "$dir" 2>/dev/null | grep -c 'report' || true)
  assert_eq "$left" "0" "$what: no report from the earlier run is left"
  no_temporaries "$what"
}
check_failure "no credentials" env AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_CONFIG_FILE=/dev/null \
  bash -c "$(declare -f scan); out='$out' dir='$dir' rolecall='$rolecall'; scan --endpoint-url '$E2E_ENDPOINT'"
check_failure "STS answers garbage" scan --endpoint-url "$garbage"
check_failure "nothing listening" scan --endpoint-url "http://127.0.0.1:$closed"

# A plan that cannot be made leaves no earlier plan file at --out for `apply` to pick up.
plan_file="$E2E_DIR/out/plan.json"
plan() { "$rolecall" --quiet --no-color "$@" plan --instance-profile app-web --regions us-east-1 --out "$plan_file"; }
plan --endpoint-url "$E2E_ENDPOINT" >/dev/null 2>"$E2E_DIR/err" || e2e_fail "a working plan: $(cat "$E2E_DIR/err")"
[[ -s "$plan_file" ]] && e2e_pass "a working plan writes its file" || e2e_fail "a working plan wrote no file"
status=0
plan --endpoint-url "$garbage" >/dev/null 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" "3" "a plan against garbage: exit 3 (nothing could be read)"
[[ ! -e "$plan_file" ]] && e2e_pass "the failed plan left no earlier plan file" || e2e_fail "the earlier plan file is still there"
no_temporaries "a failed plan"
kill "$garbage_pid" 2>/dev/null || true

# Every region failing: the scan has a result (one ERROR per scope), written whole, and exits 3.
scan --endpoint-url "$E2E_ENDPOINT" >/dev/null 2>&1 || true
status=0
"$rolecall" --quiet --no-color --output json --output-file "$out" --endpoint-url "$E2E_ENDPOINT" \
  scan --report-dir "$dir" --regions xx-nowhere-1 2>"$E2E_DIR/err" || status=$?
assert_eq "$status" "3" "every region failing: exit 3"
assert_json "$(cat "$out")" "doc['findings'] and all(f['status'] == 'ERROR' for f in doc['findings'])" \
  "every region failing: the report is this run's, its ERROR findings only"
no_temporaries "every region failing"

# A working scan again: every report replaced whole.
status=0
scan --endpoint-url "$E2E_ENDPOINT" 2>"$E2E_DIR/err" || status=$?
[[ $status -le 1 ]] && e2e_pass "the next working scan exits 0 or 1" || e2e_fail "the next working scan exits $status"
assert_json "$(cat "$out")" "any(f['status'] in ('PASS', 'FAIL') for f in doc['findings'])" "--output-file holds the new report, whole"
assert_json "$(cat "$dir/report.json")" "any(f['status'] in ('PASS', 'FAIL') for f in doc['findings'])" "--report-dir holds the new report, whole"
no_temporaries "the next working scan"
e2e_finish
