/* SPDX-License-Identifier: MIT */
/*
 * perform(): send one request and wait for its answer, through the blocking
 * executor, or — when the test is built with CBOTO_TEST_EVENT — through the
 * libevent executor on a loop run until the callback fired.  The integration
 * tests call only this, so each runs unchanged through both executors and
 * must reach the same results: the parity suite.
 */
#ifndef CBOTO_TEST_PERFORM_H
#define CBOTO_TEST_PERFORM_H

#include <stdio.h>
#include <stdlib.h>

#include <cboto/cboto.h>

#ifdef CBOTO_TEST_EVENT
#include <cboto/event.h>

struct sync_wait {
    int calls;
    int rc;
    struct cboto_response *resp;
};

static struct event_base *s_base;
static struct cboto_evexec *s_evx;

static void sync_done(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    struct sync_wait *w = ud;

    (void)rq;
    w->calls++;
    w->rc = err;
    w->resp = cboto_response_acquire(resp);
}

static void perform_shutdown(void)
{
    if (cboto_evexec_free(s_evx) != CBOTO_OK)
        fprintf(stderr, "evexec still busy at exit\n");
    event_base_free(s_base);
}

static int perform(struct cboto_exec *ex, struct cboto_request *rq,
                   struct cboto_response **resp)
{
    struct sync_wait w = {0, 0, NULL};
    int rc;

    (void)ex;
    if (resp)
        *resp = NULL;
    if (!s_base) {
        s_base = event_base_new();
        if (!s_base || cboto_evexec_new(s_base, NULL, &s_evx) != CBOTO_OK)
            return CBOTO_ENOMEM;
        atexit(perform_shutdown);
    }
    rc = cboto_evexec_submit(s_evx, rq, sync_done, &w);
    if (rc)
        return rc;
    /* The callback never runs inside submit. */
    if (w.calls != 0) {
        fprintf(stderr, "  callback ran inside submit\n");
        return -9999;
    }
    while (w.calls == 0)
        if (event_base_loop(s_base, EVLOOP_ONCE) < 0)
            return -9998;
    if (resp)
        *resp = w.resp;
    else
        cboto_response_release(w.resp);
    return w.rc;
}
#else
#define perform cboto_exec_perform
#endif

#endif /* CBOTO_TEST_PERFORM_H */
