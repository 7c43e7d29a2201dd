/* SPDX-License-Identifier: MIT */
/*
 * The aws-chunked upload body as curl's read callback produces it (no
 * network): the exact encoded length, every frame boundary and signature
 * checked along the chain from the seed signature, the final empty frame,
 * curl buffers smaller than a frame, rewinding within an attempt and
 * re-signing for the next, the three body sources, and which payload mode
 * each kind of body gets.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "aws/core.h"
#include "signing/internal.h"

#define TEST_LIST(X)                                                          \
    X(frames_and_encoded_length)                                              \
    X(empty_and_one_byte_bodies)                                              \
    X(small_curl_buffers_give_same_bytes)                                     \
    X(rewind_restarts_the_chain)                                              \
    X(next_attempt_has_a_new_seed)                                            \
    X(callback_and_memory_sources)                                            \
    X(short_sources_abort)                                                    \
    X(payload_mode_choice)                                                    \
    X(content_encoding_kept_after_aws_chunked)
#include "harness.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static time_t s_now = 1700000000;

static time_t fixed_clock(void *ud)
{
    (void)ud;
    return s_now;
}

static int new_client(struct cboto_allocator *a, const char *ep,
                      struct cboto_client **cl)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = ep;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = SECRET;
    o.ignore_environment = 1;
    o.clock = fixed_clock;
    o.allocator = a;
    return cboto_client_new(&o, cl);
}

static uint8_t *pattern(size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    size_t i;

    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 131 + (i >> 9));
    return p;
}

/* A temporary file holding p[0..n). */
static int temp_fd(const uint8_t *p, size_t n)
{
    char path[] = "/tmp/cboto-chunked-XXXXXX";
    int fd = mkstemp(path);

    if (fd < 0)
        return -1;
    unlink(path);
    if (n && write(fd, p, n) != (ssize_t)n) {
        close(fd);
        return -1;
    }
    return fd;
}

static int put_request(struct cboto_client *cl,
                       enum cboto_s3_payload_signing mode,
                       const struct cboto_s3_object_attrs *attrs,
                       struct cboto_request **rq)
{
    return cboto_s3_put_object(
        cl,
        &(struct cboto_s3_put_params){.bucket = "bkt",
                                      .key = "k",
                                      .payload_signing = mode,
                                      .attrs = attrs},
        rq);
}

/* Initialise t for rq and build its first attempt (signing, curl options:
 * no I/O). */
static int start(struct cboto_request *rq, struct cboto__transfer *t,
                 CURL **easy)
{
    int rc;

    *easy = curl_easy_init();
    if (!*easy)
        return CBOTO_ENOMEM;
    rc = cboto__transfer_init(t, rq, *easy, 0, NULL, NULL);
    if (!rc)
        rc = cboto__transfer_begin_attempt(t);
    return rc;
}

static void finish(struct cboto__transfer *t, CURL *easy)
{
    cboto__transfer_cleanup(t, NULL);
    curl_easy_cleanup(easy);
}

/* Read the whole body as curl would, cap bytes per call; at most max
 * bytes (0: all).  -1 when the callback aborted. */
static long drain(struct cboto__transfer *t, size_t cap, uint8_t *out,
                  size_t out_cap, size_t max)
{
    char *buf = malloc(cap);
    size_t len = 0;

    for (;;) {
        size_t n = cboto__transfer_on_read(buf, 1, cap, t);

        if (n == CURL_READFUNC_ABORT) {
            free(buf);
            return -1;
        }
        if (n == 0 || len + n > out_cap)
            break;
        memcpy(out + len, buf, n);
        len += n;
        if (max && len >= max)
            break;
    }
    free(buf);
    return (long)len;
}

static const char *header(const struct cboto__transfer *t, const char *name)
{
    return cboto__kvlist_get(&t->msg.headers, name);
}

/* Check out[0..len) frame by frame against payload[0..n): sizes, data,
 * CRLFs, the final empty frame, and each signature recomputed here along
 * the chain from the seed signature in Authorization. */
