/* SPDX-License-Identifier: MIT */
/*
 * The S3 operations of issue 4 without the network: what the new builders
 * put in a request, the small XML answers parsed (moto's shapes and AWS's),
 * the checksums against known vectors (CRC32C through both the table and
 * the SSE4.2 path), presigning at a fixed time, and allocation failures in
 * every new builder and parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/s3/s3_internal.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(crc32c_vectors_sw_and_hw)                                               \
    X(crc32_and_digests)                                                      \
    X(request_add_checksum)                                                   \
    X(put_attrs_headers)                                                      \
    X(put_attrs_refused)                                                      \
    X(delete_objects_body_and_md5)                                            \
    X(delete_objects_limits)                                                  \
    X(copy_source_encoding)                                                   \
    X(multipart_builders)                                                     \
    X(bucket_builders)                                                        \
    X(presign_fixed_time)                                                     \
    X(parse_delete_result)                                                    \
    X(parse_copy_and_multipart)                                               \
    X(parse_parts_and_uploads)                                                \
    X(parse_location)                                                         \
    X(parse_malformed)                                                        \
    X(alloc_failure_parsers)                                                  \
    X(alloc_failure_builders)
#include "harness.h"

static int make_client(struct cboto_allocator *a, struct cboto_client **out)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.region = "us-east-1";
    o.endpoint_url = "http://127.0.0.1:5000";
    o.allocator = a;
    return cboto_client_new(&o, out);
}

static const char *hdr(const struct cboto_request *rq, const char *name)
{
    return cboto__kvlist_get(&rq->headers, name);
}

static const char *qry(const struct cboto_request *rq, const char *name)
{
    return cboto__kvlist_get(&rq->query, name);
}

/* ---- checksums ---------------------------------------------------------- */

static int test_crc32c_vectors_sw_and_hw(struct cboto_allocator *a)
{
    static uint8_t buf[4096 + 16];
    uint8_t zeros[32], ones[32], inc[32];
    size_t i, off, len;
    int hw = cboto__crc32c_hw_available();

    (void)a;
    memset(zeros, 0, sizeof zeros);
    memset(ones, 0xff, sizeof ones);
    for (i = 0; i < 32; i++)
        inc[i] = (uint8_t)i;
    /* RFC 3720 (iSCSI) B.4 vectors, and the classic check value. */
    ASSERT_EQ(0xE3069283u, cboto__crc32c_sw(0, "123456789", 9));
    ASSERT_EQ(0x8A9136AAu, cboto__crc32c_sw(0, zeros, 32));
    ASSERT_EQ(0x62A8AB43u, cboto__crc32c_sw(0, ones, 32));
    ASSERT_EQ(0x46DD794Eu, cboto__crc32c_sw(0, inc, 32));
    ASSERT_EQ(0xE3069283u, cboto__crc32c(0, "123456789", 9));
    if (hw) {
        ASSERT_EQ(0xE3069283u, cboto__crc32c_hw(0, "123456789", 9));
        ASSERT_EQ(0x8A9136AAu, cboto__crc32c_hw(0, zeros, 32));
        ASSERT_EQ(0x62A8AB43u, cboto__crc32c_hw(0, ones, 32));
        ASSERT_EQ(0x46DD794Eu, cboto__crc32c_hw(0, inc, 32));
    }
    for (i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 131 + (i >> 7));
    /* Every alignment and tail length, and in pieces: the same answer. */
    for (off = 0; off < 16; off++) {
        for (len = 0; len < 64; len++) {
            uint32_t sw = cboto__crc32c_sw(0, buf + off, len);

            ASSERT_EQ(sw, cboto__crc32c(0, buf + off, len));
            if (hw)
                ASSERT_EQ(sw, cboto__crc32c_hw(0, buf + off, len));
        }
    }
    ASSERT_EQ(cboto__crc32c_sw(0, buf, 4096),
              cboto__crc32c(cboto__crc32c(0, buf, 1000), buf + 1000, 3096));
    if (!hw)
        printf("# no SSE4.2: the table path only\n");
    return 0;
}

static int test_crc32_and_digests(struct cboto_allocator *a)
{
    const char fox[] = "The quick brown fox jumps over the lazy dog";
    char out[64];

    (void)a;
    ASSERT_EQ(0xCBF43926u, cboto__crc32(0, "123456789", 9));
    ASSERT_EQ(0x414FA339u, cboto__crc32(0, fox, sizeof fox - 1));
    ASSERT_OK(cboto_s3_checksum(CBOTO_S3_CHECKSUM_CRC32, fox, sizeof fox - 1,
                                out, sizeof out));
    ASSERT_STREQ("QU+jOQ==", out);
    ASSERT_OK(cboto_s3_checksum(CBOTO_S3_CHECKSUM_CRC32C, fox, sizeof fox - 1,
                                out, sizeof out));
    ASSERT_STREQ("ImIEBA==", out);
    ASSERT_OK(
        cboto_s3_checksum(CBOTO_S3_CHECKSUM_SHA256, "", 0, out, sizeof out));
    ASSERT_STREQ("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", out);
    ASSERT_OK(
        cboto_s3_checksum(CBOTO_S3_CHECKSUM_MD5, "", 0, out, sizeof out));
    ASSERT_STREQ("1B2M2Y8AsgTpgAmY7PhCfg==", out);
    ASSERT_OK(
        cboto_s3_checksum(CBOTO_S3_CHECKSUM_CRC32C, "", 0, out, sizeof out));
    ASSERT_STREQ("AAAAAA==", out);
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_checksum(CBOTO_S3_CHECKSUM_NONE, "", 0,
                                              out, sizeof out));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_checksum(CBOTO_S3_CHECKSUM_CRC32, "", 0, out, 10));
    return 0;
}

