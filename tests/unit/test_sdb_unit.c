/* SPDX-License-Identifier: MIT */
/*
 * SimpleDB without a network: the builders (parameters on the wire, limits
 * refused before any I/O), the select-expression quoting helpers, and the
 * response parser on fixtures under tests/data/sdb, with allocation
 * failure loops over both.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "services/sdb/sdb_internal.h"

#define TEST_LIST(X)                                                          \
    X(domain_builders_and_endpoints)                                          \
    X(put_params_on_the_wire)                                                 \
    X(batch_params_on_the_wire)                                               \
    X(get_delete_select_params)                                               \
    X(limits_refused)                                                         \
    X(quote_value_and_name)                                                   \
    X(parse_select)                                                           \
    X(parse_select_chunked)                                                   \
    X(parse_get_list_metadata_put)                                            \
    X(parse_base64_hook)                                                      \
    X(parse_malformed)                                                        \
    X(accessor_kind_mismatch)                                                 \
    X(alloc_failure_builders)                                                 \
    X(alloc_failure_parser)
#include "harness.h"
#include "run_parser.h"

static int make_client(struct cboto_allocator *a, const char *region,
                       const char *endpoint, struct cboto_client **out)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.ignore_environment = 1;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "secret";
    o.region = region;
    o.endpoint_url = endpoint;
    o.allocator = a;
    return cboto_client_new(&o, out);
}

static const char *q(const struct cboto_request *rq, const char *name)
{
    size_t i;

    for (i = 0; i < rq->query.n; i++)
        if (strcmp(rq->query.v[i].name, name) == 0)
            return rq->query.v[i].value;
    return NULL;
}

static struct cboto_request *const SENTINEL =
    (struct cboto_request *)(uintptr_t)0x5a5a5a5a;

static int test_domain_builders_and_endpoints(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_sdb_domain_params p = {"my_domain-1.x"};

    ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
    ASSERT_OK(cboto_sdb_create_domain(cl, &p, &rq));
    ASSERT_STREQ("POST", rq->method);
    ASSERT_STREQ("https", rq->scheme);
    ASSERT_STREQ("sdb.amazonaws.com", rq->host);
    ASSERT_STREQ("/", rq->path);
    ASSERT_EQ(1, rq->form_body);
    ASSERT_EQ(CBOTO__SIGN_V2, rq->sign);
    ASSERT_STREQ("sdb.CreateDomain", cboto_request_operation(rq));
    ASSERT_STREQ("CreateDomain", q(rq, "Action"));
    ASSERT_STREQ("2009-04-15", q(rq, "Version"));
    ASSERT_STREQ("my_domain-1.x", q(rq, "DomainName"));
    ASSERT_EQ(3, rq->query.n);
    ASSERT_TRUE(rq->parser == &cboto__sdb_create_domain_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_sdb_delete_domain(cl, &p, &rq));
    ASSERT_STREQ("DeleteDomain", q(rq, "Action"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sdb_domain_metadata(cl, &p, &rq));
    ASSERT_STREQ("DomainMetadata", q(rq, "Action"));
    ASSERT_TRUE(rq->parser == &cboto__sdb_domain_metadata_parser);
    cboto_request_release(rq);
    ASSERT_OK(cboto_sdb_list_domains(cl, NULL, &rq));
    ASSERT_STREQ("ListDomains", q(rq, "Action"));
    ASSERT_NULL(q(rq, "MaxNumberOfDomains"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_sdb_list_domains(
        cl, &(struct cboto_sdb_list_domains_params){7, "tok"}, &rq));
    ASSERT_STREQ("7", q(rq, "MaxNumberOfDomains"));
    ASSERT_STREQ("tok", q(rq, "NextToken"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));

    ASSERT_OK(make_client(a, "eu-west-1", NULL, &cl));
    ASSERT_OK(cboto_sdb_create_domain(cl, &p, &rq));
    ASSERT_STREQ("sdb.eu-west-1.amazonaws.com", rq->host);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    ASSERT_OK(make_client(a, "eu-west-1", "http://127.0.0.1:9/base", &cl));
    ASSERT_OK(cboto_sdb_create_domain(cl, &p, &rq));
    ASSERT_STREQ("127.0.0.1:9", rq->host);
    ASSERT_STREQ("/base", rq->path);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_put_params_on_the_wire(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_sdb_attr at[] = {
        {"color", "red", 1}, {"color", "blue", 0}, {"size", "", 0}};
    struct cboto_sdb_expected e[] = {{"ver", "3", CBOTO_SDB_EXISTS_DEFAULT},
                                     {"lock", NULL, CBOTO_SDB_EXISTS_FALSE},
                                     {"k", "v", CBOTO_SDB_EXISTS_TRUE}};
    struct cboto_sdb_put_params p;

    ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
    memset(&p, 0, sizeof p);
    p.domain = "dom";
    p.item = "item 1";
    p.attrs = at;
    p.n_attrs = 3;
    p.expected = e;
    p.n_expected = 3;
    ASSERT_OK(cboto_sdb_put_attributes(cl, &p, &rq));
    ASSERT_STREQ("PutAttributes", q(rq, "Action"));
    ASSERT_STREQ("item 1", q(rq, "ItemName"));
    ASSERT_STREQ("color", q(rq, "Attribute.1.Name"));
    ASSERT_STREQ("red", q(rq, "Attribute.1.Value"));
    ASSERT_STREQ("true", q(rq, "Attribute.1.Replace"));
    ASSERT_STREQ("blue", q(rq, "Attribute.2.Value"));
    ASSERT_NULL(q(rq, "Attribute.2.Replace"));
    ASSERT_STREQ("", q(rq, "Attribute.3.Value"));
    ASSERT_STREQ("ver", q(rq, "Expected.1.Name"));
    ASSERT_STREQ("3", q(rq, "Expected.1.Value"));
    ASSERT_NULL(q(rq, "Expected.1.Exists"));
    ASSERT_STREQ("lock", q(rq, "Expected.2.Name"));
    ASSERT_NULL(q(rq, "Expected.2.Value"));
    ASSERT_STREQ("false", q(rq, "Expected.2.Exists"));
    ASSERT_STREQ("true", q(rq, "Expected.3.Exists"));
    /* Action, Version, DomainName, ItemName, 7 attribute and 7 condition
     * parameters: nothing else. */
    ASSERT_EQ(4 + 7 + 7, rq->query.n);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_batch_params_on_the_wire(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto_sdb_attr a1[] = {{"x", "1", 1}};
    struct cboto_sdb_attr a2[] = {{"y", "2", 0}, {"z", "3", 0}};
    struct cboto_sdb_item items[] = {
        {"i1", a1, 1}, {"i2", a2, 2}, {"i3", NULL, 0}};
    struct cboto_sdb_batch_params p = {"dom", items, 2};

    ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
    ASSERT_OK(cboto_sdb_batch_put_attributes(cl, &p, &rq));
    ASSERT_STREQ("BatchPutAttributes", q(rq, "Action"));
    ASSERT_STREQ("i1", q(rq, "Item.1.ItemName"));
    ASSERT_STREQ("x", q(rq, "Item.1.Attribute.1.Name"));
    ASSERT_STREQ("true", q(rq, "Item.1.Attribute.1.Replace"));
    ASSERT_STREQ("i2", q(rq, "Item.2.ItemName"));
    ASSERT_STREQ("3", q(rq, "Item.2.Attribute.2.Value"));
    cboto_request_release(rq);
    p.n_items = 3; /* an item without attributes cannot be put */
    rq = SENTINEL;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_batch_put_attributes(cl, &p, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_sdb_batch_delete_attributes(cl, &p, &rq));
    ASSERT_STREQ("BatchDeleteAttributes", q(rq, "Action"));
    ASSERT_STREQ("i3", q(rq, "Item.3.ItemName"));
    ASSERT_NULL(q(rq, "Item.3.Attribute.1.Name"));
    ASSERT_NULL(q(rq, "Item.1.Attribute.1.Replace")); /* not for deletes */
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_get_delete_select_params(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    const char *names[] = {"a", "b"};
    struct cboto_sdb_get_params gp;
    struct cboto_sdb_delete_params dp;
    struct cboto_sdb_attr del[] = {{"a", NULL, 1}, {"b", "v", 0}};
    struct cboto_sdb_select_params sp;

    ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
    memset(&gp, 0, sizeof gp);
    gp.domain = "dom";
    gp.item = "it";
    gp.names = names;
    gp.n_names = 2;
    gp.consistent_read = 1;
    ASSERT_OK(cboto_sdb_get_attributes(cl, &gp, &rq));
    ASSERT_STREQ("a", q(rq, "AttributeName.1"));
    ASSERT_STREQ("b", q(rq, "AttributeName.2"));
    ASSERT_STREQ("true", q(rq, "ConsistentRead"));
    cboto_request_release(rq);

    memset(&dp, 0, sizeof dp);
    dp.domain = "dom";
    dp.item = "it";
    ASSERT_OK(cboto_sdb_delete_attributes(cl, &dp, &rq));
    ASSERT_EQ(4, rq->query.n); /* the whole item */
    cboto_request_release(rq);
    dp.attrs = del;
    dp.n_attrs = 2;
    ASSERT_OK(cboto_sdb_delete_attributes(cl, &dp, &rq));
    ASSERT_STREQ("a", q(rq, "Attribute.1.Name"));
    ASSERT_NULL(q(rq, "Attribute.1.Value"));
    ASSERT_NULL(q(rq, "Attribute.1.Replace"));
    ASSERT_STREQ("v", q(rq, "Attribute.2.Value"));
    cboto_request_release(rq);

    memset(&sp, 0, sizeof sp);
    sp.expression = "select * from `dom` where a = 'x'";
    sp.next_token = "NT";
    sp.consistent_read = 1;
    ASSERT_OK(cboto_sdb_select(cl, &sp, &rq));
    ASSERT_STREQ("Select", q(rq, "Action"));
    ASSERT_STREQ(sp.expression, q(rq, "SelectExpression"));
    ASSERT_STREQ("NT", q(rq, "NextToken"));
    ASSERT_STREQ("true", q(rq, "ConsistentRead"));
    ASSERT_NULL(q(rq, "DomainName"));
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_limits_refused(struct cboto_allocator *a)
{
    struct cboto_client *cl;
    struct cboto_request *rq = SENTINEL;
    char n1024[1025], n1025[1026], dom255[256], dom256[257];
    struct cboto_sdb_attr at[257];
    struct cboto_sdb_item items[26];
    struct cboto_sdb_put_params p;
    struct cboto_sdb_batch_params bp;
    struct cboto_sdb_select_params sp;
    struct cboto_sdb_get_params gp;
    const char *names[257];
    char *expr;
    size_t i;

    ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
    memset(n1024, 'n', 1024);
    n1024[1024] = '\0';
    memset(n1025, 'n', 1025);
    n1025[1025] = '\0';
    memset(dom255, 'd', 255);
    dom255[255] = '\0';
    memset(dom256, 'd', 256);
    dom256[256] = '\0';

    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_validate_domain("ab"));
    ASSERT_OK(cboto_sdb_validate_domain("abc"));
    ASSERT_OK(cboto_sdb_validate_domain(dom255));
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_validate_domain(dom256));
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_validate_domain("bad name"));
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_validate_domain("bad`name"));
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_validate_domain(NULL));

    for (i = 0; i < 257; i++)
        at[i] = (struct cboto_sdb_attr){"n", "v", 0};
    memset(&p, 0, sizeof p);
    p.domain = "dom";
    p.item = n1024;
    p.attrs = at;
    p.n_attrs = 256;
    ASSERT_OK(cboto_sdb_put_attributes(cl, &p, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    p.n_attrs = 257;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    p.n_attrs = 0;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    p.n_attrs = 1;
    p.item = n1025;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    p.item = "";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    p.item = "i";
    at[0].value = n1025;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    at[0].value = n1024;
    ASSERT_OK(cboto_sdb_put_attributes(cl, &p, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    at[0].value = NULL; /* puts need a value */
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    at[0].value = "\xc3\x28"; /* not UTF-8 */
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    at[0].value = "v";
    at[0].name = n1025;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    at[0].name = "n";
    p.expected =
        &(struct cboto_sdb_expected){"x", "v", CBOTO_SDB_EXISTS_FALSE};
    p.n_expected = 1;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));
    p.expected =
        &(struct cboto_sdb_expected){"x", NULL, CBOTO_SDB_EXISTS_TRUE};
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_put_attributes(cl, &p, &rq));

    for (i = 0; i < 26; i++)
        items[i] = (struct cboto_sdb_item){NULL, at, 1};
    items[0].name = "a";
    items[1].name = "a";
    memset(&bp, 0, sizeof bp);
    bp.domain = "dom";
    bp.items = items;
    bp.n_items = 2;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_batch_put_attributes(cl, &bp, &rq));
    bp.n_items = 0;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_batch_put_attributes(cl, &bp, &rq));
    {
        char nm[26][8];

        for (i = 0; i < 26; i++) {
            snprintf(nm[i], sizeof nm[i], "i%zu", i);
            items[i].name = nm[i];
        }
        bp.n_items = 25;
        ASSERT_OK(cboto_sdb_batch_put_attributes(cl, &bp, &rq));
        cboto_request_release(rq);
        rq = SENTINEL;
        bp.n_items = 26;
        ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_batch_put_attributes(cl, &bp, &rq));
        ASSERT_EQ(CBOTO_EINVAL,
                  cboto_sdb_batch_delete_attributes(cl, &bp, &rq));
    }

    memset(&gp, 0, sizeof gp);
    gp.domain = "dom";
    gp.item = "i";
    for (i = 0; i < 257; i++)
        names[i] = "n";
    gp.names = names;
    gp.n_names = 257;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_get_attributes(cl, &gp, &rq));

    memset(&sp, 0, sizeof sp);
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_select(cl, &sp, &rq));
    sp.expression = "";
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_select(cl, &sp, &rq));
    expr = malloc(CBOTO_SDB_MAX_SELECT_BYTES + 2);
    ASSERT_NOT_NULL(expr);
    memset(expr, 'x', CBOTO_SDB_MAX_SELECT_BYTES + 1);
    expr[CBOTO_SDB_MAX_SELECT_BYTES + 1] = '\0';
    sp.expression = expr;
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_select(cl, &sp, &rq));
    expr[CBOTO_SDB_MAX_SELECT_BYTES] = '\0';
    ASSERT_OK(cboto_sdb_select(cl, &sp, &rq));
    cboto_request_release(rq);
    rq = SENTINEL;
    free(expr);
    ASSERT_EQ(
        CBOTO_EINVAL,
        cboto_sdb_list_domains(
            cl, &(struct cboto_sdb_list_domains_params){101, NULL}, &rq));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_sdb_list_domains(
                  cl, &(struct cboto_sdb_list_domains_params){-1, NULL}, &rq));
    ASSERT_TRUE(rq == SENTINEL);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

