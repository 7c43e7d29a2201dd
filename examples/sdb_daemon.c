/* SPDX-License-Identifier: MIT */
/*
 * A small lookup daemon on libevent: it answers HTTP on loopback by running
 * SimpleDB Select through cboto's libevent executor, with as many queries
 * in flight as there are clients, never blocking its loop.
 *
 *   sdb_daemon DOMAIN [PORT]      (PORT 0 or absent: any free port)
 *
 *   GET /lookup?attr=NAME&value=VALUE
 *       every item whose attribute NAME has VALUE, one "ITEM\tNAME=VALUE"
 *       line per attribute, every page of the Select walked; 502 with the
 *       service's error on failure.  NAME and VALUE are quoted with
 *       cboto_sdb_quote_name()/quote_value(), so no input can change the
 *       query.
 *   GET /stats   "served N\nmax_in_flight N\n"
 *   GET /quit    stop after the queries in flight have finished
 *
 * Credentials, region and endpoint come from the usual AWS environment
 * (AWS_ENDPOINT_URL_SIMPLEDB or AWS_ENDPOINT_URL for a local server).  It
 * prints "listening on 127.0.0.1:PORT" once ready.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

struct daemon {
    struct event_base *base;
    struct evhttp *http;
    struct cboto_client *cl;
    struct cboto_evexec *evx;
    const char *domain;
    unsigned in_flight, max_in_flight;
    unsigned long served;
    int quitting;
};

/* One lookup: the HTTP request waiting for its answer and the lines so
 * far. */
struct lookup {
    struct daemon *d;
    struct evhttp_request *req;
    struct evbuffer *out;
};

static void maybe_quit(struct daemon *d)
{
    if (d->quitting && d->in_flight == 0)
        event_base_loopexit(d->base, NULL);
}

static void put_bytes(struct evbuffer *b, const char *p, size_t n)
{
    /* Keep the line format: a newline or tab inside a value is escaped. */
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] == '\n')
            evbuffer_add(b, "\\n", 2);
        else if (p[i] == '\t')
            evbuffer_add(b, "\\t", 2);
        else if (p[i] == '\\')
            evbuffer_add(b, "\\\\", 2);
        else
            evbuffer_add(b, p + i, 1);
    }
}

static int on_page(struct cboto_pager *pg, struct cboto_response *resp,
                   void *ud)
{
    struct lookup *lk = ud;
    const struct cboto_sdb_select_result *r = cboto_sdb_select_result(resp);
    size_t i, j;

    (void)pg;
    if (!r)
        return 1;
    for (i = 0; i < r->n_items; i++)
        for (j = 0; j < r->items[i].n_attrs; j++) {
            const struct cboto_sdb_attribute *at = &r->items[i].attrs[j];

            put_bytes(lk->out, r->items[i].name, r->items[i].name_len);
            evbuffer_add(lk->out, "\t", 1);
            put_bytes(lk->out, at->name, at->name_len);
            evbuffer_add(lk->out, "=", 1);
            put_bytes(lk->out, at->value, at->value_len);
            evbuffer_add(lk->out, "\n", 1);
        }
    return 0;
}

static void on_done(struct cboto_pager *pg, int err,
                    struct cboto_response *last, void *ud)
{
    struct lookup *lk = ud;
    struct daemon *d = lk->d;

    if (err == CBOTO_OK) {
        evhttp_send_reply(lk->req, 200, "OK", lk->out);
    } else {
        char buf[512];

        evbuffer_drain(lk->out, evbuffer_get_length(lk->out));
        evbuffer_add_printf(
            lk->out, "error: %s\n",
            cboto_response_describe(last, err, buf, sizeof buf));
        evhttp_send_reply(lk->req, 502, "Bad Gateway", lk->out);
    }
    evbuffer_free(lk->out);
    free(lk);
    cboto_pager_free(pg);
    d->in_flight--;
    d->served++;
    maybe_quit(d);
}

static void reply_text(struct evhttp_request *req, int code,
                       const char *reason, const char *text)
{
    struct evbuffer *b = evbuffer_new();

    if (b)
        evbuffer_add_printf(b, "%s\n", text);
    evhttp_send_reply(req, code, reason, b);
    if (b)
        evbuffer_free(b);
}

