/* SPDX-License-Identifier: MIT */
/*
 * cboto-s3: Amazon S3 at the shell, in the style of `aws s3`.
 * Commands: ls, mb, rb, cp, mv, rm, cat, stat.  See --help and cboto-s3(1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cboto/s3_transfer.h>

#include "cli.h"

static const char s_usage[] =
    "usage: cboto-s3 [GLOBAL OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  ls [s3://BUCKET[/PREFIX]] [--recursive]   list buckets or objects\n"
    "  mb s3://BUCKET                            make a bucket\n"
    "  rb s3://BUCKET [--force]                  remove a bucket (--force "
    "empties it)\n"
    "  cp SRC DST [--recursive] [OPTIONS]        copy local<->S3 or S3->S3;\n"
    "                                            '-' is stdin/stdout\n"
    "      --content-type T  --metadata K=V[,K=V...]  --storage-class C\n"
    "      --sse AES256|aws:kms [--sse-kms-key-id ID]\n"
    "      --checksum crc32c|crc32|sha256\n"
    "  mv SRC DST [--recursive]                  cp, then remove the source\n"
    "  rm s3://BUCKET/KEY [--recursive]          remove objects\n"
    "  cat s3://BUCKET/KEY                       write an object to stdout\n"
    "  stat s3://BUCKET/KEY                      show an object's metadata\n"
    "  presign s3://BUCKET/KEY [--expires-in SECONDS] [--method GET|PUT]\n"
    "                                            print a presigned URL\n"
    "\n" CLI_USAGE_GLOBALS;

/* What cp's options say about the objects it writes. */
struct put_opts {
    struct cboto_s3_object_attrs attrs;
    struct cboto_s3_pair meta[16];
    char meta_buf[2048];
    enum cboto_s3_checksum checksum;
};

struct s3url {
    char bucket[64];
    const char *key; /* points into the argument; "" when none */
};

static int is_s3(const char *s)
{
    return strncmp(s, "s3://", 5) == 0;
}

/* s3://BUCKET[/KEY]: the bucket is checked against S3's rules here, so a
 * bad URL is a usage error before any request. */
static int parse_s3(struct cli *c, const char *arg, struct s3url *u)
{
    const char *why = NULL;

    if (cboto_s3_parse_url(arg, u->bucket, sizeof u->bucket, &u->key, &why) !=
        CBOTO_OK)
        return cli_usage(c, "'%s': %s", arg, why ? why : "bad URL");
    return CLI_OK;
}

/* ---- ls ----------------------------------------------------------------- */

static int ls_buckets(struct cli *c)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_bucket_list *bl;
    json_t *arr;
    size_t i;
    int rc;

    rc = cboto_s3_list_buckets(c->cl, &rq);
    if (!rc)
        rc = cli_send(c, rq, &resp);
    if (rc) {
        rc = cli_fail(c, "ls", rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    bl = cboto_s3_bucket_list_result(resp);
    arr = json_array();
    for (i = 0; bl && i < bl->n_buckets; i++) {
        if (c->json)
            json_array_append_new(
                arr, json_pack("{s:s, s:s}", "Name", bl->buckets[i].name,
                               "CreationDate",
                               bl->buckets[i].creation_date
                                   ? bl->buckets[i].creation_date
                                   : ""));
        else
            printf("%s %s\n",
                   bl->buckets[i].creation_date ? bl->buckets[i].creation_date
                                                : "-",
                   bl->buckets[i].name);
    }
    if (c->json)
        cli_json(json_pack("{s:o}", "Buckets", arr));
    else
        json_decref(arr);
    cboto_response_release(resp);
    return CLI_OK;
}

/* Walk every page of a listing; fn is called per page.  Returns 0 or the
 * failing code (resp then holds the detail). */
typedef int page_fn(struct cli *c, const struct cboto_s3_list_result *lr,
                    void *ud);

static int walk(struct cli *c, const char *bucket, const char *prefix,
                const char *delim, page_fn *fn, void *ud,
                struct cboto_response **fail)
{
    char *token = NULL;
    int rc = CBOTO_OK;

    do {
        struct cboto_request *rq;
        struct cboto_response *resp = NULL;
        const struct cboto_s3_list_result *lr;

        rc = cboto_s3_list_objects_v2(
            c->cl,
            &(struct cboto_s3_list_params){.bucket = bucket,
                                           .prefix = *prefix ? prefix : NULL,
                                           .delimiter = delim,
                                           .continuation_token = token},
            &rq);
        if (!rc)
            rc = cli_send(c, rq, &resp);
        free(token);
        token = NULL;
        if (rc) {
            *fail = resp;
            return rc;
        }
        lr = cboto_s3_list_result(resp);
        rc = lr ? fn(c, lr, ud) : CBOTO_EPARSE;
        if (!rc && lr->is_truncated && lr->next_continuation_token)
            token = strdup(lr->next_continuation_token);
        cboto_response_release(resp);
    } while (!rc && token);
    return rc;
}

struct ls_state {
    const char *prefix;
    json_t *objs;
    json_t *pres;
};

static int ls_page(struct cli *c, const struct cboto_s3_list_result *lr,
                   void *ud)
{
    struct ls_state *st = ud;
    size_t i, plen = strlen(st->prefix);

    for (i = 0; i < lr->n_common_prefixes; i++) {
        if (c->json)
            json_array_append_new(st->pres,
                                  json_string(lr->common_prefixes[i]));
        else
            printf("%30s %s\n", "PRE", lr->common_prefixes[i] + plen);
    }
    for (i = 0; i < lr->n_objects; i++) {
        const struct cboto_s3_object *o = &lr->objects[i];

        if (c->json) {
            json_array_append_new(
                st->objs,
                json_pack("{s:s, s:I, s:s, s:s}", "Key", o->key, "Size",
                          (json_int_t)o->size, "LastModified",
                          o->last_modified ? o->last_modified : "", "ETag",
                          o->etag ? o->etag : ""));
        } else {
            char when[32] = "-";
            struct tm tm;

            if (o->last_modified_time && gmtime_r(&o->last_modified_time, &tm))
                strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
            printf("%s %10llu %s\n", when, (unsigned long long)o->size,
                   o->key + (st->prefix && c->json == 0 ? plen : 0));
        }
    }
    return 0;
}

static int cmd_ls(struct cli *c, int argc, char **argv)
{
    struct s3url u;
    struct ls_state st;
    struct cboto_response *fail = NULL;
    const char *target = NULL;
    int i, recursive = 0, rc;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--recursive") == 0 || strcmp(argv[i], "-r") == 0)
            recursive = 1;
        else if (argv[i][0] == '-')
            return cli_usage(c, "ls: unknown option '%s'", argv[i]);
        else if (target)
            return cli_usage(c, "ls: too many arguments");
        else
            target = argv[i];
    }
    if (!target)
        return ls_buckets(c);
    if ((rc = parse_s3(c, target, &u)))
        return rc;
    st.prefix = recursive ? "" : u.key;
    st.objs = json_array();
    st.pres = json_array();
    rc = walk(c, u.bucket, u.key, recursive ? NULL : "/", ls_page, &st, &fail);
    if (rc) {
        json_decref(st.objs);
        json_decref(st.pres);
        rc = cli_fail(c, "ls", rc, fail);
        cboto_response_release(fail);
        return rc;
    }
    if (c->json)
        cli_json(
            json_pack("{s:o, s:o}", "Prefixes", st.pres, "Objects", st.objs));
    else {
        json_decref(st.objs);
        json_decref(st.pres);
    }
    return CLI_OK;
}

