#!/usr/bin/env python3
"""An S3-shaped HTTP server that misbehaves on purpose, for the retry and
error-path tests.  Loopback only; the standard library only.

The first path segment (the bucket, path style) names a scenario; the
server counts the requests each scenario received (GET /__count/NAME) and
forgets everything on POST /__reset.  It prints its port on stdout once it
listens, then serves until killed.

An aws-chunked body (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD)
is decoded as S3 does, and every chunk signature is checked along the chain
from the seed signature in Authorization, for the test keys below; a bad
frame or signature is answered 403 SignatureDoesNotMatch.  Such requests are
also counted under "chunked-NAME".
"""
import hashlib
import hmac
import html
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTS = {}
LOCK = threading.Lock()

# The fault tests' credentials (tests/integration/test_faults*.c).
SECRETS = {"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
STREAMING = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
AUTH_RE = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/"
                     r"aws4_request, SignedHeaders=[^,]+, Signature=([0-9a-f]{64})$")


class ChunkError(Exception):
    pass


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def read_http_chunked(rfile):
    """A body sent with Transfer-Encoding: chunked (a stream of unknown
    length), decoded; trailers are read and dropped."""
    out = []
    while True:
        size = int(rfile.readline().split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(out)
        out.append(rfile.read(size))
        rfile.readline()


def read_aws_chunked(headers, rfile, sink):
    """Decode an aws-chunked body from rfile into sink(bytes), checking the
    framing, the lengths and each chunk's signature.  Raises ChunkError."""
    m = AUTH_RE.match(headers.get("Authorization", ""))
    if not m or m.group(1) not in SECRETS:
        raise ChunkError("no usable Authorization")
    akid, date, region, service, prev = m.groups()
    key = ("AWS4" + SECRETS[akid]).encode()
    for part in (date, region, service, "aws4_request"):
        key = _hmac(key, part)
    scope = "%s/%s/%s/aws4_request" % (date, region, service)
    amz_date = headers.get("X-Amz-Date", "")
    if "aws-chunked" not in headers.get("Content-Encoding", "").split(","):
        raise ChunkError("no Content-Encoding: aws-chunked")
    left = int(headers.get("Content-Length") or -1)
    want = int(headers.get("x-amz-decoded-content-length") or -1)
    if left < 0 or want < 0:
        raise ChunkError("lengths missing")
    got = 0
    while True:
        line = rfile.readline(200)
        left -= len(line)
        hm = re.match(rb"([0-9a-f]+);chunk-signature=([0-9a-f]{64})\r\n$", line)
        if not hm:
            raise ChunkError("bad chunk header %r" % line[:100])
        n = int(hm.group(1), 16)
        data = rfile.read(n) if n else b""
        crlf = rfile.read(2)
        left -= n + 2
        if len(data) != n or crlf != b"\r\n":
            raise ChunkError("short chunk")
        if 0 < n < 8192 and got + n != want:
            raise ChunkError("chunk under 8 KiB that is not the last")
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, prev,
                         EMPTY_SHA256, hashlib.sha256(data).hexdigest()])
        sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
        if sig != hm.group(2).decode():
            raise ChunkError("chunk signature mismatch at byte %d" % got)
        prev = sig
        if n == 0:
            break
        sink(data)
        got += n
    if got != want or left != 0:
        raise ChunkError("lengths: decoded %d of %d, %d left" % (got, want, left))


def s3_error(code, message, extra=""):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
            "<Message>%s</Message>%s<RequestId>REQ-%s</RequestId>"
            "<HostId>host</HostId></Error>" % (code, message, extra, code)).encode()


LIST_OK = (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           b"<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
           b"<Name>b</Name><Prefix></Prefix><KeyCount>1</KeyCount>"
           b"<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
           b"<Contents><Key>k</Key><LastModified>2026-01-01T00:00:00.000Z"
           b"</LastModified><ETag>&quot;x&quot;</ETag><Size>1</Size>"
           b"<StorageClass>STANDARD</StorageClass></Contents>"
           b"</ListBucketResult>")


