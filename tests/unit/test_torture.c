/* SPDX-License-Identifier: MIT */
/*
 * Allocation-failure torture across the main paths that the per-module
 * tests do not already cover: every S3 fixture through every XML parser,
 * every error fixture through the error parser, SigV4 signing of the
 * message of each request the S3 builders make, and a client created from
 * the AWS files.  For each, allocation 1, 2, ... N fails in turn (N is
 * what an undisturbed run makes): the call must end in CBOTO_ENOMEM and
 * leave nothing allocated, or — when the failed allocation was optional —
 * give exactly the undisturbed outcome.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/s3/s3_internal.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(s3_fixtures_every_parser)                                               \
    X(error_fixtures)                                                         \
    X(sign_built_requests)                                                    \
    X(client_from_files)
#include "harness.h"
#include "run_parser.h"

#define S3DATA  TOP_SRCDIR "/tests/data/s3/"
#define XMLDATA TOP_SRCDIR "/tests/data/xml/"
#define CFGDATA TOP_SRCDIR "/tests/data/config/"

/* ---- a text picture of an outcome, to compare runs -------------------- */

struct pic {
    char *p;
    size_t len, cap;
};

static void pic_add(struct pic *b, const char *tag, const char *s)
{
    size_t need = strlen(tag) + (s ? strlen(s) : 6) + 3;

    if (b->len + need + 1 > b->cap) {
        size_t ncap = (b->cap + need + 1) * 2;
        char *np = realloc(b->p, ncap);

        if (!np)
            abort();
        b->p = np;
        b->cap = ncap;
    }
    b->len += (size_t)snprintf(b->p + b->len, b->cap - b->len, "%s=%s\n", tag,
                               s ? s : "(null)");
}

static void pic_num(struct pic *b, const char *tag, unsigned long long v)
{
    char tmp[32];

    snprintf(tmp, sizeof tmp, "%llu", v);
    pic_add(b, tag, tmp);
}

static char *pic_list(const struct cboto_s3_list_result *r)
{
    struct pic b = {NULL, 0, 0};
    size_t i;

    pic_add(&b, "bucket", r->bucket);
    pic_add(&b, "prefix", r->prefix);
    pic_add(&b, "delimiter", r->delimiter);
    pic_add(&b, "start_after", r->start_after);
    pic_add(&b, "token", r->continuation_token);
    pic_add(&b, "next_token", r->next_continuation_token);
    pic_add(&b, "marker", r->marker);
    pic_add(&b, "next_marker", r->next_marker);
    pic_num(&b, "truncated", (unsigned)r->is_truncated);
    pic_num(&b, "key_count", (unsigned)r->key_count);
    pic_num(&b, "max_keys", (unsigned)r->max_keys);
    for (i = 0; i < r->n_objects; i++) {
        const struct cboto_s3_object *o = &r->objects[i];

        pic_add(&b, "key", o->key);
        pic_num(&b, "size", o->size);
        pic_add(&b, "etag", o->etag);
        pic_add(&b, "modified", o->last_modified);
        pic_num(&b, "mtime", (unsigned long long)o->last_modified_time);
        pic_add(&b, "class", o->storage_class);
        pic_add(&b, "owner_id", o->owner_id);
        pic_add(&b, "owner_name", o->owner_name);
    }
    for (i = 0; i < r->n_common_prefixes; i++)
        pic_add(&b, "common", r->common_prefixes[i]);
    return b.p;
}

static char *pic_buckets(const struct cboto_s3_bucket_list *r)
{
    struct pic b = {NULL, 0, 0};
    size_t i;

    pic_add(&b, "owner_id", r->owner_id);
    pic_add(&b, "owner_name", r->owner_name);
    for (i = 0; i < r->n_buckets; i++) {
        pic_add(&b, "name", r->buckets[i].name);
        pic_add(&b, "created", r->buckets[i].creation_date);
    }
    pic_add(&b, "end", "");
    return b.p;
}

/* ---- parsers ------------------------------------------------------------ */

/* What an executor does, the body fed in 13-byte pieces.  *pic receives
 * a picture of the result (malloc'd) on success. */
