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
struct cboto_pager;
struct cboto_request;
struct cboto_response;

/* ---- parameters --------------------------------------------------------- */

/** Parameters for cboto_s3_create_bucket(). Zero-initialise. */
struct cboto_s3_bucket_params {
    const char *bucket; /**< required; copied */
    /** CreateBucket only: region for the LocationConstraint; NULL means the
     *  client's region (no constraint is sent for us-east-1). */
    const char *location;
};

/** Integrity checks for uploads (cboto_s3_request_add_checksum()) and
 *  the algorithm of a multipart upload's part checksums. */
enum cboto_s3_checksum {
    CBOTO_S3_CHECKSUM_NONE = 0,
    CBOTO_S3_CHECKSUM_CRC32C, /**< x-amz-checksum-crc32c (Castagnoli) */
    CBOTO_S3_CHECKSUM_CRC32,  /**< x-amz-checksum-crc32 (IEEE 802.3) */
    CBOTO_S3_CHECKSUM_SHA256, /**< x-amz-checksum-sha256 */
    CBOTO_S3_CHECKSUM_MD5     /**< Content-MD5 (the classic check) */
};

/** A name/value pair: user metadata (x-amz-meta-NAME) or an object tag. */
struct cboto_s3_pair {
    const char *name;  /**< metadata: token characters only; copied */
    const char *value; /**< no CR or LF; copied */
};

/**
 * What S3 stores with an object, for PutObject, CopyObject with
 * replace_metadata, and CreateMultipartUpload.  Zero-initialise; every
 * NULL or 0 field is simply not sent.  All strings are copied.
 */
struct cboto_s3_object_attrs {
    const char *content_type;        /**< NULL: application/octet-stream */
    const char *cache_control;       /**< e.g. "max-age=3600" */
    const char *content_disposition; /**< e.g. "attachment; filename=a" */
    const char *content_encoding;    /**< e.g. "gzip" */
    const char *content_language;    /**< e.g. "en" */
    time_t expires;                  /**< the Expires header; 0: none */
    /** User metadata, sent as x-amz-meta-NAME headers. S3 stores names
     *  lower-cased; at most 2 KiB of names and values together. */
    const struct cboto_s3_pair *meta;
    size_t n_meta;
    const char *storage_class; /**< "STANDARD", "STANDARD_IA", ... */
    /** A canned ACL: "private", "public-read", "public-read-write",
     *  "authenticated-read", "aws-exec-read", "bucket-owner-read",
     *  "bucket-owner-full-control"; anything else is CBOTO_EINVAL. */
    const char *acl;
    /** Server-side encryption: "AES256" or "aws:kms" (anything else is
     *  CBOTO_EINVAL). */
    const char *sse;
    const char *sse_kms_key_id; /**< with "aws:kms" only; NULL: the default */
    /** Object tags (x-amz-tagging, URL-encoded for you); at most 10. */
    const struct cboto_s3_pair *tags;
    size_t n_tags;
};

/**
 * How the signature covers the body of a PutObject or UploadPart (the
 * x-amz-content-sha256 header).  Zero, CBOTO_S3_PAYLOAD_AUTO, is the
 * default and picks per request:
 *
 *  - a body in memory (or none) is hashed up front and the hash signed;
 *  - a descriptor or callback body over https is sent UNSIGNED-PAYLOAD
 *    (TLS protects the bytes, as the AWS SDKs reason);
 *  - a descriptor or callback body of known length over plain http is
 *    sent as CBOTO_S3_PAYLOAD_STREAMING, so the file is read once;
 *  - a callback body of unknown length is sent UNSIGNED-PAYLOAD.
 */
enum cboto_s3_payload_signing {
    CBOTO_S3_PAYLOAD_AUTO = 0,
    /** UNSIGNED-PAYLOAD: the body is not covered by the signature. */
    CBOTO_S3_PAYLOAD_UNSIGNED,
    /** The SHA-256 of the whole body is signed.  A descriptor is read
     *  twice (hashed, then sent), and on the libevent executor the hash
     *  runs on the loop thread before the request starts.  A callback
     *  body cannot be read twice: sending it fails with CBOTO_EINVAL. */
    CBOTO_S3_PAYLOAD_HASHED,
    /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD ("aws-chunked"): the body goes
     *  out in signed chunks, each hashed as it is read, so it is read once
     *  and never stalls an event loop.  Adds Content-Encoding: aws-chunked
     *  (before any content_encoding of yours, which S3 keeps) and
     *  x-amz-decoded-content-length; Content-Length counts the framing,
     *  and so do the upload figures a progress callback sees.  Needs a
     *  known length: a callback body of CBOTO_LENGTH_UNKNOWN fails with
     *  CBOTO_EINVAL when sent. */
    CBOTO_S3_PAYLOAD_STREAMING
};

