/* SPDX-License-Identifier: MIT */
/*
 * Every SQS query-API answer, parsed by one state machine into
 * struct cboto__sqs_result:
 *
 *   <XResponse>                                      depth 1
 *     <XResult>                                      2
 *       <QueueUrl/> <NextToken/>                     3  lists, urls
 *       <Attribute><Name/><Value/></Attribute>       3  queue attributes
 *       <Tag><Key/><Value/></Tag>                    3  tags
 *       <MessageId/> <MD5OfMessageBody/> ...         3  SendMessage
 *       <...BatchResultEntry><Id/>...</...>          3  batch successes
 *       <BatchResultErrorEntry><Id/><Code/>...       3  batch failures
 *       <Message><Body/>...<MessageAttribute>        3  received messages
 *           <Name/><Value><DataType/><StringValue/>|<BinaryValue/>
 *     </XResult>
 *     <ResponseMetadata><RequestId/></ResponseMetadata>
 *   </XResponse>
 *
 * The root must be the action's response element: an answer to another
 * action (or moto's S3 fallback for a misrouted request) is malformed.
 * Received messages are checked against their MD5s in finish, so a
 * tampered message never reaches the caller.
 */
#include <string.h>

#include "../../aws/core.h"
#include "sqs_internal.h"

#define MAX_DEPTH 8

struct sqs_state {
    const struct cboto_allocator *a;
    const struct cboto_request *rq; /* being answered (send checks) */
    const char *root;
    int kind;
    int root_ok;
    int in_result;
    char stack[MAX_DEPTH + 1][48];
    struct cboto__sqs_result *r;
    char *name, *value; /* Attribute / Tag pairs */
    struct cboto_sqs_sent ok;
    struct cboto_sqs_batch_error err;
    struct cboto_sqs_message msg;
    size_t cap_mattr, cap_mmattr;
    struct cboto_sqs_message_attribute ma;
    char *ma_binary_b64;
};

static void free_c(const struct cboto_allocator *a, const void *p)
{
    cboto__free(a, (void *)(uintptr_t)p);
}

static int set(const struct cboto_allocator *a, const char **slot,
               const char *text, size_t len)
{
    char *c = cboto__strndup(a, text, len);

    if (!c)
        return CBOTO_ENOMEM;
    free_c(a, *slot);
    *slot = c;
    return CBOTO_OK;
}

static int grow(const struct cboto_allocator *a, const void **arr, size_t *cap,
                size_t n, size_t elem)
{
    size_t ncap;
    void *p;

    if (n < *cap)
        return CBOTO_OK;
    ncap = *cap ? *cap * 2 : 4;
    if (ncap > SIZE_MAX / elem)
        return CBOTO_ENOMEM;
    p = cboto__resize(a, (void *)(uintptr_t)*arr, *cap * elem, ncap * elem);
    if (!p)
        return CBOTO_ENOMEM;
    *arr = p;
    *cap = ncap;
    return CBOTO_OK;
}

static void sent_clear(const struct cboto_allocator *a,
                       struct cboto_sqs_sent *s)
{
    free_c(a, s->id);
    free_c(a, s->message_id);
    free_c(a, s->md5_of_message_body);
    free_c(a, s->md5_of_message_attributes);
    free_c(a, s->md5_of_message_system_attributes);
    free_c(a, s->sequence_number);
    memset(s, 0, sizeof *s);
}

static void berr_clear(const struct cboto_allocator *a,
                       struct cboto_sqs_batch_error *e)
{
    free_c(a, e->id);
    free_c(a, e->code);
    free_c(a, e->message);
    memset(e, 0, sizeof *e);
}

static void mattr_clear(const struct cboto_allocator *a,
                        struct cboto_sqs_message_attribute *m)
{
    free_c(a, m->name);
    free_c(a, m->data_type);
    free_c(a, m->string_value);
    free_c(a, m->binary_value.ptr);
    memset(m, 0, sizeof *m);
}

static void msg_clear(const struct cboto_allocator *a,
                      struct cboto_sqs_message *m)
{
    size_t i;