static int check_body(const struct cboto__transfer *t, const uint8_t *out,
                      size_t len, const uint8_t *payload, size_t n)
{
    const char *auth = header(t, "Authorization");
    const char *date = header(t, "X-Amz-Date");
    size_t chunk = cboto__chunked_chunk_size(), pos = 0, off = 0;
    char prev[65], scope[64], want_len[32];
    uint8_t key[32];

    ASSERT_NOT_NULL(auth);
    ASSERT_NOT_NULL(date);
    ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD, header(t, "X-Amz-Content-SHA256"));
    snprintf(want_len, sizeof want_len, "%zu", n);
    ASSERT_STREQ(want_len, header(t, "x-amz-decoded-content-length"));
    ASSERT_TRUE(strstr(auth, "x-amz-decoded-content-length") != NULL);
    ASSERT_TRUE(strstr(auth, "Signature=") != NULL);
    memcpy(prev, strstr(auth, "Signature=") + 10, 65);
    ASSERT_EQ(64, (int)strlen(prev));
    snprintf(scope, sizeof scope, "%.8s/us-east-1/s3/aws4_request", date);
    ASSERT_OK(
        cboto__sigv4_signing_key(NULL, SECRET, date, "us-east-1", "s3", key));
    ASSERT_EQ((long long)cboto__sigv4_chunked_length(n, chunk),
              (long long)len);
    for (;;) {
        size_t want = n - off < chunk ? n - off : chunk, size = 0, hl;
        char sts[512], hash[65], sig[65];
        uint8_t mac[32];
        int k;

        while (pos < len && out[pos] != ';') {
            int c = out[pos++];

            ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
            size = size * 16 + (size_t)(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        ASSERT_EQ((long long)want, (long long)size);
        ASSERT_TRUE(len - pos >= 17 + 64 + 2 + size + 2);
        ASSERT_MEMEQ(";chunk-signature=", 17, out + pos, 17);
        hl = pos + 17;
        ASSERT_MEMEQ("\r\n", 2, out + hl + 64, 2);
        ASSERT_MEMEQ(payload + off, size, out + hl + 66, size);
        ASSERT_MEMEQ("\r\n", 2, out + hl + 66 + size, 2);
        ASSERT_OK(cboto__sha256_hex(out + hl + 66, size, hash));
        k = snprintf(sts, sizeof sts,
                     "AWS4-HMAC-SHA256-PAYLOAD\n%s\n%s\n%s\n%s\n%s", date,
                     scope, prev, CBOTO__EMPTY_SHA256, hash);
        ASSERT_OK(cboto__hmac_sha256(key, 32, sts, (size_t)k, mac));
        cboto__hex(sig, mac, 32);
        ASSERT_MEMEQ(sig, 64, out + hl, 64);
        memcpy(prev, sig, 65);
        pos = hl + 66 + size + 2;
        off += size;
        if (size == 0)
            break;
    }
    ASSERT_EQ((long long)n, (long long)off);
    ASSERT_EQ((long long)len, (long long)pos);
    return 0;
}

/* PUT n pattern bytes from a file, read with cap-byte curl buffers. */
static int round_fd(struct cboto_allocator *a, size_t n, size_t cap)
{
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    uint8_t *p = pattern(n);
    size_t enc =
        (size_t)cboto__sigv4_chunked_length(n, cboto__chunked_chunk_size());
    uint8_t *out = malloc(enc + 1);
    int fd = temp_fd(p, n);
    long got;

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, n));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_NOT_NULL(t.chunked);
    ASSERT_STREQ("aws-chunked", header(&t, "Content-Encoding"));
    got = drain(&t, cap, out, enc + 1, 0);
    ASSERT_EQ((long)enc, got);
    ASSERT_OK(check_body(&t, out, (size_t)got, p, n));
    ASSERT_EQ((long long)n, (long long)t.send_pos);
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    close(fd);
    free(out);
    free(p);
    return 0;
}

static int test_frames_and_encoded_length(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size();
    const size_t sizes[] = {c - 1, c, c + 1, 3 * c + 12345, 2 * c};
    size_t i;

    ASSERT_TRUE(c >= 8192);
    for (i = 0; i < sizeof sizes / sizeof *sizes; i++)
        ASSERT_OK(round_fd(a, sizes[i], 4 * c + 1000));
    return 0;
}

static int test_empty_and_one_byte_bodies(struct cboto_allocator *a)
{
    ASSERT_OK(round_fd(a, 0, 65536));
    ASSERT_OK(round_fd(a, 1, 65536));
    /* The empty body is the final frame alone. */
    ASSERT_EQ(86, (int)cboto__sigv4_chunked_length(0, 65536));
    return 0;
}

