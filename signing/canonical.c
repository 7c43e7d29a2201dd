/* SPDX-License-Identifier: MIT */
/* The SigV4 canonical request:
 *
 *   METHOD \n canonical-uri \n canonical-query \n canonical-headers \n
 *   signed-headers \n payload-hash
 *
 * Every rule here is fixed by AWS and pinned by the conformance vectors
 * (aws-sig-v4-test-suite, aws-signing-test-suite, botocore cases). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Headers botocore never signs: hop-by-hop headers a proxy may rewrite and
 * headers the HTTP stack adds or changes on its own.  authorization is the
 * signature itself. */
static const char *const s_unsigned_headers[] = {
    "authorization", "connection", "expect",            "keep-alive",
    "proxy-authenticate", "proxy-authorization", "te",   "trailer",
    "transfer-encoding",  "upgrade",    "user-agent", "x-amzn-trace-id",
    "host"};

static int header_is_signed(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof s_unsigned_headers / sizeof *s_unsigned_headers;
         i++)
        if (cboto__strcaseeq(name, s_unsigned_headers[i]))
            return 0;
    return 1;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

/* ---- headers ------------------------------------------------------------ */

struct hdr {
    const char *name;
    const char *value;
    size_t idx;
};

static int ci_cmp(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return (int)lower((unsigned char)*a) - (int)lower((unsigned char)*b);
}

/* Sorted by lower-cased name; equal names keep their wire order, because
 * repeated headers are joined in the order they are sent. */
static int hdr_cmp(const void *pa, const void *pb)
{
    const struct hdr *a = pa, *b = pb;
    int c = ci_cmp(a->name, b->name);

    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* host plus every signable header of m, sorted.  *out is allocated with
 * m's allocator. */
static int sorted_headers(const struct cboto__http_msg *m, struct hdr **out,
                          size_t *n_out)
{
    struct hdr *v;
    size_t i, n = 0;

    if (m->headers.n > SIZE_MAX / sizeof *v - 1)
        return CBOTO_ENOMEM;
    v = cboto__alloc(m->a, (m->headers.n + 1) * sizeof *v);
    if (!v)
        return CBOTO_ENOMEM;
    v[n].name = "host";
    v[n].value = m->host;
    v[n].idx = n;
    n++;
    for (i = 0; i < m->headers.n; i++) {
        if (!header_is_signed(m->headers.v[i].name))
            continue;
        v[n].name = m->headers.v[i].name;
        v[n].value = m->headers.v[i].value;
        v[n].idx = n;
        n++;
    }
    qsort(v, n, sizeof *v, hdr_cmp);
    *out = v;
    *n_out = n;
    return CBOTO_OK;
}

/* The appenders below reserve once and write into the buffer directly:
 * one cboto__buf_append_byte per character was a large share of a
 * signature's cost. */
static int append_lower(struct cboto__buf *b, const char *s)
{
    size_t i, n = strlen(s);
    uint8_t *w;
    int rc = cboto__buf_reserve(b, n);

    if (rc)
        return rc;
    w = b->ptr + b->len;
    for (i = 0; i < n; i++)
        w[i] = lower((unsigned char)s[i]);
    b->len += n;
    b->ptr[b->len] = '\0';
    return CBOTO_OK;
}

/* SigV4 signs header values with leading and trailing whitespace removed
 * and inner runs collapsed to one space (get-header-value-trim; folded
 * continuation lines arrive here as whitespace too).  The result is never
 * longer than s. */
static int append_trimmed(struct cboto__buf *b, const char *s)
{
    size_t n;
    uint8_t *w;
    int pending = 0, rc;

    while (*s && is_ws((unsigned char)*s))
        s++;
    n = strlen(s);
    rc = cboto__buf_reserve(b, n);
    if (rc)
        return rc;
    w = b->ptr + b->len;
    for (; *s; s++) {
        if (is_ws((unsigned char)*s)) {
            pending = 1;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = 0;
        *w++ = (uint8_t)*s;
    }
    b->len = (size_t)(w - b->ptr);
    b->ptr[b->len] = '\0';
    return CBOTO_OK;
}

static int emit_signed_list(struct cboto__buf *b, const struct hdr *v,
                            size_t n)
{
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; i < n && !rc; i++) {
        if (i && ci_cmp(v[i].name, v[i - 1].name) == 0)
            continue;
        if (i)
            rc = cboto__buf_append_byte(b, ';');
        if (!rc)
            rc = append_lower(b, v[i].name);
    }
    return rc;
}

int cboto__sigv4_signed_headers(const struct cboto__http_msg *m,
                                struct cboto__buf *out)
{
    struct hdr *v;
    size_t n;
    int rc;

    if (!m || !m->host || !out)
        return CBOTO_EINVAL;
    rc = sorted_headers(m, &v, &n);
    if (rc)
        return rc;
    rc = emit_signed_list(out, v, n);
    cboto__free(m->a, v);
    return rc;
}

/* "name:v1,v2\n" per distinct name: repeated headers are joined with ','
 * in wire order (get-header-key-duplicate). */
static int emit_canonical_headers(struct cboto__buf *b, const struct hdr *v,
                                  size_t n)
{
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; i < n && !rc; i++) {
        int same = i && ci_cmp(v[i].name, v[i - 1].name) == 0;

        if (same) {
            rc = cboto__buf_append_byte(b, ',');
        } else {
            if (i)
                rc = cboto__buf_append_byte(b, '\n');
            if (!rc)
                rc = append_lower(b, v[i].name);
            if (!rc)
                rc = cboto__buf_append_byte(b, ':');
        }
        if (!rc)
            rc = append_trimmed(b, v[i].value);
    }
    if (!rc)
        rc = cboto__buf_append_byte(b, '\n');
    return rc;
}