    free_c(a, m->message_id);
    free_c(a, m->receipt_handle);
    free_c(a, m->body);
    free_c(a, m->md5_of_body);
    free_c(a, m->md5_of_message_attributes);
    for (i = 0; i < m->n_attributes; i++) {
        free_c(a, m->attributes[i].name);
        free_c(a, m->attributes[i].value);
    }
    free_c(a, m->attributes);
    for (i = 0; i < m->n_message_attributes; i++)
        mattr_clear(a, (struct cboto_sqs_message_attribute *)(uintptr_t)&m
                           ->message_attributes[i]);
    free_c(a, m->message_attributes);
    memset(m, 0, sizeof *m);
}

static void result_free(const struct cboto_allocator *a, void *p)
{
    struct cboto__sqs_result *r = p;
    size_t i;

    if (!r)
        return;
    cboto__free(a, r->request_id);
    free_c(a, r->url.queue_url);
    for (i = 0; i < r->list.n_queue_urls; i++)
        free_c(a, r->list.queue_urls[i]);
    free_c(a, r->list.queue_urls);
    free_c(a, r->list.next_token);
    for (i = 0; i < r->attrs.n_attributes; i++) {
        free_c(a, r->attrs.attributes[i].name);
        free_c(a, r->attrs.attributes[i].value);
    }
    free_c(a, r->attrs.attributes);
    sent_clear(a, &r->sent);
    for (i = 0; i < r->batch.n_successful; i++)
        sent_clear(
            a, (struct cboto_sqs_sent *)(uintptr_t)&r->batch.successful[i]);
    free_c(a, r->batch.successful);
    for (i = 0; i < r->batch.n_failed; i++)
        berr_clear(
            a, (struct cboto_sqs_batch_error *)(uintptr_t)&r->batch.failed[i]);
    free_c(a, r->batch.failed);
    for (i = 0; i < r->recv.n_messages; i++)
        msg_clear(a,
                  (struct cboto_sqs_message *)(uintptr_t)&r->recv.messages[i]);
    free_c(a, r->recv.messages);
    cboto__free(a, r);
}

static int init_common(void *st, const struct cboto_allocator *a,
                       const char *root, int kind)
{
    struct sqs_state *s = st;

    memset(s, 0, sizeof *s);
    s->a = a;
    s->root = root;
    s->kind = kind;
    s->r = cboto__calloc(a, 1, sizeof *s->r);
    if (!s->r)
        return CBOTO_ENOMEM;
    s->r->kind = kind;
    return CBOTO_OK;
}

static int on_start(void *st, const char *name, int depth)
{
    struct sqs_state *s = st;
    const char *parent;

    if (depth <= MAX_DEPTH) {
        size_t n = strlen(name);

        if (n >= sizeof s->stack[0])
            n = sizeof s->stack[0] - 1;
        memcpy(s->stack[depth], name, n);
        s->stack[depth][n] = '\0';
    }
    if (depth == 1) {
        if (strcmp(name, s->root) != 0)
            return CBOTO_EPARSE;
        s->root_ok = 1;
        return CBOTO_OK;
    }
    if (depth == 2) {
        size_t n = strlen(name);

        s->in_result = n > 6 && strcmp(name + n - 6, "Result") == 0;
        return CBOTO_OK;
    }
    if (!s->in_result || depth > MAX_DEPTH)
        return CBOTO_OK;
    parent = s->stack[depth - 1];
    /* A new element of a repeated kind starts from a clean slate. */
    if (depth == 3 || (depth == 4 && strcmp(parent, "Message") == 0)) {
        free_c(s->a, s->name);
        free_c(s->a, s->value);
        s->name = s->value = NULL;
    }
    if (depth == 3) {
        sent_clear(s->a, &s->ok);
        berr_clear(s->a, &s->err);
        if (strcmp(name, "Message") == 0) {
            msg_clear(s->a, &s->msg);
            s->cap_mattr = s->cap_mmattr = 0;
        }
    } else if (depth == 4 && strcmp(parent, "Message") == 0 &&
               strcmp(name, "MessageAttribute") == 0) {
        mattr_clear(s->a, &s->ma);
        cboto__free(s->a, s->ma_binary_b64);
        s->ma_binary_b64 = NULL;
    }
    return CBOTO_OK;
}

