/* SPDX-License-Identifier: MIT */
/*
 * The hand-written fast paths (benchmark work, bench/README.md): URI
 * encoding and decoding over every byte value, the ISO 8601 parser against
 * the sscanf implementation it replaced, the date formatters against
 * gmtime_r, and the HMAC-SHA256 / digest wrappers against published
 * vectors.  No network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cboto/cboto.h>

#define TEST_LIST(X)                                                          \
    X(uri_encode_every_byte)                                                  \
    X(uri_round_trip_every_byte)                                              \
    X(uri_encode_blocks_match_reference)                                      \
    X(uri_decode_forms)                                                       \
    X(uri_decode_bad_escapes_append_nothing)                                  \
    X(uri_cap_and_alloc_failure)                                              \
    X(uri_cmp_is_encoded_order)                                               \
    X(iso8601_forms)                                                          \
    X(iso8601_rejects)                                                        \
    X(iso8601_matches_sscanf)                                                 \
    X(fmt_dates_match_gmtime)                                                 \
    X(hmac_sha256_rfc4231)                                                    \
    X(hmac_key_agrees_with_one_shot)                                          \
    X(digests)

#include "harness.h"
#include "signing/internal.h"

static int unreserved(unsigned c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '~';
}

static int test_uri_encode_every_byte(struct cboto_allocator *a)
{
    struct cboto__buf b;
    unsigned c;
    int keep;

    for (keep = 0; keep < 2; keep++) {
        for (c = 0; c < 256; c++) {
            char in = (char)c, want[4];

            if (unreserved(c) || (keep && c == '/')) {
                want[0] = (char)c;
                want[1] = '\0';
            } else {
                snprintf(want, sizeof want, "%%%02X", c);
            }
            cboto__buf_init(&b, a, 0);
            /* something already there: the encoder appends */
            ASSERT_OK(cboto__buf_append_str(&b, "x"));
            ASSERT_OK(cboto__uri_encode(&b, &in, 1, keep));
            ASSERT_EQ(1 + strlen(want), b.len);
            ASSERT_EQ('x', b.ptr[0]);
            ASSERT_STREQ(want, (const char *)b.ptr + 1);
            cboto__buf_cleanup(&b);
        }
    }
    /* empty input: nothing appended, still a terminated string */
    cboto__buf_init(&b, a, 0);
    ASSERT_OK(cboto__uri_encode(&b, "", 0, 0));
    ASSERT_EQ(0, b.len);
    ASSERT_STREQ("", cboto__buf_cstr(&b));
    ASSERT_OK(cboto__uri_encode(&b, "a b/c~", 6, 0));
    ASSERT_STREQ("a%20b%2Fc~", cboto__buf_cstr(&b));
    ASSERT_OK(cboto__uri_encode(&b, "/d e", 4, 1));
    ASSERT_STREQ("a%20b%2Fc~/d%20e", cboto__buf_cstr(&b));
    cboto__buf_cleanup(&b);
    return 0;
}

/* The byte-at-a-time rule the encoder's eight-byte blocks must agree
 * with; mode 0 and 1 are keep_slash, 2 is a form ('+' for a space). */
static size_t ref_encode(char *w, size_t cap, const char *s, size_t n,
                         int mode)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];

        if (unreserved(c) || (mode == 1 && c == '/'))
            w[o++] = (char)c;
        else if (mode == 2 && c == ' ')
            w[o++] = '+';
        else
            o += (size_t)snprintf(w + o, cap - o, "%%%02X", c);
    }
    return o;
}

/* Every byte value at every offset of inputs of 1 to 24 bytes, so that
 * it falls in each lane of a block and in the tail, among unreserved
 * bytes (a block that could be copied whole but for it) and next to a
 * second odd byte; into a buffer with room for 3n bytes and into one
 * with room for the result only. */
