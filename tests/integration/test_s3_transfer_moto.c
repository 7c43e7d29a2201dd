/* SPDX-License-Identifier: MIT */
/*
 * The transfer manager through the libevent executor against moto_server
 * (with-moto.sh): multipart and single uploads and downloads, progress,
 * and that a failed or canceled upload leaves no multipart upload behind
 * and a failed download no file.  With CBOTO_TEST_BIG_MIB=N it also moves
 * an N MiB file both ways and reports the peak RSS (getrusage), e.g. 1024
 * for the 1 GiB check of issue 4.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>
#include <cboto/s3_transfer.h>

#ifndef CBOTO_TEST_EVENT
#define CBOTO_TEST_EVENT 1
#endif
#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(multipart_upload_and_ranged_download)                                   \
    X(small_file_single_requests)                                             \
    X(shrinking_file_aborts_upload)                                           \
    X(cancel_aborts_upload)                                                   \
    X(failed_download_leaves_no_file)                                         \
    X(bad_arguments)                                                          \
    X(big_file_peak_rss)
#include "harness.h"

#define MIB (1024u * 1024u)

static const char *s_ep, *s_ak, *s_sk;
static int s_seq;

static int env_ready(void)
{
    s_ep = getenv("CBOTO_TEST_ENDPOINT");
    s_ak = getenv("CBOTO_TEST_AK");
    s_sk = getenv("CBOTO_TEST_SK");
    if (!s_ep || !s_ak || !s_sk) {
        skip("run through tests/integration/with-moto.sh");
        return 0;
    }
    return 1;
}

static int new_client(struct cboto_allocator *a, struct cboto_client **cl)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = s_ep;
    o.access_key_id = s_ak;
    o.secret_access_key = s_sk;
    o.ignore_environment = 1;
    o.retry_base_ms = 5;
    o.allocator = a;
    return cboto_client_new(&o, cl);
}

static int run(struct cboto_request *rq, struct cboto_response **resp)
{
    int rc = perform(NULL, rq, resp);

    cboto_request_release(rq);
    return rc;
}

static int run0(struct cboto_request *rq)
{
    struct cboto_response *resp = NULL;
    int rc = run(rq, &resp);

    cboto_response_release(resp);
    return rc;
}

struct job {
    int calls;
    int err;
    char code[64];
    uint64_t last_done;
    uint64_t total;
    int progress_calls;
    int backwards;
};

static void on_progress(struct cboto_s3_transfer *tr, uint64_t done,
                        uint64_t total, void *ud)
{
    struct job *j = ud;

    (void)tr;
    if (done < j->last_done || done > total)
        j->backwards = 1;
    j->last_done = done;
    j->total = total;
    j->progress_calls++;
}

static void on_done(struct cboto_s3_transfer *tr, int err,
                    const struct cboto_response *failed, void *ud)
{
    struct job *j = ud;

    (void)tr;
    j->calls++;
    j->err = err;
    j->code[0] = '\0';
    if (failed && cboto_response_error(failed)->service_code)
        snprintf(j->code, sizeof j->code, "%s",
                 cboto_response_error(failed)->service_code);
}

static int wait_job(struct job *j)
{
    while (j->calls == 0)
        if (event_base_loop(s_base, EVLOOP_ONCE) < 0)
            return -1;
    return 0;
}

static int make_bucket(struct cboto_client *cl, char *name, size_t size)
{
    struct cboto_request *rq;
    int rc;

    snprintf(name, size, "cboto-tm-%d-%d", (int)getpid(), ++s_seq);
    rc = cboto_s3_create_bucket(
        cl, &(struct cboto_s3_bucket_params){.bucket = name}, &rq);
    return rc ? rc : run0(rq);
}

static int count_uploads(struct cboto_client *cl, const char *bucket)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    int n = -1;

    if (cboto_s3_list_multipart_uploads(
            cl, &(struct cboto_s3_list_uploads_params){.bucket = bucket}, &rq))
        return -1;
    if (run(rq, &resp) == CBOTO_OK && cboto_s3_uploads_result(resp))
        n = (int)cboto_s3_uploads_result(resp)->n_uploads;
    cboto_response_release(resp);
    return n;
}

static int head_status(struct cboto_client *cl, const char *bucket,
                       const char *key)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    int st;

    if (cboto_s3_head_object(
            cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = key},
            &rq))
        return -1;
    run(rq, &resp);
    st = cboto_response_status(resp);
    cboto_response_release(resp);
    return st;
}

/* Empty and delete a bucket (multipart uploads included). */
static int drop_bucket(struct cboto_client *cl, const char *bucket)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_list_result *lr;
    size_t i;
    int rc;

    rc = cboto_s3_list_objects_v2(
        cl, &(struct cboto_s3_list_params){.bucket = bucket}, &rq);
    if (rc)
        return rc;
    rc = run(rq, &resp);
    lr = cboto_s3_list_result(resp);
    for (i = 0; !rc && lr && i < lr->n_objects; i++) {
        rc = cboto_s3_delete_object(
            cl,
            &(struct cboto_s3_delete_params){.bucket = bucket,
                                             .key = lr->objects[i].key},
            &rq);
        if (!rc)
            rc = run0(rq);
    }
    cboto_response_release(resp);
    if (rc)
        return rc;
    rc = cboto_s3_delete_bucket(
        cl, &(struct cboto_s3_bucket_params){.bucket = bucket}, &rq);
    return rc ? rc : run0(rq);
}

