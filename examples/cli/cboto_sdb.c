/* SPDX-License-Identifier: MIT */
/*
 * cboto-sdb: Amazon SimpleDB at the shell.
 * Commands: list-domains, create-domain, delete-domain, domain-metadata,
 * put, get, delete, batch-put, select.  See --help and cboto-sdb(1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char s_usage[] =
    "usage: cboto-sdb [GLOBAL OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  list-domains                        list the domains\n"
    "  create-domain D                     create a domain\n"
    "  delete-domain D                     delete a domain and its items\n"
    "  domain-metadata D                   show a domain's counts and sizes\n"
    "  put D ITEM name=value... [--replace [NAME...]]\n"
    "        [--expect NAME=VALUE | --expect-absent NAME]\n"
    "                                      add attributes to an item\n"
    "  get D ITEM [NAME...] [--consistent] show an item's attributes\n"
    "  delete D ITEM [NAME[=VALUE]...]     delete an item or some of its\n"
    "                                      attributes\n"
    "  batch-put D FILE|- [--replace]      put many items, one a line\n"
    "  select 'EXPRESSION' [--consistent] [--max-items N]\n"
    "                                      run a select over every page\n"
    "\n"
    "'cboto-sdb COMMAND --help' describes a command.\n"
    "\n" CLI_USAGE_GLOBALS;

/* ---- helpers ----------------------------------------------------------- */

static int run(struct cli *c, const char *what, int brc,
               struct cboto_request *rq, struct cboto_response **resp)
{
    return cli_run(c, what, brc, rq, resp,
                   "the arguments break a SimpleDB rule (names, values and "
                   "item names are 1..1024 bytes, at most 256 attributes)");
}

static int check_domain(struct cli *c, const char *what, const char *d)
{
    if (cboto_sdb_validate_domain(d) != CBOTO_OK)
        return cli_usage(c,
                         "%s: '%s' is not a domain name (3..255 of a-z A-Z "
                         "0-9 _ - .)",
                         what, d);
    return CLI_OK;
}

static json_t *jattrs(const struct cboto_sdb_attribute *a, size_t n)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:o, s:o}", "Name",
                           cli_json_bytes(a[i].name, a[i].name_len), "Value",
                           cli_json_bytes(a[i].value, a[i].value_len)));
    return arr;
}

static void done_text(struct cli *c, const char *action, const char *domain,
                      const char *item)
{
    if (c->json) {
        json_t *o =
            json_pack("{s:s, s:s}", "Action", action, "Domain", domain);

        if (item)
            json_object_set_new(o, "Item", json_string(item));
        cli_json(o);
    } else if (!c->quiet) {
        printf("%s: %s%s%s\n", action, domain, item ? " " : "",
               item ? item : "");
    }
}

/* ---- domains ------------------------------------------------------------ */

struct domains_state {
    struct cli *c;
    json_t *names;
};

static int domains_page(struct cboto_pager *pg, struct cboto_response *resp,
                        void *ud)
{
    struct domains_state *st = ud;
    const struct cboto_sdb_domain_list *dl =
        cboto_sdb_domain_list_result(resp);
    size_t i;

    (void)pg;
    for (i = 0; dl && i < dl->n_domains; i++) {
        if (st->c->json)
            json_array_append_new(st->names, json_string(dl->domains[i]));
        else
            printf("%s\n", dl->domains[i]);
    }
    return 0;
}

static int cmd_list_domains(struct cli *c, int argc, char **argv)
{
    struct cboto_pager *pg = NULL;
    struct cboto_response *last = NULL;
    struct domains_state st = {c, NULL};
    int rc;

    (void)argv;
    if (argc != 0)
        return cli_usage(c, "list-domains: takes no arguments");
    rc = cboto_sdb_list_domains_pager(c->cl, NULL, &pg);
    if (rc)
        return cli_fail(c, "list-domains", rc, NULL);
    st.names = json_array();
    rc = cboto_exec_paginate(c->ex, pg, domains_page, &st, &last);
    cboto_pager_free(pg);
    if (rc) {
        json_decref(st.names);
        rc = cli_fail(c, "list-domains", rc, last);
        cboto_response_release(last);
        return rc;
    }
    cboto_response_release(last);
    if (c->json)
        cli_json(json_pack("{s:o}", "DomainNames", st.names));
    else
        json_decref(st.names);
    return CLI_OK;
}

