/* SPDX-License-Identifier: MIT */
/*
 * Signing: pure functions of (message, credentials, time).  No I/O, no clock
 * reads: the caller passes `now`, so every retry can be signed afresh and
 * tests can sign at a fixed time.
 */
#ifndef CBOTO_SIGNING_INTERNAL_H
#define CBOTO_SIGNING_INTERNAL_H

#include <stdint.h>
#include <time.h>

#include "../aws/internal.h"

/* ---- hashing (signing/hash_openssl.c) ----------------------------------- */
int cboto__sha256(const void *p, size_t n, uint8_t out[32]);
/* lower-case hex digest; out holds 65 bytes */
int cboto__sha256_hex(const void *p, size_t n, char out[65]);
int cboto__hmac_sha256(const void *key, size_t klen, const void *msg,
                       size_t mlen, uint8_t out[32]);
int cboto__md5(const void *p, size_t n, uint8_t out[16]);

/* Incremental SHA-256 and MD5 for streamed bodies. */
struct cboto__hash;
int cboto__hash_new(struct cboto__hash **h, int md5 /* 0 = sha256 */);
int cboto__hash_update(struct cboto__hash *h, const void *p, size_t n);
/* Writes 32 (sha256) or 16 (md5) bytes and frees h. */
int cboto__hash_final(struct cboto__hash *h, uint8_t *out);
void cboto__hash_free(struct cboto__hash *h);
/* A work context for the several short digests of one signature
 * (cboto__hash_digest, cboto__hmac_key_mac); *h may be NULL when the
 * backend needs none.  Free with cboto__hash_free. */
int cboto__hash_scratch(struct cboto__hash **h);
/* SHA-256 of p with the work context h (may be NULL), which stays usable
 * (re-initialised). */
int cboto__hash_digest(struct cboto__hash *h, const void *p, size_t n,
                       uint8_t out[32]);

/* An HMAC-SHA256 key with its inner and outer pad blocks already hashed,
 * for a key that signs many messages (the cached SigV4 signing key).
 * Read-only once made; cleanup wipes it. */
struct cboto__hmac_key {
    void *inner; /* EVP_MD_CTX, or SHA256_CTX with the low-level calls */
    void *outer;
};
int cboto__hmac_key_init(struct cboto__hmac_key *k, const void *key,
                         size_t klen);
void cboto__hmac_key_cleanup(struct cboto__hmac_key *k);
/* HMAC(key, msg) computed with the work context h (from
 * cboto__hash_scratch, may be NULL; left usable afterwards). */
int cboto__hmac_key_mac(const struct cboto__hmac_key *k, struct cboto__hash *h,
                        const void *msg, size_t mlen, uint8_t out[32]);

/* The SHA-256 of the empty string, hex. */
#define CBOTO__EMPTY_SHA256                                                   \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define CBOTO__UNSIGNED_PAYLOAD  "UNSIGNED-PAYLOAD"
#define CBOTO__STREAMING_PAYLOAD "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
#define CBOTO__STREAMING_PAYLOAD_TRAILER                                      \
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"

/* Credentials as the signer sees them (borrowed). */
struct cboto__creds_view {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL when none */
};

/* ---- SigV4 (signing/sigv4.c, signing/canonical.c) ----------------------- */

/* The derived signing key, cached per (secret, date, region, service).  A
 * small fixed table guarded by a mutex, so one client can be shared between
 * threads. */
struct cboto__sigv4_cache;
int cboto__sigv4_cache_new(const struct cboto_allocator *a,
                           struct cboto__sigv4_cache **out);
void cboto__sigv4_cache_free(struct cboto__sigv4_cache *c);
/* The derived key for (secret, date, region, service); date is the
 * "YYYYMMDD" part (only its first 8 characters are read, so an amz-date
 * works too).  Served from the cache when one is given and holds it.
 * CBOTO_ENOCREDS for a missing secret, CBOTO_EINVAL for a bad date, region
 * or service. */
int cboto__sigv4_signing_key(struct cboto__sigv4_cache *c, const char *secret,
                             const char *date, const char *region,
                             const char *service, uint8_t key[32]);
/* Lookup counters, for tests and --debug output. */
void cboto__sigv4_cache_stats(struct cboto__sigv4_cache *c,
                              unsigned long *hits, unsigned long *misses);

