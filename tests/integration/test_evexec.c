/* SPDX-License-Identifier: MIT */
/*
 * The libevent executor's own contract, against an in-process evhttp server
 * on the same loop: many requests in flight, the queue behind
 * max_in_flight, cancellation, callbacks that release and submit, freeing
 * while busy, and a loop that stays responsive.
 */
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

#define TEST_LIST(X)                                                          \
    X(thousand_in_flight_each_callback_once)                                  \
    X(queue_respects_max_in_flight)                                           \
    X(dispatch_returns_when_all_done)                                         \
    X(callback_never_inside_submit_and_errors_not_called)                     \
    X(cancel_before_start)                                                    \
    X(cancel_mid_transfer_leaves_no_file)                                     \
    X(callback_releases_and_submits)                                          \
    X(free_while_busy_is_refused)                                             \
    X(loop_stays_responsive_during_uploads)                                   \
    X(per_host_connection_limit)                                              \
    X(connections_are_reused)                                                 \
    X(window_keeps_its_connections)                                           \
    X(small_bodies_skip_expect)                                               \
    X(list_pages_reuse_the_last_pages_memory)                                 \
    X(response_outlives_executor_and_client_waits)
#include "harness.h"

/* ---- the in-process server ---------------------------------------------- */

struct server {
    struct event_base *base;
    struct evhttp *http;
    int port;
    int active;               /* requests received and not yet answered */
    int max_active;           /* the most at once */
    unsigned short ports[64]; /* distinct client ports seen */
    int n_ports;
    long total;
    size_t bytes_in;
    int expects; /* requests that carried "Expect: 100-continue" */
};

struct pending_reply {
    struct evhttp_request *req;
    struct server *srv;
    struct event *ev;
};

/* A 1,000-key ListObjectsV2 page, as S3 sends it (KeyCount first). */
static const char *list_page(size_t *len)
{
    static char page[400 * 1000 + 1024];
    static size_t n;
    size_t i;

    if (!n) {
        n += (size_t)snprintf(
            page + n, sizeof page - n,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/"
            "2006-03-01/\"><Name>bkt</Name><Prefix></Prefix>"
            "<KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys>"
            "<IsTruncated>false</IsTruncated>");
        for (i = 0; i < 1000; i++)
            n += (size_t)snprintf(
                page + n, sizeof page - n,
                "<Contents><Key>some/longer/prefix/object-%06zu.dat</Key>"
                "<LastModified>2024-05-01T12:34:56.000Z</LastModified>"
                "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag>"
                "<Size>%zu</Size><StorageClass>STANDARD</StorageClass>"
                "</Contents>",
                i, i);
        n +=
            (size_t)snprintf(page + n, sizeof page - n, "</ListBucketResult>");
    }
    *len = n;
    return page;
}

static void send_reply(struct server *srv, struct evhttp_request *req)
{
    struct evbuffer *out = evbuffer_new();
    const char *uri = evhttp_request_get_uri(req);

    evhttp_add_header(evhttp_request_get_output_headers(req), "ETag",
                      "\"0123\"");
    if (evhttp_request_get_command(req) == EVHTTP_REQ_GET) {
        if (strstr(uri, "list-type=2")) {
            size_t len;
            const char *page = list_page(&len);

            evbuffer_add(out, page, len);
        } else if (strstr(uri, "big")) {
            static char chunk[65536];

            memset(chunk, 'z', sizeof chunk);
            for (int i = 0; i < 64; i++) /* 4 MiB */
                evbuffer_add(out, chunk, sizeof chunk);
        } else {
            evbuffer_add(out, "hello", 5);
        }
    }
    srv->active--;
    evhttp_send_reply(req, 200, "OK", out);
    evbuffer_free(out);
}

static void on_delayed(evutil_socket_t fd, short what, void *arg)
{
    struct pending_reply *p = arg;

    (void)fd;
    (void)what;
    send_reply(p->srv, p->req);
    event_free(p->ev);
    free(p);
}

/* Keys with "slow" are answered after 50 ms and keys with "lazy" after a
 * second, so that requests overlap even in slow sanitizer builds. */
