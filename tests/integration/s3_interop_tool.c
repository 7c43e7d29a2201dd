/* SPDX-License-Identifier: MIT */
/*
 * The cboto side of the boto3 interoperability test (driven by
 * s3_interop.py through test_s3_interop_moto.sh):
 *   put BUCKET KEY FILE CONTENT-TYPE [NAME=VALUE...]   PutObject
 *   mpu BUCKET KEY FILE CONTENT-TYPE [NAME=VALUE...]   5 MiB parts
 *   get BUCKET KEY FILE    GetObject; prints "type\tT" and "meta\tN\tV"
 *   presign BUCKET KEY     prints a GET URL valid for 5 minutes
 * Endpoint and keys come from CBOTO_TEST_ENDPOINT / _AK / _SK.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>

#define PART (5u * 1024 * 1024)

static int report(const char *what, int rc, struct cboto_response *resp)
{
    char msg[512];

    if (rc)
        fprintf(stderr, "%s: %s\n", what,
                cboto_response_describe(resp, rc, msg, sizeof msg));
    cboto_response_release(resp);
    return rc ? 1 : 0;
}

static size_t parse_meta(int argc, char **argv, struct cboto_s3_pair *m)
{
    size_t n = 0;
    int i;

    for (i = 0; i < argc && n < 16; i++) {
        char *eq = strchr(argv[i], '=');

        if (!eq)
            continue;
        *eq = '\0';
        m[n].name = argv[i];
        m[n].value = eq + 1;
        n++;
    }
    return n;
}

static int put(struct cboto_client *cl, struct cboto_exec *ex, char **argv,
               int argc, int multipart)
{
    struct cboto_s3_pair meta[16];
    struct cboto_s3_object_attrs at;
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    struct stat st;
    int fd = open(argv[2], O_RDONLY), rc;

    if (fd < 0 || fstat(fd, &st) != 0)
        return 1;
    memset(&at, 0, sizeof at);
    at.content_type = argv[3];
    at.meta = meta;
    at.n_meta = parse_meta(argc - 4, argv + 4, meta);
    if (!multipart) {
        rc = cboto_s3_put_object(
            cl,
            &(struct cboto_s3_put_params){
                .bucket = argv[0], .key = argv[1], .attrs = &at},
            &rq);
        if (!rc)
            rc = cboto_request_set_body_fd(rq, fd, 0, (uint64_t)st.st_size);
        if (!rc)
            rc = cboto_s3_request_add_checksum(rq, CBOTO_S3_CHECKSUM_CRC32C);
        if (!rc)
            rc = cboto_exec_perform(ex, rq, &resp);
        cboto_request_release(rq);
        close(fd);
        return report("put", rc, resp);
    } else {
        struct cboto_s3_completed_part parts[64];
        char etags[64][80], id[512];
        uint64_t off = 0;
        int n = 0;

        rc = cboto_s3_create_multipart_upload(
            cl,
            &(struct cboto_s3_create_multipart_params){
                .bucket = argv[0], .key = argv[1], .attrs = &at},
            &rq);
        if (!rc)
            rc = cboto_exec_perform(ex, rq, &resp);
        cboto_request_release(rq);
        if (rc)
            return report("create", rc, resp);
        snprintf(id, sizeof id, "%s",
                 cboto_s3_multipart_upload_result(resp)->upload_id);
        cboto_response_release(resp);
        while (!rc && off < (uint64_t)st.st_size && n < 64) {
            uint64_t len = (uint64_t)st.st_size - off < PART
                               ? (uint64_t)st.st_size - off
                               : PART;

            resp = NULL;
            rc = cboto_s3_upload_part(
                cl,
                &(struct cboto_s3_upload_part_params){.bucket = argv[0],
                                                      .key = argv[1],
                                                      .upload_id = id,
                                                      .part_number = n + 1},
                &rq);
            if (!rc)
                rc = cboto_request_set_body_fd(rq, fd, off, len);
            if (!rc)
                rc = cboto_exec_perform(ex, rq, &resp);
            cboto_request_release(rq);
            if (rc)
                return report("part", rc, resp);
            snprintf(etags[n], sizeof etags[n], "%s",
                     cboto_s3_put_result(resp)->etag);
            cboto_response_release(resp);
            parts[n].part_number = n + 1;
            parts[n].etag = etags[n];
            parts[n].checksum = NULL;
            n++;
            off += len;
        }
        close(fd);
        resp = NULL;
        rc = cboto_s3_complete_multipart_upload(
            cl,
            &(struct cboto_s3_complete_params){.bucket = argv[0],
                                               .key = argv[1],
                                               .upload_id = id,
                                               .parts = parts,
                                               .n_parts = (size_t)n},
            &rq);
        if (!rc)
            rc = cboto_exec_perform(ex, rq, &resp);
        cboto_request_release(rq);
        return report("complete", rc, resp);
    }
}

static int get(struct cboto_client *cl, struct cboto_exec *ex, char **argv)
{
    struct cboto_request *rq;
    struct cboto_response *resp = NULL;
    const struct cboto_s3_object_info *info;
    size_t i;
    int rc;

    rc = cboto_s3_get_object(
        cl, &(struct cboto_s3_get_params){.bucket = argv[0], .key = argv[1]},
        &rq);
    if (!rc)
        rc = cboto_request_set_sink_file(rq, argv[2]);
    if (!rc)
        rc = cboto_exec_perform(ex, rq, &resp);
    cboto_request_release(rq);
    if (!rc) {
        info = cboto_s3_object_info_result(resp);
        printf("type\t%s\n", info->content_type ? info->content_type : "");
        for (i = 0; i < info->n_meta; i++)
            printf("meta\t%s\t%s\n", info->meta_names[i],
                   info->meta_values[i]);
    }
    return report("get", rc, resp);
}

int main(int argc, char **argv)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    char url[4096];
    int rc = 2;

    if (argc < 4)
        return 2;
    cboto_global_init(CBOTO_GLOBAL_DEFAULT);
    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = getenv("CBOTO_TEST_ENDPOINT");
    o.access_key_id = getenv("CBOTO_TEST_AK");
    o.secret_access_key = getenv("CBOTO_TEST_SK");
    o.ignore_environment = 1;
    if (cboto_client_new(&o, &cl) || cboto_exec_new(NULL, &ex))
        return 1;
    if (strcmp(argv[1], "put") == 0 && argc >= 6)
        rc = put(cl, ex, argv + 2, argc - 2, 0);
    else if (strcmp(argv[1], "mpu") == 0 && argc >= 6)
        rc = put(cl, ex, argv + 2, argc - 2, 1);
    else if (strcmp(argv[1], "get") == 0 && argc >= 5)
        rc = get(cl, ex, argv + 2);
    else if (strcmp(argv[1], "presign") == 0) {
        rc = cboto_s3_presign(
            cl,
            &(struct cboto_s3_presign_params){
                .bucket = argv[2], .key = argv[3], .expires = 300},
            url, sizeof url);
        if (!rc)
            printf("%s\n", url);
        rc = rc ? 1 : 0;
    }
    cboto_exec_free(ex);
    cboto_client_free(cl);
    cboto_global_cleanup();
    return rc;
}