static int test_request_add_checksum(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    char path[] = "/tmp/cboto-ck-XXXXXX";
    int fd;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_put_object(
        cl, &(struct cboto_s3_put_params){.bucket = "bkt", .key = "k"}, &rq));
    ASSERT_OK(cboto_request_set_body(
        rq, (struct cboto_cursor){(const uint8_t *)"123456789", 9},
        CBOTO_BODY_BORROW));
    ASSERT_OK(cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_CRC32C));
    ASSERT_STREQ("4waSgw==", hdr(rq, "x-amz-checksum-crc32c"));
    ASSERT_STREQ("CRC32C", hdr(rq, "x-amz-sdk-checksum-algorithm"));
    ASSERT_OK(cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_MD5));
    ASSERT_STREQ("JfnnlDI7RTiF9RgfG2JNCw==", hdr(rq, "Content-MD5"));

    /* A descriptor body is read from its offset; a short file is EIO. */
    fd = mkstemp(path);
    ASSERT_TRUE(fd >= 0);
    unlink(path);
    ASSERT_EQ(12, write(fd, "xxx123456789", 12));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 3, 9));
    ASSERT_OK(cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_CRC32));
    ASSERT_STREQ("y/Q5Jg==", hdr(rq, "x-amz-checksum-crc32"));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 3, 100));
    ASSERT_EQ(CBOTO_EIO,
              cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_SHA256));
    close(fd);
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_NONE));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- builders ----------------------------------------------------------- */

