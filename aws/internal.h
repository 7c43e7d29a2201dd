/* SPDX-License-Identifier: MIT */
/*
 * Internal declarations shared across the library (never installed).
 * Everything here is cboto__-prefixed and hidden by the export regex.
 */
#ifndef CBOTO_AWS_INTERNAL_H
#define CBOTO_AWS_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cboto/common.h>

#ifndef CBOTO_UNUSED
#define CBOTO_UNUSED(x) ((void)(x))
#endif

#if defined(__GNUC__)
#define CBOTO__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CBOTO__PRINTF(a, b)
#endif

/* ---- allocation (aws/alloc.c) ------------------------------------------
 * All library memory goes through these, with the allocator of the client
 * that owns the object.  a == NULL means the default (malloc) allocator.
 * They are the only place allowed to call malloc/realloc/free. */
const struct cboto_allocator *cboto__default_allocator(void);
void *cboto__alloc(const struct cboto_allocator *a, size_t n);
void *cboto__calloc(const struct cboto_allocator *a, size_t nmemb,
                    size_t size);
void *cboto__resize(const struct cboto_allocator *a, void *p, size_t old_n,
                    size_t new_n);
void cboto__free(const struct cboto_allocator *a, void *p);
char *cboto__strdup(const struct cboto_allocator *a, const char *s);
char *cboto__strndup(const struct cboto_allocator *a, const char *s, size_t n);
/* Zero the string (strlen) and free it: for secrets. NULL-safe. */
void cboto__free_secret(const struct cboto_allocator *a, char *s);
/* Zeroing the compiler may not elide. */
void cboto__memzero(void *p, size_t n);

/* ---- bump allocator for short-lived memory (aws/arena.c) ----------------
 * &ar->al is an allocator whose blocks all go at once with reset/cleanup;
 * freeing single allocations through it is allowed and (mostly) a no-op.
 * first/first_size: optional caller-owned storage used as the first block
 * (NULL, 0: every block comes from parent). */
struct cboto__arena_block;
struct cboto__arena {
    struct cboto_allocator al;
    const struct cboto_allocator *parent;
    struct cboto__arena_block *head;
    struct cboto__arena_block *first;
    void *last;
};
void cboto__arena_init(struct cboto__arena *ar,
                       const struct cboto_allocator *parent, void *first,
                       size_t first_size);
/* Free every block but the caller's first one and start over. */
void cboto__arena_reset(struct cboto__arena *ar);
void cboto__arena_cleanup(struct cboto__arena *ar);

/* ---- spare blocks kept for the next result (aws/spare.c) ----------------
 * Big blocks (4 KiB and up) that a result gives back when it is freed,
 * handed to the next result of the same owner instead of going back to
 * malloc, which would return them to the kernel (see spare.c for the bound
 * and why).  The owner (the client) frees what is held with cleanup.  Safe
 * to use from several threads.  Every block comes from sp->a; take and give
 * with sp == NULL fall back to plain allocation with a. */
struct cboto__spare_block;
struct cboto__spare {
    const struct cboto_allocator *a;
    pthread_mutex_t lock; /* guards the rest */
    struct cboto__spare_block *head;
    size_t bytes;
    size_t blocks;
};
int cboto__spare_init(struct cboto__spare *sp,
                      const struct cboto_allocator *a);
void cboto__spare_cleanup(struct cboto__spare *sp);
/* A block of at least min bytes (min >= 16), a spare one when one fits;
 * *cap receives its real size, which give() and any resize must be told.
 * NULL when out of memory. */
void *cboto__spare_take(struct cboto__spare *sp,
                        const struct cboto_allocator *a, size_t min,
                        size_t *cap);
/* Keep the block of cap bytes for the next take(), or free it when it is
 * too small or the spares are full.  NULL-safe. */
void cboto__spare_give(struct cboto__spare *sp,
                       const struct cboto_allocator *a, void *p, size_t cap);
/* For tests: the bytes held, and the number of blocks through *blocks. */
size_t cboto__spare_held(struct cboto__spare *sp, size_t *blocks);
size_t cboto__spare_max_bytes(void);