static int test_small_curl_buffers_give_same_bytes(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size();

    /* Smaller than a frame (staged and copied out), odd sizes, exactly a
     * frame, a frame and a bit. */
    ASSERT_OK(round_fd(a, 2 * c + 77, 16384));
    ASSERT_OK(round_fd(a, 2 * c + 77, 1000));
    ASSERT_OK(round_fd(a, c + 5, 7));
    ASSERT_OK(
        round_fd(a, 2 * c + 77, (size_t)cboto__sigv4_chunk_frame_len(c)));
    ASSERT_OK(
        round_fd(a, 2 * c + 77, (size_t)cboto__sigv4_chunk_frame_len(c) + 90));
    return 0;
}

/* curl starts a body over within an attempt (a refused 100-continue, a
 * dead reused connection): the same seed, so the same bytes again. */
static int test_rewind_restarts_the_chain(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size(), n = 3 * c + 999;
    size_t enc = (size_t)cboto__sigv4_chunked_length(n, c);
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    uint8_t *p = pattern(n), *one = malloc(enc), *two = malloc(enc);
    int fd = temp_fd(p, n);

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, n));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_EQ((long)enc, drain(&t, 70000, one, enc, 0));
    ASSERT_EQ(CURL_SEEKFUNC_OK, cboto__transfer_on_seek(&t, 0, SEEK_SET));
    /* Part way, then from the start again. */
    ASSERT_TRUE(drain(&t, 5000, two, enc, c + 10) > 0);
    ASSERT_EQ(CURL_SEEKFUNC_OK, cboto__transfer_on_seek(&t, 0, SEEK_SET));
    ASSERT_EQ(0, (int)t.send_pos);
    ASSERT_EQ((long)enc, drain(&t, 300000, two, enc, 0));
    ASSERT_MEMEQ(one, enc, two, enc);
    ASSERT_OK(check_body(&t, two, enc, p, n));
    /* A frame's signature depends on all before it: no seeking into it. */
    ASSERT_EQ(CURL_SEEKFUNC_CANTSEEK,
              cboto__transfer_on_seek(&t, 100, SEEK_SET));
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    close(fd);
    free(one);
    free(two);
    free(p);
    return 0;
}

/* A retry re-signs: a later clock, a new seed, a new chain. */
static int test_next_attempt_has_a_new_seed(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size(), n = c + 4321;
    size_t enc = (size_t)cboto__sigv4_chunked_length(n, c);
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    uint8_t *p = pattern(n), *one = malloc(enc), *two = malloc(enc);
    int fd = temp_fd(p, n);

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, n));
    ASSERT_OK(start(rq, &t, &easy));
    /* The first attempt dies part way. */
    ASSERT_TRUE(drain(&t, 70000, one, enc, 1) > 0);
    s_now += 7;
    ASSERT_OK(cboto__transfer_begin_attempt(&t));
    ASSERT_EQ(0, (int)t.send_pos);
    ASSERT_EQ((long)enc, drain(&t, 70000, two, enc, 0));
    ASSERT_OK(check_body(&t, two, enc, p, n));
    ASSERT_TRUE(memcmp(one, two, 86) != 0); /* first frame's signature */
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    close(fd);
    free(one);
    free(two);
    free(p);
    return 0;
}

struct src {
    const uint8_t *p;
    size_t n, pos, step;
    int rewinds;
};

/* Hands out at most step bytes a call, as a pipe would. */
static int src_read(struct cboto_request *rq, uint8_t *buf, size_t cap,
                    size_t *got, void *ud)
{
    struct src *s = ud;
    size_t k = s->n - s->pos;

    (void)rq;
    if (k > cap)
        k = cap;
    if (k > s->step)
        k = s->step;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    *got = k;
    return 0;
}

static int src_rewind(struct cboto_request *rq, void *ud)
{
    struct src *s = ud;

    (void)rq;
    s->pos = 0;
    s->rewinds++;
    return 0;
}

