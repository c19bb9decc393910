# Shared setup for the AWS CLI end-to-end tests (sourced, not run): starts rolecall-emulator on a
# free port, points Debian's AWS CLI v2 (/usr/bin/aws) at it through a private credentials file,
# and offers small assertion helpers (JSON checks use python3; jq is not on Debian minimal).
# Usage: source lib.sh; e2e_start EMULATOR_BINARY GENERATOR_SPEC
set -euo pipefail

readonly E2E_AWS=/usr/bin/aws
E2E_FAILURES=0
E2E_CHECKS=0

if [[ ! -x "$E2E_AWS" ]]; then
  echo "SKIP: $E2E_AWS (Debian's awscli package) is not installed; scripts/install-deps.sh installs it"
  exit 77
fi
if ! command -v python3 >/dev/null; then
  echo "SKIP: python3 is needed for JSON assertions"
  exit 77
fi

# Sets `rolecall` to the binary at $1; the test fails at once when it is not executable.
e2e_use_rolecall() {
  rolecall="$1"
  [[ -x "$rolecall" ]] || { echo "FAIL: rolecall binary '$rolecall' is not executable"; exit 1; }
}

# rolecall against the emulator e2e_start started, quiet and without colour.
rc() { "$rolecall" --endpoint-url "$E2E_ENDPOINT" --quiet --no-color "$@"; }

# Starts the emulator; sets E2E_DIR, E2E_ENDPOINT, E2E_STATE (estate JSON file), E2E_TRUTH.
e2e_start() {
  local binary="$1" spec="$2"
  if [[ ! -x "$binary" ]]; then
    echo "FAIL: emulator binary '$binary' is not executable"
    exit 1
  fi
  E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-e2e-cli.XXXXXX")
  E2E_TOKEN="e2e-cli-$$"
  mkfifo "$E2E_DIR/stdout"
  # shellcheck disable=SC2086  # E2E_EMULATOR_ARGS: extra options (words) a test may set before e2e_start
  "$binary" --port 0 --generate "$spec" --truth-out "$E2E_DIR/truth.json" \
    --credentials-out "$E2E_DIR/credentials" --admin-token "$E2E_TOKEN" ${E2E_EMULATOR_ARGS:-} \
    >"$E2E_DIR/stdout" 2>"$E2E_DIR/stderr" &
  E2E_PID=$!
  trap e2e_cleanup EXIT
  local line=""
  exec 3<"$E2E_DIR/stdout"
  if ! read -r -t 60 line <&3 || [[ "$line" != "listening on http://127.0.0.1:"* ]]; then
    echo "FAIL: emulator did not start: '$line' $(cat "$E2E_DIR/stderr")"
    exit 1
  fi
  E2E_ENDPOINT="${line#listening on }"
  E2E_TRUTH="$E2E_DIR/truth.json"
  : >"$E2E_DIR/config"
  # Only the emulator's files: no ~/.aws, no environment credentials, no instance metadata, no pager.
  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
        AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_CA_BUNDLE
  export AWS_SHARED_CREDENTIALS_FILE="$E2E_DIR/credentials"
  export AWS_CONFIG_FILE="$E2E_DIR/config"
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true
  export AWS_PAGER=""
  export AWS_CLI_AUTO_PROMPT=off
  export HOME="$E2E_DIR"
  e2e_refresh_state
}

e2e_cleanup() {
  local status=$?
  exec 3<&- 2>/dev/null || true
  if [[ -n "${E2E_PID:-}" ]] && kill -0 "$E2E_PID" 2>/dev/null; then
    kill -TERM "$E2E_PID"
    wait "$E2E_PID" || true
  fi
  [[ -n "${E2E_DIR:-}" ]] && rm -rf "$E2E_DIR"
  exit "$status"
}

# Fetches the current estate through the admin API into $E2E_STATE.
e2e_refresh_state() {
  E2E_STATE="$E2E_DIR/state.json"
  python3 - "$E2E_ENDPOINT/_emulator/state" "$E2E_TOKEN" "$E2E_STATE" <<'EOF'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"X-Emulator-Token": sys.argv[2]})
with urllib.request.urlopen(req, timeout=30) as res, open(sys.argv[3], "wb") as out:
    out.write(res.read())
EOF
}

# Replaces the emulator's estate with the estate JSON FILE (POST /_emulator/load).
e2e_load_estate() {  # e2e_load_estate FILE
  python3 - "$E2E_ENDPOINT/_emulator/load" "$E2E_TOKEN" "$1" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=open(sys.argv[3], "rb").read(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=30).read()
PY
}

