/* SPDX-License-Identifier: MIT */
/*
 * An SQS worker on libevent: N long polls in flight on one thread; every
 * message received is handled, then the batch is deleted with one
 * DeleteMessageBatch.  SIGINT/SIGTERM stop it gracefully: pending polls are
 * canceled, deletes in flight finish, and any message received but not yet
 * handled is made visible again at once (ChangeMessageVisibilityBatch to
 * 0), so nothing is lost.  Messages arriving with a bad MD5 fail their
 * poll with CBOTO_ECHECKSUM and are never handled; they come back after
 * the visibility timeout.
 *
 * usage: sqs_worker [-c POLLS] [-w WAIT] [-n STOP_AFTER] [-i IDLE_POLLS]
 *                   QUEUE_URL
 *   -c  concurrent long polls (default 4)
 *   -w  WaitTimeSeconds of each poll (default 20)
 *   -n  stop gracefully after handling this many messages (default: never)
 *   -i  stop after this many consecutive empty polls (default: never)
 * Handling a message here means printing "handled <MessageId> <body>".
 * Configuration (endpoint, keys, region) comes from the AWS_* environment.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

struct worker;

struct poller {
    struct worker *w;
    struct cboto_request *poll; /* in flight, or NULL */
};

/* Standard queues deliver at least once: the same message can come back
 * (a second concurrent receive, an expired visibility timeout).  Handling
 * must then be idempotent; this example remembers the last RECENT ids. */
#define RECENT 2048

struct worker {
    char (*recent)[128];
    size_t n_recent;
    struct event_base *base;
    struct cboto_evexec *evx;
    struct cboto_client *cl;
    const char *url;
    int wait;
    long stop_after;
    long idle_limit;
    long idle;
    long handled;
    long failed;
    int stopping;
    struct poller *p;
    int n;
};

static void start_poll(struct poller *p);

/* 1 when id was handled recently; else remember it and return 0. */
static int seen_before(struct worker *w, const char *id)
{
    size_t i, n = w->n_recent < RECENT ? w->n_recent : RECENT;

    for (i = 0; i < n; i++)
        if (strcmp(w->recent[i], id) == 0)
            return 1;
    snprintf(w->recent[w->n_recent % RECENT], sizeof w->recent[0], "%s", id);
    w->n_recent++;
    return 0;
}

static void stop(struct worker *w)
{
    int i;

    if (w->stopping)
        return;
    w->stopping = 1;
    /* Polls still waiting are canceled; their callbacks run later with
     * CBOTO_ECANCELED.  A poll the service already answered keeps its
     * messages invisible until their timeout: never lost. */
    for (i = 0; i < w->n; i++)
        if (w->p[i].poll)
            cboto_evexec_cancel(w->evx, w->p[i].poll);
}

static void on_signal(evutil_socket_t sig, short what, void *ud)
{
    struct worker *w = ud;

    (void)what;
    fprintf(stderr, "signal %d: stopping\n", (int)sig);
    stop(w);
}

static void on_batch_done(struct cboto_request *rq, int err,
                          struct cboto_response *resp, void *ud)
{
    struct worker *w = ud;
    const struct cboto_sqs_batch_result *b = cboto_sqs_batch_result(resp);
    char buf[256];

    if (err) {
        fprintf(stderr, "%s failed: %s\n", cboto_request_operation(rq),
                cboto_response_describe(resp, err, buf, sizeof buf));
        w->failed++;
    } else if (b && b->n_failed) {
        fprintf(stderr, "%s: %zu entries failed (%s)\n",
                cboto_request_operation(rq), b->n_failed,
                b->failed[0].code ? b->failed[0].code : "?");
        w->failed++;
    }
}

/* A delete batch finished: the poller that received it polls again. */
static void on_delete_done(struct cboto_request *rq, int err,
                           struct cboto_response *resp, void *ud)
{
    struct poller *p = ud;

    on_batch_done(rq, err, resp, p->w);
    start_poll(p);
}