static int push_pair(struct sqs_state *s)
{
    struct cboto__sqs_result *r = s->r;
    struct cboto_sqs_attribute *v;
    int rc;

    if (!s->name)
        return CBOTO_EPARSE;
    rc = grow(s->a, (const void **)&r->attrs.attributes, &r->cap_attrs,
              r->attrs.n_attributes, sizeof *r->attrs.attributes);
    if (rc)
        return rc;
    v = (struct cboto_sqs_attribute *)(uintptr_t)&r->attrs
            .attributes[r->attrs.n_attributes++];
    v->name = s->name;
    v->value = s->value ? s->value : NULL;
    if (!v->value) {
        v->value = cboto__strdup(s->a, "");
        if (!v->value) {
            r->attrs.n_attributes--;
            return CBOTO_ENOMEM;
        }
    }
    s->name = s->value = NULL;
    return CBOTO_OK;
}

static int end_message_attr(struct sqs_state *s)
{
    struct cboto_sqs_message *m = &s->msg;
    int kind;
    int rc;

    if (!s->ma.name || !s->ma.data_type)
        return CBOTO_EPARSE;
    kind = strncmp(s->ma.data_type, "Binary", 6) == 0 ? 2 : 1;
    if (kind == 2) {
        struct cboto__buf b;

        if (!s->ma_binary_b64)
            return CBOTO_EPARSE;
        cboto__buf_init(&b, s->a, 0);
        rc = cboto__base64_decode(&b, s->ma_binary_b64,
                                  strlen(s->ma_binary_b64));
        if (rc) {
            cboto__buf_cleanup(&b);
            return rc == CBOTO_ENOMEM ? rc : CBOTO_EPARSE;
        }
        s->ma.binary_value.len = b.len;
        s->ma.binary_value.ptr = (const uint8_t *)cboto__buf_steal(&b);
        if (!s->ma.binary_value.ptr)
            return CBOTO_ENOMEM;
    } else if (!s->ma.string_value) {
        return CBOTO_EPARSE;
    }
    rc = grow(s->a, (const void **)&m->message_attributes, &s->cap_mmattr,
              m->n_message_attributes, sizeof *m->message_attributes);
    if (rc)
        return rc;
    memcpy(
        (void *)(uintptr_t)&m->message_attributes[m->n_message_attributes++],
        &s->ma, sizeof s->ma);
    memset(&s->ma, 0, sizeof s->ma);
    return CBOTO_OK;
}

static int end_message_sysattr(struct sqs_state *s)
{
    struct cboto_sqs_message *m = &s->msg;
    struct cboto_sqs_attribute *v;
    int rc;

    if (!s->name)
        return CBOTO_EPARSE;
    rc = grow(s->a, (const void **)&m->attributes, &s->cap_mattr,
              m->n_attributes, sizeof *m->attributes);
    if (rc)
        return rc;
    if (!s->value && !(s->value = cboto__strdup(s->a, "")))
        return CBOTO_ENOMEM;
    v = (struct cboto_sqs_attribute *)(uintptr_t)&m
            ->attributes[m->n_attributes++];
    v->name = s->name;
    v->value = s->value;
    s->name = s->value = NULL;
    return CBOTO_OK;
}

static int end_message(struct sqs_state *s)
{
    struct cboto__sqs_result *r = s->r;
    int rc;

    if (!s->msg.message_id || !s->msg.receipt_handle)
        return CBOTO_EPARSE;
    if (!s->msg.body && set(s->a, &s->msg.body, "", 0))
        return CBOTO_ENOMEM;
    rc = grow(s->a, (const void **)&r->recv.messages, &r->cap_msgs,
              r->recv.n_messages, sizeof *r->recv.messages);
    if (rc)
        return rc;
    memcpy((void *)(uintptr_t)&r->recv.messages[r->recv.n_messages++], &s->msg,
           sizeof s->msg);
    memset(&s->msg, 0, sizeof s->msg);
    return CBOTO_OK;
}

/* Fields of SendMessageResult and of a batch success entry. */
static int sent_field(struct sqs_state *s, struct cboto_sqs_sent *o,
                      const char *name, const char *text, size_t len)
{
    if (strcmp(name, "Id") == 0)
        return set(s->a, &o->id, text, len);
    if (strcmp(name, "MessageId") == 0)
        return set(s->a, &o->message_id, text, len);
    if (strcmp(name, "MD5OfMessageBody") == 0)
        return set(s->a, &o->md5_of_message_body, text, len);
    if (strcmp(name, "MD5OfMessageAttributes") == 0)
        return set(s->a, &o->md5_of_message_attributes, text, len);
    if (strcmp(name, "MD5OfMessageSystemAttributes") == 0)
        return set(s->a, &o->md5_of_message_system_attributes, text, len);
    if (strcmp(name, "SequenceNumber") == 0)
        return set(s->a, &o->sequence_number, text, len);
    return CBOTO_OK;
}

