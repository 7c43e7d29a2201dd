#!/bin/sh
# Runs examples/sqs_worker against moto (signature checking on): 500
# messages sent by boto3 are each handled exactly once by 4 concurrent
# long polls, deleted in batches, and the queue ends empty; then SIGTERM
# stops an idle worker promptly and cleanly.
set -u
top=${top_srcdir:-.}
PYTHON3=${PYTHON3:-python3}
export PYTHON3
if ! "$PYTHON3" -c 'import boto3' 2>/dev/null; then
    echo "skip - sqs_worker: boto3 not available"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/cboto-sqsw.XXXXXX")
trap 'rm -rf "$dir"' EXIT
out=$(sh "$top/tests/integration/with-moto.sh" sh -c '
  export AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK \
    AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1 \
    AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
  py="$1"; dir="$2"
  url=$($PYTHON3 "$py" create worker-q) || exit 1
  $PYTHON3 "$py" send "$url" 500 || exit 1
  echo "before=$($PYTHON3 "$py" depth "$url")"
  start=$(date +%s)
  ./examples/sqs_worker -c 4 -w 1 -i 3 "$url" >"$dir/handled.txt" 2>"$dir/worker.err"
  echo "exit=$?"
  echo "seconds=$(( $(date +%s) - start ))"
  echo "after=$($PYTHON3 "$py" depth "$url")"
  # SIGTERM: an idle worker with 20 s polls stops at once, cleanly.
  ./examples/sqs_worker -c 3 -w 20 "$url" >/dev/null 2>"$dir/term.err" &
  pid=$!
  sleep 1
  t0=$(date +%s)
  kill -TERM $pid
  wait $pid
  echo "term_exit=$?"
  echo "term_seconds=$(( $(date +%s) - t0 ))"
' sh "$top/tests/integration/sqs_boto3.py" "$dir" 2>&1)
case "$out" in
*"skipped"*) echo "$out"; exit 0 ;;
esac
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }
val() { printf '%s\n' "$out" | sed -n "s/^$1=//p" | tail -n 1; }
[ "$(val before)" = 500 ] && ok queue_filled_with_500 || bad queue_filled_with_500
[ "$(val exit)" = 0 ] && ok worker_exit_0 || bad worker_exit_0
total=$(grep -c '^handled ' "$dir/handled.txt" 2>/dev/null || echo 0)
uniq=$(sed -n 's/^handled [^ ]* //p' "$dir/handled.txt" 2>/dev/null | sort -u | wc -l)
ids=$(sed -n 's/^handled \([^ ]*\) .*/\1/p' "$dir/handled.txt" 2>/dev/null | sort -u | wc -l)
[ "$total" -eq 500 ] && ok handled_500_messages || bad "handled_500_messages ($total)"
[ "$uniq" -eq 500 ] && [ "$ids" -eq 500 ] && ok each_exactly_once || bad "each_exactly_once ($uniq bodies, $ids ids)"
missing=0; i=0
touch "$dir/handled.txt"
while [ $i -lt 500 ]; do
    grep -q " job-$i\$" "$dir/handled.txt" || missing=$((missing + 1))
    i=$((i + 1))
done
[ $missing -eq 0 ] && ok every_job_seen || bad "every_job_seen ($missing missing)"
[ "$(val after)" = 0 ] && ok queue_ends_empty || bad "queue_ends_empty ($(val after))"
s=$(val seconds); [ -n "$s" ] && [ "$s" -lt 60 ] && ok within_a_minute || bad "within_a_minute ($s s)"
[ "$(val term_exit)" = 0 ] && ok sigterm_exit_0 || bad sigterm_exit_0
s=$(val term_seconds); [ -n "$s" ] && [ "$s" -le 3 ] && ok sigterm_prompt || bad "sigterm_prompt ($s s)"
grep -q 'signal 15: stopping' "$dir/term.err" && ok sigterm_seen || bad sigterm_seen
if [ $fail -ne 0 ]; then
    printf '%s\n' "$out" | sed 's/^/    /'
    sed 's/^/    worker: /' "$dir/worker.err" "$dir/term.err" 2>/dev/null | tail -n 20
fi
echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
