/* SPDX-License-Identifier: MIT */
/*
 * cboto-sqs: Amazon SQS at the shell.
 * Commands: create, list, url, delete-queue, purge, attrs, send, receive,
 * delete.  See --help and cboto-sqs(1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char s_usage[] =
    "usage: cboto-sqs [GLOBAL OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  create NAME [--attr K=V...] [--fifo]   create a queue, print its URL\n"
    "  list [PREFIX]                          list queue URLs\n"
    "  url NAME                               print a queue's URL\n"
    "  delete-queue NAME|URL                  delete a queue\n"
    "  purge NAME|URL                         delete every message\n"
    "  attrs NAME|URL [K=V...]                show, or set, queue attributes\n"
    "  send NAME|URL BODY|- [--delay S] [--attr NAME=Type:VALUE...]\n"
    "       [--group-id G] [--dedup-id D]     send a message\n"
    "  receive NAME|URL [--max N] [--wait S] [--visibility S] [--delete]\n"
    "                                         receive messages\n"
    "  delete NAME|URL RECEIPT_HANDLE         delete a received message\n"
    "\n"
    "A queue is given by NAME or by URL (http:// or https://); a name is\n"
    "resolved with GetQueueUrl.  'cboto-sqs COMMAND --help' describes a\n"
    "command.\n"
    "\n" CLI_USAGE_GLOBALS;

/* ---- helpers ----------------------------------------------------------- */

static int run(struct cli *c, const char *what, int brc,
               struct cboto_request *rq, struct cboto_response **resp)
{
    return cli_run(c, what, brc, rq, resp,
                   "the arguments break an SQS rule (see the command's "
                   "--help)");
}

static int is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* NAME or URL to a URL (malloc'd): a name is resolved with GetQueueUrl. */
static int resolve(struct cli *c, const char *what, const char *q, char **url)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    const struct cboto_sqs_queue_url_result *r;
    int rc, brc;

    *url = NULL;
    if (is_url(q)) {
        *url = strdup(q);
        return *url ? CLI_OK : cli_fail(c, what, CBOTO_ENOMEM, NULL);
    }
    brc = cboto_sqs_get_queue_url(
        c->cl, &(struct cboto_sqs_get_queue_url_params){.queue_name = q}, &rq);
    if (brc == CBOTO_EINVAL)
        return cli_usage(c, "%s: '%s' is neither a queue name nor a URL", what,
                         q);
    if ((rc = run(c, what, brc, rq, &resp)))
        return rc;
    r = cboto_sqs_queue_url_result(resp);
    if (r && r->queue_url)
        *url = strdup(r->queue_url);
    cboto_response_release(resp);
    if (!*url)
        return cli_fail(c, what, r ? CBOTO_ENOMEM : CBOTO_EPARSE, NULL);
    return CLI_OK;
}

static const char s_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *b64_encode(const uint8_t *p, size_t n)
{
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i + 2 < n; i += 3) {
        *o++ = s_b64[p[i] >> 2];
        *o++ = s_b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
        *o++ = s_b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
        *o++ = s_b64[p[i + 2] & 63];
    }
    if (i < n) {
        *o++ = s_b64[p[i] >> 2];
        if (i + 1 < n) {
            *o++ = s_b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
            *o++ = s_b64[(p[i + 1] & 15) << 2];
        } else {
            *o++ = s_b64[(p[i] & 3) << 4];
            *o++ = '=';
        }
        *o++ = '=';
    }
    *o = '\0';
    return out;
}

