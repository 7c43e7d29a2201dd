/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_PAGER_H
#define CBOTO_PAGER_H

/*
 * Pagers: walk every page of a paginated listing (S3 ListObjectsV2,
 * SimpleDB Select and ListDomains, SQS ListQueues, ...) through either
 * executor.  A service function creates the pager from the first page's
 * parameters (copied); the pager then builds each next request from the
 * token the previous answer carried.
 *
 * Rules:
 *  1. A pager keeps its client alive (cboto_client_free() returns
 *     CBOTO_EBUSY until the pager is freed).
 *  2. cboto_exec_paginate() blocks until the last page; the page callback
 *     runs on the calling thread.  cboto_evexec_paginate() sends one page at
 *     a time from the loop; the page callback and then the done callback
 *     (exactly once, if it returned CBOTO_OK) run from the loop.
 *  3. A pager walks once; it is not reusable after its last page.
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_pager;
struct cboto_exec;
struct cboto_evexec;
struct cboto_request;
struct cboto_response;

/**
 * Called with each page's response, in order.  Read the typed result with
 * the service accessor (e.g. cboto_s3_list_result()).  Return 0 to go on,
 * non-zero to stop: the walk then ends with CBOTO_EABORTED.
 */
typedef int cboto_page_fn(struct cboto_pager *pg, struct cboto_response *resp,
                          void *user_data);

/**
 * Called once when an asynchronous walk ends: after the last page
 * (err == CBOTO_OK), on the first failed page (err and that page's
 * response, with its error detail), or when the page callback stopped it
 * (CBOTO_EABORTED).  The pager may be freed inside this callback.
 */
typedef void cboto_pager_done_fn(struct cboto_pager *pg, int err,
                                 struct cboto_response *last, void *user_data);

/** The request for the next page; CBOTO_EINVAL once the last page was
 *  read.  Use it to drive a walk by hand with any executor. */
CBOTO_API int cboto_pager_next_request(struct cboto_pager *pg,
                                       struct cboto_request **out);

/** Read the next token from a page's successful response.
 *  @return CBOTO_OK; CBOTO_EINVAL when resp is not a page of this listing. */
CBOTO_API int cboto_pager_advance(struct cboto_pager *pg,
                                  const struct cboto_response *resp);

/** Non-zero once the last page has been read. */
CBOTO_API int cboto_pager_done(const struct cboto_pager *pg);

/** Pages read so far. */
CBOTO_API unsigned cboto_pager_pages(const struct cboto_pager *pg);

/** Free a pager; NULL is a no-op. */
CBOTO_API void cboto_pager_free(struct cboto_pager *pg);

/**
 * Walk every remaining page with the blocking executor.
 *
 * @param last  receives the response of a failed page (for its error
 *              detail), or NULL; may itself be NULL
 * @return CBOTO_OK after the last page; a page's error code; CBOTO_EABORTED
 *         when the callback stopped the walk.
 */
CBOTO_API int cboto_exec_paginate(struct cboto_exec *ex,
                                  struct cboto_pager *pg, cboto_page_fn *page,
                                  void *user_data,
                                  struct cboto_response **last);

/**
 * Walk every remaining page through the asynchronous executor.
 *
 * @return CBOTO_OK (done will be called exactly once, from the loop), or
 *         the error submit gave for the first page (done is not called).
 */
CBOTO_API int cboto_evexec_paginate(struct cboto_evexec *evx,
                                    struct cboto_pager *pg,
                                    cboto_page_fn *page,
                                    cboto_pager_done_fn *done,
                                    void *user_data);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_PAGER_H */
