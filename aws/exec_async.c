/* SPDX-License-Identifier: MIT */
/*
 * The asynchronous executor: the shared transfer driven by a curl multi
 * handle through the socket API (curl's hiperfifo pattern), with the event
 * loop reached only through the adapter's watch and timer functions.
 *
 * A job moves QUEUED -> RUNNING (in the multi) <-> BACKOFF (waiting on its
 * timer before the next attempt) -> DONE (callback pending), through IDLE
 * between the steps.  Callbacks are delivered from the kick timer, armed
 * when a job finishes or submit() or cancel() queue work, so never inside
 * those two, and after the loop has handled every socket that was ready
 * with it: one pass then delivers a batch of completions and starts the
 * requests their callbacks submit together, which at 64 in flight cut the
 * CPU per request by a sixth against delivering at the end of each socket
 * event (the server was woken once per request instead of once per batch).
 * The connections freed meanwhile stay open: CURLMOPT_MAXCONNECTS is the
 * shard's size, not curl's default of four per handle the multi holds.
 *
 * A running job borrows an easy handle from a pool and returns it when the
 * attempt ends, so a queue of thousands holds no curl handles, and the
 * handles keep curl's per-handle caches from one request to the next.
 *
 * libcurl's cost per transfer grows with the connections one multi holds
 * (each new transfer walks every connection to its host looking for one to
 * reuse): at 10,000 in flight on one multi that was ~500 µs of CPU per
 * request.  Transfers are therefore spread over shards, curl multis of at
 * most SHARD_MAX transfers each, all driven by the same loop; a socket
 * event finds its shard through the by_fd table.  A per-host limit is
 * curl's, per multi, so with one the executor keeps a single multi.
 */
#include <stddef.h>
#include <string.h>

#include <cboto/async.h>

#include "core.h"

enum job_state {
    JOB_QUEUED,  /* waiting for a slot */
    JOB_IDLE,    /* has a slot, between attempts */
    JOB_RUNNING, /* in the multi */
    JOB_BACKOFF, /* has a slot, its back-off timer is pending */
    JOB_DONE     /* callback pending */
};

struct job {
    struct cboto__transfer t;
    struct cboto_evexec *ex;
    struct shard *sh; /* while RUNNING */
    cboto_done_fn *done;
    void *ud;
    enum job_state state;
    int rc;
    void *backoff; /* adapter timer, created on first retry */
    struct job *prev, *next;
};

struct job_list {
    struct job *head, *tail;
};

#define SHARD_MAX 256

struct shard {
    struct cboto_evexec *ex;
    CURLM *multi;
    void *curl_timer;
    unsigned n_running;
};

/* An idle easy handle and what its options are set up for. */
struct pooled_easy {
    CURL *easy;
    uint64_t tag; /* see CBOTO__EASY_NEW */
};

struct cboto_evexec {
    const struct cboto_loop_ops *ops;
    void *loop;
    struct shard *shards;
    unsigned n_shards;
    unsigned shard_cap;   /* transfers per shard */
    struct shard **by_fd; /* the shard watching each descriptor */
    size_t n_by_fd;
    void *kick;
    int kick_armed;
    struct job_list queued;
    struct job_list active; /* RUNNING and BACKOFF */
    struct job_list done;
    unsigned n_active;
    unsigned n_pending; /* every job whose callback has not run */
    unsigned max_in_flight;
    int processing; /* inside process(): callbacks are being delivered */
    cboto_debug_fn *debug;
    void *debug_ud;
    struct pooled_easy *pool; /* idle handles; room for max_in_flight */
    unsigned n_pool;
};

static void list_push(struct job_list *l, struct job *j)
{
    j->next = NULL;
    j->prev = l->tail;
    if (l->tail)
        l->tail->next = j;
    else
        l->head = j;
    l->tail = j;
}

static void list_remove(struct job_list *l, struct job *j)
{
    if (j->prev)
        j->prev->next = j->next;
    else
        l->head = j->next;
    if (j->next)
        j->next->prev = j->prev;
    else
        l->tail = j->prev;
    j->prev = j->next = NULL;
}