static int test_quote_value_and_name(struct cboto_allocator *a)
{
    char buf[64];
    size_t need = 0;

    (void)a;
    ASSERT_OK(cboto_sdb_quote_value("O'Brien", buf, sizeof buf, &need));
    ASSERT_STREQ("'O''Brien'", buf);
    ASSERT_EQ(11, need);
    ASSERT_OK(cboto_sdb_quote_value("", buf, sizeof buf, NULL));
    ASSERT_STREQ("''", buf);
    ASSERT_OK(cboto_sdb_quote_value("''", buf, sizeof buf, NULL));
    ASSERT_STREQ("''''''", buf);
    ASSERT_OK(cboto_sdb_quote_value("a`\"b", buf, sizeof buf, NULL));
    ASSERT_STREQ("'a`\"b'", buf);
    ASSERT_OK(cboto_sdb_quote_name("my`attr", buf, sizeof buf, &need));
    ASSERT_STREQ("`my``attr`", buf);
    ASSERT_EQ(11, need);
    ASSERT_OK(cboto_sdb_quote_name("it's", buf, sizeof buf, NULL));
    ASSERT_STREQ("`it's`", buf);
    /* Exactly fitting, then one byte short. */
    ASSERT_OK(cboto_sdb_quote_value("ab'", buf, 7, &need));
    ASSERT_STREQ("'ab'''", buf);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto_sdb_quote_value("ab'", buf, 6, &need));
    ASSERT_EQ(7, need);
    ASSERT_STREQ("", buf);
    ASSERT_EQ(CBOTO_ETOOBIG, cboto_sdb_quote_value("x", NULL, 0, &need));
    ASSERT_EQ(4, need);
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_quote_value(NULL, buf, 4, NULL));
    ASSERT_EQ(CBOTO_EINVAL, cboto_sdb_quote_name("x", NULL, 4, NULL));
    return 0;
}