/* Hand back messages we will not handle: visible again at once. */
static int release_messages(struct poller *p,
                            const struct cboto_sqs_message *m, size_t from,
                            size_t n)
{
    struct cboto_sqs_handle_params h[CBOTO_SQS_MAX_BATCH];
    char ids[CBOTO_SQS_MAX_BATCH][24];
    struct cboto_request *rq;
    size_t i, k = 0;
    int rc;

    for (i = from; i < n; i++, k++) {
        snprintf(ids[k], sizeof ids[k], "m%zu", i);
        memset(&h[k], 0, sizeof h[k]);
        h[k].id = ids[k];
        h[k].receipt_handle = m[i].receipt_handle;
        h[k].visibility_timeout = 0;
    }
    if (k == 0)
        return 0;
    rc = cboto_sqs_change_message_visibility_batch(
        p->w->cl, &(struct cboto_sqs_handle_batch_params){p->w->url, h, k},
        &rq);
    if (!rc) {
        rc = cboto_evexec_submit(p->w->evx, rq, on_batch_done, p->w);
        cboto_request_release(rq);
    }
    fprintf(stderr, "released %zu unhandled message(s)\n", k);
    return rc;
}

static void on_poll_done(struct cboto_request *rq, int err,
                         struct cboto_response *resp, void *ud)
{
    struct poller *p = ud;
    struct worker *w = p->w;
    const struct cboto_sqs_receive_result *r = cboto_sqs_receive_result(resp);
    struct cboto_sqs_handle_params h[CBOTO_SQS_MAX_BATCH];
    char ids[CBOTO_SQS_MAX_BATCH][24];
    struct cboto_request *del = NULL;
    size_t i, k = 0;
    char buf[256];

    (void)rq;
    cboto_request_release(p->poll);
    p->poll = NULL;
    if (err == CBOTO_ECANCELED)
        return;
    if (err) {
        /* CBOTO_ECHECKSUM lands here too: nothing of that answer is
         * handled, the messages reappear after their timeout. */
        fprintf(stderr, "poll failed: %s\n",
                cboto_response_describe(resp, err, buf, sizeof buf));
        w->failed++;
        if (w->failed > 50)
            stop(w);
        start_poll(p);
        return;
    }
    if (r->n_messages == 0) {
        if (w->idle_limit && ++w->idle >= w->idle_limit)
            stop(w);
        start_poll(p);
        return;
    }
    w->idle = 0;
    for (i = 0; i < r->n_messages; i++) {
        const struct cboto_sqs_message *m = &r->messages[i];

        if (w->stopping || (w->stop_after && w->handled >= w->stop_after)) {
            release_messages(p, r->messages, i, r->n_messages);
            break;
        }
        if (seen_before(w, m->message_id)) {
            fprintf(stderr, "duplicate delivery of %s: deleted again\n",
                    m->message_id);
        } else {
            printf("handled %s %.*s\n", m->message_id, (int)m->body_len,
                   m->body);
            w->handled++;
        }
        snprintf(ids[k], sizeof ids[k], "m%zu", i);
        memset(&h[k], 0, sizeof h[k]);
        h[k].id = ids[k];
        h[k].receipt_handle = m->receipt_handle;
        k++;
    }
    fflush(stdout);
    if (w->stop_after && w->handled >= w->stop_after)
        stop(w);
    if (k == 0) {
        start_poll(p);
        return;
    }
    if (cboto_sqs_delete_message_batch(
            w->cl, &(struct cboto_sqs_handle_batch_params){w->url, h, k},
            &del) != CBOTO_OK ||
        cboto_evexec_submit(w->evx, del, on_delete_done, p) != CBOTO_OK) {
        fprintf(stderr, "cannot delete a batch\n");
        w->failed++;
        stop(w);
    }
    cboto_request_release(del);
}

