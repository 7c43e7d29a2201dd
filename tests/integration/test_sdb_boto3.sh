#!/bin/sh
# boto3's sdb client against the SimpleDB test server reads what cboto
# wrote, and cboto reads what boto3 wrote (tests/integration/sdb_boto3.py).
set -u
top=${top_srcdir:-.}
PYTHON3=${PYTHON3:-python3}
if ! "$PYTHON3" -c 'import boto3' 2>/dev/null; then
    echo "skip - sdb_boto3: boto3 is not installed"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
exec sh "$top/tests/integration/with-sdb.sh" "$PYTHON3" \
    "$top/tests/integration/sdb_boto3.py" ./tests/integration/sdb_xcheck
