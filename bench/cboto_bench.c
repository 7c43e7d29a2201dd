/* SPDX-License-Identifier: MIT */
/*
 * cboto driver for the benchmarks (bench/run.sh).
 *
 *   cboto_bench ENDPOINT MODE [N] [IN_FLIGHT]
 *
 * MODE  put N | get N          blocking executor, one at a time (1 KiB)
 *       aput N K | aget N K    libevent executor, K in flight
 *       list N                 ListObjectsV2 1,000-key page, fetch + parse
 *       bigget FILE            1 GiB GET to FILE (file sink), blocking
 *       abigget FILE           the same through the libevent executor
 *       bigput FILE [PAYLOAD]  PUT of FILE from its descriptor, blocking
 *       abigput FILE [PAYLOAD] the same, libevent.  PAYLOAD: auto (the
 *                              default: over http that is aws-chunked
 *                              streaming, each chunk hashed and signed as
 *                              it is sent, the file read once), hashed
 *                              (the file hashed first, then sent: read
 *                              twice), unsigned (UNSIGNED-PAYLOAD)
 *       hold N                 N GETs in flight at once on one loop; reports
 *                              peak RSS growth per request in flight
 *       tmget FILE P           1 GiB GET to FILE with the transfer manager
 *                              (<cboto/s3_transfer.h>), P parts in flight
 *       tmput FILE P           the transfer manager's multipart upload of
 *                              FILE, P parts in flight
 *
 * Built with -DBENCH_CALLGRIND, one request of put/list is wrapped in
 * CALLGRIND_TOGGLE_COLLECT (run valgrind with --collect-atstart=no).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

#include "bench_util.h"

#define BUCKET "bench"

static struct cboto_client *g_cl;
static uint8_t g_body[1024];
static const char *g_mode;

static void die(const char *what, int rc, struct cboto_response *resp)
{
    char msg[512];

    fprintf(stderr, "cboto_bench %s: %s failed: %s\n", g_mode, what,
            cboto_response_describe(resp, rc, msg, sizeof msg));
    exit(1);
}

static struct cboto_request *build(int put, const char *key)
{
    struct cboto_request *rq = NULL;
    int rc;

    if (put) {
        rc = cboto_s3_put_object(
            g_cl, &(struct cboto_s3_put_params){.bucket = BUCKET, .key = key},
            &rq);
        if (!rc)
            rc = cboto_request_set_body(
                rq, (struct cboto_cursor){g_body, sizeof g_body},
                CBOTO_BODY_BORROW);
    } else {
        rc = cboto_s3_get_object(
            g_cl, &(struct cboto_s3_get_params){.bucket = BUCKET, .key = key},
            &rq);
    }
    if (rc)
        die("build", rc, NULL);
    return rq;
}

static void check_get(struct cboto_response *resp)
{
    if (cboto_response_body(resp).len != 1024) {
        fprintf(stderr, "GET: got %zu bytes\n", cboto_response_body(resp).len);
        exit(1);
    }
}

static void one_blocking(struct cboto_exec *ex, int put, const char *key)
{
    struct cboto_request *rq = build(put, key);
    struct cboto_response *resp = NULL;
    int rc = cboto_exec_perform(ex, rq, &resp);

    if (rc)
        die(put ? "PutObject" : "GetObject", rc, resp);
    if (!put)
        check_get(resp);
    cboto_response_release(resp);
    cboto_request_release(rq);
}

static void run_seq(int put, long n)
{
    struct cboto_exec *ex;
    struct bench_win w = {0};
    long i;

    if (cboto_exec_new(NULL, &ex))
        die("exec_new", CBOTO_ENOMEM, NULL);
    /* warm up: connection, signing-key cache */
    for (i = 0; i < 20; i++)
        one_blocking(ex, put, put ? "put-1k" : "obj-1k");
#ifdef BENCH_CALLGRIND
    BENCH_CG_ON();
    one_blocking(ex, put, put ? "put-1k" : "obj-1k");
    BENCH_CG_OFF();
    n = 0;
#endif
    bench_start(&w);
    for (i = 0; i < n; i++)
        one_blocking(ex, put, put ? "put-1k" : "obj-1k");
    bench_report(&w, put ? "put1k_seq" : "get1k_seq", "cboto", n, 0);
    cboto_exec_free(ex);
}