/* ---- mb, rb ------------------------------------------------------------- */

static int simple(struct cli *c, const char *what, int rc,
                  struct cboto_request *rq, const char *done_text,
                  const char *arg)
{
    struct cboto_response *resp = NULL;

    if (rc)
        return cli_fail(c, what, rc, NULL);
    rc = cli_send(c, rq, &resp);
    if (rc) {
        rc = cli_fail(c, what, rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    cboto_response_release(resp);
    if (c->json)
        cli_json(json_pack("{s:s, s:s}", "Action", what, "Target", arg));
    else if (!c->quiet)
        printf("%s: %s\n", done_text, arg);
    return CLI_OK;
}

static int cmd_mb(struct cli *c, int argc, char **argv)
{
    struct cboto_request *rq = NULL;
    struct s3url u;
    int rc;

    if (argc != 1)
        return cli_usage(c, "mb: expected one s3://BUCKET");
    if ((rc = parse_s3(c, argv[0], &u)))
        return rc;
    if (*u.key)
        return cli_usage(c, "mb: '%s' names a key, not a bucket", argv[0]);
    rc = cboto_s3_create_bucket(
        c->cl, &(struct cboto_s3_bucket_params){.bucket = u.bucket}, &rq);
    return simple(c, "make_bucket", rc, rq, "make_bucket", argv[0]);
}

static int delete_key(struct cli *c, const char *bucket, const char *key,
                      struct cboto_response **fail)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    int rc = cboto_s3_delete_object(
        c->cl, &(struct cboto_s3_delete_params){.bucket = bucket, .key = key},
        &rq);

    if (!rc)
        rc = cli_send(c, rq, &resp);
    if (rc && fail)
        *fail = resp;
    else
        cboto_response_release(resp);
    return rc;
}

struct rm_state {
    const char *bucket;
    struct cboto_response *fail;
    int removed;
};

/* One DeleteObjects per listing page (at most 1,000 keys, S3's limit). */
static int rm_page(struct cli *c, const struct cboto_s3_list_result *lr,
                   void *ud)
{
    struct rm_state *st = ud;
    struct cboto_s3_object_id ids[1000];
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_delete_result *dr;
    size_t i, n = lr->n_objects < 1000 ? lr->n_objects : 1000;
    int rc;

    if (n == 0)
        return 0;
    for (i = 0; i < n; i++) {
        ids[i].key = lr->objects[i].key;
        ids[i].version_id = NULL;
    }
    rc = cboto_s3_delete_objects(
        c->cl,
        &(struct cboto_s3_delete_objects_params){
            .bucket = st->bucket, .keys = ids, .n_keys = n},
        &rq);
    if (!rc)
        rc = cli_send(c, rq, &resp);
    if (rc) {
        st->fail = resp;
        return rc;
    }
    dr = cboto_s3_delete_result(resp);
    for (i = 0; dr && i < dr->n_deleted; i++) {
        st->removed++;
        if (!c->json && !c->quiet)
            printf("delete: s3://%s/%s\n", st->bucket, dr->deleted[i].key);
    }
    for (i = 0; dr && i < dr->n_errors; i++)
        fprintf(stderr, "delete failed: s3://%s/%s: %s: %s\n", st->bucket,
                dr->errors[i].key,
                dr->errors[i].code ? dr->errors[i].code : "?",
                dr->errors[i].message ? dr->errors[i].message : "");
    rc = dr && dr->n_errors ? CBOTO_ESERVICE : 0;
    cboto_response_release(resp);
    return rc;
}

static int rm_prefix(struct cli *c, const char *bucket, const char *prefix,
                     int *removed)
{
    struct rm_state st = {bucket, NULL, 0};
    struct cboto_response *fail = NULL;
    int rc = walk(c, bucket, prefix, NULL, rm_page, &st, &fail);

    *removed = st.removed;
    if (rc) {
        rc = cli_fail(c, "rm", rc, fail ? fail : st.fail);
        cboto_response_release(fail);
        cboto_response_release(st.fail);
    }
    return rc;
}

static int cmd_rb(struct cli *c, int argc, char **argv)
{
    struct cboto_request *rq = NULL;
    struct s3url u;
    const char *target = NULL;
    int i, force = 0, rc, removed;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            force = 1;
        else if (argv[i][0] == '-' || target)
            return cli_usage(c, "rb: unexpected '%s'", argv[i]);
        else
            target = argv[i];
    }
    if (!target)
        return cli_usage(c, "rb: expected s3://BUCKET");
    if ((rc = parse_s3(c, target, &u)))
        return rc;
    if (*u.key)
        return cli_usage(c, "rb: '%s' names a key, not a bucket", target);
    if (force && (rc = rm_prefix(c, u.bucket, "", &removed)))
        return rc;
    rc = cboto_s3_delete_bucket(
        c->cl, &(struct cboto_s3_bucket_params){.bucket = u.bucket}, &rq);
    return simple(c, "remove_bucket", rc, rq, "remove_bucket", target);
}

