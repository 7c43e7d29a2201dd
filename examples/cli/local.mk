# SPDX-License-Identifier: MIT
# The command-line tools: installed programs built on the public API.
bin_PROGRAMS += examples/cboto-s3
examples_cboto_s3_SOURCES = examples/cli/cboto_s3.c examples/cli/cli.c \
	examples/cli/cli.h
examples_cboto_s3_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(JANSSON_CFLAGS)
examples_cboto_s3_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS) \
	$(JANSSON_LIBS)
INTEGRATION_TESTS += tests/integration/test_cli_s3_moto.sh
EXTRA_DIST += tests/integration/test_cli_s3_moto.sh
# The one assignment of man_MANS (Makefile.am does not set it): all three
# pages, installed by make install.
man_MANS = examples/cli/cboto-s3.1 examples/cli/cboto-sdb.1 \
	examples/cli/cboto-sqs.1
EXTRA_DIST += examples/cli/cboto-s3.1

# cboto-sdb and cboto-sqs: SimpleDB and SQS at the shell.
bin_PROGRAMS += examples/cboto-sdb examples/cboto-sqs
examples_cboto_sdb_SOURCES = examples/cli/cboto_sdb.c examples/cli/cli.c \
	examples/cli/cli.h
examples_cboto_sdb_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(JANSSON_CFLAGS)
examples_cboto_sdb_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS) \
	$(JANSSON_LIBS)
examples_cboto_sqs_SOURCES = examples/cli/cboto_sqs.c examples/cli/cli.c \
	examples/cli/cli.h
examples_cboto_sqs_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(JANSSON_CFLAGS)
examples_cboto_sqs_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS) \
	$(JANSSON_LIBS)
INTEGRATION_TESTS += tests/integration/test_cli_sdb.sh \
	tests/integration/test_cli_sqs_moto.sh
EXTRA_DIST += examples/cli/cboto-sdb.1 examples/cli/cboto-sqs.1 \
	tests/integration/test_cli_sdb.sh tests/integration/test_cli_sqs_moto.sh
INTEGRATION_TESTS += tests/integration/test_demo.sh
EXTRA_DIST += tests/integration/test_demo.sh
