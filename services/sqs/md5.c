/* SPDX-License-Identifier: MIT */
/*
 * Message integrity: the MD5 of a body, the MD5 of message attributes in
 * the encoding SQS documents (and moto, boto and the AWS SDKs implement),
 * and the check of a send's answer against what was sent.
 */
#include <stdlib.h>
#include <string.h>

#include "../../aws/core.h"
#include "../../signing/internal.h"
#include "sqs_build.h"

void cboto__sqs_md5_hex(const void *p, size_t n, char out[33])
{
    uint8_t d[16];

    /* MD5 of memory only fails when OpenSSL cannot allocate; an empty
     * digest then never matches, which fails safe. */
    if (cboto__md5(p, n, d)) {
        out[0] = '\0';
        return;
    }
    cboto__hex(out, d, 16);
}

static int put_len_bytes(struct cboto__buf *b, const void *p, size_t n)
{
    uint8_t be[4];
    int rc;

    if (n > 0xFFFFFFFFu)
        return CBOTO_EINVAL;
    be[0] = (uint8_t)(n >> 24);
    be[1] = (uint8_t)(n >> 16);
    be[2] = (uint8_t)(n >> 8);
    be[3] = (uint8_t)n;
    rc = cboto__buf_append(b, be, 4);
    if (!rc && n)
        rc = cboto__buf_append(b, p, n);
    return rc;
}

static int by_name(const void *x, const void *y)
{
    const struct cboto_sqs_message_attribute *const *a = x;
    const struct cboto_sqs_message_attribute *const *b = y;

    return strcmp((*a)->name, (*b)->name);
}

/* For each attribute in name order: length-prefixed name, length-prefixed
 * data type, transport byte (1 String/Number, 2 Binary), length-prefixed
 * value bytes. */
static int md5_attrs(const struct cboto_allocator *a,
                     const struct cboto_sqs_message_attribute *at, size_t n,
                     char out[33])
{
    const struct cboto_sqs_message_attribute **v;
    struct cboto__buf b;
    size_t i;
    int rc = CBOTO_OK;

    out[0] = '\0';
    if (n == 0)
        return CBOTO_OK;
    if (!at)
        return CBOTO_EINVAL;
    v = cboto__calloc(a, n, sizeof *v);
    if (!v)
        return CBOTO_ENOMEM;
    for (i = 0; i < n; i++) {
        if (!at[i].name || !at[i].data_type)
            rc = CBOTO_EINVAL;
        v[i] = &at[i];
    }
    if (rc) {
        cboto__free(a, v);
        return rc;
    }
    qsort(v, n, sizeof *v, by_name);
    cboto__buf_init(&b, a, 0);
    for (i = 0; i < n && !rc; i++) {
        int binary = strncmp(v[i]->data_type, "Binary", 6) == 0;

        rc = put_len_bytes(&b, v[i]->name, strlen(v[i]->name));
        if (!rc)
            rc = put_len_bytes(&b, v[i]->data_type, strlen(v[i]->data_type));
        if (!rc)
            rc = cboto__buf_append_byte(&b, binary ? 2 : 1);
        if (rc)
            break;
        if (binary) {
            if (!v[i]->binary_value.ptr && v[i]->binary_value.len)
                rc = CBOTO_EINVAL;
            else
                rc = put_len_bytes(&b, v[i]->binary_value.ptr,
                                   v[i]->binary_value.len);
        } else if (!v[i]->string_value) {
            rc = CBOTO_EINVAL;
        } else {
            rc = put_len_bytes(&b, v[i]->string_value,
                               strlen(v[i]->string_value));
        }
    }
    if (!rc) {
        cboto__sqs_md5_hex(b.ptr, b.len, out);
        if (!out[0])
            rc = CBOTO_ENOMEM;
    }
    cboto__buf_cleanup(&b);
    cboto__free(a, v);
    return rc;
}

int cboto__sqs_md5_attrs(const struct cboto_allocator *a,
                         const struct cboto_sqs_message_attribute *attrs,
                         size_t n, char out[33])
{
    return md5_attrs(a, attrs, n, out);
}

int cboto_sqs_md5_of_attributes(
    const struct cboto_sqs_message_attribute *attrs, size_t n, char out[33])
{
    if (!out)
        return CBOTO_EINVAL;
    return md5_attrs(NULL, attrs, n, out);
}

/* ---- checking a send against its answer ------------------------------ */

/* One sent message as the request's parameters describe it. */
struct sent_msg {
    const char *body;
    struct cboto_sqs_message_attribute at[CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES];
    struct cboto__buf bin[CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES];
    size_t n;
};

static void sent_msg_cleanup(struct sent_msg *m)
{
    size_t i;

    for (i = 0; i < CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES; i++)
        cboto__buf_cleanup(&m->bin[i]);
}

