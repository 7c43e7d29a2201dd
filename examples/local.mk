# SPDX-License-Identifier: MIT
# examples/: built by `make` (so they cannot rot) and run by `make check`.
noinst_PROGRAMS += examples/s3_blocking
examples_s3_blocking_SOURCES = examples/s3_blocking.c
examples_s3_blocking_LDADD = libcboto.la
EXTRA_DIST += examples/demo.sh
noinst_PROGRAMS += examples/s3_upload_event
examples_s3_upload_event_SOURCES = examples/s3_upload_event.c
examples_s3_upload_event_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
examples_s3_upload_event_LDADD = libcboto_event.la libcboto.la $(LIBEVENT_LIBS)