static int test_put_attrs_headers(struct cboto_allocator *a)
{
    static const struct cboto_s3_pair meta[] = {{"Color", "blue"}};
    static const struct cboto_s3_pair tags[] = {{"a b", "c/d"}, {"e", "f=g"}};
    struct cboto_s3_object_attrs at;
    struct cboto_client *cl;
    struct cboto_request *rq;

    memset(&at, 0, sizeof at);
    at.content_type = "text/html";
    at.cache_control = "no-cache";
    at.content_disposition = "inline";
    at.content_encoding = "gzip";
    at.expires = 784111777;
    at.meta = meta;
    at.n_meta = 1;
    at.storage_class = "GLACIER";
    at.acl = "public-read";
    at.sse = "aws:kms";
    at.sse_kms_key_id = "key-1";
    at.tags = tags;
    at.n_tags = 2;
    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(
        cboto_s3_put_object(cl,
                            &(struct cboto_s3_put_params){
                                .bucket = "bkt", .key = "k", .attrs = &at},
                            &rq));
    ASSERT_STREQ("text/html", hdr(rq, "Content-Type"));
    ASSERT_STREQ("no-cache", hdr(rq, "Cache-Control"));
    ASSERT_STREQ("inline", hdr(rq, "Content-Disposition"));
    ASSERT_STREQ("gzip", hdr(rq, "Content-Encoding"));
    ASSERT_STREQ("Sun, 06 Nov 1994 08:49:37 GMT", hdr(rq, "Expires"));
    ASSERT_STREQ("blue", hdr(rq, "x-amz-meta-Color"));
    ASSERT_STREQ("GLACIER", hdr(rq, "x-amz-storage-class"));
    ASSERT_STREQ("public-read", hdr(rq, "x-amz-acl"));
    ASSERT_STREQ("aws:kms", hdr(rq, "x-amz-server-side-encryption"));
    ASSERT_STREQ("key-1",
                 hdr(rq, "x-amz-server-side-encryption-aws-kms-key-id"));
    ASSERT_STREQ("a%20b=c%2Fd&e=f%3Dg", hdr(rq, "x-amz-tagging"));
    ASSERT_EQ(11, rq->headers.n);
    cboto_request_release(rq);

    /* The put's own content_type wins over the attributes'. */
    ASSERT_OK(cboto_s3_put_object(
        cl,
        &(struct cboto_s3_put_params){.bucket = "bkt",
                                      .key = "k",
                                      .content_type = "image/png",
                                      .attrs = &at},
        &rq));
    ASSERT_STREQ("image/png", hdr(rq, "Content-Type"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_put_attrs_refused(struct cboto_allocator *a)
{
    static const struct cboto_s3_pair badname[] = {{"a b", "v"}};
    static const struct cboto_s3_pair crlf[] = {{"n", "v\r\nX: 1"}};
    struct cboto_s3_pair many[11], big[1];
    char longv[2100];
    struct cboto_s3_object_attrs at;
    struct cboto_client *cl;
    struct cboto_request *rq = NULL;
    struct cboto_s3_put_params p = {.bucket = "bkt", .key = "k"};
    size_t i;

    ASSERT_OK(make_client(a, &cl));
    p.attrs = &at;
#define REFUSED()                                                             \
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_put_object(cl, &p, &rq));                \
    ASSERT_NULL(rq);                                                          \
    ASSERT_EQ(0, cl->live)
    memset(&at, 0, sizeof at);
    at.acl = "public";
    REFUSED();
    memset(&at, 0, sizeof at);
    at.sse = "DES";
    REFUSED();
    memset(&at, 0, sizeof at);
    at.sse = "AES256";
    at.sse_kms_key_id = "k"; /* a key id needs aws:kms */
    REFUSED();
    memset(&at, 0, sizeof at);
    at.meta = badname;
    at.n_meta = 1;
    REFUSED();
    at.meta = crlf;
    REFUSED();
    memset(longv, 'v', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    big[0].name = "n";
    big[0].value = longv;
    at.meta = big;
    REFUSED();
    memset(&at, 0, sizeof at);
    for (i = 0; i < 11; i++) {
        many[i].name = "t";
        many[i].value = "v";
    }
    at.tags = many;
    at.n_tags = 11;
    REFUSED();
    memset(&at, 0, sizeof at);
    at.cache_control = "a\nb";
    REFUSED();
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_delete_objects_body_and_md5(struct cboto_allocator *a)
{
    static const struct cboto_s3_object_id ids[] = {
        {"a&b<c>", NULL}, {"tab\there", "v1"}, {"q\"'", NULL}};
    struct cboto_client *cl;
    struct cboto_request *rq;
    const char *want =
        "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<Quiet>true</Quiet>"
        "<Object><Key>a&amp;b&lt;c&gt;</Key></Object>"
        "<Object><Key>tab&#9;here</Key><VersionId>v1</VersionId></Object>"
        "<Object><Key>q&quot;&apos;</Key></Object></Delete>";
    char md5[64];

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_delete_objects(
        cl,
        &(struct cboto_s3_delete_objects_params){
            .bucket = "bkt", .keys = ids, .n_keys = 3, .quiet = 1},
        &rq));
    ASSERT_STREQ("POST", rq->method);
    ASSERT_STREQ("/bkt", rq->path);
    ASSERT_STREQ("", qry(rq, "delete"));
    ASSERT_EQ(CBOTO__BODY_MEM, rq->body.kind);
    ASSERT_MEMEQ(want, strlen(want), rq->body.ptr, rq->body.len);
    ASSERT_OK(cboto_s3_checksum(CBOTO_S3_CHECKSUM_MD5, want, strlen(want), md5,
                                sizeof md5));
    ASSERT_STREQ(md5, hdr(rq, "Content-MD5"));
    ASSERT_STREQ("application/xml", hdr(rq, "Content-Type"));
    ASSERT_TRUE(rq->parser == &cboto__s3_delete_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_delete_objects_limits(struct cboto_allocator *a)
{
    struct cboto_s3_object_id *ids = calloc(1001, sizeof *ids);
    struct cboto_client *cl;
    struct cboto_request *rq = NULL;
    size_t i;

    ASSERT_NOT_NULL(ids);
    for (i = 0; i < 1001; i++)
        ids[i].key = "k";
    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_delete_objects(
        cl,
        &(struct cboto_s3_delete_objects_params){
            .bucket = "bkt", .keys = ids, .n_keys = 1000},
        &rq));
    cboto_request_release(rq);
    rq = NULL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_delete_objects(
                  cl,
                  &(struct cboto_s3_delete_objects_params){
                      .bucket = "bkt", .keys = ids, .n_keys = 1001},
                  &rq));
    ids[3].key = "ctl\x01";
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_delete_objects(
                  cl,
                  &(struct cboto_s3_delete_objects_params){
                      .bucket = "bkt", .keys = ids, .n_keys = 10},
                  &rq));
    ids[3].key = NULL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_delete_objects(
                  cl,
                  &(struct cboto_s3_delete_objects_params){
                      .bucket = "bkt", .keys = ids, .n_keys = 10},
                  &rq));
    ASSERT_NULL(rq);
    free(ids);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_copy_source_encoding(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_copy_object(
        cl,
        &(struct cboto_s3_copy_params){.bucket = "dst",
                                       .key = "d",
                                       .src_bucket = "src",
                                       .src_key = "a b+c%d?e#f&g/caf\xc3\xa9~",
                                       .src_version_id = "v 1",
                                       .src_if_match = "\"e\""},
        &rq));
    ASSERT_STREQ("/src/a%20b%2Bc%25d%3Fe%23f%26g/caf%C3%A9~?versionId=v%201",
                 hdr(rq, "x-amz-copy-source"));
    ASSERT_STREQ("COPY", hdr(rq, "x-amz-metadata-directive"));
    ASSERT_STREQ("\"e\"", hdr(rq, "x-amz-copy-source-if-match"));
    ASSERT_NULL(hdr(rq, "Content-Type"));
    ASSERT_EQ(1, rq->error_in_200);
    ASSERT_TRUE(rq->parser == &cboto__s3_copy_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_s3_copy_object(
        cl,
        &(struct cboto_s3_copy_params){.bucket = "dst",
                                       .key = "d",
                                       .src_bucket = "src",
                                       .src_key = "s",
                                       .replace_metadata = 1},
        &rq));
    ASSERT_STREQ("REPLACE", hdr(rq, "x-amz-metadata-directive"));
    ASSERT_STREQ("application/octet-stream", hdr(rq, "Content-Type"));
    cboto_request_release(rq);
    rq = NULL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_copy_object(
                  cl,
                  &(struct cboto_s3_copy_params){.bucket = "dst",
                                                 .key = "d",
                                                 .src_bucket = "Bad_B",
                                                 .src_key = "s"},
                  &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_copy_object(
                  cl,
                  &(struct cboto_s3_copy_params){
                      .bucket = "dst", .key = "d", .src_bucket = "src"},
                  &rq));
    ASSERT_NULL(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_multipart_builders(struct cboto_allocator *a)
{
    struct cboto_s3_completed_part parts[2] = {{1, "\"e1\"", "AAAAAA=="},
                                               {3, "\"e3\"", "BBBBBB=="}};
    struct cboto_client *cl;
    struct cboto_request *rq = NULL;
    const char *want = "<CompleteMultipartUpload "
                       "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                       "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag>"
                       "<ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part>"
                       "<Part><PartNumber>3</PartNumber><ETag>\"e3\"</ETag>"
                       "<ChecksumCRC32C>BBBBBB==</ChecksumCRC32C></Part>"
                       "</CompleteMultipartUpload>";

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_create_multipart_upload(
        cl,
        &(struct cboto_s3_create_multipart_params){
            .bucket = "bkt", .key = "k", .checksum = CBOTO_S3_CHECKSUM_CRC32C},
        &rq));
    ASSERT_STREQ("POST", rq->method);
    ASSERT_STREQ("", qry(rq, "uploads"));
    ASSERT_STREQ("CRC32C", hdr(rq, "x-amz-checksum-algorithm"));
    ASSERT_EQ(1, rq->not_idempotent);
    cboto_request_release(rq);

    ASSERT_OK(cboto_s3_upload_part(
        cl,
        &(struct cboto_s3_upload_part_params){.bucket = "bkt",
                                              .key = "k",
                                              .upload_id = "U+1",
                                              .part_number = 10000},
        &rq));
    ASSERT_STREQ("10000", qry(rq, "partNumber"));
    ASSERT_STREQ("U+1", qry(rq, "uploadId"));
    ASSERT_TRUE(rq->parser == &cboto__s3_put_parser);
    cboto_request_release(rq);
    rq = NULL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_upload_part(
                  cl,
                  &(struct cboto_s3_upload_part_params){.bucket = "bkt",
                                                        .key = "k",
                                                        .upload_id = "U",
                                                        .part_number = 10001},
                  &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_upload_part(
                  cl,
                  &(struct cboto_s3_upload_part_params){
                      .bucket = "bkt", .key = "k", .part_number = 1},
                  &rq));

    ASSERT_OK(cboto_s3_upload_part_copy(
        cl,
        &(struct cboto_s3_upload_part_params){.bucket = "bkt",
                                              .key = "k",
                                              .upload_id = "U",
                                              .part_number = 2,
                                              .src_bucket = "src",
                                              .src_key = "s k",
                                              .has_range = 1,
                                              .first_byte = 0,
                                              .last_byte = 5242879},
        &rq));
    ASSERT_STREQ("/src/s%20k", hdr(rq, "x-amz-copy-source"));
    ASSERT_STREQ("bytes=0-5242879", hdr(rq, "x-amz-copy-source-range"));
    ASSERT_EQ(1, rq->error_in_200);
    cboto_request_release(rq);

    ASSERT_OK(cboto_s3_complete_multipart_upload(
        cl,
        &(struct cboto_s3_complete_params){.bucket = "bkt",
                                           .key = "k",
                                           .upload_id = "U",
                                           .parts = parts,
                                           .n_parts = 2,
                                           .checksum =
                                               CBOTO_S3_CHECKSUM_CRC32C},
        &rq));
    ASSERT_MEMEQ(want, strlen(want), rq->body.ptr, rq->body.len);
    ASSERT_EQ(1, rq->error_in_200);
    cboto_request_release(rq);
    rq = NULL;
    parts[1].part_number = 1; /* not ascending */
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_complete_multipart_upload(
                  cl,
                  &(struct cboto_s3_complete_params){.bucket = "bkt",
                                                     .key = "k",
                                                     .upload_id = "U",
                                                     .parts = parts,
                                                     .n_parts = 2},
                  &rq));
    ASSERT_NULL(rq);

    ASSERT_OK(cboto_s3_abort_multipart_upload(
        cl,
        &(struct cboto_s3_upload_ref){
            .bucket = "bkt", .key = "k", .upload_id = "U"},
        &rq));
    ASSERT_STREQ("DELETE", rq->method);
    cboto_request_release(rq);
    ASSERT_OK(cboto_s3_list_parts(
        cl,
        &(struct cboto_s3_upload_ref){.bucket = "bkt",
                                      .key = "k",
                                      .upload_id = "U",
                                      .max_parts = 5,
                                      .part_number_marker = 7},
        &rq));
    ASSERT_STREQ("5", qry(rq, "max-parts"));
    ASSERT_STREQ("7", qry(rq, "part-number-marker"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_s3_list_multipart_uploads(
        cl,
        &(struct cboto_s3_list_uploads_params){.bucket = "bkt",
                                               .prefix = "p/",
                                               .delimiter = "/",
                                               .key_marker = "km",
                                               .upload_id_marker = "um",
                                               .max_uploads = 9},
        &rq));
    ASSERT_STREQ("", qry(rq, "uploads"));
    ASSERT_STREQ("km", qry(rq, "key-marker"));
    ASSERT_STREQ("um", qry(rq, "upload-id-marker"));
    ASSERT_STREQ("9", qry(rq, "max-uploads"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_bucket_builders(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_s3_head_bucket(
        cl, &(struct cboto_s3_bucket_params){.bucket = "bkt"}, &rq));
    ASSERT_STREQ("HEAD", rq->method);
    ASSERT_STREQ("/bkt", rq->path);
    cboto_request_release(rq);
    ASSERT_OK(cboto_s3_get_bucket_location(
        cl, &(struct cboto_s3_bucket_params){.bucket = "bkt"}, &rq));
    ASSERT_STREQ("", qry(rq, "location"));
    ASSERT_TRUE(rq->parser == &cboto__s3_location_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_s3_list_objects(
        cl,
        &(struct cboto_s3_list_params){
            .bucket = "bkt", .marker = "m", .max_keys = 5},
        &rq));
    ASSERT_STREQ("s3.ListObjects", rq->operation);
    ASSERT_NULL(qry(rq, "list-type"));
    ASSERT_STREQ("m", qry(rq, "marker"));
    ASSERT_STREQ("url", qry(rq, "encoding-type"));
    cboto_request_release(rq);
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_s3_list_objects_v2(
            cl, &(struct cboto_s3_list_params){.bucket = "bkt", .marker = "m"},
            &rq));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_presign_fixed_time(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    char url[4096], again[4096];

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(
        cboto_s3_presign(cl,
                         &(struct cboto_s3_presign_params){.bucket = "bkt",
                                                           .key = "a b",
                                                           .expires = 86400,
                                                           .now = 1440938160},
                         url, sizeof url));
    ASSERT_TRUE(strncmp(url, "http://127.0.0.1:5000/bkt/a%20b?", 32) == 0);
    ASSERT_TRUE(strstr(url, "X-Amz-Algorithm=AWS4-HMAC-SHA256") != NULL);
    ASSERT_TRUE(strstr(url, "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2F"
                            "us-east-1%2Fs3%2Faws4_request") != NULL);
    ASSERT_TRUE(strstr(url, "X-Amz-Date=20150830T123600Z") != NULL);
    ASSERT_TRUE(strstr(url, "X-Amz-Expires=86400") != NULL);
    ASSERT_TRUE(strstr(url, "X-Amz-SignedHeaders=host") != NULL);
    ASSERT_TRUE(strstr(url, "X-Amz-Signature=") != NULL);
    /* Pure: the same inputs sign the same. */
    ASSERT_OK(
        cboto_s3_presign(cl,
                         &(struct cboto_s3_presign_params){.bucket = "bkt",
                                                           .key = "a b",
                                                           .expires = 86400,
                                                           .now = 1440938160},
                         again, sizeof again));
    ASSERT_STREQ(url, again);
    ASSERT_OK(cboto_s3_presign(
        cl,
        &(struct cboto_s3_presign_params){.bucket = "bkt",
                                          .key = "k",
                                          .method = "PUT",
                                          .expires = 1,
                                          .content_type = "text/plain",
                                          .now = 1440938160},
        url, sizeof url));
    ASSERT_TRUE(strstr(url, "X-Amz-SignedHeaders=content-type%3Bhost") !=
                NULL);
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_presign(cl,
                               &(struct cboto_s3_presign_params){
                                   .bucket = "bkt",
                                   .key = "k",
                                   .content_type = "text/plain",
                                   .expires = 1},
                               url, sizeof url)); /* type on a GET */
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_presign(cl,
                               &(struct cboto_s3_presign_params){
                                   .bucket = "bkt", .key = "", .expires = 1},
                               url, sizeof url));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- parsers ------------------------------------------------------------ */

static int parse(const struct cboto_allocator *a,
                 const struct cboto__parser *p, const char *doc, void **result)
{
    void *st = cboto__calloc(a, 1, p->state_size);
    struct cboto__xml_handler h;
    int rc;

    *result = NULL;
    if (!st)
        return CBOTO_ENOMEM;
    rc = p->init(st, a);
    h.start = p->start;
    h.end = p->end;
    h.st = st;
    if (!rc)
        rc = cboto__xml_parse_all(a, &h, doc, strlen(doc), 0);
    if (!rc)
        rc = p->finish(st, 200, NULL, result);
    p->cleanup(st);
    cboto__free(a, st);
    return rc;
}

static const char s_delete_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Deleted><Key>a&amp;b</Key></Deleted>"
    "<Deleted><Key>v</Key><VersionId>3</VersionId>"
    "<DeleteMarker>true</DeleteMarker></Deleted>"
    "<Error><Key>locked</Key><Code>AccessDenied</Code>"
    "<Message>Access Denied</Message></Error>"
    "</DeleteResult>";

static int test_parse_delete_result(struct cboto_allocator *a)
{
    struct cboto_s3_delete_result *r;
    void *res;

    ASSERT_OK(parse(a, &cboto__s3_delete_parser, s_delete_xml, &res));
    r = res;
    ASSERT_EQ(2, r->n_deleted);
    ASSERT_STREQ("a&b", r->deleted[0].key);
    ASSERT_NULL(r->deleted[0].version_id);
    ASSERT_STREQ("3", r->deleted[1].version_id);
    ASSERT_EQ(1, r->n_errors);
    ASSERT_STREQ("locked", r->errors[0].key);
    ASSERT_STREQ("AccessDenied", r->errors[0].code);
    ASSERT_STREQ("Access Denied", r->errors[0].message);
    cboto__s3_delete_parser.result_free(a, r);
    /* Empty (quiet mode, all deleted). */
    ASSERT_OK(parse(a, &cboto__s3_delete_parser, "<DeleteResult/>", &res));
    r = res;
    ASSERT_EQ(0, r->n_deleted);
    ASSERT_EQ(0, r->n_errors);
    cboto__s3_delete_parser.result_free(a, r);
    return 0;
}

static int test_parse_copy_and_multipart(struct cboto_allocator *a)
{
    struct cboto_s3_copy_result *c;
    struct cboto_s3_multipart_upload *m;
    struct cboto_s3_complete_result *k;
    void *res;

    ASSERT_OK(parse(a, &cboto__s3_copy_parser,
                    "<CopyObjectResult><LastModified>2009-10-28T22:32:00Z"
                    "</LastModified><ETag>\"9b2cf\"</ETag>"
                    "<ChecksumCRC32C>ImIEBA==</ChecksumCRC32C>"
                    "</CopyObjectResult>",
                    &res));
    c = res;
    ASSERT_STREQ("\"9b2cf\"", c->etag);
    ASSERT_STREQ("2009-10-28T22:32:00Z", c->last_modified);
    ASSERT_STREQ("ImIEBA==", c->checksum_crc32c);
    cboto__s3_copy_parser.result_free(a, c);
    ASSERT_OK(parse(a, &cboto__s3_copy_parser,
                    "<CopyPartResult><ETag>\"p\"</ETag></CopyPartResult>",
                    &res));
    ASSERT_STREQ("\"p\"", ((struct cboto_s3_copy_result *)res)->etag);
    cboto__s3_copy_parser.result_free(a, res);

    ASSERT_OK(parse(a, &cboto__s3_mpu_parser,
                    "<InitiateMultipartUploadResult xmlns=\"x\"><Bucket>b"
                    "</Bucket><Key>k/1</Key><UploadId>VXBsb2Fk</UploadId>"
                    "</InitiateMultipartUploadResult>",
                    &res));
    m = res;
    ASSERT_STREQ("b", m->bucket);
    ASSERT_STREQ("k/1", m->key);
    ASSERT_STREQ("VXBsb2Fk", m->upload_id);
    cboto__s3_mpu_parser.result_free(a, m);

    /* AWS's root and moto's. */
    ASSERT_OK(parse(a, &cboto__s3_complete_parser,
                    "<CompleteMultipartUploadResult><Location>http://x/k"
                    "</Location><Bucket>b</Bucket><Key>k</Key>"
                    "<ETag>\"3858f-2\"</ETag>"
                    "</CompleteMultipartUploadResult>",
                    &res));
    k = res;
    ASSERT_STREQ("http://x/k", k->location);
    ASSERT_STREQ("\"3858f-2\"", k->etag);
    cboto__s3_complete_parser.result_free(a, k);
    ASSERT_OK(parse(a, &cboto__s3_complete_parser,
                    "<CompleteMultipartUploadResponse><Key>k</Key>"
                    "</CompleteMultipartUploadResponse>",
                    &res));
    ASSERT_STREQ("k", ((struct cboto_s3_complete_result *)res)->key);
    cboto__s3_complete_parser.result_free(a, res);
    return 0;
}

static const char s_parts_xml[] =
    "<ListPartsResponse xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Bucket>dbg</Bucket><Key>k</Key><UploadId>ln5R</UploadId>"
    "<PartNumberMarker>0</PartNumberMarker>"
    "<NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts>"
    "<IsTruncated>true</IsTruncated>"
    "<Part><PartNumber>1</PartNumber><LastModified>2026-11-24T22:53:13.000Z"
    "</LastModified><ETag>\"336311a0\"</ETag><Size>5242880</Size></Part>"
    "<Part><PartNumber>2</PartNumber><ETag>\"77\"</ETag><Size>10</Size>"
    "<ChecksumCRC32C>AAAAAA==</ChecksumCRC32C></Part>"
    "<Initiator><ID>75aa</ID><DisplayName>webfile</DisplayName></Initiator>"
    "<Owner><DisplayName>webfile</DisplayName><ID>75aa</ID></Owner>"
    "<StorageClass>STANDARD</StorageClass></ListPartsResponse>";

static const char s_uploads_xml[] =
    "<ListMultipartUploadsResult xmlns=\"x\"><Bucket>dbg</Bucket>"
    "<KeyMarker/><UploadIdMarker/><NextKeyMarker>b</NextKeyMarker>"
    "<NextUploadIdMarker>u2</NextUploadIdMarker><Delimiter>/</Delimiter>"
    "<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>"
    "<Upload><UploadId>u1</UploadId><Key>a</Key>"
    "<Initiated>2010-11-10T20:48:33.000Z</Initiated>"
    "<StorageClass>STANDARD</StorageClass><Owner><ID>o</ID></Owner></Upload>"
    "<Upload><UploadId>u2</UploadId><Key>b</Key></Upload>"
    "<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>"
    "<CommonPrefixes><Prefix>other/</Prefix></CommonPrefixes>"
    "</ListMultipartUploadsResult>";

static int test_parse_parts_and_uploads(struct cboto_allocator *a)
{
    struct cboto_s3_parts_result *p;
    struct cboto_s3_uploads_result *u;
    void *res;

    ASSERT_OK(parse(a, &cboto__s3_parts_parser, s_parts_xml, &res));
    p = res;
    ASSERT_STREQ("dbg", p->bucket);
    ASSERT_STREQ("ln5R", p->upload_id);
    ASSERT_STREQ("STANDARD", p->storage_class);
    ASSERT_EQ(2, p->next_part_number_marker);
    ASSERT_EQ(2, p->max_parts);
    ASSERT_EQ(1, p->is_truncated);
    ASSERT_EQ(2, p->n_parts);
    ASSERT_EQ(1, p->parts[0].part_number);
    ASSERT_EQ(5242880, p->parts[0].size);
    ASSERT_STREQ("\"336311a0\"", p->parts[0].etag);
    ASSERT_NULL(p->parts[0].checksum_crc32c);
    ASSERT_STREQ("AAAAAA==", p->parts[1].checksum_crc32c);
    cboto__s3_parts_parser.result_free(a, p);

    ASSERT_OK(parse(a, &cboto__s3_uploads_parser, s_uploads_xml, &res));
    u = res;
    ASSERT_STREQ("", u->key_marker);
    ASSERT_STREQ("b", u->next_key_marker);
    ASSERT_STREQ("u2", u->next_upload_id_marker);
    ASSERT_EQ(1000, u->max_uploads);
    ASSERT_EQ(2, u->n_uploads);
    ASSERT_STREQ("a", u->uploads[0].key);
    ASSERT_STREQ("u1", u->uploads[0].upload_id);
    ASSERT_STREQ("2010-11-10T20:48:33.000Z", u->uploads[0].initiated);
    ASSERT_STREQ("b", u->uploads[1].key);
    ASSERT_EQ(2, u->n_common_prefixes);
    ASSERT_STREQ("dir/", u->common_prefixes[0]);
    ASSERT_STREQ("other/", u->common_prefixes[1]);
    cboto__s3_uploads_parser.result_free(a, u);
    return 0;
}

static int test_parse_location(struct cboto_allocator *a)
{
    static const struct {
        const char *doc, *want;
    } cases[] = {
        {"<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/"
         "2006-03-01/\">eu-west-1</LocationConstraint>",
         "eu-west-1"},
        {"<LocationConstraint/>", "us-east-1"},
        {"<LocationConstraint></LocationConstraint>", "us-east-1"},
        {"<LocationConstraint>EU</LocationConstraint>", "eu-west-1"},
    };
    size_t i;
    void *res;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ASSERT_OK(parse(a, &cboto__s3_location_parser, cases[i].doc, &res));
        ASSERT_STREQ(cases[i].want,
                     ((struct cboto_s3_location_result *)res)->location);
        cboto__s3_location_parser.result_free(a, res);
    }
    return 0;
}

static int test_parse_malformed(struct cboto_allocator *a)
{
    void *res;

    ASSERT_EQ(CBOTO_EPARSE, parse(a, &cboto__s3_delete_parser,
                                  "<Error><Code>X</Code></Error>", &res));
    ASSERT_EQ(CBOTO_EPARSE,
              parse(a, &cboto__s3_parts_parser,
                    "<ListPartsResult><Part><PartNumber>x</PartNumber>"
                    "</Part></ListPartsResult>",
                    &res));
    ASSERT_EQ(CBOTO_EPARSE,
              parse(a, &cboto__s3_parts_parser,
                    "<ListPartsResult><Part><Size>-1</Size></Part>"
                    "</ListPartsResult>",
                    &res));
    ASSERT_EQ(CBOTO_EPARSE,
              parse(a, &cboto__s3_uploads_parser,
                    "<ListMultipartUploadsResult><IsTruncated>maybe"
                    "</IsTruncated></ListMultipartUploadsResult>",
                    &res));
    ASSERT_EQ(CBOTO_EPARSE, parse(a, &cboto__s3_copy_parser,
                                  "<CopyObjectResult><ETag>", &res));
    ASSERT_EQ(CBOTO_EPARSE, parse(a, &cboto__s3_mpu_parser, "", &res));
    ASSERT_NULL(res);
    return 0;
}

/* Fail allocation 1, 2, ... of a parse: ENOMEM and no leak every time. */
static int parse_torture(struct cboto_allocator *a,
                         const struct cboto__parser *p, const char *doc)
{
    long n, count, before = s_test_alloc.total;
    void *res;

    if (parse(a, p, doc, &res) != CBOTO_OK)
        FAILF("%s: the undisturbed parse failed", p->name);
    p->result_free(a, res);
    count = s_test_alloc.total - before;
    for (n = 1; n <= count; n++) {
        int rc;

        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = parse(a, p, doc, &res);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            p->result_free(a, res);
            continue; /* libxml2's own allocations are not ours */
        }
        if (rc != CBOTO_ENOMEM || s_test_alloc.live != 0)
            FAILF("%s: allocation %ld of %ld: %s, %ld block(s) live", p->name,
                  n, count, cboto_err_name(rc), s_test_alloc.live);
    }
    return 0;
}

static int test_alloc_failure_parsers(struct cboto_allocator *a)
{
    if (parse_torture(a, &cboto__s3_delete_parser, s_delete_xml) ||
        parse_torture(a, &cboto__s3_parts_parser, s_parts_xml) ||
        parse_torture(a, &cboto__s3_uploads_parser, s_uploads_xml) ||
        parse_torture(a, &cboto__s3_location_parser,
                      "<LocationConstraint>eu-west-1</LocationConstraint>") ||
        parse_torture(a, &cboto__s3_mpu_parser,
                      "<InitiateMultipartUploadResult><Bucket>b</Bucket>"
                      "<Key>k</Key><UploadId>u</UploadId>"
                      "</InitiateMultipartUploadResult>"))
        return 1;
    return 0;
}

/* ---- allocation failures in the builders -------------------------------- */

static int build(struct cboto_client *cl, int op, struct cboto_request **out)
{
    static const struct cboto_s3_pair meta[] = {{"m", "v"}};
    static const struct cboto_s3_pair tags[] = {{"t", "v w"}};
    static const struct cboto_s3_object_id ids[] = {{"a&b", "v"}, {"c", NULL}};
    static const struct cboto_s3_completed_part parts[] = {
        {1, "\"e\"", "AAAAAA=="}, {2, "\"f\"", "AAAAAA=="}};
    struct cboto_s3_object_attrs at;

    memset(&at, 0, sizeof at);
    at.content_type = "text/plain";
    at.cache_control = "no-cache";
    at.expires = 1;
    at.meta = meta;
    at.n_meta = 1;
    at.acl = "private";
    at.sse = "AES256";
    at.tags = tags;
    at.n_tags = 1;
    switch (op) {
    case 0:
        return cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){
                .bucket = "bkt", .key = "k", .attrs = &at},
            out);
    case 1:
        return cboto_s3_delete_objects(
            cl,
            &(struct cboto_s3_delete_objects_params){
                .bucket = "bkt", .keys = ids, .n_keys = 2, .quiet = 1},
            out);
    case 2:
        return cboto_s3_copy_object(
            cl,
            &(struct cboto_s3_copy_params){.bucket = "bkt",
                                           .key = "k",
                                           .src_bucket = "src",
                                           .src_key = "s k",
                                           .src_version_id = "v",
                                           .replace_metadata = 1,
                                           .attrs = &at,
                                           .src_if_match = "e"},
            out);
    case 3:
        return cboto_s3_create_multipart_upload(
            cl,
            &(struct cboto_s3_create_multipart_params){
                .bucket = "bkt",
                .key = "k",
                .attrs = &at,
                .checksum = CBOTO_S3_CHECKSUM_SHA256},
            out);
    case 4:
        return cboto_s3_upload_part_copy(
            cl,
            &(struct cboto_s3_upload_part_params){.bucket = "bkt",
                                                  .key = "k",
                                                  .upload_id = "u",
                                                  .part_number = 1,
                                                  .src_bucket = "src",
                                                  .src_key = "s",
                                                  .has_range = 1,
                                                  .last_byte = 9},
            out);
    case 5:
        return cboto_s3_complete_multipart_upload(
            cl,
            &(struct cboto_s3_complete_params){.bucket = "bkt",
                                               .key = "k",
                                               .upload_id = "u",
                                               .parts = parts,
                                               .n_parts = 2,
                                               .checksum =
                                                   CBOTO_S3_CHECKSUM_CRC32},
            out);
    case 6:
        return cboto_s3_list_parts(
            cl,
            &(struct cboto_s3_upload_ref){.bucket = "bkt",
                                          .key = "k",
                                          .upload_id = "u",
                                          .max_parts = 1,
                                          .part_number_marker = 1},
            out);
    case 7:
        return cboto_s3_list_multipart_uploads(
            cl,
            &(struct cboto_s3_list_uploads_params){.bucket = "bkt",
                                                   .prefix = "p",
                                                   .delimiter = "/",
                                                   .key_marker = "k",
                                                   .upload_id_marker = "u",
                                                   .max_uploads = 2},
            out);
    case 8:
        return cboto_s3_get_bucket_location(
            cl, &(struct cboto_s3_bucket_params){.bucket = "bkt"}, out);
    default:
        return cboto_s3_list_objects(
            cl,
            &(struct cboto_s3_list_params){.bucket = "bkt",
                                           .prefix = "p",
                                           .delimiter = "/",
                                           .marker = "m",
                                           .max_keys = 3},
            out);
    }
}

