/* SPDX-License-Identifier: MIT */
/* The client: resolved configuration, endpoints, the signing-key cache and
 * the clock-skew correction that every request built from it shares. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../signing/internal.h"
#include "core.h"

#define DEFAULT_MAX_RESPONSE (64u * 1024 * 1024)

static void set_err(char *buf, size_t size, const char *msg)
{
    if (buf && size)
        snprintf(buf, size, "%s", msg);
}

static void endpoint_cleanup(const struct cboto_allocator *a,
                             struct cboto__endpoint *e)
{
    cboto__free(a, e->scheme);
    cboto__free(a, e->host);
    cboto__free(a, e->hostname);
    cboto__free(a, e->base_path);
    memset(e, 0, sizeof *e);
}

/* Accept "scheme://host[:port][/base]" with scheme http or https.  The port
 * is kept in the Host value only when it is not the scheme's default, since
 * SigV4 signs the Host header exactly as sent. */
static int parse_endpoint(const struct cboto_allocator *a, const char *url,
                          struct cboto__endpoint *e, char *err, size_t errlen)
{
    const char *p, *host, *end, *colon, *q2;
    size_t hlen;
    long port = 0;
    int https;

    memset(e, 0, sizeof *e);
    if (strncmp(url, "https://", 8) == 0) {
        https = 1;
        p = url + 8;
    } else if (strncmp(url, "http://", 7) == 0) {
        https = 0;
        p = url + 7;
    } else {
        set_err(err, errlen,
                "endpoint URL must start with http:// or https://");
        return CBOTO_EINVAL;
    }
    host = p;
    end = host + strcspn(host, "/?#");
    if (strpbrk(end, "?#")) {
        set_err(err, errlen, "endpoint URL must not have a query or fragment");
        return CBOTO_EINVAL;
    }
    if (memchr(host, '@', (size_t)(end - host))) {
        set_err(err, errlen, "endpoint URL must not carry user info");
        return CBOTO_EINVAL;
    }
    if (host[0] == '[') { /* IPv6 literal */
        const char *rb = memchr(host, ']', (size_t)(end - host));

        if (!rb || rb == host + 1 ||
            strspn(host + 1, "0123456789abcdefABCDEF:.") !=
                (size_t)(rb - host - 1)) {
            set_err(err, errlen, "endpoint URL has a bad [IPv6] address");
            return CBOTO_EINVAL;
        }
        if (rb + 1 < end && rb[1] != ':') {
            set_err(err, errlen, "endpoint URL has text after its [IPv6]");
            return CBOTO_EINVAL;
        }
        colon = rb + 1 < end ? rb + 1 : NULL;
        hlen = (size_t)(rb + 1 - host);
    } else {
        colon = memchr(host, ':', (size_t)(end - host));
        hlen = colon ? (size_t)(colon - host) : (size_t)(end - host);
        /* The host goes into the signed Host header: letters, digits, '-'
         * and '.' only (no spaces, no CR/LF, no '@'). */
        if (strspn(host, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != hlen) {
            set_err(err, errlen, "endpoint URL has a bad host name");
            return CBOTO_EINVAL;
        }
    }
    if (hlen == 0) {
        set_err(err, errlen, "endpoint URL needs a host");
        return CBOTO_EINVAL;
    }
    if (colon) {
        size_t plen = (size_t)(end - colon - 1);
        const char *q;

        /* Digits only: strtol would also take a sign or spaces. */
        if (plen == 0 || plen > 5 || strspn(colon + 1, "0123456789") != plen) {
            set_err(err, errlen, "endpoint URL has a bad port");
            return CBOTO_EINVAL;
        }
        for (q = colon + 1, port = 0; q < end; q++)
            port = port * 10 + (*q - '0');
        if (port < 1 || port > 65535) {
            set_err(err, errlen, "endpoint URL has a bad port");
            return CBOTO_EINVAL;
        }
    }
    /* The base path is sent as is: refuse what would break the request
     * line. */
    for (q2 = end; *q2; q2++) {
        if ((unsigned char)*q2 <= ' ' || (unsigned char)*q2 == 127) {
            set_err(err, errlen, "endpoint URL path has spaces or controls");
            return CBOTO_EINVAL;
        }
    }
    e->scheme = cboto__strdup(a, https ? "https" : "http");
    e->hostname = cboto__strndup(a, host, hlen);
    if (port && port != (https ? 443 : 80)) {
        char tmp[16];

        snprintf(tmp, sizeof tmp, ":%ld", port);
        e->host = cboto__alloc(a, hlen + strlen(tmp) + 1);
        if (e->host) {
            memcpy(e->host, host, hlen);
            memcpy(e->host + hlen, tmp, strlen(tmp) + 1);
        }
    } else {
        e->host = cboto__strndup(a, host, hlen);
    }
    /* Drop trailing slashes so "/base" + "/bucket" joins cleanly. */
    hlen = strlen(end);
    while (hlen && end[hlen - 1] == '/')
        hlen--;
    e->base_path = cboto__strndup(a, end, hlen);
    e->is_custom = 1;
    if (!e->scheme || !e->hostname || !e->host || !e->base_path) {
        endpoint_cleanup(a, e);
        return CBOTO_ENOMEM;
    }
    return CBOTO_OK;
}

static int default_endpoint(struct cboto_client *cl, enum cboto__service svc,
                            struct cboto__endpoint *e)
{
    char host[256];
    int rc;

