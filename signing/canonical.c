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
 * signature itself.  With their lengths: every header of every request is
 * checked against all of them. */
#define NAME(s)                                                               \
    {                                                                         \
        s, sizeof s - 1                                                       \
    }
static const struct {
    const char *s;
    size_t n;
} s_unsigned_headers[] = {NAME("authorization"),
                          NAME("connection"),
                          NAME("expect"),
                          NAME("keep-alive"),
                          NAME("proxy-authenticate"),
                          NAME("proxy-authorization"),
                          NAME("te"),
                          NAME("trailer"),
                          NAME("transfer-encoding"),
                          NAME("upgrade"),
                          NAME("user-agent"),
                          NAME("x-amzn-trace-id"),
                          NAME("host")};
#undef NAME

static int header_is_signed(const char *name, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof s_unsigned_headers / sizeof *s_unsigned_headers;
         i++)
        if (s_unsigned_headers[i].n == n &&
            cboto__strcaseeq(name, s_unsigned_headers[i].s))
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

/* Requests carry a handful of headers and parameters: the sorted views
 * live on the stack up to this many, and are sorted by insertion, which
 * for so few beats qsort's setup and indirect calls. */
#define SMALL         16
#define INSERTION_MAX 32

/* Overflow-checked size arithmetic for the length bounds below. */
static int add_sz(size_t *acc, size_t v)
{
    if (v > SIZE_MAX - *acc)
        return -1;
    *acc += v;
    return 0;
}

/* ---- headers ------------------------------------------------------------ */

