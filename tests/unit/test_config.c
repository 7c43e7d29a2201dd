/* SPDX-License-Identifier: MIT */
/* The AWS INI parser and configuration/credentials resolution.  Expected
 * values were checked against botocore 1.43 on the same fixtures; where
 * cboto deliberately differs the test says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEST_LIST(X)                                                          \
    X(ini_basic)                                                              \
    X(ini_comments)                                                           \
    X(ini_crlf_bom)                                                           \
    X(ini_nested)                                                             \
    X(ini_multiline)                                                          \
    X(ini_errors)                                                             \
    X(ini_fuzz)                                                               \
    X(ini_long_line)                                                          \
    X(ini_torture)                                                            \
    X(resolve_default_profile)                                                \
    X(resolve_home_tilde)                                                     \
    X(resolve_no_files)                                                       \
    X(creds_precedence)                                                       \
    X(creds_env_partial)                                                      \
    X(creds_options_partial)                                                  \
    X(creds_file_partial)                                                     \
    X(profile_precedence)                                                     \
    X(profile_sections)                                                       \
    X(profile_not_found)                                                      \
    X(region_precedence)                                                      \
    X(endpoint_precedence)                                                    \
    X(endpoint_services)                                                      \
    X(endpoint_ignore)                                                        \
    X(max_attempts)                                                           \
    X(ignore_flags)                                                           \
    X(missing_files)                                                          \
    X(file_too_big)                                                           \
    X(bad_files)                                                              \
    X(crlf_bom_file)                                                          \
    X(secrets_not_in_errors)                                                  \
    X(torture_resolve)

#include "harness.h"

#include "aws/config.h"

#define D    TOP_SRCDIR "/tests/data/config"
#define CRED D "/credentials"
#define CONF D "/config"

/* ---- helpers ------------------------------------------------------------ */

/* A fake environment: NULL-terminated name/value pairs. */
static const char *fake_getenv(void *ctx, const char *name)
{
    const char *const *kv = ctx;

    for (; kv && kv[0]; kv += 2) {
        if (strcmp(kv[0], name) == 0)
            return kv[1];
    }
    return NULL;
}

static char s_err[512];

static int resolve_env(struct cboto_allocator *a, struct cboto__config_in *in,
                       const char *const *env, struct cboto__config *out)
{
    in->getenv_fn = fake_getenv;
    in->getenv_ctx = (void *)env;
    memset(out, 0, sizeof *out);
    s_err[0] = '\0';
    return cboto__config_resolve(a, in, out, s_err, sizeof s_err);
}

/* Resolve with the two fixture files and extra variables. */
#define FILES "AWS_SHARED_CREDENTIALS_FILE", CRED, "AWS_CONFIG_FILE", CONF

static int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* Any secret value the fixtures or the tests use. */
static int has_secret(const char *s)
{
    static const char *const secrets[] = {
        "SECRETENV",     "SECRETTOKEN",      "SECRETOPT",    "SECRETNOEQUALS",
        "SECRETNESTED",  "SECRETCRED",       "SECRETCONFIG", "SECRETKEY",
        "SECRETLITERAL", "SECRETSECRETONLY", "TOKENCRED",    "TOKENCONFIG",
        "TOKENENV",      "\"SECRET\"",       "secretkey",    "SECRET]"};
    size_t i;

    for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        if (contains(s, secrets[i]))
            return 1;
    }
    return 0;
}

static int parse(struct cboto_allocator *a, const char *text,
                 struct cboto__ini *ini)
{
    s_err[0] = '\0';
    return cboto__ini_parse(a, text, strlen(text), "t.ini", ini, s_err,
                            sizeof s_err);
}

/* ---- the INI parser ----------------------------------------------------- */

static int test_ini_basic(struct cboto_allocator *a)
{
    struct cboto__ini ini;

    ASSERT_OK(parse(a,
                    "[default]\n"
                    "Region = eu-west-1\n"
                    "k=v\n"
                    "k2:  v2 with  spaces  \n"
                    "eq = a=b:c\n"
                    "colon: x = y\n"
                    "[ spaced ]\n"
                    "[s]] trailing text\n"
                    "empty =\n"
                    "[profile x]\n"
                    "\tKey With Space\t= 1\n",
                    &ini));
    /* Section markers keep empty sections and the order. */
    ASSERT_NULL(ini.e[0].key);
    ASSERT_STREQ("default", ini.e[0].section);
    /* Keys are lower-cased like configparser's optionxform. */
    ASSERT_STREQ("eu-west-1", cboto__ini_get(&ini, "default", "region"));
    ASSERT_NULL(cboto__ini_get(&ini, "default", "Region"));
    ASSERT_STREQ("v", cboto__ini_get(&ini, "default", "k"));
    ASSERT_STREQ("v2 with  spaces", cboto__ini_get(&ini, "default", "k2"));
    ASSERT_STREQ("a=b:c", cboto__ini_get(&ini, "default", "eq"));
    ASSERT_STREQ("x = y", cboto__ini_get(&ini, "default", "colon"));
    /* Section names are taken untrimmed up to the last ']'. */
    ASSERT_STREQ(" spaced ", ini.e[6].section);
    ASSERT_NULL(ini.e[6].key);
    ASSERT_STREQ("", cboto__ini_get(&ini, "s]", "empty"));
    ASSERT_STREQ("1", cboto__ini_get(&ini, "profile x", "key with space"));
    ASSERT_NULL(cboto__ini_get(&ini, "nope", "k"));
    ASSERT_NULL(cboto__ini_get(&ini, "default", "nope"));
    cboto__ini_cleanup(a, &ini);
    ASSERT_EQ(0, ini.n);
    cboto__ini_cleanup(a, &ini);
    cboto__ini_cleanup(a, NULL);

    ASSERT_OK(parse(a, "", &ini));
    ASSERT_EQ(0, ini.n);
    cboto__ini_cleanup(a, &ini);
    ASSERT_EQ(CBOTO_EINVAL, cboto__ini_parse(a, "x", 1, "t", NULL, NULL, 0));
    return 0;
}

