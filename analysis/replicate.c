/* analysis/replicate.c - replications over a GLib thread pool. */
#include "analysis/replicate.h"

#include "analysis/collector.h"
#include "models/group.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <math.h>
#include <string.h>

typedef struct {
    const MdlConfig *const *configs;
    AnaRun **runs;
    const AnaRunOptions *opts;
    GMutex lock;
    GCond cond;
    guint finished, completed; /* tasks over; replications finished */
    uint64_t events;
} Shared;

/* A task: replication first + k of study p. */
typedef struct {
    guint p, k;
} Task;

static void run_one(gpointer task, gpointer user)
{
    Shared *sh = user;
    const Task *t = task;
    guint p = t->p, k = t->k;
    AnaRun *run = sh->runs[p];
    const MdlConfig *cfg = sh->configs[p];
    gboolean stop = sh->opts->interrupt && g_atomic_int_get(sh->opts->interrupt);
    gboolean complete = FALSE;
    uint64_t events = 0;
    AnaCollector *col = NULL;
    AnaSplitEffort effort = {0};
    if (!stop && cfg->estimator == MDL_ESTIMATOR_SPLITTING && run->split) {
        uint64_t seed = sim_rng_replication_seed(cfg->seed, run->first + k);
        complete = ana_split_run(cfg, run->split, seed, sh->opts->interrupt,
                                 &run->values[(size_t)k * run->metrics->n], &effort);
        events = effort.events;
    } else if (!stop && cfg->estimator != MDL_ESTIMATOR_SPLITTING) {
        gint64 t0 = g_get_monotonic_time();
        col = ana_collector_new(cfg);
        MdlObserver obs = ana_collector_observer(col);
        uint64_t seed = sim_rng_replication_seed(cfg->seed, run->first + k);
        MdlGroup *g = mdl_group_new(cfg, seed, &obs);
        mdl_group_set_interrupt_flag(g, sh->opts->interrupt);
        mdl_group_run(g, cfg->duration);
        complete = mdl_group_now(g) >= cfg->duration;
        if (complete) {
            double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
            ana_collector_finish(col, g, sh->opts->timing ? wall : NAN,
                                 &run->values[(size_t)k * run->metrics->n]);
        }
        events = mdl_group_events(g);
        mdl_group_free(g);
    }
    g_mutex_lock(&sh->lock);
    if (complete) {
        if (col) {      /* splitting: the histograms would be biased samples */
            ana_histogram_merge(run->latency, ana_collector_latency(col));
            ana_histogram_merge(run->outages, ana_collector_outages(col));
            ana_histogram_merge(run->rejoins, ana_collector_rejoins(col));
            run->latency_reps++;
        }
        run->split_trials += effort.trials;
        run->done[k] = TRUE;
        run->completed++;
        run->events += events;
        sh->completed++;
        sh->events += events;
        if (sh->opts->finished)
            sh->opts->finished(p, k, run, events, sh->opts->finished_data);
    }
    sh->finished++;
    g_cond_signal(&sh->cond);
    g_mutex_unlock(&sh->lock);
    ana_collector_free(col);
}

AnaRun *ana_run_new(const MdlConfig *config, guint first, guint n, gboolean timing)
{
    AnaRun *run = g_new0(AnaRun, 1);
    run->metrics = ana_metric_set_new(config);
    run->first = first;
    run->n = n;
    run->timing = timing;
    run->window_s = sim_time_to_s(config->duration - config->warmup);
    run->done = g_new0(gboolean, n ? n : 1);
    run->latency = g_new(AnaHistogram, 1);
    run->outages = g_new(AnaHistogram, 1);
    run->rejoins = g_new(AnaHistogram, 1);
    ana_histogram_init(run->latency);
    ana_histogram_init(run->outages);
    ana_histogram_init(run->rejoins);
    run->values = g_new(double, (size_t)(n ? n : 1) * run->metrics->n);
    for (size_t i = 0; i < (size_t)(n ? n : 1) * run->metrics->n; i++)
        run->values[i] = NAN;
    return run;
}

