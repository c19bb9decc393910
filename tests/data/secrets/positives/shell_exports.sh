#!/bin/bash
set -euo pipefail
export AWS_ACCESS_KEY_ID=AKIALACI57K43PEADJ4S
export AWS_SECRET_ACCESS_KEY=dTGjjGu5PDHHIUrQdMftdK7Z9Z2AOyxpz/Yyj1v3
export AWS_DEFAULT_REGION=us-east-1
aws s3 sync /var/www s3://example-bucket/www --delete
