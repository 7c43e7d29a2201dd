/* SPDX-License-Identifier: MIT */
/*
 * The transfer: what both executors share.  One function prepares an
 * attempt (build the wire message, sign it, configure the easy handle) and
 * one function ends it (finish parsing, fill the error detail, decide on a
 * retry).  The executors only differ in who waits for curl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../signing/internal.h"
#include "core.h"

#define ERROR_BODY_MAX (1024u * 1024)
/* In-memory bodies up to this size go out without "Expect: 100-continue"
 * (libcurl's own threshold for POST). */
#define NO_EXPECT_MAX ((size_t)1024 * 1024)
/* In-memory bodies up to this size are handed to curl as "post fields":
 * libcurl 7.88 then writes them in the same send() as the request headers
 * (its MAX_INITIAL_POST_SIZE is 64 KiB), where its upload path sends the
 * headers first and the body in a second system call and segment. */
#define INLINE_BODY_MAX ((size_t)64 * 1024)

/* ---- response headers --------------------------------------------------- */

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud)
{
    struct cboto__transfer *t = ud;
    size_t n = size * nitems, vlen;
    const char *colon, *v;

    t->io_seen = 1;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        n--;
    if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        /* A new status line: an interim 100 Continue, or the final answer.
         * Only the final block's headers are kept. */
        const char *sp = memchr(buf, ' ', n);

        cboto__response_clear_headers(t->resp);
        t->status = 0;
        if (sp && (size_t)(sp - buf) + 4 <= n) {
            int i, st = 0;

            for (i = 1; i <= 3; i++) {
                if (sp[i] < '0' || sp[i] > '9')
                    break;
                st = st * 10 + (sp[i] - '0');
            }
            if (i == 4)
                t->status = st;
        }
        return size * nitems;
    }
    if (n == 0)
        return size * nitems;
    colon = memchr(buf, ':', n);
    if (!colon)
        return size * nitems; /* a folded or malformed line: ignore */
    v = colon + 1;
    vlen = n - (size_t)(v - buf);
    while (vlen && (*v == ' ' || *v == '\t')) {
        v++;
        vlen--;
    }
    while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
        vlen--;
    if (cboto__kvlist_addn(&t->resp->headers, buf, (size_t)(colon - buf), v,
                           vlen)) {
        t->cb_rc = CBOTO_ENOMEM;
        return 0;
    }
    return size * nitems;
}

/* ---- response body ------------------------------------------------------ */

static size_t on_write(char *buf, size_t size, size_t nitems, void *ud)
{
    struct cboto__transfer *t = ud;
    const struct cboto__parser *ps = t->rq->parser;
    size_t n = size * nitems;
    int rc;

    t->io_seen = 1;
    if (!t->routed) {
        struct cboto__xml_handler h;

        t->routed = 1;
        if (t->status < 200 || t->status > 299) {
            t->route = 2;
        } else if (t->rq->error_in_200) {
            t->route = 3; /* keep it whole; decided in finish_success */
        } else if (ps && (ps->start || ps->end)) {
            t->route = 0;
            h.start = ps->start;
            h.end = ps->end;
            h.st = t->pstate;
            rc = cboto__xml_new(t->a, &h, t->cl->max_response_bytes, &t->xml);
            if (rc) {
                t->cb_rc = rc;
                return 0;
            }
            cboto__xml_set_attr(t->xml, ps->attr);
        } else {
            t->route = 1;
        }
    }
    switch (t->route) {
    case 0:
        rc = cboto__xml_feed(t->xml, buf, n);
        break;
    case 1:
        rc = ps && ps->body ? ps->body(t->pstate, &t->resp->headers,
                                       (const uint8_t *)buf, n)
                            : CBOTO_OK;
        if (!rc)
            rc = cboto__sink_write(t, (const uint8_t *)buf, n);
        break;
    case 3:
        rc = cboto__buf_append(&t->resp->body, buf, n);
        if (rc == CBOTO_OK && t->resp->body.len > t->cl->max_response_bytes)
            rc = CBOTO_ETOOBIG;
        break;
    default:
        /* Error documents are small; keep the start of a huge one, which
         * is enough for its code, rather than failing the whole request. */
        rc = CBOTO_OK;
        if (t->resp->body.len < ERROR_BODY_MAX) {
            size_t room = ERROR_BODY_MAX - t->resp->body.len;

            rc = cboto__buf_append(&t->resp->body, buf, n < room ? n : room);
        }
        break;
    }
    if (rc) {
        t->cb_rc = rc;
        return 0;
    }
    return n;
}

/* ---- the transfer ------------------------------------------------------- */

