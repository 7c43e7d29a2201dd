/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_SQS_H
#define CBOTO_SQS_H

/*
 * Amazon SQS: request builders, typed results and integrity checks.
 *
 * Every builder turns parameters into a struct cboto_request for either
 * executor; it performs no I/O and signs nothing yet.  Requests use the
 * query API (version 2012-11-05): the parameters travel as a form-encoded
 * POST body, signed with SigV4 for the service "sqs"; answers are XML.
 *
 * Rules:
 *  1. Queues are addressed by URL.  A request about a queue is sent to that
 *     URL (its scheme, host and path), as the service expects.  Users who
 *     only hold a queue's name have two ways to a URL:
 *       - cboto_sqs_get_queue_url() asks the service (one request; the
 *         answer's cboto_sqs_queue_url_result() holds the URL), or
 *       - cboto_sqs_queue_url() formats it without I/O from the client's
 *         SQS endpoint, an account id and the name, which is exact for
 *         AWS and for moto.
 *     A builder given something that is not an http(s) URL fails with
 *     CBOTO_EINVAL.
 *  2. Limits are checked before any I/O and fail with CBOTO_EINVAL: body
 *     1 byte..256 KiB of characters XML 1.0 can carry (valid UTF-8 without
 *     most control characters), body plus attributes at most 256 KiB, at
 *     most 10 message attributes with valid unique names and types, batches
 *     of 1..10 entries with unique ids and 256 KiB in total, DelaySeconds
 *     0..900, VisibilityTimeout 0..43200, WaitTimeSeconds 0..20,
 *     MaxNumberOfMessages 1..10, and FIFO rules (a queue URL ending in
 *     ".fifo" needs a MessageGroupId and takes no per-message delay; a
 *     MessageDeduplicationId needs a FIFO queue).
 *  3. Integrity: a ReceiveMessage answer is checked while it is parsed:
 *     every message's MD5OfBody, and its MD5OfMessageAttributes (the
 *     documented encoding: per attribute sorted by name, the 4-byte
 *     big-endian length and bytes of the name, of the data type, a
 *     transport byte 1 for String/Number or 2 for Binary, then the length
 *     and bytes of the value).  A mismatch fails the request with
 *     CBOTO_ECHECKSUM: no message of that answer is handed out.  For
 *     SendMessage and SendMessageBatch the digests the service returns are
 *     compared with what was sent, also while the answer is parsed (the
 *     parser sees the request it answers), so a send whose bytes changed
 *     on the way fails with CBOTO_ECHECKSUM by itself;
 *     cboto_sqs_send_check() repeats the check on demand.
 *  4. Results belong to the response and live as long as it; the accessors
 *     return NULL when the response is of another kind.  Strings in results
 *     are NUL-terminated UTF-8 as the service sent them (XML entities
 *     decoded).
 *  5. Long polls: a ReceiveMessage with WaitTimeSeconds extends the
 *     request's total and read timeouts by the wait, so it never times out
 *     for waiting; on the libevent executor it holds no thread.
 */

#include <cboto/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_client;
struct cboto_request;
struct cboto_response;
struct cboto_pager;

/** Largest message body, and largest body plus attributes (256 KiB). */
#define CBOTO_SQS_MAX_MESSAGE_BYTES 262144
/** Most entries in one batch request. */
#define CBOTO_SQS_MAX_BATCH 10
/** Most message attributes on one message. */
#define CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES 10
/** Ranges SQS allows for WaitTimeSeconds, DelaySeconds, VisibilityTimeout. */
#define CBOTO_SQS_MAX_WAIT_SECONDS       20
#define CBOTO_SQS_MAX_DELAY_SECONDS      900
#define CBOTO_SQS_MAX_VISIBILITY_SECONDS 43200

/* ---- values --------------------------------------------------------- */

/** A name and a value: queue attributes, tags, message system attributes
 *  as received.  Both are copied by builders. */
struct cboto_sqs_attribute {
    const char *name;
    const char *value;
};

/**
 * A message attribute.  data_type is "String", "Number" or "Binary",
 * optionally followed by ".label" (for example "Number.float").  String
 * and Number attributes carry string_value (UTF-8, not empty); Binary
 * attributes carry binary_value (not empty).  Builders copy everything.
 * In received messages binary_value holds the decoded bytes.
 */
