# SPDX-License-Identifier: MIT
# services/s3: builders and accessors (the parsers are listed in aws/xml.mk).
libcboto_core_la_SOURCES += services/s3/address.c services/s3/build_bucket.c \
	services/s3/build_object.c services/s3/results.c
noinst_HEADERS += services/s3/s3_build.h