/* ---- growable byte buffer with a cap (aws/buf.c) ------------------------
 * ptr is always NUL-terminated after a successful append (the NUL is not
 * counted in len), so textual buffers can be used as C strings.
 * Appends fail with CBOTO_ETOOBIG when len would pass max, CBOTO_ENOMEM
 * when the allocator fails; on failure the buffer is unchanged. */
struct cboto__buf {
    uint8_t *ptr;
    size_t len;
    size_t cap;
    size_t max; /* 0 means SIZE_MAX */
    const struct cboto_allocator *a;
};

void cboto__buf_init(struct cboto__buf *b, const struct cboto_allocator *a,
                     size_t max);
void cboto__buf_cleanup(struct cboto__buf *b);
void cboto__buf_reset(struct cboto__buf *b);
int cboto__buf_reserve(struct cboto__buf *b, size_t extra);
int cboto__buf_append(struct cboto__buf *b, const void *p, size_t n);
int cboto__buf_append_str(struct cboto__buf *b, const char *s);
int cboto__buf_append_byte(struct cboto__buf *b, uint8_t c);
int cboto__buf_printf(struct cboto__buf *b, const char *fmt, ...)
    CBOTO__PRINTF(2, 3);
/* "" for an empty buffer, never NULL. */
const char *cboto__buf_cstr(const struct cboto__buf *b);
/* Hand the bytes over (NUL-terminated, possibly an allocated "" when empty)
 * and leave the buffer empty; NULL on ENOMEM. Free with cboto__free. */
char *cboto__buf_steal(struct cboto__buf *b);

/* ---- name/value lists: headers, query parameters (aws/kv.c) ------------- */
struct cboto__kv {
    char *name;
    char *value; /* never NULL; "" for an empty value */
    size_t nlen; /* strlen(name), strlen(value): set by aws/kv.c */
    size_t vlen;
};

struct cboto__kvlist {
    struct cboto__kv *v;
    size_t n;
    size_t cap;
    const struct cboto_allocator *a;
};

void cboto__kvlist_init(struct cboto__kvlist *l,
                        const struct cboto_allocator *a);
void cboto__kvlist_cleanup(struct cboto__kvlist *l);
/* Append a copy; value NULL is stored as "". */
int cboto__kvlist_add(struct cboto__kvlist *l, const char *name,
                      const char *value);
int cboto__kvlist_addn(struct cboto__kvlist *l, const char *name, size_t nlen,
                       const char *value, size_t vlen);
/* Replace every entry whose name matches case-insensitively by one entry
 * (appended where the first one stood, or at the end). */
int cboto__kvlist_set(struct cboto__kvlist *l, const char *name,
                      const char *value);
/* First value whose name matches case-insensitively, or NULL. */
const char *cboto__kvlist_get(const struct cboto__kvlist *l, const char *name);
/* Remove every case-insensitive match; returns how many were removed. */
size_t cboto__kvlist_remove(struct cboto__kvlist *l, const char *name);
int cboto__kvlist_copy(struct cboto__kvlist *dst,
                       const struct cboto__kvlist *src);

/* ---- encoding helpers (aws/encode.c) -------------------------------------
 * uri_encode: RFC 3986 — A-Z a-z 0-9 - _ . ~ kept, every other byte as %XX
 * (upper-case hex); keep_slash leaves '/' alone (S3 keys, SigV4 paths). */
int cboto__uri_encode(struct cboto__buf *out, const char *s, size_t n,
                      int keep_slash);
/* The same into w, which has room for 3 * n bytes; returns the length
 * written (no NUL). */
size_t cboto__uri_encode_raw(uint8_t *w, const char *s, size_t n,
                             int keep_slash);
/* As cboto__uri_encode_raw (keep_slash 0), but a space becomes '+', as in
 * an application/x-www-form-urlencoded body. */
size_t cboto__form_encode_raw(uint8_t *w, const char *s, size_t n);
/* strcmp of the two strings' encodings (keep_slash 0), without encoding
 * them: the order of SigV4's canonical query. */
