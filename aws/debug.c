/* SPDX-License-Identifier: MIT */
/* Debug text for each attempt: the request head as signed and the response
 * head, with signatures, secrets and session tokens redacted. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../signing/internal.h"
#include "core.h"

static int secret_name(const char *name)
{
    return cboto__strcaseeq(name, "x-amz-security-token") ||
           cboto__strcaseeq(name, "X-Amz-Signature") ||
           cboto__strcaseeq(name, "Signature") ||
           cboto__strcaseeq(name, "SecurityToken") ||
           cboto__strcaseeq(name, "X-Amz-Security-Token");
}

void cboto__debug_request(struct cboto__transfer *t)
{
    struct cboto__buf b;
    size_t i;
    int rc;

    if (!t->debug)
        return;
    cboto__buf_init(&b, t->a, 0);
    rc =
        cboto__buf_printf(&b, "> %s %s://%s%s (attempt %d)\n", t->msg.method,
                          t->msg.scheme, t->msg.host, t->msg.path, t->attempt);
    for (i = 0; !rc && i < t->msg.query.n; i++) {
        const struct cboto__kv *kv = &t->msg.query.v[i];

        rc = cboto__buf_printf(&b, ">   ?%s=%s\n", kv->name,
                               secret_name(kv->name) ? "<redacted>"
                                                     : kv->value);
    }
    for (i = 0; !rc && i < t->msg.headers.n; i++) {
        const struct cboto__kv *kv = &t->msg.headers.v[i];
        const char *sig = strstr(kv->value, "Signature=");

        if (cboto__strcaseeq(kv->name, "Authorization") && sig)
            rc =
                cboto__buf_printf(&b, "> %s: %.*sSignature=<redacted>\n",
                                  kv->name, (int)(sig - kv->value), kv->value);
        else if (cboto__strcaseeq(kv->name, "Authorization"))
            rc = cboto__buf_printf(&b, "> %s: <redacted>\n", kv->name);
        else
            rc = cboto__buf_printf(&b, "> %s: %s\n", kv->name,
                                   secret_name(kv->name) ? "<redacted>"
                                                         : kv->value);
    }
    if (!rc && t->form.len)
        rc = cboto__buf_printf(&b, "> (form body, %zu bytes)\n", t->form.len);
    if (!rc)
        t->debug(cboto__buf_cstr(&b), t->debug_ud);
    cboto__buf_cleanup(&b);
}

void cboto__debug_response(struct cboto__transfer *t, CURLcode cc)
{
    struct cboto__buf b;
    size_t i;
    int rc;

    if (!t->debug)
        return;
    cboto__buf_init(&b, t->a, 0);
    if (cc != CURLE_OK)
        rc = cboto__buf_printf(&b, "< transport: %s\n",
                               t->curl_err[0] ? t->curl_err
                                              : curl_easy_strerror(cc));
    else
        rc = cboto__buf_printf(&b, "< HTTP %d\n", t->status);
    for (i = 0; !rc && i < t->resp->headers.n; i++)
        rc = cboto__buf_printf(&b, "< %s: %s\n", t->resp->headers.v[i].name,
                               t->resp->headers.v[i].value);
    if (!rc)
        t->debug(cboto__buf_cstr(&b), t->debug_ud);
    cboto__buf_cleanup(&b);
}
