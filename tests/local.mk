# SPDX-License-Identifier: MIT
# Integration tests: C programs run by tests/run.sh through
# tests/integration/with-moto.sh, which starts and stops moto_server.
check_PROGRAMS += tests/integration/test_s3_moto
INTEGRATION_TESTS += tests/integration/test_s3_moto
tests_integration_test_s3_moto_SOURCES = tests/integration/test_s3_moto.c
tests_integration_test_s3_moto_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_s3_moto_LDADD = $(UNITLIBS) $(CURL_LIBS)
EXTRA_DIST += tests/integration/with-moto.sh
INTEGRATION_TESTS += tests/integration/test_example_s3.sh
EXTRA_DIST += tests/integration/test_example_s3.sh
INTEGRATION_TESTS += tests/integration/test_install.sh
EXTRA_DIST += tests/integration/test_install.sh
check_PROGRAMS += tests/integration/test_faults
INTEGRATION_TESTS += tests/integration/test_faults
tests_integration_test_faults_SOURCES = tests/integration/test_faults.c
tests_integration_test_faults_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_faults_LDADD = $(UNITLIBS) $(CURL_LIBS) $(CRYPTO_LIBS)
EXTRA_DIST += tests/integration/with-faults.sh tests/servers/fault_server.py
UNIT_TESTS += tests/check_source.sh
EXTRA_DIST += tests/check_source.sh
