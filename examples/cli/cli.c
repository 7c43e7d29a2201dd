/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"

static void on_debug(const char *text, void *ud)
{
    (void)ud;
    /* The library redacts signatures, secrets and tokens already. */
    fputs(text, stderr);
}

int cli_usage(struct cli *c, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", c->prog);
    return CLI_USAGE;
}

static int need_arg(struct cli *c, int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        cli_usage(c, "option %s needs a value", argv[i]);
        return 0;
    }
    return 1;
}

int cli_globals(struct cli *c, int argc, char **argv, const char *usage)
{
    int i;

    c->progress = isatty(2);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (a[0] != '-' || strcmp(a, "-") == 0)
            return i;
        if (strcmp(a, "--") == 0)
            return i + 1 < argc ? i + 1 : -2;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (strcmp(a, "--version") == 0) {
            printf("%s (cboto) %s\n", c->prog, cboto_version());
            return -1;
        }
        if (strcmp(a, "--debug") == 0) {
            c->debug = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            c->quiet = 1;
            c->progress = 0;
        } else if (strcmp(a, "--no-progress") == 0) {
            c->progress = 0;
        } else if (strcmp(a, "--output") == 0) {
            if (!need_arg(c, argc, argv, i))
                return -2;
            a = argv[++i];
            if (strcmp(a, "json") == 0)
                c->json = 1;
            else if (strcmp(a, "text") == 0)
                c->json = 0;
            else {
                cli_usage(c, "--output must be text or json, not '%s'", a);
                return -2;
            }
        } else if (strcmp(a, "--endpoint-url") == 0 ||
                   strcmp(a, "--region") == 0 || strcmp(a, "--profile") == 0 ||
                   strcmp(a, "--ca-bundle") == 0) {
            const char **slot = strcmp(a, "--endpoint-url") == 0 ? &c->endpoint
                                : strcmp(a, "--region") == 0     ? &c->region
                                : strcmp(a, "--profile") == 0    ? &c->profile
                                                              : &c->ca_bundle;

            if (!need_arg(c, argc, argv, i))
                return -2;
            *slot = argv[++i];
        } else {
            cli_usage(c, "unknown option '%s'", a);
            return -2;
        }
    }
    cli_usage(c, "a command is required");
    return -2;
}

int cli_connect(struct cli *c, int want_event)
{
    struct cboto_client_options o;
    struct cboto_exec_options eo;
    char err[512] = "";
    int rc;

    memset(&o, 0, sizeof o);
    o.endpoint_url = c->endpoint;
    o.region = c->region;
    o.profile = c->profile;
    o.ca_bundle = c->ca_bundle;
    o.user_agent_extra = c->prog;
    o.error_buf = err;
    o.error_buf_size = sizeof err;
    rc = cboto_client_new(&o, &c->cl);
    if (rc) {
        fprintf(stderr, "%s: %s%s%s\n", c->prog, cboto_strerror(rc),
                *err ? ": " : "", err);
        return rc == CBOTO_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    memset(&eo, 0, sizeof eo);
    if (c->debug)
        eo.debug = on_debug;
    if (cboto_exec_new(&eo, &c->ex) != CBOTO_OK) {
        fprintf(stderr, "%s: cannot create an executor\n", c->prog);
        return CLI_FAIL;
    }
    if (want_event) {
        struct cboto_evexec_options vo;

        memset(&vo, 0, sizeof vo);
        vo.max_in_flight = 16;
        if (c->debug)
            vo.debug = on_debug;
        c->base = event_base_new();
        if (!c->base || cboto_evexec_new(c->base, &vo, &c->evx) != CBOTO_OK) {
            fprintf(stderr, "%s: cannot create the event loop\n", c->prog);
            return CLI_FAIL;
        }
    }
    return CLI_OK;
}

void cli_close(struct cli *c)
{
    if (c->evx && cboto_evexec_free(c->evx) != CBOTO_OK)
        fprintf(stderr, "%s: requests still pending at exit\n", c->prog);
    if (c->base)
        event_base_free(c->base);
    cboto_exec_free(c->ex);
    if (c->cl && cboto_client_free(c->cl) != CBOTO_OK)
        fprintf(stderr, "%s: requests still alive at exit\n", c->prog);
}

int cli_fail(struct cli *c, const char *what, int rc,
             const struct cboto_response *resp)
{
    const struct cboto_error_detail *d = cboto_response_error(resp);

    cli_progress_end(c);
    if (d && d->service_code)
        fprintf(stderr, "%s: %s: %s\n", what, d->service_code,
                d->message ? d->message : "(no message)");
    else if (d && d->transport)
        fprintf(stderr, "%s: %s: %s\n", what, cboto_strerror(rc),
                d->transport);
    else if (d && d->http_status)
        fprintf(stderr, "%s: HTTP %d: %s\n", what, d->http_status,
                cboto_strerror(rc));
    else
        fprintf(stderr, "%s: %s\n", what, cboto_strerror(rc));
    return rc == CBOTO_EINVAL ? CLI_USAGE : CLI_FAIL;
}

int cli_send(struct cli *c, struct cboto_request *rq,
             struct cboto_response **resp)
{
    int rc = cboto_exec_perform(c->ex, rq, resp);

    cboto_request_release(rq);
    return rc;
}

int cli_run(struct cli *c, const char *what, int brc, struct cboto_request *rq,
            struct cboto_response **resp, const char *rule)
{
    int rc;

    *resp = NULL;
    if (brc == CBOTO_EINVAL)
        return cli_usage(c, "%s: %s", what, rule);
    if (brc)
        return cli_fail(c, what, brc, NULL);
    rc = cli_send(c, rq, resp);
    if (rc) {
        rc = cli_fail(c, what, rc, *resp);
        cboto_response_release(*resp);
        *resp = NULL;
    }
    return rc;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!*s || !((*s >= '0' && *s <= '9') || *s == '-'))
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

void cli_json(json_t *doc)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);

    if (s) {
        puts(s);
        free(s);
    }
    json_decref(doc);
}