struct cboto__sigv4_opts {
    const char *region;
    const char *service;
    time_t now;
    /* S3 rules: the canonical URI is the path as sent (no normalisation, no
     * second encoding) and x-amz-content-sha256 is added and signed. */
    int s3;
    /* Non-S3 only: remove "." / ".." / empty segments before encoding. */
    int normalize_path;
    /* Non-S3 only, default on: the sent path is URI-encoded once more
     * (the AWS rule for every service but S3).  Set to 0 to use the path
     * as sent, as the classic test suite's decoded request lines need. */
    int no_double_encode;
    /* The payload hash: hex SHA-256, CBOTO__UNSIGNED_PAYLOAD,
     * CBOTO__STREAMING_PAYLOAD or CBOTO__STREAMING_PAYLOAD_TRAILER.
     * NULL: the value of an x-amz-content-sha256 header already in
     * m->headers, else the SHA-256 of m->body (presign: S3 uses
     * UNSIGNED-PAYLOAD, others hash m->body, normally empty). */
    const char *payload_hash;
    /* Header signing only: add x-amz-content-sha256 even when not S3
     * (aws-c-auth sign_body).  It is always added for S3, and for other
     * services when the payload hash is one of the literal markers. */
    int add_content_sha256;
    /* Add the session token only after signing, unsigned (the
     * post-sts-header-after vector). */
    int omit_session_token;
    /* Presign only: X-Amz-Expires, 1..604800. */
    unsigned expires;
};

/* Add X-Amz-Date, X-Amz-Security-Token (when a token is set),
 * x-amz-content-sha256 (S3) and Authorization to m->headers.
 * cache may be NULL.  sig_out (65 bytes, may be NULL) receives the hex
 * signature: the seed signature of a chunked upload.
 * CBOTO_ENOCREDS when the key id or secret is missing; CBOTO_EINVAL for a
 * malformed message. */
int cboto__sigv4_sign_headers(struct cboto__sigv4_cache *cache,
                              struct cboto__http_msg *m,
                              const struct cboto__creds_view *cr,
                              const struct cboto__sigv4_opts *o,
                              char sig_out[65]);

/* Add X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
 * -Security-Token and finally X-Amz-Signature to m->query (presigned URL).
 * Every header in m->headers is signed (with host), so leave there only
 * what the user of the URL will send.  CBOTO_EINVAL when o->expires is
 * 0 or over 604800 (7 days); CBOTO_ENOCREDS as above. */
int cboto__sigv4_presign(struct cboto__sigv4_cache *cache,
                         struct cboto__http_msg *m,
                         const struct cboto__creds_view *cr,
                         const struct cboto__sigv4_opts *o);

/* The intermediate values, exposed for the conformance tests and for
 * --debug output.  For the query variant the X-Amz-* query parameters must
 * already be in m->query, without X-Amz-Signature.  payload_hash NULL
 * hashes m->body.  signed_headers may be NULL.  Headers never signed (as
 * botocore: user-agent, expect, connection, transfer-encoding, ... and
 * authorization) are left out; host comes from m->host. */
int cboto__sigv4_canonical_request(const struct cboto__http_msg *m,
                                   const struct cboto__sigv4_opts *o,
                                   const char *payload_hash,
                                   struct cboto__buf *creq,
                                   struct cboto__buf *signed_headers);
/* What the signer needs of the canonical request: its SHA-256, built on
 * the stack when it fits, and the signed-headers list appended to
 * signed_headers (may be NULL).  payload_hash as above.  h (may be NULL)
 * is a digest context to use, from cboto__hash_new. */
int cboto__sigv4_canonical_sha256(const struct cboto__http_msg *m,
                                  const struct cboto__sigv4_opts *o,
                                  const char *payload_hash,
                                  struct cboto__hash *h, uint8_t digest[32],
                                  struct cboto__buf *signed_headers);
int cboto__sigv4_string_to_sign(const char *creq, size_t creq_len,
                                const struct cboto__sigv4_opts *o,
                                struct cboto__buf *sts);
/* The "a;b;host;x-amz-date" list the canonical request would sign. */
int cboto__sigv4_signed_headers(const struct cboto__http_msg *m,
                                struct cboto__buf *out);

/* aws-chunked streaming upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, and
 * the -TRAILER variant).  The struct holds the derived key: end with
 * cboto__sigv4_chunker_cleanup(), which wipes it. */
struct cboto__sigv4_chunker {
    uint8_t key[32];
    char prev_sig[65];
    char amz_date[17];
    char scope[128];
};
/* Start from the seed signature that cboto__sigv4_sign_headers returned. */
int cboto__sigv4_chunker_init(struct cboto__sigv4_chunker *ch,
                              const struct cboto__creds_view *cr,
                              const struct cboto__sigv4_opts *o,
                              const char seed_sig[65]);
/* Sign the next chunk (n == 0: the final empty chunk) and append
 * "<hex size>;chunk-signature=<sig>\r\n<data>\r\n" to out.  sig_out may be
 * NULL. */
