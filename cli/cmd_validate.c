/* cli/cmd_validate.c - `hapgsim validate`: load and check scenarios, optionally print
 * their canonical form. */
#include "cli/commands.h"
#include "cli/common.h"
#include "scenarios/scenario.h"
#include "analysis/expect.h"

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
        /* expect: bounds that no run can decide (a warning: the file is valid) */
        for (guint k = 0; k < scn_scenario_n_expect(s); k++) {
            const ScnExpect *e = scn_scenario_expect(s, k);
            AnaBound b = {e->metric, e->has_min, e->has_max, e->min, e->max};
            const char *why = ana_bound_undecidable(&b, scn_scenario_config(s));
            if (why)
                fprintf(stderr, "%s: warning: expect: %s: %s\n", argv[i],
                        e->metric, why);
        }
        if (print) {
            char *text = scn_scenario_print(s);
            if (printed++)
                fputs("---\n", stdout);
            fputs(text ? text : "", stdout);
            g_free(text);
            fprintf(stderr, "%s: ok\n", argv[i]);
        } else {
            printf("%s: ok\n", argv[i]);
        }
        scn_scenario_free(s);
    }
    fflush(stdout);
    return status;
}
