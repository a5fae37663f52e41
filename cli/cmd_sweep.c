/* cli/cmd_sweep.c - `hapgsim sweep`: a study at every point of a grid of values. */
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/dist.h"
#include "version.h"

#include "analysis/sweep.h"
#include "sim/time.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_POINTS 100000

typedef struct {
    AnaSweepJournal *journal;
    const guint *point;          /* [range]: the point each range of replications is of */
} SweepJournaling;

static void journal_finished(guint range, guint k, const AnaRun *run, uint64_t events, void *data)
{
    const SweepJournaling *jl = data;
    ana_sweep_journal_record(jl->journal, jl->point[range], run, k, events);
}

int cli_sweep(int argc, char **argv)
{
    char **sweeps = NULL, **sets = NULL, **metrics = NULL;
    char *reps = NULL, *seed = NULL, *output = NULL, *format = NULL, *report = NULL;
    int jobs = 0;
    gboolean resume = FALSE, quiet = FALSE, timing = FALSE;
    CliDist dist = {0};
    GOptionEntry entries[] = {
        {"sweep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sweeps, "Add an axis (repeatable); values typed as in YAML", "PATH=V1,V2,..."},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value at every point (repeatable)", "PATH=VALUE"},
        {"replications", 'r', 0, G_OPTION_ARG_STRING, &reps, "Replications per point", "N"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed (every point uses the same replication seeds)", "SEED"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: the processors); results do not depend on it", "JOBS"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the results here (whole or not at all)", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), json or csv; .json/.csv output names imply it", "FORMAT"},
        {"metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &metrics, "Metrics in the text table and the --report charts (repeatable)", "METRIC"},
        CLI_REPORT_ENTRY(report),
        {"resume", 0, 0, G_OPTION_ARG_NONE, &resume, "Continue the interrupted sweep in the -o FILE (JSON)", NULL},
        {"timing", 0, 0, G_OPTION_ARG_NONE, &timing, "Report engine.events_per_s (wall clock)", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line on stderr", NULL},
        CLI_DIST_ENTRIES(dist),
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    ScnScenario *scn = NULL;
    ScnScenario **points = NULL;
    AnaSweep *sweep = NULL;
    AnaOutput *out = NULL, *report_out = NULL;
    AnaSweepJournal *journal = NULL;
    char *sha = NULL, *yaml = NULL;
    const MdlConfig **configs = NULL;
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
    if (resume && (output == NULL || strcmp(output, "-") == 0)) {
        fprintf(stderr, "hapgsim sweep: --resume needs -o FILE (the output of the sweep to continue)\n");
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
    sweep = cli_sweep_new("sweep", scn, MAX_POINTS);
    if (sweep == NULL)
        goto out;

    n_points = sweep->n_points;
    points = g_new0(ScnScenario *, n_points);
    configs = g_new0(const MdlConfig *, n_points);
    guint *idx = g_new0(guint, n_axes);
    GError *err = NULL;
    for (guint p = 0; p < n_points; p++) {
        ana_sweep_point_indices(sweep, p, idx);
        points[p] = scn_scenario_at_point(scn, idx, &err);
        if (points[p] == NULL) {
            fprintf(stderr, "%s\n", err->message);
            g_error_free(err);
            g_free(idx);
            goto out;
        }
        configs[p] = scn_scenario_config(points[p]);
    }
    g_free(idx);
    yaml = cli_scenario_text(scn, &sha);
    const MdlConfig *base = scn_scenario_config(scn);
    AnaReportInfo info = {.version = HAPGSIM_VERSION, .scenario_name = base->name,
                          .scenario_yaml = yaml, .scenario_sha256 = sha, .seed = base->seed,
                          .warmup_s = sim_time_to_s(base->warmup),
                          .duration_s = sim_time_to_s(base->duration)};
    /* a shard of the sweep (cli/dist.h): its units into --out DIR */
    if (cli_dist_requested(&dist)) {
        /* --resume is allowed and changes nothing: a shard always goes on from its file */
        if (report || timing || metrics) {
            fprintf(stderr, "hapgsim sweep: --report, --timing and --metric do not go with "
                            "shards (hapgsim merge writes the results)\n");
            goto out;
        }
        status = cli_dist_run("sweep", &dist, "sweep", configs, n_points, &info, &ro, output,
                              format, quiet);
        goto out;
    }
    /* where the results go, checked before simulating */
    const char *inputs[] = {argv[1], NULL};
    if (!cli_outputs_open("sweep", output, report, inputs, &out, &report_out))
        goto out;
    if (resume && ana_output_file(out) == NULL) {
        fprintf(stderr, "hapgsim sweep: --resume needs -o FILE to be a regular file (%s is not)\n", output);
        goto out;
    }
    /* every finished replication is journaled beside a file output, so that a sweep
     * killed in any way can be resumed */
    if (ana_output_file(out)) {
        char *jpath = g_strconcat(ana_output_file(out), ".hapgsim-journal", NULL);
        gboolean have_journal = resume && g_file_test(jpath, G_FILE_TEST_EXISTS);
        if (!resume && !quiet && g_file_test(jpath, G_FILE_TEST_EXISTS))
            fprintf(stderr, "hapgsim sweep: starting over: %s, the journal of an unfinished "
                            "sweep, is replaced (--resume would have continued it)\n", jpath);
        long taken_reps = 0;
        int taken_points = 0;
        if (resume && !have_journal && g_file_test(ana_output_file(out), G_FILE_TEST_EXISTS)) {
            if (fmt != CLI_JSON) {
                fprintf(stderr, "hapgsim sweep: --resume: no journal %s, and %s is not JSON: "
                                "nothing to resume from\n", jpath, output);
                g_free(jpath);
                goto out;
            }
            taken_points = ana_sweep_resume(sweep, ana_output_file(out), sha, configs, timing, &err);
            if (taken_points < 0) {
                fprintf(stderr, "hapgsim sweep: %s\n", err->message);
                g_error_free(err);
                g_free(jpath);
                goto out;
            }
        }
        journal = ana_sweep_journal_open(sweep, jpath, &info, configs, timing, have_journal,
                                         &taken_reps, &err);
        g_free(jpath);
        if (journal == NULL) {
            fprintf(stderr, "hapgsim sweep: %s\n", err->message);
            g_error_free(err);
            goto out;
        }
        for (guint p = 0; p < n_points; p++)       /* what the old output held */
            if (!have_journal && sweep->runs[p])
                ana_sweep_journal_record_run(journal, p, sweep->runs[p]);
        if (resume && !quiet) {
            guint64 total = 0;
            for (guint p = 0; p < n_points; p++)
                total += configs[p]->replications;
            if (have_journal)
                fprintf(stderr, "hapgsim sweep: resuming: %ld of %" G_GUINT64_FORMAT
                                " replications already done\n", taken_reps, total);
            else
                fprintf(stderr, "hapgsim sweep: resuming: %d of %u points already done\n",
                        taken_points, n_points);
        }
    }
    /* the replications still to run: each point's unfinished ones, in contiguous
     * ranges, all in one pool */
    for (guint p = 0; p < n_points; p++)
        if (sweep->runs[p] == NULL)
            sweep->runs[p] = ana_run_new(configs[p], 0, configs[p]->replications, timing);
    GArray *seg_point = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *seg_first = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *seg_count = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *seg_config = g_array_new(FALSE, FALSE, sizeof(const MdlConfig *));
    for (guint p = 0; p < n_points; p++) {
        const AnaRun *have = sweep->runs[p];
        for (guint r = 0; r < have->n;) {
            if (have->done[r]) {
                r++;
                continue;
            }
            guint f = r;
            while (r < have->n && !have->done[r])
                r++;
            guint c = r - f, first_rep = have->first + f;
            g_array_append_val(seg_point, p);
            g_array_append_val(seg_first, first_rep);
            g_array_append_val(seg_count, c);
            g_array_append_val(seg_config, configs[p]);
        }
    }
    guint n_seg = seg_point->len;
    SweepJournaling jl = {journal, (const guint *)seg_point->data};
    if (journal) {
        ro.run.finished = journal_finished;
        ro.run.finished_data = &jl;
    }
    AnaRun **runs = n_seg ? ana_run_studies((const MdlConfig *const *)(void *)seg_config->data,
                                            (const guint *)seg_first->data,
                                            (const guint *)seg_count->data, n_seg, &ro.run)
                          : NULL;
    cli_progress_end(&ro.progress);
    for (guint k = 0; k < n_seg; k++) {            /* each range into its point's run */
        AnaRun *dst = sweep->runs[g_array_index(seg_point, guint, k)], *src = runs[k];
        guint m = dst->metrics->n;
        for (guint i = 0; i < src->n; i++) {
            if (!src->done[i])
                continue;
            guint r = src->first + i - dst->first;
            memcpy(&dst->values[(size_t)r * m], &src->values[(size_t)i * m], m * sizeof(double));
            dst->done[r] = TRUE;
            dst->completed++;
        }
        dst->events += src->events;
        dst->wall_s = src->wall_s;
        ana_run_free(src);
    }
    g_free(runs);
    g_array_free(seg_point, TRUE);
    g_array_free(seg_first, TRUE);
    g_array_free(seg_count, TRUE);
    g_array_free(seg_config, TRUE);

    guint complete = 0;
    for (guint p = 0; p < n_points; p++)
        complete += ana_sweep_point_complete(sweep, p);
    info.interrupted = complete < n_points;
    if (fmt == CLI_JSON) {
        ana_sweep_json_write(out, sweep, &info);          /* streamed */
    } else if (fmt == CLI_CSV) {
        ana_sweep_csv_write(out, sweep);
    } else {
        char *text = ana_sweep_text(sweep, &info, (const char *const *)metrics);
        ana_output_puts(out, text);
        g_free(text);
    }
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (!written) {
        fprintf(stderr, "hapgsim sweep: %s\n", err->message);
        g_error_free(err);
    } else {
        status = complete < n_points ? cli_interrupt_status() : 0;
        if (report_out) {
            char *json = ana_sweep_json(sweep, &info);
            if (!cli_report_write("sweep", report_out, cli_input_name(argv[1]), json, scn,
                                  (const char *const *)metrics, NULL))
                status = 2;
            report_out = NULL;
            g_free(json);
        }
        if (complete < n_points && !quiet)
            fprintf(stderr, "hapgsim sweep: interrupted: %u of %u points finished and written%s\n",
                    complete, n_points, journal ? "; --resume continues" : "");
    }
    /* the journal goes once the whole sweep is safely in the output */
    if (!ana_sweep_journal_close(journal, written && complete == n_points, &err)) {
        fprintf(stderr, "hapgsim sweep: warning: the journal is incomplete: %s\n", err->message);
        g_error_free(err);
    }
    journal = NULL;
out:
    ana_output_abort(out);
    ana_output_abort(report_out);
    ana_sweep_journal_close(journal, FALSE, NULL);
    g_free(configs);
    g_free(sha);
    g_free(yaml);
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
    g_free(report);
    cli_dist_clear(&dist);
    return status;
}
