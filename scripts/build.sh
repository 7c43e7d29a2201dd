#!/bin/sh
# Configure and build cboto in ./_build (out of tree).  Extra arguments go
# to configure, e.g. --enable-sanitizers.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${CBOTO_BUILD_DIR:-$top/_build}
cd "$top"
# m4/ is generated (and ignored by git): make it so aclocal need not warn.
mkdir -p m4
if [ ! -x configure ]; then
    autoreconf -fi >autoreconf.out 2>&1 || { cat autoreconf.out; exit 1; }
    rm -f autoreconf.out
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$#" -gt 0 ]; then
    "$top/configure" --enable-werror "$@" >configure.out ||
        { cat configure.out; exit 1; }
fi
make -j"$(nproc 2>/dev/null || echo 2)" >make.out 2>&1 || { tail -n 40 make.out; exit 1; }
echo "built in $build"
