/* SPDX-License-Identifier: MIT */
/*
 * The spare blocks (aws/spare.c): what a result gives back is reused by the
 * next one, the bound holds however much is given back, blocks that are
 * too small or too many are freed at once, everything held goes with the
 * client, and several threads may take and give at once.  Then the list
 * parser on top of them: a second 1,000-key page takes its pool and object
 * array from the first page's blocks, and a failing allocation in the
 * middle of a page leaves the spares consistent.  No network.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/s3/s3_internal.h"

#define TEST_LIST(X)                                                          \
    X(take_reuses_what_was_given)                                             \
    X(best_fit)                                                               \
    X(small_blocks_are_not_kept)                                              \
    X(bound_holds)                                                            \
    X(null_spare_is_plain_allocation)                                         \
    X(threads_take_and_give)                                                  \
    X(client_frees_what_is_held)                                              \
    X(second_page_reuses_the_first)                                           \
    X(many_pages_stay_within_the_bound)                                       \
    X(failing_allocations_mid_page)
#include "harness.h"
#include "run_parser.h"

static size_t held(struct cboto__spare *sp, size_t *blocks)
{
    return cboto__spare_held(sp, blocks);
}

static int test_take_reuses_what_was_given(struct cboto_allocator *a)
{
    struct cboto__spare sp;
    size_t cap = 0, blocks;
    void *p, *q;
    long total;

    ASSERT_OK(cboto__spare_init(&sp, a));
    p = cboto__spare_take(&sp, a, 10000, &cap);
    ASSERT_NOT_NULL(p);
    ASSERT_EQ(10000, cap);
    memset(p, 'x', cap); /* all of it is ours */
    cboto__spare_give(&sp, a, p, cap);
    ASSERT_EQ(10000, held(&sp, &blocks));
    ASSERT_EQ(1, blocks);
    ASSERT_EQ(1, s_test_alloc.live);

    /* A smaller request gets the same block, whole, with no allocation. */
    total = s_test_alloc.total;
    q = cboto__spare_take(&sp, a, 6000, &cap);
    ASSERT_TRUE(q == p);
    ASSERT_EQ(10000, cap);
    ASSERT_EQ(total, s_test_alloc.total);
    ASSERT_EQ(0, held(&sp, &blocks));
    ASSERT_EQ(0, blocks);

    /* A bigger one than anything held is a fresh allocation. */
    cboto__spare_give(&sp, a, q, cap);
    p = cboto__spare_take(&sp, a, 20000, &cap);
    ASSERT_NOT_NULL(p);
    ASSERT_EQ(20000, cap);
    ASSERT_EQ(total + 1, s_test_alloc.total);
    ASSERT_EQ(10000, held(&sp, NULL));
    cboto__spare_give(&sp, a, p, cap);
    ASSERT_EQ(30000, held(&sp, &blocks));
    ASSERT_EQ(2, blocks);
    cboto__spare_cleanup(&sp);
    return 0; /* the harness fails the test if anything is left */
}

static int test_best_fit(struct cboto_allocator *a)
{
    static const size_t sizes[] = {65536, 8192, 32768, 4096, 16384};
    struct cboto__spare sp;
    void *p[5];
    size_t cap, i;

    ASSERT_OK(cboto__spare_init(&sp, a));
    for (i = 0; i < 5; i++)
        p[i] = cboto__spare_take(&sp, a, sizes[i], &cap);
    for (i = 0; i < 5; i++) {
        ASSERT_NOT_NULL(p[i]);
        cboto__spare_give(&sp, a, p[i], sizes[i]);
    }
    /* The smallest that fits, whatever order they came back in. */
    ASSERT_TRUE(cboto__spare_take(&sp, a, 5000, &cap) == p[1]);
    ASSERT_EQ(8192, cap);
    ASSERT_TRUE(cboto__spare_take(&sp, a, 4096, &cap) == p[3]);
    ASSERT_EQ(4096, cap);
    ASSERT_TRUE(cboto__spare_take(&sp, a, 20000, &cap) == p[2]);
    ASSERT_EQ(32768, cap);
    ASSERT_EQ(65536 + 16384, held(&sp, NULL));
    cboto__spare_give(&sp, a, p[1], 8192);
    cboto__spare_give(&sp, a, p[3], 4096);
    cboto__spare_give(&sp, a, p[2], 32768);
    cboto__spare_cleanup(&sp);
    return 0;
}

