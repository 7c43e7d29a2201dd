# SPDX-License-Identifier: MIT
"""A fake SQS endpoint for the MD5 tamper tests (test_sqs_tamper.sh).

Answers SendMessage, SendMessageBatch and ReceiveMessage in SQS's query-API
XML, computing MD5OfMessageBody and MD5OfMessageAttributes from what it
received (sends) or what it hands out (receives), and then tampering with
them when the queue's name says so.  The queue is the last segment of the
request path (cboto sends to the queue URL), e.g.
http://127.0.0.1:PORT/123456789012/bad-body:

  good          every digest right
  bad-body      MD5OfMessageBody wrong (for a batch: the second entry's)
  bad-attr      MD5OfMessageAttributes wrong (batch: the second entry's)
  no-attr-md5   MD5OfMessageAttributes left out although attributes exist
  mixed         ReceiveMessage: three messages, only the second one's body
                digest wrong

Signatures are not checked; this server only judges the client's checks.
Python standard library only; binds 127.0.0.1 on a free port, prints the
port on stdout and serves until killed.
"""
import base64
import hashlib
import http.server
import struct
import sys
import urllib.parse
from xml.sax.saxutils import escape

NS = "http://queue.amazonaws.com/doc/2012-11-05/"

# What ReceiveMessage hands out: awkward bodies and every attribute type.
MESSAGES = [
    ("m-1", "first <&> \u00e9\u20ac", [
        ("text", "String", "<v> & \"q\" \u00fc"),
        ("n", "Number", "42"),
    ]),
    ("m-2", "second\nline", [
        ("blob", "Binary", bytes([0, 1, 2, 255, 60])),
    ]),
    ("m-3", "third", []),
]


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def md5_attrs(attrs):
    """The documented encoding: by name, length-prefixed name and type,
    transport byte 1 (String/Number) or 2 (Binary), length-prefixed value."""
    out = b""
    for name, dtype, value in sorted(attrs, key=lambda a: a[0].encode()):
        out += struct.pack("!I", len(name.encode())) + name.encode()
        out += struct.pack("!I", len(dtype.encode())) + dtype.encode()
        if dtype.startswith("Binary"):
            out += b"\x02" + struct.pack("!I", len(value)) + value
        else:
            v = value.encode()
            out += b"\x01" + struct.pack("!I", len(v)) + v
    return md5_hex(out)


def flip(hexdigest):
    """The same digest with its first hex digit changed."""
    first = "1" if hexdigest[0] != "1" else "2"
    return first + hexdigest[1:]


def sent_message(params, prefix):
    """Body and attributes of one sent message from the form parameters."""
    body = params.get(prefix + "MessageBody", "")
    attrs = []
    n = 1
    while prefix + "MessageAttribute.%d.Name" % n in params:
        p = prefix + "MessageAttribute.%d." % n
        dtype = params.get(p + "Value.DataType", "")
        if dtype.startswith("Binary"):
            value = base64.b64decode(params.get(p + "Value.BinaryValue", ""))
        else:
            value = params.get(p + "Value.StringValue", "")
        attrs.append((params[p + "Name"], dtype, value))
        n += 1
    return body, attrs


def digests(body, attrs, mode, tamper):
    """The MD5 elements of one message, tampered as the mode asks."""
    mb = md5_hex(body.encode())
    ma = md5_attrs(attrs) if attrs else None
    if tamper and mode == "bad-body":
        mb = flip(mb)
    if tamper and mode == "bad-attr" and ma:
        ma = flip(ma)
    if tamper and mode == "no-attr-md5":
        ma = None
    return mb, ma


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("sqs_tamper: " + (fmt % args) + "\n")

    def reply(self, status, xml):
        data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "tamper-req")
        self.end_headers()
        self.wfile.write(data)

    def meta(self):
        return ("<ResponseMetadata><RequestId>tamper-req</RequestId>"
                "</ResponseMetadata>")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n).decode("utf-8")
        params = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        mode = urllib.parse.urlsplit(self.path).path.rstrip("/")
        mode = mode.rsplit("/", 1)[-1]
        action = params.get("Action", "")
        if action == "SendMessage":
            self.send_one(params, mode)
        elif action == "SendMessageBatch":
            self.send_batch(params, mode)
        elif action == "ReceiveMessage":
            self.receive(mode)
        else:
            self.reply(400, '<ErrorResponse xmlns="%s"><Error><Type>Sender'
                       '</Type><Code>InvalidAction</Code><Message>%s'
                       '</Message></Error><RequestId>tamper-req</RequestId>'
                       '</ErrorResponse>' % (NS, escape(action)))

    def send_one(self, params, mode):
        body, attrs = sent_message(params, "")
        mb, ma = digests(body, attrs, mode, True)
        x = "<MD5OfMessageBody>%s</MD5OfMessageBody>" % mb
        if ma:
            x += "<MD5OfMessageAttributes>%s</MD5OfMessageAttributes>" % ma
        x += "<MessageId>sent-1</MessageId>"
        self.reply(200, '<SendMessageResponse xmlns="%s"><SendMessageResult>'
                   '%s</SendMessageResult>%s</SendMessageResponse>'
                   % (NS, x, self.meta()))

    def send_batch(self, params, mode):
        entries = ""
        n = 1
        while "SendMessageBatchRequestEntry.%d.Id" % n in params:
            pre = "SendMessageBatchRequestEntry.%d." % n
            body, attrs = sent_message(params, pre)
            mb, ma = digests(body, attrs, mode, n == 2)
            e = "<Id>%s</Id><MessageId>sent-%d</MessageId>" % (
                escape(params[pre + "Id"]), n)
            e += "<MD5OfMessageBody>%s</MD5OfMessageBody>" % mb
            if ma:
                e += "<MD5OfMessageAttributes>%s</MD5OfMessageAttributes>" % ma
            entries += ("<SendMessageBatchResultEntry>%s"
                        "</SendMessageBatchResultEntry>" % e)
            n += 1
        self.reply(200, '<SendMessageBatchResponse xmlns="%s">'
                   '<SendMessageBatchResult>%s</SendMessageBatchResult>%s'
                   '</SendMessageBatchResponse>' % (NS, entries, self.meta()))

    def receive(self, mode):
        out = ""
        for i, (mid, body, attrs) in enumerate(MESSAGES):
            tamper = mode != "mixed" or i == 1
            m = "bad-body" if mode == "mixed" else mode
            mb, ma = digests(body, attrs, m, tamper)
            x = "<MessageId>%s</MessageId>" % mid
            x += "<ReceiptHandle>rh-%s</ReceiptHandle>" % mid
            x += "<MD5OfBody>%s</MD5OfBody>" % mb
            x += "<Body>%s</Body>" % escape(body)
            if ma:
                x += "<MD5OfMessageAttributes>%s</MD5OfMessageAttributes>" % ma
            for name, dtype, value in attrs:
                if dtype.startswith("Binary"):
                    v = "<BinaryValue>%s</BinaryValue>" % (
                        base64.b64encode(value).decode())
                else:
                    v = "<StringValue>%s</StringValue>" % escape(value)
                x += ("<MessageAttribute><Name>%s</Name><Value><DataType>%s"
                      "</DataType>%s</Value></MessageAttribute>"
                      % (escape(name), escape(dtype), v))
            out += "<Message>%s</Message>" % x
        self.reply(200, '<ReceiveMessageResponse xmlns="%s">'
                   '<ReceiveMessageResult>%s</ReceiveMessageResult>%s'
                   '</ReceiveMessageResponse>' % (NS, out, self.meta()))


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
