/* SPDX-License-Identifier: MIT */
/* The three AWS error document shapes (and moto's variants). */
#include "aws/xml.h"

#define TEST_LIST(X)                                                          \
    X(s3_moto)                                                                \
    X(s3_redirect)                                                            \
    X(s3_skewed)                                                              \
    X(sdb)                                                                    \
    X(sdb_moto)                                                               \
    X(sqs)                                                                    \
    X(sqs_moto)                                                               \
    X(sqs_errors_variant)                                                     \
    X(not_error_documents)                                                    \
    X(first_occurrence_wins)                                                  \
    X(alloc_failures)
#include "harness.h"

#define DATA TOP_SRCDIR "/tests/data/xml/"

static int parse_file(const struct cboto_allocator *a, const char *path,
                      struct cboto__error_fields *f)
{
    char *doc;
    size_t len;
    int rc;

    if (test_read_file(path, &doc, &len))
        return -999;
    rc = cboto__parse_error_doc(a, doc, len, f);
    free(doc);
    return rc;
}

static int test_s3_moto(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_s3_moto.xml", &f));
    ASSERT_STREQ("NoSuchKey", f.code);
    ASSERT_STREQ("The specified key does not exist.", f.message);
    ASSERT_STREQ("HYds7JSoZJ8TtmlTBFNrUOLKGVYX46kSVHeiziNIDqvZNjWvCVNT",
                 f.request_id);
    ASSERT_STREQ("9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9"
                 "IG62/ILVxhAGI0qyPfg=",
                 f.host_id);
    ASSERT_NULL(f.region);
    ASSERT_NULL(f.endpoint);
    ASSERT_NULL(f.server_time);
    cboto__error_fields_cleanup(a, &f);
    ASSERT_NULL(f.code);
    cboto__error_fields_cleanup(a, NULL);
    return 0;
}

