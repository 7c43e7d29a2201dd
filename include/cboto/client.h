/* SPDX-License-Identifier: MIT */
#ifndef CBOTO_CLIENT_H
#define CBOTO_CLIENT_H

/*
 * The client: region, endpoints, credentials, retry and timeout settings,
 * shared by every request built from it.
 *
 * Lifecycle and threading rules:
 *  1. cboto_client_new() resolves the configuration once, the way the AWS
 *     SDKs do: explicit options first, then the environment
 *     (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 *     AWS_PROFILE, AWS_REGION / AWS_DEFAULT_REGION, AWS_ENDPOINT_URL,
 *     AWS_ENDPOINT_URL_S3 / _SQS / _SIMPLEDB, AWS_MAX_ATTEMPTS), then the
 *     shared credentials file and the config file (~/.aws/credentials,
 *     ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE).
 *  2. A client may be used from several threads at once: builders only read
 *     it, and the signing-key cache and the clock-skew correction are
 *     guarded internally.
 *  3. Every request built from a client, and every response to one, keeps
 *     it alive: cboto_client_free() returns CBOTO_EBUSY while any such
 *     request or response exists.  (A response's memory, parsed results
 *     included, comes from the client's allocator and goes back to it.)
 *  4. Secrets are copied into the client, never printed, and wiped from
 *     memory when the client is freed.
 */

#include <cboto/common.h>

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cboto_client;

/** How S3 buckets are addressed. */
enum cboto_s3_addressing {
    /** Virtual-hosted (bucket.s3.region.amazonaws.com) for DNS-compatible
     *  bucket names on AWS endpoints; path style for custom endpoints, IP
     *  addresses, localhost and other bucket names. */
    CBOTO_S3_ADDRESSING_AUTO = 0,
    CBOTO_S3_ADDRESSING_PATH,   /**< always https://host/bucket/key */
    CBOTO_S3_ADDRESSING_VIRTUAL /**< always https://bucket.host/key */
};

/** A clock, injectable for tests: returns the current time in UTC. */
typedef time_t cboto_clock_fn(void *user_data);

/**
 * Options for cboto_client_new().  Zero-initialise; every zero or NULL field
 * means "the default, or what the environment and the AWS files say".  All
 * strings are copied.
 */
struct cboto_client_options {
    const char *region;       /**< e.g. "eu-west-1"; default us-east-1 */
    const char *endpoint_url; /**< every service, e.g. http://127.0.0.1:5000 */
    const char *profile;      /**< profile in the AWS files */
    const char *access_key_id;     /**< with secret_access_key: static keys */
    const char *secret_access_key; /**< copied, wiped on free, never shown */
    const char *session_token;     /**< temporary credentials */
    int anonymous;                 /**< non-zero: send requests unsigned */
    int ignore_environment; /**< use neither environment nor AWS files */
    enum cboto_s3_addressing s3_addressing;
    /** Appended to "cboto/VERSION" after a space: at most 512 printable
     *  ASCII characters (no CR, LF or other control bytes), else
     *  cboto_client_new() fails with CBOTO_EINVAL. */
    const char *user_agent_extra;
    long connect_timeout_ms; /**< default 10000 */
    /** Longest time without receiving a byte before a transfer fails;
     *  default 60000 (botocore's read_timeout). */
    long read_timeout_ms;
    long timeout_ms;  /**< whole transfer, per attempt; 0: no limit */
    int max_attempts; /**< first try included; default 3 (AWS standard) */
    /** Back-off base: after attempt n (1-based) the wait is a random time
     *  in [0, min(retry_base_ms * 2^(n-1), 20000)) ms. Default 1000. */
    long retry_base_ms;
    /** Largest response body kept in memory (memory sinks, XML documents);
     *  default 64 MiB.  More is CBOTO_ETOOBIG, never truncated. */
    size_t max_response_bytes;
    const char *ca_bundle;    /**< PEM file of trusted CAs; NULL: system */
    int insecure_skip_verify; /**< non-zero disables TLS checks: tests only */
    const struct cboto_allocator *allocator; /**< NULL: malloc */
    cboto_clock_fn *clock;                   /**< NULL: time() */
    void *clock_user_data;
    /** Receives a message on CBOTO_ECONFIG/CBOTO_EINVAL, such as
     *  "/home/u/.aws/config:3: expected 'key = value'".  May be NULL. */
    char *error_buf;
    size_t error_buf_size;
};

/**
 * Create a client.
 *
 * @param opts  options (may be NULL for all defaults); copied
 * @param out   receives the client; free it with cboto_client_free()
 * @return CBOTO_OK; CBOTO_EINVAL for a malformed option (a bad endpoint URL,
 *         a max_attempts out of 1..100); CBOTO_ECONFIG for a malformed AWS
 *         file or an unknown profile; CBOTO_ENOMEM.  Missing credentials are
 *         not an error here: sending a signed request then fails with
 *         CBOTO_ENOCREDS before any I/O.
 */
CBOTO_API int cboto_client_new(const struct cboto_client_options *opts,
                               struct cboto_client **out);

/**
 * Free a client.
 *
 * @return CBOTO_OK; CBOTO_EBUSY (and nothing is freed) while requests built
 *         from it, or responses to them, are alive.  NULL is a no-op
 *         returning CBOTO_OK.
 */
CBOTO_API int cboto_client_free(struct cboto_client *cl);

/** The region requests are signed for. */
CBOTO_API const char *cboto_client_region(const struct cboto_client *cl);

/** Where credentials came from: "options", "env", "shared-credentials-file",
 *  "config-file", or NULL when there are none. */
CBOTO_API const char *
cboto_client_credentials_source(const struct cboto_client *cl);

/** The clock-skew correction in seconds learnt from RequestTimeTooSkewed
 *  answers (server time minus local time); 0 until one arrives. */
CBOTO_API long cboto_client_clock_offset(const struct cboto_client *cl);

#ifdef __cplusplus
}
#endif
#endif /* CBOTO_CLIENT_H */
