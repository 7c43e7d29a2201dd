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

const struct cboto_s3_delete_result *
cboto_s3_delete_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_DELETE);
}

const struct cboto_s3_copy_result *
cboto_s3_copy_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_COPY);
}

const struct cboto_s3_multipart_upload *
cboto_s3_multipart_upload_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_MPU);
}

const struct cboto_s3_complete_result *
cboto_s3_complete_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_COMPLETE);
}

const struct cboto_s3_parts_result *
cboto_s3_parts_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_PARTS);
}

const struct cboto_s3_uploads_result *
cboto_s3_uploads_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_UPLOADS);
}

const struct cboto_s3_location_result *
cboto_s3_location_result(const struct cboto_response *resp)
{
    return cboto__response_result(resp, CBOTO__RESULT_S3_LOCATION);
}
