/* SPDX-License-Identifier: MIT */
/* SigV4: header signing, presigned URLs, the string to sign and the
 * derived-key cache.  Pure: the time comes from the caller. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ALGORITHM   "AWS4-HMAC-SHA256"
#define MAX_EXPIRES 604800u /* 7 days: the most SigV4 allows */
#define CACHE_SLOTS 8

/* ---- the signing key ---------------------------------------------------- */

static int derive_key(const char *secret, const char *date8,
                      const char *region, const char *service, uint8_t key[32])
{
    /* kSecret = "AWS4" + secret; then HMAC through date, region, service
     * and the terminator "aws4_request".  An HMAC key longer than the
     * 64-byte block is replaced by its SHA-256 (RFC 2104), so a long
     * secret is hashed instead of copied to the heap. */
    uint8_t k[64], a[32], b[32];
    size_t slen = strlen(secret), klen;
    int rc = CBOTO_OK;

    if (slen <= sizeof k - 4) {
        memcpy(k, "AWS4", 4);
        memcpy(k + 4, secret, slen);
        klen = 4 + slen;
    } else {
        struct cboto__hash *h;

        rc = cboto__hash_new(&h, 0);
        if (rc)
            return rc;
        rc = cboto__hash_update(h, "AWS4", 4);
        if (!rc)
            rc = cboto__hash_update(h, secret, slen);
        if (rc) {
            cboto__hash_free(h);
            return rc;
        }
        rc = cboto__hash_final(h, k);
        klen = 32;
    }
    if (!rc)
        rc = cboto__hmac_sha256(k, klen, date8, 8, a);
    if (!rc)
        rc = cboto__hmac_sha256(a, 32, region, strlen(region), b);
    if (!rc)
        rc = cboto__hmac_sha256(b, 32, service, strlen(service), a);
    if (!rc)
        rc = cboto__hmac_sha256(a, 32, "aws4_request", 12, key);
    cboto__memzero(k, sizeof k);
    cboto__memzero(a, sizeof a);
    cboto__memzero(b, sizeof b);
    return rc;
}

struct slot {
    char *secret;
    size_t secret_len;
    char *region;
    char *service;
    char date[9];
    uint8_t key[32];
    struct cboto__hmac_key hk; /* key with its pads hashed */
    unsigned long long used;   /* 0: empty */
};

struct cboto__sigv4_cache {
    const struct cboto_allocator *a;
    pthread_mutex_t mu;
    unsigned long long tick;
    unsigned long hits;
    unsigned long misses;
    struct slot s[CACHE_SLOTS];
};

static void slot_clear(const struct cboto_allocator *a, struct slot *s)
{
    if (s->secret) {
        cboto__memzero(s->secret, s->secret_len);
        cboto__free(a, s->secret);
    }
    cboto__free(a, s->region);
    cboto__free(a, s->service);
    cboto__hmac_key_cleanup(&s->hk);
    cboto__memzero(s, sizeof *s);
}

int cboto__sigv4_cache_new(const struct cboto_allocator *a,
                           struct cboto__sigv4_cache **out)
{
    struct cboto__sigv4_cache *c;

    if (!out)
        return CBOTO_EINVAL;
    c = cboto__calloc(a, 1, sizeof *c);
    if (!c)
        return CBOTO_ENOMEM;
    c->a = a;
    if (pthread_mutex_init(&c->mu, NULL) != 0) {
        cboto__free(a, c);
        return CBOTO_ENOMEM;
    }
    *out = c;
    return CBOTO_OK;
}

void cboto__sigv4_cache_free(struct cboto__sigv4_cache *c)
{
    const struct cboto_allocator *a;
    size_t i;

    if (!c)
        return;
    a = c->a;
    for (i = 0; i < CACHE_SLOTS; i++)
        slot_clear(a, &c->s[i]);
    pthread_mutex_destroy(&c->mu);
    cboto__memzero(c, sizeof *c);
    cboto__free(a, c);
}

void cboto__sigv4_cache_stats(struct cboto__sigv4_cache *c,
                              unsigned long *hits, unsigned long *misses)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    if (hits)
        *hits = c->hits;
    if (misses)
        *misses = c->misses;
    pthread_mutex_unlock(&c->mu);
}

/* Secrets are compared without an early exit, so the time taken does not
 * tell how much of a guess was right; a word at a time, as this runs on
 * every signature. */
