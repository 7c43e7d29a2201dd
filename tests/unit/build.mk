# SPDX-License-Identifier: MIT
# Unit tests of the S3 request builders and of the client (no network).
check_PROGRAMS += tests/unit/test_s3_build
tests_unit_test_s3_build_SOURCES = tests/unit/test_s3_build.c
tests_unit_test_s3_build_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_s3_build_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_s3_build

check_PROGRAMS += tests/unit/test_client
tests_unit_test_client_SOURCES = tests/unit/test_client.c
tests_unit_test_client_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_client_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_client