static int test_ini_comments(struct cboto_allocator *a)
{
    struct cboto__ini ini;

    ASSERT_OK(parse(a,
                    "# leading comment\n"
                    "; another\n"
                    "\n"
                    "[d]\n"
                    "   # indented comment\n"
                    "\t; indented comment\n"
                    "a = 1 ; kept\n"
                    "b = x#y\n"
                    "c = 2 # kept too\n"
                    "#d = 3\n",
                    &ini));
    /* configparser has no inline comments by default: botocore keeps the
     * text after ';' or '#' in the value, and so do we. */
    ASSERT_STREQ("1 ; kept", cboto__ini_get(&ini, "d", "a"));
    ASSERT_STREQ("x#y", cboto__ini_get(&ini, "d", "b"));
    ASSERT_STREQ("2 # kept too", cboto__ini_get(&ini, "d", "c"));
    ASSERT_NULL(cboto__ini_get(&ini, "d", "#d"));
    ASSERT_EQ(4, ini.n);
    cboto__ini_cleanup(a, &ini);
    return 0;
}

static int test_ini_crlf_bom(struct cboto_allocator *a)
{
    struct cboto__ini ini;

    ASSERT_OK(parse(a, "\xef\xbb\xbf[d]\r\nk = v\r\n\rj = w\r", &ini));
    ASSERT_STREQ("d", ini.e[0].section);
    ASSERT_STREQ("v", cboto__ini_get(&ini, "d", "k"));
    ASSERT_STREQ("w", cboto__ini_get(&ini, "d", "j"));
    cboto__ini_cleanup(a, &ini);

    /* CRLF counts as one line, a lone CR as one (Python's universal
     * newlines). */
    ASSERT_EQ(CBOTO_ECONFIG, parse(a, "[d]\r\nk = v\r\n\rbad\r\n", &ini));
    ASSERT_STREQ("t.ini:4: expected 'key = value'", s_err);
    /* A BOM anywhere else is just bytes. */
    ASSERT_EQ(CBOTO_ECONFIG, parse(a, "\n\xef\xbb\xbf[d]\n", &ini));
    ASSERT_STREQ("t.ini:2: key outside of any [section]", s_err);
    return 0;
}

static int test_ini_nested(struct cboto_allocator *a)
{
    struct cboto__ini ini;

    ASSERT_OK(parse(a,
                    "[p]\n"
                    "S3 =\n"
                    "    Addressing_Style = path\n"
                    "\n"
                    "    # a comment inside\n"
                    "    endpoint_url=http://x:9000\n"
                    "    dup = 1\n"
                    "    dup = 2\n"
                    "region = r\n"
                    "sqs =\n"
                    "\n"
                    "      endpoint_url = http://q\n",
                    &ini));
    /* The parent key is lower-cased, sub-keys keep their case (botocore's
     * _parse_nested does not lower-case them). */
    ASSERT_STREQ("", cboto__ini_get(&ini, "p", "s3"));
    ASSERT_STREQ("path", cboto__ini_get(&ini, "p", "s3.Addressing_Style"));
    ASSERT_STREQ("http://x:9000",
                 cboto__ini_get(&ini, "p", "s3.endpoint_url"));
    ASSERT_STREQ("2", cboto__ini_get(&ini, "p", "s3.dup"));
    ASSERT_STREQ("r", cboto__ini_get(&ini, "p", "region"));
    ASSERT_STREQ("http://q", cboto__ini_get(&ini, "p", "sqs.endpoint_url"));
    cboto__ini_cleanup(a, &ini);

    /* botocore splits sub-keys on '=' only. */
    ASSERT_EQ(CBOTO_ECONFIG, parse(a, "[p]\ns3 =\n  a: b\n", &ini));
    ASSERT_STREQ("t.ini:3: expected 'key = value' in sub-section", s_err);
    return 0;
}

static int test_ini_multiline(struct cboto_allocator *a)
{
    struct cboto__ini ini;

    ASSERT_OK(parse(a,
                    "[p]\n"
                    "k = first\n"
                    "   second = still value\n"
                    "\n"
                    "   # comment, not part of it\n"
                    "   third\n"
                    "\n"
                    "n = 1\n"
                    "  [notasection]\n"
                    "  [x]\n"
                    "    m = deeper\n"
                    "  o = same indent as [x]\n",
                    &ini));
    ASSERT_STREQ("first\nsecond = still value\n\nthird",
                 cboto__ini_get(&ini, "p", "k"));
    ASSERT_STREQ("1\n[notasection]\n[x]\nm = deeper\no = same indent as [x]",
                 cboto__ini_get(&ini, "p", "n"));
    cboto__ini_cleanup(a, &ini);

    /* After a header, an indented line starts an option and sets the
     * level for its own continuations. */
    ASSERT_OK(parse(a, "[p]\n  a = 1\n  b = 2\n    c\n", &ini));
    ASSERT_STREQ("1", cboto__ini_get(&ini, "p", "a"));
    ASSERT_STREQ("2\nc", cboto__ini_get(&ini, "p", "b"));
    cboto__ini_cleanup(a, &ini);
    return 0;
}

