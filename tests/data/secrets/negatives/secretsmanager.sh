#!/bin/bash
set -e
DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db \
  --query SecretString --output text | jq -r .password)
export AWS_SECRET_ACCESS_KEY=$(vault read -field=secret_key aws/creds/deploy)
export AWS_SESSION_TOKEN="$(jq -r .Credentials.SessionToken /tmp/creds.json)"
aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}
aws ssm get-parameter --name /app/secret_key --with-decryption
