/* SPDX-License-Identifier: MIT */
/*
 * tls_probe ENDPOINT [CA-FILE]: one ListBuckets through the public API
 * against ENDPOINT, with ca_bundle set to CA-FILE when given.  Prints
 * "rc=CBOTO_..." and the failure's description (libcurl's text for a
 * transport failure), or the buckets; exits 0 on success, 1 otherwise.
 * Used by tests/integration/test_tls.sh.
 */
#include <stdio.h>
#include <string.h>

#include <cboto/cboto.h>

int main(int argc, char **argv)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_bucket_list *bl;
    char buf[512];
    size_t i;
    int rc;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: tls_probe ENDPOINT [CA-FILE]\n");
        return 2;
    }
    cboto_global_init(CBOTO_GLOBAL_DEFAULT);
    memset(&o, 0, sizeof o);
    o.endpoint_url = argv[1];
    o.ca_bundle = argc == 3 ? argv[2] : NULL;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.ignore_environment = 1;
    o.max_attempts = 1;
    o.connect_timeout_ms = 5000;
    o.read_timeout_ms = 5000;
    rc = cboto_client_new(&o, &cl);
    if (!rc)
        rc = cboto_exec_new(NULL, &ex);
    if (!rc)
        rc = cboto_s3_list_buckets(cl, &rq);
    if (!rc)
        rc = cboto_exec_perform(ex, rq, &resp);
    printf("rc=%s\n", cboto_err_name(rc));
    if (rc) {
        const struct cboto_error_detail *d = cboto_response_error(resp);

        printf("error: %s\n",
               cboto_response_describe(resp, rc, buf, sizeof buf));
        if (d && d->transport)
            printf("transport: %s\n", d->transport);
    } else if ((bl = cboto_s3_bucket_list_result(resp)) != NULL) {
        for (i = 0; i < bl->n_buckets; i++)
            printf("bucket: %s\n", bl->buckets[i].name);
    }
    cboto_response_release(resp);
    cboto_request_release(rq);
    cboto_exec_free(ex);
    cboto_client_free(cl);
    cboto_global_cleanup();
    return rc ? 1 : 0;
}
