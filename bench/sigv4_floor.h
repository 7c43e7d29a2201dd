/* SPDX-License-Identifier: MIT */
/*
 * The least work a SigV4 client can do per request, for curl_floor's
 * "sget"/"sput" modes: one fixed request shape (S3 GET or PUT of one key,
 * host, x-amz-content-sha256 and x-amz-date signed), no general
 * canonicalisation, the signing key derived once, the HMAC pads hashed once,
 * the date formatted only when the second changes, and the header lines
 * rewritten in place in buffers libcurl's header list points at.  What
 * remains is what any SigV4 client pays: hash the body (PUT), hash the
 * canonical request, one HMAC, and the hex.  It is a floor, not a client:
 * it signs nothing else correctly.
 */
#ifndef CBOTO_BENCH_SIGV4_FLOOR_H
#define CBOTO_BENCH_SIGV4_FLOOR_H

/* The low-level SHA-256 calls are the cheapest in OpenSSL 3 (no provider
 * fetch per call); they are deprecated, not gone. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SF_KEY_ID "AKIDEXAMPLE"
#define SF_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SF_REGION "us-east-1"

struct sigv4_floor {
    const char *method; /* "GET" or "PUT" */
    const char *path;
    char host[128];
    time_t second;       /* the second amz_date holds */
    char amz_date[17];   /* YYYYMMDDTHHMMSSZ */
    char scope_day[9];   /* the day the key was derived for */
    SHA256_CTX ipad_ctx; /* the key's pads, already absorbed */
    SHA256_CTX opad_ctx;
    /* What libcurl's header list points at, rewritten per request. */
    char h_date[64];
    char h_hash[96];
    char h_auth[256];
};

static const char sf_hex[] = "0123456789abcdef";

static void sf_hexify(const unsigned char *d, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = sf_hex[d[i] >> 4];
        out[2 * i + 1] = sf_hex[d[i] & 15];
    }
}

static void sf_hmac_once(const void *key, size_t klen, const void *msg,
                         size_t mlen, unsigned char out[32])
{
    unsigned char k[64] = {0}, pad[64], inner[32];
    SHA256_CTX c;
    int i;

    memcpy(k, key, klen); /* klen <= 64 here: SHA-256 outputs and "AWS4"+ */
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x36;
    SHA256_Init(&c);
    SHA256_Update(&c, pad, 64);
    SHA256_Update(&c, msg, mlen);
    SHA256_Final(inner, &c);
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x5c;
    SHA256_Init(&c);
    SHA256_Update(&c, pad, 64);
    SHA256_Update(&c, inner, 32);
    SHA256_Final(out, &c);
}

/* The signing key for a day, and its pads hashed once (what any client
 * caches between requests). */
static void sf_derive(struct sigv4_floor *f)
{
    unsigned char k[32], pad[64];
    const char *secret = "AWS4" SF_SECRET;
    int i;

    sf_hmac_once(secret, strlen(secret), f->amz_date, 8, k);
    sf_hmac_once(k, 32, SF_REGION, sizeof SF_REGION - 1, k);
    sf_hmac_once(k, 32, "s3", 2, k);
    sf_hmac_once(k, 32, "aws4_request", 12, k);
    memset(pad, 0x36, sizeof pad);
    for (i = 0; i < 32; i++)
        pad[i] ^= k[i];
    SHA256_Init(&f->ipad_ctx);
    SHA256_Update(&f->ipad_ctx, pad, 64);
    memset(pad, 0x5c, sizeof pad);
    for (i = 0; i < 32; i++)
        pad[i] ^= k[i];
    SHA256_Init(&f->opad_ctx);
    SHA256_Update(&f->opad_ctx, pad, 64);
    memcpy(f->scope_day, f->amz_date, 8);
    f->scope_day[8] = '\0';
}

static void sf_init(struct sigv4_floor *f, const char *method,
                    const char *path, const char *base_url)
{
    const char *h = strstr(base_url, "://");

    memset(f, 0, sizeof *f);
    f->method = method;
    f->path = path;
    snprintf(f->host, sizeof f->host, "%s", h ? h + 3 : base_url);
    f->second = (time_t)-1;
}

/* Appends without printf: a floor formats nothing it need not. */
static char *sf_put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define SF_LIT(p, s) sf_put(p, s, sizeof s - 1)
#define SF_STR(p, s) sf_put(p, s, strlen(s))

/* Sign one request: the three header lines are rewritten in place. */
static void sf_sign(struct sigv4_floor *f, const void *body, size_t len)
{
    unsigned char d[32];
    char payload[64], creq[512], sts[256], sig[64], *p;
    time_t now = time(NULL);
    SHA256_CTX c;

    if (now != f->second) {
        struct tm tm;

        gmtime_r(&now, &tm);
        strftime(f->amz_date, sizeof f->amz_date, "%Y%m%dT%H%M%SZ", &tm);
        f->second = now;
        if (memcmp(f->scope_day, f->amz_date, 8) != 0)
            sf_derive(f);
    }
    SHA256(body ? body : (const void *)"", len, d);
    sf_hexify(d, 32, payload);
    p = SF_STR(creq, f->method);
    p = SF_LIT(p, "\n");
    p = SF_STR(p, f->path);
    p = SF_LIT(p, "\n\nhost:");
    p = SF_STR(p, f->host);
    p = SF_LIT(p, "\nx-amz-content-sha256:");
    p = sf_put(p, payload, 64);
    p = SF_LIT(p, "\nx-amz-date:");
    p = sf_put(p, f->amz_date, 16);
    p = SF_LIT(p, "\n\nhost;x-amz-content-sha256;x-amz-date\n");
    p = sf_put(p, payload, 64);
    SHA256((const unsigned char *)creq, (size_t)(p - creq), d);
    p = SF_LIT(sts, "AWS4-HMAC-SHA256\n");
    p = sf_put(p, f->amz_date, 16);
    p = SF_LIT(p, "\n");
    p = sf_put(p, f->scope_day, 8);
    p = SF_LIT(p, "/" SF_REGION "/s3/aws4_request\n");
    sf_hexify(d, 32, p);
    p += 64;
    c = f->ipad_ctx;
    SHA256_Update(&c, sts, (size_t)(p - sts));
    SHA256_Final(d, &c);
    c = f->opad_ctx;
    SHA256_Update(&c, d, 32);
    SHA256_Final(d, &c);
    sf_hexify(d, 32, sig);
    p = SF_LIT(f->h_date, "X-Amz-Date: ");
    p = sf_put(p, f->amz_date, 16);
    *p = '\0';
    p = SF_LIT(f->h_hash, "X-Amz-Content-SHA256: ");
    p = sf_put(p, payload, 64);
    *p = '\0';
    p = SF_LIT(f->h_auth,
               "Authorization: AWS4-HMAC-SHA256 Credential=" SF_KEY_ID "/");
    p = sf_put(p, f->scope_day, 8);
    p = SF_LIT(p, "/" SF_REGION "/s3/aws4_request, SignedHeaders=host;"
                  "x-amz-content-sha256;x-amz-date, Signature=");
    p = sf_put(p, sig, 64);
    *p = '\0';
}

#endif