/* ---- cp, mv, cat -------------------------------------------------------- */

struct prog {
    struct cli *c;
    const char *label;
};

static int on_progress(struct cboto_request *rq, uint64_t up, uint64_t upt,
                       uint64_t down, uint64_t downt, void *ud)
{
    struct prog *p = ud;

    (void)rq;
    if (upt)
        cli_progress(p->c, p->label, up, upt);
    else if (down)
        cli_progress(p->c, p->label, down, downt);
    return 0;
}

static int stdin_read(struct cboto_request *rq, uint8_t *buf, size_t cap,
                      size_t *got, void *ud)
{
    ssize_t n;

    (void)rq;
    (void)ud;
    do
        n = read(0, buf, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    *got = (size_t)n;
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');

    return s ? s + 1 : p;
}

/* A key the builders would refuse is a usage error, before any I/O. */
static int cboto__cli_check_key(struct cli *c, const char *key)
{
    size_t n = strlen(key);

    if (n == 0 || n > 1024) {
        cli_usage(c, "'%s': an S3 key is 1 to 1,024 bytes", key);
        return 1;
    }
    return 0;
}

struct xfer_wait {
    struct cli *c;
    const char *label;
    int done;
    int rc;
    char msg[512];
};

static void on_xfer_progress(struct cboto_s3_transfer *tr, uint64_t done,
                             uint64_t total, void *ud)
{
    struct xfer_wait *w = ud;

    (void)tr;
    cli_progress(w->c, w->label, done, total);
}

static void on_xfer_done(struct cboto_s3_transfer *tr, int err,
                         const struct cboto_response *failed, void *ud)
{
    struct xfer_wait *w = ud;
    const struct cboto_error_detail *d = cboto_response_error(failed);

    (void)tr;
    w->done = 1;
    w->rc = err;
    if (err && d && d->service_code)
        /* A HEAD answer has no body, so no message: say what 404 means. */
        snprintf(w->msg, sizeof w->msg, "%s: %s", d->service_code,
                 d->message              ? d->message
                 : d->http_status == 404 ? "The object does not exist."
                                         : "(no message)");
    else if (err && d && d->transport)
        snprintf(w->msg, sizeof w->msg, "%s: %s", cboto_strerror(err),
                 d->transport);
    else if (err)
        snprintf(w->msg, sizeof w->msg, "%s", cboto_strerror(err));
}

/* Files go through the transfer manager: multipart with parts in flight
 * above its threshold, a temporary file renamed when complete below. */
static int transfer(struct cli *c, int up, const struct s3url *u,
                    const char *key, const char *path,
                    const struct put_opts *po)
{
    struct cboto_s3_transfer_options to;
    struct cboto_s3_transfer *tr = NULL;
    struct xfer_wait w;
    int rc;

    memset(&to, 0, sizeof to);
    memset(&w, 0, sizeof w);
    w.c = c;
    w.label = up ? path : key;
    to.progress = on_xfer_progress;
    to.attrs = po ? &po->attrs : NULL;
    rc = up ? cboto_s3_upload_file(c->evx, c->cl, u->bucket, key, path, &to,
                                   on_xfer_done, &w, &tr)
            : cboto_s3_download_file(c->evx, c->cl, u->bucket, key, path, &to,
                                     on_xfer_done, &w, &tr);
    if (rc) {
        fprintf(stderr, "%s: %s: %s\n", up ? "upload" : "download",
                up ? path : key, cboto_strerror(rc));
        return rc == CBOTO_EINVAL ? CLI_USAGE : CLI_FAIL;
    }
    while (!w.done)
        event_base_loop(c->base, EVLOOP_ONCE);
    cboto_s3_transfer_free(tr);
    cli_progress_end(c);
    if (w.rc) {
        fprintf(stderr, "%s: %s\n", up ? "upload" : "download", w.msg);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static int upload(struct cli *c, const char *src, const struct s3url *u,
                  const char *key, const struct put_opts *po)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct prog pr = {c, src};
    struct stat st;
    int fd = -1, rc;

    if (strcmp(src, "-") != 0) {
        fd = open(src, O_RDONLY);
        if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s: %s: %s\n", c->prog, src,
                    fd < 0 ? strerror(errno) : "not a regular file");
            if (fd >= 0)
                close(fd);
            return CLI_FAIL;
        }
        /* A checksum needs one PutObject with the whole body; anything
         * else goes through the transfer manager. */
        if (po->checksum == CBOTO_S3_CHECKSUM_NONE) {
            close(fd);
            if (cboto__cli_check_key(c, key))
                return CLI_USAGE;
            rc = transfer(c, 1, u, key, src, po);
            if (rc == CLI_OK && !c->json && !c->quiet)
                printf("upload: %s to s3://%s/%s\n", src, u->bucket, key);
            return rc;
        }
    }
    rc = cboto_s3_put_object(
        c->cl,
        &(struct cboto_s3_put_params){
            .bucket = u->bucket, .key = key, .attrs = &po->attrs},
        &rq);
    if (rc) {
        if (fd >= 0)
            close(fd);
        return rc == CBOTO_EINVAL
                   ? cli_usage(c, "cp: bad key '%s' or option", key)
                   : cli_fail(c, "cp", rc, NULL);
    }
    if (fd >= 0)
        rc = cboto_request_set_body_fd(rq, fd, 0, (uint64_t)st.st_size);
    else
        rc = cboto_request_set_body_fn(rq, stdin_read, NULL,
                                       CBOTO_LENGTH_UNKNOWN, NULL);
    if (!rc && po->checksum != CBOTO_S3_CHECKSUM_NONE)
        rc = cboto_s3_request_add_checksum(rq, po->checksum);
    cboto_request_set_progress(rq, on_progress, &pr);
    if (!rc)
        rc = cli_send(c, rq, &resp);
    else
        cboto_request_release(rq);
    if (fd >= 0)
        close(fd);
    cli_progress_end(c);
    if (rc) {
        rc = cli_fail(c, "upload", rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    cboto_response_release(resp);
    if (!c->json && !c->quiet)
        printf("upload: %s to s3://%s/%s\n", src, u->bucket, key);
    return CLI_OK;
}

/* Keys become local paths only when they stay inside the destination:
 * no absolute paths, no ".." segments. */
static int safe_relative(const char *key)
{
    const char *p = key;

    if (*key == '/' || *key == '\0')
        return 0;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);

        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        if (*p == '/')
            p++;
    }
    return 1;
}

