/* SPDX-License-Identifier: MIT */
/*
 * An XML response parser (FUZZ_PARSER: any struct cboto__parser of S3,
 * SimpleDB or SQS) driven the way the executors drive it: state,
 * init, the XML stage fed the input as the body in chunks whose sizes come
 * from the input, finish, cleanup.  The same body is then parsed whole:
 * where a document is split must not change the outcome.
 */
#include <string.h>

#include "services/s3/s3_internal.h"
#include "services/sdb/sdb_internal.h"
#include "services/sqs/sqs_internal.h"

#include "fuzz.h"

#ifndef FUZZ_PARSER
#error "define FUZZ_PARSER"
#endif

static int run(const uint8_t *data, size_t len, int chunked)
{
    const struct cboto__parser *p = &FUZZ_PARSER;
    void *st = cboto__calloc(NULL, 1, p->state_size);
    void *result = NULL;
    struct cboto__xml *x = NULL;
    struct cboto__xml_handler h;
    int rc;

    FUZZ_CHECK(st != NULL);
    rc = p->init(st, NULL);
    if (!rc) {
        h.start = p->start;
        h.end = p->end;
        h.st = st;
        rc = cboto__xml_new(NULL, &h, 0, &x);
        cboto__xml_set_attr(x, p->attr); /* SimpleDB's encoding="base64" */
    }
    if (!rc) {
        size_t off = 0;

        while (!rc && off < len) {
            size_t n = chunked ? fuzz_chunk_len(data, len, off) : len - off;

            rc = cboto__xml_feed(x, data + off, n);
            off += n;
        }
        if (!rc)
            rc = cboto__xml_finish(x);
    }
    cboto__xml_free(x);
    if (!rc) {
        rc = p->finish(st, 200, NULL, &result);
        FUZZ_CHECK(rc || result != NULL);
    }
    if (rc)
        FUZZ_CHECK(result == NULL);
    p->cleanup(st);
    cboto__free(NULL, st);
    if (result)
        p->result_free(NULL, result);
    /* Only the library's own codes may come out (SQS receive answers also
     * fail their MD5 checks: CBOTO_ECHECKSUM). */
    FUZZ_CHECK(rc == CBOTO_OK || rc == CBOTO_EPARSE || rc == CBOTO_ETOOBIG ||
               rc == CBOTO_ENOMEM || rc == CBOTO_ECHECKSUM);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int chunked = run(data, size, 1);
    int whole = run(data, size, 0);

    /* A chunked parse and a whole one must agree (regressions/ holds a
     * document in a foreign encoding that once made them differ). */
    if (chunked != whole) {
        fprintf(stderr, "chunked parse gave %s, whole parse %s\n",
                cboto_err_name(chunked), cboto_err_name(whole));
        abort();
    }
    return 0;
}
