/* SPDX-License-Identifier: MIT */
/*
 * The floors: a bare libcurl easy loop (keep-alive, no signing, no
 * parsing) and a bare libxml2 SAX pass over the listing bytes.
 *
 *   curl_floor BASEURL MODE [N]
 *
 * MODE  put N | get N      1 KiB PUT (the body handed over as "post
 *                          fields" with the method set to PUT, as cboto
 *                          sends in-memory bodies up to 64 KiB: headers and
 *                          body in one send()) / GET into a memory buffer
 *       rput N             1 KiB PUT the usual libcurl way: CURLOPT_UPLOAD
 *                          and a read callback, without "Expect:
 *                          100-continue" (headers and body in two sends)
 *       hput N | hget N    the same carrying the header bytes of a SigV4
 *                          request (User-Agent, X-Amz-Date,
 *                          X-Amz-Content-SHA256, Authorization, sizes as
 *                          cboto sends them, and no Accept, as cboto sends
 *                          none) with nothing computed: what
 *                          libcurl itself spends on a signed request
 *       sput N | sget N    the same headers with a real signature computed
 *                          per request by the least SigV4 code there can be
 *                          (sigv4_floor.h): what any SigV4 client on
 *                          libcurl pays at the very least
 *       list N             GET the 1,000-key page, SAX-parse it as it
 *                          arrives (push parser), count the keys
 *       sax N FILE         SAX pass only, over FILE's bytes in memory
 *       bigget FILE        1 GiB GET written to FILE with write()
 *       biggetsync FILE    the same into FILE.tmp, then fsync and rename, the
 *                          durability cboto's file sink gives
 *       bigput FILE        PUT of FILE read with pread() in the callback
 *       aput N K | aget N K  K transfers in flight on one curl multi, driven
 *                          as cboto drives it: curl_multi_socket_action
 *                          from a libevent loop (hiperfifo).  Each easy
 *                          handle is set up once and re-added when its
 *                          transfer ends.
 *       pput N K | pget N K  the same K in flight, driven with
 *                          curl_multi_perform + curl_multi_poll
 *       raput N K          aput with the PUT body through a read callback
 *       asput N K | asget N K  aput/aget carrying the SigV4 headers, signed
 *                          per request as sput/sget do: the least a SigV4
 *                          client on libcurl's multi interface pays
 */
#include <curl/curl.h>
#include <event2/event.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "sigv4_floor.h"

static const char *g_base;
/* How a 1 KiB PUT body goes to libcurl: 0 as "post fields" with the method
 * renamed, as cboto hands over in-memory bodies up to 64 KiB (libcurl then
 * writes headers and body in one send()); 1 through CURLOPT_UPLOAD and a
 * read callback, libcurl's usual PUT, which sends them apart. */
static int g_readcb;
static char g_url[512];

struct membuf {
    char *p;
    size_t len, cap;
};

static size_t on_mem(char *p, size_t sz, size_t nm, void *ud)
{
    struct membuf *b = ud;
    size_t n = sz * nm;

    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            return 0;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return n;
}

struct upload {
    const char *mem;
    int fd;
    unsigned long long off, len;
};

static size_t on_read(char *p, size_t sz, size_t nm, void *ud)
{
    struct upload *u = ud;
    size_t n = sz * nm;

    if (n > u->len - u->off)
        n = (size_t)(u->len - u->off);
    if (u->mem) {
        memcpy(p, u->mem + u->off, n);
    } else if (n) {
        ssize_t r = pread(u->fd, p, n, (off_t)u->off);

        if (r < 0)
            return CURL_READFUNC_ABORT;
        n = (size_t)r;
    }
    u->off += n;
    return n;
}

static void check(CURL *e, CURLcode c, const char *what)
{
    long code = 0;

    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    if (c != CURLE_OK || code != 200) {
        fprintf(stderr, "curl_floor %s: %s, HTTP %ld\n", what,
                curl_easy_strerror(c), code);
        exit(1);
    }
}

/* ---- SAX ---------------------------------------------------------------- */

struct sax_state {
    long keys;
    int in_key;
    size_t text;
};

