/* SPDX-License-Identifier: MIT */
/* The request object: data describing one operation, unsigned, reusable. */
#include <string.h>

#include "core.h"

int cboto__request_new(struct cboto_client *cl, const char *operation,
                       const char *method, enum cboto__service svc,
                       struct cboto_request **out)
{
    const struct cboto__endpoint *ep = cboto__client_endpoint(cl, svc);
    static const char *const names[] = {"s3", "sqs", "sdb"};
    size_t ol = strlen(operation) + 1, ml = strlen(method) + 1,
           sl = strlen(names[svc]) + 1;
    struct cboto_request *rq;
    char *p;

    /* The strings that never change live in the same block as the
     * request: three allocations fewer for every request. */
    rq = cboto__calloc(cl->a, 1, sizeof *rq + ol + ml + sl);
    if (!rq)
        return CBOTO_ENOMEM;
    p = (char *)(rq + 1);
    rq->operation = memcpy(p, operation, ol);
    rq->method = memcpy(p + ol, method, ml);
    rq->sign_service = memcpy(p + ol + ml, names[svc], sl);
    rq->refs = 1;
    rq->a = cl->a;
    rq->client = cl;
    rq->svc = svc;
    cboto__kvlist_init(&rq->query, cl->a);
    cboto__kvlist_init(&rq->headers, cl->a);
    rq->scheme = cboto__strdup(cl->a, ep->scheme);
    rq->host = cboto__strdup(cl->a, ep->host);
    rq->path = cboto__strdup(cl->a, *ep->base_path ? ep->base_path : "/");
    rq->sign = cl->anonymous           ? CBOTO__SIGN_NONE
               : svc == CBOTO__SVC_S3  ? CBOTO__SIGN_V4_S3
               : svc == CBOTO__SVC_SDB ? CBOTO__SIGN_V2
                                       : CBOTO__SIGN_V4;
    rq->body.fd = -1;
    rq->sink.fd = -1;
    rq->sink.kind = CBOTO__SINK_MEMORY;
    rq->sink.max = cl->max_response_bytes;
    pthread_mutex_lock(&cl->lock);
    cl->live++;
    pthread_mutex_unlock(&cl->lock);
    if (!rq->scheme || !rq->host || !rq->path) {
        cboto_request_release(rq);
        return CBOTO_ENOMEM;
    }
    *out = rq;
    return CBOTO_OK;
}

int cboto__request_set_path(struct cboto_request *rq, const char *encoded)
{
    /* The base path is whatever the endpoint URL carried ("" usually). */
    const struct cboto__endpoint *ep =
        cboto__client_endpoint(rq->client, rq->svc);
    struct cboto__buf b;
    char *p;
    int rc;

    cboto__buf_init(&b, rq->a, 0);
    rc = cboto__buf_append_str(&b, ep->base_path);
    if (!rc)
        rc = cboto__buf_append_str(&b, encoded[0] == '/' ? "" : "/");
    if (!rc)
        rc = cboto__buf_append_str(&b, encoded);
    if (rc) {
        cboto__buf_cleanup(&b);
        return rc;
    }
    p = cboto__buf_steal(&b);
    if (!p)
        return CBOTO_ENOMEM;
    cboto__free(rq->a, rq->path);
    rq->path = p;
    return CBOTO_OK;
}

struct cboto_request *cboto_request_acquire(struct cboto_request *rq)
{
    if (rq)
        __atomic_add_fetch(&rq->refs, 1, __ATOMIC_RELAXED);
    return rq;
}

static void body_reset(struct cboto_request *rq)
{
    if (rq->body.kind == CBOTO__BODY_MEM && rq->body.owned)
        cboto__free(rq->a, (void *)rq->body.ptr);
    memset(&rq->body, 0, sizeof rq->body);
    rq->body.fd = -1;
}

static void sink_reset(struct cboto_request *rq)
{
    cboto__free(rq->a, rq->sink.path);
    memset(&rq->sink, 0, sizeof rq->sink);
    rq->sink.fd = -1;
    rq->sink.kind = CBOTO__SINK_MEMORY;
    rq->sink.max = rq->client->max_response_bytes;
}

