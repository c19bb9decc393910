#!/usr/bin/env bash
# rolecall watch --queue (issue 15 section 2): the emulator sends every recorded mutating call to an
# SQS queue as the EventBridge event of "AWS API Call via CloudTrail" (--event-queue, what an
# organization-wide rule delivers); watch reads the queue instead of LookupEvents. Changes made with
# the AWS CLI (a profile disassociated, an administrator policy attached to a role) each print
# exactly the difference of two full scans; the queue is empty afterwards (every message, the
# irrelevant ones too, deleted once its audit was reported). Malformed messages: queue_events_test,
# emulator sqs_test.
# Usage: watch_queue_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/watch_lib.sh"
e2e_use_rolecall "$2"
E2E_EMULATOR_ARGS="--record-calls on --event-queue 0:rolecall-events"
e2e_start "$1" "accounts=2,regions=2,instances=12,seed=5"

management=$(e2e_estate "state['accounts'][0]['id']")
queue=$(awsx sqs get-queue-url --queue-name rolecall-events --query QueueUrl --output text)
assert_eq "$queue" "$E2E_ENDPOINT/$management/rolecall-events" "aws sqs get-queue-url finds the event queue"
watch_admin_session e2e-queue
in_queue() {  # messages visible plus in flight
  local visible hidden
  read -r visible hidden < <(awsx sqs get-queue-attributes --queue-url "$queue" \
    --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible --output text \
    --query '[Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]')
  echo $((visible + hidden))
}

"$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color watch --org --queue "$queue" --interval 1s \
  >"$E2E_DIR/watch.out" 2>"$E2E_DIR/watch.err" &
watch_pid=$!
wait_watching
assert_eq "$(grep -c "watching 2 account(s) through queue $queue" "$E2E_DIR/watch.err")" 1 \
  "watch audits the organization, then reads the queue"
full_scan "$E2E_DIR/before1.json"

# --- 1. a profile disassociated from a running instance ------------------------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
disassociate_first_profile
full_scan "$E2E_DIR/after1.json"
wait_lines 1 "$mark"
check_change "disassociation" "$E2E_DIR/before1.json" "$E2E_DIR/after1.json" "$mark"
assert_disassociation_line "$mark" "instance-has-role turned FAIL, triggered by the queued DisassociateIamInstanceProfile"

# --- 2. an administrator policy attached to a role several instances use ---------------------------
mark=$(wc -l <"$E2E_DIR/watch.out")
attach_admin_policy
full_scan "$E2E_DIR/after2.json"
wait_lines 1 "$mark"
check_change "administrator policy on role $role" "$E2E_DIR/after1.json" "$E2E_DIR/after2.json" "$mark"
assert_eq "$(grep -c 'AttachRolePolicy' "$E2E_DIR/watch.out")" "$(($(wc -l <"$E2E_DIR/watch.out") - mark))" \
  "each line of the second change names AttachRolePolicy"

# --- the queue drains: every message deleted after its audit was reported ---------------------------
left=1
for _ in $(seq 1 40); do
  left=$(in_queue)
  [[ "$left" == "0" ]] && break
  sleep 0.5
done
assert_eq "$left" 0 "the queue is empty (visible and in flight)"

kill -TERM "$watch_pid"
status=0
wait "$watch_pid" || status=$?
assert_eq "$status" 0 "SIGTERM stops watch with exit status 0"
e2e_finish
