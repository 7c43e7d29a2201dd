# SPDX-License-Identifier: MIT
"""boto3 <-> cboto on one moto_server: objects written by one are read by
the other byte-identical with the same content type and metadata, and a
cboto presigned URL works with plain curl.  usage: s3_interop.py TOOL"""
import os
import subprocess
import sys
import tempfile
import urllib.request

import boto3

TOOL = sys.argv[1]
EP = os.environ["CBOTO_TEST_ENDPOINT"]
s3 = boto3.client("s3", endpoint_url=EP, region_name="us-east-1",
                  aws_access_key_id=os.environ["CBOTO_TEST_AK"],
                  aws_secret_access_key=os.environ["CBOTO_TEST_SK"])
passed = failed = 0


def case(name, ok, why=""):
    global passed, failed
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else ": " + why))
    if ok:
        passed += 1
    else:
        failed += 1


def auth(on):
    req = urllib.request.Request(EP + "/moto-api/reset-auth",
                                 data=b"0" if on else b"inf",
                                 headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()


def tool(*args):
    r = subprocess.run([TOOL] + list(args), capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("cboto %s: %s" % (args[0], r.stderr.strip()))
    return r.stdout


def cboto_get(bucket, key, path):
    meta, ctype = {}, None
    for line in tool("get", bucket, key, path).splitlines():
        f = line.split("\t")
        if f[0] == "type":
            ctype = f[1]
        elif f[0] == "meta":
            meta[f[1]] = f[2]
    return ctype, meta


work = tempfile.mkdtemp()
bucket = "cboto-interop-%d" % os.getpid()
s3.create_bucket(Bucket=bucket)
data = os.urandom(300000)
big = os.urandom(12 * 1024 * 1024 + 77)
src = os.path.join(work, "src")
bigsrc = os.path.join(work, "big")
with open(src, "wb") as f:
    f.write(data)
with open(bigsrc, "wb") as f:
    f.write(big)

# Plain keys with moto's signature checking on; then special keys with it
# off (moto mis-checks reserved characters, LOCAL-SERVERS.md).
for phase, keys in (("signed", ["plain/object.bin"]),
                    ("unsigned", ["sp ace+plus%pct?q#h&a=b~t*",
                                  "caf\u00e9/\u65e5\u672c/\U0001F600"])):
    if phase == "unsigned":
        auth(False)
    for key in keys:
        label = "%s key %r" % (phase, key)
        try:
            tool("put", bucket, key, src, "text/x-cboto", "Owner=cboto",
                 "purpose=interop test")
            obj = s3.get_object(Bucket=bucket, Key=key)
            body = obj["Body"].read()
            case("cboto put -> boto3 get bytes, " + label, body == data)
            case("cboto put -> boto3 get type, " + label,
                 obj["ContentType"] == "text/x-cboto", obj["ContentType"])
            case("cboto put -> boto3 get metadata, " + label,
                 obj["Metadata"] == {"owner": "cboto",
                                     "purpose": "interop test"},
                 repr(obj["Metadata"]))
            listed = [o["Key"] for o in
                      s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
            case("key lists back identically, " + label, key in listed,
                 repr(listed))

            s3.put_object(Bucket=bucket, Key=key + ".b3", Body=data[::-1],
                          ContentType="application/x-boto3",
                          Metadata={"from": "boto3"})
            out = os.path.join(work, "out")
            ctype, meta = cboto_get(bucket, key + ".b3", out)
            with open(out, "rb") as f:
                case("boto3 put -> cboto get bytes, " + label,
                     f.read() == data[::-1])
            case("boto3 put -> cboto get type and metadata, " + label,
                 ctype == "application/x-boto3" and meta == {"from": "boto3"},
                 "%r %r" % (ctype, meta))
        except Exception as e:  # one failed case, not a crash
            case(label, False, str(e))

    if phase == "signed":
        try:
            tool("mpu", bucket, "multi/part.bin", bigsrc, "video/x-cboto",
                 "parts=3")
            obj = s3.get_object(Bucket=bucket, Key="multi/part.bin")
            case("cboto multipart -> boto3 get bytes",
                 obj["Body"].read() == big)
            case("cboto multipart -> boto3 ETag has 3 parts",
                 obj["ETag"].endswith('-3"'), obj["ETag"])
            case("cboto multipart -> boto3 type and metadata",
                 obj["ContentType"] == "video/x-cboto" and
                 obj["Metadata"] == {"parts": "3"},
                 "%r %r" % (obj["ContentType"], obj["Metadata"]))
            s3.upload_file(bigsrc, bucket, "boto3/multi.bin")
            out = os.path.join(work, "out2")
            cboto_get(bucket, "boto3/multi.bin", out)
            with open(out, "rb") as f:
                case("boto3 multipart -> cboto get bytes", f.read() == big)
        except Exception as e:
            case("multipart", False, str(e))

# Presigned URLs (moto answers them 500 while auth is on).
try:
    url = tool("presign", bucket, "plain/object.bin").strip()
    r = subprocess.run(["curl", "-sf", url], capture_output=True)
    case("cboto presigned GET works with curl",
         r.returncode == 0 and r.stdout == data, "curl exit %d" % r.returncode)
except Exception as e:
    case("presign", False, str(e))

for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
    for o in page.get("Contents", []):
        s3.delete_object(Bucket=bucket, Key=o["Key"])
s3.delete_bucket(Bucket=bucket)
auth(True)
for name in os.listdir(work):
    os.unlink(os.path.join(work, name))
os.rmdir(work)
print("%d passed, %d failed, 0 skipped" % (passed, failed))
sys.exit(1 if failed else 0)
