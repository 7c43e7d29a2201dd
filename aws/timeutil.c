/* SPDX-License-Identifier: MIT */
/* Time formatting and parsing in UTC, without the locale or TZ: AWS dates
 * are always English month names and GMT. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const s_mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const s_wday[] = {"Sun", "Mon", "Tue", "Wed",
                                     "Thu", "Fri", "Sat"};

/* The broken-down UTC time of t, by arithmetic (Howard Hinnant's
 * civil_from_days) rather than gmtime_r, which takes glibc's time-zone
 * lock on every call; the date is formatted on every signature.  A year
 * outside 0..9999 is shown as 1900, as before, so the fixed-size formats
 * below always fit. */
static void utc(time_t t, struct tm *tm)
{
    long long secs = (long long)t, days, sod, z, era, doe, yoe, y, doy, mp;

    days = secs / 86400;
    sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    memset(tm, 0, sizeof *tm);
    tm->tm_hour = (int)(sod / 3600);
    tm->tm_min = (int)(sod / 60 % 60);
    tm->tm_sec = (int)(sod % 60);
    /* 1970-01-01 was a Thursday. */
    tm->tm_wday = (int)((days % 7 + 11) % 7);
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
    y += tm->tm_mon < 2;
    tm->tm_year = (y < 0 || y > 9999) ? 0 : (int)(y - 1900);
}

/* Zero-padded decimal of v in exactly width digits; the callers' fields
 * are in range (utc() guarantees it), so nothing is cut. */
static char *put_num(char *p, int v, int width)
{
    unsigned u = (unsigned)v;
    int i;

    for (i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + u % 10);
        u /= 10;
    }
    return p + width;
}

static char *put_str(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

/* Hand-written rather than snprintf: the amz-date is formatted on every
 * SigV4 signature and vsnprintf was a measurable share of it. */
void cboto__fmt_amz_date(char out[17], time_t t)
{
    struct tm tm;
    char *p = out;

    utc(t, &tm);
    p = put_num(p, tm.tm_year + 1900, 4);
    p = put_num(p, tm.tm_mon + 1, 2);
    p = put_num(p, tm.tm_mday, 2);
    *p++ = 'T';
    p = put_num(p, tm.tm_hour, 2);
    p = put_num(p, tm.tm_min, 2);
    p = put_num(p, tm.tm_sec, 2);
    *p++ = 'Z';
    *p = '\0';
}

void cboto__fmt_iso8601(char out[21], time_t t)
{
    struct tm tm;
    char *p = out;

    utc(t, &tm);
    p = put_num(p, tm.tm_year + 1900, 4);
    *p++ = '-';
    p = put_num(p, tm.tm_mon + 1, 2);
    *p++ = '-';
    p = put_num(p, tm.tm_mday, 2);
    *p++ = 'T';
    p = put_num(p, tm.tm_hour, 2);
    *p++ = ':';
    p = put_num(p, tm.tm_min, 2);
    *p++ = ':';
    p = put_num(p, tm.tm_sec, 2);
    *p++ = 'Z';
    *p = '\0';
}

void cboto__fmt_http_date(char out[30], time_t t)
{
    struct tm tm;
    char *p = out;

    utc(t, &tm);
    p = put_str(p, s_wday[tm.tm_wday], 3);
    p = put_str(p, ", ", 2);
    p = put_num(p, tm.tm_mday, 2);
    *p++ = ' ';
    p = put_str(p, s_mon[tm.tm_mon], 3);
    *p++ = ' ';
    p = put_num(p, tm.tm_year + 1900, 4);
    *p++ = ' ';
    p = put_num(p, tm.tm_hour, 2);
    *p++ = ':';
    p = put_num(p, tm.tm_min, 2);
    *p++ = ':';
    p = put_num(p, tm.tm_sec, 2);
    p = put_str(p, " GMT", 4);
    *p = '\0';
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

static int two_digits(const char *p, int *out)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return 0;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return 1;
}

static int is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The form every server sends, "Sun, 06 Nov 1994 08:49:37 GMT", read by
 * position: sscanf cost ~6,000 instructions per GetObject/HeadObject.
 * Returns 0 when s is not exactly that shape (the general parser then
 * decides, so what is accepted does not change). */
static int http_date_fast(const char *s, struct tm *tm)
{
    int i, hi, lo;

    if (strlen(s) != 29 || !is_alpha(s[0]) || !is_alpha(s[1]) ||
        !is_alpha(s[2]) || memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' ||
        s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
        (memcmp(s + 25, " GMT", 4) != 0 && memcmp(s + 25, " UTC", 4) != 0))
        return 0;
    if (!two_digits(s + 5, &tm->tm_mday) || !two_digits(s + 12, &hi) ||
        !two_digits(s + 14, &lo) || !two_digits(s + 17, &tm->tm_hour) ||
        !two_digits(s + 20, &tm->tm_min) || !two_digits(s + 23, &tm->tm_sec))
        return 0;
    tm->tm_year = hi * 100 + lo - 1900;
    tm->tm_mon = -1;
    for (i = 0; i < 12; i++)
        if (memcmp(s + 8, s_mon[i], 3) == 0)
            tm->tm_mon = i;
    return 1;
}

int cboto__parse_http_date(const char *s, time_t *out)
{
    struct tm tm;
    char wd[4], mon[4], tz[4];
    int i, n = 0;

    memset(&tm, 0, sizeof tm);
    if (http_date_fast(s, &tm)) {
        if (!valid_tm(&tm))
            return CBOTO_EINVAL;
        *out = cboto__timegm(&tm);
        return CBOTO_OK;
    }
    /* RFC 1123: "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (sscanf(s, "%3[A-Za-z], %d %3s %d %d:%d:%d %3s%n", wd, &tm.tm_mday, mon,
               &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz,
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

/* One "%Nd" conversion exactly as sscanf does it, so the accepted
 * language is unchanged: leading white space (not counted in the width),
 * an optional sign (counted), then at least one digit, at most width
 * characters in all. */
static const char *scan_int(const char *p, int width, int *out)
{
    int neg = 0, v = 0, nd = 0;

    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
        width--;
    }
    while (nd < width && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        p++;
        nd++;
    }
    if (nd == 0)
        return NULL;
    *out = neg ? -v : v;
    return p;
}

/* "YYYY-MM-DDTHH:MM:SS" then an optional fraction and "Z", "+00:00" or
 * nothing.  Written out instead of sscanf("%4d-%2d-%2dT%2d:%2d:%2d%n"),
 * which cost ~3,600 instructions per timestamp in a 1,000-key listing;
 * the same forms are accepted (the six fields, with scanf's white space
 * and signs, spanning exactly 19 characters). */
int cboto__parse_iso8601(const char *s, time_t *out)
{
    static const struct {
        int width;
        char sep; /* the literal after the field; 0 for the last */
    } f[6] = {{4, '-'}, {2, '-'}, {2, 'T'}, {2, ':'}, {2, ':'}, {2, 0}};
    int v[6];
    struct tm tm;
    const char *p = s;
    size_t i;

    for (i = 0; i < 6; i++) {
        p = scan_int(p, f[i].width, &v[i]);
        if (!p)
            return CBOTO_EINVAL;
        if (f[i].sep) {
            if (*p != f[i].sep)
                return CBOTO_EINVAL;
            p++;
        }
    }
    if (p - s != 19)
        return CBOTO_EINVAL;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = v[0];
    tm.tm_mon = v[1];
    tm.tm_mday = v[2];
    tm.tm_hour = v[3];
    tm.tm_min = v[4];
    tm.tm_sec = v[5];
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
