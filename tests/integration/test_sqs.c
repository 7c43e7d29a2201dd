/* SPDX-License-Identifier: MIT */
/*
 * Amazon SQS end to end against moto_server with signature checking on
 * (started by with-moto.sh): every action, through the blocking executor
 * or (built with CBOTO_TEST_EVENT) the libevent executor.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include <cboto/cboto.h>

#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(queue_lifecycle_and_attributes)                                         \
    X(tags_and_dead_letter_sources)                                           \
    X(list_queues_pager)                                                      \
    X(send_receive_delete_exact_round_trip)                                   \
    X(batches_with_partial_failures)                                          \
    X(fifo_order_within_group_and_dedup)                                      \
    X(visibility_timeout_expiry_redelivers)                                   \
    X(long_poll_waits_and_returns_early)                                      \
    X(long_poll_leaves_loop_free)                                             \
    X(service_errors_and_wrong_secret)
#include "harness.h"

static const char *s_ep, *s_ak, *s_sk;
static int s_seq;

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

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* moto's checker re-encodes a form body with Python's urlencode (space as
 * '+') before hashing it; cboto writes form bodies the same way, so every
 * test here runs with signature checking on. */

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

/* Run a request whose answer is not needed beyond its code. */
static int run0(struct cboto_exec *ex, int build_rc,
                struct cboto_request **rqp)
{
    struct cboto_response *resp = NULL;
    int rc;

    /* rq is read only now: the builder ran as an earlier argument. */
    if (build_rc)
        return build_rc;
    rc = run(ex, *rqp, &resp);
    if (rc) {
        char buf[512];

        fprintf(stderr, "  %s\n",
                cboto_response_describe(resp, rc, buf, sizeof buf));
    }
    cboto_response_release(resp);
    return rc;
}

static int setup(struct cboto_allocator *a, struct cboto_client **cl,
                 struct cboto_exec **ex)
{
    if (!env_ready())
        return TEST_SKIP;
    ASSERT_OK(new_client(a, NULL, cl));
    ASSERT_OK(cboto_exec_new(NULL, ex));
    return 0;
}

