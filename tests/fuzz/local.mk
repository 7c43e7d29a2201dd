# SPDX-License-Identifier: MIT
# Reliability tests of issue 9: allocation-failure torture (unit and
# against the fault server), the valgrind pass and the libFuzzer targets.

# Every S3 fixture through every parser, the error fixtures, SigV4 signing
# of built requests, a client from the AWS files: each allocation failing
# in turn.
check_PROGRAMS += tests/unit/test_torture
UNIT_TESTS += tests/unit/test_torture
tests_unit_test_torture_SOURCES = tests/unit/test_torture.c \
	tests/unit/run_parser.c
tests_unit_test_torture_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_torture_LDADD = $(UNITLIBS)

# Whole sends through the blocking executor with allocations failing, run
# by tests/run.sh inside with-faults.sh (the name contains "faults").
check_PROGRAMS += tests/integration/test_torture_faults
INTEGRATION_TESTS += tests/integration/test_torture_faults
tests_integration_test_torture_faults_SOURCES = \
	tests/integration/test_torture_faults.c
tests_integration_test_torture_faults_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_torture_faults_LDADD = $(UNITLIBS) $(CURL_LIBS)

# The unit tests under valgrind memcheck: sh tests/valgrind.sh BUILDDIR
# (after make check in a build configured without --enable-sanitizers).
EXTRA_DIST += tests/valgrind.sh tests/valgrind.supp

# libFuzzer targets, built with clang straight from the sources by
# tests/fuzz/run.sh (not by automake: they need -fsanitize=fuzzer).
# `make fuzz FUZZ_SECONDS=60` runs each target for that long.
FUZZ_SECONDS = 10
EXTRA_DIST += tests/fuzz
fuzz:
	FUZZ_BUILD='$(abs_top_builddir)/tests/fuzz-build' \
	  $(SHELL) $(top_srcdir)/tests/fuzz/run.sh $(FUZZ_SECONDS)
.PHONY: fuzz
