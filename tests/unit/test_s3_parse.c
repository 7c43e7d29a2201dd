/* SPDX-License-Identifier: MIT */
/* The S3 response parsers, driven the way an executor drives them. */
#include "services/s3/s3_internal.h"

#define TEST_LIST(X)                                                          \
    X(list_v2_normal)                                                         \
    X(list_v2_truncated_token)                                                \
    X(list_v2_empty_bucket)                                                   \
    X(list_v2_common_prefixes)                                                \
    X(list_v2_url_encoded)                                                    \
    X(list_v2_url_moto)                                                       \
    X(list_v2_moto_truncated)                                                 \
    X(list_v2_fetch_owner)                                                    \
    X(list_v1_marker)                                                         \
    X(list_v1_moto)                                                           \
    X(list_chunked_same)                                                      \
    X(list_1000_keys)                                                         \
    X(list_encoding_first_same)                                               \
    X(list_bad_escape_encoding_first)                                         \
    X(list_times_match_iso8601)                                               \
    X(list_decode_random_keys)                                                \
    X(list_malformed)                                                         \
    X(list_alloc_torture)                                                     \
    X(list_generated_alloc_torture)                                           \
    X(buckets)                                                                \
    X(buckets_moto_and_empty)                                                 \
    X(buckets_malformed)                                                      \
    X(object_info_headers)                                                    \
    X(object_info_minimal)                                                    \
    X(object_info_bad_length)                                                 \
    X(object_info_alloc_torture)                                              \
    X(put_result)
#include "harness.h"
#include "run_parser.h"

#define DATA TOP_SRCDIR "/tests/data/s3/"

/* What an executor does, the XML in `chunk`-byte pieces (0: at once). */
static int run_parser(const struct cboto_allocator *a,
                      const struct cboto__parser *p, const char *doc,
                      size_t len, size_t chunk,
                      const struct cboto__kvlist *hdrs, void **result)
{
    return test_run_parser(a, p, NULL, hdrs, doc, len, chunk, result);
}

static int run_file(const struct cboto_allocator *a,
                    const struct cboto__parser *p, const char *name,
                    size_t chunk, void **result)
{
    char path[1024], *doc;
    size_t len;
    int rc;

    snprintf(path, sizeof path, "%s%s", DATA, name);
    if (test_read_file(path, &doc, &len)) {
        fprintf(stderr, "  cannot read %s\n", path);
        return -999;
    }
    rc = run_parser(a, p, doc, len, chunk, NULL, result);
    free(doc);
    return rc;
}

static int list_file(const struct cboto_allocator *a, const char *name,
                     struct cboto_s3_list_result **r)
{
    void *res = NULL;
    int rc = run_file(a, &cboto__s3_list_parser, name, 0, &res);

    *r = res;
    return rc;
}

static void list_free(const struct cboto_allocator *a,
                      struct cboto_s3_list_result *r)
{
    cboto__s3_list_parser.result_free(a, r);
}

static int test_list_v2_normal(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;
    const struct cboto_s3_object *o;

    ASSERT_OK(list_file(a, "list_v2.xml", &r));
    ASSERT_EQ(CBOTO__RESULT_S3_LIST, cboto__s3_list_parser.result_kind);
    ASSERT_STREQ("example-bucket", r->bucket);
    ASSERT_STREQ("", r->prefix); /* sent, empty */
    ASSERT_NULL(r->delimiter);   /* not sent */
    ASSERT_NULL(r->next_continuation_token);
    ASSERT_EQ(0, r->is_truncated);
    ASSERT_EQ(2, r->key_count);
    ASSERT_EQ(1000, r->max_keys);
    ASSERT_EQ(2, r->n_objects);
    ASSERT_EQ(0, r->n_common_prefixes);
    o = &r->objects[0];
    ASSERT_STREQ("ExampleObject.txt", o->key);
    ASSERT_EQ(857, o->size);
    ASSERT_STREQ("\"599bab3ed2c697f1d26842727561fd94\"", o->etag);
    ASSERT_STREQ("2013-09-17T18:07:53.000Z", o->last_modified);
    ASSERT_EQ(1379441273, (long long)o->last_modified_time);
    ASSERT_STREQ("REDUCED_REDUNDANCY", o->storage_class);
    ASSERT_NULL(o->owner_id);
    ASSERT_NULL(o->owner_name);
    o = &r->objects[1];
    ASSERT_STREQ("my-image.jpg", o->key);
    ASSERT_TRUE(o->size == UINT64_MAX);
    list_free(a, r);
    return 0;
}

static int test_list_v2_truncated_token(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_truncated.xml", &r));
    ASSERT_EQ(1, r->is_truncated);
    ASSERT_STREQ("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
                 r->continuation_token);
    /* tokens are opaque: '+' and '=' stay as they are */
    ASSERT_STREQ("1Z9XqBy0E1sGf+u8wqMzwzBY7T9F6sgIXxbZnWLN6iSCmQmpVDOK9ahd==",
                 r->next_continuation_token);
    ASSERT_STREQ("photos/2006", r->start_after);
    ASSERT_EQ(1, r->key_count);
    ASSERT_EQ(1, r->max_keys);
    ASSERT_EQ(1, r->n_objects);
    ASSERT_STREQ("photos/2006/January/sample.jpg", r->objects[0].key);
    ASSERT_EQ(142863, r->objects[0].size);
    list_free(a, r);
    return 0;
}

