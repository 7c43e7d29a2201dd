/* SPDX-License-Identifier: MIT */
/* S3 internals shared between the builders and the parsers. */
#ifndef CBOTO_S3_INTERNAL_H
#define CBOTO_S3_INTERNAL_H

#include <cboto/s3.h>

#include "../../aws/parser.h"

/* ListObjectsV2 and ListObjects (v1): both fill cboto_s3_list_result. */
extern const struct cboto__parser cboto__s3_list_parser;
/* ListBuckets: cboto_s3_bucket_list. */
extern const struct cboto__parser cboto__s3_buckets_parser;
/* HeadObject / GetObject: cboto_s3_object_info from the headers. */
extern const struct cboto__parser cboto__s3_object_info_parser;
/* PutObject: cboto_s3_put_result from the headers. */
extern const struct cboto__parser cboto__s3_put_parser;

#endif /* CBOTO_S3_INTERNAL_H */
