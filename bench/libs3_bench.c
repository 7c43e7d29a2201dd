/* SPDX-License-Identifier: MIT */
/*
 * libs3 (Debian libs3-dev 2.0) driver.  libs3 2.0 signs with SigV2
 * (HMAC-SHA1) and lists with ListObjects (v1); it is served the same bytes.
 *
 *   libs3_bench HOST:PORT MODE [N] [K]
 *
 * MODE  put N | get N      blocking mode (no request context), 1 KiB
 *       aput N K | aget N K  one S3RequestContext, K requests in flight,
 *                          driven with S3_get_request_context_fdsets +
 *                          select + S3_runonce_request_context
 *       list N             S3_list_bucket of the 1,000-key page
 */
#include <libs3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#include "bench_util.h"

static S3BucketContext g_bc;
static char g_body[1024];
static long g_failed;
static S3Status g_last = S3StatusOK;

struct op {
    int put;
    size_t off;
    size_t got;
    long keys;
    int done;
    struct op *next_free;
};

static S3Status on_props(const S3ResponseProperties *p, void *ud)
{
    (void)p, (void)ud;
    return S3StatusOK;
}

static long g_done;
static void on_complete(S3Status st, const S3ErrorDetails *ed, void *ud)
{
    struct op *o = ud;

    (void)ed;
    if (st != S3StatusOK || (!o->put && o->got != 1024 && o->keys == 0)) {
        if (!g_failed++)
            fprintf(stderr, "libs3: %s (got %zu)\n", S3_get_status_name(st),
                    o->got);
        g_last = st;
    }
    o->done = 1;
    g_done++;
}

static int on_put_data(int size, char *buf, void *ud)
{
    struct op *o = ud;
    size_t n = sizeof g_body - o->off;

    if (n > (size_t)size)
        n = (size_t)size;
    memcpy(buf, g_body + o->off, n);
    o->off += n;
    return (int)n;
}

static S3Status on_get_data(int size, const char *buf, void *ud)
{
    struct op *o = ud;

    (void)buf;
    o->got += (size_t)size;
    return S3StatusOK;
}

static S3Status on_list(int trunc, const char *next, int n,
                        const S3ListBucketContent *c, int np, const char **p,
                        void *ud)
{
    struct op *o = ud;

    (void)trunc, (void)next, (void)c, (void)np, (void)p;
    o->keys += n;
    return S3StatusOK;
}

static const S3PutObjectHandler put_h = {{on_props, on_complete}, on_put_data};
static const S3GetObjectHandler get_h = {{on_props, on_complete}, on_get_data};
static const S3ListBucketHandler list_h = {{on_props, on_complete}, on_list};

static void start(S3RequestContext *ctx, struct op *o, int put)
{
    memset(o, 0, sizeof *o);
    o->put = put;
    if (put)
        S3_put_object(&g_bc, "put-1k", sizeof g_body, NULL, ctx, &put_h, o);
    else
        S3_get_object(&g_bc, "obj-1k", NULL, 0, 0, ctx, &get_h, o);
}

static void run_seq(int put, long n)
{
    struct bench_win w = {0};
    struct op o;
    long i;

    for (i = -20; i < n; i++) {
        if (i == 0)
            bench_start(&w);
        start(NULL, &o, put);
    }
    bench_report(&w, put ? "put1k_seq" : "get1k_seq", "libs3", n, 0);
}

static void run_ctx(S3RequestContext *ctx)
{
    for (;;) {
        fd_set r, wr, ex;
        int maxfd = -1, remaining = 0;
        int64_t to;
        struct timeval tv;

        if (S3_runonce_request_context(ctx, &remaining) != S3StatusOK) {
            fprintf(stderr, "runonce failed\n");
            exit(1);
        }
        if (!remaining)
            return;
        FD_ZERO(&r);
        FD_ZERO(&wr);
        FD_ZERO(&ex);
        S3_get_request_context_fdsets(ctx, &r, &wr, &ex, &maxfd);
        to = S3_get_request_context_timeout(ctx);
        if (to < 0 || to > 100)
            to = 100;
        tv.tv_sec = 0;
        tv.tv_usec = (suseconds_t)(to * 1000);
        if (maxfd >= 0)
            select(maxfd + 1, &r, &wr, &ex, &tv);
    }
}