static int test_list_v2_empty_bucket(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_empty.xml", &r));
    ASSERT_STREQ("empty-bucket", r->bucket);
    ASSERT_EQ(0, r->n_objects);
    ASSERT_EQ(0, r->n_common_prefixes);
    ASSERT_EQ(0, r->key_count);
    ASSERT_EQ(0, r->is_truncated);
    list_free(a, r);
    return 0;
}

static int test_list_v2_common_prefixes(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_prefixes.xml", &r));
    ASSERT_STREQ("photos/2006/", r->prefix);
    ASSERT_STREQ("/", r->delimiter);
    ASSERT_EQ(1, r->n_objects);
    ASSERT_STREQ("photos/2006/index.html", r->objects[0].key);
    ASSERT_EQ(0, r->objects[0].size);
    ASSERT_EQ(2, r->n_common_prefixes);
    ASSERT_STREQ("photos/2006/February/", r->common_prefixes[0]);
    ASSERT_STREQ("photos/2006/January/", r->common_prefixes[1]);
    ASSERT_EQ(3, r->key_count);
    list_free(a, r);
    return 0;
}

/* <EncodingType> comes after the keys; '+' is a space, %2B a '+'. */
static int test_list_v2_url_encoded(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_url.xml", &r));
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/", r->prefix);
    ASSERT_STREQ("/", r->delimiter);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/0", r->start_after);
    ASSERT_EQ(4, r->n_objects);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/my file.txt", r->objects[0].key);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/a+b", r->objects[1].key);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/100%", r->objects[2].key);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/caf\xc3\xa9/\xc3\xbc ber",
                 r->objects[3].key);
    ASSERT_EQ(4, r->objects[3].size);
    ASSERT_STREQ("\"e4\"", r->objects[3].etag); /* not decoded */
    ASSERT_EQ(1, r->n_common_prefixes);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/sub dir/", r->common_prefixes[0]);
    list_free(a, r);
    return 0;
}

/* A real moto answer (boto3 list_objects_v2 EncodingType=url,
 * FetchOwner=True). */
static int test_list_v2_url_moto(struct cboto_allocator *a)
{
    static const char *const keys[] = {"a b.txt",
                                       "caf\xc3\xa9/\xc3\xbc"
                                       "ber.txt",
                                       "dir/x",
                                       "dir/y",
                                       "lt<gt>&amp",
                                       "pct%41",
                                       "plus+sign"};
    struct cboto_s3_list_result *r;
    size_t i;

    ASSERT_OK(list_file(a, "list_v2_url_moto.xml", &r));
    ASSERT_STREQ("fixture-bucket", r->bucket);
    ASSERT_EQ(7, r->n_objects);
    ASSERT_EQ(7, r->key_count);
    for (i = 0; i < 7; i++) {
        ASSERT_STREQ(keys[i], r->objects[i].key);
        ASSERT_EQ(5, r->objects[i].size);
        ASSERT_STREQ("webfile", r->objects[i].owner_name);
        ASSERT_STREQ("STANDARD", r->objects[i].storage_class);
    }
    list_free(a, r);
    return 0;
}

static int test_list_v2_moto_truncated(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_trunc_moto.xml", &r));
    ASSERT_EQ(1, r->is_truncated);
    ASSERT_STREQ("9275910213e41c0bc453a73328dbfb39",
                 r->next_continuation_token);
    ASSERT_EQ(1, r->n_objects);
    ASSERT_STREQ("a b.txt", r->objects[0].key);
    ASSERT_EQ(1, r->n_common_prefixes);
    ASSERT_STREQ("caf\xc3\xa9/", r->common_prefixes[0]);
    ASSERT_STREQ("/", r->delimiter);
    ASSERT_EQ(2, r->max_keys);
    list_free(a, r);
    return 0;
}

static int test_list_v2_fetch_owner(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v2_owner.xml", &r));
    ASSERT_EQ(1, r->n_objects);
    ASSERT_STREQ("75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54"
                 "ba06a",
                 r->objects[0].owner_id);
    ASSERT_STREQ("webfile", r->objects[0].owner_name);
    ASSERT_STREQ("STANDARD", r->objects[0].storage_class);
    list_free(a, r);
    return 0;
}

static int test_list_v1_marker(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v1_marker.xml", &r));
    ASSERT_STREQ("quotes", r->bucket);
    ASSERT_STREQ("N", r->prefix);
    ASSERT_STREQ("Ned", r->marker);
    ASSERT_STREQ("Nelson", r->next_marker);
    ASSERT_EQ(1, r->is_truncated);
    ASSERT_EQ(2, r->n_objects);
    ASSERT_EQ(2, r->key_count); /* v1: counted */
    ASSERT_STREQ("Neo", r->objects[1].key);
    ASSERT_STREQ("bcaf1ffd86a5fb16fd081034f", r->objects[1].owner_id);
    ASSERT_NULL(r->next_continuation_token);
    list_free(a, r);
    return 0;
}

static int test_list_v1_moto(struct cboto_allocator *a)
{
    struct cboto_s3_list_result *r;

    ASSERT_OK(list_file(a, "list_v1_moto.xml", &r));
    ASSERT_EQ(1, r->is_truncated);
    ASSERT_STREQ("f2c30d36ff995128cf75934746368dba", r->next_marker);
    ASSERT_EQ(2, r->n_objects);
    ASSERT_STREQ("a b.txt", r->objects[0].key);
    ASSERT_STREQ("caf\xc3\xa9/\xc3\xbc"
                 "ber.txt",
                 r->objects[1].key);
    list_free(a, r);
    return 0;
}

