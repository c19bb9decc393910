#!/bin/bash
set -e
git clone https://git.example.com/payments/service.git /opt/service
cd /opt/service && git checkout 706eb9571a057379314f3f861071b32fe7782ec3
# pinned dependency commit 6e558ad40c3106d881da816eb9f7f060dc10cfe4
make install
