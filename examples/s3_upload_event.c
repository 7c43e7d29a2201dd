/* SPDX-License-Identifier: MIT */
/*
 * Upload several files to S3 at once from one libevent loop.
 *
 *   s3_upload_event BUCKET FILE...
 *
 * The bucket is created first (if it exists already, that is fine), then
 * every file is submitted; the loop runs until all callbacks have fired.
 * Each body is read from its file descriptor in bounded chunks as the
 * socket takes them, so the loop never blocks and memory stays flat.
 * Configuration comes from the usual AWS places (AWS_ENDPOINT_URL, ...).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>
#include <cboto/event.h>

struct upload {
    const char *path;
    int fd;
    int failed;
};

static int s_left, s_failed;

static void on_uploaded(struct cboto_request *rq, int err,
                        struct cboto_response *resp, void *ud)
{
    struct upload *u = ud;
    char msg[512];

    (void)rq;
    if (err == CBOTO_OK) {
        const struct cboto_s3_put_result *pr = cboto_s3_put_result(resp);

        printf("uploaded %s  etag %s\n", u->path, pr ? pr->etag : "?");
    } else {
        fprintf(stderr, "upload of %s failed: %s\n", u->path,
                cboto_response_describe(resp, err, msg, sizeof msg));
        s_failed++;
    }
    close(u->fd);
    s_left--;
}

static void on_bucket(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    const struct cboto_error_detail *d = cboto_response_error(resp);
    int *ok = ud;

    (void)rq;
    /* Owning the bucket already is as good as creating it. */
    *ok = err == CBOTO_OK ||
          (d && d->service_code &&
           strcmp(d->service_code, "BucketAlreadyOwnedByYou") == 0);
    if (!*ok) {
        char msg[512];

        fprintf(stderr, "CreateBucket failed: %s\n",
                cboto_response_describe(resp, err, msg, sizeof msg));
    }
}

int main(int argc, char **argv)
{
    struct event_base *base;
    struct cboto_client *cl = NULL;
    struct cboto_evexec *evx = NULL;
    struct cboto_request *rq;
    struct upload *ups = NULL;
    char err[512] = "";
    int i, bucket_ok = -1, rc, status = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s BUCKET FILE...\n", argv[0]);
        return 2;
    }
    if (cboto_global_init(CBOTO_GLOBAL_DEFAULT) != CBOTO_OK)
        return 1;
    base = event_base_new();
    rc = cboto_client_new(
        &(struct cboto_client_options){.error_buf = err,
                                       .error_buf_size = sizeof err},
        &cl);
    if (rc || !base || cboto_evexec_new(base, NULL, &evx) != CBOTO_OK) {
        fprintf(stderr, "setup failed: %s %s\n", cboto_strerror(rc), err);
        goto out;
    }

    if (cboto_s3_create_bucket(
            cl, &(struct cboto_s3_bucket_params){.bucket = argv[1]}, &rq) !=
        CBOTO_OK) {
        fprintf(stderr, "bad bucket name '%s'\n", argv[1]);
        status = 2;
        goto out;
    }
    rc = cboto_evexec_submit(evx, rq, on_bucket, &bucket_ok);
    cboto_request_release(rq);
    if (rc != CBOTO_OK)
        goto out;
    event_base_dispatch(base); /* returns once the executor is idle */
    if (bucket_ok != 1)
        goto out;

    ups = calloc((size_t)argc, sizeof *ups);
    for (i = 2; i < argc; i++) {
        struct upload *u = &ups[i];
        const char *name = strrchr(argv[i], '/');
        struct stat st;

        u->path = argv[i];
        u->fd = open(argv[i], O_RDONLY);
        if (u->fd < 0 || fstat(u->fd, &st) != 0) {
            perror(argv[i]);
            s_failed++;
            continue;
        }
        rc = cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){.bucket = argv[1],
                                          .key = name ? name + 1 : argv[i]},
            &rq);
        if (!rc)
            rc = cboto_request_set_body_fd(rq, u->fd, 0, (uint64_t)st.st_size);
        if (!rc)
            rc = cboto_evexec_submit(evx, rq, on_uploaded, u);
        cboto_request_release(rq); /* the executor keeps its own */
        if (rc) {
            fprintf(stderr, "%s: %s\n", argv[i], cboto_strerror(rc));
            close(u->fd);
            s_failed++;
            continue;
        }
        s_left++;
    }
    printf("%d uploads in flight\n", s_left);
    event_base_dispatch(base);
    status = s_failed || s_left ? 1 : 0;

out:
    free(ups);
    cboto_evexec_free(evx);
    cboto_client_free(cl);
    if (base)
        event_base_free(base);
    cboto_global_cleanup();
    return status;
}