static int test_small_blocks_are_not_kept(struct cboto_allocator *a)
{
    struct cboto__spare sp;
    size_t cap;
    void *p;

    ASSERT_OK(cboto__spare_init(&sp, a));
    p = cboto__spare_take(&sp, a, 4095, &cap);
    ASSERT_NOT_NULL(p);
    cboto__spare_give(&sp, a, p, cap);
    ASSERT_EQ(0, held(&sp, NULL));
    ASSERT_EQ(0, s_test_alloc.live); /* freed at once */
    /* Nor one bigger than the whole bound. */
    p = cboto__spare_take(&sp, a, cboto__spare_max_bytes() + 1, &cap);
    ASSERT_NOT_NULL(p);
    cboto__spare_give(&sp, a, p, cap);
    ASSERT_EQ(0, held(&sp, NULL));
    ASSERT_EQ(0, s_test_alloc.live);
    cboto__spare_give(&sp, a, NULL, 8192); /* NULL-safe */
    cboto__spare_cleanup(&sp);
    return 0;
}

static int test_bound_holds(struct cboto_allocator *a)
{
    struct cboto__spare sp;
    void *p[64];
    size_t cap, blocks, i, max = cboto__spare_max_bytes();

    ASSERT_OK(cboto__spare_init(&sp, a));
    /* Many more bytes than the bound, in big blocks ... */
    for (i = 0; i < 20; i++)
        ASSERT_NOT_NULL(p[i] = cboto__spare_take(&sp, a, 65536, &cap));
    for (i = 0; i < 20; i++) {
        cboto__spare_give(&sp, a, p[i], 65536);
        ASSERT_TRUE(held(&sp, &blocks) <= max);
    }
    ASSERT_EQ(max, held(&sp, &blocks));
    ASSERT_EQ(max / 65536, blocks);
    ASSERT_EQ((long)blocks, s_test_alloc.live); /* the rest were freed */
    cboto__spare_cleanup(&sp);
    ASSERT_EQ(0, s_test_alloc.live);

    /* ... and many more blocks than the count bound, in small ones. */
    ASSERT_OK(cboto__spare_init(&sp, a));
    for (i = 0; i < 64; i++)
        ASSERT_NOT_NULL(p[i] = cboto__spare_take(&sp, a, 4096, &cap));
    for (i = 0; i < 64; i++)
        cboto__spare_give(&sp, a, p[i], 4096);
    held(&sp, &blocks);
    ASSERT_EQ(16, blocks);
    ASSERT_EQ(16, s_test_alloc.live);
    cboto__spare_cleanup(&sp);
    return 0;
}

static int test_null_spare_is_plain_allocation(struct cboto_allocator *a)
{
    size_t cap = 0;
    void *p = cboto__spare_take(NULL, a, 100000, &cap);

    ASSERT_NOT_NULL(p);
    ASSERT_EQ(100000, cap);
    ASSERT_EQ(1, s_test_alloc.live);
    cboto__spare_give(NULL, a, p, cap);
    ASSERT_EQ(0, s_test_alloc.live);
    /* A failed allocation is NULL and leaves *cap alone. */
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    cap = 7;
    ASSERT_NULL(cboto__spare_take(NULL, a, 8192, &cap));
    ASSERT_EQ(7, cap);
    return 0;
}

struct hammer {
    struct cboto__spare *sp;
    const struct cboto_allocator *a;
    unsigned seed;
    int bad;
};

/* Takes and gives random sizes, checking that no block is handed to two
 * threads at once (each writes its own mark over the whole block). */
static void *hammer(void *arg)
{
    struct hammer *h = arg;
    int i;

    for (i = 0; i < 20000 && !h->bad; i++) {
        size_t min = 4096 + (size_t)(rand_r(&h->seed) % 60000), cap, k;
        unsigned char *p = cboto__spare_take(h->sp, h->a, min, &cap);

        if (!p || cap < min) {
            h->bad = 1;
            break;
        }
        memset(p, (int)(h->seed & 0xff), cap);
        for (k = 0; k < cap; k += 997)
            if (p[k] != (unsigned char)(h->seed & 0xff))
                h->bad = 1;
        cboto__spare_give(h->sp, h->a, p, cap);
    }
    return NULL;
}

/* The harness's counting allocator is not thread-safe: these threads use
 * malloc, and the bound is checked at the end. */
