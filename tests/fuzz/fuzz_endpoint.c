/* SPDX-License-Identifier: MIT */
/*
 * Endpoint URL parsing, reached the way users reach it: the input (up to
 * its first NUL) is cboto_client_new's endpoint_url.  When the client is
 * made, S3 requests are built from it (path and virtual-host addressing)
 * and signed the way the transfer signs them, and the wire URL is
 * written.
 */
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "signing/internal.h"

#include "fuzz.h"

static void sign_and_url(struct cboto_request *rq)
{
    struct cboto_client *cl = rq->client;
    struct cboto__creds_view cr = {cl->cfg.access_key_id,
                                   cl->cfg.secret_access_key, NULL};
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf url;
    int rc;

    memset(&o, 0, sizeof o);
    o.region = cl->region;
    o.service = rq->sign_service;
    o.now = 1440938160; /* 20150830T123600Z */
    o.s3 = 1;
    o.payload_hash = CBOTO__EMPTY_SHA256;
    cboto__buf_init(&url, NULL, 0);
    rc = cboto__http_msg_init(&m, NULL, rq->method, rq->scheme, rq->host,
                              rq->path);
    FUZZ_CHECK(rc == CBOTO_OK);
    rc = cboto__kvlist_copy(&m.headers, &rq->headers);
    if (!rc)
        rc = cboto__kvlist_copy(&m.query, &rq->query);
    FUZZ_CHECK(rc == CBOTO_OK);
    rc = cboto__sigv4_sign_headers(cl->sig_cache, &m, &cr, &o, NULL);
    FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EINVAL);
    rc = cboto__http_msg_url(&m, &url);
    FUZZ_CHECK(rc == CBOTO_OK);
    FUZZ_CHECK(strncmp(cboto__buf_cstr(&url), "http", 4) == 0);
    cboto__buf_cleanup(&url);
    cboto__http_msg_cleanup(&m);
}

/* What an accepted endpoint must look like: a host name of letters,
 * digits, '-' and '.', or a bracketed IPv6 literal, then an optional
 * ":port" of digits only, and nothing else before the path
 * (tests/fuzz/regressions/fuzz_endpoint/ holds the inputs that once broke
 * this). */
static void check_accepted(const char *url, const struct cboto__endpoint *e)
{
    const char *h = e->hostname, *rest;
    size_t i, n = strlen(h);

    if (h[0] == '[') {
        FUZZ_CHECK(n >= 3 && h[n - 1] == ']');
        for (i = 1; i + 1 < n; i++)
            FUZZ_CHECK(strchr("0123456789abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ:.%",
                              h[i]) != NULL); /* with a zone id */
    } else {
        for (i = 0; i < n; i++)
            FUZZ_CHECK(strchr("abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.",
                              h[i]) != NULL);
    }
    rest = strstr(url, "://") + 3 + n;
    if (*rest == ':') {
        rest++;
        FUZZ_CHECK(*rest >= '0' && *rest <= '9');
        while (*rest >= '0' && *rest <= '9')
            rest++;
    }
    FUZZ_CHECK(*rest == '\0' || *rest == '/');
}

static void try_client(const char *ep, enum cboto_s3_addressing mode)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_request *rq;
    char err[256];
    int rc;

    memset(&o, 0, sizeof o);
    o.endpoint_url = ep;
    o.region = "eu-west-1";
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.ignore_environment = 1;
    o.s3_addressing = mode;
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    rc = cboto_client_new(&o, &cl);
    if (rc != CBOTO_OK) {
        FUZZ_CHECK(rc == CBOTO_EINVAL);
        FUZZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof err));
        return;
    }
    check_accepted(ep, &cl->ep[CBOTO__SVC_S3]);
    if (cboto_s3_get_object(cl,
                            &(struct cboto_s3_get_params){
                                .bucket = "my-bucket", .key = "a/b c"},
                            &rq) == CBOTO_OK) {
        sign_and_url(rq);
        cboto_request_release(rq);
    }
    if (cboto_s3_list_buckets(cl, &rq) == CBOTO_OK) {
        sign_and_url(rq);
        cboto_request_release(rq);
    }
    FUZZ_CHECK(cboto_client_free(cl) == CBOTO_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    FUZZ_CHECK(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0';
    try_client(s, CBOTO_S3_ADDRESSING_AUTO);
    try_client(s, CBOTO_S3_ADDRESSING_VIRTUAL);
    free(s);
    return 0;
}
