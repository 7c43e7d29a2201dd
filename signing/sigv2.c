/* SPDX-License-Identifier: MIT */
/* Signature Version 2 with HmacSHA256, as SimpleDB (and the other query
 * APIs of its time) require:
 *
 *   METHOD \n host \n path \n canonical-query
 *
 * where the canonical query is every parameter but Signature, sorted by
 * name in byte order, RFC 3986-encoded (space is %20, '~' is kept). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ent {
    struct cboto__kv kv;
    size_t idx;
};

static int ent_cmp(const void *pa, const void *pb)
{
    const struct ent *a = pa, *b = pb;
    int c = strcmp(a->kv.name, b->kv.name);

    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* A request has a handful of parameters: up to this many the sorted view
 * lives on the stack and is sorted by insertion. */
#define SMALL         16
#define INSERTION_MAX 32

struct view {
    struct ent stack[SMALL];
    struct ent *v;
    size_t n;
};

/* The parameters sorted by name (byte order, equal names in list order),
 * Signature left out; the strings are borrowed. */
static int view_make(struct view *w, const struct cboto__http_msg *m)
{
    struct ent *v = w->stack;
    size_t i, j, n = 0;

    if (m->query.n > SMALL) {
        if (m->query.n > SIZE_MAX / sizeof *v)
            return CBOTO_ENOMEM;
        v = cboto__alloc(m->a, m->query.n * sizeof *v);
        if (!v)
            return CBOTO_ENOMEM;
    }
    for (i = 0; i < m->query.n; i++) {
        if (strcmp(m->query.v[i].name, "Signature") == 0)
            continue;
        v[n].kv = m->query.v[i];
        v[n].idx = i;
        n++;
    }
    if (n > INSERTION_MAX) {
        qsort(v, n, sizeof *v, ent_cmp);
    } else {
        for (i = 1; i < n; i++) {
            struct ent t = v[i];

            for (j = i; j > 0 && strcmp(v[j - 1].kv.name, t.kv.name) > 0; j--)
                v[j] = v[j - 1];
            v[j] = t;
        }
    }
    w->v = v;
    w->n = n;
    return CBOTO_OK;
}

static void view_release(struct view *w, const struct cboto__http_msg *m)
{
    if (w->v != w->stack)
        cboto__free(m->a, w->v);
}

static const char *msg_path(const struct cboto__http_msg *m)
{
    return m->path && *m->path ? m->path : "/";
}

/* An upper bound of the string to sign: every parameter byte may be
 * escaped.  0 when it would not fit a size_t. */
static size_t sts_bound(const struct cboto__http_msg *m, const struct view *w)
{
    size_t i, t,
        b = strlen(m->method) + strlen(m->host) + strlen(msg_path(m)) + 3;

    for (i = 0; i < w->n; i++) {
        t = w->v[i].kv.nlen + w->v[i].kv.vlen;
        if (t > SIZE_MAX / 4 || 3 * t + 2 > SIZE_MAX - b)
            return 0;
        b += 3 * t + 2;
    }
    return b;
}

static uint8_t *put(uint8_t *w, const char *s, size_t n)
{
    memcpy(w, s, n);
    return w + n;
}

/* METHOD \n host \n path \n */
static uint8_t *put_head(uint8_t *w, const struct cboto__http_msg *m)
{
    const char *h, *path = msg_path(m);

    w = put(w, m->method, strlen(m->method));
    *w++ = '\n';
    /* The host is compared case-insensitively by the service, which
     * signs it lower-cased. */
    for (h = m->host; *h; h++) {
        unsigned char c = (unsigned char)*h;

        *w++ = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
    }
    *w++ = '\n';
    w = put(w, path, strlen(path));
    *w++ = '\n';
    return w;
}

/* The canonical query: also, byte for byte, the form body
 * cboto__form_encode(query, 0) writes for the sorted parameters. */
static uint8_t *put_query(uint8_t *w, const struct view *v)
{
    size_t i;

    for (i = 0; i < v->n; i++) {
        const struct cboto__kv *kv = &v->v[i].kv;

        if (i)
            *w++ = '&';
        w += cboto__uri_encode_raw(w, kv->name, kv->nlen, 0);
        *w++ = '=';
        w += cboto__uri_encode_raw(w, kv->value, kv->vlen, 0);
    }
    return w;
}

static uint8_t *put_sts(uint8_t *w, const struct cboto__http_msg *m,
                        const struct view *v)
{
    return put_query(put_head(w, m), v);
}

int cboto__sigv2_string_to_sign(const struct cboto__http_msg *m,
                                struct cboto__buf *sts)
{
    struct view v;
    size_t b;
    int rc;

    if (!m || !sts || !m->method || !m->host || !*m->host)
        return CBOTO_EINVAL;
    rc = view_make(&v, m);
    if (rc)
        return rc;
    b = sts_bound(m, &v);
    rc = b ? cboto__buf_reserve(sts, b) : CBOTO_ETOOBIG;
    if (!rc) {
        sts->len = (size_t)(put_sts(sts->ptr + sts->len, m, &v) - sts->ptr);
        sts->ptr[sts->len] = '\0';
    }
    view_release(&v, m);
    return rc;
}

static int check_creds(const struct cboto__creds_view *cr)
{
    if (!cr || !cr->access_key_id || !*cr->access_key_id ||
        !cr->secret_access_key || !*cr->secret_access_key)
        return CBOTO_ENOCREDS;
    return CBOTO_OK;
}

