#!/bin/sh
# The quick start: install what is missing, build cboto, and run the main
# job against local servers it starts on loopback (moto_server, with its
# signature checking on) — no AWS account needed.  It uses the cboto-s3 tool
# to create a bucket, upload a file of several MiB, list it, download it and
# verify it byte for byte, then runs the library's blocking example; the
# servers are stopped at the end whatever happens.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/scripts/deps.sh"
sh "$top/scripts/build.sh"
build=${CBOTO_BUILD_DIR:-$top/_build}
cd "$build"
export MOTO_SERVER="${MOTO_SERVER:-$(command -v moto_server)}"
# with-moto.sh starts and stops the server and hands over its address and
# the keys of a user it created.
exec sh "$top/tests/integration/with-moto.sh" sh -c '
set -e
export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK
export AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1
export AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
S3=./examples/cboto-s3
work=$(mktemp -d)
trap "rm -rf \"$work\"" EXIT
echo "== moto_server at $AWS_ENDPOINT_URL (signature checking on)"
head -c 8000000 /dev/urandom >"$work/demo.bin"
echo "== cboto-s3"
$S3 mb s3://cboto-demo
$S3 cp "$work/demo.bin" s3://cboto-demo/files/demo.bin
$S3 stat s3://cboto-demo/files/demo.bin
$S3 cp s3://cboto-demo/files/demo.bin "$work/back.bin"
cmp "$work/demo.bin" "$work/back.bin" && echo "downloaded copy is byte-identical"
$S3 rb --force s3://cboto-demo
echo "== the blocking API example (examples/s3_blocking.c)"
./examples/s3_blocking cboto-example "greetings/hello world.txt"
echo "== done"
'
