/* SPDX-License-Identifier: MIT */
/*
 * Configuration and credentials resolution (contract in config.h), checked
 * against botocore 1.43 point by point.  Behaviour worth knowing:
 *
 *  - An empty environment variable counts as unset (botocore does this for
 *    credentials and endpoints; for region it would use "", which fails
 *    later anyway).
 *  - Profile: explicit > AWS_DEFAULT_PROFILE > AWS_PROFILE > "default".
 *    botocore looks at AWS_DEFAULT_PROFILE first, so we do too; it only
 *    matters when both are set and differ.
 *  - A profile named explicitly or by the environment, "default" included,
 *    must exist in one of the files (botocore's ProfileNotFound).  The
 *    profiles are the config file's [default] / [profile NAME] sections and
 *    the credentials file's [NAME] sections taken literally ("[profile x]"
 *    there is the profile "profile x", as in botocore).  When both [default]
 *    and [profile default] exist, the later one in the file wins whole.
 *  - Other settings (region, endpoint_url, max_attempts, services, ...) of
 *    the profile come from the credentials file first, then the config
 *    file: botocore merges the credentials file's section into the profile
 *    over the config file's.
 *  - Credentials: AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY is an
 *    error (botocore: PartialCredentialsError), while a secret without a key
 *    id is ignored and the search goes on.  Likewise in the files: a profile
 *    with aws_access_key_id but no aws_secret_access_key is an error.  An
 *    explicit key id without an explicit secret (or the reverse) is
 *    CBOTO_EINVAL; an explicit session token without keys is ignored, as
 *    botocore's create_client ignores it.  AWS_SECURITY_TOKEN and
 *    aws_security_token are accepted after the session-token names.
 *  - Endpoints follow botocore's order: AWS_ENDPOINT_URL_<SERVICE> >
 *    AWS_ENDPOINT_URL > the service's endpoint_url in the config file >
 *    the profile's endpoint_url.  The caller uses endpoint_<svc> when set,
 *    else endpoint_url, so a service-specific file value is dropped when
 *    AWS_ENDPOINT_URL is set.  The file's service-specific value comes from
 *    the "[services NAME]" section the profile's "services = NAME" names
 *    (botocore; a missing section is an error as in botocore) and, as a
 *    cboto extension, from the profile's own nested "s3 =\n endpoint_url =".
 *    Service ids: s3, sqs, simpledb (AWS_ENDPOINT_URL_SIMPLEDB).
 *    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's
 *    ignore_configured_endpoint_urls, equal to "true" in any case, drops all
 *    of these; an explicit endpoint always applies.
 *  - A file that does not exist or is not a regular file is skipped
 *    (botocore: os.path.isfile).  One that exists but cannot be read is
 *    CBOTO_EIO, where botocore silently ignores it: better to say so than to
 *    report "no credentials".  "~" and "~/" use HOME; with HOME unset the
 *    default files are skipped.  $VAR in paths is not expanded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#ifndef O_CLOEXEC
#define O_CLOEXEC 0
#endif

#define CONFIG_FILE_MAX    (1024 * 1024)
#define MAX_ATTEMPTS_LIMIT 100

#define SRC_OPTIONS "options"
#define SRC_ENV     "env"
#define SRC_CREDS   "shared-credentials-file"
#define SRC_CONFIG  "config-file"

struct file {
    char *path; /* expanded, or NULL when there is none to read */
    int loaded;
    struct cboto__ini ini;
};

struct ctx {
    const struct cboto_allocator *a;
    const struct cboto__config_in *in;
    char *errbuf;
    size_t errlen;
    int use_files;
    struct file cred;
    struct file cfg;
    const char *profile;
    const char *cfg_section; /* config-file section of the profile, or NULL */
};

static int fail(struct ctx *x, int rc, const char *fmt, ...)
    CBOTO__PRINTF(3, 4);