static int test_s3_redirect(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_s3_redirect.xml", &f));
    ASSERT_STREQ("PermanentRedirect", f.code);
    ASSERT_STREQ("eu-west-1", f.region);
    ASSERT_STREQ("photos.s3.eu-west-1.amazonaws.com", f.endpoint);
    ASSERT_STREQ("7T4WCNTD05GM2EHF", f.request_id);
    ASSERT_NOT_NULL(f.host_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_s3_skewed(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_s3_skewed.xml", &f));
    ASSERT_STREQ("RequestTimeTooSkewed", f.code);
    ASSERT_STREQ("2026-11-24T22:20:00Z", f.server_time);
    ASSERT_STREQ("4442587FB7D0A2F9", f.request_id);
    ASSERT_STREQ("hostid", f.host_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_sdb(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_sdb.xml", &f));
    ASSERT_STREQ("NoSuchDomain", f.code); /* the first <Error> wins */
    ASSERT_STREQ("The specified domain does not exist.", f.message);
    ASSERT_STREQ("e050eb32-5c23-4a5c-9ce8-27f25c5a1e0b", f.request_id);
    ASSERT_NULL(f.host_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_sdb_moto(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_sdb_moto.xml", &f));
    ASSERT_STREQ("NoSuchDomain", f.code);
    ASSERT_STREQ("The specified domain does not exist.", f.message);
    ASSERT_STREQ("Lm6a9EwDk0ZCZyO3Aw0XUXhmHRhbe2IN8Wq982VEr1PJ9gX3Bg9R",
                 f.request_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_sqs(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_sqs.xml", &f));
    ASSERT_STREQ("InvalidParameterValue", f.code);
    ASSERT_STREQ("Value (quename_nonalpha) for parameter QueueName is "
                 "invalid. Must be an alphanumeric String of 1 to 80 in "
                 "length.",
                 f.message);
    ASSERT_STREQ("42d59b56-7407-4c4a-be0f-4c88daeea257", f.request_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_sqs_moto(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_sqs_moto.xml", &f));
    ASSERT_STREQ("AWS.SimpleQueueService.NonExistentQueue", f.code);
    /* moto adds a lower-case <message>; the real <Message> is kept */
    ASSERT_STREQ("The specified queue does not exist for this wsdl version.",
                 f.message);
    ASSERT_STREQ("auX5JUS4gceQu5DHiuPHJUP8k1Krd5cVuHUzeKrTvsYCist2bDQH",
                 f.request_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_sqs_errors_variant(struct cboto_allocator *a)
{
    struct cboto__error_fields f;

    ASSERT_OK(parse_file(a, DATA "error_sqs_errors.xml", &f));
    ASSERT_STREQ("AWS.SimpleQueueService.QueueDeletedRecently", f.code);
    ASSERT_STREQ("ab1d2e05-0c6d-4c55-b5ab-06f8a3f1b9f2", f.request_id);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_not_error_documents(struct cboto_allocator *a)
{
    static const char *const files[] = {
        DATA "error_not_error.xml", DATA "error_no_code.xml",
        DATA "error_html.xml",      DATA "error_truncated.xml",
        DATA "billion_laughs.xml",  DATA "xxe.xml"};
    static const char *const docs[] = {
        "",
        "<Error/>",
        "<Response><Error><Code>X</Code></Error></Response>",
        "<Other><Error><Code>X</Code></Error></Other>",
        "<ErrorResponse><A><Error><Code>X</Code></Error></A></ErrorResponse>",
        "<Error><Code>X</Code></Error><Error/>"};
    struct cboto__error_fields f;
    size_t i;

    (void)skip; /* the harness's helper; nothing here is ever skipped */
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        memset(&f, 0x5a, sizeof f);
        if (parse_file(a, files[i], &f) != CBOTO_EPARSE)
            FAILF("%s parsed as an error document", files[i]);
    }
    for (i = 0; i < sizeof docs / sizeof docs[0]; i++)
        if (cboto__parse_error_doc(a, docs[i], strlen(docs[i]), &f) !=
            CBOTO_EPARSE)
            FAILF("\"%s\" parsed as an error document", docs[i]);
    ASSERT_EQ(CBOTO_EINVAL, cboto__parse_error_doc(a, NULL, 1, &f));
    return 0;
}

static int test_first_occurrence_wins(struct cboto_allocator *a)
{
    /* a nested <Code> and a repeated one do not replace the first */
    static const char doc[] =
        "<Error><Code>C</Code><Message>a &amp; b</Message>"
        "<Details><Code>inner</Code></Details><Code>second</Code></Error>";
    struct cboto__error_fields f;

    ASSERT_OK(cboto__parse_error_doc(a, doc, sizeof doc - 1, &f));
    ASSERT_STREQ("C", f.code);
    ASSERT_STREQ("a & b", f.message);
    cboto__error_fields_cleanup(a, &f);
    return 0;
}

static int test_alloc_failures(struct cboto_allocator *a)
{
    char *doc;
    size_t len;
    long n;

    ASSERT_OK(test_read_file(DATA "error_s3_redirect.xml", &doc, &len));
    for (n = 1;; n++) {
        struct cboto__error_fields f;
        int rc;

        s_test_alloc.total = 0;
        s_test_alloc.fail_after = n;
        rc = cboto__parse_error_doc(a, doc, len, &f);
        s_test_alloc.fail_after = 0;
        if (rc == CBOTO_OK) {
            ASSERT_STREQ("PermanentRedirect", f.code);
            cboto__error_fields_cleanup(a, &f);
            ASSERT_EQ(0, s_test_alloc.live);
            break;
        }
        ASSERT_EQ(0, s_test_alloc.live);
        if (rc != CBOTO_ENOMEM)
            FAILF("allocation %ld failing gave %s", n, cboto_err_name(rc));
        ASSERT_TRUE(n < 1000);
    }
    free(doc);
    ASSERT_TRUE(n > 5);
    return 0;
}

HARNESS_MAIN(TEST_LIST)
