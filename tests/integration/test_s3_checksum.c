/* SPDX-License-Identifier: MIT */
/*
 * GetObject with checksum_mode verifies the body against the checksum the
 * server sends, through both executors (see perform.h).  The server is an
 * evhttp on its own thread, so the blocking executor can wait on it.
 */
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cboto/cboto.h>

#include "perform.h"

#define TEST_LIST(X)                                                          \
    X(matching_checksum_passes)                                               \
    X(wrong_checksum_fails_and_leaves_no_file)                                \
    X(unchecked_without_checksum_mode)                                        \
    X(composite_checksum_is_not_checked)                                      \
    X(ranged_read_is_not_checked)
#include "harness.h"

static const char s_body[] = "The quick brown fox jumps over the lazy dog";
static char s_good[64];

struct server {
    struct event_base *base;
    struct evhttp *http;
    struct event *tick;
    pthread_t thread;
    int port;
    volatile int stop; /* set by the test thread, read by the server's */
};

/* Paths name the answer: /b/good, /b/bad, /b/composite, /b/plain. */
static void on_request(struct evhttp_request *req, void *arg)
{
    const char *uri = evhttp_request_get_uri(req);
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    struct evbuffer *out = evbuffer_new();
    const char *range =
        evhttp_find_header(evhttp_request_get_input_headers(req), "Range");

    (void)arg;
    evbuffer_add(out, s_body, strlen(s_body));
    if (strstr(uri, "/good"))
        evhttp_add_header(h, "x-amz-checksum-crc32c", s_good);
    else if (strstr(uri, "/bad"))
        evhttp_add_header(h, "x-amz-checksum-crc32c", "AAAAAA==");
    else if (strstr(uri, "/composite"))
        evhttp_add_header(h, "x-amz-checksum-crc32c", "AAAAAA==-3");
    evhttp_add_header(h, "Content-Type", "text/plain");
    if (range) {
        evbuffer_drain(out, evbuffer_get_length(out));
        evbuffer_add(out, s_body, 3);
        evhttp_add_header(h, "Content-Range", "bytes 0-2/43");
        evhttp_send_reply(req, 206, "Partial Content", out);
    } else {
        evhttp_send_reply(req, 200, "OK", out);
    }
    evbuffer_free(out);
}

