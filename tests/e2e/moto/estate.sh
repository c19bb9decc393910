# Builds, with Debian's AWS CLI v2 against moto, an estate holding every failure kind rolecall's
# checks judge (sourced after lib.sh's moto_start). Every instance is tagged Name=<kind>; the file
# $E2E_DIR/instances.tsv lists "kind<TAB>region<TAB>instance-id" per instance, $E2E_DIR/templates.tsv
# "kind<TAB>region<TAB>launch-template-id". One AWS CLI call costs ~1 s of CPU, so every reservation
# that can share a shape is one run-instances --count.

readonly ESTATE_ACCOUNT=123456789012  # moto's default account
readonly ESTATE_AMI=ami-0a1b2c3d4e5f60718
readonly ESTATE_EC2_TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
readonly ESTATE_LAMBDA_TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
# A credential shaped like a real one (not an AWS documentation example, which is no leak).
readonly ESTATE_KEY_ID=AKIAQWERTYUIOPASDF23
readonly ESTATE_KEY_SECRET=Zq3vN8xR2mT7kL4pW9sB1cF6hJ0dG5yE8uA3iO7n

estate_profile_arn() { echo "arn:aws:iam::$ESTATE_ACCOUNT:instance-profile/$1"; }

# launch KIND REGION COUNT PROFILE [run-instances args...]: one reservation of COUNT instances tagged
# Name=KIND, with instance profile PROFILE ("-": none).
# moto deviation: with --iam-instance-profile and --count > 1 moto associates the profile with the
# first instance only (AWS gives it to every instance); the others are associated here.
launch() {
  local kind="$1" region="$2" count="$3" profile="$4"
  shift 4
  local -a with_profile=()
  [[ "$profile" == - ]] && profile="" || with_profile=(--iam-instance-profile "Name=$profile")
  awsq ec2 run-instances --region "$region" --image-id "$ESTATE_AMI" --instance-type t3.micro --count "$count" \
    --tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$kind}]" "${with_profile[@]}" "$@" \
    >"$E2E_DIR/run-$kind-$region.json"
  local id has
  while read -r id has; do
    printf '%s\t%s\t%s\n' "$kind" "$region" "$id" >>"$E2E_DIR/instances.tsv"
    if [[ -n "$profile" && "$has" == no ]]; then
      awsq ec2 associate-iam-instance-profile --region "$region" --instance-id "$id" --iam-instance-profile Name="$profile" >/dev/null
    fi
  done < <("$MOTO_PY" -c 'import json, sys
for i in json.load(open(sys.argv[1]))["Instances"]:
    print(i["InstanceId"], "yes" if i.get("IamInstanceProfile") else "no")' "$E2E_DIR/run-$kind-$region.json")
}

# template KIND REGION USER_DATA_FILE: a launch template whose version 1 has that user data; its
# id also goes to $E2E_DIR/KIND.id.
template() {
  local kind="$1" region="$2" file="$3"
  local data
  data=$(base64 -w0 "$file")
  awsq ec2 create-launch-template --region "$region" --launch-template-name "$kind" \
    --launch-template-data "{\"ImageId\":\"$ESTATE_AMI\",\"InstanceType\":\"t3.micro\",\"UserData\":\"$data\"}" \
    --query LaunchTemplate.LaunchTemplateId --output text >"$E2E_DIR/$kind.id"
  printf '%s\t%s\t%s\n' "$kind" "$region" "$(cat "$E2E_DIR/$kind.id")" >>"$E2E_DIR/templates.tsv"
}