static int end_depth3(struct sqs_state *s, const char *name, const char *text,
                      size_t len)
{
    struct cboto__sqs_result *r = s->r;
    size_t nl = strlen(name);
    int rc;

    if (strcmp(name, "QueueUrl") == 0) {
        if (s->kind == CBOTO__RESULT_SQS_QUEUE_URL)
            return set(s->a, &r->url.queue_url, text, len);
        rc = grow(s->a, (const void **)&r->list.queue_urls, &r->cap_urls,
                  r->list.n_queue_urls, sizeof *r->list.queue_urls);
        if (rc)
            return rc;
        ((const char **)(uintptr_t)r->list.queue_urls)[r->list.n_queue_urls] =
            NULL;
        rc = set(s->a,
                 &((const char **)(uintptr_t)
                       r->list.queue_urls)[r->list.n_queue_urls],
                 text, len);
        if (!rc)
            r->list.n_queue_urls++;
        return rc;
    }
    if (strcmp(name, "NextToken") == 0)
        return len ? set(s->a, &r->list.next_token, text, len) : CBOTO_OK;
    if (strcmp(name, "Attribute") == 0 || strcmp(name, "Tag") == 0)
        return push_pair(s);
    if (strcmp(name, "Message") == 0)
        return end_message(s);
    if (strcmp(name, "BatchResultErrorEntry") == 0) {
        if (!s->err.id)
            return CBOTO_EPARSE;
        rc = grow(s->a, (const void **)&r->batch.failed, &r->cap_failed,
                  r->batch.n_failed, sizeof *r->batch.failed);
        if (rc)
            return rc;
        memcpy((void *)(uintptr_t)&r->batch.failed[r->batch.n_failed++],
               &s->err, sizeof s->err);
        memset(&s->err, 0, sizeof s->err);
        return CBOTO_OK;
    }
    if (nl > 16 && strcmp(name + nl - 16, "BatchResultEntry") == 0) {
        if (!s->ok.id)
            return CBOTO_EPARSE;
        rc = grow(s->a, (const void **)&r->batch.successful, &r->cap_ok,
                  r->batch.n_successful, sizeof *r->batch.successful);
        if (rc)
            return rc;
        memcpy(
            (void *)(uintptr_t)&r->batch.successful[r->batch.n_successful++],
            &s->ok, sizeof s->ok);
        memset(&s->ok, 0, sizeof s->ok);
        return CBOTO_OK;
    }
    if (s->kind == CBOTO__RESULT_SQS_SEND)
        return sent_field(s, &r->sent, name, text, len);
    return CBOTO_OK;
}

static int end_depth4(struct sqs_state *s, const char *parent,
                      const char *name, const char *text, size_t len)
{
    size_t pl = strlen(parent);

    if (strcmp(parent, "Attribute") == 0 || strcmp(parent, "Tag") == 0) {
        if (strcmp(name, "Name") == 0 || strcmp(name, "Key") == 0)
            return set(s->a, (const char **)&s->name, text, len);
        if (strcmp(name, "Value") == 0)
            return set(s->a, (const char **)&s->value, text, len);
        return CBOTO_OK;
    }
    if (strcmp(parent, "BatchResultErrorEntry") == 0) {
        if (strcmp(name, "Id") == 0)
            return set(s->a, &s->err.id, text, len);
        if (strcmp(name, "Code") == 0)
            return set(s->a, &s->err.code, text, len);
        if (strcmp(name, "Message") == 0)
            return set(s->a, &s->err.message, text, len);
        if (strcmp(name, "SenderFault") == 0)
            s->err.sender_fault = len == 4 && memcmp(text, "true", 4) == 0;
        return CBOTO_OK;
    }
    if (pl > 16 && strcmp(parent + pl - 16, "BatchResultEntry") == 0)
        return sent_field(s, &s->ok, name, text, len);
    if (strcmp(parent, "Message") == 0) {
        struct cboto_sqs_message *m = &s->msg;

        if (strcmp(name, "MessageId") == 0)
            return set(s->a, &m->message_id, text, len);
        if (strcmp(name, "ReceiptHandle") == 0)
            return set(s->a, &m->receipt_handle, text, len);
        if (strcmp(name, "MD5OfBody") == 0)
            return set(s->a, &m->md5_of_body, text, len);
        if (strcmp(name, "MD5OfMessageAttributes") == 0)
            return set(s->a, &m->md5_of_message_attributes, text, len);
        if (strcmp(name, "Body") == 0) {
            m->body_len = len;
            return set(s->a, &m->body, text, len);
        }
        if (strcmp(name, "Attribute") == 0)
            return end_message_sysattr(s);
        if (strcmp(name, "MessageAttribute") == 0)
            return end_message_attr(s);
    }
    return CBOTO_OK;
}

