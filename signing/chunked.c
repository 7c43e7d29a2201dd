/* SPDX-License-Identifier: MIT */
/* aws-chunked bodies (S3 "Transferring Payload in Multiple Chunks"): every
 * chunk carries a signature chained to the previous one, starting from the
 * seed signature of the request itself.  The -TRAILER variant ends with a
 * signed trailing header such as x-amz-checksum-crc32c. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define CHUNK_SIG_PREFIX   ";chunk-signature="        /* 17 bytes */
#define TRAILER_SIG_PREFIX "x-amz-trailer-signature:" /* 24 bytes */

int cboto__sigv4_chunker_init(struct cboto__sigv4_chunker *ch,
                              const struct cboto__creds_view *cr,
                              const struct cboto__sigv4_opts *o,
                              const char seed_sig[65])
{
    int n, rc;

    if (!ch || !o || !seed_sig || strnlen(seed_sig, 65) != 64 || !o->region ||
        !o->service)
        return CBOTO_EINVAL;
    if (!cr || !cr->access_key_id || !*cr->access_key_id ||
        !cr->secret_access_key || !*cr->secret_access_key)
        return CBOTO_ENOCREDS;
    memset(ch, 0, sizeof *ch);
    cboto__fmt_amz_date(ch->amz_date, o->now);
    n = snprintf(ch->scope, sizeof ch->scope, "%.8s/%s/%s/aws4_request",
                 ch->amz_date, o->region, o->service);
    if (n < 0 || (size_t)n >= sizeof ch->scope)
        return CBOTO_EINVAL;
    rc = cboto__sigv4_signing_key(NULL, cr->secret_access_key, ch->amz_date,
                                  o->region, o->service, ch->key);
    if (rc) {
        cboto__sigv4_chunker_cleanup(ch);
        return rc;
    }
    memcpy(ch->prev_sig, seed_sig, 65);
    return CBOTO_OK;
}

void cboto__sigv4_chunker_cleanup(struct cboto__sigv4_chunker *ch)
{
    if (ch)
        cboto__memzero(ch, sizeof *ch);
}

/* HMAC over "<algo>\n<date>\n<scope>\n<prev>\n<middle>\n<hash>" (middle is
 * the empty-string hash for chunks, absent for the trailer), chained. */
static int chain_sign(struct cboto__sigv4_chunker *ch, const char *algo,
                      const char *middle, const char *hash, char sig[65])
{
    /* algo (24) + date (16) + scope (< 128) + three 64-byte hashes and the
     * separators: well under 512. */
    char sts[512];
    uint8_t mac[32];
    int n, rc;

    n = snprintf(sts, sizeof sts, "%s\n%s\n%s\n%s\n%s%s%s", algo, ch->amz_date,
                 ch->scope, ch->prev_sig, middle ? middle : "",
                 middle ? "\n" : "", hash);
    if (n < 0 || (size_t)n >= sizeof sts)
        return CBOTO_EINVAL;
    rc = cboto__hmac_sha256(ch->key, 32, sts, (size_t)n, mac);
    if (rc)
        return rc;
    cboto__hex(sig, mac, 32);
    memcpy(ch->prev_sig, sig, 65);
    return CBOTO_OK;
}

void cboto__sigv4_chunker_restart(struct cboto__sigv4_chunker *ch,
                                  const char seed_sig[65])
{
    memcpy(ch->prev_sig, seed_sig, 65);
}

static int sign_chunk(struct cboto__sigv4_chunker *ch, const uint8_t *data,
                      size_t n, char sig[65])
{
    char hash[65];
    int rc;

    if (!data && n)
        return CBOTO_EINVAL;
    rc = cboto__sha256_hex(data, n, hash);
    if (rc)
        return rc;
    return chain_sign(ch, "AWS4-HMAC-SHA256-PAYLOAD", CBOTO__EMPTY_SHA256,
                      hash, sig);
}

int cboto__sigv4_chunk_sign(struct cboto__sigv4_chunker *ch,
                            const uint8_t *data, size_t n, char sig[65])
{
    if (!ch || !sig)
        return CBOTO_EINVAL;
    return sign_chunk(ch, data, n, sig);
}

int cboto__sigv4_chunk(struct cboto__sigv4_chunker *ch, const uint8_t *data,
                       size_t n, struct cboto__buf *out, char sig_out[65])
{
    char sig[65];
    size_t before;
    int rc;

    if (!ch || !out)
        return CBOTO_EINVAL;
    /* Reserve first so that a failure leaves neither the buffer nor the
     * signature chain half-advanced. */
    rc = cboto__buf_reserve(out, n + 2 * sizeof(size_t) + 17 + 64 + 4);
    if (rc)
        return rc;
    rc = sign_chunk(ch, data, n, sig);
    if (rc)
        return rc;
    before = out->len;
    rc = cboto__buf_printf(out, "%zx" CHUNK_SIG_PREFIX "%s\r\n", n, sig);
    if (!rc)
        rc = cboto__buf_append(out, data, n);
    if (!rc)
        rc = cboto__buf_append(out, "\r\n", 2);
    if (rc) {
        out->len = before;
        if (out->ptr)
            out->ptr[before] = '\0';
        return rc;
    }
    if (sig_out)
        memcpy(sig_out, sig, 65);
    return CBOTO_OK;
}

