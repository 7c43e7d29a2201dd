/* SPDX-License-Identifier: MIT */
/* The one place that calls malloc/realloc/free: everything else goes through
 * the client's allocator, so tests can count and fail allocations. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *std_alloc(void *ctx, size_t n)
{
    CBOTO_UNUSED(ctx);
    return malloc(n ? n : 1);
}

static void *std_resize(void *ctx, void *p, size_t old_n, size_t new_n)
{
    CBOTO_UNUSED(ctx);
    CBOTO_UNUSED(old_n);
    return realloc(p, new_n ? new_n : 1);
}

static void std_dealloc(void *ctx, void *p)
{
    CBOTO_UNUSED(ctx);
    free(p);
}

static const struct cboto_allocator s_std = {std_alloc, std_resize,
                                             std_dealloc, NULL};

const struct cboto_allocator *cboto__default_allocator(void)
{
    return &s_std;
}

void *cboto__alloc(const struct cboto_allocator *a, size_t n)
{
    if (!a)
        a = &s_std;
    return a->alloc(a->ctx, n);
}

void *cboto__calloc(const struct cboto_allocator *a, size_t nmemb, size_t size)
{
    void *p;

    if (size && nmemb > SIZE_MAX / size)
        return NULL;
    p = cboto__alloc(a, nmemb * size);
    if (p)
        memset(p, 0, nmemb * size);
    return p;
}

void *cboto__resize(const struct cboto_allocator *a, void *p, size_t old_n,
                    size_t new_n)
{
    if (!a)
        a = &s_std;
    if (!p)
        return a->alloc(a->ctx, new_n);
    return a->resize(a->ctx, p, old_n, new_n);
}

void cboto__free(const struct cboto_allocator *a, void *p)
{
    if (!p)
        return;
    if (!a)
        a = &s_std;
    a->dealloc(a->ctx, p);
}

char *cboto__strndup(const struct cboto_allocator *a, const char *s, size_t n)
{
    char *d;

    if (!s)
        return NULL;
    d = cboto__alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *cboto__strdup(const struct cboto_allocator *a, const char *s)
{
    return s ? cboto__strndup(a, s, strlen(s)) : NULL;
}

void cboto__memzero(void *p, size_t n)
{
    /* A volatile function pointer keeps the compiler from proving the
     * store dead and dropping it before free(). */
    static void *(*const volatile memset_v)(void *, int, size_t) = memset;

    if (p && n)
        memset_v(p, 0, n);
}

void cboto__free_secret(const struct cboto_allocator *a, char *s)
{
    if (!s)
        return;
    cboto__memzero(s, strlen(s));
    cboto__free(a, s);
}
