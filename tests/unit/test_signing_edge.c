/* SPDX-License-Identifier: MIT */
/* Signing edge cases that need no external data: argument checks, the
 * signing-key cache, digests, CRC32C, re-signing, allocation failures. */
#define TEST_LIST(X)                                                          \
    X(presign_expires_bounds)                                                 \
    X(missing_credentials)                                                    \
    X(key_cache)                                                              \
    X(key_cache_eviction)                                                     \
    X(long_secret)                                                            \
    X(digests)                                                                \
    X(crc32c)                                                                 \
    X(chunked_lengths)                                                        \
    X(resign_replaces)                                                        \
    X(header_trim_every_offset)                                               \
    X(sigv2_form_matches_sign_then_encode)                                    \
    X(sign_alloc_failures)                                                    \
    X(presign_alloc_failures)
#include "harness.h"

#include "signing/internal.h"

/* The four-step HMAC chain for "AWS4" + 100 x 'S', computed with Python's
 * hmac module. */
#define LONG_SECRET_KEY                                                       \
    "0acee77ef92a32dcfbe6e0c74160fd567763ade540a8e05d7247c25acd742d77"

static const struct cboto__creds_view s_cr = {
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};

static struct cboto__sigv4_opts opts(void)
{
    struct cboto__sigv4_opts o;

    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.service = "s3";
    o.now = 1440938160; /* 2015-08-30T12:36:00Z */
    o.s3 = 1;
    o.expires = 3600;
    return o;
}

static int test_presign_expires_bounds(struct cboto_allocator *a)
{
    struct cboto__sigv4_opts o = opts();
    struct cboto__http_msg m;

    ASSERT_OK(cboto__http_msg_init(&m, a, "GET", "https", "b.s3.amazonaws.com",
                                   "/k"));
    o.expires = 0;
    ASSERT_EQ(CBOTO_EINVAL, cboto__sigv4_presign(NULL, &m, &s_cr, &o));
    o.expires = 604801;
    ASSERT_EQ(CBOTO_EINVAL, cboto__sigv4_presign(NULL, &m, &s_cr, &o));
    ASSERT_EQ(0, m.query.n);
    o.expires = 604800;
    ASSERT_OK(cboto__sigv4_presign(NULL, &m, &s_cr, &o));
    ASSERT_STREQ("604800", cboto__kvlist_get(&m.query, "X-Amz-Expires"));
    /* Presigning again replaces, never duplicates, the auth parameters. */
    o.expires = 1;
    ASSERT_OK(cboto__sigv4_presign(NULL, &m, &s_cr, &o));
    ASSERT_EQ(6, m.query.n);
    ASSERT_STREQ("1", cboto__kvlist_get(&m.query, "X-Amz-Expires"));
    cboto__http_msg_cleanup(&m);
    return 0;
}

static int test_missing_credentials(struct cboto_allocator *a)
{
    struct cboto__sigv4_opts o = opts();
    struct cboto__creds_view none = {NULL, NULL, NULL};
    struct cboto__creds_view nokey = {"AKID", "", NULL};
    struct cboto__creds_view noid = {"", "secret", NULL};
    struct cboto__sigv4_chunker ch;
    struct cboto__http_msg m;
    char seed[65];

    memset(seed, 'a', 64);
    seed[64] = '\0';
    ASSERT_OK(cboto__http_msg_init(&m, a, "GET", "https", "b.s3.amazonaws.com",
                                   "/k"));
    ASSERT_EQ(CBOTO_ENOCREDS,
              cboto__sigv4_sign_headers(NULL, &m, NULL, &o, NULL));
    ASSERT_EQ(CBOTO_ENOCREDS,
              cboto__sigv4_sign_headers(NULL, &m, &none, &o, NULL));
    ASSERT_EQ(CBOTO_ENOCREDS,
              cboto__sigv4_sign_headers(NULL, &m, &nokey, &o, NULL));
    ASSERT_EQ(CBOTO_ENOCREDS,
              cboto__sigv4_sign_headers(NULL, &m, &noid, &o, NULL));
    ASSERT_EQ(CBOTO_ENOCREDS, cboto__sigv4_presign(NULL, &m, &nokey, &o));
    ASSERT_EQ(CBOTO_ENOCREDS, cboto__sigv2_sign(&m, &none, o.now));
    ASSERT_EQ(CBOTO_ENOCREDS, cboto__sigv2_sign(&m, &nokey, o.now));
    ASSERT_EQ(CBOTO_ENOCREDS,
              cboto__sigv4_chunker_init(&ch, &nokey, &o, seed));
    /* Nothing was added to a message that could not be signed. */
    ASSERT_EQ(0, m.headers.n);
    ASSERT_EQ(0, m.query.n);
    o.region = NULL;
    ASSERT_EQ(CBOTO_EINVAL,
              cboto__sigv4_sign_headers(NULL, &m, &s_cr, &o, NULL));
    cboto__http_msg_cleanup(&m);
    return 0;
}

