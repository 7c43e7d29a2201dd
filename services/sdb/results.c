/* SPDX-License-Identifier: MIT */
/* SimpleDB: typed accessors, the Select and ListDomains pagers, and the
 * select-expression quoting helpers. */
#include <string.h>

#include "../../aws/core.h"
#include "../../aws/pager.h"
#include "sdb_internal.h"

static const struct cboto__sdb_result *
sdb_result(const struct cboto_response *resp, int kind)
{
    return cboto__response_result(resp, kind);
}

const struct cboto_sdb_meta *
cboto_sdb_meta_result(const struct cboto_response *resp)
{
    const struct cboto__sdb_result *r;

    if (!resp || resp->result_kind < CBOTO__RESULT_SDB_EMPTY ||
        resp->result_kind > CBOTO__RESULT_SDB_LAST)
        return NULL;
    r = sdb_result(resp, resp->result_kind);
    return r ? &r->meta : NULL;
}

const struct cboto_sdb_select_result *
cboto_sdb_select_result(const struct cboto_response *resp)
{
    const struct cboto__sdb_result *r =
        sdb_result(resp, CBOTO__RESULT_SDB_SELECT);

    return r ? &r->select : NULL;
}

const struct cboto_sdb_get_result *
cboto_sdb_get_result(const struct cboto_response *resp)
{
    const struct cboto__sdb_result *r =
        sdb_result(resp, CBOTO__RESULT_SDB_GET);

    return r ? &r->get : NULL;
}

const struct cboto_sdb_domain_list *
cboto_sdb_domain_list_result(const struct cboto_response *resp)
{
    const struct cboto__sdb_result *r =
        sdb_result(resp, CBOTO__RESULT_SDB_DOMAINS);

    return r ? &r->domains : NULL;
}

const struct cboto_sdb_domain_metadata *
cboto_sdb_domain_metadata_result(const struct cboto_response *resp)
{
    const struct cboto__sdb_result *r =
        sdb_result(resp, CBOTO__RESULT_SDB_METADATA);

    return r ? &r->md : NULL;
}

/* ---- pagers ------------------------------------------------------------- */

/* The pager's own copy of the first page's parameters. */
struct sdb_pager_params {
    char *expression;
    int consistent_read;
    int max_domains;
};

static void pager_free_params(struct cboto_pager *pg)
{
    struct sdb_pager_params *pp = pg->params;

    if (!pp)
        return;
    cboto__free(pg->a, pp->expression);
    cboto__free(pg->a, pp);
    pg->params = NULL;
}

static int select_build(struct cboto_pager *pg, const char *token,
                        struct cboto_request **out)
{
    struct sdb_pager_params *pp = pg->params;
    struct cboto_sdb_select_params p;

    memset(&p, 0, sizeof p);
    p.expression = pp->expression;
    p.consistent_read = pp->consistent_read;
    p.next_token = token;
    return cboto_sdb_select(pg->cl, &p, out);
}

static int select_next(struct cboto_pager *pg,
                       const struct cboto_response *resp, const char **token)
{
    const struct cboto_sdb_select_result *r = cboto_sdb_select_result(resp);

    CBOTO_UNUSED(pg);
    if (!r)
        return CBOTO_EINVAL;
    *token = r->next_token && *r->next_token ? r->next_token : NULL;
    return CBOTO_OK;
}

static const struct cboto__pager_ops s_select_ops = {select_build, select_next,
                                                     pager_free_params};

static int domains_build(struct cboto_pager *pg, const char *token,
                         struct cboto_request **out)
{
    struct sdb_pager_params *pp = pg->params;
    struct cboto_sdb_list_domains_params p;

    memset(&p, 0, sizeof p);
    p.max_domains = pp->max_domains;
    p.next_token = token;
    return cboto_sdb_list_domains(pg->cl, &p, out);
}

static int domains_next(struct cboto_pager *pg,
                        const struct cboto_response *resp, const char **token)
{
    const struct cboto_sdb_domain_list *r = cboto_sdb_domain_list_result(resp);

    CBOTO_UNUSED(pg);
    if (!r)
        return CBOTO_EINVAL;
    *token = r->next_token && *r->next_token ? r->next_token : NULL;
    return CBOTO_OK;
}

