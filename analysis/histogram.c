/* analysis/histogram.c - log-bucketed histogram: merging and quantiles. */
#include "analysis/histogram.h"

#include <math.h>
#include <string.h>

void ana_histogram_init(AnaHistogram *h)
{
    memset(h, 0, sizeof *h);
}

void ana_histogram_merge(AnaHistogram *into, const AnaHistogram *from)
{
    if (from->count == 0)
        return;                          /* nothing was added: every bucket is 0 */
    into->count += from->count;
    into->sum += from->sum;
    for (uint32_t i = 0; i < ANA_HIST_BUCKETS; i++)
        into->bucket[i] += from->bucket[i];
}

void ana_histogram_bucket(uint32_t i, double *lower, double *width)
{
    const uint32_t sub_n = 1u << ANA_HIST_SUB_BITS;
    if (i < sub_n) {
        *lower = i;
        *width = 1;
        return;
    }
    uint32_t e = (i >> ANA_HIST_SUB_BITS) + ANA_HIST_SUB_BITS - 1, sub = i & (sub_n - 1);
    *width = ldexp(1.0, (int)(e - ANA_HIST_SUB_BITS));
    *lower = (double)(sub_n + sub) * *width;
}

double ana_histogram_quantile(const AnaHistogram *h, double q)
{
    if (h->count == 0)
        return NAN;
    if (q < 0) q = 0;
    if (q > 1) q = 1;
    uint64_t rank = (uint64_t)ceil(q * (double)h->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (uint32_t i = 0; i < ANA_HIST_BUCKETS; i++) {
        if (seen + h->bucket[i] >= rank) {
            double lo, w;
            ana_histogram_bucket(i, &lo, &w);
            if (w == 1)
                return lo;                  /* one value per bucket: exact */
            /* the bucket's values taken as spread evenly over it: the k-th of m sits
             * at the middle of the k-th of m equal slices */
            double k = (double)(rank - seen), m = (double)h->bucket[i];
            return lo + w * (k - 0.5) / m;
        }
        seen += h->bucket[i];
    }
    return NAN;
}
