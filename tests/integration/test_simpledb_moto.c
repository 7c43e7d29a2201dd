/* SPDX-License-Identifier: MIT */
/*
 * SimpleDB cross-check against moto_server (started by with-moto.sh), so
 * that tests/servers/sdb_server.py is not the only judge of cboto's
 * requests and parsers: the five actions moto implements (CreateDomain,
 * DeleteDomain, ListDomains, PutAttributes, GetAttributes), through the
 * blocking executor or (built with CBOTO_TEST_EVENT) the libevent one, each
 * result compared with what SimpleDB documents.
 *
 * The name holds "moto" and not "sdb" so that tests/run.sh runs it inside
 * with-moto.sh.  moto routes SimpleDB by its POST form body (Version=
 * 2009-04-15) and the User-Agent, and never checks SigV2; with its IAM
 * signature checking on (as with-moto.sh leaves it) it looks for a SigV4
 * Authorization header that a SigV2 request has not and answers 500 to
 * every SimpleDB request.  So each test turns moto's checking off through
 * /moto-api/reset-auth for its duration (signatures are judged by
 * sdb_server.py in test_sdb) and back on at the end.
 *
 * Where moto departs from SimpleDB the test avoids that ground rather than
 * assert moto's behaviour: moto keeps duplicate name/value pairs twice
 * (SimpleDB keeps a set), ignores Expected.* conditions and ListDomains
 * paging, and sends no BoxUsage.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include <cboto/cboto.h>

#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(create_list_delete_domains)                                             \
    X(put_get_awkward_values_exact)                                           \
    X(replace_and_added_values)                                               \
    X(get_names_filter)                                                       \
    X(missing_item_and_missing_domain)
#include "harness.h"

static const char *s_ep, *s_ak, *s_sk;
static int s_seq;

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* Turn moto's signature checking on (1) or off (0); see the top comment
 * for why SimpleDB needs it off. */
static int moto_auth(int on)
{
    CURL *c = curl_easy_init();
    char url[512];
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: text/plain");
    CURLcode cc;
    long status = 0;

    if (!c || !h) {
        curl_slist_free_all(h);
        curl_easy_cleanup(c);
        return -1;
    }
    snprintf(url, sizeof url, "%s/moto-api/reset-auth", s_ep);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, on ? "0" : "inf");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    cc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return cc == CURLE_OK && status == 200 ? 0 : -1;
}

struct ctx {
    struct cboto_client *cl;
    struct cboto_exec *ex;
};

/* Checks the environment, turns moto's checking off, opens a client. */
static int open_ctx(struct cboto_allocator *a, struct ctx *c)
{
    struct cboto_client_options o;

    memset(c, 0, sizeof *c);
    s_ep = getenv("CBOTO_TEST_ENDPOINT");
    s_ak = getenv("CBOTO_TEST_AK");
    s_sk = getenv("CBOTO_TEST_SK");
    if (!s_ep || !s_ak || !s_sk) {
        skip("run through tests/integration/with-moto.sh");
        return TEST_SKIP;
    }
    if (moto_auth(0))
        FAILF("could not turn moto's signature checking off");
    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = s_ep;
    o.access_key_id = s_ak;
    o.secret_access_key = s_sk;
    o.ignore_environment = 1;
    o.retry_base_ms = 5;
    o.allocator = a;
    ASSERT_OK(cboto_client_new(&o, &c->cl));
    if (cboto_exec_new(NULL, &c->ex)) {
        cboto_client_free(c->cl);
        FAILF("cboto_exec_new");
    }
    return 0;
}

static int close_ctx(struct ctx *c)
{
    cboto_exec_free(c->ex);
    ASSERT_OK(cboto_client_free(c->cl));
    ASSERT_OK(moto_auth(1));
    return 0;
}

/* Run a built request (build_rc is the builder's code) and release it. */
static int run(struct ctx *c, int build_rc, struct cboto_request **rqp,
               struct cboto_response **resp)
{
    struct cboto_request *rq = *rqp;
    int rc;

