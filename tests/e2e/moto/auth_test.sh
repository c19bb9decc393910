#!/usr/bin/env bash
# Keys moto does not know, with moto's IAM authentication on: rolecall must report rejected
# credentials (exit 3, InvalidClientTokenId) from moto's own error layout
# (<ErrorResponse><Errors><Error>), never a partial scan or "not an AWS error".
# Usage: auth_test.sh MOTO_VENV_DIR ROLECALL
source "$(dirname "$0")/lib.sh"
rolecall="$2"
[[ -x "$rolecall" ]] || { echo "FAIL: rolecall binary '$rolecall' is not executable"; exit 1; }
export INITIAL_NO_AUTH_ACTION_COUNT=0  # moto checks every request's key from the first one
moto_start "$1"

for command in scan whoami; do
  status=0
  "$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color --quiet "$command" \
    $([[ $command == scan ]] && echo --regions us-east-1) >"$E2E_DIR/out" 2>"$E2E_DIR/err" || status=$?
  assert_eq "$status" "3" "rolecall $command with an unknown key exits 3 (credentials)"
  assert_eq "$(grep -c '(InvalidClientTokenId, HTTP 403' "$E2E_DIR/err")" "1" \
    "rolecall $command names InvalidClientTokenId: $(head -c 300 "$E2E_DIR/err")"
done

e2e_finish
