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

int cboto__form_encode(const struct cboto__kvlist *q, struct cboto__buf *out)
{
    size_t i;
    int rc;

    for (i = 0; i < q->n; i++) {
        if (i && (rc = cboto__buf_append_byte(out, '&')))
            return rc;
        rc = cboto__uri_encode(out, q->v[i].name, strlen(q->v[i].name), 0);
        if (!rc)
            rc = cboto__buf_append_byte(out, '=');
        if (!rc)
            rc = cboto__uri_encode(out, q->v[i].value, strlen(q->v[i].value),
                                   0);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

int cboto__http_msg_url(const struct cboto__http_msg *m,
                        struct cboto__buf *out)
{
    int rc;

    rc = cboto__buf_printf(out, "%s://%s%s", m->scheme, m->host, m->path);
    if (!rc && m->query.n) {
        rc = cboto__buf_append_byte(out, '?');
        if (!rc)
            rc = cboto__form_encode(&m->query, out);
    }
    return rc;
}