static int same_list(const struct cboto_s3_list_result *x,
                     const struct cboto_s3_list_result *y)
{
    size_t i;

    ASSERT_EQ(x->n_objects, y->n_objects);
    ASSERT_EQ(x->n_common_prefixes, y->n_common_prefixes);
    ASSERT_EQ(x->is_truncated, y->is_truncated);
    ASSERT_EQ(x->key_count, y->key_count);
    ASSERT_STREQ(x->bucket, y->bucket);
    for (i = 0; i < x->n_objects; i++) {
        ASSERT_STREQ(x->objects[i].key, y->objects[i].key);
        ASSERT_STREQ(x->objects[i].etag, y->objects[i].etag);
        ASSERT_EQ(x->objects[i].size, y->objects[i].size);
    }
    for (i = 0; i < x->n_common_prefixes; i++)
        ASSERT_STREQ(x->common_prefixes[i], y->common_prefixes[i]);
    return 0;
}

static int test_list_chunked_same(struct cboto_allocator *a)
{
    static const char *const files[] = {
        "list_v2_url.xml", "list_v2_url_moto.xml", "list_v2_prefixes.xml"};
    size_t i, chunk;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        void *ref, *r;

        ASSERT_OK(run_file(a, &cboto__s3_list_parser, files[i], 0, &ref));
        for (chunk = 1; chunk < 9; chunk++) {
            int rc;

            ASSERT_OK(
                run_file(a, &cboto__s3_list_parser, files[i], chunk, &r));
            rc = same_list(ref, r);
            list_free(a, r);
            if (rc)
                FAILF("%s in %zu-byte chunks differs", files[i], chunk);
        }
        list_free(a, ref);
    }
    return 0;
}

static int test_list_1000_keys(struct cboto_allocator *a)
{
    struct cboto__buf doc;
    struct cboto_s3_list_result *r;
    void *res;
    long allocs;
    int i;

    cboto__buf_init(&doc, NULL, 0); /* the document is not counted */
    ASSERT_OK(cboto__buf_append_str(
        &doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/"
              "2006-03-01/\"><Name>big</Name><Prefix></Prefix>"
              "<KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys>"
              "<IsTruncated>true</IsTruncated><NextContinuationToken>t"
              "</NextContinuationToken>"));
    for (i = 0; i < 1000; i++)
        ASSERT_OK(cboto__buf_printf(
            &doc,
            "<Contents><Key>dir/key+%04d</Key><LastModified>"
            "2026-11-24T10:00:00.000Z</LastModified><ETag>\"%032d\"</ETag>"
            "<Size>%d</Size><StorageClass>STANDARD</StorageClass>"
            "</Contents>",
            i, i, i * 1000));
    ASSERT_OK(cboto__buf_append_str(
        &doc, "<EncodingType>url</EncodingType></ListBucketResult>"));
    s_test_alloc.total = 0;
    ASSERT_OK(run_parser(a, &cboto__s3_list_parser, (const char *)doc.ptr,
                         doc.len, 4096, NULL, &res));
    allocs = s_test_alloc.total;
    cboto__buf_cleanup(&doc);
    r = res;
    ASSERT_EQ(1000, r->n_objects);
    ASSERT_EQ(1, r->is_truncated);
    for (i = 0; i < 1000; i++) {
        char want[32];

        snprintf(want, sizeof want, "dir/key %04d", i);
        ASSERT_STREQ(want, r->objects[i].key);
        ASSERT_EQ((uint64_t)i * 1000, r->objects[i].size);
    }
    /* the strings live in a pool of a few blocks and the object array is
     * sized from KeyCount: an allocation per string would be 4,000 */
    if (allocs > 40)
        FAILF("%ld allocations for 1000 keys", allocs);
    list_free(a, r);
    return 0;
}

/* A listing built in memory: n keys (with escapes, '+' and, every 50th, a
 * key of some 3 KB so the pool hands out blocks of their own), owners,
 * common prefixes, and <EncodingType> either before everything (keys are
 * then decoded as they are stored) or after everything (decoded at the
 * end).  Not counted by the test allocator. */
