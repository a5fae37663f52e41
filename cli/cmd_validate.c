/* cli/cmd_validate.c - `hapgsim validate`: load and check scenarios, optionally print
 * their canonical form. */
#include "cli/commands.h"
#include "cli/common.h"
#include "analysis/output.h"
#include "cli/cost.h"
#include "scenarios/scenario.h"
#include "analysis/expect.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

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
                   "Check scenario files (- for the standard input) as `run` and `sweep` would load\n"
                   "them, expect: metric "
                   "names included.\n\nExit status: 0 when every file is valid, 2 otherwise.  "
                   "See docs/scenario-reference.md.",
                   entries, &argc, &argv))
        return 2;
    if (argc < 2) {
        fprintf(stderr, "hapgsim validate: no scenario file given "
                        "(usage: hapgsim validate FILE... [--print] [--set PATH=VALUE]...)\n");
        return 2;
    }

    /* stdout through an AnaOutput: a failed write (a full disk, a closed pipe) is an
     * error, not an ok */
    AnaOutput *out = ana_output_open("-", NULL, NULL);
    GString *oks = g_string_new(NULL);  /* with --print, said once the text is out */
    int status = 0, printed = 0;
    for (int i = 1; i < argc; i++) {
        const char *name = cli_input_name(argv[i]);   /* as in errors */
        ScnScenario *s = cli_load(argv[i], sets, NULL, NULL, sweeps);
        if (s == NULL) {
            status = 2;
            continue;
        }
        CliCost cost;
        cli_cost(s, &cost);
        g_autofree char *estimate = cli_cost_text(&cost);
        /* traps in a valid file (docs/scenario-reference.md, "Warnings") */
        for (guint k = 0; k < scn_scenario_n_warnings(s); k++)
            fprintf(stderr, "%s\n", scn_scenario_warning(s, k));
        /* expect: bounds that no run can decide (a warning: the file is valid) */
        for (guint k = 0; k < scn_scenario_n_expect(s); k++) {
            const ScnExpect *e = scn_scenario_expect(s, k);
            AnaBound b = {e->metric, e->has_min, e->has_max, e->min, e->max};
            const char *why = ana_bound_undecidable(&b, scn_scenario_config(s));
            if (why)
                fprintf(stderr, "%s: warning: expect: %s: %s\n", name,
                        e->metric, why);
        }
        if (print) {
            char *text = scn_scenario_print(s);
            if (printed++)
                ana_output_puts(out, "---\n");
            ana_output_puts(out, text ? text : "");
            g_free(text);
            g_string_append_printf(oks, "%s: ok\n  estimate: %s\n", name, estimate);
        } else {
            ana_output_printf(out, "%s: ok\n  estimate: %s\n", name, estimate);
            ana_output_flush(out);           /* in step with the errors on stderr */
        }
        scn_scenario_free(s);
    }
    GError *err = NULL;
    if (!ana_output_commit(out, &err)) {
        fprintf(stderr, "hapgsim validate: %s\n", err->message);
        g_error_free(err);
        status = 2;
    } else {
        fputs(oks->str, stderr);
    }
    g_string_free(oks, TRUE);
    return status;
}
