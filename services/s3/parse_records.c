/* SPDX-License-Identifier: MIT */
/*
 * The small S3 XML answers, read by one table-driven parser: a root
 * element, fields directly under it, and repeated records (<Part>,
 * <Upload>, <Deleted>, <Error>, <CommonPrefixes>) whose fields sit one
 * level deeper.  Each answer is a table of (element, type, offset in the
 * public result struct), so adding a field is one line and every answer
 * shares the same, allocation-torture-tested, code.
 *
 *   DeleteObjects            <DeleteResult>
 *   CopyObject               <CopyObjectResult>  (UploadPartCopy:
 *                                                  <CopyPartResult>)
 *   CreateMultipartUpload    <InitiateMultipartUploadResult>
 *   CompleteMultipartUpload  <CompleteMultipartUploadResult>
 *   ListParts                <ListPartsResult>
 *   ListMultipartUploads     <ListMultipartUploadsResult>
 *   GetBucketLocation        <LocationConstraint>region</...>
 */
#include <stddef.h>
#include <string.h>

#include "s3_parse_util.h"

enum rf_type { RF_STR, RF_INT, RF_U64, RF_BOOL };

struct rf {
    const char *name;
    enum rf_type type;
    size_t off;
};

struct rrec {
    const char *elem;
    size_t size; /* of one record in the public array */
    const struct rf *f;
    size_t nf;
    size_t arr_off; /* where the array pointer lives in the result */
    size_t n_off;   /* where its size_t count lives */
};

#define MAX_RECS 2

struct rspec {
    const char *root;
    const char *root2; /* an alternative root name, or NULL */
    size_t size;
    const struct rf *top;
    size_t ntop;
    const struct rrec *recs;
    size_t nrecs;
    int root_text;        /* the root's own text is a field */
    size_t root_text_off; /* ... at this offset */
    void (*fixup)(void *res);
};

struct rstate {
    const struct cboto_allocator *a;
    const struct rspec *sp;
    void *res;
    int root_ok;
    const struct rrec *rec; /* inside this record, or NULL */
    void *cur;              /* the record being read */
    size_t cap[MAX_RECS];
};

#define FIELD(base, off) ((void *)((char *)(base) + (off)))

static void free_fields(const struct cboto_allocator *a, void *base,
                        const struct rf *f, size_t nf)
{
    size_t i;

    for (i = 0; i < nf; i++) {
        if (f[i].type == RF_STR) {
            char **slot = FIELD(base, f[i].off);

            cboto__free(a, *slot);
            *slot = NULL;
        }
    }
}

static void free_result(const struct cboto_allocator *a,
                        const struct rspec *sp, void *res)
{
    size_t r, i;

    if (!res)
        return;
    free_fields(a, res, sp->top, sp->ntop);
    if (sp->root_text) {
        char **slot = FIELD(res, sp->root_text_off);

        cboto__free(a, *slot);
    }
    for (r = 0; r < sp->nrecs; r++) {
        const struct rrec *rc = &sp->recs[r];
        char **arr = FIELD(res, rc->arr_off);
        size_t *n = FIELD(res, rc->n_off);

        for (i = 0; i < *n; i++)
            free_fields(a, *arr + i * rc->size, rc->f, rc->nf);
        cboto__free(a, *arr);
    }
    cboto__free(a, res);
}

static int set_field(const struct cboto_allocator *a, void *base,
                     const struct rf *f, const char *text, size_t len)
{
    void *slot = FIELD(base, f->off);
    uint64_t v;
    int rc;

    switch (f->type) {
    case RF_STR:
        return s3p_set(a, slot, text, len);
    case RF_INT:
        /* Servers send some markers empty (<NextPartNumberMarker/>). */
        return len ? s3p_parse_int(text, len, slot) : CBOTO_OK;
    case RF_U64:
        if (!len)
            return CBOTO_OK;
        rc = s3p_parse_u64(text, len, &v);
        if (!rc)
            *(uint64_t *)slot = v;
        return rc;
    case RF_BOOL:
        return s3p_parse_bool(text, len, slot);
    }
    return CBOTO_EPARSE;
}

static const struct rf *find(const struct rf *f, size_t nf, const char *name)
{
    size_t i;

    for (i = 0; i < nf; i++)
        if (strcmp(f[i].name, name) == 0)
            return &f[i];
    return NULL;
}

