#!/bin/sh
# Runs examples/s3_blocking against moto (signature checking on) and checks
# what it printed: the example is part of the test suite so it cannot rot.
set -u
top=${top_srcdir:-.}
out=$(sh "$top/tests/integration/with-moto.sh" sh -c '
  AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK \
  AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1 \
  AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file \
  ./examples/s3_blocking cboto-example-test "a b/c.txt"; echo "exit=$?"' 2>&1)
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
check example_runs_to_success "exit=0"
check example_lists_the_key "a b/c.txt"
check example_downloads_content "content: Hello from cboto!"
check example_cleans_up "DeleteBucket *ok"
[ $fail -eq 0 ] || printf '%s\n' "$out" | sed 's/^/    /'
echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
