/* SPDX-License-Identifier: MIT */
/*
 * Signatures per second with cboto's signers (internals; linked against
 * the build's .libs/libcboto_core.a):
 *
 *   sign_bench N [CASE]
 *
 * With CASE, only that case runs (for profiling one of them).
 * Each iteration does what the executor does per attempt: build the
 * message (method, host, path, headers, query) in a scratch arena whose
 * first block is on the stack (as the transfer's is), form-encode the body
 * for SQS, sign with the client's signing-key cache (a hit after the first
 * call), and free the message.  Reported separately:
 *   sigv4_s3_get      GET of an S3 object (empty payload hash)
 *   sigv4_sqs_send    SQS SendMessage form POST (SHA-256 of the form)
 *   sigv2_sdb_select  SimpleDB Select, HmacSHA256 over the sorted query,
 *                     which is also the form body
 * and "sigv4_sign_only": the sign call alone on a prepared message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/internal.h"
#include "signing/internal.h"

#include "bench_util.h"

static const struct cboto__creds_view g_cr = {
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};
static const time_t g_now = 1732492800; /* 2024-11-25T00:00:00Z */

/* The transfer's per-attempt arena: the message and form live there. */
struct scratch {
    struct cboto__arena ar;
    uint64_t mem[384];
};

static const struct cboto_allocator *scratch_init(struct scratch *s)
{
    cboto__arena_init(&s->ar, NULL, s->mem, sizeof s->mem);
    return &s->ar.al;
}

static void chk(int rc, const char *what)
{
    if (rc) {
        fprintf(stderr, "sign_bench: %s: %d\n", what, rc);
        exit(1);
    }
}

static void s3_get(struct cboto__sigv4_cache *c)
{
    struct scratch sc;
    const struct cboto_allocator *a = scratch_init(&sc);
    struct cboto__http_msg m;
    struct cboto__sigv4_opts o = {.region = "us-east-1",
                                  .service = "s3",
                                  .now = g_now,
                                  .s3 = 1,
                                  .payload_hash = CBOTO__EMPTY_SHA256};

    chk(cboto__http_msg_init(&m, a, "GET", "https",
                             "bench.s3.us-east-1.amazonaws.com",
                             "/photos/2024/IMG%200001.jpg"),
        "init");
    chk(cboto__kvlist_add(&m.headers, "User-Agent", "cboto/0.1 bench"), "h");
    chk(cboto__sigv4_sign_headers(c, &m, &g_cr, &o, NULL), "sign s3");
    cboto__http_msg_cleanup(&m);
    cboto__arena_cleanup(&sc.ar);
}

static void sqs_send(struct cboto__sigv4_cache *c)
{
    struct scratch sc;
    const struct cboto_allocator *a = scratch_init(&sc);
    struct cboto__http_msg m;
    struct cboto__buf form;
    struct cboto__sigv4_opts o = {.region = "us-east-1",
                                  .service = "sqs",
                                  .now = g_now,
                                  .normalize_path = 1};
    /* 100 bytes: the phrase four times. */
    static const char body[] = "hello from the benchmark "
                               "hello from the benchmark "
                               "hello from the benchmark "
                               "hello from the benchmark ";
    chk(cboto__http_msg_init(&m, a, "POST", "https",
                             "sqs.us-east-1.amazonaws.com",
                             "/123456789012/bench-queue"),
        "init");
    cboto__buf_init(&form, a, 0);
    chk(cboto__kvlist_add(&m.query, "Action", "SendMessage"), "q");
    chk(cboto__kvlist_add(&m.query, "Version", "2012-11-05"), "q");
    chk(cboto__kvlist_add(&m.query, "MessageBody", body), "q");
    chk(cboto__kvlist_add(&m.query, "DelaySeconds", "0"), "q");
    chk(cboto__kvlist_add(&m.headers, "User-Agent", "cboto/0.1 bench"), "h");
    chk(cboto__kvlist_set(&m.headers, "Content-Type",
                          "application/x-www-form-urlencoded; charset=utf-8"),
        "h");
    /* '+' for spaces, as the executor writes SigV4 form bodies. */
    chk(cboto__form_encode(&m.query, &form, 1), "form");
    cboto__kvlist_cleanup(&m.query);
    m.body.ptr = form.ptr;
    m.body.len = form.len;
    chk(cboto__sigv4_sign_headers(c, &m, &g_cr, &o, NULL), "sign sqs");
    cboto__http_msg_cleanup(&m);
    cboto__buf_cleanup(&form);
    cboto__arena_cleanup(&sc.ar);
}

