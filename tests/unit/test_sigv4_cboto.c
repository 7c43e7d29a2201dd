/* SPDX-License-Identifier: MIT */
/* The project's own signing vectors (tests/data/sigv4/cboto-vectors.json,
 * written by tests/tools/gen_sig_vectors.py with botocore): awkward S3
 * keys, SQS form POSTs, SimpleDB SigV2 POSTs, session tokens and a 7-day
 * presigned PUT.  Checked in, so these never skip. */
#define TEST_LIST(X) X(cboto_sigv4_vectors) X(cboto_sigv2_vectors)
#include "harness.h"
#include "sigtest.h"

#define VECTORS TOP_SRCDIR "/tests/data/sigv4/cboto-vectors.json"

static int run(struct cboto_allocator *a, const char *key, int v2, int expect)
{
    json_t *root, *c;
    size_t i;
    int failed = 0, checked = 0;

    root = st_load_json(VECTORS);
    ASSERT_NOT_NULL(root);
    json_array_foreach(json_object_get(root, key), i, c)
    {
        {
            int bad_ = (v2 ? st_run_sigv2_case(a, c)
                           : st_run_botocore_case(a, c)) != 0;

            test_case(st_str(c, "id"), !bad_);
            failed += bad_;
        }
        checked++;
    }
    json_decref(root);
    ASSERT_EQ(0, failed);
    ASSERT_EQ(expect, checked);
    return 0;
}

static int test_cboto_sigv4_vectors(struct cboto_allocator *a)
{
    return run(a, "sigv4_cases", 0, 10);
}

static int test_cboto_sigv2_vectors(struct cboto_allocator *a)
{
    return run(a, "sigv2_cases", 1, 2);
}

HARNESS_MAIN(TEST_LIST)
