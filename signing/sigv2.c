/* SPDX-License-Identifier: MIT */
/* Signature Version 2 with HmacSHA256, as SimpleDB (and the other query
 * APIs of its time) require:
 *
 *   METHOD \n host \n path \n canonical-query
 *
 * where the canonical query is every parameter but Signature, sorted by
 * name in byte order, RFC 3986-encoded (space is %20, '~' is kept). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ent {
    struct cboto__kv kv;
    size_t idx;
};

static int ent_cmp(const void *pa, const void *pb)
{
    const struct ent *a = pa, *b = pb;
    int c = strcmp(a->kv.name, b->kv.name);

    if (c)
        return c;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorted copy of the parameters (borrowed strings), Signature left out. */
static int sorted_params(const struct cboto__http_msg *m, struct ent **out,
                         size_t *n_out)
{
    struct ent *v;
    size_t i, n = 0;

    if (m->query.n > SIZE_MAX / sizeof *v)
        return CBOTO_ENOMEM;
    v = cboto__alloc(m->a, (m->query.n ? m->query.n : 1) * sizeof *v);
    if (!v)
        return CBOTO_ENOMEM;
    for (i = 0; i < m->query.n; i++) {
        if (strcmp(m->query.v[i].name, "Signature") == 0)
            continue;
        v[n].kv = m->query.v[i];
        v[n].idx = i;
        n++;
    }
    qsort(v, n, sizeof *v, ent_cmp);
    *out = v;
    *n_out = n;
    return CBOTO_OK;
}

int cboto__sigv2_string_to_sign(const struct cboto__http_msg *m,
                                struct cboto__buf *sts)
{
    struct ent *v;
    size_t i, n;
    const char *h;
    int rc;

    if (!m || !sts || !m->method || !m->host || !*m->host)
        return CBOTO_EINVAL;
    rc = sorted_params(m, &v, &n);
    if (rc)
        return rc;
    rc = cboto__buf_printf(sts, "%s\n", m->method);
    /* The host is compared case-insensitively by the service, which
     * signs it lower-cased. */
    for (h = m->host; *h && !rc; h++) {
        unsigned char c = (unsigned char)*h;

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        rc = cboto__buf_append_byte(sts, c);
    }
    if (!rc)
        rc = cboto__buf_printf(sts, "\n%s\n",
                               m->path && *m->path ? m->path : "/");
    for (i = 0; i < n && !rc; i++) {
        if (i)
            rc = cboto__buf_append_byte(sts, '&');
        if (!rc)
            rc = cboto__uri_encode(sts, v[i].kv.name, strlen(v[i].kv.name),
                                   0);
        if (!rc)
            rc = cboto__buf_append_byte(sts, '=');
        if (!rc)
            rc = cboto__uri_encode(sts, v[i].kv.value,
                                   strlen(v[i].kv.value), 0);
    }
    cboto__free(m->a, v);
    return rc;
}

static int check_creds(const struct cboto__creds_view *cr)
{
    if (!cr || !cr->access_key_id || !*cr->access_key_id ||
        !cr->secret_access_key || !*cr->secret_access_key)
        return CBOTO_ENOCREDS;
    return CBOTO_OK;
}

int cboto__sigv2_sign_params(struct cboto__http_msg *m,
                             const struct cboto__creds_view *cr,
                             struct cboto__buf *sig_b64)
{
    struct cboto__buf sts, b64;
    struct ent *v;
    uint8_t mac[32];
    size_t i, n;
    int rc;

    if (!m)
        return CBOTO_EINVAL;
    rc = check_creds(cr);
    if (rc)
        return rc;
    cboto__kvlist_remove(&m->query, "Signature");
    /* Send the parameters in the order they were signed (botocore does
     * the same), so the URL or body reads like the string to sign. */
    rc = sorted_params(m, &v, &n);
    if (rc)
        return rc;
    for (i = 0; i < n; i++)
        m->query.v[i] = v[i].kv;
    cboto__free(m->a, v);

    cboto__buf_init(&sts, m->a, 0);
    cboto__buf_init(&b64, m->a, 0);
    rc = cboto__sigv2_string_to_sign(m, &sts);
    if (!rc)
        rc = cboto__hmac_sha256(cr->secret_access_key,
                                strlen(cr->secret_access_key), sts.ptr,
                                sts.len, mac);
    if (!rc)
        rc = cboto__base64_encode(&b64, mac, sizeof mac);
    if (!rc)
        rc = cboto__kvlist_add(&m->query, "Signature", cboto__buf_cstr(&b64));
    if (!rc && sig_b64)
        rc = cboto__buf_append(sig_b64, b64.ptr, b64.len);
    cboto__buf_cleanup(&sts);
    cboto__buf_cleanup(&b64);
    return rc;
}

int cboto__sigv2_sign(struct cboto__http_msg *m,
                      const struct cboto__creds_view *cr, time_t now)
{
    char ts[21];
    int rc;

    if (!m)
        return CBOTO_EINVAL;
    rc = check_creds(cr);
    if (rc)
        return rc;
    cboto__fmt_iso8601(ts, now);
    rc = cboto__kvlist_set(&m->query, "AWSAccessKeyId", cr->access_key_id);
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "SignatureVersion", "2");
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "SignatureMethod", "HmacSHA256");
    if (!rc)
        rc = cboto__kvlist_set(&m->query, "Timestamp", ts);
    if (!rc && cr->session_token && *cr->session_token)
        rc = cboto__kvlist_set(&m->query, "SecurityToken",
                               cr->session_token);
    if (!rc)
        rc = cboto__sigv2_sign_params(m, cr, NULL);
    return rc;
}
