/* SPDX-License-Identifier: MIT */
/* Helpers shared by the signing conformance tests: loading the vectors,
 * building a message from them, comparing with a readable report.
 * Include after harness.h. */
#ifndef CBOTO_TESTS_SIGTEST_H
#define CBOTO_TESTS_SIGTEST_H

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "signing/internal.h"

#define ST_FN static __attribute__((unused))

/* data dir + "/" + rel; NULL (after skip()) when the data is absent. */
ST_FN const char *st_data_path(char *out, size_t n, const char *rel)
{
    const char *d = test_data_dir();
    int k;

    if (!d) {
        skip("AWS test vectors not found (../shared/testdata or "
             "$CBOTO_TESTDATA)");
        return NULL;
    }
    k = snprintf(out, n, "%s/%s", d, rel);
    if (k < 0 || (size_t)k >= n) {
        skip("test data path too long");
        return NULL;
    }
    return out;
}

ST_FN json_t *st_load_json(const char *path)
{
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);

    if (!j)
        fprintf(stderr, "  %s:%d: %s\n", path, err.line, err.text);
    return j;
}

ST_FN const char *st_str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reports a mismatch with both strings; returns 1 when they differ. */
ST_FN int st_diff(const char *id, const char *what, const char *exp,
                  const char *got)
{
    if (exp && got && strcmp(exp, got) == 0)
        return 0;
    fprintf(stderr,
            "  case %s: %s differs\n    expected: \"%s\"\n    got:      "
            "\"%s\"\n",
            id, what, exp ? exp : "(null)", got ? got : "(null)");
    return 1;
}

