/* SPDX-License-Identifier: MIT */
/* Digests through OpenSSL's EVP interface.  The EVP contexts come from
 * OpenSSL's own allocator (as documented for the whole library), so no
 * cboto allocator is needed here and nothing is allocated on our side.
 *
 * Speed: OpenSSL 3's one-shots (EVP_Digest, HMAC) look the algorithm up
 * in the provider store on every call (a lock, a hash-table probe and a
 * method construction) and build and free a context around it; for the
 * short inputs of a signature that was most of the cost.  So the digests
 * are fetched once per process, and HMAC-SHA256 is done here (RFC 2104)
 * on one digest context, re-initialised for the outer hash, instead of
 * through EVP_MAC, whose context would hold three digest contexts.
 *
 * Where configure found them (CBOTO_SHA256_LOWLEVEL), the short digests of
 * a signature (the canonical request, the HMACs) use SHA256_Init/Update/
 * Final instead: the same assembly underneath, without EVP's dispatch per
 * call, and the pads of a cached key are copied as plain structs rather
 * than through EVP_MD_CTX_copy_ex (which allocates).  On the benchmark VM
 * a 300-byte digest costs ~265 ns that way and ~355 ns through a reused
 * EVP context.  Streamed bodies (cboto__hash_new) stay on EVP. */
#ifdef CBOTO_SHA256_LOWLEVEL
/* Must come before any OpenSSL header: the calls are deprecated in 3.0,
 * not gone (configure checked that they link). */
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#ifdef CBOTO_SHA256_LOWLEVEL
#include <openssl/sha.h>
#endif

#include "internal.h"

#define SHA256_BLOCK 64

static pthread_once_t s_fetch_once = PTHREAD_ONCE_INIT;
static EVP_MD *s_sha256;
static EVP_MD *s_md5;

/* Held for the life of the process (like OpenSSL's own built-in method
 * tables): freeing them would need a hook no caller is obliged to call,
 * and every signer in every thread uses them.  A failed fetch (e.g. MD5
 * under a FIPS-only default provider) leaves NULL and the calls below fall
 * back to the implicit-fetch EVP_sha256()/EVP_md5(), as before. */
static void fetch_digests(void)
{
    s_sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    s_md5 = EVP_MD_fetch(NULL, "MD5", NULL);
}

static const EVP_MD *md_sha256(void)
{
    pthread_once(&s_fetch_once, fetch_digests);
    return s_sha256 ? s_sha256 : EVP_sha256();
}

static const EVP_MD *md_md5(void)
{
    pthread_once(&s_fetch_once, fetch_digests);
    return s_md5 ? s_md5 : EVP_md5();
}

static int digest(const EVP_MD *md, const void *p, size_t n, uint8_t *out)
{
    EVP_MD_CTX *ctx;
    int ok;

    if (!p && n)
        return CBOTO_EINVAL;
    ctx = EVP_MD_CTX_new();
    if (!ctx)
        return CBOTO_ENOMEM;
    ok = EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
         (n == 0 || EVP_DigestUpdate(ctx, p, n) == 1) &&
         EVP_DigestFinal_ex(ctx, out, NULL) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? CBOTO_OK : CBOTO_ENOMEM;
}

int cboto__sha256(const void *p, size_t n, uint8_t out[32])
{
#ifdef CBOTO_SHA256_LOWLEVEL
    SHA256_CTX c;

    if (!p && n)
        return CBOTO_EINVAL;
    if (SHA256_Init(&c) != 1 || SHA256_Update(&c, p, n) != 1 ||
        SHA256_Final(out, &c) != 1)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
#else
    return digest(md_sha256(), p, n, out);
#endif
}

int cboto__sha256_hex(const void *p, size_t n, char out[65])
{
    uint8_t d[32];
    int rc = cboto__sha256(p, n, d);

    if (rc)
        return rc;
    cboto__hex(out, d, sizeof d);
    return CBOTO_OK;
}

