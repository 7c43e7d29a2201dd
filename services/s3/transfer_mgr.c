/* SPDX-License-Identifier: MIT */
/*
 * The transfer manager: uploads and downloads of whole files as a small
 * state machine on the asynchronous executor.  Parts are read from (or
 * written to) the file by the executor itself, pread()/pwrite() as the
 * socket moves bytes, so memory is bounded by a few curl buffers per part
 * in flight whatever the file size.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/async.h>
#include <cboto/s3_transfer.h>

#include "../../aws/core.h"
#include "s3_build.h"

#define MIB               (1024u * 1024u)
#define DEFAULT_THRESHOLD (8u * MIB)
#define DEFAULT_PART      (8u * MIB)
#define MIN_PART          (5u * MIB)
#define MAX_PART          (5ull * 1024 * MIB)
#define MAX_PARTS         10000u
#define DEFAULT_IN_FLIGHT 8u

enum phase {
    PH_HEAD,
    PH_SINGLE,
    PH_CREATE,
    PH_PARTS,
    PH_COMPLETE,
    PH_ABORT,
    PH_DONE
};

struct part {
    struct cboto_s3_transfer *tr;
    uint64_t off;
    uint64_t len;
    struct cboto_request *rq; /* while in flight */
    int fd;                   /* download: this part's descriptor */
    char *etag;               /* upload: as UploadPart returned it */
};

struct cboto_s3_transfer {
    const struct cboto_allocator *a;
    struct cboto_evexec *evx;
    struct cboto_client *cl;
    int upload;
    char *bucket;
    char *key;
    char *path;
    char *tmp_path; /* download */
    int fd;
    struct cboto_s3_transfer_options o;
    cboto_s3_transfer_done_fn *done;
    void *ud;
    enum phase phase;
    uint64_t size;
    char *etag;      /* download: the object's ETag */
    char *upload_id; /* upload: the multipart upload */
    struct part *parts;
    unsigned n_parts;
    unsigned next;     /* next part to start */
    unsigned finished; /* parts completed */
    unsigned in_flight;
    struct cboto_request *cur; /* the one non-part request in flight */
    uint64_t bytes_done;
    int err;                       /* first failure */
    struct cboto_response *failed; /* its response */
    int ended;
};

static void pump(struct cboto_s3_transfer *tr);
static void fail(struct cboto_s3_transfer *tr, int err,
                 struct cboto_response *resp);

static void finish(struct cboto_s3_transfer *tr)
{
    cboto_s3_transfer_done_fn *done = tr->done;
    void *ud = tr->ud;

    if (tr->fd >= 0)
        close(tr->fd);
    tr->fd = -1;
    if (tr->err && tr->tmp_path)
        unlink(tr->tmp_path);
    tr->phase = PH_DONE;
    tr->ended = 1;
    /* The callback may free tr: nothing touches it afterwards. */
    done(tr, tr->err, tr->failed, ud);
}

static void progress(struct cboto_s3_transfer *tr, uint64_t n)
{
    tr->bytes_done += n;
    if (tr->o.progress)
        tr->o.progress(tr, tr->bytes_done, tr->size, tr->ud);
}

static int submit(struct cboto_s3_transfer *tr, struct cboto_request *rq,
                  cboto_done_fn *fn, void *ud)
{
    int rc = cboto_evexec_submit(tr->evx, rq, fn, ud);

    cboto_request_release(rq);
    return rc;
}

/* ---- the end: abort an upload, or settle a download --------------------- */

static void on_abort(struct cboto_request *rq, int err,
                     struct cboto_response *resp, void *ud)
{
    struct cboto_s3_transfer *tr = ud;

    CBOTO_UNUSED(rq);
    CBOTO_UNUSED(resp);
    CBOTO_UNUSED(err); /* the first failure is what the caller needs */
    tr->cur = NULL;
    finish(tr);
}