static int teardown(struct cboto_client *cl, struct cboto_exec *ex)
{
    cboto_exec_free(ex);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* Create a queue named prefix-PID-N(.fifo) and copy its URL to url. */
static int make_queue(struct cboto_client *cl, struct cboto_exec *ex,
                      const char *prefix, int fifo,
                      const struct cboto_sqs_attribute *extra, size_t n_extra,
                      char *url, size_t size)
{
    struct cboto_sqs_attribute at[8];
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_sqs_queue_url_result *r;
    char name[96];
    size_t n = 0, i;
    int rc;

    snprintf(name, sizeof name, "%s-%d-%d%s", prefix, (int)getpid(), ++s_seq,
             fifo ? ".fifo" : "");
    if (fifo) {
        at[n].name = "FifoQueue";
        at[n++].value = "true";
    }
    for (i = 0; i < n_extra && n < 8; i++)
        at[n++] = extra[i];
    rc = cboto_sqs_create_queue(
        cl, &(struct cboto_sqs_create_queue_params){name, at, n, NULL, 0},
        &rq);
    if (rc)
        return rc;
    rc = run(ex, rq, &resp);
    r = cboto_sqs_queue_url_result(resp);
    if (!rc && !r)
        rc = -99;
    if (!rc)
        snprintf(url, size, "%s", r->queue_url);
    cboto_response_release(resp);
    return rc;
}

static int attr_value(const struct cboto_sqs_attribute_list *l,
                      const char *name, const char **out)
{
    size_t i;

    for (i = 0; i < l->n_attributes; i++)
        if (strcmp(l->attributes[i].name, name) == 0) {
            *out = l->attributes[i].value;
            return 0;
        }
    return -1;
}

static int test_queue_lifecycle_and_attributes(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_attribute at[] = {{"VisibilityTimeout", "45"},
                                       {"DelaySeconds", "0"}};
    struct cboto_sqs_attribute set[] = {{"VisibilityTimeout", "60"}};
    static const char *const names[] = {"VisibilityTimeout", "QueueArn"};
    char url[256], name[64], built[256];
    const char *v;
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "life", 0, at, 2, url, sizeof url));
    snprintf(name, sizeof name, "%s", strrchr(url, '/') + 1);
    /* GetQueueUrl from the name, and the I/O-free formatter agree. */
    ASSERT_OK(cboto_sqs_get_queue_url(
        cl, &(struct cboto_sqs_get_queue_url_params){name, NULL}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_STREQ(url, cboto_sqs_queue_url_result(resp)->queue_url);
    cboto_response_release(resp);
    ASSERT_OK(
        cboto_sqs_queue_url(cl, "123456789012", name, built, sizeof built));
    ASSERT_STREQ(url, built);
    /* Attributes as created, then changed. */
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl, &(struct cboto_sqs_get_attributes_params){url, names, 2}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_OK(attr_value(cboto_sqs_attribute_list_result(resp),
                         "VisibilityTimeout", &v));
    ASSERT_STREQ("45", v);
    ASSERT_OK(
        attr_value(cboto_sqs_attribute_list_result(resp), "QueueArn", &v));
    ASSERT_TRUE(strstr(v, name) != NULL);
    cboto_response_release(resp);
    ASSERT_OK(run0(
        ex,
        cboto_sqs_set_queue_attributes(
            cl, &(struct cboto_sqs_set_attributes_params){url, set, 1}, &rq),
        &rq));
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl, &(struct cboto_sqs_get_attributes_params){url, NULL, 0}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_OK(attr_value(cboto_sqs_attribute_list_result(resp),
                         "VisibilityTimeout", &v));
    ASSERT_STREQ("60", v);
    ASSERT_NOT_NULL(cboto_sqs_request_id(resp));
    cboto_response_release(resp);
    /* Purge empties, delete removes. */
    {
        struct cboto_sqs_send_params sp;

        memset(&sp, 0, sizeof sp);
        sp.queue_url = url;
        sp.body = "to-be-purged";
        ASSERT_OK(run0(ex, cboto_sqs_send_message(cl, &sp, &rq), &rq));
    }
    ASSERT_OK(run0(
        ex,
        cboto_sqs_purge_queue(cl, &(struct cboto_sqs_queue_params){url}, &rq),
        &rq));
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl,
        &(struct cboto_sqs_get_attributes_params){
            url, (const char *const[]){"ApproximateNumberOfMessages"}, 1},
        &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_OK(attr_value(cboto_sqs_attribute_list_result(resp),
                         "ApproximateNumberOfMessages", &v));
    ASSERT_STREQ("0", v);
    cboto_response_release(resp);
    ASSERT_OK(run0(
        ex,
        cboto_sqs_delete_queue(cl, &(struct cboto_sqs_queue_params){url}, &rq),
        &rq));
    ASSERT_OK(cboto_sqs_get_queue_url(
        cl, &(struct cboto_sqs_get_queue_url_params){name, NULL}, &rq));
    ASSERT_EQ(CBOTO_ESERVICE, run(ex, rq, &resp));
    ASSERT_STREQ("AWS.SimpleQueueService.NonExistentQueue",
                 cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    return teardown(cl, ex);
}

static int test_tags_and_dead_letter_sources(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_attribute tags[] = {{"team", "core"},
                                         {"note", "<&> \xc3\xa9t\xc3\xa9"}};
    static const char *const drop[] = {"team"};
    struct cboto_sqs_attribute redrive[1];
    const struct cboto_sqs_attribute_list *l;
    const struct cboto_sqs_queue_list *ql;
    char dlq[256], src[256], policy[512], arn[256];
    const char *v;
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "dlq", 0, NULL, 0, dlq, sizeof dlq));
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl,
        &(struct cboto_sqs_get_attributes_params){
            dlq, (const char *const[]){"QueueArn"}, 1},
        &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_OK(
        attr_value(cboto_sqs_attribute_list_result(resp), "QueueArn", &v));
    snprintf(arn, sizeof arn, "%s", v);
    cboto_response_release(resp);
    snprintf(policy, sizeof policy,
             "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"3\"}",
             arn);
    redrive[0].name = "RedrivePolicy";
    redrive[0].value = policy;
    ASSERT_OK(make_queue(cl, ex, "src", 0, redrive, 1, src, sizeof src));
    ASSERT_OK(cboto_sqs_list_dead_letter_source_queues(
        cl, &(struct cboto_sqs_list_dlq_params){dlq, 0, NULL}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ql = cboto_sqs_queue_list_result(resp);
    ASSERT_NOT_NULL(ql);
    ASSERT_EQ(1, ql->n_queue_urls);
    ASSERT_STREQ(src, ql->queue_urls[0]);
    cboto_response_release(resp);
    /* Tags, including XML-special and non-ASCII values and a space, with
     * moto checking the signature. */
    rc = run0(
        ex,
        cboto_sqs_tag_queue(
            cl, &(struct cboto_sqs_set_attributes_params){src, tags, 2}, &rq),
        &rq);
    ASSERT_OK(rc);
    ASSERT_OK(cboto_sqs_list_queue_tags(
        cl, &(struct cboto_sqs_queue_params){src}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    l = cboto_sqs_attribute_list_result(resp);
    ASSERT_EQ(2, l->n_attributes);
    ASSERT_OK(attr_value(l, "note", &v));
    ASSERT_STREQ(tags[1].value, v);
    cboto_response_release(resp);
    ASSERT_OK(
        run0(ex,
             cboto_sqs_untag_queue(
                 cl, &(struct cboto_sqs_untag_params){src, drop, 1}, &rq),
             &rq));
    ASSERT_OK(cboto_sqs_list_queue_tags(
        cl, &(struct cboto_sqs_queue_params){src}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    l = cboto_sqs_attribute_list_result(resp);
    ASSERT_EQ(1, l->n_attributes);
    ASSERT_STREQ("note", l->attributes[0].name);
    cboto_response_release(resp);
    return teardown(cl, ex);
}

struct walk {
    size_t found;
    int calls;
    int err;
};

static int count_page(struct cboto_pager *pg, struct cboto_response *resp,
                      void *ud)
{
    const struct cboto_sqs_queue_list *l = cboto_sqs_queue_list_result(resp);
    struct walk *w = ud;
    size_t i;

    (void)pg;
    if (!l)
        return 1;
    for (i = 0; i < l->n_queue_urls; i++)
        if (strstr(l->queue_urls[i], "/pg-"))
            w->found++;
    return 0;
}

#ifdef CBOTO_TEST_EVENT

static void walk_done(struct cboto_pager *pg, int err,
                      struct cboto_response *last, void *ud)
{
    struct walk *w = ud;

    (void)pg;
    (void)last;
    w->calls++;
    w->err = err;
}
#endif

static int test_list_queues_pager(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_pager *pg;
    char url[256], prefix[32];
    struct walk w = {0, 0, 0};
    int i, rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    for (i = 0; i < 3; i++)
        ASSERT_OK(make_queue(cl, ex, "pg", 0, NULL, 0, url, sizeof url));
    ASSERT_OK(make_queue(cl, ex, "other", 0, NULL, 0, url, sizeof url));
    snprintf(prefix, sizeof prefix, "pg-%d", (int)getpid());
    ASSERT_OK(cboto_sqs_list_queues(
        cl, &(struct cboto_sqs_list_queues_params){prefix, 0, NULL}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_EQ(3, cboto_sqs_queue_list_result(resp)->n_queue_urls);
    cboto_response_release(resp);
    ASSERT_OK(cboto_sqs_list_queues_pager(
        cl, &(struct cboto_sqs_list_queues_params){prefix, 2, NULL}, &pg));
#ifdef CBOTO_TEST_EVENT
    /* The loop exists: perform() made it for the requests above. */
    ASSERT_OK(cboto_evexec_paginate(s_evx, pg, count_page, walk_done, &w));
    while (w.calls == 0)
        ASSERT_TRUE(event_base_loop(s_base, EVLOOP_ONCE) >= 0);
    ASSERT_EQ(1, w.calls);
    ASSERT_OK(w.err);
#else
    ASSERT_OK(cboto_exec_paginate(ex, pg, count_page, &w, NULL));
#endif
    ASSERT_EQ(3, w.found);
    ASSERT_TRUE(cboto_pager_done(pg));
    ASSERT_TRUE(cboto_pager_pages(pg) >= 1);
    cboto_pager_free(pg);
    return teardown(cl, ex);
}

static const uint8_t s_bin[] = {0x00, 0xff, 0x3c, 0x26, 0x0a, 0x80};

static int round_trip(struct cboto_client *cl, struct cboto_exec *ex)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const char *body = "<msg a=\"1\" b='2'>&amp; \xc3\xa9\xe2\x82\xac "
                       "\xf0\x9f\x98\x80\ttab\nline]]></msg>";
    struct cboto_sqs_message_attribute at[] = {
        {"text", "String", "<&>\"' \xc3\xbc\xe2\x82\xac", {NULL, 0}},
        {"count", "Number", "-12.5e3", {NULL, 0}},
        {"blob", "Binary.raw", NULL, {s_bin, sizeof s_bin}},
        {"a.b-c_d", "String.label", "x", {NULL, 0}}};
    static const char *const all[] = {"All"};
    struct cboto_sqs_send_params sp;
    struct cboto_sqs_receive_params rp;
    const struct cboto_sqs_receive_result *rr;
    const struct cboto_sqs_message *m;
    const struct cboto_sqs_sent *sent;
    char url[256], msgid[128], md5[33];
    size_t i, j;

    ASSERT_OK(make_queue(cl, ex, "rt", 0, NULL, 0, url, sizeof url));
    memset(&sp, 0, sizeof sp);
    sp.queue_url = url;
    sp.body = body;
    sp.attributes = at;
    sp.n_attributes = 4;
    ASSERT_OK(cboto_sqs_send_message(cl, &sp, &rq));
    ASSERT_OK(perform(ex, rq, &resp));
    sent = cboto_sqs_send_result(resp);
    ASSERT_NOT_NULL(sent);
    ASSERT_OK(cboto_sqs_send_check(rq, resp));
    ASSERT_OK(cboto_sqs_md5_of_attributes(at, 4, md5));
    ASSERT_STREQ(md5, sent->md5_of_message_attributes);
    snprintf(msgid, sizeof msgid, "%s", sent->message_id);
    cboto_response_release(resp);
    cboto_request_release(rq);

    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.max_number_of_messages = 10;
    rp.message_attribute_names = all;
    rp.n_message_attribute_names = 1;
    rp.attribute_names = all;
    rp.n_attribute_names = 1;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    rr = cboto_sqs_receive_result(resp);
    ASSERT_NOT_NULL(rr);
    ASSERT_EQ(1, rr->n_messages);
    m = &rr->messages[0];
    ASSERT_STREQ(msgid, m->message_id);
    ASSERT_MEMEQ(body, strlen(body), m->body, m->body_len);
    ASSERT_EQ(4, m->n_message_attributes);
    for (i = 0; i < 4; i++) {
        for (j = 0; j < m->n_message_attributes; j++)
            if (strcmp(m->message_attributes[j].name, at[i].name) == 0)
                break;
        ASSERT_TRUE(j < m->n_message_attributes);
        ASSERT_STREQ(at[i].data_type, m->message_attributes[j].data_type);
        if (at[i].string_value)
            ASSERT_STREQ(at[i].string_value,
                         m->message_attributes[j].string_value);
        else
            ASSERT_MEMEQ(at[i].binary_value.ptr, at[i].binary_value.len,
                         m->message_attributes[j].binary_value.ptr,
                         m->message_attributes[j].binary_value.len);
    }
    ASSERT_TRUE(m->n_attributes >= 3);
    ASSERT_OK(
        run0(ex,
             cboto_sqs_delete_message(cl,
                                      &(struct cboto_sqs_handle_params){
                                          url, NULL, m->receipt_handle, 0},
                                      &rq),
             &rq));
    cboto_response_release(resp);
    /* Gone: an immediate receive finds nothing. */
    rp.visibility_set = 1;
    rp.visibility_timeout = 0;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    ASSERT_EQ(0, cboto_sqs_receive_result(resp)->n_messages);
    cboto_response_release(resp);
    return 0;
}

static int test_send_receive_delete_exact_round_trip(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    rc = round_trip(cl, ex);
    if (rc)
        return rc;
    return teardown(cl, ex);
}

static int test_batches_with_partial_failures(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_send_params e[3];
    struct cboto_sqs_handle_params h[3];
    struct cboto_sqs_receive_params rp;
    const struct cboto_sqs_batch_result *b;
    const struct cboto_sqs_receive_result *rr;
    struct cboto_sqs_message_attribute at = {"k", "Number", "42", {NULL, 0}};
    char url[256], handles[2][1024];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "batch", 0, NULL, 0, url, sizeof url));
    memset(e, 0, sizeof e);
    e[0].id = "one";
    e[0].body = "first-\xc3\xa9";
    e[1].id = "two";
    e[1].body = "second<b>&amp;";
    e[1].attributes = &at;
    e[1].n_attributes = 1;
    e[2].id = "three";
    e[2].body = "third";
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){url, e, 2}, &rq));
    ASSERT_OK(perform(ex, rq, &resp));
    b = cboto_sqs_batch_result(resp);
    ASSERT_EQ(2, b->n_successful);
    ASSERT_EQ(0, b->n_failed);
    ASSERT_OK(cboto_sqs_send_check(rq, resp));
    cboto_response_release(resp);
    cboto_request_release(rq);

    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.max_number_of_messages = 10;
    rp.message_attribute_names = (const char *const[]){"All"};
    rp.n_message_attribute_names = 1;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    rr = cboto_sqs_receive_result(resp);
    ASSERT_EQ(2, rr->n_messages);
    snprintf(handles[0], sizeof handles[0], "%s",
             rr->messages[0].receipt_handle);
    snprintf(handles[1], sizeof handles[1], "%s",
             rr->messages[1].receipt_handle);
    cboto_response_release(resp);

    /* Visibility batch: two good handles, one bad. */
    memset(h, 0, sizeof h);
    h[0].id = "a";
    h[0].receipt_handle = handles[0];
    h[0].visibility_timeout = 30;
    h[1].id = "b";
    h[1].receipt_handle = handles[1];
    h[1].visibility_timeout = 30;
    h[2].id = "bad";
    h[2].receipt_handle = "not-a-handle";
    h[2].visibility_timeout = 30;
    ASSERT_OK(cboto_sqs_change_message_visibility_batch(
        cl, &(struct cboto_sqs_handle_batch_params){url, h, 3}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    b = cboto_sqs_batch_result(resp);
    ASSERT_EQ(2, b->n_successful);
    ASSERT_EQ(1, b->n_failed);
    ASSERT_STREQ("bad", b->failed[0].id);
    ASSERT_STREQ("ReceiptHandleIsInvalid", b->failed[0].code);
    ASSERT_EQ(1, b->failed[0].sender_fault);
    cboto_response_release(resp);
    /* Delete batch: the same partial failure, reported per entry. */
    ASSERT_OK(cboto_sqs_delete_message_batch(
        cl, &(struct cboto_sqs_handle_batch_params){url, h, 3}, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    b = cboto_sqs_batch_result(resp);
    ASSERT_EQ(2, b->n_successful);
    ASSERT_EQ(1, b->n_failed);
    ASSERT_STREQ("bad", b->failed[0].id);
    ASSERT_TRUE(strcmp(b->successful[0].id, "a") == 0 ||
                strcmp(b->successful[1].id, "a") == 0);
    cboto_response_release(resp);
    /* A single visibility change on a deleted message's handle fails. */
    ASSERT_OK(cboto_sqs_change_message_visibility(
        cl, &(struct cboto_sqs_handle_params){url, NULL, "not-a-handle", 5},
        &rq));
    ASSERT_EQ(CBOTO_ESERVICE, run(ex, rq, &resp));
    ASSERT_STREQ("ReceiptHandleIsInvalid",
                 cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    return teardown(cl, ex);
}

static int test_fifo_order_within_group_and_dedup(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_send_params sp;
    struct cboto_sqs_receive_params rp;
    const struct cboto_sqs_receive_result *rr;
    char url[256], body[32], dedup[32], first_id[128];
    int i, rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "order", 1, NULL, 0, url, sizeof url));
    memset(&sp, 0, sizeof sp);
    sp.queue_url = url;
    sp.message_group_id = "g1";
    for (i = 0; i < 6; i++) {
        const struct cboto_sqs_sent *s;

        snprintf(body, sizeof body, "m%d", i);
        snprintf(dedup, sizeof dedup, "d%d", i < 5 ? i : 0);
        sp.body = i < 5 ? body : "m0";
        sp.message_deduplication_id = dedup;
        ASSERT_OK(cboto_sqs_send_message(cl, &sp, &rq));
        ASSERT_OK(run(ex, rq, &resp));
        s = cboto_sqs_send_result(resp);
        ASSERT_NOT_NULL(s->sequence_number);
        if (i == 0)
            snprintf(first_id, sizeof first_id, "%s", s->message_id);
        ASSERT_TRUE(*first_id != '\0');
        cboto_response_release(resp);
    }
    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.max_number_of_messages = 10;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    ASSERT_OK(run(ex, rq, &resp));
    rr = cboto_sqs_receive_result(resp);
    ASSERT_EQ(5, rr->n_messages);
    for (i = 0; i < 5; i++) {
        snprintf(body, sizeof body, "m%d", i);
        ASSERT_STREQ(body, rr->messages[i].body);
    }
    cboto_response_release(resp);
    /* Missing group id is refused before any I/O. */
    sp.message_group_id = NULL;
    rq = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &sp, &rq));
    ASSERT_NULL(rq);
    return teardown(cl, ex);
}

static int receive_one(struct cboto_client *cl, struct cboto_exec *ex,
                       const char *url, int visibility, char *handle,
                       size_t hsize, char *count, size_t csize)
{
    struct cboto_sqs_receive_params rp;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_sqs_receive_result *rr;
    int rc, n = -1;

    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.visibility_set = 1;
    rp.visibility_timeout = visibility;
    rp.attribute_names = (const char *const[]){"ApproximateReceiveCount"};
    rp.n_attribute_names = 1;
    rc = cboto_sqs_receive_message(cl, &rp, &rq);
    if (rc)
        return rc;
    rc = run(ex, rq, &resp);
    rr = cboto_sqs_receive_result(resp);
    if (!rc && rr) {
        n = (int)rr->n_messages;
        if (n == 1) {
            size_t i;

            snprintf(handle, hsize, "%s", rr->messages[0].receipt_handle);
            for (i = 0; i < rr->messages[0].n_attributes; i++)
                if (strcmp(rr->messages[0].attributes[i].name,
                           "ApproximateReceiveCount") == 0)
                    snprintf(count, csize, "%s",
                             rr->messages[0].attributes[i].value);
        }
    }
    cboto_response_release(resp);
    return rc ? rc : n;
}

static int test_visibility_timeout_expiry_redelivers(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_sqs_send_params sp;
    char url[256], handle[1024], count[16];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "vis", 0, NULL, 0, url, sizeof url));
    memset(&sp, 0, sizeof sp);
    sp.queue_url = url;
    sp.body = "again";
    ASSERT_OK(run0(ex, cboto_sqs_send_message(cl, &sp, &rq), &rq));
    ASSERT_EQ(1, receive_one(cl, ex, url, 1, handle, sizeof handle, count,
                             sizeof count));
    ASSERT_STREQ("1", count);
    /* Invisible for its second... */
    ASSERT_EQ(0, receive_one(cl, ex, url, 1, handle, sizeof handle, count,
                             sizeof count));
    usleep(1300 * 1000);
    /* ...then delivered again. */
    ASSERT_EQ(1, receive_one(cl, ex, url, 30, handle, sizeof handle, count,
                             sizeof count));
    ASSERT_STREQ("2", count);
    /* ChangeMessageVisibility to 0 makes it visible at once. */
    ASSERT_OK(run0(
        ex,
        cboto_sqs_change_message_visibility(
            cl, &(struct cboto_sqs_handle_params){url, NULL, handle, 0}, &rq),
        &rq));
    ASSERT_EQ(1, receive_one(cl, ex, url, 30, handle, sizeof handle, count,
                             sizeof count));
    ASSERT_STREQ("3", count);
    return teardown(cl, ex);
}

static int test_long_poll_waits_and_returns_early(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_receive_params rp;
    char url[256];
    double t0, dt;
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "lp", 0, NULL, 0, url, sizeof url));
    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.wait_set = 1;
    rp.wait_time_seconds = 2;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    t0 = now_s();
    ASSERT_OK(run(ex, rq, &resp));
    dt = now_s() - t0;
    ASSERT_EQ(0, cboto_sqs_receive_result(resp)->n_messages);
    cboto_response_release(resp);
    ASSERT_TRUE(dt >= 1.8 && dt < 5.0);
    return teardown(cl, ex);
}