    if (resp)
        *resp = NULL;
    if (build_rc)
        return build_rc;
    rc = perform(c->ex, rq, resp);
    if (rc && resp && *resp) {
        char buf[512];

        fprintf(stderr, "  %s\n",
                cboto_response_describe(*resp, rc, buf, sizeof buf));
    }
    cboto_request_release(rq);
    return rc;
}

/* Run, check the answer is a SimpleDB one with a request id, drop it. */
static int run0(struct ctx *c, int build_rc, struct cboto_request **rqp)
{
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_meta *m;
    int rc = run(c, build_rc, rqp, &resp);

    m = cboto_sdb_meta_result(resp);
    if (rc == CBOTO_OK && (!m || !m->request_id || !m->request_id[0]))
        rc = -5000;
    cboto_response_release(resp);
    return rc;
}

static const char *new_domain(char *buf, size_t n)
{
    snprintf(buf, n, "cboto-moto-%d-%d%s", (int)getpid(), ++s_seq,
#ifdef CBOTO_TEST_EVENT
             "-ev"
#else
             "-bl"
#endif
    );
    return buf;
}

static int create(struct ctx *c, const char *d)
{
    struct cboto_request *rq = NULL;
    struct cboto_sdb_domain_params p = {d};

    return run0(c, cboto_sdb_create_domain(c->cl, &p, &rq), &rq);
}

static int drop(struct ctx *c, const char *d)
{
    struct cboto_request *rq = NULL;
    struct cboto_sdb_domain_params p = {d};

    return run0(c, cboto_sdb_delete_domain(c->cl, &p, &rq), &rq);
}

static int put(struct ctx *c, const char *d, const char *item,
               const struct cboto_sdb_attr *at, size_t n)
{
    struct cboto_request *rq = NULL;
    struct cboto_sdb_put_params p;

    memset(&p, 0, sizeof p);
    p.domain = d;
    p.item = item;
    p.attrs = at;
    p.n_attrs = n;
    return run0(c, cboto_sdb_put_attributes(c->cl, &p, &rq), &rq);
}

/* GetAttributes, optionally only some names; *resp keeps the answer. */
static int get(struct ctx *c, const char *d, const char *item,
               const char *const *names, size_t n_names,
               struct cboto_response **resp,
               const struct cboto_sdb_get_result **r)
{
    struct cboto_request *rq = NULL;
    struct cboto_sdb_get_params p;
    int rc;

    memset(&p, 0, sizeof p);
    p.domain = d;
    p.item = item;
    p.names = names;
    p.n_names = n_names;
    p.consistent_read = 1;
    rc = run(c, cboto_sdb_get_attributes(c->cl, &p, &rq), &rq, resp);
    *r = cboto_sdb_get_result(*resp);
    if (!rc && !*r)
        rc = -5001;
    return rc;
}

/* How many times the result holds name=value exactly (with lengths). */
static int count(const struct cboto_sdb_get_result *r, const char *name,
                 const char *value)
{
    size_t i;
    int n = 0;

    for (i = 0; i < r->n_attrs; i++)
        if (r->attrs[i].name_len == strlen(name) &&
            memcmp(r->attrs[i].name, name, r->attrs[i].name_len) == 0 &&
            r->attrs[i].value_len == strlen(value) &&
            memcmp(r->attrs[i].value, value, r->attrs[i].value_len) == 0 &&
            r->attrs[i].name[r->attrs[i].name_len] == '\0' &&
            r->attrs[i].value[r->attrs[i].value_len] == '\0')
            n++;
    return n;
}

static int listed(struct ctx *c, const char *d, int *found)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_domain_list *dl;
    size_t i;
    int rc = run(c, cboto_sdb_list_domains(c->cl, NULL, &rq), &rq, &resp);

    *found = 0;
    dl = cboto_sdb_domain_list_result(resp);
    if (!rc && (!dl || !dl->meta.request_id))
        rc = -5002;
    for (i = 0; !rc && i < dl->n_domains; i++)
        *found += strcmp(dl->domains[i], d) == 0;
    if (!rc && dl->next_token)
        rc = -5003; /* every domain fits one page here */
    cboto_response_release(resp);
    return rc;
}

