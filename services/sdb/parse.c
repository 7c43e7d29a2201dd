/* SPDX-License-Identifier: MIT */
/*
 * SimpleDB response documents into typed results.  All ten actions answer
 * with the same shape:
 *
 *   <ActionResponse xmlns="http://sdb.amazonaws.com/doc/2009-04-15/">
 *     <ActionResult> ... </ActionResult>          (some actions only)
 *     <ResponseMetadata><RequestId/><BoxUsage/></ResponseMetadata>
 *   </ActionResponse>
 *
 * so one state machine reads them all; each action's parser differs only
 * in the root it accepts and the result kind it produces.  Inside a result:
 *   Select          <Item><Name/><Attribute><Name/><Value/></Attribute>*
 *                   </Item>* <NextToken/>
 *   GetAttributes   <Attribute><Name/><Value/></Attribute>*
 *   ListDomains     <DomainName/>* <NextToken/>
 *   DomainMetadata  <ItemCount/> ... <Timestamp/>
 * A <Name> or <Value> with encoding="base64" holds base64 of the bytes.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sdb_internal.h"

struct vec {
    void *v;
    size_t n;
    size_t cap;
};

struct sdb_state {
    const struct cboto_allocator *a;
    const char *root;   /* expected root element */
    const char *result; /* its <...Result> element */
    int kind;
    int root_ok;
    int in_result;
    int in_meta;
    int in_item;
    int in_attr;
    unsigned b64; /* bit d: the open element at depth d is base64 */
    struct cboto_sdb_attribute cur_attr;
    int have_name, have_value;
    struct cboto_sdb_item_result cur_item;
    struct vec item_attrs; /* of cur_item */
    struct vec attrs;      /* GetAttributes */
    struct vec items;      /* Select */
    struct vec domains;    /* ListDomains */
    struct cboto__sdb_result *r;
};

static void free_const(const struct cboto_allocator *a, const void *p)
{
    cboto__free(a, (void *)(uintptr_t)p);
}

static int vec_push(const struct cboto_allocator *a, struct vec *v,
                    const void *elem, size_t size)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 8;
        void *nv;

        if (ncap > SIZE_MAX / size)
            return CBOTO_ENOMEM;
        nv = cboto__resize(a, v->v, v->cap * size, ncap * size);
        if (!nv)
            return CBOTO_ENOMEM;
        v->v = nv;
        v->cap = ncap;
    }
    memcpy((char *)v->v + v->n * size, elem, size);
    v->n++;
    return CBOTO_OK;
}

static void free_attrs(const struct cboto_allocator *a,
                       const struct cboto_sdb_attribute *at, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free_const(a, at[i].name);
        free_const(a, at[i].value);
    }
    free_const(a, at);
}

static void free_item(const struct cboto_allocator *a,
                      const struct cboto_sdb_item_result *it)
{
    free_const(a, it->name);
    free_attrs(a, it->attrs, it->n_attrs);
}

static void result_free(const struct cboto_allocator *a, void *result)
{
    struct cboto__sdb_result *r = result;
    size_t i;

    if (!r)
        return;
    free_const(a, r->meta.request_id);
    free_const(a, r->meta.box_usage);
    for (i = 0; i < r->select.n_items; i++)
        free_item(a, &r->select.items[i]);
    free_const(a, r->select.items);
    free_const(a, r->select.next_token);
    free_attrs(a, r->get.attrs, r->get.n_attrs);
    for (i = 0; i < r->domains.n_domains; i++)
        free_const(a, r->domains.domains[i]);
    free_const(a, r->domains.domains);
    free_const(a, r->domains.next_token);
    cboto__free(a, r);
}

static int sdb_init(void *st, const struct cboto_allocator *a,
                    const char *root, const char *res, int kind)
{
    struct sdb_state *s = st;

    memset(s, 0, sizeof *s);
    s->a = a;
    s->root = root;
    s->result = res;
    s->kind = kind;
    s->r = cboto__calloc(a, 1, sizeof *s->r);
    return s->r ? CBOTO_OK : CBOTO_ENOMEM;
}

