/* SPDX-License-Identifier: MIT */
/*
 * The client (options, lifetime, defaults), the retry policy, error names,
 * response descriptions and the core helpers of aws/internal.h.  No
 * network.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"

#define TEST_LIST(X)                                                          \
    X(bad_endpoint_urls)                                                      \
    X(good_endpoint_urls)                                                     \
    X(bad_region)                                                             \
    X(bad_user_agent_extra)                                                   \
    X(max_attempts_range)                                                     \
    X(half_static_keys)                                                       \
    X(free_busy_while_request_lives)                                          \
    X(credentials_source)                                                     \
    X(region_and_defaults)                                                    \
    X(default_endpoints)                                                      \
    X(clock_and_offset)                                                       \
    X(client_new_alloc_failures)                                              \
    X(retry_transient)                                                        \
    X(retry_curl_codes)                                                       \
    X(retry_delay_bounds)                                                     \
    X(retry_delay_cap)                                                        \
    X(retry_delay_base_one)                                                   \
    X(error_names_and_texts)                                                  \
    X(response_describe)                                                      \
    X(response_accessors)                                                     \
    X(buf_cap)                                                                \
    X(buf_alloc_failure)                                                      \
    X(buf_empty_after_reserve_is_terminated)                                  \
    X(uri_encode_decode)                                                      \
    X(uri_decode_bad_escapes)                                                 \
    X(base64_vectors)                                                         \
    X(base64_invalid)                                                         \
    X(parse_http_date)                                                        \
    X(parse_iso8601)                                                          \
    X(fmt_dates_round_trip)                                                   \
    X(kvlist_case_insensitive)
#include "harness.h"

#define AK "AKIDEXAMPLE"
#define SK "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static struct cboto_client *const SENTINEL =
    (struct cboto_client *)(uintptr_t)0x5a5a5a5a;

static void base_opts(struct cboto_client_options *o,
                      struct cboto_allocator *a)
{
    memset(o, 0, sizeof *o);
    o->ignore_environment = 1;
    o->access_key_id = AK;
    o->secret_access_key = SK;
    o->allocator = a;
}

/* ---- options ------------------------------------------------------------ */

static int test_bad_endpoint_urls(struct cboto_allocator *a)
{
    static const struct {
        const char *url, *msg;
    } cases[] = {
        {"ftp://example.com", "http"},
        {"example.com", "http"},
        {"", "http"},
        {"HTTP//h", "http"},
        {"http://", "host"},
        {"https:///bucket", "host"},
        {"http://:8080", "host"},
        {"http://user@h", "user"},
        {"http://user:pw@h:80/", "user"},
        {"http://h:0", "port"},
        {"http://h:65536", "port"},
        {"http://h:-1", "port"},
        {"http://h:abc", "port"},
        {"http://h:", "port"},
        {"http://h:80x/", "port"},
        {"http://h:99999999999999999999", "port"},
        {"http://h?x", "query"},
        {"http://h#frag", "fragment"},
        {"http://h/?a=b", "query"},
        {"http://h/base?a=b", "query"},
        {"http://h/base#frag", "fragment"},
        {"http://[::1", "IPv6"},
    };
    struct cboto_client_options o;
    struct cboto_client *cl;
    char err[256];
    size_t i;
    int failed = 0;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;

        base_opts(&o, a);
        o.endpoint_url = cases[i].url;
        o.error_buf = err;
        o.error_buf_size = sizeof err;
        err[0] = '\0';
        cl = SENTINEL;
        rc = cboto_client_new(&o, &cl);
        if (rc != CBOTO_EINVAL) {
            if (rc == CBOTO_OK) {
                fprintf(stderr,
                        "  '%s': expected CBOTO_EINVAL, got "
                        "CBOTO_OK (S3 base path '%s')\n",
                        cases[i].url, cl->ep[CBOTO__SVC_S3].base_path);
                cboto_client_free(cl);
            } else {
                fprintf(stderr, "  '%s': expected CBOTO_EINVAL, got %s\n",
                        cases[i].url, cboto_err_name(rc));
            }
            failed++;
            continue;
        }
        if (cl != SENTINEL)
            FAILF("'%s': *out written on failure", cases[i].url);
        if (!strstr(err, cases[i].msg))
            FAILF("'%s': message '%s' does not mention '%s'", cases[i].url,
                  err, cases[i].msg);
        if (s_test_alloc.live != 0)
            FAILF("'%s': %ld block(s) leaked", cases[i].url,
                  s_test_alloc.live);
    }
    if (failed)
        FAILF("%d malformed endpoint URL(s) accepted", failed);
    /* No error buffer is fine too. */
    base_opts(&o, a);
    o.endpoint_url = "ftp://h";
    ASSERT_EQ(CBOTO_EINVAL, cboto_client_new(&o, &cl));
    return 0;
}

static int test_good_endpoint_urls(struct cboto_allocator *a)
{
    static const struct {
        const char *url, *scheme, *host, *hostname, *base;
    } cases[] = {
        {"http://127.0.0.1:5000", "http", "127.0.0.1:5000", "127.0.0.1", ""},
        {"https://s3.example.com/", "https", "s3.example.com",
         "s3.example.com", ""},
        {"https://h:443", "https", "h", "h", ""},
        {"http://h:80/", "http", "h", "h", ""},
        {"http://h:8080/base/", "http", "h:8080", "h", "/base"},
        {"http://h/a/b//", "http", "h", "h", "/a/b"},
        {"http://[::1]:9000", "http", "[::1]:9000", "[::1]", ""},
        {"https://[2001:db8::1]", "https", "[2001:db8::1]", "[2001:db8::1]",
         ""},
        {"http://h:65535", "http", "h:65535", "h", ""},
    };
    struct cboto_client_options o;
    struct cboto_client *cl;
    size_t i;
    int s;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        base_opts(&o, a);
        o.endpoint_url = cases[i].url;
        if (cboto_client_new(&o, &cl) != CBOTO_OK)
            FAILF("'%s' rejected", cases[i].url);
        for (s = 0; s < 3; s++) {
            const struct cboto__endpoint *e = &cl->ep[s];

            if (strcmp(e->scheme, cases[i].scheme) ||
                strcmp(e->host, cases[i].host) ||
                strcmp(e->hostname, cases[i].hostname) ||
                strcmp(e->base_path, cases[i].base) || !e->is_custom) {
                fprintf(stderr, "  got %s / %s / %s / '%s' / %d\n", e->scheme,
                        e->host, e->hostname, e->base_path, e->is_custom);
                cboto_client_free(cl);
                FAILF("'%s', service %d", cases[i].url, s);
            }
        }
        ASSERT_OK(cboto_client_free(cl));
    }
    return 0;
}

/* cboto_client_new must refuse o with CBOTO_EINVAL, leave its out
 * argument alone, name `what` in the error and keep no allocation. */