static void sdb_select(struct cboto__sigv4_cache *c)
{
    struct scratch sc;
    const struct cboto_allocator *a = scratch_init(&sc);
    struct cboto__http_msg m;
    struct cboto__buf form;

    (void)c;
    chk(cboto__http_msg_init(&m, a, "POST", "https", "sdb.amazonaws.com", "/"),
        "init");
    cboto__buf_init(&form, a, 0);
    chk(cboto__kvlist_add(&m.query, "Action", "Select"), "q");
    chk(cboto__kvlist_add(&m.query, "Version", "2009-04-15"), "q");
    chk(cboto__kvlist_add(&m.query, "SelectExpression",
                          "select * from `bench` where a = 'b' limit 100"),
        "q");
    chk(cboto__kvlist_add(&m.query, "ConsistentRead", "true"), "q");
    chk(cboto__kvlist_add(&m.headers, "User-Agent", "cboto/0.1 bench"), "h");
    /* Signed and form-encoded in one pass, as the executor sends it. */
    chk(cboto__sigv2_sign_form(&m, &g_cr, g_now, &form), "sign sdb");
    cboto__http_msg_cleanup(&m);
    cboto__buf_cleanup(&form);
    cboto__arena_cleanup(&sc.ar);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(struct cboto__sigv4_cache *);
    } cases[] = {{"sigv4_s3_get", s3_get},
                 {"sigv4_sqs_send", sqs_send},
                 {"sigv2_sdb_select", sdb_select}};
    long n = bench_atol(argc > 1 ? argv[1] : NULL, 100000), i;
    const char *only = argc > 2 ? argv[2] : NULL;
    struct cboto__sigv4_cache *cache;
    struct bench_win w = {0};
    size_t k;

    chk(cboto__sigv4_cache_new(NULL, &cache), "cache");
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (only && strcmp(only, cases[k].name) != 0)
            continue;
        for (i = 0; i < 1000; i++)
            cases[k].fn(cache);
        bench_start(&w);
        for (i = 0; i < n; i++)
            cases[k].fn(cache);
        bench_report(&w, cases[k].name, "cboto", n, 0);
    }

    /* The sign call alone: re-sign a prepared S3 GET (the signer replaces
     * its own headers), so message building is not counted. */
    if (!only || strcmp(only, "sigv4_sign_only") == 0) {
        struct cboto__http_msg m;
        struct cboto__sigv4_opts o = {.region = "us-east-1",
                                      .service = "s3",
                                      .now = g_now,
                                      .s3 = 1,
                                      .payload_hash = CBOTO__EMPTY_SHA256};
        chk(cboto__http_msg_init(&m, NULL, "GET", "https",
                                 "bench.s3.us-east-1.amazonaws.com",
                                 "/photos/2024/IMG%200001.jpg"),
            "init");
        chk(cboto__kvlist_add(&m.headers, "User-Agent", "cboto/0.1 bench"),
            "h");
        bench_start(&w);
        for (i = 0; i < n; i++) {
            cboto__kvlist_remove(&m.headers, "Authorization");
            cboto__kvlist_remove(&m.headers, "X-Amz-Date");
            cboto__kvlist_remove(&m.headers, "x-amz-content-sha256");
            chk(cboto__sigv4_sign_headers(cache, &m, &g_cr, &o, NULL), "sign");
        }
        bench_report(&w, "sigv4_sign_only", "cboto", n, 0);
        if (m.headers.n != 4) {
            fprintf(stderr, "sign_only: %zu headers\n", m.headers.n);
            return 1;
        }
        cboto__http_msg_cleanup(&m);
    }
    cboto__sigv4_cache_free(cache);
    return 0;
}
