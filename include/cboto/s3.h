/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_S3_H
#define CBOTO_S3_H

/*
 * Amazon S3: request builders and typed results.
 *
 * Every builder is pure: it validates its parameters (a bad bucket name or a
 * missing key is CBOTO_EINVAL before any I/O), copies them, and returns a new
 * unsigned request holding one reference.  Send it with either executor;
 * signing happens at send time.  Results are read from the response with the
 * accessors below, which return NULL when the response is of another kind
 * or carries no result (an error response).
 *
 * Addressing: with the client's CBOTO_S3_ADDRESSING_AUTO, a DNS-compatible
 * bucket on an AWS endpoint is addressed virtual-hosted
 * (https://bucket.s3.region.amazonaws.com/key); custom endpoints, IP
 * addresses, localhost and names with dots or capitals use path style.
 */

#include <cboto/common.h>

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_client;
struct cboto_request;
struct cboto_response;

/* ---- parameters ---------------------------------------------------------- */

/** Parameters for cboto_s3_create_bucket(). Zero-initialise. */
struct cboto_s3_bucket_params {
    const char *bucket; /**< required; copied */
    /** CreateBucket only: region for the LocationConstraint; NULL means the
     *  client's region (no constraint is sent for us-east-1). */
    const char *location;
};

/** Parameters for cboto_s3_put_object(). Zero-initialise. */
struct cboto_s3_put_params {
    const char *bucket;       /**< required; copied */
    const char *key;          /**< required, 1..1024 bytes of UTF-8; copied */
    const char *content_type; /**< NULL: application/octet-stream */
    /** The body is set on the request afterwards with one of the
     *  cboto_request_set_body*() functions; no body means 0 bytes. */
    int unsigned_payload; /**< sign UNSIGNED-PAYLOAD instead of hashing */
};

/** Parameters for cboto_s3_get_object() and cboto_s3_head_object(). */
struct cboto_s3_get_params {
    const char *bucket; /**< required; copied */
    const char *key;    /**< required; copied */
    /** With last_byte: an inclusive byte range; has_range must be set. */
    uint64_t first_byte;
    uint64_t last_byte; /**< UINT64_MAX: to the end */
    int has_range;
    const char *if_match;      /**< ETag; copied; NULL: none */
    const char *if_none_match; /**< ETag; copied; NULL: none */
    time_t if_modified_since;  /**< 0: none */
    time_t if_unmodified_since; /**< 0: none */
    const char *version_id;    /**< NULL: latest */
};

/** Parameters for cboto_s3_delete_object(). */
struct cboto_s3_delete_params {
    const char *bucket;     /**< required; copied */
    const char *key;        /**< required; copied */
    const char *version_id; /**< NULL: latest */
};

/** Parameters for cboto_s3_list_objects_v2(). Zero-initialise. */
struct cboto_s3_list_params {
    const char *bucket;             /**< required; copied */
    const char *prefix;             /**< NULL: none */
    const char *delimiter;          /**< NULL: none (e.g. "/") */
    const char *continuation_token; /**< from a previous page; NULL: first */
    const char *start_after;        /**< NULL: none */
    int max_keys;                   /**< 0: the service default (1000) */
    int fetch_owner;                /**< non-zero: include owners */
};

/* ---- results ------------------------------------------------------------- */

/** One object of a listing.  Strings live as long as the response. */
struct cboto_s3_object {
    const char *key;           /**< decoded exactly as stored */
    uint64_t size;
    const char *etag;          /**< as S3 sends it, with its quotes */
    const char *last_modified; /**< ISO 8601 text as sent */
    time_t last_modified_time; /**< the same, parsed; 0 if unparsable */
    const char *storage_class; /**< or NULL */
    const char *owner_id;      /**< fetch_owner only; else NULL */
    const char *owner_name;    /**< fetch_owner only; else NULL */
};

/** A ListObjectsV2 (or v1) page.  Lives as long as the response. */
struct cboto_s3_list_result {
    const char *bucket;                  /**< <Name> */
    const char *prefix;                  /**< or NULL */
    const char *delimiter;               /**< or NULL */
    const char *start_after;             /**< or NULL */
    const char *continuation_token;      /**< as sent back, or NULL */
    const char *next_continuation_token; /**< set when is_truncated */
    const char *marker;                  /**< v1 only */
    const char *next_marker;             /**< v1 only */
    int is_truncated;
    int key_count;
    int max_keys;
    const struct cboto_s3_object *objects;
    size_t n_objects;
    const char *const *common_prefixes;
    size_t n_common_prefixes;
};

/** A bucket of ListBuckets. */
struct cboto_s3_bucket {
    const char *name;
    const char *creation_date;
};

