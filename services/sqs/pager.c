/* SPDX-License-Identifier: MIT */
/* The ListQueues pager: each page is built from the copied parameters and
 * the previous page's NextToken. */
#include <string.h>

#include "../../aws/pager.h"
#include "sqs_internal.h"

struct lq_params {
    char *prefix;
    int max_results;
};

static int lq_build(struct cboto_pager *pg, const char *token,
                    struct cboto_request **out)
{
    const struct lq_params *lp = pg->params;
    struct cboto_sqs_list_queues_params p;

    memset(&p, 0, sizeof p);
    p.prefix = lp->prefix;
    p.max_results = lp->max_results;
    p.next_token = token;
    return cboto__sqs_list_queues_build(pg->cl, &p, out);
}

static int lq_next_token(struct cboto_pager *pg,
                         const struct cboto_response *resp, const char **token)
{
    const struct cboto_sqs_queue_list *l = cboto_sqs_queue_list_result(resp);

    CBOTO_UNUSED(pg);
    if (!l)
        return CBOTO_EINVAL;
    *token = l->next_token;
    return CBOTO_OK;
}

static void lq_free(struct cboto_pager *pg)
{
    struct lq_params *lp = pg->params;

    if (!lp)
        return;
    cboto__free(pg->a, lp->prefix);
    cboto__free(pg->a, lp);
    pg->params = NULL;
}

static const struct cboto__pager_ops s_lq_ops = {lq_build, lq_next_token,
                                                 lq_free};

int cboto_sqs_list_queues_pager(struct cboto_client *cl,
                                const struct cboto_sqs_list_queues_params *p,
                                struct cboto_pager **out)
{
    struct cboto_request *probe;
    struct lq_params *lp;
    int rc;

    if (!cl || !out)
        return CBOTO_EINVAL;
    /* Validate once up front, so a bad prefix fails here, not on page 1. */
    rc = cboto_sqs_list_queues(cl, p, &probe);
    if (rc)
        return rc;
    cboto_request_release(probe);
    lp = cboto__calloc(cl->a, 1, sizeof *lp);
    if (!lp)
        return CBOTO_ENOMEM;
    if (p) {
        lp->max_results = p->max_results;
        if (p->prefix && !(lp->prefix = cboto__strdup(cl->a, p->prefix))) {
            cboto__free(cl->a, lp);
            return CBOTO_ENOMEM;
        }
    }
    return cboto__pager_new(cl, &s_lq_ops, lp, out);
}