    /* The legacy global names are what boto3 uses for us-east-1. */
    if (svc == CBOTO__SVC_S3)
        snprintf(host, sizeof host,
                 strcmp(cl->region, "us-east-1") == 0 ? "s3.amazonaws.com"
                                                      : "s3.%s.amazonaws.com",
                 cl->region);
    else if (svc == CBOTO__SVC_SQS)
        snprintf(host, sizeof host, "sqs.%s.amazonaws.com", cl->region);
    else
        snprintf(host, sizeof host,
                 strcmp(cl->region, "us-east-1") == 0 ? "sdb.amazonaws.com"
                                                      : "sdb.%s.amazonaws.com",
                 cl->region);
    {
        char url[300];

        snprintf(url, sizeof url, "https://%s", host);
        rc = parse_endpoint(cl->a, url, e, NULL, 0);
    }
    if (!rc)
        e->is_custom = 0;
    return rc;
}

/* Regions become part of host names: allow only what AWS region names use. */
static int valid_region(const char *r)
{
    size_t i, n = strlen(r);

    if (n == 0 || n > 64)
        return 0;
    for (i = 0; i < n; i++) {
        char c = r[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

#define UA_PREFIX    "User-Agent: "
#define UA_EXTRA_MAX 512
/* UA_EXTRA_MAX as a string literal, for the error message. */
#define STR_(x) #x
#define STR(x)  STR_(x)

/* The extra goes into a header line verbatim: a CR or LF would end the
 * line and start another header, so only visible ASCII and spaces pass. */
static int valid_ua_extra(const char *s)
{
    size_t n = strlen(s), i;

    if (n > UA_EXTRA_MAX)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

/* The whole header line, handed to libcurl in the header list: through
 * CURLOPT_USERAGENT libcurl 7.88 would format the same bytes twice per
 * request (once into "User-Agent: %s\r\n", again into the request). */
static char *ua_line(const struct cboto_allocator *a, const char *extra)
{
    size_t n = sizeof UA_PREFIX + sizeof "cboto/" +
               strlen(CBOTO_VERSION_STRING) + (extra ? 1 + strlen(extra) : 0);
    char *p = cboto__alloc(a, n);

    if (p)
        snprintf(p, n, UA_PREFIX "cboto/%s%s%s", CBOTO_VERSION_STRING,
                 extra ? " " : "", extra ? extra : "");
    return p;
}

/* Never CBOTO__EASY_NEW (0) or CBOTO__EASY_DIRTY: a 64-bit count does
 * not wrap.  A freed client's id is not reused, so a handle set up for it
 * is never mistaken for one set up for a client at the same address. */
static uint64_t next_client_id(void)
{
    static uint64_t s_last;

    return __atomic_add_fetch(&s_last, 1, __ATOMIC_RELAXED);
}

int cboto_client_new(const struct cboto_client_options *opts,
                     struct cboto_client **out)
{
    static const struct cboto_client_options zero;
    const struct cboto_client_options *o = opts ? opts : &zero;
    const struct cboto_allocator *a =
        o->allocator ? o->allocator : cboto__default_allocator();
    struct cboto__config_in in;
    struct cboto_client *cl;
    const char *eps[3];
    int rc, i;

    if (!out)
        return CBOTO_EINVAL;
    if ((o->access_key_id == NULL) != (o->secret_access_key == NULL)) {
        set_err(o->error_buf, o->error_buf_size,
                "access_key_id and secret_access_key go together");
        return CBOTO_EINVAL;
    }
    if (o->user_agent_extra && !valid_ua_extra(o->user_agent_extra)) {
        set_err(o->error_buf, o->error_buf_size,
                "user_agent_extra must be at most " STR(
                    UA_EXTRA_MAX) " printable ASCII characters");
        return CBOTO_EINVAL;
    }
    if (o->max_attempts < 0 || o->max_attempts > 100) {
        set_err(o->error_buf, o->error_buf_size,
                "max_attempts must be within 1..100");
        return CBOTO_EINVAL;
    }
    cl = cboto__calloc(a, 1, sizeof *cl);
    if (!cl)
        return CBOTO_ENOMEM;
    cl->a_copy = *a;
    cl->a = &cl->a_copy;
    a = cl->a;
    cl->id = next_client_id();
    if (pthread_mutex_init(&cl->lock, NULL) != 0) {
        cboto__free(a, cl);
        return CBOTO_ENOMEM;
    }
    if (cboto__spare_init(&cl->spare, a) != 0) {
        pthread_mutex_destroy(&cl->lock);
        cboto__free(a, cl);
        return CBOTO_ENOMEM;
    }

    memset(&in, 0, sizeof in);
    in.profile = o->profile;
    in.access_key_id = o->access_key_id;
    in.secret_access_key = o->secret_access_key;
    in.session_token = o->session_token;
    in.region = o->region;
    in.endpoint_url = o->endpoint_url;
    in.max_attempts = o->max_attempts;
    in.ignore_env = o->ignore_environment;
    rc = cboto__config_resolve(a, &in, &cl->cfg, o->error_buf,
                               o->error_buf_size);
    if (rc) {
        cboto__spare_cleanup(&cl->spare);
        pthread_mutex_destroy(&cl->lock);
        cboto__free(a, cl);
        return rc;
    }

    cl->region =
        cboto__strdup(a, cl->cfg.region ? cl->cfg.region : "us-east-1");
    cl->ua_line = ua_line(a, o->user_agent_extra);
    cl->ca_bundle = cboto__strdup(a, o->ca_bundle);
    if (!cl->region || !cl->ua_line || (o->ca_bundle && !cl->ca_bundle)) {
        rc = CBOTO_ENOMEM;
        goto fail;
    }
    if (!valid_region(cl->region)) {
        set_err(o->error_buf, o->error_buf_size,
                "region must be lower-case letters, digits and '-'");
        rc = CBOTO_EINVAL;
        goto fail;
    }
    cl->anonymous = o->anonymous;
    cl->insecure = o->insecure_skip_verify;
    cl->s3_addressing = o->s3_addressing;
    cl->connect_timeout_ms =
        o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000;
    cl->read_timeout_ms = o->read_timeout_ms > 0 ? o->read_timeout_ms : 60000;
    cl->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 0;
    cl->max_attempts = cl->cfg.max_attempts > 0 ? cl->cfg.max_attempts : 3;
    cl->retry_base_ms = o->retry_base_ms > 0 ? o->retry_base_ms : 1000;
    cl->max_response_bytes =
        o->max_response_bytes ? o->max_response_bytes : DEFAULT_MAX_RESPONSE;
    cl->clock = o->clock;
    cl->clock_ud = o->clock_user_data;

    eps[CBOTO__SVC_S3] = cl->cfg.endpoint_s3;
    eps[CBOTO__SVC_SQS] = cl->cfg.endpoint_sqs;
    eps[CBOTO__SVC_SDB] = cl->cfg.endpoint_sdb;
    for (i = 0; i < 3; i++) {
        const char *url = o->endpoint_url ? o->endpoint_url
                          : eps[i]        ? eps[i]
                                          : cl->cfg.endpoint_url;

        rc = url ? parse_endpoint(a, url, &cl->ep[i], o->error_buf,
                                  o->error_buf_size)
                 : default_endpoint(cl, (enum cboto__service)i, &cl->ep[i]);
        if (rc)
            goto fail;
    }
    rc = cboto__sigv4_cache_new(a, &cl->sig_cache);
    if (rc)
        goto fail;
    *out = cl;
    return CBOTO_OK;

fail:
    cl->live = 0;
    cboto_client_free(cl);
    return rc;
}

int cboto_client_free(struct cboto_client *cl)
{
    const struct cboto_allocator *a;
    struct cboto_allocator acopy;
    int i;

    if (!cl)
        return CBOTO_OK;
    pthread_mutex_lock(&cl->lock);
    if (cl->live > 0) {
        pthread_mutex_unlock(&cl->lock);
        return CBOTO_EBUSY;
    }
    pthread_mutex_unlock(&cl->lock);
    /* The allocator lives inside the client: free with a copy. */
    acopy = cl->a_copy;
    a = &acopy;
    cboto__config_cleanup(a, &cl->cfg);
    cboto__free(a, cl->region);
    cboto__free(a, cl->ua_line);
    cboto__free(a, cl->ca_bundle);
    for (i = 0; i < 3; i++)
        endpoint_cleanup(a, &cl->ep[i]);
    cboto__sigv4_cache_free(cl->sig_cache);
    cboto__spare_cleanup(&cl->spare);
    pthread_mutex_destroy(&cl->lock);
    cboto__memzero(cl, sizeof *cl);
    cboto__free(a, cl);
    return CBOTO_OK;
}

const char *cboto_client_region(const struct cboto_client *cl)
{
    return cl ? cl->region : NULL;
}

const char *cboto_client_credentials_source(const struct cboto_client *cl)
{
    return cl ? cl->cfg.creds_source : NULL;
}

long cboto_client_clock_offset(const struct cboto_client *cl)
{
    long off;

    pthread_mutex_lock((pthread_mutex_t *)&cl->lock);
    off = cl->clock_offset;
    pthread_mutex_unlock((pthread_mutex_t *)&cl->lock);
    return off;
}

time_t cboto__client_now(struct cboto_client *cl)
{
    time_t now = cl->clock ? cl->clock(cl->clock_ud) : time(NULL);

    return now + cboto_client_clock_offset(cl);
}

void cboto__client_set_clock_offset(struct cboto_client *cl, long off)
{
    pthread_mutex_lock(&cl->lock);
    cl->clock_offset = off;
    pthread_mutex_unlock(&cl->lock);
}

const struct cboto__endpoint *
cboto__client_endpoint(const struct cboto_client *cl, enum cboto__service svc)
{
    return &cl->ep[svc];
}