static void sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                      const xmlChar *uri, int nns, const xmlChar **ns,
                      int nattr, int ndef, const xmlChar **attrs)
{
    struct sax_state *s = ctx;

    (void)prefix, (void)uri, (void)nns, (void)ns, (void)nattr, (void)ndef;
    (void)attrs;
    if (!strcmp((const char *)local, "Key"))
        s->in_key = 1;
}

static void sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
                    const xmlChar *uri)
{
    struct sax_state *s = ctx;

    (void)prefix, (void)uri;
    if (s->in_key && !strcmp((const char *)local, "Key")) {
        s->in_key = 0;
        s->keys++;
    }
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    struct sax_state *s = ctx;

    (void)ch;
    s->text += (size_t)len;
}

static xmlSAXHandler g_sax;

static xmlParserCtxtPtr sax_new(struct sax_state *st)
{
    xmlParserCtxtPtr ctx;

    memset(st, 0, sizeof *st);
    ctx = xmlCreatePushParserCtxt(&g_sax, st, NULL, 0, NULL);
    xmlCtxtUseOptions(ctx, XML_PARSE_NONET | XML_PARSE_NOENT * 0);
    return ctx;
}

static void sax_end_check(xmlParserCtxtPtr ctx, struct sax_state *st)
{
    xmlParseChunk(ctx, NULL, 0, 1);
    if (!ctx->wellFormed || st->keys != 1000) {
        fprintf(stderr, "SAX: %ld keys, well-formed %d\n", st->keys,
                ctx->wellFormed);
        exit(1);
    }
    xmlFreeParserCtxt(ctx);
}

static size_t on_sax(char *p, size_t sz, size_t nm, void *ud)
{
    xmlParseChunk(ud, p, (int)(sz * nm), 0);
    return sz * nm;
}

/* ---- modes -------------------------------------------------------------- */

static CURL *new_easy(const char *path)
{
    CURL *e = curl_easy_init();

    snprintf(g_url, sizeof g_url, "%s%s", g_base, path);
    curl_easy_setopt(e, CURLOPT_URL, g_url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    return e;
}

/* Header lines of the sizes cboto sends for a signed 1 KiB request (the
 * values do not matter to nginx; their bytes do to libcurl 7.88, which
 * formats every custom header through its printf one byte at a time). */
/* The lines cboto adds to every request besides the signature: its
 * User-Agent in the list (not CURLOPT_USERAGENT, which libcurl formats
 * twice) and libcurl's default Accept turned off. */
#define UA_LINE   "User-Agent: cboto/0.1.0"
#define NO_ACCEPT "Accept:"
#define SF_NODES  5

static struct curl_slist *signed_headers(void)
{
    static const char *const lines[] = {
        UA_LINE, NO_ACCEPT, "X-Amz-Date: 20261125T005151Z",
        "X-Amz-Content-SHA256: "
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "Authorization: AWS4-HMAC-SHA256 "
        "Credential=AKIDEXAMPLE/20261125/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
        "Signature="
        "353f3cc644827b67689af9672bdf33a83cb2f7af761db6b6df909fc95a4c912f"};
    struct curl_slist *l = NULL;
    size_t i;

    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        l = curl_slist_append(l, lines[i]);
    return l;
}

static void put_body(CURL *e, struct upload *up)
{
    if (g_readcb) {
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->len);
        curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(e, CURLOPT_READDATA, up);
    } else {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, up->mem);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)up->len);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PUT");
    }
}

/* What a PUT's header list needs: with the read callback, "Expect:" (no
 * "100 Continue" wait, as cboto sends small bodies); with post fields,
 * "Content-Type:" (curl would label them a form). */
static const char *put_line(void)
{
    return g_readcb ? "Expect:" : "Content-Type:";
}

/* A SigV4 header list of nodes of our own, ending in tail: libcurl reads
 * the lines at each perform, so sf_sign rewrites them in place and nothing
 * is allocated per request. */
static struct curl_slist *sf_list(struct sigv4_floor *sf, const char *method,
                                  const char *path,
                                  struct curl_slist sfn[SF_NODES],
                                  struct curl_slist *tail)
{
    int i;