/* Inside process() no kick is needed: it loops until nothing is left. */
static void arm_kick(struct cboto_evexec *ex)
{
    if (ex->processing)
        return;
    if (!ex->kick_armed && ex->ops->timer_start(ex->kick, 0) == 0)
        ex->kick_armed = 1;
}

static void easy_cleanup(CURL *e)
{
    /* The handle still points into a freed job (error buffer, callback
     * data); reset drops those before curl could look at them. */
    curl_easy_reset(e);
    curl_easy_cleanup(e);
}

/* The most recently used handle is the next one taken: it is set up for
 * the client that used it, which is likely the next job's too. */
static void easy_put(struct cboto_evexec *ex, CURL *e, uint64_t tag)
{
    if (ex->n_pool < ex->max_in_flight) {
        ex->pool[ex->n_pool].easy = e;
        ex->pool[ex->n_pool].tag = tag;
        ex->n_pool++;
    } else {
        easy_cleanup(e);
    }
}

/* The job's handle back to the pool, without pointers into the job. */
static void job_put_easy(struct job *j)
{
    uint64_t tag = cboto__transfer_detach_easy(&j->t);

    curl_easy_setopt(j->t.easy, CURLOPT_PRIVATE, (char *)NULL);
    easy_put(j->ex, j->t.easy, tag);
    j->t.easy = NULL;
}

/* Take the job's handle out of curl and back to the pool. */
static void job_release_easy(struct job *j)
{
    curl_multi_remove_handle(j->sh->multi, j->t.easy);
    j->sh->n_running--;
    j->sh = NULL;
    job_put_easy(j);
}

/* The first shard with room: a transfer that just ended left room in its
 * own shard, so the next one lands where that idle connection is. */
static struct shard *pick_shard(struct cboto_evexec *ex)
{
    unsigned i;

    for (i = 0; i < ex->n_shards; i++)
        if (ex->shards[i].n_running < ex->shard_cap)
            return &ex->shards[i];
    return &ex->shards[0]; /* not reached: shards hold max_in_flight */
}

/* The job is over: queue its callback for process(), which the caller
 * runs or has the kick run. */
static void job_finish(struct job *j, int rc)
{
    struct cboto_evexec *ex = j->ex;

    if (j->state == JOB_QUEUED) {
        list_remove(&ex->queued, j);
    } else if (j->state != JOB_DONE) {
        if (j->state == JOB_RUNNING)
            job_release_easy(j);
        else if (j->state == JOB_BACKOFF)
            ex->ops->timer_stop(j->backoff);
        list_remove(&ex->active, j);
        ex->n_active--;
    }
    j->state = JOB_DONE;
    j->rc = rc;
    list_push(&ex->done, j);
}

/* Begin the next attempt and hand it to curl. */
static void job_start_attempt(struct job *j)
{
    struct cboto_evexec *ex = j->ex;
    struct shard *sh = pick_shard(ex);
    int rc;

    if (ex->n_pool) {
        ex->n_pool--;
        j->t.easy = ex->pool[ex->n_pool].easy;
        j->t.easy_tag = ex->pool[ex->n_pool].tag;
    } else {
        j->t.easy = curl_easy_init();
        j->t.easy_tag = CBOTO__EASY_NEW;
    }
    if (!j->t.easy) {
        cboto__transfer_fail(&j->t, CBOTO_ENOMEM);
        job_finish(j, CBOTO_ENOMEM);
        return;
    }
    rc = cboto__transfer_begin_attempt(&j->t);
    /* begin_attempt may reset the handle: tag it with its job after. */
    if (!rc)
        curl_easy_setopt(j->t.easy, CURLOPT_PRIVATE, (char *)j);
    if (!rc && curl_multi_add_handle(sh->multi, j->t.easy) != CURLM_OK)
        rc = CBOTO_ENOMEM;
    if (rc) {
        job_put_easy(j);
        cboto__transfer_fail(&j->t, rc);
        job_finish(j, rc);
        return;
    }
    j->sh = sh;
    sh->n_running++;
    j->state = JOB_RUNNING;
}

static void process(struct cboto_evexec *ex);

