# SPDX-License-Identifier: MIT
# Reliability and security tests (issue 9): the SimpleDB/SQS fault matrix
# (both executors), TLS peer verification against a loopback nginx, secrets
# in tool output, and the bad-input table over every public builder.

check_PROGRAMS += tests/integration/test_faults_services \
	tests/integration/test_faults_services_event
INTEGRATION_TESTS += tests/integration/test_faults_services \
	tests/integration/test_faults_services_event
tests_integration_test_faults_services_SOURCES = \
	tests/integration/test_faults_services.c tests/integration/perform.h \
	tests/integration/faultctl.h
tests_integration_test_faults_services_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_faults_services_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_faults_services_event_SOURCES = \
	tests/integration/test_faults_services.c tests/integration/perform.h \
	tests/integration/faultctl.h
tests_integration_test_faults_services_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_faults_services_event_LDADD = $(EVENTTESTLIBS)

# Bad input from users: every public builder, table-driven (no network).
check_PROGRAMS += tests/unit/test_bad_input
UNIT_TESTS += tests/unit/test_bad_input
tests_unit_test_bad_input_SOURCES = tests/unit/test_bad_input.c
tests_unit_test_bad_input_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_bad_input_LDADD = $(UNITLIBS)

# TLS peer verification against a loopback nginx (needs nginx-light).
check_PROGRAMS += tests/integration/tls_probe
tests_integration_tls_probe_SOURCES = tests/integration/tls_probe.c
tests_integration_tls_probe_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_tls_probe_LDADD = $(UNITLIBS) $(CURL_LIBS)
INTEGRATION_TESTS += tests/integration/test_tls.sh
EXTRA_DIST += tests/integration/test_tls.sh

# Secrets in everything the tools print, and malformed credentials files
# (moto, then the fault server for a session token).
INTEGRATION_TESTS += tests/integration/test_secrets_moto.sh
EXTRA_DIST += tests/integration/test_secrets_moto.sh
