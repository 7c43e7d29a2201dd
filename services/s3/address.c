/* SPDX-License-Identifier: MIT */
/* Bucket and key rules, and where a bucket's requests go (virtual-hosted or
 * path style). */
#include <string.h>

#include "../../aws/core.h"
#include "s3_build.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || is_digit(c);
}

/* 192.168.5.4 is not a bucket name, because it would read as an IP. */
static int looks_like_ipv4(const char *s)
{
    int dots = 0, digits = 0;

    for (; *s; s++) {
        if (*s == '.') {
            if (!digits)
                return 0;
            dots++;
            digits = 0;
        } else if (is_digit(*s)) {
            digits++;
        } else {
            return 0;
        }
    }
    return dots == 3 && digits;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int has_suffix(const char *s, const char *x)
{
    size_t n = strlen(s), m = strlen(x);

    return n >= m && strcmp(s + n - m, x) == 0;
}

int cboto_s3_validate_bucket(const char *b, const char **why)
{
    const char *w = NULL;
    size_t n, i;

    if (!b || !*b) {
        w = "bucket name is missing";
        goto bad;
    }
    n = strlen(b);
    if (n < 3 || n > 63) {
        w = "bucket name must be 3 to 63 characters long";
        goto bad;
    }
    for (i = 0; i < n; i++) {
        if (!is_lower_alnum(b[i]) && b[i] != '.' && b[i] != '-') {
            w = "bucket name may contain only lower-case letters, digits, "
                "'.' and '-'";
            goto bad;
        }
    }
    if (!is_lower_alnum(b[0]) || !is_lower_alnum(b[n - 1])) {
        w = "bucket name must begin and end with a letter or digit";
        goto bad;
    }
    if (strstr(b, "..")) {
        w = "bucket name must not contain two adjacent periods";
        goto bad;
    }
    if (looks_like_ipv4(b)) {
        w = "bucket name must not be formatted as an IP address";
        goto bad;
    }
    if (has_prefix(b, "xn--") || has_prefix(b, "sthree-") ||
        has_prefix(b, "amzn-s3-demo-")) {
        w = "bucket name must not start with 'xn--', 'sthree-' or "
            "'amzn-s3-demo-'";
        goto bad;
    }
    if (has_suffix(b, "-s3alias") || has_suffix(b, "--ol-s3") ||
        has_suffix(b, ".mrap") || has_suffix(b, "--x-s3") ||
        has_suffix(b, "--table-s3")) {
        w = "bucket name must not end with a reserved suffix ('-s3alias', "
            "'--ol-s3', '.mrap', '--x-s3', '--table-s3')";
        goto bad;
    }
    if (why)
        *why = NULL;
    return CBOTO_OK;
bad:
    if (why)
        *why = w;
    return CBOTO_EINVAL;
}

/* S3 stores keys as UTF-8; a malformed sequence would be rejected by the
 * service after the upload has been sent. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t k, len;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

int cboto__s3_validate_key(const char *key)
{
    size_t n;

    if (!key || !*key)
        return CBOTO_EINVAL;
    n = strlen(key);
    if (n > 1024 || !valid_utf8((const unsigned char *)key, n))
        return CBOTO_EINVAL;
    return CBOTO_OK;
}

/* Virtual-hosted addressing needs the bucket to be a single DNS label that
 * the TLS wildcard certificate covers, and AWS's own host names. */
static int use_virtual(const struct cboto_client *cl,
                       const struct cboto__endpoint *ep, const char *bucket)
{
    if (cl->s3_addressing == CBOTO_S3_ADDRESSING_PATH)
        return 0;
    if (cl->s3_addressing == CBOTO_S3_ADDRESSING_VIRTUAL)
        return 1;
    if (ep->is_custom)
        return 0;
    return strchr(bucket, '.') == NULL;
}

int cboto__s3_request(struct cboto_client *cl, const char *operation,
                      const char *method, const char *bucket, const char *key,
                      struct cboto_request **out)
{
    const struct cboto__endpoint *ep;
    struct cboto_request *rq;
    struct cboto__buf path;
    const char *why;
    int rc;

    if (!cl || !out)
        return CBOTO_EINVAL;
    /* Only ListBuckets addresses the service itself; for every other
     * operation a missing bucket is an error, not a request to "/". */
    if ((bucket || strcmp(operation, "s3.ListBuckets") != 0) &&
        cboto_s3_validate_bucket(bucket, &why) != CBOTO_OK)
        return CBOTO_EINVAL;
    if (key && cboto__s3_validate_key(key) != CBOTO_OK)
        return CBOTO_EINVAL;
    ep = cboto__client_endpoint(cl, CBOTO__SVC_S3);
    rc = cboto__request_new(cl, operation, method, CBOTO__SVC_S3, &rq);
    if (rc)
        return rc;
    cboto__buf_init(&path, cl->a, 0);
    rc = cboto__buf_append_byte(&path, '/');
    if (bucket && use_virtual(cl, ep, bucket)) {
        char *host;
        struct cboto__buf h;

        cboto__buf_init(&h, cl->a, 0);
        if (!rc)
            rc = cboto__buf_printf(&h, "%s.%s", bucket, ep->host);
        host = rc ? NULL : cboto__buf_steal(&h);
        cboto__buf_cleanup(&h);
        if (!host) {
            rc = rc ? rc : CBOTO_ENOMEM;
        } else {
            cboto__free(cl->a, rq->host);
            rq->host = host;
        }
    } else if (!rc && bucket) {
        rc = cboto__buf_append_str(&path, bucket);
        if (!rc && key)
            rc = cboto__buf_append_byte(&path, '/');
    }
    /* S3 keys are encoded once with '/' kept: that is what is signed and
     * what the service decodes back into the key. */
    if (!rc && key)
        rc = cboto__uri_encode(&path, key, strlen(key), 1);
    if (!rc)
        rc = cboto__request_set_path(rq, cboto__buf_cstr(&path));
    cboto__buf_cleanup(&path);
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

int cboto_s3_parse_url(const char *url, char *bucket, size_t bucket_size,
                       const char **key, const char **why)
{
    const char *b, *slash, *w = NULL;
    size_t n;

    if (why)
        *why = NULL;
    if (!url || !bucket || !key || strncmp(url, "s3://", 5) != 0) {
        if (why)
            *why = "not an s3://BUCKET[/KEY] URL";
        return CBOTO_EINVAL;
    }
    b = url + 5;
    slash = strchr(b, '/');
    n = slash ? (size_t)(slash - b) : strlen(b);
    if (n == 0 || n > 63) {
        if (why)
            *why = "bucket name must be 3 to 63 characters long";
        return CBOTO_EINVAL;
    }
    if (n >= bucket_size)
        return CBOTO_ETOOBIG;
    memcpy(bucket, b, n);
    bucket[n] = '\0';
    if (cboto_s3_validate_bucket(bucket, &w) != CBOTO_OK) {
        if (why)
            *why = w;
        return CBOTO_EINVAL;
    }
    *key = slash ? slash + 1 : "";
    if (strlen(*key) > 1024) {
        if (why)
            *why = "an S3 key is at most 1,024 bytes";
        return CBOTO_EINVAL;
    }
    return CBOTO_OK;
}