int cboto__sigv4_chunk(struct cboto__sigv4_chunker *ch, const uint8_t *data,
                       size_t n, struct cboto__buf *out, char sig_out[65]);
/* Trailer variant (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER): instead of
 * cboto__sigv4_chunk(ch, NULL, 0, ...), end with this.  It signs the final
 * empty chunk, appends "0;chunk-signature=<sig>\r\n", then the trailer
 * "<name>:<value>\r\n", then "x-amz-trailer-signature:<sig>\r\n\r\n".
 * The trailer signature covers sha256("<name>:<value>\n").  name must be
 * lower case (e.g. "x-amz-checksum-crc32c") and match the signed
 * x-amz-trailer header.  Both signature outputs may be NULL. */
int cboto__sigv4_chunk_trailer(struct cboto__sigv4_chunker *ch,
                               const char *name, const char *value,
                               struct cboto__buf *out, char final_sig_out[65],
                               char trailer_sig_out[65]);
void cboto__sigv4_chunker_cleanup(struct cboto__sigv4_chunker *ch);
/* Start the chain over from seed_sig (the same request sent again). */
void cboto__sigv4_chunker_restart(struct cboto__sigv4_chunker *ch,
                                  const char seed_sig[65]);
/* Sign the next chunk without framing it, for a caller that writes the
 * frame itself (in place, around data already in its buffer). */
int cboto__sigv4_chunk_sign(struct cboto__sigv4_chunker *ch,
                            const uint8_t *data, size_t n, char sig[65]);
/* Bytes of "<hex n>;chunk-signature=<sig>\r\n", and of the whole frame
 * (header, n bytes of data, CRLF). */
size_t cboto__sigv4_chunk_header_len(uint64_t n);
uint64_t cboto__sigv4_chunk_frame_len(uint64_t n);
/* Write the header (cboto__sigv4_chunk_header_len(n) bytes, no NUL) to
 * dst; returns its length. */
size_t cboto__sigv4_chunk_header(char *dst, uint64_t n, const char sig[65]);
/* Total encoded length of a body of payload_len bytes sent in chunks of
 * chunk_size (the Content-Length of the aws-chunked request). */
uint64_t cboto__sigv4_chunked_length(uint64_t payload_len, size_t chunk_size);
/* The same for the trailer variant, with one trailer of the given name and
 * value lengths. */
uint64_t cboto__sigv4_chunked_trailer_length(uint64_t payload_len,
                                             size_t chunk_size,
                                             size_t name_len,
                                             size_t value_len);
/* CRC32C (Castagnoli), for x-amz-checksum-crc32c: start with crc 0 and
 * feed the body in pieces.  The header value is the base64 of the 4 bytes
 * in big-endian order. */
uint32_t cboto__crc32c(uint32_t crc, const void *p, size_t n);

/* ---- SigV2, HmacSHA256 (signing/sigv2.c) ---------------------------------
 * Adds AWSAccessKeyId, SignatureVersion=2, SignatureMethod=HmacSHA256,
 * Timestamp (ISO 8601, UTC), SecurityToken (when set) and Signature to
 * m->query.  The string to sign is METHOD\nhost\npath\ncanonical-query,
 * host lower-cased with its port only when not the default. */
/* Any of these already in m->query is replaced.  The query is then put in
 * canonical (sorted) order and Signature appended last, which is the order
 * botocore sends.  For POST the executor sends cboto__form_encode(&m->query,
 * 0) as the body.  CBOTO_ENOCREDS when the key id or secret is missing. */
int cboto__sigv2_sign(struct cboto__http_msg *m,
                      const struct cboto__creds_view *cr, time_t now);
/* The second half of cboto__sigv2_sign: sort m->query, sign it exactly as
 * it is (no parameter added) and append Signature.  sig_b64 (may be NULL)
 * receives the base64 signature. */
int cboto__sigv2_sign_params(struct cboto__http_msg *m,
                             const struct cboto__creds_view *cr,
                             struct cboto__buf *sig_b64);
int cboto__sigv2_string_to_sign(const struct cboto__http_msg *m,
                                struct cboto__buf *sts);
/* cboto__sigv2_sign for a POST whose parameters are the body: appends to
 * form exactly what cboto__form_encode(&m->query, form, 0) would write
 * after cboto__sigv2_sign, encoding the parameters once (the canonical
 * query is the body).  m->query is left sorted, with the added parameters
 * but without Signature. */
int cboto__sigv2_sign_form(struct cboto__http_msg *m,
                           const struct cboto__creds_view *cr, time_t now,
                           struct cboto__buf *form);

#endif /* CBOTO_SIGNING_INTERNAL_H */
