/* SPDX-License-Identifier: MIT */
/* The blocking executor: one reusable easy handle on a private multi handle
 * (so connections stay alive between requests), driven in the calling
 * thread with poll() and curl_multi_socket_action(), and back-off slept in
 * that thread.
 *
 * Why not curl_easy_perform(): it drives the transfer with
 * curl_multi_perform() + curl_multi_poll(), which costs two system calls
 * per request that say nothing new: a poll of curl's wake-up pipe before
 * the transfer starts, and a zero-timeout poll of the socket after poll()
 * already said it is readable (libcurl 7.88 re-checks unless told which
 * events fired, as socket_action does).  Seven system calls per keep-alive
 * request become five; on the benchmark VM that is ~10% of a small
 * request's CPU (bench/README.md). */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "core.h"

/* Sockets one transfer can have at once: a connection, a second address
 * family racing it (happy eyeballs), the resolver's wake-up socket. */
#define MAX_SOCKS 8

struct cboto_exec {
    CURL *easy;
    uint64_t easy_tag; /* see CBOTO__EASY_NEW */
    CURLM *multi;
    struct pollfd pfd[MAX_SOCKS]; /* what curl asked to be watched */
    int npfd;
    int socks_overflow; /* curl wanted more than MAX_SOCKS */
    int timer_armed;    /* curl's timer, as CURLMOPT_TIMERFUNCTION set it */
    uint64_t deadline_ms;
    cboto_debug_fn *debug;
    void *debug_ud;
    int busy; /* guards against re-entry from a body callback */
};

/* CURLMOPT_SOCKETFUNCTION: keep pfd[] as curl wants it. */
static int on_socket(CURL *e, curl_socket_t s, int what, void *ud, void *sp)
{
    struct cboto_exec *ex = ud;
    int i;

    (void)e;
    (void)sp;
    for (i = 0; i < ex->npfd && ex->pfd[i].fd != s; i++)
        ;
    if (what == CURL_POLL_REMOVE) {
        if (i < ex->npfd)
            ex->pfd[i] = ex->pfd[--ex->npfd];
        return 0;
    }
    if (i == ex->npfd) {
        if (i == MAX_SOCKS) {
            ex->socks_overflow = 1;
            return -1; /* curl fails the transfer */
        }
        ex->npfd++;
        ex->pfd[i].fd = s;
    }
    ex->pfd[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
                                ((what & CURL_POLL_OUT) ? POLLOUT : 0));
    ex->pfd[i].revents = 0;
    return 0;
}

/* CURLMOPT_TIMERFUNCTION: -1 disarms, 0 means "call me now". */
static int on_timer(CURLM *m, long timeout_ms, void *ud)
{
    struct cboto_exec *ex = ud;

    (void)m;
    ex->timer_armed = timeout_ms >= 0;
    if (ex->timer_armed)
        ex->deadline_ms = cboto__now_ms() + (uint64_t)timeout_ms;
    return 0;
}

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
    ex->multi = curl_multi_init();
    if (!ex->easy || !ex->multi ||
        curl_multi_setopt(ex->multi, CURLMOPT_SOCKETFUNCTION, on_socket) ||
        curl_multi_setopt(ex->multi, CURLMOPT_SOCKETDATA, ex) ||
        curl_multi_setopt(ex->multi, CURLMOPT_TIMERFUNCTION, on_timer) ||
        curl_multi_setopt(ex->multi, CURLMOPT_TIMERDATA, ex)) {
        curl_multi_cleanup(ex->multi);
        curl_easy_cleanup(ex->easy);
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
    /* The connections live in the multi's cache. */
    curl_multi_cleanup(ex->multi);
    curl_easy_cleanup(ex->easy);
    cboto__free(NULL, ex);
}

/* What one poll() said, taken before curl is called: an action may change
 * pfd[] (a socket removed, another added). */
struct ready {
    curl_socket_t fd;
    int mask;
};

/* One attempt, start to end; the result curl gave the transfer. */
static CURLcode run_transfer(struct cboto_exec *ex)
{
    struct ready rd[MAX_SOCKS];
    CURLMcode mc = CURLM_OK;
    CURLcode cc = CURLE_OK;
    CURLMsg *msg;
    int running = 1, left, i, n, nrd;

    ex->socks_overflow = 0;
    if (curl_multi_add_handle(ex->multi, ex->easy) != CURLM_OK)
        return CURLE_OUT_OF_MEMORY;
    /* Adding armed the timer at 0: the first pass starts the transfer. */
    while (running && mc == CURLM_OK) {
        int wait = 1000;

        if (ex->timer_armed) {
            uint64_t now = cboto__now_ms();

            if (now >= ex->deadline_ms) {
                ex->timer_armed = 0;
                mc = curl_multi_socket_action(ex->multi, CURL_SOCKET_TIMEOUT,
                                              0, &running);
                continue;
            }
            if (ex->deadline_ms - now < 1000)
                wait = (int)(ex->deadline_ms - now);
        }
        /* With no timer due curl has nothing to do until a socket is
         * ready; the 1 s cap only bounds a wait curl did not ask for. */
        n = poll(ex->pfd, (nfds_t)ex->npfd, wait);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            mc = CURLM_INTERNAL_ERROR;
            break;
        }
        if (n == 0)
            continue; /* the top of the loop runs curl's timer when due */
        for (i = 0, nrd = 0; i < ex->npfd && nrd < n; i++) {
            short re = ex->pfd[i].revents;

            if (!re)
                continue;
            rd[nrd].fd = ex->pfd[i].fd;
            rd[nrd].mask =
                ((re & (POLLIN | POLLHUP)) ? CURL_CSELECT_IN : 0) |
                ((re & POLLOUT) ? CURL_CSELECT_OUT : 0) |
                ((re & (POLLERR | POLLNVAL)) ? CURL_CSELECT_ERR : 0);
            ex->pfd[i].revents = 0;
            nrd++;
        }
        /* A socket removed by an earlier action is unknown to curl by now,
         * and curl ignores actions on unknown sockets. */
        for (i = 0; i < nrd && running && mc == CURLM_OK; i++)
            mc = curl_multi_socket_action(ex->multi, rd[i].fd, rd[i].mask,
                                          &running);
    }
    if (mc != CURLM_OK)
        cc =
            mc == CURLM_OUT_OF_MEMORY ? CURLE_OUT_OF_MEMORY : CURLE_RECV_ERROR;
    while ((msg = curl_multi_info_read(ex->multi, &left)))
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == ex->easy)
            cc = msg->data.result;
    curl_multi_remove_handle(ex->multi, ex->easy);
    if (ex->socks_overflow && cc != CURLE_OK)
        cc = CURLE_COULDNT_CONNECT;
    return cc;
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
    t.easy_tag = ex->easy_tag;
    for (;;) {
        CURLcode cc;

        rc = cboto__transfer_begin_attempt(&t);
        if (rc) {
            final_rc = rc;
            t.resp->err.code = rc;
            break;
        }
        cc = run_transfer(ex);
        if (!cboto__transfer_end_attempt(&t, cc, &final_rc))
            break;
        if (t.next_delay_ms > 0)
            sleep_ms(t.next_delay_ms);
    }
    ex->easy_tag = cboto__transfer_detach_easy(&t);
    cboto__transfer_cleanup(&t, resp);
    ex->busy = 0;
    return final_rc;
}