static int gen_list(struct cboto__buf *doc, int n, int encoding_first)
{
    static const char enc[] = "<EncodingType>url</EncodingType>";
    int i, rc;

    cboto__buf_init(doc, NULL, 0);
    rc = cboto__buf_append_str(
        doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/"
             "2006-03-01/\"><Name>gen</Name>");
    if (!rc && encoding_first)
        rc = cboto__buf_append_str(doc, enc);
    if (!rc)
        rc = cboto__buf_printf(
            doc,
            "<Prefix>d%%C3%%A9j%%C3%%A0+vu/</Prefix><Delimiter>%%2F"
            "</Delimiter><KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys>"
            "<IsTruncated>false</IsTruncated>",
            n + 2);
    if (!rc)
        rc = cboto__buf_append_str(
            doc, "<CommonPrefixes><Prefix>a+b%2Fc/</Prefix></CommonPrefixes>");
    for (i = 0; !rc && i < n; i++) {
        rc = cboto__buf_printf(doc,
                               "<Contents><Key>d%%C3%%A9j%%C3%%A0+vu/%d%%2B"
                               "x%%28copy%%29",
                               i);
        if (!rc && i % 50 == 7) {
            int j;

            for (j = 0; !rc && j < 300; j++)
                rc = cboto__buf_append_str(doc, "/long+%41b");
        }
        if (!rc)
            rc = cboto__buf_printf(
                doc,
                "</Key><LastModified>2026-11-24T10:%02d:%02d.000Z"
                "</LastModified><ETag>&quot;%032d&quot;</ETag><Size>%d</Size>"
                "<StorageClass>%s</StorageClass><Owner><ID>id%d</ID>"
                "<DisplayName>owner</DisplayName></Owner></Contents>",
                i / 60 % 60, i % 60, i, i, i % 3 ? "STANDARD" : "GLACIER",
                i / 10);
    }
    if (!rc)
        rc = cboto__buf_append_str(
            doc, "<CommonPrefixes><Prefix>z%20z/</Prefix></CommonPrefixes>");
    if (!rc && !encoding_first)
        rc = cboto__buf_append_str(doc, enc);
    if (!rc)
        rc = cboto__buf_append_str(doc, "</ListBucketResult>");
    return rc;
}

static int str_same(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

static int test_list_encoding_first_same(struct cboto_allocator *a)
{
    struct cboto__buf first, last;
    struct cboto_s3_list_result *r1, *r2;
    static char want_long[64 + 300 * 8];
    void *res;
    size_t i;

    ASSERT_OK(gen_list(&first, 300, 1));
    ASSERT_OK(gen_list(&last, 300, 0));
    ASSERT_OK(run_parser(a, &cboto__s3_list_parser, (const char *)first.ptr,
                         first.len, 777, NULL, &res));
    r1 = res;
    ASSERT_OK(run_parser(a, &cboto__s3_list_parser, (const char *)last.ptr,
                         last.len, 0, NULL, &res));
    r2 = res;
    cboto__buf_cleanup(&first);
    cboto__buf_cleanup(&last);
    ASSERT_OK(same_list(r1, r2));
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/", r1->prefix);
    ASSERT_STREQ("/", r1->delimiter);
    ASSERT_EQ(2, r1->n_common_prefixes);
    ASSERT_STREQ("a b/c/", r1->common_prefixes[0]);
    ASSERT_STREQ("z z/", r1->common_prefixes[1]);
    ASSERT_EQ(300, r1->n_objects);
    ASSERT_STREQ("d\xc3\xa9j\xc3\xa0 vu/0+x(copy)", r1->objects[0].key);
    for (i = 0; i < r1->n_objects; i++) {
        const struct cboto_s3_object *o1 = &r1->objects[i];
        const struct cboto_s3_object *o2 = &r2->objects[i];
        char want[64];

        if (!str_same(o1->last_modified, o2->last_modified) ||
            o1->last_modified_time != o2->last_modified_time ||
            !str_same(o1->storage_class, o2->storage_class) ||
            !str_same(o1->owner_id, o2->owner_id) ||
            !str_same(o1->owner_name, o2->owner_name))
            FAILF("object %zu differs", i);
        snprintf(want, sizeof want, "id%zu", i / 10);
        ASSERT_STREQ(want, o1->owner_id);
        ASSERT_STREQ("owner", o1->owner_name);
        ASSERT_STREQ(i % 3 ? "STANDARD" : "GLACIER", o1->storage_class);
        snprintf(want, sizeof want, "\"%032zu\"", i);
        ASSERT_STREQ(want, o1->etag);
        ASSERT_TRUE(o1->last_modified_time > 0);
        if (i % 50 == 7) {
            char *w = want_long;
            int j;

            w += snprintf(w, 64, "d\xc3\xa9j\xc3\xa0 vu/%zu+x(copy)", i);
            for (j = 0; j < 300; j++, w += 8)
                memcpy(w, "/long Ab", 8);
            *w = '\0';
            ASSERT_STREQ(want_long, o1->key);
        }
    }
    list_free(a, r1);
    list_free(a, r2);
    return 0;
}

/* A bad escape is caught whichever way the key is decoded. */
static int test_list_bad_escape_encoding_first(struct cboto_allocator *a)
{
    static const char *const keys[] = {"a%zz", "a%00b", "a%4", "%", "a%g1"};
    size_t i;

    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int where;

        for (where = 0; where < 3; where++) {
            char doc[512];
            void *res = NULL;
            int rc;

            if (where == 0)
                snprintf(doc, sizeof doc,
                         "<ListBucketResult><EncodingType>url</EncodingType>"
                         "<Contents><Key>%s</Key><Size>1</Size></Contents>"
                         "</ListBucketResult>",
                         keys[i]);
            else if (where == 1)
                snprintf(doc, sizeof doc,
                         "<ListBucketResult><EncodingType>url</EncodingType>"
                         "<CommonPrefixes><Prefix>%s</Prefix>"
                         "</CommonPrefixes></ListBucketResult>",
                         keys[i]);
            else
                snprintf(doc, sizeof doc,
                         "<ListBucketResult><EncodingType>url</EncodingType>"
                         "<Prefix>%s</Prefix></ListBucketResult>",
                         keys[i]);
            rc = run_parser(a, &cboto__s3_list_parser, doc, strlen(doc), 0,
                            NULL, &res);
            if (rc != CBOTO_EPARSE)
                FAILF("%s (place %d): got %s", keys[i], where,
                      cboto_err_name(rc));
            ASSERT_NULL(res);
        }
    }
    return 0;
}