/* An empty message, URL and form body, all allocated from the arena. */
static void empty_message(struct cboto__transfer *t)
{
    memset(&t->msg, 0, sizeof t->msg);
    cboto__kvlist_init(&t->msg.query, &t->arena.al);
    cboto__kvlist_init(&t->msg.headers, &t->arena.al);
    cboto__buf_init(&t->url, &t->arena.al, 0);
    cboto__buf_init(&t->form, &t->arena.al, 0);
}

int cboto__transfer_init(struct cboto__transfer *t, struct cboto_request *rq,
                         CURL *easy, int no_blocking_io, cboto_debug_fn *debug,
                         void *debug_ud)
{
    struct cboto_client *cl = rq->client;
    int rc;

    /* arena_mem, the last member (3 KiB), is the arena's to fill: zeroing
     * it was most of the cost of starting a small request. */
    memset(t, 0, offsetof(struct cboto__transfer, arena_mem));
    t->rq = cboto_request_acquire(rq);
    t->cl = cl;
    t->a = rq->a;
    t->easy = easy;
    t->debug = debug;
    t->debug_ud = debug_ud;
    t->sink_tmp_fd = -1;
    cboto__arena_init(&t->arena, t->a, t->arena_mem, sizeof t->arena_mem);
    empty_message(t);
    rc = cboto__response_new(t->a, &t->resp);
    if (rc)
        return rc;
    cboto__response_keep_client(t->resp, cl);
    t->resp->parser = rq->parser;

    /* Everything that can be checked before I/O is checked here. */
    if (rq->sign != CBOTO__SIGN_NONE &&
        (!cl->cfg.access_key_id || !cl->cfg.secret_access_key ||
         !*cl->cfg.access_key_id || !*cl->cfg.secret_access_key))
        return CBOTO_ENOCREDS;
    if (rq->form_body && rq->body.kind != CBOTO__BODY_NONE)
        return CBOTO_EINVAL;

    rc = cboto__payload_choose(t, no_blocking_io);
    if (rc)
        return rc;

    if (rq->sink.kind == CBOTO__SINK_FD) {
        off_t pos = lseek(rq->sink.fd, 0, SEEK_CUR);

        t->sink_seekable = pos >= 0;
        t->sink_base = pos >= 0 ? (uint64_t)pos : 0;
    } else if (rq->sink.kind == CBOTO__SINK_FILE) {
        struct cboto__buf p;

        /* Same directory, so the final rename() cannot cross devices. */
        cboto__buf_init(&p, t->a, 0);
        rc = cboto__buf_printf(&p, "%s.cboto-XXXXXX", rq->sink.path);
        if (rc) {
            cboto__buf_cleanup(&p);
            return rc;
        }
        t->sink_tmp_path = cboto__buf_steal(&p);
        if (!t->sink_tmp_path)
            return CBOTO_ENOMEM;
        t->sink_tmp_fd = mkstemp(t->sink_tmp_path);
        if (t->sink_tmp_fd < 0) {
            cboto__free(t->a, t->sink_tmp_path);
            t->sink_tmp_path = NULL;
            return CBOTO_EIO;
        }
    }
    return CBOTO_OK;
}

static void reset_attempt(struct cboto__transfer *t)
{
    const struct cboto__parser *ps = t->rq->parser;

    t->status = 0;
    t->routed = 0;
    t->route = 0;
    t->send_pos = 0;
    t->seen_ul = 0;
    t->sink_written = 0;
    t->cb_rc = 0;
    t->curl_err[0] = '\0';
    cboto__response_clear_headers(t->resp);
    cboto__buf_reset(&t->resp->body);
    cboto__error_fields_cleanup(t->a, &t->resp->fields);
    cboto__free(t->a, t->resp->transport);
    t->resp->transport = NULL;
    memset(&t->resp->err, 0, sizeof t->resp->err);
    cboto__xml_free(t->xml);
    t->xml = NULL;
    if (t->pstate) {
        if (ps->cleanup)
            ps->cleanup(t->pstate);
        cboto__free(t->a, t->pstate);
        t->pstate = NULL;
    }
    /* The message, URL, form and header list all live in the arena: one
     * reset drops them, and they start over empty on it. */
    t->slist = NULL;
    cboto__arena_reset(&t->arena);
    empty_message(t);
}