    sf_init(sf, method, path, g_base);
    sfn[0].data = (char *)UA_LINE;
    sfn[1].data = (char *)NO_ACCEPT;
    sfn[2].data = sf->h_date;
    sfn[3].data = sf->h_hash;
    sfn[4].data = sf->h_auth;
    for (i = 0; i < SF_NODES - 1; i++)
        sfn[i].next = &sfn[i + 1];
    sfn[SF_NODES - 1].next = tail;
    return &sfn[0];
}

/* hdrs: 0 none, 1 fixed SigV4-sized lines, 2 signed per request */
static void run_seq(int put, long n, int hdrs)
{
    struct sigv4_floor sf;
    struct curl_slist sfn[SF_NODES];
    struct curl_slist *sl = hdrs == 1 ? signed_headers() : NULL;

    if (put)
        sl = curl_slist_append(sl, put_line());
    static char body[1024];
    struct membuf mb = {0};
    struct upload up = {body, -1, 0, sizeof body};
    struct bench_win w = {0};
    CURL *e = new_easy(put ? "/bench/put-1k" : "/bench/obj-1k");
    long i;

    for (i = 0; i < (long)sizeof body; i++)
        body[i] = (char)(i * 7 + 3);
    if (hdrs == 2) /* sl: put_line() for a PUT */
        curl_easy_setopt(e, CURLOPT_HTTPHEADER,
                         sf_list(&sf, put ? "PUT" : "GET",
                                 put ? "/bench/put-1k" : "/bench/obj-1k", sfn,
                                 sl));
    if (put)
        put_body(e, &up);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_mem);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &mb);
    if (sl && hdrs != 2)
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, sl);
    for (i = -20; i < n; i++) {
        if (i == 0)
            bench_start(&w);
        up.off = 0;
        mb.len = 0;
#ifdef BENCH_CALLGRIND
        if (i == -1)
            BENCH_CG_ON();
#endif
        if (hdrs == 2)
            sf_sign(&sf, put ? body : NULL, put ? sizeof body : 0);
        check(e, curl_easy_perform(e), put ? "PUT" : "GET");
#ifdef BENCH_CALLGRIND
        if (i == -1) {
            BENCH_CG_OFF();
            break;
        }
#endif
        if (!put && mb.len != 1024) {
            fprintf(stderr, "GET: %zu bytes\n", mb.len);
            exit(1);
        }
    }
#ifndef BENCH_CALLGRIND
    bench_report(&w, put ? "put1k_seq" : "get1k_seq",
                 hdrs == 2   ? "curl-floor+sigv4"
                 : hdrs == 1 ? "curl-floor+hdrs"
                 : g_readcb  ? "curl-floor-readcb"
                             : "curl-floor",
                 n, 0);
#endif
    curl_easy_cleanup(e);
    curl_slist_free_all(sl);
    free(mb.p);
}

static void run_list(long n)
{
    struct bench_win w = {0};
    CURL *e = new_easy("/bench?list-type=2&encoding-type=url");
    long i;

    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_sax);
    for (i = -3; i < n; i++) {
        struct sax_state st;
        xmlParserCtxtPtr ctx = sax_new(&st);

        if (i == 0)
            bench_start(&w);
#ifdef BENCH_CALLGRIND
        if (i == -2)
            BENCH_CG_ON();
#endif
        curl_easy_setopt(e, CURLOPT_WRITEDATA, ctx);
        check(e, curl_easy_perform(e), "list");
        sax_end_check(ctx, &st);
#ifdef BENCH_CALLGRIND
        if (i == -2) {
            BENCH_CG_OFF();
            return;
        }
#endif
    }
    bench_report(&w, "list1000", "curl+sax-floor", n, 0);
    curl_easy_cleanup(e);
}