/* Called once nothing is in flight after a failure. */
static void wind_down(struct cboto_s3_transfer *tr)
{
    struct cboto_request *rq;

    if (tr->upload && tr->upload_id) {
        struct cboto_s3_upload_ref r = {tr->bucket, tr->key, tr->upload_id, 0,
                                        0};

        tr->phase = PH_ABORT;
        if (cboto_s3_abort_multipart_upload(tr->cl, &r, &rq) == CBOTO_OK) {
            tr->cur = rq;
            if (submit(tr, rq, on_abort, tr) == CBOTO_OK)
                return;
            tr->cur = NULL;
        }
    }
    finish(tr);
}

static void fail(struct cboto_s3_transfer *tr, int err,
                 struct cboto_response *resp)
{
    unsigned i;

    if (tr->err)
        return;
    tr->err = err;
    tr->failed = resp ? cboto_response_acquire(resp) : NULL;
    /* Their callbacks come later with CBOTO_ECANCELED. */
    for (i = 0; i < tr->n_parts; i++)
        if (tr->parts[i].rq)
            cboto_evexec_cancel(tr->evx, tr->parts[i].rq);
    /* A CreateMultipartUpload is left to finish: canceled after it was
     * sent, the upload it made could not be aborted. */
    if (tr->cur && tr->phase != PH_CREATE)
        cboto_evexec_cancel(tr->evx, tr->cur);
}

/* ---- parts -------------------------------------------------------------- */

static int file_unchanged(struct cboto_s3_transfer *tr)
{
    struct stat st;

    return fstat(tr->fd, &st) == 0 && (uint64_t)st.st_size == tr->size;
}

static void on_complete(struct cboto_request *rq, int err,
                        struct cboto_response *resp, void *ud)
{
    struct cboto_s3_transfer *tr = ud;

    CBOTO_UNUSED(rq);
    tr->cur = NULL;
    if (err) {
        fail(tr, err, resp);
        wind_down(tr);
        return;
    }
    finish(tr);
}

static void complete_upload(struct cboto_s3_transfer *tr)
{
    struct cboto_s3_completed_part *cp;
    struct cboto_s3_complete_params p;
    struct cboto_request *rq;
    unsigned i;
    int rc;

    /* A file that grew or shrank while it was read is not the file the
     * caller meant to upload. */
    if (!file_unchanged(tr)) {
        fail(tr, CBOTO_EIO, NULL);
        wind_down(tr);
        return;
    }
    cp = cboto__calloc(tr->a, tr->n_parts, sizeof *cp);
    if (!cp) {
        fail(tr, CBOTO_ENOMEM, NULL);
        wind_down(tr);
        return;
    }
    for (i = 0; i < tr->n_parts; i++) {
        cp[i].part_number = (int)i + 1;
        cp[i].etag = tr->parts[i].etag;
    }
    memset(&p, 0, sizeof p);
    p.bucket = tr->bucket;
    p.key = tr->key;
    p.upload_id = tr->upload_id;
    p.parts = cp;
    p.n_parts = tr->n_parts;
    rc = cboto_s3_complete_multipart_upload(tr->cl, &p, &rq);
    cboto__free(tr->a, cp);
    if (!rc) {
        tr->phase = PH_COMPLETE;
        tr->cur = rq;
        rc = submit(tr, rq, on_complete, tr);
        if (rc)
            tr->cur = NULL;
    }
    if (rc) {
        fail(tr, rc, NULL);
        wind_down(tr);
    }
}

static void download_done(struct cboto_s3_transfer *tr,
                          struct cboto_response *single)
{
    int rc = CBOTO_OK, verified;

    if (single) {
        const struct cboto_s3_object_info *info =
            cboto_s3_object_info_result(single);

        if (!info || info->content_length != tr->size)
            rc = CBOTO_EIO;
        if (!rc)
            rc = cboto_s3_verify_checksum_fd(single, tr->fd, 0, tr->size,
                                             &verified);
    }
    if (!rc && (fsync(tr->fd) != 0 || rename(tr->tmp_path, tr->path) != 0))
        rc = CBOTO_EIO;
    if (rc)
        fail(tr, rc, single);
    finish(tr);
}