static int test_key_cache(struct cboto_allocator *a)
{
    struct cboto__sigv4_cache *c = NULL;
    uint8_t k1[32], k2[32], k3[32], k4[32], plain[32];
    unsigned long hits = 0, misses = 0;

    ASSERT_OK(cboto__sigv4_cache_new(a, &c));
    ASSERT_OK(cboto__sigv4_signing_key(c, s_cr.secret_access_key, "20150830",
                                       "us-east-1", "iam", k1));
    ASSERT_OK(cboto__sigv4_signing_key(c, s_cr.secret_access_key,
                                       "20150830T123600Z", "us-east-1", "iam",
                                       k2));
    ASSERT_MEMEQ(k1, 32, k2, 32);
    cboto__sigv4_cache_stats(c, &hits, &misses);
    ASSERT_EQ(1, hits);
    ASSERT_EQ(1, misses);
    /* The AWS documentation's example signing key for these inputs. */
    {
        char hex[65];

        cboto__hex(hex, k1, 32);
        ASSERT_STREQ("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6e"
                     "d3c154a4b9",
                     hex);
    }
    /* A secret differing in its last byte is a miss and another key. */
    ASSERT_OK(
        cboto__sigv4_signing_key(c, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ",
                                 "20150830", "us-east-1", "iam", k3));
    ASSERT_TRUE(memcmp(k1, k3, 32) != 0);
    ASSERT_OK(cboto__sigv4_signing_key(c, s_cr.secret_access_key, "20150831",
                                       "us-east-1", "iam", k4));
    ASSERT_TRUE(memcmp(k1, k4, 32) != 0);
    cboto__sigv4_cache_stats(c, &hits, &misses);
    ASSERT_EQ(1, hits);
    ASSERT_EQ(3, misses);
    /* Secrets of 41 bytes differing only past the last whole word. */
    ASSERT_OK(cboto__sigv4_signing_key(
        c, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEYA", "20150830",
        "us-east-1", "iam", k3));
    ASSERT_OK(cboto__sigv4_signing_key(
        c, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEYB", "20150830",
        "us-east-1", "iam", k4));
    ASSERT_TRUE(memcmp(k3, k4, 32) != 0);
    cboto__sigv4_cache_stats(c, &hits, &misses);
    ASSERT_EQ(1, hits);
    ASSERT_EQ(5, misses);
    /* Without a cache the same key is derived. */
    ASSERT_OK(cboto__sigv4_signing_key(NULL, s_cr.secret_access_key,
                                       "20150830", "us-east-1", "iam", plain));
    ASSERT_MEMEQ(k1, 32, plain, 32);
    ASSERT_EQ(CBOTO_ENOCREDS, cboto__sigv4_signing_key(
                                  c, "", "20150830", "us-east-1", "iam", k1));
    ASSERT_EQ(CBOTO_EINVAL, cboto__sigv4_signing_key(c, "x", "2015083",
                                                     "us-east-1", "iam", k1));
    cboto__sigv4_cache_free(c);
    cboto__sigv4_cache_free(NULL);
    return 0;
}

