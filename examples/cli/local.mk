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
man_MANS = examples/cli/cboto-s3.1
EXTRA_DIST += examples/cli/cboto-s3.1
