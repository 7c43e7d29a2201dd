/* SPDX-License-Identifier: MIT */
/*
 * SQS message integrity over the wire: tests/servers/sqs_tamper.py answers
 * SendMessage, SendMessageBatch and ReceiveMessage with right or wrong
 * MD5OfMessageBody / MD5OfMessageAttributes (chosen by the queue name), and
 * cboto must refuse every wrong digest with CBOTO_ECHECKSUM and hand out
 * nothing of such an answer.  Run by test_sqs_tamper.sh, which starts the
 * fake and passes its address in CBOTO_SQS_TAMPER_ENDPOINT; built for the
 * blocking executor and (CBOTO_TEST_EVENT) the libevent one.
 */
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(send_correct_digests_ok)                                                \
    X(send_tampered_body_md5)                                                 \
    X(send_tampered_attribute_md5)                                            \
    X(send_missing_attribute_md5)                                             \
    X(batch_correct_digests_ok)                                               \
    X(batch_tampered_body_md5)                                                \
    X(batch_tampered_attribute_md5)                                           \
    X(receive_correct_digests_ok)                                             \
    X(receive_tampered_body_md5)                                              \
    X(receive_tampered_attribute_md5)                                         \
    X(receive_missing_attribute_md5)                                          \
    X(receive_one_bad_among_good_fails_whole)
#include "harness.h"

static const char *s_ep;

/* The attributes every send carries: one of each transport type, with
 * XML-special and non-ASCII bytes. */
static const unsigned char s_blob[] = {0, 0xff, '<', '&', '\n', 0x80};
static const struct cboto_sqs_message_attribute s_attrs[] = {
    {"text", "String", "<&>\"' \xc3\xbc\xe2\x82\xac", {NULL, 0}},
    {"count", "Number", "-12.5e3", {NULL, 0}},
    {"blob", "Binary", NULL, {s_blob, sizeof s_blob}},
};
static const char s_body[] = "<b a='1'>&amp; \xc3\xa9\xe2\x82\xac \"q\"</b>";

static int setup(struct cboto_allocator *a, struct cboto_client **cl,
                 struct cboto_exec **ex)
{
    struct cboto_client_options o;

    s_ep = getenv("CBOTO_SQS_TAMPER_ENDPOINT");
    if (!s_ep) {
        skip("run through tests/integration/test_sqs_tamper.sh");
        return TEST_SKIP;
    }
    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = s_ep;
    o.access_key_id = "AKIDTAMPER";
    o.secret_access_key = "tamper-secret";
    o.ignore_environment = 1;
    o.retry_base_ms = 5;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, cl));
    if (cboto_exec_new(NULL, ex) != CBOTO_OK) {
        cboto_client_free(*cl);
        FAILF("cboto_exec_new");
    }
    return 0;
}

static int teardown(struct cboto_client *cl, struct cboto_exec *ex)
{
    cboto_exec_free(ex);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* The fake picks its behaviour from the queue name. */
static void queue_url(char *buf, size_t n, const char *mode)
{
    snprintf(buf, n, "%s/123456789012/%s", s_ep, mode);
}

/* Expected digests, computed independently of the parser. */
static int attrs_md5(char out[33])
{
    return cboto_sqs_md5_of_attributes(
        s_attrs, sizeof s_attrs / sizeof s_attrs[0], out);
}

/* SendMessage with body and attributes to queue `mode`; returns the code
 * and checks that a failed send hands out no result. */
static int send_to(struct cboto_allocator *a, const char *mode, int want)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_send_params sp;
    const struct cboto_sqs_sent *s;
    char url[256], amd5[33];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    queue_url(url, sizeof url, mode);
    memset(&sp, 0, sizeof sp);
    sp.queue_url = url;
    sp.body = s_body;
    sp.attributes = s_attrs;
    sp.n_attributes = sizeof s_attrs / sizeof s_attrs[0];
    ASSERT_OK(cboto_sqs_send_message(cl, &sp, &rq));
    rc = perform(ex, rq, &resp);
    if (rc != want) {
        char buf[512];

        fprintf(stderr, "  %s: %s\n", mode,
                cboto_response_describe(resp, rc, buf, sizeof buf));
    }
    ASSERT_EQ(want, rc);
    s = cboto_sqs_send_result(resp);
    if (want == CBOTO_OK) {
        ASSERT_NOT_NULL(s);
        ASSERT_STREQ("sent-1", s->message_id);
        ASSERT_STREQ("c393471cef1f63ad27d403f6358572e2",
                     s->md5_of_message_body);
        ASSERT_OK(attrs_md5(amd5));
        ASSERT_STREQ(amd5, s->md5_of_message_attributes);
        ASSERT_OK(cboto_sqs_send_check(rq, resp));
    } else {
        /* A send answered with a wrong digest is refused as a whole and
         * is not sent again (that would duplicate the message). */
        ASSERT_NULL(s);
        ASSERT_EQ(1, cboto_response_attempts(resp));
    }
    cboto_response_release(resp);
    cboto_request_release(rq);
    return teardown(cl, ex);
}