static int test_uri_encode_blocks_match_reference(struct cboto_allocator *a)
{
    char in[24], want[3 * sizeof in + 1];
    uint8_t got[3 * sizeof in + 1], *exact;
    size_t n, pos, wn, gn;
    unsigned c;
    int mode;

    (void)a;
    for (mode = 0; mode < 3; mode++)
        for (n = 1; n <= sizeof in; n++)
            for (pos = 0; pos < n; pos++)
                for (c = 0; c < 256; c++) {
                    memset(in, 'k', n);
                    in[pos] = (char)c;
                    if (pos + 3 < n)
                        in[pos + 3] = (c & 1) ? '/' : ' ';
                    wn = ref_encode(want, sizeof want, in, n, mode);
                    gn = mode == 2 ? cboto__form_encode_raw(got, in, n)
                                   : cboto__uri_encode_raw(got, in, n, mode);
                    ASSERT_MEMEQ(want, wn, got, gn);
                    /* Room for exactly the result (as the counting path
                     * of cboto__uri_encode reserves): under ASan a write
                     * past it fails here. */
                    exact = malloc(wn);
                    ASSERT_NOT_NULL(exact);
                    gn = mode == 2 ? cboto__form_encode_raw(exact, in, n)
                                   : cboto__uri_encode_raw(exact, in, n, mode);
                    ASSERT_MEMEQ(want, wn, exact, gn);
                    free(exact);
                }
    return 0;
}

static int test_uri_round_trip_every_byte(struct cboto_allocator *a)
{
    struct cboto__buf enc, dec;
    char all[256 * 3];
    size_t i, n = 0;
    int keep, plus;

    /* every byte value, some repeated so runs of both kinds occur */
    for (i = 0; i < 256; i++)
        all[n++] = (char)i;
    for (i = 0; i < 256; i++)
        all[n++] = (char)(255 - i);
    for (i = 0; i < 256; i++)
        all[n++] = (char)((i * 7) & 255);
    for (keep = 0; keep < 2; keep++) {
        for (plus = 0; plus < 2; plus++) {
            cboto__buf_init(&enc, a, 0);
            cboto__buf_init(&dec, a, 0);
            ASSERT_OK(cboto__uri_encode(&enc, all, n, keep));
            /* the encoding has no '+' (it is escaped), so plus_is_space
             * must not matter */
            ASSERT_TRUE(memchr(enc.ptr, '+', enc.len) == NULL);
            ASSERT_OK(
                cboto__uri_decode(&dec, (const char *)enc.ptr, enc.len, plus));
            ASSERT_MEMEQ(all, n, dec.ptr, dec.len);
            ASSERT_EQ(0, dec.ptr[dec.len]);
            cboto__buf_cleanup(&enc);
            cboto__buf_cleanup(&dec);
        }
    }
    return 0;
}

static int test_uri_decode_forms(struct cboto_allocator *a)
{
    struct cboto__buf b;
    unsigned c;

    /* each byte as %xx in lower and upper case hex */
    for (c = 0; c < 256; c++) {
        char in[8];

        cboto__buf_init(&b, a, 0);
        snprintf(in, sizeof in, "%%%02x%%%02X", c, c);
        ASSERT_OK(cboto__uri_decode(&b, in, 6, 0));
        ASSERT_EQ(2, b.len);
        ASSERT_EQ(c, b.ptr[0]);
        ASSERT_EQ(c, b.ptr[1]);
        cboto__buf_cleanup(&b);
    }
    cboto__buf_init(&b, a, 0);
    ASSERT_OK(cboto__uri_decode(&b, "a+b%2Bc", 7, 1));
    ASSERT_STREQ("a b+c", cboto__buf_cstr(&b));
    cboto__buf_reset(&b);
    ASSERT_OK(cboto__uri_decode(&b, "a+b%2Bc", 7, 0));
    ASSERT_STREQ("a+b+c", cboto__buf_cstr(&b));
    cboto__buf_reset(&b);
    /* only n bytes are read: the escape past n is not seen */
    ASSERT_OK(cboto__uri_decode(&b, "ab%zz", 2, 0));
    ASSERT_STREQ("ab", cboto__buf_cstr(&b));
    cboto__buf_reset(&b);
    ASSERT_OK(cboto__uri_decode(&b, "%00x", 4, 0));
    ASSERT_MEMEQ("\0x", 2, b.ptr, b.len);
    cboto__buf_cleanup(&b);
    /* an empty input allocates nothing */
    cboto__buf_init(&b, a, 0);
    ASSERT_OK(cboto__uri_decode(&b, "", 0, 1));
    ASSERT_NULL(b.ptr);
    return 0;
}