struct cboto_sqs_message_attribute {
    const char *name;
    const char *data_type;
    const char *string_value;
    struct cboto_cursor binary_value;
};

/* ---- queue parameters ----------------------------------------------- */

/**
 * Parameters for cboto_sqs_create_queue().  Zero-initialise.
 *
 * Attribute names are checked against the ones SQS knows
 * (VisibilityTimeout 0..43200, DelaySeconds 0..900, MessageRetentionPeriod
 * 60..1209600, MaximumMessageSize 1024..262144,
 * ReceiveMessageWaitTimeSeconds 0..20, RedrivePolicy, RedriveAllowPolicy,
 * Policy, FifoQueue and ContentBasedDeduplication "true"/"false",
 * DeduplicationScope, FifoThroughputLimit, KmsMasterKeyId,
 * KmsDataKeyReusePeriodSeconds 60..86400, SqsManagedSseEnabled); numeric
 * ones must be decimal and in range.  A name ending in ".fifo" needs
 * FifoQueue=true and FifoQueue=true needs such a name.
 */
struct cboto_sqs_create_queue_params {
    const char *queue_name; /**< required; 1..80 of [A-Za-z0-9_-], +".fifo" */
    const struct cboto_sqs_attribute *attributes; /**< may be NULL */
    size_t n_attributes;
    const struct cboto_sqs_attribute *tags; /**< name = tag key; may be NULL */
    size_t n_tags;
};

/** Parameters for cboto_sqs_get_queue_url(). */
struct cboto_sqs_get_queue_url_params {
    const char *queue_name;                 /**< required */
    const char *queue_owner_aws_account_id; /**< optional */
};

/** Parameters for cboto_sqs_list_queues() and cboto_sqs_list_queues_pager().
 */
struct cboto_sqs_list_queues_params {
    const char *prefix;     /**< QueueNamePrefix; optional */
    int max_results;        /**< 0: not sent; else 1..1000 */
    const char *next_token; /**< optional */
};

/** Parameters for the operations that only name a queue: DeleteQueue,
 *  PurgeQueue, ListQueueTags. */
struct cboto_sqs_queue_params {
    const char *queue_url; /**< required */
};

/** Parameters for cboto_sqs_get_queue_attributes(). */
struct cboto_sqs_get_attributes_params {
    const char *queue_url;
    const char *const *names; /**< NULL/0: "All" */
    size_t n_names;
};

/** Parameters for cboto_sqs_set_queue_attributes() and
 *  cboto_sqs_tag_queue() (attributes are then tags). */
struct cboto_sqs_set_attributes_params {
    const char *queue_url;
    const struct cboto_sqs_attribute *attributes; /**< at least one */
    size_t n_attributes;
};

/** Parameters for cboto_sqs_untag_queue(). */
struct cboto_sqs_untag_params {
    const char *queue_url;
    const char *const *keys; /**< at least one */
    size_t n_keys;
};

/** Parameters for cboto_sqs_list_dead_letter_source_queues(). */
struct cboto_sqs_list_dlq_params {
    const char *queue_url;
    int max_results; /**< 0: not sent; else 1..1000 */
    const char *next_token;
};

/* ---- message parameters --------------------------------------------- */

/** One message to send: the fields of SendMessage and of a
 *  SendMessageBatch entry (id is used by the batch only). */
struct cboto_sqs_send_params {
    const char *queue_url; /**< required for SendMessage; unused in batches */
    const char *id;        /**< batch entry id: 1..80 of [A-Za-z0-9_-] */
    const char *body;      /**< required */
    size_t body_len;       /**< 0: strlen(body) */
    int delay_seconds;     /**< 0..900, sent when delay_set */
    int delay_set;
    const struct cboto_sqs_message_attribute *attributes; /**< up to 10 */
    size_t n_attributes;
    /** Message system attributes (only "AWSTraceHeader", String). */
    const struct cboto_sqs_message_attribute *system_attributes;
    size_t n_system_attributes;
    const char *message_group_id;         /**< required on FIFO queues */
    const char *message_deduplication_id; /**< FIFO queues only */
};

