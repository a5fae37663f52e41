/* bench/bench_util.h - wall clock, peak memory and medians for the benchmarks. */
#ifndef HAPGSIM_BENCH_UTIL_H
#define HAPGSIM_BENCH_UTIL_H

#include <gsl/gsl_statistics_double.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident set size of this process in KiB (VmHWM), 0 if unknown. */
static inline long bench_peak_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

/* Median of v[0..n) (reorders v). */
static inline double bench_median(double *v, int n)
{
    return gsl_stats_median(v, 1, (size_t)n);
}

#endif