static int
test_uri_decode_bad_escapes_append_nothing(struct cboto_allocator *a)
{
    static const char *const bad[] = {"%",    "%4",     "ab%", "ab%4",
                                      "%g0",  "%0g",    "%%",  "%+1",
                                      "x%4G", "ok%41%", "% 41"};
    struct cboto__buf b;
    size_t i;

    cboto__buf_init(&b, a, 0);
    ASSERT_OK(cboto__buf_append_str(&b, "keep"));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (cboto__uri_decode(&b, bad[i], strlen(bad[i]), 1) != CBOTO_EINVAL)
            FAILF("'%s' decoded", bad[i]);
        ASSERT_STREQ("keep", cboto__buf_cstr(&b));
        ASSERT_EQ(4, b.len);
    }
    cboto__buf_cleanup(&b);
    return 0;
}

static int test_uri_cap_and_alloc_failure(struct cboto_allocator *a)
{
    struct cboto__buf b;

    /* "a b" encodes to 5 bytes: a cap of 5 holds it, 4 does not, and the
     * cap is on the result, not on a worst-case guess. */
    cboto__buf_init(&b, a, 5);
    ASSERT_OK(cboto__uri_encode(&b, "a b", 3, 0));
    ASSERT_STREQ("a%20b", cboto__buf_cstr(&b));
    cboto__buf_cleanup(&b);
    cboto__buf_init(&b, a, 4);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__uri_encode(&b, "a b", 3, 0));
    ASSERT_EQ(0, b.len);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto__uri_decode(&b, "abcde", 5, 0));
    ASSERT_OK(cboto__uri_decode(&b, "%41%42%43%44", 12, 0));
    ASSERT_STREQ("ABCD", cboto__buf_cstr(&b));
    cboto__buf_cleanup(&b);

    cboto__buf_init(&b, a, 0);
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_EQ(CBOTO_ENOMEM, cboto__uri_encode(&b, "abc", 3, 0));
    s_test_alloc.fail_after = s_test_alloc.total + 1;
    ASSERT_EQ(CBOTO_ENOMEM, cboto__uri_decode(&b, "abc", 3, 0));
    s_test_alloc.fail_after = 0;
    ASSERT_EQ(0, b.len);
    cboto__buf_cleanup(&b);
    return 0;
}

/* SigV4 sorts the query by the encoded names and values; the signer
 * compares the raw strings with cboto__uri_cmp instead.  Against strcmp of
 * the real encodings: every pair of one- and two-byte strings over a set
 * of bytes that covers each class, and random longer ones. */
static int sign_of(int v)
{
    return (v > 0) - (v < 0);
}

static int cmp_encoded(struct cboto_allocator *a, const char *x, const char *y)
{
    struct cboto__buf ex, ey;
    int c;

    cboto__buf_init(&ex, a, 0);
    cboto__buf_init(&ey, a, 0);
    if (cboto__uri_encode(&ex, x, strlen(x), 0) ||
        cboto__uri_encode(&ey, y, strlen(y), 0))
        c = 99;
    else
        c = sign_of(strcmp(cboto__buf_cstr(&ex), cboto__buf_cstr(&ey)));
    cboto__buf_cleanup(&ex);
    cboto__buf_cleanup(&ey);
    return c;
}

static int test_uri_cmp_is_encoded_order(struct cboto_allocator *a)
{
    static const char set[] = " !%*+,-./09:=AZ_az{~\x7f\x80\xff";
    const size_t ns = sizeof set - 1;
    char x[3], y[3];
    size_t i, j, k, l;
    unsigned seed = 12345;

    for (i = 0; i < ns * (ns + 1); i++) {
        for (j = 0; j < ns * (ns + 1); j++) {
            /* i < ns: one byte; otherwise two */
            x[0] = set[i % ns];
            x[1] = i < ns ? '\0' : set[i / ns - 1];
            x[2] = '\0';
            y[0] = set[j % ns];
            y[1] = j < ns ? '\0' : set[j / ns - 1];
            y[2] = '\0';
            ASSERT_EQ(cmp_encoded(a, x, y), sign_of(cboto__uri_cmp(x, y)));
        }
    }
    for (k = 0; k < 20000; k++) {
        char r[2][8];

        for (l = 0; l < 2; l++) {
            size_t len = 0, n;

            seed = seed * 1103515245u + 12345u;
            n = (seed >> 16) % 7;
            while (len < n) {
                seed = seed * 1103515245u + 12345u;
                /* a shared prefix is likely: few distinct bytes */
                r[l][len++] = set[(seed >> 16) % 6 + (l ? 4 : 5)];
            }
            r[l][len] = '\0';
        }
        ASSERT_EQ(cmp_encoded(a, r[0], r[1]),
                  sign_of(cboto__uri_cmp(r[0], r[1])));
    }
    ASSERT_EQ(0, cboto__uri_cmp("", ""));
    ASSERT_TRUE(cboto__uri_cmp("a", "") > 0);
    ASSERT_TRUE(cboto__uri_cmp("", "a") < 0);
    return 0;
}

