/* cli/cmd_sweep.c - `hapgsim sweep`: a study at every point of a grid of values. */
#include "cli/commands.h"
#include "cli/common.h"
#include "version.h"

#include "analysis/sweep.h"
#include "sim/time.h"

#include <stdio.h>
#include <unistd.h>

#define MAX_POINTS 100000

int cli_sweep(int argc, char **argv)
{
    char **sweeps = NULL, **sets = NULL, **metrics = NULL;
    char *reps = NULL, *seed = NULL, *output = NULL, *format = NULL;
    int jobs = 0;
    gboolean resume = FALSE, quiet = FALSE, timing = FALSE;
    GOptionEntry entries[] = {
        {"sweep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sweeps, "Add an axis (repeatable); values typed as in YAML", "PATH=V1,V2,..."},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value at every point (repeatable)", "PATH=VALUE"},
        {"replications", 'r', 0, G_OPTION_ARG_STRING, &reps, "Replications per point", "N"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed (every point uses the same replication seeds)", "SEED"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: the processors); results do not depend on it", "JOBS"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the results here (whole or not at all)", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv; .json/.csv output names imply it", "FORMAT"},
        {"metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &metrics, "Metrics in the text table (repeatable)", "METRIC"},
        {"resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Continue the interrupted sweep in the -o FILE (JSON)", NULL},
        {"timing", 0, 0, G_OPTION_ARG_NONE, &timing, "Report engine.events_per_s (wall clock)", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line on stderr", NULL},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    ScnScenario *scn = NULL;
    ScnScenario **points = NULL;
    AnaSweep *sweep = NULL;
    guint n_points = 0;
    if (!cli_parse("sweep", "SCENARIO.yaml",
                   "Run the study at every point of the Cartesian product of the scenario's sweep:\n"
                   "axes and the --sweep options; one row per point with each metric's mean and\n"
                   "95% interval.  Ctrl-C keeps the finished points, marked incomplete; --resume\n"
                   "continues.",
                   entries, &argc, &argv))
        goto out;
    CliFormat fmt;
    if (!cli_parse_format("sweep", format, output, &fmt))
        goto out;
    if (argc != 2) {
        fprintf(stderr, "hapgsim sweep: give exactly one scenario file (usage: hapgsim sweep SCENARIO.yaml [OPTION...])\n");
        goto out;
    }
    CliRunOptions ro;
    if (!cli_run_options("sweep", jobs, timing, quiet, &ro))
        goto out;
    if (resume && (output == NULL || fmt != CLI_JSON)) {
        fprintf(stderr, "hapgsim sweep: --resume needs -o FILE.json (the JSON of the sweep to continue)\n");
        goto out;
    }
    scn = cli_load(argv[1], sets, seed, reps, sweeps);
    if (scn == NULL)
        goto out;
    guint n_axes = scn_scenario_n_axes(scn);
    if (n_axes == 0) {
        fprintf(stderr, "hapgsim sweep: %s has no sweep: section and no --sweep was given\n", argv[1]);
        goto out;
    }
    const char **paths = g_new0(const char *, n_axes + 1);
    const char ***values = g_new0(const char **, n_axes + 1);
    guint64 product = 1;
    for (guint a = 0; a < n_axes; a++) {
        paths[a] = scn_scenario_axis_path(scn, a);
        guint nv = scn_scenario_axis_n_values(scn, a);
        values[a] = g_new0(const char *, nv + 1);
        for (guint i = 0; i < nv; i++)
            values[a][i] = scn_scenario_axis_value(scn, a, i);
        product *= nv;
    }
    if (product > MAX_POINTS) {
        fprintf(stderr, "hapgsim sweep: %" G_GUINT64_FORMAT " points is more than %d\n", product, MAX_POINTS);
        for (guint a = 0; a < n_axes; a++)
            g_free(values[a]);
        g_free(values);
        g_free(paths);
        goto out;
    }
    sweep = ana_sweep_new(n_axes, paths, (const char *const *const *)values);
    for (guint a = 0; a < n_axes; a++)
        g_free(values[a]);
    g_free(values);
    g_free(paths);

    n_points = sweep->n_points;
    points = g_new0(ScnScenario *, n_points);
    const MdlConfig **configs = g_new0(const MdlConfig *, n_points);
    guint *idx = g_new0(guint, n_axes);
    GError *err = NULL;
    for (guint p = 0; p < n_points; p++) {
        ana_sweep_point_indices(sweep, p, idx);
        points[p] = scn_scenario_at_point(scn, idx, &err);
        if (points[p] == NULL) {
            fprintf(stderr, "%s\n", err->message);
            g_error_free(err);
            g_free(idx);
            g_free(configs);
            goto out;
        }
        configs[p] = scn_scenario_config(points[p]);
    }
    g_free(idx);
    char *sha, *yaml = cli_scenario_text(scn, &sha);
    if (resume && g_file_test(output, G_FILE_TEST_EXISTS)) {
        int taken = ana_sweep_resume(sweep, output, sha, configs, timing, &err);
        if (taken < 0) {
            fprintf(stderr, "hapgsim sweep: %s\n", err->message);
            g_error_free(err);
            g_free(sha);
            g_free(yaml);
            g_free(configs);
            goto out;
        }
        if (!quiet)
            fprintf(stderr, "hapgsim sweep: resuming: %d of %u points already done\n", taken, n_points);
    }
    /* the points still to run, all their replications in one pool */
    guint n_run = 0;
    const MdlConfig **to_run = g_new0(const MdlConfig *, n_points);
    guint *run_point = g_new0(guint, n_points), *first = g_new0(guint, n_points), *count = g_new0(guint, n_points);
    for (guint p = 0; p < n_points; p++) {
        if (ana_sweep_point_complete(sweep, p))
            continue;
        to_run[n_run] = configs[p];
        run_point[n_run] = p;
        count[n_run] = configs[p]->replications;
        n_run++;
    }
    AnaRun **runs = n_run ? ana_run_studies(to_run, first, count, n_run, &ro.run) : NULL;
    cli_progress_end(&ro.progress);
    for (guint k = 0; k < n_run; k++) {
        ana_run_free(sweep->runs[run_point[k]]);
        sweep->runs[run_point[k]] = runs[k];
    }
    g_free(runs);
    g_free(to_run);
    g_free(run_point);
    g_free(first);
    g_free(count);
    g_free(configs);

    guint complete = 0;
    for (guint p = 0; p < n_points; p++)
        complete += ana_sweep_point_complete(sweep, p);
    const MdlConfig *base = scn_scenario_config(scn);
    AnaReportInfo info = {.version = HAPGSIM_VERSION, .scenario_name = base->name,
                          .scenario_yaml = yaml, .scenario_sha256 = sha, .seed = base->seed,
                          .warmup_s = sim_time_to_s(base->warmup),
                          .duration_s = sim_time_to_s(base->duration),
                          .interrupted = complete < n_points};
    char *text = fmt == CLI_JSON ? ana_sweep_json(sweep, &info)
               : fmt == CLI_CSV  ? ana_sweep_csv(sweep)
                                 : ana_sweep_text(sweep, &info, (const char *const *)metrics);
    if (!ana_write_output(output, text, &err)) {
        fprintf(stderr, "hapgsim sweep: %s\n", err->message);
        g_error_free(err);
    } else {
        status = complete < n_points ? cli_interrupt_status() : 0;
        if (complete < n_points && !quiet)
            fprintf(stderr, "hapgsim sweep: interrupted: %u of %u points finished and written%s\n",
                    complete, n_points, fmt == CLI_JSON && output ? "; --resume continues" : "");
    }
    g_free(text);
    g_free(sha);
    g_free(yaml);
out:
    for (guint p = 0; points && p < n_points; p++)
        scn_scenario_free(points[p]);
    g_free(points);
    ana_sweep_free(sweep);
    scn_scenario_free(scn);
    g_strfreev(sweeps);
    g_strfreev(sets);
    g_strfreev(metrics);
    g_free(reps);
    g_free(seed);
    g_free(output);
    g_free(format);
    return status;
}
