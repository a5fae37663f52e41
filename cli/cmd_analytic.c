/* cli/cmd_analytic.c - `hapgsim analytic SCENARIO.yaml [--compare]`. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/analytic.h"
#include "analysis/replicate.h"
#include "analysis/report.h"

#include <math.h>
#include <stdio.h>

int cli_analytic(int argc, char **argv)
{
    gboolean compare = FALSE, quiet = FALSE;
    int jobs = 0;
    char **sets = NULL, *reps = NULL, *seed = NULL, *output = NULL;
    GOptionEntry entries[] = {
        {"compare", 'c', 0, G_OPTION_ARG_NONE, &compare, "Also run the simulation and show its 95% interval beside each exact figure", NULL},
        {"replications", 'r', 0, G_OPTION_ARG_STRING, &reps, "Replications for --compare", "N"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed for --compare", "SEED"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads for --compare", "JOBS"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value (repeatable)", "PATH=VALUE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the table here (whole or not at all)", "FILE"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line", NULL},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    ScnScenario *scn = NULL;
    if (!cli_parse("analytic", "SCENARIO.yaml",
                   "Exact figures where the scenario allows them (see docs/commands.md): availability,\n"
                   "outages and uptime for exponential faults with active autoRecovery (retry -1);\n"
                   "mean latency for random balancing over M/M/c members.  Otherwise says why not.",
                   entries, &argc, &argv))
        goto out;
    if (argc != 2) {
        fprintf(stderr, "hapgsim analytic: give exactly one scenario file\n");
        goto out;
    }
    CliRunOptions ro;
    if (!cli_run_options("analytic", jobs, FALSE, quiet, &ro))
        goto out;
    scn = cli_load(argv[1], sets, seed, reps, NULL);
    if (scn == NULL)
        goto out;
    const MdlConfig *cfg = scn_scenario_config(scn);
    const char *inputs[] = {argv[1], NULL};
    AnaOutput *out = cli_output_open("analytic", output, inputs);   /* checked before simulating */
    if (out == NULL)
        goto out;
    AnaAnalytic *an = ana_analytic_new(cfg);
    AnaRun *run = NULL;
    if (compare) {
        run = ana_run_replications(cfg, 0, cfg->replications, &ro.run);
        cli_progress_end(&ro.progress);
    }
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%s: exact figures\n\n", cfg->name);
    g_string_append_printf(s, "%-34s %14s", "metric", "exact");
    if (run)
        g_string_append_printf(s, "   %-32s %s", "simulated (95% interval)", "");
    g_string_append_c(s, '\n');
    for (guint i = 0; i < an->exact->len; i++) {
        const AnaExact *e = &g_array_index(an->exact, AnaExact, i);
        GString *v = g_string_new(NULL);
        ana_format_value(v, e->value);
        g_string_append_printf(s, "%-34s %14s", e->metric, v->str);
        if (run) {
            int idx = ana_metric_set_find(run->metrics, e->metric);
            AnaAggregate a = ANA_AGGREGATE_NONE;
            GString *iv = g_string_new(NULL);
            if (idx >= 0) {
                ana_run_aggregate(run, (guint)idx, &a);
                if (a.estimable) {
                    ana_format_estimate(iv, a.mean, a.lo, a.hi);
                } else {                      /* the mean, and why there is no interval */
                    ana_format_value(iv, a.mean);
                    g_string_append(iv, a.n >= 2 ? " (not estimable: all equal)" : " (one replication)");
                }
            } else {
                g_string_append(iv, "-");        /* not a metric the simulation measures */
            }
            const char *inside = isnan(a.lo) || isnan(e->value) ? "" :
                                 (a.lo <= e->value && e->value <= a.hi) ? "inside" : "OUTSIDE";
            g_string_append_printf(s, "   %-32s %s", iv->str, inside);
            g_string_free(iv, TRUE);
        }
        g_string_append_c(s, '\n');
        g_string_free(v, TRUE);
    }
    if (an->availability_why)
        g_string_append_printf(s, "%-34s no closed form: %s\n", "availability, outages", an->availability_why);
    if (an->uptime_why)
        g_string_append_printf(s, "%-34s no closed form: %s\n", "member uptime", an->uptime_why);
    if (an->latency_why)
        g_string_append_printf(s, "%-34s no closed form: %s\n", "latency, throughput", an->latency_why);
    gboolean interrupted = run && run->completed < run->n;
    if (interrupted)
        g_string_append_printf(s, "\ninterrupted: the simulated figures come from %u of %u replications\n",
                               run->completed, run->n);
    ana_output_write(out, s->str, s->len);
    GError *err = NULL;
    if (!ana_output_commit(out, &err)) {
        fprintf(stderr, "hapgsim analytic: %s\n", err->message);
        g_error_free(err);
    } else {
        status = interrupted ? cli_interrupt_status() : 0;
    }
    g_string_free(s, TRUE);
    ana_run_free(run);
    ana_analytic_free(an);
out:
    scn_scenario_free(scn);
    g_strfreev(sets);
    g_free(reps);
    g_free(seed);
    g_free(output);
    return status;
}