static int run_parser(const struct cboto_allocator *a,
                      const struct cboto__parser *p, const char *doc,
                      size_t len, char **pic)
{
    void *result = NULL;
    int rc = test_run_parser(a, p, NULL, NULL, doc, len, 13, &result);

    *pic = NULL;
    if (!rc && result) {
        *pic = p == &cboto__s3_list_parser ? pic_list(result)
                                           : pic_buckets(result);
        p->result_free(a, result);
    }
    return rc;
}

static const char *const s_s3_fixtures[] = {
    "bad_bool.xml",          "bad_escape.xml",
    "bad_escape_nul.xml",    "bad_keycount.xml",
    "bad_no_key.xml",        "bad_root.xml",
    "bad_size.xml",          "bad_size_empty.xml",
    "bad_size_negative.xml", "bad_size_overflow.xml",
    "buckets.xml",           "buckets_empty.xml",
    "buckets_moto.xml",      "list_v1_marker.xml",
    "list_v1_moto.xml",      "list_v2.xml",
    "list_v2_empty.xml",     "list_v2_owner.xml",
    "list_v2_prefixes.xml",  "list_v2_trunc_moto.xml",
    "list_v2_truncated.xml", "list_v2_url.xml",
    "list_v2_url_moto.xml",  "trailing_garbage.xml",
    "truncated_buckets.xml", "truncated_list.xml",
};

/* One fixture through one parser: returns the number of allocations an
 * undisturbed run makes, or -1 after reporting a failure. */
static long parser_torture(const struct cboto_allocator *a,
                           const struct cboto__parser *p, const char *name,
                           int *outcome)
{
    char path[1024], *doc, *want = NULL;
    size_t len;
    long n, count;
    int rc0;

    snprintf(path, sizeof path, "%s%s", S3DATA, name);
    if (test_read_file(path, &doc, &len) != 0) {
        fprintf(stderr, "  cannot read %s\n", path);
        return -1;
    }
    s_test_alloc.total = 0;
    rc0 = run_parser(a, p, doc, len, &want);
    count = s_test_alloc.total;
    *outcome = rc0;
    for (n = 1; n <= count; n++) {
        char *got = NULL;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = run_parser(a, p, doc, len, &got);
        s_test_alloc.fail_after = 0;
        if (s_test_alloc.live != 0) {
            fprintf(stderr,
                    "  %s %s: allocation %ld of %ld failing "
                    "leaked %ld block(s)\n",
                    p->name, name, n, count, s_test_alloc.live);
            goto fail;
        }
        if (rc == CBOTO_ENOMEM)
            continue;
        if (rc != rc0 || (want == NULL) != (got == NULL) ||
            (want && strcmp(want, got) != 0)) {
            fprintf(stderr,
                    "  %s %s: allocation %ld of %ld failing gave "
                    "%s, an undisturbed run %s%s\n",
                    p->name, name, n, count, cboto_err_name(rc),
                    cboto_err_name(rc0),
                    rc == rc0 ? " with another result" : "");
            free(got);
            goto fail;
        }
        free(got);
    }
    free(want);
    free(doc);
    return count;
fail:
    free(want);
    free(doc);
    return -1;
}

static int test_s3_fixtures_every_parser(struct cboto_allocator *a)
{
    static const struct cboto__parser *const parsers[] = {
        &cboto__s3_list_parser, &cboto__s3_buckets_parser};
    size_t i, j;
    int lists_ok = 0, buckets_ok = 0;

    for (i = 0; i < sizeof s_s3_fixtures / sizeof s_s3_fixtures[0]; i++) {
        for (j = 0; j < 2; j++) {
            char name[256];
            int outcome = 0;
            long count =
                parser_torture(a, parsers[j], s_s3_fixtures[i], &outcome);

            snprintf(name, sizeof name, "%s/%s", parsers[j]->name,
                     s_s3_fixtures[i]);
            test_case(name, count >= 0);
            if (count > 0 && outcome == CBOTO_OK) {
                if (j == 0)
                    lists_ok++;
                else
                    buckets_ok++;
            }
        }
    }
    /* The fixtures hold real listings: the torture saw successes. */
    ASSERT_TRUE(lists_ok >= 10);
    ASSERT_EQ(4, buckets_ok); /* bad_root.xml is a bucket list */
    return 0;
}

/* ---- the error parser --------------------------------------------------- */

