/* SPDX-License-Identifier: MIT */
/*
 * The S3 request builders, without the network: what each builder puts in
 * the request (method, URL pieces, query, headers, body, parser), the
 * addressing rules, input validation, printing and allocation failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/s3/s3_internal.h"

#define TEST_LIST(X)                                                          \
    X(put_object_fields)                                                      \
    X(put_object_content_type)                                                \
    X(key_percent_encoding)                                                   \
    X(key_utf8_and_dot_segments)                                              \
    X(key_leading_slash)                                                      \
    X(list_objects_v2_query)                                                  \
    X(list_objects_v2_minimal)                                                \
    X(get_object_range_and_conditions)                                        \
    X(get_object_bad_input)                                                   \
    X(head_object_fields)                                                     \
    X(delete_object_fields)                                                   \
    X(create_bucket_location)                                                 \
    X(create_bucket_us_east_1_no_body)                                        \
    X(delete_bucket_and_list_buckets)                                         \
    X(addressing_default_virtual)                                             \
    X(addressing_dotted_bucket_path)                                          \
    X(addressing_custom_endpoint_path)                                        \
    X(addressing_localhost_path)                                              \
    X(addressing_forced)                                                      \
    X(addressing_base_path)                                                   \
    X(addressing_default_ports_dropped)                                       \
    X(signing_kind)                                                           \
    X(bucket_rules)                                                           \
    X(bucket_invalid_in_builders)                                             \
    X(bucket_missing_in_builders)                                             \
    X(key_rules)                                                              \
    X(request_print)                                                          \
    X(request_print_write_error)                                              \
    X(request_add_header_rules)                                               \
    X(request_add_query_rules)                                                \
    X(request_refcount_keeps_client)                                          \
    X(alloc_failure_builders)
#include "harness.h"

#define AK "AKIDEXAMPLE"
#define SK "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* A client that never looks at the environment or the AWS files. */
static int make_client(struct cboto_allocator *a, const char *region,
                       const char *endpoint, enum cboto_s3_addressing mode,
                       struct cboto_client **out)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = AK;
    o.secret_access_key = SK;
    o.region = region;
    o.endpoint_url = endpoint;
    o.s3_addressing = mode;
    o.allocator = a;
    return cboto_client_new(&o, out);
}

/* A value no builder could produce: *out must keep it on failure. */
static struct cboto_request *const SENTINEL =
    (struct cboto_request *)(uintptr_t)0x5a5a5a5a;

/* Assert the request's address. */
#define ASSERT_ADDR(rq, sch, hst, pth)                                        \
    do {                                                                      \
        ASSERT_STREQ((sch), (rq)->scheme);                                    \
        ASSERT_STREQ((hst), (rq)->host);                                      \
        ASSERT_STREQ((pth), (rq)->path);                                      \
    } while (0)

/* Path-style PutObject of key in bucket "bkt" at a custom endpoint, and
 * the path it got (copied into buf). */
static int put_path(struct cboto_client *cl, const char *key, char *buf,
                    size_t size)
{
    struct cboto_s3_put_params p = {.bucket = "bkt", .key = key};
    struct cboto_request *rq;
    int rc = cboto_s3_put_object(cl, &p, &rq);

    if (rc)
        return rc;
    snprintf(buf, size, "%s", rq->path);
    cboto_request_release(rq);
    return CBOTO_OK;
}

/* ---- builders -------------------------------------------------------- */

