/* SPDX-License-Identifier: MIT */
/* Percent-encoding, hex and base64.  AWS signing needs RFC 3986 encoding
 * with upper-case hex and only the unreserved set left alone; form bodies
 * for SimpleDB and SQS use the same rule so that what is signed is what is
 * sent. */
#include <string.h>

#include "internal.h"

/* 1 for the RFC 3986 unreserved set (A-Z a-z 0-9 - _ . ~), 2 for '/',
 * 0 for everything else: a table, because every byte of every key, path
 * and query value is looked up. */
static const unsigned char s_uri_class[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['/'] = 2, ['0'] = 1,
    ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
    ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1,
    ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1,
    ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1,
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1,
    ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
    ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
    ['z'] = 1,
};

/* Inputs up to this long reserve the worst case (3n) and are written in
 * one pass: form bodies encode many short names and values. */
#define ONE_PASS_MAX 256

/* Two passes: count the exact output length, reserve it once, then write
 * straight into the buffer.  Counting first (rather than reserving 3n)
 * keeps a capped buffer failing only when the result really is too big;
 * the one-pass path falls back to it when the cap refuses 3n. */
int cboto__uri_encode(struct cboto__buf *out, const char *s, size_t n,
                      int keep_slash)
{
    const unsigned char *in = (const unsigned char *)s;
    unsigned keep = keep_slash ? 3u : 1u; /* class bits left alone */
    size_t i, escaped = 0;
    int rc;

    if (!out || (!s && n))
        return CBOTO_EINVAL;
    if (n <= ONE_PASS_MAX) {
        rc = cboto__buf_reserve(out, 3 * n);
        if (rc == CBOTO_OK) {
            out->len +=
                cboto__uri_encode_raw(out->ptr + out->len, s, n, keep_slash);
            out->ptr[out->len] = '\0';
            return CBOTO_OK;
        }
        if (rc != CBOTO_ETOOBIG)
            return rc;
    }
    for (i = 0; i < n; i++)
        escaped += !(s_uri_class[in[i]] & keep);
    /* Each escaped byte grows by two: n + 2 * escaped must not wrap. */
    if (escaped > (SIZE_MAX - n) / 2)
        return CBOTO_ETOOBIG;
    rc = cboto__buf_reserve(out, n + 2 * escaped);
    if (rc)
        return rc;
    if (escaped == 0) {
        if (n)
            memcpy(out->ptr + out->len, in, n);
        out->len += n;
    } else {
        out->len +=
            cboto__uri_encode_raw(out->ptr + out->len, s, n, keep_slash);
    }
    out->ptr[out->len] = '\0';
    return CBOTO_OK;
}

size_t cboto__uri_encode_raw(uint8_t *w, const char *s, size_t n,
                             int keep_slash)
{
    static const char hexu[] = "0123456789ABCDEF";
    const unsigned char *in = (const unsigned char *)s;
    unsigned keep = keep_slash ? 3u : 1u;
    uint8_t *w0 = w;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = in[i];

        if (s_uri_class[c] & keep) {
            *w++ = c;
        } else {
            w[0] = '%';
            w[1] = (uint8_t)hexu[c >> 4];
            w[2] = (uint8_t)hexu[c & 15];
            w += 3;
        }
    }
    return (size_t)(w - w0);
}

/* Up to the first differing byte both encodings are equal.  There, an
 * escaped byte starts with '%', which sorts before every unreserved
 * character; two escapes compare by their upper-case hex digits, which
 * sort as the byte values do; two unreserved bytes compare as themselves.
 * So one look at the first difference decides, without encoding. */
int cboto__uri_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    int ex, ey;

    while (*x && *x == *y) {
        x++;
        y++;
    }
    if (*x == *y)
        return 0;
    if (!*x || !*y)
        return *x ? 1 : -1;
    ex = !(s_uri_class[*x] & 1);
    ey = !(s_uri_class[*y] & 1);
    if (ex != ey)
        return ex ? -1 : 1;
    return *x < *y ? -1 : 1;
}

/* A hex digit's value plus one; 0 (the default) for anything else. */
static const unsigned char s_hexval1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* 0..15, or -1 when c is not a hex digit. */
static int hexval(unsigned char c)
{
    return (int)s_hexval1[c] - 1;
}

/* Two passes again: check every escape and count the output first, so the
 * buffer is reserved once, exactly, and a bad escape appends nothing. */
int cboto__uri_decode(struct cboto__buf *out, const char *s, size_t n,
                      int plus_is_space)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t i, len = n;
    uint8_t *w;
    int rc;

    if (!out || (!s && n))
        return CBOTO_EINVAL;
    if (n == 0)
        return CBOTO_OK; /* as before: an empty input allocates nothing */
    for (i = 0; i < n; i++) {
        if (in[i] != '%')
            continue;
        if (n - i < 3 || hexval(in[i + 1]) < 0 || hexval(in[i + 2]) < 0)
            return CBOTO_EINVAL;
        len -= 2;
        i += 2;
    }
    rc = cboto__buf_reserve(out, len);
    if (rc)
        return rc;
    w = out->ptr + out->len;
    for (i = 0; i < n; i++) {
        unsigned char c = in[i];

        if (c == '%') {
            c = (unsigned char)(hexval(in[i + 1]) << 4 | hexval(in[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        *w++ = c;
    }
    out->len += len;
    out->ptr[out->len] = '\0';
    return CBOTO_OK;
}

/* Both digits of a byte from one lookup: three digests are written in hex
 * per signature. */
#define HEX_ROW(h)                                                            \
    h "0", h "1", h "2", h "3", h "4", h "5", h "6", h "7", h "8", h "9",     \
        h "a", h "b", h "c", h "d", h "e", h "f"
static const char s_hex_pairs[256][3] = {
    HEX_ROW("0"), HEX_ROW("1"), HEX_ROW("2"), HEX_ROW("3"),
    HEX_ROW("4"), HEX_ROW("5"), HEX_ROW("6"), HEX_ROW("7"),
    HEX_ROW("8"), HEX_ROW("9"), HEX_ROW("a"), HEX_ROW("b"),
    HEX_ROW("c"), HEX_ROW("d"), HEX_ROW("e"), HEX_ROW("f")};
#undef HEX_ROW

void cboto__hex(char *out, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        memcpy(out + 2 * i, s_hex_pairs[p[i]], 2);
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
