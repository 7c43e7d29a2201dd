#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn bench/run.sh's results.txt into the tables of bench/README.md, with
ratios to the floors and the issue-8 targets marked met / not met.

    report.py results.txt
"""
import re
import statistics
import sys

RUNS = {}       # (test, impl) -> [dict, ...], one per run
R = {}          # (test, impl) -> the dict the tables use
LOAD = {}       # label -> "1m 5m 15m"
CG = {}
HOLD = {}
NREAD = {}
NOTES = []
SHA = None
SHAS = []       # openssl speed sha256, one per round: the median is used
LOADSTART = LOADEND = ""

for line in open(sys.argv[1]):
    f = line.split()
    if not f:
        continue
    if f[0] == "RESULT":
        d = dict(kv.split("=") for kv in f[3:])
        d = {k: float(v) for k, v in d.items()}
        RUNS.setdefault((f[1], f[2]), []).append(d)
    elif f[0] == "LOAD":
        LOAD[f[1]] = " ".join(f[2:5])
    elif f[0] == "CG" and len(f) > 2:
        CG[f[1]] = int(f[2])
    elif f[0] == "HOLD":
        HOLD[f[1]] = dict(kv.split("=") for kv in f[2:])
    elif f[0] == "LORX":  # the least any run of it moved
        NREAD[f[1]] = min(NREAD.get(f[1], int(f[2])), int(f[2]))
    elif f[0] == "NOTE":
        NOTES.append(" ".join(f[1:]))
    elif f[0] == "SHA256SPEED" and len(f) > 1:
        SHAS.append(float(f[1].rstrip("k")) * 1000)  # bytes/s (1000s)
    elif f[0] == "LOADSTART":
        LOADSTART = " ".join(f[1:4])
    elif f[0] == "LOADEND":
        LOADEND = " ".join(f[1:4])


if SHAS:
    SHA = statistics.median(SHAS)

# Several runs of one measurement: a 1 GiB transfer keeps its median run
# by wall time (the fastest of two, for older results files); everything
# else takes the median of each figure over the interleaved rounds.
for key, runs in RUNS.items():
    if key[0].startswith("big") and len(runs) >= 3:
        R[key] = sorted(runs, key=lambda d: d["wall"])[len(runs) // 2]
    elif key[0].startswith("big") or len(runs) == 1:
        R[key] = min(runs, key=lambda d: d["wall"])
    else:
        R[key] = {k: statistics.median(d[k] for d in runs) for k in runs[0]}
        R[key]["runs"] = len(runs)
MAXRUNS = max((d.get("runs", 1) for d in R.values()), default=1)


def us(t, i):
    d = R.get((t, i))
    return d["cpu"] / d["n"] * 1e6 if d else None


def rps(t, i):
    d = R.get((t, i))
    return d["n"] / d["wall"] if d else None


def fmt(x, p=1):
    return "—" if x is None else ("%.*f" % (p, x))


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def ld(label):
    return LOAD.get(label, "")


TARGETS = []


def target(name, ok, text):
    TARGETS.append("| %s | %s | %s |" % (
        name, "—" if ok is None else ("**met**" if ok else "**not met**"),
        text))


out = []
p = out.append

# ---- 1
if MAXRUNS > 1:
    p("Sections 1-3: medians of %d interleaved rounds (boto3: one run).\n"
      % MAXRUNS)
p("### 1. 1 KiB PUT and GET, one at a time\n")
p("| op | client | req/s | CPU µs/req | × floor CPU | peak RSS MiB | load (1m 5m 15m) |")
p("|---|---|---:|---:|---:|---:|---|")
for op in ("put", "get"):
    t = op + "1k_seq"
    fl = us(t, "curl-floor")
    for impl, lab in (("curl-floor", "floor"),
                      ("curl-floor-readcb", "rfloor"),
                      ("curl-floor+hdrs", "floorh"),
                      ("curl-floor+sigv4", "floors"),
                      ("cboto", "cboto"), ("libs3", "libs3"),
                      ("boto3", "boto3")):
        if (t, impl) not in R:
            continue
        p("| %s | %s | %s | %s | %s | %.1f | %s |" % (
            op.upper(), impl, fmt(rps(t, impl), 0), fmt(us(t, impl)),
            fmt(ratio(us(t, impl), fl), 2), R[(t, impl)]["rss_kb"] / 1024,
            ld("seq-%s-%s" % (op, lab))))
    r = ratio(us(t, "cboto"), fl)
    l3 = us(t, "libs3")
    if r is not None:
        ok = r <= 1.15 and (l3 is None or us(t, "cboto") < l3)
        fh = us(t, "curl-floor+hdrs")
        fs = us(t, "curl-floor+sigv4")
        target("1 %s: CPU ≤ 1.15× floor, < libs3" % op.upper(), ok,
               "%.2f× floor (%s µs vs %s µs); libs3 %s µs (cboto %s); "
               "libcurl carrying the same header bytes: %s µs (%s× floor); "
               "the least SigV4 client (those bytes + a signature per "
               "request): %s µs (%s× floor), so cboto's own work above it "
               "is %s µs" % (
                   r, fmt(us(t, "cboto")), fmt(fl), fmt(l3),
                   "lower" if l3 and us(t, "cboto") < l3 else "higher",
                   fmt(fh), fmt(ratio(fh, fl), 2),
                   fmt(fs), fmt(ratio(fs, fl), 2),
                   fmt(None if fs is None else us(t, "cboto") - fs)))

# ---- 2
p("\n### 2. Many in flight (1 KiB)\n")
p("| op | in flight | client | req/s | CPU µs/req | × blocking floor | × multi floor | × libs3 ctx | peak RSS MiB | load |")
p("|---|---:|---|---:|---:|---:|---:|---:|---:|---|")
for op in ("put", "get"):
    fl = us(op + "1k_seq", "curl-floor")
    for k in (64, 1024):
        t = "%s1k_k%d" % (op, k)
        l3 = us(t, "libs3-ctx")
        mf = us(t, "curl-multi")
        for impl, lab in (("curl-multi", "floor"), ("curl-multi-poll", "pfloor"),
                          ("curl-multi-readcb", "rfloor"),
                          ("curl-multi+sigv4", "sfloor"),
                          ("cboto-event", "cboto"), ("libs3-ctx", "libs3")):
            if (t, impl) not in R:
                continue
            p("| %s | %d | %s | %s | %s | %s | %s | %s | %.1f | %s |" % (
                op.upper(), k, impl, fmt(rps(t, impl), 0), fmt(us(t, impl)),
                fmt(ratio(us(t, impl), fl), 2),
                fmt(ratio(us(t, impl), mf), 2),
                fmt(ratio(us(t, impl), l3), 2),
                R[(t, impl)]["rss_kb"] / 1024, ld("k%d-%s-%s" % (k, op, lab))))
        if k == 64 and us(t, "cboto-event") is not None:
            c = us(t, "cboto-event")
            ok = c <= 1.25 * fl and (l3 is None or l3 / c >= 2)
            sm = us(t, "curl-multi+sigv4")
            target("2 %s @64: ≤ 1.25× blocking floor, ≥ 2× better than libs3 ctx" % op.upper(),
                   ok, "%.2f× the blocking floor (%s); libs3 ctx CPU / cboto CPU = %s (%s); "
                   "libs3 ctx CPU / multi floor CPU = %s, %.2f× the multi floor; "
                   "the multi floor carrying SigV4 headers signed per request: "
                   "%s µs, so cboto's own work above it is %s µs" % (
                       c / fl, "ok" if c <= 1.25 * fl else "over",
                       fmt(ratio(l3, c), 2),
                       "ok" if l3 is None or l3 / c >= 2 else "needs ≥ 2",
                       fmt(ratio(l3, mf), 2), ratio(c, mf) or 0,
                       fmt(sm), fmt(None if sm is None else c - sm)))
    t = "%s1k_t16" % op
    if (t, "boto3-16thr") in R:
        p("| %s | 16 threads | boto3 | %s | %s | %s | — | — | %.1f | %s |" % (
            op.upper(), fmt(rps(t, "boto3-16thr"), 0), fmt(us(t, "boto3-16thr")),
            fmt(ratio(us(t, "boto3-16thr"), fl), 2),
            R[(t, "boto3-16thr")]["rss_kb"] / 1024, ld("t16-%s-boto3" % op)))

# ---- 3
p("\n### 3. ListObjectsV2, 1,000 keys (~260 KB), fetch + parse\n")
p("| client | pages/s | CPU ms/page | × floor | peak RSS MiB | load |")
p("|---|---:|---:|---:|---:|---|")
fl = us("list1000", "curl+sax-floor")
for impl, lab in (("curl+sax-floor", "floor"), ("cboto", "cboto"),
                  ("libs3", "libs3"), ("boto3", "boto3")):
    if ("list1000", impl) in R:
        p("| %s | %s | %s | %s | %.1f | %s |" % (
            impl, fmt(rps("list1000", impl), 0),
            fmt(us("list1000", impl) / 1000, 3),
            fmt(ratio(us("list1000", impl), fl), 2),
            R[("list1000", impl)]["rss_kb"] / 1024, ld("list-" + lab)))
if ("sax1000", "sax-floor") in R:
    p("| (SAX pass alone, no I/O) | %s | %s | %s | | %s |" % (
        fmt(rps("sax1000", "sax-floor"), 0), fmt(us("sax1000", "sax-floor") / 1000, 3),
        fmt(ratio(us("sax1000", "sax-floor"), fl), 2), ld("sax-floor")))
c = us("list1000", "cboto")
if c and fl:
    l3, b3 = us("list1000", "libs3"), us("list1000", "boto3")
    ok = c <= 1.3 * fl and (l3 is None or l3 / c >= 3) and (b3 is None or b3 / c >= 40)
    target("3 list: ≤ 1.3× floor, ≥ 3× libs3, ≥ 40× boto3", ok,
           "%.2f× floor; libs3/cboto %s×; boto3/cboto %s×" % (
               c / fl, fmt(ratio(l3, c), 2), fmt(ratio(b3, c), 1)))

# ---- 4
p("\n### 4. Signatures (message build + sign + free, no I/O)\n")
p("cboto: medians of the interleaved rounds; botocore: one run.\n")
p("| signature | cboto µs | cboto /s | botocore µs | botocore / cboto |")
p("|---|---:|---:|---:|---:|")
for t in ("sigv4_s3_get", "sigv4_sqs_send", "sigv2_sdb_select", "sigv4_sign_only"):
    c, b = us(t, "cboto"), us(t, "botocore")
    if c is None:
        continue
    p("| %s | %s | %s | %s | %s |" % (t, fmt(c, 2), fmt(1e6 / c, 0), fmt(b, 1),
                                      fmt(ratio(b, c), 1)))
for t in ("sigv4_s3_get", "sigv4_sqs_send"):
    c = us(t, "cboto")
    if c is not None:
        target("4 %s: ≤ 2 µs" % t, c <= 2.0, "%.2f µs (%.2f× the target)" % (c, c / 2))
p("\nload: %s" % ld("sign-cboto"))

# ---- 5
p("\n### 5. 1 GiB GET to a file, 1 GiB PUT from a file\n")
p("Floors and cboto's two executors: the median of five interleaved runs "
  "(by wall time); SHA-256's speed: the median of five runs of `openssl "
  "speed`; the others: one run.\n")
p("| transfer | client | MB/s | × floor | CPU s | peak RSS MiB | load |")
p("|---|---|---:|---:|---:|---:|---|")
for t in ("bigget", "bigput"):
    fld = R.get((t, "curl-floor"))
    flt = fld["bytes"] / fld["wall"] / 1e6 if fld else None
    fls = R.get((t, "curl-floor-fsync"))
    flts = fls["bytes"] / fls["wall"] / 1e6 if fls else None
    for impl, lab, desc in (
            ("curl-floor", "floor", "curl floor"),
            ("curl-floor-fsync", "floorsync", "curl floor, fsync + rename"),
            ("cboto", "cboto", "cboto blocking" + (" (signed: aws-chunked, hashed as sent)" if t == "bigput" else "")),
            ("cboto-event", "cboto", "cboto libevent" + (" (signed: aws-chunked, hashed as sent)" if t == "bigput" else "")),
            ("awscli", "awscli", "AWS CLI"), ("s3cmd", "s3cmd", "s3cmd")):
        d = R.get((t, impl))
        if not d:
            continue
        mbs = d["bytes"] / d["wall"] / 1e6
        label = "%s-%s" % (t if impl != "cboto-event" else "a" + t, lab)
        p("| %s | %s | %.0f | %s | %.2f | %.1f | %s |" % (
            t[3:].upper(), desc, mbs, fmt(ratio(mbs, flt), 2), d["cpu"],
            d["rss_kb"] / 1024, ld(label)))
    # The transfer manager (libevent; 8 MiB parts), 1, 4 and 8 in flight.
    for k in (1, 4, 8):
        d = R.get((t, "cboto-tm%d" % k))
        if not d:
            continue
        mbs = d["bytes"] / d["wall"] / 1e6
        p("| %s | cboto transfer manager, %d part%s in flight | %.0f | %s | %.2f | %.1f | %s |" % (
            t[3:].upper(), k, "" if k == 1 else "s", mbs,
            fmt(ratio(mbs, flt), 2), d["cpu"], d["rss_kb"] / 1024,
            ld("%s-cboto-tm%d" % (t, k))))
    if t == "bigget" and fld:
        # cboto's file sink fsyncs before it renames: judged against the
        # floor that does the same when it ran, else the plain one.
        ref = flts or flt
        for impl in ("cboto", "cboto-event"):
            d = R.get((t, impl))
            if d:
                mbs = d["bytes"] / d["wall"] / 1e6
                target("5 GET (%s): ≥ 0.8× floor, RSS ≤ 16 MiB" % impl,
                       mbs >= 0.8 * ref and d["rss_kb"] <= 16384,
                       "%.2f× the %s floor (%.2f× the plain one), %.1f MiB" % (
                           mbs / ref, "fsync + rename" if flts else "plain",
                           mbs / flt, d["rss_kb"] / 1024))
    if t == "bigput" and SHA and ("bigput", "cboto") in R:
        d = R[("bigput", "cboto")]
        mbs = d["bytes"] / d["wall"]
        target("5 signed PUT: ≥ 0.7× SHA-256 speed", mbs >= 0.7 * SHA,
               "%.0f MB/s = %.2f× of %.0f MB/s (openssl speed sha256, 16 KiB blocks)"
               % (mbs / 1e6, mbs / SHA, SHA / 1e6))
if NREAD:
    p("\nLoopback bytes received during each 1 GiB PUT (lo rx_bytes; the "
      "client cannot finish unless nginx reads them): " +
      ", ".join("%s %.3f GiB" % (k, v / 2**30) for k, v in sorted(NREAD.items())))
if SHA:
    p("\n`openssl speed sha256` (16 KiB blocks): %.0f MB/s" % (SHA / 1e6))

# ---- 6
if HOLD:
    p("\n### 6. GETs in flight on one loop\n")
    for impl, h in HOLD.items():
        d = R.get(("hold", impl))
        p("%s: %s GETs in flight, RSS %s KiB before, peak %s KiB: **%s KiB per "
          "request in flight**; %s failed; wall %.2f s, CPU %.2f s (load %s)" % (
              impl, h["n"], h["base_kb"], h["peak_kb"], h["per_req_kb"],
              h["failed"], d["wall"] if d else 0, d["cpu"] if d else 0,
              ld("hold-cboto")))
        target("6 ≤ 64 KiB per request in flight", float(h["per_req_kb"]) <= 64,
               "%s KiB" % h["per_req_kb"])

# ---- 7
if CG:
    p("\n### 7. Instructions (callgrind, one request after warm-up)\n")
    p("| request | cboto Ir | floor Ir | × floor | floor + header bytes Ir | floor + header bytes + signature Ir | cboto's own Ir (above the last) |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    n = lambda v: "{:,}".format(v) if v else "—"
    for t, name in (("put", "signed 1 KiB PUT"), ("get", "signed 1 KiB GET"), ("list", "ListObjectsV2 1,000 keys fetch + parse")):
        c, f = CG.get(t + "-cboto"), CG.get(t + "-floor")
        fh, fs = CG.get(t + "-floorh"), CG.get(t + "-floors")
        p("| %s | %s | %s | %s | %s | %s | %s |" % (
            name, n(c), n(f), fmt(ratio(c, f), 2), n(fh), n(fs),
            n(c - fs) if c and fs else "—"))
    p("\nUnder valgrind OpenSSL runs its portable SHA-256, so the signature "
      "weighs more here than on the real CPU (SHA extensions).")

p("\n### Targets (issue 8)\n")
p("| target | status | measured |")
p("|---|---|---|")
out.extend(TARGETS)
if NOTES:
    p("\nNotes:")
    for n in NOTES:
        p("- " + n)
p("\nLoad average at start: %s; at end: %s" % (LOADSTART, LOADEND))
print("\n".join(out))
