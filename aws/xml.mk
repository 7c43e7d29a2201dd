# SPDX-License-Identifier: MIT
# The XML stage, the AWS error-document parser and the S3 response parsers.
libcboto_core_la_SOURCES += aws/xml.c aws/error_parse.c \
	services/s3/parse_list.c services/s3/parse_buckets.c \
	services/s3/parse_headers.c services/s3/parse_records.c
noinst_HEADERS += services/s3/s3_internal.h services/s3/s3_parse_util.h

check_PROGRAMS += tests/unit/test_xml tests/unit/test_error_parse \
	tests/unit/test_s3_parse
UNIT_TESTS += tests/unit/test_xml tests/unit/test_error_parse \
	tests/unit/test_s3_parse

tests_unit_test_xml_SOURCES = tests/unit/test_xml.c
tests_unit_test_xml_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_xml_LDADD = $(UNITLIBS)

tests_unit_test_error_parse_SOURCES = tests/unit/test_error_parse.c
tests_unit_test_error_parse_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_error_parse_LDADD = $(UNITLIBS)

# Every parser test drives its parser through tests/unit/run_parser.c.
noinst_HEADERS += tests/unit/run_parser.h
tests_unit_test_s3_parse_SOURCES = tests/unit/test_s3_parse.c \
	tests/unit/run_parser.c
tests_unit_test_s3_parse_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_s3_parse_LDADD = $(UNITLIBS)

# Fixtures, listed one by one so that `make distcheck` carries them.
# *_moto.xml are real moto_server 5.2.1 answers captured through boto3.
EXTRA_DIST += \
	tests/data/s3/bad_bool.xml \
	tests/data/s3/bad_escape.xml \
	tests/data/s3/bad_escape_nul.xml \
	tests/data/s3/bad_keycount.xml \
	tests/data/s3/bad_no_key.xml \
	tests/data/s3/bad_root.xml \
	tests/data/s3/bad_size.xml \
	tests/data/s3/bad_size_empty.xml \
	tests/data/s3/bad_size_negative.xml \
	tests/data/s3/bad_size_overflow.xml \
	tests/data/s3/buckets.xml \
	tests/data/s3/buckets_empty.xml \
	tests/data/s3/buckets_moto.xml \
	tests/data/s3/list_v1_marker.xml \
	tests/data/s3/list_v1_moto.xml \
	tests/data/s3/list_v2.xml \
	tests/data/s3/list_v2_empty.xml \
	tests/data/s3/list_v2_owner.xml \
	tests/data/s3/list_v2_prefixes.xml \
	tests/data/s3/list_v2_trunc_moto.xml \
	tests/data/s3/list_v2_truncated.xml \
	tests/data/s3/list_v2_url.xml \
	tests/data/s3/list_v2_url_moto.xml \
	tests/data/s3/trailing_garbage.xml \
	tests/data/s3/truncated_buckets.xml \
	tests/data/s3/truncated_list.xml \
	tests/data/xml/billion_laughs.xml \
	tests/data/xml/entities.xml \
	tests/data/xml/error_html.xml \
	tests/data/xml/error_no_code.xml \
	tests/data/xml/error_not_error.xml \
	tests/data/xml/error_s3_moto.xml \
	tests/data/xml/error_s3_redirect.xml \
	tests/data/xml/error_s3_skewed.xml \
	tests/data/xml/error_sdb.xml \
	tests/data/xml/error_sdb_moto.xml \
	tests/data/xml/error_sqs.xml \
	tests/data/xml/error_sqs_errors.xml \
	tests/data/xml/error_sqs_moto.xml \
	tests/data/xml/error_truncated.xml \
	tests/data/xml/xxe.xml \
	tests/data/xml/xxe_external_dtd.xml