int cboto__md5(const void *p, size_t n, uint8_t out[16])
{
    return digest(md_md5(), p, n, out);
}

/* HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), K0 = K padded with
 * zeros to the block size, or H(K) padded when K is longer than a block.
 * inner_pad writes K0 ^ ipad; outer_pad turns it into K0 ^ opad in place
 * (0x36 ^ 0x5c flips one into the other). */
static int inner_pad(const void *key, size_t klen, uint8_t pad[SHA256_BLOCK])
{
    size_t i;

    memset(pad, 0, SHA256_BLOCK);
    if (klen > SHA256_BLOCK) {
        int rc = cboto__sha256(key, klen, pad);

        if (rc)
            return rc;
    } else if (klen) {
        memcpy(pad, key, klen);
    }
    for (i = 0; i < SHA256_BLOCK; i++)
        pad[i] ^= 0x36;
    return CBOTO_OK;
}

static void outer_pad(uint8_t pad[SHA256_BLOCK])
{
    size_t i;

    for (i = 0; i < SHA256_BLOCK; i++)
        pad[i] ^= 0x36 ^ 0x5c;
}

#ifdef CBOTO_SHA256_LOWLEVEL
/* The two pad states of key: K0 ^ ipad and K0 ^ opad, each one block. */
static int pads_lowlevel(const void *key, size_t klen, SHA256_CTX *in,
                         SHA256_CTX *out)
{
    uint8_t pad[SHA256_BLOCK];
    int ok, rc = inner_pad(key, klen, pad);

    if (rc)
        return rc;
    ok = SHA256_Init(in) == 1 && SHA256_Update(in, pad, sizeof pad) == 1;
    outer_pad(pad);
    ok = ok && SHA256_Init(out) == 1 &&
         SHA256_Update(out, pad, sizeof pad) == 1;
    cboto__memzero(pad, sizeof pad);
    return ok ? CBOTO_OK : CBOTO_ENOMEM;
}

/* HMAC from the two pad states, which are copied, not changed. */
static int mac_lowlevel(const SHA256_CTX *in, const SHA256_CTX *out,
                        const void *msg, size_t mlen, uint8_t mac[32])
{
    SHA256_CTX c = *in;
    uint8_t inner[32];
    int ok;

    ok = SHA256_Update(&c, msg, mlen) == 1 && SHA256_Final(inner, &c) == 1;
    c = *out;
    ok = ok && SHA256_Update(&c, inner, sizeof inner) == 1 &&
         SHA256_Final(mac, &c) == 1;
    cboto__memzero(&c, sizeof c);
    cboto__memzero(inner, sizeof inner);
    return ok ? CBOTO_OK : CBOTO_ENOMEM;
}
#endif

int cboto__hmac_sha256(const void *key, size_t klen, const void *msg,
                       size_t mlen, uint8_t out[32])
{
#ifdef CBOTO_SHA256_LOWLEVEL
    SHA256_CTX in, outer;
    int rc;

    if ((!key && klen) || (!msg && mlen) || klen > INT32_MAX)
        return CBOTO_EINVAL;
    rc = pads_lowlevel(key, klen, &in, &outer);
    if (!rc)
        rc = mac_lowlevel(&in, &outer, msg, mlen, out);
    cboto__memzero(&in, sizeof in);
    cboto__memzero(&outer, sizeof outer);
    return rc;
#else
    const EVP_MD *md;
    EVP_MD_CTX *ctx;
    uint8_t pad[SHA256_BLOCK], inner[32];
    int ok, rc;

    if ((!key && klen) || (!msg && mlen) || klen > INT32_MAX)
        return CBOTO_EINVAL;
    md = md_sha256();
    rc = inner_pad(key, klen, pad);
    if (rc)
        return rc;
    ctx = EVP_MD_CTX_new();
    if (!ctx) {
        cboto__memzero(pad, sizeof pad);
        return CBOTO_ENOMEM;
    }
    ok = EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
         EVP_DigestUpdate(ctx, pad, sizeof pad) == 1 &&
         (mlen == 0 || EVP_DigestUpdate(ctx, msg, mlen) == 1) &&
         EVP_DigestFinal_ex(ctx, inner, NULL) == 1;
    outer_pad(pad);
    ok = ok && EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
         EVP_DigestUpdate(ctx, pad, sizeof pad) == 1 &&
         EVP_DigestUpdate(ctx, inner, sizeof inner) == 1 &&
         EVP_DigestFinal_ex(ctx, out, NULL) == 1;
    EVP_MD_CTX_free(ctx);
    cboto__memzero(pad, sizeof pad);
    cboto__memzero(inner, sizeof inner);
    return ok ? CBOTO_OK : CBOTO_ENOMEM;
#endif
}

