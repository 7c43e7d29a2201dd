/* SPDX-License-Identifier: MIT */
/* Growable byte buffers with a hard cap: over the cap is an error, never a
 * silent truncation. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void cboto__buf_init(struct cboto__buf *b, const struct cboto_allocator *a,
                     size_t max)
{
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX;
    b->a = a;
}

void cboto__buf_cleanup(struct cboto__buf *b)
{
    cboto__free(b->a, b->ptr);
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
}

void cboto__buf_reset(struct cboto__buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

int cboto__buf_reserve(struct cboto__buf *b, size_t extra)
{
    size_t need, ncap;
    uint8_t *np;

    if (extra > b->max - b->len)
        return CBOTO_ETOOBIG;
    if (b->len + extra == SIZE_MAX)
        return CBOTO_ENOMEM;
    need = b->len + extra + 1; /* room for the trailing NUL */
    if (need <= b->cap)
        return CBOTO_OK;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    np = cboto__resize(b->a, b->ptr, b->cap, ncap);
    if (!np)
        return CBOTO_ENOMEM;
    b->ptr = np;
    b->cap = ncap;
    b->ptr[b->len] = '\0'; /* an empty buffer reads as "" too */
    return CBOTO_OK;
}

int cboto__buf_append(struct cboto__buf *b, const void *p, size_t n)
{
    int rc = cboto__buf_reserve(b, n);

    if (rc)
        return rc;
    if (n)
        memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return CBOTO_OK;
}

int cboto__buf_append_str(struct cboto__buf *b, const char *s)
{
    return cboto__buf_append(b, s, strlen(s));
}

int cboto__buf_append_byte(struct cboto__buf *b, uint8_t c)
{
    return cboto__buf_append(b, &c, 1);
}

int cboto__buf_printf(struct cboto__buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CBOTO_EINVAL;
    rc = cboto__buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf((char *)b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CBOTO_OK;
}

const char *cboto__buf_cstr(const struct cboto__buf *b)
{
    return b->ptr ? (const char *)b->ptr : "";
}

char *cboto__buf_steal(struct cboto__buf *b)
{
    char *s;

    if (!b->ptr && cboto__buf_reserve(b, 0) != CBOTO_OK)
        return NULL;
    if (!b->ptr)
        return NULL;
    b->ptr[b->len] = '\0';
    s = (char *)b->ptr;
    b->ptr = NULL;
    b->len = 0;
    b->cap = 0;
    return s;
}
