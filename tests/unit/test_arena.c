/* SPDX-License-Identifier: MIT */
/*
 * The per-attempt bump allocator (aws/arena.c) and the other fast paths of
 * the request path: the RFC 1123 date reader against the sscanf parser it
 * sits in front of.  No network.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cboto/cboto.h>

#define TEST_LIST(X)                                                          \
    X(arena_first_block_then_parent)                                          \
    X(arena_alignment_and_independence)                                       \
    X(arena_resize_in_place_and_moving)                                       \
    X(arena_free_newest_is_reused)                                            \
    X(arena_reset_returns_blocks)                                             \
    X(arena_parent_failure)                                                   \
    X(arena_no_first_block)                                                   \
    X(arena_carries_kvlist_and_buf)                                           \
    X(http_date_fast_path_agrees)                                             \
    X(form_encode_matches_reference)

#include "harness.h"
#include "aws/internal.h"

static int test_arena_first_block_then_parent(struct cboto_allocator *a)
{
    uint64_t mem[64]; /* 512 bytes */
    struct cboto__arena ar;
    long before = s_test_alloc.total;
    void *p, *q;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    /* Small allocations fit in the caller's block: no parent call. */
    p = cboto__alloc(&ar.al, 100);
    ASSERT_NOT_NULL(p);
    ASSERT_TRUE((uint8_t *)p >= (uint8_t *)mem &&
                (uint8_t *)p + 100 <= (uint8_t *)mem + sizeof mem);
    ASSERT_EQ(before, s_test_alloc.total);
    /* Bigger than what is left: one block from the parent. */
    q = cboto__alloc(&ar.al, 1000);
    ASSERT_NOT_NULL(q);
    ASSERT_EQ(before + 1, s_test_alloc.total);
    ASSERT_EQ(1, s_test_alloc.live);
    memset(q, 0xab, 1000);
    /* A huge one gets a block of its own size. */
    p = cboto__alloc(&ar.al, 100000);
    ASSERT_NOT_NULL(p);
    memset(p, 0xcd, 100000);
    ASSERT_EQ(2, s_test_alloc.live);
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