/** Parameters for cboto_s3_put_object(). Zero-initialise. */
struct cboto_s3_put_params {
    const char *bucket;       /**< required; copied */
    const char *key;          /**< required, 1..1024 bytes of UTF-8; copied */
    const char *content_type; /**< NULL: application/octet-stream */
    /** The body is set on the request afterwards with one of the
     *  cboto_request_set_body*() functions; no body means 0 bytes. */
    /** Non-zero: UNSIGNED-PAYLOAD, whatever payload_signing says. */
    int unsigned_payload;
    /** Further attributes (Cache-Control, metadata, storage class, ACL,
     *  encryption, tags); may be NULL.  content_type above, when set,
     *  wins over attrs->content_type. */
    const struct cboto_s3_object_attrs *attrs;
    /** How the body is signed; 0 (CBOTO_S3_PAYLOAD_AUTO): see the enum. */
    enum cboto_s3_payload_signing payload_signing;
};

/** Parameters for cboto_s3_get_object() and cboto_s3_head_object(). */
struct cboto_s3_get_params {
    const char *bucket; /**< required; copied */
    const char *key;    /**< required; copied */
    /** With last_byte: an inclusive byte range; has_range must be set. */
    uint64_t first_byte;
    uint64_t last_byte; /**< UINT64_MAX: to the end */
    int has_range;
    const char *if_match;       /**< ETag; copied; NULL: none */
    const char *if_none_match;  /**< ETag; copied; NULL: none */
    time_t if_modified_since;   /**< 0: none */
    time_t if_unmodified_since; /**< 0: none */
    const char *version_id;     /**< NULL: latest */
    /** Ask S3 for the object's stored checksum (x-amz-checksum-mode:
     *  ENABLED).  GetObject then hashes the body as it arrives and fails
     *  with CBOTO_ECHECKSUM when it does not match the full-object
     *  checksum S3 sent (a file sink is removed, as for any failure);
     *  composite checksums of multipart objects and ranged reads are not
     *  checked.  cboto_s3_verify_checksum() checks bytes on demand. */
    int checksum_mode;
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
    /** ListObjects (v1) only: list keys after this one; NULL: first. */
    const char *marker;
};

/** One key of cboto_s3_delete_objects(). */
struct cboto_s3_object_id {
    const char *key;        /**< required; copied */
    const char *version_id; /**< NULL: the latest version */
};

/** Parameters for cboto_s3_delete_objects(). */
struct cboto_s3_delete_objects_params {
    const char *bucket;                    /**< required; copied */
    const struct cboto_s3_object_id *keys; /**< 1..1000 keys */
    size_t n_keys;
    /** Quiet mode: S3 reports only the keys it failed to delete. */
    int quiet;
};

/** Parameters for cboto_s3_copy_object(). */
struct cboto_s3_copy_params {
    const char *bucket;         /**< destination; required */
    const char *key;            /**< destination; required */
    const char *src_bucket;     /**< required */
    const char *src_key;        /**< required; any valid key */
    const char *src_version_id; /**< NULL: latest */
    /** 0 (COPY): the copy keeps the source's content type and metadata;
     *  non-zero (REPLACE): they come from attrs. */
    int replace_metadata;
    /** Storage class, ACL, encryption and tags apply in both modes; the
     *  content headers and metadata only with replace_metadata.  May be
     *  NULL. */
    const struct cboto_s3_object_attrs *attrs;
    const char *src_if_match; /**< copy only if the source ETag matches */
};

/** Parameters for cboto_s3_create_multipart_upload(). */
struct cboto_s3_create_multipart_params {
    const char *bucket;                        /**< required */
    const char *key;                           /**< required */
    const struct cboto_s3_object_attrs *attrs; /**< may be NULL */
    /** Algorithm of the part checksums (x-amz-checksum-algorithm);
     *  CBOTO_S3_CHECKSUM_NONE or _MD5: none declared. */
    enum cboto_s3_checksum checksum;
};

