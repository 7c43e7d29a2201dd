/* SPDX-License-Identifier: MIT */
/*
 * The cboto side of the SQS boto3 interop test (test_sqs_interop_moto.sh):
 *
 *   sqs_interop_tool send URL BODYHEX [NAME=TYPE=VALUEHEX ...]
 *       SendMessage with that body and message attributes (String and
 *       Number values are the bytes, Binary values the raw bytes); prints
 *       "sent MESSAGEID", "md5-body HEX" and "md5-attrs HEX".
 *   sqs_interop_tool receive URL
 *       ReceiveMessage of one message with all its attributes (MD5s checked
 *       by cboto), deletes it, and prints in a stable form:
 *         body BODYHEX
 *         md5-body HEX
 *         md5-attrs HEX          ("-" without attributes)
 *         attr NAME TYPE VALUEHEX   one per attribute, sorted by name
 *
 * Bytes travel hex-encoded on the command line and on stdout so that
 * XML-special, control and non-ASCII bytes pass through the shell
 * untouched.  Uses CBOTO_TEST_ENDPOINT, CBOTO_TEST_AK and CBOTO_TEST_SK.
 * Exits 0 on success, 1 on a failed request, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cboto/cboto.h>

static void hexout(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode hex into a new NUL-terminated buffer; *len gets the byte count. */
static char *unhex(const char *h, size_t *len)
{
    size_t n = strlen(h), i;
    char *o;

    if (n % 2)
        return NULL;
    o = malloc(n / 2 + 1);
    if (!o)
        return NULL;
    for (i = 0; i < n / 2; i++) {
        int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            free(o);
            return NULL;
        }
        o[i] = (char)(hi * 16 + lo);
    }
    o[n / 2] = '\0';
    if (len)
        *len = n / 2;
    return o;
}

static int by_name(const void *x, const void *y)
{
    const struct cboto_sqs_message_attribute *const *a = x, *const *b = y;

    return strcmp((*a)->name, (*b)->name);
}

static void describe(const struct cboto_response *resp, int rc)
{
    char buf[512];

    fprintf(stderr, "sqs_interop_tool: %s\n",
            cboto_response_describe(resp, rc, buf, sizeof buf));
}

#define MAX_ATTRS CBOTO_SQS_MAX_MESSAGE_ATTRIBUTES

static int do_send(struct cboto_client *cl, struct cboto_exec *ex, int argc,
                   char **argv)
{
    struct cboto_sqs_message_attribute at[MAX_ATTRS];
    char *own[2 * MAX_ATTRS + 1];
    struct cboto_sqs_send_params sp;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_sqs_sent *s;
    size_t n = 0, n_own = 0, body_len = 0, i;
    int rc = 2, k;

    memset(&sp, 0, sizeof sp);
    memset(at, 0, sizeof at);
    if (argc < 4 || argc - 4 > MAX_ATTRS)
        return 2;
    own[n_own] = unhex(argv[3], &body_len);
    if (!own[n_own])
        return 2;
    sp.body = own[n_own++];
    sp.body_len = body_len;
    for (k = 4; k < argc; k++, n++) {
        char *spec = argv[k], *t = strchr(spec, '='), *v;
        size_t vl = 0;

        if (!t || !(v = strchr(t + 1, '=')))
            goto out;
        *t++ = '\0';
        *v++ = '\0';
        own[n_own] = unhex(v, &vl);
        if (!own[n_own])
            goto out;
        at[n].name = spec;
        at[n].data_type = t;
        if (strncmp(t, "Binary", 6) == 0) {
            at[n].binary_value.ptr = (const uint8_t *)own[n_own];
            at[n].binary_value.len = vl;
        } else {
            at[n].string_value = own[n_own];
        }
        n_own++;
    }
    sp.queue_url = argv[2];
    sp.attributes = n ? at : NULL;
    sp.n_attributes = n;
    rc = cboto_sqs_send_message(cl, &sp, &rq);
    if (rc) {
        fprintf(stderr, "sqs_interop_tool: build: %s\n", cboto_err_name(rc));
        rc = 1;
        goto out;
    }
    rc = cboto_exec_perform(ex, rq, &resp);
    s = cboto_sqs_send_result(resp);
    if (rc || !s) {
        describe(resp, rc);
        rc = 1;
        goto out;
    }
    /* The parser checked the digests already; check again explicitly. */
    if (cboto_sqs_send_check(rq, resp) != CBOTO_OK) {
        fprintf(stderr, "sqs_interop_tool: send check failed\n");
        rc = 1;
        goto out;
    }
    printf("sent %s\nmd5-body %s\nmd5-attrs %s\n", s->message_id,
           s->md5_of_message_body,
           s->md5_of_message_attributes ? s->md5_of_message_attributes : "-");
    rc = 0;
out:
    cboto_response_release(resp);
    cboto_request_release(rq);
    for (i = 0; i < n_own; i++)
        free(own[i]);
    return rc;
}