static int test_create_list_delete_domains(struct cboto_allocator *a)
{
    struct ctx c;
    char d1[64], d2[64];
    int found, rc = open_ctx(a, &c);

    if (rc)
        return rc;
    new_domain(d1, sizeof d1);
    new_domain(d2, sizeof d2);
    ASSERT_OK(create(&c, d1));
    ASSERT_OK(create(&c, d2));
    ASSERT_OK(create(&c, d1)); /* creating an existing domain succeeds */
    ASSERT_OK(listed(&c, d1, &found));
    ASSERT_EQ(1, found);
    ASSERT_OK(listed(&c, d2, &found));
    ASSERT_EQ(1, found);
    ASSERT_OK(drop(&c, d1));
    ASSERT_OK(listed(&c, d1, &found));
    ASSERT_EQ(0, found);
    ASSERT_OK(listed(&c, d2, &found));
    ASSERT_EQ(1, found);
    ASSERT_OK(drop(&c, d2));
    ASSERT_OK(listed(&c, d2, &found));
    ASSERT_EQ(0, found);
    return close_ctx(&c);
}

static int test_put_get_awkward_values_exact(struct cboto_allocator *a)
{
    /* Quotes, backticks, XML specials, spaces and '+', '%', '=' and '&'
     * (form encoding), a newline and a tab, non-ASCII, an empty value. */
    static const struct cboto_sdb_attr at[] = {
        {"quote", "O'Brien said \"hi\"", 0},
        {"tick", "`select` * from `x`", 0},
        {"xml", "<a href='x'>&amp;</a> ]]>", 0},
        {"form", "a+b=c&d%20e f", 0},
        {"lines", "one\ntwo\tthree", 0},
        {"utf8", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0},
        {"empty", "", 0},
        {"na\xc3\xafve name", "v", 0},
    };
    struct ctx c;
    char d[64];
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_get_result *r;
    size_t i, n = sizeof at / sizeof at[0];
    int rc = open_ctx(a, &c);

    if (rc)
        return rc;
    ASSERT_OK(create(&c, new_domain(d, sizeof d)));
    ASSERT_OK(put(&c, d, "it\xc3\xa9m <1>", at, n));
    ASSERT_OK(get(&c, d, "it\xc3\xa9m <1>", NULL, 0, &resp, &r));
    ASSERT_EQ(n, r->n_attrs);
    for (i = 0; i < n; i++)
        if (count(r, at[i].name, at[i].value) != 1)
            FAILF("attribute %zu (%s) did not come back exactly", i,
                  at[i].name);
    ASSERT_NOT_NULL(r->meta.request_id);
    /* moto sends no BoxUsage; absent reads as NULL and 0. */
    ASSERT_TRUE(r->meta.box_usage == NULL || r->meta.box_usage_hours >= 0);
    cboto_response_release(resp);
    ASSERT_OK(drop(&c, d));
    return close_ctx(&c);
}