/** The ListBuckets result. */
struct cboto_s3_bucket_list {
    const char *owner_id;
    const char *owner_name;
    const struct cboto_s3_bucket *buckets;
    size_t n_buckets;
};

/** What HeadObject and GetObject say about the object (from headers). */
struct cboto_s3_object_info {
    uint64_t content_length; /**< bytes of this response's body */
    const char *etag;
    const char *content_type;
    const char *last_modified; /**< HTTP date as sent */
    time_t last_modified_time;
    const char *version_id;
    const char *storage_class;
    const char *content_range; /**< for ranged GETs */
    /** x-amz-meta-* headers, names without the prefix, lower-case. */
    const char *const *meta_names;
    const char *const *meta_values;
    size_t n_meta;
};

/** What PutObject returns. */
struct cboto_s3_put_result {
    const char *etag;
    const char *version_id; /**< or NULL */
};

/* ---- builders ------------------------------------------------------------ */

/**
 * Check a bucket name against S3's rules before any I/O.
 *
 * @param why  receives a static text naming the rule that failed (may be
 *             NULL)
 * @return CBOTO_OK or CBOTO_EINVAL
 */
CBOTO_API int cboto_s3_validate_bucket(const char *bucket, const char **why);

/**
 * Build CreateBucket.  Outside us-east-1 a CreateBucketConfiguration body
 * with the LocationConstraint is sent.
 *
 * @return CBOTO_OK; CBOTO_EINVAL for a bad bucket name; CBOTO_ENOMEM.
 *         On error *out is not written.
 */
CBOTO_API int cboto_s3_create_bucket(struct cboto_client *cl,
                                     const struct cboto_s3_bucket_params *p,
                                     struct cboto_request **out);

/** Build DeleteBucket (the bucket must be empty). Codes as above. */
CBOTO_API int cboto_s3_delete_bucket(struct cboto_client *cl,
                                     const struct cboto_s3_bucket_params *p,
                                     struct cboto_request **out);

/** Build ListBuckets; read the answer with cboto_s3_bucket_list_result(). */
CBOTO_API int cboto_s3_list_buckets(struct cboto_client *cl,
                                    struct cboto_request **out);

/**
 * Build PutObject.  Set the body on the returned request with
 * cboto_request_set_body(), cboto_request_set_body_fd() or
 * cboto_request_set_body_fn() before sending.
 *
 * @return CBOTO_OK; CBOTO_EINVAL for a bad bucket name or a missing or
 *         over-long key; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_s3_put_object(struct cboto_client *cl,
                                  const struct cboto_s3_put_params *p,
                                  struct cboto_request **out);

/**
 * Build GetObject.  The object's bytes go to the request's sink (memory by
 * default, capped by the client's max_response_bytes; see
 * cboto_request_set_sink_*()); cboto_s3_object_info_result() gives the
 * metadata.
 */
CBOTO_API int cboto_s3_get_object(struct cboto_client *cl,
                                  const struct cboto_s3_get_params *p,
                                  struct cboto_request **out);

/** Build HeadObject; the answer is read with cboto_s3_object_info_result().
 *  A missing key answers 404 with no body: the error code is "NotFound". */
CBOTO_API int cboto_s3_head_object(struct cboto_client *cl,
                                   const struct cboto_s3_get_params *p,
                                   struct cboto_request **out);

/** Build DeleteObject (S3 answers 204 whether or not the key existed). */
CBOTO_API int cboto_s3_delete_object(struct cboto_client *cl,
                                     const struct cboto_s3_delete_params *p,
                                     struct cboto_request **out);

/** Build one page of ListObjectsV2; read it with cboto_s3_list_result(). */
CBOTO_API int cboto_s3_list_objects_v2(struct cboto_client *cl,
                                       const struct cboto_s3_list_params *p,
                                       struct cboto_request **out);

/* ---- result accessors ------------------------------------------------------ */

/** The listing page, or NULL when resp is not a successful listing. */
CBOTO_API const struct cboto_s3_list_result *
cboto_s3_list_result(const struct cboto_response *resp);

/** The bucket list, or NULL. */
CBOTO_API const struct cboto_s3_bucket_list *
cboto_s3_bucket_list_result(const struct cboto_response *resp);

/** Object metadata of a HeadObject or GetObject, or NULL. */
CBOTO_API const struct cboto_s3_object_info *
cboto_s3_object_info_result(const struct cboto_response *resp);

/** The PutObject result, or NULL. */
CBOTO_API const struct cboto_s3_put_result *
cboto_s3_put_result(const struct cboto_response *resp);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_S3_H */