static int test_put_object_fields(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_s3_put_params p = {.bucket = "my-bucket", .key = "a/b.txt"};

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_put_object(cl, &p, &rq));
    ASSERT_STREQ("s3.PutObject", cboto_request_operation(rq));
    ASSERT_STREQ("PUT", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "my-bucket.s3.amazonaws.com", "/a/b.txt");
    ASSERT_EQ(0, rq->query.n);
    ASSERT_EQ(1, rq->headers.n);
    ASSERT_STREQ("Content-Type", rq->headers.v[0].name);
    ASSERT_STREQ("application/octet-stream", rq->headers.v[0].value);
    ASSERT_TRUE(rq->parser == &cboto__s3_put_parser);
    ASSERT_EQ(CBOTO__BODY_NONE, rq->body.kind);
    ASSERT_EQ(CBOTO__SINK_MEMORY, rq->sink.kind);
    ASSERT_EQ(0, rq->unsigned_payload);
    ASSERT_TRUE(rq->svc == CBOTO__SVC_S3);
    cboto_request_release(rq);

    p.unsigned_payload = 1;
    ASSERT_OK(cboto_s3_put_object(cl, &p, &rq));
    ASSERT_EQ(1, rq->unsigned_payload);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_put_object_content_type(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq, *out = SENTINEL;
    struct cboto_s3_put_params p = {
        .bucket = "bkt", .key = "k", .content_type = "text/plain; charset=x"};

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_put_object(cl, &p, &rq));
    ASSERT_STREQ("text/plain; charset=x",
                 cboto__kvlist_get(&rq->headers, "content-type"));
    ASSERT_EQ(1, rq->headers.n);
    cboto_request_release(rq);

    p.content_type = "text/plain\r\nX-Evil: 1";
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_put_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    p.content_type = "a\nb";
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_put_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_key_percent_encoding(struct cboto_allocator *a)
{
    static const struct {
        const char *key, *path;
    } cases[] = {
        {"a b", "/bkt/a%20b"},
        {"a+b", "/bkt/a%2Bb"},
        {"100%", "/bkt/100%25"},
        {"q?x", "/bkt/q%3Fx"},
        {"h#x", "/bkt/h%23x"},
        {"a&b=c", "/bkt/a%26b%3Dc"},
        {"~tilde~", "/bkt/~tilde~"},
        {"a/b/c", "/bkt/a/b/c"},
        {"-_.AZaz09", "/bkt/-_.AZaz09"},
        {"x:y@z,;$!*'()[]", "/bkt/x%3Ay%40z%2C%3B%24%21%2A%27%28%29%5B%5D"},
        {"tab\there", "/bkt/tab%09here"},
        {"%20", "/bkt/%2520"},
    };
    struct cboto_client *cl;
    char path[256];
    size_t i;

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ASSERT_OK(put_path(cl, cases[i].key, path, sizeof path));
        ASSERT_STREQ(cases[i].path, path);
    }
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_key_utf8_and_dot_segments(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    char path[256];

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    /* é (2 bytes), € (3 bytes), 😀 (4 bytes): each byte encoded. */
    ASSERT_OK(put_path(cl, "caf\xc3\xa9", path, sizeof path));
    ASSERT_STREQ("/bkt/caf%C3%A9", path);
    ASSERT_OK(put_path(cl, "\xe2\x82\xac", path, sizeof path));
    ASSERT_STREQ("/bkt/%E2%82%AC", path);
    ASSERT_OK(put_path(cl, "\xf0\x9f\x98\x80.png", path, sizeof path));
    ASSERT_STREQ("/bkt/%F0%9F%98%80.png", path);
    /* Dot segments and empty segments are part of the key: verbatim. */
    ASSERT_OK(put_path(cl, "dir//./../x", path, sizeof path));
    ASSERT_STREQ("/bkt/dir//./../x", path);
    ASSERT_OK(put_path(cl, "..", path, sizeof path));
    ASSERT_STREQ("/bkt/..", path);
    ASSERT_OK(put_path(cl, "trailing/", path, sizeof path));
    ASSERT_STREQ("/bkt/trailing/", path);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_key_leading_slash(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_s3_put_params p = {.bucket = "bkt", .key = "/lead"};
    char path[64];

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_put_object(cl, &p, &rq));
    ASSERT_ADDR(rq, "https", "bkt.s3.amazonaws.com", "//lead");
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(put_path(cl, "/lead", path, sizeof path));
    ASSERT_STREQ("/bkt//lead", path);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_list_objects_v2_query(struct cboto_allocator *a)
{
    static const char *const want[][2] = {
        {"list-type", "2"},
        {"encoding-type", "url"},
        {"prefix", "photos/2024 a+b"},
        {"delimiter", "/"},
        {"continuation-token",
         "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="},
        {"start-after", "photos/2024/a"},
        {"max-keys", "250"},
        {"fetch-owner", "true"},
    };
    struct cboto_s3_list_params p = {
        .bucket = "bkt",
        .prefix = "photos/2024 a+b",
        .delimiter = "/",
        .continuation_token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
        .start_after = "photos/2024/a",
        .max_keys = 250,
        .fetch_owner = 1,
    };
    struct cboto_client *cl;
    struct cboto_request *rq;
    size_t i;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_objects_v2(cl, &p, &rq));
    ASSERT_STREQ("s3.ListObjectsV2", cboto_request_operation(rq));
    ASSERT_STREQ("GET", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "bkt.s3.amazonaws.com", "/");
    ASSERT_TRUE(rq->parser == &cboto__s3_list_parser);
    ASSERT_EQ(sizeof want / sizeof want[0], rq->query.n);
    for (i = 0; i < rq->query.n; i++) {
        /* Stored decoded: encoding happens on the wire. */
        ASSERT_STREQ(want[i][0], rq->query.v[i].name);
        ASSERT_STREQ(want[i][1], rq->query.v[i].value);
    }
    ASSERT_EQ(0, rq->headers.n);
    ASSERT_EQ(CBOTO__BODY_NONE, rq->body.kind);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_list_objects_v2_minimal(struct cboto_allocator *a)
{
    struct cboto_s3_list_params p = {.bucket = "bkt"};
    struct cboto_client *cl;
    struct cboto_request *rq, *out = SENTINEL;

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_objects_v2(cl, &p, &rq));
    ASSERT_ADDR(rq, "http", "127.0.0.1:5000", "/bkt");
    ASSERT_EQ(2, rq->query.n);
    ASSERT_STREQ("2", cboto__kvlist_get(&rq->query, "list-type"));
    ASSERT_STREQ("url", cboto__kvlist_get(&rq->query, "encoding-type"));
    ASSERT_NULL(cboto__kvlist_get(&rq->query, "max-keys"));
    ASSERT_NULL(cboto__kvlist_get(&rq->query, "fetch-owner"));
    cboto_request_release(rq);

    /* An empty prefix is still a prefix parameter. */
    p.prefix = "";
    ASSERT_OK(cboto_s3_list_objects_v2(cl, &p, &rq));
    ASSERT_EQ(3, rq->query.n);
    ASSERT_STREQ("", cboto__kvlist_get(&rq->query, "prefix"));
    cboto_request_release(rq);

    p.max_keys = -1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_list_objects_v2(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_list_objects_v2(cl, NULL, &out));
    ASSERT_TRUE(out == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_get_object_range_and_conditions(struct cboto_allocator *a)
{
    struct cboto_s3_get_params p;
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "obj";
    p.has_range = 1;
    p.first_byte = 2;
    p.last_byte = 4;
    p.if_match = "\"etag-1\"";
    p.if_none_match = "\"etag-2\"";
    p.if_modified_since = 784111777;    /* Sun, 06 Nov 1994 08:49:37 GMT */
    p.if_unmodified_since = 1795558791; /* Tue, 24 Nov 2026 22:19:51 GMT */
    p.version_id = "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY";
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    ASSERT_STREQ("s3.GetObject", cboto_request_operation(rq));
    ASSERT_STREQ("GET", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "bkt.s3.eu-west-1.amazonaws.com", "/obj");
    ASSERT_TRUE(rq->parser == &cboto__s3_object_info_parser);
    ASSERT_EQ(5, rq->headers.n);
    ASSERT_STREQ("bytes=2-4", cboto__kvlist_get(&rq->headers, "Range"));
    ASSERT_STREQ("\"etag-1\"", cboto__kvlist_get(&rq->headers, "If-Match"));
    ASSERT_STREQ("\"etag-2\"",
                 cboto__kvlist_get(&rq->headers, "If-None-Match"));
    ASSERT_STREQ("Sun, 06 Nov 1994 08:49:37 GMT",
                 cboto__kvlist_get(&rq->headers, "If-Modified-Since"));
    ASSERT_STREQ("Tue, 24 Nov 2026 22:19:51 GMT",
                 cboto__kvlist_get(&rq->headers, "If-Unmodified-Since"));
    ASSERT_EQ(1, rq->query.n);
    ASSERT_STREQ("versionId", rq->query.v[0].name);
    ASSERT_STREQ("3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", rq->query.v[0].value);
    cboto_request_release(rq);

    /* Open-ended range, nothing else. */
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "obj";
    p.has_range = 1;
    p.first_byte = 5;
    p.last_byte = UINT64_MAX;
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    ASSERT_EQ(1, rq->headers.n);
    ASSERT_STREQ("bytes=5-", cboto__kvlist_get(&rq->headers, "range"));
    ASSERT_EQ(0, rq->query.n);
    cboto_request_release(rq);

    /* One-byte range and a range over 4 GiB. */
    p.first_byte = 7;
    p.last_byte = 7;
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    ASSERT_STREQ("bytes=7-7", cboto__kvlist_get(&rq->headers, "Range"));
    cboto_request_release(rq);
    p.first_byte = 5000000000ull;
    p.last_byte = 5000000099ull;
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    ASSERT_STREQ("bytes=5000000000-5000000099",
                 cboto__kvlist_get(&rq->headers, "Range"));
    cboto_request_release(rq);

    /* has_range unset: first/last are ignored. */
    p.has_range = 0;
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    ASSERT_EQ(0, rq->headers.n);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_get_object_bad_input(struct cboto_allocator *a)
{
    struct cboto_s3_get_params p;
    struct cboto_client *cl;
    struct cboto_request *out = SENTINEL;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "obj";
    p.has_range = 1;
    p.first_byte = 5;
    p.last_byte = 4; /* inverted */
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(cl, &p, &out));
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_head_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);

    p.has_range = 0;
    p.if_match = "\"x\"\r\nX-Evil: 1";
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    p.if_match = NULL;
    p.if_none_match = "\"x\"\n";
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);

    p.if_none_match = NULL;
    p.key = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(cl, &p, &out));
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(cl, NULL, &out));
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_get_object(NULL, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    /* A request that failed half-built was released: none is live. */
    ASSERT_EQ(CBOTO_OK, cboto_client_free(cl));
    return 0;
}

