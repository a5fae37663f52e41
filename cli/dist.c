/* cli/dist.c - run and sweep as shards: which shard this process runs (--shard,
 * --shard-from-env, --mpi), the units still to run in it, their records. */
#include "cli/dist.h"
#include "cli/mpi.h"

#include "analysis/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gboolean cli_dist_requested(const CliDist *d)
{
    return d->shard || d->out || d->from_env || d->mpi || d->shard_count;
}

void cli_dist_clear(CliDist *d)
{
    g_free(d->shard);
    g_free(d->out);
    memset(d, 0, sizeof *d);
}

/* The first of `names` set in the environment, or NULL. */
static const char *env_first(const char *const *names, const char **which)
{
    for (; *names; names++) {
        const char *v = g_getenv(*names);
        if (v && *v) {
            *which = *names;
            return v;
        }
    }
    return NULL;
}

/* I/K from a Slurm array, else the MPI launcher's rank variables, else srun's. */
static gboolean shard_from_env(const char *command, int count, guint *shard, guint *of)
{
    static const char *const index_vars[] = {"SLURM_ARRAY_TASK_ID", "OMPI_COMM_WORLD_RANK",
                                             "PMI_RANK", "PMIX_RANK", "SLURM_PROCID", NULL};
    static const char *const count_vars[] = {"SLURM_ARRAY_TASK_COUNT", "OMPI_COMM_WORLD_SIZE",
                                             "PMI_SIZE", "SLURM_NTASKS", NULL};
    const char *iv = NULL, *kv = NULL;
    const char *i = env_first(index_vars, &iv);
    char *k = count > 0 ? g_strdup_printf("%d", count) : g_strdup(env_first(count_vars, &kv));
    if (i == NULL || k == NULL) {
        fprintf(stderr, "hapgsim %s: --shard-from-env: %s is not set (run it as a Slurm array "
                        "task or under mpirun, or give --shard I/K)\n", command,
                i == NULL ? "SLURM_ARRAY_TASK_ID (nor an MPI rank variable)"
                          : "SLURM_ARRAY_TASK_COUNT (nor an MPI size variable; --shard-count K gives it)");
        g_free(k);
        return FALSE;
    }
    char *text = g_strdup_printf("%s/%s", i, k);
    GError *e = NULL;
    gboolean ok = ana_shard_parse(text, shard, of, &e);
    if (!ok) {
        fprintf(stderr, "hapgsim %s: --shard-from-env (%s=%s, %s=%s): %s\n", command, iv, i,
                kv ? kv : "--shard-count", k, e->message);
        g_error_free(e);
    }
    g_free(text);
    g_free(k);
    return ok;
}

/* What the finished callback needs: the writer, which unit each range starts at, and
 * for a run the histograms seen so far in each range (to take one replication's out). */
typedef struct {
    AnaShardWriter *writer;
    const guint *point;          /* [range] */
    const uint64_t *unit;        /* [range]: the unit of the range's first replication */
    AnaHistogram **seen;         /* [range][3], or NULL (a sweep: no histograms kept) */
    AnaHistogram *one;           /* [3]: scratch, used under the pool's lock */
} Recording;

static void record_finished(guint range, guint k, const AnaRun *run, uint64_t events, void *data)
{
    Recording *rc = data;
    const AnaHistogram *hists[3] = {NULL, NULL, NULL};
    if (rc->seen) {
        /* called under the pool's lock right after the replication's histograms were
         * added to the range's: the difference with what was seen is that replication's */
        const AnaHistogram *now[3] = {run->latency, run->outages, run->rejoins};
        for (int h = 0; h < 3; h++) {
            AnaHistogram *seen = &rc->seen[range][h], *one = &rc->one[h];
            for (uint32_t b = 0; b < ANA_HIST_BUCKETS; b++)
                one->bucket[b] = now[h]->bucket[b] - seen->bucket[b];
            *seen = *now[h];
            hists[h] = one;
        }
    }
    ana_shard_writer_record(rc->writer, rc->unit[range] + k, rc->point[range], run, k, events,
                            rc->seen ? hists : NULL);
}

