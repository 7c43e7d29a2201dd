/* SPDX-License-Identifier: MIT */
/*
 * The AWS error documents, all parsed by one small state machine over the
 * XML stage.  Accepted shapes (the first <Error> wins when there are
 * several):
 *
 *   S3             <Error><Code/>...</Error>
 *   SimpleDB       <Response><Errors><Error>...</Error></Errors>
 *                  <RequestID/></Response>
 *   SQS            <ErrorResponse><Error>...</Error><RequestId/>
 *                  </ErrorResponse>
 *   moto variants  <ErrorResponse><Errors><Error>...</Error></Errors>
 *                  <RequestId/></ErrorResponse> (SQS, SimpleDB)
 *
 * A document with no <Error> in one of those places, or an <Error> without
 * a <Code>, is not an error document: CBOTO_EPARSE, so the caller falls back
 * on the HTTP status.
 */
#include <string.h>

#include "xml.h"

/* Error documents are small; a multi-megabyte one is not an error
 * document we want to hold in memory. */
#define ERROR_DOC_MAX ((size_t)1024 * 1024)

struct err_state {
    const struct cboto_allocator *a;
    struct cboto__xml *x;
    struct cboto__error_fields *f;
    int root;        /* which shape: see enum below */
    int errors_done; /* <Error> elements closed so far */
    int in_error;    /* inside an accepted <Error> */
    int error_depth; /* its depth */
};

enum { ROOT_NONE, ROOT_S3, ROOT_SDB, ROOT_SQS };

/* Is an <Error> at this depth, under these ancestors, one of the shapes? */
static int error_in_place(const struct err_state *s, int depth)
{
    const char *parent = cboto__xml_ancestor(s->x, 1);

    switch (s->root) {
    case ROOT_S3:
        return depth == 1;
    case ROOT_SDB:
        return depth == 3 && parent && strcmp(parent, "Errors") == 0;
    case ROOT_SQS:
        return depth == 2 ||
               (depth == 3 && parent && strcmp(parent, "Errors") == 0);
    default:
        return 0;
    }
}

static int err_start(void *st, const char *name, int depth)
{
    struct err_state *s = st;

    if (depth == 1) {
        if (strcmp(name, "Error") == 0)
            s->root = ROOT_S3;
        else if (strcmp(name, "Response") == 0)
            s->root = ROOT_SDB;
        else if (strcmp(name, "ErrorResponse") == 0)
            s->root = ROOT_SQS;
        else
            return CBOTO_EPARSE; /* stop early: not an error document */
    }
    if (strcmp(name, "Error") == 0 && !s->in_error && s->errors_done == 0 &&
        error_in_place(s, depth)) {
        s->in_error = 1;
        s->error_depth = depth;
    }
    return CBOTO_OK;
}

static int set_field(const struct cboto_allocator *a, char **slot,
                     const char *text, size_t len)
{
    if (*slot) /* the first occurrence wins */
        return CBOTO_OK;
    *slot = cboto__strndup(a, text, len);
    return *slot ? CBOTO_OK : CBOTO_ENOMEM;
}

static int err_end(void *st, const char *name, int depth, const char *text,
                   size_t len)
{
    struct err_state *s = st;
    struct cboto__error_fields *f = s->f;

    if (s->in_error && depth == s->error_depth) {
        s->in_error = 0;
        s->errors_done++;
        return CBOTO_OK;
    }
    if (s->in_error && depth == s->error_depth + 1) {
        if (strcmp(name, "Code") == 0)
            return set_field(s->a, &f->code, text, len);
        if (strcmp(name, "Message") == 0)
            return set_field(s->a, &f->message, text, len);
        if (strcmp(name, "RequestId") == 0 || strcmp(name, "RequestID") == 0)
            return set_field(s->a, &f->request_id, text, len);
        if (strcmp(name, "HostId") == 0)
            return set_field(s->a, &f->host_id, text, len);
        if (strcmp(name, "Region") == 0)
            return set_field(s->a, &f->region, text, len);
        if (strcmp(name, "Endpoint") == 0)
            return set_field(s->a, &f->endpoint, text, len);
        if (strcmp(name, "ServerTime") == 0)
            return set_field(s->a, &f->server_time, text, len);
        return CBOTO_OK;
    }
    /* SimpleDB and SQS put the request id next to the error, under the
     * root. */
    if (depth == 2 && s->root != ROOT_S3 &&
        (strcmp(name, "RequestId") == 0 || strcmp(name, "RequestID") == 0))
        return set_field(s->a, &f->request_id, text, len);
    return CBOTO_OK;
}

int cboto__parse_error_doc(const struct cboto_allocator *a, const void *p,
                           size_t n, struct cboto__error_fields *out)
{
    struct cboto__xml_handler h;
    struct err_state s;
    struct cboto__error_fields f;
    int rc;

    if (!out || (!p && n))
        return CBOTO_EINVAL;
    memset(&f, 0, sizeof f);
    memset(&s, 0, sizeof s);
    s.a = a;
    s.f = &f;
    h.start = err_start;
    h.end = err_end;
    h.st = &s;
    rc = cboto__xml_new(a, &h, ERROR_DOC_MAX, &s.x);
    if (rc)
        return rc;
    rc = cboto__xml_feed(s.x, p, n);
    if (!rc)
        rc = cboto__xml_finish(s.x);
    cboto__xml_free(s.x);
    if (!rc && (s.errors_done == 0 || !f.code))
        rc = CBOTO_EPARSE;
    if (rc) {
        cboto__error_fields_cleanup(a, &f);
        return rc;
    }
    *out = f;
    return CBOTO_OK;
}

void cboto__error_fields_cleanup(const struct cboto_allocator *a,
                                 struct cboto__error_fields *f)
{
    if (!f)
        return;
    cboto__free(a, f->code);
    cboto__free(a, f->message);
    cboto__free(a, f->request_id);
    cboto__free(a, f->host_id);
    cboto__free(a, f->region);
    cboto__free(a, f->endpoint);
    cboto__free(a, f->server_time);
    memset(f, 0, sizeof *f);
}