/* The list parser reads S3's own timestamp form itself; every answer must
 * be the general ISO 8601 parser's (0 where that one refuses). */
static int test_list_times_match_iso8601(struct cboto_allocator *a)
{
    static const char *const times[] = {
        "2024-01-01T00:00:00.000Z",
        "1970-01-01T00:00:00.000Z",
        "2000-02-29T23:59:59.999Z",
        "2100-02-28T12:34:56.789Z",
        "2038-01-19T03:14:08.000Z",
        "9999-12-31T23:59:60.000Z",
        "0000-03-01T00:00:00.000Z",
        "2024-12-31T23:59:59.000Z",
        "2024-00-10T00:00:00.000Z",
        "2024-13-10T00:00:00.000Z",
        "2024-01-00T00:00:00.000Z",
        "2024-01-32T00:00:00.000Z",
        "2024-01-01T24:00:00.000Z",
        "2024-01-01T00:60:00.000Z",
        "2024-01-01T00:00:61.000Z",
        "2024-01-01T00:00:00.00xZ",
        "2024-01-01T00:00:00.000z",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.000000Z",
        "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:00",
        "2024-01-01 00:00:00.000Z",
        " 024-01-01T00:00:00.000Z",
        "+024-01-01T00:00:00.000Z",
        "2024-1-01T00:00:00.000Z",
        "2O24-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00.0000",
        "",
        "garbage",
    };
    struct cboto__buf doc;
    struct cboto_s3_list_result *r;
    void *res;
    size_t i, n = sizeof times / sizeof times[0];

    cboto__buf_init(&doc, NULL, 0);
    ASSERT_OK(cboto__buf_append_str(&doc, "<ListBucketResult>"));
    for (i = 0; i < n; i++)
        ASSERT_OK(cboto__buf_printf(&doc,
                                    "<Contents><Key>k%zu</Key><LastModified>"
                                    "%s</LastModified><Size>1</Size>"
                                    "</Contents>",
                                    i, times[i]));
    ASSERT_OK(cboto__buf_append_str(&doc, "</ListBucketResult>"));
    ASSERT_OK(run_parser(a, &cboto__s3_list_parser, (const char *)doc.ptr,
                         doc.len, 0, NULL, &res));
    cboto__buf_cleanup(&doc);
    r = res;
    ASSERT_EQ(n, r->n_objects);
    for (i = 0; i < n; i++) {
        time_t want = 0;

        if (cboto__parse_iso8601(times[i], &want))
            want = 0;
        ASSERT_STREQ(times[i], r->objects[i].last_modified);
        if (r->objects[i].last_modified_time != want)
            FAILF("\"%s\": %lld, the general parser says %lld", times[i],
                  (long long)r->objects[i].last_modified_time,
                  (long long)want);
    }
    ASSERT_EQ(1704067200, (long long)r->objects[0].last_modified_time);
    list_free(a, r);
    return 0;
}

/* Random keys of plain bytes, raw UTF-8, '+' and %XX escapes at every
 * offset and length, decoded both ways (as copied, EncodingType first;
 * in place at the end, EncodingType last) against a plain decoder. */
static int test_list_decode_random_keys(struct cboto_allocator *a)
{
    static const char *const pieces[] = {
        "a",      "Z",        "/", "+",   "%41", "%2b", "%2F",
        "%c3%a9", "\xc3\xa9", "7", "%25", "-",   "%20"};
    enum { NKEYS = 400 };
    static char want[NKEYS][256];
    struct cboto__buf doc[2];
    unsigned long rnd = 12345;
    int k, first;

    for (first = 0; first < 2; first++) {
        cboto__buf_init(&doc[first], NULL, 0);
        ASSERT_OK(cboto__buf_append_str(&doc[first], "<ListBucketResult>"));
        if (first)
            ASSERT_OK(cboto__buf_append_str(
                &doc[first], "<EncodingType>url</EncodingType>"));
    }
    for (k = 0; k < NKEYS; k++) {
        char enc[512];
        size_t el = 0, wl = 0;
        int n = (int)(k % 41), p;

        for (p = 0; p < n; p++) {
            const char *pc;
            size_t pl;

            rnd = rnd * 6364136223846793005ul + 1442695040888963407ul;
            /* mostly plain runs, so words of eight plain bytes occur */
            pc = (rnd >> 33) % 3 ? pieces[(rnd >> 40) % 3]
                                 : pieces[(rnd >> 40) % 13];
            pl = strlen(pc);
            memcpy(enc + el, pc, pl);
            el += pl;
            if (pc[0] == '+') {
                want[k][wl++] = ' ';
            } else if (pc[0] == '%') {
                size_t q;

                for (q = 0; q < pl; q += 3) {
                    unsigned v;

                    sscanf(pc + q + 1, "%2x", &v);
                    want[k][wl++] = (char)v;
                }
            } else {
                memcpy(want[k] + wl, pc, pl);
                wl += pl;
            }
        }
        enc[el] = '\0';
        want[k][wl] = '\0';
        for (first = 0; first < 2; first++)
            ASSERT_OK(cboto__buf_printf(&doc[first],
                                        "<Contents><Key>x%s</Key><Size>1"
                                        "</Size></Contents>",
                                        enc));
    }
    for (first = 0; first < 2; first++) {
        struct cboto_s3_list_result *r;
        void *res;

        if (!first)
            ASSERT_OK(cboto__buf_append_str(
                &doc[first], "<EncodingType>url</EncodingType>"));
        ASSERT_OK(cboto__buf_append_str(&doc[first], "</ListBucketResult>"));
        ASSERT_OK(run_parser(a, &cboto__s3_list_parser,
                             (const char *)doc[first].ptr, doc[first].len, 0,
                             NULL, &res));
        cboto__buf_cleanup(&doc[first]);
        r = res;
        ASSERT_EQ(NKEYS, r->n_objects);
        for (k = 0; k < NKEYS; k++) {
            if (r->objects[k].key[0] != 'x' ||
                strcmp(r->objects[k].key + 1, want[k]) != 0)
                FAILF("key %d (%s): \"%s\", want \"x%s\"", k,
                      first ? "as copied" : "in place", r->objects[k].key,
                      want[k]);
        }
        list_free(a, r);
    }
    return 0;
}