/* ---- URI ---------------------------------------------------------------- */

/* RFC 3986 5.2.4 dot-segment removal, plus dropping empty segments, which
 * AWS services (not S3) also require.  A trailing '/' is kept. */
static int normalize_path(struct cboto__buf *out, const char *p)
{
    size_t len = strlen(p), start = out->len;
    const char *s = p, *end = p + len;
    int rc = CBOTO_OK;

    while (s < end && !rc) {
        const char *e = memchr(s, '/', (size_t)(end - s));
        size_t sl;

        if (!e)
            e = end;
        sl = (size_t)(e - s);
        if (sl == 0 || (sl == 1 && s[0] == '.')) {
            /* skip */
        } else if (sl == 2 && s[0] == '.' && s[1] == '.') {
            /* Pop the last segment written, if any. */
            while (out->len > start && out->ptr[out->len - 1] != '/')
                out->len--;
            if (out->len > start) {
                out->len--;
                out->ptr[out->len] = '\0';
            }
        } else {
            rc = cboto__buf_append_byte(out, '/');
            if (!rc)
                rc = cboto__buf_append(out, s, sl);
        }
        s = e + 1;
    }
    if (rc)
        return rc;
    if (out->len == start)
        return cboto__buf_append_byte(out, '/');
    if (len && p[len - 1] == '/')
        return cboto__buf_append_byte(out, '/');
    return CBOTO_OK;
}

static int canonical_uri(struct cboto__buf *b, const struct cboto__http_msg *m,
                         const struct cboto__sigv4_opts *o)
{
    struct cboto__buf tmp;
    const char *path = m->path && *m->path ? m->path : "/";
    int rc;

    /* S3 signs the path exactly as sent: the key was encoded once by the
     * builder and "//", "." and ".." are part of the key. */
    if (o->s3)
        return cboto__buf_append_str(b, path);
    if (!o->normalize_path) {
        if (o->no_double_encode)
            return cboto__buf_append_str(b, path);
        return cboto__uri_encode(b, path, strlen(path), 1);
    }
    cboto__buf_init(&tmp, m->a, 0);
    rc = normalize_path(&tmp, path);
    if (!rc) {
        if (o->no_double_encode)
            rc = cboto__buf_append(b, tmp.ptr, tmp.len);
        else
            rc = cboto__uri_encode(b, (const char *)tmp.ptr, tmp.len, 1);
    }
    cboto__buf_cleanup(&tmp);
    return rc;
}

/* ---- query -------------------------------------------------------------- */

struct qpair {
    const char *name; /* encoded, points into the scratch buffer */
    const char *value;
};

static int qpair_cmp(const void *pa, const void *pb)
{
    const struct qpair *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);

    return c ? c : strcmp(a->value, b->value);
}

/* Pairs sorted by encoded name, then encoded value (byte order); an empty
 * value still gets its '=' ("acl=").  S3's bare "?acl" signs as "acl=". */
