/* SPDX-License-Identifier: MIT */
/* The worked examples of the Amazon S3 API Reference
 * (s3-sigv4-examples.json, 7 cases): four header-signed requests, the
 * presigned GET, the aws-chunked PUT (seed, every chunk signature, encoded
 * length 66824) and the same PUT with a trailing x-amz-checksum-crc32c. */
#define TEST_LIST(X) X(s3_examples)
#include "harness.h"
#include "sigtest.h"

static int name_listed(const json_t *names, const char *n)
{
    size_t i;
    const json_t *v;

    json_array_foreach(names, i, v)
    {
        if (cboto__strcaseeq(json_string_value(v), n))
            return 1;
    }
    return 0;
}

static int run_chunks(struct cboto_allocator *a, const char *id,
                      const json_t *c, const struct cboto__creds_view *cr,
                      const struct cboto__sigv4_opts *o, const char *seed)
{
    const json_t *rq = json_object_get(c, "request");
    const json_t *ex = json_object_get(c, "expected");
    const json_t *pl = json_object_get(rq, "payload");
    const json_t *chunks = json_object_get(ex, "chunks");
    const json_t *tr = json_object_get(ex, "trailer");
    size_t total =
        (size_t)json_integer_value(json_object_get(pl, "decoded_length"));
    size_t csize =
        (size_t)json_integer_value(json_object_get(pl, "chunk_size"));
    struct cboto__sigv4_chunker ch;
    struct cboto__buf out;
    uint8_t *data;
    size_t i, off = 0, start;
    const json_t *x;
    int fail = 0, rc;

    data = cboto__alloc(a, total ? total : 1);
    if (!data)
        return 1;
    memset(data, 'a', total);
    cboto__buf_init(&out, a, 0);
    rc = cboto__sigv4_chunker_init(&ch, cr, o, seed);
    if (rc) {
        fprintf(stderr, "  case %s: chunker_init %d\n", id, rc);
        fail = 1;
        goto done;
    }
    json_array_foreach(chunks, i, x)
    {
        size_t n = (size_t)json_integer_value(json_object_get(x, "size"));
        char sig[65], fsig[65], tsig[65], hdr[128];
        const char *nl;

        if (n != (total - off < csize ? total - off : csize)) {
            fprintf(stderr, "  case %s: chunk %zu size mismatch\n", id, i);
            fail = 1;
            break;
        }
        start = out.len;
        if (n == 0 && tr) {
            const json_t *th =
                json_array_get(json_object_get(tr, "trailer_headers"), 0);
            const char *sent = st_str(tr, "trailer_chunk_sent");

            rc = cboto__sigv4_chunk_trailer(
                &ch, json_string_value(json_array_get(th, 0)),
                json_string_value(json_array_get(th, 1)), &out, fsig, tsig);
            if (rc) {
                fail = 1;
                break;
            }
            memcpy(sig, fsig, sizeof sig);
            fail |= st_diff(id, "trailer signature", st_str(tr, "signature"),
                            tsig);
            nl = strstr((const char *)out.ptr + start, "\r\n");
            if (!nl || strncmp(nl + 2, sent, strlen(sent)) != 0 ||
                strcmp(nl + 2 + strlen(sent), "\r\n") != 0) {
                fprintf(stderr, "  case %s: trailer bytes differ: %s\n", id,
                        (const char *)out.ptr + start);
                fail = 1;
            }
        } else {
            rc = cboto__sigv4_chunk(&ch, data + off, n, &out, sig);
            if (rc) {
                fail = 1;
                break;
            }
            /* The data and its CRLF follow the header verbatim. */
            nl = strstr((const char *)out.ptr + start, "\r\n");
            if (!nl ||
                out.len - (size_t)((const uint8_t *)nl - out.ptr) != n + 4 ||
                memcmp(nl + 2, data + off, n) != 0) {
                fprintf(stderr, "  case %s: chunk %zu body wrong\n", id, i);
                fail = 1;
            }
        }
        fail |= st_diff(id, "chunk signature", st_str(x, "signature"), sig);
        nl = strstr((const char *)out.ptr + start, "\r\n");
        snprintf(hdr, sizeof hdr, "%.*s",
                 nl ? (int)(nl - (const char *)out.ptr - (int)start) : 0,
                 (const char *)out.ptr + start);
        fail |= st_diff(id, "chunk header", st_str(x, "chunk_header"), hdr);
        off += n;
    }
    if (i != 3 || off != total) {
        fprintf(stderr, "  case %s: %zu chunks, %zu bytes\n", id, i, off);
        fail = 1;
    }
    if (json_object_get(ex, "encoded_body_length")) {
        uint64_t want = (uint64_t)json_integer_value(
            json_object_get(ex, "encoded_body_length"));

        if (want != out.len ||
            want != cboto__sigv4_chunked_length(total, csize)) {
            fprintf(
                stderr,
                "  case %s: encoded length %zu, computed %llu, "
                "expected %llu\n",
                id, out.len,
                (unsigned long long)cboto__sigv4_chunked_length(total, csize),
                (unsigned long long)want);
            fail = 1;
        }
    }
    if (tr) {
        const json_t *th =
            json_array_get(json_object_get(tr, "trailer_headers"), 0);
        const char *val = json_string_value(json_array_get(th, 1));
        uint32_t crc = cboto__crc32c(0, data, total);
        uint8_t be[4] = {(uint8_t)(crc >> 24), (uint8_t)(crc >> 16),
                         (uint8_t)(crc >> 8), (uint8_t)crc};
        struct cboto__buf b64;
        char hex[9];

        cboto__hex(hex, be, 4);
        fail |= st_diff(id, "crc32c",
                        st_str(tr, "crc32c_of_decoded_payload_hex"), hex);
        cboto__buf_init(&b64, a, 0);
        fail |= cboto__base64_encode(&b64, be, 4) != 0;
        fail |= st_diff(id, "crc32c base64", val, cboto__buf_cstr(&b64));
        cboto__buf_cleanup(&b64);
        if (out.len != cboto__sigv4_chunked_trailer_length(
                           total, csize,
                           strlen(json_string_value(json_array_get(th, 0))),
                           strlen(val))) {
            fprintf(stderr, "  case %s: trailer encoded length\n", id);
            fail = 1;
        }
    }
done:
    cboto__sigv4_chunker_cleanup(&ch);
    cboto__buf_cleanup(&out);
    cboto__free(a, data);
    return fail;
}