/* A copy of the element's text, decoded when it was marked base64. */
static int take_text(struct sdb_state *s, int depth, const char *text,
                     size_t len, const char **out, size_t *out_len)
{
    char *c;

    if (depth < 32 && (s->b64 & (1u << depth))) {
        struct cboto__buf b;
        int rc;

        cboto__buf_init(&b, s->a, 0);
        rc = cboto__base64_decode(&b, text, len);
        if (rc) {
            cboto__buf_cleanup(&b);
            return rc == CBOTO_ENOMEM ? rc : CBOTO_EPARSE;
        }
        *out_len = b.len;
        c = cboto__buf_steal(&b);
    } else {
        *out_len = len;
        c = cboto__strndup(s->a, text, len);
    }
    if (!c)
        return CBOTO_ENOMEM;
    free_const(s->a, *out);
    *out = c;
    return CBOTO_OK;
}

static int sdb_start(void *st, const char *name, int depth)
{
    struct sdb_state *s = st;

    if (depth < 32)
        s->b64 &= ~(1u << depth);
    if (depth == 1) {
        if (strcmp(name, s->root) != 0)
            return CBOTO_EPARSE;
        s->root_ok = 1;
    } else if (depth == 2) {
        s->in_result = s->result && strcmp(name, s->result) == 0;
        s->in_meta = strcmp(name, "ResponseMetadata") == 0;
    } else if (s->in_result && depth == 3 &&
               s->kind == CBOTO__RESULT_SDB_SELECT &&
               strcmp(name, "Item") == 0) {
        s->in_item = 1;
        memset(&s->cur_item, 0, sizeof s->cur_item);
        memset(&s->item_attrs, 0, sizeof s->item_attrs);
    } else if (s->in_result && strcmp(name, "Attribute") == 0 &&
               ((s->kind == CBOTO__RESULT_SDB_GET && depth == 3) ||
                (s->in_item && depth == 4))) {
        s->in_attr = 1;
        memset(&s->cur_attr, 0, sizeof s->cur_attr);
        s->have_name = s->have_value = 0;
    }
    return CBOTO_OK;
}

int cboto__sdb_parse_attr(void *st, const char *elem, int depth,
                          const char *name, const char *value, size_t len)
{
    struct sdb_state *s = st;

    if (strcmp(name, "encoding") != 0 || depth >= 32)
        return CBOTO_OK;
    if (strcmp(elem, "Name") != 0 && strcmp(elem, "Value") != 0)
        return CBOTO_OK;
    if (len == 6 && memcmp(value, "base64", 6) == 0) {
        s->b64 |= 1u << depth;
        return CBOTO_OK;
    }
    return CBOTO_EPARSE; /* an encoding we cannot undo */
}

static int end_attr(struct sdb_state *s, struct vec *into)
{
    int rc;

    s->in_attr = 0;
    if (!s->have_name || !s->have_value)
        return CBOTO_EPARSE;
    rc = vec_push(s->a, into, &s->cur_attr, sizeof s->cur_attr);
    if (!rc)
        memset(&s->cur_attr, 0, sizeof s->cur_attr);
    return rc;
}