static int test_key_cache_eviction(struct cboto_allocator *a)
{
    struct cboto__sigv4_cache *c = NULL;
    char region[32];
    uint8_t k[32];
    unsigned long hits = 0, misses = 0;
    int i;

    ASSERT_OK(cboto__sigv4_cache_new(a, &c));
    for (i = 0; i < 20; i++) {
        snprintf(region, sizeof region, "region-%d", i);
        ASSERT_OK(
            cboto__sigv4_signing_key(c, "s", "20150830", region, "s3", k));
    }
    /* The most recent entry is still there; the first was evicted. */
    ASSERT_OK(
        cboto__sigv4_signing_key(c, "s", "20150830", "region-19", "s3", k));
    ASSERT_OK(
        cboto__sigv4_signing_key(c, "s", "20150830", "region-0", "s3", k));
    cboto__sigv4_cache_stats(c, &hits, &misses);
    ASSERT_EQ(1, hits);
    ASSERT_EQ(21, misses);
    cboto__sigv4_cache_free(c);
    return 0;
}

/* A secret longer than the HMAC block is hashed first (RFC 2104); the
 * result must not depend on that shortcut.  Value from Python's hmac. */
static int test_long_secret(struct cboto_allocator *a)
{
    char secret[101], hex[65];
    uint8_t k[32];

    (void)a;
    memset(secret, 'S', 100);
    secret[100] = '\0';
    ASSERT_OK(cboto__sigv4_signing_key(NULL, secret, "20150830", "us-east-1",
                                       "s3", k));
    cboto__hex(hex, k, 32);
    ASSERT_STREQ(LONG_SECRET_KEY, hex);
    return 0;
}

static int test_digests(struct cboto_allocator *a)
{
    struct cboto__hash *h = NULL;
    uint8_t d[32], m5[16];
    char hex[65];

    (void)a;
    ASSERT_OK(cboto__sha256_hex("", 0, hex));
    ASSERT_STREQ(CBOTO__EMPTY_SHA256, hex);
    ASSERT_OK(cboto__sha256_hex("abc", 3, hex));
    ASSERT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f"
                 "20015ad",
                 hex);
    ASSERT_OK(cboto__md5("abc", 3, m5));
    cboto__hex(hex, m5, 16);
    ASSERT_STREQ("900150983cd24fb0d6963f7d28e17f72", hex);
    /* RFC 4231 test case 2. */
    ASSERT_OK(
        cboto__hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, d));
    cboto__hex(hex, d, 32);
    ASSERT_STREQ("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b96"
                 "4ec3843",
                 hex);
    ASSERT_OK(cboto__hash_new(&h, 0));
    ASSERT_OK(cboto__hash_update(h, "a", 1));
    ASSERT_OK(cboto__hash_update(h, NULL, 0));
    ASSERT_OK(cboto__hash_update(h, "bc", 2));
    ASSERT_OK(cboto__hash_final(h, d));
    cboto__hex(hex, d, 32);
    ASSERT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f"
                 "20015ad",
                 hex);
    ASSERT_OK(cboto__hash_new(&h, 1));
    ASSERT_OK(cboto__hash_update(h, "abc", 3));
    ASSERT_OK(cboto__hash_final(h, m5));
    cboto__hex(hex, m5, 16);
    ASSERT_STREQ("900150983cd24fb0d6963f7d28e17f72", hex);
    ASSERT_OK(cboto__hash_new(&h, 0));
    cboto__hash_free(h);
    cboto__hash_free(NULL);
    return 0;
}

static int test_crc32c(struct cboto_allocator *a)
{
    uint32_t c;

    (void)a;
    ASSERT_EQ(0xE3069283u, cboto__crc32c(0, "123456789", 9));
    c = cboto__crc32c(0, "1234", 4);
    ASSERT_EQ(0xE3069283u, cboto__crc32c(c, "56789", 5));
    ASSERT_EQ(0, cboto__crc32c(0, NULL, 0));
    return 0;
}

