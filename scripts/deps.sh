#!/bin/sh
# Install what building and testing cboto needs on Debian/Ubuntu, when it is
# missing.  Needs root (or sudo) only when something is missing.
set -eu
pkgs="build-essential autoconf automake libtool pkg-config curl
libcurl4-openssl-dev libssl-dev libxml2-dev libevent-dev libjansson-dev
clang clang-format libclang-rt-14-dev valgrind nginx-light"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
if ! command -v moto_server >/dev/null 2>&1; then
    echo "moto_server not found: the integration tests and the demo need it" >&2
    echo "(pip install 'moto[server]')" >&2
    exit 1
fi