static int end_metadata(struct sdb_state *s, const char *name,
                        const char *text, size_t len)
{
    static const struct {
        const char *name;
        size_t off;
    } f[] = {
        {"ItemCount", offsetof(struct cboto_sdb_domain_metadata, item_count)},
        {"ItemNamesSizeBytes",
         offsetof(struct cboto_sdb_domain_metadata, item_names_size_bytes)},
        {"AttributeNameCount",
         offsetof(struct cboto_sdb_domain_metadata, attribute_name_count)},
        {"AttributeNamesSizeBytes", offsetof(struct cboto_sdb_domain_metadata,
                                             attribute_names_size_bytes)},
        {"AttributeValueCount",
         offsetof(struct cboto_sdb_domain_metadata, attribute_value_count)},
        {"AttributeValuesSizeBytes", offsetof(struct cboto_sdb_domain_metadata,
                                              attribute_values_size_bytes)},
        {"Timestamp", offsetof(struct cboto_sdb_domain_metadata, timestamp)},
    };
    size_t i;

    for (i = 0; i < sizeof f / sizeof f[0]; i++)
        if (strcmp(name, f[i].name) == 0)
            return cboto__parse_u64_digits(
                text, len, (uint64_t *)(void *)((char *)&s->r->md + f[i].off));
    return CBOTO_OK;
}

static int sdb_end(void *st, const char *name, int depth, const char *text,
                   size_t len)
{
    struct sdb_state *s = st;
    size_t dummy;

    if (depth == 2) {
        s->in_result = s->in_meta = 0;
        return CBOTO_OK;
    }
    if (s->in_meta && depth == 3) {
        if (strcmp(name, "RequestId") == 0)
            return take_text(s, depth, text, len, &s->r->meta.request_id,
                             &dummy);
        if (strcmp(name, "BoxUsage") == 0)
            return take_text(s, depth, text, len, &s->r->meta.box_usage,
                             &dummy);
        return CBOTO_OK;
    }
    if (!s->in_result)
        return CBOTO_OK;
    if (s->in_attr && (depth == 4 || depth == 5) &&
        depth == (s->in_item ? 5 : 4)) {
        if (strcmp(name, "Name") == 0) {
            s->have_name = 1;
            return take_text(s, depth, text, len, &s->cur_attr.name,
                             &s->cur_attr.name_len);
        }
        if (strcmp(name, "Value") == 0) {
            s->have_value = 1;
            return take_text(s, depth, text, len, &s->cur_attr.value,
                             &s->cur_attr.value_len);
        }
        return CBOTO_OK;
    }
    if (s->in_attr && strcmp(name, "Attribute") == 0)
        return end_attr(s, s->in_item ? &s->item_attrs : &s->attrs);
    if (s->in_item && depth == 4 && strcmp(name, "Name") == 0)
        return take_text(s, depth, text, len, &s->cur_item.name,
                         &s->cur_item.name_len);
    if (s->in_item && depth == 3) { /* </Item> */
        int rc;

        s->in_item = 0;
        if (!s->cur_item.name)
            return CBOTO_EPARSE;
        s->cur_item.attrs = s->item_attrs.v;
        s->cur_item.n_attrs = s->item_attrs.n;
        rc = vec_push(s->a, &s->items, &s->cur_item, sizeof s->cur_item);
        if (rc)
            return rc;
        memset(&s->cur_item, 0, sizeof s->cur_item);
        memset(&s->item_attrs, 0, sizeof s->item_attrs);
        return CBOTO_OK;
    }
    if (depth != 3)
        return CBOTO_OK;
    if (strcmp(name, "NextToken") == 0) {
        const char **slot = s->kind == CBOTO__RESULT_SDB_SELECT
                                ? &s->r->select.next_token
                                : &s->r->domains.next_token;

        if (s->kind != CBOTO__RESULT_SDB_SELECT &&
            s->kind != CBOTO__RESULT_SDB_DOMAINS)
            return CBOTO_OK;
        return take_text(s, depth, text, len, slot, &dummy);
    }
    if (s->kind == CBOTO__RESULT_SDB_DOMAINS &&
        strcmp(name, "DomainName") == 0) {
        char *d = cboto__strndup(s->a, text, len);
        int rc;

        if (!d)
            return CBOTO_ENOMEM;
        rc = vec_push(s->a, &s->domains, &d, sizeof d);
        if (rc)
            cboto__free(s->a, d);
        return rc;
    }
    if (s->kind == CBOTO__RESULT_SDB_METADATA)
        return end_metadata(s, name, text, len);
    return CBOTO_OK;
}

