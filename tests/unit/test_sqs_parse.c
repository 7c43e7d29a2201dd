/* SPDX-License-Identifier: MIT */
/* SQS answer parsers against fixtures: real moto_server 5.2.1 answers
 * (*_moto.xml, captured with curl --aws-sigv4) and tampered copies. */
#include <stdlib.h>
#include <string.h>

#include "aws/core.h"
#include "services/sqs/sqs_internal.h"

#define TEST_LIST(X)                                                          \
    X(queue_url_answers)                                                      \
    X(list_queues_and_dlq)                                                    \
    X(queue_attributes_and_tags)                                              \
    X(send_result)                                                            \
    X(send_batch_result)                                                      \
    X(receive_messages_verified)                                              \
    X(receive_empty)                                                          \
    X(receive_tampered_is_checksum_error)                                     \
    X(batch_partial_failures)                                                 \
    X(empty_answers_and_request_id)                                           \
    X(wrong_root_and_truncated)                                               \
    X(chunked_feed_same_result)                                               \
    X(md5_of_attributes_vectors)                                              \
    X(receive_alloc_torture)                                                  \
    X(batch_alloc_torture)
#include "harness.h"
#include "run_parser.h"

#define DATA TOP_SRCDIR "/tests/data/sqs/"

static int run_parser(const struct cboto_allocator *a,
                      const struct cboto__parser *p, const char *doc,
                      size_t len, size_t chunk, void **result)
{
    return test_run_parser(a, p, NULL, NULL, doc, len, chunk, result);
}

static int run_file(const struct cboto_allocator *a,
                    const struct cboto__parser *p, const char *name,
                    size_t chunk, struct cboto__sqs_result **out)
{
    char path[1024], *doc;
    size_t len;
    void *res = NULL;
    int rc;

    snprintf(path, sizeof path, "%s%s", DATA, name);
    if (test_read_file(path, &doc, &len)) {
        fprintf(stderr, "  cannot read %s\n", path);
        return -999;
    }
    rc = run_parser(a, p, doc, len, chunk, &res);
    free(doc);
    *out = res;
    return rc;
}

static void done(const struct cboto_allocator *a,
                 const struct cboto__parser *p, struct cboto__sqs_result *r)
{
    p->result_free(a, r);
}

static int test_queue_url_answers(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_create_queue_parser,
                       "create_queue_moto.xml", 0, &r));
    ASSERT_EQ(CBOTO__RESULT_SQS_QUEUE_URL, r->kind);
    ASSERT_STREQ("http://127.0.0.1:5391/123456789012/fx", r->url.queue_url);
    ASSERT_STREQ("KU0UgUpsnp3eRx7DkesfYzgweEV91lMDeV8g4Yhcw0qbyXZ2zDxk",
                 r->url.request_id);
    done(a, &cboto__sqs_create_queue_parser, r);
    ASSERT_OK(run_file(a, &cboto__sqs_get_queue_url_parser,
                       "get_queue_url_moto.xml", 0, &r));
    ASSERT_STREQ("http://127.0.0.1:5391/123456789012/fx", r->url.queue_url);
    done(a, &cboto__sqs_get_queue_url_parser, r);
    /* A CreateQueue answer is not a GetQueueUrl answer. */
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sqs_get_queue_url_parser,
                                     "create_queue_moto.xml", 0, &r));
    return 0;
}

static int test_list_queues_and_dlq(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_list_queues_parser,
                       "list_queues_moto.xml", 0, &r));
    ASSERT_EQ(2, r->list.n_queue_urls);
    ASSERT_STREQ("http://127.0.0.1:5391/123456789012/q1",
                 r->list.queue_urls[0]);
    ASSERT_STREQ("http://127.0.0.1:5391/123456789012/fx",
                 r->list.queue_urls[1]);
    ASSERT_NULL(r->list.next_token);
    done(a, &cboto__sqs_list_queues_parser, r);
    ASSERT_OK(
        run_file(a, &cboto__sqs_list_dlq_parser, "list_dlq_moto.xml", 0, &r));
    ASSERT_EQ(0, r->list.n_queue_urls);
    ASSERT_NOT_NULL(r->list.request_id);
    done(a, &cboto__sqs_list_dlq_parser, r);
    return 0;
}

