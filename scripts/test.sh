#!/usr/bin/env bash
# Runs every test: installs dependencies, builds with -Werror, runs ctest, then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, then each libFuzzer target for 15 seconds
# (scripts/fuzz.sh; ROLECALL_SKIP_FUZZ=1 skips it). This is the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
# Also the pinned moto for tests/e2e/moto (into build/moto-venv unless a python3 on PATH has it):
# those tests fail, never skip, without it.
scripts/install-deps.sh --moto-venv build/moto-venv
if [[ -f tests/e2e/package.json ]]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
[[ -f tests/browser/package.json ]] && (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
jobs=$(nproc)
# Line tables only (-g1): sanitizer and gdb backtraces keep file:line, while objects shrink ~5x and
# compile ~12% faster than with -g; mold links the ~30 test binaries in a fraction of ld.bfd's time.
# Both, and the unity batches CMakeLists.txt turns on (ROLECALL_UNITY: 3x less compile time), keep CI
# on 2 cores well inside its limit (docs/benchmarks.md, "CI build").
fast_release=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
fast_debug=(-DCMAKE_CXX_FLAGS_DEBUG="-g1" -DCMAKE_C_FLAGS_DEBUG="-g1")
if command -v mold >/dev/null 2>&1; then
  fast_release+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=mold -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=mold)
  fast_debug+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=mold -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=mold)
fi

# Tests and benchmarks named explicitly: scripts/demo.sh configures the same build/ without them,
# and a cached OFF would leave ctest running stale test binaries.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${fast_release[@]}" -DROLECALL_WERROR=ON \
      -DROLECALL_BUILD_TESTS=ON -DROLECALL_BUILD_BENCH=ON >/dev/null
ninja -C build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs" --timeout 600)

if [[ "${ROLECALL_SKIP_SANITIZERS:-0}" != "1" ]]; then
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug "${fast_debug[@]}" -DROLECALL_WERROR=ON -DROLECALL_SANITIZE=ON \
        -DROLECALL_BUILD_TESTS=ON -DROLECALL_BUILD_BENCH=OFF >/dev/null
  ninja -C build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j"$jobs" --timeout 900 -LE no-sanitizer)
fi

if [[ "${ROLECALL_SKIP_FUZZ:-0}" != "1" ]]; then
  scripts/fuzz.sh 15
fi
