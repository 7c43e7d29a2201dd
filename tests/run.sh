#!/bin/sh
# Runs every test program given and adds up their closing
# "N passed, N failed, N skipped" lines into one line of the same form.
# A program that exits non-zero without such a line counts as one failure.
# Integration tests are shell scripts (they start and stop their servers).
set -u
passed=0; failed=0; skipped=0
logdir=${TMPDIR:-/tmp}/cboto-tests.$$
mkdir -p "$logdir"
trap 'rm -rf "$logdir"' EXIT INT TERM
for t in "$@"; do
    name=$(basename "$t")
    log="$logdir/$name.log"
    # Integration programs run inside the wrapper that starts (and stops)
    # the server they talk to, chosen by their name.
    case "$name" in
        *faults*) wrap=with-faults.sh ;;
        *sdb*) wrap=with-sdb.sh ;;
        *moto*|*sqs*) wrap=with-moto.sh ;;
        *) wrap= ;;
    esac
    if [ -n "$wrap" ] && [ "${t#*/integration/}" != "$t" ] &&
        [ "${t%.sh}" = "$t" ]; then
        $SHELL "${top_srcdir:-.}/tests/integration/$wrap" "./$t" >"$log" 2>&1
    elif [ "${t%.sh}" != "$t" ]; then
        $SHELL "${top_srcdir:-.}/$t" >"$log" 2>&1
    else
        "./$t" >"$log" 2>&1
    fi
    rc=$?
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL: $name exited $rc without a summary line"
        sed 's/^/    /' "$log" | tail -n 30
        failed=$((failed + 1))
        continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped$/\1/p')
    s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        echo "FAIL: $name ($line)"
        grep -vE '^ok - ' "$log" | sed 's/^/    /'
    else
        echo "PASS: $name ($line)"
        grep -E '^skip - ' "$log" | sed 's/^/    /'
    fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
