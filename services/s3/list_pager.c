/* SPDX-License-Identifier: MIT */
/* Pagers over ListObjectsV2 (continuation token) and ListObjects v1
 * (marker), on the generic walk of aws/pager.c. */
#include <string.h>

#include "../../aws/pager.h"
#include "s3_build.h"

/* The pager's own copy of the first page's parameters. */
struct list_pager_params {
    struct cboto_s3_list_params p;
    int v2;
};

static void free_params(struct cboto_pager *pg)
{
    struct list_pager_params *lp = pg->params;

    if (!lp)
        return;
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.bucket);
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.prefix);
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.delimiter);
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.continuation_token);
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.start_after);
    cboto__free(pg->a, (char *)(uintptr_t)lp->p.marker);
    cboto__free(pg->a, lp);
    pg->params = NULL;
}

static int build(struct cboto_pager *pg, const char *token,
                 struct cboto_request **out)
{
    struct list_pager_params *lp = pg->params;
    struct cboto_s3_list_params p = lp->p;

    /* The first page uses the caller's own starting point. */
    if (token && lp->v2)
        p.continuation_token = token;
    else if (token)
        p.marker = token;
    return lp->v2 ? cboto_s3_list_objects_v2(pg->cl, &p, out)
                  : cboto_s3_list_objects(pg->cl, &p, out);
}

static int next_token(struct cboto_pager *pg,
                      const struct cboto_response *resp, const char **token)
{
    const struct list_pager_params *lp = pg->params;
    const struct cboto_s3_list_result *r = cboto_s3_list_result(resp);
    const char *last = NULL;

    if (!r)
        return CBOTO_EINVAL;
    *token = NULL;
    if (!r->is_truncated)
        return CBOTO_OK;
    if (lp->v2) {
        *token = r->next_continuation_token;
        return CBOTO_OK;
    }
    /* v1 sends NextMarker only with a delimiter; otherwise the next page
     * starts after the greatest key or prefix of this one. */
    if (r->next_marker) {
        *token = r->next_marker;
        return CBOTO_OK;
    }
    if (r->n_objects)
        last = r->objects[r->n_objects - 1].key;
    if (r->n_common_prefixes) {
        const char *cp = r->common_prefixes[r->n_common_prefixes - 1];

        if (!last || strcmp(cp, last) > 0)
            last = cp;
    }
    *token = last;
    return CBOTO_OK;
}

static const struct cboto__pager_ops s_list_ops = {build, next_token,
                                                   free_params};

static int dup_opt(const struct cboto_allocator *a, const char **dst,
                   const char *src)
{
    if (!src)
        return CBOTO_OK;
    *dst = cboto__strdup(a, src);
    return *dst ? CBOTO_OK : CBOTO_ENOMEM;
}

static int make_pager(struct cboto_client *cl,
                      const struct cboto_s3_list_params *p, int v2,
                      struct cboto_pager **out)
{
    struct list_pager_params *lp;
    struct cboto_request *probe;
    struct cboto_pager tmp;
    int rc;

    if (!cl || !p || !out)
        return CBOTO_EINVAL;
    /* Refuse what the builder would refuse now, not at the first page. */
    rc = v2 ? cboto_s3_list_objects_v2(cl, p, &probe)
            : cboto_s3_list_objects(cl, p, &probe);
    if (rc)
        return rc;
    cboto_request_release(probe);
    lp = cboto__calloc(cl->a, 1, sizeof *lp);
    if (!lp)
        return CBOTO_ENOMEM;
    lp->v2 = v2;
    lp->p.max_keys = p->max_keys;
    lp->p.fetch_owner = p->fetch_owner;
    if ((rc = dup_opt(cl->a, &lp->p.bucket, p->bucket)) ||
        (rc = dup_opt(cl->a, &lp->p.prefix, p->prefix)) ||
        (rc = dup_opt(cl->a, &lp->p.delimiter, p->delimiter)) ||
        (rc = dup_opt(cl->a, &lp->p.continuation_token,
                      p->continuation_token)) ||
        (rc = dup_opt(cl->a, &lp->p.start_after, p->start_after)) ||
        (rc = dup_opt(cl->a, &lp->p.marker, p->marker))) {
        memset(&tmp, 0, sizeof tmp);
        tmp.a = cl->a;
        tmp.params = lp;
        free_params(&tmp);
        return rc;
    }
    return cboto__pager_new(cl, &s_list_ops, lp, out);
}

int cboto_s3_list_objects_v2_pager(struct cboto_client *cl,
                                   const struct cboto_s3_list_params *p,
                                   struct cboto_pager **out)
{
    return make_pager(cl, p, 1, out);
}

int cboto_s3_list_objects_pager(struct cboto_client *cl,
                                const struct cboto_s3_list_params *p,
                                struct cboto_pager **out)
{
    return make_pager(cl, p, 0, out);
}
