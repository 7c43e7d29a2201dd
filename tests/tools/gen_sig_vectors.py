#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write tests/data/sigv4/cboto-vectors.json: signing vectors for the cases
cboto cares about most (awkward S3 keys, SQS form POSTs, SimpleDB SigV2,
session tokens, 7-day presigned PUTs).

The values come from botocore's own signers (SigV4Auth, S3SigV4Auth,
SigV4QueryAuth, S3SigV4QueryAuth, SigV2Auth) with the clock pinned, so the
output is deterministic.  They are regression vectors, not AWS-published
ones.  The layout matches ../shared/testdata/botocore-sigv4-cases.json
("sigv4_cases") and sigv2-cases.json ("sigv2_cases"), so the same test code
reads both.

    python3 tests/tools/gen_sig_vectors.py [output]
"""
import datetime
import json
import os
import sys
import time
from unittest import mock
from urllib.parse import quote

import botocore
import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AK = "AKIDEXAMPLE"
SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = ("IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token"
         "/with+plus=and/slash==")
WHEN = datetime.datetime(2026, 11, 3, 9, 5, 7)


def enc(s, safe="-_.~"):
    return quote(s.encode("utf-8"), safe=safe)


def form(pairs):
    # cboto__form_encode: RFC 3986, space is %20, '&'-joined, wire order.
    return "&".join(enc(k) + "=" + enc(v) for k, v in pairs)


def capturing(cls):
    class Cap(cls):
        def canonical_request(self, request):
            self.cr = super().canonical_request(request)
            return self.cr

        def string_to_sign(self, request, canonical_request):
            self.sts = super().string_to_sign(request, canonical_request)
            return self.sts

        def signature(self, string_to_sign, request):
            self.sig = super().signature(string_to_sign, request)
            return self.sig
    return Cap


def sigv4(cid, desc, service, region, method, scheme, host, path, query=(),
          headers=(), body=None, token=None, presign=None,
          unsigned=False):
    s3 = service == "s3"
    query = list(query)
    url = f"{scheme}://{host}{path}"
    if query:
        url += "?" + form(query)
    creds = Credentials(AK, SK, token)
    hdrs = [("Host", host)] + list(headers)
    if presign:
        cls = auth.S3SigV4QueryAuth if s3 else auth.SigV4QueryAuth
        signer = capturing(cls)(creds, service, region, expires=presign)
    else:
        cls = auth.S3SigV4Auth if s3 else auth.SigV4Auth
        signer = capturing(cls)(creds, service, region)
    req = AWSRequest(method=method, url=url, data=body)
    for k, v in hdrs:
        req.headers[k] = v  # appends: repeated names are kept
    if unsigned:
        req.context["payload_signing_enabled"] = False
        if not s3:
            req.headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    with mock.patch.object(auth, "get_current_datetime", return_value=WHEN):
        signer.add_auth(req)
    expected = {
        "canonical_request": signer.cr,
        "string_to_sign": signer.sts,
        "signature": signer.sig,
    }
    if presign:
        expected["presigned_url"] = req.url
    else:
        expected["authorization"] = req.headers["Authorization"]
        expected["headers_after_signing"] = [[k, v]
                                             for k, v in req.headers.items()]
    body_b = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    case = {
        "id": cid,
        "description": desc,
        "signer": "botocore.auth." + cls.__name__,
        "auth_type": "query" if presign else "header",
        "service": service,
        "region": region,
        "credentials": {"access_key_id": AK, "secret_access_key": SK,
                        "session_token": token},
        "timestamp": WHEN.strftime("%Y%m%dT%H%M%SZ"),
        "payload_signing": "unsigned" if (unsigned or presign and s3)
        else "signed",
        "input": {
            "method": method, "scheme": scheme, "host": host, "url": url,
            "path": path, "query": [list(p) for p in query],
            "headers": [list(h) for h in hdrs],
            "body": body if isinstance(body, str) else None,
            "body_length": len(body_b),
        },
        "expected": expected,
    }
    if presign:
        case["expires_seconds"] = presign
    return case


def sigv2(cid, desc, method, scheme, host, path, params, token=None):
    creds = Credentials(AK, SK, token)
    captured = {}

    class Cap(auth.SigV2Auth):
        def calc_signature(self, request, p):
            qs, sig = super().calc_signature(request, p)
            captured["qs"], captured["sig"] = qs, sig
            return qs, sig

    url = f"{scheme}://{host}{path}"
    data = dict(params) if method == "POST" else None
    req = AWSRequest(method=method, url=url, data=data,
                     params=None if data else dict(params))
    gm = time.gmtime(WHEN.replace(tzinfo=datetime.timezone.utc).timestamp())
    with mock.patch.object(auth.time, "gmtime", return_value=gm):
        Cap(creds).add_auth(req)
    signed = req.data if data else req.params
    added = [[k, signed[k]] for k in ("AWSAccessKeyId", "SignatureVersion",
                                      "SignatureMethod", "Timestamp",
                                      "SecurityToken") if k in signed]
    sts = f"{method}\n{host}\n{path}\n{captured['qs']}"
    wire = captured["qs"] + "&Signature=" + enc(captured["sig"], "-_~")
    expected = {"string_to_sign": sts, "signature": captured["sig"]}
    if method == "POST":
        expected["signed_body"] = wire
    else:
        expected["signed_url"] = url + "?" + wire
    return {
        "id": cid,
        "description": desc,
        "credentials": {"access_key_id": AK, "secret_access_key": SK,
                        "session_token": token},
        "input": {"method": method, "scheme": scheme, "host": host,
                  "path": path, "operation_params": [list(p) for p in params],
                  "params_added_by_signer": added},
        "expected": expected,
    }


AWKWARD_KEY = "dir/a+b %c?d#e&f=g~h*i'j(k)l!m$n@o:p,q;r[s]t^u`v{w}x|y\"z.txt"
UTF8_KEY = "fotos/été 2026/naïve+日本語 😀.jpg"


def s3_path(bucket_style_path):
    return enc(bucket_style_path, safe="/~-_.")


def cases():
    v4 = [
        sigv4("s3-awkward-key-get",
              "GET of a key with every awkward ASCII character.",
              "s3", "us-east-1", "GET", "https",
              "examplebucket.s3.amazonaws.com", s3_path("/" + AWKWARD_KEY)),
        sigv4("s3-utf8-key-put-session-token",
              "PUT of a UTF-8 key with a body, x-amz-meta spaces, token.",
              "s3", "eu-central-1", "PUT", "https",
              "examplebucket.s3.eu-central-1.amazonaws.com",
              s3_path("/" + UTF8_KEY),
              headers=[("Content-Type", "image/jpeg"),
                       ("x-amz-meta-caption", "  a   holiday  photo ")],
              body="not really a jpeg\n", token=TOKEN),
        sigv4("s3-list-v2-awkward-prefix",
              "ListObjectsV2 whose prefix and token need encoding.",
              "s3", "us-west-2", "GET", "https",
              "examplebucket.s3.us-west-2.amazonaws.com", "/",
              query=[("list-type", "2"), ("prefix", "a+b c/ü&=%"),
                     ("delimiter", "/"),
                     ("continuation-token", "1+ab/cd=="),
                     ("encoding-type", "url")]),
        sigv4("s3-delete-version-id",
              "DELETE of an object version whose id has + / =.",
              "s3", "us-east-1", "DELETE", "https",
              "examplebucket.s3.amazonaws.com", s3_path("/" + AWKWARD_KEY),
              query=[("versionId", "3/L4kqtJl+cpXroDTDmJ+rmSpXd3dIbrHY==")]),
        sigv4("s3-path-style-local-tilde-star",
              "Path-style on localhost:9000 over http, key with ~ and *.",
              "s3", "us-east-1", "GET", "http", "localhost:9000",
              s3_path("/mybucket/~user/*star*/..x/./y//z")),
        sigv4("s3-presign-put-7-days",
              "Presigned PUT, 7-day expiry, awkward key, signed Content-Type.",
              "s3", "us-east-1", "PUT", "https",
              "examplebucket.s3.amazonaws.com", s3_path("/" + AWKWARD_KEY),
              headers=[("Content-Type", "text/plain; charset=utf-8")],
              presign=604800),
        sigv4("s3-presign-get-utf8-token",
              "Presigned GET of a UTF-8 key with a session token.",
              "s3", "ap-southeast-2", "GET", "https",
              "examplebucket.s3.ap-southeast-2.amazonaws.com",
              s3_path("/" + UTF8_KEY),
              query=[("response-content-disposition",
                      "attachment; filename=\"été.jpg\"")],
              token=TOKEN, presign=3600),
        sigv4("sqs-send-message-form-post",
              "SQS SendMessage as a form POST; body with quotes, UTF-8, & =.",
              "sqs", "us-east-1", "POST", "https",
              "sqs.us-east-1.amazonaws.com", "/",
              headers=[("Content-Type",
                        "application/x-www-form-urlencoded; charset=utf-8")],
              body=form([("Action", "SendMessage"),
                         ("QueueUrl", "https://sqs.us-east-1.amazonaws.com/"
                          "123456789012/my-queue"),
                         ("MessageBody", "{\"k\": \"v & w = 1+1\", "
                          "\"é\": \"😀\"}\nline 2"),
                         ("DelaySeconds", "5"),
                         ("Version", "2012-11-05")])),
        sigv4("sqs-send-message-session-token",
              "SQS SendMessage form POST with temporary credentials.",
              "sqs", "eu-west-1", "POST", "https",
              "sqs.eu-west-1.amazonaws.com", "/123456789012/my-queue",
              headers=[("Content-Type",
                        "application/x-www-form-urlencoded; charset=utf-8")],
              body=form([("Action", "SendMessage"),
                         ("MessageBody", "hello world"),
                         ("MessageAttribute.1.Name", "trace id"),
                         ("MessageAttribute.1.Value.StringValue", "a/b+c"),
                         ("MessageAttribute.1.Value.DataType", "String"),
                         ("Version", "2012-11-05")]),
              token=TOKEN),
        sigv4("sqs-receive-message-get",
              "SQS ReceiveMessage as a GET on the queue path.",
              "sqs", "us-east-1", "GET", "https",
              "sqs.us-east-1.amazonaws.com", "/123456789012/my-queue",
              query=[("Action", "ReceiveMessage"),
                     ("MaxNumberOfMessages", "10"),
                     ("WaitTimeSeconds", "20"),
                     ("AttributeName.1", "All"),
                     ("Version", "2012-11-05")]),
    ]
    v2 = [
        sigv2("sdb-post-select-quotes",
              "SimpleDB Select as a POST: quotes, backquotes, NextToken.",
              "POST", "https", "sdb.amazonaws.com", "/",
              [("Action", "Select"),
               ("SelectExpression",
                "select * from `my-domain` where `name` = 'O''Brien' and "
                "note = \"say \"\"hi\"\"\" and price > '0010.00' "
                "order by `name`"),
               ("NextToken", "rO0ABXNyACdjb20+/abc=="),
               ("ConsistentRead", "true"),
               ("Version", "2009-04-15")]),
        sigv2("sdb-post-putattributes-token",
              "SimpleDB PutAttributes POST with a session token.",
              "POST", "https", "sdb.eu-west-1.amazonaws.com", "/",
              [("Action", "PutAttributes"),
               ("DomainName", "my domain"),
               ("ItemName", "item/1+2"),
               ("Attribute.1.Name", "title"),
               ("Attribute.1.Value", "Ünïcödé & 'quotes' *stars* ~tilde~"),
               ("Attribute.1.Replace", "true"),
               ("Expected.1.Name", "version"),
               ("Expected.1.Value", "1"),
               ("Version", "2009-04-15")],
              token=TOKEN),
    ]
    return v4, v2


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "data", "sigv4", "cboto-vectors.json")
    v4, v2 = cases()
    doc = {
        "description": "cboto's own signing vectors, GENERATED by botocore "
                       "with the clock pinned; regression vectors, not "
                       "AWS-published values.",
        "generator": {"tool": "botocore",
                      "botocore_version": botocore.__version__,
                      "script": "tests/tools/gen_sig_vectors.py"},
        "sigv4_cases": v4,
        "sigv2_cases": v2,
    }
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(v4)} SigV4 and {len(v2)} SigV2 cases to {out}")


if __name__ == "__main__":
    main()
