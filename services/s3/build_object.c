/* SPDX-License-Identifier: MIT */
/* Object operations: PutObject, GetObject, HeadObject, DeleteObject. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

#define fail cboto__s3_fail

int cboto__s3_fail(struct cboto_request *rq, int rc)
{
    cboto_request_release(rq);
    return rc;
}

int cboto_s3_put_object(struct cboto_client *cl,
                        const struct cboto_s3_put_params *p,
                        struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    const char *ct;
    int rc;

    if (!p || !p->key)
        return CBOTO_EINVAL;
    ct = p->content_type                      ? p->content_type
         : p->attrs && p->attrs->content_type ? p->attrs->content_type
                                              : "application/octet-stream";
    if (strpbrk(ct, "\r\n") || cboto__s3_check_attrs(p->attrs) ||
        (unsigned)p->payload_signing > CBOTO_S3_PAYLOAD_STREAMING)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.PutObject", "PUT", p->bucket, p->key, &rq);
    if (rc)
        return rc;
    /* Always name a type: without one, some servers (and libcurl's form
     * default) treat the body as a form and lose it. */
    rc = cboto__kvlist_add(&rq->headers, "Content-Type", ct);
    if (!rc)
        rc = cboto__s3_add_attrs(rq, p->attrs, 1);
    if (rc)
        return fail(rq, rc);
    rq->unsigned_payload = p->unsigned_payload;
    rq->payload_signing = (int)p->payload_signing;
    rq->parser = &cboto__s3_put_parser;
    *out = rq;
    return CBOTO_OK;
}

static int add_get_headers(struct cboto_request *rq,
                           const struct cboto_s3_get_params *p)
{
    char tmp[64];
    int rc = CBOTO_OK;

    if (p->has_range) {
        if (p->last_byte != UINT64_MAX && p->last_byte < p->first_byte)
            return CBOTO_EINVAL;
        if (p->last_byte == UINT64_MAX)
            snprintf(tmp, sizeof tmp, "bytes=%" PRIu64 "-", p->first_byte);
        else
            snprintf(tmp, sizeof tmp, "bytes=%" PRIu64 "-%" PRIu64,
                     p->first_byte, p->last_byte);
        rc = cboto__kvlist_add(&rq->headers, "Range", tmp);
    }
    if (!rc && p->if_match)
        rc = cboto_request_add_header(rq, "If-Match", p->if_match);
    if (!rc && p->if_none_match)
        rc = cboto_request_add_header(rq, "If-None-Match", p->if_none_match);
    if (!rc && p->if_modified_since) {
        cboto__fmt_http_date(tmp, p->if_modified_since);
        rc = cboto__kvlist_add(&rq->headers, "If-Modified-Since", tmp);
    }
    if (!rc && p->if_unmodified_since) {
        cboto__fmt_http_date(tmp, p->if_unmodified_since);
        rc = cboto__kvlist_add(&rq->headers, "If-Unmodified-Since", tmp);
    }
    if (!rc && p->version_id)
        rc = cboto__kvlist_add(&rq->query, "versionId", p->version_id);
    if (!rc && p->checksum_mode)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-checksum-mode", "ENABLED");
    return rc;
}

static int get_or_head(struct cboto_client *cl,
                       const struct cboto_s3_get_params *p, const char *op,
                       const char *method, struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !p->key)
        return CBOTO_EINVAL;
    if (p->has_range && p->last_byte != UINT64_MAX &&
        p->last_byte < p->first_byte)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, op, method, p->bucket, p->key, &rq);
    if (rc)
        return rc;
    rc = add_get_headers(rq, p);
    if (rc)
        return fail(rq, rc);
    rq->parser = &cboto__s3_object_info_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_get_object(struct cboto_client *cl,
                        const struct cboto_s3_get_params *p,
                        struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    return get_or_head(cl, p, "s3.GetObject", "GET", out);
}

int cboto_s3_head_object(struct cboto_client *cl,
                         const struct cboto_s3_get_params *p,
                         struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    return get_or_head(cl, p, "s3.HeadObject", "HEAD", out);
}

int cboto_s3_delete_object(struct cboto_client *cl,
                           const struct cboto_s3_delete_params *p,
                           struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    int rc;

    if (!p || !p->key)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.DeleteObject", "DELETE", p->bucket, p->key,
                           &rq);
    if (rc)
        return rc;
    if (p->version_id &&
        (rc = cboto__kvlist_add(&rq->query, "versionId", p->version_id)))
        return fail(rq, rc);
    *out = rq;
    return CBOTO_OK;
}