static int cmd_domain(struct cli *c, int argc, char **argv, const char *what)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    struct cboto_sdb_domain_params p;
    int rc, brc;

    if (argc != 1)
        return cli_usage(c, "%s: expected one domain name", what);
    if ((rc = check_domain(c, what, argv[0])))
        return rc;
    p.domain = argv[0];
    if (strcmp(what, "create-domain") == 0)
        brc = cboto_sdb_create_domain(c->cl, &p, &rq);
    else if (strcmp(what, "delete-domain") == 0)
        brc = cboto_sdb_delete_domain(c->cl, &p, &rq);
    else
        brc = cboto_sdb_domain_metadata(c->cl, &p, &rq);
    if ((rc = run(c, what, brc, rq, &resp)))
        return rc;
    if (strcmp(what, "domain-metadata") == 0) {
        const struct cboto_sdb_domain_metadata *m =
            cboto_sdb_domain_metadata_result(resp);

        if (!m) {
            cboto_response_release(resp);
            return cli_fail(c, what, CBOTO_EPARSE, NULL);
        }
        if (c->json)
            cli_json(json_pack(
                "{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "Domain", argv[0],
                "ItemCount", (json_int_t)m->item_count, "ItemNamesSizeBytes",
                (json_int_t)m->item_names_size_bytes, "AttributeNameCount",
                (json_int_t)m->attribute_name_count, "AttributeNamesSizeBytes",
                (json_int_t)m->attribute_names_size_bytes,
                "AttributeValueCount", (json_int_t)m->attribute_value_count,
                "AttributeValuesSizeBytes",
                (json_int_t)m->attribute_values_size_bytes, "Timestamp",
                (json_int_t)m->timestamp));
        else
            printf("ItemCount:                %llu\n"
                   "ItemNamesSizeBytes:       %llu\n"
                   "AttributeNameCount:       %llu\n"
                   "AttributeNamesSizeBytes:  %llu\n"
                   "AttributeValueCount:      %llu\n"
                   "AttributeValuesSizeBytes: %llu\n"
                   "Timestamp:                %llu\n",
                   (unsigned long long)m->item_count,
                   (unsigned long long)m->item_names_size_bytes,
                   (unsigned long long)m->attribute_name_count,
                   (unsigned long long)m->attribute_names_size_bytes,
                   (unsigned long long)m->attribute_value_count,
                   (unsigned long long)m->attribute_values_size_bytes,
                   (unsigned long long)m->timestamp);
    } else {
        done_text(c, what, argv[0], NULL);
    }
    cboto_response_release(resp);
    return CLI_OK;
}

static int cmd_create_domain(struct cli *c, int argc, char **argv)
{
    return cmd_domain(c, argc, argv, "create-domain");
}

static int cmd_delete_domain(struct cli *c, int argc, char **argv)
{
    return cmd_domain(c, argc, argv, "delete-domain");
}

static int cmd_domain_metadata(struct cli *c, int argc, char **argv)
{
    return cmd_domain(c, argc, argv, "domain-metadata");
}

/* ---- put, get, delete --------------------------------------------------- */

/* The arguments of put and delete: D ITEM, pairs, and options.  Pairs are
 * split in place at their first '='. */
struct item_args {
    const char *domain;
    const char *item;
    struct cboto_sdb_attr *attrs;
    size_t n_attrs;
    struct cboto_sdb_expected expected;
    size_t n_expected;
};