static void on_lookup(struct evhttp_request *req, void *arg)
{
    struct daemon *d = arg;
    struct evkeyvalq qs;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *attr, *value;
    char qa[2100], qv[2100], qd[600], expr[5000];
    struct cboto_sdb_select_params p;
    struct cboto_pager *pg = NULL;
    struct lookup *lk;
    int rc;

    if (d->quitting) {
        reply_text(req, 503, "Service Unavailable", "shutting down");
        return;
    }
    memset(&qs, 0, sizeof qs);
    if (!uri || evhttp_parse_query_str(
                    evhttp_uri_get_query(uri) ? evhttp_uri_get_query(uri) : "",
                    &qs) != 0) {
        reply_text(req, 400, "Bad Request", "bad query string");
        return;
    }
    attr = evhttp_find_header(&qs, "attr");
    value = evhttp_find_header(&qs, "value");
    if (!attr || !value || cboto_sdb_quote_name(attr, qa, sizeof qa, NULL) ||
        cboto_sdb_quote_value(value, qv, sizeof qv, NULL) ||
        cboto_sdb_quote_name(d->domain, qd, sizeof qd, NULL)) {
        evhttp_clear_headers(&qs);
        reply_text(req, 400, "Bad Request", "need attr and value");
        return;
    }
    snprintf(expr, sizeof expr, "select * from %s where %s = %s", qd, qa, qv);
    evhttp_clear_headers(&qs);
    memset(&p, 0, sizeof p);
    p.expression = expr;
    lk = calloc(1, sizeof *lk);
    if (!lk || !(lk->out = evbuffer_new())) {
        free(lk);
        reply_text(req, 500, "Internal Server Error", "out of memory");
        return;
    }
    lk->d = d;
    lk->req = req;
    rc = cboto_sdb_select_pager(d->cl, &p, &pg);
    if (!rc)
        rc = cboto_evexec_paginate(d->evx, pg, on_page, on_done, lk);
    if (rc) { /* done will not be called */
        cboto_pager_free(pg);
        evbuffer_free(lk->out);
        free(lk);
        reply_text(req, rc == CBOTO_EINVAL ? 400 : 500, "Error",
                   cboto_strerror(rc));
        return;
    }
    d->in_flight++;
    if (d->in_flight > d->max_in_flight)
        d->max_in_flight = d->in_flight;
}

static void on_other(struct evhttp_request *req, void *arg)
{
    struct daemon *d = arg;
    const char *path = evhttp_request_get_uri(req);
    char text[128];

    if (strcmp(path, "/stats") == 0) {
        snprintf(text, sizeof text, "served %lu\nmax_in_flight %u", d->served,
                 d->max_in_flight);
        reply_text(req, 200, "OK", text);
    } else if (strcmp(path, "/quit") == 0) {
        d->quitting = 1;
        reply_text(req, 200, "OK", "bye");
        maybe_quit(d);
    } else {
        reply_text(req, 404, "Not Found", "try /lookup?attr=A&value=V");
    }
}

int main(int argc, char **argv)
{
    struct daemon d;
    struct evhttp_bound_socket *sock;
    struct cboto_client_options o;
    int port = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0;
    int rc, status = 1;

    if (argc < 2 || cboto_sdb_validate_domain(argv[1]) != CBOTO_OK) {
        fprintf(stderr, "usage: sdb_daemon DOMAIN [PORT]\n");
        return 2;
    }
    memset(&d, 0, sizeof d);
    d.domain = argv[1];
    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT) != CBOTO_OK)
        return 1;
    memset(&o, 0, sizeof o);
    rc = cboto_client_new(&o, &d.cl);
    if (rc) {
        fprintf(stderr, "sdb_daemon: client: %s\n", cboto_strerror(rc));
        goto out;
    }
    d.base = event_base_new();
    if (!d.base || cboto_evexec_new(d.base, NULL, &d.evx) != CBOTO_OK)
        goto out;
    d.http = evhttp_new(d.base);
    if (!d.http)
        goto out;
    evhttp_set_allowed_methods(d.http, EVHTTP_REQ_GET);
    evhttp_set_cb(d.http, "/lookup", on_lookup, &d);
    evhttp_set_gencb(d.http, on_other, &d);
    sock =
        evhttp_bind_socket_with_handle(d.http, "127.0.0.1", (ev_uint16_t)port);
    if (!sock) {
        fprintf(stderr, "sdb_daemon: cannot listen on 127.0.0.1:%d\n", port);
        goto out;
    }
    {
        struct sockaddr_storage ss;
        ev_socklen_t len = sizeof ss;
        evutil_socket_t fd = evhttp_bound_socket_get_fd(sock);

        if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
            port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    printf("listening on 127.0.0.1:%d\n", port);
    fflush(stdout);
    event_base_dispatch(d.base);
    printf("served %lu, at most %u in flight\n", d.served, d.max_in_flight);
    status = 0;
out:
    if (d.http)
        evhttp_free(d.http);
    if (d.evx && cboto_evexec_free(d.evx) != CBOTO_OK)
        status = 1;
    if (d.base)
        event_base_free(d.base);
    if (d.cl)
        cboto_client_free(d.cl);
    cboto_global_cleanup();
    return status;
}