/** Names one multipart upload: AbortMultipartUpload, ListParts. */
struct cboto_s3_upload_ref {
    const char *bucket;     /**< required */
    const char *key;        /**< required */
    const char *upload_id;  /**< required */
    int max_parts;          /**< ListParts: 0 = the default (1000) */
    int part_number_marker; /**< ListParts: parts after this one */
};

/** Parameters for cboto_s3_upload_part() and
 *  cboto_s3_upload_part_copy(). */
struct cboto_s3_upload_part_params {
    const char *bucket;    /**< required */
    const char *key;       /**< required */
    const char *upload_id; /**< required */
    int part_number;       /**< 1..10000 */
    /* UploadPartCopy only: */
    const char *src_bucket;     /**< required for a copy */
    const char *src_key;        /**< required for a copy */
    const char *src_version_id; /**< NULL: latest */
    /** With has_range: the inclusive source byte range to copy. */
    uint64_t first_byte;
    uint64_t last_byte;
    int has_range;
    /** UploadPart only: how the part's body is signed; 0
     *  (CBOTO_S3_PAYLOAD_AUTO): see enum cboto_s3_payload_signing. */
    enum cboto_s3_payload_signing payload_signing;
};

/** One part of cboto_s3_complete_multipart_upload(). */
struct cboto_s3_completed_part {
    int part_number;      /**< 1..10000, ascending */
    const char *etag;     /**< as UploadPart returned it; copied */
    const char *checksum; /**< base64, when the upload declared one */
};

/** Parameters for cboto_s3_complete_multipart_upload(). */
struct cboto_s3_complete_params {
    const char *bucket;                          /**< required */
    const char *key;                             /**< required */
    const char *upload_id;                       /**< required */
    const struct cboto_s3_completed_part *parts; /**< 1..10000 */
    size_t n_parts;
    /** The algorithm the upload declared, naming each part's checksum
     *  element; CBOTO_S3_CHECKSUM_NONE: no part checksums. */
    enum cboto_s3_checksum checksum;
};

/** Parameters for cboto_s3_list_multipart_uploads(). */
struct cboto_s3_list_uploads_params {
    const char *bucket;           /**< required */
    const char *prefix;           /**< NULL: none */
    const char *delimiter;        /**< NULL: none */
    const char *key_marker;       /**< from a previous page */
    const char *upload_id_marker; /**< from a previous page */
    int max_uploads;              /**< 0: the default (1000) */
};

/** Parameters for cboto_s3_presign(). */
struct cboto_s3_presign_params {
    const char *bucket; /**< required */
    const char *key;    /**< required */
    const char *method; /**< "GET" (NULL) or "PUT" */
    /** Seconds the URL stays valid: 1 .. 604800 (7 days). */
    unsigned expires;
    /** PUT: a Content-Type the uploader must send (it is signed);
     *  NULL: the uploader must send none. */
    const char *content_type;
    /** The signing time; 0: now, by the client's clock. */
    time_t now;
};

/* ---- results ------------------------------------------------------------ */

/** One object of a listing.  Strings live as long as the response. */
struct cboto_s3_object {
    const char *key; /**< decoded exactly as stored */
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
    const char *cache_control; /**< NULL when absent */
    const char *content_disposition;
    const char *content_encoding;
    const char *content_language;
    const char *expires; /**< HTTP date as sent */
    const char *sse;     /**< "AES256" or "aws:kms" */
    const char *sse_kms_key_id;
    const char *checksum_crc32c; /**< with checksum_mode, when stored */
    const char *checksum_crc32;
    const char *checksum_sha256;
    int tag_count; /**< x-amz-tagging-count; 0: none */
};

/** What PutObject and UploadPart return. */
struct cboto_s3_put_result {
    const char *etag;
    const char *version_id;      /**< or NULL */
    const char *checksum_crc32c; /**< as S3 echoed them, or NULL */
    const char *checksum_crc32;
    const char *checksum_sha256;
    const char *sse; /**< x-amz-server-side-encryption */
};

/** A DeleteObjects outcome for one key. */
struct cboto_s3_delete_entry {
    const char *key;
    const char *version_id; /**< or NULL */
    const char *code;       /**< errors only: "AccessDenied", ... */
    const char *message;    /**< errors only */
};

