#!/usr/bin/env bash
# A run one operator is applying cannot be resumed or rolled back by another (issue 15: a journal a
# team shares), on an SQLite file and on PostgreSQL: alice's apply is frozen (SIGSTOP) mid-run;
# bob's `runs` shows it in use by her process, his `apply --resume` and `rollback` are refused
# (exit 2, naming her pid) and change nothing. Alice is then killed (SIGKILL): at once `runs` shows
# the run interrupted, and bob's resume finishes it and his rollback undoes it.
# Usage: run_claim_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg_lib.sh"
e2e_use_rolecall "$2"
# Every call takes 200 ms, so alice's apply is still running when she is frozen.
E2E_EMULATOR_ARGS="--latency-ms 200"
e2e_start "$1" "accounts=1,regions=1,instances=12,seed=37,compliant=0"
pg_start
unset ROLECALL_JOURNAL XDG_STATE_HOME

mkdir -p "$E2E_DIR/alice" "$E2E_DIR/bob"
as_bob() { (cd "$E2E_DIR/bob" && HOME="$E2E_DIR/bob" rc "$@"); }
runs_json() { as_bob runs --journal "$1" --output json 2>/dev/null; }

for journal in "$E2E_DIR/shared/journal.db" "$PG_URL"; do
  backend=$([[ "$journal" == postgresql://* ]] && echo postgresql || echo sqlite)
  rc plan --instance-profile app-web --out "$E2E_DIR/plan.json" >/dev/null 2>"$E2E_DIR/plan.err" ||
    { echo "FAIL: rolecall plan: $(cat "$E2E_DIR/plan.err")"; exit 1; }
  # --- alice applies; once her run started, she is frozen mid-run --------------------------------
  (HOME="$E2E_DIR/alice" exec "$rolecall" --endpoint-url "$E2E_ENDPOINT" --quiet --no-color \
    apply "$E2E_DIR/plan.json" --yes --journal "$journal" >"$E2E_DIR/alice.out" 2>&1) &
  alice=$!
  run_id=""
  for _ in $(seq 600); do
    run_id=$(sed -n 's/^run id: //p' "$E2E_DIR/alice.out" | head -1)
    [[ -n "$run_id" ]] && break
    sleep 0.05
  done
  if [[ -z "$run_id" ]] || ! kill -STOP "$alice" 2>/dev/null; then
    echo "FAIL: $backend: alice's apply was not caught running (run id '$run_id'): $(cat "$E2E_DIR/alice.out")"
    exit 1
  fi
  steps_before=$(as_bob runs "$run_id" --journal "$journal" --output json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["instances"]))')

  assert_json "$(runs_json "$journal")" "doc[0]['run_id'] == '$run_id' and doc[0]['status'] == 'running' and not doc[0]['interrupted'] and doc[0]['in_use_by']['pid'] == $alice and doc[0]['in_use_by']['purpose'].startswith('apply')" \
    "$backend: bob's runs shows the run in use by alice's process"
  for what in "apply --resume $run_id" "rollback $run_id"; do
    status=0
    # shellcheck disable=SC2086  # $what: the command's words
    as_bob $what --yes --journal "$journal" >"$E2E_DIR/bob.out" 2>&1 || status=$?
    assert_eq "$status" "2" "$backend: bob's $what while alice applies exits 2"
    assert_contains "$(cat "$E2E_DIR/bob.out")" "is in use by apply" "$backend: bob's $what is refused, saying by what"
    assert_contains "$(cat "$E2E_DIR/bob.out")" "pid $alice " "$backend: ... and naming alice's process"
  done
  steps_after=$(as_bob runs "$run_id" --journal "$journal" --output json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["instances"]))')
  assert_eq "$steps_after" "$steps_before" "$backend: the refused commands journaled nothing in alice's run"
  assert_json "$(runs_json "$journal")" "len(doc) == 1" "$backend: the refused rollback started no run"

  # --- alice is killed: the run is interrupted at once, and bob finishes and undoes it ------------
  kill -KILL "$alice"
  wait "$alice" 2>/dev/null || true
  assert_json "$(runs_json "$journal")" "doc[0]['status'] == 'running' and doc[0]['interrupted'] and doc[0]['in_use_by'] is None" \
    "$backend: once alice's process is gone, runs shows her run interrupted"
  status=0
  as_bob apply --resume "$run_id" --yes --journal "$journal" >"$E2E_DIR/resume.out" 2>&1 || status=$?
  assert_eq "$status" "0" "$backend: bob's apply --resume of the interrupted run exits 0"
  [[ $status -eq 0 ]] || cat "$E2E_DIR/resume.out"
  status=0
  as_bob rollback "$run_id" --yes --allow-failing-targets --journal "$journal" >"$E2E_DIR/rollback.out" 2>&1 || status=$?
  assert_ne "$status" "2" "$backend: bob's rollback of the finished run is not refused"
  assert_json "$(runs_json "$journal")" "len(doc) == 2 and all(r['status'] != 'running' for r in doc) and any(r['kind'] == 'rollback' and r['parent_run_id'] == '$run_id' for r in doc)" \
    "$backend: the journal shows alice's run finished and bob's rollback of it"
done
e2e_finish
