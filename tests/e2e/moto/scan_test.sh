#!/usr/bin/env bash
# rolecall proven against an emulator nobody here wrote: Debian's AWS CLI v2 builds, in moto, an
# estate holding every failure kind the checks judge (estate.sh: three regions, multi-instance
# reservations, stopped and terminated instances, keys in plain and gzip user data and in launch
# templates, IMDSv1), and `rolecall scan --output json` must give exactly the expected verdict for
# every instance, launch template and check, and nothing else.
# Usage: scan_test.sh MOTO_VENV_DIR ROLECALL
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/estate.sh"
rolecall="$2"
[[ -x "$rolecall" ]] || { echo "FAIL: rolecall binary '$rolecall' is not executable"; exit 1; }
moto_start "$1"
SECONDS=0
build_estate
echo "# estate built in ${SECONDS}s"

status=0
"$rolecall" --endpoint-url "$E2E_ENDPOINT" --output json --quiet --no-color \
  scan --regions us-east-1,us-west-2,eu-west-1,ap-southeast-2 \
  --approved-profiles "$(estate_profile_arn app-profile)" >"$E2E_DIR/scan.json" 2>"$E2E_DIR/scan.err" || status=$?
assert_eq "$status" "1" "rolecall scan exits 1 (findings) $(head -c 600 "$E2E_DIR/scan.err")"

# The expected verdicts, per kind of instance (every instance of the kind) and launch template.
# IHR instance-has-role, PHR profile-has-role, RTE role-trusts-ec2, RNA role-not-admin,
# RIA role-is-approved (approved: app-profile), UD user-data-no-keys, IMDS imdsv2-required,
# LT launch-template-no-keys. A check absent from a row must not judge that resource.
"$MOTO_PY" - "$E2E_DIR/instances.tsv" "$E2E_DIR/templates.tsv" "$E2E_DIR/scan.json" "$ESTATE_KEY_SECRET" >"$E2E_DIR/compare.out" <<'EOF' && e2e_pass "every verdict is the expected one" || e2e_fail "every verdict is the expected one"
import json, sys
P, F = "PASS", "FAIL"
good = dict(IHR=P, PHR=P, RTE=P, RNA=P, RIA=P, UD=P, IMDS=P)
expected_by_kind = {
    "good": good,
    "bare": dict(IHR=F, UD=P, IMDS=P),
    "empty": dict(IHR=P, PHR=F, RIA=F, UD=P, IMDS=P),
    "untrusting": dict(good, RTE=F, RIA=F),
    "admin": dict(good, RNA=F, RIA=F),
    "keys-plain": dict(good, UD=F),
    "keys-gzip": dict(good, UD=F),
    "imdsv1": dict(good, IMDS=F),
    "gone": dict(IHR=P, PHR=F, RIA=F, UD=P, IMDS=P),
    "stopped": dict(IHR=F, UD=P, IMDS=P),
    "terminated": {},
    "bare-imdsv1": dict(IHR=F, UD=P, IMDS=F),
    "keys-plain-bare": dict(IHR=F, UD=F, IMDS=P),
    "lt-keys": dict(LT=F),
    "lt-clean": dict(LT=P),
    "lt-keys-gzip": dict(LT=F),
}
checks = {"IHR": "instance-has-role", "PHR": "profile-has-role", "RTE": "role-trusts-ec2",
          "RNA": "role-not-admin", "RIA": "role-is-approved", "UD": "user-data-no-keys",
          "IMDS": "imdsv2-required", "LT": "launch-template-no-keys"}
expected, kind_of = {}, {}
for path in sys.argv[1:3]:
    for line in open(path):
        kind, region, resource = line.rstrip("\n").split("\t")
        kind_of[resource] = kind
        for short, status in expected_by_kind[kind].items():
            expected[(region, resource, checks[short])] = status
report = json.load(open(sys.argv[3]))
actual = {(f["region"], f["resource_id"], f["check_id"]): f["status"] for f in report["findings"]}
problems = []
if len(actual) != len(report["findings"]):
    problems.append("a resource was judged twice by one check")
for key in sorted(set(expected) | set(actual)):
    if expected.get(key) != actual.get(key):
        region, resource, check = key
        message = next((f["message"] for f in report["findings"]
                        if (f["region"], f["resource_id"], f["check_id"]) == key), "")
        problems.append(f"{kind_of.get(resource, '?')} {resource} ({region}) {check}: "
                        f"expected {expected.get(key)}, rolecall {actual.get(key)} {message}")
messages = {(kind_of.get(f["resource_id"]), f["check_id"]): f["message"] for f in report["findings"]}
# The evidence says where: the gzip layer, and the old template version that still holds the keys.
if "gzip" not in messages.get(("keys-gzip", "user-data-no-keys"), ""):
    problems.append(f"keys-gzip: the finding does not name the gzip layer: {messages.get(('keys-gzip', 'user-data-no-keys'))}")
if "version(s) 1" not in messages.get(("lt-keys", "launch-template-no-keys"), ""):
    problems.append(f"lt-keys: the finding does not name version 1: {messages.get(('lt-keys', 'launch-template-no-keys'))}")
if sys.argv[4] in open(sys.argv[3]).read():
    problems.append("the report holds the secret access key found in user data")
print(f"{len(expected)} expected verdicts over {len(kind_of)} resources, "
      f"{sum(v == P for v in actual.values())} PASS / {sum(v == F for v in actual.values())} FAIL from rolecall")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
cat "$E2E_DIR/compare.out"

e2e_finish
