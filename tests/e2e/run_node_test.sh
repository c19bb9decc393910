#!/usr/bin/env bash
# Runs one `node --test` file against rolecall-emulator; exits 77 (ctest SKIP) when Node.js 20+ or
# the npm dependencies (`npm ci` in tests/e2e, done by scripts/test.sh) are missing.
# Usage: run_node_test.sh TEST_FILE ROLECALL_EMULATOR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed (scripts/install-deps.sh installs Node.js)"
  exit 77
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if (( major < 20 )); then
  echo "SKIP: node $(node --version) is older than 20 (node --test and global fetch are needed)"
  exit 77
fi
for pkg in client-ec2 client-iam client-sts client-organizations; do
  if [[ ! -d "$here/node_modules/@aws-sdk/$pkg" ]]; then
    echo "SKIP: $here/node_modules/@aws-sdk/$pkg is missing; run: (cd tests/e2e && npm ci)"
    exit 77
  fi
done
export ROLECALL_EMULATOR="$2"
# The SDK warns that its 2027 releases need Node 22; that is noise for these tests.
exec node --no-warnings --test --test-reporter=spec "$1"
