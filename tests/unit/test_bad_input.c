/* SPDX-License-Identifier: MIT */
/*
 * Bad input from users, table-driven: every public builder of S3, SimpleDB
 * and SQS is called with an empty, too long, wrongly spelt, out-of-range or
 * NULL argument.  Each must answer CBOTO_EINVAL before any I/O, leave *out
 * as it was (the builders promise not to write it on error), and allocate
 * nothing that outlives the call (the harness's counting allocator).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cboto/cboto.h>

#define TEST_LIST(X)                                                          \
    X(bad_input_table)                                                        \
    X(valid_input_builds)
#include "harness.h"

static char s_long[300000]; /* filled with 'a'; cut to length with s_at() */
static char s_cut[8][2100];

/* n bytes of 'a', in one of a few static slots. */
static const char *s_at(int slot, size_t n)
{
    char *p = n < sizeof s_cut[0] ? s_cut[slot] : s_long;

    memset(p, 'a', n);
    p[n] = '\0';
    return p;
}

#define Q "http://127.0.0.1:9/123456789012/q"
#define B "bucket"
#define K "key"

static const struct cboto_sdb_attr s_attr = {"color", "blue", 0};
static struct cboto_sdb_attr s_attrs257[257];
static struct cboto_sdb_item s_items26[26];
static const struct cboto_sdb_item s_dup_items[2] = {{"same", &s_attr, 1},
                                                     {"same", &s_attr, 1}};
static const char *s_names257[257];
static struct cboto_sqs_send_params s_entries11[11];
static struct cboto_sqs_handle_params s_handles11[11];
static const struct cboto_sqs_send_params s_dup_entries[2] = {
    {.id = "a", .body = "x"}, {.id = "a", .body = "y"}};
static struct cboto_s3_object_id s_keys1001[1001];
static const struct cboto_s3_completed_part s_part0 = {0, "\"e\"", NULL};

static void fill_tables(void)
{
    size_t i;

    memset(s_long, 'a', sizeof s_long - 1);
    for (i = 0; i < 257; i++) {
        s_attrs257[i] = s_attr;
        s_names257[i] = "n";
    }
    for (i = 0; i < 26; i++) {
        s_items26[i].name = "i";
        s_items26[i].attrs = &s_attr;
        s_items26[i].n_attrs = 1;
    }
    for (i = 0; i < 11; i++) {
        s_entries11[i].id = i < 10 ? "e" : "f";
        s_entries11[i].body = "x";
        s_handles11[i].id = "e";
        s_handles11[i].receipt_handle = "rh";
    }
    for (i = 0; i < 1001; i++)
        s_keys1001[i].key = "k";
}