static int expect_refused(struct cboto_client_options *o, const char *what,
                          const char *label)
{
    struct cboto_client *cl = SENTINEL;
    char err[256];
    int rc;

    o->error_buf = err;
    o->error_buf_size = sizeof err;
    err[0] = '\0';
    rc = cboto_client_new(o, &cl);
    if (rc != CBOTO_EINVAL) {
        if (rc == CBOTO_OK)
            cboto_client_free(cl);
        FAILF("%s '%s': expected CBOTO_EINVAL, got %s", what, label,
              cboto_err_name(rc));
    }
    ASSERT_TRUE(cl == SENTINEL);
    ASSERT_TRUE(strstr(err, what) != NULL);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

/* The extra is sent inside a header line: a CR or LF would start another
 * header, and a long one used to be cut short without a word. */
static int test_bad_user_agent_extra(struct cboto_allocator *a)
{
    static const char *const bad[] = {"app/1\r\nX-Injected: 1", "app/1\n",
                                      "app\t1", "caf\xc3\xa9/1", "app\x7f"};
    struct cboto_client_options o;
    struct cboto_client *cl;
    char big[514], want[600];
    size_t i;

    memset(big, 'x', 513);
    big[513] = '\0';
    for (i = 0; i <= sizeof bad / sizeof bad[0]; i++) {
        base_opts(&o, a);
        o.user_agent_extra = i < sizeof bad / sizeof bad[0] ? bad[i] : big;
        if (expect_refused(&o, "user_agent_extra", o.user_agent_extra))
            return 1;
    }
    /* 512 visible characters and spaces are kept whole. */
    big[512] = '\0';
    big[3] = ' ';
    base_opts(&o, a);
    o.user_agent_extra = big;
    ASSERT_OK(cboto_client_new(&o, &cl));
    snprintf(want, sizeof want, "User-Agent: cboto/%s %s",
             CBOTO_VERSION_STRING, big);
    ASSERT_STREQ(want, cl->ua_line);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_bad_region(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "US-EAST-1",
        "eu west 1",
        "eu_west_1",
        "a/b",
        "x.evil.com",
        "eu-west-1\n",
        "r\xc3\xa9gion",
        /* 65 characters */
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    struct cboto_client_options o;
    struct cboto_client *cl;
    size_t i;

    ASSERT_EQ(65, strlen(bad[sizeof bad / sizeof bad[0] - 1]));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        base_opts(&o, a);
        o.region = bad[i];
        if (expect_refused(&o, "region", bad[i]))
            return 1;
    }
    /* 64 characters, digits and '-' are fine. */
    base_opts(&o, a);
    o.region = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-123";
    ASSERT_EQ(64, strlen(o.region));
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_STREQ(o.region, cboto_client_region(cl));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_max_attempts_range(struct cboto_allocator *a)
{
    static const struct {
        int given, want; /* want 0: EINVAL */
    } cases[] = {
        {101, 0}, {-1, 0}, {INT_MAX, 0}, {INT_MIN, 0},
        {0, 3},   {1, 1},  {100, 100},   {5, 5},
    };
    struct cboto_client_options o;
    struct cboto_client *cl;
    char err[256];
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;

        base_opts(&o, a);
        o.max_attempts = cases[i].given;
        o.error_buf = err;
        o.error_buf_size = sizeof err;
        err[0] = '\0';
        cl = SENTINEL;
        rc = cboto_client_new(&o, &cl);
        if (cases[i].want == 0) {
            if (rc == CBOTO_OK)
                cboto_client_free(cl);
            if (rc != CBOTO_EINVAL || cl != SENTINEL)
                FAILF("max_attempts %d: got %s", cases[i].given,
                      cboto_err_name(rc));
            ASSERT_TRUE(strstr(err, "max_attempts") != NULL);
            continue;
        }
        if (rc != CBOTO_OK)
            FAILF("max_attempts %d: got %s", cases[i].given,
                  cboto_err_name(rc));
        rc = cl->max_attempts;
        ASSERT_OK(cboto_client_free(cl));
        ASSERT_EQ(cases[i].want, rc);
    }
    return 0;
}

static int test_half_static_keys(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl = SENTINEL;
    char err[256];

    base_opts(&o, a);
    o.secret_access_key = NULL;
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    err[0] = '\0';
    ASSERT_EQ(CBOTO_EINVAL, cboto_client_new(&o, &cl));
    ASSERT_TRUE(cl == SENTINEL);
    ASSERT_TRUE(strstr(err, "secret_access_key") != NULL);

    base_opts(&o, a);
    o.access_key_id = NULL;
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    err[0] = '\0';
    ASSERT_EQ(CBOTO_EINVAL, cboto_client_new(&o, &cl));
    ASSERT_TRUE(cl == SENTINEL);
    ASSERT_TRUE(strstr(err, "access_key_id") != NULL);

    /* A one-byte error buffer only gets the terminator. */
    o.error_buf_size = 1;
    err[0] = 'x';
    ASSERT_EQ(CBOTO_EINVAL, cboto_client_new(&o, &cl));
    ASSERT_EQ(0, err[0]);
    ASSERT_EQ(CBOTO_EINVAL, cboto_client_new(&o, NULL));
    return 0;
}

static int test_free_busy_while_request_lives(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    struct cboto_request *rq;

    base_opts(&o, a);
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl));
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl)); /* nothing was freed */
    cboto_request_acquire(rq);
    cboto_request_release(rq);
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl));
    /* The client is still usable while busy. */
    ASSERT_STREQ("us-east-1", cboto_client_region(cl));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_OK(cboto_client_free(NULL));
    return 0;
}

static int test_credentials_source(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;

    base_opts(&o, a);
    o.session_token = "TOKEN";
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_STREQ("options", cboto_client_credentials_source(cl));
    ASSERT_STREQ(AK, cl->cfg.access_key_id);
    ASSERT_STREQ(SK, cl->cfg.secret_access_key);
    ASSERT_STREQ("TOKEN", cl->cfg.session_token);
    ASSERT_OK(cboto_client_free(cl));

    /* No keys and no environment: no credentials, not an error. */
    base_opts(&o, a);
    o.access_key_id = NULL;
    o.secret_access_key = NULL;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_NULL(cboto_client_credentials_source(cl));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_NULL(cboto_client_credentials_source(NULL));
    return 0;
}