static int test_replace_and_added_values(struct cboto_allocator *a)
{
    struct ctx c;
    char d[64];
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_get_result *r;
    int rc = open_ctx(a, &c);

    if (rc)
        return rc;
    ASSERT_OK(create(&c, new_domain(d, sizeof d)));
    ASSERT_OK(put(&c, d, "item",
                  (struct cboto_sdb_attr[]){
                      {"tag", "a", 0}, {"tag", "b", 0}, {"one", "1", 0}},
                  3));
    /* A later put without Replace adds a value to the name. */
    ASSERT_OK(
        put(&c, d, "item", (struct cboto_sdb_attr[]){{"tag", "c", 0}}, 1));
    ASSERT_OK(get(&c, d, "item", NULL, 0, &resp, &r));
    ASSERT_EQ(4, r->n_attrs);
    ASSERT_EQ(1, count(r, "tag", "a"));
    ASSERT_EQ(1, count(r, "tag", "b"));
    ASSERT_EQ(1, count(r, "tag", "c"));
    ASSERT_EQ(1, count(r, "one", "1"));
    cboto_response_release(resp);
    /* Replace drops the old values of that name only. */
    ASSERT_OK(
        put(&c, d, "item", (struct cboto_sdb_attr[]){{"tag", "z", 1}}, 1));
    ASSERT_OK(get(&c, d, "item", NULL, 0, &resp, &r));
    ASSERT_EQ(2, r->n_attrs);
    ASSERT_EQ(1, count(r, "tag", "z"));
    ASSERT_EQ(1, count(r, "one", "1"));
    cboto_response_release(resp);
    ASSERT_OK(drop(&c, d));
    return close_ctx(&c);
}

static int test_get_names_filter(struct cboto_allocator *a)
{
    static const char *const names[] = {"b", "c", "zz"};
    struct ctx c;
    char d[64];
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_get_result *r;
    int rc = open_ctx(a, &c);

    if (rc)
        return rc;
    ASSERT_OK(create(&c, new_domain(d, sizeof d)));
    ASSERT_OK(
        put(&c, d, "it",
            (struct cboto_sdb_attr[]){
                {"a", "1", 0}, {"b", "2", 0}, {"c", "3", 0}, {"c", "4", 0}},
            4));
    ASSERT_OK(get(&c, d, "it", names, 3, &resp, &r));
    ASSERT_EQ(3, r->n_attrs);
    ASSERT_EQ(1, count(r, "b", "2"));
    ASSERT_EQ(1, count(r, "c", "3"));
    ASSERT_EQ(1, count(r, "c", "4"));
    ASSERT_EQ(0, count(r, "a", "1"));
    cboto_response_release(resp);
    ASSERT_OK(get(&c, d, "it", (const char *const[]){"zz"}, 1, &resp, &r));
    ASSERT_EQ(0, r->n_attrs);
    cboto_response_release(resp);
    ASSERT_OK(drop(&c, d));
    return close_ctx(&c);
}

static int test_missing_item_and_missing_domain(struct cboto_allocator *a)
{
    struct ctx c;
    char d[64];
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_sdb_get_result *r;
    const struct cboto_error_detail *e;
    struct cboto_sdb_get_params gp;
    int rc = open_ctx(a, &c);

    if (rc)
        return rc;
    ASSERT_OK(create(&c, new_domain(d, sizeof d)));
    /* A missing item is an empty answer, not an error. */
    ASSERT_OK(get(&c, d, "nothing", NULL, 0, &resp, &r));
    ASSERT_EQ(0, r->n_attrs);
    ASSERT_NOT_NULL(r->meta.request_id);
    cboto_response_release(resp);
    ASSERT_OK(drop(&c, d));
    /* The domain is gone: 400 NoSuchDomain, on a get and on a put. */
    memset(&gp, 0, sizeof gp);
    gp.domain = d;
    gp.item = "x";
    ASSERT_EQ(CBOTO_ESERVICE,
              run(&c, cboto_sdb_get_attributes(c.cl, &gp, &rq), &rq, &resp));
    e = cboto_response_error(resp);
    ASSERT_NOT_NULL(e);
    ASSERT_EQ(400, e->http_status);
    ASSERT_STREQ("NoSuchDomain", e->service_code);
    ASSERT_NULL(cboto_sdb_get_result(resp));
    ASSERT_NULL(cboto_sdb_meta_result(resp));
    cboto_response_release(resp);
    ASSERT_EQ(CBOTO_ESERVICE,
              put(&c, d, "x", (struct cboto_sdb_attr[]){{"a", "b", 0}}, 1));
    return close_ctx(&c);
}

HARNESS_MAIN(TEST_LIST)
