/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_COMMON_H
#define CBOTO_COMMON_H

/*
 * Common definitions shared by every cboto header: the export macro, the
 * error codes, the byte cursor and the optional allocator.
 *
 * Rules that hold for the whole library:
 *  1. Every fallible function returns int: CBOTO_OK (0) or a negative
 *     CBOTO_E* code.  There is no thread-local "last error".
 *  2. Constructors hand their object back through an out-parameter, which is
 *     left untouched when they fail.
 *  3. Strings passed in are copied before the call returns.
 *  4. Destructors and release functions accept NULL.
 *  5. Nothing is ever truncated silently: data over a cap is an error
 *     (CBOTO_ETOOBIG).
 */

#include <stddef.h>
#include <stdint.h>

#include <cboto/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(CBOTO_BUILDING) && defined(__GNUC__)
#define CBOTO_API __attribute__((visibility("default")))
#else
#define CBOTO_API
#endif

/**
 * The error table: name, value, message.  One X-macro produces the enum,
 * cboto_err_name() and cboto_strerror(), so the three can never disagree.
 * Codes are coarse and stable; service detail (HTTP status, AWS error code,
 * message, request id, libcurl's text) lives on the response.
 */
#define CBOTO_ERR_MAP(X)                                                      \
    X(OK, 0, "success")                                                       \
    X(EINVAL, -1, "invalid argument")                                         \
    X(ENOMEM, -2, "out of memory")                                            \
    X(EBUSY, -3, "object still in use")                                       \
    X(ETRANSPORT, -4, "transport failure, see error detail")                  \
    X(ESERVICE, -5, "service returned an error response")                     \
    X(EPARSE, -6, "malformed response body")                                  \
    X(ETOOBIG, -7, "response larger than the configured limit")               \
    X(ECANCELED, -8, "request canceled")                                      \
    X(EABORTED, -9, "aborted by a user callback")                             \
    X(ECONFIG, -10, "malformed configuration or credentials file")            \
    X(ENOCREDS, -11, "no credentials found")                                  \
    X(EIO, -12, "local file or descriptor error")                             \
    X(ETIMEDOUT, -13, "request timed out")                                    \
    X(ECHECKSUM, -14, "checksum of received data does not match")

/** Error codes returned by every fallible cboto function. */
enum cboto_err {
#define CBOTO__ERR_ENUM(name, val, text) CBOTO_##name = (val),
    CBOTO_ERR_MAP(CBOTO__ERR_ENUM)
#undef CBOTO__ERR_ENUM
};

/**
 * A borrowed view of bytes; never owns them.  Used for bodies, parsed
 * values and anything that may hold NUL bytes.
 */
struct cboto_cursor {
    const uint8_t *ptr; /**< first byte, or NULL when len is 0 */
    size_t len;         /**< number of bytes */
};

/**
 * An optional allocator.  When a client is given one, every byte cboto itself
 * allocates for that client (requests, responses, parsed results, buffers)
 * comes from it.  libcurl, libxml2 and OpenSSL keep their own global
 * allocators.  All three functions must be set; ctx is passed through.
 * resize() receives the old size so that accounting allocators can work.
 */
struct cboto_allocator {
    void *(*alloc)(void *ctx, size_t n);
    void *(*resize)(void *ctx, void *p, size_t old_n, size_t new_n);
    void (*dealloc)(void *ctx, void *p);
    void *ctx;
};

/** Flags for cboto_global_init(). */
#define CBOTO_GLOBAL_DEFAULT 0u

/**
 * Initialise libcurl, libxml2 and OpenSSL once per process.  Call it from
 * main() before any other thread runs; it is not thread-safe (libcurl's rule).
 *
 * @return CBOTO_OK, or CBOTO_ENOMEM / CBOTO_ETRANSPORT when a dependency
 *         fails to initialise.
 */
CBOTO_API int cboto_global_init(unsigned flags);

/** Undo cboto_global_init().  Call once, after every client is freed. */
CBOTO_API void cboto_global_cleanup(void);

/** Text for an error code ("invalid argument"); never NULL. */
CBOTO_API const char *cboto_strerror(int err);

/** Symbolic name for an error code ("CBOTO_EINVAL"); never NULL. */
CBOTO_API const char *cboto_err_name(int err);

/** The run-time version string, e.g. "0.1.0". */
CBOTO_API const char *cboto_version(void);

/** The run-time version as CBOTO_VERSION_NUM would spell it. */
CBOTO_API unsigned cboto_version_num(void);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_COMMON_H */
