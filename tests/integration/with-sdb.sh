#!/bin/sh
# Run a program against tests/servers/sdb_server.py, started here on a free
# loopback port, and stop the server afterwards whatever happens.
# The program gets:
#   CBOTO_SDB_ENDPOINT           http://127.0.0.1:PORT
#   CBOTO_SDB_AK / CBOTO_SDB_SK  the keys the server accepts
# SDB_SERVER_ARGS passes extra options to the server (e.g. --page-limit 7).
# usage: with-sdb.sh PROGRAM [ARGS...]
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON3=${PYTHON3:-python3}
name=$(basename "$1")
ak=AKIDSDBTEST0001
sk='sdb/test+secret/KEY0000000001'
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-sdb.XXXXXX")
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
# shellcheck disable=SC2086
"$PYTHON3" "$top/tests/servers/sdb_server.py" --access-key "$ak" \
    --secret-key "$sk" ${SDB_SERVER_ARGS:-} >"$work/port" 2>"$work/err" &
pid=$!
i=0
while [ ! -s "$work/port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "not ok - $name: the SimpleDB test server did not start"
        sed 's/^/    /' "$work/err" | tail -n 20
        echo "0 passed, 1 failed"
        exit 1
    fi
    sleep 0.05
done
CBOTO_SDB_ENDPOINT="http://127.0.0.1:$(cat "$work/port")" \
    CBOTO_SDB_AK=$ak CBOTO_SDB_SK=$sk "$@"