static int parse_item_args(struct cli *c, const char *what, int argc,
                           char **argv, int is_put, struct item_args *ia)
{
    char **replace = NULL;
    size_t n_replace = 0, i, j;
    int k, replace_all = 0, rc = CLI_OK;

    memset(ia, 0, sizeof *ia);
    ia->attrs = calloc((size_t)argc + 1, sizeof *ia->attrs);
    replace = calloc((size_t)argc + 1, sizeof *replace);
    if (!ia->attrs || !replace) {
        free(replace);
        return cli_fail(c, what, CBOTO_ENOMEM, NULL);
    }
    for (k = 0; k < argc && rc == CLI_OK; k++) {
        char *a = argv[k], *eq;

        if (is_put && strcmp(a, "--replace") == 0) {
            int any = 0;

            while (k + 1 < argc && strncmp(argv[k + 1], "--", 2) != 0 &&
                   !strchr(argv[k + 1], '=')) {
                replace[n_replace++] = argv[++k];
                any = 1;
            }
            if (!any)
                replace_all = 1;
        } else if (strcmp(a, "--expect") == 0 ||
                   strcmp(a, "--expect-absent") == 0) {
            int absent = a[8] == '-';

            if (ia->n_expected)
                rc = cli_usage(c, "%s: give one --expect or --expect-absent",
                               what);
            else if (k + 1 >= argc)
                rc = cli_usage(c, "%s: %s needs a value", what, a);
            else if (absent) {
                ia->expected.name = argv[++k];
                ia->expected.exists = CBOTO_SDB_EXISTS_FALSE;
                ia->n_expected = 1;
            } else if (!(eq = strchr(argv[k + 1], '='))) {
                rc = cli_usage(c, "%s: --expect needs NAME=VALUE", what);
            } else {
                *eq = '\0';
                ia->expected.name = argv[++k];
                ia->expected.value = eq + 1;
                ia->expected.exists = CBOTO_SDB_EXISTS_TRUE;
                ia->n_expected = 1;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            rc = cli_usage(c, "%s: unknown option '%s'", what, a);
        } else if (!ia->domain) {
            ia->domain = a;
        } else if (!ia->item) {
            ia->item = a;
        } else if ((eq = strchr(a, '='))) {
            *eq = '\0';
            ia->attrs[ia->n_attrs].name = a;
            ia->attrs[ia->n_attrs++].value = eq + 1;
        } else if (is_put) {
            rc = cli_usage(c, "%s: '%s' is not name=value", what, a);
        } else {
            ia->attrs[ia->n_attrs++].name = a; /* every value */
        }
    }
    if (rc == CLI_OK && (!ia->domain || !ia->item))
        rc = cli_usage(c, "%s: expected a domain and an item name", what);
    if (rc == CLI_OK && is_put && ia->n_attrs == 0)
        rc = cli_usage(c, "%s: expected at least one name=value", what);
    if (rc == CLI_OK)
        rc = check_domain(c, what, ia->domain);
    for (i = 0; rc == CLI_OK && i < n_replace; i++) {
        int found = 0;

        for (j = 0; j < ia->n_attrs; j++)
            if (strcmp(ia->attrs[j].name, replace[i]) == 0) {
                ia->attrs[j].replace = 1;
                found = 1;
            }
        if (!found)
            rc = cli_usage(c, "%s: --replace %s: no such name=value given",
                           what, replace[i]);
    }
    for (j = 0; replace_all && j < ia->n_attrs; j++)
        ia->attrs[j].replace = 1;
    free(replace);
    if (rc) {
        free(ia->attrs);
        ia->attrs = NULL;
    }
    return rc;
}

static int cmd_put(struct cli *c, int argc, char **argv)
{
    struct item_args ia;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    int rc, brc;

    if ((rc = parse_item_args(c, "put", argc, argv, 1, &ia)))
        return rc;
    brc = cboto_sdb_put_attributes(
        c->cl,
        &(struct cboto_sdb_put_params){.domain = ia.domain,
                                       .item = ia.item,
                                       .attrs = ia.attrs,
                                       .n_attrs = ia.n_attrs,
                                       .expected = &ia.expected,
                                       .n_expected = ia.n_expected},
        &rq);
    free(ia.attrs);
    if ((rc = run(c, "put", brc, rq, &resp)))
        return rc;
    cboto_response_release(resp);
    done_text(c, "put", ia.domain, ia.item);
    return CLI_OK;
}

static int cmd_delete(struct cli *c, int argc, char **argv)
{
    struct item_args ia;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    int rc, brc;

    if ((rc = parse_item_args(c, "delete", argc, argv, 0, &ia)))
        return rc;
    brc = cboto_sdb_delete_attributes(
        c->cl,
        &(struct cboto_sdb_delete_params){.domain = ia.domain,
                                          .item = ia.item,
                                          .attrs = ia.attrs,
                                          .n_attrs = ia.n_attrs,
                                          .expected = &ia.expected,
                                          .n_expected = ia.n_expected},
        &rq);
    free(ia.attrs);
    if ((rc = run(c, "delete", brc, rq, &resp)))
        return rc;
    cboto_response_release(resp);
    done_text(c, "delete", ia.domain, ia.item);
    return CLI_OK;
}

static int cmd_get(struct cli *c, int argc, char **argv)
{
    const char *domain = NULL, *item = NULL;
    const char **names;
    size_t n_names = 0, i;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    const struct cboto_sdb_get_result *g;
    int k, consistent = 0, rc = CLI_OK, brc;

    names = calloc((size_t)argc + 1, sizeof *names);
    if (!names)
        return cli_fail(c, "get", CBOTO_ENOMEM, NULL);
    for (k = 0; k < argc && rc == CLI_OK; k++) {
        if (strcmp(argv[k], "--consistent") == 0)
            consistent = 1;
        else if (strncmp(argv[k], "--", 2) == 0)
            rc = cli_usage(c, "get: unknown option '%s'", argv[k]);
        else if (!domain)
            domain = argv[k];
        else if (!item)
            item = argv[k];
        else
            names[n_names++] = argv[k];
    }
    if (rc == CLI_OK && !item)
        rc = cli_usage(c, "get: expected a domain and an item name");
    if (rc == CLI_OK)
        rc = check_domain(c, "get", domain);
    if (rc) {
        free(names);
        return rc;
    }
    brc = cboto_sdb_get_attributes(
        c->cl,
        &(struct cboto_sdb_get_params){.domain = domain,
                                       .item = item,
                                       .names = n_names ? names : NULL,
                                       .n_names = n_names,
                                       .consistent_read = consistent},
        &rq);
    free(names);
    if ((rc = run(c, "get", brc, rq, &resp)))
        return rc;
    g = cboto_sdb_get_result(resp);
    if (c->json) {
        cli_json(json_pack("{s:s, s:o}", "Name", item, "Attributes",
                           g ? jattrs(g->attrs, g->n_attrs) : json_array()));
    } else {
        for (i = 0; g && i < g->n_attrs; i++) {
            fwrite(g->attrs[i].name, 1, g->attrs[i].name_len, stdout);
            putchar('=');
            fwrite(g->attrs[i].value, 1, g->attrs[i].value_len, stdout);
            putchar('\n');
        }
    }
    cboto_response_release(resp);
    return CLI_OK;
}

/* ---- batch-put ---------------------------------------------------------- */

/* One line of a batch file: "ITEM name=value name=value ...".  Fields are
 * separated by blanks; a backslash escapes the next character (\\, "\ ",
 * \=, \#), and \n, \t stand for a newline and a tab.  The first unescaped
 * '=' of a field ends its name.  Empty lines and lines starting with '#'
 * are skipped. */
struct bitem {
    char *buf; /* the unescaped fields, NUL-terminated */
    const char *name;
    struct cboto_sdb_attr *attrs;
    size_t n_attrs;
    unsigned long line;
};

static const char *parse_line(const char *line, size_t len, int replace,
                              struct bitem *it)
{
    char *o;
    size_t i = 0, cap = 8;
    int field = 0;

    memset(it, 0, sizeof *it);
    it->buf = malloc(len + 1);
    it->attrs = malloc(cap * sizeof *it->attrs);
    if (!it->buf || !it->attrs)
        return "out of memory";
    o = it->buf;
    for (;;) {
        char *start, *eq = NULL;

        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= len)
            break;
        start = o;
        while (i < len && line[i] != ' ' && line[i] != '\t') {
            char ch = line[i++];

            if (ch == '\\') {
                if (i >= len)
                    return "a backslash ends the line";
                ch = line[i++];
                if (ch == 'n')
                    ch = '\n';
                else if (ch == 't')
                    ch = '\t';
            } else if (ch == '=' && !eq && field > 0) {
                eq = o;
            }
            *o++ = ch;
        }
        *o++ = '\0';
        if (field++ == 0) {
            it->name = start;
            continue;
        }
        if (!eq)
            return "expected name=value after the item name";
        *eq = '\0';
        if (eq == start)
            return "an attribute name is empty";
        if (it->n_attrs == cap) {
            struct cboto_sdb_attr *na;

            cap *= 2;
            na = realloc(it->attrs, cap * sizeof *na);
            if (!na)
                return "out of memory";
            it->attrs = na;
        }
        it->attrs[it->n_attrs].name = start;
        it->attrs[it->n_attrs].value = eq + 1;
        it->attrs[it->n_attrs++].replace = replace;
    }
    if (!it->name || !*it->name)
        return "no item name";
    if (it->n_attrs == 0)
        return "an item needs at least one name=value";
    if (it->n_attrs > CBOTO_SDB_MAX_ATTRS)
        return "more than 256 attributes";
    return NULL;
}

