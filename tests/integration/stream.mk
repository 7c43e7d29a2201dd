# SPDX-License-Identifier: MIT
# aws-chunked (streaming SigV4) uploads: the framing as curl's read
# callback produces it (no network), round trips through moto with its
# signature checking on, and retries against the fault server, which checks
# every chunk signature.  Both executors for the integration tests.

check_PROGRAMS += tests/unit/test_chunked_body
UNIT_TESTS += tests/unit/test_chunked_body
tests_unit_test_chunked_body_SOURCES = tests/unit/test_chunked_body.c
tests_unit_test_chunked_body_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_chunked_body_LDADD = $(UNITLIBS) $(CURL_LIBS)
