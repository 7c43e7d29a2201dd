/* SPDX-License-Identifier: MIT */
/* Typed accessors: each checks the response's result kind. */
#include "../../aws/core.h"
#include "sqs_internal.h"

static const struct cboto__sqs_result *get(const struct cboto_response *r,
                                           int kind)
{
    return cboto__response_result(r, kind);
}

const struct cboto_sqs_queue_url_result *
cboto_sqs_queue_url_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r = get(resp, CBOTO__RESULT_SQS_QUEUE_URL);

    return r ? &r->url : NULL;
}

const struct cboto_sqs_queue_list *
cboto_sqs_queue_list_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r =
        get(resp, CBOTO__RESULT_SQS_QUEUE_LIST);

    return r ? &r->list : NULL;
}

const struct cboto_sqs_attribute_list *
cboto_sqs_attribute_list_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r =
        get(resp, CBOTO__RESULT_SQS_ATTRIBUTES);

    return r ? &r->attrs : NULL;
}

const struct cboto_sqs_sent *
cboto_sqs_send_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r = get(resp, CBOTO__RESULT_SQS_SEND);

    return r ? &r->sent : NULL;
}

const struct cboto_sqs_batch_result *
cboto_sqs_batch_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r = get(resp, CBOTO__RESULT_SQS_BATCH);

    return r ? &r->batch : NULL;
}

const struct cboto_sqs_receive_result *
cboto_sqs_receive_result(const struct cboto_response *resp)
{
    const struct cboto__sqs_result *r = get(resp, CBOTO__RESULT_SQS_RECEIVE);

    return r ? &r->recv : NULL;
}

const char *cboto_sqs_request_id(const struct cboto_response *resp)
{
    int k;

    for (k = CBOTO__RESULT_SQS_EMPTY; k <= CBOTO__RESULT_SQS_RECEIVE; k++) {
        const struct cboto__sqs_result *r = get(resp, k);

        if (r)
            return r->request_id;
    }
    return NULL;
}
