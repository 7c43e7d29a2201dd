#!/usr/bin/env python3
"""boto3's sdb client and cboto (tests/integration/sdb_xcheck) against the
same SimpleDB test server: each reads what the other wrote, byte for byte.
Prints "ok - NAME" / "not ok - NAME" lines and the closing summary."""
import os
import subprocess
import sys

import boto3

XCHECK = sys.argv[1]
EP = os.environ["CBOTO_SDB_ENDPOINT"]
sdb = boto3.client("sdb", region_name="us-east-1", endpoint_url=EP,
                   aws_access_key_id=os.environ["CBOTO_SDB_AK"],
                   aws_secret_access_key=os.environ["CBOTO_SDB_SK"])
VALUES = {
    "quote": "O'Brien said \"hi\"",
    "back`tick": "a `b` ``c``",
    "newline": "line one\nline two\ttab",
    "unicode": "caf\u00e9 \u65e5\u672c \U0001F600",
    "xml": "<a href='x'>&amp;</a> + % = ? /",
    "empty": "",
}
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - %s" % name)
    else:
        failed += 1
        print("not ok - %s %s" % (name, detail))


def xcheck(*args):
    return subprocess.run([XCHECK] + list(args), capture_output=True,
                          check=False)


def decode(out):
    rows = []
    for line in out.decode().splitlines():
        i, n, v = (bytes.fromhex(x).decode("utf-8") for x in
                   (line.split(" ") + [""])[:3])
        rows.append((i, n, v))
    return rows


sdb.create_domain(DomainName="xcheck")

# cboto writes, boto3 reads.
args = ["%s=%s" % (k.encode().hex(), v.encode().hex())
        for k, v in VALUES.items()]
r = xcheck("write", "xcheck", "from-cboto \u00e9", *args)
check("cboto_put", r.returncode == 0, r.stderr.decode())
got = sdb.get_attributes(DomainName="xcheck", ItemName="from-cboto \u00e9",
                         ConsistentRead=True).get("Attributes", [])
check("boto3_reads_cboto",
      {a["Name"]: a["Value"] for a in got} == VALUES and len(got) == 6,
      repr(got))

# boto3 writes, cboto reads.
sdb.put_attributes(DomainName="xcheck", ItemName="from-boto3 'q'",
                   Attributes=[{"Name": k, "Value": v, "Replace": True}
                               for k, v in VALUES.items()])
r = xcheck("read", "xcheck", "from-boto3 'q'")
check("cboto_get", r.returncode == 0, r.stderr.decode())
rows = decode(r.stdout)
check("cboto_reads_boto3",
      {n: v for _i, n, v in rows} == VALUES and len(rows) == 6, repr(rows))

# Select over both items, cboto paging, compared with boto3's paginator.
for i in range(30):
    sdb.put_attributes(DomainName="xcheck", ItemName="n%02d" % i,
                       Attributes=[{"Name": "k", "Value": "v%02d" % i}])
expr = "select k from `xcheck` where k like 'v%' limit 7"
r = xcheck("select", expr)
check("cboto_select_pages", r.returncode == 0, r.stderr.decode())
mine = sorted(decode(r.stdout))
theirs = sorted((it["Name"], a["Name"], a["Value"])
                for page in sdb.get_paginator("select").paginate(
                    SelectExpression=expr)
                for it in page.get("Items", []) for a in it["Attributes"])
check("select_same_as_boto3", mine == theirs and len(mine) == 30,
      "%d vs %d" % (len(mine), len(theirs)))
print("%d passed, %d failed, 0 skipped" % (passed, failed))
sys.exit(1 if failed else 0)