/** Parameters for cboto_sqs_send_message_batch(). */
struct cboto_sqs_send_batch_params {
    const char *queue_url;
    const struct cboto_sqs_send_params *entries; /**< 1..10, unique ids */
    size_t n_entries;
};

/** Parameters for cboto_sqs_receive_message(). */
struct cboto_sqs_receive_params {
    const char *queue_url;
    int max_number_of_messages; /**< 0: not sent (1); else 1..10 */
    int wait_time_seconds;      /**< 0..20, sent when wait_set */
    int wait_set;
    int visibility_timeout; /**< 0..43200, sent when visibility_set */
    int visibility_set;
    /** AttributeName.N (e.g. "All", "ApproximateReceiveCount"). */
    const char *const *attribute_names;
    size_t n_attribute_names;
    /** MessageSystemAttributeName.N (e.g. "SentTimestamp"). */
    const char *const *system_attribute_names;
    size_t n_system_attribute_names;
    /** MessageAttributeName.N ("All", names, or "prefix.*"). */
    const char *const *message_attribute_names;
    size_t n_message_attribute_names;
    const char *receive_request_attempt_id; /**< FIFO; optional */
};

/** Parameters for cboto_sqs_delete_message() and
 *  cboto_sqs_change_message_visibility(); also a batch entry. */
struct cboto_sqs_handle_params {
    const char *queue_url;      /**< single calls only */
    const char *id;             /**< batch entries only */
    const char *receipt_handle; /**< required */
    int visibility_timeout;     /**< ChangeMessageVisibility: 0..43200 */
};

/** Parameters for cboto_sqs_delete_message_batch() and
 *  cboto_sqs_change_message_visibility_batch(). */
struct cboto_sqs_handle_batch_params {
    const char *queue_url;
    const struct cboto_sqs_handle_params *entries; /**< 1..10, unique ids */
    size_t n_entries;
};

/* ---- results -------------------------------------------------------- */

/** CreateQueue, GetQueueUrl. */
struct cboto_sqs_queue_url_result {
    const char *queue_url;
    const char *request_id; /**< or NULL */
};

/** ListQueues, ListDeadLetterSourceQueues: one page. */
struct cboto_sqs_queue_list {
    const char *const *queue_urls;
    size_t n_queue_urls;
    const char *next_token; /**< NULL on the last page */
    const char *request_id;
};

/** GetQueueAttributes (name/value) and ListQueueTags (key/value). */
struct cboto_sqs_attribute_list {
    const struct cboto_sqs_attribute *attributes;
    size_t n_attributes;
    const char *request_id;
};

/** SendMessage, and a successful SendMessageBatch entry. */
struct cboto_sqs_sent {
    const char *id; /**< batch entry id; NULL for SendMessage */
    const char *message_id;
    const char *md5_of_message_body;       /**< hex, as the service said */
    const char *md5_of_message_attributes; /**< NULL without attributes */
    const char *md5_of_message_system_attributes;
    const char *sequence_number; /**< FIFO only */
};

/** A failed batch entry. */
struct cboto_sqs_batch_error {
    const char *id;
    const char *code;
    const char *message;
    int sender_fault;
};

/**
 * SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch.
 * A batch can partly fail with HTTP 200: check n_failed.  For the delete
 * and visibility batches only `id` of the successful entries is set.
 */
struct cboto_sqs_batch_result {
    const struct cboto_sqs_sent *successful;
    size_t n_successful;
    const struct cboto_sqs_batch_error *failed;
    size_t n_failed;
    const char *request_id;
};

/** A received message, already checked against its MD5s. */
struct cboto_sqs_message {
    const char *message_id;
    const char *receipt_handle;
    const char *body; /**< NUL-terminated; body_len bytes */
    size_t body_len;
    const char *md5_of_body;
    const char *md5_of_message_attributes; /**< NULL without attributes */
    const struct cboto_sqs_attribute *attributes; /**< system attributes */
    size_t n_attributes;
    const struct cboto_sqs_message_attribute *message_attributes;
    size_t n_message_attributes;
};

/** ReceiveMessage: zero or more messages. */
struct cboto_sqs_receive_result {
    const struct cboto_sqs_message *messages;
    size_t n_messages;
    const char *request_id;
};