/* struct cboto__hash is never defined: the handle is the EVP context
 * itself, so its size (16 or 32) is known at the end without extra state. */
static EVP_MD_CTX *ctx_of(struct cboto__hash *h)
{
    return (EVP_MD_CTX *)(void *)h;
}

int cboto__hash_new(struct cboto__hash **h, int md5)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    if (!ctx)
        return CBOTO_ENOMEM;
    if (EVP_DigestInit_ex(ctx, md5 ? md_md5() : md_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return CBOTO_ENOMEM;
    }
    *h = (struct cboto__hash *)(void *)ctx;
    return CBOTO_OK;
}

int cboto__hash_update(struct cboto__hash *h, const void *p, size_t n)
{
    if (!h || (!p && n))
        return CBOTO_EINVAL;
    if (n == 0)
        return CBOTO_OK;
    if (EVP_DigestUpdate(ctx_of(h), p, n) != 1)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
}

int cboto__hash_final(struct cboto__hash *h, uint8_t *out)
{
    unsigned int len = 0;
    int rc = CBOTO_OK;

    if (!h)
        return CBOTO_EINVAL;
    if (EVP_DigestFinal_ex(ctx_of(h), out, &len) != 1)
        rc = CBOTO_ENOMEM;
    EVP_MD_CTX_free(ctx_of(h));
    return rc;
}

void cboto__hash_free(struct cboto__hash *h)
{
    if (h)
        EVP_MD_CTX_free(ctx_of(h));
}

int cboto__hash_scratch(struct cboto__hash **h)
{
#ifdef CBOTO_SHA256_LOWLEVEL
    *h = NULL; /* the low-level calls need no context */
    return CBOTO_OK;
#else
    return cboto__hash_new(h, 0);
#endif
}

int cboto__hash_digest(struct cboto__hash *h, const void *p, size_t n,
                       uint8_t out[32])
{
    if (!p && n)
        return CBOTO_EINVAL;
#ifdef CBOTO_SHA256_LOWLEVEL
    (void)h; /* the low-level calls need no context */
    return cboto__sha256(p, n, out);
#else
    EVP_MD_CTX *ctx = ctx_of(h);

    if (!h)
        return cboto__sha256(p, n, out);
    /* Re-initialising with the same digest keeps OpenSSL's inner context:
     * no allocation, unlike a fresh EVP_MD_CTX per digest. */
    if (EVP_DigestInit_ex(ctx, md_sha256(), NULL) != 1 ||
        (n && EVP_DigestUpdate(ctx, p, n) != 1) ||
        EVP_DigestFinal_ex(ctx, out, NULL) != 1)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
#endif
}

/* The two pads each fill one SHA-256 block, so absorbing them ahead of
 * time saves two of the (typically six) block computations of every
 * HMAC made with the same key. */
#ifdef CBOTO_SHA256_LOWLEVEL
/* Both pad states in one block from OpenSSL's allocator (as the EVP
 * contexts are), wiped when freed. */