static void run_list(long n)
{
    struct cboto_exec *ex;
    struct bench_win w = {0};
    long i, total = n + 3;

    if (cboto_exec_new(NULL, &ex))
        die("exec_new", CBOTO_ENOMEM, NULL);
#ifdef BENCH_CALLGRIND
    total = 2;
#endif
    for (i = 0; i < total; i++) {
        struct cboto_request *rq = NULL;
        struct cboto_response *resp = NULL;
        const struct cboto_s3_list_result *lr;
        int rc;

        if (i == 3)
            bench_start(&w);
#ifdef BENCH_CALLGRIND
        if (i == 1)
            BENCH_CG_ON();
#endif
        rc = cboto_s3_list_objects_v2(
            g_cl, &(struct cboto_s3_list_params){.bucket = BUCKET}, &rq);
        if (rc)
            die("build", rc, NULL);
        rc = cboto_exec_perform(ex, rq, &resp);
        if (rc)
            die("ListObjectsV2", rc, resp);
        lr = cboto_s3_list_result(resp);
        if (!lr || lr->n_objects != 1000 ||
            !strchr(lr->objects[999].key, ' ')) {
            fprintf(stderr, "list: bad result\n");
            exit(1);
        }
        cboto_response_release(resp);
        cboto_request_release(rq);
#ifdef BENCH_CALLGRIND
        if (i == 1)
            BENCH_CG_OFF();
#endif
    }
#ifndef BENCH_CALLGRIND
    bench_report(&w, "list1000", "cboto", n, 0);
#endif
    cboto_exec_free(ex);
}

/* ---- libevent ----------------------------------------------------------- */

struct async_run {
    struct cboto_evexec *evx;
    int put;
    long to_submit, done, failed;
    int first_err;
};

static void submit_one(struct async_run *ar);

static void on_done(struct cboto_request *rq, int err,
                    struct cboto_response *resp, void *ud)
{
    struct async_run *ar = ud;

    (void)rq;
    if (err) {
        char msg[512];

        if (!ar->failed++)
            fprintf(stderr, "async: %s\n",
                    cboto_response_describe(resp, err, msg, sizeof msg));
    } else if (!ar->put) {
        check_get(resp);
    }
    ar->done++;
    if (ar->to_submit > 0)
        submit_one(ar);
}

static void submit_one(struct async_run *ar)
{
    struct cboto_request *rq = build(ar->put, ar->put ? "put-1k" : "obj-1k");
    int rc = cboto_evexec_submit(ar->evx, rq, on_done, ar);

    cboto_request_release(rq);
    if (rc)
        die("submit", rc, NULL);
    ar->to_submit--;
}

static struct cboto_evexec *new_evexec(struct event_base *base, long k)
{
    struct cboto_evexec *evx;
    int rc = cboto_evexec_new(
        base, &(struct cboto_evexec_options){.max_in_flight = (unsigned)k},
        &evx);

    if (rc)
        die("evexec_new", rc, NULL);
    return evx;
}

static void run_async(int put, long n, long k)
{
    struct event_base *base = event_base_new();
    struct async_run ar = {0};
    struct bench_win w = {0};
    char test[64];
    long i;

    ar.evx = new_evexec(base, k);
    ar.put = put;
    /* warm up: open the k connections once */
    ar.to_submit = k;
    for (i = 0; i < k; i++)
        submit_one(&ar);
    event_base_dispatch(base);

    bench_start(&w);
    ar.done = ar.failed = 0;
    ar.to_submit = n;
    for (i = 0; i < k && i < n; i++)
        submit_one(&ar);
    event_base_dispatch(base);
    snprintf(test, sizeof test, "%s1k_k%ld", put ? "put" : "get", k);
    bench_report(&w, test, "cboto-event", n, 0);
    if (ar.failed || ar.done != n) {
        fprintf(stderr, "async: %ld failed, %ld done of %ld\n", ar.failed,
                ar.done, n);
        exit(1);
    }
    cboto_evexec_free(ar.evx);
    event_base_free(base);
}