static int test_region_and_defaults(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    char want_ua[128];

    base_opts(&o, a);
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_STREQ("us-east-1", cboto_client_region(cl));
    ASSERT_EQ(10000, cl->connect_timeout_ms);
    ASSERT_EQ(60000, cl->read_timeout_ms);
    ASSERT_EQ(0, cl->timeout_ms);
    ASSERT_EQ(3, cl->max_attempts);
    ASSERT_EQ(1000, cl->retry_base_ms);
    ASSERT_EQ(64u * 1024 * 1024, cl->max_response_bytes);
    ASSERT_EQ(CBOTO_S3_ADDRESSING_AUTO, cl->s3_addressing);
    ASSERT_EQ(0, cl->anonymous);
    ASSERT_EQ(0, cl->insecure);
    ASSERT_NULL(cl->ca_bundle);
    ASSERT_EQ(0, cboto_client_clock_offset(cl));
    snprintf(want_ua, sizeof want_ua, "User-Agent: cboto/%s",
             CBOTO_VERSION_STRING);
    ASSERT_STREQ(want_ua, cl->ua_line);
    ASSERT_OK(cboto_client_free(cl));

    /* An empty region means "not given". */
    base_opts(&o, a);
    o.region = "";
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_STREQ("us-east-1", cboto_client_region(cl));
    ASSERT_OK(cboto_client_free(cl));

    base_opts(&o, a);
    o.region = "eu-west-1";
    o.user_agent_extra = "myapp/1.2";
    o.connect_timeout_ms = 1234;
    o.read_timeout_ms = 2345;
    o.timeout_ms = 3456;
    o.retry_base_ms = 7;
    o.max_response_bytes = 99;
    o.ca_bundle = "/etc/ssl/ca.pem";
    o.insecure_skip_verify = 1;
    o.s3_addressing = CBOTO_S3_ADDRESSING_PATH;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_STREQ("eu-west-1", cboto_client_region(cl));
    snprintf(want_ua, sizeof want_ua, "User-Agent: cboto/%s myapp/1.2",
             CBOTO_VERSION_STRING);
    ASSERT_STREQ(want_ua, cl->ua_line);
    ASSERT_EQ(1234, cl->connect_timeout_ms);
    ASSERT_EQ(2345, cl->read_timeout_ms);
    ASSERT_EQ(3456, cl->timeout_ms);
    ASSERT_EQ(7, cl->retry_base_ms);
    ASSERT_EQ(99, cl->max_response_bytes);
    ASSERT_STREQ("/etc/ssl/ca.pem", cl->ca_bundle);
    ASSERT_EQ(1, cl->insecure);
    ASSERT_EQ(CBOTO_S3_ADDRESSING_PATH, cl->s3_addressing);
    ASSERT_OK(cboto_client_free(cl));

    /* NULL options: all defaults (the environment may change the region,
     * so only check that a client comes out). */
    ASSERT_OK(cboto_client_new(NULL, &cl));
    ASSERT_NOT_NULL(cboto_client_region(cl));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_NULL(cboto_client_region(NULL));
    return 0;
}

static int test_default_endpoints(struct cboto_allocator *a)
{
    static const struct {
        const char *region, *s3, *sqs, *sdb;
    } cases[] = {
        {"us-east-1", "s3.amazonaws.com", "sqs.us-east-1.amazonaws.com",
         "sdb.amazonaws.com"},
        {"eu-west-1", "s3.eu-west-1.amazonaws.com",
         "sqs.eu-west-1.amazonaws.com", "sdb.eu-west-1.amazonaws.com"},
    };
    struct cboto_client_options o;
    struct cboto_client *cl;
    size_t i;
    int s;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        base_opts(&o, a);
        o.region = cases[i].region;
        ASSERT_OK(cboto_client_new(&o, &cl));
        ASSERT_STREQ(cases[i].s3, cl->ep[CBOTO__SVC_S3].host);
        ASSERT_STREQ(cases[i].sqs, cl->ep[CBOTO__SVC_SQS].host);
        ASSERT_STREQ(cases[i].sdb, cl->ep[CBOTO__SVC_SDB].host);
        for (s = 0; s < 3; s++) {
            ASSERT_STREQ("https", cl->ep[s].scheme);
            ASSERT_STREQ("", cl->ep[s].base_path);
            ASSERT_EQ(0, cl->ep[s].is_custom);
            ASSERT_STREQ(cl->ep[s].host, cl->ep[s].hostname);
            ASSERT_TRUE(cboto__client_endpoint(cl, (enum cboto__service)s) ==
                        &cl->ep[s]);
        }
        ASSERT_OK(cboto_client_free(cl));
    }
    return 0;
}

static time_t fixed_clock(void *ud)
{
    return *(const time_t *)ud;
}

static int test_clock_and_offset(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    time_t now = 1795558791, t;

    base_opts(&o, a);
    o.clock = fixed_clock;
    o.clock_user_data = &now;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_EQ(1795558791, cboto__client_now(cl));
    cboto__client_set_clock_offset(cl, -900);
    ASSERT_EQ(-900, cboto_client_clock_offset(cl));
    ASSERT_EQ(1795558791 - 900, cboto__client_now(cl));
    now += 10;
    ASSERT_EQ(1795558801 - 900, cboto__client_now(cl));
    ASSERT_OK(cboto_client_free(cl));

    /* Without a clock: time(). */
    base_opts(&o, a);
    ASSERT_OK(cboto_client_new(&o, &cl));
    t = time(NULL);
    ASSERT_TRUE(cboto__client_now(cl) >= t && cboto__client_now(cl) <= t + 5);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* Fail allocation 1, 2, ... of cboto_client_new, up to the number a
 * successful call makes: each must be CBOTO_ENOMEM, *out untouched, no
 * leak. */
static int client_alloc_loop(struct cboto_client_options *o)
{
    long n, count, before;
    struct cboto_client *cl;

    before = s_test_alloc.total;
    ASSERT_OK(cboto_client_new(o, &cl));
    count = s_test_alloc.total - before;
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_EQ(0, s_test_alloc.live);
    ASSERT_TRUE(count >= 5);
    for (n = 1; n <= count; n++) {
        int rc;

        cl = SENTINEL;
        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = cboto_client_new(o, &cl);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            cboto_client_free(cl);
            FAILF("allocation %ld of %ld failed, yet the client was made", n,
                  count);
        }
        if (rc != CBOTO_ENOMEM || cl != SENTINEL || s_test_alloc.live != 0)
            FAILF("allocation %ld of %ld failed: rc %s, *out %s, %ld "
                  "block(s) leaked",
                  n, count, cboto_err_name(rc),
                  cl == SENTINEL ? "untouched" : "written", s_test_alloc.live);
    }
    return 0;
}

static int test_client_new_alloc_failures(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    char err[256];

    /* Default endpoints. */
    base_opts(&o, a);
    o.region = "eu-west-1";
    o.session_token = "TOKEN";
    o.user_agent_extra = "app/1";
    o.ca_bundle = "/etc/ssl/ca.pem";
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    if (client_alloc_loop(&o))
        return 1;
    /* A custom endpoint with a base path. */
    o.endpoint_url = "http://127.0.0.1:5000/base/";
    if (client_alloc_loop(&o))
        return 1;
    return 0;
}

/* ---- retry policy ------------------------------------------------------ */

