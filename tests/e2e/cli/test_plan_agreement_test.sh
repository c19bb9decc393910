#!/usr/bin/env bash
# Issue 4's proof: the spec's CLI test plan and `rolecall scan --checks instance-has-role` agree.
# For every account (credentials profile) and every region the CLI lists, the instances the test
# plan reports with an IamInstanceProfile.Arn are exactly rolecall's PASS, those without exactly its
# FAIL (terminated and shutting-down instances are judged by neither). The spec's per-instance
# command is also run verbatim on one instance of each kind.
# Usage: test_plan_agreement_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=2,instances=48,seed=23"

profiles=$(e2e_estate '[a["name"] for a in state["accounts"]]')
: >"$E2E_DIR/cli.tsv"
regions_all=()
for profile in $profiles; do
  account=$(awsx sts get-caller-identity --profile "$profile" --query Account --output text)
  regions=$(awsx ec2 describe-regions --profile "$profile" --query "Regions[].RegionName" --output text)
  for region in $regions; do
    regions_all+=("$region")
    # The test plan's query, over every instance of the region, keeping the instance id beside it.
    awsx ec2 describe-instances --profile "$profile" --region "$region" \
      --filters Name=instance-state-name,Values=pending,running,stopping,stopped \
      --query "Reservations[*].Instances[*].[InstanceId, IamInstanceProfile.Arn]" --output text |
      awk -v a="$account" -v r="$region" 'NF { print a "\t" r "\t" $1 "\t" ($2 == "None" ? "" : $2) }' >>"$E2E_DIR/cli.tsv"
  done
done
regions_csv=$(printf '%s\n' "${regions_all[@]}" | sort -u | paste -sd,)

profile_args=()
for profile in $profiles; do profile_args+=(--profile "$profile"); done
status=0
"$rolecall" --endpoint-url "$E2E_ENDPOINT" "${profile_args[@]}" --output json --quiet --no-color \
  scan --checks instance-has-role --regions "$regions_csv" >"$E2E_DIR/rolecall.json" 2>"$E2E_DIR/rolecall.err" || status=$?
if [[ $status -eq 0 || $status -eq 1 ]]; then
  e2e_pass "rolecall scan exits 0 or 1 (findings), got $status"
else
  e2e_fail "rolecall scan exits 0 or 1 (findings), got $status: $(cat "$E2E_DIR/rolecall.err")"
fi

python3 - "$E2E_DIR/cli.tsv" "$E2E_DIR/rolecall.json" "$E2E_TRUTH" >"$E2E_DIR/compare.out" <<'EOF' && e2e_pass "test plan == rolecall instance-has-role == ground truth" || { e2e_fail "test plan == rolecall instance-has-role == ground truth"; cat "$E2E_DIR/compare.out"; }
import json, sys
cli = {}
for line in open(sys.argv[1]):
    account, region, instance, arn = line.rstrip("\n").split("\t")
    cli[(account, region, instance)] = "PASS" if arn.startswith("arn:") else "FAIL"
report = json.load(open(sys.argv[2]))
tool = {(f["account_id"], f["region"], f["resource_id"]): f["status"]
        for f in report["findings"] if f["check_id"] == "instance-has-role"}
others = [f for f in report["findings"] if f["check_id"] != "instance-has-role"]
truth = {(f["account_id"], f["region"], f["resource_id"]): f["status"]
         for f in json.load(open(sys.argv[3]))["findings"] if f["check_id"] == "instance-has-role"}
problems = []
if others:
    problems.append(f"findings of other checks or scopes: {others[:3]}")
for key in sorted(set(cli) | set(tool)):
    if cli.get(key) != tool.get(key):
        problems.append(f"{key}: test plan {cli.get(key)}, rolecall {tool.get(key)}")
if cli != truth:
    problems.append(f"test plan differs from ground truth on {sorted(set(cli.items()) ^ set(truth.items()))[:5]}")
statuses = set(cli.values())
if statuses != {"PASS", "FAIL"}:
    problems.append(f"the estate should hold instances with and without a profile, saw {statuses}")
accounts = {k[0] for k in cli}
regions = {(k[0], k[1]) for k in cli}
print(f"{len(cli)} instances, {len(accounts)} accounts, {len(regions)} account-regions, "
      f"{sum(v == 'PASS' for v in cli.values())} PASS / {sum(v == 'FAIL' for v in cli.values())} FAIL")
if len(accounts) < 2 or len(regions) < 4:
    problems.append("expected 2 accounts x 2 regions")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
cat "$E2E_DIR/compare.out"

# The spec's per-instance commands, verbatim, on one instance with and one without a profile.
read -r account region with_profile arn < <(awk -F'\t' '$4 != ""' "$E2E_DIR/cli.tsv" | head -1)
read -r account2 region2 without_profile < <(awk -F'\t' '$4 == ""' "$E2E_DIR/cli.tsv" | head -1)
profile=$(e2e_estate "[a['name'] for a in state['accounts'] if a['id'] == '$account'][0]")
out=$(awsx ec2 describe-instances --profile "$profile" --region "$region" --instance-ids "$with_profile" \
  --query "Reservations[*].Instances[*].IamInstanceProfile.Arn" --output table)
assert_contains "$out" "$arn" "verbatim test plan on $with_profile shows its role (rolecall: PASS)"
profile2=$(e2e_estate "[a['name'] for a in state['accounts'] if a['id'] == '$account2'][0]")
out=$(awsx ec2 describe-instances --profile "$profile2" --region "$region2" --instance-ids "$without_profile" \
  --query "Reservations[*].Instances[*].IamInstanceProfile" --output table)
assert_eq "$(grep -c 'instance-profile' <<<"$out" || true)" "0" "verbatim test plan on $without_profile shows no role (rolecall: FAIL)"

e2e_finish
