#!/usr/bin/env bash
# Installs the Debian packages rolecall needs to build, test and benchmark. Idempotent: packages
# already present are left alone and apt-get is not called at all when nothing is missing.
# Usage: scripts/install-deps.sh [--runtime-only]
set -euo pipefail

build_pkgs=(
  cmake ninja-build g++ pkg-config
  libcurl4-openssl-dev libssl-dev zlib1g-dev libpugixml-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libsqlite3-dev libyaml-cpp-dev libhyperscan-dev libcpp-httplib-dev
)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev awscli chromium)
# Node.js (for the AWS SDK for JavaScript e2e tests) comes from Debian only when none is installed.
command -v node >/dev/null 2>&1 || test_pkgs+=(nodejs npm)

pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--runtime-only" ]] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
