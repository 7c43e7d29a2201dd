# SPDX-License-Identifier: MIT
# services/sqs: builders, the answer parser, integrity checks, accessors,
# and their tests and the worker example.
libcboto_core_la_SOURCES += services/sqs/build_common.c \
	services/sqs/build_queue.c services/sqs/build_message.c \
	services/sqs/parse.c services/sqs/md5.c services/sqs/results.c \
	services/sqs/pager.c
noinst_HEADERS += services/sqs/sqs_internal.h services/sqs/sqs_build.h

# Unit tests and their fixtures (*_moto.xml: real moto_server 5.2.1
# answers captured with curl --aws-sigv4; receive_tampered_* etc. are
# edited copies).
check_PROGRAMS += tests/unit/test_sqs_build tests/unit/test_sqs_parse
UNIT_TESTS += tests/unit/test_sqs_build tests/unit/test_sqs_parse
tests_unit_test_sqs_build_SOURCES = tests/unit/test_sqs_build.c
tests_unit_test_sqs_build_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_sqs_build_LDADD = $(UNITLIBS)
tests_unit_test_sqs_parse_SOURCES = tests/unit/test_sqs_parse.c \
	tests/unit/run_parser.c
tests_unit_test_sqs_parse_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_sqs_parse_LDADD = $(UNITLIBS)
EXTRA_DIST += \
	tests/data/sqs/change_visibility_batch_moto.xml \
	tests/data/sqs/create_queue_moto.xml \
	tests/data/sqs/delete_batch_partial_moto.xml \
	tests/data/sqs/delete_queue_moto.xml \
	tests/data/sqs/error_moto.xml \
	tests/data/sqs/get_queue_url_moto.xml \
	tests/data/sqs/list_dlq_moto.xml \
	tests/data/sqs/list_queues_moto.xml \
	tests/data/sqs/list_tags_moto.xml \
	tests/data/sqs/purge_moto.xml \
	tests/data/sqs/receive_bad_base64.xml \
	tests/data/sqs/receive_empty_moto.xml \
	tests/data/sqs/receive_moto.xml \
	tests/data/sqs/receive_no_md5.xml \
	tests/data/sqs/receive_tampered_attr.xml \
	tests/data/sqs/receive_tampered_body.xml \
	tests/data/sqs/receive_truncated.xml \
	tests/data/sqs/send_batch_moto.xml \
	tests/data/sqs/send_moto.xml

# Integration: every action against moto (signature checking on), through
# the blocking executor and (the _event twin) the libevent executor.
check_PROGRAMS += tests/integration/test_sqs tests/integration/test_sqs_event
INTEGRATION_TESTS += tests/integration/test_sqs \
	tests/integration/test_sqs_event
tests_integration_test_sqs_SOURCES = tests/integration/test_sqs.c \
	tests/integration/perform.h
tests_integration_test_sqs_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_sqs_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_sqs_event_SOURCES = tests/integration/test_sqs.c \
	tests/integration/perform.h
tests_integration_test_sqs_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_sqs_event_LDADD = $(EVENTTESTLIBS)

# The SQS worker example (libevent), run against moto by its shell test.
noinst_PROGRAMS += examples/sqs_worker
examples_sqs_worker_SOURCES = examples/sqs_worker.c
examples_sqs_worker_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
examples_sqs_worker_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS)
INTEGRATION_TESTS += tests/integration/test_sqs_worker.sh
EXTRA_DIST += tests/integration/test_sqs_worker.sh tests/integration/sqs_boto3.py