static void run_sax(long n, const char *path)
{
    struct membuf mb = {0};
    struct bench_win w = {0};
    char buf[65536];
    FILE *f = fopen(path, "rb");
    size_t got;
    long i;

    if (!f) {
        perror(path);
        exit(1);
    }
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        on_mem(buf, 1, got, &mb);
    fclose(f);
    bench_start(&w);
    for (i = 0; i < n; i++) {
        struct sax_state st;
        xmlParserCtxtPtr ctx = sax_new(&st);
        size_t off;

        /* in 16 KiB pieces, as a socket delivers them */
        for (off = 0; off < mb.len; off += 16384)
            xmlParseChunk(ctx, mb.p + off,
                          (int)(mb.len - off < 16384 ? mb.len - off : 16384),
                          0);
        sax_end_check(ctx, &st);
    }
    bench_report(&w, "sax1000", "sax-floor", n, mb.len);
    free(mb.p);
}

static size_t on_file(char *p, size_t sz, size_t nm, void *ud)
{
    size_t n = sz * nm, done = 0;

    while (done < n) {
        ssize_t r = write(*(int *)ud, p + done, n - done);

        if (r <= 0)
            return 0;
        done += (size_t)r;
    }
    return n;
}

static void run_big(int put, const char *path, int sync)
{
    struct bench_win w = {0};
    struct stat st;
    struct upload up = {0};
    CURL *e = new_easy(put ? "/bench/big-up" : "/bench/big-1g");
    char tmp[4096];
    int fd;

    snprintf(tmp, sizeof tmp, "%s%s", path, sync ? ".tmp" : "");
    bench_start(&w);
    fd = put ? open(path, O_RDONLY)
             : open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || fstat(fd, &st)) {
        perror(path);
        exit(1);
    }
    if (put) {
        up.fd = fd;
        up.len = (unsigned long long)st.st_size;
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
        curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(e, CURLOPT_READDATA, &up);
    } else {
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_file);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &fd);
    }
    check(e, curl_easy_perform(e), put ? "big PUT" : "big GET");
    if (!put)
        fstat(fd, &st);
    if (sync && (fsync(fd) != 0 || rename(tmp, path) != 0)) {
        perror(path);
        exit(1);
    }
    close(fd);
    bench_report(&w, put ? "bigput" : "bigget",
                 sync ? "curl-floor-fsync" : "curl-floor", 1,
                 (unsigned long long)st.st_size);
    curl_easy_cleanup(e);
}

/* ---- many in flight on one multi ---------------------------------------- */

struct mslot {
    CURL *e;
    struct membuf mb;
    struct upload up;
    struct sigv4_floor sf; /* signed runs: this slot's header lines */
    struct curl_slist sfn[SF_NODES + 1];
};

struct mrun {
    CURLM *m;
    struct event_base *base;
    struct event *timer;
    struct mslot *slots;
    int put;
    int sign; /* SigV4 headers signed per request (asput/asget) */
    long to_start, done;
};

/* One event per socket, kept while curl watches it; a change of interest
 * re-assigns it in place. */
struct msock {
    struct event *ev;
    short flags;
};

static char g_body[1024];

static void m_setup(struct mrun *r, struct mslot *s)
{
    s->e = new_easy(r->put ? "/bench/put-1k" : "/bench/obj-1k");
    s->up.mem = g_body;
    s->up.len = sizeof g_body;
    if (r->sign) {
        /* Signed per transfer by m_start, plus put_line() for a PUT. */
        s->sfn[SF_NODES].data = (char *)put_line();
        s->sfn[SF_NODES].next = NULL;
        curl_easy_setopt(s->e, CURLOPT_HTTPHEADER,
                         sf_list(&s->sf, r->put ? "PUT" : "GET",
                                 r->put ? "/bench/put-1k" : "/bench/obj-1k",
                                 s->sfn, r->put ? &s->sfn[SF_NODES] : NULL));
        if (r->put)
            put_body(s->e, &s->up);
    } else if (r->put) {
        static struct curl_slist line;

        line.data = (char *)put_line();
        curl_easy_setopt(s->e, CURLOPT_HTTPHEADER, &line);
        put_body(s->e, &s->up);
    }
    curl_easy_setopt(s->e, CURLOPT_WRITEFUNCTION, on_mem);
    curl_easy_setopt(s->e, CURLOPT_WRITEDATA, &s->mb);
    curl_easy_setopt(s->e, CURLOPT_PRIVATE, (char *)s);
}

