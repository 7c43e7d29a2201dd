/* SPDX-License-Identifier: MIT */
/*
 * The SQS request builders without the network: the form parameters each
 * puts in the request, the address (queue URL or endpoint), the limits
 * checked before any I/O, the send check, and allocation failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/sqs/sqs_internal.h"

#define TEST_LIST(X)                                                          \
    X(create_queue_params)                                                    \
    X(create_queue_rules)                                                     \
    X(queue_url_addressing)                                                   \
    X(queue_url_helper)                                                       \
    X(list_queues_and_get_url)                                                \
    X(attribute_and_tag_ops)                                                  \
    X(send_message_params)                                                    \
    X(send_message_limits)                                                    \
    X(send_fifo_rules)                                                        \
    X(send_batch_params_and_limits)                                           \
    X(receive_params_and_timeout)                                             \
    X(receive_limits)                                                         \
    X(handle_ops)                                                             \
    X(send_check_matches_and_mismatches)                                      \
    X(accessors_kind_mismatch)                                                \
    X(builders_alloc_torture)
#include "harness.h"

#define URL      "http://127.0.0.1:5391/123456789012/q1"
#define FIFO_URL "https://sqs.eu-west-1.amazonaws.com/123456789012/q.fifo"

static struct cboto_request *const SENTINEL =
    (struct cboto_request *)(uintptr_t)0x5a5a5a5a;

static int make_client(struct cboto_allocator *a, struct cboto_client **out)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "secret";
    o.region = "eu-west-1";
    o.allocator = a;
    return cboto_client_new(&o, out);
}

static const char *q(const struct cboto_request *rq, const char *name)
{
    size_t i;

    for (i = 0; i < rq->query.n; i++)
        if (strcmp(rq->query.v[i].name, name) == 0)
            return rq->query.v[i].value;
    return NULL;
}

static int test_create_queue_params(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_sqs_attribute at[] = {{"VisibilityTimeout", "45"},
                                       {"RedrivePolicy",
                                        "{\"deadLetterTargetArn\":\"arn:x\","
                                        "\"maxReceiveCount\":\"3\"}"},
                                       {"FifoQueue", "true"},
                                       {"ContentBasedDeduplication", "true"}};
    struct cboto_sqs_attribute tags[] = {{"team", "core"}};
    struct cboto_sqs_create_queue_params p = {"jobs.fifo", at, 4, tags, 1};

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_sqs_create_queue(cl, &p, &rq));
    ASSERT_STREQ("POST", rq->method);
    ASSERT_EQ(1, rq->form_body);
    ASSERT_EQ(CBOTO__SIGN_V4, rq->sign);
    ASSERT_STREQ("sqs", rq->sign_service);
    ASSERT_STREQ("https", rq->scheme);
    ASSERT_STREQ("sqs.eu-west-1.amazonaws.com", rq->host);
    ASSERT_STREQ("/", rq->path);
    ASSERT_STREQ("CreateQueue", q(rq, "Action"));
    ASSERT_STREQ("2012-11-05", q(rq, "Version"));
    ASSERT_STREQ("jobs.fifo", q(rq, "QueueName"));
    ASSERT_STREQ("VisibilityTimeout", q(rq, "Attribute.1.Name"));
    ASSERT_STREQ("45", q(rq, "Attribute.1.Value"));
    ASSERT_STREQ(at[1].value, q(rq, "Attribute.2.Value"));
    ASSERT_STREQ("ContentBasedDeduplication", q(rq, "Attribute.4.Name"));
    ASSERT_STREQ("team", q(rq, "Tag.1.Key"));
    ASSERT_STREQ("core", q(rq, "Tag.1.Value"));
    ASSERT_NULL(q(rq, "QueueUrl"));
    ASSERT_TRUE(rq->parser == &cboto__sqs_create_queue_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_create_queue_rules(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_attribute fifo[] = {{"FifoQueue", "true"}};
    struct cboto_sqs_attribute bad[][1] = {
        {{"VisibilityTimeout", "43201"}},
        {{"DelaySeconds", "-1"}},
        {{"DelaySeconds", "9x"}},
        {{"MessageRetentionPeriod", "59"}},
        {{"FifoQueue", "yes"}},
        {{"NoSuchAttribute", "1"}},
        {{"ReceiveMessageWaitTimeSeconds", "21"}}};
    size_t i;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_create_queue(cl,
                                     &(struct cboto_sqs_create_queue_params){
                                         "q.fifo", NULL, 0, NULL, 0},
                                     &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_create_queue(cl,
                                     &(struct cboto_sqs_create_queue_params){
                                         "plain", fifo, 1, NULL, 0},
                                     &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_create_queue(cl,
                                     &(struct cboto_sqs_create_queue_params){
                                         "bad name", NULL, 0, NULL, 0},
                                     &rq));
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_create_queue(
            cl, &(struct cboto_sqs_create_queue_params){"", NULL, 0, NULL, 0},
            &rq));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_create_queue(
                                    cl,
                                    &(struct cboto_sqs_create_queue_params){
                                        "q", bad[i], 1, NULL, 0},
                                    &rq));
    {
        char name[90];

        memset(name, 'a', 80);
        name[80] = '\0';
        ASSERT_OK(cboto_sqs_create_queue(
            cl,
            &(struct cboto_sqs_create_queue_params){name, NULL, 0, NULL, 0},
            &rq));
        cboto_request_release(rq);
        rq = SENTINEL;
        name[80] = 'a';
        name[81] = '\0';
        ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_create_queue(
                                    cl,
                                    &(struct cboto_sqs_create_queue_params){
                                        name, NULL, 0, NULL, 0},
                                    &rq));
    }
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_queue_url_addressing(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    static const char *const bad[] = {"q1", "ftp://h/x", "http://",
                                      "http://h/a b", "http://h/%41"};
    size_t i;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(
        cboto_sqs_purge_queue(cl, &(struct cboto_sqs_queue_params){URL}, &rq));
    ASSERT_STREQ("http", rq->scheme);
    ASSERT_STREQ("127.0.0.1:5391", rq->host);
    ASSERT_STREQ("/123456789012/q1", rq->path);
    ASSERT_STREQ(URL, q(rq, "QueueUrl"));
    ASSERT_STREQ("PurgeQueue", q(rq, "Action"));
    cboto_request_release(rq);
    /* Default ports are not part of the Host header. */
    ASSERT_OK(cboto_sqs_delete_queue(
        cl,
        &(struct cboto_sqs_queue_params){
            "https://sqs.eu-west-1.amazonaws.com:443/123456789012/x"},
        &rq));
    ASSERT_STREQ("https", rq->scheme);
    ASSERT_STREQ("sqs.eu-west-1.amazonaws.com", rq->host);
    ASSERT_STREQ("DeleteQueue", q(rq, "Action"));
    cboto_request_release(rq);
    rq = SENTINEL;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ASSERT_EQ(CBOTO_EINVAL,
                  cboto_sqs_list_queue_tags(
                      cl, &(struct cboto_sqs_queue_params){bad[i]}, &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_delete_queue(
                  cl, &(struct cboto_sqs_queue_params){NULL}, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_queue_url_helper(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    char buf[128], tiny[8];

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(
        cboto_sqs_queue_url(cl, "123456789012", "jobs", buf, sizeof buf));
    ASSERT_STREQ("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", buf);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto_sqs_queue_url(cl, "123456789012", "jobs",
                                                 tiny, sizeof tiny));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_queue_url(cl, "1234", "jobs", buf, sizeof buf));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_queue_url(cl, "123456789012", "a/b", buf, sizeof buf));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_list_queues_and_get_url(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_sqs_list_queues(
        cl, &(struct cboto_sqs_list_queues_params){"job", 50, "tok"}, &rq));
    ASSERT_STREQ("ListQueues", q(rq, "Action"));
    ASSERT_STREQ("job", q(rq, "QueueNamePrefix"));
    ASSERT_STREQ("50", q(rq, "MaxResults"));
    ASSERT_STREQ("tok", q(rq, "NextToken"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_list_queues(cl, NULL, &rq));
    ASSERT_EQ(2, rq->query.n);
    cboto_request_release(rq);
    rq = SENTINEL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_list_queues(
                  cl, &(struct cboto_sqs_list_queues_params){NULL, 1001, NULL},
                  &rq));
    ASSERT_OK(cboto_sqs_get_queue_url(
        cl, &(struct cboto_sqs_get_queue_url_params){"q1", "123456789012"},
        &rq));
    ASSERT_STREQ("q1", q(rq, "QueueName"));
    ASSERT_STREQ("123456789012", q(rq, "QueueOwnerAWSAccountId"));
    ASSERT_STREQ("/", rq->path);
    cboto_request_release(rq);
    rq = SENTINEL;
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_get_queue_url(
            cl, &(struct cboto_sqs_get_queue_url_params){"q1", "12"}, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_attribute_and_tag_ops(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    static const char *const names[] = {"VisibilityTimeout", "QueueArn"};
    static const char *const keys[] = {"team"};
    struct cboto_sqs_attribute at[] = {{"DelaySeconds", "5"}};
    struct cboto_sqs_attribute fifo[] = {{"FifoQueue", "true"}};
    struct cboto_sqs_attribute tags[] = {{"team", "core"}, {"env", "ci"}};

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl, &(struct cboto_sqs_get_attributes_params){URL, NULL, 0}, &rq));
    ASSERT_STREQ("All", q(rq, "AttributeName.1"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_get_queue_attributes(
        cl, &(struct cboto_sqs_get_attributes_params){URL, names, 2}, &rq));
    ASSERT_STREQ("QueueArn", q(rq, "AttributeName.2"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_set_queue_attributes(
        cl, &(struct cboto_sqs_set_attributes_params){URL, at, 1}, &rq));
    ASSERT_STREQ("DelaySeconds", q(rq, "Attribute.1.Name"));
    ASSERT_STREQ("5", q(rq, "Attribute.1.Value"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_tag_queue(
        cl, &(struct cboto_sqs_set_attributes_params){URL, tags, 2}, &rq));
    ASSERT_STREQ("env", q(rq, "Tag.2.Key"));
    ASSERT_STREQ("ci", q(rq, "Tag.2.Value"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_untag_queue(
        cl, &(struct cboto_sqs_untag_params){URL, keys, 1}, &rq));
    ASSERT_STREQ("team", q(rq, "TagKey.1"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_list_dead_letter_source_queues(
        cl, &(struct cboto_sqs_list_dlq_params){URL, 10, NULL}, &rq));
    ASSERT_STREQ("10", q(rq, "MaxResults"));
    cboto_request_release(rq);
    rq = SENTINEL;
    /* FifoQueue is fixed at creation; empty lists are refused. */
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_set_queue_attributes(
            cl, &(struct cboto_sqs_set_attributes_params){URL, fifo, 1}, &rq));
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_set_queue_attributes(
            cl, &(struct cboto_sqs_set_attributes_params){URL, at, 0}, &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_untag_queue(
                  cl, &(struct cboto_sqs_untag_params){URL, keys, 0}, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static const struct cboto_sqs_message_attribute s_attrs[] = {
    {"n", "String", "v", {NULL, 0}},
    {"b", "Binary", NULL, {(const uint8_t *)"\x00\x01\x02", 3}},
    {"price", "Number.float", "3.5", {NULL, 0}}};

static int test_send_message_params(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_sqs_message_attribute trace = {
        "AWSTraceHeader",
        "String",
        "Root=1-5759e988-bd862e3fe1be46a994272793",
        {NULL, 0}};
    struct cboto_sqs_send_params p;

    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    p.body = "a<&>\xc3\xa9";
    p.delay_seconds = 0;
    p.delay_set = 1;
    p.attributes = s_attrs;
    p.n_attributes = 3;
    p.system_attributes = &trace;
    p.n_system_attributes = 1;
    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_STREQ("SendMessage", q(rq, "Action"));
    ASSERT_STREQ("a<&>\xc3\xa9", q(rq, "MessageBody"));
    ASSERT_STREQ("0", q(rq, "DelaySeconds"));
    ASSERT_STREQ("n", q(rq, "MessageAttribute.1.Name"));
    ASSERT_STREQ("String", q(rq, "MessageAttribute.1.Value.DataType"));
    ASSERT_STREQ("v", q(rq, "MessageAttribute.1.Value.StringValue"));
    ASSERT_STREQ("AAEC", q(rq, "MessageAttribute.2.Value.BinaryValue"));
    ASSERT_STREQ("Number.float", q(rq, "MessageAttribute.3.Value.DataType"));
    ASSERT_STREQ("AWSTraceHeader", q(rq, "MessageSystemAttribute.1.Name"));
    ASSERT_STREQ(trace.string_value,
                 q(rq, "MessageSystemAttribute.1.Value.StringValue"));
    ASSERT_NULL(q(rq, "MessageGroupId"));
    ASSERT_EQ(1, rq->not_idempotent);
    ASSERT_STREQ("/123456789012/q1", rq->path);
    cboto_request_release(rq);
    /* body_len takes part of a longer buffer. */
    p.body = "hello world";
    p.body_len = 5;
    p.n_attributes = 0;
    p.n_system_attributes = 0;
    p.delay_set = 0;
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_STREQ("hello", q(rq, "MessageBody"));
    ASSERT_NULL(q(rq, "DelaySeconds"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_send_message_limits(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_send_params p;
    struct cboto_sqs_message_attribute at[11];
    char *big = malloc(CBOTO_SQS_MAX_MESSAGE_BYTES + 2);
    static const char *const bad_bodies[] = {
        "", "nul\x01", "\xc3", "\xed\xa0\x80", "\xef\xbf\xbe", "\xc0\xaf"};
    static const char *const bad_names[] = {"",   "AWS.x", "amazon.y", ".a",
                                            "a.", "a..b",  "sp ace"};
    static const char *const bad_types[] = {"string", "Str", "Binary.",
                                            "Integer", NULL};
    size_t i;

    ASSERT_NOT_NULL(big);
    ASSERT_OK(make_client(a, &cl));
    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    /* 256 KiB exactly passes; one byte more fails. */
    memset(big, 'x', CBOTO_SQS_MAX_MESSAGE_BYTES + 1);
    big[CBOTO_SQS_MAX_MESSAGE_BYTES] = '\0';
    p.body = big;
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    big[CBOTO_SQS_MAX_MESSAGE_BYTES] = 'x';
    big[CBOTO_SQS_MAX_MESSAGE_BYTES + 1] = '\0';
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    /* Body plus attributes count together. */
    big[CBOTO_SQS_MAX_MESSAGE_BYTES - 3] = '\0';
    p.attributes = s_attrs;
    p.n_attributes = 1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    free(big);
    p.body = "ok";
    for (i = 0; i < sizeof bad_bodies / sizeof bad_bodies[0]; i++) {
        p.body = bad_bodies[i];
        p.n_attributes = 0;
        ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    }
    p.body = "ok";
    p.delay_set = 1;
    p.delay_seconds = 901;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.delay_seconds = -1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.delay_seconds = 900;
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    p.delay_set = 0;
    for (i = 0; i < 11; i++) {
        static char names[11][8];

        snprintf(names[i], sizeof names[i], "a%zu", i);
        at[i].name = names[i];
        at[i].data_type = "String";
        at[i].string_value = "v";
        at[i].binary_value.ptr = NULL;
        at[i].binary_value.len = 0;
    }
    p.attributes = at;
    p.n_attributes = 11;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.n_attributes = 10;
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    p.n_attributes = 1;
    for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        at[0].name = bad_names[i];
        ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    }
    at[0].name = "a1"; /* duplicate of at[1] */
    p.n_attributes = 2;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.n_attributes = 1;
    at[0].name = "ok";
    for (i = 0; i < sizeof bad_types / sizeof bad_types[0]; i++) {
        at[0].data_type = bad_types[i];
        ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    }
    at[0].data_type = "String";
    at[0].string_value = "";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    at[0].data_type = "Binary";
    at[0].string_value = "v";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_send_fifo_rules(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_send_params p;

    ASSERT_OK(make_client(a, &cl));
    memset(&p, 0, sizeof p);
    p.queue_url = FIFO_URL;
    p.body = "m";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.message_group_id = "g1";
    p.message_deduplication_id = "d1";
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_STREQ("g1", q(rq, "MessageGroupId"));
    ASSERT_STREQ("d1", q(rq, "MessageDeduplicationId"));
    ASSERT_STREQ("sqs.eu-west-1.amazonaws.com", rq->host);
    cboto_request_release(rq);
    rq = SENTINEL;
    p.delay_set = 1;
    p.delay_seconds = 5;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    p.delay_set = 0;
    p.message_group_id = "has space";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    /* Deduplication ids belong to FIFO queues. */
    p.queue_url = URL;
    p.message_group_id = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_send_batch_params_and_limits(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_send_params e[11];
    static char ids[11][8];
    char *body = malloc(30000);
    size_t i;

    ASSERT_NOT_NULL(body);
    ASSERT_OK(make_client(a, &cl));
    memset(e, 0, sizeof e);
    for (i = 0; i < 11; i++) {
        snprintf(ids[i], sizeof ids[i], "e%zu", i);
        e[i].id = ids[i];
        e[i].body = "hello";
    }
    e[1].attributes = s_attrs;
    e[1].n_attributes = 2;
    e[2].delay_set = 1;
    e[2].delay_seconds = 7;
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){URL, e, 10}, &rq));
    ASSERT_STREQ("SendMessageBatch", q(rq, "Action"));
    ASSERT_STREQ("e0", q(rq, "SendMessageBatchRequestEntry.1.Id"));
    ASSERT_STREQ("hello",
                 q(rq, "SendMessageBatchRequestEntry.10.MessageBody"));
    ASSERT_STREQ("b", q(rq, "SendMessageBatchRequestEntry.2.MessageAttribute.2"
                            ".Name"));
    ASSERT_STREQ("7", q(rq, "SendMessageBatchRequestEntry.3.DelaySeconds"));
    cboto_request_release(rq);
    rq = SENTINEL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_send_message_batch(
                  cl, &(struct cboto_sqs_send_batch_params){URL, e, 11}, &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_send_message_batch(
                  cl, &(struct cboto_sqs_send_batch_params){URL, e, 0}, &rq));
    e[3].id = "e0";
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_send_message_batch(
                  cl, &(struct cboto_sqs_send_batch_params){URL, e, 10}, &rq));
    e[3].id = "bad id";
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_send_message_batch(
                  cl, &(struct cboto_sqs_send_batch_params){URL, e, 10}, &rq));
    e[3].id = ids[3];
    /* Ten entries of 30000 bytes: each fits, the batch does not. */
    memset(body, 'y', 29999);
    body[29999] = '\0';
    for (i = 0; i < 10; i++) {
        e[i].body = body;
        e[i].n_attributes = 0;
    }
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sqs_send_message_batch(
                  cl, &(struct cboto_sqs_send_batch_params){URL, e, 10}, &rq));
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){URL, e, 8}, &rq));
    cboto_request_release(rq);
    free(body);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_receive_params_and_timeout(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    static const char *const an[] = {"All"};
    static const char *const sn[] = {"SentTimestamp", "SenderId"};
    static const char *const mn[] = {"price", "meta.*"};
    struct cboto_sqs_receive_params p;

    ASSERT_OK(make_client(a, &cl));
    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    p.max_number_of_messages = 10;
    p.wait_time_seconds = 5;
    p.wait_set = 1;
    p.visibility_timeout = 0;
    p.visibility_set = 1;
    p.attribute_names = an;
    p.n_attribute_names = 1;
    p.system_attribute_names = sn;
    p.n_system_attribute_names = 2;
    p.message_attribute_names = mn;
    p.n_message_attribute_names = 2;
    p.receive_request_attempt_id = "try-1";
    ASSERT_OK(cboto_sqs_receive_message(cl, &p, &rq));
    ASSERT_STREQ("ReceiveMessage", q(rq, "Action"));
    ASSERT_STREQ("10", q(rq, "MaxNumberOfMessages"));
    ASSERT_STREQ("5", q(rq, "WaitTimeSeconds"));
    ASSERT_STREQ("0", q(rq, "VisibilityTimeout"));
    ASSERT_STREQ("All", q(rq, "AttributeName.1"));
    ASSERT_STREQ("SenderId", q(rq, "MessageSystemAttributeName.2"));
    ASSERT_STREQ("meta.*", q(rq, "MessageAttributeName.2"));
    ASSERT_STREQ("try-1", q(rq, "ReceiveRequestAttemptId"));
    ASSERT_EQ(5000, rq->extra_timeout_ms);
    cboto_request_release(rq);
    /* Without a wait the queue default (up to 20 s) may apply. */
    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    ASSERT_OK(cboto_sqs_receive_message(cl, &p, &rq));
    ASSERT_EQ(20000, rq->extra_timeout_ms);
    ASSERT_NULL(q(rq, "WaitTimeSeconds"));
    ASSERT_NULL(q(rq, "MaxNumberOfMessages"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_receive_limits(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_receive_params p;

    ASSERT_OK(make_client(a, &cl));
    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    p.max_number_of_messages = 11;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_receive_message(cl, &p, &rq));
    p.max_number_of_messages = -1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_receive_message(cl, &p, &rq));
    p.max_number_of_messages = 1;
    p.wait_set = 1;
    p.wait_time_seconds = 21;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_receive_message(cl, &p, &rq));
    p.wait_time_seconds = 20;
    p.visibility_set = 1;
    p.visibility_timeout = 43201;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_receive_message(cl, &p, &rq));
    p.visibility_timeout = -1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_receive_message(cl, &p, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_handle_ops(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    struct cboto_sqs_handle_params e[2] = {{NULL, "a", "rh-a", 10},
                                           {NULL, "b", "rh-b", 0}};

    ASSERT_OK(make_client(a, &cl));
    ASSERT_OK(cboto_sqs_delete_message(
        cl, &(struct cboto_sqs_handle_params){URL, NULL, "rh+/=", 0}, &rq));
    ASSERT_STREQ("DeleteMessage", q(rq, "Action"));
    ASSERT_STREQ("rh+/=", q(rq, "ReceiptHandle"));
    ASSERT_NULL(q(rq, "VisibilityTimeout"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_change_message_visibility(
        cl, &(struct cboto_sqs_handle_params){URL, NULL, "rh", 43200}, &rq));
    ASSERT_STREQ("43200", q(rq, "VisibilityTimeout"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_delete_message_batch(
        cl, &(struct cboto_sqs_handle_batch_params){URL, e, 2}, &rq));
    ASSERT_STREQ("b", q(rq, "DeleteMessageBatchRequestEntry.2.Id"));
    ASSERT_STREQ("rh-b",
                 q(rq, "DeleteMessageBatchRequestEntry.2.ReceiptHandle"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sqs_change_message_visibility_batch(
        cl, &(struct cboto_sqs_handle_batch_params){URL, e, 2}, &rq));
    ASSERT_STREQ("10", q(rq, "ChangeMessageVisibilityBatchRequestEntry.1"
                             ".VisibilityTimeout"));
    cboto_request_release(rq);
    rq = SENTINEL;
    e[1].id = "a";
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_delete_message_batch(
            cl, &(struct cboto_sqs_handle_batch_params){URL, e, 2}, &rq));
    e[1].id = "b";
    e[1].visibility_timeout = 43201;
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_change_message_visibility_batch(
            cl, &(struct cboto_sqs_handle_batch_params){URL, e, 2}, &rq));
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sqs_delete_message(
            cl, &(struct cboto_sqs_handle_params){URL, NULL, "", 0}, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* A response object holding a parsed answer, as an executor leaves it. */
static int fake_response(const struct cboto_allocator *a,
                         const struct cboto__parser *p, const char *doc,
                         struct cboto_response **out)
{
    struct cboto_response *r;
    void *st = cboto__calloc(a, 1, p->state_size);
    struct cboto__xml_handler h = {p->start, p->end, st};
    void *res = NULL;
    int rc;

    if (!st)
        return CBOTO_ENOMEM;
    rc = p->init(st, a);
    if (!rc)
        rc = cboto__xml_parse_all(a, &h, doc, strlen(doc), 0);
    if (!rc)
        rc = p->finish(st, 200, NULL, &res);
    p->cleanup(st);
    cboto__free(a, st);
    if (rc)
        return rc;
    rc = cboto__response_new(a, &r);
    if (rc) {
        p->result_free(a, res);
        return rc;
    }
    r->http_status = 200;
    r->result = res;
    r->result_kind = p->result_kind;
    r->parser = p;
    *out = r;
    return CBOTO_OK;
}

static int test_send_check_matches_and_mismatches(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq, *brq;
    struct cboto_response *resp;
    struct cboto_sqs_send_params p;
    struct cboto_sqs_send_params e[2];
    const char *good =
        "<SendMessageResponse><SendMessageResult>"
        "<MD5OfMessageBody>31edebff63aa4f4e28f6e175ee240546</MD5OfMessageBody>"
        "<MD5OfMessageAttributes>9732d409bc650fb5ecc19acc43d5c313"
        "</MD5OfMessageAttributes><MessageId>m1</MessageId>"
        "</SendMessageResult></SendMessageResponse>";
    const char *bad_attr =
        "<SendMessageResponse><SendMessageResult>"
        "<MD5OfMessageBody>31edebff63aa4f4e28f6e175ee240546</MD5OfMessageBody>"
        "<MD5OfMessageAttributes>0732d409bc650fb5ecc19acc43d5c313"
        "</MD5OfMessageAttributes><MessageId>m1</MessageId>"
        "</SendMessageResult></SendMessageResponse>";
    const char *batch =
        "<SendMessageBatchResponse><SendMessageBatchResult>"
        "<SendMessageBatchResultEntry><Id>e2</Id><MessageId>x</MessageId>"
        "<MD5OfMessageBody>b8a9f715dbb64fd5c56e7783c6820a61</MD5OfMessageBody>"
        "</SendMessageBatchResultEntry><SendMessageBatchResultEntry>"
        "<Id>e1</Id><MessageId>y</MessageId>"
        "<MD5OfMessageBody>f97c5d29941bfb1b2fdab0874906ab82</MD5OfMessageBody>"
        "</SendMessageBatchResultEntry></SendMessageBatchResult>"
        "</SendMessageBatchResponse>";

    ASSERT_OK(make_client(a, &cl));
    memset(&p, 0, sizeof p);
    p.queue_url = URL;
    p.body = "a<&>\xc3\xa9";
    p.attributes = s_attrs;
    p.n_attributes = 2;
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_OK(fake_response(a, &cboto__sqs_send_parser, good, &resp));
    ASSERT_STREQ("m1", cboto_sqs_send_result(resp)->message_id);
    ASSERT_OK(cboto_sqs_send_check(rq, resp));
    cboto_response_release(resp);
    ASSERT_OK(fake_response(a, &cboto__sqs_send_parser, bad_attr, &resp));
    ASSERT_EQ(CBOTO_ECHECKSUM, cboto_sqs_send_check(rq, resp));
    cboto_response_release(resp);
    cboto_request_release(rq);
    /* A different body than the answer's digest. */
    p.body = "a<&>e";
    ASSERT_OK(cboto_sqs_send_message(cl, &p, &rq));
    ASSERT_OK(fake_response(a, &cboto__sqs_send_parser, good, &resp));
    ASSERT_EQ(CBOTO_ECHECKSUM, cboto_sqs_send_check(rq, resp));
    cboto_response_release(resp);
    /* Batch: entries matched by id, in any order. */
    memset(e, 0, sizeof e);
    e[0].id = "e1";
    e[0].body = "one";
    e[1].id = "e2";
    e[1].body = "two";
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){URL, e, 2}, &brq));
    ASSERT_OK(fake_response(a, &cboto__sqs_send_batch_parser, batch, &resp));
    ASSERT_OK(cboto_sqs_send_check(brq, resp));
    /* The batch answer does not belong to the single send. */
    ASSERT_EQ(CBOTO_EINVAL, cboto_sqs_send_check(rq, resp));
    cboto_response_release(resp);
    cboto_request_release(brq);
    e[1].body = "TWO";
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl, &(struct cboto_sqs_send_batch_params){URL, e, 2}, &brq));
    ASSERT_OK(fake_response(a, &cboto__sqs_send_batch_parser, batch, &resp));
    ASSERT_EQ(CBOTO_ECHECKSUM, cboto_sqs_send_check(brq, resp));
    cboto_response_release(resp);
    cboto_request_release(brq);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_accessors_kind_mismatch(struct cboto_allocator *a)
{
    struct cboto_response *resp;
    const char *doc = "<PurgeQueueResponse><ResponseMetadata><RequestId>r-1"
                      "</RequestId></ResponseMetadata></PurgeQueueResponse>";

    ASSERT_OK(fake_response(a, &cboto__sqs_purge_queue_parser, doc, &resp));
    ASSERT_NULL(cboto_sqs_receive_result(resp));
    ASSERT_NULL(cboto_sqs_send_result(resp));
    ASSERT_NULL(cboto_sqs_batch_result(resp));
    ASSERT_NULL(cboto_sqs_queue_url_result(resp));
    ASSERT_NULL(cboto_sqs_queue_list_result(resp));
    ASSERT_NULL(cboto_sqs_attribute_list_result(resp));
    ASSERT_NULL(cboto_s3_list_result(resp));
    ASSERT_STREQ("r-1", cboto_sqs_request_id(resp));
    cboto_response_release(resp);
    ASSERT_NULL(cboto_sqs_receive_result(NULL));
    ASSERT_NULL(cboto_sqs_request_id(NULL));
    return 0;
}

/* Each main builder with every allocation failing in turn: ENOMEM,
 * nothing written to *out, nothing leaked. */
static int torture_one(struct cboto_client *cl, int which)
{
    struct cboto_sqs_send_params e[2];
    struct cboto_sqs_handle_params h[2] = {{NULL, "a", "rh-a", 1},
                                           {NULL, "b", "rh-b", 2}};
    struct cboto_sqs_attribute qa[] = {{"DelaySeconds", "1"}};
    static const char *const names[] = {"All"};
    struct cboto_request *rq = SENTINEL;
    long n;

    memset(e, 0, sizeof e);
    e[0].id = "e0";
    e[0].body = "x";
    e[0].attributes = s_attrs;
    e[0].n_attributes = 3;
    e[1].id = "e1";
    e[1].body = "y";
    for (n = 1;; n++) {
        int rc;

        s_test_alloc.fail_after = s_test_alloc.total + n;
        switch (which) {
        case 0:
            e[0].queue_url = URL;
            rc = cboto_sqs_send_message(cl, &e[0], &rq);
            break;
        case 1:
            rc = cboto_sqs_send_message_batch(
                cl, &(struct cboto_sqs_send_batch_params){URL, e, 2}, &rq);
            break;
        case 2: {
            struct cboto_sqs_receive_params p;

            memset(&p, 0, sizeof p);
            p.queue_url = URL;
            p.wait_set = 1;
            p.wait_time_seconds = 1;
            p.message_attribute_names = names;
            p.n_message_attribute_names = 1;
            rc = cboto_sqs_receive_message(cl, &p, &rq);
            break;
        }
        case 3:
            rc = cboto_sqs_delete_message_batch(
                cl, &(struct cboto_sqs_handle_batch_params){URL, h, 2}, &rq);
            break;
        default:
            rc = cboto_sqs_create_queue(
                cl, &(struct cboto_sqs_create_queue_params){"q", qa, 1, qa, 1},
                &rq);
            break;
        }
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            cboto_request_release(rq);
            break;
        }
        if (rc != CBOTO_ENOMEM)
            FAILF("builder %d: allocation %ld gave %s", which, n,
                  cboto_err_name(rc));
        ASSERT_TRUE(rq == SENTINEL);
        ASSERT_TRUE(n < 10000);
    }
    ASSERT_TRUE(n > 5);
    return 0;
}

static int test_builders_alloc_torture(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    int i;

    ASSERT_OK(make_client(a, &cl));
    for (i = 0; i < 5; i++) {
        long live = s_test_alloc.live;

        ASSERT_OK(torture_one(cl, i));
        ASSERT_EQ(live, s_test_alloc.live);
    }
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

HARNESS_MAIN(TEST_LIST)