# ---- SimpleDB and SQS (form POSTs) -------------------------------------------
# SimpleDB requests (POST /) pick their scenario by the domain named in the
# Select expression ("select * from `sdb_throttle2`"); SQS requests by the
# queue name in the queue URL path (POST /123456789012/sqs_throttle2).  The
# scenario name is also the counter's name.  Each answers in its service's
# own error shape.
SDB_NS = "http://sdb.amazonaws.com/doc/2009-04-15/"
SQS_NS = "http://queue.amazonaws.com/doc/2012-11-05/"
SQS_ACCOUNT = "123456789012"


def sdb_error(code, message):
    return ("<?xml version=\"1.0\"?>\n<Response><Errors><Error><Code>%s</Code>"
            "<Message>%s</Message><BoxUsage>0.0000137200</BoxUsage></Error>"
            "</Errors><RequestID>REQ-%s</RequestID></Response>"
            % (code, message, code)).encode()


def sqs_error(code, message, kind="Sender"):
    return ("<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"%s\"><Error>"
            "<Type>%s</Type><Code>%s</Code><Message>%s</Message><Detail/>"
            "</Error><RequestId>REQ-%s</RequestId></ErrorResponse>"
            % (SQS_NS, kind, code, message, code)).encode()


def sdb_select_ok(n_items=1):
    items = "".join("<Item><Name>item%d</Name><Attribute><Name>color</Name>"
                    "<Value>blue</Value></Attribute></Item>" % i
                    for i in range(n_items))
    return ("<?xml version=\"1.0\"?>\n<SelectResponse xmlns=\"%s\">"
            "<SelectResult>%s</SelectResult><ResponseMetadata>"
            "<RequestId>REQ-ok</RequestId><BoxUsage>0.0000219907</BoxUsage>"
            "</ResponseMetadata></SelectResponse>" % (SDB_NS, items)).encode()


def sqs_receive_ok(n_messages=1):
    out = ""
    for i in range(n_messages):
        body = "hello %d" % i
        out += ("<Message><MessageId>m-%d</MessageId><ReceiptHandle>rh-%d"
                "</ReceiptHandle><MD5OfBody>%s</MD5OfBody><Body>%s</Body>"
                "</Message>" % (i, i, hashlib.md5(body.encode()).hexdigest(),
                                body))
    return ("<?xml version=\"1.0\"?>\n<ReceiveMessageResponse xmlns=\"%s\">"
            "<ReceiveMessageResult>%s</ReceiveMessageResult><ResponseMetadata>"
            "<RequestId>REQ-ok</RequestId></ResponseMetadata>"
            "</ReceiveMessageResponse>" % (SQS_NS, out)).encode()