static void on_backoff(void *arg)
{
    struct job *j = arg;

    j->state = JOB_IDLE;
    job_start_attempt(j);
    process(j->ex);
}

static void check_multi_info(struct shard *sh)
{
    struct cboto_evexec *ex = sh->ex;
    CURLMsg *msg;
    int left;

    while ((msg = curl_multi_info_read(sh->multi, &left))) {
        struct job *j = NULL;
        int rc = CBOTO_OK, again;

        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
        if (!j || j->state != JOB_RUNNING)
            continue;
        j->state = JOB_IDLE;
        again = cboto__transfer_end_attempt(&j->t, msg->data.result, &rc);
        job_release_easy(j);
        if (again) {
            /* Another attempt: wait on a timer, never in the loop. */
            if (!j->backoff)
                j->backoff = ex->ops->timer_new(ex->loop, on_backoff, j);
            if (!j->backoff ||
                ex->ops->timer_start(j->backoff, j->t.next_delay_ms) != 0) {
                cboto__transfer_fail(&j->t, CBOTO_ENOMEM);
                job_finish(j, CBOTO_ENOMEM);
                continue;
            }
            j->state = JOB_BACKOFF;
            continue;
        }
        job_finish(j, rc);
    }
}

static void deliver(struct cboto_evexec *ex, struct job *j)
{
    struct cboto_response *resp = NULL;
    struct cboto_request *rq = cboto_request_acquire(j->t.rq);

    cboto__transfer_cleanup(&j->t, &resp);
    if (j->backoff)
        ex->ops->timer_free(j->backoff);
    j->done(rq, j->rc, resp, j->ud);
    cboto_response_release(resp);
    cboto_request_release(rq);
    cboto__free(NULL, j);
    ex->n_pending--;
}

/* Deliver finished jobs, then start queued ones while there is room; the
 * callbacks' new submissions start in the same pass.  A start that fails
 * lands on the done list, hence the loop. */
static void process(struct cboto_evexec *ex)
{
    if (ex->processing)
        return;
    ex->processing = 1;
    do {
        /* Callbacks may submit or cancel: work on a detached list. */
        struct job_list done = ex->done;

        ex->done.head = ex->done.tail = NULL;
        while (done.head) {
            struct job *j = done.head;

            list_remove(&done, j);
            deliver(ex, j);
        }
        while (ex->queued.head && ex->n_active < ex->max_in_flight) {
            struct job *j = ex->queued.head;

            list_remove(&ex->queued, j);
            list_push(&ex->active, j);
            ex->n_active++;
            j->state = JOB_IDLE;
            job_start_attempt(j);
        }
    } while (ex->done.head);
    ex->processing = 0;
}

/* After a socket or curl timer event: deliver on the kick timer, once the
 * loop has handled its other ready events (see the top of the file). */
static void defer_process(struct cboto_evexec *ex)
{
    if (ex->done.head)
        arm_kick(ex);
}

static void on_kick(void *arg)
{
    struct cboto_evexec *ex = arg;

    ex->kick_armed = 0;
    process(ex);
}

/* ---- curl's socket and timer callbacks --------------------------------- */

/* Note which shard watches fd, growing the table to the descriptor. */
static int by_fd_set(struct cboto_evexec *ex, int fd, struct shard *sh)
{
    if ((size_t)fd >= ex->n_by_fd) {
        size_t n = ex->n_by_fd ? ex->n_by_fd : 64;
        struct shard **t;

        while (n <= (size_t)fd)
            n *= 2;
        t = cboto__resize(NULL, ex->by_fd, ex->n_by_fd * sizeof *t,
                          n * sizeof *t);
        if (!t)
            return -1;
        memset(t + ex->n_by_fd, 0, (n - ex->n_by_fd) * sizeof *t);
        ex->by_fd = t;
        ex->n_by_fd = n;
    }
    ex->by_fd[fd] = sh;
    return 0;
}

