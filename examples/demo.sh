#!/bin/sh
# The quick start: build cboto, start a moto_server on loopback (with its
# signature checking on), and run the blocking S3 example against it:
# create a bucket, upload, list, download, delete.  No AWS account needed.
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
  AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK \
  AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1 \
  AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file \
  ./examples/s3_blocking cboto-demo "greetings/hello world.txt"'
