/* analysis/compare.h - is a candidate better or worse than a base, metric by metric?
 *
 * Both are results written by `hapgsim run --format json`.  When they come from the
 * same seeds (each replication of the base has a replication of the candidate with
 * the same index and seed), every random source drew the same numbers in both (common
 * random numbers): the difference is judged by a paired t interval on the
 * per-replication differences, which cancels most of the noise.  Otherwise by
 * Welch's interval on the two means.  The interval has confidence 1 - alpha.
 *
 * Verdict, with the metric's direction (analysis/metrics.h) and a tolerance t >= 0
 * (a difference that does not matter): worse when the whole interval of (candidate -
 * base) lies beyond t in the bad direction, better when it lies beyond t in the good
 * one; when the interval excludes 0 but not wholly past the tolerance: "within
 * tolerance" when it lies inside the tolerance band, "inconclusive" when it reaches
 * past it (more replications would tell); no significant change when it contains 0.  Metrics without a direction are "changed"
 * instead of better or worse.
 *
 * Pairing: when every replication number present in both results carries the same
 * seed in both, and at least two are, the common replications are compared in pairs
 * (a result may have more replications than the other; the extra ones are left out).
 */
#ifndef HAPGSIM_ANALYSIS_COMPARE_H
#define HAPGSIM_ANALYSIS_COMPARE_H

#include <glib.h>

/* A result file: per-replication values of every metric. */
typedef struct {
    char *path;
    GPtrArray *metrics;      /* names (char *) */
    guint n;                 /* replications */
    guint *index;            /* [n] replication numbers */
    char **seed;             /* [n] replication seeds (text) */
    double *values;          /* [n * metrics->len], NAN for null */
    char *scenario_sha256;
} AnaResult;

AnaResult *ana_result_load(const char *path, GError **error);
void ana_result_free(AnaResult *r);

typedef enum {
    ANA_SAME,         /* the interval contains 0: no significant change */
    ANA_WITHIN,       /* significant, and the whole interval is within the tolerance */
    ANA_UNSETTLED,    /* significant, but the interval reaches past the tolerance */
    ANA_BETTER, ANA_WORSE,
    ANA_CHANGED,      /* significant beyond the tolerance, for a metric without direction */
    ANA_UNDECIDED,    /* no interval (fewer than two values) */
} AnaChange;

typedef struct {
    char *metric;
    int direction;           /* +1 higher is better, -1 lower, 0 neither */
    gboolean paired;
    guint n_base, n_cand;    /* values used (pairs when paired) */
    double base_mean, cand_mean;
    double diff, lo, hi;     /* candidate - base, and its interval (NAN if undefined) */
    double tolerance;
    AnaChange verdict;
} AnaComparison;

const char *ana_change_name(AnaChange c);

/* Tolerances: "METRIC=VALUE" (absolute) or "METRIC=VALUE%" (relative to the base mean
 * the comparison shows: of the paired replications when paired); VALUE >= 0. */
typedef struct {
    const char *const *metrics;      /* only these (NULL: every metric in both) */
    const char *const *tolerances;
    double alpha;                    /* 0 < alpha < 1 (0.05) */
} AnaCompareOptions;

/* Compares; returns the comparisons (free with ana_comparisons_free), or NULL with
 * error set (unknown metric asked for; a tolerance malformed, with a bad value or
 * naming no metric of the base, whether or not its metric is compared: every tolerance
 * is checked before anything is compared).  *paired says which test and
 * *n_paired how many replications were paired (both may be NULL). */
GPtrArray *ana_compare(const AnaResult *base, const AnaResult *cand, const AnaCompareOptions *opts,
                       gboolean *paired, guint *n_paired, GError **error);
void ana_comparisons_free(GPtrArray *comparisons);

/* The same comparison on two columns of per-replication values (tests, precision). */
void ana_compare_values(const double *base, guint n_base, const double *cand, guint n_cand,
                        gboolean paired, double alpha, int direction, double tolerance,
                        AnaComparison *out);

#endif