static void free_items(struct bitem *items, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(items[i].buf);
        free(items[i].attrs);
    }
    free(items);
}

/* Read and check the whole file first: a malformed line sends nothing. */
static int read_batch(struct cli *c, const char *path, int replace,
                      struct bitem **out, size_t *n_out)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    struct bitem *items = NULL;
    size_t n = 0, cap = 0, lcap = 0;
    char *line = NULL;
    ssize_t len;
    unsigned long lineno = 0;
    int rc = CLI_OK;

    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", c->prog, path, strerror(errno));
        return CLI_FAIL;
    }
    while (rc == CLI_OK && (len = getline(&line, &lcap, f)) >= 0) {
        const char *why;
        size_t k = 0;

        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        while (k < (size_t)len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == (size_t)len || line[k] == '#')
            continue;
        if (n == cap) {
            struct bitem *ni;

            cap = cap ? cap * 2 : 32;
            ni = realloc(items, cap * sizeof *ni);
            if (!ni) {
                rc = cli_fail(c, "batch-put", CBOTO_ENOMEM, NULL);
                break;
            }
            items = ni;
        }
        why = parse_line(line, (size_t)len, replace, &items[n]);
        items[n].line = lineno;
        n++;
        if (why)
            rc = cli_usage(c, "batch-put: %s:%lu: %s", path, lineno, why);
    }
    if (rc == CLI_OK && ferror(f)) {
        fprintf(stderr, "%s: %s: read error\n", c->prog, path);
        rc = CLI_FAIL;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    if (rc) {
        free_items(items, n);
        return rc;
    }
    *out = items;
    *n_out = n;
    return CLI_OK;
}