/* A file of n bytes of a pattern that differs per MiB. */
static int make_file(const char *path, uint64_t n)
{
    static uint8_t buf[MIB];
    uint64_t done = 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
        return -1;
    while (done < n) {
        size_t i, k = n - done < MIB ? (size_t)(n - done) : MIB;

        for (i = 0; i < k; i++)
            buf[i] = (uint8_t)((done + i) * 7 + ((done + i) >> 20));
        if (write(fd, buf, k) != (ssize_t)k) {
            close(fd);
            return -1;
        }
        done += k;
    }
    return close(fd);
}

static int same_files(const char *a, const char *b)
{
    static uint8_t x[MIB], y[MIB];
    int fa = open(a, O_RDONLY), fb = open(b, O_RDONLY),
        same = fa >= 0 && fb >= 0;

    while (same) {
        ssize_t na = read(fa, x, sizeof x), nb = read(fb, y, sizeof y);

        if (na != nb || na < 0 || memcmp(x, y, (size_t)na) != 0)
            same = 0;
        if (na <= 0)
            break;
    }
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

/* Files in dir besides the names given (temporaries left behind). */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

#define SETUP()                                                               \
    struct cboto_client *cl = NULL;                                           \
    char bucket[64], dir[] = "/tmp/cboto-tm-XXXXXX", src[128], dst[128];      \
    if (!env_ready())                                                         \
        return TEST_SKIP;                                                     \
    ASSERT_OK(new_client(a, &cl));                                            \
    ASSERT_OK(make_bucket(cl, bucket, sizeof bucket));                        \
    ASSERT_TRUE(mkdtemp(dir) != NULL);                                        \
    snprintf(src, sizeof src, "%s/src.bin", dir);                             \
    snprintf(dst, sizeof dst, "%s/dst.bin", dir)

#define TEARDOWN()                                                            \
    do {                                                                      \
        unlink(src);                                                          \
        unlink(dst);                                                          \
        ASSERT_EQ(0, rmdir(dir));                                             \
        ASSERT_OK(drop_bucket(cl, bucket));                                   \
        ASSERT_OK(cboto_client_free(cl));                                     \
    } while (0)

static int test_multipart_upload_and_ranged_download(struct cboto_allocator *a)
{
    static const struct cboto_s3_pair meta[] = {{"via", "transfer"}};
    struct cboto_s3_object_attrs at;
    struct cboto_s3_transfer_options o;
    struct cboto_s3_transfer *tr;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_object_info *info;
    struct job j;
    const uint64_t size = 17 * MIB + 123;
    SETUP();

    ASSERT_EQ(0, make_file(src, size));
    memset(&at, 0, sizeof at);
    at.content_type = "application/x-big";
    at.meta = meta;
    at.n_meta = 1;
    memset(&o, 0, sizeof o);
    o.part_size = 5 * MIB;
    o.max_in_flight = 3;
    o.progress = on_progress;
    o.attrs = &at;
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "big", src, &o, on_done,
                                   &j, &tr));
    ASSERT_EQ(0, j.calls); /* never inside the start call */
    ASSERT_EQ(CBOTO_EBUSY, cboto_s3_transfer_free(tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_EQ(1, j.calls);
    ASSERT_EQ(4, cboto_s3_transfer_parts(tr));
    ASSERT_EQ(4, j.progress_calls);
    ASSERT_EQ(size, j.last_done);
    ASSERT_EQ(size, j.total);
    ASSERT_EQ(0, j.backwards);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_EQ(0, count_uploads(cl, bucket));

    ASSERT_OK(cboto_s3_head_object(
        cl, &(struct cboto_s3_get_params){.bucket = bucket, .key = "big"},
        &rq));
    ASSERT_OK(run(rq, &resp));
    info = cboto_s3_object_info_result(resp);
    ASSERT_EQ(size, info->content_length);
    ASSERT_STREQ("application/x-big", info->content_type);
    ASSERT_TRUE(strstr(info->etag, "-4") != NULL);
    ASSERT_EQ(1, info->n_meta);
    cboto_response_release(resp);

    memset(&j, 0, sizeof j);
    o.attrs = NULL;
    ASSERT_OK(cboto_s3_download_file(s_evx, cl, bucket, "big", dst, &o,
                                     on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_EQ(4, cboto_s3_transfer_parts(tr));
    ASSERT_EQ(size, j.last_done);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_TRUE(same_files(src, dst));
    ASSERT_EQ(2, dir_entries(dir)); /* no temporary left */
    TEARDOWN();
    return 0;
}

static int test_small_file_single_requests(struct cboto_allocator *a)
{
    struct cboto_s3_transfer *tr;
    struct job j;
    SETUP();

    ASSERT_EQ(0, make_file(src, 1000));
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "small", src, NULL,
                                   on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_EQ(1, cboto_s3_transfer_parts(tr));
    ASSERT_OK(cboto_s3_transfer_free(tr));
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_download_file(s_evx, cl, bucket, "small", dst, NULL,
                                     on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_TRUE(same_files(src, dst));
    /* An empty file too. */
    ASSERT_EQ(0, make_file(src, 0));
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "empty", src, NULL,
                                   on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_download_file(s_evx, cl, bucket, "empty", dst, NULL,
                                     on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_TRUE(same_files(src, dst));
    TEARDOWN();
    return 0;
}

static int test_shrinking_file_aborts_upload(struct cboto_allocator *a)
{
    struct cboto_s3_transfer_options o;
    struct cboto_s3_transfer *tr;
    struct job j;
    SETUP();

    ASSERT_EQ(0, make_file(src, 17 * MIB));
    memset(&o, 0, sizeof o);
    o.part_size = 5 * MIB;
    o.max_in_flight = 2;
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "shrunk", src, &o,
                                   on_done, &j, &tr));
    /* Another process cuts the file before the parts are read. */
    ASSERT_EQ(0, truncate(src, 6 * MIB));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_EQ(CBOTO_EIO, j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_EQ(0, count_uploads(cl, bucket));
    ASSERT_EQ(404, head_status(cl, bucket, "shrunk"));
    TEARDOWN();
    return 0;
}

static int test_cancel_aborts_upload(struct cboto_allocator *a)
{
    struct cboto_s3_transfer_options o;
    struct cboto_s3_transfer *tr;
    struct job j;
    int i;
    SETUP();

    ASSERT_EQ(0, make_file(src, 12 * MIB));
    memset(&o, 0, sizeof o);
    o.part_size = 5 * MIB;
    for (i = 0; i < 2; i++) {
        /* Canceled at once, and canceled once the parts are moving. */
        memset(&j, 0, sizeof j);
        ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "canceled", src, &o,
                                       on_done, &j, &tr));
        if (i == 1) {
            int turns = 0;

            while (cboto_evexec_pending(s_evx) < 2 && turns++ < 10000 &&
                   j.calls == 0)
                event_base_loop(s_base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
        }
        cboto_s3_transfer_cancel(tr);
        ASSERT_EQ(0, wait_job(&j));
        ASSERT_EQ(CBOTO_ECANCELED, j.err);
        ASSERT_EQ(1, j.calls);
        ASSERT_OK(cboto_s3_transfer_free(tr));
        ASSERT_EQ(0, count_uploads(cl, bucket));
        ASSERT_EQ(404, head_status(cl, bucket, "canceled"));
    }
    TEARDOWN();
    return 0;
}

static int test_failed_download_leaves_no_file(struct cboto_allocator *a)
{
    struct cboto_s3_transfer *tr;
    struct job j;
    SETUP();

    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_download_file(s_evx, cl, bucket, "missing", dst, NULL,
                                     on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_EQ(CBOTO_ESERVICE, j.err);
    ASSERT_STREQ("NotFound", j.code);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_EQ(0, dir_entries(dir));
    TEARDOWN();
    return 0;
}

static int test_bad_arguments(struct cboto_allocator *a)
{
    struct cboto_s3_transfer_options o;
    struct cboto_s3_transfer *tr = NULL;
    struct job j;
    SETUP();

    memset(&o, 0, sizeof o);
    memset(&j, 0, sizeof j);
    ASSERT_EQ(0, make_file(src, 10));
    o.part_size = MIB; /* under S3's 5 MiB minimum */
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_upload_file(s_evx, cl, bucket, "k", src,
                                                 &o, on_done, &j, &tr));
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_upload_file(s_evx, cl, "Bad_Bucket", "k",
                                                 src, NULL, on_done, &j, &tr));
    ASSERT_EQ(CBOTO_EINVAL, cboto_s3_upload_file(s_evx, cl, bucket, "", src,
                                                 NULL, on_done, &j, &tr));
    ASSERT_EQ(CBOTO_EIO,
              cboto_s3_upload_file(s_evx, cl, bucket, "k", "/nonexistent/file",
                                   NULL, on_done, &j, &tr));
    ASSERT_NULL(tr);
    ASSERT_EQ(0, j.calls);
    TEARDOWN();
    return 0;
}

/* Digits only (atoi is banned and silently accepts junk). */
static int parse_mib(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1u << 20)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

static int test_big_file_peak_rss(struct cboto_allocator *a)
{
    const char *mib = getenv("CBOTO_TEST_BIG_MIB");
    struct cboto_s3_transfer *tr;
    struct rusage ru;
    struct job j;
    uint64_t size;
    long before;
    SETUP();

    if (!mib || parse_mib(mib, &size)) {
        TEARDOWN();
        skip("set CBOTO_TEST_BIG_MIB=1024 for the 1 GiB check");
        return TEST_SKIP;
    }
    size *= MIB;
    ASSERT_EQ(0, make_file(src, size));
    getrusage(RUSAGE_SELF, &ru);
    before = ru.ru_maxrss;
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_upload_file(s_evx, cl, bucket, "huge", src, NULL,
                                   on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    memset(&j, 0, sizeof j);
    ASSERT_OK(cboto_s3_download_file(s_evx, cl, bucket, "huge", dst, NULL,
                                     on_done, &j, &tr));
    ASSERT_EQ(0, wait_job(&j));
    ASSERT_OK(j.err);
    ASSERT_OK(cboto_s3_transfer_free(tr));
    ASSERT_TRUE(same_files(src, dst));
    getrusage(RUSAGE_SELF, &ru);
    printf("# %llu MiB: peak RSS %ld KiB (%ld KiB before the transfers)\n",
           (unsigned long long)(size / MIB), ru.ru_maxrss, before);
    /* The bound of issue 4: parts in flight x part size (8 x 8 MiB). */
    ASSERT_TRUE(ru.ru_maxrss - before < 64 * 1024);
    TEARDOWN();
    return 0;
}

HARNESS_MAIN(TEST_LIST)
