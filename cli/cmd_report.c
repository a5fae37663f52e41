/* cli/cmd_report.c - `hapgsim report RESULT.json [MORE.json...]`: results as one HTML
 * page with charts (analysis/html-report.h), and a tidy summary CSV. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/html-report.h"
#include "analysis/json-read.h"
#include "analysis/metrics.h"
#include "sim/rng.h"
#include "sim/time.h"

#include <stdio.h>
#include <string.h>

/* a trace given with --trace is at most this large */
#define TRACE_MAX_BYTES ((gsize)1 << 30)

/* The scenario the results were made with, from the canonical YAML they hold (NULL
 * when they hold none, or it no longer loads). */
static ScnScenario *results_scenario(const AnaHtmlReport *r, GError **error)
{
    const char *yaml = ana_html_report_yaml(r);
    if (yaml == NULL)
        return NULL;
    ScnOptions opts = {.metric_known = ana_metric_known};
    return scn_load_string(yaml, strlen(yaml), "the results' scenario", &opts, error);
}

/* The trace of replication k of the run result: from `trace_path`, or made again from
 * the scenario the result holds. */
static gboolean add_timeline(AnaHtmlReport *r, const char *first, guint k, const char *trace_path,
                             const ScnScenario *scn)
{
    const char *sha, *seed;
    const char *yaml = ana_html_report_run_yaml(r, &sha, &seed);
    if (seed == NULL) {
        fprintf(stderr, "hapgsim report: --timeline needs the result of a run (hapgsim run --format json)\n");
        return FALSE;
    }
    double duration = scn ? sim_time_to_s(scn_scenario_config(scn)->duration) : -1;
    GError *err = NULL;
    if (trace_path) {
        char *data = NULL;
        gsize len = 0;
        gboolean ok = ana_json_read_file(trace_path, TRACE_MAX_BYTES, &data, &len, &err) &&
                      ana_html_report_add_timeline(r, trace_path, k, data, len, duration, &err);
        g_free(data);
        if (!ok) {
            fprintf(stderr, "hapgsim report: --trace: %s\n", err->message);
            g_error_free(err);
        }
        return ok;
    }
    if (yaml == NULL || scn == NULL) {
        fprintf(stderr, "hapgsim report: %s: no trace for --timeline %u: the result holds no scenario "
                        "to run the replication again; give its trace with --trace FILE "
                        "(hapgsim trace --replication %u)\n", first, k, k);
        return FALSE;
    }
    const MdlConfig *cfg = scn_scenario_config(scn);
    char text[32];
    g_snprintf(text, sizeof text, "%" G_GUINT64_FORMAT, sim_rng_replication_seed(cfg->seed, k));
    char *again = NULL;
    g_free(cli_scenario_text(scn, &again));
    gboolean same = g_strcmp0(again, sha) == 0;
    g_free(again);
    if (!same) {
        fprintf(stderr, "hapgsim report: %s: no trace for --timeline %u: the scenario it holds no "
                        "longer loads to the same sha256 with this version; give the trace with "
                        "--trace FILE\n", first, k);
        return FALSE;
    }
    if (!ana_html_report_run_has(r, k, text)) {
        fprintf(stderr, "hapgsim report: no trace for --timeline %u: the run result has no "
                        "replication %u (with seed %s)\n", k, k, text);
        return FALSE;
    }
    gboolean interrupted;
    GString *trace = cli_trace_replication(cfg, k, &interrupted);
    gboolean ok = !interrupted &&
                  ana_html_report_add_timeline(r, "the trace", k, trace->str, trace->len, duration, &err);
    g_string_free(trace, TRUE);
    if (!ok && !interrupted) {
        fprintf(stderr, "hapgsim report: %s\n", err->message);
        g_error_free(err);
    }
    return ok;
}