static const struct cboto__pager_ops s_domains_ops = {
    domains_build, domains_next, pager_free_params};

/* Start the walk at the caller's token, when given, as if a previous page
 * had handed it over. */
static int pager_start_at(struct cboto_pager *pg, const char *token)
{
    if (!token)
        return CBOTO_OK;
    pg->token = cboto__strdup(pg->a, token);
    if (!pg->token)
        return CBOTO_ENOMEM;
    pg->started = 1;
    return CBOTO_OK;
}

int cboto_sdb_select_pager(struct cboto_client *cl,
                           const struct cboto_sdb_select_params *p,
                           struct cboto_pager **out)
{
    struct sdb_pager_params *pp;
    struct cboto_request *probe;
    struct cboto_pager *pg;
    int rc;

    if (!cl || !p || !out)
        return CBOTO_EINVAL;
    /* Validate exactly as the first page will be built. */
    rc = cboto_sdb_select(cl, p, &probe);
    if (rc)
        return rc;
    cboto_request_release(probe);
    pp = cboto__calloc(cl->a, 1, sizeof *pp);
    if (!pp)
        return CBOTO_ENOMEM;
    pp->expression = cboto__strdup(cl->a, p->expression);
    pp->consistent_read = p->consistent_read;
    if (!pp->expression) {
        cboto__free(cl->a, pp);
        return CBOTO_ENOMEM;
    }
    rc = cboto__pager_new(cl, &s_select_ops, pp, &pg);
    if (rc)
        return rc;
    rc = pager_start_at(pg, p->next_token);
    if (rc) {
        cboto_pager_free(pg);
        return rc;
    }
    *out = pg;
    return CBOTO_OK;
}

int cboto_sdb_list_domains_pager(struct cboto_client *cl,
                                 const struct cboto_sdb_list_domains_params *p,
                                 struct cboto_pager **out)
{
    struct sdb_pager_params *pp;
    struct cboto_request *probe;
    struct cboto_pager *pg;
    int rc;

    if (!cl || !out)
        return CBOTO_EINVAL;
    rc = cboto_sdb_list_domains(cl, p, &probe);
    if (rc)
        return rc;
    cboto_request_release(probe);
    pp = cboto__calloc(cl->a, 1, sizeof *pp);
    if (!pp)
        return CBOTO_ENOMEM;
    pp->max_domains = p ? p->max_domains : 0;
    rc = cboto__pager_new(cl, &s_domains_ops, pp, &pg);
    if (rc)
        return rc;
    rc = pager_start_at(pg, p ? p->next_token : NULL);
    if (rc) {
        cboto_pager_free(pg);
        return rc;
    }
    *out = pg;
    return CBOTO_OK;
}

/* ---- quoting ------------------------------------------------------------ */

/* Wrap s in q, doubling every q inside: SimpleDB's only escape, so the
 * result is always exactly one literal or identifier. */
static int quote(const char *s, char q, char *buf, size_t size, size_t *need)
{
    size_t n = 3, i, o; /* two quotes and the NUL */

    if (!s || (!buf && size))
        return CBOTO_EINVAL;
    for (i = 0; s[i]; i++) {
        size_t add = s[i] == q ? 2 : 1;

        if (n > SIZE_MAX - add)
            return CBOTO_ETOOBIG;
        n += add;
    }
    if (need)
        *need = n;
    if (n > size) {
        if (size)
            buf[0] = '\0';
        return CBOTO_ETOOBIG;
    }
    o = 0;
    buf[o++] = q;
    for (i = 0; s[i]; i++) {
        if (s[i] == q)
            buf[o++] = q;
        buf[o++] = s[i];
    }
    buf[o++] = q;
    buf[o] = '\0';
    return CBOTO_OK;
}

int cboto_sdb_quote_value(const char *value, char *buf, size_t size,
                          size_t *need)
{
    return quote(value, '\'', buf, size, need);
}

int cboto_sdb_quote_name(const char *name, char *buf, size_t size,
                         size_t *need)
{
    return quote(name, '`', buf, size, need);
}
