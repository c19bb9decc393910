#!/usr/bin/env bash
# Formats the C++ tree with the repository's .clang-format; `--check` only reports the files that
# differ (exit 1 if any), for a pre-commit hook. Needs clang-format (apt-get install clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format.sh: clang-format not found (apt-get install clang-format)" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ "${1:-}" == "--check" ]]; then
  status=0
  for f in "${files[@]}"; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then echo "$f"; status=1; fi
  done
  exit $status
fi
clang-format -i "${files[@]}"