int cboto__sigv4_chunk_trailer(struct cboto__sigv4_chunker *ch,
                               const char *name, const char *value,
                               struct cboto__buf *out, char final_sig_out[65],
                               char trailer_sig_out[65])
{
    struct cboto__buf t;
    char fsig[65], tsig[65], hash[65];
    size_t before;
    int rc;

    if (!ch || !name || !*name || !value || !out)
        return CBOTO_EINVAL;
    rc = sign_chunk(ch, NULL, 0, fsig);
    if (rc)
        return rc;
    /* The trailer signature covers "name:value\n" (LF, not CRLF). */
    cboto__buf_init(&t, out->a, 0);
    rc = cboto__buf_printf(&t, "%s:%s\n", name, value);
    if (!rc)
        rc = cboto__sha256_hex(t.ptr, t.len, hash);
    cboto__buf_cleanup(&t);
    if (!rc)
        rc = chain_sign(ch, "AWS4-HMAC-SHA256-TRAILER", NULL, hash, tsig);
    if (rc)
        return rc;
    before = out->len;
    rc = cboto__buf_printf(out,
                           "0" CHUNK_SIG_PREFIX
                           "%s\r\n%s:%s\r\n" TRAILER_SIG_PREFIX "%s\r\n\r\n",
                           fsig, name, value, tsig);
    if (rc) {
        out->len = before;
        if (out->ptr)
            out->ptr[before] = '\0';
        return rc;
    }
    if (final_sig_out)
        memcpy(final_sig_out, fsig, 65);
    if (trailer_sig_out)
        memcpy(trailer_sig_out, tsig, 65);
    return CBOTO_OK;
}

static unsigned hex_digits(uint64_t n)
{
    unsigned d = 1;

    while (n >>= 4)
        d++;
    return d;
}

/* One chunk on the wire: hex size, ";chunk-signature=", 64 hex, CRLF, the
 * data, CRLF. */
static uint64_t chunk_len(uint64_t n)
{
    return hex_digits(n) + 17 + 64 + 2 + n + 2;
}

size_t cboto__sigv4_chunk_header_len(uint64_t n)
{
    return hex_digits(n) + 17 + 64 + 2;
}

uint64_t cboto__sigv4_chunk_frame_len(uint64_t n)
{
    return chunk_len(n);
}

size_t cboto__sigv4_chunk_header(char *dst, uint64_t n, const char sig[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned d = hex_digits(n), i;
    char *p = dst;

    /* Written by hand rather than with snprintf: this runs once per chunk
     * inside curl's read callback and must not need a terminating NUL
     * past the header, where the chunk data already sits. */
    for (i = d; i-- > 0;)
        *p++ = hex[(n >> (4 * i)) & 15];
    memcpy(p, CHUNK_SIG_PREFIX, 17);
    p += 17;
    memcpy(p, sig, 64);
    p += 64;
    *p++ = '\r';
    *p++ = '\n';
    return (size_t)(p - dst);
}

static uint64_t data_chunks_length(uint64_t payload_len, size_t chunk_size)
{
    uint64_t full, rest, total = 0;

    if (chunk_size == 0)
        return 0;
    full = payload_len / chunk_size;
    rest = payload_len % chunk_size;
    total = full * chunk_len(chunk_size);
    if (rest)
        total += chunk_len(rest);
    return total;
}

uint64_t cboto__sigv4_chunked_length(uint64_t payload_len, size_t chunk_size)
{
    if (chunk_size == 0)
        return 0;
    /* The final empty chunk: "0;chunk-signature=<64>\r\n\r\n". */
    return data_chunks_length(payload_len, chunk_size) + chunk_len(0);
}

uint64_t cboto__sigv4_chunked_trailer_length(uint64_t payload_len,
                                             size_t chunk_size,
                                             size_t name_len, size_t value_len)
{
    if (chunk_size == 0)
        return 0;
    /* "0;chunk-signature=<64>\r\n", "name:value\r\n",
     * "x-amz-trailer-signature:<64>\r\n", "\r\n". */
    return data_chunks_length(payload_len, chunk_size) + 1 + 17 + 64 + 2 +
           name_len + 1 + value_len + 2 + 24 + 64 + 2 + 2;
}

/* CRC-32C (cboto__crc32c) lives in crc32c.c, with its SSE4.2 path. */
