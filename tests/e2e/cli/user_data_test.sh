#!/usr/bin/env bash
# Keys hidden in every known encoding of user data reach `rolecall scan` as FAIL: Debian's AWS CLI v2
# launches one instance per encoding in rolecall-emulator (RunInstances, the user data built here by
# Python's own gzip/bz2/lzma/zipfile, independent of rolecall's decoders), and rolecall must report
# user-data-no-keys FAIL with the key's redacted id for each, never PASS. The emulator's ground truth
# does not decode bzip2, xz, zip, UTF-16 or MIME preambles, so this test does not compare with it.
# Usage: user_data_test.sh ROLECALL_EMULATOR ROLECALL
source "$(dirname "$0")/lib.sh"
e2e_use_rolecall "$2"
e2e_start "$1" "accounts=2,regions=1,instances=4,seed=9"
account=$(e2e_estate 'state["accounts"][1]["id"]')
profile=$(e2e_estate 'state["accounts"][1]["name"]')
read -r key secret token < <(awsx sts assume-role --role-arn "arn:aws:iam::$account:role/OrganizationAccountAccessRole" \
  --role-session-name user-data --query "Credentials.[AccessKeyId, SecretAccessKey, SessionToken]" --output text)

# One file per encoding in $E2E_DIR/ud/, named after it.
mkdir "$E2E_DIR/ud"
python3 - "$E2E_DIR/ud" <<'PY'
import base64, bz2, gzip, io, lzma, os, sys, zipfile
out = sys.argv[1]
key, secret = "AKIAZ7RW3QTLXM4NB6KE", "h7Xq2Lm9Pz4Rt8Wv1Ks6Nb3Yc5Jd0Fg2Ae7Ui9Oo"
script = f"#!/bin/bash\nexport AWS_ACCESS_KEY_ID={key}\nexport AWS_SECRET_ACCESS_KEY={secret}\n".encode()
ps = f"<powershell>\r\n$env:AWS_ACCESS_KEY_ID = '{key}'\r\n$env:AWS_SECRET_ACCESS_KEY = '{secret}'\r\n</powershell>\r\n"
def multipart(headers=b"", body=b"echo ok\n", preamble=b"", epilogue=b""):
    return (b'Content-Type: multipart/mixed; boundary="==B=="\nMIME-Version: 1.0\n\n' + preamble +
            b"--==B==\nContent-Type: text/cloud-config\n\n#cloud-config\n"
            b"--==B==\nContent-Type: text/x-shellscript\n" + headers + b"\n" + body + b"--==B==--\n" + epilogue)
def zipped(name, data):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return buf.getvalue()
encodings = {
    "plain": script,
    "gzip": gzip.compress(script),
    "mime-part": multipart(body=script),
    "mime-base64-part": multipart(b"Content-Transfer-Encoding: base64\n", base64.encodebytes(script)),
    "mime-quoted-printable-part": multipart(b"Content-Transfer-Encoding: quoted-printable\n", script.replace(b"=", b"=3D")),
    "cloud-config-gz-b64": b"#cloud-config\nwrite_files:\n  - path: /etc/aws.sh\n    encoding: gz+b64\n    content: " +
        base64.b64encode(gzip.compress(script)) + b"\n",
    "powershell-encoded-command": b"<powershell>\npowershell.exe -EncodedCommand " +
        base64.b64encode(ps.encode("utf-16-le")) + b"\n</powershell>\n",
    "mime-preamble": multipart(preamble=script),
    "mime-epilogue": multipart(epilogue=script),
    "mime-part-headers": multipart(f"X-Access-Key-Id: {key}\nX-Secret-Access-Key: {secret}\n".encode()),
    "utf16le-bom": ps.encode("utf-16"),  # Python writes the byte order mark, little-endian here
    "utf16le": ps.encode("utf-16-le"),
    "bzip2": bz2.compress(script),
    "xz": lzma.compress(script),
    "zip": zipped("setup/run.sh", script),
    "base64-gzip-mime-zip-bzip2": b"#!/bin/sh\necho " + base64.b64encode(gzip.compress(multipart(
        b"Content-Transfer-Encoding: base64\n", base64.encodebytes(zipped("k.bz2", bz2.compress(script)))))) + b" | base64 -d\n",
}
for name, data in encodings.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
PY

# Launches run four at a time (each AWS CLI start costs seconds); each writes its instance id to NAME.id.
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token" E2E_AWS E2E_ENDPOINT
ls "$E2E_DIR/ud" | grep -v '\.id$' | xargs -P 4 -I{} sh -c '"$E2E_AWS" --endpoint-url "$E2E_ENDPOINT" ec2 run-instances \
  --image-id ami-0abcdef1234567890 --count 1 --user-data "fileb://$0/{}" --query "Instances[0].InstanceId" \
  --output text >"$0/{}.id" 2>"$0/{}.err" || true' "$E2E_DIR/ud"
declare -A launched
for file in "$E2E_DIR"/ud/*.id; do
  name=$(basename "$file" .id)
  id=$(cat "$file")
  if [[ "$id" == i-* ]]; then
    launched[$id]=$name
    e2e_pass "run-instances with $name user data"
  else
    e2e_fail "run-instances with $name user data: $(cat "$E2E_DIR/ud/$name.err")"
  fi
done
# Binary user data reads back byte for byte (the CLI base64-encodes fileb:// content, the emulator keeps it).
for id in "${!launched[@]}"; do
  [[ "${launched[$id]}" == utf16le ]] || continue
  back=$(awsx ec2 describe-instance-attribute --instance-id "$id" --attribute userData --query UserData.Value --output text)
  assert_eq "$back" "$(base64 -w0 "$E2E_DIR/ud/utf16le")" "UTF-16LE user data reads back byte for byte"
done
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

status=0
"$rolecall" --endpoint-url "$E2E_ENDPOINT" --profile "$profile" --output json --quiet --no-color scan --regions us-east-1 \
  --checks user-data-no-keys >"$E2E_DIR/rolecall.json" 2>"$E2E_DIR/rolecall.err" || status=$?
assert_eq "$status" "1" "rolecall scan exits 1 (findings) $(head -c 300 "$E2E_DIR/rolecall.err")"
for id in "${!launched[@]}"; do
  assert_json "$(cat "$E2E_DIR/rolecall.json")" \
    "[(f['status'], f['evidence'].get('key_id_redacted')) for f in doc['findings'] if f['resource_id'] == '$id' and f['check_id'] == 'user-data-no-keys'] == [('FAIL', 'AKIA\u2026B6KE')]" \
    "user-data-no-keys FAILs ${launched[$id]} ($id)"
done
e2e_finish