static int test_queue_attributes_and_tags(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;
    const char *doc =
        "<GetQueueAttributesResponse><GetQueueAttributesResult>"
        "<Attribute><Name>VisibilityTimeout</Name><Value>30</Value>"
        "</Attribute><Attribute><Name>Policy</Name>"
        "<Value>{&quot;a&quot;:1}</Value></Attribute>"
        "<Attribute><Name>Empty</Name><Value></Value></Attribute>"
        "</GetQueueAttributesResult></GetQueueAttributesResponse>";
    void *res;

    ASSERT_OK(run_parser(a, &cboto__sqs_get_attributes_parser, doc,
                         strlen(doc), 0, &res));
    r = res;
    ASSERT_EQ(3, r->attrs.n_attributes);
    ASSERT_STREQ("VisibilityTimeout", r->attrs.attributes[0].name);
    ASSERT_STREQ("30", r->attrs.attributes[0].value);
    ASSERT_STREQ("{\"a\":1}", r->attrs.attributes[1].value);
    ASSERT_STREQ("", r->attrs.attributes[2].value);
    done(a, &cboto__sqs_get_attributes_parser, r);
    ASSERT_OK(run_file(a, &cboto__sqs_list_tags_parser, "list_tags_moto.xml",
                       0, &r));
    ASSERT_EQ(1, r->attrs.n_attributes);
    ASSERT_STREQ("team", r->attrs.attributes[0].name);
    ASSERT_STREQ("core", r->attrs.attributes[0].value);
    done(a, &cboto__sqs_list_tags_parser, r);
    return 0;
}

static int test_send_result(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_send_parser, "send_moto.xml", 0, &r));
    ASSERT_STREQ("da0bea71-f4be-402a-b285-9f2c71cdad04", r->sent.message_id);
    ASSERT_STREQ("31edebff63aa4f4e28f6e175ee240546",
                 r->sent.md5_of_message_body);
    ASSERT_STREQ("9732d409bc650fb5ecc19acc43d5c313",
                 r->sent.md5_of_message_attributes);
    ASSERT_NULL(r->sent.sequence_number);
    ASSERT_NULL(r->sent.id);
    done(a, &cboto__sqs_send_parser, r);
    return 0;
}

static int test_send_batch_result(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_send_batch_parser, "send_batch_moto.xml",
                       0, &r));
    ASSERT_EQ(2, r->batch.n_successful);
    ASSERT_EQ(0, r->batch.n_failed);
    ASSERT_STREQ("e1", r->batch.successful[0].id);
    ASSERT_STREQ("f97c5d29941bfb1b2fdab0874906ab82",
                 r->batch.successful[0].md5_of_message_body);
    ASSERT_NULL(r->batch.successful[0].md5_of_message_attributes);
    ASSERT_STREQ("e2", r->batch.successful[1].id);
    ASSERT_STREQ("fe87012833356b8f80e855e9e0b71acf",
                 r->batch.successful[1].md5_of_message_attributes);
    done(a, &cboto__sqs_send_batch_parser, r);
    return 0;
}

static int test_receive_messages_verified(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;
    const struct cboto_sqs_message *m;
    size_t i;

    ASSERT_OK(
        run_file(a, &cboto__sqs_receive_parser, "receive_moto.xml", 0, &r));
    ASSERT_EQ(3, r->recv.n_messages);
    m = &r->recv.messages[0];
    ASSERT_STREQ("da0bea71-f4be-402a-b285-9f2c71cdad04", m->message_id);
    ASSERT_STREQ("a<&>\xc3\xa9", m->body);
    ASSERT_EQ(6, m->body_len);
    ASSERT_EQ(2, m->n_message_attributes);
    ASSERT_STREQ("n", m->message_attributes[0].name);
    ASSERT_STREQ("String", m->message_attributes[0].data_type);
    ASSERT_STREQ("v", m->message_attributes[0].string_value);
    ASSERT_STREQ("b", m->message_attributes[1].name);
    ASSERT_STREQ("Binary", m->message_attributes[1].data_type);
    ASSERT_MEMEQ("\x00\x01\x02", 3, m->message_attributes[1].binary_value.ptr,
                 m->message_attributes[1].binary_value.len);
    ASSERT_TRUE(m->n_attributes >= 4);
    for (i = 0; i < m->n_attributes; i++)
        if (strcmp(m->attributes[i].name, "ApproximateReceiveCount") == 0)
            ASSERT_STREQ("1", m->attributes[i].value);
    ASSERT_TRUE(strlen(m->receipt_handle) > 20);
    ASSERT_STREQ("one", r->recv.messages[1].body);
    ASSERT_EQ(0, r->recv.messages[1].n_message_attributes);
    ASSERT_STREQ("two", r->recv.messages[2].body);
    ASSERT_STREQ("42", r->recv.messages[2].message_attributes[0].string_value);
    ASSERT_STREQ("Number",
                 r->recv.messages[2].message_attributes[0].data_type);
    done(a, &cboto__sqs_receive_parser, r);
    return 0;
}