static void on_request(struct evhttp_request *req, void *arg)
{
    struct server *srv = arg;
    const char *uri = evhttp_request_get_uri(req);

    {
        struct evhttp_connection *conn = evhttp_request_get_connection(req);
        char *addr;
        ev_uint16_t port = 0;
        int k;

        evhttp_connection_get_peer(conn, &addr, &port);
        for (k = 0; k < srv->n_ports && srv->ports[k] != port; k++)
            ;
        if (k == srv->n_ports && srv->n_ports < 64)
            srv->ports[srv->n_ports++] = port;
    }
    srv->total++;
    if (evhttp_find_header(evhttp_request_get_input_headers(req), "Expect"))
        srv->expects++;
    srv->bytes_in += evbuffer_get_length(evhttp_request_get_input_buffer(req));
    if (++srv->active > srv->max_active)
        srv->max_active = srv->active;
    if (strstr(uri, "slow") || strstr(uri, "lazy")) {
        struct pending_reply *p = calloc(1, sizeof *p);
        struct timeval tv = {0, 50000};

        if (strstr(uri, "lazy"))
            tv.tv_sec = 1, tv.tv_usec = 0;

        p->req = req;
        p->srv = srv;
        p->ev = evtimer_new(srv->base, on_delayed, p);
        evtimer_add(p->ev, &tv);
        return;
    }
    send_reply(srv, req);
}

static int server_start(struct server *srv, struct event_base *base)
{
    struct evhttp_bound_socket *bs;
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;

    memset(srv, 0, sizeof *srv);
    srv->base = base;
    srv->http = evhttp_new(base);
    if (!srv->http)
        return -1;
    evhttp_set_max_body_size(srv->http, 64 * 1024 * 1024);
    evhttp_set_gencb(srv->http, on_request, srv);
    evhttp_set_allowed_methods(
        srv->http, EVHTTP_REQ_GET | EVHTTP_REQ_PUT | EVHTTP_REQ_POST |
                       EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD);
    bs = evhttp_bind_socket_with_handle(srv->http, "127.0.0.1", 0);
    if (!bs)
        return -1;
    if (getsockname(evhttp_bound_socket_get_fd(bs), (struct sockaddr *)&sin,
                    &len) != 0)
        return -1;
    srv->port = ntohs(sin.sin_port);
    return 0;
}

/* ---- client side -------------------------------------------------------- */

struct ctx {
    struct event_base *base;
    struct server srv;
    struct cboto_client *cl;
    struct cboto_evexec *evx;
};

static int setup2(struct ctx *c, struct cboto_allocator *a, unsigned max_in,
                  unsigned per_host);

static int setup(struct ctx *c, struct cboto_allocator *a, unsigned max_in)
{
    return setup2(c, a, max_in, 0);
}

static int setup2(struct ctx *c, struct cboto_allocator *a, unsigned max_in,
                  unsigned per_host)
{
    struct cboto_client_options o;
    struct cboto_evexec_options eo;
    char ep[64];

    memset(c, 0, sizeof *c);
    c->base = event_base_new();
    if (!c->base || server_start(&c->srv, c->base))
        return -1;
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", c->srv.port);
    memset(&o, 0, sizeof o);
    o.endpoint_url = ep;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "secret";
    o.ignore_environment = 1;
    o.retry_base_ms = 5;
    o.allocator = a;
    memset(&eo, 0, sizeof eo);
    eo.max_in_flight = max_in;
    eo.max_per_host = per_host;
    if (cboto_client_new(&o, &c->cl) ||
        cboto_evexec_new(c->base, &eo, &c->evx))
        return -1;
    return 0;
}

static int teardown(struct ctx *c)
{
    int rc = cboto_evexec_free(c->evx), spins = 0;

    /* Let delayed answers of canceled requests go out (bounded). */
    while (c->srv.active > 0 && spins++ < 1000)
        event_base_loop(c->base, EVLOOP_ONCE);
    if (cboto_client_free(c->cl) != CBOTO_OK)
        rc = CBOTO_EBUSY;
    evhttp_free(c->srv.http);
    event_base_free(c->base);
    return rc;
}

struct tally {
    int calls;
    int ok;
    int canceled;
    int other;
    int *per_request; /* callback count by index */
};

