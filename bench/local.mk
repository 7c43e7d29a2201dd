# SPDX-License-Identifier: MIT
# Benchmarks (issue 8): `make bench` runs bench/run.sh against this build
# tree.  Timings are not tests: this is not part of `make check`.  Build
# without sanitizers and with -O2 for meaningful numbers.
EXTRA_DIST += bench/README.md bench/run.sh bench/nginx.conf.in \
	bench/gen_data.py bench/report.py bench/runcmd.py bench/boto3_bench.py \
	bench/bench_util.h bench/cboto_bench.c bench/curl_floor.c \
	bench/sigv4_floor.h \
	bench/libs3_bench.c bench/sign_bench.c

.PHONY: bench
bench: all
	$(SHELL) $(top_srcdir)/bench/run.sh $(abs_top_builddir)