static int test_receive_empty(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_receive_parser, "receive_empty_moto.xml",
                       0, &r));
    ASSERT_EQ(0, r->recv.n_messages);
    ASSERT_STREQ("mjKUCpQ6Ag83C5w37r5soBby11ufeutGc1eWj7JeKRR6OxssjzX5",
                 r->recv.request_id);
    done(a, &cboto__sqs_receive_parser, r);
    return 0;
}

static int test_receive_tampered_is_checksum_error(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r = NULL;

    ASSERT_EQ(CBOTO_ECHECKSUM, run_file(a, &cboto__sqs_receive_parser,
                                        "receive_tampered_body.xml", 0, &r));
    ASSERT_NULL(r);
    ASSERT_EQ(CBOTO_ECHECKSUM, run_file(a, &cboto__sqs_receive_parser,
                                        "receive_tampered_attr.xml", 0, &r));
    ASSERT_EQ(CBOTO_ECHECKSUM, run_file(a, &cboto__sqs_receive_parser,
                                        "receive_no_md5.xml", 0, &r));
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sqs_receive_parser,
                                     "receive_bad_base64.xml", 0, &r));
    return 0;
}

static int test_batch_partial_failures(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(run_file(a, &cboto__sqs_delete_batch_parser,
                       "delete_batch_partial_moto.xml", 0, &r));
    ASSERT_EQ(1, r->batch.n_successful);
    ASSERT_STREQ("good", r->batch.successful[0].id);
    ASSERT_EQ(1, r->batch.n_failed);
    ASSERT_STREQ("bad", r->batch.failed[0].id);
    ASSERT_STREQ("ReceiptHandleIsInvalid", r->batch.failed[0].code);
    ASSERT_STREQ("The input receipt handle \"nonsense\" is not a valid "
                 "receipt handle.",
                 r->batch.failed[0].message);
    ASSERT_EQ(1, r->batch.failed[0].sender_fault);
    done(a, &cboto__sqs_delete_batch_parser, r);
    ASSERT_OK(run_file(a, &cboto__sqs_change_visibility_batch_parser,
                       "change_visibility_batch_moto.xml", 0, &r));
    ASSERT_EQ(0, r->batch.n_successful);
    ASSERT_EQ(1, r->batch.n_failed);
    ASSERT_STREQ("x", r->batch.failed[0].id);
    done(a, &cboto__sqs_change_visibility_batch_parser, r);
    return 0;
}

static int test_empty_answers_and_request_id(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r;

    ASSERT_OK(
        run_file(a, &cboto__sqs_purge_queue_parser, "purge_moto.xml", 0, &r));
    ASSERT_EQ(CBOTO__RESULT_SQS_EMPTY, r->kind);
    ASSERT_STREQ("f3dZmQJS3HDmuBy9J8uKZxx4ASDKHrvC4fsiqw4HttocrW7OeP7q",
                 r->request_id);
    done(a, &cboto__sqs_purge_queue_parser, r);
    ASSERT_OK(run_file(a, &cboto__sqs_delete_queue_parser,
                       "delete_queue_moto.xml", 0, &r));
    ASSERT_NOT_NULL(r->request_id);
    done(a, &cboto__sqs_delete_queue_parser, r);
    return 0;
}

