#!/usr/bin/env bash
# rolecall watch (issue 15 section 2): a scan, then changes made with the AWS CLI against the emulator
# (which records every call as a CloudTrail event): a profile disassociated, an administrator policy
# attached to a role, the profile associated again, an instance launched without one. After each, watch prints exactly the verdicts
# that changed, as the difference of two full scans (the ground truth) says, as JSON lines; its
# store holds the finding opened and resolved, Security Hub has it ACTIVE then ARCHIVED (each incremental
# audit imports its own verdicts, with no GetFindings); SIGTERM
# stops it with exit status 0. Each audit's changes reach a webhook as one signed POST.
# With "postgresql" as the third argument the store is a throwaway PostgreSQL server, else SQLite.
# Usage: watch_test.sh ROLECALL_EMULATOR ROLECALL [postgresql]
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/watch_lib.sh"
source "$(dirname "$0")/pg_lib.sh"
e2e_use_rolecall "$2"
E2E_EMULATOR_ARGS="--record-calls on --verbose"
e2e_start "$1" "accounts=2,regions=2,instances=16,seed=3"
store="$E2E_DIR/store.db"
if [[ "${3:-}" == postgresql ]]; then
  pg_start
  store=$PG_URL
fi

watch_admin_session e2e-changes

# A webhook receiver: every POST it gets, with its signature checked, one line in hooks.jsonl.
coproc receiver { exec python3 "$(dirname "$0")/webhook_receiver.py" "$E2E_DIR/hooks.jsonl" e2e-hook-secret; }
receiver_pid=$receiver_PID
read -r hook_port <&"${receiver[0]}"
trap 'watch_status=$?; set +e; kill "$receiver_pid" 2>/dev/null || true; pg_stop; (exit $watch_status); e2e_cleanup' EXIT

home=$(e2e_estate "state['accounts'][1]['security_hub_regions'][0]")
ROLECALL_WEBHOOK_SECRET=e2e-hook-secret "$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color watch --org \
  --interval 1s --store "$store" --security-hub --security-hub-region "$home" \
  --webhook "http://127.0.0.1:$hook_port/hooks/T0/SECRETPATH" >"$E2E_DIR/watch.out" 2>"$E2E_DIR/watch.err" &
watch_pid=$!
wait_watching
assert_eq "$(grep -c 'watching 2 account(s)' "$E2E_DIR/watch.err")" 1 "watch audits the organization, then watches it"
full_scan "$E2E_DIR/before1.json"
# Security Hub calls so far (the emulator logs each request): the first scan's whole export.
hub_calls() { grep -c "\[securityhub $1 " "$E2E_DIR/stderr" || true; }
first_reads=$(hub_calls GetFindings)
first_imports=$(hub_calls BatchImportFindings)
assert_ne "$first_reads" 0 "the first scan's export read what is active in Security Hub"

# --- 1. a profile disassociated from a running instance ------------------------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
disassociate_first_profile
full_scan "$E2E_DIR/after1.json"
wait_lines 1 "$mark"
check_change "disassociation" "$E2E_DIR/before1.json" "$E2E_DIR/after1.json" "$mark"
assert_disassociation_line "$mark" "instance-has-role turned FAIL, triggered by DisassociateIamInstanceProfile"

# Security Hub holds the finding as each audit left it: ACTIVE now, ARCHIVED after the fix.
hub_state() {
  echo >>"$E2E_DIR/hub_state.calls"  # the test's own GetFindings, not watch's
  admin securityhub get-findings --region "$home" --filters \
    '{"Id":[{"Value":"rolecall/instance-has-role/'"$member/$region/$instance"'","Comparison":"EQUALS"}]}' \
    --query 'Findings[0].RecordState' --output text
}
assert_eq "$(hub_state)" "ACTIVE" "the audit imported the new failure into Security Hub"

# --- 2. an administrator policy attached to a role several instances use ---------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
attach_admin_policy
full_scan "$E2E_DIR/after2.json"
wait_lines 2 "$mark"
check_change "administrator policy on role $role" "$E2E_DIR/after1.json" "$E2E_DIR/after2.json" "$mark"

# --- 3. the fix: the profile associated again --------------------------------------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
admin ec2 associate-iam-instance-profile --region "$region" --instance-id "$instance" \
  --iam-instance-profile "Name=$profile" >/dev/null
