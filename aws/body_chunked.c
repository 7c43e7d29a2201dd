/* SPDX-License-Identifier: MIT */
/* How an S3 body is signed, and the aws-chunked upload
 * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the body goes out as signed frames
 * "<hex size>;chunk-signature=<sig>\r\n<data>\r\n" ending with an empty
 * one.  Each frame is read, hashed and signed inside curl's read callback,
 * so a file is read once and an event loop never waits for a whole-file
 * hash. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cboto/s3.h>

#include "../signing/internal.h"
#include "core.h"

/* Data bytes per frame but the last.  S3 wants at least 8 KiB; the SDKs
 * use 64-128 KiB (the Java SDK v1: 128 KiB).  Each frame costs an HMAC and
 * two digest set-ups; on the 1 GiB bench 64 KiB frames cost ~5% more CPU
 * than 128 KiB, and 256 KiB or 1 MiB were no better than 128 KiB. */
#define CHUNK_SIZE (128u * 1024)
/* curl's buffer holds whole frames so they are built in place, never
 * copied (CURLOPT_UPLOAD_BUFFERSIZE allows 16 KiB .. 2 MiB); 1 or 16
 * frames per buffer measured the same as 4. */
#define FRAMES_PER_BUFFER 4
#define CURL_BUFFER_MIN   (16u * 1024)
#define CURL_BUFFER_MAX   (2u * 1024 * 1024)

struct cboto__chunked {
    struct cboto__sigv4_chunker ch;
    char seed[65];
    size_t chunk;
    uint64_t decoded; /* payload bytes (x-amz-decoded-content-length) */
    uint64_t pos;     /* payload bytes framed this attempt */
    int finished;     /* the final empty frame is out */
    /* A frame built here because curl offered less room than it needs;
     * handed out over the next calls. */
    uint8_t *stage;
    size_t stage_len;
    size_t stage_off;
};

size_t cboto__chunked_chunk_size(void)
{
    return CHUNK_SIZE;
}

static int body_length_known(const struct cboto_request *rq)
{
    return rq->body.kind != CBOTO__BODY_FN ||
           rq->body.length != CBOTO_LENGTH_UNKNOWN;
}

static int hash_whole_body(struct cboto__transfer *t)
{
    struct cboto_request *rq = t->rq;

    switch (rq->body.kind) {
    case CBOTO__BODY_FD:
        return cboto__body_hash_fd(rq, t->payload_hash);
    case CBOTO__BODY_MEM:
        return cboto__sha256_hex(rq->body.ptr, rq->body.len, t->payload_hash);
    case CBOTO__BODY_FN:
        return CBOTO_EINVAL; /* a callback cannot be read twice */
    default:
        memcpy(t->payload_hash, CBOTO__EMPTY_SHA256,
               sizeof CBOTO__EMPTY_SHA256);
        return CBOTO_OK;
    }
}

int cboto__payload_choose(struct cboto__transfer *t, int no_blocking_io)
{
    struct cboto_request *rq = t->rq;
    int mode =
        rq->unsigned_payload ? CBOTO_S3_PAYLOAD_UNSIGNED : rq->payload_signing;
    int rc;

    /* The automatic choice never reads a body up front, so it is the same
     * on an event loop; only an explicit HASHED does, as documented. */
    (void)no_blocking_io;
    if (rq->sign != CBOTO__SIGN_V4_S3)
        return CBOTO_OK;
    if (mode == CBOTO_S3_PAYLOAD_AUTO) {
        if (rq->body.kind == CBOTO__BODY_NONE ||
            rq->body.kind == CBOTO__BODY_MEM)
            mode = CBOTO_S3_PAYLOAD_HASHED;
        else if (strcmp(rq->scheme, "https") != 0 && body_length_known(rq))
            mode = CBOTO_S3_PAYLOAD_STREAMING;
        else
            /* Over TLS the transport protects the bytes (the SDKs'
             * reasoning); a body of unknown length cannot be framed with
             * a Content-Length, which S3 requires. */
            mode = CBOTO_S3_PAYLOAD_UNSIGNED;
    }
    switch (mode) {
    case CBOTO_S3_PAYLOAD_UNSIGNED:
        memcpy(t->payload_hash, CBOTO__UNSIGNED_PAYLOAD,
               sizeof CBOTO__UNSIGNED_PAYLOAD);
        break;
    case CBOTO_S3_PAYLOAD_HASHED:
        rc = hash_whole_body(t);
        if (rc)
            return rc;
        break;
    case CBOTO_S3_PAYLOAD_STREAMING:
        if (!body_length_known(rq))
            return CBOTO_EINVAL;
        t->chunked = cboto__calloc(t->a, 1, sizeof *t->chunked);
        if (!t->chunked)
            return CBOTO_ENOMEM;
        t->chunked->chunk = CHUNK_SIZE;
        t->chunked->decoded = cboto__body_length(rq);
        memcpy(t->payload_hash, CBOTO__STREAMING_PAYLOAD,
               sizeof CBOTO__STREAMING_PAYLOAD);
        break;
    default:
        return CBOTO_EINVAL;
    }
    t->have_payload_hash = 1;
    return CBOTO_OK;
}

