/* SPDX-License-Identifier: MIT */
/*
 * SimpleDB request builders: every action is a POST of form-encoded
 * parameters (Action, Version, then the action's own), signed with SigV2
 * at send time.  Limits are checked here so that a request SimpleDB would
 * refuse never leaves the machine.
 */
#include <stdio.h>
#include <string.h>

#include "../../aws/core.h"
#include "sdb_internal.h"

/* SimpleDB stores UTF-8 text; bytes that are not UTF-8 could not even be
 * signed the way the service recomputes them, so they are refused. */
static int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t k, need;
        unsigned cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i <= need)
            return 0;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += need + 1;
    }
    return 1;
}

int cboto__sdb_check_name(const char *s, int allow_empty)
{
    size_t n;

    if (!s)
        return CBOTO_EINVAL;
    n = strlen(s);
    if ((!allow_empty && n == 0) || n > CBOTO_SDB_MAX_NAME_BYTES)
        return CBOTO_EINVAL;
    return utf8_valid((const unsigned char *)s, n) ? CBOTO_OK : CBOTO_EINVAL;
}

int cboto_sdb_validate_domain(const char *domain)
{
    size_t n;

    if (!domain)
        return CBOTO_EINVAL;
    n = strlen(domain);
    if (n < CBOTO_SDB_MIN_DOMAIN_LEN || n > CBOTO_SDB_MAX_DOMAIN_LEN)
        return CBOTO_EINVAL;
    if (strspn(domain, "abcdefghijklmnopqrstuvwxyz"
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != n)
        return CBOTO_EINVAL;
    return CBOTO_OK;
}

static int sdb_request(struct cboto_client *cl, const char *op,
                       const char *action, const struct cboto__parser *parser,
                       const char *domain, struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    rc = cboto__request_new(cl, op, "POST", CBOTO__SVC_SDB, &rq);
    if (rc)
        return rc;
    rq->form_body = 1;
    rq->parser = parser;
    /* Only reads and idempotent writes are safe to repeat after an
     * ambiguous failure; SimpleDB's writes are all idempotent except that
     * a conditional one may fail its own condition the second time, which
     * the caller must then handle anyway. */
    rc = cboto__kvlist_add(&rq->query, "Action", action);
    if (!rc)
        rc = cboto__kvlist_add(&rq->query, "Version", CBOTO__SDB_VERSION);
    if (!rc && domain)
        rc = cboto__kvlist_add(&rq->query, "DomainName", domain);
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

/* Add "prefix.N.suffix" = value. */
static int add_indexed(struct cboto_request *rq, const char *prefix, size_t n,
                       const char *suffix, const char *value)
{
    char key[96];
    int k = snprintf(key, sizeof key, "%s.%zu.%s", prefix, n, suffix);

    if (k < 0 || (size_t)k >= sizeof key)
        return CBOTO_EINVAL;
    return cboto__kvlist_add(&rq->query, key, value);
}

static int check_attrs(const struct cboto_sdb_attr *attrs, size_t n,
                       int is_put)
{
    size_t i;

    if (n > CBOTO_SDB_MAX_ATTRS || (n && !attrs))
        return CBOTO_EINVAL;
    if (is_put && n == 0)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        if (cboto__sdb_check_name(attrs[i].name, 0))
            return CBOTO_EINVAL;
        if (is_put && !attrs[i].value)
            return CBOTO_EINVAL;
        if (attrs[i].value && cboto__sdb_check_name(attrs[i].value, 1))
            return CBOTO_EINVAL;
    }
    return CBOTO_OK;
}

static int check_expected(const struct cboto_sdb_expected *e, size_t n)
{
    size_t i;

    if (n > CBOTO_SDB_MAX_ATTRS || (n && !e))
        return CBOTO_EINVAL;
    for (i = 0; i < n; i++) {
        if (cboto__sdb_check_name(e[i].name, 0))
            return CBOTO_EINVAL;
        if (e[i].exists == CBOTO_SDB_EXISTS_FALSE) {
            if (e[i].value)
                return CBOTO_EINVAL;
        } else if (e[i].exists == CBOTO_SDB_EXISTS_TRUE ||
                   e[i].exists == CBOTO_SDB_EXISTS_DEFAULT) {
            if (cboto__sdb_check_name(e[i].value, 1))
                return CBOTO_EINVAL;
        } else {
            return CBOTO_EINVAL;
        }
    }
    return CBOTO_OK;
}

/* Attribute.N.Name / Value / Replace under prefix ("" or "Item.K."). */
static int add_attrs(struct cboto_request *rq, const char *prefix,
                     const struct cboto_sdb_attr *attrs, size_t n, int is_put)
{
    char pre[64];
    size_t i;
    int rc = CBOTO_OK;

    snprintf(pre, sizeof pre, "%sAttribute", prefix);
    for (i = 0; i < n && !rc; i++) {
        rc = add_indexed(rq, pre, i + 1, "Name", attrs[i].name);
        if (!rc && attrs[i].value)
            rc = add_indexed(rq, pre, i + 1, "Value", attrs[i].value);
        /* Replace means nothing to a delete: never send it. */
        if (!rc && is_put && attrs[i].replace)
            rc = add_indexed(rq, pre, i + 1, "Replace", "true");
    }
    return rc;
}

static int add_expected(struct cboto_request *rq,
                        const struct cboto_sdb_expected *e, size_t n)
{
    size_t i;
    int rc = CBOTO_OK;

    for (i = 0; i < n && !rc; i++) {
        rc = add_indexed(rq, "Expected", i + 1, "Name", e[i].name);
        if (!rc && e[i].value)
            rc = add_indexed(rq, "Expected", i + 1, "Value", e[i].value);
        if (!rc && e[i].exists != CBOTO_SDB_EXISTS_DEFAULT)
            rc = add_indexed(rq, "Expected", i + 1, "Exists",
                             e[i].exists == CBOTO_SDB_EXISTS_TRUE ? "true"
                                                                  : "false");
    }
    return rc;
}

static int finish(struct cboto_request *rq, int rc, struct cboto_request **out)
{
    if (rc) {
        cboto_request_release(rq);
        return rc;
    }
    *out = rq;
    return CBOTO_OK;
}

static int domain_op(struct cboto_client *cl,
                     const struct cboto_sdb_domain_params *p, const char *op,
                     const char *action, const struct cboto__parser *parser,
                     struct cboto_request **out)
{
    if (!cl || !p || !out || cboto_sdb_validate_domain(p->domain))
        return CBOTO_EINVAL;
    return sdb_request(cl, op, action, parser, p->domain, out);
}

int cboto_sdb_create_domain(struct cboto_client *cl,
                            const struct cboto_sdb_domain_params *p,
                            struct cboto_request **out)
{
    return domain_op(cl, p, "sdb.CreateDomain", "CreateDomain",
                     &cboto__sdb_create_domain_parser, out);
}

int cboto_sdb_delete_domain(struct cboto_client *cl,
                            const struct cboto_sdb_domain_params *p,
                            struct cboto_request **out)
{
    return domain_op(cl, p, "sdb.DeleteDomain", "DeleteDomain",
                     &cboto__sdb_delete_domain_parser, out);
}

int cboto_sdb_domain_metadata(struct cboto_client *cl,
                              const struct cboto_sdb_domain_params *p,
                              struct cboto_request **out)
{
    return domain_op(cl, p, "sdb.DomainMetadata", "DomainMetadata",
                     &cboto__sdb_domain_metadata_parser, out);
}

int cboto_sdb_list_domains(struct cboto_client *cl,
                           const struct cboto_sdb_list_domains_params *p,
                           struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!cl || !out)
        return CBOTO_EINVAL;
    if (p &&
        (p->max_domains < 0 || p->max_domains > CBOTO_SDB_MAX_LIST_DOMAINS))
        return CBOTO_EINVAL;
    if (p && p->next_token && !*p->next_token)
        return CBOTO_EINVAL;
    rc = sdb_request(cl, "sdb.ListDomains", "ListDomains",
                     &cboto__sdb_list_domains_parser, NULL, &rq);
    if (rc)
        return rc;
    if (p && p->max_domains) {
        char n[16];

        snprintf(n, sizeof n, "%d", p->max_domains);
        rc = cboto__kvlist_add(&rq->query, "MaxNumberOfDomains", n);
    }
    if (!rc && p && p->next_token)
        rc = cboto__kvlist_add(&rq->query, "NextToken", p->next_token);
    return finish(rq, rc, out);
}