#ifdef CBOTO_TEST_EVENT
struct lp_state {
    struct cboto_client *cl;
    const char *url;
    int poll_done;
    int poll_err;
    size_t poll_msgs;
    int others_done;
    int others_done_during_poll;
    int other_err;
    double poll_end;
};

static void other_done(struct cboto_request *rq, int err,
                       struct cboto_response *resp, void *ud);

static int submit_other(struct lp_state *st)
{
    struct cboto_request *rq;
    int rc = cboto_sqs_get_queue_attributes(
        st->cl, &(struct cboto_sqs_get_attributes_params){st->url, NULL, 0},
        &rq);

    if (rc)
        return rc;
    rc = cboto_evexec_submit(s_evx, rq, other_done, st);
    cboto_request_release(rq);
    return rc;
}

static void other_done(struct cboto_request *rq, int err,
                       struct cboto_response *resp, void *ud)
{
    struct lp_state *st = ud;

    (void)rq;
    (void)resp;
    st->others_done++;
    if (err)
        st->other_err = err;
    if (!st->poll_done) {
        st->others_done_during_poll++;
        if (submit_other(st))
            st->other_err = -1;
    }
}

static void poll_done(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    struct lp_state *st = ud;
    const struct cboto_sqs_receive_result *r = cboto_sqs_receive_result(resp);

    (void)rq;
    st->poll_done = 1;
    st->poll_err = err;
    st->poll_msgs = r ? r->n_messages : 0;
    st->poll_end = now_s();
}
#endif

