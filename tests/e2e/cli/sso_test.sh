#!/usr/bin/env bash
# IAM Identity Center profiles against rolecall-emulator with a fake ~/.aws (HOME is the test's
# directory): `whoami` and `scan --profile sso-prof` with the token `aws sso login` would cache,
# refresh through sso-oidc CreateToken, the legacy sso_start_url form, the "run aws sso login"
# failure, and the AWS CLI v2 reading the role-credentials cache rolecall writes, which checks its
# key and layout.
# Usage: sso_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=1,regions=1,instances=6,seed=5"

account=$(e2e_estate 'state["accounts"][0]["id"]')
role=AWSReservedSSO_Auditor_0123456789abcdef
# The permission set's role: ReadOnlyAccess, trusted by the SAML provider as Identity Center's are.
python3 - "$E2E_STATE" "$role" "$E2E_DIR/estate.json" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))
account = state["accounts"][0]
account["roles"].append({"name": sys.argv[2], "path": "/aws-reserved/sso.amazonaws.com/",
    "attached_policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "inline_policies": [],
    "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": f"arn:aws:iam::{account['id']}:saml-provider/AWSSSO_0123_DO_NOT_DELETE"},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"]}]}})
json.dump(state, open(sys.argv[3], "w"))
PY
python3 - "$E2E_ENDPOINT/_emulator/load" "$E2E_TOKEN" "$E2E_DIR/estate.json" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=open(sys.argv[3], "rb").read(), method="POST",
                             headers={"X-Emulator-Token": sys.argv[2], "Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=30).read()
PY

cat >"$AWS_CONFIG_FILE" <<CONFIG
[profile sso-prof]
sso_session = corp
sso_account_id = $account
sso_role_name = $role
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
CONFIG
: >"$AWS_SHARED_CREDENTIALS_FILE"
token_file="$HOME/.aws/sso/cache/$(printf %s corp | sha1sum | cut -d' ' -f1).json"
mkdir -p "$HOME/.aws/sso/cache"

# write_token SECONDS_VALID [refreshable]: the cache file `aws sso login` leaves (emulator token format).
write_token() {
  python3 - "$token_file" "$1" "$account" "$role" "${2:-}" <<'PY'
import json, sys, time
path, valid, account, role, refreshable = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
stamp = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
now = int(time.time())
doc = {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
       "accessToken": f"rolecall-sso;{now + valid};{account}/{role}", "expiresAt": stamp(now + valid)}
if refreshable:
    doc.update(clientId="client-1", clientSecret="client-secret", registrationExpiresAt=stamp(now + 86400),
               refreshToken=f"rolecall-sso-refresh;client-1;{account}/{role}")
json.dump(doc, open(path, "w"))
PY
}
clear_role_cache() { rm -rf "$HOME/.aws/cli/cache"; }
# The AWS CLI (awsx points STS at the emulator; the SSO endpoints for CLIs that read these variables).
aws_sso() { AWS_ENDPOINT_URL_SSO="$E2E_ENDPOINT" AWS_ENDPOINT_URL_SSO_OIDC="$E2E_ENDPOINT" awsx "$@"; }

# --- no session: a clear error and the credentials exit code -------------------------------------
status=0
err=$(rc whoami --profile sso-prof 2>&1 >/dev/null) || status=$?
assert_eq "$status" 3 "whoami without an SSO session exits 3 (credentials)"
assert_contains "$err" "run \`aws sso login --profile sso-prof\`" "it says which aws sso login to run"

# --- a valid token: whoami and scan --------------------------------------------------------------
write_token 3600
out=$(rc whoami --profile sso-prof --output json || true)
assert_json "${out:-null}" "doc['Arn'] == 'arn:aws:sts::$account:assumed-role/$role/rolecall-sso-user'" "whoami is the SSO role"
assert_json "${out:-null}" "doc['CredentialProvider'].startswith('sso (profile sso-prof')" "whoami names the sso provider"
key=$(python3 -c "import hashlib, json; print(hashlib.sha1(json.dumps({'accountId': '$account', 'roleName': '$role', 'sessionName': 'corp'}, sort_keys=True, separators=(',', ':')).encode()).hexdigest())")
assert_eq "$(ls "$HOME/.aws/cli/cache" 2>&1)" "$key.json" "role credentials are cached under botocore's key"
status=0
rc scan --profile sso-prof --output json >"$E2E_DIR/scan.json" || status=$?
assert_json "$(cat "$E2E_DIR/scan.json")" "len(doc['findings']) > 0 and doc['summary']['ERROR'] == 0" "scan --profile sso-prof scans everything"
assert_eq "$status" 1 "scan --profile sso-prof exits 1 (the generated estate has findings)"

# The AWS CLI reads the role credentials rolecall cached: with the token expired it could not fetch them.
write_token -60
out=$(aws_sso sts get-caller-identity --profile sso-prof --output json || cat "$E2E_DIR/last_stderr")
assert_json "${out:-null}" "doc['Arn'].endswith('/$role/rolecall-sso-user')" "aws CLI uses rolecall's cached role credentials"

# --- refresh: an expired token with a refresh grant is refreshed and written back -----------------
clear_role_cache
write_token -60 refreshable
out=$(rc whoami --profile sso-prof --output json || true)
assert_json "${out:-null}" "doc['Account'] == '$account'" "an expired token with a refresh token is refreshed"
assert_json "$(cat "$token_file")" "doc['accessToken'].startswith('rolecall-sso;') and doc['refreshToken'].startswith('rolecall-sso-refresh;') and doc['expiresAt'].endswith('Z') and doc['clientId'] == 'client-1'" \
  "the refreshed token is written back in the CLI's layout"
# The role credentials fetched with the refreshed token are cached: with the token unusable again,
# rolecall and the AWS CLI both still answer from the cache. (Debian's AWS CLI 2.9 has no
# AWS_ENDPOINT_URL_SSO, so it cannot call the emulator's portal or OIDC itself.)
write_token -60
out=$(rc whoami --profile sso-prof --output json || true)
assert_json "${out:-null}" "doc['Account'] == '$account'" "rolecall reuses its cached role credentials"
out=$(aws_sso sts get-caller-identity --profile sso-prof --output json || cat "$E2E_DIR/last_stderr")
assert_json "${out:-null}" "doc['Account'] == '$account'" "and so does the AWS CLI"

# --- the legacy form: sso_start_url in the profile, its token cached under the start URL's SHA-1 ---
cat >>"$AWS_CONFIG_FILE" <<CONFIG

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = $account
sso_role_name = $role
CONFIG
clear_role_cache
write_token 3600
python3 - "$token_file" "$HOME/.aws/sso/cache/$(printf %s https://legacy.awsapps.com/start | sha1sum | cut -d' ' -f1).json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["startUrl"] = "https://legacy.awsapps.com/start"
json.dump(doc, open(sys.argv[2], "w"))
PY
write_token -60  # the sso_session token is unusable: only the legacy file can answer
out=$(rc whoami --profile sso-legacy --output json || true)
assert_json "${out:-null}" "doc['Arn'] == 'arn:aws:sts::$account:assumed-role/$role/rolecall-sso-user'" \
  "a legacy sso_start_url profile finds its token under the start URL and gets the role"

# --- expired, nothing to refresh with -------------------------------------------------------------
clear_role_cache
status=0
err=$(rc whoami --profile sso-prof 2>&1 >/dev/null) || status=$?
assert_eq "$status" 3 "an expired SSO session exits 3"
assert_contains "$err" "aws sso login --profile sso-prof" "and says to log in again"

e2e_finish
