/* SPDX-License-Identifier: MIT */
/* Parser tests drive a parser the way an executor does; one copy of that
 * drive for all of them. */
#ifndef CBOTO_TESTS_RUN_PARSER_H
#define CBOTO_TESTS_RUN_PARSER_H

#include <stddef.h>

#include "aws/parser.h"

/* The parser's state, init (and init_request when rq is given), the body
 * through the XML reader in chunk-byte pieces (0: all at once), with the
 * attribute callback when the parser has one, finish with status 200 and
 * hdrs (may be NULL), cleanup.  A parser without element callbacks gets no
 * body.  *result receives the typed result (NULL on error). */
int test_run_parser(const struct cboto_allocator *a,
                    const struct cboto__parser *p,
                    const struct cboto_request *rq,
                    const struct cboto__kvlist *hdrs, const char *doc,
                    size_t len, size_t chunk, void **result);

#endif
