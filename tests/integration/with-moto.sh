#!/bin/sh
# Run a program against a moto_server started here on a free loopback port,
# with moto's signature checking on, and stop the server afterwards whatever
# happens.  The program gets:
#   CBOTO_TEST_ENDPOINT  http://127.0.0.1:PORT
#   CBOTO_TEST_AK / CBOTO_TEST_SK  the keys of an IAM user allowed everything
# Without moto_server the test is reported as skipped, not passed.
# usage: with-moto.sh PROGRAM [ARGS...]
set -u
MOTO_SERVER=${MOTO_SERVER:-$(command -v moto_server || true)}
name=$(basename "$1")
if [ -z "$MOTO_SERVER" ] || [ ! -x "$MOTO_SERVER" ]; then
    echo "skip - $name: moto_server not found (pip install 'moto[server]')"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
PYTHON3=${PYTHON3:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-moto.XXXXXX")
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOTO_ACCOUNT_ID=123456789012 "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
pid=$!
ep="http://127.0.0.1:$port"
i=0
until curl -s -o /dev/null "$ep/moto-api/"; do
    i=$((i + 1))
    if [ $i -gt 150 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "not ok - $name: moto_server did not start on port $port"
        sed 's/^/    /' "$work/moto.log" | tail -n 20
        echo "0 passed, 1 failed"
        exit 1
    fi
    sleep 0.1
done

# An IAM user with an allow-all policy; then moto checks every signature.
boot=AKIAIOSFODNN7EXAMPLE:bootstrap
iam() {
    curl -s --aws-sigv4 aws:amz:us-east-1:iam -u "$boot" "$ep/" -d Version=2010-05-08 "$@"
}
iam -d Action=CreateUser -d UserName=cboto-ci >/dev/null
iam -d Action=PutUserPolicy -d UserName=cboto-ci -d PolicyName=all --data-urlencode \
    'PolicyDocument={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' >/dev/null
iam -d Action=CreateAccessKey -d UserName=cboto-ci >"$work/key.xml"
ak=$(sed -n 's:.*<AccessKeyId>\(.*\)</AccessKeyId>.*:\1:p' "$work/key.xml")
sk=$(sed -n 's:.*<SecretAccessKey>\(.*\)</SecretAccessKey>.*:\1:p' "$work/key.xml")
if [ -z "$ak" ] || [ -z "$sk" ]; then
    echo "not ok - $name: could not create an IAM user in moto"
    echo "0 passed, 1 failed"
    exit 1
fi
curl -s -X POST -H 'Content-Type: text/plain' --data 0 "$ep/moto-api/reset-auth" >/dev/null

CBOTO_TEST_ENDPOINT=$ep CBOTO_TEST_AK=$ak CBOTO_TEST_SK=$sk "$@"
