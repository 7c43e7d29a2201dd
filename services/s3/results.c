/* SPDX-License-Identifier: MIT */
/* Typed accessors: each checks the response's result kind. */
#include "../../aws/core.h"
#include "s3_internal.h"

const struct cboto_s3_list_result *
cboto_s3_list_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_LIST);
}

const struct cboto_s3_bucket_list *
cboto_s3_bucket_list_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_BUCKETS);
}

const struct cboto_s3_object_info *
cboto_s3_object_info_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_OBJECT_INFO);
}

const struct cboto_s3_put_result *
cboto_s3_put_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_PUT);
}