json_t *cli_json_bytes(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    char *t;
    size_t i;

    if (j)
        return j;
    t = malloc(n + 1);
    if (!t)
        return json_string("");
    for (i = 0; i < n; i++)
        t[i] = (unsigned char)s[i] >= 0x80 || s[i] == '\0' ? '?' : s[i];
    j = json_stringn(t, n);
    free(t);
    return j ? j : json_string("");
}

static double now_s(void)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return tv.tv_sec + tv.tv_usec / 1e6;
}

static double s_started;

void cli_progress(struct cli *c, const char *label, uint64_t done,
                  uint64_t total)
{
    double el, rate;
    int pct, i, bar = 30;

    if (!c->progress)
        return;
    if (s_started == 0)
        s_started = now_s();
    el = now_s() - s_started;
    rate = el > 0 ? done / el : 0;
    pct = total ? (int)(done * 100 / total) : 0;
    fprintf(stderr, "\r%-24.24s [", label);
    for (i = 0; i < bar; i++)
        fputc(total && i < pct * bar / 100 ? '#' : ' ', stderr);
    fprintf(stderr, "] %3d%% %8.1f MiB %7.1f MiB/s", pct, done / 1048576.0,
            rate / 1048576.0);
    if (total && rate > 0)
        fprintf(stderr, " ETA %4.0fs", (total - done) / rate);
}

void cli_progress_end(struct cli *c)
{
    if (c->progress && s_started != 0) {
        fputc('\n', stderr);
        s_started = 0;
    }
}

int cli_main(const char *prog, const char *usage,
             const struct cli_command *cmds, size_t n, int argc, char **argv)
{
    const struct cli_command *cmd = NULL;
    struct cli c;
    size_t k;
    int i, rc, nargs;
    char **args;

    memset(&c, 0, sizeof c);
    c.prog = prog;
    i = cli_globals(&c, argc, argv, usage);
    if (i == -1)
        return CLI_OK;
    if (i < 0)
        return CLI_USAGE;
    for (k = 0; k < n; k++)
        if (strcmp(argv[i], cmds[k].name) == 0)
            cmd = &cmds[k];
    if (!cmd)
        return cli_usage(&c, "unknown command '%s'", argv[i]);
    args = argv + i + 1;
    nargs = argc - i - 1;
    for (i = 0; i < nargs; i++)
        if (strcmp(args[i], "--help") == 0 || strcmp(args[i], "-h") == 0) {
            fputs(cmd->help ? cmd->help : usage, stdout);
            return CLI_OK;
        }
    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT) != CBOTO_OK)
        return CLI_FAIL;
    rc = cli_connect(&c, cmd->event);
    if (rc == CLI_OK)
        rc = cmd->fn(&c, nargs, args);
    cli_close(&c);
    cboto_global_cleanup();
    return rc;
}