/* ---- builders: queues ----------------------------------------------- */
/*
 * Every builder: @p cl supplies the endpoint, region and credentials; the
 * parameters are copied (free them on return); *out receives a request
 * holding one reference (cboto_request_release()).  Returns CBOTO_OK,
 * CBOTO_EINVAL when a parameter breaks a rule above (nothing is
 * allocated), or CBOTO_ENOMEM; on error *out is not written.
 */

/** CreateQueue; result: cboto_sqs_queue_url_result(). */
CBOTO_API int
cboto_sqs_create_queue(struct cboto_client *cl,
                       const struct cboto_sqs_create_queue_params *p,
                       struct cboto_request **out);

/** GetQueueUrl (sent to the client's SQS endpoint); result:
 *  cboto_sqs_queue_url_result(). */
CBOTO_API int
cboto_sqs_get_queue_url(struct cboto_client *cl,
                        const struct cboto_sqs_get_queue_url_params *p,
                        struct cboto_request **out);

/** ListQueues (one page); result: cboto_sqs_queue_list_result(). */
CBOTO_API int
cboto_sqs_list_queues(struct cboto_client *cl,
                      const struct cboto_sqs_list_queues_params *p,
                      struct cboto_request **out);

/**
 * A pager over every page of ListQueues (see <cboto/pager.h>); each page's
 * result is read with cboto_sqs_queue_list_result().  @p p is copied.
 * @return CBOTO_OK, CBOTO_EINVAL, CBOTO_ENOMEM; free with cboto_pager_free().
 */
CBOTO_API int
cboto_sqs_list_queues_pager(struct cboto_client *cl,
                            const struct cboto_sqs_list_queues_params *p,
                            struct cboto_pager **out);

/** DeleteQueue; no typed result. */
CBOTO_API int cboto_sqs_delete_queue(struct cboto_client *cl,
                                     const struct cboto_sqs_queue_params *p,
                                     struct cboto_request **out);

/** PurgeQueue; no typed result. */
CBOTO_API int cboto_sqs_purge_queue(struct cboto_client *cl,
                                    const struct cboto_sqs_queue_params *p,
                                    struct cboto_request **out);

/** GetQueueAttributes; result: cboto_sqs_attribute_list_result(). */
CBOTO_API int
cboto_sqs_get_queue_attributes(struct cboto_client *cl,
                               const struct cboto_sqs_get_attributes_params *p,
                               struct cboto_request **out);

/** SetQueueAttributes (attribute rules as for CreateQueue, except that
 *  FifoQueue cannot be changed); no typed result. */
CBOTO_API int
cboto_sqs_set_queue_attributes(struct cboto_client *cl,
                               const struct cboto_sqs_set_attributes_params *p,
                               struct cboto_request **out);

/** TagQueue (attributes are tag keys and values); no typed result. */
CBOTO_API int
cboto_sqs_tag_queue(struct cboto_client *cl,
                    const struct cboto_sqs_set_attributes_params *p,
                    struct cboto_request **out);

/** UntagQueue; no typed result. */
CBOTO_API int cboto_sqs_untag_queue(struct cboto_client *cl,
                                    const struct cboto_sqs_untag_params *p,
                                    struct cboto_request **out);

/** ListQueueTags; result: cboto_sqs_attribute_list_result() (name = key). */
CBOTO_API int cboto_sqs_list_queue_tags(struct cboto_client *cl,
                                        const struct cboto_sqs_queue_params *p,
                                        struct cboto_request **out);

/** ListDeadLetterSourceQueues; result: cboto_sqs_queue_list_result(). */
CBOTO_API int cboto_sqs_list_dead_letter_source_queues(
    struct cboto_client *cl, const struct cboto_sqs_list_dlq_params *p,
    struct cboto_request **out);

/* ---- builders: messages --------------------------------------------- */

/** SendMessage; result: cboto_sqs_send_result(), whose digests were
 *  already checked against what was sent.  Marked not idempotent: an ambiguous
 * failure is not resent (a resend would duplicate the message). */
CBOTO_API int cboto_sqs_send_message(struct cboto_client *cl,
                                     const struct cboto_sqs_send_params *p,
                                     struct cboto_request **out);

