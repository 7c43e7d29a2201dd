/* SPDX-License-Identifier: MIT */
/*
 * The client, request and response objects as the library sees them, and
 * the transfer: one attempt-spanning send of one request, shared by both
 * executors (aws/transfer.c).  Never installed.
 */
#ifndef CBOTO_AWS_CORE_H
#define CBOTO_AWS_CORE_H

#include <pthread.h>

#include <curl/curl.h>

#include <cboto/client.h>
#include <cboto/exec.h>
#include <cboto/request.h>
#include <cboto/response.h>

#include "config.h"
#include "internal.h"
#include "parser.h"

struct cboto__sigv4_cache;

/* A parsed endpoint URL: scheme, host[:port] as the Host header wants it,
 * and an optional base path without a trailing slash. */
struct cboto__endpoint {
    char *scheme;
    char *host;      /* with ":port" only when not the scheme's default */
    char *hostname;  /* without the port */
    char *base_path; /* "" or "/prefix" */
    int is_custom;   /* configured by the user rather than derived */
};

enum cboto__service { CBOTO__SVC_S3, CBOTO__SVC_SQS, CBOTO__SVC_SDB };

struct cboto_client {
    const struct cboto_allocator *a;
    /* Unique for the life of the process (never 0 or CBOTO__EASY_DIRTY):
     * tags the curl handles whose options are set up for this client. */
    uint64_t id;
    struct cboto_allocator a_copy;
    struct cboto__config cfg;
    char *region;
    char *ua_line; /* "User-Agent: cboto/VERSION [extra]", as sent */
    char *ca_bundle;
    int anonymous;
    int insecure;
    enum cboto_s3_addressing s3_addressing;
    long connect_timeout_ms;
    long read_timeout_ms;
    long timeout_ms;
    int max_attempts;
    long retry_base_ms;
    size_t max_response_bytes;
    cboto_clock_fn *clock;
    void *clock_ud;
    struct cboto__endpoint ep[3]; /* by enum cboto__service */
    struct cboto__sigv4_cache *sig_cache;
    pthread_mutex_t lock; /* guards live and clock_offset */
    long live;            /* requests, pagers and responses alive */
    long clock_offset;    /* seconds: server minus local */
    /* Big blocks of released results, for the next ones (aws/spare.c). */
    struct cboto__spare spare;
};

time_t cboto__client_now(struct cboto_client *cl);
void cboto__client_set_clock_offset(struct cboto_client *cl, long off);
const struct cboto__endpoint *
cboto__client_endpoint(const struct cboto_client *cl, enum cboto__service svc);

/* How an attempt is signed. */
enum cboto__sign_kind {
    CBOTO__SIGN_NONE,
    CBOTO__SIGN_V4,
    CBOTO__SIGN_V4_S3,
    CBOTO__SIGN_V2
};

enum cboto__body_kind {
    CBOTO__BODY_NONE,
    CBOTO__BODY_MEM,
    CBOTO__BODY_FD,
    CBOTO__BODY_FN
};

enum cboto__sink_kind {
    CBOTO__SINK_MEMORY,
    CBOTO__SINK_FD,
    CBOTO__SINK_FILE,
    CBOTO__SINK_FN
};

struct cboto_request {
    int refs;
    const struct cboto_allocator *a;
    struct cboto_client *client;
    enum cboto__service svc;
    /* operation, method and sign_service are stored after the struct, in
     * its allocation; the others are allocated on their own (builders
     * replace them). */
    const char *operation;
    const char *method;
    char *scheme;
    char *host;
    char *path; /* percent-encoded as sent */
    struct cboto__kvlist query;
    struct cboto__kvlist headers;
    int form_body; /* the query list travels as a form-encoded POST body */
    enum cboto__sign_kind sign;
    const char *sign_service;
    int unsigned_payload;
    int payload_signing; /* enum cboto_s3_payload_signing */
    int not_idempotent;  /* ambiguous failures are not retried */
    /* Added to the client's total and read timeouts for this request: a
     * long poll (SQS WaitTimeSeconds) legitimately sends nothing for its
     * wait time. */
    long extra_timeout_ms;
    /* S3 may answer 200 and still fail (CopyObject, UploadPartCopy,
     * CompleteMultipartUpload put an <Error> document in the body): such a
     * body is kept whole and checked before it is parsed as the result. */
    int error_in_200;
    cboto_progress_fn *progress;
    void *progress_ud;
    const struct cboto__parser *parser;
    struct {
        enum cboto__body_kind kind;
        const uint8_t *ptr; /* MEM */
        size_t len;
        int owned;
        int fd; /* FD */
        uint64_t offset;
        uint64_t length; /* FD, FN (CBOTO_LENGTH_UNKNOWN) */
        cboto_read_fn *read;
        cboto_rewind_fn *rewind;
        void *ud;
    } body;
    struct {
        enum cboto__sink_kind kind;
        size_t max;
        int fd;
        char *path;
        cboto_body_fn *fn;
        void *ud;
    } sink;
};

