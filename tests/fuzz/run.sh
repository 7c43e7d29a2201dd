#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang straight from the sources (no
# autotools) and run each for SECONDS (default 10), one after the other.
# Fails on any crash, leak, sanitizer report or timeout.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]
#
# Environment: CLANG (default clang), FUZZ_BUILD (build and work
# directory, default $TMPDIR/cboto-fuzz), FUZZ_TARGETS (a subset, e.g.
# "fuzz_sigv4 fuzz_config"), FUZZ_JOBS (parallel compiles, default 2).
# Each target first runs its regression inputs (tests/fuzz/regressions/
# <target>/), then fuzzes from its seed corpus (tests/fuzz/corpus/<target>/)
# into a scratch corpus under FUZZ_BUILD, so the tree is never written.
set -u
secs=${1:-10}
case "$secs" in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
fuzzdir=$top/tests/fuzz
CLANG=${CLANG:-clang}
build=${FUZZ_BUILD:-${TMPDIR:-/tmp}/cboto-fuzz}
jobs=${FUZZ_JOBS:-2}
all_targets="fuzz_s3_list fuzz_s3_buckets fuzz_sdb_select fuzz_sqs_receive
fuzz_error_doc fuzz_config fuzz_endpoint fuzz_s3_url fuzz_sigv4"
targets=${FUZZ_TARGETS:-$all_targets}

# The library sources: every file of libcboto_core, read from the automake
# fragments that build it (aws/*.mk, signing/, services/*/local.mk), so the
# list cannot go stale while files are added.  They go into a static
# archive, so each target links only the objects it reaches (none of them
# reaches the transfer or the executors).
lib_sources() {
    for mk in "$top"/aws/*.mk "$top"/signing/local.mk \
        "$top"/services/*/local.mk; do
        [ -f "$mk" ] || continue
        # "libcboto_core_la_SOURCES += a.c \" and its continuation lines
        awk '/^libcboto_core_la_SOURCES[ \t]*\+?=/ { on = 1; sub(/^[^=]*=/, "") }
             on { line = $0; cont = sub(/\\$/, "", line); print line;
                  if (!cont) on = 0 }' "$mk"
    done | tr ' \t' '\n\n' | grep '\.c$' | sort -u
}
LIB_SOURCES=$(lib_sources)
[ -n "$LIB_SOURCES" ] || { echo "fuzz: no library sources found" >&2; exit 1; }

if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "fuzz: $CLANG not found" >&2
    exit 1
fi
PKGS="libcurl libxml-2.0 libcrypto"
pkgcflags=$(pkg-config --cflags $PKGS) || exit 1
pkglibs=$(pkg-config --libs $PKGS) || exit 1

mkdir -p "$build/include/cboto" "$build/obj" || exit 1
# version.h as configure would write it, from configure.ac's version.
ver=$(sed -n 's/^AC_INIT(\[cboto\], \[\([0-9.]*\)\].*/\1/p' \
    "$top/configure.ac")
[ -n "$ver" ] || ver=0.0.0
IFS=. read -r vmaj vmin vpat <<EOV
$ver
EOV
sed -e "s/@CBOTO_VERSION_MAJOR@/$vmaj/" -e "s/@CBOTO_VERSION_MINOR@/$vmin/" \
    -e "s/@CBOTO_VERSION_PATCH@/$vpat/" -e "s/@PACKAGE_VERSION@/$ver/" \
    "$top/include/cboto/version.h.in" >"$build/include/cboto/version.h.tmp" &&
    mv "$build/include/cboto/version.h.tmp" "$build/include/cboto/version.h"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror
-D_GNU_SOURCE -DCBOTO_BUILDING -I$top/include -I$build/include -I$top
$pkgcflags"

# The library, instrumented for coverage; rebuilt when a source is newer.
objs=
pending=0
for src in $LIB_SOURCES; do
    obj=$build/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
    objs="$objs $obj"
    if [ ! -f "$obj" ] || [ "$top/$src" -nt "$obj" ] ||
        [ -n "$(find "$top/aws" "$top/signing" "$top/services/s3" \
            "$top/include" -name '*.h' -newer "$obj" 2>/dev/null |
            head -n 1)" ]; then
        rm -f "$obj"
        $CLANG $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$top/$src" \
            -o "$obj" &
        pending=$((pending + 1))
        if [ "$pending" -ge "$jobs" ]; then
            wait
            pending=0
        fi
    fi
