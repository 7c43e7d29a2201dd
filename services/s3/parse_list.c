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
 * S3 may put <EncodingType> after the keys, so values are kept as sent
 * while parsing and URL-decoded in finish(), once the whole document has
 * been seen.  S3's "url" encoding writes a space as '+' (form encoding) and
 * a '+' as %2B, which is what botocore's unquote_plus undoes too.
 *
 * Every string of the result is its own allocation from the client's
 * allocator; the arrays grow geometrically.
 */
#include <string.h>

#include "s3_parse_util.h"

/* An object being read; the same layout as cboto_s3_object but owning. */
struct obj_tmp {
    char *key;
    char *etag;
    char *last_modified;
    char *storage_class;
    char *owner_id;
    char *owner_name;
    uint64_t size;
};

struct list_state {
    const struct cboto_allocator *a;
    int root_ok;
    int in_contents;
    int in_owner;
    int in_common_prefixes;
    int encoding_url;
    char *bucket;
    char *prefix;
    char *delimiter;
    char *start_after;
    char *continuation_token;
    char *next_continuation_token;
    char *marker;
    char *next_marker;
    int is_truncated;
    int key_count;
    int have_key_count;
    int max_keys;
    struct obj_tmp cur;
    struct cboto_s3_object *objs;
    size_t n_objs;
    size_t cap_objs;
    char **prefixes;
    size_t n_prefixes;
    size_t cap_prefixes;
};

static void obj_tmp_cleanup(const struct cboto_allocator *a,
                            struct obj_tmp *o)
{
    cboto__free(a, o->key);
    cboto__free(a, o->etag);
    cboto__free(a, o->last_modified);
    cboto__free(a, o->storage_class);
    cboto__free(a, o->owner_id);
    cboto__free(a, o->owner_name);
    memset(o, 0, sizeof *o);
}

static void object_cleanup(const struct cboto_allocator *a,
                           const struct cboto_s3_object *o)
{
    s3p_free_const(a, o->key);
    s3p_free_const(a, o->etag);
    s3p_free_const(a, o->last_modified);
    s3p_free_const(a, o->storage_class);
    s3p_free_const(a, o->owner_id);
    s3p_free_const(a, o->owner_name);
}

/* Grow an array to hold one more element: doubling, so a 1,000-key page
 * costs about ten resizes. */
static int grow(const struct cboto_allocator *a, void **arr, size_t *cap,
                size_t n, size_t elem)
{
    size_t ncap;
    void *p;

    if (n < *cap)
        return CBOTO_OK;
    ncap = *cap ? *cap * 2 : 16;
    if (ncap > SIZE_MAX / elem)
        return CBOTO_ENOMEM;
    p = cboto__resize(a, *arr, *cap * elem, ncap * elem);
    if (!p)
        return CBOTO_ENOMEM;
    *arr = p;
    *cap = ncap;
    return CBOTO_OK;
}

static int list_init(void *st, const struct cboto_allocator *a)
{
    struct list_state *s = st;

    memset(s, 0, sizeof *s);
    s->a = a;
    return CBOTO_OK;
}

static int list_start(void *st, const char *name, int depth)
{
    struct list_state *s = st;

    switch (depth) {
    case 1:
        if (strcmp(name, "ListBucketResult") != 0)
            return CBOTO_EPARSE;
        s->root_ok = 1;
        break;
    case 2:
        if (strcmp(name, "Contents") == 0) {
            obj_tmp_cleanup(s->a, &s->cur);
            s->in_contents = 1;
        } else if (strcmp(name, "CommonPrefixes") == 0) {
            s->in_common_prefixes = 1;
        }
        break;
    case 3:
        if (s->in_contents && strcmp(name, "Owner") == 0)
            s->in_owner = 1;
        break;
    default:
        break;
    }
    return CBOTO_OK;
}

