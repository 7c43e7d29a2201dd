#!/bin/sh
# SQS MD5 checks over the wire: starts tests/servers/sqs_tamper.py on a
# free loopback port, runs test_sqs_tamper through the blocking and the
# libevent executor against it (CBOTO_SQS_TAMPER_ENDPOINT), stops the fake
# whatever happens, and adds the two "N passed, N failed" lines into one.
# (A shell script because tests/run.sh would run a C program whose name
# holds "sqs" inside with-moto.sh.)
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON3=${PYTHON3:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-tamper.XXXXXX")
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

"$PYTHON3" "$top/tests/servers/sqs_tamper.py" >"$work/port" 2>"$work/err" &
pid=$!
i=0
while [ ! -s "$work/port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "not ok - sqs_tamper: the fake SQS server did not start"
        sed 's/^/    /' "$work/err" | tail -n 20
        echo "0 passed, 1 failed"
        exit 1
    fi
    sleep 0.05
done
CBOTO_SQS_TAMPER_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"
export CBOTO_SQS_TAMPER_ENDPOINT

passed=0; failed=0; skipped=0
for prog in ./tests/integration/test_sqs_tamper \
    ./tests/integration/test_sqs_tamper_event; do
    name=$(basename "$prog")
    if [ ! -x "$prog" ]; then
        echo "not ok - $name: not built"
        failed=$((failed + 1))
        continue
    fi
    "$prog" >"$work/out" 2>&1
    rc=$?
    sed -E "s/^(ok|not ok|skip) - /\1 - $name: /" "$work/out" |
        grep -vE '^[0-9]+ passed, '
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "not ok - $name: exited $rc without a summary line"
        failed=$((failed + 1))
        continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped$/\1/p')
    s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $name: exited $rc"
        f=1
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