static int test_retry_transient(struct cboto_allocator *a)
{
    static const int statuses[] = {500, 502, 503, 504, 429};
    static const char *const codes[] = {
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestThrottled",
        "BandwidthLimitExceeded",
        "PriorRequestNotComplete",
    };
    static const char *const not_throttle[] = {
        "RequestTimeout", "InternalError", "AccessDenied", "NoSuchKey", "",
    };
    static const char *const permanent[] = {
        NULL,
        "AccessDenied",
        "NoSuchKey",
        "NoSuchBucket",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "MalformedXML",
        "slowdown",
        "SlowDownX",
        "",
    };
    static const int perm_status[] = {400, 403, 404, 200, 301, 0, 501};
    size_t i, j;

    (void)a;
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        ASSERT_EQ(1, cboto__retry_is_transient(statuses[i], NULL));
        ASSERT_EQ(1, cboto__retry_is_transient(statuses[i], "AccessDenied"));
    }
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (cboto__retry_is_transient(400, codes[i]) != 1 ||
            cboto__retry_is_transient(403, codes[i]) != 1)
            FAILF("%s is not transient", codes[i]);
    }
    for (i = 0; i < sizeof permanent / sizeof permanent[0]; i++)
        for (j = 0; j < sizeof perm_status / sizeof perm_status[0]; j++)
            if (cboto__retry_is_transient(perm_status[j], permanent[i]))
                FAILF("%d %s is transient", perm_status[j],
                      permanent[i] ? permanent[i] : "(null)");
    ASSERT_EQ(1, cboto__retry_is_throttle("SlowDown"));
    ASSERT_EQ(1, cboto__retry_is_throttle("Throttling"));
    ASSERT_EQ(1, cboto__retry_is_throttle("ThrottlingException"));
    ASSERT_EQ(0, cboto__retry_is_throttle(NULL));
    for (i = 0; i < sizeof not_throttle / sizeof not_throttle[0]; i++)
        if (cboto__retry_is_throttle(not_throttle[i]))
            FAILF("%s is a throttle", not_throttle[i]);
    return 0;
}

static int test_retry_curl_codes(struct cboto_allocator *a)
{
    static const CURLcode yes[] = {
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
        CURLE_OPERATION_TIMEDOUT,   CURLE_SEND_ERROR,
        CURLE_RECV_ERROR,           CURLE_GOT_NOTHING,
        CURLE_PARTIAL_FILE,         CURLE_SSL_CONNECT_ERROR,
    };
    static const CURLcode no[] = {
        CURLE_OK,
        CURLE_URL_MALFORMAT,
        CURLE_PEER_FAILED_VERIFICATION,
        CURLE_ABORTED_BY_CALLBACK,
        CURLE_WRITE_ERROR,
        CURLE_READ_ERROR,
        CURLE_OUT_OF_MEMORY,
        CURLE_UNSUPPORTED_PROTOCOL,
    };
    size_t i;

    (void)a;
    for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!cboto__retry_curl_retryable(yes[i]))
            FAILF("curl code %d not retryable", (int)yes[i]);
    for (i = 0; i < sizeof no / sizeof no[0]; i++)
        if (cboto__retry_curl_retryable(no[i]))
            FAILF("curl code %d retryable", (int)no[i]);
    return 0;
}

/* Every delay in [0, ceil) over many seeds, and the largest one near
 * ceil (a uniform draw over 4000 samples). */
static int delay_check(long base, int attempt, long ceil)
{
    long max = -1, d;
    unsigned s, seed;

    for (s = 1; s <= 4000; s++) {
        seed = s * 2654435761u;
        d = cboto__retry_delay_ms(base, attempt, &seed);
        if (d < 0 || d >= ceil)
            FAILF("base %ld attempt %d seed %u: delay %ld outside [0, %ld)",
                  base, attempt, s, d, ceil);
        if (d > max)
            max = d;
    }
    if (ceil > 100 && max < ceil - ceil / 20)
        FAILF("base %ld attempt %d: largest delay %ld, ceiling %ld", base,
              attempt, max, ceil);
    return 0;
}

static int test_retry_delay_bounds(struct cboto_allocator *a)
{
    int attempt;

    (void)a;
    for (attempt = 1; attempt <= 12; attempt++) {
        long ceil = 100L << (attempt - 1);

        if (ceil > 20000)
            ceil = 20000;
        if (delay_check(100, attempt, ceil))
            FAILF("attempt %d", attempt);
        ceil = 1000L << (attempt - 1);
        if (ceil > 20000)
            ceil = 20000;
        if (delay_check(1000, attempt, ceil))
            FAILF("attempt %d", attempt);
    }
    ASSERT_EQ(0, delay_check(2, 1, 2));
    ASSERT_EQ(0, delay_check(3, 2, 6));
    return 0;
}

static int test_retry_delay_cap(struct cboto_allocator *a)
{
    (void)a;
    /* Large attempts, a huge base: the 20 s cap and no overflow. */
    ASSERT_EQ(0, delay_check(1000, 30, 20000));
    ASSERT_EQ(0, delay_check(1000, 100, 20000));
    ASSERT_EQ(0, delay_check(1000, INT_MAX, 20000));
    ASSERT_EQ(0, delay_check(25000, 1, 20000));
    ASSERT_EQ(0, delay_check(LONG_MAX, 3, 20000));
    ASSERT_EQ(0, delay_check(LONG_MAX / 2 + 1, 2, 20000));
    return 0;
}

/* With base 1 the interval [0, 1) holds only 0. */
static int test_retry_delay_base_one(struct cboto_allocator *a)
{
    unsigned seed = 42;
    long d;

    (void)a;
    d = cboto__retry_delay_ms(1, 1, &seed);
    if (d != 0)
        FAILF("cboto__retry_delay_ms(1, 1): %ld, outside [0, 1)", d);
    ASSERT_EQ(0, delay_check(1, 2, 2));
    return 0;
}

/* ---- errors and responses ---------------------------------------------- */

static int test_error_names_and_texts(struct cboto_allocator *a)
{
    static const struct {
        int code;
        const char *name, *text;
    } table[] = {
#define ROW(name, val, text) {val, "CBOTO_" #name, text},
        CBOTO_ERR_MAP(ROW)
#undef ROW
    };
    size_t i, j, n = sizeof table / sizeof table[0];

    (void)a;
    ASSERT_EQ(15, n);
    for (i = 0; i < n; i++) {
        ASSERT_STREQ(table[i].name, cboto_err_name(table[i].code));
        ASSERT_STREQ(table[i].text, cboto_strerror(table[i].code));
        ASSERT_TRUE(table[i].code <= 0);
        for (j = 0; j < i; j++)
            ASSERT_TRUE(table[i].code != table[j].code);
    }
    ASSERT_STREQ("CBOTO_OK", cboto_err_name(CBOTO_OK));
    ASSERT_STREQ("CBOTO_EINVAL", cboto_err_name(-1));
    ASSERT_STREQ("invalid argument", cboto_strerror(CBOTO_EINVAL));
    ASSERT_STREQ("CBOTO_ECHECKSUM", cboto_err_name(-14));
    ASSERT_STREQ("unknown error", cboto_strerror(-15));
    ASSERT_STREQ("CBOTO_E?", cboto_err_name(-15));
    ASSERT_STREQ("unknown error", cboto_strerror(1));
    ASSERT_STREQ("CBOTO_E?", cboto_err_name(1));
    ASSERT_STREQ("unknown error", cboto_strerror(INT_MIN));
    ASSERT_STREQ("CBOTO_E?", cboto_err_name(INT_MAX));
    ASSERT_TRUE(cboto_version() != NULL && *cboto_version() != '\0');
    ASSERT_STREQ(CBOTO_VERSION_STRING, cboto_version());
    return 0;
}

