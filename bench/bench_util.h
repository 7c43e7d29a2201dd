/* SPDX-License-Identifier: MIT */
/*
 * Shared by the C drivers: a measurement window (wall clock, getrusage CPU
 * of the whole process, peak RSS) and the one-line result format run.sh
 * collects:
 *
 *   RESULT <test> <impl> n=<requests> wall=<s> cpu=<s> rss_kb=<kb> bytes=<B>
 */
#ifndef CBOTO_BENCH_UTIL_H
#define CBOTO_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#if defined(BENCH_CALLGRIND)
#include <valgrind/callgrind.h>
#define BENCH_CG_ON()  CALLGRIND_TOGGLE_COLLECT
#define BENCH_CG_OFF() CALLGRIND_TOGGLE_COLLECT
#else
#define BENCH_CG_ON()  ((void)0)
#define BENCH_CG_OFF() ((void)0)
#endif

struct bench_win {
    double wall0, cpu0;
    long rss0_kb;
};

static inline double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double bench_cpu(long *maxrss_kb)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    if (maxrss_kb)
        *maxrss_kb = ru.ru_maxrss;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Current resident set (not the peak), from /proc/self/statm. */
static inline long bench_rss_now_kb(void)
{
    long pages = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * 4;
}

static inline void bench_start(struct bench_win *w)
{
    w->cpu0 = bench_cpu(&w->rss0_kb);
    w->wall0 = bench_now();
}

static inline void bench_report(const struct bench_win *w, const char *test,
                                const char *impl, long n,
                                unsigned long long bytes)
{
    long rss;
    double wall = bench_now() - w->wall0;
    double cpu = bench_cpu(&rss) - w->cpu0;

    printf("RESULT %s %s n=%ld wall=%.6f cpu=%.6f rss_kb=%ld bytes=%llu\n",
           test, impl, n, wall, cpu, rss, bytes);
    fflush(stdout);
}

static inline long bench_atol(const char *s, long dflt)
{
    return s ? strtol(s, NULL, 10) : dflt;
}

#endif
