/* SPDX-License-Identifier: MIT */
/* Queue operations: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue,
 * PurgeQueue, Get/SetQueueAttributes, Tag/UntagQueue, ListQueueTags,
 * ListDeadLetterSourceQueues. */
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "sqs_build.h"

/* The queue attributes SQS knows, with the range of the numeric ones
 * (min > max: not numeric; 'b': a boolean). */
static const struct {
    const char *name;
    long min, max;
    char kind; /* 'n' number, 'b' boolean, 's' string */
} s_attrs[] = {
    {"VisibilityTimeout", 0, 43200, 'n'},
    {"DelaySeconds", 0, 900, 'n'},
    {"MessageRetentionPeriod", 60, 1209600, 'n'},
    {"MaximumMessageSize", 1024, 262144, 'n'},
    {"ReceiveMessageWaitTimeSeconds", 0, 20, 'n'},
    {"KmsDataKeyReusePeriodSeconds", 60, 86400, 'n'},
    {"FifoQueue", 0, 0, 'b'},
    {"ContentBasedDeduplication", 0, 0, 'b'},
    {"SqsManagedSseEnabled", 0, 0, 'b'},
    {"RedrivePolicy", 0, 0, 's'},
    {"RedriveAllowPolicy", 0, 0, 's'},
    {"Policy", 0, 0, 's'},
    {"KmsMasterKeyId", 0, 0, 's'},
    {"DeduplicationScope", 0, 0, 's'},
    {"FifoThroughputLimit", 0, 0, 's'},
};

static int check_number(const char *v, long min, long max)
{
    long x = 0;
    size_t i, n = strlen(v);

    if (n < 1 || n > 9)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return CBOTO_EINVAL;
        x = x * 10 + (v[i] - '0');
    }
    return x >= min && x <= max ? CBOTO_OK : CBOTO_EINVAL;
}

static int check_queue_attrs(const struct cboto_sqs_attribute *at, size_t n,
                             int creating, int *fifo)
{
    size_t i, j, k;

    *fifo = 0;
    if (n && !at)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        if (!at[i].name || !at[i].value ||
            !cboto__sqs_valid_text(at[i].value, strlen(at[i].value)))
            return CBOTO_EINVAL;
        for (j = 0; j < i; j++)
            if (strcmp(at[i].name, at[j].name) == 0)
                return CBOTO_EINVAL;
        for (k = 0; k < sizeof s_attrs / sizeof s_attrs[0]; k++)
            if (strcmp(at[i].name, s_attrs[k].name) == 0)
                break;
        if (k == sizeof s_attrs / sizeof s_attrs[0])
            return CBOTO_EINVAL;
        if (s_attrs[k].kind == 'n' &&
            check_number(at[i].value, s_attrs[k].min, s_attrs[k].max))
            return CBOTO_EINVAL;
        if (s_attrs[k].kind == 'b' && strcmp(at[i].value, "true") != 0 &&
            strcmp(at[i].value, "false") != 0)
            return CBOTO_EINVAL;
        if (strcmp(at[i].name, "FifoQueue") == 0) {
            /* A queue's type is fixed when it is created. */
            if (!creating)
                return CBOTO_EINVAL;
            *fifo = strcmp(at[i].value, "true") == 0;
        }
    }
    return CBOTO_OK;
}

static int check_tags(const struct cboto_sqs_attribute *t, size_t n)
{
    size_t i, j;

    if ((n && !t) || n > 50)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        if (!t[i].name || !*t[i].name || strlen(t[i].name) > 128 ||
            !t[i].value || strlen(t[i].value) > 256 ||
            !cboto__sqs_valid_text(t[i].name, strlen(t[i].name)) ||
            !cboto__sqs_valid_text(t[i].value, strlen(t[i].value)))
            return CBOTO_EINVAL;
        for (j = 0; j < i; j++)
            if (strcmp(t[i].name, t[j].name) == 0)
                return CBOTO_EINVAL;
    }
    return CBOTO_OK;
}

static int add_pairs(struct cboto_request *rq, const char *prefix,
                     const char *kname, const char *vname,
                     const struct cboto_sqs_attribute *at, size_t n)
{
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; i < n && !rc; i++) {
        rc = cboto__sqs_add_fmt(rq, at[i].name, strlen(at[i].name),
                                "%s.%zu.%s", prefix, i + 1, kname);
        if (!rc)
            rc = cboto__sqs_add_fmt(rq, at[i].value, strlen(at[i].value),
                                    "%s.%zu.%s", prefix, i + 1, vname);
    }
    return rc;
}