int cboto__uri_cmp(const char *a, const char *b);
/* A decimal of len bytes into *out: digits only (no sign, no blanks), no
 * overflow; anything else in a response is malformed (CBOTO_EPARSE), not
 * a number to guess at. */
static inline int cboto__parse_u64_digits(const char *s, size_t len,
                                          uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (len == 0 || len > 20)
        return CBOTO_EPARSE;
    for (i = 0; i < len; i++) {
        unsigned d;

        if (s[i] < '0' || s[i] > '9')
            return CBOTO_EPARSE;
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return CBOTO_EPARSE;
        v = v * 10 + d;
    }
    *out = v;
    return CBOTO_OK;
}
/* Decode %XX sequences (and '+' as space when plus_is_space); bad escapes
 * are CBOTO_EINVAL. */
int cboto__uri_decode(struct cboto__buf *out, const char *s, size_t n,
                      int plus_is_space);
/* Lower-case hex; out must hold 2*n+1 bytes. */
void cboto__hex(char *out, const uint8_t *p, size_t n);
int cboto__base64_encode(struct cboto__buf *out, const uint8_t *p, size_t n);
/* Strict decoding (padding required, whitespace rejected): CBOTO_EINVAL. */
int cboto__base64_decode(struct cboto__buf *out, const char *s, size_t n);
int cboto__strcaseeq(const char *a, const char *b);
int cboto__strncaseeq(const char *a, const char *b, size_t n);

/* ---- time (aws/timeutil.c) ---------------------------------------------- */
/* "20150830T123600Z"; out holds 17 bytes. */
void cboto__fmt_amz_date(char out[17], time_t t);
/* "2011-10-03T15:19:30Z" (SigV2 Timestamp); out holds 21 bytes. */
void cboto__fmt_iso8601(char out[21], time_t t);
/* "Sun, 06 Nov 1994 08:49:37 GMT"; out holds 30 bytes. */
void cboto__fmt_http_date(char out[30], time_t t);
/* Parse RFC 1123 / ISO 8601 (with optional fraction and Z) to UTC;
 * CBOTO_EINVAL on anything else. */
int cboto__parse_http_date(const char *s, time_t *out);
int cboto__parse_iso8601(const char *s, time_t *out);
time_t cboto__timegm(struct tm *tm);

/* ---- the message that is signed and put on the wire ----------------------
 * One is built for every attempt from the (immutable) request, then the
 * signer adds its headers or query parameters to it. */
struct cboto__http_msg {
    const struct cboto_allocator *a;
    char *method;
    char *scheme;               /* "https" or "http" */
    char *host;                 /* as in the Host header: port only when not
                                   the scheme's default */
    char *path;                 /* as sent: percent-encoded, starts with '/' */
    struct cboto__kvlist query; /* decoded pairs, wire order */
    struct cboto__kvlist headers; /* wire order; Host is not in this list */
    struct cboto_cursor body;     /* body bytes when in memory (hashing) */
};

int cboto__http_msg_init(struct cboto__http_msg *m,
                         const struct cboto_allocator *a, const char *method,
                         const char *scheme, const char *host,
                         const char *path);
void cboto__http_msg_cleanup(struct cboto__http_msg *m);
/* "scheme://host/path?query" with the query RFC 3986-encoded in list order;
 * an empty value is written "name=" (S3 subresources such as "acl" keep
 * a bare "name" when the value is NULL-marked: see kv value ""). */
int cboto__http_msg_url(const struct cboto__http_msg *m,
                        struct cboto__buf *out);
/* The query list as an application/x-www-form-urlencoded body (RFC 3986
 * encoding, '&'-joined), for SimpleDB and SQS.  plus_for_space writes a
 * space as '+', as botocore does for SigV4 query-protocol bodies (SQS);
 * SigV2 bodies keep %20, as botocore sends them.  URLs keep %20. */
int cboto__form_encode(const struct cboto__kvlist *q, struct cboto__buf *out,
                       int plus_for_space);

#endif /* CBOTO_AWS_INTERNAL_H */
