/* analysis/stats.h - statistics over replications.
 *
 * An aggregate is the mean, the sample standard deviation and the 95 % confidence
 * interval of the mean by Student's t with n - 1 degrees of freedom, over the
 * replications where the metric is defined (NAN values are skipped); n counts them.
 * With n = 1 the standard deviation and the interval are undefined (NAN).
 *
 * The interval respects what the metric can be (its kind, metrics.h): it is cut to
 * [0, 1] for fractions and to [0, inf) for counts and other non-negative figures.
 * When every replication gave the same value (stddev 0) the data hold no information
 * on the spread: the interval is not estimable (estimable FALSE, lo = hi = NAN) rather
 * than of zero width.  For a count that was 0 in all n replications the exact one-sided
 * 95 % Poisson bound on its mean per replication is given instead: upper95 =
 * -ln(0.05) / n (about 3 / n).  Definitions: docs/metrics.md.
 */
#ifndef HAPGSIM_ANALYSIS_STATS_H
#define HAPGSIM_ANALYSIS_STATS_H

#include <glib.h>

/* What values a metric can take (metrics.h says which metric is which). */
typedef enum {
    ANA_KIND_REAL,           /* any real number */
    ANA_KIND_FRACTION,       /* within [0, 1] */
    ANA_KIND_COUNT,          /* events counted (>= 0): a zero count has a Poisson bound */
    ANA_KIND_NONNEG,         /* durations, sizes, rates (>= 0) */
} AnaKind;

typedef struct {
    double mean, stddev, lo, hi;   /* NAN when undefined */
    guint n;
    /* FALSE when the interval cannot be estimated from the data (fewer than two values,
     * or all of them equal): lo and hi are then NAN.  TRUE otherwise. */
    gboolean estimable;
    /* When not estimable: a one-sided 95 % upper bound on the mean that the data do
     * support (a count never observed: -ln(0.05) / n), or NAN. */
    double upper95;
} AnaAggregate;

/* The aggregate of nothing: every figure NAN, n 0, not estimable. */
#define ANA_AGGREGATE_NONE ((AnaAggregate){NAN, NAN, NAN, NAN, 0, FALSE, NAN})

/* -ln(0.05): the exact one-sided 95 % Poisson upper bound on a mean when no event was
 * seen in one unit of exposure. */
#define ANA_ZERO_EVENTS_BOUND95 2.995732273553991

/* Aggregates values[0], values[stride], ... (count of them): the plain t interval,
 * of zero width when every value is the same (compare's differences use it). */
void ana_aggregate(const double *values, guint count, guint stride, AnaAggregate *out);
/* The same with an interval of confidence 1 - alpha (0 < alpha < 1) instead of 95 %. */
void ana_aggregate_alpha(const double *values, guint count, guint stride, double alpha,
                         AnaAggregate *out);
/* ana_aggregate for a metric of the given kind: the interval cut to its range, not
 * estimable when every value is the same, the Poisson bound of a count never seen. */
void ana_aggregate_kind(const double *values, guint count, guint stride, AnaKind kind,
                        AnaAggregate *out);

/* Mean and sample variance (one pass, Welford) of the values among values[0],
 * values[stride], ... (count of them) that are not NAN: returns the mean (NAN when
 * there is none), sets *n to their number and *var to the variance (NAN when n < 2);
 * n and var may be NULL.  ana_aggregate is built on it. */
double ana_mean_var(const double *values, guint count, guint stride, guint *n, double *var);

/* An availability in nines: -log10(1 - a); NAN when a is NAN or >= 1. */
double ana_nines(double a);

/* availability.nines from unavailability.time's aggregate u: -log10 of its mean, and
 * the interval [-log10(u.hi), -log10(u.lo)] (u.lo = 0 gives infinity); stddev NAN.
 * Not estimable when u is not (no outage observed: the data bound the outage
 * frequency, not the unavailability); mean NAN when u's mean is 0. */
void ana_aggregate_nines(const AnaAggregate *unavailability, AnaAggregate *out);

/* The p-quantile of Student's t with `dof` degrees of freedom (the normal's beyond a
 * million; NAN for dof <= 0, NAN or p outside (0, 1)). */
double ana_t_quantile(double p, double dof);
/* P(T > t) for Student's t with `dof` degrees of freedom (same conventions). */
double ana_t_upper_tail(double t, double dof);

/* Half-width of the aggregate's interval (NAN when undefined). */
static inline double ana_aggregate_halfwidth(const AnaAggregate *a) { return (a->hi - a->lo) / 2; }

#endif
