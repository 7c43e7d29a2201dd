/* SPDX-License-Identifier: MIT */
/* The XML stage: chunking, entities, namespaces, hardening, caps, errors. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/xml.h"

#define TEST_LIST(X)                                                          \
    X(events_basic)                                                           \
    X(entities_and_cdata)                                                     \
    X(namespace_stripped)                                                     \
    X(direct_text_only)                                                       \
    X(ancestor)                                                               \
    X(split_every_point)                                                      \
    X(byte_by_byte_fixtures)                                                  \
    X(text_across_chunks)                                                     \
    X(billion_laughs)                                                         \
    X(xxe_file_not_read)                                                      \
    X(external_dtd_not_loaded)                                                \
    X(undeclared_entity)                                                      \
    X(truncated)                                                              \
    X(empty)                                                                  \
    X(trailing_garbage)                                                       \
    X(over_cap)                                                               \
    X(handler_error_stops)                                                    \
    X(deep_nesting)                                                           \
    X(nothing_on_stderr)                                                      \
    X(alloc_failures)
#include "harness.h"

#define DATA TOP_SRCDIR "/tests/data/"

/* Records every event as text, so two parses can be compared. */
struct rec {
    struct cboto__buf out;
    struct cboto__xml *x; /* for ancestor checks */
    const char *fail_on;  /* end of this element returns fail_rc */
    int fail_rc;
    int calls_after_fail;
    int failed;
    int check_ancestors;
    int ancestor_ok;
};

static int rec_start(void *st, const char *name, int depth)
{
    struct rec *r = st;

    if (r->failed)
        r->calls_after_fail++;
    return cboto__buf_printf(&r->out, "S %s %d\n", name, depth);
}

static int rec_end(void *st, const char *name, int depth, const char *text,
                   size_t len)
{
    struct rec *r = st;
    int rc;

    if (r->failed)
        r->calls_after_fail++;
    if (r->check_ancestors && r->x) {
        const char *self = cboto__xml_ancestor(r->x, 0);
        const char *top = cboto__xml_ancestor(r->x, depth - 1);

        if (!self || strcmp(self, name) != 0 || !top ||
            cboto__xml_ancestor(r->x, depth) != NULL)
            r->ancestor_ok = 0;
    }
    /* text must be NUL-terminated at len, so handlers can use it as a
     * C string */
    if (text[len] != '\0')
        return CBOTO_EINVAL;
    rc = cboto__buf_printf(&r->out, "E %s %d [", name, depth);
    if (!rc)
        rc = cboto__buf_append(&r->out, text, len);
    if (!rc)
        rc = cboto__buf_append_str(&r->out, "]\n");
    if (rc)
        return rc;
    if (r->fail_on && strcmp(r->fail_on, name) == 0) {
        r->failed = 1;
        return r->fail_rc;
    }
    return CBOTO_OK;
}

static void rec_init(struct rec *r, const struct cboto_allocator *a)
{
    memset(r, 0, sizeof *r);
    cboto__buf_init(&r->out, a, 0);
    r->ancestor_ok = 1;
}

/* Parse doc fed in pieces: first `split` bytes, then the rest in chunks of
 * `chunk` bytes (0: all at once). */
static int parse_rec(const struct cboto_allocator *a, struct rec *r,
                     const char *doc, size_t len, size_t split, size_t chunk,
                     size_t max)
{
    struct cboto__xml_handler h = {rec_start, rec_end, r};
    struct cboto__xml *x;
    size_t off;
    int rc;

    rc = cboto__xml_new(a, &h, max, &x);
    if (rc)
        return rc;
    r->x = x;
    if (split > len)
        split = len;
    rc = cboto__xml_feed(x, doc, split);
    for (off = split; !rc && off < len;) {
        size_t n = chunk ? chunk : len - off;

        if (n > len - off)
            n = len - off;
        rc = cboto__xml_feed(x, doc + off, n);
        off += n;
    }
    if (!rc)
        rc = cboto__xml_finish(x);
    cboto__xml_free(x);
    r->x = NULL;
    return rc;
}