/* ---- ISO 8601 --------------------------------------------------------- */

/* The parser as it was before the hand-written one: the reference the new
 * one must agree with on every input. */
static int ref_valid_tm(const struct tm *tm)
{
    return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
           tm->tm_mday <= 31 && tm->tm_hour >= 0 && tm->tm_hour < 24 &&
           tm->tm_min >= 0 && tm->tm_min < 60 && tm->tm_sec >= 0 &&
           tm->tm_sec <= 60;
}

static int ref_parse_iso8601(const char *s, time_t *out)
{
    struct tm tm;
    int n = 0;
    const char *p;

    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        n != 19)
        return CBOTO_EINVAL;
    p = s + n;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return CBOTO_EINVAL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0 && *p != '\0')
        return CBOTO_EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (!ref_valid_tm(&tm))
        return CBOTO_EINVAL;
    *out = cboto__timegm(&tm);
    return CBOTO_OK;
}

static int test_iso8601_forms(struct cboto_allocator *a)
{
    static const struct {
        const char *s;
        long long t;
    } good[] = {
        {"2026-11-24T22:19:51", 1795558791},
        {"2026-11-24T22:19:51Z", 1795558791},
        {"2026-11-24T22:19:51+00:00", 1795558791},
        {"2026-11-24T22:19:51.5", 1795558791},
        {"2026-11-24T22:19:51.000Z", 1795558791},
        {"2026-11-24T22:19:51.999999999+00:00", 1795558791},
        {"1970-01-01T00:00:00Z", 0},
        {"1969-12-31T23:59:59Z", -1},
        {"2000-02-29T12:00:00Z", 951825600},
        {"2016-12-31T23:59:60Z", 1483228800}, /* leap second: next second */
        {"9999-12-31T23:59:59Z", 253402300799LL},
        {"0000-01-01T00:00:00Z", -62167219200LL},
        /* what sscanf let through, kept: white space and signs inside
         * the 19 characters */
        {" 999-01-01T00:00:00Z", -30641760000LL},
        {"+999-01-01T00:00:00Z", -30641760000LL},
        {"2026-+1-01T00:00:00Z", 1767225600},
        {"2026- 1-01T00:00:00Z", 1767225600},
        {"2026-01-01T-0:00:00Z", 1767225600},
    };
    time_t t;
    size_t i;

    (void)a;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        time_t r = 7;

        t = 12345;
        if (cboto__parse_iso8601(good[i].s, &t) != CBOTO_OK)
            FAILF("'%s' rejected", good[i].s);
        if ((long long)t != good[i].t)
            FAILF("'%s': %lld, want %lld", good[i].s, (long long)t, good[i].t);
        ASSERT_OK(ref_parse_iso8601(good[i].s, &r));
        ASSERT_EQ(r, t);
    }
    return 0;
}