static void m_start(struct mrun *r, struct mslot *s)
{
    s->up.off = 0;
    s->mb.len = 0;
    r->to_start--;
    if (r->sign)
        sf_sign(&s->sf, r->put ? g_body : NULL, r->put ? sizeof g_body : 0);
    if (curl_multi_add_handle(r->m, s->e) != CURLM_OK) {
        fprintf(stderr, "curl_floor: add_handle failed\n");
        exit(1);
    }
}

/* Finished transfers: check, and put the handle straight back while
 * there is work left. */
static void m_reap(struct mrun *r)
{
    CURLMsg *msg;
    int left;

    while ((msg = curl_multi_info_read(r->m, &left))) {
        struct mslot *s = NULL;
        CURLcode c = msg->data.result;

        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
        check(s->e, c, r->put ? "PUT" : "GET");
        if (!r->put && s->mb.len != 1024) {
            fprintf(stderr, "GET: %zu bytes\n", s->mb.len);
            exit(1);
        }
        curl_multi_remove_handle(r->m, s->e);
        r->done++;
        if (r->to_start > 0)
            m_start(r, s);
    }
}

static void m_on_event(evutil_socket_t fd, short what, void *ud)
{
    struct mrun *r = ud;
    int running, ev = 0;

    if (what & EV_READ)
        ev |= CURL_CSELECT_IN;
    if (what & EV_WRITE)
        ev |= CURL_CSELECT_OUT;
    curl_multi_socket_action(r->m, fd, ev, &running);
    m_reap(r);
}

static void m_on_timer(evutil_socket_t fd, short what, void *ud)
{
    struct mrun *r = ud;
    int running;

    (void)fd, (void)what;
    curl_multi_socket_action(r->m, CURL_SOCKET_TIMEOUT, 0, &running);
    m_reap(r);
}

static int m_on_socket(CURL *e, curl_socket_t s, int what, void *ud,
                       void *sockp)
{
    struct mrun *r = ud;
    struct msock *ms = sockp;
    short fl = EV_PERSIST;

    (void)e;
    if (what == CURL_POLL_REMOVE) {
        if (ms) {
            event_free(ms->ev);
            free(ms);
        }
        return 0;
    }
    if (what & CURL_POLL_IN)
        fl |= EV_READ;
    if (what & CURL_POLL_OUT)
        fl |= EV_WRITE;
    if (!ms) {
        ms = calloc(1, sizeof *ms);
        if (!ms)
            return -1;
        ms->ev = event_new(r->base, s, fl, m_on_event, r);
        curl_multi_assign(r->m, s, ms);
    } else if (ms->flags == fl) {
        return 0;
    } else {
        event_del(ms->ev);
        event_assign(ms->ev, r->base, s, fl, m_on_event, r);
    }
    ms->flags = fl;
    return event_add(ms->ev, NULL);
}

static int m_on_curl_timer(CURLM *m, long ms, void *ud)
{
    struct mrun *r = ud;
    struct timeval tv;

    (void)m;
    if (ms < 0)
        return evtimer_del(r->timer);
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return evtimer_add(r->timer, &tv);
}

static void m_drive_poll(struct mrun *r, long total)
{
    while (r->done < total) {
        int running;

        curl_multi_perform(r->m, &running);
        m_reap(r);
        if (r->done >= total)
            break;
        curl_multi_poll(r->m, NULL, 0, 1000, NULL);
    }
}