static int secret_eq(const char *a, size_t alen, const char *b, size_t blen)
{
    volatile uint64_t d = 0;
    uint64_t x, y;
    size_t i = 0;

    if (alen != blen)
        return 0;
    for (; alen - i >= 8; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        d |= x ^ y;
    }
    for (; i < alen; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

static int valid_date8(const char *d)
{
    size_t i;

    for (i = 0; i < 8; i++)
        if (d[i] < '0' || d[i] > '9')
            return 0;
    return 1;
}

static int check_key_args(const char *secret, const char *date,
                          const char *region, const char *service)
{
    if (!secret || !*secret)
        return CBOTO_ENOCREDS;
    if (!date || strnlen(date, 8) < 8 || !valid_date8(date) || !region ||
        !*region || !service || !*service)
        return CBOTO_EINVAL;
    return CBOTO_OK;
}

/* The slot for these inputs, or NULL; under c->mu. */
static struct slot *find_slot(struct cboto__sigv4_cache *c, const char *secret,
                              size_t slen, const char *date,
                              const char *region, const char *service)
{
    size_t i;

    for (i = 0; i < CACHE_SLOTS; i++) {
        struct slot *s = &c->s[i];

        if (!s->used || memcmp(s->date, date, 8) != 0 ||
            strcmp(s->region, region) != 0 ||
            strcmp(s->service, service) != 0 ||
            !secret_eq(s->secret, s->secret_len, secret, slen))
            continue;
        s->used = ++c->tick;
        c->hits++;
        return s;
    }
    c->misses++;
    return NULL;
}

/* Store a derived key, taking over *hk (wiped here if it cannot be
 * kept).  The least recently used slot goes. */
static void insert_slot(struct cboto__sigv4_cache *c, const char *secret,
                        size_t slen, const char *date, const char *region,
                        const char *service, const uint8_t key[32],
                        struct cboto__hmac_key *hk)
{
    size_t i, victim = 0;
    struct slot *s;

    pthread_mutex_lock(&c->mu);
    for (i = 1; i < CACHE_SLOTS; i++)
        if (c->s[i].used < c->s[victim].used)
            victim = i;
    s = &c->s[victim];
    slot_clear(c->a, s);
    s->secret = cboto__strndup(c->a, secret, slen);
    s->region = cboto__strdup(c->a, region);
    s->service = cboto__strdup(c->a, service);
    if (s->secret && s->region && s->service) {
        s->secret_len = slen;
        memcpy(s->date, date, 8);
        s->date[8] = '\0';
        memcpy(s->key, key, 32);
        s->hk = *hk;
        s->used = ++c->tick;
    } else {
        /* The cache is only an optimisation: keep the key, drop the slot. */
        s->secret_len = s->secret ? slen : 0;
        slot_clear(c->a, s);
        cboto__hmac_key_cleanup(hk);
    }
    pthread_mutex_unlock(&c->mu);
}

int cboto__sigv4_signing_key(struct cboto__sigv4_cache *c, const char *secret,
                             const char *date, const char *region,
                             const char *service, uint8_t key[32])
{
    struct cboto__hmac_key hk;
    struct slot *s;
    size_t slen;
    int rc = check_key_args(secret, date, region, service);

    if (rc)
        return rc;
    if (!key)
        return CBOTO_EINVAL;
    if (!c)
        return derive_key(secret, date, region, service, key);
    slen = strlen(secret);
    pthread_mutex_lock(&c->mu);
    s = find_slot(c, secret, slen, date, region, service);
    if (s)
        memcpy(key, s->key, 32);
    pthread_mutex_unlock(&c->mu);
    if (s)
        return CBOTO_OK;

    /* Derive outside the lock: four HMACs are cheap but need not
     * serialise every signer. */
    rc = derive_key(secret, date, region, service, key);
    if (rc)
        return rc;
    if (cboto__hmac_key_init(&hk, key, 32) == CBOTO_OK)
        insert_slot(c, secret, slen, date, region, service, key, &hk);
    return CBOTO_OK;
}

/* HMAC(signing key, string to sign) with the work context h.  On a cache
 * hit the MAC is made under the lock, from the slot's prepared key (a
 * slot may be replaced as soon as the lock is dropped); that is two
 * short digests, about as long as copying the state out would take. */
static int sign_sts(struct cboto__sigv4_cache *c, struct cboto__hash *h,
                    const char *secret, const char *date, const char *region,
                    const char *service, const char *sts, size_t n,
                    uint8_t mac[32])
{
    struct cboto__hmac_key hk;
    uint8_t key[32];
    struct slot *s;
    size_t slen;
    int rc = check_key_args(secret, date, region, service);

    if (rc)
        return rc;
    slen = strlen(secret);
    if (c) {
        pthread_mutex_lock(&c->mu);
        s = find_slot(c, secret, slen, date, region, service);
        if (s)
            rc = cboto__hmac_key_mac(&s->hk, h, sts, n, mac);
        pthread_mutex_unlock(&c->mu);
        if (s)
            return rc;
    }
    rc = derive_key(secret, date, region, service, key);
    if (!rc && !c)
        rc = cboto__hmac_sha256(key, 32, sts, n, mac);
    if (!rc && c) {
        rc = cboto__hmac_key_init(&hk, key, 32);
        if (!rc)
            rc = cboto__hmac_key_mac(&hk, h, sts, n, mac);
        if (!rc)
            insert_slot(c, secret, slen, date, region, service, key, &hk);
        else if (hk.inner)
            cboto__hmac_key_cleanup(&hk);
    }
    cboto__memzero(key, sizeof key);
    return rc;
}

/* ---- shared pieces ------------------------------------------------------ */

static int check_args(const struct cboto__http_msg *m,
                      const struct cboto__creds_view *cr,
                      const struct cboto__sigv4_opts *o)
{
    if (!m || !o || !m->method || !m->host || !*m->host || !m->path)
        return CBOTO_EINVAL;
    if (!o->region || !*o->region || !o->service || !*o->service)
        return CBOTO_EINVAL;
    if (!cr || !cr->access_key_id || !*cr->access_key_id ||
        !cr->secret_access_key || !*cr->secret_access_key)
        return CBOTO_ENOCREDS;
    return CBOTO_OK;
}

/* Appends of known pieces instead of cboto__buf_printf: vsnprintf was a
 * fifth of a signature's instructions.  Each builder reserves its total
 * once, so the appends after it cannot fail. */
static size_t scope_len(const struct cboto__sigv4_opts *o)
{
    /* date8 "/" region "/" service "/aws4_request" */
    return 8 + 1 + strlen(o->region) + 1 + strlen(o->service) + 13;
}

static char *put(char *w, const char *s, size_t n)
{
    memcpy(w, s, n);
    return w + n;
}

static char *put_scope(char *w, const char *amz_date,
                       const struct cboto__sigv4_opts *o)
{
    w = put(w, amz_date, 8);
    *w++ = '/';
    w = put(w, o->region, strlen(o->region));
    *w++ = '/';
    w = put(w, o->service, strlen(o->service));
    return put(w, "/aws4_request", 13);
}

static int append_scope(struct cboto__buf *b, const char *amz_date,
                        const struct cboto__sigv4_opts *o)
{
    int rc = cboto__buf_reserve(b, scope_len(o));

    if (rc)
        return rc;
    b->len = (size_t)(put_scope((char *)b->ptr + b->len, amz_date, o) -
                      (char *)b->ptr);
    b->ptr[b->len] = '\0';
    return CBOTO_OK;
}

/* ALGORITHM "\n" amz-date "\n" scope "\n" hex(creq hash) */
static size_t sts_len(const struct cboto__sigv4_opts *o)
{
    return sizeof ALGORITHM - 1 + 1 + 16 + 1 + scope_len(o) + 1 + 64;
}

static char *put_sts(char *w, const char *amz_date,
                     const struct cboto__sigv4_opts *o,
                     const uint8_t creq_hash[32])
{
    w = put(w, ALGORITHM "\n", sizeof ALGORITHM);
    w = put(w, amz_date, 16);
    *w++ = '\n';
    w = put_scope(w, amz_date, o);
    *w++ = '\n';
    cboto__hex(w, creq_hash, 32);
    return w + 64;
}

int cboto__sigv4_string_to_sign(const char *creq, size_t creq_len,
                                const struct cboto__sigv4_opts *o,
                                struct cboto__buf *sts)
{
    char amz_date[17];
    uint8_t d[32];
    int rc;

    if (!creq || !o || !sts || !o->region || !*o->region || !o->service ||
        !*o->service)
        return CBOTO_EINVAL;
    cboto__fmt_amz_date(amz_date, o->now);
    rc = cboto__sha256(creq, creq_len, d);
    if (!rc)
        rc = cboto__buf_reserve(sts, sts_len(o) + 1); /* + hex's NUL */
    if (rc)
        return rc;
    sts->len = (size_t)(put_sts((char *)sts->ptr + sts->len, amz_date, o, d) -
                        (char *)sts->ptr);
    sts->ptr[sts->len] = '\0';
    return CBOTO_OK;
}

/* Region and service names are short; longer ones take the heap. */
#define STS_STACK 256

/* Canonical request -> string to sign -> hex signature, every digest on
 * the one context h. */
static int compute_signature(struct cboto__sigv4_cache *cache,
                             struct cboto__hash *h,
                             const struct cboto__http_msg *m,
                             const struct cboto__creds_view *cr,
                             const struct cboto__sigv4_opts *o,
                             const char *amz_date, const char *payload_hash,
                             struct cboto__buf *signed_headers, char sig[65])
{
    char stack[STS_STACK], *sts = stack, *end;
    size_t need = sts_len(o) + 1;
    uint8_t d[32], mac[32];
    int rc;

    rc = cboto__sigv4_canonical_sha256(m, o, payload_hash, h, d,
                                       signed_headers);
    if (rc)
        return rc;
    if (need > sizeof stack) {
        sts = cboto__alloc(m->a, need);
        if (!sts)
            return CBOTO_ENOMEM;
    }
    end = put_sts(sts, amz_date, o, d);
    rc = sign_sts(cache, h, cr->secret_access_key, amz_date, o->region,
                  o->service, sts, (size_t)(end - sts), mac);
    if (!rc)
        cboto__hex(sig, mac, 32);
    cboto__memzero(mac, sizeof mac);
    if (sts != stack)
        cboto__free(m->a, sts);
    return rc;
}

/* A literal marker rather than a digest: the service cannot work it out
 * from the body, so it must be told in x-amz-content-sha256. */
static int is_marker(const char *h)
{
    return strcmp(h, CBOTO__UNSIGNED_PAYLOAD) == 0 ||
           strncmp(h, "STREAMING-", 10) == 0;
}

/* ---- Authorization header ----------------------------------------------- */

/* Everything after the credentials check; h is the digest context of
 * this signature. */
static int sign_headers(struct cboto__sigv4_cache *cache,
                        struct cboto__hash *h, struct cboto__http_msg *m,
                        const struct cboto__creds_view *cr,
                        const struct cboto__sigv4_opts *o, char sig[65])
{
    struct cboto__buf auth;
    char amz_date[17], hash[65];
    uint8_t d[32];
    const char *ph;
    int rc;

    cboto__fmt_amz_date(amz_date, o->now);
    /* Each attempt is signed afresh: drop what an earlier pass added. */
    cboto__kvlist_remove(&m->headers, "Authorization");
    rc = cboto__kvlist_set(&m->headers, "X-Amz-Date", amz_date);
    if (rc)
        return rc;
    if (cr->session_token && *cr->session_token) {
        if (o->omit_session_token)
            cboto__kvlist_remove(&m->headers, "X-Amz-Security-Token");
        else
            rc = cboto__kvlist_set(&m->headers, "X-Amz-Security-Token",
                                   cr->session_token);
        if (rc)
            return rc;
    }

    ph = o->payload_hash;
    if (!ph)
        ph = cboto__kvlist_get(&m->headers, "x-amz-content-sha256");
    if (!ph) {
        rc = cboto__hash_digest(h, m->body.ptr, m->body.len, d);
        if (rc)
            return rc;
        cboto__hex(hash, d, sizeof d);
        ph = hash;
    }
    if (o->s3 || o->add_content_sha256 || is_marker(ph)) {
        /* ph may point into the list entry being replaced. */
        if (ph != hash) {
            if (strlen(ph) >= sizeof hash)
                return CBOTO_EINVAL;
            memmove(hash, ph, strlen(ph) + 1);
            ph = hash;
        }
        rc = cboto__kvlist_set(&m->headers, "X-Amz-Content-SHA256", ph);
        if (rc)
            return rc;
    }

    /* ALGORITHM " Credential=" key-id "/" scope ", SignedHeaders=" list
     * ", Signature=" sig, with the list appended by the canonical request
     * builder itself.  128 is room for a typical list, so the buffer is
     * allocated once. */
    cboto__buf_init(&auth, m->a, 0);
    rc = cboto__buf_reserve(&auth, sizeof ALGORITHM - 1 + 12 +
                                       strlen(cr->access_key_id) + 1 +
                                       scope_len(o) + 16 + 128 + 12 + 64);
    if (!rc) {
        cboto__buf_append(&auth,
                          ALGORITHM " Credential=", sizeof ALGORITHM - 1 + 12);
        cboto__buf_append_str(&auth, cr->access_key_id);
        cboto__buf_append_byte(&auth, '/');
        append_scope(&auth, amz_date, o);
        cboto__buf_append(&auth, ", SignedHeaders=", 16);
        rc = compute_signature(cache, h, m, cr, o, amz_date, ph, &auth, sig);
    }
    if (!rc)
        rc = cboto__buf_reserve(&auth, 12 + 64);
    if (!rc) {
        cboto__buf_append(&auth, ", Signature=", 12);
        cboto__buf_append(&auth, sig, 64);
    }
    if (!rc)
        rc = cboto__kvlist_addn(&m->headers, "Authorization", 13,
                                cboto__buf_cstr(&auth), auth.len);
    /* post-sts-header-after: some services want the token sent but not
     * signed. */
    if (!rc && cr->session_token && *cr->session_token &&
        o->omit_session_token)
        rc = cboto__kvlist_set(&m->headers, "X-Amz-Security-Token",
                               cr->session_token);
    cboto__buf_cleanup(&auth);
    return rc;
}

int cboto__sigv4_sign_headers(struct cboto__sigv4_cache *cache,
                              struct cboto__http_msg *m,
                              const struct cboto__creds_view *cr,
                              const struct cboto__sigv4_opts *o,
                              char sig_out[65])
{
    struct cboto__hash *h;
    char sig[65];
    int rc;

    rc = check_args(m, cr, o);
    if (!rc)
        rc = cboto__hash_scratch(&h);
    if (rc)
        return rc;
    rc = sign_headers(cache, h, m, cr, o, sig);
    cboto__hash_free(h);
    if (!rc && sig_out)
        memcpy(sig_out, sig, 65);
    return rc;
}

/* ---- presigned URL ------------------------------------------------------ */

static const char *const s_presign_params[] = {
    "X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Date",
    "X-Amz-Expires",   "X-Amz-SignedHeaders", "X-Amz-Security-Token",
    "X-Amz-Signature"};

int cboto__sigv4_presign(struct cboto__sigv4_cache *cache,
                         struct cboto__http_msg *m,
                         const struct cboto__creds_view *cr,
                         const struct cboto__sigv4_opts *o)
{
    struct cboto__buf cred, sh;
    char amz_date[17], expires[16], sig[65];
    const char *ph;
    int token, rc;
    size_t i;

    rc = check_args(m, cr, o);
    if (rc)
        return rc;
    if (o->expires == 0 || o->expires > MAX_EXPIRES)
        return CBOTO_EINVAL;
    cboto__fmt_amz_date(amz_date, o->now);
    /* expires <= 604800: six digits, the buffer is large enough. */
    snprintf(expires, sizeof expires, "%u", o->expires);
    for (i = 0; i < sizeof s_presign_params / sizeof *s_presign_params; i++)
        cboto__kvlist_remove(&m->query, s_presign_params[i]);

    /* A presigned URL is made before the body exists: S3 takes the
     * literal UNSIGNED-PAYLOAD, other services the hash of the body the
     * message carries (normally the empty one). */
    ph = o->payload_hash;
    if (!ph && o->s3)
        ph = CBOTO__UNSIGNED_PAYLOAD;

    token = cr->session_token && *cr->session_token;
    cboto__buf_init(&cred, m->a, 0);
    cboto__buf_init(&sh, m->a, 0);
    rc = cboto__buf_append_str(&cred, cr->access_key_id);
    if (!rc)
        rc = cboto__buf_append_byte(&cred, '/');
    if (!rc)
        rc = append_scope(&cred, amz_date, o);
    if (!rc)
        rc = cboto__sigv4_signed_headers(m, &sh);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Algorithm", ALGORITHM);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Credential",
                               cboto__buf_cstr(&cred));
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Date", amz_date);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Expires", expires);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-SignedHeaders",
                               cboto__buf_cstr(&sh));
    if (!rc && token && !o->omit_session_token)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Security-Token",
                               cr->session_token);
    if (!rc) {
        struct cboto__hash *h;

        rc = cboto__hash_scratch(&h);
        if (!rc) {
            rc =
                compute_signature(cache, h, m, cr, o, amz_date, ph, NULL, sig);
            cboto__hash_free(h);
        }
    }
    if (!rc && token && o->omit_session_token)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Security-Token",
                               cr->session_token);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "X-Amz-Signature", sig);
    cboto__buf_cleanup(&cred);
    cboto__buf_cleanup(&sh);
    return rc;
}
