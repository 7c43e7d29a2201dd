/* SPDX-License-Identifier: MIT */
/*
 * Results that S3 sends only as response headers: HeadObject/GetObject
 * (cboto_s3_object_info) and PutObject (cboto_s3_put_result).  No XML: the
 * parsers have no start/end callbacks and do all their work in finish().
 */
#include <stddef.h>
#include <string.h>

#include "../../aws/core.h"
#include "s3_parse_util.h"

#define META_PREFIX     "x-amz-meta-"
#define META_PREFIX_LEN (sizeof META_PREFIX - 1)

struct hdr_state {
    const struct cboto_allocator *a;
    /* GetObject with checksum_mode: the body is hashed as it streams to
     * the sink and compared with the full-object checksum S3 sent. */
    int want_check;
    int started;
    int active;
    char expect[64];
    struct cboto__s3_cksum ck;
};

static int hdr_init(void *st, const struct cboto_allocator *a)
{
    struct hdr_state *s = st;

    s->a = a;
    return CBOTO_OK;
}

static void hdr_cleanup(void *st)
{
    struct hdr_state *s = st;

    if (s->active)
        cboto__s3_cksum_cleanup(&s->ck);
    s->active = 0;
}

static int hdr_request(void *st, const struct cboto_request *rq)
{
    struct hdr_state *s = st;
    const char *m = cboto__kvlist_get(&rq->headers, "x-amz-checksum-mode");

    s->want_check = m && cboto__strcaseeq(m, "ENABLED");
    return CBOTO_OK;
}

/* Which full-object checksum to verify: composite ones (multipart, with a
 * "-N" suffix or x-amz-checksum-type COMPOSITE) describe parts, not the
 * bytes, and are left alone, as the SDKs do. */
static int body_chunk(void *st, const struct cboto__kvlist *h,
                      const uint8_t *p, size_t n)
{
    static const enum cboto_s3_checksum order[] = {CBOTO_S3_CHECKSUM_CRC32C,
                                                   CBOTO_S3_CHECKSUM_CRC32,
                                                   CBOTO_S3_CHECKSUM_SHA256};
    struct hdr_state *s = st;
    size_t i;
    int rc;

    if (!s->want_check)
        return CBOTO_OK;
    if (!s->started) {
        const char *type = cboto__kvlist_get(h, "x-amz-checksum-type");

        s->started = 1;
        if (type && strcmp(type, "COMPOSITE") == 0)
            return CBOTO_OK;
        for (i = 0; i < sizeof order / sizeof order[0]; i++) {
            const char *v =
                cboto__kvlist_get(h, cboto__s3_cksum_header(order[i]));

            if (!v || strchr(v, '-') || strlen(v) >= sizeof s->expect)
                continue;
            rc = cboto__s3_cksum_init(&s->ck, order[i]);
            if (rc)
                return rc;
            memcpy(s->expect, v, strlen(v) + 1);
            s->active = 1;
            break;
        }
    }
    return s->active ? cboto__s3_cksum_update(&s->ck, p, n) : CBOTO_OK;
}

/* The last step of a checked download: a mismatch fails the request, and
 * the transfer then removes a partial file as for any failure. */
static int check_body(struct hdr_state *s, int http_status)
{
    char got[64];
    int rc;

    if (!s->active)
        return CBOTO_OK;
    s->active = 0;
    rc = cboto__s3_cksum_final(&s->ck, got, sizeof got);
    cboto__s3_cksum_cleanup(&s->ck);
    if (rc)
        return rc;
    /* A range holds part of the object: S3's checksum is of the whole. */
    if (http_status == 206)
        return CBOTO_OK;
    return strcmp(got, s->expect) == 0 ? CBOTO_OK : CBOTO_ECHECKSUM;
}

/* The result, its metadata arrays and every string are one allocation
 * (info_finish). */
static void info_free(const struct cboto_allocator *a, void *result)
{
    cboto__free(a, result);
}

static int is_meta(const struct cboto__kv *kv)
{
    return strlen(kv->name) > META_PREFIX_LEN &&
           cboto__strncaseeq(kv->name, META_PREFIX, META_PREFIX_LEN);
}

/* The headers an object's info is made of, and where each one goes.  One
 * pass over the response headers fills them (rather than a lookup per
 * field): the first occurrence of a name wins, as a lookup would give. */
struct hdr_field {
    const char *name;
    size_t len;
    size_t off;
};
#define INFO_FIELD(name, member)                                              \
    {                                                                         \
        name, sizeof name - 1, offsetof(struct cboto_s3_object_info, member)  \
    }