/* A 3 s long poll on the libevent executor: the loop keeps completing
 * other requests on the same executor meanwhile. */
static int test_long_poll_leaves_loop_free(struct cboto_allocator *a)
{
#ifdef CBOTO_TEST_EVENT
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_sqs_receive_params rp;
    struct lp_state st;
    char url[256];
    double t0;
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "lpev", 0, NULL, 0, url, sizeof url));
    memset(&st, 0, sizeof st);
    st.cl = cl;
    st.url = url;
    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.wait_set = 1;
    rp.wait_time_seconds = 3;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    t0 = now_s();
    ASSERT_OK(cboto_evexec_submit(s_evx, rq, poll_done, &st));
    cboto_request_release(rq);
    ASSERT_OK(submit_other(&st));
    while (!st.poll_done || st.others_done == 0)
        ASSERT_TRUE(event_base_loop(s_base, EVLOOP_ONCE) >= 0);
    while (cboto_evexec_pending(s_evx) > 0)
        ASSERT_TRUE(event_base_loop(s_base, EVLOOP_ONCE) >= 0);
    ASSERT_OK(st.poll_err);
    ASSERT_OK(st.other_err);
    ASSERT_EQ(0, st.poll_msgs);
    ASSERT_TRUE(st.poll_end - t0 >= 2.8);
    fprintf(stderr,
            "  long poll %.2f s; %d other requests completed "
            "meanwhile\n",
            st.poll_end - t0, st.others_done_during_poll);
    /* moto answers a small request in a few ms: dozens fit in 3 s. */
    ASSERT_TRUE(st.others_done_during_poll >= 20);
    return teardown(cl, ex);