static int test_callback_and_memory_sources(struct cboto_allocator *a)
{
    size_t c = cboto__chunked_chunk_size(), n = 2 * c + 3;
    size_t enc = (size_t)cboto__sigv4_chunked_length(n, c);
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    uint8_t *p = pattern(n), *out = malloc(enc);
    struct src s = {p, n, 0, 1000, 0};

    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    /* A callback of known length: streamed by default over http. */
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fn(rq, src_read, src_rewind, n, &s));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_EQ((long)enc, drain(&t, 300000, out, enc, 0));
    ASSERT_OK(check_body(&t, out, enc, p, n));
    ASSERT_EQ(CURL_SEEKFUNC_OK, cboto__transfer_on_seek(&t, 0, SEEK_SET));
    ASSERT_EQ(1, s.rewinds);
    ASSERT_EQ((long)enc, drain(&t, 300000, out, enc, 0));
    ASSERT_OK(check_body(&t, out, enc, p, n));
    finish(&t, easy);
    cboto_request_release(rq);

    /* Memory streams only when asked to (it is hashed by default). */
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_STREAMING, NULL, &rq));
    ASSERT_OK(cboto_request_set_body(rq, (struct cboto_cursor){p, n},
                                     CBOTO_BODY_BORROW));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_EQ((long)enc, drain(&t, 100000, out, enc, 0));
    ASSERT_OK(check_body(&t, out, enc, p, n));
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    free(out);
    free(p);
    return 0;
}

static int test_short_sources_abort(struct cboto_allocator *a)
{
    size_t n = 5000;
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    uint8_t *p = pattern(n), out[16384];
    struct src s = {p, n, 0, 100000, 0};
    int fd = temp_fd(p, n);

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    /* The file is shorter than the length given. */
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, n + 1));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_EQ(-1, drain(&t, 16384, out, sizeof out, 0));
    ASSERT_EQ(CBOTO_EIO, t.cb_rc);
    finish(&t, easy);
    cboto_request_release(rq);
    /* The callback ends before its promised length. */
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, NULL, &rq));
    ASSERT_OK(cboto_request_set_body_fn(rq, src_read, NULL, n + 1, &s));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_EQ(-1, drain(&t, 16384, out, sizeof out, 0));
    ASSERT_EQ(CBOTO_EINVAL, t.cb_rc);
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    close(fd);
    free(p);
    return 0;
}

/* The payload hash the first attempt signs, or the init error. */
static int mode_of(struct cboto_client *cl, enum cboto_s3_payload_signing m,
                   int unsigned_payload, int kind, int fd, char out[65])
{
    static const uint8_t mem[3] = {'a', 'b', 'c'};
    struct cboto_request *rq;
    struct cboto__transfer t;
    struct src s = {mem, 3, 0, 3, 0};
    CURL *easy;
    int rc;

    rc = cboto_s3_put_object(
        cl,
        &(struct cboto_s3_put_params){.bucket = "bkt",
                                      .key = "k",
                                      .unsigned_payload = unsigned_payload,
                                      .payload_signing = m},
        &rq);
    if (rc)
        return rc;
    if (kind == 'm')
        cboto_request_set_body(rq, (struct cboto_cursor){mem, 3},
                               CBOTO_BODY_BORROW);
    else if (kind == 'f')
        cboto_request_set_body_fd(rq, fd, 0, 3);
    else if (kind == 'k')
        cboto_request_set_body_fn(rq, src_read, NULL, 3, &s);
    else if (kind == 'u')
        cboto_request_set_body_fn(rq, src_read, NULL, CBOTO_LENGTH_UNKNOWN,
                                  &s);
    rc = start(rq, &t, &easy);
    out[0] = '\0';
    if (!rc)
        snprintf(out, 65, "%s", header(&t, "X-Amz-Content-SHA256"));
    finish(&t, easy);
    cboto_request_release(rq);
    return rc;
}

