/* SPDX-License-Identifier: MIT */
#include "run_parser.h"

#include "aws/internal.h"
#include "aws/xml.h"

static int feed(const struct cboto__parser *p, void *st,
                const struct cboto_allocator *a, const char *doc, size_t len,
                size_t chunk)
{
    struct cboto__xml_handler h = {p->start, p->end, st};
    struct cboto__xml *x = NULL;
    size_t off = 0;
    int rc = cboto__xml_new(a, &h, 0, &x);

    if (!rc && p->attr)
        cboto__xml_set_attr(x, p->attr);
    while (!rc && off < len) {
        size_t n = chunk && chunk < len - off ? chunk : len - off;

        rc = cboto__xml_feed(x, doc + off, n);
        off += n;
    }
    if (!rc)
        rc = cboto__xml_finish(x);
    cboto__xml_free(x);
    return rc;
}

int test_run_parser(const struct cboto_allocator *a,
                    const struct cboto__parser *p,
                    const struct cboto_request *rq,
                    const struct cboto__kvlist *hdrs, const char *doc,
                    size_t len, size_t chunk, void **result)
{
    void *st = cboto__calloc(a, 1, p->state_size);
    int rc;

    *result = NULL;
    if (!st)
        return CBOTO_ENOMEM;
    rc = p->init(st, a);
    if (!rc && rq && p->init_request)
        rc = p->init_request(st, rq);
    if (!rc && (p->start || p->end))
        rc = feed(p, st, a, doc, len, chunk);
    if (!rc)
        rc = p->finish(st, 200, hdrs, result);
    p->cleanup(st);
    cboto__free(a, st);
    return rc;
}