/* Create a request for cl (one reference, counted as live on cl). */
int cboto__request_new(struct cboto_client *cl, const char *operation,
                       const char *method, enum cboto__service svc,
                       struct cboto_request **out);
/* Path from already-encoded pieces: base path of the endpoint + p. */
int cboto__request_set_path(struct cboto_request *rq, const char *encoded);

struct cboto_response {
    int refs;
    const struct cboto_allocator *a;
    /* Kept alive while this lives: a points into it, and a result may give
     * blocks back to its spares when it goes.  NULL in parser tests. */
    struct cboto_client *client;
    int http_status;
    struct cboto__kvlist headers;
    struct cboto__buf body; /* memory sink, or an error document */
    struct cboto_error_detail err;
    struct cboto__error_fields fields;
    char *transport;
    int attempts;
    int result_kind;
    void *result;
    const struct cboto__parser *parser;
    /* The headers live in this arena; its first block is hdr_mem, so a
     * typical answer's headers cost no allocation.  1 KiB was too small
     * for the nine headers of the benchmark's GET (the entry vector grows
     * to 16 entries, 512 bytes): every GET took an 8 KiB block.  Last:
     * cboto__response_new clears everything before it only. */
    struct cboto__arena hdr_arena;
    uint64_t hdr_mem[256];
};

int cboto__response_new(const struct cboto_allocator *a,
                        struct cboto_response **out);
/* The typed result when its kind matches, else NULL. */
const void *cboto__response_result(const struct cboto_response *r, int kind);
/* Hold the client the response's memory comes from until the response
 * goes (cboto_client_free() refuses meanwhile). */
void cboto__response_keep_client(struct cboto_response *r,
                                 struct cboto_client *cl);
/* Drop the headers (a new status block or a new attempt begins). */
void cboto__response_clear_headers(struct cboto_response *r);

/* ---- the transfer: both executors drive one of these per request ------ */
struct cboto__transfer {
    struct cboto_request *rq;
    struct cboto_response *resp;
    struct cboto_client *cl;
    const struct cboto_allocator *a;
    CURL *easy;
    uint64_t easy_tag; /* for whom easy's options are set (see below) */
    struct curl_slist *slist;
    struct cboto__http_msg msg;
    struct cboto__buf url;
    struct cboto__buf form; /* form body (SQS, SimpleDB) */
    char payload_hash[65];
    int have_payload_hash;
    struct cboto__chunked *chunked; /* aws-chunked upload, or NULL */
    uint64_t send_pos;              /* bytes of the body sent this attempt */
    uint64_t sink_written;          /* body bytes delivered this attempt */
    uint64_t sink_base;             /* start offset for seekable fd sinks */
    int sink_seekable;
    int sink_tmp_fd; /* FILE sinks: the temporary file */
    char *sink_tmp_path;
    int delivered_unrecoverable; /* bytes went where a retry cannot undo */
    int body_consumed;           /* a non-rewindable body was read from */
    int status;                  /* HTTP status of this attempt */
    int in_headers;
    int routed; /* the body route is decided */
    int route;  /* 0 parser, 1 sink, 2 error buffer */
    void *pstate;
    struct cboto__xml *xml;
    int cb_rc;           /* error raised inside a curl callback */
    int attempt;         /* 1-based */
    uint64_t last_io_ms; /* monotonic time bytes last moved */
    int io_seen;         /* bytes moved since on_progress looked */
    uint64_t seen_ul;    /* upload count on_progress last saw */
    long next_delay_ms;
    cboto_debug_fn *debug;
    void *debug_ud;
    char curl_err[CURL_ERROR_SIZE];
    /* Everything one attempt builds (message, URL, form body, signing
     * scratch, curl's header list) comes from this arena and goes in one
     * reset; arena_mem is its first block, and stays last: transfer_init
     * zeroes everything before it and nothing of it. */
    struct cboto__arena arena;
    uint64_t arena_mem[384];
};

