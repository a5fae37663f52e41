/* analysis/stats.h - statistics over replications.
 *
 * An aggregate is the mean, the sample standard deviation and the 95 % confidence
 * interval of the mean by Student's t with n - 1 degrees of freedom, over the
 * replications where the metric is defined (NAN values are skipped); n counts them.
 * With n = 1 the standard deviation and the interval are undefined (NAN).
 */
#ifndef HAPGSIM_ANALYSIS_STATS_H
#define HAPGSIM_ANALYSIS_STATS_H

#include <glib.h>

typedef struct {
    double mean, stddev, lo, hi;   /* NAN when undefined */
    guint n;
} AnaAggregate;

/* Aggregates values[0], values[stride], ... (count of them). */
void ana_aggregate(const double *values, guint count, guint stride, AnaAggregate *out);

/* availability.nines from availability.time's aggregate: -log10(1 - x) applied to
 * the mean and to both bounds of the interval; stddev NAN; mean NAN when x = 1. */
void ana_aggregate_nines(const AnaAggregate *availability, AnaAggregate *out);

/* The p-quantile of Student's t with `dof` degrees of freedom. */
double ana_t_quantile(double p, double dof);

/* Half-width of the aggregate's interval (NAN when undefined). */
static inline double ana_aggregate_halfwidth(const AnaAggregate *a) { return (a->hi - a->lo) / 2; }

#endif
