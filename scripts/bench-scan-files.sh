#!/usr/bin/env bash
# Benchmarks `scan_files` against ripgrep and secretlint on a generated ~1 GB tree of text files
# with sparse planted (fake) AWS keys and decoys. Prints throughput and findings per tool, and how
# each tool's findings compare with the planted ground truth.
#
# Needs: a built bench_scan_files (BUILD_DIR, default ./build-bench, is configured and built when
# missing), ripgrep (`apt-get install ripgrep`), node + npm for secretlint (installed into a temp
# dir; skipped with a note when npm cannot fetch it), python3 for the comparison.
#
# Environment: BYTES (default 1000000000), SEED (42), WORK (/tmp/rolecall-bench-scan),
# SUBSET_DIRS (how many of the 64 top-level directories secretlint scans, default 2 ~ 32 MB),
# RUNS (timed runs per tool, best is reported, default 3), THREADS (rolecall workers, default nproc),
# REAL_DIRS (optional, space-separated directories of real files, e.g. "/usr/include /usr/share":
# rolecall and ripgrep are also timed there, since a generated tree favours some prefilters).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-bench}"
BYTES="${BYTES:-1000000000}"
SEED="${SEED:-42}"
WORK="${WORK:-/tmp/rolecall-bench-scan}"
SUBSET_DIRS="${SUBSET_DIRS:-2}"
RUNS="${RUNS:-3}"
THREADS="${THREADS:-$(nproc)}"
TREE="$WORK/tree"
OUT="$WORK/results"
BIN="$BUILD_DIR/bench/bench_scan_files"

