#!/bin/sh
# Source rules that tooling enforces (as curl does): no unbounded string
# functions, and no malloc/realloc/free outside the allocator module, so that
# every allocation goes through the client's allocator (aws/exec_event.c is
# libcboto_event, which sees only the public API).
set -u
top=${top_srcdir:-.}
pass=0; fail=0
files=$(cd "$top" && ls aws/*.c aws/*.h signing/*.c signing/*.h services/*/*.c services/*/*.h 2>/dev/null)
banned=$(cd "$top" && grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)[[:space:]]*\(' $files)
if [ -z "$banned" ]; then
    echo "ok - no banned string functions in the library"; pass=$((pass + 1))
else
    echo "not ok - banned string functions in the library"
    echo "$banned" | sed 's/^/    /'; fail=$((fail + 1))
fi
raw=$(cd "$top" && grep -nE '(^|[^_a-z])(malloc|calloc|realloc|free|strdup|strndup)[[:space:]]*\(' $files |
    grep -v '^aws/alloc.c:' | grep -v '^aws/exec_event.c:' | grep -vE ':[[:space:]]*(/?\*|//)')
if [ -z "$raw" ]; then
    echo "ok - allocations go through the allocator"; pass=$((pass + 1))
else
    echo "not ok - direct malloc/free outside aws/alloc.c"
    echo "$raw" | sed 's/^/    /'; fail=$((fail + 1))
fi
hdr=$(cd "$top" && grep -LE 'SPDX-License-Identifier' $files include/cboto/*.h)
if [ -z "$hdr" ]; then
    echo "ok - every source file carries its licence line"; pass=$((pass + 1))
else
    echo "not ok - missing licence line"; echo "$hdr" | sed 's/^/    /'; fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