# Back to the estate loaded at start.
e2e_reset() {
  python3 - "$E2E_ENDPOINT/_emulator/reset" "$E2E_TOKEN" <<'EOF'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], method="POST", headers={"X-Emulator-Token": sys.argv[2]})
urllib.request.urlopen(req, timeout=30).read()
EOF
  e2e_refresh_state
}

# Evaluates a python expression over the estate (`state`) and ground truth (`truth`); prints it.
e2e_estate() {
  python3 - "$E2E_STATE" "$E2E_TRUTH" "$1" <<'EOF'
import json, sys
state = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
value = eval(sys.argv[3])
print("\n".join(map(str, value)) if isinstance(value, (list, tuple)) else value)
EOF
}

# aws against the emulator; stdout of the command, stderr to $E2E_DIR/last_stderr, status kept.
awsx() {
  "$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" "$@" 2>"$E2E_DIR/last_stderr"
}

# e2e_role_denying ACCOUNT ROLE ACTION: prints "key secret token" of a new role ROLE in ACCOUNT
# holding ReadOnlyAccess and an explicit Deny of ACTION, made and assumed with the AWS CLI through
# the organization's admin role there.
e2e_role_denying() {
  local account="$1" role="$2" action="$3" key secret token
  read -r key secret token < <(awsx sts assume-role --role-arn \
    "arn:aws:iam::$account:role/OrganizationAccountAccessRole" --role-session-name e2e-deny \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
  local trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$account"':root"},"Action":"sts:AssumeRole"}]}'
  local deny='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"'"$action"'","Resource":"*"}]}'
  AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" awsx iam create-role \
    --role-name "$role" --assume-role-policy-document "$trust" >/dev/null
  AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" awsx iam attach-role-policy \
    --role-name "$role" --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
  AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" awsx iam put-role-policy \
    --role-name "$role" --policy-name "deny-$role" --policy-document "$deny"
  AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" awsx sts assume-role \
    --role-arn "arn:aws:iam::$account:role/$role" --role-session-name e2e-deny \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text
}

e2e_pass() { E2E_CHECKS=$((E2E_CHECKS + 1)); echo "ok - $1"; }
e2e_fail() { E2E_CHECKS=$((E2E_CHECKS + 1)); E2E_FAILURES=$((E2E_FAILURES + 1)); echo "not ok - $1"; }

# assert_eq ACTUAL EXPECTED MESSAGE
assert_eq() {
  if [[ "$1" == "$2" ]]; then e2e_pass "$3"; else e2e_fail "$3"; printf '  expected: %s\n  actual:   %s\n' "$2" "$1"; fi
}

# assert_ne ACTUAL UNEXPECTED MESSAGE
assert_ne() {
  if [[ "$1" != "$2" ]]; then e2e_pass "$3"; else e2e_fail "$3"; printf '  expected anything but: %.300s\n' "$2"; fi
}

# assert_contains HAYSTACK NEEDLE MESSAGE
assert_contains() {
  if [[ "$1" == *"$2"* ]]; then e2e_pass "$3"; else e2e_fail "$3"; printf '  expected to contain: %s\n  actual: %s\n' "$2" "$1"; fi
}

# assert_json JSON_TEXT PYTHON_EXPRESSION_OVER_doc MESSAGE: the expression must be true.
# JSON literals (true/false/null) may appear in the expression, as written by e2e_estate's json.dumps.
_assert_json_py='import json, sys
doc = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1], {"doc": doc, "true": True, "false": False, "null": None}) else 1)'
assert_json() {
  if python3 -c "$_assert_json_py" "$2" <<<"$1" 2>"$E2E_DIR/assert_err"; then
    e2e_pass "$3"
  else
    e2e_fail "$3"
    printf '  condition: %s\n  json: %.600s\n  %s\n' "$2" "$1" "$(cat "$E2E_DIR/assert_err")"
  fi
}

# assert_fails EXPECTED_ERROR_CODE MESSAGE -- aws args...: the call fails and stderr names the code.
assert_fails() {
  local code="$1" message="$2"
  shift 3
  local status=0
  awsx "$@" >/dev/null || status=$?
  local err
  err=$(cat "$E2E_DIR/last_stderr")
  if [[ $status -ne 0 && "$err" == *"($code)"* ]]; then
    e2e_pass "$message"
  else
    e2e_fail "$message"
    printf '  exit status %s, stderr: %s\n' "$status" "$err"
  fi
}

# Prints the summary and exits non-zero when a check failed.
e2e_finish() {
  echo "1..$E2E_CHECKS ($E2E_FAILURES failed)"
  [[ $E2E_FAILURES -eq 0 ]]
}
