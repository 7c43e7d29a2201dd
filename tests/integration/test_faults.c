/* SPDX-License-Identifier: MIT */
/*
 * Retries and error paths of the blocking executor against a server that
 * misbehaves on purpose (tests/servers/fault_server.py, started by
 * with-faults.sh).  Each test writes down the outcome it expects: the code,
 * the detail, and how many attempts reached the server.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "perform.h"

#include "aws/core.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(slowdown_then_success)                                                  \
    X(slowdown_exhausts_attempts)                                             \
    X(internal_error_retried_to_the_limit)                                    \
    X(access_denied_not_retried)                                              \
    X(clock_skew_corrected_and_resigned)                                      \
    X(short_body_retried)                                                     \
    X(connection_reset_retried)                                               \
    X(memory_body_resent_whole)                                               \
    X(memory_bodies_arrive_as_given)                                          \
    X(user_agent_sent_once_and_no_accept)                                     \
    X(reused_handle_carries_nothing_over)                                     \
    X(callback_body_without_rewind_not_retried)                               \
    X(callback_body_with_rewind_resent_whole)                                 \
    X(empty_200_is_a_parse_error)                                             \
    X(truncated_xml_is_a_parse_error)                                         \
    X(stall_times_out)                                                        \
    X(redirect_reports_region)                                                \
    X(html_502_retried_then_reported)                                         \
    X(failed_download_leaves_no_file)                                         \
    X(large_transfers_stream_in_bounded_memory)                               \
    X(debug_output_redacts_secrets)                                           \
    X(error_inside_200_is_a_service_error)
#include "harness.h"

#include "faultctl.h"

static time_t s_skewed_clock_offset;

static time_t skewed_clock(void *ud)
{
    (void)ud;
    return time(NULL) + s_skewed_clock_offset;
}

static int setup(struct cboto_allocator *a, int attempts, long read_ms,
                 int skewed, struct cboto_client **cl, struct cboto_exec **ex)
{
    struct cboto_client_options o;

    if (fault_client_options(&o, a)) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    o.max_attempts = attempts;
    o.read_timeout_ms = read_ms;
    if (skewed) {
        s_skewed_clock_offset = -3600;
        o.clock = skewed_clock;
    }
    if (cboto_client_new(&o, cl) != CBOTO_OK || cboto_exec_new(NULL, ex))
        return 1;
    return 0;
}

static void teardown(struct cboto_client *cl, struct cboto_exec *ex)
{
    cboto_exec_free(ex);
    cboto_client_free(cl);
}

static int get(struct cboto_client *cl, struct cboto_exec *ex,
               const char *bucket, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc = cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = "k"}, &rq);

    if (rc)
        return rc;
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

static int list(struct cboto_client *cl, struct cboto_exec *ex,
                const char *bucket, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc = cboto_s3_list_objects_v2(
        cl, &(struct cboto_s3_list_params){.bucket = bucket}, &rq);

    if (rc)
        return rc;
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

#define SETUP(attempts, read_ms, skewed)                                      \
    struct cboto_client *cl = NULL;                                           \
    struct cboto_exec *ex = NULL;                                             \
    struct cboto_response *resp = NULL;                                       \
    do {                                                                      \
        int s_ = setup(a, attempts, read_ms, skewed, &cl, &ex);               \
        if (s_)                                                               \
            return s_;                                                        \
    } while (0)

static int test_slowdown_then_success(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(get(cl, ex, "slowdown2", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("slowdown2"));
    ASSERT_MEMEQ("0123456789", 10, cboto_response_body(resp).ptr,
                 cboto_response_body(resp).len);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_slowdown_exhausts_attempts(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, get(cl, ex, "slowdown5", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("slowdown5"));
    ASSERT_EQ(503, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("SlowDown", cboto_response_error(resp)->service_code);
    ASSERT_STREQ("REQ-SlowDown", cboto_response_error(resp)->request_id);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_internal_error_retried_to_the_limit(struct cboto_allocator *a)
{
    SETUP(5, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, get(cl, ex, "err500", &resp));
    ASSERT_EQ(5, cboto_response_attempts(resp));
    ASSERT_EQ(5, hits("err500"));
    ASSERT_STREQ("InternalError", cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_access_denied_not_retried(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, get(cl, ex, "denied", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("denied"));
    ASSERT_STREQ("AccessDenied", cboto_response_error(resp)->service_code);
    ASSERT_STREQ("Access Denied", cboto_response_error(resp)->message);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_clock_skew_corrected_and_resigned(struct cboto_allocator *a)
{
    long off;

    SETUP(3, 0, 1);
    ASSERT_OK(get(cl, ex, "skew", &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_EQ(2, hits("skew"));
    off = cboto_client_clock_offset(cl);
    ASSERT_TRUE(off > 3590 && off < 3610);
    cboto_response_release(resp);
    resp = NULL;
    /* The learnt offset sticks: the next request is right first time. */
    ASSERT_OK(get(cl, ex, "skew", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_short_body_retried(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(get(cl, ex, "short", &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    /* The partial first attempt must not linger in the body. */
    ASSERT_MEMEQ("0123456789", 10, cboto_response_body(resp).ptr,
                 cboto_response_body(resp).len);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_connection_reset_retried(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(get(cl, ex, "reset", &resp));
    /* A reused connection that dies is retried by libcurl itself on a new
     * one, before our policy sees it; either way the server saw both. */
    ASSERT_TRUE(cboto_response_attempts(resp) >= 1 &&
                cboto_response_attempts(resp) <= 2);
    ASSERT_EQ(2, hits("reset"));
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
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

static int put(struct cboto_client *cl, struct cboto_exec *ex,
               const char *bucket,
               struct cboto_request *(*prep)(struct cboto_request *, void *),
               void *ud, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc = cboto_s3_put_object(
        cl, &(struct cboto_s3_put_params){.bucket = bucket, .key = "k"}, &rq);

    if (rc)
        return rc;
    prep(rq, ud);
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

static uint8_t s_payload[5000];

static struct cboto_request *mem_body(struct cboto_request *rq, void *ud)
{
    (void)ud;
    cboto_request_set_body(rq,
                           (struct cboto_cursor){s_payload, sizeof s_payload},
                           CBOTO_BODY_BORROW);
    return rq;
}

struct src {
    size_t pos;
    int rewinds;
};

static int src_read(struct cboto_request *rq, uint8_t *buf, size_t cap,
                    size_t *got, void *ud)
{
    struct src *s = ud;
    size_t n = sizeof s_payload - s->pos;

    (void)rq;
    if (n > cap)
        n = cap;
    memcpy(buf, s_payload + s->pos, n);
    s->pos += n;
    *got = n;
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

static struct cboto_request *fn_body_norewind(struct cboto_request *rq,
                                              void *ud)
{
    cboto_request_set_body_fn(rq, src_read, NULL, sizeof s_payload, ud);
    return rq;
}

static struct cboto_request *fn_body_rewind(struct cboto_request *rq, void *ud)
{
    cboto_request_set_body_fn(rq, src_read, src_rewind, sizeof s_payload, ud);
    return rq;
}

static void fill_payload(void)
{
    size_t i;

    for (i = 0; i < sizeof s_payload; i++)
        s_payload[i] = (uint8_t)(i * 7 + 3);
}

static int test_memory_body_resent_whole(struct cboto_allocator *a)
{
    char etag[40];

    SETUP(3, 0, 0);
    fill_payload();
    md5_etag(s_payload, sizeof s_payload, etag);
    ASSERT_OK(put(cl, ex, "slowdown1", mem_body, NULL, &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

/* In-memory bodies take two routes through libcurl: up to 64 KiB as "post
 * fields" (sent with the headers), larger ones through the read callback.
 * Either way the server must see the method, the exact bytes, the length,
 * no "Expect" for these sizes, and no content type but the request's own
 * (curl labels post fields as a form unless told otherwise). */
struct echo_case {
    const char *method, *ctype; /* as the server must see them */
};

static const struct echo_case s_echo[] = {
    {"PUT", "text/plain"},               /* PutObject */
    {"PUT", "application/octet-stream"}, /* UploadPart */
    {"DELETE", "-"},                     /* a body on a typeless request */
};

static int echo_send(struct cboto_client *cl, struct cboto_exec *ex,
                     size_t which, const uint8_t *p, size_t n,
                     struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc;

    if (which == 0)
        rc = cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){
                .bucket = "echo", .key = "k", .content_type = "text/plain"},
            &rq);
    else if (which == 1)
        rc = cboto_s3_upload_part(
            cl,
            &(struct cboto_s3_upload_part_params){.bucket = "echo",
                                                  .key = "k",
                                                  .upload_id = "u",
                                                  .part_number = 1},
            &rq);
    else
        rc = cboto_s3_delete_object(
            cl, &(struct cboto_s3_delete_params){.bucket = "echo", .key = "k"},
            &rq);
    if (rc)
        return rc;
    rc = cboto_request_set_body(rq, (struct cboto_cursor){p, n},
                                CBOTO_BODY_BORROW);
    if (!rc)
        rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

static int test_memory_bodies_arrive_as_given(struct cboto_allocator *a)
{
    static const size_t sizes[] = {
        0, 1, 5000, 64 * 1024, 64 * 1024 + 1, 300 * 1024};
    uint8_t *p = malloc(300 * 1024);
    size_t i, j, k;

    SETUP(1, 0, 0);
    ASSERT_NOT_NULL(p);
    for (k = 0; k < 300 * 1024; k++)
        p[k] = (uint8_t)(k * 13 + 5);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (j = 0; j < sizeof s_echo / sizeof s_echo[0]; j++) {
            char etag[40], len[32];

            md5_etag(p, sizes[i], etag);
            snprintf(len, sizeof len, "%zu", sizes[i]);
            ASSERT_OK(echo_send(cl, ex, j, p, sizes[i], &resp));
            ASSERT_EQ(200, cboto_response_status(resp));
            ASSERT_STREQ(s_echo[j].method,
                         cboto_response_header(resp, "x-echo-method"));
            ASSERT_STREQ(etag, cboto_response_header(resp, "ETag"));
            ASSERT_STREQ(len,
                         cboto_response_header(resp, "x-echo-content-length"));
            ASSERT_STREQ(s_echo[j].ctype,
                         cboto_response_header(resp, "x-echo-content-type"));
            ASSERT_STREQ("-", cboto_response_header(resp, "x-echo-expect"));
            ASSERT_STREQ(
                "-", cboto_response_header(resp, "x-echo-transfer-encoding"));
            cboto_response_release(resp);
            resp = NULL;
        }
    }
    free(p);
    teardown(cl, ex);
    return 0;
}

/* The User-Agent goes in the header list (not CURLOPT_USERAGENT) and
 * libcurl's default Accept is turned off: the client's agent arrives once,
 * a request's own User-Agent or Accept replaces the default. */
static int test_user_agent_sent_once_and_no_accept(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    struct cboto_response *resp = NULL;
    struct cboto_request *rq;
    char want[128];
    int i;

    if (fault_client_options(&o, a)) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    o.max_attempts = 1;
    o.user_agent_extra = "myapp/2.0 (test)";
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_OK(cboto_exec_new(NULL, &ex));
    snprintf(want, sizeof want, "cboto/%s myapp/2.0 (test)",
             CBOTO_VERSION_STRING);
    for (i = 0; i < 3; i++) {
        ASSERT_OK(cboto_s3_delete_object(
            cl, &(struct cboto_s3_delete_params){.bucket = "echo", .key = "k"},
            &rq));
        if (i == 1) {
            ASSERT_OK(cboto_request_add_header(rq, "User-Agent", "own/1"));
            ASSERT_OK(cboto_request_add_header(rq, "Accept", "text/xml"));
        }
        ASSERT_OK(perform(ex, rq, &resp));
        cboto_request_release(rq);
        ASSERT_EQ(200, cboto_response_status(resp));
        ASSERT_STREQ(i == 1 ? "own/1" : want,
                     cboto_response_header(resp, "x-echo-user-agent"));
        ASSERT_STREQ(i == 1 ? "text/xml" : "-",
                     cboto_response_header(resp, "x-echo-accept"));
        cboto_response_release(resp);
        resp = NULL;
    }
    teardown(cl, ex);
    return 0;
}

/* The executors reuse a curl handle without resetting it while it serves
 * one client, so what one request set must not reach the next: every kind
 * of request follows every kind, from two clients sharing the executor,
 * and the server must see each as it was meant. */
static uint8_t s_big[100 * 1024]; /* past the post-fields limit */

enum reuse_kind {
    R_GET,
    R_HEAD,
    R_PUT_SMALL,  /* post fields with a custom verb */
    R_PUT_BIG,    /* the upload path */
    R_PUT_FN,     /* a callback body (aws-chunked over plain HTTP) */
    R_PUT_STREAM, /* a callback body of unknown length: chunked */
    R_DELETE,
    R_DELETE_BODY,
    R_POST_FORM, /* an SQS form */
    R_KINDS
};

static int reuse_send(struct cboto_client *cl, struct cboto_exec *ex,
                      enum reuse_kind k, struct src *s,
                      struct cboto_response **resp)
{
    static const uint8_t small[] = "small";
    struct cboto_s3_get_params g = {.bucket = "echo", .key = "k"};
    struct cboto_s3_put_params pp = {.bucket = "echo", .key = "k"};
    struct cboto_s3_delete_params d = {.bucket = "echo", .key = "k"};
    struct cboto_request *rq = NULL;
    char qurl[256];
    int rc;

    switch (k) {
    case R_GET:
        rc = cboto_s3_get_object(cl, &g, &rq);
        break;
    case R_HEAD:
        rc = cboto_s3_head_object(cl, &g, &rq);
        break;
    case R_PUT_SMALL:
    case R_PUT_BIG:
    case R_PUT_FN:
    case R_PUT_STREAM:
        rc = cboto_s3_put_object(cl, &pp, &rq);
        if (!rc && k == R_PUT_SMALL)
            rc = cboto_request_set_body(rq, (struct cboto_cursor){small, 5},
                                        CBOTO_BODY_BORROW);
        if (!rc && k == R_PUT_BIG)
            rc = cboto_request_set_body(
                rq, (struct cboto_cursor){s_big, sizeof s_big},
                CBOTO_BODY_BORROW);
        s->pos = 0;
        if (!rc && (k == R_PUT_FN || k == R_PUT_STREAM))
            rc = cboto_request_set_body_fn(
                rq, src_read, src_rewind,
                k == R_PUT_FN ? sizeof s_payload : CBOTO_LENGTH_UNKNOWN, s);
        break;
    case R_DELETE:
    case R_DELETE_BODY:
        rc = cboto_s3_delete_object(cl, &d, &rq);
        if (!rc && k == R_DELETE_BODY)
            rc = cboto_request_set_body(rq, (struct cboto_cursor){small, 5},
                                        CBOTO_BODY_BORROW);
        break;
    default:
        snprintf(qurl, sizeof qurl, "%s/echo/q", s_ep);
        rc = cboto_sqs_send_message(
            cl,
            &(struct cboto_sqs_send_params){.queue_url = qurl, .body = "m"},
            &rq);
        break;
    }
    if (!rc)
        rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    /* The echo is no SendMessage answer: only the request matters. */
    return k == R_POST_FORM && rc == CBOTO_EPARSE ? CBOTO_OK : rc;
}

static int reuse_check(enum reuse_kind k, const char *ua,
                       struct cboto_response *resp)
{
    static const char *const method[R_KINDS] = {
        "GET", "HEAD", "PUT", "PUT", "PUT", "PUT", "DELETE", "DELETE", "POST"};
    char big[32];
    const char *len = cboto_response_header(resp, "x-echo-content-length");

    snprintf(big, sizeof big, "%zu", sizeof s_big);
    ASSERT_EQ(200, cboto_response_status(resp));
    ASSERT_STREQ(method[k], cboto_response_header(resp, "x-echo-method"));
    ASSERT_STREQ(ua, cboto_response_header(resp, "x-echo-user-agent"));
    /* A stream asks first; bodies in memory go straight away. */
    ASSERT_STREQ(k == R_PUT_FN || k == R_PUT_STREAM ? "100-continue" : "-",
                 cboto_response_header(resp, "x-echo-expect"));
    ASSERT_STREQ(k == R_PUT_STREAM ? "chunked" : "-",
                 cboto_response_header(resp, "x-echo-transfer-encoding"));
    if (k == R_GET || k == R_HEAD || k == R_DELETE || k == R_PUT_STREAM)
        ASSERT_STREQ("-", len);
    else if (k == R_PUT_SMALL || k == R_DELETE_BODY)
        ASSERT_STREQ("5", len);
    else if (k == R_PUT_BIG)
        ASSERT_STREQ(big, len);
    else if (k == R_POST_FORM)
        ASSERT_STREQ("application/x-www-form-urlencoded; charset=utf-8",
                     cboto_response_header(resp, "x-echo-content-type"));
    if (k != R_POST_FORM && k != R_PUT_SMALL && k != R_PUT_BIG &&
        k != R_PUT_FN && k != R_PUT_STREAM && k != R_DELETE_BODY)
        ASSERT_STREQ("-", cboto_response_header(resp, "x-echo-content-type"));
    return 0;
}

static int test_reused_handle_carries_nothing_over(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl[2] = {NULL, NULL};
    struct cboto_exec *ex = NULL;
    struct cboto_response *resp = NULL;
    struct src s = {0, 0};
    char ua[2][64];
    int i, j, c;

    if (fault_client_options(&o, a)) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    fill_payload();
    o.max_attempts = 1;
    o.user_agent_extra = "one";
    ASSERT_OK(cboto_client_new(&o, &cl[0]));
    o.user_agent_extra = "two";
    o.timeout_ms = 30000;
    o.read_timeout_ms = 20000;
    ASSERT_OK(cboto_client_new(&o, &cl[1]));
    ASSERT_OK(cboto_exec_new(NULL, &ex));
    snprintf(ua[0], sizeof ua[0], "cboto/%s one", CBOTO_VERSION_STRING);
    snprintf(ua[1], sizeof ua[1], "cboto/%s two", CBOTO_VERSION_STRING);
    /* i then j for every pair, by the first client, then by the second,
     * then i by one and j by the other. */
    for (c = 0; c < 4; c++)
        for (i = 0; i < R_KINDS; i++)
            for (j = 0; j < R_KINDS; j++) {
                int ci = c == 1 || c == 3, cj = c == 1 || c == 2;

                ASSERT_OK(
                    reuse_send(cl[ci], ex, (enum reuse_kind)i, &s, &resp));
                ASSERT_OK(reuse_check((enum reuse_kind)i, ua[ci], resp));
                cboto_response_release(resp);
                resp = NULL;
                ASSERT_OK(
                    reuse_send(cl[cj], ex, (enum reuse_kind)j, &s, &resp));
                ASSERT_OK(reuse_check((enum reuse_kind)j, ua[cj], resp));
                cboto_response_release(resp);
                resp = NULL;
            }
    cboto_exec_free(ex);
    cboto_client_free(cl[0]);
    cboto_client_free(cl[1]);
    return 0;
}

static int
test_callback_body_without_rewind_not_retried(struct cboto_allocator *a)
{
    struct src s = {0, 0};

    SETUP(3, 0, 0);
    fill_payload();
    ASSERT_EQ(CBOTO_ESERVICE,
              put(cl, ex, "slowdown1", fn_body_norewind, &s, &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("slowdown1"));
    ASSERT_STREQ("SlowDown", cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int
test_callback_body_with_rewind_resent_whole(struct cboto_allocator *a)
{
    struct src s = {0, 0};
    char etag[40];

    SETUP(3, 0, 0);
    fill_payload();
    md5_etag(s_payload, sizeof s_payload, etag);
    ASSERT_OK(put(cl, ex, "slowdown1", fn_body_rewind, &s, &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_TRUE(s.rewinds >= 1);
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_empty_200_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, list(cl, ex, "empty200", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_NULL(cboto_s3_list_result(resp));
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_truncated_xml_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, list(cl, ex, "badxml", &resp));
    ASSERT_NULL(cboto_s3_list_result(resp));
    cboto_response_release(resp);
    resp = NULL;
    /* The same request against a good answer parses. */
    ASSERT_OK(list(cl, ex, "fine", &resp));
    ASSERT_NOT_NULL(cboto_s3_list_result(resp));
    ASSERT_EQ(1, cboto_s3_list_result(resp)->n_objects);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_stall_times_out(struct cboto_allocator *a)
{
    time_t t0 = time(NULL);

    SETUP(1, 1000, 0);
    ASSERT_EQ(CBOTO_ETIMEDOUT, get(cl, ex, "stall", &resp));
    ASSERT_NOT_NULL(cboto_response_error(resp)->transport);
    ASSERT_TRUE(time(NULL) - t0 < 5);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_redirect_reports_region(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, get(cl, ex, "redirect", &resp));
    ASSERT_EQ(301, cboto_response_status(resp));
    ASSERT_STREQ("PermanentRedirect",
                 cboto_response_error(resp)->service_code);
    ASSERT_STREQ("eu-west-1",
                 cboto_response_header(resp, "x-amz-bucket-region"));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_html_502_retried_then_reported(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, get(cl, ex, "htmlerror", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(502, cboto_response_error(resp)->http_status);
    ASSERT_NULL(cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

static int test_failed_download_leaves_no_file(struct cboto_allocator *a)
{
    char dir[] = "/tmp/cboto-fault-XXXXXX", path[128];
    struct cboto_request *rq;
    struct stat st;

    SETUP(1, 0, 0);
    ASSERT_TRUE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/out", dir);
    ASSERT_OK(cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = "short", .key = "k"},
        &rq));
    ASSERT_OK(cboto_request_set_sink_file(rq, path));
    ASSERT_EQ(CBOTO_ETRANSPORT, perform(ex, rq, &resp));
    cboto_request_release(rq);
    cboto_response_release(resp);
    ASSERT_TRUE(stat(path, &st) != 0);
    ASSERT_EQ(0, rmdir(dir)); /* no temporary file left either */
    teardown(cl, ex);
    return 0;
}

static long max_rss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* 256 MiB down to a file and up from a file: the peak resident size may
 * grow by a few buffers, never by the size of the object. */
static int
test_large_transfers_stream_in_bounded_memory(struct cboto_allocator *a)
{
    enum { MIB = 256 };
    char dir[] = "/tmp/cboto-large-XXXXXX", path[128], etag[40];
    struct cboto_request *rq;
    struct stat st;
    long before, grew;
    int fd;

    SETUP(1, 0, 0);
    ASSERT_TRUE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/big", dir);
    /* Warm up: the first transfer allocates curl's buffers. */
    ASSERT_OK(get(cl, ex, "fine", &resp));
    cboto_response_release(resp);
    resp = NULL;
    before = max_rss_kib();

    ASSERT_OK(cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = "large256", .key = "k"},
        &rq));
    ASSERT_OK(cboto_request_set_sink_file(rq, path));
    ASSERT_OK(perform(ex, rq, &resp));
    cboto_request_release(rq);
    cboto_response_release(resp);
    resp = NULL;
    ASSERT_EQ(0, stat(path, &st));
    ASSERT_EQ((long long)MIB << 20, (long long)st.st_size);

    fd = open(path, O_RDONLY);
    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(cboto_s3_put_object(
        cl, &(struct cboto_s3_put_params){.bucket = "large256", .key = "k"},
        &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, (uint64_t)st.st_size));
    ASSERT_OK(perform(ex, rq, &resp));
    cboto_request_release(rq);
    close(fd);
    {
        /* The server hashed what it received: the same bytes it sent. */
        static uint8_t piece[1 << 20];
        struct cboto__hash *h;
        uint8_t d[16];
        int i;

        for (i = 0; i < (1 << 20); i++)
            piece[i] = (uint8_t)(i & 255);
        ASSERT_OK(cboto__hash_new(&h, 1));
        for (i = 0; i < MIB; i++)
            ASSERT_OK(cboto__hash_update(h, piece, sizeof piece));
        ASSERT_OK(cboto__hash_final(h, d));
        etag[0] = '"';
        for (i = 0; i < 16; i++)
            snprintf(etag + 1 + 2 * i, 3, "%02x", d[i]);
        etag[33] = '"';
        etag[34] = '\0';
    }
    ASSERT_STREQ(etag, cboto_s3_put_result(resp)->etag);
    cboto_response_release(resp);
    grew = max_rss_kib() - before;
    fprintf(stderr, "  peak RSS grew by %ld KiB over a %d MiB round trip\n",
            grew, MIB);
    ASSERT_TRUE(grew < 32 * 1024);
    unlink(path);
    rmdir(dir);
    teardown(cl, ex);
    return 0;
}

static void collect(const char *text, void *ud)
{
    struct cboto__buf *b = ud;

    cboto__buf_append_str(b, text);
}

static int test_debug_output_redacts_secrets(struct cboto_allocator *a)
{
    static const char secret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static const char token[] = "FQoGZXIvYXdzEXAMPLETOKENVALUE";
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto__buf text;
    const char *t;
    int rc;

    s_ep = getenv("CBOTO_FAULT_ENDPOINT");
    if (!s_ep) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    memset(&o, 0, sizeof o);
    o.endpoint_url = s_ep;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = secret;
    o.session_token = token;
    o.ignore_environment = 1;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &cl));
    cboto__buf_init(&text, NULL, 0);
    ASSERT_OK(cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = "fine", .key = "k"}, &rq));
#ifdef CBOTO_TEST_EVENT
    {
        struct event_base *base = event_base_new();
        struct cboto_evexec *evx;
        struct cboto_evexec_options eo;
        struct sync_wait w = {0, 0, NULL};

        memset(&eo, 0, sizeof eo);
        eo.debug = collect;
        eo.debug_user_data = &text;
        ASSERT_OK(cboto_evexec_new(base, &eo, &evx));
        ASSERT_OK(cboto_evexec_submit(evx, rq, sync_done, &w));
        while (!w.calls)
            event_base_loop(base, EVLOOP_ONCE);
        rc = w.rc;
        resp = w.resp;
        ASSERT_OK(cboto_evexec_free(evx));
        event_base_free(base);
    }
#else
    {
        struct cboto_exec *ex;
        struct cboto_exec_options eo;

        memset(&eo, 0, sizeof eo);
        eo.debug = collect;
        eo.debug_user_data = &text;
        ASSERT_OK(cboto_exec_new(&eo, &ex));
        rc = cboto_exec_perform(ex, rq, &resp);
        cboto_exec_free(ex);
    }
#endif
    ASSERT_OK(rc);
    t = cboto__buf_cstr(&text);
    ASSERT_TRUE(strstr(t, "> GET http://") != NULL);
    ASSERT_TRUE(strstr(t, "< HTTP 200") != NULL);
    ASSERT_TRUE(strstr(t, "Credential=AKIDEXAMPLE/") != NULL);
    ASSERT_TRUE(strstr(t, "Signature=<redacted>") != NULL);
    ASSERT_TRUE(strstr(t, secret) == NULL);
    ASSERT_TRUE(strstr(t, token) == NULL);
    ASSERT_TRUE(strstr(t, "x-amz-security-token: <redacted>") != NULL ||
                strstr(t, "X-Amz-Security-Token: <redacted>") != NULL);
    cboto__buf_cleanup(&text);
    cboto_response_release(resp);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* S3 can fail a copy after answering 200: the <Error> is in the body.
 * Requests that may do so are checked before their result is parsed. */
static int list_error200(struct cboto_client *cl, struct cboto_exec *ex,
                         const char *bucket, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc = cboto_s3_list_objects_v2(
        cl, &(struct cboto_s3_list_params){.bucket = bucket}, &rq);

    if (rc)
        return rc;
    rq->error_in_200 = 1;
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

static int test_error_inside_200_is_a_service_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, list_error200(cl, ex, "error2005", &resp));
    ASSERT_EQ(200, cboto_response_status(resp));
    ASSERT_STREQ("InternalError", cboto_response_error(resp)->service_code);
    ASSERT_EQ(3, cboto_response_attempts(resp)); /* InternalError retries */
    ASSERT_NULL(cboto_s3_list_result(resp));
    cboto_response_release(resp);
    resp = NULL;
    ASSERT_OK(list_error200(cl, ex, "error2001", &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_NOT_NULL(cboto_s3_list_result(resp));
    ASSERT_EQ(1, cboto_s3_list_result(resp)->n_objects);
    ASSERT_STREQ("k", cboto_s3_list_result(resp)->objects[0].key);
    cboto_response_release(resp);
    teardown(cl, ex);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