static int test_list_malformed(struct cboto_allocator *a)
{
    static const struct {
        const char *file;
        int rc;
    } cases[] = {
        {"bad_size.xml", CBOTO_EPARSE},
        {"bad_size_negative.xml", CBOTO_EPARSE},
        {"bad_size_overflow.xml", CBOTO_EPARSE},
        {"bad_size_empty.xml", CBOTO_EPARSE},
        {"bad_bool.xml", CBOTO_EPARSE},
        {"bad_no_key.xml", CBOTO_EPARSE},
        {"bad_escape.xml", CBOTO_EPARSE},
        {"bad_escape_nul.xml", CBOTO_EPARSE},
        {"bad_keycount.xml", CBOTO_EPARSE},
        {"bad_root.xml", CBOTO_EPARSE},
        {"truncated_list.xml", CBOTO_EPARSE},
        {"trailing_garbage.xml", CBOTO_EPARSE},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        void *res = NULL;
        int rc = run_file(a, &cboto__s3_list_parser, cases[i].file, 0, &res);

        if (rc != cases[i].rc)
            FAILF("%s: expected %s, got %s", cases[i].file,
                  cboto_err_name(cases[i].rc), cboto_err_name(rc));
        ASSERT_NULL(res);
    }
    /* an empty body */
    {
        void *res = NULL;

        ASSERT_EQ(CBOTO_EPARSE,
                  run_parser(a, &cboto__s3_list_parser, "", 0, 0, NULL, &res));
    }
    return 0;
}

/* Fail allocation N for N = 1, 2, ... until the parse succeeds: every
 * failing run reports CBOTO_ENOMEM and leaves nothing allocated. */
static int list_torture_doc(const struct cboto_allocator *a, const char *name,
                            const char *doc, size_t len)
{
    long n;

    for (n = 1;; n++) {
        void *res = NULL;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = run_parser(a, &cboto__s3_list_parser, doc, len, 100, NULL, &res);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            list_free(a, res);
            ASSERT_EQ(0, s_test_alloc.live);
            break;
        }
        if (rc != CBOTO_ENOMEM)
            FAILF("%s: allocation %ld failing gave %s", name, n,
                  cboto_err_name(rc));
        ASSERT_NULL(res);
        if (s_test_alloc.live != 0)
            FAILF("%s: allocation %ld failing leaked %ld block(s)", name, n,
                  s_test_alloc.live);
        ASSERT_TRUE(n < 100000);
    }
    /* The torture did fail something: the parser state, the element
     * stack, the text buffer, a pool block, the arrays, the result. */
    ASSERT_TRUE(n > 5);
    return 0;
}

static int list_torture(const struct cboto_allocator *a, const char *name)
{
    char path[1024], *doc;
    size_t len;
    int rc;

    snprintf(path, sizeof path, "%s%s", DATA, name);
    ASSERT_OK(test_read_file(path, &doc, &len));
    rc = list_torture_doc(a, name, doc, len);
    free(doc);
    return rc;
}

static int test_list_alloc_torture(struct cboto_allocator *a)
{
    ASSERT_OK(list_torture(a, "list_v2_url.xml"));
    ASSERT_OK(list_torture(a, "list_v2_url_moto.xml"));
    ASSERT_OK(list_torture(a, "list_v1_marker.xml"));
    return 0;
}

static int test_list_generated_alloc_torture(struct cboto_allocator *a)
{
    struct cboto__buf doc;
    int first, rc = 0;

    for (first = 0; !rc && first < 2; first++) {
        ASSERT_OK(gen_list(&doc, 120, first));
        rc = list_torture_doc(a, first ? "encoding first" : "encoding last",
                              (const char *)doc.ptr, doc.len);
        cboto__buf_cleanup(&doc);
    }
    return rc;
}