static int test_arena_alignment_and_independence(struct cboto_allocator *a)
{
    uint64_t mem[256];
    struct cboto__arena ar;
    unsigned char *v[200];
    size_t i, j;

    /* An odd start address still gives aligned allocations. */
    cboto__arena_init(&ar, a, (char *)mem + 3, sizeof mem - 3);
    for (i = 0; i < 200; i++) {
        v[i] = cboto__alloc(&ar.al, i % 37 + 1);
        ASSERT_NOT_NULL(v[i]);
        ASSERT_EQ(0, (uintptr_t)v[i] % 16);
        memset(v[i], (int)i, i % 37 + 1);
    }
    /* No allocation overlaps another. */
    for (i = 0; i < 200; i++)
        for (j = 0; j < i % 37 + 1; j++)
            ASSERT_EQ((unsigned char)i, v[i][j]);
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

static int test_arena_resize_in_place_and_moving(struct cboto_allocator *a)
{
    uint64_t mem[128];
    struct cboto__arena ar;
    char *p, *q, *r;
    int i;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    p = cboto__alloc(&ar.al, 10);
    ASSERT_NOT_NULL(p);
    memcpy(p, "0123456789", 10);
    /* The newest allocation grows where it is. */
    q = cboto__resize(&ar.al, p, 10, 200);
    ASSERT_TRUE(q == p);
    /* Shrinking keeps it too. */
    q = cboto__resize(&ar.al, q, 200, 20);
    ASSERT_TRUE(q == p);
    r = cboto__alloc(&ar.al, 8);
    ASSERT_NOT_NULL(r);
    memcpy(r, "abcdefg", 8);
    /* Not the newest any more: growing copies it elsewhere. */
    q = cboto__resize(&ar.al, p, 20, 5000);
    ASSERT_NOT_NULL(q);
    ASSERT_TRUE(q != p);
    ASSERT_MEMEQ("0123456789", 10, q, 10);
    ASSERT_STREQ("abcdefg", r);
    /* Grow repeatedly past any block size, as a buffer does. */
    for (i = 0; i < 12; i++) {
        size_t old = (size_t)5000 << i, n = old * 2;

        q = cboto__resize(&ar.al, q, old, n);
        ASSERT_NOT_NULL(q);
        memset(q + old, 'x', n - old);
    }
    ASSERT_MEMEQ("0123456789", 10, q, 10);
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

static int test_arena_free_newest_is_reused(struct cboto_allocator *a)
{
    uint64_t mem[64];
    struct cboto__arena ar;
    char *p, *q, *r;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    p = cboto__alloc(&ar.al, 32);
    q = cboto__alloc(&ar.al, 64);
    ASSERT_NOT_NULL(p);
    ASSERT_NOT_NULL(q);
    cboto__free(&ar.al, q);
    r = cboto__alloc(&ar.al, 48);
    ASSERT_TRUE(r == q);
    /* Freeing an older one is allowed and changes nothing else. */
    memcpy(r, "kept", 5);
    cboto__free(&ar.al, p);
    ASSERT_STREQ("kept", r);
    ASSERT_TRUE(cboto__alloc(&ar.al, 8) != p);
    cboto__arena_cleanup(&ar);
    return 0;
}

static int test_arena_reset_returns_blocks(struct cboto_allocator *a)
{
    uint64_t mem[64];
    struct cboto__arena ar;
    void *first, *p;
    int round, i;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    first = cboto__alloc(&ar.al, 16);
    for (round = 0; round < 3; round++) {
        for (i = 0; i < 50; i++)
            ASSERT_NOT_NULL(cboto__alloc(&ar.al, 1000));
        ASSERT_TRUE(s_test_alloc.live > 0);
        cboto__arena_reset(&ar);
        ASSERT_EQ(0, s_test_alloc.live);
        /* After a reset the caller's block is used from its start. */
        p = cboto__alloc(&ar.al, 16);
        ASSERT_TRUE(p == first);
    }
    cboto__arena_cleanup(&ar);
    return 0;
}

static int test_arena_parent_failure(struct cboto_allocator *a)
{
    uint64_t mem[64];
    struct cboto__arena ar;
    char *p;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_NULL(cboto__alloc(&ar.al, 4096));
    p = cboto__alloc(&ar.al, 16); /* still fits in the first block */
    ASSERT_NOT_NULL(p);
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_NULL(cboto__resize(&ar.al, p, 16, 100000));
    s_test_alloc.fail_after = 0;
    /* Sizes that cannot be represented fail instead of wrapping. */
    ASSERT_NULL(cboto__alloc(&ar.al, SIZE_MAX));
    ASSERT_NULL(cboto__alloc(&ar.al, SIZE_MAX - 8));
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

static int test_arena_no_first_block(struct cboto_allocator *a)
{
    struct cboto__arena ar;
    char small[8];

    cboto__arena_init(&ar, a, NULL, 0);
    ASSERT_NOT_NULL(cboto__alloc(&ar.al, 1));
    ASSERT_EQ(1, s_test_alloc.live);
    cboto__arena_reset(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    /* Storage too small to hold a block is ignored, not overrun. */
    cboto__arena_init(&ar, a, small, sizeof small);
    ASSERT_NOT_NULL(cboto__alloc(&ar.al, 4));
    ASSERT_EQ(1, s_test_alloc.live);
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

/* The transfer runs the kvlist and buffer code on the arena unchanged. */
static int test_arena_carries_kvlist_and_buf(struct cboto_allocator *a)
{
    uint64_t mem[128];
    struct cboto__arena ar;
    struct cboto__kvlist l;
    struct cboto__buf b;
    char name[16], value[32];
    int i;

    cboto__arena_init(&ar, a, mem, sizeof mem);
    cboto__kvlist_init(&l, &ar.al);
    cboto__buf_init(&b, &ar.al, 0);
    for (i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "h%d", i);
        snprintf(value, sizeof value, "value-%d", i * 7);
        ASSERT_OK(cboto__kvlist_add(&l, name, value));
        ASSERT_OK(cboto__buf_append_str(&b, name));
    }
    ASSERT_OK(cboto__kvlist_set(&l, "h5", "changed"));
    ASSERT_EQ(100, l.n);
    for (i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "h%d", i);
        snprintf(value, sizeof value, "value-%d", i * 7);
        ASSERT_STREQ(i == 5 ? "changed" : value, cboto__kvlist_get(&l, name));
    }
    ASSERT_EQ(0, strncmp(cboto__buf_cstr(&b), "h0h1h2h3", 8));
    cboto__kvlist_cleanup(&l);
    cboto__buf_cleanup(&b);
    cboto__arena_cleanup(&ar);
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

/* The general parser, as cboto__parse_http_date was before the fast path:
 * every string must get the same answer from both. */
static int http_date_ref(const char *s, time_t *out)
{
    static const char *const mon_names[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    char wd[4], mon[4], tz[4];
    int i, n = 0;

    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%3[A-Za-z], %d %3s %d %d:%d:%d %3s%n", wd, &tm.tm_mday, mon,
               &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz,
               &n) != 8 ||
        strlen(wd) != 3 || s[n] != '\0')
        return CBOTO_EINVAL;
    if (strcmp(tz, "GMT") != 0 && strcmp(tz, "UTC") != 0)
        return CBOTO_EINVAL;
    tm.tm_mon = -1;
    for (i = 0; i < 12; i++)
        if (strcmp(mon, mon_names[i]) == 0)
            tm.tm_mon = i;
    tm.tm_year -= 1900;
    if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
        tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
        tm.tm_sec > 60)
        return CBOTO_EINVAL;
    *out = cboto__timegm(&tm);
    return CBOTO_OK;
}

static int test_http_date_fast_path_agrees(struct cboto_allocator *a)
{
    static const char *const seeds[] = {
        "Sun, 06 Nov 1994 08:49:37 GMT", "Wed, 25 Nov 2026 00:27:24 UTC",
        "Tue, 29 Feb 2000 23:59:60 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",  "Mon, 31 Dec 9999 23:59:59 GMT"};
    static const char alphabet[] = "0123456789 ,:GMTUCSunNovx-+\t";
    unsigned long long x = 0x2545f4914f6cdd1dULL;
    time_t t1, t2;
    long i;

    (void)a;
    ASSERT_OK(cboto__parse_http_date(seeds[0], &t1));
    ASSERT_EQ((time_t)784111777, t1);
    for (i = 0; i < 200000; i++) {
        char s[40];
        size_t len, k, edits;
        int r1, r2;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(s, seeds[x % 6], strlen(seeds[x % 6]) + 1);
        len = strlen(s);
        /* A few random edits: most stay 29 characters long, so the fast
         * path sees them; some change the length. */
        edits = (size_t)(x >> 8) % 3;
        for (k = 0; k < edits; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if ((x >> 20) % 8 == 0 && len > 0)
                s[--len] = '\0';
            else
                s[(x >> 24) % len] =
                    alphabet[(x >> 40) % (sizeof alphabet - 1)];
        }
        t1 = t2 = 1;
        r1 = cboto__parse_http_date(s, &t1);
        r2 = http_date_ref(s, &t2);
        if (r1 != r2 || (r1 == CBOTO_OK && t1 != t2)) {
            FAILF("'%s': fast %d/%lld, reference %d/%lld", s, r1,
                  (long long)t1, r2, (long long)t2);
            return 1;
        }
    }
    return 0;
}

/* RFC 3986 unreserved bytes stay; everything else is %XX, a space '+'
 * when plus is set: the form bodies SQS (plus) and SimpleDB (%20) send. */
static void form_ref(char *out, const char *s, int plus)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
            c == '~') {
            *out++ = (char)c;
        } else if (c == ' ' && plus) {
            *out++ = '+';
        } else {
            *out++ = '%';
            *out++ = hex[c >> 4];
            *out++ = hex[c & 15];
        }
    }
    *out = '\0';
}

