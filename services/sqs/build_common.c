/* SPDX-License-Identifier: MIT */
/* What every SQS builder shares: the request skeleton addressed to a queue
 * URL, and the checks SQS would otherwise make only after a round trip. */
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "sqs_build.h"

int cboto__sqs_is_fifo_url(const char *url)
{
    size_t n = strlen(url);

    return n > 5 && strcmp(url + n - 5, ".fifo") == 0;
}

/* Split an absolute http(s) URL into the request's scheme, host and path.
 * Only the characters a queue URL can hold are accepted, so the path can go
 * on the wire (and into the signature) as it is. */
static int parse_url(const char *url, const char **host, size_t *host_len,
                     const char **path, int *https)
{
    static const char host_ok[] = "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]";
    static const char path_ok[] = "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/";
    const char *h;
    size_t hl;

    if (strncmp(url, "https://", 8) == 0) {
        *https = 1;
        h = url + 8;
    } else if (strncmp(url, "http://", 7) == 0) {
        *https = 0;
        h = url + 7;
    } else {
        return CBOTO_EINVAL;
    }
    hl = strspn(h, host_ok);
    if (hl == 0 || (h[hl] != '/' && h[hl] != '\0'))
        return CBOTO_EINVAL;
    if (h[hl] && strspn(h + hl, path_ok) != strlen(h + hl))
        return CBOTO_EINVAL;
    *host = h;
    *host_len = hl;
    *path = h[hl] ? h + hl : "/";
    return CBOTO_OK;
}

int cboto__sqs_check_url(const char *url)
{
    const char *h, *p;
    size_t hl;
    int https;

    if (!url)
        return CBOTO_EINVAL;
    return parse_url(url, &h, &hl, &p, &https);
}

int cboto__sqs_request(struct cboto_client *cl, const char *action,
                       const char *queue_url, const struct cboto__parser *ps,
                       struct cboto_request **out)
{
    struct cboto_request *rq;
    const char *h = NULL, *path = NULL;
    size_t hl = 0;
    int https = 0, rc;
    char op[64];

    if (!cl)
        return CBOTO_EINVAL;
    if (queue_url && parse_url(queue_url, &h, &hl, &path, &https))
        return CBOTO_EINVAL;
    snprintf(op, sizeof op, "sqs.%s", action);
    rc = cboto__request_new(cl, op, "POST", CBOTO__SVC_SQS, &rq);
    if (rc)
        return rc;
    rq->form_body = 1;
    rq->parser = ps;
    rc = cboto__kvlist_add(&rq->query, "Action", action);
    if (!rc)
        rc = cboto__kvlist_add(&rq->query, "Version", "2012-11-05");
    if (!rc && queue_url) {
        char *scheme, *host, *p;

        /* The Host header carries a port only when it is not the
         * scheme's default, as SigV4 and the service expect. */
        if (https && hl > 4 && memcmp(h + hl - 4, ":443", 4) == 0)
            hl -= 4;
        else if (!https && hl > 3 && memcmp(h + hl - 3, ":80", 3) == 0)
            hl -= 3;
        scheme = cboto__strdup(rq->a, https ? "https" : "http");
        host = cboto__strndup(rq->a, h, hl);
        p = cboto__strdup(rq->a, path);
        if (!scheme || !host || !p) {
            cboto__free(rq->a, scheme);
            cboto__free(rq->a, host);
            cboto__free(rq->a, p);
            rc = CBOTO_ENOMEM;
        } else {
            cboto__free(rq->a, rq->scheme);
            cboto__free(rq->a, rq->host);
            cboto__free(rq->a, rq->path);
            rq->scheme = scheme;
            rq->host = host;
            rq->path = p;
            rc = cboto__kvlist_add(&rq->query, "QueueUrl", queue_url);
        }
    }
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

int cboto__sqs_add_int(struct cboto_request *rq, const char *name, long v)
{
    char num[24];

    snprintf(num, sizeof num, "%ld", v);
    return cboto__kvlist_add(&rq->query, name, num);
}

int cboto__sqs_add_fmt(struct cboto_request *rq, const char *value,
                       size_t vlen, const char *fmt, ...)
{
    char name[160];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof name)
        return CBOTO_EINVAL;
    return cboto__kvlist_addn(&rq->query, name, (size_t)n, value, vlen);
}

/* ---- checks ---------------------------------------------------------- */

/* SQS takes only characters XML 1.0 can carry: #x9 #xA #xD, #x20-#xD7FF,
 * #xE000-#xFFFD and #x10000-#x10FFFF, as well-formed UTF-8. */
int cboto__sqs_valid_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        unsigned long cp;
        size_t k, len;

        if (c < 0x80) {
            if (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD)
                return 0;
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and out-of-range code points. */
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
            cp == 0xFFFF)
            return 0;
        i += len;
    }
    return 1;
}