static int push_object(struct list_state *s)
{
    struct cboto_s3_object *o;
    void *arr;
    int rc;

    if (!s->cur.key) /* a listing entry without a key is not one */
        return CBOTO_EPARSE;
    arr = s->objs;
    rc = grow(s->a, &arr, &s->cap_objs, s->n_objs, sizeof *o);
    if (rc)
        return rc;
    s->objs = arr;
    o = &s->objs[s->n_objs++];
    memset(o, 0, sizeof *o);
    o->key = s->cur.key;
    o->size = s->cur.size;
    o->etag = s->cur.etag;
    o->last_modified = s->cur.last_modified;
    if (o->last_modified &&
        cboto__parse_iso8601(o->last_modified, &o->last_modified_time))
        o->last_modified_time = 0; /* documented: 0 when unparsable */
    o->storage_class = s->cur.storage_class;
    o->owner_id = s->cur.owner_id;
    o->owner_name = s->cur.owner_name;
    memset(&s->cur, 0, sizeof s->cur); /* ownership moved */
    return CBOTO_OK;
}

static int push_prefix(struct list_state *s, const char *text, size_t len)
{
    void *arr = s->prefixes;
    char *c;
    int rc;

    rc = grow(s->a, &arr, &s->cap_prefixes, s->n_prefixes,
              sizeof *s->prefixes);
    if (rc)
        return rc;
    s->prefixes = arr;
    c = cboto__strndup(s->a, text, len);
    if (!c)
        return CBOTO_ENOMEM;
    s->prefixes[s->n_prefixes++] = c;
    return CBOTO_OK;
}

static int top_level_end(struct list_state *s, const char *name,
                         const char *text, size_t len)
{
    const struct cboto_allocator *a = s->a;

    if (strcmp(name, "Name") == 0)
        return s3p_set(a, &s->bucket, text, len);
    if (strcmp(name, "Prefix") == 0)
        return s3p_set(a, &s->prefix, text, len);
    if (strcmp(name, "Delimiter") == 0)
        return s3p_set(a, &s->delimiter, text, len);
    if (strcmp(name, "StartAfter") == 0)
        return s3p_set(a, &s->start_after, text, len);
    if (strcmp(name, "ContinuationToken") == 0)
        return s3p_set(a, &s->continuation_token, text, len);
    if (strcmp(name, "NextContinuationToken") == 0)
        return s3p_set(a, &s->next_continuation_token, text, len);
    if (strcmp(name, "Marker") == 0)
        return s3p_set(a, &s->marker, text, len);
    if (strcmp(name, "NextMarker") == 0)
        return s3p_set(a, &s->next_marker, text, len);
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
        if (len == 3 && memcmp(text, "url", 3) == 0)
            s->encoding_url = 1;
        else
            return CBOTO_EPARSE;
    }
    return CBOTO_OK;
}

static int contents_end(struct list_state *s, const char *name,
                        const char *text, size_t len)
{
    const struct cboto_allocator *a = s->a;

    if (strcmp(name, "Key") == 0)
        return s3p_set(a, &s->cur.key, text, len);
    if (strcmp(name, "Size") == 0)
        return s3p_parse_u64(text, len, &s->cur.size);
    if (strcmp(name, "ETag") == 0)
        return s3p_set(a, &s->cur.etag, text, len);
    if (strcmp(name, "LastModified") == 0)
        return s3p_set(a, &s->cur.last_modified, text, len);
    if (strcmp(name, "StorageClass") == 0)
        return s3p_set(a, &s->cur.storage_class, text, len);
    if (strcmp(name, "Owner") == 0)
        s->in_owner = 0;
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
            return s3p_set(s->a, &s->cur.owner_id, text, len);
        if (s->in_owner && strcmp(name, "DisplayName") == 0)
            return s3p_set(s->a, &s->cur.owner_name, text, len);
        return CBOTO_OK;
    default:
        return CBOTO_OK;
    }
}

/* URL-decode s in place: the decoded form is never longer.  A bad escape
 * or a decoded NUL (which a C string would silently cut) is malformed. */
