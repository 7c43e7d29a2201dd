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

check_PROGRAMS += tests/integration/test_s3_stream_moto \
	tests/integration/test_s3_stream_moto_event \
	tests/integration/test_stream_faults \
	tests/integration/test_stream_faults_event
INTEGRATION_TESTS += tests/integration/test_s3_stream_moto \
	tests/integration/test_s3_stream_moto_event \
	tests/integration/test_stream_faults \
	tests/integration/test_stream_faults_event
tests_integration_test_s3_stream_moto_SOURCES = \
	tests/integration/test_s3_stream_moto.c tests/integration/perform.h
tests_integration_test_s3_stream_moto_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_s3_stream_moto_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_s3_stream_moto_event_SOURCES = \
	tests/integration/test_s3_stream_moto.c tests/integration/perform.h
tests_integration_test_s3_stream_moto_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_s3_stream_moto_event_LDADD = $(EVENTTESTLIBS)
tests_integration_test_stream_faults_SOURCES = \
	tests/integration/test_stream_faults.c tests/integration/perform.h \
	tests/integration/faultctl.h
tests_integration_test_stream_faults_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_stream_faults_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_stream_faults_event_SOURCES = \
	tests/integration/test_stream_faults.c tests/integration/perform.h \
	tests/integration/faultctl.h
tests_integration_test_stream_faults_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_stream_faults_event_LDADD = $(EVENTTESTLIBS)
