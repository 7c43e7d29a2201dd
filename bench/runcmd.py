#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run a command and report it in the drivers' RESULT format: wall time,
CPU of the command and its children (getrusage RUSAGE_CHILDREN), peak RSS
of the largest child.

    runcmd.py TEST IMPL BYTES -- COMMAND...
"""
import resource
import subprocess
import sys
import time

test, impl, nbytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmd = sys.argv[sys.argv.index("--") + 1:]
t0 = time.monotonic()
r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
if r.returncode != 0:
    sys.stderr.write("%s %s failed (%d): %s\n" % (
        test, impl, r.returncode, r.stderr.decode(errors="replace")[-2000:]))
    sys.exit(1)
print("RESULT %s %s n=1 wall=%.6f cpu=%.6f rss_kb=%d bytes=%d" % (
    test, impl, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, nbytes),
    flush=True)
