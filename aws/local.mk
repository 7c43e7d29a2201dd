# SPDX-License-Identifier: MIT
# aws/: core objects, the transfer shared by the executors, blocking executor.
libcboto_core_la_SOURCES += aws/alloc.c aws/arena.c aws/buf.c aws/kv.c aws/encode.c \
	aws/timeutil.c aws/http_msg.c aws/error.c aws/global.c \
	aws/client.c aws/request.c aws/response.c aws/retry.c \
	aws/transfer.c aws/body_io.c aws/body_chunked.c aws/debug.c aws/exec_blocking.c aws/exec_async.c \
	aws/pager.c aws/spare.c
noinst_HEADERS += aws/internal.h aws/parser.h aws/xml.h aws/config.h \
	aws/core.h aws/pager.h
cbotoinclude_HEADERS += include/cboto/cboto.h include/cboto/common.h \
	include/cboto/client.h include/cboto/request.h \
	include/cboto/response.h include/cboto/exec.h include/cboto/s3.h \
	include/cboto/async.h include/cboto/event.h include/cboto/sdb.h \
	include/cboto/sqs.h include/cboto/pager.h
EXTRA_DIST += include/cboto/version.h.in cboto.pc.in cboto-event.pc.in
