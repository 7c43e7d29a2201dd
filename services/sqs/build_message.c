/* SPDX-License-Identifier: MIT */
/* Message operations: SendMessage(Batch), ReceiveMessage,
 * DeleteMessage(Batch), ChangeMessageVisibility(Batch). */
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "sqs_build.h"

static int done(struct cboto_request *rq, int rc, struct cboto_request **out)
{
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

static size_t body_len(const struct cboto_sqs_send_params *m)
{
    return m->body_len ? m->body_len : strlen(m->body);
}

/* Everything SQS would refuse about one message, before any I/O; *bytes
 * gets its size as SQS counts it (body plus attributes). */
static int check_message(const struct cboto_sqs_send_params *m, int fifo,
                         size_t *bytes)
{
    size_t bl, ab = 0, sb = 0;

    if (!m->body)
        return CBOTO_EINVAL;
    bl = body_len(m);
    if (bl < 1 || bl > CBOTO_SQS_MAX_MESSAGE_BYTES ||
        memchr(m->body, '\0', bl) || !cboto__sqs_valid_text(m->body, bl))
        return CBOTO_EINVAL;
    if (m->delay_set && (m->delay_seconds < 0 ||
                         m->delay_seconds > CBOTO_SQS_MAX_DELAY_SECONDS))
        return CBOTO_EINVAL;
    if (cboto__sqs_check_attrs(m->attributes, m->n_attributes, 0, &ab) ||
        cboto__sqs_check_attrs(m->system_attributes, m->n_system_attributes, 1,
                               &sb))
        return CBOTO_EINVAL;
    if (bl + ab > CBOTO_SQS_MAX_MESSAGE_BYTES)
        return CBOTO_EINVAL;
    if (m->message_group_id && !cboto__sqs_valid_token128(m->message_group_id))
        return CBOTO_EINVAL;
    if (m->message_deduplication_id &&
        !cboto__sqs_valid_token128(m->message_deduplication_id))
        return CBOTO_EINVAL;
    if (fifo) {
        /* FIFO queues order by group and delay only per queue. */
        if (!m->message_group_id || (m->delay_set && m->delay_seconds))
            return CBOTO_EINVAL;
    } else if (m->message_deduplication_id) {
        return CBOTO_EINVAL;
    }
    *bytes = bl + ab;
    return CBOTO_OK;
}

/* The parameters of one message under prefix ("" for SendMessage,
 * "SendMessageBatchRequestEntry.N." for a batch entry). */
static int add_message(struct cboto_request *rq, const char *pre,
                       const struct cboto_sqs_send_params *m, int batch)
{
    char ap[96];
    int rc = CBOTO_OK;

    if (batch)
        rc = cboto__sqs_add_fmt(rq, m->id, strlen(m->id), "%sId", pre);
    if (!rc)
        rc =
            cboto__sqs_add_fmt(rq, m->body, body_len(m), "%sMessageBody", pre);
    if (!rc && m->delay_set) {
        char num[16];

        snprintf(num, sizeof num, "%d", m->delay_seconds);
        rc = cboto__sqs_add_fmt(rq, num, strlen(num), "%sDelaySeconds", pre);
    }
    snprintf(ap, sizeof ap, "%sMessageAttribute", pre);
    if (!rc)
        rc = cboto__sqs_add_attrs(rq, ap, m->attributes, m->n_attributes);
    snprintf(ap, sizeof ap, "%sMessageSystemAttribute", pre);
    if (!rc)
        rc = cboto__sqs_add_attrs(rq, ap, m->system_attributes,
                                  m->n_system_attributes);
    if (!rc && m->message_group_id)
        rc = cboto__sqs_add_fmt(rq, m->message_group_id,
                                strlen(m->message_group_id),
                                "%sMessageGroupId", pre);
    if (!rc && m->message_deduplication_id)
        rc = cboto__sqs_add_fmt(rq, m->message_deduplication_id,
                                strlen(m->message_deduplication_id),
                                "%sMessageDeduplicationId", pre);
    return rc;
}

int cboto_sqs_send_message(struct cboto_client *cl,
                           const struct cboto_sqs_send_params *p,
                           struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t bytes;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        check_message(p, cboto__sqs_is_fifo_url(p->queue_url), &bytes))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "SendMessage", p->queue_url,
                            &cboto__sqs_send_parser, &rq);
    if (rc)
        return rc;
    /* A resend after an ambiguous failure would duplicate the message. */
    rq->not_idempotent = 1;
    rc = add_message(rq, "", p, 0);
    return done(rq, rc, out);
}