static int sdb_finish(void *st, int http_status,
                      const struct cboto__kvlist *headers, void **result)
{
    struct sdb_state *s = st;
    struct cboto__sdb_result *r = s->r;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    if (r->meta.box_usage) {
        char *end;

        r->meta.box_usage_hours = strtod(r->meta.box_usage, &end);
        if (end == r->meta.box_usage || *end)
            return CBOTO_EPARSE;
    }
    r->select.items = s->items.v;
    r->select.n_items = s->items.n;
    r->get.attrs = s->attrs.v;
    r->get.n_attrs = s->attrs.n;
    r->domains.domains = s->domains.v;
    r->domains.n_domains = s->domains.n;
    memset(&s->items, 0, sizeof s->items);
    memset(&s->attrs, 0, sizeof s->attrs);
    memset(&s->domains, 0, sizeof s->domains);
    r->select.meta = r->meta;
    r->get.meta = r->meta;
    r->domains.meta = r->meta;
    r->md.meta = r->meta;
    s->r = NULL;
    *result = r;
    return CBOTO_OK;
}

static void sdb_cleanup(void *st)
{
    struct sdb_state *s = st;
    size_t i;

    free_const(s->a, s->cur_attr.name);
    free_const(s->a, s->cur_attr.value);
    free_const(s->a, s->cur_item.name);
    free_attrs(s->a, s->item_attrs.v, s->item_attrs.n);
    free_attrs(s->a, s->attrs.v, s->attrs.n);
    for (i = 0; i < s->items.n; i++)
        free_item(s->a, (struct cboto_sdb_item_result *)s->items.v + i);
    cboto__free(s->a, s->items.v);
    for (i = 0; i < s->domains.n; i++)
        cboto__free(s->a, ((char **)s->domains.v)[i]);
    cboto__free(s->a, s->domains.v);
    result_free(s->a, s->r);
    memset(s, 0, sizeof *s);
}

#define SDB_PARSER(var, action, res, kind)                                    \
    static int var##_init(void *st, const struct cboto_allocator *a)          \
    {                                                                         \
        return sdb_init(st, a, action "Response", res, kind);                 \
    }                                                                         \
    const struct cboto__parser var = {                                        \
        .name = "sdb." action,                                                \
        .result_kind = kind,                                                  \
        .state_size = sizeof(struct sdb_state),                               \
        .init = var##_init,                                                   \
        .start = sdb_start,                                                   \
        .end = sdb_end,                                                       \
        .finish = sdb_finish,                                                 \
        .cleanup = sdb_cleanup,                                               \
        .result_free = result_free,                                           \
        .attr = cboto__sdb_parse_attr,                                        \
    };

SDB_PARSER(cboto__sdb_create_domain_parser, "CreateDomain", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_delete_domain_parser, "DeleteDomain", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_put_attributes_parser, "PutAttributes", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_batch_put_parser, "BatchPutAttributes", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_delete_attributes_parser, "DeleteAttributes", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_batch_delete_parser, "BatchDeleteAttributes", NULL,
           CBOTO__RESULT_SDB_EMPTY)
SDB_PARSER(cboto__sdb_list_domains_parser, "ListDomains", "ListDomainsResult",
           CBOTO__RESULT_SDB_DOMAINS)
SDB_PARSER(cboto__sdb_domain_metadata_parser, "DomainMetadata",
           "DomainMetadataResult", CBOTO__RESULT_SDB_METADATA)
SDB_PARSER(cboto__sdb_get_attributes_parser, "GetAttributes",
           "GetAttributesResult", CBOTO__RESULT_SDB_GET)
SDB_PARSER(cboto__sdb_select_parser, "Select", "SelectResult",
           CBOTO__RESULT_SDB_SELECT)
