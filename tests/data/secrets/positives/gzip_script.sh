#!/bin/bash
# compressed by the launch template tooling
cat >> /etc/environment <<EOF
AWS_ACCESS_KEY_ID=AKIA2GASKBIUJZPXEU62
AWS_SECRET_ACCESS_KEY=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
EOF
