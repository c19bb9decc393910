# Shared setup for the moto end-to-end tests (sourced, not run): finds a Python with moto (a
# third-party AWS emulator nobody here wrote), starts `python3 -m moto.server` on a free loopback
# port, waits until it answers, and points Debian's AWS CLI v2 (/usr/bin/aws) and rolecall at it
# with fake credentials. The assertion helpers (assert_eq, e2e_finish, ...) are tests/e2e/cli/lib.sh's.
# Unlike the emulator suites these tests FAIL (never skip) when moto is missing: scripts/test.sh
# installs the pinned moto (tests/e2e/moto/requirements.txt) into build/moto-venv.
# Usage: source lib.sh; moto_start MOTO_VENV_DIR
set -euo pipefail

MOTO_PID=""

if [[ ! -x /usr/bin/aws ]]; then
  echo "FAIL: /usr/bin/aws (Debian's awscli package) is not installed; scripts/install-deps.sh installs it"
  exit 1
fi
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

# Prints the Python interpreter to run moto with: $ROLECALL_MOTO_PYTHON when set, else the first of
# the venv scripts/test.sh makes and every python3 on PATH whose moto is the pinned version
# (requirements.txt), else the first with any moto.
moto_python() {
  local venv="$1" candidate pin
  if [[ -n "${ROLECALL_MOTO_PYTHON:-}" ]]; then
    echo "$ROLECALL_MOTO_PYTHON"
    return 0
  fi
  pin=$(sed -n 's/^moto\[server\]==//p' "$(dirname "${BASH_SOURCE[0]}")/requirements.txt")
  local -a candidates=("$venv/bin/python3") with_moto=()
  while IFS= read -r candidate; do candidates+=("$candidate"); done < <(which -a python3 2>/dev/null || true)
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate" ]] || continue
    local version
    version=$("$candidate" -c 'import importlib.metadata as m, moto.server; print(m.version("moto"))' 2>/dev/null) || continue
    if [[ "$version" == "$pin" ]]; then
      echo "$candidate"
      return 0
    fi
    with_moto+=("$candidate")
  done
  [[ ${#with_moto[@]} -gt 0 ]] || return 1
  echo "# moto is not the pinned $pin; using ${with_moto[0]}'s" >&2
  echo "${with_moto[0]}"
}

# Starts moto; sets E2E_DIR, E2E_ENDPOINT, MOTO_PY (its interpreter, which also has boto3).
moto_start() {
  local venv="$1"
  if ! MOTO_PY=$(moto_python "$venv"); then
    echo "FAIL: no Python with moto (looked in \$ROLECALL_MOTO_PYTHON, $venv and every python3 on PATH);"
    echo "      scripts/test.sh installs moto[server] (tests/e2e/moto/requirements.txt) into build/moto-venv"
    exit 1
  fi
  E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-e2e-moto.XXXXXX")
  trap moto_cleanup EXIT
  # Port 0: the kernel picks a free one and werkzeug prints it ("Running on http://127.0.0.1:PORT").
  # AWS managed policies (AdministratorAccess) exist in every AWS account; moto loads them only when asked.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$MOTO_PY" -m moto.server -H 127.0.0.1 -p 0 >"$E2E_DIR/moto.log" 2>&1 &
  MOTO_PID=$!
  local port="" i
  for ((i = 0; i < 600; i++)); do
    port=$(sed -n 's|.*Running on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$E2E_DIR/moto.log" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$MOTO_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    echo "FAIL: moto did not start: $(cat "$E2E_DIR/moto.log")"
    exit 1
  fi
  E2E_ENDPOINT="http://127.0.0.1:$port"
  # Listening is not answering: wait for moto's own API to reply.
  if ! "$MOTO_PY" - "$E2E_ENDPOINT/moto-api/data.json" <<'EOF'; then
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=2).read()
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
EOF
    echo "FAIL: moto at $E2E_ENDPOINT does not answer: $(cat "$E2E_DIR/moto.log")"
    exit 1
  fi
  echo "# moto $("$MOTO_PY" -c 'import moto; print(moto.__version__)') ($MOTO_PY) at $E2E_ENDPOINT"
  # Only fake credentials: no ~/.aws, no instance metadata, no pager. moto accepts any key; the
  # ids are not AWS documentation examples so rolecall treats them as real.
  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_CA_BUNDLE
  : >"$E2E_DIR/config"
  : >"$E2E_DIR/credentials"
  export AWS_CONFIG_FILE="$E2E_DIR/config" AWS_SHARED_CREDENTIALS_FILE="$E2E_DIR/credentials"
  export AWS_ACCESS_KEY_ID=AKIAMOTOE2ETESTKEY23 AWS_SECRET_ACCESS_KEY=moto-e2e-fake-secret-key-not-a-real-one
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_EC2_METADATA_DISABLED=true AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off
  export HOME="$E2E_DIR"
}

moto_cleanup() {
  local status=$?
  if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill -TERM "$MOTO_PID"
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  [[ -n "${E2E_DIR:-}" ]] && rm -rf "$E2E_DIR"
  exit "$status"
}

# aws against moto; stdout of the command, stderr to $E2E_DIR/last_stderr.<shell pid> (calls run
# side by side), status kept.
awsx() {
  "$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" "$@" 2>"$E2E_DIR/last_stderr.$BASHPID"
}

# awsq ARGS...: awsx that fails the test (with the CLI's stderr) when the call fails.
awsq() {
  local shell_pid=$BASHPID
  if ! awsx "$@"; then
    echo "FAIL: aws $* failed: $(cat "$E2E_DIR/last_stderr.$shell_pid")" >&2
    exit 1
  fi
}
