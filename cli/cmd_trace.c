/* cli/cmd_trace.c - `hapgsim trace`: one replication's state changes, JSON Lines. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/report.h"
#include "analysis/trace.h"
#include "models/group.h"
#include "sim/rng.h"

#include <stdio.h>

int cli_trace(int argc, char **argv)
{
    char *seed = NULL, *output = NULL;
    int replication = 0;
    char **sets = NULL;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the trace here (whole or not at all); default stdout", "FILE"},
        {"replication", 0, 0, G_OPTION_ARG_INT, &replication, "Which replication to trace (default 0: the first of a run)", "K"},
        {"seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Master seed (overrides the scenario's)", "SEED"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario value (repeatable)", "PATH=VALUE"},
        G_OPTION_ENTRY_NULL,
    };
    int status = 2;
    ScnScenario *scn = NULL;
    if (!cli_parse("trace", "SCENARIO.yaml",
                   "Write one replication's state changes as JSON Lines: faults, member states,\n"
                   "views, recovery attempts, synchronizations, outages, operator actions.",
                   entries, &argc, &argv))
        goto out;
    if (argc != 2 || replication < 0) {
        fprintf(stderr, "hapgsim trace: give exactly one scenario file and --replication >= 0\n");
        goto out;
    }
    scn = cli_load(argv[1], sets, seed, NULL, NULL);
    if (scn == NULL)
        goto out;
    const MdlConfig *cfg = scn_scenario_config(scn);
    const char *inputs[] = {argv[1], NULL};
    GError *err = NULL;
    AnaOutput *out = ana_output_open(output, inputs, &err);   /* checked before simulating */
    if (out == NULL) {
        fprintf(stderr, "hapgsim trace: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    AnaTrace *trace = ana_trace_new(cfg);
    MdlObserver obs = ana_trace_observer(trace);
    MdlGroup *g = mdl_group_new(cfg, sim_rng_replication_seed(cfg->seed, (uint64_t)replication), &obs);
    mdl_group_set_interrupt_flag(g, cli_interrupt_flag());
    mdl_group_run(g, cfg->duration);
    gboolean interrupted = mdl_group_now(g) < cfg->duration;
    if (interrupted)
        ana_trace_interrupted(trace, mdl_group_now(g));   /* the last line says so */
    mdl_group_free(g);
    const GString *text = ana_trace_text(trace);
    ana_output_write(out, text->str, text->len);
    if (!ana_output_commit(out, &err)) {
        fprintf(stderr, "hapgsim trace: %s\n", err->message);
        g_error_free(err);
    } else {
        status = interrupted ? cli_interrupt_status() : 0;
    }
    ana_trace_free(trace);
out:
    scn_scenario_free(scn);
    g_free(seed);
    g_free(output);
    g_strfreev(sets);
    return status;
}