static int test_chunked_lengths(struct cboto_allocator *a)
{
    (void)a;
    ASSERT_EQ(66824, cboto__sigv4_chunked_length(66560, 65536));
    ASSERT_EQ(86, cboto__sigv4_chunked_length(0, 65536));
    ASSERT_EQ(65536 + 90 + 86, cboto__sigv4_chunked_length(65536, 65536));
    ASSERT_EQ(0, cboto__sigv4_chunked_length(1, 0));
    return 0;
}

static int test_resign_replaces(struct cboto_allocator *a)
{
    struct cboto__sigv4_opts o = opts();
    struct cboto__creds_view cr = s_cr;
    struct cboto__http_msg m;
    char s1[65], s2[65];

    cr.session_token = "TOKEN";
    ASSERT_OK(cboto__http_msg_init(&m, a, "GET", "https", "b.s3.amazonaws.com",
                                   "/k"));
    ASSERT_OK(cboto__kvlist_add(&m.headers, "User-Agent", "cboto/0"));
    ASSERT_OK(cboto__sigv4_sign_headers(NULL, &m, &cr, &o, s1));
    o.now += 60;
    ASSERT_OK(cboto__sigv4_sign_headers(NULL, &m, &cr, &o, s2));
    ASSERT_TRUE(strcmp(s1, s2) != 0);
    /* User-Agent, X-Amz-Date, token, content hash, Authorization. */
    ASSERT_EQ(5, m.headers.n);
    ASSERT_STREQ("20150830T123700Z",
                 cboto__kvlist_get(&m.headers, "x-amz-date"));
    ASSERT_TRUE(strstr(cboto__kvlist_get(&m.headers, "Authorization"),
                       "SignedHeaders=host;x-amz-content-sha256;x-amz-date;"
                       "x-amz-security-token, ") != NULL);
    cboto__http_msg_cleanup(&m);
    return 0;
}

/* Every allocation in turn fails: the call reports CBOTO_ENOMEM and
 * leaks nothing (the harness checks the live count). */