int cli_report(int argc, char **argv)
{
    char *output = NULL, *csv = NULL, *trace = NULL;
    char **metrics = NULL;
    int timeline = -1;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the HTML page here (whole or not at all); default stdout", "FILE"},
        {"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "Also write the tidy summary: one row per metric with mean, stddev, lower, upper, n", "FILE"},
        {"metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &metrics, "A metric to draw against the sweep axes (repeatable)", "METRIC"},
        {"timeline", 0, 0, G_OPTION_ARG_INT, &timeline, "Add the timeline of this replication of the run", "K"},
        {"trace", 0, 0, G_OPTION_ARG_FILENAME, &trace, "With --timeline: its trace (hapgsim trace), instead of running it again", "FILE"},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    AnaHtmlReport *r = NULL;
    ScnScenario *scn = NULL;
    AnaOutput *out = NULL, *csv_out = NULL;
    if (!cli_parse("report", "RESULT.json [MORE.json...]",
                   "Write results of run, sweep or compare (their JSON) as one self-contained HTML\n"
                   "page with charts: metrics and expect: verdicts, availability, member uptimes,\n"
                   "outages, latency, sweep curves, the comparison's forest plot, and with\n"
                   "--timeline one replication's timeline.  It opens offline.",
                   entries, &argc, &argv))
        goto out;
    if (argc < 2) {
        fprintf(stderr, "hapgsim report: give at least one result file (usage: hapgsim report RESULT.json [MORE.json...] -o report.html)\n");
        goto out;
    }
    if (trace && timeline < 0) {
        fprintf(stderr, "hapgsim report: --trace goes with --timeline K\n");
        goto out;
    }
    if (timeline < -1) {
        fprintf(stderr, "hapgsim report: --timeline must be a replication number >= 0 (got %d)\n", timeline);
        goto out;
    }
    for (char **m = metrics; m && *m; m++)
        if (!g_str_has_prefix(*m, "member.") && ana_metric_kind(*m) == ANA_KIND_REAL) {
            fprintf(stderr, "hapgsim report: --metric %s: no such metric (docs/metrics.md)\n", *m);
            goto out;
        }
    /* the outputs are checked first: none may be an input */
    GPtrArray *inputs = g_ptr_array_new();
    for (int i = 1; i < argc; i++)
        g_ptr_array_add(inputs, argv[i]);
    g_ptr_array_add(inputs, trace);
    g_ptr_array_add(inputs, NULL);
    GError *err = NULL;
    out = ana_output_open(output, (const char *const *)inputs->pdata, &err);
    if (out && csv)
        csv_out = ana_output_open(csv, (const char *const *)inputs->pdata, &err);
    g_ptr_array_free(inputs, TRUE);
    if (out == NULL || (csv && csv_out == NULL)) {
        fprintf(stderr, "hapgsim report: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    r = ana_html_report_new();
    for (int i = 1; i < argc; i++) {
        char *data = NULL;
        gsize len = 0;
        gboolean ok = ana_json_read_file(argv[i], ANA_JSON_MAX_BYTES, &data, &len, &err) &&
                      ana_html_report_add(r, argv[i], data, (gssize)len, &err);
        g_free(data);
        if (!ok) {
            fprintf(stderr, "hapgsim report: %s\n", err->message);
            g_error_free(err);
            goto out;
        }
    }
    scn = results_scenario(r, &err);
    if (err) {
        /* the header then lacks description and window; a timeline needs --trace */
        fprintf(stderr, "hapgsim report: note: the results' scenario does not load with this version "
                        "(%s); the header shows what the results hold\n", err->message);
        g_clear_error(&err);
    }
    if (scn)
        cli_report_scenario(r, scn);
    ana_html_report_set_metrics(r, (const char *const *)metrics);
    if (timeline >= 0 && !add_timeline(r, argv[1], (guint)timeline, trace, scn)) {
        if (cli_interrupt_flag() && g_atomic_int_get(cli_interrupt_flag()))
            status = cli_interrupt_status();
        goto out;
    }
    ana_html_report_write(r, out);
    if (csv_out)
        ana_html_report_csv_write(r, csv_out);
    gboolean written = ana_output_commit(out, &err);
    out = NULL;
    if (written && csv_out) {
        written = ana_output_commit(csv_out, &err);
        csv_out = NULL;
    }
    if (!written) {
        fprintf(stderr, "hapgsim report: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    status = 0;
out:
    ana_output_abort(out);
    ana_output_abort(csv_out);
    ana_html_report_free(r);
    scn_scenario_free(scn);
    g_free(output);
    g_free(csv);
    g_free(trace);
    g_strfreev(metrics);
    return status;
}