static int sign_msg(struct cboto__transfer *t)
{
    struct cboto_request *rq = t->rq;
    struct cboto_client *cl = t->cl;
    struct cboto__creds_view cr;
    struct cboto__sigv4_opts o;
    time_t now = cboto__client_now(cl);
    int rc;

    cr.access_key_id = cl->cfg.access_key_id;
    cr.secret_access_key = cl->cfg.secret_access_key;
    cr.session_token = cl->cfg.session_token;
    memset(&o, 0, sizeof o);
    o.region = cl->region;
    o.service = rq->sign_service;
    o.now = now;

    switch (rq->sign) {
    case CBOTO__SIGN_NONE:
        return CBOTO_OK;
    case CBOTO__SIGN_V2:
        /* SigV2 puts its signature among the parameters, so the form body
         * is written only after signing. */
        if (!rq->form_body)
            return cboto__sigv2_sign(&t->msg, &cr, now);
        rc = cboto__sigv2_sign_form(&t->msg, &cr, now, &t->form);
        cboto__kvlist_cleanup(&t->msg.query);
        return rc;
    case CBOTO__SIGN_V4_S3:
        o.s3 = 1;
        o.payload_hash = t->payload_hash;
        if (t->chunked)
            return cboto__chunked_sign(t, &t->msg, &cr, &o, cl->sig_cache);
        return cboto__sigv4_sign_headers(cl->sig_cache, &t->msg, &cr, &o,
                                         NULL);
    case CBOTO__SIGN_V4:
        o.normalize_path = 1;
        return cboto__sigv4_sign_headers(cl->sig_cache, &t->msg, &cr, &o,
                                         NULL);
    }
    return CBOTO_EINVAL;
}

static int build_msg(struct cboto__transfer *t)
{
    struct cboto_request *rq = t->rq;
    int rc;

    rc = cboto__http_msg_init(&t->msg, &t->arena.al, rq->method, rq->scheme,
                              rq->host, rq->path);
    if (rc)
        return rc;
    rc = cboto__kvlist_copy(&t->msg.headers, &rq->headers);
    if (!rc)
        rc = cboto__kvlist_copy(&t->msg.query, &rq->query);
    if (rc)
        return rc;
    if (rq->form_body) {
        rc = cboto__kvlist_set(&t->msg.headers, "Content-Type",
                               "application/x-www-form-urlencoded; "
                               "charset=utf-8");
        /* SigV4 hashes the body, so it must exist before signing. */
        if (!rc && rq->sign != CBOTO__SIGN_V2) {
            rc = cboto__form_encode(&t->msg.query, &t->form, 1);
            cboto__kvlist_cleanup(&t->msg.query);
        }
        if (rc)
            return rc;
        t->msg.body.ptr = t->form.ptr;
        t->msg.body.len = t->form.len;
    } else if (rq->body.kind == CBOTO__BODY_MEM) {
        t->msg.body.ptr = rq->body.ptr;
        t->msg.body.len = rq->body.len;
    }
    rc = sign_msg(t);
    if (rc)
        return rc;
    if (rq->form_body) { /* SigV2 may have just written it */
        t->msg.body.ptr = t->form.ptr;
        t->msg.body.len = t->form.len;
    }
    return cboto__http_msg_url(&t->msg, &t->url);
}

static int inline_body(const struct cboto__transfer *t)
{
    const struct cboto_request *rq = t->rq;

    return rq->body.kind == CBOTO__BODY_MEM && !rq->form_body && !t->chunked &&
           rq->body.len <= INLINE_BODY_MAX;
}

static int append_bare_header(struct cboto__transfer *t,
                              struct curl_slist ***tail, const char *line)
{
    size_t n = strlen(line) + 1;
    struct curl_slist *node = cboto__alloc(&t->arena.al, sizeof *node + n);

    if (!node)
        return CBOTO_ENOMEM;
    node->data = (char *)(node + 1);
    memcpy(node->data, line, n);
    node->next = NULL;
    **tail = node;
    *tail = &node->next;
    return CBOTO_OK;
}

/* curl's header list, built in the arena rather than with
 * curl_slist_append (two allocations per header).  struct curl_slist is
 * public and libcurl only reads a CURLOPT_HTTPHEADER list, which stays the
 * caller's to free; this one goes with the arena, after the attempt. */