static int test_response_describe(struct cboto_allocator *a)
{
    struct cboto_response *r;
    char buf[256], small[8];
    const char *got;

    ASSERT_OK(cboto__response_new(a, &r));
    ASSERT_STREQ("success",
                 cboto_response_describe(r, CBOTO_OK, buf, sizeof buf));
    /* Nothing known: the code's text. */
    ASSERT_STREQ("request timed out",
                 cboto_response_describe(r, CBOTO_ETIMEDOUT, buf, sizeof buf));
    /* Status only. */
    r->err.http_status = 500;
    ASSERT_STREQ("service returned an error response (HTTP 500)",
                 cboto_response_describe(r, CBOTO_ESERVICE, buf, sizeof buf));
    /* Service code, message and request id. */
    r->err.http_status = 404;
    r->err.service_code = "NoSuchKey";
    r->err.message = "The specified key does not exist.";
    r->err.request_id = "4442587FB7D0A2F9";
    ASSERT_STREQ("NoSuchKey: The specified key does not exist. "
                 "(HTTP 404, request id 4442587FB7D0A2F9)",
                 cboto_response_describe(r, CBOTO_ESERVICE, buf, sizeof buf));
    r->err.request_id = NULL;
    ASSERT_STREQ("NoSuchKey: The specified key does not exist. (HTTP 404)",
                 cboto_response_describe(r, CBOTO_ESERVICE, buf, sizeof buf));
    r->err.message = NULL;
    ASSERT_STREQ("NoSuchKey: (no message) (HTTP 404)",
                 cboto_response_describe(r, CBOTO_ESERVICE, buf, sizeof buf));
    /* Transport failure. */
    r->err.http_status = 0;
    r->err.service_code = NULL;
    r->err.transport = "Couldn't connect to server";
    got = cboto_response_describe(r, CBOTO_ETRANSPORT, buf, sizeof buf);
    ASSERT_TRUE(got == buf);
    if (strncmp(buf, "transport failure", 17) != 0 || strlen(buf) < 28 ||
        strcmp(buf + strlen(buf) - 28, ": Couldn't connect to server") != 0)
        FAILF("transport description: '%s'", buf);
    /* Truncated, always terminated. */
    got = cboto_response_describe(r, CBOTO_ETRANSPORT, small, sizeof small);
    ASSERT_TRUE(got == small);
    ASSERT_EQ(sizeof small - 1, strlen(small));
    ASSERT_MEMEQ("transpo", 7, small, 7);
    /* No buffer: returned as given. */
    ASSERT_NULL(cboto_response_describe(r, CBOTO_EIO, NULL, 10));
    small[0] = 'Q';
    ASSERT_TRUE(cboto_response_describe(r, CBOTO_EIO, small, 0) == small);
    ASSERT_EQ('Q', small[0]);
    /* No response. */
    ASSERT_STREQ(
        "no credentials found",
        cboto_response_describe(NULL, CBOTO_ENOCREDS, buf, sizeof buf));
    r->err.transport = NULL;
    cboto_response_release(r);
    return 0;
}

static int test_response_accessors(struct cboto_allocator *a)
{
    struct cboto_response *r;
    struct cboto_cursor body;
    const char *n, *v;

    ASSERT_OK(cboto__response_new(a, &r));
    ASSERT_EQ(0, cboto_response_status(r));
    ASSERT_EQ(0, cboto_response_header_count(r));
    body = cboto_response_body(r);
    ASSERT_NULL(body.ptr);
    ASSERT_EQ(0, body.len);
    ASSERT_EQ(CBOTO_OK, cboto_response_error(r)->code);
    r->http_status = 206;
    r->attempts = 2;
    ASSERT_OK(cboto__kvlist_add(&r->headers, "ETag", "\"x\""));
    ASSERT_OK(cboto__kvlist_add(&r->headers, "x-amz-request-id", "R"));
    ASSERT_OK(cboto__buf_append_str(&r->body, "abc"));
    ASSERT_EQ(206, cboto_response_status(r));
    ASSERT_EQ(2, cboto_response_attempts(r));
    ASSERT_STREQ("\"x\"", cboto_response_header(r, "etag"));
    ASSERT_NULL(cboto_response_header(r, "nope"));
    ASSERT_EQ(2, cboto_response_header_count(r));
    ASSERT_OK(cboto_response_header_at(r, 1, &n, &v));
    ASSERT_STREQ("x-amz-request-id", n);
    ASSERT_STREQ("R", v);
    ASSERT_EQ(CBOTO_EINVAL, cboto_response_header_at(r, 2, &n, &v));
    body = cboto_response_body(r);
    ASSERT_MEMEQ("abc", 3, body.ptr, body.len);
    ASSERT_TRUE(cboto_response_acquire(r) == r);
    cboto_response_release(r);
    ASSERT_EQ(1, r->refs);
    cboto_response_release(r);
    cboto_response_release(NULL);
    ASSERT_EQ(0, cboto_response_status(NULL));
    ASSERT_NULL(cboto_response_error(NULL));

    /* Allocation failure of the response itself. */
    r = (struct cboto_response *)(uintptr_t)1;
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_EQ(CBOTO_ENOMEM, cboto__response_new(a, &r));
    s_test_alloc.fail_after = 0;
    ASSERT_TRUE(r == (struct cboto_response *)(uintptr_t)1);
    return 0;
}

/* ---- core helpers ------------------------------------------------------- */