static void run_multi(int put, int use_poll, int sign, long n, long k)
{
    struct mrun r = {0};
    struct bench_win w = {0};
    struct rlimit rl;
    char test[64];
    long i, pass;

    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    for (i = 0; i < (long)sizeof g_body; i++)
        g_body[i] = (char)(i * 7 + 3);
    r.put = put;
    r.sign = sign;
    r.m = curl_multi_init();
    /* Room for every connection: the default (4 per easy handle in the
     * multi) closes some whenever the multi briefly holds few handles. */
    curl_multi_setopt(r.m, CURLMOPT_MAXCONNECTS, k);
    if (!use_poll) {
        r.base = event_base_new();
        r.timer = evtimer_new(r.base, m_on_timer, &r);
        curl_multi_setopt(r.m, CURLMOPT_SOCKETFUNCTION, m_on_socket);
        curl_multi_setopt(r.m, CURLMOPT_SOCKETDATA, &r);
        curl_multi_setopt(r.m, CURLMOPT_TIMERFUNCTION, m_on_curl_timer);
        curl_multi_setopt(r.m, CURLMOPT_TIMERDATA, &r);
    }
    r.slots = calloc((size_t)k, sizeof *r.slots);
    for (i = 0; i < k; i++)
        m_setup(&r, &r.slots[i]);
    /* pass 0 opens the k connections, pass 1 is measured */
    for (pass = 0; pass < 2; pass++) {
        long total = pass == 0 ? k : n;

        if (pass == 1)
            bench_start(&w);
        r.done = 0;
        r.to_start = total;
        for (i = 0; i < k && i < total; i++)
            m_start(&r, &r.slots[i]);
        if (use_poll)
            m_drive_poll(&r, total);
        else
            event_base_dispatch(r.base);
    }
    snprintf(test, sizeof test, "%s1k_k%ld", put ? "put" : "get", k);
    bench_report(&w, test,
                 use_poll   ? "curl-multi-poll"
                 : g_readcb ? "curl-multi-readcb"
                 : sign     ? "curl-multi+sigv4"
                            : "curl-multi",
                 n, 0);
    for (i = 0; i < k; i++) {
        curl_easy_cleanup(r.slots[i].e);
        free(r.slots[i].mb.p);
    }
    curl_multi_cleanup(r.m);
    if (!use_poll) {
        event_free(r.timer);
        event_base_free(r.base);
    }
    free(r.slots);
}

int main(int argc, char **argv)
{
    const char *mode;
    long n;

    if (argc < 3) {
        fprintf(stderr, "usage: %s BASEURL MODE [N] [FILE|K]\n", argv[0]);
        return 2;
    }
    g_base = argv[1];
    mode = argv[2];
    n = bench_atol(argc > 3 ? argv[3] : NULL, 1000);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();
    memset(&g_sax, 0, sizeof g_sax);
    g_sax.initialized = XML_SAX2_MAGIC;
    g_sax.startElementNs = sax_start;
    g_sax.endElementNs = sax_end;
    g_sax.characters = sax_chars;
    if (!strcmp(mode, "put") || !strcmp(mode, "get"))
        run_seq(mode[0] == 'p', n, 0);
    else if (!strcmp(mode, "hput") || !strcmp(mode, "hget"))
        run_seq(mode[1] == 'p', n, 1);
    else if (!strcmp(mode, "sput") || !strcmp(mode, "sget"))
        run_seq(mode[1] == 'p', n, 2);
    else if (!strcmp(mode, "rput")) {
        g_readcb = 1;
        run_seq(1, n, 0);
    } else if (!strcmp(mode, "raput")) {
        g_readcb = 1;
        run_multi(1, 0, 0, n, bench_atol(argc > 4 ? argv[4] : NULL, 64));
    } else if (!strcmp(mode, "list"))
        run_list(n);
    else if (!strcmp(mode, "sax") && argc > 4)
        run_sax(n, argv[4]);
    else if (!strcmp(mode, "aput") || !strcmp(mode, "aget") ||
             !strcmp(mode, "pput") || !strcmp(mode, "pget"))
        run_multi(mode[1] == 'p', mode[0] == 'p', 0, n,
                  bench_atol(argc > 4 ? argv[4] : NULL, 64));
    else if (!strcmp(mode, "asput") || !strcmp(mode, "asget"))
        run_multi(mode[2] == 'p', 0, 1, n,
                  bench_atol(argc > 4 ? argv[4] : NULL, 64));
    else if (!strcmp(mode, "bigget") || !strcmp(mode, "bigput"))
        run_big(mode[3] == 'p', argv[3], 0);
    else if (!strcmp(mode, "biggetsync"))
        run_big(0, argv[3], 1);
    else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    curl_global_cleanup();
    return 0;
}