static void on_part(struct cboto_request *rq, int err,
                    struct cboto_response *resp, void *ud)
{
    struct part *pt = ud;
    struct cboto_s3_transfer *tr = pt->tr;

    CBOTO_UNUSED(rq);
    pt->rq = NULL;
    tr->in_flight--;
    if (pt->fd >= 0) {
        close(pt->fd);
        pt->fd = -1;
    }
    if (!err && tr->upload) {
        const struct cboto_s3_put_result *r = cboto_s3_put_result(resp);

        pt->etag = r && r->etag ? cboto__strdup(tr->a, r->etag) : NULL;
        if (!pt->etag)
            err = r && r->etag ? CBOTO_ENOMEM : CBOTO_EPARSE;
    } else if (!err) {
        const struct cboto_s3_object_info *info =
            cboto_s3_object_info_result(resp);

        /* A short ranged answer would leave a hole in the file. */
        if (!info || info->content_length != pt->len)
            err = CBOTO_EIO;
    }
    if (err) {
        fail(tr, err == CBOTO_ECANCELED && tr->err ? tr->err : err, resp);
    } else {
        tr->finished++;
        progress(tr, pt->len);
    }
    if (tr->err) {
        if (tr->in_flight == 0)
            wind_down(tr);
        return;
    }
    if (tr->finished == tr->n_parts) {
        if (tr->upload)
            complete_upload(tr);
        else
            download_done(tr, NULL);
        return;
    }
    pump(tr);
}

static int start_part(struct cboto_s3_transfer *tr, struct part *pt,
                      unsigned num)
{
    struct cboto_request *rq;
    int rc;

    if (tr->upload) {
        struct cboto_s3_upload_part_params p;

        memset(&p, 0, sizeof p);
        p.bucket = tr->bucket;
        p.key = tr->key;
        p.upload_id = tr->upload_id;
        p.part_number = (int)num;
        rc = cboto_s3_upload_part(tr->cl, &p, &rq);
        if (rc)
            return rc;
        rc = cboto_request_set_body_fd(rq, tr->fd, pt->off, pt->len);
    } else {
        struct cboto_s3_get_params p;

        memset(&p, 0, sizeof p);
        p.bucket = tr->bucket;
        p.key = tr->key;
        p.has_range = 1;
        p.first_byte = pt->off;
        p.last_byte = pt->off + pt->len - 1;
        /* Every range from the same version of the object. */
        p.if_match = tr->etag;
        rc = cboto_s3_get_object(tr->cl, &p, &rq);
        if (rc)
            return rc;
        pt->fd = open(tr->tmp_path, O_WRONLY | O_CLOEXEC);
        if (pt->fd < 0 || lseek(pt->fd, (off_t)pt->off, SEEK_SET) < 0)
            rc = CBOTO_EIO;
        if (!rc)
            rc = cboto_request_set_sink_fd(rq, pt->fd);
    }
    if (rc) {
        cboto_request_release(rq);
        if (pt->fd >= 0)
            close(pt->fd);
        pt->fd = -1;
        return rc;
    }
    pt->rq = rq;
    rc = cboto_evexec_submit(tr->evx, rq, on_part, pt);
    cboto_request_release(rq);
    if (rc) {
        pt->rq = NULL;
        if (pt->fd >= 0)
            close(pt->fd);
        pt->fd = -1;
        return rc;
    }
    tr->in_flight++;
    return CBOTO_OK;
}

static void pump(struct cboto_s3_transfer *tr)
{
    while (!tr->err && tr->in_flight < tr->o.max_in_flight &&
           tr->next < tr->n_parts) {
        unsigned i = tr->next++;
        int rc = start_part(tr, &tr->parts[i], i + 1);

        if (rc)
            fail(tr, rc, NULL);
    }
    if (tr->err && tr->in_flight == 0)
        wind_down(tr);
}