static int download(struct cli *c, const struct s3url *u, const char *key,
                    const char *dst)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct prog pr = {c, key};
    int rc;

    if (strcmp(dst, "-") != 0) {
        if (cboto__cli_check_key(c, key))
            return CLI_USAGE;
        rc = transfer(c, 0, u, key, dst, NULL);
        if (rc == CLI_OK && !c->json && !c->quiet)
            printf("download: s3://%s/%s to %s\n", u->bucket, key, dst);
        return rc;
    }
    rc = cboto_s3_get_object(
        c->cl, &(struct cboto_s3_get_params){.bucket = u->bucket, .key = key},
        &rq);
    if (rc)
        return cli_usage(c, "cp: bad key '%s'", key);
    if (strcmp(dst, "-") == 0)
        rc = cboto_request_set_sink_fd(rq, 1);
    else
        rc = cboto_request_set_sink_file(rq, dst);
    cboto_request_set_progress(rq, on_progress, &pr);
    if (!rc)
        rc = cli_send(c, rq, &resp);
    else
        cboto_request_release(rq);
    cli_progress_end(c);
    if (rc) {
        rc = cli_fail(c, "download", rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    cboto_response_release(resp);
    if (strcmp(dst, "-") != 0 && !c->json && !c->quiet)
        printf("download: s3://%s/%s to %s\n", u->bucket, key, dst);
    return CLI_OK;
}

static int mkdirs_for(const char *path)
{
    char tmp[PATH_MAX];
    char *p;

    if (strlen(path) >= sizeof tmp)
        return -1;
    memcpy(tmp, path, strlen(path) + 1);
    for (p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

/* ---- many transfers at once (cp --recursive) ---------------------------- */

/* Files in flight together through the transfer manager on one loop. */
#define BATCH_WINDOW 8

struct batch;

struct bjob {
    char *path;
    char *key;
    struct batch *b;
};

struct batch {
    struct cli *c;
    const struct s3url *u;
    const struct put_opts *po;
    int up;
    struct bjob *jobs;
    size_t n, cap, next, running;
    int failed;
};

static int batch_add(struct batch *b, const char *path, const char *key)
{
    if (b->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        struct bjob *nj = realloc(b->jobs, ncap * sizeof *nj);

        if (!nj)
            return -1;
        b->jobs = nj;
        b->cap = ncap;
    }
    b->jobs[b->n].path = strdup(path);
    b->jobs[b->n].key = strdup(key);
    b->jobs[b->n].b = b;
    if (!b->jobs[b->n].path || !b->jobs[b->n].key) {
        free(b->jobs[b->n].path);
        free(b->jobs[b->n].key);
        return -1;
    }
    b->n++;
    return 0;
}

static void batch_done(struct cboto_s3_transfer *tr, int err,
                       const struct cboto_response *failed, void *ud)
{
    struct bjob *j = ud;
    struct batch *b = j->b;
    const struct cboto_error_detail *d = cboto_response_error(failed);

    if (err) {
        fprintf(stderr, "%s failed: %s: %s%s%s\n",
                b->up ? "upload" : "download", b->up ? j->path : j->key,
                d && d->service_code ? d->service_code : cboto_strerror(err),
                d && d->message ? ": " : "",
                d && d->message ? d->message : "");
        b->failed = 1;
    } else if (!b->c->json && !b->c->quiet) {
        if (b->up)
            printf("upload: %s to s3://%s/%s\n", j->path, b->u->bucket,
                   j->key);
        else
            printf("download: s3://%s/%s to %s\n", b->u->bucket, j->key,
                   j->path);
    }
    cboto_s3_transfer_free(tr);
    b->running--;
}

/* Run every job, BATCH_WINDOW at a time, on the tool's event loop. */
static int batch_run(struct batch *b)
{
    struct cboto_s3_transfer_options to;
    size_t i;

    memset(&to, 0, sizeof to);
    to.attrs = b->po ? &b->po->attrs : NULL;
    while (b->next < b->n || b->running) {
        while (b->running < BATCH_WINDOW && b->next < b->n) {
            struct bjob *j = &b->jobs[b->next++];
            struct cboto_s3_transfer *tr = NULL;
            int rc =
                b->up ? cboto_s3_upload_file(b->c->evx, b->c->cl, b->u->bucket,
                                             j->key, j->path, &to, batch_done,
                                             j, &tr)
                      : cboto_s3_download_file(b->c->evx, b->c->cl,
                                               b->u->bucket, j->key, j->path,
                                               &to, batch_done, j, &tr);

            if (rc) {
                fprintf(stderr, "%s: %s: %s\n", b->up ? "upload" : "download",
                        b->up ? j->path : j->key, cboto_strerror(rc));
                b->failed = 1;
                continue;
            }
            b->running++;
        }
        if (b->running)
            event_base_loop(b->c->base, EVLOOP_ONCE);
    }
    for (i = 0; i < b->n; i++) {
        free(b->jobs[i].path);
        free(b->jobs[i].key);
    }
    free(b->jobs);
    b->jobs = NULL;
    b->n = b->cap = 0;
    return b->failed ? CLI_FAIL : CLI_OK;
}

struct get_state {
    const struct s3url *u;
    const char *dst;
    size_t plen;
    int failed;
    int count;
    struct batch *batch;
};

static int get_page(struct cli *c, const struct cboto_s3_list_result *lr,
                    void *ud)
{
    struct get_state *st = ud;
    char path[PATH_MAX];
    size_t i;

    for (i = 0; i < lr->n_objects; i++) {
        const char *rel = lr->objects[i].key + st->plen;
        int n;

        if (!safe_relative(rel)) {
            fprintf(stderr,
                    "%s: refusing key '%s': it would be written outside "
                    "'%s'\n",
                    c->prog, lr->objects[i].key, st->dst);
            st->failed = 1;
            continue;
        }
        if (rel[strlen(rel) - 1] == '/')
            continue; /* a "directory" marker object */
        n = snprintf(path, sizeof path, "%s/%s", st->dst, rel);
        if (n < 0 || (size_t)n >= sizeof path || mkdirs_for(path) != 0) {
            fprintf(stderr, "%s: cannot create a path for '%s'\n", c->prog,
                    rel);
            st->failed = 1;
            continue;
        }
        if (batch_add(st->batch, path, lr->objects[i].key) != 0) {
            fprintf(stderr, "%s: out of memory\n", c->prog);
            st->failed = 1;
            return CBOTO_ENOMEM;
        }
        st->count++;
    }
    return 0;
}

static int upload_tree(struct cli *c, const char *dir, const struct s3url *u,
                       const char *prefix, const struct put_opts *po,
                       struct batch *b)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int failed = 0;

    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", c->prog, dir, strerror(errno));
        return CLI_FAIL;
    }
    while ((e = readdir(d))) {
        char path[PATH_MAX], key[2048];
        struct stat st;
        int n;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path || lstat(path, &st) != 0)
            continue;
        n = snprintf(key, sizeof key, "%s%s%s", prefix,
                     *prefix && prefix[strlen(prefix) - 1] != '/' ? "/" : "",
                     e->d_name);
        if (n < 0 || (size_t)n >= sizeof key)
            continue;
        if (S_ISDIR(st.st_mode))
            failed |= upload_tree(c, path, u, key, po, b) != CLI_OK;
        else if (S_ISREG(st.st_mode) && po->checksum != CBOTO_S3_CHECKSUM_NONE)
            failed |= upload(c, path, u, key, po) != CLI_OK; /* one PUT */
        else if (S_ISREG(st.st_mode) && batch_add(b, path, key) != 0)
            failed = 1;
    }
    closedir(d);
    return failed ? CLI_FAIL : CLI_OK;
}