static int fail(struct ctx *x, int rc, const char *fmt, ...)
{
    va_list ap;

    if (x->errbuf && x->errlen) {
        va_start(ap, fmt);
        vsnprintf(x->errbuf, x->errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static const char *env(const struct ctx *x, const char *name)
{
    const char *v;

    if (x->in->ignore_env)
        return NULL;
    v = x->in->getenv_fn ? x->in->getenv_fn(x->in->getenv_ctx, name)
                         : getenv(name);
    return v && *v ? v : NULL;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* ---- reading a file ----------------------------------------------------- */

static void free_text(const struct cboto_allocator *a, char *p, size_t cap)
{
    if (p) {
        cboto__memzero(p, cap);
        cboto__free(a, p);
    }
}

/* 1: no such regular file; CBOTO_OK with *text (NUL-terminated, cap bytes
 * to wipe) set; or an error. */
static int read_file(struct ctx *x, const char *path, char **text, size_t *len,
                     size_t *cap_out)
{
    struct stat st;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int fd, rc = CBOTO_OK;

    /* O_NONBLOCK: opening a FIFO must not hang; fstat then skips it. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return fail(x, CBOTO_EIO, "%s: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0) {
        rc = fail(x, CBOTO_EIO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = 1;
        goto out;
    }
    if (st.st_size > CONFIG_FILE_MAX)
        goto too_big;
    cap = (size_t)st.st_size + 1;
    if (cap < 256)
        cap = 256;
    buf = cboto__alloc(x->a, cap);
    if (!buf) {
        rc = CBOTO_ENOMEM;
        goto out;
    }
    for (;;) {
        ssize_t got;

        if (n == cap - 1) {
            /* The file grew since fstat: move to a bigger block by hand
             * so the old one can be wiped. */
            size_t ncap = cap * 2;
            char *nb;

            if (n > CONFIG_FILE_MAX)
                goto too_big;
            if (ncap > CONFIG_FILE_MAX + 2)
                ncap = CONFIG_FILE_MAX + 2;
            nb = cboto__alloc(x->a, ncap);
            if (!nb) {
                rc = CBOTO_ENOMEM;
                goto out;
            }
            memcpy(nb, buf, n);
            free_text(x->a, buf, cap);
            buf = nb;
            cap = ncap;
        }
        got = read(fd, buf + n, cap - 1 - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            rc = fail(x, CBOTO_EIO, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > CONFIG_FILE_MAX)
        goto too_big;
    buf[n] = '\0';
    *text = buf;
    *len = n;
    *cap_out = cap;
    close(fd);
    return CBOTO_OK;
too_big:
    rc = fail(x, CBOTO_ECONFIG, "%s: larger than %d bytes", path,
              CONFIG_FILE_MAX);
out:
    free_text(x->a, buf, cap);
    close(fd);
    return rc;
}

/* "~" and "~/..." from HOME; NULL path (skip the file) when HOME is unset. */
static int expand_path(struct ctx *x, const char *p, char **out)
{
    struct cboto__buf b;
    const char *home;
    int rc;

    *out = NULL;
    if (p[0] != '~' || (p[1] != '\0' && p[1] != '/')) {
        *out = cboto__strdup(x->a, p);
        return *out ? CBOTO_OK : CBOTO_ENOMEM;
    }
    home = env(x, "HOME");
    if (!home)
        return CBOTO_OK;
    cboto__buf_init(&b, x->a, 0);
    rc = cboto__buf_append_str(&b, home);
    if (rc == CBOTO_OK)
        rc = cboto__buf_append_str(&b, p + 1);
    if (rc == CBOTO_OK) {
        *out = cboto__buf_steal(&b);
        if (!*out)
            rc = CBOTO_ENOMEM;
    }
    cboto__buf_cleanup(&b);
    return rc == CBOTO_OK ? CBOTO_OK : CBOTO_ENOMEM;
}

static int load_file(struct ctx *x, struct file *f, const char *var,
                     const char *dflt)
{
    const char *p = env(x, var);
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc;

    rc = expand_path(x, p ? p : dflt, &f->path);
    if (rc != CBOTO_OK || !f->path)
        return rc;
    rc = read_file(x, f->path, &text, &len, &cap);
    if (rc == 1)
        return CBOTO_OK;
    if (rc != CBOTO_OK)
        return rc;
    rc = cboto__ini_parse(x->a, text, len, f->path, &f->ini, x->errbuf,
                          x->errlen);
    free_text(x->a, text, cap);
    if (rc == CBOTO_OK)
        f->loaded = 1;
    return rc;
}

/* ---- profiles ----------------------------------------------------------- */

/* shlex.split as botocore applies it to section names (POSIX mode: quotes
 * and backslashes).  Words go to out, NUL-separated; the count is returned,
 * or -1 where shlex raises (unbalanced quote, trailing backslash). */
static int shlex_words(const char *s, char *out)
{
    int words = 0, in_word = 0;
    char q = 0;

    for (; *s; s++) {
        char c = *s;

        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                *out++ = c;
            continue;
        }
        if (q == '"') {
            if (c == '"') {
                q = 0;
            } else if (c == '\\' && (s[1] == '"' || s[1] == '\\' ||
                                     s[1] == '$' || s[1] == '`')) {
                *out++ = *++s;
            } else {
                *out++ = c;
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word) {
                *out++ = '\0';
                in_word = 0;
            }
            continue;
        }
        if (!in_word) {
            in_word = 1;
            words++;
        }
        if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '\\') {
            if (!s[1])
                return -1;
            *out++ = *++s;
        } else {
            *out++ = c;
        }
    }
    if (q)
        return -1;
    if (in_word)
        *out = '\0';
    return words;
}

/* Does config-file section `sect` name `name` under `prefix` ("profile",
 * "services")?  botocore: the section starts with the prefix and shlex
 * splits it into exactly two words, the second being the name. */
static int section_names(const struct cboto_allocator *a, const char *sect,
                         const char *prefix, const char *name, int *match)
{
    size_t plen = strlen(prefix);
    char *w;

    *match = 0;
    if (strncmp(sect, prefix, plen) != 0)
        return CBOTO_OK;
    w = cboto__alloc(a, strlen(sect) + 1);
    if (!w)
        return CBOTO_ENOMEM;
    if (shlex_words(sect, w) == 2)
        *match = strcmp(w + strlen(w) + 1, name) == 0;
    cboto__free(a, w);
    return CBOTO_OK;
}

/* The last config-file section naming `name` under `prefix` (botocore builds
 * a dict in file order, so the later one replaces the earlier). */
static int find_section(struct ctx *x, const char *prefix, const char *name,
                        int dflt_too, const char **out)
{
    const struct cboto__ini *ini = &x->cfg.ini;
    size_t i;

    *out = NULL;
    for (i = 0; i < ini->n; i++) {
        const char *s = ini->e[i].section;
        int match = 0, rc;

        if (ini->e[i].key)
            continue;
        if (dflt_too && strcmp(s, "default") == 0) {
            match = strcmp(name, "default") == 0;
        } else {
            rc = section_names(x->a, s, prefix, name, &match);
            if (rc != CBOTO_OK)
                return rc;
        }
        if (match)
            *out = s;
    }
    return CBOTO_OK;
}

static int has_section(const struct cboto__ini *ini, const char *name)
{
    size_t i;

    for (i = 0; i < ini->n; i++) {
        if (!ini->e[i].key && strcmp(ini->e[i].section, name) == 0)
            return 1;
    }
    return 0;
}

/* A setting of the profile: credentials file first, then config file.
 * *from receives the file it came from (for error messages). */
static const char *scoped(const struct ctx *x, const char *key,
                          const char **from)
{
    const char *v = NULL;

    if (x->cred.loaded)
        v = nonempty(cboto__ini_get(&x->cred.ini, x->profile, key));
    if (v) {
        if (from)
            *from = x->cred.path;
        return v;
    }
    if (x->cfg_section)
        v = nonempty(cboto__ini_get(&x->cfg.ini, x->cfg_section, key));
    if (v && from)
        *from = x->cfg.path;
    return v;
}

static int resolve_profile(struct ctx *x, struct cboto__config *c)
{
    const char *p = nonempty(x->in->profile);
    int named = 1;

    if (!p)
        p = env(x, "AWS_DEFAULT_PROFILE");
    if (!p)
        p = env(x, "AWS_PROFILE");
    if (!p) {
        p = "default";
        named = 0;
    }
    c->profile = cboto__strdup(x->a, p);
    if (!c->profile)
        return CBOTO_ENOMEM;
    x->profile = c->profile;
    if (!x->use_files)
        return CBOTO_OK;
    if (x->cfg.loaded) {
        int rc = find_section(x, "profile", p, 1, &x->cfg_section);

        if (rc != CBOTO_OK)
            return rc;
    }
    if (named && !x->cfg_section &&
        !(x->cred.loaded && has_section(&x->cred.ini, p))) {
        if (!x->cred.path && !x->cfg.path)
            return fail(x, CBOTO_ECONFIG,
                        "profile '%s' not found (no configuration files: "
                        "HOME is not set)",
                        p);
        return fail(x, CBOTO_ECONFIG, "profile '%s' not found in %s%s%s", p,
                    x->cred.path ? x->cred.path : "",
                    x->cred.path && x->cfg.path ? " or " : "",
                    x->cfg.path ? x->cfg.path : "");
    }
    return CBOTO_OK;
}

/* ---- credentials -------------------------------------------------------- */

static int set_creds(struct ctx *x, struct cboto__config *c, const char *id,
                     const char *secret, const char *token, const char *src)
{
    c->access_key_id = cboto__strdup(x->a, id);
    c->secret_access_key = cboto__strdup(x->a, secret);
    c->session_token = token ? cboto__strdup(x->a, token) : NULL;
    c->creds_source = cboto__strdup(x->a, src);
    if (!c->access_key_id || !c->secret_access_key || !c->creds_source ||
        (token && !c->session_token))
        return CBOTO_ENOMEM;
    return CBOTO_OK;
}

/* 1 when found, 0 when the section has no aws_access_key_id, or an error. */
static int creds_from_file(struct ctx *x, struct cboto__config *c,
                           const struct file *f, const char *sect,
                           const char *src)
{
    const char *id, *secret, *token;

    if (!f->loaded || !sect)
        return 0;
    /* botocore keys on the presence of aws_access_key_id. */
    id = cboto__ini_get(&f->ini, sect, "aws_access_key_id");
    if (!id)
        return 0;
    secret = nonempty(cboto__ini_get(&f->ini, sect, "aws_secret_access_key"));
    if (!*id || !secret)
        return fail(x, CBOTO_ECONFIG,
                    "%s: profile '%s': partial credentials: %s is %s", f->path,
                    x->profile,
                    *id ? "aws_secret_access_key" : "aws_access_key_id",
                    *id ? "missing" : "empty");
    token = nonempty(cboto__ini_get(&f->ini, sect, "aws_session_token"));
    if (!token)
        token = nonempty(cboto__ini_get(&f->ini, sect, "aws_security_token"));
    return set_creds(x, c, id, secret, token, src) == CBOTO_OK ? 1
                                                               : CBOTO_ENOMEM;
}

static int resolve_creds(struct ctx *x, struct cboto__config *c)
{
    const struct cboto__config_in *in = x->in;
    const char *id = nonempty(in->access_key_id);
    const char *secret = nonempty(in->secret_access_key);
    const char *token;
    int rc;

    if (id || secret) {
        if (!id || !secret)
            return fail(x, CBOTO_EINVAL, "options: %s given without %s",
                        id ? "access_key_id" : "secret_access_key",
                        id ? "secret_access_key" : "access_key_id");
        return set_creds(x, c, id, secret, nonempty(in->session_token),
                         SRC_OPTIONS);
    }
    id = env(x, "AWS_ACCESS_KEY_ID");
    if (id) {
        secret = env(x, "AWS_SECRET_ACCESS_KEY");
        if (!secret)
            return fail(x, CBOTO_ECONFIG,
                        "partial credentials in the environment: "
                        "AWS_ACCESS_KEY_ID is set but not "
                        "AWS_SECRET_ACCESS_KEY");
        token = env(x, "AWS_SESSION_TOKEN");
        if (!token)
            token = env(x, "AWS_SECURITY_TOKEN");
        return set_creds(x, c, id, secret, token, SRC_ENV);
    }
    if (!x->use_files)
        return CBOTO_OK;
    rc = creds_from_file(x, c, &x->cred, x->profile, SRC_CREDS);
    if (rc == 0)
        rc = creds_from_file(x, c, &x->cfg, x->cfg_section, SRC_CONFIG);
    return rc < 0 ? rc : CBOTO_OK;
}

/* ---- region, endpoints, attempts ---------------------------------------- */

static int dup_opt(struct ctx *x, char **dst, const char *v)
{
    if (!v)
        return CBOTO_OK;
    *dst = cboto__strdup(x->a, v);
    return *dst ? CBOTO_OK : CBOTO_ENOMEM;
}

static int resolve_region(struct ctx *x, struct cboto__config *c)
{
    const char *v = nonempty(x->in->region);

    if (!v)
        v = env(x, "AWS_REGION");
    if (!v)
        v = env(x, "AWS_DEFAULT_REGION");
    if (!v && x->use_files)
        v = scoped(x, "region", NULL);
    return dup_opt(x, &c->region, v);
}

static int is_true(const char *s)
{
    return s && cboto__strcaseeq(s, "true");
}

struct service {
    const char *env; /* AWS_ENDPOINT_URL_<ID> */
    const char *key; /* sub-key in a services section or the profile */
    size_t offset;   /* of the char * in struct cboto__config */
};

static const struct service s_services[] = {
    {"AWS_ENDPOINT_URL_S3", "s3.endpoint_url",
     offsetof(struct cboto__config, endpoint_s3)},
    {"AWS_ENDPOINT_URL_SQS", "sqs.endpoint_url",
     offsetof(struct cboto__config, endpoint_sqs)},
    {"AWS_ENDPOINT_URL_SIMPLEDB", "simpledb.endpoint_url",
     offsetof(struct cboto__config, endpoint_sdb)},
};

static int resolve_endpoints(struct ctx *x, struct cboto__config *c)
{
    const char *v, *global, *svc_name = NULL, *svc_sect = NULL;
    int ignore, rc;
    size_t i;

    v = nonempty(x->in->endpoint_url);
    if (v)
        return dup_opt(x, &c->endpoint_url, v);
    v = env(x, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    if (v)
        ignore = is_true(v);
    else
        ignore = x->use_files &&
                 is_true(scoped(x, "ignore_configured_endpoint_urls", NULL));
    if (ignore)
        return CBOTO_OK;

    global = env(x, "AWS_ENDPOINT_URL");
    if (x->use_files) {
        svc_name = scoped(x, "services", NULL);
        if (svc_name && !global) {
            if (x->cfg.loaded) {
                rc = find_section(x, "services", svc_name, 0, &svc_sect);
                if (rc != CBOTO_OK)
                    return rc;
            }
            if (!svc_sect)
                return fail(x, CBOTO_ECONFIG,
                            "profile '%s' uses services '%s', which is not "
                            "a section of %s",
                            x->profile, svc_name,
                            x->cfg.path ? x->cfg.path : "the config file");
        }
    }
    for (i = 0; i < sizeof s_services / sizeof s_services[0]; i++) {
        const struct service *s = &s_services[i];
        char **dst = (char **)(void *)((char *)c + s->offset);

        v = env(x, s->env);
        if (!v && !global && x->use_files) {
            if (svc_sect)
                v = nonempty(cboto__ini_get(&x->cfg.ini, svc_sect, s->key));
            if (!v)
                v = scoped(x, s->key, NULL);
        }
        rc = dup_opt(x, dst, v);
        if (rc != CBOTO_OK)
            return rc;
    }
    if (!global && x->use_files)
        global = scoped(x, "endpoint_url", NULL);
    return dup_opt(x, &c->endpoint_url, global);
}

/* Python's int() as botocore applies it, with the 1..100 range on top. */
static int parse_attempts(const char *s, int *out)
{
    char *end;
    long v;

    while (*s == ' ' || *s == '\t')
        s++;
    if (!(*s >= '0' && *s <= '9') &&
        !((*s == '+' || *s == '-') && s[1] >= '0' && s[1] <= '9'))
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0')
        return -1;
    if (errno == ERANGE || v < 1 || v > MAX_ATTEMPTS_LIMIT)
        return -2;
    *out = (int)v;
    return 0;
}

static int resolve_attempts(struct ctx *x, struct cboto__config *c)
{
    const char *v, *from = NULL;
    int r;

    if (x->in->max_attempts) {
        if (x->in->max_attempts < 1 ||
            x->in->max_attempts > MAX_ATTEMPTS_LIMIT)
            return fail(x, CBOTO_EINVAL,
                        "options: max_attempts must be between 1 and %d",
                        MAX_ATTEMPTS_LIMIT);
        c->max_attempts = x->in->max_attempts;
        return CBOTO_OK;
    }
    v = env(x, "AWS_MAX_ATTEMPTS");
    if (v) {
        r = parse_attempts(v, &c->max_attempts);
        if (r == -1)
            return fail(x, CBOTO_EINVAL, "AWS_MAX_ATTEMPTS: not a number");
        if (r == -2)
            return fail(x, CBOTO_EINVAL,
                        "AWS_MAX_ATTEMPTS: must be between 1 and %d",
                        MAX_ATTEMPTS_LIMIT);
        return CBOTO_OK;
    }
    if (!x->use_files)
        return CBOTO_OK;
    v = scoped(x, "max_attempts", &from);
    if (!v)
        return CBOTO_OK;
    r = parse_attempts(v, &c->max_attempts);
    if (r == -1)
        return fail(x, CBOTO_EINVAL,
                    "%s: profile '%s': max_attempts: not a number", from,
                    x->profile);
    if (r == -2)
        return fail(x, CBOTO_EINVAL,
                    "%s: profile '%s': max_attempts must be between 1 and %d",
                    from, x->profile, MAX_ATTEMPTS_LIMIT);
    return CBOTO_OK;
}

/* ---- entry points ------------------------------------------------------- */

static void file_cleanup(const struct cboto_allocator *a, struct file *f)
{
    cboto__ini_cleanup(a, &f->ini);
    cboto__free(a, f->path);
    f->path = NULL;
    f->loaded = 0;
}

int cboto__config_resolve(const struct cboto_allocator *a,
                          const struct cboto__config_in *in,
                          struct cboto__config *out, char *errbuf,
                          size_t errlen)
{
    struct cboto__config c;
    struct ctx x;
    int rc;

    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!in || !out)
        return CBOTO_EINVAL;
    memset(&c, 0, sizeof c);
    memset(&x, 0, sizeof x);
    x.a = a;
    x.in = in;
    x.errbuf = errbuf;
    x.errlen = errlen;
    x.use_files = !in->ignore_env && !in->ignore_files;

    rc = CBOTO_OK;
    if (x.use_files) {
        rc = load_file(&x, &x.cred, "AWS_SHARED_CREDENTIALS_FILE",
                       "~/.aws/credentials");
        if (rc == CBOTO_OK)
            rc = load_file(&x, &x.cfg, "AWS_CONFIG_FILE", "~/.aws/config");
    }
    if (rc == CBOTO_OK)
        rc = resolve_profile(&x, &c);
    if (rc == CBOTO_OK)
        rc = resolve_creds(&x, &c);
    if (rc == CBOTO_OK)
        rc = resolve_region(&x, &c);
    if (rc == CBOTO_OK)
        rc = resolve_endpoints(&x, &c);
    if (rc == CBOTO_OK)
        rc = resolve_attempts(&x, &c);

    file_cleanup(a, &x.cred);
    file_cleanup(a, &x.cfg);
    if (rc != CBOTO_OK) {
        if (rc == CBOTO_ENOMEM && errbuf && errlen)
            snprintf(errbuf, errlen, "out of memory");
        cboto__config_cleanup(a, &c);
        return rc;
    }
    *out = c;
    return CBOTO_OK;
}

void cboto__config_cleanup(const struct cboto_allocator *a,
                           struct cboto__config *c)
{
    if (!c)
        return;
    cboto__free(a, c->profile);
    cboto__free_secret(a, c->access_key_id);
    cboto__free_secret(a, c->secret_access_key);
    cboto__free_secret(a, c->session_token);
    cboto__free(a, c->creds_source);
    cboto__free(a, c->region);
    cboto__free(a, c->endpoint_url);
    cboto__free(a, c->endpoint_s3);
    cboto__free(a, c->endpoint_sqs);
    cboto__free(a, c->endpoint_sdb);
    memset(c, 0, sizeof *c);
}
