#!/usr/bin/env bash
# Installs the Debian packages rolecall needs to build, test and benchmark, and (for the tests) the
# pinned moto (tests/e2e/moto/requirements.txt) into a virtualenv when no python3 on PATH has that
# version. Idempotent: packages already present are left alone, apt-get is not called at all when
# nothing is missing, and pip only when moto is.
# Usage: scripts/install-deps.sh [--runtime-only] [--moto-venv DIR]   (DIR default: build/moto-venv)
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_only=0
moto_venv=build/moto-venv
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runtime-only) runtime_only=1 ;;
    --moto-venv) moto_venv="$2"; shift ;;
    *) echo "usage: $0 [--runtime-only] [--moto-venv DIR]" >&2; exit 2 ;;
  esac
  shift
done

build_pkgs=(
  cmake ninja-build g++ pkg-config
  libcurl4-openssl-dev libssl-dev zlib1g-dev libbz2-dev liblzma-dev libarchive-dev libpugixml-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libsqlite3-dev libyaml-cpp-dev libhyperscan-dev libcpp-httplib-dev
  libsimdjson-dev libisal-dev libpq-dev libjemalloc-dev
)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev awscli chromium python3-venv)
# bench/trail_codecs compares libdeflate with the ISA-L rolecall uses; bench/trail_files runs jq.
test_pkgs+=(libdeflate-dev jq)
# tests/install: the .deb (cpack needs file and dpkg-shlibdeps), man pages (man, groff, col), zsh completion.
test_pkgs+=(file dpkg-dev binutils man-db groff-base bsdextrautils zsh)
# mold: scripts/test.sh links with it when present (much faster than ld.bfd for the test binaries).
test_pkgs+=(mold)
# postgresql: the store's and the journal's tests run a real PostgreSQL server (tests/support/pg_server.h,
# tests/e2e/cli/pg_lib.sh).
test_pkgs+=(postgresql)
# tmux: tests/e2e/cli/progress_test.sh gives the scan a terminal to draw its progress line on.
test_pkgs+=(tmux)
# libFuzzer for scripts/fuzz.sh: clang 19 and its runtimes (libFuzzer, ASan, UBSan). Not clang 16:
# it reports __cpp_concepts 201907, and libstdc++ 12's <expected> needs 202002.
test_pkgs+=(clang-19 libclang-rt-19-dev)
# Node.js (for the AWS SDK for JavaScript e2e tests) comes from Debian only when none is installed.
command -v node >/dev/null 2>&1 || test_pkgs+=(nodejs npm)

pkgs=("${build_pkgs[@]}")
[[ $runtime_only -eq 1 ]] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[[ $runtime_only -eq 1 ]] && exit 0

# moto for tests/e2e/moto: the pinned version, from a python3 on PATH or from the virtualenv (pip
# into a venv, not Debian's system Python, which refuses pip installs: PEP 668).
moto_pin=$(sed -n 's/^moto\[server\]==//p' tests/e2e/moto/requirements.txt)
has_moto() {
  "$1" -c "import importlib.metadata as m, moto.server, sys; sys.exit(m.version('moto') != '$moto_pin')" 2>/dev/null
}
for py in $(which -a python3 2>/dev/null) "$moto_venv/bin/python3"; do
  if [[ -x "$py" ]] && has_moto "$py"; then exit 0; fi
done
# Another moto already installed serves too (tests/e2e/moto/lib.sh says which it uses): pip is
# only for a machine without any, so a machine without network access can still run the suite.
for py in $(which -a python3 2>/dev/null); do
  if "$py" -c "import moto.server" 2>/dev/null; then
    echo "moto $moto_pin not found; using the moto of $py" >&2
    exit 0
  fi
done
echo "installing moto $moto_pin into $moto_venv" >&2
/usr/bin/python3 -m venv --clear "$moto_venv"
"$moto_venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r tests/e2e/moto/requirements.txt
has_moto "$moto_venv/bin/python3" || { echo "moto $moto_pin did not install into $moto_venv" >&2; exit 1; }
