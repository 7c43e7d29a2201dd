/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_EXEC_H
#define CBOTO_EXEC_H

/*
 * The blocking executor: sends a request with libcurl's easy interface and
 * returns once the answer has been parsed.
 *
 * Rules:
 *  1. One executor keeps one curl easy handle, so connections are kept alive
 *     across requests.  Use one executor per thread; an executor must not be
 *     used by two threads at once.
 *  2. cboto_exec_perform() blocks: for the network, for retry back-off
 *     (it sleeps), and for reading body files.  Do not call it from an event
 *     loop; use the libevent executor (cboto/event.h) there.
 *  3. Retries follow the AWS "standard" mode: transport errors, HTTP 500,
 *     502, 503, 504 and throttling codes are retried with full-jitter
 *     exponential back-off, each attempt signed afresh; RequestTimeTooSkewed
 *     corrects the client's clock offset from the server's Date and
 *     re-signs.  A body that cannot be rewound is never sent twice.
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_exec;
struct cboto_request;
struct cboto_response;

/** Receives debugging text (one request or response head at a time, with
 *  the signature, secret and session token redacted). */
typedef void cboto_debug_fn(const char *text, void *user_data);

/** Options for cboto_exec_new(); zero-initialise. */
struct cboto_exec_options {
    cboto_debug_fn *debug; /**< NULL: no debug output */
    void *debug_user_data;
};

/**
 * Create a blocking executor.
 * @param opts  may be NULL
 * @return CBOTO_OK; CBOTO_ENOMEM; CBOTO_ETRANSPORT when libcurl cannot
 *         create a handle.
 */
CBOTO_API int cboto_exec_new(const struct cboto_exec_options *opts,
                             struct cboto_exec **out);

/** Free an executor and close its connections.  NULL is a no-op. */
CBOTO_API void cboto_exec_free(struct cboto_exec *ex);

/**
 * Send a request and wait for its parsed answer.
 *
 * @param resp  receives the response whenever one exists, including on
 *              CBOTO_ESERVICE and CBOTO_ETRANSPORT so its detail can be read;
 *              NULL otherwise.  Release it with cboto_response_release().
 *              May be NULL when the caller only wants the code.
 * @return CBOTO_OK; CBOTO_ESERVICE (the service answered with an error:
 *         see cboto_response_error()); CBOTO_ETRANSPORT; CBOTO_ETIMEDOUT;
 *         CBOTO_EPARSE (a malformed answer); CBOTO_ETOOBIG; CBOTO_EABORTED
 *         (a body callback said stop); CBOTO_EIO (a body file or sink
 *         failed); CBOTO_ECHECKSUM; CBOTO_ENOCREDS (nothing was sent);
 *         CBOTO_EINVAL; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_exec_perform(struct cboto_exec *ex,
                                 struct cboto_request *rq,
                                 struct cboto_response **resp);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_EXEC_H */