static int test_ini_errors(struct cboto_allocator *a)
{
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        const char *msg;
    } cases[] = {
        {"k = v\n[d]\n", 0, "t.ini:1: key outside of any [section]"},
        {"\n  k = v\n", 0, "t.ini:2: key outside of any [section]"},
        {"# c\n[d]\nfoo\n", 0, "t.ini:3: expected 'key = value'"},
        {"[d\nk = v\n", 0, "t.ini:1: unterminated section header"},
        {"[d]\nk = v\n[e\n", 0, "t.ini:3: unterminated section header"},
        {"[d]\n[]\n", 0, "t.ini:2: empty section name"},
        {"[d]\n = v\n", 0, "t.ini:2: empty key"},
        {"[d]\n:v\n", 0, "t.ini:2: empty key"},
        {"[d]\ns3 =\n  nope\n", 0,
         "t.ini:3: expected 'key = value' in sub-section"},
        {"[d]\nk=1\n[e]\n[d]\n", 0,
         "t.ini:4: duplicate section (first on line 1)"},
        {"[d]\nK=1\n\nk=2\n", 0,
         "t.ini:4: duplicate key in section (first on line 2)"},
        {"[d]\nk=1\n[e]\nk=2\n[f]\nx=1\nx=2\n", 0,
         "t.ini:7: duplicate key in section (first on line 6)"},
        {"[d]\nk=a\0b\n", 10, "t.ini:2: NUL byte"},
        {"[d]\n#\0\n", 7, "t.ini:2: NUL byte"},
        {"[d]\nk=\xff\n", 0, "t.ini:2: invalid UTF-8"},
        {"[d]\nk=\xc0\xaf\n", 0, "t.ini:2: invalid UTF-8"},
        {"[d]\nk=\xed\xa0\x80\n", 0, "t.ini:2: invalid UTF-8"},
        {"[d]\nk=\xf4\x90\x80\x80\n", 0, "t.ini:2: invalid UTF-8"},
        {"[d]\nk=\xe2\x82\n", 0, "t.ini:2: invalid UTF-8"},
    };
    struct cboto__ini ini;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        int rc;

        s_err[0] = '\0';
        rc = cboto__ini_parse(a, cases[i].text, len, "t.ini", &ini, s_err,
                              sizeof s_err);
        if (rc != CBOTO_ECONFIG || strcmp(s_err, cases[i].msg) != 0)
            FAILF("case %zu: got %s \"%s\", expected \"%s\"", i,
                  cboto_err_name(rc), s_err, cases[i].msg);
        ASSERT_EQ(0, ini.n);
        ASSERT_NULL(ini.e);
    }
    /* Valid multi-byte UTF-8 is fine; a NULL errbuf is fine. */
    ASSERT_OK(cboto__ini_parse(a,
                               "[d]\nk=\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                               15, NULL, &ini, NULL, 0));
    ASSERT_STREQ("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                 cboto__ini_get(&ini, "d", "k"));
    cboto__ini_cleanup(a, &ini);
    ASSERT_EQ(CBOTO_ECONFIG,
              cboto__ini_parse(a, "junk", 4, NULL, &ini, NULL, 0));
    return 0;
}

/* Random input from an alphabet rich in syntax: must never crash, leak or
 * return anything but OK / ECONFIG. */
static int test_ini_fuzz(struct cboto_allocator *a)
{
    static const char alpha[] = "[]=:;# \t\n\r\n\nabS3.\0\xff\xc3\xa9p  ";
    unsigned long long r = 0x9e3779b97f4a7c15ull;
    char text[400];
    int iter;

    for (iter = 0; iter < 30000; iter++) {
        struct cboto__ini ini;
        size_t len, i;
        int rc;

        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        len = (size_t)(r % sizeof text);
        for (i = 0; i < len; i++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            text[i] = alpha[r % (sizeof alpha - 1)];
        }
        /* Give most inputs a header so that more of the grammar runs. */
        if (iter % 3 && len > 4)
            memcpy(text, "[p]\n", 4);
        rc = cboto__ini_parse(a, text, len, "f", &ini, s_err, sizeof s_err);
        if (rc != CBOTO_OK && rc != CBOTO_ECONFIG)
            FAILF("iteration %d: %s", iter, cboto_err_name(rc));
        for (i = 0; i < ini.n; i++) {
            ASSERT_NOT_NULL(ini.e[i].section);
            ASSERT_TRUE((ini.e[i].key == NULL) == (ini.e[i].value == NULL));
        }
        cboto__ini_cleanup(a, &ini);
    }
    return 0;
}

static int test_ini_long_line(struct cboto_allocator *a)
{
    size_t n = 1024 * 1024, i;
    char *t = malloc(n + 1);
    struct cboto__ini ini;
    const char *v;

    ASSERT_NOT_NULL(t);
    memcpy(t, "[d]\nk = ", 8);
    memset(t + 8, 'x', n - 8);
    t[n] = '\0';
    if (cboto__ini_parse(a, t, n, "t", &ini, s_err, sizeof s_err) != 0) {
        free(t);
        FAILF("long line: %s", s_err);
    }
    v = cboto__ini_get(&ini, "d", "k");
    ASSERT_NOT_NULL(v);
    ASSERT_EQ(n - 8, strlen(v));
    cboto__ini_cleanup(a, &ini);

    /* Many short lines with distinct keys: the duplicate check must not be
     * quadratic (this would take minutes if it were). */
    for (i = 4; i + 8 <= n; i += 8)
        snprintf(t + i, 9, "%06zx=\n", i / 8);
    t[i] = '\0';
    ASSERT_OK(cboto__ini_parse(a, t, i, "t", &ini, s_err, sizeof s_err));
    ASSERT_EQ(1 + (i - 4) / 8, ini.n);
    cboto__ini_cleanup(a, &ini);
    free(t);
    return 0;
}

static int test_ini_torture(struct cboto_allocator *a)
{
    static const char text[] = "[d]\nk = v\n  more\n\n  lines\n"
                               "s3 =\n  a = b\n  c = d\n[e]\nx = 1\n";
    long n;

    for (n = 1;; n++) {
        struct cboto__ini ini;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = cboto__ini_parse(a, text, sizeof text - 1, "t", &ini, s_err,
                              sizeof s_err);
        if (rc == CBOTO_OK) {
            ASSERT_STREQ("v\nmore\n\nlines", cboto__ini_get(&ini, "d", "k"));
            ASSERT_STREQ("d", cboto__ini_get(&ini, "d", "s3.c"));
            cboto__ini_cleanup(a, &ini);
            break;
        }
        if (rc != CBOTO_ENOMEM)
            FAILF("allocation %ld: %s", n, cboto_err_name(rc));
        ASSERT_EQ(0, s_test_alloc.live);
    }
    s_test_alloc.fail_after = 0;
    ASSERT_TRUE(n > 5);
    return 0;
}

/* ---- resolution --------------------------------------------------------- */

static int test_resolve_default_profile(struct cboto_allocator *a)
{
    const char *env[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("default", c.profile);
    ASSERT_STREQ("AKIDCREDDEFAULT", c.access_key_id);
    ASSERT_STREQ("SECRETCREDDEFAULT", c.secret_access_key);
    ASSERT_NULL(c.session_token);
    ASSERT_STREQ("shared-credentials-file", c.creds_source);
    ASSERT_STREQ("us-west-2", c.region);
    ASSERT_STREQ("http://localhost:4566", c.endpoint_url);
    ASSERT_NULL(c.endpoint_s3);
    ASSERT_NULL(c.endpoint_sqs);
    ASSERT_NULL(c.endpoint_sdb);
    ASSERT_EQ(7, c.max_attempts);
    cboto__config_cleanup(a, &c);
    ASSERT_NULL(c.profile);
    cboto__config_cleanup(a, &c);
    cboto__config_cleanup(a, NULL);
    ASSERT_EQ(CBOTO_EINVAL, cboto__config_resolve(a, NULL, &c, NULL, 0));
    ASSERT_EQ(CBOTO_EINVAL, cboto__config_resolve(a, &in, NULL, NULL, 0));
    return 0;
}

static int test_resolve_home_tilde(struct cboto_allocator *a)
{
    const char *env[] = {"HOME", D "/home", NULL};
    const char *env2[] = {"HOME",
                          D,
                          "AWS_CONFIG_FILE",
                          "~/config",
                          "AWS_SHARED_CREDENTIALS_FILE",
                          "~/credentials",
                          NULL};
    const char *env3[] = {"HOME",
                          D,
                          "AWS_CONFIG_FILE",
                          "~nobody/config",
                          "AWS_SHARED_CREDENTIALS_FILE",
                          "/nonexistent/c",
                          "AWS_PROFILE",
                          "work",
                          NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AKIDHOME", c.access_key_id);
    ASSERT_STREQ("shared-credentials-file", c.creds_source);
    /* [default] then [profile default]: the later one wins whole, as in
     * botocore. */
    ASSERT_STREQ("af-south-1", c.region);
    cboto__config_cleanup(a, &c);

    ASSERT_OK(resolve_env(a, &in, env2, &c));
    ASSERT_STREQ("AKIDCREDDEFAULT", c.access_key_id);
    ASSERT_STREQ("us-west-2", c.region);
    cboto__config_cleanup(a, &c);

    /* Only "~" and "~/" are expanded: "~nobody/config" is a relative path
     * that does not exist, so the profile is nowhere. */
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, env3, &c));
    ASSERT_STREQ("profile 'work' not found in /nonexistent/c or "
                 "~nobody/config",
                 s_err);
    return 0;
}

static int test_resolve_no_files(struct cboto_allocator *a)
{
    const char *env[] = {NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* No HOME: the default files are skipped; nothing configured is fine. */
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("default", c.profile);
    ASSERT_NULL(c.access_key_id);
    ASSERT_NULL(c.creds_source);
    ASSERT_NULL(c.region);
    ASSERT_NULL(c.endpoint_url);
    ASSERT_EQ(0, c.max_attempts);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_creds_precedence(struct cboto_allocator *a)
{
    const char *env_creds[] = {FILES,       "AWS_ACCESS_KEY_ID",
                               "AKIDENV",   "AWS_SECRET_ACCESS_KEY",
                               "SECRETENV", "AWS_SESSION_TOKEN",
                               "TOKENENV",  "AWS_SECURITY_TOKEN",
                               "TOKENOLD",  NULL};
    const char *env_sec[] = {
        FILES,       "AWS_ACCESS_KEY_ID",  "AKIDENV",  "AWS_SECRET_ACCESS_KEY",
        "SECRETENV", "AWS_SECURITY_TOKEN", "TOKENOLD", NULL};
    const char *env_empty[] = {FILES,       "AWS_ACCESS_KEY_ID",
                               "",          "AWS_SECRET_ACCESS_KEY",
                               "SECRETENV", NULL};
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* options > environment */
    in.access_key_id = "AKIDOPT";
    in.secret_access_key = "SECRETOPT";
    ASSERT_OK(resolve_env(a, &in, env_creds, &c));
    ASSERT_STREQ("AKIDOPT", c.access_key_id);
    ASSERT_STREQ("SECRETOPT", c.secret_access_key);
    ASSERT_NULL(c.session_token);
    ASSERT_STREQ("options", c.creds_source);
    cboto__config_cleanup(a, &c);
    in.session_token = "TOKENOPT";
    ASSERT_OK(resolve_env(a, &in, env_creds, &c));
    ASSERT_STREQ("TOKENOPT", c.session_token);
    cboto__config_cleanup(a, &c);

    /* environment > shared credentials file */
    memset(&in, 0, sizeof in);
    ASSERT_OK(resolve_env(a, &in, env_creds, &c));
    ASSERT_STREQ("AKIDENV", c.access_key_id);
    ASSERT_STREQ("SECRETENV", c.secret_access_key);
    ASSERT_STREQ("TOKENENV", c.session_token);
    ASSERT_STREQ("env", c.creds_source);
    cboto__config_cleanup(a, &c);
    /* AWS_SECURITY_TOKEN when AWS_SESSION_TOKEN is unset (botocore). */
    ASSERT_OK(resolve_env(a, &in, env_sec, &c));
    ASSERT_STREQ("TOKENOLD", c.session_token);
    cboto__config_cleanup(a, &c);
    /* An empty key id is unset: on to the files. */
    ASSERT_OK(resolve_env(a, &in, env_empty, &c));
    ASSERT_STREQ("AKIDCREDDEFAULT", c.access_key_id);
    cboto__config_cleanup(a, &c);

    /* shared credentials file > config file, for the same profile */
    in.profile = "work";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDCREDWORK", c.access_key_id);
    ASSERT_STREQ("SECRETCREDWORK", c.secret_access_key);
    ASSERT_STREQ("TOKENCREDWORK", c.session_token);
    ASSERT_STREQ("shared-credentials-file", c.creds_source);
    cboto__config_cleanup(a, &c);
    /* aws_security_token in a file */
    in.profile = "credonly";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDCREDONLY", c.access_key_id);
    ASSERT_STREQ("TOKENSECURITY", c.session_token);
    cboto__config_cleanup(a, &c);
    /* The credentials file's [secretonly] has no key id: botocore skips it
     * and takes the config file's. */
    in.profile = "secretonly";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDCONFIGSECRETONLY", c.access_key_id);
    ASSERT_STREQ("SECRETCONFIGSECRETONLY", c.secret_access_key);
    ASSERT_STREQ("config-file", c.creds_source);
    cboto__config_cleanup(a, &c);
    /* config file only (the key is written AWS_Access_Key_ID there) */
    in.profile = "cfgcreds";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDCONFIG", c.access_key_id);
    ASSERT_STREQ("SECRETCONFIG", c.secret_access_key);
    ASSERT_STREQ("TOKENCONFIG", c.session_token);
    ASSERT_STREQ("config-file", c.creds_source);
    cboto__config_cleanup(a, &c);
    /* no credentials anywhere: not an error */
    in.profile = "emptysection";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_NULL(c.access_key_id);
    ASSERT_NULL(c.secret_access_key);
    ASSERT_NULL(c.creds_source);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_creds_env_partial(struct cboto_allocator *a)
{
    const char *key_only[] = {FILES, "AWS_ACCESS_KEY_ID", "AKIDENV", NULL};
    const char *secret_only[] = {FILES, "AWS_SECRET_ACCESS_KEY", "SECRETENV",
                                 NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* botocore: PartialCredentialsError. */
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, key_only, &c));
    ASSERT_TRUE(contains(s_err, "AWS_SECRET_ACCESS_KEY"));
    ASSERT_NULL(c.access_key_id);
    /* botocore: a secret alone is not looked at; the search goes on. */
    ASSERT_OK(resolve_env(a, &in, secret_only, &c));
    ASSERT_STREQ("AKIDCREDDEFAULT", c.access_key_id);
    ASSERT_STREQ("SECRETCREDDEFAULT", c.secret_access_key);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_creds_options_partial(struct cboto_allocator *a)
{
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    in.access_key_id = "AKIDOPT";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, files, &c));
    ASSERT_STREQ("options: access_key_id given without secret_access_key",
                 s_err);
    in.access_key_id = NULL;
    in.secret_access_key = "SECRETOPT";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, files, &c));
    ASSERT_STREQ("options: secret_access_key given without access_key_id",
                 s_err);
    /* A token alone is ignored, as botocore's create_client does. */
    in.secret_access_key = NULL;
    in.session_token = "TOKENOPT";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDCREDDEFAULT", c.access_key_id);
    ASSERT_NULL(c.session_token);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_creds_file_partial(struct cboto_allocator *a)
{
    const char *cfg_partial[] = {FILES, "AWS_PROFILE", "partial", NULL};
    const char *cred_partial[] = {"AWS_SHARED_CREDENTIALS_FILE",
                                  D "/bad-partial.ini", "AWS_CONFIG_FILE",
                                  CONF, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, cfg_partial, &c));
    ASSERT_STREQ(CONF ": profile 'partial': partial credentials: "
                      "aws_secret_access_key is missing",
                 s_err);
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, cred_partial, &c));
    ASSERT_STREQ(D "/bad-partial.ini: profile 'default': partial "
                   "credentials: aws_secret_access_key is missing",
                 s_err);
    return 0;
}

