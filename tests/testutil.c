/* SPDX-License-Identifier: MIT */
/* Helpers shared by the test programs: where the data lives, file reading. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "harness.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

const char *test_data_dir(void)
{
    static char path[4096];
    const char *env = getenv("CBOTO_TESTDATA");
    struct stat st;

    if (env && *env)
        snprintf(path, sizeof path, "%s", env);
    else
        snprintf(path, sizeof path, "%s/../shared/testdata", TOP_SRCDIR);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    return path;
}

int test_read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f)
        return -1;
    for (;;) {
        size_t got;

        if (n + 65536 + 1 > cap) {
            char *nb;

            cap = (cap ? cap * 2 : 65536) + 65536 + 1;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
