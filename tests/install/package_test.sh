#!/usr/bin/env bash
# `cmake --install` and the Debian package put rolecall, rolecall-emulator, the man pages and the
# bash/zsh completions where a Debian user expects them; the .deb declares its library
# dependencies, carries stripped binaries, and (when run as root on a machine without rolecall
# installed) installs with dpkg, works from /usr/bin, and removes cleanly.
# Usage: package_test.sh BUILD_DIR
source "$(dirname "$0")/lib.sh" package
build=$(cd "$1" && pwd)
installed_here=0
install_cleanup='[[ $installed_here -eq 0 ]] || dpkg -r rolecall >/dev/null 2>&1 || true'

version=$("$build/rolecall" --version)
expected_files=(
  bin/rolecall bin/rolecall-emulator
  share/man/man1/rolecall.1.gz share/man/man1/rolecall-scan.1.gz share/man/man1/rolecall-config-validate.1.gz
  share/bash-completion/completions/rolecall share/zsh/vendor-completions/_rolecall
  share/doc/rolecall/README.md share/doc/rolecall/permissions.md
)

# cmake --install into a prefix.
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
missing=""
for f in "${expected_files[@]}"; do [[ -e "$tmp/prefix/$f" ]] || missing+="$f "; done
check "cmake --install puts every file in place" "$missing" ""
check "the installed rolecall runs" "$("$tmp/prefix/bin/rolecall" --version)" "$version"
check "the installed completion is what the binary prints" \
  "$(cmp -s <("$build/rolecall" completion bash) "$tmp/prefix/share/bash-completion/completions/rolecall" && echo same)" same

# cpack -G DEB.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" >"$tmp/cpack.log" 2>&1) || {
  cat "$tmp/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
}
deb=$(ls "$tmp"/deb/rolecall_*.deb)
check "package name" "$(dpkg-deb -f "$deb" Package)" rolecall
check "package version" "rolecall $(dpkg-deb -f "$deb" Version)" "$version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libcurl4 libssl3 libsqlite3-0 libpq5 libhyperscan5 libjemalloc2; do
  check "Depends names $lib (dpkg-shlibdeps)" "$(grep -o "$lib" <<<"$depends" | head -1)" "$lib"
done
listing=$(dpkg-deb -c "$deb" | awk '{print $NF}')
missing=""
for f in "${expected_files[@]}"; do grep -qx "./usr/$f" <<<"$listing" || missing+="$f "; done
check "the .deb holds every file under /usr" "$missing" ""
dpkg-deb -x "$deb" "$tmp/root"
check "the packaged rolecall runs" "$("$tmp/root/usr/bin/rolecall" --version)" "$version"
check "the packaged binaries are stripped" \
  "$(readelf -S "$tmp/root/usr/bin/rolecall" "$tmp/root/usr/bin/rolecall-emulator" | grep -c '\.debug_info' || true)" 0

# dpkg -i, only where it cannot disturb a real installation.
if [[ $(id -u) -eq 0 ]] && ! dpkg-query -W rolecall >/dev/null 2>&1; then
  if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then
    installed_here=1
    check "dpkg -i: rolecall on PATH" "$(/usr/bin/rolecall --version)" "$version"
    check "dpkg -i: man finds rolecall-scan(1)" "$(man -w rolecall-scan 2>/dev/null)" /usr/share/man/man1/rolecall-scan.1.gz
    dpkg -r rolecall >/dev/null
    installed_here=0
    check "dpkg -r removes it" "$([[ -e /usr/bin/rolecall ]] && echo present || echo gone)" gone
  else
    cat "$tmp/dpkg.log"
    check "dpkg -i installs the package" failed installed
  fi
else
  echo "note: not root, or a rolecall package is already installed: dpkg -i was not tried"
fi

install_finish