static int test_head_object_fields(struct cboto_allocator *a)
{
    struct cboto_s3_get_params p;
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "dir/obj";
    p.if_none_match = "\"abc\"";
    ASSERT_OK(cboto_s3_head_object(cl, &p, &rq));
    ASSERT_STREQ("s3.HeadObject", cboto_request_operation(rq));
    ASSERT_STREQ("HEAD", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "bkt.s3.amazonaws.com", "/dir/obj");
    ASSERT_TRUE(rq->parser == &cboto__s3_object_info_parser);
    ASSERT_EQ(1, rq->headers.n);
    ASSERT_STREQ("\"abc\"", cboto__kvlist_get(&rq->headers, "If-None-Match"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_delete_object_fields(struct cboto_allocator *a)
{
    struct cboto_s3_delete_params p = {.bucket = "bkt", .key = "k 1"};
    struct cboto_client *cl;
    struct cboto_request *rq, *out = SENTINEL;

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_delete_object(cl, &p, &rq));
    ASSERT_STREQ("s3.DeleteObject", cboto_request_operation(rq));
    ASSERT_STREQ("DELETE", cboto_request_method(rq));
    ASSERT_ADDR(rq, "http", "127.0.0.1:5000", "/bkt/k%201");
    ASSERT_NULL(rq->parser);
    ASSERT_EQ(0, rq->query.n);
    ASSERT_EQ(0, rq->headers.n);
    cboto_request_release(rq);

    p.version_id = "v1";
    ASSERT_OK(cboto_s3_delete_object(cl, &p, &rq));
    ASSERT_EQ(1, rq->query.n);
    ASSERT_STREQ("versionId", rq->query.v[0].name);
    ASSERT_STREQ("v1", rq->query.v[0].value);
    cboto_request_release(rq);

    p.key = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_delete_object(cl, &p, &out));
    ASSERT_TRUE(out == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_create_bucket_location(struct cboto_allocator *a)
{
    static const char want[] =
        "<CreateBucketConfiguration "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>eu-west-1</LocationConstraint>"
        "</CreateBucketConfiguration>";
    static const char want_ap[] =
        "<CreateBucketConfiguration "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>ap-south-1</LocationConstraint>"
        "</CreateBucketConfiguration>";
    struct cboto_s3_bucket_params p = {.bucket = "new-bucket"};
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_create_bucket(cl, &p, &rq));
    ASSERT_STREQ("s3.CreateBucket", cboto_request_operation(rq));
    ASSERT_STREQ("PUT", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "new-bucket.s3.eu-west-1.amazonaws.com", "/");
    ASSERT_EQ(CBOTO__BODY_MEM, rq->body.kind);
    ASSERT_MEMEQ(want, strlen(want), rq->body.ptr, rq->body.len);
    ASSERT_EQ(1, rq->body.owned);
    ASSERT_STREQ("application/xml",
                 cboto__kvlist_get(&rq->headers, "Content-Type"));
    ASSERT_NULL(rq->parser);
    cboto_request_release(rq);

    /* An explicit us-east-1 location outside us-east-1: no body. */
    p.location = "us-east-1";
    ASSERT_OK(cboto_s3_create_bucket(cl, &p, &rq));
    ASSERT_EQ(CBOTO__BODY_NONE, rq->body.kind);
    ASSERT_EQ(0, rq->headers.n);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    /* An explicit location from a us-east-1 client. */
    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    p.location = "ap-south-1";
    ASSERT_OK(cboto_s3_create_bucket(cl, &p, &rq));
    ASSERT_EQ(CBOTO__BODY_MEM, rq->body.kind);
    ASSERT_MEMEQ(want_ap, strlen(want_ap), rq->body.ptr, rq->body.len);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_create_bucket_us_east_1_no_body(struct cboto_allocator *a)
{
    struct cboto_s3_bucket_params p = {.bucket = "new-bucket"};
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_create_bucket(cl, &p, &rq));
    ASSERT_ADDR(rq, "https", "new-bucket.s3.amazonaws.com", "/");
    ASSERT_EQ(CBOTO__BODY_NONE, rq->body.kind);
    ASSERT_NULL(rq->body.ptr);
    ASSERT_EQ(0, rq->body.len);
    ASSERT_EQ(0, rq->headers.n);
    ASSERT_EQ(0, rq->query.n);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_delete_bucket_and_list_buckets(struct cboto_allocator *a)
{
    struct cboto_s3_bucket_params p = {.bucket = "old-bucket"};
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_delete_bucket(cl, &p, &rq));
    ASSERT_STREQ("s3.DeleteBucket", cboto_request_operation(rq));
    ASSERT_STREQ("DELETE", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "old-bucket.s3.eu-west-1.amazonaws.com", "/");
    ASSERT_NULL(rq->parser);
    ASSERT_EQ(CBOTO__BODY_NONE, rq->body.kind);
    cboto_request_release(rq);

    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_STREQ("s3.ListBuckets", cboto_request_operation(rq));
    ASSERT_STREQ("GET", cboto_request_method(rq));
    ASSERT_ADDR(rq, "https", "s3.eu-west-1.amazonaws.com", "/");
    ASSERT_TRUE(rq->parser == &cboto__s3_buckets_parser);
    ASSERT_EQ(0, rq->query.n);
    ASSERT_EQ(0, rq->headers.n);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- addressing --------------------------------------------------------- */

/* GetObject of bucket/key with the given client; checks the address. */
static int check_get_addr(struct cboto_client *cl, const char *bucket,
                          const char *key, const char *scheme,
                          const char *host, const char *path)
{
    struct cboto_s3_get_params p;
    struct cboto_request *rq;

    memset(&p, 0, sizeof p);
    p.bucket = bucket;
    p.key = key;
    ASSERT_OK(cboto_s3_get_object(cl, &p, &rq));
    if (strcmp(scheme, rq->scheme) != 0 || strcmp(host, rq->host) != 0 ||
        strcmp(path, rq->path) != 0) {
        fprintf(stderr, "  %s/%s: expected %s://%s%s, got %s://%s%s\n", bucket,
                key, scheme, host, path, rq->scheme, rq->host, rq->path);
        cboto_request_release(rq);
        return 1;
    }
    cboto_request_release(rq);
    return 0;
}

static int test_addressing_default_virtual(struct cboto_allocator *a)
{
    struct cboto_client *cl;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "https",
                                "bucket.s3.amazonaws.com", "/key"));
    ASSERT_EQ(0, check_get_addr(cl, "my-bucket-01", "a/b", "https",
                                "my-bucket-01.s3.amazonaws.com", "/a/b"));
    ASSERT_OK(cboto_client_free(cl));

    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "https",
                                "bucket.s3.eu-west-1.amazonaws.com", "/key"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_dotted_bucket_path(struct cboto_allocator *a)
{
    struct cboto_client *cl;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "my.bucket", "key", "https",
                                "s3.amazonaws.com", "/my.bucket/key"));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "www.example.com", "index.html", "https",
                                "s3.eu-west-1.amazonaws.com",
                                "/www.example.com/index.html"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_custom_endpoint_path(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(make_client(a, "us-east-1", "http://127.0.0.1:5000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "127.0.0.1:5000",
                                "/bucket/key"));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_ADDR(rq, "http", "127.0.0.1:5000", "/");
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    /* A custom endpoint with an AWS-looking name is still custom. */
    ASSERT_OK(make_client(a, "us-east-1", "https://s3.example.net",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "https", "s3.example.net",
                                "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));

    ASSERT_OK(make_client(a, "us-east-1", "http://[::1]:9000",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "[::1]:9000",
                                "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_localhost_path(struct cboto_allocator *a)
{
    struct cboto_client *cl;

    ASSERT_OK(make_client(a, "us-east-1", "http://localhost:4566",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "localhost:4566",
                                "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_OK(make_client(a, "us-east-1", "http://localhost",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "localhost",
                                "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_forced(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;

    /* Path style on AWS. */
    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_PATH, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "https",
                                "s3.amazonaws.com", "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_OK(
        make_client(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_PATH, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "https",
                                "s3.eu-west-1.amazonaws.com", "/bucket/key"));
    ASSERT_OK(cboto_client_free(cl));

    /* Virtual-hosted on a custom endpoint, port kept. */
    ASSERT_OK(make_client(a, "us-east-1", "http://localhost:9000",
                          CBOTO_S3_ADDRESSING_VIRTUAL, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http",
                                "bucket.localhost:9000", "/key"));
    /* ListBuckets names no bucket: the endpoint's own host. */
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_ADDR(rq, "http", "localhost:9000", "/");
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    /* Forced virtual even with a dotted bucket on AWS. */
    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_VIRTUAL, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "my.bucket", "key", "https",
                                "my.bucket.s3.amazonaws.com", "/key"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_base_path(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_s3_list_params lp = {.bucket = "bucket"};

    ASSERT_OK(make_client(a, "us-east-1", "http://h:8080/base/",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "h:8080",
                                "/base/bucket/key"));
    ASSERT_OK(cboto_s3_list_objects_v2(cl, &lp, &rq));
    ASSERT_ADDR(rq, "http", "h:8080", "/base/bucket");
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    /* Several trailing slashes, a deeper base. */
    ASSERT_OK(make_client(a, "us-east-1", "https://h/a/b//",
                          CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "k/x", "https", "h",
                                "/a/b/bucket/k/x"));
    ASSERT_OK(cboto_client_free(cl));

    ASSERT_OK(make_client(a, "us-east-1", "http://h:8080/base",
                          CBOTO_S3_ADDRESSING_VIRTUAL, &cl));
    ASSERT_EQ(0, check_get_addr(cl, "bucket", "key", "http", "bucket.h:8080",
                                "/base/key"));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_addressing_default_ports_dropped(struct cboto_allocator *a)
{
    static const struct {
        const char *url, *scheme, *host;
    } cases[] = {
        {"https://h:443", "https", "h"},
        {"http://h:80", "http", "h"},
        {"http://h:443", "http", "h:443"},
        {"https://h:80", "https", "h:80"},
        {"https://h:8443/", "https", "h:8443"},
        {"http://[::1]:80", "http", "[::1]"},
    };
    struct cboto_client *cl;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ASSERT_OK(make_client(a, "us-east-1", cases[i].url,
                              CBOTO_S3_ADDRESSING_AUTO, &cl));
        if (check_get_addr(cl, "bucket", "key", cases[i].scheme, cases[i].host,
                           "/bucket/key")) {
            cboto_client_free(cl);
            FAILF("endpoint %s", cases[i].url);
        }
        ASSERT_OK(cboto_client_free(cl));
    }
    return 0;
}

static int test_signing_kind(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_EQ(CBOTO__SIGN_V4_S3, rq->sign);
    ASSERT_STREQ("s3", rq->sign_service);
    ASSERT_TRUE(rq->client == cl);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.anonymous = 1;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_EQ(CBOTO__SIGN_NONE, rq->sign);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- validation -------------------------------------------------------- */

static int test_bucket_rules(struct cboto_allocator *a)
{
    static const char *const good[] = {
        "abc",
        "my-bucket",
        "a.b-c",
        "0bucket9",
        "1.2.3",
        "1.2.3.4.5",
        "123",
        "a-s3alias-b",
        "xn-abc",
        "bucket.mrapx",
        /* 63 characters */
        "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh",
    };
    static const struct {
        const char *name, *why;
    } bad[] = {
        {NULL, "missing"},
        {"", "missing"},
        {"ab", "3 to 63"},
        {"abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi",
         "3 to 63"},
        {"MyBucket", "lower-case"},
        {"my_bucket", "lower-case"},
        {"my bucket", "lower-case"},
        {"my/bucket", "lower-case"},
        {"caf\xc3\xa9s", "lower-case"},
        {"-bucket", "begin and end"},
        {"bucket-", "begin and end"},
        {".bucket", "begin and end"},
        {"bucket.", "begin and end"},
        {"my..bucket", "adjacent periods"},
        {"192.168.5.4", "IP address"},
        {"10.0.0.1", "IP address"},
        {"xn--bucket", "xn--"},
        {"sthree-bucket", "sthree-"},
        {"amzn-s3-demo-bucket", "amzn-s3-demo-"},
        {"bucket-s3alias", "-s3alias"},
        {"bucket--ol-s3", "--ol-s3"},
        {"bucket.mrap", ".mrap"},
        {"bucket--x-s3", "--x-s3"},
        {"bucket--table-s3", "--table-s3"},
    };
    const char *why;
    size_t i;

    (void)a;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        why = "unset";
        if (cboto_s3_validate_bucket(good[i], &why) != CBOTO_OK)
            FAILF("'%s' rejected: %s", good[i], why ? why : "(null)");
        ASSERT_NULL(why);
    }
    ASSERT_EQ(63, strlen(good[sizeof good / sizeof good[0] - 1]));
    ASSERT_EQ(64, strlen(bad[3].name));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        if (cboto_s3_validate_bucket(bad[i].name, &why) != CBOTO_EINVAL)
            FAILF("'%s' accepted", bad[i].name ? bad[i].name : "(null)");
        if (!why || !strstr(why, bad[i].why))
            FAILF("'%s': why is '%s', expected it to name '%s'",
                  bad[i].name ? bad[i].name : "(null)", why ? why : "(null)",
                  bad[i].why);
        /* why may be NULL. */
        ASSERT_EQ(CBOTO_EINVAL, cboto_s3_validate_bucket(bad[i].name, NULL));
    }
    ASSERT_OK(cboto_s3_validate_bucket("abc", NULL));
    return 0;
}

/* Every builder taking a bucket, with that bucket; returns `want` when all
 * of them return it and leave *out untouched, else non-zero (after
 * releasing whatever was built). */
static int all_builders(struct cboto_client *cl, const char *bucket, int want)
{
    static const char *const names[] = {
        "CreateBucket", "DeleteBucket", "PutObject",    "GetObject",
        "HeadObject",   "DeleteObject", "ListObjectsV2"};
    struct cboto_s3_bucket_params bp = {.bucket = bucket};
    struct cboto_s3_put_params pp = {.bucket = bucket, .key = "k"};
    struct cboto_s3_get_params gp;
    struct cboto_s3_delete_params dp = {.bucket = bucket, .key = "k"};
    struct cboto_s3_list_params lp = {.bucket = bucket};
    struct cboto_request *out[7];
    int rc[7], i, result = want;

    memset(&gp, 0, sizeof gp);
    gp.bucket = bucket;
    gp.key = "k";
    for (i = 0; i < 7; i++)
        out[i] = SENTINEL;
    rc[0] = cboto_s3_create_bucket(cl, &bp, &out[0]);
    rc[1] = cboto_s3_delete_bucket(cl, &bp, &out[1]);
    rc[2] = cboto_s3_put_object(cl, &pp, &out[2]);
    rc[3] = cboto_s3_get_object(cl, &gp, &out[3]);
    rc[4] = cboto_s3_head_object(cl, &gp, &out[4]);
    rc[5] = cboto_s3_delete_object(cl, &dp, &out[5]);
    rc[6] = cboto_s3_list_objects_v2(cl, &lp, &out[6]);
    for (i = 0; i < 7; i++) {
        if (rc[i] != want) {
            fprintf(stderr, "  %s with bucket %s%s%s: expected %s, got %s\n",
                    names[i], bucket ? "'" : "", bucket ? bucket : "NULL",
                    bucket ? "'" : "", cboto_err_name(want),
                    cboto_err_name(rc[i]));
            result = rc[i] ? rc[i] : 1;
        }
        if (rc[i] == CBOTO_OK && out[i] != SENTINEL) {
            fprintf(stderr, "    built %s %s://%s%s\n", out[i]->method,
                    out[i]->scheme, out[i]->host, out[i]->path);
            cboto_request_release(out[i]);
        } else if (out[i] != SENTINEL) {
            fprintf(stderr, "  %s: *out was written on failure\n", names[i]);
            result = 1;
        }
    }
    return result;
}

static int test_bucket_invalid_in_builders(struct cboto_allocator *a)
{
    static const char *const bad[] = {"",        "ab",  "Bad",   "a..b",
                                      "1.2.3.4", "-ab", "xn--ab"};
    struct cboto_client *cl;
    size_t i;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = all_builders(cl, bad[i], CBOTO_EINVAL);

        if (rc != CBOTO_EINVAL) {
            cboto_client_free(cl);
            FAILF("bucket '%s'", bad[i]);
        }
    }
    /* Validation happens before any allocation: no live request. */
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* The bucket is "required": a NULL bucket must not silently build a
 * service-level request (e.g. "DELETE /" or "PUT /k"). */
static int test_bucket_missing_in_builders(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    int rc;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    rc = all_builders(cl, NULL, CBOTO_EINVAL);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_EQ(CBOTO_EINVAL, rc);
    return 0;
}

static int test_key_rules(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "",
        "\xc0\xaf",             /* overlong '/' */
        "a\xe0\x80\xaf",        /* overlong 3-byte '/' */
        "\xf0\x80\x80\xaf",     /* overlong 4-byte '/' */
        "x\xed\xa0\x80y",       /* UTF-16 surrogate D800 */
        "\xed\xbf\xbf",         /* surrogate DFFF */
        "trunc\xe2\x82",        /* truncated 3-byte sequence */
        "\xc3",                 /* truncated 2-byte sequence */
        "\xe2\x28\xa1",         /* bad continuation byte */
        "a\x80",                /* lone continuation byte */
        "\xf4\x90\x80\x80",     /* above U+10FFFF */
        "\xf8\x88\x80\x80\x80", /* 5-byte form */
        "\xff",
    };
    struct cboto_client *cl;
    struct cboto_request *rq, *out = SENTINEL;
    struct cboto_s3_put_params pp = {.bucket = "bkt"};
    struct cboto_s3_get_params gp;
    struct cboto_s3_delete_params dp = {.bucket = "bkt"};
    char *key;
    size_t i;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    memset(&gp, 0, sizeof gp);
    gp.bucket = "bkt";
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pp.key = gp.key = dp.key = bad[i];
        if (cboto_s3_put_object(cl, &pp, &out) != CBOTO_EINVAL ||
            cboto_s3_get_object(cl, &gp, &out) != CBOTO_EINVAL ||
            cboto_s3_head_object(cl, &gp, &out) != CBOTO_EINVAL ||
            cboto_s3_delete_object(cl, &dp, &out) != CBOTO_EINVAL) {
            cboto_client_free(cl);
            FAILF("bad key #%zu accepted", i);
        }
        ASSERT_TRUE(out == SENTINEL);
    }
    pp.key = NULL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_put_object(cl, &pp, &out));
    ASSERT_TRUE(out == SENTINEL);

    /* 1024 bytes is the limit; 1025 is over it. */
    key = malloc(1026);
    ASSERT_NOT_NULL(key);
    memset(key, 'k', 1025);
    key[1025] = '\0';
    pp.key = key;
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_put_object(cl, &pp, &out));
    ASSERT_TRUE(out == SENTINEL);
    key[1024] = '\0';
    if (cboto_s3_put_object(cl, &pp, &rq) != CBOTO_OK) {
        free(key);
        FAILF("1024-byte key rejected");
    }
    ASSERT_EQ(1024 + 1, strlen(rq->path));
    cboto_request_release(rq);
    /* 1024 bytes of 2-byte characters: 512 characters, OK. */
    for (i = 0; i < 1024; i += 2) {
        key[i] = (char)0xc3;
        key[i + 1] = (char)0xa9;
    }
    key[1024] = '\0';
    ASSERT_OK(cboto_s3_put_object(cl, &pp, &rq));
    ASSERT_EQ(1 + 1024 * 3, strlen(rq->path));
    cboto_request_release(rq);
    free(key);

    /* Valid edge code points. */
    pp.key = "\xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80";
    ASSERT_OK(cboto_s3_put_object(cl, &pp, &rq));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- printing and editing requests -------------------------------------- */

static int print_to_string(const struct cboto_request *rq, char **text)
{
    size_t len = 0;
    FILE *f = open_memstream(text, &len);
    int rc;

    if (!f)
        return CBOTO_EIO;
    rc = cboto_request_print(rq, f);
    if (fclose(f) != 0 && rc == CBOTO_OK)
        rc = CBOTO_EIO;
    return rc;
}

static int test_request_print(struct cboto_allocator *a)
{
    struct cboto_client_options o;
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_s3_put_params pp = {.bucket = "bkt", .key = "a b/c+d"};
    struct cboto_s3_list_params lp = {.bucket = "bkt", .prefix = "p q/"};
    struct cboto_cursor body = {(const uint8_t *)"hello", 5};
    char *text = NULL;
    int rc;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = AK;
    o.secret_access_key = SK;
    o.session_token = "SESSIONTOKENSECRET";
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &cl));
    ASSERT_OK(cboto_s3_put_object(cl, &pp, &rq));
    ASSERT_OK(cboto_request_set_body(rq, body, CBOTO_BODY_BORROW));
    rc = print_to_string(rq, &text);
    cboto_request_release(rq);
    if (rc != CBOTO_OK || !text) {
        free(text);
        FAILF("print: %s", cboto_err_name(rc));
    }
    if (!strstr(text, "PUT https://bkt.s3.amazonaws.com/a%20b/c%2Bd\n") ||
        !strstr(text, "s3.PutObject") ||
        !strstr(text, "Content-Type: application/octet-stream\n") ||
        !strstr(text, "5 bytes") || strstr(text, SK) ||
        strstr(text, "SESSIONTOKENSECRET") || strstr(text, "Authorization")) {
        fprintf(stderr, "  printed:\n%s", text);
        free(text);
        FAILF("unexpected print output");
    }
    free(text);
    text = NULL;

    ASSERT_OK(cboto_s3_list_objects_v2(cl, &lp, &rq));
    rc = print_to_string(rq, &text);
    cboto_request_release(rq);
    if (rc != CBOTO_OK || !text) {
        free(text);
        FAILF("print: %s", cboto_err_name(rc));
    }
    if (!strstr(text, "GET https://bkt.s3.amazonaws.com/"
                      "?list-type=2&encoding-type=url&prefix=p%20q%2F\n") ||
        strstr(text, SK)) {
        fprintf(stderr, "  printed:\n%s", text);
        free(text);
        FAILF("unexpected print output");
    }
    free(text);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_request_print_write_error(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    FILE *f;
    int rc;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    f = fopen("/dev/null", "r"); /* writing to it fails */
    if (!f) {
        cboto_request_release(rq);
        cboto_client_free(cl);
        skip("cannot open /dev/null");
        return TEST_SKIP;
    }
    rc = cboto_request_print(rq, f);
    fclose(f);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_EQ(CBOTO_EIO, rc);
    return 0;
}

static int test_request_add_header_rules(struct cboto_allocator *a)
{
    static const char *const bad_names[] = {
        "",    "Bad Name", "a:b",  "x\r\ny", "x\n",  "(x)",         "a/b",
        "a,b", "a;b",      "a=b",  "a\"b",   "a\tb", "caf\xc3\xa9", "{x}",
        "a@b", "a?b",      "a[b]", "a\\b",
    };
    static const char *const bad_values[] = {
        "v\r\nX-Evil: 1",
        "v\n",
        "\r",
        "a\rb",
    };
    struct cboto_client *cl;
    struct cboto_request *rq;
    size_t i, n;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        if (cboto_request_add_header(rq, bad_names[i], "v") != CBOTO_EINVAL) {
            cboto_request_release(rq);
            cboto_client_free(cl);
            FAILF("header name #%zu accepted", i);
        }
    }
    for (i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        if (cboto_request_add_header(rq, "X-Ok", bad_values[i]) !=
            CBOTO_EINVAL) {
            cboto_request_release(rq);
            cboto_client_free(cl);
            FAILF("header value #%zu accepted", i);
        }
    }
    ASSERT_EQ(CBOTO_EINVAL, cboto_request_add_header(rq, NULL, "v"));
    ASSERT_EQ(CBOTO_EINVAL, cboto_request_add_header(NULL, "X-Ok", "v"));
    ASSERT_EQ(0, rq->headers.n);

    n = rq->headers.n;
    ASSERT_OK(cboto_request_add_header(rq, "x-amz-meta-color", "blue"));
    ASSERT_OK(cboto_request_add_header(rq, "X-Amz-Meta-Color", "green"));
    ASSERT_OK(cboto_request_add_header(rq, "X-Empty", NULL));
    ASSERT_OK(cboto_request_add_header(rq, "X-Tok!#$%&'*+-.^_`|~", "a\tb"));
    ASSERT_EQ(n + 4, rq->headers.n);
    ASSERT_STREQ("blue", rq->headers.v[0].value);
    ASSERT_STREQ("green", rq->headers.v[1].value); /* repeats are kept */
    ASSERT_STREQ("", cboto__kvlist_get(&rq->headers, "x-empty"));
    ASSERT_STREQ("a\tb", rq->headers.v[3].value);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_request_add_query_rules(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_EQ(CBOTO_EINVAL, cboto_request_add_query(rq, "", "v"));
    ASSERT_EQ(CBOTO_EINVAL, cboto_request_add_query(rq, NULL, "v"));
    ASSERT_EQ(0, rq->query.n);
    ASSERT_OK(cboto_request_add_query(rq, "acl", NULL));
    ASSERT_OK(cboto_request_add_query(rq, "a b", "c&d"));
    ASSERT_OK(cboto_request_add_query(rq, "a b", "e"));
    ASSERT_EQ(3, rq->query.n);
    ASSERT_STREQ("acl", rq->query.v[0].name);
    ASSERT_STREQ("", rq->query.v[0].value);
    ASSERT_STREQ("c&d", rq->query.v[1].value);
    ASSERT_STREQ("e", rq->query.v[2].value);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_request_refcount_keeps_client(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq, *rq2;

    ASSERT_OK(
        make_client(a, "us-east-1", NULL, CBOTO_S3_ADDRESSING_AUTO, &cl));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq));
    ASSERT_OK(cboto_s3_list_buckets(cl, &rq2));
    ASSERT_EQ(2, cl->live);
    ASSERT_TRUE(cboto_request_acquire(rq) == rq);
    ASSERT_EQ(2, rq->refs);
    cboto_request_release(rq);
    ASSERT_EQ(1, rq->refs);
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl));
    cboto_request_release(rq);
    ASSERT_EQ(1, cl->live);
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl));
    cboto_request_release(rq2);
    ASSERT_EQ(0, cl->live);
    cboto_request_release(NULL);
    ASSERT_NULL(cboto_request_acquire(NULL));
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* ---- allocation failures ----------------------------------------------- */

