# SPDX-License-Identifier: MIT
# services/s3: builders and accessors (the parsers are listed in aws/xml.mk).
libcboto_core_la_SOURCES += services/s3/address.c services/s3/build_bucket.c \
	services/s3/build_object.c services/s3/results.c \
	services/s3/build_attrs.c services/s3/build_delete.c \
	services/s3/build_copy.c services/s3/build_multipart.c \
	services/s3/presign.c services/s3/checksum.c services/s3/list_pager.c
# CRC32C with its SSE4.2 path (moved out of signing/chunked.c; the lead may
# move this line to signing/local.mk).
noinst_HEADERS += services/s3/s3_build.h

# Every S3 operation against moto, through both executors.
check_PROGRAMS += tests/integration/test_s3_ops_moto \
	tests/integration/test_s3_ops_moto_event
INTEGRATION_TESTS += tests/integration/test_s3_ops_moto \
	tests/integration/test_s3_ops_moto_event
tests_integration_test_s3_ops_moto_SOURCES = \
	tests/integration/test_s3_ops_moto.c tests/integration/perform.h
tests_integration_test_s3_ops_moto_CPPFLAGS = $(UNITCPPFLAGS)
tests_integration_test_s3_ops_moto_LDADD = $(UNITLIBS) $(CURL_LIBS)
tests_integration_test_s3_ops_moto_event_SOURCES = \
	tests/integration/test_s3_ops_moto.c tests/integration/perform.h
tests_integration_test_s3_ops_moto_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_s3_ops_moto_event_LDADD = libcboto_event.la \
	$(UNITLIBS) $(CURL_LIBS) $(LIBEVENT_LIBS)

# The transfer manager (runs on the asynchronous executor of libcboto).
libcboto_core_la_SOURCES += services/s3/transfer_mgr.c
cbotoinclude_HEADERS += include/cboto/s3_transfer.h

# The transfer manager runs on the asynchronous executor only: one build.
check_PROGRAMS += tests/integration/test_s3_transfer_moto
INTEGRATION_TESTS += tests/integration/test_s3_transfer_moto
tests_integration_test_s3_transfer_moto_SOURCES = \
	tests/integration/test_s3_transfer_moto.c tests/integration/perform.h
tests_integration_test_s3_transfer_moto_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_s3_transfer_moto_LDADD = libcboto_event.la \
	$(UNITLIBS) $(CURL_LIBS) $(LIBEVENT_LIBS)

check_PROGRAMS += tests/unit/test_s3_ops
UNIT_TESTS += tests/unit/test_s3_ops
tests_unit_test_s3_ops_SOURCES = tests/unit/test_s3_ops.c
tests_unit_test_s3_ops_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_s3_ops_LDADD = $(UNITLIBS)

# boto3 interoperability: a shell test driving s3_interop_tool and a
# Python script against one moto_server.
check_PROGRAMS += tests/integration/s3_interop_tool
tests_integration_s3_interop_tool_SOURCES = \
	tests/integration/s3_interop_tool.c
tests_integration_s3_interop_tool_LDADD = libcboto.la
INTEGRATION_TESTS += tests/integration/test_s3_interop_moto.sh
EXTRA_DIST += tests/integration/test_s3_interop_moto.sh \
	tests/integration/s3_interop.py

# GetObject checksum verification, against an in-process server, through
# both executors.
check_PROGRAMS += tests/integration/test_s3_checksum \
	tests/integration/test_s3_checksum_event
UNIT_TESTS += tests/integration/test_s3_checksum \
	tests/integration/test_s3_checksum_event
tests_integration_test_s3_checksum_SOURCES = \
	tests/integration/test_s3_checksum.c tests/integration/perform.h
tests_integration_test_s3_checksum_CPPFLAGS = $(UNITCPPFLAGS) \
	$(LIBEVENT_CFLAGS)
tests_integration_test_s3_checksum_LDADD = $(EVENTTESTLIBS) -lpthread
tests_integration_test_s3_checksum_event_SOURCES = \
	tests/integration/test_s3_checksum.c tests/integration/perform.h
tests_integration_test_s3_checksum_event_CPPFLAGS = $(UNITCPPFLAGS) \
	-DCBOTO_TEST_EVENT $(LIBEVENT_CFLAGS)
tests_integration_test_s3_checksum_event_LDADD = $(EVENTTESTLIBS) -lpthread
