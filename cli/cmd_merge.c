/* cli/cmd_merge.c - `hapgsim merge`: a folder of shards back into the study's results,
 * byte for byte what one machine writes (docs/distributed.md). */
#include "cli/commands.h"
#include "cli/dist.h"
#include "version.h"

#include "analysis/expect.h"
#include "analysis/metrics.h"
#include "analysis/shard.h"
#include "analysis/sweep.h"
#include "sim/time.h"

#include <stdio.h>
#include <string.h>

/* The study the shards were cut from, rebuilt from the canonical text in their
 * header; its sha256 must be the one they carry. */
static ScnScenario *load_study(const char *dir, const AnaShardHeader *h, char **yaml, char **sha)
{
    ScnOptions opts = {
        .metric_known = ana_metric_known,
        .metric_why_null = ana_metric_why_null,
        .metric_names = ana_metric_fixed_names(),
    };
    GError *err = NULL;
    char *name = g_strdup_printf("%s (the scenario of its shards)", dir);
    ScnScenario *scn = scn_load_string(h->yaml, strlen(h->yaml), name, &opts, &err);
    g_free(name);
    if (scn == NULL) {
        fprintf(stderr, "hapgsim merge: %s\n", err->message);
        g_error_free(err);
        return NULL;
    }
    *yaml = cli_scenario_text(scn, sha);
    if (strcmp(*sha, h->sha256) != 0) {
        fprintf(stderr, "hapgsim merge: %s: the scenario in the shards' header does not give "
                        "back their sha256 (written by another hapgsim?)\n", dir);
        g_clear_pointer(yaml, g_free);
        g_clear_pointer(sha, g_free);
        scn_scenario_free(scn);
        return NULL;
    }
    return scn;
}

/* A run's results, as `hapgsim run` writes them; returns whether every expect: bound
 * passed (run's exit status 0 rather than 1). */
static gboolean write_run(AnaOutput *out, CliFormat fmt, const ScnScenario *scn, const AnaRun *run,
                      AnaReportInfo *info)
{
    guint n_bounds;
    AnaBound *bounds = cli_expect_bounds(scn, &n_bounds);
    AnaVerdict *verdicts = ana_judge(run, bounds, n_bounds);
    info->verdicts = verdicts;
    info->n_verdicts = n_bounds;
    info->precision_reached = TRUE;
    if (fmt == CLI_JSON) {
        ana_report_json_write(out, run, info);
    } else if (fmt == CLI_CSV) {
        ana_report_csv_write(out, run, 0, TRUE);
    } else {
        char *text = ana_report_text(run, info);
        ana_output_puts(out, text);
        g_free(text);
    }
    info->verdicts = NULL;
    gboolean pass = ana_verdicts_worst(verdicts, n_bounds) == ANA_PASS;
    g_free(verdicts);
    g_free(bounds);
    return pass;
}

/* The sweep of `scn` with empty runs for every point, as `hapgsim sweep` makes it;
 * configs[p] and points[p] (to free) for each point.  NULL on error (printed). */
static AnaSweep *make_sweep(const ScnScenario *scn, ScnScenario ***points)
{
    guint n_axes = scn_scenario_n_axes(scn);
    AnaSweep *sweep = cli_sweep_new("merge", scn, G_MAXUINT64);   /* the shards' sweep */
    *points = g_new0(ScnScenario *, sweep->n_points ? sweep->n_points : 1);
    guint *idx = g_new0(guint, n_axes + 1);
    for (guint p = 0; p < sweep->n_points; p++) {
        GError *err = NULL;
        ana_sweep_point_indices(sweep, p, idx);
        (*points)[p] = scn_scenario_at_point(scn, idx, &err);
        if ((*points)[p] == NULL) {
            fprintf(stderr, "hapgsim merge: %s\n", err->message);
            g_error_free(err);
            g_free(idx);
            return sweep;        /* the caller sees the NULL point */
        }
        const MdlConfig *cfg = scn_scenario_config((*points)[p]);
        sweep->runs[p] = ana_run_new(cfg, 0, cfg->replications, FALSE);
    }
    g_free(idx);
    return sweep;
}

/* The files of the shard folder (NULL-terminated), which -o must not be. */
static GPtrArray *shard_files(const char *dir)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)) != NULL)
        if (g_str_has_prefix(name, "shard-"))
            g_ptr_array_add(files, g_build_filename(dir, name, NULL));
    if (d)
        g_dir_close(d);
    g_ptr_array_add(files, NULL);
    return files;
}

