/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_ASYNC_H
#define CBOTO_ASYNC_H

/*
 * The asynchronous executor, independent of any event loop.
 *
 * It drives one curl multi handle through curl's socket API.  What it needs
 * from an event loop — watch a descriptor, run a timer — it asks of a small
 * adapter (struct cboto_loop_ops), the way hiredis separates its async
 * context from its libevent/libuv/ae adapters.  libcboto_event provides the
 * libevent adapter (<cboto/event.h>: cboto_evexec_new()); programs on other
 * loops can write their own against this header without linking libevent.
 *
 * Rules:
 *  1. All functions here, and every callback, run on the loop's thread.
 *     The executor starts no thread and never blocks: retry back-off waits
 *     on timers, and body files are read in bounded chunks as the socket
 *     accepts them.  Name resolution uses libcurl's resolver; the Debian
 *     libcurl is built with the threaded resolver (feature "AsynchDNS"),
 *     so lookups do not block the loop either.
 *  2. cboto_evexec_submit() either returns an error, and the callback is
 *     never called, or returns CBOTO_OK, and the callback is called exactly
 *     once, later, from the loop — never from inside submit() or cancel().
 *  3. Inside the callback the request may be released and new requests may
 *     be submitted.  Pointers passed to the callback (the response) are valid
 *     until it returns unless the callback takes a reference.
 *  4. cboto_evexec_free() refuses with CBOTO_EBUSY while any submitted
 *     request has not had its callback yet; cancel them first.
 *  5. Requests over max_in_flight wait in a queue, in submission order.
 *  6. Body and sink callbacks (cboto_read_fn, cboto_body_fn) run inside
 *     libcurl: they must not call cboto_evexec_cancel() or _free(); they
 *     return non-zero to abort instead.
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_evexec;
struct cboto_request;
struct cboto_response;

/** What a watched descriptor waits for (bit flags). */
#define CBOTO_WATCH_READ  1
#define CBOTO_WATCH_WRITE 2

/** A timer's expiry handler, given to cboto_loop_ops.timer_new(). */
typedef void cboto_timer_fn(void *arg);

/**
 * What an event-loop adapter provides.  `loop` is the adapter's own pointer
 * (for libevent, the event_base).  All functions are called on the loop's
 * thread.
 */
struct cboto_loop_ops {
    /**
     * Watch fd for the CBOTO_WATCH_* bits in what, replacing any earlier
     * interest; what == 0 stops watching.  *slot is the adapter's storage
     * for this descriptor (NULL the first time; set it; the executor keeps
     * it and passes it back, and what == 0 is the last call for it).  When
     * the descriptor is ready, call cboto_evexec_socket_ready().
     * Return 0, or non-zero when the loop cannot watch it.
     */
    int (*watch)(void *loop, int fd, int what, void **slot);
    /** Create a stopped one-shot timer calling fn(arg); NULL on failure. */
    void *(*timer_new)(void *loop, cboto_timer_fn *fn, void *arg);
    /** (Re)start a timer to fire once after ms milliseconds (0: soon, on
     *  a later turn of the loop — never inside this call). */
    int (*timer_start)(void *timer, long ms);
    /** Stop a timer if it is pending. */
    void (*timer_stop)(void *timer);
    /** Free a timer (stopping it first). */
    void (*timer_free)(void *timer);
    /** Called last by cboto_evexec_free(), so the adapter can free what
     *  it allocated for `loop`; may be NULL. */
    void (*release)(void *loop);
};

/** Options for the executor; zero-initialise. */
struct cboto_evexec_options {
    /** Most requests being sent at once; more wait in a queue.
     *  Default 256.  Above 256 the transfers are spread over several
     *  curl multi handles of at most 256 each (libcurl's cost per request
     *  grows with the transfers one multi holds); each keeps up to its
     *  share of idle connections for reuse. */
    unsigned max_in_flight;
    /** Most connections to one host (curl queues transfers beyond it).
     *  0: no limit of its own.  When set, the executor keeps a single
     *  curl multi whatever max_in_flight is, since curl counts the
     *  limit per multi. */
    unsigned max_per_host;
    /** Debug text, as for the blocking executor (cboto/exec.h). */
    void (*debug)(const char *text, void *user_data);
    void *debug_user_data;
};

/**
 * Called once per accepted request, from the loop.
 *
 * @param rq    the request as submitted (the executor's reference is
 *              dropped after the callback returns)
 * @param err   CBOTO_OK or a CBOTO_E* code, as cboto_exec_perform()
 *              returns them, plus CBOTO_ECANCELED
 * @param resp  the response (error detail included), or NULL when none
 *              exists (a request refused before anything was sent)
 */
typedef void cboto_done_fn(struct cboto_request *rq, int err,
                           struct cboto_response *resp, void *user_data);

/**
 * Create an executor on any event loop through its adapter.
 *
 * @param ops   the adapter's functions; must outlive the executor
 * @param loop  passed to ops->watch and ops->timer_new
 * @return CBOTO_OK; CBOTO_EINVAL; CBOTO_ENOMEM; CBOTO_ETRANSPORT when libcurl
 *         cannot create a multi handle.
 */
CBOTO_API int cboto_evexec_new_with_loop(const struct cboto_loop_ops *ops,
                                         void *loop,
                                         const struct cboto_evexec_options *o,
                                         struct cboto_evexec **out);

/**
 * Queue a request.  The executor takes its own reference to rq, so the
 * caller may release it at once.  Checks that need no I/O (credentials, a
 * body file that is shorter than promised, ...) are made here.
 *
 * @return CBOTO_OK (done will be called exactly once); CBOTO_EINVAL;
 *         CBOTO_ENOCREDS; CBOTO_EIO; CBOTO_ENOMEM (done will not be called).
 */
CBOTO_API int cboto_evexec_submit(struct cboto_evexec *ex,
                                  struct cboto_request *rq,
                                  cboto_done_fn *done, void *user_data);

/**
 * Cancel every submission of rq that has not completed: each one's callback
 * is then called with CBOTO_ECANCELED on a later turn of the loop.  A
 * download to a file leaves no file behind.
 *
 * @return the number of submissions canceled (0 when none was pending).
 */
CBOTO_API int cboto_evexec_cancel(struct cboto_evexec *ex,
                                  struct cboto_request *rq);

/** Submitted requests whose callback has not run yet. */
CBOTO_API unsigned cboto_evexec_pending(const struct cboto_evexec *ex);

/**
 * Free the executor.
 * @return CBOTO_OK; CBOTO_EBUSY (nothing freed) while requests are pending.
 *         NULL is a no-op.
 */
CBOTO_API int cboto_evexec_free(struct cboto_evexec *ex);

/** For adapters: fd is ready for the CBOTO_WATCH_* bits in what. */
CBOTO_API void cboto_evexec_socket_ready(struct cboto_evexec *ex, int fd,
                                         int what);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_ASYNC_H */