struct job_ud {
    struct tally *t;
    int index;
};

static void count_done(struct cboto_request *rq, int err,
                       struct cboto_response *resp, void *ud)
{
    struct job_ud *j = ud;

    (void)rq;
    j->t->calls++;
    if (j->t->per_request)
        j->t->per_request[j->index]++;
    if (err == CBOTO_OK && resp && cboto_response_status(resp) == 200)
        j->t->ok++;
    else if (err == CBOTO_ECANCELED)
        j->t->canceled++;
    else
        j->t->other++;
}

static int get_rq(struct ctx *c, const char *key, struct cboto_request **rq)
{
    return cboto_s3_get_object(
        c->cl, &(struct cboto_s3_get_params){.bucket = "bkt", .key = key}, rq);
}

static int
test_thousand_in_flight_each_callback_once(struct cboto_allocator *a)
{
    enum { N = 1000 };
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    static struct job_ud uds[N];
    char key[32];
    int i;

    ASSERT_OK(setup(&c, a, N));
    t.per_request = calloc(N, sizeof *t.per_request);
    for (i = 0; i < N; i++) {
        struct cboto_request *rq;

        snprintf(key, sizeof key, "lazy-%d", i);
        ASSERT_OK(get_rq(&c, key, &rq));
        uds[i].t = &t;
        uds[i].index = i;
        ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &uds[i]));
        cboto_request_release(rq); /* the executor holds its own */
    }
    ASSERT_EQ(N, cboto_evexec_pending(c.evx));
    ASSERT_EQ(0, t.calls);
    /* The server's listener keeps the base alive: loop until done. */
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(N, t.calls);
    ASSERT_EQ(N, t.ok);
    for (i = 0; i < N; i++)
        ASSERT_EQ(1, t.per_request[i]);
    free(t.per_request);
    /* Truly concurrent: the slow answers overlapped. */
    ASSERT_TRUE(c.srv.max_active > N / 2);
    ASSERT_EQ(0, cboto_evexec_pending(c.evx));
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_queue_respects_max_in_flight(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    int i;

    ASSERT_OK(setup(&c, a, 8));
    for (i = 0; i < 40; i++) {
        struct cboto_request *rq;

        ASSERT_OK(get_rq(&c, "slow", &rq));
        ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
        cboto_request_release(rq);
    }
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(40, t.ok);
    ASSERT_TRUE(c.srv.max_active <= 8);
    ASSERT_TRUE(c.srv.max_active >= 4);
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_dispatch_returns_when_all_done(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cboto_request *rq;

    ASSERT_OK(setup(&c, a, 0));
    ASSERT_OK(get_rq(&c, "k", &rq));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
    cboto_request_release(rq);
    /* The server's listener keeps the base alive; remove it so that only
     * the executor's events remain, then the loop must end by itself. */
    ASSERT_EQ(0, event_base_loop(c.base, EVLOOP_ONCE));
    while (t.calls == 0)
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(1, t.ok);
    evhttp_free(c.srv.http);
    c.srv.http = evhttp_new(c.base);           /* teardown frees one */
    ASSERT_EQ(1, event_base_dispatch(c.base)); /* 1: no events left */
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_callback_never_inside_submit_and_errors_not_called(
    struct cboto_allocator *a)
{
    struct ctx c;
    struct cboto_client *anon_less = NULL;
    struct cboto_client_options o;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cboto_request *rq;

    ASSERT_OK(setup(&c, a, 0));
    ASSERT_OK(get_rq(&c, "k", &rq));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
    ASSERT_EQ(0, t.calls);
    cboto_request_release(rq);
    /* A request with no credentials is refused by submit: no callback. */
    memset(&o, 0, sizeof o);
    o.endpoint_url = "http://127.0.0.1:9";
    o.ignore_environment = 1;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &anon_less));
    ASSERT_OK(cboto_s3_list_buckets(anon_less, &rq));
    ASSERT_EQ(CBOTO_ENOCREDS, cboto_evexec_submit(c.evx, rq, count_done, &ud));
    ASSERT_EQ(CBOTO_EINVAL, cboto_evexec_submit(c.evx, rq, NULL, &ud));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(anon_less));
    event_base_loop(c.base, EVLOOP_NONBLOCK);
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(1, t.calls);
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_cancel_before_start(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cboto_request *rq, *other;

    ASSERT_OK(setup(&c, a, 0));
    ASSERT_OK(get_rq(&c, "k", &rq));
    ASSERT_OK(get_rq(&c, "k2", &other));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
    ASSERT_OK(cboto_evexec_submit(c.evx, other, count_done, &ud));
    ASSERT_EQ(2, cboto_evexec_cancel(c.evx, rq));
    ASSERT_EQ(0, t.calls); /* not inside cancel either */
    ASSERT_EQ(0, cboto_evexec_cancel(c.evx, rq));
    cboto_request_release(rq);
    cboto_request_release(other);
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(3, t.calls);
    ASSERT_EQ(2, t.canceled);
    ASSERT_EQ(1, t.ok);
    ASSERT_EQ(1, c.srv.total); /* the canceled ones never went out */
    ASSERT_OK(teardown(&c));
    return 0;
}