static int decode_in_place(struct cboto__buf *tmp, char *s)
{
    size_t n;
    int rc;

    if (!s)
        return CBOTO_OK;
    n = strlen(s);
    if (!memchr(s, '%', n) && !memchr(s, '+', n))
        return CBOTO_OK;
    cboto__buf_reset(tmp);
    rc = cboto__uri_decode(tmp, s, n, 1);
    if (rc == CBOTO_EINVAL)
        return CBOTO_EPARSE;
    if (rc)
        return rc;
    if (memchr(tmp->ptr, '\0', tmp->len))
        return CBOTO_EPARSE;
    memcpy(s, tmp->ptr, tmp->len + 1);
    return CBOTO_OK;
}

static int decode_all(struct list_state *s)
{
    char *top[] = {s->prefix, s->delimiter, s->start_after, s->marker,
                   s->next_marker};
    struct cboto__buf tmp;
    size_t i;
    int rc = CBOTO_OK;

    cboto__buf_init(&tmp, s->a, 0);
    for (i = 0; !rc && i < sizeof top / sizeof top[0]; i++)
        rc = decode_in_place(&tmp, top[i]);
    for (i = 0; !rc && i < s->n_objs; i++)
        rc = decode_in_place(&tmp, (char *)(uintptr_t)s->objs[i].key);
    for (i = 0; !rc && i < s->n_prefixes; i++)
        rc = decode_in_place(&tmp, s->prefixes[i]);
    cboto__buf_cleanup(&tmp);
    return rc;
}

static int list_finish(void *st, int http_status,
                       const struct cboto__kvlist *headers, void **result)
{
    struct list_state *s = st;
    struct cboto_s3_list_result *r;
    int rc;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    if (s->encoding_url) {
        rc = decode_all(s);
        if (rc)
            return rc;
    }
    r = cboto__calloc(s->a, 1, sizeof *r);
    if (!r)
        return CBOTO_ENOMEM;
    /* From here on nothing fails: move everything into the result. */
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
    s->bucket = s->prefix = s->delimiter = s->start_after = NULL;
    s->continuation_token = s->next_continuation_token = NULL;
    s->marker = s->next_marker = NULL;
    s->objs = NULL;
    s->n_objs = s->cap_objs = 0;
    s->prefixes = NULL;
    s->n_prefixes = s->cap_prefixes = 0;
    *result = r;
    return CBOTO_OK;
}

static void list_cleanup(void *st)
{
    struct list_state *s = st;
    const struct cboto_allocator *a = s->a;
    size_t i;

    cboto__free(a, s->bucket);
    cboto__free(a, s->prefix);
    cboto__free(a, s->delimiter);
    cboto__free(a, s->start_after);
    cboto__free(a, s->continuation_token);
    cboto__free(a, s->next_continuation_token);
    cboto__free(a, s->marker);
    cboto__free(a, s->next_marker);
    obj_tmp_cleanup(a, &s->cur);
    for (i = 0; i < s->n_objs; i++)
        object_cleanup(a, &s->objs[i]);
    cboto__free(a, s->objs);
    for (i = 0; i < s->n_prefixes; i++)
        cboto__free(a, s->prefixes[i]);
    cboto__free(a, s->prefixes);
    memset(s, 0, sizeof *s);
    s->a = a;
}

static void list_result_free(const struct cboto_allocator *a, void *result)
{
    struct cboto_s3_list_result *r = result;
    size_t i;

    if (!r)
        return;
    s3p_free_const(a, r->bucket);
    s3p_free_const(a, r->prefix);
    s3p_free_const(a, r->delimiter);
    s3p_free_const(a, r->start_after);
    s3p_free_const(a, r->continuation_token);
    s3p_free_const(a, r->next_continuation_token);
    s3p_free_const(a, r->marker);
    s3p_free_const(a, r->next_marker);
    for (i = 0; i < r->n_objects; i++)
        object_cleanup(a, &r->objects[i]);
    s3p_free_const(a, r->objects);
    for (i = 0; i < r->n_common_prefixes; i++)
        s3p_free_const(a, r->common_prefixes[i]);
    s3p_free_const(a, r->common_prefixes);
    cboto__free(a, r);
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
};
