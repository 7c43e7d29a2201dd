/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_REQUEST_H
#define CBOTO_REQUEST_H

/*
 * A request: what to send and how to read the answer, as data.  Builders
 * (cboto_s3_*, ...) create requests; executors send them.  A request is
 * never signed in place: each attempt is signed afresh at send time, so the
 * same request can be retried or sent again.
 *
 * Rules:
 *  1. Requests are reference counted.  A builder returns one reference;
 *     executors take their own while they work, so the caller may release
 *     straight after submitting.
 *  2. A request must not be changed while an executor is sending it.
 *  3. The body source and the response sink are set on the request; when
 *     none is set the body is empty and the response body goes to memory,
 *     capped by the client's max_response_bytes.
 */

#include <cboto/common.h>

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_request;

/** Who owns the bytes given to cboto_request_set_body(). */
enum cboto_body_mode {
    CBOTO_BODY_BORROW, /**< caller keeps them alive until the request dies */
    CBOTO_BODY_COPY,   /**< copied during the call */
    CBOTO_BODY_TAKE    /**< freed by the library with the client allocator */
};

/** Length of a callback body whose size is not known in advance. */
#define CBOTO_LENGTH_UNKNOWN UINT64_MAX

/**
 * Produce the next bytes of a callback body.  Write at most cap bytes to
 * buf and set *got; *got == 0 means the end.  Return 0 to go on, non-zero
 * to abort (the request then completes with CBOTO_EABORTED).  Called on the
 * thread running the executor.
 */
typedef int cboto_read_fn(struct cboto_request *rq, uint8_t *buf, size_t cap,
                          size_t *got, void *user_data);

/** Start a callback body again from its first byte, for a retry.  Return 0
 *  on success; non-zero means "cannot", and the request is not retried. */
typedef int cboto_rewind_fn(struct cboto_request *rq, void *user_data);

/** Receive a chunk of the response body.  Return 0 to go on, non-zero to
 *  abort (the request then completes with CBOTO_EABORTED). */
typedef int cboto_body_fn(struct cboto_request *rq, struct cboto_cursor chunk,
                          void *user_data);

/** Take another reference. Returns rq. */
CBOTO_API struct cboto_request *
cboto_request_acquire(struct cboto_request *rq);

/** Drop a reference; the last one frees the request.  NULL is a no-op. */
CBOTO_API void cboto_request_release(struct cboto_request *rq);

/**
 * Send bytes from memory as the body.
 *
 * @param body  the bytes; with CBOTO_BODY_TAKE, body.ptr must come from the
 *              client's allocator and is freed with the request
 * @return CBOTO_OK; CBOTO_ENOMEM (with TAKE the bytes are then still the
 *         caller's); CBOTO_EINVAL for a NULL pointer with a non-zero length.
 */
CBOTO_API int cboto_request_set_body(struct cboto_request *rq,
                                     struct cboto_cursor body,
                                     enum cboto_body_mode mode);

/**
 * Send length bytes of a file descriptor starting at offset, read with
 * pread() so that a retry can start over.  The descriptor is borrowed: it
 * must stay open while the request may be sent.
 *
 * @return CBOTO_OK; CBOTO_EINVAL for a negative fd.
 */
CBOTO_API int cboto_request_set_body_fd(struct cboto_request *rq, int fd,
                                        uint64_t offset, uint64_t length);

/**
 * Send a body produced by a callback.  Without a rewind function the
 * request is never retried once a byte has been read.  A callback body
 * cannot be read twice to hash it first: an S3 upload of known length over
 * plain http signs it chunk by chunk as it is read (aws-chunked), otherwise
 * it is sent UNSIGNED-PAYLOAD (enum cboto_s3_payload_signing in s3.h).
 *
 * @param length  the exact number of bytes, or CBOTO_LENGTH_UNKNOWN
 *                (chunked transfer encoding)
 */
CBOTO_API int cboto_request_set_body_fn(struct cboto_request *rq,
                                        cboto_read_fn *read,
                                        cboto_rewind_fn *rewind,
                                        uint64_t length, void *user_data);

/** Keep the response body in memory, at most max bytes (0: the client's
 *  max_response_bytes).  More is CBOTO_ETOOBIG.  This is the default. */
CBOTO_API int cboto_request_set_sink_memory(struct cboto_request *rq,
                                            size_t max);

/**
 * Write the response body to a file descriptor (borrowed).  On a seekable
 * descriptor the body is written with pwrite() from the current offset, so
 * a retry overwrites a partial attempt and a failure is truncated away;
 * on a pipe, a failure after bytes were written is not retried.
 */
CBOTO_API int cboto_request_set_sink_fd(struct cboto_request *rq, int fd);

/**
 * Write the response body to the file at path.  The bytes go to a
 * temporary file in the same directory, which is renamed over path only
 * when the whole body arrived and checked out; on any failure it is
 * removed, so a partial download is never presented as complete.
 */
CBOTO_API int cboto_request_set_sink_file(struct cboto_request *rq,
                                          const char *path);

/** Hand the response body to a callback as it arrives.  Once a chunk has
 *  been delivered the request is not retried. */
CBOTO_API int cboto_request_set_sink_fn(struct cboto_request *rq,
                                        cboto_body_fn *fn, void *user_data);

/**
 * Called as bytes move: upload and download progress of the current
 * attempt (a retry starts again from 0).  totals are 0 while unknown.
 * Return 0 to go on, non-zero to abort (CBOTO_EABORTED).  Called on the
 * executor's thread, at least once a second while the transfer lives.
 */
typedef int cboto_progress_fn(struct cboto_request *rq, uint64_t up_done,
                              uint64_t up_total, uint64_t down_done,
                              uint64_t down_total, void *user_data);

/** Set (or with fn NULL, clear) the progress callback. */
CBOTO_API int cboto_request_set_progress(struct cboto_request *rq,
                                         cboto_progress_fn *fn,
                                         void *user_data);

/**
 * Add a header, sent and signed as given.  Repeated names are allowed.
 * @return CBOTO_OK; CBOTO_EINVAL for a name that is not a token or a value
 *         with CR or LF; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_request_add_header(struct cboto_request *rq,
                                       const char *name, const char *value);

/** Add a query parameter (decoded; it is encoded on the wire).  Repeated
 *  names and empty values are allowed. */
CBOTO_API int cboto_request_add_query(struct cboto_request *rq,
                                      const char *name, const char *value);

/** The operation's name, e.g. "s3.PutObject". */
CBOTO_API const char *cboto_request_operation(const struct cboto_request *rq);

/** The HTTP method, e.g. "PUT". */
CBOTO_API const char *cboto_request_method(const struct cboto_request *rq);

/**
 * Print the request for debugging: method, URL, headers and body size.
 * It is printed unsigned (signing happens at send time), so no secret or
 * signature can appear.
 *
 * @return CBOTO_OK or CBOTO_EIO when writing fails.
 */
CBOTO_API int cboto_request_print(const struct cboto_request *rq, FILE *f);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_REQUEST_H */