int cboto_sqs_send_message_batch(struct cboto_client *cl,
                                 const struct cboto_sqs_send_batch_params *p,
                                 struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t i, j, total = 0;
    int fifo, rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) || !p->entries ||
        p->n_entries < 1 || p->n_entries > CBOTO_SQS_MAX_BATCH)
        return CBOTO_EINVAL;
    fifo = cboto__sqs_is_fifo_url(p->queue_url);
    for (i = 0; i < p->n_entries; i++) {
        size_t bytes;

        if (!cboto__sqs_valid_batch_id(p->entries[i].id) ||
            check_message(&p->entries[i], fifo, &bytes))
            return CBOTO_EINVAL;
        for (j = 0; j < i; j++)
            if (strcmp(p->entries[i].id, p->entries[j].id) == 0)
                return CBOTO_EINVAL;
        total += bytes;
    }
    /* The whole batch shares the single-message limit. */
    if (total > CBOTO_SQS_MAX_MESSAGE_BYTES)
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "SendMessageBatch", p->queue_url,
                            &cboto__sqs_send_batch_parser, &rq);
    if (rc)
        return rc;
    rq->not_idempotent = 1;
    for (i = 0; i < p->n_entries && !rc; i++) {
        char pre[64];

        snprintf(pre, sizeof pre, "SendMessageBatchRequestEntry.%zu.", i + 1);
        rc = add_message(rq, pre, &p->entries[i], 1);
    }
    return done(rq, rc, out);
}

int cboto_sqs_receive_message(struct cboto_client *cl,
                              const struct cboto_sqs_receive_params *p,
                              struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url))
        return CBOTO_EINVAL;
    if (p->max_number_of_messages < 0 ||
        p->max_number_of_messages > CBOTO_SQS_MAX_BATCH ||
        (p->wait_set && (p->wait_time_seconds < 0 ||
                         p->wait_time_seconds > CBOTO_SQS_MAX_WAIT_SECONDS)) ||
        (p->visibility_set &&
         (p->visibility_timeout < 0 ||
          p->visibility_timeout > CBOTO_SQS_MAX_VISIBILITY_SECONDS)) ||
        cboto__sqs_check_list(p->attribute_names, p->n_attribute_names) ||
        cboto__sqs_check_list(p->system_attribute_names,
                              p->n_system_attribute_names) ||
        cboto__sqs_check_list(p->message_attribute_names,
                              p->n_message_attribute_names) ||
        (p->receive_request_attempt_id &&
         !cboto__sqs_valid_token128(p->receive_request_attempt_id)))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "ReceiveMessage", p->queue_url,
                            &cboto__sqs_receive_parser, &rq);
    if (rc)
        return rc;
    /* A long poll legitimately sends nothing for its wait; without an
     * explicit wait the queue's own default (at most 20 s) applies. */
    rq->extra_timeout_ms = 1000L * (p->wait_set ? p->wait_time_seconds
                                                : CBOTO_SQS_MAX_WAIT_SECONDS);
    if (p->max_number_of_messages)
        rc = cboto__sqs_add_int(rq, "MaxNumberOfMessages",
                                p->max_number_of_messages);
    if (!rc && p->wait_set)
        rc = cboto__sqs_add_int(rq, "WaitTimeSeconds", p->wait_time_seconds);
    if (!rc && p->visibility_set)
        rc =
            cboto__sqs_add_int(rq, "VisibilityTimeout", p->visibility_timeout);
    if (!rc)
        rc = cboto__sqs_add_list(rq, "AttributeName.%zu", p->attribute_names,
                                 p->n_attribute_names);
    if (!rc)
        rc = cboto__sqs_add_list(rq, "MessageSystemAttributeName.%zu",
                                 p->system_attribute_names,
                                 p->n_system_attribute_names);
    if (!rc)
        rc = cboto__sqs_add_list(rq, "MessageAttributeName.%zu",
                                 p->message_attribute_names,
                                 p->n_message_attribute_names);
    if (!rc && p->receive_request_attempt_id)
        rc = cboto__kvlist_add(&rq->query, "ReceiveRequestAttemptId",
                               p->receive_request_attempt_id);
    return done(rq, rc, out);
}

