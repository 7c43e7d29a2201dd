# SPDX-License-Identifier: MIT
# Integration tests: C programs run by tests/run.sh through
# tests/integration/with-moto.sh or with-faults.sh, which start and stop
# their servers.  Each is built twice: once sending through the blocking
# executor, once (the _event twin) through the libevent executor.
EVENTTESTLIBS = libcboto_event.la $(UNITLIBS) $(CURL_LIBS) $(LIBEVENT_LIBS)

check_PROGRAMS += tests/integration/test_s3_moto \
	tests/integration/test_s3_moto_event
INTEGRATION_TESTS += tests/integration/test_s3_moto \
	tests/integration/test_s3_moto_event
tests_integration_test_s3_moto_SOURCES = tests/integration/test_s3_moto.c \
	tests/integration/perform.h
tests_integration_test_s3_moto_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_s3_moto_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_s3_moto_event_SOURCES = \
	tests/integration/test_s3_moto.c tests/integration/perform.h
tests_integration_test_s3_moto_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_s3_moto_event_LDADD = $(EVENTTESTLIBS)

check_PROGRAMS += tests/integration/test_faults \
	tests/integration/test_faults_event
INTEGRATION_TESTS += tests/integration/test_faults \
	tests/integration/test_faults_event
tests_integration_test_faults_SOURCES = tests/integration/faultctl.h \
	tests/integration/test_faults.c \
	tests/integration/perform.h
tests_integration_test_faults_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_faults_LDADD = $(UNITLIBS) $(CURL_LIBS) $(CRYPTO_LIBS)
tests_integration_test_faults_event_SOURCES = \
	tests/integration/test_faults.c tests/integration/perform.h
tests_integration_test_faults_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_faults_event_LDADD = $(EVENTTESTLIBS) $(CRYPTO_LIBS)

INTEGRATION_TESTS += tests/integration/test_example_s3.sh \
	tests/integration/test_install.sh
UNIT_TESTS += tests/check_source.sh
EXTRA_DIST += tests/integration/with-moto.sh tests/integration/with-faults.sh \
	tests/servers/fault_server.py tests/integration/test_example_s3.sh \
	tests/integration/test_install.sh tests/check_source.sh

# The libevent executor's own contract, against an in-process evhttp server.
check_PROGRAMS += tests/integration/test_evexec
UNIT_TESTS += tests/integration/test_evexec
tests_integration_test_evexec_SOURCES = tests/integration/test_evexec.c
tests_integration_test_evexec_CPPFLAGS = $(UNITCPPFLAGS) $(LIBEVENT_CFLAGS)
tests_integration_test_evexec_LDADD = $(EVENTTESTLIBS)
INTEGRATION_TESTS += tests/integration/test_example_event.sh
EXTRA_DIST += tests/integration/test_example_event.sh