static int done(struct cboto_request *rq, int rc, struct cboto_request **out)
{
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

int cboto_sqs_create_queue(struct cboto_client *cl,
                           const struct cboto_sqs_create_queue_params *p,
                           struct cboto_request **out)
{
    struct cboto_request *rq;
    int fifo, rc;
    size_t n;

    if (!p || !out || !cboto__sqs_valid_queue_name(p->queue_name) ||
        check_queue_attrs(p->attributes, p->n_attributes, 1, &fifo) ||
        check_tags(p->tags, p->n_tags))
        return CBOTO_EINVAL;
    /* SQS ties the ".fifo" suffix and FifoQueue=true together. */
    n = strlen(p->queue_name);
    if (fifo != (n > 5 && strcmp(p->queue_name + n - 5, ".fifo") == 0))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "CreateQueue", NULL,
                            &cboto__sqs_create_queue_parser, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "QueueName", p->queue_name);
    if (!rc)
        rc = add_pairs(rq, "Attribute", "Name", "Value", p->attributes,
                       p->n_attributes);
    if (!rc)
        rc = add_pairs(rq, "Tag", "Key", "Value", p->tags, p->n_tags);
    return done(rq, rc, out);
}

int cboto_sqs_get_queue_url(struct cboto_client *cl,
                            const struct cboto_sqs_get_queue_url_params *p,
                            struct cboto_request **out)
{
    struct cboto_request *rq;
    const char *acct;
    int rc;

    if (!p || !out || !cboto__sqs_valid_queue_name(p->queue_name))
        return CBOTO_EINVAL;
    acct = p->queue_owner_aws_account_id;
    if (acct && (strlen(acct) != 12 || strspn(acct, "0123456789") != 12))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "GetQueueUrl", NULL,
                            &cboto__sqs_get_queue_url_parser, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "QueueName", p->queue_name);
    if (!rc && acct)
        rc = cboto__kvlist_add(&rq->query, "QueueOwnerAWSAccountId", acct);
    return done(rq, rc, out);
}

static int add_paging(struct cboto_request *rq, int max_results,
                      const char *next_token)
{
    int rc = CBOTO_OK;

    if (max_results)
        rc = cboto__sqs_add_int(rq, "MaxResults", max_results);
    if (!rc && next_token)
        rc = cboto__kvlist_add(&rq->query, "NextToken", next_token);
    return rc;
}

int cboto__sqs_list_queues_build(struct cboto_client *cl,
                                 const struct cboto_sqs_list_queues_params *p,
                                 struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || p->max_results < 0 || p->max_results > 1000)
        return CBOTO_EINVAL;
    if (p->prefix && (strlen(p->prefix) > 80 ||
                      strspn(p->prefix, "abcdefghijklmnopqrstuvwxyz"
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_.") != strlen(p->prefix)))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "ListQueues", NULL,
                            &cboto__sqs_list_queues_parser, &rq);
    if (rc)
        return rc;
    if (p->prefix && *p->prefix)
        rc = cboto__kvlist_add(&rq->query, "QueueNamePrefix", p->prefix);
    if (!rc)
        rc = add_paging(rq, p->max_results, p->next_token);
    return done(rq, rc, out);
}

int cboto_sqs_list_queues(struct cboto_client *cl,
                          const struct cboto_sqs_list_queues_params *p,
                          struct cboto_request **out)
{
    static const struct cboto_sqs_list_queues_params none = {0};

    return cboto__sqs_list_queues_build(cl, p ? p : &none, out);
}

static int queue_only(struct cboto_client *cl, const char *action,
                      const char *url, const struct cboto__parser *ps,
                      struct cboto_request **out)
{
    if (!out || cboto__sqs_check_url(url))
        return CBOTO_EINVAL;
    return cboto__sqs_request(cl, action, url, ps, out);
}

int cboto_sqs_delete_queue(struct cboto_client *cl,
                           const struct cboto_sqs_queue_params *p,
                           struct cboto_request **out)
{
    if (!p)
        return CBOTO_EINVAL;
    return queue_only(cl, "DeleteQueue", p->queue_url,
                      &cboto__sqs_delete_queue_parser, out);
}

int cboto_sqs_purge_queue(struct cboto_client *cl,
                          const struct cboto_sqs_queue_params *p,
                          struct cboto_request **out)
{
    if (!p)
        return CBOTO_EINVAL;
    return queue_only(cl, "PurgeQueue", p->queue_url,
                      &cboto__sqs_purge_queue_parser, out);
}

int cboto_sqs_list_queue_tags(struct cboto_client *cl,
                              const struct cboto_sqs_queue_params *p,
                              struct cboto_request **out)
{
    if (!p)
        return CBOTO_EINVAL;
    return queue_only(cl, "ListQueueTags", p->queue_url,
                      &cboto__sqs_list_tags_parser, out);
}

int cboto_sqs_get_queue_attributes(
    struct cboto_client *cl, const struct cboto_sqs_get_attributes_params *p,
    struct cboto_request **out)
{
    static const char *const all[] = {"All"};
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        cboto__sqs_check_list(p->names, p->n_names))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "GetQueueAttributes", p->queue_url,
                            &cboto__sqs_get_attributes_parser, &rq);
    if (rc)
        return rc;
    if (p->n_names)
        rc =
            cboto__sqs_add_list(rq, "AttributeName.%zu", p->names, p->n_names);
    else
        rc = cboto__sqs_add_list(rq, "AttributeName.%zu", all, 1);
    return done(rq, rc, out);
}