/* --metadata k=v,k=v into po->meta (names and values point into a copy). */
static int parse_meta(struct cli *c, const char *arg, struct put_opts *po)
{
    char *p, *next;
    size_t n = 0;

    if (strlen(arg) >= sizeof po->meta_buf)
        return cli_usage(c, "--metadata is longer than S3 allows");
    memcpy(po->meta_buf, arg, strlen(arg) + 1);
    for (p = po->meta_buf; p && *p; p = next) {
        char *eq;

        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        eq = strchr(p, '=');
        if (!eq || eq == p || n == sizeof po->meta / sizeof po->meta[0])
            return cli_usage(c, "--metadata wants KEY=VALUE[,KEY=VALUE...]");
        *eq = '\0';
        po->meta[n].name = p;
        po->meta[n].value = eq + 1;
        n++;
    }
    po->attrs.meta = po->meta;
    po->attrs.n_meta = n;
    return CLI_OK;
}

static int copy_object(struct cli *c, const struct s3url *su,
                       const struct s3url *du, const char *dkey,
                       const struct put_opts *po, int has_attrs)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    int rc;

    rc = cboto_s3_copy_object(
        c->cl,
        &(struct cboto_s3_copy_params){.bucket = du->bucket,
                                       .key = dkey,
                                       .src_bucket = su->bucket,
                                       .src_key = su->key,
                                       .replace_metadata = has_attrs,
                                       .attrs = &po->attrs},
        &rq);
    if (rc)
        return cli_usage(c, "cp: bad key or option");
    rc = cli_send(c, rq, &resp);
    if (rc) {
        rc = cli_fail(c, "copy", rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    cboto_response_release(resp);
    if (!c->json && !c->quiet)
        printf("copy: s3://%s/%s to s3://%s/%s\n", su->bucket, su->key,
               du->bucket, dkey);
    return CLI_OK;
}

static int cmd_cp(struct cli *c, int argc, char **argv, int move)
{
    const char *src = NULL, *dst = NULL;
    struct s3url su, du;
    struct put_opts po;
    int i, recursive = 0, rc, has_attrs = 0;

    memset(&po, 0, sizeof po);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;

        if (strcmp(a, "--recursive") == 0 || strcmp(a, "-r") == 0) {
            recursive = 1;
        } else if (strcmp(a, "--content-type") == 0 && has_val) {
            po.attrs.content_type = argv[++i];
            has_attrs = 1;
        } else if (strcmp(a, "--metadata") == 0 && has_val) {
            if ((rc = parse_meta(c, argv[++i], &po)))
                return rc;
            has_attrs = 1;
        } else if (strcmp(a, "--storage-class") == 0 && has_val) {
            po.attrs.storage_class = argv[++i];
        } else if (strcmp(a, "--sse") == 0 && has_val) {
            po.attrs.sse = argv[++i];
        } else if (strcmp(a, "--sse-kms-key-id") == 0 && has_val) {
            po.attrs.sse_kms_key_id = argv[++i];
        } else if (strcmp(a, "--checksum") == 0 && has_val) {
            a = argv[++i];
            po.checksum = strcmp(a, "crc32c") == 0   ? CBOTO_S3_CHECKSUM_CRC32C
                          : strcmp(a, "crc32") == 0  ? CBOTO_S3_CHECKSUM_CRC32
                          : strcmp(a, "sha256") == 0 ? CBOTO_S3_CHECKSUM_SHA256
                                                     : CBOTO_S3_CHECKSUM_NONE;
            if (po.checksum == CBOTO_S3_CHECKSUM_NONE)
                return cli_usage(c,
                                 "--checksum must be crc32c, crc32 or "
                                 "sha256, not '%s'",
                                 a);
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage(c,
                             "cp: unknown option '%s' (or it needs a "
                             "value)",
                             a);
        } else if (!src) {
            src = a;
        } else if (!dst) {
            dst = a;
        } else {
            return cli_usage(c, "cp: too many arguments");
        }
    }
    if (po.attrs.sse && strcmp(po.attrs.sse, "AES256") != 0 &&
        strcmp(po.attrs.sse, "aws:kms") != 0)
        return cli_usage(c, "--sse must be AES256 or aws:kms");
    if (po.attrs.sse_kms_key_id &&
        (!po.attrs.sse || strcmp(po.attrs.sse, "aws:kms") != 0))
        return cli_usage(c, "--sse-kms-key-id goes with --sse aws:kms");
    if (!src || !dst)
        return cli_usage(c, "cp: expected SRC and DST");
    if (!is_s3(src) && !is_s3(dst))
        return cli_usage(c, "cp: one of SRC and DST must be an s3:// URL");
    if (is_s3(src) && is_s3(dst)) {
        char key[2048];

        if ((rc = parse_s3(c, src, &su)) || (rc = parse_s3(c, dst, &du)))
            return rc;
        if (recursive)
            return cli_usage(c, "cp: --recursive S3 to S3 is not supported");
        if (!*su.key)
            return cli_usage(c, "cp: '%s' names no key", src);
        if (*du.key == '\0' || du.key[strlen(du.key) - 1] == '/')
            snprintf(key, sizeof key, "%s%s", du.key, base_name(su.key));
        else
            snprintf(key, sizeof key, "%s", du.key);
        rc = copy_object(c, &su, &du, key, &po, has_attrs);
        if (!rc && move)
            rc = delete_key(c, su.bucket, su.key, NULL) ? CLI_FAIL : CLI_OK;
        return rc;
    }
    if (is_s3(dst)) {
        char key[2048];

        if ((rc = parse_s3(c, dst, &du)))
            return rc;
        if (recursive) {
            struct batch b;

            memset(&b, 0, sizeof b);
            b.c = c;
            b.u = &du;
            b.po = &po;
            b.up = 1;
            rc = upload_tree(c, src, &du, du.key, &po, &b);
            rc = batch_run(&b) != CLI_OK ? CLI_FAIL : rc;
        } else {
            /* s3://b/dir/ or s3://b: keep the file's own name. */
            if (*du.key == '\0' || du.key[strlen(du.key) - 1] == '/') {
                if (strcmp(src, "-") == 0)
                    return cli_usage(c, "cp: give a key for stdin uploads");
                snprintf(key, sizeof key, "%s%s", du.key, base_name(src));
            } else {
                snprintf(key, sizeof key, "%s", du.key);
            }
            rc = upload(c, src, &du, key, &po);
        }
        if (!rc && move && !recursive && strcmp(src, "-") != 0 &&
            unlink(src) != 0)
            rc = CLI_FAIL;
        return rc;
    }
    if ((rc = parse_s3(c, src, &su)))
        return rc;
    if (recursive) {
        struct batch b;
        struct get_state st = {&su, dst, strlen(su.key), 0, 0, &b};
        struct cboto_response *fail = NULL;

        memset(&b, 0, sizeof b);
        b.c = c;
        b.u = &su;
        if (mkdir(dst, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: %s: %s\n", c->prog, dst, strerror(errno));
            return CLI_FAIL;
        }
        rc = walk(c, su.bucket, su.key, NULL, get_page, &st, &fail);
        if (batch_run(&b) != CLI_OK)
            st.failed = 1;
        if (rc) {
            rc = cli_fail(c, "cp", rc, fail);
            cboto_response_release(fail);
            return rc;
        }
        if (!st.failed && move) {
            int removed;

            return rm_prefix(c, su.bucket, su.key, &removed);
        }
        return st.failed ? CLI_FAIL : CLI_OK;
    }
    if (*su.key == '\0')
        return cli_usage(c, "cp: '%s' names no key (use --recursive)", src);
    {
        char path[PATH_MAX];
        struct stat st;

        if (strcmp(dst, "-") != 0 &&
            ((stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) ||
             dst[strlen(dst) - 1] == '/'))
            snprintf(path, sizeof path, "%s/%s", dst, base_name(su.key));
        else
            snprintf(path, sizeof path, "%s", dst);
        rc = download(c, &su, su.key, path);
    }
    if (!rc && move)
        rc = delete_key(c, su.bucket, su.key, NULL) ? CLI_FAIL : CLI_OK;
    return rc;
}

static int cmd_cp_copy(struct cli *c, int argc, char **argv)
{
    return cmd_cp(c, argc, argv, 0);
}

static int cmd_cp_move(struct cli *c, int argc, char **argv)
{
    return cmd_cp(c, argc, argv, 1);
}

static int cmd_cat(struct cli *c, int argc, char **argv)
{
    struct s3url u;
    int rc;

    if (argc != 1)
        return cli_usage(c, "cat: expected one s3://BUCKET/KEY");
    if ((rc = parse_s3(c, argv[0], &u)))
        return rc;
    if (!*u.key)
        return cli_usage(c, "cat: '%s' names no key", argv[0]);
    c->progress = 0;
    c->quiet = 1;
    return download(c, &u, u.key, "-");
}

static int cmd_rm(struct cli *c, int argc, char **argv)
{
    struct s3url u;
    struct cboto_response *fail = NULL;
    const char *target = NULL;
    int i, recursive = 0, rc, removed = 0;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--recursive") == 0 || strcmp(argv[i], "-r") == 0)
            recursive = 1;
        else if (argv[i][0] == '-' || target)
            return cli_usage(c, "rm: unexpected '%s'", argv[i]);
        else
            target = argv[i];
    }
    if (!target)
        return cli_usage(c, "rm: expected s3://BUCKET/KEY");
    if ((rc = parse_s3(c, target, &u)))
        return rc;
    if (recursive) {
        rc = rm_prefix(c, u.bucket, u.key, &removed);
    } else {
        if (!*u.key)
            return cli_usage(c, "rm: '%s' names no key", target);
        rc = delete_key(c, u.bucket, u.key, &fail);
        if (rc) {
            rc = cli_fail(c, "rm", rc, fail);
            cboto_response_release(fail);
        } else {
            removed = 1;
            if (!c->json && !c->quiet)
                printf("delete: %s\n", target);
        }
    }
    if (!rc && c->json)
        cli_json(json_pack("{s:i}", "Deleted", removed));
    return rc;
}

