/* SPDX-License-Identifier: MIT */
/* The AWS SigV4 suite in aws-c-auth's layout (aws-signing-test-suite/v4/):
 * 38 cases, each signed twice, with an Authorization header and as a
 * presigned URL.  context.json gives normalize, sign_body,
 * omit_session_token and expiration_in_seconds. */
#include <dirent.h>

#define TEST_LIST(X) X(crt_suite_header) X(crt_suite_query)
#include "harness.h"
#include "sigtest.h"

static int trim_eq(const char *id, const char *what, char *exp,
                   const char *got)
{
    size_t n;

    if (!exp) {
        fprintf(stderr, "  case %s: %s file missing\n", id, what);
        return 1;
    }
    n = strlen(exp);
    while (n && (exp[n - 1] == '\n' || exp[n - 1] == '\r'))
        exp[--n] = '\0';
    return st_diff(id, what, exp, got);
}

static int run_case(struct cboto_allocator *a, const char *dir, const char *id,
                    int query)
{
    char *req = st_slurp(dir, "request.txt");
    char *creq_x = st_slurp(dir, query ? "query-canonical-request.txt"
                                       : "header-canonical-request.txt");
    char *sts_x = st_slurp(dir, query ? "query-string-to-sign.txt"
                                      : "header-string-to-sign.txt");
    char *sig_x =
        st_slurp(dir, query ? "query-signature.txt" : "header-signature.txt");
    char ctxpath[4096];
    json_t *ctx = NULL, *cj;
    struct cboto__creds_view cr;
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf creq, sts;
    char sig[65] = "", body_hash[65];
    int fail = 0, rc;

    rc = snprintf(ctxpath, sizeof ctxpath, "%s/context.json", dir);
    if (rc > 0 && (size_t)rc < sizeof ctxpath)
        ctx = st_load_json(ctxpath);
    if (!req || !ctx) {
        fprintf(stderr, "  case %s: request.txt or context.json missing\n",
                id);
        fail = 1;
        goto out;
    }
    cj = json_object_get(ctx, "credentials");
    cr.access_key_id = st_str(cj, "access_key_id");
    cr.secret_access_key = st_str(cj, "secret_access_key");
    cr.session_token = st_str(cj, "token");
    memset(&o, 0, sizeof o);
    o.region = st_str(ctx, "region");
    o.service = st_str(ctx, "service");
    o.now = st_time(st_str(ctx, "timestamp"));
    o.normalize_path = json_is_true(json_object_get(ctx, "normalize"));
    /* request.txt holds the decoded path; st_parse_req encodes it once,
     * which is what aws-c-auth signs. */
    o.no_double_encode = 1;
    o.add_content_sha256 = json_is_true(json_object_get(ctx, "sign_body"));
    o.omit_session_token =
        json_is_true(json_object_get(ctx, "omit_session_token"));
    o.expires = (unsigned)json_integer_value(
        json_object_get(ctx, "expiration_in_seconds"));

    rc = st_parse_req(a, req, &m);
    if (rc) {
        fprintf(stderr, "  case %s: cannot parse request.txt\n", id);
        fail = 1;
        goto out;
    }
    cboto__buf_init(&creq, a, 0);
    cboto__buf_init(&sts, a, 0);
    if (query) {
        rc = cboto__sigv4_presign(NULL, &m, &cr, &o);
        if (!rc) {
            const char *s = cboto__kvlist_get(&m.query, "X-Amz-Signature");

            snprintf(sig, sizeof sig, "%s", s ? s : "");
            cboto__kvlist_remove(&m.query, "X-Amz-Signature");
            if (o.omit_session_token)
                cboto__kvlist_remove(&m.query, "X-Amz-Security-Token");
            rc = cboto__sha256_hex(m.body.ptr, m.body.len, body_hash);
        }
        if (!rc)
            rc = st_recompute(&m, &o, body_hash, &creq, &sts);
    } else {
        rc = cboto__sigv4_sign_headers(NULL, &m, &cr, &o, sig);
        if (!rc) {
            fail |= st_diff(
                id, "signature in Authorization", sig,
                st_auth_sig(cboto__kvlist_get(&m.headers, "Authorization")));
            cboto__kvlist_remove(&m.headers, "Authorization");
            if (o.omit_session_token)
                cboto__kvlist_remove(&m.headers, "X-Amz-Security-Token");
            rc = st_recompute(&m, &o, NULL, &creq, &sts);
        }
    }
    if (rc) {
        fprintf(stderr, "  case %s: %s\n", id, cboto_err_name(rc));
        fail = 1;
    } else {
        fail |=
            trim_eq(id, "canonical request", creq_x, cboto__buf_cstr(&creq));
        fail |= trim_eq(id, "string to sign", sts_x, cboto__buf_cstr(&sts));
        fail |= trim_eq(id, "signature", sig_x, sig);
    }
    cboto__buf_cleanup(&creq);
    cboto__buf_cleanup(&sts);
    cboto__http_msg_cleanup(&m);
out:
    json_decref(ctx);
    free(req);
    free(creq_x);
    free(sts_x);
    free(sig_x);
    return fail;
}

static int run_all(struct cboto_allocator *a, int query)
{
    char root[4096], dir[4096];
    struct dirent *e;
    DIR *d;
    int failed = 0, checked = 0, k;

    if (!st_data_path(root, sizeof root, "aws-signing-test-suite/v4"))
        return TEST_SKIP;
    d = opendir(root);
    ASSERT_NOT_NULL(d);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        k = snprintf(dir, sizeof dir, "%s/%s", root, e->d_name);
        if (k < 0 || (size_t)k >= sizeof dir)
            continue;
        {
            int bad_ = run_case(a, dir, e->d_name, query) != 0;
            char id_[300];

            snprintf(id_, sizeof id_, "%s/%s", query ? "query" : "header",
                     e->d_name);
            test_case(id_, !bad_);
            failed += bad_;
        }
        checked++;
    }
    closedir(d);
    ASSERT_EQ(0, failed);
    ASSERT_EQ(38, checked);
    return 0;
}

static int test_crt_suite_header(struct cboto_allocator *a)
{
    return run_all(a, 0);
}

static int test_crt_suite_query(struct cboto_allocator *a)
{
    return run_all(a, 1);
}

HARNESS_MAIN(TEST_LIST)