/* N GETs in flight at once: the peak RSS growth over the baseline. */
static void run_hold(long n)
{
    struct event_base *base = event_base_new();
    struct async_run ar = {0};
    struct rlimit rl;
    struct bench_win w = {0};
    long base_kb, peak_kb, i;

    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if ((long)rl.rlim_cur < n + 100) {
        fprintf(stderr, "hold: fd limit %ld too low\n", (long)rl.rlim_cur);
        exit(1);
    }
    ar.evx = new_evexec(base, n);
    /* warm up the allocator and libcurl with a few requests */
    ar.to_submit = 4;
    for (i = 0; i < 4; i++)
        submit_one(&ar);
    event_base_dispatch(base);
    base_kb = bench_rss_now_kb();
    bench_start(&w);
    ar.done = ar.failed = 0;
    ar.to_submit = n;
    for (i = 0; i < n; i++)
        submit_one(&ar);
    event_base_dispatch(base);
    bench_report(&w, "hold", "cboto-event", n, 0);
    bench_cpu(&peak_kb);
    printf("HOLD cboto-event n=%ld base_kb=%ld peak_kb=%ld per_req_kb=%.1f "
           "failed=%ld\n",
           n, base_kb, peak_kb, (double)(peak_kb - base_kb) / (double)n,
           ar.failed);
    cboto_evexec_free(ar.evx);
    event_base_free(base);
}

/* ---- 1 GiB transfers ---------------------------------------------------- */

static void big_done(struct cboto_request *rq, int err,
                     struct cboto_response *resp, void *ud)
{
    (void)rq;
    if (err)
        die("big async", err, resp);
    *(int *)ud = 1;
}

static enum cboto_s3_payload_signing payload_mode(const char *s)
{
    if (!s || !strcmp(s, "auto"))
        return CBOTO_S3_PAYLOAD_AUTO;
    if (!strcmp(s, "hashed"))
        return CBOTO_S3_PAYLOAD_HASHED;
    if (!strcmp(s, "unsigned"))
        return CBOTO_S3_PAYLOAD_UNSIGNED;
    if (!strcmp(s, "streaming"))
        return CBOTO_S3_PAYLOAD_STREAMING;
    fprintf(stderr, "unknown payload mode %s\n", s);
    exit(2);
}

static void run_big(int put, int async, const char *path,
                    enum cboto_s3_payload_signing mode)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    struct bench_win w = {0};
    struct stat st;
    uint64_t size = 0;
    int fd = -1, rc, ok = 0;
    char test[32];

    if (put) {
        fd = open(path, O_RDONLY);
        if (fd < 0 || fstat(fd, &st)) {
            perror(path);
            exit(1);
        }
        size = (uint64_t)st.st_size;
    }
    bench_start(&w);
    if (put) {
        rc = cboto_s3_put_object(
            g_cl,
            &(struct cboto_s3_put_params){
                .bucket = BUCKET, .key = "big-up", .payload_signing = mode},
            &rq);
        if (!rc)
            rc = cboto_request_set_body_fd(rq, fd, 0, size);
    } else {
        rc = cboto_s3_get_object(
            g_cl,
            &(struct cboto_s3_get_params){.bucket = BUCKET, .key = "big-1g"},
            &rq);
        if (!rc)
            rc = cboto_request_set_sink_file(rq, path);
    }
    if (rc)
        die("build", rc, NULL);
    if (async) {
        struct event_base *base = event_base_new();
        struct cboto_evexec *evx = new_evexec(base, 1);

        rc = cboto_evexec_submit(evx, rq, big_done, &ok);
        if (rc)
            die("submit", rc, NULL);
        event_base_dispatch(base);
        cboto_evexec_free(evx);
        event_base_free(base);
    } else {
        struct cboto_exec *ex;

        if (cboto_exec_new(NULL, &ex))
            die("exec_new", CBOTO_ENOMEM, NULL);
        rc = cboto_exec_perform(ex, rq, &resp);
        if (rc)
            die(put ? "big PUT" : "big GET", rc, resp);
        cboto_response_release(resp);
        cboto_exec_free(ex);
    }
    cboto_request_release(rq);
    if (!put) {
        if (stat(path, &st)) {
            perror(path);
            exit(1);
        }
        size = (uint64_t)st.st_size;
    } else {
        close(fd);
    }
    snprintf(test, sizeof test, "big%s", put ? "put" : "get");
    bench_report(&w, test, async ? "cboto-event" : "cboto", 1,
                 (unsigned long long)size);
}

/* ---- 1 GiB through the transfer manager --------------------------------- */