static int rs_init(struct rstate *s, const struct cboto_allocator *a,
                   const struct rspec *sp)
{
    memset(s, 0, sizeof *s);
    s->a = a;
    s->sp = sp;
    s->res = cboto__calloc(a, 1, sp->size);
    return s->res ? CBOTO_OK : CBOTO_ENOMEM;
}

static int rs_start(void *st, const char *name, int depth)
{
    struct rstate *s = st;
    const struct rspec *sp = s->sp;
    size_t r;

    if (depth == 1) {
        if (strcmp(name, sp->root) != 0 &&
            !(sp->root2 && strcmp(name, sp->root2) == 0))
            return CBOTO_EPARSE;
        s->root_ok = 1;
        return CBOTO_OK;
    }
    if (depth != 2)
        return CBOTO_OK;
    for (r = 0; r < sp->nrecs; r++) {
        if (strcmp(name, sp->recs[r].elem) == 0) {
            s->cur = cboto__calloc(s->a, 1, sp->recs[r].size);
            if (!s->cur)
                return CBOTO_ENOMEM;
            s->rec = &sp->recs[r];
            return CBOTO_OK;
        }
    }
    return CBOTO_OK;
}

/* Append the finished record to its array, doubling as it grows. */
static int push_record(struct rstate *s)
{
    const struct rrec *rc = s->rec;
    size_t idx = (size_t)(rc - s->sp->recs);
    char **arr = FIELD(s->res, rc->arr_off);
    size_t *n = FIELD(s->res, rc->n_off);

    if (*n == s->cap[idx]) {
        size_t ncap = s->cap[idx] ? s->cap[idx] * 2 : 8;
        char *p;

        if (ncap > SIZE_MAX / rc->size)
            return CBOTO_ENOMEM;
        p = cboto__resize(s->a, *arr, s->cap[idx] * rc->size, ncap * rc->size);
        if (!p)
            return CBOTO_ENOMEM;
        *arr = p;
        s->cap[idx] = ncap;
    }
    memcpy(*arr + *n * rc->size, s->cur, rc->size);
    (*n)++;
    cboto__free(s->a, s->cur);
    s->cur = NULL;
    s->rec = NULL;
    return CBOTO_OK;
}

static int rs_end(void *st, const char *name, int depth, const char *text,
                  size_t len)
{
    struct rstate *s = st;
    const struct rspec *sp = s->sp;
    const struct rf *f;

    if (depth == 1 && sp->root_text)
        return s3p_set(s->a, FIELD(s->res, sp->root_text_off), text, len);
    if (depth == 2 && s->rec)
        return push_record(s);
    if (depth == 2) {
        f = find(sp->top, sp->ntop, name);
        return f ? set_field(s->a, s->res, f, text, len) : CBOTO_OK;
    }
    if (depth == 3 && s->rec) {
        f = find(s->rec->f, s->rec->nf, name);
        return f ? set_field(s->a, s->cur, f, text, len) : CBOTO_OK;
    }
    return CBOTO_OK;
}

static int rs_finish(void *st, int http_status,
                     const struct cboto__kvlist *headers, void **result)
{
    struct rstate *s = st;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    if (s->sp->fixup)
        s->sp->fixup(s->res);
    *result = s->res;
    s->res = NULL;
    return CBOTO_OK;
}

static void rs_cleanup(void *st)
{
    struct rstate *s = st;

    if (s->cur && s->rec)
        free_fields(s->a, s->cur, s->rec->f, s->rec->nf);
    cboto__free(s->a, s->cur);
    s->cur = NULL;
    free_result(s->a, s->sp, s->res);
    s->res = NULL;
}

/* ---- the answers -------------------------------------------------------- */

#define NF(arr) (sizeof(arr) / sizeof((arr)[0]))
#define S(T, name, member)                                                    \
    {                                                                         \
        name, RF_STR, offsetof(T, member)                                     \
    }
#define I(T, name, member)                                                    \
    {                                                                         \
        name, RF_INT, offsetof(T, member)                                     \
    }
#define U(T, name, member)                                                    \
    {                                                                         \
        name, RF_U64, offsetof(T, member)                                     \
    }
#define B(T, name, member)                                                    \
    {                                                                         \
        name, RF_BOOL, offsetof(T, member)                                    \
    }

