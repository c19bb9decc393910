#!/usr/bin/env bash
# A role profile with mfa_serial on a terminal (issue 14): `rolecall whoami` run in tmux asks
# "Enter MFA code for <serial>: " as the AWS CLI does, sends the typed code with AssumeRole (the
# emulator accepts 123456 and refuses any other), and caches the session in ~/.aws/cli/cache, so the
# next run, unattended, asks nothing; a wrong code is a credentials error (exit 3); unattended
# without a cached session fails clearly; --mfa-code answers without a terminal.
# Usage: mfa_prompt_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed (scripts/install-deps.sh installs it)"; exit 77; }
e2e_start "$1" "accounts=2,regions=1,instances=2,seed=41"

socket="rolecall-e2e-mfa-$$"
tmux_cleanup() { tmux -L "$socket" kill-server 2>/dev/null || true; }
trap 'tmux_status=$?; set +e; tmux_cleanup; (exit $tmux_status); e2e_cleanup' EXIT

management=$(e2e_estate "state['organization']['management_account']")
member=$(e2e_estate "[a['id'] for a in state['accounts'] if a['id'] != '$management'][0]")
serial="arn:aws:iam::$management:mfa/alice"
cat >"$AWS_CONFIG_FILE" <<CONFIG
[profile admin-mfa]
role_arn = arn:aws:iam::$member:role/OrganizationAccountAccessRole
source_profile = default
mfa_serial = $serial
CONFIG

# on_tmux NAME CODE: runs `rolecall --profile admin-mfa whoami` on a tmux terminal, types CODE
# when the prompt shows, and leaves the pane in $E2E_DIR/NAME.pane and the exit status in NAME.done.
on_tmux() {
  local name="$1" code="$2" prompted=0
  tmux -L "$socket" new-session -d -x 200 -y 12 \
    "'$rolecall' --endpoint-url '$E2E_ENDPOINT' --no-color --profile admin-mfa whoami; echo \"exit:\$?\" >'$E2E_DIR/$name.done'; sleep 30"
  for _ in $(seq 1 200); do
    tmux -L "$socket" capture-pane -p -t 0 >"$E2E_DIR/$name.pane" 2>/dev/null || true
    if [[ $prompted -eq 0 ]] && grep -q "Enter MFA code for $serial:" "$E2E_DIR/$name.pane"; then
      tmux -L "$socket" send-keys -t 0 "$code" Enter
      prompted=1
    fi
    [[ -f "$E2E_DIR/$name.done" ]] && break
    sleep 0.1
  done
  tmux -L "$socket" capture-pane -p -t 0 >"$E2E_DIR/$name.pane" 2>/dev/null || true
  tmux_cleanup
}

# --- unattended, nothing cached: no prompt, a clear credentials error ---------------------------
status=0
rc --profile admin-mfa whoami </dev/null >"$E2E_DIR/unattended.out" 2>"$E2E_DIR/unattended.err" || status=$?
assert_eq "$status" 3 "unattended without a cached session: exit 3"
assert_contains "$(cat "$E2E_DIR/unattended.err")" "there is no terminal to ask on: pass --mfa-code" "and it says how to go on"

# --- a wrong code on the terminal ---------------------------------------------------------------
on_tmux wrong 000000
assert_contains "$(cat "$E2E_DIR/wrong.pane")" "Enter MFA code for $serial:" "a terminal is asked for the code, naming the device"
assert_eq "$(cut -d: -f2 "$E2E_DIR/wrong.done" 2>/dev/null)" 3 "a wrong code: exit 3"
assert_contains "$(cat "$E2E_DIR/wrong.pane")" "AccessDenied" "AssumeRole's refusal is shown"
assert_eq "$(ls "$HOME/.aws/cli/cache" 2>/dev/null | wc -l)" 0 "a refused code caches nothing"

# --- the right code: the role's identity, and the session cached for the CLI's layout -----------
on_tmux right 123456
assert_eq "$(cut -d: -f2 "$E2E_DIR/right.done" 2>/dev/null)" 0 "the right code: exit 0"
assert_contains "$(cat "$E2E_DIR/right.pane")" "assumed-role/OrganizationAccountAccessRole/" "whoami shows the role's session"
assert_contains "$(cat "$E2E_DIR/right.pane")" "Account:     $member" "in the member account"
cached=$(ls "$HOME/.aws/cli/cache"/*.json 2>/dev/null | head -1)
assert_ne "$cached" "" "the session is cached in ~/.aws/cli/cache"
assert_eq "$(stat -c %a "$cached" 2>/dev/null)" 600 "owner-only"
if grep -q "123456" "$cached" 2>/dev/null; then e2e_fail "the cache holds the MFA code"; else e2e_pass "the cache never holds the code"; fi

# --- the next run, unattended: the cached session, no prompt ------------------------------------
status=0
rc --profile admin-mfa --output json whoami </dev/null >"$E2E_DIR/cached.out" 2>"$E2E_DIR/cached.err" || status=$?
assert_eq "$status" 0 "the next run, without a terminal, uses the cached session"
assert_contains "$(cat "$E2E_DIR/cached.out")" "assumed-role/OrganizationAccountAccessRole/" "as the same role"
assert_eq "$(grep -c 'Enter MFA code' "$E2E_DIR/cached.err" || true)" 0 "and asks nothing"

# --- --mfa-code answers without a terminal (a fresh cache) --------------------------------------
rm -rf "$HOME/.aws/cli/cache"
status=0
rc --profile admin-mfa --mfa-code 123456 whoami </dev/null >"$E2E_DIR/flag.out" 2>"$E2E_DIR/flag.err" || status=$?
assert_eq "$status" 0 "--mfa-code without a terminal"
assert_contains "$(cat "$E2E_DIR/flag.out")" "Account:     $member" "assumes the role"
e2e_finish
