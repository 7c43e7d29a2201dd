#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every unit test binary of a build directory under valgrind memcheck:
# any memory error or any definitely/indirectly lost block fails the
# binary (--error-exitcode), and so does a failing test.  Use a build
# configured WITHOUT --enable-sanitizers (valgrind and ASan do not mix),
# after `make check` built the tests:
#
#   sh tests/valgrind.sh BUILDDIR
#
# Prints one line per binary and "N passed, N failed" at the end.
# tests/valgrind.supp holds the suppressions (third-party process-lifetime
# allocations only; each is justified there).
set -u
if [ $# -ne 1 ] || [ ! -d "$1/tests/unit" ]; then
    echo "usage: $0 BUILDDIR (a build where make check has run)" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind.sh: valgrind not found" >&2
    exit 2
fi
if grep -q -- '-fsanitize' "$build/Makefile" 2>/dev/null &&
    grep -qE '^SAN_FLAGS = .*-fsanitize' "$build/Makefile"; then
    echo "valgrind.sh: $build was configured with --enable-sanitizers" >&2
    exit 2
fi
logdir=$(mktemp -d "${TMPDIR:-/tmp}/cboto-valgrind.XXXXXX")
trap 'rm -rf "$logdir"' EXIT INT TERM
passed=0
failed=0
found=0
for t in "$build"/tests/unit/test_*; do
    # Binaries only: libtool wrapper scripts, objects and logs are skipped.
    [ -f "$t" ] && [ -x "$t" ] || continue
    case "$t" in *.o|*.log|*.trs|*.sh) continue ;; esac
    head -c 4 "$t" | grep -q 'ELF' || continue
    found=$((found + 1))
    name=$(basename "$t")
    log=$logdir/$name.log
    # The tests find their fixtures through TOP_SRCDIR compiled in, so
    # they run from anywhere; run from the build dir like make check.
    (cd "$build" && valgrind --quiet --error-exitcode=1 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --track-origins=yes \
        --suppressions="$top/tests/valgrind.supp" \
        --gen-suppressions=all "$t") >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "PASS: $name (${summary:-no summary})"
        passed=$((passed + 1))
    else
        echo "FAIL: $name (exit $rc; ${summary:-no summary})"
        grep -vE '^ok - ' "$log" | head -n 60 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
if [ "$found" -eq 0 ]; then
    echo "valgrind.sh: no unit test binaries in $build/tests/unit (run make check first)" >&2
    exit 2
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
