/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_RESPONSE_H
#define CBOTO_RESPONSE_H

/*
 * A response: the HTTP status, the headers, the body (when it went to
 * memory), the error detail and the typed result.  Executors create it;
 * typed results are read with the service accessors (cboto_s3_list_result,
 * ...), which return NULL when the response is of another kind.
 *
 * Everything a response hands out lives as long as the response.  Responses
 * are reference counted; release the one you are given, on any thread,
 * before or after the executor that produced it is freed.  A response
 * keeps its client alive (cboto_client_free() returns CBOTO_EBUSY until the
 * last response is released).
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_response;

/** What went wrong, owned by the response; read-only. */
struct cboto_error_detail {
    int http_status;          /**< 0 when no response arrived */
    const char *service_code; /**< "NoSuchKey", "SlowDown", ... or NULL */
    const char *message;      /**< the service's message, or NULL */
    const char *request_id;   /**< x-amz-request-id / RequestId, or NULL */
    const char *transport;    /**< libcurl's text for CBOTO_ETRANSPORT */
    int code;                 /**< the CBOTO_E* code the request ended with */
};

/** Take another reference. */
CBOTO_API struct cboto_response *
cboto_response_acquire(struct cboto_response *r);

/** Drop a reference; NULL is a no-op. */
CBOTO_API void cboto_response_release(struct cboto_response *r);

/** The HTTP status of the last attempt, or 0 when none arrived. */
CBOTO_API int cboto_response_status(const struct cboto_response *r);

/** The first value of a response header (case-insensitive), or NULL. */
CBOTO_API const char *cboto_response_header(const struct cboto_response *r,
                                            const char *name);

/** Number of response headers, and the i-th one. */
CBOTO_API size_t cboto_response_header_count(const struct cboto_response *r);
CBOTO_API int cboto_response_header_at(const struct cboto_response *r,
                                       size_t i, const char **name,
                                       const char **value);

/** The body kept in memory (memory sink), or an empty cursor. */
CBOTO_API struct cboto_cursor
cboto_response_body(const struct cboto_response *r);

/** The error detail; code is CBOTO_OK on success.  Never NULL for a
 *  non-NULL response. */
CBOTO_API const struct cboto_error_detail *
cboto_response_error(const struct cboto_response *r);

/** How many attempts were made (1 when the first one settled it). */
CBOTO_API int cboto_response_attempts(const struct cboto_response *r);

/**
 * Format a one-line description of a failure for people, such as
 * "NoSuchKey: The specified key does not exist. (HTTP 404, request id X)"
 * or "transport failure, see error detail: Couldn't connect to server".  Never
 * contains secrets.  Returns buf.
 */
CBOTO_API const char *cboto_response_describe(const struct cboto_response *r,
                                              int err, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_RESPONSE_H */