static int test_threads_take_and_give(struct cboto_allocator *a)
{
    struct cboto__spare sp;
    struct hammer h[4];
    pthread_t th[4];
    size_t blocks;
    int i;

    (void)a;
    ASSERT_OK(cboto__spare_init(&sp, cboto__default_allocator()));
    for (i = 0; i < 4; i++) {
        h[i].sp = &sp;
        h[i].a = cboto__default_allocator();
        h[i].seed = 1234u + (unsigned)i;
        h[i].bad = 0;
        ASSERT_EQ(0, pthread_create(&th[i], NULL, hammer, &h[i]));
    }
    for (i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ASSERT_EQ(0, h[i].bad);
    }
    ASSERT_TRUE(held(&sp, &blocks) <= cboto__spare_max_bytes());
    ASSERT_TRUE(blocks >= 1 && blocks <= 16);
    cboto__spare_cleanup(&sp);
    return 0;
}

/* ---- the list parser on a client's spares ------------------------------- */

/* A ListObjectsV2 page of n keys as S3 sends it: KeyCount first,
 * url-encoded keys, one storage class and owner. */
static char *make_page(size_t n, const char *tag)
{
    size_t cap = 400 + n * 400, len = 0, i;
    char *d = malloc(cap);

    if (!d)
        abort();
    len += (size_t)snprintf(
        d + len, cap - len,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult "
        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bench</Name>"
        "<Prefix></Prefix><KeyCount>%zu</KeyCount><MaxKeys>1000</MaxKeys>"
        "<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        "<NextContinuationToken>tok-%s</NextContinuationToken>",
        n, tag);
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(
            d + len, cap - len,
            "<Contents><Key>dir%%2Fsub+dir%%2F%s-object-%06zu.dat</Key>"
            "<LastModified>2024-05-01T12:34:56.000Z</LastModified>"
            "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag>"
            "<Size>%zu</Size><StorageClass>STANDARD</StorageClass>"
            "</Contents>",
            tag, i, i * 7);
    snprintf(d + len, cap - len, "</ListBucketResult>");
    return d;
}

struct page {
    void *result;
    long allocs; /* allocations the parse made */
};

/* What the executor does with a 2xx list body, in 16 KiB pieces as curl
 * hands them over, including the init_request that finds the spares. */
static int parse_page(const struct cboto_allocator *a,
                      const struct cboto_request *rq, const char *doc,
                      struct page *pg)
{
    long before = s_test_alloc.total;
    int rc = test_run_parser(a, &cboto__s3_list_parser, rq, NULL, doc,
                             strlen(doc), 16384, &pg->result);

    pg->allocs = s_test_alloc.total - before;
    return rc;
}

static int new_client(struct cboto_allocator *a, struct cboto_client **cl,
                      struct cboto_request **rq)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.endpoint_url = "http://127.0.0.1:9";
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "secret";
    o.ignore_environment = 1;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, cl));
    ASSERT_OK(cboto_s3_list_objects_v2(
        *cl, &(struct cboto_s3_list_params){.bucket = "bench"}, rq));
    return 0;
}

static int check_page(const struct cboto_s3_list_result *r, size_t n,
                      const char *tag)
{
    char want[128];
    size_t i;

    ASSERT_EQ(n, r->n_objects);
    for (i = 0; i < n; i += 111) {
        snprintf(want, sizeof want, "dir/sub dir/%s-object-%06zu.dat", tag, i);
        ASSERT_STREQ(want, r->objects[i].key);
        ASSERT_EQ(i * 7, r->objects[i].size);
        ASSERT_STREQ("STANDARD", r->objects[i].storage_class);
        ASSERT_STREQ("\"0123456789abcdef0123456789abcdef\"",
                     r->objects[i].etag);
    }
    snprintf(want, sizeof want, "tok-%s", tag);
    ASSERT_STREQ(want, r->next_continuation_token);
    return 0;
}