/* ---- parser ------------------------------------------------------------- */

static int run_parser(const struct cboto_allocator *a,
                      const struct cboto__parser *p, const char *doc,
                      size_t len, size_t chunk, void **result)
{
    return test_run_parser(a, p, NULL, NULL, doc, len, chunk, result);
}

static int run_file(const struct cboto_allocator *a,
                    const struct cboto__parser *p, const char *name,
                    size_t chunk, void **result)
{
    char path[512], *doc;
    size_t len;
    int rc;

    snprintf(path, sizeof path, "%s/tests/data/sdb/%s", TOP_SRCDIR, name);
    if (test_read_file(path, &doc, &len))
        return -100;
    rc = run_parser(a, p, doc, len, chunk, result);
    free(doc);
    return rc;
}

static int check_select(const struct cboto__sdb_result *r)
{
    const struct cboto_sdb_select_result *s = &r->select;

    ASSERT_EQ(2, s->n_items);
    ASSERT_STREQ("item1", s->items[0].name);
    ASSERT_EQ(5, s->items[0].name_len);
    ASSERT_EQ(3, s->items[0].n_attrs);
    ASSERT_STREQ("Color", s->items[0].attrs[0].name);
    ASSERT_STREQ("Blue", s->items[0].attrs[0].value);
    ASSERT_STREQ("Med", s->items[0].attrs[1].value);
    ASSERT_STREQ("O'Brien <\"x\"> caf\xc3\xa9\ntwo",
                 s->items[0].attrs[2].value);
    ASSERT_STREQ("item2", s->items[1].name);
    ASSERT_EQ(0, s->items[1].n_attrs);
    ASSERT_STREQ("rO0ABXNyACdjb20uYW1hem9u", s->next_token);
    ASSERT_STREQ("b1e8f1f7-42e9-494c-ad09-2674e557526d", s->meta.request_id);
    ASSERT_STREQ("0.0000219907", s->meta.box_usage);
    ASSERT_TRUE(s->meta.box_usage_hours > 0.00002199 &&
                s->meta.box_usage_hours < 0.00002200);
    return 0;
}

