/* SPDX-License-Identifier: MIT */
/*
 * aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) uploads against moto
 * with its signature checking on (with-moto.sh): PUT from a file, from a
 * callback and from memory, then GET and compare every byte, for sizes
 * around the chunk size, 0 and 1 byte.  moto checks the seed signature and
 * decodes the frames; it does not check the chunk signatures (the fault
 * server does, test_stream_faults.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "perform.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(file_bodies_round_trip)                                                 \
    X(callback_and_memory_bodies_round_trip)                                  \
    X(user_content_encoding_is_stored)                                        \
    X(wrong_secret_is_rejected)
#include "harness.h"

static const char *s_ep, *s_ak, *s_sk;

static int env_ready(void)
{
    s_ep = getenv("CBOTO_TEST_ENDPOINT");
    s_ak = getenv("CBOTO_TEST_AK");
    s_sk = getenv("CBOTO_TEST_SK");
    if (!s_ep || !s_ak || !s_sk) {
        skip("run through tests/integration/with-moto.sh");
        return 0;
    }
    return 1;
}

static int new_client(struct cboto_allocator *a, const char *secret,
                      struct cboto_client **cl)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = s_ep;
    o.access_key_id = s_ak;
    o.secret_access_key = secret ? secret : s_sk;
    o.ignore_environment = 1;
    o.retry_base_ms = 5;
    o.max_attempts = 1;
    o.allocator = a;
    return cboto_client_new(&o, cl);
}

static int run(struct cboto_exec *ex, struct cboto_request *rq,
               struct cboto_response **resp)
{
    int rc = perform(ex, rq, resp);

    cboto_request_release(rq);
    return rc;
}

static uint8_t *pattern(size_t n, unsigned seed)
{
    uint8_t *p = malloc(n ? n : 1);
    size_t i;

    for (i = 0; i < n; i++)
        p[i] = (uint8_t)((i * 2654435761u + seed) >> 13);
    return p;
}

static int temp_fd(const uint8_t *p, size_t n)
{
    char path[] = "/tmp/cboto-stream-XXXXXX";
    int fd = mkstemp(path);

    if (fd < 0)
        return -1;
    unlink(path);
    if (n && write(fd, p, n) != (ssize_t)n) {
        close(fd);
        return -1;
    }
    return fd;
}

static void md5_etag(const uint8_t *p, size_t n, char out[40])
{
    unsigned char d[16];
    int i;

    cboto__md5(p, n, d);
    out[0] = '"';
    for (i = 0; i < 16; i++)
        snprintf(out + 1 + 2 * i, 3, "%02x", d[i]);
    out[33] = '"';
    out[34] = '\0';
}

static int simple(struct cboto_exec *ex, struct cboto_request *rq)
{
    struct cboto_response *resp = NULL;
    int rc = run(ex, rq, &resp);

    cboto_response_release(resp);
    return rc;
}

static int make_bucket(struct cboto_client *cl, struct cboto_exec *ex,
                       const char *name)
{
    struct cboto_request *rq;
    int rc = cboto_s3_create_bucket(
        cl, &(struct cboto_s3_bucket_params){.bucket = name}, &rq);

    return rc ? rc : simple(ex, rq);
}

static int del(struct cboto_client *cl, struct cboto_exec *ex,
               const char *bucket, const char *key)
{
    struct cboto_request *rq;
    int rc = cboto_s3_delete_object(
        cl, &(struct cboto_s3_delete_params){.bucket = bucket, .key = key},
        &rq);

    return rc ? rc : simple(ex, rq);
}

static int drop_bucket(struct cboto_client *cl, struct cboto_exec *ex,
                       const char *name)
{
    struct cboto_request *rq;
    int rc = cboto_s3_delete_bucket(
        cl, &(struct cboto_s3_bucket_params){.bucket = name}, &rq);

    return rc ? rc : simple(ex, rq);
}

/* GET bucket/key and compare it with p[0..n). */
static int get_equals(struct cboto_client *cl, struct cboto_exec *ex,
                      const char *bucket, const char *key, const uint8_t *p,
                      size_t n)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_cursor body;

    ASSERT_OK(cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = key}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    body = cboto_response_body(resp);
    ASSERT_MEMEQ(p, n, body.ptr, body.len);
    cboto_response_release(resp);
    return 0;
}

struct src {
    const uint8_t *p;
    size_t n, pos;
};

static int src_read(struct cboto_request *rq, uint8_t *buf, size_t cap,
                    size_t *got, void *ud)
{
    struct src *s = ud;
    size_t k = s->n - s->pos;

    (void)rq;
    if (k > cap)
        k = cap;
    if (k > 3000) /* pieces smaller than a chunk */
        k = 3000;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    *got = k;
    return 0;
}

/* PUT p[0..n) to bucket/key from source kind 'f' (file, default mode),
 * 'c' (callback, default mode) or 'm' (memory, streaming asked for), check
 * the ETag is the MD5 of the payload, GET it back and compare. */
