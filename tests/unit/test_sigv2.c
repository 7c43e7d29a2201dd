/* SPDX-License-Identifier: MIT */
/* SigV2 (HmacSHA256) against sigv2-cases.json: 8 cases, one with a
 * documented signature.  String to sign, signature, and the signed URL or
 * form body. */
#define TEST_LIST(X) X(sigv2_cases)
#include "harness.h"
#include "sigtest.h"

static int test_sigv2_cases(struct cboto_allocator *a)
{
    char path[4096];
    json_t *root, *c;
    size_t i;
    int failed = 0, checked = 0;

    if (!st_data_path(path, sizeof path, "sigv2-cases.json"))
        return TEST_SKIP;
    root = st_load_json(path);
    ASSERT_NOT_NULL(root);
    json_array_foreach(json_object_get(root, "cases"), i, c)
    {
        {
            int bad_ = (st_run_sigv2_case(a, c)) != 0;

            test_case(st_str(c, "id"), !bad_);
            failed += bad_;
        }
        checked++;
    }
    json_decref(root);
    ASSERT_EQ(0, failed);
    ASSERT_EQ(8, checked);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