static int test_iso8601_rejects(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "",
        "Z",
        "2026",
        "2026-11-24",
        "2026-11-24T",
        "2026-11-24T22:19",
        "2026-11-24T22:19:5",
        "2026-11-24 22:19:51Z",
        "2026-11-24t22:19:51Z",
        "2026/11/24T22:19:51Z",
        "2026-11-24T22-19-51Z",
        "2026-1-24T22:19:51Z",
        "20261-11-24T22:19:51Z",
        "26-11-24T22:19:51Z",
        "2026-00-24T22:19:51Z",
        "2026-13-01T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-32T00:00:00Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T22:60:00Z",
        "2026-11-24T22:19:61Z",
        "2026-11-24T22:19:51.Z",
        "2026-11-24T22:19:51.",
        "2026-11-24T22:19:51Zjunk",
        "2026-11-24T22:19:51z",
        "2026-11-24T22:19:51+01:00",
        "2026-11-24T22:19:51-00:00",
        "2026-11-24T22:19:51+00",
        "2026-11-24T22:19:51 ",
        "2026-11-24T22:19:51.123X",
        "2026-11-24T22:19:51.1.2Z",
        " 2026-11-24T22:19:51Z",
        "-2026-11-24T22:19:51Z",
        "2026-+11-24T22:19:51Z",
        "2026-11-24T22:19:+51Z",
        "2026-11-24T22:19:-5Z",
        "+-26-11-24T22:19:51Z",
        "2026-11-24T22:19:51Z\n",
        "garbage",
    };
    size_t i;

    (void)a;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        time_t t = 12345, r = 12345;

        if (cboto__parse_iso8601(bad[i], &t) != CBOTO_EINVAL)
            FAILF("'%s' parsed", bad[i]);
        ASSERT_EQ(12345, t); /* untouched */
        if (ref_parse_iso8601(bad[i], &r) != CBOTO_EINVAL)
            FAILF("'%s': the reference parses it", bad[i]);
    }
    return 0;
}

/* Random mutations of valid timestamps: the new parser and the sscanf one
 * must agree on acceptance and on the value. */
static int test_iso8601_matches_sscanf(struct cboto_allocator *a)
{
    static const char *const seeds[] = {
        "2026-11-24T22:19:51Z", "2026-11-24T22:19:51.123Z",
        "2026-11-24T22:19:51+00:00", "0999-01-01T00:00:00",
        "2000-02-29T12:00:00.5"};
    static const char alphabet[] = "0123456789 +-T:.Z\t\n\v0123456789";
    unsigned long long x = 0x9e3779b97f4a7c15ULL;
    long i, agree_ok = 0;

    (void)a;
    for (i = 0; i < 200000; i++) {
        char s[40];
        size_t len, k, edits;
        time_t t1 = 1, t2 = 1;
        int r1, r2;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        snprintf(s, sizeof s, "%s", seeds[x % 5]);
        len = strlen(s);
        edits = 1 + (x >> 8) % 3;
        for (k = 0; k < edits; k++) {
            size_t pos;
            int op;

            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            pos = (size_t)((x >> 3) % (len + 1));
            op = (int)((x >> 20) % 3);
            if (op == 0 && pos < len) { /* replace */
                s[pos] = alphabet[(x >> 30) % (sizeof alphabet - 1)];
            } else if (op == 1 && len + 1 < sizeof s) { /* insert */
                memmove(s + pos + 1, s + pos, len - pos + 1);
                s[pos] = alphabet[(x >> 30) % (sizeof alphabet - 1)];
                len++;
            } else if (pos < len) { /* delete */
                memmove(s + pos, s + pos + 1, len - pos);
                len--;
            }
        }
        r1 = cboto__parse_iso8601(s, &t1);
        r2 = ref_parse_iso8601(s, &t2);
        if (r1 != r2 || t1 != t2)
            FAILF("'%s': new %d/%lld, sscanf %d/%lld", s, r1, (long long)t1,
                  r2, (long long)t2);
        agree_ok += r1 == CBOTO_OK;
    }
    /* the mutations must leave plenty of valid inputs to compare */
    ASSERT_TRUE(agree_ok > 1000);
    return 0;
}

