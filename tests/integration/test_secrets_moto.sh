#!/bin/sh
# No secret, session token or signature in anything the tools print.
# Phase 1 (moto, signatures checked): cboto-s3 and cboto-sqs commands with
# --debug and a known secret key.  moto refuses requests carrying a session
# token it did not issue (InvalidToken), so phase 2 runs all three tools,
# with --debug, the same secret AND a known session token, against
# tests/servers/fault_server.py, which ignores authentication (cboto-sdb
# runs there only: moto has no SimpleDB).  Everything printed (stdout and
# stderr) is grepped for the secret, the token and any Signature= value
# other than <redacted>.  Last, a malformed shared credentials file must
# make each tool exit 1 with an error naming the file and the line.
# (aws/config.c reads any file it can open: a credentials file it cannot
# read is an error naming it, but file modes are not policed, like the AWS
# CLI; as root every file is readable, so that case is not tested here.)
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
self="$top/tests/integration/test_secrets_moto.sh"
SECRET=cbotoSECRETkey/0123456789+abcdefghijKLMNOPQR
TOKEN=cbotoSESSIONtoken0123456789abcdefFQoGZXIvYXdzEXAMPLE
S3=./examples/cboto-s3; SDB=./examples/cboto-sdb; SQS=./examples/cboto-sqs

# run NAME WANT-EXIT COMMAND...: everything printed goes to $all too.
run() {
    name=$1; want=$2; shift 2
    "$@" >"$work/out" 2>&1; got=$?
    { echo "### $name"; cat "$work/out"; } >>"$all"
    if [ "$got" -eq "$want" ]; then echo "ok - $name"
    else echo "not ok - $name (exit $got, wanted $want)"; sed 's/^/    /' "$work/out"; fi
}
# Signature= followed by anything but <redacted>; the secret; the token.
scan() {
    label=$1
    if grep -a -F -e "$SECRET" "$all" >/dev/null; then echo "not ok - ${label}_no_secret"
    else echo "ok - ${label}_no_secret"; fi
    if grep -a -F -e "$TOKEN" "$all" >/dev/null; then echo "not ok - ${label}_no_token"
    else echo "ok - ${label}_no_token"; fi
    if grep -a -E 'Signature=' "$all" | grep -vE 'Signature=<redacted>' | grep -q .; then
        echo "not ok - ${label}_no_signature"
        grep -a -E 'Signature=' "$all" | grep -vE 'Signature=<redacted>' | sed 's/^/    /'
    else echo "ok - ${label}_no_signature"; fi
    if grep -a -q 'Signature=<redacted>' "$all"; then echo "ok - ${label}_debug_shown"
    else echo "not ok - ${label}_debug_shown (no signed request in the output)"; fi
}

case "${1:-}" in
--fault-phase)
    work=$2; all=$work/fault.txt; : >"$all"
    export AWS_ENDPOINT_URL=$CBOTO_FAULT_ENDPOINT AWS_ACCESS_KEY_ID=AKIDSECRETSTEST
    export AWS_SECRET_ACCESS_KEY=$SECRET AWS_SESSION_TOKEN=$TOKEN AWS_REGION=us-east-1
    q="$CBOTO_FAULT_ENDPOINT/123456789012"
    run fault_s3_ls 0 $S3 --debug ls s3://fine
    run fault_s3_cat 0 $S3 --debug cat s3://fine/k
    run fault_s3_denied 1 $S3 --debug cat s3://denied/k
    run fault_s3_throttled 1 $S3 --debug stat s3://slowdown9/k
    run fault_sdb_select 0 $SDB --debug select 'select * from `sdb_fine`'
    run fault_sdb_throttled 1 $SDB --debug select 'select * from `sdb_throttle9`'
    run fault_sdb_500 1 $SDB --debug select 'select * from `sdb_err500`'
    run fault_sqs_receive 0 $SQS --debug receive "$q/sqs_fine"
    run fault_sqs_throttled 1 $SQS --debug receive "$q/sqs_throttle9"
    run fault_sqs_badxml 1 $SQS --debug receive "$q/sqs_badxml"
    if grep -a -q 'X-Amz-Security-Token: <redacted>' "$all"; then
        echo "ok - fault_token_sent_redacted"
    else echo "not ok - fault_token_sent_redacted"; fi
    scan fault
    exit 0 ;;
--moto-phase)
    work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-secrets.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    all=$work/moto.txt; : >"$all"
    export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none
    unset AWS_PROFILE AWS_SESSION_TOKEN
    # moto's IAM user keys are random; the known secret is the one moto
    # made, so it is what the scan looks for in this phase.
    SECRET=$CBOTO_TEST_SK
    export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK
    export AWS_SECRET_ACCESS_KEY=$SECRET AWS_REGION=us-east-1
    printf 'secret payload\n' >"$work/f.txt"
    {
        run moto_s3_mb 0 $S3 --debug mb s3://secrets-bucket
        run moto_s3_cp 0 $S3 --debug cp "$work/f.txt" s3://secrets-bucket/f.txt
        run moto_s3_ls 0 $S3 --debug ls --recursive s3://secrets-bucket
        run moto_s3_cat 0 $S3 --debug cat s3://secrets-bucket/f.txt
        run moto_s3_missing 1 $S3 --debug cat s3://secrets-bucket/nope
        run moto_s3_wrong_secret 1 env AWS_SECRET_ACCESS_KEY="${SECRET}x" \
            $S3 --debug ls s3://secrets-bucket
        run moto_sqs_create 0 $SQS --debug create secrets-q
        run moto_sqs_send 0 $SQS --debug send secrets-q "hello"
        run moto_sqs_receive 0 $SQS --debug receive secrets-q --delete
        run moto_sqs_missing 1 $SQS --debug send no-such-q "x"
        scan moto
        # Phase 2: the session token, through the fault server.
        sh "$top/tests/integration/with-faults.sh" sh "$self" --fault-phase "$work"
        # A malformed credentials file: exit 1, naming the file and line.
        printf '[default]\naws_access_key_id = AKIDX\nthis line is not a pair\n' \
            >"$work/creds"
        for t in "$S3 ls" "$SDB list-domains" "$SQS list"; do
            n=$(basename "${t%% *}" | tr - _)
            run "${n}_malformed_credentials" 1 env -u AWS_ACCESS_KEY_ID \
                -u AWS_SECRET_ACCESS_KEY AWS_SHARED_CREDENTIALS_FILE="$work/creds" \
                $t ls
            if grep -q "$work/creds:3" "$work/out"; then echo "ok - ${n}_names_file_and_line"
            else echo "not ok - ${n}_names_file_and_line"; sed 's/^/    /' "$work/out"; fi
        done
    } >"$work/results" 2>&1
    cat "$work/results"
    p=$(grep -c '^ok - ' "$work/results"); f=$(grep -c '^not ok - ' "$work/results")
    echo "$p passed, $f failed"
    [ "$f" -eq 0 ]
    exit ;;
esac
exec sh "$top/tests/integration/with-moto.sh" sh "$self" --moto-phase
