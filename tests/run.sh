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
    case "$t" in
        *.sh) $SHELL "${top_srcdir:-.}/$t" >"$log" 2>&1 ;;
        */integration/*faults|*/integration/*faults_event)
            $SHELL "${top_srcdir:-.}/tests/integration/with-faults.sh" "./$t" \
                >"$log" 2>&1 ;;
        */integration/*)
            $SHELL "${top_srcdir:-.}/tests/integration/with-moto.sh" "./$t" \
                >"$log" 2>&1 ;;
        *) "./$t" >"$log" 2>&1 ;;
    esac
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
