/* SPDX-License-Identifier: MIT */
/* The per-attempt wire message: built fresh from the request for every
 * attempt, signed, then handed to libcurl. */
#include <string.h>

#include "internal.h"

int cboto__http_msg_init(struct cboto__http_msg *m,
                         const struct cboto_allocator *a, const char *method,
                         const char *scheme, const char *host,
                         const char *path)
{
    memset(m, 0, sizeof *m);
    m->a = a;
    cboto__kvlist_init(&m->query, a);
    cboto__kvlist_init(&m->headers, a);
    m->method = cboto__strdup(a, method);
    m->scheme = cboto__strdup(a, scheme);
    m->host = cboto__strdup(a, host);
    m->path = cboto__strdup(a, path && *path ? path : "/");
    if (!m->method || !m->scheme || !m->host || !m->path) {
        cboto__http_msg_cleanup(m);
        return CBOTO_ENOMEM;
    }
    return CBOTO_OK;
}

void cboto__http_msg_cleanup(struct cboto__http_msg *m)
{
    cboto__free(m->a, m->method);
    cboto__free(m->a, m->scheme);
    cboto__free(m->a, m->host);
    cboto__free(m->a, m->path);
    cboto__kvlist_cleanup(&m->query);
    cboto__kvlist_cleanup(&m->headers);
    m->method = m->scheme = m->host = m->path = NULL;
}

/* Encode one value for a form body: RFC 3986 with a space as '+', the
 * way browsers and botocore write forms.  Servers decode either form;
 * some checkers (moto's) re-encode with '+' before hashing the body. */
static int form_value(struct cboto__buf *out, const char *s, int plus)
{
    const char *sp;
    int rc;

    if (!plus)
        return cboto__uri_encode(out, s, strlen(s), 0);
    while ((sp = strchr(s, ' '))) {
        rc = cboto__uri_encode(out, s, (size_t)(sp - s), 0);
        if (!rc)
            rc = cboto__buf_append_byte(out, '+');
        if (rc)
            return rc;
        s = sp + 1;
    }
    return cboto__uri_encode(out, s, strlen(s), 0);
}

/* form_value into w, which has room for 3 * n bytes. */
static size_t form_raw(uint8_t *w, const char *s, size_t n, int plus)
{
    return plus ? cboto__form_encode_raw(w, s, n)
                : cboto__uri_encode_raw(w, s, n, 0);
}

static int encode_pairs(const struct cboto__kvlist *q, struct cboto__buf *out,
                        int plus)
{
    size_t i, need = 0;
    int rc;

    /* One reservation for the worst case (every byte escaped), then the
     * pairs are written in place: a SendMessage body was built piece by
     * piece before.  Past a cap, the appending path reports it. */
    for (i = 0; i < q->n && need != SIZE_MAX; i++) {
        size_t nv = q->v[i].nlen + q->v[i].vlen;

        need = nv > (SIZE_MAX - 2 - need) / 3 ? SIZE_MAX : need + 3 * nv + 2;
    }
    if (need != SIZE_MAX && cboto__buf_reserve(out, need) == CBOTO_OK) {
        uint8_t *w = out->ptr + out->len, *w0 = w;

        for (i = 0; i < q->n; i++) {
            if (i)
                *w++ = '&';
            w += form_raw(w, q->v[i].name, q->v[i].nlen, plus);
            *w++ = '=';
            w += form_raw(w, q->v[i].value, q->v[i].vlen, plus);
        }
        out->len += (size_t)(w - w0);
        out->ptr[out->len] = '\0';
        return CBOTO_OK;
    }
    for (i = 0; i < q->n; i++) {
        if (i && (rc = cboto__buf_append_byte(out, '&')))
            return rc;
        rc = form_value(out, q->v[i].name, plus);
        if (!rc)
            rc = cboto__buf_append_byte(out, '=');
        if (!rc)
            rc = form_value(out, q->v[i].value, plus);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

int cboto__form_encode(const struct cboto__kvlist *q, struct cboto__buf *out,
                       int plus_for_space)
{
    return encode_pairs(q, out, plus_for_space);
}

int cboto__http_msg_url(const struct cboto__http_msg *m,
                        struct cboto__buf *out)
{
    int rc;

    size_t sl = strlen(m->scheme), hl = strlen(m->host), pl = strlen(m->path);

    rc = cboto__buf_reserve(out, sl + 3 + hl + pl);
    if (!rc) {
        cboto__buf_append(out, m->scheme, sl);
        cboto__buf_append(out, "://", 3);
        cboto__buf_append(out, m->host, hl);
        cboto__buf_append(out, m->path, pl);
    }
    if (!rc && m->query.n) {
        rc = cboto__buf_append_byte(out, '?');
        if (!rc)
            rc = encode_pairs(&m->query, out, 0); /* URLs keep %20 */
    }
    return rc;
}
