#!/bin/sh
# SQS interop with boto3 against moto (signature checking on): boto3 reads
# what cboto sent, and cboto reads what boto3 sent — a body and String,
# Number and Binary message attributes holding XML-special, control and
# non-ASCII characters, byte-identical, with matching MD5s.  The data lives
# in tests/integration/sqs_boto3.py (BODY, ATTRS); the cboto side is
# tests/integration/sqs_interop_tool.
set -u
top=${top_srcdir:-.}
PYTHON3=${PYTHON3:-python3}
export PYTHON3
if ! "$PYTHON3" -c 'import boto3' 2>/dev/null; then
    echo "skip - sqs_interop: boto3 is not installed"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
exec sh "$top/tests/integration/with-moto.sh" sh -c '
set -u
py=$1
T=./tests/integration/sqs_interop_tool
export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK
export AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1
export AWS_CONFIG_FILE=./no-such-file
export AWS_SHARED_CREDENTIALS_FILE=./no-such-file
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-sqsi.XXXXXX")
trap "rm -rf \"$work\"" EXIT
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); sed "s/^/    /" "$work/err" 2>/dev/null; }
# run NAME COMMAND...: exit 0 expected; output in $work/out, $work/err
run() {
    name=$1; shift
    if "$@" >"$work/out" 2>"$work/err"; then ok "$name"; else bad "$name"; fi
}
line() { sed -n "s/^$1 //p" "$2"; }

if "$PYTHON3" "$py" expect >"$work/want" && [ -s "$work/want" ]; then
    ok expected_text
else
    bad expected_text
fi
# shellcheck disable=SC2046
set -- $("$PYTHON3" "$py" tool-args)

# cboto sends, boto3 reads.
run create_q1 "$PYTHON3" "$py" create "sqsi-c2b-$$"
q1=$(cat "$work/out")
run cboto_send "$T" send "$q1" "$@"
cp "$work/out" "$work/sent"
[ "$(line md5-body "$work/sent")" = "$(line md5-body "$work/want")" ] &&
    ok cboto_send_md5_body || bad cboto_send_md5_body
[ "$(line md5-attrs "$work/sent")" = "$(line md5-attrs "$work/want")" ] &&
    ok cboto_send_md5_attrs || bad cboto_send_md5_attrs
run boto3_check "$PYTHON3" "$py" check-attrs "$q1"
if [ "$(cat "$work/out")" = boto3-ok ]; then
    ok boto3_reads_cboto_byte_identical
else
    bad boto3_reads_cboto_byte_identical; sed "s/^/    /" "$work/out"
fi

# boto3 sends, cboto reads.
run create_q2 "$PYTHON3" "$py" create "sqsi-b2c-$$"
q2=$(cat "$work/out")
run boto3_send "$PYTHON3" "$py" send-attrs "$q2"
run cboto_receive "$T" receive "$q2"
if cmp -s "$work/want" "$work/out"; then
    ok cboto_reads_boto3_byte_identical
else
    bad cboto_reads_boto3_byte_identical
    diff "$work/want" "$work/out" | sed "s/^/    /"
fi

# cboto to cboto through the same queue, for completeness.
run cboto_send_again "$T" send "$q2" "$@"
run cboto_receive_own "$T" receive "$q2"
if cmp -s "$work/want" "$work/out"; then
    ok cboto_reads_cboto_byte_identical
else
    bad cboto_reads_cboto_byte_identical
    diff "$work/want" "$work/out" | sed "s/^/    /"
fi
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
' sh "$top/tests/integration/sqs_boto3.py"