static int cmd_stat(struct cli *c, int argc, char **argv)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_object_info *in;
    struct s3url u;
    json_t *meta;
    size_t i;
    int rc;

    if (argc != 1)
        return cli_usage(c, "stat: expected one s3://BUCKET/KEY");
    if ((rc = parse_s3(c, argv[0], &u)))
        return rc;
    if (!*u.key)
        return cli_usage(c, "stat: '%s' names no key", argv[0]);
    rc = cboto_s3_head_object(
        c->cl, &(struct cboto_s3_get_params){.bucket = u.bucket, .key = u.key},
        &rq);
    if (!rc)
        rc = cli_send(c, rq, &resp);
    if (rc) {
        rc = cli_fail(c, "stat", rc, resp);
        cboto_response_release(resp);
        return rc;
    }
    in = cboto_s3_object_info_result(resp);
    meta = json_object();
    for (i = 0; in && i < in->n_meta; i++)
        json_object_set_new(meta, in->meta_names[i],
                            json_string(in->meta_values[i]));
    if (c->json) {
        cli_json(json_pack(
            "{s:s, s:I, s:s, s:s, s:s, s:o}", "Key", u.key, "ContentLength",
            (json_int_t)in->content_length, "ETag", in->etag ? in->etag : "",
            "ContentType", in->content_type ? in->content_type : "",
            "LastModified", in->last_modified ? in->last_modified : "",
            "Metadata", meta));
    } else {
        const char *k;
        json_t *v;

        printf("Key:           %s\n", u.key);
        printf("Size:          %llu\n",
               (unsigned long long)in->content_length);
        printf("ETag:          %s\n", in->etag ? in->etag : "-");
        printf("Content-Type:  %s\n",
               in->content_type ? in->content_type : "-");
        printf("Last-Modified: %s\n",
               in->last_modified ? in->last_modified : "-");
        json_object_foreach(meta, k, v)
            printf("Metadata:      %s=%s\n", k, json_string_value(v));
        json_decref(meta);
    }
    cboto_response_release(resp);
    return CLI_OK;
}