static int test_parse_select(struct cboto_allocator *a)
{
    void *res;
    const struct cboto__sdb_result *r;

    ASSERT_OK(run_file(a, &cboto__sdb_select_parser, "select.xml", 0, &res));
    r = res;
    if (check_select(r))
        return 1;
    cboto__sdb_select_parser.result_free(a, res);
    ASSERT_OK(
        run_file(a, &cboto__sdb_select_parser, "select_empty.xml", 0, &res));
    r = res;
    ASSERT_EQ(0, r->select.n_items);
    ASSERT_NULL(r->select.next_token);
    ASSERT_STREQ("r-empty", r->select.meta.request_id);
    cboto__sdb_select_parser.result_free(a, res);
    return 0;
}

static int test_parse_select_chunked(struct cboto_allocator *a)
{
    size_t chunk;

    /* Whatever way the body is cut, the result is the same. */
    for (chunk = 1; chunk < 40; chunk += 3) {
        void *res;

        ASSERT_OK(
            run_file(a, &cboto__sdb_select_parser, "select.xml", chunk, &res));
        if (check_select(res))
            return 1;
        cboto__sdb_select_parser.result_free(a, res);
    }
    return 0;
}

static int test_parse_get_list_metadata_put(struct cboto_allocator *a)
{
    void *res;
    const struct cboto__sdb_result *r;

    ASSERT_OK(
        run_file(a, &cboto__sdb_get_attributes_parser, "get.xml", 0, &res));
    r = res;
    ASSERT_EQ(3, r->get.n_attrs);
    ASSERT_STREQ("Color", r->get.attrs[1].name);
    ASSERT_STREQ("Red", r->get.attrs[1].value);
    ASSERT_STREQ("", r->get.attrs[2].value);
    ASSERT_EQ(0, r->get.attrs[2].value_len);
    ASSERT_STREQ("f6820318-9658-4a9d-89f8-b067c90904fc",
                 r->get.meta.request_id);
    cboto__sdb_get_attributes_parser.result_free(a, res);

    ASSERT_OK(run_file(a, &cboto__sdb_list_domains_parser, "list_domains.xml",
                       0, &res));
    r = res;
    ASSERT_EQ(2, r->domains.n_domains);
    ASSERT_STREQ("Domain1-200706011651", r->domains.domains[0]);
    ASSERT_STREQ("Domain2-200706011652", r->domains.domains[1]);
    ASSERT_STREQ("TWV0ZXJpbmdUZXN0RG9tYWluMS0yMDA3MDYwMTE2NTY=",
                 r->domains.next_token);
    cboto__sdb_list_domains_parser.result_free(a, res);

    ASSERT_OK(run_file(a, &cboto__sdb_domain_metadata_parser, "metadata.xml",
                       0, &res));
    r = res;
    ASSERT_EQ(195078, r->md.item_count);
    ASSERT_EQ(2586634, r->md.item_names_size_bytes);
    ASSERT_EQ(12, r->md.attribute_name_count);
    ASSERT_EQ(120, r->md.attribute_names_size_bytes);
    ASSERT_EQ(3690416, r->md.attribute_value_count);
    ASSERT_EQ(50149756, r->md.attribute_values_size_bytes);
    ASSERT_EQ(1225486466, r->md.timestamp);
    cboto__sdb_domain_metadata_parser.result_free(a, res);

    ASSERT_OK(
        run_file(a, &cboto__sdb_put_attributes_parser, "put.xml", 0, &res));
    r = res;
    ASSERT_STREQ("490206ce-8292-456c-a00f-61b335eb202b", r->meta.request_id);
    cboto__sdb_put_attributes_parser.result_free(a, res);
    /* The wrong parser for a document refuses it. */
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sdb_delete_domain_parser,
                                     "put.xml", 0, &res));
    return 0;
}