/* Runs shard `shard` of `of`; returns the exit status. */
static int run_shard(const char *command, const char *dir, guint shard, guint of, const char *kind,
                     const MdlConfig *const *configs, guint n_points, const AnaReportInfo *info,
                     CliRunOptions *ro, gboolean quiet)
{
    uint64_t units = 0;
    for (guint p = 0; p < n_points; p++)
        units += configs[p]->replications;
    AnaShardHeader h = {kind, info->version, info->scenario_name, info->scenario_sha256,
                        info->scenario_yaml, info->seed, units, shard, of};
    GError *err = NULL;
    AnaShardWriter *w = ana_shard_writer_open(dir, &h, &err);
    if (w == NULL) {
        fprintf(stderr, "hapgsim %s: %s\n", command, err->message);
        g_error_free(err);
        return 2;
    }
    uint64_t first, end;
    ana_shard_range(units, shard, of, &first, &end);
    uint64_t before = ana_shard_writer_done(w);
    if (!quiet && before > 0)
        fprintf(stderr, "hapgsim %s: shard %u/%u: resuming: %" G_GUINT64_FORMAT " of %"
                        G_GUINT64_FORMAT " units already in %s\n", command, shard, of, before,
                end - first, ana_shard_writer_path(w));
    /* the units still to run, as ranges of consecutive replications of one point */
    GArray *r_point = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *r_first = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *r_count = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *r_unit = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *r_config = g_array_new(FALSE, FALSE, sizeof(const MdlConfig *));
    uint64_t base = 0;
    for (guint p = 0; p < n_points; p++) {
        guint n = configs[p]->replications;
        for (guint r = 0; r < n;) {
            uint64_t u = base + r;
            if (u < first || u >= end || ana_shard_writer_has(w, u)) {
                r++;
                continue;
            }
            guint f = r;
            while (r < n && base + r < end && !ana_shard_writer_has(w, base + r))
                r++;
            guint c = r - f;
            g_array_append_val(r_point, p);
            g_array_append_val(r_first, f);
            g_array_append_val(r_count, c);
            g_array_append_val(r_unit, u);
            g_array_append_val(r_config, configs[p]);
        }
        base += n;
    }
    guint n_ranges = r_point->len;
    gboolean hist = strcmp(kind, "run") == 0;
    Recording rc = {w, (const guint *)(void *)r_point->data, (const uint64_t *)(void *)r_unit->data,
                    NULL, NULL};
    if (hist && n_ranges) {
        rc.seen = g_new(AnaHistogram *, n_ranges);
        for (guint i = 0; i < n_ranges; i++) {
            rc.seen[i] = g_new(AnaHistogram, 3);
            for (int k = 0; k < 3; k++)
                ana_histogram_init(&rc.seen[i][k]);
        }
        rc.one = g_new(AnaHistogram, 3);
    }
    ro->run.finished = record_finished;
    ro->run.finished_data = &rc;
    AnaRun **runs = n_ranges ? ana_run_studies((const MdlConfig *const *)(void *)r_config->data,
                                               (const guint *)(void *)r_first->data,
                                               (const guint *)(void *)r_count->data, n_ranges,
                                               &ro->run)
                             : NULL;
    cli_progress_end(&ro->progress);
    for (guint i = 0; i < n_ranges; i++) {
        ana_run_free(runs[i]);
        if (rc.seen)
            g_free(rc.seen[i]);
    }
    g_free(runs);
    g_free(rc.seen);
    g_free(rc.one);
    g_array_free(r_point, TRUE);
    g_array_free(r_first, TRUE);
    g_array_free(r_count, TRUE);
    g_array_free(r_unit, TRUE);
    g_array_free(r_config, TRUE);
    gboolean complete = FALSE;
    int status = 0;
    if (!ana_shard_writer_finish(w, &complete, &err)) {
        fprintf(stderr, "hapgsim %s: %s\n", command, err->message);
        g_error_free(err);
        status = 2;
    } else if (!complete) {
        status = cli_interrupt_status();
        if (!quiet)
            fprintf(stderr, "hapgsim %s: shard %u/%u interrupted: %" G_GUINT64_FORMAT " of %"
                            G_GUINT64_FORMAT " units in %s; run the same command again to go on\n",
                    command, shard, of, ana_shard_writer_done(w), end - first,
                    ana_shard_writer_path(w));
    } else if (!quiet && isatty(2)) {
        fprintf(stderr, "hapgsim %s: shard %u/%u complete: %" G_GUINT64_FORMAT " units in %s\n",
                command, shard, of, end - first, ana_shard_writer_path(w));
    }
    ana_shard_writer_free(w);
    return status;
}

