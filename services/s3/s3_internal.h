/* SPDX-License-Identifier: MIT */
/* S3 internals shared between the builders and the parsers. */
#ifndef CBOTO_S3_INTERNAL_H
#define CBOTO_S3_INTERNAL_H

#include <cboto/s3.h>

#include "../../aws/parser.h"

/* Result kinds beyond the four aws/parser.h names; S3 owns 1..99. */
#define CBOTO__RESULT_S3_DELETE   10 /* struct cboto_s3_delete_result */
#define CBOTO__RESULT_S3_COPY     11 /* struct cboto_s3_copy_result */
#define CBOTO__RESULT_S3_MPU      12 /* struct cboto_s3_multipart_upload */
#define CBOTO__RESULT_S3_COMPLETE 13 /* struct cboto_s3_complete_result */
#define CBOTO__RESULT_S3_PARTS    14 /* struct cboto_s3_parts_result */
#define CBOTO__RESULT_S3_UPLOADS  15 /* struct cboto_s3_uploads_result */
#define CBOTO__RESULT_S3_LOCATION 16 /* struct cboto_s3_location_result */

/* ListObjectsV2 and ListObjects (v1): both fill cboto_s3_list_result. */
extern const struct cboto__parser cboto__s3_list_parser;
/* ListBuckets: cboto_s3_bucket_list. */
extern const struct cboto__parser cboto__s3_buckets_parser;
/* HeadObject / GetObject: cboto_s3_object_info from the headers. */
extern const struct cboto__parser cboto__s3_object_info_parser;
/* PutObject and UploadPart: cboto_s3_put_result from the headers. */
extern const struct cboto__parser cboto__s3_put_parser;
/* The small XML answers (parse_records.c). */
extern const struct cboto__parser cboto__s3_delete_parser;
extern const struct cboto__parser cboto__s3_copy_parser;
extern const struct cboto__parser cboto__s3_mpu_parser;
extern const struct cboto__parser cboto__s3_complete_parser;
extern const struct cboto__parser cboto__s3_parts_parser;
extern const struct cboto__parser cboto__s3_uploads_parser;
extern const struct cboto__parser cboto__s3_location_parser;

/* CRC32C (signing/crc32c.c): the table code, the SSE4.2 code (only call
 * it when cboto__crc32c_hw_available()), and cboto__crc32c picking one. */
uint32_t cboto__crc32c_sw(uint32_t crc, const void *p, size_t n);
uint32_t cboto__crc32c_hw(uint32_t crc, const void *p, size_t n);
int cboto__crc32c_hw_available(void);
/* CRC-32 (IEEE 802.3, zlib's), services/s3/checksum.c. */
uint32_t cboto__crc32(uint32_t crc, const void *p, size_t n);

/* Streaming checksums (checksum.c), for bodies read in pieces. */
struct cboto__s3_cksum {
    enum cboto_s3_checksum algo;
    uint32_t crc;
    struct cboto__hash *h; /* SHA-256 / MD5 */
};
int cboto__s3_cksum_init(struct cboto__s3_cksum *c,
                         enum cboto_s3_checksum algo);
int cboto__s3_cksum_update(struct cboto__s3_cksum *c, const void *p, size_t n);
/* Writes the base64 text (at least 45 bytes) and ends c. */
int cboto__s3_cksum_final(struct cboto__s3_cksum *c, char *out, size_t size);
void cboto__s3_cksum_cleanup(struct cboto__s3_cksum *c);
/* The header that carries algo's value ("x-amz-checksum-crc32c", ...). */
const char *cboto__s3_cksum_header(enum cboto_s3_checksum algo);

#endif /* CBOTO_S3_INTERNAL_H */