enum build_op {
    OP_CREATE_BUCKET,
    OP_DELETE_BUCKET,
    OP_LIST_BUCKETS,
    OP_PUT,
    OP_GET,
    OP_HEAD,
    OP_DELETE,
    OP_LIST,
    OP_COUNT
};

static const char *const s_op_names[] = {
    "CreateBucket", "DeleteBucket", "ListBuckets",  "PutObject",
    "GetObject",    "HeadObject",   "DeleteObject", "ListObjectsV2"};

static int build(struct cboto_client *cl, enum build_op op,
                 struct cboto_request **out)
{
    struct cboto_s3_bucket_params bp = {.bucket = "bkt"};
    struct cboto_s3_put_params pp = {.bucket = "bkt",
                                     .key = "dir/a b+c\xc3\xa9"};
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

    memset(&gp, 0, sizeof gp);
    gp.bucket = "bkt";
    gp.key = "k";
    gp.has_range = 1;
    gp.first_byte = 1;
    gp.last_byte = 2;
    gp.if_match = "\"a\"";
    gp.if_none_match = "\"b\"";
    gp.if_modified_since = 784111777;
    gp.if_unmodified_since = 784111777;
    gp.version_id = "v1";
    switch (op) {
    case OP_CREATE_BUCKET:
        return cboto_s3_create_bucket(cl, &bp, out);
    case OP_DELETE_BUCKET:
        return cboto_s3_delete_bucket(cl, &bp, out);
    case OP_LIST_BUCKETS:
        return cboto_s3_list_buckets(cl, out);
    case OP_PUT:
        return cboto_s3_put_object(cl, &pp, out);
    case OP_GET:
        return cboto_s3_get_object(cl, &gp, out);
    case OP_HEAD:
        return cboto_s3_head_object(cl, &gp, out);
    case OP_DELETE:
        return cboto_s3_delete_object(cl, &dp, out);
    default:
        return cboto_s3_list_objects_v2(cl, &lp, out);
    }
}

