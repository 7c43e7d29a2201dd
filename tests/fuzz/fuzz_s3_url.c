/* SPDX-License-Identifier: MIT */
/*
 * s3://BUCKET[/KEY] argument parsing (cboto_s3_parse_url, which the tools
 * use): whatever the text, the result is a valid bucket and a key inside
 * the input, or CBOTO_EINVAL with a reason.
 */
#include <string.h>

#include <cboto/s3.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char url[4096], bucket[64];
    const char *key = NULL, *why = NULL;
    int rc;

    if (size >= sizeof url)
        return 0;
    memcpy(url, data, size);
    url[size] = '\0';
    rc = cboto_s3_parse_url(url, bucket, sizeof bucket, &key, &why);
    if (rc == CBOTO_OK) {
        FUZZ_CHECK(cboto_s3_validate_bucket(bucket, NULL) == CBOTO_OK);
        /* the key points into the input, or is "" for a bare bucket */
        FUZZ_CHECK((key >= url && key <= url + size) || *key == 0);
        FUZZ_CHECK(strlen(key) <= 1024);
        FUZZ_CHECK(strncmp(url, "s3://", 5) == 0);
    } else {
        FUZZ_CHECK(rc == CBOTO_EINVAL);
        FUZZ_CHECK(why != NULL);
    }
    return 0;
}
