/* SPDX-License-Identifier: MIT */
/* Ordered name/value lists for headers and query parameters.  Order is kept
 * because repeated names are legal in both and the wire order matters.
 *
 * Each entry is one allocation, "name\0value\0", with value pointing into
 * it: a request copies its lists into a fresh message for every attempt
 * and the signer adds to them, so two mallocs per entry were a visible
 * share of a signature.  Only this file creates or frees entries. */
#include <string.h>

#include "internal.h"

/* The size of an entry's block. */
static size_t entry_size(const struct cboto__kv *e)
{
    return e->nlen + e->vlen + 2;
}

/* Lengths first: most names in a list differ in length from the one
 * looked for, and the signer looks up several per signature. */
static int name_eq(const struct cboto__kv *e, const char *name, size_t n)
{
    return e->nlen == n && cboto__strcaseeq(e->name, name);
}

static void entry_free(const struct cboto_allocator *a, struct cboto__kv *e)
{
    cboto__free(a, e->name);
}

/* The lengths are exact: neither string has a NUL before its end. */
static int entry_make(const struct cboto_allocator *a, struct cboto__kv *e,
                      const char *name, size_t nlen, const char *value,
                      size_t vlen)
{
    char *p;

    if (nlen > SIZE_MAX - 2 || vlen > SIZE_MAX - 2 - nlen)
        return CBOTO_ENOMEM;
    p = cboto__alloc(a, nlen + vlen + 2);
    if (!p)
        return CBOTO_ENOMEM;
    if (nlen)
        memcpy(p, name, nlen);
    p[nlen] = '\0';
    if (vlen)
        memcpy(p + nlen + 1, value, vlen);
    p[nlen + 1 + vlen] = '\0';
    e->name = p;
    e->value = p + nlen + 1;
    e->nlen = nlen;
    e->vlen = vlen;
    return CBOTO_OK;
}

/* A caller's length may run past a NUL; the stored string ends there, as
 * a C string would, and the length kept must say so. */
static size_t cut_at_nul(const char *s, size_t n)
{
    const char *z = n ? memchr(s, '\0', n) : NULL;

    return z ? (size_t)(z - s) : n;
}

void cboto__kvlist_init(struct cboto__kvlist *l,
                        const struct cboto_allocator *a)
{
    l->v = NULL;
    l->n = 0;
    l->cap = 0;
    l->a = a;
}

void cboto__kvlist_cleanup(struct cboto__kvlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        entry_free(l->a, &l->v[i]);
    cboto__free(l->a, l->v);
    l->v = NULL;
    l->n = 0;
    l->cap = 0;
}

static int reserve(struct cboto__kvlist *l, size_t extra)
{
    size_t ncap;
    struct cboto__kv *nv;

    if (extra <= l->cap - l->n)
        return CBOTO_OK;
    if (extra > SIZE_MAX / sizeof *nv - l->n)
        return CBOTO_ENOMEM;
    ncap = l->cap ? l->cap : 8;
    while (ncap < l->n + extra)
        ncap = ncap > SIZE_MAX / sizeof *nv / 2 ? l->n + extra : ncap * 2;
    nv = cboto__resize(l->a, l->v, l->cap * sizeof *nv, ncap * sizeof *nv);
    if (!nv)
        return CBOTO_ENOMEM;
    l->v = nv;
    l->cap = ncap;
    return CBOTO_OK;
}

static int append(struct cboto__kvlist *l, const char *name, size_t nlen,
                  const char *value, size_t vlen)
{
    int rc = reserve(l, 1);

    if (!rc)
        rc = entry_make(l->a, &l->v[l->n], name, nlen, value, vlen);
    if (rc)
        return rc;
    l->n++;
    return CBOTO_OK;
}

int cboto__kvlist_addn(struct cboto__kvlist *l, const char *name, size_t nlen,
                       const char *value, size_t vlen)
{
    if (!value)
        return append(l, name, cut_at_nul(name, nlen), "", 0);
    return append(l, name, cut_at_nul(name, nlen), value,
                  cut_at_nul(value, vlen));
}

/* strlen's lengths need no NUL check. */
int cboto__kvlist_add(struct cboto__kvlist *l, const char *name,
                      const char *value)
{
    return append(l, name, strlen(name), value ? value : "",
                  value ? strlen(value) : 0);
}

const char *cboto__kvlist_get(const struct cboto__kvlist *l, const char *name)
{
    size_t i, n = strlen(name);

    for (i = 0; i < l->n; i++)
        if (name_eq(&l->v[i], name, n))
            return l->v[i].value;
    return NULL;
}

size_t cboto__kvlist_remove(struct cboto__kvlist *l, const char *name)
{
    size_t i, j, removed = 0, n = strlen(name);

    for (i = 0, j = 0; i < l->n; i++) {
        if (name_eq(&l->v[i], name, n)) {
            entry_free(l->a, &l->v[i]);
            removed++;
            continue;
        }
        l->v[j++] = l->v[i];
    }
    l->n = j;
    return removed;
}

int cboto__kvlist_set(struct cboto__kvlist *l, const char *name,
                      const char *value)
{
    struct cboto__kv e;
    size_t i, j, n = strlen(name);
    int rc;

    if (!value)
        value = "";
    for (i = 0; i < l->n; i++) {
        if (!name_eq(&l->v[i], name, n))
            continue;
        /* The stored name keeps its spelling; value may point into the
         * entry being replaced, so the new one is made first. */
        rc = entry_make(l->a, &e, l->v[i].name, l->v[i].nlen, value,
                        strlen(value));
        if (rc)
            return rc;
        entry_free(l->a, &l->v[i]);
        l->v[i] = e;
        /* Drop later duplicates so exactly one entry remains. */
        for (j = ++i; i < l->n; i++) {
            if (name_eq(&l->v[i], name, n))
                entry_free(l->a, &l->v[i]);
            else
                l->v[j++] = l->v[i];
        }
        l->n = j;
        return CBOTO_OK;
    }
    return append(l, name, n, value, strlen(value));
}

int cboto__kvlist_copy(struct cboto__kvlist *dst,
                       const struct cboto__kvlist *src)
{
    size_t i, sz;
    char *p;
    int rc = reserve(dst, src->n);

    if (rc)
        return rc;
    for (i = 0; i < src->n; i++) {
        sz = entry_size(&src->v[i]);
        p = cboto__alloc(dst->a, sz);
        if (!p)
            return CBOTO_ENOMEM;
        memcpy(p, src->v[i].name, sz);
        dst->v[dst->n] = src->v[i];
        dst->v[dst->n].name = p;
        dst->v[dst->n].value = p + src->v[i].nlen + 1;
        dst->n++;
    }
    return CBOTO_OK;
}