#define N_BUILD_OPS 10

static int test_alloc_failure_builders(struct cboto_allocator *a)
{
    struct cboto_request *sentinel = (struct cboto_request *)(uintptr_t)8;
    int op;

    for (op = 0; op < N_BUILD_OPS; op++) {
        struct cboto_client *cl;
        struct cboto_request *rq;
        long n, count, before;

        ASSERT_OK(make_client(a, &cl));
        before = s_test_alloc.total;
        ASSERT_OK(build(cl, op, &rq));
        count = s_test_alloc.total - before;
        cboto_request_release(rq);
        for (n = 1; n <= count; n++) {
            struct cboto_request *out = sentinel;
            int rc;

            s_test_alloc.fail_after = s_test_alloc.total + n;
            rc = build(cl, op, &out);
            s_test_alloc.fail_after = 0;
            if (rc == CBOTO_OK) {
                cboto_request_release(out);
                continue;
            }
            if (rc != CBOTO_ENOMEM || out != sentinel || cl->live != 0)
                FAILF("op %d, allocation %ld of %ld: %s, out %s, live %ld", op,
                      n, count, cboto_err_name(rc),
                      out == sentinel ? "untouched" : "written", cl->live);
        }
        ASSERT_OK(cboto_client_free(cl));
        ASSERT_EQ(0, s_test_alloc.live);
    }
    /* The pagers: every failure is ENOMEM and leaves nothing live. */
    {
        struct cboto_client *cl;
        struct cboto_pager *pg, *ps = (struct cboto_pager *)(uintptr_t)8;
        struct cboto_s3_list_params lp = {.bucket = "bkt",
                                          .prefix = "p",
                                          .delimiter = "/",
                                          .start_after = "s"};
        long n, count, before;

        ASSERT_OK(make_client(a, &cl));
        before = s_test_alloc.total;
        ASSERT_OK(cboto_s3_list_objects_v2_pager(cl, &lp, &pg));
        count = s_test_alloc.total - before;
        cboto_pager_free(pg);
        for (n = 1; n <= count; n++) {
            int rc;

            pg = ps;
            s_test_alloc.fail_after = s_test_alloc.total + n;
            rc = cboto_s3_list_objects_v2_pager(cl, &lp, &pg);
            s_test_alloc.fail_after = 0;
            if (rc == CBOTO_OK) {
                cboto_pager_free(pg);
                continue;
            }
            if (rc != CBOTO_ENOMEM || pg != ps || cl->live != 0)
                FAILF("pager, allocation %ld: %s", n, cboto_err_name(rc));
        }
        ASSERT_OK(cboto_client_free(cl));
    }
    return 0;
}

HARNESS_MAIN(TEST_LIST)