static int cmd_batch_put(struct cli *c, int argc, char **argv)
{
    const char *domain = NULL, *path = NULL;
    struct bitem *items = NULL;
    struct cboto_sdb_item batch[CBOTO_SDB_MAX_BATCH_ITEMS];
    size_t n = 0, at = 0, sent = 0;
    int k, replace = 0, rc = CLI_OK;

    for (k = 0; k < argc; k++) {
        if (strcmp(argv[k], "--replace") == 0)
            replace = 1;
        else if (argv[k][0] == '-' && argv[k][1] != '\0')
            return cli_usage(c, "batch-put: unknown option '%s'", argv[k]);
        else if (!domain)
            domain = argv[k];
        else if (!path)
            path = argv[k];
        else
            return cli_usage(c, "batch-put: too many arguments");
    }
    if (!path)
        return cli_usage(c, "batch-put: expected a domain and FILE or -");
    if ((rc = check_domain(c, "batch-put", domain)))
        return rc;
    if ((rc = read_batch(c, path, replace, &items, &n)))
        return rc;
    while (rc == CLI_OK && at < n) {
        struct cboto_request *rq = NULL;
        struct cboto_response *resp;
        size_t m = 0, j;
        int brc;

        /* Up to 25 items, their names distinct within one request. */
        while (at + m < n && m < CBOTO_SDB_MAX_BATCH_ITEMS) {
            int dup = 0;

            for (j = 0; j < m; j++)
                dup |= strcmp(batch[j].name, items[at + m].name) == 0;
            if (dup)
                break;
            batch[m].name = items[at + m].name;
            batch[m].attrs = items[at + m].attrs;
            batch[m].n_attrs = items[at + m].n_attrs;
            m++;
        }
        brc = cboto_sdb_batch_put_attributes(
            c->cl,
            &(struct cboto_sdb_batch_params){
                .domain = domain, .items = batch, .n_items = m},
            &rq);
        if (brc == CBOTO_EINVAL) {
            rc = cli_usage(c,
                           "batch-put: %s: lines %lu..%lu break a SimpleDB "
                           "rule (names and values up to 1024 bytes)",
                           path, items[at].line, items[at + m - 1].line);
            break;
        }
        if ((rc = run(c, "batch-put", brc, rq, &resp)))
            break;
        cboto_response_release(resp);
        at += m;
        sent += m;
    }
    free_items(items, n);
    if (rc)
        return rc;
    if (c->json)
        cli_json(json_pack("{s:s, s:s, s:I}", "Action", "batch-put", "Domain",
                           domain, "Items", (json_int_t)sent));
    else if (!c->quiet)
        printf("batch-put: %s %zu items\n", domain, sent);
    return CLI_OK;
}

