# SPDX-License-Identifier: MIT
# The remaining integration tests of issues 5 (SimpleDB) and 6 (SQS).

# SQS MD5 checks over the wire against a tampering fake
# (tests/servers/sqs_tamper.py).  The two programs are run by
# test_sqs_tamper.sh, which starts and stops the fake; they are not listed
# in INTEGRATION_TESTS (run.sh would wrap an "*sqs*" program in moto).
check_PROGRAMS += tests/integration/test_sqs_tamper \
	tests/integration/test_sqs_tamper_event
tests_integration_test_sqs_tamper_SOURCES = \
	tests/integration/test_sqs_tamper.c tests/integration/perform.h
tests_integration_test_sqs_tamper_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_sqs_tamper_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_sqs_tamper_event_SOURCES = \
	tests/integration/test_sqs_tamper.c tests/integration/perform.h
tests_integration_test_sqs_tamper_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_sqs_tamper_event_LDADD = $(EVENTTESTLIBS)
INTEGRATION_TESTS += tests/integration/test_sqs_tamper.sh
EXTRA_DIST += tests/integration/test_sqs_tamper.sh \
	tests/servers/sqs_tamper.py

# SQS interop with boto3 against moto: the cboto side is sqs_interop_tool.
check_PROGRAMS += tests/integration/sqs_interop_tool
tests_integration_sqs_interop_tool_SOURCES = \
	tests/integration/sqs_interop_tool.c
tests_integration_sqs_interop_tool_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_sqs_interop_tool_LDADD = $(UNITLIBS) $(CURL_LIBS)
INTEGRATION_TESTS += tests/integration/test_sqs_interop_moto.sh
EXTRA_DIST += tests/integration/test_sqs_interop_moto.sh

# SimpleDB's five moto-implemented actions cross-checked against moto
# (run.sh wraps it in with-moto.sh by its name).
check_PROGRAMS += tests/integration/test_simpledb_moto \
	tests/integration/test_simpledb_moto_event
INTEGRATION_TESTS += tests/integration/test_simpledb_moto \
	tests/integration/test_simpledb_moto_event
tests_integration_test_simpledb_moto_SOURCES = \
	tests/integration/test_simpledb_moto.c tests/integration/perform.h
tests_integration_test_simpledb_moto_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_simpledb_moto_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_simpledb_moto_event_SOURCES = \
	tests/integration/test_simpledb_moto.c tests/integration/perform.h
tests_integration_test_simpledb_moto_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_simpledb_moto_event_LDADD = $(EVENTTESTLIBS)
