/* analysis/histogram.h - a log-bucketed histogram of durations (latencies).
 *
 * Values are non-negative nanosecond counts.  Below 128 ns every value has its own
 * bucket; above, each power of two is split into 128 buckets of equal width, so a
 * bucket's width is at most 1/128 of its lower bound.  A quantile is interpolated
 * inside the bucket holding it (its values taken as evenly spread), so that samples
 * whose quantile falls in the same bucket still give different values: the error is
 * less than the bucket's width, at most 1/128 (0.78 %) of the value whatever the
 * scale, and much less when the bucket holds many values of a smooth distribution.  Histograms merge by adding counts, so replications can be pooled.
 * The sum of the values is kept exactly, for the mean.  64 KiB each.
 */
#ifndef HAPGSIM_ANALYSIS_HISTOGRAM_H
#define HAPGSIM_ANALYSIS_HISTOGRAM_H

#include "sim/time.h"

#include <glib.h>
#include <stdint.h>

#define ANA_HIST_SUB_BITS 7
#define ANA_HIST_BUCKETS ((64 - ANA_HIST_SUB_BITS + 1) << ANA_HIST_SUB_BITS)
/* bound on a quantile's relative error: one bucket width over its lower bound */
#define ANA_HIST_REL_ERROR (1.0 / (1 << ANA_HIST_SUB_BITS))

typedef struct {
    uint64_t count;
    double sum;              /* of the values, in ns */
    uint64_t bucket[ANA_HIST_BUCKETS];
} AnaHistogram;

void ana_histogram_init(AnaHistogram *h);

static inline uint32_t ana_histogram_index(uint64_t v)
{
    if (v < (1u << ANA_HIST_SUB_BITS))
        return (uint32_t)v;
    uint32_t e = 63u - (uint32_t)__builtin_clzll(v);          /* >= SUB_BITS */
    uint32_t sub = (uint32_t)(v >> (e - ANA_HIST_SUB_BITS)) & ((1u << ANA_HIST_SUB_BITS) - 1);
    return ((e - ANA_HIST_SUB_BITS + 1) << ANA_HIST_SUB_BITS) | sub;
}

static inline void ana_histogram_add(AnaHistogram *h, SimTime v)
{
    uint64_t x = v > 0 ? (uint64_t)v : 0;
    h->bucket[ana_histogram_index(x)]++;
    h->count++;
    h->sum += (double)x;
}

void ana_histogram_merge(AnaHistogram *into, const AnaHistogram *from);

/* The q-quantile (0 <= q <= 1) in ns: the value of rank r = ceil(q * count) (rank 1
 * for q = 0), placed inside its bucket of m values at lower + width * (k - 0.5) / m,
 * k being r's rank within the bucket (exact below 128 ns).  NAN when empty. */
double ana_histogram_quantile(const AnaHistogram *h, double q);

/* Lower bound and width of bucket i, in ns. */
void ana_histogram_bucket(uint32_t i, double *lower, double *width);

#endif