/* "20150830T123600Z" or ISO 8601 to time_t. */
ST_FN time_t st_time(const char *s)
{
    struct tm tm;
    time_t t = 0;

    if (strlen(s) == 16 && s[8] == 'T') {
        memset(&tm, 0, sizeof tm);
        if (sscanf(s, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon,
                   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
            return (time_t)-1;
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        return cboto__timegm(&tm);
    }
    if (cboto__parse_iso8601(s, &t) != 0)
        return (time_t)-1;
    return t;
}

/* Append [name, value] pairs to a list; Host goes to *host instead. */
ST_FN int st_add_pairs(struct cboto__kvlist *l, const json_t *pairs,
                       const char **host)
{
    size_t i;
    const json_t *p;

    json_array_foreach(pairs, i, p)
    {
        const char *n = json_string_value(json_array_get(p, 0));
        const char *v = json_string_value(json_array_get(p, 1));

        if (!n)
            return CBOTO_EINVAL;
        if (host && cboto__strcaseeq(n, "host")) {
            *host = v;
            continue;
        }
        if (cboto__kvlist_add(l, n, v ? v : ""))
            return CBOTO_ENOMEM;
    }
    return CBOTO_OK;
}

/* After signing, rebuild the canonical request and string to sign from the
 * signed message (minus what was added after the signature). */
ST_FN int st_recompute(struct cboto__http_msg *m,
                       const struct cboto__sigv4_opts *o,
                       const char *payload_hash, struct cboto__buf *creq,
                       struct cboto__buf *sts)
{
    int rc;

    cboto__buf_reset(creq);
    cboto__buf_reset(sts);
    if (!payload_hash)
        payload_hash = cboto__kvlist_get(&m->headers, "x-amz-content-sha256");
    rc = cboto__sigv4_canonical_request(m, o, payload_hash, creq, NULL);
    if (!rc)
        rc = cboto__sigv4_string_to_sign(cboto__buf_cstr(creq), creq->len, o,
                                         sts);
    return rc;
}

/* The hex signature at the end of an Authorization value. */
ST_FN const char *st_auth_sig(const char *auth)
{
    const char *p = auth ? strstr(auth, "Signature=") : NULL;

    return p ? p + 10 : NULL;
}

/* ---- botocore-style SigV4 case (botocore-sigv4-cases.json and the
 * project's cboto-vectors.json share the layout) ------------------------ */
ST_FN int st_run_botocore_case(const struct cboto_allocator *a,
                               const json_t *c)
{
    const char *id = st_str(c, "id");
    const json_t *in = json_object_get(c, "input");
    const json_t *ex = json_object_get(c, "expected");
    const json_t *cj = json_object_get(c, "credentials");
    const char *service = st_str(c, "service");
    const char *host = st_str(in, "host");
    int query = strcmp(st_str(c, "auth_type"), "query") == 0;
    struct cboto__creds_view cr = {st_str(cj, "access_key_id"),
                                   st_str(cj, "secret_access_key"),
                                   st_str(cj, "session_token")};
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf creq, sts, body, url;
    const char *b64 = st_str(in, "body_base64"), *text = st_str(in, "body");
    const char *ph = NULL, *got_sig = NULL;
    char sig[65] = "";
    int fail = 0, rc;

    memset(&o, 0, sizeof o);
    o.region = st_str(c, "region");
    o.service = service;
    o.now = st_time(st_str(c, "timestamp"));
    o.s3 = strcmp(service, "s3") == 0;
    o.normalize_path = !o.s3;
    if (!query && strcmp(st_str(c, "payload_signing"), "unsigned") == 0)
        o.payload_hash = CBOTO__UNSIGNED_PAYLOAD;
    if (query)
        o.expires = (unsigned)json_integer_value(
            json_object_get(c, "expires_seconds"));

    cboto__buf_init(&creq, a, 0);
    cboto__buf_init(&sts, a, 0);
    cboto__buf_init(&body, a, 0);
    cboto__buf_init(&url, a, 0);
    if (cboto__http_msg_init(&m, a, st_str(in, "method"), st_str(in, "scheme"),
                             "placeholder", st_str(in, "path")) != 0)
        return 1;
    rc = st_add_pairs(&m.query, json_object_get(in, "query"), NULL);
    if (!rc)
        rc = st_add_pairs(&m.headers, json_object_get(in, "headers"), &host);
    if (!rc) {
        cboto__free(a, m.host);
        m.host = cboto__strdup(a, host);
    }
    if (!rc && b64)
        rc = cboto__base64_decode(&body, b64, strlen(b64));
    else if (!rc && text)
        rc = cboto__buf_append_str(&body, text);
    m.body.ptr = body.ptr;
    m.body.len = body.len;
    if (rc) {
        fprintf(stderr, "  case %s: bad input (%d)\n", id, rc);
        fail = 1;
        goto out;
    }

    if (query) {
        rc = cboto__sigv4_presign(NULL, &m, &cr, &o);
        if (rc) {
            fprintf(stderr, "  case %s: presign: %s\n", id,
                    cboto_err_name(rc));
            fail = 1;
            goto out;
        }
        got_sig = cboto__kvlist_get(&m.query, "X-Amz-Signature");
        snprintf(sig, sizeof sig, "%s", got_sig ? got_sig : "");
        rc = cboto__http_msg_url(&m, &url);
        fail |= rc != 0 ||
                st_diff(id, "presigned_url", st_str(ex, "presigned_url"),
                        cboto__buf_cstr(&url));
        cboto__kvlist_remove(&m.query, "X-Amz-Signature");
        ph = o.payload_hash;
        if (!ph && o.s3)
            ph = CBOTO__UNSIGNED_PAYLOAD;
    } else {
        const json_t *after = json_object_get(ex, "headers_after_signing");
        size_t i, k = 0;
        const json_t *p;

        rc = cboto__sigv4_sign_headers(NULL, &m, &cr, &o, sig);
        if (rc) {
            fprintf(stderr, "  case %s: sign: %s\n", id, cboto_err_name(rc));
            fail = 1;
            goto out;
        }
        fail |= st_diff(id, "authorization", st_str(ex, "authorization"),
                        cboto__kvlist_get(&m.headers, "Authorization"));
        fail |= st_diff(
            id, "signature in Authorization", st_str(ex, "signature"),
            st_auth_sig(cboto__kvlist_get(&m.headers, "Authorization")));
        json_array_foreach(after, i, p)
        {
            const char *n = json_string_value(json_array_get(p, 0));
            const char *v = json_string_value(json_array_get(p, 1));

            if (cboto__strcaseeq(n, "host"))
                continue;
            if (k >= m.headers.n) {
                fprintf(stderr, "  case %s: header %s missing\n", id, n);
                fail = 1;
                break;
            }
            fail |= st_diff(id, "header name after signing", n,
                            m.headers.v[k].name);
            fail |= st_diff(id, n, v, m.headers.v[k].value);
            k++;
        }
        if (k != m.headers.n) {
            fprintf(stderr, "  case %s: %zu extra header(s)\n", id,
                    m.headers.n - k);
            fail = 1;
        }
        cboto__kvlist_remove(&m.headers, "Authorization");
        ph = cboto__kvlist_get(&m.headers, "x-amz-content-sha256");
    }
    fail |= st_diff(id, "signature", st_str(ex, "signature"), sig);
    rc = st_recompute(&m, &o, ph, &creq, &sts);
    fail |= rc != 0;
    fail |= st_diff(id, "canonical_request", st_str(ex, "canonical_request"),
                    cboto__buf_cstr(&creq));
    fail |= st_diff(id, "string_to_sign", st_str(ex, "string_to_sign"),
                    cboto__buf_cstr(&sts));
out:
    cboto__http_msg_cleanup(&m);
    cboto__buf_cleanup(&creq);
    cboto__buf_cleanup(&sts);
    cboto__buf_cleanup(&body);
    cboto__buf_cleanup(&url);
    return fail;
}

/* ---- SigV2 case (sigv2-cases.json layout) ------------------------------ */
ST_FN int st_run_sigv2_case(const struct cboto_allocator *a, const json_t *c)
{
    const char *id = st_str(c, "id");
    const json_t *in = json_object_get(c, "input");
    const json_t *ex = json_object_get(c, "expected");
    const json_t *cj = json_object_get(c, "credentials");
    const json_t *added = json_object_get(in, "params_added_by_signer");
    struct cboto__creds_view cr = {st_str(cj, "access_key_id"),
                                   st_str(cj, "secret_access_key"),
                                   st_str(cj, "session_token")};
    struct cboto__http_msg m;
    struct cboto__buf sts, sig, out;
    int fail = 0, rc;

    if (cboto__http_msg_init(&m, a, st_str(in, "method"), st_str(in, "scheme"),
                             st_str(in, "host"), st_str(in, "path")) != 0)
        return 1;
    cboto__buf_init(&sts, a, 0);
    cboto__buf_init(&sig, a, 0);
    cboto__buf_init(&out, a, 0);
    if (added) {
        /* Signed end to end: the signer adds its parameters at the time
         * the generator pinned. */
        const char *ts = NULL;
        size_t i;
        const json_t *p;

        json_array_foreach(added, i, p)
        {
            if (strcmp(json_string_value(json_array_get(p, 0)), "Timestamp") ==
                0)
                ts = json_string_value(json_array_get(p, 1));
        }
        rc = st_add_pairs(&m.query, json_object_get(in, "operation_params"),
                          NULL);
        if (!rc)
            rc = ts ? cboto__sigv2_sign(&m, &cr, st_time(ts)) : 1;
        if (!rc)
            rc = cboto__buf_append_str(
                &sig, cboto__kvlist_get(&m.query, "Signature"));
    } else {
        rc = st_add_pairs(&m.query, json_object_get(in, "params"), NULL);
        if (!rc)
            rc = cboto__sigv2_sign_params(&m, &cr, &sig);
    }
    if (rc) {
        fprintf(stderr, "  case %s: sign: %d\n", id, rc);
        fail = 1;
        goto out;
    }
    rc = cboto__sigv2_string_to_sign(&m, &sts);
    fail |= rc != 0;
    fail |= st_diff(id, "string_to_sign", st_str(ex, "string_to_sign"),
                    cboto__buf_cstr(&sts));
    fail |= st_diff(id, "signature", st_str(ex, "signature"),
                    cboto__buf_cstr(&sig));
    if (st_str(ex, "signed_body")) {
        rc = cboto__form_encode(&m.query, &out, 0);
        fail |=
            rc != 0 || st_diff(id, "signed_body", st_str(ex, "signed_body"),
                               cboto__buf_cstr(&out));
    }
    if (st_str(ex, "signed_url")) {
        cboto__buf_reset(&out);
        rc = cboto__http_msg_url(&m, &out);
        fail |= rc != 0 || st_diff(id, "signed_url", st_str(ex, "signed_url"),
                                   cboto__buf_cstr(&out));
    }
out:
    cboto__http_msg_cleanup(&m);
    cboto__buf_cleanup(&sts);
    cboto__buf_cleanup(&sig);
    cboto__buf_cleanup(&out);
    return fail;
}

/* ---- the AWS suite's HTTP request files (.req, request.txt) ------------
 * The request line carries the path DECODED ("/example space/"); it is
 * encoded once here, as a client puts it on the wire.  The query is
 * decoded into pairs.  Lines that start with whitespace continue the
 * previous header (get-header-value-multiline).  *body points into text. */
ST_FN int st_parse_req(const struct cboto_allocator *a, const char *text,
                       struct cboto__http_msg *m)
{
    const char *p = text, *eol, *sp1, *sp2, *q, *host = NULL;
    struct cboto__buf path, n, v;
    char method[16];
    int rc = CBOTO_OK;

    eol = strchr(p, '\n');
    if (!eol)
        eol = p + strlen(p);
    sp1 = memchr(p, ' ', (size_t)(eol - p));
    for (sp2 = eol; sp2 > p && sp2[-1] != ' '; sp2--)
        ;
    if (!sp1 || sp2 <= sp1 + 1 || (size_t)(sp1 - p) >= sizeof method)
        return CBOTO_EINVAL;
    memcpy(method, p, (size_t)(sp1 - p));
    method[sp1 - p] = '\0';
    sp2--; /* the space before HTTP/1.1 */

    cboto__buf_init(&path, a, 0);
    cboto__buf_init(&n, a, 0);
    cboto__buf_init(&v, a, 0);
    q = memchr(sp1 + 1, '?', (size_t)(sp2 - sp1 - 1));
    rc = cboto__uri_encode(&path, sp1 + 1, (size_t)((q ? q : sp2) - sp1 - 1),
                           1);
    if (!rc)
        rc = cboto__http_msg_init(m, a, method, "https", "placeholder",
                                  cboto__buf_cstr(&path));
    if (rc) {
        cboto__buf_cleanup(&path);
        return rc;
    }
    while (q && q < sp2 && !rc) {
        const char *s = q + 1, *amp, *eq;

        amp = memchr(s, '&', (size_t)(sp2 - s));
        if (!amp)
            amp = sp2;
        eq = memchr(s, '=', (size_t)(amp - s));
        cboto__buf_reset(&n);
        cboto__buf_reset(&v);
        rc = cboto__uri_decode(&n, s, (size_t)((eq ? eq : amp) - s), 0);
        if (!rc && eq)
            rc = cboto__uri_decode(&v, eq + 1, (size_t)(amp - eq - 1), 0);
        if (!rc)
            rc = cboto__kvlist_add(&m->query, cboto__buf_cstr(&n),
                                   cboto__buf_cstr(&v));
        q = amp < sp2 ? amp : NULL;
    }
    p = *eol ? eol + 1 : eol;
    while (*p && *p != '\n' && !rc) {
        const char *colon;

        eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        colon = memchr(p, ':', (size_t)(eol - p));
        if (!colon) {
            rc = CBOTO_EINVAL;
            break;
        }
        /* Folded continuation lines join the value with a space; they are
         * gathered here because list entries are not edited in place. */
        cboto__buf_reset(&v);
        rc = cboto__buf_append(&v, colon + 1, (size_t)(eol - colon - 1));
        while (!rc && *eol && (eol[1] == ' ' || eol[1] == '\t')) {
            const char *c = eol + 1;

            eol = strchr(c, '\n');
            if (!eol)
                eol = c + strlen(c);
            rc = cboto__buf_printf(&v, " %.*s", (int)(eol - c), c);
        }
        if (!rc) {
            if ((size_t)(colon - p) == 4 && cboto__strncaseeq(p, "host", 4)) {
                host = cboto__buf_cstr(&v);
                cboto__free(a, m->host);
                m->host = cboto__strdup(a, host);
                if (!m->host)
                    rc = CBOTO_ENOMEM;
            } else {
                rc = cboto__kvlist_addn(&m->headers, p, (size_t)(colon - p),
                                        cboto__buf_cstr(&v), v.len);
            }
        }
        p = *eol ? eol + 1 : eol;
    }
    if (!rc && *p == '\n') {
        m->body.ptr = (const uint8_t *)p + 1;
        m->body.len = strlen(p + 1);
    }
    cboto__buf_cleanup(&path);
    cboto__buf_cleanup(&n);
    cboto__buf_cleanup(&v);
    if (rc)
        cboto__http_msg_cleanup(m);
    return rc;
}

/* Whole file, NUL-terminated; NULL when missing. Free with free(). */
ST_FN char *st_slurp(const char *dir, const char *name)
{
    char path[4096];
    char *s;
    size_t len;
    int k;

    k = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= sizeof path)
        return NULL;
    if (test_read_file(path, &s, &len) != 0)
        return NULL;
    return s;
}

#endif /* CBOTO_TESTS_SIGTEST_H */