static int on_socket(CURL *e, curl_socket_t s, int what, void *userp,
                     void *socketp)
{
    struct shard *sh = userp;
    struct cboto_evexec *ex = sh->ex;
    void *slot = socketp;
    int w = 0;

    CBOTO_UNUSED(e);
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
        w |= CBOTO_WATCH_READ;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
        w |= CBOTO_WATCH_WRITE;
    if (what == CURL_POLL_REMOVE) {
        if (slot)
            ex->ops->watch(ex->loop, (int)s, 0, &slot);
        if ((size_t)s < ex->n_by_fd && ex->by_fd[s] == sh)
            ex->by_fd[s] = NULL;
        return 0;
    }
    if (by_fd_set(ex, (int)s, sh) != 0 ||
        ex->ops->watch(ex->loop, (int)s, w, &slot) != 0)
        return -1;
    if (slot != socketp)
        curl_multi_assign(sh->multi, s, slot);
    return 0;
}

static int on_curl_timer(CURLM *m, long timeout_ms, void *userp)
{
    struct shard *sh = userp;

    CBOTO_UNUSED(m);
    if (timeout_ms < 0) {
        sh->ex->ops->timer_stop(sh->curl_timer);
        return 0;
    }
    return sh->ex->ops->timer_start(sh->curl_timer, timeout_ms) == 0 ? 0 : -1;
}