static void start_poll(struct poller *p)
{
    struct worker *w = p->w;
    struct cboto_sqs_receive_params rp;
    int rc;

    if (w->stopping)
        return;
    memset(&rp, 0, sizeof rp);
    rp.queue_url = w->url;
    rp.max_number_of_messages = CBOTO_SQS_MAX_BATCH;
    rp.wait_set = 1;
    rp.wait_time_seconds = w->wait;
    rc = cboto_sqs_receive_message(w->cl, &rp, &p->poll);
    if (!rc)
        rc = cboto_evexec_submit(w->evx, p->poll, on_poll_done, p);
    if (rc) {
        fprintf(stderr, "cannot poll: %s\n", cboto_strerror(rc));
        cboto_request_release(p->poll);
        p->poll = NULL;
        w->failed++;
        stop(w);
    }
}

static long arg_num(const char *s, long min, long max)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max)
        return -1;
    return v;
}

int main(int argc, char **argv)
{
    struct worker w;
    struct event *sigint = NULL, *sigterm = NULL;
    char err[256] = "";
    int i, npolls = 4, status = 1, rc;

    memset(&w, 0, sizeof w);
    w.wait = 20;
    for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        long v = arg_num(argv[i + 1], 0, 1000000000L);

        if (v < 0)
            break;
        if (strcmp(argv[i], "-c") == 0 && v >= 1 && v <= 256)
            npolls = (int)v;
        else if (strcmp(argv[i], "-w") == 0 && v <= 20)
            w.wait = (int)v;
        else if (strcmp(argv[i], "-n") == 0)
            w.stop_after = v;
        else if (strcmp(argv[i], "-i") == 0)
            w.idle_limit = v;
        else
            break;
    }
    if (i != argc - 1) {
        fprintf(stderr,
                "usage: %s [-c POLLS] [-w WAIT] [-n STOP_AFTER] "
                "[-i IDLE_POLLS] QUEUE_URL\n",
                argv[0]);
        return 2;
    }
    w.url = argv[i];
    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT) != CBOTO_OK)
        return 1;
    w.base = event_base_new();
    rc = cboto_client_new(
        &(struct cboto_client_options){.error_buf = err,
                                       .error_buf_size = sizeof err},
        &w.cl);
    if (rc || !w.base || cboto_evexec_new(w.base, NULL, &w.evx) != CBOTO_OK) {
        fprintf(stderr, "setup failed: %s %s\n", cboto_strerror(rc), err);
        goto out;
    }
    sigint = evsignal_new(w.base, SIGINT, on_signal, &w);
    sigterm = evsignal_new(w.base, SIGTERM, on_signal, &w);
    w.p = calloc((size_t)npolls, sizeof *w.p);
    w.recent = calloc(RECENT, sizeof *w.recent);
    if (!sigint || !sigterm || !w.p || !w.recent ||
        evsignal_add(sigint, NULL) || evsignal_add(sigterm, NULL))
        goto out;
    w.n = npolls;
    for (i = 0; i < npolls; i++) {
        w.p[i].w = &w;
        start_poll(&w.p[i]);
    }
    fprintf(stderr, "%d long polls in flight on %s\n", npolls, w.url);
    /* Run until stopping and nothing is in flight any more. */
    while (!w.stopping || cboto_evexec_pending(w.evx) > 0)
        if (event_base_loop(w.base, EVLOOP_ONCE) < 0)
            break;
    fprintf(stderr, "handled %ld message(s), %ld failure(s)\n", w.handled,
            w.failed);
    status = w.failed ? 1 : 0;
out:
    if (sigint)
        event_free(sigint);
    if (sigterm)
        event_free(sigterm);
    for (i = 0; i < w.n; i++)
        cboto_request_release(w.p[i].poll);
    free(w.p);
    free(w.recent);
    if (w.evx)
        cboto_evexec_free(w.evx);
    if (w.cl)
        cboto_client_free(w.cl);
    if (w.base)
        event_base_free(w.base);
    cboto_global_cleanup();
    return status;
}