static int test_send_correct_digests_ok(struct cboto_allocator *a)
{
    return send_to(a, "good", CBOTO_OK);
}

static int test_send_tampered_body_md5(struct cboto_allocator *a)
{
    return send_to(a, "bad-body", CBOTO_ECHECKSUM);
}

static int test_send_tampered_attribute_md5(struct cboto_allocator *a)
{
    return send_to(a, "bad-attr", CBOTO_ECHECKSUM);
}

static int test_send_missing_attribute_md5(struct cboto_allocator *a)
{
    return send_to(a, "no-attr-md5", CBOTO_ECHECKSUM);
}

/* SendMessageBatch of three entries (the fake tampers with the second). */
static int batch_to(struct cboto_allocator *a, const char *mode, int want)
{
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_send_params e[3];
    const struct cboto_sqs_batch_result *b;
    char url[256], amd5[33];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    queue_url(url, sizeof url, mode);
    memset(e, 0, sizeof e);
    e[0].id = "one";
    e[0].body = "plain";
    e[1].id = "two";
    e[1].body = s_body;
    e[1].attributes = s_attrs;
    e[1].n_attributes = sizeof s_attrs / sizeof s_attrs[0];
    e[2].id = "three";
    e[2].body = "\xe2\x82\xac three";
    e[2].attributes = s_attrs;
    e[2].n_attributes = 1;
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){url, e, 3}, &rq));
    rc = perform(ex, rq, &resp);
    if (rc != want) {
        char buf[512];

        fprintf(stderr, "  %s: %s\n", mode,
                cboto_response_describe(resp, rc, buf, sizeof buf));
    }
    ASSERT_EQ(want, rc);
    b = cboto_sqs_batch_result(resp);
    if (want == CBOTO_OK) {
        ASSERT_NOT_NULL(b);
        ASSERT_EQ(3, b->n_successful);
        ASSERT_EQ(0, b->n_failed);
        ASSERT_STREQ("two", b->successful[1].id);
        ASSERT_STREQ("c393471cef1f63ad27d403f6358572e2",
                     b->successful[1].md5_of_message_body);
        ASSERT_OK(attrs_md5(amd5));
        ASSERT_STREQ(amd5, b->successful[1].md5_of_message_attributes);
        ASSERT_NULL(b->successful[0].md5_of_message_attributes);
        ASSERT_OK(cboto_sqs_send_check(rq, resp));
    } else {
        ASSERT_NULL(b);
        ASSERT_EQ(1, cboto_response_attempts(resp));
    }
    cboto_response_release(resp);
    cboto_request_release(rq);
    return teardown(cl, ex);
}

static int test_batch_correct_digests_ok(struct cboto_allocator *a)
{
    return batch_to(a, "good", CBOTO_OK);
}

static int test_batch_tampered_body_md5(struct cboto_allocator *a)
{
    return batch_to(a, "bad-body", CBOTO_ECHECKSUM);
}