void cboto_request_release(struct cboto_request *rq)
{
    struct cboto_client *cl;

    if (!rq || __atomic_sub_fetch(&rq->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    cl = rq->client;
    body_reset(rq);
    cboto__free(rq->a, rq->sink.path);
    cboto__free(rq->a, rq->scheme);
    cboto__free(rq->a, rq->host);
    cboto__free(rq->a, rq->path);
    cboto__kvlist_cleanup(&rq->query);
    cboto__kvlist_cleanup(&rq->headers);
    cboto__free(rq->a, rq);
    pthread_mutex_lock(&cl->lock);
    cl->live--;
    pthread_mutex_unlock(&cl->lock);
}

struct cboto__spare *cboto__request_spare(const struct cboto_request *rq)
{
    return &rq->client->spare;
}

int cboto_request_set_body(struct cboto_request *rq, struct cboto_cursor body,
                           enum cboto_body_mode mode)
{
    uint8_t *copy = NULL;

    if (!rq || (!body.ptr && body.len))
        return CBOTO_EINVAL;
    if (mode == CBOTO_BODY_COPY && body.len) {
        copy = cboto__alloc(rq->a, body.len);
        if (!copy)
            return CBOTO_ENOMEM;
        memcpy(copy, body.ptr, body.len);
    }
    body_reset(rq);
    rq->body.kind = CBOTO__BODY_MEM;
    rq->body.ptr = copy ? copy : body.ptr;
    rq->body.len = body.len;
    rq->body.owned = copy != NULL || mode == CBOTO_BODY_TAKE;
    return CBOTO_OK;
}

int cboto_request_set_body_fd(struct cboto_request *rq, int fd,
                              uint64_t offset, uint64_t length)
{
    if (!rq || fd < 0 || length == CBOTO_LENGTH_UNKNOWN ||
        offset > UINT64_MAX - length)
        return CBOTO_EINVAL;
    body_reset(rq);
    rq->body.kind = CBOTO__BODY_FD;
    rq->body.fd = fd;
    rq->body.offset = offset;
    rq->body.length = length;
    return CBOTO_OK;
}

int cboto_request_set_body_fn(struct cboto_request *rq, cboto_read_fn *read,
                              cboto_rewind_fn *rewind, uint64_t length,
                              void *user_data)
{
    if (!rq || !read)
        return CBOTO_EINVAL;
    body_reset(rq);
    rq->body.kind = CBOTO__BODY_FN;
    rq->body.read = read;
    rq->body.rewind = rewind;
    rq->body.length = length;
    rq->body.ud = user_data;
    return CBOTO_OK;
}

int cboto_request_set_sink_memory(struct cboto_request *rq, size_t max)
{
    if (!rq)
        return CBOTO_EINVAL;
    sink_reset(rq);
    if (max)
        rq->sink.max = max;
    return CBOTO_OK;
}

int cboto_request_set_sink_fd(struct cboto_request *rq, int fd)
{
    if (!rq || fd < 0)
        return CBOTO_EINVAL;
    sink_reset(rq);
    rq->sink.kind = CBOTO__SINK_FD;
    rq->sink.fd = fd;
    return CBOTO_OK;
}

int cboto_request_set_sink_file(struct cboto_request *rq, const char *path)
{
    char *p;

    if (!rq || !path || !*path)
        return CBOTO_EINVAL;
    p = cboto__strdup(rq->a, path);
    if (!p)
        return CBOTO_ENOMEM;
    sink_reset(rq);
    rq->sink.kind = CBOTO__SINK_FILE;
    rq->sink.path = p;
    return CBOTO_OK;
}

int cboto_request_set_sink_fn(struct cboto_request *rq, cboto_body_fn *fn,
                              void *user_data)
{
    if (!rq || !fn)
        return CBOTO_EINVAL;
    sink_reset(rq);
    rq->sink.kind = CBOTO__SINK_FN;
    rq->sink.fn = fn;
    rq->sink.ud = user_data;
    return CBOTO_OK;
}

int cboto_request_set_progress(struct cboto_request *rq, cboto_progress_fn *fn,
                               void *user_data)
{
    if (!rq)
        return CBOTO_EINVAL;
    rq->progress = fn;
    rq->progress_ud = user_data;
    return CBOTO_OK;
}

/* RFC 7230 token characters: anything else in a header name would let a
 * caller smuggle a second header or break the request line. */
static int valid_header_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c <= 32 || c >= 127 || strchr("\"(),/:;<=>?@[\\]{}", c))
            return 0;
    }
    return 1;
}

int cboto_request_add_header(struct cboto_request *rq, const char *name,
                             const char *value)
{
    if (!rq || !name || !valid_header_name(name) ||
        (value && strpbrk(value, "\r\n")))
        return CBOTO_EINVAL;
    return cboto__kvlist_add(&rq->headers, name, value);
}

int cboto_request_add_query(struct cboto_request *rq, const char *name,
                            const char *value)
{
    if (!rq || !name || !*name)
        return CBOTO_EINVAL;
    return cboto__kvlist_add(&rq->query, name, value);
}

const char *cboto_request_operation(const struct cboto_request *rq)
{
    return rq ? rq->operation : NULL;
}

const char *cboto_request_method(const struct cboto_request *rq)
{
    return rq ? rq->method : NULL;
}

int cboto_request_print(const struct cboto_request *rq, FILE *f)
{
    struct cboto__buf b;
    size_t i;
    int rc = CBOTO_OK;

    cboto__buf_init(&b, rq->a, 0);
    rc = cboto__buf_printf(&b, "%s %s %s://%s%s", rq->operation, rq->method,
                           rq->scheme, rq->host, rq->path);
    for (i = 0; !rc && i < rq->query.n; i++) {
        rc = cboto__buf_append_byte(&b, i ? '&' : '?');
        if (!rc)
            rc = cboto__uri_encode(&b, rq->query.v[i].name,
                                   strlen(rq->query.v[i].name), 0);
        if (!rc)
            rc = cboto__buf_append_byte(&b, '=');
        if (!rc)
            rc = cboto__uri_encode(&b, rq->query.v[i].value,
                                   strlen(rq->query.v[i].value), 0);
    }
    if (!rc)
        rc = cboto__buf_append_byte(&b, '\n');
    for (i = 0; !rc && i < rq->headers.n; i++)
        rc = cboto__buf_printf(&b, "%s: %s\n", rq->headers.v[i].name,
                               rq->headers.v[i].value);
    if (!rc) {
        if (rq->body.kind == CBOTO__BODY_MEM)
            rc = cboto__buf_printf(&b, "(body: %zu bytes in memory)\n",
                                   rq->body.len);
        else if (rq->body.kind == CBOTO__BODY_FD)
            rc = cboto__buf_printf(&b, "(body: %llu bytes from fd %d)\n",
                                   (unsigned long long)rq->body.length,
                                   rq->body.fd);
        else if (rq->body.kind == CBOTO__BODY_FN)
            rc = cboto__buf_append_str(&b, "(body: from a callback)\n");
    }
    if (!rc && fwrite(b.ptr, 1, b.len, f) != b.len)
        rc = CBOTO_EIO;
    cboto__buf_cleanup(&b);
    return rc;
}