/* ---- select ------------------------------------------------------------- */

struct select_state {
    struct cli *c;
    struct cboto_response **pages; /* kept until the table is printed */
    size_t n_pages, cap;
    long max_items;
    long items;
    int stopped;
    int nomem;
};

static int select_page(struct cboto_pager *pg, struct cboto_response *resp,
                       void *ud)
{
    struct select_state *st = ud;
    const struct cboto_sdb_select_result *sr = cboto_sdb_select_result(resp);

    (void)pg;
    if (!sr)
        return 0;
    if (st->n_pages == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 8;
        struct cboto_response **np = realloc(st->pages, cap * sizeof *np);

        if (!np) {
            st->nomem = 1;
            return 1;
        }
        st->pages = np;
        st->cap = cap;
    }
    cboto_response_acquire(resp);
    st->pages[st->n_pages++] = resp;
    st->items += (long)sr->n_items;
    if (st->max_items && st->items >= st->max_items) {
        st->stopped = 1;
        return 1;
    }
    return 0;
}

/* Write a table cell (NULL out: only measure it): the values of one name,
 * joined by ", ", newlines and tabs shown as \n and \t.  Returns its width
 * in characters. */
static size_t cell(const struct cboto_sdb_item_result *it, const char *name,
                   size_t name_len, FILE *out)
{
    size_t w = 0, i, k;
    int first = 1;

    for (i = 0; i < it->n_attrs; i++) {
        const struct cboto_sdb_attribute *a = &it->attrs[i];

        if (a->name_len != name_len || memcmp(a->name, name, name_len))
            continue;
        if (!first) {
            if (out)
                fputs(", ", out);
            w += 2;
        }
        first = 0;
        for (k = 0; k < a->value_len; k++) {
            unsigned char ch = (unsigned char)a->value[k];

            if (ch == '\n' || ch == '\t') {
                if (out)
                    fputs(ch == '\n' ? "\\n" : "\\t", out);
                w += 2;
                continue;
            }
            if (out)
                fputc(ch, out);
            if ((ch & 0xC0) != 0x80)
                w++;
        }
    }
    return w;
}

static size_t text_width(const char *s, size_t n)
{
    size_t w = 0, i;

    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
}

struct column {
    const char *name;
    size_t len;
    size_t width;
};

#define EACH_ITEM(st, p, i, sr)                                               \
    for (p = 0; p < (st)->n_pages; p++)                                       \
        for (sr = cboto_sdb_select_result((st)->pages[p]), i = 0;             \
             sr && i < sr->n_items &&                                         \
             (!(st)->max_items || ++shown <= (st)->max_items);                \
             i++)

