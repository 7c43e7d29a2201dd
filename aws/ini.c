/* SPDX-License-Identifier: MIT */
/*
 * The INI dialect of ~/.aws/config and ~/.aws/credentials, parsed the way
 * botocore parses it (Python's configparser.RawConfigParser with default
 * options, then botocore's _parse_nested).  Where this file deviates, it
 * says so.
 *
 * Matching configparser:
 *  - Lines end with "\n", "\r\n" or a lone "\r" (Python's universal
 *    newlines).
 *  - A line whose first non-blank byte is '#' or ';' is a comment, even
 *    when indented.  There are NO inline comments: configparser's default
 *    inline_comment_prefixes is None, so "region = us-east-1 ; eu" has the
 *    value "us-east-1 ; eu" for botocore, and for us.  Stripping ";..."
 *    would also cut secret keys that happen to contain " ;".
 *  - "[name]": the name is everything between the first '[' and the LAST
 *    ']' of the stripped line, untrimmed ("[ a ]" is " a "); text after the
 *    ']' is ignored, as configparser's greedy "\[(?P<header>.+)\]" does.
 *  - "key = value" and "key: value": the first '=' or ':' splits; the key is
 *    right-trimmed and lower-cased (configparser's optionxform), the value
 *    trimmed.  Keys are therefore case-insensitive, as in botocore.
 *  - A line indented deeper than the line that started the current option
 *    continues it.  When the option's first value was empty, the
 *    continuation lines are "sub = value" pairs (botocore's nested
 *    sections: "s3 =\n  addressing_style = path"), stored as "s3.sub" with
 *    the sub-key's case kept (botocore does not lower-case them) and the
 *    parent stored with the value "".  Otherwise they are joined to the
 *    value with "\n", blank lines in between kept, as configparser does.
 *  - Duplicate sections and duplicate keys in one section are errors
 *    (configparser's strict mode, which botocore leaves on).  Repeated
 *    sub-keys are not: the last one wins.
 *  - Invalid UTF-8 is an error (botocore raises on UnicodeDecodeError).
 *
 * Deviations, each on input botocore rejects or mangles:
 *  - A UTF-8 byte order mark at the start is skipped (botocore fails on it:
 *    "\ufeff[default]" is not a section header to configparser).
 *  - A NUL byte is an error: values are C strings.
 *  - A stripped line starting with '[' and holding no ']' is an error
 *    ("unterminated section header"); "[]" is "empty section name".
 *    configparser would read "[a = b" as the key "[a".
 *  - configparser's special [DEFAULT] section, whose keys every other
 *    section inherits, is not special here.
 *  - Only ASCII letters are lower-cased, and only ASCII blanks trimmed.
 *
 * Error messages give the file and line and never quote the line: a
 * credentials file line is likely to hold a secret.
 *
 * Representation: entries in file order; each section header adds a marker
 * entry with key == NULL and value == NULL, so that an empty section still
 * exists (an empty [profile x] is a profile) and section order is known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* Per-entry facts needed only while parsing (duplicate detection). */
struct entry_info {
    size_t line;
    int nested; /* a sub-key: repeats allowed, last wins */
};

struct parser {
    const struct cboto_allocator *a;
    struct cboto__ini *ini;
    struct entry_info *info;
    size_t info_cap;
    const char *fname;
    char *errbuf;
    size_t errlen;
    size_t lineno;
    long sect;            /* index of the current section's marker, or -1 */
    long opt;             /* index of the current option entry, or -1 */
    int opt_nested;       /* its first value was empty */
    size_t indent_level;  /* indentation of the line that started it */
    size_t pending_blank; /* blank lines seen since its last value line */
};