static int test_buckets(struct cboto_allocator *a)
{
    struct cboto_s3_bucket_list *r;
    void *res;

    ASSERT_OK(run_file(a, &cboto__s3_buckets_parser, "buckets.xml", 0, &res));
    r = res;
    ASSERT_EQ(CBOTO__RESULT_S3_BUCKETS, cboto__s3_buckets_parser.result_kind);
    ASSERT_STREQ("bcaf1ffd86f461ca5fb16fd081034f", r->owner_id);
    ASSERT_STREQ("webfile", r->owner_name);
    ASSERT_EQ(2, r->n_buckets);
    ASSERT_STREQ("quotes", r->buckets[0].name);
    ASSERT_STREQ("2006-02-03T16:45:09.000Z", r->buckets[0].creation_date);
    ASSERT_STREQ("samples", r->buckets[1].name);
    cboto__s3_buckets_parser.result_free(a, r);
    cboto__s3_buckets_parser.result_free(a, NULL);
    return 0;
}

static int test_buckets_moto_and_empty(struct cboto_allocator *a)
{
    struct cboto_s3_bucket_list *r;
    void *res;
    long n;

    ASSERT_OK(
        run_file(a, &cboto__s3_buckets_parser, "buckets_moto.xml", 1, &res));
    r = res;
    ASSERT_EQ(1, r->n_buckets);
    ASSERT_STREQ("fixture-bucket", r->buckets[0].name);
    ASSERT_STREQ("bcaf1ffd86f41161ca5fb16fd081034f", r->owner_id);
    cboto__s3_buckets_parser.result_free(a, r);

    ASSERT_OK(
        run_file(a, &cboto__s3_buckets_parser, "buckets_empty.xml", 0, &res));
    r = res;
    ASSERT_EQ(0, r->n_buckets);
    ASSERT_STREQ("me", r->owner_name);
    cboto__s3_buckets_parser.result_free(a, r);

    for (n = 1;; n++) {
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = run_file(a, &cboto__s3_buckets_parser, "buckets.xml", 7, &res);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            cboto__s3_buckets_parser.result_free(a, res);
            break;
        }
        ASSERT_EQ(CBOTO_ENOMEM, rc);
        ASSERT_EQ(0, s_test_alloc.live);
    }
    return 0;
}

static int test_buckets_malformed(struct cboto_allocator *a)
{
    void *res = NULL;

    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__s3_buckets_parser,
                                     "truncated_buckets.xml", 0, &res));
    ASSERT_EQ(CBOTO_EPARSE,
              run_file(a, &cboto__s3_buckets_parser, "list_v2.xml", 0, &res));
    ASSERT_NULL(res);
    return 0;
}

static int info_with(const struct cboto_allocator *a,
                     const struct cboto__kvlist *h,
                     struct cboto_s3_object_info **out)
{
    void *res = NULL;
    int rc = run_parser(a, &cboto__s3_object_info_parser, NULL, 0, 0, h, &res);

    *out = res;
    return rc;
}