static void restart(struct cboto__chunked *c)
{
    c->pos = 0;
    c->finished = 0;
    c->stage_len = 0;
    c->stage_off = 0;
}

int cboto__chunked_sign(struct cboto__transfer *t, struct cboto__http_msg *m,
                        const struct cboto__creds_view *cr,
                        const struct cboto__sigv4_opts *o,
                        struct cboto__sigv4_cache *cache)
{
    struct cboto__chunked *c = t->chunked;
    struct cboto__sigv4_opts so = *o;
    struct cboto__buf enc;
    const char *user_enc = cboto__kvlist_get(&m->headers, "Content-Encoding");
    char num[24];
    int rc;

    /* S3 strips aws-chunked and stores the rest, so a caller's own
     * encoding (gzip) must follow it, not be replaced. */
    cboto__buf_init(&enc, t->a, 0);
    if (user_enc && *user_enc)
        rc = cboto__buf_printf(&enc, "aws-chunked,%s", user_enc);
    else
        rc = cboto__buf_append_str(&enc, "aws-chunked");
    if (!rc)
        rc = cboto__kvlist_set(&m->headers, "Content-Encoding",
                               cboto__buf_cstr(&enc));
    cboto__buf_cleanup(&enc);
    snprintf(num, sizeof num, "%" PRIu64, c->decoded);
    if (!rc)
        rc = cboto__kvlist_set(&m->headers, "x-amz-decoded-content-length",
                               num);
    if (rc)
        return rc;
    /* Every attempt is signed afresh, so the chain restarts from this
     * attempt's seed signature. */
    so.payload_hash = CBOTO__STREAMING_PAYLOAD;
    rc = cboto__sigv4_sign_headers(cache, m, cr, &so, c->seed);
    cboto__sigv4_chunker_cleanup(&c->ch);
    if (!rc)
        rc = cboto__sigv4_chunker_init(&c->ch, cr, &so, c->seed);
    restart(c);
    return rc;
}

int cboto__chunked_set_curl(struct cboto__transfer *t)
{
    struct cboto__chunked *c = t->chunked;
    uint64_t encoded = cboto__sigv4_chunked_length(c->decoded, c->chunk);
    uint64_t want = cboto__sigv4_chunk_frame_len(c->chunk) * FRAMES_PER_BUFFER;

    if (want > CURL_BUFFER_MAX)
        want = CURL_BUFFER_MAX;
    if (want > encoded)
        want = encoded;
    if (want < CURL_BUFFER_MIN)
        want = CURL_BUFFER_MIN;
    if (curl_easy_setopt(t->easy, CURLOPT_INFILESIZE_LARGE,
                         (curl_off_t)encoded) != CURLE_OK)
        return CBOTO_EINVAL;
    /* Only a speed-up: frames that do not fit are staged and copied. */
    (void)curl_easy_setopt(t->easy, CURLOPT_UPLOAD_BUFFERSIZE, (long)want);
    return CBOTO_OK;
}

