#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the canned answers the benchmark nginx serves.

    gen_data.py DIR

DIR/objects/obj-1k        1 KiB object
DIR/objects/big-1g        1 GiB sparse file (reads as zeros)
DIR/list.xml              ListObjectsV2 page, 1,000 keys (~240 KB),
                          keys with spaces and slashes, URL-encoded
                          (cboto and boto3 send encoding-type=url)
DIR/sdb-select.xml        SimpleDB Select page (100 items)
DIR/sqs-receive.xml       SQS ReceiveMessage (10 messages)
DIR/put-etag              the ETag PUT answers with
"""
import hashlib
import os
import sys
import urllib.parse

d = sys.argv[1]
os.makedirs(os.path.join(d, "objects"), exist_ok=True)

obj = bytes((i * 7 + 3) & 0xFF for i in range(1024))
with open(os.path.join(d, "objects", "obj-1k"), "wb") as f:
    f.write(obj)

big = os.path.join(d, "objects", "big-1g")
if not os.path.exists(big) or os.path.getsize(big) != 1 << 30:
    with open(big, "wb") as f:
        f.truncate(1 << 30)

words = ["summer trip", "Family Photos", "raw", "export/final", "2024",
         "backup copy", "cam A", "edited/v2", "misc stuff", "holiday 2023"]
out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
       '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n'
       '  <Name>bench</Name>\n  <Prefix></Prefix>\n'
       '  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM='
       '</NextContinuationToken>\n'
       '  <KeyCount>1000</KeyCount>\n  <MaxKeys>1000</MaxKeys>\n'
       '  <EncodingType>url</EncodingType>\n'
       '  <IsTruncated>true</IsTruncated>\n']
for i in range(1000):
    key = "data/%s/%s/part %05d/IMG %06d (copy).jpg" % (
        words[i % 10], words[(i // 10) % 10], i // 7, i)
    etag = hashlib.md5(key.encode()).hexdigest()
    out.append(
        "<Contents><Key>%s</Key>"
        "<LastModified>2024-%02d-%02dT%02d:%02d:%02d.000Z</LastModified>"
        "<ETag>&quot;%s&quot;</ETag><Size>%d</Size>"
        "<StorageClass>STANDARD</StorageClass></Contents>"
        % (urllib.parse.quote(key, safe="/~"), 1 + i % 12, 1 + i % 28,
           i % 24, i % 60, (i * 7) % 60, etag, 1000 + i * 37))
out.append("</ListBucketResult>\n")
with open(os.path.join(d, "list.xml"), "w") as f:
    f.write("".join(out))

sdb = ['<?xml version="1.0"?>\n<SelectResponse '
       'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"><SelectResult>']
for i in range(100):
    sdb.append("<Item><Name>item%04d</Name>" % i)
    for a in range(5):
        sdb.append("<Attribute><Name>attr%d</Name><Value>value %d/%d</Value>"
                   "</Attribute>" % (a, i, a))
    sdb.append("</Item>")
sdb.append("<NextToken>rO0ABXNyACdjb20uYW1hem9uLnNkcy5RdWVyeVByb2Nlc3Nvci5N"
           "b3JlVG9rZW4=</NextToken></SelectResult><ResponseMetadata>"
           "<RequestId>b1e8f1f7-42e9-494c-ad09-2674e557526d</RequestId>"
           "<BoxUsage>0.0000219907</BoxUsage></ResponseMetadata>"
           "</SelectResponse>\n")
with open(os.path.join(d, "sdb-select.xml"), "w") as f:
    f.write("".join(sdb))

sqs = ['<?xml version="1.0"?>\n<ReceiveMessageResponse '
       'xmlns="http://queue.amazonaws.com/doc/2012-11-05/">'
       '<ReceiveMessageResult>']
for i in range(10):
    body = "message body %d " % i + "x" * 200
    sqs.append("<Message><MessageId>5fea7756-0ea4-451a-a703-a558b933e%03d"
               "</MessageId><ReceiptHandle>MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+"
               "STFFljTM8tJJg6HRG6PYSasuWXPJB+CwLj1FjgXUv1uSj1gUPAWV66FU/WeR"
               "4mq2OKpEGYWbnLmpRCJVAyeMjeU5ZBdtcQ+QEauMZc8ZRv37sIW2iJKq3M9M"
               "FuC%03d</ReceiptHandle><MD5OfBody>%s</MD5OfBody><Body>%s</Body>"
               "</Message>" % (i, i, hashlib.md5(body.encode()).hexdigest(),
                                body))
sqs.append("</ReceiveMessageResult><ResponseMetadata><RequestId>"
           "b6633655-283d-45b4-aee4-4e84e0ae6afa</RequestId>"
           "</ResponseMetadata></ReceiveMessageResponse>\n")
with open(os.path.join(d, "sqs-receive.xml"), "w") as f:
    f.write("".join(sqs))

print("list.xml: %d bytes" % os.path.getsize(os.path.join(d, "list.xml")))
