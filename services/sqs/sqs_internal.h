/* SPDX-License-Identifier: MIT */
/* SQS internals shared by the builders, the parser and the checks. */
#ifndef CBOTO_SQS_INTERNAL_H
#define CBOTO_SQS_INTERNAL_H

#include <cboto/sqs.h>

#include "../../aws/parser.h"

enum cboto__sqs_result_kind {
    CBOTO__RESULT_SQS_EMPTY = CBOTO__RESULT_SQS_BASE, /* request id only */
    CBOTO__RESULT_SQS_QUEUE_URL,
    CBOTO__RESULT_SQS_QUEUE_LIST,
    CBOTO__RESULT_SQS_ATTRIBUTES,
    CBOTO__RESULT_SQS_SEND,
    CBOTO__RESULT_SQS_BATCH,
    CBOTO__RESULT_SQS_RECEIVE
};

/* Every SQS answer parses into one of these; the accessors hand out the
 * member that matches the kind.  Everything is owned by the holder. */
struct cboto__sqs_result {
    int kind;
    char *request_id;
    struct cboto_sqs_queue_url_result url;
    struct cboto_sqs_queue_list list;
    struct cboto_sqs_attribute_list attrs;
    struct cboto_sqs_sent sent;
    struct cboto_sqs_batch_result batch;
    struct cboto_sqs_receive_result recv;
    size_t cap_urls, cap_attrs, cap_ok, cap_failed, cap_msgs;
};

/* The MD5s the service computed of what it received against what rq sent
 * (SendMessage: one; SendMessageBatch: each successful entry):
 * CBOTO_ECHECKSUM on a mismatch.  The send parsers call it, so a send
 * whose bytes changed on the way fails by itself. */
int cboto__sqs_check_sent(const struct cboto_request *rq,
                          const struct cboto_sqs_sent *one,
                          const struct cboto_sqs_batch_result *b);

/* One parser per answer shape (the root element names the action). */
extern const struct cboto__parser cboto__sqs_create_queue_parser;
extern const struct cboto__parser cboto__sqs_get_queue_url_parser;
extern const struct cboto__parser cboto__sqs_list_queues_parser;
extern const struct cboto__parser cboto__sqs_list_dlq_parser;
extern const struct cboto__parser cboto__sqs_delete_queue_parser;
extern const struct cboto__parser cboto__sqs_purge_queue_parser;
extern const struct cboto__parser cboto__sqs_get_attributes_parser;
extern const struct cboto__parser cboto__sqs_set_attributes_parser;
extern const struct cboto__parser cboto__sqs_tag_queue_parser;
extern const struct cboto__parser cboto__sqs_untag_queue_parser;
extern const struct cboto__parser cboto__sqs_list_tags_parser;
extern const struct cboto__parser cboto__sqs_send_parser;
extern const struct cboto__parser cboto__sqs_send_batch_parser;
extern const struct cboto__parser cboto__sqs_receive_parser;
extern const struct cboto__parser cboto__sqs_delete_message_parser;
extern const struct cboto__parser cboto__sqs_delete_batch_parser;
extern const struct cboto__parser cboto__sqs_change_visibility_parser;
extern const struct cboto__parser cboto__sqs_change_visibility_batch_parser;

/* The MD5 of message attributes in the SQS encoding, lower-case hex.
 * Binary values are given raw. */
int cboto__sqs_md5_attrs(const struct cboto_allocator *a,
                         const struct cboto_sqs_message_attribute *attrs,
                         size_t n, char out[33]);
void cboto__sqs_md5_hex(const void *p, size_t n, char out[33]);

/* The ListQueues pager (services/sqs/pager.c). */
int cboto__sqs_list_queues_build(struct cboto_client *cl,
                                 const struct cboto_sqs_list_queues_params *p,
                                 struct cboto_request **out);

#endif /* CBOTO_SQS_INTERNAL_H */
