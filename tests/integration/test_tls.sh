#!/bin/sh
# TLS peer verification is on by default.  An nginx on a free loopback port
# serves canned S3 answers over HTTPS with a certificate made here by a
# throw-away CA (CN/SAN 127.0.0.1 and localhost).  The library (tls_probe:
# ListBuckets through the public API) and the tool (cboto-s3 ls) must
# refuse it with a certificate error until the CA is given (ca_bundle /
# --ca-bundle), and then succeed.  The nginx is stopped whatever happens.
# Run from the build directory (tests/run.sh does).
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON3=${PYTHON3:-python3}
NGINX=${NGINX:-$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)}
PROBE=./tests/integration/tls_probe
S3=./examples/cboto-s3
if [ -z "$NGINX" ] || ! command -v openssl >/dev/null 2>&1; then
    echo "skip - test_tls: nginx or openssl not found (apt-get install nginx-light openssl)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cboto-tls.XXXXXX")
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
pass=0; fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
bad() {
    echo "not ok - $1"; fail=$((fail + 1))
    [ -f "$work/out" ] && sed 's/^/    /' "$work/out"
}
# expect NAME EXIT-CODE COMMAND...: stdout and stderr both in $work/out
expect() {
    name=$1; want=$2; shift 2
    "$@" >"$work/out" 2>&1; got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else bad "$name (exit $got, wanted $want)"; fi
}
has() { if grep -qi -- "$2" "$work/out"; then ok "$1"; else bad "$1 (no '$2')"; fi; }
hasnt() { if grep -qi -- "$2" "$work/out"; then bad "$1 ('$2' present)"; else ok "$1"; fi; }
die() { echo "not ok - $1"; [ -f "$2" ] && sed 's/^/    /' "$2"; echo "$pass passed, $((fail + 1)) failed"; exit 1; }

# ---- a CA and a server certificate it signs -------------------------------
cd "$work" || die "cannot enter $work"
{
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
        -keyout ca.key -out ca.pem -subj "/CN=cboto test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" &&
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout srv.key -out srv.csr \
        -subj "/CN=127.0.0.1" &&
    printf '%s\n' "basicConstraints=CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=serverAuth" \
        "subjectAltName=IP:127.0.0.1,DNS:localhost" >srv.ext &&
    openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
        -days 2 -sha256 -extfile srv.ext -out srv.pem
} >openssl.log 2>&1 || die "making the certificates" openssl.log
cd - >/dev/null || exit 1

# ---- nginx on a free loopback port ----------------------------------------
port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
cat >"$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$port ssl;
        server_name 127.0.0.1 localhost;
        ssl_certificate $work/srv.pem;
        ssl_certificate_key $work/srv.key;
        location = / {
            default_type application/xml;
            return 200 '<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner-id</ID><DisplayName>owner</DisplayName></Owner><Buckets><Bucket><Name>tls-bucket</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>';
        }
        location = /b/k {
            default_type text/plain;
            return 200 'hello over tls';
        }
        location = /tls-bucket/k {
            default_type text/plain;
            return 200 'hello over tls';
        }
    }
}
CONF
"$NGINX" -p "$work/nginx" -e "$work/nginx/logs/error.log" \
    -c "$work/nginx.conf" >"$work/nginx/logs/stdout" 2>&1 &
pid=$!
ep="https://127.0.0.1:$port"
i=0
until curl -s -o /dev/null --cacert "$work/ca.pem" "$ep/b/k"; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        cat "$work/nginx/logs/stdout" >>"$work/nginx/logs/error.log"
        die "nginx did not start on 127.0.0.1:$port" "$work/nginx/logs/error.log"
    fi
    sleep 0.05
done
ok nginx_started

# Nothing from the environment may add trust.
unset SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_CONFIG_FILE=$work/none
export AWS_SHARED_CREDENTIALS_FILE=$work/none
unset AWS_ENDPOINT_URL AWS_PROFILE AWS_SESSION_TOKEN

# ---- (a) the library -------------------------------------------------------
expect lib_refuses_by_default 1 $PROBE "$ep"
has lib_refusal_is_transport "rc=CBOTO_ETRANSPORT"
has lib_refusal_names_certificate "certificate"
hasnt lib_refusal_lists_nothing "bucket: tls-bucket"
expect lib_refuses_localhost_too 1 $PROBE "https://localhost:$port"
has lib_localhost_refusal_names_certificate "certificate"
expect lib_accepts_with_ca 0 $PROBE "$ep" "$work/ca.pem"
has lib_with_ca_ok "rc=CBOTO_OK"
has lib_with_ca_lists_bucket "bucket: tls-bucket"
expect lib_accepts_localhost_with_ca 0 $PROBE "https://localhost:$port" "$work/ca.pem"
# A CA that did not sign the server's certificate is refused as well.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout "$work/other.key" \
    -out "$work/other.pem" -subj "/CN=another CA" >/dev/null 2>&1
expect lib_refuses_wrong_ca 1 $PROBE "$ep" "$work/other.pem"
has lib_wrong_ca_names_certificate "certificate"

# ---- (b) the tool ----------------------------------------------------------
# (s3://b/k is no valid bucket for the tool: it reads /tls-bucket/k.)
expect tool_refuses_by_default 1 $S3 --endpoint-url "$ep" ls
has tool_refusal_names_certificate "certificate"
hasnt tool_refusal_no_sanitizer_report "AddressSanitizer\|runtime error"
hasnt tool_refusal_lists_nothing "tls-bucket"
expect tool_accepts_with_ca 0 $S3 --endpoint-url "$ep" --ca-bundle "$work/ca.pem" ls
has tool_lists_bucket "tls-bucket"
expect tool_cat_refuses_by_default 1 $S3 --endpoint-url "$ep" cat s3://tls-bucket/k
has tool_cat_refusal_names_certificate "certificate"
expect tool_cat_with_ca 0 $S3 --endpoint-url "$ep" --ca-bundle "$work/ca.pem" cat s3://tls-bucket/k
has tool_cat_content "hello over tls"
expect tool_missing_ca_file 1 $S3 --endpoint-url "$ep" --ca-bundle "$work/no-such-ca.pem" ls
hasnt tool_missing_ca_lists_nothing "tls-bucket"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
