#!/usr/bin/env bash
# CloudTrail end to end: Debian's AWS CLI v2 pages through a generated key's events with
# `aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,...` (NextToken, small
# pages) and gets exactly the estate's events of that key in that region within 90 days, each
# with the full record (CloudTrailEvent) the estate describes; errors come back as CloudTrail names
# them; with --record-calls on, a call the CLI makes with a long-term key shows up as an event.
# Usage: cloudtrail_test.sh ROLECALL_EMULATOR [ROLECALL]
source "$(dirname "$0")/lib.sh"
E2E_EMULATOR_ARGS="--record-calls on"  # the CLI's own calls become events too (checked last)
e2e_start "$1" "accounts=1,regions=2,instances=120,seed=21"

# The (key, region) of the management account with the most recent IAMUser events (two lines).
pick=$(e2e_estate '(lambda c: max(c, key=lambda kr: (c[kr], kr)))(__import__("collections").Counter((e["access_key_id"], e["region"]) for e in state["accounts"][0]["cloudtrail_events"] if e["user_identity"]["type"] == "IAMUser" and e["time"]["minutes_ago"] <= 90 * 1440))')
key=$(sed -n 1p <<<"$pick")
region=$(sed -n 2p <<<"$pick")
expected=$(e2e_estate "sorted(e['id'] for e in state['accounts'][0]['cloudtrail_events'] if e['access_key_id'] == '$key' and e['region'] == '$region' and e['time']['minutes_ago'] <= 90 * 1440)")
count=$(wc -l <<<"$expected")
[[ $count -ge 3 ]] || { echo "FAIL: the generated key $key has only $count events in $region"; exit 1; }

# --page-size 2: the CLI sends MaxResults=2 and follows NextToken through every page.
found=$(awsx cloudtrail lookup-events --region "$region" --page-size 2 \
  --lookup-attributes "AttributeKey=AccessKeyId,AttributeValue=$key" --output json)
assert_json "$found" "sorted(e['EventId'] for e in doc['Events']) == '''$expected'''.split()" \
  "lookup-events pages through all $count events of the key in $region"
assert_json "$found" "[e['EventTime'] for e in doc['Events']] == sorted((e['EventTime'] for e in doc['Events']), reverse=True)" \
  "events come newest first"
python3 - "$E2E_STATE" "$found" "$region" >"$E2E_DIR/records" <<'PY'
import json, sys
state, found, region = json.load(open(sys.argv[1])), json.loads(sys.argv[2]), sys.argv[3]
account = state["accounts"][0]
estate = {e["id"]: e for e in account["cloudtrail_events"]}
for item in found["Events"]:
    e, record = estate[item["EventId"]], json.loads(item["CloudTrailEvent"])
    want = {"eventName": e["event_name"], "eventSource": e["event_source"], "sourceIPAddress": e["source_ip"],
            "awsRegion": region, "userAgent": e["user_agent"], "eventType": "AwsApiCall",
            "recipientAccountId": account["id"], "vpcEndpointId": e.get("vpc_endpoint_id")}
    got = {k: record.get(k) for k in want}
    if got != want or record["userIdentity"]["accessKeyId"] != e["access_key_id"] \
            or record["userIdentity"]["userName"] != e["user_identity"]["user_name"] \
            or item["Username"] != e["user_identity"]["user_name"]:
        print(f"{item['EventId']}: {got} != {want}")
PY
assert_eq "$(cat "$E2E_DIR/records")" "" "every CloudTrailEvent record matches the estate's event"

# GetAccessKeyLastUsed agrees with the key's newest event of any region (within the seconds
# between the two calls: both read "minutes ago" from the emulator's clock).
newest=0
for r in $(e2e_estate 'state["accounts"][0]["enabled_regions"]'); do
  t=$(awsx cloudtrail lookup-events --region "$r" --max-items 1 \
    --lookup-attributes "AttributeKey=AccessKeyId,AttributeValue=$key" --query 'Events[0].EventTime' --output text)
  t=${t%%$'\n'*}  # the first line; a NextToken line may follow
  [[ "$t" == None ]] && continue
  t=$(python3 -c 'import sys, datetime; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))' "$t")
  if ((t > newest)); then newest=$t; fi
done
used=$(awsx iam get-access-key-last-used --access-key-id "$key" --query 'AccessKeyLastUsed.LastUsedDate' --output text)
used=$(python3 -c 'import sys, datetime; print(int(datetime.datetime.fromisoformat(sys.argv[1]).timestamp()))' "$used")
assert_eq "$(( used - newest < 60 && newest - used < 60 ))" 1 "the key's last use is its newest event ($used vs $newest)"

assert_fails InvalidLookupAttributesException "two lookup attributes are refused" -- \
  cloudtrail lookup-events --region "$region" \
  --lookup-attributes AttributeKey=EventName,AttributeValue=GetObject AttributeKey=EventName,AttributeValue=PutObject
assert_fails InvalidTimeRangeException "a start after the end is refused" -- \
  cloudtrail lookup-events --region "$region" --start-time 2026-01-02T00:00:00Z --end-time 2026-01-01T00:00:00Z
# The CLI's own call, made with the default profile's long-term key, is recorded.
auditor=$(awsx configure get aws_access_key_id)
awsx ec2 describe-instances --region "$region" --max-items 1 --output json >/dev/null
mine=$(awsx cloudtrail lookup-events --region "$region" \
  --lookup-attributes "AttributeKey=AccessKeyId,AttributeValue=$auditor" --output json)
assert_json "$mine" "any(e['EventName'] == 'DescribeInstances' and r['userAgent'].startswith('aws-cli/') and r['sourceIPAddress'] == '127.0.0.1' for e in doc['Events'] for r in [__import__('json').loads(e['CloudTrailEvent'])])" \
  "a call the AWS CLI made with a long-term key is an event (--record-calls on)"
e2e_finish