int cboto_sdb_put_attributes(struct cboto_client *cl,
                             const struct cboto_sdb_put_params *p,
                             struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!cl || !p || !out || cboto_sdb_validate_domain(p->domain) ||
        cboto__sdb_check_name(p->item, 0) ||
        check_attrs(p->attrs, p->n_attrs, 1) ||
        check_expected(p->expected, p->n_expected))
        return CBOTO_EINVAL;
    rc = sdb_request(cl, "sdb.PutAttributes", "PutAttributes",
                     &cboto__sdb_put_attributes_parser, p->domain, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "ItemName", p->item);
    if (!rc)
        rc = add_attrs(rq, "", p->attrs, p->n_attrs, 1);
    if (!rc)
        rc = add_expected(rq, p->expected, p->n_expected);
    return finish(rq, rc, out);
}

static int check_batch(const struct cboto_sdb_batch_params *p, int is_put)
{
    size_t i, j;

    if (!p || cboto_sdb_validate_domain(p->domain) || !p->items ||
        p->n_items == 0 || p->n_items > CBOTO_SDB_MAX_BATCH_ITEMS)
        return CBOTO_EINVAL;
    for (i = 0; i < p->n_items; i++) {
        if (cboto__sdb_check_name(p->items[i].name, 0) ||
            check_attrs(p->items[i].attrs, p->items[i].n_attrs, is_put))
            return CBOTO_EINVAL;
        /* SimpleDB refuses a batch naming one item twice
         * (DuplicateItemName): say so before sending it. */
        for (j = 0; j < i; j++)
            if (strcmp(p->items[i].name, p->items[j].name) == 0)
                return CBOTO_EINVAL;
    }
    return CBOTO_OK;
}