static int on_end(void *st, const char *name, int depth, const char *text,
                  size_t len)
{
    struct sqs_state *s = st;

    if (depth == 3 && strcmp(s->stack[2], "ResponseMetadata") == 0 &&
        strcmp(name, "RequestId") == 0) {
        char *c = cboto__strndup(s->a, text, len);

        if (!c)
            return CBOTO_ENOMEM;
        cboto__free(s->a, s->r->request_id);
        s->r->request_id = c;
        return CBOTO_OK;
    }
    if (!s->in_result || depth > MAX_DEPTH)
        return CBOTO_OK;
    if (depth == 2)
        s->in_result = 0;
    else if (depth == 3)
        return end_depth3(s, name, text, len);
    else if (depth == 4)
        return end_depth4(s, s->stack[3], name, text, len);
    else if (depth == 5 && strcmp(s->stack[3], "Message") == 0) {
        if (strcmp(s->stack[4], "Attribute") == 0 ||
            strcmp(s->stack[4], "MessageAttribute") == 0) {
            int ma = s->stack[4][0] == 'M';

            if (strcmp(name, "Name") == 0)
                return ma ? set(s->a, &s->ma.name, text, len)
                          : set(s->a, (const char **)&s->name, text, len);
            if (!ma && strcmp(name, "Value") == 0)
                return set(s->a, (const char **)&s->value, text, len);
        }
    } else if (depth == 6 && strcmp(s->stack[4], "MessageAttribute") == 0 &&
               strcmp(s->stack[5], "Value") == 0) {
        if (strcmp(name, "DataType") == 0)
            return set(s->a, &s->ma.data_type, text, len);
        if (strcmp(name, "StringValue") == 0)
            return set(s->a, &s->ma.string_value, text, len);
        if (strcmp(name, "BinaryValue") == 0)
            return set(s->a, (const char **)&s->ma_binary_b64, text, len);
    }
    return CBOTO_OK;
}

/* A message whose digests do not match what arrived was damaged or
 * tampered with on the way: refuse the whole answer. */
static int verify_message(const struct cboto_allocator *a,
                          const struct cboto_sqs_message *m)
{
    char hex[33];
    int rc;

    if (!m->md5_of_body)
        return CBOTO_ECHECKSUM;
    cboto__sqs_md5_hex(m->body, m->body_len, hex);
    if (!cboto__strcaseeq(hex, m->md5_of_body))
        return CBOTO_ECHECKSUM;
    if (m->n_message_attributes || m->md5_of_message_attributes) {
        if (!m->md5_of_message_attributes)
            return CBOTO_ECHECKSUM;
        rc = cboto__sqs_md5_attrs(a, m->message_attributes,
                                  m->n_message_attributes, hex);
        if (rc)
            return rc == CBOTO_ENOMEM ? rc : CBOTO_ECHECKSUM;
        if (!cboto__strcaseeq(hex, m->md5_of_message_attributes))
            return CBOTO_ECHECKSUM;
    }
    return CBOTO_OK;
}

