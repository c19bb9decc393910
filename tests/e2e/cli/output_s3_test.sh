#!/usr/bin/env bash
# --output-file s3://BUCKET/KEY (issue 14, "Where results go"): a bucket made with the AWS CLI in
# the sandbox (`aws s3 mb`, in us-east-1 and in eu-west-1) receives rolecall's report in any format,
# the same bytes a local --output-file gets, with the format's Content-Type, read back with
# `aws s3 cp`; a bucket that does not exist fails before the scan; a caller who may not write fails
# naming the URL; a failed scan removes the stale report; a bad URL is a usage error. The same
# sandbox lists the account's buckets (`aws s3api list-buckets`) and puts, gets and deletes a bucket
# policy (`aws s3api put-bucket-policy`, `get-bucket-policy`, `delete-bucket-policy`).
# Usage: output_s3_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=2,instances=24,seed=5"

# An administrator of the member account makes the buckets.
member=$(e2e_estate "state['accounts'][1]['id']")
read -r key secret token < <(awsx sts assume-role --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" \
  --role-session-name e2e-output --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
assert_ne "$key" "" "assumed the member account's administrator role"
admin() { AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" "$@"; }
admin awsx s3 mb s3://reports >/dev/null
admin awsx s3 mb s3://reports-eu --region eu-west-1 >/dev/null
assert_eq "$(admin awsx s3api get-bucket-location --bucket reports-eu --query LocationConstraint --output text)" \
  "eu-west-1" "aws s3 mb --region eu-west-1 makes a bucket there"

# rolecall writes as a role holding exactly docs/permissions/scan.json and output-s3.json (for the
# buckets reports*): the documented policy is enough.
docs="$(cd "$(dirname "$0")/../../.." && pwd)/docs"
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::'"$member"':root"},"Action":"sts:AssumeRole"}]}'
admin awsx iam create-role --role-name rolecall-writer --assume-role-policy-document "$trust" >/dev/null
admin awsx iam put-role-policy --role-name rolecall-writer --policy-name scan \
  --policy-document "file://$docs/permissions/scan.json"
sed 's/REPORT-BUCKET/reports*/g' "$docs/permissions/output-s3.json" >"$E2E_DIR/output-s3.json"
admin awsx iam put-role-policy --role-name rolecall-writer --policy-name output \
  --policy-document "file://$E2E_DIR/output-s3.json"
read -r wkey wsecret wtoken < <(admin awsx sts assume-role --role-arn "arn:aws:iam::$member:role/rolecall-writer" \
  --role-session-name e2e-writer --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
assert_ne "$wkey" "" "assumed the writer role"
writer() { AWS_ACCESS_KEY_ID="$wkey" AWS_SECRET_ACCESS_KEY="$wsecret" AWS_SESSION_TOKEN="$wtoken" "$@"; }

# --- every format lands with its media type, the same bytes as a local file ----------------------
for spec in "json reports application/json" "html reports-eu text/html; charset=utf-8" \
  "csv reports text/csv; charset=utf-8" "sarif reports-eu application/sarif+json"; do
  read -r format bucket type <<<"$spec"
  status=0
  # Not rc: without --quiet, to see where the report went.
  writer "$rolecall" --endpoint-url "$E2E_ENDPOINT" --no-color --output "$format" \
    --output-file "s3://$bucket/scans/today.$format" scan --regions us-east-1 2>"$E2E_DIR/put.err" || status=$?
  assert_eq "$status" 1 "scan --output $format to s3://$bucket exits 1 (findings), as to a file"
  assert_eq "$(grep -c "report written to s3://$bucket/scans/today.$format" "$E2E_DIR/put.err")" 1 \
    "it says where the $format report went"
  admin awsx s3 cp "s3://$bucket/scans/today.$format" "$E2E_DIR/from-s3.$format" --only-show-errors
  writer rc --output "$format" --output-file "$E2E_DIR/local.$format" scan --regions us-east-1 2>/dev/null || true
  # The reports differ only in their time stamps and durations (two scans).
  strip() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?//g; s/"seconds": [0-9.e-]+//' "$1"; }
  assert_eq "$(diff <(strip "$E2E_DIR/from-s3.$format") <(strip "$E2E_DIR/local.$format"))" "" \
    "the $format object holds what a local --output-file holds"
  assert_eq "$(admin awsx s3api head-object --bucket "$bucket" --key "scans/today.$format" --query ContentType \
    --output text)" "$type" "the $format object's Content-Type is $type"
done
assert_json "$(cat "$E2E_DIR/from-s3.json" 2>/dev/null || admin awsx s3 cp s3://reports/scans/today.json -)" \
  'len(doc["findings"]) > 0' "the JSON report read back from S3 parses and holds findings"

# --- other commands write there too --------------------------------------------------------------
writer rc --output json --output-file s3://reports/whoami.json whoami 2>/dev/null
assert_json "$(admin awsx s3 cp s3://reports/whoami.json -)" 'doc["Account"] == "'"$member"'"' \
  "whoami --output-file s3:// stores the identity"

# --- refusals ------------------------------------------------------------------------------------
status=0
writer rc --output-file s3://no-such-reports/today.json scan --regions us-east-1 >/dev/null 2>"$E2E_DIR/nobucket.err" ||
  status=$?
assert_ne "$status" 0 "a bucket that does not exist fails"
assert_eq "$(grep -c 'no-such-reports.*NoSuchBucket' "$E2E_DIR/nobucket.err")" 1 "naming the URL and S3's NoSuchBucket"
assert_eq "$(grep -c 'report written' "$E2E_DIR/nobucket.err")" 0 "before the scan wrote anything"
status=0
rc --output-file s3://reports/ scan >/dev/null 2>"$E2E_DIR/folder.err" || status=$?
assert_eq "$status" 2 "a bucket or folder URL is a usage error"
assert_eq "$(grep -c 'name an object' "$E2E_DIR/folder.err")" 1 "that says to name an object"
# The default caller (the management account's read-only auditor) may not write there.
status=0
rc --output-file s3://reports/auditor.json scan --regions us-east-1 >/dev/null 2>"$E2E_DIR/denied.err" || status=$?
assert_eq "$status" 3 "a caller denied s3:PutObject exits 3 (access denied)"
assert_eq "$(grep -c 's3://reports/auditor.json.*s3:PutObject.*AccessDenied' "$E2E_DIR/denied.err")" 1 \
  "naming the URL and the refused call"

# --- a failed scan leaves no stale report behind ---------------------------------------------------
status=0
writer rc --output-file s3://reports/scans/today.json scan --from "$E2E_DIR/no-such-inventory" >/dev/null \
  2>"$E2E_DIR/failed.err" || status=$?
assert_ne "$status" 0 "a scan that fails"
assert_eq "$(admin awsx s3 ls s3://reports/scans/ | awk '{print $4}' | tr '\n' ' ')" "today.csv " \
  "removes its stale report from the bucket (and only that one)"

# --- the account's buckets and their policies (aws s3api) -----------------------------------------
assert_eq "$(admin awsx s3api list-buckets --query 'Buckets[].Name' --output text)" "$(printf 'reports\treports-eu')" \
  "list-buckets shows the member account's buckets, by name"
assert_eq "$(admin awsx s3api list-buckets --query 'length(Buckets[?CreationDate != null])' --output text)" 2 \
  "each with its creation date"
assert_eq "$(admin awsx s3api list-buckets --query 'length(Owner.ID)' --output text)" 64 "and the owner's canonical ID"
others=$(awsx s3api list-buckets --output json)
assert_json "$others" 'not [b for b in doc["Buckets"] if b["Name"].startswith("reports")]' \
  "another account's caller lists its own buckets, not these"
status=0
writer awsx s3api list-buckets >/dev/null || status=$?
assert_ne "$status" 0 "a caller without s3:ListAllMyBuckets may not list buckets"
assert_eq "$(grep -c 'AccessDenied' "$E2E_DIR/last_stderr")" 1 "S3's AccessDenied"

# A bucket policy naming an IAM user, as rolecall reads it to find the users a key migration moves.
cat >"$E2E_DIR/bucket-policy.json" <<POLICY
{"Version":"2012-10-17","Statement":[{"Sid":"LegacyDeploy","Effect":"Allow",
 "Principal":{"AWS":"arn:aws:iam::$member:user/legacy-deploy"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}
POLICY
status=0
admin awsx s3api get-bucket-policy --bucket reports >/dev/null || status=$?
assert_ne "$status" 0 "a bucket without a policy has none to get"
assert_eq "$(grep -c 'NoSuchBucketPolicy' "$E2E_DIR/last_stderr")" 1 "S3's NoSuchBucketPolicy"
admin awsx s3api put-bucket-policy --bucket reports --policy "file://$E2E_DIR/bucket-policy.json"
assert_eq "$(admin awsx s3api get-bucket-policy --bucket reports --query Policy --output text)" \
  "$(cat "$E2E_DIR/bucket-policy.json")" "get-bucket-policy returns the document put-bucket-policy stored"
assert_json "$(admin awsx s3api get-bucket-policy --bucket reports --query Policy --output text)" \
  'doc["Statement"][0]["Principal"]["AWS"] == "arn:aws:iam::'"$member"':user/legacy-deploy"' "naming the user"
status=0
admin awsx s3api put-bucket-policy --bucket reports-eu --policy '{"Version":"2012-10-17"}' || status=$?
assert_ne "$status" 0 "a policy without statements is refused"
assert_eq "$(grep -c 'MalformedPolicy' "$E2E_DIR/last_stderr")" 1 "as S3's MalformedPolicy"
status=0
writer awsx s3api put-bucket-policy --bucket reports --policy '{"Statement":[]}' || status=$?
assert_ne "$status" 0 "a caller without s3:PutBucketPolicy may not replace it"
assert_eq "$(grep -c 'AccessDenied' "$E2E_DIR/last_stderr")" 1 "S3's AccessDenied for put-bucket-policy"
admin awsx s3api delete-bucket-policy --bucket reports
status=0
admin awsx s3api get-bucket-policy --bucket reports >/dev/null || status=$?
assert_ne "$status" 0 "delete-bucket-policy removes it"
e2e_finish