static int run_case(struct cboto_allocator *a, const json_t *c)
{
    const char *id = st_str(c, "id");
    const char *type = st_str(c, "auth_type");
    const json_t *rq = json_object_get(c, "request");
    const json_t *ex = json_object_get(c, "expected");
    const json_t *cj = json_object_get(c, "credentials");
    const json_t *names = json_object_get(rq, "signed_header_names");
    struct cboto__creds_view cr = {st_str(cj, "access_key_id"),
                                   st_str(cj, "secret_access_key"), NULL};
    struct cboto__sigv4_opts o;
    struct cboto__http_msg m;
    struct cboto__buf path, creq, sts, url;
    const json_t *h;
    const char *ph = NULL;
    char sig[65] = "";
    size_t i;
    int fail = 0, rc;

    memset(&o, 0, sizeof o);
    o.region = st_str(c, "region");
    o.service = st_str(c, "service");
    o.now = st_time(st_str(c, "timestamp"));
    o.s3 = 1;
    cboto__buf_init(&path, a, 0);
    cboto__buf_init(&creq, a, 0);
    cboto__buf_init(&sts, a, 0);
    cboto__buf_init(&url, a, 0);
    /* The key is encoded once, '/' kept: "test$file.text" -> %24. */
    rc = cboto__uri_encode(&path, st_str(rq, "path"),
                           strlen(st_str(rq, "path")), 1);
    if (!rc)
        rc = cboto__http_msg_init(&m, a, st_str(rq, "method"), "https",
                                  st_str(rq, "host"), cboto__buf_cstr(&path));
    cboto__buf_cleanup(&path);
    if (rc)
        return 1;
    rc = st_add_pairs(&m.query, json_object_get(rq, "query"), NULL);
    json_array_foreach(json_object_get(rq, "headers"), i, h)
    {
        const char *n = json_string_value(json_array_get(h, 0));

        if (rc || cboto__strcaseeq(n, "host"))
            continue;
        /* The trailer example sends Content-Length without signing it. */
        if (names && !name_listed(names, n))
            continue;
        rc = cboto__kvlist_add(&m.headers, n,
                               json_string_value(json_array_get(h, 1)));
    }
    if (rc)
        goto out;
    if (strcmp(type, "query") == 0) {
        o.expires = (unsigned)json_integer_value(
            json_object_get(rq, "expires_seconds"));
        rc = cboto__sigv4_presign(NULL, &m, &cr, &o);
        if (rc)
            goto out;
        snprintf(sig, sizeof sig, "%s",
                 cboto__kvlist_get(&m.query, "X-Amz-Signature"));
        rc = cboto__http_msg_url(&m, &url);
        fail |= st_diff(id, "presigned URL", st_str(ex, "presigned_url"),
                        cboto__buf_cstr(&url));
        cboto__kvlist_remove(&m.query, "X-Amz-Signature");
        ph = CBOTO__UNSIGNED_PAYLOAD;
    } else {
        if (strcmp(type, "chunked") == 0)
            o.payload_hash =
                st_str(json_object_get(rq, "payload"), "payload_hash");
        rc = cboto__sigv4_sign_headers(NULL, &m, &cr, &o, sig);
        if (rc)
            goto out;
        fail |= st_diff(id, "Authorization", st_str(ex, "authorization"),
                        cboto__kvlist_get(&m.headers, "Authorization"));
        cboto__kvlist_remove(&m.headers, "Authorization");
    }
    fail |= st_diff(id, "signature", st_str(ex, "signature"), sig);
    rc = st_recompute(&m, &o, ph, &creq, &sts);
    if (rc)
        goto out;
    fail |= st_diff(id, "canonical request", st_str(ex, "canonical_request"),
                    cboto__buf_cstr(&creq));
    fail |= st_diff(id, "string to sign", st_str(ex, "string_to_sign"),
                    cboto__buf_cstr(&sts));
    if (strcmp(type, "chunked") == 0) {
        fail |=
            st_diff(id, "seed signature", st_str(ex, "seed_signature"), sig);
        fail |= run_chunks(a, id, c, &cr, &o, sig);
    }
out:
    if (rc) {
        fprintf(stderr, "  case %s: %s\n", id, cboto_err_name(rc));
        fail = 1;
    }
    cboto__http_msg_cleanup(&m);
    cboto__buf_cleanup(&creq);
    cboto__buf_cleanup(&sts);
    cboto__buf_cleanup(&url);
    return fail;
}

static int test_s3_examples(struct cboto_allocator *a)
{
    char path[4096];
    json_t *root, *c;
    size_t i;
    int failed = 0, checked = 0;

    if (!st_data_path(path, sizeof path, "s3-sigv4-examples.json"))
        return TEST_SKIP;
    root = st_load_json(path);
    ASSERT_NOT_NULL(root);
    json_array_foreach(json_object_get(root, "cases"), i, c)
    {
        {
            int bad_ = (run_case(a, c)) != 0;

            test_case(st_str(c, "id"), !bad_);
            failed += bad_;
        }
        checked++;
    }
    json_decref(root);
    ASSERT_EQ(0, failed);
    ASSERT_EQ(7, checked);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
