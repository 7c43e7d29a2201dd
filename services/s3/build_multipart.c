/* SPDX-License-Identifier: MIT */
/* Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort,
 * ListParts, ListMultipartUploads. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

#define PARTS_MAX 10000

static const char *algo_name(enum cboto_s3_checksum c)
{
    switch (c) {
    case CBOTO_S3_CHECKSUM_CRC32C:
        return "CRC32C";
    case CBOTO_S3_CHECKSUM_CRC32:
        return "CRC32";
    case CBOTO_S3_CHECKSUM_SHA256:
        return "SHA256";
    default:
        return NULL;
    }
}

static int valid_id(const char *id)
{
    return id && *id && !strpbrk(id, "\r\n");
}

int cboto_s3_create_multipart_upload(
    struct cboto_client *cl, const struct cboto_s3_create_multipart_params *p,
    struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    const struct cboto_s3_object_attrs *at;
    struct cboto_request *rq;
    int rc;

    if (!p || !p->key || cboto__s3_check_attrs(p->attrs) ||
        p->checksum > CBOTO_S3_CHECKSUM_MD5)
        return CBOTO_EINVAL;
    at = p->attrs;
    if (at && at->content_type && strpbrk(at->content_type, "\r\n"))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.CreateMultipartUpload", "POST", p->bucket,
                           p->key, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "uploads", "");
    if (!rc)
        rc = cboto__kvlist_add(&rq->headers, "Content-Type",
                               at && at->content_type
                                   ? at->content_type
                                   : "application/octet-stream");
    if (!rc)
        rc = cboto__s3_add_attrs(rq, at, 1);
    if (!rc && algo_name(p->checksum))
        rc = cboto__kvlist_add(&rq->headers, "x-amz-checksum-algorithm",
                               algo_name(p->checksum));
    if (rc)
        return cboto__s3_fail(rq, rc);
    /* Two POSTs would start two uploads: resend only when nothing
     * reached the server. */
    rq->not_idempotent = 1;
    rq->parser = &cboto__s3_mpu_parser;
    *out = rq;
    return CBOTO_OK;
}