int cli_merge_dir(const char *dir, const char *output, const char *format, gboolean quiet)
{
    CliFormat fmt;
    if (!cli_parse_format("merge", format, output, &fmt))
        return 2;
    GError *err = NULL;
    AnaShardSet *set = ana_shard_set_read(dir, &err);
    if (set == NULL) {
        fprintf(stderr, "hapgsim merge: %s\n", err->message);
        g_error_free(err);
        return 2;
    }
    int status = 2;
    char *yaml = NULL, *sha = NULL;
    ScnScenario *scn = NULL, **points = NULL;
    AnaSweep *sweep = NULL;
    AnaRun *run = NULL;
    AnaOutput *out = NULL;
    const AnaShardHeader *h = ana_shard_set_header(set);
    if (ana_shard_set_n_missing(set) > 0) {
        char *missing = ana_shard_set_missing(set);
        fprintf(stderr, "hapgsim merge: %s: %u of %u shards are missing or unfinished: %s "
                        "(hapgsim merge --missing lists them for sbatch --array)\n", dir,
                ana_shard_set_n_missing(set), h->of, missing);
        g_free(missing);
        goto out;
    }
    if (strcmp(h->version, HAPGSIM_VERSION) != 0) {
        /* another version may measure, order or print differently */
        fprintf(stderr, "hapgsim merge: %s: the shards were written by hapgsim %s, this is %s: "
                        "merge them with the version that wrote them\n", dir, h->version,
                HAPGSIM_VERSION);
        goto out;
    }
    scn = load_study(dir, h, &yaml, &sha);
    if (scn == NULL)
        goto out;
    const MdlConfig *base = scn_scenario_config(scn);
    AnaReportInfo info = {.version = h->version, .scenario_name = base->name,
                          .scenario_yaml = yaml, .scenario_sha256 = sha, .seed = base->seed,
                          .warmup_s = sim_time_to_s(base->warmup),
                          .duration_s = sim_time_to_s(base->duration)};
    gboolean is_run = strcmp(h->kind, "run") == 0;
    if (base->seed != h->seed) {
        fprintf(stderr, "hapgsim merge: %s: the shards' seed differs from their scenario's\n", dir);
        goto out;
    }
    /* the runs, filled in canonical order by the code a single machine uses */
    if (is_run) {
        run = ana_run_new(base, 0, base->replications, FALSE);
        if (!ana_shard_set_fill(set, &run, 1, TRUE, &err))
            goto fail;
    } else {
        sweep = make_sweep(scn, &points);
        for (guint p = 0; p < sweep->n_points; p++)
            if (points[p] == NULL)
                goto out;
        if (!ana_shard_set_fill(set, sweep->runs, sweep->n_points, FALSE, &err))
            goto fail;
    }
    /* nothing is written before everything checked out, and never over a shard */
    GPtrArray *inputs = shard_files(dir);
    out = ana_output_open(output, (const char *const *)inputs->pdata, &err);
    g_ptr_array_free(inputs, TRUE);
    if (out == NULL)
        goto fail;
    gboolean pass = TRUE;
    if (is_run)
        pass = write_run(out, fmt, scn, run, &info);
    else if (fmt == CLI_JSON)
        ana_sweep_json_write(out, sweep, &info);
    else if (fmt == CLI_CSV)
        ana_sweep_csv_write(out, sweep);
    else {
        char *text = ana_sweep_text(sweep, &info, NULL);
        ana_output_puts(out, text);
        g_free(text);
    }
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written)
        goto fail;
    /* as run: 1 when an expect: bound failed or is inconclusive (the verdicts are in
     * the results) */
    status = pass ? 0 : 1;
    if (!pass)
        fprintf(stderr, "hapgsim merge: expect: a bound failed or is inconclusive (see the "
                        "results' verdicts)\n");
    if (!quiet && output)
        fprintf(stderr, "hapgsim merge: %" G_GUINT64_FORMAT " units of %u shards merged into %s\n",
                h->units, h->of, output);
    goto out;
fail:
    fprintf(stderr, "hapgsim merge: %s\n", err->message);
    g_error_free(err);
out:
    ana_output_abort(out);
    ana_run_free(run);
    for (guint p = 0; sweep && points && p < sweep->n_points; p++)
        scn_scenario_free(points[p]);
    g_free(points);
    ana_sweep_free(sweep);
    scn_scenario_free(scn);
    g_free(yaml);
    g_free(sha);
    ana_shard_set_free(set);
    return status;
}

int cli_merge(int argc, char **argv)
{
    char *output = NULL, *format = NULL;
    gboolean missing = FALSE, quiet = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the results here (whole or not at all); default stdout", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv; .json/.csv output names imply it", "FORMAT"},
        {"missing", 0, 0, G_OPTION_ARG_NONE, &missing, "Only list the shards still to run, as an sbatch --array list (empty: none)", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No summary on stderr", NULL},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    if (!cli_parse("merge", "DIR",
                   "Merge the shards in DIR (written by run or sweep with --shard, --shard-from-env\n"
                   "or --mpi) into the study's results, the same bytes as one machine's run.\n"
                   "Every unit must be there exactly once, of one scenario, version and seed.",
                   entries, &argc, &argv))
        goto out;
    if (argc != 2) {
        fprintf(stderr, "hapgsim merge: give exactly one shard folder (usage: hapgsim merge DIR -o FILE)\n");
        goto out;
    }
    if (missing) {
        if (output || format) {
            fprintf(stderr, "hapgsim merge: --missing writes no results: drop -o and --format\n");
            goto out;
        }
        GError *err = NULL;
        AnaShardSet *set = ana_shard_set_read(argv[1], &err);
        if (set == NULL) {
            fprintf(stderr, "hapgsim merge: %s\n", err->message);
            g_error_free(err);
            goto out;
        }
        char *list = ana_shard_set_missing(set);
        printf("%s\n", list);
        if (!quiet)
            fprintf(stderr, "hapgsim merge: %u of %u shards to run\n", ana_shard_set_n_missing(set),
                    ana_shard_set_header(set)->of);
        g_free(list);
        ana_shard_set_free(set);
        status = fflush(stdout) == 0 ? 0 : 2;
        goto out;
    }
    status = cli_merge_dir(argv[1], output, format, quiet);
out:
    g_free(output);
    g_free(format);
    return status;
}