static int test_fmt_dates_match_gmtime(struct cboto_allocator *a)
{
    static const long long fixed[] = {0,
                                      -1,
                                      1,
                                      86399,
                                      86400,
                                      -86400,
                                      -86401,
                                      951782400,
                                      951868800,
                                      4107542400LL,
                                      -62167219200LL,
                                      253402300799LL,
                                      -2208988800LL,
                                      1709164800};
    unsigned long long x = 12345;
    long i;

    (void)a;
    for (i = 0; i < 20000; i++) {
        char amz[17], iso[21], http[30], want[64];
        long long t;
        time_t tt;
        struct tm tm;

        if ((size_t)i < sizeof fixed / sizeof fixed[0]) {
            t = fixed[i];
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* years 0..9999 */
            t = -62167219200LL + (long long)(x % 315537897600ULL);
        }
        tt = (time_t)t;
        ASSERT_TRUE(gmtime_r(&tt, &tm) != NULL);
        cboto__fmt_amz_date(amz, tt);
        /* not strftime's %Y: it does not pad years below 1000 */
        snprintf(want, sizeof want, "%04d%02d%02dT%02d%02d%02dZ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        ASSERT_STREQ(want, amz);
        cboto__fmt_iso8601(iso, tt);
        snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02dZ",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        ASSERT_STREQ(want, iso);
        cboto__fmt_http_date(http, tt);
        strftime(want, sizeof want, "%a, %d %b ", &tm);
        snprintf(want + strlen(want), sizeof want - strlen(want),
                 "%04d %02d:%02d:%02d GMT", tm.tm_year + 1900, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        ASSERT_STREQ(want, http);
    }
    /* outside years 0..9999 the year reads 1900 (fixed widths hold) */
    {
        char amz[17];

        cboto__fmt_amz_date(amz, (time_t)253402300800LL);
        ASSERT_STREQ("19000101T000000Z", amz);
        cboto__fmt_amz_date(amz, (time_t)-62167219201LL);
        ASSERT_STREQ("19001231T235959Z", amz);
    }
    return 0;
}

/* ---- digests ------------------------------------------------------------ */

static int hex_eq(const uint8_t *d, size_t n, const char *want)
{
    char got[129];

    cboto__hex(got, d, n);
    return strcmp(got, want) == 0;
}

static int test_hmac_sha256_rfc4231(struct cboto_allocator *a)
{
    uint8_t key[131], data[152], out[32];
    const char *big =
        "This is a test using a larger than block-size key and a larger "
        "than block-size data. The key needs to be hashed before being "
        "used by the HMAC algorithm.";

    (void)a;
    /* test case 1 */
    memset(key, 0x0b, 20);
    ASSERT_OK(cboto__hmac_sha256(key, 20, "Hi There", 8, out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "b0344c61d8db38535ca8afceaf0bf12b"
                       "881dc200c9833da726e9376c2e32cff7"));
    /* test case 2 */
    ASSERT_OK(cboto__hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28,
                                 out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "5bdcc146bf60754e6a042426089575c7"
                       "5a003f089d2739839dec58b964ec3843"));
    /* test case 3 */
    memset(key, 0xaa, 20);
    memset(data, 0xdd, 50);
    ASSERT_OK(cboto__hmac_sha256(key, 20, data, 50, out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "773ea91e36800e46854db8ebd09181a7"
                       "2959098b3ef8c122d9635514ced565fe"));
    /* test case 6: a key longer than the block is hashed first */
    memset(key, 0xaa, 131);
    ASSERT_OK(cboto__hmac_sha256(key, 131,
                                 "Test Using Larger Than Block-Size Key - "
                                 "Hash Key First",
                                 54, out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "60e431591ee0b67f0d8a26aacbf5b77f"
                       "8e0bc6213728c5140546040f0ee37f54"));
    /* test case 7 */
    ASSERT_OK(cboto__hmac_sha256(key, 131, big, strlen(big), out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "9b09ffa71b942fcb27635fbcd5b0e944"
                       "bfdc63644f0713938a7f51535c3a35e2"));
    /* a key of exactly one block is used as is */
    memset(key, 0x61, 64);
    ASSERT_OK(cboto__hmac_sha256(key, 64, "", 0, out));
    ASSERT_OK(cboto__hmac_sha256(key, 64, NULL, 0, data));
    ASSERT_MEMEQ(out, 32, data, 32);
    /* empty key, empty message: HMAC_SHA256("", "") */
    ASSERT_OK(cboto__hmac_sha256(NULL, 0, NULL, 0, out));
    ASSERT_TRUE(hex_eq(out, 32,
                       "b613679a0814d9ec772f95d778c35fc5"
                       "ff1697c493715653c6c712144292c5ad"));
    ASSERT_EQ(CBOTO_EINVAL, cboto__hmac_sha256(NULL, 1, "", 0, out));
    ASSERT_EQ(CBOTO_EINVAL, cboto__hmac_sha256("", 0, NULL, 1, out));
    return 0;
}

/* The cached-key HMAC (pads hashed once, copied per message) and the
 * signer's scratch digest must give what the one-shot calls give, with a
 * work context or without one, on either backend (EVP, or the low-level
 * calls configure picks by default). */
static int test_hmac_key_agrees_with_one_shot(struct cboto_allocator *a)
{
    static const size_t klens[] = {0, 1, 20, 32, 63, 64, 65, 131};
    static const size_t mlens[] = {0, 1, 55, 56, 64, 119, 300};
    uint8_t key[131], msg[300], want[32], got[32];
    size_t i, j;

    (void)a;
    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 7 + 1);
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13 + 3);
    for (i = 0; i < sizeof klens / sizeof klens[0]; i++) {
        struct cboto__hmac_key hk;
        struct cboto__hash *h;

        ASSERT_OK(cboto__hmac_key_init(&hk, key, klens[i]));
        ASSERT_OK(cboto__hash_scratch(&h));
        for (j = 0; j < sizeof mlens / sizeof mlens[0]; j++) {
            ASSERT_OK(cboto__hmac_sha256(key, klens[i], msg, mlens[j], want));
            memset(got, 0, sizeof got);
            ASSERT_OK(cboto__hmac_key_mac(&hk, h, msg, mlens[j], got));
            ASSERT_MEMEQ(want, 32, got, 32);
            memset(got, 0, sizeof got);
            ASSERT_OK(cboto__hmac_key_mac(&hk, NULL, msg, mlens[j], got));
            ASSERT_MEMEQ(want, 32, got, 32);
            /* the key's pads are copied, not consumed: once more */
            memset(got, 0, sizeof got);
            ASSERT_OK(cboto__hmac_key_mac(&hk, h, msg, mlens[j], got));
            ASSERT_MEMEQ(want, 32, got, 32);
            ASSERT_OK(cboto__sha256(msg, mlens[j], want));
            ASSERT_OK(cboto__hash_digest(h, msg, mlens[j], got));
            ASSERT_MEMEQ(want, 32, got, 32);
            ASSERT_OK(cboto__hash_digest(NULL, msg, mlens[j], got));
            ASSERT_MEMEQ(want, 32, got, 32);
        }
        ASSERT_EQ(CBOTO_EINVAL, cboto__hmac_key_mac(&hk, h, NULL, 1, got));
        ASSERT_EQ(CBOTO_EINVAL, cboto__hash_digest(h, NULL, 1, got));
        cboto__hash_free(h);
        cboto__hmac_key_cleanup(&hk);
        ASSERT_NULL(hk.inner);
    }
    ASSERT_EQ(CBOTO_EINVAL,
              cboto__hmac_key_mac(NULL, NULL, msg, sizeof msg, got));
    return 0;
}