def sdb_scenario(body):
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    expr = (form.get("SelectExpression") or form.get("DomainName") or [""])[0]
    m = re.search(r"from\s+`?([A-Za-z0-9_.-]+)`?", expr)
    return m.group(1) if m else expr


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output clean
        pass

    def is_chunked(self):
        return self.headers.get("x-amz-content-sha256") == STREAMING

    def count_chunked(self, scenario):
        if self.is_chunked():
            with LOCK:
                k = "chunked-" + scenario
                COUNTS[k] = COUNTS.get(k, 0) + 1

    def read_body(self):
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            return read_http_chunked(self.rfile)
        if self.is_chunked():
            parts = []
            read_aws_chunked(self.headers, self.rfile, parts.append)
            return b"".join(parts)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def reply(self, status, body=b"", headers=None, length=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Date", formatdate(usegmt=True))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def ok(self, body):
        if self.command == "PUT":
            etag = '"%s"' % hashlib.md5(body).hexdigest()
            self.reply(200, b"", {"ETag": etag})
        elif "list-type" in self.path:
            self.reply(200, LIST_OK, {"Content-Type": "application/xml"})
        else:
            self.reply(200, b"0123456789", {"Content-Type": "text/plain", "ETag": '"e"'})

    def stream_large(self, n):
        """GET: n generated bytes, written in 1 MiB pieces; PUT: read the
        body in pieces and answer its MD5 as the ETag."""
        piece = bytes(range(256)) * 4096
        if self.command == "PUT" and self.is_chunked():
            md5 = hashlib.md5()
            read_aws_chunked(self.headers, self.rfile, md5.update)
            return self.reply(200, b"", {"ETag": '"%s"' % md5.hexdigest()})
        if self.command == "PUT":
            left = int(self.headers.get("Content-Length") or 0)
            md5 = hashlib.md5()
            while left:
                chunk = self.rfile.read(min(left, 1 << 20))
                if not chunk:
                    break
                md5.update(chunk)
                left -= len(chunk)
            return self.reply(200, b"", {"ETag": '"%s"' % md5.hexdigest()})
        self.send_response(200)
        self.send_header("Content-Length", str(n))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        sent = 0
        while sent < n:
            k = min(len(piece), n - sent)
            self.wfile.write(piece[:k])
            sent += k
        return None

    def hang_up(self, reset):
        """Close the connection: with a TCP RST when reset, else a FIN."""
        self.close_connection = True
        self.wfile.flush()
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        else:
            self.connection.shutdown(socket.SHUT_RDWR)

    def handle_service(self, svc, scenario, body):
        """SimpleDB Select / SQS ReceiveMessage scenarios:
        throttleN   N throttled answers (SimpleDB 503 ServiceUnavailable,
                    SQS 400 ThrottlingException), then success
        rthrottleN  SQS only: N answers of 403 RequestThrottled, then success
        err500      always 500 InternalError
        resetbody   first answer: half the body, then a TCP reset
        short       first answer: a body shorter than its Content-Length
        badxml      a 200 whose XML is cut in the middle
        wrongshape  a 200 carrying an S3 ListBucketResult
        bigN        a well-formed 200 of N items/messages (over a small cap)
        continueN   "HTTP/1.1 100 Continue", then nothing for N s (default 3)
        anything else: success"""
        with LOCK:
            COUNTS[scenario] = n = COUNTS.get(scenario, 0) + 1
        ok = sdb_select_ok if svc == "sdb" else sqs_receive_ok
        err = sdb_error if svc == "sdb" else sqs_error
        xml = {"Content-Type": "text/xml"}
        name = scenario.split("_", 1)[-1]
        if name.startswith("throttle"):
            if n <= int(name[len("throttle"):] or 1):
                if svc == "sdb":
                    return self.reply(503, sdb_error(
                        "ServiceUnavailable", "Service AmazonSimpleDB is "
                        "currently unavailable. Please try again later."), xml)
                return self.reply(400, sqs_error(
                    "ThrottlingException", "Rate exceeded"), xml)
            return self.reply(200, ok(), xml)
        if name.startswith("rthrottle"):
            if n <= int(name[len("rthrottle"):] or 1):
                return self.reply(403, sqs_error(
                    "RequestThrottled", "Request is throttled."), xml)
            return self.reply(200, ok(), xml)
        if name == "err500":
            return self.reply(500, err("InternalError",
                                       "We encountered an internal error."), xml)
        if name in ("resetbody", "short"):
            if n == 1:
                full = ok()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(full)))
                self.end_headers()
                self.wfile.write(full[:len(full) // 2])
                self.hang_up(name == "resetbody")
                return None
            return self.reply(200, ok(), xml)
        if name == "badxml":
            full = ok()
            return self.reply(200, full[:len(full) - 40], xml)
        if name == "wrongshape":
            return self.reply(200, LIST_OK, {"Content-Type": "application/xml"})
        if name.startswith("big"):
            return self.reply(200, ok(int(name[len("big"):] or 100)), xml)
        if name.startswith("continue"):
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.wfile.flush()
            time.sleep(int(name[len("continue"):] or 3))
            self.hang_up(False)
            return None
        return self.reply(200, ok(), xml)

    def handle_any(self):
        try:
            return self.route()
        except ChunkError as e:
            self.close_connection = True
            return self.reply(403, s3_error("SignatureDoesNotMatch",
                                            html.escape(str(e))))

    def route(self):
        path = self.path.split("?")[0]
        parts = path.strip("/").split("/")
        if self.command == "POST" and path == "/__reset":
            with LOCK:
                COUNTS.clear()
            return self.reply(200, b"reset")
        if parts[0] == "__count":
            with LOCK:
                n = COUNTS.get(parts[1], 0)
            return self.reply(200, str(n).encode())
        scenario = parts[0]
        self.count_chunked(scenario)
        if self.command == "POST" and path == "/":
            body = self.read_body()
            return self.handle_service("sdb", sdb_scenario(body), body)
        if self.command == "POST" and parts[0] == SQS_ACCOUNT and len(parts) > 1:
            return self.handle_service("sqs", parts[1], self.read_body())
        if scenario.startswith("large"):
            # largeN: N MiB, streamed both ways
            with LOCK:
                COUNTS[scenario] = COUNTS.get(scenario, 0) + 1
            return self.stream_large(int(scenario[len("large"):]) << 20)
        if scenario == "cutbody":
            # First PUT: read half the body, then a TCP reset
            with LOCK:
                COUNTS[scenario] = n = COUNTS.get(scenario, 0) + 1
            if n == 1:
                self.rfile.read(int(self.headers.get("Content-Length") or 0) // 2)
                return self.hang_up(True)
            return self.ok(self.read_body())
        body = self.read_body()
        with LOCK:
            COUNTS[scenario] = n = COUNTS.get(scenario, 0) + 1
        if scenario.startswith("slowdown"):
            # slowdownN: N answers of 503 SlowDown, then success
            if n <= int(scenario[len("slowdown"):] or 1):
                return self.reply(503, s3_error("SlowDown", "Reduce your request rate."))
            return self.ok(body)
        if scenario.startswith("error200"):
            # error200N: N answers of 200 carrying an <Error> (as S3 does for
            # CopyObject), then a real result
            if n <= int(scenario[len("error200"):] or 1):
                return self.reply(200, s3_error("InternalError", "Please try again."),
                                  {"Content-Type": "application/xml"})
            return self.reply(200, LIST_OK, {"Content-Type": "application/xml"})
        if scenario == "err500":
            return self.reply(500, s3_error("InternalError", "We encountered an internal error."))
        if scenario == "denied":
            return self.reply(403, s3_error("AccessDenied", "Access Denied"))
        if scenario == "skew":
            amz = self.headers.get("X-Amz-Date", "")
            try:
                t = time.mktime(time.strptime(amz, "%Y%m%dT%H%M%SZ")) - time.timezone
            except ValueError:
                t = 0
            if abs(t - time.time()) > 900:
                return self.reply(403, s3_error(
                    "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large."))
            return self.ok(body)
        if scenario == "short":
            # First answer promises 100 bytes, sends 10 and hangs up.
            if n == 1:
                self.send_response(200)
                self.send_header("Content-Length", "100")
                self.end_headers()
                self.wfile.write(b"0123456789")
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self.ok(body)
        if scenario == "reset":
            if n == 1:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self.ok(body)
        if scenario == "empty200":
            return self.reply(200, b"", {"Content-Type": "application/xml"})
        if scenario == "badxml":
            return self.reply(200, LIST_OK[:200], {"Content-Type": "application/xml"})
        if scenario == "stall":
            time.sleep(5)
            return self.ok(body)
        if scenario == "redirect":
            return self.reply(301, s3_error(
                "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint.",
                "<Endpoint>redirect.s3.eu-west-1.amazonaws.com</Endpoint>"),
                {"x-amz-bucket-region": "eu-west-1"})
        if scenario == "echo":
            # What arrived, for the tests of how bodies are sent: the
            # content type, length and expectation as headers, the body's MD5
            # as the ETag (the ETag alone for a PUT of that body).
            def h(name):
                return self.headers.get(name) or "-"
            return self.reply(200, b"", {
                "ETag": '"%s"' % hashlib.md5(body).hexdigest(),
                "x-echo-method": self.command,
                "x-echo-content-type": h("Content-Type"),
                "x-echo-content-length": h("Content-Length"),
                "x-echo-expect": h("Expect"),
                "x-echo-transfer-encoding": h("Transfer-Encoding"),
                # every copy, so a header sent twice shows
                "x-echo-user-agent": " | ".join(
                    self.headers.get_all("User-Agent") or ["-"]),
                "x-echo-accept": " | ".join(
                    self.headers.get_all("Accept") or ["-"])})
        if scenario == "htmlerror":
            return self.reply(502, b"<html><body>Bad gateway</body></html>",
                              {"Content-Type": "text/html"})
        return self.ok(body)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