/* Exactly n payload bytes from where the last frame ended. */
static int source_read(struct cboto__transfer *t, uint8_t *dst, size_t n)
{
    struct cboto_request *rq = t->rq;
    uint64_t off = t->chunked->pos;
    size_t done = 0;

    switch (rq->body.kind) {
    case CBOTO__BODY_MEM:
        memcpy(dst, rq->body.ptr + off, n);
        return CBOTO_OK;
    case CBOTO__BODY_FD:
        /* Shorter than promised: the frame header already says n. */
        if (cboto__pread_full(rq->body.fd, dst, n, rq->body.offset + off) !=
            (ssize_t)n)
            return CBOTO_EIO;
        return CBOTO_OK;
    case CBOTO__BODY_FN:
        t->body_consumed = 1;
        while (done < n) {
            size_t got = 0;

            if (rq->body.read(rq, dst + done, n - done, &got, rq->body.ud))
                return CBOTO_EABORTED;
            if (got == 0 || got > n - done)
                return CBOTO_EINVAL; /* not the promised length */
            done += got;
        }
        return CBOTO_OK;
    default:
        return n ? CBOTO_EINVAL : CBOTO_OK;
    }
}

/* Build the next frame, of n payload bytes, at dst: the data is read to
 * where it belongs, after its header, and hashed there. */
static int frame(struct cboto__transfer *t, uint8_t *dst, size_t n)
{
    struct cboto__chunked *c = t->chunked;
    size_t hl = cboto__sigv4_chunk_header_len(n);
    char sig[65];
    int rc;

    if (n) {
        rc = source_read(t, dst + hl, n);
        if (rc)
            return rc;
    }
    rc = cboto__sigv4_chunk_sign(&c->ch, dst + hl, n, sig);
    if (rc)
        return rc;
    cboto__sigv4_chunk_header((char *)dst, n, sig);
    dst[hl + n] = '\r';
    dst[hl + n + 1] = '\n';
    c->pos += n;
    t->send_pos = c->pos;
    if (n == 0)
        c->finished = 1;
    return CBOTO_OK;
}

size_t cboto__chunked_read(struct cboto__transfer *t, char *buf, size_t cap)
{
    struct cboto__chunked *c = t->chunked;
    size_t out = 0;
    int rc;

    if (c->stage_off < c->stage_len) {
        size_t n = c->stage_len - c->stage_off;

        if (n > cap)
            n = cap;
        memcpy(buf, c->stage + c->stage_off, n);
        c->stage_off += n;
        return n;
    }
    while (!c->finished) {
        uint64_t left = c->decoded - c->pos;
        size_t n = left < c->chunk ? (size_t)left : c->chunk;
        size_t fl = (size_t)cboto__sigv4_chunk_frame_len(n);

        if (fl <= cap - out) {
            rc = frame(t, (uint8_t *)buf + out, n);
            if (rc)
                goto fail;
            out += fl;
            continue;
        }
        if (out)
            break; /* the next call brings a fresh buffer */
        if (!c->stage) {
            c->stage = cboto__alloc(
                t->a, (size_t)cboto__sigv4_chunk_frame_len(c->chunk));
            if (!c->stage) {
                rc = CBOTO_ENOMEM;
                goto fail;
            }
        }
        rc = frame(t, c->stage, n);
        if (rc)
            goto fail;
        memcpy(buf, c->stage, cap);
        c->stage_len = fl;
        c->stage_off = cap;
        return cap;
    }
    return out;
fail:
    t->cb_rc = rc;
    return CURL_READFUNC_ABORT;
}

void cboto__chunked_seek(struct cboto__transfer *t)
{
    struct cboto__chunked *c = t->chunked;

    restart(c);
    cboto__sigv4_chunker_restart(&c->ch, c->seed);
    t->send_pos = 0;
}

void cboto__chunked_free(struct cboto__transfer *t)
{
    if (!t->chunked)
        return;
    cboto__sigv4_chunker_cleanup(&t->chunked->ch);
    cboto__free(t->a, t->chunked->stage);
    cboto__free(t->a, t->chunked);
    t->chunked = NULL;
}