if [[ ! -x "$BIN" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DROLECALL_BUILD_TESTS=OFF >/dev/null
  ninja -C "$BUILD_DIR" -j2 bench_scan_files
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 1; }
mkdir -p "$OUT"

# 1. The tree: regenerated only when size or seed change.
STAMP="$WORK/tree.stamp"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$BYTES $SEED gen2" ]]; then
  rm -rf "$TREE"
  "$BIN" --generate --dir "$TREE" --bytes "$BYTES" --seed "$SEED" --manifest "$WORK/manifest.tsv"
  echo "$BYTES $SEED gen2" > "$STAMP"
fi
SUBSET=()
for ((i = 0; i < SUBSET_DIRS; i++)); do SUBSET+=("$TREE/d$i"); done

# 2. Warm the page cache so every tool reads from memory.
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null

# best_of NAME CMD...: runs CMD RUNS times; keeps the fastest run's wall seconds and the CPU
# seconds (user + sys, children included) it used: on a shared machine CPU time is the steadier measure.
best_of() {
  local name="$1"; shift
  python3 - "$OUT/$name" "$RUNS" "$@" <<'PY'
import resource, subprocess, sys, time
out, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if best is None or wall < best[0]:
        best = (wall, cpu)
open(out + ".seconds", "w").write(f"{best[0]} {best[1]}\n")
PY
}

# The same key-id pattern for ripgrep as rolecall's credential prefixes (base32 after the prefix).
# Word boundaries through -w: ripgrep's fastest form (a Unicode "\b" in the pattern is ~4x slower).
RG_PATTERN='(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}|A3T[A-Z0-9]{17}'
export BIN THREADS OUT RG_PATTERN
ROLECALL_CMD='"$BIN" --scan --threads "$THREADS" --findings "$OUT/$0.tsv" "$@" > "$OUT/$0.txt"'
RG_CMD='rg --no-ignore --hidden --no-heading --with-filename -n -o -w -e "$RG_PATTERN" "$@" > "$OUT/$0.txt" || true'

echo "== rolecall scan_files (full tree, $THREADS threads)"
best_of rolecall bash -c "$ROLECALL_CMD" rolecall "$TREE"
cat "$OUT/rolecall.txt"
echo "== ripgrep $(rg --version | sed -n 1p) (full tree)"
best_of rg bash -c "$RG_CMD" rg "$TREE"

echo "== subset for secretlint: ${SUBSET[*]}"
best_of rolecall-subset bash -c "$ROLECALL_CMD" rolecall-subset "${SUBSET[@]}"
best_of rg-subset bash -c "$RG_CMD" rg-subset "${SUBSET[@]}"

if [[ -n "${REAL_DIRS:-}" ]]; then
  echo "== real files: $REAL_DIRS"
  # shellcheck disable=SC2086
  find $REAL_DIRS -type f -print0 2>/dev/null | xargs -0 cat > /dev/null 2>&1 || true
  # shellcheck disable=SC2086
  best_of rolecall-real bash -c "$ROLECALL_CMD" rolecall-real $REAL_DIRS
  # shellcheck disable=SC2086
  best_of rg-real bash -c "$RG_CMD" rg-real $REAL_DIRS
fi

# 3. secretlint, installed into a temp dir; the ID rule is enabled so it reports key ids too.
SL_DIR="$WORK/secretlint"
SECRETLINT_STATUS="ok"
if [[ ! -x "$SL_DIR/node_modules/.bin/secretlint" ]]; then
  mkdir -p "$SL_DIR"
  if ! npm install --no-audit --no-fund --prefix "$SL_DIR" secretlint @secretlint/secretlint-rule-aws > "$OUT/npm.log" 2>&1; then
    SECRETLINT_STATUS="npm could not install secretlint (see $OUT/npm.log)"
  fi
fi
if [[ "$SECRETLINT_STATUS" == ok ]]; then
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-aws","options":{"enableIDScanRule":true}}]}' > "$SL_DIR/.secretlintrc.json"
  SL_VERSION=$("$SL_DIR/node_modules/.bin/secretlint" --version)
  echo "== secretlint $SL_VERSION (subset, 1 run)"
  GLOBS=(); for d in "${SUBSET[@]}"; do GLOBS+=("$d/**/*"); done
  RUNS=1 best_of secretlint bash -c 'cd "$0" && node_modules/.bin/secretlint --secretlintrc .secretlintrc.json --format json "${@:2}" > "$1" || true' \
    "$SL_DIR" "$OUT/secretlint.json" "${GLOBS[@]}"
fi

# 4. Compare against the planted ground truth.
python3 - "$WORK/manifest.tsv" "$OUT" "${SUBSET[*]}" "$SECRETLINT_STATUS" <<'PY' | tee "$OUT/summary.txt"
import json, os, re, sys
manifest, out, subset, sl_status = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
truth = {}
for row in open(manifest):
    kind, path, line = row.rstrip("\n").split("\t")
    truth[(path, int(line))] = kind
in_subset = lambda p: any(p == d or p.startswith(d + "/") for d in subset)

def stats(name):
    text = open(os.path.join(out, name + ".txt")).read().split()
    return int(text[text.index("bytes") + 1])
def seconds(name):
    return float(open(os.path.join(out, name + ".seconds")).read().split()[0])
def cpu(name):
    return float(open(os.path.join(out, name + ".seconds")).read().split()[1])
def rolecall(name):
    leaks, examples, secrets = set(), set(), set()
    for row in open(os.path.join(out, name + ".tsv")):
        kind, path, line, ex, _ = row.rstrip("\n").split("\t")
        key = (path, int(line))
        if kind == "access-key-id":
            (examples if ex == "example" else leaks).add(key)
        elif kind == "secret-access-key" and ex == "leak":
            secrets.add(key)
    return leaks, examples, secrets
def ripgrep(name):
    found, examples = set(), set()
    for row in open(os.path.join(out, name + ".txt")):
        path, line, match = row.rstrip("\n").rsplit(":", 2)
        (examples if match.endswith("EXAMPLE") else found).add((path, int(line)))
    return found, examples
def secretlint():
    ids, secrets = set(), set()
    for entry in json.load(open(os.path.join(out, "secretlint.json"))):
        for m in entry["messages"]:
            key = (entry["filePath"], m["loc"]["start"]["line"])
            if m["messageId"] == "AWSAccessKeyID": ids.add(key)
            if m["messageId"] == "AWSSecretAccessKey": secrets.add(key)
    return ids, secrets
def describe(found, planted):
    tp = len(found & planted)
    fp = found - planted
    kinds = {}
    for k in fp: kinds[truth.get(k, "unlabelled")] = kinds.get(truth.get(k, "unlabelled"), 0) + 1
    return f"{len(found)} key-id findings, {tp}/{len(planted)} planted found, {len(fp)} others {kinds or ''}"
def missed(ours, ours_examples, theirs):
    gap = theirs - ours - ours_examples
    kinds = {}
    for k in gap: kinds[truth.get(k, "unlabelled")] = kinds.get(truth.get(k, "unlabelled"), 0) + 1
    return kinds

planted = {k for k, v in truth.items() if v == "planted"}
planted_subset = {k for k in planted if in_subset(k[0])}
full_bytes, subset_bytes = stats("rolecall"), stats("rolecall-subset")
print(f"tree: {full_bytes/1e6:.0f} MB, {len(planted)} planted keys, {len(truth) - len(planted)} decoys")
print(f"subset (secretlint): {subset_bytes/1e6:.1f} MB, {len(planted_subset)} planted keys")
print()
print("| tool | scope | wall s | MB/s (wall) | CPU s | MB per CPU-s | key-id findings |")
print("|---|---|---|---|---|---|---|")
r_leaks, r_ex, r_secrets = rolecall("rolecall")
g_found, g_ex = ripgrep("rg")
rate, cpu_rate = {}, {}
for tool, scope, name, found, ex, size in [
        ("rolecall scan_files", "full", "rolecall", r_leaks, r_ex, full_bytes),
        ("ripgrep", "full", "rg", g_found, g_ex, full_bytes)]:
    rate[name], cpu_rate[name] = size / 1e6 / seconds(name), size / 1e6 / cpu(name)
    print(f"| {tool} | full | {seconds(name):.2f} | {rate[name]:.0f} | {cpu(name):.2f} | {cpu_rate[name]:.0f} | {describe(found, planted)}; {len(ex)} example ids |")
rs_leaks, rs_ex, rs_secrets = rolecall("rolecall-subset")
gs_found, gs_ex = ripgrep("rg-subset")
for tool, name, found, ex in [("rolecall scan_files", "rolecall-subset", rs_leaks, rs_ex), ("ripgrep", "rg-subset", gs_found, gs_ex)]:
    rate[name], cpu_rate[name] = subset_bytes / 1e6 / seconds(name), subset_bytes / 1e6 / cpu(name)
    print(f"| {tool} | subset | {seconds(name):.2f} | {rate[name]:.0f} | {cpu(name):.2f} | {cpu_rate[name]:.0f} | {describe(found, planted_subset)}; {len(ex)} example ids |")
if os.path.exists(os.path.join(out, "rolecall-real.seconds")):
    real_bytes = stats("rolecall-real")
    rr_leaks, rr_ex, _ = rolecall("rolecall-real")
    gr_found, gr_ex = ripgrep("rg-real")
    for tool, name, found, ex in [("rolecall scan_files", "rolecall-real", rr_leaks, rr_ex), ("ripgrep", "rg-real", gr_found, gr_ex)]:
        rate[name], cpu_rate[name] = real_bytes / 1e6 / seconds(name), real_bytes / 1e6 / cpu(name)
        print(f"| {tool} | real files ({real_bytes/1e6:.0f} MB of text) | {seconds(name):.2f} | {rate[name]:.0f} | {cpu(name):.2f} | {cpu_rate[name]:.0f} | {len(found)} key-id lines, {len(ex)} example ids |")
if sl_status == "ok":
    s_ids, s_secrets = secretlint()
    rate["secretlint"], cpu_rate["secretlint"] = subset_bytes / 1e6 / seconds("secretlint"), subset_bytes / 1e6 / cpu("secretlint")
    print(f"| secretlint (enableIDScanRule) | subset | {seconds('secretlint'):.2f} | {rate['secretlint']:.2f} | {cpu('secretlint'):.2f} | {cpu_rate['secretlint']:.2f} | {describe(s_ids, planted_subset)} |")
else:
    print(f"| secretlint | - | - | - | - | - | not run: {sl_status} |")
print()
print(f"rolecall / ripgrep (full tree): {rate['rolecall'] / rate['rg']:.2f}x by wall time, {cpu_rate['rolecall'] / cpu_rate['rg']:.2f}x by CPU time")
if sl_status == "ok":
    print(f"rolecall / secretlint: {rate['rolecall'] / rate['secretlint']:.0f}x by wall time, {cpu_rate['rolecall'] / cpu_rate['secretlint']:.0f}x by CPU time "
          f"(full-tree rolecall vs subset secretlint); on the same subset {rate['rolecall-subset'] / rate['secretlint']:.0f}x wall, "
          f"{cpu_rate['rolecall-subset'] / cpu_rate['secretlint']:.0f}x CPU (process start-up included)")
print(f"key-id lines ripgrep found that rolecall did not report: {missed(r_leaks, r_ex, g_found) or 'none'}")
if "rolecall-real" in rate:
    print(f"rolecall / ripgrep (real files): {rate['rolecall-real'] / rate['rg-real']:.2f}x by wall time, {cpu_rate['rolecall-real'] / cpu_rate['rg-real']:.2f}x by CPU time; "
          f"key-id lines ripgrep found there that rolecall did not report: {len(gr_found | gr_ex) - len((gr_found | gr_ex) & (rr_leaks | rr_ex))}")
if sl_status == "ok":
    print(f"key-id lines secretlint found that rolecall did not report: {missed(rs_leaks, rs_ex, s_ids) or 'none'}")
    print(f"secret lines secretlint found that rolecall did not report: {missed(rs_secrets, set(), s_secrets) or 'none'}; "
          f"rolecall secrets in subset: {len(rs_secrets)}, secretlint secrets: {len(s_secrets)}")
print(f"planted keys rolecall missed: {len(planted - r_leaks)}")
PY