static int print_table(struct select_state *st)
{
    struct column *cols = NULL;
    size_t n_cols = 0, cap = 0, p, i, j, k, namew = 4;
    const struct cboto_sdb_select_result *sr;
    long shown = 0;
    int any = 0;

    EACH_ITEM(st, p, i, sr)
    {
        const struct cboto_sdb_item_result *it = &sr->items[i];

        any = 1;
        if (text_width(it->name, it->name_len) > namew)
            namew = text_width(it->name, it->name_len);
        for (j = 0; j < it->n_attrs; j++) {
            const struct cboto_sdb_attribute *a = &it->attrs[j];

            for (k = 0; k < n_cols; k++)
                if (cols[k].len == a->name_len &&
                    memcmp(cols[k].name, a->name, a->name_len) == 0)
                    break;
            if (k == n_cols) {
                if (n_cols == cap) {
                    struct column *nc;

                    cap = cap ? cap * 2 : 16;
                    nc = realloc(cols, cap * sizeof *nc);
                    if (!nc) {
                        free(cols);
                        return -1;
                    }
                    cols = nc;
                }
                cols[n_cols].name = a->name;
                cols[n_cols].len = a->name_len;
                cols[n_cols++].width = text_width(a->name, a->name_len);
            }
            {
                size_t w = cell(it, a->name, a->name_len, NULL);

                if (w > cols[k].width)
                    cols[k].width = w;
            }
        }
    }
    if (!any) {
        free(cols);
        return 0;
    }
    printf("%-*s", (int)namew, "Item");
    for (k = 0; k < n_cols; k++) {
        printf("  ");
        fwrite(cols[k].name, 1, cols[k].len, stdout);
        if (k + 1 < n_cols)
            printf(
                "%*s",
                (int)(cols[k].width - text_width(cols[k].name, cols[k].len)),
                "");
    }
    putchar('\n');
    shown = 0;
    EACH_ITEM(st, p, i, sr)
    {
        const struct cboto_sdb_item_result *it = &sr->items[i];

        size_t used = 0; /* the columns this row fills: no trailing blanks */

        for (k = 0; k < n_cols; k++)
            for (j = 0; j < it->n_attrs; j++)
                if (it->attrs[j].name_len == cols[k].len &&
                    memcmp(it->attrs[j].name, cols[k].name, cols[k].len) == 0)
                    used = k + 1;
        fwrite(it->name, 1, it->name_len, stdout);
        if (used)
            printf("%*s", (int)(namew - text_width(it->name, it->name_len)),
                   "");
        for (k = 0; k < used; k++) {
            size_t w;

            printf("  ");
            w = cell(it, cols[k].name, cols[k].len, stdout);
            if (k + 1 < used)
                printf("%*s", (int)(cols[k].width - w), "");
        }
        putchar('\n');
    }
    free(cols);
    return 0;
}

