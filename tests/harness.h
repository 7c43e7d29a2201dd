/* SPDX-License-Identifier: MIT */
/*
 * A tiny test harness.  Each test binary lists its tests in one table:
 *
 *     #define TEST_LIST(X) X(list_basic) X(list_truncated)
 *     #include "harness.h"
 *     static int test_list_basic(struct cboto_allocator *a) { ...; return 0; }
 *     ...
 *     HARNESS_MAIN(TEST_LIST)
 *
 * A test returns 0 (pass), a positive number (fail; the ASSERT macros print
 * why) or TEST_SKIP after calling skip("why").  Every test gets a counting
 * allocator: memory left allocated when it returns fails the test.
 * Output is one line per test ("ok - name", "not ok - name", "skip - name:
 * why") and a last line "N passed, N failed, N skipped" that tests/run.sh
 * adds up.  Run a binary with a test name to run just that test.
 */
#ifndef CBOTO_TEST_HARNESS_H
#define CBOTO_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/common.h>

#define TEST_SKIP (-1000)

struct test_alloc_stats {
    long live;       /* blocks allocated and not yet freed */
    long total;      /* allocations so far */
    long fail_after; /* fail the allocation number fail_after (1-based); 0 =
                        never */
};

static struct test_alloc_stats s_test_alloc;
static char s_skip_why[512];
static const char *s_test_name;
static int s_case_pass, s_case_fail;

/* A test that checks many data cases (signing vectors, fixtures) reports
 * each one, so the closing line counts cases rather than functions. */
__attribute__((unused)) static void test_case(const char *name, int ok)
{
    printf("%s - %s/%s\n", ok ? "ok" : "not ok", s_test_name, name);
    if (ok)
        s_case_pass++;
    else
        s_case_fail++;
}

static void *test_alloc_fn(void *ctx, size_t n)
{
    struct test_alloc_stats *s = ctx;
    void *p;

    s->total++;
    if (s->fail_after && s->total == s->fail_after)
        return NULL;
    p = malloc(n ? n : 1);
    if (p)
        s->live++;
    return p;
}

static void *test_resize_fn(void *ctx, void *p, size_t old_n, size_t new_n)
{
    struct test_alloc_stats *s = ctx;
    void *q;

    (void)old_n;
    if (p == NULL)
        return test_alloc_fn(ctx, new_n);
    s->total++;
    if (s->fail_after && s->total == s->fail_after)
        return NULL;
    q = realloc(p, new_n ? new_n : 1);
    return q;
}

static void test_dealloc_fn(void *ctx, void *p)
{
    struct test_alloc_stats *s = ctx;

    if (p) {
        s->live--;
        free(p);
    }
}

static struct cboto_allocator s_test_allocator = {
    test_alloc_fn, test_resize_fn, test_dealloc_fn, &s_test_alloc};

static void skip(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), unused));

#include <stdarg.h>
static void skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s_skip_why, sizeof s_skip_why, fmt, ap);
    va_end(ap);
}

#define FAILF(...)                                                            \
    do {                                                                      \
        fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);                     \
        fprintf(stderr, __VA_ARGS__);                                         \
        fputc('\n', stderr);                                                  \
        return 1;                                                             \
    } while (0)

