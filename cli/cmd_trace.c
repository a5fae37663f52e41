/* cli/cmd_trace.c - `hapgsim trace`: one replication's state changes, JSON Lines. */
#include "cli/commands.h"
#include "cli/common.h"

#include "analysis/report.h"

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
    AnaOutput *out = cli_output_open("trace", output, inputs);   /* checked before simulating */
    if (out == NULL)
        goto out;
    gboolean interrupted;
    GString *text = cli_trace_replication(cfg, (guint64)replication, &interrupted);
    ana_output_write(out, text->str, text->len);
    g_string_free(text, TRUE);
    GError *err = NULL;
    if (!ana_output_commit(out, &err)) {
        fprintf(stderr, "hapgsim trace: %s\n", err->message);
        g_error_free(err);
    } else {
        status = interrupted ? cli_interrupt_status() : 0;
    }
out:
    scn_scenario_free(scn);
    g_free(seed);
    g_free(output);
    g_strfreev(sets);
    return status;
}
