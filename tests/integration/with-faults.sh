#!/bin/sh
# Run a program against tests/servers/fault_server.py on a free loopback
# port (CBOTO_FAULT_ENDPOINT), and stop the server afterwards.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON3=${PYTHON3:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-faults.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$PYTHON3" "$top/tests/servers/fault_server.py" >"$work/port" 2>"$work/err" &
pid=$!
i=0
while [ ! -s "$work/port" ]; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "not ok - fault server did not start"; cat "$work/err"
        echo "0 passed, 1 failed"; exit 1
    fi
    sleep 0.05
done
CBOTO_FAULT_ENDPOINT="http://127.0.0.1:$(cat "$work/port")" "$@"