static int check_handle(const char *h)
{
    size_t n;

    if (!h)
        return CBOTO_EINVAL;
    n = strlen(h);
    return n >= 1 && n <= 1024 && cboto__sqs_valid_text(h, n) ? CBOTO_OK
                                                              : CBOTO_EINVAL;
}

static int check_visibility(int v)
{
    return v >= 0 && v <= CBOTO_SQS_MAX_VISIBILITY_SECONDS ? CBOTO_OK
                                                           : CBOTO_EINVAL;
}

static int single_handle(struct cboto_client *cl, const char *action,
                         const struct cboto_sqs_handle_params *p,
                         int visibility, const struct cboto__parser *ps,
                         struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        check_handle(p->receipt_handle) ||
        (visibility && check_visibility(p->visibility_timeout)))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, action, p->queue_url, ps, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "ReceiptHandle", p->receipt_handle);
    if (!rc && visibility)
        rc =
            cboto__sqs_add_int(rq, "VisibilityTimeout", p->visibility_timeout);
    return done(rq, rc, out);
}

int cboto_sqs_delete_message(struct cboto_client *cl,
                             const struct cboto_sqs_handle_params *p,
                             struct cboto_request **out)
{
    return single_handle(cl, "DeleteMessage", p, 0,
                         &cboto__sqs_delete_message_parser, out);
}

int cboto_sqs_change_message_visibility(
    struct cboto_client *cl, const struct cboto_sqs_handle_params *p,
    struct cboto_request **out)
{
    return single_handle(cl, "ChangeMessageVisibility", p, 1,
                         &cboto__sqs_change_visibility_parser, out);
}

static int handle_batch(struct cboto_client *cl, const char *action,
                        const char *entry,
                        const struct cboto_sqs_handle_batch_params *p,
                        int visibility, const struct cboto__parser *ps,
                        struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t i, j;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) || !p->entries ||
        p->n_entries < 1 || p->n_entries > CBOTO_SQS_MAX_BATCH)
        return CBOTO_EINVAL;
    for (i = 0; i < p->n_entries; i++) {
        const struct cboto_sqs_handle_params *e = &p->entries[i];

        if (!cboto__sqs_valid_batch_id(e->id) ||
            check_handle(e->receipt_handle) ||
            (visibility && check_visibility(e->visibility_timeout)))
            return CBOTO_EINVAL;
        for (j = 0; j < i; j++)
            if (strcmp(e->id, p->entries[j].id) == 0)
                return CBOTO_EINVAL;
    }
    rc = cboto__sqs_request(cl, action, p->queue_url, ps, &rq);
    if (rc)
        return rc;
    for (i = 0; i < p->n_entries && !rc; i++) {
        const struct cboto_sqs_handle_params *e = &p->entries[i];

        rc = cboto__sqs_add_fmt(rq, e->id, strlen(e->id), "%s.%zu.Id", entry,
                                i + 1);
        if (!rc)
            rc = cboto__sqs_add_fmt(rq, e->receipt_handle,
                                    strlen(e->receipt_handle),
                                    "%s.%zu.ReceiptHandle", entry, i + 1);
        if (!rc && visibility) {
            char num[16];

            snprintf(num, sizeof num, "%d", e->visibility_timeout);
            rc = cboto__sqs_add_fmt(rq, num, strlen(num),
                                    "%s.%zu.VisibilityTimeout", entry, i + 1);
        }
    }
    return done(rq, rc, out);
}

int cboto_sqs_delete_message_batch(
    struct cboto_client *cl, const struct cboto_sqs_handle_batch_params *p,
    struct cboto_request **out)
{
    return handle_batch(cl, "DeleteMessageBatch",
                        "DeleteMessageBatchRequestEntry", p, 0,
                        &cboto__sqs_delete_batch_parser, out);
}

int cboto_sqs_change_message_visibility_batch(
    struct cboto_client *cl, const struct cboto_sqs_handle_batch_params *p,
    struct cboto_request **out)
{
    return handle_batch(cl, "ChangeMessageVisibilityBatch",
                        "ChangeMessageVisibilityBatchRequestEntry", p, 1,
                        &cboto__sqs_change_visibility_batch_parser, out);
}