#define ASSERT_TRUE(c)                                                        \
    do {                                                                      \
        if (!(c))                                                             \
            FAILF("assertion failed: %s", #c);                                \
    } while (0)

#define ASSERT_EQ(exp, got)                                                   \
    do {                                                                      \
        long long e_ = (long long)(exp), g_ = (long long)(got);               \
        if (e_ != g_)                                                         \
            FAILF("%s == %s: expected %lld, got %lld", #exp, #got, e_, g_);   \
    } while (0)

#define ASSERT_OK(expr)                                                       \
    do {                                                                      \
        int rc_ = (expr);                                                     \
        if (rc_ != 0)                                                         \
            FAILF("%s: %s (%d)", #expr, cboto_err_name(rc_), rc_);            \
    } while (0)

#define ASSERT_STREQ(exp, got)                                                \
    do {                                                                      \
        const char *e_ = (exp), *g_ = (got);                                  \
        if (e_ == NULL || g_ == NULL || strcmp(e_, g_) != 0)                  \
            FAILF("%s:\n    expected \"%s\"\n    got      \"%s\"", #got,      \
                  e_ ? e_ : "(null)", g_ ? g_ : "(null)");                    \
    } while (0)

#define ASSERT_MEMEQ(exp, exp_len, got, got_len)                              \
    do {                                                                      \
        size_t el_ = (exp_len), gl_ = (got_len);                              \
        if (el_ != gl_ || (el_ && memcmp((exp), (got), el_) != 0))            \
            FAILF("%s: bytes differ (expected %zu bytes, got %zu)", #got,     \
                  el_, gl_);                                                  \
    } while (0)

#define ASSERT_NULL(p)     ASSERT_TRUE((p) == NULL)
#define ASSERT_NOT_NULL(p) ASSERT_TRUE((p) != NULL)

typedef int test_fn(struct cboto_allocator *a);
struct test_entry {
    const char *name;
    test_fn *fn;
};

__attribute__((unused)) static int harness_run(const struct test_entry *tests,
                                               size_t n, int argc, char **argv)
{
    size_t i;
    int passed = 0, failed = 0, skipped = 0;

    for (i = 0; i < n; i++) {
        int rc;

        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0)
            continue;
        memset(&s_test_alloc, 0, sizeof s_test_alloc);
        s_skip_why[0] = '\0';
        s_test_name = tests[i].name;
        s_case_pass = s_case_fail = 0;
        fflush(stdout);
        rc = tests[i].fn(&s_test_allocator);
        if (rc == 0 && s_test_alloc.live != 0) {
            fprintf(stderr, "  leak: %ld block(s) still allocated\n",
                    s_test_alloc.live);
            rc = 1;
        }
        if (s_case_pass + s_case_fail > 0) {
            /* Cases were counted one by one; a failure of the function
             * itself (a wrong count, a leak) counts once more. */
            passed += s_case_pass;
            failed += s_case_fail;
            if (rc != 0 && rc != TEST_SKIP && s_case_fail == 0) {
                printf("not ok - %s\n", tests[i].name);
                failed++;
            }
        } else if (rc == TEST_SKIP) {
            printf("skip - %s: %s\n", tests[i].name, s_skip_why);
            skipped++;
        } else if (rc == 0) {
            printf("ok - %s\n", tests[i].name);
            passed++;
        } else {
            printf("not ok - %s\n", tests[i].name);
            failed++;
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}

#define HARNESS_DECL(name)  static int test_##name(struct cboto_allocator *a);
#define HARNESS_ENTRY(name) {#name, test_##name},
#define HARNESS_MAIN(LIST)                                                    \
    int main(int argc, char **argv)                                           \
    {                                                                         \
        static const struct test_entry tests[] = {LIST(HARNESS_ENTRY)};       \
        int rc_;                                                              \
        cboto_global_init(CBOTO_GLOBAL_DEFAULT);                              \
        rc_ = harness_run(tests, sizeof tests / sizeof tests[0], argc, argv); \
        cboto_global_cleanup();                                               \
        return rc_;                                                           \
    }

/* Where ../shared/testdata is: $CBOTO_TESTDATA, else relative to the source
 * tree (top_srcdir/../shared/testdata).  NULL when it does not exist. */
const char *test_data_dir(void);
/* Path of a fixture under tests/data (top_srcdir/tests/data/<rel>). */
int test_read_file(const char *path, char **out, size_t *len);

#ifdef TEST_LIST
TEST_LIST(HARNESS_DECL)
#endif

#endif /* CBOTO_TEST_HARNESS_H */