static int alloc_torture(struct cboto_allocator *a, int presign)
{
    struct cboto__sigv4_opts o = opts();
    struct cboto__creds_view cr = s_cr;
    struct cboto__sigv4_cache *c = NULL;
    long n;
    int rc = CBOTO_ENOMEM;

    cr.session_token = "TOKEN";
    for (n = 1; rc != CBOTO_OK && n < 1000; n++) {
        struct cboto__http_msg m;
        long base;

        s_test_alloc.fail_after = 0;
        ASSERT_OK(cboto__http_msg_init(&m, a, "PUT", "https",
                                       "b.s3.amazonaws.com", "/a%20b"));
        ASSERT_OK(cboto__kvlist_add(&m.query, "partNumber", "1"));
        ASSERT_OK(cboto__kvlist_add(&m.headers, "Content-Type", "x/y"));
        ASSERT_OK(cboto__sigv4_cache_new(a, &c));
        base = s_test_alloc.total;
        s_test_alloc.fail_after = base + n;
        rc = presign ? cboto__sigv4_presign(c, &m, &cr, &o)
                     : cboto__sigv4_sign_headers(c, &m, &cr, &o, NULL);
        s_test_alloc.fail_after = 0;
        cboto__sigv4_cache_free(c);
        cboto__http_msg_cleanup(&m);
        if (rc != CBOTO_OK && rc != CBOTO_ENOMEM)
            FAILF("allocation %ld failed: got %s", n, cboto_err_name(rc));
        ASSERT_EQ(0, s_test_alloc.live);
    }
    ASSERT_OK(rc);
    ASSERT_TRUE(n > 5);
    return 0;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

/* get-header-value-trim, one byte at a time. */
static void ref_trim(char *w, const char *s)
{
    int pending = 0;

    while (*s && is_ws(*s))
        s++;
    for (; *s; s++) {
        if (is_ws(*s)) {
            pending = 1;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = 0;
        *w++ = *s;
    }
    *w = '\0';
}

/* Values of up to 20 bytes with whitespace (and a byte of 0x80 or more,
 * and a control byte that is not whitespace) at every pair of offsets:
 * the canonical header line must be the byte-at-a-time trim, whichever
 * part of an eight-byte block they fall in. */
static int test_header_trim_every_offset(struct cboto_allocator *a)
{
    static const char odd[] = {' ', '\t', '\n', '\x01', '\xc3'};
    struct cboto__sigv4_opts o = opts();
    char val[21], want[32], line[64];
    size_t n, i, j, k, l;

    for (n = 1; n < sizeof val; n++)
        for (i = 0; i < n; i++)
            for (j = i; j < n; j++)
                for (k = 0; k < sizeof odd; k++)
                    for (l = 0; l < sizeof odd; l++) {
                        struct cboto__http_msg m;
                        struct cboto__buf creq;
                        const char *p, *e;

                        memset(val, 'v', n);
                        val[n] = '\0';
                        val[i] = odd[k];
                        val[j] = odd[l];
                        ref_trim(want, val);
                        snprintf(line, sizeof line, "\nx-t:%s\n", want);
                        ASSERT_OK(cboto__http_msg_init(&m, a, "GET", "https",
                                                       "h", "/"));
                        ASSERT_OK(cboto__kvlist_add(&m.headers, "X-T", val));
                        cboto__buf_init(&creq, a, 0);
                        ASSERT_OK(cboto__sigv4_canonical_request(
                            &m, &o, CBOTO__EMPTY_SHA256, &creq, NULL));
                        p = strstr(cboto__buf_cstr(&creq), "\nx-t:");
                        ASSERT_TRUE(p != NULL);
                        e = strchr(p + 1, '\n');
                        ASSERT_TRUE(e != NULL);
                        ASSERT_MEMEQ(line, strlen(line), p,
                                     (size_t)(e + 1 - p));
                        cboto__buf_cleanup(&creq);
                        cboto__http_msg_cleanup(&m);
                    }
    return 0;
}

/* cboto__sigv2_sign_form must write the very body the two-step path
 * (sign, then form-encode the parameters) writes. */
static int sigv2_both_ways(struct cboto_allocator *a,
                           const struct cboto__creds_view *cr,
                           const char *const *kv, size_t n)
{
    struct cboto__http_msg m1, m2;
    struct cboto__buf f1, f2;
    size_t i;

    ASSERT_OK(cboto__http_msg_init(&m1, a, "POST", "https",
                                   "SDB.Example.com:8443", "/"));
    ASSERT_OK(cboto__http_msg_init(&m2, a, "POST", "https",
                                   "SDB.Example.com:8443", "/"));
    for (i = 0; i < n; i += 2) {
        ASSERT_OK(cboto__kvlist_add(&m1.query, kv[i], kv[i + 1]));
        ASSERT_OK(cboto__kvlist_add(&m2.query, kv[i], kv[i + 1]));
    }
    cboto__buf_init(&f1, a, 0);
    cboto__buf_init(&f2, a, 0);
    /* the form is appended to what the buffer holds */
    ASSERT_OK(cboto__buf_append_str(&f1, "x"));
    ASSERT_OK(cboto__buf_append_str(&f2, "x"));
    ASSERT_OK(cboto__sigv2_sign(&m1, cr, 1440938160));
    ASSERT_OK(cboto__form_encode(&m1.query, &f1, 0));
    ASSERT_OK(cboto__sigv2_sign_form(&m2, cr, 1440938160, &f2));
    ASSERT_MEMEQ(f1.ptr, f1.len, f2.ptr, f2.len);
    ASSERT_EQ('\0', f2.ptr[f2.len]);
    /* the same parameters, in the same order, but for Signature */
    ASSERT_EQ(m1.query.n, m2.query.n + 1);
    ASSERT_STREQ("Signature", m1.query.v[m2.query.n].name);
    for (i = 0; i < m2.query.n; i++) {
        ASSERT_STREQ(m1.query.v[i].name, m2.query.v[i].name);
        ASSERT_STREQ(m1.query.v[i].value, m2.query.v[i].value);
    }
    cboto__buf_cleanup(&f1);
    cboto__buf_cleanup(&f2);
    cboto__http_msg_cleanup(&m1);
    cboto__http_msg_cleanup(&m2);
    return 0;
}

static int test_sigv2_form_matches_sign_then_encode(struct cboto_allocator *a)
{
    static const char *const select[] = {
        "Action",
        "Select",
        "Version",
        "2009-04-15",
        "SelectExpression",
        "select * from `d` where a = 'b~c' and x like '%/+&=\xc3\xa9'",
        "ConsistentRead",
        "true",
        "Signature",
        "stale"};
    static const char *const empty[] = {"Action", "ListDomains", "NextToken",
                                        ""};
    const char *many[2 * 40];
    char names[40][24], values[40][24];
    struct cboto__creds_view tok = s_cr;
    size_t i;

    ASSERT_OK(
        sigv2_both_ways(a, &s_cr, select, sizeof select / sizeof *select));
    ASSERT_OK(sigv2_both_ways(a, &s_cr, empty, sizeof empty / sizeof *empty));
    ASSERT_OK(sigv2_both_ways(a, &s_cr, NULL, 0));
    /* more parameters than the sorted view keeps on the stack */
    for (i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "Attribute.%zu.Name", 40 - i);
        snprintf(values[i], sizeof values[i], "v %zu/%zu", i, i * 7);
        many[2 * i] = names[i];
        many[2 * i + 1] = values[i];
    }
    ASSERT_OK(sigv2_both_ways(a, &s_cr, many, 80));
    tok.session_token = "token/with+signs=";
    ASSERT_OK(
        sigv2_both_ways(a, &tok, select, sizeof select / sizeof *select));
    {
        struct cboto__http_msg m;
        struct cboto__buf f;
        struct cboto__creds_view none = {NULL, NULL, NULL};

        ASSERT_OK(cboto__http_msg_init(&m, a, "POST", "https", "h", "/"));
        cboto__buf_init(&f, a, 0);
        ASSERT_EQ(CBOTO_ENOCREDS, cboto__sigv2_sign_form(&m, &none, 0, &f));
        ASSERT_EQ(0, f.len);
        ASSERT_EQ(0, m.query.n);
        cboto__buf_cleanup(&f);
        cboto__http_msg_cleanup(&m);
    }
    /* Each allocation failing in turn: CBOTO_ENOMEM and nothing leaked,
     * until there are enough. */
    {
        int rc = CBOTO_ENOMEM;
        long n;

        for (n = 1; rc != CBOTO_OK && n < 1000; n++) {
            struct cboto__http_msg m;
            struct cboto__buf f;

            s_test_alloc.fail_after = 0;
            ASSERT_OK(cboto__http_msg_init(&m, a, "POST", "https", "h", "/"));
            for (i = 0; i < sizeof select / sizeof *select; i += 2)
                ASSERT_OK(
                    cboto__kvlist_add(&m.query, select[i], select[i + 1]));
            cboto__buf_init(&f, a, 0);
            s_test_alloc.fail_after = s_test_alloc.total + n;
            rc = cboto__sigv2_sign_form(&m, &tok, 1440938160, &f);
            s_test_alloc.fail_after = 0;
            cboto__buf_cleanup(&f);
            cboto__http_msg_cleanup(&m);
            if (rc != CBOTO_OK && rc != CBOTO_ENOMEM)
                FAILF("allocation %ld failed: got %s", n, cboto_err_name(rc));
            ASSERT_EQ(0, s_test_alloc.live);
        }
        ASSERT_OK(rc);
        ASSERT_TRUE(n > 3);
    }
    return 0;
}

static int test_sign_alloc_failures(struct cboto_allocator *a)
{
    return alloc_torture(a, 0);
}

static int test_presign_alloc_failures(struct cboto_allocator *a)
{
    return alloc_torture(a, 1);
}

HARNESS_MAIN(TEST_LIST)
