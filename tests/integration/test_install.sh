#!/bin/sh
# `make install` into a scratch DESTDIR, then build examples/s3_blocking.c
# the way a user would (pkg-config cboto, nothing from the build tree) and
# run it against moto with signature checking on.
set -u
top=${top_srcdir:-.}
build=${top_builddir:-.}
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() { echo "not ok - $1"; fail=$((fail + 1)); }
dest=$(mktemp -d "${TMPDIR:-/tmp}/cboto-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT
if ${MAKE:-make} -C "$build" install DESTDIR="$dest" >"$dest/install.log" 2>&1; then
    ok install
else
    bad install; tail -n 20 "$dest/install.log" | sed 's/^/    /'
fi
libdir=$(sed -n 's/^libdir=//p' "$build/cboto.pc")
prefix=$(sed -n 's/^prefix=//p' "$build/cboto.pc")
exec_prefix=$prefix
libdir=$(eval echo "$libdir")
includedir=$(eval echo "$(sed -n 's/^includedir=//p' "$build/cboto.pc")")
for h in cboto.h common.h client.h request.h response.h exec.h s3.h async.h event.h version.h; do
    [ -f "$dest$includedir/cboto/$h" ] || { bad "header $h installed"; continue; }
done
[ -f "$dest$includedir/cboto/core.h" ] && bad "internal header not installed"
export PKG_CONFIG_PATH="$dest$libdir/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$dest"
if flags=$(pkg-config --cflags --libs cboto) &&
    ${CC:-cc} ${SAN_FLAGS:-} "$top/examples/s3_blocking.c" $flags \
        -o "$dest/s3_blocking" 2>"$dest/cc.log"; then
    ok "compile against installed cboto ($flags)"
else
    bad "compile against installed cboto"; sed 's/^/    /' "$dest/cc.log"
fi
# Only the public API may be exported, from either library.
for lib in libcboto libcboto_event; do
    if nm -D --defined-only "$dest$libdir/$lib.so" | awk '{print $3}' |
        grep -v '^cboto_[a-z]' | grep -q .; then
        bad "$lib exports only cboto_ symbols"
        nm -D --defined-only "$dest$libdir/$lib.so" | awk '{print $3}' |
            grep -v '^cboto_[a-z]' | head | sed 's/^/    /'
    else
        ok "$lib exports only cboto_ symbols"
    fi
done
if flags=$(pkg-config --cflags --libs cboto-event) &&
    ${CC:-cc} ${SAN_FLAGS:-} "$top/examples/s3_upload_event.c" $flags \
        -o "$dest/s3_upload_event" 2>"$dest/cc2.log"; then
    ok "compile the libevent example against installed cboto-event"
else
    bad "compile the libevent example against installed cboto-event"
    sed 's/^/    /' "$dest/cc2.log"
fi
# A blocking-only program must not pull in libevent.
if [ -x "$dest/s3_blocking" ] &&
    ! LD_LIBRARY_PATH="$dest$libdir" ldd "$dest/s3_blocking" | grep -q libevent; then
    ok "blocking-only program does not link libevent"
else
    bad "blocking-only program does not link libevent"
fi
if [ -x "$dest/s3_blocking" ]; then
    out=$(LD_LIBRARY_PATH="$dest$libdir" sh "$top/tests/integration/with-moto.sh" sh -c '
      AWS_ENDPOINT_URL=$CBOTO_TEST_ENDPOINT AWS_ACCESS_KEY_ID=$CBOTO_TEST_AK \
      AWS_SECRET_ACCESS_KEY=$CBOTO_TEST_SK AWS_REGION=us-east-1 \
      AWS_CONFIG_FILE=./no-such-file AWS_SHARED_CREDENTIALS_FILE=./no-such-file \
      "$0" cboto-install-test k.txt && echo RAN-OK' "$dest/s3_blocking" 2>&1)
    case "$out" in
    *skipped*) echo "skip - installed_program_runs: moto_server not found"
               echo "$pass passed, $fail failed, 1 skipped"; exit "$fail" ;;
    *RAN-OK*) ok "installed program puts, lists, gets, deletes on moto" ;;
    *) bad "installed program puts, lists, gets, deletes on moto"
       printf '%s\n' "$out" | sed 's/^/    /' ;;
    esac
fi
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
