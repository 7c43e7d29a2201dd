/* SPDX-License-Identifier: MIT */
/*
 * The blocking API in one page: create a bucket, upload an object, list the
 * bucket, download the object, then clean up.  Configuration comes from the
 * usual AWS places (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_REGION,
 * ~/.aws/...), so the same program runs against AWS or a local server.
 *
 *   s3_blocking BUCKET [KEY]
 */
#include <stdio.h>
#include <string.h>

#include <cboto/cboto.h>

static int report(const char *what, int rc, struct cboto_response *resp)
{
    char msg[512];

    if (rc == CBOTO_OK) {
        printf("%-12s ok\n", what);
        return 0;
    }
    fprintf(stderr, "%s failed: %s\n", what,
            cboto_response_describe(resp, rc, msg, sizeof msg));
    return 1;
}

/* Send, report, and keep the response only when the caller wants it. */
static int send(struct cboto_exec *ex, const char *what,
                struct cboto_request *rq, struct cboto_response **keep)
{
    struct cboto_response *resp = NULL;
    int rc = cboto_exec_perform(ex, rq, &resp);

    cboto_request_release(rq);
    if (report(what, rc, resp) == 0 && keep) {
        *keep = resp;
        return 0;
    }
    cboto_response_release(resp);
    return rc != CBOTO_OK;
}

int main(int argc, char **argv)
{
    const char *bucket = argc > 1 ? argv[1] : "cboto-example";
    const char *key = argc > 2 ? argv[2] : "greetings/hello world.txt";
    static const char text[] = "Hello from cboto!\n";
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    char err[512] = "";
    int rc, failed = 0;
    size_t i;

    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT) != CBOTO_OK)
        return 1;
    rc = cboto_client_new(
        &(struct cboto_client_options){.error_buf = err,
                                       .error_buf_size = sizeof err},
        &cl);
    if (rc) {
        fprintf(stderr, "client: %s%s%s\n", cboto_strerror(rc),
                *err ? ": " : "", err);
        return 1;
    }
    if (cboto_exec_new(NULL, &ex) != CBOTO_OK) {
        cboto_client_free(cl);
        return 1;
    }

    if (cboto_s3_create_bucket(
            cl, &(struct cboto_s3_bucket_params){.bucket = bucket}, &rq) !=
        CBOTO_OK) {
        fprintf(stderr, "bad bucket name '%s'\n", bucket);
        cboto_exec_free(ex);
        cboto_client_free(cl);
        cboto_global_cleanup();
        return 2;
    }
    failed |= send(ex, "CreateBucket", rq, NULL);

    if (!failed &&
        cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){
                .bucket = bucket, .key = key, .content_type = "text/plain"},
            &rq) == CBOTO_OK) {
        cboto_request_set_body(
            rq, (struct cboto_cursor){(const uint8_t *)text, sizeof text - 1},
            CBOTO_BODY_BORROW);
        failed |= send(ex, "PutObject", rq, NULL);
    }

    if (!failed &&
        cboto_s3_list_objects_v2(
            cl, &(struct cboto_s3_list_params){.bucket = bucket}, &rq) ==
            CBOTO_OK &&
        send(ex, "ListObjects", rq, &resp) == 0) {
        const struct cboto_s3_list_result *lr = cboto_s3_list_result(resp);

        for (i = 0; lr && i < lr->n_objects; i++)
            printf("  %10llu  %s  %s\n",
                   (unsigned long long)lr->objects[i].size,
                   lr->objects[i].last_modified, lr->objects[i].key);
        cboto_response_release(resp);
        resp = NULL;
    }

    if (!failed &&
        cboto_s3_get_object(
            cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = key},
            &rq) == CBOTO_OK &&
        send(ex, "GetObject", rq, &resp) == 0) {
        struct cboto_cursor body = cboto_response_body(resp);

        printf("  content: %.*s", (int)body.len, (const char *)body.ptr);
        if (body.len != sizeof text - 1 || memcmp(body.ptr, text, body.len))
            failed = 1;
        cboto_response_release(resp);
        resp = NULL;
    }

    if (cboto_s3_delete_object(
            cl, &(struct cboto_s3_delete_params){.bucket = bucket, .key = key},
            &rq) == CBOTO_OK)
        failed |= send(ex, "DeleteObject", rq, NULL);
    if (cboto_s3_delete_bucket(
            cl, &(struct cboto_s3_bucket_params){.bucket = bucket}, &rq) ==
        CBOTO_OK)
        failed |= send(ex, "DeleteBucket", rq, NULL);

    cboto_exec_free(ex);
    cboto_client_free(cl);
    cboto_global_cleanup();
    return failed ? 1 : 0;
}
