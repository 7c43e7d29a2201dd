/* SPDX-License-Identifier: MIT */
/*
 * Allocation-failure torture of whole sends: a request is built, then
 * cboto_exec_perform sends it to tests/servers/fault_server.py (started by
 * with-faults.sh) while allocation 1, 2, ... N of the send fails in turn
 * (N is what an undisturbed send makes).  This reaches the allocations
 * made inside the transfer and the curl callbacks: the response object,
 * the message and its signature, received headers, the XML stage and the
 * parser state, the error document, the retry path.  Each run must end in
 * CBOTO_ENOMEM or in exactly the undisturbed outcome, and leak nothing; a
 * failed download must leave no file behind.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>

#define TEST_LIST(X)                                                          \
    X(get_object)                                                             \
    X(get_object_to_file)                                                     \
    X(put_object)                                                             \
    X(list_objects)                                                           \
    X(access_denied)                                                          \
    X(slowdown_retried)                                                       \
    X(permanent_redirect)
#include "harness.h"

static const char *s_ep;

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* Forget the server's per-scenario counters (plain libcurl, not counted
 * by the test allocator). */
static void server_reset(void)
{
    CURL *c = curl_easy_init();
    char url[256];

    snprintf(url, sizeof url, "%s/__reset", s_ep);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
}

enum op { OP_GET, OP_GET_FILE, OP_PUT, OP_LIST };

struct scenario {
    enum op op;
    const char *bucket;
    int want_rc;
    const char *want_code; /* service code, or NULL */
    int want_attempts;
};

static char s_file[512];

static int build(struct cboto_client *cl, const struct scenario *sc,
                 struct cboto_request **out)
{
    static const uint8_t body[] = "torture body";
    int rc;

    switch (sc->op) {
    case OP_GET:
    case OP_GET_FILE:
        rc = cboto_s3_get_object(
            cl,
            &(struct cboto_s3_get_params){.bucket = sc->bucket, .key = "k"},
            out);
        if (rc == CBOTO_OK && sc->op == OP_GET_FILE) {
            rc = cboto_request_set_sink_file(*out, s_file);
            if (rc)
                cboto_request_release(*out);
        }
        return rc;
    case OP_PUT:
        rc = cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){.bucket = sc->bucket, .key = "k"},
            out);
        if (rc == CBOTO_OK) {
            struct cboto_cursor c = {body, sizeof body - 1};

            rc = cboto_request_set_body(*out, c, CBOTO_BODY_COPY);
            if (rc)
                cboto_request_release(*out);
        }
        return rc;
    case OP_LIST:
        return cboto_s3_list_objects_v2(
            cl, &(struct cboto_s3_list_params){.bucket = sc->bucket}, out);
    }
    return CBOTO_EINVAL;
}

/* A text picture of an outcome, to compare runs. */
static void picture(int rc, const struct cboto_response *resp, char *out,
                    size_t size)
{
    const struct cboto_error_detail *e =
        resp ? cboto_response_error(resp) : NULL;
    const struct cboto_s3_list_result *l = cboto_s3_list_result(resp);
    const struct cboto_s3_put_result *p = cboto_s3_put_result(resp);
    struct cboto_cursor body = {NULL, 0};
    struct stat st;

    if (resp)
        body = cboto_response_body(resp);
    snprintf(out, size,
             "rc=%s status=%d attempts=%d code=%s message=%s body=%.*s "
             "list=%s/%zu put=%s file=%lld",
             cboto_err_name(rc), resp ? cboto_response_status(resp) : -1,
             resp ? cboto_response_attempts(resp) : -1,
             e && e->service_code ? e->service_code : "-",
             e && e->message ? e->message : "-", (int)body.len,
             body.ptr ? (const char *)body.ptr : "",
             l && l->n_objects ? l->objects[0].key : "-", l ? l->n_objects : 0,
             p && p->etag ? p->etag : "-",
             stat(s_file, &st) == 0 ? (long long)st.st_size : -1LL);
}

/* Allocations made inside cboto_exec_perform by the last send_once. */
static long s_perform_allocs;

static int send_once(struct cboto_client *cl, struct cboto_exec *ex,
                     const struct scenario *sc, long fail_at, char *pic,
                     size_t size, int *rc_out)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    int rc;

    server_reset();
    unlink(s_file);
    ASSERT_OK(build(cl, sc, &rq));
    if (fail_at)
        s_test_alloc.fail_after = s_test_alloc.total + fail_at;
    s_perform_allocs = s_test_alloc.total;
    rc = cboto_exec_perform(ex, rq, &resp);
    s_perform_allocs = s_test_alloc.total - s_perform_allocs;
    s_test_alloc.fail_after = 0;
    picture(rc, resp, pic, size);
    cboto_response_release(resp);
    cboto_request_release(rq);
    *rc_out = rc;
    return 0;
}

