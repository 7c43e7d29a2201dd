/* SPDX-License-Identifier: MIT */
/* Ordered name/value lists for headers and query parameters.  Order is kept
 * because repeated names are legal in both and the wire order matters. */
#include <string.h>

#include "internal.h"

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

    for (i = 0; i < l->n; i++) {
        cboto__free(l->a, l->v[i].name);
        cboto__free(l->a, l->v[i].value);
    }
    cboto__free(l->a, l->v);
    l->v = NULL;
    l->n = 0;
    l->cap = 0;
}

static int grow(struct cboto__kvlist *l)
{
    size_t ncap;
    struct cboto__kv *nv;

    if (l->n < l->cap)
        return CBOTO_OK;
    ncap = l->cap ? l->cap * 2 : 8;
    nv = cboto__resize(l->a, l->v, l->cap * sizeof *nv, ncap * sizeof *nv);
    if (!nv)
        return CBOTO_ENOMEM;
    l->v = nv;
    l->cap = ncap;
    return CBOTO_OK;
}

int cboto__kvlist_addn(struct cboto__kvlist *l, const char *name, size_t nlen,
                       const char *value, size_t vlen)
{
    char *n, *v;

    if (grow(l))
        return CBOTO_ENOMEM;
    n = cboto__strndup(l->a, name, nlen);
    v = cboto__strndup(l->a, value ? value : "", value ? vlen : 0);
    if (!n || !v) {
        cboto__free(l->a, n);
        cboto__free(l->a, v);
        return CBOTO_ENOMEM;
    }
    l->v[l->n].name = n;
    l->v[l->n].value = v;
    l->n++;
    return CBOTO_OK;
}

int cboto__kvlist_add(struct cboto__kvlist *l, const char *name,
                      const char *value)
{
    return cboto__kvlist_addn(l, name, strlen(name), value,
                              value ? strlen(value) : 0);
}

const char *cboto__kvlist_get(const struct cboto__kvlist *l, const char *name)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (cboto__strcaseeq(l->v[i].name, name))
            return l->v[i].value;
    return NULL;
}

size_t cboto__kvlist_remove(struct cboto__kvlist *l, const char *name)
{
    size_t i, j, removed = 0;

    for (i = 0, j = 0; i < l->n; i++) {
        if (cboto__strcaseeq(l->v[i].name, name)) {
            cboto__free(l->a, l->v[i].name);
            cboto__free(l->a, l->v[i].value);
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
    size_t i;
    char *v;

    for (i = 0; i < l->n; i++) {
        if (!cboto__strcaseeq(l->v[i].name, name))
            continue;
        v = cboto__strdup(l->a, value ? value : "");
        if (!v)
            return CBOTO_ENOMEM;
        cboto__free(l->a, l->v[i].value);
        l->v[i].value = v;
        /* Drop later duplicates so exactly one entry remains. */
        for (i++; i < l->n; i++) {
            if (cboto__strcaseeq(l->v[i].name, name)) {
                size_t k;

                cboto__free(l->a, l->v[i].name);
                cboto__free(l->a, l->v[i].value);
                for (k = i; k + 1 < l->n; k++)
                    l->v[k] = l->v[k + 1];
                l->n--;
                i--;
            }
        }
        return CBOTO_OK;
    }
    return cboto__kvlist_add(l, name, value);
}

int cboto__kvlist_copy(struct cboto__kvlist *dst,
                       const struct cboto__kvlist *src)
{
    size_t i;
    int rc;

    for (i = 0; i < src->n; i++) {
        rc = cboto__kvlist_add(dst, src->v[i].name, src->v[i].value);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}