static int parse_str(const struct cboto_allocator *a, const char *doc,
                     struct rec *r)
{
    rec_init(r, a);
    return parse_rec(a, r, doc, strlen(doc), strlen(doc), 0, 0);
}

static int test_events_basic(struct cboto_allocator *a)
{
    struct rec r;

    ASSERT_OK(parse_str(a,
                        "<?xml version=\"1.0\"?>\n<a><b>1</b><c/><d>x y</d>"
                        "</a>\n",
                        &r));
    ASSERT_STREQ("S a 1\nS b 2\nE b 2 [1]\nS c 2\nE c 2 []\nS d 2\n"
                 "E d 2 [x y]\nE a 1 []\n",
                 cboto__buf_cstr(&r.out));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_entities_and_cdata(struct cboto_allocator *a)
{
    struct rec r;
    char *doc;
    size_t len;

    ASSERT_OK(test_read_file(DATA "xml/entities.xml", &doc, &len));
    rec_init(&r, a);
    ASSERT_OK(parse_rec(a, &r, doc, len, len, 0, 0));
    free(doc);
    ASSERT_STREQ("S r 1\nS a 2\nE a 2 [x <>&\"' AB]\nS b 2\n"
                 "E b 2 [<raw> & tail]\nS c 2\nE c 2 []\nE r 1 []\n",
                 cboto__buf_cstr(&r.out));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_namespace_stripped(struct cboto_allocator *a)
{
    struct rec r;

    ASSERT_OK(parse_str(a,
                        "<s:ListBucketResult xmlns:s=\"urn:s3\" "
                        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        "<Name>b</Name><s:Key>k</s:Key>"
                        "</s:ListBucketResult>",
                        &r));
    ASSERT_STREQ("S ListBucketResult 1\nS Name 2\nE Name 2 [b]\n"
                 "S Key 2\nE Key 2 [k]\nE ListBucketResult 1 []\n",
                 cboto__buf_cstr(&r.out));
    cboto__buf_cleanup(&r.out);
    return 0;
}

/* Each element sees only the text directly inside it, not its
 * children's. */
static int test_direct_text_only(struct cboto_allocator *a)
{
    struct rec r;

    ASSERT_OK(parse_str(a, "<a>one<b>two<c>three</c>four</b>five</a>", &r));
    ASSERT_STREQ("S a 1\nS b 2\nS c 3\nE c 3 [three]\nE b 2 [twofour]\n"
                 "E a 1 [onefive]\n",
                 cboto__buf_cstr(&r.out));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_ancestor(struct cboto_allocator *a)
{
    struct rec r;
    const char *doc = "<a><b><c><d>x</d></c></b><e/></a>";

    rec_init(&r, a);
    r.check_ancestors = 1;
    ASSERT_OK(parse_rec(a, &r, doc, strlen(doc), strlen(doc), 0, 0));
    ASSERT_TRUE(r.ancestor_ok);
    ASSERT_NULL(cboto__xml_ancestor(NULL, 0));
    cboto__buf_cleanup(&r.out);
    return 0;
}

/* Feeding in two pieces, split at every byte, gives the same events. */
static int split_all(const struct cboto_allocator *a, const char *doc,
                     size_t len)
{
    struct rec ref, r;
    size_t i;

    rec_init(&ref, a);
    ASSERT_OK(parse_rec(a, &ref, doc, len, len, 0, 0));
    for (i = 0; i <= len; i++) {
        rec_init(&r, a);
        ASSERT_OK(parse_rec(a, &r, doc, len, i, 0, 0));
        if (strcmp(cboto__buf_cstr(&ref.out), cboto__buf_cstr(&r.out)) != 0)
            FAILF("split at %zu differs:\n%s\nvs\n%s", i,
                  cboto__buf_cstr(&ref.out), cboto__buf_cstr(&r.out));
        cboto__buf_cleanup(&r.out);
    }
    /* and one byte at a time */
    rec_init(&r, a);
    ASSERT_OK(parse_rec(a, &r, doc, len, 0, 1, 0));
    ASSERT_STREQ(cboto__buf_cstr(&ref.out), cboto__buf_cstr(&r.out));
    cboto__buf_cleanup(&r.out);
    cboto__buf_cleanup(&ref.out);
    return 0;
}

static int test_split_every_point(struct cboto_allocator *a)
{
    static const char *const files[] = {
        DATA "xml/entities.xml", DATA "s3/list_v2_url.xml",
        DATA "s3/list_v2_trunc_moto.xml", DATA "xml/error_sqs.xml"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *doc;
        size_t len;
        int rc;

        ASSERT_OK(test_read_file(files[i], &doc, &len));
        rc = split_all(a, doc, len);
        free(doc);
        if (rc)
            FAILF("%s", files[i]);
    }
    return 0;
}

static int test_byte_by_byte_fixtures(struct cboto_allocator *a)
{
    static const char *const files[] = {
        DATA "s3/list_v2_url_moto.xml", DATA "s3/buckets.xml",
        DATA "s3/list_v1_moto.xml", DATA "xml/error_s3_moto.xml"};
    size_t i;

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct rec ref, r;
        char *doc;
        size_t len, chunk;

        ASSERT_OK(test_read_file(files[i], &doc, &len));
        rec_init(&ref, a);
        ASSERT_OK(parse_rec(a, &ref, doc, len, len, 0, 0));
        for (chunk = 1; chunk <= 7; chunk++) {
            rec_init(&r, a);
            ASSERT_OK(parse_rec(a, &r, doc, len, 0, chunk, 0));
            ASSERT_STREQ(cboto__buf_cstr(&ref.out), cboto__buf_cstr(&r.out));
            cboto__buf_cleanup(&r.out);
        }
        cboto__buf_cleanup(&ref.out);
        free(doc);
    }
    return 0;
}

static int test_text_across_chunks(struct cboto_allocator *a)
{
    size_t n = 200000, i, len;
    char *doc = malloc(n + 64);
    struct rec r;
    char want[64];

    ASSERT_NOT_NULL(doc);
    len = (size_t)snprintf(doc, 64, "<a><t>");
    for (i = 0; i < n; i++)
        doc[len++] = (char)('a' + i % 26);
    memcpy(doc + len, "</t></a>", 8);
    len += 8;
    rec_init(&r, a);
    ASSERT_OK(parse_rec(a, &r, doc, len, 0, 997, 0));
    /* "S a 1\nS t 2\nE t 2 [" + n chars + "]\nE a 1 []\n" */
    ASSERT_EQ(strlen("S a 1\nS t 2\nE t 2 [") + n + strlen("]\nE a 1 []\n"),
              r.out.len);
    snprintf(want, sizeof want, "E t 2 [abcdefghij");
    ASSERT_TRUE(strstr(cboto__buf_cstr(&r.out), want) != NULL);
    ASSERT_EQ(0,
              memcmp(r.out.ptr + strlen("S a 1\nS t 2\nE t 2 ["), doc + 6, n));
    cboto__buf_cleanup(&r.out);
    free(doc);
    return 0;
}

static int parse_file_rc(const struct cboto_allocator *a, const char *path,
                         struct rec *r)
{
    char *doc;
    size_t len;
    int rc;

    if (test_read_file(path, &doc, &len))
        return -999;
    rec_init(r, a);
    rc = parse_rec(a, r, doc, len, len, 0, 0);
    free(doc);
    return rc;
}

static int test_billion_laughs(struct cboto_allocator *a)
{
    struct rec r;
    int rc;

    rc = parse_file_rc(a, DATA "xml/billion_laughs.xml", &r);
    ASSERT_EQ(CBOTO_EPARSE, rc);
    ASSERT_TRUE(strstr(cboto__buf_cstr(&r.out), "lol") == NULL);
    ASSERT_TRUE(r.out.len < 100);
    cboto__buf_cleanup(&r.out);
    return 0;
}

/* An external entity naming a file with a secret: the secret must never
 * reach a handler. */
static int test_xxe_file_not_read(struct cboto_allocator *a)
{
    char path[] = "/tmp/cboto-xxe-XXXXXX";
    char doc[512];
    struct rec r;
    int fd, rc;

    fd = mkstemp(path);
    ASSERT_TRUE(fd >= 0);
    ASSERT_EQ(13, write(fd, "SECRET-MARKER", 13));
    close(fd);
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE Error [\n"
             " <!ENTITY x SYSTEM \"file://%s\">\n]>\n"
             "<Error><Code>&x;</Code></Error>\n",
             path);
    rec_init(&r, a);
    rc = parse_rec(a, &r, doc, strlen(doc), strlen(doc), 0, 0);
    unlink(path);
    ASSERT_EQ(CBOTO_EPARSE, rc);
    ASSERT_TRUE(strstr(cboto__buf_cstr(&r.out), "SECRET") == NULL);
    cboto__buf_cleanup(&r.out);

    rc = parse_file_rc(a, DATA "xml/xxe.xml", &r);
    ASSERT_EQ(CBOTO_EPARSE, rc);
    ASSERT_TRUE(strstr(cboto__buf_cstr(&r.out), "root:") == NULL);
    cboto__buf_cleanup(&r.out);
    return 0;
}

static void on_alarm(int sig)
{
    static const char msg[] = "  timeout: the parser opened the FIFO\n";

    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(1);
}

/* The external subset and an external entity both name a FIFO with no
 * writer: opening it would block, so finishing at all proves nothing was
 * opened.  The alarm turns a hang into a failure. */
static int test_external_dtd_not_loaded(struct cboto_allocator *a)
{
    char dir[] = "/tmp/cboto-fifo-XXXXXX";
    char fifo[64], doc[512];
    struct rec r;
    int rc;

    ASSERT_NOT_NULL(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/f", dir);
    if (mkfifo(fifo, 0600) != 0) {
        rmdir(dir);
        skip("cannot make a FIFO in /tmp");
        return TEST_SKIP;
    }
    signal(SIGALRM, on_alarm);
    alarm(10);
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE Error SYSTEM \"%s\">\n"
             "<Error><Code>x</Code></Error>\n",
             fifo);
    rec_init(&r, a);
    rc = parse_rec(a, &r, doc, strlen(doc), strlen(doc), 0, 0);
    cboto__buf_cleanup(&r.out);
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE Error [<!ENTITY e SYSTEM "
             "\"file://%s\">]>\n<Error><Code>&e;</Code></Error>\n",
             fifo);
    rec_init(&r, a);
    if (rc == CBOTO_EPARSE)
        rc = parse_rec(a, &r, doc, strlen(doc), strlen(doc), 0, 0);
    cboto__buf_cleanup(&r.out);
    alarm(0);
    signal(SIGALRM, SIG_DFL);
    unlink(fifo);
    rmdir(dir);
    ASSERT_EQ(CBOTO_EPARSE, rc);

    rc = parse_file_rc(a, DATA "xml/xxe_external_dtd.xml", &r);
    ASSERT_EQ(CBOTO_EPARSE, rc);
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_undeclared_entity(struct cboto_allocator *a)
{
    struct rec r;

    ASSERT_EQ(CBOTO_EPARSE, parse_str(a, "<a>&foo;</a>", &r));
    cboto__buf_cleanup(&r.out);
    ASSERT_EQ(CBOTO_EPARSE, parse_str(a, "<a>&#0;</a>", &r));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_truncated(struct cboto_allocator *a)
{
    static const char doc[] = "<?xml version=\"1.0\"?><a><b>text</b></a>";
    size_t i, len = sizeof doc - 1;

    /* every proper prefix is an incomplete document */
    for (i = 0; i < len; i++) {
        struct rec r;

        rec_init(&r, a);
        ASSERT_EQ(CBOTO_EPARSE, parse_rec(a, &r, doc, i, i, 0, 0));
        cboto__buf_cleanup(&r.out);
    }
    return 0;
}

static int test_empty(struct cboto_allocator *a)
{
    struct cboto__xml_handler h = {NULL, NULL, NULL};
    struct cboto__xml *x;
    struct rec r;

    ASSERT_OK(cboto__xml_new(a, &h, 0, &x));
    ASSERT_EQ(CBOTO_EPARSE, cboto__xml_finish(x));
    cboto__xml_free(x);
    ASSERT_OK(cboto__xml_new(a, &h, 0, &x));
    ASSERT_OK(cboto__xml_feed(x, "", 0));
    ASSERT_EQ(CBOTO_EPARSE, cboto__xml_finish(x));
    cboto__xml_free(x);
    ASSERT_EQ(CBOTO_EPARSE, cboto__xml_parse_all(a, &h, "", 0, 0));
    ASSERT_EQ(CBOTO_EPARSE, cboto__xml_parse_all(a, &h, " \n\t", 3, 0));
    ASSERT_EQ(CBOTO_EPARSE,
              cboto__xml_parse_all(a, &h, "<?xml version=\"1.0\"?>", 21, 0));
    ASSERT_EQ(CBOTO_EPARSE, parse_str(a, "not xml at all", &r));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_trailing_garbage(struct cboto_allocator *a)
{
    struct rec r;

    ASSERT_EQ(CBOTO_EPARSE, parse_str(a, "<a/>junk", &r));
    cboto__buf_cleanup(&r.out);
    ASSERT_EQ(CBOTO_EPARSE, parse_str(a, "<a/><b/>", &r));
    cboto__buf_cleanup(&r.out);
    ASSERT_EQ(CBOTO_EPARSE,
              parse_file_rc(a, DATA "s3/trailing_garbage.xml", &r));
    cboto__buf_cleanup(&r.out);
    /* whitespace and comments after the root are allowed by XML */
    ASSERT_OK(parse_str(a, "<a/>\n <!-- c -->\n", &r));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_over_cap(struct cboto_allocator *a)
{
    static const char doc[] = "<a><b>0123456789</b><b>0123456789</b></a>";
    size_t len = sizeof doc - 1;
    struct rec r;

    rec_init(&r, a);
    ASSERT_OK(parse_rec(a, &r, doc, len, len, 0, len));
    cboto__buf_cleanup(&r.out);
    rec_init(&r, a);
    ASSERT_EQ(CBOTO_ETOOBIG, parse_rec(a, &r, doc, len, len, 0, len - 1));
    cboto__buf_cleanup(&r.out);
    /* in chunks: the chunk that crosses the cap fails */
    rec_init(&r, a);
    ASSERT_EQ(CBOTO_ETOOBIG, parse_rec(a, &r, doc, len, 0, 5, len - 1));
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_handler_error_stops(struct cboto_allocator *a)
{
    static const char doc[] = "<a><b>1</b><c>2</c><d>3</d></a>";
    struct cboto__xml_handler h;
    struct cboto__xml *x;
    struct rec r;
    size_t split;

    for (split = 0; split <= sizeof doc - 1; split++) {
        int rc;

        rec_init(&r, a);
        r.fail_on = "c";
        r.fail_rc = CBOTO_EABORTED;
        rc = parse_rec(a, &r, doc, sizeof doc - 1, split, 0, 0);
        ASSERT_EQ(CBOTO_EABORTED, rc);
        ASSERT_EQ(0, r.calls_after_fail);
        ASSERT_STREQ("S a 1\nS b 2\nE b 2 [1]\nS c 2\nE c 2 [2]\n",
                     cboto__buf_cstr(&r.out));
        cboto__buf_cleanup(&r.out);
    }
    /* the code sticks: later feeds and finish return it too */
    rec_init(&r, a);
    r.fail_on = "b";
    r.fail_rc = CBOTO_ENOMEM;
    h.start = rec_start;
    h.end = rec_end;
    h.st = &r;
    ASSERT_OK(cboto__xml_new(a, &h, 0, &x));
    ASSERT_EQ(CBOTO_ENOMEM, cboto__xml_feed(x, doc, sizeof doc - 1));
    ASSERT_EQ(CBOTO_ENOMEM, cboto__xml_feed(x, "<z/>", 4));
    ASSERT_EQ(CBOTO_ENOMEM, cboto__xml_finish(x));
    cboto__xml_free(x);
    cboto__buf_cleanup(&r.out);
    return 0;
}

static int test_deep_nesting(struct cboto_allocator *a)
{
    size_t depth = 5000, i, len = 0;
    char *doc = malloc(depth * 7 + 16);
    struct cboto__xml_handler h = {NULL, NULL, NULL};
    int rc;

    ASSERT_NOT_NULL(doc);
    for (i = 0; i < depth; i++) {
        memcpy(doc + len, "<a>", 3);
        len += 3;
    }
    for (i = 0; i < depth; i++) {
        memcpy(doc + len, "</a>", 4);
        len += 4;
    }
    /* libxml2's nesting limit (256 without XML_PARSE_HUGE) applies */
    rc = cboto__xml_parse_all(a, &h, doc, len, 0);
    free(doc);
    ASSERT_EQ(CBOTO_EPARSE, rc);
    return 0;
}

/* libxml2 prints parse errors on stderr unless told otherwise. */
static int test_nothing_on_stderr(struct cboto_allocator *a)
{
    static const char *const bad[] = {
        "<a><b></a>",
        "<a>&foo;</a>",
        "<a",
        "junk",
        "<a/><b/>",
        "<?xml version=\"1.0\" encoding=\"nope\"?><a/>",
        "<a>\xff\xfe bad utf-8</a>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
        "<a xmlns:p=\"\"><p:b/></a>",
        "<x:a/>",
        "<a b='1' b='2'/>",
        ""};
    struct cboto__xml_handler h = {NULL, NULL, NULL};
    char path[] = "/tmp/cboto-stderr-XXXXXX";
    int fd, saved, rc = 0;
    struct stat stt;
    size_t i;
    char *doc;
    size_t len;

    fd = mkstemp(path);
    ASSERT_TRUE(fd >= 0);
    fflush(stderr);
    saved = dup(2);
    ASSERT_TRUE(saved >= 0);
    dup2(fd, 2);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (cboto__xml_parse_all(a, &h, bad[i], strlen(bad[i]), 0) == 0 &&
            i < 8)
            rc = 1;
    if (test_read_file(DATA "xml/billion_laughs.xml", &doc, &len) == 0) {
        cboto__xml_parse_all(a, &h, doc, len, 0);
        free(doc);
    }
    if (test_read_file(DATA "xml/xxe.xml", &doc, &len) == 0) {
        cboto__xml_parse_all(a, &h, doc, len, 0);
        free(doc);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ASSERT_OK(fstat(fd, &stt));
    close(fd);
    unlink(path);
    ASSERT_EQ(0, rc);
    ASSERT_EQ(0, stt.st_size);
    return 0;
}

static int test_alloc_failures(struct cboto_allocator *a)
{
    char *doc;
    size_t len;
    long n;

    ASSERT_OK(test_read_file(DATA "s3/list_v2_url_moto.xml", &doc, &len));
    for (n = 1;; n++) {
        struct rec r;
        int rc;

        rec_init(&r, NULL); /* the recorder itself uses malloc */
        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = parse_rec(a, &r, doc, len, 0, 64, 0);
        s_test_alloc.fail_after = 0;
        cboto__buf_cleanup(&r.out);
        ASSERT_EQ(0, s_test_alloc.live);
        if (rc == CBOTO_OK)
            break;
        if (rc != CBOTO_ENOMEM)
            FAILF("allocation %ld failing gave %s", n, cboto_err_name(rc));
        ASSERT_TRUE(n < 10000);
    }
    free(doc);
    ASSERT_TRUE(n > 1);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
