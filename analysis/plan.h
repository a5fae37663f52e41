/* analysis/plan.h - capacity planning: the smallest (or largest) value of an ordered
 * axis at which every requirement holds under every condition, with 95 % confidence.
 *
 * The candidates are the axis values, in increasing order; the caller gives each
 * (candidate, condition) its configuration through a callback.  Each evaluated
 * candidate gets replications in looks (min_replications, then doubling, up to
 * max_replications), replication k with the seed of replication k of a run (common
 * random numbers across candidates and conditions), until its verdict is decided:
 *
 *   meets      every requirement's one-sided bound is on the right side of its limit,
 *              under every condition;
 *   fails      one requirement's bound on the other side is on the wrong side of it,
 *              under one condition;
 *   undecided  neither, at max_replications.
 *
 * The levels (docs/plan.md, "How plan decides"): alpha is split evenly (Bonferroni)
 * over the candidates of the axis and, within a candidate, over its looks; a "fails"
 * is also split over the requirement x condition pairs, while a "meets" needs every
 * pair (an intersection-union test needs no split).  Every verdict the plan could
 * state is then right with probability >= 1 - alpha, jointly.  The bound of a pair is
 * Student's t one-sided bound of the replications' mean; when every replication gave
 * the same value it is the distribution-free bound of that observation (a value never
 * seen may still have probability up to 1 - level^(1/n)), within the metric's range
 * (for a count never seen, the Poisson bound -ln(level)/n); a metric null in any
 * replication never meets.
 *
 * The search is a bisection over the indices (mirrored with `largest`): the near end
 * first (if it meets, it is the answer), then midpoints between the nearest value not
 * shown to meet and the nearest that meets (past the far end while none has).  An
 * undecided midpoint is searched past like a failure; the answer is the value that
 * meets whose neighbour towards the near end was shown to fail.  When that neighbour
 * is undecided, so is the answer (between the two); when nothing meets and the far
 * end fails, nothing in range does.
 */
#ifndef HAPGSIM_ANALYSIS_PLAN_H
#define HAPGSIM_ANALYSIS_PLAN_H

#include "analysis/output.h"
#include "analysis/replicate.h"
#include "analysis/report.h"

#define ANA_PLAN_ERROR (ana_plan_error_quark())
GQuark ana_plan_error_quark(void);

typedef enum { ANA_PLAN_LE, ANA_PLAN_GE } AnaPlanOp;

/* One --require: METRIC<=VALUE or METRIC>=VALUE (the mean of the metric per
 * replication, bounded). */
typedef struct {
    char *metric;
    AnaPlanOp op;
    double limit;
    char *text;                  /* canonical: "latency.p99_ms <= 200" */
} AnaPlanRequirement;

/* Parses "METRIC<=VALUE" or "METRIC>=VALUE" (blanks allowed around each part; "<" and
 * ">" are read as "<=" and ">=": a mean is bounded, never compared exactly).  The
 * metric name is not checked here (ana_plan_requirement_check).  Returns FALSE with
 * `error` set when the text is not of that form. */
gboolean ana_plan_requirement_parse(const char *text, AnaPlanRequirement *out, GError **error);
void ana_plan_requirement_clear(AnaPlanRequirement *r);
/* Why the requirement can never be judged on `config`, or NULL: an unknown metric, an
 * aggregate-only one (availability.nines), engine figures, a metric null in every
 * replication (fluid latency without a closed form).  The text is g_free'd. */
char *ana_plan_requirement_check(const AnaPlanRequirement *r, const MdlConfig *config);

/* The configuration of candidate `candidate` under condition `condition`, transfer
 * none (it must live until ana_plan_free); NULL with `error` set on failure. */
typedef const MdlConfig *(*AnaPlanConfigFn)(guint candidate, guint condition, void *data,
                                            GError **error);

typedef struct {
    const char *axis_path;
    guint n_candidates;                  /* >= 1 */
    const char *const *labels;           /* [n_candidates]: the values as text */
    gboolean integral;                   /* every value is an integer (JSON writes ints) */
    gboolean largest;                    /* the largest value that meets (feasible below) */
    guint n_conditions;                  /* >= 1 */
    const char *const *condition_labels; /* [n_conditions]: "" for the scenario as it is */
    const AnaPlanRequirement *requirements;
    guint n_requirements;                /* >= 1 */
    double alpha;                        /* 0.05 for 95 % */
    guint min_replications;              /* >= 2: the first look */
    guint max_replications;              /* >= min_replications: the last */
    AnaPlanConfigFn config;
    void *config_data;
} AnaPlanSpec;

typedef enum { ANA_PLAN_UNSEEN, ANA_PLAN_MEETS, ANA_PLAN_FAILS, ANA_PLAN_UNDECIDED } AnaPlanVerdict;
const char *ana_plan_verdict_name(AnaPlanVerdict v);

typedef enum {
    ANA_PLAN_ANSWER,             /* a value meets, its neighbour fails */
    ANA_PLAN_NONE,               /* nothing in range meets */
    ANA_PLAN_UNDECIDED_ANSWER,   /* the replication cap left the answer open */
    ANA_PLAN_INTERRUPTED,        /* SIGINT: the search stopped */
} AnaPlanOutcome;

typedef struct AnaPlan AnaPlan;

/* Runs the search.  `spec` and what it points to must live as long as the plan.
 * Returns NULL with `error` set when a configuration cannot be made. */
AnaPlan *ana_plan_run(const AnaPlanSpec *spec, const AnaRunOptions *options, GError **error);
void ana_plan_free(AnaPlan *p);

AnaPlanOutcome ana_plan_outcome(const AnaPlan *p);
/* The candidate index of the answer, or -1. */
int ana_plan_answer(const AnaPlan *p);
/* Replications run in all, over every candidate and condition. */
guint64 ana_plan_replications(const AnaPlan *p);
/* The verdict of candidate i and the replications it got (per condition, the most). */
AnaPlanVerdict ana_plan_verdict(const AnaPlan *p, guint i, guint *replications);

/* The plan as text (a summary, then one row per evaluated candidate and condition) and
 * as JSON (docs/plan.md): the header of `info`, then "plan", "outcome", "answer" (an
 * object mapping the axis path to the value, or null), "binding", "note",
 * "candidates". */
char *ana_plan_text(const AnaPlan *p, const AnaReportInfo *info);
void ana_plan_json_write(AnaOutput *out, const AnaPlan *p, const AnaReportInfo *info);

/* Building blocks, exposed for the tests. */
/* One-sided bounds on the mean of values[0..n-1] of a metric of `kind`, each at level
 * `level` (the probability that it is wrong): *lower and *upper (-inf/inf when there is
 * none).  NAN values make both infinite (a null value decides nothing). */
void ana_plan_bounds(const double *values, guint n, AnaKind kind, double level,
                     double *lower, double *upper);
/* The replication counts of the looks: min, 2 min, 4 min, ..., max; returns their
 * number and fills looks[0..] (at most 32). */
guint ana_plan_looks(guint min_replications, guint max_replications, guint *looks);

#endif
