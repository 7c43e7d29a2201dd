/* SPDX-License-Identifier: MIT */
/* Percent-encoding, hex and base64.  AWS signing needs RFC 3986 encoding
 * with upper-case hex and only the unreserved set left alone; form bodies
 * for SimpleDB and SQS use the same rule so that what is signed is what is
 * sent. */
#include <string.h>

#include "internal.h"

/* Which bytes stay as they are, as bit masks: bit 0 in every encoding
 * (the RFC 3986 unreserved set, A-Z a-z 0-9 - _ . ~), bit 1 where '/' is
 * kept too (so '/' has only bit 1).  A table, because every byte of every
 * key, path and query value is looked up; bits, so that the classes of
 * eight bytes can be ANDed together. */
#define KEEP_BIT(keep_slash) ((keep_slash) ? 2u : 1u)
static const unsigned char s_uri_class[256] = {
    ['-'] = 3, ['.'] = 3, ['_'] = 3, ['~'] = 3, ['/'] = 2, ['0'] = 3,
    ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3, ['6'] = 3,
    ['7'] = 3, ['8'] = 3, ['9'] = 3, ['A'] = 3, ['B'] = 3, ['C'] = 3,
    ['D'] = 3, ['E'] = 3, ['F'] = 3, ['G'] = 3, ['H'] = 3, ['I'] = 3,
    ['J'] = 3, ['K'] = 3, ['L'] = 3, ['M'] = 3, ['N'] = 3, ['O'] = 3,
    ['P'] = 3, ['Q'] = 3, ['R'] = 3, ['S'] = 3, ['T'] = 3, ['U'] = 3,
    ['V'] = 3, ['W'] = 3, ['X'] = 3, ['Y'] = 3, ['Z'] = 3, ['a'] = 3,
    ['b'] = 3, ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3,
    ['h'] = 3, ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3,
    ['n'] = 3, ['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3,
    ['t'] = 3, ['u'] = 3, ['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3,
    ['z'] = 3,
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
    unsigned keep = KEEP_BIT(keep_slash);
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

static inline uint8_t *encode_byte(uint8_t *w, unsigned char c, unsigned keep,
                                   int plus)
{
    static const char hexu[] = "0123456789ABCDEF";

    if (s_uri_class[c] & keep) {
        *w++ = c;
    } else if (plus && c == ' ') {
        *w++ = '+';
    } else {
        w[0] = '%';
        w[1] = (uint8_t)hexu[c >> 4];
        w[2] = (uint8_t)hexu[c & 15];
        w += 3;
    }
    return w;
}

/* Most input is long runs of unreserved bytes: eight at a time are
 * checked with one AND of their classes and copied as one word; a block
 * with anything to escape goes byte by byte. */
static inline size_t encode_raw(uint8_t *w, const unsigned char *in, size_t n,
                                unsigned keep, int plus)
{
    uint8_t *w0 = w;
    size_t i = 0, j;

    for (; n - i >= 8; i += 8) {
        const unsigned char *p = in + i;

        if (s_uri_class[p[0]] & s_uri_class[p[1]] & s_uri_class[p[2]] &
            s_uri_class[p[3]] & s_uri_class[p[4]] & s_uri_class[p[5]] &
            s_uri_class[p[6]] & s_uri_class[p[7]] & keep) {
            memcpy(w, p, 8);
            w += 8;
        } else {
            for (j = 0; j < 8; j++)
                w = encode_byte(w, p[j], keep, plus);
        }
    }
    for (; i < n; i++)
        w = encode_byte(w, in[i], keep, plus);
    return (size_t)(w - w0);
}

size_t cboto__uri_encode_raw(uint8_t *w, const char *s, size_t n,
                             int keep_slash)
{
    return encode_raw(w, (const unsigned char *)s, n, KEEP_BIT(keep_slash), 0);
}

size_t cboto__form_encode_raw(uint8_t *w, const char *s, size_t n)
{
    return encode_raw(w, (const unsigned char *)s, n, KEEP_BIT(0), 1);
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
