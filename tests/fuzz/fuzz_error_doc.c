/* SPDX-License-Identifier: MIT */
/* The AWS error-document parser (S3, SimpleDB and SQS shapes) on any body. */
#include <string.h>

#include "aws/xml.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cboto__error_fields f;
    int rc;

    memset(&f, 0xA5, sizeof f); /* the parser must set every field */
    rc = cboto__parse_error_doc(NULL, data, size, &f);
    FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EPARSE || rc == CBOTO_ETOOBIG);
    if (rc == CBOTO_OK) {
        /* Touch every string so ASan sees a bad pointer or a missing
         * terminator. */
        const char *s[] = {f.code,   f.message,  f.request_id, f.host_id,
                           f.region, f.endpoint, f.server_time};
        size_t i, total = 0;

        for (i = 0; i < sizeof s / sizeof s[0]; i++)
            if (s[i])
                total += strlen(s[i]);
        FUZZ_CHECK(total <= size);
        cboto__error_fields_cleanup(NULL, &f);
    }
    return 0;
}