AnaRun **ana_run_studies(const MdlConfig *const *configs, const guint *first, const guint *n,
                         guint n_studies, const AnaRunOptions *options)
{
    AnaRunOptions defaults = {.jobs = 1};
    const AnaRunOptions *opts = options ? options : &defaults;
    AnaRun **runs = g_new0(AnaRun *, n_studies ? n_studies : 1);
    guint total = 0;
    for (guint p = 0; p < n_studies; p++) {
        runs[p] = ana_run_new(configs[p], first[p], n[p], opts->timing);
        total += n[p];
        if (configs[p]->estimator != MDL_ESTIMATOR_SPLITTING)
            continue;
        if (opts->split_plan)
            runs[p]->split = g_memdup2(opts->split_plan, sizeof *opts->split_plan);
        else
            runs[p]->split = ana_split_plan_new(configs[p], opts->interrupt);
        /* interrupted during the pilot: split stays NULL, and no replication runs */
    }
    gint64 t0 = g_get_monotonic_time();
    Shared sh = {.configs = configs, .runs = runs, .opts = opts};
    g_mutex_init(&sh.lock);
    g_cond_init(&sh.cond);
    guint jobs = opts->jobs ? opts->jobs : 1;
    GThreadPool *pool = g_thread_pool_new(run_one, &sh, (gint)MIN(jobs, MAX(total, 1)), TRUE, NULL);
    Task *tasks = g_new(Task, MAX(total, 1));
    guint t = 0;
    for (guint p = 0; p < n_studies; p++)
        for (guint k = 0; k < n[p]; k++) {
            tasks[t] = (Task){p, k};
            g_thread_pool_push(pool, &tasks[t++], NULL);
        }
    g_mutex_lock(&sh.lock);
    guint reported = 0;
    while (sh.finished < total) {
        g_cond_wait(&sh.cond, &sh.lock);
        if (opts->progress && sh.finished != reported) {
            reported = sh.finished;
            guint done = sh.completed;
            uint64_t ev = sh.events;
            g_mutex_unlock(&sh.lock);
            opts->progress(done, total, ev, (double)(g_get_monotonic_time() - t0) / 1e6,
                           opts->progress_data);
            g_mutex_lock(&sh.lock);
        }
    }
    g_mutex_unlock(&sh.lock);
    g_thread_pool_free(pool, FALSE, TRUE);
    g_free(tasks);
    g_mutex_clear(&sh.lock);
    g_cond_clear(&sh.cond);
    double wall = (double)(g_get_monotonic_time() - t0) / 1e6;
    for (guint p = 0; p < n_studies; p++)
        runs[p]->wall_s = wall;
    return runs;
}

AnaRun *ana_run_replications(const MdlConfig *config, guint first, guint n,
                             const AnaRunOptions *options)
{
    AnaRun **runs = ana_run_studies(&config, &first, &n, 1, options);
    AnaRun *run = runs[0];
    g_free(runs);
    return run;
}

void ana_run_free(AnaRun *run)
{
    if (run == NULL)
        return;
    ana_metric_set_free(run->metrics);
    g_free(run->done);
    g_free(run->values);
    g_free(run->latency);
    g_free(run->outages);
    g_free(run->rejoins);
    ana_split_plan_free(run->split);
    g_free(run);
}

void ana_run_append(AnaRun *run, AnaRun *more)
{
    g_return_if_fail(more->metrics->n == run->metrics->n);
    guint n = run->n + more->n, m = run->metrics->n;
    run->done = g_renew(gboolean, run->done, n);
    memcpy(run->done + run->n, more->done, more->n * sizeof(gboolean));
    run->values = g_renew(double, run->values, (size_t)n * m);
    memcpy(run->values + (size_t)run->n * m, more->values, (size_t)more->n * m * sizeof(double));
    run->n = n;
    run->completed += more->completed;
    run->events += more->events;
    run->wall_s += more->wall_s;
    ana_histogram_merge(run->latency, more->latency);
    ana_histogram_merge(run->outages, more->outages);
    ana_histogram_merge(run->rejoins, more->rejoins);
    run->latency_reps += more->latency_reps;
    run->split_trials += more->split_trials;
}

void ana_run_aggregate(const AnaRun *run, guint index, AnaAggregate *out)
{
    if (index == ANA_M_AVAIL_NINES) {
        AnaAggregate u;
        ana_aggregate_kind(&run->values[ANA_M_UNAVAIL_TIME], run->n, run->metrics->n,
                           ANA_KIND_FRACTION, &u);
        ana_aggregate_nines(&u, out);
        return;
    }
    ana_aggregate_kind(&run->values[index], run->n, run->metrics->n,
                       ana_metric_kind(run->metrics->names[index]), out);
}
