/* SPDX-License-Identifier: MIT */
/*
 * ListObjectsV2 and ListObjects (v1) responses into cboto_s3_list_result.
 *
 *   <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
 *     <Name/> <Prefix/> <Delimiter/> <MaxKeys/> <KeyCount/> <IsTruncated/>
 *     <ContinuationToken/> <NextContinuationToken/> <StartAfter/>   (v2)
 *     <Marker/> <NextMarker/>                                        (v1)
 *     <EncodingType>url</EncodingType>
 *     <Contents><Key/><LastModified/><ETag/><Size/><StorageClass/>
 *               <Owner><ID/><DisplayName/></Owner></Contents> ...
 *     <CommonPrefixes><Prefix/></CommonPrefixes> ...
 *   </ListBucketResult>
 *
 * S3 may put <EncodingType> after the keys (moto puts it last), so a key
 * or prefix seen before it is kept as sent and URL-decoded in place in
 * finish(); one seen after it is decoded as it is copied, which saves a
 * second pass over every key.  The top-level values are always decoded in
 * finish().  S3's "url" encoding writes a space as '+' (form encoding) and
 * a '+' as %2B, which is what botocore's unquote_plus undoes too.
 *
 * The strings of a result live in a pool the result owns: a few blocks
 * from the client's allocator, freed together with it.  A 1,000-key page
 * otherwise costs some 6,000 allocations to build and as many frees to
 * release, more than the rest of the parse.  Values that repeat from one
 * object to the next (storage class, owner) are stored once and shared.
 * The object array is sized from KeyCount when S3 sends it first; the
 * arrays otherwise grow geometrically.
 *
 * The pool blocks and the arrays come from the client's spare blocks and
 * go back to them with the result (aws/spare.c): a program walking pages
 * then reuses the last page's memory instead of having glibc return it to
 * the kernel and fault it back in, which cost more than the parse.
 */
#include <string.h>

#include "s3_parse_util.h"

/* Pool blocks grow from POOL_MIN to POOL_MAX bytes; a string longer than a
 * quarter of the current size gets a block of its own, so a long value
 * never strands the free tail of the current block. */
#define POOL_MIN ((size_t)4096)
#define POOL_MAX ((size_t)65536)

struct pool_block {
    struct pool_block *next;
    size_t cap;
    size_t used;
    char data[];
};

/* The last value stored for a field that repeats between objects. */
struct shared {
    const char *p;
    size_t len;
};

/* The result and the pool its strings live in, freed together. */
struct list_result {
    struct cboto_s3_list_result pub; /* first: handed out as the result */
    struct pool_block *pool;
    struct cboto__spare *spare; /* where the blocks go back; may be NULL */
    size_t objs_bytes;          /* the arrays' real sizes, for give() */
    size_t prefixes_bytes;
};

struct list_state {
    const struct cboto_allocator *a;
    struct cboto__spare *spare; /* the client's; NULL without a request */
    int root_ok;
    int in_contents;
    int in_owner;
    int in_common_prefixes;
    int encoding_url;
    /* Keys and prefixes stored before <EncodingType> was seen are still
     * encoded; those after it were decoded as they were copied. */
    size_t raw_objs;
    size_t raw_prefixes;
    const char *bucket;
    char *prefix;
    char *delimiter;
    char *start_after;
    const char *continuation_token;
    const char *next_continuation_token;
    char *marker;
    char *next_marker;
    int is_truncated;
    int key_count;
    int have_key_count;
    int max_keys;
    struct pool_block *pool;
    size_t pool_next; /* size of the next shared block */
    struct shared storage_class;
    struct shared owner_id;
    struct shared owner_name;
    struct cboto_s3_object cur; /* points into the pool */
    struct cboto_s3_object *objs;
    size_t n_objs;
    size_t cap_objs;
    size_t objs_bytes;
    char **prefixes;
    size_t n_prefixes;
    size_t cap_prefixes;
    size_t prefixes_bytes;
};