static int test_second_page_reuses_the_first(struct cboto_allocator *a)
{
    const struct cboto__parser *p = &cboto__s3_list_parser;
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct page one, two;
    char *d1 = make_page(1000, "one"), *d2 = make_page(1000, "two");
    size_t held1, blocks1, held2, blocks2;

    ASSERT_OK(new_client(a, &cl, &rq));
    ASSERT_EQ(0, held(&cl->spare, NULL));
    ASSERT_OK(parse_page(a, rq, d1, &one));
    ASSERT_OK(check_page(one.result, 1000, "one"));
    p->result_free(a, one.result);
    /* The page's pool (some 190 KiB in all, with the objects) waits. */
    held1 = held(&cl->spare, &blocks1);
    ASSERT_TRUE(held1 >= 100000);
    ASSERT_TRUE(blocks1 >= 5);

    ASSERT_OK(parse_page(a, rq, d2, &two));
    ASSERT_OK(check_page(two.result, 1000, "two"));
    /* Every pool block and the object array came from the spares: as
     * many fewer allocations as blocks were waiting, and none left. */
    if (two.allocs > one.allocs - (long)blocks1)
        FAILF("page 1: %ld allocations, page 2: %ld, %zu spare blocks",
              one.allocs, two.allocs, blocks1);
    ASSERT_EQ(0, held(&cl->spare, NULL));
    p->result_free(a, two.result);
    held2 = held(&cl->spare, &blocks2);
    ASSERT_EQ(held1, held2);
    ASSERT_EQ(blocks1, blocks2);

    /* The client refuses to go while the request lives, then takes
     * everything held with it (the harness checks nothing is left). */
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(cl));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    free(d1);
    free(d2);
    return 0;
}

static int test_many_pages_stay_within_the_bound(struct cboto_allocator *a)
{
    const struct cboto__parser *p = &cboto__s3_list_parser;
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct page pg[6];
    char *d = make_page(1000, "many");
    size_t blocks, i;

    ASSERT_OK(new_client(a, &cl, &rq));
    /* Six pages alive at once, then all given back together: far more
     * than the bound, which must hold; the rest is freed. */
    for (i = 0; i < 6; i++)
        ASSERT_OK(parse_page(a, rq, d, &pg[i]));
    for (i = 0; i < 6; i++) {
        p->result_free(a, pg[i].result);
        ASSERT_TRUE(held(&cl->spare, &blocks) <= cboto__spare_max_bytes());
        ASSERT_TRUE(blocks <= 16);
    }
    /* A small page after them takes only what it needs, best fit. */
    free(d);
    d = make_page(3, "small");
    ASSERT_OK(parse_page(a, rq, d, &pg[0]));
    ASSERT_OK(check_page(pg[0].result, 3, "small"));
    p->result_free(a, pg[0].result);
    ASSERT_TRUE(held(&cl->spare, &blocks) <= cboto__spare_max_bytes());
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    free(d);
    return 0;
}

/* Allocation 1, 2, ... N of a page fails in turn, with the spares holding
 * part of what the page needs: each run ends in ENOMEM or the right page,
 * leaks nothing, and leaves the spares within the bound. */
static int test_failing_allocations_mid_page(struct cboto_allocator *a)
{
    const struct cboto__parser *p = &cboto__s3_list_parser;
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct page pg;
    char *big = make_page(1000, "big"), *small = make_page(200, "small");
    long n, count, live;
    int rc, enomem = 0;

    ASSERT_OK(new_client(a, &cl, &rq));
    /* The spares hold a 200-key page's blocks; a 1,000-key page needs
     * those and more. */
    ASSERT_OK(parse_page(a, rq, small, &pg));
    p->result_free(a, pg.result);
    live = s_test_alloc.live;
    ASSERT_OK(parse_page(a, rq, big, &pg));
    count = pg.allocs;
    p->result_free(a, pg.result);
    for (n = 1; n <= count + 2; n++) {
        size_t blocks;

        /* Back to the 200-key state, so every run starts alike. */
        cboto__spare_cleanup(&cl->spare);
        ASSERT_OK(cboto__spare_init(&cl->spare, cl->a));
        ASSERT_OK(parse_page(a, rq, small, &pg));
        p->result_free(a, pg.result);
        ASSERT_EQ(live, s_test_alloc.live);

        s_test_alloc.fail_after = s_test_alloc.total + n;
        rc = parse_page(a, rq, big, &pg);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_ENOMEM) {
            enomem++;
        } else {
            ASSERT_OK(rc);
            ASSERT_OK(check_page(pg.result, 1000, "big"));
            p->result_free(a, pg.result);
        }
        ASSERT_TRUE(held(&cl->spare, &blocks) <= cboto__spare_max_bytes());
    }
    ASSERT_TRUE(enomem >= 1);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    free(big);
    free(small);
    return 0;
}

static int test_client_frees_what_is_held(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct page pg;
    char *d = make_page(1000, "held");

    ASSERT_OK(new_client(a, &cl, &rq));
    ASSERT_OK(parse_page(a, rq, d, &pg));
    cboto__s3_list_parser.result_free(a, pg.result);
    ASSERT_TRUE(held(&cl->spare, NULL) > 0);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_EQ(0, s_test_alloc.live);
    free(d);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
