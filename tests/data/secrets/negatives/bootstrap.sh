#!/bin/bash
# Uses the instance profile: no keys in here.
TOKEN=$(curl -sX PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
ROLE=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/)
aws sts get-caller-identity
aws configure set region us-east-1
aws s3 cp s3://artifacts/app.tar.gz /opt/app.tar.gz
