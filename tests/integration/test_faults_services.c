/* SPDX-License-Identifier: MIT */
/*
 * The fault matrix for SimpleDB Select and SQS ReceiveMessage, through the
 * blocking executor or (built with CBOTO_TEST_EVENT) the libevent one,
 * against tests/servers/fault_server.py started by with-faults.sh.
 * SimpleDB scenarios are picked by the domain in the select expression,
 * SQS scenarios by the queue name in the queue URL.  Each test writes down
 * the outcome it expects: the code, the detail and the attempts.
 */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cboto/cboto.h>

#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(sdb_throttle_then_success)                                              \
    X(sdb_throttle_exhausts_attempts)                                         \
    X(sdb_500_retried_to_the_limit)                                           \
    X(sdb_reset_mid_body_retried)                                             \
    X(sdb_short_body_retried)                                                 \
    X(sdb_malformed_xml_is_a_parse_error)                                     \
    X(sdb_wrong_shape_is_a_parse_error)                                       \
    X(sdb_body_over_cap_is_too_big)                                           \
    X(sdb_100_continue_then_silence_times_out)                                \
    X(sqs_throttling_exception_then_success)                                  \
    X(sqs_request_throttled_then_success)                                     \
    X(sqs_throttle_exhausts_attempts)                                         \
    X(sqs_500_retried_to_the_limit)                                           \
    X(sqs_reset_mid_body_retried)                                             \
    X(sqs_short_body_retried)                                                 \
    X(sqs_malformed_xml_is_a_parse_error)                                     \
    X(sqs_wrong_shape_is_a_parse_error)                                       \
    X(sqs_body_over_cap_is_too_big)                                           \
    X(sqs_100_continue_then_silence_times_out)
#include "harness.h"

#include "faultctl.h"

struct opts {
    int attempts;
    long read_ms;
    size_t cap;
};

static int setup(struct cboto_allocator *a, struct opts o_,
                 struct cboto_client **cl, struct cboto_exec **ex)
{
    struct cboto_client_options o;

    if (fault_client_options(&o, a)) {
        skip("run through tests/integration/with-faults.sh");
        return TEST_SKIP;
    }
    o.max_attempts = o_.attempts;
    o.read_timeout_ms = o_.read_ms;
    o.max_response_bytes = o_.cap;
    if (cboto_client_new(&o, cl) != CBOTO_OK || cboto_exec_new(NULL, ex))
        return 1;
    return 0;
}

static void teardown(struct cboto_client *cl, struct cboto_exec *ex)
{
    cboto_exec_free(ex);
    cboto_client_free(cl);
}