/* Decode base64 (padding optional); returns a malloc'd buffer or NULL. */
static uint8_t *b64_decode(const char *s, size_t *len)
{
    size_t n = strlen(s), i, o = 0;
    uint8_t *out;
    unsigned acc = 0;
    int bits = 0;

    while (n > 0 && s[n - 1] == '=')
        n--;
    out = malloc(n * 3 / 4 + 1);
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        const char *p = strchr(s_b64, s[i]);

        if (!p || !s[i]) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(p - s_b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    *len = o;
    return out;
}

static void action_done(struct cli *c, const char *action, const char *url)
{
    if (c->json)
        cli_json(json_pack("{s:s, s:s}", "Action", action, "QueueUrl", url));
    else if (!c->quiet)
        printf("%s: %s\n", action, url);
}

/* Split K=V arguments in place into attributes. */
static int split_pairs(struct cli *c, const char *what, char **args, int n,
                       struct cboto_sqs_attribute *out)
{
    int k;

    for (k = 0; k < n; k++) {
        char *eq = strchr(args[k], '=');

        if (!eq || eq == args[k])
            return cli_usage(c, "%s: '%s' is not K=V", what, args[k]);
        *eq = '\0';
        out[k].name = args[k];
        out[k].value = eq + 1;
    }
    return CLI_OK;
}

/* ---- queues ----------------------------------------------------------- */

static int cmd_create(struct cli *c, int argc, char **argv)
{
    struct cboto_sqs_attribute *attrs;
    const struct cboto_sqs_queue_url_result *r;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    const char *name = NULL;
    char *fifo_name = NULL;
    size_t n = 0;
    int k, fifo = 0, rc = CLI_OK, brc;

    attrs = calloc((size_t)argc + 2, sizeof *attrs);
    if (!attrs)
        return cli_fail(c, "create", CBOTO_ENOMEM, NULL);
    for (k = 0; k < argc && rc == CLI_OK; k++) {
        if (strcmp(argv[k], "--fifo") == 0) {
            fifo = 1;
        } else if (strcmp(argv[k], "--attr") == 0) {
            int any = 0;

            while (rc == CLI_OK && k + 1 < argc &&
                   strncmp(argv[k + 1], "--", 2) != 0 &&
                   (any == 0 || strchr(argv[k + 1], '='))) {
                rc = split_pairs(c, "create", &argv[++k], 1, &attrs[n++]);
                any = 1;
            }
            if (!any && rc == CLI_OK)
                rc = cli_usage(c, "create: --attr needs K=V");
        } else if (strncmp(argv[k], "--", 2) == 0) {
            rc = cli_usage(c, "create: unknown option '%s'", argv[k]);
        } else if (!name) {
            name = argv[k];
        } else {
            rc = cli_usage(c, "create: too many arguments");
        }
    }
    if (rc == CLI_OK && !name)
        rc = cli_usage(c, "create: expected a queue name");
    if (rc == CLI_OK && fifo) {
        size_t len = strlen(name);

        attrs[n].name = "FifoQueue";
        attrs[n++].value = "true";
        if (len < 5 || strcmp(name + len - 5, ".fifo") != 0) {
            fifo_name = malloc(len + 6);
            if (!fifo_name)
                rc = cli_fail(c, "create", CBOTO_ENOMEM, NULL);
            else {
                memcpy(fifo_name, name, len);
                memcpy(fifo_name + len, ".fifo", 6);
                name = fifo_name;
            }
        }
    }
    if (rc) {
        free(attrs);
        return rc;
    }
    brc = cboto_sqs_create_queue(
        c->cl,
        &(struct cboto_sqs_create_queue_params){
            .queue_name = name, .attributes = attrs, .n_attributes = n},
        &rq);
    free(attrs);
    free(fifo_name);
    if ((rc = run(c, "create", brc, rq, &resp)))
        return rc;
    r = cboto_sqs_queue_url_result(resp);
    if (c->json)
        cli_json(json_pack("{s:s}", "QueueUrl",
                           r && r->queue_url ? r->queue_url : ""));
    else
        printf("%s\n", r && r->queue_url ? r->queue_url : "");
    cboto_response_release(resp);
    return CLI_OK;
}

struct list_state {
    struct cli *c;
    json_t *urls;
};

static int list_page(struct cboto_pager *pg, struct cboto_response *resp,
                     void *ud)
{
    struct list_state *st = ud;
    const struct cboto_sqs_queue_list *ql = cboto_sqs_queue_list_result(resp);
    size_t i;

    (void)pg;
    for (i = 0; ql && i < ql->n_queue_urls; i++) {
        if (st->c->json)
            json_array_append_new(st->urls, json_string(ql->queue_urls[i]));
        else
            printf("%s\n", ql->queue_urls[i]);
    }
    return 0;
}

static int cmd_list(struct cli *c, int argc, char **argv)
{
    struct cboto_pager *pg = NULL;
    struct cboto_response *last = NULL;
    struct list_state st = {c, NULL};
    int rc;

    if (argc > 1 || (argc == 1 && argv[0][0] == '-'))
        return cli_usage(c, "list: expected at most a PREFIX");
    rc = cboto_sqs_list_queues_pager(c->cl,
                                     &(struct cboto_sqs_list_queues_params){
                                         .prefix = argc ? argv[0] : NULL},
                                     &pg);
    if (rc == CBOTO_EINVAL)
        return cli_usage(c, "list: bad prefix");
    if (rc)
        return cli_fail(c, "list", rc, NULL);
    st.urls = json_array();
    rc = cboto_exec_paginate(c->ex, pg, list_page, &st, &last);
    cboto_pager_free(pg);
    if (rc) {
        json_decref(st.urls);
        rc = cli_fail(c, "list", rc, last);
        cboto_response_release(last);
        return rc;
    }
    cboto_response_release(last);
    if (c->json)
        cli_json(json_pack("{s:o}", "QueueUrls", st.urls));
    else
        json_decref(st.urls);
    return CLI_OK;
}

static int cmd_url(struct cli *c, int argc, char **argv)
{
    char *url;
    int rc;

    if (argc != 1 || argv[0][0] == '-')
        return cli_usage(c, "url: expected one queue name");
    if ((rc = resolve(c, "url", argv[0], &url)))
        return rc;
    if (c->json)
        cli_json(json_pack("{s:s}", "QueueUrl", url));
    else
        printf("%s\n", url);
    free(url);
    return CLI_OK;
}

static int queue_only(struct cli *c, int argc, char **argv, const char *what)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    char *url;
    int rc, brc;

    if (argc != 1 || argv[0][0] == '-')
        return cli_usage(c, "%s: expected one queue NAME or URL", what);
    if ((rc = resolve(c, what, argv[0], &url)))
        return rc;
    if (strcmp(what, "purge") == 0)
        brc = cboto_sqs_purge_queue(
            c->cl, &(struct cboto_sqs_queue_params){.queue_url = url}, &rq);
    else
        brc = cboto_sqs_delete_queue(
            c->cl, &(struct cboto_sqs_queue_params){.queue_url = url}, &rq);
    rc = run(c, what, brc, rq, &resp);
    if (rc == CLI_OK) {
        cboto_response_release(resp);
        action_done(c, what, url);
    }
    free(url);
    return rc;
}

