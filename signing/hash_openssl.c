/* SPDX-License-Identifier: MIT */
/* Digests through OpenSSL's EVP interface.  The EVP contexts come from
 * OpenSSL's own allocator (as documented for the whole library), so no
 * cboto allocator is needed here and nothing is allocated on our side. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "internal.h"

static int digest(const EVP_MD *md, const void *p, size_t n, uint8_t *out)
{
    unsigned int len = 0;

    if (!p && n)
        return CBOTO_EINVAL;
    if (EVP_Digest(n ? p : "", n, out, &len, md, NULL) != 1)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
}

int cboto__sha256(const void *p, size_t n, uint8_t out[32])
{
    return digest(EVP_sha256(), p, n, out);
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
    return digest(EVP_md5(), p, n, out);
}

int cboto__hmac_sha256(const void *key, size_t klen, const void *msg,
                       size_t mlen, uint8_t out[32])
{
    unsigned int len = 0;

    if ((!key && klen) || (!msg && mlen) || klen > INT32_MAX)
        return CBOTO_EINVAL;
    if (!HMAC(EVP_sha256(), klen ? key : "", (int)klen,
              mlen ? msg : (const void *)"", mlen, out, &len) ||
        len != 32)
        return CBOTO_ENOMEM;
    return CBOTO_OK;
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
    if (EVP_DigestInit_ex(ctx, md5 ? EVP_md5() : EVP_sha256(), NULL) != 1) {
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