static char *pic_fields(const struct cboto__error_fields *f)
{
    struct pic b = {NULL, 0, 0};

    pic_add(&b, "code", f->code);
    pic_add(&b, "message", f->message);
    pic_add(&b, "request_id", f->request_id);
    pic_add(&b, "host_id", f->host_id);
    pic_add(&b, "region", f->region);
    pic_add(&b, "endpoint", f->endpoint);
    pic_add(&b, "server_time", f->server_time);
    return b.p;
}

static int error_torture(const struct cboto_allocator *a, const char *name,
                         int *outcome)
{
    char path[1024], *doc, *want = NULL;
    struct cboto__error_fields f;
    size_t len;
    long n, count;
    int rc0;

    snprintf(path, sizeof path, "%s%s", XMLDATA, name);
    if (test_read_file(path, &doc, &len) != 0)
        FAILF("cannot read %s", path);
    s_test_alloc.total = 0;
    rc0 = cboto__parse_error_doc(a, doc, len, &f);
    count = s_test_alloc.total;
    if (rc0 == CBOTO_OK) {
        want = pic_fields(&f);
        cboto__error_fields_cleanup(a, &f);
    }
    *outcome = rc0;
    for (n = 1; n <= count; n++) {
        char *got = NULL;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = cboto__parse_error_doc(a, doc, len, &f);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            got = pic_fields(&f);
            cboto__error_fields_cleanup(a, &f);
        }
        if (s_test_alloc.live != 0 ||
            (rc != CBOTO_ENOMEM &&
             (rc != rc0 || (want && strcmp(want, got) != 0)))) {
            free(got);
            free(want);
            free(doc);
            FAILF("%s: allocation %ld of %ld failing gave %s (undisturbed "
                  "%s), %ld block(s) leaked",
                  name, n, count, cboto_err_name(rc), cboto_err_name(rc0),
                  s_test_alloc.live);
        }
        free(got);
    }
    free(want);
    free(doc);
    return 0;
}

static int test_error_fixtures(struct cboto_allocator *a)
{
    static const struct {
        const char *file;
        int rc;
    } cases[] = {
        {"error_s3_moto.xml", CBOTO_OK},
        {"error_s3_redirect.xml", CBOTO_OK},
        {"error_s3_skewed.xml", CBOTO_OK},
        {"error_sdb.xml", CBOTO_OK},
        {"error_sdb_moto.xml", CBOTO_OK},
        {"error_sqs.xml", CBOTO_OK},
        {"error_sqs_errors.xml", CBOTO_OK},
        {"error_sqs_moto.xml", CBOTO_OK},
        {"error_html.xml", CBOTO_EPARSE},
        {"error_no_code.xml", CBOTO_EPARSE},
        {"error_not_error.xml", CBOTO_EPARSE},
        {"error_truncated.xml", CBOTO_EPARSE},
        {"billion_laughs.xml", CBOTO_EPARSE},
        {"xxe.xml", CBOTO_EPARSE},
        {"xxe_external_dtd.xml", CBOTO_EPARSE},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int outcome = -1, ok;

        ok = error_torture(a, cases[i].file, &outcome) == 0;
        if (ok && outcome != cases[i].rc) {
            fprintf(stderr, "  %s: expected %s, got %s\n", cases[i].file,
                    cboto_err_name(cases[i].rc), cboto_err_name(outcome));
            ok = 0;
        }
        test_case(cases[i].file, ok);
    }
    return 0;
}

/* ---- SigV4 signing of built requests ------------------------------------ */

enum op {
    OP_CREATE_BUCKET,
    OP_DELETE_BUCKET,
    OP_LIST_BUCKETS,
    OP_PUT_OBJECT,
    OP_GET_OBJECT,
    OP_HEAD_OBJECT,
    OP_DELETE_OBJECT,
    OP_LIST_OBJECTS,
    OP_COUNT
};

static const char *const s_op_names[] = {
    "create_bucket", "delete_bucket", "list_buckets",  "put_object",
    "get_object",    "head_object",   "delete_object", "list_objects_v2"};

