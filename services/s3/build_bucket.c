/* SPDX-License-Identifier: MIT */
/* Bucket operations: CreateBucket, DeleteBucket, HeadBucket,
 * GetBucketLocation, ListBuckets, and the ListObjectsV2 / ListObjects (v1)
 * pages. */
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

int cboto_s3_create_bucket(struct cboto_client *cl,
                           const struct cboto_s3_bucket_params *p,
                           struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    const char *loc;
    int rc;

    if (!p || !cl)
        return CBOTO_EINVAL;
    loc = p->location ? p->location : cl->region;
    /* The constraint goes into XML unescaped: allow region names only. */
    if (!*loc ||
        strspn(loc, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(loc))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.CreateBucket", "PUT", p->bucket, NULL, &rq);
    if (rc)
        return rc;
    /* us-east-1 is the one region that must not be named: S3 answers
     * InvalidLocationConstraint when it is. */
    if (strcmp(loc, "us-east-1") != 0) {
        struct cboto__buf b;
        struct cboto_cursor c;

        cboto__buf_init(&b, cl->a, 0);
        rc = cboto__buf_printf(
            &b,
            "<CreateBucketConfiguration "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<LocationConstraint>%s</LocationConstraint>"
            "</CreateBucketConfiguration>",
            loc);
        c.ptr = b.ptr;
        c.len = b.len;
        if (!rc)
            rc = cboto_request_set_body(rq, c, CBOTO_BODY_TAKE);
        if (!rc)
            rc = cboto_request_add_header(rq, "Content-Type",
                                          "application/xml");
        if (rc) {
            if (rq->body.ptr != b.ptr)
                cboto__buf_cleanup(&b);
            cboto_request_release(rq);
            return rc;
        }
    }
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_delete_bucket(struct cboto_client *cl,
                           const struct cboto_s3_bucket_params *p,
                           struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    if (!p)
        return CBOTO_EINVAL;
    return cboto__s3_request(cl, "s3.DeleteBucket", "DELETE", p->bucket, NULL,
                             out);
}

int cboto_s3_head_bucket(struct cboto_client *cl,
                         const struct cboto_s3_bucket_params *p,
                         struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    if (!p)
        return CBOTO_EINVAL;
    return cboto__s3_request(cl, "s3.HeadBucket", "HEAD", p->bucket, NULL,
                             out);
}

int cboto_s3_get_bucket_location(struct cboto_client *cl,
                                 const struct cboto_s3_bucket_params *p,
                                 struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    int rc;

    if (!p)
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.GetBucketLocation", "GET", p->bucket, NULL,
                           &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "location", "");
    if (rc)
        return cboto__s3_fail(rq, rc);
    rq->parser = &cboto__s3_location_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_list_buckets(struct cboto_client *cl, struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    int rc = cboto__s3_request(cl, "s3.ListBuckets", "GET", NULL, NULL, &rq);

    if (rc)
        return rc;
    rq->parser = &cboto__s3_buckets_parser;
    *out = rq;
    return CBOTO_OK;
}

/* v1 and v2 share everything but the paging parameters. */
static int list_objects(struct cboto_client *cl,
                        const struct cboto_s3_list_params *p, int v2,
                        struct cboto_request **out)
{
    struct cboto_request *rq;
    char num[24];
    int rc;

    if (!p || p->max_keys < 0)
        return CBOTO_EINVAL;
    /* A v2 page is named by its token, a v1 page by its marker: a
     * parameter of the other kind would be silently ignored by S3. */
    if (v2 ? p->marker != NULL
           : (p->continuation_token || p->start_after || p->fetch_owner))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, v2 ? "s3.ListObjectsV2" : "s3.ListObjects",
                           "GET", p->bucket, NULL, &rq);
    if (rc)
        return rc;
    rc = v2 ? cboto__kvlist_add(&rq->query, "list-type", "2") : CBOTO_OK;
    /* Asking for URL-encoded keys, as boto3 does, lets keys with control
     * characters survive XML 1.0, which cannot carry them. */
    if (!rc)
        rc = cboto__kvlist_add(&rq->query, "encoding-type", "url");
    if (!rc && p->prefix)
        rc = cboto__kvlist_add(&rq->query, "prefix", p->prefix);
    if (!rc && p->delimiter)
        rc = cboto__kvlist_add(&rq->query, "delimiter", p->delimiter);
    if (!rc && p->continuation_token)
        rc = cboto__kvlist_add(&rq->query, "continuation-token",
                               p->continuation_token);
    if (!rc && p->start_after)
        rc = cboto__kvlist_add(&rq->query, "start-after", p->start_after);
    if (!rc && p->max_keys) {
        snprintf(num, sizeof num, "%d", p->max_keys);
        rc = cboto__kvlist_add(&rq->query, "max-keys", num);
    }
    if (!rc && p->fetch_owner)
        rc = cboto__kvlist_add(&rq->query, "fetch-owner", "true");
    if (!rc && p->marker)
        rc = cboto__kvlist_add(&rq->query, "marker", p->marker);
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    rq->parser = &cboto__s3_list_parser;
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_list_objects_v2(struct cboto_client *cl,
                             const struct cboto_s3_list_params *p,
                             struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    return list_objects(cl, p, 1, out);
}

int cboto_s3_list_objects(struct cboto_client *cl,
                          const struct cboto_s3_list_params *p,
                          struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    return list_objects(cl, p, 0, out);
}