/* name, call: `cl` is a good client, `out` where the request would go. */
#define CASES(X)                                                              \
    /* ---- S3 ---- */                                                        \
    X(s3_get_null_client,                                                     \
      (cboto_s3_get_object(                                                   \
          NULL, &(struct cboto_s3_get_params){.bucket = B, .key = K}, out)))  \
    X(s3_get_null_params, (cboto_s3_get_object(cl, NULL, out)))               \
    X(s3_get_null_out,                                                        \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = B, .key = K}, NULL)))   \
    X(s3_get_null_bucket,                                                     \
      (cboto_s3_get_object(cl, &(struct cboto_s3_get_params){.key = K},       \
                           out)))                                             \
    X(s3_get_null_key,                                                        \
      (cboto_s3_get_object(cl, &(struct cboto_s3_get_params){.bucket = B},    \
                           out)))                                             \
    X(s3_get_empty_bucket,                                                    \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = "", .key = K}, out)))   \
    X(s3_get_empty_key,                                                       \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = B, .key = ""}, out)))   \
    X(s3_get_bucket_too_short,                                                \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = "ab", .key = K}, out))) \
    X(s3_get_bucket_too_long,                                                 \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = s_at(0, 64), .key = K}, \
          out)))                                                              \
    X(s3_get_bucket_upper_case,                                               \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = "MyBucket", .key = K},  \
          out)))                                                              \
    X(s3_get_bucket_double_dot,                                               \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = "a..b", .key = K},      \
          out)))                                                              \
    X(s3_get_bucket_slash,                                                    \
      (cboto_s3_get_object(                                                   \
          cl, &(struct cboto_s3_get_params){.bucket = "a/b/c", .key = K},     \
          out)))                                                              \
    X(s3_get_key_too_long,                                                    \
      (cboto_s3_get_object(                                                   \
          cl,                                                                 \
          &(struct cboto_s3_get_params){.bucket = B, .key = s_at(0, 1025)},   \
          out)))                                                              \
    X(s3_get_range_backwards,                                                 \
      (cboto_s3_get_object(cl,                                                \
                           &(struct cboto_s3_get_params){.bucket = B,         \
                                                         .key = K,            \
                                                         .has_range = 1,      \
                                                         .first_byte = 10,    \
                                                         .last_byte = 5},     \
                           out)))                                             \
    X(s3_head_empty_key,                                                      \
      (cboto_s3_head_object(                                                  \
          cl, &(struct cboto_s3_get_params){.bucket = B, .key = ""}, out)))   \
    X(s3_put_key_bad_utf8,                                                    \
      (cboto_s3_put_object(                                                   \
          cl, &(struct cboto_s3_put_params){.bucket = B, .key = "a\xff"},     \
          out)))                                                              \
    X(s3_put_meta_name_space,                                                 \
      (cboto_s3_put_object(                                                   \
          cl,                                                                 \
          &(struct cboto_s3_put_params){                                      \
              .bucket = B,                                                    \
              .key = K,                                                       \
              .attrs =                                                        \
                  &(struct cboto_s3_object_attrs){                            \
                      .meta = &(struct cboto_s3_pair){"a b", "v"},            \
                      .n_meta = 1}},                                          \
          out)))                                                              \
    X(s3_put_meta_value_crlf,                                                 \
      (cboto_s3_put_object(                                                   \
          cl,                                                                 \
          &(struct cboto_s3_put_params){                                      \
              .bucket = B,                                                    \
              .key = K,                                                       \
              .attrs =                                                        \
                  &(struct cboto_s3_object_attrs){                            \
                      .meta = &(struct cboto_s3_pair){"n", "v\r\nX-Evil: 1"}, \
                      .n_meta = 1}},                                          \
          out)))                                                              \
    X(s3_put_bad_acl,                                                         \
      (cboto_s3_put_object(                                                   \
          cl,                                                                 \
          &(struct cboto_s3_put_params){                                      \
              .bucket = B,                                                    \
              .key = K,                                                       \
              .attrs = &(struct cboto_s3_object_attrs){.acl = "everyone"}},   \
          out)))                                                              \
    X(s3_delete_null_key,                                                     \
      (cboto_s3_delete_object(                                                \
          cl, &(struct cboto_s3_delete_params){.bucket = B}, out)))           \
    X(s3_create_bucket_bad_name,                                              \
      (cboto_s3_create_bucket(                                                \
          cl, &(struct cboto_s3_bucket_params){.bucket = "-bucket"}, out)))   \
    X(s3_create_bucket_null, (cboto_s3_create_bucket(cl, NULL, out)))         \
    X(s3_head_bucket_underscore,                                              \
      (cboto_s3_head_bucket(                                                  \
          cl, &(struct cboto_s3_bucket_params){.bucket = "my_bucket"}, out))) \
    X(s3_list_buckets_null_out, (cboto_s3_list_buckets(cl, NULL)))            \
    X(s3_list_negative_max_keys,                                              \
      (cboto_s3_list_objects_v2(                                              \
          cl, &(struct cboto_s3_list_params){.bucket = B, .max_keys = -1},    \
          out)))                                                              \
    X(s3_list_null_bucket,                                                    \
      (cboto_s3_list_objects_v2(                                              \
          cl, &(struct cboto_s3_list_params){.prefix = "p"}, out)))           \
    X(s3_list_v1_empty_bucket,                                                \
      (cboto_s3_list_objects(                                                 \
          cl, &(struct cboto_s3_list_params){.bucket = ""}, out)))            \
    X(s3_delete_objects_none,                                                 \
      (cboto_s3_delete_objects(                                               \
          cl, &(struct cboto_s3_delete_objects_params){.bucket = B}, out)))   \
    X(s3_delete_objects_1001,                                                 \
      (cboto_s3_delete_objects(                                               \
          cl,                                                                 \
          &(struct cboto_s3_delete_objects_params){                           \
              .bucket = B, .keys = s_keys1001, .n_keys = 1001},               \
          out)))                                                              \
    X(s3_copy_null_source,                                                    \
      (cboto_s3_copy_object(cl,                                               \
                            &(struct cboto_s3_copy_params){                   \
                                .bucket = B, .key = K, .src_key = K},         \
                            out)))                                            \
    X(s3_upload_part_zero,                                                    \
      (cboto_s3_upload_part(                                                  \
          cl,                                                                 \
          &(struct cboto_s3_upload_part_params){                              \
              .bucket = B, .key = K, .upload_id = "u", .part_number = 0},     \
          out)))                                                              \
    X(s3_upload_part_10001,                                                   \
      (cboto_s3_upload_part(                                                  \
          cl,                                                                 \
          &(struct cboto_s3_upload_part_params){                              \
              .bucket = B, .key = K, .upload_id = "u", .part_number = 10001}, \
          out)))                                                              \
    X(s3_upload_part_null_upload_id,                                          \
      (cboto_s3_upload_part(cl,                                               \
                            &(struct cboto_s3_upload_part_params){            \
                                .bucket = B, .key = K, .part_number = 1},     \
                            out)))                                            \
    X(s3_complete_no_parts, (cboto_s3_complete_multipart_upload(              \
                                cl,                                           \
                                &(struct cboto_s3_complete_params){           \
                                    .bucket = B, .key = K, .upload_id = "u"}, \
                                out)))                                        \
    X(s3_complete_part_zero,                                                  \
      (cboto_s3_complete_multipart_upload(                                    \
          cl,                                                                 \
          &(struct cboto_s3_complete_params){.bucket = B,                     \
                                             .key = K,                        \
                                             .upload_id = "u",                \
                                             .parts = &s_part0,               \
                                             .n_parts = 1},                   \
          out)))                                                              \
    X(s3_create_multipart_empty_key,                                          \
      (cboto_s3_create_multipart_upload(                                      \
          cl,                                                                 \
          &(struct cboto_s3_create_multipart_params){.bucket = B, .key = ""}, \
          out)))                                                              \
    /* ---- SimpleDB ---- */                                                  \
    X(sdb_create_null_client,                                                 \
      (cboto_sdb_create_domain(                                               \
          NULL, &(struct cboto_sdb_domain_params){"dom"}, out)))              \
    X(sdb_create_null_params, (cboto_sdb_create_domain(cl, NULL, out)))       \
    X(sdb_create_null_out,                                                    \
      (cboto_sdb_create_domain(cl, &(struct cboto_sdb_domain_params){"dom"},  \
                               NULL)))                                        \
    X(sdb_create_null_domain,                                                 \
      (cboto_sdb_create_domain(cl, &(struct cboto_sdb_domain_params){NULL},   \
                               out)))                                         \
    X(sdb_create_empty_domain,                                                \
      (cboto_sdb_create_domain(cl, &(struct cboto_sdb_domain_params){""},     \
                               out)))                                         \
    X(sdb_create_domain_too_short,                                            \
      (cboto_sdb_create_domain(cl, &(struct cboto_sdb_domain_params){"ab"},   \
                               out)))                                         \
    X(sdb_create_domain_too_long,                                             \
      (cboto_sdb_create_domain(                                               \
          cl, &(struct cboto_sdb_domain_params){s_at(0, 256)}, out)))         \
    X(sdb_create_domain_bad_chars,                                            \
      (cboto_sdb_create_domain(                                               \
          cl, &(struct cboto_sdb_domain_params){"my domain!"}, out)))         \
    X(sdb_delete_domain_slash,                                                \
      (cboto_sdb_delete_domain(                                               \
          cl, &(struct cboto_sdb_domain_params){"a/b/c"}, out)))              \
    X(sdb_metadata_empty,                                                     \
      (cboto_sdb_domain_metadata(cl, &(struct cboto_sdb_domain_params){""},   \
                                 out)))                                       \
    X(sdb_list_domains_negative,                                              \
      (cboto_sdb_list_domains(                                                \
          cl, &(struct cboto_sdb_list_domains_params){.max_domains = -1},     \
          out)))                                                              \
    X(sdb_list_domains_101,                                                   \
      (cboto_sdb_list_domains(                                                \
          cl, &(struct cboto_sdb_list_domains_params){.max_domains = 101},    \
          out)))                                                              \
    X(sdb_put_no_attrs,                                                       \
      (cboto_sdb_put_attributes(                                              \
          cl, &(struct cboto_sdb_put_params){.domain = "dom", .item = "i"},   \
          out)))                                                              \
    X(sdb_put_257_attrs,                                                      \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){.domain = "dom",                     \
                                         .item = "i",                         \
                                         .attrs = s_attrs257,                 \
                                         .n_attrs = 257},                     \
          out)))                                                              \
    X(sdb_put_null_item,                                                      \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom", .attrs = &s_attr, .n_attrs = 1},               \
          out)))                                                              \
    X(sdb_put_empty_item,                                                     \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom", .item = "", .attrs = &s_attr, .n_attrs = 1},   \
          out)))                                                              \
    X(sdb_put_item_too_long,                                                  \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){.domain = "dom",                     \
                                         .item = s_at(0, 1025),               \
                                         .attrs = &s_attr,                    \
                                         .n_attrs = 1},                       \
          out)))                                                              \
    X(sdb_put_empty_attr_name,                                                \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom",                                                \
              .item = "i",                                                    \
              .attrs = &(struct cboto_sdb_attr){"", "v", 0},                  \
              .n_attrs = 1},                                                  \
          out)))                                                              \
    X(sdb_put_null_attr_value,                                                \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom",                                                \
              .item = "i",                                                    \
              .attrs = &(struct cboto_sdb_attr){"n", NULL, 0},                \
              .n_attrs = 1},                                                  \
          out)))                                                              \
    X(sdb_put_attr_value_too_long,                                            \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom",                                                \
              .item = "i",                                                    \
              .attrs = &(struct cboto_sdb_attr){"n", s_at(1, 1025), 0},       \
              .n_attrs = 1},                                                  \
          out)))                                                              \
    X(sdb_put_expected_false_with_value,                                      \
      (cboto_sdb_put_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_put_params){                                     \
              .domain = "dom",                                                \
              .item = "i",                                                    \
              .attrs = &s_attr,                                               \
              .n_attrs = 1,                                                   \
              .expected =                                                     \
                  &(struct cboto_sdb_expected){"n", "v",                      \
                                               CBOTO_SDB_EXISTS_FALSE},       \
              .n_expected = 1},                                               \
          out)))                                                              \
    X(sdb_batch_put_no_items,                                                 \
      (cboto_sdb_batch_put_attributes(                                        \
          cl, &(struct cboto_sdb_batch_params){.domain = "dom"}, out)))       \
    X(sdb_batch_put_26_items,                                                 \
      (cboto_sdb_batch_put_attributes(                                        \
          cl,                                                                 \
          &(struct cboto_sdb_batch_params){                                   \
              .domain = "dom", .items = s_items26, .n_items = 26},            \
          out)))                                                              \
    X(sdb_batch_put_repeated_item,                                            \
      (cboto_sdb_batch_put_attributes(                                        \
          cl,                                                                 \
          &(struct cboto_sdb_batch_params){                                   \
              .domain = "dom", .items = s_dup_items, .n_items = 2},           \
          out)))                                                              \
    X(sdb_batch_delete_26_items,                                              \
      (cboto_sdb_batch_delete_attributes(                                     \
          cl,                                                                 \
          &(struct cboto_sdb_batch_params){                                   \
              .domain = "dom", .items = s_items26, .n_items = 26},            \
          out)))                                                              \
    X(sdb_get_257_names,                                                      \
      (cboto_sdb_get_attributes(                                              \
          cl,                                                                 \
          &(struct cboto_sdb_get_params){.domain = "dom",                     \
                                         .item = "i",                         \
                                         .names = s_names257,                 \
                                         .n_names = 257},                     \
          out)))                                                              \
    X(sdb_get_null_item,                                                      \
      (cboto_sdb_get_attributes(                                              \
          cl, &(struct cboto_sdb_get_params){.domain = "dom"}, out)))         \
    X(sdb_delete_bad_domain,                                                  \
      (cboto_sdb_delete_attributes(                                           \
          cl, &(struct cboto_sdb_delete_params){.domain = "x", .item = "i"},  \
          out)))                                                              \
    X(sdb_select_null_expression,                                             \
      (cboto_sdb_select(cl, &(struct cboto_sdb_select_params){NULL, NULL, 0}, \
                        out)))                                                \
    X(sdb_select_empty_expression,                                            \
      (cboto_sdb_select(cl, &(struct cboto_sdb_select_params){"", NULL, 0},   \
                        out)))                                                \
    X(sdb_select_too_long,                                                    \
      (cboto_sdb_select(                                                      \
          cl,                                                                 \
          &(struct cboto_sdb_select_params){                                  \
              s_at(0, CBOTO_SDB_MAX_SELECT_BYTES + 1), NULL, 0},              \
          out)))                                                              \
    /* ---- SQS ---- */                                                       \
    X(sqs_create_null_client,                                                 \
      (cboto_sqs_create_queue(                                                \
          NULL, &(struct cboto_sqs_create_queue_params){.queue_name = "q"},   \
          out)))                                                              \
    X(sqs_create_null_params, (cboto_sqs_create_queue(cl, NULL, out)))        \
    X(sqs_create_null_out,                                                    \
      (cboto_sqs_create_queue(                                                \
          cl, &(struct cboto_sqs_create_queue_params){.queue_name = "q"},     \
          NULL)))                                                             \
    X(sqs_create_null_name,                                                   \
      (cboto_sqs_create_queue(                                                \
          cl, &(struct cboto_sqs_create_queue_params){.queue_name = NULL},    \
          out)))                                                              \
    X(sqs_create_empty_name,                                                  \
      (cboto_sqs_create_queue(                                                \
          cl, &(struct cboto_sqs_create_queue_params){.queue_name = ""},      \
          out)))                                                              \
    X(sqs_create_name_too_long,                                               \
      (cboto_sqs_create_queue(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_create_queue_params){.queue_name = s_at(0, 81)}, \
          out)))                                                              \
    X(sqs_create_name_bad_chars,                                              \
      (cboto_sqs_create_queue(                                                \
          cl, &(struct cboto_sqs_create_queue_params){.queue_name = "a b/c"}, \
          out)))                                                              \
    X(sqs_get_url_empty_name,                                                 \
      (cboto_sqs_get_queue_url(                                               \
          cl, &(struct cboto_sqs_get_queue_url_params){.queue_name = ""},     \
          out)))                                                              \
    X(sqs_list_queues_1001,                                                   \
      (cboto_sqs_list_queues(                                                 \
          cl, &(struct cboto_sqs_list_queues_params){.max_results = 1001},    \
          out)))                                                              \
    X(sqs_delete_queue_null_url,                                              \
      (cboto_sqs_delete_queue(cl, &(struct cboto_sqs_queue_params){NULL},     \
                              out)))                                          \
    X(sqs_purge_queue_not_a_url,                                              \
      (cboto_sqs_purge_queue(                                                 \
          cl, &(struct cboto_sqs_queue_params){"not a url"}, out)))           \
    X(sqs_purge_queue_ftp_url,                                                \
      (cboto_sqs_purge_queue(                                                 \
          cl, &(struct cboto_sqs_queue_params){"ftp://h/1/q"}, out)))         \
    X(sqs_set_attributes_none,                                                \
      (cboto_sqs_set_queue_attributes(                                        \
          cl, &(struct cboto_sqs_set_attributes_params){.queue_url = Q},      \
          out)))                                                              \
    X(sqs_untag_no_keys,                                                      \
      (cboto_sqs_untag_queue(                                                 \
          cl, &(struct cboto_sqs_untag_params){.queue_url = Q}, out)))        \
    X(sqs_send_null_body,                                                     \
      (cboto_sqs_send_message(                                                \
          cl, &(struct cboto_sqs_send_params){.queue_url = Q}, out)))         \
    X(sqs_send_empty_body,                                                    \
      (cboto_sqs_send_message(                                                \
          cl, &(struct cboto_sqs_send_params){.queue_url = Q, .body = ""},    \
          out)))                                                              \
    X(sqs_send_body_too_long,                                                 \
      (cboto_sqs_send_message(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_send_params){                                    \
              .queue_url = Q,                                                 \
              .body = s_at(0, CBOTO_SQS_MAX_MESSAGE_BYTES + 1)},              \
          out)))                                                              \
    X(sqs_send_body_bad_utf8,                                                 \
      (cboto_sqs_send_message(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_send_params){.queue_url = Q, .body = "a\xc3"},   \
          out)))                                                              \
    X(sqs_send_body_control_char,                                             \
      (cboto_sqs_send_message(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_send_params){.queue_url = Q, .body = "a\x01z"},  \
          out)))                                                              \
    X(sqs_send_delay_901,                                                     \
      (cboto_sqs_send_message(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_send_params){.queue_url = Q,                     \
                                          .body = "x",                        \
                                          .delay_set = 1,                     \
                                          .delay_seconds = 901},              \
          out)))                                                              \
    X(sqs_send_delay_negative,                                                \
      (cboto_sqs_send_message(                                                \
          cl,                                                                 \
          &(struct cboto_sqs_send_params){.queue_url = Q,                     \
                                          .body = "x",                        \
                                          .delay_set = 1,                     \
                                          .delay_seconds = -1},               \
          out)))                                                              \
    X(sqs_send_fifo_without_group,                                            \
      (cboto_sqs_send_message(cl,                                             \
                              &(struct cboto_sqs_send_params){                \
                                  .queue_url = Q ".fifo", .body = "x"},       \
                              out)))                                          \
    X(sqs_send_batch_empty,                                                   \
      (cboto_sqs_send_message_batch(                                          \
          cl, &(struct cboto_sqs_send_batch_params){.queue_url = Q}, out)))   \
    X(sqs_send_batch_11,                                                      \
      (cboto_sqs_send_message_batch(                                          \
          cl,                                                                 \
          &(struct cboto_sqs_send_batch_params){                              \
              .queue_url = Q, .entries = s_entries11, .n_entries = 11},       \
          out)))                                                              \
    X(sqs_send_batch_repeated_id,                                             \
      (cboto_sqs_send_message_batch(                                          \
          cl,                                                                 \
          &(struct cboto_sqs_send_batch_params){                              \
              .queue_url = Q, .entries = s_dup_entries, .n_entries = 2},      \
          out)))                                                              \
    X(sqs_send_batch_bad_id,                                                  \
      (cboto_sqs_send_message_batch(                                          \
          cl,                                                                 \
          &(struct cboto_sqs_send_batch_params){                              \
              .queue_url = Q,                                                 \
              .entries =                                                      \
                  &(struct cboto_sqs_send_params){.id = "a b", .body = "x"},  \
              .n_entries = 1},                                                \
          out)))                                                              \
    X(sqs_receive_null_url,                                                   \
      (cboto_sqs_receive_message(                                             \
          cl,                                                                 \
          &(struct cboto_sqs_receive_params){.max_number_of_messages = 1},    \
          out)))                                                              \
    X(sqs_receive_11_messages,                                                \
      (cboto_sqs_receive_message(                                             \
          cl,                                                                 \
          &(struct cboto_sqs_receive_params){.queue_url = Q,                  \
                                             .max_number_of_messages = 11},   \
          out)))                                                              \
    X(sqs_receive_negative_messages,                                          \
      (cboto_sqs_receive_message(                                             \
          cl,                                                                 \
          &(struct cboto_sqs_receive_params){.queue_url = Q,                  \
                                             .max_number_of_messages = -1},   \
          out)))                                                              \
    X(sqs_receive_wait_21,                                                    \
      (cboto_sqs_receive_message(                                             \
          cl,                                                                 \
          &(struct cboto_sqs_receive_params){                                 \
              .queue_url = Q, .wait_set = 1, .wait_time_seconds = 21},        \
          out)))                                                              \
    X(sqs_receive_visibility_43201,                                           \
      (cboto_sqs_receive_message(                                             \
          cl,                                                                 \
          &(struct cboto_sqs_receive_params){.queue_url = Q,                  \
                                             .visibility_set = 1,             \
                                             .visibility_timeout = 43201},    \
          out)))                                                              \
    X(sqs_delete_message_null_handle,                                         \
      (cboto_sqs_delete_message(                                              \
          cl, &(struct cboto_sqs_handle_params){.queue_url = Q}, out)))       \
    X(sqs_delete_message_empty_handle,                                        \
      (cboto_sqs_delete_message(cl,                                           \
                                &(struct cboto_sqs_handle_params){            \
                                    .queue_url = Q, .receipt_handle = ""},    \
                                out)))                                        \
    X(sqs_change_visibility_43201,                                            \
      (cboto_sqs_change_message_visibility(                                   \
          cl,                                                                 \
          &(struct cboto_sqs_handle_params){.queue_url = Q,                   \
                                            .receipt_handle = "rh",           \
                                            .visibility_timeout = 43201},     \
          out)))                                                              \
    X(sqs_change_visibility_negative,                                         \
      (cboto_sqs_change_message_visibility(                                   \
          cl,                                                                 \
          &(struct cboto_sqs_handle_params){.queue_url = Q,                   \
                                            .receipt_handle = "rh",           \
                                            .visibility_timeout = -1},        \
          out)))                                                              \
    X(sqs_delete_batch_11,                                                    \
      (cboto_sqs_delete_message_batch(                                        \
          cl,                                                                 \
          &(struct cboto_sqs_handle_batch_params){                            \
              .queue_url = Q, .entries = s_handles11, .n_entries = 11},       \
          out)))                                                              \
    X(sqs_delete_batch_empty,                                                 \
      (cboto_sqs_delete_message_batch(                                        \
          cl, &(struct cboto_sqs_handle_batch_params){.queue_url = Q}, out)))