static int test_digests(struct cboto_allocator *a)
{
    struct cboto__hash *h;
    uint8_t d[32];
    char hex[65];

    (void)a;
    ASSERT_OK(cboto__sha256_hex("", 0, hex));
    ASSERT_STREQ(CBOTO__EMPTY_SHA256, hex);
    ASSERT_OK(cboto__sha256_hex(NULL, 0, hex));
    ASSERT_STREQ(CBOTO__EMPTY_SHA256, hex);
    ASSERT_OK(cboto__sha256_hex("abc", 3, hex));
    ASSERT_STREQ("ba7816bf8f01cfea414140de5dae2223"
                 "b00361a396177a9cb410ff61f20015ad",
                 hex);
    ASSERT_OK(cboto__md5("abc", 3, d));
    ASSERT_TRUE(hex_eq(d, 16, "900150983cd24fb0d6963f7d28e17f72"));
    ASSERT_EQ(CBOTO_EINVAL, cboto__sha256(NULL, 1, d));
    /* the streamed digest agrees with the one-shot */
    ASSERT_OK(cboto__hash_new(&h, 0));
    ASSERT_OK(cboto__hash_update(h, "a", 1));
    ASSERT_OK(cboto__hash_update(h, "bc", 2));
    ASSERT_OK(cboto__hash_final(h, d));
    ASSERT_TRUE(hex_eq(d, 32,
                       "ba7816bf8f01cfea414140de5dae2223"
                       "b00361a396177a9cb410ff61f20015ad"));
    ASSERT_OK(cboto__hash_new(&h, 1));
    ASSERT_OK(cboto__hash_update(h, "abc", 3));
    ASSERT_OK(cboto__hash_final(h, d));
    ASSERT_TRUE(hex_eq(d, 16, "900150983cd24fb0d6963f7d28e17f72"));
    return 0;
}

HARNESS_MAIN(TEST_LIST)