/* libevent is not set up for threads here, so the server thread notices
 * the stop flag itself, on a short timer, and leaves its own loop. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    struct server *s = arg;

    (void)fd;
    (void)what;
    if (s->stop)
        event_base_loopbreak(s->base);
}

static void *serve(void *arg)
{
    struct server *s = arg;

    event_base_dispatch(s->base);
    return NULL;
}

static int server_start(struct server *s)
{
    struct evhttp_bound_socket *bs;
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;

    s->base = event_base_new();
    s->http = s->base ? evhttp_new(s->base) : NULL;
    if (!s->http)
        return -1;
    evhttp_set_gencb(s->http, on_request, s);
    bs = evhttp_bind_socket_with_handle(s->http, "127.0.0.1", 0);
    if (!bs || getsockname(evhttp_bound_socket_get_fd(bs),
                           (struct sockaddr *)&sin, &len) != 0)
        return -1;
    s->port = ntohs(sin.sin_port);
    s->tick = event_new(s->base, -1, EV_PERSIST, on_tick, s);
    if (!s->tick || event_add(s->tick, &(struct timeval){0, 20000}) != 0)
        return -1;
    return pthread_create(&s->thread, NULL, serve, s);
}

static void server_stop(struct server *s)
{
    s->stop = 1;
    pthread_join(s->thread, NULL);
    event_free(s->tick);
    evhttp_free(s->http);
    event_base_free(s->base);
}

struct fixture {
    struct server srv;
    struct cboto_client *cl;
    struct cboto_exec *ex;
};

static int setup(struct fixture *f, struct cboto_allocator *a)
{
    struct cboto_client_options o;
    char ep[64];

    memset(f, 0, sizeof *f);
    if (!s_good[0] &&
        cboto_s3_checksum(CBOTO_S3_CHECKSUM_CRC32C, s_body, strlen(s_body),
                          s_good, sizeof s_good) != CBOTO_OK)
        return -1;
    if (server_start(&f->srv) != 0)
        return -1;
    snprintf(ep, sizeof ep, "http://127.0.0.1:%d", f->srv.port);
    memset(&o, 0, sizeof o);
    o.endpoint_url = ep;
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "secret";
    o.ignore_environment = 1;
    o.max_attempts = 1;
    o.allocator = a;
    if (cboto_client_new(&o, &f->cl) || cboto_exec_new(NULL, &f->ex))
        return -1;
    return 0;
}

static void teardown(struct fixture *f)
{
    cboto_exec_free(f->ex);
    cboto_client_free(f->cl);
    server_stop(&f->srv);
}

static int get(struct fixture *f, const char *key, int mode, int ranged,
               const char *file, struct cboto_response **resp)
{
    struct cboto_request *rq;
    int rc = cboto_s3_get_object(
        f->cl,
        &(struct cboto_s3_get_params){.bucket = "bkt",
                                      .key = key,
                                      .checksum_mode = mode,
                                      .has_range = ranged,
                                      .first_byte = 0,
                                      .last_byte = ranged ? 2 : 0},
        &rq);

    if (rc)
        return rc;
    if (file && (rc = cboto_request_set_sink_file(rq, file)))
        return rc;
    rc = perform(f->ex, rq, resp);
    cboto_request_release(rq);
    return rc;
}

static int test_matching_checksum_passes(struct cboto_allocator *a)
{
    struct fixture f;
    struct cboto_response *resp = NULL;

    ASSERT_OK(setup(&f, a));
    ASSERT_OK(get(&f, "good", 1, 0, NULL, &resp));
    ASSERT_MEMEQ(s_body, strlen(s_body), cboto_response_body(resp).ptr,
                 cboto_response_body(resp).len);
    ASSERT_STREQ(s_good, cboto_s3_object_info_result(resp)->checksum_crc32c);
    cboto_response_release(resp);
    teardown(&f);
    return 0;
}

static int
test_wrong_checksum_fails_and_leaves_no_file(struct cboto_allocator *a)
{
    struct fixture f;
    struct cboto_response *resp = NULL;
    char dir[] = "/tmp/cboto-cksum-XXXXXX", path[128];
    struct stat st;

    ASSERT_OK(setup(&f, a));
    ASSERT_EQ(CBOTO_ECHECKSUM, get(&f, "bad", 1, 0, NULL, &resp));
    ASSERT_NULL(cboto_s3_object_info_result(resp));
    ASSERT_EQ(CBOTO_ECHECKSUM, cboto_response_error(resp)->code);
    cboto_response_release(resp);
    resp = NULL;
    ASSERT_TRUE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/obj", dir);
    ASSERT_EQ(CBOTO_ECHECKSUM, get(&f, "bad", 1, 0, path, &resp));
    cboto_response_release(resp);
    ASSERT_TRUE(stat(path, &st) != 0);
    ASSERT_EQ(0, rmdir(dir)); /* no temporary file either */
    teardown(&f);
    return 0;
}

static int test_unchecked_without_checksum_mode(struct cboto_allocator *a)
{
    struct fixture f;
    struct cboto_response *resp = NULL;

    ASSERT_OK(setup(&f, a));
    /* Not asked for: the caller may still verify by hand. */
    ASSERT_OK(get(&f, "bad", 0, 0, NULL, &resp));
    ASSERT_EQ(CBOTO_ECHECKSUM,
              cboto_s3_verify_checksum(resp, cboto_response_body(resp), NULL));
    cboto_response_release(resp);
    teardown(&f);
    return 0;
}

static int test_composite_checksum_is_not_checked(struct cboto_allocator *a)
{
    struct fixture f;
    struct cboto_response *resp = NULL;

    ASSERT_OK(setup(&f, a));
    ASSERT_OK(get(&f, "composite", 1, 0, NULL, &resp));
    cboto_response_release(resp);
    teardown(&f);
    return 0;
}

static int test_ranged_read_is_not_checked(struct cboto_allocator *a)
{
    struct fixture f;
    struct cboto_response *resp = NULL;

    ASSERT_OK(setup(&f, a));
    ASSERT_OK(get(&f, "good", 1, 1, NULL, &resp));
    ASSERT_EQ(206, cboto_response_status(resp));
    ASSERT_EQ(3, cboto_response_body(resp).len);
    cboto_response_release(resp);
    teardown(&f);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
