#!/bin/sh
# The quick start, one command: install what is missing, build cboto, and
# run the main job with its command-line tools.  With no AWS endpoint
# configured (AWS_ENDPOINT_URL unset) it starts moto_server (S3 and SQS,
# with its signature checking on) and the project's SimpleDB test server on
# free loopback ports, and stops them at the end whatever happens.  With an
# endpoint and credentials configured, the same steps run against them.
# (--no-build: use the build in $CBOTO_BUILD_DIR as it is; make check does.)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" != "--no-build" ]; then
    sh "$top/scripts/deps.sh"
    sh "$top/scripts/build.sh"
fi
build=$(cd "${CBOTO_BUILD_DIR:-$top/_build}" && pwd)
cd "$build"
export PATH="$build/examples:$PATH"

steps='
set -e
work=$(mktemp -d)
trap "rm -rf \"$work\"" EXIT
bucket=cboto-demo-$$
echo "== S3: create a bucket, upload 12 MiB (multipart), list, download, verify"
head -c 12582912 /dev/urandom >"$work/demo.bin"
cboto-s3 mb "s3://$bucket"
cboto-s3 cp "$work/demo.bin" "s3://$bucket/files/demo.bin"
cboto-s3 ls --recursive "s3://$bucket"
cboto-s3 cp "s3://$bucket/files/demo.bin" "$work/back.bin"
cmp "$work/demo.bin" "$work/back.bin" && echo "downloaded copy is byte-identical"
echo "== SimpleDB: put items and select them"
sdb() { env AWS_ACCESS_KEY_ID="${SDB_AK:-$AWS_ACCESS_KEY_ID}" \
    AWS_SECRET_ACCESS_KEY="${SDB_SK:-$AWS_SECRET_ACCESS_KEY}" cboto-sdb "$@"; }
sdb create-domain demo-people
sdb put demo-people alice name=Alice city=Paris age=031
sdb put demo-people bob name=Bob city=Lima age=045
sdb put demo-people carol name=Carol city=Paris age=027
sdb select "select name, age from \`demo-people\` where city = '"'"'Paris'"'"' and age > '"'"'000'"'"' order by age"
sdb delete-domain demo-people
echo "== SQS: send and receive messages"
cboto-sqs create demo-queue
cboto-sqs send demo-queue "first message"
cboto-sqs send demo-queue "second: <xml> & ünïcödé"
cboto-sqs receive demo-queue --max 10 --wait 1 --delete
cboto-sqs delete-queue demo-queue
echo "== S3: a presigned URL, fetched with plain curl"
printf "hello from a presigned URL\n" >"$work/note.txt"
cboto-s3 cp "$work/note.txt" "s3://$bucket/note.txt"
if [ -n "${MOTO_LOCAL:-}" ]; then
    # moto answers 500 to any presigned URL while it checks signatures
    curl -s -X POST -H "Content-Type: text/plain" --data inf \
        "$AWS_ENDPOINT_URL/moto-api/reset-auth" >/dev/null
    echo "(moto cannot check presigned URLs: its signature checking is off from here)"
fi
url=$(cboto-s3 presign "s3://$bucket/note.txt" --expires-in 300)
echo "$url" | cut -c1-100
curl -fsS "$url"
cboto-s3 rb --force "s3://$bucket"
echo "== done"
'

if [ -n "${AWS_ENDPOINT_URL:-}" ] || [ "${CBOTO_DEMO_AWS:-}" = 1 ]; then
    exec sh -c "$steps"
fi
export MOTO_SERVER="${MOTO_SERVER:-$(command -v moto_server)}"
# with-moto.sh and with-sdb.sh start and stop the servers and hand over
# their addresses and the keys they accept.
exec sh "$top/tests/integration/with-moto.sh" \
    sh "$top/tests/integration/with-sdb.sh" sh -c '
export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK
export AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1
export AWS_ENDPOINT_URL_SIMPLEDB=$CBOTO_SDB_ENDPOINT
export SDB_AK=$CBOTO_SDB_AK SDB_SK=$CBOTO_SDB_SK MOTO_LOCAL=1
export AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
echo "== moto_server at $AWS_ENDPOINT_URL (signature checking on)"
echo "== SimpleDB test server at $AWS_ENDPOINT_URL_SIMPLEDB (SigV2 checked)"
'"$steps"
