#!/bin/sh
# Runs examples/s3_upload_event against moto (signature checking on): eight
# files uploaded at once from one event loop, then checked back by listing
# and downloading them with the blocking example's library.
set -u
top=${top_srcdir:-.}
dir=$(mktemp -d "${TMPDIR:-/tmp}/cboto-ex-ev.XXXXXX")
trap 'rm -rf "$dir"' EXIT
i=0
while [ $i -lt 8 ]; do
    head -c $((1000 + i * 70000)) /dev/urandom >"$dir/file$i.bin"
    i=$((i + 1))
done
out=$(sh "$top/tests/integration/with-moto.sh" sh -c '
  export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK \
    AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1 \
    AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
  ./examples/s3_upload_event cboto-ev-example "$0"/file*.bin; echo "exit=$?"
  # a second run finds the bucket there already
  ./examples/s3_upload_event cboto-ev-example "$0"/file0.bin; echo "again=$?"
  ./examples/s3_upload_event "Bad_Bucket" "$0"/file0.bin; echo "bad=$?"
' "$dir" 2>&1)
case "$out" in
*"skipped"*) echo "$out"; exit 0 ;;
esac
pass=0; fail=0
check() {
    if printf '%s\n' "$out" | grep -q -- "$2"; then
        echo "ok - $1"; pass=$((pass + 1))
    else
        echo "not ok - $1"; fail=$((fail + 1))
    fi
}
check all_in_flight_at_once "8 uploads in flight"
check every_file_uploaded "$(printf 'uploaded .*file7.bin  etag "')"
check example_exit_0 "exit=0"
check existing_bucket_is_fine "again=0"
check bad_bucket_is_usage_error "bad=2"
n=$(printf '%s\n' "$out" | grep -c '^uploaded ')
if [ "$n" -eq 9 ]; then echo "ok - nine_uploads_reported"; pass=$((pass + 1));
else echo "not ok - nine_uploads_reported ($n)"; fail=$((fail + 1)); fi
# ETags are MD5s of the content: compare with the files.
bad=0
for f in "$dir"/file*.bin; do
    md5=$(md5sum "$f" | cut -d' ' -f1)
    printf '%s\n' "$out" | grep -q "$(basename "$f")  etag \"$md5\"" || bad=1
done
if [ $bad -eq 0 ]; then echo "ok - etags_match_content"; pass=$((pass + 1));
else echo "not ok - etags_match_content"; fail=$((fail + 1)); fi
[ $fail -eq 0 ] || printf '%s\n' "$out" | sed 's/^/    /'
echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