static int do_receive(struct cboto_client *cl, struct cboto_exec *ex,
                      const char *url)
{
    const struct cboto_sqs_message_attribute *sorted[MAX_ATTRS];
    struct cboto_sqs_receive_params rp;
    struct cboto_request *rq = NULL;
    struct cboto_response *resp = NULL;
    const struct cboto_sqs_receive_result *r;
    const struct cboto_sqs_message *m;
    size_t i, n;
    int rc;

    memset(&rp, 0, sizeof rp);
    rp.queue_url = url;
    rp.max_number_of_messages = 1;
    rp.wait_time_seconds = 1;
    rp.wait_set = 1;
    rp.message_attribute_names = (const char *const[]){"All"};
    rp.n_message_attribute_names = 1;
    rc = cboto_sqs_receive_message(cl, &rp, &rq);
    if (!rc)
        rc = cboto_exec_perform(ex, rq, &resp);
    cboto_request_release(rq);
    rq = NULL;
    r = cboto_sqs_receive_result(resp);
    if (rc || !r) {
        describe(resp, rc);
        cboto_response_release(resp);
        return 1;
    }
    if (r->n_messages != 1) {
        fprintf(stderr, "sqs_interop_tool: %zu messages, expected 1\n",
                r->n_messages);
        cboto_response_release(resp);
        return 1;
    }
    m = &r->messages[0];
    n = m->n_message_attributes;
    if (n > MAX_ATTRS) {
        cboto_response_release(resp);
        return 1;
    }
    for (i = 0; i < n; i++)
        sorted[i] = &m->message_attributes[i];
    qsort(sorted, n, sizeof sorted[0], by_name);
    fputs("body ", stdout);
    hexout(m->body, m->body_len);
    printf("\nmd5-body %s\nmd5-attrs %s\n", m->md5_of_body,
           m->md5_of_message_attributes ? m->md5_of_message_attributes : "-");
    for (i = 0; i < n; i++) {
        const struct cboto_sqs_message_attribute *a = sorted[i];

        printf("attr %s %s ", a->name, a->data_type);
        if (strncmp(a->data_type, "Binary", 6) == 0)
            hexout(a->binary_value.ptr, a->binary_value.len);
        else
            hexout(a->string_value, strlen(a->string_value));
        putchar('\n');
    }
    rc = cboto_sqs_delete_message(
        cl, &(struct cboto_sqs_handle_params){url, NULL, m->receipt_handle, 0},
        &rq);
    cboto_response_release(resp);
    resp = NULL;
    if (!rc)
        rc = cboto_exec_perform(ex, rq, &resp);
    if (rc)
        describe(resp, rc);
    cboto_request_release(rq);
    cboto_response_release(resp);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct cboto_client_options o;
    struct cboto_client *cl = NULL;
    struct cboto_exec *ex = NULL;
    int rc = 2;

    if (argc < 3) {
        fprintf(stderr, "usage: sqs_interop_tool send URL BODYHEX "
                        "[NAME=TYPE=HEX...] | receive URL\n");
        return 2;
    }
    cboto_global_init(CBOTO_GLOBAL_DEFAULT);
    memset(&o, 0, sizeof o);
    o.region = "us-east-1";
    o.endpoint_url = getenv("CBOTO_TEST_ENDPOINT");
    o.access_key_id = getenv("CBOTO_TEST_AK");
    o.secret_access_key = getenv("CBOTO_TEST_SK");
    o.ignore_environment = 1;
    if (!o.endpoint_url || !o.access_key_id || !o.secret_access_key) {
        fprintf(stderr, "sqs_interop_tool: CBOTO_TEST_* not set\n");
    } else if (cboto_client_new(&o, &cl) || cboto_exec_new(NULL, &ex)) {
        fprintf(stderr, "sqs_interop_tool: cannot set up the client\n");
        rc = 1;
    } else if (strcmp(argv[1], "send") == 0) {
        rc = do_send(cl, ex, argc, argv);
    } else if (strcmp(argv[1], "receive") == 0 && argc == 3) {
        rc = do_receive(cl, ex, argv[2]);
    }
    if (rc == 2)
        fprintf(stderr, "sqs_interop_tool: bad usage\n");
    cboto_exec_free(ex);
    cboto_client_free(cl);
    cboto_global_cleanup();
    return rc;
}
