#!/bin/sh
# Runs examples/sdb_daemon against the SimpleDB test server: 60 items are
# seeded with the cboto cross-check tool, then 48 lookups are fired at the
# daemon at once with curl and every answer is checked; the daemon must
# have had many Selects in flight together on its one loop.
set -u
top=${top_srcdir:-.}
if ! command -v curl >/dev/null; then
    echo "skip - sdb_daemon: curl not found"; echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
exec sh "$top/tests/integration/with-sdb.sh" sh -c '
set -u
export AWS_ENDPOINT_URL=$CBOTO_SDB_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_SDB_AK \
  AWS_SECRET_ACCESS_KEY=$CBOTO_SDB_SK AWS_REGION=us-east-1 \
  AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file
dir=$(mktemp -d "${TMPDIR:-/tmp}/cboto-sdbd.XXXXXX")
dpid=
trap "[ -n \"\$dpid\" ] && kill \$dpid 2>/dev/null; rm -rf \"$dir\"" EXIT
hex() { printf "%s" "$1" | od -An -tx1 | tr -d " \n"; }
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
nok() { echo "not ok - $1"; fail=$((fail + 1)); }
curl -s -o /dev/null -X POST "$CBOTO_SDB_ENDPOINT/__reset"
# CreateDomain through boto3-free means: the daemon test needs only cboto.
python3 -c "
import boto3,os
boto3.client(\"sdb\",region_name=\"us-east-1\",endpoint_url=os.environ[\"AWS_ENDPOINT_URL\"]).create_domain(DomainName=\"lookup\")" 2>/dev/null ||
  { nok create_domain; echo "$pass passed, $fail failed, 0 skipped"; exit 1; }
i=0
while [ $i -lt 60 ]; do
    ./tests/integration/sdb_xcheck write lookup "item$i" \
        "$(hex color)=$(hex "c$((i % 6))")" "$(hex n)=$(hex "$i")" || fail=$((fail + 1))
    i=$((i + 1))
done
[ $fail -eq 0 ] && ok seeded_60_items || nok seeded_60_items
./examples/sdb_daemon lookup 0 >"$dir/out" 2>"$dir/err" &
dpid=$!
i=0
until grep -q "listening on" "$dir/out" 2>/dev/null; do
    i=$((i + 1)); sleep 0.05
    if [ $i -gt 200 ]; then nok daemon_started; cat "$dir/err";
        echo "$pass passed, $fail failed, 0 skipped"; exit 1; fi
done
ok daemon_started
port=$(sed -n "s/listening on 127.0.0.1:\([0-9]*\)/\1/p" "$dir/out")
j=0
pids=
while [ $j -lt 48 ]; do
    curl -s -o "$dir/r$j" -w "%{http_code}" \
        "http://127.0.0.1:$port/lookup?attr=color&value=c$((j % 6))" \
        >"$dir/code$j" &
    pids="$pids $!"
    j=$((j + 1))
done
for p in $pids; do wait "$p"; done
bad=0
j=0
while [ $j -lt 48 ]; do
    [ "$(cat "$dir/code$j")" = 200 ] || bad=$((bad + 1))
    # 10 items have each colour, two attributes each.
    [ "$(grep -c "	color=c$((j % 6))\$" "$dir/r$j")" = 10 ] || bad=$((bad + 1))
    [ "$(wc -l <"$dir/r$j")" = 20 ] || bad=$((bad + 1))
    j=$((j + 1))
done
[ $bad -eq 0 ] && ok all_48_answers_right || nok "all_48_answers_right ($bad bad)"
grep -q "^item7	n=7\$" "$dir/r1" && ok answer_content || nok answer_content
# A hostile value is just a value: nothing matches.
code=$(curl -s -o "$dir/inj" -w "%{http_code}" --get \
    --data-urlencode "attr=color" \
    --data-urlencode "value=x'"' or itemName() is not null or '"'a'"' = '"'a" \
    "http://127.0.0.1:$port/lookup")
[ "$code" = 200 ] && [ ! -s "$dir/inj" ] && ok injection_matches_nothing ||
    nok "injection_matches_nothing ($code)"
stats=$(curl -s "http://127.0.0.1:$port/stats")
mif=$(printf "%s\n" "$stats" | sed -n "s/max_in_flight //p")
[ "${mif:-0}" -gt 1 ] && ok "many_in_flight_at_once ($mif)" ||
    nok "many_in_flight_at_once ($stats)"
curl -s -o /dev/null "http://127.0.0.1:$port/quit"
if wait "$dpid"; then ok daemon_exits_cleanly; else nok daemon_exits_cleanly;
    cat "$dir/err"; fi
dpid=
echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
'
