/* SPDX-License-Identifier: MIT */
/* Reading request bodies and writing response bodies for the transfer:
 * descriptors with pread/pwrite so a retry can start over, callbacks, and
 * capped memory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../signing/internal.h"
#include "core.h"

#define HASH_CHUNK (64u * 1024)

/* ---- body source -------------------------------------------------------- */

uint64_t cboto__body_length(const struct cboto_request *rq)
{
    switch (rq->body.kind) {
    case CBOTO__BODY_MEM:
        return rq->body.len;
    case CBOTO__BODY_FD:
    case CBOTO__BODY_FN:
        return rq->body.length;
    default:
        return 0;
    }
}

ssize_t cboto__pread_full(int fd, uint8_t *p, size_t n, uint64_t off)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Hash a descriptor body without moving its offset (pread), so the same
 * bytes can then be sent. */
int cboto__body_hash_fd(const struct cboto_request *rq, char out[65])
{
    struct cboto__hash *h;
    uint8_t digest[32];
    uint8_t *chunk;
    uint64_t done = 0;
    int rc;

    chunk = cboto__alloc(rq->a, HASH_CHUNK);
    if (!chunk)
        return CBOTO_ENOMEM;
    rc = cboto__hash_new(&h, 0);
    if (rc) {
        cboto__free(rq->a, chunk);
        return rc;
    }
    while (done < rq->body.length) {
        uint64_t left = rq->body.length - done;
        size_t want = left < HASH_CHUNK ? (size_t)left : HASH_CHUNK;
        ssize_t got = cboto__pread_full(rq->body.fd, chunk, want,
                                        rq->body.offset + done);

        if (got != (ssize_t)want) {
            /* Shorter than promised: sending would fail half-way. */
            cboto__hash_free(h);
            cboto__free(rq->a, chunk);
            return CBOTO_EIO;
        }
        rc = cboto__hash_update(h, chunk, want);
        if (rc) {
            cboto__hash_free(h);
            cboto__free(rq->a, chunk);
            return rc;
        }
        done += want;
    }
    cboto__free(rq->a, chunk);
    rc = cboto__hash_final(h, digest);
    if (rc)
        return rc;
    cboto__hex(out, digest, 32);
    return CBOTO_OK;
}

size_t cboto__transfer_on_read(char *buf, size_t size, size_t nitems, void *ud)
{
    struct cboto__transfer *t = ud;
    struct cboto_request *rq = t->rq;
    size_t cap = size * nitems, n = 0;

    t->io_seen = 1;
    if (t->chunked)
        return cboto__chunked_read(t, buf, cap);

    switch (rq->body.kind) {
    case CBOTO__BODY_MEM:
        n = rq->body.len - (size_t)t->send_pos;
        if (n > cap)
            n = cap;
        if (n)
            memcpy(buf, rq->body.ptr + t->send_pos, n);
        break;
    case CBOTO__BODY_FD: {
        uint64_t left = rq->body.length - t->send_pos;
        ssize_t got;

        n = left < cap ? (size_t)left : cap;
        if (!n)
            break;
        got = cboto__pread_full(rq->body.fd, (uint8_t *)buf, n,
                                rq->body.offset + t->send_pos);
        if (got <= 0) {
            t->cb_rc = CBOTO_EIO;
            return CURL_READFUNC_ABORT;
        }
        n = (size_t)got;
        break;
    }
    case CBOTO__BODY_FN:
        t->body_consumed = 1;
        if (rq->body.read(rq, (uint8_t *)buf, cap, &n, rq->body.ud) != 0) {
            t->cb_rc = CBOTO_EABORTED;
            return CURL_READFUNC_ABORT;
        }
        if (n > cap) {
            t->cb_rc = CBOTO_EINVAL;
            return CURL_READFUNC_ABORT;
        }
        if (rq->body.length != CBOTO_LENGTH_UNKNOWN &&
            t->send_pos + n > rq->body.length) {
            t->cb_rc = CBOTO_EINVAL; /* more than the promised length */
            return CURL_READFUNC_ABORT;
        }
        break;
    default:
        break;
    }
    t->send_pos += n;
    return n;
}

/* curl asks to start the body over, e.g. when a 100-continue was refused
 * and the request must be resent on a new connection. */
int cboto__transfer_on_seek(void *ud, curl_off_t offset, int origin)
{
    struct cboto__transfer *t = ud;
    struct cboto_request *rq = t->rq;

    if (origin != SEEK_SET || offset < 0)
        return CURL_SEEKFUNC_CANTSEEK;
    /* An aws-chunked body can only start over: each frame's signature
     * depends on every frame before it. */
    if (t->chunked && offset != 0)
        return CURL_SEEKFUNC_CANTSEEK;
    if (rq->body.kind == CBOTO__BODY_FN) {
        if (offset != 0 || !rq->body.rewind ||
            rq->body.rewind(rq, rq->body.ud) != 0)
            return CURL_SEEKFUNC_CANTSEEK;
    } else if ((uint64_t)offset > cboto__body_length(rq)) {
        return CURL_SEEKFUNC_FAIL;
    }
    t->send_pos = (uint64_t)offset;
    if (t->chunked)
        cboto__chunked_seek(t);
    return CURL_SEEKFUNC_OK;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return CBOTO_EIO;
        p += w;
        n -= (size_t)w;
    }
    return CBOTO_OK;
}

static int pwrite_all(int fd, const uint8_t *p, size_t n, uint64_t off)
{
    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return CBOTO_EIO;
        p += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return CBOTO_OK;
}

int cboto__sink_write(struct cboto__transfer *t, const uint8_t *p, size_t n)
{
    struct cboto_request *rq = t->rq;
    int rc = CBOTO_OK;

    switch (rq->sink.kind) {
    case CBOTO__SINK_MEMORY:
        if (n > rq->sink.max - t->resp->body.len)
            return CBOTO_ETOOBIG;
        rc = cboto__buf_append(&t->resp->body, p, n);
        break;
    case CBOTO__SINK_FD:
        if (t->sink_seekable) {
            rc = pwrite_all(rq->sink.fd, p, n, t->sink_base + t->sink_written);
        } else {
            t->delivered_unrecoverable = 1;
            rc = write_all(rq->sink.fd, p, n);
        }
        break;
    case CBOTO__SINK_FILE:
        rc = pwrite_all(t->sink_tmp_fd, p, n, t->sink_written);
        break;
    case CBOTO__SINK_FN: {
        struct cboto_cursor c = {p, n};

        t->delivered_unrecoverable = 1;
        if (rq->sink.fn(rq, c, rq->sink.ud) != 0)
            rc = CBOTO_EABORTED;
        break;
    }
    }
    if (!rc)
        t->sink_written += n;
    return rc;
}