static int canonical_query(struct cboto__buf *b,
                           const struct cboto__http_msg *m)
{
    const struct cboto__kvlist *q = &m->query;
    struct cboto__buf scratch;
    struct qpair *v;
    size_t *offs;
    size_t i;
    int rc = CBOTO_OK;

    if (q->n == 0)
        return CBOTO_OK;
    if (q->n > SIZE_MAX / (2 * sizeof *offs + sizeof *v))
        return CBOTO_ENOMEM;
    v = cboto__alloc(m->a, q->n * sizeof *v);
    offs = cboto__alloc(m->a, 2 * q->n * sizeof *offs);
    if (!v || !offs) {
        cboto__free(m->a, v);
        cboto__free(m->a, offs);
        return CBOTO_ENOMEM;
    }
    /* Encode everything into one buffer, NUL-separated; pointers are taken
     * only once it has stopped moving. */
    cboto__buf_init(&scratch, m->a, 0);
    for (i = 0; i < q->n && !rc; i++) {
        offs[2 * i] = scratch.len;
        rc = cboto__uri_encode(&scratch, q->v[i].name, strlen(q->v[i].name),
                               0);
        if (!rc)
            rc = cboto__buf_append_byte(&scratch, 0);
        offs[2 * i + 1] = scratch.len;
        if (!rc)
            rc = cboto__uri_encode(&scratch, q->v[i].value,
                                   strlen(q->v[i].value), 0);
        if (!rc)
            rc = cboto__buf_append_byte(&scratch, 0);
    }
    if (!rc) {
        for (i = 0; i < q->n; i++) {
            v[i].name = (const char *)scratch.ptr + offs[2 * i];
            v[i].value = (const char *)scratch.ptr + offs[2 * i + 1];
        }
        qsort(v, q->n, sizeof *v, qpair_cmp);
        for (i = 0; i < q->n && !rc; i++) {
            if (i)
                rc = cboto__buf_append_byte(b, '&');
            if (!rc)
                rc = cboto__buf_append_str(b, v[i].name);
            if (!rc)
                rc = cboto__buf_append_byte(b, '=');
            if (!rc)
                rc = cboto__buf_append_str(b, v[i].value);
        }
    }
    cboto__buf_cleanup(&scratch);
    cboto__free(m->a, v);
    cboto__free(m->a, offs);
    return rc;
}

/* ---- the whole request -------------------------------------------------- */

int cboto__sigv4_canonical_request(const struct cboto__http_msg *m,
                                   const struct cboto__sigv4_opts *o,
                                   const char *payload_hash,
                                   struct cboto__buf *creq,
                                   struct cboto__buf *signed_headers)
{
    struct hdr *v = NULL;
    size_t n = 0, sh_start;
    char hash[65];
    int rc;

    if (!m || !o || !creq || !m->method || !m->host || !*m->host)
        return CBOTO_EINVAL;
    if (!payload_hash) {
        rc = cboto__sha256_hex(m->body.ptr, m->body.len, hash);
        if (rc)
            return rc;
        payload_hash = hash;
    }
    rc = sorted_headers(m, &v, &n);
    if (rc)
        return rc;
    rc = cboto__buf_append_str(creq, m->method);
    if (!rc)
        rc = cboto__buf_append_byte(creq, '\n');
    if (!rc)
        rc = canonical_uri(creq, m, o);
    if (!rc)
        rc = cboto__buf_append_byte(creq, '\n');
    if (!rc)
        rc = canonical_query(creq, m);
    if (!rc)
        rc = cboto__buf_append_byte(creq, '\n');
    if (!rc)
        rc = emit_canonical_headers(creq, v, n);
    if (!rc)
        rc = cboto__buf_append_byte(creq, '\n');
    sh_start = creq->len;
    if (!rc)
        rc = emit_signed_list(creq, v, n);
    /* The caller's copy of the list is the slice just written. */
    if (!rc && signed_headers)
        rc = cboto__buf_append(signed_headers, creq->ptr + sh_start,
                               creq->len - sh_start);
    if (!rc)
        rc = cboto__buf_append_byte(creq, '\n');
    if (!rc)
        rc = cboto__buf_append_str(creq, payload_hash);
    cboto__free(m->a, v);
    return rc;
}