/* Split size into parts of at least part_size, at most 10,000 of them. */
static int plan_parts(struct cboto_s3_transfer *tr)
{
    uint64_t ps = tr->o.part_size, off = 0;
    unsigned i, n;

    if (tr->size > (uint64_t)ps * MAX_PARTS) {
        /* Grow to whole MiB so the parts stay aligned. */
        ps = (tr->size + MAX_PARTS - 1) / MAX_PARTS;
        ps = (ps + MIB - 1) / MIB * MIB;
    }
    if (ps > MAX_PART)
        return CBOTO_EINVAL;
    n = (unsigned)((tr->size + ps - 1) / ps);
    if (n == 0)
        n = 1;
    tr->parts = cboto__calloc(tr->a, n, sizeof *tr->parts);
    if (!tr->parts)
        return CBOTO_ENOMEM;
    for (i = 0; i < n; i++) {
        tr->parts[i].tr = tr;
        tr->parts[i].fd = -1;
        tr->parts[i].off = off;
        tr->parts[i].len = tr->size - off < ps ? tr->size - off : ps;
        off += tr->parts[i].len;
    }
    tr->n_parts = n;
    return CBOTO_OK;
}

/* ---- upload ------------------------------------------------------------- */

static void on_create(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    struct cboto_s3_transfer *tr = ud;
    const struct cboto_s3_multipart_upload *mu;

    CBOTO_UNUSED(rq);
    tr->cur = NULL;
    mu = err ? NULL : cboto_s3_multipart_upload_result(resp);
    if (mu && mu->upload_id) {
        tr->upload_id = cboto__strdup(tr->a, mu->upload_id);
        if (!tr->upload_id)
            err = CBOTO_ENOMEM;
    } else if (!err) {
        err = CBOTO_EPARSE;
    }
    if (err || tr->err) {
        /* Canceled meanwhile, or failed: abort what may exist. */
        fail(tr, err ? err : tr->err, resp);
        wind_down(tr);
        return;
    }
    tr->phase = PH_PARTS;
    pump(tr);
}

static void on_single(struct cboto_request *rq, int err,
                      struct cboto_response *resp, void *ud)
{
    struct cboto_s3_transfer *tr = ud;

    CBOTO_UNUSED(rq);
    tr->cur = NULL;
    if (!err && tr->upload && !file_unchanged(tr))
        err = CBOTO_EIO;
    if (err) {
        fail(tr, err, resp);
        finish(tr);
        return;
    }
    progress(tr, tr->size);
    if (tr->upload)
        finish(tr);
    else
        download_done(tr, resp);
}

static int start_upload(struct cboto_s3_transfer *tr)
{
    struct cboto_request *rq;
    struct stat st;
    int rc;

    tr->fd = open(tr->path, O_RDONLY | O_CLOEXEC);
    if (tr->fd < 0 || fstat(tr->fd, &st) != 0 || !S_ISREG(st.st_mode))
        return CBOTO_EIO;
    tr->size = (uint64_t)st.st_size;
    if (tr->size < tr->o.threshold) {
        struct cboto_s3_put_params p;

        memset(&p, 0, sizeof p);
        p.bucket = tr->bucket;
        p.key = tr->key;
        p.attrs = tr->o.attrs;
        rc = cboto_s3_put_object(tr->cl, &p, &rq);
        if (rc)
            return rc;
        rc = cboto_request_set_body_fd(rq, tr->fd, 0, tr->size);
        if (rc) {
            cboto_request_release(rq);
            return rc;
        }
        tr->n_parts = 1;
        tr->phase = PH_SINGLE;
        tr->cur = rq;
        return submit(tr, rq, on_single, tr);
    }
    rc = plan_parts(tr);
    if (rc)
        return rc;
    {
        struct cboto_s3_create_multipart_params p;

        memset(&p, 0, sizeof p);
        p.bucket = tr->bucket;
        p.key = tr->key;
        p.attrs = tr->o.attrs;
        rc = cboto_s3_create_multipart_upload(tr->cl, &p, &rq);
    }
    if (rc)
        return rc;
    tr->phase = PH_CREATE;
    tr->cur = rq;
    return submit(tr, rq, on_create, tr);
}