# IAM: one good chain (app-profile) and one of each broken link.
build_iam() {
  awsq iam create-role --role-name app-role --assume-role-policy-document "$ESTATE_EC2_TRUST" >/dev/null
  awsq iam put-role-policy --role-name app-role --policy-name read-bucket \
    --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::app-bucket/*"}]}'
  awsq iam create-role --role-name lambda-role --assume-role-policy-document "$ESTATE_LAMBDA_TRUST" >/dev/null
  awsq iam create-role --role-name admin-role --assume-role-policy-document "$ESTATE_EC2_TRUST" >/dev/null
  awsq iam attach-role-policy --role-name admin-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
  local p
  for p in app-profile untrusting-profile admin-profile empty-profile gone-profile; do
    awsq iam create-instance-profile --instance-profile-name "$p" >/dev/null
  done
  awsq iam add-role-to-instance-profile --instance-profile-name app-profile --role-name app-role
  awsq iam add-role-to-instance-profile --instance-profile-name untrusting-profile --role-name lambda-role
  awsq iam add-role-to-instance-profile --instance-profile-name admin-profile --role-name admin-role
}

# Instances without a profile and launch templates (no IAM needed).
build_unprofiled() {
  local v2=(--metadata-options HttpTokens=required)
  launch bare us-east-1 2 - "${v2[@]}"
  launch stopped us-east-1 1 - "${v2[@]}"
  launch terminated us-east-1 1 - "${v2[@]}" --user-data "file://$E2E_DIR/keys.sh"
  launch bare-imdsv1 us-west-2 1 - --metadata-options HttpTokens=optional
  launch keys-plain-bare eu-west-1 1 - "${v2[@]}" --user-data "file://$E2E_DIR/keys.sh"
  template lt-keys us-east-1 "$E2E_DIR/keys.sh"
  # A clean version 2: version 1 still holds the keys and can still be launched.
  awsq ec2 create-launch-template-version --region us-east-1 --launch-template-id "$(cat "$E2E_DIR/lt-keys.id")" \
    --source-version 1 --launch-template-data "{\"UserData\":\"$(base64 -w0 "$E2E_DIR/clean.sh")\"}" >/dev/null
  template lt-clean us-east-1 "$E2E_DIR/clean.sh"
  template lt-keys-gzip eu-west-1 "$E2E_DIR/keys.sh.gz"
}

# Instances with a profile, split in two halves that run side by side.
build_profiled() {
  local v2=(--metadata-options HttpTokens=required) half="$1"
  if [[ "$half" == 1 ]]; then
    launch good us-east-1 3 app-profile "${v2[@]}" --user-data "file://$E2E_DIR/clean.sh"
    launch empty us-east-1 1 empty-profile "${v2[@]}"
    launch untrusting us-east-1 1 untrusting-profile "${v2[@]}"
    launch admin us-east-1 1 admin-profile "${v2[@]}"
    launch gone us-east-1 1 gone-profile "${v2[@]}"
  else
    launch keys-plain us-east-1 1 app-profile "${v2[@]}" --user-data "file://$E2E_DIR/keys.sh"
    launch keys-gzip us-east-1 1 app-profile "${v2[@]}" --user-data "fileb://$E2E_DIR/keys.sh.gz"
    launch imdsv1 us-east-1 1 app-profile --metadata-options HttpTokens=optional
    launch good us-west-2 2 app-profile "${v2[@]}"
  fi
}

# by_kind KIND: the instance ids of KIND.
by_kind() { awk -F'\t' -v k="$1" '$1 == k { print $3 }' "$E2E_DIR/instances.tsv"; }

# Builds the whole estate, two AWS CLI processes at a time (the machine has two cores).
build_estate() {
  : >"$E2E_DIR/instances.tsv"
  : >"$E2E_DIR/templates.tsv"
  printf '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n/opt/app/run\n' \
    "$ESTATE_KEY_ID" "$ESTATE_KEY_SECRET" >"$E2E_DIR/keys.sh"
  gzip -9 -n -c "$E2E_DIR/keys.sh" >"$E2E_DIR/keys.sh.gz"
  printf '#!/bin/bash\n/opt/app/run --region us-east-1\n' >"$E2E_DIR/clean.sh"

  build_iam &
  local pid=$!
  build_unprofiled
  wait "$pid" || exit 1
  build_profiled 1 &
  pid=$!
  build_profiled 2
  wait "$pid" || exit 1
  # The profile is deleted while an instance still uses it; one instance stopped, one terminated.
  awsq iam delete-instance-profile --instance-profile-name gone-profile &
  pid=$!
  awsq ec2 stop-instances --region us-east-1 --instance-ids "$(by_kind stopped)" >/dev/null
  awsq ec2 terminate-instances --region us-east-1 --instance-ids "$(by_kind terminated)" >/dev/null
  wait "$pid" || exit 1
}