static void on_curl_timeout(void *arg)
{
    struct shard *sh = arg;
    int running;

    curl_multi_socket_action(sh->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_multi_info(sh);
    defer_process(sh->ex);
}

void cboto_evexec_socket_ready(struct cboto_evexec *ex, int fd, int what)
{
    struct shard *sh;
    int flags = 0, running;

    if (fd < 0 || (size_t)fd >= ex->n_by_fd || !ex->by_fd[fd])
        return; /* no longer watched: curl would ignore it too */
    sh = ex->by_fd[fd];
    if (what & CBOTO_WATCH_READ)
        flags |= CURL_CSELECT_IN;
    if (what & CBOTO_WATCH_WRITE)
        flags |= CURL_CSELECT_OUT;
    curl_multi_socket_action(sh->multi, (curl_socket_t)fd, flags, &running);
    check_multi_info(sh);
    defer_process(ex);
}

/* ---- public API --------------------------------------------------------- */

static void free_shards(struct cboto_evexec *ex)
{
    unsigned i;

    /* Closing a multi closes its cached connections, which calls
     * on_socket with REMOVE for the watched ones: the adapter must still
     * be alive. */
    for (i = 0; i < ex->n_shards; i++) {
        if (ex->shards[i].multi)
            curl_multi_cleanup(ex->shards[i].multi);
        if (ex->shards[i].curl_timer)
            ex->ops->timer_free(ex->shards[i].curl_timer);
    }
    cboto__free(NULL, ex->shards);
    cboto__free(NULL, ex->by_fd);
}

static int shard_init(struct shard *sh, struct cboto_evexec *ex,
                      const struct cboto_evexec_options *o)
{
    sh->ex = ex;
    sh->curl_timer = ex->ops->timer_new(ex->loop, on_curl_timeout, sh);
    if (!sh->curl_timer)
        return CBOTO_ENOMEM;
    sh->multi = curl_multi_init();
    if (!sh->multi)
        return CBOTO_ETRANSPORT;
    curl_multi_setopt(sh->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(sh->multi, CURLMOPT_SOCKETDATA, sh);
    curl_multi_setopt(sh->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(sh->multi, CURLMOPT_TIMERDATA, sh);
    /* curl's default keeps 4 idle connections per handle it holds, so a
     * multi that briefly held few transfers closed connections the next
     * ones would have reused: keep one per transfer it may run. */
    curl_multi_setopt(sh->multi, CURLMOPT_MAXCONNECTS, (long)ex->shard_cap);
    if (o && o->max_per_host)
        curl_multi_setopt(sh->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
                          (long)o->max_per_host);
    return CBOTO_OK;
}

int cboto_evexec_new_with_loop(const struct cboto_loop_ops *ops, void *loop,
                               const struct cboto_evexec_options *o,
                               struct cboto_evexec **out)
{
    struct cboto_evexec *ex;
    unsigned i;
    int rc = CBOTO_ENOMEM;

    if (!ops || !ops->watch || !ops->timer_new || !ops->timer_start ||
        !ops->timer_stop || !ops->timer_free || !out)
        return CBOTO_EINVAL;
    ex = cboto__calloc(NULL, 1, sizeof *ex);
    if (!ex)
        return CBOTO_ENOMEM;
    ex->ops = ops;
    ex->loop = loop;
    ex->max_in_flight = o && o->max_in_flight ? o->max_in_flight : 256;
    if (o) {
        ex->debug = o->debug;
        ex->debug_ud = o->debug_user_data;
    }
    ex->n_shards = o && o->max_per_host
                       ? 1
                       : (ex->max_in_flight + SHARD_MAX - 1) / SHARD_MAX;
    ex->shard_cap = (ex->max_in_flight + ex->n_shards - 1) / ex->n_shards;
    ex->shards = cboto__calloc(NULL, ex->n_shards, sizeof *ex->shards);
    ex->kick = ops->timer_new(loop, on_kick, ex);
    ex->pool = cboto__calloc(NULL, ex->max_in_flight, sizeof *ex->pool);
    if (ex->shards && ex->kick && ex->pool) {
        rc = CBOTO_OK;
        for (i = 0; !rc && i < ex->n_shards; i++)
            rc = shard_init(&ex->shards[i], ex, o);
    }
    if (rc) {
        if (ex->shards)
            free_shards(ex);
        if (ex->kick)
            ops->timer_free(ex->kick);
        cboto__free(NULL, ex->pool);
        cboto__free(NULL, ex);
        return rc;
    }
    *out = ex;
    return CBOTO_OK;
}

int cboto_evexec_submit(struct cboto_evexec *ex, struct cboto_request *rq,
                        cboto_done_fn *done, void *user_data)
{
    struct job *j;
    int rc;

    if (!ex || !rq || !done)
        return CBOTO_EINVAL;
    /* Not calloc: transfer_init sets up j->t (and leaves its 3 KiB
     * arena block alone); the rest of the job is zeroed here. */
    j = cboto__alloc(NULL, sizeof *j);
    if (!j)
        return CBOTO_ENOMEM;
    memset((char *)j + offsetof(struct job, ex), 0,
           sizeof *j - offsetof(struct job, ex));
    /* The easy handle comes when the job starts (job_start_attempt). */
    rc = cboto__transfer_init(&j->t, rq, NULL, 1, ex->debug, ex->debug_ud);
    if (rc) {
        cboto__transfer_cleanup(&j->t, NULL);
        cboto__free(NULL, j);
        return rc;
    }
    j->ex = ex;
    j->done = done;
    j->ud = user_data;
    j->state = JOB_QUEUED;
    list_push(&ex->queued, j);
    ex->n_pending++;
    arm_kick(ex);
    return CBOTO_OK;
}

int cboto_evexec_cancel(struct cboto_evexec *ex, struct cboto_request *rq)
{
    struct job_list *lists[2];
    int i, n = 0;

    if (!ex || !rq)
        return 0;
    lists[0] = &ex->queued;
    lists[1] = &ex->active;
    for (i = 0; i < 2; i++) {
        struct job *j = lists[i]->head;

        while (j) {
            struct job *next = j->next;

            if (j->t.rq == rq) {
                cboto__transfer_fail(&j->t, CBOTO_ECANCELED);
                job_finish(j, CBOTO_ECANCELED);
                arm_kick(ex);
                n++;
            }
            j = next;
        }
    }
    return n;
}

unsigned cboto_evexec_pending(const struct cboto_evexec *ex)
{
    return ex ? ex->n_pending : 0;
}

int cboto_evexec_free(struct cboto_evexec *ex)
{
    unsigned i;

    if (!ex)
        return CBOTO_OK;
    if (ex->n_pending)
        return CBOTO_EBUSY;
    for (i = 0; i < ex->n_pool; i++)
        easy_cleanup(ex->pool[i].easy);
    cboto__free(NULL, ex->pool);
    free_shards(ex);
    ex->ops->timer_free(ex->kick);
    if (ex->ops->release)
        ex->ops->release(ex->loop);
    cboto__free(NULL, ex);
    return CBOTO_OK;
}