/* Read "<pre>MessageBody" and "<pre>MessageAttribute.N.*" back from the
 * request's parameter list. */
static int collect(const struct cboto_request *rq, const char *pre,
                   struct sent_msg *m)
{
    size_t pl = strlen(pre), i;
    int rc = CBOTO_OK;

    memset(m, 0, sizeof *m);
    for (i = 0; i < CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES; i++)
        cboto__buf_init(&m->bin[i], rq->a, 0);
    for (i = 0; i < rq->query.n && !rc; i++) {
        const char *k = rq->query.v[i].name, *v = rq->query.v[i].value;
        const char *rest;
        char *end;
        unsigned long idx;

        if (strncmp(k, pre, pl) != 0)
            continue;
        k += pl;
        if (strcmp(k, "MessageBody") == 0) {
            m->body = v;
            continue;
        }
        if (strncmp(k, "MessageAttribute.", 17) != 0)
            continue;
        idx = strtoul(k + 17, &end, 10);
        if (idx < 1 || idx > CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES || *end != '.')
            return CBOTO_EINVAL;
        rest = end + 1;
        if (idx > m->n)
            m->n = idx;
        idx--;
        if (strcmp(rest, "Name") == 0) {
            m->at[idx].name = v;
        } else if (strcmp(rest, "Value.DataType") == 0) {
            m->at[idx].data_type = v;
        } else if (strcmp(rest, "Value.StringValue") == 0) {
            m->at[idx].string_value = v;
        } else if (strcmp(rest, "Value.BinaryValue") == 0) {
            rc = cboto__base64_decode(&m->bin[idx], v, strlen(v));
            m->at[idx].binary_value.ptr = m->bin[idx].ptr;
            m->at[idx].binary_value.len = m->bin[idx].len;
        }
    }
    return rc;
}

static int check_one(const struct cboto_request *rq, const char *pre,
                     const struct cboto_sqs_sent *s)
{
    struct sent_msg m;
    char hex[33];
    int rc = collect(rq, pre, &m);

    if (!rc && !m.body)
        rc = CBOTO_EINVAL;
    if (!rc) {
        cboto__sqs_md5_hex(m.body, strlen(m.body), hex);
        if (!s->md5_of_message_body ||
            !cboto__strcaseeq(hex, s->md5_of_message_body))
            rc = CBOTO_ECHECKSUM;
    }
    if (!rc && (m.n || s->md5_of_message_attributes)) {
        rc = md5_attrs(rq->a, m.at, m.n, hex);
        if (!rc && (!s->md5_of_message_attributes ||
                    !cboto__strcaseeq(hex, s->md5_of_message_attributes)))
            rc = CBOTO_ECHECKSUM;
    }
    sent_msg_cleanup(&m);
    return rc;
}

int cboto__sqs_check_sent(const struct cboto_request *rq,
                          const struct cboto_sqs_sent *one,
                          const struct cboto_sqs_batch_result *b)
{
    size_t i, j;

    if (one && strcmp(rq->operation, "sqs.SendMessage") == 0)
        return check_one(rq, "", one);
    if (!b || strcmp(rq->operation, "sqs.SendMessageBatch") != 0)
        return CBOTO_EINVAL;
    for (i = 0; i < b->n_successful; i++) {
        const struct cboto_sqs_sent *s = &b->successful[i];
        char pre[64];
        int rc, found = 0;

        /* The answer names entries by id; find the one sent under it. */
        for (j = 0; j < rq->query.n && !found; j++) {
            const char *k = rq->query.v[j].name;
            size_t kl = strlen(k);

            if (strncmp(k, "SendMessageBatchRequestEntry.", 29) == 0 &&
                kl > 3 && strcmp(k + kl - 3, ".Id") == 0 && s->id &&
                strcmp(rq->query.v[j].value, s->id) == 0 &&
                kl - 2 < sizeof pre) {
                memcpy(pre, k, kl - 2);
                pre[kl - 2] = '\0';
                found = 1;
            }
        }
        if (!found)
            return CBOTO_ECHECKSUM; /* an entry we never sent */
        rc = check_one(rq, pre, s);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

int cboto_sqs_send_check(const struct cboto_request *rq,
                         const struct cboto_response *resp)
{
    const struct cboto_sqs_sent *one;
    const struct cboto_sqs_batch_result *b;

    if (!rq || !resp)
        return CBOTO_EINVAL;
    one = cboto_sqs_send_result(resp);
    b = cboto_sqs_batch_result(resp);
    if (!one && !b)
        return CBOTO_EINVAL;
    return cboto__sqs_check_sent(rq, one, b);
}
