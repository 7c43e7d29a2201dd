/* SPDX-License-Identifier: MIT */
/*
 * The AWS INI dialect and configuration resolution.  The input is parsed
 * by cboto__ini_parse, then written to a temporary file that a fake
 * environment names as both AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, and resolved for the default profile and
 * for a named one.
 */
#include <string.h>
#include <unistd.h>

#include "aws/config.h"

#include "fuzz.h"

static char s_path[64];
static int s_fd = -1;

static const char *fake_getenv(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "AWS_CONFIG_FILE") == 0 ||
        strcmp(name, "AWS_SHARED_CREDENTIALS_FILE") == 0)
        return s_path;
    if (strcmp(name, "HOME") == 0)
        return "/nonexistent-cboto-fuzz";
    return NULL;
}

static void cleanup_file(void)
{
    if (s_fd >= 0) {
        close(s_fd);
        unlink(s_path);
    }
}

static void write_input(const uint8_t *data, size_t size)
{
    size_t off = 0;

    if (s_fd < 0) {
        const char *tmp = getenv("TMPDIR");

        snprintf(s_path, sizeof s_path, "%s/cboto-fuzz-config.XXXXXX",
                 tmp && strlen(tmp) < 30 ? tmp : "/tmp");
        s_fd = mkstemp(s_path);
        FUZZ_CHECK(s_fd >= 0);
        atexit(cleanup_file);
    }
    FUZZ_CHECK(ftruncate(s_fd, 0) == 0);
    while (off < size) {
        ssize_t w = pwrite(s_fd, data + off, size - off, (off_t)off);

        FUZZ_CHECK(w > 0);
        off += (size_t)w;
    }
}

static void check_config(const struct cboto__config *c)
{
    /* Credentials come in pairs; every string is terminated. */
    FUZZ_CHECK((c->access_key_id == NULL) == (c->secret_access_key == NULL) ||
               c->access_key_id == NULL);
    if (c->profile)
        (void)strlen(c->profile);
    if (c->region)
        (void)strlen(c->region);
    if (c->endpoint_url)
        (void)strlen(c->endpoint_url);
    FUZZ_CHECK(c->max_attempts >= 0 && c->max_attempts <= 100);
}

static void resolve(const char *profile)
{
    struct cboto__config_in in;
    struct cboto__config c;
    char err[256];
    int rc;

    memset(&in, 0, sizeof in);
    in.profile = profile;
    in.getenv_fn = fake_getenv;
    rc = cboto__config_resolve(NULL, &in, &c, err, sizeof err);
    FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
    if (rc == CBOTO_OK) {
        check_config(&c);
        cboto__config_cleanup(NULL, &c);
    } else {
        FUZZ_CHECK(rc == CBOTO_ECONFIG || rc == CBOTO_EINVAL ||
                   rc == CBOTO_EIO);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cboto__ini ini;
    char err[256];
    int rc;

    memset(&ini, 0, sizeof ini);
    rc = cboto__ini_parse(NULL, (const char *)data, size, "fuzz", &ini, err,
                          sizeof err);
    if (rc == CBOTO_OK) {
        size_t i;

        for (i = 0; i < ini.n; i++) {
            FUZZ_CHECK(ini.e[i].section != NULL);
            if (ini.e[i].key) {
                FUZZ_CHECK(ini.e[i].value != NULL);
                FUZZ_CHECK(cboto__ini_get(&ini, ini.e[i].section,
                                          ini.e[i].key) != NULL);
            }
        }
        (void)cboto__ini_get(&ini, "default", "region");
        cboto__ini_cleanup(NULL, &ini);
    } else {
        FUZZ_CHECK(rc == CBOTO_ECONFIG || rc == CBOTO_EINVAL);
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL);
    }

    write_input(data, size);
    resolve(NULL);
    resolve("work");
    return 0;
}
