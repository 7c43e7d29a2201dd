#!/bin/sh
# boto3 and cboto on the same moto_server (issue 4): run from the build
# directory by tests/run.sh; with-moto.sh starts the server.
set -u
top_srcdir=${top_srcdir:-.}
PYTHON3=${PYTHON3:-python3}
if ! "$PYTHON3" -c 'import boto3' 2>/dev/null; then
    echo "skip - test_s3_interop_moto: boto3 not installed"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
exec $SHELL "$top_srcdir/tests/integration/with-moto.sh" "$PYTHON3" \
    "$top_srcdir/tests/integration/s3_interop.py" \
    ./tests/integration/s3_interop_tool