static int test_form_encode_matches_reference(struct cboto_allocator *a)
{
    unsigned long long x = 0x9e3779b97f4a7c15ULL;
    int round;

    for (round = 0; round < 400; round++) {
        struct cboto__kvlist l;
        struct cboto__buf got, capped;
        char want[8192], *w = want;
        int plus = round & 1, n = (int)(round % 7), i, k;

        cboto__kvlist_init(&l, a);
        for (i = 0; i < n; i++) {
            char name[24], value[64];
            int vl;

            for (k = 0; k < 8; k++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                name[k] = (char)('a' + x % 26);
            }
            name[8] = '\0';
            vl = (int)((x >> 32) % 60);
            for (k = 0; k < vl; k++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                /* mostly plain bytes, with spaces and anything 1..255 */
                value[k] = (char)(x % 4 == 0   ? ' '
                                  : x % 4 == 1 ? (char)(1 + (x >> 8) % 255)
                                               : (char)('a' + (x >> 8) % 26));
            }
            value[vl] = '\0';
            ASSERT_OK(cboto__kvlist_add(&l, name, value));
            if (i)
                *w++ = '&';
            form_ref(w, name, plus);
            w += strlen(w);
            *w++ = '=';
            form_ref(w, value, plus);
            w += strlen(w);
        }
        *w = '\0';
        cboto__buf_init(&got, a, 0);
        ASSERT_OK(
            cboto__buf_append_str(&got, "")); /* appends to what is there */
        ASSERT_OK(cboto__form_encode(&l, &got, plus));
        ASSERT_STREQ(want, cboto__buf_cstr(&got));
        /* A cap below the worst case takes the appending path: the same
         * bytes, or ETOOBIG when they do not fit. */
        cboto__buf_init(&capped, a, strlen(want) + 1);
        ASSERT_OK(cboto__form_encode(&l, &capped, plus));
        ASSERT_STREQ(want, cboto__buf_cstr(&capped));
        cboto__buf_cleanup(&capped);
        if (strlen(want) > 0) {
            cboto__buf_init(&capped, a, strlen(want) - 1);
            ASSERT_EQ(CBOTO_ETOOBIG, cboto__form_encode(&l, &capped, plus));
            cboto__buf_cleanup(&capped);
        }
        cboto__buf_cleanup(&got);
        cboto__kvlist_cleanup(&l);
    }
    return 0;
}

HARNESS_MAIN(TEST_LIST)
