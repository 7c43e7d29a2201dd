/* SPDX-License-Identifier: MIT */
/*
 * ListBuckets into cboto_s3_bucket_list:
 *
 *   <ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
 *     <Owner><ID/><DisplayName/></Owner>
 *     <Buckets><Bucket><Name/><CreationDate/></Bucket>...</Buckets>
 *   </ListAllMyBucketsResult>
 */
#include <string.h>

#include "s3_parse_util.h"

struct buckets_state {
    const struct cboto_allocator *a;
    int root_ok;
    int in_owner;
    int in_buckets;
    int in_bucket;
    char *owner_id;
    char *owner_name;
    char *cur_name;
    char *cur_date;
    struct cboto_s3_bucket *b;
    size_t n;
    size_t cap;
};

static int buckets_init(void *st, const struct cboto_allocator *a)
{
    struct buckets_state *s = st;

    memset(s, 0, sizeof *s);
    s->a = a;
    return CBOTO_OK;
}

static int buckets_start(void *st, const char *name, int depth)
{
    struct buckets_state *s = st;

    if (depth == 1) {
        if (strcmp(name, "ListAllMyBucketsResult") != 0)
            return CBOTO_EPARSE;
        s->root_ok = 1;
    } else if (depth == 2) {
        s->in_owner = strcmp(name, "Owner") == 0;
        s->in_buckets = strcmp(name, "Buckets") == 0;
    } else if (depth == 3 && s->in_buckets && strcmp(name, "Bucket") == 0) {
        s->in_bucket = 1;
        cboto__free(s->a, s->cur_name);
        cboto__free(s->a, s->cur_date);
        s->cur_name = s->cur_date = NULL;
    }
    return CBOTO_OK;
}

static int push_bucket(struct buckets_state *s)
{
    if (!s->cur_name)
        return CBOTO_EPARSE;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 16;
        struct cboto_s3_bucket *nb;

        if (ncap > SIZE_MAX / sizeof *nb)
            return CBOTO_ENOMEM;
        nb = cboto__resize(s->a, s->b, s->cap * sizeof *nb, ncap * sizeof *nb);
        if (!nb)
            return CBOTO_ENOMEM;
        s->b = nb;
        s->cap = ncap;
    }
    s->b[s->n].name = s->cur_name;
    s->b[s->n].creation_date = s->cur_date;
    s->n++;
    s->cur_name = s->cur_date = NULL;
    return CBOTO_OK;
}

static int buckets_end(void *st, const char *name, int depth, const char *text,
                       size_t len)
{
    struct buckets_state *s = st;

    if (depth == 2) {
        s->in_owner = s->in_buckets = 0;
    } else if (depth == 3 && s->in_owner) {
        if (strcmp(name, "ID") == 0)
            return s3p_set(s->a, &s->owner_id, text, len);
        if (strcmp(name, "DisplayName") == 0)
            return s3p_set(s->a, &s->owner_name, text, len);
    } else if (depth == 3 && s->in_bucket) {
        s->in_bucket = 0;
        return push_bucket(s);
    } else if (depth == 4 && s->in_bucket) {
        if (strcmp(name, "Name") == 0)
            return s3p_set(s->a, &s->cur_name, text, len);
        if (strcmp(name, "CreationDate") == 0)
            return s3p_set(s->a, &s->cur_date, text, len);
    }
    return CBOTO_OK;
}

static int buckets_finish(void *st, int http_status,
                          const struct cboto__kvlist *headers, void **result)
{
    struct buckets_state *s = st;
    struct cboto_s3_bucket_list *r;

    CBOTO_UNUSED(http_status);
    CBOTO_UNUSED(headers);
    if (!s->root_ok)
        return CBOTO_EPARSE;
    r = cboto__calloc(s->a, 1, sizeof *r);
    if (!r)
        return CBOTO_ENOMEM;
    r->owner_id = s->owner_id;
    r->owner_name = s->owner_name;
    r->buckets = s->b;
    r->n_buckets = s->n;
    s->owner_id = s->owner_name = NULL;
    s->b = NULL;
    s->n = s->cap = 0;
    *result = r;
    return CBOTO_OK;
}

static void buckets_cleanup(void *st)
{
    struct buckets_state *s = st;
    size_t i;

    cboto__free(s->a, s->owner_id);
    cboto__free(s->a, s->owner_name);
    cboto__free(s->a, s->cur_name);
    cboto__free(s->a, s->cur_date);
    for (i = 0; i < s->n; i++) {
        s3p_free_const(s->a, s->b[i].name);
        s3p_free_const(s->a, s->b[i].creation_date);
    }
    cboto__free(s->a, s->b);
    s->owner_id = s->owner_name = s->cur_name = s->cur_date = NULL;
    s->b = NULL;
    s->n = s->cap = 0;
}

static void buckets_result_free(const struct cboto_allocator *a, void *result)
{
    struct cboto_s3_bucket_list *r = result;
    size_t i;

    if (!r)
        return;
    s3p_free_const(a, r->owner_id);
    s3p_free_const(a, r->owner_name);
    for (i = 0; i < r->n_buckets; i++) {
        s3p_free_const(a, r->buckets[i].name);
        s3p_free_const(a, r->buckets[i].creation_date);
    }
    s3p_free_const(a, r->buckets);
    cboto__free(a, r);
}

const struct cboto__parser cboto__s3_buckets_parser = {
    .name = "s3.ListBuckets",
    .result_kind = CBOTO__RESULT_S3_BUCKETS,
    .state_size = sizeof(struct buckets_state),
    .init = buckets_init,
    .start = buckets_start,
    .end = buckets_end,
    .finish = buckets_finish,
    .cleanup = buckets_cleanup,
    .result_free = buckets_result_free,
};