/* One init and one result_free per answer: the parser interface passes
 * no context, so each binds its table here. */
#define PARSER(var, label, kind, spec)                                        \
    static int var##_init(void *st, const struct cboto_allocator *a)          \
    {                                                                         \
        return rs_init(st, a, &spec);                                         \
    }                                                                         \
    static void var##_free(const struct cboto_allocator *a, void *r)          \
    {                                                                         \
        free_result(a, &spec, r);                                             \
    }                                                                         \
    const struct cboto__parser var = {.name = label,                          \
                                      .result_kind = kind,                    \
                                      .state_size = sizeof(struct rstate),    \
                                      .init = var##_init,                     \
                                      .start = rs_start,                      \
                                      .end = rs_end,                          \
                                      .finish = rs_finish,                    \
                                      .cleanup = rs_cleanup,                  \
                                      .result_free = var##_free}

typedef struct cboto_s3_delete_entry DE;
static const struct rf s_delete_entry[] = {
    S(DE, "Key", key), S(DE, "VersionId", version_id), S(DE, "Code", code),
    S(DE, "Message", message)};
typedef struct cboto_s3_delete_result DR;
static const struct rrec s_delete_recs[] = {
    {"Deleted", sizeof(DE), s_delete_entry, NF(s_delete_entry),
     offsetof(DR, deleted), offsetof(DR, n_deleted)},
    {"Error", sizeof(DE), s_delete_entry, NF(s_delete_entry),
     offsetof(DR, errors), offsetof(DR, n_errors)}};
static const struct rspec s_delete_spec = {
    "DeleteResult",    NULL, sizeof(DR), NULL, 0, s_delete_recs,
    NF(s_delete_recs), 0,    0,          NULL};
PARSER(cboto__s3_delete_parser, "s3.DeleteObjects", CBOTO__RESULT_S3_DELETE,
       s_delete_spec);

typedef struct cboto_s3_copy_result CR;
static const struct rf s_copy_top[] = {
    S(CR, "ETag", etag), S(CR, "LastModified", last_modified),
    S(CR, "ChecksumCRC32C", checksum_crc32c),
    S(CR, "ChecksumCRC32", checksum_crc32),
    S(CR, "ChecksumSHA256", checksum_sha256)};
static const struct rspec s_copy_spec = {"CopyObjectResult",
                                         "CopyPartResult",
                                         sizeof(CR),
                                         s_copy_top,
                                         NF(s_copy_top),
                                         NULL,
                                         0,
                                         0,
                                         0,
                                         NULL};
PARSER(cboto__s3_copy_parser, "s3.CopyObject", CBOTO__RESULT_S3_COPY,
       s_copy_spec);

typedef struct cboto_s3_multipart_upload MU;
static const struct rf s_mpu_top[] = {
    S(MU, "Bucket", bucket), S(MU, "Key", key), S(MU, "UploadId", upload_id)};
static const struct rspec s_mpu_spec = {"InitiateMultipartUploadResult",
                                        NULL,
                                        sizeof(MU),
                                        s_mpu_top,
                                        NF(s_mpu_top),
                                        NULL,
                                        0,
                                        0,
                                        0,
                                        NULL};
PARSER(cboto__s3_mpu_parser, "s3.CreateMultipartUpload", CBOTO__RESULT_S3_MPU,
       s_mpu_spec);

typedef struct cboto_s3_complete_result CO;
static const struct rf s_complete_top[] = {
    S(CO, "Location", location), S(CO, "Bucket", bucket), S(CO, "Key", key),
    S(CO, "ETag", etag)};
/* moto 5.2.1 names the root ...Response; accept both. */
static const struct rspec s_complete_spec = {"CompleteMultipartUploadResult",
                                             "CompleteMultipartUploadResponse",
                                             sizeof(CO),
                                             s_complete_top,
                                             NF(s_complete_top),
                                             NULL,
                                             0,
                                             0,
                                             0,
                                             NULL};
PARSER(cboto__s3_complete_parser, "s3.CompleteMultipartUpload",
       CBOTO__RESULT_S3_COMPLETE, s_complete_spec);

typedef struct cboto_s3_part PA;
static const struct rf s_part[] = {I(PA, "PartNumber", part_number),
                                   U(PA, "Size", size),
                                   S(PA, "ETag", etag),
                                   S(PA, "LastModified", last_modified),
                                   S(PA, "ChecksumCRC32C", checksum_crc32c),
                                   S(PA, "ChecksumCRC32", checksum_crc32),
                                   S(PA, "ChecksumSHA256", checksum_sha256)};
typedef struct cboto_s3_parts_result PR;
static const struct rf s_parts_top[] = {
    S(PR, "Bucket", bucket),
    S(PR, "Key", key),
    S(PR, "UploadId", upload_id),
    S(PR, "StorageClass", storage_class),
    I(PR, "PartNumberMarker", part_number_marker),
    I(PR, "NextPartNumberMarker", next_part_number_marker),
    I(PR, "MaxParts", max_parts),
    B(PR, "IsTruncated", is_truncated)};
static const struct rrec s_parts_recs[] = {{"Part", sizeof(PA), s_part,
                                            NF(s_part), offsetof(PR, parts),
                                            offsetof(PR, n_parts)}};
static const struct rspec s_parts_spec = {"ListPartsResult",
                                          "ListPartsResponse",
                                          sizeof(PR),
                                          s_parts_top,
                                          NF(s_parts_top),
                                          s_parts_recs,
                                          NF(s_parts_recs),
                                          0,
                                          0,
                                          NULL};
PARSER(cboto__s3_parts_parser, "s3.ListParts", CBOTO__RESULT_S3_PARTS,
       s_parts_spec);

typedef struct cboto_s3_upload UP;
static const struct rf s_upload[] = {
    S(UP, "Key", key), S(UP, "UploadId", upload_id),
    S(UP, "Initiated", initiated), S(UP, "StorageClass", storage_class)};
/* A common prefix is a record of one string: an array of them is an
 * array of char pointers. */
static const struct rf s_prefix[] = {{"Prefix", RF_STR, 0}};
typedef struct cboto_s3_uploads_result UR;
static const struct rf s_uploads_top[] = {
    S(UR, "Bucket", bucket),
    S(UR, "KeyMarker", key_marker),
    S(UR, "UploadIdMarker", upload_id_marker),
    S(UR, "NextKeyMarker", next_key_marker),
    S(UR, "NextUploadIdMarker", next_upload_id_marker),
    S(UR, "Prefix", prefix),
    S(UR, "Delimiter", delimiter),
    I(UR, "MaxUploads", max_uploads),
    B(UR, "IsTruncated", is_truncated)};
static const struct rrec s_uploads_recs[] = {
    {"Upload", sizeof(UP), s_upload, NF(s_upload), offsetof(UR, uploads),
     offsetof(UR, n_uploads)},
    {"CommonPrefixes", sizeof(char *), s_prefix, NF(s_prefix),
     offsetof(UR, common_prefixes), offsetof(UR, n_common_prefixes)}};
static const struct rspec s_uploads_spec = {"ListMultipartUploadsResult",
                                            NULL,
                                            sizeof(UR),
                                            s_uploads_top,
                                            NF(s_uploads_top),
                                            s_uploads_recs,
                                            NF(s_uploads_recs),
                                            0,
                                            0,
                                            NULL};
PARSER(cboto__s3_uploads_parser, "s3.ListMultipartUploads",
       CBOTO__RESULT_S3_UPLOADS, s_uploads_spec);

/* S3 answers an empty constraint for us-east-1, and the legacy "EU" for
 * buckets made long ago in eu-west-1. */
static const char s_us_east_1[] = "us-east-1";
static const char s_eu_west_1[] = "eu-west-1";

struct loc_res {
    struct cboto_s3_location_result pub; /* first: the accessor's view */
    char *text;                          /* owned */
};

static void location_fixup(void *res)
{
    struct loc_res *r = res;

    if (!r->text || !*r->text)
        r->pub.location = s_us_east_1;
    else if (strcmp(r->text, "EU") == 0)
        r->pub.location = s_eu_west_1;
    else
        r->pub.location = r->text;
}

static const struct rspec s_location_spec = {"LocationConstraint",
                                             NULL,
                                             sizeof(struct loc_res),
                                             NULL,
                                             0,
                                             NULL,
                                             0,
                                             1,
                                             offsetof(struct loc_res, text),
                                             location_fixup};
PARSER(cboto__s3_location_parser, "s3.GetBucketLocation",
       CBOTO__RESULT_S3_LOCATION, s_location_spec);
