#!/usr/bin/env bash
# Auto Scaling groups in the emulator (issue 13, section 3): Debian's AWS CLI v2 reads a generated
# estate's groups (describe-auto-scaling-groups, paged) exactly as the estate holds them and moves
# a group's launch template version (update-auto-scaling-group); the admin API's scale endpoint
# replaces an instance of each group from what the group launches from now, and rolecall scan then
# agrees with GET /_emulator/truth on every finding, the replacements included.
# Usage: autoscaling_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=30,seed=11,groups=5"

A='state["accounts"][0]'
admin_post() {  # admin_post PATH JSON_BODY: prints the answer, fails the test on an HTTP error
  python3 - "$E2E_ENDPOINT/_emulator/$1" "$E2E_TOKEN" "$2" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[3].encode(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=30).read().decode())
PY
}
curl_truth() {
  python3 - "$E2E_ENDPOINT/_emulator/truth" "$E2E_TOKEN" "$E2E_DIR/now-truth.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], headers={"X-Emulator-Token": sys.argv[2]})
with urllib.request.urlopen(req, timeout=30) as res, open(sys.argv[3], "wb") as out:
    out.write(res.read())
PY
}

# --- describe-auto-scaling-groups: what the estate holds, over pages of 2 --------------------------
out=$(awsx autoscaling describe-auto-scaling-groups --page-size 2 --query \
  "AutoScalingGroups[].[AutoScalingGroupName, LaunchTemplate.LaunchTemplateId || MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId || LaunchConfigurationName, LaunchTemplate.Version || MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version, sort(Instances[].InstanceId)]" \
  --output json)
want=$(e2e_estate "json.dumps([[g['name'], g['launch_template']['id'] if 'launch_template' in g else g['launch_configuration'], g['launch_template']['version'] if 'launch_template' in g else None, sorted(i['id'] for i in $A['instances'] if i['tags'].get('aws:autoscaling:groupName') == g['name'] and i['state'] not in ('terminated',))] for g in $A['auto_scaling_groups']])")
assert_json "$out" "doc == $want and len(doc) == 5" "describe-auto-scaling-groups: every group, its launch source and instances, paged"
assert_json "$out" "any(g[2] not in (None, '\$Default', '\$Latest') for g in doc) and any(g[2] is None for g in doc)" \
  "the generated groups pin a version and use a launch configuration"

pinned=$(e2e_estate "[g['name'] for g in $A['auto_scaling_groups'] if g.get('launch_template', {}).get('version', '$').isdigit()][0]")
template=$(e2e_estate "[g['launch_template']['id'] for g in $A['auto_scaling_groups'] if g['name'] == '$pinned'][0]")
awsx autoscaling update-auto-scaling-group --auto-scaling-group-name "$pinned" \
  --launch-template "LaunchTemplateId=$template,Version=\$Latest" && e2e_pass "update-auto-scaling-group" || e2e_fail "update-auto-scaling-group: $(cat "$E2E_DIR/last_stderr")"
out=$(awsx autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$pinned" --query "AutoScalingGroups[0].LaunchTemplate.Version" --output text)
assert_eq "$out" "\$Latest" "the group now launches \$Latest"
assert_fails ValidationError "update-auto-scaling-group refuses a version the template lacks" -- \
  autoscaling update-auto-scaling-group --auto-scaling-group-name "$pinned" --launch-template "LaunchTemplateId=$template,Version=99"
assert_fails ValidationError "update-auto-scaling-group refuses an unknown group" -- \
  autoscaling update-auto-scaling-group --auto-scaling-group-name no-such-group --min-size 0

# --- the scale endpoint replaces one instance of each group ------------------------------------
account=$(e2e_estate "$A['id']")
replaced=()
for group in $(e2e_estate "[g['name'] for g in $A['auto_scaling_groups']]"); do
  answer=$(admin_post scale "{\"account\": \"$account\", \"region\": \"us-east-1\", \"group\": \"$group\"}")
  assert_json "$answer" "doc['group'] == '$group' and doc['launched'] != doc['terminated']" "scale $group: one instance out, one in"
  replaced+=("$(python3 -c 'import json,sys; print(json.load(sys.stdin)["launched"])' <<<"$answer")")
done
e2e_refresh_state
out=$(awsx ec2 describe-instances --instance-ids "${replaced[@]}" --query "Reservations[].Instances[].[InstanceId, Tags[?Key=='aws:autoscaling:groupName'].Value | [0]]" --output json)
want=$(e2e_estate "json.dumps([[i['id'], i['tags']['aws:autoscaling:groupName']] for i in $A['instances'] if i['id'] in '${replaced[*]}'.split()])")
assert_json "$out" "sorted(doc) == sorted($want) and len(doc) == ${#replaced[@]}" "every replacement is in the estate and carries its group's tag"

# --- rolecall scan agrees with the emulator's truth, replacements included ----------------------
curl_truth
status=0
rc --output json scan --regions us-east-1 >"$E2E_DIR/scan.json" 2>"$E2E_DIR/scan.err" || status=$?
assert_json "$status" "doc in (0, 1)" "rolecall scan exits 0 or 1"
python3 - "$E2E_DIR/scan.json" "$E2E_DIR/now-truth.json" "${replaced[@]}" >"$E2E_DIR/compare.out" <<'PY' \
  && e2e_pass "rolecall scan == GET /_emulator/truth, replacements included" \
  || { e2e_fail "rolecall scan == GET /_emulator/truth"; cat "$E2E_DIR/compare.out"; }
import json, sys
key = lambda f: (f["account_id"], f["region"], f["resource_id"], f["check_id"])
tool = {key(f): f["status"] for f in json.load(open(sys.argv[1]))["findings"]}
truth = {key(f): f["status"] for f in json.load(open(sys.argv[2]))["findings"]}
problems = [f"{k}: rolecall {tool.get(k)}, truth {truth.get(k)}" for k in sorted(set(tool) | set(truth)) if tool.get(k) != truth.get(k)]
judged = {k[2] for k in truth}
problems += [f"replacement {i} is not judged" for i in sys.argv[3:] if i not in judged]
print(f"{len(truth)} findings compared")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
PY

e2e_finish
