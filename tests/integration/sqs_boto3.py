# SPDX-License-Identifier: MIT
"""boto3 side of the SQS shell tests (moto endpoint and keys from the
CBOTO_TEST_* environment).

  create NAME               print the new queue's URL
  send URL N                send N messages "job-0".."job-N-1" in batches
  depth URL                 print visible + in-flight + delayed counts
  send-attrs URL            send one message with String/Number/Binary
                            attributes and an awkward body
  check-attrs URL           receive one message cboto sent (see
                            sqs_interop_tool.c) and compare body, attributes
                            and MD5s; print "boto3-ok" or why not
  tool-args                 print BODY and ATTRS as sqs_interop_tool's send
                            arguments (hex), one per line
  expect                    print what sqs_interop_tool's receive prints for
                            the message send-attrs sent
"""
import hashlib
import os
import struct
import sys

import boto3

BODY = "<b a='1'>&amp; \u00e9\u20ac \U0001F600 \"q\"\ttab\nline</b>"
ATTRS = {
    "text": {"DataType": "String", "StringValue": "<&>\"' \u00fc\u20ac"},
    "count": {"DataType": "Number", "StringValue": "-12.5e3"},
    "blob": {"DataType": "Binary", "BinaryValue": bytes([0, 255, 60, 38, 10, 128])},
}


def client():
    return boto3.client(
        "sqs", endpoint_url=os.environ["CBOTO_TEST_ENDPOINT"],
        aws_access_key_id=os.environ["CBOTO_TEST_AK"],
        aws_secret_access_key=os.environ["CBOTO_TEST_SK"],
        region_name="us-east-1")


def md5_attrs(attrs):
    """The documented encoding, written independently of cboto."""
    def lv(b):
        return struct.pack("!I", len(b)) + b
    out = b""
    for name in sorted(attrs):
        a = attrs[name]
        out += lv(name.encode()) + lv(a["DataType"].encode())
        if "BinaryValue" in a:
            out += b"\x02" + lv(a["BinaryValue"])
        else:
            out += b"\x01" + lv(a["StringValue"].encode())
    return hashlib.md5(out).hexdigest()


def tool_args():
    """BODYHEX, then NAME=TYPE=VALUEHEX per attribute."""
    print(BODY.encode().hex())
    for name in sorted(ATTRS):
        a = ATTRS[name]
        v = a.get("BinaryValue")
        if v is None:
            v = a["StringValue"].encode()
        print("%s=%s=%s" % (name, a["DataType"], v.hex()))


def expect():
    """sqs_interop_tool's receive output for BODY and ATTRS."""
    print("body " + BODY.encode().hex())
    print("md5-body " + hashlib.md5(BODY.encode()).hexdigest())
    print("md5-attrs " + md5_attrs(ATTRS))
    for name in sorted(ATTRS, key=lambda n: n.encode()):
        a = ATTRS[name]
        v = a.get("BinaryValue")
        if v is None:
            v = a["StringValue"].encode()
        print("attr %s %s %s" % (name, a["DataType"], v.hex()))


def main():
    cmd = sys.argv[1]
    if cmd == "tool-args":
        return tool_args()
    if cmd == "expect":
        return expect()
    arg = sys.argv[2]
    sqs = client()
    if cmd == "create":
        print(sqs.create_queue(QueueName=arg)["QueueUrl"])
    elif cmd == "send":
        n = int(sys.argv[3])
        for start in range(0, n, 10):
            entries = [{"Id": "e%d" % i, "MessageBody": "job-%d" % i}
                       for i in range(start, min(n, start + 10))]
            r = sqs.send_message_batch(QueueUrl=arg, Entries=entries)
            if r.get("Failed"):
                sys.exit("send failed: %r" % r["Failed"])
    elif cmd == "depth":
        a = sqs.get_queue_attributes(QueueUrl=arg, AttributeNames=["All"])
        a = a["Attributes"]
        print(int(a["ApproximateNumberOfMessages"]) +
              int(a["ApproximateNumberOfMessagesNotVisible"]) +
              int(a["ApproximateNumberOfMessagesDelayed"]))
    elif cmd == "send-attrs":
        r = sqs.send_message(QueueUrl=arg, MessageBody=BODY,
                             MessageAttributes=ATTRS)
        assert r["MD5OfMessageAttributes"] == md5_attrs(ATTRS)
        print("sent", r["MessageId"])
    elif cmd == "check-attrs":
        r = sqs.receive_message(QueueUrl=arg, MessageAttributeNames=["All"],
                                MaxNumberOfMessages=1)
        msgs = r.get("Messages", [])
        if len(msgs) != 1:
            sys.exit("expected one message, got %d" % len(msgs))
        m = msgs[0]
        problems = []
        if m["Body"] != BODY:
            problems.append("body %r" % m["Body"])
        if m["MD5OfBody"] != hashlib.md5(BODY.encode()).hexdigest():
            problems.append("MD5OfBody")
        got = m.get("MessageAttributes", {})
        if got != ATTRS:
            problems.append("attributes %r" % got)
        if m.get("MD5OfMessageAttributes") != md5_attrs(ATTRS):
            problems.append("MD5OfMessageAttributes")
        print("boto3-ok" if not problems else "boto3-bad " + "; ".join(problems))
    else:
        sys.exit("unknown command " + cmd)


main()