/* K in flight: libs3's context has no completion hook we can submit from
 * inside, so keep the window full between turns of the loop. */
static void run_async(int put, long n, long k)
{
    S3RequestContext *ctx;
    struct op *ops = calloc((size_t)k, sizeof *ops);
    struct bench_win w = {0};
    long submitted = 0, i, pass;
    char test[64];

    if (S3_create_request_context(&ctx) != S3StatusOK)
        exit(1);
    for (pass = 0; pass < 2; pass++) {
        long total = pass == 0 ? k : n;

        if (pass == 1)
            bench_start(&w);
        submitted = 0;
        g_done = 0;
        for (i = 0; i < k && submitted < total; i++, submitted++)
            start(ctx, &ops[i], put);
        while (g_done < total) {
            fd_set r, wr, ex;
            int maxfd = -1, remaining = 0;
            int64_t to;
            struct timeval tv;

            S3_runonce_request_context(ctx, &remaining);
            for (i = 0; i < k; i++)
                if (ops[i].done && submitted < total) {
                    start(ctx, &ops[i], put);
                    submitted++;
                }
            if (g_done >= total)
                break;
            FD_ZERO(&r);
            FD_ZERO(&wr);
            FD_ZERO(&ex);
            S3_get_request_context_fdsets(ctx, &r, &wr, &ex, &maxfd);
            to = S3_get_request_context_timeout(ctx);
            if (to < 0 || to > 100)
                to = 100;
            tv.tv_sec = 0;
            tv.tv_usec = (suseconds_t)(to * 1000);
            if (maxfd >= 0)
                select(maxfd + 1, &r, &wr, &ex, &tv);
        }
    }
    snprintf(test, sizeof test, "%s1k_k%ld", put ? "put" : "get", k);
    bench_report(&w, test, "libs3-ctx", n, 0);
    run_ctx(ctx);
    S3_destroy_request_context(ctx);
    free(ops);
}

static void run_list(long n)
{
    struct bench_win w = {0};
    struct op o;
    long i;

    for (i = -3; i < n; i++) {
        if (i == 0)
            bench_start(&w);
        memset(&o, 0, sizeof o);
        S3_list_bucket(&g_bc, NULL, NULL, NULL, 1000, NULL, &list_h, &o);
        if (o.keys != 1000) {
            fprintf(stderr, "libs3 list: %ld keys\n", o.keys);
            exit(1);
        }
    }
    bench_report(&w, "list1000", "libs3", n, 0);
}

int main(int argc, char **argv)
{
    const char *mode;
    long n;
    size_t i;

    if (argc < 3) {
        fprintf(stderr, "usage: %s HOST:PORT MODE [N] [K]\n", argv[0]);
        return 2;
    }
    mode = argv[2];
    n = bench_atol(argc > 3 ? argv[3] : NULL, 1000);
    for (i = 0; i < sizeof g_body; i++)
        g_body[i] = (char)(i * 7 + 3);
    if (S3_initialize("cboto-bench", S3_INIT_ALL, argv[1]) != S3StatusOK)
        return 1;
    g_bc.hostName = argv[1];
    g_bc.bucketName = "bench";
    g_bc.protocol = S3ProtocolHTTP;
    g_bc.uriStyle = S3UriStylePath;
    g_bc.accessKeyId = "AKIDEXAMPLE";
    g_bc.secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    if (!strcmp(mode, "put") || !strcmp(mode, "get"))
        run_seq(mode[0] == 'p', n);
    else if (!strcmp(mode, "aput") || !strcmp(mode, "aget"))
        run_async(mode[1] == 'p', n,
                  bench_atol(argc > 4 ? argv[4] : NULL, 64));
    else if (!strcmp(mode, "list"))
        run_list(n);
    else
        return 2;
    S3_deinitialize();
    if (g_failed)
        fprintf(stderr, "libs3: %ld failures (last %s)\n", g_failed,
                S3_get_status_name(g_last));
    return g_failed ? 1 : 0;
}
