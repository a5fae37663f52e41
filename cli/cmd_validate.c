/* cli/cmd_validate.c - `hapgsim validate`: load and check scenarios, optionally print
 * their canonical form. */
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/cost.h"
#include "scenarios/scenario.h"

#include <glib.h>
#include <stdio.h>

int cli_validate(int argc, char **argv)
{
    gboolean print = FALSE;
    g_auto(GStrv) sets = NULL;
    g_auto(GStrv) sweeps = NULL;
    GOptionEntry entries[] = {
        {"print", 'p', 0, G_OPTION_ARG_NONE, &print,
         "Write each scenario's canonical YAML to stdout", NULL},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
         "Override one value before checking (repeatable)", "PATH=VALUE"},
        {"sweep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sweeps,
         "Add a sweep axis, checked value by value (repeatable)", "PATH=V1,V2,..."},
        G_OPTION_ENTRY_NULL,
    };
    if (!cli_parse("validate", "FILE...",
                   "Check scenario files as `run` and `sweep` would load them, expect: metric "
                   "names included.\n\nExit status: 0 when every file is valid, 2 otherwise.  "
                   "See docs/scenario-reference.md.",
                   entries, &argc, &argv))
        return 2;
    if (argc < 2) {
        fprintf(stderr, "hapgsim validate: no scenario file given "
                        "(usage: hapgsim validate FILE... [--print] [--set PATH=VALUE]...)\n");
        return 2;
    }

    int status = 0, printed = 0;
    for (int i = 1; i < argc; i++) {
        ScnScenario *s = cli_load(argv[i], sets, NULL, NULL, sweeps);
        if (s == NULL) {
            status = 2;
            continue;
        }
        CliCost cost;
        cli_cost(s, &cost);
        g_autofree char *estimate = cli_cost_text(&cost);
        if (print) {
            char *text = scn_scenario_print(s);
            if (printed++)
                fputs("---\n", stdout);
            fputs(text ? text : "", stdout);
            g_free(text);
            fprintf(stderr, "%s: ok\n  estimate: %s\n", argv[i], estimate);
        } else {
            printf("%s: ok\n  estimate: %s\n", argv[i], estimate);
        }
        scn_scenario_free(s);
    }
    fflush(stdout);
    return status;
}
