/* SPDX-License-Identifier: MIT */
/*
 * A response parser: what turns a successful answer into a typed result.
 * The builder picks one and stores it on the request; both executors run it
 * through the same cboto__response_* functions (aws/response.c), so a
 * parser never knows which executor fed it.
 */
#ifndef CBOTO_AWS_PARSER_H
#define CBOTO_AWS_PARSER_H

#include "internal.h"
#include "xml.h"

struct cboto_request;

/* The kinds of typed result a response can carry; accessors such as
 * cboto_s3_list_result() check it and return NULL on a mismatch.  Each
 * service numbers its kinds in its own range, in its own internal header:
 * S3 1..99 (here), SimpleDB 100..199 (services/sdb), SQS 200..299
 * (services/sqs). */
enum cboto__result_kind {
    CBOTO__RESULT_NONE = 0,
    CBOTO__RESULT_S3_LIST,        /* struct cboto_s3_list_result */
    CBOTO__RESULT_S3_OBJECT_INFO, /* struct cboto_s3_object_info */
    CBOTO__RESULT_S3_PUT,         /* struct cboto_s3_put_result */
    CBOTO__RESULT_S3_BUCKETS      /* struct cboto_s3_bucket_list */
};
#define CBOTO__RESULT_SDB_BASE 100
#define CBOTO__RESULT_SQS_BASE 200

struct cboto__parser {
    const char *name; /* for debugging: "s3.ListObjectsV2" */
    int result_kind;
    size_t state_size; /* bytes of zeroed state the executor provides */
    int (*init)(void *st, const struct cboto_allocator *a);
    /* XML callbacks for a 2xx body; both NULL when the body is not XML
     * (it then goes to the request's sink). */
    cboto__xml_start_fn *start;
    cboto__xml_end_fn *end;
    /* After the whole 2xx response is in: build the result from the state
     * and the headers and hand it over through *result (may stay NULL). */
    int (*finish)(void *st, int http_status,
                  const struct cboto__kvlist *headers, void **result);
    /* Free whatever the state still owns (always called, also on error). */
    void (*cleanup)(void *st);
    /* Free a result that finish() produced. */
    void (*result_free)(const struct cboto_allocator *a, void *result);
    /* Optional, after init: the request being answered, for parsers that
     * check the answer against what was sent (SQS MD5s of what was sent).
     * The request outlives the parse. */
    int (*init_request)(void *st, const struct cboto_request *rq);
    /* Optional: element attributes of a 2xx XML body. */
    cboto__xml_attr_fn *attr;
    /* Optional: each chunk of a 2xx body that goes to the sink, before it
     * does (checksums of downloads); the response headers are complete. */
    int (*body)(void *st, const struct cboto__kvlist *headers,
                const uint8_t *p, size_t n);
};

/* The spare blocks of the request's client, for parsers whose results hold
 * big blocks (aws/spare.c); the client outlives the response and so the
 * result. */
struct cboto__spare *cboto__request_spare(const struct cboto_request *rq);

#endif /* CBOTO_AWS_PARSER_H */