static int cmd_select(struct cli *c, int argc, char **argv)
{
    const char *expr = NULL;
    struct cboto_pager *pg = NULL;
    struct cboto_response *last = NULL;
    struct select_state st;
    int k, consistent = 0, rc;

    memset(&st, 0, sizeof st);
    st.c = c;
    for (k = 0; k < argc; k++) {
        if (strcmp(argv[k], "--consistent") == 0) {
            consistent = 1;
        } else if (strcmp(argv[k], "--max-items") == 0) {
            if (k + 1 >= argc ||
                cli_parse_long(argv[k + 1], 1, 1000000000L, &st.max_items))
                return cli_usage(c, "select: --max-items needs a number "
                                    "from 1");
            k++;
        } else if (strncmp(argv[k], "--", 2) == 0) {
            return cli_usage(c, "select: unknown option '%s'", argv[k]);
        } else if (!expr) {
            expr = argv[k];
        } else {
            return cli_usage(c, "select: too many arguments (quote the "
                                "expression)");
        }
    }
    if (!expr || !*expr)
        return cli_usage(c, "select: expected an expression");
    rc = cboto_sdb_select_pager(
        c->cl,
        &(struct cboto_sdb_select_params){.expression = expr,
                                          .consistent_read = consistent},
        &pg);
    if (rc == CBOTO_EINVAL)
        return cli_usage(c, "select: the expression is too long");
    if (rc)
        return cli_fail(c, "select", rc, NULL);
    rc = cboto_exec_paginate(c->ex, pg, select_page, &st, &last);
    cboto_pager_free(pg);
    if (rc == CBOTO_EABORTED && st.stopped)
        rc = CBOTO_OK;
    if (rc == CBOTO_EABORTED && st.nomem)
        rc = CBOTO_ENOMEM;
    if (rc) {
        rc = cli_fail(c, "select", rc, last);
    } else if (c->json) {
        json_t *items = json_array();
        const struct cboto_sdb_select_result *sr;
        size_t p, i;
        long shown = 0;

        EACH_ITEM(&st, p, i, sr)
        {
            const struct cboto_sdb_item_result *it = &sr->items[i];

            json_array_append_new(
                items,
                json_pack("{s:o, s:o}", "Name",
                          cli_json_bytes(it->name, it->name_len), "Attributes",
                          jattrs(it->attrs, it->n_attrs)));
        }
        cli_json(json_pack("{s:o}", "Items", items));
    } else if (print_table(&st) != 0) {
        rc = cli_fail(c, "select", CBOTO_ENOMEM, NULL);
    }
    cboto_response_release(last);
    for (k = 0; (size_t)k < st.n_pages; k++)
        cboto_response_release(st.pages[k]);
    free(st.pages);
    return rc;
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct cli_command s_commands[] = {
    {"list-domains", cmd_list_domains,
     "usage: cboto-sdb list-domains\n"
     "List every domain (walking NextToken pages), one a line.\n"
     "JSON: {\"DomainNames\": [...]}.\n",
     0},
    {"create-domain", cmd_create_domain,
     "usage: cboto-sdb create-domain D\n"
     "Create domain D (3..255 of a-z A-Z 0-9 _ - .).  Creating an existing\n"
     "domain succeeds.\n",
     0},
    {"delete-domain", cmd_delete_domain,
     "usage: cboto-sdb delete-domain D\n"
     "Delete domain D and every item in it.\n",
     0},
    {"domain-metadata", cmd_domain_metadata,
     "usage: cboto-sdb domain-metadata D\n"
     "Show the item and attribute counts and sizes of domain D.\n",
     0},
    {"put", cmd_put,
     "usage: cboto-sdb put D ITEM name=value... [--replace [NAME...]]\n"
     "                     [--expect NAME=VALUE | --expect-absent NAME]\n"
     "Add the attribute values to ITEM of domain D (a name may be given\n"
     "several times: values are sets).  The first '=' ends the name.\n"
     "  --replace NAME...      replace the values these names have\n"
     "                         (--replace alone: every name given)\n"
     "  --expect NAME=VALUE    only if NAME has VALUE (else exit 1,\n"
     "                         ConditionalCheckFailed)\n"
     "  --expect-absent NAME   only if the item has no NAME\n",
     0},
    {"get", cmd_get,
     "usage: cboto-sdb get D ITEM [NAME...] [--consistent]\n"
     "Show the attributes of ITEM (only the NAMEs given, if any), one\n"
     "name=value a line; nothing when the item does not exist.\n"
     "  --consistent   a consistent read\n"
     "JSON: {\"Name\": ITEM, \"Attributes\": [{\"Name\", \"Value\"}...]}.\n",
     0},
    {"delete", cmd_delete,
     "usage: cboto-sdb delete D ITEM [NAME[=VALUE]...]\n"
     "               [--expect NAME=VALUE | --expect-absent NAME]\n"
     "Delete ITEM; with NAMEs only those attributes; NAME=VALUE only that\n"
     "value.\n",
     0},
    {"batch-put", cmd_batch_put,
     "usage: cboto-sdb batch-put D FILE|- [--replace]\n"
     "Put the items of FILE (- for standard input) into domain D, 25 items\n"
     "a request.  One item a line:\n"
     "    ITEM name=value name=value ...\n"
     "Fields are separated by blanks.  A backslash escapes the next\n"
     "character (\\\\, '\\ ' for a space, \\= for an '=' in a name, \\#);\n"
     "\\n and \\t are a newline and a tab.  The first unescaped '=' of a\n"
     "field ends the name.  Empty lines and lines starting with # are\n"
     "skipped.  The whole file is checked before anything is sent.\n"
     "  --replace   replace the values the names have\n",
     0},
    {"select", cmd_select,
     "usage: cboto-sdb select 'EXPRESSION' [--consistent] [--max-items N]\n"
     "Run a select expression, following NextToken over every page.\n"
     "Text: a table, one item a row, one attribute name a column (several\n"
     "values joined by ', ').  JSON: {\"Items\": [{\"Name\", \"Attributes\":\n"
     "[{\"Name\", \"Value\"}...]}...]}.\n"
     "  --consistent    a consistent read\n"
     "  --max-items N   stop after N items\n",
     0},
};

int main(int argc, char **argv)
{
    return cli_main("cboto-sdb", s_usage, s_commands,
                    sizeof s_commands / sizeof s_commands[0], argc, argv);
}