#define CASE_FN(name, call)                                                   \
    static int case_##name(struct cboto_client *cl,                           \
                           struct cboto_request **out)                        \
    {                                                                         \
        (void)cl;                                                             \
        (void)out;                                                            \
        return call;                                                          \
    }
CASES(CASE_FN)

struct bad_case {
    const char *name;
    int (*fn)(struct cboto_client *cl, struct cboto_request **out);
};

#define CASE_ROW(name, call) {#name, case_##name},
static const struct bad_case s_cases[] = {CASES(CASE_ROW)};

static int new_client(struct cboto_allocator *a, struct cboto_client **cl)
{
    struct cboto_client_options o;

    memset(&o, 0, sizeof o);
    o.endpoint_url = "http://127.0.0.1:9";
    o.access_key_id = "AKIDEXAMPLE";
    o.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    o.ignore_environment = 1;
    o.allocator = a;
    return cboto_client_new(&o, cl);
}

/* Run one case in a child process, so that a builder that crashes on a
 * NULL it should refuse fails its own row and not the whole table.  The
 * child checks the code, *out and the allocation count, says why on
 * stderr and exits 0 (right) or 1 (wrong). */
static int run_case(struct cboto_client *cl, const struct bad_case *c,
                    char *why, size_t why_size)
{
    static int sentinel;
    pid_t pid;
    int status;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0) {
        snprintf(why, why_size, "fork failed");
        return 0;
    }
    if (pid == 0) {
        struct cboto_request *rq = (struct cboto_request *)&sentinel;
        long live = s_test_alloc.live;
        int rc = c->fn(cl, &rq);
        int ok = rc == CBOTO_EINVAL &&
                 rq == (struct cboto_request *)&sentinel &&
                 s_test_alloc.live == live;

        if (!ok)
            fprintf(stderr, "  %s: got %s, out %s, %ld block(s) kept\n",
                    c->name, cboto_err_name(rc),
                    rq == (struct cboto_request *)&sentinel ? "untouched"
                                                            : "WRITTEN",
                    s_test_alloc.live - live);
        fflush(stderr);
        _exit(ok ? 0 : 1);
    }
    if (waitpid(pid, &status, 0) != pid) {
        snprintf(why, why_size, "waitpid failed");
        return 0;
    }
    if (WIFSIGNALED(status)) {
        snprintf(why, why_size, "CRASHED with signal %d", WTERMSIG(status));
        return 0;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, why_size, "wrong answer or sanitizer report (exit %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return 0;
    }
    return 1;
}

