/* SPDX-License-Identifier: MIT */
/* Pagers: the generic walk over a paginated listing, and its two drivers
 * (blocking and asynchronous).  Services supply only how to build a page's
 * request and where the next token is. */
#include <string.h>

#include <cboto/async.h>
#include <cboto/exec.h>

#include "pager.h"

int cboto__pager_new(struct cboto_client *cl,
                     const struct cboto__pager_ops *ops, void *params,
                     struct cboto_pager **out)
{
    struct cboto_pager *pg = cboto__calloc(cl->a, 1, sizeof *pg);

    if (!pg) {
        struct cboto_pager tmp;

        memset(&tmp, 0, sizeof tmp);
        tmp.a = cl->a;
        tmp.params = params;
        ops->free_params(&tmp);
        return CBOTO_ENOMEM;
    }
    pg->ops = ops;
    pg->cl = cl;
    pg->a = cl->a;
    pg->params = params;
    pthread_mutex_lock(&cl->lock);
    cl->live++;
    pthread_mutex_unlock(&cl->lock);
    *out = pg;
    return CBOTO_OK;
}

void cboto_pager_free(struct cboto_pager *pg)
{
    struct cboto_client *cl;

    if (!pg)
        return;
    cl = pg->cl;
    pg->ops->free_params(pg);
    cboto__free(pg->a, pg->token);
    cboto__free(pg->a, pg);
    pthread_mutex_lock(&cl->lock);
    cl->live--;
    pthread_mutex_unlock(&cl->lock);
}

int cboto_pager_next_request(struct cboto_pager *pg,
                             struct cboto_request **out)
{
    if (!pg || !out || pg->done)
        return CBOTO_EINVAL;
    return pg->ops->build(pg, pg->started ? pg->token : NULL, out);
}

int cboto_pager_advance(struct cboto_pager *pg,
                        const struct cboto_response *resp)
{
    const char *tok = NULL;
    char *copy = NULL;
    int rc;

    if (!pg || !resp || pg->done)
        return CBOTO_EINVAL;
    rc = pg->ops->next_token(pg, resp, &tok);
    if (rc)
        return rc;
    /* An empty token, or the same token again, would loop forever. */
    if (tok && *tok && !(pg->token && strcmp(pg->token, tok) == 0)) {
        copy = cboto__strdup(pg->a, tok);
        if (!copy)
            return CBOTO_ENOMEM;
    }
    cboto__free(pg->a, pg->token);
    pg->token = copy;
    pg->started = 1;
    pg->pages++;
    if (!copy)
        pg->done = 1;
    return CBOTO_OK;
}

int cboto_pager_done(const struct cboto_pager *pg)
{
    return pg ? pg->done : 1;
}

unsigned cboto_pager_pages(const struct cboto_pager *pg)
{
    return pg ? pg->pages : 0;
}

int cboto_exec_paginate(struct cboto_exec *ex, struct cboto_pager *pg,
                        cboto_page_fn *page, void *user_data,
                        struct cboto_response **last)
{
    if (last)
        *last = NULL;
    if (!ex || !pg || !page)
        return CBOTO_EINVAL;
    while (!pg->done) {
        struct cboto_request *rq;
        struct cboto_response *resp = NULL;
        int rc = cboto_pager_next_request(pg, &rq);

        if (rc)
            return rc;
        rc = cboto_exec_perform(ex, rq, &resp);
        cboto_request_release(rq);
        if (!rc)
            rc = cboto_pager_advance(pg, resp);
        if (!rc && page(pg, resp, user_data) != 0)
            rc = CBOTO_EABORTED;
        if (rc) {
            if (last)
                *last = resp;
            else
                cboto_response_release(resp);
            return rc;
        }
        cboto_response_release(resp);
    }
    return CBOTO_OK;
}

/* ---- the asynchronous walk: one page in flight at a time ---------------- */

struct walk {
    struct cboto_evexec *evx;
    struct cboto_pager *pg;
    cboto_page_fn *page;
    cboto_pager_done_fn *done;
    void *ud;
};

static void on_page(struct cboto_request *rq, int err,
                    struct cboto_response *resp, void *ud);

static int submit_next(struct walk *w)
{
    struct cboto_request *rq;
    int rc = cboto_pager_next_request(w->pg, &rq);

    if (rc)
        return rc;
    rc = cboto_evexec_submit(w->evx, rq, on_page, w);
    cboto_request_release(rq);
    return rc;
}

static void finish(struct walk *w, int err, struct cboto_response *resp)
{
    struct walk copy = *w;

    /* The done callback may free the pager: forget the walk first. */
    cboto__free(w->pg->a, w);
    copy.done(copy.pg, err, resp, copy.ud);
}

static void on_page(struct cboto_request *rq, int err,
                    struct cboto_response *resp, void *ud)
{
    struct walk *w = ud;

    CBOTO_UNUSED(rq);
    if (!err)
        err = cboto_pager_advance(w->pg, resp);
    if (!err && w->page(w->pg, resp, w->ud) != 0)
        err = CBOTO_EABORTED;
    if (!err && !w->pg->done)
        err = submit_next(w);
    if (err || w->pg->done)
        finish(w, err, err ? resp : NULL);
}

int cboto_evexec_paginate(struct cboto_evexec *evx, struct cboto_pager *pg,
                          cboto_page_fn *page, cboto_pager_done_fn *done,
                          void *user_data)
{
    struct walk *w;
    int rc;

    if (!evx || !pg || !page || !done || pg->done)
        return CBOTO_EINVAL;
    w = cboto__calloc(pg->a, 1, sizeof *w);
    if (!w)
        return CBOTO_ENOMEM;
    w->evx = evx;
    w->pg = pg;
    w->page = page;
    w->done = done;
    w->ud = user_data;
    rc = submit_next(w);
    if (rc)
        cboto__free(pg->a, w);
    return rc;
}