struct cancel_in_sink {
    struct ctx *c;
    struct cboto_request *rq;
    size_t bytes;
    struct event *ev;
};

static void cancel_later(evutil_socket_t fd, short what, void *arg)
{
    struct cancel_in_sink *s = arg;

    (void)fd;
    (void)what;
    cboto_evexec_cancel(s->c->evx, s->rq);
}

static int test_cancel_mid_transfer_leaves_no_file(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cancel_in_sink s;
    char dir[] = "/tmp/cboto-evx-XXXXXX", path[128];
    struct timeval tv = {0, 30000};
    struct stat st;

    ASSERT_OK(setup(&c, a, 0));
    ASSERT_TRUE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/big.bin", dir);
    memset(&s, 0, sizeof s);
    s.c = &c;
    ASSERT_OK(get_rq(&c, "slow-big", &s.rq));
    ASSERT_OK(cboto_request_set_sink_file(s.rq, path));
    ASSERT_OK(cboto_evexec_submit(c.evx, s.rq, count_done, &ud));
    /* The server answers after 50 ms: cancel at 30 ms, mid-request. */
    s.ev = evtimer_new(c.base, cancel_later, &s);
    evtimer_add(s.ev, &tv);
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    event_free(s.ev);
    cboto_request_release(s.rq);
    ASSERT_EQ(1, t.canceled);
    ASSERT_TRUE(stat(path, &st) != 0);
    ASSERT_EQ(0, rmdir(dir)); /* no temporary file either */
    ASSERT_OK(teardown(&c));
    return 0;
}

struct chain {
    struct ctx *c;
    int left;
    int calls;
    int submit_errors;
};

static void chain_done(struct cboto_request *rq, int err,
                       struct cboto_response *resp, void *ud)
{
    struct chain *ch = ud;
    struct cboto_request *next;

    (void)resp;
    ch->calls++;
    if (err != CBOTO_OK)
        ch->submit_errors++;
    /* The callback owns the last reference: releasing here is allowed. */
    cboto_request_release(rq);
    if (ch->left-- > 0) {
        if (get_rq(ch->c, "k", &next) != CBOTO_OK ||
            cboto_evexec_submit(ch->c->evx, next, chain_done, ch) != CBOTO_OK)
            ch->submit_errors++;
        /* the next request's reference passes to its own callback */
    }
}

static int test_callback_releases_and_submits(struct cboto_allocator *a)
{
    struct ctx c;
    struct chain ch;
    struct cboto_request *rq;

    ASSERT_OK(setup(&c, a, 0));
    ch.c = &c;
    ch.left = 20;
    ch.calls = 0;
    ch.submit_errors = 0;
    ASSERT_OK(get_rq(&c, "k", &rq));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, chain_done, &ch));
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(21, ch.calls);
    ASSERT_EQ(0, ch.submit_errors);
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_free_while_busy_is_refused(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cboto_request *rq;

    ASSERT_OK(setup(&c, a, 0));
    ASSERT_OK(get_rq(&c, "slow", &rq));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
    ASSERT_EQ(CBOTO_EBUSY, cboto_evexec_free(c.evx));
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(c.cl));
    event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(CBOTO_EBUSY, cboto_evexec_free(c.evx));
    ASSERT_EQ(1, cboto_evexec_cancel(c.evx, rq));
    ASSERT_EQ(CBOTO_EBUSY, cboto_evexec_free(c.evx)); /* callback pending */
    cboto_request_release(rq);
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(1, t.canceled);
    ASSERT_OK(teardown(&c));
    return 0;
}