static int test_profile_precedence(struct cboto_allocator *a)
{
    const char *both[] = {
        FILES, "AWS_PROFILE", "work", "AWS_DEFAULT_PROFILE", "cfgcreds", NULL};
    const char *profile[] = {FILES, "AWS_PROFILE", "work", NULL};
    const char *dflt[] = {FILES, "AWS_DEFAULT_PROFILE", "cfgcreds", NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    in.profile = "credonly";
    ASSERT_OK(resolve_env(a, &in, both, &c));
    ASSERT_STREQ("credonly", c.profile);
    ASSERT_STREQ("AKIDCREDONLY", c.access_key_id);
    cboto__config_cleanup(a, &c);
    in.profile = NULL;
    /* botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE. */
    ASSERT_OK(resolve_env(a, &in, both, &c));
    ASSERT_STREQ("cfgcreds", c.profile);
    ASSERT_STREQ("AKIDCONFIG", c.access_key_id);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, dflt, &c));
    ASSERT_STREQ("cfgcreds", c.profile);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, profile, &c));
    ASSERT_STREQ("work", c.profile);
    ASSERT_STREQ("AKIDCREDWORK", c.access_key_id);
    cboto__config_cleanup(a, &c);
    in.profile = ""; /* empty: not given */
    ASSERT_OK(resolve_env(a, &in, profile, &c));
    ASSERT_STREQ("work", c.profile);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_profile_sections(struct cboto_allocator *a)
{
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* "[profile literal]" in the credentials file is the profile
     * "profile literal". */
    in.profile = "profile literal";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("AKIDLITERAL", c.access_key_id);
    cboto__config_cleanup(a, &c);
    in.profile = "literal";
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, files, &c));
    /* "[bare]" in the config file is not a profile. */
    in.profile = "bare";
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, files, &c));
    ASSERT_TRUE(contains(s_err, "profile 'bare' not found"));
    /* shlex rules for "[profile ...]" names, as botocore. */
    in.profile = "quoted name";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("sa-east-1", c.region);
    cboto__config_cleanup(a, &c);
    in.profile = "spaced";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("me-south-1", c.region);
    cboto__config_cleanup(a, &c);
    /* Inline comments are not comments (botocore). */
    in.profile = "inline";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("us-east-1 ; not a comment for botocore", c.region);
    cboto__config_cleanup(a, &c);
    /* A profile only in the credentials file exists; one with an empty
     * section exists too. */
    in.profile = "credonly";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_NULL(c.region);
    cboto__config_cleanup(a, &c);
    in.profile = "emptysection";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_profile_not_found(struct cboto_allocator *a)
{
    const char *files[] = {FILES, NULL};
    const char *env_profile[] = {FILES, "AWS_PROFILE", "nope", NULL};
    const char *no_home[] = {NULL};
    const char *missing[] = {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/a",
                             "AWS_CONFIG_FILE", "/nonexistent/b", NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    in.profile = "nope";
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, files, &c));
    ASSERT_STREQ("profile 'nope' not found in " CRED " or " CONF, s_err);
    ASSERT_NULL(c.profile);
    in.profile = NULL;
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, env_profile, &c));
    ASSERT_STREQ("profile 'nope' not found in " CRED " or " CONF, s_err);
    /* Named "default" must exist too (botocore); unnamed need not. */
    in.profile = "default";
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, missing, &c));
    ASSERT_STREQ("profile 'default' not found in /nonexistent/a or "
                 "/nonexistent/b",
                 s_err);
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, no_home, &c));
    ASSERT_TRUE(contains(s_err, "profile 'default' not found"));
    in.profile = NULL;
    ASSERT_OK(resolve_env(a, &in, missing, &c));
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_region_precedence(struct cboto_allocator *a)
{
    const char *both[] = {
        FILES, "AWS_REGION", "r-env", "AWS_DEFAULT_REGION", "r-default", NULL};
    const char *dflt[] = {FILES,       "AWS_REGION", "", "AWS_DEFAULT_REGION",
                          "r-default", NULL};
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    in.region = "r-opt";
    ASSERT_OK(resolve_env(a, &in, both, &c));
    ASSERT_STREQ("r-opt", c.region);
    cboto__config_cleanup(a, &c);
    in.region = NULL;
    ASSERT_OK(resolve_env(a, &in, both, &c));
    ASSERT_STREQ("r-env", c.region);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, dflt, &c));
    ASSERT_STREQ("r-default", c.region);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("us-west-2", c.region);
    cboto__config_cleanup(a, &c);
    /* The credentials file's region beats the config file's for the same
     * profile: botocore merges it over. */
    in.profile = "work";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("eu-north-1", c.region);
    ASSERT_EQ(3, c.max_attempts);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_endpoint_precedence(struct cboto_allocator *a)
{
    const char *all[] = {FILES,
                         "AWS_ENDPOINT_URL",
                         "http://env-global",
                         "AWS_ENDPOINT_URL_S3",
                         "http://env-s3",
                         "AWS_ENDPOINT_URL_SQS",
                         "http://env-sqs",
                         "AWS_ENDPOINT_URL_SIMPLEDB",
                         "http://env-sdb",
                         NULL};
    const char *global[] = {FILES,
                            "AWS_ENDPOINT_URL",
                            "http://env-global",
                            "AWS_ENDPOINT_URL_SQS",
                            "http://env-sqs",
                            NULL};
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* explicit: one endpoint for every service, over everything */
    in.endpoint_url = "http://opt";
    ASSERT_OK(resolve_env(a, &in, all, &c));
    ASSERT_STREQ("http://opt", c.endpoint_url);
    ASSERT_NULL(c.endpoint_s3);
    ASSERT_NULL(c.endpoint_sqs);
    ASSERT_NULL(c.endpoint_sdb);
    cboto__config_cleanup(a, &c);
    in.endpoint_url = NULL;

    /* AWS_ENDPOINT_URL_<SVC> > AWS_ENDPOINT_URL */
    in.profile = "cfgcreds";
    ASSERT_OK(resolve_env(a, &in, all, &c));
    ASSERT_STREQ("http://env-global", c.endpoint_url);
    ASSERT_STREQ("http://env-s3", c.endpoint_s3);
    ASSERT_STREQ("http://env-sqs", c.endpoint_sqs);
    ASSERT_STREQ("http://env-sdb", c.endpoint_sdb);
    cboto__config_cleanup(a, &c);
    /* AWS_ENDPOINT_URL > the file's service-specific values: those are
     * dropped so that the generic one applies (botocore's order). */
    ASSERT_OK(resolve_env(a, &in, global, &c));
    ASSERT_STREQ("http://env-global", c.endpoint_url);
    ASSERT_NULL(c.endpoint_s3);
    ASSERT_STREQ("http://env-sqs", c.endpoint_sqs);
    cboto__config_cleanup(a, &c);
    /* The profile's nested "s3 =\n endpoint_url" (a cboto extension). */
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_NULL(c.endpoint_url);
    ASSERT_STREQ("http://s3.local:9000", c.endpoint_s3);
    ASSERT_STREQ("http://sqs.local:9324", c.endpoint_sqs);
    ASSERT_NULL(c.endpoint_sdb);
    cboto__config_cleanup(a, &c);
    /* the profile's endpoint_url */
    in.profile = NULL;
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("http://localhost:4566", c.endpoint_url);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_endpoint_services(struct cboto_allocator *a)
{
    const char *files[] = {FILES, NULL};
    const char *sqs[] = {FILES, "AWS_ENDPOINT_URL_SQS", "http://env-sqs",
                         NULL};
    const char *global[] = {FILES, "AWS_ENDPOINT_URL", "http://env-global",
                            NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* "services = local-svc" points at [services local-svc]; it beats the
     * profile's own nested s3 endpoint and its endpoint_url. */
    in.profile = "svc";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_STREQ("http://global.local", c.endpoint_url);
    ASSERT_STREQ("http://svc-s3.local", c.endpoint_s3);
    ASSERT_NULL(c.endpoint_sqs);
    ASSERT_STREQ("http://svc-sdb.local", c.endpoint_sdb);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, sqs, &c));
    ASSERT_STREQ("http://svc-s3.local", c.endpoint_s3);
    ASSERT_STREQ("http://env-sqs", c.endpoint_sqs);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, global, &c));
    ASSERT_STREQ("http://env-global", c.endpoint_url);
    ASSERT_NULL(c.endpoint_s3);
    ASSERT_NULL(c.endpoint_sdb);
    cboto__config_cleanup(a, &c);
    /* A services section that does not exist: botocore's
     * InvalidConfigError. */
    in.profile = "badsvc";
    ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, files, &c));
    ASSERT_STREQ("profile 'badsvc' uses services 'nowhere', which is not a "
                 "section of " CONF,
                 s_err);
    return 0;
}

