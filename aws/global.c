/* SPDX-License-Identifier: MIT */
/* Process-wide initialisation of the three libraries cboto stands on. */
#include <curl/curl.h>
#include <libxml/parser.h>
#include <openssl/crypto.h>

#include "internal.h"

int cboto_global_init(unsigned flags)
{
    CBOTO_UNUSED(flags);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return CBOTO_ETRANSPORT;
    xmlInitParser();
    if (!OPENSSL_init_crypto(0, NULL)) {
        curl_global_cleanup();
        return CBOTO_ENOMEM;
    }
    return CBOTO_OK;
}

void cboto_global_cleanup(void)
{
    xmlCleanupParser();
    curl_global_cleanup();
}
