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
/* The same with an interval of confidence 1 - alpha (0 < alpha < 1) instead of 95 %. */
void ana_aggregate_alpha(const double *values, guint count, guint stride, double alpha,
                         AnaAggregate *out);

/* Mean and sample variance (one pass, Welford) of the values among values[0],
 * values[stride], ... (count of them) that are not NAN: returns the mean (NAN when
 * there is none), sets *n to their number and *var to the variance (NAN when n < 2);
 * n and var may be NULL.  ana_aggregate is built on it. */
double ana_mean_var(const double *values, guint count, guint stride, guint *n, double *var);

/* An availability in nines: -log10(1 - a); NAN when a is NAN or >= 1. */
double ana_nines(double a);

/* availability.nines from availability.time's aggregate: ana_nines applied to the
 * mean and to both bounds of the interval (a lower bound below 0 gives 0, an upper
 * bound >= 1 infinity); stddev NAN; mean NAN when x = 1. */
void ana_aggregate_nines(const AnaAggregate *availability, AnaAggregate *out);

/* The p-quantile of Student's t with `dof` degrees of freedom. */
double ana_t_quantile(double p, double dof);

/* Half-width of the aggregate's interval (NAN when undefined). */
static inline double ana_aggregate_halfwidth(const AnaAggregate *a) { return (a->hi - a->lo) / 2; }

#endif
