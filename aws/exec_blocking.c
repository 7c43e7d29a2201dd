/* SPDX-License-Identifier: MIT */
/* The blocking executor: the transfer driven by curl_easy_perform() on one
 * reusable easy handle (so connections stay alive between requests), with
 * back-off slept in the calling thread. */
#include <errno.h>
#include <time.h>

#include "core.h"

struct cboto_exec {
    CURL *easy;
    cboto_debug_fn *debug;
    void *debug_ud;
    int busy; /* guards against re-entry from a body callback */
};

int cboto_exec_new(const struct cboto_exec_options *opts,
                   struct cboto_exec **out)
{
    struct cboto_exec *ex;

    if (!out)
        return CBOTO_EINVAL;
    ex = cboto__calloc(NULL, 1, sizeof *ex);
    if (!ex)
        return CBOTO_ENOMEM;
    ex->easy = curl_easy_init();
    if (!ex->easy) {
        cboto__free(NULL, ex);
        return CBOTO_ETRANSPORT;
    }
    if (opts) {
        ex->debug = opts->debug;
        ex->debug_ud = opts->debug_user_data;
    }
    *out = ex;
    return CBOTO_OK;
}

void cboto_exec_free(struct cboto_exec *ex)
{
    if (!ex)
        return;
    curl_easy_cleanup(ex->easy);
    cboto__free(NULL, ex);
}

static void sleep_ms(long ms)
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int cboto_exec_perform(struct cboto_exec *ex, struct cboto_request *rq,
                       struct cboto_response **resp)
{
    struct cboto__transfer t;
    int rc, final_rc = CBOTO_OK;

    if (resp)
        *resp = NULL;
    if (!ex || !rq)
        return CBOTO_EINVAL;
    if (ex->busy)
        return CBOTO_EBUSY;
    ex->busy = 1;
    rc = cboto__transfer_init(&t, rq, ex->easy, 0, ex->debug, ex->debug_ud);
    if (rc) {
        /* Nothing was sent, so there is no response to show. */
        cboto__transfer_cleanup(&t, NULL);
        ex->busy = 0;
        return rc;
    }
    for (;;) {
        CURLcode cc;

        rc = cboto__transfer_begin_attempt(&t);
        if (rc) {
            final_rc = rc;
            t.resp->err.code = rc;
            break;
        }
        cc = curl_easy_perform(ex->easy);
        if (!cboto__transfer_end_attempt(&t, cc, &final_rc))
            break;
        if (t.next_delay_ms > 0)
            sleep_ms(t.next_delay_ms);
    }
    /* The handle must not keep pointers into the finished transfer. */
    curl_easy_reset(ex->easy);
    cboto__transfer_cleanup(&t, resp);
    ex->busy = 0;
    return final_rc;
}