static int on_finish(void *st, int http_status,
                     const struct cboto__kvlist *headers, void **result)
{
    struct sqs_state *s = st;
    struct cboto__sqs_result *r = s->r;
    size_t i;
    int rc;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    r->url.request_id = r->list.request_id = r->attrs.request_id =
        r->batch.request_id = r->recv.request_id = r->request_id;
    switch (s->kind) {
    case CBOTO__RESULT_SQS_QUEUE_URL:
        if (!r->url.queue_url)
            return CBOTO_EPARSE;
        break;
    case CBOTO__RESULT_SQS_SEND:
        if (!r->sent.message_id || !r->sent.md5_of_message_body)
            return CBOTO_EPARSE;
        if (s->rq && (rc = cboto__sqs_check_sent(s->rq, &r->sent, NULL)))
            return rc;
        break;
    case CBOTO__RESULT_SQS_BATCH:
        if (s->rq && strcmp(s->rq->operation, "sqs.SendMessageBatch") == 0 &&
            (rc = cboto__sqs_check_sent(s->rq, NULL, &r->batch)))
            return rc;
        break;
    case CBOTO__RESULT_SQS_RECEIVE:
        for (i = 0; i < r->recv.n_messages; i++) {
            rc = verify_message(s->a, &r->recv.messages[i]);
            if (rc)
                return rc;
        }
        break;
    default:
        break;
    }
    *result = r;
    s->r = NULL;
    return CBOTO_OK;
}

static void on_cleanup(void *st)
{
    struct sqs_state *s = st;

    result_free(s->a, s->r);
    s->r = NULL;
    cboto__free(s->a, s->name);
    cboto__free(s->a, s->value);
    s->name = s->value = NULL;
    sent_clear(s->a, &s->ok);
    berr_clear(s->a, &s->err);
    msg_clear(s->a, &s->msg);
    mattr_clear(s->a, &s->ma);
    cboto__free(s->a, s->ma_binary_b64);
    s->ma_binary_b64 = NULL;
}

static int on_request(void *st, const struct cboto_request *rq)
{
    ((struct sqs_state *)st)->rq = rq;
    return CBOTO_OK;
}

#define SQS_PARSER(var, action, kind)                                         \
    static int init_##var(void *st, const struct cboto_allocator *a)          \
    {                                                                         \
        return init_common(st, a, action "Response", kind);                   \
    }                                                                         \
    const struct cboto__parser cboto__sqs_##var##_parser = {                  \
        .name = "sqs." action,                                                \
        .result_kind = kind,                                                  \
        .state_size = sizeof(struct sqs_state),                               \
        .init = init_##var,                                                   \
        .start = on_start,                                                    \
        .end = on_end,                                                        \
        .finish = on_finish,                                                  \
        .cleanup = on_cleanup,                                                \
        .result_free = result_free,                                           \
        .init_request = on_request,                                           \
    }

SQS_PARSER(create_queue, "CreateQueue", CBOTO__RESULT_SQS_QUEUE_URL);
SQS_PARSER(get_queue_url, "GetQueueUrl", CBOTO__RESULT_SQS_QUEUE_URL);
SQS_PARSER(list_queues, "ListQueues", CBOTO__RESULT_SQS_QUEUE_LIST);
SQS_PARSER(list_dlq, "ListDeadLetterSourceQueues",
           CBOTO__RESULT_SQS_QUEUE_LIST);
SQS_PARSER(delete_queue, "DeleteQueue", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(purge_queue, "PurgeQueue", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(get_attributes, "GetQueueAttributes", CBOTO__RESULT_SQS_ATTRIBUTES);
SQS_PARSER(set_attributes, "SetQueueAttributes", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(tag_queue, "TagQueue", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(untag_queue, "UntagQueue", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(list_tags, "ListQueueTags", CBOTO__RESULT_SQS_ATTRIBUTES);
SQS_PARSER(send, "SendMessage", CBOTO__RESULT_SQS_SEND);
SQS_PARSER(send_batch, "SendMessageBatch", CBOTO__RESULT_SQS_BATCH);
SQS_PARSER(receive, "ReceiveMessage", CBOTO__RESULT_SQS_RECEIVE);
SQS_PARSER(delete_message, "DeleteMessage", CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(delete_batch, "DeleteMessageBatch", CBOTO__RESULT_SQS_BATCH);
SQS_PARSER(change_visibility, "ChangeMessageVisibility",
           CBOTO__RESULT_SQS_EMPTY);
SQS_PARSER(change_visibility_batch, "ChangeMessageVisibilityBatch",
           CBOTO__RESULT_SQS_BATCH);