static int cmd_delete_queue(struct cli *c, int argc, char **argv)
{
    return queue_only(c, argc, argv, "delete-queue");
}

static int cmd_purge(struct cli *c, int argc, char **argv)
{
    return queue_only(c, argc, argv, "purge");
}

static int cmd_attrs(struct cli *c, int argc, char **argv)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    struct cboto_sqs_attribute *pairs = NULL;
    const struct cboto_sqs_attribute_list *al;
    const char **names = NULL;
    size_t n_names = 0, i;
    int k, n_pairs = 0, rc, brc;
    char *url;

    if (argc < 1 || argv[0][0] == '-')
        return cli_usage(c, "attrs: expected a queue NAME or URL");
    for (k = 1; k < argc; k++) {
        if (argv[k][0] == '-')
            return cli_usage(c, "attrs: unknown option '%s'", argv[k]);
        if (strchr(argv[k], '='))
            n_pairs++;
    }
    if (n_pairs && n_pairs != argc - 1)
        return cli_usage(c, "attrs: give names to read or K=V pairs to "
                            "set, not both");
    pairs = calloc((size_t)argc, sizeof *pairs);
    names = calloc((size_t)argc, sizeof *names);
    if (!pairs || !names) {
        free(pairs);
        free(names);
        return cli_fail(c, "attrs", CBOTO_ENOMEM, NULL);
    }
    if (n_pairs)
        rc = split_pairs(c, "attrs", argv + 1, n_pairs, pairs);
    else {
        for (k = 1; k < argc; k++)
            names[n_names++] = argv[k];
        rc = CLI_OK;
    }
    if (rc == CLI_OK)
        rc = resolve(c, "attrs", argv[0], &url);
    if (rc) {
        free(pairs);
        free(names);
        return rc;
    }
    if (n_pairs)
        brc = cboto_sqs_set_queue_attributes(
            c->cl,
            &(struct cboto_sqs_set_attributes_params){.queue_url = url,
                                                      .attributes = pairs,
                                                      .n_attributes =
                                                          (size_t)n_pairs},
            &rq);
    else
        brc = cboto_sqs_get_queue_attributes(
            c->cl,
            &(struct cboto_sqs_get_attributes_params){.queue_url = url,
                                                      .names = n_names ? names
                                                                       : NULL,
                                                      .n_names = n_names},
            &rq);
    rc = run(c, "attrs", brc, rq, &resp);
    if (rc == CLI_OK && n_pairs) {
        if (c->json) {
            json_t *o = json_object();

            for (k = 0; k < n_pairs; k++)
                json_object_set_new(o, pairs[k].name,
                                    json_string(pairs[k].value));
            cli_json(json_pack("{s:s, s:s, s:o}", "Action", "set-attributes",
                               "QueueUrl", url, "Attributes", o));
        } else if (!c->quiet) {
            for (k = 0; k < n_pairs; k++)
                printf("set: %s=%s\n", pairs[k].name, pairs[k].value);
        }
        cboto_response_release(resp);
    } else if (rc == CLI_OK) {
        json_t *o = json_object();

        al = cboto_sqs_attribute_list_result(resp);
        for (i = 0; al && i < al->n_attributes; i++) {
            if (c->json)
                json_object_set_new(o, al->attributes[i].name,
                                    json_string(al->attributes[i].value));
            else
                printf("%s=%s\n", al->attributes[i].name,
                       al->attributes[i].value);
        }
        if (c->json)
            cli_json(
                json_pack("{s:s, s:o}", "QueueUrl", url, "Attributes", o));
        else
            json_decref(o);
        cboto_response_release(resp);
    }
    free(url);
    free(pairs);
    free(names);
    return rc;
}