static void pool_free(struct cboto__spare *sp, const struct cboto_allocator *a,
                      struct pool_block *b)
{
    while (b) {
        struct pool_block *next = b->next;

        cboto__spare_give(sp, a, b, sizeof *b + b->cap);
        b = next;
    }
}

/* A block with room for n more bytes at b->data + b->used, not yet taken
 * (the caller adds to b->used once it knows the final length); NULL when
 * out of memory. */
static struct pool_block *pool_room(struct list_state *s, size_t n)
{
    struct pool_block *b = s->pool;
    size_t size, got;

    if (b && b->cap - b->used >= n)
        return b;
    if (!s->pool_next)
        s->pool_next = POOL_MIN;
    size = s->pool_next;
    if (n > size / 4) {
        if (n > SIZE_MAX - sizeof *b)
            return NULL;
        size = n;
    } else if (s->pool_next < POOL_MAX) {
        s->pool_next *= 2;
    }
    b = cboto__spare_take(s->spare, s->a, sizeof *b + size, &got);
    if (!b)
        return NULL;
    b->cap = got - sizeof *b;
    b->used = 0;
    if (s->pool && b->cap - n < s->pool->cap - s->pool->used) {
        /* A long value's own block, left with less room than the current
         * one: behind it, and the current one stays current. */
        b->next = s->pool->next;
        s->pool->next = b;
    } else {
        b->next = s->pool;
        s->pool = b;
    }
    return b;
}

static int pool_dup(struct list_state *s, const char *text, size_t len,
                    char **out)
{
    struct pool_block *b;
    char *c;

    if (len == SIZE_MAX)
        return CBOTO_ENOMEM;
    b = pool_room(s, len + 1);
    if (!b)
        return CBOTO_ENOMEM;
    c = b->data + b->used;
    memcpy(c, text, len);
    c[len] = '\0';
    b->used += len + 1;
    *out = c;
    return CBOTO_OK;
}

/* Store a value that is usually the same as the previous object's once. */
static int pool_dup_shared(struct list_state *s, struct shared *last,
                           const char *text, size_t len, const char **out)
{
    char *c;
    int rc;

    if (last->p && last->len == len && memcmp(last->p, text, len) == 0) {
        *out = last->p;
        return CBOTO_OK;
    }
    rc = pool_dup(s, text, len, &c);
    if (rc)
        return rc;
    last->p = c;
    last->len = len;
    *out = c;
    return CBOTO_OK;
}

/* The bytes S3's url encoding does not leave alone, and NUL, which ends
 * the scan. */
static const unsigned char s_special[256] = {[0] = 1, ['%'] = 1, ['+'] = 1};

/* A hex digit's value plus one; 0 for anything else. */
static const unsigned char s_hex1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                           \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define URL_WORDS 1
#define ONES      ((uint64_t)0x0101010101010101u)
#define HIGHS     (ONES << 7)

/* The high bit of each byte of v that is '%', '+' or NUL.  A bit can be
 * set falsely only above a true one, so the lowest set bit is exact. */
static uint64_t special_bytes(uint64_t v)
{
    uint64_t p = v ^ (ONES * '%'), q = v ^ (ONES * '+');

    return (((v - ONES) & ~v) | ((p - ONES) & ~p) | ((q - ONES) & ~q)) & HIGHS;
}
#endif

/* Undo S3's url encoding (%XX, and '+' for a space) of the n bytes at src,
 * which must be followed by a NUL (the XML stage's text is), into dst,
 * which may be src itself: the decoded form is never longer.  Writes a
 * NUL after the result.  A bad escape, or a NUL byte that a C string
 * would silently cut, makes the listing malformed.  This runs over every
 * key of a page: into a separate buffer, plain bytes go eight at a time up
 * to the next special one (a third less CPU for the page's keys than the
 * byte loop, which is also the fallback); the byte loop stops on the
 * table, not on a length check. */