static int torture(struct cboto_allocator *a, const struct scenario *sc)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    struct cboto_exec *ex;
    char want[1024], got[1024], dir[] = "/tmp/cboto-torture.XXXXXX";
    long n, count, perform_count, before, live, enomem = 0;
    int rc0, rc;

    s_ep = getenv("CBOTO_FAULT_ENDPOINT");
    if (!s_ep) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    ASSERT_NOT_NULL(mkdtemp(dir));
    snprintf(s_file, sizeof s_file, "%s/out", dir);
    memset(&o, 0, sizeof o);
    o.endpoint_url = s_ep;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.session_token = "TOKEN";
    o.ignore_environment = 1;
    o.max_attempts = 3;
    o.retry_base_ms = 1;
    o.read_timeout_ms = 5000;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_OK(cboto_exec_new(NULL, &ex));

    /* A first send fills the client's signing-key cache, which then
     * stays: measure from the second. */
    ASSERT_OK(send_once(cl, ex, sc, 0, want, sizeof want, &rc0));
    live = s_test_alloc.live;
    before = s_test_alloc.total;
    ASSERT_OK(send_once(cl, ex, sc, 0, want, sizeof want, &rc0));
    count = s_test_alloc.total - before;
    perform_count = s_perform_allocs;
    ASSERT_EQ(live, s_test_alloc.live);
    if (rc0 != sc->want_rc)
        FAILF("undisturbed: %s", want);
    if (sc->want_code) {
        char tag[128];

        snprintf(tag, sizeof tag, "code=%s ", sc->want_code);
        if (!strstr(want, tag))
            FAILF("undisturbed: %s", want);
    }
    {
        char tag[32];

        snprintf(tag, sizeof tag, "attempts=%d ", sc->want_attempts);
        if (!strstr(want, tag))
            FAILF("undisturbed: %s", want);
    }
    /* Most of a send's memory comes from per-attempt arenas; what is
     * left is a handful of allocations, every one of them reachable. */
    ASSERT_TRUE(perform_count >= 3);

    /* A few past the count: a run may allocate a little more or less
     * (header lengths), and the loop must end on a success. */
    for (n = 1; n <= count + 3; n++) {
        ASSERT_OK(send_once(cl, ex, sc, n, got, sizeof got, &rc));
        if (s_test_alloc.live != live) {
            long leaked = s_test_alloc.live - live;

            cboto_exec_free(ex);
            cboto_client_free(cl);
            FAILF("allocation %ld of %ld failing leaked %ld block(s): %s", n,
                  count, leaked, got);
        }
        if (rc == CBOTO_ENOMEM) {
            /* Nothing that looks like a download may be left. */
            if (!strstr(got, "file=-1"))
                FAILF("allocation %ld of %ld failing left a file: %s", n,
                      count, got);
            enomem++;
            continue;
        }
        if (strcmp(want, got) != 0) {
            fprintf(stderr, "  expected: %s\n  got:      %s\n", want, got);
            cboto_exec_free(ex);
            cboto_client_free(cl);
            FAILF("allocation %ld of %ld failing changed the outcome", n,
                  count);
        }
    }
    unlink(s_file);
    rmdir(dir);
    cboto_exec_free(ex);
    ASSERT_OK(cboto_client_free(cl));
    /* Most allocations inside a send are not optional. */
    if (enomem < perform_count / 2)
        FAILF("only %ld of the %ld allocations inside the send ended in "
              "ENOMEM",
              enomem, perform_count);
    return 0;
}

static int test_get_object(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_GET, "plain", CBOTO_OK, NULL, 1};

    return torture(a, &sc);
}

static int test_get_object_to_file(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_GET_FILE, "plain", CBOTO_OK, NULL,
                                       1};

    return torture(a, &sc);
}

static int test_put_object(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_PUT, "plain", CBOTO_OK, NULL, 1};

    return torture(a, &sc);
}

static int test_list_objects(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_LIST, "plain", CBOTO_OK, NULL, 1};

    return torture(a, &sc);
}

static int test_access_denied(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_GET, "denied", CBOTO_ESERVICE,
                                       "AccessDenied", 1};

    return torture(a, &sc);
}

static int test_slowdown_retried(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_LIST, "slowdown1", CBOTO_OK, NULL,
                                       2};

    return torture(a, &sc);
}

static int test_permanent_redirect(struct cboto_allocator *a)
{
    static const struct scenario sc = {OP_GET, "redirect", CBOTO_ESERVICE,
                                       "PermanentRedirect", 1};

    return torture(a, &sc);
}

HARNESS_MAIN(TEST_LIST)
