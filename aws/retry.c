/* SPDX-License-Identifier: MIT */
/* The retry policy of the AWS SDKs' "standard" mode: which failures are
 * worth another attempt, and how long to wait before it. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* The throttling codes the SDKs share; a throttled call is always safe to
 * repeat because the service refused it before doing anything. */
static const char *const s_throttle[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "ServiceUnavailable", /* SimpleDB's answer under load */
    NULL,
};

static const char *const s_transient[] = {
    "RequestTimeout",  "RequestTimeoutException", "InternalError",
    "InternalFailure", "ServiceUnavailable",      NULL,
};

static int in_list(const char *const *list, const char *code)
{
    size_t i;

    if (!code)
        return 0;
    for (i = 0; list[i]; i++)
        if (strcmp(list[i], code) == 0)
            return 1;
    return 0;
}

int cboto__retry_is_throttle(const char *code)
{
    return in_list(s_throttle, code);
}

int cboto__retry_is_transient(int http_status, const char *code)
{
    if (http_status == 500 || http_status == 502 || http_status == 503 ||
        http_status == 504 || http_status == 429)
        return 1;
    return in_list(s_transient, code) || in_list(s_throttle, code);
}

int cboto__retry_curl_retryable(CURLcode cc)
{
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return 1;
    default:
        return 0;
    }
}

/* Full jitter: a uniform wait in [0, min(base * 2^attempt, 20 s)), so that
 * many clients throttled at once spread out instead of retrying together. */
long cboto__retry_delay_ms(long base_ms, int attempt, unsigned *seed)
{
    long cap = 20000, ceil = base_ms;
    int i;

    for (i = 1; i < attempt && ceil < cap; i++)
        ceil *= 2;
    if (ceil > cap)
        ceil = cap;
    if (ceil <= 1)
        return 0;
    return (long)(rand_r(seed) % (unsigned long)ceil);
}
