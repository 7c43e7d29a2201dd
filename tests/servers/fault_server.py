#!/usr/bin/env python3
"""An S3-shaped HTTP server that misbehaves on purpose, for the retry and
error-path tests.  Loopback only; the standard library only.

The first path segment (the bucket, path style) names a scenario; the
server counts the requests each scenario received (GET /__count/NAME) and
forgets everything on POST /__reset.  It prints its port on stdout once it
listens, then serves until killed.
"""
import hashlib
import socket
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTS = {}
LOCK = threading.Lock()


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


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output clean
        pass

    def read_body(self):
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

    def handle_any(self):
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
        body = self.read_body()
        with LOCK:
            COUNTS[scenario] = n = COUNTS.get(scenario, 0) + 1
        if scenario.startswith("slowdown"):
            # slowdownN: N answers of 503 SlowDown, then success
            if n <= int(scenario[len("slowdown"):] or 1):
                return self.reply(503, s3_error("SlowDown", "Reduce your request rate."))
            return self.ok(body)
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