static int url_decode(char *dst, const char *src, size_t n, size_t *out_len)
{
    const unsigned char *in = (const unsigned char *)src;
    size_t i = 0, j = 0;

    for (;;) {
        unsigned char c;
        int hi, lo;

#ifdef URL_WORDS
        /* i + 8 <= n and j <= i: the load and the store stay inside both
         * buffers.  Never in place, where the store could overwrite bytes
         * not read yet. */
        if (dst != src && n - i >= 8) {
            uint64_t v, m;
            size_t k;

            memcpy(&v, in + i, 8);
            memcpy(dst + j, &v, 8);
            m = special_bytes(v);
            if (!m) {
                i += 8;
                j += 8;
                continue;
            }
            k = (size_t)__builtin_ctzll(m) >> 3;
            i += k;
            j += k;
        }
#endif
        c = in[i];
        if (!s_special[c]) {
            dst[j++] = (char)c;
            i++;
            continue;
        }
        if (i >= n)
            break;
        if (c == '+') {
            dst[j++] = ' ';
            i++;
            continue;
        }
        if (c != '%' || n - i < 3)
            return CBOTO_EPARSE; /* a NUL inside, or a cut escape */
        hi = s_hex1[in[i + 1]];
        lo = s_hex1[in[i + 2]];
        if (!hi || !lo || (hi == 1 && lo == 1)) /* %00 included */
            return CBOTO_EPARSE;
        dst[j++] = (char)((hi - 1) << 4 | (lo - 1));
        i += 3;
    }
    dst[j] = '\0';
    *out_len = j;
    return CBOTO_OK;
}

/* A key or prefix: decoded on the way into the pool once the document has
 * said it is url-encoded; kept as sent otherwise (see raw_objs). */
static int pool_dup_name(struct list_state *s, const char *text, size_t len,
                         char **out)
{
    struct pool_block *b;
    char *c;
    size_t n;
    int rc;

    if (!s->encoding_url)
        return pool_dup(s, text, len, out);
    if (len == SIZE_MAX)
        return CBOTO_ENOMEM;
    b = pool_room(s, len + 1);
    if (!b)
        return CBOTO_ENOMEM;
    c = b->data + b->used;
    rc = url_decode(c, text, len, &n);
    if (rc)
        return rc;
    b->used += n + 1;
    *out = c;
    return CBOTO_OK;
}