struct ticker {
    struct event *ev;
    int ticks;
    double max_gap_ms;
    struct timeval last;
    int stop;
};

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    struct ticker *tk = arg;
    struct timeval now, tv = {0, 10000};
    double gap;

    (void)fd;
    (void)what;
    gettimeofday(&now, NULL);
    gap = (now.tv_sec - tk->last.tv_sec) * 1000.0 +
          (now.tv_usec - tk->last.tv_usec) / 1000.0;
    if (tk->ticks > 0 && gap > tk->max_gap_ms)
        tk->max_gap_ms = gap;
    tk->last = now;
    tk->ticks++;
    if (!tk->stop)
        evtimer_add(tk->ev, &tv);
}

static int test_loop_stays_responsive_during_uploads(struct cboto_allocator *a)
{
    enum { N = 100, SIZE = 512 * 1024 };
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct ticker tk;
    struct timeval tv = {0, 10000}, t0, t1;
    uint8_t *body = malloc(SIZE);
    double elapsed_ms;
    int i;

    ASSERT_OK(setup(&c, a, 0));
    memset(body, 'u', SIZE);
    for (i = 0; i < N; i++) {
        struct cboto_request *rq;
        char key[32];

        snprintf(key, sizeof key, "up-%d", i);
        ASSERT_OK(cboto_s3_put_object(
            c.cl, &(struct cboto_s3_put_params){.bucket = "bkt", .key = key},
            &rq));
        ASSERT_OK(cboto_request_set_body(rq, (struct cboto_cursor){body, SIZE},
                                         CBOTO_BODY_BORROW));
        ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
        cboto_request_release(rq);
    }
    memset(&tk, 0, sizeof tk);
    tk.ev = evtimer_new(c.base, on_tick, &tk);
    gettimeofday(&tk.last, NULL);
    evtimer_add(tk.ev, &tv);
    gettimeofday(&t0, NULL);
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    gettimeofday(&t1, NULL);
    evtimer_del(tk.ev);
    event_free(tk.ev);
    free(body);
    elapsed_ms =
        (t1.tv_sec - t0.tv_sec) * 1000.0 + (t1.tv_usec - t0.tv_usec) / 1000.0;
    ASSERT_EQ(N, t.ok);
    ASSERT_EQ((size_t)N * SIZE, c.srv.bytes_in);
    fprintf(stderr,
            "  %d uploads of %d KiB in %.0f ms; %d ticks, longest "
            "gap %.1f ms\n",
            N, SIZE / 1024, elapsed_ms, tk.ticks, tk.max_gap_ms);
    /* The 10 ms timer kept firing: no stall of the loop by the executor
     * (a generous bound, since the server shares the loop and sanitizer
     * builds are slow). */
    if (elapsed_ms > 100)
        ASSERT_TRUE(tk.ticks >= 3);
    ASSERT_TRUE(tk.max_gap_ms < 250);
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_per_host_connection_limit(struct cboto_allocator *a)
{
    struct ctx c;
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    int i;

    ASSERT_OK(setup2(&c, a, 0, 3));
    for (i = 0; i < 12; i++) {
        struct cboto_request *rq;

        ASSERT_OK(get_rq(&c, "slow", &rq));
        ASSERT_OK(cboto_evexec_submit(c.evx, rq, count_done, &ud));
        cboto_request_release(rq);
    }
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(12, t.ok);
    ASSERT_TRUE(c.srv.max_active <= 3);
    ASSERT_TRUE(c.srv.n_ports <= 3);
    ASSERT_OK(teardown(&c));
    return 0;
}

static int test_connections_are_reused(struct cboto_allocator *a)
{
    struct ctx c;
    struct chain ch;
    struct cboto_request *rq;

    ASSERT_OK(setup(&c, a, 0));
    ch.c = &c;
    ch.left = 19;
    ch.calls = 0;
    ch.submit_errors = 0;
    ASSERT_OK(get_rq(&c, "k", &rq));
    ASSERT_OK(cboto_evexec_submit(c.evx, rq, chain_done, &ch));
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(20, ch.calls);
    ASSERT_EQ(20, c.srv.total);
    /* One after another: all on one kept-alive connection. */
    ASSERT_EQ(1, c.srv.n_ports);
    ASSERT_OK(teardown(&c));
    return 0;
}

/* K chains of requests, each callback submitting the next: a steady
 * window of K needs K connections and no more.  curl's default cache keeps
 * 4 idle connections per handle the multi holds, so when callbacks ran a
 * turn after their transfers left the multi, the drained multi closed
 * connections that the next requests then had to open again. */
static int test_window_keeps_its_connections(struct cboto_allocator *a)
{
    enum { K = 32, N = 640 };
    struct ctx c;
    struct chain ch;
    int i;

    ASSERT_OK(setup(&c, a, K));
    ch.c = &c;
    ch.left = N - K;
    ch.calls = 0;
    ch.submit_errors = 0;
    for (i = 0; i < K; i++) {
        struct cboto_request *rq;

        ASSERT_OK(get_rq(&c, "k", &rq));
        ASSERT_OK(cboto_evexec_submit(c.evx, rq, chain_done, &ch));
    }
    while (cboto_evexec_pending(c.evx))
        event_base_loop(c.base, EVLOOP_ONCE);
    ASSERT_EQ(N, ch.calls);
    ASSERT_EQ(0, ch.submit_errors);
    ASSERT_EQ(N, c.srv.total);
    fprintf(stderr, "  %d connections for a window of %d\n", c.srv.n_ports, K);
    ASSERT_TRUE(c.srv.n_ports <= K);
    ASSERT_OK(teardown(&c));
    return 0;
}

/* PUT one body through the executor and wait for it. */
static int put_and_wait(struct ctx *c, const char *key, const void *mem,
                        size_t len, int fd)
{
    struct tally t = {0, 0, 0, 0, NULL};
    struct job_ud ud = {&t, 0};
    struct cboto_request *rq;

    ASSERT_OK(cboto_s3_put_object(
        c->cl, &(struct cboto_s3_put_params){.bucket = "bkt", .key = key},
        &rq));
    if (fd >= 0)
        ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, len));
    else
        ASSERT_OK(cboto_request_set_body(rq, (struct cboto_cursor){mem, len},
                                         CBOTO_BODY_BORROW));
    ASSERT_OK(cboto_evexec_submit(c->evx, rq, count_done, &ud));
    cboto_request_release(rq);
    while (cboto_evexec_pending(c->evx))
        event_base_loop(c->base, EVLOOP_ONCE);
    ASSERT_EQ(1, t.ok);
    return 0;
}