/* Select * from the domain naming the scenario. */
static int select_(struct cboto_client *cl, struct cboto_exec *ex,
                   const char *scenario, struct cboto_response **resp)
{
    struct cboto_request *rq;
    char expr[128];
    int rc;

    snprintf(expr, sizeof expr, "select * from `%s`", scenario);
    rc = cboto_sdb_select(
        cl, &(struct cboto_sdb_select_params){.expression = expr}, &rq);
    if (rc)
        return rc;
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

/* ReceiveMessage on the queue naming the scenario; a short poll
 * (WaitTimeSeconds=0), so the read timeout is not stretched for a wait. */
static int receive(struct cboto_client *cl, struct cboto_exec *ex,
                   const char *scenario, struct cboto_response **resp)
{
    struct cboto_request *rq;
    char url[256];
    int rc;

    snprintf(url, sizeof url, "%s/123456789012/%s", s_ep, scenario);
    rc = cboto_sqs_receive_message(
        cl,
        &(struct cboto_sqs_receive_params){.queue_url = url,
                                           .max_number_of_messages = 10,
                                           .wait_set = 1,
                                           .wait_time_seconds = 0},
        &rq);
    if (rc)
        return rc;
    rc = perform(ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

#define AGAIN(...)                                                            \
    do {                                                                      \
        int s_ = setup(a, (struct opts){__VA_ARGS__}, &cl, &ex);              \
        if (s_)                                                               \
            return s_;                                                        \
        resp = NULL;                                                          \
    } while (0)

#define SETUP(...)                                                            \
    struct cboto_client *cl = NULL;                                           \
    struct cboto_exec *ex = NULL;                                             \
    struct cboto_response *resp = NULL;                                       \
    AGAIN(__VA_ARGS__)

#define DONE()                                                                \
    do {                                                                      \
        cboto_response_release(resp);                                         \
        teardown(cl, ex);                                                     \
    } while (0)

/* A good Select page from the server: one item "item0" color=blue. */
static int check_select_ok(const struct cboto_response *resp)
{
    const struct cboto_sdb_select_result *r = cboto_sdb_select_result(resp);

    ASSERT_NOT_NULL(r);
    ASSERT_EQ(1, r->n_items);
    ASSERT_STREQ("item0", r->items[0].name);
    ASSERT_EQ(1, r->items[0].n_attrs);
    ASSERT_STREQ("color", r->items[0].attrs[0].name);
    ASSERT_STREQ("blue", r->items[0].attrs[0].value);
    ASSERT_NULL(r->next_token);
    ASSERT_STREQ("REQ-ok", r->meta.request_id);
    return 0;
}

/* A good ReceiveMessage answer: one message "hello 0". */
static int check_receive_ok(const struct cboto_response *resp)
{
    const struct cboto_sqs_receive_result *r = cboto_sqs_receive_result(resp);

    ASSERT_NOT_NULL(r);
    ASSERT_EQ(1, r->n_messages);
    ASSERT_STREQ("m-0", r->messages[0].message_id);
    ASSERT_STREQ("rh-0", r->messages[0].receipt_handle);
    ASSERT_MEMEQ("hello 0", 7, r->messages[0].body, r->messages[0].body_len);
    ASSERT_STREQ("REQ-ok", r->request_id);
    return 0;
}

/* ---- SimpleDB Select ---------------------------------------------------- */

static int test_sdb_throttle_then_success(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(select_(cl, ex, "sdb_throttle2", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("sdb_throttle2"));
    ASSERT_EQ(0, check_select_ok(resp));
    DONE();
    return 0;
}

static int test_sdb_throttle_exhausts_attempts(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, select_(cl, ex, "sdb_throttle9", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("sdb_throttle9"));
    ASSERT_EQ(503, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("ServiceUnavailable",
                 cboto_response_error(resp)->service_code);
    ASSERT_STREQ("REQ-ServiceUnavailable",
                 cboto_response_error(resp)->request_id);
    ASSERT_NOT_NULL(cboto_response_error(resp)->message);
    ASSERT_TRUE(strstr(cboto_response_error(resp)->message,
                       "currently unavailable") != NULL);
    ASSERT_NULL(cboto_sdb_select_result(resp));
    DONE();
    return 0;
}

static int test_sdb_500_retried_to_the_limit(struct cboto_allocator *a)
{
    SETUP(4, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, select_(cl, ex, "sdb_err500", &resp));
    ASSERT_EQ(4, cboto_response_attempts(resp));
    ASSERT_EQ(4, hits("sdb_err500"));
    ASSERT_EQ(500, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("InternalError", cboto_response_error(resp)->service_code);
    ASSERT_STREQ("REQ-InternalError", cboto_response_error(resp)->request_id);
    ASSERT_NULL(cboto_sdb_select_result(resp));
    DONE();
    return 0;
}

/* The first answer breaks off mid-body: a policy with attempts left gets
 * the whole second answer (no trace of the first); one without reports a
 * transport failure. */
static int broken_body(struct cboto_allocator *a, const char *scenario,
                       int sqs)
{
    int (*call)(struct cboto_client *, struct cboto_exec *, const char *,
                struct cboto_response **) = sqs ? receive : select_;

    SETUP(3, 0, 0);
    ASSERT_OK(call(cl, ex, scenario, &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_EQ(2, hits(scenario));
    ASSERT_EQ(0, sqs ? check_receive_ok(resp) : check_select_ok(resp));
    DONE();

    AGAIN(1, 0, 0);
    ASSERT_EQ(CBOTO_ETRANSPORT, call(cl, ex, scenario, &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits(scenario));
    ASSERT_EQ(CBOTO_ETRANSPORT, cboto_response_error(resp)->code);
    ASSERT_NOT_NULL(cboto_response_error(resp)->transport);
    ASSERT_NULL(sqs ? (const void *)cboto_sqs_receive_result(resp)
                    : (const void *)cboto_sdb_select_result(resp));
    DONE();
    return 0;
}

static int test_sdb_reset_mid_body_retried(struct cboto_allocator *a)
{
    return broken_body(a, "sdb_resetbody", 0);
}

static int test_sdb_short_body_retried(struct cboto_allocator *a)
{
    return broken_body(a, "sdb_short", 0);
}

static int test_sdb_malformed_xml_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, select_(cl, ex, "sdb_badxml", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sdb_badxml"));
    ASSERT_EQ(200, cboto_response_status(resp));
    ASSERT_EQ(CBOTO_EPARSE, cboto_response_error(resp)->code);
    ASSERT_NULL(cboto_sdb_select_result(resp));
    DONE();
    return 0;
}

static int test_sdb_wrong_shape_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, select_(cl, ex, "sdb_wrongshape", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sdb_wrongshape"));
    ASSERT_NULL(cboto_sdb_select_result(resp));
    ASSERT_NULL(cboto_sdb_meta_result(resp));
    DONE();
    return 0;
}

static int test_sdb_body_over_cap_is_too_big(struct cboto_allocator *a)
{
    /* 200 items are ~20 KiB of well-formed XML; the cap is 4 KiB. */
    SETUP(3, 0, 4096);
    ASSERT_EQ(CBOTO_ETOOBIG, select_(cl, ex, "sdb_big200", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sdb_big200"));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto_response_error(resp)->code);
    ASSERT_NULL(cboto_sdb_select_result(resp));
    DONE();
    /* The same answer under the default cap parses whole. */
    AGAIN(3, 0, 0);
    ASSERT_OK(select_(cl, ex, "sdb_big200", &resp));
    ASSERT_EQ(200, cboto_sdb_select_result(resp)->n_items);
    DONE();
    return 0;
}

/* "100 Continue" and then nothing for 10 s: the attempt must end at the
 * read timeout (700 ms: "the longest time without receiving a byte"), with
 * CBOTO_ETIMEDOUT, long before the server would hang up. */
static int continue_silence(struct cboto_allocator *a, const char *scenario,
                            int sqs)
{
    struct timespec t0, t1;
    double secs;
    char why[256];
    int rc, attempts, code;

    SETUP(1, 700, 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = (sqs ? receive : select_)(cl, ex, scenario, &resp);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) +
           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    attempts = cboto_response_attempts(resp);
    code = cboto_response_error(resp)->code;
    snprintf(why, sizeof why, "%s",
             cboto_response_error(resp)->transport
                 ? cboto_response_error(resp)->transport
                 : "(none)");
    DONE();
    if (secs >= 3.0 || rc != CBOTO_ETIMEDOUT) {
        /* Known library bug (reported on issue 9): the read timeout is
         * libcurl's LOW_SPEED_LIMIT 1 B/s over LOW_SPEED_TIME, and libcurl
         * averages the speed over a ~5 s window, so once any byte moved
         * (the request body, the 100 Continue) a silence is noticed only
         * after about 6 s, whatever read_timeout_ms says. */
        FAILF("read_timeout_ms=700 not honoured after a 100 Continue: "
              "%s after %.1f s (%s)",
              cboto_err_name(rc), secs, why);
    }
    ASSERT_EQ(CBOTO_ETIMEDOUT, code);
    ASSERT_EQ(1, attempts);
    ASSERT_EQ(1, hits(scenario));
    ASSERT_TRUE(strcmp(why, "(none)") != 0);
    ASSERT_TRUE(secs >= 0.6);
    return 0;
}

static int
test_sdb_100_continue_then_silence_times_out(struct cboto_allocator *a)
{
    return continue_silence(a, "sdb_continue10", 0);
}

/* ---- SQS ReceiveMessage ------------------------------------------------- */

static int
test_sqs_throttling_exception_then_success(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(receive(cl, ex, "sqs_throttle2", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("sqs_throttle2"));
    ASSERT_EQ(0, check_receive_ok(resp));
    DONE();
    return 0;
}

static int test_sqs_request_throttled_then_success(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_OK(receive(cl, ex, "sqs_rthrottle1", &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_EQ(2, hits("sqs_rthrottle1"));
    ASSERT_EQ(0, check_receive_ok(resp));
    DONE();
    return 0;
}

static int test_sqs_throttle_exhausts_attempts(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, receive(cl, ex, "sqs_throttle9", &resp));
    ASSERT_EQ(3, cboto_response_attempts(resp));
    ASSERT_EQ(3, hits("sqs_throttle9"));
    ASSERT_EQ(400, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("ThrottlingException",
                 cboto_response_error(resp)->service_code);
    ASSERT_STREQ("Rate exceeded", cboto_response_error(resp)->message);
    ASSERT_STREQ("REQ-ThrottlingException",
                 cboto_response_error(resp)->request_id);
    ASSERT_NULL(cboto_sqs_receive_result(resp));
    DONE();
    AGAIN(2, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, receive(cl, ex, "sqs_rthrottle9", &resp));
    ASSERT_EQ(2, cboto_response_attempts(resp));
    ASSERT_EQ(403, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("RequestThrottled", cboto_response_error(resp)->service_code);
    DONE();
    return 0;
}

static int test_sqs_500_retried_to_the_limit(struct cboto_allocator *a)
{
    SETUP(4, 0, 0);
    ASSERT_EQ(CBOTO_ESERVICE, receive(cl, ex, "sqs_err500", &resp));
    ASSERT_EQ(4, cboto_response_attempts(resp));
    ASSERT_EQ(4, hits("sqs_err500"));
    ASSERT_EQ(500, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("InternalError", cboto_response_error(resp)->service_code);
    ASSERT_STREQ("REQ-InternalError", cboto_response_error(resp)->request_id);
    DONE();
    return 0;
}

static int test_sqs_reset_mid_body_retried(struct cboto_allocator *a)
{
    return broken_body(a, "sqs_resetbody", 1);
}

static int test_sqs_short_body_retried(struct cboto_allocator *a)
{
    return broken_body(a, "sqs_short", 1);
}

static int test_sqs_malformed_xml_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, receive(cl, ex, "sqs_badxml", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sqs_badxml"));
    ASSERT_EQ(200, cboto_response_status(resp));
    ASSERT_NULL(cboto_sqs_receive_result(resp));
    DONE();
    return 0;
}

static int test_sqs_wrong_shape_is_a_parse_error(struct cboto_allocator *a)
{
    SETUP(3, 0, 0);
    ASSERT_EQ(CBOTO_EPARSE, receive(cl, ex, "sqs_wrongshape", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sqs_wrongshape"));
    ASSERT_NULL(cboto_sqs_receive_result(resp));
    DONE();
    return 0;
}

static int test_sqs_body_over_cap_is_too_big(struct cboto_allocator *a)
{
    SETUP(3, 0, 4096);
    ASSERT_EQ(CBOTO_ETOOBIG, receive(cl, ex, "sqs_big100", &resp));
    ASSERT_EQ(1, cboto_response_attempts(resp));
    ASSERT_EQ(1, hits("sqs_big100"));
    ASSERT_EQ(CBOTO_ETOOBIG, cboto_response_error(resp)->code);
    ASSERT_NULL(cboto_sqs_receive_result(resp));
    DONE();
    AGAIN(3, 0, 0);
    ASSERT_OK(receive(cl, ex, "sqs_big100", &resp));
    ASSERT_EQ(100, cboto_sqs_receive_result(resp)->n_messages);
    DONE();
    return 0;
}

static int
test_sqs_100_continue_then_silence_times_out(struct cboto_allocator *a)
{
    return continue_silence(a, "sqs_continue10", 1);
}

HARNESS_MAIN(TEST_LIST)
