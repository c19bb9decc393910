#!/usr/bin/env bash
# rolecall watch's reconciliation (issue 15 section 2: "a periodic full reconciliation catches missed
# events"): with the emulator recording no CloudTrail events, a change made with the AWS CLI is seen
# by no poll, and the next full scan (--reconcile) reports exactly the verdicts it changed, marked
# "reconciliation"; --max-polls ends watch with exit status 0.
# Usage: watch_reconcile_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/watch_lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=2,instances=12,seed=8"

watch_admin_session e2e-quiet

# The truth before is taken before watch starts (nothing changes until the disassociation), so the
# change follows watch's first scan at once, well before the first reconciliation at 10 s even on
# a loaded machine; a change after it would be seen by none of the 16 polls.
full_scan "$E2E_DIR/before.json"
"$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color watch --org --interval 1s --reconcile 10s --max-polls 16 \
  >"$E2E_DIR/watch.out" 2>"$E2E_DIR/watch.err" &
watch_pid=$!
wait_watching
disassociate_first_profile
full_scan "$E2E_DIR/after.json"
assert_eq "$("$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" cloudtrail lookup-events --region "$region" \
  --lookup-attributes AttributeKey=EventName,AttributeValue=DisassociateIamInstanceProfile --query 'length(Events)')" \
  0 "CloudTrail holds no event of the change (the emulator records none)"
status=0
wait "$watch_pid" || status=$?
assert_eq "$status" 0 "watch ends after --max-polls with exit status 0"
assert_eq "$(python3 "$(dirname "$0")/watch_verdicts.py" "$E2E_DIR/before.json" "$E2E_DIR/after.json" "$E2E_DIR/watch.out" 0)" \
  "" "the reconciliation printed exactly the verdicts the change turned"
assert_eq "$(grep -c '"triggers":\["reconciliation"\]' "$E2E_DIR/watch.out")" "$(wc -l <"$E2E_DIR/watch.out" | tr -d ' ')" \
  "every line is marked reconciliation"
assert_ne "$(grep -c 'audited' "$E2E_DIR/watch.err")" 1 "the full scans ran again"
e2e_finish
