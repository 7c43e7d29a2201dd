/* SPDX-License-Identifier: MIT */
/* Presigned URLs: the request an executor would send, signed in its query
 * string instead of its headers, for a plain HTTP client to use later. */
#include <string.h>

#include "../../aws/core.h"
#include "../../signing/internal.h"
#include "s3_build.h"

#define EXPIRES_MAX 604800u /* 7 days: SigV4's own limit */

int cboto_s3_presign(struct cboto_client *cl,
                     const struct cboto_s3_presign_params *p, char *buf,
                     size_t size)
{
    const char *method;
    struct cboto_request *rq;
    struct cboto__http_msg m;
    struct cboto__creds_view cr;
    struct cboto__sigv4_opts o;
    struct cboto__buf url;
    int rc;

    if (!buf || size == 0)
        return CBOTO_EINVAL;
    buf[0] = '\0';
    if (!cl || !p || !p->key || p->expires == 0 || p->expires > EXPIRES_MAX)
        return CBOTO_EINVAL;
    method = p->method ? p->method : "GET";
    if (strcmp(method, "GET") != 0 && strcmp(method, "PUT") != 0)
        return CBOTO_EINVAL;
    if (p->content_type &&
        (strcmp(method, "PUT") != 0 || strpbrk(p->content_type, "\r\n")))
        return CBOTO_EINVAL;
    if (!cl->cfg.access_key_id || !*cl->cfg.access_key_id ||
        !cl->cfg.secret_access_key || !*cl->cfg.secret_access_key)
        return CBOTO_ENOCREDS;
    rc = cboto__s3_request(cl, "s3.Presign", method, p->bucket, p->key, &rq);
    if (rc)
        return rc;
    cboto__buf_init(&url, cl->a, 0);
    rc = cboto__http_msg_init(&m, cl->a, rq->method, rq->scheme, rq->host,
                              rq->path);
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    /* Every header in the message is signed, and whoever uses the URL
     * must then send it exactly: only the content type, when asked. */
    if (p->content_type)
        rc = cboto__kvlist_add(&m.headers, "Content-Type", p->content_type);
    cr.access_key_id = cl->cfg.access_key_id;
    cr.secret_access_key = cl->cfg.secret_access_key;
    cr.session_token = cl->cfg.session_token;
    memset(&o, 0, sizeof o);
    o.region = cl->region;
    o.service = rq->sign_service;
    o.now = p->now ? p->now : cboto__client_now(cl);
    o.s3 = 1;
    o.expires = p->expires;
    if (!rc)
        rc = cboto__sigv4_presign(cl->sig_cache, &m, &cr, &o);
    if (!rc)
        rc = cboto__http_msg_url(&m, &url);
    if (!rc && url.len >= size)
        rc = CBOTO_ETOOBIG;
    if (!rc)
        memcpy(buf, url.ptr, url.len + 1);
    cboto__buf_cleanup(&url);
    cboto__http_msg_cleanup(&m);
    cboto_request_release(rq);
    return rc;
}