/** The DeleteObjects result: keys deleted, and keys that failed. */
struct cboto_s3_delete_result {
    const struct cboto_s3_delete_entry *deleted;
    size_t n_deleted;
    const struct cboto_s3_delete_entry *errors;
    size_t n_errors;
};

/** CopyObject and UploadPartCopy results. */
struct cboto_s3_copy_result {
    const char *etag;
    const char *last_modified;
    const char *checksum_crc32c; /**< or NULL */
    const char *checksum_crc32;
    const char *checksum_sha256;
};

/** CreateMultipartUpload's answer. */
struct cboto_s3_multipart_upload {
    const char *bucket;
    const char *key;
    const char *upload_id;
};

/** CompleteMultipartUpload's answer. */
struct cboto_s3_complete_result {
    const char *location;
    const char *bucket;
    const char *key;
    const char *etag; /**< "<md5 of md5s>-<parts>" */
};

/** One part of a ListParts page. */
struct cboto_s3_part {
    int part_number;
    uint64_t size;
    const char *etag;
    const char *last_modified;
    const char *checksum_crc32c; /**< or NULL */
    const char *checksum_crc32;
    const char *checksum_sha256;
};

/** A ListParts page. */
struct cboto_s3_parts_result {
    const char *bucket;
    const char *key;
    const char *upload_id;
    const char *storage_class;
    int part_number_marker;
    int next_part_number_marker;
    int max_parts;
    int is_truncated;
    const struct cboto_s3_part *parts;
    size_t n_parts;
};

/** One upload of a ListMultipartUploads page. */
struct cboto_s3_upload {
    const char *key;
    const char *upload_id;
    const char *initiated;
    const char *storage_class;
};

/** A ListMultipartUploads page. */
struct cboto_s3_uploads_result {
    const char *bucket;
    const char *key_marker;
    const char *upload_id_marker;
    const char *next_key_marker;
    const char *next_upload_id_marker;
    const char *prefix;
    const char *delimiter;
    int max_uploads;
    int is_truncated;
    const struct cboto_s3_upload *uploads;
    size_t n_uploads;
    const char *const *common_prefixes;
    size_t n_common_prefixes;
};

/** GetBucketLocation's answer. */
struct cboto_s3_location_result {
    /** The region; S3 answers an empty constraint for us-east-1, which
     *  is reported as "us-east-1". */
    const char *location;
};

/* ---- builders ----------------------------------------------------------- */

/**
 * Check a bucket name against S3's rules before any I/O.
 *
 * @param why  receives a static text naming the rule that failed (may be
 *             NULL)
 * @return CBOTO_OK or CBOTO_EINVAL
 */
CBOTO_API int cboto_s3_validate_bucket(const char *bucket, const char **why);

/**
 * Split an s3://BUCKET[/KEY] URL (as the AWS CLI writes them) and check the
 * bucket against S3's rules.  Pure: no I/O, no allocation.
 *
 * @param url     the text, e.g. "s3://photos/2026/a.jpg"
 * @param bucket  receives the bucket name, NUL-terminated (64 bytes hold
 *                any valid one)
 * @param key     receives a pointer into url: the key, or "" when the URL
 *                names only the bucket
 * @param why     receives a static text saying what is wrong (may be NULL)
 * @return CBOTO_OK; CBOTO_EINVAL (not an s3:// URL, a bad bucket name, a
 *         key over 1,024 bytes); CBOTO_ETOOBIG when bucket_size is too small.
 */
CBOTO_API int cboto_s3_parse_url(const char *url, char *bucket,
                                 size_t bucket_size, const char **key,
                                 const char **why);

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

/** Build HeadBucket: 200 when the bucket exists and is yours; the
 *  region is in the "x-amz-bucket-region" response header.  A missing
 *  bucket is CBOTO_ESERVICE with the code "NotFound". */
CBOTO_API int cboto_s3_head_bucket(struct cboto_client *cl,
                                   const struct cboto_s3_bucket_params *p,
                                   struct cboto_request **out);

/** Build GetBucketLocation; read it with cboto_s3_location_result(). */
CBOTO_API int
cboto_s3_get_bucket_location(struct cboto_client *cl,
                             const struct cboto_s3_bucket_params *p,
                             struct cboto_request **out);

/** Build one page of ListObjects (v1, marker-based), for S3-compatible
 *  servers without v2; read it with cboto_s3_list_result().  Uses prefix,
 *  delimiter, max_keys and marker of p. */
