/* SPDX-License-Identifier: MIT */
/* Percent-encoding, hex and base64.  AWS signing needs RFC 3986 encoding
 * with upper-case hex and only the unreserved set left alone; form bodies
 * for SimpleDB and SQS use the same rule so that what is signed is what is
 * sent. */
#include <string.h>

#include "internal.h"

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '~';
}

int cboto__uri_encode(struct cboto__buf *out, const char *s, size_t n,
                      int keep_slash)
{
    static const char hexu[] = "0123456789ABCDEF";
    size_t i;
    int rc;

    rc = cboto__buf_reserve(out, n);
    if (rc)
        return rc;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (unreserved(c) || (keep_slash && c == '/')) {
            rc = cboto__buf_append_byte(out, c);
        } else {
            char e[3] = {'%', hexu[c >> 4], hexu[c & 15]};

            rc = cboto__buf_append(out, e, 3);
        }
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int cboto__uri_decode(struct cboto__buf *out, const char *s, size_t n,
                      int plus_is_space)
{
    size_t i;
    int rc;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '%') {
            int hi, lo;

            if (n - i < 3)
                return CBOTO_EINVAL;
            hi = hexval((unsigned char)s[i + 1]);
            lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return CBOTO_EINVAL;
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        rc = cboto__buf_append_byte(out, c);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

void cboto__hex(char *out, const uint8_t *p, size_t n)
{
    static const char hexl[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = hexl[p[i] >> 4];
        out[2 * i + 1] = hexl[p[i] & 15];
    }
    out[2 * n] = '\0';
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int cboto__base64_encode(struct cboto__buf *out, const uint8_t *p, size_t n)
{
    size_t i;
    int rc;

    if (n > (SIZE_MAX / 4) * 3 - 3)
        return CBOTO_ETOOBIG;
    rc = cboto__buf_reserve(out, (n + 2) / 3 * 4);
    if (rc)
        return rc;
    for (i = 0; i + 2 < n; i += 3) {
        char q[4] = {b64[p[i] >> 2], b64[(p[i] & 3) << 4 | p[i + 1] >> 4],
                     b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6],
                     b64[p[i + 2] & 63]};

        cboto__buf_append(out, q, 4);
    }
    if (n - i == 1) {
        char q[4] = {b64[p[i] >> 2], b64[(p[i] & 3) << 4], '=', '='};

        cboto__buf_append(out, q, 4);
    } else if (n - i == 2) {
        char q[4] = {b64[p[i] >> 2], b64[(p[i] & 3) << 4 | p[i + 1] >> 4],
                     b64[(p[i + 1] & 15) << 2], '='};

        cboto__buf_append(out, q, 4);
    }
    return CBOTO_OK;
}

static int b64val(unsigned char c)
{
    const char *q;

    if (c == '\0')
        return -1;
    q = strchr(b64, c);
    return q ? (int)(q - b64) : -1;
}

int cboto__base64_decode(struct cboto__buf *out, const char *s, size_t n)
{
    size_t i;
    int rc;

    if (n % 4)
        return CBOTO_EINVAL;
    for (i = 0; i < n; i += 4) {
        int v[4], k, pad = 0;
        uint8_t o[3];

        for (k = 0; k < 4; k++) {
            unsigned char c = (unsigned char)s[i + k];

            if (c == '=' && i + 4 == n && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            if (pad)
                return CBOTO_EINVAL; /* data after padding */
            v[k] = b64val(c);
            if (v[k] < 0)
                return CBOTO_EINVAL;
        }
        if (pad == 1 && s[i + 3] != '=')
            return CBOTO_EINVAL;
        o[0] = (uint8_t)(v[0] << 2 | v[1] >> 4);
        o[1] = (uint8_t)((v[1] & 15) << 4 | v[2] >> 2);
        o[2] = (uint8_t)((v[2] & 3) << 6 | v[3]);
        rc = cboto__buf_append(out, o, 3 - (size_t)pad);
        if (rc)
            return rc;
    }
    return CBOTO_OK;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int cboto__strcaseeq(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

int cboto__strncaseeq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
            return 0;
        if (a[i] == '\0')
            return 1;
    }
    return 1;
}
