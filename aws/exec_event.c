/* SPDX-License-Identifier: MIT */
/* The libevent adapter for the asynchronous executor (libcboto_event): one
 * event per watched socket, one evtimer per executor timer.
 *
 * curl stops watching a connection's socket whenever it goes idle between
 * two requests and watches it again for the next one, so a socket's event
 * is set up and torn down once per request: the events are recycled
 * through a free list, and a change of interest re-assigns the event in
 * place rather than allocating a new one. */
#include <stdlib.h>

#include <event2/event.h>

#include <cboto/event.h>

/* This file is its own library and sees only cboto's public API, so it
 * allocates its few small structs with calloc/free directly. */
#define UNUSED(x) ((void)(x))

struct ev_timer {
    struct event *ev;
    cboto_timer_fn *fn;
    void *arg;
};

struct ev_sock {
    struct event *ev;
    struct cboto_evexec *ex;
    short flags;
    struct ev_sock *next_free;
};

static void on_sock(evutil_socket_t fd, short what, void *arg)
{
    struct ev_sock *s = arg;
    int w = 0;

    if (what & EV_READ)
        w |= CBOTO_WATCH_READ;
    if (what & EV_WRITE)
        w |= CBOTO_WATCH_WRITE;
    cboto_evexec_socket_ready(s->ex, (int)fd, w);
}

/* The executor pointer is needed in on_sock, but watch() only gets the
 * loop: the adapter's loop pointer is this pair. */
struct ev_loop {
    struct event_base *base;
    struct cboto_evexec *ex;
    struct ev_sock *free_socks;
};

static void sock_recycle(struct ev_loop *l, struct ev_sock *s)
{
    s->next_free = l->free_socks;
    l->free_socks = s;
}

static int ev_watch(void *loop, int fd, int what, void **slot)
{
    struct ev_loop *l = loop;
    struct ev_sock *s = *slot;
    short flags = EV_PERSIST;

    if (what == 0) {
        if (s) {
            event_del(s->ev);
            sock_recycle(l, s);
            *slot = NULL;
        }
        return 0;
    }
    if (what & CBOTO_WATCH_READ)
        flags |= EV_READ;
    if (what & CBOTO_WATCH_WRITE)
        flags |= EV_WRITE;
    if (s && s->flags == flags)
        return 0;
    if (s) {
        event_del(s->ev);
    } else if (l->free_socks) {
        s = l->free_socks;
        l->free_socks = s->next_free;
    } else {
        s = calloc(1, sizeof *s);
        if (!s)
            return -1;
        s->ex = l->ex;
        /* Assigned for real below; event_assign needs an event to fill. */
        s->ev = event_new(l->base, -1, 0, on_sock, s);
        if (!s->ev) {
            free(s);
            return -1;
        }
    }
    s->flags = flags;
    if (event_assign(s->ev, l->base, fd, flags, on_sock, s) != 0 ||
        event_add(s->ev, NULL) != 0) {
        sock_recycle(l, s);
        *slot = NULL;
        return -1;
    }
    *slot = s;
    return 0;
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    struct ev_timer *t = arg;

    UNUSED(fd);
    UNUSED(what);
    t->fn(t->arg);
}

static void *ev_timer_new(void *loop, cboto_timer_fn *fn, void *arg)
{
    struct ev_loop *l = loop;
    struct ev_timer *t = calloc(1, sizeof *t);

    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    t->ev = evtimer_new(l->base, on_timer, t);
    if (!t->ev) {
        free(t);
        return NULL;
    }
    return t;
}

static int ev_timer_start(void *timer, long ms)
{
    struct ev_timer *t = timer;
    struct timeval tv;

    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return evtimer_add(t->ev, &tv) == 0 ? 0 : -1;
}

static void ev_timer_stop(void *timer)
{
    struct ev_timer *t = timer;

    evtimer_del(t->ev);
}

static void ev_timer_free(void *timer)
{
    struct ev_timer *t = timer;

    if (!t)
        return;
    event_free(t->ev);
    free(t);
}

static void ev_release(void *loop)
{
    struct ev_loop *l = loop;

    while (l->free_socks) {
        struct ev_sock *s = l->free_socks;

        l->free_socks = s->next_free;
        event_free(s->ev);
        free(s);
    }
    free(l);
}

static const struct cboto_loop_ops s_libevent_ops = {
    ev_watch,      ev_timer_new,  ev_timer_start,
    ev_timer_stop, ev_timer_free, ev_release,
};

int cboto_evexec_new(struct event_base *base,
                     const struct cboto_evexec_options *o,
                     struct cboto_evexec **out)
{
    struct ev_loop *l;
    int rc;

    if (!base || !out)
        return CBOTO_EINVAL;
    l = calloc(1, sizeof *l);
    if (!l)
        return CBOTO_ENOMEM;
    l->base = base;
    rc = cboto_evexec_new_with_loop(&s_libevent_ops, l, o, &l->ex);
    if (rc) {
        free(l);
        return rc;
    }
    *out = l->ex;
    return CBOTO_OK;
}