int cboto__hmac_key_init(struct cboto__hmac_key *k, const void *key,
                         size_t klen)
{
    SHA256_CTX *st;
    int rc;

    k->inner = k->outer = NULL;
    if (!key && klen)
        return CBOTO_EINVAL;
    st = OPENSSL_malloc(2 * sizeof *st);
    if (!st)
        return CBOTO_ENOMEM;
    rc = pads_lowlevel(key, klen, &st[0], &st[1]);
    if (rc) {
        OPENSSL_clear_free(st, 2 * sizeof *st);
        return rc;
    }
    k->inner = &st[0];
    k->outer = &st[1];
    return CBOTO_OK;
}

void cboto__hmac_key_cleanup(struct cboto__hmac_key *k)
{
    if (k->inner)
        OPENSSL_clear_free(k->inner, 2 * sizeof(SHA256_CTX));
    k->inner = k->outer = NULL;
}

int cboto__hmac_key_mac(const struct cboto__hmac_key *k, struct cboto__hash *h,
                        const void *msg, size_t mlen, uint8_t out[32])
{
    (void)h;
    if (!k || !k->inner || (!msg && mlen))
        return CBOTO_EINVAL;
    return mac_lowlevel(k->inner, k->outer, msg, mlen, out);
}
#else
int cboto__hmac_key_init(struct cboto__hmac_key *k, const void *key,
                         size_t klen)
{
    const EVP_MD *md = md_sha256();
    uint8_t pad[SHA256_BLOCK];
    int rc;

    k->inner = k->outer = NULL;
    if (!key && klen)
        return CBOTO_EINVAL;
    rc = inner_pad(key, klen, pad);
    if (!rc) {
        k->inner = EVP_MD_CTX_new();
        k->outer = EVP_MD_CTX_new();
        if (!k->inner || !k->outer)
            rc = CBOTO_ENOMEM;
    }
    if (!rc && (EVP_DigestInit_ex(k->inner, md, NULL) != 1 ||
                EVP_DigestUpdate(k->inner, pad, sizeof pad) != 1))
        rc = CBOTO_ENOMEM;
    outer_pad(pad);
    if (!rc && (EVP_DigestInit_ex(k->outer, md, NULL) != 1 ||
                EVP_DigestUpdate(k->outer, pad, sizeof pad) != 1))
        rc = CBOTO_ENOMEM;
    cboto__memzero(pad, sizeof pad);
    if (rc)
        cboto__hmac_key_cleanup(k);
    return rc;
}

void cboto__hmac_key_cleanup(struct cboto__hmac_key *k)
{
    /* EVP_MD_CTX_free cleanses the states, which hold the key. */
    EVP_MD_CTX_free(k->inner);
    EVP_MD_CTX_free(k->outer);
    k->inner = k->outer = NULL;
}

int cboto__hmac_key_mac(const struct cboto__hmac_key *k, struct cboto__hash *h,
                        const void *msg, size_t mlen, uint8_t out[32])
{
    EVP_MD_CTX *ctx = ctx_of(h);
    uint8_t inner[32];
    int ok;

    if (!k || !k->inner || (!msg && mlen))
        return CBOTO_EINVAL;
    if (!h) { /* no work context given: one for this call */
        struct cboto__hash *tmp;
        int rc = cboto__hash_new(&tmp, 0);

        if (!rc)
            rc = cboto__hmac_key_mac(k, tmp, msg, mlen, out);
        cboto__hash_free(tmp);
        return rc;
    }
    ok = EVP_MD_CTX_copy_ex(ctx, k->inner) == 1 &&
         (mlen == 0 || EVP_DigestUpdate(ctx, msg, mlen) == 1) &&
         EVP_DigestFinal_ex(ctx, inner, NULL) == 1 &&
         EVP_MD_CTX_copy_ex(ctx, k->outer) == 1 &&
         EVP_DigestUpdate(ctx, inner, sizeof inner) == 1 &&
         EVP_DigestFinal_ex(ctx, out, NULL) == 1;
    cboto__memzero(inner, sizeof inner);
    return ok ? CBOTO_OK : CBOTO_ENOMEM;
}
#endif
