/* SPDX-License-Identifier: MIT */
/* Time formatting and parsing in UTC, without the locale or TZ: AWS dates
 * are always English month names and GMT. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const s_mon[] = {"Jan", "Feb", "Mar", "Apr",
                                    "May", "Jun", "Jul", "Aug",
                                    "Sep", "Oct", "Nov", "Dec"};
static const char *const s_wday[] = {"Sun", "Mon", "Tue", "Wed",
                                     "Thu", "Fri", "Sat"};

static void utc(time_t t, struct tm *tm)
{
    gmtime_r(&t, tm);
    /* Keep every field in the range the fixed-size formats below assume. */
    if (tm->tm_year < -1900 || tm->tm_year > 9999 - 1900)
        tm->tm_year = 0;
}

/* Format into a roomy scratch buffer, then copy at most size-1 bytes: the
 * compiler cannot prove the int fields fit, we can (utc() clamps them). */
static void fmt_to(char *out, size_t size, const char *fmt, ...)
    CBOTO__PRINTF(3, 4);
static void fmt_to(char *out, size_t size, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    size_t n;

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    n = strlen(tmp);
    if (n >= size)
        n = size - 1;
    memcpy(out, tmp, n);
    out[n] = '\0';
}

void cboto__fmt_amz_date(char out[17], time_t t)
{
    struct tm tm;

    utc(t, &tm);
    fmt_to(out, 17, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void cboto__fmt_iso8601(char out[21], time_t t)
{
    struct tm tm;

    utc(t, &tm);
    fmt_to(out, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void cboto__fmt_http_date(char out[30], time_t t)
{
    struct tm tm;

    utc(t, &tm);
    fmt_to(out, 30, "%s, %02d %s %04d %02d:%02d:%02d GMT", s_wday[tm.tm_wday],
             tm.tm_mday, s_mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
}

time_t cboto__timegm(struct tm *tm)
{
    /* Days from civil (Howard Hinnant's algorithm), so no TZ is involved. */
    long long y = tm->tm_year + 1900LL, m = tm->tm_mon + 1, d = tm->tm_mday;
    long long era, yoe, doy, doe, days;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    days = era * 146097 + doe - 719468;
    return (time_t)(days * 86400 + tm->tm_hour * 3600LL + tm->tm_min * 60LL +
                    tm->tm_sec);
}

static int valid_tm(const struct tm *tm)
{
    return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
           tm->tm_mday <= 31 && tm->tm_hour >= 0 && tm->tm_hour < 24 &&
           tm->tm_min >= 0 && tm->tm_min < 60 && tm->tm_sec >= 0 &&
           tm->tm_sec <= 60;
}

int cboto__parse_http_date(const char *s, time_t *out)
{
    struct tm tm;
    char wd[4], mon[4], tz[4];
    int i, n = 0;

    memset(&tm, 0, sizeof tm);
    /* RFC 1123: "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (sscanf(s, "%3[A-Za-z], %d %3s %d %d:%d:%d %3s%n", wd, &tm.tm_mday,
               mon, &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz,
               &n) != 8 ||
        strlen(wd) != 3 || s[n] != '\0')
        return CBOTO_EINVAL;
    if (strcmp(tz, "GMT") != 0 && strcmp(tz, "UTC") != 0)
        return CBOTO_EINVAL;
    tm.tm_mon = -1;
    for (i = 0; i < 12; i++)
        if (strcmp(mon, s_mon[i]) == 0)
            tm.tm_mon = i;
    tm.tm_year -= 1900;
    if (!valid_tm(&tm))
        return CBOTO_EINVAL;
    *out = cboto__timegm(&tm);
    return CBOTO_OK;
}

int cboto__parse_iso8601(const char *s, time_t *out)
{
    struct tm tm;
    int n = 0;
    const char *p;

    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
               &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        n != 19)
        return CBOTO_EINVAL;
    p = s + n;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return CBOTO_EINVAL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0 && *p != '\0')
        return CBOTO_EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (!valid_tm(&tm))
        return CBOTO_EINVAL;
    *out = cboto__timegm(&tm);
    return CBOTO_OK;
}
