#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""boto3 / botocore driver for the benchmarks (bench/run.sh).

    boto3_bench.py ENDPOINT MODE [N] [THREADS]

MODE  put N | get N           one client, one thread, 1 KiB
      tput N T | tget N T     T threads sharing one client (pool of T)
      list N                  list_objects_v2 of the 1,000-key page
      sign N                  botocore signatures/s: SigV4 S3 GET, SigV4
                              SQS SendMessage form POST, SigV2 SimpleDB
                              Select (no I/O)

Checksums are left to "when_required" so a PUT is the same work cboto does
(botocore >= 1.36 would otherwise add a CRC32 of every body).
"""
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from botocore.config import Config

KEY_ID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
BODY = bytes((i * 7 + 3) & 0xFF for i in range(1024))


def cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss


class Win:
    def __init__(self):
        self.c0, _ = cpu()
        self.w0 = time.monotonic()

    def report(self, test, impl, n, nbytes=0):
        wall = time.monotonic() - self.w0
        c, rss = cpu()
        print("RESULT %s %s n=%d wall=%.6f cpu=%.6f rss_kb=%d bytes=%d"
              % (test, impl, n, wall, c - self.c0, rss, nbytes), flush=True)


def client(endpoint, pool=10):
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
        config=Config(s3={"addressing_style": "path"},
                      retries={"max_attempts": 1, "mode": "standard"},
                      max_pool_connections=pool,
                      request_checksum_calculation="when_required",
                      response_checksum_validation="when_required"))


def one(s3, put):
    if put:
        s3.put_object(Bucket="bench", Key="put-1k", Body=BODY)
    else:
        b = s3.get_object(Bucket="bench", Key="obj-1k")["Body"].read()
        assert len(b) == 1024


def seq(endpoint, put, n):
    s3 = client(endpoint)
    for _ in range(20):
        one(s3, put)
    w = Win()
    for _ in range(n):
        one(s3, put)
    w.report("put1k_seq" if put else "get1k_seq", "boto3", n)


def threads(endpoint, put, n, t):
    s3 = client(endpoint, pool=t)
    with ThreadPoolExecutor(t) as ex:
        list(ex.map(lambda _: one(s3, put), range(2 * t)))
        w = Win()
        list(ex.map(lambda _: one(s3, put), range(n)))
        w.report("%s1k_t%d" % ("put" if put else "get", t),
                 "boto3-%dthr" % t, n)


def listing(endpoint, n):
    s3 = client(endpoint)
    s3.list_objects_v2(Bucket="bench")
    w = Win()
    for _ in range(n):
        r = s3.list_objects_v2(Bucket="bench")
        assert len(r["Contents"]) == 1000 and " " in r["Contents"][999]["Key"]
    w.report("list1000", "boto3", n)


def sign(n):
    creds = botocore.credentials.Credentials(KEY_ID, SECRET)
    s3auth = botocore.auth.S3SigV4Auth(creds, "s3", "us-east-1")
    sqsauth = botocore.auth.SigV4Auth(creds, "sqs", "us-east-1")
    sdbauth = botocore.auth.SigV2Auth(creds)

    def s3get():
        r = botocore.awsrequest.AWSRequest(
            method="GET",
            url="https://bench.s3.us-east-1.amazonaws.com/photos/2024/"
                "IMG%200001.jpg",
            headers={"User-Agent": "bench"})
        s3auth.add_auth(r)

    def sqssend():
        r = botocore.awsrequest.AWSRequest(
            method="POST",
            url="https://sqs.us-east-1.amazonaws.com/123456789012/bench-queue",
            data={"Action": "SendMessage", "Version": "2012-11-05",
                  "MessageBody": "hello from the benchmark " * 4,
                  "DelaySeconds": "0"},
            headers={"Content-Type":
                     "application/x-www-form-urlencoded; charset=utf-8"})
        sqsauth.add_auth(r)

    def sdbselect():
        r = botocore.awsrequest.AWSRequest(
            method="POST", url="https://sdb.amazonaws.com/",
            data={"Action": "Select", "Version": "2009-04-15",
                  "SelectExpression":
                      "select * from `bench` where a = 'b' limit 100",
                  "ConsistentRead": "true"})
        sdbauth.add_auth(r)

    for name, fn in (("sigv4_s3_get", s3get), ("sigv4_sqs_send", sqssend),
                     ("sigv2_sdb_select", sdbselect)):
        for _ in range(200):
            fn()
        w = Win()
        for _ in range(n):
            fn()
        w.report(name, "botocore", n)


def main():
    endpoint, mode = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    t = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    if mode in ("put", "get"):
        seq(endpoint, mode == "put", n)
    elif mode in ("tput", "tget"):
        threads(endpoint, mode == "tput", n, t)
    elif mode == "list":
        listing(endpoint, n)
    elif mode == "sign":
        sign(n)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