static int set_headers(struct cboto__transfer *t)
{
    struct curl_slist *head = NULL, **tail = &head;
    size_t i;

    for (i = 0; i < t->msg.headers.n; i++) {
        const struct cboto__kv *kv = &t->msg.headers.v[i];
        size_t nl = kv->nlen, vl = kv->vlen;
        struct curl_slist *node;
        char *d;

        node = cboto__alloc(&t->arena.al, sizeof *node + nl + vl + 3);
        if (!node)
            return CBOTO_ENOMEM;
        d = (char *)(node + 1);
        memcpy(d, kv->name, nl);
        if (vl) {
            d[nl] = ':';
            d[nl + 1] = ' ';
            memcpy(d + nl + 2, kv->value, vl);
            d[nl + 2 + vl] = '\0';
        } else {
            /* "Name;" is curl's way to send a header with an empty value. */
            d[nl] = ';';
            d[nl + 1] = '\0';
        }
        node->data = d;
        node->next = NULL;
        *tail = node;
        tail = &node->next;
    }
    /* The client's User-Agent unless the request brings its own; and not
     * libcurl's default Accept (any type): AWS answers the same without
     * it, botocore and libs3 send none, and libcurl 7.88 formats every
     * header byte one at a time. */
    if (!cboto__kvlist_get(&t->msg.headers, "User-Agent") &&
        append_bare_header(t, &tail, t->cl->ua_line))
        return CBOTO_ENOMEM;
    if (!cboto__kvlist_get(&t->msg.headers, "Accept") &&
        append_bare_header(t, &tail, "Accept:"))
        return CBOTO_ENOMEM;
    if (inline_body(t)) {
        /* curl would label "post fields" as a form unless told otherwise;
         * an empty "Content-Type:" sends no type, as the upload path does.
         * (Post fields up to 1 MiB never ask for "100 Continue".) */
        if (!cboto__kvlist_get(&t->msg.headers, "Content-Type") &&
            append_bare_header(t, &tail, "Content-Type:"))
            return CBOTO_ENOMEM;
    } else if (t->rq->body.kind == CBOTO__BODY_MEM &&
               t->rq->body.len <= NO_EXPECT_MAX &&
               !cboto__kvlist_get(&t->msg.headers, "Expect")) {
        /* libcurl asks for "100 Continue" before any PUT body.  A small
         * body in memory costs less to send than the round trip spent
         * waiting for permission (botocore also sends in-memory bodies
         * straight away); "Expect:" with no value tells curl not to ask.
         * Files and streams keep it, so a refusal stops them early. */
        if (append_bare_header(t, &tail, "Expect:"))
            return CBOTO_ENOMEM;
    }
    t->slist = head;
    return CBOTO_OK;
}

static uint64_t clock_ms(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0)
        clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t cboto__now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

/* The read timeout's clock.  on_progress runs a dozen times per request
 * and a precise clock read is a paravirtual clock read under a hypervisor;
 * the coarse clock is the same monotonic time at the kernel tick (1-10
 * ms), far finer than any read timeout. */
static uint64_t io_clock_ms(void)
{
#ifdef CLOCK_MONOTONIC_COARSE
    return clock_ms(CLOCK_MONOTONIC_COARSE);
#else
    return clock_ms(CLOCK_MONOTONIC);
#endif
}

/* The read timeout, checked here rather than with libcurl's low-speed
 * limit: that one averages over seconds, so once bytes have moved (a
 * request body, a 100 Continue) a silence was noticed only after ~6 s
 * whatever the setting (found by the fault tests).  libcurl calls this at
 * least once a second while a transfer lives, idle or not. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    struct cboto__transfer *t = ud;
    struct cboto_request *rq = t->rq;
    long limit = t->cl->read_timeout_ms + rq->extra_timeout_ms;
    uint64_t now = io_clock_ms();

    /* The I/O callbacks only raise a flag (reading the clock for every
     * header line showed in profiles); curl calls this right after each
     * pass that moved bytes, so the time taken here is when they moved.
     * Post fields are sent without a read callback to raise the flag, so
     * a change in the upload count counts too. */
    if ((uint64_t)ulnow != t->seen_ul) {
        t->seen_ul = (uint64_t)ulnow;
        t->io_seen = 1;
    }
    if (t->io_seen) {
        t->io_seen = 0;
        t->last_io_ms = now;
    }
    if (limit > 0 && now - t->last_io_ms > (uint64_t)limit) {
        t->cb_rc = CBOTO_ETIMEDOUT;
        return 1;
    }
    if (rq->progress &&
        rq->progress(rq, (uint64_t)ulnow, (uint64_t)ultotal, (uint64_t)dlnow,
                     (uint64_t)dltotal, rq->progress_ud) != 0) {
        t->cb_rc = CBOTO_EABORTED;
        return 1;
    }
    return 0;
}

#define SETOPT(opt, val)                                                      \
    do {                                                                      \
        if (curl_easy_setopt(e, opt, val) != CURLE_OK)                        \
            return CBOTO_EINVAL;                                              \
    } while (0)

/* What depends only on the client: set once per handle and client.  A
 * handle last set up for someone else is reset first, so nothing of that
 * client (a CA bundle, TLS checks) lingers. */
