# SPDX-License-Identifier: MIT
# aws/: core objects, blocking executor.
libcboto_core_la_SOURCES += aws/alloc.c aws/buf.c aws/kv.c aws/encode.c \
	aws/timeutil.c aws/http_msg.c aws/error.c aws/global.c
noinst_HEADERS += aws/internal.h aws/parser.h aws/xml.h aws/config.h
cbotoinclude_HEADERS += include/cboto/common.h include/cboto/s3.h
EXTRA_DIST += include/cboto/version.h.in cboto.pc.in
