/* SPDX-License-Identifier: MIT */
/* The response object and its read-only accessors. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

int cboto__response_new(const struct cboto_allocator *a,
                        struct cboto_response **out)
{
    struct cboto_response *r = cboto__alloc(a, sizeof *r);

    if (!r)
        return CBOTO_ENOMEM;
    /* hdr_mem (last) is the arena's to fill: not cleared. */
    memset(r, 0, offsetof(struct cboto_response, hdr_mem));
    r->refs = 1;
    r->a = a;
    cboto__arena_init(&r->hdr_arena, a, r->hdr_mem, sizeof r->hdr_mem);
    cboto__kvlist_init(&r->headers, &r->hdr_arena.al);
    cboto__buf_init(&r->body, a, 0);
    *out = r;
    return CBOTO_OK;
}

void cboto__response_keep_client(struct cboto_response *r,
                                 struct cboto_client *cl)
{
    pthread_mutex_lock(&cl->lock);
    cl->live++;
    pthread_mutex_unlock(&cl->lock);
    r->client = cl;
}

void cboto__response_clear_headers(struct cboto_response *r)
{
    cboto__kvlist_cleanup(&r->headers);
    cboto__arena_reset(&r->hdr_arena);
    cboto__kvlist_init(&r->headers, &r->hdr_arena.al);
}

struct cboto_response *cboto_response_acquire(struct cboto_response *r)
{
    if (r)
        __atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
    return r;
}

void cboto_response_release(struct cboto_response *r)
{
    struct cboto_client *cl;

    if (!r || __atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    cl = r->client;
    if (r->result && r->parser && r->parser->result_free)
        r->parser->result_free(r->a, r->result);
    cboto__kvlist_cleanup(&r->headers);
    cboto__arena_cleanup(&r->hdr_arena);
    cboto__buf_cleanup(&r->body);
    cboto__error_fields_cleanup(r->a, &r->fields);
    cboto__free(r->a, r->transport);
    cboto__free(r->a, r);
    /* Last: once live drops, another thread may free the client. */
    if (cl) {
        pthread_mutex_lock(&cl->lock);
        cl->live--;
        pthread_mutex_unlock(&cl->lock);
    }
}

const void *cboto__response_result(const struct cboto_response *r, int kind)
{
    if (!r || r->result_kind != kind || r->err.code != CBOTO_OK)
        return NULL;
    return r->result;
}

int cboto_response_status(const struct cboto_response *r)
{
    return r ? r->http_status : 0;
}

const char *cboto_response_header(const struct cboto_response *r,
                                  const char *name)
{
    return r && name ? cboto__kvlist_get(&r->headers, name) : NULL;
}

size_t cboto_response_header_count(const struct cboto_response *r)
{
    return r ? r->headers.n : 0;
}

int cboto_response_header_at(const struct cboto_response *r, size_t i,
                             const char **name, const char **value)
{
    if (!r || i >= r->headers.n)
        return CBOTO_EINVAL;
    if (name)
        *name = r->headers.v[i].name;
    if (value)
        *value = r->headers.v[i].value;
    return CBOTO_OK;
}

struct cboto_cursor cboto_response_body(const struct cboto_response *r)
{
    struct cboto_cursor c = {NULL, 0};

    if (r && r->body.len) {
        c.ptr = r->body.ptr;
        c.len = r->body.len;
    }
    return c;
}

const struct cboto_error_detail *
cboto_response_error(const struct cboto_response *r)
{
    return r ? &r->err : NULL;
}

int cboto_response_attempts(const struct cboto_response *r)
{
    return r ? r->attempts : 0;
}

const char *cboto_response_describe(const struct cboto_response *r, int err,
                                    char *buf, size_t size)
{
    const struct cboto_error_detail *d = r ? &r->err : NULL;

    if (!buf || !size)
        return buf;
    if (err == CBOTO_OK) {
        snprintf(buf, size, "success");
    } else if (d && d->service_code) {
        snprintf(buf, size, "%s: %s (HTTP %d%s%s)", d->service_code,
                 d->message ? d->message : "(no message)", d->http_status,
                 d->request_id ? ", request id " : "",
                 d->request_id ? d->request_id : "");
    } else if (d && d->transport) {
        snprintf(buf, size, "%s: %s", cboto_strerror(err), d->transport);
    } else if (d && d->http_status) {
        snprintf(buf, size, "%s (HTTP %d)", cboto_strerror(err),
                 d->http_status);
    } else {
        snprintf(buf, size, "%s", cboto_strerror(err));
    }
    return buf;
}
