/* SPDX-License-Identifier: MIT */
/* CopyObject, and the x-amz-copy-source value UploadPartCopy shares. */
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

/* S3 URL-decodes x-amz-copy-source, so the key is percent-encoded exactly
 * as in a path ('/' kept, everything but unreserved characters escaped):
 * what botocore sends, and what brings '+', '%', '?' or '#' through. */
int cboto__s3_copy_source(struct cboto__buf *out, const char *bucket,
                          const char *key, const char *version_id)
{
    int rc = cboto__buf_append_byte(out, '/');

    if (!rc)
        rc = cboto__buf_append_str(out, bucket);
    if (!rc)
        rc = cboto__buf_append_byte(out, '/');
    if (!rc)
        rc = cboto__uri_encode(out, key, strlen(key), 1);
    if (!rc && version_id) {
        rc = cboto__buf_append_str(out, "?versionId=");
        if (!rc)
            rc = cboto__uri_encode(out, version_id, strlen(version_id), 0);
    }
    return rc;
}

int cboto_s3_copy_object(struct cboto_client *cl,
                         const struct cboto_s3_copy_params *p,
                         struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    const struct cboto_s3_object_attrs *at;
    struct cboto_request *rq;
    struct cboto__buf src;
    int rc;

    if (!p || !p->key || !p->src_key ||
        cboto_s3_validate_bucket(p->src_bucket, NULL) ||
        cboto__s3_validate_key(p->src_key) ||
        (p->src_if_match && strpbrk(p->src_if_match, "\r\n")))
        return CBOTO_EINVAL;
    at = p->attrs;
    if (cboto__s3_check_attrs(at) ||
        (at && at->content_type && strpbrk(at->content_type, "\r\n")))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.CopyObject", "PUT", p->bucket, p->key, &rq);
    if (rc)
        return rc;
    cboto__buf_init(&src, rq->a, 0);
    rc = cboto__s3_copy_source(&src, p->src_bucket, p->src_key,
                               p->src_version_id);
    if (!rc)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-copy-source",
                               cboto__buf_cstr(&src));
    cboto__buf_cleanup(&src);
    if (!rc)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-metadata-directive",
                               p->replace_metadata ? "REPLACE" : "COPY");
    if (!rc && p->replace_metadata)
        rc = cboto__kvlist_add(&rq->headers, "Content-Type",
                               at && at->content_type
                                   ? at->content_type
                                   : "application/octet-stream");
    if (!rc)
        rc = cboto__s3_add_attrs(rq, at, p->replace_metadata);
    /* Tags follow the metadata directive in S3 too: sending tags means
     * replacing them. */
    if (!rc && at && at->n_tags)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-tagging-directive",
                               "REPLACE");
    if (!rc && p->src_if_match)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-copy-source-if-match",
                               p->src_if_match);
    if (rc)
        return cboto__s3_fail(rq, rc);
    /* The copy can fail after S3 has answered 200: an <Error> body. */
    rq->error_in_200 = 1;
    rq->parser = &cboto__s3_copy_parser;
    *out = rq;
    return CBOTO_OK;
}