static int test_buf_cap(struct cboto_allocator *a)
{
    struct cboto__buf b;
    char *s;

    cboto__buf_init(&b, a, 10);
    ASSERT_STREQ("", cboto__buf_cstr(&b));
    ASSERT_OK(cboto__buf_append_str(&b, "12345678"));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__buf_append_str(&b, "abc"));
    ASSERT_EQ(8, b.len);
    ASSERT_STREQ("12345678", cboto__buf_cstr(&b));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__buf_printf(&b, "%d", 123));
    ASSERT_EQ(8, b.len);
    ASSERT_STREQ("12345678", cboto__buf_cstr(&b));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__buf_reserve(&b, 3));
    ASSERT_OK(cboto__buf_printf(&b, "%s", "9"));
    ASSERT_OK(cboto__buf_append_byte(&b, '0'));
    ASSERT_EQ(10, b.len); /* exactly the cap */
    ASSERT_STREQ("1234567890", cboto__buf_cstr(&b));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__buf_append_byte(&b, 'x'));
    ASSERT_OK(cboto__buf_append(&b, "", 0));
    ASSERT_EQ(10, b.len);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__uri_encode(&b, "a", 1, 0));
    ASSERT_STREQ("1234567890", cboto__buf_cstr(&b));
    cboto__buf_reset(&b);
    ASSERT_EQ(0, b.len);
    ASSERT_STREQ("", cboto__buf_cstr(&b));
    ASSERT_OK(cboto__buf_append_str(&b, "xy"));
    s = cboto__buf_steal(&b);
    ASSERT_STREQ("xy", s);
    ASSERT_NULL(b.ptr);
    ASSERT_EQ(0, b.len);
    cboto__free(a, s);
    /* Stealing an empty buffer gives an allocated "". */
    s = cboto__buf_steal(&b);
    ASSERT_NOT_NULL(s);
    ASSERT_STREQ("", s);
    cboto__free(a, s);
    cboto__buf_cleanup(&b);

    /* max 0 means no cap. */
    cboto__buf_init(&b, a, 0);
    ASSERT_EQ(SIZE_MAX, b.max);
    ASSERT_OK(cboto__buf_reserve(&b, 100000));
    ASSERT_EQ(CBOTO_ENOMEM, cboto__buf_reserve(&b, SIZE_MAX));
    cboto__buf_cleanup(&b);
    return 0;
}

static int test_buf_alloc_failure(struct cboto_allocator *a)
{
    struct cboto__buf b;
    char big[200];

    memset(big, 'z', sizeof big);
    cboto__buf_init(&b, a, 0);
    ASSERT_OK(cboto__buf_append_str(&b, "keep"));
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_EQ(CBOTO_ENOMEM, cboto__buf_append(&b, big, sizeof big));
    s_test_alloc.fail_after = 0;
    ASSERT_EQ(4, b.len);
    ASSERT_STREQ("keep", cboto__buf_cstr(&b));
    ASSERT_OK(cboto__buf_append(&b, big, sizeof big));
    ASSERT_EQ(4 + sizeof big, b.len);
    cboto__buf_cleanup(&b);

    /* Steal of a never-allocated buffer under failure: NULL, no leak. */
    cboto__buf_init(&b, a, 0);
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_NULL(cboto__buf_steal(&b));
    s_test_alloc.fail_after = 0;
    cboto__buf_cleanup(&b);
    return 0;
}

/* An allocator that fills new blocks with 'X', so that reading bytes the
 * library never wrote shows up deterministically. */
static void *fill_alloc(void *ctx, size_t n)
{
    void *p = test_alloc_fn(ctx, n);

    if (p)
        memset(p, 'X', n ? n : 1);
    return p;
}

static int
test_buf_empty_after_reserve_is_terminated(struct cboto_allocator *a)
{
    struct cboto_allocator fill = *a;
    struct cboto__buf b;
    int bad = 0;

    fill.alloc = fill_alloc;
    /* "" for an empty buffer (internal.h), also once space was reserved. */
    cboto__buf_init(&b, &fill, 0);
    ASSERT_OK(cboto__buf_reserve(&b, 10));
    ASSERT_EQ(0, b.len);
    if (cboto__buf_cstr(&b)[0] != '\0') {
        fprintf(stderr,
                "  buf_reserve(10) on a new buffer: cstr starts "
                "with '%c', not \"\"\n",
                cboto__buf_cstr(&b)[0]);
        bad++;
    }
    cboto__buf_cleanup(&b);

    /* Encoding nothing into a new buffer. */
    cboto__buf_init(&b, &fill, 0);
    ASSERT_OK(cboto__base64_encode(&b, (const uint8_t *)"", 0));
    ASSERT_EQ(0, b.len);
    if (cboto__buf_cstr(&b)[0] != '\0') {
        fprintf(stderr,
                "  base64_encode(\"\") into a new buffer: cstr "
                "starts with '%c', not \"\"\n",
                cboto__buf_cstr(&b)[0]);
        bad++;
    }
    cboto__buf_cleanup(&b);

    cboto__buf_init(&b, &fill, 0);
    ASSERT_OK(cboto__uri_encode(&b, "", 0, 1));
    ASSERT_EQ(0, b.len);
    if (cboto__buf_cstr(&b)[0] != '\0') {
        fprintf(stderr,
                "  uri_encode(\"\") into a new buffer: cstr "
                "starts with '%c', not \"\"\n",
                cboto__buf_cstr(&b)[0]);
        bad++;
    }
    cboto__buf_cleanup(&b);
    if (bad)
        FAILF("%d empty buffer(s) not NUL-terminated", bad);
    return 0;
}

static int test_uri_encode_decode(struct cboto_allocator *a)
{
    struct cboto__buf e, d;
    char all[256];
    int i;

    cboto__buf_init(&e, a, 0);
    ASSERT_OK(cboto__uri_encode(&e, "a b/c~d-e_f.g+h%*", 17, 0));
    ASSERT_STREQ("a%20b%2Fc~d-e_f.g%2Bh%25%2A", cboto__buf_cstr(&e));
    cboto__buf_reset(&e);
    ASSERT_OK(cboto__uri_encode(&e, "a b/c", 5, 1));
    ASSERT_STREQ("a%20b/c", cboto__buf_cstr(&e));
    cboto__buf_reset(&e);
    ASSERT_OK(cboto__uri_encode(&e, "\xc3\xa9\x00\xff", 4, 0));
    ASSERT_STREQ("%C3%A9%00%FF", cboto__buf_cstr(&e));
    cboto__buf_reset(&e);

    /* Every byte value survives encode + decode. */
    for (i = 0; i < 256; i++)
        all[i] = (char)i;
    ASSERT_OK(cboto__uri_encode(&e, all, sizeof all, 0));
    cboto__buf_init(&d, a, 0);
    ASSERT_OK(cboto__uri_decode(&d, (const char *)e.ptr, e.len, 0));
    ASSERT_MEMEQ(all, sizeof all, d.ptr, d.len);
    cboto__buf_reset(&d);
    ASSERT_OK(cboto__uri_decode(&d, (const char *)e.ptr, e.len, 1));
    ASSERT_MEMEQ(all, sizeof all, d.ptr, d.len);
    cboto__buf_reset(&d);

    ASSERT_OK(cboto__uri_decode(&d, "%41%4a%4A+b", 11, 0));
    ASSERT_STREQ("AJJ+b", cboto__buf_cstr(&d));
    cboto__buf_reset(&d);
    ASSERT_OK(cboto__uri_decode(&d, "%41%4a%4A+b", 11, 1));
    ASSERT_STREQ("AJJ b", cboto__buf_cstr(&d));
    cboto__buf_reset(&d);
    ASSERT_OK(cboto__uri_decode(&d, "x%00y", 5, 0));
    ASSERT_MEMEQ("x\0y", 3, d.ptr, d.len);
    cboto__buf_reset(&d);
    /* The length bounds the input, not the NUL. */
    ASSERT_OK(cboto__uri_decode(&d, "abc%41", 3, 0));
    ASSERT_STREQ("abc", cboto__buf_cstr(&d));
    cboto__buf_cleanup(&d);
    cboto__buf_cleanup(&e);
    return 0;
}

