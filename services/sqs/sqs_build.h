/* SPDX-License-Identifier: MIT */
/* Shared by the SQS builders (services/sqs/build_*.c). */
#ifndef CBOTO_SQS_BUILD_H
#define CBOTO_SQS_BUILD_H

#include "sqs_internal.h"

/* A POST request for action, form-encoded, to queue_url when given (also
 * sent as QueueUrl) or else to the client's SQS endpoint.  CBOTO_EINVAL for
 * a queue URL that is not an absolute http(s) URL. */
int cboto__sqs_request(struct cboto_client *cl, const char *action,
                       const char *queue_url, const struct cboto__parser *ps,
                       struct cboto_request **out);
int cboto__sqs_check_url(const char *url);
int cboto__sqs_is_fifo_url(const char *url);
int cboto__sqs_add_int(struct cboto_request *rq, const char *name, long v);
/* Add a parameter whose name is formatted from fmt. */
int cboto__sqs_add_fmt(struct cboto_request *rq, const char *value,
                       size_t vlen, const char *fmt, ...) CBOTO__PRINTF(4, 5);
int cboto__sqs_add_attrs(struct cboto_request *rq, const char *prefix,
                         const struct cboto_sqs_message_attribute *at,
                         size_t n);
/* fmt has one %zu for the 1-based index. */
int cboto__sqs_add_list(struct cboto_request *rq, const char *fmt,
                        const char *const *v, size_t n);

int cboto__sqs_valid_text(const char *s, size_t n);
int cboto__sqs_valid_queue_name(const char *name);
int cboto__sqs_valid_batch_id(const char *id);
int cboto__sqs_valid_token128(const char *s);
int cboto__sqs_data_type(const char *t);
/* Checks names, types and values; *bytes gets their size as SQS counts it
 * towards the 256 KiB limit. */
int cboto__sqs_check_attrs(const struct cboto_sqs_message_attribute *at,
                           size_t n, int system, size_t *bytes);
int cboto__sqs_check_list(const char *const *v, size_t n);

#endif /* CBOTO_SQS_BUILD_H */