static int set_client_options(struct cboto__transfer *t)
{
    struct cboto_client *cl = t->cl;
    CURL *e = t->easy;

    if (t->easy_tag != CBOTO__EASY_NEW)
        curl_easy_reset(e);
    /* Until every option below is set, the handle is neither. */
    t->easy_tag = CBOTO__EASY_DIRTY;
    SETOPT(CURLOPT_NOSIGNAL, 1L);
    SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
    SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
    /* S3 keys may hold "/./" and "/../": curl must not squash them. */
    SETOPT(CURLOPT_PATH_AS_IS, 1L);
    SETOPT(CURLOPT_TCP_KEEPALIVE, 1L);
    SETOPT(CURLOPT_CONNECTTIMEOUT_MS, cl->connect_timeout_ms);
    /* With LOW_SPEED_TIME (per request): a read timeout. */
    SETOPT(CURLOPT_LOW_SPEED_LIMIT, 1L);
    SETOPT(CURLOPT_EXPECT_100_TIMEOUT_MS, 1000L);
    SETOPT(CURLOPT_SSL_VERIFYPEER, cl->insecure ? 0L : 1L);
    SETOPT(CURLOPT_SSL_VERIFYHOST, cl->insecure ? 0L : 2L);
    if (cl->ca_bundle)
        SETOPT(CURLOPT_CAINFO, cl->ca_bundle);
    SETOPT(CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(CURLOPT_WRITEFUNCTION, on_write);
    SETOPT(CURLOPT_READFUNCTION, cboto__transfer_on_read);
    SETOPT(CURLOPT_SEEKFUNCTION, cboto__transfer_on_seek);
    SETOPT(CURLOPT_XFERINFOFUNCTION, on_progress);
    SETOPT(CURLOPT_NOPROGRESS, 0L);
    t->easy_tag = cl->id;
    return CBOTO_OK;
}

/* Every option of one attempt.  Each one that a request may set is set by
 * every request (to its default when unused), so a handle reused without
 * a reset carries nothing over; attempts of one request set the same. */
static int set_curl_options(struct cboto__transfer *t)
{
    struct cboto_request *rq = t->rq;
    struct cboto_client *cl = t->cl;
    CURL *e = t->easy;
    uint64_t len = cboto__body_length(rq);
    int has_body = rq->body.kind != CBOTO__BODY_NONE;
    long read_s = (cl->read_timeout_ms + rq->extra_timeout_ms + 999) / 1000;
    int rc;

    if (t->easy_tag != cl->id && (rc = set_client_options(t)) != CBOTO_OK)
        return rc;
    SETOPT(CURLOPT_URL, cboto__buf_cstr(&t->url));
    SETOPT(CURLOPT_ERRORBUFFER, t->curl_err);
    SETOPT(CURLOPT_HEADERDATA, t);
    SETOPT(CURLOPT_WRITEDATA, t);
    SETOPT(CURLOPT_READDATA, t);
    SETOPT(CURLOPT_SEEKDATA, t);
    SETOPT(CURLOPT_XFERINFODATA, t);
    SETOPT(CURLOPT_TIMEOUT_MS,
           cl->timeout_ms ? cl->timeout_ms + rq->extra_timeout_ms : 0L);
    SETOPT(CURLOPT_LOW_SPEED_TIME, read_s > 0 ? read_s : 1L);

    /* Back to a plain GET first: no form, custom verb, sizes, upload or
     * HEAD left from the handle's last request.  POSTFIELDS makes the
     * method POST, so HTTPGET comes after it. */
    SETOPT(CURLOPT_POSTFIELDS, (char *)NULL);
    SETOPT(CURLOPT_CUSTOMREQUEST, (char *)NULL);
    SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
    SETOPT(CURLOPT_INFILESIZE_LARGE, (curl_off_t)-1);
    SETOPT(CURLOPT_HTTPGET, 1L);
    if (strcmp(rq->method, "GET") == 0 && !has_body) {
        /* as it is */
    } else if (strcmp(rq->method, "HEAD") == 0) {
        SETOPT(CURLOPT_NOBODY, 1L);
    } else if (rq->form_body) {
        SETOPT(CURLOPT_POST, 1L);
        SETOPT(CURLOPT_POSTFIELDS, cboto__buf_cstr(&t->form));
        SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->form.len);
    } else if (inline_body(t)) {
        SETOPT(CURLOPT_POSTFIELDS,
               rq->body.len ? (const char *)rq->body.ptr : "");
        SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body.len);
        if (strcmp(rq->method, "POST") != 0)
            SETOPT(CURLOPT_CUSTOMREQUEST, rq->method);
    } else if (strcmp(rq->method, "POST") == 0) {
        SETOPT(CURLOPT_POST, 1L);
        if (len != CBOTO_LENGTH_UNKNOWN)
            SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    } else {
        /* PUT, DELETE and anything else: curl's upload path streams the
         * body through on_read; an unknown length goes out chunked. */
        if (strcmp(rq->method, "PUT") == 0 || has_body) {
            SETOPT(CURLOPT_UPLOAD, 1L);
            if (len != CBOTO_LENGTH_UNKNOWN)
                SETOPT(CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
        }
        if (strcmp(rq->method, "PUT") != 0)
            SETOPT(CURLOPT_CUSTOMREQUEST, rq->method);
    }
    SETOPT(CURLOPT_HTTPHEADER, t->slist);
    return CBOTO_OK;
}