int cboto_sqs_set_queue_attributes(
    struct cboto_client *cl, const struct cboto_sqs_set_attributes_params *p,
    struct cboto_request **out)
{
    struct cboto_request *rq;
    int fifo, rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        p->n_attributes == 0 ||
        check_queue_attrs(p->attributes, p->n_attributes, 0, &fifo))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "SetQueueAttributes", p->queue_url,
                            &cboto__sqs_set_attributes_parser, &rq);
    if (rc)
        return rc;
    rc = add_pairs(rq, "Attribute", "Name", "Value", p->attributes,
                   p->n_attributes);
    return done(rq, rc, out);
}

int cboto_sqs_tag_queue(struct cboto_client *cl,
                        const struct cboto_sqs_set_attributes_params *p,
                        struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        p->n_attributes == 0 || check_tags(p->attributes, p->n_attributes))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "TagQueue", p->queue_url,
                            &cboto__sqs_tag_queue_parser, &rq);
    if (rc)
        return rc;
    rc = add_pairs(rq, "Tag", "Key", "Value", p->attributes, p->n_attributes);
    return done(rq, rc, out);
}

int cboto_sqs_untag_queue(struct cboto_client *cl,
                          const struct cboto_sqs_untag_params *p,
                          struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) || p->n_keys == 0 ||
        p->n_keys > 50 || cboto__sqs_check_list(p->keys, p->n_keys))
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "UntagQueue", p->queue_url,
                            &cboto__sqs_untag_queue_parser, &rq);
    if (rc)
        return rc;
    rc = cboto__sqs_add_list(rq, "TagKey.%zu", p->keys, p->n_keys);
    return done(rq, rc, out);
}

int cboto_sqs_list_dead_letter_source_queues(
    struct cboto_client *cl, const struct cboto_sqs_list_dlq_params *p,
    struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!p || !out || cboto__sqs_check_url(p->queue_url) ||
        p->max_results < 0 || p->max_results > 1000)
        return CBOTO_EINVAL;
    rc = cboto__sqs_request(cl, "ListDeadLetterSourceQueues", p->queue_url,
                            &cboto__sqs_list_dlq_parser, &rq);
    if (rc)
        return rc;
    rc = add_paging(rq, p->max_results, p->next_token);
    return done(rq, rc, out);
}

int cboto_sqs_queue_url(const struct cboto_client *cl, const char *account_id,
                        const char *queue_name, char *out, size_t cap)
{
    const struct cboto__endpoint *ep;
    int n;

    if (!cl || !out || !account_id || strlen(account_id) != 12 ||
        strspn(account_id, "0123456789") != 12 ||
        !cboto__sqs_valid_queue_name(queue_name))
        return CBOTO_EINVAL;
    ep = cboto__client_endpoint(cl, CBOTO__SVC_SQS);
    n = snprintf(out, cap, "%s://%s%s/%s/%s", ep->scheme, ep->host,
                 ep->base_path, account_id, queue_name);
    if (n < 0 || (size_t)n >= cap)
        return CBOTO_ETOOBIG;
    return CBOTO_OK;
}