/* An executor's easy handle keeps the options of its last transfer, and
 * its tag says what they are: CBOTO__EASY_NEW for a handle never used, a
 * client's id when every option that depends only on that client is set,
 * CBOTO__EASY_DIRTY when it holds something else (a reset is due).  The
 * executor sets t->easy and t->easy_tag before an attempt begins and
 * keeps what cboto__transfer_detach_easy returns, so a handle serving one
 * client is neither reset nor set up again per request. */
#define CBOTO__EASY_NEW   0u
#define CBOTO__EASY_DIRTY UINT64_MAX

/* no_blocking_io: the caller is an event loop.  The automatic payload
 * choice never reads a body up front either way (cboto__payload_choose). */
int cboto__transfer_init(struct cboto__transfer *t, struct cboto_request *rq,
                         CURL *easy, int no_blocking_io, cboto_debug_fn *debug,
                         void *debug_ud);
/* Prepare the next attempt on t->easy: build the message, sign it, set
 * every curl option.  An error here means nothing was sent. */
int cboto__transfer_begin_attempt(struct cboto__transfer *t);
/* After curl finished the attempt.  Returns 1 when another attempt should
 * be made after t->next_delay_ms, 0 when the transfer is over (*final_rc
 * holds its code and t->resp its detail). */
int cboto__transfer_end_attempt(struct cboto__transfer *t, CURLcode cc,
                                int *final_rc);
/* End the transfer early with rc (cancellation): the error detail says so
 * and a partial body is removed, as for any failure. */
void cboto__transfer_fail(struct cboto__transfer *t, int rc);
/* Give t->easy back after the transfer's last attempt: the options that
 * point into t or its request are cleared.  Returns the handle's tag. */
uint64_t cboto__transfer_detach_easy(struct cboto__transfer *t);
/* Hand the response to the caller (or drop it) and free the rest. */
void cboto__transfer_cleanup(struct cboto__transfer *t,
                             struct cboto_response **resp_out);

/* Monotonic milliseconds (read timeouts). */
uint64_t cboto__now_ms(void);

/* Body sources and sinks (aws/body_io.c). */
uint64_t cboto__body_length(const struct cboto_request *rq);
int cboto__body_hash_fd(const struct cboto_request *rq, char out[65]);
size_t cboto__transfer_on_read(char *buf, size_t size, size_t nitems,
                               void *ud);
int cboto__transfer_on_seek(void *ud, curl_off_t offset, int origin);
int cboto__sink_write(struct cboto__transfer *t, const uint8_t *p, size_t n);

/* How an S3 body is signed, and the aws-chunked upload (aws/body_chunked.c).
 * choose: sets t->payload_hash and, for a streaming upload, t->chunked.
 * sign: adds the aws-chunked headers, signs them (the seed signature) and
 * starts the chunk signature chain; every attempt, as it re-signs.
 * set_curl: after the curl options, the encoded length and buffer size.
 * read/seek: curl's read and seek callbacks for such a body. */
int cboto__payload_choose(struct cboto__transfer *t, int no_blocking_io);
struct cboto__creds_view;
struct cboto__sigv4_opts;
struct cboto__sigv4_cache;
int cboto__chunked_sign(struct cboto__transfer *t, struct cboto__http_msg *m,
                        const struct cboto__creds_view *cr,
                        const struct cboto__sigv4_opts *o,
                        struct cboto__sigv4_cache *cache);
int cboto__chunked_set_curl(struct cboto__transfer *t);
size_t cboto__chunked_read(struct cboto__transfer *t, char *buf, size_t cap);
void cboto__chunked_seek(struct cboto__transfer *t);
void cboto__chunked_free(struct cboto__transfer *t);
size_t cboto__chunked_chunk_size(void); /* payload bytes per frame */
ssize_t cboto__pread_full(int fd, uint8_t *p, size_t n, uint64_t off);

/* Redacted debug text (aws/debug.c). */
void cboto__debug_request(struct cboto__transfer *t);
void cboto__debug_response(struct cboto__transfer *t, CURLcode cc);

/* Retry policy (aws/retry.c). */
int cboto__retry_is_throttle(const char *code);
int cboto__retry_is_transient(int http_status, const char *code);
int cboto__retry_curl_retryable(CURLcode cc);
long cboto__retry_delay_ms(long base_ms, int attempt, unsigned *seed);

#endif /* CBOTO_AWS_CORE_H */