static const struct hdr_field s_info_fields[] = {
    INFO_FIELD("ETag", etag),
    INFO_FIELD("Content-Type", content_type),
    INFO_FIELD("Last-Modified", last_modified),
    INFO_FIELD("x-amz-version-id", version_id),
    INFO_FIELD("x-amz-storage-class", storage_class),
    INFO_FIELD("Content-Range", content_range),
    INFO_FIELD("Cache-Control", cache_control),
    INFO_FIELD("Content-Disposition", content_disposition),
    INFO_FIELD("Content-Encoding", content_encoding),
    INFO_FIELD("Content-Language", content_language),
    INFO_FIELD("Expires", expires),
    INFO_FIELD("x-amz-server-side-encryption", sse),
    INFO_FIELD("x-amz-server-side-encryption-aws-kms-key-id", sse_kms_key_id),
    INFO_FIELD("x-amz-checksum-crc32c", checksum_crc32c),
    INFO_FIELD("x-amz-checksum-crc32", checksum_crc32),
    INFO_FIELD("x-amz-checksum-sha256", checksum_sha256),
};

#define PUT_FIELD(name, member)                                               \
    {                                                                         \
        name, sizeof name - 1, offsetof(struct cboto_s3_put_result, member)   \
    }
static const struct hdr_field s_put_fields[] = {
    PUT_FIELD("ETag", etag),
    PUT_FIELD("x-amz-version-id", version_id),
    PUT_FIELD("x-amz-checksum-crc32c", checksum_crc32c),
    PUT_FIELD("x-amz-checksum-crc32", checksum_crc32),
    PUT_FIELD("x-amz-checksum-sha256", checksum_sha256),
    PUT_FIELD("x-amz-server-side-encryption", sse),
};

/* The index of header `name` among the n fields of f, or -1. */
static int field_index(const struct hdr_field *f, size_t n, const char *name,
                       size_t len)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (f[i].len == len && cboto__strncaseeq(name, f[i].name, len))
            return (int)i;
    return -1;
}

/* Where header `name` goes in the result at base, or NULL. */
static const char **field_slot(const struct hdr_field *f, size_t n, void *base,
                               const char *name, size_t len)
{
    int i = field_index(f, n, name, len);

    return i < 0 ? NULL : (const char **)(void *)((char *)base + f[i].off);
}

/* Copy one header into its slot unless an earlier one filled it. */
static int fill_slot(const struct cboto_allocator *a, const char **slot,
                     const char *value)
{
    if (!slot || *slot)
        return CBOTO_OK;
    *slot = cboto__strdup(a, value);
    return *slot ? CBOTO_OK : CBOTO_ENOMEM;
}

#define N_INFO_FIELDS (sizeof s_info_fields / sizeof s_info_fields[0])

static char *put_str(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    p[n] = '\0';
    return p + n + 1;
}

/* What a response header is to the object's info. */
enum {
    H_OTHER = -1,
    H_LENGTH = -2,
    H_TAG_COUNT = -3,
    H_META = -4
}; /* or >= 0: the index in s_info_fields */

static int classify(const struct cboto__kv *kv)
{
    size_t len = kv->nlen;
    int k;

    if (len == 14 && cboto__strcaseeq(kv->name, "Content-Length"))
        return H_LENGTH;
    if (len == 19 && cboto__strcaseeq(kv->name, "x-amz-tagging-count"))
        return H_TAG_COUNT;
    k = field_index(s_info_fields, N_INFO_FIELDS, kv->name, len);
    if (k >= 0)
        return k;
    return is_meta(kv) ? H_META : H_OTHER;
}

/* Two passes over the headers: the first finds what goes where (the first
 * occurrence of a name wins) and how much room that takes, the second
 * copies it all into one block after the result, which info_free frees
 * at once.  A typical S3 answer took half a dozen allocations before. */