/* Drive the parser by hand the way the XML stage will once it reports
 * element attributes: start, then each attribute, then the end. */
static int test_parse_base64_hook(struct cboto_allocator *a)
{
    const struct cboto__parser *p = &cboto__sdb_get_attributes_parser;
    void *st = cboto__calloc(a, 1, p->state_size);
    void *res = NULL;
    const struct cboto__sdb_result *r;

    ASSERT_NOT_NULL(st);
    ASSERT_OK(p->init(st, a));
    ASSERT_OK(p->start(st, "GetAttributesResponse", 1));
    ASSERT_OK(p->start(st, "GetAttributesResult", 2));
    ASSERT_OK(p->start(st, "Attribute", 3));
    ASSERT_OK(p->start(st, "Name", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Name", 4, "encoding", "base64", 6));
    ASSERT_OK(p->end(st, "Name", 4, "bgBt", 4)); /* "n\0m" */
    ASSERT_OK(p->start(st, "Value", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Value", 4, "encoding", "base64", 6));
    ASSERT_OK(p->end(st, "Value", 4, "YQF6", 4)); /* "a\x01z" */
    ASSERT_OK(p->end(st, "Attribute", 3, "", 0));
    ASSERT_OK(p->start(st, "Attribute", 3));
    ASSERT_OK(p->start(st, "Name", 4));
    ASSERT_OK(p->end(st, "Name", 4, "YQF6", 4)); /* plain this time */
    ASSERT_OK(p->start(st, "Value", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Value", 4, "other", "x", 1));
    ASSERT_OK(p->end(st, "Value", 4, "v", 1));
    ASSERT_OK(p->end(st, "Attribute", 3, "", 0));
    ASSERT_OK(p->start(st, "Attribute", 3));
    ASSERT_OK(p->start(st, "Name", 4));
    ASSERT_EQ(CBOTO_EPARSE,
              cboto__sdb_parse_attr(st, "Name", 4, "encoding", "rot13", 5));
    ASSERT_OK(p->end(st, "Name", 4, "n", 1));
    ASSERT_OK(p->start(st, "Value", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Value", 4, "encoding", "base64", 6));
    ASSERT_EQ(CBOTO_EPARSE, p->end(st, "Value", 4, "!!notb64", 8));
    p->cleanup(st);
    ASSERT_OK(p->init(st, a));
    ASSERT_OK(p->start(st, "GetAttributesResponse", 1));
    ASSERT_OK(p->start(st, "GetAttributesResult", 2));
    ASSERT_OK(p->start(st, "Attribute", 3));
    ASSERT_OK(p->start(st, "Name", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Name", 4, "encoding", "base64", 6));
    ASSERT_OK(p->end(st, "Name", 4, "bgBt", 4));
    ASSERT_OK(p->start(st, "Value", 4));
    ASSERT_OK(cboto__sdb_parse_attr(st, "Value", 4, "encoding", "base64", 6));
    ASSERT_OK(p->end(st, "Value", 4, "YQF6", 4));
    ASSERT_OK(p->end(st, "Attribute", 3, "", 0));
    ASSERT_OK(p->end(st, "GetAttributesResult", 2, "", 0));
    ASSERT_OK(p->end(st, "GetAttributesResponse", 1, "", 0));
    ASSERT_OK(p->finish(st, 200, NULL, &res));
    p->cleanup(st);
    cboto__free(a, st);
    r = res;
    ASSERT_EQ(1, r->get.n_attrs);
    ASSERT_MEMEQ("n\0m", 3, r->get.attrs[0].name, r->get.attrs[0].name_len);
    ASSERT_MEMEQ("a\x01z", 3, r->get.attrs[0].value,
                 r->get.attrs[0].value_len);
    p->result_free(a, res);
    return 0;
}

static int test_parse_malformed(struct cboto_allocator *a)
{
    void *res;

    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sdb_domain_metadata_parser,
                                     "bad_metadata.xml", 0, &res));
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sdb_get_attributes_parser,
                                     "bad_attr_no_value.xml", 0, &res));
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sdb_select_parser,
                                     "truncated_select.xml", 0, &res));
    ASSERT_EQ(CBOTO_EPARSE, run_file(a, &cboto__sdb_get_attributes_parser,
                                     "bad_box_usage.xml", 0, &res));
    ASSERT_EQ(CBOTO_EPARSE,
              run_file(a, &cboto__sdb_select_parser, "get.xml", 0, &res));
    return 0;
}

static int test_accessor_kind_mismatch(struct cboto_allocator *a)
{
    struct cboto_response *resp;
    void *res;

    ASSERT_OK(cboto__response_new(a, &resp));
    ASSERT_NULL(cboto_sdb_select_result(resp));
    ASSERT_NULL(cboto_sdb_meta_result(resp));
    ASSERT_OK(
        run_file(a, &cboto__sdb_get_attributes_parser, "get.xml", 0, &res));
    resp->result = res;
    resp->result_kind = cboto__sdb_get_attributes_parser.result_kind;
    resp->parser = &cboto__sdb_get_attributes_parser;
    ASSERT_NOT_NULL(cboto_sdb_get_result(resp));
    ASSERT_EQ(3, cboto_sdb_get_result(resp)->n_attrs);
    ASSERT_NULL(cboto_sdb_select_result(resp));
    ASSERT_NULL(cboto_sdb_domain_list_result(resp));
    ASSERT_NULL(cboto_sdb_domain_metadata_result(resp));
    ASSERT_NULL(cboto_s3_list_result(resp));
    ASSERT_STREQ("f6820318-9658-4a9d-89f8-b067c90904fc",
                 cboto_sdb_meta_result(resp)->request_id);
    ASSERT_NULL(cboto_sdb_get_result(NULL));
    cboto_response_release(resp);
    return 0;
}

/* Fail each allocation in turn: every builder must fail cleanly (no leak,
 * *out untouched) and succeed once allocations do. */
static int build_one(struct cboto_client *cl, int op,
                     struct cboto_request **rq)
{
    static const struct cboto_sdb_attr at[] = {{"a", "1", 1}, {"b", "2", 0}};
    static const struct cboto_sdb_expected e = {"v", "1",
                                                CBOTO_SDB_EXISTS_TRUE};
    static const struct cboto_sdb_item items[] = {{"i1", at, 2},
                                                  {"i2", at, 1}};
    static const char *const names[] = {"a", "b"};

    switch (op) {
    case 0:
        return cboto_sdb_create_domain(
            cl, &(struct cboto_sdb_domain_params){"dom"}, rq);
    case 1:
        return cboto_sdb_list_domains(
            cl, &(struct cboto_sdb_list_domains_params){5, "t"}, rq);
    case 2:
        return cboto_sdb_put_attributes(
            cl, &(struct cboto_sdb_put_params){"dom", "it", at, 2, &e, 1}, rq);
    case 3:
        return cboto_sdb_batch_put_attributes(
            cl, &(struct cboto_sdb_batch_params){"dom", items, 2}, rq);
    case 4:
        return cboto_sdb_get_attributes(
            cl, &(struct cboto_sdb_get_params){"dom", "it", names, 2, 1}, rq);
    case 5:
        return cboto_sdb_delete_attributes(
            cl, &(struct cboto_sdb_delete_params){"dom", "it", at, 2, &e, 1},
            rq);
    case 6:
        return cboto_sdb_batch_delete_attributes(
            cl, &(struct cboto_sdb_batch_params){"dom", items, 2}, rq);
    default:
        return cboto_sdb_select(
            cl,
            &(struct cboto_sdb_select_params){"select * from `dom`", "t", 1},
            rq);
    }
}

static int test_alloc_failure_builders(struct cboto_allocator *a)
{
    int op;

    for (op = 0; op < 8; op++) {
        long n;
        int ok = 0;

        for (n = 1; n < 1000 && !ok; n++) {
            struct cboto_client *cl;
            struct cboto_request *rq = SENTINEL;
            long base;
            int rc;

            ASSERT_OK(make_client(a, "us-east-1", NULL, &cl));
            base = s_test_alloc.total;
            s_test_alloc.fail_after = base + n;
            rc = build_one(cl, op, &rq);
            s_test_alloc.fail_after = 0;
            if (rc == CBOTO_OK) {
                ok = 1;
                ASSERT_TRUE(rq != SENTINEL);
                cboto_request_release(rq);
            } else {
                ASSERT_EQ(CBOTO_ENOMEM, rc);
                ASSERT_TRUE(rq == SENTINEL);
            }
            ASSERT_OK(cboto_client_free(cl));
        }
        ASSERT_TRUE(ok);
    }
    return 0;
}

static int test_alloc_failure_parser(struct cboto_allocator *a)
{
    static const struct {
        const struct cboto__parser *p;
        const char *file;
    } cases[] = {
        {&cboto__sdb_select_parser, "select.xml"},
        {&cboto__sdb_get_attributes_parser, "get.xml"},
        {&cboto__sdb_list_domains_parser, "list_domains.xml"},
        {&cboto__sdb_domain_metadata_parser, "metadata.xml"},
    };
    size_t c;

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        long n;
        int ok = 0;

        for (n = 1; n < 5000 && !ok; n++) {
            void *res = NULL;
            int rc;

            s_test_alloc.fail_after = s_test_alloc.total + n;
            rc = run_file(a, cases[c].p, cases[c].file, 7, &res);
            s_test_alloc.fail_after = 0;
            if (rc == CBOTO_OK) {
                ok = 1;
                cases[c].p->result_free(a, res);
            } else if (rc != CBOTO_ENOMEM) {
                FAILF("%s: allocation %ld failing gave %s", cases[c].file, n,
                      cboto_err_name(rc));
            }
            ASSERT_EQ(0, s_test_alloc.live);
        }
        ASSERT_TRUE(ok);
    }
    return 0;
}

HARNESS_MAIN(TEST_LIST)
