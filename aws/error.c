/* SPDX-License-Identifier: MIT */
/* Error names and texts, both produced from the one table in common.h. */
#include "internal.h"

const char *cboto_strerror(int err)
{
    switch (err) {
#define X(name, val, text)                                                    \
    case CBOTO_##name:                                                        \
        return text;
        CBOTO_ERR_MAP(X)
#undef X
    }
    return "unknown error";
}

const char *cboto_err_name(int err)
{
    switch (err) {
#define X(name, val, text)                                                    \
    case CBOTO_##name:                                                        \
        return "CBOTO_" #name;
        CBOTO_ERR_MAP(X)
#undef X
    }
    return "CBOTO_E?";
}

const char *cboto_version(void)
{
    return CBOTO_VERSION_STRING;
}

unsigned cboto_version_num(void)
{
    return CBOTO_VERSION_NUM;
}