uint64_t cboto__transfer_detach_easy(struct cboto__transfer *t)
{
    CURL *e = t->easy;
    int bad = 0;

    if (!e)
        return CBOTO__EASY_NEW;
    /* curl reads these only during a transfer, but a handle must not
     * point into freed memory (the error buffer and callback data are in
     * t, the header list and form in its arena). */
    bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, (char *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_READDATA, (void *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_SEEKDATA, (void *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_XFERINFODATA, (void *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER,
                            (struct curl_slist *)NULL) != CURLE_OK;
    bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, (char *)NULL) != CURLE_OK;
    if (bad) {
        curl_easy_reset(e);
        return CBOTO__EASY_NEW;
    }
    /* An aws-chunked upload set the upload buffer size: not every request
     * sets that, so the next one starts from a reset. */
    return t->chunked ? CBOTO__EASY_DIRTY : t->easy_tag;
}

int cboto__transfer_begin_attempt(struct cboto__transfer *t)
{
    struct cboto_request *rq = t->rq;
    const struct cboto__parser *ps = rq->parser;
    int rc;

    reset_attempt(t);
    t->attempt++;
    t->last_io_ms = io_clock_ms();
    t->resp->attempts = t->attempt;
    if (t->attempt > 1 && rq->body.kind == CBOTO__BODY_FN &&
        t->body_consumed) {
        if (!rq->body.rewind || rq->body.rewind(rq, rq->body.ud) != 0)
            return CBOTO_EABORTED;
        t->body_consumed = 0;
    }
    if (rq->sink.kind == CBOTO__SINK_FILE && ftruncate(t->sink_tmp_fd, 0))
        return CBOTO_EIO;
    if (ps) {
        t->pstate =
            cboto__calloc(t->a, 1, ps->state_size ? ps->state_size : 1);
        if (!t->pstate)
            return CBOTO_ENOMEM;
        rc = ps->init ? ps->init(t->pstate, t->a) : CBOTO_OK;
        if (!rc && ps->init_request &&
            (rc = ps->init_request(t->pstate, rq)) && ps->cleanup)
            ps->cleanup(t->pstate); /* init succeeded: undo it */
        if (rc) {
            cboto__free(t->a, t->pstate);
            t->pstate = NULL;
            return rc;
        }
    }
    rc = build_msg(t);
    if (!rc)
        rc = set_headers(t);
    if (!rc)
        rc = set_curl_options(t);
    if (!rc && t->chunked)
        rc = cboto__chunked_set_curl(t);
    if (!rc)
        cboto__debug_request(t);
    return rc;
}

/* Map what curl said to our codes; a timeout gets its own code because
 * callers treat it differently from a refused connection. */
static int curl_code(CURLcode cc)
{
    switch (cc) {
    case CURLE_OPERATION_TIMEDOUT:
        return CBOTO_ETIMEDOUT;
    case CURLE_OUT_OF_MEMORY:
        return CBOTO_ENOMEM;
    case CURLE_ABORTED_BY_CALLBACK:
        return CBOTO_EABORTED;
    default:
        return CBOTO_ETRANSPORT;
    }
}

/* botocore uses the status as the code when an error has no body (HEAD);
 * a word reads better in messages and scripts. */
static const char *status_code_name(int status)
{
    switch (status) {
    case 301:
        return "PermanentRedirect";
    case 304:
        return "NotModified";
    case 400:
        return "BadRequest";
    case 403:
        return "Forbidden";
    case 404:
        return "NotFound";
    case 405:
        return "MethodNotAllowed";
    case 409:
        return "Conflict";
    case 412:
        return "PreconditionFailed";
    case 416:
        return "InvalidRange";
    case 500:
        return "InternalError";
    case 503:
        return "ServiceUnavailable";
    default:
        return NULL;
    }
}

static int service_error(struct cboto__transfer *t, int *retryable)
{
    struct cboto_response *r = t->resp;
    const char *code;
    const char *rid;

    if (r->body.len) {
        int prc =
            cboto__parse_error_doc(t->a, r->body.ptr, r->body.len, &r->fields);

        if (prc != CBOTO_OK)
            cboto__error_fields_cleanup(t->a, &r->fields);
        /* Out of memory is not "no detail": say so rather than report a
         * service error stripped of its code. */
        if (prc == CBOTO_ENOMEM)
            return CBOTO_ENOMEM;
    }
    if (!r->fields.code) {
        const char *name = status_code_name(t->status);

        if (name && !(r->fields.code = cboto__strdup(t->a, name)))
            return CBOTO_ENOMEM;
    }
    code = r->fields.code;
    rid = r->fields.request_id;
    if (!rid)
        rid = cboto__kvlist_get(&r->headers, "x-amz-request-id");
    if (!rid)
        rid = cboto__kvlist_get(&r->headers, "x-amzn-RequestId");
    r->err.service_code = code;
    r->err.message = r->fields.message;
    r->err.request_id = rid;
    *retryable = cboto__retry_is_transient(t->status, code);

    /* A skewed clock fails every signature; learn the offset from the
     * server's Date and sign again, once.  The SDKs leave this to users. */
    if (code && (strcmp(code, "RequestTimeTooSkewed") == 0 ||
                 strcmp(code, "RequestExpired") == 0 ||
                 strcmp(code, "InvalidSignatureException") == 0)) {
        const char *date = cboto__kvlist_get(&r->headers, "Date");
        time_t server, local;

        if (date && cboto__parse_http_date(date, &server) == CBOTO_OK) {
            local = t->cl->clock ? t->cl->clock(t->cl->clock_ud) : time(NULL);
            if ((long)(server - local) != cboto_client_clock_offset(t->cl)) {
                cboto__client_set_clock_offset(t->cl, (long)(server - local));
                *retryable = 2; /* retry at once */
            }
        }
    }
    return CBOTO_ESERVICE;
}

static int finish_success(struct cboto__transfer *t, int *retryable)
{
    const struct cboto__parser *ps = t->rq->parser;
    void *result = NULL;
    int rc = CBOTO_OK;

    if (t->route == 3) {
        struct cboto__error_fields f;
        struct cboto__xml_handler h;

        memset(&f, 0, sizeof f);
        if (cboto__parse_error_doc(t->a, t->resp->body.ptr, t->resp->body.len,
                                   &f) == CBOTO_OK) {
            /* A failure dressed as 200: report it like any error answer
             * (service_error parses the same body again into the detail). */
            cboto__error_fields_cleanup(t->a, &f);
            return service_error(t, retryable);
        }
        cboto__error_fields_cleanup(t->a, &f);
        if (ps && (ps->start || ps->end)) {
            h.start = ps->start;
            h.end = ps->end;
            h.st = t->pstate;
            rc = cboto__xml_new(t->a, &h, t->cl->max_response_bytes, &t->xml);
            if (rc)
                return rc;
            cboto__xml_set_attr(t->xml, ps->attr);
            rc = cboto__xml_feed(t->xml, t->resp->body.ptr, t->resp->body.len);
            if (!rc)
                rc = cboto__xml_finish(t->xml);
            if (rc)
                return rc;
        }
        cboto__buf_reset(&t->resp->body);
    } else if (ps && (ps->start || ps->end)) {
        /* An XML answer was expected: no body at all is malformed too. */
        if (!t->xml)
            return CBOTO_EPARSE;
        rc = cboto__xml_finish(t->xml);
        if (rc)
            return rc;
    }
    if (ps && ps->finish) {
        rc = ps->finish(t->pstate, t->status, &t->resp->headers, &result);
        if (rc)
            return rc;
        t->resp->result = result;
        t->resp->result_kind = ps->result_kind;
    }
    return CBOTO_OK;
}

static int can_resend(const struct cboto__transfer *t, CURLcode cc)
{
    const struct cboto_request *rq = t->rq;

    if (t->delivered_unrecoverable)
        return 0;
    if (rq->body.kind == CBOTO__BODY_FN && t->body_consumed &&
        !rq->body.rewind)
        return 0;
    /* A call that must not run twice is resent only when it surely did
     * not reach the service. */
    if (rq->not_idempotent && cc != CURLE_OK && cc != CURLE_COULDNT_CONNECT &&
        cc != CURLE_COULDNT_RESOLVE_HOST)
        return 0;
    return 1;
}

/* The transfer is over: put the body where it belongs, or make sure a
 * failed one cannot pass for a whole one.  Returns the final code. */
static int settle(struct cboto__transfer *t, int rc)
{
    struct cboto_request *rq = t->rq;

    if (rc != CBOTO_OK) {
        if (rq->sink.kind == CBOTO__SINK_FD && t->sink_seekable) {
            struct stat st;

            if (fstat(rq->sink.fd, &st) == 0 && S_ISREG(st.st_mode) &&
                ftruncate(rq->sink.fd, (off_t)t->sink_base) != 0)
                rc = CBOTO_EIO;
        }
        /* FILE sinks: the temporary file is removed by cleanup. */
    } else if (rq->sink.kind == CBOTO__SINK_FILE) {
        int bad = fsync(t->sink_tmp_fd) != 0;

        bad |= close(t->sink_tmp_fd) != 0;
        t->sink_tmp_fd = -1;
        if (bad || rename(t->sink_tmp_path, rq->sink.path) != 0) {
            rc = CBOTO_EIO;
        } else {
            cboto__free(t->a, t->sink_tmp_path);
            t->sink_tmp_path = NULL;
        }
    } else if (rq->sink.kind == CBOTO__SINK_FD && t->sink_seekable) {
        /* Leave the descriptor's offset after the body, as write() would. */
        lseek(rq->sink.fd, (off_t)(t->sink_base + t->sink_written), SEEK_SET);
    }
    t->resp->err.code = rc;
    return rc;
}

void cboto__transfer_fail(struct cboto__transfer *t, int rc)
{
    settle(t, rc);
}

int cboto__transfer_end_attempt(struct cboto__transfer *t, CURLcode cc,
                                int *final_rc)
{
    struct cboto_response *r = t->resp;
    int rc, retryable = 0;
    long status = 0;

    if (curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status) ==
            CURLE_OK &&
        status && !t->status)
        t->status = (int)status;
    r->http_status = t->status;
    cboto__debug_response(t, cc);

    if (t->cb_rc == CBOTO_ETIMEDOUT) {
        char why[96];

        snprintf(why, sizeof why, "nothing received for %ld ms",
                 t->cl->read_timeout_ms + t->rq->extra_timeout_ms);
        rc = CBOTO_ETIMEDOUT;
        r->transport = cboto__strdup(t->a, why);
        r->err.transport = r->transport;
        retryable = 1; /* as libcurl's own timeouts are */
    } else if (t->cb_rc) {
        rc = t->cb_rc;
    } else if (cc != CURLE_OK) {
        rc = curl_code(cc);
        r->transport = cboto__strdup(
            t->a, t->curl_err[0] ? t->curl_err : curl_easy_strerror(cc));
        r->err.transport = r->transport;
        retryable = cboto__retry_curl_retryable(cc);
    } else if (t->status >= 200 && t->status <= 299) {
        rc = finish_success(t, &retryable);
    } else {
        rc = service_error(t, &retryable);
    }
    r->err.http_status = t->status;

    if (retryable && rc != CBOTO_ENOMEM && t->attempt < t->cl->max_attempts &&
        can_resend(t, cc)) {
        unsigned seed = (unsigned)((uintptr_t)t ^ (unsigned)time(NULL) ^
                                   (unsigned)t->attempt * 2654435761u);

        t->next_delay_ms = retryable == 2
                               ? 0
                               : cboto__retry_delay_ms(t->cl->retry_base_ms,
                                                       t->attempt, &seed);
        return 1;
    }
    rc = settle(t, rc);
    *final_rc = rc;
    return 0;
}

void cboto__transfer_cleanup(struct cboto__transfer *t,
                             struct cboto_response **resp_out)
{
    const struct cboto__parser *ps = t->rq ? t->rq->parser : NULL;

    cboto__xml_free(t->xml);
    t->xml = NULL;
    if (t->pstate) {
        if (ps && ps->cleanup)
            ps->cleanup(t->pstate);
        cboto__free(t->a, t->pstate);
        t->pstate = NULL;
    }
    if (t->sink_tmp_fd >= 0)
        close(t->sink_tmp_fd);
    if (t->sink_tmp_path) {
        unlink(t->sink_tmp_path);
        cboto__free(t->a, t->sink_tmp_path);
    }
    /* The message, URL, form body and header list go with the arena. */
    t->slist = NULL;
    cboto__arena_cleanup(&t->arena);
    cboto__chunked_free(t);
    if (resp_out)
        *resp_out = t->resp;
    else
        cboto_response_release(t->resp);
    t->resp = NULL;
    cboto_request_release(t->rq);
    t->rq = NULL;
}