static int perr(struct parser *p, size_t line, const char *why)
{
    if (p->errbuf && p->errlen)
        snprintf(p->errbuf, p->errlen, "%s:%zu: %s", p->fname, line, why);
    return CBOTO_ECONFIG;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_blank((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_blank((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
static int utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i];
        size_t need, k;
        unsigned long cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i - 1 < need)
            return 0;
        for (k = 1; k <= need; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += need + 1;
    }
    return 1;
}

static int grow(struct parser *p)
{
    struct cboto__ini *ini = p->ini;

    if (ini->n == ini->cap) {
        size_t ncap = ini->cap ? ini->cap * 2 : 16;
        struct cboto__ini_entry *ne;

        if (ncap > SIZE_MAX / sizeof *ne)
            return CBOTO_ENOMEM;
        ne = cboto__resize(p->a, ini->e, ini->cap * sizeof *ne,
                           ncap * sizeof *ne);
        if (!ne)
            return CBOTO_ENOMEM;
        ini->e = ne;
        ini->cap = ncap;
    }
    if (ini->n == p->info_cap) {
        size_t ncap = p->info_cap ? p->info_cap * 2 : 16;
        struct entry_info *ni;

        if (ncap > SIZE_MAX / sizeof *ni)
            return CBOTO_ENOMEM;
        ni = cboto__resize(p->a, p->info, p->info_cap * sizeof *ni,
                           ncap * sizeof *ni);
        if (!ni)
            return CBOTO_ENOMEM;
        p->info = ni;
        p->info_cap = ncap;
    }
    return CBOTO_OK;
}

/* Takes ownership of key and value (either may be NULL for a marker),
 * freeing them on failure. */
static int add_entry(struct parser *p, const char *sect, size_t slen,
                     char *key, char *value, int nested)
{
    struct cboto__ini_entry *e;
    char *s;

    if (grow(p) != CBOTO_OK)
        goto nomem;
    s = cboto__strndup(p->a, sect, slen);
    if (!s)
        goto nomem;
    e = &p->ini->e[p->ini->n];
    e->section = s;
    e->key = key;
    e->value = value;
    p->info[p->ini->n].line = p->lineno;
    p->info[p->ini->n].nested = nested;
    p->ini->n++;
    return CBOTO_OK;
nomem:
    cboto__free_secret(p->a, key);
    cboto__free_secret(p->a, value);
    return CBOTO_ENOMEM;
}

static int section_line(struct parser *p, const char *s, size_t n)
{
    const char *close = NULL;
    size_t i;

    for (i = n; i > 1; i--) {
        if (s[i - 1] == ']') {
            close = s + i - 1;
            break;
        }
    }
    if (!close)
        return perr(p, p->lineno, "unterminated section header");
    if (close == s + 1)
        return perr(p, p->lineno, "empty section name");
    p->opt = -1;
    p->sect = (long)p->ini->n;
    return add_entry(p, s + 1, (size_t)(close - s - 1), NULL, NULL, 0);
}

static int option_line(struct parser *p, const char *s, size_t n)
{
    const char *k = s, *v;
    size_t klen, vlen, i;
    char *key, *value;
    const struct cboto__ini_entry *sec;

    if (p->sect < 0)
        return perr(p, p->lineno, "key outside of any [section]");
    for (i = 0; i < n && s[i] != '=' && s[i] != ':'; i++)
        ;
    if (i == n)
        return perr(p, p->lineno, "expected 'key = value'");
    klen = i;
    trim(&k, &klen);
    if (klen == 0)
        return perr(p, p->lineno, "empty key");
    v = s + i + 1;
    vlen = n - i - 1;
    trim(&v, &vlen);

    key = cboto__strndup(p->a, k, klen);
    value = cboto__strndup(p->a, v, vlen);
    if (!key || !value) {
        cboto__free_secret(p->a, key);
        cboto__free_secret(p->a, value);
        return CBOTO_ENOMEM;
    }
    for (i = 0; i < klen; i++) {
        if (key[i] >= 'A' && key[i] <= 'Z')
            key[i] = (char)(key[i] - 'A' + 'a');
    }
    sec = &p->ini->e[p->sect];
    p->opt = (long)p->ini->n;
    p->opt_nested = vlen == 0;
    p->pending_blank = 0;
    return add_entry(p, sec->section, strlen(sec->section), key, value, 0);
}

static int nested_line(struct parser *p, const char *s, size_t n)
{
    const struct cboto__ini_entry *parent = &p->ini->e[p->opt];
    const char *eq = memchr(s, '=', n), *k = s, *v;
    size_t klen, vlen, plen;
    char *key, *value;

    /* botocore's _parse_nested splits on '=' only, not ':'. */
    if (!eq)
        return perr(p, p->lineno, "expected 'key = value' in sub-section");
    klen = (size_t)(eq - s);
    trim(&k, &klen);
    v = eq + 1;
    vlen = n - (size_t)(v - s);
    trim(&v, &vlen);

    plen = strlen(parent->key);
    key = cboto__alloc(p->a, plen + 1 + klen + 1);
    if (!key)
        return CBOTO_ENOMEM;
    memcpy(key, parent->key, plen);
    key[plen] = '.';
    memcpy(key + plen + 1, k, klen);
    key[plen + 1 + klen] = '\0';
    value = cboto__strndup(p->a, v, vlen);
    if (!value) {
        cboto__free_secret(p->a, key);
        return CBOTO_ENOMEM;
    }
    return add_entry(p, parent->section, strlen(parent->section), key, value,
                     1);
}

/* A continuation of a plain value: joined with "\n", one more per blank
 * line seen in between (configparser keeps them inside values). */
static int append_line(struct parser *p, const char *s, size_t n)
{
    struct cboto__ini_entry *e = &p->ini->e[p->opt];
    size_t old = strlen(e->value), nl = p->pending_blank + 1, total;
    char *nv;

    if (nl > SIZE_MAX - old || n > SIZE_MAX - old - nl - 1)
        return CBOTO_ENOMEM;
    total = old + nl + n;
    /* A fresh block rather than a resize, so the old copy of what may be
     * a secret is wiped, not left behind in freed memory. */
    nv = cboto__alloc(p->a, total + 1);
    if (!nv)
        return CBOTO_ENOMEM;
    memcpy(nv, e->value, old);
    memset(nv + old, '\n', nl);
    memcpy(nv + old + nl, s, n);
    nv[total] = '\0';
    cboto__free_secret(p->a, e->value);
    e->value = nv;
    p->pending_blank = 0;
    return CBOTO_OK;
}

static int parse_line(struct parser *p, const char *line, size_t len)
{
    const char *s = line;
    size_t n = len, indent = 0;

    if (memchr(line, '\0', len))
        return perr(p, p->lineno, "NUL byte");
    if (!utf8_ok((const unsigned char *)line, len))
        return perr(p, p->lineno, "invalid UTF-8");
    trim(&s, &n);
    if (n == 0) {
        if (p->opt >= 0)
            p->pending_blank++;
        return CBOTO_OK;
    }
    if (s[0] == '#' || s[0] == ';')
        return CBOTO_OK;
    indent = (size_t)(s - line);
    if (p->opt >= 0 && indent > p->indent_level)
        return p->opt_nested ? nested_line(p, s, n) : append_line(p, s, n);
    p->indent_level = indent;
    if (s[0] == '[')
        return section_line(p, s, n);
    return option_line(p, s, n);
}

struct dup_item {
    const char *section;
    const char *key; /* NULL: the section header itself */
    size_t line;
};

static int dup_cmp(const void *x, const void *y)
{
    const struct dup_item *a = x, *b = y;
    int c = strcmp(a->section, b->section);

    if (c)
        return c;
    if (!a->key || !b->key) {
        if (a->key != b->key)
            return a->key ? 1 : -1;
    } else if ((c = strcmp(a->key, b->key)) != 0) {
        return c;
    }
    return a->line < b->line ? -1 : a->line > b->line;
}

/* configparser's strict mode, in O(n log n) so that a fuzzed megabyte of
 * "a=1" lines does not take quadratic time.  Reports the earliest line
 * that repeats something. */
static int check_duplicates(struct parser *p)
{
    struct dup_item *v;
    size_t i, m = 0, bad = 0, first = 0;
    int is_section = 0;

    if (p->ini->n < 2)
        return CBOTO_OK;
    v = cboto__calloc(p->a, p->ini->n, sizeof *v);
    if (!v)
        return CBOTO_ENOMEM;
    for (i = 0; i < p->ini->n; i++) {
        if (p->info[i].nested)
            continue;
        v[m].section = p->ini->e[i].section;
        v[m].key = p->ini->e[i].key;
        v[m].line = p->info[i].line;
        m++;
    }
    qsort(v, m, sizeof *v, dup_cmp);
    for (i = 1; i < m; i++) {
        int same = strcmp(v[i].section, v[i - 1].section) == 0 &&
                   ((!v[i].key && !v[i - 1].key) ||
                    (v[i].key && v[i - 1].key &&
                     strcmp(v[i].key, v[i - 1].key) == 0));

        if (same && (bad == 0 || v[i].line < bad)) {
            bad = v[i].line;
            first = v[i - 1].line;
            is_section = v[i].key == NULL;
        }
    }
    cboto__free(p->a, v);
    if (bad) {
        char why[96];

        /* Neither the key nor the section name is quoted: in a mangled
         * credentials file either may be a pasted secret. */
        snprintf(why, sizeof why, "duplicate %s (first on line %zu)",
                 is_section ? "section" : "key in section", first);
        return perr(p, bad, why);
    }
    return CBOTO_OK;
}

int cboto__ini_parse(const struct cboto_allocator *a, const char *text,
                     size_t len, const char *fname, struct cboto__ini *out,
                     char *errbuf, size_t errlen)
{
    struct parser p;
    size_t pos = 0;
    int rc = CBOTO_OK;

    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!out || (!text && len))
        return CBOTO_EINVAL;
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    p.a = a;
    p.ini = out;
    p.fname = fname ? fname : "<config>";
    p.errbuf = errbuf;
    p.errlen = errlen;
    p.sect = -1;
    p.opt = -1;

    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len && rc == CBOTO_OK) {
        size_t end = pos;

        while (end < len && text[end] != '\n' && text[end] != '\r')
            end++;
        p.lineno++;
        rc = parse_line(&p, text + pos, end - pos);
        if (end < len && text[end] == '\r' && end + 1 < len &&
            text[end + 1] == '\n')
            end++;
        pos = end + 1;
    }
    if (rc == CBOTO_OK)
        rc = check_duplicates(&p);
    cboto__free(a, p.info);
    if (rc != CBOTO_OK) {
        if (rc == CBOTO_ENOMEM && errbuf && errlen)
            snprintf(errbuf, errlen, "%s: out of memory", p.fname);
        cboto__ini_cleanup(a, out);
    }
    return rc;
}

const char *cboto__ini_get(const struct cboto__ini *ini, const char *section,
                           const char *key)
{
    size_t i;

    if (!ini || !section || !key)
        return NULL;
    /* From the end: the last of repeated sub-keys wins, as in botocore. */
    for (i = ini->n; i > 0; i--) {
        const struct cboto__ini_entry *e = &ini->e[i - 1];

        if (e->key && strcmp(e->key, key) == 0 &&
            strcmp(e->section, section) == 0)
            return e->value;
    }
    return NULL;
}

void cboto__ini_cleanup(const struct cboto_allocator *a,
                        struct cboto__ini *ini)
{
    size_t i;

    if (!ini)
        return;
    for (i = 0; i < ini->n; i++) {
        cboto__free(a, ini->e[i].section);
        /* Values in a credentials file are secrets; a mangled line may put
         * one in a key. */
        cboto__free_secret(a, ini->e[i].key);
        cboto__free_secret(a, ini->e[i].value);
    }
    cboto__free(a, ini->e);
    ini->e = NULL;
    ini->n = 0;
    ini->cap = 0;
}