done
wait
# A file that does not compile (work in progress elsewhere in the tree)
# is left out: a target that needs it then fails to link, and says so.
have=
for o in $objs; do
    if [ -f "$o" ]; then
        have="$have $o"
    else
        echo "fuzz: warning: $(basename "$o" .o) did not compile; left out" >&2
    fi
done
objs=$have
lib=$build/libcboto_fuzz.a
rm -f "$lib"
ar rcs "$lib" $objs || exit 1

# target -> source and extra defines
target_src() {
    case "$1" in
        fuzz_s3_list) echo "fuzz_s3_parser.c -DFUZZ_PARSER=cboto__s3_list_parser" ;;
        fuzz_s3_buckets) echo "fuzz_s3_parser.c -DFUZZ_PARSER=cboto__s3_buckets_parser" ;;
        fuzz_sdb_select) echo "fuzz_s3_parser.c -DFUZZ_PARSER=cboto__sdb_select_parser" ;;
        fuzz_sqs_receive) echo "fuzz_s3_parser.c -DFUZZ_PARSER=cboto__sqs_receive_parser" ;;
        *) echo "$1.c" ;;
    esac
}
target_dict() {
    case "$1" in
        fuzz_s3_list|fuzz_s3_buckets|fuzz_sdb_select|fuzz_sqs_receive|fuzz_error_doc)
            echo "$fuzzdir/xml.dict" ;;
        fuzz_config) echo "$fuzzdir/ini.dict" ;;
        *) echo "" ;;
    esac
}

total_fail=0
summary=
for t in $targets; do
    set -- $(target_src "$t")
    src=$1
    shift
    echo "== $t: building"
    if ! $CLANG $CFLAGS $SAN -fsanitize=fuzzer "$@" -I"$fuzzdir" \
        "$fuzzdir/$src" "$lib" $pkglibs -lpthread -o "$build/$t"; then
        echo "FAIL: $t does not build"
        total_fail=$((total_fail + 1))
        continue
    fi
    work=$build/work/$t
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    log=$work/log
    # Leaks are real failures; libxml2's lazily initialised globals are
    # still reachable at exit, which LeakSanitizer does not report.
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    reg=$fuzzdir/regressions/$t
    if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
        echo "== $t: regression inputs"
        if ! "$build/$t" -runs=1 "$reg"/* >"$work/regress.log" 2>&1; then
            echo "FAIL: $t: a regression input fails"
            grep -E 'ERROR|SUMMARY|runtime error|check failed|Running' \
                "$work/regress.log" | head -n 20 | sed 's/^/    /'
            total_fail=$((total_fail + 1))
            summary="$summary
$t: a regression input FAILS (log: $work/regress.log)"
        fi
    fi
    dict=$(target_dict "$t")
    dictopt=
    [ -n "$dict" ] && [ -f "$dict" ] && dictopt="-dict=$dict"
    echo "== $t: fuzzing for ${secs}s"
    # Known bugs with a regression input above do not stop the search for
    # others (see fuzz_s3_parser.c); remove once they are fixed.
    "$build/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 $dictopt \
        -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "$fuzzdir/corpus/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$rc" -ne 0 ] || grep -qE '^(==[0-9]+==ERROR|SUMMARY: )|runtime error:' "$log"; then
        echo "FAIL: $t (exit $rc)"
        grep -E 'ERROR|SUMMARY|runtime error|check failed|Test unit written' \
            "$log" | head -n 20 | sed 's/^/    /'
        total_fail=$((total_fail + 1))
        summary="$summary
$t: FAILED after ${execs:-?} runs (log: $log)"
    else
        echo "PASS: $t (${execs:-?} runs in ${secs}s)"
        summary="$summary
$t: ${execs:-?} runs"
    fi
done
echo "== fuzz summary:$summary"
n=$(echo $targets | wc -w)
echo "$((n - total_fail)) passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