static int test_endpoint_ignore(struct cboto_allocator *a)
{
    const char *env_true[] = {FILES,
                              "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                              "True",
                              "AWS_ENDPOINT_URL",
                              "http://env-global",
                              "AWS_ENDPOINT_URL_S3",
                              "http://env-s3",
                              NULL};
    const char *env_false[] = {FILES, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                               "false", NULL};
    const char *files[] = {FILES, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_OK(resolve_env(a, &in, env_true, &c));
    ASSERT_NULL(c.endpoint_url);
    ASSERT_NULL(c.endpoint_s3);
    cboto__config_cleanup(a, &c);
    /* explicit still applies */
    in.endpoint_url = "http://opt";
    ASSERT_OK(resolve_env(a, &in, env_true, &c));
    ASSERT_STREQ("http://opt", c.endpoint_url);
    cboto__config_cleanup(a, &c);
    in.endpoint_url = NULL;
    /* from the profile */
    in.profile = "ignoring";
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_NULL(c.endpoint_url);
    ASSERT_NULL(c.endpoint_sqs);
    cboto__config_cleanup(a, &c);
    /* the environment's "false" beats the profile's TRUE */
    ASSERT_OK(resolve_env(a, &in, env_false, &c));
    ASSERT_STREQ("http://ignored.local", c.endpoint_url);
    ASSERT_STREQ("http://ignored-sqs.local", c.endpoint_sqs);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_max_attempts(struct cboto_allocator *a)
{
    static const struct {
        const char *value;
        int rc;
        int want;
    } envs[] = {
        {"5", CBOTO_OK, 5},
        {" 9 ", CBOTO_OK, 9},
        {"+1", CBOTO_OK, 1},
        {"100", CBOTO_OK, 100},
        {"0", CBOTO_EINVAL, 0},
        {"101", CBOTO_EINVAL, 0},
        {"-3", CBOTO_EINVAL, 0},
        {"abc", CBOTO_EINVAL, 0},
        {"5x", CBOTO_EINVAL, 0},
        {"0x5", CBOTO_EINVAL, 0},
        {"99999999999999999999999", CBOTO_EINVAL, 0},
        {"+", CBOTO_EINVAL, 0},
        {"1 2", CBOTO_EINVAL, 0},
    };
    const char *files[] = {FILES, NULL};
    const char *env[] = {FILES, "AWS_MAX_ATTEMPTS", NULL, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;
    size_t i;

    for (i = 0; i < sizeof envs / sizeof envs[0]; i++) {
        int rc;

        env[5] = envs[i].value;
        rc = resolve_env(a, &in, env, &c);
        if (rc != envs[i].rc)
            FAILF("AWS_MAX_ATTEMPTS=\"%s\": %s", envs[i].value,
                  cboto_err_name(rc));
        if (rc == CBOTO_OK) {
            ASSERT_EQ(envs[i].want, c.max_attempts);
            cboto__config_cleanup(a, &c);
        } else {
            ASSERT_TRUE(strncmp(s_err, "AWS_MAX_ATTEMPTS: ", 18) == 0);
        }
    }
    env[5] = "abc";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AWS_MAX_ATTEMPTS: not a number", s_err);
    env[5] = "0";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AWS_MAX_ATTEMPTS: must be between 1 and 100", s_err);

    /* explicit > environment > file */
    env[5] = "5";
    in.max_attempts = 2;
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_EQ(2, c.max_attempts);
    cboto__config_cleanup(a, &c);
    in.max_attempts = 101;
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, env, &c));
    ASSERT_STREQ("options: max_attempts must be between 1 and 100", s_err);
    in.max_attempts = -1;
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, env, &c));
    in.max_attempts = 0;
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_EQ(5, c.max_attempts);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, files, &c));
    ASSERT_EQ(7, c.max_attempts);
    cboto__config_cleanup(a, &c);

    in.profile = "badattempts";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, files, &c));
    ASSERT_STREQ(CONF ": profile 'badattempts': max_attempts: not a number",
                 s_err);
    in.profile = "bigattempts";
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, files, &c));
    ASSERT_STREQ(CONF ": profile 'bigattempts': max_attempts must be "
                      "between 1 and 100",
                 s_err);
    /* the environment hides a bad file value */
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_EQ(5, c.max_attempts);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_ignore_flags(struct cboto_allocator *a)
{
    const char *env[] = {
        FILES,       "AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY",
        "SECRETENV", "AWS_REGION",        "r-env",   "AWS_PROFILE",
        "nope",      "AWS_MAX_ATTEMPTS",  "bogus",   NULL};
    const char *env_ok[] = {FILES, "AWS_PROFILE", "nope", NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    /* ignore_env: neither the environment nor the files */
    in.ignore_env = 1;
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("default", c.profile);
    ASSERT_NULL(c.access_key_id);
    ASSERT_NULL(c.region);
    ASSERT_NULL(c.endpoint_url);
    ASSERT_EQ(0, c.max_attempts);
    cboto__config_cleanup(a, &c);
    in.access_key_id = "AKIDOPT";
    in.secret_access_key = "SECRETOPT";
    in.region = "r-opt";
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AKIDOPT", c.access_key_id);
    ASSERT_STREQ("r-opt", c.region);
    cboto__config_cleanup(a, &c);

    /* ignore_files: the environment only; an unknown profile is no error
     * since there are no files to find it in. */
    memset(&in, 0, sizeof in);
    in.ignore_files = 1;
    ASSERT_EQ(CBOTO_EINVAL, resolve_env(a, &in, env, &c));
    ASSERT_TRUE(contains(s_err, "AWS_MAX_ATTEMPTS"));
    ASSERT_OK(resolve_env(a, &in, env_ok, &c));
    ASSERT_STREQ("nope", c.profile);
    ASSERT_NULL(c.access_key_id);
    ASSERT_NULL(c.region);
    ASSERT_NULL(c.endpoint_url);
    cboto__config_cleanup(a, &c);
    env[13] = "3";
    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AKIDENV", c.access_key_id);
    ASSERT_STREQ("env", c.creds_source);
    ASSERT_STREQ("r-env", c.region);
    ASSERT_EQ(3, c.max_attempts);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_missing_files(struct cboto_allocator *a)
{
    const char *missing[] = {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/a",
                             "AWS_CONFIG_FILE", "/nonexistent/dir/b", NULL};
    /* A directory is skipped like a missing file (botocore: isfile). */
    const char *dir[] = {"AWS_SHARED_CREDENTIALS_FILE", D, "AWS_CONFIG_FILE",
                         CONF "/not-a-dir", NULL};
    const char *one[] = {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/a",
                         "AWS_CONFIG_FILE", CONF, NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_OK(resolve_env(a, &in, missing, &c));
    ASSERT_NULL(c.access_key_id);
    ASSERT_NULL(c.region);
    cboto__config_cleanup(a, &c);
    ASSERT_OK(resolve_env(a, &in, dir, &c));
    cboto__config_cleanup(a, &c);
    /* Devices and FIFOs are skipped, without blocking on the FIFO. */
    {
        char fifo[] = "/tmp/cboto-test-fifo-XXXXXX";
        const char *dev[] = {"AWS_SHARED_CREDENTIALS_FILE", "/dev/zero",
                             "AWS_CONFIG_FILE", fifo, NULL};
        int fd = mkstemp(fifo), rc = -1;

        ASSERT_TRUE(fd >= 0);
        close(fd);
        unlink(fifo);
        if (mkfifo(fifo, 0600) == 0) {
            rc = resolve_env(a, &in, dev, &c);
            unlink(fifo);
        }
        ASSERT_OK(rc);
        cboto__config_cleanup(a, &c);
    }
    in.profile = "work";
    ASSERT_OK(resolve_env(a, &in, one, &c));
    ASSERT_STREQ("AKIDCONFIGWORK", c.access_key_id);
    ASSERT_STREQ("config-file", c.creds_source);
    ASSERT_STREQ("ap-southeast-2", c.region);
    cboto__config_cleanup(a, &c);
    return 0;
}

static int test_file_too_big(struct cboto_allocator *a)
{
    char path[] = "/tmp/cboto-test-config-XXXXXX";
    const char *env[] = {"AWS_CONFIG_FILE", path,
                         "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;
    char line[1024];
    int fd = mkstemp(path), rc, i;
    char want[600];

    ASSERT_TRUE(fd >= 0);
    memset(line, 'x', sizeof line);
    line[0] = '#';
    line[sizeof line - 1] = '\n';
    /* Exactly 1 MiB is accepted... */
    for (i = 0; i < 1024; i++) {
        if (write(fd, line, sizeof line) != (ssize_t)sizeof line) {
            close(fd);
            unlink(path);
            FAILF("write failed");
        }
    }
    rc = resolve_env(a, &in, env, &c);
    if (rc == CBOTO_OK)
        cboto__config_cleanup(a, &c);
    /* ...one byte more is not. */
    if (rc == CBOTO_OK && write(fd, "\n", 1) == 1)
        rc = resolve_env(a, &in, env, &c) == CBOTO_ECONFIG ? 0 : -1;
    close(fd);
    unlink(path);
    ASSERT_OK(rc);
    snprintf(want, sizeof want, "%s: larger than 1048576 bytes", path);
    ASSERT_STREQ(want, s_err);
    return 0;
}

static int test_bad_files(struct cboto_allocator *a)
{
    static const struct {
        const char *file;
        const char *msg;
    } cases[] = {
        {D "/bad-no-section.ini",
         D "/bad-no-section.ini:1: key outside of any [section]"},
        {D "/bad-no-equals.ini",
         D "/bad-no-equals.ini:5: expected 'key = value'"},
        {D "/bad-unterminated.ini",
         D "/bad-unterminated.ini:3: unterminated section header"},
        {D "/bad-empty-section.ini",
         D "/bad-empty-section.ini:3: empty section name"},
        {D "/bad-nested.ini",
         D "/bad-nested.ini:4: expected 'key = value' in sub-section"},
    };
    struct cboto__config_in in = {0};
    struct cboto__config c;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *as_cfg[] = {"AWS_CONFIG_FILE", cases[i].file,
                                "AWS_SHARED_CREDENTIALS_FILE", CRED, NULL};
        const char *as_cred[] = {"AWS_CONFIG_FILE", CONF,
                                 "AWS_SHARED_CREDENTIALS_FILE", cases[i].file,
                                 NULL};

        ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, as_cfg, &c));
        ASSERT_STREQ(cases[i].msg, s_err);
        ASSERT_EQ(CBOTO_ECONFIG, resolve_env(a, &in, as_cred, &c));
        ASSERT_STREQ(cases[i].msg, s_err);
        ASSERT_TRUE(!has_secret(s_err));
    }
    return 0;
}

static int test_crlf_bom_file(struct cboto_allocator *a)
{
    const char *env[] = {"AWS_SHARED_CREDENTIALS_FILE", D "/crlf-bom.ini",
                         "AWS_CONFIG_FILE", "/nonexistent", NULL};
    struct cboto__config_in in = {0};
    struct cboto__config c;

    ASSERT_OK(resolve_env(a, &in, env, &c));
    ASSERT_STREQ("AKIDCRLF", c.access_key_id);
    ASSERT_STREQ("SECRETCRLF", c.secret_access_key);
    ASSERT_STREQ("eu-west-3", c.region);
    cboto__config_cleanup(a, &c);
    return 0;
}

/* Every error reachable with secrets around: none may show up. */
static int test_secrets_not_in_errors(struct cboto_allocator *a)
{
    static const char *const envs[][12] = {
        {FILES, "AWS_ACCESS_KEY_ID", "AKIDX", "AWS_SESSION_TOKEN",
         "SECRETTOKEN", NULL},
        {FILES, "AWS_SECRET_ACCESS_KEY", "SECRETENV", "AWS_PROFILE", "nope",
         NULL},
        {FILES, "AWS_SECRET_ACCESS_KEY", "SECRETENV", "AWS_MAX_ATTEMPTS",
         "SECRET", NULL},
        {"AWS_SHARED_CREDENTIALS_FILE", D "/bad-no-equals.ini", NULL},
        {"AWS_SHARED_CREDENTIALS_FILE", D "/bad-nested.ini", NULL},
        {"AWS_SHARED_CREDENTIALS_FILE", D "/bad-partial.ini", NULL},
        {FILES, "AWS_PROFILE", "partial", NULL},
    };
    struct cboto__config_in in = {0};
    struct cboto__config c;
    size_t i;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        if (pass) {
            in.secret_access_key = "SECRETOPT";
            in.session_token = "SECRETOPTTOKEN";
        }
        for (i = 0; i < sizeof envs / sizeof envs[0]; i++) {
            int rc = resolve_env(a, &in, envs[i], &c);

            if (rc == CBOTO_OK) {
                cboto__config_cleanup(a, &c);
                continue;
            }
            if (has_secret(s_err))
                FAILF("pass %d case %zu: \"%s\"", pass, i, s_err);
            ASSERT_TRUE(s_err[0] != '\0');
        }
    }
    /* Duplicate keys and sections are reported without their names. */
    {
        struct cboto__ini ini;

        ASSERT_EQ(CBOTO_ECONFIG,
                  parse(a, "[d]\nSECRETKEY=\nSECRETKEY=\n", &ini));
        ASSERT_TRUE(!has_secret(s_err));
        ASSERT_EQ(CBOTO_ECONFIG, parse(a, "[SECRET]\n[SECRET]\n", &ini));
        ASSERT_TRUE(!has_secret(s_err));
    }
    return 0;
}

