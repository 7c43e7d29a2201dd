/* SPDX-License-Identifier: MIT */
/* Pagers, as services define them (never installed). */
#ifndef CBOTO_AWS_PAGER_H
#define CBOTO_AWS_PAGER_H

#include <cboto/pager.h>

#include "core.h"

struct cboto__pager_ops {
    /* Build the request for the page after token (NULL: the first page),
     * from the service's copy of the parameters in pg->params. */
    int (*build)(struct cboto_pager *pg, const char *token,
                 struct cboto_request **out);
    /* The token of the next page from a page's successful response:
     * *token NULL when it was the last page; CBOTO_EINVAL when resp is not
     * a page of this listing.  *token may point into resp. */
    int (*next_token)(struct cboto_pager *pg,
                      const struct cboto_response *resp, const char **token);
    /* Free pg->params. */
    void (*free_params)(struct cboto_pager *pg);
};

struct cboto_pager {
    const struct cboto__pager_ops *ops;
    struct cboto_client *cl;
    const struct cboto_allocator *a;
    void *params; /* owned by the service's ops */
    char *token;  /* of the next page; NULL before the first */
    int started;
    int done;
    unsigned pages;
};

/* Create a pager over params (ownership passes to the pager: freed with
 * ops->free_params, also when this fails). */
int cboto__pager_new(struct cboto_client *cl,
                     const struct cboto__pager_ops *ops, void *params,
                     struct cboto_pager **out);

#endif /* CBOTO_AWS_PAGER_H */