static int test_bad_input_table(struct cboto_allocator *a)
{
    struct cboto_client *cl = NULL;
    size_t i;

    fill_tables();
    ASSERT_OK(new_client(a, &cl));
    for (i = 0; i < sizeof s_cases / sizeof s_cases[0]; i++) {
        char why[128] = "";
        int ok = run_case(cl, &s_cases[i], why, sizeof why);

        if (!ok && why[0])
            fprintf(stderr, "  %s: %s\n", s_cases[i].name, why);
        test_case(s_cases[i].name, ok);
    }
    /* Nothing was built in this process, so the client can go. */
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

/* The same builders accept the boundary values, so the table above fails
 * for the reason it names and not for a typo in the fixed parts. */
static int test_valid_input_builds(struct cboto_allocator *a)
{
    struct cboto_client *cl = NULL;
    struct cboto_request *rq[12];
    size_t n = 0, i;

    fill_tables();
    ASSERT_OK(new_client(a, &cl));
    ASSERT_OK(
        cboto_s3_get_object(cl,
                            &(struct cboto_s3_get_params){
                                .bucket = s_at(0, 63), .key = s_at(1, 1024)},
                            &rq[n++]));
    ASSERT_OK(cboto_s3_upload_part(
        cl,
        &(struct cboto_s3_upload_part_params){
            .bucket = B, .key = K, .upload_id = "u", .part_number = 10000},
        &rq[n++]));
    ASSERT_OK(cboto_s3_delete_objects(
        cl,
        &(struct cboto_s3_delete_objects_params){
            .bucket = B, .keys = s_keys1001, .n_keys = 1000},
        &rq[n++]));
    ASSERT_OK(cboto_sdb_create_domain(
        cl, &(struct cboto_sdb_domain_params){s_at(2, 255)}, &rq[n++]));
    ASSERT_OK(cboto_sdb_put_attributes(
        cl,
        &(struct cboto_sdb_put_params){.domain = "dom",
                                       .item = s_at(3, 1024),
                                       .attrs = s_attrs257,
                                       .n_attrs = 256},
        &rq[n++]));
    ASSERT_OK(cboto_sdb_list_domains(
        cl, &(struct cboto_sdb_list_domains_params){.max_domains = 100},
        &rq[n++]));
    ASSERT_OK(cboto_sdb_select(
        cl, &(struct cboto_sdb_select_params){"select * from `dom`", NULL, 0},
        &rq[n++]));
    ASSERT_OK(cboto_sqs_create_queue(
        cl, &(struct cboto_sqs_create_queue_params){.queue_name = s_at(4, 80)},
        &rq[n++]));
    ASSERT_OK(cboto_sqs_send_message(
        cl,
        &(struct cboto_sqs_send_params){
            .queue_url = Q,
            .body = s_at(0, CBOTO_SQS_MAX_MESSAGE_BYTES),
            .delay_set = 1,
            .delay_seconds = 900},
        &rq[n++]));
    ASSERT_OK(cboto_sqs_receive_message(
        cl,
        &(struct cboto_sqs_receive_params){.queue_url = Q,
                                           .max_number_of_messages = 10,
                                           .wait_set = 1,
                                           .wait_time_seconds = 20,
                                           .visibility_set = 1,
                                           .visibility_timeout = 43200},
        &rq[n++]));
    ASSERT_OK(cboto_sqs_send_message_batch(
        cl,
        &(struct cboto_sqs_send_batch_params){
            .queue_url = Q, .entries = s_dup_entries, .n_entries = 1},
        &rq[n++]));
    for (i = 0; i < n; i++)
        cboto_request_release(rq[i]);
    ASSERT_OK(cboto_client_free(cl));
    return 0;
}

HARNESS_MAIN(TEST_LIST)