/* Two digits at p, or -1. */
static int two_digits(const char *p)
{
    unsigned a = (unsigned char)p[0] - '0', b = (unsigned char)p[1] - '0';

    return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/* S3 writes every LastModified as "YYYY-MM-DDTHH:MM:SS.sssZ".  That form
 * is read here with fixed offsets; anything else goes to the general
 * parser, which accepts more (and gives the same answer for this form:
 * the same range checks, the same cboto__timegm).  Per key of a page the
 * general parser cost more than the rest of the object. */
static int parse_time(const char *s, size_t len, time_t *out)
{
    struct tm tm;
    int y1, y2, ms;

    if (len != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
        s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
        return cboto__parse_iso8601(s, out);
    memset(&tm, 0, sizeof tm);
    y1 = two_digits(s);
    y2 = two_digits(s + 2);
    tm.tm_mon = two_digits(s + 5) - 1;
    tm.tm_mday = two_digits(s + 8);
    tm.tm_hour = two_digits(s + 11);
    tm.tm_min = two_digits(s + 14);
    tm.tm_sec = two_digits(s + 17);
    ms = two_digits(s + 20) | two_digits(s + 21);
    if (y1 < 0 || y2 < 0 || ms < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
        tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
        tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
        tm.tm_sec > 60)
        return cboto__parse_iso8601(s, out);
    tm.tm_year = y1 * 100 + y2 - 1900;
    *out = cboto__timegm(&tm);
    return CBOTO_OK;
}

/* An array's first block, with room for at least want elements (more when
 * a spare block is bigger); *bytes is its real size. */
static int array_new(struct list_state *s, void **arr, size_t *cap,
                     size_t *bytes, size_t want, size_t elem)
{
    void *p = cboto__spare_take(s->spare, s->a, want * elem, bytes);

    if (!p)
        return CBOTO_ENOMEM;
    *arr = p;
    *cap = *bytes / elem;
    return CBOTO_OK;
}

/* Grow an array to hold one more element: doubling, so a 1,000-key page
 * costs about ten resizes (none when the first block is a spare one). */
static int grow(struct list_state *s, void **arr, size_t *cap, size_t *bytes,
                size_t n, size_t elem)
{
    size_t ncap;
    void *p;

    if (n < *cap)
        return CBOTO_OK;
    if (!*arr)
        return array_new(s, arr, cap, bytes, 16, elem);
    ncap = *cap * 2;
    if (ncap > SIZE_MAX / elem)
        return CBOTO_ENOMEM;
    p = cboto__resize(s->a, *arr, *bytes, ncap * elem);
    if (!p)
        return CBOTO_ENOMEM;
    *arr = p;
    *cap = ncap;
    *bytes = ncap * elem;
    return CBOTO_OK;
}

static int list_init(void *st, const struct cboto_allocator *a)
{
    struct list_state *s = st;

    memset(s, 0, sizeof *s);
    s->a = a;
    return CBOTO_OK;
}

static int list_init_request(void *st, const struct cboto_request *rq)
{
    struct list_state *s = st;

    s->spare = cboto__request_spare(rq);
    return CBOTO_OK;
}

static int list_start(void *st, const char *name, int depth)
{
    struct list_state *s = st;

    /* Names are told apart by their first letter before any strcmp: this
     * runs for every element of the page. */
    switch (depth) {
    case 1:
        if (strcmp(name, "ListBucketResult") != 0)
            return CBOTO_EPARSE;
        s->root_ok = 1;
        break;
    case 2:
        if (name[0] != 'C')
            break;
        if (strcmp(name, "Contents") == 0) {
            memset(&s->cur, 0, sizeof s->cur);
            s->in_contents = 1;
        } else if (strcmp(name, "CommonPrefixes") == 0) {
            s->in_common_prefixes = 1;
        }
        break;
    case 3:
        if (s->in_contents && name[0] == 'O' && strcmp(name, "Owner") == 0)
            s->in_owner = 1;
        break;
    default:
        break;
    }
    return CBOTO_OK;
}

static int push_object(struct list_state *s)
{
    void *arr;
    int rc;

    if (!s->cur.key) /* a listing entry without a key is not one */
        return CBOTO_EPARSE;
    arr = s->objs;
    if (!arr && s->have_key_count && s->key_count > 16) {
        /* S3 sends KeyCount before the keys: size the array once.  Pages
         * hold at most 1,000 keys, so a larger count is not trusted. */
        rc = array_new(s, &arr, &s->cap_objs, &s->objs_bytes,
                       s->key_count > 1000 ? 1000 : (size_t)s->key_count,
                       sizeof *s->objs);
        if (rc)
            return rc;
    }
    rc = grow(s, &arr, &s->cap_objs, &s->objs_bytes, s->n_objs,
              sizeof *s->objs);
    s->objs = arr;
    if (rc)
        return rc;
    s->objs[s->n_objs++] = s->cur;
    return CBOTO_OK;
}

static int push_prefix(struct list_state *s, const char *text, size_t len)
{
    void *arr = s->prefixes;
    char *c;
    int rc;

    rc = grow(s, &arr, &s->cap_prefixes, &s->prefixes_bytes, s->n_prefixes,
              sizeof *s->prefixes);
    if (rc)
        return rc;
    s->prefixes = arr;
    rc = pool_dup_name(s, text, len, &c);
    if (rc)
        return rc;
    s->prefixes[s->n_prefixes++] = c;
    return CBOTO_OK;
}

/* The last occurrence of a field wins; an earlier copy stays in the pool
 * until the result is freed. */
static int set_const(struct list_state *s, const char **slot, const char *text,
                     size_t len)
{
    char *c;
    int rc = pool_dup(s, text, len, &c);

    if (!rc)
        *slot = c;
    return rc;
}

static int top_level_end(struct list_state *s, const char *name,
                         const char *text, size_t len)
{
    if (strcmp(name, "Name") == 0)
        return set_const(s, &s->bucket, text, len);
    if (strcmp(name, "Prefix") == 0)
        return pool_dup(s, text, len, &s->prefix);
    if (strcmp(name, "Delimiter") == 0)
        return pool_dup(s, text, len, &s->delimiter);
    if (strcmp(name, "StartAfter") == 0)
        return pool_dup(s, text, len, &s->start_after);
    if (strcmp(name, "ContinuationToken") == 0)
        return set_const(s, &s->continuation_token, text, len);
    if (strcmp(name, "NextContinuationToken") == 0)
        return set_const(s, &s->next_continuation_token, text, len);
    if (strcmp(name, "Marker") == 0)
        return pool_dup(s, text, len, &s->marker);
    if (strcmp(name, "NextMarker") == 0)
        return pool_dup(s, text, len, &s->next_marker);
    if (strcmp(name, "IsTruncated") == 0)
        return s3p_parse_bool(text, len, &s->is_truncated);
    if (strcmp(name, "MaxKeys") == 0)
        return s3p_parse_int(text, len, &s->max_keys);
    if (strcmp(name, "KeyCount") == 0) {
        s->have_key_count = 1;
        return s3p_parse_int(text, len, &s->key_count);
    }
    if (strcmp(name, "EncodingType") == 0) {
        /* "url" is the only encoding S3 knows; refuse to guess at others
         * rather than hand out keys still encoded. */
        if (len != 3 || memcmp(text, "url", 3) != 0)
            return CBOTO_EPARSE;
        if (!s->encoding_url) {
            s->encoding_url = 1;
            s->raw_objs = s->n_objs;
            s->raw_prefixes = s->n_prefixes;
        }
    }
    return CBOTO_OK;
}

static int contents_end(struct list_state *s, const char *name,
                        const char *text, size_t len)
{
    char *c;
    int rc;

    switch (name[0]) {
    case 'K':
        if (strcmp(name, "Key") != 0)
            break;
        rc = pool_dup_name(s, text, len, &c);
        if (!rc)
            s->cur.key = c;
        return rc;
    case 'S':
        if (strcmp(name, "Size") == 0)
            return s3p_parse_u64(text, len, &s->cur.size);
        if (strcmp(name, "StorageClass") == 0)
            return pool_dup_shared(s, &s->storage_class, text, len,
                                   &s->cur.storage_class);
        break;
    case 'E':
        if (strcmp(name, "ETag") == 0)
            return set_const(s, &s->cur.etag, text, len);
        break;
    case 'L':
        if (strcmp(name, "LastModified") != 0)
            break;
        rc = pool_dup(s, text, len, &c);
        if (rc)
            return rc;
        s->cur.last_modified = c;
        if (parse_time(c, len, &s->cur.last_modified_time))
            s->cur.last_modified_time = 0; /* documented: 0 if unparsable */
        return CBOTO_OK;
    case 'O':
        if (strcmp(name, "Owner") == 0)
            s->in_owner = 0;
        break;
    default:
        break;
    }
    return CBOTO_OK;
}

static int list_end(void *st, const char *name, int depth, const char *text,
                    size_t len)
{
    struct list_state *s = st;

    switch (depth) {
    case 2:
        if (s->in_contents) {
            s->in_contents = 0;
            return push_object(s);
        }
        if (s->in_common_prefixes) {
            s->in_common_prefixes = 0;
            return CBOTO_OK;
        }
        return top_level_end(s, name, text, len);
    case 3:
        if (s->in_contents)
            return contents_end(s, name, text, len);
        if (s->in_common_prefixes && strcmp(name, "Prefix") == 0)
            return push_prefix(s, text, len);
        return CBOTO_OK;
    case 4:
        if (s->in_owner && strcmp(name, "ID") == 0)
            return pool_dup_shared(s, &s->owner_id, text, len,
                                   &s->cur.owner_id);
        if (s->in_owner && strcmp(name, "DisplayName") == 0)
            return pool_dup_shared(s, &s->owner_name, text, len,
                                   &s->cur.owner_name);
        return CBOTO_OK;
    default:
        return CBOTO_OK;
    }
}

static int decode_in_place(char *s)
{
    size_t n;

    if (!s)
        return CBOTO_OK;
    return url_decode(s, s, strlen(s), &n);
}

/* The top-level values, and any key or prefix that came before
 * <EncodingType>, are still as sent. */
static int decode_rest(struct list_state *s)
{
    char *top[] = {s->prefix, s->delimiter, s->start_after, s->marker,
                   s->next_marker};
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; !rc && i < sizeof top / sizeof top[0]; i++)
        rc = decode_in_place(top[i]);
    for (i = 0; !rc && i < s->raw_objs; i++)
        rc = decode_in_place((char *)(uintptr_t)s->objs[i].key);
    for (i = 0; !rc && i < s->raw_prefixes; i++)
        rc = decode_in_place(s->prefixes[i]);
    return rc;
}

static int list_finish(void *st, int http_status,
                       const struct cboto__kvlist *headers, void **result)
{
    struct list_state *s = st;
    struct list_result *lr;
    struct cboto_s3_list_result *r;
    int rc;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    if (s->encoding_url) {
        rc = decode_rest(s);
        if (rc)
            return rc;
    }
    lr = cboto__calloc(s->a, 1, sizeof *lr);
    if (!lr)
        return CBOTO_ENOMEM;
    /* From here on nothing fails: move everything into the result. */
    r = &lr->pub;
    r->bucket = s->bucket;
    r->prefix = s->prefix;
    r->delimiter = s->delimiter;
    r->start_after = s->start_after;
    r->continuation_token = s->continuation_token;
    r->next_continuation_token = s->next_continuation_token;
    r->marker = s->marker;
    r->next_marker = s->next_marker;
    r->is_truncated = s->is_truncated;
    r->max_keys = s->max_keys;
    r->objects = s->objs;
    r->n_objects = s->n_objs;
    r->common_prefixes = (const char *const *)s->prefixes;
    r->n_common_prefixes = s->n_prefixes;
    /* v1 has no KeyCount; S3 counts keys and common prefixes in it. */
    r->key_count = s->have_key_count
                       ? s->key_count
                       : (int)(s->n_objs + s->n_prefixes > INT_MAX
                                   ? INT_MAX
                                   : s->n_objs + s->n_prefixes);
    lr->pool = s->pool;
    lr->spare = s->spare;
    lr->objs_bytes = s->objs_bytes;
    lr->prefixes_bytes = s->prefixes_bytes;
    s->pool = NULL;
    s->objs = NULL;
    s->n_objs = s->cap_objs = s->objs_bytes = 0;
    s->prefixes = NULL;
    s->n_prefixes = s->cap_prefixes = s->prefixes_bytes = 0;
    *result = lr;
    return CBOTO_OK;
}

static void list_cleanup(void *st)
{
    struct list_state *s = st;
    const struct cboto_allocator *a = s->a;
    struct cboto__spare *sp = s->spare;

    pool_free(sp, a, s->pool);
    cboto__spare_give(sp, a, s->objs, s->objs_bytes);
    cboto__spare_give(sp, a, s->prefixes, s->prefixes_bytes);
    memset(s, 0, sizeof *s);
    s->a = a;
    s->spare = sp;
}

static void list_result_free(const struct cboto_allocator *a, void *result)
{
    struct list_result *lr = result;

    if (!lr)
        return;
    pool_free(lr->spare, a, lr->pool);
    cboto__spare_give(lr->spare, a, (void *)(uintptr_t)lr->pub.objects,
                      lr->objs_bytes);
    cboto__spare_give(lr->spare, a, (void *)(uintptr_t)lr->pub.common_prefixes,
                      lr->prefixes_bytes);
    cboto__free(a, lr);
}

const struct cboto__parser cboto__s3_list_parser = {
    .name = "s3.ListObjects",
    .result_kind = CBOTO__RESULT_S3_LIST,
    .state_size = sizeof(struct list_state),
    .init = list_init,
    .start = list_start,
    .end = list_end,
    .finish = list_finish,
    .cleanup = list_cleanup,
    .result_free = list_result_free,
    .init_request = list_init_request,
};
