/* SPDX-License-Identifier: MIT */
/*
 * The cboto side of the boto3 cross-check (test_sdb_boto3.sh):
 *   sdb_xcheck write DOMAIN ITEM NAME=HEXVALUE...   PutAttributes (replace)
 *   sdb_xcheck read DOMAIN ITEM                     GetAttributes
 *   sdb_xcheck select EXPRESSION                    every page of a Select
 * Values travel hex-encoded on the command line and on stdout, so that
 * quotes, newlines and non-ASCII bytes pass through the shell untouched.
 * Reads print "ITEM NAME HEXVALUE" lines.  Uses CBOTO_SDB_ENDPOINT,
 * CBOTO_SDB_AK and CBOTO_SDB_SK; exits 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

static void hexout(const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        printf("%02x", (unsigned char)p[i]);
}

static char *unhex(const char *h)
{
    size_t n = strlen(h), i;
    char *o = malloc(n / 2 + 1);

    if (!o || n % 2)
        return NULL;
    for (i = 0; i < n / 2; i++) {
        unsigned v;

        if (sscanf(h + 2 * i, "%2x", &v) != 1)
            return NULL;
        o[i] = (char)v;
    }
    o[n / 2] = '\0';
    return o;
}

static int page(struct cboto_pager *pg, struct cboto_response *resp, void *ud)
{
    const struct cboto_sdb_select_result *r = cboto_sdb_select_result(resp);
    size_t i, j;

    (void)pg;
    (void)ud;
    for (i = 0; r && i < r->n_items; i++)
        for (j = 0; j < r->items[i].n_attrs; j++) {
            hexout(r->items[i].name, r->items[i].name_len);
            putchar(' ');
            hexout(r->items[i].attrs[j].name, r->items[i].attrs[j].name_len);
            putchar(' ');
            hexout(r->items[i].attrs[j].value, r->items[i].attrs[j].value_len);
            putchar('\n');
        }
    return r ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    int rc = CBOTO_EINVAL, i;

    if (argc < 3)
        return 2;
    cboto_global_init(CBOTO_GLOBAL_DEFAULT);
    memset(&o, 0, sizeof o);
    o.endpoint_url = getenv("CBOTO_SDB_ENDPOINT");
    o.access_key_id = getenv("CBOTO_SDB_AK");
    o.secret_access_key = getenv("CBOTO_SDB_SK");
    o.ignore_environment = 1;
    if (cboto_client_new(&o, &cl) || cboto_exec_new(NULL, &ex))
        goto out;
    if (strcmp(argv[1], "write") == 0 && argc > 4) {
        struct cboto_sdb_attr at[64];
        struct cboto_sdb_put_params p;
        int n = 0;

        for (i = 4; i < argc && n < 64; i++, n++) {
            char *eq = strchr(argv[i], '=');

            if (!eq)
                goto out;
            *eq = '\0';
            at[n].name = unhex(argv[i]);
            at[n].value = unhex(eq + 1);
            at[n].replace = 1;
            if (!at[n].name || !at[n].value)
                goto out;
        }
        memset(&p, 0, sizeof p);
        p.domain = argv[2];
        p.item = argv[3];
        p.attrs = at;
        p.n_attrs = (size_t)n;
        rc = cboto_sdb_put_attributes(cl, &p, &rq);
        if (!rc)
            rc = cboto_exec_perform(ex, rq, &resp);
        for (i = 0; i < n; i++) {
            free((void *)at[i].name);
            free((void *)at[i].value);
        }
    } else if (strcmp(argv[1], "read") == 0 && argc == 4) {
        struct cboto_sdb_get_params p;
        const struct cboto_sdb_get_result *r;
        size_t k;

        memset(&p, 0, sizeof p);
        p.domain = argv[2];
        p.item = argv[3];
        p.consistent_read = 1;
        rc = cboto_sdb_get_attributes(cl, &p, &rq);
        if (!rc)
            rc = cboto_exec_perform(ex, rq, &resp);
        r = cboto_sdb_get_result(resp);
        for (k = 0; !rc && r && k < r->n_attrs; k++) {
            hexout(argv[3], strlen(argv[3]));
            putchar(' ');
            hexout(r->attrs[k].name, r->attrs[k].name_len);
            putchar(' ');
            hexout(r->attrs[k].value, r->attrs[k].value_len);
            putchar('\n');
        }
    } else if (strcmp(argv[1], "select") == 0) {
        struct cboto_sdb_select_params p;
        struct cboto_pager *pg = NULL;

        memset(&p, 0, sizeof p);
        p.expression = argv[2];
        rc = cboto_sdb_select_pager(cl, &p, &pg);
        if (!rc)
            rc = cboto_exec_paginate(ex, pg, page, NULL, NULL);
        cboto_pager_free(pg);
    }
    if (rc) {
        char buf[256];

        fprintf(stderr, "sdb_xcheck: %s\n",
                cboto_response_describe(resp, rc, buf, sizeof buf));
    }
out:
    cboto_response_release(resp);
    cboto_request_release(rq);
    cboto_exec_free(ex);
    cboto_client_free(cl);
    cboto_global_cleanup();
    return rc ? 1 : 0;
}