int cli_dist_run(const char *command, const CliDist *d, const char *kind,
                 const MdlConfig *const *configs, guint n_points, const AnaReportInfo *info,
                 CliRunOptions *ro, const char *output, const char *format, gboolean quiet)
{
    int given = (d->shard != NULL) + d->from_env + d->mpi;
    if (given != 1) {
        fprintf(stderr, "hapgsim %s: %s\n", command,
                given ? "give one of --shard I/K, --shard-from-env and --mpi"
                      : "--out and --shard-count go with --shard I/K, --shard-from-env or --mpi");
        return 2;
    }
    for (guint p = 0; p < n_points; p++)
        if (configs[p]->estimator == MDL_ESTIMATOR_SPLITTING) {
            /* merge would need each shard's splitting plan and trials to write the
             * results' estimator object as one machine does */
            fprintf(stderr, "hapgsim %s: estimator: splitting does not go with shards yet "
                            "(docs/rare-events.md); run it on one machine\n", command);
            return 2;
        }
    if (d->shard_count && !d->from_env) {
        fprintf(stderr, "hapgsim %s: --shard-count goes with --shard-from-env\n", command);
        return 2;
    }
    if (d->shard_count < 0 || d->shard_count > ANA_SHARD_MAX) {
        fprintf(stderr, "hapgsim %s: --shard-count must be within 1..%d\n", command, ANA_SHARD_MAX);
        return 2;
    }
    if (d->out == NULL || !*d->out) {
        fprintf(stderr, "hapgsim %s: shards need --out DIR, the folder of the shard files\n", command);
        return 2;
    }
    if (output && !d->mpi) {
        fprintf(stderr, "hapgsim %s: -o goes with --mpi only: a shard's records go to --out DIR "
                        "and hapgsim merge DIR -o FILE writes the results\n", command);
        return 2;
    }
    guint shard = 0, of = 1;
    if (d->shard) {
        GError *e = NULL;
        if (!ana_shard_parse(d->shard, &shard, &of, &e)) {
            fprintf(stderr, "hapgsim %s: %s\n", command, e->message);
            g_error_free(e);
            return 2;
        }
        return run_shard(command, d->out, shard, of, kind, configs, n_points, info, ro, quiet);
    }
    if (d->from_env) {
        if (!shard_from_env(command, d->shard_count, &shard, &of))
            return 2;
        return run_shard(command, d->out, shard, of, kind, configs, n_points, info, ro, quiet);
    }
    /* --mpi: rank I of K runs shard I/K; the job fails as a whole if one does (a
     * dead rank makes mpirun end the others); rank 0 merges */
    GError *e = NULL;
    if (!cli_mpi_init(NULL, NULL, &shard, &of, &e)) {
        fprintf(stderr, "hapgsim %s: %s\n", command, e->message);
        g_error_free(e);
        return 2;
    }
    int status = run_shard(command, d->out, shard, of, kind, configs, n_points, info, ro,
                           quiet || shard > 0);
    int worst = cli_mpi_max(status);
    if (worst == 0 && shard == 0)
        status = cli_merge_dir(d->out, output, format, quiet);
    else if (worst != 0 && status == 0)
        status = worst;          /* another rank failed: so does this one */
    cli_mpi_finalize();
    return status;
}