static int test_uri_decode_bad_escapes(struct cboto_allocator *a)
{
    static const char *const bad[] = {"%",     "%4",       "abc%", "abc%2",
                                      "%G1",   "%4G",      "%%",   "% 1",
                                      "a%-1b", "%\xff\x30"};
    struct cboto__buf d;
    size_t i;

    cboto__buf_init(&d, a, 0);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cboto__buf_reset(&d);
        if (cboto__uri_decode(&d, bad[i], strlen(bad[i]), 0) != CBOTO_EINVAL)
            FAILF("'%s' decoded", bad[i]);
    }
    /* "%41" cut to 2 bytes is a truncated escape. */
    cboto__buf_reset(&d);
    ASSERT_EQ(CBOTO_EINVAL, cboto__uri_decode(&d, "%41", 2, 0));
    cboto__buf_cleanup(&d);
    return 0;
}

static int test_base64_vectors(struct cboto_allocator *a)
{
    /* RFC 4648 section 10. */
    static const char *const plain[] = {"",     "f",     "fo",    "foo",
                                        "foob", "fooba", "foobar"};
    static const char *const enc[] = {
        "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    struct cboto__buf e, d;
    uint8_t all[256];
    size_t i;

    cboto__buf_init(&e, a, 0);
    cboto__buf_init(&d, a, 0);
    for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        cboto__buf_reset(&e);
        cboto__buf_reset(&d);
        ASSERT_OK(cboto__base64_encode(&e, (const uint8_t *)plain[i],
                                       strlen(plain[i])));
        ASSERT_MEMEQ(enc[i], strlen(enc[i]), e.ptr, e.len);
        ASSERT_OK(cboto__base64_decode(&d, enc[i], strlen(enc[i])));
        ASSERT_MEMEQ(plain[i], strlen(plain[i]), d.ptr, d.len);
    }
    for (i = 0; i < 256; i++)
        all[i] = (uint8_t)(255 - i);
    for (i = 0; i <= 256; i += 37) {
        size_t n = i < 256 ? i : 256;

        cboto__buf_reset(&e);
        cboto__buf_reset(&d);
        ASSERT_OK(cboto__base64_encode(&e, all, n));
        ASSERT_EQ((n + 2) / 3 * 4, e.len);
        ASSERT_OK(cboto__base64_decode(&d, (const char *)e.ptr, e.len));
        ASSERT_MEMEQ(all, n, d.ptr, d.len);
    }
    cboto__buf_reset(&e);
    ASSERT_OK(cboto__base64_encode(&e, (const uint8_t *)"\xfb\xff", 2));
    ASSERT_STREQ("+/8=", cboto__buf_cstr(&e));
    cboto__buf_cleanup(&e);
    cboto__buf_cleanup(&d);
    return 0;
}

static int test_base64_invalid(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "Zg",   "Zg=",      "Zm9vY", "Z===",    "====",
        "=Zg=", "Zg==Zg==", "Zg=a",  "Zm9v\n",  "Zm 9v",
        "Zm9*", "Zm9-",     "Zm9_",  "Zm\x80v", "Zm9vYg=\n",
    };
    struct cboto__buf d;
    size_t i;

    cboto__buf_init(&d, a, 0);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cboto__buf_reset(&d);
        if (cboto__base64_decode(&d, bad[i], strlen(bad[i])) != CBOTO_EINVAL)
            FAILF("'%s' decoded", bad[i]);
    }
    /* An embedded NUL is not a base64 character. */
    cboto__buf_reset(&d);
    ASSERT_EQ(CBOTO_EINVAL, cboto__base64_decode(&d, "Zm\0v", 4));
    cboto__buf_cleanup(&d);
    return 0;
}

static int test_parse_http_date(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "",
        "yesterday",
        "Tue, 24 Nov 2026 22:19:51",
        "Tue, 24 Nov 2026 22:19:51 PST",
        "Tue, 24 Foo 2026 22:19:51 GMT",
        "Tue, 24 Nov 2026 24:19:51 GMT",
        "Tue, 24 Nov 2026 22:60:51 GMT",
        "Tue, 32 Nov 2026 22:19:51 GMT",
        "Tue, 00 Nov 2026 22:19:51 GMT",
        "Tue, 24 Nov 2026 22:19:51 GMT junk",
        "Tuesday, 24-Nov-26 22:19:51 GMT",
        "2026-11-24T22:19:51Z",
    };
    time_t t = 0;
    size_t i;

    (void)a;
    ASSERT_OK(cboto__parse_http_date("Tue, 24 Nov 2026 22:19:51 GMT", &t));
    ASSERT_EQ(1795558791, t);
    ASSERT_OK(cboto__parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
    ASSERT_EQ(784111777, t);
    ASSERT_OK(cboto__parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT", &t));
    ASSERT_EQ(1709164800, t);
    ASSERT_OK(cboto__parse_http_date("Thu, 01 Jan 1970 00:00:00 UTC", &t));
    ASSERT_EQ(0, t);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 12345;
        if (cboto__parse_http_date(bad[i], &t) != CBOTO_EINVAL)
            FAILF("'%s' parsed", bad[i]);
        ASSERT_EQ(12345, t); /* untouched */
    }
    return 0;
}

static int test_parse_iso8601(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "2026-11-24",
        "2026-11-24 22:19:51Z",
        "2026-13-01T00:00:00Z",
        "2026-11-24T25:00:00Z",
        "2026-11-24T22:19:51.Z",
        "2026-11-24T22:19:51Zjunk",
        "2026-11-24T22:19:51+01:00",
        "2026-11-24T22:19:51.123X",
        "26-11-24T22:19:51Z",
    };
    time_t t = 0;
    size_t i;

    (void)a;
    ASSERT_OK(cboto__parse_iso8601("2026-11-24T22:19:51Z", &t));
    ASSERT_EQ(1795558791, t);
    ASSERT_OK(cboto__parse_iso8601("2026-11-24T22:19:51.000Z", &t));
    ASSERT_EQ(1795558791, t);
    ASSERT_OK(cboto__parse_iso8601("2026-11-24T22:19:51.987654Z", &t));
    ASSERT_EQ(1795558791, t); /* fraction dropped, not rounded */
    ASSERT_OK(cboto__parse_iso8601("2026-11-24T22:19:51+00:00", &t));
    ASSERT_EQ(1795558791, t);
    ASSERT_OK(cboto__parse_iso8601("2000-02-29T12:00:00Z", &t));
    ASSERT_EQ(951825600, t);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 12345;
        if (cboto__parse_iso8601(bad[i], &t) != CBOTO_EINVAL)
            FAILF("'%s' parsed", bad[i]);
        ASSERT_EQ(12345, t);
    }
    return 0;
}