static int check_msg(const struct cboto__http_msg *m,
                     const struct cboto__creds_view *cr)
{
    int rc = check_creds(cr);

    if (!rc && (!m->method || !m->host || !*m->host))
        rc = CBOTO_EINVAL;
    return rc;
}

/* Drop any Signature and put m->query in the order it is signed in: the
 * parameters are sent in that order (botocore does the same), so the URL
 * or body reads like the string to sign.  *bound: see sts_bound. */
static int sort_params(struct cboto__http_msg *m, struct view *v,
                       size_t *bound)
{
    size_t i;
    int rc;

    cboto__kvlist_remove(&m->query, "Signature");
    rc = view_make(v, m);
    if (rc)
        return rc;
    for (i = 0; i < v->n; i++)
        m->query.v[i] = v->v[i].kv;
    *bound = sts_bound(m, v);
    if (!*bound) {
        view_release(v, m);
        return CBOTO_ETOOBIG;
    }
    return CBOTO_OK;
}

/* Most strings to sign fit here, which saves the heap. */
#define STS_STACK 1024

int cboto__sigv2_sign_params(struct cboto__http_msg *m,
                             const struct cboto__creds_view *cr,
                             struct cboto__buf *sig_b64)
{
    struct cboto__buf b64;
    struct view v;
    uint8_t stack[STS_STACK], *sts = stack, *end, mac[32];
    size_t b;
    int rc;

    if (!m)
        return CBOTO_EINVAL;
    rc = check_msg(m, cr);
    if (!rc)
        rc = sort_params(m, &v, &b);
    if (rc)
        return rc;
    if (b > sizeof stack && !(sts = cboto__alloc(m->a, b)))
        rc = CBOTO_ENOMEM;
    cboto__buf_init(&b64, m->a, 0);
    if (!rc) {
        end = put_sts(sts, m, &v);
        rc = cboto__hmac_sha256(cr->secret_access_key,
                                strlen(cr->secret_access_key), sts,
                                (size_t)(end - sts), mac);
    }
    if (sts != stack)
        cboto__free(m->a, sts);
    view_release(&v, m);
    if (!rc)
        rc = cboto__base64_encode(&b64, mac, sizeof mac);
    if (!rc)
        rc = cboto__kvlist_addn(&m->query, "Signature", 9,
                                cboto__buf_cstr(&b64), b64.len);
    if (!rc && sig_b64)
        rc = cboto__buf_append(sig_b64, b64.ptr, b64.len);
    cboto__buf_cleanup(&b64);
    return rc;
}

/* The parameters a signature adds, replacing any already there. */
static int add_auth_params(struct cboto__http_msg *m,
                           const struct cboto__creds_view *cr, time_t now)
{
    char ts[21];
    int rc;

    cboto__fmt_iso8601(ts, now);
    rc = cboto__kvlist_set(&m->query, "AWSAccessKeyId", cr->access_key_id);
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "SignatureVersion", "2");
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "SignatureMethod", "HmacSHA256");
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "Timestamp", ts);
    if (!rc && cr->session_token && *cr->session_token)
        rc = cboto__kvlist_set(&m->query, "SecurityToken", cr->session_token);
    return rc;
}

int cboto__sigv2_sign(struct cboto__http_msg *m,
                      const struct cboto__creds_view *cr, time_t now)
{
    int rc;

    if (!m)
        return CBOTO_EINVAL;
    rc = check_creds(cr);
    if (!rc)
        rc = add_auth_params(m, cr, now);
    if (!rc)
        rc = cboto__sigv2_sign_params(m, cr, NULL);
    return rc;
}

/* "&Signature=" and a base64 SHA-256 MAC (44 bytes), every byte escaped
 * at worst. */
#define SIG_PARAM_MAX (11 + 3 * 44)

int cboto__sigv2_sign_form(struct cboto__http_msg *m,
                           const struct cboto__creds_view *cr, time_t now,
                           struct cboto__buf *form)
{
    struct cboto__buf b64;
    struct view v;
    uint8_t *w0, *q, *end, mac[32];
    size_t b;
    int rc;

    if (!m || !form)
        return CBOTO_EINVAL;
    rc = check_msg(m, cr);
    if (!rc)
        rc = add_auth_params(m, cr, now);
    if (!rc)
        rc = sort_params(m, &v, &b);
    if (rc)
        return rc;
    rc = b <= SIZE_MAX - SIG_PARAM_MAX
             ? cboto__buf_reserve(form, b + SIG_PARAM_MAX)
             : CBOTO_ETOOBIG;
    cboto__buf_init(&b64, m->a, 0);
    if (!rc) {
        /* The string to sign goes where the body will be; once signed,
         * its query part moves to the front and is the body. */
        w0 = form->ptr + form->len;
        q = put_head(w0, m);
        end = put_query(q, &v);
        rc = cboto__hmac_sha256(cr->secret_access_key,
                                strlen(cr->secret_access_key), w0,
                                (size_t)(end - w0), mac);
        memmove(w0, q, (size_t)(end - q));
        end = w0 + (end - q);
        if (!rc)
            rc = cboto__base64_encode(&b64, mac, sizeof mac);
        if (!rc) {
            if (v.n)
                *end++ = '&';
            end = put(end, "Signature=", 10);
            end +=
                cboto__uri_encode_raw(end, (const char *)b64.ptr, b64.len, 0);
            form->len = (size_t)(end - form->ptr);
            form->ptr[form->len] = '\0';
        }
    }
    cboto__memzero(mac, sizeof mac);
    cboto__buf_cleanup(&b64);
    view_release(&v, m);
    return rc;
}