static int info_finish(void *st, int http_status,
                       const struct cboto__kvlist *h, void **result)
{
    struct hdr_state *s = st;
    const struct cboto__kv *val[N_INFO_FIELDS] = {NULL};
    struct cboto_s3_object_info *r;
    const char *cl = NULL, *tc = NULL, **names, **values;
    size_t i, k, n_meta = 0, need = sizeof *r;
    char *p;
    int rc, c;

    rc = check_body(s, http_status);
    if (rc)
        return rc;
    for (i = 0; h && i < h->n; i++) {
        const struct cboto__kv *kv = &h->v[i];

        c = classify(kv);
        if (c == H_LENGTH && !cl) {
            cl = kv->value;
        } else if (c == H_TAG_COUNT && !tc) {
            tc = kv->value;
        } else if (c >= 0 && !val[c]) {
            val[c] = kv;
            need += kv->vlen + 1;
        } else if (c == H_META) {
            /* two array slots, the name without its prefix, the value */
            n_meta++;
            need += 2 * sizeof(char *) + (kv->nlen - META_PREFIX_LEN + 1) +
                    (kv->vlen + 1);
        }
    }
    r = cboto__alloc(s->a, need);
    if (!r)
        return CBOTO_ENOMEM;
    memset(r, 0, sizeof *r);
    /* The arrays first (r + 1 is aligned for pointers), then the bytes. */
    names = (const char **)(void *)(r + 1);
    values = names + n_meta;
    p = (char *)(values + n_meta);
    for (k = 0; k < N_INFO_FIELDS; k++) {
        if (!val[k])
            continue;
        *(const char **)(void *)((char *)r + s_info_fields[k].off) = p;
        p = put_str(p, val[k]->value, val[k]->vlen);
    }
    if (n_meta) {
        r->meta_names = names;
        r->meta_values = values;
    }
    for (i = 0; h && r->n_meta < n_meta && i < h->n; i++) {
        const struct cboto__kv *kv = &h->v[i];
        char *name = p, *lc;

        if (classify(kv) != H_META)
            continue;
        p = put_str(p, kv->name + META_PREFIX_LEN, kv->nlen - META_PREFIX_LEN);
        /* HTTP header names are case-insensitive; S3 and boto3 show the
         * metadata keys lower-cased. */
        for (lc = name; *lc; lc++)
            if (*lc >= 'A' && *lc <= 'Z')
                *lc = (char)(*lc - 'A' + 'a');
        names[r->n_meta] = name;
        values[r->n_meta] = p;
        p = put_str(p, kv->value, kv->vlen);
        r->n_meta++;
    }
    if ((cl && s3p_parse_u64(cl, strlen(cl), &r->content_length)) ||
        (tc && s3p_parse_int(tc, strlen(tc), &r->tag_count))) {
        cboto__free(s->a, r);
        return CBOTO_EPARSE;
    }
    if (r->last_modified &&
        cboto__parse_http_date(r->last_modified, &r->last_modified_time))
        r->last_modified_time = 0; /* documented: 0 when unparsable */
    *result = r;
    return CBOTO_OK;
}

static void put_free(const struct cboto_allocator *a, void *result)
{
    struct cboto_s3_put_result *r = result;

    if (!r)
        return;
    s3p_free_const(a, r->etag);
    s3p_free_const(a, r->version_id);
    s3p_free_const(a, r->checksum_crc32c);
    s3p_free_const(a, r->checksum_crc32);
    s3p_free_const(a, r->checksum_sha256);
    s3p_free_const(a, r->sse);
    cboto__free(a, r);
}

static int put_finish(void *st, int http_status, const struct cboto__kvlist *h,
                      void **result)
{
    struct hdr_state *s = st;
    struct cboto_s3_put_result *r;
    int rc;

    size_t i;

    CBOTO_UNUSED(http_status);
    r = cboto__calloc(s->a, 1, sizeof *r);
    if (!r)
        return CBOTO_ENOMEM;
    for (i = 0; h && i < h->n; i++) {
        const struct cboto__kv *kv = &h->v[i];
        const char **slot = field_slot(
            s_put_fields, sizeof s_put_fields / sizeof s_put_fields[0], r,
            kv->name, strlen(kv->name));

        if ((rc = fill_slot(s->a, slot, kv->value))) {
            put_free(s->a, r);
            return rc;
        }
    }
    *result = r;
    return CBOTO_OK;
}

const struct cboto__parser cboto__s3_object_info_parser = {
    .name = "s3.ObjectInfo",
    .result_kind = CBOTO__RESULT_S3_OBJECT_INFO,
    .state_size = sizeof(struct hdr_state),
    .init = hdr_init,
    .finish = info_finish,
    .cleanup = hdr_cleanup,
    .result_free = info_free,
    .init_request = hdr_request,
    .body = body_chunk,
};

const struct cboto__parser cboto__s3_put_parser = {
    .name = "s3.PutObject",
    .result_kind = CBOTO__RESULT_S3_PUT,
    .state_size = sizeof(struct hdr_state),
    .init = hdr_init,
    .finish = put_finish,
    .cleanup = hdr_cleanup,
    .result_free = put_free,
};