static void tm_done(struct cboto_s3_transfer *tr, int err,
                    const struct cboto_response *failed, void *ud)
{
    char msg[512];

    (void)tr;
    if (err) {
        fprintf(stderr, "cboto_bench %s: transfer failed: %s\n", g_mode,
                cboto_response_describe(failed, err, msg, sizeof msg));
        exit(1);
    }
    *(int *)ud = 1;
}

/* Default part size (8 MiB: 128 parts for 1 GiB) and threshold; only the
 * number of parts in flight varies.  The executor admits as many
 * requests as there are parts in flight, so it never queues. */
static void run_tm(int put, const char *path, long parts)
{
    struct event_base *base = event_base_new();
    struct cboto_evexec *evx = new_evexec(base, parts);
    struct cboto_s3_transfer *tr = NULL;
    struct cboto_s3_transfer_options o = {.max_in_flight = (unsigned)parts};
    struct bench_win w = {0};
    struct stat st;
    char impl[32];
    int rc, ok = 0;

    bench_start(&w);
    if (put)
        rc = cboto_s3_upload_file(evx, g_cl, BUCKET, "big-up", path, &o,
                                  tm_done, &ok, &tr);
    else
        rc = cboto_s3_download_file(evx, g_cl, BUCKET, "big-1g", path, &o,
                                    tm_done, &ok, &tr);
    if (rc)
        die(put ? "upload_file" : "download_file", rc, NULL);
    event_base_dispatch(base);
    if (!ok || stat(path, &st)) {
        fprintf(stderr, "cboto_bench %s: no result\n", g_mode);
        exit(1);
    }
    snprintf(impl, sizeof impl, "cboto-tm%ld", parts);
    bench_report(&w, put ? "bigput" : "bigget", impl, 1,
                 (unsigned long long)st.st_size);
    printf("TMPARTS %s %s parts=%u\n", put ? "bigput" : "bigget", impl,
           cboto_s3_transfer_parts(tr));
    cboto_s3_transfer_free(tr);
    cboto_evexec_free(evx);
    event_base_free(base);
}

int main(int argc, char **argv)
{
    char err[256] = "";
    long n;
    int rc;
    size_t i;

    if (argc < 3) {
        fprintf(stderr, "usage: %s ENDPOINT MODE [N] [K]\n", argv[0]);
        return 2;
    }
    g_mode = argv[2];
    n = bench_atol(argc > 3 ? argv[3] : NULL, 1000);
    for (i = 0; i < sizeof g_body; i++)
        g_body[i] = (uint8_t)(i * 7 + 3);
    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT))
        return 1;
    rc = cboto_client_new(
        &(struct cboto_client_options){
            .endpoint_url = argv[1],
            .region = "us-east-1",
            .access_key_id = "AKIDEXAMPLE",
            .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            .ignore_environment = 1,
            .s3_addressing = CBOTO_S3_ADDRESSING_PATH,
            .max_attempts = 1,
            .error_buf = err,
            .error_buf_size = sizeof err},
        &g_cl);
    if (rc) {
        fprintf(stderr, "client: %s %s\n", cboto_strerror(rc), err);
        return 1;
    }
    if (!strcmp(g_mode, "put") || !strcmp(g_mode, "get"))
        run_seq(g_mode[0] == 'p', n);
    else if (!strcmp(g_mode, "aput") || !strcmp(g_mode, "aget"))
        run_async(g_mode[1] == 'p', n,
                  bench_atol(argc > 4 ? argv[4] : NULL, 64));
    else if (!strcmp(g_mode, "list"))
        run_list(n);
    else if (!strcmp(g_mode, "hold"))
        run_hold(n);
    else if (!strcmp(g_mode, "bigget") || !strcmp(g_mode, "abigget"))
        run_big(0, g_mode[0] == 'a', argv[3], CBOTO_S3_PAYLOAD_AUTO);
    else if (!strcmp(g_mode, "bigput") || !strcmp(g_mode, "abigput"))
        run_big(1, g_mode[0] == 'a', argv[3],
                payload_mode(argc > 4 ? argv[4] : NULL));
    else if ((!strcmp(g_mode, "tmget") || !strcmp(g_mode, "tmput")) &&
             argc > 4)
        run_tm(g_mode[2] == 'p', argv[3], bench_atol(argv[4], 8));
    else {
        fprintf(stderr, "unknown mode %s\n", g_mode);
        return 2;
    }
    cboto_client_free(g_cl);
    cboto_global_cleanup();
    return 0;
}
