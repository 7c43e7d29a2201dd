/* SPDX-License-Identifier: MIT */
/* Shared by the S3 builders. */
#ifndef CBOTO_S3_BUILD_H
#define CBOTO_S3_BUILD_H

#include "s3_internal.h"

/* A request addressed to bucket (NULL: the service) and key (NULL: the
 * bucket itself), validated first: CBOTO_EINVAL before any allocation. */
int cboto__s3_request(struct cboto_client *cl, const char *operation,
                      const char *method, const char *bucket, const char *key,
                      struct cboto_request **out);
int cboto__s3_validate_key(const char *key);

#endif /* CBOTO_S3_BUILD_H */