/* ---- download ----------------------------------------------------------- */

static int make_tmp(struct cboto_s3_transfer *tr)
{
    struct cboto__buf b;
    int rc;

    cboto__buf_init(&b, tr->a, 0);
    rc = cboto__buf_printf(&b, "%s.cboto-XXXXXX", tr->path);
    if (rc) {
        cboto__buf_cleanup(&b);
        return rc;
    }
    tr->tmp_path = cboto__buf_steal(&b);
    if (!tr->tmp_path)
        return CBOTO_ENOMEM;
    tr->fd = mkstemp(tr->tmp_path);
    if (tr->fd < 0) {
        cboto__free(tr->a, tr->tmp_path);
        tr->tmp_path = NULL;
        return CBOTO_EIO;
    }
    /* The whole size up front: the ranges land in place, and a full disk
     * shows now rather than half-way. */
    if (ftruncate(tr->fd, (off_t)tr->size) != 0)
        return CBOTO_EIO;
    return CBOTO_OK;
}

static void on_head(struct cboto_request *rq, int err,
                    struct cboto_response *resp, void *ud)
{
    struct cboto_s3_transfer *tr = ud;
    const struct cboto_s3_object_info *info;
    struct cboto_request *get;

    CBOTO_UNUSED(rq);
    tr->cur = NULL;
    info = err ? NULL : cboto_s3_object_info_result(resp);
    if (!err && (!info || !info->etag))
        err = CBOTO_EPARSE;
    if (!err && !tr->err) {
        tr->size = info->content_length;
        tr->etag = cboto__strdup(tr->a, info->etag);
        err = tr->etag ? make_tmp(tr) : CBOTO_ENOMEM;
    }
    if (err || tr->err) {
        fail(tr, err ? err : tr->err, resp);
        finish(tr);
        return;
    }
    if (tr->size < tr->o.threshold) {
        struct cboto_s3_get_params p;

        memset(&p, 0, sizeof p);
        p.bucket = tr->bucket;
        p.key = tr->key;
        p.if_match = tr->etag;
        p.checksum_mode = 1;
        tr->n_parts = 1;
        err = cboto_s3_get_object(tr->cl, &p, &get);
        if (!err) {
            err = cboto_request_set_sink_fd(get, tr->fd);
            if (err) {
                cboto_request_release(get);
            } else {
                tr->phase = PH_SINGLE;
                tr->cur = get;
                err = submit(tr, get, on_single, tr);
                if (err)
                    tr->cur = NULL;
            }
        }
        if (err) {
            fail(tr, err, NULL);
            finish(tr);
        }
        return;
    }
    err = plan_parts(tr);
    if (err) {
        fail(tr, err, NULL);
        finish(tr);
        return;
    }
    tr->phase = PH_PARTS;
    pump(tr);
}

static int start_download(struct cboto_s3_transfer *tr)
{
    struct cboto_s3_get_params p;
    struct cboto_request *rq;
    int rc;

    memset(&p, 0, sizeof p);
    p.bucket = tr->bucket;
    p.key = tr->key;
    rc = cboto_s3_head_object(tr->cl, &p, &rq);
    if (rc)
        return rc;
    tr->phase = PH_HEAD;
    tr->cur = rq;
    return submit(tr, rq, on_head, tr);
}

/* ---- public ------------------------------------------------------------- */