/* The printed request plus its in-memory body: two requests built alike
 * print alike.  Caller frees with free(). */
static char *snapshot(const struct cboto_request *rq)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    if (!f)
        return NULL;
    if (cboto_request_print(rq, f) != CBOTO_OK ||
        (rq->body.kind == CBOTO__BODY_MEM && rq->body.len &&
         fwrite(rq->body.ptr, 1, rq->body.len, f) != rq->body.len)) {
        fclose(f);
        free(text);
        return NULL;
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Fail allocation number 1, 2, ... of one builder, up to the number a
 * successful build makes.  Each run must fail with CBOTO_ENOMEM, leave
 * *out untouched, leak nothing and leave no request live; a run that
 * survives the failure (the failed allocation was optional) must build
 * exactly the request an undisturbed run builds. */
static int alloc_loop(struct cboto_allocator *a, const char *region,
                      const char *endpoint, enum cboto_s3_addressing mode,
                      enum build_op op)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    char *want, *got;
    long n, count, before;

    ASSERT_OK(make_client(a, region, endpoint, mode, &cl));
    before = s_test_alloc.total;
    ASSERT_OK(build(cl, op, &rq));
    count = s_test_alloc.total - before;
    want = snapshot(rq);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_NOT_NULL(want);
    if (count < 2) {
        free(want);
        FAILF("%s: only %ld allocation(s)", s_op_names[op], count);
    }

    for (n = 1; n <= count; n++) {
        struct cboto_request *out = SENTINEL;
        long live_before;
        int rc, frc;

        if (make_client(a, region, endpoint, mode, &cl) != CBOTO_OK) {
            free(want);
            FAILF("client");
        }
        live_before = s_test_alloc.live;
        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = build(cl, op, &out);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK && out != SENTINEL && out != NULL) {
            got = snapshot(out);
            cboto_request_release(out);
            cboto_client_free(cl);
            if (!got || strcmp(want, got) != 0) {
                fprintf(stderr, "  expected:\n%s\n  got:\n%s\n", want,
                        got ? got : "(null)");
                free(got);
                free(want);
                FAILF("%s (%s, %s): allocation %ld failed, the build "
                      "succeeded with a different request",
                      s_op_names[op], region, endpoint ? endpoint : "AWS", n);
            }
            free(got);
            continue;
        }
        if (rc != CBOTO_ENOMEM || out != SENTINEL ||
            s_test_alloc.live != live_before) {
            long leaked = s_test_alloc.live - live_before;

            frc = out == SENTINEL ? cboto_client_free(cl) : -100;
            free(want);
            FAILF("%s (%s, %s), allocation %ld of %ld failed: rc %s, *out "
                  "%s, %ld block(s) leaked, client_free %s",
                  s_op_names[op], region, endpoint ? endpoint : "AWS", n,
                  count, cboto_err_name(rc),
                  out == SENTINEL ? "untouched" : "written", leaked,
                  cboto_err_name(frc));
        }
        frc = cboto_client_free(cl);
        if (frc != CBOTO_OK) {
            free(want);
            FAILF("%s, allocation %ld failed: client_free %s (request "
                  "still counted live)",
                  s_op_names[op], n, cboto_err_name(frc));
        }
        if (s_test_alloc.live != 0) {
            free(want);
            FAILF("%s, allocation %ld failed: %ld block(s) leaked",
                  s_op_names[op], n, s_test_alloc.live);
        }
    }
    free(want);
    return 0;
}

static int test_alloc_failure_builders(struct cboto_allocator *a)
{
    int op;

    for (op = 0; op < OP_COUNT; op++) {
        /* Virtual-hosted on AWS outside us-east-1 (CreateBucket body),
         * path style under a base path. */
        if (alloc_loop(a, "eu-west-1", NULL, CBOTO_S3_ADDRESSING_AUTO,
                       (enum build_op)op))
            return 1;
        if (alloc_loop(a, "us-east-1", "http://127.0.0.1:5000/base",
                       CBOTO_S3_ADDRESSING_AUTO, (enum build_op)op))
            return 1;
    }
    return 0;
}

HARNESS_MAIN(TEST_LIST)