static int put_get(struct cboto_client *cl, struct cboto_exec *ex,
                   const char *bucket, const char *key, int kind,
                   const uint8_t *p, size_t n)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct src s = {p, n, 0};
    char etag[40];
    int fd = -1;

    ASSERT_OK(cboto_s3_put_object(
        cl,
        &(struct cboto_s3_put_params){
            .bucket = bucket,
            .key = key,
            .payload_signing = kind == 'm' ? CBOTO_S3_PAYLOAD_STREAMING
                                           : CBOTO_S3_PAYLOAD_AUTO},
        &rq));
    if (kind == 'f') {
        fd = temp_fd(p, n);
        ASSERT_TRUE(fd >= 0);
        ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, n));
    } else if (kind == 'c') {
        ASSERT_OK(cboto_request_set_body_fn(rq, src_read, NULL, n, &s));
    } else {
        ASSERT_OK(cboto_request_set_body(rq, (struct cboto_cursor){p, n},
                                         CBOTO_BODY_BORROW));
    }
    ASSERT_OK(run(ex, rq, &resp));
    if (fd >= 0)
        close(fd);
    md5_etag(p, n, etag);
    ASSERT_NOT_NULL(cboto_s3_put_result(resp));
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    cboto_response_release(resp);
    ASSERT_OK(get_equals(cl, ex, bucket, key, p, n));
    ASSERT_OK(del(cl, ex, bucket, key));
    return 0;
}

#define SETUP()                                                               \
    struct cboto_client *cl = NULL;                                           \
    struct cboto_exec *ex = NULL;                                             \
    char bucket[64];                                                          \
    if (!env_ready())                                                         \
        return TEST_SKIP;                                                     \
    snprintf(bucket, sizeof bucket, "cboto-stream-%d-%d", (int)getpid(),      \
             __LINE__);                                                       \
    ASSERT_OK(new_client(a, NULL, &cl));                                      \
    ASSERT_OK(cboto_exec_new(NULL, &ex));                                     \
    ASSERT_OK(make_bucket(cl, ex, bucket))

#define TEARDOWN()                                                            \
    ASSERT_OK(drop_bucket(cl, ex, bucket));                                   \
    cboto_exec_free(ex);                                                      \
    ASSERT_OK(cboto_client_free(cl))

static int test_file_bodies_round_trip(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size();
    const size_t sizes[] = {0, 1, 8191, c - 1, c, c + 1, 2 * c + 12345};
    size_t i;

    SETUP();
    for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        uint8_t *p = pattern(sizes[i], (unsigned)i);
        int rc = put_get(cl, ex, bucket, "file", 'f', p, sizes[i]);

        free(p);
        if (rc) {
            fprintf(stderr, "  size %zu\n", sizes[i]);
            return rc;
        }
    }
    TEARDOWN();
    return 0;
}

static int
test_callback_and_memory_bodies_round_trip(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size();
    const size_t sizes[] = {0, 1, c, c + 1, 2 * c + 999};
    size_t i;

    SETUP();
    for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        uint8_t *p = pattern(sizes[i], 77u + (unsigned)i);
        int rc = put_get(cl, ex, bucket, "cb", 'c', p, sizes[i]);

        if (!rc)
            rc = put_get(cl, ex, bucket, "mem", 'm', p, sizes[i]);
        free(p);
        if (rc) {
            fprintf(stderr, "  size %zu\n", sizes[i]);
            return rc;
        }
    }
    TEARDOWN();
    return 0;
}

/* S3 strips aws-chunked from Content-Encoding and keeps the rest. */
static int test_user_content_encoding_is_stored(struct cboto_allocator *a)
{
    struct cboto_s3_object_attrs at = {.content_encoding = "gzip"};
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_object_info *info;
    uint8_t *p = pattern(5000, 9);
    int fd = temp_fd(p, 5000);

    SETUP();
    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(
        cboto_s3_put_object(cl,
                            &(struct cboto_s3_put_params){
                                .bucket = bucket, .key = "gz", .attrs = &at},
                            &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, 5000));
    ASSERT_OK(simple(ex, rq));
    close(fd);
    ASSERT_OK(cboto_s3_head_object(
        cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = "gz"},
        &rq));
    ASSERT_OK(run(ex, rq, &resp));
    info = cboto_s3_object_info_result(resp);
    ASSERT_NOT_NULL(info);
    ASSERT_STREQ("gzip", info->content_encoding);
    ASSERT_EQ(5000, (int)info->content_length);
    cboto_response_release(resp);
    ASSERT_OK(get_equals(cl, ex, bucket, "gz", p, 5000));
    ASSERT_OK(del(cl, ex, bucket, "gz"));
    free(p);
    TEARDOWN();
    return 0;
}

/* The seed signature covers the streaming headers: a wrong key fails. */
static int test_wrong_secret_is_rejected(struct cboto_allocator *a)
{
    struct cboto_client *bad;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    uint8_t *p = pattern(100000, 3);
    int fd = temp_fd(p, 100000);

    SETUP();
    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "not-the-secret", &bad));
    ASSERT_OK(cboto_s3_put_object(
        bad, &(struct cboto_s3_put_params){.bucket = bucket, .key = "x"},
        &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, 100000));
    ASSERT_EQ(CBOTO_ESERVICE, run(ex, rq, &resp));
    ASSERT_EQ(403, cboto_response_error(resp)->http_status);
    cboto_response_release(resp);
    ASSERT_OK(cboto_client_free(bad));
    close(fd);
    free(p);
    TEARDOWN();
    return 0;
}

HARNESS_MAIN(TEST_LIST)
