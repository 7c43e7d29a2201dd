/* SPDX-License-Identifier: MIT */
/* Shared by the S3 builders. */
#ifndef CBOTO_S3_BUILD_H
#define CBOTO_S3_BUILD_H

#include "s3_internal.h"

struct cboto__buf;

/* A request addressed to bucket (NULL: the service) and key (NULL: the
 * bucket itself), validated first: CBOTO_EINVAL before any allocation. */
int cboto__s3_request(struct cboto_client *cl, const char *operation,
                      const char *method, const char *bucket, const char *key,
                      struct cboto_request **out);
int cboto__s3_validate_key(const char *key);

/* Object attributes (build_attrs.c).  check: no allocation, CBOTO_EINVAL
 * for a value S3 would refuse.  add: the headers; content == 0 leaves out
 * the content headers and metadata (CopyObject with COPY). */
int cboto__s3_check_attrs(const struct cboto_s3_object_attrs *at);
int cboto__s3_add_attrs(struct cboto_request *rq,
                        const struct cboto_s3_object_attrs *at, int content);

/* "/bucket/key?versionId=v" encoded for x-amz-copy-source (build_copy.c). */
int cboto__s3_copy_source(struct cboto__buf *out, const char *bucket,
                          const char *key, const char *version_id);

/* Release rq and return rc: the builders' error exit. */
int cboto__s3_fail(struct cboto_request *rq, int rc);

#endif /* CBOTO_S3_BUILD_H */