static int build(struct cboto_client *cl, enum op op,
                 struct cboto_request **out)
{
    static const uint8_t body[] = "hello, torture";
    struct cboto_s3_bucket_params bp = {.bucket = "bkt"};
    struct cboto_s3_object_attrs attrs;
    struct cboto_s3_put_params pp = {.bucket = "bkt",
                                     .key = "dir/a b+c\xc3\xa9",
                                     .content_type = "text/plain"};
    struct cboto_s3_get_params gp;
    struct cboto_s3_delete_params dp = {
        .bucket = "bkt", .key = "k", .version_id = "v1"};
    struct cboto_s3_list_params lp = {.bucket = "bkt",
                                      .prefix = "p/",
                                      .delimiter = "/",
                                      .continuation_token = "tok",
                                      .start_after = "s",
                                      .max_keys = 10,
                                      .fetch_owner = 1};
    int rc = CBOTO_EINVAL;

    memset(&attrs, 0, sizeof attrs);
    attrs.cache_control = "no-cache";
    attrs.storage_class = "STANDARD_IA";
    pp.attrs = &attrs;
    memset(&gp, 0, sizeof gp);
    gp.bucket = "bkt";
    gp.key = "k";
    gp.has_range = 1;
    gp.first_byte = 1;
    gp.last_byte = 2;
    gp.if_none_match = "\"b\"";
    gp.version_id = "v1";
    switch (op) {
    case OP_CREATE_BUCKET:
        return cboto_s3_create_bucket(cl, &bp, out);
    case OP_DELETE_BUCKET:
        return cboto_s3_delete_bucket(cl, &bp, out);
    case OP_LIST_BUCKETS:
        return cboto_s3_list_buckets(cl, out);
    case OP_PUT_OBJECT:
        rc = cboto_s3_put_object(cl, &pp, out);
        if (rc == CBOTO_OK) {
            struct cboto_cursor c = {body, sizeof body - 1};

            rc = cboto_request_set_body(*out, c, CBOTO_BODY_COPY);
            if (rc) {
                cboto_request_release(*out);
                *out = NULL;
            }
        }
        return rc;
    case OP_GET_OBJECT:
        return cboto_s3_get_object(cl, &gp, out);
    case OP_HEAD_OBJECT:
        return cboto_s3_head_object(cl, &gp, out);
    case OP_DELETE_OBJECT:
        return cboto_s3_delete_object(cl, &dp, out);
    case OP_LIST_OBJECTS:
        return cboto_s3_list_objects_v2(cl, &lp, out);
    case OP_COUNT:
        break;
    }
    return rc;
}

/* The message of one attempt, as the transfer builds and signs it, and
 * its picture: every header and the URL. */
static int sign_request(const struct cboto_allocator *a,
                        const struct cboto_request *rq,
                        struct cboto__sigv4_cache *cache, char **pic)
{
    struct cboto_client *cl = rq->client;
    struct cboto__creds_view cr = {cl->cfg.access_key_id,
                                   cl->cfg.secret_access_key,
                                   cl->cfg.session_token};
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf url;
    char hash[65];
    int rc;

    *pic = NULL;
    memset(&o, 0, sizeof o);
    o.region = cl->region;
    o.service = rq->sign_service;
    o.now = 1440938160;
    o.s3 = 1;
    rc = cboto__sha256_hex(rq->body.ptr ? (const void *)rq->body.ptr : "",
                           rq->body.len, hash);
    if (rc)
        return rc;
    o.payload_hash = hash;
    cboto__buf_init(&url, a, 0);
    rc = cboto__http_msg_init(&m, a, rq->method, rq->scheme, rq->host,
                              rq->path);
    if (rc)
        return rc;
    rc = cboto__kvlist_copy(&m.headers, &rq->headers);
    if (!rc)
        rc = cboto__kvlist_copy(&m.query, &rq->query);
    m.body.ptr = rq->body.ptr;
    m.body.len = rq->body.len;
    if (!rc)
        rc = cboto__sigv4_sign_headers(cache, &m, &cr, &o, NULL);
    if (!rc)
        rc = cboto__http_msg_url(&m, &url);
    if (!rc) {
        struct pic b = {NULL, 0, 0};
        size_t i;

        pic_add(&b, "url", cboto__buf_cstr(&url));
        for (i = 0; i < m.headers.n; i++)
            pic_add(&b, m.headers.v[i].name, m.headers.v[i].value);
        *pic = b.p;
    }
    cboto__buf_cleanup(&url);
    cboto__http_msg_cleanup(&m);
    return rc;
}

static int make_client(struct cboto_allocator *a, const char *token,
                       struct cboto_client **out)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.session_token = token;
    o.region = "eu-west-1";
    o.allocator = a;
    return cboto_client_new(&o, out);
}