static int cmd_presign(struct cli *c, int argc, char **argv)
{
    const char *target = NULL, *method = "GET";
    char url[8192];
    struct s3url u;
    long expires = 3600;
    int i, rc;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--expires-in") == 0 && i + 1 < argc) {
            if (cli_parse_long(argv[++i], 1, 604800, &expires) != 0)
                return cli_usage(c, "--expires-in must be 1..604800 seconds");
        } else if (strcmp(argv[i], "--method") == 0 && i + 1 < argc) {
            method = argv[++i];
            if (strcmp(method, "GET") != 0 && strcmp(method, "PUT") != 0)
                return cli_usage(c, "--method must be GET or PUT");
        } else if (argv[i][0] == '-' || target) {
            return cli_usage(c, "presign: unexpected '%s'", argv[i]);
        } else {
            target = argv[i];
        }
    }
    if (!target)
        return cli_usage(c, "presign: expected s3://BUCKET/KEY");
    if ((rc = parse_s3(c, target, &u)))
        return rc;
    if (!*u.key)
        return cli_usage(c, "presign: '%s' names no key", target);
    rc = cboto_s3_presign(
        c->cl,
        &(struct cboto_s3_presign_params){.bucket = u.bucket,
                                          .key = u.key,
                                          .method = method,
                                          .expires = (unsigned)expires},
        url, sizeof url);
    if (rc)
        return cli_fail(c, "presign", rc, NULL);
    if (c->json)
        cli_json(json_pack("{s:s, s:s, s:i}", "URL", url, "Method", method,
                           "ExpiresIn", (int)expires));
    else
        printf("%s\n", url);
    return CLI_OK;
}

static const struct cli_command s_commands[] = {
    {"ls", cmd_ls, NULL, 0},           {"mb", cmd_mb, NULL, 0},
    {"rb", cmd_rb, NULL, 0},           {"cp", cmd_cp_copy, NULL, 1},
    {"mv", cmd_cp_move, NULL, 1},      {"rm", cmd_rm, NULL, 0},
    {"cat", cmd_cat, NULL, 0},         {"stat", cmd_stat, NULL, 0},
    {"presign", cmd_presign, NULL, 0},
};

int main(int argc, char **argv)
{
    return cli_main("cboto-s3", s_usage, s_commands,
                    sizeof s_commands / sizeof s_commands[0], argc, argv);
}