static int test_batch_tampered_attribute_md5(struct cboto_allocator *a)
{
    return batch_to(a, "bad-attr", CBOTO_ECHECKSUM);
}

/* ReceiveMessage from queue `mode`: the fake hands out three messages. */
static int receive_from(struct cboto_allocator *a, const char *mode, int want)
{
    static const unsigned char blob[] = {0, 1, 2, 0xff, '<'};
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct cboto_sqs_receive_params rp;
    const struct cboto_sqs_receive_result *r;
    const struct cboto_sqs_message *m;
    char url[256];
    int rc = setup(a, &cl, &ex);

    if (rc)
        return rc;
    queue_url(url, sizeof url, mode);
    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.max_number_of_messages = 10;
    rp.message_attribute_names = (const char *const[]){"All"};
    rp.n_message_attribute_names = 1;
    ASSERT_OK(cboto_sqs_receive_message(cl, &rp, &rq));
    rc = perform(ex, rq, &resp);
    cboto_request_release(rq);
    if (rc != want) {
        char buf[512];

        fprintf(stderr, "  %s: %s\n", mode,
                cboto_response_describe(resp, rc, buf, sizeof buf));
    }
    ASSERT_EQ(want, rc);
    r = cboto_sqs_receive_result(resp);
    if (want != CBOTO_OK) {
        /* No message of a refused answer reaches the caller. */
        ASSERT_NULL(r);
        cboto_response_release(resp);
        return teardown(cl, ex);
    }
    ASSERT_NOT_NULL(r);
    ASSERT_EQ(3, r->n_messages);
    m = &r->messages[0];
    ASSERT_STREQ("m-1", m->message_id);
    ASSERT_STREQ("rh-m-1", m->receipt_handle);
    ASSERT_MEMEQ("first <&> \xc3\xa9\xe2\x82\xac", 15, m->body, m->body_len);
    ASSERT_EQ(2, m->n_message_attributes);
    ASSERT_STREQ("text", m->message_attributes[0].name);
    ASSERT_STREQ("String", m->message_attributes[0].data_type);
    ASSERT_STREQ("<v> & \"q\" \xc3\xbc",
                 m->message_attributes[0].string_value);
    ASSERT_STREQ("n", m->message_attributes[1].name);
    ASSERT_STREQ("42", m->message_attributes[1].string_value);
    m = &r->messages[1];
    ASSERT_STREQ("m-2", m->message_id);
    ASSERT_MEMEQ("second\nline", 11, m->body, m->body_len);
    ASSERT_EQ(1, m->n_message_attributes);
    ASSERT_STREQ("Binary", m->message_attributes[0].data_type);
    ASSERT_MEMEQ(blob, sizeof blob, m->message_attributes[0].binary_value.ptr,
                 m->message_attributes[0].binary_value.len);
    m = &r->messages[2];
    ASSERT_STREQ("third", m->body);
    ASSERT_EQ(0, m->n_message_attributes);
    ASSERT_NULL(m->md5_of_message_attributes);
    ASSERT_STREQ("tamper-req", r->request_id);
    cboto_response_release(resp);
    return teardown(cl, ex);
}

static int test_receive_correct_digests_ok(struct cboto_allocator *a)
{
    return receive_from(a, "good", CBOTO_OK);
}

static int test_receive_tampered_body_md5(struct cboto_allocator *a)
{
    return receive_from(a, "bad-body", CBOTO_ECHECKSUM);
}

static int test_receive_tampered_attribute_md5(struct cboto_allocator *a)
{
    return receive_from(a, "bad-attr", CBOTO_ECHECKSUM);
}

static int test_receive_missing_attribute_md5(struct cboto_allocator *a)
{
    return receive_from(a, "no-attr-md5", CBOTO_ECHECKSUM);
}

static int
test_receive_one_bad_among_good_fails_whole(struct cboto_allocator *a)
{
    return receive_from(a, "mixed", CBOTO_ECHECKSUM);
}

HARNESS_MAIN(TEST_LIST)