static int part_request(struct cboto_client *cl,
                        const struct cboto_s3_upload_part_params *p,
                        const char *op, struct cboto_request **out)
{
    struct cboto_request *rq;
    char num[16];
    int rc;

    if (!p || !p->key || !valid_id(p->upload_id) || p->part_number < 1 ||
        p->part_number > PARTS_MAX)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, op, "PUT", p->bucket, p->key, &rq);
    if (rc)
        return rc;
    snprintf(num, sizeof num, "%d", p->part_number);
    rc = cboto__kvlist_add(&rq->query, "partNumber", num);
    if (!rc)
        rc = cboto__kvlist_add(&rq->query, "uploadId", p->upload_id);
    if (rc)
        return cboto__s3_fail(rq, rc);
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_upload_part(struct cboto_client *cl,
                         const struct cboto_s3_upload_part_params *p,
                         struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    int rc;

    if (p && (p->src_bucket || p->src_key))
        return CBOTO_EINVAL; /* a copy: cboto_s3_upload_part_copy() */
    if (p && (unsigned)p->payload_signing > CBOTO_S3_PAYLOAD_STREAMING)
        return CBOTO_EINVAL;
    rc = part_request(cl, p, "s3.UploadPart", &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->headers, "Content-Type",
                           "application/octet-stream");
    if (rc)
        return cboto__s3_fail(rq, rc);
    rq->payload_signing = (int)p->payload_signing;
    rq->parser = &cboto__s3_put_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_upload_part_copy(struct cboto_client *cl,
                              const struct cboto_s3_upload_part_params *p,
                              struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    struct cboto__buf src;
    char range[64];
    int rc;

    if (!p || !p->src_key || cboto_s3_validate_bucket(p->src_bucket, NULL) ||
        cboto__s3_validate_key(p->src_key) ||
        (p->has_range && p->last_byte < p->first_byte))
        return CBOTO_EINVAL;
    rc = part_request(cl, p, "s3.UploadPartCopy", &rq);
    if (rc)
        return rc;
    cboto__buf_init(&src, rq->a, 0);
    rc = cboto__s3_copy_source(&src, p->src_bucket, p->src_key,
                               p->src_version_id);
    if (!rc)
        rc = cboto__kvlist_add(&rq->headers, "x-amz-copy-source",
                               cboto__buf_cstr(&src));
    cboto__buf_cleanup(&src);
    if (!rc && p->has_range) {
        snprintf(range, sizeof range, "bytes=%" PRIu64 "-%" PRIu64,
                 p->first_byte, p->last_byte);
        rc = cboto__kvlist_add(&rq->headers, "x-amz-copy-source-range", range);
    }
    if (rc)
        return cboto__s3_fail(rq, rc);
    rq->error_in_200 = 1;
    rq->parser = &cboto__s3_copy_parser;
    *out = rq;
    return CBOTO_OK;
}

static int complete_body(struct cboto__buf *b,
                         const struct cboto_s3_complete_params *p)
{
    const char *algo = algo_name(p->checksum);
    size_t i;
    int rc;

    rc = cboto__buf_append_str(
        b, "<CompleteMultipartUpload "
           "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for (i = 0; !rc && i < p->n_parts; i++) {
        const struct cboto_s3_completed_part *pt = &p->parts[i];

        /* ETags and base64 checksums hold no XML-special characters but
         * the quotes, which are fine in element text. */
        rc = cboto__buf_printf(b,
                               "<Part><PartNumber>%d</PartNumber>"
                               "<ETag>%s</ETag>",
                               pt->part_number, pt->etag);
        if (!rc && algo && pt->checksum)
            rc = cboto__buf_printf(b, "<Checksum%s>%s</Checksum%s>", algo,
                                   pt->checksum, algo);
        if (!rc)
            rc = cboto__buf_append_str(b, "</Part>");
    }
    if (!rc)
        rc = cboto__buf_append_str(b, "</CompleteMultipartUpload>");
    return rc;
}

static int safe_text(const char *s)
{
    return s && *s && !strpbrk(s, "<>&\r\n");
}

int cboto_s3_complete_multipart_upload(
    struct cboto_client *cl, const struct cboto_s3_complete_params *p,
    struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    struct cboto__buf body;
    struct cboto_cursor c;
    size_t i;
    int rc;

    if (!p || !p->key || !valid_id(p->upload_id) || !p->parts ||
        p->n_parts == 0 || p->n_parts > PARTS_MAX)
        return CBOTO_EINVAL;
    for (i = 0; i < p->n_parts; i++) {
        const struct cboto_s3_completed_part *pt = &p->parts[i];

        /* S3 wants the parts in ascending order. */
        if (pt->part_number < 1 || pt->part_number > PARTS_MAX ||
            (i && pt->part_number <= p->parts[i - 1].part_number) ||
            !safe_text(pt->etag) || (pt->checksum && !safe_text(pt->checksum)))
            return CBOTO_EINVAL;
    }
    rc = cboto__s3_request(cl, "s3.CompleteMultipartUpload", "POST", p->bucket,
                           p->key, &rq);
    if (rc)
        return rc;
    cboto__buf_init(&body, rq->a, 0);
    rc = cboto__kvlist_add(&rq->query, "uploadId", p->upload_id);
    if (!rc)
        rc =
            cboto__kvlist_add(&rq->headers, "Content-Type", "application/xml");
    if (!rc)
        rc = complete_body(&body, p);
    if (!rc) {
        c.ptr = body.ptr;
        c.len = body.len;
        rc = cboto_request_set_body(rq, c, CBOTO_BODY_TAKE);
    }
    if (rc) {
        cboto__buf_cleanup(&body);
        return cboto__s3_fail(rq, rc);
    }
    /* S3 may fail the assembly after answering 200. */
    rq->error_in_200 = 1;
    rq->parser = &cboto__s3_complete_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_abort_multipart_upload(struct cboto_client *cl,
                                    const struct cboto_s3_upload_ref *p,
                                    struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    int rc;

    if (!p || !p->key || !valid_id(p->upload_id))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.AbortMultipartUpload", "DELETE", p->bucket,
                           p->key, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "uploadId", p->upload_id);
    if (rc)
        return cboto__s3_fail(rq, rc);
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_list_parts(struct cboto_client *cl,
                        const struct cboto_s3_upload_ref *p,
                        struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    char num[16];
    int rc;

    if (!p || !p->key || !valid_id(p->upload_id) || p->max_parts < 0 ||
        p->part_number_marker < 0)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.ListParts", "GET", p->bucket, p->key, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "uploadId", p->upload_id);
    if (!rc && p->max_parts) {
        snprintf(num, sizeof num, "%d", p->max_parts);
        rc = cboto__kvlist_add(&rq->query, "max-parts", num);
    }
    if (!rc && p->part_number_marker) {
        snprintf(num, sizeof num, "%d", p->part_number_marker);
        rc = cboto__kvlist_add(&rq->query, "part-number-marker", num);
    }
    if (rc)
        return cboto__s3_fail(rq, rc);
    rq->parser = &cboto__s3_parts_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_list_multipart_uploads(
    struct cboto_client *cl, const struct cboto_s3_list_uploads_params *p,
    struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    char num[16];
    int rc;

    if (!p || p->max_uploads < 0)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.ListMultipartUploads", "GET", p->bucket,
                           NULL, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "uploads", "");
    if (!rc && p->prefix)
        rc = cboto__kvlist_add(&rq->query, "prefix", p->prefix);
    if (!rc && p->delimiter)
        rc = cboto__kvlist_add(&rq->query, "delimiter", p->delimiter);
    if (!rc && p->key_marker)
        rc = cboto__kvlist_add(&rq->query, "key-marker", p->key_marker);
    if (!rc && p->upload_id_marker)
        rc = cboto__kvlist_add(&rq->query, "upload-id-marker",
                               p->upload_id_marker);
    if (!rc && p->max_uploads) {
        snprintf(num, sizeof num, "%d", p->max_uploads);
        rc = cboto__kvlist_add(&rq->query, "max-uploads", num);
    }
    if (rc)
        return cboto__s3_fail(rq, rc);
    rq->parser = &cboto__s3_uploads_parser;
    *out = rq;
    return CBOTO_OK;
}