struct hdr {
    const char *name;
    const char *value;
    size_t nlen;
    size_t vlen;
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

static int same_name(const struct hdr *a, const struct hdr *b)
{
    return a->nlen == b->nlen && ci_cmp(a->name, b->name) == 0;
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

static void sort_hdrs(struct hdr *v, size_t n)
{
    size_t i, j;

    if (n > INSERTION_MAX) {
        qsort(v, n, sizeof *v, hdr_cmp);
        return;
    }
    /* Stable: an element moves only past strictly greater names. */
    for (i = 1; i < n; i++) {
        struct hdr t = v[i];

        for (j = i; j > 0 && ci_cmp(v[j - 1].name, t.name) > 0; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

/* ---- query -------------------------------------------------------------- */

/* Pairs sorted by encoded name, then encoded value (byte order). */
static int qpair_cmp(const void *pa, const void *pb)
{
    const struct cboto__kv *a = *(const struct cboto__kv *const *)pa;
    const struct cboto__kv *b = *(const struct cboto__kv *const *)pb;
    int c = cboto__uri_cmp(a->name, b->name);

    return c ? c : cboto__uri_cmp(a->value, b->value);
}

static void sort_query(const struct cboto__kv **v, size_t n)
{
    size_t i, j;

    if (n > INSERTION_MAX) {
        qsort(v, n, sizeof *v, qpair_cmp);
        return;
    }
    for (i = 1; i < n; i++) {
        const struct cboto__kv *t = v[i];

        for (j = i; j > 0 && qpair_cmp(&v[j - 1], &t) > 0; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
}

/* ---- the prepared request ----------------------------------------------- */

/* The sorted headers and parameters of one message and an upper bound of
 * the canonical request's length, so that it is written with one
 * reservation and no per-piece checks. */
struct canon {
    struct hdr hs[SMALL];
    const struct cboto__kv *qs[SMALL];
    struct hdr *h;
    const struct cboto__kv **q;
    size_t nh, nq;
    size_t path_len;
    size_t sh_bound; /* the signed-headers list */
    size_t bound;    /* the whole canonical request */
};

static void canon_release(struct canon *c, const struct cboto__http_msg *m)
{
    if (c->h != c->hs)
        cboto__free(m->a, c->h);
    if (c->q != c->qs)
        cboto__free(m->a, (void *)c->q);
}

static const char *msg_path(const struct cboto__http_msg *m)
{
    return m->path && *m->path ? m->path : "/";
}

/* host plus every signable header of m, sorted; with query when asked. */
static int canon_prepare(struct canon *c, const struct cboto__http_msg *m,
                         const struct cboto__sigv4_opts *o, int with_query,
                         size_t ph_len)
{
    const struct cboto__kvlist *hl = &m->headers, *ql = &m->query;
    size_t i, n = 0, hb = 0, sb = 0, qb = 0, ub, t;

    c->h = c->hs;
    c->q = c->qs;
    c->nq = 0;
    if (hl->n >= SMALL) {
        if (hl->n > SIZE_MAX / sizeof *c->h - 1)
            return CBOTO_ENOMEM;
        c->h = cboto__alloc(m->a, (hl->n + 1) * sizeof *c->h);
        if (!c->h)
            return CBOTO_ENOMEM;
    }
    c->h[n].name = "host";
    c->h[n].value = m->host;
    c->h[n].nlen = 4;
    c->h[n].vlen = strlen(m->host);
    c->h[n].idx = n;
    n++;
    for (i = 0; i < hl->n; i++) {
        if (!header_is_signed(hl->v[i].name, hl->v[i].nlen))
            continue;
        c->h[n].name = hl->v[i].name;
        c->h[n].value = hl->v[i].value;
        c->h[n].nlen = hl->v[i].nlen;
        c->h[n].vlen = hl->v[i].vlen;
        c->h[n].idx = n;
        n++;
    }
    c->nh = n;
    sort_hdrs(c->h, n);
    /* "name:value\n" per header (a repeat's ",value" is shorter), and
     * "name;" in the signed list. */
    for (i = 0; i < n; i++) {
        if (add_sz(&hb, c->h[i].nlen + 2) || add_sz(&hb, c->h[i].vlen) ||
            add_sz(&sb, c->h[i].nlen + 1))
            goto toobig;
    }
    c->sh_bound = sb;

    if (with_query && ql->n) {
        if (ql->n > SMALL) {
            if (ql->n > SIZE_MAX / sizeof *c->q)
                goto toobig;
            c->q = cboto__alloc(m->a, ql->n * sizeof *c->q);
            if (!c->q) {
                canon_release(c, m);
                return CBOTO_ENOMEM;
            }
        }
        for (i = 0; i < ql->n; i++) {
            c->q[i] = &ql->v[i];
            t = ql->v[i].nlen + ql->v[i].vlen;
            /* "&name=value", every byte possibly escaped */
            if (t > SIZE_MAX / 3 || add_sz(&qb, 3 * t + 2))
                goto toobig;
        }
        c->nq = ql->n;
        sort_query(c->q, c->nq);
    }

    /* The path may gain a leading and a trailing '/' when normalised and
     * every byte may be escaped. */
    c->path_len = strlen(msg_path(m));
    ub = c->path_len;
    if (!o->s3 && ub < SIZE_MAX / 3 - 2)
        ub = 3 * (ub + 2);
    else if (!o->s3)
        goto toobig;
    t = strlen(m->method);
    if (add_sz(&t, ub) || add_sz(&t, qb) || add_sz(&t, hb) || add_sz(&t, sb) ||
        add_sz(&t, ph_len) || add_sz(&t, 8))
        goto toobig;
    c->bound = t;
    return CBOTO_OK;

toobig:
    canon_release(c, m);
    return CBOTO_ETOOBIG;
}

/* ---- writers: into space the bound above reserved ----------------------- */

static uint8_t *put(uint8_t *w, const char *s, size_t n)
{
    memcpy(w, s, n);
    return w + n;
}

static uint8_t *put_lower(uint8_t *w, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        w[i] = lower((unsigned char)s[i]);
    return w + n;
}

/* Whether any of the eight bytes in x is at most ' ' (0x20): the usual
 * "has a byte less than n" word test, with n = 0x21.  Bytes of 0x80 and
 * up are never reported, and none below 0x21 is missed. */
static int any_le_space(uint64_t x)
{
    return ((x - 0x2121212121212121ull) & ~x & 0x8080808080808080ull) != 0;
}

/* SigV4 signs header values with leading and trailing whitespace removed
 * and inner runs collapsed to one space (get-header-value-trim; folded
 * continuation lines arrive here as whitespace too).  Never longer than
 * the n bytes of s.  Values are mostly runs without any byte <= ' ':
 * those go eight bytes at a time. */
static uint8_t *put_trimmed(uint8_t *w, const char *s, size_t n)
{
    const char *end = s + n;
    int pending = 0;

    while (s < end && is_ws((unsigned char)*s))
        s++;
    while (s < end) {
        unsigned char c;

        if (!pending) {
            uint64_t x;

            while (end - s >= 8) {
                memcpy(&x, s, 8);
                if (any_le_space(x))
                    break;
                memcpy(w, s, 8);
                w += 8;
                s += 8;
            }
            if (s == end)
                break;
        }
        c = (unsigned char)*s++;
        /* Every whitespace byte is <= ' ': one compare for most bytes. */
        if (c <= ' ' && is_ws(c)) {
            pending = 1;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = 0;
        *w++ = c;
    }
    return w;
}

static uint8_t *put_signed_list(uint8_t *w, const struct canon *c)
{
    size_t i;

    for (i = 0; i < c->nh; i++) {
        if (i && same_name(&c->h[i], &c->h[i - 1]))
            continue;
        if (i)
            *w++ = ';';
        w = put_lower(w, c->h[i].name, c->h[i].nlen);
    }
    return w;
}

/* "name:v1,v2\n" per distinct name: repeated headers are joined with ','
 * in wire order (get-header-key-duplicate). */
static uint8_t *put_canonical_headers(uint8_t *w, const struct canon *c)
{
    size_t i;

    for (i = 0; i < c->nh; i++) {
        if (i && same_name(&c->h[i], &c->h[i - 1])) {
            *w++ = ',';
        } else {
            if (i)
                *w++ = '\n';
            w = put_lower(w, c->h[i].name, c->h[i].nlen);
            *w++ = ':';
        }
        w = put_trimmed(w, c->h[i].value, c->h[i].vlen);
    }
    *w++ = '\n';
    return w;
}

static uint8_t *put_segment(uint8_t *w, const char *s, size_t n, int encode)
{
    return encode ? w + cboto__uri_encode_raw(w, s, n, 1) : put(w, s, n);
}

/* RFC 3986 5.2.4 dot-segment removal, plus dropping empty segments, which
 * AWS services (not S3) also require.  A trailing '/' is kept.  Segments
 * hold no '/', so encoding each as it is written is the same as encoding
 * the normalised path, and ".." can pop an encoded segment. */
static uint8_t *put_normalized(uint8_t *w, const char *p, size_t len,
                               int encode)
{
    uint8_t *start = w;
    const char *s = p, *end = p + len;

    while (s < end) {
        const char *e = memchr(s, '/', (size_t)(end - s));
        size_t sl;

        if (!e)
            e = end;
        sl = (size_t)(e - s);
        if (sl == 0 || (sl == 1 && s[0] == '.')) {
            /* skip */
        } else if (sl == 2 && s[0] == '.' && s[1] == '.') {
            /* Pop the last segment written, if any. */
            while (w > start && w[-1] != '/')
                w--;
            if (w > start)
                w--;
        } else {
            *w++ = '/';
            w = put_segment(w, s, sl, encode);
        }
        s = e + 1;
    }
    if (w == start || (len && p[len - 1] == '/'))
        *w++ = '/';
    return w;
}

static uint8_t *put_uri(uint8_t *w, const struct canon *c,
                        const struct cboto__http_msg *m,
                        const struct cboto__sigv4_opts *o)
{
    const char *path = msg_path(m);

    /* S3 signs the path exactly as sent: the key was encoded once by the
     * builder and "//", "." and ".." are part of the key. */
    if (o->s3)
        return put(w, path, c->path_len);
    if (!o->normalize_path)
        return put_segment(w, path, c->path_len, !o->no_double_encode);
    return put_normalized(w, path, c->path_len, !o->no_double_encode);
}

/* An empty value still gets its '=' ("acl="): S3's bare "?acl" signs as
 * "acl=". */
static uint8_t *put_query(uint8_t *w, const struct canon *c)
{
    size_t i;

    for (i = 0; i < c->nq; i++) {
        const struct cboto__kv *kv = c->q[i];

        if (i)
            *w++ = '&';
        w += cboto__uri_encode_raw(w, kv->name, kv->nlen, 0);
        *w++ = '=';
        w += cboto__uri_encode_raw(w, kv->value, kv->vlen, 0);
    }
    return w;
}

/* The canonical request into w (room for c->bound bytes); returns its
 * end.  *sh and *sh_len locate the signed-headers list inside it. */
static uint8_t *put_request(uint8_t *w, const struct canon *c,
                            const struct cboto__http_msg *m,
                            const struct cboto__sigv4_opts *o,
                            const char *payload_hash, uint8_t **sh,
                            size_t *sh_len)
{
    w = put(w, m->method, strlen(m->method));
    *w++ = '\n';
    w = put_uri(w, c, m, o);
    *w++ = '\n';
    w = put_query(w, c);
    *w++ = '\n';
    w = put_canonical_headers(w, c);
    *w++ = '\n';
    *sh = w;
    w = put_signed_list(w, c);
    *sh_len = (size_t)(w - *sh);
    *w++ = '\n';
    return put(w, payload_hash, strlen(payload_hash));
}

/* ---- entry points ------------------------------------------------------- */

int cboto__sigv4_signed_headers(const struct cboto__http_msg *m,
                                struct cboto__buf *out)
{
    struct canon c;
    uint8_t *w;
    int rc;

    if (!m || !m->host || !out)
        return CBOTO_EINVAL;
    rc = canon_prepare(&c, m, &(struct cboto__sigv4_opts){.s3 = 1}, 0, 0);
    if (rc)
        return rc;
    rc = cboto__buf_reserve(out, c.sh_bound);
    if (!rc) {
        w = put_signed_list(out->ptr + out->len, &c);
        out->len = (size_t)(w - out->ptr);
        out->ptr[out->len] = '\0';
    }
    canon_release(&c, m);
    return rc;
}

static int check_msg(const struct cboto__http_msg *m,
                     const struct cboto__sigv4_opts *o)
{
    if (!m || !o || !m->method || !m->host || !*m->host)
        return CBOTO_EINVAL;
    return CBOTO_OK;
}

int cboto__sigv4_canonical_request(const struct cboto__http_msg *m,
                                   const struct cboto__sigv4_opts *o,
                                   const char *payload_hash,
                                   struct cboto__buf *creq,
                                   struct cboto__buf *signed_headers)
{
    struct canon c;
    char hash[65];
    uint8_t *w, *sh;
    size_t sh_len;
    int rc = check_msg(m, o);

    if (rc || !creq)
        return rc ? rc : CBOTO_EINVAL;
    if (!payload_hash) {
        rc = cboto__sha256_hex(m->body.ptr, m->body.len, hash);
        if (rc)
            return rc;
        payload_hash = hash;
    }
    rc = canon_prepare(&c, m, o, 1, strlen(payload_hash));
    if (rc)
        return rc;
    rc = cboto__buf_reserve(creq, c.bound);
    if (!rc) {
        w = put_request(creq->ptr + creq->len, &c, m, o, payload_hash, &sh,
                        &sh_len);
        creq->len = (size_t)(w - creq->ptr);
        creq->ptr[creq->len] = '\0';
        /* The caller's copy of the list is the slice just written. */
        if (signed_headers)
            rc = cboto__buf_append(signed_headers, sh, sh_len);
    }
    canon_release(&c, m);
    return rc;
}

/* Most canonical requests fit here, which saves the heap. */
#define CREQ_STACK 1024

int cboto__sigv4_canonical_sha256(const struct cboto__http_msg *m,
                                  const struct cboto__sigv4_opts *o,
                                  const char *payload_hash,
                                  struct cboto__hash *h, uint8_t digest[32],
                                  struct cboto__buf *signed_headers)
{
    struct canon c;
    uint8_t stack[CREQ_STACK], *p = stack, *w, *sh;
    char hash[65];
    size_t sh_len;
    int rc = check_msg(m, o);

    if (rc || !digest)
        return rc ? rc : CBOTO_EINVAL;
    if (!payload_hash) {
        rc = h ? cboto__hash_digest(h, m->body.ptr, m->body.len, digest)
               : cboto__sha256(m->body.ptr, m->body.len, digest);
        if (rc)
            return rc;
        cboto__hex(hash, digest, 32);
        payload_hash = hash;
    }
    rc = canon_prepare(&c, m, o, 1, strlen(payload_hash));
    if (rc)
        return rc;
    if (c.bound > sizeof stack) {
        p = cboto__alloc(m->a, c.bound);
        if (!p) {
            canon_release(&c, m);
            return CBOTO_ENOMEM;
        }
    }
    w = put_request(p, &c, m, o, payload_hash, &sh, &sh_len);
    rc = h ? cboto__hash_digest(h, p, (size_t)(w - p), digest)
           : cboto__sha256(p, (size_t)(w - p), digest);
    if (!rc && signed_headers)
        rc = cboto__buf_append(signed_headers, sh, sh_len);
    if (p != stack)
        cboto__free(m->a, p);
    canon_release(&c, m);
    return rc;
}