full_scan "$E2E_DIR/after3.json"
wait_lines 1 "$mark"
check_change "re-association" "$E2E_DIR/after2.json" "$E2E_DIR/after3.json" "$mark"
assert_eq "$(hub_state)" "ARCHIVED" "the audit after the fix archived it"

# --- 4. an instance launched without a profile -------------------------------------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
launched=$(admin ec2 run-instances --region "$region" --image-id ami-0abcdef1234567890 --instance-type t3.micro \
  --query 'Instances[0].InstanceId' --output text)
assert_ne "$launched" "" "aws ec2 run-instances launched an instance"
full_scan "$E2E_DIR/after4.json"
wait_lines 1 "$mark"
check_change "launch without a profile" "$E2E_DIR/after3.json" "$E2E_DIR/after4.json" "$mark"
assert_eq "$(sed -n "$((mark + 1)),\$p" "$E2E_DIR/watch.out" | grep "$launched" | grep -c '"check_id":"instance-has-role","status":"FAIL"')" 1 \
  "the new instance's instance-has-role is a new FAIL"

# --- the store: the finding opened by change 1 and resolved by change 3 ----------------------------
assert_json "$(rc findings --store "$store" --check instance-has-role --output json)" \
  'any(f["resource_id"] == "'"$instance"'" and f["state"] == "resolved" for f in (doc if isinstance(doc, list) else doc["findings"]))' \
  "the store holds instance-has-role for $instance, opened and resolved"

# --- the webhook: every changed verdict, posted once, signed, one POST per audit -------------------
python3 - "$E2E_DIR/watch.out" "$E2E_DIR/hooks.jsonl" >"$E2E_DIR/hooks.check" <<'PY'
import json, sys
strip = lambda o: {k: v for k, v in o.items() if k != "time"}  # stamped when printed / when posted
lines = [strip(json.loads(l)) for l in open(sys.argv[1]) if l.strip()]
posts = [json.loads(l) for l in open(sys.argv[2])]
posted = [strip(c) for p in posts for c in json.loads(p["body"])["changes"]]
print("posts", len(posts), "invalid", sum(not p["valid"] for p in posts), "lines", len(lines),
      "equal", sorted(map(json.dumps, lines)) == sorted(map(json.dumps, posted)))
PY
read -r _ posts _ invalid _ lines _ equal <"$E2E_DIR/hooks.check"
assert_eq "$equal" "True" "the webhook received exactly the printed changes ($(cat "$E2E_DIR/hooks.check"))"
assert_eq "$invalid" 0 "every POST carries a valid HMAC-SHA256 signature"
assert_eq "$((posts >= 4 && posts <= lines))" 1 "one POST per audit that changed something ($posts posts, $lines lines)"
assert_eq "$(grep -c SECRETPATH "$E2E_DIR/watch.err" || true)" 0 "the webhook's path is never printed"

# --- the changes were audited incrementally: the emulator's records name what the AWS CLI touched ---
assert_ne "$(grep -c 're-audited incrementally' "$E2E_DIR/watch.err")" 0 \
  "watch collected and judged again only what the changes touched"

# --- Security Hub took each incremental audit's own verdicts: imported, never read back ---------
assert_eq "$(hub_calls GetFindings)" "$((first_reads + $(wc -l <"$E2E_DIR/hub_state.calls")))" \
  "no incremental audit read Security Hub's findings (GetFindings: only the scans' exports)"
assert_ne "$(hub_calls BatchImportFindings)" "$first_imports" "the incremental audits imported their verdicts"
python3 - "$E2E_DIR/watch.err" >"$E2E_DIR/hub.check" <<'PY'
import re, sys
counts = [int(m.group(1)) + int(m.group(2)) for m in re.finditer(r"security hub \(.*?\): (\d+) findings imported, (\d+) archived, 0 failed", open(sys.argv[1]).read())]
print(len(counts), max(counts[1:] or [0]), counts[0] if counts else 0)
PY
read -r exports largest first <"$E2E_DIR/hub.check"
assert_eq "$((exports >= 5 && largest < first))" 1 \
  "each incremental export sends fewer findings than the first scan's ($exports exports, largest $largest, first $first)"

# --- SIGTERM stops it cleanly ----------------------------------------------------------------------
kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq "$status" 0 "SIGTERM stops watch with exit status 0"
e2e_finish