CBOTO_API int cboto_s3_list_objects(struct cboto_client *cl,
                                    const struct cboto_s3_list_params *p,
                                    struct cboto_request **out);

/**
 * Pagers over every page of ListObjectsV2 (by continuation token) or
 * ListObjects v1 (by marker; when S3 sends no NextMarker the last key of
 * the page is the next marker).  Walk them with cboto_exec_paginate() or
 * cboto_evexec_paginate() (<cboto/pager.h>); read each page with
 * cboto_s3_list_result().
 *
 * @param p    the first page's parameters; copied
 * @param out  receives the pager; free it with cboto_pager_free()
 * @return CBOTO_OK; CBOTO_EINVAL (checked as the builder checks);
 *         CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_s3_list_objects_v2_pager(struct cboto_client *cl,
                               const struct cboto_s3_list_params *p,
                               struct cboto_pager **out);
CBOTO_API int cboto_s3_list_objects_pager(struct cboto_client *cl,
                                          const struct cboto_s3_list_params *p,
                                          struct cboto_pager **out);

/**
 * Build DeleteObjects: up to 1,000 keys in one request, with the
 * Content-MD5 S3 requires.  Per-key failures come back in the result's
 * errors (the request itself succeeds).
 *
 * @return CBOTO_OK; CBOTO_EINVAL for no keys, more than 1,000, a bad key
 *         (including control characters XML 1.0 cannot carry) or bucket;
 *         CBOTO_ENOMEM.
 */
CBOTO_API int
cboto_s3_delete_objects(struct cboto_client *cl,
                        const struct cboto_s3_delete_objects_params *p,
                        struct cboto_request **out);

/**
 * Build CopyObject.  The source goes in x-amz-copy-source, encoded so any
 * valid key arrives intact.  S3 can answer 200 and then fail the copy
 * with an <Error> body; that is reported as CBOTO_ESERVICE with its code.
 * Read the answer with cboto_s3_copy_result().
 */
CBOTO_API int cboto_s3_copy_object(struct cboto_client *cl,
                                   const struct cboto_s3_copy_params *p,
                                   struct cboto_request **out);

/** Build CreateMultipartUpload; read cboto_s3_multipart_upload_result(). */
CBOTO_API int cboto_s3_create_multipart_upload(
    struct cboto_client *cl, const struct cboto_s3_create_multipart_params *p,
    struct cboto_request **out);

/** Build UploadPart; set the part's bytes as the body (every part but the
 *  last must be at least 5 MiB).  cboto_s3_put_result() has its ETag. */
CBOTO_API int cboto_s3_upload_part(struct cboto_client *cl,
                                   const struct cboto_s3_upload_part_params *p,
                                   struct cboto_request **out);

/** Build UploadPartCopy (a part copied from an existing object, optionally
 *  a byte range of it); read cboto_s3_copy_result(). */
CBOTO_API int
cboto_s3_upload_part_copy(struct cboto_client *cl,
                          const struct cboto_s3_upload_part_params *p,
                          struct cboto_request **out);

/** Build CompleteMultipartUpload; read cboto_s3_complete_result().  A 200
 *  answer carrying an <Error> is CBOTO_ESERVICE. */
CBOTO_API int
cboto_s3_complete_multipart_upload(struct cboto_client *cl,
                                   const struct cboto_s3_complete_params *p,
                                   struct cboto_request **out);

/** Build AbortMultipartUpload (frees the parts uploaded so far). */
CBOTO_API int
cboto_s3_abort_multipart_upload(struct cboto_client *cl,
                                const struct cboto_s3_upload_ref *p,
                                struct cboto_request **out);

/** Build one page of ListParts; read cboto_s3_parts_result(). */
CBOTO_API int cboto_s3_list_parts(struct cboto_client *cl,
                                  const struct cboto_s3_upload_ref *p,
                                  struct cboto_request **out);

/** Build one page of ListMultipartUploads; read
 *  cboto_s3_uploads_result(). */
CBOTO_API int
cboto_s3_list_multipart_uploads(struct cboto_client *cl,
                                const struct cboto_s3_list_uploads_params *p,
                                struct cboto_request **out);

