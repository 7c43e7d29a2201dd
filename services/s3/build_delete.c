/* SPDX-License-Identifier: MIT */
/* DeleteObjects: up to 1,000 keys as an XML body, with the Content-MD5
 * that S3 demands for this call (it refuses the request without it). */
#include <string.h>

#include "../../aws/core.h"
#include "../../signing/internal.h"
#include "s3_build.h"

#define DELETE_MAX 1000

/* XML 1.0 cannot carry most control characters at all, and a raw CR, LF
 * or TAB would be normalised by the server's parser: escape those three
 * as character references and refuse the rest. */
static int xml_escape(struct cboto__buf *b, const char *s)
{
    int rc = CBOTO_OK;

    for (; !rc && *s; s++) {
        unsigned char c = (unsigned char)*s;

        switch (c) {
        case '&':
            rc = cboto__buf_append_str(b, "&amp;");
            break;
        case '<':
            rc = cboto__buf_append_str(b, "&lt;");
            break;
        case '>':
            rc = cboto__buf_append_str(b, "&gt;");
            break;
        case '"':
            rc = cboto__buf_append_str(b, "&quot;");
            break;
        case '\'':
            rc = cboto__buf_append_str(b, "&apos;");
            break;
        case '\t':
        case '\n':
        case '\r':
            rc = cboto__buf_printf(b, "&#%u;", c);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                return CBOTO_EINVAL;
            rc = cboto__buf_append_byte(b, c);
        }
    }
    return rc;
}

static int check_keys(const struct cboto_s3_delete_objects_params *p)
{
    size_t i;
    const char *k;

    if (!p->keys || p->n_keys == 0 || p->n_keys > DELETE_MAX)
        return CBOTO_EINVAL;
    for (i = 0; i < p->n_keys; i++) {
        if (cboto__s3_validate_key(p->keys[i].key))
            return CBOTO_EINVAL;
        for (k = p->keys[i].key; *k; k++) {
            unsigned char c = (unsigned char)*k;

            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return CBOTO_EINVAL;
        }
    }
    return CBOTO_OK;
}

static int build_body(struct cboto__buf *b,
                      const struct cboto_s3_delete_objects_params *p)
{
    size_t i;
    int rc;

    rc = cboto__buf_append_str(
        b, "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    if (!rc && p->quiet)
        rc = cboto__buf_append_str(b, "<Quiet>true</Quiet>");
    for (i = 0; !rc && i < p->n_keys; i++) {
        rc = cboto__buf_append_str(b, "<Object><Key>");
        if (!rc)
            rc = xml_escape(b, p->keys[i].key);
        if (!rc)
            rc = cboto__buf_append_str(b, "</Key>");
        if (!rc && p->keys[i].version_id) {
            rc = cboto__buf_append_str(b, "<VersionId>");
            if (!rc)
                rc = xml_escape(b, p->keys[i].version_id);
            if (!rc)
                rc = cboto__buf_append_str(b, "</VersionId>");
        }
        if (!rc)
            rc = cboto__buf_append_str(b, "</Object>");
    }
    if (!rc)
        rc = cboto__buf_append_str(b, "</Delete>");
    return rc;
}

int cboto_s3_delete_objects(struct cboto_client *cl,
                            const struct cboto_s3_delete_objects_params *p,
                            struct cboto_request **out)
{
    if (!out)
        return CBOTO_EINVAL;
    struct cboto_request *rq;
    struct cboto__buf body, md5;
    struct cboto_cursor c;
    uint8_t digest[16];
    int rc;

    if (!p || check_keys(p))
        return CBOTO_EINVAL;
    rc = cboto__s3_request(cl, "s3.DeleteObjects", "POST", p->bucket, NULL,
                           &rq);
    if (rc)
        return rc;
    cboto__buf_init(&body, rq->a, 0);
    cboto__buf_init(&md5, rq->a, 0);
    rc = cboto__kvlist_add(&rq->query, "delete", "");
    if (!rc)
        rc = build_body(&body, p);
    if (!rc)
        rc = cboto__md5(body.ptr, body.len, digest);
    if (!rc)
        rc = cboto__base64_encode(&md5, digest, sizeof digest);
    if (!rc)
        rc = cboto__kvlist_add(&rq->headers, "Content-MD5",
                               cboto__buf_cstr(&md5));
    if (!rc)
        rc =
            cboto__kvlist_add(&rq->headers, "Content-Type", "application/xml");
    cboto__buf_cleanup(&md5);
    if (rc) {
        cboto__buf_cleanup(&body);
        return cboto__s3_fail(rq, rc);
    }
    c.ptr = body.ptr;
    c.len = body.len;
    /* TAKE cannot fail; the buffer now belongs to the request. */
    rc = cboto_request_set_body(rq, c, CBOTO_BODY_TAKE);
    if (rc) {
        cboto__buf_cleanup(&body);
        return cboto__s3_fail(rq, rc);
    }
    rq->parser = &cboto__s3_delete_parser;
    *out = rq;
    return CBOTO_OK;
}