/* ---- messages --------------------------------------------------------- */

static char *read_stdin(size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);

    if (!buf)
        return NULL;
    for (;;) {
        ssize_t r;

        if (n == cap) {
            char *nb;

            if (cap > CBOTO_SQS_MAX_MESSAGE_BYTES)
                break; /* too long: the builder refuses it */
            cap *= 2;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
        r = read(0, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* NAME=Type:VALUE, split in place; a Binary value is given in base64. */
static int parse_mattr(struct cli *c, char *arg,
                       struct cboto_sqs_message_attribute *a, uint8_t **bin)
{
    char *eq = strchr(arg, '='), *colon;

    *bin = NULL;
    if (!eq || eq == arg || !(colon = strchr(eq + 1, ':')))
        return cli_usage(c, "send: --attr needs NAME=Type:VALUE, not '%s'",
                         arg);
    *eq = '\0';
    *colon = '\0';
    a->name = arg;
    a->data_type = eq + 1;
    if (strncmp(a->data_type, "Binary", 6) == 0) {
        size_t len = 0;

        *bin = b64_decode(colon + 1, &len);
        if (!*bin)
            return cli_usage(c,
                             "send: --attr %s: a Binary value is "
                             "base64",
                             arg);
        a->binary_value.ptr = *bin;
        a->binary_value.len = len;
    } else {
        a->string_value = colon + 1;
    }
    return CLI_OK;
}

static int cmd_send(struct cli *c, int argc, char **argv)
{
    struct cboto_sqs_message_attribute attrs[CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES];
    uint8_t *bins[CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES];
    struct cboto_sqs_send_params p;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_sqs_sent *s;
    const char *queue = NULL, *body = NULL;
    char *stdin_body = NULL, *url = NULL;
    size_t n = 0, i, body_len = 0;
    long v = 0;
    int k, rc = CLI_OK;

    memset(&p, 0, sizeof p);
    memset(attrs, 0, sizeof attrs);
    for (k = 0; k < argc && rc == CLI_OK; k++) {
        const char *a = argv[k];

        if (strcmp(a, "--attr") == 0) {
            int any = 0;

            while (rc == CLI_OK && k + 1 < argc &&
                   strncmp(argv[k + 1], "--", 2) != 0 &&
                   (any == 0 || strchr(argv[k + 1], '='))) {
                if (n == CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES) {
                    rc = cli_usage(c, "send: at most 10 --attr");
                    break;
                }
                rc = parse_mattr(c, argv[++k], &attrs[n], &bins[n]);
                n++;
                any = 1;
            }
            if (!any && rc == CLI_OK)
                rc = cli_usage(c, "send: --attr needs NAME=Type:VALUE");
        } else if (strcmp(a, "--delay") == 0 || strcmp(a, "--group-id") == 0 ||
                   strcmp(a, "--dedup-id") == 0) {
            if (k + 1 >= argc) {
                rc = cli_usage(c, "send: %s needs a value", a);
            } else if (a[2] == 'd' && a[3] == 'e' && a[4] == 'l') {
                if (cli_parse_long(argv[++k], 0, CBOTO_SQS_MAX_DELAY_SECONDS,
                                   &v))
                    rc = cli_usage(c, "send: --delay takes 0..900 seconds");
                p.delay_seconds = (int)v;
                p.delay_set = 1;
            } else if (a[2] == 'g') {
                p.message_group_id = argv[++k];
            } else {
                p.message_deduplication_id = argv[++k];
            }
        } else if (a[0] == '-' && a[1] == '-') {
            rc = cli_usage(c, "send: unknown option '%s'", a);
        } else if (!queue) {
            queue = a;
        } else if (!body) {
            body = a;
        } else {
            rc = cli_usage(c, "send: too many arguments (quote the body)");
        }
    }
    if (rc == CLI_OK && !body)
        rc = cli_usage(c, "send: expected a queue and a BODY (or -)");
    if (rc == CLI_OK && strcmp(body, "-") == 0) {
        stdin_body = read_stdin(&body_len);
        if (!stdin_body) {
            fprintf(stderr, "%s: send: cannot read standard input\n", c->prog);
            rc = CLI_FAIL;
        } else if (body_len == 0) {
            rc = cli_usage(c, "send: the body is empty");
        }
        body = stdin_body;
    } else if (rc == CLI_OK) {
        body_len = strlen(body);
        if (body_len == 0)
            rc = cli_usage(c, "send: the body is empty");
    }
    if (rc == CLI_OK)
        rc = resolve(c, "send", queue, &url);
    if (rc == CLI_OK) {
        p.queue_url = url;
        p.body = body;
        p.body_len = body_len;
        p.attributes = n ? attrs : NULL;
        p.n_attributes = n;
        rc = cboto_sqs_send_message(c->cl, &p, &rq);
        if (rc == CBOTO_EINVAL)
            rc = cli_usage(c, "send: the message breaks an SQS rule (body "
                              "up to 256 KiB of valid text, FIFO queues need "
                              "--group-id and take no --delay)");
        else if (rc)
            rc = cli_fail(c, "send", rc, NULL);
        else {
            rc = cboto_exec_perform(c->ex, rq, &resp);
            if (rc == CBOTO_OK)
                rc = cboto_sqs_send_check(rq, resp);
            cboto_request_release(rq);
            if (rc)
                rc = cli_fail(c, "send", rc, resp);
        }
    }
    if (rc == CLI_OK) {
        s = cboto_sqs_send_result(resp);
        if (c->json) {
            json_t *o = json_pack(
                "{s:s, s:s}", "MessageId",
                s && s->message_id ? s->message_id : "", "MD5OfMessageBody",
                s && s->md5_of_message_body ? s->md5_of_message_body : "");

            if (s && s->md5_of_message_attributes)
                json_object_set_new(o, "MD5OfMessageAttributes",
                                    json_string(s->md5_of_message_attributes));
            if (s && s->sequence_number)
                json_object_set_new(o, "SequenceNumber",
                                    json_string(s->sequence_number));
            cli_json(o);
        } else if (!c->quiet) {
            printf("%s\n", s && s->message_id ? s->message_id : "");
        }
    }
    cboto_response_release(resp);
    for (i = 0; i < n; i++)
        free(bins[i]);
    free(stdin_body);
    free(url);
    return rc;
}

static json_t *message_json(const struct cboto_sqs_message *m)
{
    json_t *sys = json_object(), *mat = json_object();
    size_t i;

    for (i = 0; i < m->n_attributes; i++)
        json_object_set_new(sys, m->attributes[i].name,
                            json_string(m->attributes[i].value));
    for (i = 0; i < m->n_message_attributes; i++) {
        const struct cboto_sqs_message_attribute *a =
            &m->message_attributes[i];
        json_t *o = json_pack("{s:s}", "DataType", a->data_type);

        if (a->string_value) {
            json_object_set_new(o, "StringValue",
                                json_string(a->string_value));
        } else {
            char *b = b64_encode(a->binary_value.ptr, a->binary_value.len);

            json_object_set_new(o, "BinaryValue", json_string(b ? b : ""));
            free(b);
        }
        json_object_set_new(mat, a->name, o);
    }
    return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o}", "MessageId",
                     m->message_id ? m->message_id : "", "ReceiptHandle",
                     m->receipt_handle ? m->receipt_handle : "", "Body",
                     cli_json_bytes(m->body, m->body_len), "MD5OfBody",
                     m->md5_of_body ? m->md5_of_body : "", "Attributes", sys,
                     "MessageAttributes", mat);
}

static int delete_message(struct cli *c, const char *url, const char *handle)
{
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    int rc, brc;

    brc = cboto_sqs_delete_message(
        c->cl,
        &(struct cboto_sqs_handle_params){.queue_url = url,
                                          .receipt_handle = handle},
        &rq);
    if ((rc = run(c, "delete", brc, rq, &resp)))
        return rc;
    cboto_response_release(resp);
    return CLI_OK;
}

static int cmd_receive(struct cli *c, int argc, char **argv)
{
    static const char *const all[] = {"All"};
    struct cboto_sqs_receive_params p;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp;
    const struct cboto_sqs_receive_result *r;
    const char *queue = NULL;
    char *url;
    size_t i;
    long v = 0;
    int k, del = 0, rc = CLI_OK, brc;

    memset(&p, 0, sizeof p);
    for (k = 0; k < argc; k++) {
        const char *a = argv[k];

        if (strcmp(a, "--delete") == 0) {
            del = 1;
        } else if (strcmp(a, "--max") == 0 || strcmp(a, "--wait") == 0 ||
                   strcmp(a, "--visibility") == 0) {
            long max = a[2] == 'm'   ? 10
                       : a[2] == 'w' ? CBOTO_SQS_MAX_WAIT_SECONDS
                                     : CBOTO_SQS_MAX_VISIBILITY_SECONDS;

            if (k + 1 >= argc ||
                cli_parse_long(argv[k + 1], a[2] == 'm', max, &v))
                return cli_usage(c, "receive: %s takes %d..%ld", a,
                                 a[2] == 'm', max);
            k++;
            if (a[2] == 'm') {
                p.max_number_of_messages = (int)v;
            } else if (a[2] == 'w') {
                p.wait_time_seconds = (int)v;
                p.wait_set = 1;
            } else {
                p.visibility_timeout = (int)v;
                p.visibility_set = 1;
            }
        } else if (a[0] == '-' && a[1] == '-') {
            return cli_usage(c, "receive: unknown option '%s'", a);
        } else if (!queue) {
            queue = a;
        } else {
            return cli_usage(c, "receive: too many arguments");
        }
    }
    if (!queue)
        return cli_usage(c, "receive: expected a queue NAME or URL");
    if ((rc = resolve(c, "receive", queue, &url)))
        return rc;
    p.queue_url = url;
    p.attribute_names = all;
    p.n_attribute_names = 1;
    p.message_attribute_names = all;
    p.n_message_attribute_names = 1;
    brc = cboto_sqs_receive_message(c->cl, &p, &rq);
    if ((rc = run(c, "receive", brc, rq, &resp))) {
        free(url);
        return rc;
    }
    r = cboto_sqs_receive_result(resp);
    if (c->json) {
        json_t *arr = json_array();

        for (i = 0; r && i < r->n_messages; i++)
            json_array_append_new(arr, message_json(&r->messages[i]));
        cli_json(json_pack("{s:o}", "Messages", arr));
    } else {
        for (i = 0; r && i < r->n_messages; i++) {
            fwrite(r->messages[i].body, 1, r->messages[i].body_len, stdout);
            putchar('\n');
        }
    }
    fflush(stdout);
    for (i = 0; del && r && i < r->n_messages && rc == CLI_OK; i++)
        rc = delete_message(c, url, r->messages[i].receipt_handle);
    cboto_response_release(resp);
    free(url);
    return rc;
}

static int cmd_delete(struct cli *c, int argc, char **argv)
{
    char *url;
    int rc;

    if (argc != 2 || argv[0][0] == '-')
        return cli_usage(c, "delete: expected a queue NAME or URL and a "
                            "RECEIPT_HANDLE");
    if ((rc = resolve(c, "delete", argv[0], &url)))
        return rc;
    rc = delete_message(c, url, argv[1]);
    if (rc == CLI_OK)
        action_done(c, "delete", url);
    free(url);
    return rc;
}

/* ---- dispatch --------------------------------------------------------- */

static const struct cli_command s_commands[] = {
    {"create", cmd_create,
     "usage: cboto-sqs create NAME [--attr K=V...] [--fifo]\n"
     "Create a queue and print its URL (creating an existing queue with the\n"
     "same attributes succeeds).\n"
     "  --attr K=V...  queue attributes (VisibilityTimeout=60,\n"
     "                 DelaySeconds=5, MessageRetentionPeriod=...)\n"
     "  --fifo         a FIFO queue (FifoQueue=true; \".fifo\" is added to\n"
     "                 NAME when missing)\n",
     0},
    {"list", cmd_list,
     "usage: cboto-sqs list [PREFIX]\n"
     "List the URLs of the queues (whose names start with PREFIX), one a\n"
     "line.  JSON: {\"QueueUrls\": [...]}.\n",
     0},
    {"url", cmd_url,
     "usage: cboto-sqs url NAME\n"
     "Print the URL of queue NAME (GetQueueUrl).\n",
     0},
    {"delete-queue", cmd_delete_queue,
     "usage: cboto-sqs delete-queue NAME|URL\n"
     "Delete a queue and its messages.\n",
     0},
    {"purge", cmd_purge,
     "usage: cboto-sqs purge NAME|URL\n"
     "Delete every message of a queue.\n",
     0},
    {"attrs", cmd_attrs,
     "usage: cboto-sqs attrs NAME|URL [NAME...] | [K=V...]\n"
     "Without arguments show every attribute of the queue, one K=V a line\n"
     "(with attribute names only those); with K=V pairs set them.\n"
     "JSON: {\"QueueUrl\", \"Attributes\": {K: V...}}.\n",
     0},
    {"send", cmd_send,
     "usage: cboto-sqs send NAME|URL BODY|- [--delay S]\n"
     "                 [--attr NAME=Type:VALUE...] [--group-id G] "
     "[--dedup-id D]\n"
     "Send a message; - reads the body from standard input, byte for byte.\n"
     "Prints the message id.  The MD5 digests the service returns are\n"
     "checked.\n"
     "  --delay S                 deliver after S seconds (0..900)\n"
     "  --attr NAME=Type:VALUE    a message attribute; Type is String,\n"
     "                            Number or Binary (VALUE in base64),\n"
     "                            optionally with .label; up to 10\n"
     "  --group-id G              MessageGroupId (FIFO queues)\n"
     "  --dedup-id D              MessageDeduplicationId (FIFO queues)\n",
     0},
    {"receive", cmd_receive,
     "usage: cboto-sqs receive NAME|URL [--max N] [--wait S] "
     "[--visibility S]\n"
     "                 [--delete]\n"
     "Receive messages.  Text: each body followed by a newline.  JSON:\n"
     "{\"Messages\": [{\"MessageId\", \"ReceiptHandle\", \"Body\", "
     "\"MD5OfBody\",\n"
     "\"Attributes\", \"MessageAttributes\"}...]}.\n"
     "  --max N          up to N messages (1..10; default 1)\n"
     "  --wait S         long-poll up to S seconds (0..20)\n"
     "  --visibility S   hide them from other receivers S seconds\n"
     "  --delete         delete them once printed\n",
     0},
    {"delete", cmd_delete,
     "usage: cboto-sqs delete NAME|URL RECEIPT_HANDLE\n"
     "Delete a received message.\n",
     0},
};

int main(int argc, char **argv)
{
    return cli_main("cboto-sqs", s_usage, s_commands,
                    sizeof s_commands / sizeof s_commands[0], argc, argv);
}