/* A small body in memory goes out at once; a large one, and a file, wait
 * for the server's "100 Continue" so a refusal costs no upload. */
static int test_small_bodies_skip_expect(struct cboto_allocator *a)
{
    static char big[2 * 1024 * 1024];
    char tmpl[] = "/tmp/cboto-expect.XXXXXX";
    struct ctx c;
    int fd;

    ASSERT_OK(setup(&c, a, 0));
    memset(big, 'b', sizeof big);
    ASSERT_EQ(0, put_and_wait(&c, "small", big, 1024, -1));
    ASSERT_EQ(0, put_and_wait(&c, "limit", big, 1024 * 1024, -1));
    ASSERT_EQ(0, c.srv.expects);
    ASSERT_EQ(0, put_and_wait(&c, "large", big, sizeof big, -1));
    ASSERT_EQ(1, c.srv.expects);
    fd = mkstemp(tmpl);
    ASSERT_TRUE(fd >= 0);
    unlink(tmpl);
    ASSERT_EQ(1024, (int)write(fd, big, 1024));
    ASSERT_EQ(0, put_and_wait(&c, "file", NULL, 1024, fd));
    close(fd);
    ASSERT_EQ(2, c.srv.expects);
    ASSERT_EQ(4, c.srv.total);
    ASSERT_OK(teardown(&c));
    return 0;
}