/** SendMessageBatch; result: cboto_sqs_batch_result(); the digests of
 *  every successful entry were checked against what was sent. */
CBOTO_API int
cboto_sqs_send_message_batch(struct cboto_client *cl,
                             const struct cboto_sqs_send_batch_params *p,
                             struct cboto_request **out);

/** ReceiveMessage; result: cboto_sqs_receive_result().  With
 *  wait_time_seconds the request's timeouts grow by the wait. */
CBOTO_API int
cboto_sqs_receive_message(struct cboto_client *cl,
                          const struct cboto_sqs_receive_params *p,
                          struct cboto_request **out);

/** DeleteMessage; no typed result. */
CBOTO_API int cboto_sqs_delete_message(struct cboto_client *cl,
                                       const struct cboto_sqs_handle_params *p,
                                       struct cboto_request **out);

/** DeleteMessageBatch; result: cboto_sqs_batch_result(). */
CBOTO_API int
cboto_sqs_delete_message_batch(struct cboto_client *cl,
                               const struct cboto_sqs_handle_batch_params *p,
                               struct cboto_request **out);

/** ChangeMessageVisibility; no typed result. */
CBOTO_API int
cboto_sqs_change_message_visibility(struct cboto_client *cl,
                                    const struct cboto_sqs_handle_params *p,
                                    struct cboto_request **out);

/** ChangeMessageVisibilityBatch; result: cboto_sqs_batch_result(). */
CBOTO_API int cboto_sqs_change_message_visibility_batch(
    struct cboto_client *cl, const struct cboto_sqs_handle_batch_params *p,
    struct cboto_request **out);

/* ---- helpers -------------------------------------------------------- */

/**
 * Format a queue URL without I/O: the client's SQS endpoint, then
 * "/account_id/queue_name".
 *
 * @param out  receives the NUL-terminated URL
 * @param cap  size of out
 * @return CBOTO_OK; CBOTO_EINVAL for a bad name or account id (12 digits);
 *         CBOTO_ETOOBIG when out is too small (nothing useful written).
 */
CBOTO_API int cboto_sqs_queue_url(const struct cboto_client *cl,
                                  const char *account_id,
                                  const char *queue_name, char *out,
                                  size_t cap);

/**
 * The MD5 (lower-case hex, 33 bytes with the NUL) of message attributes in
 * the documented SQS encoding; 0 attributes give an empty string.
 * @return CBOTO_OK; CBOTO_EINVAL for an attribute without name, type or
 *         value; CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_sqs_md5_of_attributes(const struct cboto_sqs_message_attribute *attrs,
                            size_t n, char out[33]);

/**
 * Compare again the digests a SendMessage or SendMessageBatch answer holds
 * with what @p rq sent (the executors already did while parsing):
 * MD5OfMessageBody always, MD5OfMessageAttributes when attributes were sent
 * (or returned), for every successful entry.
 * @return CBOTO_OK; CBOTO_ECHECKSUM on any mismatch or a missing digest;
 *         CBOTO_EINVAL when rq/resp are not a send and its answer;
 *         CBOTO_ENOMEM.
 */
CBOTO_API int cboto_sqs_send_check(const struct cboto_request *rq,
                                   const struct cboto_response *resp);

/* ---- result accessors (NULL when the response is of another kind) ---- */

CBOTO_API const struct cboto_sqs_queue_url_result *
cboto_sqs_queue_url_result(const struct cboto_response *resp);
CBOTO_API const struct cboto_sqs_queue_list *
cboto_sqs_queue_list_result(const struct cboto_response *resp);
CBOTO_API const struct cboto_sqs_attribute_list *
cboto_sqs_attribute_list_result(const struct cboto_response *resp);
CBOTO_API const struct cboto_sqs_sent *
cboto_sqs_send_result(const struct cboto_response *resp);
CBOTO_API const struct cboto_sqs_batch_result *
cboto_sqs_batch_result(const struct cboto_response *resp);
CBOTO_API const struct cboto_sqs_receive_result *
cboto_sqs_receive_result(const struct cboto_response *resp);

/** The RequestId of any successful SQS answer (also those without a typed
 *  result), or NULL. */
CBOTO_API const char *cboto_sqs_request_id(const struct cboto_response *resp);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_SQS_H */
