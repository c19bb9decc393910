# Shared by the tests/install scripts (sourced): a temporary directory removed at exit, check(),
# and the lists --help gives. Usage: source lib.sh NAME
set -euo pipefail
failures=0
checks=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-$1.XXXXXX")
# Extra clean-up a test needs before the directory goes (set install_cleanup to a command).
install_cleanup=":"
trap 'eval "$install_cleanup"; rm -rf "$tmp"' EXIT

# check NAME GOT WANT
check() {
  checks=$((checks + 1))
  if [[ "$2" == "$3" ]]; then echo "ok: $1"; else echo "FAIL: $1: got [$2], want [$3]"; failures=$((failures + 1)); fi
}

# The option names an AWS-style help text (stdin) lists in its OPTIONS section, sorted.
options_in_help() { sed -n 's/^ *\(--[a-z][a-z-]*\) (.*/\1/p' | sort -u; }

# The commands `rolecall --help` lists (ROLECALL as $1).
commands_in_help() {
  local commands
  commands=$("$1" --help | sed -n '/^AVAILABLE COMMANDS/,$s/^ *o \([a-z-]*\)$/\1/p')
  [[ -n "$commands" ]] || { echo "FAIL: no commands in $1 --help" >&2; exit 1; }
  echo "$commands"
}

# Prints the summary; the status is non-zero when a check failed.
install_finish() {
  echo "$((checks - failures))/$checks checks passed"
  [[ $failures -eq 0 ]]
}