#else
    (void)a;
    skip("libevent executor only (the _event build)");
    return TEST_SKIP;
#endif
}

static int test_service_errors_and_wrong_secret(struct cboto_allocator *a)
{
    struct cboto_client *cl, *bad;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_send_params sp;
    char url[256];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    ASSERT_OK(make_queue(cl, ex, "err", 0, NULL, 0, url, sizeof url));
    ASSERT_OK(new_client(a, "not-the-secret", &bad));
    memset(&sp, 0, sizeof sp);
    sp.queue_url = url;
    sp.body = "x";
    ASSERT_OK(cboto_sqs_send_message(bad, &sp, &rq));
    ASSERT_EQ(CBOTO_ESERVICE, run(ex, rq, &resp));
    ASSERT_EQ(403, cboto_response_error(resp)->http_status);
    ASSERT_STREQ("SignatureDoesNotMatch",
                 cboto_response_error(resp)->service_code);
    cboto_response_release(resp);
    ASSERT_OK(cboto_client_free(bad));
    /* A queue that does not exist. */
    sp.queue_url = "http://127.0.0.1:1/123456789012/none";
    {
        char u[256];

        snprintf(u, sizeof u, "%s/123456789012/no-such-queue", s_ep);
        sp.queue_url = u;
        ASSERT_OK(cboto_sqs_send_message(cl, &sp, &rq));
        ASSERT_EQ(CBOTO_ESERVICE, run(ex, rq, &resp));
        ASSERT_EQ(400, cboto_response_error(resp)->http_status);
        ASSERT_STREQ("AWS.SimpleQueueService.NonExistentQueue",
                     cboto_response_error(resp)->service_code);
        cboto_response_release(resp);
    }
    return teardown(cl, ex);
}

HARNESS_MAIN(TEST_LIST)