/* ---- list pages and the client's spare blocks --------------------------- */

struct list_ud {
    int calls;
    int err;
    size_t n_objects;
    struct cboto_response *kept; /* acquired in the callback, or NULL */
    int keep;
};

static void list_done(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    struct list_ud *u = ud;
    const struct cboto_s3_list_result *r = cboto_s3_list_result(resp);

    (void)rq;
    u->calls++;
    u->err = err;
    u->n_objects = r ? r->n_objects : 0;
    if (u->keep)
        u->kept = cboto_response_acquire(resp);
}

static int run_list(struct ctx *c, struct list_ud *u)
{
    struct cboto_request *rq;

    ASSERT_OK(cboto_s3_list_objects_v2(
        c->cl, &(struct cboto_s3_list_params){.bucket = "bkt"}, &rq));
    ASSERT_OK(cboto_evexec_submit(c->evx, rq, list_done, u));
    cboto_request_release(rq);
    while (cboto_evexec_pending(c->evx))
        event_base_loop(c->base, EVLOOP_ONCE);
    ASSERT_EQ(1, u->calls);
    ASSERT_OK(u->err);
    ASSERT_EQ(1000, u->n_objects);
    return 0;
}

/* Through a whole transfer: the second page's result is built in the
 * first page's released blocks (its string pool and object array), so it
 * makes fewer allocations, and the memory held between pages stays put. */
static int
test_list_pages_reuse_the_last_pages_memory(struct cboto_allocator *a)
{
    struct ctx c;
    struct list_ud u1 = {0}, u2 = {0}, u3 = {0};
    long t0, t1, t2, live1, live2;

    ASSERT_OK(setup(&c, a, 0));
    t0 = s_test_alloc.total;
    ASSERT_OK(run_list(&c, &u1));
    t1 = s_test_alloc.total;
    live1 = s_test_alloc.live;
    ASSERT_OK(run_list(&c, &u2));
    t2 = s_test_alloc.total;
    live2 = s_test_alloc.live;
    /* A 1,000-key page fills five or more pool blocks and one array. */
    if (t2 - t1 > t1 - t0 - 6)
        FAILF("page 1: %ld allocations, page 2: %ld", t1 - t0, t2 - t1);
    ASSERT_EQ(live1, live2);
    ASSERT_OK(run_list(&c, &u3));
    ASSERT_EQ(t2 - t1, s_test_alloc.total - t2);
    ASSERT_EQ(live2, s_test_alloc.live);
    ASSERT_OK(teardown(&c));
    return 0;
}

static void *release_elsewhere(void *arg)
{
    cboto_response_release(arg);
    return NULL;
}

/* A response kept past its callback outlives the executor and the base;
 * the client refuses to go until the response is released (here on
 * another thread, which gives the result's blocks back to the client's
 * spares), and then goes cleanly (ASan/LSan and the counting allocator
 * check it). */
static int
test_response_outlives_executor_and_client_waits(struct cboto_allocator *a)
{
    struct ctx c;
    struct list_ud u = {0};
    const struct cboto_s3_list_result *r;
    pthread_t th;

    ASSERT_OK(setup(&c, a, 0));
    u.keep = 1;
    ASSERT_OK(run_list(&c, &u));
    ASSERT_NOT_NULL(u.kept);
    ASSERT_OK(cboto_evexec_free(c.evx));
    evhttp_free(c.srv.http);
    event_base_free(c.base);
    ASSERT_EQ(CBOTO_EBUSY, cboto_client_free(c.cl));
    r = cboto_s3_list_result(u.kept);
    ASSERT_NOT_NULL(r);
    ASSERT_STREQ("some/longer/prefix/object-000999.dat", r->objects[999].key);
    ASSERT_EQ(0, pthread_create(&th, NULL, release_elsewhere, u.kept));
    ASSERT_EQ(0, pthread_join(th, NULL));
    ASSERT_OK(cboto_client_free(c.cl));
    ASSERT_EQ(0, s_test_alloc.live);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
