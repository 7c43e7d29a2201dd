/* SPDX-License-Identifier: MIT */
/*
 * Talking to tests/servers/fault_server.py's control paths with plain
 * libcurl: reset its counters, and how many requests a scenario received.
 * The test sets s_ep to CBOTO_FAULT_ENDPOINT first.
 */
#ifndef CBOTO_TEST_FAULTCTL_H
#define CBOTO_TEST_FAULTCTL_H

#include <cboto/cboto.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_ep;

static size_t faultctl_sink(char *p, size_t size, size_t n, void *ud)
{
    char *out = ud;
    size_t len = strlen(out), add = size * n;

    if (len + add < 64) {
        memcpy(out + len, p, add);
        out[len + add] = '\0';
    }
    return size * n;
}

static long control(const char *path, int post)
{
    CURL *c = curl_easy_init();
    char url[256], out[64] = "";

    snprintf(url, sizeof url, "%s%s", s_ep, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, faultctl_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_perform(c);
    curl_easy_cleanup(c);
    return strtol(out, NULL, 10);
}

static long hits(const char *scenario)
{
    char path[128];

    snprintf(path, sizeof path, "/__count/%s", scenario);
    return control(path, 0);
}

/* The client options every fault test starts from (the server's endpoint,
 * the example keys, no environment, a short back-off), with the server's
 * counters reset.  -1 when the test is not run through with-faults.sh. */
static int fault_client_options(struct cboto_client_options *o,
                                struct cboto_allocator *a)
{
    s_ep = getenv("CBOTO_FAULT_ENDPOINT");
    if (!s_ep)
        return -1;
    control("/__reset", 1);
    memset(o, 0, sizeof *o);
    o->endpoint_url = s_ep;
    o->access_key_id = "AKIDEXAMPLE";
    o->secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o->ignore_environment = 1;
    o->retry_base_ms = 5;
    o->allocator = a;
    return 0;
}

#endif /* CBOTO_TEST_FAULTCTL_H */