static void tr_free(struct cboto_s3_transfer *tr)
{
    unsigned i;

    for (i = 0; tr->parts && i < tr->n_parts; i++)
        cboto__free(tr->a, tr->parts[i].etag);
    cboto__free(tr->a, tr->parts);
    if (tr->fd >= 0)
        close(tr->fd);
    if (tr->tmp_path && !tr->ended)
        unlink(tr->tmp_path);
    cboto__free(tr->a, tr->tmp_path);
    cboto__free(tr->a, tr->bucket);
    cboto__free(tr->a, tr->key);
    cboto__free(tr->a, tr->path);
    cboto__free(tr->a, tr->etag);
    cboto__free(tr->a, tr->upload_id);
    cboto_response_release(tr->failed);
    cboto__free(tr->a, tr);
}

static int start(struct cboto_evexec *evx, struct cboto_client *cl, int upload,
                 const char *bucket, const char *key, const char *path,
                 const struct cboto_s3_transfer_options *o,
                 cboto_s3_transfer_done_fn *done, void *ud,
                 struct cboto_s3_transfer **out)
{
    struct cboto_s3_transfer *tr;
    int rc;

    if (!evx || !cl || !path || !*path || !done || !out ||
        cboto_s3_validate_bucket(bucket, NULL) ||
        cboto__s3_validate_key(key) ||
        (o && o->part_size && o->part_size < MIN_PART) ||
        (o && o->part_size > MAX_PART) ||
        (o && cboto__s3_check_attrs(o->attrs)))
        return CBOTO_EINVAL;
    tr = cboto__calloc(cl->a, 1, sizeof *tr);
    if (!tr)
        return CBOTO_ENOMEM;
    tr->a = cl->a;
    tr->evx = evx;
    tr->cl = cl;
    tr->upload = upload;
    tr->fd = -1;
    tr->done = done;
    tr->ud = ud;
    if (o)
        tr->o = *o;
    if (!tr->o.threshold)
        tr->o.threshold = DEFAULT_THRESHOLD;
    if (!tr->o.part_size)
        tr->o.part_size = DEFAULT_PART;
    if (!tr->o.max_in_flight)
        tr->o.max_in_flight = DEFAULT_IN_FLIGHT;
    tr->bucket = cboto__strdup(tr->a, bucket);
    tr->key = cboto__strdup(tr->a, key);
    tr->path = cboto__strdup(tr->a, path);
    if (!tr->bucket || !tr->key || !tr->path)
        rc = CBOTO_ENOMEM;
    else
        rc = upload ? start_upload(tr) : start_download(tr);
    if (rc) {
        tr->cur = NULL;
        tr_free(tr);
        return rc;
    }
    *out = tr;
    return CBOTO_OK;
}

int cboto_s3_upload_file(struct cboto_evexec *evx, struct cboto_client *cl,
                         const char *bucket, const char *key, const char *path,
                         const struct cboto_s3_transfer_options *o,
                         cboto_s3_transfer_done_fn *done, void *user_data,
                         struct cboto_s3_transfer **out)
{
    return start(evx, cl, 1, bucket, key, path, o, done, user_data, out);
}

int cboto_s3_download_file(struct cboto_evexec *evx, struct cboto_client *cl,
                           const char *bucket, const char *key,
                           const char *path,
                           const struct cboto_s3_transfer_options *o,
                           cboto_s3_transfer_done_fn *done, void *user_data,
                           struct cboto_s3_transfer **out)
{
    return start(evx, cl, 0, bucket, key, path, o, done, user_data, out);
}

void cboto_s3_transfer_cancel(struct cboto_s3_transfer *tr)
{
    if (!tr || tr->ended || tr->err)
        return;
    /* Every path continues from the canceled requests' callbacks. */
    fail(tr, CBOTO_ECANCELED, NULL);
}

unsigned cboto_s3_transfer_parts(const struct cboto_s3_transfer *tr)
{
    return tr ? tr->n_parts : 0;
}

int cboto_s3_transfer_free(struct cboto_s3_transfer *tr)
{
    if (!tr)
        return CBOTO_OK;
    if (!tr->ended)
        return CBOTO_EBUSY;
    tr_free(tr);
    return CBOTO_OK;
}
