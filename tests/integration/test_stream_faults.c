/* SPDX-License-Identifier: MIT */
/*
 * Retried aws-chunked uploads against tests/servers/fault_server.py, which
 * decodes the frames and checks every chunk signature along the chain from
 * each attempt's seed signature (a bad one is answered 403, which is not
 * retried).  The ETag it answers is the MD5 of the decoded payload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "faultctl.h"
#include "perform.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(file_resent_after_503)                                                  \
    X(file_resent_after_reset_mid_body)                                       \
    X(callback_rewound_after_reset_mid_body)                                  \
    X(callback_without_rewind_is_not_resent)
#include "harness.h"

static int setup(struct cboto_allocator *a, struct cboto_client **cl,
                 struct cboto_exec **ex)
{
    struct cboto_client_options o;

    if (fault_client_options(&o, a)) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    o.max_attempts = 3;
    if (cboto_client_new(&o, cl) != CBOTO_OK || cboto_exec_new(NULL, ex))
        return 1;
    return 0;
}

#define SETUP()                                                               \
    struct cboto_client *cl = NULL;                                           \
    struct cboto_exec *ex = NULL;                                             \
    struct cboto_response *resp = NULL;                                       \
    do {                                                                      \
        int s_ = setup(a, &cl, &ex);                                          \
        if (s_)                                                               \
            return s_;                                                        \
    } while (0)

static void teardown(struct cboto_client *cl, struct cboto_exec *ex)
{
    cboto_exec_free(ex);
    cboto_client_free(cl);
}

static uint8_t *pattern(size_t n)
{
    uint8_t *p = malloc(n);
    size_t i;

    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 7 + (i >> 11));
    return p;
}

static int temp_fd(const uint8_t *p, size_t n)
{
    char path[] = "/tmp/cboto-sfault-XXXXXX";
    int fd = mkstemp(path);

    if (fd < 0)
        return -1;
    unlink(path);
    if (write(fd, p, n) != (ssize_t)n) {
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

struct src {
    const uint8_t *p;
    size_t n, pos;
    int rewinds;
};

static int src_read(struct cboto_request *rq, uint8_t *buf, size_t cap,
                    size_t *got, void *ud)
{
    struct src *s = ud;
    size_t k = s->n - s->pos;

    (void)rq;
    if (k > cap)
        k = cap;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    *got = k;
    return 0;
}

static int src_rewind(struct cboto_request *rq, void *ud)
{
    struct src *s = ud;

    (void)rq;
    s->pos = 0;
    s->rewinds++;
    return 0;
}

/* PUT n bytes to scenario bucket, from a file (s == NULL) or s. */
static int put(struct cboto_client *cl, struct cboto_exec *ex,
               const char *bucket, const uint8_t *p, size_t n, struct src *s,
               int rewind, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int fd = -1, rc;

    rc = cboto_s3_put_object(
        cl, &(struct cboto_s3_put_params){.bucket = bucket, .key = "k"}, &rq);
    if (rc)
        return rc;
    if (s) {
        cboto_request_set_body_fn(rq, src_read, rewind ? src_rewind : NULL, n,
                                  s);
    } else {
        fd = temp_fd(p, n);
        if (fd < 0) {
            cboto_request_release(rq);
            return CBOTO_EIO;
        }
        cboto_request_set_body_fd(rq, fd, 0, n);
    }
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int file_resent(struct cboto_allocator *a, const char *scenario)
{
    size_t n = 2 * cboto__chunked_chunk_size() + 5;
    uint8_t *p = pattern(n);
    char etag[40], counter[64];

    SETUP();
    md5_etag(p, n, etag);
    ASSERT_OK(put(cl, ex, scenario, p, n, NULL, 0, &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    snprintf(counter, sizeof counter, "chunked-%s", scenario);
    ASSERT_EQ(2, hits(counter));
    cboto_response_release(resp);
    teardown(cl, ex);
    free(p);
    return 0;
}

static int test_file_resent_after_503(struct cboto_allocator *a)
{
    return file_resent(a, "slowdown1");
}

static int test_file_resent_after_reset_mid_body(struct cboto_allocator *a)
{
    return file_resent(a, "cutbody");
}

static int
test_callback_rewound_after_reset_mid_body(struct cboto_allocator *a)
{
    size_t n = 3 * cboto__chunked_chunk_size() + 1;
    uint8_t *p = pattern(n);
    struct src s = {p, n, 0, 0};
    char etag[40];

    SETUP();
    md5_etag(p, n, etag);
    ASSERT_OK(put(cl, ex, "cutbody", p, n, &s, 1, &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_TRUE(s.rewinds >= 1);
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    ASSERT_EQ(2, hits("chunked-cutbody"));
    cboto_response_release(resp);
    teardown(cl, ex);
    free(p);
    return 0;
}

static int
test_callback_without_rewind_is_not_resent(struct cboto_allocator *a)
{
    size_t n = 2 * cboto__chunked_chunk_size();
    uint8_t *p = pattern(n);
    struct src s = {p, n, 0, 0};
    int rc;

    SETUP();
    rc = put(cl, ex, "cutbody", p, n, &s, 0, &resp);
    ASSERT_TRUE(rc == CBOTO_ETRANSPORT || rc == CBOTO_ETIMEDOUT);
    ASSERT_EQ(1, hits("cutbody"));
    cboto_response_release(resp);
    teardown(cl, ex);
    free(p);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
