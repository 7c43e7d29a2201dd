# SPDX-License-Identifier: MIT
# examples/: built by `make` (so they cannot rot) and run by `make check`.
noinst_PROGRAMS += examples/s3_blocking
examples_s3_blocking_SOURCES = examples/s3_blocking.c
examples_s3_blocking_LDADD = libcboto.la
EXTRA_DIST += examples/demo.sh
