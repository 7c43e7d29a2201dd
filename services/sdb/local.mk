# SPDX-License-Identifier: MIT
# services/sdb: Amazon SimpleDB builders, parser, accessors, pagers; their
# tests, the SimpleDB test server and the libevent daemon example.
libcboto_core_la_SOURCES += services/sdb/build.c services/sdb/parse.c \
	services/sdb/results.c
noinst_HEADERS += services/sdb/sdb_internal.h

# Unit tests: builders, limits, quoting, parser on fixtures (no network).
check_PROGRAMS += tests/unit/test_sdb_unit
UNIT_TESTS += tests/unit/test_sdb_unit
tests_unit_test_sdb_unit_SOURCES = tests/unit/test_sdb_unit.c \
	tests/unit/run_parser.c
tests_unit_test_sdb_unit_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_sdb_unit_LDADD = $(UNITLIBS)
EXTRA_DIST += tests/data/sdb/bad_attr_no_value.xml \
	tests/data/sdb/bad_box_usage.xml tests/data/sdb/bad_metadata.xml \
	tests/data/sdb/get.xml tests/data/sdb/list_domains.xml \
	tests/data/sdb/metadata.xml tests/data/sdb/put.xml \
	tests/data/sdb/select.xml tests/data/sdb/select_empty.xml \
	tests/data/sdb/truncated_select.xml

# Integration: every action through both executors against the test server
# (tests/run.sh wraps programs named *sdb* in with-sdb.sh).
check_PROGRAMS += tests/integration/test_sdb tests/integration/test_sdb_event
INTEGRATION_TESTS += tests/integration/test_sdb \
	tests/integration/test_sdb_event
tests_integration_test_sdb_SOURCES = tests/integration/test_sdb.c \
	tests/integration/perform.h
tests_integration_test_sdb_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_sdb_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_sdb_event_SOURCES = tests/integration/test_sdb.c \
	tests/integration/perform.h
tests_integration_test_sdb_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_sdb_event_LDADD = $(EVENTTESTLIBS)
EXTRA_DIST += tests/servers/sdb_server.py tests/integration/with-sdb.sh

# boto3 cross-check: a small cboto program driven by a boto3 script.
check_PROGRAMS += tests/integration/sdb_xcheck
tests_integration_sdb_xcheck_SOURCES = tests/integration/sdb_xcheck.c
tests_integration_sdb_xcheck_LDADD = libcboto.la
INTEGRATION_TESTS += tests/integration/test_sdb_boto3.sh
EXTRA_DIST += tests/integration/test_sdb_boto3.sh \
	tests/integration/sdb_boto3.py

# The libevent SimpleDB lookup daemon, and its test under make check.
noinst_PROGRAMS += examples/sdb_daemon
examples_sdb_daemon_SOURCES = examples/sdb_daemon.c
examples_sdb_daemon_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
examples_sdb_daemon_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS)
INTEGRATION_TESTS += tests/integration/test_sdb_daemon.sh
EXTRA_DIST += tests/integration/test_sdb_daemon.sh
