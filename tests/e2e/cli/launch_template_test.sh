#!/usr/bin/env bash
# Fixes at the source (issue 13, section 3): for instances in Auto Scaling groups, plan adds a
# launch-template action per template the groups launch from (a group on a launch configuration is
# blocked, saying why); a plan whose template target was edited to an admin-level profile is
# refused before any call (exit 5), a plan whose template moved since planning is refused as stale
# (exit 5, as a stale instance is); apply makes a new version with the target profile the default and moves pinned groups
# to it, so the emulator's scale-in/out launches compliant replacements; rollback puts every
# template and group back exactly (state dumps compared) and deletes the version it made.
# Usage: launch_template_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=30,seed=15,groups=5,compliant=0"
export ROLECALL_JOURNAL="$E2E_DIR/journal.db"
A='state["accounts"][0]'
account=$(e2e_estate "$A['id']")

admin_post() {  # admin_post PATH JSON_BODY: prints the answer
  python3 - "$E2E_ENDPOINT/_emulator/$1" "$E2E_TOKEN" "$2" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[3].encode(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=30).read().decode())
PY
}
# The estate's launch templates and groups, as one JSON document (what rollback must restore).
sources() { e2e_refresh_state; e2e_estate "json.dumps({'templates': $A['launch_templates'], 'groups': $A['auto_scaling_groups']}, sort_keys=True)"; }
# Each template's default version's profile and each group's version, from the AWS CLI.
launched() {
  python3 - "$E2E_DIR/state.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["accounts"][0]
out = {}
for g in a["auto_scaling_groups"]:
    lt = g.get("launch_template")
    if not lt:
        continue
    t = next(t for t in a["launch_templates"] if t["id"] == lt["id"])
    v = lt["version"]
    n = t["default_version"] if v == "$Default" else max(x["number"] for x in t["versions"]) if v == "$Latest" else int(v)
    out[g["name"]] = next(x for x in t["versions"] if x["number"] == n).get("instance_profile")
print(json.dumps(out, sort_keys=True))
PY
}

# --- plan: one action per template, launch configurations blocked -----------------------------------
status=0
rc plan --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/plan.json" --output markdown \
  >"$E2E_DIR/plan.md" 2>"$E2E_DIR/plan.err" || status=$?
assert_eq "$status" "0" "plan: exit 0"
plan=$(cat "$E2E_DIR/plan.json")
groups_changed=$(python3 - "$E2E_DIR/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print(json.dumps(sorted({a["before"]["auto_scaling_group"] for a in p["actions"]
                         if a["action"] in ("associate", "replace") and a["before"]["auto_scaling_group"]})))
PY
)
assert_json "$plan" "sorted(g['name'] for t in doc['launch_templates'] for g in t['groups']) == $groups_changed" \
  "every group whose instances the plan changes has its launch source in the plan"
lc=$(e2e_estate "json.dumps(sorted(g['name'] for g in $A['auto_scaling_groups'] if 'launch_configuration' in g))")
assert_json "$plan" "all((t['action'] == 'blocked' and 'launch configuration' in t['reason']) == (t['groups'][0]['name'] in $lc) for t in doc['launch_templates'])" \
  "groups on a launch configuration, and only they, are blocked with why"
assert_json "$plan" "any(t['action'] == 'update' and t['groups'][0]['version'].isdigit() for t in doc['launch_templates']) and any(t['action'] == 'update' and t['groups'][0]['version'] == '\$Latest' for t in doc['launch_templates'])" \
  "the updates include a group that pins a version and one on \$Latest"
assert_json "$plan" "all(t['target']['name'] == 'app-web' and t['source_version'] >= 1 and t['default_version'] >= 1 for t in doc['launch_templates'] if t['action'] == 'update')" \
  "each update names the target and the versions it starts from"
