/* analysis/replicate.h - runs the replications of a study over a thread pool.
 *
 * Replication r gets the seed sim_rng_replication_seed(config->seed, r) and its own
 * model and collector; results are stored by replication index, so they are the same
 * whatever the number of threads and whatever order the replications finish in.
 */
#ifndef HAPGSIM_ANALYSIS_REPLICATE_H
#define HAPGSIM_ANALYSIS_REPLICATE_H

#include "analysis/histogram.h"
#include "analysis/metrics.h"
#include "analysis/splitting.h"
#include "analysis/stats.h"
#include "models/config.h"

#include <stdint.h>

typedef struct {
    AnaMetricSet *metrics;   /* owned */
    guint first;             /* index of the first replication */
    guint n;                 /* replications asked for */
    guint completed;         /* replications finished (all of them unless interrupted) */
    gboolean *done;          /* [n]: which finished */
    double *values;          /* [n * metrics->n]: NAN for null or unfinished */
    uint64_t events;         /* events of the finished replications */
    double wall_s;           /* wall time of the whole run */
    double window_s;         /* simulated seconds of each replication's window */
    gboolean timing;         /* made with AnaRunOptions.timing: engine.events_per_s is
                              * measured, and reported (see ana_run_reports) */
    /* the latencies, outage durations and rejoin times of the finished replications
     * this process ran, merged (counts add up, so the merge does not depend on the
     * order); latency_reps of them (a run read back from a file has none) */
    AnaHistogram *latency, *outages, *rejoins;
    guint latency_reps;
    /* estimator: splitting: the levels and splits used (owned), and the trials of the
     * finished replications, main trials included (NULL and 0 for crude runs) */
    AnaSplitPlan *split;
    uint64_t split_trials;
} AnaRun;

/* Progress: called from the thread that runs ana_run_replications, after each
 * replication finishes. */
typedef void (*AnaProgressFn)(guint done, guint total, uint64_t events, double wall_s, void *data);

typedef struct {
    guint jobs;              /* worker threads (>= 1) */
    gboolean timing;         /* fill engine.events_per_s (wall-clock: not reproducible) */
    gint *interrupt;/* when it becomes non-zero, stop soon; may be NULL */
    AnaProgressFn progress;
    void *progress_data;
    /* Called once per finished replication (first + k of study `study`, its values
     * stored in run), from the worker thread that ran it, one call at a time (under the
     * pool's lock: keep it short); may be NULL.  Sweeps journal their results with it. */
    void (*finished)(guint study, guint k, const AnaRun *run, uint64_t events, void *data);
    void *finished_data;
    /* Splitting studies: the levels and splits to use (e.g. those of the run that
     * ana_run_append() will extend), copied; NULL: each study's pilot chooses them. */
    const AnaSplitPlan *split_plan;
} AnaRunOptions;

/* An empty run of replications first .. first + n - 1 of `config`: none done, every
 * value NAN (the caller fills it, e.g. from a file). */
AnaRun *ana_run_new(const MdlConfig *config, guint first, guint n, gboolean timing);

/* Runs replications first .. first + n - 1 of `config`. */
AnaRun *ana_run_replications(const MdlConfig *config, guint first, guint n,
                             const AnaRunOptions *options);

/* Runs several studies (sweep points) at once, their replications all in one pool:
 * runs[p] gets replications first[p] .. first[p] + n[p] - 1 of configs[p].  Progress
 * counts replications over all studies.  Returns an array of n_studies runs. */
AnaRun **ana_run_studies(const MdlConfig *const *configs, const guint *first, const guint *n,
                         guint n_studies, const AnaRunOptions *options);
void ana_run_free(AnaRun *run);

/* Appends `more` (the next replications of the same study) to `run`. */
void ana_run_append(AnaRun *run, AnaRun *more);

/* Aggregate of metric `index` over the finished replications, by its kind
 * (ana_aggregate_kind); availability.nines from unavailability.time. */
void ana_run_aggregate(const AnaRun *run, guint index, AnaAggregate *out);

static inline double ana_run_value(const AnaRun *run, guint rep, guint metric)
{
    return run->values[(size_t)rep * run->metrics->n + metric];
}

/* Whether reports show metric `index` of the run: every metric but engine.events_per_s,
 * which only runs made with timing have (wall clock: it makes reports irreproducible). */
static inline gboolean ana_run_reports(const AnaRun *run, guint index)
{
    return index != ANA_M_ENGINE_RATE || run->timing;
}

#endif
