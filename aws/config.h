/* SPDX-License-Identifier: MIT */
/*
 * Configuration and credentials resolution, in botocore's order:
 *   credentials: explicit options > AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 *                (+ AWS_SESSION_TOKEN) > shared credentials file [profile]
 *                > config file [profile NAME] / [default]
 *   profile:     explicit > AWS_DEFAULT_PROFILE > AWS_PROFILE > "default"
 *                (botocore reads AWS_DEFAULT_PROFILE first)
 *   region:      explicit > AWS_REGION > AWS_DEFAULT_REGION > config file
 *   endpoint:    explicit > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL
 *                > config file endpoint_url   (both skipped when
 *                AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true)
 *   attempts:    explicit > AWS_MAX_ATTEMPTS > config file max_attempts
 * Files: AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials) and
 * AWS_CONFIG_FILE (default ~/.aws/config); HOME gives "~".  A missing file
 * is not an error; a malformed one is CBOTO_ECONFIG with "file:line: why"
 * in the error buffer.
 */
#ifndef CBOTO_AWS_CONFIG_H
#define CBOTO_AWS_CONFIG_H

#include "internal.h"

/* getenv-like lookup, injectable for tests; NULL means getenv(). */
typedef const char *cboto__getenv_fn(void *ctx, const char *name);

struct cboto__config_in {
    const char *profile; /* explicit, or NULL */
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token;
    const char *region;
    const char *endpoint_url; /* applies to every service */
    int max_attempts;         /* 0: not given */
    int ignore_env;           /* use neither environment nor files */
    int ignore_files;         /* use the environment but no files */
    cboto__getenv_fn *getenv_fn;
    void *getenv_ctx;
};

struct cboto__config {
    char *profile;
    char *access_key_id;
    char *secret_access_key; /* wiped when freed */
    char *session_token;     /* wiped when freed */
    char *creds_source;      /* "options", "env", "shared-credentials-file",
                                "config-file", or NULL when none */
    char *region;            /* NULL when not configured */
    char *endpoint_url;      /* generic (AWS_ENDPOINT_URL / file), or NULL */
    char *endpoint_s3;       /* service-specific, or NULL */
    char *endpoint_sqs;
    char *endpoint_sdb;
    int max_attempts; /* 0: not configured */
};

/* errbuf (may be NULL) receives a message such as
 * "/home/u/.aws/config:12: expected 'key = value'" on CBOTO_ECONFIG, or
 * "AWS_MAX_ATTEMPTS: not a number" on CBOTO_EINVAL. */
int cboto__config_resolve(const struct cboto_allocator *a,
                          const struct cboto__config_in *in,
                          struct cboto__config *out, char *errbuf,
                          size_t errlen);
void cboto__config_cleanup(const struct cboto_allocator *a,
                           struct cboto__config *c);

/* One INI file parsed the AWS way: sections, "key = value", comments
 * starting with '#' or ';', indented continuation lines forming nested
 * sub-keys (s3 =\n  addressing_style = path) which are stored as
 * "s3.addressing_style".  Exposed for the unit tests and the fuzzer. */
/* Every [section] adds one entry with key and value NULL, so that empty
 * sections exist and file order is known; code walking the entries must
 * skip those (cboto__ini_get does). */
struct cboto__ini_entry {
    char *section;
    char *key; /* lower-cased, as configparser does; NULL: section mark */
    char *value;
};
struct cboto__ini {
    struct cboto__ini_entry *e;
    size_t n;
    size_t cap;
};
int cboto__ini_parse(const struct cboto_allocator *a, const char *text,
                     size_t len, const char *fname, struct cboto__ini *out,
                     char *errbuf, size_t errlen);
const char *cboto__ini_get(const struct cboto__ini *ini, const char *section,
                           const char *key);
void cboto__ini_cleanup(const struct cboto_allocator *a,
                        struct cboto__ini *ini);

#endif /* CBOTO_AWS_CONFIG_H */