static int test_object_info_headers(struct cboto_allocator *a)
{
    struct cboto__kvlist h;
    struct cboto_s3_object_info *r;
    time_t lm, core;
    size_t i;
    int seen = 0;

    ASSERT_NULL(cboto__s3_object_info_parser.start);
    ASSERT_NULL(cboto__s3_object_info_parser.end);
    cboto__kvlist_init(&h, a);
    ASSERT_OK(cboto__kvlist_add(&h, "content-length", "11"));
    ASSERT_OK(
        cboto__kvlist_add(&h, "ETag", "\"5eb63bbbe01eeed093cb22bb8f5acdc3\""));
    ASSERT_OK(cboto__kvlist_add(&h, "Content-Type", "text/plain"));
    ASSERT_OK(cboto__kvlist_add(&h, "Last-Modified",
                                "Tue, 24 Nov 2026 22:19:51 GMT"));
    ASSERT_OK(cboto__kvlist_add(&h, "X-Amz-Version-Id", "v1.2"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-storage-class", "STANDARD_IA"));
    ASSERT_OK(cboto__kvlist_add(&h, "Content-Range", "bytes 0-10/100"));
    ASSERT_OK(cboto__kvlist_add(&h, "X-Amz-Meta-Color", "Blue"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-shape", ""));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-", "no name: ignored"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-request-id", "rid"));
    /* the first of a repeated field wins; a repeat is not metadata */
    ASSERT_OK(cboto__kvlist_add(&h, "etag", "\"second\""));
    ASSERT_OK(cboto__kvlist_add(&h, "Content-Length", "99"));
    /* as long as "Content-Length": still metadata */
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-abc", "A"));
    ASSERT_OK(info_with(a, &h, &r));
    cboto__kvlist_cleanup(&h);
    ASSERT_EQ(11, r->content_length);
    ASSERT_STREQ("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"", r->etag);
    ASSERT_STREQ("text/plain", r->content_type);
    ASSERT_STREQ("Tue, 24 Nov 2026 22:19:51 GMT", r->last_modified);
    lm = r->last_modified_time;
    ASSERT_STREQ("v1.2", r->version_id);
    ASSERT_STREQ("STANDARD_IA", r->storage_class);
    ASSERT_STREQ("bytes 0-10/100", r->content_range);
    ASSERT_EQ(3, r->n_meta);
    for (i = 0; i < r->n_meta; i++) {
        if (strcmp(r->meta_names[i], "color") == 0) {
            ASSERT_STREQ("Blue", r->meta_values[i]);
            seen |= 1;
        } else if (strcmp(r->meta_names[i], "shape") == 0) {
            ASSERT_STREQ("", r->meta_values[i]);
            seen |= 2;
        } else if (strcmp(r->meta_names[i], "abc") == 0) {
            ASSERT_STREQ("A", r->meta_values[i]);
            seen |= 4;
        }
    }
    ASSERT_EQ(7, seen);
    cboto__s3_object_info_parser.result_free(a, r);
    /* Last-Modified is parsed by the core's cboto__parse_http_date(); say
     * so plainly if that is what rejects a valid RFC 1123 date. */
    if (lm == 0 && cboto__parse_http_date("Tue, 24 Nov 2026 22:19:51 GMT",
                                          &core) != CBOTO_OK) {
        skip("Last-Modified not checked: cboto__parse_http_date() rejects "
             "\"Tue, 24 Nov 2026 22:19:51 GMT\" (aws/timeutil.c)");
        return TEST_SKIP;
    }
    ASSERT_EQ(1795558791, (long long)lm);
    return 0;
}

static int test_object_info_minimal(struct cboto_allocator *a)
{
    struct cboto__kvlist h;
    struct cboto_s3_object_info *r;

    cboto__kvlist_init(&h, a);
    ASSERT_OK(cboto__kvlist_add(&h, "Last-Modified", "yesterday"));
    ASSERT_OK(info_with(a, &h, &r));
    cboto__kvlist_cleanup(&h);
    ASSERT_EQ(0, r->content_length);
    ASSERT_NULL(r->etag);
    ASSERT_NULL(r->version_id);
    ASSERT_STREQ("yesterday", r->last_modified);
    ASSERT_EQ(0, (long long)r->last_modified_time);
    ASSERT_EQ(0, r->n_meta);
    cboto__s3_object_info_parser.result_free(a, r);
    /* no header list at all */
    ASSERT_OK(info_with(a, NULL, &r));
    cboto__s3_object_info_parser.result_free(a, r);
    return 0;
}

static int test_object_info_bad_length(struct cboto_allocator *a)
{
    static const char *const bad[] = {"", "-1", "12a", " 12",
                                      "99999999999999999999999"};
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct cboto__kvlist h;
        struct cboto_s3_object_info *r = NULL;
        int rc;

        cboto__kvlist_init(&h, a);
        ASSERT_OK(cboto__kvlist_add(&h, "Content-Length", bad[i]));
        ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-a", "b"));
        rc = info_with(a, &h, &r);
        cboto__kvlist_cleanup(&h);
        if (rc != CBOTO_EPARSE)
            FAILF("Content-Length \"%s\" gave %s", bad[i], cboto_err_name(rc));
        ASSERT_NULL(r);
    }
    return 0;
}

static int test_object_info_alloc_torture(struct cboto_allocator *a)
{
    struct cboto__kvlist h;
    long n;

    cboto__kvlist_init(&h, NULL); /* not counted */
    ASSERT_OK(cboto__kvlist_add(&h, "ETag", "\"e\""));
    ASSERT_OK(cboto__kvlist_add(&h, "Content-Type", "a/b"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-one", "1"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-meta-two", "2"));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-version-id", "v"));
    for (n = 1;; n++) {
        struct cboto_s3_object_info *r = NULL;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = info_with(a, &h, &r);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            ASSERT_EQ(2, r->n_meta);
            ASSERT_STREQ("one", r->meta_names[0]);
            ASSERT_STREQ("2", r->meta_values[1]);
            ASSERT_STREQ("v", r->version_id);
            /* the result and all its strings are one block */
            ASSERT_EQ(1, s_test_alloc.live);
            cboto__s3_object_info_parser.result_free(a, r);
            ASSERT_EQ(0, s_test_alloc.live);
            break;
        }
        ASSERT_EQ(CBOTO_ENOMEM, rc);
        ASSERT_EQ(0, s_test_alloc.live);
    }
    cboto__kvlist_cleanup(&h);
    ASSERT_TRUE(n > 1);
    return 0;
}

static int test_put_result(struct cboto_allocator *a)
{
    struct cboto__kvlist h;
    struct cboto_s3_put_result *r;
    void *res;
    long n;

    ASSERT_EQ(CBOTO__RESULT_S3_PUT, cboto__s3_put_parser.result_kind);
    cboto__kvlist_init(&h, a);
    ASSERT_OK(cboto__kvlist_add(&h, "etag", "\"abc\""));
    ASSERT_OK(cboto__kvlist_add(&h, "x-amz-version-id", "3/L4kqtJl40Nr8X8gd"));
    ASSERT_OK(run_parser(a, &cboto__s3_put_parser, NULL, 0, 0, &h, &res));
    r = res;
    ASSERT_STREQ("\"abc\"", r->etag);
    ASSERT_STREQ("3/L4kqtJl40Nr8X8gd", r->version_id);
    cboto__s3_put_parser.result_free(a, r);
    for (n = 1;; n++) {
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = run_parser(a, &cboto__s3_put_parser, NULL, 0, 0, &h, &res);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            cboto__s3_put_parser.result_free(a, res);
            break;
        }
        ASSERT_EQ(CBOTO_ENOMEM, rc);
    }
    cboto__kvlist_cleanup(&h);
    ASSERT_OK(run_parser(a, &cboto__s3_put_parser, NULL, 0, 0, NULL, &res));
    r = res;
    ASSERT_NULL(r->etag);
    ASSERT_NULL(r->version_id);
    cboto__s3_put_parser.result_free(a, r);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
