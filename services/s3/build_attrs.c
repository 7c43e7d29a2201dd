/* SPDX-License-Identifier: MIT */
/* Object attributes as request headers: shared by PutObject, CopyObject
 * (REPLACE) and CreateMultipartUpload. */
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

/* S3's own limit: user metadata, names and values together. */
#define META_MAX 2048
#define TAGS_MAX 10

static int one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static int add_opt(struct cboto_request *rq, const char *name,
                   const char *value)
{
    return value ? cboto_request_add_header(rq, name, value) : CBOTO_OK;
}

/* Checks that need no allocation, so a bad value is refused before the
 * request exists. */
int cboto__s3_check_attrs(const struct cboto_s3_object_attrs *at)
{
    static const char *const acls[] = {"private",
                                       "public-read",
                                       "public-read-write",
                                       "authenticated-read",
                                       "aws-exec-read",
                                       "bucket-owner-read",
                                       "bucket-owner-full-control",
                                       NULL};
    static const char *const sses[] = {"AES256", "aws:kms", NULL};
    size_t i, meta = 0;

    if (!at)
        return CBOTO_OK;
    if (at->acl && !one_of(at->acl, acls))
        return CBOTO_EINVAL;
    if (at->sse && !one_of(at->sse, sses))
        return CBOTO_EINVAL;
    if (at->sse_kms_key_id && !(at->sse && strcmp(at->sse, "aws:kms") == 0))
        return CBOTO_EINVAL;
    if ((at->n_meta && !at->meta) || (at->n_tags && !at->tags) ||
        at->n_tags > TAGS_MAX)
        return CBOTO_EINVAL;
    for (i = 0; i < at->n_meta; i++) {
        if (!at->meta[i].name || !*at->meta[i].name || !at->meta[i].value)
            return CBOTO_EINVAL;
        meta += strlen(at->meta[i].name) + strlen(at->meta[i].value);
    }
    if (meta > META_MAX)
        return CBOTO_EINVAL;
    for (i = 0; i < at->n_tags; i++)
        if (!at->tags[i].name || !*at->tags[i].name || !at->tags[i].value)
            return CBOTO_EINVAL;
    return CBOTO_OK;
}

/* x-amz-tagging is a URL query string: k1=v1&k2=v2, each part encoded. */
static int add_tags(struct cboto_request *rq,
                    const struct cboto_s3_object_attrs *at)
{
    struct cboto__buf b;
    size_t i;
    int rc = CBOTO_OK;

    if (!at->n_tags)
        return CBOTO_OK;
    cboto__buf_init(&b, rq->a, 0);
    for (i = 0; !rc && i < at->n_tags; i++) {
        const struct cboto_s3_pair *t = &at->tags[i];

        if (i)
            rc = cboto__buf_append_byte(&b, '&');
        if (!rc)
            rc = cboto__uri_encode(&b, t->name, strlen(t->name), 0);
        if (!rc)
            rc = cboto__buf_append_byte(&b, '=');
        if (!rc)
            rc = cboto__uri_encode(&b, t->value, strlen(t->value), 0);
    }
    if (!rc)
        rc =
            cboto_request_add_header(rq, "x-amz-tagging", cboto__buf_cstr(&b));
    cboto__buf_cleanup(&b);
    return rc;
}

int cboto__s3_add_attrs(struct cboto_request *rq,
                        const struct cboto_s3_object_attrs *at, int content)
{
    struct cboto__buf name;
    char date[30];
    size_t i;
    int rc = CBOTO_OK;

    if (!at)
        return CBOTO_OK;
    if (content) {
        if ((rc = add_opt(rq, "Cache-Control", at->cache_control)) ||
            (rc = add_opt(rq, "Content-Disposition",
                          at->content_disposition)) ||
            (rc = add_opt(rq, "Content-Encoding", at->content_encoding)) ||
            (rc = add_opt(rq, "Content-Language", at->content_language)))
            return rc;
        if (at->expires) {
            cboto__fmt_http_date(date, at->expires);
            if ((rc = cboto_request_add_header(rq, "Expires", date)))
                return rc;
        }
        cboto__buf_init(&name, rq->a, 0);
        for (i = 0; !rc && i < at->n_meta; i++) {
            cboto__buf_reset(&name);
            rc = cboto__buf_printf(&name, "x-amz-meta-%s", at->meta[i].name);
            if (!rc)
                rc = cboto_request_add_header(rq, cboto__buf_cstr(&name),
                                              at->meta[i].value);
        }
        cboto__buf_cleanup(&name);
        if (rc)
            return rc;
    }
    if ((rc = add_opt(rq, "x-amz-storage-class", at->storage_class)) ||
        (rc = add_opt(rq, "x-amz-acl", at->acl)) ||
        (rc = add_opt(rq, "x-amz-server-side-encryption", at->sse)) ||
        (rc = add_opt(rq, "x-amz-server-side-encryption-aws-kms-key-id",
                      at->sse_kms_key_id)))
        return rc;
    return add_tags(rq, at);
}
