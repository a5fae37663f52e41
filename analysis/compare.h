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
 *
 * Family-wise error: with m metrics tested, the chance that at least one is called
 * better or worse by chance alone is near m * alpha.  ana_compare applies Holm's
 * step-down procedure to the p-values, so that this chance stays <= alpha; a verdict
 * that does not survive it is shown, but marked not significant (family-wise).
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
    char *scenario_sha256;   /* NULL when the file has none */
    guint replications, completed;   /* as the file says (default: n) */
    gboolean interrupted;
} AnaResult;

/* Reads a result; NULL with error set on anything that is not one: malformed JSON,
 * a value of the wrong type (a metric value that is not a number or null, a seed that
 * is not a number or a string of digits, a replication number that is not a count or
 * appears twice), no per_replication array.  Never crashes on any input (fuzzed by
 * tests/fuzz/fuzz_result.c). */
AnaResult *ana_result_load(const char *path, GError **error);
/* The same from memory; `path` names it in messages. */
AnaResult *ana_result_load_data(const char *path, const char *data, gssize length, GError **error);
/* Why a result is not a complete one (no replication, interrupted, fewer completed
 * than asked for), or NULL when it is. */
const char *ana_result_partial(const AnaResult *r);
void ana_result_free(AnaResult *r);

typedef enum {
    ANA_SAME,         /* the interval contains 0: no significant change */
    ANA_WITHIN,       /* significant, and the whole interval is within the tolerance */
    ANA_UNSETTLED,    /* significant, but the interval reaches past the tolerance */
    ANA_BETTER, ANA_WORSE,
    ANA_CHANGED,      /* significant beyond the tolerance, for a metric without direction */
    ANA_UNDECIDED,    /* no interval (fewer than two values) */
    ANA_ONLY_BASE,    /* the metric is in the base only: listed, not compared */
    ANA_ONLY_CAND,    /* in the candidate only */
} AnaChange;

typedef struct {
    char *metric;
    int direction;           /* +1 higher is better, -1 lower, 0 neither */
    gboolean paired;
    guint n_base, n_cand;    /* values used (pairs when paired) */
    double base_mean, cand_mean;
    double diff, lo, hi;     /* candidate - base, and its interval (NAN if undefined) */
    double tolerance;
    AnaChange verdict;       /* of this metric's own interval (confidence 1 - alpha) */
    /* p-value of the test behind the verdict: that the difference lies within the
     * tolerance band (two-sided; 1 when undecided).  Holm-Bonferroni over the family
     * (the metrics compared, engine.* left out) decides `significant`: only
     * significant verdicts better/worse/changed count for the exit status. */
    double p;
    double df;               /* degrees of freedom of the t test (NAN: none) */
    gboolean in_family, significant;
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

/* Two-sided p-value that |difference| exceeds the tolerance, from the difference, its
 * standard error and degrees of freedom (1 when it cannot). */
double ana_compare_p(double diff, double se, double df, double tolerance);
/* Holm-Bonferroni at level alpha over the comparisons in the family (decided, in both
 * results, not engine.*): sets in_family and significant; returns the family's size. */
guint ana_compare_holm(GPtrArray *comparisons, double alpha);

/* The same comparison on two columns of per-replication values (tests, precision). */
void ana_compare_values(const double *base, guint n_base, const double *cand, guint n_cand,
                        gboolean paired, double alpha, int direction, double tolerance,
                        AnaComparison *out);

#endif