static int test_fmt_dates_round_trip(struct cboto_allocator *a)
{
    static const time_t times[] = {0,          784111777,  951825600,
                                   1709164800, 1795558791, 4102444799};
    char http[30], amz[17], iso[21];
    time_t back;
    size_t i;

    (void)a;
    cboto__fmt_http_date(http, 784111777);
    ASSERT_STREQ("Sun, 06 Nov 1994 08:49:37 GMT", http);
    cboto__fmt_amz_date(amz, 784111777);
    ASSERT_STREQ("19941106T084937Z", amz);
    cboto__fmt_iso8601(iso, 784111777);
    ASSERT_STREQ("1994-11-06T08:49:37Z", iso);
    cboto__fmt_amz_date(amz, 4102444799);
    ASSERT_STREQ("20991231T235959Z", amz);
    cboto__fmt_http_date(http, 0);
    ASSERT_STREQ("Thu, 01 Jan 1970 00:00:00 GMT", http);
    for (i = 0; i < sizeof times / sizeof times[0]; i++) {
        cboto__fmt_http_date(http, times[i]);
        ASSERT_EQ(29, strlen(http));
        back = -1;
        ASSERT_OK(cboto__parse_http_date(http, &back));
        ASSERT_EQ(times[i], back);
        cboto__fmt_iso8601(iso, times[i]);
        ASSERT_EQ(20, strlen(iso));
        back = -1;
        ASSERT_OK(cboto__parse_iso8601(iso, &back));
        ASSERT_EQ(times[i], back);
        /* The amz date is the ISO date without '-' and ':'. */
        cboto__fmt_amz_date(amz, times[i]);
        ASSERT_EQ(16, strlen(amz));
        ASSERT_MEMEQ(iso, 4, amz, 4);
        ASSERT_MEMEQ(iso + 5, 2, amz + 4, 2);
        ASSERT_MEMEQ(iso + 8, 3, amz + 6, 3);
        ASSERT_MEMEQ(iso + 11, 2, amz + 9, 2);
        ASSERT_MEMEQ(iso + 14, 2, amz + 11, 2);
        ASSERT_MEMEQ(iso + 17, 3, amz + 13, 3);
    }
    return 0;
}

static int test_kvlist_case_insensitive(struct cboto_allocator *a)
{
    struct cboto__kvlist l, c;

    cboto__kvlist_init(&l, a);
    ASSERT_NULL(cboto__kvlist_get(&l, "x"));
    ASSERT_OK(cboto__kvlist_add(&l, "Content-Type", "text/plain"));
    ASSERT_OK(cboto__kvlist_add(&l, "X-Amz-Meta-A", "1"));
    ASSERT_OK(cboto__kvlist_add(&l, "Host-Like", NULL));
    ASSERT_OK(cboto__kvlist_add(&l, "x-amz-meta-a", "2"));
    ASSERT_OK(cboto__kvlist_addn(&l, "Trunc-Name", 5, "valueXX", 5));
    ASSERT_EQ(5, l.n);
    ASSERT_STREQ("text/plain", cboto__kvlist_get(&l, "content-type"));
    ASSERT_STREQ("text/plain", cboto__kvlist_get(&l, "CONTENT-TYPE"));
    ASSERT_NULL(cboto__kvlist_get(&l, "content-typ"));
    ASSERT_NULL(cboto__kvlist_get(&l, "content-type2"));
    ASSERT_STREQ("", cboto__kvlist_get(&l, "host-like"));
    ASSERT_STREQ("1", cboto__kvlist_get(&l, "X-AMZ-META-A")); /* first */
    ASSERT_STREQ("value", cboto__kvlist_get(&l, "trunc"));

    /* set replaces every match by one entry where the first one stood. */
    ASSERT_OK(cboto__kvlist_set(&l, "X-amz-META-a", "3"));
    ASSERT_EQ(4, l.n);
    ASSERT_STREQ("X-Amz-Meta-A", l.v[1].name);
    ASSERT_STREQ("3", l.v[1].value);
    ASSERT_STREQ("Host-Like", l.v[2].name);
    ASSERT_STREQ("Trunc", l.v[3].name);
    /* set of a new name appends. */
    ASSERT_OK(cboto__kvlist_set(&l, "New", NULL));
    ASSERT_EQ(5, l.n);
    ASSERT_STREQ("New", l.v[4].name);
    ASSERT_STREQ("", l.v[4].value);

    /* copy keeps order and values. */
    cboto__kvlist_init(&c, a);
    ASSERT_OK(cboto__kvlist_copy(&c, &l));
    ASSERT_EQ(l.n, c.n);
    ASSERT_STREQ("Content-Type", c.v[0].name);
    ASSERT_STREQ("3", cboto__kvlist_get(&c, "x-amz-meta-a"));
    cboto__kvlist_cleanup(&c);

    ASSERT_EQ(1, cboto__kvlist_remove(&l, "CONTENT-type"));
    ASSERT_EQ(0, cboto__kvlist_remove(&l, "content-type"));
    ASSERT_NULL(cboto__kvlist_get(&l, "Content-Type"));
    ASSERT_OK(cboto__kvlist_add(&l, "dup", "a"));
    ASSERT_OK(cboto__kvlist_add(&l, "DUP", "b"));
    ASSERT_EQ(2, cboto__kvlist_remove(&l, "Dup"));
    ASSERT_EQ(4, l.n);
    ASSERT_STREQ("X-Amz-Meta-A", l.v[0].name);
    /* A length past a NUL: the entry ends at the NUL, lengths too. */
    ASSERT_OK(cboto__kvlist_addn(&l, "Nul\0name", 8, "v\0w", 3));
    ASSERT_EQ(5, l.n);
    ASSERT_STREQ("Nul", l.v[4].name);
    ASSERT_EQ(3, l.v[4].nlen);
    ASSERT_STREQ("v", l.v[4].value);
    ASSERT_EQ(1, l.v[4].vlen);
    ASSERT_EQ(1, cboto__kvlist_remove(&l, "nul"));

    /* Growing past the first capacity. */
    {
        int i;
        char name[16];

        for (i = 0; i < 40; i++) {
            snprintf(name, sizeof name, "H%d", i);
            ASSERT_OK(cboto__kvlist_add(&l, name, name));
        }
        ASSERT_EQ(44, l.n);
        ASSERT_STREQ("H39", cboto__kvlist_get(&l, "h39"));
    }
    cboto__kvlist_cleanup(&l);
    ASSERT_EQ(0, l.n);
    ASSERT_TRUE(cboto__strcaseeq("AbC", "aBc"));
    ASSERT_TRUE(!cboto__strcaseeq("abc", "abcd"));
    ASSERT_TRUE(cboto__strncaseeq("ABCx", "abcy", 3));
    ASSERT_TRUE(!cboto__strncaseeq("ABCx", "abcy", 4));
    return 0;
}

HARNESS_MAIN(TEST_LIST)