static int test_payload_mode_choice(struct cboto_allocator *a)
{
    static const uint8_t abc[3] = {'a', 'b', 'c'};
    struct cboto_client *http, *tls;
    struct cboto_request *rq;
    char h[65], abc_hash[65];
    int fd = temp_fd(abc, 3);

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(cboto__sha256_hex(abc, 3, abc_hash));
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &http));
    ASSERT_OK(new_client(a, "https://127.0.0.1:9", &tls));
    /* AUTO over http */
    ASSERT_OK(mode_of(http, 0, 0, 'm', fd, h));
    ASSERT_STREQ(abc_hash, h);
    ASSERT_OK(mode_of(http, 0, 0, 'n', fd, h));
    ASSERT_STREQ(CBOTO__EMPTY_SHA256, h);
    ASSERT_OK(mode_of(http, 0, 0, 'f', fd, h));
    ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD, h);
    ASSERT_OK(mode_of(http, 0, 0, 'k', fd, h));
    ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD, h);
    ASSERT_OK(mode_of(http, 0, 0, 'u', fd, h));
    ASSERT_STREQ(CBOTO__UNSIGNED_PAYLOAD, h);
    /* AUTO over https */
    ASSERT_OK(mode_of(tls, 0, 0, 'f', fd, h));
    ASSERT_STREQ(CBOTO__UNSIGNED_PAYLOAD, h);
    ASSERT_OK(mode_of(tls, 0, 0, 'k', fd, h));
    ASSERT_STREQ(CBOTO__UNSIGNED_PAYLOAD, h);
    ASSERT_OK(mode_of(tls, 0, 0, 'm', fd, h));
    ASSERT_STREQ(abc_hash, h);
    /* Explicit choices */
    ASSERT_OK(mode_of(http, CBOTO_S3_PAYLOAD_HASHED, 0, 'f', fd, h));
    ASSERT_STREQ(abc_hash, h);
    ASSERT_EQ(CBOTO_EINVAL,
              mode_of(http, CBOTO_S3_PAYLOAD_HASHED, 0, 'k', fd, h));
    ASSERT_OK(mode_of(tls, CBOTO_S3_PAYLOAD_STREAMING, 0, 'f', fd, h));
    ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD, h);
    ASSERT_OK(mode_of(http, CBOTO_S3_PAYLOAD_STREAMING, 0, 'n', fd, h));
    ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD, h);
    ASSERT_EQ(CBOTO_EINVAL,
              mode_of(http, CBOTO_S3_PAYLOAD_STREAMING, 0, 'u', fd, h));
    ASSERT_OK(mode_of(http, CBOTO_S3_PAYLOAD_UNSIGNED, 0, 'f', fd, h));
    ASSERT_STREQ(CBOTO__UNSIGNED_PAYLOAD, h);
    /* The older flag wins. */
    ASSERT_OK(mode_of(http, CBOTO_S3_PAYLOAD_STREAMING, 1, 'f', fd, h));
    ASSERT_STREQ(CBOTO__UNSIGNED_PAYLOAD, h);
    /* Out of range: refused by the builders. */
    ASSERT_EQ(CBOTO_EINVAL,
              mode_of(http, (enum cboto_s3_payload_signing)9, 0, 'f', fd, h));
    ASSERT_EQ(CBOTO_EINVAL,
              cboto_s3_upload_part(
                  http,
                  &(struct cboto_s3_upload_part_params){
                      .bucket = "bkt",
                      .key = "k",
                      .upload_id = "u",
                      .part_number = 1,
                      .payload_signing = (enum cboto_s3_payload_signing)9},
                  &rq));
    /* UploadPart streams a file like PutObject. */
    ASSERT_OK(cboto_s3_upload_part(
        http,
        &(struct cboto_s3_upload_part_params){
            .bucket = "bkt", .key = "k", .upload_id = "u", .part_number = 1},
        &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, 3));
    {
        struct cboto__transfer t;
        CURL *easy;

        ASSERT_OK(start(rq, &t, &easy));
        ASSERT_STREQ(CBOTO__STREAMING_PAYLOAD,
                     header(&t, "X-Amz-Content-SHA256"));
        finish(&t, easy);
    }
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(http));
    ASSERT_OK(cboto_client_free(tls));
    close(fd);
    return 0;
}

static int
test_content_encoding_kept_after_aws_chunked(struct cboto_allocator *a)
{
    struct cboto_s3_object_attrs at = {.content_encoding = "gzip"};
    struct cboto_client *cl;
    struct cboto_request *rq;
    struct cboto__transfer t;
    CURL *easy;
    int fd = temp_fd((const uint8_t *)"abc", 3);

    ASSERT_TRUE(fd >= 0);
    ASSERT_OK(new_client(a, "http://127.0.0.1:9", &cl));
    ASSERT_OK(put_request(cl, CBOTO_S3_PAYLOAD_AUTO, &at, &rq));
    ASSERT_OK(cboto_request_set_body_fd(rq, fd, 0, 3));
    ASSERT_OK(start(rq, &t, &easy));
    ASSERT_STREQ("aws-chunked,gzip", header(&t, "Content-Encoding"));
    /* Signed again for the next attempt: still one aws-chunked. */
    ASSERT_OK(cboto__transfer_begin_attempt(&t));
    ASSERT_STREQ("aws-chunked,gzip", header(&t, "Content-Encoding"));
    finish(&t, easy);
    cboto_request_release(rq);
    ASSERT_OK(cboto_client_free(cl));
    close(fd);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
