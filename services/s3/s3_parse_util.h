/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the S3 response parsers (parse_*.c). */
#ifndef CBOTO_S3_PARSE_UTIL_H
#define CBOTO_S3_PARSE_UTIL_H

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "s3_internal.h"

/* Results hand out const views; the parser that built them frees them. */
static inline void s3p_free_const(const struct cboto_allocator *a,
                                  const void *p)
{
    cboto__free(a, (void *)(uintptr_t)p);
}

/* Replace *slot by a copy of text (the last occurrence wins). */
static inline int s3p_set(const struct cboto_allocator *a, char **slot,
                          const char *text, size_t len)
{
    char *c = cboto__strndup(a, text, len);

    if (!c)
        return CBOTO_ENOMEM;
    cboto__free(a, *slot);
    *slot = c;
    return CBOTO_OK;
}

static inline int s3p_parse_u64(const char *s, size_t len, uint64_t *out)
{
    return cboto__parse_u64_digits(s, len, out);
}

static inline int s3p_parse_int(const char *s, size_t len, int *out)
{
    uint64_t v;
    int rc = s3p_parse_u64(s, len, &v);

    if (rc)
        return rc;
    if (v > INT_MAX)
        return CBOTO_EPARSE;
    *out = (int)v;
    return CBOTO_OK;
}

static inline int s3p_parse_bool(const char *s, size_t len, int *out)
{
    if (len == 4 && memcmp(s, "true", 4) == 0)
        *out = 1;
    else if (len == 5 && memcmp(s, "false", 5) == 0)
        *out = 0;
    else
        return CBOTO_EPARSE;
    return CBOTO_OK;
}

#endif /* CBOTO_S3_PARSE_UTIL_H */
