/* SPDX-License-Identifier: MIT */
/* What the three command-line tools share: global options in the AWS CLI's
 * style, the client and executors, error reporting with the AWS exit-code
 * convention (0 ok, 1 service or transport error, 2 usage error), JSON
 * output, and the progress bar.  Written against the public API only. */
#ifndef CBOTO_CLI_H
#define CBOTO_CLI_H

#include <jansson.h>
#include <stdio.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

#define CLI_OK    0
#define CLI_FAIL  1
#define CLI_USAGE 2

struct cli {
    const char *prog;
    const char *endpoint;
    const char *region;
    const char *profile;
    const char *ca_bundle;
    int json;
    int debug;
    int quiet;
    int progress; /* stderr is a terminal and --no-progress not given */
    struct cboto_client *cl;
    struct cboto_exec *ex;
    struct event_base *base;
    struct cboto_evexec *evx;
};

/* One command of a tool: its name, what runs it, its --help text, and
 * whether it needs the libevent executor (transfers in flight). */
struct cli_command {
    const char *name;
    int (*fn)(struct cli *c, int argc, char **argv);
    const char *help;
    int event;
};

/* The whole of a tool's main(): global options, the command table,
 * per-command --help, the client, the command, the exit status. */
int cli_main(const char *prog, const char *usage,
             const struct cli_command *cmds, size_t n, int argc, char **argv);

/* Parse the global options that come before the command.  Returns the
 * index of the command in argv, or -1 after printing help/version (exit
 * 0) or -2 after a usage error (exit 2). */
int cli_globals(struct cli *c, int argc, char **argv, const char *usage);
/* Create the client and the blocking executor (and, with want_event, the
 * libevent executor).  Returns CLI_OK or CLI_FAIL after printing why. */
int cli_connect(struct cli *c, int want_event);
void cli_close(struct cli *c);
/* Report a failed request on stderr ("NoSuchKey: The specified key does not
 * exist.") and return CLI_FAIL. */
int cli_fail(struct cli *c, const char *what, int rc,
             const struct cboto_response *resp);
/* Report a usage error and how to get help; returns CLI_USAGE. */
int cli_usage(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Build-then-send for one command: brc is the builder's code (EINVAL is
 * a usage error, explained by rule); otherwise send rq, and on failure
 * report it and return the exit status; on success *resp is the answer to
 * release. */
int cli_run(struct cli *c, const char *what, int brc, struct cboto_request *rq,
            struct cboto_response **resp, const char *rule);
/* A decimal in [min, max], fully checked (no sign games, no trailing
 * text): 0, or -1 when it is not one. */
int cli_parse_long(const char *s, long min, long max, long *out);
/* Send one request through the blocking executor and release it. */
int cli_send(struct cli *c, struct cboto_request *rq,
             struct cboto_response **resp);
/* The end of every tool's usage text: the options cli_main() takes for
 * all commands, where configuration comes from, the exit statuses. */
#define CLI_USAGE_GLOBALS                                                     \
    "Global options:\n"                                                       \
    "  --endpoint-url URL  --region R  --profile P  --ca-bundle FILE\n"       \
    "  --output text|json  --debug  --quiet  --no-progress  --version  "      \
    "--help\n"                                                                \
    "\n"                                                                      \
    "Configuration comes from the AWS environment variables and ~/.aws "      \
    "files.\n"                                                                \
    "Exit status: 0 success, 1 service or transport error, 2 usage error.\n"

/* Print a JSON document on stdout (takes the reference). */
void cli_json(json_t *doc);
/* Any bytes as a JSON string: jansson wants UTF-8, so when they are not
 * (SimpleDB values and SQS bodies may hold any byte) the bytes that are
 * not ASCII, and NULs, are shown as '?'. */
json_t *cli_json_bytes(const char *s, size_t n);
/* The progress bar: bytes done of total (0: unknown), on stderr. */
void cli_progress(struct cli *c, const char *label, uint64_t done,
                  uint64_t total);
void cli_progress_end(struct cli *c);

#endif /* CBOTO_CLI_H */