/* Fail allocation 1, 2, ... of a full resolution until it succeeds: each
 * failure must be CBOTO_ENOMEM and leave nothing allocated. */
static int torture_one(struct cboto_allocator *a, const char *profile,
                       const char *const *env)
{
    struct cboto__config_in in = {0};
    struct cboto__config c;
    long n;

    in.profile = profile;
    for (n = 1;; n++) {
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = resolve_env(a, &in, env, &c);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            cboto__config_cleanup(a, &c);
            break;
        }
        if (rc != CBOTO_ENOMEM)
            FAILF("%s: allocation %ld: %s (%s)", profile, n,
                  cboto_err_name(rc), s_err);
        if (s_test_alloc.live != 0)
            FAILF("%s: allocation %ld: %ld block(s) leaked", profile, n,
                  s_test_alloc.live);
        ASSERT_NULL(c.profile);
    }
    ASSERT_TRUE(n > 10);
    return 0;
}

static int test_torture_resolve(struct cboto_allocator *a)
{
    const char *files[] = {FILES, NULL};
    const char *env[] = {"HOME",
                         D "/home",
                         "AWS_ACCESS_KEY_ID",
                         "AKIDENV",
                         "AWS_SECRET_ACCESS_KEY",
                         "SECRETENV",
                         "AWS_SESSION_TOKEN",
                         "TOKENENV",
                         "AWS_ENDPOINT_URL_SQS",
                         "http://env-sqs",
                         "AWS_MAX_ATTEMPTS",
                         "4",
                         NULL};

    if (torture_one(a, NULL, files) || torture_one(a, "cfgcreds", files) ||
        torture_one(a, "svc", files) || torture_one(a, "work", files) ||
        torture_one(a, NULL, env))
        return 1;
    return 0;
}

HARNESS_MAIN(TEST_LIST)