static int all_in(const char *s, size_t n, const char *set)
{
    return strspn(s, set) >= n;
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

int cboto__sqs_valid_queue_name(const char *name)
{
    size_t n;

    if (!name)
        return 0;
    n = strlen(name);
    if (n > 5 && strcmp(name + n - 5, ".fifo") == 0)
        n -= 5;
    return n >= 1 && n <= 80 && n + (strlen(name) - n) <= 80 &&
           strspn(name, ALNUM "-_") == n;
}

int cboto__sqs_valid_batch_id(const char *id)
{
    size_t n;

    if (!id)
        return 0;
    n = strlen(id);
    return n >= 1 && n <= 80 && all_in(id, n, ALNUM "-_");
}

/* MessageGroupId, MessageDeduplicationId, ReceiveRequestAttemptId:
 * 1..128 printable ASCII characters without space. */
int cboto__sqs_valid_token128(const char *s)
{
    size_t n, i;

    if (!s)
        return 0;
    n = strlen(s);
    if (n < 1 || n > 128)
        return 0;
    for (i = 0; i < n; i++)
        if (s[i] < 0x21 || s[i] > 0x7E)
            return 0;
    return 1;
}

/* Message attribute names: A-Z a-z 0-9 _ - . , at most 256, no leading or
 * trailing dot, no "..", and not starting with "AWS." or "Amazon." (any
 * case): those are reserved. */
static int valid_attr_name(const char *s)
{
    size_t n;

    if (!s)
        return 0;
    n = strlen(s);
    if (n < 1 || n > 256 || !all_in(s, n, ALNUM "_-."))
        return 0;
    if (s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
        return 0;
    if (cboto__strncaseeq(s, "aws.", 4) || cboto__strncaseeq(s, "amazon.", 7))
        return 0;
    return 1;
}

/* "String", "Number" or "Binary", optionally ".label"; returns 1 for the
 * string-carried types, 2 for Binary, 0 when invalid. */
int cboto__sqs_data_type(const char *t)
{
    int kind;
    size_t n;

    if (!t)
        return 0;
    n = strlen(t);
    if (n > 256)
        return 0;
    if (strncmp(t, "String", 6) == 0 || strncmp(t, "Number", 6) == 0)
        kind = 1;
    else if (strncmp(t, "Binary", 6) == 0)
        kind = 2;
    else
        return 0;
    if (t[6] == '\0')
        return kind;
    if (t[6] != '.' || t[7] == '\0' || !cboto__sqs_valid_text(t + 7, n - 7))
        return 0;
    return kind;
}

int cboto__sqs_check_attrs(const struct cboto_sqs_message_attribute *at,
                           size_t n, int system, size_t *bytes)
{
    size_t i, j, total = 0;

    if (n && !at)
        return CBOTO_EINVAL;
    if (n > CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        int kind = cboto__sqs_data_type(at[i].data_type);

        if (system) {
            /* The only system attribute SQS defines. */
            if (!at[i].name || strcmp(at[i].name, "AWSTraceHeader") != 0 ||
                kind != 1 || strcmp(at[i].data_type, "String") != 0)
                return CBOTO_EINVAL;
        } else if (!valid_attr_name(at[i].name) || !kind) {
            return CBOTO_EINVAL;
        }
        for (j = 0; j < i; j++)
            if (strcmp(at[i].name, at[j].name) == 0)
                return CBOTO_EINVAL;
        total += strlen(at[i].name) + strlen(at[i].data_type);
        if (kind == 1) {
            size_t vl;

            if (!at[i].string_value || !*at[i].string_value)
                return CBOTO_EINVAL;
            vl = strlen(at[i].string_value);
            if (!cboto__sqs_valid_text(at[i].string_value, vl))
                return CBOTO_EINVAL;
            total += vl;
        } else {
            if (!at[i].binary_value.ptr || !at[i].binary_value.len)
                return CBOTO_EINVAL;
            total += at[i].binary_value.len;
        }
    }
    *bytes = total;
    return CBOTO_OK;
}

int cboto__sqs_add_attrs(struct cboto_request *rq, const char *prefix,
                         const struct cboto_sqs_message_attribute *at,
                         size_t n)
{
    struct cboto__buf b64;
    size_t i;
    int rc = CBOTO_OK;

    cboto__buf_init(&b64, rq->a, 0);
    for (i = 0; i < n && !rc; i++) {
        const struct cboto_sqs_message_attribute *x = &at[i];

        rc = cboto__sqs_add_fmt(rq, x->name, strlen(x->name), "%s.%zu.Name",
                                prefix, i + 1);
        if (!rc)
            rc = cboto__sqs_add_fmt(rq, x->data_type, strlen(x->data_type),
                                    "%s.%zu.Value.DataType", prefix, i + 1);
        if (rc)
            break;
        if (cboto__sqs_data_type(x->data_type) == 2) {
            cboto__buf_reset(&b64);
            rc = cboto__base64_encode(&b64, x->binary_value.ptr,
                                      x->binary_value.len);
            if (!rc)
                rc = cboto__sqs_add_fmt(rq, cboto__buf_cstr(&b64), b64.len,
                                        "%s.%zu.Value.BinaryValue", prefix,
                                        i + 1);
        } else {
            rc = cboto__sqs_add_fmt(rq, x->string_value,
                                    strlen(x->string_value),
                                    "%s.%zu.Value.StringValue", prefix, i + 1);
        }
    }
    cboto__buf_cleanup(&b64);
    return rc;
}

int cboto__sqs_add_list(struct cboto_request *rq, const char *fmt,
                        const char *const *v, size_t n)
{
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; i < n && !rc; i++)
        rc = cboto__sqs_add_fmt(rq, v[i], strlen(v[i]), fmt, i + 1);
    return rc;
}

int cboto__sqs_check_list(const char *const *v, size_t n)
{
    size_t i;

    if (n && !v)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++)
        if (!v[i] || !*v[i] || !cboto__sqs_valid_text(v[i], strlen(v[i])))
            return CBOTO_EINVAL;
    return CBOTO_OK;
}
