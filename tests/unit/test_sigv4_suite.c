/* SPDX-License-Identifier: MIT */
/* The AWS SigV4 test suite, classic layout (aws-sig-v4-test-suite/, as kept
 * by botocore): 34 cases; canonical request, string to sign and
 * Authorization for each.  Service "service": paths are normalised, and
 * the decoded request-line path is encoded once (no second encoding). */
#define TEST_LIST(X) X(classic_suite) X(classic_suite_cached)
#include "harness.h"
#include "sigtest.h"

static const char *const s_cases[] = {
    "get-header-key-duplicate",
    "get-header-value-multiline",
    "get-header-value-order",
    "get-header-value-trim",
    "get-unreserved",
    "get-utf8",
    "get-vanilla",
    "get-vanilla-empty-query-key",
    "get-vanilla-query",
    "get-vanilla-query-order-encoded",
    "get-vanilla-query-order-key",
    "get-vanilla-query-order-key-case",
    "get-vanilla-query-order-value",
    "get-vanilla-query-unreserved",
    "get-vanilla-utf8-query",
    "get-vanilla-with-session-token",
    "normalize-path/get-relative",
    "normalize-path/get-relative-relative",
    "normalize-path/get-slash",
    "normalize-path/get-slash-dot-slash",
    "normalize-path/get-slash-pointless-dot",
    "normalize-path/get-slashes",
    "normalize-path/get-space",
    "normalize-path/get-special-character",
    "post-header-key-case",
    "post-header-key-sort",
    "post-header-value-case",
    "post-sts-token/post-sts-header-after",
    "post-sts-token/post-sts-header-before",
    "post-vanilla",
    "post-vanilla-empty-query-value",
    "post-vanilla-query",
    "post-x-www-form-urlencoded",
    "post-x-www-form-urlencoded-parameters",
};

/* The token is not in the .req: the suite gives it in the signed request
 * (get-vanilla-with-session-token) or in post-sts-token/readme.txt. */
static char *token_from_sreq(const struct cboto_allocator *a, const char *sreq)
{
    const char *p = strstr(sreq, "X-Amz-Security-Token:");
    const char *e;

    if (!p)
        return NULL;
    p += 21;
    e = strchr(p, '\n');
    if (!e)
        e = p + strlen(p);
    return cboto__strndup(a, p, (size_t)(e - p));
}

static int run_case(struct cboto_allocator *a, struct cboto__sigv4_cache *c,
                    const char *root, const char *name)
{
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    char dir[4096], file[512];
    char *req, *creq_x, *sts_x, *authz_x, *sreq, *token;
    struct cboto__creds_view cr = {
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf creq, sts;
    char sig[65];
    int fail = 0, rc;

    rc = snprintf(dir, sizeof dir, "%s/aws-sig-v4-test-suite/%s", root, name);
    if (rc < 0 || (size_t)rc >= sizeof dir)
        return 1;
    snprintf(file, sizeof file, "%s.req", base);
    req = st_slurp(dir, file);
    snprintf(file, sizeof file, "%s.creq", base);
    creq_x = st_slurp(dir, file);
    snprintf(file, sizeof file, "%s.sts", base);
    sts_x = st_slurp(dir, file);
    snprintf(file, sizeof file, "%s.authz", base);
    authz_x = st_slurp(dir, file);
    snprintf(file, sizeof file, "%s.sreq", base);
    sreq = st_slurp(dir, file);
    token = sreq ? token_from_sreq(a, sreq) : NULL;
    if (!req || !creq_x || !sts_x || !authz_x || !sreq) {
        fprintf(stderr, "  case %s: files missing\n", name);
        fail = 1;
        goto out;
    }
    cr.session_token = token;
    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.service = "service";
    o.now = st_time("20150830T123600Z");
    o.normalize_path = 1;
    o.no_double_encode = 1;
    o.omit_session_token = strstr(name, "header-after") != NULL;

    rc = st_parse_req(a, req, &m);
    if (rc) {
        fprintf(stderr, "  case %s: cannot parse .req (%d)\n", name, rc);
        fail = 1;
        goto out;
    }
    cboto__buf_init(&creq, a, 0);
    cboto__buf_init(&sts, a, 0);
    rc = cboto__sigv4_sign_headers(c, &m, &cr, &o, sig);
    if (rc) {
        fprintf(stderr, "  case %s: sign: %s\n", name, cboto_err_name(rc));
        fail = 1;
    } else {
        fail |= st_diff(name, "Authorization", authz_x,
                        cboto__kvlist_get(&m.headers, "Authorization"));
        cboto__kvlist_remove(&m.headers, "Authorization");
        if (o.omit_session_token)
            cboto__kvlist_remove(&m.headers, "X-Amz-Security-Token");
        rc = st_recompute(&m, &o, NULL, &creq, &sts);
        fail |= rc != 0;
        fail |=
            st_diff(name, "canonical request", creq_x, cboto__buf_cstr(&creq));
        fail |= st_diff(name, "string to sign", sts_x, cboto__buf_cstr(&sts));
    }
    cboto__buf_cleanup(&creq);
    cboto__buf_cleanup(&sts);
    cboto__http_msg_cleanup(&m);
out:
    free(req);
    free(creq_x);
    free(sts_x);
    free(authz_x);
    free(sreq);
    cboto__free(a, token);
    return fail;
}

static int run_all(struct cboto_allocator *a, struct cboto__sigv4_cache *c)
{
    char root[4096];
    size_t i;
    int failed = 0, checked = 0;

    if (!st_data_path(root, sizeof root, ""))
        return TEST_SKIP;
    for (i = 0; i < sizeof s_cases / sizeof *s_cases; i++) {
        {
            int bad_ = (run_case(a, c, root, s_cases[i])) != 0;

            test_case(s_cases[i], !bad_);
            failed += bad_;
        }
        checked++;
    }
    ASSERT_EQ(0, failed);
    ASSERT_EQ(34, checked);
    return 0;
}

static int test_classic_suite(struct cboto_allocator *a)
{
    return run_all(a, NULL);
}

/* The same through a signing-key cache: every case after the first is a
 * hit, and the signatures must not change. */
static int test_classic_suite_cached(struct cboto_allocator *a)
{
    struct cboto__sigv4_cache *c = NULL;
    unsigned long hits = 0, misses = 0;
    int rc;

    ASSERT_OK(cboto__sigv4_cache_new(a, &c));
    rc = run_all(a, c);
    cboto__sigv4_cache_stats(c, &hits, &misses);
    cboto__sigv4_cache_free(c);
    if (rc)
        return rc;
    ASSERT_EQ(1, misses);
    ASSERT_EQ(33, hits);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
