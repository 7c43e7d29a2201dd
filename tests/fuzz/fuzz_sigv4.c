/* SPDX-License-Identifier: MIT */
/*
 * SigV4 canonicalisation and signing of a message built from the input:
 *
 *   byte 0      option bits: 1 S3 rules, 2 normalize_path,
 *               4 no_double_encode, 8 session token, 16 presign,
 *               32 payload hash from the body (else UNSIGNED-PAYLOAD),
 *               64 add_content_sha256, 128 SigV2 as well
 *   line 1      method
 *   line 2      host
 *   line 3      path (as sent)
 *   then lines  "?name=value" a query pair, "name:value" a header,
 *               up to an empty line
 *   the rest    the body
 *
 * The canonical request and string to sign are computed, then the message
 * is signed (headers or presigned query) and its URL written.
 */
#include <string.h>

#include "signing/internal.h"

#include "fuzz.h"

static const char *next_line(const char **p, const char *end, size_t *n)
{
    const char *s = *p, *nl;

    if (s >= end)
        return NULL;
    nl = memchr(s, '\n', (size_t)(end - s));
    *n = nl ? (size_t)(nl - s) : (size_t)(end - s);
    *p = nl ? nl + 1 : end;
    return s;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    FUZZ_CHECK(d != NULL);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p, *end, *l;
    char *method, *host, *path;
    unsigned flags;
    size_t n;
    struct cboto__http_msg m;
    struct cboto__sigv4_opts o;
    struct cboto__creds_view cr = {
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
    struct cboto__buf creq, sh, sts;
    int rc;

    if (size < 1)
        return 0;
    flags = data[0];
    p = (const char *)data + 1;
    end = (const char *)data + size;
    l = next_line(&p, end, &n);
    method = l ? dup_n(l, n) : dup_n("GET", 3);
    l = next_line(&p, end, &n);
    host = l ? dup_n(l, n) : dup_n("example.amazonaws.com", 21);
    l = next_line(&p, end, &n);
    path = l ? dup_n(l, n) : dup_n("/", 1);
    rc = cboto__http_msg_init(&m, NULL, method, "https", host, path);
    FUZZ_CHECK(rc == CBOTO_OK);
    free(method);
    free(host);
    free(path);
    while ((l = next_line(&p, end, &n)) != NULL && n > 0) {
        const char *sep;

        if (l[0] == '?') {
            sep = memchr(l, '=', n);
            rc = sep ? cboto__kvlist_addn(&m.query, l + 1,
                                          (size_t)(sep - l - 1), sep + 1,
                                          n - (size_t)(sep + 1 - l))
                     : cboto__kvlist_addn(&m.query, l + 1, n - 1, "", 0);
        } else {
            sep = memchr(l, ':', n);
            rc = sep ? cboto__kvlist_addn(&m.headers, l, (size_t)(sep - l),
                                          sep + 1, n - (size_t)(sep + 1 - l))
                     : cboto__kvlist_addn(&m.headers, l, n, "", 0);
        }
        FUZZ_CHECK(rc == CBOTO_OK);
    }
    m.body.ptr = (const uint8_t *)p;
    m.body.len = (size_t)(end - p);

    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.service = flags & 1 ? "s3" : "service";
    o.now = 1440938160;
    o.s3 = flags & 1;
    o.normalize_path = (flags & 2) != 0;
    o.no_double_encode = (flags & 4) != 0;
    o.payload_hash = flags & 32 ? NULL : CBOTO__UNSIGNED_PAYLOAD;
    o.add_content_sha256 = (flags & 64) != 0;
    o.expires = 3600;
    if (flags & 8)
        cr.session_token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22";

    cboto__buf_init(&creq, NULL, 0);
    cboto__buf_init(&sh, NULL, 0);
    cboto__buf_init(&sts, NULL, 0);
    rc = cboto__sigv4_canonical_request(&m, &o, o.payload_hash, &creq, &sh);
    FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EINVAL);
    if (rc == CBOTO_OK) {
        rc = cboto__sigv4_string_to_sign((const char *)creq.ptr, creq.len, &o,
                                         &sts);
        FUZZ_CHECK(rc == CBOTO_OK);
    }
    cboto__buf_cleanup(&creq);
    cboto__buf_cleanup(&sh);
    cboto__buf_cleanup(&sts);

    if (flags & 128) {
        struct cboto__http_msg m2;

        rc =
            cboto__http_msg_init(&m2, NULL, m.method, "https", m.host, m.path);
        FUZZ_CHECK(rc == CBOTO_OK);
        FUZZ_CHECK(cboto__kvlist_copy(&m2.query, &m.query) == CBOTO_OK);
        rc = cboto__sigv2_sign(&m2, &cr, o.now);
        FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EINVAL);
        cboto__http_msg_cleanup(&m2);
    }

    if (flags & 16)
        rc = cboto__sigv4_presign(NULL, &m, &cr, &o);
    else
        rc = cboto__sigv4_sign_headers(NULL, &m, &cr, &o, NULL);
    FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EINVAL);
    if (rc == CBOTO_OK) {
        struct cboto__buf url;

        cboto__buf_init(&url, NULL, 0);
        FUZZ_CHECK(cboto__http_msg_url(&m, &url) == CBOTO_OK);
        cboto__buf_cleanup(&url);
        if (!(flags & 16))
            FUZZ_CHECK(cboto__kvlist_get(&m.headers, "Authorization"));
    }
    cboto__http_msg_cleanup(&m);
    return 0;
}
