#!/usr/bin/env bash
# Builds rolecall (installing what it needs) and runs `rolecall demo`: a scan of a generated demo
# estate served by the bundled local endpoint. Never touches real AWS. This is the README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --runtime-only
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROLECALL_BUILD_TESTS=OFF -DROLECALL_BUILD_BENCH=OFF >/dev/null
ninja -C build rolecall rolecall-emulator >/dev/null
exec build/rolecall demo "$@"