static int test_wrong_root_and_truncated(struct cboto_allocator *a)
{
    struct cboto__sqs_result *r = NULL;

    ASSERT_EQ(CBOTO_EPARSE,
              run_file(a, &cboto__sqs_receive_parser, "send_moto.xml", 0, &r));
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sqs_receive_parser,
                                     "receive_truncated.xml", 0, &r));
    ASSERT_EQ(CBOTO_EPARSE,
              run_file(a, &cboto__sqs_send_parser, "error_moto.xml", 0, &r));
    ASSERT_NULL(r);
    return 0;
}

static int test_chunked_feed_same_result(struct cboto_allocator *a)
{
    static const size_t chunks[] = {1, 7, 64};
    size_t i;

    for (i = 0; i < 3; i++) {
        struct cboto__sqs_result *r;

        ASSERT_OK(run_file(a, &cboto__sqs_receive_parser, "receive_moto.xml",
                           chunks[i], &r));
        ASSERT_EQ(3, r->recv.n_messages);
        ASSERT_STREQ("a<&>\xc3\xa9", r->recv.messages[0].body);
        ASSERT_EQ(2, r->recv.messages[0].n_message_attributes);
        done(a, &cboto__sqs_receive_parser, r);
    }
    return 0;
}

/* Digests computed by moto (models.Message.attribute_md5), the reference
 * implementation of the documented encoding. */
static int test_md5_of_attributes_vectors(struct cboto_allocator *a)
{
    struct cboto_sqs_message_attribute at[2];
    char hex[33];

    (void)a;
    memset(at, 0, sizeof at);
    at[0].name = "n";
    at[0].data_type = "String";
    at[0].string_value = "v";
    at[1].name = "b";
    at[1].data_type = "Binary";
    at[1].binary_value.ptr = (const uint8_t *)"\x00\x01\x02";
    at[1].binary_value.len = 3;
    ASSERT_OK(cboto_sqs_md5_of_attributes(at, 2, hex));
    ASSERT_STREQ("9732d409bc650fb5ecc19acc43d5c313", hex);
    at[0].name = "k";
    at[0].data_type = "Number";
    at[0].string_value = "42";
    ASSERT_OK(cboto_sqs_md5_of_attributes(at, 1, hex));
    ASSERT_STREQ("fe87012833356b8f80e855e9e0b71acf", hex);
    ASSERT_OK(cboto_sqs_md5_of_attributes(NULL, 0, hex));
    ASSERT_STREQ("", hex);
    at[0].string_value = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_md5_of_attributes(at, 1, hex));
    return 0;
}

static int torture(const struct cboto_allocator *a,
                   const struct cboto__parser *p, const char *name)
{
    char path[1024], *doc;
    size_t len;
    long n;

    snprintf(path, sizeof path, "%s%s", DATA, name);
    ASSERT_OK(test_read_file(path, &doc, &len));
    for (n = 1;; n++) {
        void *res = NULL;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = run_parser(a, p, doc, len, 50, &res);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            p->result_free(a, res);
            ASSERT_EQ(0, s_test_alloc.live);
            break;
        }
        if (rc != CBOTO_ENOMEM)
            FAILF("%s: allocation %ld failing gave %s", name, n,
                  cboto_err_name(rc));
        ASSERT_NULL(res);
        if (s_test_alloc.live != 0)
            FAILF("%s: allocation %ld failing leaked %ld block(s)", name, n,
                  s_test_alloc.live);
        ASSERT_TRUE(n < 100000);
    }
    free(doc);
    /* The torture did fail something (the XML stage alone allocates its
     * state, element stack and text buffer). */
    ASSERT_TRUE(n > 5);
    return 0;
}

static int test_receive_alloc_torture(struct cboto_allocator *a)
{
    ASSERT_OK(torture(a, &cboto__sqs_receive_parser, "receive_moto.xml"));
    return 0;
}

static int test_batch_alloc_torture(struct cboto_allocator *a)
{
    ASSERT_OK(
        torture(a, &cboto__sqs_send_batch_parser, "send_batch_moto.xml"));
    ASSERT_OK(torture(a, &cboto__sqs_delete_batch_parser,
                      "delete_batch_partial_moto.xml"));
    ASSERT_OK(
        torture(a, &cboto__sqs_list_queues_parser, "list_queues_moto.xml"));
    return 0;
}

HARNESS_MAIN(TEST_LIST)