assert_contains "$(cat "$E2E_DIR/plan.md")" "### Launch templates (" "the markdown diff lists the launch templates"
table=$(rc plan --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/plan-table.json" 2>/dev/null)
updates=$(python3 -c 'import json,sys; print(sum(t["action"] == "update" for t in json.load(open(sys.argv[1]))["launch_templates"]))' "$E2E_DIR/plan.json")
assert_contains "$table" "Launch templates: $updates to update" "the table diff counts the template updates"
before=$(sources)

# --- an edited template target is refused before any call (exit 5) ----------------------------------
python3 - "$E2E_DIR/plan.json" "$E2E_DIR/edited.json" "$account" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
del p["digest"]
t = next(t for t in p["launch_templates"] if t["action"] == "update")
t["target"] = {"arn": f"arn:aws:iam::{sys.argv[3]}:instance-profile/admin-ec2", "name": "admin-ec2", "role_arn": ""}
json.dump(p, open(sys.argv[2], "w"))
PY
status=0
rc apply "$E2E_DIR/edited.json" --yes --allow-unsigned-plan >/dev/null 2>"$E2E_DIR/edited.err" || status=$?
assert_eq "$status" "5" "apply of a plan whose template target is admin-level: exit 5"
assert_contains "$(cat "$E2E_DIR/edited.err")" "launch template lt-" "the refusal names the launch template"
assert_eq "$(sources)" "$before" "nothing was changed"

# --- a template that moved since planning makes the plan stale (exit 5) --------------------------------
moved=$(python3 -c 'import json,sys; print(next(t["template_id"] for t in json.load(open(sys.argv[1]))["launch_templates"] if t["action"] == "update"))' "$E2E_DIR/plan.json")
awsx ec2 create-launch-template-version --launch-template-id "$moved" --source-version 1 \
  --launch-template-data '{"InstanceType": "t3.small"}' >/dev/null
moved_state=$(sources)
status=0
rc apply "$E2E_DIR/plan.json" --yes >/dev/null 2>"$E2E_DIR/stale.err" || status=$?
assert_eq "$status" "5" "apply after someone made a template version: exit 5 (stale plan)"
assert_contains "$(cat "$E2E_DIR/stale.err")" "launch template $moved" "the stale message names the template"
assert_eq "$(sources)" "$moved_state" "nothing was changed"

# --- apply fixes the templates; a scale-in/out launches compliant replacements ------------------------
# A template no group uses is fixed on request (--launch-template).
lonely=$(awsx ec2 create-launch-template --launch-template-name lonely-lt --launch-template-data '{"InstanceType": "t3.micro"}' \
  --query LaunchTemplate.LaunchTemplateId --output text)
rc plan --instance-profile app-web --no-pass-role-check --out "$E2E_DIR/bare.json" >/dev/null 2>"$E2E_DIR/bare.err"
assert_contains "$(cat "$E2E_DIR/bare.err")" "launch template $lonely (lonely-lt)" "plan says which template no group uses gives no profile"
assert_contains "$(cat "$E2E_DIR/bare.err")" "plan --launch-template $lonely" "and how to fix it"
status=0
rc plan --instance-profile app-web --no-pass-role-check --launch-template lt-0000000000000000f --out "$E2E_DIR/none.json" \
  >/dev/null 2>"$E2E_DIR/none.err" || status=$?
assert_eq "$status" "2" "plan --launch-template with an id found nowhere: exit 2"
assert_contains "$(cat "$E2E_DIR/none.err")" "no such launch template" "and says so"
rc plan --instance-profile app-web --no-pass-role-check --launch-template "$lonely" --out "$E2E_DIR/plan.json" >/dev/null 2>&1
assert_json "$(cat "$E2E_DIR/plan.json")" "[(t['action'], t['groups'], t['source_version']) for t in doc['launch_templates'] if t['template_id'] == '$lonely'] == [('update', [], 1)]" \
  "plan --launch-template: the template no group uses is updated from its default version"
updates=$(python3 -c 'import json,sys; print(sum(t["action"] == "update" for t in json.load(open(sys.argv[1]))["launch_templates"]))' "$E2E_DIR/plan.json")
before=$(sources)
status=0
rc --output json apply "$E2E_DIR/plan.json" --yes >"$E2E_DIR/apply.json" 2>"$E2E_DIR/apply.err" || status=$?
assert_eq "$status" "0" "apply: exit 0"
assert_json "$(cat "$E2E_DIR/apply.json")" "all(i['status'] in ('verified', 'skipped') for i in doc['instances']) and sum(i['operation'] == 'template-default' and i['status'] == 'verified' for i in doc['instances']) == $updates" \
  "every template default is verified"
e2e_refresh_state
fixed=$(python3 -c 'import json,sys; print(json.dumps(sorted(g["name"] for t in json.load(open(sys.argv[1]))["launch_templates"] if t["action"] == "update" for g in t["groups"])))' "$E2E_DIR/plan.json")
assert_json "$(launched)" "all(doc[g] == 'app-web' for g in $fixed)" "every fixed group now launches with app-web"
assert_eq "$(awsx ec2 describe-launch-template-versions --launch-template-id "$lonely" --versions '$Default' \
  --query 'LaunchTemplateVersions[0].LaunchTemplateData.IamInstanceProfile.[Arn || Name]' --output text)" \
  "arn:aws:iam::$account:instance-profile/app-web" "the template asked for launches with app-web by default (its ARN, as given)"
pinned=$(python3 -c 'import json,sys; print(json.dumps([g["name"] for t in json.load(open(sys.argv[1]))["launch_templates"] if t["action"] == "update" for g in t["groups"] if g["version"].isdigit()]))' "$E2E_DIR/plan.json")
assert_json "$(e2e_estate "json.dumps({g['name']: g['launch_template']['version'] for g in $A['auto_scaling_groups'] if 'launch_template' in g})")" \
  "all(doc[g] != p for g, p in zip($pinned, $(python3 -c 'import json,sys; print(json.dumps([g["version"] for t in json.load(open(sys.argv[1]))["launch_templates"] if t["action"] == "update" for g in t["groups"] if g["version"].isdigit()]))' "$E2E_DIR/plan.json")))" \
  "groups that pinned a version were moved to the new one"
for group in $(python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])))' "$fixed"); do
  answer=$(admin_post scale "{\"account\": \"$account\", \"region\": \"us-east-1\", \"group\": \"$group\"}")
  launched_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["launched"])' <<<"$answer")
  e2e_refresh_state
  assert_eq "$(e2e_estate "[i.get('instance_profile') for i in $A['instances'] if i['id'] == '$launched_id'][0]")" "app-web" \
    "scale-in/out of $group launches a replacement with app-web"
done

# --- rollback puts every template and group back exactly ---------------------------------------------
run_id=$(rc runs | awk 'NR == 2 {print $1}')
status=0
rc rollback "$run_id" --yes --allow-failing-targets >/dev/null 2>"$E2E_DIR/rollback.err" || status=$?
# Exit 4: the instances the scale-in terminated cannot be restored (said per instance).
assert_eq "$status" "4" "rollback: exit 4 (the scaled-in instances are gone)"
assert_eq "$(sources)" "$before" "rollback restores every launch template and group exactly (the version apply made is deleted)"

e2e_finish