static int batch_op(struct cboto_client *cl,
                    const struct cboto_sdb_batch_params *p, int is_put,
                    struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t i;
    int rc;

    if (!cl || !out || check_batch(p, is_put))
        return CBOTO_EINVAL;
    rc = is_put
             ? sdb_request(cl, "sdb.BatchPutAttributes", "BatchPutAttributes",
                           &cboto__sdb_batch_put_parser, p->domain, &rq)
             : sdb_request(cl, "sdb.BatchDeleteAttributes",
                           "BatchDeleteAttributes",
                           &cboto__sdb_batch_delete_parser, p->domain, &rq);
    if (rc)
        return rc;
    for (i = 0; i < p->n_items && !rc; i++) {
        char pre[32];

        rc = add_indexed(rq, "Item", i + 1, "ItemName", p->items[i].name);
        snprintf(pre, sizeof pre, "Item.%zu.", i + 1);
        if (!rc)
            rc = add_attrs(rq, pre, p->items[i].attrs, p->items[i].n_attrs,
                           is_put);
    }
    return finish(rq, rc, out);
}

int cboto_sdb_batch_put_attributes(struct cboto_client *cl,
                                   const struct cboto_sdb_batch_params *p,
                                   struct cboto_request **out)
{
    return batch_op(cl, p, 1, out);
}

int cboto_sdb_batch_delete_attributes(struct cboto_client *cl,
                                      const struct cboto_sdb_batch_params *p,
                                      struct cboto_request **out)
{
    return batch_op(cl, p, 0, out);
}

int cboto_sdb_get_attributes(struct cboto_client *cl,
                             const struct cboto_sdb_get_params *p,
                             struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t i;
    int rc;

    if (!cl || !p || !out || cboto_sdb_validate_domain(p->domain) ||
        cboto__sdb_check_name(p->item, 0) ||
        p->n_names > CBOTO_SDB_MAX_GET_NAMES || (p->n_names && !p->names))
        return CBOTO_EINVAL;
    for (i = 0; i < p->n_names; i++)
        if (cboto__sdb_check_name(p->names[i], 0))
            return CBOTO_EINVAL;
    rc = sdb_request(cl, "sdb.GetAttributes", "GetAttributes",
                     &cboto__sdb_get_attributes_parser, p->domain, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "ItemName", p->item);
    for (i = 0; i < p->n_names && !rc; i++) {
        char key[40];

        snprintf(key, sizeof key, "AttributeName.%zu", i + 1);
        rc = cboto__kvlist_add(&rq->query, key, p->names[i]);
    }
    if (!rc && p->consistent_read)
        rc = cboto__kvlist_add(&rq->query, "ConsistentRead", "true");
    return finish(rq, rc, out);
}

int cboto_sdb_delete_attributes(struct cboto_client *cl,
                                const struct cboto_sdb_delete_params *p,
                                struct cboto_request **out)
{
    struct cboto_request *rq;
    int rc;

    if (!cl || !p || !out || cboto_sdb_validate_domain(p->domain) ||
        cboto__sdb_check_name(p->item, 0) ||
        check_attrs(p->attrs, p->n_attrs, 0) ||
        check_expected(p->expected, p->n_expected))
        return CBOTO_EINVAL;
    rc = sdb_request(cl, "sdb.DeleteAttributes", "DeleteAttributes",
                     &cboto__sdb_delete_attributes_parser, p->domain, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "ItemName", p->item);
    if (!rc)
        rc = add_attrs(rq, "", p->attrs, p->n_attrs, 0);
    if (!rc)
        rc = add_expected(rq, p->expected, p->n_expected);
    return finish(rq, rc, out);
}

int cboto_sdb_select(struct cboto_client *cl,
                     const struct cboto_sdb_select_params *p,
                     struct cboto_request **out)
{
    struct cboto_request *rq;
    size_t n;
    int rc;

    if (!cl || !p || !out || !p->expression)
        return CBOTO_EINVAL;
    n = strlen(p->expression);
    if (n == 0 || n > CBOTO_SDB_MAX_SELECT_BYTES ||
        !utf8_valid((const unsigned char *)p->expression, n))
        return CBOTO_EINVAL;
    if (p->next_token && !*p->next_token)
        return CBOTO_EINVAL;
    rc = sdb_request(cl, "sdb.Select", "Select", &cboto__sdb_select_parser,
                     NULL, &rq);
    if (rc)
        return rc;
    rc = cboto__kvlist_add(&rq->query, "SelectExpression", p->expression);
    if (!rc && p->next_token)
        rc = cboto__kvlist_add(&rq->query, "NextToken", p->next_token);
    if (!rc && p->consistent_read)
        rc = cboto__kvlist_add(&rq->query, "ConsistentRead", "true");
    return finish(rq, rc, out);
}