/**
 * Make a presigned URL (SigV4 query signing) for a GET or PUT of one
 * object, usable by any HTTP client (curl, a browser) without
 * credentials until it expires.  Pure: no I/O.
 *
 * @param buf   receives the NUL-terminated URL
 * @param size  bytes at buf; 4096 is always enough for a 1,024-byte key
 * @return CBOTO_OK; CBOTO_EINVAL for a bad bucket, key or method, or an
 *         expiry of 0 or over 604800 s (7 days); CBOTO_ENOCREDS;
 *         CBOTO_ETOOBIG when the URL does not fit in size bytes (buf is
 *         then ""); CBOTO_ENOMEM.
 */
CBOTO_API int cboto_s3_presign(struct cboto_client *cl,
                               const struct cboto_s3_presign_params *p,
                               char *buf, size_t size);

/* ---- integrity ---------------------------------------------------------- */

/**
 * Compute a checksum of the body already set on rq (memory or descriptor;
 * a descriptor is read with pread(), which blocks, so do this before
 * handing the request to an event loop) and add its header:
 * x-amz-checksum-crc32c / -crc32 / -sha256, or Content-MD5.  S3 rejects
 * the upload (BadDigest / InvalidRequest) when the bytes it receives do
 * not match, so a file that changes after this call cannot be stored
 * silently.  Call once per algorithm.
 *
 * @return CBOTO_OK; CBOTO_EINVAL for a callback body or an unknown
 *         algorithm; CBOTO_EIO when the descriptor is shorter than the
 *         body's length; CBOTO_ENOMEM.
 */
CBOTO_API int cboto_s3_request_add_checksum(struct cboto_request *rq,
                                            enum cboto_s3_checksum algo);

/**
 * Compute a checksum as S3 sends it (base64 of the big-endian CRC, of the
 * SHA-256 or of the MD5).
 *
 * @param out   receives the NUL-terminated base64 text
 * @param size  at least 45 bytes
 * @return CBOTO_OK; CBOTO_EINVAL for an unknown algorithm or a small
 *         buffer.
 */
CBOTO_API int cboto_s3_checksum(enum cboto_s3_checksum algo, const void *p,
                                size_t n, char *out, size_t size);

/**
 * Check the bytes of a GetObject against the full-object checksum S3 sent
 * (a GET with checksum_mode set).  Composite checksums of multipart
 * objects ("...-N") cannot be checked from the bytes alone and are
 * skipped.
 *
 * @param data      the object's bytes (e.g. cboto_response_body(resp))
 * @param verified  set to 1 when a checksum was checked, 0 when S3 sent
 *                  none that applies; may be NULL
 * @return CBOTO_OK (matches, or nothing to check); CBOTO_ECHECKSUM on a
 *         mismatch; CBOTO_EINVAL when resp is not an object response.
 */
CBOTO_API int cboto_s3_verify_checksum(const struct cboto_response *resp,
                                       struct cboto_cursor data,
                                       int *verified);

/** The same, reading length bytes of a descriptor from offset with
 *  pread() (blocking).  CBOTO_EIO when it is shorter. */
CBOTO_API int cboto_s3_verify_checksum_fd(const struct cboto_response *resp,
                                          int fd, uint64_t offset,
                                          uint64_t length, int *verified);

/* ---- result accessors --------------------------------------------------- */

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

/** The DeleteObjects result, or NULL. */
CBOTO_API const struct cboto_s3_delete_result *
cboto_s3_delete_result(const struct cboto_response *resp);

/** The CopyObject or UploadPartCopy result, or NULL. */
CBOTO_API const struct cboto_s3_copy_result *
cboto_s3_copy_result(const struct cboto_response *resp);

/** The CreateMultipartUpload result, or NULL. */
CBOTO_API const struct cboto_s3_multipart_upload *
cboto_s3_multipart_upload_result(const struct cboto_response *resp);

/** The CompleteMultipartUpload result, or NULL. */
CBOTO_API const struct cboto_s3_complete_result *
cboto_s3_complete_result(const struct cboto_response *resp);

/** The ListParts page, or NULL. */
CBOTO_API const struct cboto_s3_parts_result *
cboto_s3_parts_result(const struct cboto_response *resp);

/** The ListMultipartUploads page, or NULL. */
CBOTO_API const struct cboto_s3_uploads_result *
cboto_s3_uploads_result(const struct cboto_response *resp);

/** The GetBucketLocation result, or NULL. */
CBOTO_API const struct cboto_s3_location_result *
cboto_s3_location_result(const struct cboto_response *resp);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_S3_H */