static int sign_torture(struct cboto_allocator *a, enum op op,
                        const char *token, int cached)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__sigv4_cache *cache = NULL;
    char *want, *got;
    long n, count, base, live;
    int rc;

    ASSERT_OK(make_client(a, token, &cl));
    ASSERT_OK(build(cl, op, &rq));
    if (cached)
        cache = cl->sig_cache;
    base = s_test_alloc.total;
    ASSERT_OK(sign_request(a, rq, cache, &want));
    count = s_test_alloc.total - base;
    ASSERT_TRUE(count >= 5);
    live = s_test_alloc.live;
    for (n = 1; n <= count; n++) {
        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = sign_request(a, rq, cache, &got);
        s_test_alloc.fail_after = 0;
        if (s_test_alloc.live != live ||
            (rc != CBOTO_ENOMEM && (rc != CBOTO_OK || strcmp(want, got)))) {
            long leaked = s_test_alloc.live - live;

            free(got);
            free(want);
            cboto_request_release(rq);
            cboto_client_free(cl);
            FAILF("%s%s: allocation %ld of %ld failing gave %s, %ld "
                  "block(s) leaked",
                  s_op_names[op], token ? " (token)" : "", n, count,
                  cboto_err_name(rc), leaked);
        }
        free(got);
    }
    free(want);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_sign_built_requests(struct cboto_allocator *a)
{
    int op;

    for (op = 0; op < OP_COUNT; op++) {
        int ok = sign_torture(a, (enum op)op, NULL, 0) == 0 &&
                 sign_torture(a, (enum op)op, "TOKEN", 1) == 0;

        test_case(s_op_names[op], ok);
    }
    return 0;
}

/* ---- a client from the AWS files ---------------------------------------- */

static int client_files_torture(struct cboto_allocator *a, const char *profile,
                                const char *want_region,
                                const char *want_source)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    char err[256];
    long n, count, base;

    memset(&o, 0, sizeof o);
    o.profile = profile;
    o.allocator = a;
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    base = s_test_alloc.total;
    if (cboto_client_new(&o, &cl) != CBOTO_OK)
        FAILF("%s: %s", profile, err);
    count = s_test_alloc.total - base;
    ASSERT_STREQ(want_region, cboto_client_region(cl));
    ASSERT_STREQ(want_source, cboto_client_credentials_source(cl));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_TRUE(count >= 20);
    for (n = 1; n <= count; n++) {
        int rc;

        cl = NULL;
        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = cboto_client_new(&o, &cl);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            /* Only an optional allocation may fail unnoticed. */
            int same =
                strcmp(want_region, cboto_client_region(cl)) == 0 &&
                strcmp(want_source, cboto_client_credentials_source(cl)) == 0;

            cboto_client_free(cl);
            if (!same)
                FAILF("%s: allocation %ld of %ld failing made another "
                      "client",
                      profile, n, count);
            continue;
        }
        if (rc != CBOTO_ENOMEM || s_test_alloc.live != 0)
            FAILF("%s: allocation %ld of %ld failing gave %s (%s), %ld "
                  "block(s) leaked",
                  profile, n, count, cboto_err_name(rc), err,
                  s_test_alloc.live);
    }
    return 0;
}

static int test_client_from_files(struct cboto_allocator *a)
{
    static const char *const clear[] = {
        "AWS_ACCESS_KEY_ID",    "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",    "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",          "AWS_DEFAULT_PROFILE",
        "AWS_REGION",           "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",     "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SIMPLEDB",
        "AWS_MAX_ATTEMPTS",     "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"};
    size_t i;

    for (i = 0; i < sizeof clear / sizeof clear[0]; i++)
        unsetenv(clear[i]);
    setenv("AWS_CONFIG_FILE", CFGDATA "config", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", CFGDATA "credentials", 1);
    /* Keys, token and region from the credentials file over the config
     * file; keys, token, nested endpoints from the config file. */
    if (client_files_torture(a, "work", "eu-north-1",
                             "shared-credentials-file"))
        return 1;
    if (client_files_torture(a, "cfgcreds", "eu-central-1", "config-file"))
        return 1;
    if (client_files_torture(a, "default", "us-west-2",
                             "shared-credentials-file"))
        return 1;
    return 0;
}

HARNESS_MAIN(TEST_LIST)
